"""Syndication: near-copies of articles (across outlets and within one), their clusters, and
each outlet's wire dependence.

This module owns the three tables of the syndication report, each a pure function of tidy
frames:

* :func:`near_copies` (``tables/syndication.csv``): pairs of documents whose word 5-shingle
  Jaccard similarity is at least a threshold. Candidate pairs come from MinHash LSH; the
  similarity of every candidate is then computed exactly, so a pair is reported only when
  its true Jaccard reaches the threshold (the LSH can miss a pair, never invent one).
* :func:`clusters` (``tables/syndication_clusters.csv``): the connected components of those
  pairs, with the first publisher and the time lag to the last.
* :func:`wire_dependence`: per outlet, the articles that credit a wire or are near-copies of
  an earlier article of another outlet.

:func:`near_copies` is four pieces that also run apart, so that a corpus too large for memory
is handled batch by batch (``pipeline.find_near_copies``): :func:`sketch` (the shingle hashes
and MinHash signatures of a batch of texts), :func:`candidate_pairs` (the LSH over the
signatures of all batches), :func:`jaccard` (the exact similarity of candidate pairs, from
their shingle hashes only) and :func:`pair_table` (the table). The pairs do not depend on how
the texts are split into batches, nor on their order.

Conventions
-----------
* Text is normalised before shingling: lower-cased (``pyarrow.compute.utf8_lower``), words
  only: a word is a maximal run of Unicode letters and digits (``[\\p{L}\\p{N}]+``);
  punctuation, quotation marks and line breaks separate words and are dropped.
* A shingle is ``shingle`` consecutive words of one document; a document with fewer words
  has one shingle (all its words); an empty document has none and is never paired.
  Similarity is the Jaccard index of the two documents' *sets* of shingles.
* Words are hashed with ``pandas.util.hash_array`` (SipHash with a fixed key) and shingles
  combined from them into 64-bit hashes: "exact" Jaccard is computed on these 64-bit
  hashes (a collision of two different shingles has a probability of about ``n**2 / 2**65``
  for ``n`` distinct shingles, under 1e-5 for 10^7). The MinHash of a document uses the top
  32 bits of its shingle hashes and the permutations of ``datasketch.MinHash(num_perm,
  seed=SEED)``, with datasketch's own formula: the signature equals what
  ``MinHash.update_batch`` gives for those 32-bit values (kept as ``uint32``), computed for
  all documents at once with numpy.
* The LSH is banded as ``datasketch.MinHashLSH(params=(b, r))`` is: two documents are a
  candidate pair when the ``r`` values of one of the ``b`` bands of their signatures are
  equal. It is computed with numpy (per band, documents grouped by a hash of the band's
  values, then the values compared), which gives exactly ``MinHashLSH``'s candidates.
* Candidates that are copies word for word (the same shingle hashes in the same order, checked
  hash by hash) have the same set: their similarity is 1.0 without intersecting the sets, which
  most pairs of a syndicated corpus skip that way. The others are intersected as sets.
* Nothing depends on the order of the rows or on the process: word hashes have a fixed key,
  the permutations a fixed seed, and the table is sorted. The same input gives the same
  tables, byte for byte.
* ``earlier`` is the document published first when both publication times are known and
  differ (``documents.published``, ISO 8601 with a UTC offset, compared in UTC; a date
  without a time counts as midnight UTC); otherwise "".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._minhash import SEED, Sketches, _check, _sketch, candidate_pairs, jaccard, sketch
from .frames import require_columns

__all__ = ["SEED", "PAIR_COLUMNS", "CLUSTER_COLUMNS", "WIRE_COLUMNS", "near_copies", "clusters",
           "wire_dependence", "Sketches", "sketch", "candidate_pairs", "jaccard", "pair_table"]

#: Columns of :func:`near_copies`.
PAIR_COLUMNS = ["doc_id", "outlet", "other_doc_id", "other_outlet", "similarity", "earlier"]
#: Columns of :func:`clusters`.
CLUSTER_COLUMNS = ["cluster", "size", "doc_ids", "outlets", "first_doc_id", "first_outlet",
                   "first_published", "last_published", "lag_hours"]
#: Columns of :func:`wire_dependence`.
WIRE_COLUMNS = ["outlet", "articles", "wire_credited", "copied", "wire_or_copied", "share"]

_SEP = "; "                      # lists in a cell, as in the documents table


# --------------------------------------------------------------------------- the table of pairs

def _published_utc(documents: pd.DataFrame | None, doc_ids) -> pd.Series:
    """Publication time in UTC for each of ``doc_ids`` (NaT where unknown); only the rows of
    ``documents`` with those ids are parsed."""
    if documents is None:
        return pd.Series(pd.NaT, index=pd.Index(doc_ids), dtype="datetime64[ns, UTC]")
    ids = documents["doc_id"].astype(str)
    wanted = _is_in(ids, pd.unique(np.asarray(doc_ids, dtype=object)))
    given = documents.loc[wanted, ["published"]].assign(doc_id=ids[wanted]).drop_duplicates("doc_id") \
        .set_index("doc_id")["published"]
    text = given.where(given.notna(), "").astype(str).str.strip()
    times = pd.to_datetime(text.where(text.ne(""), None), utc=True, errors="coerce", format="ISO8601")
    return times.reindex(pd.Index(doc_ids))


def _is_in(strings: pd.Series, wanted: np.ndarray) -> np.ndarray:
    """``strings.isin(wanted)`` of a column of strings, in Arrow: pandas' ``isin`` on a ``str``
    column makes an Arrow scalar of each wanted value (0.4 s for 90,000 doc_ids). As there,
    wanted values that are not strings are left out, and a missing one finds the missing."""
    column, wanted = _arrow(strings), np.asarray(wanted, dtype=object)
    if pd.api.types.infer_dtype(wanted, skipna=True) not in ("string", "empty"):
        wanted = np.array([v for v in wanted if isinstance(v, str) or v is None or v != v], dtype=object)
    value_set = pa.array(wanted, type=pa.large_string(), from_pandas=True)
    return pc.is_in(column, value_set=value_set).fill_null(False).to_numpy(zero_copy_only=False)


def _arrow(strings: pd.Series) -> pa.Array:
    """A column of strings as one ``large_string`` Arrow array."""
    column = pa.array(strings.astype("str").array)
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return column.cast(pa.large_string())


def _earlier(left: pd.Series, right: pd.Series, left_ids, right_ids) -> np.ndarray:
    """The doc_id of the earlier of two publication times, "" when unknown or equal."""
    left, right = left.array, right.array  # compared as datetimes (to_numpy() makes a Timestamp object each)
    known = ~(np.asarray(pd.isna(left)) | np.asarray(pd.isna(right)))
    out = np.full(len(left), "", dtype=object)
    first = known & (left < right)
    second = known & (right < left)
    out[first] = np.asarray(left_ids, dtype=object)[first]
    out[second] = np.asarray(right_ids, dtype=object)[second]
    return out


def pair_table(doc_ids, outlets, pairs: np.ndarray, similarity: np.ndarray,
               documents: pd.DataFrame | None = None, threshold: float = 0.5) -> pd.DataFrame:
    """The table of near-copy pairs: candidate pairs whose similarity reaches ``threshold``.

    Parameters
    ----------
    doc_ids, outlets : array-like of str
        The texts' ids (unique) and outlets; ``pairs`` numbers them.
    pairs : numpy.ndarray
        ``(pairs, 2)`` text numbers (:func:`candidate_pairs`), each pair once.
    similarity : numpy.ndarray
        The Jaccard similarity of each pair (:func:`jaccard`).
    documents : pandas.DataFrame or None
        ``doc_id, published`` for ``earlier``; None: no dates.
    threshold : float
        The smallest similarity kept.

    Returns
    -------
    pandas.DataFrame
        :data:`PAIR_COLUMNS`, as :func:`near_copies` returns it.

    Examples
    --------
    >>> pair_table(["b", "a", "c"], ["Y", "X", "Z"], np.array([[0, 1], [1, 2]]), np.array([0.9, 0.2])).values.tolist()
    [['a', 'X', 'b', 'Y', 0.9, '']]
    """
    ids, outlets = np.asarray(doc_ids, dtype=object), np.asarray(outlets, dtype=object)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    similarity = np.asarray(similarity, dtype=np.float64)
    keep = similarity >= threshold
    pairs, similarity = pairs[keep], similarity[keep]
    swap = (ids[pairs[:, 0]] > ids[pairs[:, 1]]).astype(bool)
    first, second = np.where(swap, pairs[:, 1], pairs[:, 0]), np.where(swap, pairs[:, 0], pairs[:, 1])
    left, right = ids[first], ids[second]
    published = _published_utc(documents, np.concatenate([left, right]))
    out = pd.DataFrame({"doc_id": left, "outlet": outlets[first], "other_doc_id": right,
                        "other_outlet": outlets[second], "similarity": similarity,
                        "earlier": _earlier(published.iloc[:len(left)], published.iloc[len(left):], left, right)})
    out = out.astype({c: object for c in PAIR_COLUMNS if c != "similarity"})
    return out.sort_values(["similarity", "doc_id", "other_doc_id"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)[PAIR_COLUMNS]


def near_copies(texts: pd.DataFrame, documents: pd.DataFrame | None = None, threshold: float = 0.5,
                shingle: int = 5, num_perm: int = 128) -> pd.DataFrame:
    """Pairs of documents that are near-copies: word-shingle Jaccard at least ``threshold``.

    Candidates come from MinHash LSH over all the texts (across outlets and within one),
    banded so that a pair right at ``threshold`` is missed with a probability of at most 1%
    (less above it); the Jaccard of every candidate pair is computed exactly and kept when
    it reaches ``threshold``. Conventions (normalisation, hashing, ``earlier``) in the module
    docstring; the same pieces run batch by batch in ``pipeline.find_near_copies``.

    Parameters
    ----------
    texts : pandas.DataFrame
        ``doc_id`` (unique), ``outlet``, ``text``: the cleaner's texts (``clean.clean_texts``).
    documents : pandas.DataFrame or None
        ``doc_id, published`` (the documents table) for ``earlier``; None: no dates.
    threshold : float
        The smallest Jaccard similarity reported, in (0, 1]; it sets the LSH's bands.
    shingle : int
        Words per shingle (>= 1).
    num_perm : int
        MinHash permutations (more: fewer missed pairs, slower).

    Returns
    -------
    pandas.DataFrame
        :data:`PAIR_COLUMNS`: one row per pair, ``doc_id < other_doc_id``; ``similarity``
        the exact Jaccard; ``earlier`` the doc_id published first or "". Sorted by
        similarity (descending), then ``doc_id, other_doc_id``.

    Examples
    --------
    >>> story = "Kapal itu tiba di pelabuhan Tanjung Priok pada Senin pagi membawa bantuan pangan"
    >>> texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
    ...     "text": [story, "JAKARTA - " + story, "Harga cabai naik tajam di pasar induk"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"],
    ...     "published": ["2024-01-10T09:00:00+07:00", "2024-01-10T11:25:00+07:00"]})
    >>> near_copies(texts, docs).values.tolist()
    [['a', 'X', 'b', 'Y', 0.9, 'a']]
    """
    require_columns(texts, ["doc_id", "outlet", "text"], "near_copies", "texts")
    if documents is not None:
        require_columns(documents, ["doc_id", "published"], "near_copies", "documents")
    _check("near_copies", threshold, shingle, num_perm)
    sketched = _sketch(texts, shingle, num_perm, "near_copies")
    pairs = candidate_pairs(sketched.signatures, threshold, sketched.sizes() > 0)
    similarity = jaccard(pairs, sketched.hashes, sketched.offsets)
    return pair_table(sketched.doc_ids, sketched.outlets, pairs, similarity, documents, threshold)


# --------------------------------------------------------------------------- clusters and wires

def _components(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The doc_ids in the pairs (sorted) and the connected component of each.

    scipy is imported here, on the first pairs to group: importing ``scipy.sparse`` takes about
    0.13 s, a report on a corpus without near copies never needs it."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    code, nodes = pd.factorize(np.concatenate([pairs["doc_id"].astype(str).to_numpy(dtype=object),
                                               pairs["other_doc_id"].astype(str).to_numpy(dtype=object)]),
                               sort=True)  # nodes sorted, as np.unique gives them
    nodes = np.asarray(nodes, dtype=object)
    left, right = code[:len(pairs)], code[len(pairs):]
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    return nodes, labels


def _node_outlets(pairs: pd.DataFrame) -> pd.Series:
    """The outlet of each doc_id named in the pairs."""
    both = pd.concat([pd.DataFrame({"doc_id": pairs["doc_id"], "outlet": pairs["outlet"]}),
                      pd.DataFrame({"doc_id": pairs["other_doc_id"], "outlet": pairs["other_outlet"]})])
    both = both.assign(outlet=both["outlet"].fillna("")).astype(str).drop_duplicates("doc_id")
    return both.set_index("doc_id")["outlet"]  # a missing outlet (a table read back from CSV) is "", as written


def _cluster_rows(members: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster (``component``), from its members in publication order (unknown
    times last, then doc_id): every column computed for all clusters at once."""
    by_cluster = members.groupby("component", sort=True)
    dated = members[members["time"].notna()].groupby("component", sort=True)
    first, last = dated.head(1).set_index("component"), dated.tail(1).set_index("component")
    components = pd.Index(by_cluster.size().index)
    hours = (last["time"] - first["time"]).to_numpy(dtype="timedelta64[ns]").astype(np.int64) / 1e9 / 3600
    lag = pd.Series(hours, index=first.index).where(dated.size() > 1)
    distinct_outlets = members.drop_duplicates(["component", "outlet"])
    return pd.DataFrame({
        "size": by_cluster.size().to_numpy(dtype=np.int64),
        "doc_ids": _joined(members["component"].to_numpy(), members["doc_id"]).reindex(components).to_numpy(dtype=object),
        "outlets": _joined(distinct_outlets["component"].to_numpy(), distinct_outlets["outlet"])
        .reindex(components).to_numpy(dtype=object),
        **{column: first[source].reindex(components).fillna("").to_numpy(dtype=object)
           for column, source in (("first_doc_id", "doc_id"), ("first_outlet", "outlet"),
                                  ("first_published", "published"))},
        "last_published": last["published"].reindex(components).fillna("").to_numpy(dtype=object),
        "lag_hours": lag.reindex(components).to_numpy(dtype=np.float64),
    })


