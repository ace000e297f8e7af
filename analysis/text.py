r"""Text normalisation shared by the readers and the cleaner: one place for each rule.

:func:`normalise_newlines` is what the readers do to a page (BOM, CRLF); :func:`normalise_text`
is how the cleaner compares and keeps a line (tags, entities, Unicode NFC, whitespace).

>>> normalise_newlines("\ufeffJudul\r\nIsi\rAkhir")
'Judul\nIsi\nAkhir'
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .re2 import Rx, contains, to_arrow, to_series

__all__ = ["normalise_newlines", "normalise_text", "casefold", "count_words", "join_groups"]


def normalise_newlines(text: str | pd.Series) -> str | pd.Series:
    r"""A leading BOM dropped and CRLF or CR line ends written as LF, in a string or a column.

    Parameters
    ----------
    text : str or pandas.Series of str
        A page's text, or a column of them.

    Returns
    -------
    str or pandas.Series
        The same kind as given, with the newlines normalised.

    Examples
    --------
    >>> normalise_newlines(pd.Series(["a\r\nb", "c"])).tolist()
    ['a\nb', 'c']
    """
    if isinstance(text, pd.Series):
        column = pc.utf8_ltrim(_one_chunk(to_arrow(text)), "\ufeff")
        has_cr = contains(column, "\r")
        if has_cr.any():
            column = _on_rows(column, has_cr, lambda part: pc.replace_substring(
                pc.replace_substring(part, "\r\n", "\n"), "\r", "\n"))
        return to_series(column, text.index)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_SCRIPT = Rx.of(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
_BLOCK_TAG = Rx.of(r"<\s*/?\s*(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption"
                   r"|section|article|header|footer)\b[^<>]*>", re.I)
_TAG = Rx.of(r"</?[A-Za-z][^<>]*>")
_INVISIBLE = Rx.of("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM


def _strip_tags(column: pa.Array) -> pa.Array:
    return _TAG.sub(_BLOCK_TAG.sub(_SCRIPT.sub(column, " "), " "), "")


def _class(codes: list[int]) -> str:
    """An RE2 character class of ``codes`` (sorted), and of every character beyond the BMP."""
    ranges, start = [], None
    for i, c in enumerate(codes):
        start = c if start is None else start
        if i + 1 == len(codes) or codes[i + 1] != c + 1:
            ranges.append(f"\\x{{{start:X}}}" + (f"-\\x{{{c:X}}}" if c > start else ""))
            start = None
    return "[" + "".join(ranges) + "\\x{10000}-\\x{10FFFF}]"


def _bmp() -> tuple[list[str], pa.Array]:
    """Every character of the Basic Multilingual Plane but the surrogates, as a list and an Arrow
    column (built from its UTF-8 bytes: ``pa.array`` of the list takes a third of a second)."""
    codes = np.r_[np.arange(0xD800), np.arange(0xE000, 0x10000)]
    text = "".join(map(chr, codes.tolist()))
    offsets = np.r_[0, np.cumsum(np.where(codes < 0x80, 1, np.where(codes < 0x800, 2, 3)))].astype(np.int64)
    column = pa.LargeStringArray.from_buffers(len(codes), pa.py_buffer(offsets), pa.py_buffer(text.encode("utf-8")))
    return list(text), column


@functools.lru_cache(maxsize=1)
def _changing() -> tuple[str, str]:
    """:func:`_changing_classes`, worked out once per machine: kept in the user's cache
    (:mod:`analysis.user_cache`) per version of this module, Python, its Unicode tables and pyarrow."""
    from .user_cache import entry_name, read_json, write_json

    key = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()
    name = entry_name(f"text-classes-{key}-unicode-{unicodedata.unidata_version}")
    stored = read_json(name)
    if isinstance(stored, list) and len(stored) == 2 and all(isinstance(c, str) for c in stored):
        return stored[0], stored[1]
    classes = _changing_classes()
    write_json(name, list(classes))
    return classes


def _changing_classes() -> tuple[str, str]:
    """RE2 classes of the characters that NFC may change or move, and of the whitespace.

    A line without the first is NFC as it stands (the quick check of UAX #15: every character
    a starter that is allowed in NFC and composes with nothing before it): characters that
    combine, that NFC replaces (by Python's or Arrow's tables), that may compose with the
    character before them (the second of a canonical pair, the Hangul vowels and trailing
    consonants), that Python's tables do not know. The second: what Arrow's or Python's
    ``split`` treats as whitespace, except the space itself. Characters beyond the BMP are in
    both (a line with one takes the full path)."""
    chars, column = _bmp()
    arrow_nfc = pc.utf8_normalize(column, "NFC").to_pylist()
    second = {d.split()[1] for d in map(unicodedata.decomposition, chars)
              if d and not d.startswith("<") and len(d.split()) == 2}
    nfc = [ord(c) for c, a in zip(chars, arrow_nfc)
           if unicodedata.combining(c) or unicodedata.category(c) == "Cn" or unicodedata.normalize("NFC", c) != c
           or a != c or f"{ord(c):04X}" in second or 0x1161 <= ord(c) <= 0x1175 or 0x11A8 <= ord(c) <= 0x11C2]
    is_space = pc.utf8_is_space(column).to_pylist()
    space = [ord(c) for c, a in zip(chars, is_space) if (a or c.isspace()) and c != " "]
    return _class(nfc), _class(space) + "|  |^ | $"


def _matches(column: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(column, pattern).to_numpy(zero_copy_only=False)


def _collapse(column: pa.Array) -> pa.Array:
    """NFC, invisible characters dropped, whitespace collapsed to one space, ends stripped; each
    step only on the lines it may change."""
    nfc, space = _changing()
    column = _on_rows(column, _matches(column, nfc), lambda part: pc.utf8_normalize(part, "NFC"))
    column = _on_rows(column, _matches(column, _INVISIBLE.re2), lambda part: _INVISIBLE.sub(part, ""))
    # trim and split on Unicode whitespace (as str.split() does), then join with one space
    return _on_rows(column, _matches(column, space), lambda part: pc.binary_join(
        pc.utf8_split_whitespace(pc.utf8_trim_whitespace(part)), pa.scalar(" ", pa.large_string())))


def _one_chunk(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _on_rows(column: pa.Array, rows: np.ndarray, step) -> pa.Array:
    """``column`` with ``step`` applied to the ``rows`` lines only (the others unchanged)."""
    if not rows.any():
        return column
    if rows.all():
        return _one_chunk(step(column)).cast(pa.large_string())
    mask = pa.array(rows)
    return pc.replace_with_mask(column, mask, _one_chunk(step(column.filter(mask))).cast(pa.large_string()))


def normalise_text(series: pd.Series) -> pd.Series:
    r"""Text as compared and kept by the cleaner, one line per value.

    HTML tags stripped (block tags become a space), entities unescaped (``html.unescape``;
    tags revealed by unescaping are stripped too), Unicode NFC, invisible characters dropped,
    whitespace (NBSP included) collapsed to one space, ends stripped.

    Parameters
    ----------
    series : pandas.Series of str
        Lines (missing values allowed).

    Returns
    -------
    pandas.Series of str
        Aligned with ``series``; missing values become "".

    Examples
    --------
    >>> normalise_text(pd.Series(["<i>Update</i>&nbsp; Perang&amp;Damai ", "Cafe\u0301 <br>ok"])).tolist()
    ['Update Perang&Damai', 'Café ok']
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"normalise_text: series must be a pandas Series, not {type(series).__name__}")
    column = _one_chunk(to_arrow(series))
    has_tag = contains(column, "<")
    if has_tag.any():
        column = _on_rows(column, has_tag, _strip_tags)
    has_entity = contains(column, "&")
    if has_entity.any():
        values = column.filter(pa.array(has_entity)).to_numpy(zero_copy_only=False)
        unescaped = pa.array([html.unescape(v) for v in values], type=pa.large_string())
        column = pc.replace_with_mask(column, pa.array(has_entity), unescaped)
        # tags revealed by unescaping, and tags left by the first pass (which removes each tag once)
        column = _on_rows(column, has_entity | contains(column, "<"), _strip_tags)
    column = _collapse(column)
    return to_series(column, series.index)


