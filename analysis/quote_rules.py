"""The rules of quotation finding, compiled from ``data/quotes.yaml``.

:func:`quote_rules` turns the word lists of ``data/quotes.yaml`` (quotation marks, cues, speech
verbs, pronouns, role words, anonymous sources …) into the regular expressions that
:mod:`analysis.quotes` (finding quotes) and :mod:`analysis.speakers` (naming their speakers) use.
A newcomer who wants to add a speech verb or a role word edits the YAML file, not this module.
"""

from __future__ import annotations

import functools
import re

from .rules import load_yaml

__all__ = ["quote_rules", "NAME", "SENTENCE_END", "SENTENCE_BREAK", "alternation", "word_start"]

#: A degree written with full stops, ending right before the place this is tried at ("S.H." of
#: "Andi Wijaya, S.H., M.H."), and the start of the next one after its comma ("M.H.", "M.Kn.", "LL.M.").
_DEGREE_BEFORE_STOP = "(?:" + "|".join(rf"(?<=\.[A-Za-z]{{{n}}}\.)" for n in range(1, 5)) + ")"
_DEGREE_AFTER = r"[A-Z][A-Za-z]{0,3}\."
#: A title's full stop before a name ends no sentence ("Menurut dr. Satria …", "kata Prof. Budi …"), nor
#: a place head's ("Prov. Jatim"): one look-behind per word of ``name_titles`` and ``place_abbreviations``
#: (data/quotes.yaml), tried right after the stop.
_NO_TITLE_STOP = "".join(rf"(?<!\b(?i:{re.escape(t)})\.)" for key in ("name_titles", "place_abbreviations")
                         for t in load_yaml("quotes.yaml")[key])
#: A sentence break: end punctuation (maybe a closing mark), then a space or commas (pages
#: flattened with "," between paragraphs, ",," where an element was emptied), then a capital or an opening mark; not a comma between
#: degrees written with full stops ("Andi Wijaya, S.H., M.H. menegaskan": one sentence; but
#: "… naik.,Dr. Rina menilai": two), nor a title's stop before a name.
SENTENCE_END = re.compile(rf"(?<=[.!?]){_NO_TITLE_STOP}(?!{_DEGREE_BEFORE_STOP}\s*,\s*{_DEGREE_AFTER})"
                          rf"[”\"»’]?(?:\s+|(?:\s*,)+\s*)(?=[A-Z“\"«‘])"
                          rf"|(?<=[a-z)][.!?]){_NO_TITLE_STOP}(?=[A-Z][a-z])")
#: The breaks of :data:`SENTENCE_END`, matched from their end punctuation, so that Python's engine
#: looks for ``.!?`` in C instead of trying the lookbehind at every character (about seven times
#: faster): a match starts at the punctuation, one character before SENTENCE_END's, and ends
#: where it ends (tested).
SENTENCE_BREAK = re.compile(rf"[.!?]{_NO_TITLE_STOP}(?!{_DEGREE_BEFORE_STOP}\s*,\s*{_DEGREE_AFTER})"
                            r"(?:[”\"»’]?(?:\s+|(?:\s*,)+\s*)(?=[A-Z“\"«‘])|(?<=[a-z)][.!?])(?=[A-Z][a-z]))")
#: A capitalised name word (or an acronym in brackets).
NAME = r"(?:[A-Z][\w.'’-]*|\([A-Z][\w.-]*\))"


def _heads(words: list, not_after: dict) -> str:
    """One alternation of ``words``, each not after the words ``not_after`` gives it (any case:
    ``{"Kota": ["Wali"]}``, so "Kota" but not "Wali Kota")."""
    kept = [w for w in words if w.lower() not in {k.lower() for k in not_after}]
    guarded = ["".join(rf"(?<!{re.escape(b)} )" for b in not_after[k]) + re.escape(k) for k in not_after
               if k.lower() in {w.lower() for w in words}]
    return f"(?:{'|'.join(guarded + [alternation(kept)])})"


