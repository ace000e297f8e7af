"""Load a corpus of news pages into a tidy ``documents`` table, reporting every refusal.

A corpus is either

* a folder of ``.txt`` pages (searched recursively, sorted by path; ``doc_id`` is the
  path without ``.txt``, i.e. the file stem for pages at the top), optionally with a
  ``metadata.csv`` (``doc_id`` plus any of ``outlet, title, published, url, authors,
  editors, credited_sources``) whose non-empty values override what the text says;
* or one ``.csv`` / ``.jsonl`` (``.jsonl.gz``) / ``.parquet`` file with a ``text`` column
  and, optionally, the same metadata columns.

Nothing is lost: each input file (and table row) is either a row of ``documents`` or a
row of ``problems`` saying why it was refused. Warnings (a guessed encoding, an unreadable
``published`` value) are reported in ``problems`` too, with ``severity = warning``.

>>> c = load("seeds")
>>> c.documents[["doc_id", "outlet", "published"]].iloc[1].tolist()
['001_4ce3aef62b4e11e4', 'Okezone', '2023-10-27T17:33:00+07:00']
>>> len(c.problems)
0

Metadata read from the text (outlet, title, publication date, authors, editors and the
wires credited) is driven by the outlet profiles in ``analysis/data/outlets.yaml``.
"""

from __future__ import annotations

import codecs
import csv
import errno
import gzip
import io
import json
import os
import re
import stat
import warnings
import zlib
from collections.abc import Iterator
from itertools import islice
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import rules
from .paths import display_path, resolve
from .published import NOT_A_DATE, DayMonthOrder, day_month_order, read_published

__all__ = [
    "Corpus", "RawBatch", "MAX_PAGE_CHARS", "cut_long_pages", "load", "repair", "iter_batches", "iter_raw",
    "finish", "decode", "describe", "from_lines", "split_lines",
    "DOCUMENT_COLUMNS", "PROBLEM_COLUMNS", "METADATA_COLUMNS", "TABLE_SUFFIXES",
]

#: Columns of ``tables/documents.csv`` (the ``text`` column is kept in memory only).
DOCUMENT_COLUMNS = [
    "doc_id", "source_file", "outlet", "title", "published", "published_source", "published_raw",
    "authors", "editors", "credited_sources", "url", "language", "encoding",
    "n_lines", "n_nonblank_lines", "n_chars",
]
_COUNT_COLUMNS = ("n_lines", "n_nonblank_lines", "n_chars")
PROBLEM_COLUMNS = ["source_file", "doc_id", "severity", "message"]
#: Columns a table corpus or ``metadata.csv`` may give, overriding the text.
METADATA_COLUMNS = ["outlet", "title", "published", "url", "authors", "editors", "credited_sources"]
TABLE_SUFFIXES = (".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".json", ".parquet")
#: Pages longer than this many characters are cut (with a warning): the work per page is bounded.
MAX_PAGE_CHARS = 5_000_000
LIST_SEP = "; "


@dataclass
class Corpus:
    """The result of loading: one row per document and one row per problem."""

    documents: pd.DataFrame
    problems: pd.DataFrame
    #: The cleaner's labelled lines (``clean.label_lines``), from which the title and date
    #: were read; None where the documents were not cleaned yet.
    lines: pd.DataFrame | None = None

    @staticmethod
    def concat(parts: list["Corpus"]) -> "Corpus":
        docs = [p.documents for p in parts if len(p.documents)]
        probs = [p.problems for p in parts if len(p.problems)]
        lines = [p.lines for p in parts if p.lines is not None and len(p.lines)]
        return Corpus(
            pd.concat(docs, ignore_index=True) if docs else _empty_documents(),
            pd.concat(probs, ignore_index=True) if probs else _empty_problems(),
            pd.concat(lines, ignore_index=True) if lines else None,
        )


def _empty_documents() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DOCUMENT_COLUMNS + ["text"]})


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})


def _problem(source: str, doc_id: str, severity: str, message: str) -> dict:
    return {"source_file": source, "doc_id": doc_id, "severity": severity, "message": message}


# --------------------------------------------------------------------------- decoding

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: Control bytes that plain text does not hold (NUL apart: it is removed before this is counted).
_CONTROL_BYTES = bytes(range(1, 9)) + b"\x0b" + bytes(range(0x0e, 0x20)) + b"\x7f"
#: Share of non-ASCII characters above which a page read as cp1252 is not Western text
#: (Indonesian holds almost none, French or German a few per cent, a short phrase more;
#: Cyrillic or Greek read as cp1252 are mostly non-ASCII).
_WESTERN_NON_ASCII = 0.4
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler ``corpus-cp1252``: bytes that are not UTF-8 read as cp1252."""
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("corpus-cp1252", _cp1252_fallback)
#: The encoding name of text that is UTF-8 but for some bytes read as cp1252.
UTF8_CP1252 = "utf-8+cp1252"


def _bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NUL bytes in (nearly) every other position."""
    sample = data[:65536]
    half = len(sample) // 2
    if half < 2 or sample.count(0) < half // 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _control_byte_ratio(data: bytes) -> float:
    sample = data[:65536]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(len(sample), 1)


def _is_western(text: str) -> bool:
    """Whether ``text`` (read as cp1252) looks like Indonesian or another Western language."""
    sample = text[:65536]
    letters = len(sample) - sample.count(" ") - sample.count("\n")
    return len(_NON_ASCII.findall(sample)) <= _WESTERN_NON_ASCII * max(letters, 1)


def _decode_lines(data: bytes) -> tuple[str, int, int]:
    """UTF-8, line by line, the lines that are not read as cp1252 where UTF-8 fails.
    Returns ``(text, lines read as cp1252, UTF-8 lines with non-ASCII characters)``."""
    lines = data.split(b"\n")
    bad = good = 0
    for i, line in enumerate(lines):
        try:
            lines[i] = line.decode("utf-8")
            good += not line.isascii()
        except UnicodeDecodeError:
            lines[i] = line.decode("utf-8", errors="corpus-cp1252")
            bad += 1
    return "\n".join(lines), bad, good


