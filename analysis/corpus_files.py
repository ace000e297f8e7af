"""The kinds of corpus file, and what stops one from being read at all, checked before a run.

The readers (:mod:`analysis.readers`) read a folder of pages, one page, a WARC file or a table
file (:data:`TABLE_SUFFIXES`). :func:`corpus_problems` is the run's cheap look at a corpus file
before anything is written (``analysis.parameters.check_paths``): a file of another kind, an
empty table, a JSON array given as JSON Lines, a CSV or Parquet file without a ``text`` column.
It needs neither pandas nor a whole pass over the file (the runner starts the kernels sooner);
the readers make the same checks, and more, with the same messages.

>>> corpus_problems("seeds"), file_kind("news.jsonl.gz")
([], 'table')
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import zlib
from pathlib import Path

from .paths import display_path, resolve

__all__ = ["PAGE_SUFFIXES", "TABLE_SUFFIXES", "WARC_SUFFIXES", "CSV_DELIMITERS", "file_kind", "bom_encoding",
           "csv_delimiter", "corpus_problems", "no_text_column"]

#: Pages read as text or as saved HTML.
PAGE_SUFFIXES = (".txt", ".html", ".htm")
#: Table files: one document per row (a ``text`` column).
TABLE_SUFFIXES = (".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".json", ".parquet")
#: Web archives (each HTML response record a page).
WARC_SUFFIXES = (".warc", ".warc.gz")
#: The field separators of CSV files, in the order tried: commas, then semicolons (a spreadsheet
#: saving CSV where the decimal mark is a comma, as in Indonesia), tabs and bars.
CSV_DELIMITERS = (",", ";", "\t", "|")
#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one); the codec
#: named reads the mark itself (which way round). ``analysis.decode`` reads files by them too.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def file_kind(name: str) -> str:
    """What a file name says a file is: ``"table"`` (:data:`TABLE_SUFFIXES`), ``"warc"``
    (:data:`WARC_SUFFIXES`), ``"page"`` (:data:`PAGE_SUFFIXES`) or ``""`` (none); any case.

    Parameters
    ----------
    name : str
        A file name or path.

    Returns
    -------
    str

    Examples
    --------
    >>> [file_kind(n) for n in ("Export.CSV", "crawl.WARC.gz", "page.html", "notes.docx")]
    ['table', 'warc', 'page', '']
    """
    name = str(name).lower()
    return next((kind for kind, suffixes in (("table", TABLE_SUFFIXES), ("warc", WARC_SUFFIXES),
                                             ("page", PAGE_SUFFIXES)) if name.endswith(suffixes)), "")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, or None.

    Parameters
    ----------
    data : bytes
        The first bytes of a file (4 are enough).

    Returns
    -------
    str or None
        ``utf-8-sig``, ``utf-16`` or ``utf-32`` (codecs that read the mark), None without one.

    Examples
    --------
    >>> bom_encoding(b"\\xff\\xfe\\x00\\x00{"), bom_encoding("x".encode("utf-16")), bom_encoding(b"doc_id")
    ('utf-32', 'utf-16', None)
    """
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def csv_delimiter(header: str, wanted: tuple[str, ...] = ("text",)) -> str:
    """The separator of a CSV file, told by its header line: the first of :data:`CSV_DELIMITERS`
    that splits off a column named as one of ``wanted`` (names are matched exactly); else (an
    export whose columns the ``columns`` parameter names) the first that splits the header into
    the most fields without leaving a quotation mark inside one (a sign of another separator);
    a comma when none splits it.

    Parameters
    ----------
    header : str
        The file's first line.
    wanted : tuple of str
        The column names a header of this kind of file holds (``text`` for a corpus,
        ``doc_id`` for ``metadata.csv``).

    Returns
    -------
    str
        ``","``, ``";"``, ``"\\t"`` or ``"|"``.

    Examples
    --------
    >>> csv_delimiter("doc_id;judul;text"), csv_delimiter("doc_id,text"), csv_delimiter("a;b,c;d")
    (';', ',', ';')
    >>> csv_delimiter("judul|isi"), csv_delimiter("isi"), csv_delimiter('id;isi;"Penulis, Editor, Sumber"')
    ('|', ',', ';')
    """
    best, most = ",", 1
    for mark in CSV_DELIMITERS:
        if mark in header:
            try:
                fields = next(csv.reader([header], delimiter=mark), [])
            except csv.Error:
                continue
            if any(f in wanted for f in fields):
                return mark
            if len(fields) > most and not any('"' in f for f in fields):
                best, most = mark, len(fields)
    return best


def no_text_column(name: str, columns) -> ValueError:
    """The error for a table without a ``text`` column, with what its header suggests: a column
    named ``text`` but for its case or spaces (names are matched exactly), or a mapping of its
    columns (the ``columns`` parameter).

    Parameters
    ----------
    name : str
        The file as named in messages.
    columns : iterable
        Its column names.

    Returns
    -------
    ValueError
        To raise.

    Examples
    --------
    >>> str(no_text_column("export.csv", ["title", "Text "]))[:82]
    "export.csv: no 'text' column (columns: title, Text ); column 'Text ' is not 'text'"
    >>> str(no_text_column("export.csv", ["judul", "isi"]))
    "export.csv: no 'text' column (columns: judul, isi); name its text column in parameter columns (text=isi)"
    """
    names = [str(c) for c in columns]
    pieces = [p for n in names for p in re.split(r"[;\t|]", n)]
    near = [p for p in pieces if p.strip().strip('"').casefold() == "text" and p != "text"]
    if near:
        hint = f"; column {near[0]!r} is not 'text': column names are matched exactly (rename it, or name it in parameter columns)"
    elif len(names) == 1 and len(pieces) > 1:
        hint = "; the header is read as one column: no separator of , ; tab | splits a 'text' column off it"
    else:
        hint = "; name its text column in parameter columns (text=isi)"
    return ValueError(f"{name}: no 'text' column (columns: {', '.join(names)}){hint}")


