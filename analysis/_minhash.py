"""The pieces of :mod:`analysis.syndication`'s near-copies that also run apart, batch by batch:
word-shingle hashes and MinHash signatures of a batch of texts (:func:`sketch`), the LSH's
candidate pairs over the signatures of all batches (:func:`candidate_pairs`), and the exact
Jaccard of candidate pairs (:func:`jaccard`). Conventions in :mod:`analysis.syndication`.

>>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["Satu dua tiga empat lima enam"] * 2})
>>> sketched = sketch(texts)
>>> pairs = candidate_pairs(sketched.signatures, 0.5, sketched.sizes() > 0)
>>> pairs.tolist(), jaccard(pairs, sketched.hashes, sketched.offsets).tolist()
([[0, 1]], [1.0])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from .frames import require_columns
from .lazy_imports import import_module
from .re2 import split_distinct

__all__ = ["SEED", "Sketches", "sketch", "candidate_pairs", "jaccard"]

#: Seed of the MinHash permutations (fixed: the same input gives the same candidate pairs).
SEED = 13
_NOT_WORD = r"[^\p{L}\p{N}]+"    # RE2: what separates words
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
#: The LSH's bands are chosen so that a pair right at the threshold is missed with at most this
#: probability (less above it); the exact Jaccard then drops the extra candidates.
_MISS = 0.01
_CHUNK_ROWS = 8192               # most shingles per block of the signatures (measured best; 16 MB of scratch)
_PAIR_BLOCK = 1 << 22            # shingles per block of the exact Jaccard of candidate pairs


def _check(caller: str, threshold=0.5, shingle: int = 1, num_perm: int = 2) -> None:
    """Refuse a threshold outside (0, 1], fewer than one word per shingle or two permutations."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)) \
            or not 0 < threshold <= 1:
        raise ValueError(f"{caller}: threshold must be in (0, 1], got {threshold}")
    if int(shingle) < 1 or int(num_perm) < 2:
        raise ValueError(f"{caller}: shingle must be >= 1 and num_perm >= 2, got {shingle}, {num_perm}")


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, without a loop."""
    counts = np.asarray(counts, dtype=np.int64)
    before = np.cumsum(counts) - counts
    return np.repeat(np.asarray(starts, dtype=np.int64) - before, counts) + np.arange(counts.sum(), dtype=np.int64)


# --------------------------------------------------------------------------- sketches of a batch

def _word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the normalised words of ``texts`` and the index of each word's text
    (the words of each distinct piece between spaces hashed once: ``re2.split_distinct``)."""
    words, codes, rows = split_distinct(pc.utf8_lower(pa.array(texts, type=pa.large_string())), _NOT_WORD)
    flat, owner = pc.list_flatten(words), pc.list_parent_indices(words).to_numpy().astype(np.int64)
    keep = pc.greater(pc.binary_length(flat), 0)
    flat, owner = pc.filter(flat, keep), owner[keep.to_numpy(zero_copy_only=False)]
    coded = pc.dictionary_encode(flat)
    distinct = coded.dictionary.to_numpy(zero_copy_only=False)
    hashes = pd.util.hash_array(distinct.astype(object), categorize=False)[coded.indices.to_numpy()]
    size = np.bincount(owner, minlength=len(words))
    count = size[codes]
    return hashes[_ranges((np.cumsum(size) - size)[codes], count)], np.repeat(rows, count)


