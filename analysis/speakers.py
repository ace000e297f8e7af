"""Who said it: the speaker of a quote found by :mod:`analysis.quotes`.

:func:`attribute` reads the words a quote's cue points to (the subject before a speech verb,
the name after "kata", "menurut X" …) and returns the speaker, its type and whether it was
resolved from earlier lines; a :class:`Context` carries what a document has said so far.

Conventions (see also :mod:`analysis.quotes`)
---------------------------------------------
* A pronoun ("ia", "dia", "-nya", "mereka") or a person noun ending in "itu/ini/tersebut"
  ("pria yang akrab disapa Dani ini") is the person named earlier on its line as the subject
  of a verb, else the last speaker of the document (``resolved``).
* A role or institution with "itu/tersebut" ("kementerian itu") is the last one named with
  that head; an office alone ("Menhub") is the person written with it earlier.
* A name with a role word ("Juru bicara Kremlin Dmitry Peskov") is a person (where the name starts:
  :mod:`analysis.names`); names with an
  acronym, an institution word or an actor that is not a person are organisations; a
  surname alone takes the full name written earlier.
* Written after a cue, the speaker ends at the first lower-case word after its first capital
  ("kata Brotoseno bergurau"); after an apposition the name is kept ("kata Kepala Polda,
  AKBP Ferdiyan Fahmi"); degrees ("SpPD", "S.H.") and places/times are dropped.
"""

from __future__ import annotations

import functools
import re

from ._gazetteer import Gazetteer, gazetteer
from ._searched import found_in, may_hold, pattern_of, written_after
from ._tokenizer_engine import is_common_word
from .names import (_INITIAL, _after_headed_place, _boundary, _degree_pieces, _doubled_no_one, _function_word,
                    _is_organisation, _is_word, _person_name, _persons, _place, _without_degrees, _without_titles,
                    _written_alone, name_of)
from .quote_rules import NAME, alternation, quote_rules
from .subjects import clause_subject

__all__ = ["Context", "attribute", "longer_name", "capital_words_before"]


class Context:
    """What a document has said so far: named speakers, document issuers, earlier lines.

    Parameters
    ----------
    None

    Returns
    -------
    Context
        An empty context; :meth:`remember` adds a speaker, ``texts`` holds the lines read.

    Examples
    --------
    >>> context = Context()
    >>> context.remember("Dmitry Peskov", "person")
    >>> context.last(("person",))
    'Dmitry Peskov'
    """

    def __init__(self):
        self.speakers: list[tuple[str, str]] = []     # (speaker, type), named ones
        self.documents: list[str] = []                # issuers of documents, in order
        self.texts: list[str] = []                    # earlier lines (only appended to)
        self.pending: tuple | None = None             # (speaker, type, resolved, cue)
        self.line: str = ""                           # the line being read, whole
        self.found: dict = {}                         # patterns searched for in ``texts`` (found_in)

    def last(self, types: tuple[str, ...]) -> str | None:
        """The last speaker of one of ``types``."""
        return next((s for s, t in reversed(self.speakers) if t in types), None)

    def remember(self, speaker: str | None, speaker_type: str) -> None:
        """Record a named speaker (documents also as issuers)."""
        if speaker:
            self.speakers.append((speaker, speaker_type))
            if speaker_type == "document":
                self.documents.append(speaker)

def attribute(raw: dict, text: str, context: Context) -> tuple | None:
    """The speaker of a quote found on a line.

    Parameters
    ----------
    raw : dict
        The quote as :mod:`analysis.quotes` finds it: ``mode`` (``subject``/``pending``/
        ``pointer``: ``subject`` is the clause before a speech verb; otherwise the words
        written after a cue), ``subject`` and ``start`` (where the quote's cue starts on the line).
    text : str
        The line.
    context : Context
        What the document said before this line.

    Returns
    -------
    tuple or None
        ``(speaker, speaker_type, resolved)``, or None when no speaker can be named.

    Examples
    --------
    >>> attribute({"mode": "after", "subject": "Menteri Perdagangan Budi Santoso", "start": 0},
    ...           "", Context())
    ('Budi Santoso', 'person', False)
    """
    rules = quote_rules()
    before, context.line = text[:raw["start"]], text
    subject = raw["mode"] in ("subject", "pending", "pointer")
    # a function word is no name where no cue says a name follows: a subject (not after "bernama"),
    # or a sentence after a quote read as a bare name ("…." Namun pada saat itu …)
    words = "stopwords" if subject and not rules["named_by"].search(raw["subject"]) or raw["mode"] == "bare" else ""
    if subject:
        segment = _subject(raw["subject"], rules)
    else:
        segment = _named_after(raw["subject"], rules, cut=raw["mode"] != "menurut")
    if not segment:
        return None
    if raw["mode"] == "menurut" and rules["verb"].search(segment):
        return None
    return _without_region(_classify(segment, before, context, rules, words), before, context)


