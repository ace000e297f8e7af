"""Load a corpus of news pages into a tidy ``documents`` table, reporting every refusal.

A corpus is either

* a folder of pages (searched recursively, sorted by path): ``.txt`` pages, saved HTML pages
  (``.html``, ``.htm``) and WARC files (``.warc``, ``.warc.gz``) mixed; ``doc_id`` is the path
  without its suffix, i.e. the file stem for pages at the top (a WARC page's is made from its
  address); optionally with a ``metadata.csv`` (``doc_id`` plus any of ``outlet, title,
  published, url, authors, editors, credited_sources, language``) whose non-empty values override what
  the page says; or one page or WARC file;
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

This module is the public face of loading; the work is done by

* :mod:`analysis.readers` (folders, saved HTML pages, WARC files and table files, read in
  order: ``iter_raw``), with :mod:`analysis.decode` (bytes to text);
* then, per batch (:func:`finish`): :func:`cut_long_pages`, :func:`repair` (mojibake),
  :mod:`analysis.language` (languages kept), :mod:`analysis.metadata` (outlet, title,
  publication date, authors, editors and the wires credited, read from the text and the
  cleaner's lines, driven by the outlet profiles in ``analysis/data/outlets.yaml``; over them
  the page's own tags of an HTML page, :mod:`analysis.page_metadata`; then the metadata given
  with the corpus).

:class:`Corpus`, :func:`split_lines` and the column constants are defined in
:mod:`analysis.documents` (so that every loading module can use them) and shown here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .config import BATCH_SIZE, DEFAULT_TZ, LANGUAGES
from .config import MAX_PAGE_CHARS as _MAX_PAGE_CHARS
from .documents import (COUNT_COLUMNS, DOCUMENT_COLUMNS, METADATA_COLUMNS, PROBLEM_COLUMNS, Corpus, RawBatch,
                        empty_documents, problem, split_lines)
from .frames import require_columns
from .language import keep_languages
from .metadata import apply_given, describe, from_lines, join_metadata_csv, unread_datelines
from .page_metadata import tag_dates, tag_outlets
from .readers import iter_raw as _iter_raw

__all__ = [
    "Corpus", "load", "iter_batches", "finish", "repair", "cut_long_pages", "split_lines",
    "DOCUMENT_COLUMNS", "PROBLEM_COLUMNS", "METADATA_COLUMNS",
]



# --------------------------------------------------------------------------- repairs

#: UTF-8 text that was decoded as Mac Roman or cp1252 somewhere upstream ("‚Äù", "¬†", "Ã©", "â€™").
_MOJIBAKE = re.compile(r"‚Ä|¬†|Ã[\x80-\xbf©®]|â€")
#: Spreadsheet exports write a carriage return as the literal "_x000D_".
_ESCAPED_CR = re.compile(r"_x000D_")


#: A run of non-space characters with at least one non-ASCII character: where mojibake can be.
#: It can only start where a run of non-space characters starts (the look-behind: tried
#: elsewhere, it would scan the rest of a word again from each of its characters).
_NON_ASCII_RUN = re.compile(r"(?<![^ \t\n\r])[^ \t\n\r]*[^\x00-\x7f][^ \t\n\r]*")


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
    spans = [m.span() for m in _NON_ASCII_RUN.finditer(text)]
    fixed = fix("\n".join(text[a:b] for a, b in spans)).split("\n")
    if len(fixed) != len(spans):
        return fix(text)
    pieces, end = [], 0
    for (a, b), run in zip(spans, fixed):
        pieces += (text[end:a], run)
        end = b
    pieces.append(text[end:])
    return "".join(pieces)


def repair(docs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Repair text broken before it reached us: mojibake (with ftfy, only in the documents
    that show its marks) and literal ``_x000D_``. Each repair is reported as a warning.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, text``.

    Returns
    -------
    tuple
        The documents (a copy where something was repaired) and the warnings (dicts of
        :data:`PROBLEM_COLUMNS`).

    Examples
    --------
    >>> d, p = repair(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
    ...                             "text": ["kata dia,‚Äù ujar Ikhsan._x000D_"]}))
    >>> d["text"][0], p[0]["message"]
    ('kata dia,” ujar Ikhsan.', 'repaired mis-decoded characters (mojibake) with ftfy')
    """
    require_columns(docs, ["doc_id", "source_file", "text"], "repair", "docs")
    problems: list[dict] = []
    broken = docs["text"].str.contains(_MOJIBAKE)
    if broken.any():
        import ftfy

        docs = docs.copy()
        docs.loc[broken, "text"] = [_fix_encoding(t, ftfy.fix_encoding) for t in docs.loc[broken, "text"]]
        problems += [problem(s, d, "warning", "repaired mis-decoded characters (mojibake) with ftfy")
                     for s, d in zip(docs.loc[broken, "source_file"], docs.loc[broken, "doc_id"])]
    escaped = docs["text"].str.contains(_ESCAPED_CR)
    if escaped.any():
        docs = docs.copy() if not broken.any() else docs
        docs.loc[escaped, "text"] = docs.loc[escaped, "text"].str.replace(_ESCAPED_CR, "", regex=True)
        problems += [problem(s, d, "warning", "removed literal '_x000D_' (a carriage return escaped by a spreadsheet)")
                     for s, d in zip(docs.loc[escaped, "source_file"], docs.loc[escaped, "doc_id"])]
    return docs, problems


