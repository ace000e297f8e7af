"""Rule-based Indonesian temporal tagger: date mentions in news lines.

Finds date expressions in the labelled ``lines`` of news pages and normalises
each to a TIMEX3-style value:

* ``YYYY-MM-DD`` (day): 27 Oktober 2023, Sabtu (23/9/2023), kemarin, pada hari Rabu
* ``YYYY-Www`` (ISO week): pekan lalu, awal pekan ini, dua pekan lalu
* ``YYYY-MM`` (month): September 2023, bulan lalu, awal Oktober
* ``YYYY`` (year): pada 2006, tahun lalu, awal tahun 2022
* ``A/B``, an ISO 8601 interval of two such values (range): 12-17 September 2023

Pipeline position::

    lines (doc_id, line_no, label, text) + documents (doc_id, published, outlet)
      -> find_mentions -> timeline / lookback

How it works
------------
* **Rules as data.** Month and weekday names come from ``data/calendar.yaml``;
  relative words, modifiers, number words, units, cue words and
  false-positive guards from ``data/temporal.yaml``. Word lists are compiled
  into tries, and the grammar (:func:`_build_tagger`) into one regular
  expression: an ordered alternation of named rules (range, weekday + date,
  ISO, numeric, day-month, month, counted unit, deictic unit, weekday, fixed
  relative day, year) behind a cheap gate.
* **Scanning.** The selected lines of a batch are joined and scanned in one
  ``finditer`` pass over their ASCII-lower-cased text; Python touches only
  the matches, and their slots (day, month, deictic word, ...) are parsed per
  distinct form (``pd.factorize``), not per match.
* **Anchor.** Relative and year-less mentions are resolved against the
  document's anchor: the local date of ``published``; if the page states none,
  the latest explicit full date (day, month and year) in its content lines
  (labels body, caption, dateline, byline); else none.
* **Resolution** is vectorised with numpy ``datetime64``:

  - a year-less date or month takes the year that puts it closest to the
    anchor (ties go to the past); ``lalu``/``silam`` after it means on or
    before the anchor, ``mendatang``/``depan`` on or after, ``ini`` the
    anchor's year;
  - a day name is the most recent such day on or before the anchor; with
    ``lalu``/``kemarin`` strictly before, with ``depan``/``mendatang``/``besok``
    strictly after, with ``ini`` the one in the anchor's ISO week, with
    ``pekan lalu`` etc. the one in that week;
  - ``pekan lalu`` is the ISO week before the anchor's, ``N pekan lalu`` the
    ISO week of anchor - 7N days; ``bulan``/``tahun`` by calendar arithmetic;
  - ``awal``/``pertengahan``/``akhir`` set ``modifier`` START/MID/END and leave
    the value at the unit ("akhir pekan lalu", the weekend, is the previous
    week with END).

Decisions
---------
* Mention text follows the gold: it includes ``tanggal``, ``bulan``,
  ``tahun``, modifiers and the weekday of a dated day ("Selasa, 9 Januari
  2024"), and ``pada`` only directly before a unit noun ("pada hari Jumat",
  "Pada tahun lalu"); other cue words are left out ("pada 2006" -> "2006").
* Without an anchor, mentions that need one are still reported, with an
  empty ``value`` and their ``kind``, so they can be counted and audited;
  ``timeline`` and ``lookback`` skip empty values.
* Not mentions: vague expressions ("beberapa hari lalu", "saat ini", "kini"),
  times of day ("pukul 10.15 WIB"), hours ("3 jam lalu"), bare numbers
  ("40 negara"; a 4-digit year needs a cue such as "pada", "sejak", "tahun"
  or a month), law citations ("UU Nomor 30 Tahun 2002"), habits ("setiap
  Senin"), impossible dates ("31 Februari 2023").
* "minggu lalu/ini/depan" is a week, even capitalised; "Minggu" is Sunday
  after "hari", before a date or a time of day, or capitalised mid-sentence.
  Other day names without "hari" must be capitalised ("Rabu", not "rabu").

Example
-------
>>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2],
...     "label": ["body", "body"],
...     "text": ["Menlu tiba pada hari Rabu ini.", "Rudal ditembakkan pekan lalu."]})
>>> documents = pd.DataFrame({"doc_id": ["a"],
...     "published": ["2024-01-10T11:25:00+07:00"], "outlet": ["Tempo.co"]})
>>> find_mentions(lines, documents)[["text", "value", "granularity", "kind"]]
                 text       value granularity      kind
0  pada hari Rabu ini  2024-01-10         day   weekday
1          pekan lalu    2024-W01        week  relative
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import yaml

__all__ = [
    "estimated_publication",
    "ANCHOR_LABELS",
    "MENTION_COLUMNS",
    "document_anchors",
    "find_mentions",
    "lookback",
    "parse_timex",
    "timeline",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

MENTION_COLUMNS = ["doc_id", "line_no", "text", "value", "granularity", "kind",
                   "modifier", "anchor", "anchor_source", "context"]
TIMELINE_COLUMNS = ["value", "granularity", "documents", "mentions",
                    "first_published", "outlets"]
LOOKBACK_COLUMNS = ["doc_id", "outlet", "value", "granularity", "anchor", "days_back"]

#: Labels of the lines searched for an anchor date when ``published`` is empty.
ANCHOR_LABELS = ("body", "caption", "dateline", "byline")
CONTEXT_CHARS = 60

# Slots the grammar fills; each rule fills some of them.
SLOTS = ("day", "month", "year", "day2", "month2", "year2", "weekday", "wunit",
         "deixis", "ydeixis", "unit", "num", "direction", "fixed", "mod")
RELATIVE_RULES = ("counted", "deictic", "fixed")
ANCHORED_RULES = (*RELATIVE_RULES, "weekday")  # rules that always need an anchor
SKIP = "skip"  # rule whose matches are known non-dates
CASED = "cased"  # marker of grammar branches that must be capitalised in the text
LINE_BREAK = "\x00"  # joins the lines of a batch for scanning


# --------------------------------------------------------------------------
# Rules: word lists from YAML and the grammar built from them
# --------------------------------------------------------------------------

def _key(form: str) -> str:
    """Lookup key of a surface form: lower case, single spaces, no final dot."""
    return " ".join(form.lower().split()).rstrip(".")


def _forms(forms: Iterable[str]) -> tuple[str, ...]:
    """Word forms as the grammar sees them: lower case, single spaces (dots kept)."""
    return tuple(" ".join(str(form).lower().split()) for form in forms)


def _words(forms: Iterable[str], *, left: bool = True, right: bool = True) -> str:
    r"""Regex for a set of lower-case word forms, factored as a trie.

    A space inside a form matches any whitespace; ``left``/``right`` add word
    boundaries that also hold after a final dot ("tgl."). The trie makes a
    miss cost one character test per first letter instead of one per form.

    >>> _words(["juni", "juli", "jun", "hari ini"])
    '(?<!\\w)(?:hari\\s+ini|ju(?:li|ni?))(?!\\w)'
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not (optional and len(branches[0]) > 1):
            return branches[0] + ("?" if optional else "")
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return (r"(?<!\w)" if left else "") + pattern(trie) + (r"(?!\w)" if right else "")


