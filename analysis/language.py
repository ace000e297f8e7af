"""Language identification of pages, and the check that keeps the languages asked for.

A page whose source states its language (a ``language`` column of a table corpus or of
``metadata.csv``: an ISO 639-1 code, ``id`` or ``id-ID``) is taken at its word and not
identified. A page whose opening is dense in Indonesian function words (``data/language.yaml``) is
Indonesian at once; the others are identified by py3langid. Malay (``ms``) counts as
Indonesian: py3langid often labels Indonesian news as Malay. Both judge a bounded sample of
the page: the words are counted in its first ``sample_chars`` characters (over the whole
column at once, with RE2), py3langid reads the first 1,000 characters of the other pages.

>>> identify_languages(pd.Series(["The minister said the talks would go on."]))["language"].tolist()
['en']
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import rules
from .config import LANGUAGES, _iso_639_1
from .documents import problem
from .frames import require_columns
from .re2 import split_distinct

__all__ = ["INDONESIAN", "detect_language", "identify_languages", "stated_languages", "keep_languages"]

#: Languages accepted as Indonesian (and labelled ``id``): py3langid often labels Indonesian
#: news as Malay. A rule of identification, not a setting (the languages kept by default are
#: ``config.LANGUAGES``).
INDONESIAN = ("id", "ms")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier, its model mapped from the user's cache (:mod:`analysis.langid_model`)."""
    from py3langid.langid import LanguageIdentifier

    from .langid_model import model_arrays

    ptc, pc, classes, nextmove, row, output = model_arrays()
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


def detect_language(texts: pd.Series, sample_chars: int = 1000) -> pd.DataFrame:
    """Language (ISO 639-1) and probability per text, from py3langid on the first characters.

    Parameters
    ----------
    texts : pandas.Series of str
        The texts.
    sample_chars : int
        How many characters of each text are judged.

    Returns
    -------
    pandas.DataFrame
        ``language, probability``, with the index of ``texts``.

    Examples
    --------
    >>> detect_language(pd.Series(["Der Minister sagte, dass die Gespräche weitergehen."]))["language"][0]
    'de'
    """
    ident = _identifier()
    found = [ident.classify(t[:sample_chars]) for t in texts]
    return pd.DataFrame(found, columns=["language", "probability"], index=texts.index)


#: The characters other than ASCII that Python's ``re.I`` matches to an ASCII letter (the
#: letter's own two cases aside): dotted and dotless I, long s, the Kelvin sign.
_CASE_EXTRA = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
#: A character that is not a word character (``\w`` of Python's ``re``: letters, digits, "_").
_NOT_WORD = r"[^\p{L}\p{N}_]+"


def _caseless(word: str) -> str:
    """An RE2 pattern matching ``word`` as Python's ``re.I`` does, letter by letter."""
    return "".join(f"[{c}{c.upper()}{_CASE_EXTRA.get(c, '')}]" if c.isalpha() else re.escape(c) for c in word.lower())


@lru_cache(maxsize=1)
def _marker_rules() -> tuple[str, int, int]:
    rules_ = rules.load_yaml("language.yaml")
    words = "|".join(_caseless(w) for w in sorted(rules_["markers"], key=len, reverse=True))
    return rf"^(?:{words})$", int(rules_["sample_chars"]), int(rules_["min_markers"])


def _marker_counts(texts: pd.Series) -> np.ndarray:
    r"""How many marker words (whole words, any case) the first ``sample_chars`` characters of
    each text hold, over the whole column with RE2: the words (runs of word characters) of the
    distinct pieces between spaces (``re2.split_distinct``) that are a marker, counted per text.
    The count of Python's ``(?i)(?<!\w)(?:markers)(?!\w)`` (the markers are words, so a match is
    a whole word)."""
    pattern, sample, _ = _marker_rules()
    column = pa.array(texts, type=pa.large_string(), from_pandas=True)
    pieces = split_distinct(pc.utf8_slice_codeunits(column, 0, sample), _NOT_WORD)
    markers = pc.match_substring_regex(pc.list_flatten(pieces.words), pattern).to_numpy(zero_copy_only=False)
    return pieces.count(markers, len(texts))


def identify_languages(texts: pd.Series) -> pd.DataFrame:
    """Language and probability per text: Indonesian at once when the opening is dense in
    Indonesian function words (``data/language.yaml``), else py3langid.

    Parameters
    ----------
    texts : pandas.Series of str
        The texts.

    Returns
    -------
    pandas.DataFrame
        ``language, probability`` (float), with the index of ``texts``.

    Examples
    --------
    >>> identify_languages(pd.Series(["Menurut dia, hal itu akan dibahas dengan para menteri yang "
    ...     "hadir di Jakarta dan juga oleh pejabat dari Korea karena itu penting untuk dibahas pada saat ini."]))
    ... # doctest: +NORMALIZE_WHITESPACE
      language  probability
    0       id          1.0
    """
    dense = pd.Series(_marker_counts(texts) >= _marker_rules()[2], index=texts.index)
    out = pd.DataFrame({"language": "id", "probability": 1.0}, index=texts.index)
    if (~dense).any():
        out.loc[~dense, ["language", "probability"]] = detect_language(texts[~dense]).to_numpy()
    out["probability"] = out["probability"].astype(float)
    return out


#: A stated language: an ISO 639-1 code, alone or with a script or region (BCP 47: ``id-ID``, ``en_US``).
_STATED = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]{2,8})*", re.I)


@lru_cache(maxsize=1)
def _stated_rules() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """The ISO 639-1 codes (Unicode CLDR's two-letter language codes, as Babel ships them), the
    values that state nothing and the withdrawn codes with today's (``data/language.yaml``)."""
    rules_ = rules.load_yaml("language.yaml")
    return _iso_639_1(), frozenset(rules_["not_stated"]), dict(rules_["withdrawn_codes"])


