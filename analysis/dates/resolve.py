"""Resolution: the slots of scanned mentions parsed, and dated against their anchors.

Vectorised with numpy ``datetime64`` over all matches at once:

* a year-less date or month takes the year that puts it closest to the anchor (ties go
  to the past); ``lalu``/``silam`` after it means on or before the anchor,
  ``mendatang``/``depan`` on or after, ``ini`` the anchor's year;
* a day name is the most recent such day on or before the anchor; with
  ``lalu``/``kemarin`` strictly before, with ``depan``/``mendatang``/``besok`` strictly
  after, with ``ini`` the one in the anchor's ISO week, with ``pekan lalu`` etc. the one
  in that week;
* ``pekan lalu`` is the ISO week before the anchor's, ``N pekan lalu`` the ISO week of
  anchor - 7N days; ``bulan``/``tahun`` by calendar arithmetic;
* ``awal``/``pertengahan``/``akhir`` set ``modifier`` START/MID/END and leave the value at
  the unit ("akhir pekan lalu", the weekend, is the previous week with END).

Slots are parsed per distinct form (``pd.factorize``), not per match.

>>> parse_timex("2023-W52")
(datetime.date(2023, 12, 25), datetime.date(2023, 12, 31))
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from .expressions import key
from .grammar import RELATIVE_RULES, Vocabulary

__all__ = ["Slots", "RowColumns", "resolve", "calendar_dates", "format_values", "parse_timex",
           "isin", "NAT"]

NAT = np.datetime64("NaT", "D")
SIGNS = {"past": -1.0, "this": 0.0, "future": 1.0}  # of the directions of deixis


def isin(values: np.ndarray, items: Iterable) -> np.ndarray:
    """Hash-based membership test (``np.isin`` sorts object arrays, which is slow).

    Parameters
    ----------
    values : numpy.ndarray
    items : iterable

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> isin(np.array(["year", "fixed"], dtype=object), ["fixed"]).tolist()
    [False, True]
    """
    return pd.Index(values, dtype=object).isin(list(items))


# --------------------------------------------------------------------------
# Slots: the groups of each match, parsed
# --------------------------------------------------------------------------

def _parse(values: np.ndarray, parse: Callable[[str], object],
           missing: object = None) -> np.ndarray:
    """``parse`` applied to each distinct form in ``values``, spread over the rows.

    Empty slots (None) get ``missing``; so do unknown forms (``parse`` returns None).
    """
    if values.dtype != object:  # a slot no match filled (see scanner.scan_texts)
        return np.full(len(values), missing, dtype=object)
    codes, forms = pd.factorize(values)
    parsed = [parse(form) for form in forms]
    table = np.array([missing if p is None else p for p in parsed] + [missing], dtype=object)
    return table[codes]  # code -1 (empty slot) takes the last entry


def _filled(values: np.ndarray) -> np.ndarray:
    """Mask of the rows where a slot was filled."""
    return pd.notna(values) if values.dtype == object else values


def _numbers(values: np.ndarray, parse: Callable[[str], float]) -> np.ndarray:
    """Float array of a numeric slot, NaN where the slot is empty."""
    return _parse(values, parse, np.nan).astype(float)


def _lookup(values: np.ndarray, table: dict) -> np.ndarray:
    """A slot mapped through a rule table (None where empty or unknown)."""
    return _parse(values, lambda form: table.get(key(form)))


def _full_year(digits: str) -> int:
    """Year from 4 digits, or from 2 ("19" -> 2019, "98" -> 1998)."""
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < 50 else 1900)


class RowColumns:
    """Mixin for frozen dataclasses of equally long arrays: ``where(mask)`` keeps some rows.

    Attributes
    ----------
    (those of the dataclass it is mixed into: equally long numpy arrays)

    Returns
    -------
    RowColumns
        (a mixin: see :class:`Slots`)

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Pair(RowColumns):
    ...     a: np.ndarray
    >>> Pair(np.array([1, 2])).where(np.array([False, True])).a.tolist()
    [2]
    """

    def where(self, mask: np.ndarray):
        """The rows where ``mask`` is True (``self`` when it is True everywhere)."""
        if mask.all():  # frozen: sharing the arrays is safe
            return self
        return type(self)(**{f.name: _keep(getattr(self, f.name), mask) for f in fields(self)})


def _keep(column, mask: np.ndarray):
    return column.where(mask) if isinstance(column, RowColumns) else column[mask]


@dataclass(frozen=True)
class Slots(RowColumns):
    """The slots of the scanned mentions, parsed; numbers are floats (NaN = not written).

    Parameters
    ----------
    rule, day, month, ... : numpy.ndarray
        One value per mention (see the comments of the fields); made by :meth:`parse`.

    Returns
    -------
    Slots

    Examples
    --------
    >>> from analysis.dates.grammar import compiled
    >>> from analysis.dates.scanner import scan_texts
    >>> vocabulary, tagger = compiled()
    >>> slots = Slots.parse(scan_texts(tagger, ["dua hari lalu, 12-17 Sept 2023"]), vocabulary)
    >>> slots.offset.tolist(), slots.is_range.tolist()
    ([-2.0, nan], [False, True])
    """

    rule: np.ndarray
    day: np.ndarray
    month: np.ndarray
    year: np.ndarray
    day2: np.ndarray
    month2: np.ndarray
    year2: np.ndarray
    weekday: np.ndarray       # ISO weekday 1-7
    direction: np.ndarray     # past / this / future / None, from a deictic word
    year_offset: np.ndarray   # "Oktober tahun lalu": -1
    week_offset: np.ndarray   # "Senin pekan lalu": -1
    unit: np.ndarray          # granularity of the unit noun
    offset: np.ndarray        # units from the anchor ("dua hari lalu": -2)
    modifier: np.ndarray      # START / MID / END / ""

    @classmethod
    def parse(cls, found: dict[str, np.ndarray], v: Vocabulary) -> "Slots":
        """The slot columns of :func:`~analysis.dates.scanner.scan_texts`, parsed with ``v``."""
        rule = found["rule"]
        direction = _lookup(found["deixis"], v.deixis)

        def sign(form: str) -> float | None:  # -1 / 0 / +1 for past / this / future
            return SIGNS.get(v.deixis.get(key(form)))

        signs = _numbers(found["deixis"], sign)
        counted = _numbers(found["num"], v.number) * _numbers(
            found["direction"], lambda form: v.count_directions[key(form)])
        fixed = _numbers(found["fixed"], lambda form: v.relative_days[key(form)])
        return cls(
            rule=rule,
            day=_numbers(found["day"], int), month=_numbers(found["month"], v.month),
            year=_numbers(found["year"], _full_year), day2=_numbers(found["day2"], int),
            month2=_numbers(found["month2"], v.month),
            year2=_numbers(found["year2"], _full_year),
            weekday=_numbers(found["weekday"], lambda form: v.weekdays[key(form)]),
            direction=direction,
            year_offset=_numbers(found["ydeixis"], sign),
            week_offset=np.where(_filled(found["wunit"]), signs, np.nan),
            unit=np.where(rule == "fixed", "day", _lookup(found["unit"], v.units)),
            offset=np.select([rule == "fixed", rule == "counted"], [fixed, counted],
                             signs),
            modifier=_parse(found["mod"], lambda form: v.modifiers[key(form)], ""),
        )

    @property
    def is_range(self) -> np.ndarray:
        """True for the mentions with an end (day2, month2 or year2)."""
        return ~(np.isnan(self.day2) & np.isnan(self.month2) & np.isnan(self.year2))



# --------------------------------------------------------------------------
# Calendar arithmetic (vectorised over all matches)
# --------------------------------------------------------------------------

def _year_of(dates: np.ndarray) -> np.ndarray:
    """Calendar year of datetime64 values as floats, NaN for NaT."""
    years = dates.astype("datetime64[Y]").astype("int64") + 1970
    return np.where(np.isnat(dates), np.nan, years)


def _month_starts(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """First day of each (year, month); NaT where either is NaN."""
    index = (year - 1970) * 12 + (month - 1)
    known = np.isfinite(index)
    months = np.where(known, index, 0).astype("int64").astype("datetime64[M]")
    return np.where(known, months.astype("datetime64[D]"), NAT)


def _span(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of the day, month or year given; NaT where invalid.

    The granularity is the finest part present: day if ``day`` is set, else
    month if ``month`` is set, else year.
    """
    has_day, has_month = ~np.isnan(day), ~np.isnan(month)
    month_start = _month_starts(year, np.where(has_month, month, 1))
    next_month = _month_starts(year, np.where(has_month, month, 1) + 1)
    the_day = month_start + np.where(has_day, day - 1, 0).astype("timedelta64[D]")
    the_day = np.where(the_day < next_month, the_day, NAT)
    start = np.where(has_day, the_day, month_start)
    end = np.where(has_day, the_day,
                   np.where(has_month, next_month, _month_starts(year + 1, np.ones_like(year)))
                   - np.timedelta64(1, "D"))
    return start, np.where(np.isnat(start), NAT, end)


