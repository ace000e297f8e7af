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
    directly; it equals ``from_documents`` on the sentences (tested). With ``top_n``, NLTK
    scores only the candidates :func:`_candidates` keeps (the same rows, in the same order).
    """
    from .lazy_imports import import_module  # NLTK imports in about a second: only where collocations are scored

    collocations, probability = import_module("nltk.collocations"), import_module("nltk.probability")
    BigramAssocMeasures, BigramCollocationFinder = collocations.BigramAssocMeasures, collocations.BigramCollocationFinder
    FreqDist = probability.FreqDist

    check_choice("measure", measure, _MEASURES)
    word_fd = FreqDist(dict(zip(words.tolist(), word_count.tolist())))
    frequent = count >= min_count  # NLTK's apply_freq_filter, before building the FreqDist
    w1, w2, count = w1[frequent], w2[frequent], count[frequent]
    keep = _candidates(measure, words, word_count, w1, w2, count, top_n)
    if keep is not None:
        w1, w2, count = w1[keep], w2[keep], count[keep]
    bigrams = FreqDist(dict(zip(zip(w1.tolist(), w2.tolist()), count.tolist())))
    finder = BigramCollocationFinder(word_fd, bigrams)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))[:top_n]
    return pd.DataFrame({
        "w1": pd.Series([w1 for (w1, _), _ in scored], dtype="str"),
        "w2": pd.Series([w2 for (_, w2), _ in scored], dtype="str"),
        "count": pd.Series([bigrams[pair] for pair, _ in scored], dtype="int64"),
        "score": pd.Series([round(score, 3) for _, score in scored], dtype="float64"),
        "measure": measure,
    })


def _candidates(measure: str, words: np.ndarray, word_count: np.ndarray, w1: np.ndarray, w2: np.ndarray,
                count: np.ndarray, top_n: int | None) -> np.ndarray | None:
    """The bigrams that can be among NLTK's best ``top_n``, as a boolean mask (None: all).

    NLTK scores one bigram at a time in Python (about 10 µs each: a second for 100,000 bigrams).
    Here every bigram is scored at once with NumPy, by the same formula in floating point, and
    only those within a margin of the ``top_n``-th score are kept for NLTK, which scores and
    orders them itself: its scores and its order decide, the NumPy scores only filter. The
    margin (1e-9 of the score) is far wider than the rounding differences between the two, so
    no bigram of NLTK's ``top_n`` is left out. All bigrams are kept when ``top_n`` is None or
    not smaller than their number, when a word has no unigram count, or when a score is not
    finite (NLTK then decides, or raises, as before).
    """
    if top_n is None or top_n >= len(count) or top_n < 1:
        return None
    index = pd.Index(words)
    if not index.is_unique:  # NLTK's FreqDist keeps the last count of a repeated word: NLTK decides
        return None
    first, second = index.get_indexer(w1), index.get_indexer(w2)
    if (first < 0).any() or (second < 0).any():  # a word without a unigram count: NLTK decides
        return None
    totals = word_count.astype(np.float64)
    n_ix, n_xi = totals[first], totals[second]
    scores = _vector_scores(measure, count.astype(np.float64), n_ix, n_xi, float(totals.sum()))
    if not np.isfinite(scores).all():
        return None
    threshold = np.partition(scores, len(scores) - top_n)[len(scores) - top_n]
    return scores >= threshold - 1e-9 * max(1.0, abs(threshold))


def _vector_scores(measure: str, n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n_xx: float) -> np.ndarray:
    """NLTK's ``BigramAssocMeasures`` statistic for every bigram at once (NumPy arrays of the
    marginals, as ``BigramCollocationFinder.score_ngram`` passes them one by one). The measures
    that are arithmetic only are NLTK's own functions called on the arrays; the three that take
    ``math.log`` (which takes no arrays) are written out with NumPy, term by term as in NLTK."""
    from .lazy_imports import import_module

    association = import_module("nltk.metrics.association")
    _SMALL, BigramAssocMeasures = association._SMALL, association.BigramAssocMeasures

    with np.errstate(all="ignore"):
        if measure == "likelihood_ratio":
            cont = BigramAssocMeasures._contingency(n_ii, (n_ix, n_xi), n_xx)
            total = np.zeros_like(n_ii)
            for i in range(4):
                expected = (cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / n_xx
                total = total + cont[i] * np.log(cont[i] / (expected + _SMALL) + _SMALL)
            return 2 * total
        if measure == "pmi":
            return np.log2(n_ii * n_xx) - np.log2(n_ix * n_xi)
        if measure == "poisson_stirling":
            return n_ii * (np.log2(n_ii / (n_ix * n_xi / n_xx)) - 1)
        return np.asarray(getattr(BigramAssocMeasures, measure)(n_ii, (n_ix, n_xi), n_xx), dtype=np.float64)