def alternation(words) -> str:
    """One regex alternation of whole words or phrases, longest first; spaces match any run.

    Parameters
    ----------
    words : iterable of str
        The words or phrases.

    Returns
    -------
    str
        A non-capturing group ``(?:…|…)``.

    Examples
    --------
    >>> alternation(["kata", "juru bicara"])
    '(?:juru\\\\s+bicara|kata)'
    """
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


#: Every non-ASCII character, as a range of :func:`word_start`'s first class, written with the
#: characters themselves (RE2, which runs the rules' prefilters, has no ``\\U`` escape).
_NON_ASCII = "\x80-\U0010ffff"


def word_start(words) -> str:
    """Any of ``words`` starting at the start of a word, case-insensitively: what
    ``\\b(?i:ALTERNATION)`` matches (:func:`alternation`: longest first, spaces match any run),
    written so that Python's engine skips in C to the characters that can start one of them: the
    pattern opens with a class of the first letters in both cases and every non-ASCII character
    (whatever ``re.IGNORECASE`` folds onto a letter is among them), then one branch per first
    letter that checks it with ``(?<=(?i:m))`` (the same test as ``(?i:m)``). About six times
    faster on news text than the plain alternation. Words that do not start with a word
    character keep ``\\b``.

    Parameters
    ----------
    words : iterable of str
        The words or phrases.

    Returns
    -------
    str
        A non-capturing group; append ``\\b`` to match whole words only.

    Examples
    --------
    >>> word_start(["kata", "ujar", "Ungkap"])
    '(?:[KUku\\x80-\\U0010ffff](?<!\\\\w.)(?:(?<=(?i:k))(?i:(?:ata))|(?<=(?i:u))(?i:(?:ngkap|jar))))'
    >>> bool(re.search(word_start(["ujar"]) + r"\\b", "Ia berujar")), bool(re.search(word_start(["ujar"]), "UJAR"))
    (False, True)
    """
    groups: dict[str, list[str]] = {}
    for word in sorted({str(w) for w in words}, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0].casefold() if re.match(r"\w", word) else "", []).append(word)
    lettered = [(group[0][0].lower(), group) for first, group in sorted(groups.items()) if first]
    branches = []
    if lettered:
        starts = sorted({c for first, _ in lettered for c in (first, first.upper()) if c.isascii()})
        branches.append(f"[{re.escape(''.join(starts))}{_NON_ASCII}](?<!\\w.)(?:"
                        + "|".join(f"(?<=(?i:{re.escape(first)}))(?i:{alternation(w[1:] for w in group)})"
                                   for first, group in lettered) + ")")
    if "" in groups:
        branches.append(rf"\b(?i:{alternation(groups[''])})")
    return "(?:" + "|".join(branches) + ")"


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
    return {**_quote_rules(data), **_cue_rules(data), **_speaker_rules(data), **_word_rules(data)}


def _marks(marks: list) -> str:
    """Spans in quotation marks, one named group ``q<i>`` per pair of marks."""
    return "|".join(f"{re.escape(o)}(?P<q{i}>[^{re.escape(c)}\n]+?){re.escape(c)}" if o != c else
                    # the same mark opens and closes: an opening one follows a space and precedes
                    # a word, a closing one the reverse, so one unpaired mark does not shift the rest.
                    # The mark is written before the look-behind that checks the character before
                    # it (the same test): every alternative then starts with a mark, and Python's
                    # regex skips to the next mark instead of trying each position (2.4x faster)
                    rf"{re.escape(o)}(?<![^\s(\[.,;:!?]{re.escape(o)})(?=\S)(?P<q{i}>[^{re.escape(c)}\n]+?)(?<=\S){re.escape(c)}"
                    rf"(?=[\s,.;:!?)\]]|$)"
                    for i, (o, c) in enumerate(marks))


