"""Tokens of the cleaned article text: the word lists (stopwords) and the tokenizer.

:func:`tokenize` turns the ``texts`` frame of the cleaning stage (one row per document with
``doc_id``, ``outlet`` ("" when unknown) and ``text``, body paragraphs joined by a blank line)
into the ``tokens`` frame every count is made from: one row per kept token with ``doc_id,
outlet, position, sentence, token, is_actor``.

Token conventions
-----------------
* **Actors first.** Every surface form in ``data/actors.yaml`` is replaced by one
  token before tokenising (longest form first, whole words; acronyms such as
  ``AS`` or ``RI`` only in upper case). The token is the canonical name
  lower-cased with spaces written ``_``: "AS" and "Amerika Serikat" ->
  ``amerika_serikat``, "Korut" -> ``korea_utara``, "Kim Jong-un" ->
  ``kim_jong_un``. Actor tokens are flagged ``is_actor`` and are never
  stopwords, never stemmed (see :mod:`analysis.actors`).
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
the *distinct* chunks (a chunk of letters only is its own token; in RE2 over the other
chunks of printable ASCII and actor placeholders, in NLTK's ``regex`` engine over the rest),
every per-word decision (case, stopword, stem, reduplication) is taken once per distinct type,
and the results are broadcast to the token stream with numpy
(``analysis/_tokenizer_engine.py``). No Python code runs per token (only a dictionary
look-up per actor mention). The ``doc_id``, ``outlet`` and ``token`` columns are
``Categorical`` (sorted categories), which keeps a token table of millions of rows small and makes
counting a ``bincount``. Counts that need no tokens table (``counts.count_words``,
``counts.count_texts``) skip the rows, positions and sentence numbers altogether;
``benchmarks/bench_terms.py`` compares the speed with scikit-learn's ``CountVectorizer``.

Example
-------
>>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
...                       "text": ["AS dan Korut membahas negara-negara lain."]})
>>> tokenize(texts).token.tolist()
['amerika_serikat', 'korea_utara', 'membahas', 'negara-negara']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd

from . import _tokenizer_engine as engine
from ._columns import as_texts, categorical, check_choice
from ._gazetteer import DATA_DIR, gazetteer, mark_texts
from .frames import require_columns
from ._tokenizer_engine import TOKEN_FLAGS, TOKEN_PATTERN

__all__ = ["TOKEN_PATTERN", "load_stopwords", "word_tokenizer", "tokenize", "stem_terms"]

_STOPWORDS_EXTRA_FILE = DATA_DIR / "stopwords_extra.txt"


# --------------------------------------------------------------------------- word lists

def load_stopwords(extra: Iterable[str] | str = ()) -> frozenset[str]:
    """The Indonesian stopwords.

    stopwordsiso's ``"id"`` list, plus ``data/stopwords_extra.txt`` (where a line ``!word``
    takes a word out of the list), plus ``extra``.

    Parameters
    ----------
    extra : iterable of str or str
        More stopwords: a list of words or one comma-separated string (case and
        surrounding spaces do not matter; ``’`` is read as ``'``).

    Returns
    -------
    frozenset of str
        The lower-cased stopwords.

    Examples
    --------
    >>> sorted(load_stopwords("Korea, senjata") - load_stopwords())
    ['korea', 'senjata']
    """
    return _base_stopwords() | frozenset(_word_list(extra))


@functools.cache
def _base_stopwords() -> frozenset[str]:
    import stopwordsiso  # imported lazily: it reads its word lists from the package

    words = set(_word_list(stopwordsiso.stopwords("id")))
    lines = [line.split("#", 1)[0].strip()
             for line in _STOPWORDS_EXTRA_FILE.read_text(encoding="utf-8").splitlines()]
    words.update(_word_list(w for w in lines if not w.startswith("!")))
    words.difference_update(_word_list(w[1:] for w in lines if w.startswith("!")))  # "!word": never a stopword
    return frozenset(words)


def _word_list(words: Iterable[str] | str) -> list[str]:
    if isinstance(words, str):
        words = words.split(",")
    return [w.strip().lower().replace("’", "'") for w in words if w and w.strip()]


# --------------------------------------------------------------------------- tokenizer

def word_tokenizer():
    """The NLTK tokenizer of this module (needs no downloaded data).

    :func:`tokenize` applies its pattern once per distinct space-separated
    chunk of text, which gives exactly the tokens of
    ``word_tokenizer().tokenize(text)`` (tested), only faster.

    Returns
    -------
    nltk.tokenize.RegexpTokenizer
        The tokenizer on :data:`TOKEN_PATTERN` (words, numbers, actor placeholders and
        sentence breaks, before any lower-casing or filtering).

    Examples
    --------
    >>> word_tokenizer().tokenize("Negara-negara, Jum'at 1.000 kontainer.")
    ['Negara-negara', "Jum'at", '1.000', 'kontainer', '.']
    """
    from .lazy_imports import import_module  # NLTK itself is imported only where it is used

    return import_module("nltk.tokenize").RegexpTokenizer(TOKEN_PATTERN, flags=TOKEN_FLAGS)


def tokenize(texts: pd.DataFrame, *, stem: bool = False,
             extra_stopwords: Iterable[str] | str = (), keep_numbers: bool = False,
             keep_stopwords: bool = False, reduplication: str = "keep",
             apostrophe: str = "keep") -> pd.DataFrame:
    """The tokens of each document, after the conventions of this module's docstring.

    Parameters
    ----------
    texts : pandas.DataFrame
        One row per document: ``doc_id`` (unique), ``text`` and optionally ``outlet``
        (missing or NaN: ""); a NaN text is empty.
    stem : bool
        Stem words with Sastrawi (actor tokens are never stemmed).
    extra_stopwords : iterable of str or str
        Stopwords besides :func:`load_stopwords`'s (a list or a comma-separated string).
    keep_numbers, keep_stopwords : bool
        Keep number tokens / stopwords (both dropped by default).
    reduplication : {"keep", "base"}
        ``"keep"`` writes ``negara-negara``, ``"base"`` writes ``negara``.
    apostrophe : {"keep", "drop"}
        ``"keep"`` writes ``jum'at``, ``"drop"`` writes ``jumat``.

    Returns
    -------
    pandas.DataFrame
        One row per kept token, in text order: ``doc_id, outlet`` (categoricals), ``position``
        (0-based within the document among word, number and actor tokens before filtering),
        ``sentence`` (0-based number of the segment between sentence breaks), ``token``
        (categorical with sorted categories) and ``is_actor``.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""], "text": [
    ...     "Pada Jum'at, Korea Utara mengirim 1.000 kontainer-kontainer."]})
    >>> tokenize(texts, reduplication="base", keep_numbers=True).token.tolist()
    ["jum'at", 'korea_utara', 'mengirim', '1.000', 'kontainer']
    """
    texts = as_texts(texts, "tokenize")
    chunks, layout, vocabulary = tokenized(
        texts, stem=stem, extra_stopwords=extra_stopwords, keep_numbers=keep_numbers,
        keep_stopwords=keep_stopwords, reduplication=reduplication, apostrophe=apostrophe)
    doc, position, sentence, token, is_actor = layout.expand(chunks, len(texts))
    return pd.DataFrame({
        "doc_id": categorical(texts["doc_id"], doc),
        "outlet": categorical(texts["outlet"], doc),
        "position": position,
        "sentence": sentence,
        "token": pd.Categorical.from_codes(token, categories=vocabulary),
        "is_actor": is_actor,
    })


def tokenized(texts: pd.DataFrame, *, stem: bool, extra_stopwords: Iterable[str] | str,
              keep_numbers: bool, keep_stopwords: bool, reduplication: str,
              apostrophe: str) -> tuple[engine.Chunks, engine.ChunkLayout, pd.Index]:
    """The tokens of ``texts`` (``as_texts``) before they are laid out as rows: the chunks,
    their layout and the vocabulary (sorted kept forms) the layout's token codes index.

    Private to the package (not in ``__all__``): :func:`tokenize` and
    ``counts.count_texts`` share it.
    """
    check_choice("reduplication", reduplication, ("keep", "base"))
    check_choice("apostrophe", apostrophe, ("keep", "drop"))
    chunks = engine.Chunks.split(mark_texts(texts["text"].tolist()))
    chunk, type_code, types = chunks.tokenize()
    table = engine.type_table(types, stopwords=load_stopwords(extra_stopwords), stem=stem,
                              keep_numbers=keep_numbers, keep_stopwords=keep_stopwords,
                              reduplication=reduplication, apostrophe=apostrophe)
    vocabulary, token_code = engine.kept_vocabulary(table["form"], table["keep"].to_numpy())
    layout = engine.ChunkLayout.build(chunk, table["kind"].to_numpy()[type_code],
                                      token_code[type_code], len(chunks.distinct))
    return chunks, layout, vocabulary


def stem_terms(terms: pd.DataFrame, max_forms: int = 5) -> pd.DataFrame:
    """Counts of unstemmed terms summed by their Sastrawi stem: what ``stem=True`` makes of them.

    Each word is stemmed as :func:`tokenize` stems it (a full reduplication from its base,
    Sastrawi once per word); actor tokens and numbers are their own stems. The work grows with
    the rows given, not with the corpus: give the most frequent terms of a large corpus
    (``term_table.head(5000)``, as notebook 03 does) to see which forms stemming merges.

    Parameters
    ----------
    terms : pandas.DataFrame
        ``term`` (unstemmed, as counted with ``stem=False``) and ``count``, one row per term.
    max_forms : int
        Most forms listed per stem (the most frequent first).

    Returns
    -------
    pandas.DataFrame
        ``term`` (the stem), ``count`` (summed), ``forms`` (how many terms it merges) and
        ``merged`` (up to ``max_forms`` of them, comma-separated), by count (descending), then
        stem.

    Examples
    --------
    >>> words = pd.DataFrame({"term": ["pernyataan", "korea_utara", "menyatakan", "negara-negara"],
    ...                       "count": [10, 8, 3, 2]})
    >>> stem_terms(words).values.tolist()
    [['nyata', 13, 2, 'pernyataan, menyatakan'], ['korea_utara', 8, 1, 'korea_utara'], \
['negara', 2, 1, 'negara-negara']]
    """
    require_columns(terms, ["term", "count"], "stem_terms", "terms")
    if isinstance(max_forms, bool) or not isinstance(max_forms, int) or max_forms < 1:
        raise ValueError(f"stem_terms: max_forms must be a positive integer, not {max_forms!r}")
    term = terms["term"].astype("str").reset_index(drop=True)
    own = term.isin(gazetteer().actors["token"]) | term.str.slice(0, 1).str.isdecimal()
    stems = term.to_numpy(dtype=object)
    words = engine.reduplication_base(term[~own])
    stems[~own.to_numpy()] = [engine.stem_word(w) for w in words]
    table = pd.DataFrame({"term": pd.Series(stems, dtype="str"), "count": terms["count"].to_numpy(),
                          "form": term})
    table = table.sort_values(["count", "form"], ascending=[False, True], kind="stable")
    grouped = table.groupby("term", sort=False)
    out = pd.DataFrame({"count": grouped["count"].sum(), "forms": grouped.size(),
                        "merged": grouped["form"].agg(lambda f: ", ".join(f.iloc[:max_forms]))}).reset_index()
    return out.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
