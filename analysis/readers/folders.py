"""A folder corpus: its ``.txt`` pages (searched recursively, sorted by path) read in batches.

``doc_id`` is the page's path without ``.txt`` (the file stem for pages at the top); a
``metadata.csv`` at the top gives metadata by ``doc_id`` (``metadata.check_metadata_csv``,
``metadata.join_metadata_csv``). Links are followed, each folder read once; every file that
is not read (not a page, a loop, a broken link, an unreadable entry) is a problem naming it.

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

from ..decode import decode
from ..documents import PROBLEM_COLUMNS, Corpus, RawBatch, problem
from ..metadata import METADATA_CSV_COLUMN, check_metadata_csv

__all__ = ["iter_folder", "read_pages", "page_paths", "page_ids"]


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
        return self.rel(path)[: -len(path.suffix)] if path.suffix.lower() == ".txt" else ""

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
        ``(pages, other files, problems)``: the ``.txt`` pages, the files that are neither
        pages nor the top ``metadata.csv``, and the problems of the walk.

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
    pages = [p for p in files if p.suffix.lower() == ".txt"]
    others = [p for p in files if p.suffix.lower() != ".txt" and walk.rel(p) != "metadata.csv"]
    return pages, others, walk.problems


def page_ids(paths: list[Path], folder: Path) -> tuple[list[str], list[dict]]:
    """One unique ``doc_id`` per page: its path without ``.txt``.

    Pages whose ids collide (``case.txt`` and ``case.TXT``) get ``~2``, ``~3``... in path
    order, with a warning.

    Parameters
    ----------
    paths : list of pathlib.Path
        The pages, in path order.
    folder : pathlib.Path
        The corpus folder.

    Returns
    -------
    tuple
        The ids (one per path) and the warnings.

    Examples
    --------
    >>> page_ids([Path("f/case.TXT"), Path("f/case.txt"), Path("f/case~2.txt")], Path("f"))[0]
    ['case', 'case~3', 'case~2']
    """
    rels = [p.relative_to(folder).as_posix() for p in paths]
    base = [r[: -len(Path(r).suffix)] for r in rels]
    taken, first, ids, problems = set(base), {}, [], []
    for r, b in zip(rels, base):
        if b not in first:
            first[b] = r
            ids.append(b)
            continue
        n = 2
        while f"{b}~{n}" in taken:
            n += 1
        ids.append(f"{b}~{n}")
        taken.add(ids[-1])
        problems.append(problem(r, ids[-1], "warning",
                                f"doc_id {b!r} of {r} repeats that of {first[b]}; this page is {ids[-1]!r}"))
    return ids, problems


def read_pages(paths: list[Path], folder: Path, ids: list[str] | None = None) -> Corpus:
    """Read and decode pages: the raw documents and the problems.

    Parameters
    ----------
    paths : list of pathlib.Path
        The pages.
    folder : pathlib.Path
        The folder their ``source_file`` is relative to.
    ids : list of str or None
        Their ``doc_id`` (from :func:`page_ids`); None: the path without its suffix.

    Returns
    -------
    documents.Corpus
        ``documents`` with ``doc_id, source_file, text, encoding``; ``problems`` of the
        files refused or decoded with a guess.

    Examples
    --------
    >>> read_pages([Path("seeds/000_5a3c5d81fc76b85b.txt")], Path("seeds")).documents["encoding"].tolist()
    ['utf-8']
    """
    rows, problems = [], []
    for i, path in enumerate(paths):
        rel = path.relative_to(folder).as_posix()
        doc_id = ids[i] if ids is not None else rel[: -len(path.suffix)]
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(problem(rel, doc_id, "error", f"refused: cannot read the file ({exc.strerror or exc})"))
            continue
        text, encoding, found = decode(data, rel)
        for f in found:
            f["doc_id"] = doc_id
        problems.extend(found)
        if text is not None:
            rows.append({"doc_id": doc_id, "source_file": rel, "text": text, "encoding": encoding})
    return Corpus(pd.DataFrame(rows, columns=["doc_id", "source_file", "text", "encoding"]),
                  pd.DataFrame(problems, columns=PROBLEM_COLUMNS))


def iter_folder(path: Path, shown: str, batch_size: int) -> Iterator[RawBatch]:
    """The pages of a folder corpus in batches of ``batch_size``.

    The problems of the whole folder (files skipped, colliding ids, no pages, ``metadata.csv``
    and how its numeric dates are read) come with the first batch; an empty folder gives one
    batch holding only those.

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
    pages, others, walk_problems = page_paths(path)
    skipped = [problem(p.relative_to(path).as_posix(), "", "warning",
                       "skipped: not a .txt page (a folder corpus reads *.txt and metadata.csv)")
               for p in others] + walk_problems
    ids, id_problems = page_ids(pages, path)
    skipped += id_problems
    if not pages:
        skipped.append(problem(shown, "", "error", "no .txt pages found in the corpus folder"))
    order, metadata_problems = check_metadata_csv(path, set(ids))
    skipped += metadata_problems
    for i in range(0, max(len(pages), 1), batch_size):
        raw = read_pages(pages[i:i + batch_size], path, ids[i:i + batch_size])
        if i == 0:
            raw.problems = pd.concat([pd.DataFrame(skipped, columns=PROBLEM_COLUMNS), raw.problems],
                                     ignore_index=True)
        yield RawBatch(raw, path, order, METADATA_CSV_COLUMN)
