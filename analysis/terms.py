"""Term statistics on the cleaned article text.

Tokens, term frequencies, n-grams, collocations, keyness, named actors and
keyword-in-context for the ``texts`` frame of the cleaning stage: one row per
document with ``doc_id``, ``outlet`` ("" when unknown) and ``text`` (body
paragraphs joined by a blank line). Every public function is pure, takes a
DataFrame and returns a new one, and works on any batch of documents.

Token conventions
-----------------
* **Actors first.** Every surface form in ``data/actors.yaml`` is replaced by one
  token before tokenising (longest form first, whole words; acronyms such as
  ``AS`` or ``RI`` only in upper case). The token is the canonical name
  lower-cased with spaces written ``_``: "AS" and "Amerika Serikat" ->
  ``amerika_serikat``, "Korut" -> ``korea_utara``, "Kim Jong-un" ->
  ``kim_jong_un``. Actor tokens are flagged ``is_actor`` and are never
  stopwords, never stemmed.
* **Words** are the lower-cased matches of the NLTK ``RegexpTokenizer`` built on
  :data:`TOKEN_PATTERN`: a letter, then letters or digits, with inner hyphens and
  apostrophes kept. So the reduplicated plural ``negara-negara`` is one token
  (``reduplication="base"`` writes a full reduplication X-X as X: ``negara``),
  and ``Jum'at`` is the token ``jum'at`` (the curly apostrophe is written ``'``;
  ``apostrophe="drop"`` writes ``jumat``).
* **Numbers** (``25``, ``1.000``, ``23/9/2023``) are dropped unless
  ``keep_numbers=True``; punctuation is always dropped.
* **Sentences.** Sentence punctuation (``. ! ? … ; :``, brackets), a dash between
  spaces and a line break end a segment, numbered in the ``sentence`` column.
  N-grams and collocations never cross one.
* **Stopwords** are the Indonesian list of ``stopwordsiso`` plus
  ``data/stopwords_extra.txt`` plus ``extra_stopwords``. They are removed after
  tokenising, so ``position`` (the 0-based index of the token among all word,
  number and actor tokens of its document) keeps gaps where they were. N-grams
  are built on the tokens they are given, joining across the gaps unless
  ``adjacent_only=True``.
* **Stemming** (``stem=True``) runs Sastrawi once per distinct word, not per
  token; a stemmed full reduplication is stemmed from its base
  (``kontainer-kontainer`` -> ``kontainer``), as Sastrawi itself does for
  ``negara-negara``.

Speed: actors are found by one compiled regular expression over the whole
``text`` column (a trie of the surface forms). The marked texts are cut at
spaces and dictionary-encoded in pyarrow; the NLTK pattern then runs once over
the *distinct* chunks, every per-word decision (case, stopword, stem,
reduplication) is taken once per distinct type, and the results are broadcast
to the token stream with numpy. No Python code runs per token (only a
dictionary look-up per actor mention). The
``doc_id``, ``outlet`` and ``token`` columns are ``Categorical`` (sorted
categories), which keeps a token table of millions of rows small and makes
counting a ``bincount``; ``benchmarks/bench_terms.py`` compares the speed with
scikit-learn's ``CountVectorizer``.

Batches
-------
A corpus too large for one tokens table is read in batches of whole
documents: :func:`partial_counts` reduces the tokens of a batch to additive
counts (terms per outlet, token totals, n-grams, NLTK's bigram counts),
:func:`combine_counts` adds the partials up (in any order), and
:func:`term_counts_from`, :func:`term_counts_by_from`, :func:`keyness_from`,
:func:`ngrams_from` and :func:`collocations_from` give the same tables, byte
for byte, as the token-based functions on the whole corpus: both paths share
one final step per table, and ``min_count`` is applied to the combined counts.

Example
-------
>>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
...                       "text": ["AS dan Korut membahas negara-negara lain."]})
>>> tokenize(texts).token.tolist()
['amerika_serikat', 'korea_utara', 'membahas', 'negara-negara']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from nltk.tokenize import RegexpTokenizer

__all__ = [
    "TOKEN_PATTERN",
    "ACTOR_TYPES",
    "load_stopwords",
    "load_actors",
    "mark_actors",
    "word_tokenizer",
    "tokenize",
    "term_counts",
    "term_counts_by",
    "log_likelihood_g2",
    "keyness",
    "ngrams",
    "collocations",
    "PARTIAL_VALUES",
    "NO_WORD",
    "partial_keys",
    "pack_keys",
    "unpack_keys",
    "Vocabulary",
    "partial_counts",
    "combine_counts",
    "term_counts_from",
    "term_counts_by_from",
    "keyness_from",
    "ngrams_from",
    "collocations_from",
    "actor_counts",
    "actor_candidates",
    "kwic",
]

DATA_DIR = Path(__file__).with_name("data")
ACTORS_FILE = DATA_DIR / "actors.yaml"
STOPWORDS_EXTRA_FILE = DATA_DIR / "stopwords_extra.txt"

ACTOR_TYPES = ("person", "country", "organisation", "place")

# Placeholder written by mark_actors for actor number i: "\ue000" i "\ue001"
# (Unicode private-use characters, which never occur in news text).
_ACTOR_OPEN, _ACTOR_CLOSE = "\ue000", "\ue001"
# Written after each distinct chunk when tokenizing them in one pass: a
# placeholder no actor has (actor numbers are written without leading zeros).
_CHUNK_END = f"{_ACTOR_OPEN}00{_ACTOR_CLOSE}"

#: The NLTK ``RegexpTokenizer`` pattern. Alternatives, in order: an actor
#: placeholder; a word (letter first, inner hyphens/apostrophes); a number;
#: a sentence break (kept as a token only to number the sentences).
TOKEN_PATTERN = r"""(?x)
    \ue000\d+\ue001
  | [^\W\d_][^\W_]*(?:['’-][^\W_]+)*
  | \d[^\W_]*(?:[.,:/-]\d[^\W_]*)*
  | [.!?…;:()\[\]{}]+ | \n | (?<!\S)[-–—]+(?!\S)
"""
_TOKEN_FLAGS = re.UNICODE | re.MULTILINE | re.DOTALL  # RegexpTokenizer's defaults
_TOKEN_RE = re.compile(TOKEN_PATTERN, _TOKEN_FLAGS)
_BREAK_START = frozenset(".!?…;:()[]{}\n-–—")
_REDUPLICATION_RE = re.compile(r"([^\W_]+)-\1")
_SPACE = r"[^\S\n]+"  # a run of spaces or tabs, never a paragraph break

_WORD, _NUMBER, _ACTOR, _BREAK = range(4)

_MEASURES = ("likelihood_ratio", "pmi", "chi_sq", "student_t", "dice", "jaccard",
             "poisson_stirling", "phi_sq", "raw_freq")


# --------------------------------------------------------------------------- word lists

def load_stopwords(extra: Iterable[str] | str = ()) -> frozenset[str]:
    """Indonesian stopwords: stopwordsiso "id" + ``data/stopwords_extra.txt`` + ``extra``
    (a line ``!word`` in the data file takes a word out of the list).

    ``extra`` is a list of words or one comma-separated string.

    >>> sorted(load_stopwords("Korea, senjata") - load_stopwords())
    ['korea', 'senjata']
    """
    return _base_stopwords() | frozenset(_word_list(extra))


@functools.cache
def _base_stopwords() -> frozenset[str]:
    import stopwordsiso  # imported lazily: it reads its word lists from the package

    words = set(_word_list(stopwordsiso.stopwords("id")))
    lines = [line.split("#", 1)[0].strip() for line in STOPWORDS_EXTRA_FILE.read_text(encoding="utf-8").splitlines()]
    words.update(_word_list(w for w in lines if not w.startswith("!")))
    words.difference_update(_word_list(w[1:] for w in lines if w.startswith("!")))  # "!word": never a stopword
    return frozenset(words)


def _word_list(words: Iterable[str] | str) -> list[str]:
    if isinstance(words, str):
        words = words.split(",")
    return [w.strip().lower().replace("’", "'") for w in words if w and w.strip()]


# --------------------------------------------------------------------------- gazetteer

def load_actors(path: str | Path = ACTORS_FILE) -> pd.DataFrame:
    """The actor gazetteer, one row per surface form.

    Columns ``canonical, type, surface, token, case_sensitive``. The canonical
    name is always one of its surface forms; a form without lower-case letters
    (an acronym such as ``AS``) is matched case-sensitively. Raises
    ``ValueError`` on an unknown type, a form not starting with an upper-case
    letter, or a form claimed by two actors.

    >>> actors = load_actors()
    >>> actors.loc[actors.surface == "Korut", ["canonical", "token"]].values.tolist()
    [['Korea Utara', 'korea_utara']]
    """
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    rows = [row for entry in entries for row in _actor_rows(entry)]
    frame = pd.DataFrame(rows, columns=["canonical", "type", "surface", "token",
                                        "case_sensitive"])
    _check_unique_surfaces(frame)
    return frame


def _actor_rows(entry: dict) -> list[tuple]:
    canonical = " ".join(str(entry["canonical"]).split())
    kind = entry.get("type")
    if kind not in ACTOR_TYPES:
        raise ValueError(f"actor {canonical!r}: type {kind!r} not in {ACTOR_TYPES}")
    token = canonical.lower().replace(" ", "_")
    surfaces = dict.fromkeys(" ".join(str(s).split()) for s in
                             [canonical, *(entry.get("surface") or [])])
    rows = []
    for surface in surfaces:
        if not surface[:1].isupper():
            raise ValueError(f"actor {canonical!r}: surface {surface!r} must start "
                             "with an upper-case letter")
        rows.append((canonical, kind, surface, token, _is_acronym(surface)))
    return rows


def _is_acronym(surface: str) -> bool:
    return not any(ch.islower() for ch in surface)


def _check_unique_surfaces(frame: pd.DataFrame) -> None:
    owners = frame.groupby(frame["surface"].str.casefold())["canonical"].nunique()
    clashes = owners[owners > 1].index.tolist()
    if clashes:
        raise ValueError(f"surface forms claimed by several actors: {clashes}")


@dataclass(frozen=True)
class _Gazetteer:
    """The compiled gazetteer: one regex over all surface forms and its lookups."""

    regex: re.Pattern             # any surface form (no groups)
    splitter: re.Pattern          # the same in one group, for re.split
    actors: pd.DataFrame          # one row per actor id: canonical, type, token
    exact: dict[str, int]         # acronym surface -> actor id
    folded: dict[str, int]        # case-folded surface -> actor id
    by_name: dict[str, int]       # case-folded surface, canonical or token -> id

    def actor_id(self, matched: str) -> int:
        """The actor id of a string matched by ``regex``."""
        key = " ".join(matched.split())
        found = self.exact.get(key)
        return found if found is not None else self.folded[key.casefold()]


def _gazetteer() -> _Gazetteer:
    """The compiled default gazetteer, rebuilt when ``actors.yaml`` changes."""
    return _compile_gazetteer(str(ACTORS_FILE), ACTORS_FILE.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _compile_gazetteer(path: str, _mtime_ns: int) -> _Gazetteer:
    frame = load_actors(path)
    actors = frame.drop_duplicates("canonical")[["canonical", "type", "token"]]
    actors = actors.reset_index(drop=True)
    ids = frame["canonical"].map(pd.Series(actors.index, index=actors["canonical"]))
    exact, folded, by_name = {}, {}, {}
    for surface, sensitive, i in zip(frame["surface"], frame["case_sensitive"], ids):
        if sensitive:
            exact[surface] = i
        else:
            folded[surface.casefold()] = i
        by_name[surface.casefold()] = i
    by_name.update((t, i) for i, t in enumerate(actors["token"]))
    pattern = _actor_pattern(zip(frame["surface"], frame["case_sensitive"]))
    return _Gazetteer(re.compile(pattern), re.compile(f"({pattern})"), actors, exact, folded,
                      by_name)


def _actor_pattern(surfaces: Iterable[tuple[str, bool]]) -> str:
    """One regular expression matching any of ``(surface, case_sensitive)``.

    Whole words only, longest form first. A case-insensitive form keeps its
    first letter exact (upper-case). The forms are arranged as a two-level trie
    on their first and second letter, both written as plain characters, so that
    Python's regex engine scans for candidate capitals in C and rejects most of
    them after one or two character comparisons.

    >>> re.findall(_actor_pattern([("AS", True), ("Amerika Serikat", False)]),
    ...            "AS as Amerika serikat ASEAN")
    ['AS', 'Amerika serikat']
    """
    trie: dict[str, dict[str, list[str]]] = {}
    for surface, sensitive in sorted(set(surfaces), key=lambda s: (-len(s[0]), s)):
        if len(surface) < 2:
            raise ValueError(f"actor surface form {surface!r} is shorter than 2 characters")
        tail = _tail_pattern(surface[2:], sensitive)
        for second in _case_variants(surface[1], sensitive):
            trie.setdefault(surface[0], {}).setdefault(second, []).append(tail)
    branches = [re.escape(first) + r"(?<!\w.)"
                + _alternation(_char_pattern(second) + _alternation(tails)
                               for second, tails in seconds.items())
                for first, seconds in sorted(trie.items())]
    return _alternation(branches) + r"(?!\w)"


def _case_variants(char: str, sensitive: bool) -> list[str]:
    return [char] if sensitive else list(dict.fromkeys([char.upper(), char.lower()]))


def _char_pattern(char: str) -> str:
    return _SPACE if char == " " else re.escape(char)


def _tail_pattern(tail: str, sensitive: bool) -> str:
    pattern = "".join(map(_char_pattern, tail))
    return pattern if sensitive or not pattern else f"(?i:{pattern})"


def _alternation(patterns: Iterable[str]) -> str:
    patterns = list(patterns)
    return patterns[0] if len(patterns) == 1 else f"(?:{'|'.join(patterns)})"


def mark_actors(text: pd.Series) -> pd.Series:
    """``text`` with every actor surface form replaced by its placeholder.

    The placeholder of actor ``i`` is ``"\\ue000" i "\\ue001"`` (private-use
    characters); :func:`tokenize` reads it back as the actor's token.

    >>> mark_actors(pd.Series(["Korut dan AS"])).str.count("\\ue000").tolist()
    [2]
    """
    return pd.Series(_mark_actors(text.tolist()), index=text.index, dtype="str")


class _Placeholders(dict):
    """Matched surface string -> placeholder, resolved once per distinct string."""

    def __init__(self, gazetteer: _Gazetteer):
        super().__init__()
        self.gazetteer = gazetteer

    def __missing__(self, found: str) -> str:
        actor = self.gazetteer.actor_id(found)
        self[found] = placeholder = f"{_ACTOR_OPEN}{actor}{_ACTOR_CLOSE}"
        return placeholder


def _mark_actors(texts: list[str]) -> list[str]:
    """Placeholders for actors; stray placeholder characters in the input are dropped.

    Each text is split at the actor mentions (in C, no Python call per match),
    every mention is swapped for its placeholder and the pieces are joined.
    """
    gaz = _gazetteer()
    placeholders = _Placeholders(gaz)
    split = gaz.splitter.split
    marked = []
    for text in texts:
        pieces = split(text.replace(_ACTOR_OPEN, "").replace(_ACTOR_CLOSE, ""))
        pieces[1::2] = [placeholders[mention] for mention in pieces[1::2]]
        marked.append("".join(pieces))
    return marked


# --------------------------------------------------------------------------- tokens

def word_tokenizer() -> RegexpTokenizer:
    """The NLTK tokenizer of this module (needs no downloaded data).

    :func:`tokenize` applies its pattern once per distinct space-separated
    chunk of text, which gives exactly the tokens of
    ``word_tokenizer().tokenize(text)`` (tested), only faster.

    >>> word_tokenizer().tokenize("Negara-negara, Jum'at 1.000 kontainer.")
    ['Negara-negara', "Jum'at", '1.000', 'kontainer', '.']
    """
    return RegexpTokenizer(TOKEN_PATTERN, flags=_TOKEN_FLAGS)


def tokenize(texts: pd.DataFrame, *, stem: bool = False,
             extra_stopwords: Iterable[str] | str = (), keep_numbers: bool = False,
             keep_stopwords: bool = False, reduplication: str = "keep",
             apostrophe: str = "keep") -> pd.DataFrame:
    """One row per token: ``doc_id, outlet, position, sentence, token, is_actor``.

    ``position`` is 0-based within the document among word, number and actor
    tokens before filtering; ``sentence`` numbers the segments between sentence
    breaks (0-based). ``reduplication`` is ``"keep"`` (``negara-negara``) or
    ``"base"`` (``negara``); ``apostrophe`` is ``"keep"`` (``jum'at``) or
    ``"drop"`` (``jumat``).

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": [
    ...     "Pada Jum'at, Korea Utara mengirim 1.000 kontainer-kontainer."]})
    >>> tokenize(texts, reduplication="base", keep_numbers=True).token.tolist()
    ["jum'at", 'korea_utara', 'mengirim', '1.000', 'kontainer']
    """
    texts = _as_texts(texts)
    _check_choice("reduplication", reduplication, ("keep", "base"))
    _check_choice("apostrophe", apostrophe, ("keep", "drop"))
    chunks = _Chunks.split(_mark_actors(texts["text"].tolist()))
    chunk, type_code, types = chunks.tokenize()
    table = _type_table(types, stopwords=load_stopwords(extra_stopwords), stem=stem,
                        keep_numbers=keep_numbers, keep_stopwords=keep_stopwords,
                        reduplication=reduplication, apostrophe=apostrophe)
    vocabulary = pd.Index(table["form"][table["keep"]].unique()).sort_values()
    token_code = np.where(table["keep"], vocabulary.get_indexer(table["form"]), -1)
    layout = _ChunkLayout.build(chunk, table["kind"].to_numpy()[type_code],
                                token_code[type_code], len(chunks.distinct))
    doc, position, sentence, token, is_actor = layout.expand(chunks, len(texts))
    return pd.DataFrame({
        "doc_id": _categorical(texts["doc_id"], doc),
        "outlet": _categorical(texts["outlet"], doc),
        "position": position,
        "sentence": sentence,
        "token": pd.Categorical.from_codes(token, categories=vocabulary),
        "is_actor": is_actor,
    })


@dataclass(frozen=True)
class _Chunks:
    """The texts cut at spaces: per chunk of the stream its document, the start
    of its document's chunks and its code in ``distinct``."""

    doc: np.ndarray
    doc_start: np.ndarray
    code: np.ndarray
    distinct: list[str]

    @classmethod
    def split(cls, texts: list[str]) -> _Chunks:
        """Split and encode in pyarrow (C++)."""
        lists = pc.split_pattern(pa.array(texts, type=pa.large_string()), " ")
        size = pc.list_value_length(lists).to_numpy()
        encoded = pc.dictionary_encode(lists.flatten())
        return cls(np.repeat(np.arange(len(texts)), size),
                   np.repeat(np.cumsum(size) - size, size),
                   encoded.indices.to_numpy().astype(np.int64),
                   encoded.dictionary.to_pylist())

    def tokenize(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """NLTK tokens of the distinct chunks: chunk and type code per token, and the types.

        The chunks are tokenized in one pass, joined by spaces with a
        :data:`_CHUNK_END` token after each. That equals tokenizing every
        occurrence in its text with :func:`word_tokenizer`: no token contains a
        space, and the pattern's only look-arounds (a dash between spaces) see
        the same space on either side of a chunk.
        """
        found = np.array(_TOKEN_RE.findall(f" {_CHUNK_END} ".join(self.distinct + [""])),
                         dtype=object)
        is_end = found == _CHUNK_END
        chunk = (np.cumsum(is_end) - is_end)[~is_end]
        type_code, types = pd.factorize(found[~is_end])
        return chunk, type_code, types


@dataclass(frozen=True)
class _ChunkLayout:
    """Per distinct chunk: how far it moves the position and the break count, and
    its kept tokens (CSR: ``start``/``size`` into the ``kept_*`` arrays) with
    their position and break count relative to the chunk start."""

    words: np.ndarray
    breaks: np.ndarray
    start: np.ndarray
    size: np.ndarray
    kept_token: np.ndarray
    kept_actor: np.ndarray
    kept_offset: np.ndarray
    kept_breaks: np.ndarray

    @classmethod
    def build(cls, chunk: np.ndarray, kind: np.ndarray, token: np.ndarray,
              n_chunks: int) -> _ChunkLayout:
        """From the tokens of the distinct chunks: their chunk (ascending), kind and
        vocabulary code (-1: not kept)."""
        is_break = kind == _BREAK
        is_word = ~is_break
        chunk_start = _group_start(chunk, n_chunks)
        kept = is_word & (token >= 0)
        size = np.bincount(chunk[kept], minlength=n_chunks)
        return cls(words=np.bincount(chunk, weights=is_word, minlength=n_chunks).astype(np.int64),
                   breaks=np.bincount(chunk, weights=is_break, minlength=n_chunks).astype(np.int64),
                   start=np.cumsum(size) - size, size=size,
                   kept_token=token[kept], kept_actor=(kind == _ACTOR)[kept],
                   kept_offset=_cumsum_before(is_word, chunk_start)[kept],
                   kept_breaks=_cumsum_before(is_break, chunk_start)[kept])

    def expand(self, chunks: _Chunks, n_docs: int):
        """Document, position, sentence, token code and actor flag of every kept token."""
        code = chunks.code
        word_base = _cumsum_before(self.words[code], chunks.doc_start)
        break_base = _cumsum_before(self.breaks[code], chunks.doc_start)
        size = self.size[code]
        kept = np.repeat(self.start[code] - (np.cumsum(size) - size), size) \
            + np.arange(size.sum())
        doc = np.repeat(chunks.doc, size)
        position = np.repeat(word_base, size) + self.kept_offset[kept]
        breaks = np.repeat(break_base, size) + self.kept_breaks[kept]
        new_sentence = np.zeros(len(kept), dtype=np.int64)
        new_sentence[1:] = (breaks[1:] != breaks[:-1]) & (doc[1:] == doc[:-1])
        sentence = np.cumsum(new_sentence)
        sentence -= sentence[_group_start(doc, n_docs)] if len(sentence) else 0
        return doc, position, sentence, self.kept_token[kept], self.kept_actor[kept]


def _group_start(group: np.ndarray, n_groups: int) -> np.ndarray:
    """For each element of an ascending ``group`` array, the index where its group starts."""
    size = np.bincount(group, minlength=n_groups)
    return np.repeat(np.cumsum(size) - size, size)


def _cumsum_before(values: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over the earlier elements of the same group."""
    before = np.cumsum(values, dtype=np.int64) - values
    return before - before[group_start] if len(before) else before


def _type_table(types: np.ndarray, *, stopwords: frozenset[str], stem: bool,
                keep_numbers: bool, keep_stopwords: bool, reduplication: str,
                apostrophe: str) -> pd.DataFrame:
    """Per distinct raw token: its output ``form``, ``kind`` and whether to ``keep`` it.

    Vectorised over the types; only stemming and reduplication run per word.
    """
    raw = pd.Series(types, dtype="str")
    first = raw.str.slice(0, 1)
    kind = np.select([first == _ACTOR_OPEN, first.isin(_BREAK_START), first.str.isdecimal()],
                     [_ACTOR, _BREAK, _NUMBER], _WORD).astype(np.int8)
    is_word = kind == _WORD
    word = raw.str.lower().str.replace("’", "'", regex=False)
    base = _reduplication_base(word)
    is_stopword = (word.isin(stopwords) | base.isin(stopwords)).to_numpy()
    form = base if reduplication == "base" or stem else word
    if apostrophe == "drop":
        form = form.str.replace("'", "", regex=False)
    form = form.to_numpy(dtype=object)
    if stem:
        form[is_word] = [_stem(w) for w in form[is_word]]
    actor_tokens = _gazetteer().actors["token"].to_numpy(dtype=object)
    is_actor = kind == _ACTOR
    form[is_actor] = actor_tokens[raw[is_actor].str.slice(1, -1).astype(int).to_numpy()]
    keep = (is_actor | ((kind == _NUMBER) & keep_numbers)
            | (is_word & (keep_stopwords | ~is_stopword)))
    return pd.DataFrame({"form": pd.Series(form, dtype="str"), "kind": kind, "keep": keep})


def _reduplication_base(words: pd.Series) -> pd.Series:
    """``negara-negara`` -> ``negara`` (full reduplication); other words unchanged."""
    hyphenated = words.str.contains("-", regex=False).to_numpy()
    base = words.copy()
    base[hyphenated] = [_full_reduplication_base(w) for w in words[hyphenated]]
    return base


def _full_reduplication_base(word: str) -> str:
    match = _REDUPLICATION_RE.fullmatch(word)
    return match.group(1) if match else word


@functools.cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=None)
def _stem(word: str) -> str:
    """Sastrawi's stem, or the word itself where Sastrawi would split it (``jum'at``)."""
    stemmed = _stemmer().stem(word)
    return stemmed if stemmed and " " not in stemmed else word


# --------------------------------------------------------------------------- counts
#
# Every table is computed in two steps: the counts (from a tokens table here, or
# from the combined partial counts of a corpus processed in batches, see
# "batches" below) and one shared final step (`_..._table`) that holds the
# formulas, the filtering and the order. Both paths therefore give identical tables.

def term_counts(tokens: pd.DataFrame) -> pd.DataFrame:
    """``term, count, documents, per_1k`` over all tokens given.

    ``per_1k`` is per 1,000 of the tokens given (after any filtering).

    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["", ""],
    ...                       "text": ["senjata AS", "senjata senjata"]})
    >>> term_counts(tokenize(texts)).values.tolist()
    [['senjata', 3, 2, 750.0], ['amerika_serikat', 1, 1, 250.0]]
    """
    terms, term_code = _codes(tokens["token"])
    _, doc_code = _codes(tokens["doc_id"])
    count = np.bincount(term_code, minlength=len(terms))
    documents = np.bincount(_distinct(doc_code, term_code, len(terms)) % max(len(terms), 1),
                            minlength=len(terms))
    return _term_counts_table(terms, count, documents, len(tokens))


def _term_counts_table(terms: np.ndarray, count: np.ndarray, documents: np.ndarray,
                       total: int) -> pd.DataFrame:
    out = pd.DataFrame({"term": terms, "count": count, "documents": documents})
    out = out[out["count"] > 0]
    out["per_1k"] = _per_1k(out["count"].to_numpy(), total)
    return _sorted(out, ["count", "term"], [False, True])


def term_counts_by(tokens: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """``<by>, term, count, per_1k`` per group (``by="outlet"`` or ``"doc_id"``).

    ``per_1k`` is per 1,000 tokens of the group.

    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "senjata"]})
    >>> term_counts_by(tokenize(texts)).values.tolist()
    [['X', 'amerika_serikat', 1, 500.0], ['X', 'senjata', 1, 500.0], ['Y', 'senjata', 1, 1000.0]]
    """
    return _term_counts_by_table(_group_term_table(tokens, by), by)


def _term_counts_by_table(table: pd.DataFrame, by: str) -> pd.DataFrame:
    out = table[[by, "term", "count"]].copy()
    out["per_1k"] = _per_1k(table["count"].to_numpy(), table["group_total"].to_numpy())
    return _sorted(out, [by, "count", "term"], [True, False, True])


def log_likelihood_g2(a, b, c, d):
    """Signed log-likelihood G² (Rayson & Garside 2000), vectorised.

    ``a``/``b``: count of the term in target/reference; ``c``/``d``: token
    totals of target/reference. With expected counts ``E1 = c(a+b)/(c+d)`` and
    ``E2 = d(a+b)/(c+d)``, ``G² = 2(a ln(a/E1) + b ln(b/E2))`` (0 ln 0 = 0),
    positive when the target over-uses the term (a/c > b/d), negative otherwise.

    >>> round(float(log_likelihood_g2(10, 5, 100, 200)), 3)
    6.931
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    total = c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        e1 = c * (a + b) / total
        e2 = d * (a + b) / total
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0)
                  + np.where(b > 0, b * np.log(b / e2), 0.0))
    g2 = np.where(total > 0, g2, 0.0)
    return np.where(a * d < b * c, -g2, g2)


