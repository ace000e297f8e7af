"""Pages of a folder corpus (or one page, or one WARC file) read into raw documents: text pages,
saved HTML pages and the HTML pages of WARC files, mixed.

A :class:`PageItem` is one page to read: a ``.txt`` or ``.html``/``.htm`` file, or a record of
a WARC file. :func:`read_items` reads a batch of them into the raw ``documents`` (``doc_id,
source_file, text, encoding`` and the page's own metadata as ``page_*`` columns, "" for a text
page), the ``problems`` and the *structure* of the HTML pages' lines (``doc_id, line_no, tag,
zone, link_share, block, parent``: where each line stood on the page, the cleaner's structural evidence).

>>> items = [PageItem(Path("seeds/000_5a3c5d81fc76b85b.txt"), "000_5a3c5d81fc76b85b.txt", "000", "text")]
>>> raw = read_items(items, ["000"])
>>> raw.corpus.documents[["doc_id", "encoding", "page_title"]].to_numpy().tolist()
[['000', 'utf-8', '']]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..corpus_files import PAGE_SUFFIXES
from ..decode import decode
from ..documents import PROBLEM_COLUMNS, STRUCTURE_COLUMNS, Corpus, RawBatch, problem
from .html import read_html
from .page_tags import page_metadata
from .warc import WarcEntry, read_record

__all__ = ["PageItem", "read_items", "PAGE_SUFFIXES", "HTML_SUFFIXES", "PAGE_COLUMNS"]

#: Files of a folder corpus are read as pages by their suffix (``corpus_files.PAGE_SUFFIXES``; WARC files
#: hold pages too). Those read as saved HTML pages:
HTML_SUFFIXES = (".html", ".htm")
#: The page's own metadata, read from its tags (``page_tags.METADATA_FIELDS``) and a WARC record's date.
PAGE_COLUMNS = ["page_title", "page_published", "page_published_source", "page_published_weak", "page_authors",
                "page_outlet", "page_url", "warc_date"]
_RAW_COLUMNS = ["doc_id", "source_file", "text", "encoding"] + PAGE_COLUMNS


@dataclass(frozen=True)
class PageItem:
    """One page to read.

    Attributes
    ----------
    path : pathlib.Path
        The file (the WARC file for a record).
    source : str
        The ``source_file`` of its document and problems (``crawl.warc.gz@1234`` for a record).
    base_id : str
        Its ``doc_id`` before ids that collide are told apart.
    kind : str
        ``text``, ``html`` or ``warc``.
    entry : warc.WarcEntry or None
        The record, for a WARC page.
    """

    path: Path
    source: str
    base_id: str
    kind: str
    entry: WarcEntry | None = None


def _html_row(data: bytes, item: PageItem, doc_id: str, rows: list, structure: list, problems: list) -> None:
    """Read a saved HTML page (a file or a WARC record's payload) into the lists."""
    entry = item.entry
    page = read_html(data, item.source, entry.charset if entry else None)
    for p in page.problems:
        p["doc_id"] = doc_id
    problems.extend(page.problems)
    if page.text is None:
        return
    meta, tag_problems = page_metadata(page.root, page.text.split("\n"), entry.uri if entry else "")
    problems.extend(problem(item.source, doc_id, "warning", m) for m in tag_problems)
    row = {"doc_id": doc_id, "source_file": item.source, "text": page.text, "encoding": page.encoding}
    row.update({f"page_{k}": v for k, v in meta.items()})
    if entry:
        row["page_url"] = row["page_url"] or entry.uri
        row["warc_date"] = entry.date
    rows.append(row)
    structure.extend((doc_id, n, i.tag, i.zone, i.link_share, i.block, i.parent) for n, i in enumerate(page.lines, 1))


def _read_bytes(item: PageItem, doc_id: str, problems: list) -> bytes | None:
    try:
        return read_record(item.path, item.entry) if item.entry else item.path.read_bytes()
    except OSError as exc:
        what = "WARC record" if item.entry else "file"
        problems.append(problem(item.source, doc_id, "error", f"refused: cannot read the {what} ({exc.strerror or exc})"))
        return None


def read_items(items: list[PageItem], ids: list[str]) -> RawBatch:
    """Read and decode pages of any kind: the raw documents, the problems and the HTML pages' structure.

    Parameters
    ----------
    items : list of PageItem
        The pages, in corpus order.
    ids : list of str
        Their ``doc_id`` (one per item).

    Returns
    -------
    documents.RawBatch
        ``corpus.documents``: ``doc_id, source_file, text, encoding`` and :data:`PAGE_COLUMNS`;
        ``corpus.problems``: the pages refused or decoded with a guess; ``structure``: one row
        per line of the HTML pages.

    Examples
    --------
    >>> read_items([], []).corpus.documents.columns[:4].tolist()
    ['doc_id', 'source_file', 'text', 'encoding']
    """
    rows, structure, problems = [], [], []
    for item, doc_id in zip(items, ids):
        data = _read_bytes(item, doc_id, problems)
        if data is None:
            continue
        if item.kind in ("html", "warc"):
            _html_row(data, item, doc_id, rows, structure, problems)
            continue
        text, encoding, found = decode(data, item.source)
        for f in found:
            f["doc_id"] = doc_id
        problems.extend(found)
        if text is not None:
            rows.append({"doc_id": doc_id, "source_file": item.source, "text": text, "encoding": encoding})
    documents = pd.DataFrame(rows, columns=_RAW_COLUMNS)
    for column in PAGE_COLUMNS:
        documents[column] = documents[column].astype(object).where(documents[column].notna(), "")
    return RawBatch(Corpus(documents, pd.DataFrame(problems, columns=PROBLEM_COLUMNS)),
                    structure=pd.DataFrame(structure, columns=STRUCTURE_COLUMNS))
