"""Character classes, and what a regular expression can start with (private to the scanner).

This is the only module of ``analysis.dates`` that relies on CPython internals: the
analysis of a pattern reads the parse tree of ``re._parser`` (with the opcodes of
``re._constants``), which is not a public API. Everything that touches it is in
:func:`_parse_tree` and :func:`_item_prefixes` below; should a future Python change the
tree, :func:`prefixes` returns "anything" for what it cannot read, which keeps the
scanner correct (it only tries more rules at more places, slower).

Character classes: 0 is a non-word character, 1-26 the letters a-z, then digits (\\d)
and other word characters (\\w). :data:`CLASSES` gives "?" and every character beyond
Latin-1 the class :data:`UNSURE` until each is classified.
"""

from __future__ import annotations

import re
from re import _constants as sre, _parser as sre_parse  # CPython internals: see the docstring

__all__ = ["DIGIT", "WORD", "UNSURE", "N_CLASSES", "ANY", "CLASSES", "char_class", "prefixes"]

DIGIT, WORD, UNSURE = 27, 28, 29
N_CLASSES = 32
ANY = -1  # in a prefix: any class from here on


def char_class(char: str) -> int:
    """0 for a non-word character, 1-26 for a-z, DIGIT, or WORD for other word characters.

    >>> char_class("a"), char_class("7"), char_class(" ")
    (1, 27, 0)
    """
    if "a" <= char <= "z":
        return ord(char) - ord("a") + 1
    if re.match(r"\d", char):
        return DIGIT
    return WORD if re.match(r"\w", char) else 0


CLASSES = bytes(UNSURE if code == ord("?") else char_class(chr(code)) for code in range(256))
_CATEGORY_CLASSES = {
    sre.CATEGORY_DIGIT: frozenset({DIGIT}),
    sre.CATEGORY_WORD: frozenset(range(1, WORD + 1)),
    sre.CATEGORY_SPACE: frozenset({0}),
    sre.CATEGORY_NOT_WORD: frozenset({0}),
}


def _parse_tree(pattern: str):
    """The parse tree of ``pattern`` (``re._parser``: private to CPython)."""
    return sre_parse.parse(pattern)


def prefixes(pattern: str, length: int) -> set[tuple[int, ...]]:
    """What a match of ``pattern`` can start with: tuples of character classes.

    A tuple has ``length`` classes, or fewer when the match may end there, or
    ends with ANY where the analysis stops; either way any text may follow.
    Computed on the parsed regex, erring on the side of more: a lookaround
    consumes nothing, groups, branches and repeats are looked into, and an
    unknown construct allows anything.

    >>> sorted(prefixes(r"(?<!\\w)(?:ab|\\d+)", 2))
    [(1, 2), (27,), (27, 27)]
    """
    try:
        found = _sequence_prefixes(_parse_tree(pattern), length)
    except Exception:  # an unknown construct: anything
        return {(ANY,)}
    return found


def _sequence_prefixes(items, length: int) -> set[tuple[int, ...]]:
    found = {()}
    for op, av in items:
        done = {p for p in found if len(p) == length or p[-1:] == (ANY,)}
        if len(done) == len(found):
            break
        item = _item_prefixes(op, av, length)
        found = done | {(p + q)[:length] for p in found - done for q in item}
    return found


def _item_prefixes(op, av, length: int) -> set[tuple[int, ...]]:
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return {()}
    if op is sre.LITERAL:
        return {(char_class(chr(av)),)}
    if op is sre.IN:  # a wide set ends the analysis (many classes multiply the prefixes)
        classes = _set_classes(av)
        return {(ANY,)} if classes is None or len(classes) > 4 else {(c,) for c in classes}
    if op is sre.BRANCH:
        return set().union(*(_sequence_prefixes(branch, length) for branch in av[1]))
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _sequence_prefixes(av[3], length)
    if op is sre.ATOMIC_GROUP:
        return _sequence_prefixes(av, length)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat_prefixes(*av, length)
    return {(ANY,)}


def _repeat_prefixes(low: int, high: int, sub, length: int) -> set[tuple[int, ...]]:
    once = _sequence_prefixes(sub, length)
    found, repeated = set(), {()}
    for times in range(min(high, low + length) + 1):  # more repeats only add longer text
        if times >= low:
            found |= repeated
        repeated = {p if len(p) == length or p[-1:] == (ANY,) else (p + q)[:length]
                    for p in repeated for q in once}
    return found


def _set_classes(items) -> frozenset[int] | None:
    """Classes a character set ``[...]`` can match (None: unknown, any)."""
    classes: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            classes.add(char_class(chr(av)))
        elif op is sre.RANGE and av[1] - av[0] < 1024:
            classes.update(char_class(chr(code)) for code in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av in _CATEGORY_CLASSES:
            classes |= _CATEGORY_CLASSES[av]
        else:  # a negated set, a wide range, another category
            return None
    return frozenset(classes)