def keyness(tokens: pd.DataFrame, by: str = "outlet", min_count: int = 3) -> pd.DataFrame:
    """Distinctive terms of each group against the rest of the corpus.

    Columns ``<by>, term, count, per_1k, keyness_g2, tf_idf``, one row per term
    the group uses at least ``min_count`` times. ``keyness_g2`` is the signed
    log-likelihood of :func:`log_likelihood_g2` (reference = all other groups);
    ``tf_idf`` treats each group as one document, as scikit-learn's
    ``TfidfTransformer()`` defaults do: raw count x (ln((1+n)/(1+df)) + 1),
    L2-normalised over the group's terms.

    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata senjata AS", "senjata AS AS AS"]})
    >>> keyness(tokenize(texts), min_count=1)[["outlet", "term", "keyness_g2"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['X', 'senjata', 0.689], ['X', 'amerika_serikat', -0.554],
     ['Y', 'amerika_serikat', 0.554], ['Y', 'senjata', -0.689]]
    """
    return _keyness_table(_group_term_table(tokens, by), len(tokens), by, min_count)


def _keyness_table(table: pd.DataFrame, total: int, by: str, min_count: int) -> pd.DataFrame:
    """Keyness from ``<by>, term, count, group_total`` and the corpus token total.

    The rows are first put in (group, term) order, so that the floating-point
    sums of the tf-idf norm run in one order whatever the source of the counts.
    """
    table = table.sort_values([by, "term"], key=lambda column: column.astype("str"),
                              kind="stable").reset_index(drop=True)
    a = table["count"].to_numpy()
    c = table["group_total"].to_numpy()
    term_total = table.groupby("term", sort=False)["count"].transform("sum").to_numpy()
    out = table[[by, "term", "count"]].copy()
    out["per_1k"] = _per_1k(a, c)
    out["keyness_g2"] = np.round(log_likelihood_g2(a, term_total - a, c, total - c), 3)
    out["tf_idf"] = np.round(_tf_idf(table, by), 6)
    out = out[out["count"] >= min_count]
    return _sorted(out, [by, "keyness_g2", "term"], [True, False, True])


