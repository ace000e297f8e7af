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
* **Scanning.** The selected lines are joined, in chunks of about
  ``SCAN_CHARS`` characters, and their ASCII-lower-cased text is scanned with
  the same matches as one ``finditer`` pass, only faster: numpy finds the few
  places where the gate can match (a non-word character before a digit or
  before a word whose first characters begin a word some rule can start
  with, :class:`_Starts`), and each is tried with an alternation of only the
  rules that can start with its next four characters (:func:`_prefixes`), in
  the grammar's order. Python touches only those places and the matches;
  slots (day, month, deictic word, ...) are parsed per distinct form
  (``pd.factorize``), not per match.
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
import functools
import itertools
import operator
import re
from collections import defaultdict
from re import _constants as sre, _parser as sre_parse
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
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
SCAN_CHARS = 1 << 19  # characters of text scanned at a time (see _scan)

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
    """Builds the ordered alternation of named rules; slot groups are numbered per rule.

    Each rule ``r`` is the group ``(?P<r>...)``; inside it, ``g(slot, pattern)``
    makes the group ``r__slot__k``. A rule may fill a slot from several
    branches; the first branch that matched wins. The empty group
    ``g(CASED, "")`` marks a branch whose match must start with a capital
    letter in the original text. The gate comes first: it consumes the
    non-word character before a mention and looks ahead for a digit or one of
    ``first_words``, the words some rule can start with.

    :meth:`compile` also makes one regex per set of rules that can start with
    some _PREFIX - 1 character classes (:func:`_prefixes`), each holding, in
    order, only those rules: "pekan" is only tried against the rules that can
    start with "peka", a number against none of the weekday rules.
    """

    def __init__(self, first_words: Iterable[str]) -> None:
        self._first_words = tuple(sorted(set(first_words)))
        self._gate = rf"[^\w](?=\d|{_words(self._first_words, left=False)})"
        self._parts: dict[str, str] = {}
        self._groups: dict[str, list[tuple[str, str]]] = {}

    def rule(self, name: str, build: Callable[[Callable[[str, str], str]], str]) -> None:
        groups: list[tuple[str, str]] = []

        def g(slot: str, pattern: str) -> str:
            group = f"{name}__{slot}__{len(groups)}"
            groups.append((group, slot))
            return f"(?P<{group}>{pattern})"

        self._parts[name] = f"(?P<{name}>{build(g)})"
        self._groups[name] = groups

    def _matcher(self, rules: Sequence[str]) -> "_Matcher":
        regex = re.compile(self._gate + "(?:" + "|".join(self._parts[r] for r in rules) + ")")
        index = regex.groupindex
        return _Matcher(regex, {
            rule: (index[rule], tuple(index[g] for g, slot in self._groups[rule] if slot != CASED),
                   tuple(index[g] for g, slot in self._groups[rule] if slot == CASED))
            for rule in rules})

    def compile(self) -> "Tagger":
        slots = {}  # rule -> slot -> positions of its groups in m.group(rule, *slot_groups)
        for name, groups in self._groups.items():
            columns: dict[str, list[int]] = defaultdict(list)
            for position, (_, slot) in enumerate((g for g in groups if g[1] != CASED), start=1):
                columns[slot].append(position)
            slots[name] = dict(columns)
        # which rules can start with each _PREFIX - 1 character classes (bit i: rule i)
        names = list(self._parts)
        assert len(names) <= 32, "rule masks are 32-bit"
        dispatch = np.zeros((_N_CLASSES,) * (_PREFIX - 1), dtype=np.uint32)
        for bit, part in enumerate(self._parts.values()):
            for prefix in _prefixes(part, _PREFIX - 1):
                fixed = prefix[:prefix.index(_ANY)] if _ANY in prefix else prefix
                dispatch[fixed] |= 1 << bit
        every = (1 << len(names)) - 1
        matchers = {int(mask): self._matcher([n for i, n in enumerate(names) if mask >> i & 1])
                    for mask in {*np.unique(dispatch).tolist(), every} if mask}
        return Tagger(matchers[every].regex, dispatch.ravel(), matchers, slots,
                      _Starts.of(self._first_words))


# Character classes (see _char_class): 0 is a non-word character, 1-26 the
# letters a-z, then digits (\d) and other word characters (\w). _CLASSES gives
# "?" and every character beyond Latin-1 the class UNSURE until each is classified.
_DIGIT, _WORD, _UNSURE = 27, 28, 29
_N_CLASSES = 32
_PREFIX = 5  # characters of a first word that _Starts compares


