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
from bisect import bisect_right

import numpy as np
import pandas as pd

from ._gazetteer import gazetteer
from .frames import require_columns
from .re2 import may_match, to_arrow
from .quote_rules import SENTENCE_BREAK, quote_rules
from .names import _degree_pieces, initial_stop
from .speakers import Context, attribute

__all__ = ["QUOTE_COLUMNS", "QUOTE_KINDS", "SPEAKER_TYPES", "find_quotes", "speaker_candidates", "quote_rules"]

#: Columns of the table :func:`find_quotes` returns.
QUOTE_COLUMNS = ["doc_id", "outlet", "line_no", "kind", "speaker", "speaker_type", "actor",
                 "resolved", "cue", "quote"]
#: Kinds of quotation.
QUOTE_KINDS = ("direct", "indirect", "mixed")
#: Kinds of speaker.
SPEAKER_TYPES = ("person", "organisation", "anonymous", "document")

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
        :data:`QUOTE_COLUMNS`: one row per quote, at most one per speaker and paragraph of a
        line (a line an export joined from paragraphs with commas, :func:`_joints`, counts
        each), sorted by ``doc_id`` and ``line_no`` (then order in the line); a quotation with
        no word left in it is none. ``speaker``, ``actor`` and ``cue`` are
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
    rows, ids, line_nos, texts = [], body["doc_id"].tolist(), body["line_no"].tolist(), body["text"].tolist()
    may = _may_match(body["text"])
    said = _lines_quotes(texts, [quoted for _, quoted, _ in may])
    starts = [i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]] + [len(ids)]
    for a, b in zip(starts, starts[1:]):  # one document's lines (sorted above)
        rows.extend(_document_quotes(ids[a], line_nos[a:b], texts[a:b], may[a:b], said[a:b]))
    out = pd.DataFrame(rows, columns=[c for c in QUOTE_COLUMNS if c != "outlet"])
    unique = documents.drop_duplicates("doc_id")
    outlets = pd.Series(unique["outlet"].to_numpy(), index=unique["doc_id"].astype("str").to_numpy())
    out.insert(1, "outlet", out["doc_id"].map(outlets).fillna("").astype("str"))
    out["line_no"] = out["line_no"].astype("int64")
    out["resolved"] = out["resolved"].astype(bool)
    # one space; an initial without its full stop ("Laode M. Syarif" as "Laode M Syarif": one form)
    out["speaker"] = out["speaker"].where(out["speaker"].isna(), out["speaker"].str.split().str.join(" ")
                                          .str.replace(r"(?<!\S)([A-Z])\.(?= )", r"\1", regex=True))
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
            canonical[name] = compiled.canonical[compiled.actor_id(stripped)]
    return speakers.map(canonical).astype("str")

def _may_match(texts: pd.Series) -> list[tuple[bool, bool, bool]]:
    """Per line, may the rules that only open a line's search match it: the mention head, a
    quotation span and an issuing verb with its document head. One RE2 pass over the column
    each (``re2.may_match``: True wherever Python's pattern matches), so that Python's regex
    runs only where they may."""
    rules = quote_rules()
    if texts.empty:
        return []
    column = to_arrow(texts)
    passes = [may_match(rules[name], column) for name in ("mention_head", "quoted", "issued")]
    return list(zip(*(p.tolist() for p in passes)))


