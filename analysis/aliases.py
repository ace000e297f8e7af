"""One person under the forms a corpus writes: ``Anies`` and ``Gubernur Anies`` are ``Anies Baswedan``.

Within a document the quote rules already complete a short name from the full one written
earlier (:mod:`analysis.speakers`). Across documents the same person is still written in several
forms, and a speakers table counted by form splits them. :func:`speaker_groups` counts each
person speaker under one form, by five rules on the person speakers of the whole corpus and
how often each is quoted:

* a role written first is left out (``Presiden Jokowi`` -> ``Jokowi``, ``Menteri Rini`` ->
  ``Rini``) when what remains is written as a person speaker too and is no office, place or
  acronym, and so is an honorific of address (``address_honorifics``: ``Pak Saut`` -> ``Saut``)
  where what remains is counted under a name of two words or more (``Saut Situmorang``; ``Kak
  Seto`` stays, since ``Seto`` alone may be another Seto), and so is the *I* or *Ni* that opens a
  Balinese name (``I Ketut Diarmita`` -> ``Ketut Diarmita``, where that is written too);
* names with the same first and last word and their middle names written out, as initials or left
  out (``Laode M Syarif``, ``Laode Muhammad Syarif``, ``Laode Syarif``) are the one of them quoted
  most often, where every form fits every other (``Laode Syarif`` stays beside ``Laode Kamal
  Syarif`` and ``Laode M Syarif``) or a form fits only spellings of one such set (``Muhamad``,
  ``Muhammad``);
* a name that goes on by one word after a more often quoted name of two words or more is that name
  (``Sri Mulyani Indrawati`` -> ``Sri Mulyani``, ``Fahri Hamzah Ungkap`` -> ``Fahri Hamzah``);
* a name that opens longer names, or is the last word of them (a surname), is the one of them
  that holds nine in ten of their quotes, where it is quoted at least as often as the name (twice
  as often for a surname): ``Anies`` -> ``Anies Baswedan`` (64 quotes, against 5 for "Anies Rasyid
  Baswedan" and headlines read as names); a form two such names share stays as it is (``Agus``
  with ``Agus Rahardjo`` and ``Agus Wibowo``; ``Joko`` with ``Joko Widodo``, 63 quotes, and
  ``Joko Anwar``, 12), and so does a name a rarer longer name ends with (``Joko Widodo`` is not
  ``Iriana Joko Widodo``, his wife);
* a nickname the corpus defines (:mod:`analysis.nicknames`: ``Presiden Joko Widodo (Jokowi)``,
  ``Bambang Soesatyo atau yang akrab disapa Bamsoet``) is the name it stands for: in the documents
  that define it, and across the corpus where two documents or more define it, nine in ten of its
  definitions give one name and no other person's name of the corpus holds it (``Iwan`` defined
  for one person is not every Iwan's).

The gazetteer's name (``actor``, ``data/actors.yaml``) wins where there is one. Organisations,
documents and anonymous sources keep their own form. The ``speaker`` column keeps the form
written; the group is an added column, so that a reader sees what was put together.

>>> quotes = pd.DataFrame({"speaker": ["Anies", "Anies Baswedan", "Anies Baswedan", "Presiden Jokowi", "Jokowi",
...                                    "Agus", "Agus Rahardjo", "Agus Wibowo"],
...                        "speaker_type": ["person"] * 8, "actor": [""] * 8})
>>> speaker_groups(quotes).tolist()
['Anies Baswedan', 'Anies Baswedan', 'Anies Baswedan', 'Jokowi', 'Jokowi', 'Agus', 'Agus Rahardjo', 'Agus Wibowo']
"""

from __future__ import annotations

import re

import pandas as pd

from .frames import require_columns

__all__ = ["speaker_groups"]