def _tf_idf(table: pd.DataFrame, by: str) -> np.ndarray:
    groups = table[by].nunique()
    df = table.groupby("term", sort=False)[by].transform("size").to_numpy()
    weight = table["count"].to_numpy() * (np.log((1 + groups) / (1 + df)) + 1)
    norm = np.sqrt(pd.Series(weight ** 2).groupby(table[by].to_numpy()).transform("sum"))
    return weight / norm.to_numpy()


def _group_term_table(tokens: pd.DataFrame, by: str) -> pd.DataFrame:
    """``<by>, term, count, group_total`` for every (group, term) that occurs."""
    groups, group_code = _codes(tokens[by])
    terms, term_code = _codes(tokens["token"])
    n_terms = max(len(terms), 1)
    pairs, count = np.unique(group_code.astype(np.int64) * n_terms + term_code,
                             return_counts=True)
    group = pairs // n_terms
    total = np.bincount(group_code, minlength=len(groups))
    return pd.DataFrame({by: groups[group], "term": terms[pairs % n_terms],
                         "count": count, "group_total": total[group]})


# --------------------------------------------------------------------------- n-grams

def ngrams(tokens: pd.DataFrame, n: int = 2, *, min_count: int = 1,
           adjacent_only: bool = False) -> pd.DataFrame:
    """``n, ngram, count, documents``: word n-grams within sentences.

    Built on the tokens given: after stopword removal ``korea_utara ke rusia``
    gives the bigram ``korea_utara rusia``; ``adjacent_only=True`` keeps only
    n-grams whose tokens were adjacent in the text. The n-gram is the tokens
    joined by a space.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Korut mengirim senjata. Rusia menerima senjata."]})
    >>> ngrams(tokenize(texts), 2).ngram.tolist()
    ['korea_utara mengirim', 'menerima senjata', 'mengirim senjata', 'rusia menerima']
    """
    return _ngrams_table(_ngram_counts(tokens, n, adjacent_only), min_count)


