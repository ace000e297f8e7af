"""Scanning lines with the compiled grammar: the same matches as one ``finditer``, faster.

The selected lines are joined, in chunks of about :data:`SCAN_CHARS` characters, and
their ASCII-lower-cased text (:func:`fold`) is scanned with the same matches as one
``finditer`` pass of :attr:`Tagger.regex`, only faster: numpy finds the few places where
the gate can match (a non-word character before a digit or before a word whose first
characters begin a word some rule can start with, :class:`_Starts`), and each is tried
with an alternation of only the rules that can start with its next four characters, in
the grammar's order (once :data:`COMPILE_FROM` places have needed that set of rules;
before, with the alternation of every rule, which finds the same matches there without a
compile). Python touches only those places and the matches. Which rules can
start with what is read off the rules' patterns by :mod:`analysis.dates._prefixes` (the
one module built on CPython's private ``re._parser``).

The equivalence with the plain regex is what ``tests/test_dates.py`` checks
(``test_fast_scan_matches_the_plain_regex`` and the prefilter/dispatch tests).

>>> from analysis.dates.grammar import compiled
>>> found = scan_texts(compiled()[1], ["Rudal ditembakkan pekan lalu.", "Tidak ada."])
>>> found["row"].tolist(), found["start"].tolist(), found["rule"].tolist()
([0], [18], ['deictic'])
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ._prefixes import ANY, CLASSES, DIGIT, N_CLASSES, UNSURE, char_class, prefixes
from .expressions import word_trie

__all__ = ["Tagger", "fold", "scan_texts", "scan_lines", "first_word_window", "SCAN_CHARS",
           "COMPILE_FROM", "CONTEXT_CHARS", "LINE_BREAK", "SKIP", "CASED"]

SCAN_CHARS = 1 << 19  # characters of text scanned at a time (see scan_lines)
CONTEXT_CHARS = 60  # characters of context either side of a mention
LINE_BREAK = "\x00"  # joins the lines of a batch for scanning
SKIP = "skip"  # rule whose matches are known non-dates
CASED = "cased"  # marker of grammar branches that must be capitalised in the text
PREFIX = 5  # characters of a first word that _Starts compares
#: Positions of one rule mask (over this process' scans) from which its own alternation is compiled
#: (about 5 ms) rather than the alternation of every rule tried there (about 2 µs more a position):
#: a few pages compile none (``seeds/``: at most 14 positions a mask), a corpus of 1,000 articles
#: the masks that come 200 times (11 of 19), and the positions tried before cost under 0.5 ms a mask.
COMPILE_FROM = 200


# --------------------------------------------------------------------------
# The numpy prefilter: where the gate can match
# --------------------------------------------------------------------------

def _pack(classes: Iterable[int], start: int = 0) -> int:
    """Character classes packed 5 bits each, the first in the highest bits."""
    return functools.reduce(lambda packed, c: packed << 5 | c, classes, start)


@dataclass(frozen=True)
class _Starts:
    """Where the gate of the grammar can match, found with numpy.

    The regex engine would try the gate at every character of the text; this
    finds, in a few vectorised passes, the non-word characters followed by a
    digit or by a word whose first ``PREFIX`` + 1 characters (as classes) may
    begin some first word (checked as characters 1 to PREFIX, then 2 to
    PREFIX + 1), and, after the first word of a two-word form only ("pada" of
    "pada hari", "dua" of "dua hari"), by a next word that begins one of its
    second words. That is a superset of the gate's positions, so trying the
    regex only there gives the same matches.
    """

    # For the classes of a word's first PREFIX - 1 characters (5 bits each), the
    # classes its next character may have (bit c set: class c) to begin a first word;
    # the same for its 2nd to PREFIX-th characters and the one after (later).
    following: np.ndarray
    later: np.ndarray
    # Two-word forms, pair p: the first word and a space (as classes packed in
    # head_lengths[p] * 5 bits, head_keys[p]), and, for the classes of the first PREFIX - 1
    # characters of the next word, whether they begin a second word (bit p of second_words).
    head_lengths: np.ndarray
    head_keys: np.ndarray
    second_words: np.ndarray

    @classmethod
    def of(cls, first_words: Iterable[str]) -> "_Starts":
        words = sorted(set(first_words))
        following = _window_table(words, PREFIX - 1, np.uint32)
        later = _window_table(words, PREFIX - 1, np.uint32, skip=1)
        lengths, keys = [], []
        second_words = np.zeros(1 << 5 * (PREFIX - 1), dtype=np.uint32)
        for head in sorted({word.split(" ")[0] for word in words if " " in word}):
            two_word = [w for w in words if w.startswith(head + " ")]
            window = [{char_class(char)} for char in head] + [{0}]
            if len(window) > PREFIX or len(lengths) == 32 or any(  # another word fits the window
                    all(a is None or a & b for a, b in zip(first_word_window(w), window))
                    for w in words if w not in two_word):
                continue
            second_words |= _window_table([w[len(head) + 1:] for w in two_word], PREFIX - 1,
                                          bool).astype(np.uint32) << len(lengths)
            lengths.append(len(window))
            keys.append(_pack([*map(char_class, head), 0]))
        return cls(following, later, np.array(lengths, dtype=np.int64),
                   np.array(keys, dtype=np.int64), second_words)

    def positions(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in ``text`` (folded) where the gate may match, in order, and
        the classes of the PREFIX - 1 characters after each (5 bits each)."""
        classes = _classes(text)
        # before every word: the non-word character, and the classes that follow it
        before_word = np.flatnonzero((classes[:-PREFIX - 1] == 0) & (classes[1:-PREFIX] != 0))
        key, last = _keys(classes, before_word)
        keep = (key >> 5 * (PREFIX - 2) == DIGIT) | (self.following[key] >> last & 1 == 1)
        starts, key, last = before_word[keep], key[keep], last[keep]
        inner = (key & (1 << 5 * (PREFIX - 2)) - 1) << 5 | last  # characters 2 to PREFIX
        keep = (key >> 5 * (PREFIX - 2) == DIGIT) | (
            self.later[inner] >> classes[starts + PREFIX + 1] & 1 == 1)
        starts, key, last = starts[keep], key[keep], last[keep]
        if len(self.head_lengths):
            keep = self._second_word_fits(classes, before_word, starts, key, last)
            starts, key = starts[keep], key[keep]
        return starts, key

    def _second_word_fits(self, classes, before_word, starts, key, last) -> np.ndarray:
        """Mask of ``starts``: False after the first word of a two-word form whose next
        word begins none of its second words."""
        window = key.astype(np.int64) << 5 | last
        pair = np.full(len(starts), -1)
        for p, (length, head) in enumerate(zip(self.head_lengths.tolist(), self.head_keys.tolist())):
            pair[window >> 5 * (PREFIX - length) == head] = p
        at = np.flatnonzero(pair >= 0)
        after = np.searchsorted(before_word, starts[at] + self.head_lengths[pair[at]])  # next word
        found = after < len(before_word)
        next_key, _ = _keys(classes, before_word[after[found]])
        keep = np.ones(len(starts), dtype=bool)
        keep[at] = False
        keep[at[found]] = self.second_words[next_key] >> pair[at[found]] & 1 == 1
        return keep


