"""Read publication timestamps written the many ways Indonesian sites write them.

The reader is vectorised: it takes a Series of strings and tries a handful of
compiled layouts over the whole column (``Series.str.extract``), first match wins.

>>> read_published(pd.Series(["Jum'at, 27 Oktober 2023 |17:33 WIB", "13/09/2023, 10:15 WIB",
...                            "10-Sep-19 23:05", "Oktober 07, 2019", "kemarin"]))["published"].tolist()
['2023-10-27T17:33:00+07:00', '2023-09-13T10:15:00+07:00', '2019-09-10T23:05:00+07:00', '2019-10-07', '']

A value with a time of day but no zone is taken to be in ``default_tz`` (WIB);
a value with a date only stays a date (``2019-10-07``): no time is invented.

Numeric dates (``9/10/2025``, ``09-10-25``, ``9.10.2025``) are read day/month or
month/day as the caller says (``dayfirst``); :func:`day_month_order` decides it for a
whole column from the column's own values, falling back on the source's convention
(``numeric_dates`` in ``data/calendar.yaml``: Indonesian sources write the day first)
only when they cannot tell. Impossible values (``2023-02-30``, year ``9999``, a UTC
offset of ``+25:00``, ``25:10`` o'clock) are refused: empty ``published`` and the
reason in ``problem``.

>>> read_published(pd.Series(["9999-12-31", "2023-02-30"]))["problem"].tolist()
['year 9999 is outside 1900..2100', 'there is no such date (day 30, month 2, year 2023)']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .config import DEFAULT_TZ
from .dates.expressions import (NUMERIC_DATE, clock_time_pattern, month_numbers, names_pattern, weekday_numbers,
                                zone_offsets, zone_pattern)
from .rules import calendar

__all__ = ["read_published", "published_layouts", "day_month_order", "DayMonthOrder", "NOT_A_DATE"]

#: ``problem`` of a non-empty value that matches no layout.
NOT_A_DATE = "could not be read as a date"


@lru_cache(maxsize=None)
def published_layouts() -> tuple[re.Pattern, ...]:
    """The date layouts, most specific first, each followed by an optional time and zone.

    Named groups: ``y`` year, ``m``/``mon`` month (number / name), ``d`` day; the numeric
    layouts name their first two fields ``f1``, ``f2``: which is the day is decided by
    the caller (``read_published(..., dayfirst=)``).

    Returns
    -------
    tuple of re.Pattern
        The compiled layouts (case-insensitive), compiled once and cached.

    Examples
    --------
    >>> found = next(m for p in published_layouts() if (m := p.match("27 Okt. 2023 14:05 WIB")))
    >>> found["d"], found["mon"], found["y"], found["H"], found["tz"]
    ('27', 'Okt', '2023', '14', 'WIB')
    """
    mon = "(?P<mon>" + names_pattern(month_numbers()) + r")\.?"
    layouts = [
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:T|\s+|$)",  # 2019-09-17 21:12
        r"(?<![\d/.])(?P<y>\d{4})(?P<ysep>[/.])(?P<m>\d{1,2})(?P=ysep)(?P<d>\d{1,2})(?![\d/.])",  # 2015/08/25, 2015.08.25
        r"(?<!\d)(?P<d>\d{1,2})\s+" + mon + r",?\s+(?P<y>\d{4})\b",  # 27 Oktober 2023
        mon + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b",  # Oktober 07, 2019 / Oct 2, 2019
        r"(?<!\d)(?P<f1>\d{1,2})[/.-](?P<f2>\d{1,2})[/.-](?P<y>\d{4})\b",  # 13/09/2023, 9/13/2023
        r"(?<!\d)(?P<d>\d{1,2})-" + mon + r"-(?P<y>\d{2}(?:\d{2})?)\b",  # 10-Sep-19, 03-Jan-2024
        # 13/09/23, 9-13-23: a two-digit year only with the same separator twice, not inside
        # a longer run of digits and separators (a version number, an amount)
        r"(?<![\w.,/:-])(?P<f1>\d{1,2})(?P<sep>[/.-])(?P<f2>\d{1,2})(?P=sep)(?P<y>\d{2})(?![\d/-]|\.\d)",
    ]
    time = clock_time_pattern()
    # a weekday written just before the date ("Senin, 3 Januari 2024", "Sat, 13 Jan 2024") is checked
    # (tried only where a letter starts: the names' alternation is not tried at every digit and space)
    weekday = r"(?:(?=[a-z])(?<![\w'’])(?P<wd>" + names_pattern(weekday_numbers()) + r")\.?,?\s*(?:\(\s*)?)?"
    return tuple(re.compile(weekday + layout + time, re.IGNORECASE) for layout in layouts)


@lru_cache(maxsize=None)
def _time_before() -> re.Pattern:
    """A time that opens the value (after a separator or a word of a date line: "Pukul",
    "Diperbarui"), then a separator, then the date (a weekday before it allowed): "14:05 WIB,
    3 Januari 2024", "10.15 | Rabu, 3/1/2024", "Pukul 14.05 WIB, Rabu (3/1/2024)"; not a score
    or an amount before other words ("Skor 21:10 - Persija menang, 3 Januari 2024")."""
    weekdays = names_pattern(weekday_numbers())
    lead = r"^[\s|•·–—-]*(?:(?:pukul|jam|diperbarui|diterbitkan|dipublikasikan|terbit|updated?|posted|published)\s*:?\s*)?"
    date = rf"(?:(?:{weekdays})\.?,?\s*(?:\(\s*)?)?(?=[0-9]|{names_pattern(month_numbers())})"
    return re.compile(lead + r"(?P<H>[0-9]{1,2})[:.](?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
                      rf"(?:\s*(?P<tz>{zone_pattern()}))?"
                      rf"\s*[,|•·–—-]\s*{date}", re.IGNORECASE)


_COLUMNS = ["wd", "y", "m", "mon", "d", "f1", "f2", "H", "M", "S", "ampm", "tz"]


def _extract(values: pd.Series) -> pd.DataFrame:
    found = pd.DataFrame(index=values.index, columns=_COLUMNS, dtype=object)
    todo = values.notna() & values.astype(str).str.strip().ne("")
    for layout in published_layouts():
        if not todo.any():
            break
        part = values[todo].astype(str).str.extract(layout)
        hit = part["y"].notna()
        part = part[hit].reindex(columns=_COLUMNS)
        found.loc[part.index] = part.to_numpy()
        todo.loc[part.index] = False
    untimed = found["y"].notna() & found["H"].isna()  # a time before the date, where none follows it
    if untimed.any():
        before = values[untimed].astype(str).str.extract(_time_before())
        before = before[_number(before["H"]).le(23) & _number(before["M"]).le(59)]  # else no time (25.10)
        found.loc[before.index, ["H", "M", "S", "tz"]] = before[["H", "M", "S", "tz"]].to_numpy()
    return found


def _years() -> tuple[int, int]:
    """The years a publication date may have (``calendar.yaml`` ``published_years``)."""
    years = calendar().get("published_years", {})
    return int(years.get("min", 1900)), int(years.get("max", 2100))


def _number(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").astype(float)


# --------------------------------------------------------------------------- day/month order

_NONE, _DAY_FIRST, _MONTH_FIRST, _EITHER = 0, 1, 2, 3


def _evidence(f: pd.DataFrame) -> np.ndarray:
    """Per extracted row: what a numeric date says about its order (``_DAY_FIRST``: only
    day/month can read it, ``_MONTH_FIRST``: only month/day, ``_EITHER``: both fields up
    to 12, ``_NONE``: not a numeric date, or neither order can read it)."""
    first, second = _number(f["f1"]), _number(f["f2"])
    is_month1, is_month2 = first.between(1, 12), second.between(1, 12)
    return np.select(
        [is_month1 & is_month2, first.between(13, 31) & is_month2, second.between(13, 31) & is_month1],
        [_EITHER, _DAY_FIRST, _MONTH_FIRST], _NONE,
    ).astype(np.int8)


def _convention() -> tuple[bool, str]:
    rule = calendar().get("numeric_dates", {})
    return bool(rule.get("day_first", True)), str(rule.get("convention", "the source's convention"))


def _order_name(dayfirst: bool) -> str:
    return "day/month" if dayfirst else "month/day"


@dataclass(frozen=True)
class DayMonthOrder:
    """The order numeric dates of one column are read in, and why.

    ``basis`` is ``"values"`` (the column's values decide it), ``"majority"`` (its values
    hold evidence for both orders; the values that contradict the majority are refused),
    ``"convention"`` (its numeric dates all have both fields up to 12) or ``"none"`` (it
    holds no numeric dates). The counts are of rows.

    Attributes
    ----------
    dayfirst : bool
        Read numeric dates day first.
    reason : str
        Why, in words (for the warning a user reads).
    basis : str
        ``"values"``, ``"majority"``, ``"convention"`` or ``"none"``.
    day_first, month_first, either : int
        Rows whose numeric date can only be day/month, only month/day, or either.
    """

    dayfirst: bool
    reason: str
    basis: str = "none"
    day_first: int = 0
    month_first: int = 0
    either: int = 0

    @property
    def name(self) -> str:
        """``"day/month"`` or ``"month/day"``."""
        return _order_name(self.dayfirst)

    @property
    def warn(self) -> bool:
        """True when the choice deserves a warning: undecidable or contradicted."""
        return self.basis in ("convention", "majority")


def _chunks(values) -> Iterable[pd.Series]:
    if isinstance(values, pd.Series):
        return [values]
    if isinstance(values, (list, tuple)) and values and all(isinstance(v, pd.Series) for v in values):
        return values
    if isinstance(values, (list, tuple, np.ndarray, pd.Index)):
        return [pd.Series(values, dtype=object)]
    return (v if isinstance(v, pd.Series) else pd.Series(v, dtype=object) for v in values)


def day_month_order(values, convention: bool | None = None) -> DayMonthOrder:
    """Decide whether the numeric dates of one column are day/month or month/day.

    A value whose first field is above 12 (``13/09/2023``) can only be day/month, one
    whose second field is above 12 (``9/13/2023``) only month/day. If the column holds
    evidence of one order only, that order is used; of both, the order of the majority
    of such rows (on a tie, the convention); of neither, the convention. ISO
    (``2023-09-13``) and month-name values are no evidence either way.

    Parameters
    ----------
    values : Series of str, list of str, or an iterable of Series
        The column; give it as chunks (e.g. read in batches) to decide over the whole
        column without holding it in memory.
    convention : bool or None
        ``True`` for day/month, ``False`` for month/day, used when the values cannot
        tell; ``None`` (default) for ``numeric_dates.day_first`` of ``data/calendar.yaml``
        (day/month, the Indonesian convention).

    Returns
    -------
    DayMonthOrder
        ``dayfirst`` (the order to pass to :func:`read_published`), ``reason`` (a
        sentence saying why), ``basis`` and the row counts; ``warn`` says whether the
        choice deserves a warning.

    Examples
    --------
    >>> day_month_order(pd.Series(["9/10/2025 14:05", "9/13/2025 08:00"])).name
    'month/day'
    >>> order = day_month_order(pd.Series(["9/10/2025", "2025-10-09"]))
    >>> order.dayfirst, order.warn, order.reason
    (True, True, 'day/month order cannot be told from its values (no field above 12); read as day/month, the Indonesian convention')
    """
    default, convention_name = _convention()
    if convention is not None:
        default, convention_name = bool(convention), "the convention given"
    counts, examples = _count_evidence(values)
    return _decide_order(counts, examples, default, convention_name)


def _count_evidence(values) -> tuple[dict[int, int], dict[int, str]]:
    """Rows of each kind of evidence (``_DAY_FIRST``, ``_MONTH_FIRST``, ``_EITHER``) in a
    column given whole or in chunks, and the first value of each kind."""
    counts = {_DAY_FIRST: 0, _MONTH_FIRST: 0, _EITHER: 0}
    examples: dict[int, str] = {}
    for chunk in _chunks(values):
        chunk = pd.Series(chunk, dtype=object)
        chunk = chunk[chunk.notna()].astype(str).str.strip()
        codes, uniques = pd.factorize(chunk[chunk.ne("")])
        if not len(uniques):
            continue
        weight = np.bincount(codes[codes >= 0], minlength=len(uniques))
        uniques = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        kind = np.full(len(uniques), _NONE, dtype=np.int8)
        numeric = uniques.str.contains(NUMERIC_DATE).to_numpy(dtype=bool)  # cheap: skip ISO, names
        kind[numeric] = _evidence(_extract(uniques[numeric]))
        for k in counts:
            hit = kind == k
            counts[k] += int(weight[hit].sum())
            if k not in examples and hit.any():
                examples[k] = str(uniques[np.flatnonzero(hit)[0]])
    return counts, examples


def _decide_order(counts: dict[int, int], examples: dict[int, str], default: bool,
                  convention_name: str) -> DayMonthOrder:
    """The order the evidence calls for, with the sentence that says why."""
    day, month, either = counts[_DAY_FIRST], counts[_MONTH_FIRST], counts[_EITHER]
    tally = {"day_first": day, "month_first": month, "either": either}
    if day and month:
        dayfirst = default if day == month else day > month
        why = "as many for each" if day == month else "the majority"
        why = f"{why}, {convention_name}" if day == month else why
        against = month if dayfirst else day
        return DayMonthOrder(
            dayfirst,
            f"its values hold evidence for both orders ({day} can only be day/month, e.g. "
            f"{examples[_DAY_FIRST]!r}; {month} only month/day, e.g. {examples[_MONTH_FIRST]!r}); "
            f"read as {_order_name(dayfirst)}, {why}, and the {against} value(s) that contradict it are refused",
            "majority", **tally)
    if day or month:
        dayfirst = bool(day)
        example = examples[_DAY_FIRST if dayfirst else _MONTH_FIRST]
        return DayMonthOrder(
            dayfirst,
            f"{example!r} has its {'first' if dayfirst else 'second'} field above 12: "
            f"read as {_order_name(dayfirst)}", "values", **tally)
    if either:
        return DayMonthOrder(
            default,
            f"day/month order cannot be told from its values (no field above 12); "
            f"read as {_order_name(default)}, {convention_name}", "convention", **tally)
    return DayMonthOrder(default, f"no numeric dates; read as {_order_name(default)}, {convention_name}",
                         "none", **tally)


# --------------------------------------------------------------------------- reading

def _zone(tz: pd.Series, default_tz: str) -> pd.Series:
    zones = zone_offsets()
    tz = tz.fillna("").astype(str).str.upper()
    mapped = tz.map(zones)
    tz = tz.str.replace(r"^(?:GMT|UTC)\s?([+-])(\d)(?!\d)", r"\g<1>0\2", regex=True)  # GMT+7: +07
    tz = tz.str.replace(r"^(?:GMT|UTC)\s?([+-]\d{2})$", r"\1:00", regex=True).str.replace(
        r"^(?:GMT|UTC)\s?([+-]\d{2}:?\d{2})$", r"\1", regex=True)
    numeric = tz.str.replace(r"^([+-]\d{2}):?(\d{2})$", r"\1:\2", regex=True).replace("-00:00", "+00:00")
    numeric = numeric.where(tz.str.match(r"^[+-]\d{2}:?\d{2}$"))
    out = mapped.fillna(numeric).fillna(tz.map({"Z": "+00:00"}))
    return out.fillna(default_tz).astype(str)


def _impossible_offset(zone: pd.Series) -> pd.Series:
    """True where an ``±HH:MM`` offset is beyond the largest in use or has minutes above 59."""
    codes, uniques = pd.factorize(zone)  # a column holds few distinct zones
    parts = pd.Series(uniques, dtype=object).str.extract(r"^[+-](?P<h>\d{2}):(?P<m>\d{2})$")
    hours, minutes = _number(parts["h"]), _number(parts["m"])
    limit = int(calendar().get("max_utc_offset_minutes", 14 * 60))
    bad = (minutes.gt(59) | (hours * 60 + minutes).gt(limit)).fillna(False).to_numpy(dtype=bool)
    return pd.Series(bad[codes] if len(uniques) else np.zeros(len(zone), dtype=bool), index=zone.index)


def _text(number: pd.Series) -> pd.Series:
    return number.astype("Int64").astype(str)


def read_published(values: pd.Series, default_tz: str = DEFAULT_TZ, dayfirst: bool | None = None,
                   numbers: bool = False) -> pd.DataFrame:
    """Parse publication strings into ISO 8601 text.

    Parameters
    ----------
    values : Series of str
        The values to read (one column).
    default_tz : str
        The UTC offset of a time given without a zone (WIB, ``+07:00``); a time given in UTC
        (``Z``, ``UTC``, ``GMT``, ``+00:00``) is shown in it too: the same instant, and its day
        there (a page's tags are read so as well).
    dayfirst : bool or None
        How to read numeric dates (``9/10/2025``): ``True`` day/month, ``False``
        month/day; ``None`` (default) the convention of ``data/calendar.yaml``
        (day/month). Decide it for a column with :func:`day_month_order`. A value that
        can only be read in the other order is refused, never read in it.
    numbers : bool
        Also read values that are a number only, as exports write them (not a line of a
        page): ``20240103``, ``202401031405`` and ``20240103140500`` (a date and time as
        written, GDELT's layout), ``1704265500`` (seconds since 1970, UTC) and
        ``1704265500000`` (milliseconds); a ten-digit number that is also a date and hour
        (``2024010314``) is refused: which it is cannot be told.

    Returns
    -------
    DataFrame
        Aligned with ``values``: ``published`` (ISO text or ``""``), ``readable`` (False
        where a non-empty value could not be read or is impossible) and ``problem`` (why
        not, ``""`` where read): :data:`NOT_A_DATE`, an impossible date, year, time of day
        or UTC offset, or a numeric date that contradicts ``dayfirst``.

    Examples
    --------
    >>> read_published(pd.Series(["9/10/2025 14:05", "9/13/2025"]), dayfirst=False)["published"].tolist()
    ['2025-09-10T14:05:00+07:00', '2025-09-13']
    >>> read_published(pd.Series(["9/13/2025", "2023-01-05 10:00 +25:00"]))["problem"].tolist()
    ['its second field is above 12, so it can only be month/day, and it is read as day/month', 'no such UTC offset (+25:00)']

    A 12-hour clock, a fraction of a second, and UTC shown in WIB:

    >>> read_published(pd.Series(["03/01/2024 02:05 PM", "3 Januari 2024 12.30 a.m.", "2024-01-06T20:05:00.750Z",
    ...                           "2024-01-03T14:05:00.5-05:00"]))["published"].tolist()
    ['2024-01-03T14:05:00+07:00', '2024-01-03T00:30:00+07:00', '2024-01-07T03:05:00+07:00', '2024-01-03T14:05:00-05:00']
    """
    if dayfirst is None:
        dayfirst = _convention()[0]
    values = pd.Series(values, dtype=object)
    reading = _read_fields(_extract(values), default_tz, dayfirst)
    given = values.notna() & values.astype(str).str.strip().ne("")
    ok = reading.matched & reading.dates.notna() & reading.time_ok & reading.zone_ok
    published = _stamps(reading, values.index, default_tz).where(ok, "")
    problem = _problems(reading, given & ~ok, dayfirst, values.index)
    if numbers:
        published, problem = _numbers(values, default_tz, published, problem)
    return pd.DataFrame(
        {"published": published.astype(str), "readable": ~given | published.ne(""), "problem": problem.astype(str)},
        index=values.index,
    )


#: A value that is a number only: a compact date (and time), or seconds or milliseconds since 1970.
_NUMBER = re.compile(r"[0-9]{8}(?:[0-9]{4}(?:[0-9]{2})?)?|[0-9]{10}(?:[0-9]{3})?")


def _numbers(values: pd.Series, default_tz: str, published: pd.Series, problem: pd.Series) -> tuple:
    """``published`` and ``problem`` with the values that are a number only read (see
    :func:`read_published`, ``numbers``)."""
    text = values.where(values.notna(), "").astype(str).str.strip()
    rows = text.str.fullmatch(_NUMBER)
    if not rows.any():
        return published, problem
    text = text[rows]
    compact = text.str.len().isin([8, 12, 14])
    parts = text[compact].str.extract(r"^([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2})?)?$")
    stamps = parts[0] + "-" + parts[1] + "-" + parts[2] + ("T" + parts[3] + ":" + parts[4] + ":"
                                                          + parts[5].fillna("00") + default_tz).fillna("")
    since = text[~compact]
    seconds = pd.to_numeric(since).astype("float64") / np.where(since.str.len().eq(13), 1000.0, 1.0)
    zone = pd.Timedelta(hours=int(default_tz[:3]), minutes=int(default_tz[0] + default_tz[4:6]))
    local = pd.to_datetime(seconds, unit="s") + zone
    stamps = pd.concat([stamps, local.dt.strftime("%Y-%m-%dT%H:%M:%S") + default_tz])
    # a stamp is checked as any value is (an impossible date or time, the year range): read again
    check = read_published(stamps, default_tz).reindex(text.index)
    # ten digits that are also a date of the years read and an hour (2024010314): seconds since 1970
    # or not cannot be told (1710011200, a year 1710, is seconds)
    low, high = _years()
    day = pd.to_datetime(since.str[:8], format="%Y%m%d", errors="coerce")
    hour = day.notna() & day.dt.year.between(low, high) & since.str[8:10].le("23")
    both = pd.Series(False, index=text.index)
    both[since.index] = (since.str.len().eq(10) & hour).to_numpy()
    published, problem = published.copy(), problem.copy()
    published[text.index] = check["published"].where(~both, "").to_numpy()
    problem[text.index] = check["problem"].where(~both, "a ten-digit number that reads both as seconds since "
                                                         "1970 and as a date and hour (YYYYMMDDHH)").to_numpy()
    return published, problem


@dataclass(frozen=True)
class _Reading:
    """The extracted fields of a column (``fields``, see :func:`_extract`), parsed and checked;
    every other attribute is a Series aligned with the column."""

    fields: pd.DataFrame
    matched: pd.Series
    day: pd.Series
    month: pd.Series
    year: pd.Series
    year_ok: pd.Series
    years: tuple[int, int]
    dates: pd.Series
    hour: pd.Series
    minute: pd.Series
    second: pd.Series
    has_time: pd.Series
    time_ok: pd.Series
    zone: pd.Series
    zone_ok: pd.Series
    contradicts: pd.Series
    other_day: pd.Series


def _read_fields(f: pd.DataFrame, default_tz: str, dayfirst: bool) -> _Reading:
    """The date, time and zone of each extracted row, and whether each is possible."""
    first, second = _number(f["f1"]), _number(f["f2"])
    day = _number(f["d"]).fillna(first if dayfirst else second)
    month = _number(f["m"]).fillna(second if dayfirst else first)
    month = month.fillna(f["mon"].str.lower().map(month_numbers()).astype(float)) if len(f) else month
    year = _number(f["y"])
    # two-digit years (10-Sep-19, 13/09/23) pivot as POSIX strptime does: 69-99 are 1969-1999
    year = year.where(f["y"].str.len().ne(2), year + np.where(year >= 69, 1900, 2000))
    low, high = _years()
    year_ok = year.between(low, high)
    hour, minute = _number(f["H"]), _number(f["M"])
    # a 12-hour clock: 12 AM is midnight, 1-11 PM are 13-23; only hours 0-12 can carry AM/PM
    half = f["ampm"].fillna("").astype(str).str.lower().str.replace(r"[.\s]", "", regex=True)
    twelve = half.ne("")
    hour = hour.where(~half.eq("pm") | hour.ge(12), hour + 12).where(~(half.eq("am") & hour.eq(12)), 0)
    clock_ok = ~twelve | _number(f["H"]).between(1, 12) | (half.eq("am") & _number(f["H"]).eq(0))
    second_of_minute = _number(f["S"]).fillna(0)
    dates = pd.to_datetime(
        pd.DataFrame({"year": year.where(year_ok), "month": month, "day": day}), errors="coerce"
    ) if len(f) else pd.Series(dtype="datetime64[ns]")
    has_time = hour.notna()
    time_ok = ~has_time | (hour.between(0, 23) & minute.between(0, 59) & second_of_minute.between(0, 59) & clock_ok)
    zone = _zone(f["tz"], default_tz)
    zone_ok = ~(has_time & _impossible_offset(zone))
    contradicts = pd.Series(_evidence(f) == (_MONTH_FIRST if dayfirst else _DAY_FIRST), index=f.index)
    weekday = f["wd"].str.lower().map(weekday_numbers()).astype(float) if len(f) else pd.Series(dtype=float)
    wrong = (weekday.notna() & dates.notna() & weekday.ne(dates.dt.day_of_week + 1)).astype(bool)
    other_day = pd.Series("", index=f.index, dtype=object)
    other_day[wrong] = dates[wrong].dt.strftime("%Y-%m-%d is a %A")
    dates = dates.where(~wrong)  # "Senin, 3 Januari 2024" (a Wednesday): which of the two is wrong cannot be told
    return _Reading(f, f["y"].notna(), day, month, year, year_ok, (low, high), dates, hour, minute,
                    second_of_minute, has_time, time_ok, zone, zone_ok, contradicts, other_day)


def _stamps(r: _Reading, index: pd.Index, default_tz: str) -> pd.Series:
    """ISO text of each row: the date, or the date, time and zone when a time is given; a UTC
    time is shown in ``default_tz`` (the same instant, as a page's tags are: its day can change)."""
    date_text = r.dates.dt.strftime("%Y-%m-%d")
    clock = (
        _text(r.hour.fillna(0)).str.zfill(2) + ":" + _text(r.minute.fillna(0)).str.zfill(2) + ":"
        + _text(r.second).str.zfill(2)
    )
    zone = r.zone
    utc = r.has_time & r.dates.notna() & r.time_ok & zone.eq("+00:00") & (default_tz != "+00:00")
    if utc.any():
        sign = -1 if default_tz.startswith("-") else 1
        shift = pd.Timedelta(hours=sign * int(default_tz[1:3]), minutes=sign * int(default_tz[4:6]))
        local = (r.dates[utc] + pd.to_timedelta(r.hour[utc] * 3600 + r.minute[utc] * 60 + r.second[utc], unit="s")
                 + shift)
        date_text, clock, zone = date_text.copy(), clock.copy(), zone.copy()
        date_text[utc], clock[utc], zone[utc] = local.dt.strftime("%Y-%m-%d"), local.dt.strftime("%H:%M:%S"), default_tz
    stamp = date_text + "T" + clock + zone
    return pd.Series(np.where(r.has_time, stamp, date_text), index=index, dtype=object)


def _problems(r: _Reading, refused: pd.Series, dayfirst: bool, index: pd.Index) -> pd.Series:
    """Why each ``refused`` row could not be read ('' for the others)."""
    f, zone, (low, high) = r.fields, r.zone, r.years
    problem = pd.Series("", index=index, dtype=object)
    checks = [  # the last true check of a row names its problem: list them least specific first
        (~r.zone_ok, lambda i: "no such UTC offset (" + zone[i] + ")"),
        (~r.time_ok, lambda i: "there is no such time of day (" + f.loc[i, "H"].astype(str) + ":"
         + f.loc[i, "M"].astype(str) + (":" + f.loc[i, "S"].astype(str)).where(f.loc[i, "S"].notna(), "")
         + (" " + f.loc[i, "ampm"].astype(str)).where(f.loc[i, "ampm"].notna(), "") + ")"),
        (r.dates.isna(), lambda i: "there is no such date (day " + _text(r.day[i]) + ", month "
         + _text(r.month[i]) + ", year " + _text(r.year[i]) + ")"),
        (~r.year_ok, lambda i: "year " + f.loc[i, "y"].astype(str) + f" is outside {low}..{high}"),
        (r.other_day.ne(""), lambda i: "its weekday (" + f.loc[i, "wd"].astype(str) + ") is not its date's ("
         + r.other_day[i] + "); which of the two is wrong cannot be told"),
        (r.contradicts, lambda i: pd.Series(
            f"its {'second' if dayfirst else 'first'} field is above 12, so it can only be "
            f"{_order_name(not dayfirst)}, and it is read as {_order_name(dayfirst)}", index=i)),
        (~r.matched, lambda i: pd.Series(NOT_A_DATE, index=i)),
    ]
    for failed, reason in checks:
        rows = refused & failed.astype(bool)
        if rows.any():
            rows_index = rows[rows].index
            problem.loc[rows_index] = reason(rows_index).astype(str).to_numpy()
    return problem