@dataclass(frozen=True)
class Vocabulary:
    """Word lists and rule tables, keyed by :func:`_key` forms."""

    months: dict[str, int]
    standalone_months: tuple[str, ...]
    weekdays: dict[str, int]
    sunday: str
    times_of_day: tuple[str, ...]
    units: dict[str, str]
    deictic_units: tuple[str, ...]
    deixis: dict[str, str]
    relative_days: dict[str, int]
    count_directions: dict[str, int]
    number_words: dict[str, int]
    one_prefix: str
    modifiers: dict[str, str]
    cues: tuple[str, ...]
    day_prefixes: tuple[str, ...]
    range_symbols: tuple[str, ...]
    range_words: tuple[str, ...]
    count_nouns: tuple[str, ...]
    vague_quantities: tuple[str, ...]
    weekday_not_after: tuple[str, ...]
    citation_words: tuple[str, ...]
    year_not_before: tuple[str, ...]
    preposition: str

    @classmethod
    def from_yaml(cls, calendar_path: Path, temporal_path: Path) -> "Vocabulary":
        calendar = yaml.safe_load(calendar_path.read_text(encoding="utf-8"))
        rules = yaml.safe_load(temporal_path.read_text(encoding="utf-8"))
        excluded = {k: {_key(f) for f in v} for k, v in rules["prose_exclude"].items()}
        months = {_key(f): int(n) for f, n in calendar["months"].items()
                  if _key(f) not in excluded["months"]}
        need_context = {_key(f) for f in rules["month_forms_need_day_or_year"]}
        weekdays = {_key(f): int(n) for f, n in calendar["weekdays"].items()
                    if _key(f) not in excluded["weekdays"]}
        guards = rules["guards"]
        return cls(
            months=months,
            standalone_months=tuple(f for f in months if f not in need_context),
            weekdays=weekdays,
            sunday=_key(rules["sunday_word"]),
            times_of_day=_forms(rules["times_of_day"]),
            units={_key(k): v for k, v in rules["units"].items()},
            deictic_units=_forms(rules["deictic_units"]),
            deixis={_key(k): v for k, v in rules["deixis"].items()},
            relative_days={_key(k): int(v) for k, v in rules["relative_days"].items()},
            count_directions={_key(k): int(v) for k, v in rules["count_directions"].items()},
            number_words={_key(k): int(v) for k, v in rules["number_words"].items()},
            one_prefix=_key(rules["one_prefix"]),
            modifiers={_key(k): v for k, v in rules["modifiers"].items()},
            cues=_forms(rules["cues"]),
            day_prefixes=_forms(rules["day_prefixes"]),
            range_symbols=_forms(rules["range_connectors"]["symbols"]),
            range_words=_forms(rules["range_connectors"]["words"]),
            count_nouns=_forms(guards["count_nouns"]),
            vague_quantities=_forms(guards["vague_quantities"]),
            weekday_not_after=_forms(guards["weekday_not_after"]),
            citation_words=_forms(guards["citation_words"]),
            year_not_before=_forms(guards["year_not_before"]),
            preposition=_key(rules["unit_preposition"]),
        )

    def number(self, form: str) -> int:
        """Value of N in a counted unit: digits, a number word or the prefix ``se``."""
        key = _key(form)
        if key.isdigit():
            return int(key)
        return 1 if key == self.one_prefix else self.number_words[key]

    def noun(self, granularity: str) -> str:
        """Regex for the unit noun(s) of a granularity ("hari", "pekan|minggu", ...)."""
        return _words(u for u, g in self.units.items() if g == granularity)

    def month(self, form: str) -> int:
        """Month number of a month name, abbreviation or 1-2 digit number."""
        key = _key(form)
        return int(key) if key.isdigit() else self.months[key]


class _Grammar:
    """Builds one alternation of named rules; slot groups are numbered per rule.

    Each rule ``r`` is the group ``(?P<r>...)``; inside it, ``g(slot, pattern)``
    makes the group ``r__slot__k``. A rule may fill a slot from several
    branches; the first branch that matched wins. The empty group
    ``g(CASED, "")`` marks a branch whose match must start with a capital
    letter in the original text. ``gate`` comes first: it
    consumes the non-word character before a mention and looks ahead for a
    digit or a word some rule can start with, so most positions fail at once.
    """

    def __init__(self, gate: str) -> None:
        self._gate = gate
        self._parts: list[str] = []
        self._groups: dict[str, list[tuple[str, str]]] = {}

    def rule(self, name: str, build: Callable[[Callable[[str, str], str]], str]) -> None:
        groups: list[tuple[str, str]] = []

        def g(slot: str, pattern: str) -> str:
            group = f"{name}__{slot}__{len(groups)}"
            groups.append((group, slot))
            return f"(?P<{group}>{pattern})"

        self._parts.append(f"(?P<{name}>{build(g)})")
        self._groups[name] = groups

    def compile(self) -> "Tagger":
        regex = re.compile(self._gate + "(?:" + "|".join(self._parts) + ")")
        specs = {}
        for name, groups in self._groups.items():
            slots = [(g, slot) for g, slot in groups if slot != CASED]
            columns: dict[str, list[int]] = defaultdict(list)  # slot -> positions in m.group()
            for position, (_, slot) in enumerate(slots, start=1):
                columns[slot].append(position)
            specs[name] = (regex.groupindex[name], tuple(regex.groupindex[g] for g, _ in slots),
                           dict(columns),
                           tuple(regex.groupindex[g] for g, slot in groups if slot == CASED))
        return Tagger(regex, specs)