def _joined(group: np.ndarray, values: pd.Series) -> pd.Series:
    """``"; ".join`` of ``values`` per run of ``group`` (sorted), by group, joined in Arrow (a
    pandas ``agg`` of ``str.join`` makes a Series of each group: 0.8 s for 23,000 clusters)."""
    keys, start = np.unique(group, return_index=True)
    offsets = pa.array(np.r_[start, len(group)].astype(np.int64), type=pa.int64())
    lists = pa.LargeListArray.from_arrays(offsets, _arrow(values))
    joined = pc.binary_join(lists, pa.scalar(_SEP, pa.large_string()))
    return pd.Series(joined.to_numpy(zero_copy_only=False), index=keys)


def clusters(pairs: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Syndication clusters: the connected components of the near-copy pairs.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``doc_id, outlet, other_doc_id, other_outlet`` (:func:`near_copies`).
    documents : pandas.DataFrame or None
        ``doc_id, published`` (the documents table); None: no dates.

    Returns
    -------
    pandas.DataFrame
        :data:`CLUSTER_COLUMNS`, one row per cluster: ``cluster`` (1, 2, … by size
        descending, then first doc_id), ``size``, ``doc_ids`` and ``outlets`` ("; "-joined
        in publication order: dated members first, then the others by doc_id; each outlet
        once), the first publisher (``first_doc_id, first_outlet, first_published``, "" when
        no member is dated), ``last_published`` and ``lag_hours`` from the first to the last
        dated member (NaN with fewer than two).

    Examples
    --------
    >>> pairs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "other_doc_id": ["b", "c"], "other_outlet": ["Y", "Z"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "published": [
    ...     "2024-01-10T12:00:00+07:00", "2024-01-10T09:00:00+07:00", ""]})
    >>> clusters(pairs, docs)[["size", "doc_ids", "first_outlet", "lag_hours"]].values.tolist()
    [[3, 'b; a; c', 'Y', 3.0]]
    """
    require_columns(pairs, ["doc_id", "outlet", "other_doc_id", "other_outlet"], "clusters", "pairs")
    missing = [c for c in ("doc_id", "other_doc_id") if pairs[c].isna().any()]
    if missing:
        raise ValueError(f"clusters: pairs has missing values in {', '.join(missing)}")
    if documents is not None:
        require_columns(documents, ["doc_id", "published"], "clusters", "documents")
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "lag_hours" else
                                          (np.int64 if c in ("cluster", "size") else object))
                             for c in CLUSTER_COLUMNS})
    nodes, labels = _components(pairs)
    members = pd.DataFrame({"doc_id": nodes, "component": labels})
    members["outlet"] = _node_outlets(pairs).reindex(nodes).to_numpy()
    members["time"] = _published_utc(documents, nodes).to_numpy()
    given = pd.Series(dtype=object) if documents is None else documents.assign(
        doc_id=documents["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")["published"]
    members["published"] = given.reindex(nodes).where(lambda s: s.notna(), "").astype(str).to_numpy()
    members = members.sort_values(["component", "time", "doc_id"], na_position="last", kind="stable")
    out = _cluster_rows(members)
    out = out.assign(first_member=out["doc_ids"].str.split(_SEP).map(min))
    out = out.sort_values(["size", "first_member"], ascending=[False, True], kind="stable")
    out = out.drop(columns="first_member")
    out.insert(0, "cluster", np.arange(1, len(out) + 1, dtype=np.int64))
    return out.reset_index(drop=True)[CLUSTER_COLUMNS]


def wire_dependence(documents: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Each outlet's wire dependence: articles crediting a wire or copying another outlet.

    An article *credits a wire* when its ``credited_sources`` is not empty (ANTARA, Reuters,
    AFP, AP, Xinhua, Yonhap …: whatever the metadata reader found credited). It is *copied*
    when it is in a near-copy pair with an article of another outlet that was published
    earlier (``earlier`` names that other article).

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id, outlet, credited_sources`` (the documents table).
    pairs : pandas.DataFrame
        ``doc_id, outlet, other_doc_id, other_outlet, earlier`` (:func:`near_copies`).

    Returns
    -------
    pandas.DataFrame
        :data:`WIRE_COLUMNS`, one row per outlet of ``documents`` (sorted): ``articles``,
        ``wire_credited``, ``copied``, ``wire_or_copied`` (articles with either) and
        ``share`` (``wire_or_copied / articles``).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
    ...                      "credited_sources": ["ANTARA", "", ""]})
    >>> pairs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "other_doc_id": ["b"],
    ...                       "other_outlet": ["Y"], "earlier": ["a"]})
    >>> wire_dependence(docs, pairs).values.tolist()
    [['X', 1, 1, 0, 1, 1.0], ['Y', 2, 0, 1, 1, 0.5]]
    """
    require_columns(documents, ["doc_id", "outlet", "credited_sources"], "wire_dependence", "documents")
    require_columns(pairs, ["doc_id", "outlet", "other_doc_id", "other_outlet", "earlier"],
                    "wire_dependence", "pairs")
    docs = pd.DataFrame({
        "doc_id": documents["doc_id"].astype(str).to_numpy(),
        "outlet": documents["outlet"].where(documents["outlet"].notna(), "").astype(str).to_numpy(),
        "wire": documents["credited_sources"].where(documents["credited_sources"].notna(), "")
        .astype(str).str.strip().ne("").to_numpy()})
    earlier = pairs["earlier"].where(pairs["earlier"].notna(), "").astype(str)
    across = pairs["outlet"].astype(str).ne(pairs["other_outlet"].astype(str)) & earlier.ne("")
    later = np.where(earlier.eq(pairs["doc_id"].astype(str)), pairs["other_doc_id"].astype(str),
                     pairs["doc_id"].astype(str))
    docs["copied"] = _is_in(docs["doc_id"], pd.unique(later[across.to_numpy()]))
    docs["either"] = docs["wire"] | docs["copied"]
    out = docs.groupby("outlet", sort=True).agg(articles=("doc_id", "size"), wire_credited=("wire", "sum"),
                                                copied=("copied", "sum"), wire_or_copied=("either", "sum"))
    out = out.astype(np.int64).reset_index()
    out["share"] = out["wire_or_copied"] / out["articles"]
    return out[WIRE_COLUMNS]
