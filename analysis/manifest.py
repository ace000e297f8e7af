"""What produced a report: ``OUTPUT_DIR/manifest.json``, written last by ``python -m analysis run``.

The manifest names the corpus (its path relative to the folder the command ran in, never an
absolute path; how many files it has and a SHA-256 over their relative paths and contents), every
parameter the notebooks ran with, the package's version and those of its runtime dependencies,
when the run started and ended (the only place a time is written: tables, figures and HTML pages
hold none, so they stay byte-identical), and the tables and figures the run wrote (a file left
in the folder by an earlier run is listed apart, as ``stale``).

>>> import json, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     record = build_manifest(ROOT / "seeds", Path(d), {"top_n": 20}, cwd=ROOT, started=now())
...     back = json.loads(write_manifest(Path(d), record).read_text())
>>> back["corpus"]["path"], back["corpus"]["files"], back["parameters"]
('seeds', 5, {'top_n': 20})
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import platform
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .atomic import atomic_write
from .config import PROJECT
from .paths import ROOT, locate  # ROOT: the doctests

__all__ = ["MANIFEST_FILE", "now", "corpus_digest", "snapshot", "run_parameters", "versions", "build_manifest",
           "write_manifest"]

#: The manifest's file name, at the root of the output folder.
MANIFEST_FILE = "manifest.json"
#: The folders whose files a manifest lists.
_LISTED = ("tables", "figures")
#: Runtime dependencies reported when the installed distribution does not list its own.
_MAIN_DEPENDENCIES = ("pandas", "numpy", "pyarrow", "matplotlib", "seaborn", "nltk", "papermill", "nbconvert",
                      "dask", "datasketch", "PySastrawi", "py3langid", "stopwordsiso", "pyyaml")


def now() -> str:
    """The current time in UTC, ISO 8601 to the second (``2024-01-05T09:30:00Z``).

    Returns
    -------
    str
        The timestamp.

    Examples
    --------
    >>> len(now()), now().endswith("Z")
    (20, True)
    """
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def corpus_digest(path: Path) -> dict:
    """How many files a corpus has and a content hash of them.

    Parameters
    ----------
    path : Path
        A corpus folder (every file under it, hidden ones included, as the stage cache reads
        it) or a corpus file.

    Returns
    -------
    dict
        ``kind`` (``folder`` or ``file``), ``files`` (count) and ``sha256``: for a file, the
        SHA-256 of its bytes; for a folder, the SHA-256 of the lines ``RELATIVE_PATH\\tSHA256\\n``
        of its files sorted by path (so renaming, adding or changing a file changes it).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "a.txt").write_text("x")
    ...     corpus_digest(Path(d))["sha256"] == hashlib.sha256(
    ...         b"a.txt\\t" + hashlib.sha256(b"x").hexdigest().encode() + b"\\n").hexdigest()
    True
    """
    path = Path(path)
    if not path.is_dir():
        return {"kind": "file", "files": 1, "sha256": _file_sha256(path)}
    files = sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
    digest = hashlib.sha256()
    for file in files:
        digest.update(f"{file.relative_to(path).as_posix()}\t{_file_sha256(file)}\n".encode())
    return {"kind": "folder", "files": len(files), "sha256": digest.hexdigest()}


def snapshot(out: Path) -> dict[str, tuple]:
    """The tables and figures in an output folder before a run (to tell what the run rewrote).

    Parameters
    ----------
    out : Path
        The output folder.

    Returns
    -------
    dict
        ``tables/NAME.csv`` → ``(inode, mtime_ns, size)``; every write of the package
        (:func:`analysis.atomic.atomic_write`) renames a new file onto the name, so a rewritten
        file never keeps all three.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     snapshot(Path(d))
    {}
    """
    state = {}
    for folder in _LISTED:
        for file in sorted((Path(out) / folder).glob("*")):
            if file.is_file() and not file.name.startswith("."):
                st = file.stat()
                state[f"{folder}/{file.name}"] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return state


def _relative(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with ``..`` when outside it); the bare name when no
    relative path exists (another drive)."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(cwd).resolve())).as_posix()
    except ValueError:
        return Path(path).name


def run_parameters(params: dict, values: dict, corpus: Path, out: Path, cwd: Path) -> dict:
    """Every parameter of a run: the notebooks' defaults with the given values over them, paths
    relative to the folder the command ran in.

    Parameters
    ----------
    params : dict
        The notebooks' parameters (:func:`analysis.parameters.notebook_parameters`).
    values : dict
        The values the run passed (:class:`analysis.parameters.Plan` ``values``).
    corpus, out : Path
        The corpus and the output folder (absolute).
    cwd : Path
        The folder the command ran in.

    Returns
    -------
    dict
        Name → value, sorted by name; ``corpus``, ``output_dir`` and a non-empty ``gold``
        relative to ``cwd``.

    Examples
    --------
    >>> params = {"top_n": {"default": "20"}, "corpus": {"default": '"seeds"'}, "output_dir": {"default": '"x"'}}
    >>> run_parameters(params, {"top_n": 5}, ROOT / "seeds", ROOT / "out", ROOT / "notebooks")
    {'corpus': '../seeds', 'output_dir': '../out', 'top_n': 5}
    """
    merged = {}
    for name, info in params.items():
        try:
            merged[name] = ast.literal_eval(str(info.get("default")))
        except (ValueError, SyntaxError):
            merged[name] = info.get("default")
    merged.update(values)
    merged.update(corpus=_relative(corpus, cwd), output_dir=_relative(out, cwd))
    if merged.get("gold"):
        merged["gold"] = _relative(locate(merged["gold"], cwd), cwd)
    return dict(sorted(merged.items()))


def versions() -> tuple[str, dict]:
    """The installed distribution's name and the versions of its runtime dependencies (read
    again only when a folder of ``sys.path`` changed, as installing a package changes it: a run
    asks twice, and each reading scans every installed distribution).

    Returns
    -------
    tuple of (str, dict)
        The distribution (``berita-coverage`` when installed) and ``name`` → version (None when a
        dependency is not installed), sorted by name.

    Examples
    --------
    >>> import pandas as pd
    >>> versions()[1]["pandas"] == pd.__version__
    True
    """
    stamp = tuple(os.stat(p).st_mtime_ns for p in sys.path if p and os.path.isdir(p))
    name, found = _versions(stamp)
    return name, dict(found)


@functools.lru_cache(maxsize=1)
def _versions(stamp: tuple) -> tuple[str, dict]:
    from importlib import metadata

    try:  # by its name: finding the distribution that holds a package reads every installed one
        distribution = metadata.distribution(PROJECT)
    except metadata.PackageNotFoundError:
        distribution = None
    requires = [r for r in (distribution.requires or []) if "extra ==" not in r] if distribution else []
    wanted = [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in requires] or list(_MAIN_DEPENDENCIES)
    found = {}
    for name in sorted(set(wanted), key=str.lower):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return (distribution.metadata["Name"] if distribution else "analysis"), found


def _rows(path: Path) -> int | None:
    """Rows of a table file (Parquet from its metadata, JSONL by its lines); None for a CSV."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if path.suffix == ".jsonl":
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    return None