def _named_after(text: str, rules: dict, cut: bool = True) -> str:
    """The speaker written after a cue: up to the first lower-case word after its first
    capital (``kata Brotoseno bergurau``; not with ``cut`` False, when a comma ends it as
    after "menurut"), the name after an apposition (``kata Kepala Polda,
    AKBP Ferdiyan Fahmi``), without degrees (``Eka Ginanjar, SpPD``) or trailing adverbials."""
    text = _DASH.sub(", ", rules["glued_title"].sub(r"\1. ", text))  # "Alex--panggilan Alexander--kepada …"
    words, kept, named = " ".join(text.split()).split(" "), [], False
    for word in words:
        bare = word.strip(",")
        if cut and named and bare[:1].islower() and not rules["particle"].fullmatch(bare.rstrip(".")) \
                and bare.lower() not in ("dan", "serta"):
            break
        named = named or bare[:1].isupper()
        kept.append(word)
    while len(kept) > 1 and kept[-1].strip(",") in ("dan", "serta"):
        kept.pop()  # cut before a second person's role: "Taufik Darus, dan koordinator … Henry"
    if kept and _INITIAL.fullmatch(kept[-1]):
        kept[-1] = kept[-1][0]  # "ujar Heri S. Kemarin …": "Heri S"
    pieces = [p.strip() for p in " ".join(kept).split(",")]
    pieces = [p for p, degree in zip(pieces, _degree_pieces(pieces, rules)) if p and not degree] or [""]
    while len(pieces) > 1 and (rules["adverbial"].match(pieces[-1]) or _place(pieces[-1], rules)):
        pieces.pop()  # where and when it was said: "kata Kepala BPS Suhariyanto, Jakarta, Jumat (15/2)"
    last, name = pieces[-1], rf"{NAME}(?:\s+{NAME}){{0,4}}"
    if len(pieces) > 1 and re.fullmatch(name, pieces[0]) and rules["role"].match(pieces[1]) \
            and not (rules["role"].match(pieces[0]) or rules["org_role"].match(pieces[0])):
        return pieces[0]                                   # "Muhammad Buldansyah, Wakil Presiden …"
    if len(pieces) > 1 and re.fullmatch(name, last):
        first = pieces[0]
        if _is_organisation(last, rules) and " " in first and re.fullmatch(name, first) and not (
                rules["role"].match(first) or rules["org_role"].match(first) or _is_organisation(first, rules)):
            return first                                   # "Natalie C. Tanudjaja, PT MNC Land Surabaya"
        return last
    return rules["trailing"].sub("", ", ".join(pieces)).strip(" ,")


#: A dash typed as two hyphens or an em dash around an apposition: a comma to the speaker's name.
_DASH = re.compile(r"\s*(?:-{2,}|—)\s*")