@functools.lru_cache(maxsize=1)
def _unlike_lower() -> str:
    """An RE2 class of the characters whose ``str.casefold()`` is not Arrow's ``utf8_lower``:
    the characters of the Basic Multilingual Plane where the two differ (ß, ﬁ, final sigma ...),
    compared on this machine's Python and Arrow, and every character beyond it."""
    chars, column = _bmp()
    lower = pc.utf8_lower(column).to_pylist()
    return _class([ord(c) for c, low in zip(chars, lower) if c.casefold() != low])


def casefold(series: pd.Series) -> pd.Series:
    """``series.str.casefold()``, by Arrow's ``utf8_lower`` on the lines where both agree.

    Parameters
    ----------
    series : pandas.Series of str
        Lines (missing values become "").

    Returns
    -------
    pandas.Series of str
        Aligned with ``series``.

    Examples
    --------
    >>> casefold(pd.Series(["Jalan RAYA", "Straße", "ΣΟΦΙΑ ς", None])).tolist()
    ['jalan raya', 'strasse', 'σοφια σ', '']
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"casefold: series must be a pandas Series, not {type(series).__name__}")
    column = _one_chunk(to_arrow(series))
    odd = pc.match_substring_regex(column, _unlike_lower()).to_numpy(zero_copy_only=False)
    lower = pc.utf8_lower(column)
    if odd.any():
        values = column.filter(pa.array(odd)).to_numpy(zero_copy_only=False)
        lower = pc.replace_with_mask(lower, pa.array(odd), pa.array([v.casefold() for v in values],
                                                                   type=pa.large_string()))
    return to_series(lower, series.index)


#: A word as ``re``'s ``\S+`` reads one: a run of characters that are not whitespace by Python's
#: ``str.isspace`` (which ``\s`` follows; RE2's ``\s`` knows only ASCII whitespace). All such
#: characters are in the Basic Multilingual Plane.
_WORD = "[^" + "".join(f"\\x{{{c:X}}}" for c in range(0x10000) if chr(c).isspace()) + "]+"


def count_words(series: pd.Series) -> pd.Series:
    r"""``series.str.count(r"\S+")`` in one RE2 pass (pandas reads ``\S`` with Python's ``re``,
    string by string).

    Parameters
    ----------
    series : pandas.Series of str
        Texts (missing values count 0 words).

    Returns
    -------
    pandas.Series of int64
        The words of each text, aligned with ``series``.

    Examples
    --------
    >>> count_words(pd.Series(["Satu dua\n\ntiga", "", "a\u00a0b\u3000c", None])).tolist()
    [3, 0, 3, 0]
    """
    if not isinstance(series, pd.Series):
        raise ValueError(f"count_words: series must be a pandas Series, not {type(series).__name__}")
    counts = pc.count_substring_regex(to_arrow(series), _WORD)
    return pd.Series(counts.to_numpy(zero_copy_only=False).astype(np.int64), index=series.index)


def join_groups(values: pd.Series, keys: pd.Series, sep: str) -> pd.Series:
    """``values.groupby(keys, sort=False).agg(sep.join)`` in Arrow (one list join), not a
    Python call per group.

    Parameters
    ----------
    values : pandas.Series of str
        The strings (missing values are joined as "").
    keys : pandas.Series
        The group of each value (aligned with ``values``, none missing).
    sep : str
        Put between the values of a group, in their order in ``values``.

    Returns
    -------
    pandas.Series of str
        One joined string per group, indexed by the keys in order of first appearance.

    Examples
    --------
    >>> join_groups(pd.Series(["a", "b", "c", "d"]), pd.Series(["x", "y", "x", "x"]), "|").to_dict()
    {'x': 'a|c|d', 'y': 'b'}
    """
    if not isinstance(values, pd.Series) or not isinstance(keys, pd.Series) or len(values) != len(keys):
        raise ValueError("join_groups: values and keys must be pandas Series of the same length")
    codes, uniques = pd.factorize(keys, sort=False)
    if (codes < 0).any():
        raise ValueError("join_groups: keys has missing values")
    order = np.argsort(codes, kind="stable")
    offsets = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(uniques)))].astype(np.int64)
    column = _one_chunk(to_arrow(values)).take(pa.array(order))
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), column), pa.scalar(sep, pa.large_string()))
    return to_series(joined, pd.Index(uniques, name=keys.name))
