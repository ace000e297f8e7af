"""Who is quoted: direct, indirect and mixed quotations in the body lines of the cleaner.

:func:`find_quotes` reads the ``lines`` frame of :func:`analysis.clean.label_lines` (body lines
only) and returns one row per quote and line. The rules are data (``data/quotes.yaml``):
quotation marks, the cues written after a quote (``kata``, ``ujar``, ``bunyi`` …), speech verbs
(``mengatakan``, ``menyatakan`` …), pronouns, role words and anonymous-source phrases.

Conventions
-----------
* ``direct``: the quote is the whole attributed content in quotation marks
  (“…,” kata X; X mengatakan, "…"; “…” X.); ``indirect``: reported speech without marks
  (X mengatakan (bahwa) …; menurut X, …; …, menurut X.); ``mixed``: reported speech holding
  a quoted part.
* One sentence gives at most one quote (the first speech verb outside quotation marks); the
  quotes of one speaker on one line are recorded once (the first).
* A speech verb followed by "hal ini", "pernyataan tersebut" … points back and is no quote.
* ``resolved`` is true when the line names the speaker by pronoun, role or document only
  ("ujarnya", "kementerian itu", "pernyataan tersebut"): the speaker is then the last one
  named in earlier lines of the document (a pronoun may also take a name earlier on its own
  line, which leaves ``resolved`` false). A line that starts with "Bahwa" or with an opening
  quotation mark after a line ending in a speech verb (or a colon) continues that quote.
* ``speaker_type``: ``person`` (a gazetteer person, or a role word with a name), ``document``
  (pernyataan, laporan … with its issuer as speaker), ``anonymous`` (speaker ``None``) or
  ``organisation`` (any other named speaker); ``actor`` is the gazetteer's canonical name when
  the speaker is one actor.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from ._gazetteer import gazetteer
from .frames import require_columns
from .rules import load_yaml

__all__ = ["QUOTE_COLUMNS", "QUOTE_KINDS", "SPEAKER_TYPES", "find_quotes", "speaker_candidates", "quote_rules"]

#: Columns of the table :func:`find_quotes` returns.
QUOTE_COLUMNS = ["doc_id", "outlet", "line_no", "kind", "speaker", "speaker_type", "actor",
                 "resolved", "cue", "quote"]
#: Kinds of quotation.
QUOTE_KINDS = ("direct", "indirect", "mixed")
#: Kinds of speaker.
SPEAKER_TYPES = ("person", "organisation", "anonymous", "document")

#: A sentence break: end punctuation (maybe a closing mark), then a space or a comma (pages
#: flattened with "," between paragraphs), then a capital or an opening mark.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"»’]?(?:\s+|\s*,\s*)(?=[A-Z“\"«‘])")
_NAME = r"(?:[A-Z][\w.'’-]*|\([A-Z][\w.-]*\))"


def _words(words) -> str:
    """One alternation of whole words or phrases (longest first; spaces match any run)."""
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


@functools.lru_cache(maxsize=1)
def quote_rules() -> dict[str, re.Pattern]:
    """The compiled rules of ``data/quotes.yaml``.

    Parameters
    ----------
    None

    Returns
    -------
    dict of str to re.Pattern
        ``quoted`` (a span in quotation marks), ``after`` (cue after a quote), ``bare``
        (a name alone after a quote), ``verb`` (a speech verb), ``menurut_before``/``after``,
        ``pointer``, ``pronoun``, ``plural``, ``document``, ``issuer``, ``role``, ``org_role``,
        ``anonymous``, ``prefix``, ``trailing`` (adverbials before the verb), ``run`` (a name
        run ending the subject).

    Examples
    --------
    >>> bool(quote_rules()["verb"].search("Ia mengatakan bahwa"))
    True
    """
    data = load_yaml("quotes.yaml")
    marks = data["quote_marks"]
    quoted = "|".join(f"{re.escape(o)}(?P<q{i}>[^{re.escape(c)}\n]+?){re.escape(c)}"
                      for i, (o, c) in enumerate(marks))
    stops = _words(data["speaker_stops"])
    verbs, passive = _words(data["speech_verbs"]), _words(data["passive_speech_verbs"])
    aux = _words(data["auxiliaries"])
    joiner = _words(data["speaker_joiners"])
    run = rf"{_NAME}(?:,?\s+(?:{_NAME}|{joiner}(?=\s+[A-Z]|$)|{joiner}))*"
    after = (rf"^\s*,?\s*(?:{_words(data['after_quote_lead'])}\s+)?"
             rf"(?:(?P<cue>{_words(data['after_quote_cues'])})(?P<nya>nya)?\b"
             rf"(?:\s+(?P<speaker>(?:(?!\s+{stops}\b)[^.,;:!?“”\"])+))?"
             rf"|(?P<cue3>{passive})\s+(?:oleh\s+)?(?P<speaker3>(?:(?!\s+{stops}\b)[^.,;:!?“”\"])+)"
             rf"|(?P<speaker2>[A-Za-z][^.,;:!?“”\"]{{0,100}}?)\s+(?:{aux}\s+)*"
             rf"(?P<cue2>{verbs}|{passive})\b)")
    pron = data["pronouns"]
    return {
        "quoted": re.compile(quoted),
        "after": re.compile(after, re.IGNORECASE),
        "bare": re.compile(rf"^\s*,?\s*(?P<speaker>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,3}})\s*\.?\s*$"),
        "verb": re.compile(rf"\b(?P<cue>{verbs})\b", re.IGNORECASE),
        "menurut_before": re.compile(r"^\s*(?P<cue>[Mm]enurut)\s+(?P<speaker>[^,]{2,80}?),\s*(?P<quote>.+)$"),
        "menurut_after": re.compile(r"^(?P<quote>.+?),\s*(?P<cue>menurut)\s+(?P<speaker>[^,.]{2,80})[.!?]?\s*$"),
        "content": re.compile(r"^\s*[,:]?\s*(?:(?:(?!me)\S+\s+){0,6}?bahwa\s+)?", re.IGNORECASE),
        "pointer": re.compile(rf"\s*[,:]?\s*{_words(data['pointers'])}\b", re.IGNORECASE),
        "pronoun": re.compile(rf"(?:^|\s){_words(pron['singular'] + pron['plural'])}$|^nya$",
                              re.IGNORECASE),
        "plural": re.compile(rf"(?:^|\s){_words(pron['plural'])}$", re.IGNORECASE),
        "document": re.compile(rf"(?:^|\s)(?P<head>{_words(data['document_heads'])})\b"
                               rf"(?P<rest>.*)$", re.IGNORECASE),
        "filler": re.compile(rf"^(?:\s*\b(?:{_words(data['document_fillers'])}|\d+|[a-z]+ber)\b)*\s*",
                             re.IGNORECASE),
        "issuer": re.compile(rf"(?P<speaker>{run})\s+(?:{aux}\s+)*{_words(data['issue_verbs'])}\s+"
                             rf"(?:\w+\s+){{0,2}}?{_words(data['document_heads'])}\b"),
        "role": re.compile(rf"\b{_words(data['person_roles'])}\b", re.IGNORECASE),
        "institution": re.compile(rf"{_words(data['institution_words'])}", re.IGNORECASE),
        "org_role": re.compile(rf"\b{_words(data['organisation_roles'])}\b", re.IGNORECASE),
        "anonymous": re.compile(rf"(?:^|\s){_words(data['anonymous'])}\b", re.IGNORECASE),
        "opener": re.compile(rf"^{_words(data['sentence_openers'])}\s+(?=[A-Z])", re.IGNORECASE),
        "prefix": re.compile(rf"^{_words(data['speaker_prefixes'])}\s+", re.IGNORECASE),
        "trailing": re.compile(rf"(?:\s+(?:{aux}|pada\s+(?:hari\s+)?\w+(?:\s+\d+)?(?:\s+[A-Z]\w+)?"
                               rf"(?:\s+\d{{4}})?|(?:pekan|bulan|tahun|minggu)\s+lalu))+$",
                               re.IGNORECASE),
        "run": re.compile(rf"(?P<run>{run})$"),
        "reference": re.compile(rf"^(?P<head>{_words(data['person_roles'] + data['organisation_roles'])})"
                                r"\s+(?:itu|tersebut|ini)$", re.IGNORECASE),
    }


def find_quotes(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Direct, indirect and mixed quotations of the body lines, with their speakers.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``doc_id, line_no, label, reason, text``, as from :func:`analysis.clean.label_lines`;
        only ``body`` lines are read.
    documents : pandas.DataFrame
        ``doc_id, outlet`` (one row per document).

    Returns
    -------
    pandas.DataFrame
        :data:`QUOTE_COLUMNS`: one row per quote and line, sorted by ``doc_id`` and
        ``line_no`` (then order in the line). ``speaker``, ``actor`` and ``cue`` are
        string columns, missing (NA) for an anonymous source, a speaker that is not one
        gazetteer actor, and a quote tagged by a bare name respectively.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2], "label": ["body"] * 2,
    ...     "reason": [""] * 2, "text": ["Juru bicara Kremlin Dmitry Peskov mengatakan bahwa "
    ...     "Moskow tidak terlibat.", "“Kami menolak tuduhan itu,” ujarnya."]})
    >>> found = find_quotes(lines, pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]}))
    >>> found[["line_no", "kind", "speaker", "resolved", "cue"]].values.tolist()
    [[1, 'indirect', 'Dmitry Peskov', False, 'mengatakan'], [2, 'direct', 'Dmitry Peskov', True, 'ujar']]
    """
    require_columns(lines, ["doc_id", "line_no", "label", "reason", "text"], "find_quotes", "lines")
    require_columns(documents, ["doc_id", "outlet"], "find_quotes", "documents")
    body = lines.loc[lines["label"].eq("body"), ["doc_id", "line_no", "text"]]
    body = body.astype({"doc_id": "str"}).sort_values(["doc_id", "line_no"], kind="stable")
    rows = []
    for doc_id, group in body.groupby("doc_id", sort=True):
        rows.extend(_document_quotes(doc_id, group["line_no"].tolist(), group["text"].tolist()))
    out = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "outlet"])
    unique = documents.drop_duplicates("doc_id")
    outlets = pd.Series(unique["outlet"].to_numpy(), index=unique["doc_id"].astype("str").to_numpy())
    out.insert(1, "outlet", out["doc_id"].map(outlets).fillna("").astype("str"))
    out["line_no"] = out["line_no"].astype("int64")
    out["resolved"] = out["resolved"].astype(bool)
    out["actor"] = _actors(out["speaker"])
    return out[QUOTE_COLUMNS].reset_index(drop=True)