def _quote_rules(data: dict) -> dict[str, re.Pattern]:
    """Quotation marks and the cues written after a quote."""
    lower, times = alternation(data["lower_case_speaker_stops"]), alternation(data["stop_times"])
    stops = (f"(?:{alternation(data['speaker_stops'])}|(?-i:{lower})"  # "hari ini"; "Hari Senin", not "Hari Nugroho"
             rf"|{lower}(?=\s+(?:(?-i:[a-z])|{times}\b)))")
    verbs, passive = alternation(data["speech_verbs"]), alternation(data["passive_speech_verbs"])
    aux = alternation(data["auxiliaries"])
    # a title before a name, a degree or initial written with its full stop, inside a name: "dr. Andi",
    # "Andi Wijaya, S.H., M.H.", "Sp.PD" (the stop followed by letters, or by a comma and another
    # dotted degree; not "Mahfud MD. Ia …", "MD.,Sementara …"); an initial before a capitalised
    # word ("Laode M. Syarif"), or before more initials and a word of four letters or more ("A. M.
    # Hendropriyono"; not a degree spelled "S. H. M. Kn."), whose stop may also end a sentence
    # ("Budi S. Menurutnya …": the speaker's words are cut there, speakers._named_after)
    titles = (rf"\b{alternation(data['name_titles'])}\.(?=\s*(?-i:[A-Z]))"
              rf"|\b(?:{alternation(data['degrees'] + data['degree_parts'])}|[a-z])\."
              r"(?=[a-z]|\s*,\s*(?-i:[A-Z])[a-z]{0,3}\.)|\b(?-i:[A-Z])\.(?=\s+(?-i:[A-Z])[a-z]|(?:\s*(?-i:[A-Z])\.)+\s+(?-i:[A-Z])[\w'’]{3})")
    after = (rf"^\s*,?\s*(?:{alternation(data['after_quote_lead'])}\s+)?"
             rf"(?:(?P<cue>{alternation(data['after_quote_cues'])})(?P<nya>nya)?\b"
             rf"(?:\s+(?P<speaker>(?:(?!\s+{stops}\b)(?:{titles}|[^.,;:!?“”\"]|,(?!\s*{stops}\b)\s*(?=[A-Z])))+))?"
             rf"|(?P<cue3>{passive})\s+(?:oleh\s+)?(?P<speaker3>(?:(?!\s+{stops}\b)[^.,;:!?“”\"])+)"
             rf"|(?P<speaker2>[A-Za-z][^.,;:!?“”\"]{{0,100}}?)\s+(?:{aux}\s+)*"
             rf"(?P<cue2>{verbs}|{passive})\b)")
    return {
        "quoted": re.compile(_marks(data["quote_marks"])),
        "after": re.compile(after, re.IGNORECASE),
        "bare": re.compile(rf"^\s*,?\s*(?P<speaker>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,3}}|[A-Z][a-z'’-]+(?=\s+(?:{stops})\s))"
                           rf"(?:\s+(?:{stops})\s[^.]*)?\s*\.?\s*$"),
        "adverbial": re.compile(rf"^(?:(?:{stops})\b|\(?\d)", re.IGNORECASE),
    }


