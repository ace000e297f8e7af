"""Named actors: the gazetteer of ``data/actors.yaml``, mentions per document, and candidates.

:func:`load_actors` reads the gazetteer (one row per surface form); :func:`mark_actors`
writes each mention as the placeholder :func:`analysis.tokens.tokenize` reads back as one
actor token (``Korut``, ``Korea Utara`` -> ``korea_utara``); :func:`actor_counts` counts the
mentions per document; :func:`actor_candidates` lists capitalised names the gazetteer misses,
to review and add. The compiled gazetteer (one regular expression, a trie of the surface
forms) lives in the private ``analysis/_gazetteer.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import chain

import numpy as np
import pandas as pd

from ._columns import as_texts, sorted_rows, take
from ._gazetteer import ACTOR_TYPES, gazetteer, is_acronym, load_actors, mark_texts
from .config import split_words
from .tokens import load_stopwords

__all__ = ["ACTOR_TYPES", "load_actors", "mark_actors", "actor_counts", "actor_candidates", "display_name",
           "actor_words", "acronym_forms"]


def display_name(term: str, forms: Mapping[str, str] | None = None) -> str:
    """How a term is shown to people (figures, labels): an actor token as the gazetteer's name,
    and a word the corpus writes in capitals as written (:func:`acronym_forms`).

    Parameters
    ----------
    term : str
        A token or term (``korea_utara``), or an n-gram of them separated by spaces.
    forms : mapping of str to str, optional
        Written forms of lower-case tokens (``{"kpk": "KPK"}``), used where the gazetteer has no name.

    Returns
    -------
    str
        The canonical name of an actor token (``Korea Utara``), each word of an n-gram mapped
        the same way, any other term as ``forms`` writes it or unchanged.

    Examples
    --------
    >>> display_name("korea_utara"), display_name("dewan_keamanan_pbb sanksi"), display_name("senjata")
    ('Korea Utara', 'Dewan Keamanan PBB sanksi', 'senjata')
    >>> display_name("kpk periksa", {"kpk": "KPK"})
    'KPK periksa'
    """
    compiled = gazetteer()
    if _DISPLAY.get("for") is not compiled:  # rebuilt when actors.yaml changes
        _DISPLAY.update({"for": compiled, "names": dict(zip(compiled.actors["token"], compiled.actors["canonical"]))})
    names = {**(forms or {}), **_DISPLAY["names"]}
    term = str(term)
    if term in names:
        return names[term]
    return " ".join(names.get(word, word) for word in term.split(" ")) if " " in term else term


#: The token → canonical name table of :func:`display_name`, for the gazetteer it was built from.
_DISPLAY: dict = {}


def actor_words(words: Iterable[str] | str) -> tuple[str, ...]:
    """The words among ``words`` that name an actor of the gazetteer: a surface form (``Rusia``,
    ``Korea Utara``, ``AS`` as written) or an actor token (``korea_utara``). Tokenization never
    drops an actor as a stopword, so such a word given in ``extra_stopwords`` is kept (and the
    pipeline warns so).

    Parameters
    ----------
    words : str or iterable of str
        A comma-separated string or a list (as ``extra_stopwords``).

    Returns
    -------
    tuple of str
        Those words, as given, in :func:`analysis.config.split_words`' order.

    Examples
    --------
    >>> actor_words("rusia, senjata, Korea  Utara, korea_selatan")
    ('Korea  Utara', 'korea_selatan', 'rusia')
    """
    table = gazetteer()
    tokens = set(table.actors["token"])
    return tuple(word for word in split_words(words, "words")
                 if (form := " ".join(word.replace("_", " ").split())) in table.exact
                 or form.casefold() in table.folded or word.casefold() in tokens)


def mark_actors(text: pd.Series) -> pd.Series:
    """``text`` with every actor surface form replaced by its placeholder.

    Parameters
    ----------
    text : pandas.Series of str
        Texts to mark.

    Returns
    -------
    pandas.Series of str
        The texts (same index) with the mention of actor ``i`` written
        ``"\\ue000" i "\\ue001"`` (private-use characters; stray ones in the input are
        dropped); :func:`analysis.tokens.tokenize` reads it back as the actor's token.

    Examples
    --------
    >>> mark_actors(pd.Series(["Korut dan AS"])).str.count("\\ue000").tolist()
    [2]
    """
    if not isinstance(text, pd.Series):
        raise ValueError(f"mark_actors: text must be a pandas Series, not {type(text).__name__}")
    return pd.Series(mark_texts(text.tolist()), index=text.index, dtype="str")


def actor_counts(texts: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer mentions per document.

    Parameters
    ----------
    texts : pandas.DataFrame
        One row per document: ``doc_id`` (unique), ``text`` and optionally ``outlet``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, actor, type, count``: ``actor`` is the canonical name; documents
        without a mention of an actor have no row for it. Sorted by ``doc_id``, then count
        (descending) and actor.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Korut, Korea Utara dan AS; as usual."]})
    >>> actor_counts(texts)[["actor", "count"]].values.tolist()
    [['Korea Utara', 2], ['Amerika Serikat', 1]]
    """
    texts = as_texts(texts, "actor_counts")
    compiled = gazetteer()
    n_actors = len(compiled.actors)
    found = texts["text"].str.findall(compiled.regex).tolist()
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    match_code, matches = pd.factorize(np.fromiter(chain.from_iterable(found), dtype=object,
                                                   count=int(lengths.sum())))
    actor = np.array([compiled.actor_id(m) for m in matches], dtype=np.int64)[match_code]
    doc = np.repeat(np.arange(len(texts)), lengths)
    pairs, count = np.unique(doc * n_actors + actor, return_counts=True)
    doc, actor = pairs // n_actors, pairs % n_actors
    out = pd.DataFrame({
        "doc_id": take(texts["doc_id"], doc),
        "outlet": take(texts["outlet"], doc),
        "actor": take(compiled.actors["canonical"], actor),
        "type": take(compiled.actors["type"], actor),
        "count": count,
    })
    return sorted_rows(out, ["doc_id", "count", "actor"], [True, False, True])


