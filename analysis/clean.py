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

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import evidence, page_structure
from .cleaning_rules import CleaningRules, cleaning_rules
from .config import LABELS  # re-exported: the cleaner's labels
from .corpus import PROBLEM_COLUMNS
from .cues import Cues, line_cues, promoted_headlines
from .frames import require_columns
from .glued import without_glued
from .page_lines import extract, first_line, first_value, neighbour, page_documents, page_fingerprints, page_lines, quote
from .re2 import Rx, to_arrow, to_series
from .repeats import Repeats, cross_page_reasons, in_page_repeats, page_title_repeat
from .text import count_words, join_groups, normalise_text

__all__ = ["LABELS", "LINE_COLUMNS", "TEXT_COLUMNS", "label_lines", "titles", "clean_texts", "no_body_problems"]

#: Columns of :func:`label_lines`.
LINE_COLUMNS = ["doc_id", "line_no", "label", "reason", "text"]
#: Columns of :func:`clean_texts`.
TEXT_COLUMNS = ["doc_id", "outlet", "text", "n_body_lines", "n_body_words"]


# --------------------------------------------------------------------------- labelling

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


@dataclass
class _Batch:
    """The lines of a batch (:func:`analysis.page_lines.page_lines`), their text as an Arrow column,
    the rules and the labels filled so far."""

    table: pd.DataFrame
    column: pa.Array
    rules: CleaningRules
    labels: _Labels
    struct: pd.DataFrame  # the lines' structure in saved HTML pages (page_structure.line_structure)

    @property
    def structure(self) -> dict:
        return self.rules.structure

    @property
    def words(self) -> np.ndarray:
        return self.table["words"].to_numpy()


@dataclass
class _Claims:
    """What the rules claimed before the evidence is weighed (boolean arrays over the lines)."""

    furniture: np.ndarray
    cues: Cues
    repeats: Repeats
    duplicate: np.ndarray
    dek_of_caption: np.ndarray
    cross: np.ndarray
    cross_reason: pd.Series
    features: pd.DataFrame
    promoted: np.ndarray
    promo_reason: pd.Series
    taken: np.ndarray


@dataclass
class _Article:
    """The article lines found from the evidence, and where a body-opening dateline stands."""

    classes: np.ndarray
    good: np.ndarray
    kept: np.ndarray
    run_gap: pd.Series
    opener_line: pd.Series
    is_opener_line: np.ndarray
    first_kept: pd.Series
    zone: np.ndarray  # in the page's furniture zone
    links: np.ndarray  # mostly links
    container: np.ndarray  # article lines found from the article's container


@dataclass
class _Title:
    """The title line of each document (``inf`` when none) and the page title's repeat."""

    line: pd.Series
    is_title: np.ndarray
    headline_repeat: np.ndarray
    page_title_line: pd.Series
    reason: pd.Series


@dataclass
class _Body:
    """Where each document's body starts and ends."""

    after_title: np.ndarray
    first: pd.Series
    end_line: pd.Series
    end_text: pd.Series
    close_line: pd.Series
    in_body: np.ndarray


#: A site name after the headline in a page's <title>: "Judul Berita - Nama Situs", "... | Situs".
_SITE_SUFFIX = Rx.of(r"\s+[-–—|:]\s+[^-–—|:]{2,40}$")


def _furniture_pass(batch: _Batch) -> np.ndarray:
    """Site furniture, generic then the outlet's own (every outlet's when unknown); returns the mask.

    A category with a word limit (a promo line is short) leaves longer lines to the evidence:
    "Baca juga: <headline>" glued to the start of a paragraph is a paragraph."""
    table, lab, words = batch.table, batch.labels, batch.words
    limits = batch.structure.get("furniture_max_words", {})
    for category, rx in batch.rules.furniture:
        rows = lab.free & (words <= limits.get(category, np.inf))
        lab.set(rx.search(batch.column, rows), "boilerplate", f"furniture: generic {category}")
    for outlet, rx in batch.rules.outlet_furniture:
        rows = lab.free & table["outlet"].isin([outlet, ""]).to_numpy()
        lab.set(rx.search(batch.column, rows), "boilerplate", f"outlet furniture ({outlet})")
    return ~lab.free


