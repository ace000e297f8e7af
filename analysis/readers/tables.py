"""A table corpus: a ``.csv`` / ``.jsonl`` (``.gz`` too) / ``.parquet`` file read in batches.

The file has a ``text`` column and, optionally, ``doc_id`` and the metadata columns
(``documents.METADATA_COLUMNS``, given as ``given_*`` columns). Reading is tolerant: a CSV
row with more fields than the header, a quote left open, a broken JSON line or bytes that
are not UTF-8 are each reported (with the row and line number) and the other rows read; the
cut of a compressed file keeps the rows before it. A ``doc_id`` repeated anywhere in the
file is refused in every batch. The day/month order of numeric ``published`` dates is
decided once, by a pre-pass over that column only.

>>> TABLE_SUFFIXES[:2]
('.csv', '.csv.gz')
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from ..decode import lone_surrogates, utf8_lines, utf8_or_cp1252
from ..cache import arrow_copy
from ..column_map import columns_problem, described, file_column, read_columns, read_names, renamed
from ..corpus_files import TABLE_SUFFIXES, corpus_problems, no_text_column
from ..documents import METADATA_COLUMNS, PROBLEM_COLUMNS, Corpus, RawBatch, empty_problems, problem
from ..metadata import given_text, order_problem
from ..published import day_month_order
from ..re2 import contains, to_arrow
from ..text import normalise_newlines
from .csv_rows import (_CUT_ERRORS, _csv_batches, _csv_encoding, _csv_header, _csv_sep, _cut_problem,
                       _encoding_problem, _open_binary, merged_row_problems)

__all__ = ["iter_table", "table_corpus", "TABLE_SUFFIXES"]

def _jsonl_batches(path: Path, batch_size: int) -> Iterator[tuple]:
    """The rows of a JSON Lines file (``.gz`` too) in batches: Arrow or pandas reads each batch
    of lines (:func:`_jsonl_chunk`); a batch neither can read is read line by line, each broken
    line refused with its line number. Bytes that are not UTF-8 are read as cp1252 (a warning
    per row); the cut of a compressed file keeps the rows before it and is reported."""
    name, row, line_no, cut = path.name, 0, 0, None
    with _open_binary(path) as fh, utf8_lines(fh) as fh:
        while cut is None:
            raw_lines: list[bytes] = []
            try:
                raw_lines.extend(islice(fh, batch_size))  # keeps the lines read before a cut
            except _CUT_ERRORS as exc:
                cut = exc
                if raw_lines and not raw_lines[-1].endswith((b"\n", b"\r")):
                    raw_lines.pop()  # a line the cut leaves without its end
            if not raw_lines:
                break
            first_line, line_no = line_no + 1, line_no + len(raw_lines)
            read, rows = _jsonl_chunk(raw_lines, first_line, row, name)
            row += rows
            if read is not None:
                yield read
        if cut is not None:
            yield pd.DataFrame(), np.array([], dtype=int), [_cut_problem(name, cut, row)]


def _without_bom(raw_lines: list[bytes], first_line: int) -> list[bytes]:
    """The lines (the first is line ``first_line`` of the file) without the file's UTF-8 byte-order mark."""
    if first_line == 1 and raw_lines and raw_lines[0].startswith(codecs.BOM_UTF8):
        return [raw_lines[0][len(codecs.BOM_UTF8):], *raw_lines[1:]]
    return raw_lines