def _char_class(char: str) -> int:
    """0 for a non-word character, 1-26 for a-z, _DIGIT, or _WORD for other word characters."""
    if "a" <= char <= "z":
        return ord(char) - ord("a") + 1
    if re.match(r"\d", char):
        return _DIGIT
    return _WORD if re.match(r"\w", char) else 0


_CLASSES = bytes(_UNSURE if code == ord("?") else _char_class(chr(code)) for code in range(256))
_CATEGORY_CLASSES = {
    sre.CATEGORY_DIGIT: frozenset({_DIGIT}),
    sre.CATEGORY_WORD: frozenset(range(1, _WORD + 1)),
    sre.CATEGORY_SPACE: frozenset({0}),
    sre.CATEGORY_NOT_WORD: frozenset({0}),
}
_ANY = -1  # in a prefix: any class from here on


def _prefixes(pattern: str, length: int) -> set[tuple[int, ...]]:
    """What a match of ``pattern`` can start with: tuples of character classes.

    A tuple has ``length`` classes, or fewer when the match may end there, or
    ends with _ANY where the analysis stops; either way any text may follow.
    Computed on the parsed regex, erring on the side of more: a lookaround
    consumes nothing, groups, branches and repeats are looked into, and an
    unknown construct allows anything.

    >>> sorted(_prefixes(r"(?<!\\w)(?:ab|\\d+)", 2))
    [(1, 2), (27,), (27, 27)]
    """
    try:
        found = _sequence_prefixes(sre_parse.parse(pattern), length)
    except Exception:  # an unknown construct: anything
        return {(_ANY,)}
    return found


def _sequence_prefixes(items, length: int) -> set[tuple[int, ...]]:
    found = {()}
    for op, av in items:
        done = {p for p in found if len(p) == length or p[-1:] == (_ANY,)}
        if len(done) == len(found):
            break
        item = _item_prefixes(op, av, length)
        found = done | {(p + q)[:length] for p in found - done for q in item}
    return found


def _item_prefixes(op, av, length: int) -> set[tuple[int, ...]]:
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return {()}
    if op is sre.LITERAL:
        return {(_char_class(chr(av)),)}
    if op is sre.IN:  # a wide set ends the analysis (many classes multiply the prefixes)
        classes = _set_classes(av)
        return {(_ANY,)} if classes is None or len(classes) > 4 else {(c,) for c in classes}
    if op is sre.BRANCH:
        return set().union(*(_sequence_prefixes(branch, length) for branch in av[1]))
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _sequence_prefixes(av[3], length)
    if op is sre.ATOMIC_GROUP:
        return _sequence_prefixes(av, length)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        once = _sequence_prefixes(sub, length)
        found, repeated = set(), {()}
        for times in range(min(high, low + length) + 1):  # more repeats only add longer text
            if times >= low:
                found |= repeated
            repeated = {p if len(p) == length or p[-1:] == (_ANY,) else (p + q)[:length]
                        for p in repeated for q in once}
        return found
    return {(_ANY,)}


