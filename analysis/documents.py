"""The frames that loading produces, shared by the readers, the metadata steps and the cleaner.

* ``documents``: one row per page kept (:data:`DOCUMENT_COLUMNS`, plus ``text`` in memory);
* ``problems``: one row per refusal or warning (:data:`PROBLEM_COLUMNS`), made with :func:`problem`;
* raw ``lines``: one row per line of a page (:func:`split_lines`).

A :class:`Corpus` holds the three; a :class:`RawBatch` is a batch as read, before the metadata. This module depends on nothing else in the package, so
that every loading module (``decode``, ``readers``, ``metadata``, ``language``, ``corpus``)
can use it.

>>> problem("a.txt", "a", "warning", "removed 1 NUL byte")["message"]
'removed 1 NUL byte'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .frames import require_columns

if TYPE_CHECKING:  # only named in annotations: this module imports nothing else of the package
    from .published import DayMonthOrder

__all__ = ["Corpus", "RawBatch", "DOCUMENT_COLUMNS", "PROBLEM_COLUMNS", "METADATA_COLUMNS", "COUNT_COLUMNS",
           "STRUCTURE_COLUMNS", "problem", "empty_documents", "empty_problems", "split_lines"]

#: Columns of ``tables/documents.csv`` (the ``text`` column is kept in memory only).
DOCUMENT_COLUMNS = [
    "doc_id", "source_file", "outlet", "title", "published", "published_source", "published_raw",
    "authors", "editors", "credited_sources", "url", "language", "encoding",
    "n_lines", "n_nonblank_lines", "n_chars",
]
#: The columns of ``documents`` that hold counts (integers).
COUNT_COLUMNS = ("n_lines", "n_nonblank_lines", "n_chars")
#: Columns of ``tables/problems.csv``.
PROBLEM_COLUMNS = ["source_file", "doc_id", "severity", "message"]
#: Where each line of a saved HTML page stood (``readers.html``): its block element, its zone
#: (``furniture``, ``article`` or ""), the share of its characters inside links, the number of
#: its block element and of the block holding that one (lines of one container share it).
STRUCTURE_COLUMNS = ["doc_id", "line_no", "tag", "zone", "link_share", "block", "parent"]
#: Columns a table corpus or ``metadata.csv`` may give, overriding the text (``language``: the
#: page's language as the source states it, an ISO 639-1 code, which spares identifying it).
METADATA_COLUMNS = ["outlet", "title", "published", "url", "authors", "editors", "credited_sources", "language"]


@dataclass
class Corpus:
    """The result of loading: one row per document and one row per problem.

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document (:data:`DOCUMENT_COLUMNS` and ``text`` once finished; a raw
        batch has ``doc_id, source_file, text, encoding`` and any ``given_*`` columns).
    problems : pandas.DataFrame
        One row per refusal or warning (:data:`PROBLEM_COLUMNS`).
    lines : pandas.DataFrame or None
        The cleaner's labelled lines (``clean.label_lines``), from which the title and date
        were read; None where the documents were not cleaned yet.

    Returns
    -------
    Corpus
        :meth:`concat` joins several (the batches of one corpus).

    Examples
    --------
    >>> len(Corpus.concat([Corpus(empty_documents(), empty_problems())]).documents)
    0
    """

    documents: pd.DataFrame
    problems: pd.DataFrame
    lines: pd.DataFrame | None = None

    @staticmethod
    def concat(parts: list["Corpus"]) -> "Corpus":
        """One Corpus of ``parts``, in order (empty frames with the right columns if none)."""
        docs = [p.documents for p in parts if len(p.documents)]
        probs = [p.problems for p in parts if len(p.problems)]
        lines = [p.lines for p in parts if p.lines is not None and len(p.lines)]
        return Corpus(
            pd.concat(docs, ignore_index=True) if docs else empty_documents(),
            pd.concat(probs, ignore_index=True) if probs else empty_problems(),
            pd.concat(lines, ignore_index=True) if lines else None,
        )


@dataclass
class RawBatch:
    """A batch of documents as read and decoded, before any analysis.

    Cheap to produce in order (reading, decoding, doc_id checks: ``readers.iter_raw``); the
    expensive work is left to ``corpus.finish``.

    Parameters
    ----------
    corpus : Corpus
        The raw documents (``doc_id, source_file, text, encoding`` and any ``given_*``
        metadata columns) and the problems of reading them.
    metadata_folder : pathlib.Path or None
        The folder whose ``metadata.csv`` gives metadata to these documents.
    published_order : published.DayMonthOrder or None
        The day/month order of the source's whole ``published`` column (None: decide per batch).
    published_column : str
        That column, named in messages ("published column of export.csv").
    structure : pandas.DataFrame or None
        Where each line of the batch's HTML pages stood (:data:`STRUCTURE_COLUMNS`); None
        when the batch holds none.

    Returns
    -------
    RawBatch

    Examples
    --------
    >>> RawBatch(Corpus(empty_documents(), empty_problems())).published_column
    'published column'
    """

    corpus: Corpus
    metadata_folder: Path | None = None
    published_order: "DayMonthOrder | None" = None
    published_column: str = "published column"
    structure: pd.DataFrame | None = None


def empty_documents() -> pd.DataFrame:
    """An empty ``documents`` frame (:data:`DOCUMENT_COLUMNS` and ``text``, all text).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> empty_documents().columns[-1]
    'text'
    """
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DOCUMENT_COLUMNS + ["text"]})


def empty_problems() -> pd.DataFrame:
    """An empty ``problems`` frame.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> empty_problems().columns.tolist() == PROBLEM_COLUMNS
    True
    """
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})


def problem(source: str, doc_id: str, severity: str, message: str) -> dict:
    """One row of ``problems``.

    Parameters
    ----------
    source : str
        The file (or ``file:row``) concerned.
    doc_id : str
        The document concerned, or "" when the problem is not about one document.
    severity : str
        ``"error"`` (something refused) or ``"warning"``.
    message : str
        What happened, for a reader of ``problems.csv``.

    Returns
    -------
    dict
        Keyed by :data:`PROBLEM_COLUMNS`.

    Examples
    --------
    >>> problem("x.csv:3", "", "error", "refused: the text is empty")["source_file"]
    'x.csv:3'
    """
    return {"source_file": source, "doc_id": doc_id, "severity": severity, "message": message}


def split_lines(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per raw line: ``doc_id, line_no`` (1-based), ``text``; blank lines included.

    Lines end at ``"\\n"``: the loaded texts' line ends are normalised to it
    (:func:`analysis.text.normalise_newlines`: CRLF and bare CR), as they are before
    :func:`analysis.clean.label_lines` numbers the lines, so that both number them alike.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id, text``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, line_no, text`` in document and line order.

    Examples
    --------
    >>> split_lines(pd.DataFrame({"doc_id": ["a"], "text": ["x\\n\\ny"]}))["line_no"].tolist()
    [1, 2, 3]
    """
    require_columns(documents, ["doc_id", "text"], "split_lines", "documents")
    if documents.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "line_no": pd.Series(dtype="int64"),
                             "text": pd.Series(dtype=object)})
    parts = documents[["doc_id"]].assign(text=documents["text"].str.split("\n")).explode("text")
    parts["line_no"] = parts.groupby(level=0).cumcount() + 1
    return parts[["doc_id", "line_no", "text"]].reset_index(drop=True).astype({"line_no": "int64"})