def _classes(text: str) -> np.ndarray:
    """The character class of each character of ``text``, padded with PREFIX + 1 zeros."""
    classes = np.frombuffer(text.encode("latin-1", "replace").translate(CLASSES), np.uint8)
    unsure = np.flatnonzero(classes == UNSURE)
    classes = np.concatenate([classes, np.zeros(PREFIX + 1, dtype=np.uint8)])  # padded
    if len(unsure) * 8 > len(text):  # mostly beyond Latin-1: classify the distinct codes
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)[unsure]
        distinct, index = np.unique(codes, return_inverse=True)
        classes[unsure] = np.array([char_class(chr(c)) for c in distinct.tolist()],
                                   dtype=np.uint8)[index]
    elif len(unsure):
        chars = operator.itemgetter(*unsure.tolist(), 0)(text)[:-1]
        known = {char: char_class(char) for char in set(chars)}
        classes[unsure] = np.fromiter(map(known.__getitem__, chars), np.uint8, len(chars))
    return classes


def _keys(classes: np.ndarray, before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The classes of the PREFIX - 1 characters after each of ``before`` (5 bits
    each), and of the next one."""
    key = classes[before + 1].astype(np.int32)
    for k in range(2, PREFIX):
        key = key << 5 | classes[before + k]
    return key, classes[before + PREFIX]


def first_word_window(word: str, size: int = PREFIX) -> list[set[int] | None]:
    """The classes each of the first ``size`` characters of ``word`` can have where
    the gate matches it: its letters, then a non-word character (the gate ends
    a first word there, or it is the space before the second word), then None
    (any: a run of whitespace and the next word, or what follows).

    Parameters
    ----------
    word : str
        A first word (or two-word form) of the grammar.
    size : int
        How many characters.

    Returns
    -------
    list of (set of int or None)

    Examples
    --------
    >>> first_word_window("dua hari")
    [{4}, {21}, {1}, {0}, None]
    """
    classes = [{char_class(char)} for char in word.split(" ")[0][:size]]
    classes += [{0}] * (len(classes) < size)
    return classes + [None] * (size - len(classes))


def _window_table(words: Iterable[str], size: int, dtype, skip: int = 0) -> np.ndarray:
    """For the classes of ``size`` characters (5 bits each), whether some of ``words``
    can begin with them (bool), or (uint32) which classes its next character can
    have to begin one (bit c set: class c); after the first ``skip`` characters."""
    table = np.zeros(1 << 5 * size, dtype=dtype)
    anything = (1 << N_CLASSES) - 1
    for word in words:
        window = first_word_window(word, skip + size + 1)[skip:]
        nxt = True if dtype == bool else (anything if window[size] is None
                                          else 1 << next(iter(window[size])))
        for classes in itertools.product(*(s or range(N_CLASSES) for s in window[:size])):
            table[_pack(classes)] |= nxt
    return table


# --------------------------------------------------------------------------
# The compiled grammar
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Matcher:
    """A compiled alternation of rules and, per rule, the indices of its group,
    of its slot groups and of its CASED markers."""

    regex: re.Pattern
    groups: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class Tagger:
    """The compiled grammar (made by :func:`analysis.dates.grammar.build_tagger`).

    ``dispatch``: for the classes of the first PREFIX - 1 characters of a mention, the rules
    that can start with them (a bit mask); ``matchers``: the alternation of those rules by
    mask (all of them for the mask of every rule), each compiled when it is first asked for
    (a scan asks for a mask's own once :data:`COMPILE_FROM` of its positions have come);
    ``slots``: per rule and slot the positions of the slot's groups in
    ``m.group(rule, *slot_groups)``; ``starts``: the numpy prefilter; ``slot_names``: every
    slot, the columns of a scan. :attr:`regex` is all rules in one alternation behind the
    gate (what :func:`scan_texts` is equivalent to running ``finditer`` with).

    Parameters
    ----------
    dispatch, matchers, slots, starts, slot_names
        As above; use :meth:`build`.

    Returns
    -------
    Tagger

    Examples
    --------
    >>> from analysis.dates.grammar import compiled
    >>> compiled()[1].regex.match(" 27 oktober 2023").lastgroup
    'day_month'
    """

    dispatch: np.ndarray
    matchers: _Matchers
    slots: dict[str, dict[str, list[int]]]
    starts: _Starts
    slot_names: tuple[str, ...] = ()

    @classmethod
    def build(cls, first_words: Iterable[str], parts: dict[str, str],
              groups: dict[str, list[tuple[str, str]]], slot_names: Sequence[str]) -> "Tagger":
        """Compile rule patterns ``parts`` (name -> ``(?P<name>...)``, in order) and their
        slot ``groups`` (name -> [(group, slot)]) behind a gate that lets through a digit
        or one of ``first_words``.

        The gate consumes the non-word character before a mention and looks ahead for a
        digit or a first word. Besides the whole alternation, one regex is made per set of
        rules that can start with some PREFIX - 1 character classes, holding, in order, only
        those rules: "pekan" is then only tried against the rules that can start with "peka", a
        number against none of the weekday rules (compiled when a scan first needs it, see
        :data:`COMPILE_FROM`).
        """
        first_words = tuple(sorted(set(first_words)))
        gate = rf"[^\w](?=\d|{word_trie(first_words, left=False)})"
        names = list(parts)
        assert len(names) <= 32, "rule masks are 32-bit"
        dispatch = np.zeros((N_CLASSES,) * (PREFIX - 1), dtype=np.uint32)
        for bit, part in enumerate(parts.values()):
            for prefix in prefixes(part, PREFIX - 1):
                fixed = prefix[:prefix.index(ANY)] if ANY in prefix else prefix
                dispatch[fixed] |= 1 << bit
        every = (1 << len(names)) - 1
        matchers = _Matchers(gate, parts, groups, {*np.unique(dispatch).tolist(), every} - {0})
        matchers[every]  # compiled now: a rule that does not compile fails here, not in a later scan
        return cls(dispatch.ravel(), matchers, _slot_positions(groups), _Starts.of(first_words),
                   tuple(slot_names))

    @property
    def regex(self) -> re.Pattern:
        """Every rule in one alternation behind the gate (the matcher of the mask of every rule)."""
        return self.matchers[max(self.matchers)].regex


class _Matchers(Mapping):
    """Rule mask -> :class:`_Matcher`, compiled when first asked for: compiling the alternations
    of all the masks was most of the time it took to build the grammar (about 0.1 s, in every
    process that scans), and a small corpus meets only some of the masks. (:meth:`Tagger.build`
    compiles the one of every rule at once, which checks the whole grammar.)"""

    def __init__(self, gate: str, parts: dict[str, str], groups: dict[str, list[tuple[str, str]]],
                 masks: set[int]):
        self._build = functools.partial(_matcher, gate, parts, groups)
        self._names = list(parts)
        self._masks = frozenset(int(mask) for mask in masks)
        self._compiled: dict[int, _Matcher] = {}
        self._tried: dict[int, int] = {}  # mask -> positions asked for so far (for_positions)

    def __getitem__(self, mask: int) -> _Matcher:
        found = self._compiled.get(mask)
        if found is None:
            if mask not in self._masks:
                raise KeyError(mask)
            found = self._compiled[mask] = self._build([n for i, n in enumerate(self._names) if mask >> i & 1])
        return found

    def for_positions(self, mask: int, positions: int) -> _Matcher:
        """The matcher to try ``positions`` positions of ``mask`` with: the mask's own when it is
        compiled or, with these, :data:`COMPILE_FROM` positions of it have come to repay compiling
        it, else the one of every rule, which finds the same matches there (a rule outside the mask
        cannot match at those positions: tests/test_dates.py) without a compile."""
        self._tried[mask] = self._tried.get(mask, 0) + positions
        if mask in self._compiled or self._tried[mask] >= COMPILE_FROM:
            return self[mask]
        return self[max(self._masks)]

    def __iter__(self):
        return iter(sorted(self._masks))

    def __len__(self) -> int:
        return len(self._masks)


def _matcher(gate: str, parts: dict[str, str], groups: dict[str, list[tuple[str, str]]],
             rules: Sequence[str]) -> _Matcher:
    regex = re.compile(gate + "(?:" + "|".join(parts[r] for r in rules) + ")")
    index = regex.groupindex
    return _Matcher(regex, {
        rule: (index[rule], tuple(index[g] for g, slot in groups[rule] if slot != CASED),
               tuple(index[g] for g, slot in groups[rule] if slot == CASED))
        for rule in rules})


def _slot_positions(groups: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, list[int]]]:
    """Per rule and slot, the positions of its groups in ``m.group(rule, *slot_groups)``."""
    slots = {}
    for name, rule_groups in groups.items():
        columns: dict[str, list[int]] = defaultdict(list)
        for position, (_, slot) in enumerate((g for g in rule_groups if g[1] != CASED), start=1):
            columns[slot].append(position)
        slots[name] = dict(columns)
    return slots


def fold(text: str | bytes) -> str:
    """Lower-case the ASCII letters of ``text``; every character keeps its offset.

    The vocabulary is ASCII, so this is all the case folding the grammar
    needs, and bytes.lower() is several times faster than str.lower().

    Parameters
    ----------
    text : str or bytes
        A text, or its UTF-8 bytes.

    Returns
    -------
    str

    Examples
    --------
    >>> fold("İSTANBUL, Rabu 9 JANUARI")
    'İstanbul, rabu 9 januari'
    """
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    return text.lower().decode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------

def _join(texts: Sequence[str]) -> tuple[str, str, Sequence[str]]:
    """The lines joined with LINE_BREAK (replaced inside a line: no rule crosses it), the
    folded join, and the lines as joined."""
    joined = LINE_BREAK + LINE_BREAK.join(texts)
    data = joined.encode("utf-8", "surrogatepass")
    if data.count(LINE_BREAK.encode()) > max(len(texts), 1):  # a line holds the separator
        texts = [text.replace(LINE_BREAK, " ") for text in texts]
        joined = LINE_BREAK + LINE_BREAK.join(texts)
        data = joined.encode("utf-8", "surrogatepass")
    return joined, fold(data), texts


def _matches(tagger: Tagger, joined: str, folded: str):
    """Each match of the tagger: its start and end in ``joined``, rule and slot groups."""
    positions, keys = tagger.starts.positions(folded)
    masks = tagger.dispatch[keys]
    positions, masks = positions[masks != 0], masks[masks != 0]
    distinct, index, counts = np.unique(masks, return_inverse=True, return_counts=True)
    chosen = [tagger.matchers.for_positions(mask, n) for mask, n in zip(distinct.tolist(), counts.tolist())]
    matchers = [(matcher.regex.match, matcher.groups) for matcher in chosen]
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
        yield start, end, rule, m.group(group, *slot_groups)


def _slot_columns(tagger: Tagger, count: int, groups_by_rule: dict[str, list[tuple]],
                  index_by_rule: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """The slots of ``count`` matches, merged from their rules' groups; a slot no match
    filled is all False (cheaper to create and to parse than all None)."""
    columns = {slot: np.zeros(count, dtype=bool) for slot in tagger.slot_names}
    for rule, found in groups_by_rule.items():
        values = list(zip(*found))  # one tuple per group of the rule
        for slot, where in tagger.slots[rule].items():
            merged = values[where[0]]
            for position in where[1:]:  # the first branch that matched wins
                merged = [a if a is not None else b for a, b in zip(merged, values[position])]
            if not any(merged):  # (a filled slot is never empty)
                continue
            if columns[slot].dtype != object:
                columns[slot] = np.full(count, None, dtype=object)
            columns[slot][index_by_rule[rule]] = merged
    return columns


def scan_texts(tagger: Tagger, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Mentions in a batch of lines: columns row (line index), start, end, rule and slots.

    The lines are joined with LINE_BREAK (which no rule crosses) and folded
    to lower case. The regex is tried only where :class:`_Starts` says its
    gate may match, skipping the inside of the last match: the same matches
    as ``tagger.regex.finditer``, without the engine testing every position.
    Python only collects each match's groups, merged into slots afterwards,
    rule by rule (a slot no match filled is an all-False array). Matches of
    CASED branches that are not capitalised in the original are dropped.

    Parameters
    ----------
    tagger : Tagger
        The compiled grammar.
    texts : sequence of str
        The lines.

    Returns
    -------
    dict of str to numpy.ndarray
        ``row``, ``start``, ``end`` (offsets in the line), ``rule`` and one column per slot.

    Examples
    --------
    >>> from analysis.dates.grammar import compiled
    >>> scan_texts(compiled()[1], ["Pada 2006."])["year"].tolist()
    ['2006']
    """
    joined, folded, texts = _join(texts)
    starts, ends, rules = [], [], []
    groups_by_rule: dict[str, list[tuple]] = defaultdict(list)
    index_by_rule: dict[str, list[int]] = defaultdict(list)
    for start, end, rule, groups in _matches(tagger, joined, folded):
        index_by_rule[rule].append(len(starts))
        groups_by_rule[rule].append(groups)
        starts.append(start)
        ends.append(end)
        rules.append(rule)
    columns = _slot_columns(tagger, len(starts), groups_by_rule, index_by_rule)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    line_starts = np.cumsum(lengths + 1) - lengths  # just after each LINE_BREAK
    starts, ends = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    rows = np.searchsorted(line_starts, starts, side="right") - 1
    return {"row": rows, "start": starts - line_starts[rows], "end": ends - line_starts[rows],
            "rule": np.array(rules, dtype=object), **columns}


def _line_texts(column: pd.Series, positions: np.ndarray):
    """The lengths of the lines at ``positions`` and a function giving lines ``a:b`` of them."""
    if isinstance(column.dtype, pd.StringDtype):  # Python strings made chunk by chunk
        lengths = column.str.len().fillna(0).to_numpy(dtype=np.int64)[positions]

        def texts(a: int, b: int) -> np.ndarray:  # a slice: no take over the whole column
            if a == b:
                return np.array([], dtype=object)
            first, last = positions[a], positions[b - 1] + 1
            values = column.iloc[first:last].to_numpy(dtype=object, na_value="")
            return values[positions[a:b] - first]
        return lengths, texts
    values = column.iloc[positions].fillna("").astype(str).to_numpy(dtype=object)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return lengths, lambda a, b: values[a:b]


def scan_lines(tagger: Tagger, column: pd.Series, selected: np.ndarray):
    """The mentions in the ``selected`` rows of a column of lines, chunk by chunk.

    In chunks of whole lines, about :data:`SCAN_CHARS` characters each: the work arrays
    stay small (and in cache) however large the batch, and only the text and context of
    each match are kept.

    Parameters
    ----------
    tagger : Tagger
        The compiled grammar.
    column : pandas.Series of str
        The ``text`` column of ``lines``.
    selected : numpy.ndarray of bool
        The rows to scan.

    Returns
    -------
    tuple
        ``rows`` (index into the column of each match), the columns of :func:`scan_texts`
        but ``row``, the ``text`` of each match and its ``context``.

    Examples
    --------
    >>> from analysis.dates.grammar import compiled
    >>> rows, found, text, context = scan_lines(compiled()[1], pd.Series(["x", "Sejak 2019 lalu"]),
    ...                                         np.array([True, True]))
    >>> rows.tolist(), text.tolist(), found["rule"].tolist()
    ([1], ['2019'], ['year'])
    """
    positions = np.flatnonzero(selected)
    lengths, texts = _line_texts(column, positions)
    ends = np.cumsum(lengths + 1)
    cuts = np.searchsorted(ends, np.arange(SCAN_CHARS, ends[-1] if len(ends) else 0, SCAN_CHARS))
    bounds = np.unique([0, *cuts.tolist(), len(positions)]).tolist()
    parts, text, context = [], [], []
    for a, b in list(zip(bounds[:-1], bounds[1:])) or [(0, 0)]:
        chunk = texts(a, b)
        parts.append(scan_texts(tagger, chunk.tolist()))
        of_match = chunk[parts[-1]["row"]].tolist()  # the line of each match
        start, end = parts[-1]["start"].tolist(), parts[-1]["end"].tolist()
        text += [line[s:e] for line, s, e in zip(of_match, start, end)]
        context += _context(of_match, start, end)
    found = _concatenate(parts, bounds[:-1] or [0])
    rows = positions[found.pop("row")]
    return rows, found, np.array(text, dtype=object), np.array(context, dtype=object)


def _concatenate(parts: list[dict[str, np.ndarray]], firsts: list[int]) -> dict[str, np.ndarray]:
    """The columns of :func:`scan_texts` for consecutive chunks of lines, the
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
