"""Document metadata read from the page text and the cleaner's lines, and the metadata given with a corpus.

Read from the text, in two steps of every batch:

* :func:`describe` (before cleaning): the outlet (``outlets.find_outlets``), the authors
  and editors of the byline, the wires credited, and the line and character counts;
* :func:`from_lines` (after ``clean.label_lines``): the title (the cleaner's title line)
  and the publication date (from the non-article lines near the article).

Given with the corpus (a table's metadata columns or a folder's ``metadata.csv``, joined by
:func:`join_metadata_csv`): the non-empty ``given_*`` values override what the text says
(:func:`apply_given`).

The patterns are the outlet profiles of ``analysis/data/outlets.yaml`` and the rules of
``analysis/data/metadata.yaml`` (``rules.outlet_profiles``, ``rules.metadata_rules``).

>>> docs = describe(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
...     "text": ["Judul\\nJakarta, CNN Indonesia -- Isi berita."]}))
>>> docs["outlet"][0], int(docs["n_lines"][0])
('CNN Indonesia', 2)
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import rules
from .config import DEFAULT_TZ
from .documents import METADATA_COLUMNS, problem, split_lines
from .frames import require_columns
from .outlets import alternation, find_outlets
from .published import NOT_A_DATE, DayMonthOrder, day_month_order, read_published
from .re2 import may_match, prefiltered, to_arrow

__all__ = ["describe", "from_lines", "unread_datelines", "apply_given", "given_text", "order_problem", "LIST_SEP", "METADATA_CSV_COLUMN",
           "check_metadata_csv", "join_metadata_csv"]


#: How the names of a list (authors, editors, wires credited) are joined in one cell.
LIST_SEP = "; "
#: How the ``published`` column of ``metadata.csv`` is named in messages.
METADATA_CSV_COLUMN = "published column of metadata.csv"


# --------------------------------------------------------------------------- from the text

def _first_per_doc(frame: pd.DataFrame, mask: pd.Series, column: str) -> pd.Series:
    """``column`` of the first row per document where ``mask`` holds (indexed by doc_id)."""
    hit = frame[mask]
    return hit.groupby("doc_id", sort=False)[column].first()


def _split_names(value: str) -> list[str]:
    """The names of a byline value ("Ani, Budi dan Citra"), split by ``metadata.yaml``'s ``name_split``."""
    sep = rules.metadata_rules()["name_split"]
    return [n.strip(" .-–") for n in sep.split(value) if n.strip(" .-–")]


def _join_unique(values) -> str:
    """Non-empty ``values`` joined by :data:`LIST_SEP`, each once (ignoring case), in order."""
    seen, out = set(), []
    for v in values:
        key = v.casefold()
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return LIST_SEP.join(out)