def _claim_lines(batch: _Batch, docs: pd.DataFrame) -> _Claims:
    """Steps 1-6 of the module docstring: furniture, cues, repeats in and across pages, promoted headlines."""
    table, column, rules, S = batch.table, batch.column, batch.rules, batch.structure
    furniture = _furniture_pass(batch)
    content = ~furniture
    cues = line_cues(table, column, rules, content)
    repeats = in_page_repeats(table, column, rules, content, cues.caption, cues.caption_match)
    duplicate = repeats.duplicate
    page = table["doc_id"].map(page_fingerprints(docs))
    cross_reason = cross_page_reasons(table["key"], table["outlet"], page, S)
    cross = cross_reason.ne("").to_numpy() & content & ~duplicate & ~cues.any
    feats = evidence.line_features(table["plain"], table["doc"], S["title_max_words"])
    # a sentence-case line full of function words is prose: it ends a run of promoted headlines
    prose_line = (feats["stop_density"].to_numpy() >= S["stopwords_high"]) & (feats["cap_share"].to_numpy() < 0.5)
    promoted, promo_reason = promoted_headlines(table, column, rules, furniture,
                                                cues.any | duplicate | cues.opener | prose_line)
    return _Claims(furniture, cues, repeats, duplicate, repeats.dek_of_caption.notna().to_numpy(), cross,
                   cross_reason, feats, promoted, promo_reason,
                   taken=furniture | duplicate | cues.any | cross | promoted)


def _find_article(batch: _Batch, claims: _Claims) -> _Article:
    """Step 7: the evidence for the lines no rule claimed (:mod:`analysis.evidence`), and the
    body-opening dateline on an article line."""
    table, S, words, doc = batch.table, batch.structure, batch.words, batch.table["doc"]
    feats, cues, taken = claims.features, claims.cues, claims.taken
    classes = evidence.classify(feats, S, doc)
    # a body-opening dateline ("Bisnis.com, JAKARTA -"), even alone on its line, is article evidence
    classes[cues.opener_any & ~taken] = "good"
    intertitle = feats["headline_like"].to_numpy() & (words <= S["intertitle_max_words"])
    # page furniture (menus, share bars), bylines and date lines are not article: they count as
    # non-article neighbours; what may stand inside an article (ads, promos, captions,
    # repeats) is skipped over
    # a saved page's structure: its furniture zone is page furniture, a line of links no paragraph
    zone, links = page_structure.not_article(batch.struct, classes == "good", doc)
    classes[links & ~taken] = "bad"
    page_furniture = (np.isin(batch.labels.reason, [f"furniture: generic {c}" for c in S["gap_categories"]])
                      | claims.cross | zone)
    firm_bad = page_furniture | cues.byline | cues.date
    classes[firm_bad] = "bad"
    revised = evidence.revise(classes, doc, taken & ~firm_bad, intertitle)
    good = ~taken & (revised == "good")
    # what separates runs of article lines: unclaimed non-article lines, page furniture
    gap = (~taken & ~good) | page_furniture
    kept = evidence.runs(good, gap, words, doc, S)
    container = page_structure.container_lines(batch.struct, kept, ~taken & ~zone & ~links, words,
                                               table["line_no"], doc)
    kept |= container
    run_gap = pd.Series(gap.astype(np.int64), index=table.index).groupby(doc, sort=False).cumsum()

    # a body-opening dateline ("Bisnis.com, JAKARTA -") on an article line, before two long
    # paragraphs: the body starts there, kept lines before it are summary lines (dek)
    long_par = pd.Series(kept & feats["ends_sentence"].to_numpy() & (words >= S["long_paragraph_words"]),
                         index=table.index)
    paragraphs_before = long_par.groupby(doc, sort=False).cumsum() - long_par
    opener_ok = cues.opener & ~claims.duplicate & kept & paragraphs_before.lt(2).to_numpy()
    opener_line = first_line(table, opener_ok)
    is_opener_line = (table["line_no"] == opener_line).to_numpy()
    kept |= is_opener_line
    return _Article(classes, good, kept, run_gap, opener_line, is_opener_line, first_line(table, kept), zone, links,
                    container)