def _subject(text: str, rules: dict) -> str:
    """The subject of a speech verb: the clause before it, without adverbials or dateline."""
    text = " ".join(text.replace("\0", " ").split())
    text = re.sub(r"^[^-–—]{2,60}?\s[-–—]\s+", "", text)
    pieces = [p.strip() for p in text.split(",")]
    degrees = _degree_pieces(pieces, rules)
    while len(pieces) > 1 and (not pieces[-1] or rules["adverbial"].match(pieces[-1]) or degrees[len(pieces) - 1]):
        pieces.pop()                        # "X, saat dihubungi dari Mataram, Kamis, mengatakan"; "X, S.H., M.H."
    located = [i for i, p in enumerate(pieces) if rules["location"].search(p)]
    if located and all(pattern_of(rf"{NAME}(?:\s+{NAME}){{0,2}}").fullmatch(p) for p in pieces[located[-1] + 1:]):
        del pieces[located[-1] + 1:]        # "X di Gedung Kejaksaan Agung, Jakarta, Selasa, mengatakan"
    if len(pieces[-1].split()) > 2:
        pieces[-1] = rules["location"].sub("", pieces[-1]) or pieces[-1]
        while len(pieces) > 1 and _degree_pieces(pieces, rules)[-1]:
            pieces.pop()  # the degrees of the name before: "dr Fransiska Mochtar, SpOG dari BeauCell"
    named = rules["naming"].search(pieces[-1])               # "Tetangga lain yang bernama Dewi Jones"
    subject = named.group("name") if named else re.sub(r"\s+yang\s.*$", "", pieces.pop())  # "X yang telah … mengaku"
    listed = _list_end(subject, rules)  # "A, B, dan C" is one speaker: the whole list, below
    lead = subject.split(" ", 2)  # "dr. Lina Budianti", not "drh. di Dinas Peternakan"
    titled = len(lead) > 1 and lead[1][:1].isupper() and rules["academic_title"].fullmatch(lead[0].rstrip("."))
    if pieces and subject[:1].islower() and not titled and not listed and not rules["anonymous"].match(subject) \
            and not rules["pronoun"].search(subject) and not rules["opener_word"].fullmatch(pieces[-1]) \
            and _apposed(pieces[-1], rules):  # "Adapun RA, pegawai …", "Demi Lovato, penyanyi …"; not "Kini, sang …"
        subject = pieces.pop()                   # "Ria, salah satu mahasiswa …" (not "Di Pasar Bulu, pedagang …")
    if listed:
        subject = _whole_list(subject, pieces, rules, listed)
    elif pieces and rules["role"].match(subject) and not rules["anonymous"].match(subject) \
            and _office_alone(subject, rules) and _apposed_name(pieces[-1], rules):
        subject = pieces.pop()  # "Yasonna Laoly, Menteri Hukum dan HAM, menyatakan": the name before its office
    if not subject and pieces:              # "X menolak …, menyebut bahwa …": X's subject
        main = pattern_of(rf"(?:^|,\s)({NAME}(?:\s+{NAME})*)\s+(?:\w+\s+)?me\w+").search(text)
        subject = main.group(1) if main else ""
    subject = rules["trailing"].sub("", subject).strip(" ,")
    return "" if rules["opener_word"].fullmatch(subject) else subject  # "Namun, sebelum itu …": no speaker


#: Word rules whose words are never the first word of a name ("Menteri", "Komisi", "Namun", "Meski").
_NO_NAME_WORDS = ("role", "org_role", "institution", "opener_word", "clause_word")


def _office_alone(subject: str, rules: dict) -> bool:
    """Whether ``subject`` is an office without its holder's name: every capitalised word a role,
    organisation or institution word, an acronym or part of a place ("Menteri Hukum dan HAM",
    "Kepala Dinas Kesehatan Jawa Tengah"; not "AKP Kartijo", "Letkol Amran WT", "Presiden Jokowi")."""
    words = rules["place_in"].sub("", subject).split()
    return all(not w[:1].isupper() or w.strip("()").isupper()
               or any(rules[k].fullmatch(w.strip("()")) for k in ("role", "org_role", "institution", "office"))
               for w in words)


def _name_piece(piece: str, rules: dict) -> bool:
    """Whether a comma piece reads as a name: one to four capitalised words, not opened by a
    function word (an honorific may open it: "Pak Budi") and no adverbial ("Selasa (3/9)")."""
    from .tokens import load_stopwords

    first = piece.split()[0] if piece.split() else ""
    return bool(pattern_of(rf"{NAME}(?:\s+{NAME}){{0,3}}").fullmatch(piece)) and not rules["adverbial"].match(piece) \
        and (first.lower() not in load_stopwords() or bool(rules["honorific"].fullmatch(first)))


def _apposed(piece: str, rules: dict) -> bool:
    """Whether a comma piece before a lower-case subject is the name it describes ("Ria, salah satu
    mahasiswa …", "Demi Lovato, penyanyi …"): capitalised words after any sentence or clause opener
    ("Adapun RA"), not an adverbial ("Saat Lebaran", "Setelah Jokowi") nor one function word ("Kini",
    "Dan"; a one-word name that is also one, "Dini, mahasiswi …", is lost with them)."""
    name = rules["opener"].sub("", piece)
    return bool(pattern_of(rf"{NAME}(?:\s+{NAME}){{0,3}}").fullmatch(name)) and not rules["adverbial"].match(piece) \
        and not rules["adverbial"].match(name) and not _function_word(name, rules)