def _decode_ascii_compatible(data: bytes, name: str, doc_id: str) -> tuple[str | None, str, list[dict]]:
    """Bytes of an ASCII-compatible encoding: UTF-8; UTF-8 with some lines in cp1252 (the
    lines repaired one by one); cp1252 for a single-byte page of Western text; else the
    encoding charset-normalizer detects."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode(encoding), encoding, []
    except UnicodeDecodeError:
        pass
    text, bad, good = _decode_lines(data[3:] if encoding == "utf-8-sig" else data)
    if good:  # UTF-8 with some lines of another (single-byte) encoding
        n = text.count("\n") + 1
        return text, UTF8_CP1252, [_problem(name, doc_id, "warning",
                                            f"not valid UTF-8 in {bad} of {n} lines; "
                                            f"{'that line' if bad == 1 else 'those lines'} decoded as cp1252")]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 does not define
        text = None
    if text is not None and _is_western(text):
        return text, "cp1252", [_problem(name, doc_id, "warning",
                                         "not valid UTF-8; decoded as cp1252 (a single-byte page of Western text)")]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, "", [_problem(name, doc_id, "error", "refused: not text in any encoding we can detect (binary?)")]
    return str(best), best.encoding, [_problem(name, doc_id, "warning",
                                               f"not valid UTF-8; decoded as {best.encoding} "
                                               f"(detected by charset-normalizer)")]


def decode(data: bytes, name: str) -> tuple[str | None, str, list[dict]]:
    """Decode one file's bytes, with CRLF/CR turned into LF and NUL bytes removed (a
    warning). Returns ``(text or None when refused, encoding, problems)``.

    UTF-8 (BOM stripped); UTF-16 or UTF-32 (by their BOM, or UTF-16 by its NUL bytes);
    UTF-8 with some lines in cp1252 (those lines read as cp1252, a warning); a single-byte
    page as cp1252 when it reads as Western text, else in the encoding charset-normalizer
    detects (a warning). Refused: an empty or blank page, a binary file (mostly control bytes).

    >>> decode(b"\\xef\\xbb\\xbfSatu\\r\\nDua", "a.txt")[:2]
    ('Satu\\nDua', 'utf-8-sig')
    >>> decode(b"", "b.txt")[2][0]["message"]
    'refused: the file is empty'
    >>> decode("na\\u00efve caf\\u00e9".encode("cp1252"), "c.txt")[:2]
    ('naïve café', 'cp1252')
    >>> decode("Satu\\nDua".encode("utf-16"), "d.txt")[:2]
    ('Satu\\nDua', 'utf-16')
    >>> text, _, problems = decode(b"Sa\\x00tu", "e.txt"); text, problems[0]["message"]
    ('Satu', 'removed 1 NUL byte')
    """
    doc_id = Path(name).stem
    if not data:
        return None, "", [_problem(name, doc_id, "error", "refused: the file is empty")]
    problems: list[dict] = []
    encoding = _bom_encoding(data) or _utf16_without_bom(data)
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            text = data.decode(encoding, errors="replace")
            problems.append(_problem(name, doc_id, "warning", f"not valid {encoding.upper()} ({exc.reason} at byte "
                                     f"{exc.start}); the bad bytes replaced by U+FFFD"))
        if not _bom_encoding(data):
            problems.append(_problem(name, doc_id, "warning",
                                     f"no byte-order mark; decoded as {encoding.upper()} (from its NUL bytes)"))
        nuls = text.count("\x00")
        text = text.replace("\x00", "") if nuls else text
    else:
        nuls = data.count(b"\x00")
        if nuls:
            data = data.replace(b"\x00", b"")
            if not data:
                return None, "", [_problem(name, doc_id, "error", "refused: binary file (only NUL bytes)")]
        if _control_byte_ratio(data) > 0.05:
            return None, "", [_problem(name, doc_id, "error", "refused: binary file (mostly control bytes)")]
        text, encoding, found = _decode_ascii_compatible(data, name, doc_id)
        if text is None:
            return None, encoding, found
        problems += found
    text = _normalise_newlines(text)
    if _control_ratio(text) > 0.05:
        return None, encoding, [_problem(name, doc_id, "error",
                                         "refused: binary file (mostly control characters)")]
    if not text.strip():
        return None, encoding, [_problem(name, doc_id, "error", "refused: the file holds only blank lines")]
    if nuls:
        problems.append(_problem(name, doc_id, "warning", f"removed {nuls} NUL byte{'s' if nuls > 1 else ''}"))
    return text, encoding, problems


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def _normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- readers: folders

def _page_paths(folder: Path) -> tuple[list[Path], list[Path], list[dict]]:
    """The files under ``folder``, sorted by relative path: ``(pages, other files, problems)``.

    Links are followed, each folder read once: a link back to a folder being read (a loop)
    or to one read already, a broken link, a link looping on itself, a folder or entry that
    cannot be read (permission denied) and what is not a regular file are problems naming
    the path, never skipped silently."""
    files: list[Path] = []
    problems: list[dict] = []
    seen: dict[tuple[int, int], str] = {}

    def rel(p: Path) -> str:
        return p.relative_to(folder).as_posix()

    def page_id(p: Path) -> str:
        return rel(p)[: -len(p.suffix)] if p.suffix.lower() == ".txt" else ""

    def walk(d: Path, links: list[Path]) -> None:
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(_problem(rel(d) if d != folder else d.name, "", "error",
                                     f"refused: cannot read the folder ({exc.strerror or exc})"))
            return
        for entry in entries:
            p = d / entry.name
            try:
                st = os.stat(entry.path)  # follows links
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    why = "refused: symlink loop (the link points back to itself)"
                elif entry.is_symlink() and exc.errno in (errno.ENOENT, errno.ENOTDIR):
                    why = f"refused: broken symlink (its target {os.readlink(entry.path)!r} does not exist)"
                else:
                    why = f"refused: cannot read the entry ({exc.strerror or exc})"
                problems.append(_problem(rel(p), page_id(p), "error", why))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if entry.is_symlink():
                    links.append(p)  # read after the real folders, so those keep their own paths
                elif key not in seen:
                    seen[key] = rel(p)
                    walk(p, links)
            elif stat.S_ISREG(st.st_mode):
                files.append(p)
            else:
                problems.append(_problem(rel(p), page_id(p), "warning",
                                         "skipped: not a regular file (a device, pipe or socket)"))

    root = folder.stat()
    seen[(root.st_dev, root.st_ino)] = "."
    links: list[Path] = []
    walk(folder, links)
    while links:
        link = links.pop(0)
        st = link.stat()
        key, name = (st.st_dev, st.st_ino), rel(link)
        if key in seen:
            target = seen[key]
            loop = target == "." or name.startswith(target + "/")
            problems.append(_problem(name, "", "warning",
                                     f"skipped: symlink loop (links back to the folder {target!r} that holds it)"
                                     if loop else f"skipped: symlink to the folder {target!r}, read already"))
            continue
        seen[key] = name
        more: list[Path] = []
        walk(link, more)
        links = sorted(links + more, key=rel)
    files.sort(key=rel)
    pages = [p for p in files if p.suffix.lower() == ".txt"]
    others = [p for p in files if p.suffix.lower() != ".txt" and rel(p) != "metadata.csv"]
    return pages, others, problems


def _page_ids(paths: list[Path], folder: Path) -> tuple[list[str], list[dict]]:
    """One unique ``doc_id`` per page (its path without ``.txt``): pages whose ids collide
    (``case.txt`` and ``case.TXT``) get ``~2``, ``~3``... in path order, with a warning.

    >>> _page_ids([Path("f/case.TXT"), Path("f/case.txt"), Path("f/case~2.txt")], Path("f"))[0]
    ['case', 'case~3', 'case~2']
    """
    rels = [p.relative_to(folder).as_posix() for p in paths]
    base = [r[: -len(Path(r).suffix)] for r in rels]
    taken, first, ids, problems = set(base), {}, [], []
    for r, b in zip(rels, base):
        if b not in first:
            first[b] = r
            ids.append(b)
            continue
        n = 2
        while f"{b}~{n}" in taken:
            n += 1
        ids.append(f"{b}~{n}")
        taken.add(ids[-1])
        problems.append(_problem(r, ids[-1], "warning",
                                 f"doc_id {b!r} of {r} repeats that of {first[b]}; this page is {ids[-1]!r}"))
    return ids, problems


def _read_pages(paths: list[Path], folder: Path, ids: list[str] | None = None) -> Corpus:
    rows, problems = [], []
    for i, path in enumerate(paths):
        rel = path.relative_to(folder).as_posix()
        doc_id = ids[i] if ids is not None else rel[: -len(path.suffix)]
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(_problem(rel, doc_id, "error", f"refused: cannot read the file ({exc.strerror or exc})"))
            continue
        text, encoding, found = decode(data, rel)
        for f in found:
            f["doc_id"] = doc_id
        problems.extend(found)
        if text is not None:
            rows.append({"doc_id": doc_id, "source_file": rel, "text": text, "encoding": encoding})
    return Corpus(pd.DataFrame(rows, columns=["doc_id", "source_file", "text", "encoding"]),
                  pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


# --------------------------------------------------------------------------- readers: tables

#: Errors of a compressed file cut short or corrupt (the rows before are kept).
_CUT_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _encoding_args(encoding: str) -> tuple[str, str]:
    """``(codec, errors)`` of an encoding as :func:`_csv_encoding` names it."""
    if encoding == UTF8_CP1252:
        return "utf-8-sig", "corpus-cp1252"
    return encoding, "strict" if encoding in ("utf-8-sig", "utf-8") else "replace"


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
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _bom_encoding(sample) or "utf-16"
    text, _, good = _decode_lines(sample)
    if good or _is_western(text):
        return UTF8_CP1252
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best else UTF8_CP1252


def _encoding_problem(source: str, encoding: str) -> list[dict]:
    if encoding in ("utf-8-sig", "utf-8", None):
        return []
    what = ("bytes that are not UTF-8 decoded as cp1252" if encoding == UTF8_CP1252
            else f"decoded as {encoding}")
    return [_problem(source, "", "warning", f"not valid UTF-8; {what}")]


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


def _cut_problem(source: str, exc: BaseException, rows: int) -> dict:
    return _problem(source, "", "error", f"the file is cut short or corrupt ({type(exc).__name__}: {exc}); "
                                         f"the {rows} rows before the cut are read, the rest is lost")


def _csv_header(path: Path, encoding: str) -> pd.Index:
    """The columns of a CSV file, as pandas names them (also of a compressed file cut short)."""
    codec, errors = _encoding_args(encoding)
    try:
        return pd.read_csv(path, dtype=str, nrows=0, encoding=codec, encoding_errors=errors, index_col=False).columns
    except _CUT_ERRORS:
        with gzip.open(path, "rt", encoding=codec, errors=errors, newline="") as fh:
            record = next((r for r in csv.reader(_lines_until_cut(fh, {})) if r), None)
        if record is None:
            raise
        line = io.StringIO()
        csv.writer(line).writerow(record)
        return pd.read_csv(io.StringIO(line.getvalue()), dtype=str, nrows=0, index_col=False).columns


def _csv_batches(path: Path, batch_size: int, encoding: str, usecols: list[str] | None = None) -> Iterator[tuple]:
    """The rows of a CSV file in batches: pandas' chunked reader while the file is clean;
    from the first chunk it cannot read (a row with more fields than the header, a quote
    left open, the cut of a compressed file), the csv module, row by row, reporting each
    row it refuses with its row and line number."""
    from pandas.errors import ParserError, ParserWarning

    codec, errors = _encoding_args(encoding)
    done = 0
    try:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=batch_size, encoding=codec,
                             encoding_errors=errors, index_col=False, usecols=usecols, compression="infer")
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
                yield frame, np.arange(done + 1, done + len(frame) + 1), []
                done += len(frame)
    except (ParserError, UnicodeDecodeError, csv.Error, *_CUT_ERRORS):
        pass
    yield from _csv_tolerant(path, batch_size, encoding, done, usecols)


def _csv_tolerant(path: Path, batch_size: int, encoding: str, skip: int,
                  usecols: list[str] | None = None) -> Iterator[tuple]:
    """Rows ``skip + 1``... of a CSV file with the csv module (see :func:`_csv_batches`)."""
    codec, errors = _encoding_args(encoding)
    columns = list(_csv_header(path, encoding))
    n, name = len(columns), path.name
    keep = [columns.index(c) for c in usecols] if usecols else None
    state: dict = {}
    opener = gzip.open if name.lower().endswith(".gz") else open
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # as pandas: no limit on a field
    with opener(path, "rt", encoding=codec, errors=errors, newline="") as fh:
        lines = _lines_until_cut(fh, state)
        reader = csv.reader(lines)
        row, records, numbers, problems = 0, [], [], []
        header = True
        while True:
            line_no = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:  # the row is refused, the next is read
                row += 1
                if row > skip:
                    problems.append(_problem(f"{name}:{row}", "", "error", f"refused: line {line_no}: {exc}"))
                continue
            if not record or (len(record) == 1 and not record[0].strip() and record[0]):
                continue  # a blank line, as pandas skips it
            if header:
                header = False
                continue
            row += 1
            if row <= skip:
                continue
            if len(record) > n:
                problems.append(_problem(f"{name}:{row}", "", "error",
                                         f"refused: Expected {n} fields in line {line_no}, saw {len(record)} "
                                         f"(a ragged CSV row)"))
            else:
                record += [""] * (n - len(record))
                records.append([record[i] for i in keep] if keep else record)
                numbers.append(row)
            if len(records) >= batch_size:
                yield (pd.DataFrame(records, columns=usecols or columns, dtype=object),
                       np.array(numbers), problems)
                records, numbers, problems = [], [], []
        if "cut" in state:
            problems.append(_cut_problem(name, state["cut"], row))
        if records or problems:
            yield (pd.DataFrame(records, columns=usecols or columns, dtype=object),
                   np.array(numbers, dtype=int), problems)


def _jsonl_batches(path: Path, batch_size: int, skip: int = 0) -> Iterator[tuple]:
    """The rows of a JSON Lines file (``.gz`` too) in batches: pandas reads each batch of
    lines; a batch it cannot read is read line by line, each broken line refused with its
    line number. Bytes that are not UTF-8 are read as cp1252 (a warning per row); the cut
    of a compressed file keeps the rows before it and is reported. ``skip``: rows (non-blank
    lines) left out at the start."""
    name, row, line_no, cut = path.name, 0, 0, None
    with _open_binary(path) as fh:
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
            chunk = [line for line in (line.strip() for line in raw_lines) if line]
            if row < skip:  # the lines of the rows left out
                i = 0
                while i < len(raw_lines) and row < skip:
                    row += bool(raw_lines[i].strip())
                    i += 1
                first_line, raw_lines = first_line + i, raw_lines[i:]
                chunk = [line for line in (line.strip() for line in raw_lines) if line]
            if not chunk:
                continue
            numbers = np.arange(row + 1, row + len(chunk) + 1)
            row += len(chunk)
            if all(line[:1] == b"{" for line in chunk):
                try:  # as pandas reads JSON Lines: one array of the objects
                    frame = pd.read_json(io.BytesIO(b"[" + b",".join(chunk) + b"]"), dtype=False, encoding="utf-8")
                    if len(frame) == len(chunk):
                        yield frame, numbers, []
                        continue
                except (ValueError, UnicodeDecodeError):
                    pass
            line_nos = [first_line + i for i, line in enumerate(raw_lines) if line.strip()]
            records, kept, problems = [], [], []
            for raw, r, ln in zip(chunk, numbers, line_nos):
                line = _utf8_or_cp1252(raw, f"{name}:{r}", f"line {ln}", problems)
                try:
                    value = json.loads(line)
                except ValueError as exc:
                    problems.append(_problem(f"{name}:{r}", "", "error",
                                             f"refused: line {ln} is not valid JSON ({exc})"))
                    continue
                if not isinstance(value, dict):
                    problems.append(_problem(f"{name}:{r}", "", "error",
                                             f"refused: line {ln} is not a JSON object but {type(value).__name__}"))
                    continue
                records.append(value)
                kept.append(r)
            yield pd.DataFrame.from_records(records) if records else pd.DataFrame(), np.array(kept, dtype=int), problems
        if cut is not None:
            yield pd.DataFrame(), np.array([], dtype=int), [_cut_problem(name, cut, row)]


def _utf8_or_cp1252(data: bytes, where: str, what: str, problems: list[dict]) -> str:
    """``data`` as UTF-8; where it is not, the bytes that are not UTF-8 read as cp1252, with a
    warning naming ``where`` (file:row) and ``what`` (the line or column)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(_problem(where, "", "warning",
                                 f"{what} is not valid UTF-8; the bytes that are not were read as cp1252"))
        return data.decode("utf-8", errors="corpus-cp1252")


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
            value = _utf8_or_cp1252(value, f"{source}:{r}", name, problems)
        values.append(value)
    return pa.array(values, pa.string())