def _cue_rules(data: dict) -> dict[str, re.Pattern]:
    """Speech verbs, reporting clauses, "menurut X", and what makes a verb no quote."""
    verbs, passive = alternation(data["speech_verbs"]), alternation(data["passive_speech_verbs"])
    aux, pron = alternation(data["auxiliaries"]), data["pronouns"]
    clause = (rf"(?:(?P<cue>{alternation(data['after_quote_cues'])})(?:(?P<nya>nya)|\s+(?P<speaker>[^,.;:!?“”\"]{{1,60}}?))"
              rf"|(?P<speaker2>{alternation(pron['singular'] + pron['plural'])})\s+(?:{aux}\s+)*(?P<cue2>{verbs})"
              rf"|(?P<cue3>{passive})(?P<nya3>nya)?)")
    leads = alternation(data["sentence_cue_leads"])
    heads = word_start(["hal", "pernyataan", "informasi", "keterangan", "penjelasan"])
    return {
        "verb": re.compile(rf"(?P<cue>{word_start(data['speech_verbs'])})\b"),
        "sentence_cue": re.compile(rf"^\s*(?:{leads}\s+)?{clause}\s*,\s*(?P<quote>\S.*)$", re.IGNORECASE),
        # possessive spaces (``\s*+``): what follows them is no space, so giving spaces back never
        # makes a match, and masked quotes (long runs of spaces) are not scanned again and again
        "inserted": re.compile(rf",\s*+{clause}\s*+,\s*+(?=\S)", re.IGNORECASE),
        "mention_head": re.compile(rf"{heads}\s+(?i:ini|itu|tersebut)\s"),  # no global flag: the heads' scan stays fast
        "mention": re.compile(rf"{heads}\s+(?:ini|itu|tersebut)\s+"
                              rf"(?:\w+\s+)?(?P<cue>{passive})\s+(?:oleh\s+)?(?P<speaker>[^.;:!?“”\"]{{2,160}})",
                              re.IGNORECASE),
        "menurut_before": re.compile(r"^(?:[^,]*?(?:,\s*|\s))??(?P<cue>[Mm]enurut)(?:(?P<nya>nya)\s*,?|"
                                     r"\s+(?P<speaker>[^,]{2,80}?),)\s*(?P<quote>.+)$"),
        "menurut_after": re.compile(r"^(?P<quote>.+?),\s*(?P<cue>menurut)\s+(?P<speaker>(?:"  # a title's stop too
                                    rf"\b(?i:{alternation(data['name_titles'])})\.\s*(?=[A-Z])|[^,.]){{2,80}})"
                                    r"[.!?]?\s*$"),
        "content": re.compile(r"^\s*[,:]?\s*(?:(?:(?!me)\S+\s+){0,6}?bahwa\s+)?", re.IGNORECASE),
        "pointer": re.compile(rf"\s*[,:]?\s*{alternation(data['pointers'])}\b", re.IGNORECASE),
        "request": re.compile(rf"^\s*{alternation(data['request_openers'])}\b", re.IGNORECASE),
        "refusal": re.compile(rf"(?:^|\s){alternation(data['refusals'])}\s+(?:{aux}\s+)*$", re.IGNORECASE),
        "nominalisation": re.compile(data["nominalisation"], re.IGNORECASE),  # whole words (fullmatch)
        "noun_phrase": re.compile(rf"^\s*(?:{alternation(data['noun_phrase_openers'])}|{data['nominalisation']})\b",
                                  re.IGNORECASE),
        "predicate": re.compile(rf"\s{alternation(data['predicate_markers'])}\b", re.IGNORECASE),
    }


