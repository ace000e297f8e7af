"""Who a clause is about: the person a pronoun points to where no one is named before it.

A quote whose cue is a pronoun ("…," ujarnya; "Ia mengatakan …") takes the last speaker named
before it (:mod:`analysis.speakers`). Where the document names none, news style still says who
speaks: the person the last clause with a subject opens with ("Brandon Nicholas Salim, putra
sulung aktor Fery Salim, rupanya semakin mantap menekuni …. "…," jelasnya."). This module reads
that clause (:func:`clause_subject`). The evidence is weak, so it names no one where the subject
is not plainly a person's name: a common word (*Polisi*, *Fitur*, *Saat Meldi*), an organisation,
someone who does not speak next (*Tersangka X*, *Korban, X,*, *X meninggal*), or a remark about
someone else (*X sendiri*). The words are data (``data/quotes.yaml``: ``silent_subjects``,
``silent_verbs``, ``aside_words``).

>>> clause_subject("Pelatih Real Madrid, Zinedine Zidane, mengisyaratkan bakal menurunkan Hazard.")
'Zinedine Zidane'
"""

from __future__ import annotations

import re

from ._tokenizer_engine import is_common_word
from .names import _ends_name, _function_word, _is_organisation, _person_name
from .quote_rules import quote_rules

__all__ = ["clause_subject"]

#: A clause that opens with capitalised words, its subject, before its verb: after the start of the
#: text, a sentence's end, a comma or a dateline's dash, one to six capitalised words (a role and a
#: name), an apposition between commas ("Brandon Nicholas Salim, putra sulung aktor Fery Salim,
#: rupanya …") or a comma, then up to three words in lower case before a me- or ber- verb ("Tessa
#: pun tak mau menjawab").
_CLAUSE = re.compile(r"(?:^|[.!?][\"”’]?\s+|,\s*|\s[-–—]\s+)(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]*)){0,5})"
                     r"(?:\s*,\s*(?P<apposition>[^,.;!?\"“”]{3,80}?),|\s*,)?\s+(?P<between>(?:[a-z]+\s+){0,3})"
                     r"(?P<verb>(?:me|ber)[a-z]{3,})\b")
#: Capitalised words (and initials) only: an apposition that is a name ("Zinedine Zidane", "AKBP Rio Wahyu Anggoro").
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]*)){1,4}")


def clause_subject(text: str) -> str | None:
    """The person the last clause of ``text`` with a subject opens with.

    The subject is a name of two words or more (:func:`analysis.names._person_name`, no
    organisation's; after a first word that is a common word, a role noun, only a name of two words
    or more whose first is none: "Sutradara Joko Anwar", not "Rumah Sakit Cipto Mangunkusumo", "Saat
    Meldi", "Ayu Dewi Lestari"), the name in an apposition after a role ("Pelatih Real Madrid, Zinedine Zidane,
    mengisyaratkan …", "Kapolres Bogor, AKBP Rio Wahyu Anggoro, memimpin …"), one word after a role
    and a comma ("(Menkominfo), Rudiantara, berencana …"), or one word the text writes before as
    the first or last word of a longer name ("Khofifah lantas berjanji …" after "Khofifah Indar
    Parawansa"). Only the last clause counts: a subject that is no person (the police, a ministry,
    a suspect) is not passed over for an earlier one.

    Parameters
    ----------
    text : str
        A line, or the part of it before a quote.

    Returns
    -------
    str or None
        The name as written (one word: the longer name); ``""`` where the last clause's subject is
        no person's name; None where ``text`` has no such clause.

    Examples
    --------
    >>> clause_subject("Kapanlagi.com - Brandon Nicholas Salim, putra sulung aktor Fery Salim, rupanya "
    ...                "semakin mantap menekuni dunia hiburan.")
    'Brandon Nicholas Salim'
    >>> clause_subject("Khofifah menemui mahasiswa. Polisi masih menyelidiki kasus itu.")
    ''
    >>> clause_subject("Harga cabai naik tajam.") is None
    True
    """
    found = None
    for found in _CLAUSE.finditer(text):
        pass
    if found is None:
        return None
    rules = quote_rules()
    apposition = found.group("apposition") or ""
    lead = " ".join(text[:found.start("name")].split()[-3:])  # "Anak korban, Rizky Pratama, masih …"
    if (rules["silent_subject"].search(f"{lead} {found.group('name')} {apposition}")
            or rules["silent_verb"].fullmatch(found.group("verb"))
            or any(rules["aside"].fullmatch(w) for w in found.group("between").split())):
        return ""  # "Tersangka Budi …", "Korban, Dimas Saputra, meninggal …", "Kiper Andritany sendiri …"
    if _CAPITALISED.fullmatch(apposition):
        name = _person_name(apposition, rules)
        titles = apposition[:-len(name)].split() if name and apposition.endswith(name) else None
        if name and " " in name and titles is not None and all(_ends_name(w, rules) for w in titles):
            return "" if _is_organisation(name, rules) else name
    words = rules["opener"].sub("", found.group("name"))
    if " " in words:
        first, *rest = words.split()
        if rules["named_after_titled"].fullmatch(first):
            return ""  # "Universitas Sam Ratulangi", "Bandara Sultan Hasanuddin"
        if is_common_word(first) and not _ends_name(first, rules):  # capitalised as the clause's first word:
            if len(rest) < 2 or is_common_word(rest[0]):  # a role noun before a name ("Sutradara Joko Anwar"),
                return ""  # else no guess ("Saat Meldi", "Rumah Sakit …", "Ayu Dewi Lestari", "Optimisme Willian")
            words = " ".join(rest)
        name = _person_name(words, rules)
        return name if name and " " in name and not _is_organisation(name, rules) else ""
    return _one_word(words, text[:found.start("name")], rules)


def _one_word(word: str, before: str, rules: dict) -> str:
    """A one-word subject: the name after a role and a comma, or the longer name ``before`` writes
    with it (words that are no common word, function word or role); else ``""``."""
    if _ends_name(word, rules) or is_common_word(word) or _function_word(word, rules) or rules["pronoun"].search(word):
        return ""
    role = re.search(r"(\S+(?:\s+\S+){0,5}),\s+$", before)  # "… (Menkominfo), Rudiantara, berencana"
    if role and (role.group(1).endswith(")") or rules["role"].search(role.group(1).split()[-1])) \
            and _person_name(f"{role.group(1)} {word}", rules, after_role=True) == word:
        return word
    if word not in before:
        return ""
    escaped = re.escape(word)
    for longer in reversed(list(re.finditer(rf"(?<![\w'’-])(?:{escaped}(?:\s+[A-Z][\w'’-]+){{1,3}}|"
                                            rf"(?:[A-Z][\w'’-]+\s+){{1,3}}{escaped})(?![\w'’-])", before))):
        others = [w for w in longer.group().split() if w != word]  # not "Saat Meldi", "Oh Niki", "Pesan Tamara"
        if not any(is_common_word(w) or _function_word(w, rules) or _ends_name(w, rules) for w in others):
            name = _person_name(longer.group(), rules)
            if name and " " in name and not _is_organisation(name, rules):
                return name
    return ""
