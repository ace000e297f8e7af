"""The stages chained over batches of documents, cached, on pandas or on a Dask cluster.

A corpus is read in batches (``corpus.iter_raw``); every batch goes through the same pure
per-batch functions, and what a batch produces is written as Parquet parts under
``OUTPUT_DIR/cache/`` (documents, problems, lines, texts, actors, date mentions) or kept as
small partial counts that add up (term and n-gram counts, words as integer codes). Memory is
bounded by the batch size and the number of distinct terms and n-grams, not by the number of
documents; after each batch the freed memory is given back to the system.

Three cached stages, each keyed by the content of the corpus, its parameters and the code:

* ``prepare``  – load + clean: ``documents, problems, lines, texts``
* ``count_terms`` – tokens → combined partial counts (``terms.partial_counts``) and ``actors``
* ``find_dates`` – date ``mentions`` and document ``anchors``

A stage is written into a private temporary folder and renamed to ``cache/NAME-KEY`` only once
complete, with a manifest (``_MANIFEST.json``) of every part's size and checksum: two runs on one
output folder do not disturb each other, and a cached stage whose parts do not match its manifest
(a part missing, truncated or damaged, the manifest gone) is reported with a :class:`CacheWarning`
and computed again; a table is never read with parts missing. Sizes are checked when a stage is
reused, checksums as each part is read (reading its bytes once).

``engine="dask"`` runs the same per-batch functions as tasks on a Dask cluster (an existing
one at ``scheduler``, or a ``LocalCluster`` sized to the machine) and adds the partial counts
with Dask's groupby on integer keys (the words coded against the corpus vocabulary); the tables
are identical to the pandas engine's.

>>> stages = prepare("seeds", use_cache=False)
>>> sorted(stages)
['documents', 'lines', 'problems', 'texts']
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import io
import json
import os
import secrets
import shutil
import socket
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .paths import resolve

__all__ = ["prepare", "count_terms", "find_dates", "cache_key", "corpus_fingerprint", "ENGINES", "CacheWarning",
           "CacheError"]

ENGINES = ("pandas", "dask")
_PACKAGE = Path(__file__).resolve().parent
PREPARED = ("documents", "problems", "lines", "texts")


# --------------------------------------------------------------------------- cache keys

def corpus_fingerprint(path: str | Path) -> str:
    """A content hash of the corpus: every file's relative path, size and bytes."""
    path = resolve(path)
    h = hashlib.blake2b(digest_size=16)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        rel = f.relative_to(path).as_posix() if path.is_dir() else f.name
        h.update(f"{rel}\0{f.stat().st_size}\0".encode())
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _code_fingerprint() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    for f in sorted(list(_PACKAGE.glob("*.py")) + list((_PACKAGE / "data").glob("*"))):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def cache_key(path: str | Path, **params) -> str:
    """Key of a cached stage: corpus content + parameters + package code and rules."""
    blob = json.dumps({"corpus": corpus_fingerprint(path), "code": _code_fingerprint(), "params": params},
                      sort_keys=True, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


# --------------------------------------------------------------------------- parts on disk

#: The manifest of a finished stage folder: every part file of every table, with its size and checksum.
MANIFEST = "_MANIFEST.json"
_CHECKSUM = "crc32"  # damage, not tampering, is what is checked: crc32 costs ~1% of a warm run


class CacheWarning(UserWarning):
    """A cached stage was found incomplete or damaged; it is computed again."""


class CacheError(RuntimeError):
    """A part of a finished stage does not match the stage's manifest (missing, truncated or damaged).

    ``folder`` is the stage folder, ``manifest_id`` identifies the manifest that was read (so that
    only that copy of the stage is discarded, not a fresh one written meanwhile by another run)."""

    def __init__(self, message: str, folder: Path | None = None, manifest_id: tuple | None = None):
        super().__init__(message)
        self.message, self.folder, self.manifest_id = message, folder, manifest_id

    def __reduce__(self):  # raised in a Dask worker, re-raised on the client
        return type(self), (self.message, self.folder, self.manifest_id)


def _digest(data: bytes, algorithm: str = _CHECKSUM) -> str:
    if algorithm != _CHECKSUM:
        raise ValueError(f"unknown checksum {algorithm!r}")
    return f"{zlib.crc32(data):08x}"


_UNSET = object()


class Parts:
    """A folder of Parquet parts, one sub-folder per table, one file per batch.

    While a stage is computed its parts are written into a private temporary folder; ``finish``
    writes the manifest (``_MANIFEST.json``: every part of every table with its size and checksum)
    and renames the folder to its final name, so that no reader ever sees a half-written stage.
    Reading a finished folder checks each part against the manifest (a part that is missing, of
    another size or whose checksum differs raises :class:`CacheError`), so a table is never
    returned with parts missing."""

    def __init__(self, folder: Path, final: Path | None = None):
        self.folder = Path(folder)
        self.final = final  # where the folder goes once complete (None: it is there already)
        self._manifest = _UNSET
        self._manifest_id = None

    # ---- the manifest

    @property
    def manifest(self) -> dict | None:
        """The folder's manifest, or None while the stage is being written."""
        if self._manifest is _UNSET:
            path = self.folder / MANIFEST
            try:
                stat = path.stat()
                manifest = json.loads(path.read_bytes())
                if not isinstance(manifest.get("tables"), dict):
                    raise ValueError("no tables")
            except FileNotFoundError:
                return None  # not cached: the stage may finish later
            except (OSError, ValueError, AttributeError) as err:
                raise CacheError(f"cache of stage {self._stage!r} in {self.folder}: its manifest {MANIFEST} "
                                 f"cannot be read ({err})", self.folder, None) from None
            self._manifest, self._manifest_id = manifest, (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        return self._manifest

    @property
    def _stage(self) -> str:
        return (self.final or self.folder).name.rsplit("-", 1)[0]

    def _error(self, problem: str) -> CacheError:
        return CacheError(f"cache of stage {self._stage!r} in {self.folder}: {problem}", self.folder,
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
            return self._compare(manifest, checksums)
        except (OSError, KeyError, TypeError, AttributeError, ValueError) as err:  # removed meanwhile, edited
            return [f"it cannot be checked against its manifest ({type(err).__name__}: {err})"]

    def _compare(self, manifest: dict, checksums: bool) -> list[str]:
        problems = []
        for table, entries in sorted(manifest["tables"].items()):
            folder = self.folder / table
            if not folder.is_dir():
                problems.append(f"table {table!r} is missing ({len(entries)} parts)")
                continue
            on_disk = {f.name: f for f in folder.glob("part-*.parquet")}
            for name, entry in sorted(entries.items()):
                f = on_disk.pop(name, None)
                if f is None:
                    problems.append(f"table {table!r}: part {name} is missing")
                    continue
                size = f.stat().st_size
                if size != entry["size"]:
                    problems.append(f"table {table!r}: part {name} has {size} bytes, not {entry['size']} "
                                    "(truncated or damaged)")
                elif checksums and _digest(f.read_bytes(), manifest.get("checksum", _CHECKSUM)) != entry["checksum"]:
                    problems.append(f"table {table!r}: part {name} is damaged (its checksum differs)")
            problems += [f"table {table!r}: part {name} is not in the manifest" for name in sorted(on_disk)]
        problems += [f"table {d.name!r} is not in the manifest" for d in sorted(self.folder.iterdir())
                     if d.is_dir() and d.name not in manifest["tables"] and any(d.glob("part-*.parquet"))]
        return problems

    # ---- tables

    def write(self, table: str, index: int, frame: pd.DataFrame) -> None:
        d = self.folder / table
        d.mkdir(exist_ok=True)  # not parents: a stage folder removed meanwhile is not made again
        tmp = d / f".part-{index:06d}.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(d / f"part-{index:06d}.parquet")

    def tables(self) -> list[str]:
        manifest = self.manifest
        if manifest is not None:
            return sorted(manifest["tables"])
        return sorted(d.name for d in self.folder.iterdir() if d.is_dir())

    def files(self, table: str) -> list[Path]:
        manifest = self.manifest
        if manifest is not None:
            return [self.folder / table / name for name in sorted(manifest["tables"].get(table, {}))]
        return sorted((self.folder / table).glob("part-*.parquet"))

    def _read_part(self, table: str, name: str, columns: list[str] | None) -> pd.DataFrame:
        manifest = self.manifest
        path = self.folder / table / name
        if manifest is None:  # a stage being written: its own parts
            return pd.read_parquet(path, columns=columns)
        entry = manifest["tables"].get(table, {}).get(name)
        if entry is None:
            raise self._error(f"table {table!r}: part {name} is not in the manifest")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise self._error(f"table {table!r}: part {name} is missing") from None
        if len(data) != entry["size"]:
            raise self._error(f"table {table!r}: part {name} has {len(data)} bytes, not {entry['size']} "
                              "(truncated or damaged)")
        if manifest.get("checksum", _CHECKSUM) != _CHECKSUM:
            raise self._error(f"its manifest names an unknown checksum {manifest.get('checksum')!r}")
        if _digest(data) != entry["checksum"]:
            raise self._error(f"table {table!r}: part {name} is damaged (its checksum differs)")
        return pd.read_parquet(io.BytesIO(data), columns=columns)

    def read(self, table: str, index: int | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        names = ([f.name for f in self.files(table)] if index is None else [f"part-{index:06d}.parquet"])
        frames = [self._read_part(table, name, columns) for name in names]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def empty(self, table: str) -> pd.DataFrame:
        """The table's columns and dtypes, without rows (only the schema of its first part is read)."""
        import pyarrow.parquet as pq

        return pq.read_schema(self.files(table)[0]).empty_table().to_pandas()

    def count(self, table: str) -> int:
        return len(self.files(table))

    # ---- the stage's life

    @property
    def done(self) -> bool:
        """A finished stage, in its final place (checked by :func:`_stage_parts` when reused)."""
        return self.final is None and self.manifest is not None

    def finish(self, summary: dict | None = None) -> None:
        """Write the manifest of the parts written, then move the folder to its final place."""
        tables = {}
        for d in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            for stray in d.glob(".part-*.tmp"):  # left by a task that was run again
                stray.unlink(missing_ok=True)
            tables[d.name] = {f.name: {"size": len(data), "checksum": _digest(data)}
                              for f in sorted(d.glob("part-*.parquet")) for data in [f.read_bytes()]}
        manifest = {"format": 1, "stage": (self.final or self.folder).name, "checksum": _CHECKSUM,
                    "summary": summary or {}, "tables": tables}
        tmp = self.folder / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, sort_keys=True, indent=1, default=str), encoding="utf-8")
        os.replace(tmp, self.folder / MANIFEST)
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
                if not (isinstance(err, FileExistsError) or err.errno in (errno.EEXIST, errno.ENOTEMPTY)):
                    raise
            if not Parts(final).verify():  # a run that finished first: its tables are the same
                shutil.rmtree(self.folder, ignore_errors=True)
                break
            _discard(final)
        else:
            raise RuntimeError(f"cannot move {self.folder} to {final}")
        self.folder, self.final = final, None


def _tag(kind: str) -> str:
    """``KIND-HOST-PID-RANDOM``: names a temporary folder of this process."""
    return f"{kind}-{_HOST}-{os.getpid()}-{secrets.token_hex(4)}"


_HOST = "".join(c if c.isalnum() else "_" for c in socket.gethostname())[:40] or "host"


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
        head, _, rest = entry.name.rpartition("-")  # rest: the random tag
        head, _, pid = head.rpartition("-")
        if pid.isdigit() and (head.endswith(f".tmp-{_HOST}") or head.endswith(f".old-{_HOST}")) \
                and not _pid_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _stage_parts(output_dir, name: str, key: str, use_cache: bool) -> Parts:
    """The parts of a stage. With the cache, ``OUTPUT_DIR/cache/NAME-KEY`` if it is complete
    (done) and matches its manifest; otherwise (with a :class:`CacheWarning` if it was found
    damaged) a private temporary folder ``cache/.NAME-KEY.tmp-HOST-PID-RANDOM`` that ``finish``
    renames to ``NAME-KEY``. Without the cache, a scratch folder (removed by :func:`_scratch`)."""
    if use_cache:
        cache = resolve(output_dir) / "cache"
        final = cache / f"{name}-{key}"
        if final.exists():
            parts = Parts(final)
            problems = parts.verify()
            if not problems:
                return parts
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            warnings.warn(f"cache of stage {name!r} in {final}: {'; '.join(problems[:5])}{more}; "
                          "computing the stage again", CacheWarning, stacklevel=4)
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
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=f"news-coverage-{name}-"))
    _SCRATCH.append(folder)
    return Parts(folder)


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
            warnings.warn(f"{err}; computing the stage again", CacheWarning, stacklevel=3)
            manifest = Path(err.folder) / MANIFEST
            try:
                stat = manifest.stat()
            except FileNotFoundError:
                continue
            if err.manifest_id is None or (stat.st_ino, stat.st_mtime_ns, stat.st_size) == err.manifest_id:
                _discard(Path(err.folder))  # not a fresh copy written meanwhile by another run


