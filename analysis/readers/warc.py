"""WARC files (``.warc``, ``.warc.gz``): the HTML pages a crawler saved, read with warcio.

Only ``response`` records of an HTTP 2xx answer with an HTML content type (``text/html``,
``application/xhtml+xml``) are pages; every other record (``warcinfo``, ``request``,
``metadata``, ``revisit``, a redirect, an image) is named in ``problems`` with its file and byte
offset (``crawl.warc.gz@1234``), as is a record cut short (a truncated file) or the rest of a
file that cannot be read.

A file is read twice: once for its records' headers (:func:`warc_entries`: ``doc_id`` are
checked over the whole corpus before the first batch), then batch by batch for the pages
(:func:`read_record`), so memory is bounded by the batch, not by the file. A page's ``doc_id``
is made from its target URI (:func:`uri_doc_id`), its ``url`` is that URI and its crawl date
(``WARC-Date``) is kept for the publication date of last resort.

>>> uri_doc_id("https://www.example.co.id/read/2024/01/09/korut-kirim-peluru")
'www.example.co.id/read/2024/01/09/korut-kirim-peluru'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..corpus_files import WARC_SUFFIXES
from ..documents import problem

__all__ = ["WARC_SUFFIXES", "WarcEntry", "warc_entries", "read_record", "uri_doc_id"]

#: Content types of the pages kept.
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Longest ``doc_id`` made from a URI (before its hash).
_MAX_ID = 150


@dataclass(frozen=True)
class WarcEntry:
    """A page in a WARC file: where its record starts, and what its headers say.

    Attributes
    ----------
    offset : int
        Byte offset of the record in the file.
    uri : str
        ``WARC-Target-URI``.
    date : str
        ``WARC-Date`` as written.
    charset : str
        The charset of the HTTP ``Content-Type`` ("" when none).
    """

    offset: int
    uri: str
    date: str
    charset: str = ""


def uri_doc_id(uri: str) -> str:
    """A stable, file-system-safe ``doc_id`` from a page's address: host and path, other characters as ``_``.

    An address that cannot be written so without losing something (a query, characters other
    than letters, digits, ``.``, ``_``, ``-``, or a very long path) gets a short hash of the
    whole address, so that two addresses never share an id.

    Parameters
    ----------
    uri : str
        The record's ``WARC-Target-URI``.

    Returns
    -------
    str

    Examples
    --------
    >>> uri_doc_id("http://Example.com/a b/?id=7")
    'example.com/a_b/id_7~1acf0f92'
    >>> uri_doc_id("https://example.com/")
    'example.com'
    """
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", uri.strip(), flags=re.I)
    host, _, path = rest.partition("/")
    parts = [host.lower().split("@")[-1]] + [p for p in re.split(r"[/?#&]+", path) if p]
    clean = [_UNSAFE.sub("_", p).strip("_") for p in parts]
    clean = [c if c not in (".", "..") else "_" for c in clean if c]
    doc_id = "/".join(clean)[:_MAX_ID].strip("/") or "page"
    lossless = "/".join(parts) == doc_id and not re.search(r"[?#&]", path) and not path.endswith("//")
    if not lossless:
        doc_id += "~" + hashlib.blake2b(uri.strip().encode(), digest_size=4).hexdigest()
    return doc_id


def _charset(content_type: str) -> str:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    return m.group(1) if m else ""


def _missing_bytes(record) -> int:
    """Bytes of a record's block that the file does not hold (0 for a whole record); the record is read to its end."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return max(int(getattr(stream, "limit", 0) or 0), 0)


def _skip_reason(record) -> str:
    """Why a record is not a page ("" when it is one)."""
    kind = record.rec_type
    if kind != "response":
        return f"a WARC {kind} record (only responses holding an HTML page are read)"
    if record.http_headers is None:
        return "a WARC response record without HTTP headers (not a web page)"
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not status.startswith("2"):
        return f"a WARC response record with HTTP status {status or '(none)'} (not a page as served)"
    if content_type not in _HTML_TYPES:
        return f"a WARC response record of content type {content_type or '(none)'!r} (not an HTML page)"
    return ""


def warc_entries(path: Path, name: str) -> tuple[list[WarcEntry], list[dict]]:
    """The HTML pages of a WARC file (headers only), and a problem for every other record.

    Parameters
    ----------
    path : pathlib.Path
        The WARC file.
    name : str
        The file as named in problems.

    Returns
    -------
    tuple
        The page records in file order, and the problems (``name@offset`` for a record; the
        file for a file that cannot be opened or read to its end).

    Examples
    --------
    >>> warc_entries(Path("missing.warc"), "missing.warc")[1][0]["message"][:32]
    'refused: cannot read the WARC fi'
    """
    from warcio.archiveiterator import ArchiveIterator

    entries, problems, offset = [], [], 0
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                offset = records.get_record_offset()
                missing = _missing_bytes(record)
                if missing:
                    problems.append(problem(f"{name}@{offset}", "", "error", f"refused: the WARC record is cut short "
                                            f"({missing} bytes missing: the file is truncated)"))
                    continue
                reason = _skip_reason(record)
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if not reason and not uri:
                    reason = "a WARC response record without a WARC-Target-URI"
                if reason:
                    problems.append(problem(f"{name}@{offset}", "", "warning",
                                            f"skipped: {reason}" + (f": {uri}" if uri else "")))
                    continue
                entries.append(WarcEntry(offset, uri, record.rec_headers.get_header("WARC-Date") or "",
                                         _charset(record.http_headers.get_header("Content-Type"))))
    except OSError as exc:
        where = "file" if not entries and not problems else f"file after the record at byte offset {offset}"
        problems.append(problem(name, "", "error", f"refused: cannot read the WARC {where} ({exc.strerror or exc})"))
    except Exception as exc:  # noqa: BLE001 - warcio raises several kinds on a damaged file
        where = f"the rest of the file after byte offset {offset}" if entries or problems else "the file"
        problems.append(problem(name, "", "error", f"refused: {where} is not a readable WARC "
                                f"({exc.__class__.__name__}: {str(exc)[:80]})"))
    return entries, problems


def read_record(path: Path, entry: WarcEntry) -> bytes:
    """The HTTP payload of a page's record (content and transfer encodings undone).

    Parameters
    ----------
    path : pathlib.Path
        The WARC file.
    entry : WarcEntry
        The record, from :func:`warc_entries`.

    Returns
    -------
    bytes

    Raises
    ------
    OSError
        When the file cannot be read there (the caller reports it, naming the record).

    Examples
    --------
    A gzipped WARC file of one page, written with warcio:

    >>> import io, tempfile
    >>> from warcio.statusandheaders import StatusAndHeaders
    >>> from warcio.warcwriter import WARCWriter
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d, "pages.warc.gz")
    ...     with open(path, "wb") as out:
    ...         writer = WARCWriter(out, gzip=True)
    ...         http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    ...         writer.write_record(writer.create_warc_record("https://berita.example/a", "response",
    ...                                                       payload=io.BytesIO(b"<p>Halo</p>"), http_headers=http))
    ...     entries, problems = warc_entries(path, "pages.warc.gz")
    ...     read_record(path, entries[0]), problems
    (b'<p>Halo</p>', [])
    """
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        handle.seek(entry.offset)
        try:
            record = next(iter(ArchiveIterator(handle)))
            return record.content_stream().read()
        except StopIteration:
            raise OSError(f"no record at byte offset {entry.offset}") from None
        except Exception as exc:  # noqa: BLE001 - a damaged record or compressed payload
            raise OSError(f"{exc.__class__.__name__}: {str(exc)[:80]}") from None
