"""Where things are: the repository root, and paths shown to people without machine details.

Notebooks run from ``notebooks/`` in JupyterLab and from the repository root under
papermill; both resolve ``corpus`` and ``output_dir`` the same way.

>>> resolve("seeds") == ROOT / "seeds"
True
>>> display_path(ROOT / "seeds" / "000.txt")
'seeds/000.txt'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROOT", "resolve", "display_path"]

#: The repository root (the folder holding ``analysis/``).
ROOT = Path(__file__).resolve().parent.parent


def resolve(path: str | Path) -> Path:
    """An absolute path: relative paths are taken from the repository root."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p)


def display_path(path: str | Path, base: Path | None = None) -> str:
    """A path as shown in tables and notebooks: relative to ``base`` (default: the
    repository root) when inside it, else just the final name — never an absolute path."""
    p = Path(path)
    for b in ([base] if base else []) + [ROOT]:
        try:
            return p.resolve().relative_to(Path(b).resolve()).as_posix()
        except ValueError:
            continue
    return p.name
