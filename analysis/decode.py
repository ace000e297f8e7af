r"""Bytes to text: how a page's (or a table's) bytes are decoded, with a problem for each guess.

UTF-8 (a BOM stripped); UTF-16 or UTF-32 (by their byte-order mark, or UTF-16 by its NUL
bytes); UTF-8 with some lines in cp1252 (:data:`UTF8_CP1252`, those lines read as cp1252);
a single-byte page as cp1252 when it reads as Western text, else in the encoding
charset-normalizer detects. Binary files (mostly control bytes) are refused. The error
handler ``corpus-cp1252`` (bytes that are not UTF-8 read as cp1252) is registered here.

>>> decode("Satu\nDua".encode("utf-16"), "d.txt")[:2]
('Satu\nDua', 'utf-16')
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from .corpus_files import bom_encoding
from .documents import problem
from .text import normalise_newlines

__all__ = ["decode", "UTF8_CP1252", "CP1252_ERRORS", "sniff_table_encoding", "codec_args", "utf8_or_cp1252",
           "utf8_lines", "lone_surrogates"]

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


#: The codec error handler that reads the bytes that are not UTF-8 as cp1252.
CP1252_ERRORS = "corpus-cp1252"
codecs.register_error(CP1252_ERRORS, _cp1252_fallback)
#: The encoding name of text that is UTF-8 but for some bytes read as cp1252.
UTF8_CP1252 = "utf-8+cp1252"




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
            lines[i] = line.decode("utf-8", errors=CP1252_ERRORS)
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
        return text, UTF8_CP1252, [problem(name, doc_id, "warning",
                                           f"not valid UTF-8 in {bad} of {n} lines; "
                                           f"{'that line' if bad == 1 else 'those lines'} decoded as cp1252")]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 does not define
        text = None
    if text is not None and _is_western(text):
        return text, "cp1252", [problem(name, doc_id, "warning",
                                        "not valid UTF-8; decoded as cp1252 (a single-byte page of Western text)")]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, "", [problem(name, doc_id, "error", "refused: not text in any encoding we can detect (binary?)")]
    return str(best), best.encoding, [problem(name, doc_id, "warning",
                                              f"not valid UTF-8; decoded as {best.encoding} "
                                              f"(detected by charset-normalizer)")]


def decode(data: bytes, name: str) -> tuple[str | None, str, list[dict]]:
    """Decode one file's bytes, with CRLF/CR turned into LF and NUL bytes removed (a warning).

    UTF-8 (BOM stripped); UTF-16 or UTF-32 (by their BOM, or UTF-16 by its NUL bytes);
    UTF-8 with some lines in cp1252 (those lines read as cp1252, a warning); a single-byte
    page as cp1252 when it reads as Western text, else in the encoding charset-normalizer
    detects (a warning). Refused: an empty or blank page, a binary file (mostly control bytes).

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's path as shown in problems (its stem is the ``doc_id`` of the problems).

    Returns
    -------
    tuple
        ``(text or None when refused, encoding, problems)``; problems are dicts of
        ``documents.PROBLEM_COLUMNS``.

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfSatu\\r\\nDua", "a.txt")[:2]
    ('Satu\\nDua', 'utf-8-sig')
    >>> decode(b"", "b.txt")[2][0]["message"]
    'refused: the file is empty'
    >>> decode("na\\u00efve caf\\u00e9".encode("cp1252"), "c.txt")[:2]
    ('naïve café', 'cp1252')
    >>> text, _, problems = decode(b"Sa\\x00tu", "e.txt"); text, problems[0]["message"]
    ('Satu', 'removed 1 NUL byte')
    """
    doc_id = Path(name).stem
    if not data:
        return None, "", [problem(name, doc_id, "error", "refused: the file is empty")]
    encoding = bom_encoding(data) or _utf16_without_bom(data)
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        text, nuls, problems = _decode_wide(data, encoding, name, doc_id)
    else:
        text, encoding, nuls, problems = _decode_narrow(data, name, doc_id)
        if text is None:
            return None, encoding, problems
    text = normalise_newlines(text)
    if _control_ratio(text) > 0.05:
        return None, encoding, [problem(name, doc_id, "error",
                                        "refused: binary file (mostly control characters)")]
    if not text.strip():
        return None, encoding, [problem(name, doc_id, "error", "refused: the file holds only blank lines")]
    if nuls:
        problems.append(problem(name, doc_id, "warning", f"removed {nuls} NUL byte{'s' if nuls > 1 else ''}"))
    return text, encoding, problems


def _decode_wide(data: bytes, encoding: str, name: str, doc_id: str) -> tuple[str, int, list[dict]]:
    """UTF-16 or UTF-32 bytes: ``(text without NUL characters, how many there were, problems)``."""
    problems: list[dict] = []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        problems.append(problem(name, doc_id, "warning", f"not valid {encoding.upper()} ({exc.reason} at byte "
                                f"{exc.start}); the bad bytes replaced by U+FFFD"))
    if not bom_encoding(data):
        problems.append(problem(name, doc_id, "warning",
                                f"no byte-order mark; decoded as {encoding.upper()} (from its NUL bytes)"))
    nuls = text.count("\x00")
    return (text.replace("\x00", "") if nuls else text), nuls, problems


def _decode_narrow(data: bytes, name: str, doc_id: str) -> tuple[str | None, str, int, list[dict]]:
    """Bytes of an ASCII-compatible encoding, NUL bytes removed: ``(text or None when refused,
    encoding, how many NUL bytes there were, problems)``; a refusal is the only problem."""
    nuls = data.count(b"\x00")
    if nuls:
        data = data.replace(b"\x00", b"")
        if not data:
            return None, "", nuls, [problem(name, doc_id, "error", "refused: binary file (only NUL bytes)")]
    if _control_byte_ratio(data) > 0.05:
        return None, "", nuls, [problem(name, doc_id, "error", "refused: binary file (mostly control bytes)")]
    text, encoding, found = _decode_ascii_compatible(data, name, doc_id)
    return text, encoding, nuls, found


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def sniff_table_encoding(sample: bytes) -> str:
    """The encoding of a table file that is not valid UTF-8, from its first bytes.

    A UTF-16 byte-order mark gives UTF-16 (or UTF-32); else :data:`UTF8_CP1252` (UTF-8 where
    it is, the other bytes read as cp1252) for Western text; else the encoding
    charset-normalizer detects.

    Parameters
    ----------
    sample : bytes
        The first bytes (up to a megabyte) of the file.

    Returns
    -------
    str
        A codec name, or :data:`UTF8_CP1252` (see :func:`codec_args`).

    Examples
    --------
    >>> sniff_table_encoding("caf\\u00e9,teh".encode("cp1252"))
    'utf-8+cp1252'
    """
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bom_encoding(sample) or "utf-16"
    text, _, good = _decode_lines(sample)
    if good or _is_western(text):
        return UTF8_CP1252
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best else UTF8_CP1252


def codec_args(encoding: str) -> tuple[str, str]:
    """``(codec, errors)`` for ``open`` or pandas, of an encoding as :func:`sniff_table_encoding` names it.

    Parameters
    ----------
    encoding : str
        A codec name or :data:`UTF8_CP1252`.

    Returns
    -------
    tuple of str
        The codec and the error handler: strict for UTF-8, :data:`CP1252_ERRORS` for
        :data:`UTF8_CP1252`, ``"replace"`` for another encoding.

    Examples
    --------
    >>> codec_args(UTF8_CP1252)
    ('utf-8-sig', 'corpus-cp1252')
    """
    if encoding == UTF8_CP1252:
        return "utf-8-sig", CP1252_ERRORS
    return encoding, "strict" if encoding in ("utf-8-sig", "utf-8") else "replace"


def utf8_or_cp1252(data: bytes, where: str, what: str, problems: list[dict]) -> str:
    """``data`` as UTF-8; where it is not, the bytes that are not UTF-8 read as cp1252, with a warning.

    Parameters
    ----------
    data : bytes
        A line or a cell of a table file.
    where, what : str
        The ``file:row`` and the line or column, named in the warning.
    problems : list of dict
        The warning is appended there.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> found = []; utf8_or_cp1252(b"caf\\xe9", "t.jsonl:1", "line 1", found), found[0]["severity"]
    ('café', 'warning')
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(problem(where, "", "warning",
                                f"{what} is not valid UTF-8; the bytes that are not were read as cp1252"))
        return data.decode("utf-8", errors=CP1252_ERRORS)


