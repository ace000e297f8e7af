r"""The date expressions shared by every reader of dates: one home for each.

Month names, weekday names and time zones come from ``data/calendar.yaml``; this module
turns them (and the digit patterns of numeric dates and times of day) into the regex
pieces that the publication-date reader (:mod:`analysis.published`), the cleaning cues
(:mod:`analysis.clean`: date stamps) and the temporal tagger
(:mod:`analysis.dates.grammar`) build their patterns from.

* :func:`month_numbers`, :func:`weekday_numbers`, :func:`zone_offsets`: the calendar words.
* :func:`names_pattern`: a list of names as an alternation, longest first (for layouts
  that are searched with ``re.IGNORECASE``); :func:`word_trie`: word forms as a trie
  with word boundaries (for the tagger, which scans lower-cased text).
* :func:`clock_time_pattern`: an optional time of day and zone after a date;
  :func:`written_date_pattern`: a date written in full (name or numbers);
  :data:`NUMERIC_DATE`: what every numeric date holds.

>>> month_numbers()["okt"], weekday_numbers()["rabu"], zone_offsets()["WITA"]
(10, 3, '+08:00')
>>> bool(re.fullmatch(written_date_pattern(), "27 Okt. 2023", re.I))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..rules import calendar

__all__ = ["key", "month_numbers", "weekday_numbers", "zone_offsets", "names_pattern", "word_trie",
           "zone_pattern", "clock_time_pattern", "written_date_pattern", "NUMERIC_DATE"]

#: What any numeric date holds (``9/10/25``, ``9.10.2025``): a cheap test before the layouts.
NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


def key(form: str) -> str:
    """Lookup key of a surface form: lower case, single spaces, no final dot.

    Parameters
    ----------
    form : str
        A word form as written ("Okt.", "yang  lalu").

    Returns
    -------
    str
        The key the word tables are indexed by.

    Examples
    --------
    >>> key(" Yang  Lalu."), key("tgl.")
    ('yang lalu', 'tgl')
    """
    return " ".join(form.lower().split()).rstrip(".")


def month_numbers() -> Mapping[str, int]:
    """Month names and abbreviations (lower case, as in ``calendar.yaml``) -> month number.

    Returns
    -------
    Mapping of str to int
        Read-only (a view of the cached table: assigning to it raises ``TypeError``); in the order of
        ``calendar.yaml``.

    Examples
    --------
    >>> month_numbers()["pebruari"]
    2
    """
    return MappingProxyType(calendar()["months"])


def weekday_numbers() -> Mapping[str, int]:
    """Weekday names (lower case) -> ISO weekday number (Monday = 1).

    Returns
    -------
    Mapping of str to int
        Read-only (a view of the cached table: assigning to it raises ``TypeError``); in the order of
        ``calendar.yaml``.

    Examples
    --------
    >>> weekday_numbers()["minggu"]
    7
    """
    return MappingProxyType(calendar()["weekdays"])


def zone_offsets() -> Mapping[str, str]:
    """Time-zone names (upper case: WIB, WITA, WIT, UTC, GMT) -> UTC offset (``+07:00``).

    Returns
    -------
    Mapping of str to str
        Read-only (a view of the cached table); in the order of ``calendar.yaml``.

    Examples
    --------
    >>> zone_offsets()["WIB"]
    '+07:00'
    """
    return MappingProxyType(calendar()["timezones"])


def names_pattern(names: Iterable[str]) -> str:
    """An alternation of literal names, longest first (so "WITA" is tried before "WIT").

    Parameters
    ----------
    names : iterable of str
        The names (stable order among names of one length).

    Returns
    -------
    str
        ``name1|name2|...``, each escaped; wrap it in a group to use it.

    Examples
    --------
    >>> names_pattern(["jun", "juni", "jum'at"])
    "jum'at|juni|jun"
    """
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def word_trie(forms: Iterable[str], *, left: bool = True, right: bool = True) -> str:
    r"""Regex for a set of lower-case word forms, factored as a trie.

    Parameters
    ----------
    forms : iterable of str
        Lower-case forms; a space inside a form matches any whitespace.
    left, right : bool
        Add word boundaries before / after, that also hold after a final dot ("tgl.").

    Returns
    -------
    str
        The pattern. The trie makes a miss cost one character test per first letter
        instead of one per form.

    Examples
    --------
    >>> word_trie(["juni", "juli", "jun", "hari ini"])
    '(?<!\\w)(?:hari\\s+ini|ju(?:li|ni?))(?!\\w)'
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return (r"(?<!\w)" if left else "") + _trie_pattern(trie) + (r"(?!\w)" if right else "")


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    optional = "" in node
    if len(branches) == 1 and not (optional and len(branches[0]) > 1):
        return branches[0] + ("?" if optional else "")
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