def _splitmix(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads the bits of combined hashes (uint64, wrapping)."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _shingles(texts: list[str], shingle: int) -> tuple[np.ndarray, np.ndarray]:
    """The 64-bit hashes of the word shingles of every text, in text order (repeats kept).

    Returns ``(hashes, offsets)``: the shingles of text ``i`` are
    ``hashes[offsets[i]:offsets[i + 1]]`` (none for an empty text).
    """
    words, doc = _word_hashes(texts)
    counts = np.bincount(doc, minlength=len(texts))
    end = np.cumsum(counts)
    start = end - counts
    pos = np.arange(len(words))
    first = pos == start[doc]
    starts = pos[(pos + shingle - 1 < end[doc]) | first]
    stop = end[doc[starts]]
    combined = np.zeros(len(starts), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(shingle):
            inside = starts + j < stop
            word = words[np.minimum(starts + j, len(words) - 1)] if len(words) else combined
            combined = np.where(inside, combined * _MIX + word + np.uint64(j + 1), combined)
        combined = _splitmix(combined)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(doc[starts], minlength=len(texts)))
    return combined, offsets


def _permuted(values: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray, spare: np.ndarray) -> np.ndarray:
    """datasketch's ``(values * a + b) % (2**61 - 1) & (2**32 - 1)``, one row per permutation
    and one column per value, in the first ``len(a) * len(values)`` items of ``out``
    (``spare``: scratch of the same size), as a contiguous ``(len(a), len(values))`` array.

    The products wrap around 2**64 as in datasketch; the remainder by the Mersenne prime is
    taken as ``(x & p) + (x >> 61)`` and the smaller of that and that minus ``p`` (which wraps
    around when it is below ``p``): the same values, faster than ``%``.
    """
    shape = (len(a), len(values))
    phv, high = out[:shape[0] * shape[1]].reshape(shape), spare[:shape[0] * shape[1]].reshape(shape)
    with np.errstate(over="ignore"):
        np.multiply(a[:, None], values[None, :], out=phv)
        phv += b[:, None]
        np.right_shift(phv, np.uint64(61), out=high)
        phv &= _MERSENNE
        phv += high
        np.subtract(phv, _MERSENNE, out=high)
        np.minimum(phv, high, out=phv)
        phv &= _MAX_HASH
    return phv


def _signatures(hashes: np.ndarray, offsets: np.ndarray, num_perm: int) -> np.ndarray:
    """MinHash signatures (``datasketch`` formula and permutations), one ``uint32`` row per text.

    Texts without shingles get the empty signature (all ``2**32 - 1``), like an empty
    ``datasketch.MinHash``. The hashed values of a block of texts are laid out one row per
    permutation, so that each text's minimum is a reduction over a contiguous run of a row
    (``np.minimum.reduceat`` along the rows' axis is several times faster than across them).
    """
    a, b = import_module("datasketch").MinHash(num_perm=num_perm, seed=SEED).permutations
    values = (hashes >> np.uint64(32)).astype(np.uint64)
    counts = np.diff(offsets)
    signatures = np.full((len(counts), num_perm), _MAX_HASH, dtype=np.uint32)
    filled = np.flatnonzero(counts)
    out, spare = np.empty(num_perm * _CHUNK_ROWS, dtype=np.uint64), np.empty(num_perm * _CHUNK_ROWS, dtype=np.uint64)
    begin = 0
    while begin < len(filled):
        # a block of whole texts of at most _CHUNK_ROWS shingles, or one longer text in slices
        limit = offsets[filled[begin]] + _CHUNK_ROWS
        end = max(begin + 1, int(np.searchsorted(offsets[filled + 1], limit, side="right")))
        block = filled[begin:end]
        low, high = offsets[block[0]], offsets[block[-1] + 1]
        if high - low > _CHUNK_ROWS:  # bounded memory for a long text
            signatures[block[0]] = np.min([_permuted(values[at:min(at + _CHUNK_ROWS, high)], a, b, out, spare)
                                           .min(axis=1) for at in range(low, high, _CHUNK_ROWS)], axis=0)
        else:
            phv = _permuted(values[low:high], a, b, out, spare)
            signatures[block] = np.minimum.reduceat(phv, offsets[block] - low, axis=1).T
        begin = end
    return signatures


class Sketches(NamedTuple):
    """What the LSH and the exact similarity need of a batch of texts (:func:`sketch`).

    Attributes
    ----------
    doc_ids, outlets : numpy.ndarray
        One ``str`` each per text (object arrays), in the order of the texts given.
    hashes : numpy.ndarray
        ``uint64``: the hashes of every text's word shingles in text order (a repeated
        shingle repeated); text ``i`` has ``hashes[offsets[i]:offsets[i + 1]]``.
    offsets : numpy.ndarray
        ``int64``, one more than the texts.
    signatures : numpy.ndarray
        ``uint32``, one row of ``num_perm`` MinHash values per text (all ``2**32 - 1`` for a
        text without shingles).

    Examples
    --------
    >>> sketched = sketch(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", ""],
    ...                                 "text": ["Satu dua tiga empat lima enam", ""]}))
    >>> sketched.sizes().tolist(), sketched.signatures.shape, sketched.signatures.dtype.name
    ([2, 0], (2, 128), 'uint32')
    """

    doc_ids: np.ndarray
    outlets: np.ndarray
    hashes: np.ndarray
    offsets: np.ndarray
    signatures: np.ndarray

    def sizes(self) -> np.ndarray:
        """Shingles of each text (repeats counted): 0 for a text that is never paired."""
        return np.diff(self.offsets)


def sketch(texts: pd.DataFrame, shingle: int = 5, num_perm: int = 128) -> Sketches:
    """The shingle hashes and MinHash signatures of a batch of texts.

    Each text's sketch depends on that text only, so the sketches of a corpus can be made
    batch by batch (in any split) and put together.

    Parameters
    ----------
    texts : pandas.DataFrame
        ``doc_id`` (unique), ``outlet``, ``text`` (``clean.clean_texts``); a missing outlet or
        text counts as "".
    shingle : int
        Words per shingle (>= 1).
    num_perm : int
        MinHash permutations (>= 2).

    Returns
    -------
    Sketches
        One entry per text, in the order of ``texts``.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["Banjir melanda Jakarta pada Senin pagi", "banjir MELANDA jakarta"]})
    >>> sketched = sketch(texts)
    >>> sketched.doc_ids.tolist(), sketched.sizes().tolist()
    (['a', 'b'], [2, 1])
    """
    return _sketch(texts, shingle, num_perm, "sketch")


def _sketch(texts: pd.DataFrame, shingle: int, num_perm: int, caller: str) -> Sketches:
    """:func:`sketch`, its refusals naming ``caller``."""
    require_columns(texts, ["doc_id", "outlet", "text"], caller, "texts")
    _check(caller, shingle=shingle, num_perm=num_perm)
    doc_ids = texts["doc_id"].astype(str).to_numpy(dtype=object)
    duplicated = pd.Series(doc_ids).duplicated()
    if duplicated.any():
        raise ValueError(f"{caller}: texts has duplicate doc_id {doc_ids[duplicated.to_numpy()][0]!r}")
    outlets = texts["outlet"].where(texts["outlet"].notna(), "").astype(str).to_numpy(dtype=object)
    text = texts["text"].where(texts["text"].notna(), "").astype(str).tolist()
    hashes, offsets = _shingles(text, int(shingle))
    return Sketches(doc_ids, outlets, hashes, offsets, _signatures(hashes, offsets, int(num_perm)))


# --------------------------------------------------------------------------- candidates and similarity

def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH bands and rows ``(b, r)``: the most rows per band (fewest false candidates) that
    still miss a pair of Jaccard ``threshold`` with probability at most :data:`_MISS`."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands < 1 - _MISS:
            break
        best = (bands, rows)
    return best


def _band_keys(values: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of one band's values (equal rows, equal keys)."""
    keys = np.full(len(values), SEED, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in values.T:
            keys = _splitmix(keys * _MIX + column.astype(np.uint64) + np.uint64(1))
    return keys


def _band_pairs(values: np.ndarray, index: np.ndarray, n: int) -> np.ndarray:
    """The pairs whose rows of ``values`` (one band) are equal, as ``i * n + j`` (``i < j``)."""
    keys = _band_keys(values)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    size = np.diff(np.r_[start, len(keys)])
    shared = size > 1
    start, size = start[shared], size[shared]
    position = _ranges(start, size)                       # members of groups of two or more
    later = np.repeat(start + size, size) - position - 1  # members after each in its group
    left, right = order[np.repeat(position, later)], order[_ranges(position + 1, later)]
    equal = np.all(values[left] == values[right], axis=1)  # the band's values, not just their key
    i, j = index[left[equal]], index[right[equal]]
    return np.minimum(i, j) * n + np.maximum(i, j)


def candidate_pairs(signatures: np.ndarray, threshold: float = 0.5, usable=None) -> np.ndarray:
    """The LSH's candidate pairs: texts whose signatures are equal on at least one band.

    The bands ``(b, r)`` are the most rows per band for which a pair of Jaccard
    ``threshold`` is missed with a probability of at most 1% (less above it). The pairs are
    those ``datasketch.MinHashLSH(threshold, num_perm, params=(b, r))`` gives.

    Parameters
    ----------
    signatures : numpy.ndarray
        One MinHash signature per row (``Sketches.signatures``, of all batches stacked).
    threshold : float
        The smallest Jaccard similarity sought, in (0, 1].
    usable : array of bool or None
        Rows that may be paired (texts with shingles); None: all.

    Returns
    -------
    numpy.ndarray
        ``int64``, shape ``(pairs, 2)``: row numbers ``i < j``, sorted.

    Examples
    --------
    >>> signatures = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 6, 7, 8]], dtype=np.uint32)
    >>> candidate_pairs(signatures, threshold=0.5).tolist()
    [[0, 1]]
    """
    signatures = np.asarray(signatures)
    if signatures.ndim != 2:
        raise ValueError(f"candidate_pairs: signatures must be one row per text, got shape {signatures.shape}")
    n, num_perm = signatures.shape
    _check("candidate_pairs", threshold, num_perm=num_perm)
    bands, rows = _bands(threshold, num_perm)
    index = np.arange(n, dtype=np.int64) if usable is None else np.flatnonzero(np.asarray(usable, dtype=bool))
    found = [_band_pairs(signatures[index, band * rows:(band + 1) * rows], index, n) for band in range(bands)]
    keys = _unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1).astype(np.int64).reshape(-1, 2)


def _unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-d integer array, by sorting: NumPy 2.3 and later find the
    distinct values of an array with a hash table unless asked for an inverse or counts, which
    for ten million distinct 64-bit keys takes about 7 s instead of 0.1 s (numpy/numpy#28375).

    >>> _unique(np.array([3, 1, 3, 2], dtype=np.uint64)).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)  # NumPy's default sort (SIMD on x86): 0.06 s for ten million keys, "stable" 0.7 s
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _coded_sets(hashes: np.ndarray, offsets: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """The shingle sets of texts ``docs``: distinct codes (a number per distinct hash, in the
    order first seen: pandas' hash table, faster than ranking them by sorting), sorted per text,
    the offsets of each text's codes, and the bits of a code."""
    counts = offsets[docs + 1] - offsets[docs]
    codes, distinct = pd.factorize(hashes[_ranges(offsets[docs], counts)])
    bits = max(1, len(distinct).bit_length())
    if bits + len(docs).bit_length() > 63:
        raise ValueError(f"jaccard: too many shingles at once ({len(distinct)} distinct in {len(docs)} texts)")
    owner = np.repeat(np.arange(len(docs), dtype=np.uint64), counts)
    keys = _unique((owner << np.uint64(bits)) | codes.astype(np.uint64).ravel())
    start = np.zeros(len(docs) + 1, dtype=np.int64)
    start[1:] = np.cumsum(np.bincount((keys >> np.uint64(bits)).astype(np.int64), minlength=len(docs)))
    return keys & np.uint64((1 << bits) - 1), start, bits


def _shared(pairs: np.ndarray, codes: np.ndarray, start: np.ndarray, bits: int) -> np.ndarray:
    """The number of codes two texts share, for each pair; pairs in blocks of about
    :data:`_PAIR_BLOCK` codes (a pair's codes keyed by the pair's number in its block)."""
    sizes = np.diff(start)
    left, right = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
    total = np.cumsum(left + right)
    most = 1 << (63 - bits)
    shared = np.zeros(len(pairs), dtype=np.int64)
    begin = 0
    while begin < len(pairs):
        done = total[begin - 1] if begin else 0
        end = min(max(begin + 1, int(np.searchsorted(total, done + _PAIR_BLOCK, side="right"))), begin + most)
        number = np.arange(end - begin, dtype=np.uint64)
        keys = [(np.repeat(number, side[begin:end]) << np.uint64(bits))
                | codes[_ranges(start[pairs[begin:end, k]], side[begin:end])] for k, side in ((0, left), (1, right))]
        at = np.minimum(np.searchsorted(keys[1], keys[0]), max(len(keys[1]) - 1, 0))
        hit = keys[1][at] == keys[0] if len(keys[1]) else np.zeros(len(keys[0]), dtype=bool)
        shared[begin:end] = np.bincount((keys[0][hit] >> np.uint64(bits)).astype(np.int64), minlength=end - begin)
        begin = end
    return shared


def jaccard(pairs: np.ndarray, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The exact Jaccard similarity of the shingle sets of each pair of texts.

    Texts with the same hashes in the same order (copies word for word) are found first
    (:func:`_verbatim`) and given 1.0; only the other pairs' sets are built and intersected.

    Parameters
    ----------
    pairs : numpy.ndarray
        ``(pairs, 2)`` text numbers.
    hashes, offsets : numpy.ndarray
        The shingle hashes of the texts (``Sketches.hashes``, ``Sketches.offsets``; repeats
        and order within a text do not matter). Only the texts named in ``pairs`` are read.

    Returns
    -------
    numpy.ndarray
        ``float64``, one per pair: shared distinct shingles / distinct shingles of either
        (NaN when both texts have none).

    Examples
    --------
    >>> hashes = np.array([1, 2, 3, 2, 3, 4, 4], dtype=np.uint64)
    >>> jaccard(np.array([[0, 1], [1, 2]]), hashes, np.array([0, 3, 6, 7])).tolist()
    [0.5, 0.3333333333333333]
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if not len(pairs):
        return np.empty(0, dtype=np.float64)
    hashes, offsets = np.asarray(hashes, dtype=np.uint64), np.asarray(offsets, dtype=np.int64)
    similarity = np.ones(len(pairs), dtype=np.float64)
    rest = ~_verbatim(pairs, hashes, offsets)   # copies word for word: the same set, 1.0
    if not rest.any():
        return similarity
    docs, local = np.unique(pairs[rest], return_inverse=True)
    local = local.reshape(-1, 2)
    codes, start, bits = _coded_sets(hashes, offsets, docs)
    shared = _shared(local, codes, start, bits)
    sizes = np.diff(start)
    with np.errstate(invalid="ignore"):
        similarity[rest] = shared / (sizes[local[:, 0]] + sizes[local[:, 1]] - shared)
    return similarity


def _verbatim(pairs: np.ndarray, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per pair, whether its texts have the same shingle hashes in the same order (and some):
    their sets are then equal, without taking them apart. Most pairs of a syndicated corpus are
    such copies. The texts are grouped by their number of hashes and the sum of them (modulo
    2**64), and each is compared hash by hash with the first of its group, in blocks of about
    :data:`_PAIR_BLOCK` hashes: pairs in the same group but not equal to its first (a sum that
    happens to match, the same hashes in another order) are left to the set intersection.
    Only the texts of pairs of equal length are read (a corpus without copies has few)."""
    count = offsets[pairs + 1] - offsets[pairs]
    alike = (count[:, 0] == count[:, 1]) & (count[:, 0] > 0)
    verbatim = np.zeros(len(pairs), dtype=bool)
    if alike.any():
        verbatim[alike] = _verbatim_alike(pairs[alike], hashes, offsets)
    return verbatim


def _verbatim_alike(pairs: np.ndarray, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """:func:`_verbatim` of pairs whose texts have the same number of hashes, at least one."""
    docs, local = np.unique(pairs, return_inverse=True)
    size = offsets[docs + 1] - offsets[docs]
    total = np.zeros(len(docs), dtype=np.uint64)
    for begin, end in _blocks(size):
        block = hashes[_ranges(offsets[docs[begin:end]], size[begin:end])]
        total[begin:end] = np.add.reduceat(block, np.cumsum(size[begin:end]) - size[begin:end])
    order = np.lexsort((total, size))
    new = np.r_[True, (size[order][1:] != size[order][:-1]) | (total[order][1:] != total[order][:-1])]
    first = np.empty(len(docs), dtype=np.int64)
    first[order] = order[np.maximum.accumulate(np.where(new, np.arange(len(docs)), 0))]
    equal = np.ones(len(docs), dtype=bool)
    for begin, end in _blocks(size):
        counts = size[begin:end]
        own = hashes[_ranges(offsets[docs[begin:end]], counts)]
        model = hashes[_ranges(offsets[docs[first[begin:end]]], counts)]
        differ = np.bincount(np.repeat(np.arange(end - begin), counts)[own != model], minlength=end - begin)
        equal[begin:end] &= differ == 0
    left, right = local.reshape(-1, 2).T
    return (first[left] == first[right]) & equal[left] & equal[right]


def _blocks(size: np.ndarray):
    """``(begin, end)`` runs of ``size``'s items of about :data:`_PAIR_BLOCK` in all (one item at least)."""
    total, begin = np.cumsum(size), 0
    while begin < len(size):
        done = total[begin - 1] if begin else 0
        end = max(begin + 1, int(np.searchsorted(total, done + _PAIR_BLOCK, side="right")))
        yield begin, end
        begin = end
