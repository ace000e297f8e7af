"""Counts of distinct keys shared by the term tables and the batch partials.

Private. Every term table is computed in two steps: its counts (from a tokens table, or from
the combined partial counts of a corpus processed in batches) and one shared final step that
holds the formulas, the filtering and the order (in :mod:`analysis.counts` and
:mod:`analysis.keyness`). The counting steps that more than one module needs live here:
(group, term) counts from tokens or from combined counts, and the distinct n-grams of a
tokens table as term codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._columns import codes, count_groups


def group_term_table(tokens: pd.DataFrame, by: str) -> pd.DataFrame:
    """``<by>, term, count, group_total`` for every (group, term) that occurs."""
    groups, group_code = codes(tokens[by])
    terms, term_code = codes(tokens["token"])
    n_terms = max(len(terms), 1)
    pairs, count = np.unique(group_code.astype(np.int64) * n_terms + term_code,
                             return_counts=True)
    group = pairs // n_terms
    total = np.bincount(group_code, minlength=len(groups))
    return pd.DataFrame({by: groups[group], "term": terms[pairs % n_terms],
                         "count": count, "group_total": total[group]})


def outlet_term_table(combined: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``outlet, term, count, group_total`` from combined counts (as :func:`group_term_table`)."""
    terms, totals = combined["terms"], combined["totals"]
    outlet = terms["outlet"].to_numpy(dtype=object)
    group_total = pd.Series(totals["tokens"].to_numpy(dtype=np.int64),
                            index=pd.Index(totals["outlet"].to_numpy(dtype=object), dtype=object))
    return pd.DataFrame({"outlet": outlet, "term": terms["term"].to_numpy(dtype=object),
                         "count": terms["count"].to_numpy(dtype=np.int64),
                         "group_total": group_total.reindex(outlet).to_numpy(dtype=np.int64)})


def word_counts(combined: dict[str, pd.DataFrame], columns) -> pd.DataFrame:
    """The ``"terms"`` counts of combined counts summed over outlets, per term."""
    return combined["terms"].groupby("term", observed=True, sort=False)[columns].sum()


def join_words(words: list[pa.Array]) -> pd.Series:
    """The words of each row joined by a space (in pyarrow, no Python loop)."""
    joined = pc.binary_join_element_wise(*words, pa.scalar(" ", type=pa.large_string()))
    return pd.Series(joined, dtype="str")


def word_column(words: pd.Series) -> pa.Array:
    """A column of words as an Arrow ``large_string`` array. A categorical column (Parquet's
    dictionary-encoded columns are read as such) is decoded in Arrow: ``astype("str")`` would
    make a Python string of every row (1 s for the 3 million bigrams of 10^5 articles)."""
    if isinstance(words.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(words.cat.categories):
        return pa.array(words).dictionary_decode().cast(pa.large_string())
    return pa.array(words.astype("str"), type=pa.large_string())


def joined(terms: np.ndarray, grams: np.ndarray) -> pd.Series:
    """The words of each row of ``grams`` (term codes) joined by a space."""
    vocabulary = pa.array(terms.astype(str), type=pa.large_string())
    return join_words([vocabulary.take(pa.array(grams[:, k], type=pa.int64()))
                       for k in range(grams.shape[1])])


def distinct_ngrams(tokens: pd.DataFrame, n: int, adjacent_only: bool):
    """Vocabulary, the distinct n-grams as (k x n) term codes, their count and documents."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    terms, term, doc, sentence, position, _ = text_order(tokens)
    return (terms, *distinct_rows(term, doc, sentence, position, n, adjacent_only, len(terms)))


def text_order(tokens: pd.DataFrame):
    """Vocabulary, and the term code, document code, sentence and position of every token,
    in text order (``doc_id``, ``position``; no ``sentence`` column: one sentence), and that
    order (indices of the rows)."""
    _, doc = codes(tokens["doc_id"])
    position = (tokens["position"].to_numpy() if "position" in tokens
                else np.arange(len(tokens)))
    order = np.lexsort((position, doc))
    terms, term = codes(tokens["token"])
    sentence = (tokens["sentence"].to_numpy()[order] if "sentence" in tokens
                else np.zeros(len(order), dtype=np.int64))
    return np.asarray(terms, dtype=object), term[order], doc[order], sentence, position[order], order


def distinct_rows(term: np.ndarray, doc: np.ndarray, sentence: np.ndarray, position: np.ndarray,
                  n: int, adjacent_only: bool, n_terms: int):
    """The distinct n-grams of a token stream in text order as (k x n) term codes (sorted),
    their count and documents; an n-gram lies within one document and sentence, and with
    ``adjacent_only`` its positions are consecutive."""
    grams, docs = _ngram_codes(term, doc, sentence, position, n, adjacent_only)
    keys, inverse, count = np.unique(_row_keys(grams, n_terms), return_inverse=True,
                                     return_counts=True)
    documents = count_groups(docs, inverse.reshape(-1), len(keys))
    return _key_rows(keys, n, n_terms), count, documents


def _ngram_codes(term, doc, sentence, position, n: int, adjacent_only: bool):
    """(count x n) term codes of every n-gram of the stream, and its document code."""
    windows = max(len(term) - n + 1, 0)
    valid = np.ones(windows, dtype=bool)
    for k in range(1, n):
        valid &= doc[k:k + windows] == doc[:windows]
        valid &= sentence[k:k + windows] == sentence[:windows]
    if adjacent_only:
        valid &= position[n - 1:n - 1 + windows] - position[:windows] == n - 1
    start = np.flatnonzero(valid)
    grams = np.stack([term[start + k] for k in range(n)], axis=1) if windows else \
        np.empty((0, n), dtype=np.int64)
    return grams, doc[start]


def _row_keys(grams: np.ndarray, base: int) -> np.ndarray:
    """One integer per row of codes (mixed radix), or a byte view when that overflows."""
    if base ** grams.shape[1] < 2 ** 62:
        return (grams.astype(np.int64) * base ** np.arange(grams.shape[1] - 1, -1, -1)).sum(axis=1)
    rows = np.ascontiguousarray(grams.astype(np.int64))
    return rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1]))).ravel()


def _key_rows(keys: np.ndarray, n: int, base: int) -> np.ndarray:
    """The (k x n) rows of codes of :func:`_row_keys`'s keys."""
    if keys.dtype.kind == "V":
        return keys.view(np.int64).reshape(-1, n)
    rows = np.empty((len(keys), n), dtype=np.int64)
    for k in range(n - 1, -1, -1):
        keys, rows[:, k] = np.divmod(keys, base)
    return rows
