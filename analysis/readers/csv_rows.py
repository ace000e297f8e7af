"""The rows of a CSV file, read tolerantly, and what every table file's reader shares (opening a
``.gz`` file, the errors and the report of a file cut short).

pandas' chunked reader reads a CSV file while it is clean; from the first chunk it cannot read,
the csv module reads it row by row and refuses each row it cannot take, naming its row and line:
one with more fields than the header, one that cannot be parsed, and the row whose quoted field
the end of the file leaves open (a file cut short). Used by :mod:`analysis.readers.tables`, its
slices and ``metadata.csv``.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gzip
import io
import re
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..corpus_files import csv_delimiter
from ..decode import UTF8_CP1252, codec_args, sniff_table_encoding
from ..documents import problem
from ..re2 import to_arrow

__all__: list[str] = []  # the readers' own helpers: analysis.readers.tables is the way in

#: Errors of a compressed file cut short or corrupt (the rows before are kept).
_CUT_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _csv_encoding(path: Path) -> str:
    """UTF-8 (BOM stripped) when the whole file decodes as such; else ``utf-8+cp1252``
    (UTF-8 where it is, the other bytes read as cp1252) for Western text, else the encoding
    charset-normalizer detects."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    sample = b""
    try:
        with _open_binary(path) as fh:
            while chunk := fh.read(1 << 20):
                if len(sample) < (1 << 20):
                    sample += chunk[: (1 << 20) - len(sample)]
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    except _CUT_ERRORS:  # reported by the reader of the rows
        return "utf-8-sig"
    return sniff_table_encoding(sample)


def _encoding_problem(source: str, encoding: str) -> list[dict]:
    if encoding in ("utf-8-sig", "utf-8", None):
        return []
    what = ("bytes that are not UTF-8 decoded as cp1252" if encoding == UTF8_CP1252
            else f"decoded as {encoding}")
    return [problem(source, "", "warning", f"not valid UTF-8; {what}")]


def _lines_until_cut(fh, state: dict) -> Iterator:
    """The lines of ``fh``, stopping at a compressed file's cut (noted in ``state["cut"]``):
    a last line the cut leaves without its end is dropped (``state["partial"]``)."""
    held = None
    try:
        for line in fh:
            if held is not None:
                yield held
            held = line
    except _CUT_ERRORS as exc:
        state["cut"] = exc
        if held is not None and not held.endswith(("\n", "\r") if isinstance(held, str) else (b"\n", b"\r")):
            state["partial"] = held
            held = None
    if held is not None:
        yield held


#: A line pandas skips as blank: nothing but unquoted spaces and tabs (a quoted space, a form
#: feed or a no-break space make a row).
_BLANK_LINE = re.compile(r"[ \t]*[\r\n]*")


def _tracked(lines: Iterator[str], last: list, record: list | None = None) -> Iterator[str]:
    """``lines``, each kept in ``last[0]`` as it is handed on (for :func:`_blank_record`) and
    added to ``record`` (the lines of the record being read, emptied by the caller)."""
    for line in lines:
        last[0] = line
        if record is not None:
            record.append(line)
        yield line


def _open_at_end(lines: list[str], line_no: int, sep: str = ",") -> str | None:
    """Why a record read by the csv module from ``lines`` (the first is line ``line_no``) is
    refused when the end of the file leaves one of its quoted fields open (a file cut short:
    the lenient reader takes it as complete), else None. Only such a record has an odd number
    of quote characters and ends in the middle of a field for the strict reader."""
    text = "".join(lines)
    if text.count('"') % 2 == 0:
        return None
    try:
        list(csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=sep))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            where = f"lines {line_no}-{line_no + len(lines) - 1}" if len(lines) > 1 else f"line {line_no}"
            return f"{where}: the file ends inside a quoted field of this row (cut short?)"
    return None