def _given_title_line(batch: _Batch, title_ok: np.ndarray) -> pd.Series:
    """Per line: the first line matching the title given as metadata, or matching it once a
    site name after it is dropped (``inf`` when none)."""
    table = batch.table
    asked = title_ok & table["title_key"].ne("").to_numpy()
    core_key = pd.Series("", index=table.index, dtype="str")
    if asked.any():
        core_key[asked] = to_series(pc.utf8_lower(_SITE_SUFFIX.sub(batch.column.filter(pa.array(asked)), "")),
                                    table.index[asked]).to_numpy()
    given = asked & (table["key"].eq(table["title_key"]) | core_key.eq(table["title_key"])).to_numpy()
    return first_line(table, title_ok & given)


def _find_title(batch: _Batch, claims: _Claims, article: _Article) -> _Title:
    """Step 8, the title, from the strongest evidence: a line matching the title given as metadata;
    else the page's first line repeated further down (a page's <title> "Judul - Situs" above its
    headline): the first line is the title, the repeat its duplicate; else a headline-like line
    just above the article (at most structure.title_max_gap unclaimed lines between them) near the
    top of the text (at most as many unclaimed lines before it). A title is never guessed from a
    page's menus."""
    table, S, words, taken, kept = batch.table, batch.structure, batch.words, claims.taken, article.kept
    line_no, doc, opener_any = table["line_no"], table["doc"], claims.cues.opener_any
    # ends with one full stop, not an ellipsis (a line holds no line break: no regex needed)
    full_stop = (table["plain"].str.endswith(".") & ~table["plain"].str.endswith("..")).to_numpy(dtype=bool)
    title_ok = (~taken & ~kept & ~claims.dek_of_caption & ~full_stop & ~claims.features["menu_mark"].to_numpy()
                & ~opener_any & (words >= S["title_min_words"]) & (words <= S["title_max_words"]))
    # in a saved page, the <title> line may carry separators ("Judul | Situs"); a link is no title
    html_title = (batch.struct["tag"].to_numpy() == "title") & ~taken & ~kept
    given_line = _given_title_line(batch, (title_ok & ~article.links) | html_title)

    first_of_page = (line_no == line_no.groupby(doc, sort=False).transform("min")).to_numpy()
    headline_sized = (words >= S["title_min_words"]) & (words <= S["title_max_words"])
    # a page title may hold separators ("Topik | Judul | Situs") and more words than a headline
    page_title_ok = first_of_page & ~taken & ~kept & ~opener_any & (words >= S["title_min_words"])
    repeat_line, _ = page_title_repeat(table, batch.column, page_title_ok,
                                       ~claims.furniture & ~first_of_page & headline_sized)
    has_page_title = np.isfinite(repeat_line).to_numpy() & ~np.isfinite(given_line).to_numpy()

    unclaimed = pd.Series(~taken, index=table.index).groupby(doc, sort=False).cumsum() - (~taken)
    gap_at_body = article.run_gap.where((line_no == article.first_kept).to_numpy()).groupby(
        doc, sort=False).transform("max")
    near_body = ((gap_at_body - article.run_gap).le(S["title_max_gap"]).to_numpy()
                 & (line_no < article.first_kept).to_numpy())
    near_top = unclaimed.le(S["title_max_gap"]).to_numpy()
    headline_line = line_no.where(title_ok & near_body & near_top).groupby(doc, sort=False).transform("max")
    title_line = given_line.where(np.isfinite(given_line),
                                  line_no.where(first_of_page).groupby(doc, sort=False).transform("max")
                                  .where(has_page_title, headline_line.fillna(np.inf)))
    reason = pd.Series(np.select(
        [np.isfinite(given_line).to_numpy(), has_page_title],
        ["title: matches the document title", "title: page title, its headline repeated below it"],
        "title: headline-like line before the article"), index=table.index)
    return _Title(title_line, (line_no == title_line).to_numpy(), has_page_title & (line_no == repeat_line).to_numpy(),
                  title_line.where(has_page_title, 0), reason)