def build_manifest(corpus: Path, out: Path, parameters: dict, cwd: Path, started: str,
                   before: dict | None = None, corpus_record: dict | None = None) -> dict:
    """The manifest of a finished run (without its end time, which :func:`write_manifest` adds).

    Parameters
    ----------
    corpus : Path
        The corpus (absolute).
    out : Path
        The output folder (absolute).
    parameters : dict
        Every parameter the notebooks ran with (paths as given relative to ``cwd``).
    cwd : Path
        The folder the command ran in: ``corpus`` and ``output_dir`` are written relative to it.
    started : str
        When the run started (:func:`now`).
    before : dict, optional
        :func:`snapshot` of the output folder before the run: files it does not list or that
        changed since were written by the run; the others are listed as ``stale``.
    corpus_record : dict, optional
        :func:`corpus_digest` of ``corpus`` when the caller has it already (else computed).

    Returns
    -------
    dict
        ``package``, ``python``, ``dependencies``, ``corpus`` (``path``, ``kind``, ``files``,
        ``sha256``), ``output_dir``, ``parameters``, ``started``, ``finished`` (None), ``tables`` (``path``,
        ``format``, ``rows``; rows of a CSV are those of its Parquet twin), ``figures``, ``stale``.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as d:
    ...     record = build_manifest(ROOT / "seeds", Path(d), {}, cwd=ROOT, started=now())
    >>> record["corpus"]["kind"], record["tables"], record["dependencies"]["pandas"] == pd.__version__
    ('folder', [], True)
    """
    out, before = Path(out), before or {}
    distribution, dependencies = versions()
    state = snapshot(out)
    fresh = [name for name, stat in state.items() if before.get(name) != stat]
    tables = []
    for name in (n for n in fresh if n.startswith("tables/")):
        path = out / name
        twin = path.with_suffix(".parquet")
        rows = _rows(twin if path.suffix == ".csv" and twin.exists() else path)
        tables.append({"path": name, "format": path.suffix.lstrip("."), "rows": rows})
    return {
        "package": {"name": "analysis", "distribution": distribution, "version": __version__},
        "python": platform.python_version(),
        "dependencies": dependencies,
        "corpus": {"path": _relative(corpus, cwd), **(corpus_record or corpus_digest(corpus))},
        "output_dir": _relative(out, cwd),
        "parameters": dict(sorted(parameters.items())),
        "started": started,
        "finished": None,
        "tables": tables,
        "figures": [n for n in fresh if n.startswith("figures/")],
        "stale": sorted(set(state) - set(fresh)),
    }


def write_manifest(out: Path, manifest: dict) -> Path:
    """Write ``OUTPUT_DIR/manifest.json`` atomically, with the run's end time.

    Parameters
    ----------
    out : Path
        The output folder.
    manifest : dict
        :func:`build_manifest`'s record (an empty ``finished`` is set to :func:`now`).

    Returns
    -------
    Path
        The manifest file (UTF-8 JSON, keys in a fixed order, two-space indents).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     "finished" in json.loads(write_manifest(Path(d), {"started": now()}).read_text())
    True
    """
    record = dict(manifest)
    record["finished"] = record.get("finished") or now()
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return atomic_write(Path(out) / MANIFEST_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))