_SCRATCH: list[Path] = []


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


# --------------------------------------------------------------------------- engines

@contextmanager
def _dask_client(scheduler: str = ""):
    """A client of the cluster at ``scheduler``, or of a LocalCluster sized to the machine."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    workers = max(1, min(os.cpu_count() or 1, 8))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        yield client
    _release_memory()  # what the client held for the stage


def _progress(total: int | None, desc: str, enabled: bool):
    """A text progress bar on stderr: readable in a terminal and in JupyterLab alike
    (no widget library needed)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="batch", disable=not enabled, leave=False)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"parameter engine must be one of {', '.join(ENGINES)}, not {engine!r}")


def _run_pandas(tasks: Iterator[tuple[int, Callable, tuple]], progress: bool, desc: str,
                total: int | None = None) -> Iterator:
    """Run the tasks one after another in this process, yielding each result as it comes
    (so that a consumer such as ``terms.combine_counts`` never holds them all)."""
    bar = None
    for index, func, args in tasks:
        if index == 1 and bar is None:  # a bar only when there is more than one batch
            bar = _progress(total, desc, progress)
            bar.update(1)
        yield func(*args)
        _release_memory()
        if bar is not None and index:
            bar.update(1)
    if bar is not None:
        bar.close()


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on other C libraries."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _release_memory() -> None:
    """Give the memory freed by a batch back to the system (glibc keeps freed blocks of
    the heap otherwise, so the process would grow with the largest batch seen; Dask's
    workers do the same between tasks)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()  # pyarrow's own allocator keeps freed blocks as well
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _submit_all(client, tasks, progress: bool, desc: str, total: int | None = None) -> list:
    """Submit the tasks to the cluster, a few ahead of the workers (back-pressure on reading),
    and wait for all; returns the futures in task order (results stay on the workers)."""
    from distributed import as_completed, wait

    futures = []
    bar = _progress(total, desc, progress)
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending = as_completed()
    for index, func, args in tasks:
        fut = client.submit(func, *args, key=f"{desc}-{index}-{os.getpid()}", pure=False)
        futures.append(fut)
        pending.add(fut)
        while pending.count() >= window:
            next(pending).result()  # raises the task's error, if any
            bar.update(1)
    for done in pending:
        done.result()
        bar.update(1)
    bar.close()
    wait(futures)
    return futures


def _run_batches(tasks: Iterator[tuple[int, Callable, tuple]], engine: str, scheduler: str,
                 progress: bool, desc: str, total: int | None = None) -> list:
    """Run ``func(*args)`` for each task, in order on pandas, as Dask tasks otherwise.
    Returns the (small) results in task order."""
    _check_engine(engine)
    if engine == "pandas":
        return list(_run_pandas(tasks, progress, desc, total))
    with _dask_client(scheduler) as client:
        return client.gather(_submit_all(client, tasks, progress, desc, total))


# --------------------------------------------------------------------------- stage 1: load + clean

def _prepare_batch(raw, index: int, folder: Path, languages, default_tz: str,
                   max_page_chars: int | None = None) -> dict:
    from . import clean, corpus

    loaded = corpus.finish(raw, languages=languages, default_tz=default_tz,
                           max_page_chars=max_page_chars or corpus.MAX_PAGE_CHARS)
    documents = loaded.documents
    lines = loaded.lines if loaded.lines is not None else clean.label_lines(documents)
    texts = clean.clean_texts(lines, documents)
    extra = clean.no_body_problems(lines, documents)
    problems = pd.concat([loaded.problems, extra], ignore_index=True) if len(extra) else loaded.problems
    documents = documents.merge(texts[["doc_id", "n_body_lines", "n_body_words"]], on="doc_id", how="left")
    for col in ("n_body_lines", "n_body_words"):
        documents[col] = documents[col].fillna(0).astype("int64")
    parts = Parts(folder)
    parts.write("documents", index, documents.drop(columns=["text"]))
    parts.write("problems", index, problems.reset_index(drop=True).astype(str))
    parts.write("lines", index, lines)
    parts.write("texts", index, texts)
    return {"documents": len(documents), "lines": len(lines), "chars": int(documents["n_chars"].sum())}


def prepare(corpus: str | Path, output_dir: str | Path = "reports", *, engine: str = "pandas",
            scheduler: str = "", batch_size: int = 5000, languages=("id", "ms"), default_tz: str = "+07:00",
            use_cache: bool = True, progress: bool = True, tables: tuple[str, ...] = PREPARED,
            max_page_chars: int | None = None) -> dict:
    """Load and clean ``corpus`` batch by batch: a dict of ``documents, problems, lines, texts``.

    ``tables`` chooses which tables are read back into memory (all by default);
    ``max_page_chars`` cuts longer pages with a warning (default ``corpus.MAX_PAGE_CHARS``).
    """
    def compute() -> dict:
        parts = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                          languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress,
                          max_page_chars=max_page_chars)
        return {name: parts.read(name) for name in tables}

    with _scratch():
        return _repairing(compute)


def _prepared(corpus, output_dir, *, engine, scheduler, batch_size, languages, default_tz, use_cache,
              progress, max_page_chars=None) -> Parts:
    from . import corpus as corpus_stage

    path = resolve(corpus)
    langs = languages if isinstance(languages, str) else list(languages)
    limit = max_page_chars or corpus_stage.MAX_PAGE_CHARS
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"parameter max_page_chars must be a positive integer, not {max_page_chars!r}")
    key = cache_key(path, stage="prepare", languages=langs, default_tz=default_tz, batch_size=batch_size,
                    **({} if limit == corpus_stage.MAX_PAGE_CHARS else {"max_page_chars": limit}))
    parts = _stage_parts(output_dir, "prepare", key, use_cache)
    if parts.done:
        return parts
    tasks = ((i, _prepare_batch, (raw, i, parts.folder, languages, default_tz, limit))
             for i, raw in enumerate(corpus_stage.iter_raw(path, batch_size)))
    summary = _run_batches(tasks, engine, scheduler, progress, "load + clean")
    parts.finish({"batches": len(summary)})
    return parts


# --------------------------------------------------------------------------- stage 2: terms

def _terms_batch(folder: Path, index: int, out: Path, stem: bool, extra_stopwords: tuple[str, ...]) -> dict:
    from . import terms
    from .plots import UNKNOWN_OUTLET

    texts = Parts(folder).read("texts", index)
    texts = texts.assign(outlet=texts["outlet"].replace("", UNKNOWN_OUTLET))
    tokens = terms.tokenize(texts, stem=stem, extra_stopwords=extra_stopwords)
    Parts(out).write("actors", index, terms.actor_counts(texts))
    return terms.partial_counts(tokens)


def _terms_batch_parts(folder: Path, index: int, out: Path, stem: bool, extra_stopwords: tuple[str, ...]) -> dict:
    """``_terms_batch`` for the Dask engine: the partial tables are written as Parquet parts; returns
    the words of their categorical key columns and the n-gram settings."""
    from . import terms

    partial = _terms_batch(folder, index, out, stem, extra_stopwords)
    parts, words, largest = Parts(out), set(), {}
    for name in terms.PARTIAL_VALUES:
        table = partial[name]
        parts.write(f"partial_{name}", index, table)
        for column in terms.partial_keys(name, table):
            if isinstance(table[column].dtype, pd.CategoricalDtype):
                words.update(table[column].cat.categories)
            else:  # integer keys (the n of n-grams): their largest value sizes the packed key
                largest[name, column] = int(table[column].max()) if len(table) else 0
    return {"words": sorted(words), "largest": largest, "ngram_sizes": partial["ngram_sizes"]}


def _coded_table(out: Path, index: int, name: str, words: np.ndarray, widths: list[int] | None) -> None:
    """One partial table of one batch with its keys as codes into ``words``, written as Parquet:
    packed into one int64 column ``key`` where ``widths`` (bits per key column) is given, else one
    int64 column per key."""
    from . import terms

    parts = Parts(out)
    table = parts.read(f"partial_{name}", index)
    values = terms.PARTIAL_VALUES[name]
    keys, data, layout = terms.Vocabulary(words).encode(table, terms.partial_keys(name, table), values)
    if widths is not None:
        frame = {"key": terms.pack_keys(keys, widths) if len(keys[0]) else keys[0]}
    else:
        frame = {column: key for (column, *_), key in zip(layout, keys)}
    frame.update(zip(values, data))
    parts.write(f"coded_{name}", index, pd.DataFrame(frame))


#: Keys whose columns need at most this many bits in all are packed into one int64 for Dask's
#: groupby; wider keys (a vocabulary of millions of words in 3-grams) are grouped column by column.
_PACKED_BITS = 63


def _terms_on_dask(tasks, out: Path, scheduler: str, progress: bool, total: int) -> dict:
    """Term counts per batch as Dask tasks that write their partial tables as Parquet. The client
    builds the vocabulary of the corpus from the words each batch reports and sends it to the
    workers; per table, they code its keys as integers (all key columns packed into one int64
    where the vocabulary allows) into Parquet parts, Dask's groupby adds those up on the workers,
    and only the sums come back here to be decoded. Nothing but the running groupby is held in
    memory between the steps."""
    import dask.dataframe as dd
    from distributed import wait

    from . import terms

    with _dask_client(scheduler) as client:
        summaries = client.gather(_submit_all(client, tasks, progress, "terms", total))
        client.run(_release_memory)  # what tokenizing freed on the workers
        settings = summaries[0]["ngram_sizes"]
        if any(not s["ngram_sizes"].equals(settings) for s in summaries):
            raise ValueError("batches differ in ngram_sizes")
        words = sorted(set().union(*(s["words"] for s in summaries)))
        vocabulary = terms.Vocabulary(words)
        word_bits = max(len(words), 1).bit_length()
        shared = client.scatter(np.array(words, dtype=object), broadcast=True)  # one object, not a list
        combined = {"ngram_sizes": settings}
        for name, values in terms.PARTIAL_VALUES.items():
            first = Parts(out).empty(f"partial_{name}")
            keys = terms.partial_keys(name, first)
            _, _, layout = vocabulary.encode(first, keys, values)
            bits = [word_bits if kind == "word" else
                    max(max(s["largest"][name, column] for s in summaries), 1).bit_length()
                    for column, kind, _ in layout if kind != "value"]
            widths = bits if sum(bits) <= _PACKED_BITS else None
            wait([client.submit(_coded_table, out, i, name, shared, widths, pure=False)
                  for i in range(len(summaries))])
            table = dd.read_parquet([str(f) for f in Parts(out).files(f"coded_{name}")])
            sums = table.groupby(["key"] if widths else keys).sum(split_every=2).compute().reset_index()
            key_columns = (terms.unpack_keys(sums["key"].to_numpy(dtype=np.int64), widths) if widths
                           else [sums[k].to_numpy(dtype=np.int64) for k in keys])
            combined[name] = vocabulary.decode(key_columns, [sums[v].to_numpy(dtype=np.int64) for v in values],
                                               layout)
            del sums, key_columns
            client.run(_release_memory)
            _release_memory()
    for folder in [*out.glob("partial_*"), *out.glob("coded_*")]:
        shutil.rmtree(folder, ignore_errors=True)
    return combined


def count_terms(corpus: str | Path, output_dir: str | Path = "reports", *, stem: bool = False,
                extra_stopwords=(), engine: str = "pandas", scheduler: str = "", batch_size: int = 5000,
                languages=("id", "ms"), default_tz: str = "+07:00", use_cache: bool = True,
                progress: bool = True, max_page_chars: int | None = None) -> dict:
    """Term, n-gram and collocation counts of the cleaned texts, added up over batches
    (see ``terms.partial_counts``), plus ``actors`` (one row per document and actor)."""
    with _scratch():
        return _repairing(functools.partial(
            _count_terms, corpus, output_dir, stem=stem, extra_stopwords=extra_stopwords, engine=engine,
            scheduler=scheduler, batch_size=batch_size, languages=languages, default_tz=default_tz,
            use_cache=use_cache, progress=progress, max_page_chars=max_page_chars))


def _count_terms(corpus, output_dir, *, stem, extra_stopwords, engine, scheduler, batch_size, languages,
                 default_tz, use_cache, progress, max_page_chars=None) -> dict:
    prepared = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                         languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress,
                         max_page_chars=max_page_chars)
    extra = tuple(sorted(w.strip() for w in (extra_stopwords.split(",") if isinstance(extra_stopwords, str)
                                              else extra_stopwords) if w.strip()))
    key = cache_key(resolve(corpus), stage="terms", prepared=prepared.folder.name, stem=bool(stem), extra=extra)
    parts = _stage_parts(output_dir, "terms", key, use_cache)
    if not parts.done:
        from . import terms

        _check_engine(engine)
        n = prepared.count("texts")
        if engine == "pandas":  # partial counts are added as they come: memory holds a few at a time
            tasks = ((i, _terms_batch, (prepared.folder, i, parts.folder, bool(stem), extra)) for i in range(n))
            combined = terms.combine_counts(_run_pandas(tasks, progress, "terms", n))
        else:
            tasks = ((i, _terms_batch_parts, (prepared.folder, i, parts.folder, bool(stem), extra))
                     for i in range(n))
            combined = _terms_on_dask(tasks, parts.folder, scheduler, progress, n)
        for name, frame in combined.items():
            parts.write(f"counts_{name}", 0, frame)
        parts.finish({"batches": n})
    names = [table[len("counts_"):] for table in parts.tables() if table.startswith("counts_")]
    out = {name: parts.read(f"counts_{name}") for name in names}
    out["actors"] = parts.read("actors")
    return out


# --------------------------------------------------------------------------- stage 3: dates

def _dates_batch(folder: Path, index: int, out: Path, labels: tuple[str, ...]) -> int:
    from . import dates

    prepared = Parts(folder)
    lines = prepared.read("lines", index)
    documents = prepared.read("documents", index, columns=["doc_id", "outlet", "published"])
    mentions = dates.find_mentions(lines, documents, labels=labels)
    Parts(out).write("mentions", index, mentions)
    Parts(out).write("anchors", index, dates.document_anchors(lines, documents))
    return len(mentions)


def find_dates(corpus: str | Path, output_dir: str | Path = "reports", *, labels=("body",),
               engine: str = "pandas", scheduler: str = "", batch_size: int = 5000, languages=("id", "ms"),
               default_tz: str = "+07:00", use_cache: bool = True, progress: bool = True,
               max_page_chars: int | None = None) -> dict:
    """Date ``mentions`` in the lines labelled ``labels``, and each document's ``anchors``."""
    with _scratch():
        return _repairing(functools.partial(
            _find_dates, corpus, output_dir, labels=labels, engine=engine, scheduler=scheduler,
            batch_size=batch_size, languages=languages, default_tz=default_tz, use_cache=use_cache,
            progress=progress, max_page_chars=max_page_chars))


def _find_dates(corpus, output_dir, *, labels, engine, scheduler, batch_size, languages, default_tz,
                use_cache, progress, max_page_chars=None) -> dict:
    prepared = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                         languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress,
                         max_page_chars=max_page_chars)
    labels = tuple(labels)
    key = cache_key(resolve(corpus), stage="dates", prepared=prepared.folder.name, labels=list(labels))
    parts = _stage_parts(output_dir, "dates", key, use_cache)
    if not parts.done:
        n = prepared.count("lines")
        tasks = ((i, _dates_batch, (prepared.folder, i, parts.folder, labels)) for i in range(n))
        _run_batches(tasks, engine, scheduler, progress, "dates", total=n)
        parts.finish({"batches": n})
    return {"mentions": parts.read("mentions"), "anchors": parts.read("anchors")}