def _speaker_rules(data: dict) -> dict[str, re.Pattern]:
    """Speakers: pronouns, documents and issuers, roles, references, names and what trails them."""
    aux, pron = alternation(data["auxiliaries"]), data["pronouns"]
    joiner = alternation(data["speaker_joiners"])
    run = rf"{NAME}(?:,?\s+(?:{NAME}|{joiner}(?=\s+[A-Z]|$)|{joiner}))*"
    heads, countries = alternation(data["document_heads"]), _country_names()
    openers = alternation(data["sentence_openers"] + data["clause_openers"] + data["passive_speech_verbs"])
    return {
        "pronoun": re.compile(rf"(?:^|\s){alternation(pron['singular'] + pron['plural'])}$|^nya$", re.IGNORECASE),
        "plural": re.compile(rf"(?:^|\s){alternation(pron['plural'])}$", re.IGNORECASE),
        "document": re.compile(rf"(?:^|\s)(?P<head>{heads})\b(?P<rest>.*)$", re.IGNORECASE),
        "filler": re.compile(rf"^(?:\s*\b(?:{alternation(data['document_fillers'])}|\d+|[a-z]+ber)\b)*\s*",
                             re.IGNORECASE),
        # what every issuer match holds (an issuing verb, then a document head within two words):
        # the issuer's scan of name runs is run only on lines that have it
        "issued": re.compile(rf"{word_start(data['issue_verbs'])}\s+(?:\w+\s+){{0,2}}?{heads}\b"),
        "issuer": re.compile(rf"(?P<speaker>{run})\s+(?:{aux}\s+)*{alternation(data['issue_verbs'])}\s+"
                             rf"(?:\w+\s+){{0,2}}?{heads}\b"),
        "role": re.compile(rf"{word_start(data['person_roles'])}\b"),
        "org_role": re.compile(rf"\b{alternation(data['organisation_roles'])}\b", re.IGNORECASE),
        "anonymous": re.compile(rf"(?:^|\s){alternation(data['anonymous'])}\b", re.IGNORECASE),
        "opener": re.compile(rf"^{openers}\s+(?=(?-i:[A-Z]))", re.IGNORECASE),  # before a capital
        "prefix": re.compile(rf"^{alternation(data['speaker_prefixes'])}\s+", re.IGNORECASE),
        "trailing": re.compile(rf"(?:\s+(?:{aux}|pada\s+(?:hari\s+)?\w+(?:\s+\d+)?(?:\s+[A-Z]\w+)?"
                               rf"(?:\s+\d{{4}})?|(?:pekan|bulan|tahun|minggu)\s+lalu))+$", re.IGNORECASE),
        "run": re.compile(rf"(?P<run>{run})$"),
        "reference": re.compile(rf"^(?P<head>{alternation(data['person_roles'] + data['organisation_roles'])})"
                                r"\s+(?:itu|tersebut|ini)$", re.IGNORECASE),
        # "pria itu"; "pria kelahiran Jakarta" (one word after the origin word: not "pemain asal Brasil Neymar")
        "person_noun": re.compile(rf"^(?:{alternation(data['person_nouns'] + data['person_roles'])})\b"
                                  rf"(?:.*\s(?:itu|tersebut|ini)|\s+{alternation(data['origin_words'])}\s+\S+)$",
                                  re.IGNORECASE),
        "named_by": re.compile(rf"\b{alternation(data['naming_words'])}\s", re.IGNORECASE),  # "… bernama Hari"
        "naming": re.compile(rf"\byang\s+(?:\w+\s+)?{alternation(data['naming_words'])}\s+(?P<name>{NAME}(?:\s+{NAME}){{0,3}})",
                             re.IGNORECASE),
        # a nickname after its cue, one word not followed by another capitalised one ("alias Ahok";
        # not "disapa Kak Seto"), and the lead words between a name and the cue ("atau yang akrab")
        "nickname_cue": re.compile(rf"{word_start(data['nickname_cues'])}\s+(?P<nick>[A-Z][\w'’-]+)\b(?![\w'’-]|\s+[A-Z])"),
        "nickname_leads": re.compile(rf"(?:[\s,]+\b(?i:{alternation(data['nickname_leads'])}))*[\s,]*$"),
        "location": re.compile(rf"\s{alternation(data['location_leads'])}\s+(?=[A-Z]).*$"),
        "place": re.compile(alternation(data["place_names"] + countries), re.IGNORECASE),
        # inside a run of capitals ("Gubernur Jawa Barat Ridwan Kamil"): the provinces and the names of
        # countries of two words or more (one word may be a given name too: Jordan, Chad, Israel)
        "place_marker": re.compile(alternation(data["place_markers"]), re.IGNORECASE),
        "region_marker": re.compile(_heads(data["region_markers"], data["place_heads_not_after"]), re.IGNORECASE),
        "place_in": re.compile(rf"\b{alternation(data['place_names'] + [n for n in countries if ' ' in n])}\b"),
        # a place named after its head word ("Kota Bekasi", "Kabupaten Kotawaringin Timur"; not "Wali Kota
        # Risma", "Ibu Kota Jakarta"), and the words after a place that are part of it ("Jakarta Timur"): analysis.names
        "headed_place": re.compile(rf"(?<!\w)({_heads(data['place_heads'], data['place_heads_not_after'])}\s+)([A-Z][\w'’-]*"
                                   rf"(?:\s+{alternation(data['place_suffixes'])}\b)*)"),
        "place_suffix": re.compile(rf"([@%])((?:\s+{alternation(data['place_suffixes'])}\b)+)"),
        "glued_title": re.compile(rf"\b({alternation(data['name_titles'])})\.(?=[A-Z])", re.IGNORECASE),  # "Dr.Tanya"
        # the letters of one word of a degree written after a name without a comma ("SpOG", "MSc", "S.Sos"
        # without its stops): degrees and their parts (names._without_degrees also asks for its case or a stop)
        "degree_word": re.compile(rf"(?:{alternation(data['degrees'] + data['degree_parts'])})+", re.IGNORECASE),
        "degree": re.compile(rf"^(?:(?:{alternation(data['degrees'])}|[A-Za-z]+[.-][A-Za-z.-]*)\.?\s*)+$",
                             re.IGNORECASE),
    }


