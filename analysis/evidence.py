"""Evidence that a line is article text, from what the line is and where it stands.

The cleaner (:mod:`analysis.clean`) first labels the lines that a rule recognises (site
furniture, captions, bylines, credits, repeats). This module judges the lines no rule
claimed, the way jusText judges paragraphs (Pomikálek 2011), adapted to lines of
Indonesian news pages:

1. **Line class** from the line's own features (:func:`line_features`): its length, the
   share of Indonesian function words (stopword density: prose is full of *yang, di,
   dan, itu*; menus, headlines and names are not), sentence punctuation, the share of
   capitalised words (menus and headlines are Title Case), and menu marks (``|``, ``»``,
   URLs, handles). Classes: ``good`` (a prose paragraph), ``neargood``, ``short`` and
   ``bad`` (menu items, teaser headlines, names).
2. **Context** (jusText's revision step): ``short`` and ``neargood`` lines take the class
   of the nearest judged lines around them, so an intertitle or a one-line paragraph
   between paragraphs is article, and a name between menu items is not. What a rule
   claimed inside an article (a caption, an ad, a promo, a repeat) is skipped over, so
   it does not cut the article; page furniture, bylines and date lines count as
   non-article neighbours (the cleaner passes which is which). A sentence an export broke
   over several lines is judged as one paragraph (``line_features`` with ``doc``).
3. **Runs**: the article is the run of ``good`` lines; a stretch of
   ``structure.gap_lines`` or more unclaimed non-article lines (a menu, a teaser list)
   separates runs, and only runs holding at least ``structure.keep_run_share`` of the
   largest run's words are kept. Prose in a footer or a teaser list far from the
   article is thus not article, wherever the article stands on the page.

Thresholds live in ``data/furniture.yaml`` (``structure``); nothing depends on a page's
outlet or on a line's position from the top.

>>> feats = line_features(pd.Series(["Beranda", "Korea Utara Kirim Peluru ke Rusia",
...     "Menurut dia, pengiriman itu sudah dilakukan sejak bulan lalu dan akan terus berlanjut."]))
>>> feats[["words", "ends_sentence", "headline_like"]].to_numpy().tolist()
[[1, False, False], [6, False, True], [13, True, False]]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .re2 import split_distinct, to_arrow

__all__ = ["line_features", "classify", "revise", "runs", "CLASSES"]

#: Characters of a line whose words give its function-word and capital shares (a longer line is
#: judged by its first and last halves of them: a paragraph's opening names and a trailing
#: credit weigh on a short sample as they do not on the whole).
SAMPLE_CHARS = 1000
#: Line classes, as in jusText.
CLASSES = ("good", "neargood", "short", "bad")

_TOKEN_SPLIT = r"[^\p{L}\p{N}'’-]+"
_ENDS_SENTENCE = r"[.!?…:;\"”’)]\s*$"
_MENU_MARK = r"(\s[|»›•·]\s|^[|»›•·]|[|»›•·]$|https?://|www\.|\S@\S|^@\w|\s@\w)"


@lru_cache(maxsize=1)
def _stopwords() -> pa.Array:
    from .tokens import load_stopwords  # the Indonesian list the term counts use

    return pa.array(sorted(load_stopwords()), type=pa.large_string())


def line_features(plain: pd.Series, doc: pd.Series | None = None, headline_max_words: int = 30) -> pd.DataFrame:
    """Features of each (normalised) line, computed over the whole column at once.

    Parameters
    ----------
    plain : Series of str
        Lines as normalised by :func:`analysis.text.normalise_text` (one space between
        words, ends stripped).
    doc : Series, optional
        Document of each line (lines in page order). With it, a sentence broken over
        several lines (an export that put every link of a paragraph on a line of its own:
        "... menyetujui pembagian" / "dividen" / "senilai Rp 1,22 triliun ...") is judged
        as one paragraph: a line that starts with a small letter after a line that does
        not end a sentence continues it, and every line of the paragraph gets the
        paragraph's length, function-word share and ending.
    headline_max_words : int
        A longer line is a paragraph, never ``headline_like``.

    Returns
    -------
    DataFrame aligned with ``plain``: ``words`` (whitespace tokens), ``chars``,
    ``stop_density`` (share of word tokens that are Indonesian function words),
    ``cap_share`` (share of word tokens starting with a capital; both over the first and
    last ``SAMPLE_CHARS / 2`` characters of a longer line), ``ends_sentence``
    (ends in sentence punctuation or a closing quote), ``full_sentence`` (ends in a full
    stop, question or exclamation mark, perhaps before a closing quote), ``menu_mark``
    (separators such as `` | `` or ``»``, URLs, handles), ``headline_like`` (four to
    ``headline_max_words`` words, Title Case, no sentence punctuation at the end: a headline or
    a teaser). Commas and spaces at the end of a line (left where an export dropped its links)
    do not hide the sentence punctuation before them.

    Example
    -------
    >>> line_features(pd.Series(["Jakarta | Nasional | Dunia"]))["menu_mark"].tolist()
    [True]
    """
    if not isinstance(plain, pd.Series):
        raise TypeError("line_features: plain must be a pandas Series of str")
    n = len(plain)
    col = to_arrow(plain)
    chars = pc.utf8_length(col).to_numpy(zero_copy_only=False).astype(np.int64)
    spaces = pc.count_substring(col, " ").to_numpy(zero_copy_only=False)
    words = np.where(chars > 0, spaces + 1, 0).astype(np.int64)
    sample = _sample(col)
    n_word, n_cap, n_stop = _word_counts(sample, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        stop_density = np.where(n_word > 0, n_stop / np.maximum(n_word, 1), 0.0)
        cap_share = np.where(n_word > 0, n_cap / np.maximum(n_word, 1), 0.0)

    # lines are stripped: the ending is in the last characters, before any trailing commas
    tail = pc.utf8_slice_codeunits(pc.utf8_rtrim(col, characters=", "), -4)
    ends = pc.match_substring_regex(tail, _ENDS_SENTENCE).to_numpy(zero_copy_only=False)
    full = pc.match_substring_regex(tail, r"[.!?…][\"”’)]*\s*$").to_numpy(zero_copy_only=False)
    menu = pc.match_substring_regex(sample, _MENU_MARK).to_numpy(zero_copy_only=False)
    headline = (words >= 4) & (words <= headline_max_words) & ~ends & (cap_share >= 0.6)
    out = pd.DataFrame({"words": words, "chars": chars, "stop_density": stop_density,
                        "cap_share": cap_share, "ends_sentence": ends, "full_sentence": full,
                        "menu_mark": menu, "headline_like": headline}, index=plain.index)
    if doc is not None and n:
        lower = pc.utf8_is_lower(pc.utf8_slice_codeunits(col, 0, 1)).to_numpy(zero_copy_only=False)
        _join_broken_sentences(out, doc, lower, n_word, n_stop, n_cap)
    return out


def _sample(col: pa.Array) -> pa.Array:
    """The first and last ``SAMPLE_CHARS / 2`` characters of a longer line: as telling as the whole
    paragraph (a promo glued to its start does not decide), and a line of megabytes costs no
    more than a paragraph."""
    half = SAMPLE_CHARS // 2
    return pc.if_else(pc.less_equal(pc.utf8_length(col), SAMPLE_CHARS), col, pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(col, 0, half), pc.utf8_slice_codeunits(col, -half), pa.scalar(" ", pa.large_string())))


def _word_counts(sample: pa.Array, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: word tokens, capitalised ones and Indonesian function words (each distinct
    piece between spaces tokenised and judged once: ``re2.split_distinct``)."""
    pieces = split_distinct(sample, _TOKEN_SPLIT)
    flat = pc.list_flatten(pieces.words)
    first = pc.utf8_slice_codeunits(flat, 0, 1)
    is_word = pc.utf8_is_alpha(first).to_numpy(zero_copy_only=False)
    is_cap = pc.utf8_is_upper(first).to_numpy(zero_copy_only=False) & is_word
    is_stop = pc.is_in(pc.utf8_lower(flat), value_set=_stopwords()).to_numpy(zero_copy_only=False) & is_word
    return pieces.count(is_word, n), pieces.count(is_cap, n), pieces.count(is_stop, n)