def _pick_year(month, day, anchor, policy) -> np.ndarray:
    """Year for a year-less day/month: the anchor year -1, 0 or +1 chosen by policy.

    ``nearest``: closest span to the anchor (ties to the past); ``past``: latest
    span starting on or before the anchor; ``future``: earliest span ending on
    or after it; ``this``: the anchor's year. NaN where no candidate fits.
    """
    anchor_year = _year_of(anchor)
    shifts = np.array([-1.0, 0.0, 1.0])
    policies = [policy == "past", policy == "future", policy == "this"]
    scores = []
    for shift in shifts:
        start, end = _span(anchor_year + shift, month, day)
        distance = np.maximum.reduce([(start - anchor).astype(float),
                                      (anchor - end).astype(float), np.zeros(len(anchor))])
        score = np.select(policies,
                          [np.where(start <= anchor, -shift, np.inf),
                           np.where(end >= anchor, shift, np.inf),
                           np.where(shift == 0, 0.0, np.inf)], distance)
        scores.append(np.where(np.isnat(start) | np.isnat(anchor), np.inf, score))
    scores = np.stack(scores, axis=1)
    best = np.argmin(scores, axis=1)
    found = np.isfinite(scores[np.arange(len(best)), best])
    return np.where(found, anchor_year + shifts[best], np.nan)