def _ngrams_table(counts: pd.DataFrame, min_count: int) -> pd.DataFrame:
    out = counts[counts["count"] >= min_count]
    return _sorted(out, ["count", "ngram"], [False, True])


def _ngram_counts(tokens: pd.DataFrame, n: int, adjacent_only: bool) -> pd.DataFrame:
    """``n, ngram, count, documents`` of every distinct n-gram (no filter, no order)."""
    terms, grams, count, documents = _distinct_ngrams(tokens, n, adjacent_only)
    return pd.DataFrame({"n": np.full(len(count), n, dtype=np.int64),
                         "ngram": _joined(terms, grams), "count": count,
                         "documents": documents})


def _joined(terms: np.ndarray, grams: np.ndarray) -> pd.Series:
    """The words of each row of ``grams`` joined by a space (in pyarrow, no Python loop)."""
    vocabulary = pa.array(terms.astype(str), type=pa.large_string())
    words = [vocabulary.take(pa.array(grams[:, k], type=pa.int64()))
             for k in range(grams.shape[1])]
    joined = pc.binary_join_element_wise(*words, pa.scalar(" ", type=pa.large_string()))
    return pd.Series(joined, dtype="str")


def collocations(tokens: pd.DataFrame, min_count: int = 2,
                 measure: str = "likelihood_ratio", top_n: int | None = 50) -> pd.DataFrame:
    """``w1, w2, count, score, measure``: bigram collocations scored by NLTK.

    ``measure`` names a ``BigramAssocMeasures`` statistic (``likelihood_ratio``,
    ``pmi``, ``chi_sq``, ``student_t``, ...); bigrams seen fewer than
    ``min_count`` times are dropped. Bigrams never cross a sentence; unigram
    frequencies are counted over all tokens given, as NLTK's
    ``BigramCollocationFinder.from_documents`` does.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["uji coba nuklir. uji coba rudal. rudal nuklir."]})
    >>> collocations(tokenize(texts))[["w1", "w2", "count"]].values.tolist()
    [['uji', 'coba', 2]]
    """
    terms, word_code = _codes(tokens["token"])
    word_count = np.bincount(word_code, minlength=len(terms))
    vocabulary, pairs, count, _ = _distinct_ngrams(tokens, 2, adjacent_only=False)
    return _collocations_table(terms, word_count, vocabulary[pairs[:, 0]],
                               vocabulary[pairs[:, 1]], count, min_count, measure, top_n)