def _ragged(record: list[str], n: int, columns: list[str], lines: list[str], line_no: int, sep: str = ",") -> str:
    """Why a record with more fields than the header (``n``) is refused, naming its lines; one
    of whose later lines starts with a first field shaped as the record's own (``a2,`` after
    ``a1,``) may hold rows joined by a quote left open, and says so."""
    where = f"line {line_no}" if len(lines) <= 1 else f"lines {line_no}-{line_no + len(lines) - 1}"
    first = f"; its first field, doc_id, reads {record[0][:60]!r}" if columns[0] == "doc_id" else ""
    # a later line that starts with a first field shaped as this record's: a row of its own
    shape = _shape(record[0]) if record[0].strip() and columns[0] != "text" else None
    joined = ("; a quote left open may have joined the rows on these lines into it: they are refused with it"
              if shape and any(_shape(line.split(sep, 1)[0]) == shape for line in lines[1:] if sep in line) else "")
    return f"Expected {n} fields in {where}, saw {len(record)} (a ragged CSV row{first}{joined})"


def _blank_record(reader, lines_before: int, last: list) -> bool:
    """Whether the record the csv ``reader`` just read is a line pandas skips as blank: one
    line (``lines_before``: the reader's ``line_num`` before it) of spaces and tabs only."""
    return reader.line_num - lines_before == 1 and _BLANK_LINE.fullmatch(last[0]) is not None


def _cut_problem(source: str, exc: BaseException, rows: int) -> dict:
    return problem(source, "", "error", f"the file is cut short or corrupt ({type(exc).__name__}: {exc}); "
                                         f"the {rows} rows before the cut are read, the rest is lost")


def _open_text(path: Path, codec: str, errors: str, data: bytes | None = None):
    """The file (or ``data``) as text, line ends kept as they are (the csv module's ``newline=""``)."""
    if data is not None:
        return io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors=errors, newline="")
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    return opener(path, "rt", encoding=codec, errors=errors, newline="")


def _csv_sep(path: Path, encoding: str) -> str:
    """The file's field separator, told by its header line (``corpus_files.csv_delimiter``: the
    one that splits off ``text`` or ``doc_id``; a comma unless another does)."""
    stat = path.stat()
    return _sep_of(str(path), encoding, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _sep_of(path: str, encoding: str, _mtime_ns: int, _size: int) -> str:
    codec, errors = codec_args(encoding)
    try:
        with _open_text(Path(path), codec, errors) as fh:
            first = next((line for line in _lines_until_cut(fh, {}) if line.strip()), "")
    except (UnicodeDecodeError, *_CUT_ERRORS):
        return ","
    return csv_delimiter(first.lstrip("\ufeff").rstrip("\r\n"), ("text", "doc_id"))


def _csv_header(path: Path, encoding: str) -> pd.Index:
    """The columns of a CSV file, as pandas names them (also of a compressed file cut short, or
    one whose first row pandas cannot read)."""
    from pandas.errors import ParserError

    codec, errors = codec_args(encoding)
    sep = _csv_sep(path, encoding)
    try:
        return pd.read_csv(path, dtype=str, nrows=0, encoding=codec, encoding_errors=errors, index_col=False,
                           sep=sep).columns
    except (ParserError, *_CUT_ERRORS):
        with _open_text(path, codec, errors) as fh:
            record = next((r for r in csv.reader(_lines_until_cut(fh, {}), delimiter=sep) if r), None)
        if record is None:
            raise
        line = io.StringIO()
        csv.writer(line).writerow(record)
        return pd.read_csv(io.StringIO(line.getvalue()), dtype=str, nrows=0, index_col=False).columns


def _csv_batches(path: Path, batch_size: int, encoding: str, usecols: list[str] | None = None, *,
                 data: bytes | None = None, name: str = "", first: tuple[int, int] = (0, 0)) -> Iterator[tuple]:
    """The rows of a CSV file in batches: pandas' chunked reader while the file is clean;
    from the first chunk it cannot read (a row with more fields than the header, a quote
    left open, the cut of a compressed file), the csv module, row by row, reporting each
    row it refuses with its row and line number.

    ``data``: a part of the file to read instead of ``path`` (its header record, then whole
    records; a slice of ``readers.slices``), named ``name``, whose first row and line are
    ``first`` (rows, lines) after those of the file."""
    from pandas.errors import ParserError, ParserWarning

    codec, errors = codec_args(encoding)
    done = 0
    try:
        reader = pd.read_csv(path if data is None else io.BytesIO(data), dtype=str, keep_default_na=False,
                             sep=_csv_sep(path, encoding),
                             chunksize=batch_size, encoding=codec, encoding_errors=errors, index_col=False,
                             usecols=usecols, compression="infer" if data is None else None)
        with reader:
            chunks = iter(reader)
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ParserWarning)
                    frame = next(chunks, None)
                if any(issubclass(w.category, ParserWarning) and "loss of data" in str(w.message) for w in caught):
                    raise ParserError("a row has more fields than the header")
                for w in caught:
                    if not issubclass(w.category, ParserWarning):
                        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
                if frame is None:
                    return
                yield frame, np.arange(first[0] + done + 1, first[0] + done + len(frame) + 1), []
                done += len(frame)
    except (ParserError, UnicodeDecodeError, csv.Error, *_CUT_ERRORS):
        pass
    yield from _csv_tolerant(path, batch_size, encoding, done, usecols, data=data, name=name, first=first)


