"""Write tables reproducibly, and set a notebook up for stable output.

Tables are CSV with ``\\n`` line ends and a fixed float format, so that the same input gives
byte-identical files. Every CSV table gets a Parquet twin beside it (``tables/NAME.parquet``: the
same rows, columns and order, with typed columns: integers as ``int64``, booleans as ``bool``,
floats as ``float64`` at full precision, text, dates and times as strings exactly as in the CSV,
a missing value as null); the same table gives the same Parquet bytes (no timestamp is written).

Every file is written whole or not at all (:func:`analysis.atomic.atomic_write`). Text cells of
CSV tables that a spreadsheet would execute as a formula get a leading ``'``
(:func:`escape_formulas`); the Parquet and JSONL tables keep the text as it is. Figures are saved
by :mod:`analysis.figure_files`, whose functions the notebooks call from here
(``outputs.show_figure``).

>>> import tempfile, pandas as pd
>>> with tempfile.TemporaryDirectory() as d:
...     p = write_table(pd.DataFrame({"a": [1.23456]}), d, "t")
...     open(p).read()
'a\\n1.2346\\n'
"""

from __future__ import annotations

import csv
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .atomic import atomic_write
from .figure_files import figure_dir, figure_title, save_figure, show_figure
from .paths import resolve
from .re2 import contains, to_arrow