def _document_quotes(doc_id: str, line_nos: list[int], texts: list[str],
                     may: list[tuple[bool, bool, bool]], said: list[list[dict]]) -> list[tuple]:
    """The quote rows of one document (lines in order); ``may`` as from :func:`_may_match`,
    ``said`` the lines' own quotes (:func:`_lines_quotes`)."""
    rules, context, rows = quote_rules(), Context(), []
    for line_no, text, (head, quoted, issue), own in zip(line_nos, texts, may, said):
        found = _continued(text, context) + (_mentions(text, rules) if head else []) + own
        context.pending = None
        seen, joints = {}, None
        for raw in sorted(found, key=lambda q: q["start"]):
            who = raw.get("who") or attribute(raw, text, context)
            if who is None:
                continue
            if raw["mode"] == "pending":
                context.pending = (*who, raw["cue"])
                continue
            if raw["mode"] in ("mention", "pointer"):
                context.remember(*who[:2])
                continue
            speaker, speaker_type, resolved = who
            if not any(c.isalnum() for c in raw["quote"]):  # what an export left of it ("…, ,")
                context.remember(speaker, speaker_type)
                continue
            if speaker in seen:  # one quote per speaker and paragraph (joints looked for only here)
                joints = _joints(text) if joints is None else joints
                paragraph = bisect_right(joints, raw["start"])
                if any(bisect_right(joints, start) == paragraph for start in seen[speaker]):
                    continue
            seen.setdefault(speaker, []).append(raw["start"])
            context.remember(speaker, speaker_type)
            rows.append([doc_id, line_no, raw["kind"], speaker, speaker_type, None, resolved,
                         raw["cue"], raw["quote"]])
        if issue and rules["issued"].search(text):  # the issuer regex scans name runs: run it only where it can match
            context.documents.extend(m.group("speaker") for m in rules["issuer"].finditer(text))
        context.texts.append(text)
    return _fill_orphans(rows)


#: Where an export that joins a page's paragraphs with commas joined two: a sentence's end (and a
#: closing quotation mark) right before a comma and a capital ("… Senin (16/9/2019)., Nilai …",
#: "… ke KPK.,,,Menurut …"); not a quotation's end before its cue ('?", kata'), nor an initial ("S.H., M.H.")
_JOINT = re.compile(r"[.!?](?<![\s.,(][A-Z][.!?])[\"”’]?\s*,(?=[\s,]*[\"“”‘]?[A-Z0-9])")


def _joints(text: str) -> list[int]:
    """Where the paragraphs of ``text`` after its first start (:data:`_JOINT`): the paragraph of a
    position ``at`` is ``bisect_right(joints, at)``, 0 in a line that is one paragraph."""
    return [m.end() for m in _JOINT.finditer(text)]


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


def _mentions(text: str, rules: dict) -> list[dict]:
    """Who said what a line points back to ("Hal ini diungkapkan oleh X …"): no quote, but X
    is the speaker later pronouns refer to."""
    if not rules["mention_head"].search(text):
        return []
    return [_raw("indirect", "mention", m.group("cue"), "", m.start(), m.group("speaker"))
            for m in rules["mention"].finditer(text)]


def _raw(kind: str, mode: str, cue, quote: str, start: int, subject: str = "", **extra) -> dict:
    """A quote found on a line before its speaker is attributed."""
    return {"kind": kind, "mode": mode, "cue": cue.lower() if cue else None,
            "quote": quote.strip(" ,.;:"), "start": start, "subject": subject, **extra}


def _continued(text: str, context: Context) -> list[dict]:
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


def _lines_quotes(texts: list[str], quoted: list[bool]) -> list[list[dict]]:
    """The quotes of each line by itself: after-quote cues first, then one speech verb per
    sentence, in order of where they start; ``quoted`` False: the line has no quotation span
    (nothing to look for after one or to hide). A sentence is read in Python only where one
    RE2 pass over all the sentences (``re2.may_match``) says a reporting clause or a speech
    verb may be in it, or it holds "enurut" (the same quotes as reading every sentence)."""
    rules = quote_rules()
    split = [_sentences(text, rules, q) for text, q in zip(texts, quoted)]
    pieces = [masked[a:b] for _, masked, _, spans in split for a, b in spans]
    column = to_arrow(pd.Series(pieces, dtype=object))
    # a verb in the sentence with its quotations hidden is a verb of the sentence itself
    read = may_match([rules["sentence_cue"], rules["inserted"], rules["verb"]], column) if pieces else []
    out, k = [], 0
    for text, (found, masked, hidden, spans) in zip(texts, split):
        for start, end in spans:
            if read[k] or "enurut" in pieces[k]:
                quote = _sentence_quote(text, masked, hidden, start, end, rules)
                if quote is not None:
                    found.append(quote)
            k += 1
        out.append(sorted(found, key=lambda q: q["start"]))
    return out


