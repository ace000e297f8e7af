"""Load a corpus of news pages into a tidy ``documents`` table, reporting every refusal.

A corpus is either

* a folder of ``.txt`` pages (searched recursively, sorted by path; ``doc_id`` is the
  path without ``.txt``, i.e. the file stem for pages at the top), optionally with a
  ``metadata.csv`` (``doc_id`` plus any of ``outlet, title, published, url, authors,
  editors, credited_sources``) whose non-empty values override what the text says;
* or one ``.csv`` / ``.jsonl`` (``.jsonl.gz``) / ``.parquet`` file with a ``text`` column
  and, optionally, the same metadata columns.

Nothing is lost: each input file (and table row) is either a row of ``documents`` or a
row of ``problems`` saying why it was refused. Warnings (a guessed encoding, an unreadable
``published`` value) are reported in ``problems`` too, with ``severity = warning``.

>>> c = load("seeds")
>>> c.documents[["doc_id", "outlet", "published"]].iloc[1].tolist()
['001_4ce3aef62b4e11e4', 'Okezone', '2023-10-27T17:33:00+07:00']
>>> len(c.problems)
0

Metadata read from the text (outlet, title, publication date, authors, editors and the
wires credited) is driven by the outlet profiles in ``analysis/data/outlets.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import rules
from .paths import display_path, resolve
from .published import NOT_A_DATE, DayMonthOrder, day_month_order, read_published

__all__ = [
    "Corpus", "RawBatch", "load", "repair", "iter_batches", "iter_raw", "finish", "decode", "describe", "split_lines",
    "DOCUMENT_COLUMNS", "PROBLEM_COLUMNS", "METADATA_COLUMNS", "TABLE_SUFFIXES",
]

#: Columns of ``tables/documents.csv`` (the ``text`` column is kept in memory only).
DOCUMENT_COLUMNS = [
    "doc_id", "source_file", "outlet", "title", "published", "published_source", "published_raw",
    "authors", "editors", "credited_sources", "url", "language", "encoding",
    "n_lines", "n_nonblank_lines", "n_chars",
]
_COUNT_COLUMNS = ("n_lines", "n_nonblank_lines", "n_chars")
PROBLEM_COLUMNS = ["source_file", "doc_id", "severity", "message"]
#: Columns a table corpus or ``metadata.csv`` may give, overriding the text.
METADATA_COLUMNS = ["outlet", "title", "published", "url", "authors", "editors", "credited_sources"]
TABLE_SUFFIXES = (".csv", ".jsonl", ".jsonl.gz", ".json", ".parquet")
LIST_SEP = "; "


@dataclass
class Corpus:
    """The result of loading: one row per document and one row per problem."""

    documents: pd.DataFrame
    problems: pd.DataFrame
    #: The cleaner's labelled lines (``clean.label_lines``), from which the title and date
    #: were read; None where the documents were not cleaned yet.
    lines: pd.DataFrame | None = None

    @staticmethod
    def concat(parts: list["Corpus"]) -> "Corpus":
        docs = [p.documents for p in parts if len(p.documents)]
        probs = [p.problems for p in parts if len(p.problems)]
        lines = [p.lines for p in parts if p.lines is not None and len(p.lines)]
        return Corpus(
            pd.concat(docs, ignore_index=True) if docs else _empty_documents(),
            pd.concat(probs, ignore_index=True) if probs else _empty_problems(),
            pd.concat(lines, ignore_index=True) if lines else None,
        )


def _empty_documents() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DOCUMENT_COLUMNS + ["text"]})


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})


def _problem(source: str, doc_id: str, severity: str, message: str) -> dict:
    return {"source_file": source, "doc_id": doc_id, "severity": severity, "message": message}


# --------------------------------------------------------------------------- decoding

def decode(data: bytes, name: str) -> tuple[str | None, str, list[dict]]:
    """Decode one file's bytes: UTF-8 (BOM stripped) or a detected encoding, with CRLF/CR
    turned into LF. Returns ``(text or None when refused, encoding, problems)``.

    >>> decode(b"\\xef\\xbb\\xbfSatu\\r\\nDua", "a.txt")[:2]
    ('Satu\\nDua', 'utf-8-sig')
    >>> decode(b"", "b.txt")[2][0]["message"]
    'refused: the file is empty'
    """
    doc_id = Path(name).stem
    if not data:
        return None, "", [_problem(name, doc_id, "error", "refused: the file is empty")]
    if b"\x00" in data[:65536]:
        return None, "", [_problem(name, doc_id, "error", "refused: binary file (contains NUL bytes)")]
    problems: list[dict] = []
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return None, "", [_problem(name, doc_id, "error",
                                       "refused: not text in any encoding we can detect (binary?)")]
        encoding = best.encoding
        text = str(best)
        problems.append(_problem(name, doc_id, "warning",
                                 f"not valid UTF-8; decoded as {encoding} (detected by charset-normalizer)"))
    text = _normalise_newlines(text)
    if _control_ratio(text) > 0.05:
        return None, encoding, [_problem(name, doc_id, "error",
                                         "refused: binary file (mostly control characters)")]
    if not text.strip():
        return None, encoding, [_problem(name, doc_id, "error", "refused: the file holds only blank lines")]
    return text, encoding, problems


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def _normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- readers

def _page_paths(folder: Path) -> tuple[list[Path], list[Path]]:
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    pages = [p for p in files if p.suffix.lower() == ".txt"]
    others = [p for p in files if p.suffix.lower() != ".txt" and p.name != "metadata.csv"]
    return pages, others


def _read_pages(paths: list[Path], folder: Path) -> Corpus:
    rows, problems = [], []
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        doc_id = rel[: -len(path.suffix)]
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(_problem(rel, doc_id, "error", f"refused: cannot read the file ({exc.strerror})"))
            continue
        text, encoding, found = decode(data, rel)
        for f in found:
            f["doc_id"] = doc_id
        problems.extend(found)
        if text is not None:
            rows.append({"doc_id": doc_id, "source_file": rel, "text": text, "encoding": encoding})
    return Corpus(pd.DataFrame(rows, columns=["doc_id", "source_file", "text", "encoding"]),
                  pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


def _csv_encoding(path: Path) -> str:
    """UTF-8 (BOM stripped) when the whole file decodes as such, else the detected encoding."""
    encoding = "utf-8-sig"
    try:
        with open(path, encoding=encoding) as fh:
            while fh.read(1 << 20):
                pass
    except UnicodeDecodeError:
        from charset_normalizer import from_path

        best = from_path(path).best()
        encoding = best.encoding if best else "latin-1"
    return encoding


def _read_table_batches(path: Path, batch_size: int, encoding: str | None = None) -> Iterator[pd.DataFrame]:
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
            yield batch.to_pandas()
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        yield from pd.read_json(path, lines=True, dtype=False, chunksize=batch_size,
                                compression="infer", encoding="utf-8")
    else:
        yield from pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=batch_size,
                               encoding=encoding or _csv_encoding(path))


def _given_text(column: pd.Series) -> pd.Series:
    """A given (table) column as stripped text, missing values empty."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