def _stated_code(value: str) -> str | None:
    """The ISO 639-1 code ``value`` states, "" when it states none, None when it is no code."""
    codes, nothing, withdrawn = _stated_rules()
    if not value or value.lower() in nothing:
        return ""
    if not _STATED.fullmatch(value):
        return None
    code = withdrawn.get(value[:2].lower(), value[:2].lower())
    return code if code in codes else None


def stated_languages(values: pd.Series) -> pd.DataFrame:
    """The ISO 639-1 code of each language a source states, and the values that state none.

    A code may come with a region or script (``id-ID``, ``en_US``, ``zh-Hant-TW``) and is checked
    against Unicode CLDR's list; a withdrawn code some software still writes stands for today's
    (Java's ``in`` for Indonesian); ``NA``, ``none``, ``unknown``, ``und`` and the like state
    nothing (``data/language.yaml``).

    Parameters
    ----------
    values : pandas.Series
        What the source says (a ``language`` column): ``id``, ``ID``, ``id-ID``, ``en_US``;
        empty or missing where it says nothing.

    Returns
    -------
    pandas.DataFrame
        ``language`` (the code in lower case, "" where none is stated or the value is no such
        code) and ``unclear`` (a value that states something but no code: ``Indonesian``,
        ``ind``, ``xx``), with the index of ``values``.

    Examples
    --------
    >>> stated_languages(pd.Series(["id-ID", "", "Indonesian", "EN", "in_ID", "NA"])).to_dict("list")
    {'language': ['id', '', '', 'en', 'id', ''], 'unclear': [False, False, True, False, False, False]}
    """
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    distinct = pd.unique(text.to_numpy(dtype=object))
    found = text.map(dict(zip(distinct, map(_stated_code, distinct))))
    return pd.DataFrame({"language": found.fillna(""), "unclear": found.isna()}, index=values.index)


def _languages(docs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """``language, probability, stated`` of each document: as its source states it
    (``given_language``: probability 1, ``stated`` true), else identified; a warning for each
    stated value that is no code."""
    if "given_language" not in docs:
        return identify_languages(docs["text"]).assign(stated=False), []
    stated = stated_languages(docs["given_language"])
    out = pd.DataFrame({"language": stated["language"], "probability": 1.0,
                        "stated": stated["language"].ne("")}, index=docs.index)
    todo = ~out["stated"]
    if todo.any():
        out.loc[todo, ["language", "probability"]] = identify_languages(docs.loc[todo, "text"]).to_numpy()
    out["probability"] = out["probability"].astype(float)
    unclear = docs.loc[stated["unclear"], ["source_file", "doc_id", "given_language"]]
    problems = []
    for value, rows in unclear.groupby(unclear["given_language"].astype(str).str.strip(), sort=False):
        more = f" (and in {len(rows) - 1} more rows of this batch)" if len(rows) > 1 else ""
        problems.append(problem(rows["source_file"].iloc[0], rows["doc_id"].iloc[0], "warning",
                                f"the language column says {value!r}{more}, which is not a language code "
                                "(ISO 639-1, such as 'id' or 'id-ID'); the language was identified from the text"))
    return out, problems


def keep_languages(docs: pd.DataFrame, languages=LANGUAGES) -> tuple[pd.DataFrame, list[dict]]:
    """The documents in ``languages`` (with a ``language`` column added); the others refused.

    A page whose source states its language (``given_language``, :func:`stated_languages`) is
    not identified: that language is its own. Another page is refused only when its language is
    identified with a probability of 0.9 or more. Malay counts as Indonesian (and is labelled
    ``id``) whenever either is asked for.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, text`` and optionally ``given_language`` (used here and dropped);
        changed in place (the ``language`` column).
    languages : tuple of str or "any"
        ISO 639-1 codes kept; ``"any"`` (or empty) keeps every page.

    Returns
    -------
    tuple
        The documents kept (index reset) and the refusals (dicts of ``PROBLEM_COLUMNS``).

    Examples
    --------
    >>> kept, refused = keep_languages(pd.DataFrame({"doc_id": ["en"], "source_file": ["en.txt"],
    ...     "text": ["The minister said on Tuesday that the talks with the union would go on next week."]}))
    >>> len(kept), refused[0]["message"][:35]
    (0, 'refused: the text is not Indonesian')
    """
    require_columns(docs, ["doc_id", "source_file", "text"], "keep_languages", "docs")
    if docs.empty:
        docs["language"] = ""
        return docs.drop(columns=["given_language"], errors="ignore"), []
    lang, problems = _languages(docs)
    docs = docs.drop(columns=["given_language"], errors="ignore")
    if not languages or languages == "any":
        docs["language"] = lang["language"].to_numpy()
        return docs, problems
    accepted = set(languages) | (set(INDONESIAN) if set(languages) & set(INDONESIAN) else set())
    docs["language"] = lang["language"].where(~lang["language"].isin(INDONESIAN), "id").to_numpy()
    bad = ~lang["language"].isin(accepted) & lang["probability"].ge(0.9)
    keep = " (-p languages any, or its code)"
    problems += [
        problem(s, d, "error", f"refused: the source states the language '{l}' (its language column); "
                               f"the languages parameter keeps it{keep}") if said else
        problem(s, d, "error", f"refused: the text is not Indonesian (detected '{l}' with p={p:.2f}); "
                               f"the languages parameter keeps it{keep}")
        for s, d, l, p, said in zip(docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"], lang.loc[bad, "language"],
                                    lang.loc[bad, "probability"], lang.loc[bad, "stated"])
    ]
    return docs[~bad.to_numpy()].reset_index(drop=True), problems
