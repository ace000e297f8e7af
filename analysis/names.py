"""Names in a run of capitals: where a person's name starts, where an initial ends it, and whether a
name is an organisation's.

:mod:`analysis.speakers` reads the words a quote's cue points to ("Menteri Sekretaris Negara
Pratikno", "Ketua Umum Partai Golkar Airlangga Hartarto", "KH Cholil Nafis"); these rules say which
of them are the person's name (:func:`_person_name`: after the last word that is no name's, a role,
rank, office or organisation word, an acronym, a place or an actor of the gazetteer) and whether a
name is an organisation (:func:`_is_organisation`); where an initial's full stop after a cue ends the
sentence and so the name (:func:`initial_stop`: "Budi S. Menurutnya, …", not "Laode M. Syarif"); where
academic titles end (:func:`_without_titles`: "Rektor Prof Gunawan", not "RSUP Dr Sardjito"). The words are data (``data/quotes.yaml``, read by
:mod:`analysis.quote_rules`); a newcomer who wants to add a rank or an office word edits that file.

>>> from analysis.quote_rules import quote_rules
>>> _person_name("Menteri Sekretaris Negara Pratikno", quote_rules(), after_role=True)
'Pratikno'
"""

from __future__ import annotations

import functools
import re

from ._gazetteer import Gazetteer, gazetteer
from ._tokenizer_engine import is_common_word, stem_word
from .quote_rules import quote_rules

__all__ = ["initial_stop", "name_of"]

#: A Roman numeral in capitals: no initials ("Komisi XI", "Kelas I").
_NUMERAL = re.compile(r"[IVX]+")


def _persons(text: str, compiled: Gazetteer | None = None) -> list[str]:
    """Canonical names of the gazetteer persons mentioned in ``text``, in order."""
    compiled = compiled or gazetteer()
    ids = [compiled.actor_id(m) for m in compiled.regex.findall(text)]
    return [compiled.canonical[i] for i in ids if compiled.types[i] == "person"]


def _person_name(run: str, rules: dict, compiled: Gazetteer | None = None, after_role: bool = False) -> str | None:
    """The capitalised words ending ``run`` after the last that is no name's (:func:`_ends_name`; a role
    word that is a name's too, ``name_roles``, is the name's after a word of it: "Lukman Hakim"), without
    the name of the organisation a word such as "Partai" names: two or more (one word after a place is
    as often the place's own, "Aceh Tamiang"), or one where :func:`_one_word_name` says so. With the
    rules of ``quote_rules()`` and the current ``gazetteer()`` (which the helpers read too) the answer
    is kept per run and ``after_role``, the names recurring across a corpus's documents; a change of
    either (``actors.yaml`` edited) empties what was kept."""
    current = gazetteer()
    compiled = compiled or current
    if rules is quote_rules() and compiled is current:
        if _KEPT_FOR[0] is not rules or _KEPT_FOR[1] is not current:
            _kept_person_name.cache_clear()
            _KEPT_FOR[:] = [rules, current]
        return _kept_person_name(run, after_role)
    return _read_person_name(run, rules, compiled, after_role)


#: The rules and gazetteer :func:`_kept_person_name`'s answers were read with.
_KEPT_FOR: list = [None, None]


@functools.lru_cache(maxsize=1 << 15)
def _kept_person_name(run: str, after_role: bool) -> str | None:
    return _read_person_name(run, *_KEPT_FOR, after_role)