def _find_body(batch: _Batch, claims: _Claims, article: _Article, title: _Title) -> _Body:
    """Step 8, the body: it starts at the body-opening dateline, else at the first article line
    (after a dek); the article end marker ends it, and a closing byline/credit closes it."""
    table, cues, kept = batch.table, claims.cues, article.kept
    line_no, opener_line = table["line_no"], article.opener_line
    # without an opener, the first article line right after the title is a dek when a
    # caption, byline, date or repeat follows it
    head_cue = pd.Series(cues.any | claims.duplicate, index=table.index)
    next_is_cue = neighbour(table, kept | cues.any | claims.duplicate, head_cue, -1).eq(True).to_numpy()
    after_title = (line_no > title.line.where(np.isfinite(title.line), 0)).to_numpy()
    dek_guess = (kept & ~np.isfinite(opener_line).to_numpy() & after_title & np.isfinite(title.line).to_numpy()
                 & (line_no == article.first_kept).to_numpy() & (next_is_cue | claims.dek_of_caption))
    first_body = opener_line.where(np.isfinite(opener_line),
                                   first_line(table, kept & ~dek_guess & ~claims.dek_of_caption))

    end = batch.rules.end_marker.search(batch.column) & (line_no > first_body).to_numpy()
    end_line = first_line(table, end)
    end_text = quote(first_value(table, end, table["plain"]).fillna(""))
    closing = ((cues.byline | cues.credit) & ~claims.duplicate
               & (line_no > first_body).to_numpy() & (line_no < end_line).to_numpy())
    in_body = (line_no >= first_body).to_numpy() & (line_no < end_line).to_numpy()
    return _Body(after_title, first_body, end_line, end_text, first_line(table, closing), in_body)


def _label_claimed(batch: _Batch, claims: _Claims, article: _Article, title: _Title, body: _Body) -> None:
    """Labels by precedence (furniture is in place; a pass never overwrites): the end marker,
    repeats, cues, cross-page furniture, promoted headlines, the title and the deks."""
    lab, line_no, cues = batch.labels, batch.table["line_no"], claims.cues
    lab.set((line_no == body.end_line).to_numpy(), "boilerplate", "article end marker " + body.end_text)
    lab.set((line_no > body.end_line).to_numpy(), "boilerplate", "after article end marker " + body.end_text)
    lab.set(claims.duplicate, "duplicate", claims.repeats.reason)
    lab.set(title.headline_repeat, "duplicate", "repeat of the title (line "
            + title.page_title_line.astype("int64").astype(str) + ")")
    lab.set(cues.byline, "byline", cues.byline_reason)
    lab.set(cues.date, "dateline", "dateline: publication date line")
    lab.set(cues.credit, "credit", cues.credit_reason)
    credit_text = extract(batch.column, cues.caption, batch.rules.caption, "credit").str.strip()
    lab.set(cues.caption, "caption", "caption: photo credit " + quote(credit_text))
    lab.set(claims.cross, "boilerplate", claims.cross_reason)
    lab.set(claims.promoted, "boilerplate", claims.promo_reason)
    lab.set(title.is_title, "title", title.reason)

    head = (line_no < body.first).to_numpy()
    caption_line = claims.repeats.dek_of_caption.fillna(0).astype("int64").astype(str)
    lab.set(head & claims.dek_of_caption, "dek", "dek: repeated as the caption's first part (line "
            + caption_line + ")")
    lab.set(head & article.kept & body.after_title, "dek", "dek: summary line between the title and the body")


def _label_article(batch: _Batch, claims: _Claims, article: _Article, body: _Body) -> None:
    """The remaining labels: the body and its tail, then why every other line is not article text."""
    lab, table, S, kept, feats = batch.labels, batch.table, batch.structure, article.kept, claims.features
    line_no, words, in_body = table["line_no"], batch.words, body.in_body
    prose, ends_sentence = words >= S["prose_min_words"], feats["ends_sentence"].to_numpy()
    tail = (line_no > body.close_line).to_numpy()
    close_no = body.close_line.where(np.isfinite(body.close_line), 0).astype("int64").astype(str)
    lab.set(tail & kept & prose & ends_sentence, "body", "body: paragraph after the closing byline/credit")
    lab.set(tail & kept, "boilerplate", "after the closing byline/credit (line " + close_no + ")")
    # the body ends at its last paragraph: short lines after it are tag lists, share buttons, link lists
    last_paragraph = line_no.where(kept & prose & in_body).groupby(table["doc"], sort=False).transform("max")
    trailing = kept & in_body & ~prose & ~ends_sentence & (line_no > last_paragraph).to_numpy()
    lab.set(trailing, "boilerplate", "short line after the last paragraph (tags, links)")
    # the opener match ends with the first letter of the text: drop it
    dateline = extract(batch.column, article.is_opener_line, batch.rules.opener, "dateline")
    dateline = dateline.str.replace(r"[^\s\-–—]$", "", regex=True).str.strip()
    lab.set(article.is_opener_line & in_body, "body", "body: opens with dateline " + quote(dateline))
    lab.set(article.container & in_body, "body", "body: in the article's container (page structure)")
    lab.set(kept & in_body & (feats["words"].to_numpy() >= S["prose_min_words"]), "body",
            "body: paragraph in the article's run")
    lab.set(kept & in_body, "body", "body: short line between article lines")
    lab.set(kept, "boilerplate", "article-like line outside the body (before the title or the dateline)")
    classes = article.classes
    not_article = np.select(
        [article.zone, article.links, article.good, feats["menu_mark"].to_numpy(), feats["headline_like"].to_numpy(),
         classes == "short", classes == "neargood"],
        ["not article: the page's <title>, or in its furniture zone (menu, header, footer, side bar)",
         "not article: mostly links (page structure)",
         "not article: prose outside the article's main run",
         "not article: menu-like line (separators, links)",
         "not article: headline-like line outside the article (a teaser or link)",
         "not article: short line among non-article lines",
         "not article: borderline line among non-article lines"],
        "not article: few function words (not prose)")
    lab.set(np.ones(len(table), dtype=bool), "boilerplate", pd.Series(not_article, index=table.index))