@dataclass(frozen=True)
class Tagger:
    """The compiled grammar and, per rule: its group, its slot groups, for each
    slot the positions of its groups in ``m.group(rule, *slot_groups)``, and
    its CASED marker groups."""

    regex: re.Pattern
    specs: dict[str, tuple[int, tuple[int, ...], dict[str, list[int]], tuple[int, ...]]]

    def scan(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Mentions in a batch of lines: columns row (line index), start, end, rule and slots.

        The lines are joined with LINE_BREAK (which no rule crosses), folded to
        lower case and scanned in one pass; Python only collects each match's
        groups, which are merged into slots afterwards, rule by rule. Matches
        of CASED branches that are not capitalised in the original are dropped.
        """
        joined = LINE_BREAK + LINE_BREAK.join(texts)
        if joined.count(LINE_BREAK) > max(len(texts), 1):  # a line holds the separator itself
            texts = [text.replace(LINE_BREAK, " ") for text in texts]
            joined = LINE_BREAK + LINE_BREAK.join(texts)
        starts, ends, rules = [], [], []
        groups_by_rule: dict[str, list[tuple]] = defaultdict(list)
        index_by_rule: dict[str, list[int]] = defaultdict(list)
        for m in self.regex.finditer(_fold(joined)):
            rule = m.lastgroup
            group, slot_groups, _, cased = self.specs[rule]
            start = m.start(group)
            if rule == SKIP or (cased and not joined[start].isupper()
                                and any(m.start(i) >= 0 for i in cased)):
                continue
            index_by_rule[rule].append(len(starts))
            groups_by_rule[rule].append(m.group(group, *slot_groups))
            starts.append(start)
            ends.append(m.end())
            rules.append(rule)
        columns = {slot: np.full(len(starts), None, dtype=object) for slot in SLOTS}
        for rule, found in groups_by_rule.items():
            values = list(zip(*found))  # one tuple per group of the rule
            for slot, positions in self.specs[rule][2].items():
                merged = values[positions[0]]
                for position in positions[1:]:  # the first branch that matched wins
                    merged = [a if a is not None else b for a, b in zip(merged, values[position])]
                columns[slot][index_by_rule[rule]] = merged
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        line_starts = np.cumsum(lengths + 1) - lengths  # just after each LINE_BREAK
        starts, ends = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        rows = np.searchsorted(line_starts, starts, side="right") - 1
        return {"row": rows, "start": starts - line_starts[rows], "end": ends - line_starts[rows],
                "rule": np.array(rules, dtype=object), **columns}


def _fold(text: str) -> str:
    """Lower-case the ASCII letters of ``text``; every character keeps its offset.

    The vocabulary is ASCII, so this is all the case folding the grammar
    needs, and bytes.lower() is several times faster than str.lower().

    >>> _fold("İSTANBUL, Rabu 9 JANUARI")
    'İstanbul, rabu 9 januari'
    """
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _build_tagger(v: Vocabulary) -> Tagger:
    """The grammar: an ordered list of rules (at one position, the first rule wins)."""
    not_in_number = r"(?<!\d)(?<!\d[.,])"  # "1,25 Oktober" is no date, ",25 Oktober" is
    day = not_in_number + r"(?<!/)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
    month_number = r"(?:1[0-2]|0?[1-9])(?!\d)"
    year = not_in_number + r"(?:19\d\d|20\d\d|2100)(?!\d)(?![.,]\d)"
    short_year = rf"(?:{year}|(?<!\d)\d\d(?!\d))"  # only in "Sabtu (14/9/19)"
    number = not_in_number + r"\d{1,3}(?!\d)(?![.,]\d)"
    month_any = _words(v.months) + r"(?:\.(?=\s*\d))?"
    month_alone = _words(v.standalone_months)
    weekday_any = _words(v.weekdays)
    weekday_bare = _words(w for w in v.weekdays if w != v.sunday)
    sunday = _words([v.sunday])
    day_noun, week_noun, month_noun, year_noun = map(v.noun, ("day", "week", "month", "year"))
    preposition = _words([v.preposition])
    deixis = _words(v.deixis)
    modifier = _words(v.modifiers)
    times_of_day = _words(v.times_of_day)
    day_prefix = r"(?:" + _words(v.day_prefixes) + r"\s+)?"
    on_day = rf"(?:(?:{preposition}\s+)?{day_noun}\s+)"  # "pada hari", "hari"
    connector = (r"(?:\s*(?:" + "|".join(map(re.escape, v.range_symbols)) + r")\s*"
                 r"|\s+" + _words(v.range_words) + r"\s+)")
    after_cue = "(?:" + "|".join(rf"(?<=(?<!\w){re.escape(c)}\s)" for c in v.cues) + ")"
    def not_after(words: Iterable[str]) -> str:  # one fixed-width lookbehind per word
        return "".join(rf"(?<!{re.escape(w)}\s)" for w in words)

    not_counted = r"(?<!\d\s)" + not_after([*v.vague_quantities, *v.number_words])
    not_habit = not_after(v.weekday_not_after)
    not_count = (rf"(?!\s*{_words(v.year_not_before, left=False)})"
                 rf"(?!\s+{_words(v.count_nouns)})")

    def year_part(g):  # after a month: 2023 | tahun 2023 | tahun lalu | lalu
        return (rf"(?:\s+(?:{year_noun}\s+)?{g('year', year)}"
                rf"|\s+{year_noun}\s+{g('ydeixis', deixis)}|\s+{g('deixis', deixis)})")

    def day_month(g):  # 9 Januari 2024 | tanggal 25 Oktober
        return rf"{day_prefix}{g('day', day)}\s+{g('month', month_any)}(?:\s+{g('year', year)})?"

    def day_slash(g):  # 23/9/2023 | 11/9 | 14/09/19
        return (rf"{g('day', day)}\s*/\s*{g('month', month_number)}"
                rf"(?:\s*/\s*{g('year', short_year)})?")

    def numeric(g):  # 23/9/2023 | 23-9-2023
        return "|".join(rf"{g('day', day)}{sep}{g('month', month_number)}{sep}{g('year', year)}"
                        for sep in "/-")

    first_words = {*v.months, *v.weekdays, *v.units, *v.modifiers, *v.day_prefixes,
                   *v.citation_words, *(v.one_prefix + u for u in v.units),
                   *(f"{v.preposition} {u}" for u in v.units),
                   *(w.split()[0] for w in [*v.number_words, *v.relative_days])}
    grammar = _Grammar(gate=rf"[^\w](?=\d|{_words(first_words, left=False)})")
    # Not dates: law citations "UU Nomor 30 Tahun 2002" (matched, then dropped).
    grammar.rule(SKIP, lambda g: (
        rf"{_words(v.citation_words)}\s*\d+[\w./-]*\s+{year_noun}\s+{year}"))
    # 12-17 September 2023 | 30 September - 2 Oktober 2023 | Januari-Maret 2023
    grammar.rule("range", lambda g: (
        day_prefix + "(?:"
        + rf"{g('day', day)}{connector}{g('day2', day)}\s+{g('month2', month_any)}"
        + rf"(?:\s+{g('year2', year)})?"
        + rf"|{g('day', day)}\s+{g('month', month_any)}(?:\s+{g('year', year)})?"
        + rf"{connector}{g('day2', day)}\s+{g('month2', month_any)}(?:\s+{g('year2', year)})?"
        + rf"|(?:{month_noun}\s+)?{g('month', month_any)}{connector}"
        + rf"{g('month2', month_any)}\s+{g('year2', year)})"))
    # Sabtu (23/9/2023) | Senin (11/9) | Selasa, 9 Januari 2024 | Kamis malam 12 September
    grammar.rule("weekday_date", lambda g: (
        rf"{on_day}?{g('weekday', weekday_any)}(?:\s+{times_of_day})?"
        rf"(?:\s*,?\s*\(\s*(?:{day_month(g)}|{day_slash(g)})\s*\)"
        rf"|(?:\s*,\s*|\s+)(?:{day_month(g)}|{numeric(g)}|{day_slash(g)}))"))
    # 2023-09-23
    grammar.rule("iso", lambda g: (
        rf"{g('year', year)}-{g('month', '(?:1[0-2]|0[1-9])')}"
        rf"-{g('day', '(?:3[01]|[12][0-9]|0[1-9])')}(?!\d)"))
    # 23/9/2023 | tanggal 23-9-2023
    grammar.rule("numeric", lambda g: rf"{day_prefix}(?:{numeric(g)})")
    # 27 Oktober 2023 | 27 Okt. 2023 | tanggal 25 Oktober | 25 Oktober lalu
    grammar.rule("day_month", lambda g: (
        rf"{day_prefix}{g('day', day)}\s+{g('month', month_any)}{year_part(g)}?"))
    # September 2023 | bulan Juli 2023 | Oktober tahun lalu | awal Oktober | pada September
    grammar.rule("month", lambda g: (
        rf"(?:{g('mod', modifier)}\s+)?(?:{month_noun}\s+)?"
        rf"{g('month', month_any)}{year_part(g)}"
        rf"|(?:{g('mod', modifier)}\s+(?:{month_noun}\s+)?|{month_noun}\s+"
        rf"|(?={month_alone}){after_cue}){g('month', month_alone)}"))
    # dua hari lalu | 3 bulan yang lalu | sepekan lalu | tiga tahun lagi
    grammar.rule("counted", lambda g: (
        rf"(?:{g('num', number + '|' + _words(v.number_words))}\s+{g('unit', _words(v.units))}"
        rf"|(?<!\w){g('num', re.escape(v.one_prefix))}{g('unit', _words(v.units, left=False))})"
        rf"\s+{g('direction', _words(v.count_directions))}"))
    # pekan lalu | Awal bulan ini | Pada tahun lalu | akhir pekan lalu
    grammar.rule("deictic", lambda g: (
        rf"(?:{g('mod', modifier)}\s+|{preposition}\s+)?{not_counted}"
        rf"{g('unit', _words(v.deictic_units))}\s+{g('deixis', deixis)}"))
    # pada hari Rabu ini | Selasa lalu | Senin pekan depan | Minggu malam | ..., Minggu.
    grammar.rule("weekday", lambda g: (
        rf"(?:{on_day}{g('weekday', weekday_any)}"
        rf"|{g(CASED, '')}{not_habit}(?<![-–]){g('weekday', weekday_bare)}(?![-–]\w)"
        rf"|{g(CASED, '')}{not_habit}(?<=[^\s{LINE_BREAK}.!?\"“”(]\s)"
        rf"{g('weekday', sunday)}(?![-–]\w)"
        rf"|{g(CASED, '')}{g('weekday', sunday)}(?=\s+{times_of_day}))"
        rf"(?:\s+(?:{g('wunit', week_noun)}\s+)?{g('deixis', deixis)})?"))
    # kemarin | hari ini | besok | pada hari ini
    grammar.rule("fixed", lambda g: (
        rf"(?:{preposition}\s+(?={day_noun}))?{g('fixed', _words(v.relative_days))}"))
    # pada 2006 | tahun 2022 | awal tahun 2022 | akhir 2023 | sejak 2019 hingga 2021
    grammar.rule("year", lambda g: (
        rf"(?:{g('mod', modifier)}\s+(?:{year_noun}\s+)?|{year_noun}\s+|(?=\d){after_cue})"
        rf"{g('year', year)}(?:{connector}{g('year2', year)})?{not_count}"))
    return grammar.compile()


@lru_cache(maxsize=None)
def _rules() -> tuple[Vocabulary, Tagger]:
    vocabulary = Vocabulary.from_yaml(DATA_DIR / "calendar.yaml", DATA_DIR / "temporal.yaml")
    return vocabulary, _build_tagger(vocabulary)


# --------------------------------------------------------------------------
# Scanning: lines -> matches with parsed slots
# --------------------------------------------------------------------------

def _parse(values: np.ndarray, parse: Callable[[str], object],
           missing: object = None) -> np.ndarray:
    """``parse`` applied to each distinct form in ``values``, spread over the rows.

    Empty slots (None) get ``missing``; so do unknown forms (``parse`` returns None).
    """
    codes, forms = pd.factorize(values)
    parsed = [parse(form) for form in forms]
    table = np.array([missing if p is None else p for p in parsed] + [missing], dtype=object)
    return table[codes]  # code -1 (empty slot) takes the last entry


def _numbers(values: np.ndarray, parse: Callable[[str], float]) -> np.ndarray:
    """Float array of a numeric slot, NaN where the slot is empty."""
    return _parse(values, parse, np.nan).astype(float)


def _lookup(values: np.ndarray, table: dict) -> np.ndarray:
    """A slot mapped through a rule table (None where empty or unknown)."""
    return _parse(values, lambda form: table.get(_key(form)))


def _full_year(digits: str) -> int:
    """Year from 4 digits, or from 2 ("19" -> 2019, "98" -> 1998)."""
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < 50 else 1900)


def _signs(direction: np.ndarray) -> np.ndarray:
    """-1 / 0 / +1 for past / this / future, NaN for no direction."""
    return np.select([direction == "past", direction == "this", direction == "future"],
                     [-1.0, 0.0, 1.0], np.nan)


class _Columns:
    """Mixin for dataclasses of equally long arrays: ``where(mask)`` keeps some rows."""

    def where(self, mask: np.ndarray):
        return type(self)(**{f.name: _keep(getattr(self, f.name), mask) for f in fields(self)})


def _keep(column, mask: np.ndarray):
    return column.where(mask) if isinstance(column, _Columns) else column[mask]


@dataclass(frozen=True)
class _Slots(_Columns):
    """The slots of the scanned mentions, parsed; numbers are floats (NaN = not written)."""

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
    def parse(cls, found: dict[str, np.ndarray], v: Vocabulary) -> "_Slots":
        rule = found["rule"]
        direction = _lookup(found["deixis"], v.deixis)
        counted = _numbers(found["num"], v.number) * _numbers(
            found["direction"], lambda form: v.count_directions[_key(form)])
        fixed = _numbers(found["fixed"], lambda form: v.relative_days[_key(form)])
        return cls(
            rule=rule,
            day=_numbers(found["day"], int), month=_numbers(found["month"], v.month),
            year=_numbers(found["year"], _full_year), day2=_numbers(found["day2"], int),
            month2=_numbers(found["month2"], v.month),
            year2=_numbers(found["year2"], _full_year),
            weekday=_numbers(found["weekday"], lambda form: v.weekdays[_key(form)]),
            direction=direction,
            year_offset=_signs(_lookup(found["ydeixis"], v.deixis)),
            week_offset=np.where(pd.notna(found["wunit"]), _signs(direction), np.nan),
            unit=np.where(rule == "fixed", "day", _lookup(found["unit"], v.units)),
            offset=np.select([rule == "fixed", rule == "counted"], [fixed, counted],
                             _signs(direction)),
            modifier=_parse(found["mod"], lambda form: v.modifiers[_key(form)], ""),
        )

    @property
    def is_range(self) -> np.ndarray:
        return ~(np.isnan(self.day2) & np.isnan(self.month2) & np.isnan(self.year2))


@dataclass(frozen=True)
class _Matches(_Columns):
    """Scanned mentions: where each one is (its line, offsets, label) and its slots."""

    doc_id: np.ndarray
    line_no: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    line: np.ndarray
    slots: _Slots

    def __len__(self) -> int:
        return len(self.doc_id)

    def labelled(self, labels: Iterable[str] | None) -> np.ndarray:
        """Mask of the mentions in lines labelled one of ``labels`` (None: all)."""
        return _label_mask(self.label, labels)


def _isin(values: np.ndarray, items: Iterable) -> np.ndarray:
    """Hash-based membership test (np.isin sorts object arrays, which is slow)."""
    return pd.Index(values, dtype=object).isin(list(items))


def _label_mask(labels: np.ndarray | pd.Series, wanted: Iterable[str] | None) -> np.ndarray:
    """Rows labelled one of ``wanted`` (all rows for None)."""
    if wanted is None:
        return np.ones(len(labels), dtype=bool)
    if isinstance(labels, pd.Series):
        return labels.isin(list(wanted)).to_numpy()
    return _isin(labels, wanted)


def _line_labels(lines: pd.DataFrame) -> pd.Series:
    """The ``label`` column; lines without one count as body text."""
    return lines["label"] if "label" in lines else pd.Series("body", index=lines.index)


def _scan(lines: pd.DataFrame, selected: np.ndarray) -> _Matches:
    """The mentions in the ``selected`` lines, with their slots parsed."""
    vocabulary, tagger = _rules()
    positions = np.flatnonzero(selected)
    texts = lines["text"].iloc[positions].fillna("").astype(str).to_numpy(dtype=object)
    found = tagger.scan(texts.tolist())
    scanned = found.pop("row")  # index into ``texts``
    rows = positions[scanned]   # index into ``lines``
    return _Matches(
        doc_id=lines["doc_id"].iloc[rows].to_numpy(dtype=object),
        line_no=lines["line_no"].to_numpy()[rows],
        label=_line_labels(lines).iloc[rows].to_numpy(dtype=object),
        start=found.pop("start"), end=found.pop("end"), line=texts[scanned],
        slots=_Slots.parse(found, vocabulary),
    )


# --------------------------------------------------------------------------
# Resolution (vectorised over all matches)
# --------------------------------------------------------------------------

NAT = np.datetime64("NaT", "D")


def _map_text(keys: pd.Series, table: pd.Series, default: str) -> pd.Series:
    """``keys`` looked up in ``table`` (a Series indexed by key), ``default`` if absent."""
    return pd.Series(keys.map(table).to_numpy(dtype=object), index=keys.index).fillna(default)


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
    scores = []
    for shift in shifts:
        start, end = _span(anchor_year + shift, month, day)
        distance = np.maximum.reduce([(start - anchor).astype(float),
                                      (anchor - end).astype(float), np.zeros(len(anchor))])
        score = np.select([policy == "past", policy == "future", policy == "this"],
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


def _format(start: np.ndarray, granularity: np.ndarray) -> np.ndarray:
    """TIMEX3-style value of each start date at its granularity ('' for NaT).

    >>> days = np.array(["2024-01-03", "2021-01-02", "NaT"], dtype="datetime64[D]")
    >>> _format(days, np.array(["day", "week", "week"])).tolist()
    ['2024-01-03', '2020-W53', '']
    """
    values = np.full(len(start), "", dtype=object)
    known = ~np.isnat(start)
    for unit, code in (("day", "D"), ("month", "M"), ("year", "Y")):
        rows = known & (granularity == unit)
        values[rows] = np.datetime_as_string(start[rows], unit=code)
    rows = known & (granularity == "week")
    year, week = _iso_weeks(start[rows])
    values[rows] = [f"{y}-W{w:02d}" for y, w in zip(year.tolist(), week.tolist())]
    return values


def _calendar_dates(s: _Slots, anchor: np.ndarray):
    """Dates written with a day, month and/or year: (start, end, granularity, written, possible).

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
        year = np.where(written, year,
                        np.where(~np.isnan(s.year_offset), _year_of(anchor) + s.year_offset,
                                 _pick_year(month, day, anchor, policy)))
    end, _ = _span(year, month, day)
    first_year = np.where(np.isnan(s.year), year, s.year)
    first_month = np.where(np.isnan(s.month), month, s.month)
    start, _ = _span(first_year, first_month, s.day)
    # "30 Desember - 2 Januari 2024" starts a year earlier,
    # "30 Desember 2023 - 2 Januari" ends a year later
    start = np.where(np.isnan(s.year) & (start > end),
                     _span(first_year - 1, first_month, s.day)[0], start)
    end = np.where(np.isnan(s.year2) & (end < start), _span(year + 1, month, day)[0], end)
    granularity = np.select([~np.isnan(day), ~np.isnan(month)], ["day", "month"], "year")
    possible = ~np.isnat(_span(np.full(len(day), 2000.0), month, day)[0])  # 2000: leap year
    return np.where(is_range, start, end), end, granularity, written, possible


def _resolve(matches: _Matches, anchors: pd.DataFrame) -> dict[str, np.ndarray]:
    """Normalise the matches against their documents' anchors.

    Returns columns for the matches that are dates (not "31/2/2023"): where
    they are (doc_id, line_no, start, end, line) and their value, granularity,
    kind, modifier, anchor and anchor_source.
    """
    codes, doc_ids = pd.factorize(matches.doc_id)  # look anchors up once per document
    by_doc = anchors.set_index("doc_id").reindex(doc_ids)
    anchor_text = by_doc["anchor"].fillna("").to_numpy(dtype=object)[codes]
    anchor_source = by_doc["anchor_source"].fillna("none").to_numpy(dtype=object)[codes]
    anchor = pd.to_datetime(by_doc["anchor"], format="%Y-%m-%d", errors="coerce").to_numpy(
        dtype="datetime64[D]")[codes]
    s = matches.slots
    is_weekday = s.rule == "weekday"
    is_relative = _isin(s.rule, RELATIVE_RULES)
    is_calendar = ~(is_weekday | is_relative)
    is_range = is_calendar & s.is_range

    start, end, calendar_granularity, written, possible = _calendar_dates(s, anchor)
    granularity = np.select([is_calendar, is_weekday], [calendar_granularity, "day"], s.unit)
    start = np.select(
        [is_calendar, is_weekday],
        [start, _weekday_dates(s.weekday, s.direction, s.week_offset, anchor)],
        _shift(anchor, granularity, s.offset))
    value = _format(start, granularity)
    end_value = _format(end[is_range], granularity[is_range])
    value[is_range] = np.where((value[is_range] != "") & (end_value != ""),
                               value[is_range] + "/" + end_value, "")
    kind = np.select([is_relative, is_weekday, is_range, written],
                     ["relative", "weekday", "range", "absolute"], "partial")
    keep = ~is_calendar | (possible & ~(written & (value == "")))
    columns = {
        "doc_id": matches.doc_id, "line_no": matches.line_no, "start": matches.start,
        "end": matches.end, "line": matches.line,
        "value": value, "granularity": granularity, "kind": kind, "modifier": s.modifier,
        "anchor": anchor_text, "anchor_source": anchor_source,
    }
    return {name: column[keep] for name, column in columns.items()}


def _context(lines: list[str], start: list[int], end: list[int]) -> list[str]:
    """About CONTEXT_CHARS characters either side of each mention, whitespace-collapsed."""
    return [" ".join(line[max(s - CONTEXT_CHARS, 0):e + CONTEXT_CHARS].split())
            for line, s, e in zip(lines, start, end)]


def _empty(columns: list[str], ints: Iterable[str] = ()) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ints else "str") for c in columns})