def _bylines(head: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Authors, editors (joined lists) and an in-byline date string per document."""
    m = rules.metadata_rules()
    patterns = list(m["byline"]) + [p for o in rules.outlet_profiles() for p in o.byline]
    column = to_arrow(head["text"])
    found, rows = [], may_match(patterns + list(m["byline_label"].values()), column)
    for rx in patterns:
        ext = prefiltered(head["text"], rx, "extract", column, rows)
        for field in ("authors", "editors", "date"):
            if field in ext:
                hit = ext[field].dropna()
                found.append(pd.DataFrame({"doc_id": head.loc[hit.index, "doc_id"], "line_no": head.loc[hit.index, "line_no"],
                                           "field": field, "value": hit}))
    # two-line layout: "Reporter" alone, the name on the next non-blank line
    following = head.groupby("doc_id", sort=False)["text"].shift(-1)
    for field, rx in m["byline_label"].items():
        hit = prefiltered(head["text"], rx, "match", column, rows) & following.notna()
        found.append(pd.DataFrame({"doc_id": head.loc[hit, "doc_id"], "line_no": head.loc[hit, "line_no"],
                                   "field": field, "value": following[hit].str.strip()}))
    found = pd.concat(found, ignore_index=True).sort_values(["doc_id", "line_no"], kind="stable")
    result = {}
    for field in ("authors", "editors"):
        sub = found[found["field"] == field]
        result[field] = sub.groupby("doc_id", sort=False)["value"].agg(
            lambda vs: _join_unique(n for v in vs for n in _split_names(v)))
    dates = found[found["field"] == "date"].groupby("doc_id", sort=False)["value"].first()
    return result["authors"], result["editors"], dates


def _credits(head: pd.DataFrame) -> pd.Series:
    """The wires credited per document (joined list): a known name as the page spells it, a
    known name inside a longer capture, or a short unknown name."""
    m = rules.metadata_rules()
    known = {n.casefold(): n for n in m["credit_names"]}
    column = to_arrow(head["text"])
    found, rows = [], may_match(m["credit_cues"], column)
    for rx in m["credit_cues"]:
        ext = prefiltered(head["text"], rx, "extractall", column, rows)
        if len(ext):
            idx = ext.index.get_level_values(0)
            found.append(pd.DataFrame({"doc_id": head.loc[idx, "doc_id"].to_numpy(),
                                       "line_no": head.loc[idx, "line_no"].to_numpy(),
                                       "source": ext["source"].to_numpy()}))
    if not found:
        return pd.Series(dtype=object)
    found = pd.concat(found, ignore_index=True).sort_values(["doc_id", "line_no"], kind="stable")
    found["source"] = found["source"].str.strip(" .,:;").str.replace(r"\s+", " ", regex=True)

    def canonical(name: str) -> str:
        if name.casefold() in known:
            return name  # keep the page's own spelling of a known source
        for k, v in known.items():  # "The Straits Times" inside a longer capture
            if re.search(rf"\b{re.escape(k)}\b", name.casefold()):
                return v
        return name if len(name.split()) <= 4 else ""

    found["source"] = found["source"].map(canonical)
    return found.groupby("doc_id", sort=False)["source"].agg(_join_unique)


def _lookup(ids: pd.Series, values: pd.Series) -> pd.Series:
    """``values`` (indexed by doc_id) aligned to ``ids`` as text, empty where missing."""
    found = ids.map(values) if len(values) else pd.Series(np.nan, index=ids.index)
    return found.astype(object).where(found.notna(), "").astype(str)


def describe(raw: pd.DataFrame, default_tz: str = DEFAULT_TZ) -> pd.DataFrame:
    """Read metadata from the page text: the pure per-batch metadata step, before cleaning.

    Parameters
    ----------
    raw : pandas.DataFrame
        ``doc_id, text`` (and any other columns, kept: ``source_file``, ``encoding``...).
    default_tz : str
        UTC offset of a time given without a zone (kept for the signature of the steps; the
        dates are read by :func:`from_lines`).

    Returns
    -------
    pandas.DataFrame
        ``raw`` (index reset) with ``outlet, title, published, published_source,
        published_raw, authors, editors, credited_sources, n_lines, n_nonblank_lines,
        n_chars`` added; values are empty when the text does not say, and the title and
        date are left empty for :func:`from_lines`.

    Examples
    --------
    >>> describe(pd.DataFrame({"doc_id": ["a"], "text": ["Judul\\n\\nPenulis: Ani Rahma\\nIsi."]}))[
    ...     ["authors", "n_lines", "n_nonblank_lines"]].astype(str).iloc[0].tolist()
    ['Ani Rahma', '4', '3']
    """
    require_columns(raw, ["doc_id", "text"], "describe", "raw")
    docs = raw.reset_index(drop=True).copy()
    ids = docs["doc_id"]
    lines = split_lines(docs)
    lines = lines[lines["text"].str.strip().ne("")].reset_index(drop=True)
    lines["text"] = lines["text"].str.strip()
    m = rules.metadata_rules()
    article_end = alternation(tuple(p.pattern for p in m["article_end"]), re.I)
    ends = _first_per_doc(lines, prefiltered(lines["text"], article_end, "match"), "line_no")
    end = lines["doc_id"].map(ends).fillna(np.inf)
    head = lines[lines["line_no"] < end].reset_index(drop=True)

    authors, editors, _ = _bylines(head)

    docs["outlet"] = _lookup(ids, find_outlets(lines))
    docs["title"] = ""          # from the cleaner's title line: see from_lines()
    docs["published"] = ""      # likewise
    docs["published_source"] = ""
    docs["published_raw"] = ""
    docs["authors"] = _lookup(ids, authors)
    docs["editors"] = _lookup(ids, editors)
    docs["credited_sources"] = _lookup(ids, _credits(head))
    docs["n_lines"] = docs["text"].str.count("\n") + 1 - docs["text"].str.endswith("\n").astype(int)
    docs["n_nonblank_lines"] = ids.map(lines.groupby("doc_id").size()).fillna(0).astype(int)
    docs["n_chars"] = docs["text"].str.len()
    return docs


#: Labels whose lines never state the page's publication date (dates in the article, in
#: photo captions or in the headline are about the story, not the page).
_NOT_PUBLICATION = ("body", "caption", "dek", "title", "duplicate")
#: A quick test for a line that may hold a date: a year, or a numeric date.
_MAY_HOLD_DATE = re.compile(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


def from_lines(docs: pd.DataFrame, lines: pd.DataFrame, default_tz: str = DEFAULT_TZ,
               max_distance: int = 30) -> pd.DataFrame:
    """Title and publication date from the cleaner's labelled lines (the second half of
    reading metadata from the text, after :func:`describe` and ``clean.label_lines``).

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id`` plus ``title, published, published_source`` (overwritten).
    lines : pandas.DataFrame
        ``doc_id, line_no, label, reason, text`` from ``clean.label_lines``.
    default_tz : str
        UTC offset of a time given without a zone.
    max_distance : int
        How many lines from the article (its headline, or its first and last body line) a
        date line may stand: a date further away belongs to a teaser list or the site's
        header, and is not taken.

    Returns
    -------
    pandas.DataFrame
        ``docs`` with ``title`` (the cleaner's title line, or "" where it found none: never
        a guess) and ``published`` (from the non-article lines near the article: one with a
        clock time before a date alone, then a line the cleaner labelled ``dateline``, then
        a byline, then any other short line, then one above the article's end, then the
        nearest), ``published_source`` "text" where found.

    Examples
    --------
    >>> from analysis import clean
    >>> d = pd.DataFrame({"doc_id": ["a"], "text": ["Korut Kirim Peluru ke Rusia\\nSelasa, 9 Januari 2024 "
    ...     "10:15 WIB\\nJakarta - Korea Utara telah mengirim lebih dari satu juta peluru artileri ke Rusia, "
    ...     "kata pejabat itu di Seoul."]})
    >>> from_lines(d.assign(title="", published="", published_source=""), clean.label_lines(d))[
    ...     ["title", "published"]].to_numpy().tolist()
    [['Korut Kirim Peluru ke Rusia', '2024-01-09T10:15:00+07:00']]
    """
    from . import clean

    require_columns(docs, ["doc_id"], "from_lines", "docs")
    require_columns(lines, ["doc_id", "line_no", "label", "reason", "text"], "from_lines", "lines")
    docs = docs.copy()
    ids = docs["doc_id"].astype(str)
    docs["title"] = ids.map(clean.titles(lines)).astype(object).where(lambda v: v.notna(), "").astype(str)
    published = pd.Series("", index=ids.index, dtype=object)
    source = pd.Series("", index=ids.index, dtype=object)
    best = _publication_dates(lines, default_tz, max_distance)
    if best is not None:
        published = ids.map(best).astype(object).where(lambda v: v.notna(), "")
        source = pd.Series(np.where(published.ne(""), "text", ""), index=ids.index)
    docs["published"] = published.astype(str).to_numpy()
    docs["published_source"] = source.astype(str).to_numpy()
    return docs


def unread_datelines(docs: pd.DataFrame, lines: pd.DataFrame | None, default_tz: str = DEFAULT_TZ) -> list[dict]:
    """Warnings for documents left without a publication date although a line of theirs was
    labelled ``dateline`` (written as a date line) whose date cannot be read: an impossible
    date, or a numeric one in the other order (``01/15/2024``: numeric dates are read day
    first). Without the warning the empty value would look like a page that gives no date.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, published`` (after every source of the date was read).
    lines : pandas.DataFrame or None
        ``doc_id, line_no, label, text`` from ``clean.label_lines``.
    default_tz : str
        UTC offset of a time given without a zone.

    Returns
    -------
    list of dict
        One warning (``documents.PROBLEM_COLUMNS``) per such document, naming its first
        such line and why it is not read.

    Examples
    --------
    >>> d = pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"], "published": [""]})
    >>> l = pd.DataFrame({"doc_id": ["a"], "line_no": [2], "label": ["dateline"], "text": ["01/15/2024, 10:15 WIB"]})
    >>> unread_datelines(d, l)[0]["message"][:58]
    "no publication date: line 2 ('01/15/2024, 10:15 WIB') read"
    """
    require_columns(docs, ["doc_id", "source_file", "published"], "unread_datelines", "docs")
    undated = docs.loc[docs["published"].fillna("").astype(str).eq(""), ["doc_id", "source_file"]]
    if lines is None or undated.empty:
        return []
    require_columns(lines, ["doc_id", "line_no", "label", "text"], "unread_datelines", "lines")
    dated = lines[lines["label"].eq("dateline") & lines["doc_id"].isin(undated["doc_id"])]
    if dated.empty:
        return []
    text = dated["text"].astype(str).str.strip()
    why = read_published(text, default_tz)["problem"]
    unread = dated.assign(text=text, why=why)[why.ne("")].drop_duplicates("doc_id")
    sources = dict(zip(undated["doc_id"], undated["source_file"]))
    return [problem(sources[r.doc_id], r.doc_id, "warning",
                    f"no publication date: line {r.line_no} ({r.text[:80]!r}) reads as a date line, but {r.why}")
            for r in unread.itertuples()]


def _article_anchors(lines: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per line, its page's first and last body line and the article's anchor: the headline
    nearest above the body (a page title at the top repeats it further down), else the
    first body line."""
    line_no = lines["line_no"]
    body = lines["label"].eq("body")
    headline = lines["label"].eq("title") | lines["reason"].astype(str).str.startswith("repeat of the title")
    first_body = line_no.where(body).groupby(lines["doc_id"]).transform("min")
    last_body = line_no.where(body).groupby(lines["doc_id"]).transform("max")
    above = headline & (line_no < first_body.fillna(np.inf))
    anchor = line_no.where(above).groupby(lines["doc_id"]).transform("max").fillna(first_body)
    return first_body, last_body, anchor