def _parquet_batches(path: Path, batch_size: int, columns: list[str] | None = None) -> Iterator[tuple]:
    """The rows of a Parquet file in batches; binary (or invalid UTF-8 text) cells decoded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=columns):
        rows = np.arange(done + 1, done + batch.num_rows + 1)
        done += batch.num_rows
        problems: list[dict] = []
        binary = any(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type) for f in batch.schema)
        if not binary:
            try:
                yield batch.to_pandas(), rows, problems
                continue
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
                column = _decoded_cells(column, path.name, f"column {field.name!r}", rows, problems)
            arrays.append(column)
        yield pa.RecordBatch.from_arrays(arrays, names=batch.schema.names).to_pandas(), rows, problems


def _read_table_batches(path: Path, batch_size: int, encoding: str | None = None) -> Iterator[tuple]:
    """``(frame, row numbers, problems of refused rows)`` per batch of a table file."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        yield from _parquet_batches(path, batch_size)
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        yield from _jsonl_batches(path, batch_size)
    else:
        yield from _csv_batches(path, batch_size, encoding or _csv_encoding(path))


def _given_text(column: pd.Series) -> pd.Series:
    """A given (table) column as stripped text, missing values empty."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


#: Rows per chunk of the ``published`` pre-pass (one column only, so larger than a batch).
_PREPASS_ROWS = 50_000


def _published_column(path: Path, encoding: str | None = None, columns: set | None = None) -> Iterator[pd.Series]:
    """Only the ``published`` column of a table file, in chunks (nothing when it has none):
    the cheap pre-pass that decides the column's day/month order before the batches. Rows
    the batches refuse are left out; their problems are reported with the batches. The
    columns met in a JSON Lines file (whose rows may differ) are added to ``columns``."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        if "published" not in pq.ParquetFile(path).schema_arrow.names:
            return
        for frame, _, _ in _parquet_batches(path, _PREPASS_ROWS, columns=["published"]):
            yield _given_text(frame["published"])
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        # pandas' streaming reader while the file is clean; from a chunk it cannot read, the
        # reader of the batches (so values are read the same)
        done, frames = 0, None
        try:
            with pd.read_json(path, lines=True, dtype=False, chunksize=_PREPASS_ROWS, compression="infer",
                              encoding="utf-8") as reader:
                for frame in reader:
                    if columns is not None:
                        columns.update(frame.columns)
                    if "published" in frame.columns:
                        yield _given_text(frame["published"])
                    done += len(frame)
        except Exception:  # pandas' errors differ by cause
            frames = (frame for frame, _, _ in _jsonl_batches(path, _PREPASS_ROWS, skip=done))
        for frame in frames or ():
            if columns is not None:
                columns.update(frame.columns)
            if "published" in frame.columns:
                yield _given_text(frame["published"])
    else:
        encoding = encoding or _csv_encoding(path)
        if "published" not in _csv_header(path, encoding):
            return
        for frame, _, _ in _csv_batches(path, _PREPASS_ROWS, encoding, usecols=["published"]):
            yield _given_text(frame["published"])