def cut_long_pages(docs: pd.DataFrame, max_page_chars: int | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Pages longer than ``max_page_chars`` characters cut to their first lines that fit (at a
    line end where there is one), each cut reported as a warning naming the page: every later
    step's work per page is then bounded.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, text``.
    max_page_chars : int or None
        The limit (None: ``config.MAX_PAGE_CHARS``).

    Returns
    -------
    tuple
        The documents (cut where needed) and the warnings.

    Examples
    --------
    >>> d, p = cut_long_pages(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"],
    ...                                     "text": ["satu dua\\ntiga empat"]}), 12)
    >>> d["text"][0], p[0]["message"]
    ('satu dua', 'page cut to its first 8 of 19 characters (max_page_chars is 12)')
    """
    limit = _MAX_PAGE_CHARS if max_page_chars is None else max_page_chars
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"parameter max_page_chars must be a positive integer, not {max_page_chars!r}")
    require_columns(docs, ["doc_id", "source_file", "text"], "cut_long_pages", "docs")
    long = docs["text"].str.len().gt(limit)
    if not long.any():
        return docs, []
    docs = docs.copy()
    problems = []
    for i in np.flatnonzero(long.to_numpy()):
        text = docs["text"].iat[i]
        end = text.rfind("\n", 0, limit + 1)
        end = end if end > 0 else limit
        docs.iloc[i, docs.columns.get_loc("text")] = text[:end]
        problems.append(problem(docs["source_file"].iat[i], docs["doc_id"].iat[i], "warning",
                                f"page cut to its first {end} of {len(text)} characters (max_page_chars is {limit})"))
    return docs, problems


# --------------------------------------------------------------------------- loading

def finish(raw: RawBatch, *, languages=LANGUAGES, default_tz: str = DEFAULT_TZ,
           max_page_chars: int | None = None) -> Corpus:
    """The per-batch loading work: page-size limit, repairs, language check, metadata from
    the text (with the cleaner's labels), then the metadata given with the corpus.

    Parameters
    ----------
    raw : documents.RawBatch
        A batch from ``readers.iter_raw``.
    languages : tuple of str or "any"
        ISO 639-1 codes kept (default ``config.LANGUAGES``); ``"any"`` keeps every page.
    default_tz : str
        UTC offset of a time given without a zone (default ``config.DEFAULT_TZ``, WIB).
    max_page_chars : int or None
        Longer pages are cut, with a warning (None: ``config.MAX_PAGE_CHARS``).

    Returns
    -------
    Corpus
        ``documents`` (:data:`DOCUMENT_COLUMNS` and ``text``), ``problems`` and the
        cleaner's labelled ``lines`` (None when no document is kept).

    Examples
    --------
    >>> from analysis import readers
    >>> finish(next(readers.iter_raw("seeds", 2))).documents["outlet"].tolist()
    ['Bisnis.com', 'Okezone']
    """
    require_columns(raw.corpus.documents, ["doc_id", "source_file", "text"], "finish", "raw.corpus.documents")
    docs, problems = raw.corpus.documents, [raw.corpus.problems] if len(raw.corpus.problems) else []
    if docs.empty:
        return Corpus(empty_documents(), raw.corpus.problems.reindex(columns=PROBLEM_COLUMNS))
    docs, cut = cut_long_pages(docs, max_page_chars)
    if cut:
        problems.append(pd.DataFrame(cut, columns=PROBLEM_COLUMNS))
    docs, repair_problems = repair(docs)
    if repair_problems:
        problems.append(pd.DataFrame(repair_problems, columns=PROBLEM_COLUMNS))
    if raw.metadata_folder is not None:
        docs = join_metadata_csv(raw.metadata_folder, docs)
    docs, extra = keep_languages(docs.copy(), languages)
    docs = describe(docs, default_tz) if len(docs) else docs
    lines = None
    if len(docs):
        docs, tag_problems = tag_outlets(docs)
        docs, lines = _read_from_lines(docs, default_tz, raw.structure)
        docs, date_problems = tag_dates(docs, default_tz)
        docs, given_problems = apply_given(docs, default_tz, raw.published_order, raw.published_column)
        extra += tag_problems + date_problems + given_problems + unread_datelines(docs, lines, default_tz)
    probs = pd.concat(problems + [pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True)
    return Corpus(_as_documents(docs), probs.reindex(columns=PROBLEM_COLUMNS), lines)


def _read_from_lines(docs: pd.DataFrame, default_tz: str,
                     structure: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cleaner's labelled lines, and the title and date read from them.

    The cleaner sees the outlet and title given as metadata, else the page's own title tag
    (its outlet furniture, the title line to look for) and the structure of HTML pages; the
    title and date read from its labels come next, and the page's tags and the given values
    override them (``page_metadata.tag_dates``, ``metadata.apply_given``)."""
    from .clean import label_lines

    given = docs.copy()
    for col, sources in (("outlet", ("given_outlet",)), ("title", ("given_title", "page_title"))):
        for source in reversed(sources):  # the first source wins
            if source in given:
                value = given[source].fillna("").astype(str).str.strip()
                given[col] = value.where(value.ne(""), given[col])
    lines = label_lines(given, structure=structure)
    return from_lines(docs, lines, default_tz), lines


def _as_documents(docs: pd.DataFrame) -> pd.DataFrame:
    """``docs`` with exactly :data:`DOCUMENT_COLUMNS` and ``text``: counts as integers, the rest text."""
    docs = docs.reindex(columns=DOCUMENT_COLUMNS + ["text"]) if len(docs) else empty_documents()
    for col in docs.columns:
        if col in COUNT_COLUMNS:
            docs[col] = pd.to_numeric(docs[col], errors="coerce").fillna(0).astype("int64")
        else:
            docs[col] = docs[col].astype(object).where(docs[col].notna(), "").astype(str)
    return docs


def iter_batches(path: str | Path, batch_size: int = BATCH_SIZE, *, languages=LANGUAGES,
                 default_tz: str = DEFAULT_TZ, max_page_chars: int | None = None, columns=()) -> Iterator[Corpus]:
    """Load ``path`` in batches of at most ``batch_size`` documents (bounded memory).

    Parameters
    ----------
    path : str or pathlib.Path
        The corpus (see the module docstring).
    batch_size : int
        Documents per batch.
    languages, default_tz, max_page_chars
        As for :func:`finish`.
    columns : str or tuple of (str, str)
        A table file's own columns read as the suite's (``"text=isi,title=judul"``).

    Returns
    -------
    iterator of Corpus
        One finished batch after the other; :meth:`Corpus.concat` joins them.

    Examples
    --------
    >>> [len(batch.documents) for batch in iter_batches("seeds", 3)]
    [3, 2]
    """
    for raw in _iter_raw(path, batch_size, columns):
        yield finish(raw, languages=languages, default_tz=default_tz, max_page_chars=max_page_chars)


def load(path: str | Path, *, languages=LANGUAGES, default_tz: str = DEFAULT_TZ, batch_size: int = BATCH_SIZE,
         max_page_chars: int | None = None, columns=()) -> Corpus:
    """Load a whole corpus.

    Parameters
    ----------
    path : str or pathlib.Path
        A folder of pages, one page or WARC file, or a table file (see the module docstring).
    languages : tuple of str or "any"
        ISO codes accepted (default ``config.LANGUAGES``, Indonesian); ``"any"`` keeps every page.
    default_tz : str
        The UTC offset assumed for a time given without a zone (default WIB).
    batch_size : int
        Documents read and finished at a time.
    max_page_chars : int or None
        Longer pages are cut, with a warning (None: ``config.MAX_PAGE_CHARS``).
    columns : str or tuple of (str, str)
        A table file's own columns read as the suite's (``"text=isi,title=judul"``:
        :mod:`analysis.column_map`); empty: they are named as the suite's.

    Returns
    -------
    Corpus
        Every document kept and every problem, in input order.

    Examples
    --------
    >>> load("seeds", languages="any").documents["language"].unique().tolist()
    ['id']
    """
    return Corpus.concat(list(iter_batches(path, batch_size, languages=languages, default_tz=default_tz,
                                           max_page_chars=max_page_chars, columns=columns)))
