"""A corpus as slices that the workers of a cluster read themselves (no raw text through the client).

:func:`plan_slices` reads only what decides where the batches of :func:`~analysis.readers.iter_raw`
begin and what comes with them (file lists, line ends, row counts, the ``published`` pre-pass) and
returns one small :class:`Slice` per batch; ``slice.read()``, on any machine that sees the corpus
path, gives exactly the batch ``iter_raw`` gives at that place: the same rows, row and line numbers,
ids and problems.

* a folder: the pages of each batch (a list of files or WARC records);
* JSON Lines: the byte range of each batch of lines (split at line ends). A ``.jsonl.gz`` file
  cannot be entered in the middle: the plan decompresses it once, start to end, into a plain copy
  in the stage's scratch folder, whose byte ranges the slices then name (the copy is removed with
  the stage's intermediate files);
* Parquet: the rows of each batch, read from the row groups that hold them;
* CSV in UTF-8 (or UTF-8 with cp1252 bytes) with ``\n`` or ``\r\n`` line ends: the byte range of
  each batch of records, found by the csv module in one pass over the file (a quoted newline
  does not end a record; rows and lines are counted as the reader of the whole file counts
  them), each slice read with the file's header record put before it; a ``.csv.gz`` file is
  copied plain into the scratch folder first, like a ``.jsonl.gz`` one;
  (One known difference: pandas' C reader drops the leading spaces of a line that crosses its
  256 KiB read buffer; a slice puts that boundary elsewhere than the whole file, so such a line
  can keep them in a slice.)
* anything else (a CSV file in another encoding, with bare ``\r`` line ends or cut short, a
  single page or WARC file): the batch read here and carried whole (the fallback: its text goes
  through the client as before).

A ``doc_id`` repeated in a table file is refused in every batch after its first row; a slice is
told which of its ids an earlier slice holds (:func:`mark_repeated`, after reading the ids of
every slice, :meth:`Slice.doc_ids`, on the workers).

>>> slices = plan_slices("seeds", 3)
>>> [len(s.read().corpus.documents) for s in slices]
[3, 2]
"""

from __future__ import annotations

import codecs
import csv
import re
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import BATCH_SIZE
from ..decode import codec_args, utf8_lines
from ..column_map import file_column, parse_columns, renamed
from ..documents import RawBatch
from .folders import folder_plan, read_batch
from .csv_rows import (_CUT_ERRORS, _blank_record, _csv_batches, _csv_header, _csv_sep, _cut_problem,
                       _open_binary, _tracked)
from .tables import (_check_table, _checked_columns, _file_problems, _jsonl_chunk, _name_refused_rows, _parquet_batch, _published_prepass,
                     _refuse_repeated_ids, _without_bom, table_corpus)

__all__ = ["Slice", "plan_slices", "mark_repeated"]

#: The name of the plain copy of a ``.jsonl.gz`` corpus in the scratch folder.
PLAIN_COPY = "corpus_plain.jsonl"
#: The name of the plain copy of a ``.csv.gz`` corpus in the scratch folder.
PLAIN_CSV_COPY = "corpus_plain.csv"