def _apposed_name(piece: str, rules: dict) -> bool:
    """Whether a comma piece before an office is the name of its holder (:func:`_name_piece`), no
    place, acronym or organisation ("Moeldoko", not "Di Jakarta", "Selasa (3/9)" or "Rusia")."""
    compiled, first = gazetteer(), piece.split()[0] if piece.split() else ""
    actor = compiled.regex.fullmatch(piece)
    return _name_piece(piece, rules) and not _place(piece, rules) and not piece.isupper() \
        and not (actor and compiled.types[compiled.actor_id(piece)] != "person") \
        and not any(rules[k].fullmatch(first) for k in _NO_NAME_WORDS) and not _doubled_no_one(piece, rules)


def _list_end(subject: str, rules: dict) -> str:
    """Whether ``subject`` ends a list: ``"dan C"`` after a comma (``"oxford"``), two actors of the
    gazetteer (``"actors"``: "AS, Jepang dan Korsel"), or two parts of an institution's name
    (``"institution"``: "Badan Meteorologi, Klimatologi dan Geofisika"); else ""."""
    if re.match(r"(?:dan|serta)\s+[A-Z]", subject):  # not "…, dan ibunya" (a relative, no name)
        return "oxford"
    pair = re.match(r"([\w-]+)\s+(?:dan|serta)\s+([\w-]+)", subject)
    if pair and all(rules["institution"].fullmatch(w) for w in pair.groups()):
        return "institution"
    actor = gazetteer().regex.pattern
    return "actors" if pattern_of(rf"(?:{actor})\s+(?:dan|serta)\s+(?:{actor})").fullmatch(subject) else ""


def _whole_list(subject: str, pieces: list[str], rules: dict, listed: str) -> str:
    """The list ``subject`` ends, with the items written before it (``pieces``, popped): names not
    opened by a function word, an adverbial or a dateline ("Terpisah, Budi, dan Ani": Budi and
    Ani), actors, or parts of an institution's name, then that name's head ("Kepala Badan
    Meteorologi, Klimatologi, dan Geofisika (BMKG) Dwikorita Karnawati")."""
    compiled = gazetteer()

    def item(piece: str) -> bool:
        dateline = len(pieces) == 1 and piece.isupper() and len(piece) > 3 and _place(piece.title(), rules)
        if listed != "oxford":
            return not dateline and bool(compiled.regex.fullmatch(piece) if listed == "actors" else
                                         piece.split() and all(rules["institution"].fullmatch(w) for w in piece.split()))
        return not dateline and _name_piece(piece, rules)
    items = []
    while pieces:
        opener = rules["opener"].match(pieces[-1]) if listed == "oxford" else None  # a sentence opener, not
        piece = pieces[-1][opener.end():] if opener and rules["opener_word"].fullmatch(opener.group().strip()) \
            else pieces[-1]  # "Selain Jokowi, Prabowo, dan Ganjar" (besides Jokowi)
        if not item(piece):
            break
        items.insert(0, piece)
        if pieces.pop() != piece:  # "Sementara itu Menteri BUMN Erick Thohir, …": the list starts after it
            break
    subject = ", ".join([*items, subject])
    head = pattern_of(rf"{NAME}(?:\s+{NAME})*$").search(pieces[-1]) if listed != "actors" and pieces else None
    after = re.search(r"\b(?:dan|serta)\s+([\w-]+)", subject)  # the list's last part
    parts = [*" ".join(items).split(), after.group(1)] if head and after else []
    # the parts are an institution's ("Klimatologi", "Geofisika"), and so is the head, or it has a
    # role in it ("Kepala Badan Metodologi", a typo, is still the head)
    if parts and all(rules["institution"].fullmatch(w) for w in parts) and (
            rules["institution"].fullmatch(head.group().split()[-1])
            or any(rules[k].search(head.group()) for k in ("role", "org_role"))):
        subject = f"{head.group()}, {subject}"
    return subject