def _csv_tolerant(path: Path, batch_size: int, encoding: str, skip: int, usecols: list[str] | None = None, *,
                  data: bytes | None = None, name: str = "", first: tuple[int, int] = (0, 0)) -> Iterator[tuple]:
    """Rows ``skip + 1``... of a CSV file (or of ``data``) with the csv module (see :func:`_csv_batches`)."""
    codec, errors = codec_args(encoding)
    columns = list(_csv_header(path, encoding))
    n, name, sep = len(columns), name or path.name, _csv_sep(path, encoding)
    keep = [columns.index(c) for c in usecols] if usecols else None
    state: dict = {}
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # as pandas: no limit on a field
    with _open_text(path, codec, errors, data) as fh:
        last, lines, open_row = [None], [], None
        reader = csv.reader(_tracked(_lines_until_cut(fh, state), last, lines), delimiter=sep)
        row, records, numbers, problems = first[0], [], [], []
        skip += first[0]
        header = True
        while True:
            before = reader.line_num
            line_no = before + 1 + first[1]
            lines.clear()
            try:
                record = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:  # the row is refused, the next is read
                row += 1
                if row > skip:
                    problems.append(problem(f"{name}:{row}", "", "error", f"refused: line {line_no}: {exc}"))
                continue
            if _blank_record(reader, before, last):
                continue  # a blank line, as pandas skips it
            if header:
                header = False
                continue
            row += 1
            if row <= skip:
                continue
            why = _ragged(record, n, columns, lines, line_no, sep) if len(record) > n \
                else _open_at_end(lines, line_no, sep)
            if why:
                open_row = row if len(record) <= n else None
                problems.append(problem(f"{name}:{row}", "", "error", f"refused: {why}"))
            else:
                record += [""] * (n - len(record))
                records.append([record[i] for i in keep] if keep else record)
                numbers.append(row)
            if len(records) >= batch_size:
                yield (pd.DataFrame(records, columns=usecols or columns, dtype=object),
                       np.array(numbers), problems)
                records, numbers, problems = [], [], []
        if "cut" in state:  # (a row the cut leaves open is not one of the rows before it)
            problems.append(_cut_problem(name, state["cut"], row - (open_row == row)))
        if records or problems:
            yield (pd.DataFrame(records, columns=usecols or columns, dtype=object),
                   np.array(numbers, dtype=int), problems)


#: A value's shape: each run of ASCII digits, lower-case or upper-case letters becomes one mark
#: ("berita-0012" and "berita-7" are both ``a-9``), other characters are kept.
_SHAPE_RUNS = (("[0-9]+", "9"), ("[a-z]+", "a"), ("[A-Z]+", "A"))
_PY_RUNS = tuple((re.compile(p), mark) for p, mark in _SHAPE_RUNS)
#: A value of a column other than ``doc_id`` and ``text`` at most this long is compared (an
#: outlet, a date, an address; not a title).
_SHORT = 40


def _shape(value: str) -> str:
    for rx, mark in _PY_RUNS:
        value = rx.sub(mark, value)
    return value