def _actors(speakers: pd.Series) -> pd.Series:
    """The canonical gazetteer name of each speaker that is exactly one actor, else None."""
    compiled = gazetteer()
    names = speakers.dropna().drop_duplicates()
    canonical = {}
    for name in names:
        stripped = quote_rules()["prefix"].sub("", name)
        if compiled.regex.fullmatch(stripped):
            canonical[name] = compiled.actors["canonical"].iat[compiled.actor_id(stripped)]
    return speakers.map(canonical).astype("str")


class _Context:
    """What a document has said so far: named speakers, document issuers, earlier lines."""

    def __init__(self):
        self.speakers: list[tuple[str, str]] = []     # (speaker, type), named ones
        self.documents: list[str] = []                # issuers of documents, in order
        self.texts: list[str] = []                    # earlier lines
        self.pending: tuple | None = None             # (speaker, type, resolved, cue)

    def last(self, types: tuple[str, ...]) -> str | None:
        """The last speaker of one of ``types``."""
        return next((s for s, t in reversed(self.speakers) if t in types), None)

    def remember(self, speaker: str | None, speaker_type: str) -> None:
        """Record a named speaker (documents also as issuers)."""
        if speaker:
            self.speakers.append((speaker, speaker_type))
            if speaker_type == "document":
                self.documents.append(speaker)