def _collocations_table(words: np.ndarray, word_count: np.ndarray, w1: np.ndarray,
                        w2: np.ndarray, count: np.ndarray, min_count: int, measure: str,
                        top_n: int | None) -> pd.DataFrame:
    """Score the bigrams ``(w1, w2)`` seen ``count`` times, given the unigram counts.

    ``BigramCollocationFinder(word_fd, bigram_fd)`` is built from the counts
    directly; it equals ``from_documents`` on the sentences (tested).
    """
    _check_choice("measure", measure, _MEASURES)
    word_fd = FreqDist(dict(zip(words.tolist(), word_count.tolist())))
    frequent = count >= min_count  # NLTK's apply_freq_filter, before building the FreqDist
    bigrams = FreqDist(dict(zip(zip(w1[frequent].tolist(), w2[frequent].tolist()),
                                count[frequent].tolist())))
    finder = BigramCollocationFinder(word_fd, bigrams)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))[:top_n]
    return pd.DataFrame({
        "w1": pd.Series([w1 for (w1, _), _ in scored], dtype="str"),
        "w2": pd.Series([w2 for (_, w2), _ in scored], dtype="str"),
        "count": pd.Series([bigrams[pair] for pair, _ in scored], dtype="int64"),
        "score": pd.Series([round(score, 3) for _, score in scored], dtype="float64"),
        "measure": measure,
    })


def _distinct_ngrams(tokens: pd.DataFrame, n: int, adjacent_only: bool):
    """Vocabulary, the distinct n-grams as (k x n) term codes, their count and documents."""
    terms, grams, docs = _ngram_codes(tokens, n, adjacent_only)
    keys, first, inverse, count = np.unique(_row_keys(grams, len(terms)), return_index=True,
                                            return_inverse=True, return_counts=True)
    documents = np.bincount(_distinct(docs, inverse, len(keys)) % max(len(keys), 1),
                            minlength=len(keys))
    return terms, grams[first], count, documents


def _ngram_codes(tokens: pd.DataFrame, n: int, adjacent_only: bool):
    """Vocabulary, (count x n) term codes of every n-gram, and its document code.

    Tokens are put in text order (``doc_id``, ``position``); an n-gram must lie
    within one ``sentence`` when the tokens have that column.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    _, doc = _codes(tokens["doc_id"])
    position = (tokens["position"].to_numpy() if "position" in tokens
                else np.arange(len(tokens)))
    order = np.lexsort((position, doc))
    terms, term = _codes(tokens["token"])
    term, doc, position = term[order], doc[order], position[order]
    sentence = (tokens["sentence"].to_numpy()[order] if "sentence" in tokens
                else np.zeros(len(order), dtype=np.int64))
    windows = max(len(term) - n + 1, 0)
    valid = np.ones(windows, dtype=bool)
    for k in range(1, n):
        valid &= doc[k:k + windows] == doc[:windows]
        valid &= sentence[k:k + windows] == sentence[:windows]
    if adjacent_only:
        valid &= position[n - 1:n - 1 + windows] - position[:windows] == n - 1
    start = np.flatnonzero(valid)
    grams = np.stack([term[start + k] for k in range(n)], axis=1) if windows else \
        np.empty((0, n), dtype=np.int64)
    return np.asarray(terms, dtype=object), grams, doc[start]


def _row_keys(grams: np.ndarray, base: int) -> np.ndarray:
    """One integer per row of codes (mixed radix), or a byte view when that overflows."""
    if base ** grams.shape[1] < 2 ** 62:
        return (grams.astype(np.int64) * base ** np.arange(grams.shape[1] - 1, -1, -1)).sum(axis=1)
    rows = np.ascontiguousarray(grams.astype(np.int64))
    return rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1]))).ravel()


# --------------------------------------------------------------------------- batches

#: The tables of :func:`partial_counts` that add up, each with its value
#: columns; every other column of the table is a key.
PARTIAL_VALUES = {
    "terms": ("count", "documents"),
    "totals": ("tokens", "documents"),
    "ngrams": ("count", "documents"),
    "bigram_fd": ("count",),
}

#: The word columns of the ``"ngrams"`` partial that an n-gram shorter than the
#: longest size counted leaves empty.
NO_WORD = ""


def partial_keys(name: str, table: pd.DataFrame) -> list[str]:
    """The key columns of the partial table ``name``: all but its value columns.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": ["senjata AS"]})
    >>> partial_keys("ngrams", partial_counts(tokenize(texts))["ngrams"])
    ['n', 'w1', 'w2', 'w3']
    """
    return [c for c in table.columns if c not in PARTIAL_VALUES[name]]


def partial_counts(tokens: pd.DataFrame, *, ngram_sizes: Iterable[int] = (2, 3),
                   adjacent_only: bool = False) -> dict[str, pd.DataFrame]:
    """The additive counts of one batch of tokens, for a corpus read in batches.

    Tokenize each batch of documents, keep only ``partial_counts(tokens)``,
    add the partials up with :func:`combine_counts` and compute the tables
    with :func:`term_counts_from`, :func:`term_counts_by_from`,
    :func:`keyness_from`, :func:`ngrams_from` and :func:`collocations_from`:
    they equal :func:`term_counts`, :func:`term_counts_by` (by outlet),
    :func:`keyness` (by outlet), :func:`ngrams` and :func:`collocations` on the
    tokens of the whole corpus, row for row (tested byte for byte). Batches
    must hold disjoint sets of whole documents, and every document one outlet
    (as :func:`tokenize` guarantees), because per-document counts are added.

    Tables (key columns are categoricals with sorted ``str`` categories, or
    integers; counts int64; :data:`PARTIAL_VALUES` names the value columns):

    * ``"terms"``: ``outlet, term, count, documents``, one row per (outlet,
      term) that occurs; ``documents`` is the number of documents of the batch
      using the term. Summed over outlets it is NLTK's ``word_fd``.
    * ``"totals"``: ``outlet, tokens, documents``: tokens and documents (with
      at least one token) per outlet.
    * ``"ngrams"``: ``n, w1, ..., wK, count, documents`` for every distinct
      n-gram of each size in ``ngram_sizes`` (``n`` int16; K the largest size;
      the words of an n-gram in ``w1`` to ``wn``, the later columns
      :data:`NO_WORD`; ``adjacent_only`` as in :func:`ngrams`). No
      ``min_count`` here: it is applied after combining.
    * ``"bigram_fd"``: ``w1, w2, count``: every bigram within a sentence
      (never ``adjacent_only``): the ``bigram_fd`` of NLTK's
      ``BigramCollocationFinder.from_documents`` on the sentences.
    * ``"ngram_sizes"``: ``n, adjacent_only``: the settings, which must agree
      between the partials combined (not summed).

    Memory: every table holds counts of distinct keys, never a row per token,
    and words are category codes, never repeated strings. ``terms`` and
    ``totals`` grow with the vocabulary (outlets x distinct words). The
    n-gram tables grow with the number of *distinct* n-grams: on one batch
    that is close to its number of tokens (most n-grams occur once), and it
    keeps growing with the corpus, because an exact ``min_count`` after
    combining requires every n-gram seen once. They dominate the memory of a
    combined result; leave them out with ``ngram_sizes=()`` when the n-gram
    tables are not needed (``"bigram_fd"`` is still kept for collocations).

    >>> texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                       "text": ["senjata AS", "AS mengirim senjata"]})
    >>> parts = [partial_counts(tokenize(batch)) for batch in (texts[:1], texts[1:])]
    >>> combined = combine_counts(parts)
    >>> combined["terms"].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['X', 'amerika_serikat', 1, 1], ['X', 'senjata', 1, 1],
     ['Y', 'amerika_serikat', 1, 1], ['Y', 'mengirim', 1, 1], ['Y', 'senjata', 1, 1]]
    >>> combined["ngrams"].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[2, 'amerika_serikat', 'mengirim', '', 1, 1],
     [2, 'mengirim', 'senjata', '', 1, 1],
     [2, 'senjata', 'amerika_serikat', '', 1, 1],
     [3, 'amerika_serikat', 'mengirim', 'senjata', 1, 1]]
    >>> term_counts_from(combined).equals(term_counts(tokenize(texts)))
    True
    """
    sizes = sorted({int(n) for n in ngram_sizes})
    if sizes and sizes[0] < 1:
        raise ValueError(f"ngram_sizes must be >= 1, got {sizes}")
    outlet = (tokens["outlet"] if "outlet" in tokens
              else pd.Series("", index=tokens.index, dtype="str"))
    outlets, outlet_code = _codes(outlet)
    terms, term_code = _codes(tokens["token"])
    _, doc_code = _codes(tokens["doc_id"])
    n_terms = max(len(terms), 1)
    pairs, pair, count = np.unique(outlet_code * n_terms + term_code, return_inverse=True,
                                   return_counts=True)
    documents = np.bincount(_distinct(doc_code, pair, len(pairs)) % max(len(pairs), 1),
                            minlength=len(pairs))
    present = np.unique(outlet_code)
    n_outlets = max(len(outlets), 1)
    outlet_documents = np.bincount(_distinct(doc_code, outlet_code, n_outlets) % n_outlets,
                                   minlength=len(outlets))
    distinct = {n: _distinct_ngrams(tokens, n, adjacent_only) for n in sizes}
    vocabulary, bigrams, bigram_count, _ = (
        distinct[2] if 2 in distinct and not adjacent_only
        else _distinct_ngrams(tokens, 2, adjacent_only=False))
    return {
        "terms": pd.DataFrame({"outlet": _category(outlets, pairs // n_terms),
                               "term": _category(terms, pairs % n_terms),
                               "count": count, "documents": documents}),
        "totals": pd.DataFrame({"outlet": _category(outlets, present),
                                "tokens": np.bincount(outlet_code, minlength=len(outlets))[present],
                                "documents": outlet_documents[present]}),
        "ngrams": _ngram_partial(np.asarray(terms, dtype=object), distinct, sizes),
        "bigram_fd": pd.DataFrame({"w1": _category(vocabulary, bigrams[:, 0]),
                                   "w2": _category(vocabulary, bigrams[:, 1]),
                                   "count": bigram_count}),
        "ngram_sizes": pd.DataFrame({"n": np.array(sizes, dtype=np.int64),
                                     "adjacent_only": bool(adjacent_only)}),
    }


def _ngram_partial(terms: np.ndarray, distinct: dict, sizes: list[int]) -> pd.DataFrame:
    """The ``"ngrams"`` partial: ``n``, the words as codes padded with :data:`NO_WORD`, counts."""
    width = max(sizes, default=0)
    words = np.append(terms, NO_WORD)
    padded = [np.pad(rows, ((0, 0), (0, width - n)), constant_values=len(terms))
              for n, (_, rows, _, _) in distinct.items()]
    codes = np.concatenate(padded) if padded else np.empty((0, width), dtype=np.int64)
    out = {"n": np.concatenate([np.full(len(d[2]), n, dtype=np.int16)
                                for n, d in distinct.items()] or [np.empty(0, np.int16)])}
    for k in range(width):
        out[f"w{k + 1}"] = _category(words, codes[:, k])
    for column, at in (("count", 2), ("documents", 3)):
        out[column] = np.concatenate([d[at] for d in distinct.values()]
                                     or [np.empty(0, np.int64)]).astype(np.int64)
    return pd.DataFrame(out)


def combine_counts(parts: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The sum of :func:`partial_counts` tables: one row per key, keys in sorted order.

    ``parts`` may be any iterable (a generator reading one batch at a time);
    whatever the order of the parts, the result is the same frame. A
    combined result is itself a partial, so results can be combined again.

    Words are added as integer codes into one vocabulary that grows with the
    parts (never as strings), and tables are added pairwise as the parts
    arrive (a binary-counter merge: two running sums are added when the older
    one is not larger), so memory stays within a small multiple of the
    combined counts and each row is re-added only a logarithmic number of times.

    >>> texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                       "text": ["senjata AS", "senjata", "AS"]})
    >>> combined = combine_counts(partial_counts(tokenize(texts[i:i + 1])) for i in range(3))
    >>> combined["totals"].values.tolist()
    [['X', 3, 2], ['Y', 1, 1]]
    """
    vocabulary = Vocabulary()
    sums = {name: _RunningSum() for name in PARTIAL_VALUES}
    settings = None
    for part in parts:
        settings = _check_settings(part, settings)
        for name, running in sums.items():
            running.add(*vocabulary.encode(part[name], partial_keys(name, part[name]),
                                           PARTIAL_VALUES[name]))
    if settings is None:
        raise ValueError("no partial counts to combine")
    combined = {name: vocabulary.decode(*running.total()) for name, running in sums.items()}
    combined["ngram_sizes"] = settings
    return combined