def _set_classes(items) -> frozenset[int] | None:
    """Classes a character set ``[...]`` can match (None: unknown, any)."""
    classes: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            classes.add(_char_class(chr(av)))
        elif op is sre.RANGE and av[1] - av[0] < 1024:
            classes.update(_char_class(chr(code)) for code in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av in _CATEGORY_CLASSES:
            classes |= _CATEGORY_CLASSES[av]
        else:  # a negated set, a wide range, another category
            return None
    return frozenset(classes)


@dataclass(frozen=True)
class _Starts:
    """Where the gate of the grammar can match, found with numpy.

    The regex engine would try the gate at every character of the text; this
    finds, in a few vectorised passes, the non-word characters followed by a
    digit or by a word whose first ``_PREFIX`` + 1 characters (as classes) may
    begin some first word (checked as characters 1 to _PREFIX, then 2 to
    _PREFIX + 1), and, after the first word of a two-word form only ("pada" of
    "pada hari", "dua" of "dua hari"), by a next word that begins one of its
    second words. That is a superset of the gate's positions, so trying the
    regex only there gives the same matches.
    """

    # For the classes of a word's first _PREFIX - 1 characters (5 bits each), the
    # classes its next character may have (bit c set: class c) to begin a first word;
    # the same for its 2nd to _PREFIX-th characters and the one after (later).
    following: np.ndarray
    later: np.ndarray
    # Two-word forms, pair p: the first word and a space (as classes packed in
    # n[p] * 5 bits, heads[p]), and, for the classes of the first _PREFIX - 1
    # characters of the next word, whether they begin a second word (bit p of seconds).
    n: np.ndarray
    heads: np.ndarray
    seconds: np.ndarray

    @classmethod
    def of(cls, first_words: Iterable[str]) -> "_Starts":
        words = sorted(set(first_words))
        following = _window_table(words, _PREFIX - 1, np.uint32)
        later = _window_table(words, _PREFIX - 1, np.uint32, skip=1)
        n, heads, seconds = [], [], np.zeros(1 << 5 * (_PREFIX - 1), dtype=np.uint32)
        for head in sorted({word.split(" ")[0] for word in words if " " in word}):
            two_word = [w for w in words if w.startswith(head + " ")]
            window = [{_char_class(char)} for char in head] + [{0}]
            if len(window) > _PREFIX or len(n) == 32 or any(  # another word fits the window
                    all(a is None or a & b for a, b in zip(_window(w, _PREFIX), window))
                    for w in words if w not in two_word):
                continue
            seconds |= _window_table([w[len(head) + 1:] for w in two_word], _PREFIX - 1,
                                     bool).astype(np.uint32) << len(n)
            n.append(len(window))
            heads.append(functools.reduce(lambda key, c: key << 5 | c,
                                          [*map(_char_class, head), 0]))
        return cls(following, later, np.array(n, dtype=np.int64),
                   np.array(heads, dtype=np.int64), seconds)

    def positions(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in ``text`` (folded) where the gate may match, in order, and
        the classes of the _PREFIX - 1 characters after each (5 bits each)."""
        classes = np.frombuffer(text.encode("latin-1", "replace").translate(_CLASSES), np.uint8)
        unsure = np.flatnonzero(classes == _UNSURE)
        classes = np.concatenate([classes, np.zeros(_PREFIX + 1, dtype=np.uint8)])  # padded
        if len(unsure) * 8 > len(text):  # mostly beyond Latin-1: classify the distinct codes
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)[unsure]
            distinct, index = np.unique(codes, return_inverse=True)
            classes[unsure] = np.array([_char_class(chr(c)) for c in distinct.tolist()],
                                       dtype=np.uint8)[index]
        elif len(unsure):
            chars = operator.itemgetter(*unsure.tolist(), 0)(text)[:-1]
            known = {char: _char_class(char) for char in set(chars)}
            classes[unsure] = np.fromiter(map(known.__getitem__, chars), np.uint8, len(chars))
        # before every word: the non-word character, and the classes that follow it
        before_word = np.flatnonzero((classes[:-_PREFIX - 1] == 0) & (classes[1:-_PREFIX] != 0))
        key, last = _keys(classes, before_word)
        keep = (key >> 5 * (_PREFIX - 2) == _DIGIT) | (self.following[key] >> last & 1 == 1)
        starts, key, last = before_word[keep], key[keep], last[keep]
        inner = (key & (1 << 5 * (_PREFIX - 2)) - 1) << 5 | last  # characters 2 to _PREFIX
        keep = (key >> 5 * (_PREFIX - 2) == _DIGIT) | (
            self.later[inner] >> classes[starts + _PREFIX + 1] & 1 == 1)
        starts, key, last = starts[keep], key[keep], last[keep]
        if len(self.n):  # the first word of a two-word form: look at the next word
            window = key.astype(np.int64) << 5 | last
            pair = np.full(len(starts), -1)
            for p, (n, head) in enumerate(zip(self.n.tolist(), self.heads.tolist())):
                pair[window >> 5 * (_PREFIX - n) == head] = p
            at = np.flatnonzero(pair >= 0)
            after = np.searchsorted(before_word, starts[at] + self.n[pair[at]])  # next word
            found = after < len(before_word)
            next_key, _ = _keys(classes, before_word[after[found]])
            keep = np.ones(len(starts), dtype=bool)
            keep[at] = False
            keep[at[found]] = self.seconds[next_key] >> pair[at[found]] & 1 == 1
            starts, key = starts[keep], key[keep]
        return starts, key


def _keys(classes: np.ndarray, before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The classes of the _PREFIX - 1 characters after each of ``before`` (5 bits
    each), and of the next one."""
    key = classes[before + 1].astype(np.int32)
    for k in range(2, _PREFIX):
        key = key << 5 | classes[before + k]
    return key, classes[before + _PREFIX]


def _window(word: str, size: int) -> list[set[int] | None]:
    """The classes each of the first ``size`` characters of ``word`` can have where
    the gate matches it: its letters, then a non-word character (the gate ends
    a first word there, or it is the space before the second word), then None
    (any: a run of whitespace and the next word, or what follows)."""
    classes = [{_char_class(char)} for char in word.split(" ")[0][:size]]
    classes += [{0}] * (len(classes) < size)
    return classes + [None] * (size - len(classes))


def _window_table(words: Iterable[str], size: int, dtype, skip: int = 0) -> np.ndarray:
    """For the classes of ``size`` characters (5 bits each), whether some of ``words``
    can begin with them (bool), or (uint32) which classes its next character can
    have to begin one (bit c set: class c); after the first ``skip`` characters."""
    table = np.zeros(1 << 5 * size, dtype=dtype)
    anything = (1 << _N_CLASSES) - 1
    for word in words:
        window = _window(word, skip + size + 1)[skip:]
        nxt = True if dtype == bool else (anything if window[size] is None
                                          else 1 << next(iter(window[size])))
        for classes in itertools.product(*(s or range(_N_CLASSES) for s in window[:size])):
            table[functools.reduce(lambda key, c: key << 5 | c, classes, 0)] |= nxt
    return table


@dataclass(frozen=True)
class _Matcher:
    """A compiled alternation of rules and, per rule, the indices of its group,
    of its slot groups and of its CASED markers."""

    regex: re.Pattern
    groups: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class Tagger:
    """The compiled grammar: ``regex``, all rules in one alternation (what
    :meth:`scan` is equivalent to running ``finditer`` with); ``dispatch``, for
    the classes of the first _PREFIX - 1 characters of a mention, the rules that
    can start with them (a bit mask); ``matchers``, the alternation of those
    rules by mask (all of them for the mask of every rule); ``slots``, per rule
    and slot the positions of the slot's groups in ``m.group(rule,
    *slot_groups)``; ``starts``."""

    regex: re.Pattern
    dispatch: np.ndarray
    matchers: dict[int, _Matcher]
    slots: dict[str, dict[str, list[int]]]
    starts: _Starts

    def scan(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Mentions in a batch of lines: columns row (line index), start, end, rule and slots.

        The lines are joined with LINE_BREAK (which no rule crosses) and folded
        to lower case. The regex is tried only where :class:`_Starts` says its
        gate may match, skipping the inside of the last match: the same matches
        as ``regex.finditer``, without the engine testing every position.
        Python only collects each match's groups, merged into slots afterwards,
        rule by rule (a slot no match filled is an all-False array). Matches of
        CASED branches that are not capitalised in the original are dropped.
        """
        joined = LINE_BREAK + LINE_BREAK.join(texts)
        data = joined.encode("utf-8", "surrogatepass")
        if data.count(LINE_BREAK.encode()) > max(len(texts), 1):  # a line holds the separator
            texts = [text.replace(LINE_BREAK, " ") for text in texts]
            joined = LINE_BREAK + LINE_BREAK.join(texts)
            data = joined.encode("utf-8", "surrogatepass")
        folded = _fold(data)
        positions, keys = self.starts.positions(folded)
        masks = self.dispatch[keys]
        positions, masks = positions[masks != 0], masks[masks != 0]
        distinct, index = np.unique(masks, return_inverse=True)
        matchers = [(self.matchers[mask].regex.match, self.matchers[mask].groups)
                    for mask in distinct.tolist()]
        starts, ends, rules = [], [], []
        groups_by_rule: dict[str, list[tuple]] = defaultdict(list)
        index_by_rule: dict[str, list[int]] = defaultdict(list)
        end = 0
        for position, which in zip(positions.tolist(), index.tolist()):
            match, groups = matchers[which]
            if position < end or (m := match(folded, position)) is None:
                continue
            end = m.end()
            rule = m.lastgroup
            group, slot_groups, cased = groups[rule]
            start = m.start(group)
            if rule == SKIP or (cased and not joined[start].isupper()
                                and max(map(m.start, cased)) >= 0):
                continue
            index_by_rule[rule].append(len(starts))
            groups_by_rule[rule].append(m.group(group, *slot_groups))
            starts.append(start)
            ends.append(end)
            rules.append(rule)
        # a slot no match filled is all False: cheaper to create and to parse than all None
        columns = {slot: np.zeros(len(starts), dtype=bool) for slot in SLOTS}
        for rule, found in groups_by_rule.items():
            values = list(zip(*found))  # one tuple per group of the rule
            for slot, where in self.slots[rule].items():
                merged = values[where[0]]
                for position in where[1:]:  # the first branch that matched wins
                    merged = [a if a is not None else b for a, b in zip(merged, values[position])]
                if not any(merged):  # (a filled slot is never empty)
                    continue
                if columns[slot].dtype != object:
                    columns[slot] = np.full(len(starts), None, dtype=object)
                columns[slot][index_by_rule[rule]] = merged
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        line_starts = np.cumsum(lengths + 1) - lengths  # just after each LINE_BREAK
        starts, ends = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        rows = np.searchsorted(line_starts, starts, side="right") - 1
        return {"row": rows, "start": starts - line_starts[rows], "end": ends - line_starts[rows],
                "rule": np.array(rules, dtype=object), **columns}


def _fold(text: str | bytes) -> str:
    """Lower-case the ASCII letters of ``text`` (a str or its UTF-8 bytes); every
    character keeps its offset.

    The vocabulary is ASCII, so this is all the case folding the grammar
    needs, and bytes.lower() is several times faster than str.lower().

    >>> _fold("İSTANBUL, Rabu 9 JANUARI")
    'İstanbul, rabu 9 januari'
    """
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    return text.lower().decode("utf-8", "surrogatepass")


def _by_length(words: Iterable[str]) -> list[str]:
    """Alternations of the literal ``words``, one per length (for lookbehinds)."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(set(words)):
        by_length[len(word)].append(re.escape(word))
    return ["(?:" + "|".join(same) + ")" for _, same in sorted(by_length.items())]


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
    deictic_unit = _words(v.deictic_units)
    modifier = _words(v.modifiers)
    times_of_day = _words(v.times_of_day)
    day_prefix = r"(?:" + _words(v.day_prefixes) + r"\s+)?"
    on_day = rf"(?:(?:{preposition}\s+)?{day_noun}\s+)"  # "pada hari", "hari"
    connector = (r"(?:\s*(?:" + "|".join(map(re.escape, v.range_symbols)) + r")\s*"
                 r"|\s+" + _words(v.range_words) + r"\s+)")
    after_cue = "(?:" + "|".join(rf"(?<=(?<!\w){same}\s)" for same in _by_length(v.cues)) + ")"

    def not_after(words: Iterable[str]) -> str:  # lookbehinds need a fixed width
        return "".join(rf"(?<!{same}\s)" for same in _by_length(words))

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

    # the words (and word pairs) a mention can start with: "satu" only before a
    # unit noun (the counted rule), "pagi" only in "pagi ini" (a relative day) ...
    first_words = {*v.months, *v.weekdays, *v.units, *v.modifiers, *v.day_prefixes,
                   *v.citation_words, *(v.one_prefix + u for u in v.units),
                   *(f"{v.preposition} {u}" for u in v.units),
                   *(f"{n} {u}" for n in v.number_words for u in v.units), *v.relative_days}
    grammar = _Grammar(first_words)
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
        rf"(?:{g('mod', modifier)}\s+|{preposition}\s+)?(?={deictic_unit}){not_counted}"
        rf"{g('unit', deictic_unit)}\s+{g('deixis', deixis)}"))
    # pada hari Rabu ini | Selasa lalu | Senin pekan depan | Minggu malam | ..., Minggu.
    grammar.rule("weekday", lambda g: (
        rf"(?:{on_day}{g('weekday', weekday_any)}"
        rf"|(?={weekday_bare}){g(CASED, '')}{not_habit}(?<![-–])"
        rf"{g('weekday', weekday_bare)}(?![-–]\w)"
        rf"|(?={sunday}){g(CASED, '')}{not_habit}(?<=[^\s{LINE_BREAK}.!?\"“”(]\s)"
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
    if values.dtype != object:  # a slot no match filled (see Tagger.scan)
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
    return _parse(values, lambda form: table.get(_key(form)))


def _full_year(digits: str) -> int:
    """Year from 4 digits, or from 2 ("19" -> 2019, "98" -> 1998)."""
    year = int(digits)
    return year if len(digits) == 4 else year + (2000 if year < 50 else 1900)


SIGNS = {"past": -1.0, "this": 0.0, "future": 1.0}  # of the directions of deixis


class _Columns:
    """Mixin for dataclasses of equally long arrays: ``where(mask)`` keeps some rows."""

    def where(self, mask: np.ndarray):
        if mask.all():  # frozen: sharing the arrays is safe
            return self
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

        def sign(form: str) -> float | None:  # -1 / 0 / +1 for past / this / future
            return SIGNS.get(v.deixis.get(_key(form)))

        signs = _numbers(found["deixis"], sign)
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
            year_offset=_numbers(found["ydeixis"], sign),
            week_offset=np.where(_filled(found["wunit"]), signs, np.nan),
            unit=np.where(rule == "fixed", "day", _lookup(found["unit"], v.units)),
            offset=np.select([rule == "fixed", rule == "counted"], [fixed, counted],
                             signs),
            modifier=_parse(found["mod"], lambda form: v.modifiers[_key(form)], ""),
        )

    @property
    def is_range(self) -> np.ndarray:
        return ~(np.isnan(self.day2) & np.isnan(self.month2) & np.isnan(self.year2))


@dataclass(frozen=True)
class _Matches(_Columns):
    """Scanned mentions: where each one is (its document, its line, the offsets
    in it), its text and context (see :func:`_context`), and its slots."""

    doc: np.ndarray    # index into _Docs.ids
    row: np.ndarray    # index into ``lines``
    start: np.ndarray
    end: np.ndarray
    text: np.ndarray
    context: np.ndarray
    slots: _Slots

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True)
class _Docs:
    """The documents of a corpus, numbered: ``ids`` are the distinct doc_ids of
    ``documents`` and ``lines``, sorted; ``line_doc`` the number of each line's
    document; ``published`` the local date of each one's ``published`` (from its
    first row in ``documents`` that states one; '' when none does)."""

    ids: np.ndarray
    line_doc: np.ndarray
    published: np.ndarray

    @classmethod
    def of(cls, lines: pd.DataFrame, documents: pd.DataFrame) -> "_Docs":
        codes, line_ids = pd.factorize(lines["doc_id"])
        line_ids = np.asarray(line_ids, dtype=object)
        doc_ids = documents["doc_id"].to_numpy(dtype=object)
        ids = np.sort(pd.unique(np.concatenate([doc_ids, line_ids])))
        days = _published_days(documents)
        dated = np.flatnonzero(days != "")
        first, rows = np.unique(np.searchsorted(ids, doc_ids[dated]), return_index=True)
        published = np.full(len(ids), "", dtype=object)
        published[first] = days[dated[rows]]
        return cls(ids, np.searchsorted(ids, line_ids)[codes], published)

    def undated_lines(self) -> np.ndarray:
        """Mask of the lines of documents with no ``published`` date."""
        return (self.published == "")[self.line_doc]


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


def _scan(lines: pd.DataFrame, selected: np.ndarray, docs: _Docs) -> _Matches:
    """The mentions in the ``selected`` lines, with their slots parsed."""
    vocabulary, tagger = _rules()
    positions = np.flatnonzero(selected)
    column = lines["text"]
    if isinstance(column.dtype, pd.StringDtype):  # Python strings made chunk by chunk
        lengths = column.str.len().fillna(0).to_numpy(dtype=np.int64)[positions]

        def texts(a: int, b: int) -> np.ndarray:  # a slice: no take over the whole column
            if a == b:
                return np.array([], dtype=object)
            first, last = positions[a], positions[b - 1] + 1
            values = column.iloc[first:last].to_numpy(dtype=object, na_value="")
            return values[positions[a:b] - first]
    else:
        values = column.iloc[positions].fillna("").astype(str).to_numpy(dtype=object)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))

        def texts(a: int, b: int) -> np.ndarray:
            return values[a:b]
    # in chunks of whole lines, about SCAN_CHARS characters each: the work
    # arrays stay small (and in cache) however large the batch, and only the
    # text and context of each match are kept
    ends = np.cumsum(lengths + 1)
    cuts = np.searchsorted(ends, np.arange(SCAN_CHARS, ends[-1] if len(ends) else 0, SCAN_CHARS))
    bounds = np.unique([0, *cuts.tolist(), len(positions)]).tolist()
    parts, text, context = [], [], []
    for a, b in list(zip(bounds[:-1], bounds[1:])) or [(0, 0)]:
        chunk = texts(a, b)
        parts.append(tagger.scan(chunk.tolist()))
        of_match = chunk[parts[-1]["row"]].tolist()  # the line of each match
        start, end = parts[-1]["start"].tolist(), parts[-1]["end"].tolist()
        text += [line[s:e] for line, s, e in zip(of_match, start, end)]
        context += _context(of_match, start, end)
    found = _concatenate(parts, bounds[:-1] or [0])
    rows = positions[found.pop("row")]  # index into ``lines``
    return _Matches(doc=docs.line_doc[rows], row=rows, start=found.pop("start"),
                    end=found.pop("end"), text=np.array(text, dtype=object),
                    context=np.array(context, dtype=object),
                    slots=_Slots.parse(found, vocabulary))


