"""The engine behind :func:`analysis.tokens.tokenize`: distinct chunks and the type table.

Private. The marked texts are cut at spaces and dictionary-encoded in pyarrow
(:class:`Chunks`); a chunk of letters only is its own token, and :data:`TOKEN_PATTERN` runs
once over the other *distinct* chunks (translated to RE2 for those of printable ASCII and actor
placeholders, in ``regex``, the engine NLTK compiles it with, for the rest); every per-word
decision (kind, case, stopword, stem, reduplication, apostrophe) is taken once per distinct raw
token in :func:`type_table`; and :class:`ChunkLayout` broadcasts the kept tokens back to the
stream of chunks with numpy, giving each its document, position and sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import regex

from ._gazetteer import ACTOR_CLOSE, ACTOR_OPEN, gazetteer

#: The NLTK ``RegexpTokenizer`` pattern. Alternatives, in order: an actor
#: placeholder; a word (letter first, inner hyphens/apostrophes); a number;
#: a sentence break (kept as a token only to number the sentences).
TOKEN_PATTERN = r"""(?x)
    \ue000\d+\ue001
  | [^\W\d_][^\W_]*(?:['’-][^\W_]+)*
  | \d[^\W_]*(?:[.,:/-]\d[^\W_]*)*
  | [.!?…;:()\[\]{}]+ | \n | (?<!\S)[-–—]+(?!\S)
"""
TOKEN_FLAGS = re.UNICODE | re.MULTILINE | re.DOTALL  # RegexpTokenizer's defaults
# NLTK's RegexpTokenizer compiles the pattern with the regex engine (nltk.redos), whose \w also
# takes combining marks (Arabic vowel marks, decomposed accents) and letters newer than Python's
# Unicode tables.
_TOKEN_REGEX = regex.compile(TOKEN_PATTERN, TOKEN_FLAGS)
# A plain chunk: printable ASCII and placeholder characters only (no whitespace, no control
# character). On it TOKEN_PATTERN reads as below, in RE2's syntax (Arrow runs it over the whole
# column): \w is [A-Za-z0-9_], \d is [0-9], and the dash run, whose look-arounds need
# whitespace or an end on either side, is a token only as the whole chunk. RE2 picks the
# same match as Python's regex engines (leftmost, then the first alternative; no look-arounds).
# Written by hand: re2.translate cannot take the pattern ([^\W\d_] has no RE2 twin inside a class).
_OPEN, _CLOSE = (f"\\x{{{ord(c):X}}}" for c in (ACTOR_OPEN, ACTOR_CLOSE))
_PLAIN = f"^[\\x21-\\x7e{_OPEN}{_CLOSE}]*$"
_PLAIN_TOKEN = (f"{_OPEN}[0-9]+{_CLOSE}|[A-Za-z][A-Za-z0-9]*(?:['-][A-Za-z0-9]+)*"
                r"|[0-9][A-Za-z0-9]*(?:[.,:/-][0-9][A-Za-z0-9]*)*|[.!?;:()\[\]{}]+|^-+$")
_BREAK_START = frozenset(".!?…;:()[]{}\n-–—")
_REDUPLICATION_RE = regex.compile(r"([^\W_]+)-\1")  # as the tokens: marks are word characters
# Written after each distinct chunk when tokenizing them in one pass: a
# placeholder no actor has (actor numbers are written without leading zeros).
_CHUNK_END = f"{ACTOR_OPEN}00{ACTOR_CLOSE}"

# The kinds of raw token.
WORD, NUMBER, ACTOR, BREAK = range(4)


@dataclass(frozen=True)
class Chunks:
    """The texts cut at spaces: per chunk of the stream its document, the start
    of its document's chunks and its code in ``distinct``."""

    doc: np.ndarray
    size: np.ndarray
    code: np.ndarray
    distinct: pa.Array

    @functools.cached_property
    def doc_start(self) -> np.ndarray:
        """Per chunk of the stream, the index of its document's first chunk."""
        return np.repeat(np.cumsum(self.size) - self.size, self.size)

    @classmethod
    def split(cls, texts: list[str]) -> Chunks:
        """Split and encode in pyarrow (C++)."""
        # 32-bit offsets (several times faster to build) while the bytes surely fit
        wide = sum(map(len, texts)) * 4 >= 2 ** 31
        lists = pc.split_pattern(pa.array(texts, type=pa.large_string() if wide else pa.string()), " ")
        size = pc.list_value_length(lists).to_numpy()
        encoded = pc.dictionary_encode(lists.flatten())
        return cls(np.repeat(np.arange(len(texts)), size), size,
                   encoded.indices.to_numpy().astype(np.int64), encoded.dictionary)

    def tokenize(self) -> tuple[np.ndarray, np.ndarray, pa.Array]:
        """NLTK tokens of the distinct chunks: chunk and type code per token, and the types.

        A chunk of letters only is one token, itself; a plain chunk (printable ASCII and
        placeholders) is tokenized by Arrow with :data:`_PLAIN_TOKEN`; the others in one
        pass of ``regex``, joined by spaces with a :data:`_CHUNK_END` token after each.
        That equals tokenizing every occurrence in its text with ``word_tokenizer()``:
        no token contains a space, and the pattern's only look-arounds (a dash between
        spaces) see the same space on either side of a chunk.
        """
        # A chunk of letters only (most of them) is one word token, itself: only the others are
        # run through the pattern ([^\W\d_] takes every character str.isalpha takes): in RE2
        # where they are plain (most), else by regex, the engine NLTK compiles it with.
        distinct = self.distinct
        letters = _is_alpha(distinct, pc.string_is_ascii(distinct).to_numpy(zero_copy_only=False))
        plain = pc.match_substring_regex(distinct, _PLAIN).to_numpy(zero_copy_only=False)
        words = np.flatnonzero(letters)
        passes = [_plain_tokens(distinct, np.flatnonzero(~letters & plain)),
                  _findall(distinct, np.flatnonzero(~letters & ~plain))]
        chunk = np.concatenate([words] + [found for found, _ in passes])
        tokens = pa.concat_arrays([distinct.take(words)] + [token for _, token in passes])
        order = np.argsort(chunk, kind="stable")  # the tokens in chunk order, as one pass gives them
        encoded = pc.dictionary_encode(tokens.take(order))
        return chunk[order], encoded.indices.to_numpy().astype(np.int64), encoded.dictionary


def _is_alpha(strings: pa.Array, ascii_: np.ndarray) -> np.ndarray:
    """``str.isalpha`` of each string (``ascii_``: whether it is ASCII): Arrow's test, and
    Python's on the non-ASCII strings Arrow takes (Arrow's newer Unicode tables have more
    letters)."""
    alpha = pc.utf8_is_alpha(strings).to_numpy(zero_copy_only=False)
    check = np.flatnonzero(alpha & ~ascii_)
    if len(check):
        alpha[check] = [s.isalpha() for s in strings.take(check).to_pylist()]
    return alpha


def _plain_tokens(distinct: pa.Array, chunks: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """The tokens of the plain ``chunks`` (indices into ``distinct``), found by RE2: each token
    is wrapped in U+0001 (a control character, never in a plain chunk), and the pieces between
    the U+0001 alternate: not a token, a token, ..., not a token."""
    # (at most 3 bytes out per character in: under 2**31 while Chunks.split keeps 32-bit offsets,
    # which it does below 2**29 characters)
    pieces = pc.split_pattern(pc.replace_substring_regex(
        distinct.take(chunks), pattern=_PLAIN_TOKEN, replacement="\x01\\0\x01"), "\x01")
    size = pc.list_value_length(pieces).to_numpy()  # 2 * tokens + 1
    flat = pieces.flatten()
    local = np.arange(len(flat)) - np.repeat(np.cumsum(size) - size, size)
    return np.repeat(chunks, size // 2), flat.filter(pa.array(local % 2 == 1))


def _findall(distinct: pa.Array, chunks: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """The tokens of the ``chunks`` (indices into ``distinct``) in one pass of NLTK's engine
    (:data:`_TOKEN_REGEX`): the chunk of each and the tokens."""
    joined = pc.binary_join(pa.ListArray.from_arrays(  # 64-bit offsets: each chunk gains a separator
        pa.array([0, len(chunks)], pa.int32()), distinct.take(chunks).cast(pa.large_string())),
        pa.scalar(f" {_CHUNK_END} ", pa.large_string()))
    found = pa.array(_TOKEN_REGEX.findall(f"{joined[0].as_py()} {_CHUNK_END} "), type=distinct.type)
    is_end = pc.equal(found, _CHUNK_END).to_numpy(zero_copy_only=False)
    return chunks[(np.cumsum(is_end) - is_end)[~is_end]], found.filter(pa.array(~is_end))


@dataclass(frozen=True)
class ChunkLayout:
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
              n_chunks: int) -> ChunkLayout:
        """From the tokens of the distinct chunks: their chunk (ascending), kind and
        vocabulary code (-1: not kept)."""
        is_break = kind == BREAK
        is_word = ~is_break
        chunk_start = _group_start(chunk, n_chunks)
        kept = is_word & (token >= 0)
        size = np.bincount(chunk[kept], minlength=n_chunks)
        return cls(words=np.bincount(chunk, weights=is_word, minlength=n_chunks).astype(np.int64),
                   breaks=np.bincount(chunk, weights=is_break, minlength=n_chunks).astype(np.int64),
                   start=np.cumsum(size) - size, size=size,
                   kept_token=token[kept], kept_actor=(kind == ACTOR)[kept],
                   kept_offset=_cumsum_before(is_word, chunk_start)[kept],
                   kept_breaks=_cumsum_before(is_break, chunk_start)[kept])

    def kept(self, chunks: Chunks) -> tuple[np.ndarray, np.ndarray]:
        """Per kept token (text order) its index into the ``kept_*`` arrays, and its
        chunk in the stream; no positions."""
        size = self.size[chunks.code]
        total = np.cumsum(size)
        kept = np.repeat(self.start[chunks.code] - (total - size), size) + np.arange(total[-1] if len(total) else 0)
        return kept, np.repeat(np.arange(len(size)), size)

    def stream(self, chunks: Chunks, positions: bool) -> tuple[np.ndarray, ...]:
        """Document, break count, word count (``positions`` only, else None) and token code
        of every kept token in text order. The counts run over the whole stream, not per
        document: only their differences between neighbours in a document mean anything."""
        code = chunks.code
        kept, at = self.kept(chunks)
        breaks = _cumsum_before(self.breaks[code], None)[at] + self.kept_breaks[kept]
        words = (_cumsum_before(self.words[code], None)[at] + self.kept_offset[kept]
                 if positions else None)
        return chunks.doc[at], breaks, words, self.kept_token[kept]

    def expand(self, chunks: Chunks, n_docs: int):
        """Document, position, sentence, token code and actor flag of every kept token."""
        code = chunks.code
        word_base = _cumsum_before(self.words[code], chunks.doc_start)
        break_base = _cumsum_before(self.breaks[code], chunks.doc_start)
        kept, at = self.kept(chunks)
        doc = chunks.doc[at]
        position = word_base[at] + self.kept_offset[kept]
        breaks = break_base[at] + self.kept_breaks[kept]
        new_sentence = np.zeros(len(kept), dtype=np.int64)
        new_sentence[1:] = (breaks[1:] != breaks[:-1]) & (doc[1:] == doc[:-1])
        sentence = np.cumsum(new_sentence)
        sentence -= sentence[_group_start(doc, n_docs)] if len(sentence) else 0
        return doc, position, sentence, self.kept_token[kept], self.kept_actor[kept]


def _group_start(group: np.ndarray, n_groups: int) -> np.ndarray:
    """For each element of an ascending ``group`` array, the index where its group starts."""
    size = np.bincount(group, minlength=n_groups)
    return np.repeat(np.cumsum(size) - size, size)


def _cumsum_before(values: np.ndarray, group_start: np.ndarray | None) -> np.ndarray:
    """Sum of ``values`` over the earlier elements of the same group (None: one group)."""
    before = np.cumsum(values, dtype=np.int64) - values
    return before - before[group_start] if len(before) and group_start is not None else before


# --------------------------------------------------------------------------- per distinct type

def type_table(types: pa.Array, *, stopwords: frozenset[str], stem: bool,
               keep_numbers: bool, keep_stopwords: bool, reduplication: str,
               apostrophe: str) -> pd.DataFrame:
    """Per distinct raw token: its output ``form``, ``kind`` and whether to ``keep`` it.

    Vectorised over the types; only stemming and reduplication run per word.
    """
    raw = pd.Series(types, dtype="str")
    first = raw.str.slice(0, 1)
    kind = np.select([first == ACTOR_OPEN, first.isin(_BREAK_START), first.str.isdecimal()],
                     [ACTOR, BREAK, NUMBER], WORD).astype(np.int8)
    is_word = kind == WORD
    word = raw.str.lower().str.replace("’", "'", regex=False)
    base = reduplication_base(word)
    is_stopword = _is_in(word, stopwords) | _is_in(base, stopwords)
    form = base if reduplication == "base" or stem else word
    if apostrophe == "drop":
        form = form.str.replace("'", "", regex=False)
    form = form.to_numpy(dtype=object)
    if stem:
        form[is_word] = [stem_word(w) for w in form[is_word]]
    actor_tokens = gazetteer().actors["token"].to_numpy(dtype=object)
    is_actor = kind == ACTOR
    form[is_actor] = actor_tokens[raw[is_actor].str.slice(1, -1).astype(int).to_numpy()]
    keep = (is_actor | ((kind == NUMBER) & keep_numbers)
            | (is_word & (keep_stopwords | ~is_stopword)))
    return pd.DataFrame({"form": pd.Series(form, dtype="str"), "kind": kind, "keep": keep})


def _is_in(words: pd.Series, vocabulary: frozenset[str]) -> np.ndarray:
    """``words.isin(vocabulary)`` as a numpy array, the vocabulary made an Arrow array once (pandas
    makes a scalar of each of its thousand words on every call)."""
    column = pa.array(words.array)
    return pc.is_in(column, value_set=_value_set(vocabulary, column.type)).to_numpy(zero_copy_only=False)


@functools.lru_cache(maxsize=8)
def _value_set(vocabulary: frozenset[str], kind: pa.DataType) -> pa.Array:
    return pa.array(sorted(vocabulary), type=kind)


def kept_vocabulary(form: pd.Series, keep: np.ndarray) -> tuple[pd.Index, np.ndarray]:
    """The sorted distinct kept forms, and per type its code in them (-1: not kept)."""
    forms = pa.array(form.array)
    vocabulary = pc.unique(pc.filter(forms, pa.array(keep)))
    vocabulary = vocabulary.take(pc.array_sort_indices(vocabulary))
    code = pc.index_in(forms, value_set=vocabulary).to_numpy(zero_copy_only=False)
    code = np.where(keep, np.nan_to_num(code, nan=-1), -1).astype(np.int64)
    return pd.Index(vocabulary, dtype="str"), code


def reduplication_base(words: pd.Series) -> pd.Series:
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
def stem_word(word: str) -> str:
    """Sastrawi's stem, or the word itself where Sastrawi would split it (``jum'at``)."""
    stemmed = _stemmer().stem(word)
    return stemmed if stemmed and " " not in stemmed else word


@functools.lru_cache(maxsize=1 << 12)
def is_common_word(word: str) -> bool:
    """Whether ``word`` is a word of Sastrawi's dictionary of Indonesian root words, or one made
    from such a root with affixes ("Kemaritiman" from *maritim*, "Kajian" from *kaji*): a common
    word, not a name ("Pratikno").

    >>> is_common_word("Kemaritiman"), is_common_word("Pratikno")
    (True, False)
    """
    return _stemmer().delegatedStemmer.dictionary.contains(stem_word(word.lower()))