def _join_broken_sentences(out: pd.DataFrame, doc: pd.Series, lower: np.ndarray, n_word, n_stop, n_cap) -> None:
    """Give the lines of a sentence broken over several lines the features of the whole."""
    d = doc.to_numpy()
    same_doc = np.r_[False, d[1:] == d[:-1]]
    ends = out["full_sentence"].to_numpy()
    cont = same_doc & lower & ~np.r_[True, ends[:-1]] & ~out["menu_mark"].to_numpy()
    if not cont.any():
        return
    group = np.cumsum(~cont)
    size = np.bincount(group)[group]
    joined = size > 1
    if not joined.any():
        return
    g = group[joined]
    sums = {k: np.bincount(group, weights=v)[g] for k, v in
            (("words", out["words"].to_numpy()), ("chars", out["chars"].to_numpy() + 1),
             ("n_word", n_word), ("n_stop", n_stop), ("n_cap", n_cap))}
    last = np.zeros(group.max() + 1, dtype=np.int64)
    last[group] = np.arange(len(group))  # the last line of each group (lines in order)
    out.loc[joined, "words"] = sums["words"].astype(np.int64)
    out.loc[joined, "chars"] = (sums["chars"] - 1).astype(np.int64)
    out.loc[joined, "stop_density"] = sums["n_stop"] / np.maximum(sums["n_word"], 1)
    out.loc[joined, "cap_share"] = sums["n_cap"] / np.maximum(sums["n_word"], 1)
    for col in ("ends_sentence", "full_sentence"):
        out.loc[joined, col] = out[col].to_numpy()[last[g]]
    out.loc[joined, "headline_like"] = False


