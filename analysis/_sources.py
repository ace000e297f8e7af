"""The work of the two sources stages of :mod:`analysis.pipeline` (``find_quotes`` and
``find_near_copies``) on a batch, and the client's combination of the batches' parts.

Quotes are found per batch (a document's lines are all in its batch); the speakers the
gazetteer does not know (``quotes.speaker_candidates``) need the text of the lines their
quotes are on, so each batch keeps only those lines (the lines of quotes with a named
speaker that is no actor): the client never holds all lines.

Near-copies need every pair of documents, across batches. Each batch writes its documents'
MinHash signatures (``signatures``: ``doc_id, outlet, shingles`` and one ``uint32`` column per
permutation) and shingle hashes (``shingles``: ``row`` in the batch's signatures, ``hash``);
the client stacks the signatures of all batches (4 bytes per permutation and document) for
the LSH, then reads the shingles batch by batch, keeping only those of the documents in a
candidate pair, for their exact Jaccard. The pairs are those of ``syndication.near_copies`` on
all texts at once, whatever the batches.

>>> signatures, shingles = sketch_tables(pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
...     "text": ["Satu dua tiga empat lima enam"]}))
>>> signatures.columns[:4].tolist(), len(shingles)
(['doc_id', 'outlet', 'shingles', 'minhash_000'], 2)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import quotes, syndication
from .cache import Parts

__all__ = ["quote_tables", "combine_quotes", "sketch_tables", "near_copy_pairs"]


# --------------------------------------------------------------------------- quotes

def quote_tables(lines: pd.DataFrame, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes of one batch and the lines :func:`quotes.speaker_candidates` reads for them.

    Parameters
    ----------
    lines, documents : pandas.DataFrame
        The batch's lines and documents (``doc_id, outlet``), as for ``quotes.find_quotes``.

    Returns
    -------
    tuple of pandas.DataFrame
        ``quotes.find_quotes(lines, documents)``, and ``doc_id, line_no, text`` of the lines of
        its quotes whose speaker is named but no actor of the gazetteer.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2], "label": ["body"] * 2, "reason": [""] * 2,
    ...     "text": ["Menurut ekonom Andi Wijaya, stok beras aman.", "Harga cabai naik."]})
    >>> found, kept = quote_tables(lines, pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]}))
    >>> len(found), kept["line_no"].tolist()
    (1, [1])
    """
    found = quotes.find_quotes(lines, documents)
    named = found.loc[found["speaker"].notna() & found["actor"].isna(), ["doc_id", "line_no"]].drop_duplicates()
    kept = lines[["doc_id", "line_no", "text"]].astype({"doc_id": "str"})
    kept = kept.merge(named.astype({"doc_id": "str"}), on=["doc_id", "line_no"], how="inner")
    return found, kept.reset_index(drop=True)


