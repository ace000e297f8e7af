r"""Text normalisation shared by the readers and the cleaner: one place for each rule.

:func:`normalise_newlines` is what the readers do to a page (BOM, CRLF); :func:`normalise_text`
is how the cleaner compares and keeps a line (tags, entities, Unicode NFC, whitespace).

>>> normalise_newlines("\ufeffJudul\r\nIsi\rAkhir")
'Judul\nIsi\nAkhir'
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .re2 import Rx, to_arrow, to_series

__all__ = ["normalise_newlines", "normalise_text"]


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
    column = to_arrow(series)
    has_tag = pc.match_substring(column, "<").to_numpy(zero_copy_only=False)
    if has_tag.any():
        column = _strip_tags(column)
    has_entity = pc.match_substring(column, "&").to_numpy(zero_copy_only=False)
    if has_entity.any():
        values = column.to_numpy(zero_copy_only=False).astype(object)
        values[has_entity] = [html.unescape(v) for v in values[has_entity]]
        column = _strip_tags(pa.array(values, type=pa.large_string()))
    column = _INVISIBLE.sub(pc.utf8_normalize(column, "NFC"), "")
    # trim and split on Unicode whitespace (as str.split() does), then join with one space
    column = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(column))
    column = pc.binary_join(column, pa.scalar(" ", pa.large_string()))
    return to_series(column, series.index)