def _document_quotes(doc_id: str, line_nos: list[int], texts: list[str]) -> list[tuple]:
    """The quote rows of one document (lines in order)."""
    rules, context, rows = quote_rules(), _Context(), []
    for line_no, text in zip(line_nos, texts):
        found = _continued(text, context) + _line_quotes(text, rules)
        context.pending = None
        seen = set()
        for raw in found:
            who = raw.get("who") or _attribute(raw, text, context)
            if who is None:
                continue
            if raw["mode"] == "pending":
                context.pending = (*who, raw["cue"])
                continue
            speaker, speaker_type, resolved = who
            if speaker in seen:
                continue
            seen.add(speaker)
            context.remember(speaker, speaker_type)
            rows.append([doc_id, line_no, raw["kind"], speaker, speaker_type, None, resolved,
                         raw["cue"], raw["quote"]])
        context.documents.extend(m.group("speaker") for m in rules["issuer"].finditer(text))
        context.texts.append(text)
    return _fill_orphans(rows)


def _fill_orphans(rows: list[list]) -> list[list]:
    """Quotes opened on a line and closed on a later one take the speaker of the closing line."""
    for i, row in enumerate(rows):
        if row[4] != "orphan":
            continue
        closing = next((r for r in rows[i + 1:] if r[0] == row[0] and r[4] != "orphan"
                        and r[2] == "direct"), None)
        row[3:8] = ([closing[3], closing[4], None, True, closing[7]] if closing
                    else [None, "unattributed", None, False, None])
    return [r for r in rows if r[4] != "unattributed"]


