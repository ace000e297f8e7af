"""Files written whole or not at all.

Every output of the suite (tables, figures, executed notebooks, the HTML index, the manifest) is
written to a temporary file in its own folder (``.NAME.tmp-<pid>-<thread>``), synced to disk and
renamed onto its final name, so an interrupted run leaves either the previous file or the new
one, never a half-written one; the temporary file a killed process leaves behind is removed by
the next run that holds the folder (:func:`remove_leftovers`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

__all__ = ["atomic_write", "remove_leftovers"]

#: The name of a temporary file of :func:`atomic_write`.
_TEMPORARY = re.compile(r"\..+\.tmp-[0-9]+-[0-9]+")


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it onto ``path``.

    Readers (and an interrupted run) see the previous file or the complete new one, never a
    partial one; the temporary file (``.NAME.tmp-<pid>-<thread>``) is synced to disk before
    the rename and removed when ``write`` fails.

    Parameters
    ----------
    path : Path
        The file to write (its folder must exist).
    write : callable
        Writes the whole content to the temporary path it is given.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     done = atomic_write(Path(d) / "a.txt", lambda tmp: tmp.write_text("new"))
    ...     done.read_text(), sorted(p.name for p in Path(d).iterdir())
    ('new', ['a.txt'])
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        write(tmp)
        with open(tmp, "rb+") as written:  # on disk before the rename, so a crash cannot empty it
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    return path


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of :func:`atomic_write` in ``folder`` (not below it): left by a
    process killed while writing. Call it only while no other process writes there (the run's lock).

    Parameters
    ----------
    folder : Path
        A folder of outputs (missing: nothing to do).

    Returns
    -------
    list of Path
        The files removed, sorted.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = Path(d, ".terms.csv.tmp-123-456").write_text("half")
    ...     _ = Path(d, "terms.csv").write_text("whole")
    ...     [p.name for p in remove_leftovers(Path(d))], sorted(p.name for p in Path(d).iterdir())
    (['.terms.csv.tmp-123-456'], ['terms.csv'])
    """
    found = sorted(p for p in folder.iterdir() if _TEMPORARY.fullmatch(p.name) and p.is_file()) if folder.is_dir() else []
    for path in found:
        with suppress(FileNotFoundError):
            path.unlink()
    return found
