"""Furniture an export glued onto a page's paragraphs: cut from the cleaned text, not from ``lines.csv``.

Exports that flatten a page (a whole article as one line, its paragraphs joined by commas) glue
the page's furniture onto the last paragraph, where no line rule can see it:

* a last piece after a run of commas, or after one comma that follows a sentence's end, that is a
  whole ``furniture.yaml`` furniture line by itself (``…,,,loading...``, ``….,#GrowFearless with
  FIMELA``): :func:`_without_glued_furniture`;
* the article's end: the editor's initials after a sentence's end, then the page's tags, and a promo
  just before them (``… kata dia. Simak Video "…" [Gambas:Video 20detik] (rin/nds) motogp``):
  :func:`_without_glued_ending`;
* a credit in brackets ending the line, with the syndication labels before it (``…,Disadur dari: ,
  (Penulis Asad Arifin, published 01/09/2019)``): :func:`_without_glued_credit`.

Each reads only the end of a line with one RE2 pass over the column; only the lines it matches are
read in Python. :func:`without_glued` applies the three, as ``clean.clean_texts`` does.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cleaning_rules import cleaning_rules
from .re2 import to_arrow

__all__ = ["without_glued"]


def without_glued(text: pd.Series) -> pd.Series:
    """``text`` (body lines, normalised) without the furniture an export glued onto them.

    Parameters
    ----------
    text : pandas.Series
        Body lines (strings).

    Returns
    -------
    pandas.Series
        The same index; a line keeps its text where nothing glued was found.

    Examples
    --------
    >>> without_glued(pd.Series(["Dia pulang ke rumah.,,,loading...", "Tim menang. (rin/nds) motogp"])).tolist()
    ['Dia pulang ke rumah.', 'Tim menang.']
    """
    if not isinstance(text, pd.Series):
        raise TypeError(f"parameter text must be a pandas Series of lines, not {type(text).__name__}")
    return _without_glued_credit(_without_glued_ending(_without_glued_furniture(text)))


#: RE2: a credit in brackets ending a line, naming a writer with an editor, a second name or a date
#: ("(Penulis Asad Arifin, published 01/09/2019)", "(Penulis: Rizki Hidayat/Editor: Aditya Wicaksono)";
#: not prose: "(penulis buku itu)", "(penulis Dewi Lestari, editor Budi Santoso)." ending a sentence),
#: and the source or syndication labels glued just before it ("Disadur dari: ,").
_GLUED_CREDIT = (r"(?P<tail>(?:[\s,]*(?i:disadur dari|diolah dari|sumber(?: asli)?)\s*:?)*[\s,]*"
                 r"\(\s*(?:Penulis|Reporter|Pewarta)\b[^()]{0,160}(?:/|(?i:\beditor\b|\bpublished\b))[^()]{0,160}\)"
                 r"[\s,]*)$")


_TRAILING = re.compile(r"[\s,]+$")


def _without_glued_credit(text: pd.Series) -> pd.Series:
    """``text`` without a credit in brackets glued onto a line's end (:data:`_GLUED_CREDIT`)."""
    tails = pc.extract_regex(pc.utf8_slice_codeunits(to_arrow(text), -400), _GLUED_CREDIT)
    rows = np.flatnonzero(tails.is_valid().to_numpy(zero_copy_only=False))
    if not len(rows):
        return text
    out = text.to_numpy(dtype=object).copy()
    for row, tail in zip(rows, pc.struct_field(tails, "tail").take(pa.array(rows)).to_pylist()):
        out[row] = _TRAILING.sub("", out[row][:len(out[row]) - len(tail)])
    return pd.Series(out, index=text.index, dtype=text.dtype)


#: RE2: the last piece of a paragraph after a run of commas, where an export that joins a page's
#: elements with commas dropped some ("… katanya.,(rul/rvk),,,,,loading..."), or after one comma
#: that follows a sentence's end (``runs`` empty: "… Fimela Fest 2019.,#GrowFearless with FIMELA"): up
#: to 160 characters without a comma, neither starting nor ending with a space
_GLUED_TAIL = (r"(?:(?P<runs>,(?:\s*,)+)|[.!?][\"”’]?\s*,)\s*(?P<tail>[^,\s](?:[^,]{0,158}[^,\s])?)[\s,]*$")
#: After one comma, only these categories are cut: what a page glues on, not what prose may open with.
_GLUED_AFTER_ONE_COMMA = ("navigation", "loading indicator", "share/follow call", "promo link")