def _concatenate(parts: list[dict[str, np.ndarray]], firsts: list[int]) -> dict[str, np.ndarray]:
    """The columns of :meth:`Tagger.scan` for consecutive chunks of lines, the
    first of each chunk being line ``firsts[k]``."""
    found = {}
    for name in parts[0]:
        columns = [part[name] for part in parts]
        if name == "row":
            columns = [rows + first for rows, first in zip(columns, firsts)]
        elif any(column.dtype == object for column in columns):  # a slot some chunk filled
            columns = [column if column.dtype == object else np.full(len(column), None, object)
                       for column in columns]
        found[name] = np.concatenate(columns)
    return found


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


def _format(start: np.ndarray, granularity: np.ndarray) -> np.ndarray:
    """TIMEX3-style value of each start date at its granularity ('' for NaT).

    >>> days = np.array(["2024-01-03", "2021-01-02", "NaT"], dtype="datetime64[D]")
    >>> _format(days, np.array(["day", "week", "week"])).tolist()
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


def _resolve(matches: _Matches, anchors: "_Anchors") -> dict[str, np.ndarray]:
    """Normalise the matches against their documents' anchors.

    Returns columns for the matches that are dates (not "31/2/2023"): where
    they are (doc, row, start, end), their text and context, value, granularity,
    kind, modifier, anchor and anchor_source.
    """
    anchor_text = anchors.text[matches.doc]
    anchor_source = anchors.source[matches.doc]
    anchor = anchors.days()[matches.doc]
    s = matches.slots
    is_weekday = s.rule == "weekday"
    is_relative = _isin(s.rule, RELATIVE_RULES)
    is_calendar = ~(is_weekday | is_relative)
    is_range = is_calendar & s.is_range

    # each kind of mention is dated from its own slots, on its rows only
    is_shifted = ~(is_calendar | is_weekday)
    start, end = np.full(len(s.rule), NAT), np.full(len(s.rule), NAT)
    written, possible = np.zeros(len(s.rule), dtype=bool), np.ones(len(s.rule), dtype=bool)
    granularity = s.unit.astype(object)
    (start[is_calendar], end[is_calendar], granularity[is_calendar], written[is_calendar],
     possible[is_calendar]) = _calendar_dates(s.where(is_calendar), anchor[is_calendar])
    granularity[is_weekday] = "day"
    w = s.where(is_weekday)
    start[is_weekday] = _weekday_dates(w.weekday, w.direction, w.week_offset, anchor[is_weekday])
    start[is_shifted] = _shift(anchor[is_shifted], granularity[is_shifted], s.offset[is_shifted])
    value = _format(start, granularity)
    end_value = _format(end[is_range], granularity[is_range])
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


def _context(lines: list[str], start: list[int], end: list[int]) -> list[str]:
    """About CONTEXT_CHARS characters either side of each mention, whitespace-collapsed.

    A window whose only whitespace is single spaces (str.isprintable() is False
    for every other whitespace character) just loses its outer ones: the same
    as " ".join(window.split()), and faster.
    """
    windows = [line[max(s - CONTEXT_CHARS, 0):e + CONTEXT_CHARS]
               for line, s, e in zip(lines, start, end)]
    return [window.strip(" ") if window.isprintable() and "  " not in window
            else " ".join(window.split()) for window in windows]


# The dtype pandas gives a column of Python strings; built directly when Arrow-backed.
_STR = pd.Series(["a"]).dtype
STRING_COLUMNS = ("text", "value", "granularity", "kind", "modifier", "anchor", "anchor_source",
                  "context")


def _strings(values: np.ndarray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """A column of Python strings as pandas would store it (faster than its inference)."""
    if isinstance(_STR, pd.StringDtype) and _STR.storage == "pyarrow":
        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=_STR)
    return values


def _empty(columns: list[str], ints: Iterable[str] = ()) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ints else "str") for c in columns})


# --------------------------------------------------------------------------
# Anchors and the public API
# --------------------------------------------------------------------------

def _published_days(documents: pd.DataFrame) -> np.ndarray:
    """Local calendar date (YYYY-MM-DD) of each document's ``published``; '' when absent."""
    published = documents["published"].fillna("").astype(str).str.strip()
    # a date, then nothing, "T" or " ": many documents share one, so each is checked once
    codes, heads = pd.factorize(published.str.slice(0, 11))
    dates = [head[:10] for head in heads]
    is_date = pd.to_datetime(pd.Series(dates, dtype=object), format="%Y-%m-%d",
                             errors="coerce").notna().to_numpy()
    days = [date if ok and head[10:] in ("", "T", " ") else ""
            for head, date, ok in zip(heads, dates, is_date.tolist())]
    return np.array([*days, ""], dtype=object)[codes]