def _classify(segment: str, before: str, context: Context, rules: dict, words: str = "") -> tuple | None:
    """Speaker, type and whether it was resolved from earlier lines: what the segment says by
    itself (:func:`_reading`), completed from the line so far and the document where it points
    back (a pronoun, "kementerian itu", an office, a document, a surname). ``words``: ``"stopwords"``
    where a function word names no one (a subject, a bare name), else ``""`` (after a cue)."""
    reading = _reading(segment, gazetteer())
    if reading[0] == "pronoun":
        return _resolve_pronoun(reading[1], before, context)
    if reading[0] == "reference":
        return _resolve_reference(reading[1], context, rules)
    if reading[0] == "office":                        # "Menhub mengatakan": the Menhub named earlier
        office = _resolve_reference(reading[1], context, rules, before)
        if office:
            return office
        reading = reading[2]
    if reading[0] == "holder":  # "Kepala BPS Suhariyanto", not "Kepala BPBD Garut" ("banjir di Garut")
        reading = reading[2] if _written_as_place(reading[1], before, context) else ("speaker", (reading[1], "person", False))
    if reading[0] == "document":
        return _document(reading[1], before, context, rules)
    if reading[0] == "surname":  # a place written alone and named no further ("Arab Saudi"): its government
        name = _known_person(reading[1], before, context)
        if words == "stopwords" and name == reading[1] and _function_word(name, rules):
            return None  # "Meski mengaku …"; not "Hari" after "Hari Nugroho", nor after a cue ("kata Dini")
        return name, "organisation" if name == reading[1] and rules["place"].fullmatch(name) else "person", False
    speaker = reading[1]
    if speaker and speaker[1] == "organisation" and re.fullmatch(r"[A-Z]{2,5}", speaker[0]):
        return _defined_person(speaker[0], before, context, rules) or speaker
    return speaker


def _defined_person(acronym: str, before: str, context: Context, rules: dict) -> tuple | None:
    """The person an acronym stands for where the document defines it in brackets after a name
    whose words it is the initials of ("Wakil Presiden Jusuf Kalla (JK)": JK is Jusuf Kalla, a
    person); None elsewhere ("Komisi Pemberantasan Korupsi (KPK)", "Dana Moneter Internasional (IMF)")."""
    texts = may_hold((context.line or before, *reversed(context.texts)), acronym)
    pattern = pattern_of(rf"((?:[A-Z][\w'’.-]*\s+){{1,6}}[A-Z][\w'’.-]*)\s*\(\s*{acronym}\s*\)") if texts else None
    for text in texts:
        found = pattern.search(text)
        if found:
            name = _person_name(found.group(1), rules) or ""
            initials = "".join(word[0] for word in name.split()).upper()
            # a person's role before it, or no common word in it: not "Mahkamah Konstitusi (MK)"
            named = rules["role"].search(text[max(0, found.start() - 40):found.end()]) or not any(
                is_common_word(word) for word in name.split())
            return (name, "person", False) if initials == acronym and named and not _is_organisation(name, rules) \
                else None
    return None


def _without_region(who: tuple | None, before: str, context: Context) -> tuple | None:
    """A person's name of three words or more without its first word (and a compass word after it:
    "Lombok Barat") where the document writes that word as a place after a ``region_markers`` word:
    "Bupati Banyuwangi Abdullah Azwar Anas" after "di Banyuwangi" is Abdullah Azwar Anas."""
    if not who or who[1] != "person" or who[0].count(" ") < 2:
        return who
    first, *rest = who[0].split()
    while len(rest) > 2 and quote_rules()["compass"].fullmatch(rest[0]):
        rest = rest[1:]
    if len(rest) < 2 or not rest[0][:1].isupper() or not _written_as_place(first, before, context, "region_marker"):
        return who
    return " ".join(rest), *who[1:]


def _written_as_place(word: str, before: str, context: Context, markers: str = "place_marker") -> bool:
    """Whether the document so far (its earlier lines and this one, whole) writes ``word`` as a place:
    after a ``place_markers`` word ("di", "warga", "Kabupaten" …; ``markers`` names the rule), or
    opening its dateline ("GARUT, KOMPAS.com")."""
    markers = quote_rules()[markers].pattern

    def test(text: str) -> bool:
        return written_after(text, word, markers)
    return found_in(context.found, (markers, word), context.texts, test) or test(context.line or before)