#: Rows per chunk of the ``published`` pre-pass (one column only, so larger than a batch).
_PREPASS_ROWS = 50_000


def _published_column(path: Path, encoding: str | None = None) -> Iterator[pd.Series]:
    """Only the ``published`` column of a table file, in chunks (nothing when it has none):
    the cheap pre-pass that decides the column's day/month order before the batches."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        if "published" not in pf.schema_arrow.names:
            return
        for batch in pf.iter_batches(batch_size=_PREPASS_ROWS, columns=["published"]):
            yield _given_text(batch.to_pandas()["published"])
    elif name.endswith((".jsonl", ".jsonl.gz", ".json")):
        # a streaming pass with the reader of the batches (so values are read the same)
        for frame in pd.read_json(path, lines=True, dtype=False, chunksize=_PREPASS_ROWS,
                                  compression="infer", encoding="utf-8"):
            if "published" in frame.columns:
                yield _given_text(frame["published"])
    else:
        encoding = encoding or _csv_encoding(path)
        header = pd.read_csv(path, dtype=str, nrows=0, encoding=encoding).columns
        if "published" not in header:
            return
        for frame in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=_PREPASS_ROWS,
                                 encoding=encoding, usecols=["published"]):
            yield _given_text(frame["published"])


def _table_rows(frame: pd.DataFrame, source: str, stem: str, start: int) -> Corpus:
    """Turn one batch of table rows into raw documents (text + given metadata)."""
    if "text" not in frame.columns:
        raise ValueError(f"{source}: no 'text' column (columns: {', '.join(map(str, frame.columns))})")
    frame = frame.reset_index(drop=True)
    row_no = np.arange(start + 1, start + len(frame) + 1)
    ids = pd.Series([f"{stem}-{i:07d}" for i in row_no], dtype=object)
    if "doc_id" in frame.columns:
        given = frame["doc_id"].astype(object).where(frame["doc_id"].notna(), "").astype(str).str.strip()
        ids = given.where(given.ne(""), ids)
    text = frame["text"].astype(object).where(frame["text"].notna(), "").astype(str)
    text = text.str.lstrip("\ufeff").str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    sources = pd.Series([f"{source}:{i}" for i in row_no], dtype=object)
    raw = pd.DataFrame({"doc_id": ids, "source_file": sources, "text": text, "encoding": "utf-8"})
    for col in METADATA_COLUMNS:
        if col in frame.columns:
            raw["given_" + col] = _given_text(frame[col])
    blank = raw["text"].str.strip().eq("")
    problems = [
        _problem(s, d, "error", "refused: the text is empty")
        for s, d in zip(raw.loc[blank, "source_file"], raw.loc[blank, "doc_id"])
    ]
    return Corpus(raw[~blank].reset_index(drop=True), pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


# --------------------------------------------------------------------------- metadata from text

def split_lines(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per raw line: ``doc_id, line_no`` (1-based), ``text``; blank lines included.

    >>> split_lines(pd.DataFrame({"doc_id": ["a"], "text": ["x\\n\\ny"]}))["line_no"].tolist()
    [1, 2, 3]
    """
    if documents.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "line_no": pd.Series(dtype="int64"),
                             "text": pd.Series(dtype=object)})
    parts = documents[["doc_id"]].assign(text=documents["text"].str.split("\n")).explode("text")
    parts["line_no"] = parts.groupby(level=0).cumcount() + 1
    return parts[["doc_id", "line_no", "text"]].reset_index(drop=True).astype({"line_no": "int64"})