def _raw(kind: str, mode: str, cue, quote: str, start: int, subject: str = "", **extra) -> dict:
    """A quote found on a line before its speaker is attributed."""
    return {"kind": kind, "mode": mode, "cue": cue.lower() if cue else None,
            "quote": quote.strip(" ,.;:"), "start": start, "subject": subject, **extra}


def _continued(text: str, context: _Context) -> list[dict]:
    """The quote of a line continuing the speech verb that ended the previous line."""
    if context.pending is None:
        return []
    speaker, speaker_type, _, cue = context.pending
    opened = quote_rules()["quoted"].match(text)
    if text.startswith(("Bahwa ", "bahwa ")):
        kind, quote = "indirect", text[6:]
    elif opened and opened.end() >= len(text.rstrip(" .")) - 1:
        kind, quote = "direct", next(g for g in opened.groups() if g)
    else:
        return []
    return [_raw(kind, "continued", cue, quote, 0, who=(speaker, speaker_type, True))]


def _line_quotes(text: str, rules: dict) -> list[dict]:
    """Quotes of one line: after-quote cues first, then one speech verb per sentence."""
    found, masked = _after_quote(text, rules)
    hidden = rules["quoted"].sub(lambda m: "\0" * len(m.group()), masked)
    if text.lstrip()[:1] in "“\"«‘" and not rules["quoted"].match(text.lstrip()) and not found:
        return [_raw("direct", "orphan", None, text.lstrip()[1:], 0, who=(None, "orphan", False))]
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(hidden)]
    ends = starts[1:] + [len(hidden)]
    for start, end in zip(starts, ends):
        if hidden[start:end].strip():
            quote = _sentence_quote(text, masked, hidden, start, end, rules)
            if quote is not None:
                found.append(quote)
    return sorted(found, key=lambda q: q["start"])


def _after_quote(text: str, rules: dict) -> tuple[list[dict], str]:
    """Quotes followed by their cue or speaker; the text with those spans blanked."""
    found, masked = [], text
    for match in rules["quoted"].finditer(text):
        tail = text[match.end():]
        cue = rules["after"].match(tail)
        bare = None if cue else rules["bare"].match(_first_sentence(tail))
        if not (cue or bare):
            continue
        quote = next(g for g in match.groups() if g)
        if cue and cue.group("cue"):
            subject = "nya" if cue.group("nya") else (cue.group("speaker") or "")
            found.append(_raw("direct", "after", cue.group("cue"), quote, match.start(), subject))
            end = match.end() + cue.end()
        elif cue:
            which = "3" if cue.group("cue3") else "2"
            found.append(_raw("direct", "after", cue.group("cue" + which), quote, match.start(),
                              cue.group("speaker" + which)))
            end = match.end() + cue.end()
        else:
            found.append(_raw("direct", "bare", None, quote, match.start(), bare.group("speaker")))
            end = match.end() + len(_first_sentence(tail))
        masked = masked[:match.start()] + " " * (end - match.start()) + masked[end:]
    return found, masked


def _first_sentence(text: str) -> str:
    found = _SENTENCE_END.search(text)
    return text[:found.start()] if found else text


