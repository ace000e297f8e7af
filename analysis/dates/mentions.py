"""Date mentions of a corpus and the anchor of each document: the public entry points.

* **Anchor.** Relative and year-less mentions are resolved against the document's
  anchor: the local date of ``published``; if the page states none, the latest explicit
  full date (day, month and year) in its content lines (labels body, caption, dateline,
  byline: :data:`ANCHOR_LABELS`); else none.
* One scan (:func:`analysis.dates.scanner.scan_lines`) serves both the anchors (content
  lines of undated pages) and the mentions; :func:`analysis.dates.resolve.resolve` dates
  them.

>>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"],
...     "text": ["Rudal ditembakkan pekan lalu."]})
>>> documents = pd.DataFrame({"doc_id": ["a"], "published": ["2024-01-10T11:25:00+07:00"]})
>>> find_mentions(lines, documents)[["text", "value"]]
         text     value
0  pekan lalu  2024-W01
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from ..frames import require_columns
from . import grammar, scanner
from .grammar import ANCHORED_RULES
from .resolve import NAT, RowColumns, Slots, calendar_dates, isin, resolve

__all__ = ["find_mentions", "document_anchors", "published_dates", "empty_table",
           "MENTION_COLUMNS", "ANCHOR_LABELS"]

MENTION_COLUMNS = ["doc_id", "line_no", "text", "value", "granularity", "kind",
                   "modifier", "anchor", "anchor_source", "context"]
#: Labels of the lines searched for an anchor date when ``published`` is empty.
ANCHOR_LABELS = ("body", "caption", "dateline", "byline")
_STRING_COLUMNS = ("text", "value", "granularity", "kind", "modifier", "anchor", "anchor_source",
                   "context")
# The dtype pandas gives a column of Python strings; built directly when Arrow-backed.
_STR = pd.Series(["a"]).dtype


def _strings(values: np.ndarray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """A column of Python strings as pandas would store it (faster than its inference)."""
    if isinstance(_STR, pd.StringDtype) and _STR.storage == "pyarrow":
        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=_STR)
    return values


def empty_table(columns: list[str], ints: Iterable[str] = ()) -> pd.DataFrame:
    """An empty table with ``columns``: ``ints`` of them int64, the others str.

    Parameters
    ----------
    columns : list of str
    ints : iterable of str

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> empty_table(["doc_id", "line_no"], ints=["line_no"]).dtypes.astype(str).tolist()
    ['str', 'int64']
    """
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ints else "str") for c in columns})


def _published_days(documents: pd.DataFrame) -> np.ndarray:
    """Local calendar date (YYYY-MM-DD) of each document's ``published``; '' when absent."""
    published = documents["published"].fillna("").astype(str).str.strip()
    # a date, then nothing, "T" or " ": many documents share one, so each is checked once
    codes, heads = pd.factorize(published.str.slice(0, 11))
    dates = [head[:10] for head in heads]
    is_date = pd.to_datetime(pd.Series(dates, dtype=object), format="%Y-%m-%d",
                             errors="coerce").notna().to_numpy()
    days = [date if ok and head[10:] in ("", "T", " ") else ""
            for head, date, ok in zip(heads, dates, is_date.tolist())]
    return np.array([*days, ""], dtype=object)[codes]


def published_dates(documents: pd.DataFrame) -> pd.Series:
    """The local calendar date (YYYY-MM-DD) of each document's ``published``, by doc_id.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` and ``published`` (ISO 8601 text or empty).

    Returns
    -------
    pandas.Series of str
        Indexed by doc_id; '' where ``published`` is empty or not a date.

    Examples
    --------
    >>> published_dates(pd.DataFrame({"doc_id": ["a", "b"],
    ...     "published": ["2024-01-10T11:25:00+07:00", "kemarin"]})).tolist()
    ['2024-01-10', '']
    """
    require_columns(documents, ["doc_id", "published"], "published_dates", "documents")
    return pd.Series(_published_days(documents), dtype=object,
                     index=documents["doc_id"].to_numpy(dtype=object))