@functools.lru_cache(maxsize=1 << 14)
def _reading(segment: str, compiled: Gazetteer) -> tuple:
    """What a segment says of its speaker by itself, as ``(step, value[, rest])``: ``pronoun``
    (plural or not), ``reference`` (its head), ``office`` (the segment, and its reading as a
    name should no earlier line name that office), ``document`` (what follows the document
    word), ``surname`` (a name to complete from the document) or ``speaker`` (the result).

    A pure function of the segment, the rules and the ``compiled`` gazetteer (a new one when
    ``actors.yaml`` changes: its surface forms, types or names), kept per process: about half
    of a corpus's segments repeat ("Jokowi", "akun", "netter"), and reading one takes a dozen
    regex passes. (The gazetteer is hashed as an object; its compiled pattern would be hashed
    from its whole program at every call, 9 us.)"""
    rules = quote_rules()
    segment = rules["prefix"].sub("", rules["opener"].sub("", segment))
    if rules["pronoun"].search(segment):
        return "pronoun", bool(rules["plural"].search(segment))
    if rules["person_noun"].match(segment) or rules["person_noun_alone"].fullmatch(segment):
        return "pronoun", False                      # "pria yang akrab disapa Dani ini"
    reference = rules["reference"].match(segment)
    if reference:
        return "reference", reference.group("head")
    if rules["office"].fullmatch(segment):
        return "office", segment, _named(segment, rules, compiled)
    return _named(segment, rules, compiled)


def _named(segment: str, rules: dict, compiled: Gazetteer) -> tuple:
    """:func:`_reading` of a segment that is no pronoun, reference or office; ``("holder", name,
    reading)`` for one word after an office, its holder unless the document writes it as a place
    (:func:`_classify`), where ``reading`` is what the segment is then."""
    persons = _persons(segment, compiled)
    if persons:
        return "speaker", (persons[0], "person", False)
    document = rules["document"].search(segment)
    if document and document.start() == 0:
        return "document", document.group("rest")
    found = rules["run"].search(re.sub(r"\s*\([^()]*\)$", "", segment))
    run = _without_degrees(found.group("run"), rules) if found else None  # "Ali Sungkar SpOG": Ali Sungkar
    # one word after an office is a name only where the office is no region's ("Kepala Dinas Kesehatan Muba")
    after_role = bool(rules["role"].match(segment)) and (not rules["regional"].search(segment)
                                                         or bool(found) and _after_headed_place(run, rules))
    name = _person_name(run, rules, compiled, after_role) if found else None
    holder = bool(name) and after_role and " " not in name and not _person_name(run, rules, compiled)
    if name and rules["role"].search(segment) and not holder:
        return "speaker", (_listed_names(run, rules, compiled) or name, "person", False)
    written = _without_titles(run.strip(" ,"), rules) if found else None
    if rules["anonymous"].match(segment):
        reading = "speaker", (None, "anonymous", False)
    elif written is None:
        reading = "speaker", None
    elif _is_organisation(written, rules, compiled):
        reading = "speaker", (written, "organisation", False)
    else:
        reading = "surname", written
    return ("holder", name, reading) if holder else reading


_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:dan|serta)\s+)?|\s+(?:dan|serta)\s+")


def _listed_names(run: str, rules: dict, compiled: Gazetteer) -> str | None:
    """A list of persons each written with a role ("Menteri BUMN Erick Thohir, Menkeu Sri Mulyani,
    dan Gubernur BI Perry Warjiyo"): their names, joined as written ("Erick Thohir, Sri Mulyani,
    dan Perry Warjiyo"); None unless the run is such a list, every item with a name of its own."""
    items, between = _LIST_SEPARATOR.split(run), _LIST_SEPARATOR.findall(run)
    # every item opens with a role: not the parts of an office's name ("Kepala Seksi Pengendali
    # Kerusakan dan Pengamanan Hutan Shahar Al Haqq", "Direktur Pusat Pengkajian Pancasila dan Konstitusi …")
    names = [_person_name(item, rules, compiled) if rules["role"].match(item) or rules["office"].match(item) else None
             for item in items]
    if len(items) < 2 or not all(names) or any(rules["noun_phrase"].match(w) for n in names for w in n.split()):
        return None  # a noun is no name's word: "Analis Kebijakan Transportasi dan Ketua Forum … Azas Tigor"
    joins = [("," if "," in sep else "") + "".join(f" {w}" for w in re.findall(r"dan|serta", sep)) + " "
             for sep in between]  # ", ", ", dan ", " dan "
    return "".join(name + join for name, join in zip(names, [*joins, ""]))


