"""One run at a time per output folder: the lock file ``OUTPUT_DIR/.lock``.

:func:`output_lock` creates the lock with ``O_CREAT | O_EXCL`` and writes this process's pid
in it. A second run on the same folder fails at once with :class:`LockError` naming the pid
that holds it; a lock left by a process that is no longer running (or an empty one older than
a few seconds) is taken over with a warning on stderr.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     with output_lock(d) as lock:
...         lock.name
'.lock'
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .paths import message_path

__all__ = ["output_lock", "LockError", "LOCK_NAME"]

#: The lock file that keeps two runs from writing to one output folder at once.
LOCK_NAME = ".lock"
#: An empty lock younger than this (seconds) belongs to a run that is starting.
_STARTING_SECONDS = 10
#: Attempts to take the lock before giving up (a stale lock taken over counts as one).
_ATTEMPTS = 3


class LockError(RuntimeError):
    """The output folder is being written by another run.

    Examples
    --------
    >>> isinstance(LockError("busy"), RuntimeError)
    True
    """


def _pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (one of another user counts as running)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    except OSError:
        return False
    return True


def _lock_holder(lock: Path) -> tuple[int | None, float]:
    """The pid written in ``lock`` (``None``: empty or unreadable) and the lock's age in seconds."""
    try:
        text = lock.read_text(encoding="ascii", errors="replace").strip()
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        raise
    except OSError:
        return None, float("inf")
    return (int(text) if text.isdigit() else None), age


def _acquire(lock: Path, shown: str) -> None:
    """Create ``lock`` holding this pid, taking over a stale one; :class:`LockError` if held."""
    for _ in range(_ATTEMPTS):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid, age = _lock_holder(lock)
            except FileNotFoundError:  # released meanwhile
                continue
            if (pid is not None and _pid_alive(pid)) or (pid is None and age < _STARTING_SECONDS):
                holder = f"pid {pid}" if pid is not None else "a run that is starting"
                raise LockError(f"another run is writing to {shown}: its lock {shown}/{LOCK_NAME} is held by "
                                f"{holder}; wait for it to finish or choose another --out") from None
            _take_over(lock, pid, shown)
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        return
    raise LockError(f"could not take the lock {shown}/{LOCK_NAME}; is another run starting?")


def _take_over(lock: Path, pid: int | None, shown: str) -> None:
    """Remove a stale lock; a second file taken with O_EXCL keeps two runs from both doing it."""
    guard = lock.with_name(LOCK_NAME + ".takeover")
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        raise LockError(f"another run is taking over the stale lock {shown}/{LOCK_NAME} (remove "
                        f"{shown}/{guard.name} if no run is going)") from None
    try:
        os.close(fd)
        try:
            if _lock_holder(lock)[0] != pid:  # taken by someone else meanwhile: try again
                return
        except FileNotFoundError:
            return
        holder = f"pid {pid} is not running" if pid is not None else "it holds no pid"
        print(f"warning: taking over the stale lock {shown}/{LOCK_NAME} ({holder})", file=sys.stderr)
        lock.unlink(missing_ok=True)
    finally:
        guard.unlink(missing_ok=True)


def _release(lock: Path) -> None:
    """Remove ``lock`` if this process holds it."""
    try:
        if lock.read_text(encoding="ascii").strip() == str(os.getpid()):
            lock.unlink()
    except OSError:
        pass


@contextmanager
def output_lock(folder: str | Path) -> Iterator[Path]:
    """Hold ``FOLDER/.lock`` while the block runs, so that two runs never write to one folder at once.

    The folder is created if missing. If another live process holds the lock,
    :class:`LockError` is raised at once, naming the lock file and its pid; a lock left by a
    process that is no longer running is taken over with a warning on stderr. The lock is
    removed when the block ends, also on an error.

    Parameters
    ----------
    folder : str or Path
        The output folder of the run.

    Returns
    -------
    contextmanager of Path
        Yields the lock file (holding this process's pid) while the block runs.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with output_lock(d) as lock:
    ...         held = lock.read_text().strip() == str(os.getpid())
    ...     held, lock.exists()
    (True, False)
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    _acquire(lock, message_path(folder.resolve(), Path.cwd()))
    try:
        yield lock
    finally:
        _release(lock)