def zone_pattern() -> str:
    """A time zone written after a time: a zone of ``calendar.yaml`` (WIB …), an offset
    ``+07:00``/``+0700``, or ``GMT+7``/``UTC+05:30`` (ASCII digits; no group).

    Returns
    -------
    str
        A pattern, to be used with ``re.IGNORECASE``.

    Examples
    --------
    >>> [bool(re.fullmatch(zone_pattern(), z, re.I)) for z in ("WIB", "+0700", "GMT+7", "Z")]
    [True, True, True, False]
    """
    zones = names_pattern(zone_offsets())
    return rf"(?:GMT|UTC)\s?[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?|{zones}|[+-][0-9]{{2}}:?[0-9]{{2}}"


def clock_time_pattern() -> str:
    """An optional time of day after a date: ``| 17:33 WIB``, ``, pukul 10.15``, ``T21:12:05+07:00``,
    ``T14:05:00.000Z``, ``02:05 PM``.

    Returns
    -------
    str
        A pattern (to be used with ``re.IGNORECASE``) with the named groups ``H``, ``M``,
        ``S`` (hours, minutes, seconds; a fraction of a second after them is matched and
        dropped), ``ampm`` (``AM``/``PM``, ``a.m.``; not ``PM`` before a capitalised word, a
        prime minister) and ``tz`` (a zone of ``calendar.yaml``, an offset ``+07:00``/``+0700``,
        ``GMT+7`` or ``Z``); it also matches nothing.

    Examples
    --------
    >>> re.match(clock_time_pattern(), " |17:33 WIB", re.I).group("H", "M", "tz")
    ('17', '33', 'WIB')
    >>> re.match(clock_time_pattern(), "T14:05:00.000Z", re.I).group("H", "S", "tz")
    ('14', '00', 'Z')
    >>> re.match(clock_time_pattern(), " 02.05 p.m. WITA", re.I).group("H", "ampm", "tz")
    ('02', 'p.m.', 'WITA')
    """
    zones = names_pattern(zone_offsets())
    # AM/PM: "p.m." (a zone may follow at once) or "pm" as a word, not "PM" before a name ("PM Anwar")
    half = r"(?P<ampm>[ap]\.\s?m\.|[ap]\.?\s?m(?![a-z]))(?!\s+(?-i:[A-Z][a-z]))"
    return (r"(?:[^\d\n]{0,12}?(?:pukul\s+|jam\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})"
            rf"(?::(?P<S>\d{{2}})(?:[.,]\d+)?)?(?:\s*{half})?"
            rf"(?:\s*(?P<tz>{zone_pattern()}|Z))?)?")


def written_date_pattern() -> str:
    """A date written in full: ``27 Oktober 2023``, ``Oct 2, 2019``, ``13/09/2023``, ``2019-09-17``.

    Returns
    -------
    str
        A pattern without groups (to be used with ``re.IGNORECASE``) for a day, a month
        name or abbreviation (with an optional dot) and a year, either order; a numeric
        day/month/year; or an ISO date.

    Examples
    --------
    >>> [bool(re.fullmatch(written_date_pattern(), text, re.I))
    ...  for text in ["Oktober 07, 2019", "13/09/23", "2019-09-17", "Oktober 2019"]]
    [True, True, True, False]
    """
    months = names_pattern(month_numbers())
    return (rf"(?:\d{{1,2}}\s+(?:{months})\.?,?\s+\d{{4}}|(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}"
            rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}})")