__all__ = ["write_table", "parquet_table", "save_figure", "show_figure", "figure_title", "escape_formulas",
           "atomic_write", "setup_notebook", "table_dir", "figure_dir", "show", "FORMULA_PREFIXES"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIX_SET = pa.array(FORMULA_PREFIXES, type=pa.large_string())


def table_dir(output_dir: str | Path) -> Path:
    """``OUTPUT_DIR/tables``, created if missing.

    Parameters
    ----------
    output_dir : str or Path
        The output folder (a relative path is taken from the working directory).

    Returns
    -------
    Path
        The tables folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     table_dir(d).relative_to(d).as_posix()
    'tables'
    """
    d = resolve(output_dir) / "tables"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _is_text(column: pd.Series) -> bool:
    """Whether ``column`` may hold strings (object, string or categorical dtype)."""
    return column.dtype == object or isinstance(column.dtype, (pd.StringDtype, pd.CategoricalDtype))


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    A string cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'`` (OWASP's rule against CSV injection), in every text column (object, string
    or categorical dtype) and in string column names. Numbers, missing values and other
    non-string cells are left as they are, so a column of negative numbers is unchanged.
    Whole columns are processed at once (no Python loop over the cells).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table about to be written as CSV; it is not modified.

    Returns
    -------
    pandas.DataFrame
        A frame with the same index, columns and values, the risky text cells prefixed with
        ``'``. A categorical column with an escaped cell comes back as a text (object) column.

    Examples
    --------
    >>> t = pd.DataFrame({"title": ["=HYPERLINK(\\"x\\")", "-2 dari 3", "Banjir"], "n": [-1, 2, 3]})
    >>> escape_formulas(t)
                  title  n
    0  '=HYPERLINK("x") -1
    1        '-2 dari 3  2
    2            Banjir  3
    """
    out = frame.copy(deep=False)  # copy-on-write: only the escaped columns are new
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            escaped = _escaped_strings(column)
        elif isinstance(column.dtype, pd.StringDtype):  # Python strings (may hold lone surrogates)
            risky = column.str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
            escaped = column.where(~risky, "'" + column) if risky.any() else None
        elif _is_text(column):
            escaped = _escaped_objects(column)
        else:
            continue
        if escaped is not None:
            out.isetitem(position, escaped)
    if not isinstance(out.columns, pd.MultiIndex):
        names = [f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) else c for c in out.columns]
        if names != list(out.columns):
            out.columns = names
    return out


def _escaped_strings(column: pd.Series) -> pd.Series | None:
    """An Arrow-backed string column with its risky cells prefixed (None: none is), in Arrow:
    the first character of every cell is looked up, and only the risky cells get a new string,
    chunk by chunk (a chunk without one is kept as it is, not copied)."""
    values = pa.array(column, type=pa.large_string())
    chunks, changed = [], False
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        mask = pc.is_in(pc.utf8_slice_codeunits(chunk, 0, 1), value_set=_PREFIX_SET).fill_null(False)
        if pc.any(mask).as_py():
            prefixed = pc.binary_join_element_wise(pa.scalar("'", chunk.type), chunk.filter(mask),
                                                   pa.scalar("", chunk.type))
            chunk, changed = pc.replace_with_mask(chunk, mask, prefixed), True
        chunks.append(chunk)
    if not changed:
        return None
    return pd.Series(pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype=column.dtype),
                     index=column.index, name=column.name)


def _escaped_objects(column: pd.Series) -> pd.Series | None:
    """An object or categorical column with its risky strings prefixed (None: none is)."""
    try:
        risky = column.str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
    except AttributeError:  # an object column without any string (numbers, lists...)
        return None
    if not risky.any():
        return None
    values = column.to_numpy(dtype=object, copy=True)  # maybe mixed with numbers: the risky strings only
    values[risky] = "'" + values[risky]
    return pd.Series(values, index=column.index, name=column.name, dtype=object)


def _has_carriage_return(frame: pd.DataFrame) -> bool:
    """Whether a column name or a text cell of ``frame`` contains ``\\r``."""
    if any(isinstance(c, str) and "\r" in c for c in frame.columns):
        return True
    for _, column in frame.items():
        if _is_text(column):
            if isinstance(column.dtype, pd.StringDtype):  # searched by RE2, 30 times faster
                if contains(to_arrow(column), "\r").any():
                    return True
                continue
            try:
                if column.str.contains("\r", regex=False, na=False).to_numpy(dtype=bool).any():
                    return True
            except AttributeError:  # no strings in this column
                continue
    return False


def _typed_column(column: pd.Series) -> tuple[pd.Series, object]:
    """``column`` as written to Parquet, and its Arrow type: integers as int64, booleans as bool,
    floats as float64, anything else (text, categories, dates, times) as the text the CSV shows."""
    import pyarrow as pa

    api = pd.api.types
    kind = column.dtype
    if isinstance(kind, pd.CategoricalDtype):
        column, kind = column.astype(object), np.dtype(object)
    if isinstance(kind, pd.StringDtype):  # text by its type: no value to look at one by one, rebuilt in
        values = pa.array(column, type=pa.large_string(), from_pandas=True)  # one piece in Arrow (the same
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values  # pages however read)
        text = pd.arrays.ArrowStringArray(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))  # pandas' "str"
        return pd.Series(text, index=column.index, name=column.name), pa.string()
    if api.is_bool_dtype(kind):
        return column.astype("bool" if column.notna().all() else "boolean"), pa.bool_()
    if api.is_integer_dtype(kind):
        return column.astype("int64" if column.notna().all() else "Int64"), pa.int64()
    if api.is_float_dtype(kind):
        return column.astype("float64"), pa.float64()
    if api.is_datetime64_any_dtype(kind) or api.is_timedelta64_dtype(kind) or isinstance(kind, pd.PeriodDtype):
        return column.astype("string").astype(object).where(column.notna(), None), pa.string()
    values = column.astype(object).where(column.notna(), None)
    present = values.dropna()
    if len(present) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return _typed_column(values.astype("boolean"))
    if len(present) and present.map(lambda v: isinstance(v, (int, np.integer))
                                    and not isinstance(v, (bool, np.bool_))).all():
        return _typed_column(values.astype("Int64"))
    return values.map(lambda v: v if v is None or isinstance(v, str) else str(v)), pa.string()


def parquet_table(frame: pd.DataFrame):
    """``frame`` as the typed Arrow table of its Parquet file (see the module's docstring).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (its index is not kept).

    Returns
    -------
    pyarrow.Table
        The same columns in the same order (names as text) and rows; integer columns
        ``int64``, boolean ``bool``, float ``float64``, every other column ``string``.

    Examples
    --------
    >>> t = parquet_table(pd.DataFrame({"n": [1, 2], "ok": [True, False], "d": pd.to_datetime(["2023-10-01", None]),
    ...                                 "outlet": pd.Series(["A", None], dtype="category")}))
    >>> [str(f.type) for f in t.schema], t.column("d").to_pylist()
    (['int64', 'bool', 'string', 'string'], ['2023-10-01', None])
    """
    import pyarrow as pa

    names = [str(c) for c in frame.columns]
    typed = [_typed_column(frame.iloc[:, i].reset_index(drop=True)) for i in range(frame.shape[1])]
    data = pd.DataFrame({i: col for i, (col, _) in enumerate(typed)}, index=pd.RangeIndex(len(frame)))
    data.columns = names
    schema = pa.schema([pa.field(n, kind) for n, (_, kind) in zip(names, typed)])
    return pa.Table.from_pandas(data, schema=schema, preserve_index=False)


def _write_parquet(frame: pd.DataFrame, tmp: Path) -> None:
    """The typed table as Parquet (snappy; the same table gives the same bytes: no time is written)."""
    import pyarrow.parquet as pq

    pq.write_table(parquet_table(frame), tmp, compression="snappy")


def _write_jsonl(frame: pd.DataFrame, tmp: Path) -> None:
    """``frame`` as JSON lines, the bytes of ``to_json(orient="records", lines=True,
    force_ascii=False)``. pandas turns its JSON array into lines at about 25 MB/s (7 s for the
    texts of 100,000 articles); a table of text, integer and boolean columns only is written here
    row by row with the standard library's encoder instead (about 6 times faster), with ``/``
    escaped as pandas does (tested); any other table (or repeated column names) by pandas."""
    import json

    kinds = frame.dtypes.tolist()
    if not frame.columns.is_unique or not all(isinstance(k, pd.StringDtype) or (isinstance(k, np.dtype)
                                                                                and k.kind in "iub") for k in kinds):
        frame.to_json(tmp, orient="records", lines=True, force_ascii=False, compression=None)
        return
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def text(value) -> str:
        return "null" if value is None else encode(value).replace("/", "\\/")

    names = [text(str(c)) + ":" for c in frame.columns]
    columns = [[text(v) for v in frame.iloc[:, i].astype(object).where(frame.iloc[:, i].notna(), None).tolist()]
               if isinstance(kind, pd.StringDtype) else
               (["true" if v else "false" for v in frame.iloc[:, i].tolist()] if kind.kind == "b"
                else [str(v) for v in frame.iloc[:, i].tolist()])
               for i, kind in enumerate(kinds)]
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.writelines("{" + ",".join(name + value for name, value in zip(names, row)) + "}\n"
                       for row in zip(*columns))
        if not len(frame):
            out.write("\n")  # as pandas writes a table without rows


#: Rows of a table turned into CSV text at a time by :func:`_write_csv` (bounds the memory; the
#: buffers of one part are reused for the next).
_CSV_ROWS = 20_000


def _csv_fields(column: pd.Series) -> list:
    """One column (text, integer, boolean or float: :func:`_write_csv` checks) as the CSV fields
    pandas writes (``float_format="%.4f"``, missing values empty), quoted as Python's csv writer
    quotes them with ``QUOTE_MINIMAL`` and ``\n`` line ends (a field with ``,``, ``"`` or
    ``\n``, its quotes doubled): the pieces of each row's field (the marks around it as columns
    of their own)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.dtype
    if isinstance(kind, pd.StringDtype):
        values = to_arrow(column)  # missing values as ""
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    elif kind.kind in "iu":
        return [pc.cast(pa.array(column.to_numpy()), pa.large_string())]
    elif kind.kind == "b":
        return [pc.if_else(pa.array(column.to_numpy()), "True", "False").cast(pa.large_string())]
    else:
        return [pa.array(["" if v != v else "%.4f" % v for v in column.tolist()], type=pa.large_string())]
    need = pc.match_substring_regex(values, '[,"\n]')
    if not pc.any(need).as_py():
        return [values]
    doubled = contains(values, '"')
    if doubled.any():
        doubled = pa.array(doubled)
        values = pc.replace_with_mask(values, doubled, pc.replace_substring(values.filter(doubled), '"', '""'))
    mark = pc.if_else(need, '"', "").cast(pa.large_string())
    return [mark, values, mark]


