"""py3langid's model, decompressed once per machine instead of once per process.

py3langid ships its model LZMA-compressed (4.6 MB, 68 MB of arrays) and decompresses it in every
process that identifies a language: about 0.4 s of CPU for each worker of a stage and for the
kernel of the report's first notebook. :func:`model_arrays` writes the arrays once, uncompressed,
to a folder of the user's cache (:mod:`analysis.user_cache`, e.g.
``~/.cache/berita-coverage/py3langid-0.4.0-<crc32 of the model file>/``), and later processes read
them from there in a few tens of milliseconds: the class probabilities (28 MB) stay mapped from the
file, shared between processes by the operating system; the rest is copied into the forms
py3langid uses, as its own loader does.

Every load checks each array file's size and crc32 against the folder's ``manifest.json`` (reading
the 68 MB from the system's page cache: about 10 ms). The folder is written complete under a
temporary name and renamed into place, so a file that a process has mapped is never replaced; a
damaged or incomplete folder is moved aside and replaced the same way. Where the cache cannot be
written (a read-only home, no home, a folder in use on Windows), the model is decompressed in
memory, as py3langid does. The arrays are those of py3langid's ``modelio.load_model`` (tested), so
identification is the same.
"""

from __future__ import annotations

import json
import lzma
import os
import shutil
import threading
import time
import zlib
from array import array
from contextlib import suppress
from io import BytesIO
from pathlib import Path

import numpy as np

from .atomic import atomic_write
from .user_cache import cache_root

__all__ = ["model_arrays", "cache_folder"]

#: The arrays of a py3langid model, in the order of ``modelio.load_model``'s result.
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODE = {2: "H", 4: "I", 8: "L"}  # unsigned array typecodes by item size, as py3langid's


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_folder(model_file: Path | None = None) -> Path | None:
    """The folder of the uncompressed model: py3langid's version and the model file's crc32 name it.

    Parameters
    ----------
    model_file : Path, optional
        The compressed model (default: the one py3langid ships).

    Returns
    -------
    Path or None
        Under :func:`analysis.user_cache.cache_root`; it may not exist yet. None when there is no
        cache folder.

    Examples
    --------
    >>> cache_folder().name.startswith("py3langid-")
    True
    """
    import py3langid

    root = cache_root()
    if root is None:
        return None
    source = Path(model_file) if model_file is not None else _model_file()
    crc = zlib.crc32(source.read_bytes())
    return root / f"py3langid-{py3langid.__version__}-{crc:08x}"


def model_arrays(model_file: Path | None = None) -> tuple:
    """py3langid's model as ``modelio.load_model`` returns it, from the cache (written if needed).

    Parameters
    ----------
    model_file : Path, optional
        The LZMA-compressed ``.npz`` to load, as py3langid's ``load_model`` reads it (default:
        ``py3langid/data/model.npz.xz``).

    Returns
    -------
    tuple
        ``(ptc, pc, classes, nextmove, nextmove_row, out_feat)``: two NumPy arrays (read-only,
        mapped from the cache), a list of language codes, two ``array.array`` of unsigned
        integers and a list of ints, for ``py3langid.langid.LanguageIdentifier``.

    Examples
    --------
    >>> ptc, pc, classes, *_ = model_arrays()
    >>> "id" in classes and ptc.shape[1] == len(pc) == len(classes)
    True
    """
    source = Path(model_file) if model_file is not None else _model_file()
    folder = cache_folder(source)
    arrays = _mapped(folder) if folder is not None else None
    if arrays is None:
        arrays = _decompressed(source)
        if folder is not None:
            with suppress(OSError):  # a cache that cannot be written: this process keeps its copy
                _store(folder, arrays)
    return _as_model(arrays)


def _mapped(folder: Path) -> dict | None:
    """The arrays mapped from ``folder``, or None when a file is missing, of another size or
    checksum than the manifest says, or unreadable."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        arrays = {}
        for name in ARRAYS:
            path, entry = folder / f"{name}.npy", manifest["arrays"][name]
            if path.stat().st_size != entry["size"] or _crc32(path) != entry["crc32"]:
                return None
            arrays[name] = np.load(path, mmap_mode="r", allow_pickle=False)
        return arrays
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _crc32(path: Path) -> int:
    """The crc32 of a file's bytes, read through a memory map (no copy)."""
    import mmap

    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return zlib.crc32(view)


def _decompressed(source: Path) -> dict:
    """The model's arrays, decompressed in memory."""
    with lzma.open(source) as packed, np.load(BytesIO(packed.read()), allow_pickle=False) as data:
        missing = set(ARRAYS).difference(data.files)
        if missing:
            raise ValueError(f"{source}: not a py3langid model of the expected layout (missing {sorted(missing)})")
        return {name: data[name] for name in ARRAYS}


def _store(folder: Path, arrays: dict) -> None:
    """Write the arrays and their manifest into a new folder next to ``folder``, then rename it
    into place: a folder already there and intact (another process was first) is kept, a damaged
    one moved aside and removed. A file of the folder is never replaced while a process may have
    it mapped. Scratch folders a killed process left behind (a day old) are removed."""
    _sweep(folder)
    scratch = folder.with_name(f".{folder.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    scratch.mkdir(parents=True)
    try:
        entries = {}
        for name in ARRAYS:
            path = scratch / f"{name}.npy"
            _save(path, arrays[name])
            entries[name] = {"size": path.stat().st_size, "crc32": _crc32(path)}
        text = json.dumps({"format": 1, "arrays": entries}, indent=1, sort_keys=True)
        atomic_write(scratch / "manifest.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
        try:
            os.rename(scratch, folder)
        except OSError:  # a folder is there: another process's (kept) or a damaged one (replaced)
            if _mapped(folder) is not None:
                return
            aside = folder.with_name(f".{folder.name}.old-{os.getpid()}-{threading.get_ident()}")
            os.rename(folder, aside)
            shutil.rmtree(aside, ignore_errors=True)
            os.rename(scratch, folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _sweep(folder: Path, age: float = 86_400) -> None:
    """Remove the scratch and set-aside folders of ``folder`` older than ``age`` seconds."""
    now = time.time()
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        with suppress(OSError):
            if now - stale.stat().st_mtime > age:
                shutil.rmtree(stale, ignore_errors=True)


def _save(path: Path, values: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, values, allow_pickle=False)
        f.flush()
        os.fsync(f.fileno())  # on disk before the folder is renamed into place


def _as_model(arrays: dict) -> tuple:
    """The arrays in ``modelio.load_model``'s form."""
    return (arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _unsigned(arrays["nextmove"]),
            _unsigned(arrays["nextmove_row"]), arrays["out_feat"].tolist())


def _unsigned(values: np.ndarray) -> array:
    out = array(_TYPECODE[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
