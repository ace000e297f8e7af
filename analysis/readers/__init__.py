"""Reading a corpus in order, batch by batch: bytes to raw documents, before any analysis.

A corpus is a folder of pages (``.txt``, saved ``.html``/``.htm`` pages and ``.warc``/``.warc.gz``
files, mixed; with an optional ``metadata.csv``: :mod:`.folders`, :mod:`.pages`, :mod:`.html`,
:mod:`.warc`), a single page or WARC file, or one table file (:data:`TABLE_SUFFIXES`: :mod:`.tables`).
:func:`iter_raw` yields :class:`~analysis.documents.RawBatch` objects; ``corpus.finish``
does the per-batch work (language, metadata, cleaning cues).

>>> [len(batch.corpus.documents) for batch in iter_raw("seeds", 3)]
[3, 2]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..column_map import parse_columns
from ..config import BATCH_SIZE
from ..corpus_files import file_kind
from ..documents import RawBatch, problem
from ..paths import display_path, resolve
from .folders import batches, iter_folder, page_ids, page_items
from .pages import PAGE_SUFFIXES
from .tables import TABLE_SUFFIXES, iter_table

__all__ = ["iter_raw", "checked_corpus", "RawBatch", "TABLE_SUFFIXES"]


def checked_corpus(path: str | Path, batch_size: int) -> tuple[Path, str]:
    """The corpus path resolved and as shown in messages, after the checks every reader makes
    first.

    Parameters
    ----------
    path : str or pathlib.Path
        The corpus (a relative path is taken from the working directory).
    batch_size : int
        Documents per batch.

    Returns
    -------
    tuple of (pathlib.Path, str)

    Raises
    ------
    FileNotFoundError, ValueError
        When ``path`` does not exist; on a bad ``batch_size``.

    Examples
    --------
    >>> checked_corpus("seeds", 0)
    Traceback (most recent call last):
    ValueError: parameter batch_size must be a positive integer, not 0
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"parameter batch_size must be a positive integer, not {batch_size!r}")
    path = resolve(path)
    shown = display_path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus {shown!r} does not exist")
    return path, shown


def iter_raw(path: str | Path, batch_size: int = BATCH_SIZE, columns=()) -> Iterator[RawBatch]:
    """Read ``path`` in order, ``batch_size`` documents at a time (bounded memory).

    Problems that concern the whole input (skipped non-page files, no pages, how the numeric
    dates of the ``published`` column are read) come with the first batch; a ``doc_id``
    repeated anywhere in a table corpus is refused in every batch.

    The day/month order of numeric ``published`` dates is decided once over the whole column
    (a pre-pass reading that column only, or the whole ``metadata.csv``) and carried on
    every batch, so that a value deciding it may come in any batch.

    Parameters
    ----------
    path : str or pathlib.Path
        A folder of pages, one page (``.txt``, ``.html``, ``.htm``), one WARC file, or a table
        file (a relative path is taken from the working directory).
    batch_size : int
        Documents per batch.
    columns : str or tuple of (str, str)
        A table file's own columns read as the suite's (``"text=isi,title=judul"``:
        :func:`analysis.column_map.parse_columns`); empty: its columns are named as the suite's.

    Returns
    -------
    iterator of documents.RawBatch
        The raw documents and problems, batch by batch.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    ValueError
        On a bad ``batch_size``, a file of another kind, or a table file with no row at all
        (or none readable), naming it, before the first batch.

    Examples
    --------
    >>> batches = list(iter_raw("seeds", 4))
    >>> len(batches[0].corpus.documents), batches[0].published_column
    (4, 'published column of metadata.csv')
    """
    path, shown = checked_corpus(path, batch_size)
    columns = parse_columns(columns)
    if path.is_dir():
        yield from iter_folder(path, shown, batch_size)
        return
    name = path.name.lower()
    if name.endswith(TABLE_SUFFIXES):
        yield from iter_table(path, shown, batch_size, columns)
        return
    if not (name.endswith(PAGE_SUFFIXES) or file_kind(name) == "warc"):
        raise ValueError(f"corpus {shown!r}: expected a folder of pages, a {'/'.join(PAGE_SUFFIXES)} page, "
                         f"a .warc/.warc.gz file or a {'/'.join(TABLE_SUFFIXES)} file")
    items, problems = page_items([path], path.parent)  # a single page, or the pages of one WARC file
    ids, id_problems = page_ids(items)
    if not items:
        problems.append(problem(shown, "", "error", "no HTML pages found in the WARC file"))
    yield from batches(items, ids, batch_size, problems + id_problems)