def _sentences(text: str, rules: dict, quoted: bool) -> tuple[list[dict], str, str, list[tuple[int, int]]]:
    """A line's quotes found after quotation spans, the line with those blanked (``masked``)
    and with its quotation spans hidden too, and the spans of its non-blank sentences (none
    when the line is the orphan end of a quote opened on an earlier line: its one quote)."""
    found, masked = _after_quote(text, rules) if quoted else ([], text)
    hidden = rules["quoted"].sub(lambda m: "\0" * len(m.group()), masked) if quoted else masked
    for quote in found:  # a blanked quotation keeps its opening mark: a sentence may end before it ("baik. ,“…” jelas X")
        at = quote["start"]
        hidden = hidden[:at] + text[at] + hidden[at + 1:]
    if text.lstrip()[:1] in "“\"«‘" and not rules["quoted"].match(text.lstrip()) and not found:
        return [_raw("direct", "orphan", None, text.lstrip()[1:], 0, who=(None, "orphan", False))], masked, hidden, []
    starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(hidden)]
    ends = starts[1:] + [len(hidden)]
    return found, masked, hidden, [(a, b) for a, b in zip(starts, ends) if hidden[a:b].strip()]


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
            stop = initial_stop(subject, rules) if cue.group("speaker") else None
            end = match.end() + cue.end() if stop is None else match.end() + cue.start("speaker") + stop
            found.append(_raw("direct", "after", cue.group("cue"), quote, match.start(),
                              subject if stop is None else subject[:stop]))  # the next sentence after an initial
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
    found = SENTENCE_BREAK.search(text)
    return text[:found.start() + 1] if found else text  # up to the punctuation, as SENTENCE_END


#: Where a quotation followed by its cue and speaker starts in a sentence with them blanked (its
#: opening mark is kept: :func:`_sentences`).
_QUOTED_AFTER = re.compile(r"[“\"«‘] {2,}")


def _sentence_quote(text: str, masked: str, hidden: str, start: int, end: int,
                    rules: dict) -> dict | None:
    """The quote of one sentence: ``menurut X``, or the first speech verb outside quotes."""
    sentence = masked[start:end]
    for name in ("menurut_before", "menurut_after") if "enurut" in sentence else ():  # both need [Mm]enurut
        found = rules[name].match(sentence)
        if found:
            speaker, quote = "nya" if found.groupdict().get("nya") else found.group("speaker"), found.group("quote")
            if name == "menurut_before" and speaker != "nya":
                quote = _after_degrees(speaker, quote, rules)  # "Menurut X, S.H., M.Kn., akta …": "akta …"
            head, comma, rest = quote.partition(",")
            # "menurut X, Direktur Utama Y, stok …": X's role, when X is a name and no name follows
            # the role (in "menurut polisi, Kepala Desa Z, Budi, ditahan" the role is Budi's)
            if name == "menurut_before" and speaker != "nya" and speaker[:1].isupper() and comma \
                    and rest.strip()[:1].islower() and len(head.split()) <= 8 and rules["role"].match(head.strip()):
                speaker, quote = f"{speaker}, {head.strip()}", rest
            return _raw("indirect", "menurut", found.group("cue"), quote, start + found.start("cue"), speaker,
                        document_ok=True)
    clause = _reporting_clause(sentence, start, rules)
    if clause is not None:
        return clause
    verb = rules["verb"].search(hidden, start, end)
    if verb is None:
        return None
    pointer = rules["pointer"].match(masked, verb.end())
    if pointer and not rules["predicate"].match(masked, pointer.end()) \
            or rules["refusal"].search(masked[start:verb.start()]):
        return _raw("indirect", "pointer", verb.group("cue"), "", verb.start(), masked[start:verb.start()])
    after = _QUOTED_AFTER.search(hidden, verb.end(), end)  # a quotation with its own cue: another statement
    post = masked[verb.end():after.start() if after else end]
    lead = rules["content"].match(post).end()
    content = post[lead:]
    subject = masked[start:verb.start()]
    if rules["request"].match(content) or (rules["object_verb"].fullmatch(verb.group("cue")) and not re.search(r"[,:]|\bbahwa\b", post[:lead + 1])
            and rules["noun_phrase"].match(content) and not rules["predicate"].search(" ".join(content.split()[:10]))):
        return _raw("indirect", "pointer", verb.group("cue"), "", verb.start(), subject)
    if not content.strip(" .,;:!?"):
        if sentence.rstrip()[-1:] in ".:" and end == len(masked.rstrip()) or end == len(masked):
            return _raw("indirect", "pending", verb.group("cue"), "", verb.start(), subject)
        return None
    kind = _kind(content, rules)
    if kind == "direct":
        content = next(g for g in rules["quoted"].search(content).groups() if g)
    return _raw(kind, "subject", verb.group("cue"), content, verb.start(), subject)