@dataclass(frozen=True)
class _Matches(RowColumns):
    """Scanned mentions: where each one is (its document, its line, the offsets
    in it), its text and context (see :func:`analysis.dates.scanner.scan_lines`), and its slots."""

    doc: np.ndarray    # index into _Docs.ids
    row: np.ndarray    # index into ``lines``
    start: np.ndarray
    end: np.ndarray
    text: np.ndarray
    context: np.ndarray
    slots: Slots

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True)
class _Docs:
    """The documents of a corpus, numbered: ``ids`` are the distinct doc_ids of
    ``documents`` and ``lines``, sorted; ``line_doc`` the number of each line's
    document; ``published`` the local date of each one's ``published`` (from its
    first row in ``documents`` that states one; '' when none does)."""

    ids: np.ndarray
    line_doc: np.ndarray
    published: np.ndarray

    @classmethod
    def of(cls, lines: pd.DataFrame, documents: pd.DataFrame) -> "_Docs":
        codes, line_ids = pd.factorize(lines["doc_id"])
        line_ids = np.asarray(line_ids, dtype=object)
        doc_ids = documents["doc_id"].to_numpy(dtype=object)
        ids = np.sort(pd.unique(np.concatenate([doc_ids, line_ids])))
        days = _published_days(documents)
        dated = np.flatnonzero(days != "")
        first, rows = np.unique(np.searchsorted(ids, doc_ids[dated]), return_index=True)
        published = np.full(len(ids), "", dtype=object)
        published[first] = days[dated[rows]]
        return cls(ids, np.searchsorted(ids, line_ids)[codes], published)

    def undated_lines(self) -> np.ndarray:
        """Mask of the lines of documents with no ``published`` date."""
        return (self.published == "")[self.line_doc]


def _label_mask(labels: np.ndarray | pd.Series, wanted: Iterable[str] | None) -> np.ndarray:
    """Rows labelled one of ``wanted`` (all rows for None)."""
    if wanted is None:
        return np.ones(len(labels), dtype=bool)
    if isinstance(labels, pd.Series):
        return labels.isin(list(wanted)).to_numpy()
    return isin(labels, wanted)


def _line_labels(lines: pd.DataFrame) -> pd.Series:
    """The ``label`` column; lines without one count as body text."""
    return lines["label"] if "label" in lines else pd.Series("body", index=lines.index)


def _scan(lines: pd.DataFrame, selected: np.ndarray, docs: _Docs) -> _Matches:
    """The mentions in the ``selected`` lines, with their slots parsed."""
    vocabulary, tagger = grammar.compiled()
    rows, found, text, context = scanner.scan_lines(tagger, lines["text"], selected)
    return _Matches(doc=docs.line_doc[rows], row=rows, start=found.pop("start"),
                    end=found.pop("end"), text=text, context=context,
                    slots=Slots.parse(found, vocabulary))


def _latest_full_dates(matches: _Matches, n_docs: int) -> np.ndarray:
    """Per document, the latest day written in full (day, month and year); '' if none.

    A range counts by its end; day names and relative words never count.
    """
    matches = matches.where(~isin(matches.slots.rule, ANCHORED_RULES))
    no_anchor = np.full(len(matches), NAT)
    _, end, granularity, written, _ = calendar_dates(matches.slots, no_anchor)
    full = written & (granularity == "day") & ~np.isnat(end)
    never = np.iinfo(np.int64).min
    latest = np.full(n_docs, never, dtype=np.int64)
    np.maximum.at(latest, matches.doc[full], end[full].astype(np.int64))
    found = latest != never
    text = np.full(n_docs, "", dtype=object)
    text[found] = np.datetime_as_string(latest[found].astype("datetime64[D]"))
    return text


@dataclass(frozen=True)
class _Anchors:
    """Anchor of each document of :class:`_Docs` (``text``, YYYY-MM-DD or '')
    and where it comes from (``source``)."""

    text: np.ndarray
    source: np.ndarray

    @classmethod
    def of(cls, docs: _Docs, matches: _Matches) -> "_Anchors":
        """Each document's ``published`` date, or else the latest full date among
        ``matches`` (the mentions in the content lines of undated documents)."""
        from_text = _latest_full_dates(matches, len(docs.ids))
        dated = docs.published != ""
        return cls(np.where(dated, docs.published, from_text),
                   np.select([dated, from_text != ""], ["published", "latest_date_in_text"],
                             "none").astype(object))

    def days(self) -> np.ndarray:
        """The anchors as datetime64[D] (NaT for none)."""
        codes, distinct = pd.factorize(self.text)  # a few distinct dates
        try:  # YYYY-MM-DD (or ''), as almost always: numpy parses them the same, faster
            if any(len(text) not in (0, 10) for text in distinct):
                raise ValueError(distinct)
            days = np.array(distinct, dtype="datetime64[D]")
        except ValueError:  # such as "2023-1-5", which a published date may be
            days = pd.to_datetime(pd.Series(distinct, dtype=object), format="%Y-%m-%d",
                                  errors="coerce").to_numpy(dtype="datetime64[D]")
        return np.append(days, NAT)[codes]

    def frame(self, docs: _Docs) -> pd.DataFrame:
        return pd.DataFrame({"doc_id": pd.Series(docs.ids), "anchor": self.text,
                             "anchor_source": self.source})


def _anchor_lines(lines: pd.DataFrame, docs: _Docs,
                  labels: Iterable[str] = ANCHOR_LABELS) -> np.ndarray:
    """Mask of the lines searched for an anchor: content lines of pages with no ``published``."""
    return docs.undated_lines() & _label_mask(_line_labels(lines), labels)


