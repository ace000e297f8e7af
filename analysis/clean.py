"""Label every line of a scraped news page and keep the article body.

Scraped pages carry much more than the article: ads, font-size buttons, photo captions
(often twice), bylines, "Baca juga" promos, related-article lists, and sometimes the
whole article pasted twice. This stage gives **every non-blank raw line** exactly one
label and a human-readable reason, and builds the cleaned text from the ``body`` lines.

Labels (as in the seeds gold): ``title, dek, byline, dateline, caption, body,
duplicate, credit, boilerplate``. ``dateline`` is a *publication date line*
("Rabu, 10 Januari 2024 11:25 WIB"); the news dateline that opens the article
("Bisnis.com, JAKARTA -", "Jakarta (ANTARA) -") is called a *body opener* here and its
line is ``body``.

How lines are labelled: successive vectorised passes over the lines column, each pass
touching only still-unlabelled lines and recording which rule fired, in this order of
precedence:

1. site furniture: the generic patterns of ``data/furniture.yaml`` (ads, share calls,
   font controls, promos, subscription calls, navigation, relative time stamps, ...),
   then the outlet profiles' own ``furniture`` (``data/outlets.yaml``);
2. everything from the article-end marker on ("Berita terkait", "Tags", ...) once the
   body has started;
3. repeats inside the page (exact, or near-exact: the same caption with or without its
   photo credit), compared after normalisation; the first occurrence keeps its label;
4. line cues: bylines, publication date lines, captions (a trailing photo credit),
   credits (editor initials, wire names, "Sumber:" lines, syndication notices);
5. lines repeated across many pages of one outlet (:func:`repeated_across_pages`);
6. headlines promoted under a "Baca juga:" heading standing alone on its line;
7. evidence for every line no rule claimed (:mod:`analysis.evidence`): a jusText-style
   class from the line's own features (length, share of Indonesian function words,
   sentence punctuation, capitals, menu marks), revised by its neighbours; the article
   is the run of article lines, wherever it stands on the page (a menu or teaser list of
   ``gap_lines`` lines separates runs; small runs far from the article are not article);
8. structure from that evidence: a body-opening dateline on an article line starts the
   body (article lines before it are deks); the title is a line matching the title given
   as metadata, else a headline-like line just above the article (a page title ending in
   the site's name, with the headline repeated below it, is the title and the headline
   its repeat), never a guess when there is no article; the article end marker and a
   closing byline/credit end it (after the credit only prose paragraphs stay body).

Every line keeps a human-readable reason: the rule that claimed it, or the evidence
("not article: menu-like line", "body: paragraph in the article's run").
No rule is keyed to one page or one line number: patterns live in YAML, thresholds in
``furniture.yaml`` ``structure``.

>>> docs = pd.DataFrame({"doc_id": ["a"], "text": [
...     "Advertisement\\nKorut Kirim Amunisi ke Rusia\\n\\nSEOUL - Korea Utara telah mengirim "
...     "lebih dari satu juta peluru artileri ke Rusia.\\nBaca juga: Kim Bertemu Putin\\n(ian)"]})
>>> label_lines(docs)[["line_no", "label", "reason"]].to_numpy().tolist()  # doctest: +NORMALIZE_WHITESPACE
[[1, 'boilerplate', 'furniture: generic ad'],
 [2, 'title', 'title: headline-like line before the article'],
 [4, 'body', "body: opens with dateline 'SEOUL -'"],
 [5, 'boilerplate', 'furniture: generic promo link'],
 [6, 'credit', 'credit: editor initials']]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import evidence
from .cleaning_rules import CleaningRules, cleaning_rules
from .corpus import PROBLEM_COLUMNS, split_lines
from .re2 import Rx
from .re2 import to_arrow as _arrow
from .re2 import to_series as _series
from .text import normalise_text

__all__ = [
    "LABELS", "LINE_COLUMNS", "TEXT_COLUMNS",
    "label_lines", "titles", "clean_texts", "normalise_text", "repeated_across_pages",
    "no_body_problems", "score", "compare_with_gold", "cleaning_rules", "CleaningRules", "Rx",
]

LABELS = ("title", "dek", "byline", "dateline", "caption", "body", "duplicate", "credit", "boilerplate")
#: Columns of :func:`label_lines`.
LINE_COLUMNS = ["doc_id", "line_no", "label", "reason", "text"]
#: Columns of :func:`clean_texts`.
TEXT_COLUMNS = ["doc_id", "outlet", "text", "n_body_lines", "n_body_words"]


# --------------------------------------------------------------------------- helpers

class _Labels:
    """Label and reason columns filled by successive passes; a pass never overwrites."""

    def __init__(self, n: int):
        self.label = np.full(n, "", dtype=object)
        self.reason = np.full(n, "", dtype=object)

    @property
    def free(self) -> np.ndarray:
        return self.label == ""

    def set(self, mask, label: str, reason) -> None:
        m = np.asarray(mask, dtype=bool) & self.free
        if not m.any():
            return
        self.label[m] = label
        self.reason[m] = reason.to_numpy(dtype=object)[m] if isinstance(reason, pd.Series) else reason


def _first_line(f: pd.DataFrame, mask) -> pd.Series:
    """Per row: the line number of the first line of its document where ``mask`` holds
    (``inf`` when none)."""
    return f["line_no"].where(mask).groupby(f["doc"], sort=False).transform("min").fillna(np.inf)


def _first_value(f: pd.DataFrame, mask, values: pd.Series) -> pd.Series:
    """Per row: ``values`` at the first line of its document where ``mask`` holds."""
    return values.where(mask).groupby(f["doc"], sort=False).transform("first")


def _extract(col: pa.Array, rows: np.ndarray, rx: Rx, group: str) -> pd.Series:
    """The named ``group`` of ``rx`` in the ``rows`` lines of ``col`` ("" elsewhere)."""
    out = np.full(len(col), "", dtype=object)
    if rows.any():
        found = pc.struct_field(pc.extract_regex(col.filter(pa.array(rows)), rx.re2), group)
        out[rows] = found.fill_null("").to_numpy(zero_copy_only=False)
    return pd.Series(out, dtype="str")


def _quote(s: pd.Series) -> pd.Series:
    return "'" + s.astype("str").str.slice(0, 60) + "'"


def _documents(documents: pd.DataFrame) -> pd.DataFrame:
    docs = documents.reset_index(drop=True)
    out = pd.DataFrame({"doc_id": docs["doc_id"].astype("str")})
    for col in ("outlet", "title", "source_file"):
        values = docs[col] if col in docs else pd.Series("", index=docs.index)
        out[col] = values.astype(object).where(values.notna(), "").astype("str")
    text = docs["text"].astype(object).where(docs["text"].notna(), "").astype("str")
    out["text"] = text.str.lstrip("\ufeff").str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    return out


def _lines(docs: pd.DataFrame) -> pd.DataFrame:
    """Non-blank lines with the features the passes use."""
    lines = split_lines(docs[["doc_id", "text"]])
    lines = lines[lines["text"].astype("str").str.strip().ne("")].reset_index(drop=True)
    lines["text"] = lines["text"].astype("str")
    lines["doc"] = pd.Series(pd.factorize(lines["doc_id"])[0], index=lines.index)
    by_id = docs.drop_duplicates("doc_id").set_index("doc_id")
    lines["outlet"] = lines["doc_id"].map(by_id["outlet"]).fillna("").astype("str")
    lines["plain"] = normalise_text(lines["text"])
    lines["key"] = lines["plain"].str.casefold()
    column = _arrow(lines["plain"])
    spaces = pc.count_substring(column, " ").to_numpy(zero_copy_only=False)
    lines["words"] = np.where(pc.utf8_length(column).to_numpy(zero_copy_only=False) > 0, spaces + 1, 0)
    title_key = normalise_text(by_id["title"]).str.casefold()
    lines["title_key"] = lines["doc_id"].map(title_key).fillna("").astype("str")
    return lines


# --------------------------------------------------------------------------- cross-page repeats

def _cross_page(key: pd.Series, outlet: pd.Series, page: pd.Series, structure: dict) -> pd.Series:
    min_docs, share = int(structure["cross_page_min_docs"]), float(structure["cross_page_share"])
    frame = pd.DataFrame({"key": key, "outlet": outlet, "page": page})
    known = frame["outlet"].ne("") & frame["key"].ne("")
    reasons = pd.Series("", index=key.index, dtype=object)
    if not known.any():
        return reasons
    frame = frame[known]
    pages = frame.groupby("outlet")["page"].nunique()
    threshold = np.maximum(min_docs, np.ceil(share * pages))
    eligible = pages.index[pages >= min_docs]
    frame = frame[frame["outlet"].isin(eligible)]
    if frame.empty:
        return reasons
    n = frame.groupby(["outlet", "key"])["page"].transform("nunique")
    hit = n >= frame["outlet"].map(threshold)
    reasons[hit[hit].index] = ("repeated across " + n[hit].astype(str) + " pages of "
                               + frame.loc[hit, "outlet"]).to_numpy()
    return reasons


def repeated_across_pages(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """Site furniture found by repetition, over one batch: the reason for each line of
    ``lines`` (``doc_id, text``) whose normalised text occurs on at least
    ``max(3, 5% of the outlet's pages)`` pages of the same outlet (thresholds in
    ``furniture.yaml``), "" elsewhere. Pages are counted by distinct text, so a page
    scraped twice counts once; documents without an outlet, and outlets with fewer than 3
    pages, are never judged.

    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X"] * 3 + ["Y"],
    ...                      "text": [f"Berita {i}\\nIkuti kami di Threads" for i in range(4)]})
    >>> lines = pd.DataFrame({"doc_id": list("abcd"), "text": ["Ikuti kami di Threads"] * 4})
    >>> repeated_across_pages(lines, docs).tolist()
    ['repeated across 3 pages of X', 'repeated across 3 pages of X', 'repeated across 3 pages of X', '']
    """
    docs = _documents(documents).drop_duplicates("doc_id").set_index("doc_id")
    fingerprint = pd.Series(pd.util.hash_pandas_object(docs["text"], index=False).to_numpy(), index=docs.index)
    doc_id = lines["doc_id"].astype("str")
    return _cross_page(normalise_text(lines["text"]).str.casefold(),
                       doc_id.map(docs["outlet"]).fillna("").astype("str"),
                       doc_id.map(fingerprint), cleaning_rules().structure)


# --------------------------------------------------------------------------- labelling

def _neighbour(f: pd.DataFrame, rows: np.ndarray, values: pd.Series, step: int) -> pd.Series:
    """Per row of ``rows``: ``values`` at the previous (``step=1``) or next (``step=-1``)
    row of ``rows`` in the same document; missing elsewhere."""
    return values[rows].groupby(f["doc"][rows], sort=False).shift(step).reindex(f.index)


@dataclass
class _Cues:
    """Pattern cues of each line (boolean arrays), before precedence is applied."""

    byline: np.ndarray
    byline_reason: pd.Series
    date: np.ndarray
    credit: np.ndarray
    credit_reason: pd.Series
    caption: np.ndarray
    opener: np.ndarray      # a body-opening dateline starting a paragraph
    opener_any: np.ndarray  # ... or a short line, or a dateline alone on its line ("Jakarta -")

    @property
    def any(self) -> np.ndarray:
        return self.byline | self.date | self.credit | self.caption


def _cues(f: pd.DataFrame, col: pa.Array, R: CleaningRules, content: np.ndarray) -> _Cues:
    plain, words = f["plain"], f["words"].to_numpy()
    byline = R.byline.search(col, content)
    byline_reason = pd.Series("byline: author/editor line", index=f.index, dtype=object)
    for outlet, rx in R.outlet_byline:
        hit = rx.search(col, content & ~byline)
        byline_reason[hit] = f"byline: outlet byline ({outlet})"
        byline |= hit
    # two-line bylines: "Reporter" alone on its line, the name on the next line
    is_label = R.byline_label.search(col, content)
    after_label = _neighbour(f, content, pd.Series(is_label, index=f.index), 1).eq(True).to_numpy()
    value = content & after_label & ~is_label & (words <= 6)
    byline_reason[is_label] = "byline: label (the name follows)"
    byline_reason[value] = "byline: name after " + _quote(_neighbour(f, content, plain, 1)[value])
    byline |= is_label | value

    date = R.date_stamp.search(col, content & ~byline)
    credit = np.zeros(len(f), dtype=bool)
    credit_reason = pd.Series("", index=f.index, dtype=object)
    for kind, rx in R.credits:
        hit = rx.search(col, content & ~byline & ~date & ~credit)
        credit_reason[hit] = f"credit: {kind}"
        credit |= hit
    caption = R.caption.search(col, content & ~byline & ~date & ~credit)
    taken = byline | date | credit | caption
    opener_any = R.opener.search(col, content & ~taken) | R.opener_alone.search(col, content & ~taken)
    opener = opener_any & (words >= R.structure["opener_min_words"])
    return _Cues(byline, byline_reason, date, credit, credit_reason, caption, opener, opener_any)


@dataclass
class _Repeats:
    """Repeats inside a page; the first occurrence is not a repeat."""

    duplicate: np.ndarray
    reason: pd.Series
    dek_of_caption: pd.Series   # on a line that a later caption repeats with a credit: that caption's line


_FINAL_PUNCTUATION = Rx.of(r"(?:\W|_)+$")
#: A site name after the headline in a page's <title>: "Judul Berita - Nama Situs", "... | Situs".
_SITE_SUFFIX = Rx.of(r"\s+[-–—|:]\s+[^-–—|:]{2,40}$")


def _repeats(f: pd.DataFrame, col: pa.Array, R: CleaningRules, content: np.ndarray,
             caption: np.ndarray) -> _Repeats:
    rows = f.loc[content, ["doc", "line_no", "key"]]
    first = rows.groupby(["doc", "key"], sort=False)["line_no"].transform("min")
    exact = first < rows["line_no"]
    # near-exact: the same once a trailing photo credit and final punctuation are ignored
    core_col = _FINAL_PUNCTUATION.sub(R.caption.sub(col.filter(pa.array(content)), ""), "")
    core = _series(core_col, rows.index).str.casefold()
    core_words = pc.count_substring(core_col, " ").to_numpy(zero_copy_only=False) + 1
    near_rows = rows.assign(core=core, credit=caption[content])[
        ~exact & (core_words >= R.structure["near_repeat_min_words"])]
    groups = near_rows.groupby(["doc", "core"], sort=False)
    near_first = groups["line_no"].transform("min")
    later = near_first < near_rows["line_no"]
    # a caption that only adds a credit to an earlier line is that line's caption, not a repeat
    adds_credit = later & near_rows["credit"] & ~groups["credit"].transform("first").astype(bool)
    near = later & ~adds_credit
    caption_line = near_rows["line_no"].where(adds_credit).groupby(
        [near_rows["doc"], near_rows["core"]], sort=False).transform("min")

    repeat_of = pd.concat([first[exact], near_first[near]]).reindex(f.index)
    duplicate = repeat_of.notna().to_numpy()
    reason = "repeat of line " + repeat_of.fillna(0).astype("int64").astype(str)
    reason[near[near].index] += " (ignoring the photo credit)"
    return _Repeats(duplicate, reason, caption_line.where(~later).reindex(f.index))


def _promoted(f: pd.DataFrame, col: pa.Array, R: CleaningRules, furniture: np.ndarray, blocked: np.ndarray):
    """Headlines right under a stand-alone promo heading ("Baca juga:"): the run of short
    lines without final punctuation that follows it."""
    plain, doc = f["plain"], f["doc"]
    heading = R.promo_heading.search(col, furniture)
    scope = ~furniture | heading
    headline_like = (f["words"].le(R.structure["promo_headline_max_words"]).to_numpy()
                     & ~plain.str.contains(r"[.:;]$", regex=True).to_numpy() & ~blocked)
    breaks = pd.Series(heading | ~headline_like, index=f.index)[scope]
    segment = breaks.groupby(doc[scope], sort=False).cumsum()
    led = pd.Series(heading, index=f.index)[scope].groupby([doc[scope], segment], sort=False).transform("first")
    promoted = np.zeros(len(f), dtype=bool)
    promoted[scope] = led.to_numpy(dtype=bool)
    promoted &= ~heading & headline_like
    last_heading = plain.where(heading).groupby(doc, sort=False).ffill().fillna("")
    return promoted, "promoted headline after " + _quote(last_heading)


_NOT_ALNUM = Rx.of(r"(?:\W|_)+")
#: Separators between a page title's parts: "Judul - Situs", "Topik | Judul", "Judul :: Kanal".
_TITLE_PARTS = re.compile(r"\s+(?:[-–—|»]|::?)\s+")


def _page_title_repeat(f: pd.DataFrame, col: pa.Array, first: np.ndarray, later: np.ndarray):
    """Per row: the line number of the first ``later`` line that repeats its document's
    ``first`` line, compared on letters and digits only, the first line whole or any run of
    its parts ("Judul - Situs", "Topik | Judul - Situs"); ``inf`` when none. Also returns
    the mask of first lines that have such a repeat."""
    def alnum(column: pa.Array) -> np.ndarray:
        return _series(_NOT_ALNUM.sub(pc.utf8_lower(column), ""), range(len(column))).to_numpy()

    rows = np.flatnonzero(first)
    if not len(rows):
        return pd.Series(np.inf, index=f.index), np.zeros(len(f), dtype=bool)
    docs, variants = [], []
    for doc, line in zip(f["doc"].to_numpy()[rows], col.take(pa.array(rows)).to_pylist()):
        parts = _TITLE_PARTS.split(line)
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                docs.append(doc)
                variants.append(" ".join(parts[i:j]))
    keys = pd.DataFrame({"doc": docs, "k": alnum(pa.array(variants, type=pa.large_string()))})
    keys = keys[keys["k"].str.len().ge(10)].drop_duplicates()
    later_rows = np.flatnonzero(later)
    cand = pd.DataFrame({"doc": f["doc"].to_numpy()[later_rows], "k": alnum(col.take(pa.array(later_rows))),
                         "row": later_rows})
    hit = cand.merge(keys, on=["doc", "k"]).sort_values("row").drop_duplicates("doc")
    repeat = pd.Series(f["doc"].map(hit.set_index("doc")["row"].map(f["line_no"])).fillna(np.inf).to_numpy(),
                       index=f.index)
    return repeat, first & f["doc"].isin(set(hit["doc"])).to_numpy()


def label_lines(documents: pd.DataFrame) -> pd.DataFrame:
    """Label every non-blank raw line of ``documents`` (``doc_id, text``; ``outlet`` and
    ``title`` used when present).

    Returns ``doc_id, line_no, label, reason, text`` (``text`` is the raw line), one row
    per non-blank line (a line of whitespace only, NBSP included, is blank), sorted by
    ``doc_id, line_no``. Line numbers count "\\n"-separated lines from 1, as in
    :func:`analysis.corpus.split_lines` (CRLF and a BOM are normalised first, as the
    corpus loader does).

    A page without article text has no title either (a title is never guessed):

    >>> docs = pd.DataFrame({"doc_id": ["x"], "text": ["Judul Berita Hari Ini\\n\\u00a0\\nA\\nA"]})
    >>> label_lines(docs)[["line_no", "label"]].to_numpy().tolist()
    [[1, 'boilerplate'], [3, 'boilerplate'], [4, 'boilerplate']]
    """
    docs = _documents(documents)
    f = _lines(docs)
    if f.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line_no" else "str") for c in LINE_COLUMNS})
    R, S = cleaning_rules(), cleaning_rules().structure
    lab = _Labels(len(f))
    plain, line_no, doc = f["plain"], f["line_no"], f["doc"]
    col = _arrow(plain)
    words = f["words"].to_numpy()

    # --- evidence, pass by pass -------------------------------------------------------
    # 1. site furniture: generic, then the outlet's own (every outlet's when unknown)
    # a category with a word limit (a promo line is short) leaves longer lines to the
    # evidence: "Baca juga: <headline>" glued to the start of a paragraph is a paragraph
    limits = S.get("furniture_max_words", {})
    for category, rx in R.furniture:
        rows = lab.free & (words <= limits.get(category, np.inf))
        lab.set(rx.search(col, rows), "boilerplate", f"furniture: generic {category}")
    for outlet, rx in R.outlet_furniture:
        rows = lab.free & f["outlet"].isin([outlet, ""]).to_numpy()
        lab.set(rx.search(col, rows), "boilerplate", f"outlet furniture ({outlet})")
    furniture = ~lab.free
    content = ~furniture

    cues = _cues(f, col, R, content)
    repeats = _repeats(f, col, R, content, cues.caption)
    duplicate = repeats.duplicate
    dek_of_caption = repeats.dek_of_caption.notna().to_numpy()

    fingerprint = pd.Series(pd.util.hash_pandas_object(docs["text"], index=False).to_numpy(), index=docs["doc_id"])
    page = f["doc_id"].map(fingerprint[~fingerprint.index.duplicated()])
    cross_reason = _cross_page(f["key"], f["outlet"], page, S)
    cross = cross_reason.ne("").to_numpy() & content & ~duplicate & ~cues.any

    feats = evidence.line_features(plain, doc)
    # a sentence-case line full of function words is prose: it ends a run of promoted headlines
    prose_line = (feats["stop_density"].to_numpy() >= S["stopwords_high"]) & (feats["cap_share"].to_numpy() < 0.5)
    promoted, promo_reason = _promoted(f, col, R, furniture, cues.any | duplicate | cues.opener | prose_line)

    # --- evidence for the lines no rule claimed (analysis/evidence.py) -------------------
    taken = furniture | duplicate | cues.any | cross | promoted
    classes = evidence.classify(feats, S, doc)
    # a body-opening dateline ("Bisnis.com, JAKARTA -"), even alone on its line, is article evidence
    classes[cues.opener_any & ~taken] = "good"
    intertitle = feats["headline_like"].to_numpy() & (words <= S["intertitle_max_words"])
    # page furniture (menus, share bars), bylines and date lines are not article: they count as
    # non-article neighbours; what may stand inside an article (ads, promos, captions,
    # repeats) is skipped over
    page_furniture = np.isin(lab.reason, [f"furniture: generic {c}" for c in S["gap_categories"]]) | cross
    firm_bad = page_furniture | cues.byline | cues.date
    classes[firm_bad] = "bad"
    revised = evidence.revise(classes, doc, taken & ~firm_bad, intertitle)
    good = ~taken & (revised == "good")
    # what separates runs of article lines: unclaimed non-article lines, page furniture
    gap = (~taken & ~good) | page_furniture
    kept = evidence.runs(good, gap, words, doc, S)
    run_gap = pd.Series(gap.astype(np.int64), index=f.index).groupby(doc, sort=False).cumsum()
    ends_sentence = feats["ends_sentence"].to_numpy()
    prose = words >= S["prose_min_words"]

    # a body-opening dateline ("Bisnis.com, JAKARTA -") on an article line, before two long
    # paragraphs: the body starts there, kept lines before it are summary lines (dek)
    long_par = pd.Series(kept & ends_sentence & (words >= S["long_paragraph_words"]), index=f.index)
    paragraphs_before = long_par.groupby(doc, sort=False).cumsum() - long_par
    opener_ok = cues.opener & ~duplicate & kept & paragraphs_before.lt(2).to_numpy()
    opener_line = _first_line(f, opener_ok)
    is_opener_line = (line_no == opener_line).to_numpy()
    kept |= is_opener_line
    first_kept = _first_line(f, kept)

    # the title, from the strongest evidence: a line matching the title given as metadata;
    # else the page's first line repeated further down (a page's <title> "Judul - Situs"
    # above its headline): the first line is the title, the repeat its duplicate; else a
    # headline-like line just above the article (at most structure.title_max_gap unclaimed
    # lines between them) near the top of the text (at most as many unclaimed lines before
    # it). Nothing else: a title is never guessed from a page's menus.
    full_stop = plain.str.contains(r"(?:^|[^.])\.$", regex=True).to_numpy()
    title_ok = (~taken & ~kept & ~dek_of_caption & ~full_stop & ~feats["menu_mark"].to_numpy() & ~cues.opener_any
                & (words >= S["title_min_words"]) & (words <= S["title_max_words"]))
    # a line matching the given title, or matching it once a site name after it is dropped
    asked = title_ok & f["title_key"].ne("").to_numpy()
    core_key = pd.Series("", index=f.index, dtype="str")
    if asked.any():
        core_key[asked] = _series(pc.utf8_lower(_SITE_SUFFIX.sub(col.filter(pa.array(asked)), "")),
                                  f.index[asked]).to_numpy()
    given = asked & (f["key"].eq(f["title_key"]) | core_key.eq(f["title_key"])).to_numpy()
    given_line = _first_line(f, title_ok & given)

    first_line = (line_no == line_no.groupby(doc, sort=False).transform("min")).to_numpy()
    headline_sized = (words >= S["title_min_words"]) & (words <= S["title_max_words"])
    # a page title may hold separators ("Topik | Judul | Situs") and more words than a headline
    page_title_ok = first_line & ~taken & ~kept & ~cues.opener_any & (words >= S["title_min_words"])
    repeat_line, _ = _page_title_repeat(f, col, page_title_ok, ~furniture & ~first_line & headline_sized)
    has_page_title = np.isfinite(repeat_line).to_numpy() & ~np.isfinite(given_line).to_numpy()

    unclaimed = pd.Series(~taken, index=f.index).groupby(doc, sort=False).cumsum() - (~taken)
    gap_at_body = run_gap.where((line_no == first_kept).to_numpy()).groupby(doc, sort=False).transform("max")
    near_body = (gap_at_body - run_gap).le(S["title_max_gap"]).to_numpy() & (line_no < first_kept).to_numpy()
    near_top = unclaimed.le(S["title_max_gap"]).to_numpy()
    headline_line = line_no.where(title_ok & near_body & near_top).groupby(doc, sort=False).transform("max")
    title_line = given_line.where(np.isfinite(given_line),
                                  line_no.where(first_line).groupby(doc, sort=False).transform("max")
                                  .where(has_page_title, headline_line.fillna(np.inf)))
    headline_repeat = has_page_title & (line_no == repeat_line).to_numpy()
    page_title_line = title_line.where(has_page_title, 0)
    title_reason = pd.Series(np.select(
        [np.isfinite(given_line).to_numpy(), has_page_title],
        ["title: matches the document title", "title: page title, its headline repeated below it"],
        "title: headline-like line before the article"), index=f.index)
    title = (line_no == title_line).to_numpy()
    taken |= title | headline_repeat

    # without an opener, the first article line right after the title is a dek when a
    # caption, byline, date or repeat follows it
    head_cue = pd.Series(cues.any | duplicate, index=f.index)
    next_is_cue = _neighbour(f, kept | cues.any | duplicate, head_cue, -1).eq(True).to_numpy()
    after_title = (line_no > title_line.where(np.isfinite(title_line), 0)).to_numpy()
    dek_guess = (kept & ~np.isfinite(opener_line).to_numpy() & after_title & np.isfinite(title_line).to_numpy()
                 & (line_no == first_kept).to_numpy() & (next_is_cue | dek_of_caption))
    first_body = opener_line.where(np.isfinite(opener_line), _first_line(f, kept & ~dek_guess & ~dek_of_caption))

    end = R.end_marker.search(col) & (line_no > first_body).to_numpy()
    end_line = _first_line(f, end)
    end_text = _quote(_first_value(f, end, plain).fillna(""))
    closing = ((cues.byline | cues.credit) & ~duplicate
               & (line_no > first_body).to_numpy() & (line_no < end_line).to_numpy())
    close_line = _first_line(f, closing)
    in_body = (line_no >= first_body).to_numpy() & (line_no < end_line).to_numpy()

    # --- labels, by precedence (furniture is in place; a pass never overwrites) ----------
    lab.set((line_no == end_line).to_numpy(), "boilerplate", "article end marker " + end_text)
    lab.set((line_no > end_line).to_numpy(), "boilerplate", "after article end marker " + end_text)
    lab.set(duplicate, "duplicate", repeats.reason)
    lab.set(headline_repeat, "duplicate", "repeat of the title (line "
            + page_title_line.astype("int64").astype(str) + ")")
    lab.set(cues.byline, "byline", cues.byline_reason)
    lab.set(cues.date, "dateline", "dateline: publication date line")
    lab.set(cues.credit, "credit", cues.credit_reason)
    credit_text = _extract(col, cues.caption, R.caption, "credit").str.strip()
    lab.set(cues.caption, "caption", "caption: photo credit " + _quote(credit_text))
    lab.set(cross, "boilerplate", cross_reason)
    lab.set(promoted, "boilerplate", promo_reason)
    lab.set(title, "title", title_reason)

    head = (line_no < first_body).to_numpy()
    caption_line = repeats.dek_of_caption.fillna(0).astype("int64").astype(str)
    lab.set(head & dek_of_caption, "dek", "dek: repeated as the caption's first part (line " + caption_line + ")")
    lab.set(head & kept & after_title, "dek", "dek: summary line between the title and the body")

    tail = (line_no > close_line).to_numpy()
    close_no = close_line.where(np.isfinite(close_line), 0).astype("int64").astype(str)
    lab.set(tail & kept & prose & ends_sentence, "body", "body: paragraph after the closing byline/credit")
    lab.set(tail & kept, "boilerplate", "after the closing byline/credit (line " + close_no + ")")

    # the body ends at its last paragraph: short lines after it are tag lists, share
    # buttons, link lists
    last_paragraph = line_no.where(kept & prose & in_body).groupby(doc, sort=False).transform("max")
    trailing = kept & in_body & ~prose & ~ends_sentence & (line_no > last_paragraph).to_numpy()
    lab.set(trailing, "boilerplate", "short line after the last paragraph (tags, links)")

    # the opener match ends with the first letter of the text: drop it
    dateline = _extract(col, is_opener_line, R.opener, "dateline")
    dateline = dateline.str.replace(r"[^\s\-–—]$", "", regex=True).str.strip()
    lab.set(is_opener_line & in_body, "body", "body: opens with dateline " + _quote(dateline))
    lab.set(kept & in_body & (feats["words"].to_numpy() >= S["prose_min_words"]), "body",
            "body: paragraph in the article's run")
    lab.set(kept & in_body, "body", "body: short line between article lines")
    lab.set(kept, "boilerplate", "article-like line outside the body (before the title or the dateline)")
    # everything else: why it is not article text
    not_article = np.select(
        [good, feats["menu_mark"].to_numpy(), feats["headline_like"].to_numpy(), classes == "short",
         classes == "neargood"],
        ["not article: prose outside the article's main run",
         "not article: menu-like line (separators, links)",
         "not article: headline-like line outside the article (a teaser or link)",
         "not article: short line among non-article lines",
         "not article: borderline line among non-article lines"],
        "not article: few function words (not prose)")
    lab.set(np.ones(len(f), dtype=bool), "boilerplate", pd.Series(not_article, index=f.index))

    out = pd.DataFrame({"doc_id": f["doc_id"], "line_no": line_no.astype("int64"),
                        "label": pd.Series(lab.label, dtype="str"), "reason": pd.Series(lab.reason, dtype="str"),
                        "text": f["text"]})
    return out.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- cleaned text

def titles(lines: pd.DataFrame) -> pd.Series:
    """The title of each document as the cleaner found it, indexed by ``doc_id``: the text
    of its ``title`` line (normalised), or of the headline that repeats it below a page
    title carrying the site's name. Documents without a ``title`` line are absent: a title
    is never invented.

    Parameters
    ----------
    lines : DataFrame
        As returned by :func:`label_lines` (``doc_id, line_no, label, reason, text``).

    Returns
    -------
    Series of str indexed by ``doc_id``.

    >>> lines = label_lines(pd.DataFrame({"doc_id": ["a"], "text": [
    ...     "Korut Kirim Peluru ke Rusia - Warta Kita\\nBeranda\\nKorut Kirim Peluru ke Rusia\\n"
    ...     "Jakarta - Korea Utara telah mengirim lebih dari satu juta peluru artileri ke Rusia, "
    ...     "kata pejabat itu pada hari Senin di Seoul."]}))
    >>> titles(lines).to_dict()
    {'a': 'Korut Kirim Peluru ke Rusia'}
    """
    missing = [c for c in ("doc_id", "label", "reason", "text") if c not in lines]
    if missing:
        raise KeyError(f"titles: lines lack column(s) {', '.join(missing)}")
    title = lines[lines["label"].eq("title")].drop_duplicates("doc_id")
    repeat = lines[lines["label"].eq("duplicate") & lines["reason"].str.startswith("repeat of the title")]
    text = pd.concat([repeat.drop_duplicates("doc_id"), title]).drop_duplicates("doc_id")
    return pd.Series(normalise_text(text["text"]).to_numpy(), index=text["doc_id"].astype("str").to_numpy(),
                     dtype="str").sort_index(kind="stable")



def clean_texts(lines: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cleaned text of each document: its ``body`` lines in order, normalised
    (:func:`normalise_text`) and joined by a blank line.

    Returns ``doc_id, outlet, text, n_body_lines, n_body_words``, one row per document
    in ``documents`` order (in order of appearance in ``lines`` when ``documents`` is
    None); a document without body has empty text.

    >>> lines = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "line_no": [1, 2, 4, 1],
    ...                       "label": ["title", "body", "body", "boilerplate"],
    ...                       "text": ["Judul", "Satu  <b>dua</b>", "Tiga", "Iklan"]})
    >>> clean_texts(lines).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'doc_id': ['a', 'b'], 'outlet': ['', ''], 'text': ['Satu dua\\n\\nTiga', ''],
     'n_body_lines': [2, 0], 'n_body_words': [3, 0]}
    """
    if documents is not None:
        docs = _documents(documents.assign(text="") if "text" not in documents else documents)[["doc_id", "outlet"]]
    else:
        ids = pd.Series(pd.unique(lines["doc_id"].astype("str")), dtype="str")
        outlet = (lines.drop_duplicates("doc_id").set_index("doc_id")["outlet"].reindex(ids).fillna("")
                  if "outlet" in lines else pd.Series("", index=ids))
        docs = pd.DataFrame({"doc_id": ids, "outlet": outlet.astype("str").to_numpy()})
    body = lines[lines["label"].eq("body")].sort_values(["doc_id", "line_no"], kind="stable")
    text = normalise_text(body["text"])
    body = body.assign(clean=text)[text.ne("")]
    joined = body.groupby("doc_id", sort=False)["clean"].agg("\n\n".join)
    counts = body.groupby("doc_id", sort=False).size()
    out = docs.assign(text=docs["doc_id"].map(joined).fillna("").astype("str"),
                      n_body_lines=docs["doc_id"].map(counts).fillna(0).astype("int64"))
    out["n_body_words"] = out["text"].str.count(r"\S+").astype("int64")
    return out[TEXT_COLUMNS].reset_index(drop=True)


