"""Where the whole report spends its time: the floor, the command cold and warm, every cell, and
cProfile of every notebook's code.

    python benchmarks/profile_report.py [--corpus seeds] [--cprofile] [--out benchmarks/PROFILE.md]

In one run, one after the other on the same machine:

* **floor** – papermill executing as many empty notebooks as the report has, in one process, on
  the project's kernel: what any papermill report costs before it does anything;
* **report, cold** – the README's command (``python -m analysis run``) into a new output folder;
* **report, warm** – the same command again into the same folder (stage caches and tables kept);
* **cells** – every notebook executed by papermill into a third folder (cold), with the seconds of
  each cell as papermill records them (the slowest are listed);
* ``--cprofile`` – every notebook's code exported as a script (nbconvert) and run under
  ``cProfile`` in a fresh process, cold and then warm: the functions with the most cumulative time
  inside the package and its libraries.

The ratios are the report's seconds over the floor's (targets: cold <= 1.5x, warm <= 1.2x).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import kernel, runner  # noqa: E402


def _empty_notebooks(folder: Path, n: int) -> list[Path]:
    import nbformat

    paths = []
    for i in range(n):
        path = folder / f"{i + 1:02d}_empty.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        nb.metadata["kernelspec"] = {"name": runner.kernel_name(), "language": "python", "display_name": "Python 3"}
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def floor(n: int, work: Path) -> float:
    """Seconds for papermill to execute ``n`` one-cell notebooks (``pass``) in this process."""
    import papermill as pm

    folder = work / "empty"
    folder.mkdir(parents=True, exist_ok=True)
    paths = _empty_notebooks(folder, n)
    start = time.perf_counter()
    for path in paths:
        pm.execute_notebook(str(path), str(path.with_suffix(".out.ipynb")), kernel_name=runner.kernel_name(),
                            cwd=str(work), progress_bar=False, log_output=False)
    return time.perf_counter() - start


def command(corpus: str, out: Path) -> float:
    """Seconds of ``python -m analysis run --corpus CORPUS --out OUT`` (a process of its own)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", corpus, "--out", str(out), "--no-progress"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def cells(corpus: str, out: Path) -> list[tuple[str, int, float, str]]:
    """Every code cell's seconds (papermill's record), notebooks executed cold into ``out``."""
    import papermill as pm

    rows = []
    out.mkdir(parents=True, exist_ok=True)
    with kernel.shared_kernel(runner.kernel_name(), ROOT) as km:  # as the runner executes them
        for i, path in enumerate(runner.notebooks()):
            target = out / path.name
            if i:
                kernel.fresh_namespace(km)
            pm.execute_notebook(str(path), str(target), parameters={"corpus": corpus, "output_dir": str(out)},
                                kernel_name=km.kernel_name, cwd=str(ROOT), progress_bar=False, log_output=False,
                                km=km, request_save_on_cell_execute=False)
            rows += _durations(target, path.stem)
    return rows


def _durations(target: Path, stem: str) -> list[tuple[str, int, float, str]]:
    """Each code cell's seconds in an executed notebook, with its first line of code."""
    import nbformat

    rows = []
    nb = nbformat.read(target, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]
    for i, cell in enumerate(code, 1):
        first = next((line for line in cell.source.splitlines() if line and not line.startswith("#")), "")
        rows.append((stem, i, float(cell.metadata.get("papermill", {}).get("duration") or 0.0), first[:70]))
    return rows


def profile_script(path: Path, corpus: str, out: Path, work: Path) -> str:
    """The notebook's code as a script, run under cProfile in a fresh process; the top functions."""
    import nbformat
    from nbconvert import PythonExporter

    nb = nbformat.read(path, as_version=4)
    source, _ = PythonExporter().from_notebook_node(nb)
    script = work / f"{path.stem}.py"
    script.write_text(f"import matplotlib\nmatplotlib.use('Agg')\n{source}\n"
                      f"corpus = {corpus!r}\noutput_dir = {str(out)!r}\n", encoding="utf-8")
    # the parameters cell sets the defaults first; put the overrides right after it, as papermill does
    text = script.read_text(encoding="utf-8")
    marker = "\n# In[2]:\n"
    if marker in text:
        head, tail = text.split(marker, 1)
        text = f"{head}\ncorpus = {corpus!r}\noutput_dir = {str(out)!r}\n{marker}{tail}"
        script.write_text(text, encoding="utf-8")
    stats = work / f"{path.stem}.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), str(script)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)})
    buffer = io.StringIO()
    pstats.Stats(str(stats), stream=buffer).sort_stats("cumulative").print_stats(25)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="seeds", help="corpus as for `python -m analysis run` (default: seeds)")
    parser.add_argument("--cprofile", action="store_true", help="also profile every notebook's code with cProfile")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the floor and the report (best kept)")
    parser.add_argument("--out", default="benchmarks/out/PROFILE.md", help="markdown file written")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="profile-report-"))
    try:
        n = len(runner.notebooks())
        best = {"floor": [], "cold": [], "warm": []}
        for r in range(args.repeat):
            best["floor"].append(floor(n, work / f"floor{r}"))
            best["cold"].append(command(args.corpus, work / f"report{r}"))
            best["warm"].append(command(args.corpus, work / f"report{r}"))
        t = {k: min(v) for k, v in best.items()}
        rows = cells(args.corpus, work / "cells")
        lines = [f"# Where the report spends its time ({args.corpus})", "",
                 f"Produced by `python benchmarks/profile_report.py --corpus {args.corpus}"
                 f"{' --cprofile' if args.cprofile else ''}` (best of {args.repeat}).", "",
                 "| run | seconds | x floor |", "|---|---:|---:|",
                 f"| floor: papermill, {n} empty notebooks in one process | {t['floor']:.1f} | 1.00 |",
                 f"| report, cold (`python -m analysis run`, new output folder) | {t['cold']:.1f} | "
                 f"{t['cold'] / t['floor']:.2f} |",
                 f"| report, warm (same command, same folder again) | {t['warm']:.1f} | {t['warm'] / t['floor']:.2f} |",
                 "", f"## Cells, slowest first (papermill's record, cold; all cells: {sum(r[2] for r in rows):.1f} s)",
                 "", "| notebook | cell | seconds | first line |", "|---|---:|---:|---|"]
        for nb, i, sec, first in sorted(rows, key=lambda r: -r[2])[:25]:
            lines.append(f"| {nb} | {i} | {sec:.2f} | `{first.replace('|', '/')}` |")
        if args.cprofile:
            out = work / "profiled"
            for label in ("cold", "warm"):
                for path in runner.notebooks():
                    report = profile_script(path, args.corpus, out, work)
                    lines += ["", f"## cProfile: {path.stem} ({label})", "", "```",
                              *[line.replace(str(ROOT) + "/", "") for line in report.splitlines()
                                if line.strip()][:40], "```"]
        target = ROOT / args.out
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n".join(lines[:20]))
        print(f"written: {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