def _check_frames(function: str, lines: pd.DataFrame, documents: pd.DataFrame,
                  line_columns: Iterable[str] = ("doc_id", "line_no", "text")) -> None:
    require_columns(lines, line_columns, function, "lines")
    require_columns(documents, ["doc_id", "published"], function, "documents")


def document_anchors(lines: pd.DataFrame, documents: pd.DataFrame,
                     labels: Iterable[str] = ANCHOR_LABELS) -> pd.DataFrame:
    """The date each document's relative mentions are resolved against.

    ``anchor`` is the local date of ``published``; for pages that state none,
    the latest explicit full date (day, month, year) in the lines labelled
    ``labels`` (body, caption, dateline, byline: never boilerplate); else ''.
    ``anchor_source`` says which: ``published`` | ``latest_date_in_text`` | ``none``.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``doc_id, text`` and ``label`` (lines without a label count as body).
    documents : pandas.DataFrame
        ``doc_id, published`` (ISO 8601 text or empty).
    labels : iterable of str
        Labels of the lines searched for a date when ``published`` is empty.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, anchor, anchor_source``, one row per document (of either frame), by doc_id.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["b", "b"], "line_no": [1, 2],
    ...     "label": ["body", "boilerplate"],
    ...     "text": ["Diungkapkan pada Sabtu (23/9/2023).", "Terbit 1 Mei 2024"]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "published": ["2023-10-27T17:33:00+07:00", "", ""]})
    >>> document_anchors(lines, documents)
      doc_id      anchor        anchor_source
    0      a  2023-10-27            published
    1      b  2023-09-23  latest_date_in_text
    2      c                             none
    """
    _check_frames("document_anchors", lines, documents, ("doc_id", "text"))
    docs = _Docs.of(lines, documents)
    matches = _scan(lines, _anchor_lines(lines, docs, labels), docs)
    return _Anchors.of(docs, matches).frame(docs)


def find_mentions(lines: pd.DataFrame, documents: pd.DataFrame,
                  labels: Iterable[str] | None = ("body",)) -> pd.DataFrame:
    """Date mentions in the lines labelled ``labels`` (None = all lines).

    ``kind`` is absolute, partial (no year), relative, weekday or range; ``value`` is ''
    when a mention needs an anchor and the document has none (see
    :func:`document_anchors`).

    Parameters
    ----------
    lines : pandas.DataFrame
        ``doc_id, line_no, text`` and ``label`` (lines without a label count as body).
    documents : pandas.DataFrame
        ``doc_id, published`` (ISO 8601 text or empty).
    labels : iterable of str or None
        Labels of the lines searched; None for all lines.

    Returns
    -------
    pandas.DataFrame
        One row per mention with columns ``doc_id, line_no, text, value, granularity,
        kind, modifier, anchor, anchor_source, context`` (:data:`MENTION_COLUMNS`), sorted
        by doc_id, line_no and position in the line.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [7], "label": ["body"],
    ...     "text": ["Serangan 30 Desember dan 2 Januari 2024, dua hari lalu."]})
    >>> documents = pd.DataFrame({"doc_id": ["a"], "published": ["2024-01-10T11:25:00+07:00"]})
    >>> find_mentions(lines, documents)[["text", "value", "kind", "anchor"]]
                 text       value      kind      anchor
    0     30 Desember  2023-12-30   partial  2024-01-10
    1  2 Januari 2024  2024-01-02  absolute  2024-01-10
    2   dua hari lalu  2024-01-08  relative  2024-01-10
    """
    _check_frames("find_mentions", lines, documents)
    # One scan serves both the anchors (content lines of undated pages) and the mentions.
    docs = _Docs.of(lines, documents)
    anchor_lines = _anchor_lines(lines, docs)
    wanted = _label_mask(_line_labels(lines), labels)
    matches = _scan(lines, wanted | anchor_lines, docs)
    anchors = _Anchors.of(docs, matches.where(anchor_lines[matches.row]))
    found = resolve(matches.where(wanted[matches.row]), anchors)
    if not len(found["doc"]):
        return empty_table(MENTION_COLUMNS, ints=("line_no",))
    found["doc_id"] = docs.ids[found["doc"]]
    found["line_no"] = lines["line_no"].to_numpy()[found["row"]]
    order = np.lexsort((found["start"], found["line_no"], found["doc"]))  # docs.ids are sorted
    mentions = pd.DataFrame({name: _strings(found[name][order]) if name in _STRING_COLUMNS
                             else found[name][order] for name in MENTION_COLUMNS})
    return mentions if mentions["line_no"].dtype == np.int64 else mentions.astype(
        {"line_no": "int64"})