def _publication_dates(lines: pd.DataFrame, default_tz: str, max_distance: int) -> pd.Series | None:
    """The publication date per document (indexed by doc_id) from its best date line near
    the article (see :func:`from_lines`); None when no line may hold one."""
    first_body, last_body, anchor = _article_anchors(lines)
    text = lines["text"].astype(str).str.strip()
    cand = (~lines["label"].isin(_NOT_PUBLICATION) & text.str.len().le(160) & anchor.notna()).to_numpy(copy=True)
    cand[cand] = text[cand].str.contains(_MAY_HOLD_DATE).to_numpy(dtype=bool)  # the regex: short lines only
    if not cand.any():
        return None
    c = lines[cand]
    stamp = read_published(text[cand], default_tz)["published"]
    n, a, fb, lb = c["line_no"], anchor[cand], first_body[cand].fillna(np.inf), last_body[cand].fillna(-np.inf)
    # lines between the headline and the body: as far as the nearer of the two
    distance = np.select([n < a, n <= fb, n > lb], [a - n, np.minimum(n - a, fb - n), n - lb], n - fb)
    frame = pd.DataFrame({"doc_id": c["doc_id"].astype(str), "stamp": stamp, "line_no": n,
                          "rank": c["label"].map({"dateline": 0, "byline": 1}).fillna(2),
                          "distance": distance, "after": (n > lb).to_numpy(),
                          "no_time": ~stamp.str.contains("T", regex=False)})
    frame = frame[frame["stamp"].ne("") & frame["distance"].le(max_distance)]
    return (frame.sort_values(["doc_id", "no_time", "rank", "after", "distance", "line_no"], kind="stable")
            .drop_duplicates("doc_id").set_index("doc_id")["stamp"])