def _without_role(name: str, role, honorific=None, balinese=None) -> str:
    """``name`` without the role words and honorifics that open it (``Wakil Presiden Ma'ruf Amin`` ->
    ``Ma'ruf Amin``, ``Pak Jokowi`` -> ``Jokowi``), and without the *I* or *Ni* that opens a Balinese
    name before a word ``balinese`` matches (``I Ketut Diarmita`` -> ``Ketut Diarmita``)."""
    words = name.split()
    if balinese is not None and len(words) > 2 and words[0] in ("I", "Ni") and balinese.fullmatch(words[1]):
        words = words[1:]
    while len(words) > 1 and (role.fullmatch(words[0]) or honorific is not None and honorific.fullmatch(words[0])):
        words = words[1:]
    rest = " ".join(words)
    found = role.match(rest)  # a role of several words ("Wakil Presiden", "Juru bicara")
    return rest[found.end():].strip() if found and found.end() < len(rest) and rest[found.end()] == " " else rest


def _both_balinese(name: str, rest: str, written) -> bool:
    """Whether ``name`` is ``rest`` after a Balinese *I* (a man's) or *Ni* (a woman's) and ``written``
    holds it after the other too ("I Putu Eka Sari" and "Ni Putu Eka Sari": two persons)."""
    first = name.split(" ", 1)[0]
    other = {"I": "Ni", "Ni": "I"}.get(first)
    return other is not None and name == f"{first} {rest}" and f"{other} {rest}" in written


def _longer(names) -> dict[str, set[tuple[str, bool]]]:
    """For every name, the longer names of ``names`` that it opens (False) or ends with one word
    (True: a surname), word for word."""
    parts: dict[str, set[tuple[str, bool]]] = {}
    for name in names:
        words = name.split()
        for k in range(1, len(words)):
            parts.setdefault(" ".join(words[:k]), set()).add((name, False))
        if len(words) > 1:
            parts.setdefault(words[-1], set()).add((name, True))
    return parts


def _opening(name: str, counts: dict[str, int]) -> str:
    """The name of two words or more that opens ``name`` with one word less and is quoted more
    often (``Sri Mulyani Indrawati`` -> ``Sri Mulyani``), else ``name`` (as often: the full name)."""
    head = " ".join(name.split()[:-1])
    return head if len(head.split()) >= 2 and counts.get(head, 0) > counts[name] else name


def _office(name: str, rules: dict) -> bool:
    """Whether a name is an acronym, a place, or opens with a role, organisation or institution
    word ("Ketua", "DPR", "Jawa Barat"; not "Lukman Hakim")."""
    first = name.split()[0]
    return name.isupper() or bool(rules["place"].fullmatch(name) or rules["place_in"].search(name)) or bool(
        rules["role"].fullmatch(first) or rules["org_role"].fullmatch(first) or rules["institution"].fullmatch(first))


def _is_list(name: str) -> bool:
    """Whether a speaker is several ("Anies dan Riza", "Budi, Ani, dan Citra")."""
    return "," in name or bool(re.search(r"\s(?:dan|serta|&)\s", name))


def _part(name: str, of: str) -> bool:
    """Whether ``name`` is ``of`` or opens or ends it, word for word."""
    words, part = of.split(), name.split()
    return part == words[:len(part)] or part == words[-len(part):]