@dataclass(frozen=True)
class Slice:
    """One batch of a corpus, described: where it lies and what comes with it.

    Parameters
    ----------
    kind : str
        ``pages``, ``jsonl``, ``csv``, ``parquet`` or ``batch`` (a batch read already, carried whole).
    path : str
        The file read (JSON Lines, Parquet), the folder, or "".
    start, stop : int
        The byte range (``jsonl``, ``csv``) or rows (``parquet``, 0-based, stop excluded).
    first_line, first_row : int
        The lines and rows of the file before the slice (``jsonl``, ``csv``; ``first_row``:
        ``parquet`` too); for ``csv``, the lines less those of the header record.
    head, encoding : int, str
        ``csv``: the bytes of the file's header record (from its start) and the file's encoding.
    name, stem : str
        The file's name in ``source_file`` and the stem of its default ids.
    first_problems : tuple of dict or None
        Problems of the whole input put first (the first slice only).
    order : object
        The day/month order of the ``published`` column; ``column`` names it.
    items, ids : tuple
        The pages of a ``pages`` slice and their ids.
    earlier : frozenset of str
        The ids of this slice that an earlier slice holds (refused here).
    batch : documents.RawBatch or None
        The batch of a ``batch`` slice.
    given_ids : bool
        Whether the file has a ``doc_id`` column (or one ``columns`` reads as it).
    columns : tuple of (str, str)
        The file's columns read as the suite's (:func:`analysis.column_map.parse_columns`).

    Returns
    -------
    Slice

    Examples
    --------
    >>> Slice("jsonl", "x.jsonl", 0, 10, name="x.jsonl").kind
    'jsonl'
    """

    kind: str
    path: str = ""
    start: int = 0
    stop: int = 0
    first_line: int = 0
    first_row: int = 0
    name: str = ""
    stem: str = ""
    first_problems: tuple | None = None
    order: object = None
    column: str = ""
    items: tuple = ()
    ids: tuple = ()
    earlier: frozenset = frozenset()
    batch: RawBatch | None = field(default=None, repr=False)
    given_ids: bool = True
    head: int = 0
    encoding: str = ""
    columns: tuple = ()

    @property
    def may_repeat_ids(self) -> bool:
        """Whether ids may repeat across slices: a table file with a ``doc_id`` column (a folder's
        ids are unique, and so are the default ids of rows, made from their row numbers)."""
        return self.kind in ("jsonl", "csv", "parquet") and self.given_ids

    def read(self) -> RawBatch:
        """The batch :func:`~analysis.readers.iter_raw` gives at this place."""
        if self.kind == "batch":
            return self.batch
        if self.kind == "pages":
            return read_batch(list(self.items), list(self.ids),
                              None if self.first_problems is None else list(self.first_problems),
                              Path(self.path), self.order)
        raw = _refuse_repeated_ids(self._rows(), set(self.earlier))
        return RawBatch(raw, published_order=self.order, published_column=self.column)

    def doc_ids(self) -> list[str]:
        """The ids of the documents of the slice, repeated ones not yet refused (the first pass)."""
        if self.kind in ("jsonl", "csv", "parquet"):
            return self._rows().documents["doc_id"].tolist()
        return self.read().corpus.documents["doc_id"].tolist()

    def _rows(self):
        """The rows of a table slice as raw documents, repeated ids not yet refused."""
        if self.kind == "jsonl":
            frame, numbers, problems = self._jsonl()
        elif self.kind == "csv":
            frame, numbers, problems = self._csv()
        else:
            frame, numbers, problems = self._parquet()
        frame = renamed(frame, self.columns)
        if self.kind == "jsonl" and len(frame) and "text" not in frame.columns:
            frame = frame.assign(text="")  # JSON objects without text: each refused
        _name_refused_rows(problems, self.name, self.stem)
        sep = _csv_sep(Path(self.path), self.encoding) if self.kind == "csv" else ","
        return table_corpus(frame, numbers, self.name, self.stem, list(self.first_problems or ()) + problems,
                            self.encoding or None, sep)

    def _jsonl(self) -> tuple:
        if self.stop <= self.start:  # the cut of a compressed file: its problem only
            return pd.DataFrame(), np.array([], dtype=int), []
        with open(self.path, "rb") as fh:
            fh.seek(self.start)
            data = fh.read(self.stop - self.start)
        import io

        read, _ = _jsonl_chunk(list(io.BytesIO(data)), self.first_line + 1, self.first_row, self.name)
        return read if read is not None else (pd.DataFrame(), np.array([], dtype=int), [])

    def _csv(self) -> tuple:
        with open(self.path, "rb") as fh:
            data = fh.read(self.head)
            fh.seek(self.start)
            data += fh.read(self.stop - self.start)
        parts = list(_csv_batches(Path(self.path), 1 << 30, self.encoding, data=data, name=self.name,
                                  first=(self.first_row, self.first_line)))
        frames = [f for f, _, _ in parts]
        if not frames:
            return pd.DataFrame(), np.array([], dtype=int), []
        return (pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0],
                np.concatenate([n for _, n, _ in parts]), [p for _, _, found in parts for p in found])

    def _parquet(self) -> tuple:
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(self.path)
        groups, at, offset = [], 0, None
        for g in range(meta.num_row_groups):
            n = meta.metadata.row_group(g).num_rows
            if at + n > self.start and at < self.stop:
                offset = self.start - at if offset is None else offset
                groups.append(g)
            at += n
        table = meta.read_row_groups(groups).slice(offset or 0, self.stop - self.start).combine_chunks()
        batch = table.to_batches()[0]
        return _parquet_batch(batch, np.arange(self.start + 1, self.stop + 1), self.name)