def _table_rows(frame: pd.DataFrame, source: str, stem: str, start: int | np.ndarray) -> Corpus:
    """Turn one batch of table rows into raw documents (text + given metadata); ``start``:
    the rows before the batch, or the (1-based) row number of each row."""
    if "text" not in frame.columns:
        raise ValueError(f"{source}: no 'text' column (columns: {', '.join(map(str, frame.columns))})")
    frame = frame.reset_index(drop=True)
    row_no = np.arange(start + 1, start + len(frame) + 1) if np.ndim(start) == 0 else np.asarray(start)
    ids = pd.Series([f"{stem}-{i:07d}" for i in row_no], dtype=object)
    if "doc_id" in frame.columns:
        given = frame["doc_id"].astype(object).where(frame["doc_id"].notna(), "").astype(str).str.strip()
        ids = given.where(given.ne(""), ids)
    text = frame["text"].astype(object).where(frame["text"].notna(), "").astype(str)
    text = text.str.lstrip("\ufeff").str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    sources = pd.Series([f"{source}:{i}" for i in row_no], dtype=object)
    raw = pd.DataFrame({"doc_id": ids, "source_file": sources, "text": text, "encoding": "utf-8"})
    for col in METADATA_COLUMNS:
        if col in frame.columns:
            raw["given_" + col] = _given_text(frame[col])
    problems = []
    nul = raw["text"].str.contains("\x00", regex=False)
    if nul.any():
        raw.loc[nul, "text"] = raw.loc[nul, "text"].str.replace("\x00", "", regex=False)
        problems += [_problem(s, d, "warning", "removed NUL bytes from the text")
                     for s, d in zip(raw.loc[nul, "source_file"], raw.loc[nul, "doc_id"])]
    blank = raw["text"].str.strip().eq("")
    problems += [
        _problem(s, d, "error", "refused: the text is empty")
        for s, d in zip(raw.loc[blank, "source_file"], raw.loc[blank, "doc_id"])
    ]
    return Corpus(raw[~blank].reset_index(drop=True), pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


# --------------------------------------------------------------------------- metadata from text

def split_lines(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per raw line: ``doc_id, line_no`` (1-based), ``text``; blank lines included.

    >>> split_lines(pd.DataFrame({"doc_id": ["a"], "text": ["x\\n\\ny"]}))["line_no"].tolist()
    [1, 2, 3]
    """
    if documents.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "line_no": pd.Series(dtype="int64"),
                             "text": pd.Series(dtype=object)})
    parts = documents[["doc_id"]].assign(text=documents["text"].str.split("\n")).explode("text")
    parts["line_no"] = parts.groupby(level=0).cumcount() + 1
    return parts[["doc_id", "line_no", "text"]].reset_index(drop=True).astype({"line_no": "int64"})


_TAG = re.compile(r"<[^>]{0,200}>")


_CAPTURE = re.compile(r"(?<!\\)\((?!\?)")


@lru_cache(maxsize=None)
def _combined(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """One alternation of ``patterns`` with capturing groups made non-capturing (for tests)."""
    body = "|".join(f"(?:{_CAPTURE.sub('(?:', p)})" for p in patterns)
    return re.compile(body or r"(?!x)x", flags)


def _furniture_regex() -> re.Pattern:
    m = rules.metadata_rules()
    pats = [p.pattern for p in m["title_skip"]] + [p.pattern for o in rules.outlet_profiles() for p in o.furniture]
    return _combined(tuple(pats), re.I)


def _outlet_alias_map() -> dict[str, str]:
    out = {}
    for o in rules.outlet_profiles():
        for alias in (o.name, *o.aliases):
            out[alias.lower()] = o.name
    return out


def _first_per_doc(frame: pd.DataFrame, mask: pd.Series, column: str) -> pd.Series:
    hit = frame[mask]
    return hit.groupby("doc_id", sort=False)[column].first()


def _profile_regex(kind: str) -> re.Pattern:
    """One alternation over every profile's ``kind`` patterns, group ``p{i}`` = profile i."""
    parts = []
    for i, profile in enumerate(rules.outlet_profiles()):
        pats = tuple(p.pattern for p in getattr(profile, kind))
        if pats:
            parts.append(f"(?P<p{i}>{_combined(pats).pattern})")
    return re.compile("|".join(parts) or r"(?!x)x", re.M)


_URL = re.compile(r"https?://\S+|\bwww\.\S+|\burl\([^)]*\)|[\w.-]+@[\w.-]+")
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*(?:\.(?i:com|co|id|net|org|tv|news)){1,2}\b")


def _title_suffix_outlets(lines: pd.DataFrame) -> pd.Series:
    """Outlet per document from a first line that ends in the site's name ("Judul -
    Kompas.com", "Judul | Republika Online"): the domain in that name, else the longest
    leading part of the name that another short line of the page repeats (a masthead, a
    menu, a footer). A name the page does not confirm is not taken."""
    first = lines.drop_duplicates("doc_id")
    first = first[first["text"].str.len().le(250)]
    suffix = first["text"].str.strip().str.extract(rules.metadata_rules()["title_suffix"])["outlet"].dropna()
    if suffix.empty:
        return pd.Series(dtype=object)
    doc_of = first.loc[suffix.index, "doc_id"]
    others = lines[lines["doc_id"].isin(set(doc_of)) & lines["text"].str.len().le(120)]
    others = others[~others.index.isin(first.index)]
    page_text = others.groupby("doc_id", sort=False)["text"].agg(lambda t: "\n".join(t).casefold())
    out = {}
    for doc_id, name in zip(doc_of, suffix.str.strip()):
        domain = _DOMAIN.search(name)
        if domain:
            out[doc_id] = domain.group(0)
            continue
        words, text = name.split(), page_text.get(doc_id, "")
        for k in range(len(words), 0, -1):
            part = " ".join(words[:k])
            if len(part) >= 3 and (part.casefold() in text or part.casefold().replace(" ", "") in text):
                out[doc_id] = part
                break
    return pd.Series(out, dtype=object)


def _masthead_outlets(lines: pd.DataFrame, rx: re.Pattern) -> pd.Series:
    """Outlet per document from lines that are only a domain ("TRIBUNSOLO.COM"): of several
    (a network's list of its sites), the one the page names most often, then the first."""
    name = lines["text"].str.extract(rx)["outlet"].dropna()
    if name.empty:
        return pd.Series(dtype=object)
    doc_of = lines.loc[name.index, "doc_id"]
    text = (lines[lines["doc_id"].isin(set(doc_of))].groupby("doc_id", sort=False)["text"]
            .agg(lambda t: "\n".join(t).casefold()))
    out = {}
    for doc_id, names in name.groupby(doc_of, sort=False):
        counts = [(text[doc_id].count(n.casefold()), -i, n) for i, n in enumerate(dict.fromkeys(names))]
        out[doc_id] = max(counts)[2]
    return pd.Series(out, dtype=object)


def _outlets(lines: pd.DataFrame, doc_ids: pd.Series) -> pd.Series:
    """Outlet per document, from the strongest evidence the page gives: a profile's
    dateline, a generic dateline naming an outlet ("Jakarta, CNN Indonesia --",
    "KONTAN.CO.ID -"), a byline naming it ("Nama - detikinet"), the site's name after the
    page title, a masthead line, a copyright line, then a profile's identifying pattern; empty when the text does not say. Names
    are mapped to the profiles' canonical names; an unknown outlet keeps its own spelling.
    Addresses (URLs, e-mail, stylesheet imports) never identify a page.

    Each step is one pass of one compiled alternation over the lines column."""
    profiles = rules.outlet_profiles()
    aliases = _outlet_alias_map()
    meta = rules.metadata_rules()
    found = []
    openings = lines["text"].str.slice(0, 160)  # datelines open a line
    # furniture lines are short; a long paragraph naming an outlet ("dikutip dari
    # kompas.com") does not identify the page, nor does an address
    short = lines["text"].where(lines["text"].str.len().le(200), "").str.replace(_URL, " ", regex=True)
    # masthead and copyright lines are short and hold a dot or a copyright sign
    mastheads = short.str.strip()
    mastheads = mastheads.where(mastheads.str.len().le(120) & mastheads.str.contains(r"[.©@]|(?i:copyright|hak cipta)"), "")
    passes = ([(openings, _profile_regex("dateline"))]
              + [(openings, rx) for rx in meta["dateline_outlet"]]
              + [(short.str.strip(), meta["byline_outlet"]), "title suffix", "masthead",
                 (mastheads, meta["copyright_outlet"]),
                 (short, _profile_regex("identify"))])
    for rank, step in enumerate(passes):
        if isinstance(step, str):
            names = (_title_suffix_outlets(lines.assign(text=lines["text"].astype(str))) if step == "title suffix"
                     else _masthead_outlets(lines.assign(text=mastheads), meta["masthead_outlet"]))
            if len(names):
                firsts = lines.drop_duplicates("doc_id").set_index("doc_id")["line_no"]
                found.append(pd.DataFrame({"rank": rank, "line_no": firsts.reindex(names.index).to_numpy(),
                                           "doc_id": names.index, "outlet": names.map(
                                               lambda n: aliases.get(n.lower(), n)).to_numpy()}))
            continue
        column, rx = step
        ext = column.str.extract(rx)
        if "outlet" in ext:
            names = ext["outlet"].dropna().str.strip().map(lambda n: aliases.get(n.lower(), n))
        else:
            hit = ext.notna()
            names = hit.idxmax(axis=1)[hit.any(axis=1)].map(lambda g: profiles[int(g[1:])].name)
        found.append(pd.DataFrame({"rank": rank, "line_no": lines.loc[names.index, "line_no"],
                                   "doc_id": lines.loc[names.index, "doc_id"], "outlet": names}))
    found = pd.concat(found).sort_values(["doc_id", "rank", "line_no"], kind="stable")
    return found.groupby("doc_id", sort=False)["outlet"].first()


def _split_names(value: str) -> list[str]:
    sep = rules.metadata_rules()["name_split"]
    return [n.strip(" .-–") for n in sep.split(value) if n.strip(" .-–")]


def _join_unique(values) -> str:
    seen, out = set(), []
    for v in values:
        key = v.casefold()
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return LIST_SEP.join(out)


def _bylines(head: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Authors, editors (joined lists) and an in-byline date string per document."""
    m = rules.metadata_rules()
    patterns = list(m["byline"]) + [p for o in rules.outlet_profiles() for p in o.byline]
    found = []
    for rx in patterns:
        ext = head["text"].str.extract(rx)
        for field in ("authors", "editors", "date"):
            if field in ext:
                hit = ext[field].dropna()
                found.append(pd.DataFrame({"doc_id": head.loc[hit.index, "doc_id"], "line_no": head.loc[hit.index, "line_no"],
                                           "field": field, "value": hit}))
    # two-line layout: "Reporter" alone, the name on the next non-blank line
    following = head.groupby("doc_id", sort=False)["text"].shift(-1)
    for field, rx in m["byline_label"].items():
        hit = head["text"].str.match(rx) & following.notna()
        found.append(pd.DataFrame({"doc_id": head.loc[hit, "doc_id"], "line_no": head.loc[hit, "line_no"],
                                   "field": field, "value": following[hit].str.strip()}))
    found = pd.concat(found, ignore_index=True).sort_values(["doc_id", "line_no"], kind="stable")
    result = {}
    for field in ("authors", "editors"):
        sub = found[found["field"] == field]
        result[field] = sub.groupby("doc_id", sort=False)["value"].agg(
            lambda vs: _join_unique(n for v in vs for n in _split_names(v)))
    dates = found[found["field"] == "date"].groupby("doc_id", sort=False)["value"].first()
    return result["authors"], result["editors"], dates


def _credits(head: pd.DataFrame) -> pd.Series:
    m = rules.metadata_rules()
    known = {n.casefold(): n for n in m["credit_names"]}
    found = []
    for rx in m["credit_cues"]:
        ext = head["text"].str.extractall(rx)
        if len(ext):
            idx = ext.index.get_level_values(0)
            found.append(pd.DataFrame({"doc_id": head.loc[idx, "doc_id"].to_numpy(),
                                       "line_no": head.loc[idx, "line_no"].to_numpy(),
                                       "source": ext["source"].to_numpy()}))
    if not found:
        return pd.Series(dtype=object)
    found = pd.concat(found, ignore_index=True).sort_values(["doc_id", "line_no"], kind="stable")
    found["source"] = found["source"].str.strip(" .,:;").str.replace(r"\s+", " ", regex=True)

    def canonical(name: str) -> str:
        if name.casefold() in known:
            return name  # keep the page's own spelling of a known source
        for k, v in known.items():  # "The Straits Times" inside a longer capture
            if re.search(rf"\b{re.escape(k)}\b", name.casefold()):
                return v
        return name if len(name.split()) <= 4 else ""

    found["source"] = found["source"].map(canonical)
    return found.groupby("doc_id", sort=False)["source"].agg(_join_unique)


def _lookup(ids: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` (indexed by doc_id) aligned to ``ids`` as text, empty where missing."""
    found = ids.map(values) if len(values) else pd.Series(np.nan, index=ids.index)
    return found.astype(object).where(found.notna(), "").astype(str)


def describe(raw: pd.DataFrame, default_tz: str = "+07:00") -> pd.DataFrame:
    """Read metadata from the page text: the pure per-batch metadata step.

    ``raw`` has ``doc_id, source_file, text`` (and ``encoding``); returns it with
    ``outlet, title, published, published_source, authors, editors, credited_sources,
    n_lines, n_nonblank_lines, n_chars`` added. Values are empty when the text does not say.
    """
    docs = raw.reset_index(drop=True).copy()
    ids = docs["doc_id"]
    lines = split_lines(docs)
    lines = lines[lines["text"].str.strip().ne("")].reset_index(drop=True)
    lines["text"] = lines["text"].str.strip()
    m = rules.metadata_rules()
    ends = _first_per_doc(lines, lines["text"].str.match(_combined(tuple(p.pattern for p in m["article_end"]), re.I)), "line_no")
    end = lines["doc_id"].map(ends).fillna(np.inf)
    head = lines[lines["line_no"] < end].reset_index(drop=True)

    authors, editors, _ = _bylines(head)

    docs["outlet"] = _lookup(ids, _outlets(lines, ids))
    docs["title"] = ""          # from the cleaner's title line: see from_lines()
    docs["published"] = ""      # likewise
    docs["published_source"] = ""
    docs["published_raw"] = ""
    docs["authors"] = _lookup(ids, authors)
    docs["editors"] = _lookup(ids, editors)
    docs["credited_sources"] = _lookup(ids, _credits(head))
    docs["n_lines"] = docs["text"].str.count("\n") + 1 - docs["text"].str.endswith("\n").astype(int)
    docs["n_nonblank_lines"] = ids.map(lines.groupby("doc_id").size()).fillna(0).astype(int)
    docs["n_chars"] = docs["text"].str.len()
    return docs


#: Labels whose lines never state the page's publication date (dates in the article, in
#: photo captions or in the headline are about the story, not the page).
_NOT_PUBLICATION = ("body", "caption", "dek", "title", "duplicate")
#: A quick test for a line that may hold a date: a year, or a numeric date.
_MAY_HOLD_DATE = re.compile(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


def from_lines(docs: pd.DataFrame, lines: pd.DataFrame, default_tz: str = "+07:00",
               max_distance: int = 30) -> pd.DataFrame:
    """Title and publication date from the cleaner's labelled lines (the second half of
    reading metadata from the text, after :func:`describe` and ``clean.label_lines``).

    Parameters
    ----------
    docs : DataFrame
        ``doc_id`` plus ``title, published, published_source`` (overwritten).
    lines : DataFrame
        ``doc_id, line_no, label, reason, text`` from ``clean.label_lines``.
    default_tz : str
        UTC offset of a time given without a zone.
    max_distance : int
        How many lines from the article (its headline, or its first and last body line) a
        date line may stand: a date further away belongs to a teaser list or the site's
        header, and is not taken.

    Returns
    -------
    ``docs`` with ``title`` (the cleaner's title line, or "" where it found none: never a
    guess) and ``published`` (from the non-article lines near the article: one with a clock
    time before a date alone, then a line the cleaner labelled ``dateline``, then a byline,
    then any other short line, then one above the article's end, then the nearest),
    ``published_source`` "text" where found.

    Example
    -------
    >>> from analysis import clean
    >>> d = pd.DataFrame({"doc_id": ["a"], "text": ["Korut Kirim Peluru ke Rusia\\nSelasa, 9 Januari 2024 "
    ...     "10:15 WIB\\nJakarta - Korea Utara telah mengirim lebih dari satu juta peluru artileri ke Rusia, "
    ...     "kata pejabat itu di Seoul."]})
    >>> from_lines(d.assign(title="", published="", published_source=""), clean.label_lines(d))[
    ...     ["title", "published"]].to_numpy().tolist()
    [['Korut Kirim Peluru ke Rusia', '2024-01-09T10:15:00+07:00']]
    """
    from . import clean

    missing = [c for c in ("doc_id", "line_no", "label", "text") if c not in lines]
    if missing:
        raise KeyError(f"from_lines: lines lack column(s) {', '.join(missing)}")
    docs = docs.copy()
    ids = docs["doc_id"].astype(str)
    docs["title"] = ids.map(clean.titles(lines)).astype(object).where(lambda v: v.notna(), "").astype(str)

    line_no = lines["line_no"]
    body = lines["label"].eq("body")
    headline = lines["label"].eq("title") | lines["reason"].astype(str).str.startswith("repeat of the title")
    first_body = line_no.where(body).groupby(lines["doc_id"]).transform("min")
    last_body = line_no.where(body).groupby(lines["doc_id"]).transform("max")
    # the headline nearest above the body (a page title at the top repeats it further down)
    above = headline & (line_no < first_body.fillna(np.inf))
    anchor = line_no.where(above).groupby(lines["doc_id"]).transform("max").fillna(first_body)
    text = lines["text"].astype(str).str.strip()
    cand = (~lines["label"].isin(_NOT_PUBLICATION) & text.str.len().le(160)
            & text.str.contains(_MAY_HOLD_DATE) & anchor.notna())
    published = pd.Series("", index=ids.index, dtype=object)
    source = pd.Series("", index=ids.index, dtype=object)
    if cand.any():
        c = lines[cand]
        stamp = read_published(text[cand], default_tz)["published"]
        n, a, fb, lb = c["line_no"], anchor[cand], first_body[cand].fillna(np.inf), last_body[cand].fillna(-np.inf)
        # lines between the headline and the body: as far as the nearer of the two
        distance = np.select([n < a, n <= fb, n > lb], [a - n, np.minimum(n - a, fb - n), n - lb], n - fb)
        frame = pd.DataFrame({"doc_id": c["doc_id"].astype(str), "stamp": stamp, "line_no": n,
                              "rank": c["label"].map({"dateline": 0, "byline": 1}).fillna(2),
                              "distance": distance, "after": (n > lb).to_numpy(),
                              "no_time": ~stamp.str.contains("T", regex=False)})
        frame = frame[frame["stamp"].ne("") & frame["distance"].le(max_distance)]
        best = (frame.sort_values(["doc_id", "no_time", "rank", "after", "distance", "line_no"], kind="stable")
                .drop_duplicates("doc_id").set_index("doc_id")["stamp"])
        published = ids.map(best).astype(object).where(lambda v: v.notna(), "")
        source = pd.Series(np.where(published.ne(""), "text", ""), index=ids.index)
    docs["published"] = published.astype(str).to_numpy()
    docs["published_source"] = source.astype(str).to_numpy()
    return docs


# --------------------------------------------------------------------------- language

@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: Languages accepted as Indonesian: py3langid often labels Indonesian news as Malay.
INDONESIAN = ("id", "ms")


def detect_language(texts: pd.Series, sample_chars: int = 1000) -> pd.DataFrame:
    """Language (ISO 639-1) and probability per text, from py3langid on the first characters."""
    ident = _identifier()
    found = [ident.classify(t[:sample_chars]) for t in texts]
    return pd.DataFrame(found, columns=["language", "probability"], index=texts.index)


@lru_cache(maxsize=1)
def _marker_rules() -> tuple[re.Pattern, int, int]:
    rules_ = rules.load_yaml("language.yaml")
    words = "|".join(sorted(map(re.escape, rules_["markers"]), key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{words})(?!\w)"), int(rules_["sample_chars"]), int(rules_["min_markers"])


def identify_languages(texts: pd.Series) -> pd.DataFrame:
    """Language and probability per text: Indonesian at once when the opening is dense in
    Indonesian function words (``data/language.yaml``), else py3langid.

    >>> identify_languages(pd.Series(["Menurut dia, hal itu akan dibahas dengan para menteri yang "
    ...     "hadir di Jakarta dan juga oleh pejabat dari Korea karena itu penting untuk dibahas pada saat ini."]))
    ... # doctest: +NORMALIZE_WHITESPACE
      language  probability
    0       id          1.0
    """
    rx, sample, minimum = _marker_rules()
    dense = texts.str.slice(0, sample).str.count(rx).ge(minimum)
    out = pd.DataFrame({"language": "id", "probability": 1.0}, index=texts.index)
    if (~dense).any():
        out.loc[~dense, ["language", "probability"]] = detect_language(texts[~dense]).to_numpy()
    out["probability"] = out["probability"].astype(float)
    return out


def _check_language(docs: pd.DataFrame, languages) -> tuple[pd.DataFrame, list[dict]]:
    if not languages or languages == "any" or docs.empty:
        docs["language"] = "" if docs.empty else identify_languages(docs["text"])["language"].to_numpy()
        return docs, []
    accepted = set(languages) | (set(INDONESIAN) if set(languages) & set(INDONESIAN) else set())
    lang = identify_languages(docs["text"])
    docs["language"] = lang["language"].where(~lang["language"].isin(INDONESIAN), "id").to_numpy()
    bad = ~lang["language"].isin(accepted) & lang["probability"].ge(0.9)
    problems = [
        _problem(s, d, "error", f"refused: the text is not Indonesian (detected '{l}' with p={p:.2f}); "
                                f"the languages parameter keeps it (-p languages any, or its code)")
        for s, d, l, p in zip(docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"],
                              lang.loc[bad, "language"], lang.loc[bad, "probability"])
    ]
    return docs[~bad.to_numpy()].reset_index(drop=True), problems


# --------------------------------------------------------------------------- overrides

def _order_problem(source: str, column: str, order: DayMonthOrder) -> list[dict]:
    """The warning, if any, on how a ``published`` column's numeric dates are read."""
    return [_problem(source, "", "warning", f"{column}: {order.reason}")] if order.warn else []


def _apply_given(docs: pd.DataFrame, default_tz: str, order: DayMonthOrder | None = None,
                 column: str = "published column") -> tuple[pd.DataFrame, list[dict]]:
    """Let non-empty ``given_*`` columns (from a table or metadata.csv) override the text.

    ``order``: the day/month order of the whole ``published`` column (decided once per
    input source by :func:`iter_raw`); without it, it is decided from this batch's values
    and its warning reported here. ``column`` names the column in messages.
    """
    problems: list[dict] = []
    for col in METADATA_COLUMNS:
        given = "given_" + col
        if given not in docs:
            continue
        value = docs[given].fillna("").astype(str).str.strip()
        has = value.ne("")
        if col == "published":
            if order is None:
                order = day_month_order(value[has])
                problems += _order_problem("", column, order)
            read = read_published(value, default_tz, dayfirst=order.dayfirst)
            ok = has & read["published"].ne("")
            bad = has & ~ok
            docs.loc[ok, "published"] = read.loc[ok, "published"]
            docs.loc[ok, "published_source"] = "metadata"
            docs.loc[has, "published_raw"] = value[has]
            contradicts = read["problem"].str.endswith(f"read as {order.name}")
            problems += [
                _problem(s, d, "warning", f"published value {v!r} "
                         + (NOT_A_DATE if why == NOT_A_DATE else f"refused: {why}")
                         + (f", the order of the {column}" if against else "")
                         + "; kept in published_raw"
                         + (" (the date read from the text is used)" if p else ""))
                for s, d, v, why, against, p in zip(
                    docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"], value[bad], read.loc[bad, "problem"],
                    contradicts[bad], docs.loc[bad, "published"])
            ]
        else:
            docs.loc[has, col] = value[has]
        docs = docs.drop(columns=given)
    return docs, problems


def _metadata_table(folder: Path) -> tuple[pd.DataFrame | None, list[dict]]:
    """The usable rows of ``folder/metadata.csv`` and the problems with the file itself."""
    path = folder / "metadata.csv"
    if not path.exists():
        return None, []
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [_problem("metadata.csv", "", "error", f"metadata.csv ignored: cannot be read ({exc})")]
    if "doc_id" not in meta.columns:
        return None, [_problem("metadata.csv", "", "error", "metadata.csv ignored: it has no doc_id column")]
    problems = []
    unknown = [c for c in meta.columns if c != "doc_id" and c not in METADATA_COLUMNS]
    if unknown:
        problems.append(_problem("metadata.csv", "", "warning",
                                 f"metadata.csv columns ignored (not metadata): {', '.join(unknown)}"))
    meta["doc_id"] = meta["doc_id"].str.strip()
    dup = meta["doc_id"].duplicated(keep="first")
    problems += [_problem("metadata.csv", d, "warning", "metadata.csv: repeated doc_id; the first row is used")
                 for d in meta.loc[dup, "doc_id"]]
    return meta[~dup], problems


def _metadata_problems(folder: Path, doc_ids: set[str]) -> list[dict]:
    """Problems of ``metadata.csv`` as a whole (reported once, with the first batch)."""
    meta, problems = _metadata_table(folder)
    if meta is not None:
        problems += [_problem("metadata.csv", d, "warning", "metadata.csv: doc_id matches no page")
                     for d in sorted(set(meta["doc_id"]) - doc_ids)]
    return problems


def _read_metadata_csv(folder: Path, docs: pd.DataFrame) -> pd.DataFrame:
    """Join the ``metadata.csv`` values of this batch's documents as ``given_*`` columns
    (its problems are reported once per corpus, by :func:`_metadata_problems`)."""
    meta, _ = _metadata_table(folder)
    if meta is None:
        return docs
    cols = [c for c in meta.columns if c in METADATA_COLUMNS]
    return docs.join(meta.set_index("doc_id")[cols].add_prefix("given_"), on="doc_id")


# --------------------------------------------------------------------------- public entry points

#: UTF-8 text that was decoded as Mac Roman or cp1252 somewhere upstream ("‚Äù", "¬†", "Ã©", "â€™").
_MOJIBAKE = re.compile(r"‚Ä|¬†|Ã[\x80-\xbf©®]|â€")
#: Spreadsheet exports write a carriage return as the literal "_x000D_".
_ESCAPED_CR = re.compile(r"_x000D_")


#: A run of non-space characters with at least one non-ASCII character: where mojibake can be.
_NON_ASCII_RUN = re.compile(r"[^ \t\n\r]*[^\x00-\x7f][^ \t\n\r]*")


def _fix_encoding(text: str, fix) -> str:
    """``fix(text)`` (ftfy's ``fix_encoding``) applied to the non-ASCII runs of the text only:
    they are fixed together, one per line, as one string (ftfy judges the whole of it, as it
    would the text) and put back in place. ASCII text can be neither mojibake nor its cure,
    so this equals fixing the whole text (the same on the 1,545 broken pages of a 5,000-page
    sample of a real corpus), at a third of the cost; if the runs do not come back one per
    line, the whole text is fixed instead.

    >>> import ftfy
    >>> _fix_encoding("kata dia,‚Äù ujar Ikhsan ‚â• 18", ftfy.fix_encoding)
    'kata dia,” ujar Ikhsan ≥ 18'
    """
    runs = _NON_ASCII_RUN.findall(text)
    fixed = fix("\n".join(runs)).split("\n")
    if len(fixed) != len(runs):
        return fix(text)
    pieces = iter(fixed)
    return _NON_ASCII_RUN.sub(lambda _: next(pieces), text)


def repair(docs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Repair text broken before it reached us: mojibake (with ftfy, only in the documents
    that show its marks) and literal ``_x000D_``. Each repair is reported as a warning.

    >>> d, p = repair(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
    ...                             "text": ["kata dia,‚Äù ujar Ikhsan._x000D_"]}))
    >>> d["text"][0], p[0]["message"]
    ('kata dia,” ujar Ikhsan.', 'repaired mis-decoded characters (mojibake) with ftfy')
    """
    problems: list[dict] = []
    broken = docs["text"].str.contains(_MOJIBAKE)
    if broken.any():
        import ftfy

        docs = docs.copy()
        docs.loc[broken, "text"] = [_fix_encoding(t, ftfy.fix_encoding) for t in docs.loc[broken, "text"]]
        problems += [_problem(s, d, "warning", "repaired mis-decoded characters (mojibake) with ftfy")
                     for s, d in zip(docs.loc[broken, "source_file"], docs.loc[broken, "doc_id"])]
    escaped = docs["text"].str.contains(_ESCAPED_CR)
    if escaped.any():
        docs = docs.copy() if not broken.any() else docs
        docs.loc[escaped, "text"] = docs.loc[escaped, "text"].str.replace(_ESCAPED_CR, "", regex=True)
        problems += [_problem(s, d, "warning", "removed literal '_x000D_' (a carriage return escaped by a spreadsheet)")
                     for s, d in zip(docs.loc[escaped, "source_file"], docs.loc[escaped, "doc_id"])]
    return docs, problems


def cut_long_pages(docs: pd.DataFrame, max_page_chars: int = None) -> tuple[pd.DataFrame, list[dict]]:
    """Pages longer than ``max_page_chars`` characters cut to their first lines that fit (at a
    line end where there is one), each cut reported as a warning naming the page: every later
    step's work per page is then bounded.

    Parameters
    ----------
    docs : DataFrame
        ``doc_id, source_file, text``.
    max_page_chars : int
        The limit (default :data:`MAX_PAGE_CHARS`).

    Returns
    -------
    The documents (cut where needed) and the warnings.

    >>> d, p = cut_long_pages(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
    ...                                     "text": ["satu dua\\ntiga empat"]}), 12)
    >>> d["text"][0], p[0]["message"]
    ('satu dua', 'page cut to its first 8 of 19 characters (max_page_chars is 12)')
    """
    limit = MAX_PAGE_CHARS if max_page_chars is None else max_page_chars
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"parameter max_page_chars must be a positive integer, not {max_page_chars!r}")
    long = docs["text"].str.len().gt(limit)
    if not long.any():
        return docs, []
    docs = docs.copy()
    problems = []
    for i in np.flatnonzero(long.to_numpy()):
        text = docs["text"].iat[i]
        end = text.rfind("\n", 0, limit + 1)
        end = end if end > 0 else limit
        docs.iloc[i, docs.columns.get_loc("text")] = text[:end]
        problems.append(_problem(docs["source_file"].iat[i], docs["doc_id"].iat[i], "warning",
                                 f"page cut to its first {end} of {len(text)} characters (max_page_chars is {limit})"))
    return docs, problems


def _finish(raw: Corpus, languages, default_tz: str, metadata_folder: Path | None = None,
            published_order: DayMonthOrder | None = None, published_column: str = "published column",
            max_page_chars: int | None = None) -> Corpus:
    docs, problems = raw.documents, [raw.problems] if len(raw.problems) else []
    if docs.empty:
        return Corpus(_empty_documents(), raw.problems.reindex(columns=PROBLEM_COLUMNS))
    docs, cut = cut_long_pages(docs, max_page_chars)
    if cut:
        problems.append(pd.DataFrame(cut, columns=PROBLEM_COLUMNS))
    docs, repair_problems = repair(docs)
    if repair_problems:
        problems.append(pd.DataFrame(repair_problems, columns=PROBLEM_COLUMNS))
    docs, lang_problems = _check_language(docs.copy(), languages)
    docs = describe(docs, default_tz) if len(docs) else docs
    extra = lang_problems
    if metadata_folder is not None and len(docs):
        docs = _read_metadata_csv(metadata_folder, docs)
    lines = None
    if len(docs):
        # the cleaner sees the outlet and title given as metadata (its outlet furniture, the
        # title line to look for); the title and date read from its labels come next, and
        # the given values override them
        from .clean import label_lines

        given = docs.copy()
        for col in ("outlet", "title"):
            if f"given_{col}" in given:
                value = given[f"given_{col}"].fillna("").astype(str).str.strip()
                given[col] = value.where(value.ne(""), given[col])
        lines = label_lines(given)
        docs = from_lines(docs, lines, default_tz)
        docs, given_problems = _apply_given(docs, default_tz, published_order, published_column)
        extra += given_problems
    docs = docs.reindex(columns=DOCUMENT_COLUMNS + ["text"]) if len(docs) else _empty_documents()
    for col in docs.columns:
        if col in _COUNT_COLUMNS:
            docs[col] = pd.to_numeric(docs[col], errors="coerce").fillna(0).astype("int64")
        else:
            docs[col] = docs[col].astype(object).where(docs[col].notna(), "").astype(str)
    probs = pd.concat(problems + [pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True)
    return Corpus(docs, probs.reindex(columns=PROBLEM_COLUMNS), lines)


@dataclass
class RawBatch:
    """A batch of documents as read and decoded, before any analysis: cheap to produce in
    order (reading, decoding, doc_id checks), expensive work left to :func:`finish`."""

    corpus: Corpus
    metadata_folder: Path | None = None
    #: The day/month order of the source's whole ``published`` column (None: decide per batch).
    published_order: DayMonthOrder | None = None
    #: That column, named in messages ("published column of export.csv").
    published_column: str = "published column"


def iter_raw(path: str | Path, batch_size: int = 2000) -> Iterator[RawBatch]:
    """Read ``path`` in order, ``batch_size`` documents at a time (bounded memory).

    Problems that concern the whole input (skipped non-page files, no pages, how the numeric
    dates of the ``published`` column are read) come with the first batch; a ``doc_id``
    repeated anywhere in a table corpus is refused in every batch.

    The day/month order of numeric ``published`` dates is decided once over the whole column
    (a pre-pass reading that column only, or the whole ``metadata.csv``) and carried on
    every batch, so that a value deciding it may come in any batch.

    A table file with no row at all (or none readable) is a ``ValueError`` naming it, raised
    before the first batch.
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"parameter batch_size must be a positive integer, not {batch_size!r}")
    path = resolve(path)
    shown = display_path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus {shown!r} does not exist")
    if path.is_dir():
        pages, others, walk_problems = _page_paths(path)
        skipped = [_problem(p.relative_to(path).as_posix(), "", "warning",
                            "skipped: not a .txt page (a folder corpus reads *.txt and metadata.csv)")
                   for p in others] + walk_problems
        ids, id_problems = _page_ids(pages, path)
        skipped += id_problems
        if not pages:
            skipped.append(_problem(shown, "", "error", "no .txt pages found in the corpus folder"))
        skipped += _metadata_problems(path, set(ids))
        meta, _ = _metadata_table(path)
        order, column = None, "published column of metadata.csv"
        if meta is not None and "published" in meta.columns:
            order = day_month_order(_given_text(meta["published"]))
            skipped += _order_problem("metadata.csv", column, order)
        for i in range(0, max(len(pages), 1), batch_size):
            raw = _read_pages(pages[i:i + batch_size], path, ids[i:i + batch_size])
            if i == 0:
                raw.problems = pd.concat([pd.DataFrame(skipped, columns=PROBLEM_COLUMNS), raw.problems],
                                         ignore_index=True)
            yield RawBatch(raw, path, order, column)
        return
    name = path.name.lower()
    if not name.endswith(TABLE_SUFFIXES):
        if name.endswith(".txt"):  # a single page
            yield RawBatch(_read_pages([path], path.parent))
            return
        raise ValueError(f"corpus {shown!r}: expected a folder of .txt pages or a "
                         f"{'/'.join(TABLE_SUFFIXES)} file")
    yield from _iter_table(path, shown, batch_size)


def _iter_table(path: Path, shown: str, batch_size: int) -> Iterator[RawBatch]:
    """:func:`iter_raw` of a table file."""
    name = path.name.lower()
    stem = re.sub(r"\.(csv|jsonl|json|parquet)(\.gz)?$", "", path.name, flags=re.I)
    encoding = None
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
    column = f"published column of {path.name}"
    met: set = set()
    prepass = _published_column(path, encoding, met)
    order = day_month_order(prepass)
    for _ in prepass:  # to the end: every column met
        pass
    lines = name.endswith((".jsonl", ".jsonl.gz", ".json"))
    if lines and met and "text" not in met:
        raise ValueError(f"{path.name}: no 'text' column (columns: {', '.join(map(str, sorted(met)))})")
    seen: set = set()
    pending = _encoding_problem(path.name, encoding) + _order_problem(path.name, column, order)
    yielded, with_text, held = 0, False, []
    for frame, numbers, row_problems in _read_table_batches(path, batch_size, encoding):
        for p in row_problems:  # a refused row: its default doc_id
            row = p["source_file"].rpartition(":")[2]
            if not p["doc_id"] and p["source_file"] != path.name and row.isdigit():
                p["doc_id"] = f"{stem}-{int(row):07d}"
        if not len(frame) and all(p["source_file"] == path.name for p in row_problems) and not yielded:
            held += row_problems  # nothing read yet: the file's own problems (a cut) only
            continue
        if len(frame) and "text" not in frame.columns and (with_text or lines):
            frame = frame.assign(text="")  # a batch of JSON objects without text: each refused
        if len(frame):
            raw = _table_rows(frame, path.name, stem, numbers)
            with_text = True
        else:
            raw = Corpus(pd.DataFrame(columns=["doc_id", "source_file", "text", "encoding"]), _empty_problems())
        first = pending + held + row_problems
        if first:
            raw.problems = pd.concat([pd.DataFrame(first, columns=PROBLEM_COLUMNS), raw.problems],
                                     ignore_index=True)
            pending, held = [], []
        dup = raw.documents["doc_id"].duplicated() | raw.documents["doc_id"].isin(seen)
        if dup.any():
            extra = [_problem(s, d, "error", "refused: doc_id repeats an earlier row")
                     for s, d in zip(raw.documents.loc[dup, "source_file"], raw.documents.loc[dup, "doc_id"])]
            raw = Corpus(raw.documents[~dup].reset_index(drop=True),
                         pd.concat([raw.problems, pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True))
        seen.update(raw.documents["doc_id"])
        yielded += 1
        yield RawBatch(raw, published_order=order, published_column=column)
    if not yielded:
        why = "; ".join(p["message"] for p in held) or "it holds no rows"
        raise ValueError(f"corpus {shown!r}: no document to read ({why})")


def finish(raw: RawBatch, *, languages=INDONESIAN, default_tz: str = "+07:00",
           max_page_chars: int | None = None) -> Corpus:
    """The per-batch loading work: page-size limit, repairs, language check, metadata from
    the text (with the cleaner's labels), overrides."""
    return _finish(raw.corpus, languages, default_tz, metadata_folder=raw.metadata_folder,
                   published_order=raw.published_order, published_column=raw.published_column,
                   max_page_chars=max_page_chars)


def iter_batches(path: str | Path, batch_size: int = 2000, *, languages=INDONESIAN,
                 default_tz: str = "+07:00", max_page_chars: int | None = None) -> Iterator[Corpus]:
    """Load ``path`` in batches of at most ``batch_size`` documents (bounded memory)."""
    for raw in iter_raw(path, batch_size):
        yield finish(raw, languages=languages, default_tz=default_tz, max_page_chars=max_page_chars)


def load(path: str | Path, *, languages=INDONESIAN, default_tz: str = "+07:00", batch_size: int = 5000,
         max_page_chars: int | None = None) -> Corpus:
    """Load a whole corpus (see the module docstring for what ``path`` may be).

    ``languages``: ISO codes accepted (default Indonesian); ``"any"`` keeps every page.
    ``default_tz``: the UTC offset assumed for a time given without a zone (WIB).
    ``max_page_chars``: longer pages are cut, with a warning (default :data:`MAX_PAGE_CHARS`).
    """
    return Corpus.concat(list(iter_batches(path, batch_size, languages=languages, default_tz=default_tz,
                                           max_page_chars=max_page_chars)))
