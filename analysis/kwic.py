"""Keyword in context: every match of an actor or a word in the cleaned text, with its context.

An actor query finds exactly the mentions the gazetteer finds (and :func:`analysis.actors.
actor_counts` counts); any other query is a word or phrase matched case-insensitively as whole
words. The context is cut at the paragraph and bounded per match (see
:data:`CONTEXT_CHARS_PER_WORD`).
"""

from __future__ import annotations

import re

import pandas as pd

from ._columns import as_texts, sorted_rows
from ._gazetteer import SPACE, gazetteer

__all__ = ["kwic", "CONTEXT_CHARS_PER_WORD"]

#: KWIC context is looked for within this many characters per word of window on each side, so
#: that the work per match is bounded however long the paragraph (a page of one 50 MB line).
CONTEXT_CHARS_PER_WORD = 64


def kwic(texts: pd.DataFrame, query: str, window: int = 8) -> pd.DataFrame:
    """Every match of ``query`` in the cleaned text, with the words around it.

    Parameters
    ----------
    texts : pandas.DataFrame
        One row per document: ``doc_id`` (unique) and ``text``.
    query : str
        An actor (any surface form, the canonical name or its token: "Korut", "Korea
        Utara", "korea_utara" all find every mention of Korea Utara) or else a word or
        phrase matched case-insensitively as whole words, where ``*`` stands for any
        letters ("senjata*").
    window : int
        Words of context on each side (>= 0).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, left, match, right``: ``left``/``right`` hold up to ``window``
        whitespace-separated words of the same paragraph. Rows are sorted by ``doc_id`` and
        position in the text.

    Examples
    --------
    >>> texts = pd.DataFrame({"doc_id": ["a"], "outlet": [""],
    ...     "text": ["Rusia membeli senjata dari Korut.\\n\\nKorea Utara membantah."]})
    >>> kwic(texts, "korea_utara", window=2).values.tolist()
    [['a', 'senjata dari', 'Korut', '.'], ['a', '', 'Korea Utara', 'membantah.']]
    """
    texts = as_texts(texts, "kwic")
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    matches = _query_matcher(query)
    rows = [(doc_id, start, *_context(text, start, end, window))
            for doc_id, text in zip(texts["doc_id"], texts["text"])
            for start, end in matches(text)]
    out = pd.DataFrame(rows, columns=["doc_id", "start", "left", "match", "right"])
    out = out.astype({"doc_id": "str", "left": "str", "match": "str", "right": "str"})
    return sorted_rows(out, ["doc_id", "start"], [True, True]).drop(columns="start")


def _query_matcher(query: str):
    """A function text -> [(start, end)] for an actor or a word/phrase query."""
    query = " ".join(str(query).split())
    if not query:
        raise ValueError("empty query")
    compiled = gazetteer()
    actor = compiled.by_name.get(query.casefold())
    if actor is not None:
        return lambda text: [m.span() for m in compiled.regex.finditer(text)
                             if compiled.actor_id(m.group()) == actor]
    words = [re.escape(w).replace(r"\*", r"\w*") for w in query.split(" ")]
    pattern = re.compile(rf"(?<!\w){SPACE.join(words)}(?!\w)", re.IGNORECASE)
    return lambda text: [m.span() for m in pattern.finditer(text)]


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """Up to ``window`` words left and right of ``text[start:end]`` within its paragraph."""
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