def _read_person_name(run: str, rules: dict, compiled: Gazetteer, after_role: bool) -> str | None:
    run = _without_degrees(run, rules)  # "Ali Sungkar SpOG"
    blanked = _blanked(run, rules, compiled)
    words, stop, backwards = [], "", blanked.split()[::-1]
    for i, word in enumerate(backwards):
        if word in ("I", "Ni") and words and rules["balinese_name"].fullmatch(words[-1]):
            words.append(word)  # a Balinese name opens with it ("Dinas Pertanian Bali I Ketut Diarmita"): no numeral
            stop = backwards[i + 1] if i + 1 < len(backwards) else ""
            break
        if _ends_name(word, rules) and not (rules["name_role"].fullmatch(word) and i + 1 < len(backwards)
                                            and not _ends_name(backwards[i + 1], rules)):  # "Lukman Hakim Saifuddin"
            stop = word
            break
        words.append(word)
    if len(words) >= 3 and rules["named_organisation"].fullmatch(stop):
        words.pop()  # the organisation's own name: "Partai Golkar Airlangga Hartarto"
    if (len(words) == 1 and len(stop) == 2 and stop.isupper() and stop.isalpha() and not rules["org_prefix"].fullmatch(stop)
            and not _NUMERAL.fullmatch(stop)):  # not "Komisi XI", "PT Pertamina"
        return f"{stop} {words[0]}"  # initials before a surname: "Jaksa Agung HM Prasetyo", "AM Fatwa"
    if len(words) == 1 and _one_word_name(words[0], stop, rules, after_role):
        return words[0]
    return " ".join(reversed(words)) if len(words) >= 2 else None


def _blanked(run: str, rules: dict, compiled: Gazetteer) -> str:
    """``run`` with its actors blanked with "#", its places with "@" ("… Jawa Barat Ridwan Kamil"), and
    a place after its head word or a place's compass words with "%" (a whole place: "Kota Bekasi Edi
    Djunaedi", "Jakarta Timur Andreas Eman"; one word after it may be a name: "… Jakarta Utara Nasrudin")."""
    blanked = compiled.regex.sub(lambda m: ("@" if compiled.types[compiled.actor_id(m.group())] in ("place", "country")
                                            else "#") * len(m.group()), run)
    blanked = rules["place_in"].sub(lambda m: "@" * len(m.group()), blanked)
    blanked = rules["headed_place"].sub(lambda m: m.group() if _ends_name(m.group(2).split()[0], rules)  # "Kota Universitas"
                                        else m.group(1) + re.sub(r"\S", "%", m.group(2)), blanked)
    return rules["place_suffix"].sub(lambda m: m.group(1) + re.sub(r"\S", "%", m.group(2)), blanked)


def _after_headed_place(run: str, rules: dict) -> bool:
    """Whether ``run`` ends with one word after a whole place (:func:`_blanked`: "Kepala Diskominfo
    Provinsi Jabar Setiaji", "Kepala Dinas Pendidikan Jakarta Utara Nasrudin"): that word is the
    holder's name, not the region's."""
    words = _blanked(run, rules, gazetteer()).split()
    return len(words) >= 2 and "%" in words[-2] and not any(c in words[-1] for c in "#@%")


def _ends_name(word: str, rules: dict) -> bool:
    """Whether ``word``, read backwards from a name, is no part of it: an actor or a place (blanked), an
    acronym, a word not capitalised or closing a bracket ("(Menhub)"), a role, rank, organisation or
    office word, or a common word made with pe-/ke-…-an ("Kemaritiman")."""
    # "M" of "Laode M Syarif" is in the name; an acronym is not, nor a numeral ("Komisi I", "Kelas I"),
    # unless written with an initial's stop ("Richard V. Spencer")
    initial = len(word.rstrip(".")) == 1 and (word.endswith(".") or not _NUMERAL.fullmatch(word))
    return ("#" in word or "@" in word or "%" in word or ")" in word or not word[:1].isupper() or (word.isupper() and not initial)
            or bool(rules["not_name"].fullmatch(word.rstrip(".")))  # a role, rank, organisation, office, party ("Dr.")
            or bool(rules["nominalisation"].fullmatch(word)) and is_common_word(word))


