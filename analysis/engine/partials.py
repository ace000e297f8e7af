"""Batch counting: additive partial counts of a batch of tokens, and their sum.

Private to the engine layer (absolute imports: the folder is a namespace package until it has
its ``__init__``). A corpus too large for one tokens table is read in batches of
whole documents: :func:`partial_counts` reduces the tokens of a batch to additive counts
(terms per outlet, token totals, n-grams, NLTK's bigram counts), :func:`combine_counts` adds
the partials up (in any order), and :class:`analysis.counts.TermCounts` on the result gives
the same tables, byte for byte, as the token-based functions on the whole corpus.

Adding up works on integer keys: :class:`Vocabulary` codes the words of the key columns,
:func:`pack_keys` packs the key columns of a row into one int64 when they fit in
:data:`KEY_BITS` bits (one sort then orders the rows), and :func:`sum_rows` adds the value
columns per distinct key row.

Use: tokenize each batch of documents, keep only ``partial_counts(tokens)``, add the
partials up with :func:`combine_counts` and read the tables from
``analysis.counts.TermCounts(combined)``: they equal ``term_counts``, ``term_counts_by``
(by outlet), ``keyness`` (by outlet), ``ngrams`` and ``collocations`` on the tokens of the
whole corpus, row for row (tested byte for byte).

Memory: every table holds counts of distinct keys, never a row per token,
and words are category codes, never repeated strings. ``terms`` and
``totals`` grow with the vocabulary (outlets x distinct words). The
n-gram tables grow with the number of *distinct* n-grams: on one batch
that is close to its number of tokens (most n-grams occur once), and it
keeps growing with the corpus, because an exact ``min_count`` after
combining requires every n-gram seen once. They dominate the memory of a
combined result; leave them out with ``ngram_sizes=()`` when the n-gram
tables are not needed (``"bigram_fd"`` is still kept for collocations).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._columns import category, codes, count_groups
from .._tallies import distinct_rows, text_order
from ..frames import require_columns

__all__ = ["check_settings", "PARTIAL_VALUES", "NO_WORD", "KEY_BITS", "partial_keys", "partial_counts",
           "combine_counts", "Vocabulary", "pack_keys", "unpack_keys", "sum_rows"]

#: The tables of :func:`partial_counts` that add up, each with its value
#: columns; every other column of the table is a key.
PARTIAL_VALUES = {
    "terms": ("count", "documents"),
    "totals": ("tokens", "documents"),
    "ngrams": ("count", "documents"),
    "bigram_fd": ("count",),
}

#: The word columns of the ``"ngrams"`` partial that an n-gram shorter than the
#: longest size counted leaves empty.
NO_WORD = ""

#: Key columns needing at most this many bits in all are packed into one int64 (sign bit
#: free); wider keys (a vocabulary of millions of words in 3-grams) are sorted column by column.
KEY_BITS = 63


def partial_keys(name: str, table: pd.DataFrame) -> list[str]:
    """The key columns of the partial table ``name``: all but its value columns.

    Parameters
    ----------
    name : str
        A table of :data:`PARTIAL_VALUES`.
    table : pandas.DataFrame
        That table of a partial (or combined) count.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": ["senjata AS"]})
    >>> partial_keys("ngrams", partial_counts(tokenize(texts))["ngrams"])
    ['n', 'w1', 'w2', 'w3']
    """
    return [c for c in table.columns if c not in PARTIAL_VALUES[name]]


def partial_counts(tokens: pd.DataFrame, *, ngram_sizes: Iterable[int] = (2, 3),
                   adjacent_only: bool = False) -> dict[str, pd.DataFrame]:
    """The additive counts of one batch of tokens, for a corpus read in batches.

    Batches must hold disjoint sets of whole documents, and every document one outlet
    (as ``tokenize`` guarantees), because per-document counts are added. The tables hold
    counts of distinct keys, never a row per token (see "Memory" in the module docstring).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Tokens of ``analysis.tokens.tokenize`` (``doc_id``, ``token``; ``outlet``, missing:
        ""; ``position`` and ``sentence`` when present).
    ngram_sizes : iterable of int
        The n-gram sizes to count (each >= 1).
    adjacent_only : bool
        As in ``analysis.counts.ngrams``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Key columns are categoricals with sorted ``str`` categories, or integers; counts
        int64; :data:`PARTIAL_VALUES` names the value columns:

        * ``"terms"``: ``outlet, term, count, documents``, one row per (outlet, term) that
          occurs; ``documents`` is the number of documents of the batch using the term.
          Summed over outlets it is NLTK's ``word_fd``.
        * ``"totals"``: ``outlet, tokens, documents``: tokens and documents (with at least
          one token) per outlet.
        * ``"ngrams"``: ``n, w1, ..., wK, count, documents`` for every distinct n-gram of
          each size in ``ngram_sizes`` (``n`` int16; K the largest size; the words of an
          n-gram in ``w1`` to ``wn``, the later columns :data:`NO_WORD`). No ``min_count``
          here: it is applied after combining.
        * ``"bigram_fd"``: ``w1, w2, count``: every bigram within a sentence (never
          ``adjacent_only``): the ``bigram_fd`` of NLTK's
          ``BigramCollocationFinder.from_documents`` on the sentences.
        * ``"ngram_sizes"``: ``n, adjacent_only``: the settings, which must agree between
          the partials combined (not summed).

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "AS mengirim senjata"]})
    >>> parts = [partial_counts(tokenize(batch)) for batch in (texts[:1], texts[1:])]
    >>> combined = combine_counts(parts)
    >>> combined["terms"].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['X', 'amerika_serikat', 1, 1], ['X', 'senjata', 1, 1],
     ['Y', 'amerika_serikat', 1, 1], ['Y', 'mengirim', 1, 1], ['Y', 'senjata', 1, 1]]
    >>> combined["ngrams"].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[2, 'amerika_serikat', 'mengirim', '', 1, 1],
     [2, 'mengirim', 'senjata', '', 1, 1],
     [2, 'senjata', 'amerika_serikat', '', 1, 1],
     [3, 'amerika_serikat', 'mengirim', 'senjata', 1, 1]]
    """
    require_columns(tokens, ["doc_id", "token"], "partial_counts", "tokens")
    sizes = ngram_size_list(ngram_sizes)
    outlet = (tokens["outlet"] if "outlet" in tokens
              else pd.Series("", index=tokens.index, dtype="str"))
    outlets, outlet_code = codes(outlet)
    terms, term, doc, sentence, position, order = text_order(tokens)
    return stream_partials(TokenStream(outlets, outlet_code[order], terms, term, doc, sentence,
                                       position), sizes, adjacent_only)


def ngram_size_list(ngram_sizes: Iterable[int]) -> list[int]:
    """The distinct n-gram sizes, sorted (``ValueError`` for a size below 1)."""
    sizes = sorted({int(n) for n in ngram_sizes})
    if sizes and sizes[0] < 1:
        raise ValueError(f"ngram_sizes must be >= 1, got {sizes}")
    return sizes


@dataclass(frozen=True)
class TokenStream:
    """The kept tokens of a batch in text order, as codes: the outlets and each token's
    outlet code, the vocabulary and each token's term code, its document (any integer code),
    sentence and position (both only compared between neighbours)."""

    outlets: np.ndarray
    outlet: np.ndarray
    terms: np.ndarray
    term: np.ndarray
    doc: np.ndarray
    sentence: np.ndarray
    position: np.ndarray


def stream_partials(stream: TokenStream, sizes: list[int], adjacent_only: bool) -> dict[str, pd.DataFrame]:
    """The tables of :func:`partial_counts` from a :class:`TokenStream` (shared by both paths)."""
    terms = np.asarray(stream.terms, dtype=object)
    distinct = {n: distinct_rows(stream.term, stream.doc, stream.sentence, stream.position, n,
                                 adjacent_only, len(terms)) for n in sizes}
    bigrams, bigram_count, _ = (
        distinct[2] if 2 in distinct and not adjacent_only
        else distinct_rows(stream.term, stream.doc, stream.sentence, stream.position, 2, False,
                           len(terms)))
    return {
        **_outlet_partials(stream),
        "ngrams": _ngram_partial(terms, distinct, sizes),
        "bigram_fd": pd.DataFrame({"w1": category(terms, bigrams[:, 0]),
                                   "w2": category(terms, bigrams[:, 1]),
                                   "count": bigram_count}),
        "ngram_sizes": pd.DataFrame({"n": np.array(sizes, dtype=np.int64),
                                     "adjacent_only": bool(adjacent_only)}),
    }


def _outlet_partials(stream: TokenStream) -> dict[str, pd.DataFrame]:
    """The ``"terms"`` and ``"totals"`` partials."""
    outlets, outlet_code, terms, term_code, doc_code = (
        stream.outlets, stream.outlet, stream.terms, stream.term, stream.doc)
    n_terms = max(len(terms), 1)
    pairs, pair, count = np.unique(outlet_code * n_terms + term_code, return_inverse=True,
                                   return_counts=True)
    documents = count_groups(doc_code, pair, len(pairs))
    present = np.unique(outlet_code)
    outlet_documents = count_groups(doc_code, outlet_code, len(outlets))
    return {
        "terms": pd.DataFrame({"outlet": category(outlets, pairs // n_terms),
                               "term": category(terms, pairs % n_terms),
                               "count": count, "documents": documents}),
        "totals": pd.DataFrame({"outlet": category(outlets, present),
                                "tokens": np.bincount(outlet_code, minlength=len(outlets))[present],
                                "documents": outlet_documents[present]}),
    }


def _ngram_partial(terms: np.ndarray, distinct: dict, sizes: list[int]) -> pd.DataFrame:
    """The ``"ngrams"`` partial: ``n``, the words as codes padded with :data:`NO_WORD`, counts."""
    width = max(sizes, default=0)
    words = np.append(terms, NO_WORD)
    padded = [np.pad(rows, ((0, 0), (0, width - n)), constant_values=len(terms))
              for n, (rows, _, _) in distinct.items()]
    codes = np.concatenate(padded) if padded else np.empty((0, width), dtype=np.int64)
    out = {"n": np.concatenate([np.full(len(d[1]), n, dtype=np.int16)
                                for n, d in distinct.items()] or [np.empty(0, np.int16)])}
    for k in range(width):
        out[f"w{k + 1}"] = category(words, codes[:, k])
    for column, at in (("count", 1), ("documents", 2)):
        out[column] = np.concatenate([d[at] for d in distinct.values()]
                                     or [np.empty(0, np.int64)]).astype(np.int64)
    return pd.DataFrame(out)


def combine_counts(parts: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The sum of :func:`partial_counts` tables: one row per key, keys in sorted order.

    ``parts`` may be any iterable (a generator reading one batch at a time);
    whatever the order of the parts, the result is the same frame. A
    combined result is itself a partial, so results can be combined again.

    Words are added as integer codes into one vocabulary that grows with the
    parts (never as strings). The parts of a table wait, as they came, until
    they hold as many rows as its running sum, and one sort then adds them all
    to it: memory stays within a small multiple of the combined counts, and a
    row takes part in a few sorts in all (about two for parts of similar size,
    at most about three), where adding the parts one by one would sort the
    running sum again for every part.

    Parameters
    ----------
    parts : iterable of dict of str to pandas.DataFrame
        Partial counts (or combined ones), all made with the same ``ngram_sizes`` and
        ``adjacent_only``.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :func:`partial_counts`, summed; wrap them in
        ``analysis.counts.TermCounts`` for the term tables.

    Raises
    ------
    ValueError
        When there are no parts, or they differ in their settings or columns.
    KeyError
        When a part lacks a table.

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                       "text": ["senjata AS", "senjata", "AS"]})
    >>> combined = combine_counts(partial_counts(tokenize(texts[i:i + 1])) for i in range(3))
    >>> combined["totals"].values.tolist()
    [['X', 3, 2], ['Y', 1, 1]]
    """
    vocabulary = Vocabulary()
    sums = {name: _RunningSum() for name in PARTIAL_VALUES}
    settings = None
    for part in parts:
        settings = check_settings(part, settings)
        for name, running in sums.items():
            running.add(*vocabulary.encode(part[name], partial_keys(name, part[name]),
                                           PARTIAL_VALUES[name]))
    if settings is None:
        raise ValueError("no partial counts to combine")
    combined = {name: vocabulary.decode(*running.total()) for name, running in sums.items()}
    combined["ngram_sizes"] = settings
    return combined