#: CLDR territories that are no place ("Dunia", pseudo-locales, "unknown region").
_NOT_PLACES = {"001", "QO", "XA", "XB", "ZZ",
               "DG", "GE", "TA"}  # and names that are people's as often: Diego Garcia, Georgia, Tristan da Cunha


def _country_names() -> list[str]:
    """Unicode CLDR's Indonesian names of countries and regions ("Arab Saudi", "Tiongkok", "Eropa"),
    without what CLDR adds in brackets ("Myanmar (Burma)" -> "Myanmar")."""
    from babel import Locale

    names = {code: re.sub(r"\s*\(.*\)$", "", name) for code, name in Locale("id").territories.items()}
    return sorted({name for code, name in names.items() if code not in _NOT_PLACES})


#: Rules that match one word or phrase of a list, whole (``fullmatch``), case-insensitively.
_WORD_LISTS = {"institution": "institution_words", "object_verb": "object_verbs", "office": "role_abbreviations",
               "particle": "name_particles", "person_noun_alone": "person_nouns", "opener_word": "sentence_openers",
               "location_word": "location_leads", "honorific": "honorifics", "clause_word": "clause_openers",
               "address_honorific": "address_honorifics",
               "group_pronoun": "group_pronouns", "rank": "ranks",
               "named_organisation": "named_organisations", "name_role": "name_roles",
               "party": "party_names", "headline_verb": "headline_verbs", "academic_title": "academic_titles",
               "balinese_name": "balinese_names", "named_after_titled": "named_after_titled",
               "doubled_no_one": "doubled_no_one", "legal_form": "legal_forms",
               "capitalised_degree": "capitalised_degrees", "silent_verb": "silent_verbs", "aside": "aside_words",
               "org_last": "organisation_last_words", "compass": "place_suffixes"}

#: Rules that find one word of a list anywhere in a text, case-insensitively.
_WORD_SEARCHES = {"regional": "regional_offices", "silent_subject": "silent_subjects"}


#: The word lists whose words are no word of a person's name (:func:`analysis.names._ends_name`), one rule.
_NOT_NAME_WORDS = ("person_roles", "ranks", "organisation_roles", "institution_words", "role_abbreviations",
                   "person_nouns", "party_names", "academic_titles", "organisation_last_words")


def _word_rules(data: dict) -> dict[str, re.Pattern]:
    """One whole-word matcher per word list of :data:`_WORD_LISTS`, one searcher per list of
    :data:`_WORD_SEARCHES`."""
    return {"org_prefix": re.compile(alternation(data["organisation_prefixes"])),  # case-sensitive: capitals
            "not_name": re.compile(alternation([w for key in _NOT_NAME_WORDS for w in data[key]]), re.IGNORECASE),
            **{name: re.compile(alternation(data[key]), re.IGNORECASE) for name, key in _WORD_LISTS.items()},
            **{name: re.compile(rf"\b{alternation(data[key])}\b", re.IGNORECASE) for name, key in _WORD_SEARCHES.items()}}