def _one_word_name(word: str, stop: str, rules: dict, after_role: bool) -> bool:
    """Whether ``word``, the one capitalised word after ``stop`` ending a run, is a name: after a rank,
    and (``after_role``) after an office spelled out to an acronym, a bracket or an office's word
    ("Kepala BPS Suhariyanto", "(Menkominfo) Rudiantara", "Menteri Sekretaris Negara Pratikno", "Kepala
    Diskominfo Provinsi Jabar Setiaji"; not
    "Kepala Bidang Destinasi": a common word); not a place, an abbreviation or a particle, nor after a
    role alone ("Kapolres Purwakarta"), an organisation word ("Perum Bulog") or a place ("Aceh Tamiang")."""
    if (len(word.rstrip(".")) < 3 or _place(word, rules) or rules["particle"].fullmatch(word)  # "St" of "St. Paul"
            or rules["party"].fullmatch(word)):
        return False
    if rules["rank"].fullmatch(stop):
        return True
    spelled = (stop.startswith("(") or stop.endswith(")") or stop.isupper() and not rules["org_role"].fullmatch(stop)
               or (rules["institution"].fullmatch(stop) or "%" in stop  # a place after its head: "Provinsi Jabar Setiaji"
                   or rules["org_last"].fullmatch(stop))  # a club's name: "Pelatih Madura United Rasiman"
               and not is_common_word(word))  # not "Bidang Destinasi"
    return after_role and bool(spelled) and "@" not in stop


def _is_organisation(name: str, rules: dict, compiled: Gazetteer | None = None) -> bool:
    """A name with a non-person actor, an acronym or an institution word, or one ending with a word of
    ``organisation_last_words`` ("Madura United"). No acronym: a rank ("AKBP"), a
    title or degree beside a name ("KH Cholil Nafis", "Farid Mahmud SH") or initials before one ("BJ Habibie")."""
    compiled = compiled or gazetteer()
    actors = [compiled.actor_id(m) for m in compiled.regex.findall(name)]
    if any(compiled.types[i] != "person" for i in actors):
        return True
    words = re.findall(r"[\w'’-]+", name)
    if words and rules["org_last"].fullmatch(words[-1]):
        return True  # "Madura United", "Sriwijaya Air", "Warner Bros"
    items = re.split(r",\s*(?:(?:dan|serta)\s+)?|\s+(?:dan|serta)\s+", name)  # a list: each name by itself
    named = [w[:1].isupper() and not w.isupper() for w in words]
    initials = [len(w) == 2 and w.isalpha() and i + 1 < len(words) and named[i + 1] and not _NUMERAL.fullmatch(w)
                and not rules["org_prefix"].fullmatch(w) and not _place(words[i + 1], rules)  # "PP Muhammadiyah"
                for i, w in enumerate(words)]
    return any(w.isupper() and len(w) > 1 and not rules["rank"].fullmatch(w) and not initials[i]
               and not (any(named) and rules["degree"].fullmatch(w)) or rules["org_role"].fullmatch(w)
               or rules["institution"].fullmatch(w) for i, w in enumerate(words)) or \
        (not actors and any(len(item.split()) > 4 for item in items))


def _place(name: str, rules: dict) -> bool:
    """Whether ``name`` is a place: of the place list, or an actor of the gazetteer that is a place or a country."""
    compiled = gazetteer()
    found = compiled.regex.fullmatch(name)
    return bool(rules["place"].fullmatch(name)) or bool(found) and compiled.types[compiled.actor_id(name)] in (
        "place", "country")


def _function_word(subject: str, rules: dict) -> bool:
    """Whether ``subject`` is one function word, no speaker where it names no one written earlier
    ("Meski mengaku rugi, Dinar …", "Untuk memastikan …"; but "Hari menyebut" after "Hari Nugroho"):
    a stopword that is no pronoun, honorific or anonymous source, "keduanya" (both of them: no one speaker),
    or a time or manner word doubled (``doubled_no_one``: "Detik-detik saat …" after a quote)."""
    from .tokens import load_stopwords

    if _doubled_no_one(subject, rules):
        return True  # "Detik-detik saat …", "Alih-alih"; not "Anak-anak", "Teman-teman" (people)
    return bool(rules["group_pronoun"].fullmatch(subject)) or (
        " " not in subject and subject.lower() in load_stopwords() and not rules["pronoun"].search(subject)
        and not rules["anonymous"].match(subject) and not rules["honorific"].fullmatch(subject))