def _groups(counts: dict[str, int]) -> dict[str, str]:
    """The form each name is counted under (see the module's rules 2 and 3)."""
    opening = {name: _opening(name, counts) for name in counts}
    for name in counts:  # "Joyce Theresia Pamela Kohler" -> "Joyce Theresia Pamela" -> "Joyce Theresia"
        while opening[opening[name]] != opening[name]:
            opening[name] = opening[opening[name]]
    parts = _longer(counts)
    group = {}
    for name in counts:
        if opening[name] != name:
            group[name] = opening[name]
            continue
        # the longer names it is part of, each as counted; one of them, quoted at least as often
        # (twice as often for a surname alone: "Habibie" is not his son "Thareq Kemal Habibie")
        longer = {opening[n] if _part(name, opening[n]) else n: surname for n, surname in sorted(parts.get(name, ()))}
        longer.pop(name, None)
        top = max(sorted(longer), key=lambda n: counts[n], default=None)
        # the one that holds nine in ten of their quotes ("Anies Baswedan", not "Anies Rilis Program",
        # a headline read as a name; "Ahmad" is neither "Ahmad Riza Patria" nor "Ahmad Yani")
        group[name] = top if top and counts[top] >= counts[name] * (2 if longer[top] else 1) \
            and counts[top] >= 0.9 * sum(counts[n] for n in longer) else name
    for name in group:  # to the end of a chain; a name on a loop (none is known) stays as written
        seen = {name}
        while group[group[name]] not in seen:
            seen.add(group[name])
            group[name] = group[group[name]]
    return {name: to if group[to] == to else name for name, to in group.items()}


def _nicknamed(nicknames: pd.DataFrame | None, counts: dict[str, int], groups: dict[str, str],
               rules: dict) -> tuple[dict, dict]:
    """The name each nickname stands for across the corpus, and in each document that defines it
    (``{(doc_id, nickname): name}``), names as counted (:func:`_groups`). Across the corpus only
    where two documents or more define it, nine in ten of its definitions give one name and no
    longer name of the corpus opens or ends with it as another person's (:func:`_other_person`:
    "Jokowi"; not "Iwan", which opens "Iwan Setiawan" too)."""
    if nicknames is None or not len(nicknames):
        return {}, {}
    counted = [groups.get(name, name) for name in nicknames["name"].astype("str")]
    doc = {(d, n): to for d, n, to in zip(nicknames["doc_id"].astype("str"), nicknames["nickname"].astype("str"),
                                          counted)}
    by = pd.Series(counted).groupby(nicknames["nickname"].astype("str").to_numpy()).value_counts()
    documents = nicknames.astype({"doc_id": "str"}).groupby("nickname")["doc_id"].nunique()
    parts, corpus = _longer(counts), {}
    for nick, names in by.groupby(level=0):
        top = names.sort_index(kind="stable").droplevel(0).sort_values(ascending=False, kind="stable")
        others = [name for name, _ in parts.get(nick, ()) if _other_person(name, nick, rules)]
        if top.iloc[0] >= 0.9 * top.sum() and not others and documents[nick] >= 2:
            corpus[nick] = top.index[0]
    return corpus, doc


def _other_person(name: str, nick: str, rules: dict) -> bool:
    """Whether ``name``, a longer name with ``nick`` in it, is another person's: its other words are
    all names, none a common word, honorific or role ("Iwan Setiawan"; not "Pak Jokowi", "Relawan
    Jokowi Mania", "Keputusan Jokowi": a headline read as a name)."""
    from ._tokenizer_engine import is_common_word

    rest = [w for w in name.split() if w != nick]
    return bool(rest) and all(w[:1].isupper() and not is_common_word(w) and not rules["honorific"].fullmatch(w)
                              and not rules["not_name"].fullmatch(w) for w in rest)