def _sentence_quote(text: str, masked: str, hidden: str, start: int, end: int,
                    rules: dict) -> dict | None:
    """The quote of one sentence: ``menurut X``, or the first speech verb outside quotes."""
    sentence = masked[start:end]
    for name in ("menurut_before", "menurut_after"):
        found = rules[name].match(sentence)
        if found:
            return _raw("indirect", "menurut", found.group("cue"), found.group("quote"),
                        start, found.group("speaker"), document_ok=True)
    verb = rules["verb"].search(hidden, start, end)
    if verb is None or rules["pointer"].match(masked, verb.end()):
        return None
    post = masked[verb.end():end]
    content = post[rules["content"].match(post).end():]
    subject = masked[start:verb.start()]
    if not content.strip(" .,;:!?"):
        if sentence.rstrip()[-1:] in ".:" and end == len(masked.rstrip()) or end == len(masked):
            return _raw("indirect", "pending", verb.group("cue"), "", verb.start(), subject)
        return None
    kind = _kind(content, rules)
    if kind == "direct":
        content = next(g for g in rules["quoted"].search(content).groups() if g)
    return _raw(kind, "subject", verb.group("cue"), content, verb.start(), subject)


def _kind(content: str, rules: dict) -> str:
    """direct when the content is one span in quotation marks, mixed when it holds one."""
    whole = rules["quoted"].fullmatch(content.strip().rstrip(".").strip())
    if whole:
        return "direct"
    return "mixed" if rules["quoted"].search(content) else "indirect"


def _attribute(raw: dict, text: str, context: _Context) -> tuple | None:
    """``(speaker, speaker_type, resolved)`` of a quote found on ``text``, or None (no speaker)."""
    rules = quote_rules()
    before = text[:raw["start"]]
    if raw["mode"] in ("subject", "pending"):
        segment = _subject(raw["subject"], rules)
    else:
        segment = rules["trailing"].sub("", " ".join(raw["subject"].split()))
    if not segment:
        return None
    if raw["mode"] == "menurut" and rules["verb"].search(segment):
        return None
    return _classify(segment, before, context, rules)


def _subject(text: str, rules: dict) -> str:
    """The subject of a speech verb: the clause before it, without adverbials or dateline."""
    text = " ".join(text.replace("\0", " ").split())
    text = re.sub(r"^[^-–—]{2,60}?\s[-–—]\s+", "", text)
    pieces = [p.strip() for p in text.split(",")]
    subject = re.sub(r"\s+yang\s.*$", "", pieces.pop())      # "X yang telah … mengaku"
    if pieces and subject[:1].islower() and not rules["anonymous"].match(subject) \
            and re.fullmatch(rf"{_NAME}(?:\s+{_NAME}){{0,3}}", pieces[-1]):
        subject = pieces.pop()                                  # "Ria, salah satu mahasiswa …"
    while pieces and re.match(r"(?:dan|serta)\s", subject) and pieces[-1][:1].isupper() \
            and len(pieces[-1].split()) <= 4:
        subject = f"{pieces.pop()}, {subject}"
    if not subject and pieces:              # "X menolak …, menyebut bahwa …": X's subject
        main = re.search(rf"(?:^|,\s)({_NAME}(?:\s+{_NAME})*)\s+(?:\w+\s+)?me\w+", text)
        subject = main.group(1) if main else ""
    return rules["trailing"].sub("", subject).strip(" ,")


def _classify(segment: str, before: str, context: _Context, rules: dict) -> tuple | None:
    """Speaker, type and whether it was resolved from earlier lines."""
    segment = rules["prefix"].sub("", rules["opener"].sub("", segment))
    if rules["pronoun"].search(segment):
        return _resolve_pronoun(bool(rules["plural"].search(segment)), before, context)
    reference = rules["reference"].match(segment)
    if reference:
        return _resolve_reference(reference.group("head"), context, rules)
    persons = _persons(segment)
    if persons:
        return persons[0], "person", False
    document = rules["document"].search(segment)
    if document and document.start() == 0:
        return _document(document.group("rest"), before, context, rules)
    run = rules["run"].search(re.sub(r"\s*\([^()]*\)$", "", segment))
    name = _person_name(run.group("run"), rules) if run else None
    if name and rules["role"].search(segment):
        return name, "person", False
    if rules["anonymous"].match(segment):
        return None, "anonymous", False
    if run is None:
        return None
    name = run.group("run").strip(" ,")
    if _is_organisation(name, rules):
        return name, "organisation", False
    return _known_person(name, before, context), "person", False


