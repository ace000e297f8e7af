"""The cleaner's rules, compiled from ``data/furniture.yaml`` and ``data/outlets.yaml``.

Each section of ``furniture.yaml`` (site furniture, promo headings, end markers, body openers,
publication date lines, captions, credits, bylines, structure thresholds) and the outlet
profiles' furniture, datelines and bylines become one :class:`~analysis.re2.Rx` per rule: the
patterns of a section combined into one alternation, matched over whole columns with RE2.

Every pattern is checked as it is read: one that does not compile with Python re, or whose RE2
twin does not compile, raises :class:`analysis.re2.PatternError` naming the file, the entry
(``furniture.ad[0]``, ``outlets[Okezone].byline[0]``) and the pattern.

>>> bool(cleaning_rules().end_marker.python.match("Berita terkait"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import rules
from .dates.expressions import names_pattern, weekday_numbers, written_date_pattern
from .re2 import Rx, check_re2, noncapturing, remember_checked

__all__ = ["CleaningRules", "cleaning_rules"]

_FURNITURE, _OUTLETS = "furniture.yaml", "outlets.yaml"


@dataclass(frozen=True)
class CleaningRules:
    """The compiled cleaning rules (see ``data/furniture.yaml`` for each section).

    Parameters
    ----------
    furniture, outlet_furniture : tuple of (str, Rx)
        Site furniture by category, and each outlet profile's own.
    promo_heading, end_marker, opener, opener_alone, date_stamp : Rx
        Whole-line or searched rules of the sections of the same name.
    inline_promo : Rx
        A promo label inside a body paragraph, removed from the cleaned text.
    caption : Rx
        Searched: a trailing photo credit, as named group ``credit``.
    credits : tuple of (str, Rx)
        Credit lines by kind.
    byline, byline_label : Rx
        Bylines on one line, and a byline label alone on its line.
    outlet_byline : tuple of (str, Rx)
        Each outlet profile's bylines.
    structure : dict
        The thresholds of ``furniture.yaml`` ``structure``.

    Returns
    -------
    CleaningRules
        Made by :func:`cleaning_rules`.

    >>> len(cleaning_rules().furniture) >= 10
    True
    """

    furniture: tuple[tuple[str, Rx], ...]
    outlet_furniture: tuple[tuple[str, Rx], ...]
    promo_heading: Rx
    end_marker: Rx
    opener: Rx
    opener_alone: Rx
    date_stamp: Rx
    caption: Rx
    credits: tuple[tuple[str, Rx], ...]
    byline: Rx
    outlet_byline: tuple[tuple[str, Rx], ...]
    byline_label: Rx
    inline_promo: Rx
    structure: dict

    def all(self) -> list[tuple[str, Rx]]:
        """Every rule with a name (for checks and documentation)."""
        named = [("promo_heading", self.promo_heading), ("end_marker", self.end_marker),
                 ("opener", self.opener), ("opener_alone", self.opener_alone), ("date_stamp", self.date_stamp),
                 ("caption", self.caption), ("byline", self.byline), ("byline_label", self.byline_label),
                 ("inline_promo", self.inline_promo)]
        return ([(f"furniture: {c}", r) for c, r in self.furniture]
                + [(f"outlet furniture: {o}", r) for o, r in self.outlet_furniture]
                + [(f"credit: {k}", r) for k, r in self.credits]
                + [(f"outlet byline: {o}", r) for o, r in self.outlet_byline] + named)


# --------------------------------------------------------------------------- checked patterns

def _listed(patterns, file: str, entry: str, flags: int = 0) -> list[tuple[str, str, str]]:
    """``(pattern, file, entry[i])`` for a list of a data file, each pattern checked (Python and RE2)."""
    return [(check_re2(p, flags, file, f"{entry}[{i}]"), file, f"{entry}[{i}]") for i, p in enumerate(patterns or [])]


def _compiled(patterns, file: str, entry: str) -> list[tuple[str, str, str]]:
    """The same for compiled patterns (outlet profiles, metadata rules), case-insensitivity made explicit."""
    return [(_checked_text(p, file, f"{entry}[{i}]"), file, f"{entry}[{i}]") for i, p in enumerate(patterns)]


def _checked_text(p: re.Pattern, file: str, entry: str) -> str:
    """:func:`_pattern_text` of ``p``, its source checked (both engines) as written in ``file``."""
    check_re2(p.pattern, p.flags & re.I, file, entry)
    return _pattern_text(p)


def _pattern_text(p: re.Pattern) -> str:
    """The source of a compiled pattern, its case-insensitivity made explicit."""
    return f"(?i:{p.pattern})" if p.flags & re.I else p.pattern


def _rx(pattern: str, flags: int, file: str, entry: str, prefilter: str | None = None) -> Rx:
    """The rule of a combined ``pattern``, checked first (both engines) with ``file`` and ``entry`` named."""
    check_re2(pattern, flags, file, entry)
    if prefilter is not None:
        check_re2(prefilter, 0, file, entry + " (prefilter)")
    return Rx.of(pattern, flags, prefilter)


def _alternation(sources: list[tuple[str, str, str]], entry: str, *, whole_line: bool, flags: int = 0,
                 name: str | None = None, prefilter: str | None = None) -> Rx:
    """One rule matching any of ``sources`` (``(pattern, file, entry)``); ``entry`` names the whole."""
    body = "|".join(f"(?:{noncapturing(p)})" for p, _, _ in sources) or r"\b\B"
    if name:
        body = f"(?P<{name}>{body})"
    files = sorted({file for _, file, _ in sources}) or [_FURNITURE]
    return _rx(f"^(?:{body})$" if whole_line else body, flags, " + ".join(files), entry + " (combined)", prefilter)


# --------------------------------------------------------------------------- date cues
# The publication date line ("Rabu, 10 Januari 2024 11:25 WIB"): a written date of the shared
# date-expression layer (``dates.expressions``, the one the tagger and ``published`` read with),
# between the outlet-independent prefix and time of ``furniture.yaml``'s ``date_stamp``.

def _date_stamp_pattern(stamp: dict) -> str:
    """The whole-line pattern of a publication date line (``furniture.yaml`` ``date_stamp``)."""
    weekdays = names_pattern(weekday_numbers())
    prefix = check_re2(stamp["prefix"], re.I, _FURNITURE, "date_stamp.prefix")
    time_first = check_re2(stamp["time_first"], re.I, _FURNITURE, "date_stamp.time_first")
    time = check_re2(stamp["time"], re.I, _FURNITURE, "date_stamp.time")
    date_stamp = (f"{noncapturing(prefix)}{noncapturing(time_first)}(?:(?:{weekdays})\\s*,?\\s*)?{written_date_pattern()}"
                  f"{noncapturing(time)}\\s*")
    return f"^(?:{date_stamp})$"


# --------------------------------------------------------------------------- the rules

def _furniture(y: dict, profiles) -> dict:
    """The site furniture and promo-heading rules."""
    return {
        "furniture": tuple((cat, _alternation(_listed(pats, _FURNITURE, f"furniture.{cat}", re.I),
                                              f"furniture.{cat}", whole_line=True, flags=re.I))
                           for cat, pats in y["furniture"].items()),
        "outlet_furniture": tuple(
            (p.name, _alternation(_compiled(p.furniture, _OUTLETS, f"outlets[{p.name}].furniture"),
                                  f"outlets[{p.name}].furniture", whole_line=True, flags=re.I))
            for p in profiles if p.furniture),
        "promo_heading": _alternation(_listed(y["promo_heading"], _FURNITURE, "promo_heading", re.I),
                                      "promo_heading", whole_line=True, flags=re.I),
    }


def _boundaries(y: dict, meta: dict, profiles) -> dict:
    """Where the article ends and where its body opens."""
    openers = ([s for o in profiles for s in _listed([p.pattern for p in o.dateline], _OUTLETS,
                                                      f"outlets[{o.name}].dateline")]
               + _listed(y["body_openers"], _FURNITURE, "body_openers"))
    return {
        "end_marker": _alternation(_compiled(meta["article_end"], _OUTLETS, "generic.article_end")
                                   + _listed(y["end_markers"], _FURNITURE, "end_markers", re.I),
                                   "end_markers", whole_line=True, flags=re.I),
        "opener": _alternation(openers, "body_openers", whole_line=False, name="dateline",
                               prefilter=check_re2(y["body_opener_prefilter"], 0, _FURNITURE,
                                                   "body_opener_prefilter")),
        "opener_alone": _alternation(_listed(y["body_opener_alone"], _FURNITURE, "body_opener_alone"),
                                     "body_opener_alone", whole_line=True),
    }


def _credits(y: dict, meta: dict) -> dict:
    """Captions (a trailing photo credit) and credit lines."""
    credits = [(kind, _alternation(_listed(pats, _FURNITURE, f"credits.{kind}", re.I), f"credits.{kind}",
                                   whole_line=True, flags=re.I))
               for kind, pats in y["credits"].items()]
    credits.append(("wire name", _rx(rf"^(?:{names_pattern(meta['credit_names'])})\.?$", re.I, _OUTLETS,
                                     "generic.credit_names")))
    return {
        "caption": _alternation(_listed(y["caption_credits"], _FURNITURE, "caption_credits"), "caption_credits",
                                whole_line=False, name="credit"),
        "credits": tuple(credits),
    }


def _bylines(y: dict, meta: dict, profiles) -> dict:
    """Bylines: generic, the outlets' own, and labels alone on their line."""
    bylines = [(f"^(?:{noncapturing(p)})$", file, entry) for p, file, entry in _listed(y["bylines"], _FURNITURE,
                                                                                        "bylines")]
    labels = [(_checked_text(p, _OUTLETS, f"generic.byline_label.{key}"), _OUTLETS, f"generic.byline_label.{key}")
              for key, p in meta["byline_label"].items()]
    return {
        "byline": _alternation(_compiled(meta["byline"], _OUTLETS, "generic.byline") + bylines, "bylines",
                               whole_line=False),
        "outlet_byline": tuple((o.name, _alternation(_listed([p.pattern for p in o.byline], _OUTLETS,
                                                             f"outlets[{o.name}].byline"),
                                                     f"outlets[{o.name}].byline", whole_line=False))
                               for o in profiles if o.byline),
        "byline_label": _alternation(labels, "generic.byline_label", whole_line=False),
    }


@lru_cache(maxsize=None)
def cleaning_rules() -> CleaningRules:
    """Compile ``furniture.yaml`` with the outlet profiles and generic rules of ``outlets.yaml`` (cached).

    Parameters
    ----------
    None

    Returns
    -------
    CleaningRules
        Every rule checked and compiled; raises :class:`analysis.re2.PatternError` (naming the
        file, the entry and the pattern) for a pattern that does not compile.

    >>> bool(cleaning_rules().end_marker.python.match("Berita terkait"))
    True
    """
    y = rules.load_yaml(_FURNITURE)
    meta = rules.metadata_rules()
    profiles = rules.outlet_profiles()
    compiled = CleaningRules(
        **_furniture(y, profiles), **_boundaries(y, meta, profiles),
        date_stamp=_rx(_date_stamp_pattern(y["date_stamp"]), re.I, _FURNITURE, "date_stamp"),
        inline_promo=_rx(y["inline_promo"], re.I, _FURNITURE, "inline_promo"),
        **_credits(y, meta), **_bylines(y, meta, profiles),
        structure=dict(y["structure"]),
    )
    remember_checked()  # the next processes skip the RE2 check of these rules
    return compiled