def _check_settings(part: dict[str, pd.DataFrame], settings: pd.DataFrame | None) -> pd.DataFrame:
    """The part's ``ngram_sizes`` table, after checking that the part is complete and
    agrees with the ``settings`` of the parts before it."""
    missing = (set(PARTIAL_VALUES) | {"ngram_sizes"}) - set(part)
    if missing:
        raise KeyError(f"partial counts lack tables {sorted(missing)}")
    these = part["ngram_sizes"].reset_index(drop=True).astype({"n": np.int64, "adjacent_only": bool})
    if settings is not None and not settings.equals(these):
        raise ValueError("partial counts differ in ngram_sizes or adjacent_only: "
                         f"{settings.to_dict('list')} and {these.to_dict('list')}")
    return these if settings is None else settings


class Vocabulary:
    """The strings of categorical key columns as integer codes, in order of first sight.

    ``encode`` turns a partial table into key columns of codes and value
    columns (integer key columns stay as they are); ``decode`` turns them back
    into a table whose categorical columns have sorted categories and whose
    rows are in sorted key order. A vocabulary built from a fixed list
    (``Vocabulary(words)``) codes every word by its place in that list, as
    the Dask engine does on its workers. Lookups run in pyarrow (C++ hash
    tables), never a Python loop per word.

    >>> vocabulary = Vocabulary()
    >>> table = pd.DataFrame({"outlet": pd.Categorical(["Y", "X"]), "tokens": [1, 2]})
    >>> keys, values, layout = vocabulary.encode(table, ["outlet"], ["tokens"])
    >>> [k.tolist() for k in keys], vocabulary.decode(keys, values, layout).values.tolist()
    ([[1, 0]], [['X', 2], ['Y', 1]])
    """

    def __init__(self, words: Iterable[str] = ()):
        self._words = pa.array(list(words), type=pa.large_string())

    def __len__(self) -> int:
        return len(self._words)

    def codes(self, values) -> np.ndarray:
        """The code (int64) of each value, adding the new ones at the end."""
        values = _arrow_strings(values)
        found = pc.index_in(values, value_set=self._words)
        if found.null_count:
            new = pc.unique(pc.filter(values, pc.is_null(found)))
            self._words = pa.concat_arrays([self._words, new])
            found = pc.index_in(values, value_set=self._words)
        return found.to_numpy(zero_copy_only=False).astype(np.int64)

    def encode(self, table: pd.DataFrame, keys: list[str], values: Iterable[str]):
        """``(key columns, value columns, layout)`` of ``table``: int64 arrays, one
        per key (words as codes) and per value column, and the layout (name,
        ``"word"``, ``"int"`` or ``"value"``, dtype) of all columns for :meth:`decode`."""
        values = list(values)
        columns, layout = [], []
        for name in keys:
            column = table[name]
            if isinstance(column.dtype, pd.CategoricalDtype) or not pd.api.types.is_integer_dtype(column):
                if not isinstance(column.dtype, pd.CategoricalDtype):
                    column = column.astype("str").astype("category")
                code = column.cat.codes.to_numpy(dtype=np.int64)
                columns.append(self.codes(column.cat.categories)[code] if len(code) else code)
                layout.append((name, "word", None))
            else:
                columns.append(column.to_numpy(dtype=np.int64))
                layout.append((name, "int", column.dtype))
        data = [table[name].to_numpy(dtype=np.int64) for name in values]
        return columns, data, layout + [(name, "value", None) for name in values]

    def decode(self, keys: list[np.ndarray], data: list[np.ndarray], layout: list) -> pd.DataFrame:
        """The table of ``encode``'s output: rows in sorted key order (words sorted as strings)."""
        rank = np.empty(len(self), dtype=np.int64)
        rank[pc.array_sort_indices(self._words).to_numpy()] = np.arange(len(self))
        kinds = [kind for _, kind, _ in layout if kind != "value"]
        sortable = [rank[key] if kind == "word" else key for key, kind in zip(keys, kinds)]
        order = _sort_order(sortable) if sortable else np.arange(len(data[0]) if data else 0)
        out, columns = {}, iter(keys + data)
        for (name, kind, dtype), column in zip(layout, columns):
            column = column[order]
            if kind == "word":
                out[name] = self._categorical(column, rank)
            elif kind == "int":
                out[name] = column.astype(dtype)
            else:
                out[name] = column
        return pd.DataFrame(out)

    def _categorical(self, codes: np.ndarray, rank: np.ndarray) -> pd.Categorical:
        """``words[codes]`` with the words used as sorted ``str`` categories."""
        used = np.flatnonzero(np.bincount(codes, minlength=len(self)))
        used = used[np.argsort(rank[used])]
        new_code = np.empty(len(self), dtype=np.int64)
        new_code[used] = np.arange(len(used))
        categories = pd.Index(self._words.take(pa.array(used, type=pa.int64())), dtype="str")
        return pd.Categorical.from_codes(new_code[codes], categories=categories)