def _is_organisation(name: str, rules: dict) -> bool:
    """A name with an actor that is no person, an acronym, or an institution word."""
    compiled = gazetteer()
    actors = [compiled.actor_id(m) for m in compiled.regex.findall(name)]
    if any(compiled.actors["type"].iat[i] != "person" for i in actors):
        return True
    words = re.findall(r"[\w'’-]+", name)
    return any(w.isupper() and len(w) > 1 or rules["org_role"].fullmatch(w)
               or rules["institution"].fullmatch(w) for w in words) or (not actors and len(words) > 4)


def _known_person(name: str, before: str, context: _Context) -> str:
    """The full name of a person named by one part of it: a speaker named earlier whose name
    ends with it (``Wibowo``), or a first name followed by more names earlier in the document
    (``Ria`` -> ``Ria Irawan``); else ``name``."""
    known = next((s for s, t in reversed(context.speakers)
                  if t == "person" and (s == name or s.endswith(" " + name))), None)
    if known or " " in name:
        return known or name
    forward = re.compile(rf"\b{re.escape(name)}(?:\s+[A-Z][a-z][\w'’-]*){{1,2}}\b")
    backward = re.compile(rf"\b([A-Z][a-z][\w'’-]*)\s+{re.escape(name)}\b")
    rules = quote_rules()
    for text in (before, *reversed(context.texts)):
        found = forward.findall(text) or [f"{m} {name}" for m in backward.findall(text)
                                          if not any(rules[k].fullmatch(m) for k in
                                                     ("role", "org_role", "institution", "opener"))]
        if found:
            return found[0]
    return name


def _persons(text: str) -> list[str]:
    """Canonical names of the gazetteer persons mentioned in ``text``, in order."""
    compiled = gazetteer()
    ids = [compiled.actor_id(m) for m in compiled.regex.findall(text)]
    return [compiled.actors["canonical"].iat[i] for i in ids if compiled.actors["type"].iat[i] == "person"]


def _person_name(run: str, rules: dict) -> str | None:
    """The capitalised words ending ``run`` after its last actor, acronym or role word."""
    compiled = gazetteer()
    blanked = compiled.regex.sub(lambda m: "#" * len(m.group()), run)
    words = []
    for word in reversed(blanked.split()):
        if ("#" in word or not word[:1].isupper() or word.isupper()
                or any(rules[k].fullmatch(word) for k in ("role", "org_role", "institution"))):
            break
        words.append(word)
    return " ".join(reversed(words)) if len(words) >= 2 else None


def _resolve_pronoun(plural: bool, before: str, context: _Context) -> tuple | None:
    """A pronoun: a name earlier on its line (not resolved), else the last speaker named."""
    compiled = gazetteer()
    if plural:
        actor = rf"(?:{compiled.regex.pattern})"
        joint = list(re.finditer(rf"{actor}(?:,\s+{actor})*,?\s+(?:dan|serta)\s+{actor}", before))
        if joint:
            return joint[-1].group(), "organisation", False
    else:
        persons = _persons(before)
        if persons:
            return persons[-1], "person", False
    types = ("organisation", "person") if plural else ("person", "organisation")
    speaker = context.last(types[:1]) or context.last(types[1:])
    return (speaker, dict(context.speakers)[speaker], True) if speaker else None


def _resolve_reference(head: str, context: _Context, rules: dict) -> tuple | None:
    """``kementerian itu``, ``juru bicara tersebut``: the last such named one earlier."""
    pattern = re.compile(rf"\b(?i:{re.escape(head)})(?:\s+{_NAME})+")
    for text in reversed(context.texts):
        found = pattern.findall(text)
        if found:
            name = found[-1]
            persons = _persons(name)
            if persons:
                return persons[-1], "person", True
            return name, "person" if rules["role"].match(head) else "organisation", True
    return None


def _document(rest: str, before: str, context: _Context, rules: dict) -> tuple | None:
    """A document speaker: its issuer as written, else the last issuer named earlier."""
    issuer = rules["filler"].sub("", rest).strip(" ,")
    issuer = re.sub(r"^(?:itu|tersebut|ini)\b.*$", "", issuer, flags=re.IGNORECASE).strip()
    run = rules["run"].search(issuer) if issuer else None
    if run and run.start() == 0:
        return run.group("run"), "document", False
    if context.documents:
        return context.documents[-1], "document", True
    return None


