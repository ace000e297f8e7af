"""Repeated lines: inside a page (a caption or an article pasted twice) and across an outlet's pages.

* :func:`in_page_repeats`: a line equal to an earlier line of its page, after normalisation, or
  equal to it but for a trailing photo credit and final punctuation, is a repeat; a caption that
  only adds a credit to an earlier line makes that line the caption's dek instead.
* :func:`page_title_repeat`: a page's first line (its ``<title>``, "Judul - Situs") repeated
  below as the headline.
* :func:`cross_page_reasons` / :func:`repeated_across_pages`: a line on at least
  ``max(cross_page_min_docs, cross_page_share x the outlet's pages)`` distinct pages of one
  outlet is site furniture.

>>> t = _example_table()

>>> in_page_repeats(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(3, dtype=bool),
...                 np.zeros(3, dtype=bool)).duplicate.tolist()
[False, False, True]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cleaning_rules import CleaningRules, cleaning_rules
from .frames import require_columns
from .page_lines import page_documents, page_fingerprints, page_lines
from .re2 import Rx, to_arrow, to_series  # noqa: F401 (to_arrow: the examples)
from .text import _on_rows, casefold, normalise_text

__all__ = ["Repeats", "in_page_repeats", "page_title_repeat", "cross_page_reasons", "repeated_across_pages"]

def _example_table() -> pd.DataFrame:
    """Three lines for the examples."""
    return page_lines(page_documents(pd.DataFrame({"doc_id": ["a"], "text": [
        "Korea Utara mengirim peluru ke Rusia.\nKata dia.\nKorea Utara mengirim peluru ke Rusia."]})))


@dataclass
class Repeats:
    """Repeats inside a page; the first occurrence is not a repeat.

    Parameters
    ----------
    duplicate : ndarray of bool
        Lines that repeat an earlier line of their page (exactly, or but for a photo credit).
    reason : Series of str
        "repeat of line N" (and " (ignoring the photo credit)").
    dek_of_caption : Series
        On a line that a later caption repeats with a credit: that caption's line number.

    Returns
    -------
    Repeats
        Made by :func:`in_page_repeats`.

    >>> t = _example_table()

    >>> in_page_repeats(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(3, dtype=bool),
    ...                 np.zeros(3, dtype=bool)).reason[2]
    'repeat of line 1'
    """

    duplicate: np.ndarray
    reason: pd.Series
    dek_of_caption: pd.Series   # on a line that a later caption repeats with a credit: that caption's line


_FINAL_PUNCTUATION = Rx.of(r"(?:\W|_)+$")


def in_page_repeats(table: pd.DataFrame, column: pa.Array, rules: CleaningRules, content: np.ndarray,
                    caption: np.ndarray, caption_match: np.ndarray | None = None) -> Repeats:
    """Exact and near-exact repeats among the ``content`` lines of each page.

    Parameters
    ----------
    table : DataFrame
        As from :func:`analysis.page_lines.page_lines`.
    column : pyarrow.Array
        Its ``plain`` column.
    rules : CleaningRules
        The compiled rules (the caption rule and ``near_repeat_min_words``).
    content : ndarray of bool
        Lines not claimed as site furniture.
    caption : ndarray of bool
        Captions (:class:`analysis.cues.Cues`).
    caption_match : ndarray of bool, optional
        The lines the caption rule matches (``Cues.caption_match``), the only ones whose
        trailing credit is stripped; None: the rule is run on every content line.

    Returns
    -------
    Repeats

    >>> t = _example_table()

    >>> in_page_repeats(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(3, dtype=bool),
    ...                 np.zeros(3, dtype=bool)).duplicate.tolist()
    [False, False, True]
    """
    # the texts as integer codes: grouping by them is grouping by the texts, without hashing long strings
    rows = table.loc[content, ["doc", "line_no"]].assign(key=pd.factorize(table["key"][content])[0])
    first = rows.groupby(["doc", "key"], sort=False)["line_no"].transform("min")
    exact = first < rows["line_no"]
    # near-exact: the same once a trailing photo credit and final punctuation are ignored
    # the caption rule removes nothing from the lines it does not match: it runs on those it does
    stripped = (rules.caption.search(column, content) if caption_match is None else caption_match)[content]
    core_column = _FINAL_PUNCTUATION.sub(_on_rows(column.filter(pa.array(content)), stripped,
                                                  rules.caption.sub_lines), "")
    core = casefold(to_series(core_column, rows.index))
    core_words = pc.count_substring(core_column, " ").to_numpy(zero_copy_only=False) + 1
    near_rows = rows.assign(core=pd.factorize(core)[0], credit=caption[content])[
        ~exact & (core_words >= rules.structure["near_repeat_min_words"])]
    groups = near_rows.groupby(["doc", "core"], sort=False)
    near_first = groups["line_no"].transform("min")
    later = near_first < near_rows["line_no"]
    # a caption that only adds a credit to an earlier line is that line's caption, not a repeat
    adds_credit = later & near_rows["credit"] & ~groups["credit"].transform("first").astype(bool)
    near = later & ~adds_credit
    caption_line = near_rows["line_no"].where(adds_credit).groupby(
        [near_rows["doc"], near_rows["core"]], sort=False).transform("min")

    repeat_of = pd.concat([first[exact], near_first[near]]).reindex(table.index)
    duplicate = repeat_of.notna().to_numpy()
    reason = "repeat of line " + repeat_of.fillna(0).astype("int64").astype(str)
    reason[near[near].index] += " (ignoring the photo credit)"
    return Repeats(duplicate, reason, caption_line.where(~later).reindex(table.index))


_NOT_ALNUM = Rx.of(r"(?:\W|_)+")
#: Separators between a page title's parts: "Judul - Situs", "Topik | Judul", "Judul :: Kanal".
_TITLE_PARTS = re.compile(r"\s+(?:[-–—|»]|::?)\s+")


def page_title_repeat(table: pd.DataFrame, column: pa.Array, first: np.ndarray,
                      later: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """Where a page title ("Judul - Situs") is repeated further down as the headline.

    Lines are compared on letters and digits only, the first line whole or any run of its
    parts ("Judul - Situs", "Topik | Judul - Situs").

    Parameters
    ----------
    table, column
        As for :func:`in_page_repeats`.
    first : ndarray of bool
        Candidate page titles (a page's first line).
    later : ndarray of bool
        Candidate repeats.

    Returns
    -------
    (Series, ndarray of bool)
        Per line: the line number of the first ``later`` line repeating its document's
        ``first`` line (``inf`` when none); and the mask of first lines with such a repeat.

    >>> t = page_lines(page_documents(pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Korut Kirim Peluru ke Rusia - Situs\\nKorut Kirim Peluru ke Rusia"]})))
    >>> page_title_repeat(t, to_arrow(t["plain"]), np.array([True, False]), np.array([False, True]))[0].tolist()
    [2, 2]
    """
    def alnum(column: pa.Array) -> np.ndarray:
        return to_series(_NOT_ALNUM.sub(pc.utf8_lower(column), ""), range(len(column))).to_numpy()

    rows = np.flatnonzero(first)
    if not len(rows):
        return pd.Series(np.inf, index=table.index), np.zeros(len(table), dtype=bool)
    docs, variants = [], []
    for doc, line in zip(table["doc"].to_numpy()[rows], column.take(pa.array(rows)).to_pylist()):
        parts = _TITLE_PARTS.split(line)
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                docs.append(doc)
                variants.append(" ".join(parts[i:j]))
    keys = pd.DataFrame({"doc": docs, "k": alnum(pa.array(variants, type=pa.large_string()))})
    keys = keys[keys["k"].str.len().ge(10)].drop_duplicates()
    later_rows = np.flatnonzero(later)
    cand = pd.DataFrame({"doc": table["doc"].to_numpy()[later_rows], "k": alnum(column.take(pa.array(later_rows))),
                         "row": later_rows})
    hit = cand.merge(keys, on=["doc", "k"]).sort_values("row").drop_duplicates("doc")
    repeat = pd.Series(table["doc"].map(hit.set_index("doc")["row"].map(table["line_no"])).fillna(np.inf).to_numpy(),
                       index=table.index)
    return repeat, first & table["doc"].isin(set(hit["doc"])).to_numpy()


def cross_page_reasons(key: pd.Series, outlet: pd.Series, page: pd.Series, structure: dict) -> pd.Series:
    """The reason of each line whose ``key`` occurs on many distinct ``page``s of its ``outlet``.

    Parameters
    ----------
    key : Series of str
        The normalised, case-folded text of each line.
    outlet : Series of str
        Its outlet ("" when unknown: never judged).
    page : Series
        Its page's fingerprint (:func:`analysis.page_lines.page_fingerprints`).
    structure : dict
        ``cross_page_min_docs`` and ``cross_page_share``.

    Returns
    -------
    Series of str aligned with ``key``: "repeated across N pages of OUTLET", or "".

    >>> cross_page_reasons(pd.Series(["x"] * 3), pd.Series(["O"] * 3), pd.Series([1, 2, 3]),
    ...                    {"cross_page_min_docs": 3, "cross_page_share": 0.05}).tolist()
    ['repeated across 3 pages of O', 'repeated across 3 pages of O', 'repeated across 3 pages of O']
    """
    min_docs, share = int(structure["cross_page_min_docs"]), float(structure["cross_page_share"])
    frame = pd.DataFrame({"key": key, "outlet": outlet, "page": page})
    known = frame["outlet"].ne("") & frame["key"].ne("")
    reasons = pd.Series("", index=key.index, dtype=object)
    if not known.any():
        return reasons
    frame = frame[known].assign(key=lambda f: pd.factorize(f["key"])[0])
    pages = frame.groupby("outlet")["page"].nunique()
    threshold = np.maximum(min_docs, np.ceil(share * pages))
    eligible = pages.index[pages >= min_docs]
    frame = frame[frame["outlet"].isin(eligible)]
    if frame.empty:
        return reasons
    n = frame.groupby(["outlet", "key"])["page"].transform("nunique")
    hit = n >= frame["outlet"].map(threshold)
    reasons[hit[hit].index] = ("repeated across " + n[hit].astype(str) + " pages of "
                               + frame.loc[hit, "outlet"]).to_numpy()
    return reasons


def repeated_across_pages(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """Site furniture found by repetition, over one batch: the reason for each line of
    ``lines`` (``doc_id, text``) whose normalised text occurs on at least
    ``max(3, 5% of the outlet's pages)`` pages of the same outlet (thresholds in
    ``furniture.yaml``), "" elsewhere. Pages are counted by distinct text, so a page
    scraped twice counts once; documents without an outlet, and outlets with fewer than 3
    pages, are never judged.

    Parameters
    ----------
    lines : DataFrame
        ``doc_id, text`` (as from :func:`analysis.clean.label_lines`).
    documents : DataFrame
        ``doc_id, text, outlet`` of the batch.

    Returns
    -------
    Series of str aligned with ``lines``.

    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X"] * 3 + ["Y"],
    ...                      "text": [f"Berita {i}\\nIkuti kami di Threads" for i in range(4)]})
    >>> lines = pd.DataFrame({"doc_id": list("abcd"), "text": ["Ikuti kami di Threads"] * 4})
    >>> repeated_across_pages(lines, docs).tolist()
    ['repeated across 3 pages of X', 'repeated across 3 pages of X', 'repeated across 3 pages of X', '']
    """
    require_columns(lines, ["doc_id", "text"], "repeated_across_pages", "lines")
    require_columns(documents, ["doc_id", "text"], "repeated_across_pages", "documents")
    docs = page_documents(documents)
    outlet = docs.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    doc_id = lines["doc_id"].astype("str")
    return cross_page_reasons(casefold(normalise_text(lines["text"])),
                              doc_id.map(outlet).fillna("").astype("str"),
                              doc_id.map(page_fingerprints(docs)), cleaning_rules().structure)