def _after_degrees(speaker: str, quote: str, rules: dict) -> str:
    """``quote`` without the degrees or legal form of ``speaker`` written at its start, before a comma
    (:func:`analysis.names._degree_pieces`)."""
    pieces = quote.split(",")
    flags = _degree_pieces([speaker, *(p.strip() for p in pieces[:-1])], rules)[1:]
    kept = next((i for i, flag in enumerate(flags) if not flag), len(flags))
    return ",".join(pieces[kept:]).lstrip() if kept else quote


def _reporting_clause(sentence: str, start: int, rules: dict) -> dict | None:
    """A sentence with its reporting clause set off by commas: at its start ("Katanya, …",
    "Disebutkan, …") or inside it ("Harga itu, lanjutnya, akan …"); the rest is the quote."""
    found = rules["sentence_cue"].match(sentence)
    if found:
        content, at = found.group("quote"), found.start()
    else:
        found = rules["inserted"].search(sentence) if sentence.count(",") >= 2 else None  # it holds two commas
        if found is None or not sentence[:found.start()].strip():
            return None
        content, at = sentence[:found.start()].strip() + " " + sentence[found.end():], found.start()
    groups = found.groupdict()
    if groups["cue"]:
        cue, subject = groups["cue"], "nya" if groups["nya"] else groups["speaker"]
    elif groups["cue2"]:
        cue, subject = groups["cue2"], groups["speaker2"]
    else:
        cue, subject = groups["cue3"], "nya"
    if not content.strip(" .,;:!?") or not subject:
        return None
    return _raw(_kind(content, rules), "clause", cue, content, start + at, subject)


def _kind(content: str, rules: dict) -> str:
    """direct when the content is one span in quotation marks, mixed when it holds one."""
    whole = rules["quoted"].fullmatch(content.strip().rstrip(".").strip())
    if whole:
        return "direct"
    return "mixed" if rules["quoted"].search(content) else "indirect"

# --------------------------------------------------------------------------- gazetteer candidates

