"""Keyness and collocations: which terms distinguish a group, which words go together.

:func:`keyness` scores each term of each group (outlet or document) against the rest of the
corpus with the signed log-likelihood :func:`log_likelihood_g2` and a tf-idf;
:func:`collocations` scores bigrams with NLTK's ``BigramAssocMeasures``. Both come from a
tokens table here, or from the combined counts of a corpus read in batches through
:class:`analysis.counts.TermCounts`; the two paths share the final step of each table
(``_keyness_table``, ``_collocations_table``), so they give identical tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._columns import check_choice, codes, per_1k, sorted_rows
from ._tallies import distinct_ngrams, group_term_table, outlet_term_table, word_counts
from .frames import require_columns

__all__ = ["log_likelihood_g2", "keyness", "collocations"]

_MEASURES = ("likelihood_ratio", "pmi", "chi_sq", "student_t", "dice", "jaccard",
             "poisson_stirling", "phi_sq", "raw_freq")


def log_likelihood_g2(a, b, c, d):
    """Signed log-likelihood G² (Rayson & Garside 2000), vectorised.

    With expected counts ``E1 = c(a+b)/(c+d)`` and ``E2 = d(a+b)/(c+d)``,
    ``G² = 2(a ln(a/E1) + b ln(b/E2))`` (0 ln 0 = 0).

    Parameters
    ----------
    a, b : array_like
        Count of the term in the target / the reference.
    c, d : array_like
        Token totals of the target / the reference.

    Returns
    -------
    numpy.ndarray
        G², positive when the target over-uses the term (a/c > b/d), negative otherwise;
        0 where both totals are 0.

    Examples
    --------
    >>> round(float(log_likelihood_g2(10, 5, 100, 200)), 3)
    6.931
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    total = c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        e1 = c * (a + b) / total
        e2 = d * (a + b) / total
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0)
                  + np.where(b > 0, b * np.log(b / e2), 0.0))
    g2 = np.where(total > 0, g2, 0.0)
    return np.where(a * d < b * c, -g2, g2)


# --------------------------------------------------------------------------- keyness

def keyness(tokens: pd.DataFrame, by: str = "outlet", min_count: int = 3) -> pd.DataFrame:
    """Distinctive terms of each group against the rest of the corpus.

    ``keyness_g2`` is the signed log-likelihood of :func:`log_likelihood_g2` (reference =
    all other groups); ``tf_idf`` treats each group as one document, as scikit-learn's
    ``TfidfTransformer()`` defaults do: raw count x (ln((1+n)/(1+df)) + 1),
    L2-normalised over the group's terms.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of :func:`analysis.tokens.tokenize` (columns ``token`` and ``by`` used).
    by : str
        The group column (``"outlet"`` or ``"doc_id"``).
    min_count : int
        Keep the terms a group uses at least this many times.

    Returns
    -------
    pandas.DataFrame
        ``<by>, term, count, per_1k, keyness_g2, tf_idf``, sorted by group, G² (descending)
        and term.

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata senjata AS", "senjata AS AS AS"]})
    >>> keyness(tokenize(texts), min_count=1)[["outlet", "term", "keyness_g2"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['X', 'senjata', 0.689], ['X', 'amerika_serikat', -0.554],
     ['Y', 'amerika_serikat', 0.554], ['Y', 'senjata', -0.689]]
    """
    require_columns(tokens, ["token", by], "keyness", "tokens")
    return _keyness_table(group_term_table(tokens, by), len(tokens), by, min_count)


def _keyness_from(combined: dict[str, pd.DataFrame], min_count: int) -> pd.DataFrame:
    """:func:`keyness` by outlet, from combined counts (``TermCounts.keyness``)."""
    return _keyness_table(outlet_term_table(combined),
                          int(combined["totals"]["tokens"].sum()), "outlet", min_count)


def _keyness_table(table: pd.DataFrame, total: int, by: str, min_count: int) -> pd.DataFrame:
    """Keyness from ``<by>, term, count, group_total`` and the corpus token total.

    The rows are first put in (group, term) order, so that the floating-point
    sums of the tf-idf norm run in one order whatever the source of the counts.
    """
    table = table.sort_values([by, "term"], key=lambda column: column.astype("str"),
                              kind="stable").reset_index(drop=True)
    a = table["count"].to_numpy()
    c = table["group_total"].to_numpy()
    term_total = table.groupby("term", sort=False)["count"].transform("sum").to_numpy()
    out = table[[by, "term", "count"]].copy()
    out["per_1k"] = per_1k(a, c)
    out["keyness_g2"] = np.round(log_likelihood_g2(a, term_total - a, c, total - c), 3)
    out["tf_idf"] = np.round(_tf_idf(table, by), 6)
    out = out[out["count"] >= min_count]
    return sorted_rows(out, [by, "keyness_g2", "term"], [True, False, True])