def _arrow_strings(values) -> pa.Array:
    """Strings as a pyarrow ``large_string`` array."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        array = values
    else:
        array = pa.array(pd.Index(values, dtype="str").array if len(values) else [],
                         type=pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


class _RunningSum:
    """Sums of value columns per key, added as parts arrive (binary-counter merge)."""

    def __init__(self):
        self._stack: list[tuple[list[np.ndarray], list[np.ndarray]]] = []
        self._layout = None

    def add(self, keys: list[np.ndarray], data: list[np.ndarray], layout: list) -> None:
        if self._layout is None:
            self._layout = layout
        elif [name for name, *_ in layout] != [name for name, *_ in self._layout]:
            raise ValueError(f"partial tables differ in columns: {[n for n, *_ in self._layout]} "
                             f"and {[n for n, *_ in layout]}")
        self._stack.append(_sum_rows(keys, data))
        while len(self._stack) > 1 and len(self._stack[-2][0][0]) <= len(self._stack[-1][0][0]):
            top, below = self._stack.pop(), self._stack.pop()
            self._stack.append(_sum_rows(*_stacked([below, top])))

    def total(self) -> tuple[list[np.ndarray], list[np.ndarray], list]:
        return (*_sum_rows(*_stacked(self._stack)), self._layout)


def _stacked(sums: list[tuple[list[np.ndarray], list[np.ndarray]]]):
    """The rows of several (keys, data) pairs one after the other."""
    return tuple([np.concatenate(columns) for columns in zip(*(part[i] for part in sums))]
                 for i in (0, 1))


def _widths(keys: list[np.ndarray]) -> list[int]:
    """Bits needed by each column of non-negative integer keys."""
    return [max(int(key.max()) if len(key) else 0, 1).bit_length() for key in keys]


def pack_keys(keys: list[np.ndarray], widths: list[int]) -> np.ndarray:
    """Columns of non-negative integer keys packed into one int64 per row, ``widths[k]``
    bits for column k (``sum(widths) <= 63``); the packed keys sort as the rows do.

    >>> packed = pack_keys([np.array([2, 2, 3]), np.array([5, 1, 0])], [2, 3])
    >>> packed.tolist(), [k.tolist() for k in unpack_keys(packed, [2, 3])]
    ([21, 17, 24], [[2, 2, 3], [5, 1, 0]])
    """
    packed = keys[0].astype(np.int64)
    for key, width in zip(keys[1:], widths[1:]):
        packed <<= width
        packed |= key
    return packed


def unpack_keys(packed: np.ndarray, widths: list[int]) -> list[np.ndarray]:
    """The key columns of :func:`pack_keys`."""
    keys = []
    for width in widths[:0:-1]:
        keys.append(packed & ((1 << width) - 1))
        packed = packed >> width
    return [packed] + keys[::-1]


def _sort_order(keys: list[np.ndarray]) -> np.ndarray:
    """The stable order that sorts rows by the non-negative integer ``keys`` (first key first)."""
    widths = _widths(keys)
    if sum(widths) > 63:
        return np.lexsort(keys[::-1])
    return np.argsort(pack_keys(keys, widths), kind="stable")


def _sum_rows(keys: list[np.ndarray], data: list[np.ndarray]):
    """Distinct key rows (sorted) and the sum of every ``data`` column per key row.

    Keys that fit in 63 bits are packed into one int64 (a stable sort of runs
    that are already sorted is a merge); wider keys are sorted column by column.
    """
    if len(keys[0]) == 0:
        return keys, data
    widths = _widths(keys)
    if sum(widths) <= 63:
        packed = pack_keys(keys, widths)
        order = np.argsort(packed, kind="stable")
        packed = packed[order]
        new = np.empty(len(order), dtype=bool)
        new[0] = True
        np.not_equal(packed[1:], packed[:-1], out=new[1:])
        start = np.flatnonzero(new)
        distinct = [key.astype(np.int32) if width < 32 else key  # half the memory of int64
                    for key, width in zip(unpack_keys(packed[start], widths), widths)]
    else:
        order = np.lexsort(keys[::-1])
        ordered = [key[order] for key in keys]
        new = np.zeros(len(order), dtype=bool)
        new[0] = True
        for key in ordered:
            new[1:] |= key[1:] != key[:-1]
        start = np.flatnonzero(new)
        distinct = [key[start] for key in ordered]
    return distinct, [np.add.reduceat(column[order], start) for column in data]


def term_counts_from(combined: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`term_counts` of the corpus, from its combined :func:`partial_counts`."""
    by_term = combined["terms"].groupby("term", observed=True, sort=False)[
        ["count", "documents"]].sum()
    return _term_counts_table(by_term.index.to_numpy(dtype=object),
                              by_term["count"].to_numpy(), by_term["documents"].to_numpy(),
                              int(combined["totals"]["tokens"].sum()))


def term_counts_by_from(combined: dict[str, pd.DataFrame], by: str = "outlet") -> pd.DataFrame:
    """:func:`term_counts_by` of the corpus (``by="outlet"`` only), from combined counts."""
    _check_choice("by", by, ("outlet",))
    return _term_counts_by_table(_outlet_term_table(combined), by)


def keyness_from(combined: dict[str, pd.DataFrame], by: str = "outlet",
                 min_count: int = 3) -> pd.DataFrame:
    """:func:`keyness` of the corpus (``by="outlet"`` only), from combined counts."""
    _check_choice("by", by, ("outlet",))
    return _keyness_table(_outlet_term_table(combined),
                          int(combined["totals"]["tokens"].sum()), by, min_count)


def ngrams_from(combined: dict[str, pd.DataFrame], n: int = 2, *, min_count: int = 1,
                adjacent_only: bool = False) -> pd.DataFrame:
    """:func:`ngrams` of the corpus, from combined counts; ``min_count`` applies to the sums.

    ``n`` must be one of the ``ngram_sizes`` and ``adjacent_only`` the setting
    the partials were counted with (``ValueError`` otherwise).
    """
    settings = combined["ngram_sizes"]
    if n not in settings["n"].tolist():
        raise ValueError(f"n={n} was not counted: partial_counts had ngram_sizes="
                         f"{tuple(settings['n'].tolist())}")
    if bool(settings["adjacent_only"].iloc[0]) != bool(adjacent_only):
        raise ValueError(f"the partial counts were made with adjacent_only="
                         f"{not adjacent_only}, not {adjacent_only}")
    table = combined["ngrams"]
    rows = table[table["n"] == n]
    words = [pa.array(rows[f"w{k + 1}"].astype("str"), type=pa.large_string()) for k in range(n)]
    joined = pc.binary_join_element_wise(*words, pa.scalar(" ", type=pa.large_string()))
    counts = pd.DataFrame({"n": np.full(len(rows), n, dtype=np.int64),
                           "ngram": pd.Series(joined, dtype="str"),
                           "count": rows["count"].to_numpy(dtype=np.int64),
                           "documents": rows["documents"].to_numpy(dtype=np.int64)})
    return _ngrams_table(counts, min_count)


def collocations_from(combined: dict[str, pd.DataFrame], min_count: int = 2,
                      measure: str = "likelihood_ratio", top_n: int | None = 50) -> pd.DataFrame:
    """:func:`collocations` of the corpus, from combined counts (``min_count`` on the sums).

    NLTK's finder is built from ``word_fd`` (the ``"terms"`` counts summed
    over outlets) and ``bigram_fd`` (the ``"bigram_fd"`` table).
    """
    words = combined["terms"].groupby("term", observed=True, sort=False)["count"].sum()
    bigrams = combined["bigram_fd"]
    return _collocations_table(words.index.to_numpy(dtype=object), words.to_numpy(),
                               bigrams["w1"].to_numpy(dtype=object),
                               bigrams["w2"].to_numpy(dtype=object),
                               bigrams["count"].to_numpy(dtype=np.int64),
                               min_count, measure, top_n)