def _iso_weekday0(days: np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday, for datetime64[D] values (1970-01-01 was a Thursday)."""
    return (days.astype("int64") + 3) % 7


def _weekday_dates(weekday, direction, week_offset, anchor) -> np.ndarray:
    """Date of a day name (ISO weekday 1-7) relative to the anchor."""
    target = np.nan_to_num(weekday - 1).astype("int64")
    today = _iso_weekday0(anchor)
    monday = anchor - today.astype("timedelta64[D]")
    back = np.select([direction == "past", direction == "future", direction == "this"],
                     [-((today - target - 1) % 7 + 1), (target - today - 1) % 7 + 1,
                      target - today], -((today - target) % 7))
    in_week = monday + (7 * np.nan_to_num(week_offset) + target).astype("timedelta64[D]")
    return np.where(~np.isnan(week_offset), in_week, anchor + back.astype("timedelta64[D]"))


def _shift(anchor, granularity, offset) -> np.ndarray:
    """Start of the unit ``offset`` days/weeks/months/years from the anchor's."""
    n = np.nan_to_num(offset).astype("int64")
    months = (anchor.astype("datetime64[M]") + n).astype("datetime64[D]")
    years = (anchor.astype("datetime64[Y]") + n).astype("datetime64[D]")
    days = anchor + np.where(granularity == "week", 7 * n, n).astype("timedelta64[D]")
    return np.select([granularity == "month", granularity == "year"], [months, years], days)


def _iso_weeks(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO year and week number of datetime64[D] values (the week of their Thursday)."""
    thursday = days + (3 - _iso_weekday0(days)).astype("timedelta64[D]")
    year = thursday.astype("datetime64[Y]")
    week = (thursday - year.astype("datetime64[D]")).astype("int64") // 7 + 1
    return year.astype("int64") + 1970, week


def format_values(start: np.ndarray, granularity: np.ndarray) -> np.ndarray:
    """TIMEX3-style value of each start date at its granularity ('' for NaT).

    Parameters
    ----------
    start : numpy.ndarray of datetime64[D]
        First day of each value.
    granularity : numpy.ndarray of str
        ``day``, ``week``, ``month`` or ``year``.

    Returns
    -------
    numpy.ndarray of str (object)

    >>> days = np.array(["2024-01-03", "2021-01-02", "NaT"], dtype="datetime64[D]")
    >>> format_values(days, np.array(["day", "week", "week"])).tolist()
    ['2024-01-03', '2020-W53', '']
    """
    values = np.full(len(start), "", dtype=object)
    known = ~np.isnat(start)
    for unit, code in (("day", "D"), ("month", "M"), ("year", "Y"), ("week", "")):
        rows = known & (granularity == unit)
        distinct, index = np.unique(start[rows], return_inverse=True)  # formatted once each
        if code:
            texts = np.datetime_as_string(distinct, unit=code).astype(object)
        else:
            year, week = _iso_weeks(distinct)
            texts = np.array([f"{y}-W{w:02d}" for y, w in zip(year.tolist(), week.tolist())],
                             dtype=object)
        values[rows] = texts[index]
    return values


def calendar_dates(s: Slots, anchor: np.ndarray):
    """Dates written with a day, month and/or year: (start, end, granularity, written, possible).

    Parameters
    ----------
    s : Slots
        The slots of the mentions.
    anchor : numpy.ndarray of datetime64[D]
        Each mention's anchor (NaT for none).

    Returns
    -------
    tuple of numpy.ndarray
        ``start``, ``end``, ``granularity``, ``written``, ``possible`` (below).

    Examples
    --------
    >>> from analysis.dates.grammar import compiled
    >>> from analysis.dates.scanner import scan_texts
    >>> vocabulary, tagger = compiled()
    >>> s = Slots.parse(scan_texts(tagger, ["30 Desember - 2 Januari 2024"]), vocabulary)
    >>> start, end, granularity, written, possible = calendar_dates(s, np.array([NAT]))
    >>> str(start[0]), str(end[0]), granularity.tolist()
    ('2023-12-30', '2024-01-02', ['day'])

    ``start``/``end`` are the first days of the first and last unit (equal for a
    single date). A range's start borrows what it lacks from its end ("12-17
    September 2023"); a missing year comes from the anchor; ``written`` says the
    year was in the text; ``possible`` is False for days no year has (30/2).
    """
    is_range = s.is_range
    day = np.where(is_range & ~np.isnan(s.day2), s.day2, s.day)
    month = np.where(is_range & ~np.isnan(s.month2), s.month2, s.month)
    year = np.where(is_range & ~np.isnan(s.year2), s.year2, s.year)
    written = ~np.isnan(year)
    policy = np.where(s.direction == None, "nearest", s.direction)  # noqa: E711
    if not np.isnat(anchor).all():
        year = np.where(written, year, _year_of(anchor) + s.year_offset)
        pick = ~written & np.isnan(s.year_offset)
        year[pick] = _pick_year(month[pick], day[pick], anchor[pick], policy[pick])
    end, _ = _span(year, month, day)
    start = end.copy()  # a single date starts where it ends; a range's start (r) is dated here
    r = is_range
    first_year = np.where(np.isnan(s.year[r]), year[r], s.year[r])
    first_month = np.where(np.isnan(s.month[r]), month[r], s.month[r])
    start[r], _ = _span(first_year, first_month, s.day[r])
    # "30 Desember - 2 Januari 2024" starts a year earlier,
    # "30 Desember 2023 - 2 Januari" ends a year later
    start[r] = np.where(np.isnan(s.year[r]) & (start[r] > end[r]),
                        _span(first_year - 1, first_month, s.day[r])[0], start[r])
    end[r] = np.where(np.isnan(s.year2[r]) & (end[r] < start[r]),
                      _span(year[r] + 1, month[r], day[r])[0], end[r])
    granularity = np.select([~np.isnan(day), ~np.isnan(month)], ["day", "month"], "year")
    possible = ~np.isnat(_span(np.full(len(day), 2000.0), month, day)[0])  # 2000: leap year
    return start, end, granularity, written, possible


def resolve(matches, anchors) -> dict[str, np.ndarray]:
    """Normalise the matches against their documents' anchors.

    Parameters
    ----------
    matches
        The scanned mentions (``doc``, ``row``, ``start``, ``end``, ``text``,
        ``context`` arrays and their :class:`Slots` ``slots``).
    anchors
        The anchor of each document: ``text`` and ``source`` arrays, ``days()``.

    Returns
    -------
    dict of str to numpy.ndarray
        Columns for the matches that are dates (not "31/2/2023"): where they are (doc,
        row, start, end), their text and context, value, granularity, kind, modifier,
        anchor and anchor_source.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from analysis.dates.grammar import compiled
    >>> from analysis.dates.scanner import scan_texts
    >>> vocabulary, tagger = compiled()
    >>> found = scan_texts(tagger, ["kemarin"])
    >>> matches = SimpleNamespace(doc=np.array([0]), row=found["row"], start=found["start"],
    ...     end=found["end"], text=np.array(["kemarin"], dtype=object),
    ...     context=np.array(["kemarin"], dtype=object), slots=Slots.parse(found, vocabulary))
    >>> anchors = SimpleNamespace(text=np.array(["2024-01-10"], dtype=object),
    ...     source=np.array(["published"], dtype=object),
    ...     days=lambda: np.array(["2024-01-10"], dtype="datetime64[D]"))
    >>> resolve(matches, anchors)["value"].tolist()
    ['2024-01-09']
    """
    anchor_text = anchors.text[matches.doc]
    anchor_source = anchors.source[matches.doc]
    anchor = anchors.days()[matches.doc]
    s = matches.slots
    is_weekday = s.rule == "weekday"
    is_relative = isin(s.rule, RELATIVE_RULES)
    is_calendar = ~(is_weekday | is_relative)
    is_range = is_calendar & s.is_range

    # each kind of mention is dated from its own slots, on its rows only
    is_shifted = ~(is_calendar | is_weekday)
    start, end = np.full(len(s.rule), NAT), np.full(len(s.rule), NAT)
    written, possible = np.zeros(len(s.rule), dtype=bool), np.ones(len(s.rule), dtype=bool)
    granularity = s.unit.astype(object)
    (start[is_calendar], end[is_calendar], granularity[is_calendar], written[is_calendar],
     possible[is_calendar]) = calendar_dates(s.where(is_calendar), anchor[is_calendar])
    granularity[is_weekday] = "day"
    w = s.where(is_weekday)
    start[is_weekday] = _weekday_dates(w.weekday, w.direction, w.week_offset, anchor[is_weekday])
    start[is_shifted] = _shift(anchor[is_shifted], granularity[is_shifted], s.offset[is_shifted])
    value = format_values(start, granularity)
    end_value = format_values(end[is_range], granularity[is_range])
    value[is_range] = np.where((value[is_range] != "") & (end_value != ""),
                               value[is_range] + "/" + end_value, "")
    kind = np.select([is_relative, is_weekday, is_range, written],
                     ["relative", "weekday", "range", "absolute"], "partial")
    keep = ~is_calendar | (possible & ~(written & (value == "")))
    columns = {
        "doc": matches.doc, "row": matches.row, "start": matches.start,
        "end": matches.end, "text": matches.text, "context": matches.context,
        "value": value, "granularity": granularity, "kind": kind, "modifier": s.modifier,
        "anchor": anchor_text, "anchor_source": anchor_source,
    }
    return columns if keep.all() else {name: column[keep] for name, column in columns.items()}


def parse_timex(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a TIMEX3-style value (or ``A/B`` interval).

    Parameters
    ----------
    value : str
        ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www`` or two of them joined by ``/``.

    Returns
    -------
    tuple of (datetime.date, datetime.date)

    Raises
    ------
    ValueError
        For a value of none of these forms.

    Examples
    --------
    >>> parse_timex("2023-W52")
    (datetime.date(2023, 12, 25), datetime.date(2023, 12, 31))
    >>> parse_timex("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> parse_timex("2023-09-12/2023-09-17")
    (datetime.date(2023, 9, 12), datetime.date(2023, 9, 17))
    """
    if "/" in value:
        first, last = value.split("/", 1)
        return parse_timex(first)[0], parse_timex(last)[1]
    m = re.fullmatch(r"(\d{4})(?:-W(\d{2})|-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        raise ValueError(f"not a TIMEX3 date value: {value!r}")
    year, week, month, day = (int(x) if x else None for x in m.groups())
    if week:
        return dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)
    if day:
        date = dt.date(year, month, day)
        return date, date
    if month:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)