def _tf_idf(table: pd.DataFrame, by: str) -> np.ndarray:
    groups = table[by].nunique()
    df = table.groupby("term", sort=False)[by].transform("size").to_numpy()
    weight = table["count"].to_numpy() * (np.log((1 + groups) / (1 + df)) + 1)
    norm = np.sqrt(pd.Series(weight ** 2).groupby(table[by].to_numpy()).transform("sum"))
    return weight / norm.to_numpy()


# --------------------------------------------------------------------------- collocations

def collocations(tokens: pd.DataFrame, min_count: int = 2,
                 measure: str = "likelihood_ratio", top_n: int | None = 50) -> pd.DataFrame:
    """Bigram collocations scored by NLTK.

    Bigrams never cross a sentence; unigram frequencies are counted over all tokens
    given, as NLTK's ``BigramCollocationFinder.from_documents`` does.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens (``doc_id``, ``token``; ``position`` and ``sentence`` when present).
    min_count : int
        Drop bigrams seen fewer times (NLTK's ``apply_freq_filter``).
    measure : str
        A ``BigramAssocMeasures`` statistic: ``likelihood_ratio``, ``pmi``, ``chi_sq``,
        ``student_t``, ``dice``, ``jaccard``, ``poisson_stirling``, ``phi_sq``, ``raw_freq``.
    top_n : int or None
        Keep the best ``top_n`` (None: all).

    Returns
    -------
    pandas.DataFrame
        ``w1, w2, count, score, measure``, best score first (NLTK's order).

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["uji coba nuklir. uji coba rudal. rudal nuklir."]})
    >>> collocations(tokenize(texts))[["w1", "w2", "count"]].values.tolist()
    [['uji', 'coba', 2]]
    """
    require_columns(tokens, ["doc_id", "token"], "collocations", "tokens")
    terms, word_code = codes(tokens["token"])
    word_count = np.bincount(word_code, minlength=len(terms))
    vocabulary, pairs, count, _ = distinct_ngrams(tokens, 2, adjacent_only=False)
    return _collocations_table(terms, word_count, vocabulary[pairs[:, 0]],
                               vocabulary[pairs[:, 1]], count, min_count, measure, top_n)


def _collocations_from(combined: dict[str, pd.DataFrame], min_count: int, measure: str,
                       top_n: int | None) -> pd.DataFrame:
    """:func:`collocations` from combined counts (``TermCounts.collocations``).

    NLTK's finder is built from ``word_fd`` (the ``"terms"`` counts summed
    over outlets) and ``bigram_fd`` (the ``"bigram_fd"`` table).
    """
    from .counts import _filtered

    words = word_counts(combined, "count")
    bigrams = _filtered(combined["bigram_fd"], [("count", ">=", min_count)])  # NLTK's apply_freq_filter
    return _collocations_table(words.index.to_numpy(dtype=object), words.to_numpy(),
                               bigrams["w1"].to_numpy(dtype=object),
                               bigrams["w2"].to_numpy(dtype=object),
                               bigrams["count"].to_numpy(dtype=np.int64),
                               min_count, measure, top_n)


def _collocations_table(words: np.ndarray, word_count: np.ndarray, w1: np.ndarray,
                        w2: np.ndarray, count: np.ndarray, min_count: int, measure: str,
                        top_n: int | None) -> pd.DataFrame:
    """Score the bigrams ``(w1, w2)`` seen ``count`` times, given the unigram counts.

    ``BigramCollocationFinder(word_fd, bigram_fd)`` is built from the counts
    directly; it equals ``from_documents`` on the sentences (tested).
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder  # NLTK imports in about a second:
    from nltk.probability import FreqDist  # only where collocations are scored

    check_choice("measure", measure, _MEASURES)
    word_fd = FreqDist(dict(zip(words.tolist(), word_count.tolist())))
    frequent = count >= min_count  # NLTK's apply_freq_filter, before building the FreqDist
    bigrams = FreqDist(dict(zip(zip(w1[frequent].tolist(), w2[frequent].tolist()),
                                count[frequent].tolist())))
    finder = BigramCollocationFinder(word_fd, bigrams)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))[:top_n]
    return pd.DataFrame({
        "w1": pd.Series([w1 for (w1, _), _ in scored], dtype="str"),
        "w2": pd.Series([w2 for (_, w2), _ in scored], dtype="str"),
        "count": pd.Series([bigrams[pair] for pair, _ in scored], dtype="int64"),
        "score": pd.Series([round(score, 3) for _, score in scored], dtype="float64"),
        "measure": measure,
    })