def _doubled_no_one(word: str, rules: dict) -> bool:
    """Whether ``word`` is a time or manner word written doubled, its second half in lower case
    (``doubled_no_one``: "Detik-detik", "Diam-diam"; not "Anak-anak", nor "Kupu-Kupu", a band's)."""
    doubled = _DOUBLED.fullmatch(word)
    return bool(doubled) and doubled.group(1).lower() == doubled.group(2) \
        and bool(rules["doubled_no_one"].fullmatch(doubled.group(2)))


#: A word and its second half, written with a hyphen, the second in lower case ("Detik-detik").
_DOUBLED = re.compile(r"(\w+)-([a-z]\w*)")


#: An initial with its stop ("M." of "Laode M. Syarif"); one followed by a word, in a text.
_INITIAL = re.compile(r"[A-Z]\.")
_INITIAL_BEFORE = re.compile(r"(?<!\w)[A-Z]\.\s+(?=\S)")  # a degree's last too: "S.E. Ia …"


def initial_stop(speaker: str, rules: dict) -> int | None:
    """Where an initial's full stop in the words after a cue ends the sentence, and so the name
    (the stop's index in ``speaker``), or None. The stop stays inside the name before a capitalised
    word that opens no sentence (:func:`_opens_sentence`) and whose run of capitalised words ends
    the words, a clause (a comma) or comes before a name particle or a role and a capital ("kata Laode M. Syarif",
    "Richard V. Spencer dalam …", "Laode M. Syarif, Jumat"); not before the next sentence's words
    ("Budi S. Menurutnya, …", "Heri S. Polisi masih menyelidiki …", "Angkasa Pura I. Bandara …
    padat").

    Parameters
    ----------
    speaker : str
        The words written after a cue (the quote rules' ``speaker`` group).
    rules : dict
        :func:`analysis.quote_rules.quote_rules`.

    Returns
    -------
    int or None

    Examples
    --------
    >>> from analysis.quote_rules import quote_rules
    >>> initial_stop("Laode M. Syarif", quote_rules()), initial_stop("Heri S. Polisi masih menyelidiki", quote_rules())
    (None, 6)
    """
    chain = None  # the first of initials written one after another ("A. M. Hendropriyono")
    for found in _INITIAL_BEFORE.finditer(speaker):
        words = speaker[found.end():].split()
        if not words[0][:1].isupper():
            chain = None
            continue
        if _INITIAL.fullmatch(words[0]):
            chain = chain or found  # the last initial decides for them all
            continue
        first, chain = chain or found, None
        if _opens_sentence(words[0].strip(","), rules):
            return first.start() + 1  # "Rudi Hartono S. H. M. H. Menurutnya …": "Rudi Hartono S"
        run = next((i for i, w in enumerate(words) if not w[:1].isupper() or w.endswith(",")), len(words))
        after, then = (words[run:run + 2] + ["", ""])[:2]
        if not (run == len(words) or after.endswith(",") or rules["particle"].fullmatch(after)
                or rules["role"].fullmatch(after) and then[:1].isupper() or after in ("yang", "selaku", "sebagai")):
            return first.start() + 1
    return None


def _opens_sentence(word: str, rules: dict) -> bool:
    """Whether ``word``, after an initial's stop, is the first word of the next sentence and no
    surname: a stopword ("Ia", "Namun", "Sebelumnya"), a word made from a root of the dictionary
    with affixes ("Menurutnya", "Pemerintah"; not "Syarif", "Putra", whose words are roots), an
    acronym or a place ("Aceh Utara dilanda banjir")."""
    from .tokens import load_stopwords

    lower = word.lower()
    return (lower in load_stopwords() or (is_common_word(word) and stem_word(lower) != lower)
            or len(word) > 1 and word.isupper() or _place(word, rules))