def _known_person(name: str, before: str, context: Context) -> str:
    """The full name of a person named by one part of it: a speaker named earlier whose name
    ends with it (``Wibowo``), or a first name followed by more names earlier in the document
    (``Ria`` -> ``Ria Irawan``; up to a headline's verb, a word made with -kan or a role written
    after them, as in "Baca juga: Ruben Onsu Ungkap Alasan …": :func:`analysis.names.name_of`; where that leaves
    the name alone, from an earlier line); else ``name``."""
    known = next((s for s, t in reversed(context.speakers)
                  if t == "person" and (s == name or s.endswith(" " + name))), None)
    if known or " " in name:
        return known or name
    rules = quote_rules()
    for text in (before, *reversed(context.texts)):
        found = longer_name(text, name)
        found = found and name_of(found, _after(text, found), rules)
        if found == name:
            continue  # cut to the name alone ("Baca juga: Ruben Tiba …"): read the earlier lines
        if found and not rules["org_role"].search(found[len(name):]):
            return found
        first = [f"{m} {name}" for m in capital_words_before(text, name)
                 if not any(rules[k].fullmatch(m) for k in (*_NO_NAME_WORDS, "academic_title"))]  # not "Prof Gunawan"
        if found and not (first and any(_written_alone(first[0], t, rules) for t in (before, *context.texts))):
            return found  # an organisation named after the person ("Jack Ma Foundation") where no name is written alone
        if first:
            return first[0]
    return name


def _after(text: str, found: str) -> str:
    """What ``text`` writes after ``found`` where :func:`longer_name` found it (at a word's start)."""
    at = text.find(found)
    while at >= 0 and not _boundary(text, at):
        at = text.find(found, at + 1)
    return text[at + len(found):]


# A regex per name (``\bNAME(?:\s+[A-Z]…){1,2}\b``) costs a compile of about 0.3 ms for every new
# name: the two searches of _known_person are written out instead (longer_name,
# capital_words_before), with the same matches (tests/test_quotes.py compares them with those
# regexes on generated texts).

#: One or two capitalised words after a name (``Ria`` -> ``Ria Irawan``).
_MORE_NAMES = re.compile(r"(?:\s+[A-Z][a-z][\w'’-]*){1,2}\b")


def longer_name(text: str, name: str) -> str | None:
    """``name`` with the one or two capitalised words written after it, where ``text`` first has
    them: the first match of ``\\bNAME(?:\\s+[A-Z][a-z][\\w'’-]*){1,2}\\b``, without compiling a
    regex for the name.

    Parameters
    ----------
    text : str
        Where to look.
    name : str
        A name without spaces (``Ria``).

    Returns
    -------
    str or None
        The longer name (``Ria Irawan``), or None.

    Examples
    --------
    >>> longer_name("Aktris Ria Irawan Santoso hadir. Ria tersenyum.", "Ria")
    'Ria Irawan Santoso'
    >>> longer_name("Maria Ulfa", "Ria") is None
    True
    """
    at = text.find(name)
    while at >= 0:
        if _boundary(text, at):
            more = _MORE_NAMES.match(text, at + len(name))
            if more:
                return text[at:more.end()]
        at = text.find(name, at + 1)
    return None


def capital_words_before(text: str, name: str) -> list[str]:
    """The capitalised word written just before each ``name`` in ``text``: what
    ``re.findall(r"\\b([A-Z][a-z][\\w'’-]*)\\s+NAME\\b", text)`` gives (matches left to right,
    without overlap), without compiling a regex for the name.

    Parameters
    ----------
    text : str
        Where to look.
    name : str
        A name without spaces (``Wibowo``).

    Returns
    -------
    list of str
        The words, in order.

    Examples
    --------
    >>> capital_words_before("Menteri Budi Wibowo dan Andi Wibowo, bukan budi Wibowo", "Wibowo")
    ['Budi', 'Andi']
    """
    candidates = []  # (start of the word, its end, end of the name)
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if _boundary(text, end):
            spaces = at
            while spaces > 0 and text[spaces - 1].isspace():
                spaces -= 1
            run = spaces
            while run > 0 and (_is_word(text[run - 1]) or text[run - 1] in "'’-"):
                run -= 1
            if spaces < at:
                candidates.extend((start, spaces, end) for start in range(run, spaces - 1)
                                  if "A" <= text[start] <= "Z" and "a" <= text[start + 1] <= "z"
                                  and _boundary(text, start))
        at = text.find(name, at + 1)
    found, scanned = [], 0
    for start, word_end, end in sorted(candidates):
        if start >= scanned:
            found.append(text[start:word_end])
            scanned = end
    return found


