"""Column mapping: a table export's own column names, read as the suite's (the ``columns`` parameter).

A CSV, JSON Lines or Parquet corpus is read by its column names: ``text`` and, optionally,
``doc_id`` and the metadata columns (:data:`analysis.documents.METADATA_COLUMNS`). An export that
names them otherwise (``isi``, ``judul``, ``tanggal``, ``media``) is read with the ``columns``
parameter, ``"text=isi,title=judul,published=tanggal,outlet=media"``: each pair is a name of the
suite, ``=``, and the file's column read as it. Nothing is guessed:

* a column the parameter names is read as the suite's name; one it names that the file lacks
  stops the run before anything is read (:func:`missing_columns`);
* a column named as the suite names it is read as before, unless the parameter gives that name
  another column: then it is not read, and the warning of columns not read names it;
* names are matched exactly (spaces around a pair's names are dropped).

The readers (:mod:`analysis.readers.tables`, :mod:`analysis.readers.slices`) rename each batch
they read (:func:`renamed`) and tell the file's columns by :func:`read_as` and :func:`file_column`;
a folder's ``metadata.csv`` is not mapped (it is written for the suite).

>>> columns = parse_columns("text=isi, title = judul")
>>> columns
(('text', 'isi'), ('title', 'judul'))
>>> file_column("text", columns), read_as("judul", columns), read_as("text", columns)
('isi', 'title', None)
"""

from __future__ import annotations

__all__ = ["read_columns", "parse_columns", "read_as", "file_column", "renamed", "missing_columns", "described"]


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


def read_as(column: str, columns: tuple[tuple[str, str], ...]) -> str | None:
    """What the file's column ``column`` is read as: the suite's name, or None (not read).

    Parameters
    ----------
    column : str
        A column of the file.
    columns : tuple of (str, str)
        The mapping (:func:`parse_columns`).

    Returns
    -------
    str or None

    Examples
    --------
    >>> read_as("isi", (("text", "isi"),)), read_as("url", ()), read_as("judul", ())
    ('text', 'url', None)
    """
    column = str(column)
    for name, given in columns:
        if given == column:
            return name
    if column in dict(columns):  # the suite's name, given another column
        return None
    return column if column in read_columns() else None


def file_column(name: str, columns: tuple[tuple[str, str], ...]) -> str:
    """The file's column read as the suite's ``name`` (``name`` itself when the mapping gives none).

    Parameters
    ----------
    name : str
        A name of :func:`read_columns`.
    columns : tuple of (str, str)
        The mapping.

    Returns
    -------
    str

    Examples
    --------
    >>> file_column("published", (("published", "tanggal"),)), file_column("text", ())
    ('tanggal', 'text')
    """
    return dict(columns).get(name, name)


def renamed(frame, columns: tuple[tuple[str, str], ...]):
    """``frame`` (a batch read from the file) with its columns as the suite reads them: mapped ones
    renamed, the suite-named ones the mapping replaces dropped, the others kept as they are.

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
    sources = {given: name for name, given in columns}
    shadowed = [c for c in frame.columns if c in dict(columns) and c not in sources]
    return frame.drop(columns=shadowed).rename(columns=sources)


def missing_columns(names, columns: tuple[tuple[str, str], ...]) -> list[str]:
    """The file columns the mapping names that ``names`` (the file's columns) lacks.

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
    have = {str(n) for n in names}
    return [given for _, given in columns if given not in have]


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
