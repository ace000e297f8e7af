"""The actor gazetteer (``data/actors.yaml``) compiled into one regular expression.

Private: :mod:`analysis.actors` is its public face (``load_actors``, ``mark_actors``,
``ACTOR_TYPES``); :mod:`analysis.tokens` reads the placeholders written by
:func:`mark_texts` back as actor tokens, and :mod:`analysis.kwic` finds an actor's mentions
with :func:`gazetteer`.

Placeholders: actor number ``i`` (its row in ``gazetteer().actors``) is written
``ACTOR_OPEN i ACTOR_CLOSE`` (Unicode private-use characters, which never occur in news text).
"""

from __future__ import annotations

import functools
import time
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .rules import parse_yaml

DATA_DIR = Path(__file__).with_name("data")
ACTORS_FILE = DATA_DIR / "actors.yaml"

#: The types an actor of ``actors.yaml`` may have.
ACTOR_TYPES = ("person", "country", "organisation", "place")

ACTOR_OPEN, ACTOR_CLOSE = "\ue000", "\ue001"
#: A run of spaces or tabs, never a paragraph break (how a space of a multi-word form matches).
SPACE = r"[^\S\n]+"


# --------------------------------------------------------------------------- the YAML file

def load_actors(path: str | Path = ACTORS_FILE) -> pd.DataFrame:
    """The actor gazetteer, one row per surface form.

    The canonical name is always one of its surface forms; a form without lower-case
    letters (an acronym such as ``AS``) is matched case-sensitively.

    Parameters
    ----------
    path : str or Path
        The YAML file (default: the package's ``data/actors.yaml``): a list of entries with
        ``canonical``, ``type`` (one of :data:`ACTOR_TYPES`) and ``surface`` (a list of forms).

    Returns
    -------
    pandas.DataFrame
        Columns ``canonical, type, surface, token, case_sensitive``.

    Raises
    ------
    ValueError
        On an unknown type, a form not starting with an upper-case letter, or a form
        claimed by two actors.

    Examples
    --------
    >>> actors = load_actors()
    >>> actors.loc[actors.surface == "Korut", ["canonical", "token"]].values.tolist()
    [['Korea Utara', 'korea_utara']]
    """
    entries = parse_yaml(Path(path).read_text(encoding="utf-8")) or []
    rows = [row for entry in entries for row in _actor_rows(entry)]
    frame = pd.DataFrame(rows, columns=["canonical", "type", "surface", "token",
                                        "case_sensitive"])
    _check_unique_surfaces(frame)
    return frame


def _actor_rows(entry: dict) -> list[tuple]:
    canonical = " ".join(str(entry["canonical"]).split())
    kind = entry.get("type")
    if kind not in ACTOR_TYPES:
        raise ValueError(f"actor {canonical!r}: type {kind!r} not in {ACTOR_TYPES}")
    token = canonical.lower().replace(" ", "_")
    surfaces = dict.fromkeys(" ".join(str(s).split()) for s in
                             [canonical, *(entry.get("surface") or [])])
    rows = []
    for surface in surfaces:
        if not surface[:1].isupper():
            raise ValueError(f"actor {canonical!r}: surface {surface!r} must start "
                             "with an upper-case letter")
        rows.append((canonical, kind, surface, token, is_acronym(surface)))
    return rows


def is_acronym(surface: str) -> bool:
    """True when ``surface`` has no lower-case letter (``AS``, ``NATO``)."""
    return not any(ch.islower() for ch in surface)


def _check_unique_surfaces(frame: pd.DataFrame) -> None:
    owners = frame.groupby(frame["surface"].str.casefold())["canonical"].nunique()
    clashes = owners[owners > 1].index.tolist()
    if clashes:
        raise ValueError(f"surface forms claimed by several actors: {clashes}")


# --------------------------------------------------------------------------- compiled

@dataclass(frozen=True, eq=False)
class Gazetteer:
    """The compiled gazetteer: one regex over all surface forms and its lookups. Compared and
    hashed as an object (one per state of ``actors.yaml``), so that a memo can be kept per
    gazetteer (``speakers._reading``)."""

    regex: re.Pattern             # any surface form (no groups)
    splitter: re.Pattern          # the same in one group, for re.split
    actors: pd.DataFrame          # one row per actor id: canonical, type, token
    exact: dict[str, int]         # acronym surface -> actor id
    folded: dict[str, int]        # case-folded surface -> actor id
    by_name: dict[str, int]       # case-folded surface, canonical or token -> id
    canonical: tuple[str, ...]    # actor id -> canonical name (``actors["canonical"]`` as a tuple)
    types: tuple[str, ...]        # actor id -> type (``actors["type"]`` as a tuple)

    def actor_id(self, matched: str) -> int:
        """The actor id of a string matched by ``regex``."""
        key = " ".join(matched.split())
        found = self.exact.get(key)
        return found if found is not None else self.folded[key.casefold()]