# --------------------------------------------------------------------------
# Anchors and the public API
# --------------------------------------------------------------------------

def _published_dates(documents: pd.DataFrame) -> pd.Series:
    """Local calendar date (YYYY-MM-DD) of ``published`` by doc_id; '' when absent."""
    published = documents["published"].fillna("").astype(str).str.strip()
    date = published.str.slice(0, 10)
    valid = (published.str.slice(10, 11).isin(["", "T", " "])
             & pd.to_datetime(date, format="%Y-%m-%d", errors="coerce").notna())
    return pd.Series(np.where(valid, date, ""), dtype=object,
                     index=documents["doc_id"].to_numpy(dtype=object))


def _dated_docs(documents: pd.DataFrame) -> pd.Series:
    """Publication date by doc_id, for the documents that state one."""
    published = _published_dates(documents)
    published = published[published != ""]
    return published[~published.index.duplicated()]


def _latest_full_dates(matches: _Matches) -> pd.Series:
    """Per document, the latest day written in full (day, month and year).

    A range counts by its end; day names and relative words never count.
    """
    on_calendar = ~_isin(matches.slots.rule, ANCHORED_RULES)
    matches = matches.where(on_calendar)
    no_anchor = np.full(len(matches), NAT)
    _, end, granularity, written, _ = _calendar_dates(matches.slots, no_anchor)
    full = written & (granularity == "day") & ~np.isnat(end)
    latest = pd.Series(end[full], index=matches.doc_id[full]).groupby(level=0).max()
    return pd.Series(np.datetime_as_string(latest.to_numpy(dtype="datetime64[D]")),
                     index=latest.index, dtype=object)