# --------------------------------------------------------------------------- given with the corpus

def given_text(column: pd.Series, sep: str = LIST_SEP, strip: bool = True) -> pd.Series:
    """A given (table) column as text, missing values empty, a list of values (a JSON array, a
    Parquet list) joined with ``sep``.

    Parameters
    ----------
    column : pandas.Series
        A metadata column as read from a table (any dtype, missing values).
    sep : str
        What joins the values of a list (default :data:`LIST_SEP`).
    strip : bool
        Strip spaces around the text (and around each value of a list).

    Returns
    -------
    pandas.Series of str

    Examples
    --------
    >>> given_text(pd.Series([" Kompas ", None, 3, ["Ani", " Budi", None]])).tolist()
    ['Kompas', '', '3', 'Ani; Budi']
    """
    if isinstance(column.dtype, pd.StringDtype):  # text only (as Arrow reads a table): no lists, no other types
        values = column.fillna("").astype(str)  # in Arrow, not a Python object per value
        return values.str.strip() if strip else values
    values = column.astype(object)
    lists = values.map(lambda v: isinstance(v, (list, tuple, np.ndarray))) if column.dtype == object else None
    if lists is not None and lists.any():  # (only an object column can hold lists)
        values = values.copy()
        pieces = [[str(x).strip() if strip else str(x) for x in v if x is not None and not (isinstance(x, float) and x != x)]
                  for v in values[lists]]
        values[lists] = [sep.join(p for p in piece if p) for piece in pieces]
    values = values.where(values.notna(), "").astype(str)
    return values.str.strip() if strip else values