def _jsonl_chunk(raw_lines: list[bytes], first_line: int, row: int, name: str) -> tuple:
    """One batch of lines of a JSON Lines file (``first_line``: the number of the first; ``row``:
    the rows before it): ``((frame, row numbers, problems) or None when all lines are blank,
    the number of rows, i.e. non-blank lines)``. pandas reads the batch as one array of the
    objects; a batch it cannot read is read line by line."""
    raw_lines = _without_bom(raw_lines, first_line)
    chunk = [line for line in (line.strip() for line in raw_lines) if line]
    if not chunk:
        return None, 0
    numbers = np.arange(row + 1, row + len(chunk) + 1)
    if all(line[:1] == b"{" for line in chunk):
        frame = _arrow_objects(chunk)
        if frame is not None:
            return (frame, numbers, []), len(chunk)
        try:  # one array of the objects; whole numbers stay whole, dates text (as Arrow reads them)
            frame = pd.DataFrame(json.loads(b"[" + b",".join(chunk) + b"]"), dtype=object)
            if len(frame) == len(chunk):
                return (frame, numbers, lone_surrogates(frame, numbers, name)), len(chunk)
        except (ValueError, UnicodeDecodeError):
            pass
    line_nos = [first_line + i for i, line in enumerate(raw_lines) if line.strip()]
    return _jsonl_line_by_line(chunk, numbers, line_nos, name), len(chunk)


def _arrow_objects(chunk: list[bytes]) -> pd.DataFrame | None:
    """The objects of ``chunk`` (one per line) read by Arrow's JSON reader, 4-7x faster than pandas,
    when the frame is surely pandas' (else ``None``): a row per line, only text columns, or whole
    numbers or booleans with no missing value (pandas parses other numbers less precisely; Arrow
    refuses what pandas repairs or reads differently: a key twice in an object, a lone surrogate,
    a column of mixed types, bytes that are not UTF-8; dates stay text)."""
    import pyarrow as pa
    import pyarrow.json as pa_json

    data, block = b"\n".join(chunk), max(1 << 20, max(map(len, chunk)) + 1)  # no object straddles two blocks
    data = arrow_copy(data)  # in Arrow's memory: its threads release no Python object

    def read(texts: list[str]):  # ISO dates are read as timestamps unless a column is said to be text
        schema = pa.schema([(name, pa.string()) for name in texts])
        table = pa_json.read_json(pa.BufferReader(data), read_options=pa_json.ReadOptions(block_size=block),
                                  parse_options=pa_json.ParseOptions(explicit_schema=schema))
        table.validate(full=True)  # bytes that are not UTF-8 (Arrow's reader lets them through)
        return table, table.column_names  # keys that are not UTF-8: UnicodeDecodeError

    try:
        table, names = read([])
        stamped = [n for n, t in zip(names, table.schema.types) if pa.types.is_temporal(t)]
        if stamped:
            table, names = read(stamped)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    plain = all(pa.types.is_string(c.type) or pa.types.is_int64(c.type)
                or (c.null_count == 0 and pa.types.is_boolean(c.type)) for c in table.columns)
    if table.num_rows != len(chunk) or not plain:
        return None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get,
                           integer_object_nulls=True)  # whole numbers with gaps stay whole (not 101.0)


def _jsonl_line_by_line(chunk: list[bytes], numbers: np.ndarray, line_nos: list[int], name: str) -> tuple:
    """A batch of JSON lines pandas cannot read, line by line: ``(frame, row numbers kept,
    problems)``, each broken line (or one that is not an object) refused with its number."""
    records, kept, problems = [], [], []
    for raw, r, ln in zip(chunk, numbers, line_nos):
        line = utf8_or_cp1252(raw, f"{name}:{r}", f"line {ln}", problems)
        try:
            value = json.loads(line)
        except ValueError as exc:
            problems.append(problem(f"{name}:{r}", "", "error", f"refused: line {ln} is not valid JSON ({exc})"))
            continue
        if not isinstance(value, dict):
            problems.append(problem(f"{name}:{r}", "", "error",
                                    f"refused: line {ln} is not a JSON object but {type(value).__name__}"))
            continue
        records.append(value)
        kept.append(r)
    frame, kept = pd.DataFrame(records, dtype=object) if records else pd.DataFrame(), np.array(kept, dtype=int)
    return frame, kept, problems + lone_surrogates(frame, kept, name)