def no_body_problems(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One ``warning`` per document of ``documents`` for which no body was found (the
    document stays in ``documents``). Columns as ``Corpus.problems``.

    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "label": ["title", "boilerplate"]})
    >>> no_body_problems(lines, pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"]}))["message"].tolist()
    ['no body text found (all 2 lines are furniture: 1 boilerplate, 1 title)']
    """
    docs = _documents(documents.assign(text="") if "text" not in documents else documents)
    has_body = set(lines.loc[lines["label"].eq("body"), "doc_id"].astype("str"))
    missing = docs.loc[~docs["doc_id"].isin(has_body), ["source_file", "doc_id"]]
    counts = (lines.assign(doc_id=lines["doc_id"].astype("str"))
              .loc[lambda d: d["doc_id"].isin(set(missing["doc_id"]))]
              .groupby(["doc_id", "label"]).size().rename("n").reset_index()
              .sort_values(["doc_id", "n", "label"], ascending=[True, False, True]))
    detail = (counts["n"].astype(str) + " " + counts["label"]).groupby(counts["doc_id"]).agg(", ".join)
    total = counts.groupby("doc_id")["n"].sum()
    n = missing["doc_id"].map(total).fillna(0).astype("int64")
    message = np.where(n > 0, "no body text found (all " + n.astype(str) + " lines are furniture: "
                       + missing["doc_id"].map(detail).fillna("") + ")",
                       "no body text found (the page has no non-blank lines)")
    return pd.DataFrame({"source_file": missing["source_file"], "doc_id": missing["doc_id"],
                         "severity": "warning", "message": message}, columns=PROBLEM_COLUMNS).reset_index(drop=True)


# --------------------------------------------------------------------------- evaluation

def compare_with_gold(lines: pd.DataFrame, gold_lines: dict) -> pd.DataFrame:
    """Every gold-labelled line beside its predicted label: ``doc_id, line_no, gold,
    label, reason, text`` (``label`` is "" for a gold line missing from ``lines``).
    ``gold_lines`` maps doc_id to {line number (int or str): label}.

    >>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"], "reason": ["r"], "text": ["t"]})
    >>> compare_with_gold(lines, {"a": {"1": "body", "2": "title"}})[["line_no", "gold", "label"]].to_numpy().tolist()
    [[1, 'body', 'body'], [2, 'title', '']]
    """
    gold = pd.DataFrame([(str(d), int(n), lbl) for d, m in gold_lines.items() for n, lbl in m.items()],
                        columns=["doc_id", "line_no", "gold"])
    pred = lines[["doc_id", "line_no", "label", "reason", "text"]].astype({"doc_id": "str", "line_no": "int64"})
    out = gold.merge(pred, on=["doc_id", "line_no"], how="left")
    for col in ("label", "reason", "text"):
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype("str")
    return out.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)


def score(lines: pd.DataFrame, gold_lines: dict) -> dict:
    """Body-line precision, recall and F1 of ``lines`` against ``gold_lines`` (doc_id ->
    {line: label}), over the documents of the gold. Gold ``dek`` lines count neither way.
    Also returns the counts and, per gold label, how many lines agree.

    >>> lines = pd.DataFrame({"doc_id": ["a"] * 3, "line_no": [1, 2, 3], "label": ["body", "body", "title"]})
    >>> s = score(lines, {"a": {1: "body", 2: "dek", 3: "body"}})
    >>> (s["precision"], s["recall"], s["tp"], s["fn"])
    (1.0, 0.5, 1, 1)
    """
    gold = pd.DataFrame([(str(d), int(n), lbl) for d, m in gold_lines.items() for n, lbl in m.items()],
                        columns=["doc_id", "line_no", "gold"])
    pred = lines[["doc_id", "line_no", "label"]].astype({"doc_id": "str", "line_no": "int64"})
    pred = pred[pred["doc_id"].isin(set(gold["doc_id"]))]
    both = gold.merge(pred, on=["doc_id", "line_no"], how="outer")
    agree = both[both["gold"].notna()].assign(ok=lambda d: d["gold"].eq(d["label"]))
    both = both[both["gold"].ne("dek")]
    gold_body, pred_body = both["gold"].eq("body"), both["label"].eq("body")
    tp = int((gold_body & pred_body).sum())
    fp = int((~gold_body & pred_body).sum())
    fn = int((gold_body & ~pred_body).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_label = {lbl: {"gold": int(len(g)), "agree": int(g["ok"].sum())}
                 for lbl, g in agree.groupby("gold", sort=True)}
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "n_docs": int(gold["doc_id"].nunique()), "per_label": per_label,
            "label_accuracy": float(agree["ok"].mean()) if len(agree) else math.nan}