_CANDIDATE_RE = re.compile(r"""
    [A-ZÀ-ÖØ-Þ](?<![\w'’-].)      # a capital that starts a word (tested after it: Python's regex
                                   # then skips from capital to capital, 2x faster than testing first)
    (?: [\w'’-]* (?:[^\S\n]+[A-ZÀ-ÖØ-Þ][\w'’-]*)+   # two or more capitalised words
      | [A-ZÀ-ÖØ-Þ0-9]+ )                          # or an all-caps acronym
    (?![\w'’-])
""", re.VERBOSE)


def actor_candidates(texts: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """Capitalised names the gazetteer misses.

    Sequences of two or more capitalised words, or all-caps acronyms, found
    outside known actor mentions; stopwords at either end are trimmed ("Saat
    Menteri Luar Negeri" -> "Menteri Luar Negeri"). Review them and add the
    real actors to ``data/actors.yaml``.

    Parameters
    ----------
    texts : pandas.DataFrame
        One row per document: ``doc_id`` (unique) and ``text``.
    min_count : int
        Keep candidates seen at least this many times.

    Returns
    -------
    pandas.DataFrame
        ``candidate, count, documents``, most frequent first (then by candidate).

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Saat Menteri Luar Negeri AS tiba, SRBM diluncurkan."]})
    >>> actor_candidates(texts).candidate.tolist()
    ['Menteri Luar Negeri', 'SRBM']
    """
    texts = as_texts(texts, "actor_candidates")
    # the actor mentions taken out, on Python strings (pandas' str.replace with a compiled pattern
    # would rebuild an Arrow column of the results)
    outside = gazetteer().regex.sub
    found = [_CANDIDATE_RE.findall(outside("\n", text)) for text in texts["text"].tolist()]
    ids = pd.factorize(texts["doc_id"])[0].astype(np.int64)  # ids that read the same count as one
    doc = np.repeat(ids, [len(f) for f in found])
    # each distinct match is trimmed once; matches that trim to the same name count together
    codes, distinct = pd.factorize(np.array(list(chain.from_iterable(found)), dtype=object))
    stopwords = load_stopwords()
    name_of, names = pd.factorize(pd.Series([_trim_candidate(f, stopwords) for f in distinct], dtype=object))
    name = name_of[codes] if len(codes) else np.empty(0, dtype=np.int64)
    kept, doc = name[name >= 0].astype(np.int64), doc[name >= 0]
    in_docs = pd.unique(kept * max(len(found), 1) + doc) // max(len(found), 1)  # (name, document) pairs
    out = pd.DataFrame({"candidate": pd.Series(np.asarray(names, dtype=object), dtype="str"),
                        "count": np.bincount(kept, minlength=len(names)).astype(np.int64),
                        "documents": np.bincount(in_docs, minlength=len(names)).astype(np.int64)})
    out = out[out["count"] >= min_count]
    return sorted_rows(out, ["count", "candidate"], [False, True])


def _trim_candidate(found: str, stopwords: frozenset[str]) -> str | None:
    words = found.split()
    while words and words[0].lower() in stopwords:
        words.pop(0)
    while words and words[-1].lower() in stopwords:
        words.pop()
    if len(words) >= 2 or (len(words) == 1 and is_acronym(words[0]) and len(words[0]) > 1):
        return " ".join(words)
    return None


#: Characters of text :func:`acronym_forms` reads (a spread sample of the documents).
ACRONYM_SAMPLE_CHARS = 2_000_000
_WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # as the tokenizer keeps them: "COVID-19", "PDI-P"
#: Not read for capitals: a dateline opening a line, to its dash ("SURABAYA, KOMPAS.com -", "JAKARTA (ANTARA) -")
_NOT_WRITING = re.compile(r"(?m)^[^\S\n]*[A-Z][A-Z.'’ ]{1,40}(?:\([^)\n]{0,30}\))?[^\S\n]*(?:,[^\n]{0,30}?)?[–—-]")


def acronym_forms(texts: pd.DataFrame, sample_chars: int = ACRONYM_SAMPLE_CHARS, min_count: int = 2) -> dict[str, str]:
    """The words the corpus writes in capitals (``KPK``, ``DPR``, ``SBY``), by their lower-case
    token: how figures show a term (:func:`display_name`) rather than as the token ``kpk``.

    A word counts when more than half of its occurrences, and at least ``min_count``, are in
    capitals (two letters or more), read on a sample of about ``sample_chars`` characters spread
    over the documents in their order (every k-th document): a display choice, not a count, so
    the same for any corpus size. A word written both ways as often (``as``/``AS``) stays lower-case;
    a dateline to its dash ("SURABAYA, KOMPAS.com -") is not read; hyphenated words are
    read whole, as the tokenizer keeps them ("COVID-19").

    Parameters
    ----------
    texts : pandas.DataFrame
        One row per document: ``doc_id`` and ``text``.
    sample_chars : int
        About how many characters are read (at least 1).
    min_count : int
        Fewest occurrences in capitals (at least 1).

    Returns
    -------
    dict of str to str
        Lower-case token to its form in capitals, sorted by token.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["", ""],
    ...                       "text": ["KPK memeriksa saksi. Kata KPK, saksi hadir.", "Juru bicara kpk dan KPK."]})
    >>> acronym_forms(texts)
    {'kpk': 'KPK'}
    """
    texts = as_texts(texts, "acronym_forms")
    for name, value in (("sample_chars", sample_chars), ("min_count", min_count)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"parameter {name} must be a positive integer, not {value!r}")
    column = texts["text"].fillna("")
    every = max(1, -(-int(column.str.len().sum()) // sample_chars))
    words = Counter(_WORD_RE.findall(_NOT_WRITING.sub(" ", "\n".join(column.iloc[::every].tolist()))))
    capitals, written = Counter(), Counter()
    for word, n in words.items():
        lower = word.lower()
        written[lower] += n
        if len(word) > 1 and word.isupper():
            capitals[lower] += n
    return {w: w.upper() for w in sorted(capitals) if capitals[w] >= min_count and 2 * capitals[w] > written[w]}
