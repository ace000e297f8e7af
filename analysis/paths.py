"""Where things are: the files the package bundles, the folders of a report, and how a path
given by a person is read and shown.

One rule for every way the notebooks run (``python -m analysis run``, papermill, JupyterLab,
nbval): a relative path is taken from the **working directory of the process that reads it**
(the notebook's kernel), like any file name given to Python. Only the bundled defaults are
found wherever the package is installed: a relative path that names nothing in the working
directory but is one of :data:`BUNDLED` (``seeds``, ``tests/fixtures/seeds_gold.json``) is the
package's copy (:func:`locate`). Outputs never fall back: :func:`resolve` is the working
directory only, so nothing is written inside the package or the repository unless asked.

In a checkout the bundled files are the repository's own (``seeds/``, ``notebooks/``, ...);
in an installed wheel they are the copies under ``analysis/_bundle/`` (:data:`BUNDLE`).

>>> locate("seeds", cwd=Path("/nowhere")) == BUNDLE / "seeds"
True
>>> display_path(BUNDLE / "seeds" / "000.txt")
'seeds/000.txt'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "BUNDLE", "BUNDLED", "NOTEBOOK_DIR", "OUTPUT_FOLDERS", "CACHE_FOLDER", "resolve", "locate",
           "display_path", "parameter_path", "message_path"]

#: The folder holding ``analysis/``: the repository root of a checkout (``site-packages`` once installed).
ROOT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(__file__).resolve().parent / "_bundle"
#: Where the bundled notebooks, seeds and gold are: ``analysis/_bundle`` in an installed wheel
#: (``pyproject.toml`` maps them there), else the repository root.
BUNDLE = _INSTALLED if (_INSTALLED / "notebooks").is_dir() else ROOT
#: The bundled inputs a relative path falls back to (:func:`locate`): the notebooks' defaults.
BUNDLED = ("seeds", "tests/fixtures/seeds_gold.json")
#: The report's notebooks (``01_…ipynb``, ``02_…ipynb``, ...).
NOTEBOOK_DIR = BUNDLE / "notebooks"
#: The output folder's sub-folder of the stage caches (``analysis.cache``).
CACHE_FOLDER = "cache"
#: What a run writes under its output folder: the first four by the runner, ``cache`` by the
#: pipeline (the corpus must not be inside any of these).
OUTPUT_FOLDERS = ("notebooks", "html", "tables", "figures", CACHE_FOLDER)


def resolve(path: str | Path, cwd: str | Path | None = None) -> Path:
    """An absolute path: relative paths are taken from the working directory (outputs, and
    inputs given as absolute paths).

    Parameters
    ----------
    path : str or Path
        Absolute, ``~``-prefixed or relative to ``cwd``.
    cwd : str or Path, optional
        The folder relative paths are taken from (default: the current working directory).

    Returns
    -------
    Path
        The absolute path (not resolved further: symbolic links are kept).

    Examples
    --------
    >>> resolve("/tmp/x") == Path("/tmp/x")
    True
    >>> resolve("reports", cwd="/work/project")
    PosixPath('/work/project/reports')
    """
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path(cwd or os.getcwd()) / p


def locate(path: str | Path, cwd: str | Path | None = None) -> Path:
    """An input's absolute path: from the working directory, or the package's copy of a bundled default.

    Parameters
    ----------
    path : str or Path
        A corpus or gold file: absolute, ``~``-prefixed or relative to ``cwd``.
    cwd : str or Path, optional
        The folder relative paths are taken from (default: the current working directory).

    Returns
    -------
    Path
        ``cwd / path`` when it exists (or ``path`` is absolute); else, when ``path`` is one of
        :data:`BUNDLED`, the package's copy; else ``cwd / path`` (which does not exist: the
        caller reports it).

    Examples
    --------
    >>> locate("tests/fixtures/seeds_gold.json", cwd="/nowhere").is_file()
    True
    >>> locate("my-corpus", cwd="/nowhere")
    PosixPath('/nowhere/my-corpus')
    """
    found = resolve(path, cwd)
    if found.exists() or Path(path).expanduser().is_absolute():
        return found
    name = Path(path).as_posix()
    return BUNDLE / name if name in BUNDLED and (BUNDLE / name).exists() else found


def display_path(path: str | Path, base: Path | None = None) -> str:
    """A path as shown in tables and notebooks: never an absolute path.

    Parameters
    ----------
    path : str or Path
        The path to show.
    base : Path, optional
        The folder to show it relative to, tried before the bundle and the repository root.

    Returns
    -------
    str
        ``path`` relative to ``base``, else to :data:`BUNDLE` (a bundled file shows as
        ``seeds/…`` wherever the package is installed), else to :data:`ROOT`, when inside it;
        else just its final name.

    Examples
    --------
    >>> display_path("/somewhere/else/page.txt")
    'page.txt'
    """
    p = Path(path)
    for b in ([base] if base else []) + [BUNDLE, ROOT]:
        try:
            return p.resolve().relative_to(Path(b).resolve()).as_posix()
        except ValueError:
            continue
    return p.name


def parameter_path(path: Path, cwd: Path) -> str:
    """How a notebook run in ``cwd`` is given the input or output ``path``: without machine details.

    Parameters
    ----------
    path : Path
        An absolute path (as found by :func:`locate` or :func:`resolve` from ``cwd``).
    cwd : Path
        The kernel's working directory.

    Returns
    -------
    str
        The bundled name (``seeds``) when :func:`locate` finds ``path`` from it, else ``path``
        relative to ``cwd`` in POSIX form (with ``..`` where it is outside).

    Examples
    --------
    >>> parameter_path(BUNDLE / "seeds", Path("/nowhere"))
    'seeds'
    >>> parameter_path(Path("/data/pages"), Path("/data/reports"))
    '../pages'
    """
    for name in BUNDLED:
        if locate(name, cwd).resolve() == Path(path).resolve():
            return name
    return Path(os.path.relpath(path, cwd)).as_posix()


def message_path(path: Path, cwd: Path) -> str:
    """A path in an error or progress message: relative to ``cwd`` when inside it, else absolute.

    Parameters
    ----------
    path : Path
        An absolute, resolved path.
    cwd : Path
        The folder the command was run from.

    Returns
    -------
    str
        ``path`` relative to ``cwd`` (``"."`` for ``cwd`` itself), or ``path`` unchanged.

    Examples
    --------
    >>> message_path(ROOT / "reports" / "tables", ROOT)
    'reports/tables'
    >>> message_path(Path("/elsewhere/out"), ROOT)
    '/elsewhere/out'
    """
    try:
        return path.relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return str(path)