def order_problem(source: str, column: str, order: DayMonthOrder) -> list[dict]:
    """The warning, if any, on how a ``published`` column's numeric dates are read.

    Parameters
    ----------
    source : str
        The file, for the problem's ``source_file``.
    column : str
        The column, named in the message ("published column of export.csv").
    order : published.DayMonthOrder
        The order decided for the column.

    Returns
    -------
    list of dict
        One warning when ``order.warn``, else none.

    Examples
    --------
    >>> order_problem("x.csv", "published column", day_month_order(pd.Series(["25/02/2024"])))
    []
    """
    return [problem(source, "", "warning", f"{column}: {order.reason}")] if order.warn else []


def apply_given(docs: pd.DataFrame, default_tz: str = DEFAULT_TZ, order: DayMonthOrder | None = None,
                column: str = "published column") -> tuple[pd.DataFrame, list[dict]]:
    """Let non-empty ``given_*`` columns (from a table or metadata.csv) override the text.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file``, the metadata columns read from the text and any
        ``given_<column>`` of ``documents.METADATA_COLUMNS`` (dropped once applied); changed
        in place.
    default_tz : str
        UTC offset of a time given without a zone.
    order : published.DayMonthOrder or None
        The day/month order of the whole ``published`` column (decided once per input
        source by ``readers.iter_raw``); without it, it is decided from these values and its
        warning reported here.
    column : str
        Names the ``published`` column in messages.

    Returns
    -------
    tuple
        The documents and the warnings (a given date that cannot be read is kept in
        ``published_raw``).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"], "outlet": ["Kompas.com"],
    ...                      "given_outlet": [" Tempo "]})
    >>> apply_given(docs)[0]["outlet"].tolist()
    ['Tempo']
    """
    require_columns(docs, ["doc_id", "source_file"], "apply_given", "docs")
    problems: list[dict] = []
    for col in METADATA_COLUMNS:
        given = "given_" + col
        if given not in docs or col == "language":  # the stated language is read by language.keep_languages
            continue
        value = docs[given].fillna("").astype(str).str.strip()
        has = value.ne("")
        if col == "published":
            problems += _apply_given_published(docs, value, default_tz, order, column)
        else:
            docs.loc[has, col] = value[has]
        docs = docs.drop(columns=given)
    return docs, problems


def _apply_given_published(docs: pd.DataFrame, value: pd.Series, default_tz: str,
                           order: DayMonthOrder | None, column: str) -> list[dict]:
    """:func:`apply_given` of the ``published`` column (``docs`` changed in place): the
    problems."""
    problems: list[dict] = []
    has = value.ne("")
    if order is None:
        order = day_month_order(value[has])
        problems += order_problem("", column, order)
    read = read_published(value, default_tz, dayfirst=order.dayfirst, numbers=True)
    ok = has & read["published"].ne("")
    bad = has & ~ok
    docs.loc[ok, "published"] = read.loc[ok, "published"]
    docs.loc[ok, "published_source"] = "metadata"
    docs.loc[has, "published_raw"] = value[has]
    contradicts = read["problem"].str.endswith(f"read as {order.name}")
    problems += [
        problem(s, d, "warning", f"published value {v!r} "
                + (NOT_A_DATE if why == NOT_A_DATE else f"refused: {why}")
                + (f", the order of the {column}" if against else "")
                + "; kept in published_raw"
                + (" (the date read from the text is used)" if p else ""))
        for s, d, v, why, against, p in zip(
            docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"], value[bad], read.loc[bad, "problem"],
            contradicts[bad], docs.loc[bad, "published"])
    ]
    return problems


