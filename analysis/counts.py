"""Term counts and n-grams: from a tokens table, or from the combined counts of a corpus.

The token-based functions (:func:`term_counts`, :func:`term_counts_by`, :func:`ngrams`) count
a ``tokens`` frame of :func:`analysis.tokens.tokenize`. A corpus too large for one tokens table
is counted in batches (``analysis/engine/partials.py``: ``partial_counts`` per batch, added up
by ``combine_counts``); :class:`TermCounts` wraps those combined counts and gives the same
tables, byte for byte, as the token-based functions on the whole corpus: both paths share one
final step per table, and ``min_count`` is applied to the combined counts. Keyness and
collocations (:mod:`analysis.keyness`) are reached from :class:`TermCounts` in the same way.

Where no step needs the tokens themselves, :func:`count_texts` (the partial counts of a batch)
and :func:`count_words` (:func:`term_counts`) count straight from the tokenizer's chunks,
without a tokens table, positions or a sort of the tokens: the same tables, faster
(the terms stage of ``pipeline.count_terms`` uses :func:`count_texts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._columns import as_texts, codes, count_groups, per_1k, sorted_rows
from ._tallies import (distinct_ngrams, group_term_table, join_words, joined, outlet_term_table, word_column,
                       word_counts)
from .config import BATCH_SIZE
from .engine.partials import TokenStream, ngram_size_list, stream_partials
from .frames import require_columns
from .keyness import _collocations_from, _keyness_from
from .tokens import tokenized

__all__ = ["term_counts", "term_counts_by", "ngrams", "count_words", "count_texts", "TermCounts", "CountParts"]

#: The tables of combined counts and the columns each must have (``"actors"`` is optional).
_COUNT_TABLES = {
    "terms": ["outlet", "term", "count", "documents"],
    "totals": ["outlet", "tokens", "documents"],
    "ngrams": ["n", "count", "documents"],
    "bigram_fd": ["w1", "w2", "count"],
    "ngram_sizes": ["n", "adjacent_only"],
}


# --------------------------------------------------------------------------- from tokens

def term_counts(tokens: pd.DataFrame) -> pd.DataFrame:
    """How often each term occurs, over all tokens given.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of :func:`analysis.tokens.tokenize` (columns ``token`` and ``doc_id`` used).

    Returns
    -------
    pandas.DataFrame
        ``term, count, documents, per_1k``, most frequent first (then by term); ``per_1k`` is
        per 1,000 of the tokens given (after any filtering).

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["", ""],
    ...                       "text": ["senjata AS", "senjata senjata"]})
    >>> term_counts(tokenize(texts)).values.tolist()
    [['senjata', 3, 2, 750.0], ['amerika_serikat', 1, 1, 250.0]]
    """
    require_columns(tokens, ["token", "doc_id"], "term_counts", "tokens")
    terms, term_code = codes(tokens["token"])
    _, doc_code = codes(tokens["doc_id"])
    count = np.bincount(term_code, minlength=len(terms))
    documents = count_groups(doc_code, term_code, len(terms))
    return _term_counts_table(terms, count, documents, len(tokens))


def _term_counts_table(terms: np.ndarray, count: np.ndarray, documents: np.ndarray,
                       total: int) -> pd.DataFrame:
    out = pd.DataFrame({"term": terms, "count": count, "documents": documents})
    out = out[out["count"] > 0]
    out["per_1k"] = per_1k(out["count"].to_numpy(), total)
    return sorted_rows(out, ["count", "term"], [False, True])


def term_counts_by(tokens: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """How often each term occurs per group (outlet or document).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of :func:`analysis.tokens.tokenize` (columns ``token`` and ``by`` used).
    by : str
        The group column: ``"outlet"`` or ``"doc_id"``.

    Returns
    -------
    pandas.DataFrame
        ``<by>, term, count, per_1k`` sorted by group, count (descending) and term;
        ``per_1k`` is per 1,000 tokens of the group.

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "senjata"]})
    >>> term_counts_by(tokenize(texts)).values.tolist()
    [['X', 'amerika_serikat', 1, 500.0], ['X', 'senjata', 1, 500.0], ['Y', 'senjata', 1, 1000.0]]
    """
    require_columns(tokens, ["token", by], "term_counts_by", "tokens")
    return _term_counts_by_table(group_term_table(tokens, by), by)


def _term_counts_by_table(table: pd.DataFrame, by: str) -> pd.DataFrame:
    out = table[[by, "term", "count"]].copy()
    out["per_1k"] = per_1k(table["count"].to_numpy(), table["group_total"].to_numpy())
    return sorted_rows(out, [by, "count", "term"], [True, False, True])


def ngrams(tokens: pd.DataFrame, n: int = 2, *, min_count: int = 1,
           adjacent_only: bool = False) -> pd.DataFrame:
    """Word n-grams within sentences.

    Built on the tokens given: after stopword removal ``korea_utara ke rusia``
    gives the bigram ``korea_utara rusia``. The n-gram is the tokens joined by a space.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens (``doc_id``, ``token``; ``position`` and ``sentence`` when present put them
        in text order and keep n-grams within a sentence).
    n : int
        Tokens per n-gram (>= 1).
    min_count : int
        Keep n-grams seen at least this many times.
    adjacent_only : bool
        Keep only n-grams whose tokens were adjacent in the text (no stopword between).

    Returns
    -------
    pandas.DataFrame
        ``n, ngram, count, documents``, most frequent first (then by n-gram).

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Korut mengirim senjata. Rusia menerima senjata."]})
    >>> ngrams(tokenize(texts), 2).ngram.tolist()
    ['korea_utara mengirim', 'menerima senjata', 'mengirim senjata', 'rusia menerima']
    """
    require_columns(tokens, ["doc_id", "token"], "ngrams", "tokens")
    return _ngrams_table(_ngram_counts(tokens, n, adjacent_only), min_count)


def _ngrams_table(counts: pd.DataFrame, min_count: int) -> pd.DataFrame:
    out = counts[counts["count"] >= min_count]
    return sorted_rows(out, ["count", "ngram"], [False, True])


def _ngram_counts(tokens: pd.DataFrame, n: int, adjacent_only: bool) -> pd.DataFrame:
    """``n, ngram, count, documents`` of every distinct n-gram (no filter, no order)."""
    terms, grams, count, documents = distinct_ngrams(tokens, n, adjacent_only)
    return pd.DataFrame({"n": np.full(len(count), n, dtype=np.int64),
                         "ngram": joined(terms, grams), "count": count,
                         "documents": documents})


# --------------------------------------------------------------------------- straight from texts

def count_words(texts: pd.DataFrame, *, batch_size: int = BATCH_SIZE, **options) -> pd.DataFrame:
    """:func:`term_counts` of the tokens of ``texts``, without a tokens table.

    The same table as ``term_counts(tokenize(texts, **options))`` (tested), counted from the
    tokenizer's chunks ``batch_size`` documents at a time: no row per token is built and no
    position or sentence is worked out.

    Parameters
    ----------
    texts : pandas.DataFrame
        As for :func:`analysis.tokens.tokenize` (``doc_id``, ``text``, optional ``outlet``).
    batch_size : int
        Documents tokenized at a time (bounds the memory; the table does not change).
    **options
        The keywords of :func:`analysis.tokens.tokenize`.

    Returns
    -------
    pandas.DataFrame
        ``term, count, documents, per_1k`` as :func:`term_counts`.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "text": ["senjata AS", "senjata senjata"]})
    >>> count_words(texts).values.tolist()
    [['senjata', 3, 2, 750.0], ['amerika_serikat', 1, 1, 250.0]]
    """
    texts = as_texts(texts, "count_words")
    if int(batch_size) < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    options = _tokenize_options("count_words", options)
    parts, total = [], 0
    for first in range(0, max(len(texts), 1), int(batch_size)):
        chunks, layout, vocabulary = tokenized(texts.iloc[first:first + int(batch_size)], **options)
        kept, at = layout.kept(chunks)
        token = layout.kept_token[kept]
        parts.append(pd.DataFrame({
            "term": np.asarray(vocabulary, dtype=object),
            "count": np.bincount(token, minlength=len(vocabulary)),
            "documents": count_groups(chunks.doc[at], token, len(vocabulary))}))
        total += len(token)
    summed = parts[0] if len(parts) == 1 else \
        pd.concat(parts).groupby("term", sort=False)[["count", "documents"]].sum().reset_index()
    return _term_counts_table(summed["term"].to_numpy(dtype=object), summed["count"].to_numpy(),
                              summed["documents"].to_numpy(), total)


def _tokenize_options(function: str, options: dict) -> dict:
    """``tokenize``'s keywords with their defaults (``TypeError`` on another keyword)."""
    unknown = set(options) - set(_TOKENIZE_OPTIONS)
    if unknown:
        raise TypeError(f"{function}: unknown option(s) {sorted(unknown)}; "
                        f"tokenize takes {list(_TOKENIZE_OPTIONS)}")
    return {**_TOKENIZE_OPTIONS, **options}