def _middle_variants(counts: dict[str, int], unquoted=()) -> dict[str, str]:
    """The names written with the same first and last word and their middle names written out, as
    initials or left out ("Laode Syarif", "Laode Muhammad Syarif" and "Laode M Syarif"), each to
    the one of them quoted most often (then with the most words); only where every form of the set
    fits every other ("Laode Syarif" stays beside "Laode Kamal Syarif" and "Laode M Syarif").
    ``unquoted``: names of the text (a nickname's) that may join a set, not name it."""
    counts = {**dict.fromkeys(unquoted, 0), **counts}
    by_ends: dict[tuple[str, str], list[str]] = {}
    for name in counts:
        words = name.split()
        if len(words) >= 2 and not _is_list(name):
            by_ends.setdefault((words[0], words[-1]), []).append(name)
    out, unsure = {}, []
    for forms in by_ends.values():
        for name in forms if len(forms) > 1 else ():
            fits = [form for form in forms if form == name or _same_middle(form, name)]
            if not all(_same_middle(a, b) for i, a in enumerate(fits) for b in fits[i + 1:]):
                unsure.append((name, fits))
                continue
            best = min(fits, key=lambda form: (-counts[form], -len(form.split()), form))
            if best != name:
                out[name] = best
    for name, fits in unsure:  # it fits only spellings of one set ("Muhamad", "Muhammad"): that set
        targets = {out.get(form, form) for form in fits if form != name}
        if len(targets) == 1 and name not in targets:
            out[name] = targets.pop()
    return {name: to for name, to in out.items() if to not in out}


def _same_middle(a: str, b: str) -> bool:
    """Whether the middle names of ``a`` and ``b`` (first and last words aside) can be one person's:
    the fewer are the others, in order, each written out or as its initial ("M" of "Muhammad")."""
    short, long = sorted((a.split()[1:-1], b.split()[1:-1]), key=len)
    rest = iter(long)
    return all(any(w == v or len(w) == 1 and v.startswith(w) or len(v) == 1 and w.startswith(v) for v in rest)
               for w in short)


def _counted(written: dict[str, int], address: set[str], nicknames: pd.DataFrame | None, rules: dict) -> tuple:
    """For the person speakers ``written`` (form: quotes): each form without the role (and, for
    the forms of ``address``, the honorific) that opens it, the groups (:func:`_groups`), the
    nicknames defined per document (:func:`_nicknamed`) and the name each form is counted under."""
    # a role is left out only where the rest is written as a person speaker too, and is no
    # office, institution, place or acronym ("Wakil Ketua", "Anggota DPR", "Wakil Gubernur Jawa Barat")
    bare = {name: _without_role(name, rules["role"], rules["address_honorific"] if name in address else None,
                                rules["balinese_name"]) for name in written}
    bare = {name: rest if rest != name and rest in written and not _office(rest, rules)
            and not _both_balinese(name, rest, written) else name for name, rest in bare.items()}
    counts: dict[str, int] = {}
    for name, n in written.items():
        counts[bare[name]] = counts.get(bare[name], 0) + n
    nicknamed = () if nicknames is None else nicknames["name"].astype("str").unique()  # (one space: names.py)
    variants = _middle_variants(counts, nicknamed)  # "Laode Syarif", "Laode Muhammad Syarif" -> "Laode M Syarif"
    merged: dict[str, int] = {}
    for name, n in counts.items():
        merged[variants.get(name, name)] = merged.get(variants.get(name, name), 0) + n
    groups = _groups(merged)
    if variants:  # a form the merged variants left without its longer name: "Eva Kusuma" (of "Eva Kusuma Sundari")
        unmerged = _groups(counts)
        groups.update({name: variants.get(unmerged[name], unmerged[name]) for name, to in groups.items() if to == name})
    groups.update({name: groups[to] for name, to in variants.items() if to in groups})  # (a quoted name)
    corpus, defined = _nicknamed(nicknames, merged, groups, rules)
    return bare, groups, defined, {name: corpus.get(groups[rest], groups[rest]) for name, rest in bare.items()}


