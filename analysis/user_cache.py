"""The package's folder in the user's cache: work that depends only on the installed libraries and
the package's rules, done once per machine instead of once in every process of every run.

It holds py3langid's model uncompressed (:mod:`analysis.langid_model`), the list of data patterns
that have compiled (:func:`analysis.re2.remember_checked`) and the character classes of the text
normalisation (``analysis.text``). Everything in it can be deleted at any
time: it is written again when needed. A file that does not match the checksum stored with it is
ignored (and written again), and where the folder cannot be written nothing is kept: the work is
then done in every process, as without this folder. The folder is
``platformdirs.user_cache_dir("berita-coverage")`` (``$XDG_CACHE_HOME/berita-coverage`` or
``~/.cache/berita-coverage`` on Linux).
"""

from __future__ import annotations

import json
import zlib
from contextlib import suppress
from pathlib import Path

from .atomic import atomic_write

__all__ = ["cache_root", "read_json", "write_json"]


def cache_root() -> Path:
    """The package's folder in the user's cache (it may not exist yet).

    Returns
    -------
    Path
        ``platformdirs.user_cache_dir("berita-coverage")``.

    Examples
    --------
    >>> cache_root().name
    'berita-coverage'
    """
    import platformdirs

    return Path(platformdirs.user_cache_dir("berita-coverage"))


def read_json(name: str):
    """The value stored under ``name`` by :func:`write_json`, or None when there is none or it is damaged.

    Parameters
    ----------
    name : str
        A file name in :func:`cache_root` (``re2-checked-26.0.1.json``).

    Returns
    -------
    object or None
        The stored value, when the file exists, parses and its checksum matches.

    Examples
    --------
    >>> read_json("no-such-entry.json") is None
    True
    """
    try:
        stored = json.loads((cache_root() / name).read_text(encoding="utf-8"))
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
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as d, mock.patch.dict(os.environ, {"XDG_CACHE_HOME": d}):
    ...     write_json("example.json", ["a", 1]), read_json("example.json")
    (True, ['a', 1])
    """
    text = json.dumps({"crc32": _crc32(value), "value": value}, ensure_ascii=False, sort_keys=True)
    with suppress(OSError):
        folder = cache_root()
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        return True
    return False


def _crc32(value) -> int:
    return zlib.crc32(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))