def _anchors(lines: pd.DataFrame, documents: pd.DataFrame, published: pd.Series,
             matches: _Matches) -> pd.DataFrame:
    """Anchor per document: its ``published`` date (see :func:`_dated_docs`) or else the
    latest full date among ``matches`` (the mentions in its content lines)."""
    latest = _latest_full_dates(matches.where(~_isin(matches.doc_id, published.index)))
    doc_ids = pd.Series(np.sort(pd.unique(np.concatenate([
        documents["doc_id"].to_numpy(dtype=object),
        np.asarray(lines["doc_id"].unique(), dtype=object)]))))
    from_published = _map_text(doc_ids, published, "").to_numpy()
    from_text = _map_text(doc_ids, latest, "").to_numpy()
    return pd.DataFrame({
        "doc_id": doc_ids,
        "anchor": np.where(from_published != "", from_published, from_text),
        "anchor_source": np.select([from_published != "", from_text != ""],
                                   ["published", "latest_date_in_text"], "none"),
    })


def _undated_content(lines: pd.DataFrame, published: pd.Series,
                     labels: Iterable[str] = ANCHOR_LABELS) -> np.ndarray:
    """Mask of the lines searched for an anchor: content lines of pages with no ``published``."""
    undated = ~lines["doc_id"].isin(published.index).to_numpy()
    return undated & _label_mask(_line_labels(lines), labels)