def combine_quotes(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The quotes of all batches in the order ``quotes.find_quotes`` gives for all lines at once.

    Parameters
    ----------
    parts : list of pandas.DataFrame
        The quotes of each batch (each document in one batch only).

    Returns
    -------
    pandas.DataFrame
        The rows of all parts, by ``doc_id`` (stable: a document's rows keep their order);
        empty parts are left out so that the column types are those of the found quotes.

    Examples
    --------
    >>> parts = [pd.DataFrame({"doc_id": ["b", "b"], "n": [1, 2]}), pd.DataFrame({"doc_id": ["a"], "n": [3]})]
    >>> combine_quotes(parts)["n"].tolist()
    [3, 1, 2]
    """
    found = [part for part in parts if len(part)] or parts[:1]
    if not found:
        raise ValueError("combine_quotes: no batches")
    combined = pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]
    order = np.argsort(combined["doc_id"].astype("str").to_numpy(dtype=object), kind="stable")
    return combined.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------- near-copies

def sketch_tables(texts: pd.DataFrame, shingle: int = 5, num_perm: int = 128) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sketches of one batch of texts (``syndication.sketch``) as two tables to write as parts.

    Parameters
    ----------
    texts : pandas.DataFrame
        ``doc_id, outlet, text`` of the batch.
    shingle, num_perm : int
        As for ``syndication.sketch``.

    Returns
    -------
    tuple of pandas.DataFrame
        ``signatures`` (one row per text: ``doc_id, outlet, shingles`` (their number, repeats
        counted) and ``minhash_000`` … one ``uint32`` column per permutation) and ``shingles``
        (one row per shingle: ``row`` (the text's row in ``signatures``), ``hash``).

    Examples
    --------
    >>> signatures, shingles = sketch_tables(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...     "text": ["", "Satu dua tiga"]}), num_perm=4)
    >>> signatures.shape, shingles["row"].tolist()
    ((2, 7), [1])
    """
    sketched = syndication.sketch(texts, shingle, num_perm)
    sizes = sketched.sizes()
    columns = [f"minhash_{k:03d}" for k in range(sketched.signatures.shape[1])]
    signatures = pd.concat([
        pd.DataFrame({"doc_id": sketched.doc_ids, "outlet": sketched.outlets, "shingles": sizes}),
        pd.DataFrame(sketched.signatures, columns=columns)], axis=1)
    rows = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
    return signatures, pd.DataFrame({"row": rows, "hash": sketched.hashes})


def _needed_shingles(parts: Parts, needed: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of the documents ``needed`` (global rows, sorted; batch ``b`` holds rows
    ``first[b]`` on), read batch by batch: ``(hashes, offsets)`` in the order of ``needed``."""
    batch = np.searchsorted(first, needed, side="right") - 1
    hashes, counts = [], []
    for index in np.unique(batch):
        rows = needed[batch == index] - first[index]
        part = parts.read("shingles", int(index))
        row = part["row"].to_numpy(dtype=np.int64)
        wanted = np.zeros(int(first[index + 1] - first[index]), dtype=bool)
        wanted[rows] = True
        keep = wanted[row]
        hashes.append(part["hash"].to_numpy(dtype=np.uint64)[keep])
        counts.append(np.bincount(row[keep], minlength=int(first[index + 1] - first[index]))[rows])
    offsets = np.zeros(len(needed) + 1, dtype=np.int64)
    if counts:
        offsets[1:] = np.cumsum(np.concatenate(counts))
    return (np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)), offsets


def near_copy_pairs(parts: Parts, documents: pd.DataFrame | None, threshold: float) -> pd.DataFrame:
    """The near-copy pairs over all batches of a finished sketches stage.

    Parameters
    ----------
    parts : Parts
        The parts written by :func:`sketch_tables`, one per batch (``signatures``, ``shingles``).
    documents : pandas.DataFrame or None
        ``doc_id, published`` for ``earlier``.
    threshold : float
        The smallest Jaccard similarity reported, in (0, 1].

    Returns
    -------
    pandas.DataFrame
        ``syndication.near_copies`` of all the texts at once.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> parts = Parts(Path(tempfile.mkdtemp()))
    >>> for index, text in enumerate(["Satu dua tiga empat lima enam", "satu dua tiga empat lima enam"]):
    ...     tables = sketch_tables(pd.DataFrame({"doc_id": [f"d{index}"], "outlet": ["X"], "text": [text]}))
    ...     parts.write("signatures", index, tables[0]); parts.write("shingles", index, tables[1])
    >>> near_copy_pairs(parts, None, 0.5)[["doc_id", "other_doc_id", "similarity"]].values.tolist()
    [['d0', 'd1', 1.0]]
    """
    batches = parts.count("signatures")
    if not batches:
        return syndication.pair_table([], [], np.empty((0, 2), dtype=np.int64), np.empty(0), documents, threshold)
    frames = [parts.read("signatures", index, columns=["doc_id", "outlet", "shingles"]) for index in range(batches)]
    first = np.r_[0, np.cumsum([len(frame) for frame in frames])].astype(np.int64)
    ids = np.concatenate([frame["doc_id"].astype("str").to_numpy(dtype=object) for frame in frames])
    duplicated = pd.Series(ids).duplicated().to_numpy()
    if duplicated.any():
        raise ValueError(f"find_near_copies: texts has duplicate doc_id {ids[duplicated][0]!r}")
    outlets = np.concatenate([frame["outlet"].astype("str").to_numpy(dtype=object) for frame in frames])
    usable = np.concatenate([frame["shingles"].to_numpy() > 0 for frame in frames])
    del frames
    pairs = syndication.candidate_pairs(_signature_matrix(parts, first), threshold, usable)
    needed, local = np.unique(pairs, return_inverse=True)
    hashes, offsets = _needed_shingles(parts, needed, first)
    similarity = syndication.jaccard(local.reshape(-1, 2), hashes, offsets)
    return syndication.pair_table(ids, outlets, pairs, similarity, documents, threshold)


def _signature_matrix(parts: Parts, first: np.ndarray) -> np.ndarray:
    """The signatures of all batches in one ``uint32`` array (filled batch by batch)."""
    columns = [c for c in parts.empty("signatures").columns if c.startswith("minhash_")]
    matrix = np.empty((int(first[-1]), len(columns)), dtype=np.uint32)
    for index in range(len(first) - 1):
        matrix[first[index]:first[index + 1]] = parts.read("signatures", index, columns=columns).to_numpy(np.uint32)
    return matrix