def classify(features: pd.DataFrame, structure: dict, doc: pd.Series | None = None) -> np.ndarray:
    """jusText's context-free class of each line (``good, neargood, short, bad``).

    Parameters
    ----------
    features : DataFrame
        As returned by :func:`line_features`.
    structure : dict
        The thresholds (``furniture.yaml`` ``structure``): ``length_low``,
        ``length_high`` (characters), ``stopwords_low``, ``stopwords_high``.
    doc : Series, optional
        Document of each line. A document with no ``good`` line at all (a page in another
        language, kept with ``languages="any"``, has no Indonesian function words) has its
        sentences of ``length_low`` characters or more judged ``good`` instead.

    Returns
    -------
    ndarray of str, one class per line.

    Example
    -------
    >>> s = {"length_low": 70, "length_high": 200, "stopwords_low": 0.25, "stopwords_high": 0.3}
    >>> classify(line_features(pd.Series(["Beranda", "Dia mengatakan bahwa harga itu akan naik "
    ...                                   "pada bulan depan karena permintaan yang terus meningkat."])), s).tolist()
    ['short', 'neargood']
    """
    missing = [c for c in ("words", "chars", "stop_density", "ends_sentence", "full_sentence", "menu_mark",
                         "headline_like")
               if c not in features]
    if missing:
        raise KeyError(f"classify: features lack column(s) {', '.join(missing)}")
    chars = features["chars"].to_numpy()
    density = features["stop_density"].to_numpy()
    ends = features["ends_sentence"].to_numpy()
    low, high = float(structure["stopwords_low"]), float(structure["stopwords_high"])
    short = chars < int(structure["length_low"])
    # a short sentence of prose ("Kata dia, semua sudah siap.") is borderline, not short
    short &= ~(features["full_sentence"].to_numpy() & (density >= high) & (features["words"].to_numpy() >= 6))
    bad = (features["menu_mark"].to_numpy() & (features["words"].to_numpy() < 25)) | features["headline_like"].to_numpy()
    good = (chars >= int(structure["length_high"])) & (density >= high)
    # a full sentence of some length with prose density counts as a paragraph too
    good |= ends & (density >= high) & (chars >= 2 * int(structure["length_low"]))
    # a sentence of six words or more (full stop, question or exclamation mark) is at least
    # borderline, however many names it holds: menus and headlines do not end that way
    near = (density >= low) | (features["full_sentence"].to_numpy() & (features["words"].to_numpy() >= 6))
    if doc is not None:
        sentence = features["full_sentence"].to_numpy() & ~short & ~bad
        has_good = pd.Series(good, index=doc.index).groupby(doc, sort=False).transform("any").to_numpy()
        good |= ~has_good & sentence
    out = np.select([bad & ~good, short, good, near], ["bad", "short", "good", "neargood"], "bad")
    return out.astype(object)


def _neighbour(cls: pd.Series, doc: pd.Series, step: int) -> pd.Series:
    """The class of the nearest judged line before (``step=1``) or after (``step=-1``) each
    line in the same document (``bad`` at the page's ends); ``cls`` is NaN where a line
    is skipped."""
    shifted = cls.groupby(doc, sort=False).shift(step)
    filled = shifted.groupby(doc, sort=False).ffill() if step > 0 else shifted.groupby(doc, sort=False).bfill()
    return filled.fillna("bad")