def label_lines(documents: pd.DataFrame, structure: pd.DataFrame | None = None) -> pd.DataFrame:
    """Label every non-blank raw line of ``documents``, with the reason of each label.

    Parameters
    ----------
    documents : DataFrame
        ``doc_id, text``; ``outlet`` and ``title`` are used when present.
    structure : DataFrame, optional
        Where the lines of saved HTML pages stood (``documents.STRUCTURE_COLUMNS``, from the
        readers): evidence weighed with the text's (:mod:`analysis.page_structure`).

    Returns
    -------
    DataFrame
        ``doc_id, line_no, label, reason, text`` (``text`` is the raw line), one row per
        non-blank line (a line of whitespace only, NBSP included, is blank), sorted by
        ``doc_id, line_no``. Line numbers count lines from 1, as
        :func:`analysis.corpus.split_lines` does on the loaded text: a line ends at LF, CRLF or a
        bare CR, and a leading BOM is dropped first (:func:`analysis.text.normalise_newlines`, as
        the corpus loader does).

    A page without article text has no title either (a title is never guessed):

    >>> docs = pd.DataFrame({"doc_id": ["x"], "text": ["Judul Berita Hari Ini\\n\\u00a0\\nA\\nA"]})
    >>> label_lines(docs)[["line_no", "label"]].to_numpy().tolist()
    [[1, 'boilerplate'], [3, 'boilerplate'], [4, 'boilerplate']]
    """
    require_columns(documents, ["doc_id", "text"], "label_lines", "documents")
    docs = page_documents(documents)
    table = page_lines(docs)
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line_no" else "str") for c in LINE_COLUMNS})
    batch = _Batch(table, to_arrow(table["plain"]), cleaning_rules(), _Labels(len(table)),
                   page_structure.line_structure(table, structure))
    claims = _claim_lines(batch, docs)
    article = _find_article(batch, claims)
    title = _find_title(batch, claims, article)
    body = _find_body(batch, claims, article, title)
    _label_claimed(batch, claims, article, title, body)
    _label_article(batch, claims, article, body)
    out = pd.DataFrame({"doc_id": table["doc_id"], "line_no": table["line_no"].astype("int64"),
                        "label": pd.Series(batch.labels.label, dtype="str"),
                        "reason": pd.Series(batch.labels.reason, dtype="str"), "text": table["text"]})
    return out.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- cleaned text