#: A word that ends a role before a name: it ends a clause or a sentence.
_CLAUSE_END = re.compile(r"[.,;:!?\"“”«»()]$")
#: Punctuation inside a word that breaks a role off what came before ("Iran.,Baca", "juga:,,Presiden").
_INNER_BREAK = re.compile(r"[,;:\"“”«»()]")


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
    named = named.assign(role=_roles(named, lines, context_words))
    keys = ["speaker", "speaker_type"]
    table = (named.groupby(keys, sort=True).agg(quotes=("line_no", "size"), documents=("doc_id", "nunique"))
             .reset_index())
    table = (table.merge(_most_written(named, keys), on=keys, how="left")
             .merge(_joined_outlets(named, keys), on=keys, how="left"))
    table["role"] = table["role"].fillna("")
    table = table.reindex(columns=keys + ["role", "quotes", "documents", "outlets"])
    table = table.astype({"speaker": "str", "speaker_type": "str", "role": "str"})  # also when no row is left
    table.insert(3, "candidate", (table["role"] + " " + table["speaker"]).str.strip())
    return table.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _roles(named: pd.DataFrame, lines: pd.DataFrame, context_words: int) -> list[str]:
    """:func:`_role_before` of each row of ``named`` in the text of its line (the first of
    ``lines`` with its ``doc_id, line_no``; "" where there is none). Only row numbers are joined:
    each line's text is taken once, not copied for each of its quotes."""
    keys = ["doc_id", "line_no"]
    where = lines[keys].astype({"doc_id": "str"}).assign(at=np.arange(len(lines), dtype=np.int64))
    at = (named[keys].astype({"doc_id": "str"}).merge(where.drop_duplicates(keys), on=keys, how="left")["at"]
          .fillna(-1).to_numpy(dtype=np.int64))
    used = np.unique(at[at >= 0])
    text = dict(zip(used.tolist(), lines["text"].iloc[used].fillna("").astype(str).tolist()))
    return [_role_before(text.get(i, ""), str(name), context_words) for i, name in zip(at.tolist(), named["speaker"])]


def _role_before(text: str, name: str, context_words: int) -> str:
    """The role written just before the first ``name`` in ``text``: the words back to a clause
    end or a token of punctuation alone: the capitalised words next to the name, or from the
    first word that starts a role of ``quotes.yaml`` ("juru bicara"), without leading stopwords
    ("Menurut"); none before an alias ("Joko Widodo atau Jokowi")."""
    at = text.find(name)
    if at < 0:
        return ""
    before = text[:at]  # its last words (rsplit: the rest of a long line is not split)
    words = before.rsplit(None, context_words)[-context_words:] if context_words > 0 else before.split()
    for index in range(len(words) - 1, -1, -1):
        if _CLAUSE_END.search(words[index]) or _INNER_BREAK.search(words[index]) \
                or not any(c.isalnum() for c in words[index]):
            words = words[index + 1:]
            break
    if words and words[-1].lower() in ("atau", "alias"):
        return ""
    # the capitalised words next to the name ("Wakil Ketua KPK"), from a role word before them on
    # ("juru bicara Kementerian", "ekonom senior"); never a clause ("BEM SI lantas memberikan syarat")
    start = len(words)
    while start and words[start - 1][:1].isupper():
        start -= 1
    role, stopwords = quote_rules()["role"], _stopwords()
    start = next((j for j in range(start) if role.match(" ".join(words[j:]))), start)
    words = words[start:]
    while words and words[0].lower() in stopwords:
        words = words[1:]
    return " ".join(words)


def _most_written(named: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per ``keys``, the ``role`` written most often (ties: the first in alphabetical order);
    groups whose roles are all "" are left out."""
    written = named.loc[named["role"].ne(""), keys + ["role"]].astype({"role": "str"})
    counts = written.groupby(keys + ["role"], sort=False).size().rename("n").reset_index()
    ranked = counts.sort_values(keys + ["n", "role"], ascending=[True] * len(keys) + [False, True], kind="stable")
    return ranked.drop_duplicates(keys)[keys + ["role"]]


def _joined_outlets(named: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per ``keys``, its distinct outlets in alphabetical order joined by "; " (``outlets``)."""
    distinct = named[keys + ["outlet"]].drop_duplicates().sort_values(keys + ["outlet"], kind="stable")
    first = np.flatnonzero(~distinct.duplicated(keys).to_numpy())  # sorted: a group starts there
    outlets = distinct["outlet"].to_numpy(dtype=object)
    ends = np.append(first[1:], len(outlets))
    joined = distinct.iloc[first][keys].reset_index(drop=True)
    return joined.assign(outlets=["; ".join(outlets[a:b]) for a, b in zip(first, ends)])


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from .tokens import load_stopwords

    return load_stopwords()
