"""A folder corpus: its pages (searched recursively, sorted by path) read in batches.

Pages are ``.txt`` files, saved HTML pages (``.html``, ``.htm``) and the HTML pages of WARC
files (``.warc``, ``.warc.gz``), mixed. ``doc_id`` is the page's path without its suffix (the
file stem for pages at the top; a WARC page's is made from its address); a ``metadata.csv`` at
the top gives metadata by ``doc_id`` (``metadata.check_metadata_csv``,
``metadata.join_metadata_csv``). Links are followed, each folder read once; every file or WARC
record that is not read (not a page, a loop, a broken link, an unreadable entry) is a problem
naming it.

>>> batch = next(iter_folder(Path("seeds"), "seeds", 2))
>>> batch.corpus.documents["doc_id"].tolist()
['000_5a3c5d81fc76b85b', '001_4ce3aef62b4e11e4']
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..corpus_files import file_kind
from ..documents import PROBLEM_COLUMNS, RawBatch, problem
from ..metadata import METADATA_CSV_COLUMN, check_metadata_csv
from .pages import HTML_SUFFIXES, PAGE_SUFFIXES, PageItem, read_items
from .warc import uri_doc_id, warc_entries

__all__ = ["iter_folder", "folder_plan", "page_paths", "page_items", "page_ids", "batches", "read_batch",
           "FOLDER_READS"]

#: What a folder corpus reads, for messages.
FOLDER_READS = "a folder corpus reads *.txt, *.html, *.htm, *.warc, *.warc.gz and metadata.csv"


class _FolderWalk:
    """One walk of a folder: the files found, the problems, and the folders read (by device
    and inode, so that each is read once)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []
        self.problems: list[dict] = []
        root = folder.stat()
        self.seen: dict[tuple[int, int], str] = {(root.st_dev, root.st_ino): "."}

    def rel(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def page_id(self, path: Path) -> str:
        return self.rel(path)[: -len(path.suffix)] if path.suffix.lower() in PAGE_SUFFIXES else ""

    def walk(self, folder: Path, links: list[Path]) -> None:
        """Read ``folder`` and the real folders under it; links to folders are added to ``links``."""
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(problem(self.rel(folder) if folder != self.folder else folder.name, "", "error",
                                         f"refused: cannot read the folder ({exc.strerror or exc})"))
            return
        for entry in entries:
            self._entry(entry, folder / entry.name, links)

    def _entry(self, entry: os.DirEntry, path: Path, links: list[Path]) -> None:
        try:
            st = os.stat(entry.path)  # follows links
        except OSError as exc:
            self.problems.append(problem(self.rel(path), self.page_id(path), "error", _unreadable(entry, exc)))
            return
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if entry.is_symlink():
                links.append(path)  # read after the real folders, so those keep their own paths
            elif key not in self.seen:
                self.seen[key] = self.rel(path)
                self.walk(path, links)
        elif stat.S_ISREG(st.st_mode):
            self.files.append(path)
        else:
            self.problems.append(problem(self.rel(path), self.page_id(path), "warning",
                                         "skipped: not a regular file (a device, pipe or socket)"))

    def follow(self, links: list[Path]) -> None:
        """Read the folders that ``links`` point to, each once, in path order."""
        while links:
            link = links.pop(0)
            st = link.stat()
            key, name = (st.st_dev, st.st_ino), self.rel(link)
            if key in self.seen:
                target = self.seen[key]
                loop = target == "." or name.startswith(target + "/")
                self.problems.append(problem(
                    name, "", "warning",
                    f"skipped: symlink loop (links back to the folder {target!r} that holds it)"
                    if loop else f"skipped: symlink to the folder {target!r}, read already"))
                continue
            self.seen[key] = name
            more: list[Path] = []
            self.walk(link, more)
            links = sorted(links + more, key=self.rel)


def _unreadable(entry: os.DirEntry, exc: OSError) -> str:
    """Why an entry that cannot be stat'ed is refused."""
    if exc.errno == errno.ELOOP:
        return "refused: symlink loop (the link points back to itself)"
    if entry.is_symlink() and exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"refused: broken symlink (its target {os.readlink(entry.path)!r} does not exist)"
    return f"refused: cannot read the entry ({exc.strerror or exc})"


def page_paths(folder: Path) -> tuple[list[Path], list[Path], list[dict]]:
    """The files under ``folder``, sorted by relative path.

    Links are followed, each folder read once: a link back to a folder being read (a loop)
    or to one read already, a broken link, a link looping on itself, a folder or entry that
    cannot be read (permission denied) and what is not a regular file are problems naming
    the path, never skipped silently.

    Parameters
    ----------
    folder : pathlib.Path
        The corpus folder.

    Returns
    -------
    tuple
        ``(pages, other files, problems)``: the pages (``.txt``, ``.html``, ``.htm``) and WARC
        files, the files that are none of these nor the top ``metadata.csv``, and the problems
        of the walk.

    Examples
    --------
    >>> pages, others, problems = page_paths(Path("seeds")); pages[0].name, others, problems
    ('000_5a3c5d81fc76b85b.txt', [], [])
    """
    walk = _FolderWalk(folder)
    links: list[Path] = []
    walk.walk(folder, links)
    walk.follow(links)
    files = sorted(walk.files, key=walk.rel)
    pages = [p for p in files if _is_page(p)]
    others = [p for p in files if not _is_page(p) and walk.rel(p) != "metadata.csv"]
    return pages, others, walk.problems


def _is_page(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES or file_kind(path.name) == "warc"


def page_items(paths: list[Path], folder: Path) -> tuple[list[PageItem], list[dict]]:
    """The pages to read from these files: one per page file, one per HTML page of a WARC file.

    A page's ``base_id`` is its path without the suffix; a WARC page's is made from its address
    (``warc.uri_doc_id``). Every record of a WARC file that is not a page is a problem.

    Parameters
    ----------
    paths : list of pathlib.Path
        Page and WARC files, in path order.
    folder : pathlib.Path
        The folder their ``source_file`` is relative to.

    Returns
    -------
    tuple
        The items in corpus order, and the problems of the WARC files.

    Examples
    --------
    >>> items, _ = page_items([Path("f/a.HTM"), Path("f/b/c.txt")], Path("f"))
    >>> [(i.base_id, i.kind) for i in items]
    [('a', 'html'), ('b/c', 'text')]
    """
    items, problems = [], []
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        if file_kind(rel) == "warc":
            entries, found = warc_entries(path, rel)
            problems += found
            items += [PageItem(path, f"{rel}@{e.offset}", uri_doc_id(e.uri), "warc", e) for e in entries]
            continue
        kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
        items.append(PageItem(path, rel, rel[: -len(path.suffix)], kind))
    return items, problems


def page_ids(items: list[PageItem]) -> tuple[list[str], list[dict]]:
    """One unique ``doc_id`` per page: its ``base_id``.

    Pages whose ids collide (``case.txt`` and ``case.TXT``, ``page.txt`` and ``page.html``, one
    address captured twice) get ``~2``, ``~3``... in corpus order, with a warning.

    Parameters
    ----------
    items : list of PageItem
        The pages, in corpus order.

    Returns
    -------
    tuple
        The ids (one per item) and the warnings.

    Examples
    --------
    >>> items = [PageItem(Path(n), n, n.rsplit(".", 1)[0], "text") for n in ("case.TXT", "case.txt", "case~2.txt")]
    >>> page_ids(items)[0]
    ['case', 'case~3', 'case~2']
    """
    taken, first, ids, problems = {i.base_id for i in items}, {}, [], []
    for item in items:
        b = item.base_id
        if b not in first:
            first[b] = item.source
            ids.append(b)
            continue
        n = 2
        while f"{b}~{n}" in taken:
            n += 1
        ids.append(f"{b}~{n}")
        taken.add(ids[-1])
        problems.append(problem(item.source, ids[-1], "warning",
                                f"doc_id {b!r} of {item.source} repeats that of {first[b]}; this page is {ids[-1]!r}"))
    return ids, problems


def iter_folder(path: Path, shown: str, batch_size: int) -> Iterator[RawBatch]:
    """The pages of a folder corpus in batches of ``batch_size``.

    The problems of the whole folder (files skipped, WARC records that are not pages, colliding
    ids, no pages, ``metadata.csv`` and how its numeric dates are read) come with the first
    batch; an empty folder gives one batch holding only those.

    Parameters
    ----------
    path : pathlib.Path
        The folder (resolved).
    shown : str
        The folder as named in messages.
    batch_size : int
        Pages per batch.

    Returns
    -------
    iterator of documents.RawBatch

    Examples
    --------
    >>> [len(b.corpus.documents) for b in iter_folder(Path("seeds"), "seeds", 4)][:2]
    [4, 1]
    """
    items, ids, skipped, order = folder_plan(path, shown)
    yield from batches(items, ids, batch_size, skipped, path, order)


def folder_plan(path: Path, shown: str) -> tuple:
    """What :func:`iter_folder` reads: ``(items, ids, problems of the whole folder, the day/month
    order of its metadata.csv)``; the pages themselves are not read.

    Parameters
    ----------
    path : pathlib.Path
        The folder (resolved).
    shown : str
        The folder as named in messages.

    Returns
    -------
    tuple of (list of PageItem, list of str, list of dict, published.DayMonthOrder or None)

    Examples
    --------
    >>> items, ids, problems, order = folder_plan(Path("seeds"), "seeds")
    >>> len(items) == len(ids) == 5
    True
    """
    paths, others, walk_problems = page_paths(path)
    skipped = [problem(p.relative_to(path).as_posix(), "", "warning", f"skipped: not a page ({FOLDER_READS})")
               for p in others] + walk_problems
    items, warc_problems = page_items(paths, path)
    ids, id_problems = page_ids(items)
    skipped += warc_problems + id_problems
    if not items:
        skipped.append(problem(shown, "", "error", f"no pages found in the corpus folder ({FOLDER_READS})"))
    order, metadata_problems = check_metadata_csv(path, set(ids))
    return items, ids, skipped + metadata_problems, order


def batches(items: list[PageItem], ids: list[str], batch_size: int, first_problems: list[dict],
            metadata_folder: Path | None = None, order=None) -> Iterator[RawBatch]:
    """Read ``items`` in batches of ``batch_size``; ``first_problems`` come with the first batch.

    Parameters
    ----------
    items : list of PageItem
        The pages.
    ids : list of str
        Their ``doc_id``.
    batch_size : int
        Pages per batch.
    first_problems : list of dict
        The problems of the whole input.
    metadata_folder : pathlib.Path or None
        The folder whose ``metadata.csv`` gives metadata to the pages.
    order : published.DayMonthOrder or None
        How that file's numeric dates are read.

    Returns
    -------
    iterator of documents.RawBatch
        At least one batch (holding only ``first_problems`` when there are no pages).

    Examples
    --------
    >>> [len(b.corpus.problems) for b in batches([], [], 2, [problem("x", "", "error", "none")])]
    [1]
    """
    for i in range(0, max(len(items), 1), batch_size):
        yield read_batch(items[i:i + batch_size], ids[i:i + batch_size], first_problems if i == 0 else None,
                         metadata_folder, order)


def read_batch(items: list[PageItem], ids: list[str], first_problems: list[dict] | None,
               metadata_folder: Path | None = None, order=None) -> RawBatch:
    """One batch of :func:`batches`: ``items`` read, ``first_problems`` put first.

    Parameters
    ----------
    items, ids, first_problems, metadata_folder, order
        As for :func:`batches` (``first_problems``: None but for the first batch).

    Returns
    -------
    documents.RawBatch

    Examples
    --------
    >>> read_batch([], [], [problem("x", "", "error", "none")]).corpus.problems["message"].tolist()
    ['none']
    """
    raw = read_items(items, ids)
    if first_problems is not None:
        raw.corpus.problems = pd.concat([pd.DataFrame(first_problems, columns=PROBLEM_COLUMNS),
                                         raw.corpus.problems], ignore_index=True)
    raw.metadata_folder, raw.published_order = metadata_folder, order
    if metadata_folder is not None:
        raw.published_column = METADATA_CSV_COLUMN
    return raw