def titles(lines: pd.DataFrame) -> pd.Series:
    """The title of each document as the cleaner found it, indexed by ``doc_id``.

    The text of its ``title`` line (normalised), or of the headline that repeats it below a
    page title carrying the site's name. Documents without a ``title`` line are absent: a
    title is never invented.

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
    require_columns(lines, ["doc_id", "label", "reason", "text"], "titles", "lines")
    title = lines[lines["label"].eq("title")].drop_duplicates("doc_id")
    repeat = lines[lines["label"].eq("duplicate") & lines["reason"].str.startswith("repeat of the title")]
    text = pd.concat([repeat.drop_duplicates("doc_id"), title]).drop_duplicates("doc_id")
    return pd.Series(normalise_text(text["text"]).to_numpy(), index=text["doc_id"].astype("str").to_numpy(),
                     dtype="str").sort_index(kind="stable")



def clean_texts(lines: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cleaned text of each document: its ``body`` lines in order, normalised and joined by a blank line.

    Parameters
    ----------
    lines : DataFrame
        ``doc_id, line_no, label, text`` (as from :func:`label_lines`; ``outlet`` used when present).
    documents : DataFrame, optional
        ``doc_id`` (``outlet`` used when present): one row of the result each, in this order.

    Returns
    -------
    DataFrame
        ``doc_id, outlet, text, n_body_lines, n_body_words``, one row per document in
        ``documents`` order (in order of appearance in ``lines`` when ``documents`` is None);
        a document without body has empty text. Lines are normalised by
        :func:`analysis.text.normalise_text`, and a promo label an export glued into a
        paragraph ("... Baca juga: ...", ``furniture.yaml`` ``inline_promo``) is removed, as is
        a last piece glued on after a run of commas that is a whole furniture line by itself
        ("… katanya.,,,loading..."), and an article's end glued onto its last paragraph (the
        editor's initials and tags, and the furniture before them: :func:`analysis.glued.without_glued`).

    >>> lines = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "line_no": [1, 2, 4, 1],
    ...                       "label": ["title", "body", "body", "boilerplate"],
    ...                       "text": ["Judul", "Satu  <b>dua</b>", "Tiga", "Iklan"]})
    >>> clean_texts(lines).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'doc_id': ['a', 'b'], 'outlet': ['', ''], 'text': ['Satu dua\\n\\nTiga', ''],
     'n_body_lines': [2, 0], 'n_body_words': [3, 0]}
    """
    require_columns(lines, ["doc_id", "line_no", "label", "text"], "clean_texts", "lines")
    if documents is not None:
        require_columns(documents, ["doc_id"], "clean_texts", "documents")
        docs = page_documents(documents.assign(text="") if "text" not in documents else documents)[["doc_id", "outlet"]]
    else:
        ids = pd.Series(pd.unique(lines["doc_id"].astype("str")), dtype="str")
        outlet = (lines.drop_duplicates("doc_id").set_index("doc_id")["outlet"].reindex(ids).fillna("")
                  if "outlet" in lines else pd.Series("", index=ids))
        docs = pd.DataFrame({"doc_id": ids, "outlet": outlet.astype("str").to_numpy()})
    body = lines[lines["label"].eq("body")].sort_values(["doc_id", "line_no"], kind="stable")
    text = normalise_text(body["text"])
    # a promo label an export glued into a paragraph ("... Baca juga: Judul ..."): not article text
    text = to_series(cleaning_rules().inline_promo.sub(to_arrow(text), " "), text.index).str.strip()
    text = without_glued(text)
    body = body.assign(clean=text)[text.ne("")]
    joined = join_groups(body["clean"], body["doc_id"], "\n\n")
    counts = body.groupby("doc_id", sort=False).size()
    out = docs.assign(text=docs["doc_id"].map(joined).fillna("").astype("str"),
                      n_body_lines=docs["doc_id"].map(counts).fillna(0).astype("int64"))
    out["n_body_words"] = count_words(out["text"])
    return out[TEXT_COLUMNS].reset_index(drop=True)


def no_body_problems(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One ``warning`` per document of ``documents`` for which no body was found.

    Parameters
    ----------
    lines : DataFrame
        ``doc_id, label`` (as from :func:`label_lines`).
    documents : DataFrame
        ``doc_id`` (``source_file`` used when present); the documents stay in it.

    Returns
    -------
    DataFrame
        Columns as ``Corpus.problems`` (``source_file, doc_id, severity, message``).

    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "label": ["title", "boilerplate"]})
    >>> no_body_problems(lines, pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"]}))["message"].tolist()
    ['no body text found (all 2 lines are furniture: 1 boilerplate, 1 title)']
    """
    require_columns(lines, ["doc_id", "label"], "no_body_problems", "lines")
    require_columns(documents, ["doc_id"], "no_body_problems", "documents")
    docs = page_documents(documents.assign(text="") if "text" not in documents else documents)
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