def count_texts(texts: pd.DataFrame, *, ngram_sizes: Iterable[int] = (2, 3),
                adjacent_only: bool = False, **options) -> dict[str, pd.DataFrame]:
    """The partial counts of a batch of texts, without a tokens table.

    The same tables as ``partial_counts(tokenize(texts, **options), ngram_sizes=...,
    adjacent_only=...)`` (``analysis/engine/partials.py``; tested), made from the
    tokenizer's chunks: no row per token is built, no token is sorted, and no position
    is kept once the n-grams are formed. Use it where no later step needs the tokens
    themselves (KWIC and dispersion do: call :func:`analysis.tokens.tokenize` there).

    Parameters
    ----------
    texts : pandas.DataFrame
        As for :func:`analysis.tokens.tokenize` (``doc_id``, ``text``, optional ``outlet``).
    ngram_sizes : iterable of int
        The n-gram sizes to count (each >= 1).
    adjacent_only : bool
        As in :func:`ngrams`.
    **options
        The keywords of :func:`analysis.tokens.tokenize` (``stem``, ``extra_stopwords``,
        ``keep_numbers``, ``keep_stopwords``, ``reduplication``, ``apostrophe``).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``terms, totals, ngrams, bigram_fd, ngram_sizes``: add batches up with
        ``combine_counts`` and read them with :class:`TermCounts`.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "AS mengirim senjata."]})
    >>> TermCounts(count_texts(texts)).terms().values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['amerika_serikat', 2, 2, 400.0], ['senjata', 2, 2, 400.0], ['mengirim', 1, 1, 200.0]]
    """
    texts = as_texts(texts, "count_texts")
    sizes = ngram_size_list(ngram_sizes)
    chunks, layout, vocabulary = tokenized(texts, **_tokenize_options("count_texts", options))
    doc, sentence, position, token = layout.stream(chunks, positions=adjacent_only)
    outlets, outlet_of_doc = np.unique(texts["outlet"].to_numpy(dtype=str), return_inverse=True)
    stream = TokenStream(np.asarray(outlets, dtype=object), outlet_of_doc.reshape(-1)[doc],
                         np.asarray(vocabulary, dtype=object), token, doc, sentence, position)
    return stream_partials(stream, sizes, adjacent_only)


