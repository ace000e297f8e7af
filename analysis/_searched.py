"""Patterns built per name, and the texts worth running them on.

:mod:`analysis.speakers` builds a pattern for each name, acronym or office it looks up in a
document's earlier lines ("di Banyuwangi", "Jusuf Kalla (JK)", "Menhub Budi Karya"). Compiling
such a pattern costs more than the search, and most earlier lines do not contain the name at
all: :func:`may_hold` keeps the lines that contain it (a plain substring test), and
:func:`pattern_of` compiles a pattern once per process, only for a name some line holds;
:func:`found_in` tests each of a document's lines once however often it is asked, and
:func:`written_after` looks for a name after a place marker where the name is written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

__all__ = ["pattern_of", "lowered", "may_hold", "found_in", "written_after"]


@functools.lru_cache(maxsize=4096)
def pattern_of(source: str) -> re.Pattern:
    """``re.compile`` with a cache of its own: the patterns built per name and the gazetteer's
    large one would otherwise push each other out of ``re``'s small cache."""
    return re.compile(source)


@functools.lru_cache(maxsize=1 << 14)
def lowered(text: str) -> str:
    """``text.lower()``, kept: a document's earlier lines are searched again for each speaker."""
    return text.lower()


def may_hold(texts: Iterable[str], word: str, ignore_case: bool = False) -> list[str]:
    """The ``texts`` a pattern that needs ``word`` written in it (in any case with ``ignore_case``)
    can match: a plain substring test first, so that a pattern is built and run only where the
    word is. Where the word is not ASCII, or the text holds a letter that ``re`` folds to an ASCII
    one (:data:`_FOLDS_TO_ASCII`), ``re``'s case folding may match other letters than
    ``str.lower``'s, so such texts are kept for the pattern to decide."""
    if not ignore_case:
        return [text for text in texts if word in text]
    needle = word.lower()
    return [text for text in texts if not _folded_alike(text, word) or needle in lowered(text)]


def _folded_alike(text: str, word: str) -> bool:
    """Whether ``str.lower`` folds ``text`` and ``word`` as ``re``'s any-case matching does: an
    ASCII word, and none of the letters :data:`_FOLDS_TO_ASCII` in the text."""
    return word.isascii() and (text.isascii() or not _FOLDS_TO_ASCII.search(text))


def found_in(memo: dict, key, texts: list[str], test: Callable[[str], bool]) -> bool:
    """Whether ``test`` is true of one of ``texts``, a document's lines so far: ``memo`` (the
    document's, kept across calls) holds the answer for ``key`` and how many lines it covers, so
    that as lines are added only the new ones are tested, each once. ``texts`` is only appended
    to between calls (another list, or a shorter one, is tested from its start)."""
    found, seen, lines = memo.get(key, (False, 0, None))
    if lines is not texts or seen > len(texts):  # another list of lines: tested from the start
        found, seen = False, 0
    if not found and seen < len(texts):
        found = any(map(test, texts[seen:]))
    memo[key] = (found, len(texts), texts)
    return found


@functools.lru_cache(maxsize=64)
def _ending(markers: str) -> tuple[re.Pattern, int] | None:
    """``\\b(?:markers)`` (any case) matched where a search window ends, and the longest text it can
    match (so that the window need hold no more); None where that is unbounded, or where the rule
    could look past its own end (a look-ahead, an end anchor), which a window's end would hide."""
    if any(part in markers for part in ("(?=", "(?!", "$", "\\Z", "\\z")):
        return None
    try:
        from re import _parser

        width = _parser.parse(markers).getwidth()[1]
    except (ImportError, AttributeError, re.error):  # another Python's re: the whole-line search
        return None
    return (re.compile(rf"(?i:\b(?:{markers}))\Z"), width) if width < 1 << 12 else None


def written_after(text: str, word: str, markers: str) -> bool:
    """Whether ``text`` writes ``word`` (any case) after one of ``markers`` and white space, or
    opens with it and a comma: ``(?i:\\b(?:{markers})\\s+{word}\\b|^\\W*{word}\\s*,)``, found from
    the places ``word`` is written rather than tried at every character. That needs ``str.lower``
    to fold the text's letters as ``re`` does: an ASCII word, and none of the four letters ``re``
    folds to an ASCII one (İ, ı, ſ, the Kelvin sign) in the text."""
    ending = _ending(markers)
    if ending is None or not _folded_alike(text, word):
        escaped = re.escape(word)
        return bool(pattern_of(rf"(?i:\b(?:{markers})\s+{escaped}\b|^\W*{escaped}\s*,)").search(text))
    low, needle = lowered(text), word.lower()
    if any(low.startswith(needle, at) and _COMMA.match(text, at + len(needle))
           for at in range(_LEAD.match(text).end() + 1)):
        return True
    marker, width = ending
    at = low.find(needle)
    while at >= 0:
        space = at
        while space and text[space - 1].isspace():
            space -= 1
        if _BOUNDARY.match(text, at + len(needle)) and any(
                marker.search(text, max(0, end - width), end) for end in range(space, at)):
            return True
        at = low.find(needle, at + 1)
    return False


_LEAD, _COMMA, _BOUNDARY = re.compile(r"\W*"), re.compile(r"\s*,"), re.compile(r"\b")
#: The only letters outside ASCII that ``re`` matches with an ASCII letter in any case (``(?i)i``
#: matches İ and ı, ``(?i)s`` ſ, ``(?i)k`` the Kelvin sign; found by trying every code point), and
#: the only ones whose ``str.lower`` is ASCII or longer than one letter (İ, the Kelvin sign).
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