def utf8_lines(fh):
    """The lines of a binary file in UTF-8: a file that starts with a UTF-16 or UTF-32
    byte-order mark decoded (the mark dropped), its lines given as UTF-8; any other file as it is.

    Parameters
    ----------
    fh : binary file object with ``peek`` (``open(path, "rb")``, ``gzip.open``)
        At its start.

    Returns
    -------
    context manager
        Giving ``fh`` itself or an iterator of UTF-8 lines.

    Examples
    --------
    >>> import io
    >>> with utf8_lines(io.BufferedReader(io.BytesIO('{"a": 1}\\n'.encode("utf-16")))) as lines:
    ...     list(lines)
    [b'{"a": 1}\\n']
    """
    from contextlib import nullcontext

    try:
        encoding = bom_encoding(fh.peek(4)[:4])
    except (EOFError, OSError):  # a compressed file cut short or corrupt: its reader reports it
        return nullcontext(fh)
    if encoding in (None, "utf-8-sig"):
        return nullcontext(fh)
    return nullcontext(line.encode("utf-8") for line in io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline=""))


#: A UTF-16 surrogate on its own (JSON can escape one; it is no character).
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogates(frame, rows, name: str) -> list[dict]:
    """Replace, in place, the lone surrogates in the text cells of ``frame`` (a JSON escape such
    as ``"\\ud83d"`` can write one: it is no character and cannot be written as UTF-8) with U+FFFD.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows as read from a table (object columns are checked).
    rows : numpy.ndarray
        The row number of each row, for the warnings.
    name : str
        The file's name.

    Returns
    -------
    list of dict
        A warning (``documents.PROBLEM_COLUMNS``) per row with a replacement.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({"text": ["ok", "pecah \\ud83d"]}, dtype=object)
    >>> [p["source_file"] for p in lone_surrogates(frame, np.array([1, 2]), "a.jsonl")], frame["text"][1]
    (['a.jsonl:2'], 'pecah \\ufffd')
    """
    fixed = set()
    for col in frame.columns:
        if frame[col].dtype == object:
            bad = frame[col].map(lambda v: isinstance(v, str) and _SURROGATE.search(v) is not None).to_numpy(dtype=bool)
            if bad.any():
                frame.loc[bad, col] = frame.loc[bad, col].map(lambda v: _SURROGATE.sub("\ufffd", v))
                fixed.update(rows[bad].tolist())
    return [problem(f"{name}:{r}", "", "warning", "replaced a lone surrogate (a broken \\u escape) with U+FFFD")
            for r in sorted(fixed)]