def speaker_groups(quotes: pd.DataFrame, nicknames: pd.DataFrame | None = None) -> pd.Series:
    """The name each quote's speaker is counted under: the full name of the corpus a person's
    form is part of, the name a nickname stands for, the gazetteer's name, or the speaker as written.

    Parameters
    ----------
    quotes : pandas.DataFrame
        ``speaker``, ``speaker_type``, ``actor`` and, with ``nicknames``, ``doc_id`` (as from
        :func:`analysis.pipeline.find_quotes`: the whole corpus, since the groups depend on every
        name in it).
    nicknames : pandas.DataFrame, optional
        ``doc_id, nickname, name``: the nicknames the corpus defines
        (:func:`analysis.nicknames.nickname_definitions`). A person written as a nickname is counted
        under the name in the documents that define it, and across the corpus where two documents
        or more define it, their definitions agree (nine in ten) and no other person's name of the
        corpus opens or ends with it.

    Returns
    -------
    pandas.Series of str
        Aligned with ``quotes``; missing where the speaker is.

    Examples
    --------
    >>> speaker_groups(pd.DataFrame({"speaker": ["Yasonna", "Yasonna Laoly", "KPK"],
    ...                              "speaker_type": ["person", "person", "organisation"],
    ...                              "actor": ["", "", ""]})).tolist()
    ['Yasonna Laoly', 'Yasonna Laoly', 'KPK']
    >>> quotes = pd.DataFrame({"doc_id": ["a", "b", "c"], "speaker": ["Jokowi", "Presiden Jokowi", "Joko Widodo"],
    ...                        "speaker_type": ["person"] * 3, "actor": [""] * 3})
    >>> speaker_groups(quotes, pd.DataFrame({"doc_id": ["c", "d"], "nickname": ["Jokowi"] * 2,
    ...                                      "name": ["Joko Widodo"] * 2})).tolist()
    ['Joko Widodo', 'Joko Widodo', 'Joko Widodo']
    """
    from .quote_rules import quote_rules

    require_columns(quotes, ["speaker", "speaker_type", "actor"], "speaker_groups", "quotes")
    if nicknames is not None:
        require_columns(nicknames, ["doc_id", "nickname", "name"], "speaker_groups", "nicknames")
        require_columns(quotes, ["doc_id"], "speaker_groups", "quotes")
    speaker = quotes["speaker"].fillna("").astype("str").str.split().str.join(" ")  # one space between words
    actor = quotes["actor"].fillna("").astype("str")
    rules = quote_rules()
    # every person's name counts (a gazetteer's too: "Kim" is not only "Kim Kardashian"); the
    # persons without an actor are the ones grouped here
    persons = quotes["speaker_type"].astype("str").eq("person") & speaker.ne("")
    person = persons & actor.eq("")
    # several persons written as one speaker keep their form and are no one's longer name
    written = {name: n for name, n in speaker[persons].value_counts().items() if not _is_list(name)}
    actors = dict(zip(speaker[persons & actor.ne("")], actor[persons & actor.ne("")]))
    # an honorific of address is left out where the person it leaves is counted under a name of
    # two words or more ("Pak Saut" -> "Saut Situmorang", "Pak Jokowi" -> "Joko Widodo"; not "Kak
    # Seto" -> "Seto", another Seto): the groups with every such honorific left out say which
    opening = [name for name in written if rules["address_honorific"].fullmatch(name.split()[0])]
    bare, groups, defined, counted = _counted(written, set(opening), nicknames, rules)
    left = {name for name in opening if bare[name] != name and len(counted[name].split()) >= 2}
    if left != {name for name in opening if bare[name] != name}:
        bare, groups, defined, counted = _counted(written, left, nicknames, rules)
    group = {name: actors.get(to, to) for name, to in counted.items()}  # the gazetteer's name
    out = speaker.where(~person, speaker.map(group).fillna(speaker))
    if defined:  # a nickname in a document that defines it, as written there before any other rule
        here = [(defined.get((d, bare.get(s, s))) or defined.get((d, groups.get(bare.get(s, s), s)))) if p else None
                for d, s, p in zip(quotes["doc_id"].astype("str"), speaker, person)]
        out = out.where(pd.isna(pd.Series(here, index=out.index, dtype="object")),
                        pd.Series([actors.get(h, h) for h in here], index=out.index, dtype="object"))
    return out.where(actor.eq(""), actor).astype("str").where(quotes["speaker"].notna())