def merged_row_problems(frame: pd.DataFrame, sources: list[str], ids: list[str], sep: str = ",") -> list[dict]:
    """Warnings for CSV rows into which a quote left open may have merged the rows after it.

    A field that opens a quote and never closes it runs on over the next lines, until another
    quote character closes it; the rows on those lines become part of that one field, and no
    reader can tell. The sign left is a line inside a field that reads as a row of this file,
    judged against the row that holds it (each row by itself: the same warnings in any batch):
    as many fields as the header; at ``doc_id`` a value shaped as the row's own id (letters,
    digits and punctuation in the same order: ``a2`` as ``a1``, ``berita-7`` as ``berita-12``);
    and at each other column where the row's value is short (an outlet, a date; at least one
    such column, not ``text``) a value of the same shape. A file without ``doc_id`` and another
    short column is not checked: a dateline "Jakarta," or a decimal "42,67" could read as a
    row of it. Each such row is named with that line, as a warning: its text is kept as read.

    Parameters
    ----------
    frame : pandas.DataFrame
        One batch of a CSV file's rows as read (every column, text values).
    sources, ids : list of str
        Each row's ``file:row`` and ``doc_id``, for the messages.
    sep : str
        The file's field separator.

    Returns
    -------
    list of dict
        Problems (``documents.PROBLEM_COLUMNS``).

    Examples
    --------
    >>> rows = pd.DataFrame({"doc_id": ["a1"], "outlet": ["x"], "text": ["Satu, baik.\\na2,y,Dua tanpa kutip"]})
    >>> merged_row_problems(rows, ["x.csv:1"], ["a1"])[0]["message"][:66]
    "its field 'text' holds a line that reads as a row of this file (li"
    """
    columns = [str(c) for c in frame.columns]
    others = [c for c in columns if c not in ("doc_id", "text")]
    if "doc_id" not in columns or not others or not len(frame):
        return []
    n, at = len(columns), columns.index("doc_id")
    # RE2 over whole columns: the fields with a line whose field at doc_id has no space
    mark = r"\t" if sep == "\t" else re.escape(sep)
    lead = r"\n" + rf'(?:"[^"\n]*"|[^{mark}\n]*){mark}' * at
    # (shaped as one of the batch's ids, when they take few shapes: only a quicker first pass)
    shapes = _id_shapes(frame["doc_id"])
    key = "|".join(sorted(_shape_pattern(v) for v in shapes if v)) if 0 < len(shapes) <= 20 else rf'[^\s{mark}"]{{1,80}}'
    pattern = rf'{lead}"?(?:{key})"?' + (mark if at < n - 1 else r"\s*$")
    hits = np.column_stack([pc.match_substring_regex(to_arrow(frame[c]), pattern).to_numpy(zero_copy_only=False)
                            for c in columns])
    values = [frame[c].to_numpy(dtype=object) for c in columns]
    problems = []
    for i, j in zip(*np.nonzero(hits)):
        if problems and problems[-1]["source_file"] == sources[i]:
            continue  # one warning per row
        own = [str(v[i]) for v in values]
        checked = {k: _shape(own[k]) for k, c in enumerate(columns)
                   if c == "doc_id" or (c in others and len(own[k]) <= _SHORT)}
        if len(checked) < 2 or not own[at].strip():
            continue
        line = _row_like_line(own[j], n, at, checked, sep)
        if line is not None:
            problems.append(problem(sources[i], ids[i], "warning", (
                f"its field {columns[j]!r} holds a line that reads as a row of this file (line {line[0]} of the "
                f"field: {line[1][:60]!r}): a quote left open may have merged the rows after it into this "
                f"one; check the quoting of the file there")))
    return problems


def _id_shapes(column: pd.Series) -> set:
    """The shapes of a column's values (RE2 over the whole column)."""
    values = to_arrow(column)
    for pattern, mark in _SHAPE_RUNS:
        values = pc.replace_substring_regex(values, pattern, mark)
    return set(pc.unique(values).to_pylist())


def _shape_pattern(shape: str) -> str:
    """An RE2 pattern of the values of ``shape`` (see :func:`_shape`)."""
    marks = {"9": "[0-9]+", "a": "[a-z]+", "A": "[A-Z]+"}
    return "".join(marks.get(c, re.escape(c)) for c in shape)


def _row_like_line(value: str, n: int, at: int, checked: dict, sep: str = ",") -> tuple[int, str] | None:
    """The first line after the first of ``value`` (its number in the value, the line) that
    the csv module reads as ``n`` or more fields, field ``at`` not empty and each field ``k``
    of ``checked`` shaped as ``checked[k]``."""
    for number, line in enumerate(value.split("\n")[1:], 2):
        if line.count(sep) < n - 1:
            continue
        fields = next(csv.reader([line], delimiter=sep), [])
        if len(fields) >= n and fields[at].strip() \
                and all(_shape(fields[k]) == shape for k, shape in checked.items()):
            return number, line
    return None
