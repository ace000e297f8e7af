"""The table of non-blank lines the cleaner's passes work on, and per-document look-ups over it.

:func:`page_documents` tidies a documents frame (missing values as "", newlines normalised as
the corpus loader does); :func:`page_lines` splits it into its non-blank lines with the columns
every pass uses (``doc`` as an integer code, ``outlet``, the normalised ``plain`` text and its
case-folded ``key``, ``words``, the given title's ``title_key``). The other functions answer,
per line, questions about the line's document: the first line where a mask holds, its value
there, the neighbouring line, a named group of a rule.

>>> docs = page_documents(pd.DataFrame({"doc_id": ["a"], "text": ["Judul\\r\\n\\r\\nIsi  <b>berita</b>"]}))
>>> page_lines(docs)[["line_no", "plain", "words"]].to_numpy().tolist()
[[1, 'Judul', 1], [3, 'Isi berita', 2]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .corpus import split_lines
from .frames import require_columns
from .re2 import Rx, to_arrow
from .text import casefold, normalise_newlines, normalise_text

__all__ = ["page_documents", "page_lines", "page_fingerprints", "first_line", "first_value", "neighbour",
           "extract", "quote"]


def page_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, outlet, title, source_file, text`` as str ("" where missing), newlines normalised.

    Parameters
    ----------
    documents : DataFrame
        ``doc_id, text``; ``outlet``, ``title`` and ``source_file`` used when present.

    Returns
    -------
    DataFrame
        One row per row of ``documents``, index reset.

    >>> page_documents(pd.DataFrame({"doc_id": [1], "text": [None]})).to_dict("records")
    [{'doc_id': '1', 'outlet': '', 'title': '', 'source_file': '', 'text': ''}]
    """
    docs = documents.reset_index(drop=True)
    out = pd.DataFrame({"doc_id": docs["doc_id"].astype("str")})
    for col in ("outlet", "title", "source_file"):
        values = docs[col] if col in docs else pd.Series("", index=docs.index)
        out[col] = values.astype(object).where(values.notna(), "").astype("str")
    text = docs["text"].astype(object).where(docs["text"].notna(), "").astype("str")
    out["text"] = normalise_newlines(text)
    return out


def page_lines(docs: pd.DataFrame) -> pd.DataFrame:
    """The non-blank lines of ``docs`` with the columns the passes use.

    Parameters
    ----------
    docs : DataFrame
        As from :func:`page_documents`.

    Returns
    -------
    DataFrame
        ``doc_id, line_no, text`` (as :func:`analysis.corpus.split_lines`) and ``doc, outlet,
        plain, key, words, title_key``; a line of whitespace only is blank.

    >>> page_lines(page_documents(pd.DataFrame({"doc_id": ["a"], "text": [" \\n\\u00a0"]}))).empty
    True
    """
    require_columns(docs, ["doc_id", "text", "outlet", "title"], "page_lines", "docs")
    lines = split_lines(docs[["doc_id", "text"]])
    lines = lines[lines["text"].astype("str").str.strip().ne("")].reset_index(drop=True)
    lines["text"] = lines["text"].astype("str")
    lines["doc"] = pd.Series(pd.factorize(lines["doc_id"])[0], index=lines.index)
    by_id = docs.drop_duplicates("doc_id").set_index("doc_id")
    lines["outlet"] = lines["doc_id"].map(by_id["outlet"]).fillna("").astype("str")
    lines["plain"] = normalise_text(lines["text"])
    lines["key"] = casefold(lines["plain"])
    column = to_arrow(lines["plain"])
    spaces = pc.count_substring(column, " ").to_numpy(zero_copy_only=False)
    lines["words"] = np.where(pc.utf8_length(column).to_numpy(zero_copy_only=False) > 0, spaces + 1, 0)
    title_key = casefold(normalise_text(by_id["title"]))
    lines["title_key"] = lines["doc_id"].map(title_key).fillna("").astype("str")
    return lines