#: The keywords of ``tokenize`` and their defaults.
_TOKENIZE_OPTIONS = {"stem": False, "extra_stopwords": (), "keep_numbers": False,
                     "keep_stopwords": False, "reduplication": "keep", "apostrophe": "keep"}


# --------------------------------------------------------------------------- from combined counts

class CountParts:
    """A combined counts table kept as Parquet parts (the Dask engine's hash partitions of the
    n-gram sums, or one part), read only in filtered pieces, so that the client never holds it
    whole: an n-gram lives in exactly one part, with its exact total, so a ``min_count`` applied
    to each part while it is read is exact. The parts of a finished stage are checked against
    its manifest when the table is made.

    Parameters
    ----------
    parts : analysis.cache.Parts
        The stage's parts.
    table : str
        The table (``counts_ngrams``, ``counts_bigram_fd``).

    Returns
    -------
    CountParts

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from analysis.cache import Parts
    >>> parts = Parts(Path(tempfile.mkdtemp()))
    >>> parts.write("counts", 1, pd.DataFrame({"w1": ["b"], "count": [1]}))
    >>> parts.write("counts", 0, pd.DataFrame({"w1": ["a", "c"], "count": [3, 2]}))
    >>> table = CountParts(parts, "counts")
    >>> len(table), table.rows([("count", ">=", 2)])["w1"].tolist(), table.frame(["w1"])["w1"].tolist()
    (3, ['a', 'c'], ['a', 'b', 'c'])
    """

    def __init__(self, parts, table: str):
        parts.check(table)  # a damaged part is found now (and the stage computed again), not when read
        self.parts, self.table = parts, table

    @property
    def columns(self) -> pd.Index:
        """The table's columns."""
        return self.parts.empty(self.table).columns

    def __len__(self) -> int:
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(f).metadata.num_rows for f in self.parts.files(self.table))

    def rows(self, filters: list[tuple] | None = None) -> pd.DataFrame:
        """The rows that pass ``filters`` (pyarrow's ``[(column, op, value), ...]``), part by part."""
        return self.parts.read(self.table, filters=filters)

    def frame(self, keys: list[str]) -> pd.DataFrame:
        """The whole table, rows in the order of the ``keys`` (words sorted as strings), as the
        local engine gives it (for checks on small corpora)."""
        return sorted_rows(self.rows(), keys, [True] * len(keys)).reset_index(drop=True)