def document_anchors(lines: pd.DataFrame, documents: pd.DataFrame,
                     labels: Iterable[str] = ANCHOR_LABELS) -> pd.DataFrame:
    """The date each document's relative mentions are resolved against.

    ``anchor`` is the local date of ``published``; for pages that state none,
    the latest explicit full date (day, month, year) in the lines labelled
    ``labels`` (body, caption, dateline, byline: never boilerplate); else ''.
    ``anchor_source`` says which: ``published`` | ``latest_date_in_text`` | ``none``.

    >>> lines = pd.DataFrame({"doc_id": ["b", "b"], "line_no": [1, 2],
    ...     "label": ["body", "boilerplate"],
    ...     "text": ["Diungkapkan pada Sabtu (23/9/2023).", "Terbit 1 Mei 2024"]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "published": ["2023-10-27T17:33:00+07:00", "", ""]})
    >>> document_anchors(lines, documents)
      doc_id      anchor        anchor_source
    0      a  2023-10-27            published
    1      b  2023-09-23  latest_date_in_text
    2      c                             none
    """
    published = _dated_docs(documents)
    matches = _scan(lines, _undated_content(lines, published, labels))
    return _anchors(lines, documents, published, matches)


def find_mentions(lines: pd.DataFrame, documents: pd.DataFrame,
                  labels: Iterable[str] | None = ("body",)) -> pd.DataFrame:
    """Date mentions in the lines labelled ``labels`` (None = all lines).

    Returns one row per mention with columns ``doc_id, line_no, text, value,
    granularity, kind, modifier, anchor, anchor_source, context``, sorted by
    doc_id, line_no and position in the line. ``kind`` is absolute, partial
    (no year), relative, weekday or range; ``value`` is '' when a mention needs
    an anchor and the document has none (see :func:`document_anchors`).
    Lines without a ``label`` column count as body text.

    >>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [7], "label": ["body"],
    ...     "text": ["Serangan 30 Desember dan 2 Januari 2024, dua hari lalu."]})
    >>> documents = pd.DataFrame({"doc_id": ["a"], "published": ["2024-01-10T11:25:00+07:00"]})
    >>> find_mentions(lines, documents)[["text", "value", "kind", "anchor"]]
                 text       value      kind      anchor
    0     30 Desember  2023-12-30   partial  2024-01-10
    1  2 Januari 2024  2024-01-02  absolute  2024-01-10
    2   dua hari lalu  2024-01-08  relative  2024-01-10
    """
    # One scan serves both the anchors (content lines of undated pages) and the mentions.
    published = _dated_docs(documents)
    anchor_lines = _undated_content(lines, published)
    wanted = _label_mask(_line_labels(lines), labels)
    matches = _scan(lines, wanted | anchor_lines)
    anchors = _anchors(lines, documents, published, matches.where(matches.labelled(ANCHOR_LABELS)))
    found = _resolve(matches.where(matches.labelled(labels)), anchors)
    if not len(found["doc_id"]):
        return _empty(MENTION_COLUMNS, ints=("line_no",))
    line, start, end = (found.pop(name).tolist() for name in ("line", "start", "end"))
    found["text"] = np.array([text[s:e] for text, s, e in zip(line, start, end)], dtype=object)
    found["context"] = np.array(_context(line, start, end), dtype=object)
    order = np.lexsort((start, found["line_no"], pd.factorize(found["doc_id"], sort=True)[0]))
    mentions = pd.DataFrame({name: found[name][order] for name in MENTION_COLUMNS})
    return mentions.astype({"line_no": "int64"})


