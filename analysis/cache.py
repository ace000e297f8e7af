"""The stage cache: content keys, Parquet parts with a manifest, and repair of damaged stages.

A stage's tables are written batch by batch as Parquet parts (one sub-folder per table, one file
per batch) into a private temporary folder under ``OUTPUT_DIR/cache/``, which is renamed to
``NAME-KEY`` only once complete, with a manifest (:data:`MANIFEST`) of every part's size and
checksum. Two runs on one output folder do not disturb each other, and a cached stage whose parts
do not match its manifest (a part missing, truncated or damaged, the manifest gone) is reported
with a :class:`CacheWarning` and computed again: a table is never read with parts missing. Sizes
are checked when a stage is reused, checksums as each part is read (reading its bytes once).

The key of a stage (:func:`cache_key`) hashes the corpus's content, the stage's parameters and the
package's code and rules, so any change of those computes the stage again.

>>> import tempfile, pandas as pd
>>> parts = Parts(Path(tempfile.mkdtemp()))
>>> parts.write("numbers", 0, pd.DataFrame({"n": [1, 2]}))
>>> parts.finish({"batches": 1})
>>> parts.verify(), parts.read("numbers")["n"].tolist()
([], [1, 2])
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import shutil
import socket
import tempfile
import time
import warnings
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import __version__
from .paths import CACHE_FOLDER, resolve

__all__ = ["arrow_copy", "corpus_fingerprint", "code_fingerprint", "cache_key", "RACY_SECONDS", "MANIFEST", "HOST",
           "CacheWarning", "CacheError", "Parts", "stage_parts", "run_cached"]

_PACKAGE = Path(__file__).resolve().parent

#: The manifest of a finished stage folder: every part file of every table, with its size and checksum.
MANIFEST = "_MANIFEST.json"
_CHECKSUM = "crc32"  # damage, not tampering, is what is checked: crc32 costs ~1% of a warm run

#: This machine's name as written in the names of temporary stage folders (``.NAME-KEY.tmp-HOST-PID-RANDOM``).
HOST = "".join(c if c.isalnum() else "_" for c in socket.gethostname())[:40] or "host"


# --------------------------------------------------------------------------- cache keys

def corpus_fingerprint(path: str | Path) -> str:
    """A content hash of the corpus: every file's relative path, size and bytes.

    Every stage's key hashes the corpus (a report computes a dozen keys in each kernel): a
    process reads a corpus whose files are unchanged since it last read them (path, size,
    modification and change times, inode, device) only once. A file changed less than
    :data:`RACY_SECONDS` before it was read is read again every time, since a change within
    the file system's time resolution could leave all of those as they were (git's "racy" files).

    Parameters
    ----------
    path : str or Path
        A corpus folder or file (relative paths are taken from the working directory).

    Returns
    -------
    str
        32 hexadecimal digits; the same for the same files with the same content.

    Examples
    --------
    >>> len(corpus_fingerprint("seeds")), corpus_fingerprint("seeds") == corpus_fingerprint("seeds")
    (32, True)
    """
    path = resolve(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    named = [(file.relative_to(path).as_posix() if path.is_dir() else file.name, file, file.stat())
             for file in files]
    seen = hashlib.blake2b(f"{path}\0".encode(), digest_size=16)
    for relative, _, stat in named:
        seen.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\0"
                    f"{stat.st_dev}\0".encode())
    known = _FINGERPRINTS.get(seen.digest())
    if known is not None:
        return known
    started = time.time()
    digest = hashlib.blake2b(digest_size=16)
    for relative, file, stat in named:
        digest.update(f"{relative}\0{stat.st_size}\0".encode())
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    if all(started - max(stat.st_mtime, stat.st_ctime) > RACY_SECONDS for _, _, stat in named):
        while len(_FINGERPRINTS) >= 16:
            _FINGERPRINTS.pop(next(iter(_FINGERPRINTS), None), None)
        _FINGERPRINTS[seen.digest()] = digest.hexdigest()
    return digest.hexdigest()


#: The corpus fingerprints this process has computed, by the files' paths and stats (at most 16).
_FINGERPRINTS: dict[bytes, str] = {}
#: A file changed this recently before it was read is read again the next time (see corpus_fingerprint).
RACY_SECONDS = 2.0


def code_fingerprint() -> str:
    """A hash of the package's code (every module, the engine layer included) and of its rules.

    Returns
    -------
    str
        32 hexadecimal digits; it changes with any edit of a module or of ``analysis/data/``.

    Examples
    --------
    >>> len(code_fingerprint())
    32
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    modules = sorted(p for p in _PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    for file in modules + sorted((_PACKAGE / "data").glob("*")):
        digest.update(file.relative_to(_PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def cache_key(path: str | Path, **params) -> str:
    """Key of a cached stage: corpus content + parameters + package code and rules.

    Parameters
    ----------
    path : str or Path
        The corpus.
    **params
        The stage's name and the parameters its tables depend on (JSON-able; others as ``str``).

    Returns
    -------
    str
        24 hexadecimal digits.

    Examples
    --------
    >>> cache_key("seeds", stage="dates") == cache_key("seeds", stage="dates") != cache_key("seeds", stage="x")
    True
    """
    blob = json.dumps({"corpus": corpus_fingerprint(path), "code": code_fingerprint(), "params": params},
                      sort_keys=True, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


# --------------------------------------------------------------------------- errors

class CacheWarning(UserWarning):
    """A cached stage was found incomplete or damaged; it is computed again.

    Examples
    --------
    >>> issubclass(CacheWarning, UserWarning)
    True
    """


class CacheError(RuntimeError):
    """A part of a finished stage does not match the stage's manifest (missing, truncated or damaged).

    Parameters
    ----------
    message : str
        What is wrong, naming the stage, its folder, the table and the part.
    folder : Path or None
        The stage folder.
    manifest_id : tuple or None
        Identifies the manifest that was read (so that only that copy of the stage is discarded,
        not a fresh one written meanwhile by another run).

    Examples
    --------
    >>> str(CacheError("cache of stage 'dates': its manifest is missing"))
    "cache of stage 'dates': its manifest is missing"
    """

    def __init__(self, message: str, folder: Path | None = None, manifest_id: tuple | None = None):
        super().__init__(message)
        self.message, self.folder, self.manifest_id = message, folder, manifest_id

    def __reduce__(self):  # raised in a Dask worker, re-raised on the client
        return type(self), (self.message, self.folder, self.manifest_id)


# --------------------------------------------------------------------------- the manifest

def _digest(data: bytes, algorithm: str = _CHECKSUM) -> str:
    if algorithm != _CHECKSUM:
        raise ValueError(f"unknown checksum {algorithm!r}")
    return f"{zlib.crc32(data):08x}"


def _file_id(stat: os.stat_result) -> tuple:
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _load_manifest(path: Path) -> tuple[dict, tuple] | None:
    """The manifest at ``path`` and its file's identity; None if there is none (yet).
    Raises ``OSError`` or ``ValueError`` if it cannot be read."""
    try:
        stat = path.stat()
        manifest = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    if not isinstance(manifest.get("tables"), dict):
        raise ValueError("no tables")
    return manifest, _file_id(stat)


def _compare(folder: Path, manifest: dict, checksums: bool) -> list[str]:
    """What in ``folder`` does not match ``manifest``: missing, other-sized (or, with ``checksums``,
    damaged) parts and tables, and parts or tables the manifest does not list."""
    problems = []
    for table, entries in sorted(manifest["tables"].items()):
        if not (folder / table).is_dir():
            problems.append(f"table {table!r} is missing ({len(entries)} parts)")
            continue
        on_disk = {f.name: f for f in (folder / table).glob("part-*.parquet")}
        for name, entry in sorted(entries.items()):
            part = on_disk.pop(name, None)
            if part is None:
                problems.append(f"table {table!r}: part {name} is missing")
                continue
            size = part.stat().st_size
            if size != entry["size"]:
                problems.append(f"table {table!r}: part {name} has {size} bytes, not {entry['size']} "
                                "(truncated or damaged)")
            elif checksums and _digest(part.read_bytes(), manifest.get("checksum", _CHECKSUM)) != entry["checksum"]:
                problems.append(f"table {table!r}: part {name} is damaged (its checksum differs)")
        problems += [f"table {table!r}: part {name} is not in the manifest" for name in sorted(on_disk)]
    problems += [f"table {d.name!r} is not in the manifest" for d in sorted(folder.iterdir())
                 if d.is_dir() and d.name not in manifest["tables"] and any(d.glob("part-*.parquet"))]
    return problems


def _write_manifest(folder: Path, stage: str, summary: dict | None) -> None:
    """Write the manifest of the parts in ``folder`` (stray temporary parts removed first)."""
    tables = {}
    for table in sorted(p for p in folder.iterdir() if p.is_dir()):
        for stray in table.glob(".part-*.tmp"):  # left by a task that was run again
            stray.unlink(missing_ok=True)
        tables[table.name] = {f.name: {"size": len(data), "checksum": _digest(data)}
                              for f in sorted(table.glob("part-*.parquet")) for data in [f.read_bytes()]}
    manifest = {"format": 1, "stage": stage, "checksum": _CHECKSUM, "summary": summary or {}, "tables": tables}
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, sort_keys=True, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


_UNSET = object()


# --------------------------------------------------------------------------- parts on disk

def arrow_copy(data: bytes):
    """``data`` copied into Arrow's own memory, for Arrow's readers (``pa.BufferReader``).

    Not ``io.BytesIO`` nor the bytes: Arrow's threads release a Python object after the read under
    Python's lock, which aborts a process exiting meanwhile (exit code 134, apache/arrow#34314).

    Parameters
    ----------
    data : bytes
        What to copy.

    Returns
    -------
    pyarrow.Buffer
        The copy.

    Examples
    --------
    >>> arrow_copy(b"abc").to_pybytes()
    b'abc'
    """
    import pyarrow as pa

    copy = pa.BufferOutputStream()
    copy.write(data)
    return copy.getvalue()


class Parts:
    """A folder of Parquet parts, one sub-folder per table, one file per batch.

    While a stage is computed its parts are written into a private temporary folder; ``finish``
    writes the manifest (every part of every table with its size and checksum) and renames the
    folder to its final name, so that no reader ever sees a half-written stage. Reading a finished
    folder checks each part against the manifest (a part that is missing, of another size or whose
    checksum differs raises :class:`CacheError`), so a table is never returned with parts missing.

    Parameters
    ----------
    folder : Path
        Where the parts are (or are being written).
    final : Path or None
        Where the folder goes once complete (None: it is there already).

    Examples
    --------
    >>> import tempfile
    >>> parts = Parts(Path(tempfile.mkdtemp()))
    >>> parts.write("numbers", 0, pd.DataFrame({"n": [1]}))
    >>> parts.tables(), parts.count("numbers"), parts.done
    (['numbers'], 1, False)
    """

    def __init__(self, folder: Path, final: Path | None = None):
        self.folder = Path(folder)
        self.final = final
        self._manifest = _UNSET
        self._manifest_id = None

    @property
    def manifest(self) -> dict | None:
        """The folder's manifest, or None while the stage is being written."""
        if self._manifest is _UNSET:
            try:
                loaded = _load_manifest(self.folder / MANIFEST)
            except (OSError, ValueError, AttributeError) as err:
                raise CacheError(f"cache of stage {self._stage!r} in {_shown(self.folder)}: its manifest {MANIFEST} "
                                 f"cannot be read ({getattr(err, 'strerror', None) or err})", self.folder, None) from None
            if loaded is None:
                return None  # not cached: the stage may finish later
            self._manifest, self._manifest_id = loaded
        return self._manifest

    @property
    def _stage(self) -> str:
        return (self.final or self.folder).name.rsplit("-", 1)[0]

    def _error(self, problem: str) -> CacheError:
        return CacheError(f"cache of stage {self._stage!r} in {_shown(self.folder)}: {problem}", self.folder,
                          self._manifest_id)

    def verify(self, checksums: bool = False) -> list[str]:
        """What does not match the manifest (empty if all does): the manifest itself missing or
        unreadable, a table or part missing, a part of another size (or, with ``checksums``, another
        checksum), a part or table not in the manifest. Sizes are checked from the file system only."""
        self._manifest = _UNSET
        try:
            manifest = self.manifest
        except CacheError:
            return [f"its manifest {MANIFEST} cannot be read"]
        if manifest is None:
            return [f"its manifest {MANIFEST} is missing"]
        try:
            return _compare(self.folder, manifest, checksums)
        except (OSError, KeyError, TypeError, AttributeError, ValueError) as err:  # removed meanwhile, edited
            return [f"it cannot be checked against its manifest ({type(err).__name__}: {err})"]

    # ---- tables

    def write(self, table: str, index: int, frame: pd.DataFrame) -> None:
        """Write ``frame`` as part ``index`` of ``table`` (atomically: a temporary file renamed)."""
        folder = self.folder / table
        folder.mkdir(exist_ok=True)  # not parents: a stage folder removed meanwhile is not made again
        tmp = folder / f".part-{index:06d}.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(folder / f"part-{index:06d}.parquet")

    def tables(self) -> list[str]:
        """The names of the tables (the manifest's, once finished)."""
        manifest = self.manifest
        if manifest is not None:
            return sorted(manifest["tables"])
        return sorted(d.name for d in self.folder.iterdir() if d.is_dir())

    def files(self, table: str) -> list[Path]:
        """The part files of ``table`` in batch order (the manifest's, once finished)."""
        manifest = self.manifest
        if manifest is not None:
            return [self.folder / table / name for name in sorted(manifest["tables"].get(table, {}))]
        return sorted((self.folder / table).glob("part-*.parquet"))

    def count(self, table: str) -> int:
        """The number of parts (batches) of ``table``."""
        return len(self.files(table))

    def read(self, table: str, index: int | None = None, columns: list[str] | None = None,
             filters: list[tuple] | None = None) -> pd.DataFrame:
        """Part ``index`` of ``table``, or all its parts in order (``columns`` only, if given; only the
        rows that pass pyarrow's ``filters``, if given, each part filtered as it is read)."""
        names = ([f.name for f in self.files(table)] if index is None else [f"part-{index:06d}.parquet"])
        frames = [self._read_part(table, name, columns, filters) for name in names]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def check(self, table: str) -> None:
        """Check every part of ``table`` of a finished stage against the manifest, one at a time
        (:class:`CacheError` naming the first that is missing or damaged), without keeping it."""
        if self.manifest is not None:
            for file in self.files(table):
                self._checked_bytes(table, file.name)

    def empty(self, table: str) -> pd.DataFrame:
        """The table's columns and dtypes, without rows (only the schema of its first part is read)."""
        import pyarrow.parquet as pq

        return pq.read_schema(self.files(table)[0]).empty_table().to_pandas()

    def _read_part(self, table: str, name: str, columns: list[str] | None, filters=None) -> pd.DataFrame:
        import pyarrow as pa

        if self.manifest is None:  # a stage being written: its own parts
            return pd.read_parquet(self.folder / table / name, columns=columns, filters=filters)
        data = arrow_copy(self._checked_bytes(table, name))
        return pd.read_parquet(pa.BufferReader(data), columns=columns, filters=filters)

    def _checked_bytes(self, table: str, name: str) -> bytes:
        """The bytes of a part of a finished stage, checked against the manifest."""
        manifest = self.manifest
        entry = manifest["tables"].get(table, {}).get(name)
        if entry is None:
            raise self._error(f"table {table!r}: part {name} is not in the manifest")
        try:
            data = (self.folder / table / name).read_bytes()
        except FileNotFoundError:
            raise self._error(f"table {table!r}: part {name} is missing") from None
        if len(data) != entry["size"]:
            raise self._error(f"table {table!r}: part {name} has {len(data)} bytes, not {entry['size']} "
                              "(truncated or damaged)")
        if manifest.get("checksum", _CHECKSUM) != _CHECKSUM:
            raise self._error(f"its manifest names an unknown checksum {manifest.get('checksum')!r}")
        if _digest(data) != entry["checksum"]:
            raise self._error(f"table {table!r}: part {name} is damaged (its checksum differs)")
        return data

    # ---- the stage's life

    @property
    def done(self) -> bool:
        """A finished stage, in its final place (checked by :func:`stage_parts` when reused)."""
        return self.final is None and self.manifest is not None

    def finish(self, summary: dict | None = None) -> None:
        """Write the manifest of the parts written, then move the folder to its final place."""
        _write_manifest(self.folder, (self.final or self.folder).name, summary)
        if self.final is not None:
            self._publish()
        self._manifest = _UNSET

    def _publish(self) -> None:
        """Rename the complete temporary folder to its final name. If another run has put a complete
        copy there meanwhile, that copy is kept and this one removed; a damaged copy is replaced."""
        final = self.final
        for _ in range(10):
            try:
                os.rename(self.folder, final)  # atomic; fails if ``final`` exists and is not empty
                break
            except OSError as err:
                if err.errno == errno.ENOTDIR and not final.is_dir():  # a file where the folder goes: damage
                    final.unlink(missing_ok=True)
                    continue
                if not (isinstance(err, FileExistsError) or err.errno in (errno.EEXIST, errno.ENOTEMPTY)):
                    raise
            if not Parts(final).verify():  # a run that finished first: its tables are the same
                shutil.rmtree(self.folder, ignore_errors=True)
                break
            _discard(final)
        else:
            raise RuntimeError(f"cannot move {self.folder} to {final}")
        self.folder, self.final = final, None


# --------------------------------------------------------------------------- temporary folders

def _tag(kind: str) -> str:
    """``KIND-HOST-PID-RANDOM``: names a temporary folder of this process."""
    return f"{kind}-{HOST}-{os.getpid()}-{secrets.token_hex(4)}"


def _discard(folder: Path) -> None:
    """Remove a stage folder, first moving it aside (atomically) so that no one reads it half removed."""
    trash = folder.with_name(f".{folder.name}.{_tag('old')}")
    try:
        os.rename(folder, trash)
    except FileNotFoundError:
        return  # removed by another run
    shutil.rmtree(trash, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # (os.kill would end the process on Windows)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sweep(cache: Path) -> None:
    """Remove the temporary stage folders of runs of this machine that are no longer running."""
    for entry in cache.iterdir():
        if not entry.name.startswith("."):
            continue
        head, _, _random = entry.name.rpartition("-")
        head, _, pid = head.rpartition("-")
        if pid.isdigit() and (head.endswith(f".tmp-{HOST}") or head.endswith(f".old-{HOST}")) \
                and not _pid_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


_SCRATCH: list[Path] = []


def _shown(folder: Path) -> str:
    """A stage folder as messages name it: ``cache/NAME``, never the machine's path to it."""
    return f"{folder.parent.name}/{folder.name}"


def _reused(final: Path, name: str) -> Parts | None:
    """The finished stage at ``final`` if it matches its manifest; else None (with a
    :class:`CacheWarning` if it was there but damaged)."""
    if not final.exists():
        return None
    parts = Parts(final)
    problems = parts.verify()
    if not problems:
        return parts
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    warnings.warn(f"cache of stage {name!r} in {_shown(final)}: {'; '.join(problems[:5])}{more}; "
                  "computing the stage again", CacheWarning, stacklevel=5)
    return None


def stage_parts(output_dir: str | Path, name: str, key: str, use_cache: bool) -> Parts:
    """The parts of a stage, finished (reused) or to be written.

    With the cache, ``OUTPUT_DIR/cache/NAME-KEY`` if it is complete (``done``) and matches its
    manifest; otherwise (with a :class:`CacheWarning` if it was found damaged) a private temporary
    folder ``cache/.NAME-KEY.tmp-HOST-PID-RANDOM`` that ``finish`` renames to ``NAME-KEY``. Without
    the cache, a scratch folder. Temporary and scratch folders are removed by :func:`run_cached`
    if the stage does not finish.

    Parameters
    ----------
    output_dir : str or Path
        The output folder (its ``cache/`` sub-folder holds the stages).
    name, key : str
        The stage's name and its :func:`cache_key`.
    use_cache : bool
        Reuse and keep finished stages.

    Returns
    -------
    Parts
        ``done`` if a finished stage is reused.

    Examples
    --------
    >>> parts = run_cached(lambda: stage_parts("reports", "demo", "0", use_cache=False))
    >>> parts.done, parts.folder.exists()
    (False, False)
    """
    if not use_cache:
        folder = Path(tempfile.mkdtemp(prefix=f"news-coverage-{name}-"))
        _SCRATCH.append(folder)
        return Parts(folder)
    cache = resolve(output_dir) / CACHE_FOLDER
    final = cache / f"{name}-{key}"
    reused = _reused(final, name)
    if reused is not None:
        return reused
    if cache.is_file() or cache.is_symlink() and not cache.exists():  # damage where the cache goes: rebuilt
        warnings.warn(f"{CACHE_FOLDER}/ is not a folder: removed, the stages are computed again", CacheWarning,
                      stacklevel=2)
        cache.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    _sweep(cache)
    while True:
        folder = cache / f".{final.name}.{_tag('tmp')}"
        try:
            folder.mkdir()
            break
        except FileExistsError:
            continue
    _SCRATCH.append(folder)  # removed if the stage does not finish (an error, an interrupt)
    return Parts(folder, final=final)


def _repairing(compute: Callable[[], dict]) -> dict:
    """``compute()``; if a cached part is found damaged while reading (:class:`CacheError`), warn,
    discard that copy of the stage and compute again (once per damaged folder)."""
    seen = set()
    while True:
        try:
            return compute()
        except CacheError as err:
            if err.folder is None or err.folder in seen:
                raise
            seen.add(err.folder)
            warnings.warn(f"{err}; computing the stage again", CacheWarning, stacklevel=4)
            try:
                stat = (Path(err.folder) / MANIFEST).stat()
            except FileNotFoundError:
                continue
            if err.manifest_id is None or _file_id(stat) == err.manifest_id:
                _discard(Path(err.folder))  # not a fresh copy written meanwhile by another run


@contextmanager
def _scratch():
    """Remove the scratch folders made inside the block (runs without the cache), and the
    temporary folders of stages that did not finish."""
    mark = len(_SCRATCH)
    try:
        yield
    finally:
        while len(_SCRATCH) > mark:
            shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


def run_cached(compute: Callable[[], object]):
    """Run a stage's ``compute()``: damaged cached parts found while it reads are reported and
    the stage computed again; scratch and unfinished temporary folders are removed afterwards.

    Parameters
    ----------
    compute : callable
        Takes no arguments; gets its folders from :func:`stage_parts` and returns the tables.

    Returns
    -------
    object
        What ``compute`` returns.

    Examples
    --------
    >>> run_cached(lambda: {"answer": 42})
    {'answer': 42}
    """
    with _scratch():
        return _repairing(compute)
