r"""Text normalisation shared by the readers and the cleaner: one place for each rule.

:func:`normalise_newlines` is what the readers do to a page (BOM, CRLF); :func:`normalise_text`
is how the cleaner compares and keeps a line (tags, entities, Unicode NFC, whitespace).

>>> normalise_newlines("\ufeffJudul\r\nIsi\rAkhir")
'Judul\nIsi\nAkhir'
"""

from __future__ import annotations

import functools
import html
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .re2 import Rx, to_arrow, to_series

__all__ = ["normalise_newlines", "normalise_text", "casefold"]


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
        return (text.str.lstrip("\ufeff").str.replace("\r\n", "\n", regex=False)
                .str.replace("\r", "\n", regex=False))
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_SCRIPT = Rx.of(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
_BLOCK_TAG = Rx.of(r"<\s*/?\s*(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption"
                   r"|section|article|header|footer)\b[^<>]*>", re.I)
_TAG = Rx.of(r"</?[A-Za-z][^<>]*>")
_INVISIBLE = Rx.of("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM


def _strip_tags(column: pa.Array) -> pa.Array:
    return _TAG.sub(_BLOCK_TAG.sub(_SCRIPT.sub(column, " "), " "), "")


#: What a line needs beyond tags and entities: a character outside printable ASCII (NFC,
#: invisible characters, other whitespace), a run of spaces, a space at either end.
_MESSY = r"[^\x20-\x7e]|  |^ | $"


def _collapse(column: pa.Array) -> pa.Array:
    """NFC, invisible characters dropped, Unicode whitespace collapsed to one space, ends stripped."""
    column = _INVISIBLE.sub(pc.utf8_normalize(column, "NFC"), "")
    # trim and split on Unicode whitespace (as str.split() does), then join with one space
    column = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(column))
    return pc.binary_join(column, pa.scalar(" ", pa.large_string()))


def _one_chunk(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _has(column: pa.Array, character: str) -> np.ndarray:
    return pc.match_substring(column, character).to_numpy(zero_copy_only=False)


def _on_rows(column: pa.Array, rows: np.ndarray, step) -> pa.Array:
    """``column`` with ``step`` applied to the ``rows`` lines only (the others unchanged)."""
    if rows.all():
        return step(column)
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
    has_tag = _has(column, "<")
    if has_tag.any():
        column = _on_rows(column, has_tag, _strip_tags)
    has_entity = _has(column, "&")
    if has_entity.any():
        values = column.filter(pa.array(has_entity)).to_numpy(zero_copy_only=False)
        unescaped = pa.array([html.unescape(v) for v in values], type=pa.large_string())
        column = pc.replace_with_mask(column, pa.array(has_entity), unescaped)
        # tags revealed by unescaping, and tags left by the first pass (which removes each tag once)
        column = _on_rows(column, has_entity | _has(column, "<"), _strip_tags)
    # a line of printable ASCII without a run of spaces or a space at either end is already
    # NFC, without invisible characters and with its whitespace collapsed: only the others change
    messy = pc.match_substring_regex(column, _MESSY).to_numpy(zero_copy_only=False)
    if messy.any():
        column = _on_rows(column, messy, _collapse)
    return to_series(column, series.index)


@functools.lru_cache(maxsize=1)
def _unlike_lower() -> str:
    """An RE2 class of the characters whose ``str.casefold()`` is not Arrow's ``utf8_lower``:
    the characters of the Basic Multilingual Plane where the two differ (ß, ﬁ, final sigma ...),
    compared on this machine's Python and Arrow, and every character beyond it."""
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    lower = pc.utf8_lower(pa.array(chars, type=pa.large_string())).to_pylist()
    odd = [ord(c) for c, low in zip(chars, lower) if c.casefold() != low]
    ranges, start = [], None
    for i, c in enumerate(odd):
        start = c if start is None else start
        if i + 1 == len(odd) or odd[i + 1] != c + 1:
            ranges.append(f"\\x{{{start:X}}}" + (f"-\\x{{{c:X}}}" if c > start else ""))
            start = None
    return "[" + "".join(ranges) + "\\x{10000}-\\x{10FFFF}]"


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
