"""Where things are: the repository root, the notebooks, the folders of a report, and paths
shown to people without machine details.

Notebooks run from ``notebooks/`` in JupyterLab and from the repository root under
papermill; both resolve ``corpus`` and ``output_dir`` the same way.

>>> resolve("seeds") == ROOT / "seeds"
True
>>> display_path(ROOT / "seeds" / "000.txt")
'seeds/000.txt'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "NOTEBOOK_DIR", "OUTPUT_FOLDERS", "resolve", "display_path", "from_root", "message_path"]

#: The repository root (the folder holding ``analysis/``).
ROOT = Path(__file__).resolve().parent.parent
#: The report's notebooks (``01_…ipynb``, ``02_…ipynb``, ...).
NOTEBOOK_DIR = ROOT / "notebooks"
#: What a run writes under its output folder: the first four by the runner, ``cache`` by the
#: pipeline (the corpus must not be inside any of these).
OUTPUT_FOLDERS = ("notebooks", "html", "tables", "figures", "cache")


def resolve(path: str | Path) -> Path:
    """An absolute path: relative paths are taken from the repository root.

    Parameters
    ----------
    path : str or Path
        Absolute, ``~``-prefixed or relative to the repository root.

    Returns
    -------
    Path
        The absolute path (not resolved further: symbolic links are kept).

    Examples
    --------
    >>> resolve("/tmp/x") == Path("/tmp/x")
    True
    """
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p)


def display_path(path: str | Path, base: Path | None = None) -> str:
    """A path as shown in tables and notebooks: never an absolute path.

    Parameters
    ----------
    path : str or Path
        The path to show.
    base : Path, optional
        The folder to show it relative to, tried before the repository root.

    Returns
    -------
    str
        ``path`` relative to ``base`` (default: the repository root) when inside it, else just
        its final name.

    Examples
    --------
    >>> display_path("/somewhere/else/page.txt")
    'page.txt'
    """
    p = Path(path)
    for b in ([base] if base else []) + [ROOT]:
        try:
            return p.resolve().relative_to(Path(b).resolve()).as_posix()
        except ValueError:
            continue
    return p.name


def from_root(path: Path) -> str:
    """``path`` relative to the repository root, as the notebooks read their path parameters.

    Parameters
    ----------
    path : Path
        An absolute path.

    Returns
    -------
    str
        The relative path in POSIX form, with ``..`` where ``path`` is outside the root.

    Examples
    --------
    >>> from_root(ROOT / "seeds")
    'seeds'
    >>> from_root(ROOT.parent / "elsewhere")
    '../elsewhere'
    """
    return Path(os.path.relpath(path, ROOT)).as_posix()


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