def _write_csv(frame: pd.DataFrame, tmp: Path) -> bool:
    """``frame`` as CSV with the bytes of ``to_csv(index=False, lineterminator="\n",
    float_format="%.4f")`` (``QUOTE_MINIMAL``), each row joined in Arrow (C++): pandas' own
    writer runs at about 90 MB/s (2 s for the lines of 100,000 articles). Only a table of two
    or more columns named by unique strings, each text (string dtype), integer, boolean or
    float; False (nothing written) for any other, which pandas writes. Tested against pandas."""
    import io

    import pyarrow as pa
    import pyarrow.compute as pc

    kinds = frame.dtypes.tolist()
    if (frame.shape[1] < 2 or not frame.columns.is_unique or not all(isinstance(c, str) for c in frame.columns)
            or not all(isinstance(k, pd.StringDtype) or (isinstance(k, np.dtype) and k.kind in "iubf")
                       for k in kinds)):
        return False
    header = io.StringIO()
    csv.writer(header, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(frame.columns.tolist())
    comma, end, none = (pa.scalar(x, pa.large_string()) for x in (",", "\n", ""))
    with open(tmp, "wb") as out:
        out.write(header.getvalue().encode("utf-8"))
        for first in range(0, len(frame), _CSV_ROWS):
            part = frame.iloc[first:first + _CSV_ROWS]
            pieces = [piece for i in range(part.shape[1]) for piece in [comma] * (i > 0) + _csv_fields(part.iloc[:, i])]
            rows = pc.binary_join_element_wise(*pieces, end, none)  # "" joins the pieces
            _, offsets, data = rows.buffers()
            offsets = np.frombuffer(offsets, dtype=np.int64)[rows.offset:rows.offset + len(rows) + 1]
            out.write(memoryview(data)[offsets[0]:offsets[-1]])
    return True


def write_table(frame: pd.DataFrame, output_dir: str | Path, name: str, fmt: str = "csv") -> Path:
    """Write ``frame`` as ``OUTPUT_DIR/tables/NAME.csv`` and its Parquet twin (or only ``.parquet``/``.jsonl``), atomically.

    CSV text cells that would run as spreadsheet formulas are prefixed with ``'``
    (:func:`escape_formulas`); Parquet and JSONL are written unchanged (lossless), Parquet with
    typed columns (:func:`parquet_table`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (its index is not written).
    output_dir : str or Path
        The output folder; the file goes to its ``tables/``.
    name : str
        The file name without extension.
    fmt : str
        ``"csv"`` (``\\n`` line ends, floats with 4 decimals, and ``NAME.parquet`` beside it),
        ``"jsonl"`` or ``"parquet"``.

    Returns
    -------
    Path
        The file written (the CSV for ``"csv"``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_table(pd.DataFrame({"a": [1]}), d, "t", fmt="jsonl").read_text()
    '{"a":1}\\n'
    >>> with tempfile.TemporaryDirectory() as d:
    ...     csv_path = write_table(pd.DataFrame({"a": [1]}), d, "t")
    ...     sorted(p.name for p in csv_path.parent.iterdir()), pd.read_parquet(csv_path.with_suffix(".parquet")).dtypes["a"]
    (['t.csv', 't.parquet'], dtype('int64'))
    """
    if fmt == "csv":
        def write(tmp: Path) -> None:
            safe = escape_formulas(frame)
            # Python's csv writer quotes a field with "\n" but not one with a bare "\r", which
            # readers take for a line end: a table with one is written with every field quoted
            quoting = csv.QUOTE_ALL if _has_carriage_return(safe) else csv.QUOTE_MINIMAL
            if quoting == csv.QUOTE_ALL or not _write_csv(safe, tmp):
                safe.to_csv(tmp, index=False, lineterminator="\n", float_format="%.4f", quoting=quoting,
                            compression=None)
    elif fmt == "jsonl":
        def write(tmp: Path) -> None:
            _write_jsonl(frame, tmp)
    elif fmt == "parquet":
        def write(tmp: Path) -> None:
            _write_parquet(frame, tmp)
    else:
        raise ValueError(f"unknown table format {fmt!r}")
    folder = table_dir(output_dir)
    written = atomic_write(folder / f"{name}.{fmt}", write)
    if fmt == "csv":
        atomic_write(folder / f"{name}.parquet", lambda tmp: _write_parquet(frame, tmp))
    return written


def show(frame: pd.DataFrame, rows: int = 20) -> pd.DataFrame:
    """The first ``rows`` rows of a table, for display: long tables never flood a notebook.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table.
    rows : int
        How many rows to show.

    Returns
    -------
    pandas.DataFrame
        The first ``rows`` rows, numbered from 0; when rows are left out, how many is printed
        first (a shortened table is never taken for the whole).

    Examples
    --------
    >>> show(pd.DataFrame({"a": [1, 2, 3]}, index=[7, 8, 9]), rows=2)
    (the first 2 of 3 rows)
       a
    0  1
    1  2
    """
    if len(frame) > rows:
        print(f"(the first {rows:,} of {len(frame):,} rows)")
    return frame.head(rows).reset_index(drop=True)


def _warning_line(message, category, filename, lineno, line=None) -> str:
    """A warning as a notebook shows it: its kind and message, not where it was raised (a cell's
    file is named by the kernel's process id: two identical runs would differ)."""
    return f"{category.__name__}: {message}\n"


def setup_notebook(*, defer_figure_style: bool = False) -> None:
    """Stable display settings for notebooks (wide tables, rounded floats, readable figures).

    Sets pandas' display options, seaborn's theme and matplotlib's defaults (including a fixed
    SVG hash salt), silences deprecation warnings from the libraries and shows a warning as its
    kind and message only (no file path or line of the code that raised it).

    Parameters
    ----------
    defer_figure_style : bool
        Where ``matplotlib.pyplot`` is not imported yet, leave seaborn's theme and matplotlib's
        defaults to the import of the package's plots (``analysis.plots``, which every notebook
        imports before its first figure; :func:`analysis.notebook.setup` asks for this): a
        notebook that loads its corpus first does not wait for matplotlib to import.

    Returns
    -------
    None

    Examples
    --------
    >>> import subprocess, sys  # in a fresh interpreter: the settings are global
    >>> code = ("from analysis.outputs import setup_notebook; setup_notebook(defer_figure_style=True); "
    ...         "import pandas as pd, sys; print(pd.get_option('display.precision'), 'matplotlib' in sys.modules); "
    ...         "import analysis.plots, matplotlib as mpl; print(mpl.rcParams['svg.hashsalt'])")
    >>> subprocess.run([sys.executable, "-c", code], cwd=resolve("."), capture_output=True, text=True).stdout
    '3 False\\nnews-coverage\\n'
    """
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.formatwarning = _warning_line  # no kernel file path or process id in the outputs
    _FIGURE_STYLE["pending"] = True
    if not defer_figure_style or "matplotlib.pyplot" in sys.modules:
        _figure_style()


#: Whether :func:`setup_notebook` left the figure style to :func:`_figure_style`, not applied yet.
_FIGURE_STYLE = {"pending": False}


def _figure_style() -> None:
    """seaborn's theme and the notebooks' matplotlib defaults, where :func:`setup_notebook` left
    them pending (``analysis.plots`` calls this when it is imported); nothing otherwise."""
    if not _FIGURE_STYLE["pending"]:
        return
    _FIGURE_STYLE["pending"] = False
    import matplotlib as mpl

    from .lazy_imports import import_module

    import_module("seaborn").set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update({
        "figure.figsize": (9, 4.5), "figure.dpi": 100, "font.size": 11, "axes.titlesize": 13,
        "axes.labelsize": 11, "svg.hashsalt": "news-coverage", "figure.max_open_warning": 0,
    })
