"""Read publication timestamps written the many ways Indonesian sites write them.

The reader is vectorised: it takes a Series of strings and tries a handful of
compiled layouts over the whole column (``Series.str.extract``), first match wins.

>>> read_published(pd.Series(["Jum'at, 27 Oktober 2023 |17:33 WIB", "13/09/2023, 10:15 WIB",
...                            "10-Sep-19 23:05", "Oktober 07, 2019", "kemarin"]))["published"].tolist()
['2023-10-27T17:33:00+07:00', '2023-09-13T10:15:00+07:00', '2019-09-10T23:05:00+07:00', '2019-10-07', '']

A value with a time of day but no zone is taken to be in ``default_tz`` (WIB);
a value with a date only stays a date (``2019-10-07``): no time is invented.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .rules import calendar

__all__ = ["read_published", "published_layouts"]

_TIME = (
    r"(?:[^\d\n]{0,12}?(?:pukul\s+|jam\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<tz>WIB|WITA|WIT|UTC|GMT|[+-]\d{2}:?\d{2}|Z))?)?"
)


@lru_cache(maxsize=None)
def published_layouts() -> tuple[re.Pattern, ...]:
    """The date layouts, most specific first, each followed by an optional time and zone."""
    months = sorted(calendar()["months"], key=len, reverse=True)
    mon = "(?P<mon>" + "|".join(re.escape(m) for m in months) + r")\.?"
    layouts = [
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:T|\s+|$)",  # 2019-09-17 21:12
        r"(?<!\d)(?P<d>\d{1,2})\s+" + mon + r",?\s+(?P<y>\d{4})\b",  # 27 Oktober 2023
        mon + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b",  # Oktober 07, 2019 / Oct 2, 2019
        r"(?<!\d)(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\b",  # 13/09/2023
        r"(?<!\d)(?P<d>\d{1,2})-" + mon + r"-(?P<y>\d{2})\b",  # 10-Sep-19
    ]
    return tuple(re.compile(layout + _TIME, re.IGNORECASE) for layout in layouts)


_COLUMNS = ["y", "m", "mon", "d", "H", "M", "S", "tz"]


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
    return found


def _zone(tz: pd.Series, default_tz: str) -> pd.Series:
    zones = calendar()["timezones"]
    tz = tz.fillna("").astype(str).str.upper()
    mapped = tz.map(zones)
    numeric = tz.str.replace(r"^([+-]\d{2}):?(\d{2})$", r"\1:\2", regex=True)
    numeric = numeric.where(tz.str.match(r"^[+-]\d{2}:?\d{2}$"))
    out = mapped.fillna(numeric).fillna(tz.map({"Z": "+00:00"}))
    return out.fillna(default_tz).astype(str)


def read_published(values: pd.Series, default_tz: str = "+07:00") -> pd.DataFrame:
    """Parse publication strings into ISO 8601 text.

    Returns a frame aligned with ``values`` with columns ``published`` (ISO text
    or ``""``) and ``readable`` (False where a non-empty value could not be read).
    """
    values = pd.Series(values, dtype=object)
    f = _extract(values)
    months = calendar()["months"]
    month = pd.to_numeric(f["m"], errors="coerce")
    month = month.fillna(f["mon"].str.lower().map(months)) if len(f) else month
    year = pd.to_numeric(f["y"], errors="coerce")
    year = year.where(year >= 100, year + 2000)
    day = pd.to_numeric(f["d"], errors="coerce")
    hour = pd.to_numeric(f["H"], errors="coerce")
    minute = pd.to_numeric(f["M"], errors="coerce")
    second = pd.to_numeric(f["S"], errors="coerce").fillna(0)
    dates = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    ) if len(f) else pd.Series(dtype="datetime64[ns]")
    valid_time = hour.between(0, 23) & minute.between(0, 59) & second.between(0, 59)
    date_text = dates.dt.strftime("%Y-%m-%d")
    clock = (
        hour.fillna(0).astype(int).astype(str).str.zfill(2) + ":"
        + minute.fillna(0).astype(int).astype(str).str.zfill(2) + ":"
        + second.astype(int).astype(str).str.zfill(2)
    )
    stamp = date_text + "T" + clock + _zone(f["tz"], default_tz)
    published = np.where(valid_time, stamp, date_text)
    published = pd.Series(published, index=values.index, dtype=object).where(dates.notna(), "")
    given = values.notna() & values.astype(str).str.strip().ne("")
    return pd.DataFrame(
        {"published": published.astype(str), "readable": ~given | published.ne("")},
        index=values.index,
    )
