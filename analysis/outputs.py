"""Write tables and figures reproducibly, and set a notebook up for stable output.

Tables are CSV with ``\\n`` line ends and a fixed float format; figures are PNG and SVG
with no timestamps, version strings or random ids, so that the same input gives
byte-identical files.

>>> import tempfile, pandas as pd
>>> with tempfile.TemporaryDirectory() as d:
...     p = write_table(pd.DataFrame({"a": [1.23456]}), d, "t")
...     open(p).read()
'a\\n1.2346\\n'
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from .paths import resolve

__all__ = ["write_table", "save_figure", "setup_notebook", "table_dir", "figure_dir", "show"]


def table_dir(output_dir: str | Path) -> Path:
    """``OUTPUT_DIR/tables``, created if missing."""
    d = resolve(output_dir) / "tables"
    d.mkdir(parents=True, exist_ok=True)
    return d


def figure_dir(output_dir: str | Path) -> Path:
    """``OUTPUT_DIR/figures``, created if missing."""
    d = resolve(output_dir) / "figures"
    d.mkdir(parents=True, exist_ok=True)
    return d


def write_table(frame: pd.DataFrame, output_dir: str | Path, name: str, fmt: str = "csv") -> Path:
    """Write ``frame`` as ``OUTPUT_DIR/tables/NAME.csv`` (or ``.parquet``/``.jsonl``)."""
    path = table_dir(output_dir) / f"{name}.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.4f")
    elif fmt == "jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown table format {fmt!r}")
    return path


def save_figure(fig, output_dir: str | Path, name: str) -> list[Path]:
    """Save ``fig`` as PNG (150 dpi) and SVG under ``OUTPUT_DIR/figures`` without volatile metadata."""
    import matplotlib as mpl

    out = figure_dir(output_dir)
    paths = [out / f"{name}.png", out / f"{name}.svg"]
    with mpl.rc_context({"svg.hashsalt": "news-coverage", "svg.fonttype": "path"}):
        fig.savefig(paths[0], dpi=150, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return paths


def show(frame: pd.DataFrame, rows: int = 20) -> pd.DataFrame:
    """The first ``rows`` rows of a table, for display: long tables never flood a notebook."""
    return frame.head(rows).reset_index(drop=True)


def setup_notebook() -> None:
    """Stable display settings for notebooks (wide tables, rounded floats, readable figures)."""
    import matplotlib as mpl
    import seaborn as sns

    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update({
        "figure.figsize": (9, 4.5), "figure.dpi": 100, "font.size": 11, "axes.titlesize": 13,
        "axes.labelsize": 11, "svg.hashsalt": "news-coverage", "figure.max_open_warning": 0,
    })
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