def check_settings(part: dict[str, pd.DataFrame], settings: pd.DataFrame | None) -> pd.DataFrame:
    """The part's ``ngram_sizes`` table, after checking that the part is complete and
    agrees with the ``settings`` of the parts before it (the one check of both engines).

    Parameters
    ----------
    part : dict of str to pandas.DataFrame
        One batch's :func:`partial_counts`.
    settings : pandas.DataFrame or None
        The ``ngram_sizes`` of the parts before it (None for the first part).

    Returns
    -------
    pandas.DataFrame
        The settings all parts so far agree on (``KeyError`` when a table is missing,
        ``ValueError`` when the settings differ).

    Examples
    --------
    >>> from analysis.tokens import tokenize
    >>> part = partial_counts(tokenize(pd.DataFrame({"doc_id": ["a"], "text": ["senjata AS"]})))
    >>> check_settings(part, None)["n"].tolist()
    [2, 3]
    """
    missing = (set(PARTIAL_VALUES) | {"ngram_sizes"}) - set(part)
    if missing:
        raise KeyError(f"partial counts lack tables {sorted(missing)}")
    these = part["ngram_sizes"].reset_index(drop=True).astype({"n": np.int64, "adjacent_only": bool})
    if settings is not None and not settings.equals(these):
        raise ValueError("partial counts differ in ngram_sizes or adjacent_only: "
                         f"{settings.to_dict('list')} and {these.to_dict('list')}")
    return these if settings is None else settings