def _metadata_table(folder: Path) -> tuple[pd.DataFrame | None, list[dict]]:
    """The usable rows of ``folder/metadata.csv`` and the problems with the file itself."""
    from .readers.csv_rows import _csv_batches, _csv_encoding, _encoding_problem  # the corpus tables' reader

    path = folder / "metadata.csv"
    if not path.exists():
        return None, []
    try:  # as a corpus CSV: cp1252 bytes read (a warning), a ragged or broken row refused, the others kept
        encoding = _csv_encoding(path)
        read = list(_csv_batches(path, 1 << 30, encoding))
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [problem("metadata.csv", "", "error", f"metadata.csv ignored: cannot be read ({exc})")]
    problems = _encoding_problem("metadata.csv", encoding) + [p for _, _, found in read for p in found]
    meta = pd.concat([frame for frame, _, _ in read], ignore_index=True).fillna("").astype(str)
    if "doc_id" not in meta.columns:
        return None, problems + [problem("metadata.csv", "", "error", "metadata.csv ignored: it has no doc_id column")]
    unknown = [c for c in meta.columns if c != "doc_id" and c not in METADATA_COLUMNS]
    if unknown:
        problems.append(problem("metadata.csv", "", "warning",
                                f"metadata.csv columns ignored (not metadata): {', '.join(unknown)}"))
    meta["doc_id"] = meta["doc_id"].str.strip()
    dup = meta["doc_id"].duplicated(keep="first")
    problems += [problem("metadata.csv", d, "warning", "metadata.csv: repeated doc_id; the first row is used")
                 for d in meta.loc[dup, "doc_id"]]
    return meta[~dup], problems


def check_metadata_csv(folder: Path, doc_ids: set[str]) -> tuple[DayMonthOrder | None, list[dict]]:
    """How the ``published`` dates of ``folder/metadata.csv`` are read, and the problems of the
    file as a whole (reported once, with the first batch).

    Parameters
    ----------
    folder : pathlib.Path
        A folder corpus.
    doc_ids : set of str
        The ids of its pages (a row matching none is a warning).

    Returns
    -------
    tuple
        The day/month order of its ``published`` column (None without one, or without the
        file) and the problems: the file's own, then a row matching no page, then the order's
        warning.

    Examples
    --------
    >>> check_metadata_csv(Path("seeds"), set())
    (None, [])
    """
    meta, problems = _metadata_table(folder)
    if meta is None:
        return None, problems
    problems += [problem("metadata.csv", d, "warning", "metadata.csv: doc_id matches no page")
                 for d in sorted(set(meta["doc_id"]) - doc_ids)]
    if "published" not in meta.columns:
        return None, problems
    order = day_month_order(given_text(meta["published"]))
    return order, problems + order_problem("metadata.csv", METADATA_CSV_COLUMN, order)


def join_metadata_csv(folder: Path, docs: pd.DataFrame) -> pd.DataFrame:
    """Join the ``metadata.csv`` values of these documents as ``given_*`` columns.

    Its problems are reported once per corpus, by :func:`check_metadata_csv`.

    Parameters
    ----------
    folder : pathlib.Path
        A folder corpus (without ``metadata.csv``, ``docs`` is returned as it is).
    docs : pandas.DataFrame
        ``doc_id`` and any other columns.

    Returns
    -------
    pandas.DataFrame
        ``docs`` with ``given_<column>`` for each metadata column of the file.

    Examples
    --------
    >>> join_metadata_csv(Path("seeds"), pd.DataFrame({"doc_id": ["a"]})).columns.tolist()
    ['doc_id']
    """
    require_columns(docs, ["doc_id"], "join_metadata_csv", "docs")
    meta, _ = _metadata_table(folder)
    if meta is None:
        return docs
    cols = [c for c in meta.columns if c in METADATA_COLUMNS]
    return docs.join(meta.set_index("doc_id")[cols].add_prefix("given_"), on="doc_id")