def _published_dates(documents: pd.DataFrame) -> pd.Series:
    """:func:`_published_days` by doc_id."""
    return pd.Series(_published_days(documents), dtype=object,
                     index=documents["doc_id"].to_numpy(dtype=object))


def _latest_full_dates(matches: _Matches, n_docs: int) -> np.ndarray:
    """Per document, the latest day written in full (day, month and year); '' if none.

    A range counts by its end; day names and relative words never count.
    """
    matches = matches.where(~_isin(matches.slots.rule, ANCHORED_RULES))
    no_anchor = np.full(len(matches), NAT)
    _, end, granularity, written, _ = _calendar_dates(matches.slots, no_anchor)
    full = written & (granularity == "day") & ~np.isnat(end)
    never = np.iinfo(np.int64).min
    latest = np.full(n_docs, never, dtype=np.int64)
    np.maximum.at(latest, matches.doc[full], end[full].astype(np.int64))
    found = latest != never
    text = np.full(n_docs, "", dtype=object)
    text[found] = np.datetime_as_string(latest[found].astype("datetime64[D]"))
    return text


@dataclass(frozen=True)
class _Anchors:
    """Anchor of each document of :class:`_Docs` (``text``, YYYY-MM-DD or '')
    and where it comes from (``source``)."""

    text: np.ndarray
    source: np.ndarray

    @classmethod
    def of(cls, docs: _Docs, matches: _Matches) -> "_Anchors":
        """Each document's ``published`` date, or else the latest full date among
        ``matches`` (the mentions in the content lines of undated documents)."""
        from_text = _latest_full_dates(matches, len(docs.ids))
        dated = docs.published != ""
        return cls(np.where(dated, docs.published, from_text),
                   np.select([dated, from_text != ""], ["published", "latest_date_in_text"],
                             "none").astype(object))

    def days(self) -> np.ndarray:
        """The anchors as datetime64[D] (NaT for none)."""
        codes, distinct = pd.factorize(self.text)  # a few distinct dates
        try:  # YYYY-MM-DD (or ''), as almost always: numpy parses them the same, faster
            if any(len(text) not in (0, 10) for text in distinct):
                raise ValueError(distinct)
            days = np.array(distinct, dtype="datetime64[D]")
        except ValueError:  # such as "2023-1-5", which a published date may be
            days = pd.to_datetime(pd.Series(distinct, dtype=object), format="%Y-%m-%d",
                                  errors="coerce").to_numpy(dtype="datetime64[D]")
        return np.append(days, NAT)[codes]

    def frame(self, docs: _Docs) -> pd.DataFrame:
        return pd.DataFrame({"doc_id": pd.Series(docs.ids), "anchor": self.text,
                             "anchor_source": self.source})


