"""SVG files of the notebooks' figures, drawn by a helper process while the notebook goes on.

Drawing a figure as SVG takes as long as drawing it as PNG, and the notebook only shows the PNG.
:func:`submit` pickles the figure with the settings it is drawn under (``rcParams``) and a helper
process (one, started on first use with ``spawn``) draws it into the file, atomically; the
notebook goes on to its next cell on the other core. The SVG is byte for byte the one the notebook
itself would have drawn (a test compares them). :func:`flush` waits for every pending file and
raises the first error; the runner calls it before a notebook's namespace is emptied and before
the manifest lists the files, and it runs at the interpreter's exit for papermill and JupyterLab
users. A figure that cannot be pickled is drawn in the notebook as before.

>>> import tempfile, matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> with tempfile.TemporaryDirectory() as d:
...     submit(fig, Path(d) / "f.svg", "A title")
...     flush()
...     "<dc:title>A title</dc:title>" in (Path(d) / "f.svg").read_text()
True
"""

from __future__ import annotations

import atexit
import pickle
from pathlib import Path

__all__ = ["write_svg", "start", "submit", "flush", "close"]

_POOL = None
_PENDING: list = []
#: rcParams that select a backend: the helper process draws with Agg's SVG writer.
_NOT_SENT = ("backend", "backend_fallback")


def write_svg(fig, path: Path, title: str) -> Path:
    """Draw ``fig`` as SVG into ``path`` (atomically), without volatile metadata.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : Path
        The SVG file (its folder must exist).
    title : str
        Stored as the SVG's ``<dc:title>`` (nothing when empty).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_svg(plt.subplots()[0], Path(d) / "f.svg", "").name
    'f.svg'
    """
    import matplotlib as mpl

    from .outputs import atomic_write

    with mpl.rc_context({"svg.hashsalt": "news-coverage", "svg.fonttype": "path"}):
        return atomic_write(path, lambda tmp: fig.savefig(tmp, format="svg", bbox_inches="tight", metadata={
            "Date": None, "Creator": None, **({"Title": title} if title else {})}))


def _draw(payload: bytes, path: str, title: str) -> str:
    """In the helper process: the figure back from its pickle, drawn under the sender's settings."""
    import matplotlib as mpl

    mpl.use("Agg")
    figure, settings = pickle.loads(payload)
    with mpl.rc_context(settings):
        write_svg(figure, Path(path), title)
    return path


def submit(fig, path: Path, title: str) -> None:
    """Have the helper process write ``fig`` as SVG to ``path`` (drawn here if it cannot be pickled).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (it may be closed or changed once this returns).
    path : Path
        The SVG file (its folder must exist when the helper writes it).
    title : str
        As for :func:`write_svg`.

    Returns
    -------
    None
        The file is there after :func:`flush`.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as d:
    ...     submit(plt.subplots()[0], Path(d) / "f.svg", "")
    ...     flush()
    ...     (Path(d) / "f.svg").exists()
    True
    """
    import matplotlib as mpl

    try:
        payload = pickle.dumps((fig, {k: v for k, v in mpl.rcParams.items() if k not in _NOT_SENT}))
    except Exception:  # an artist that does not pickle
        write_svg(fig, path, title)
        return
    _PENDING.append(_pool().submit(_draw, payload, str(path), title))


def _pool():
    """The helper process' pool, started on first use."""
    global _POOL
    if _POOL is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_at_exit)
    return _POOL


def _ready() -> None:
    """In the helper process: import what drawing needs and draw one empty figure (fonts, backend)."""
    import io

    import matplotlib as mpl

    mpl.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure()
    figure.add_subplot().set_title("ready")
    figure.savefig(io.BytesIO(), format="svg")


def start() -> None:
    """Start the helper process now, without waiting for it, so that it has imported matplotlib
    and drawn once by the time a notebook submits its first figure (the report's kernels call
    this while the first notebook loads its corpus).

    Returns
    -------
    None
        Nothing is written; :func:`flush` waits for the start as for a file.

    Examples
    --------
    >>> start()
    >>> flush()
    """
    _PENDING.append(_pool().submit(_ready))


def close() -> None:
    """Write what is pending, then stop the helper process (a later :func:`submit` starts one).

    Returns
    -------
    None
        Raises the first error of a pending file, as :func:`flush` does.

    Examples
    --------
    >>> close()
    """
    global _POOL
    try:
        flush()
    finally:
        if _POOL is not None:
            _POOL.shutdown(wait=True)
            _POOL = None


def _at_exit() -> None:
    """At the interpreter's exit: :func:`close`, its error reported rather than raised."""
    try:
        close()
    except Exception as exc:  # the interpreter is exiting
        import sys

        print(f"a figure's SVG file could not be written: {type(exc).__name__}: {exc}", file=sys.stderr)


def flush() -> None:
    """Wait until every submitted SVG is written; raise the first error (all are waited for).

    Returns
    -------
    None

    Examples
    --------
    >>> flush()  # nothing pending
    """
    pending, _PENDING[:] = list(_PENDING), []
    errors = []
    for future in pending:
        try:
            future.result()
        except Exception as exc:  # noqa: PERF203 - every file is waited for
            errors.append(exc)
    if errors:
        raise errors[0]