class Vocabulary:
    """The strings of categorical key columns as integer codes, in order of first sight.

    ``encode`` turns a partial table into key columns of codes and value
    columns (integer key columns stay as they are); ``decode`` turns them back
    into a table whose categorical columns have sorted categories and whose
    rows are in sorted key order. A vocabulary built from a fixed list
    (``Vocabulary(words)``) codes every word by its place in that list, as
    the Dask engine does on its workers. Lookups run in pyarrow (C++ hash
    tables), never a Python loop per word.

    Parameters
    ----------
    words : iterable of str
        The first words, coded 0, 1, ... in this order.

    Returns
    -------
    Vocabulary

    Examples
    --------
    >>> vocabulary = Vocabulary()
    >>> table = pd.DataFrame({"outlet": pd.Categorical(["Y", "X"]), "tokens": [1, 2]})
    >>> keys, values, layout = vocabulary.encode(table, ["outlet"], ["tokens"])
    >>> [k.tolist() for k in keys], vocabulary.decode(keys, values, layout).values.tolist()
    ([[1, 0]], [['X', 2], ['Y', 1]])
    """

    def __init__(self, words: Iterable[str] = ()):
        self._words = pa.array(list(words), type=pa.large_string())

    def __len__(self) -> int:
        return len(self._words)

    def codes(self, values) -> np.ndarray:
        """The code (int64) of each value, adding the new ones at the end."""
        values = _arrow_strings(values)
        found = pc.index_in(values, value_set=self._words)
        if found.null_count:
            new = pc.unique(pc.filter(values, pc.is_null(found)))
            self._words = pa.concat_arrays([self._words, new])
            found = pc.index_in(values, value_set=self._words)
        return found.to_numpy(zero_copy_only=False).astype(np.int64)

    def encode(self, table: pd.DataFrame, keys: list[str], values: Iterable[str]):
        """``(key columns, value columns, layout)`` of ``table``: int64 arrays, one
        per key (words as codes) and per value column, and the layout (name,
        ``"word"``, ``"int"`` or ``"value"``, dtype) of all columns for :meth:`decode`."""
        values = list(values)
        columns, layout, words = [], [], []
        for name in keys:
            column = table[name]
            if isinstance(column.dtype, pd.CategoricalDtype) or not pd.api.types.is_integer_dtype(column):
                if not isinstance(column.dtype, pd.CategoricalDtype):
                    column = column.astype("str").astype("category")
                code = column.cat.codes.to_numpy(dtype=np.int64)
                if len(code):
                    words.append((len(columns), _arrow_strings(column.cat.categories), code))
                columns.append(code)
                layout.append((name, "word", None))
            else:
                columns.append(column.to_numpy(dtype=np.int64))
                layout.append((name, "int", column.dtype))
        if words:  # the word columns' categories looked up at once: one hash table of the vocabulary
            coded, start = self.codes(pa.concat_arrays([categories for _, categories, _ in words])), 0
            for at, categories, code in words:
                columns[at] = coded[start:start + len(categories)][code]
                start += len(categories)
        data = [table[name].to_numpy(dtype=np.int64) for name in values]
        return columns, data, layout + [(name, "value", None) for name in values]

    def decode(self, keys: list[np.ndarray], data: list[np.ndarray], layout: list) -> pd.DataFrame:
        """The table of ``encode``'s output: rows in sorted key order (words sorted as strings)."""
        rank = np.empty(len(self), dtype=np.int64)
        rank[pc.array_sort_indices(self._words).to_numpy()] = np.arange(len(self))
        kinds = [kind for _, kind, _ in layout if kind != "value"]
        sortable = [rank[key] if kind == "word" else key for key, kind in zip(keys, kinds)]
        order = _sort_order(sortable) if sortable else np.arange(len(data[0]) if data else 0)
        out, columns = {}, iter(keys + data)
        for (name, kind, dtype), column in zip(layout, columns):
            column = column[order]
            if kind == "word":
                out[name] = self._categorical(column, rank)
            elif kind == "int":
                out[name] = column.astype(dtype)
            else:
                out[name] = column
        return pd.DataFrame(out)

    def _categorical(self, word_codes: np.ndarray, rank: np.ndarray) -> pd.Categorical:
        """``words[word_codes]`` with the words used as sorted ``str`` categories."""
        used = np.flatnonzero(np.bincount(word_codes, minlength=len(self)))
        used = used[np.argsort(rank[used])]
        new_code = np.empty(len(self), dtype=np.int64)
        new_code[used] = np.arange(len(used))
        categories = pd.Index(self._words.take(pa.array(used, type=pa.int64())), dtype="str")
        return pd.Categorical.from_codes(new_code[word_codes], categories=categories)


