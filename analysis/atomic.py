"""Files written whole or not at all.

Every output of the suite (tables, figures, executed notebooks, the HTML index, the manifest) is
written to a temporary file in its own folder (``.NAME.tmp-<pid>-<thread>``), synced to disk and
renamed onto its final name, so an interrupted run leaves either the previous file or the new
one, never a half-written one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

__all__ = ["atomic_write"]


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