def plan_slices(path: str | Path, batch_size: int = BATCH_SIZE, scratch: str | Path | None = None, columns=()):
    """The batches of :func:`~analysis.readers.iter_raw` as :class:`Slice` descriptions.

    Parameters
    ----------
    path : str or pathlib.Path
        The corpus, as for ``iter_raw``.
    batch_size : int
        Documents (lines of a JSON Lines file) per batch.
    scratch : str or pathlib.Path or None
        A folder for the plain copy of a ``.jsonl.gz`` corpus (None: such a corpus is read
        here and its batches carried whole).
    columns : str or tuple of (str, str)
        As for ``iter_raw``: a table file's own columns read as the suite's.

    Returns
    -------
    list of Slice or iterator of Slice
        One per batch, in order: a list, except for the fallback (a CSV file, a single page or
        WARC file), whose batches are read one by one as the iterator is consumed.

    Raises
    ------
    FileNotFoundError, ValueError
        As ``iter_raw``, before any slice is read.

    Examples
    --------
    >>> [s.kind for s in plan_slices("seeds", 4)]
    ['pages', 'pages']
    """
    from . import checked_corpus, iter_raw

    path, shown = checked_corpus(path, batch_size)
    columns = parse_columns(columns)
    name = path.name.lower()
    if path.is_dir():
        items, ids, problems, order = folder_plan(path, shown)
        return [Slice("pages", str(path), first_problems=tuple(problems) if i == 0 else None, order=order,
                      items=tuple(items[i:i + batch_size]), ids=tuple(ids[i:i + batch_size]))
                for i in range(0, max(len(items), 1), batch_size)]
    plain_jsonl = name.endswith((".jsonl", ".json")) or (name.endswith(".jsonl.gz") and scratch is not None)
    if plain_jsonl or name.endswith(".parquet"):
        return _table_slices(path, shown, batch_size, scratch, columns)
    if name.endswith(".csv") or (name.endswith(".csv.gz") and scratch is not None):
        slices = _table_slices(path, shown, batch_size, scratch, columns)
        if slices:
            return slices
    return (Slice("batch", batch=batch) for batch in iter_raw(path, batch_size, columns))


def _table_slices(path: Path, shown: str, batch_size: int, scratch, columns: tuple = ()) -> list[Slice] | None:
    """The slices of a JSON Lines, CSV or Parquet file (see :func:`plan_slices`; ``columns``: the
    mapping of its columns); None for a CSV file that is read here."""
    encoding = _check_table(path, shown, columns)
    order, met = _published_prepass(path, encoding, columns)
    names = _checked_columns(path, shown, encoding, met, columns)
    column = f"published column of {path.name}"
    common = {"name": path.name, "stem": re.sub(r"\.(csv|jsonl|json|parquet)(\.gz)?$", "", path.name, flags=re.I),
              "order": order, "column": column, "given_ids": file_column("doc_id", columns, names) is not None,
              "columns": columns}
    pending = _file_problems(path, encoding, column, order, names, columns)
    if path.name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        slices = [Slice("parquet", str(path), a, min(a + batch_size, rows), first_row=a, **common)
                  for a in range(0, rows, batch_size)]
    elif path.name.lower().endswith((".csv", ".csv.gz")):
        slices = _csv_slices(path, batch_size, scratch, {**common, "encoding": encoding}, len(names))
        if not slices:
            return None
    else:
        slices, cut = _jsonl_slices(path, batch_size, scratch, common)
        if not any(s.stop > s.start for s in slices):
            why = "; ".join(p["message"] for p in cut) or "it holds no rows"
            raise ValueError(f"corpus {shown!r}: no document to read ({why})")
    return [replace(slices[0], first_problems=tuple(pending))] + slices[1:]


def _jsonl_slices(path: Path, batch_size: int, scratch, common: dict) -> tuple[list[Slice], list[dict]]:
    """The byte ranges of the batches of lines of a JSON Lines file (a ``.gz`` one, or one in UTF-16
    or UTF-32, copied plain into ``scratch`` first, in UTF-8), and the problem of its cut (a final
    slice holding only that problem)."""
    slices, offset, line_no, row, cut, copy = [], 0, 0, 0, None, None
    try:
        with _open_binary(path) as raw, utf8_lines(raw) as fh:
            plain = not path.name.lower().endswith(".gz") and fh is raw  # else its lines copied plain (UTF-8)
            target = path if plain else Path(scratch) / PLAIN_COPY
            copy = None if plain else open(target, "wb")
            while cut is None:
                raw_lines: list[bytes] = []
                try:
                    raw_lines.extend(islice(fh, batch_size))
                except _CUT_ERRORS as exc:
                    cut = exc
                    if raw_lines and not raw_lines[-1].endswith((b"\n", b"\r")):
                        raw_lines.pop()
                if not raw_lines:
                    break
                size, rows = sum(map(len, raw_lines)), sum(1 for line in _without_bom(raw_lines, line_no + 1) if line.strip())
                if copy is not None:
                    copy.writelines(raw_lines)
                if rows:
                    slices.append(Slice("jsonl", str(target), offset, offset + size, line_no, row, **common))
                offset, line_no, row = offset + size, line_no + len(raw_lines), row + rows
    finally:
        if copy is not None:
            copy.close()
    problems = [_cut_problem(path.name, cut, row)] if cut is not None else []
    if problems and slices:
        slices.append(Slice("jsonl", str(target), offset, offset, line_no, row,
                            **{**common, "name": path.name}, first_problems=tuple(problems)))
    return slices, problems