def _arrow_strings(values) -> pa.Array:
    """Strings as a pyarrow ``large_string`` array."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        array = values
    else:
        array = pa.array(pd.Index(values, dtype="str").array if len(values) else [],
                         type=pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


class _RunningSum:
    """Sums of value columns per key, added as parts arrive: the parts wait, as they came, until
    they hold as many rows as the running sum, and are then summed with it in one sort."""

    def __init__(self):
        self._sum: tuple[list[np.ndarray], list[np.ndarray]] | None = None
        self._waiting: list[tuple[list[np.ndarray], list[np.ndarray]]] = []
        self._rows = 0
        self._layout = None

    def add(self, keys: list[np.ndarray], data: list[np.ndarray], layout: list) -> None:
        if self._layout is None:
            self._layout = layout
        elif [name for name, *_ in layout] != [name for name, *_ in self._layout]:
            raise ValueError(f"partial tables differ in columns: {[n for n, *_ in self._layout]} "
                             f"and {[n for n, *_ in layout]}")
        self._waiting.append((keys, data))
        self._rows += len(keys[0])
        if self._rows >= (len(self._sum[0][0]) if self._sum is not None else 0):
            self._merge()

    def _merge(self) -> None:
        self._sum = sum_rows(*_stacked(([] if self._sum is None else [self._sum]) + self._waiting))
        self._waiting, self._rows = [], 0

    def total(self) -> tuple[list[np.ndarray], list[np.ndarray], list]:
        if self._waiting:
            self._merge()
        return (*self._sum, self._layout)


def _stacked(sums: list[tuple[list[np.ndarray], list[np.ndarray]]]):
    """The rows of several (keys, data) pairs one after the other."""
    return tuple([np.concatenate(columns) for columns in zip(*(part[i] for part in sums))]
                 for i in (0, 1))


def _widths(keys: list[np.ndarray]) -> list[int]:
    """Bits needed by each column of non-negative integer keys."""
    return [max(int(key.max()) if len(key) else 0, 1).bit_length() for key in keys]


def pack_keys(keys: list[np.ndarray], widths: list[int]) -> np.ndarray:
    """Columns of non-negative integer keys packed into one int64 per row.

    Parameters
    ----------
    keys : list of numpy.ndarray
        Key columns of non-negative integers, all of one length.
    widths : list of int
        Bits for each column (``sum(widths) <= KEY_BITS``).

    Returns
    -------
    numpy.ndarray of int64
        One packed key per row; the packed keys sort as the rows do.

    Examples
    --------
    >>> packed = pack_keys([np.array([2, 2, 3]), np.array([5, 1, 0])], [2, 3])
    >>> packed.tolist(), [k.tolist() for k in unpack_keys(packed, [2, 3])]
    ([21, 17, 24], [[2, 2, 3], [5, 1, 0]])
    """
    packed = keys[0].astype(np.int64)
    for key, width in zip(keys[1:], widths[1:]):
        packed <<= width
        packed |= key
    return packed


def unpack_keys(packed: np.ndarray, widths: list[int]) -> list[np.ndarray]:
    """The key columns of :func:`pack_keys`.

    Parameters
    ----------
    packed : numpy.ndarray of int64
        Packed keys.
    widths : list of int
        The widths they were packed with.

    Returns
    -------
    list of numpy.ndarray
        The key columns.

    Examples
    --------
    >>> [k.tolist() for k in unpack_keys(np.array([21]), [2, 3])]
    [[2], [5]]
    """
    keys = []
    for width in widths[:0:-1]:
        keys.append(packed & ((1 << width) - 1))
        packed = packed >> width
    return [packed] + keys[::-1]


def _sort_order(keys: list[np.ndarray]) -> np.ndarray:
    """The stable order that sorts rows by the non-negative integer ``keys`` (first key first)."""
    widths = _widths(keys)
    if sum(widths) > KEY_BITS:
        return np.lexsort(keys[::-1])
    return np.argsort(pack_keys(keys, widths), kind="stable")


def sum_rows(keys: list[np.ndarray], data: list[np.ndarray]):
    """Distinct key rows (sorted) and the sum of every ``data`` column per key row.

    Keys that fit in :data:`KEY_BITS` bits are packed into one int64 (a stable sort merges a run
    that is already sorted, such as a running sum, instead of sorting it again); wider keys are
    sorted column by column.

    Parameters
    ----------
    keys : list of numpy.ndarray
        Key columns of non-negative integers.
    data : list of numpy.ndarray
        Value columns of the same length.

    Returns
    -------
    tuple of (list of numpy.ndarray, list of numpy.ndarray)
        The distinct key rows as columns, in sorted order, and the sums per row.

    Examples
    --------
    >>> keys, sums = sum_rows([np.array([1, 0, 1]), np.array([2, 5, 2])], [np.array([1, 2, 3])])
    >>> [k.tolist() for k in keys], [v.tolist() for v in sums]
    ([[0, 1], [5, 2]], [[2, 4]])
    """
    if len(keys[0]) == 0:
        return keys, data
    widths = _widths(keys)
    if sum(widths) <= KEY_BITS:
        packed = pack_keys(keys, widths)
        order = np.argsort(packed, kind="stable")
        packed = packed[order]
        new = np.empty(len(order), dtype=bool)
        new[0] = True
        np.not_equal(packed[1:], packed[:-1], out=new[1:])
        start = np.flatnonzero(new)
        distinct = [key.astype(np.int32) if width < 32 else key  # half the memory of int64
                    for key, width in zip(unpack_keys(packed[start], widths), widths)]
    else:
        order = np.lexsort(keys[::-1])
        ordered = [key[order] for key in keys]
        new = np.zeros(len(order), dtype=bool)
        new[0] = True
        for key in ordered:
            new[1:] |= key[1:] != key[:-1]
        start = np.flatnonzero(new)
        distinct = [key[start] for key in ordered]
    return distinct, [np.add.reduceat(column[order], start) for column in data]