def _without_glued_furniture(text: pd.Series) -> pd.Series:
    """``text`` without a last piece glued on after a run of commas (or one after a sentence's end)
    that is site furniture by itself (a whole line of a ``furniture.yaml`` ``furniture`` category:
    "loading...", "Bagikan", "#GrowFearless with FIMELA"); only such lines are read in Python."""
    column = pc.utf8_slice_codeunits(to_arrow(text), -256)  # the pattern reads only a line's end
    tails = pc.extract_regex(column, _GLUED_TAIL)
    rows = np.flatnonzero(tails.is_valid().to_numpy(zero_copy_only=False))
    if not len(rows):
        return text
    found = pc.struct_field(tails, "tail").take(pa.array(rows)).to_pylist()
    runs = np.array([bool(r) for r in pc.struct_field(tails, "runs").take(pa.array(rows)).to_pylist()], dtype=bool)
    worded = np.array([any(c.isalpha() for c in piece) for piece in found], dtype=bool)  # not "." or "(*)"
    pieces = pa.array(found, type=pa.large_string())
    furniture = np.zeros(len(rows), dtype=bool)
    sentence = np.array([piece.rstrip()[-1:] in ".!?" for piece in found], dtype=bool)  # "#SaveKPK menggema …."
    for category, rule in cleaning_rules().furniture:
        furniture |= rule.search(pieces) & (runs | ((category in _GLUED_AFTER_ONE_COMMA) & ~sentence))
    if not (furniture & worded).any():
        return text
    out = text.to_numpy(dtype=object).copy()  # one new column (setting rows of an Arrow column one by one is slow)
    for row, piece in zip(rows[furniture & worded], np.asarray(found, dtype=object)[furniture & worded]):
        line = out[row].rstrip(" ,")  # ends with the piece (the pattern's tail, no comma or space)
        out[row] = line[:len(line) - len(piece)].rstrip(" ,")
    return pd.Series(out, index=text.index, dtype=text.dtype)


#: RE2: the end of an article glued onto its last paragraph by an export: the editor's initials after
#: a sentence's end or an embed ("… kata dia. (rin/nds)", "… [Gambas:Video 20detik] (mul/ega)"), then
#: at most the page's tags, lower-case words alone ("motogp san marino 2019")
_GLUED_ENDING = (r"[.!?\"”’'\])]\s*(?P<tail>\(\s*[a-z]{2,5}(?:\s*/\s*[a-z0-9]{1,5})*\s*\)"
                 r"(?:\s+[a-z0-9][a-z0-9-]*)*)\s*$")
#: Where furniture glued before that ending may start: a capital or a bracket after a space; the
#: ``furniture.yaml`` categories it may be (a promo, an embed: not "Hak cipta …", which is prose too).
_PIECE_START = re.compile(r"(?:^|(?<=\s))[A-Z\[]")
_GLUED_BEFORE_ENDING = ("promo link",)
#: A numbered item, not initials: "(ii)", "(iv)".
_NUMERAL = re.compile(r"\(\s*[ivx]+\s*\)")


def _without_glued_ending(text: pd.Series) -> pd.Series:
    """``text`` without an article's end glued onto its last paragraph (:data:`_GLUED_ENDING`), and
    without the furniture glued on just before it: the longest last piece of at most 300 characters
    that opens with a capital or a bracket and is a whole ``furniture.yaml`` promo line ('Simak
    Video "…" [Gambas:Video 20detik]'). Only such lines are read in Python."""
    tails = pc.extract_regex(pc.utf8_slice_codeunits(to_arrow(text), -512), _GLUED_ENDING)
    rows = np.flatnonzero(tails.is_valid().to_numpy(zero_copy_only=False))
    if not len(rows):
        return text
    found = pc.struct_field(tails, "tail").take(pa.array(rows)).to_pylist()
    numbered = [bool(_NUMERAL.match(tail)) for tail in found]  # "… dua prioritas. (ii) pemulihan ekonomi"
    rows, found = rows[~np.array(numbered, dtype=bool)], [t for t, n in zip(found, numbered) if not n]
    out = text.to_numpy(dtype=object).copy()
    kept = [out[row].rstrip()[:-len(tail)].rstrip() for row, tail in zip(rows, found)]
    starts = [[m.start() for m in _PIECE_START.finditer(line, max(0, len(line) - 300))] for line in kept]
    pieces = pa.array([line[a:] for line, at in zip(kept, starts) for a in at], type=pa.large_string())
    furniture = np.zeros(len(pieces), dtype=bool)
    for category, rule in cleaning_rules().furniture:
        if category in _GLUED_BEFORE_ENDING:
            furniture |= rule.search(pieces)
    k = 0
    for row, line, at in zip(rows, kept, starts):
        cut = next((a for a, f in zip(at, furniture[k:k + len(at)]) if f), len(line))
        out[row], k = line[:cut].rstrip(), k + len(at)
    return pd.Series(out, index=text.index, dtype=text.dtype)