def page_fingerprints(docs: pd.DataFrame) -> pd.Series:
    """A hash of each page's text by ``doc_id`` (the first row of a repeated ``doc_id``).

    Parameters
    ----------
    docs : DataFrame
        As from :func:`page_documents`.

    Returns
    -------
    Series of uint64 indexed by ``doc_id``: pages scraped twice have the same fingerprint.

    >>> f = page_fingerprints(page_documents(pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "x"]})))
    >>> bool(f["a"] == f["b"])
    True
    """
    docs = docs.drop_duplicates("doc_id")
    return pd.Series(pd.util.hash_pandas_object(docs["text"], index=False).to_numpy(), index=docs["doc_id"])


def first_line(table: pd.DataFrame, mask) -> pd.Series:
    """Per line: the line number of the first line of its document where ``mask`` holds.

    Parameters
    ----------
    table : DataFrame
        With ``doc`` and ``line_no`` (as from :func:`page_lines`).
    mask : array of bool
        Over the lines of ``table``.

    Returns
    -------
    Series of float aligned with ``table`` (``inf`` where the document has no such line).

    >>> first_line(pd.DataFrame({"doc": [0, 0, 1], "line_no": [1, 2, 1]}), [False, True, False]).tolist()
    [2.0, 2.0, inf]
    """
    return table["line_no"].where(mask).groupby(table["doc"], sort=False).transform("min").fillna(np.inf)


def first_value(table: pd.DataFrame, mask, values: pd.Series) -> pd.Series:
    """Per line: ``values`` at the first line of its document where ``mask`` holds.

    Parameters
    ----------
    table : DataFrame
        With ``doc``.
    mask : array of bool
        Over the lines of ``table``.
    values : Series
        Aligned with ``table``.

    Returns
    -------
    Series aligned with ``table`` (missing where the document has no such line).

    >>> first_value(pd.DataFrame({"doc": [0, 0]}), [False, True], pd.Series(["a", "b"])).tolist()
    ['b', 'b']
    """
    return values.where(mask).groupby(table["doc"], sort=False).transform("first")


def neighbour(table: pd.DataFrame, rows: np.ndarray, values: pd.Series, step: int) -> pd.Series:
    """Per line of ``rows``: ``values`` at the previous (``step=1``) or next (``step=-1``) line of
    ``rows`` in the same document; missing elsewhere.

    Parameters
    ----------
    table : DataFrame
        With ``doc``.
    rows : ndarray of bool
        The lines considered (others are skipped over).
    values : Series
        Aligned with ``table``.
    step : int
        1 for the previous line, -1 for the next.

    Returns
    -------
    Series aligned with ``table``.

    >>> neighbour(pd.DataFrame({"doc": [0, 0, 0]}), np.array([True, False, True]), pd.Series(["a", "b", "c"]), 1).tolist()
    [nan, nan, 'a']
    """
    return values[rows].groupby(table["doc"][rows], sort=False).shift(step).reindex(table.index)


def extract(column: pa.Array, rows: np.ndarray, rx: Rx, group: str) -> pd.Series:
    """The named ``group`` of ``rx`` in the ``rows`` lines of ``column`` ("" elsewhere).

    Read as RE2's ``extract_regex`` of the rule's twin reads it, mostly by the rule's Python
    pattern (:meth:`analysis.re2.Rx.extract_lines`): the rows are the few lines a rule matched,
    and compiling a large rule for RE2 once more costs tens of milliseconds a batch.

    Parameters
    ----------
    column : pyarrow.Array
        Lines.
    rows : ndarray of bool
        The lines to read (those ``rx``, or a rule like it, matched).
    rx : Rx
        A rule with the named group ``group``.
    group : str
        The group's name.

    Returns
    -------
    Series of str with a RangeIndex.

    >>> extract(pa.array(["Jakarta - x", "y"]), np.array([True, False]), Rx.of(r"^(?P<place>\\w+) -"), "place").tolist()
    ['Jakarta', '']
    """
    out = np.full(len(column), "", dtype=object)
    if rows.any():
        out[rows] = rx.extract_lines(column.filter(pa.array(rows)), group)
    return pd.Series(out, dtype="str")


def quote(text: pd.Series) -> pd.Series:
    """Text quoted for a reason: at most 60 characters between single quotes.

    Parameters
    ----------
    text : Series
        Values to quote.

    Returns
    -------
    Series of str

    >>> quote(pd.Series(["Baca juga"])).tolist()
    ["'Baca juga'"]
    """
    return "'" + text.astype("str").str.slice(0, 60) + "'"
