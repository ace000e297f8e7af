"""Line cues: bylines, publication date lines, credits, captions, body openers, promoted headlines.

A cue is what a line says about itself through a rule of ``furniture.yaml`` / ``outlets.yaml``:
an author or editor line, a publication date line ("Rabu, 10 Januari 2024 11:25 WIB"), a credit
("(ian)", "Sumber: BPS"), a caption ending in a photo credit, a body-opening dateline
("Bisnis.com, JAKARTA -"), or a headline promoted under a "Baca juga" heading. Cues are found
before precedence is applied: :func:`analysis.clean.label_lines` decides which label wins.

>>> t = _example_table()

>>> c = line_cues(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(2, dtype=bool))
>>> c.byline_reason[c.byline].tolist()
['byline: author/editor line']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from .cleaning_rules import CleaningRules, cleaning_rules  # noqa: F401 (cleaning_rules: the examples)
from .page_lines import neighbour, page_documents, page_lines, quote
from .re2 import to_arrow  # noqa: F401 (the examples)

__all__ = ["Cues", "line_cues", "promoted_headlines"]

def _example_table() -> pd.DataFrame:
    """Two lines for the examples."""
    return page_lines(page_documents(pd.DataFrame({"doc_id": ["a"], "text": ["Editor: Rina Utami\n(ian)"]})))


@dataclass
class Cues:
    """Pattern cues of each line (boolean arrays), before precedence is applied.

    Parameters
    ----------
    byline, date, credit, caption : ndarray of bool
        Bylines, publication date lines, credit lines, captions (a trailing photo credit).
    byline_reason, credit_reason : Series of str
        The reason of each byline and credit.
    opener : ndarray of bool
        A body-opening dateline starting a paragraph.
    opener_any : ndarray of bool
        ... or a short line, or a dateline alone on its line ("Jakarta -").
    caption_match : ndarray of bool
        The content lines the caption rule matches, whatever else they are (where
        :func:`analysis.repeats.in_page_repeats` strips a trailing credit).

    Returns
    -------
    Cues
        Made by :func:`line_cues`.

    >>> t = _example_table()

    >>> line_cues(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(2, dtype=bool)).byline.tolist()
    [True, False]
    """

    byline: np.ndarray
    byline_reason: pd.Series
    date: np.ndarray
    credit: np.ndarray
    credit_reason: pd.Series
    caption: np.ndarray
    opener: np.ndarray      # a body-opening dateline starting a paragraph
    opener_any: np.ndarray  # ... or a short line, or a dateline alone on its line ("Jakarta -")
    caption_match: np.ndarray  # content lines the caption rule matches, whatever else they are

    @property
    def any(self) -> np.ndarray:
        return self.byline | self.date | self.credit | self.caption


def line_cues(table: pd.DataFrame, column: pa.Array, rules: CleaningRules, content: np.ndarray) -> Cues:
    """The cues of the ``content`` lines, each line given at most one (byline, date, credit, caption).

    Parameters
    ----------
    table : DataFrame
        As from :func:`analysis.page_lines.page_lines`.
    column : pyarrow.Array
        Its ``plain`` column.
    rules : CleaningRules
        The compiled rules.
    content : ndarray of bool
        Lines not claimed as site furniture.

    Returns
    -------
    Cues

    >>> t = _example_table()

    >>> line_cues(t, to_arrow(t["plain"]), cleaning_rules(), np.ones(2, dtype=bool)).credit_reason.tolist()
    ['', 'credit: editor initials']
    """
    plain, words = table["plain"], table["words"].to_numpy()
    byline = rules.byline.search(column, content)
    byline_reason = pd.Series("byline: author/editor line", index=table.index, dtype=object)
    for outlet, rx in rules.outlet_byline:
        hit = rx.search(column, content & ~byline)
        byline_reason[hit] = f"byline: outlet byline ({outlet})"
        byline |= hit
    # two-line bylines: "Reporter" alone on its line, the name on the next line
    is_label = rules.byline_label.search(column, content)
    after_label = neighbour(table, content, pd.Series(is_label, index=table.index), 1).eq(True).to_numpy()
    value = content & after_label & ~is_label & (words <= 6)
    byline_reason[is_label] = "byline: label (the name follows)"
    byline_reason[value] = "byline: name after " + quote(neighbour(table, content, plain, 1)[value])
    byline |= is_label | value

    date = rules.date_stamp.search(column, content & ~byline)
    credit = np.zeros(len(table), dtype=bool)
    credit_reason = pd.Series("", index=table.index, dtype=object)
    for kind, rx in rules.credits:
        hit = rx.search(column, content & ~byline & ~date & ~credit)
        credit_reason[hit] = f"credit: {kind}"
        credit |= hit
    caption_match = rules.caption.search(column, content)
    # a caption describes a photo in a sentence or two: a paragraph ending in initials "(Dam/Ysl)" is no caption
    caption = caption_match & ~byline & ~date & ~credit & (words <= rules.structure["caption_max_words"])
    taken = byline | date | credit | caption
    opener_any = rules.opener.search(column, content & ~taken) | rules.opener_alone.search(column, content & ~taken)
    opener = opener_any & (words >= rules.structure["opener_min_words"])
    return Cues(byline, byline_reason, date, credit, credit_reason, caption, opener, opener_any, caption_match)


def promoted_headlines(table: pd.DataFrame, column: pa.Array, rules: CleaningRules, furniture: np.ndarray,
                       blocked: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """Headlines right under a stand-alone promo heading ("Baca juga:").

    Parameters
    ----------
    table, column, rules
        As for :func:`line_cues`.
    furniture : ndarray of bool
        Lines claimed as site furniture (promo headings among them).
    blocked : ndarray of bool
        Lines that end a run of promoted headlines (cues, repeats, prose).

    Returns
    -------
    (ndarray of bool, Series of str)
        The run of short lines without final punctuation after each heading, and the reason.

    >>> t = page_lines(page_documents(pd.DataFrame({"doc_id": ["a"], "text": ["Baca Juga\\nKim Bertemu Putin"]})))
    >>> promoted_headlines(t, to_arrow(t["plain"]), cleaning_rules(), np.array([True, False]),
    ...                    np.zeros(2, dtype=bool))[0].tolist()
    [False, True]
    """
    plain, doc = table["plain"], table["doc"]
    heading = rules.promo_heading.search(column, furniture)
    scope = ~furniture | heading
    headline_like = (table["words"].le(rules.structure["promo_headline_max_words"]).to_numpy()
                     & ~plain.str.endswith((".", ":", ";")).to_numpy(dtype=bool) & ~blocked)
    breaks = pd.Series(heading | ~headline_like, index=table.index)[scope]
    segment = breaks.groupby(doc[scope], sort=False).cumsum()
    led = pd.Series(heading, index=table.index)[scope].groupby([doc[scope], segment], sort=False).transform("first")
    promoted = np.zeros(len(table), dtype=bool)
    promoted[scope] = led.to_numpy(dtype=bool)
    promoted &= ~heading & headline_like
    last_heading = plain.where(heading).groupby(doc, sort=False).ffill().fillna("")
    return promoted, "promoted headline after " + quote(last_heading)