def name_of(found: str, after: str, rules: dict) -> str:
    """``found``, a first name with the one or two capitalised words written after it (as
    :func:`analysis.speakers.longer_name` completes "Ruben" from "Ruben Onsu Ungkap"), up to a word
    that is no name's: a verb a headline writes after a name (``headline_verbs``), a common word
    made of its root and -kan ("Zul Zivilia Bandingkan"), or a role or office heading what follows
    it ("Ruben Onsu Ketua Yayasan", "Wiranto Panglima Angkatan"). A role word before another word
    of a name, a headline's verb or nothing capitalised is the name's ("Gandjar Laksamana
    Bonaprapta", "Agung Laksamana, …"), as is one of ``name_roles`` between two words of the name
    or before anything but a common word ("Lukman Hakim SH"; not "Arief Hidayat Hakim Konstitusi").

    Parameters
    ----------
    found : str
        The first name and the words after it, one space between words.
    after : str
        What the text writes right after ``found`` (its next capitalised word, if any, tells
        whether a role there heads something).
    rules : dict
        :func:`analysis.quote_rules.quote_rules`.

    Returns
    -------
    str
        ``found`` or its first words (at least the first name).

    Examples
    --------
    >>> from analysis.quote_rules import quote_rules
    >>> name_of("Ruben Onsu Ungkap", " Alasan Pindah", quote_rules())
    'Ruben Onsu'
    >>> name_of("Ruben Onsu Ketua", " Yayasan Anak", quote_rules()), name_of("Agung Laksamana", ", di", quote_rules())
    ('Ruben Onsu', 'Agung Laksamana')
    """
    words = found.split()
    following = _NEXT_CAPITAL.match(after)
    for i, word in enumerate(words[1:], 1):
        if _headline_verb(word, rules):
            return " ".join(words[:i])
        heads = words[i + 1] if i + 1 < len(words) else following and following.group(1)
        if not (rules["role"].fullmatch(word) or rules["office"].fullmatch(word)) or not heads \
                or _headline_verb(heads, rules) or _name_word(heads, rules):
            continue  # no role, or one ending the name ("Agung Laksamana, …", "… Hakim Ungkap …")
        # a role that is also a name's heads only a common word ("Hakim Konstitusi"; not "Asma Ratu
        # Agung", "Lukman Hakim SH", "Arief Rahman Hakim Jakarta")
        if not rules["name_role"].fullmatch(word) or i + 1 == len(words) and is_common_word(heads):
            return " ".join(words[:i])
    return _without_degrees(found, rules)  # "Ali Sungkar SpOG"


def _headline_verb(word: str, rules: dict) -> bool:
    """A word of ``headline_verbs``, or a common word made of a root of four letters or more and
    -kan ("Bandingkan", "Samakan"; not the names "Hakan", "Tukan", "Pinkan", which Sastrawi reads
    as "hak", "tuk" and "pin" with -kan)."""
    if rules["headline_verb"].fullmatch(word):
        return True
    lower = word.lower()  # Sastrawi (slow) only for a word that can be a root of four letters and -kan
    return (len(lower) >= 7 and lower.endswith("kan") and stem_word(lower) == lower[:-3]
            and is_common_word(word))


#: The capitalised word or acronym right after a name (``Kapolda`` *Jatim*), if one follows.
_NEXT_CAPITAL = re.compile(r"\s+([A-Z][\w'’-]*)")


def _name_word(word: str, rules: dict) -> bool:
    """Whether ``word``, after a role, reads as a word of a name: capitalised and no acronym,
    common word, role, office or place ("Bonaprapta"; not "Yayasan", "PT", "Jawa")."""
    return (word[1:2].islower() and not is_common_word(word) and not _place(word, rules)
            and not any(rules[k].fullmatch(word) for k in ("role", "rank", "office")))