def _filtered(table, filters: list[tuple]) -> pd.DataFrame:
    """The rows of a counts table (a frame or :class:`CountParts`) that pass ``filters``."""
    if isinstance(table, CountParts):
        return table.rows(filters)
    keep = np.ones(len(table), dtype=bool)
    for column, op, value in filters:
        keep &= (table[column] == value).to_numpy() if op == "==" else (table[column] >= value).to_numpy()
    return table[keep]


class TermCounts:
    """The combined term counts of a corpus, and the tables made from them.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        The combined partial counts (``combine_counts`` of ``analysis/engine/partials.py``;
        tables ``terms, totals, ngrams, bigram_fd, ngram_sizes``), optionally with the
        ``actors`` table of ``pipeline.count_terms``.

    Returns
    -------
    TermCounts
        Its methods give the tables of :func:`term_counts`, :func:`term_counts_by` (by
        outlet), :func:`analysis.keyness.keyness` (by outlet), :func:`ngrams` and
        :func:`analysis.keyness.collocations` on the tokens of the whole corpus, row for row.

    Examples
    --------
    >>> from analysis.engine.partials import combine_counts, partial_counts
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "AS mengirim senjata"]})
    >>> counts = TermCounts(combine_counts(partial_counts(tokenize(texts[i:i + 1])) for i in range(2)))
    >>> counts.terms().equals(term_counts(tokenize(texts)))
    True
    >>> counts.ngrams(3).ngram.tolist(), counts.totals.values.tolist()
    (['amerika_serikat mengirim senjata'], [['X', 2, 1], ['Y', 3, 1]])
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        if not isinstance(tables, Mapping):
            raise ValueError(f"TermCounts: tables must be a dict of frames, not {type(tables).__name__}")
        missing = [name for name in _COUNT_TABLES if name not in tables]
        if missing:
            raise ValueError(f"TermCounts: tables lacks {', '.join(map(repr, missing))} "
                             f"(it has: {', '.join(map(str, tables)) or 'no tables'})")
        for name, columns in _COUNT_TABLES.items():
            table = tables[name]
            if isinstance(table, CountParts):
                table = pd.DataFrame(columns=table.columns)
            require_columns(table, columns, "TermCounts", f"tables[{name!r}]")
        self._tables = dict(tables)

    @classmethod
    def from_dict(cls, tables: Mapping[str, pd.DataFrame]) -> TermCounts:
        """The counts of the dict ``pipeline.count_terms`` returns (same as the constructor).

        Parameters
        ----------
        tables : mapping of str to pandas.DataFrame
            ``terms, totals, ngrams, bigram_fd, ngram_sizes`` and optionally ``actors``.

        Returns
        -------
        TermCounts

        Examples
        --------
        >>> from analysis.engine.partials import combine_counts, partial_counts
        >>> from analysis.tokens import tokenize
        >>> texts = pd.DataFrame({"doc_id": ["a"], "text": ["senjata AS"]})
        >>> TermCounts.from_dict(combine_counts([partial_counts(tokenize(texts))])).actors is None
        True
        """
        return cls(tables)

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """The tables, as given (a new dict of the same frames).

        Returns
        -------
        dict of str to pandas.DataFrame
        """
        return dict(self._tables)

    @property
    def totals(self) -> pd.DataFrame:
        """``outlet, tokens, documents``: tokens and documents (with a token) per outlet."""
        return self._tables["totals"]

    @property
    def actors(self) -> pd.DataFrame | None:
        """The ``actors`` table (``doc_id, outlet, actor, type, count``), or None when not given."""
        return self._tables.get("actors")

    def terms(self) -> pd.DataFrame:
        """:func:`term_counts` of the corpus: ``term, count, documents, per_1k``.

        Returns
        -------
        pandas.DataFrame
        """
        by_term = word_counts(self._tables, ["count", "documents"])
        return _term_counts_table(by_term.index.to_numpy(dtype=object),
                                  by_term["count"].to_numpy(), by_term["documents"].to_numpy(),
                                  int(self.totals["tokens"].sum()))

    def by_outlet(self) -> pd.DataFrame:
        """:func:`term_counts_by` (by outlet) of the corpus: ``outlet, term, count, per_1k``.

        Returns
        -------
        pandas.DataFrame
        """
        return _term_counts_by_table(outlet_term_table(self._tables), "outlet")

    def keyness(self, min_count: int = 3) -> pd.DataFrame:
        """:func:`analysis.keyness.keyness` (by outlet) of the corpus.

        Parameters
        ----------
        min_count : int
            Keep (outlet, term) rows whose combined count is at least this.

        Returns
        -------
        pandas.DataFrame
            ``outlet, term, count, per_1k, keyness_g2, tf_idf``.
        """
        return _keyness_from(self._tables, min_count)

    def ngrams(self, n: int = 2, min_count: int = 1, *,
               adjacent_only: bool | None = None) -> pd.DataFrame:
        """:func:`ngrams` of the corpus; ``min_count`` applies to the sums.

        Parameters
        ----------
        n : int
            One of the ``ngram_sizes`` the partials were counted with (``ValueError`` otherwise).
        min_count : int
            Keep n-grams whose combined count is at least this.
        adjacent_only : bool or None
            None: as counted; True or False: must be the setting the partials were counted
            with (``ValueError`` otherwise).

        Returns
        -------
        pandas.DataFrame
            ``n, ngram, count, documents``.
        """
        self._check_ngram_settings(n, adjacent_only)
        rows = _filtered(self._tables["ngrams"], [("n", "==", n), ("count", ">=", min_count)])
        words = [word_column(rows[f"w{k + 1}"]) for k in range(n)]
        counts = pd.DataFrame({"n": np.full(len(rows), n, dtype=np.int64),
                               "ngram": join_words(words),
                               "count": rows["count"].to_numpy(dtype=np.int64),
                               "documents": rows["documents"].to_numpy(dtype=np.int64)})
        return _ngrams_table(counts, min_count)

    def _check_ngram_settings(self, n: int, adjacent_only: bool | None) -> None:
        settings = self._tables["ngram_sizes"]
        if n not in settings["n"].tolist():
            raise ValueError(f"n={n} was not counted: partial_counts had ngram_sizes="
                             f"{tuple(settings['n'].tolist())}")
        if adjacent_only is not None and bool(settings["adjacent_only"].iloc[0]) != bool(adjacent_only):
            raise ValueError(f"the partial counts were made with adjacent_only="
                             f"{not adjacent_only}, not {adjacent_only}")

    def collocations(self, min_count: int = 2, measure: str = "likelihood_ratio",
                     top_n: int | None = 50) -> pd.DataFrame:
        """:func:`analysis.keyness.collocations` of the corpus (``min_count`` on the sums).

        Parameters
        ----------
        min_count : int
            Drop bigrams whose combined count is lower.
        measure : str
            A ``BigramAssocMeasures`` statistic (``likelihood_ratio``, ``pmi``, ...).
        top_n : int or None
            Keep the best ``top_n`` (None: all).

        Returns
        -------
        pandas.DataFrame
            ``w1, w2, count, score, measure``.
        """
        return _collocations_from(self._tables, min_count, measure, top_n)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}: {len(table)} rows" for name, table in self._tables.items())
        return f"TermCounts({sizes})"