# --------------------------------------------------------------------------- gazetteer candidates

#: A word that ends a role before a name: it ends a clause or a sentence.
_CLAUSE_END = re.compile(r"[.,;:!?\"“”«»()]$")


def speaker_candidates(quotes: pd.DataFrame, lines: pd.DataFrame, context_words: int = 6) -> pd.DataFrame:
    """Named speakers the actor gazetteer does not know, proposed as new entries with their role.

    The role is what the page writes just before the name ("Juru bicara Dewan Keamanan Nasional
    AS" before "John Kirby"): up to ``context_words`` words, cut at the end of a clause, without
    the stopwords that lead into it (*menurut*, *sementara itu* ...). Speakers only referred to
    (``resolved``), groups of speakers ("AS dan Jepang") and anonymous sources are left out.

    Parameters
    ----------
    quotes : pandas.DataFrame
        As from :func:`find_quotes`.
    lines : pandas.DataFrame
        ``doc_id, line_no, text`` (the lines the quotes were found in).
    context_words : int
        Words before the name read for the role.

    Returns
    -------
    pandas.DataFrame
        ``speaker, speaker_type, role, candidate (role + name), quotes, documents, outlets``, the
        speakers quoted most first (ties by name); ``role`` is the one written most often.

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"], "reason": [""],
    ...     "text": ["Menurut ekonom senior Andi Wijaya, stok beras aman."]})
    >>> found = find_quotes(lines, pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]}))
    >>> speaker_candidates(found, lines)[["speaker", "candidate"]].values.tolist()
    [['Andi Wijaya', 'ekonom senior Andi Wijaya']]
    """
    require_columns(quotes, ["doc_id", "outlet", "line_no", "speaker", "speaker_type", "actor", "resolved"],
                    "speaker_candidates", "quotes")
    require_columns(lines, ["doc_id", "line_no", "text"], "speaker_candidates", "lines")
    single = ~quotes["speaker"].fillna("").str.contains(r",| dan | & ", regex=True)  # not a group of speakers
    named = quotes[quotes["speaker"].notna() & quotes["actor"].isna() & ~quotes["resolved"].astype(bool)
                   & quotes["speaker_type"].isin(["person", "organisation"]) & single]
    texts = lines[["doc_id", "line_no", "text"]].astype({"doc_id": "str"}).drop_duplicates(["doc_id", "line_no"])
    named = named.astype({"doc_id": "str"}).merge(texts, on=["doc_id", "line_no"], how="left")
    named = named.assign(role=[_role_before(str(text), str(name), context_words)
                               for text, name in zip(named["text"].fillna(""), named["speaker"])])
    table = (named.groupby(["speaker", "speaker_type"], sort=True)
             .agg(role=("role", _most_written), quotes=("line_no", "size"), documents=("doc_id", "nunique"),
                  outlets=("outlet", lambda o: "; ".join(sorted(set(o)))))
             .reset_index())
    table = table.astype({"speaker": "str", "speaker_type": "str", "role": "str"})  # also when no row is left
    table.insert(3, "candidate", (table["role"] + " " + table["speaker"]).str.strip())
    return table.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _role_before(text: str, name: str, context_words: int) -> str:
    """The words just before the first ``name`` in ``text``, back to a clause end, without leading stopwords."""
    at = text.find(name)
    if at < 0:
        return ""
    words = text[:at].split()[-context_words:]
    for index in range(len(words) - 1, -1, -1):
        if _CLAUSE_END.search(words[index]):
            words = words[index + 1:]
            break
    stopwords = _stopwords()
    while words and words[0].lower() in stopwords:
        words = words[1:]
    return " ".join(words)


def _most_written(roles: pd.Series) -> str:
    """The role written most often (ties: the first in alphabetical order); "" when none is."""
    written = roles[roles.ne("")]
    if written.empty:
        return ""
    counts = written.value_counts()
    return sorted(counts.index[counts.eq(counts.max())])[0]


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from .tokens import load_stopwords

    return load_stopwords()