def _decoded_cells(column, source: str, name: str, rows: np.ndarray, problems: list[dict]):
    """A Parquet binary column as text: UTF-8, else (per cell, a warning) cp1252."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowInvalid, UnicodeDecodeError):
        pass
    values = []
    for value, r in zip(column.to_pylist(), rows):
        if isinstance(value, bytes):
            value = utf8_or_cp1252(value, f"{source}:{r}", name, problems)
        values.append(value)
    return pa.array(values, pa.string())


def _parquet_batches(path: Path, batch_size: int, columns: list[str] | None = None) -> Iterator[tuple]:
    """The rows of a Parquet file in batches; binary (or invalid UTF-8 text) cells decoded."""
    import pyarrow.parquet as pq

    done = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=columns):
        rows = np.arange(done + 1, done + batch.num_rows + 1)
        done += batch.num_rows
        yield _parquet_batch(batch, rows, path.name)


def _parquet_batch(batch, rows: np.ndarray, name: str) -> tuple:
    """``(frame, rows, problems)`` of one pyarrow ``RecordBatch`` of a Parquet file (``rows``: its
    row numbers); binary (or invalid UTF-8 text) cells decoded, each cp1252 guess a problem."""
    import pyarrow as pa

    problems: list[dict] = []
    binary = any(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type) for f in batch.schema)
    if not binary:
        try:
            return batch.to_pandas(integer_object_nulls=True), rows, problems
        except (UnicodeDecodeError, pa.ArrowInvalid):  # text that is not UTF-8
            pass
    arrays = []
    for field, column in zip(batch.schema, batch.columns):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            try:
                column.validate(full=True)
            except pa.ArrowInvalid:
                column = column.view(pa.binary() if pa.types.is_string(field.type) else pa.large_binary())
        if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
            column = _decoded_cells(column, name, f"column {field.name!r}", rows, problems)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names).to_pandas(integer_object_nulls=True), rows, problems


def _read_table_batches(path: Path, batch_size: int, encoding: str | None = None) -> Iterator[tuple]:
    """``(frame, row numbers, problems of refused rows)`` per batch of a table file."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        yield from _parquet_batches(path, batch_size)
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        yield from _jsonl_batches(path, batch_size)
    else:
        yield from _csv_batches(path, batch_size, encoding or _csv_encoding(path))


#: Rows per chunk of the ``published`` pre-pass (one column only, so larger than a batch).
_PREPASS_ROWS = 50_000
#: Bytes of a JSON Lines file per chunk of the pre-pass: its reader parses whole rows, text
#: included, so its chunks are sized by bytes (about ten to twenty times this in memory while parsed).
_PREPASS_BYTES = 8_000_000