def corpus_problems(path: str | Path, columns=()) -> list[str]:
    """What stops a corpus file from being read at all, found cheaply before a run starts: a file
    of another kind, an empty CSV or Parquet file, a JSON array given as JSON Lines, a CSV or
    Parquet file without a ``text`` column (or without a column ``columns`` names). A folder, a
    page, a WARC file and a missing path give none here (a missing path is the parameters' own
    check).

    Parameters
    ----------
    path : str or pathlib.Path
        The corpus.
    columns : str or tuple of (str, str)
        The ``columns`` parameter (:func:`analysis.column_map.parse_columns`; one it cannot read
        is left to the parameter's own check).

    Returns
    -------
    list of str
        The messages, as the readers word them (empty when nothing stops the file).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "export.xlsx").write_bytes(b"PK")
    ...     corpus_problems(Path(d) / "export.xlsx")[0][:52]
    "corpus 'export.xlsx': expected a folder of pages, a "
    """
    path = resolve(path)
    if not path.is_file():
        return []
    from .column_map import columns_problem, file_column, parse_columns

    try:
        columns = parse_columns(columns)
    except ValueError:
        return []  # the parameter's own problem
    name, shown = path.name.lower(), display_path(path)
    if file_kind(name) != "table":
        if file_kind(name):
            return []
        return [f"corpus {shown!r}: expected a folder of pages, a {'/'.join(PAGE_SUFFIXES)} page, "
                f"a .warc/.warc.gz file or a {'/'.join(TABLE_SUFFIXES)} file"]
    try:
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            try:
                meta = pq.ParquetFile(path)
            except Exception as exc:  # noqa: BLE001 - pyarrow's errors: not Parquet, a cut file
                return [f"corpus {shown!r}: cannot be read as Parquet ({exc})"]
            if not meta.metadata.num_rows:
                return [f"corpus {shown!r}: the Parquet file holds no rows (no document to read)"]
            names = meta.schema_arrow.names
        else:
            lines, whole = _head_lines(path)
            first = lines[0] if lines else ""
            empty = f"corpus {shown!r}: no document to read (it holds no rows)"
            if not name.endswith((".csv", ".csv.gz")):
                if first.lstrip().startswith("["):
                    return [f"corpus {shown!r}: a JSON array, not JSON Lines (one object per line); write it as "
                            "JSON Lines, e.g. pandas.read_json(path).to_json(new_path, orient='records', lines=True)"]
                if not whole or not lines:
                    return [empty] if whole else []
                names = _json_keys(lines)  # a small file read whole: the keys of all its rows
                if not names:
                    return []
            elif whole and not lines:
                return [f"corpus {shown!r}: the CSV file is empty (no header, no rows)"]
            elif not lines or (len(lines) == 1 and not whole) or first.count('"') % 2 \
                    or "\x00" in first or "\ufffd" in first:
                return []  # a header longer than the part read, across lines, or in an encoding only the reader tells
            else:
                names = _pandas_names(next(csv.reader([first], delimiter=csv_delimiter(first, ("text", "doc_id")))))
                if whole and len(lines) == 1 and file_column("text", columns, names) is not None:
                    return [empty]
    except (EOFError, gzip.BadGzipFile, zlib.error, csv.Error):
        return []  # a compressed file cut short or damaged, a header csv cannot split: the reader decides
    except OSError as exc:
        return [f"corpus {shown!r}: cannot be read ({type(exc).__name__}: {exc})"]
    problem = columns_problem(names, columns)
    if problem:
        return [f"corpus {shown!r}: {problem}"]
    return [] if file_column("text", columns, names) is not None else [str(no_text_column(path.name, names))]


def _pandas_names(names: list[str]) -> list[str]:
    """A header's names as pandas names them: a name met again gets ``.1``, ``.2``, ..."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        while k and f"{n}.{k}" in names:
            k += 1
        out.append(f"{n}.{k}" if k else n)
        seen[n] = k + 1
    return out


def _json_keys(lines: list[str]) -> list[str]:
    """The keys of the JSON objects of ``lines`` (lines that are not an object left out), sorted."""
    keys: set[str] = set()
    for line in lines:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            keys.update(map(str, value))
    return sorted(keys)


def _head_lines(path: Path, size: int = 1 << 16) -> tuple[list[str], bool]:
    """The non-blank lines of the first ``size`` bytes of a (gzipped) text file, its byte-order
    mark dropped (UTF-8, UTF-16 or UTF-32 either way round; else UTF-8, or cp1252 for a header's
    names), any line end (LF, CRLF, a bare CR) ending a line; and whether that is the whole file
    (else the last line may be cut)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        data = fh.read(size + 1)
    whole, data = len(data) <= size, data[:size]
    codec = bom_encoding(data)
    if codec:  # the codec reads the mark: which way round
        text = data.decode(codec, errors="replace").lstrip("\ufeff")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data[:exc.start].decode("utf-8") if exc.start > len(data) - 4 else data.decode("cp1252", "replace")
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()], whole