def _without_titles(run: str, rules: dict) -> str:
    """``run`` from the first word after its last academic title ("Prof Candra", "Rektor Prof
    Gunawan", "Dekan FKUI Prof. Dr. Ari" -> "Candra", "Gunawan", "Ari"; not "Prof" alone, nor the
    title of a place or institution named after someone, ``named_after_titled``: "RSUP Dr Sardjito");
    a list of names keeps its names without their titles ("Prof Budi dan Prof Ani" -> "Budi dan Ani")."""
    words = run.split(" ")
    title = [bool(rules["academic_title"].fullmatch(w.rstrip("."))) for w in words]
    titles, opens = [], 0  # the titles of a name: a word that is no title follows; none of "RSUP Dr Sardjito"
    for i, is_title in enumerate(title):
        opens = i if not (is_title and i and title[i - 1]) else opens  # where a run of titles opens
        if is_title and not all(title[i + 1:]) and not (
                opens and rules["named_after_titled"].fullmatch(words[opens - 1].rstrip("."))):
            titles.append(i)
    if not titles:
        return run
    if "," in run or " dan " in run or " serta " in run:
        return " ".join(w for i, w in enumerate(words) if i not in titles)
    return " ".join(words[titles[-1] + 1:])


def _without_degrees(run: str, rules: dict) -> str:
    """``run`` without the degrees written after a name of two words or more without a comma ("Ali
    Sungkar SpOG", "Hari Nugroho MsC", "Andi Wijaya Sp.JP M.Kes" -> "Ali Sungkar", "Hari Nugroho",
    "Andi Wijaya"): the last words written as degrees (:func:`_degree_word`: their letters degrees,
    with a full stop in them or in mixed case), after two words of a name (:func:`_ends_name`); not
    in capitals or as a name is ("Mahfud MD", "Iskandar ST", "Jack Ma": as often a name's own), nor
    after one word of a name ("Camat Apriadi S.Sos": the degree is what tells that the word after the
    role is a name), nor after an organisation's name ("Lamborghini Automobili SpA")."""
    words = run.split(" ")
    end = len(words)
    while end > 2 and _degree_word(words[end - 1], rules):
        end -= 1  # two in a row too: "Andi Wijaya Sp.JP M.Kes"
    if end == len(words) or _is_organisation(" ".join(words[:end]), rules):
        return run
    if any(_ends_name(w, rules) for w in words[end - 2:end]):
        end += 1  # after one word of a name its first degree stays: "Camat Apriadi S.Sos" (M.Si)
    return " ".join(words[:end])


def _degree_pieces(pieces: list[str], rules: dict) -> list[bool]:
    """Which of a clause's pieces between commas are degrees (:func:`_degree_piece`), each judged
    after the last piece before it that is none ("Budi Hartanto, S.H., M.Kn.": both after the name;
    after a degree, one spelled as a name is too: "Yuli Astuti, S.Farm., Apt."), or the legal form of
    the organisation before it ("PT Unilever Indonesia, Tbk."): no speaker."""
    flags, before = [], None
    for piece in pieces:
        bare = piece.rstrip(".")
        spelled = bool(flags) and flags[-1] and " " not in bare \
            and bool(rules["degree_word"].fullmatch(bare.replace(".", "")))
        legal = bool(rules["legal_form"].fullmatch(bare)) and before is not None and _is_organisation(before, rules)
        flags.append(before is not None and (spelled or legal or _degree_piece(piece, before, rules)))
        before = before if flags[-1] else piece
    return flags