class _ReadHere(Exception):
    """A CSV file whose records cannot be found by lines (a bare carriage return)."""


def _csv_slices(path: Path, batch_size: int, scratch, common: dict, n_columns: int) -> list[Slice] | None:
    """The byte ranges of the batches of records of a CSV file (a ``.gz`` one copied plain into
    ``scratch`` first); None where the file is read here (see :func:`plan_slices`)."""
    codec, errors = codec_args(common["encoding"])
    if codec not in ("utf-8-sig", "utf-8"):
        return None
    compressed = path.name.lower().endswith(".gz")
    target = Path(scratch) / PLAIN_CSV_COPY if compressed else path
    try:
        with _open_binary(path) as fh, (open(target, "wb") if compressed else nullcontext()) as copy:
            head, cuts, end = _csv_cuts(fh, copy, codec, errors, batch_size, n_columns,
                                        _csv_sep(path, common["encoding"]))
    except (_ReadHere, UnicodeDecodeError, *_CUT_ERRORS):
        head = None
    if head is None or end[2] == 0:
        if compressed:
            target.unlink(missing_ok=True)
        return None
    bounds = [head] + [c for c in cuts if c[2] < end[2]] + [end]
    return [Slice("csv", str(target), a[0], b[0], a[1] - head[1], a[2], head=head[0], **common)
            for a, b in zip(bounds, bounds[1:])]


def _csv_cuts(fh, copy, codec: str, errors: str, batch_size: int, n_columns: int, sep: str = ",") -> tuple:
    """Where ``iter_raw``'s batches of a CSV file begin, each as (bytes, lines, rows) before it:
    the end of the header record, the cuts, the end of the file. The csv module reads the
    records as the tolerant reader does; a batch ends after its ``batch_size``-th row kept
    (pandas' chunks of ``batch_size`` rows, then the tolerant reader's batches, from the chunk
    of the first refused row on, end there too)."""
    decoder, at = codecs.getincrementaldecoder(codec)(errors), [0, 0]

    def lines():
        for raw in fh:
            if b"\r" in raw[:-2 if raw.endswith(b"\r\n") else -1 if raw.endswith(b"\n") else None]:
                raise _ReadHere("a bare carriage return")
            if copy is not None:
                copy.write(raw)
            at[0], at[1] = at[0] + len(raw), at[1] + 1
            yield decoder.decode(raw)

    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # as the tolerant reader
    last: list = [None]
    reader, head, cuts, row, kept = csv.reader(_tracked(lines(), last), delimiter=sep), None, [], 0, 0
    while True:
        before = reader.line_num
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            record = None  # a refused row
        if record is not None and _blank_record(reader, before, last):
            continue  # a blank line
        if record is not None and head is None:
            head = (at[0], at[1], 0)
            continue
        row += 1
        if record is not None and len(record) <= n_columns:
            kept += 1
            if kept == batch_size:
                cuts.append((at[0], at[1], row))
                kept = 0
    return head, cuts, (at[0], at[1], row)


def mark_repeated(slices: list[Slice], ids: list[list[str]]) -> list[Slice]:
    """The slices, each told which of its ids (``ids``, one list per slice, from
    :meth:`Slice.doc_ids`) an earlier slice holds, to refuse them as ``iter_raw`` does.

    Parameters
    ----------
    slices : list of Slice
        The slices of one corpus, in order.
    ids : list of list of str
        The ids of each slice.

    Returns
    -------
    list of Slice

    Examples
    --------
    >>> s = [Slice("jsonl"), Slice("jsonl")]
    >>> [sorted(x.earlier) for x in mark_repeated(s, [["a", "b"], ["b", "c"]])]
    [[], ['b']]
    """
    seen: set = set()
    out = []
    for piece, these in zip(slices, ids):
        earlier = frozenset(i for i in these if i in seen)
        seen.update(these)
        out.append(replace(piece, earlier=earlier) if earlier else piece)
    return out
