"""Nicknames a corpus defines for its persons: ``Presiden Joko Widodo (Jokowi)``, ``Basuki Tjahaja
Purnama alias Ahok``, ``Bambang Soesatyo atau yang akrab disapa Bamsoet``.

A news page introduces a person by name and nickname once, then quotes the nickname (``kata
Jokowi``). A nickname shares no word with the name, so :func:`analysis.aliases.speaker_groups`
cannot put the two together from the speakers alone; :func:`nickname_definitions` reads the
definitions from the body lines, and ``speaker_groups`` counts the nickname under the name.

A definition is kept only where the evidence says it is a person's: the words before the bracket
or the cue (``nickname_cues`` of ``data/quotes.yaml``) end in a person's name of two words or
more (:func:`analysis.names._person_name`, no organisation's), no more than half of them common
words (``Kepala Seksi Operasi (Kasiops)`` is an office); a bracket needs a person's role or rank
before the name as well, since a bracket after a name holds as often the person's team
(``Andrea Dovizioso (Ducati)``), and none closes a sentence (a credit, ``… Saragih. (Ncc)``). The
nickname is one capitalised word, not followed by another (``disapa Kak Seto``), that is no word of
the name, no common word (``Dana``), place, role, honorific or actor of the gazetteer, and no acronym
(an acronym is a person's only in a document that defines it: :mod:`analysis.speakers`).

>>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2], "label": ["body", "body"],
...     "text": ["Presiden Joko Widodo (Jokowi) meresmikan tol.", "Harga cabai naik."]})
>>> nickname_definitions(lines).values.tolist()
[['a', 1, 'Jokowi', 'Joko Widodo']]
"""

from __future__ import annotations

import re

import pandas as pd

from ._gazetteer import gazetteer
from ._tokenizer_engine import is_common_word
from .frames import require_columns
from .names import _is_organisation, _person_name, _place
from .quote_rules import quote_rules
from .re2 import may_match, to_arrow

__all__ = ["nickname_definitions", "NICKNAME_COLUMNS"]

#: The columns of :func:`nickname_definitions`.
NICKNAME_COLUMNS = ["doc_id", "line_no", "nickname", "name"]

#: A nickname in brackets: one capitalised word ("(Jokowi)").
_BRACKETED = re.compile(r"\(\s*(?P<nick>[A-Z][\w'’-]+)\s*\)")
#: The run of capitalised words that ends the text before a nickname: the name with its role.
_RUN = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,7}[A-Z][\w'’.-]*$")
#: An initial's full stop inside a name ("Laode M. Syarif").
_INITIAL_STOP = re.compile(r"(?<!\S)([A-Z])\.(?= )")
#: Characters read before a nickname for its name and role.
_WINDOW = 120


def nickname_definitions(lines: pd.DataFrame) -> pd.DataFrame:
    """The nicknames the body lines define for persons, one row per definition.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``doc_id, line_no, label, text`` (as from :func:`analysis.clean.label_lines`); only
        ``body`` lines are read.

    Returns
    -------
    pandas.DataFrame
        :data:`NICKNAME_COLUMNS`: the nickname as written and the person's name without its role,
        in the order of ``doc_id``, ``line_no`` and place in the line.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a", "b"], "line_no": [3, 1], "label": ["body", "body"],
    ...     "text": ["Ketua DPR Bambang Soesatyo atau yang akrab disapa Bamsoet mengatakan …",
    ...              "Pelaksana Tugas (Plt) Kepala Dinas Budi Santoso alias Dana hadir."]})
    >>> nickname_definitions(lines).values.tolist()
    [['a', 3, 'Bamsoet', 'Bambang Soesatyo']]
    """
    require_columns(lines, ["doc_id", "line_no", "label", "text"], "nickname_definitions", "lines")
    body = lines.loc[lines["label"].eq("body"), ["doc_id", "line_no", "text"]]
    body = body.astype({"doc_id": "str"}).sort_values(["doc_id", "line_no"], kind="stable")
    rules = quote_rules()
    cued = may_match(rules["nickname_cue"], to_arrow(body["text"]))  # RE2 over the column: few lines hold a cue
    rows = []
    for doc_id, line_no, text, cue in zip(body["doc_id"].tolist(), body["line_no"].tolist(), body["text"].tolist(),
                                          cued.tolist()):
        if not isinstance(text, str):
            continue
        found = [(m.start(), m.start(), m.group("nick"), True) for m in _BRACKETED.finditer(text)]
        for m in rules["nickname_cue"].finditer(text) if cue else ():
            window = text[max(0, m.start() - _WINDOW):m.start()]
            lead = rules["nickname_leads"].search(window)
            found.append((m.start(), m.start() - len(window) + lead.start(), m.group("nick"), False))
        for _, end, nick, bracketed in sorted(found):
            if nick.isupper():
                continue  # an acronym ("(KPK)", most brackets): no nickname (see _nickname)
            name = _defined_name(text[max(0, end - _WINDOW):end].rstrip(" ,"), nick, rules, bracketed)
            if name:  # an initial without its stop, as quotes.find_quotes writes a speaker ("M Nasir")
                rows.append((doc_id, int(line_no), nick, _INITIAL_STOP.sub(r"\1", name)))
    out = pd.DataFrame(rows, columns=NICKNAME_COLUMNS)
    return out.astype({"doc_id": "str", "line_no": "int64", "nickname": "str", "name": "str"})


def _defined_name(before: str, nick: str, rules: dict, bracketed: bool) -> str | None:
    """The person's name that ``before`` ends with, where ``nick`` can be its nickname; else None
    (see the module's rules; ``bracketed``: the nickname is in brackets)."""
    if before.endswith("."):
        return None  # a bracket after a sentence: a credit ("… Saragih. (Ncc)")
    run = _RUN.search(before)
    # the run and up to three words before it, where a role may be written in lower case ("mantan gubernur")
    led = " ".join(before[:run.start()].split()[-3:]) if run else ""
    if not run or bracketed and not _has_role(f"{led} {run.group()}", rules):
        return None  # (first: the cheapest test of most brackets, "(Persero)", "(Kemenkeu)")
    name = _person_name(run.group(), rules)
    if not name or len(name.split()) < 2 or _is_organisation(name, rules) or not run.group().endswith(name):
        return None
    words = name.split()
    role = _has_role(f"{led} {run.group()[:len(run.group()) - len(name)]}", rules)
    # no more than half of the name's words common words ("Seksi Operasi (Kasiops)", "Hak Asasi Manusia (HAM)"
    # are none), and none in a bracket without a person's role before the name: not "Pelaksana Tugas (Plt)"
    common = sum(is_common_word(w) for w in words)
    if 2 * common > len(words) or not role and bracketed:
        return None
    return name if _nickname(nick, words, rules) else None


def _has_role(words: str, rules: dict) -> bool:
    """Whether ``words`` hold a person's role or rank ("Presiden", "Ketua DPR", "AKBP")."""
    return bool(rules["role"].search(words)) or any(rules["rank"].fullmatch(w) for w in words.split())


def _nickname(nick: str, words: list[str], rules: dict) -> bool:
    """Whether ``nick`` can be the nickname of the name of ``words``."""
    if nick.lower() in {w.lower() for w in words}:
        return False  # a word of the name: the alias rules already read it
    if nick.isupper():
        return False  # an acronym: a person's only where the document defines it (speakers._defined_person)
    compiled = gazetteer()
    return not (is_common_word(nick) or _place(nick, rules) or rules["not_name"].fullmatch(nick)
                or rules["honorific"].fullmatch(nick) or compiled.regex.fullmatch(nick))