def _degree_piece(piece: str, before: str, rules: dict) -> bool:
    """Whether ``piece``, a piece of a clause between commas after the piece ``before``, is degrees
    ("Andi Wijaya, SH, MH", "dr Andi, Sp.JP", "Rina Sari, M.Psi.", "Sp.P. (K)"): each word written as
    a degree (:func:`_degree_word`, or in capitals: "SH", "MM"; ``capitalised_degrees``: "Lc."; a
    consultant's "(K)" beside one), or the piece holds a full stop or is in lower case and matches
    the quote rules' broader ``degree`` ("M.Kn.", "S.H.I.", "sh") after a person's name. Not a name
    whose letters spell degrees or that holds a stop or hyphen, after a role or a noun ("salah satu
    warga, Irma", "Ketua RT, M.Yusuf", "Dosen, Jean-Pierre")."""
    words = [w for w in piece.split() if not _CONSULTANT.fullmatch(w)] if " " in piece else [piece]
    if words and all(_degree_word(w, rules) or _capital_degree(w, rules)
                     or rules["capitalised_degree"].fullmatch(w.rstrip(".")) for w in words):
        return True
    written = "." in piece or piece.islower()  # "M.Kn.", "sh"; not "Irma", "Ma Ying-jeou"
    return written and bool(rules["degree"].match(piece)) and _reads_as_name(before, rules)


#: A specialist's mark in brackets after a degree: "Sp.P. (K)" (konsultan).
_CONSULTANT = re.compile(r"\([A-Z]{1,3}\)")


def _capital_degree(word: str, rules: dict) -> bool:
    """``word`` in capitals, its letters (full stops left out) degrees: "SH", "M.M."."""
    letters = word.rstrip(".,").replace(".", "")
    return letters.isupper() and bool(rules["degree_word"].fullmatch(letters))


def _reads_as_name(piece: str, rules: dict) -> bool:
    """Whether ``piece`` ends in a word of a person's name (after a title or a role: "dr Andi
    Wijaya", "psikolog Rina Sari", "Lukman Hakim"), not in a role, an acronym, a lower-case noun or
    one word after an office ("Kepala Desa Sukamaju")."""
    words = piece.split()
    if not words or not words[-1][:1].isupper() or words[-1].isupper():
        return False
    if len(words) > 1 and _ends_name(words[-2], rules) and _person_name(piece, rules) is None:
        return False  # one word after an office or a place's word: "Kepala Desa Sukamaju"
    return not _ends_name(words[-1], rules) or (  # a name's last word that is a role's too: "Lukman Hakim"
        len(words) > 1 and words[-2][:1].isupper() and not words[-2].isupper() and not _ends_name(words[-2], rules))


def _degree_word(word: str, rules: dict) -> bool:
    """Whether ``word`` is written as a degree: its letters up to a hyphen, full stops left out, are
    degrees (``degree_word``: "SpOG", "S.Sos", "Sp.PD-KGEH"), and they hold a full stop or are in mixed
    case; not in capitals or as a name is ("MD", "Ma", "Irma", "Se-Ma": as often a name's), nor in
    lower case as a word is ("aksi", "si")."""
    head = word.rstrip(".").split("-")[0]
    if "." in head and all(len(p) < 2 or rules["degree_word"].fullmatch(p) for p in head.split(".")) \
            and any(len(p) > 1 for p in head.split(".")):
        return True  # a letter before a part: "M.Hum", "S.Psi"
    return bool(rules["degree_word"].fullmatch(head.replace(".", ""))) and (
        "." in head or head not in (head.upper(), head.capitalize(), head.lower()))


def _is_word(char: str) -> bool:
    """``re``'s ``\\w`` for one character of a ``str``."""
    return char.isalnum() or char == "_"


def _boundary(text: str, at: int) -> bool:
    """``re``'s ``\\b`` at index ``at`` of ``text``."""
    return (at > 0 and _is_word(text[at - 1])) != (at < len(text) and _is_word(text[at]))


def _written_alone(name: str, text: str, rules: dict) -> bool:
    """Whether ``text`` writes ``name`` somewhere without an organisation word after it ("Jack Ma
    sekarang …" beside "Jack Ma Foundation"; not "Officer Gojek" only in "Officer Gojek Group")."""
    at = text.find(name)
    while at >= 0:
        if _boundary(text, at) and _boundary(text, at + len(name)) \
                and not rules["org_role"].match(text, at + len(name) + 1):
            return True
        at = text.find(name, at + 1)
    return False
