r"""The grammar of date mentions: one rule is one entry of :data:`RULES`.

Words come from data: month and weekday names from ``data/calendar.yaml`` (through
:mod:`analysis.dates.expressions`), every other word list (relative words, modifiers,
number words, units, cue words, false-positive guards) from ``data/temporal.yaml``
(:class:`Vocabulary`). :func:`build_tagger` turns the rules into one ordered alternation
of named rules behind a cheap gate, compiled by :class:`analysis.dates.scanner.Tagger`;
at one position the first rule that matches wins.

A rule (:class:`Rule`) has a ``name``, the word sets it can ``start`` with (:data:`STARTS`;
a digit can always start a rule) and a ``pattern``, a regex template:

* ``{piece}`` inserts a shared piece: a regex made from the vocabulary (``day``,
  ``month_any``, ``modifier``, ``year_noun``, ... see ``_pieces``) or a shared template
  (``day_month``, ``year_part``, ... see ``_TEMPLATES``), expanded in place;
* ``{slot=piece}`` does the same inside a group that fills ``slot`` (one of :data:`SLOTS`:
  the day, the month, a deictic word, ...). A rule may fill a slot from several
  branches; the first branch that matched wins. ``{cased=}`` (an empty group) marks a
  branch whose match must start with a capital letter in the text.

When the grammar is built, each rule's pattern is checked against its ``starts``: a rule
that can begin with a word none of its word sets begins (so that the gate would never
let it be tried) raises a ``ValueError`` naming the rule and the word.

How to add a date pattern
-------------------------
1. Add one :class:`Rule` to :data:`RULES`, in order (earlier rules win at one position),
   using the existing pieces and slots; new words go to ``data/temporal.yaml`` (and a
   field of :class:`Vocabulary`), a new word set a rule starts with to :data:`STARTS`.
2. Add one row to the table of ``tests/test_date_grammar.py`` (text -> expected mention);
   a test fails for a rule without one.
3. Only for a new *kind* of mention (a slot or an arithmetic the resolution does not know):
   parse the slot in :class:`analysis.dates.resolve.Slots` and date it in
   :func:`analysis.dates.resolve.resolve`.

>>> vocabulary, tagger = compiled()
>>> [rule.name for rule in RULES][:4]
['skip', 'range', 'weekday_date', 'iso']
>>> tagger.regex.search(" pada hari rabu ini.").group("weekday")  # on folded text
'pada hari rabu ini'
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from ..rules import load_yaml
from . import expressions
from ._prefixes import ANY, DIGIT, prefixes
from .expressions import key, word_trie
from .scanner import CASED, LINE_BREAK, PREFIX, SKIP, Tagger

__all__ = ["Vocabulary", "Rule", "RULES", "STARTS", "SLOTS", "RELATIVE_RULES", "ANCHORED_RULES",
           "build_tagger", "compiled"]

# Slots the grammar fills; each rule fills some of them.
SLOTS = ("day", "month", "year", "day2", "month2", "year2", "weekday", "wunit",
         "deixis", "ydeixis", "unit", "num", "direction", "fixed", "mod")
RELATIVE_RULES = ("counted", "deictic", "fixed")
ANCHORED_RULES = (*RELATIVE_RULES, "weekday")  # rules that always need an anchor


def _forms(forms: Iterable[str]) -> tuple[str, ...]:
    """Word forms as the grammar sees them: lower case, single spaces (dots kept)."""
    return tuple(" ".join(str(form).lower().split()) for form in forms)


@dataclass(frozen=True)
class Vocabulary:
    """Word lists and rule tables of the grammar, keyed by :func:`~analysis.dates.expressions.key` forms.

    Parameters
    ----------
    months, weekdays : dict
        Calendar words read in prose -> month / ISO weekday number.
    standalone_months : tuple of str
        Month names that are a date without a day or a year after a cue word.
    (the other fields are the word lists of ``data/temporal.yaml``, under the same names)

    Returns
    -------
    Vocabulary
        Made by :meth:`load`.

    Examples
    --------
    >>> vocabulary = Vocabulary.load()
    >>> vocabulary.number("dua"), vocabulary.month("Okt."), vocabulary.units["pekan"]
    (2, 10, 'week')
    """

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
    def load(cls) -> "Vocabulary":
        """The vocabulary of ``calendar.yaml`` (shared expressions) and ``temporal.yaml``."""
        rules = load_yaml("temporal.yaml")
        excluded = {k: {key(f) for f in v} for k, v in rules["prose_exclude"].items()}
        months = {key(f): int(n) for f, n in expressions.month_numbers().items()
                  if key(f) not in excluded["months"]}
        need_context = {key(f) for f in rules["month_forms_need_day_or_year"]}
        weekdays = {key(f): int(n) for f, n in expressions.weekday_numbers().items()
                    if key(f) not in excluded["weekdays"]}
        guards = rules["guards"]
        return cls(
            months=months,
            standalone_months=tuple(f for f in months if f not in need_context),
            weekdays=weekdays,
            sunday=key(rules["sunday_word"]),
            times_of_day=_forms(rules["times_of_day"]),
            units={key(k): v for k, v in rules["units"].items()},
            deictic_units=_forms(rules["deictic_units"]),
            deixis={key(k): v for k, v in rules["deixis"].items()},
            relative_days={key(k): int(v) for k, v in rules["relative_days"].items()},
            count_directions={key(k): int(v) for k, v in rules["count_directions"].items()},
            number_words={key(k): int(v) for k, v in rules["number_words"].items()},
            one_prefix=key(rules["one_prefix"]),
            modifiers={key(k): v for k, v in rules["modifiers"].items()},
            cues=_forms(rules["cues"]),
            day_prefixes=_forms(rules["day_prefixes"]),
            range_symbols=_forms(rules["range_connectors"]["symbols"]),
            range_words=_forms(rules["range_connectors"]["words"]),
            count_nouns=_forms(guards["count_nouns"]),
            vague_quantities=_forms(guards["vague_quantities"]),
            weekday_not_after=_forms(guards["weekday_not_after"]),
            citation_words=_forms(guards["citation_words"]),
            year_not_before=_forms(guards["year_not_before"]),
            preposition=key(rules["unit_preposition"]),
        )

    def number(self, form: str) -> int:
        """Value of N in a counted unit: digits, a number word or the prefix ``se``."""
        form = key(form)
        if form.isdigit():
            return int(form)
        return 1 if form == self.one_prefix else self.number_words[form]

    def noun(self, granularity: str) -> str:
        """Regex for the unit noun(s) of a granularity ("hari", "pekan|minggu", ...)."""
        return word_trie(u for u, g in self.units.items() if g == granularity)

    def month(self, form: str) -> int:
        """Month number of a month name, abbreviation or 1-2 digit number."""
        form = key(form)
        return int(form) if form.isdigit() else self.months[form]


#: The word sets a rule can start with (besides a digit), by name.
STARTS: dict[str, Callable[[Vocabulary], Iterable[str]]] = {
    "month": lambda v: v.months,
    "weekday": lambda v: v.weekdays,
    "unit": lambda v: v.units,                                         # "bulan Juli", "hari Rabu"
    "modifier": lambda v: v.modifiers,                                 # "awal Oktober"
    "day_prefix": lambda v: v.day_prefixes,                            # "tanggal 25 Oktober"
    "citation": lambda v: v.citation_words,                            # "Nomor 30 Tahun 2002"
    "relative_day": lambda v: v.relative_days,                         # "kemarin", "pagi ini"
    "one_unit": lambda v: (v.one_prefix + u for u in v.units),         # "sepekan lalu"
    "on_unit": lambda v: (f"{v.preposition} {u}" for u in v.units),    # "pada hari Rabu"
    "number_unit": lambda v: (f"{n} {u}" for n in v.number_words for u in v.units),  # "dua hari"
}


@dataclass(frozen=True)
class Rule:
    r"""One rule of the grammar: its name, the word sets it starts with, its pattern template.

    Parameters
    ----------
    name : str
        The rule's name: the ``kind`` of its mentions is derived from it.
    starts : tuple of str
        Names of :data:`STARTS` (what the rule's first word can be; digits always can).
    pattern : str
        The regex template (``{piece}``, ``{slot=piece}``: see the module docstring).

    Returns
    -------
    Rule

    Examples
    --------
    >>> Rule("iso", (), r"{year=year}-{month=iso_month}-{day=iso_day}(?!\d)").name
    'iso'
    """

    name: str
    starts: tuple[str, ...]
    pattern: str


#: The grammar, in order (at one position, the first rule that matches wins).
RULES: tuple[Rule, ...] = (
    # Not dates: law citations "UU Nomor 30 Tahun 2002" (matched, then dropped).
    Rule(SKIP, ("citation",), r"{citation_word}\s*\d+[\w./-]*\s+{year_noun}\s+{year}"),
    # 12-17 September 2023 | 30 September - 2 Oktober 2023 | Januari-Maret 2023
    Rule("range", ("day_prefix", "month", "unit"),
         r"{day_prefix}(?:{day=day}{connector}{day2=day}\s+{month2=month_any}(?:\s+{year2=year})?"
         r"|{day=day}\s+{month=month_any}(?:\s+{year=year})?"
         r"{connector}{day2=day}\s+{month2=month_any}(?:\s+{year2=year})?"
         r"|(?:{month_noun}\s+)?{month=month_any}{connector}{month2=month_any}\s+{year2=year})"),
    # Sabtu (23/9/2023) | Senin (11/9) | Selasa, 9 Januari 2024 | Kamis malam 12 September
    Rule("weekday_date", ("weekday", "unit", "on_unit"),
         r"{on_day}?{weekday=weekday_any}(?:\s+{times_of_day})?"
         r"(?:\s*,?\s*\(\s*(?:{day_month}|{day_slash})\s*\)"
         r"|(?:\s*,\s*|\s+)(?:{day_month}|{numeric}|{day_slash}))"),
    # 2023-09-23
    Rule("iso", (), r"{year=year}-{month=iso_month}-{day=iso_day}(?!\d)"),
    # 23/9/2023 | tanggal 23-9-2023
    Rule("numeric", ("day_prefix",), r"{day_prefix}(?:{numeric})"),
    # 27 Oktober 2023 | 27 Okt. 2023 | tanggal 25 Oktober | 25 Oktober lalu
    Rule("day_month", ("day_prefix",), r"{day_prefix}{day=day}\s+{month=month_any}{year_part}?"),
    # September 2023 | bulan Juli 2023 | Oktober tahun lalu | awal Oktober | pada September
    Rule("month", ("modifier", "unit", "month"),
         r"(?:{mod=modifier}\s+)?(?:{month_noun}\s+)?{month=month_any}{year_part}"
         r"|(?:{mod=modifier}\s+(?:{month_noun}\s+)?|{month_noun}\s+"
         r"|(?={month_alone}){after_cue}){month=month_alone}"),
    # dua hari lalu | 3 bulan yang lalu | sepekan lalu | tiga tahun lagi
    Rule("counted", ("number_unit", "one_unit"),
         r"(?:{num=count_number}\s+{unit=unit}|(?<!\w){num=one_prefix}{unit=unit_glued})"
         r"\s+{direction=count_direction}"),
    # pekan lalu | Awal bulan ini | Pada tahun lalu | akhir pekan lalu
    Rule("deictic", ("modifier", "on_unit", "unit"),
         r"(?:{mod=modifier}\s+|{preposition}\s+)?(?={deictic_unit}){not_counted}"
         r"{unit=deictic_unit}\s+{deixis=deixis}"),
    # pada hari Rabu ini | Selasa lalu | Senin pekan depan | Minggu malam | ..., Minggu.
    Rule("weekday", ("unit", "on_unit", "weekday"),
         r"(?:{on_day}{weekday=weekday_any}"
         r"|(?={weekday_bare}){cased=}{not_habit}(?<![-–]){weekday=weekday_bare}(?![-–]\w)"
         r"|(?={sunday}){cased=}{not_habit}{inside_sentence}{weekday=sunday}(?![-–]\w)"
         r"|{cased=}{weekday=sunday}(?=\s+{times_of_day}))"
         r"(?:\s+(?:{wunit=week_noun}\s+)?{deixis=deixis})?"),
    # kemarin | hari ini | besok | pada hari ini
    Rule("fixed", ("relative_day", "on_unit"),
         r"(?:{preposition}\s+(?={day_noun}))?{fixed=relative_day}"),
    # pada 2006 | tahun 2022 | awal tahun 2022 | akhir 2023 | sejak 2019 hingga 2021
    Rule("year", ("modifier", "unit"),
         r"(?:{mod=modifier}\s+(?:{year_noun}\s+)?|{year_noun}\s+|(?=\d){after_cue})"
         r"{year=year}(?:{connector}{year2=year})?{not_count}"),
)

# Shared templates (they fill slots of the rule they are used in).
_TEMPLATES = {
    # after a month: 2023 | tahun 2023 | tahun lalu | lalu
    "year_part": r"(?:\s+(?:{year_noun}\s+)?{year=year}|\s+{year_noun}\s+{ydeixis=deixis}"
                 r"|\s+{deixis=deixis})",
    "day_month": r"{day_prefix}{day=day}\s+{month=month_any}(?:\s+{year=year})?",  # 9 Januari 2024
    "day_slash": r"{day=day}\s*/\s*{month=month_number}(?:\s*/\s*{year=short_year})?",  # 14/09/19
    "numeric": r"{day=day}/{month=month_number}/{year=year}|{day=day}-{month=month_number}-{year=year}",
}


def _by_length(words: Iterable[str]) -> list[str]:
    """Alternations of the literal ``words``, one per length (for lookbehinds)."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(words)):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return ["(?:" + "|".join(same) + ")" for _, same in sorted(by_length.items())]


def _not_after(words: Iterable[str]) -> str:
    """Lookbehinds: not right after one of ``words`` and a space (they need a fixed width)."""
    return "".join(rf"(?<!{same}\s)" for same in _by_length(words))


def _number_pieces() -> dict[str, str]:
    """The digit patterns of days, months and years in running text."""
    not_in_number = r"(?<!\d)(?<!\d[.,])"  # "1,25 Oktober" is no date, ",25 Oktober" is
    year = not_in_number + r"(?:19\d\d|20\d\d|2100)(?!\d)(?![.,]\d)"
    return {
        "day": not_in_number + r"(?<!/)(?:3[01]|[12]\d|0?[1-9])(?!\d)",
        "month_number": r"(?:1[0-2]|0?[1-9])(?!\d)",
        "year": year,
        "short_year": rf"(?:{year}|(?<!\d)\d\d(?!\d))",  # only in "Sabtu (14/9/19)"
        "number": not_in_number + r"\d{1,3}(?!\d)(?![.,]\d)",
        "iso_month": "(?:1[0-2]|0[1-9])",
        "iso_day": "(?:3[01]|[12][0-9]|0[1-9])",
    }


def _word_pieces(v: Vocabulary) -> dict[str, str]:
    """The word patterns of the vocabulary."""
    preposition = word_trie([v.preposition])
    return {
        "month_any": word_trie(v.months) + r"(?:\.(?=\s*\d))?",
        "month_alone": word_trie(v.standalone_months),
        "weekday_any": word_trie(v.weekdays),
        "weekday_bare": word_trie(w for w in v.weekdays if w != v.sunday),
        "sunday": word_trie([v.sunday]),
        **{f"{unit}_noun": v.noun(unit) for unit in ("day", "week", "month", "year")},
        "preposition": preposition,
        "deixis": word_trie(v.deixis),
        "deictic_unit": word_trie(v.deictic_units),
        "modifier": word_trie(v.modifiers),
        "times_of_day": word_trie(v.times_of_day),
        "day_prefix": r"(?:" + word_trie(v.day_prefixes) + r"\s+)?",
        "on_day": rf"(?:(?:{preposition}\s+)?{v.noun('day')}\s+)",  # "pada hari", "hari"
        "citation_word": word_trie(v.citation_words),
        "relative_day": word_trie(v.relative_days),
        "unit": word_trie(v.units),
        "unit_glued": word_trie(v.units, left=False),
        "one_prefix": re.escape(v.one_prefix),
        "count_direction": word_trie(v.count_directions),
    }


def _guard_pieces(v: Vocabulary, number: str) -> dict[str, str]:
    """Connectors, cue words and the false-positive guards."""
    return {
        "connector": (r"(?:\s*(?:" + "|".join(map(re.escape, v.range_symbols)) + r")\s*"
                      r"|\s+" + word_trie(v.range_words) + r"\s+)"),
        "after_cue": "(?:" + "|".join(rf"(?<=(?<!\w){same}\s)" for same in _by_length(v.cues)) + ")",
        "not_counted": r"(?<!\d\s)" + _not_after([*v.vague_quantities, *v.number_words]),
        "not_habit": _not_after(v.weekday_not_after),
        "not_count": (rf"(?!\s*{word_trie(v.year_not_before, left=False)})"
                      rf"(?!\s+{word_trie(v.count_nouns)})"),
        "count_number": number + "|" + word_trie(v.number_words),
        "inside_sentence": rf"(?<=[^\s{LINE_BREAK}.!?\"“”(]\s)",  # "di Jakarta, Minggu"
        "": "",  # the empty group of {cased=}
    }


def _pieces(v: Vocabulary) -> dict[str, str]:
    """Every regex piece a rule template can name (besides the shared templates)."""
    numbers = _number_pieces()
    return {**numbers, **_word_pieces(v), **_guard_pieces(v, numbers["number"])}


_PLACEHOLDER = re.compile(r"\{(\w+)(?:=(\w*))?\}")


def _expand(rule: Rule, pieces: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The regex of a rule, ``(?P<name>...)``, and its slot groups (group name, slot) in order."""
    groups: list[tuple[str, str]] = []

    def expand(template: str) -> str:
        return _PLACEHOLDER.sub(replace, template)

    def replace(placeholder: re.Match) -> str:
        first, second = placeholder.groups()
        slot, name = (None, first) if second is None else (first, second)
        if name in _TEMPLATES:
            pattern = expand(_TEMPLATES[name])
        elif name in pieces:
            pattern = pieces[name]
        else:
            raise ValueError(f"date rule {rule.name!r}: no piece named {name!r} in {placeholder[0]}")
        if slot is None:
            return pattern
        if slot not in (*SLOTS, CASED):
            raise ValueError(f"date rule {rule.name!r}: {slot!r} is not a slot ({', '.join(SLOTS)})")
        group = f"{rule.name}__{slot}__{len(groups)}"
        groups.append((group, slot))
        return f"(?P<{group}>{pattern})"

    return f"(?P<{rule.name}>{expand(rule.pattern)})", groups


def _first_words(rule: Rule, v: Vocabulary) -> set[str]:
    unknown = [name for name in rule.starts if name not in STARTS]
    if unknown:
        raise ValueError(f"date rule {rule.name!r} starts with unknown word sets {unknown} "
                         f"(known: {', '.join(STARTS)})")
    return {word for name in rule.starts for word in STARTS[name](v)}


def _check_starts(rule: Rule, pattern: str, words: set[str]) -> None:
    """Raise unless every way ``pattern`` can begin is a digit or the start of one of ``words``.

    Otherwise the scanner's gate would never let the rule be tried there. What a pattern
    can begin with is read off the pattern (:func:`analysis.dates._prefixes.prefixes`);
    its leading letters must begin the first word of one of ``words``, or begin with one
    (the analysis ignores lookarounds: "ags" + "s/d" reads as "agss").
    """
    tokens = {word.split(" ")[0] for word in words}
    for prefix in sorted(prefixes(pattern, PREFIX - 1)):
        known = prefix[:prefix.index(ANY)] if ANY in prefix else prefix
        if known[:1] == (DIGIT,) or not known:
            continue
        letters = "".join(chr(ord("a") + c - 1) for c in itertools.takewhile(lambda c: 1 <= c <= 26, known))
        if letters and any(token.startswith(letters) or letters.startswith(token)
                           for token in tokens):
            continue
        text = letters + "".join(" " if c == 0 else "9" if c == DIGIT else "_" for c in known[len(letters):])
        raise ValueError(
            f"date rule {rule.name!r} can start with {text!r}, which begins no word of its "
            f"word sets ({', '.join(rule.starts) or 'none'}): the scanner would never try it "
            f"there; add the word set to the rule's starts (see STARTS)")


def build_tagger(vocabulary: Vocabulary, rules: Iterable[Rule] = RULES) -> Tagger:
    """Compile ``rules`` over ``vocabulary`` into a :class:`~analysis.dates.scanner.Tagger`.

    Parameters
    ----------
    vocabulary : Vocabulary
        The word lists (:meth:`Vocabulary.load`).
    rules : iterable of Rule
        The grammar, in order (default :data:`RULES`).

    Returns
    -------
    Tagger
        The compiled grammar; its gate lets through digits and the first words of every rule.

    Raises
    ------
    ValueError
        Naming the rule: a rule can start with a word its ``starts`` do not begin, or names
        an unknown piece, slot or word set.

    Examples
    --------
    >>> bad = Rule("counted", ("one_unit",), RULES[7].pattern)  # forgot "dua hari", "3 hari"
    >>> build_tagger(Vocabulary.load(), [bad])
    Traceback (most recent call last):
    ...
    ValueError: date rule 'counted' can start with 'dela', which begins no word of its word sets (one_unit): the scanner would never try it there; add the word set to the rule's starts (see STARTS)
    """
    pieces = _pieces(vocabulary)
    parts, groups, first_words = {}, {}, set()
    for rule in rules:
        parts[rule.name], groups[rule.name] = _expand(rule, pieces)
        words = _first_words(rule, vocabulary)
        _check_starts(rule, parts[rule.name], words)
        first_words |= words
    return Tagger.build(first_words, parts, groups, SLOTS)


@lru_cache(maxsize=None)
def compiled() -> tuple[Vocabulary, Tagger]:
    """The vocabulary of the data files and the grammar of :data:`RULES`, built once.

    Returns
    -------
    tuple of (Vocabulary, Tagger)

    Examples
    --------
    >>> compiled()[0].deixis["silam"]
    'past'
    """
    vocabulary = Vocabulary.load()
    return vocabulary, build_tagger(vocabulary)
