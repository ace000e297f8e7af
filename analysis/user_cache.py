"""The package's folder in the user's cache: work that depends only on the installed libraries and
the package's rules, done once per machine instead of once in every process of every run.

It holds py3langid's model uncompressed (:mod:`analysis.langid_model`), the list of data patterns
that have compiled (:func:`analysis.re2.remember_checked`) and the character classes of the text
normalisation (``analysis.text``); never anything read from a corpus. Everything in it can be
deleted at any time: it is written again when needed. A file that does not match the checksum
stored with it is ignored (and written again), and where there is no such folder or it cannot be
written, nothing is kept: the work is then done in every process, as without it. The folder is
``$BERITA_COVERAGE_CACHE`` when that is set, else ``platformdirs.user_cache_dir("berita-coverage")``
(``$XDG_CACHE_HOME/berita-coverage`` or ``~/.cache/berita-coverage`` on Linux).
"""

from __future__ import annotations

import json
import os
import zlib
from contextlib import suppress
from pathlib import Path

from .atomic import atomic_write

__all__ = ["CACHE_VARIABLE", "cache_root", "entry_name", "read_json", "write_json"]

#: The environment variable that names the folder instead (the tests point it at a scratch folder).
CACHE_VARIABLE = "BERITA_COVERAGE_CACHE"


def cache_root() -> Path | None:
    """The package's folder in the user's cache (it may not exist yet), or None when the system
    gives none (no home folder).

    Returns
    -------
    Path or None
        ``$BERITA_COVERAGE_CACHE``, else ``platformdirs.user_cache_dir("berita-coverage")``.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {CACHE_VARIABLE: "/tmp/coverage-cache"}):
    ...     cache_root().as_posix()
    '/tmp/coverage-cache'
    """
    if given := os.environ.get(CACHE_VARIABLE):
        return Path(given)
    import platformdirs

    try:
        return Path(platformdirs.user_cache_dir("berita-coverage"))
    except (RuntimeError, KeyError, OSError):  # no home folder (a user without a passwd entry, env -i)
        return None


def entry_name(stem: str) -> str:
    """The file name of an entry that depends on Python (its ``re``, its Unicode tables) and on
    pyarrow (its RE2, its Unicode tables): ``stem`` with both versions appended.

    Parameters
    ----------
    stem : str
        What the entry is, with any key of its own (``text-classes-<hash of text.py>``).

    Returns
    -------
    str
        ``STEM-python-X.Y.Z-pyarrow-X.Y.Z.json``.

    Examples
    --------
    >>> entry_name("patterns-checked").startswith("patterns-checked-python-3.")
    True
    """
    import sys

    import pyarrow

    return f"{stem}-python-{'.'.join(map(str, sys.version_info[:3]))}-pyarrow-{pyarrow.__version__}.json"


def read_json(name: str):
    """The value stored under ``name`` by :func:`write_json`, or None when there is none or it is damaged.

    Parameters
    ----------
    name : str
        A file name in :func:`cache_root` (:func:`entry_name`).

    Returns
    -------
    object or None
        The stored value, when the file exists, parses and its checksum matches.

    Examples
    --------
    >>> read_json("no-such-entry.json") is None
    True
    """
    root = cache_root()
    if root is None:
        return None
    try:
        stored = json.loads((root / name).read_text(encoding="utf-8"))
        value = stored["value"]
        return value if stored["crc32"] == _crc32(value) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_json(name: str, value) -> bool:
    """Store ``value`` (JSON) under ``name`` with its checksum, atomically; nothing when the folder
    cannot be written.

    Parameters
    ----------
    name : str
        A file name in :func:`cache_root`.
    value : object
        Anything :func:`json.dumps` writes.

    Returns
    -------
    bool
        Whether the file was written.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as d, mock.patch.dict(os.environ, {CACHE_VARIABLE: d}):
    ...     write_json("example.json", ["a", 1]), read_json("example.json")
    (True, ['a', 1])
    """
    text = json.dumps({"crc32": _crc32(value), "value": value}, ensure_ascii=False, sort_keys=True)
    folder = cache_root()
    if folder is None:
        return False
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        return True
    return False


def _crc32(value) -> int:
    return zlib.crc32(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))