def _jsonl_prepass_rows(path: Path, sample_bytes: int = 1 << 20) -> int:
    """Rows per chunk of a JSON Lines file's pre-pass: about :data:`_PREPASS_BYTES` of the lines
    of its first ``sample_bytes`` (at least 100 rows, at most :data:`_PREPASS_ROWS`).

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "pages.jsonl"
    >>> _ = page.write_text(('{"text": "%s"}\\n' % ("x" * 10_000)) * 20)
    >>> _jsonl_prepass_rows(page)
    798
    """
    rows = size = 0
    try:
        with _open_binary(path) as fh:
            for line in fh:
                rows, size = rows + 1, size + len(line)
                if size >= sample_bytes:
                    break
    except (OSError, EOFError, zlib.error):  # a damaged file: the lines read so far (its batches report it)
        pass
    mean = size / rows if rows else 1.0
    return int(min(_PREPASS_ROWS, max(100, _PREPASS_BYTES // max(mean, 1.0))))


def _published_column(path: Path, encoding: str | None = None, met: set | None = None,
                      columns: tuple = ()) -> Iterator[pd.Series]:
    """Only the ``published`` column of a table file (the one ``columns`` maps to it), in chunks
    (nothing when it has none): the cheap pre-pass that decides the column's day/month order
    before the batches. Rows the batches refuse are left out; their problems are reported with
    the batches. The columns met in a JSON Lines file (whose rows may differ) are added to ``met``."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        published = file_column("published", columns, pq.ParquetFile(path).schema_arrow.names)
        if published is None:
            return
        for frame, _, _ in _parquet_batches(path, _PREPASS_ROWS, columns=[published]):
            yield given_text(frame[published])
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        # the reader of the batches (values read the same; Arrow's while it surely reads as pandas)
        for frame, _, _ in _jsonl_batches(path, _jsonl_prepass_rows(path)):
            if met is not None:
                met.update(frame.columns)
            published = file_column("published", columns, frame.columns)
            if published is not None:
                yield given_text(frame[published])
    else:
        encoding = encoding or _csv_encoding(path)
        published = file_column("published", columns, _csv_header(path, encoding))
        if published is None:
            return
        for frame, _, _ in _csv_batches(path, _PREPASS_ROWS, encoding, usecols=[published]):
            yield given_text(frame[published])


def _table_rows(frame: pd.DataFrame, source: str, stem: str, start: int | np.ndarray,
                encoding: str | None = None, sep: str = ",") -> Corpus:
    """Turn one batch of table rows into raw documents (text + given metadata); ``start``:
    the rows before the batch, or the (1-based) row number of each row."""
    if "text" not in frame.columns:
        raise no_text_column(source, frame.columns)
    frame = frame.reset_index(drop=True)
    row_no = np.arange(start + 1, start + len(frame) + 1) if np.ndim(start) == 0 else np.asarray(start)
    ids = pd.Series([f"{stem}-{i:07d}" for i in row_no], dtype=object)
    if "doc_id" in frame.columns:
        given = given_text(frame["doc_id"])
        ids = given.where(given.ne(""), ids)
    text = normalise_newlines(given_text(frame["text"], "\n", strip=False))  # a list of paragraphs: a line each
    sources = pd.Series([f"{source}:{i}" for i in row_no], dtype=object)
    raw = pd.DataFrame({"doc_id": ids, "source_file": sources, "text": text,
                        "encoding": "utf-8" if encoding in (None, "utf-8-sig") else encoding})
    for col in METADATA_COLUMNS:
        if col in frame.columns:
            raw["given_" + col] = given_text(frame[col])
    problems = merged_row_problems(frame, sources.tolist(), ids.tolist(), sep) \
        if source.lower().endswith((".csv", ".csv.gz")) else []
    nul = pd.Series(contains(to_arrow(raw["text"]), "\x00"), index=raw.index)  # RE2: 30x Arrow's search
    if nul.any():
        raw.loc[nul, "text"] = raw.loc[nul, "text"].str.replace("\x00", "", regex=False)
        problems += [problem(s, d, "warning", "removed NUL bytes from the text")
                     for s, d in zip(raw.loc[nul, "source_file"], raw.loc[nul, "doc_id"])]
    blank = raw["text"].str.strip().eq("")
    problems += [
        problem(s, d, "error", "refused: the text is empty")
        for s, d in zip(raw.loc[blank, "source_file"], raw.loc[blank, "doc_id"])
    ]
    return Corpus(raw[~blank].reset_index(drop=True), pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


def iter_table(path: Path, shown: str, batch_size: int, columns: tuple = ()) -> Iterator[RawBatch]:
    """The rows of a table file in batches of at most ``batch_size`` documents.

    The problems of the whole file (its encoding, how the numeric dates of its ``published``
    column are read, rows refused before the first read) come with the first batch; a
    ``doc_id`` repeated anywhere in the file is refused in every batch. A file with no row
    (or none readable), or JSON Lines none of whose rows has a ``text``, is a ``ValueError``
    naming it, raised before the first batch.

    Parameters
    ----------
    path : pathlib.Path
        The table file (resolved); its suffix is one of :data:`TABLE_SUFFIXES`.
    shown : str
        The file as named in messages.
    batch_size : int
        Rows per batch.
    columns : tuple of (str, str)
        The file's columns read as the suite's (:func:`analysis.column_map.parse_columns`).

    Returns
    -------
    iterator of documents.RawBatch

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "pages.csv"
    >>> _ = path.write_text("doc_id,text\\na,Satu\\nb,Dua\\n", encoding="utf-8")
    >>> [b.corpus.documents["doc_id"].tolist() for b in iter_table(path, "pages.csv", 1)]
    [['a'], ['b']]
    """
    name = path.name.lower()
    stem = re.sub(r"\.(csv|jsonl|json|parquet)(\.gz)?$", "", path.name, flags=re.I)
    encoding = _check_table(path, shown, columns)
    column = f"published column of {path.name}"
    order, met = _published_prepass(path, encoding, columns)
    lines = name.endswith((".jsonl", ".jsonl.gz", ".json"))
    names = _checked_columns(path, shown, encoding, met, columns)
    seen: set = set()
    sep = _csv_sep(path, encoding) if name.endswith((".csv", ".csv.gz")) else ","
    pending = _file_problems(path, encoding, column, order, names, columns)
    yielded, with_text, held = 0, False, []
    for frame, numbers, row_problems in _read_table_batches(path, batch_size, encoding):
        frame = renamed(frame, columns)
        _name_refused_rows(row_problems, path.name, stem)
        if not len(frame) and all(p["source_file"] == path.name for p in row_problems) and not yielded:
            held += row_problems  # nothing read yet: the file's own problems (a cut) only
            continue
        if len(frame) and "text" not in frame.columns and (with_text or lines):
            frame = frame.assign(text="")  # a batch of JSON objects without text: each refused
        with_text = with_text or bool(len(frame))
        raw = table_corpus(frame, numbers, path.name, stem, pending + held + row_problems, encoding, sep)
        pending, held = [], []
        raw = _refuse_repeated_ids(raw, seen)
        yielded += 1
        yield RawBatch(raw, published_order=order, published_column=column)
    if not yielded:
        why = "; ".join(p["message"] for p in held) or "it holds no rows"
        raise ValueError(f"corpus {shown!r}: no document to read ({why})")


def table_corpus(frame: pd.DataFrame, numbers: np.ndarray, name: str, stem: str, first: list[dict],
                 encoding: str | None = None, sep: str = ",") -> Corpus:
    """The raw documents of one batch of rows of a table file (``numbers``: their row numbers),
    with the problems ``first`` (the file's own, refused rows) before those of the rows;
    repeated ids are not checked here.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows read (empty: only problems).
    numbers : numpy.ndarray
        Their 1-based row numbers.
    name, stem : str
        The file's name and its name without the suffix (the stem of default ids).
    first : list of dict
        Problems put first.
    encoding : str, optional
        The file's encoding, as ``documents.encoding`` records it (a CSV file's; else UTF-8).
    sep : str
        A CSV file's field separator.

    Returns
    -------
    documents.Corpus

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["Satu", " "]})
    >>> raw = table_corpus(frame, np.array([3, 4]), "x.csv", "x", [])
    >>> raw.documents["doc_id"].tolist(), raw.problems["source_file"].tolist()
    (['x-0000003'], ['x.csv:4'])
    """
    raw = _table_rows(frame, name, stem, numbers, encoding, sep) if len(frame) else Corpus(
        pd.DataFrame(columns=["doc_id", "source_file", "text", "encoding"]), empty_problems())
    if first:
        raw.problems = pd.concat([pd.DataFrame(first, columns=PROBLEM_COLUMNS), raw.problems], ignore_index=True)
    return raw


def _check_table(path: Path, shown: str, columns: tuple = ()) -> str | None:
    """A Parquet file with rows, a CSV file with a header, a JSON Lines file that is not one
    JSON array nor a small one without the columns read (``corpus_problems``; else a ``ValueError``
    naming the file); the CSV file's encoding (None for other files)."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        try:
            n_rows = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:  # pyarrow's errors: not Parquet, a cut file
            raise ValueError(f"corpus {shown!r}: cannot be read as Parquet ({exc})") from exc
        if not n_rows:
            raise ValueError(f"corpus {shown!r}: the Parquet file holds no rows (no document to read)")
    elif name.endswith((".csv", ".csv.gz")):
        encoding = _csv_encoding(path)
        try:
            _csv_header(path, encoding)
        except pd.errors.EmptyDataError:
            raise ValueError(f"corpus {shown!r}: the CSV file is empty (no header, no rows)") from None
        except _CUT_ERRORS as exc:
            raise ValueError(f"corpus {shown!r}: cannot be read ({type(exc).__name__}: {exc})") from exc
        return encoding
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")) and (found := corpus_problems(path, columns)):
        raise ValueError(found[0])  # a JSON array, the columns of a file read whole
    return None


def _published_prepass(path: Path, encoding: str | None, columns: tuple = ()):
    """The day/month order of the file's whole ``published`` column (the one ``columns`` maps to
    it), and the columns met in a JSON Lines file (read to its end)."""
    met: set = set()
    prepass = _published_column(path, encoding, met, columns)
    order = day_month_order(prepass)
    for _ in prepass:  # to the end: every column met
        pass
    return order, met


#: The columns of a table corpus that are read; any other is named in a warning (never guessed at).
READ_COLUMNS = read_columns()


def _file_columns(path: Path, encoding: str | None, met: set) -> list[str]:
    """The columns of a table file: a Parquet file's schema, a CSV file's header, the keys met in
    a JSON Lines file (``met``, from the pre-pass)."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    if name.endswith((".jsonl", ".jsonl.gz", ".json")):
        return sorted(met)
    return [str(c) for c in _csv_header(path, encoding or _csv_encoding(path))]


def _checked_columns(path: Path, shown: str, encoding: str | None, met: set, columns: tuple) -> list[str]:
    """The file's columns; a ``ValueError`` naming the file when the mapping names a column it lacks,
    or when no column is read as ``text`` (a JSON Lines file: none of its rows has one)."""
    names = _file_columns(path, encoding, met)
    problem = columns_problem(names, columns)
    if problem:
        raise ValueError(f"corpus {shown!r}: {problem}")
    lines = path.name.lower().endswith((".jsonl", ".jsonl.gz", ".json"))
    if (names or not lines) and file_column("text", columns, names) is None:
        raise no_text_column(path.name, names)
    return names


def _file_problems(path: Path, encoding: str | None, column: str, order, names: list[str],
                   columns: tuple = ()) -> list[dict]:
    """The problems of a whole table file, reported with its first batch (both engines): its
    encoding, the day/month order of its ``published`` column, and the columns it holds that
    are not read (``names``, from :func:`_checked_columns`: a ``judul`` or ``Title `` column is
    not taken for the title unless the ``columns`` mapping says so)."""
    ignored = [c for c in names if c not in read_names(names, columns)]
    how = "named exactly so, or mapped by parameter columns" + (f": {described(columns)}" if columns else "")
    unread = ([problem(path.name, "", "warning", f"columns not read: {', '.join(ignored)} (the columns read are "
                       f"{', '.join(READ_COLUMNS)}, {how})")] if ignored else [])
    return _encoding_problem(path.name, encoding) + order_problem(path.name, column, order) + unread


def _name_refused_rows(row_problems: list[dict], file_name: str, stem: str) -> None:
    """Give the problem of a refused row the default ``doc_id`` of its row (in place)."""
    for p in row_problems:
        row = p["source_file"].rpartition(":")[2]
        if not p["doc_id"] and p["source_file"] != file_name and row.isdigit():
            p["doc_id"] = f"{stem}-{int(row):07d}"


def _refuse_repeated_ids(raw: Corpus, seen: set) -> Corpus:
    """``raw`` without the rows whose ``doc_id`` repeats an earlier row (each refused);
    the ids kept are added to ``seen``."""
    ids = raw.documents["doc_id"]  # not ids.isin(seen): pandas makes an Arrow scalar of every id seen, per batch
    dup = ids.duplicated() | np.fromiter(map(seen.__contains__, ids.tolist()), dtype=bool, count=len(ids))
    if dup.any():
        extra = [problem(s, d, "error", "refused: doc_id repeats an earlier row")
                 for s, d in zip(raw.documents.loc[dup, "source_file"], raw.documents.loc[dup, "doc_id"])]
        raw = Corpus(raw.documents[~dup].reset_index(drop=True),
                     pd.concat([raw.problems, pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True))
    seen.update(raw.documents["doc_id"])
    return raw