def revise(classes: np.ndarray, doc: pd.Series, transparent: np.ndarray,
           intertitle: np.ndarray | None = None) -> np.ndarray:
    """jusText's context step: ``short`` and ``neargood`` lines take the class of their
    surroundings; ``transparent`` lines (claimed by a rule) are skipped over.

    Parameters
    ----------
    classes : ndarray of str
        From :func:`classify`.
    doc : Series
        Document of each line (lines in page order within a document).
    transparent : ndarray of bool
        Lines not judged here (a rule labelled them); they neither take nor give a class.
    intertitle : ndarray of bool, optional
        ``bad`` lines that may be intertitles (short headlines): they become ``good``
        between two ``good`` lines.

    Returns
    -------
    ndarray of ``good`` / ``bad`` (``""`` on transparent lines).

    Example
    -------
    >>> revise(np.array(["good", "short", "good", "short", "bad"], dtype=object),
    ...        pd.Series([0] * 5), np.zeros(5, dtype=bool)).tolist()
    ['good', 'good', 'good', 'bad', 'bad']
    """
    cls = pd.Series(np.where(transparent, None, classes), index=doc.index, dtype=object)
    firm = cls.where(cls.isin(["good", "bad"]))
    firm_or_near = cls.where(cls.isin(["good", "bad", "neargood"]))
    prev, nxt = _neighbour(firm, doc, 1), _neighbour(firm, doc, -1)
    prev_near, next_near = _neighbour(firm_or_near, doc, 1), _neighbour(firm_or_near, doc, -1)

    short = cls.eq("short")
    short_good = ((prev.eq("good") & nxt.eq("good"))
                  | (~(prev.eq("bad") & nxt.eq("bad"))
                     & ((prev.eq("bad") & prev_near.eq("neargood")) | (nxt.eq("bad") & next_near.eq("neargood")))))
    near = cls.eq("neargood")
    near_good = ~(prev.eq("bad") & nxt.eq("bad"))
    out = cls.copy()
    if intertitle is not None:
        # a short headline between two paragraphs is an intertitle (a related-article link
        # is longer, or comes in a list, or under a "Baca juga")
        title = pd.Series(intertitle, index=doc.index) & cls.eq("bad")
        out[title] = np.where((prev.eq("good") & nxt.eq("good"))[title], "good", "bad")
    out[short] = np.where(short_good[short], "good", "bad")
    out[near] = np.where(near_good[near], "good", "bad")
    return out.fillna("").to_numpy(dtype=object)


def runs(good: np.ndarray, gap: np.ndarray, words: np.ndarray, doc: pd.Series, structure: dict) -> np.ndarray:
    """Which ``good`` lines belong to the article's runs.

    A run is a stretch of ``good`` lines; ``structure.gap_lines`` or more ``gap`` lines
    (non-article lines no rule recognised as in-article furniture) between two good
    lines start a new run. The largest run (in words) is the article; other runs are
    kept when they hold at least ``structure.keep_run_share`` of its words.

    Parameters
    ----------
    good, gap : ndarray of bool
        Article lines, and lines that separate runs.
    words : ndarray of int
        Words per line.
    doc : Series
        Document of each line (lines in page order within a document).
    structure : dict
        ``gap_lines`` and ``keep_run_share``.

    Returns
    -------
    ndarray of bool: the good lines kept.

    Example
    -------
    >>> good = np.array([True, False, False, True, True])
    >>> runs(good, ~good, np.array([30, 1, 1, 5, 5]), pd.Series([0] * 5),
    ...      {"gap_lines": 2, "keep_run_share": 0.5}).tolist()
    [True, False, False, False, False]
    """
    index = doc.index
    g = pd.Series(gap.astype(np.int64), index=index)
    gaps_so_far = g.groupby(doc, sort=False).cumsum()
    # gap lines since the previous good line, at every good line
    at_good = gaps_so_far.where(good)
    prev_at_good = at_good.groupby(doc, sort=False).shift(1).groupby(doc, sort=False).ffill()
    since = (gaps_so_far - prev_at_good).where(good)
    starts = pd.Series(good & (since.isna() | since.ge(int(structure["gap_lines"]))).to_numpy(), index=index)
    run = starts.groupby(doc, sort=False).cumsum()
    w = pd.Series(np.where(good, words, 0), index=index)
    run_words = w.groupby([doc, run], sort=False).transform("sum")
    largest = run_words.where(good).groupby(doc, sort=False).transform("max")
    keep = good & (run_words >= float(structure["keep_run_share"]) * largest).to_numpy()
    return np.asarray(keep, dtype=bool)