def _resolve_pronoun(plural: bool, before: str, context: Context) -> tuple | None:
    """A pronoun: a name earlier on its line (not resolved), else the last speaker named."""
    compiled = gazetteer()
    if plural:
        actor = rf"(?:{compiled.regex.pattern})"
        joint = list(pattern_of(rf"{actor}(?:,\s+{actor})*,?\s+(?:dan|serta)\s+{actor}").finditer(before))
        if joint:
            return joint[-1].group(), "organisation", False
    else:
        persons = _persons(before)
        if persons:
            return persons[-1], "person", False
        named = _named_subject(before)
        if named:  # a one-word name completed from the document ("Karenanya Syarif …. Dia …")
            return _known_person(named, before, context), "person", False
    types = ("organisation", "person") if plural else ("person", "organisation")
    speaker = context.last(types[:1]) or context.last(types[1:])
    if speaker:
        return speaker, dict(context.speakers)[speaker], True
    if plural:
        return None
    named = next(filter(None, map(_named_subject, reversed(context.texts))), None)
    if named:  # no speaker yet: the person the story is about
        return named, "person", True
    for resolved, text in [(False, before), *((True, t) for t in reversed(context.texts))]:
        opened = clause_subject(text)  # or the person the last clause opens with ("Brandon Nicholas Salim, putra …, rupanya …")
        if opened is not None:         # (a subject that is no person's ends the search: "" is no one)
            return (_known_person(opened, before, context), "person", resolved) if opened else None
    return None


_SUBJECT = (rf"([A-Z][a-z'’-]+\s+(?:[A-Z][a-z'’-]+\s+){{1,5}})(?:{alternation(['juga', 'pun', 'telah', 'sudah'])}"
            rf"\s+)?(?:me|ber)[a-z]+\b")


def _named_subject(before: str) -> str | None:
    """The last person written as the subject of a verb earlier on the line ("Investor Mark Cuban
    memberikan …. Ia …"): two or more capitalised words, role words dropped, before a me-/ber- verb."""
    rules = quote_rules()
    # the first of the 2-6 words written out: the pattern then starts with a capital, and Python's
    # regex skips from capital to capital (2x faster; the same matches on every body line of 10^4
    # CLICK-ID articles and 300,000 random strings, checked when it was written)
    subject = pattern_of(_SUBJECT)
    for found in reversed(list(subject.finditer(before))):
        words = rules["opener"].sub("", found.group(1).strip())
        name = _person_name(words, rules)
        if name and not _is_organisation(name, rules):
            return name
        if " " not in words and found.group(1).split()[0] != words:  # "Karenanya Syarif membeberkan": that
            # one-word name (not a subject further back), unless a function word or an organisation
            return None if (_function_word(words, rules) or rules["pronoun"].search(words) or _place(words, rules)
                            or _is_organisation(words, rules)) else words
    return None


def _resolve_reference(head: str, context: Context, rules: dict, before: str | None = None) -> tuple | None:
    """``kementerian itu``, ``juru bicara tersebut``: the last such named one earlier; an office
    alone (``Menhub``, with ``before`` its line so far): the person named with it."""
    office = before is not None
    lines = [(False, before or "")] * office + [(True, t) for t in reversed(context.texts)]
    held = set(may_hold([text for _, text in lines], head, ignore_case=True))
    pattern = pattern_of(rf"\b(?i:{re.escape(head)})\)?(?:\s+{NAME})+") if held else None
    for resolved, text in lines:
        found = pattern.findall(text) if text in held else None
        if found:
            name = found[-1]
            persons = _persons(name)
            if persons:
                return persons[-1], "person", resolved
            if office:
                person = _person_name(name, rules)
                if person:
                    return person, "person", resolved
                continue
            return name, "person" if rules["role"].match(head) else "organisation", resolved
    return None


def _document(rest: str, before: str, context: Context, rules: dict) -> tuple | None:
    """A document speaker: its issuer as written, else the last issuer named earlier."""
    issuer = rules["filler"].sub("", rest).strip(" ,")
    issuer = re.sub(r"^(?:itu|tersebut|ini)\b.*$", "", issuer, flags=re.IGNORECASE).strip()
    run = rules["run"].search(issuer) if issuer else None
    if run and run.start() == 0:
        return run.group("run"), "document", False
    if context.documents:
        return context.documents[-1], "document", True
    return None