def _anchor_lines(lines: pd.DataFrame, docs: _Docs,
                  labels: Iterable[str] = ANCHOR_LABELS) -> np.ndarray:
    """Mask of the lines searched for an anchor: content lines of pages with no ``published``."""
    return docs.undated_lines() & _label_mask(_line_labels(lines), labels)


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
    docs = _Docs.of(lines, documents)
    matches = _scan(lines, _anchor_lines(lines, docs, labels), docs)
    return _Anchors.of(docs, matches).frame(docs)


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
    docs = _Docs.of(lines, documents)
    anchor_lines = _anchor_lines(lines, docs)
    wanted = _label_mask(_line_labels(lines), labels)
    matches = _scan(lines, wanted | anchor_lines, docs)
    anchors = _Anchors.of(docs, matches.where(anchor_lines[matches.row]))
    found = _resolve(matches.where(wanted[matches.row]), anchors)
    if not len(found["doc"]):
        return _empty(MENTION_COLUMNS, ints=("line_no",))
    found["doc_id"] = docs.ids[found["doc"]]
    found["line_no"] = lines["line_no"].to_numpy()[found["row"]]
    order = np.lexsort((found["start"], found["line_no"], found["doc"]))  # docs.ids are sorted
    mentions = pd.DataFrame({name: _strings(found[name][order]) if name in STRING_COLUMNS
                             else found[name][order] for name in MENTION_COLUMNS})
    return mentions if mentions["line_no"].dtype == np.int64 else mentions.astype(
        {"line_no": "int64"})


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