def gazetteer() -> Gazetteer:
    """The compiled default gazetteer, rebuilt when ``actors.yaml`` changes (its time stamp is
    looked at once a second at most: the quote and token stages ask for it once per sentence)."""
    now = time.monotonic()
    if now - _CHECKED[0] > 1.0 or _CHECKED[1] is None:
        _CHECKED[:] = [now, ACTORS_FILE.stat().st_mtime_ns]
    return _compile_gazetteer(str(ACTORS_FILE), _CHECKED[1])


#: When ``actors.yaml``'s time stamp was last read (monotonic seconds), and that time stamp.
_CHECKED: list = [0.0, None]


@functools.lru_cache(maxsize=4)
def _compile_gazetteer(path: str, _mtime_ns: int) -> Gazetteer:
    frame = load_actors(path)
    actors = frame.drop_duplicates("canonical")[["canonical", "type", "token"]]
    actors = actors.reset_index(drop=True)
    ids = frame["canonical"].map(pd.Series(actors.index, index=actors["canonical"]))
    exact, folded, by_name = {}, {}, {}
    for surface, sensitive, i in zip(frame["surface"], frame["case_sensitive"], ids):
        if sensitive:
            exact[surface] = i
        else:
            folded[surface.casefold()] = i
        by_name[surface.casefold()] = i
    by_name.update((t, i) for i, t in enumerate(actors["token"]))
    pattern = actor_pattern(zip(frame["surface"], frame["case_sensitive"]))
    return Gazetteer(re.compile(pattern), re.compile(f"({pattern})"), actors, exact, folded,
                     by_name, tuple(actors["canonical"]), tuple(actors["type"]))


def actor_pattern(surfaces: Iterable[tuple[str, bool]]) -> str:
    """One regular expression matching any of ``(surface, case_sensitive)``.

    Whole words only, longest form first. A case-insensitive form keeps its
    first letter exact (upper-case). The forms are arranged as a two-level trie
    on their first and second letter, both written as plain characters, so that
    Python's regex engine scans for candidate capitals in C and rejects most of
    them after one or two character comparisons.

    >>> re.findall(actor_pattern([("AS", True), ("Amerika Serikat", False)]),
    ...            "AS as Amerika serikat ASEAN")
    ['AS', 'Amerika serikat']
    """
    trie: dict[str, dict[str, list[str]]] = {}
    for surface, sensitive in sorted(set(surfaces), key=lambda s: (-len(s[0]), s)):
        if len(surface) < 2:
            raise ValueError(f"actor surface form {surface!r} is shorter than 2 characters")
        tail = _tail_pattern(surface[2:], sensitive)
        for second in _case_variants(surface[1], sensitive):
            trie.setdefault(surface[0], {}).setdefault(second, []).append(tail)
    branches = [re.escape(first) + r"(?<!\w.)"
                + _alternation(_char_pattern(second) + _alternation(tails)
                               for second, tails in seconds.items())
                for first, seconds in sorted(trie.items())]
    return _alternation(branches) + r"(?!\w)"


def _case_variants(char: str, sensitive: bool) -> list[str]:
    return [char] if sensitive else list(dict.fromkeys([char.upper(), char.lower()]))


def _char_pattern(char: str) -> str:
    return SPACE if char == " " else re.escape(char)


def _tail_pattern(tail: str, sensitive: bool) -> str:
    pattern = "".join(map(_char_pattern, tail))
    return pattern if sensitive or not pattern else f"(?i:{pattern})"


def _alternation(patterns: Iterable[str]) -> str:
    patterns = list(patterns)
    return patterns[0] if len(patterns) == 1 else f"(?:{'|'.join(patterns)})"


# --------------------------------------------------------------------------- placeholders

class _Placeholders(dict):
    """Matched surface string -> placeholder, resolved once per distinct string."""

    def __init__(self, compiled: Gazetteer):
        super().__init__()
        self.gazetteer = compiled

    def __missing__(self, found: str) -> str:
        actor = self.gazetteer.actor_id(found)
        self[found] = placeholder = f"{ACTOR_OPEN}{actor}{ACTOR_CLOSE}"
        return placeholder


def mark_texts(texts: list[str]) -> list[str]:
    """Placeholders for actors; stray placeholder characters in the input are dropped.

    Each text is split at the actor mentions (in C, no Python call per match),
    every mention is swapped for its placeholder and the pieces are joined.
    """
    compiled = gazetteer()
    placeholders = _Placeholders(compiled)
    split = compiled.splitter.split
    marked = []
    for text in texts:
        pieces = split(text.replace(ACTOR_OPEN, "").replace(ACTOR_CLOSE, ""))
        pieces[1::2] = [placeholders[mention] for mention in pieces[1::2]]
        marked.append("".join(pieces))
    return marked
