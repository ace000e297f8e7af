"""Column mapping: a table export's own column names, read as the suite's (the ``columns`` parameter).

A CSV, JSON Lines or Parquet corpus is read by its column names: ``text`` and, optionally,
``doc_id`` and the metadata columns (:data:`analysis.documents.METADATA_COLUMNS`). An export that
names them otherwise (``isi``, ``judul``, ``tanggal``, ``media``) is read with the ``columns``
parameter, ``"text=isi,title=judul,published=tanggal,outlet=media"``: each pair is a name of the
suite, ``=``, and the file's column read as it. Nothing is guessed:

* a column the parameter names is read as the suite's name; one it names that the file lacks,
  or a file none of whose columns is read as ``text``, stops the reading before its first batch
  (:func:`columns_problem`; a CSV or Parquet file, or JSON Lines of at most 64 KB, before the
  run starts: ``corpus_files.corpus_problems``);
* a column named as the suite names it is read as before, unless the parameter gives that name
  another column: then it is not read, and the warning of columns not read names it;
* a pair's names are written without the spaces around them; a file column matches its name
  exactly, else the one column equal to it but for spaces around it (a header ``id, isi``).

The readers (:mod:`analysis.readers.tables`, :mod:`analysis.readers.slices`) rename each batch
they read (:func:`renamed`) and find the file's columns by :func:`read_names` and
:func:`file_column`; a folder's ``metadata.csv`` is not mapped (it is written for the suite).

>>> columns = parse_columns("text=isi, title = judul")
>>> columns
(('text', 'isi'), ('title', 'judul'))
>>> read_names(["judul", " isi", "text", "lain"], columns)
{'judul': 'title', ' isi': 'text'}
"""

from __future__ import annotations

__all__ = ["read_columns", "parse_columns", "read_names", "file_column", "renamed", "missing_columns",
           "columns_problem", "described"]


def read_columns() -> tuple[str, ...]:
    """The columns of a table corpus the suite reads: ``doc_id``, ``text`` and the metadata columns.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> read_columns()[:3]
    ('doc_id', 'text', 'outlet')
    """
    from .documents import METADATA_COLUMNS

    return ("doc_id", "text", *METADATA_COLUMNS)


def parse_columns(value) -> tuple[tuple[str, str], ...]:
    """The pairs of a ``columns`` parameter, checked: ``(suite name, file column)`` in the order given.

    Parameters
    ----------
    value : str or iterable of (str, str)
        ``"text=isi,title=judul"`` (empty: no mapping), or pairs already parsed.

    Returns
    -------
    tuple of (str, str)

    Raises
    ------
    ValueError
        Naming the parameter: a piece without ``=``, a name the suite does not read, a name or a
        file column given twice, an empty file column.

    Examples
    --------
    >>> parse_columns(""), parse_columns("published=tanggal")
    ((), (('published', 'tanggal'),))
    >>> parse_columns("judul=title")
    Traceback (most recent call last):
    ValueError: parameter columns: 'judul' is not a column the suite reads (one of doc_id, text, outlet, \
title, published, url, authors, editors, credited_sources, language); write the suite's name first: title=judul
    """
    if isinstance(value, str):
        pieces = [p for p in value.split(",") if p.strip()]
        pairs = []
        for piece in pieces:
            if "=" not in piece:
                raise ValueError(f"parameter columns: {piece.strip()!r} is not NAME=COLUMN (the suite's name, '=', "
                                 "the file's column), as in text=isi,title=judul")
            name, _, column = piece.partition("=")
            if not name.strip():
                raise ValueError(f"parameter columns: no suite name given for the column {column.strip()!r} "
                                 f"(write NAME={column.strip()})")
            pairs.append((name.strip(), column.strip()))
    else:
        try:
            pairs = [(str(name), str(column)) for name, column in value]
        except (TypeError, ValueError):
            raise ValueError(f"parameter columns must be 'NAME=COLUMN,...' or pairs, not {value!r}") from None
    known = read_columns()
    for name, column in pairs:
        if name not in known:
            hint = f"; write the suite's name first: {column}={name}" if column in known else ""
            raise ValueError(f"parameter columns: {name!r} is not a column the suite reads (one of "
                             f"{', '.join(known)}){hint}")
        if not column:
            raise ValueError(f"parameter columns: no file column given for {name!r}")
    for index in (0, 1):
        seen = [pair[index] for pair in pairs]
        twice = sorted({x for x in seen if seen.count(x) > 1})
        if twice:
            what = "name" if index == 0 else "file column"
            raise ValueError(f"parameter columns: the {what} {twice[0]!r} is given twice")
    return tuple(pairs)


def _found(given: str, names: list[str]) -> str | None:
    """The column of ``names`` that the pair's column ``given`` names: the one named so, else the
    one named so but for spaces around it (None: none, or several)."""
    if given in names:
        return given
    near = [n for n in names if n.strip() == given]
    return near[0] if len(near) == 1 else None