_TAG = re.compile(r"<[^>]{0,200}>")


_CAPTURE = re.compile(r"(?<!\\)\((?!\?)")


@lru_cache(maxsize=None)
def _combined(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """One alternation of ``patterns`` with capturing groups made non-capturing (for tests)."""
    body = "|".join(f"(?:{_CAPTURE.sub('(?:', p)})" for p in patterns)
    return re.compile(body or r"(?!x)x", flags)


def _furniture_regex() -> re.Pattern:
    m = rules.metadata_rules()
    pats = [p.pattern for p in m["title_skip"]] + [p.pattern for o in rules.outlet_profiles() for p in o.furniture]
    return _combined(tuple(pats), re.I)


def _outlet_alias_map() -> dict[str, str]:
    out = {}
    for o in rules.outlet_profiles():
        for alias in (o.name, *o.aliases):
            out[alias.lower()] = o.name
    return out


def _first_per_doc(frame: pd.DataFrame, mask: pd.Series, column: str) -> pd.Series:
    hit = frame[mask]
    return hit.groupby("doc_id", sort=False)[column].first()


def _profile_regex(kind: str) -> re.Pattern:
    """One alternation over every profile's ``kind`` patterns, group ``p{i}`` = profile i."""
    parts = []
    for i, profile in enumerate(rules.outlet_profiles()):
        pats = tuple(p.pattern for p in getattr(profile, kind))
        if pats:
            parts.append(f"(?P<p{i}>{_combined(pats).pattern})")
    return re.compile("|".join(parts) or r"(?!x)x", re.M)


_URL = re.compile(r"https?://\S+|\bwww\.\S+|\burl\([^)]*\)|[\w.-]+@[\w.-]+")
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*(?:\.(?i:com|co|id|net|org|tv|news)){1,2}\b")


def _title_suffix_outlets(lines: pd.DataFrame) -> pd.Series:
    """Outlet per document from a first line that ends in the site's name ("Judul -
    Kompas.com", "Judul | Republika Online"): the domain in that name, else the longest
    leading part of the name that another short line of the page repeats (a masthead, a
    menu, a footer). A name the page does not confirm is not taken."""
    first = lines.drop_duplicates("doc_id")
    first = first[first["text"].str.len().le(250)]
    suffix = first["text"].str.strip().str.extract(rules.metadata_rules()["title_suffix"])["outlet"].dropna()
    if suffix.empty:
        return pd.Series(dtype=object)
    doc_of = first.loc[suffix.index, "doc_id"]
    others = lines[lines["doc_id"].isin(set(doc_of)) & lines["text"].str.len().le(120)]
    others = others[~others.index.isin(first.index)]
    page_text = others.groupby("doc_id", sort=False)["text"].agg(lambda t: "\n".join(t).casefold())
    out = {}
    for doc_id, name in zip(doc_of, suffix.str.strip()):
        domain = _DOMAIN.search(name)
        if domain:
            out[doc_id] = domain.group(0)
            continue
        words, text = name.split(), page_text.get(doc_id, "")
        for k in range(len(words), 0, -1):
            part = " ".join(words[:k])
            if len(part) >= 3 and (part.casefold() in text or part.casefold().replace(" ", "") in text):
                out[doc_id] = part
                break
    return pd.Series(out, dtype=object)


def _masthead_outlets(lines: pd.DataFrame, rx: re.Pattern) -> pd.Series:
    """Outlet per document from lines that are only a domain ("TRIBUNSOLO.COM"): of several
    (a network's list of its sites), the one the page names most often, then the first."""
    name = lines["text"].str.extract(rx)["outlet"].dropna()
    if name.empty:
        return pd.Series(dtype=object)
    doc_of = lines.loc[name.index, "doc_id"]
    text = (lines[lines["doc_id"].isin(set(doc_of))].groupby("doc_id", sort=False)["text"]
            .agg(lambda t: "\n".join(t).casefold()))
    out = {}
    for doc_id, names in name.groupby(doc_of, sort=False):
        counts = [(text[doc_id].count(n.casefold()), -i, n) for i, n in enumerate(dict.fromkeys(names))]
        out[doc_id] = max(counts)[2]
    return pd.Series(out, dtype=object)


def _outlets(lines: pd.DataFrame, doc_ids: pd.Series) -> pd.Series:
    """Outlet per document, from the strongest evidence the page gives: a profile's
    dateline, a generic dateline naming an outlet ("Jakarta, CNN Indonesia --",
    "KONTAN.CO.ID -"), a byline naming it ("Nama - detikinet"), the site's name after the
    page title, a masthead line, a copyright line, then a profile's identifying pattern; empty when the text does not say. Names
    are mapped to the profiles' canonical names; an unknown outlet keeps its own spelling.
    Addresses (URLs, e-mail, stylesheet imports) never identify a page.

    Each step is one pass of one compiled alternation over the lines column."""
    profiles = rules.outlet_profiles()
    aliases = _outlet_alias_map()
    meta = rules.metadata_rules()
    found = []
    openings = lines["text"].str.slice(0, 160)  # datelines open a line
    # furniture lines are short; a long paragraph naming an outlet ("dikutip dari
    # kompas.com") does not identify the page, nor does an address
    short = lines["text"].where(lines["text"].str.len().le(200), "").str.replace(_URL, " ", regex=True)
    # masthead and copyright lines are short and hold a dot or a copyright sign
    mastheads = short.str.strip()
    mastheads = mastheads.where(mastheads.str.len().le(120) & mastheads.str.contains(r"[.©@]|(?i:copyright|hak cipta)"), "")
    passes = ([(openings, _profile_regex("dateline"))]
              + [(openings, rx) for rx in meta["dateline_outlet"]]
              + [(short.str.strip(), meta["byline_outlet"]), "title suffix", "masthead",
                 (mastheads, meta["copyright_outlet"]),
                 (short, _profile_regex("identify"))])
    for rank, step in enumerate(passes):
        if isinstance(step, str):
            names = (_title_suffix_outlets(lines.assign(text=lines["text"].astype(str))) if step == "title suffix"
                     else _masthead_outlets(lines.assign(text=mastheads), meta["masthead_outlet"]))
            if len(names):
                firsts = lines.drop_duplicates("doc_id").set_index("doc_id")["line_no"]
                found.append(pd.DataFrame({"rank": rank, "line_no": firsts.reindex(names.index).to_numpy(),
                                           "doc_id": names.index, "outlet": names.map(
                                               lambda n: aliases.get(n.lower(), n)).to_numpy()}))
            continue
        column, rx = step
        ext = column.str.extract(rx)
        if "outlet" in ext:
            names = ext["outlet"].dropna().str.strip().map(lambda n: aliases.get(n.lower(), n))
        else:
            hit = ext.notna()
            names = hit.idxmax(axis=1)[hit.any(axis=1)].map(lambda g: profiles[int(g[1:])].name)
        found.append(pd.DataFrame({"rank": rank, "line_no": lines.loc[names.index, "line_no"],
                                   "doc_id": lines.loc[names.index, "doc_id"], "outlet": names}))
    found = pd.concat(found).sort_values(["doc_id", "rank", "line_no"], kind="stable")
    return found.groupby("doc_id", sort=False)["outlet"].first()


def _split_names(value: str) -> list[str]:
    sep = rules.metadata_rules()["name_split"]
    return [n.strip(" .-–") for n in sep.split(value) if n.strip(" .-–")]


def _join_unique(values) -> str:
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
    found = []
    for rx in patterns:
        ext = head["text"].str.extract(rx)
        for field in ("authors", "editors", "date"):
            if field in ext:
                hit = ext[field].dropna()
                found.append(pd.DataFrame({"doc_id": head.loc[hit.index, "doc_id"], "line_no": head.loc[hit.index, "line_no"],
                                           "field": field, "value": hit}))
    # two-line layout: "Reporter" alone, the name on the next non-blank line
    following = head.groupby("doc_id", sort=False)["text"].shift(-1)
    for field, rx in m["byline_label"].items():
        hit = head["text"].str.match(rx) & following.notna()
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
    m = rules.metadata_rules()
    known = {n.casefold(): n for n in m["credit_names"]}
    found = []
    for rx in m["credit_cues"]:
        ext = head["text"].str.extractall(rx)
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


def describe(raw: pd.DataFrame, default_tz: str = "+07:00") -> pd.DataFrame:
    """Read metadata from the page text: the pure per-batch metadata step.

    ``raw`` has ``doc_id, source_file, text`` (and ``encoding``); returns it with
    ``outlet, title, published, published_source, authors, editors, credited_sources,
    n_lines, n_nonblank_lines, n_chars`` added. Values are empty when the text does not say.
    """
    docs = raw.reset_index(drop=True).copy()
    ids = docs["doc_id"]
    lines = split_lines(docs)
    lines = lines[lines["text"].str.strip().ne("")].reset_index(drop=True)
    lines["text"] = lines["text"].str.strip()
    m = rules.metadata_rules()
    ends = _first_per_doc(lines, lines["text"].str.match(_combined(tuple(p.pattern for p in m["article_end"]), re.I)), "line_no")
    end = lines["doc_id"].map(ends).fillna(np.inf)
    head = lines[lines["line_no"] < end].reset_index(drop=True)

    authors, editors, _ = _bylines(head)

    docs["outlet"] = _lookup(ids, _outlets(lines, ids))
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


def from_lines(docs: pd.DataFrame, lines: pd.DataFrame, default_tz: str = "+07:00",
               max_distance: int = 30) -> pd.DataFrame:
    """Title and publication date from the cleaner's labelled lines (the second half of
    reading metadata from the text, after :func:`describe` and ``clean.label_lines``).

    Parameters
    ----------
    docs : DataFrame
        ``doc_id`` plus ``title, published, published_source`` (overwritten).
    lines : DataFrame
        ``doc_id, line_no, label, reason, text`` from ``clean.label_lines``.
    default_tz : str
        UTC offset of a time given without a zone.
    max_distance : int
        How many lines from the article (its headline, or its first and last body line) a
        date line may stand: a date further away belongs to a teaser list or the site's
        header, and is not taken.

    Returns
    -------
    ``docs`` with ``title`` (the cleaner's title line, or "" where it found none: never a
    guess) and ``published`` (from the non-article lines near the article: one with a clock
    time before a date alone, then a line the cleaner labelled ``dateline``, then a byline,
    then any other short line, then one above the article's end, then the nearest),
    ``published_source`` "text" where found.

    Example
    -------
    >>> from analysis import clean
    >>> d = pd.DataFrame({"doc_id": ["a"], "text": ["Korut Kirim Peluru ke Rusia\\nSelasa, 9 Januari 2024 "
    ...     "10:15 WIB\\nJakarta - Korea Utara telah mengirim lebih dari satu juta peluru artileri ke Rusia, "
    ...     "kata pejabat itu di Seoul."]})
    >>> from_lines(d.assign(title="", published="", published_source=""), clean.label_lines(d))[
    ...     ["title", "published"]].to_numpy().tolist()
    [['Korut Kirim Peluru ke Rusia', '2024-01-09T10:15:00+07:00']]
    """
    from . import clean

    missing = [c for c in ("doc_id", "line_no", "label", "text") if c not in lines]
    if missing:
        raise KeyError(f"from_lines: lines lack column(s) {', '.join(missing)}")
    docs = docs.copy()
    ids = docs["doc_id"].astype(str)
    docs["title"] = ids.map(clean.titles(lines)).astype(object).where(lambda v: v.notna(), "").astype(str)

    line_no = lines["line_no"]
    body = lines["label"].eq("body")
    headline = lines["label"].eq("title") | lines["reason"].astype(str).str.startswith("repeat of the title")
    first_body = line_no.where(body).groupby(lines["doc_id"]).transform("min")
    last_body = line_no.where(body).groupby(lines["doc_id"]).transform("max")
    # the headline nearest above the body (a page title at the top repeats it further down)
    above = headline & (line_no < first_body.fillna(np.inf))
    anchor = line_no.where(above).groupby(lines["doc_id"]).transform("max").fillna(first_body)
    text = lines["text"].astype(str).str.strip()
    cand = (~lines["label"].isin(_NOT_PUBLICATION) & text.str.len().le(160)
            & text.str.contains(_MAY_HOLD_DATE) & anchor.notna())
    published = pd.Series("", index=ids.index, dtype=object)
    source = pd.Series("", index=ids.index, dtype=object)
    if cand.any():
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
        best = (frame.sort_values(["doc_id", "no_time", "rank", "after", "distance", "line_no"], kind="stable")
                .drop_duplicates("doc_id").set_index("doc_id")["stamp"])
        published = ids.map(best).astype(object).where(lambda v: v.notna(), "")
        source = pd.Series(np.where(published.ne(""), "text", ""), index=ids.index)
    docs["published"] = published.astype(str).to_numpy()
    docs["published_source"] = source.astype(str).to_numpy()
    return docs


# --------------------------------------------------------------------------- language

@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: Languages accepted as Indonesian: py3langid often labels Indonesian news as Malay.
INDONESIAN = ("id", "ms")


def detect_language(texts: pd.Series, sample_chars: int = 1000) -> pd.DataFrame:
    """Language (ISO 639-1) and probability per text, from py3langid on the first characters."""
    ident = _identifier()
    found = [ident.classify(t[:sample_chars]) for t in texts]
    return pd.DataFrame(found, columns=["language", "probability"], index=texts.index)


@lru_cache(maxsize=1)
def _marker_rules() -> tuple[re.Pattern, int, int]:
    rules_ = rules.load_yaml("language.yaml")
    words = "|".join(sorted(map(re.escape, rules_["markers"]), key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{words})(?!\w)"), int(rules_["sample_chars"]), int(rules_["min_markers"])


def identify_languages(texts: pd.Series) -> pd.DataFrame:
    """Language and probability per text: Indonesian at once when the opening is dense in
    Indonesian function words (``data/language.yaml``), else py3langid.

    >>> identify_languages(pd.Series(["Menurut dia, hal itu akan dibahas dengan para menteri yang "
    ...     "hadir di Jakarta dan juga oleh pejabat dari Korea karena itu penting untuk dibahas pada saat ini."]))
    ... # doctest: +NORMALIZE_WHITESPACE
      language  probability
    0       id          1.0
    """
    rx, sample, minimum = _marker_rules()
    dense = texts.str.slice(0, sample).str.count(rx).ge(minimum)
    out = pd.DataFrame({"language": "id", "probability": 1.0}, index=texts.index)
    if (~dense).any():
        out.loc[~dense, ["language", "probability"]] = detect_language(texts[~dense]).to_numpy()
    out["probability"] = out["probability"].astype(float)
    return out


def _check_language(docs: pd.DataFrame, languages) -> tuple[pd.DataFrame, list[dict]]:
    if not languages or languages == "any" or docs.empty:
        docs["language"] = "" if docs.empty else identify_languages(docs["text"])["language"].to_numpy()
        return docs, []
    accepted = set(languages) | (set(INDONESIAN) if set(languages) & set(INDONESIAN) else set())
    lang = identify_languages(docs["text"])
    docs["language"] = lang["language"].where(~lang["language"].isin(INDONESIAN), "id").to_numpy()
    bad = ~lang["language"].isin(accepted) & lang["probability"].ge(0.9)
    problems = [
        _problem(s, d, "error", f"refused: the text is not Indonesian (detected '{l}' with p={p:.2f}); "
                                f"set languages to keep it")
        for s, d, l, p in zip(docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"],
                              lang.loc[bad, "language"], lang.loc[bad, "probability"])
    ]
    return docs[~bad.to_numpy()].reset_index(drop=True), problems


# --------------------------------------------------------------------------- overrides

def _order_problem(source: str, column: str, order: DayMonthOrder) -> list[dict]:
    """The warning, if any, on how a ``published`` column's numeric dates are read."""
    return [_problem(source, "", "warning", f"{column}: {order.reason}")] if order.warn else []


def _apply_given(docs: pd.DataFrame, default_tz: str, order: DayMonthOrder | None = None,
                 column: str = "published column") -> tuple[pd.DataFrame, list[dict]]:
    """Let non-empty ``given_*`` columns (from a table or metadata.csv) override the text.

    ``order``: the day/month order of the whole ``published`` column (decided once per
    input source by :func:`iter_raw`); without it, it is decided from this batch's values
    and its warning reported here. ``column`` names the column in messages.
    """
    problems: list[dict] = []
    for col in METADATA_COLUMNS:
        given = "given_" + col
        if given not in docs:
            continue
        value = docs[given].fillna("").astype(str).str.strip()
        has = value.ne("")
        if col == "published":
            if order is None:
                order = day_month_order(value[has])
                problems += _order_problem("", column, order)
            read = read_published(value, default_tz, dayfirst=order.dayfirst)
            ok = has & read["published"].ne("")
            bad = has & ~ok
            docs.loc[ok, "published"] = read.loc[ok, "published"]
            docs.loc[ok, "published_source"] = "metadata"
            docs.loc[has, "published_raw"] = value[has]
            contradicts = read["problem"].str.endswith(f"read as {order.name}")
            problems += [
                _problem(s, d, "warning", f"published value {v!r} "
                         + (NOT_A_DATE if why == NOT_A_DATE else f"refused: {why}")
                         + (f", the order of the {column}" if against else "")
                         + "; kept in published_raw"
                         + (" (the date read from the text is used)" if p else ""))
                for s, d, v, why, against, p in zip(
                    docs.loc[bad, "source_file"], docs.loc[bad, "doc_id"], value[bad], read.loc[bad, "problem"],
                    contradicts[bad], docs.loc[bad, "published"])
            ]
        else:
            docs.loc[has, col] = value[has]
        docs = docs.drop(columns=given)
    return docs, problems


def _metadata_table(folder: Path) -> tuple[pd.DataFrame | None, list[dict]]:
    """The usable rows of ``folder/metadata.csv`` and the problems with the file itself."""
    path = folder / "metadata.csv"
    if not path.exists():
        return None, []
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [_problem("metadata.csv", "", "error", f"metadata.csv ignored: cannot be read ({exc})")]
    if "doc_id" not in meta.columns:
        return None, [_problem("metadata.csv", "", "error", "metadata.csv ignored: it has no doc_id column")]
    problems = []
    unknown = [c for c in meta.columns if c != "doc_id" and c not in METADATA_COLUMNS]
    if unknown:
        problems.append(_problem("metadata.csv", "", "warning",
                                 f"metadata.csv columns ignored (not metadata): {', '.join(unknown)}"))
    meta["doc_id"] = meta["doc_id"].str.strip()
    dup = meta["doc_id"].duplicated(keep="first")
    problems += [_problem("metadata.csv", d, "warning", "metadata.csv: repeated doc_id; the first row is used")
                 for d in meta.loc[dup, "doc_id"]]
    return meta[~dup], problems


def _metadata_problems(folder: Path, doc_ids: set[str]) -> list[dict]:
    """Problems of ``metadata.csv`` as a whole (reported once, with the first batch)."""
    meta, problems = _metadata_table(folder)
    if meta is not None:
        problems += [_problem("metadata.csv", d, "warning", "metadata.csv: doc_id matches no page")
                     for d in sorted(set(meta["doc_id"]) - doc_ids)]
    return problems


def _read_metadata_csv(folder: Path, docs: pd.DataFrame) -> pd.DataFrame:
    """Join the ``metadata.csv`` values of this batch's documents as ``given_*`` columns
    (its problems are reported once per corpus, by :func:`_metadata_problems`)."""
    meta, _ = _metadata_table(folder)
    if meta is None:
        return docs
    cols = [c for c in meta.columns if c in METADATA_COLUMNS]
    return docs.join(meta.set_index("doc_id")[cols].add_prefix("given_"), on="doc_id")


# --------------------------------------------------------------------------- public entry points

#: UTF-8 text that was decoded as Mac Roman or cp1252 somewhere upstream ("‚Äù", "¬†", "Ã©", "â€™").
_MOJIBAKE = re.compile(r"‚Ä|¬†|Ã[\x80-\xbf©®]|â€")
#: Spreadsheet exports write a carriage return as the literal "_x000D_".
_ESCAPED_CR = re.compile(r"_x000D_")


#: A run of non-space characters with at least one non-ASCII character: where mojibake can be.
_NON_ASCII_RUN = re.compile(r"[^ \t\n\r]*[^\x00-\x7f][^ \t\n\r]*")


def _fix_encoding(text: str, fix) -> str:
    """``fix(text)`` (ftfy's ``fix_encoding``) applied to the non-ASCII runs of the text only:
    they are fixed together, one per line, as one string (ftfy judges the whole of it, as it
    would the text) and put back in place. ASCII text can be neither mojibake nor its cure,
    so this equals fixing the whole text (the same on the 1,545 broken pages of a 5,000-page
    sample of a real corpus), at a third of the cost; if the runs do not come back one per
    line, the whole text is fixed instead.

    >>> import ftfy
    >>> _fix_encoding("kata dia,‚Äù ujar Ikhsan ‚â• 18", ftfy.fix_encoding)
    'kata dia,” ujar Ikhsan ≥ 18'
    """
    runs = _NON_ASCII_RUN.findall(text)
    fixed = fix("\n".join(runs)).split("\n")
    if len(fixed) != len(runs):
        return fix(text)
    pieces = iter(fixed)
    return _NON_ASCII_RUN.sub(lambda _: next(pieces), text)


def repair(docs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Repair text broken before it reached us: mojibake (with ftfy, only in the documents
    that show its marks) and literal ``_x000D_``. Each repair is reported as a warning.

    >>> d, p = repair(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
    ...                             "text": ["kata dia,‚Äù ujar Ikhsan._x000D_"]}))
    >>> d["text"][0], p[0]["message"]
    ('kata dia,” ujar Ikhsan.', 'repaired mis-decoded characters (mojibake) with ftfy')
    """
    problems: list[dict] = []
    broken = docs["text"].str.contains(_MOJIBAKE)
    if broken.any():
        import ftfy

        docs = docs.copy()
        docs.loc[broken, "text"] = [_fix_encoding(t, ftfy.fix_encoding) for t in docs.loc[broken, "text"]]
        problems += [_problem(s, d, "warning", "repaired mis-decoded characters (mojibake) with ftfy")
                     for s, d in zip(docs.loc[broken, "source_file"], docs.loc[broken, "doc_id"])]
    escaped = docs["text"].str.contains(_ESCAPED_CR)
    if escaped.any():
        docs = docs.copy() if not broken.any() else docs
        docs.loc[escaped, "text"] = docs.loc[escaped, "text"].str.replace(_ESCAPED_CR, "", regex=True)
        problems += [_problem(s, d, "warning", "removed literal '_x000D_' (a carriage return escaped by a spreadsheet)")
                     for s, d in zip(docs.loc[escaped, "source_file"], docs.loc[escaped, "doc_id"])]
    return docs, problems


def _finish(raw: Corpus, languages, default_tz: str, metadata_folder: Path | None = None,
            published_order: DayMonthOrder | None = None, published_column: str = "published column") -> Corpus:
    docs, problems = raw.documents, [raw.problems] if len(raw.problems) else []
    if docs.empty:
        return Corpus(_empty_documents(), raw.problems.reindex(columns=PROBLEM_COLUMNS))
    docs, repair_problems = repair(docs)
    if repair_problems:
        problems.append(pd.DataFrame(repair_problems, columns=PROBLEM_COLUMNS))
    docs, lang_problems = _check_language(docs.copy(), languages)
    docs = describe(docs, default_tz) if len(docs) else docs
    extra = lang_problems
    if metadata_folder is not None and len(docs):
        docs = _read_metadata_csv(metadata_folder, docs)
    lines = None
    if len(docs):
        # the cleaner sees the outlet and title given as metadata (its outlet furniture, the
        # title line to look for); the title and date read from its labels come next, and
        # the given values override them
        from .clean import label_lines

        given = docs.copy()
        for col in ("outlet", "title"):
            if f"given_{col}" in given:
                value = given[f"given_{col}"].fillna("").astype(str).str.strip()
                given[col] = value.where(value.ne(""), given[col])
        lines = label_lines(given)
        docs = from_lines(docs, lines, default_tz)
        docs, given_problems = _apply_given(docs, default_tz, published_order, published_column)
        extra += given_problems
    docs = docs.reindex(columns=DOCUMENT_COLUMNS + ["text"]) if len(docs) else _empty_documents()
    for col in docs.columns:
        if col in _COUNT_COLUMNS:
            docs[col] = pd.to_numeric(docs[col], errors="coerce").fillna(0).astype("int64")
        else:
            docs[col] = docs[col].astype(object).where(docs[col].notna(), "").astype(str)
    probs = pd.concat(problems + [pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True)
    return Corpus(docs, probs.reindex(columns=PROBLEM_COLUMNS), lines)


@dataclass
class RawBatch:
    """A batch of documents as read and decoded, before any analysis: cheap to produce in
    order (reading, decoding, doc_id checks), expensive work left to :func:`finish`."""

    corpus: Corpus
    metadata_folder: Path | None = None
    #: The day/month order of the source's whole ``published`` column (None: decide per batch).
    published_order: DayMonthOrder | None = None
    #: That column, named in messages ("published column of export.csv").
    published_column: str = "published column"


def iter_raw(path: str | Path, batch_size: int = 2000) -> Iterator[RawBatch]:
    """Read ``path`` in order, ``batch_size`` documents at a time (bounded memory).

    Problems that concern the whole input (skipped non-page files, no pages, how the numeric
    dates of the ``published`` column are read) come with the first batch; a ``doc_id``
    repeated anywhere in a table corpus is refused in every batch.

    The day/month order of numeric ``published`` dates is decided once over the whole column
    (a pre-pass reading that column only, or the whole ``metadata.csv``) and carried on
    every batch, so that a value deciding it may come in any batch.
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"parameter batch_size must be a positive integer, not {batch_size!r}")
    path = resolve(path)
    shown = display_path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus {shown!r} does not exist")
    if path.is_dir():
        pages, others = _page_paths(path)
        skipped = [_problem(p.relative_to(path).as_posix(), "", "warning",
                            "skipped: not a .txt page (a folder corpus reads *.txt and metadata.csv)")
                   for p in others]
        if not pages:
            skipped.append(_problem(shown, "", "error", "no .txt pages found in the corpus folder"))
        skipped += _metadata_problems(path, {p.relative_to(path).as_posix()[: -len(p.suffix)] for p in pages})
        meta, _ = _metadata_table(path)
        order, column = None, "published column of metadata.csv"
        if meta is not None and "published" in meta.columns:
            order = day_month_order(_given_text(meta["published"]))
            skipped += _order_problem("metadata.csv", column, order)
        for i in range(0, max(len(pages), 1), batch_size):
            raw = _read_pages(pages[i:i + batch_size], path)
            if i == 0:
                raw.problems = pd.concat([pd.DataFrame(skipped, columns=PROBLEM_COLUMNS), raw.problems],
                                         ignore_index=True)
            yield RawBatch(raw, path, order, column)
        return
    name = path.name.lower()
    if not name.endswith(TABLE_SUFFIXES):
        if name.endswith(".txt"):  # a single page
            yield RawBatch(_read_pages([path], path.parent))
            return
        raise ValueError(f"corpus {shown!r}: expected a folder of .txt pages or a "
                         f"{'/'.join(TABLE_SUFFIXES)} file")
    stem = re.sub(r"\.(csv|jsonl|json|parquet)(\.gz)?$", "", path.name, flags=re.I)
    encoding = _csv_encoding(path) if not name.endswith((".parquet", ".jsonl", ".jsonl.gz", ".json")) else None
    column = f"published column of {path.name}"
    order = day_month_order(_published_column(path, encoding))
    start, seen = 0, set()
    pending = _order_problem(path.name, column, order)  # reported with the first batch
    for frame in _read_table_batches(path, batch_size, encoding):
        raw = _table_rows(frame, path.name, stem, start)
        if pending:
            raw.problems = pd.concat([pd.DataFrame(pending, columns=PROBLEM_COLUMNS), raw.problems],
                                     ignore_index=True)
            pending = []
        start += len(frame)
        dup = raw.documents["doc_id"].duplicated() | raw.documents["doc_id"].isin(seen)
        if dup.any():
            extra = [_problem(s, d, "error", "refused: doc_id repeats an earlier row")
                     for s, d in zip(raw.documents.loc[dup, "source_file"], raw.documents.loc[dup, "doc_id"])]
            raw = Corpus(raw.documents[~dup].reset_index(drop=True),
                         pd.concat([raw.problems, pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True))
        seen.update(raw.documents["doc_id"])
        yield RawBatch(raw, published_order=order, published_column=column)


def finish(raw: RawBatch, *, languages=INDONESIAN, default_tz: str = "+07:00") -> Corpus:
    """The per-batch loading work: language check, metadata from the text, overrides."""
    return _finish(raw.corpus, languages, default_tz, metadata_folder=raw.metadata_folder,
                   published_order=raw.published_order, published_column=raw.published_column)


def iter_batches(path: str | Path, batch_size: int = 2000, *, languages=INDONESIAN,
                 default_tz: str = "+07:00") -> Iterator[Corpus]:
    """Load ``path`` in batches of at most ``batch_size`` documents (bounded memory)."""
    for raw in iter_raw(path, batch_size):
        yield finish(raw, languages=languages, default_tz=default_tz)


def load(path: str | Path, *, languages=INDONESIAN, default_tz: str = "+07:00", batch_size: int = 5000) -> Corpus:
    """Load a whole corpus (see the module docstring for what ``path`` may be).

    ``languages``: ISO codes accepted (default Indonesian); ``"any"`` keeps every page.
    ``default_tz``: the UTC offset assumed for a time given without a zone (WIB).
    """
    return Corpus.concat(list(iter_batches(path, batch_size, languages=languages, default_tz=default_tz)))