def parse_timex(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a TIMEX3-style value (or ``A/B`` interval).

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


def _doc_info(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id -> published date and outlet name ('' when absent); first row per doc_id."""
    outlet = documents["outlet"] if "outlet" in documents else pd.Series("", index=documents.index)
    info = pd.DataFrame({"published": _published_dates(documents).to_numpy(),
                         "outlet": outlet.fillna("").astype(str).str.strip().to_numpy()},
                        index=documents["doc_id"].to_numpy())
    return info[~info.index.duplicated()]


def timeline(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per referenced value: how many documents and mentions point at it.

    Columns ``value, granularity, documents, mentions, first_published,
    outlets`` (earliest publication date among the documents mentioning it;
    '; '-joined distinct outlets), sorted by value then granularity. Mentions
    with an empty value are left out.

    >>> mentions = pd.DataFrame({"doc_id": ["a", "b", "b"],
    ...     "value": ["2023-W42", "2023-W42", "2023"],
    ...     "granularity": ["week", "week", "year"]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Tempo.co", "Okezone"],
    ...     "published": ["2023-10-27T17:33:00+07:00", ""]})
    >>> timeline(mentions, documents)
          value granularity  documents  mentions first_published            outlets
    0      2023        year          1         1                            Okezone
    1  2023-W42        week          2         2      2023-10-27  Okezone; Tempo.co
    """
    found = mentions[mentions["value"].fillna("") != ""]
    if found.empty:
        return _empty(TIMELINE_COLUMNS, ints=("documents", "mentions"))
    info = _doc_info(documents)
    found = found.assign(published=_map_text(found["doc_id"], info["published"], ""),
                         outlet=_map_text(found["doc_id"], info["outlet"], ""))

    def _first(dates: pd.Series) -> str:
        dates = dates[dates != ""]
        return dates.min() if len(dates) else ""

    def _outlets(names: pd.Series) -> str:
        return "; ".join(sorted(set(names) - {""}))

    table = found.groupby(["value", "granularity"], sort=True).agg(
        documents=("doc_id", "nunique"), mentions=("doc_id", "size"),
        first_published=("published", _first), outlets=("outlet", _outlets))
    return table.reset_index()[TIMELINE_COLUMNS]


def lookback(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """How far back each mention looks: days from its value's start to the anchor.

    Positive ``days_back`` looks into the past, negative into the future; it is
    NA when the document has no anchor. Mentions with an empty value are left out.

    >>> mentions = pd.DataFrame({"doc_id": ["a", "a"], "value": ["2023-W42", "2006"],
    ...     "granularity": ["week", "year"], "anchor": ["2023-10-27", "2023-10-27"]})
    >>> documents = pd.DataFrame({"doc_id": ["a"], "outlet": ["Okezone"],
    ...     "published": ["2023-10-27T17:33:00+07:00"]})
    >>> lookback(mentions, documents)
      doc_id   outlet     value granularity      anchor  days_back
    0      a  Okezone  2023-W42        week  2023-10-27         11
    1      a  Okezone      2006        year  2023-10-27       6508
    """
    found = mentions[mentions["value"].fillna("") != ""]
    if found.empty:
        return _empty(LOOKBACK_COLUMNS, ints=("days_back",))
    starts = {value: parse_timex(value)[0] for value in found["value"].unique()}
    start = pd.to_datetime(found["value"].map(starts))
    anchor = pd.to_datetime(found["anchor"].fillna(""), format="%Y-%m-%d", errors="coerce")
    outlet = _map_text(found["doc_id"], _doc_info(documents)["outlet"], "")
    out = found.assign(outlet=outlet, anchor=found["anchor"].fillna(""),
                       days_back=(anchor - start).dt.days.astype("Int64"))
    return out[LOOKBACK_COLUMNS].reset_index(drop=True)


def estimated_publication(mentions: pd.DataFrame, anchors: pd.DataFrame) -> pd.DataFrame:
    """A best estimate of when each document was written, labelled as such.

    A stated publication date is kept (``estimate_source = published``). For a page that
    states none, the estimate is the latest *day* the body mentions (absolute,
    year-resolved or weekday dates), or the text anchor if that is later — news is mostly
    written on or after the last day it reports (``latest_date_mentioned``); ``none`` without either.

    >>> anchors = pd.DataFrame({"doc_id": ["a", "b"], "anchor": ["2023-07-27", "2023-10-27"],
    ...                         "anchor_source": ["latest_date_in_text", "published"]})
    >>> mentions = pd.DataFrame({"doc_id": ["a", "a", "b"], "value": ["2023-10-25", "2023-09", "2023-10-20"],
    ...                          "granularity": ["day", "month", "day"], "kind": ["partial", "partial", "absolute"]})
    >>> estimated_publication(mentions, anchors)
      doc_id    estimate        estimate_source
    0      a  2023-10-25  latest_date_mentioned
    1      b  2023-10-27              published
    """
    days = mentions[mentions["granularity"].eq("day") & mentions["kind"].isin(["absolute", "partial", "weekday"])
                    & mentions["value"].fillna("").str.match(r"^\d{4}-\d{2}-\d{2}$")]
    latest = days.groupby("doc_id")["value"].max()
    out = anchors[["doc_id", "anchor", "anchor_source"]].copy()
    mentioned = out["doc_id"].map(latest).fillna("")
    stated = out["anchor_source"].eq("published")
    best = pd.Series(np.maximum(out["anchor"].fillna("").to_numpy(dtype=object), mentioned.to_numpy(dtype=object)),
                     index=out.index)
    out["estimate"] = out["anchor"].fillna("").where(stated, best)
    out["estimate_source"] = np.where(stated, "published",
                                      np.where(out["estimate"].ne(""), "latest_date_mentioned", "none"))
    return out[["doc_id", "estimate", "estimate_source"]].reset_index(drop=True)
