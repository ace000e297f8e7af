"""Is an output folder already the report of this corpus, these parameters and this code?

A second ``berita-coverage run`` on the same corpus with the same parameters would execute every
notebook again only to write the same bytes (the stages are deterministic and cached). The run's
*fingerprint* (:func:`fingerprint`) names everything the report depends on: the corpus' SHA-256,
every parameter, the SHA-256 of the package's code, data files and notebooks, and the Python and
dependency versions. ``manifest.json`` records it with the SHA-256 of every executed notebook,
table and figure the run wrote (:func:`output_digests`). When a new run's fingerprint equals the
recorded one and every recorded file is still there with its recorded bytes
(:func:`reusable`), the runner executes nothing and only renders the HTML again; anything else
(a changed page, parameter or line of code, an edited or deleted table, a damaged or missing
manifest) runs the whole report. ``--force`` always runs it.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

__all__ = ["fingerprint", "code_digest", "output_digests", "reusable", "pages_intact"]

#: The folders whose files a run writes and a reused report must still hold unchanged (the HTML
#: pages, also recorded, are rendered again when one of them changed).
_OUTPUTS = ("notebooks", "tables", "figures")
_PAGES = "html"


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def code_digest(notebooks: list[Path]) -> str:
    """SHA-256 of the package's code and data files and of the notebooks a run executes.

    Parameters
    ----------
    notebooks : list of Path
        The notebooks of the run.

    Returns
    -------
    str
        A hex digest over the files' relative names and contents (``__pycache__`` left out).

    Examples
    --------
    >>> from analysis.runner import notebooks
    >>> len(code_digest(notebooks())) == 64 and code_digest([]) != code_digest(notebooks())
    True
    """
    package = Path(__file__).resolve().parent
    files = sorted((p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                    and p.suffix not in {".pyc", ".pyo"}), key=lambda p: p.relative_to(package).as_posix())
    digest = hashlib.sha256()
    for file in files:
        digest.update(f"{file.relative_to(package).as_posix()}\t{_sha256(file)}\n".encode())
    for file in notebooks:
        digest.update(f"notebooks/{Path(file).name}\t{_sha256(Path(file))}\n".encode())
    return digest.hexdigest()


def fingerprint(corpus_sha256: str, parameters: dict, notebooks: list[Path], dependencies: dict,
                inputs: dict[str, Path] | None = None) -> dict:
    """Everything a report depends on, as one comparable record.

    Parameters
    ----------
    corpus_sha256 : str
        The corpus' digest (:func:`analysis.manifest.corpus_digest`).
    parameters : dict
        Every parameter of the run (:func:`analysis.manifest.run_parameters`).
    notebooks : list of Path
        The notebooks the run executes.
    dependencies : dict
        Installed versions of the runtime dependencies.
    inputs : dict of str to Path, optional
        The files that parameters name (the gold file), by parameter: their contents count, not
        only their names.

    Returns
    -------
    dict
        ``corpus``, ``parameters``, ``code``, ``python``, ``dependencies``, ``inputs`` (SHA-256
        by parameter).

    Examples
    --------
    >>> a = fingerprint("ab", {"top_n": 30}, [], {"pandas": "3.1.1"})
    >>> a == fingerprint("ab", {"top_n": 30}, [], {"pandas": "3.1.1"}), a == fingerprint("ab", {"top_n": 31}, [], {})
    (True, False)
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     gold = Path(d, "gold.json")
    ...     _ = gold.write_text("{}")
    ...     before = fingerprint("ab", {"gold": "gold.json"}, [], {}, {"gold": gold})
    ...     _ = gold.write_text('{"a": 1}')
    ...     before == fingerprint("ab", {"gold": "gold.json"}, [], {}, {"gold": gold})
    False
    """
    return {"corpus": corpus_sha256, "parameters": dict(sorted(parameters.items())),
            "code": code_digest(notebooks), "python": platform.python_version(),
            "dependencies": dict(sorted(dependencies.items())),
            "inputs": {name: _sha256(Path(path)) for name, path in sorted((inputs or {}).items())}}


def output_digests(out: Path, names: list[str]) -> dict[str, str]:
    """SHA-256 of output files, by their path relative to the output folder.

    Parameters
    ----------
    out : Path
        The output folder.
    names : list of str
        Relative paths (``tables/terms.csv``, ``notebooks/01_load.ipynb``, ...).

    Returns
    -------
    dict
        ``name`` → hex digest, sorted by name (files that do not exist are left out).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "tables").mkdir(), (Path(d) / "tables" / "t.csv").write_text("a\\n")
    ...     output_digests(Path(d), ["tables/t.csv", "tables/missing.csv"])
    {'tables/t.csv': '87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7'}
    """
    out = Path(out)
    return {name: _sha256(out / name) for name in sorted(names) if (out / name).is_file()}


def reusable(out: Path, wanted: dict) -> dict | None:
    """The previous run's manifest when the folder already holds the report ``wanted`` describes.

    Parameters
    ----------
    out : Path
        The output folder.
    wanted : dict
        The new run's :func:`fingerprint`.

    Returns
    -------
    dict or None
        The recorded manifest if its fingerprint equals ``wanted`` and every file it lists under
        ``outputs`` exists with the recorded SHA-256; else None (no, unreadable or different
        manifest, a file changed or gone).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     reusable(Path(d), fingerprint("ab", {}, [], {})) is None
    True
    """
    try:
        record = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != wanted:
        return None
    recorded = record.get("outputs")
    if not isinstance(recorded, dict) or not any(n.startswith("notebooks/") for n in recorded):
        return None
    if not all(isinstance(n, str) and n.split("/", 1)[0] in (*_OUTPUTS, _PAGES) for n in recorded):
        return None
    kept = {n: d for n, d in recorded.items() if n.split("/", 1)[0] in _OUTPUTS}
    return record if output_digests(Path(out), list(kept)) == kept else None


def pages_intact(out: Path, record: dict) -> bool:
    """Whether the HTML pages a reusable report recorded are all there with their bytes.

    Parameters
    ----------
    out : Path
        The output folder.
    record : dict
        The manifest :func:`reusable` returned.

    Returns
    -------
    bool
        True when the record lists pages and every one is unchanged (nothing to render again).

    Examples
    --------
    >>> pages_intact(Path("/nowhere"), {"outputs": {}})
    False
    """
    pages = {n: d for n, d in record.get("outputs", {}).items() if n.split("/", 1)[0] == _PAGES}
    return bool(pages) and output_digests(Path(out), list(pages)) == pages