def read_names(names, columns: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The file's columns that are read, each with the suite's name it is read as.

    Parameters
    ----------
    names : iterable
        The file's columns (a header, a batch's columns).
    columns : tuple of (str, str)
        The mapping (:func:`parse_columns`).

    Returns
    -------
    dict
        File column -> suite name, in the order of ``names``.

    Examples
    --------
    >>> read_names(["isi", "text", "url", "judul"], (("text", "isi"),))
    {'isi': 'text', 'url': 'url'}
    """
    names = [str(n) for n in names]
    mapped = {}
    for name, given in columns:
        found = _found(given, names)
        if found is not None:
            mapped[found] = name
    suite = set(read_columns()) - set(dict(columns))  # a name the mapping gives another column is not read
    return {n: mapped[n] if n in mapped else n for n in names if n in mapped or n in suite}


def file_column(name: str, columns: tuple[tuple[str, str], ...], names=None) -> str | None:
    """The file's column read as the suite's ``name``.

    Parameters
    ----------
    name : str
        A name of :func:`read_columns`.
    columns : tuple of (str, str)
        The mapping.
    names : iterable or None
        The file's columns: the one read as ``name`` is found among them (None when none is);
        without them, the column the mapping names (``name`` itself when it names none).

    Returns
    -------
    str or None

    Examples
    --------
    >>> file_column("published", (("published", "tanggal"),)), file_column("text", ())
    ('tanggal', 'text')
    >>> file_column("published", (("published", "tanggal"),), ["isi", " tanggal"])
    ' tanggal'
    """
    if names is None:
        return dict(columns).get(name, name)
    return next((column for column, read in read_names(names, columns).items() if read == name), None)


def renamed(frame, columns: tuple[tuple[str, str], ...]):
    """``frame`` (a batch read from the file) with its columns as the suite reads them: the mapped
    ones renamed, the suite-named ones the mapping replaces dropped, the others kept as they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns as in the file.
    columns : tuple of (str, str)
        The mapping (empty: ``frame`` itself).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> renamed(pd.DataFrame({"text": ["a"], "isi": ["b"]}), (("text", "isi"),)).to_dict("list")
    {'text': ['b']}
    """
    if not columns or not len(frame.columns):
        return frame
    read = read_names(frame.columns, columns)
    suite = set(read_columns())
    unread = [c for c in frame.columns if c not in read and str(c) in suite]
    return frame.drop(columns=unread).rename(columns={c: n for c, n in read.items() if c != n})


def missing_columns(names, columns: tuple[tuple[str, str], ...]) -> list[str]:
    """The columns the mapping names that ``names`` (the file's columns) lacks.

    Parameters
    ----------
    names : iterable of str
        The file's columns.
    columns : tuple of (str, str)
        The mapping.

    Returns
    -------
    list of str
        In the mapping's order.

    Examples
    --------
    >>> missing_columns(["isi", "judul"], (("text", "isi"), ("published", "tanggal")))
    ['tanggal']
    """
    names = [str(n) for n in names]
    return [given for _, given in columns if _found(given, names) is None]


def columns_problem(names, columns: tuple[tuple[str, str], ...]) -> str:
    """What stops a table file with the columns ``names`` from being read under the mapping: a
    column it names that the file lacks, or the file's ``text`` column read as another name with
    no column read as ``text`` ("" when nothing; a file with no ``text`` column and no mapping of
    it is ``corpus_files.no_text_column``'s message).

    Parameters
    ----------
    names : iterable of str
        The file's columns.
    columns : tuple of (str, str)
        The mapping.

    Returns
    -------
    str

    Examples
    --------
    >>> columns_problem(["id", " isi"], (("text", "isi"), ("published", "tanggal")))
    "no column 'tanggal' (named by parameter columns; its columns: 'id', ' isi')"
    >>> columns_problem(["text", "judul"], (("title", "text"),))
    "no column is read as 'text': parameter columns reads the column 'text' as 'title'"
    """
    names = [str(n) for n in names]
    missing = missing_columns(names, columns)
    if missing:
        return (f"no column {', '.join(map(repr, missing))} (named by parameter columns; its columns: "
                f"{', '.join(map(repr, names))})")
    read = read_names(names, columns)
    if "text" in names and "text" not in read.values():
        return f"no column is read as 'text': parameter columns reads the column 'text' as {read.get('text')!r}"
    return ""


def described(columns: tuple[tuple[str, str], ...]) -> str:
    """The mapping as a parameter value (``"text=isi,title=judul"``; empty: none).

    Parameters
    ----------
    columns : tuple of (str, str)

    Returns
    -------
    str

    Examples
    --------
    >>> described((("text", "isi"), ("title", "judul")))
    'text=isi,title=judul'
    """
    return ",".join(f"{name}={given}" for name, given in columns)