def _outlet_term_table(combined: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``outlet, term, count, group_total`` from combined counts (as :func:`_group_term_table`)."""
    terms, totals = combined["terms"], combined["totals"]
    outlet = terms["outlet"].to_numpy(dtype=object)
    group_total = pd.Series(totals["tokens"].to_numpy(dtype=np.int64),
                            index=pd.Index(totals["outlet"].to_numpy(dtype=object), dtype=object))
    return pd.DataFrame({"outlet": outlet, "term": terms["term"].to_numpy(dtype=object),
                         "count": terms["count"].to_numpy(dtype=np.int64),
                         "group_total": group_total.reindex(outlet).to_numpy(dtype=np.int64)})


# --------------------------------------------------------------------------- actors

def actor_counts(texts: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, outlet, actor, type, count``: gazetteer mentions per document.

    ``actor`` is the canonical name; documents without a mention of an actor
    have no row for it.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Korut, Korea Utara dan AS; as usual."]})
    >>> actor_counts(texts)[["actor", "count"]].values.tolist()
    [['Korea Utara', 2], ['Amerika Serikat', 1]]
    """
    texts = _as_texts(texts)
    gaz = _gazetteer()
    found = texts["text"].str.findall(gaz.regex).tolist()
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    match_code, matches = pd.factorize(np.fromiter(chain.from_iterable(found), dtype=object,
                                                   count=int(lengths.sum())))
    actor = np.array([gaz.actor_id(m) for m in matches], dtype=np.int64)[match_code]
    doc = np.repeat(np.arange(len(texts)), lengths)
    pairs, count = np.unique(doc * len(gaz.actors) + actor, return_counts=True)
    doc, actor = pairs // len(gaz.actors), pairs % len(gaz.actors)
    out = pd.DataFrame({
        "doc_id": _take(texts["doc_id"], doc),
        "outlet": _take(texts["outlet"], doc),
        "actor": _take(gaz.actors["canonical"], actor),
        "type": _take(gaz.actors["type"], actor),
        "count": count,
    })
    return _sorted(out, ["doc_id", "count", "actor"], [True, False, True])


_CANDIDATE_RE = re.compile(r"""
    (?<![\w'’-])
    (?: [A-ZÀ-ÖØ-Þ][\w'’-]* (?:[^\S\n]+[A-ZÀ-ÖØ-Þ][\w'’-]*)+   # two or more capitalised words
      | [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+ )                           # or an all-caps acronym
    (?![\w'’-])
""", re.VERBOSE)


def actor_candidates(texts: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """``candidate, count, documents``: capitalised names the gazetteer misses.

    Sequences of two or more capitalised words, or all-caps acronyms, found
    outside known actor mentions; stopwords at either end are trimmed ("Saat
    Menteri Luar Negeri" -> "Menteri Luar Negeri"). Review them and add the
    real actors to ``data/actors.yaml``.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...                       "text": ["Saat Menteri Luar Negeri AS tiba, SRBM diluncurkan."]})
    >>> actor_candidates(texts).candidate.tolist()
    ['Menteri Luar Negeri', 'SRBM']
    """
    texts = _as_texts(texts)
    outside_actors = texts["text"].str.replace(_gazetteer().regex, "\n", regex=True)
    stopwords = load_stopwords()
    rows = [(doc_id, name) for doc_id, text in zip(texts["doc_id"], outside_actors)
            for found in _CANDIDATE_RE.findall(text)
            if (name := _trim_candidate(found, stopwords))]
    found = pd.DataFrame(rows, columns=["doc_id", "candidate"], dtype="str")
    out = found.groupby("candidate").agg(count=("doc_id", "size"),
                                         documents=("doc_id", "nunique")).reset_index()
    out = out[out["count"] >= min_count]
    return _sorted(out, ["count", "candidate"], [False, True])


def _trim_candidate(found: str, stopwords: frozenset[str]) -> str | None:
    words = found.split()
    while words and words[0].lower() in stopwords:
        words.pop(0)
    while words and words[-1].lower() in stopwords:
        words.pop()
    if len(words) >= 2 or (len(words) == 1 and _is_acronym(words[0]) and len(words[0]) > 1):
        return " ".join(words)
    return None


# --------------------------------------------------------------------------- KWIC

def kwic(texts: pd.DataFrame, query: str, window: int = 8) -> pd.DataFrame:
    """``doc_id, left, match, right``: every match of ``query`` in the cleaned text.

    ``query`` is an actor (any surface form, the canonical name or its token:
    "Korut", "Korea Utara", "korea_utara" all find every mention of Korea
    Utara, exactly the mentions :func:`actor_counts` counts) or else a word or
    phrase matched case-insensitively as whole words, where ``*`` stands for
    any letters ("senjata*"). ``left``/``right`` hold up to ``window``
    whitespace-separated words of the same paragraph. Rows are sorted by
    ``doc_id`` and position in the text.

    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...     "text": ["Rusia membeli senjata dari Korut.\\n\\nKorea Utara membantah."]})
    >>> kwic(texts, "korea_utara", window=2).values.tolist()
    [['a', 'senjata dari', 'Korut', '.'], ['a', '', 'Korea Utara', 'membantah.']]
    """
    texts = _as_texts(texts)
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    matches = _query_matcher(query)
    rows = [(doc_id, start, *_context(text, start, end, window))
            for doc_id, text in zip(texts["doc_id"], texts["text"])
            for start, end in matches(text)]
    out = pd.DataFrame(rows, columns=["doc_id", "start", "left", "match", "right"])
    out = out.astype({"doc_id": "str", "left": "str", "match": "str", "right": "str"})
    return _sorted(out, ["doc_id", "start"], [True, True]).drop(columns="start")


def _query_matcher(query: str):
    """A function text -> [(start, end)] for an actor or a word/phrase query."""
    query = " ".join(str(query).split())
    if not query:
        raise ValueError("empty query")
    gaz = _gazetteer()
    actor = gaz.by_name.get(query.casefold())
    if actor is not None:
        return lambda text: [m.span() for m in gaz.regex.finditer(text)
                             if gaz.actor_id(m.group()) == actor]
    words = [re.escape(w).replace(r"\*", r"\w*") for w in query.split(" ")]
    pattern = re.compile(rf"(?<!\w){_SPACE.join(words)}(?!\w)", re.IGNORECASE)
    return lambda text: [m.span() for m in pattern.finditer(text)]


#: KWIC context is looked for within this many characters per word of window on each side, so
#: that the work per match is bounded however long the paragraph (a page of one 50 MB line).
CONTEXT_CHARS_PER_WORD = 64


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    span = max(window, 1) * CONTEXT_CHARS_PER_WORD
    lo, hi = max(start - span, 0), min(end + span, len(text))
    paragraph_start = text.rfind("\n", lo, start) + 1 or lo
    paragraph_end = text.find("\n", end, hi)
    paragraph_end = hi if paragraph_end < 0 else paragraph_end
    left_text, right_text = text[paragraph_start:start], text[end:paragraph_end]
    left, right = left_text.split(), right_text.split()
    if paragraph_start == lo > 0 and text[lo - 1] not in "\n" and left and not left_text[0].isspace():
        left = left[1:]  # the window cut a word: drop its tail
    if paragraph_end == hi < len(text) and right and not text[hi].isspace():
        right = right[:-1]  # likewise its head
    return " ".join(left[max(len(left) - window, 0):]), text[start:end], " ".join(right[:window])


# --------------------------------------------------------------------------- helpers

def _as_texts(texts: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, outlet, text`` as strings; a missing ``outlet`` becomes ""."""
    missing = {"doc_id", "text"} - set(texts.columns)
    if missing:
        raise KeyError(f"texts lacks columns {sorted(missing)}")
    if texts["doc_id"].duplicated().any():
        raise ValueError("texts must have one row per document: doc_id is not unique")
    outlet = texts["outlet"] if "outlet" in texts else pd.Series("", index=texts.index)
    return pd.DataFrame({
        "doc_id": texts["doc_id"].astype("str"),
        "outlet": outlet.fillna("").astype("str"),
        "text": texts["text"].fillna("").astype("str"),
    }).reset_index(drop=True)


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, integer code per row); categorical columns reuse their codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return (np.asarray(column.cat.categories, dtype=object),
                column.cat.codes.to_numpy(dtype=np.int64))
    codes, uniques = pd.factorize(column, sort=False)
    return np.asarray(uniques, dtype=object), codes.astype(np.int64)


def _distinct(group: np.ndarray, code: np.ndarray, n_codes: int) -> np.ndarray:
    """Distinct (group, code) pairs as integers ``group * n_codes + code``."""
    return pd.unique(group.astype(np.int64) * max(n_codes, 1) + code)


def _categorical(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    """``values[index]`` as a Categorical with sorted categories (cheap for long columns)."""
    categories, codes = np.unique(values.to_numpy(dtype=str), return_inverse=True)
    return pd.Categorical.from_codes(codes[index], categories=pd.Index(categories, dtype="str"))


def _category(values: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a Categorical of the values used, with sorted ``str`` categories."""
    used, inverse = np.unique(codes, return_inverse=True)
    categories = pd.Index(np.asarray(values, dtype=object)[used], dtype="str")
    order = np.asarray(categories.argsort())
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return pd.Categorical.from_codes(rank[inverse.reshape(-1)], categories=categories[order])


def _take(values: pd.Series, index: np.ndarray) -> pd.Series:
    return pd.Series(values.array.take(index), dtype=values.dtype)


def _per_1k(count: np.ndarray, total) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(np.asarray(total) > 0, count * 1000.0 / total, 0.0)
    return np.round(rate, 3)


def _sorted(frame: pd.DataFrame, columns: list[str], ascending: list[bool]) -> pd.DataFrame:
    frame = frame.astype({c: "str" for c in columns if frame[c].dtype == object})
    return frame.sort_values(columns, ascending=ascending, kind="stable").reset_index(drop=True)
