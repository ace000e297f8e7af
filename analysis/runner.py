"""Run the whole report: every notebook in ``notebooks/``, in order, with papermill.

``python -m analysis run [--corpus PATH] [--out DIR] [-p NAME VALUE ...]`` writes, under OUT:
``notebooks/`` (executed copies), ``html/`` (renderings and an ``index.html``), ``tables/``
and ``figures/``. Parameter names are checked against the notebooks' ``parameters``
cells (papermill itself only warns about unknown names) and values converted to the
type of the default. A failing notebook stops the run with its name and cell.

``python -m analysis notebooks`` re-executes the committed notebooks in place with their
default parameters, so that their stored outputs (checked by nbval) follow the code.
"""

from __future__ import annotations

import argparse
import ast
import html
import shutil
import sys
from pathlib import Path

from .paths import ROOT, display_path

__all__ = ["main", "run", "notebook_parameters", "convert_parameters", "ParameterError", "NOTEBOOK_DIR"]

NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL = "python3"


class ParameterError(ValueError):
    """A parameter name or value the notebooks do not accept."""


def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report's notebooks, in the order of their names (``01_…``, ``02_…``)."""
    return sorted(p for p in folder.glob("[0-9]*.ipynb"))


def notebook_parameters(paths: list[Path]) -> dict[str, dict]:
    """Parameter name → {default, type, notebooks} over all ``paths``."""
    import papermill as pm

    params: dict[str, dict] = {}
    for path in paths:
        for name, info in pm.inspect_notebook(str(path)).items():
            entry = params.setdefault(name, {"default": info["default"], "type": info["inferred_type_name"],
                                             "help": info.get("help", ""), "notebooks": []})
            entry["notebooks"].append(path.name)
    return params


def _kind(kind: str | None, default: str) -> str:
    """The parameter's type: papermill's inferred type (from an annotation) or the default's."""
    if kind and kind != "None":
        return kind.lower()
    try:
        return type(ast.literal_eval(default)).__name__
    except (ValueError, SyntaxError):
        return "str"


def _convert(name: str, value: str, kind: str, default: str):
    kind = _kind(kind, default)
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            low = value.strip().lower()
            if low in {"true", "1", "yes"}:
                return True
            if low in {"false", "0", "no"}:
                return False
            raise ValueError(value)
        if kind in {"list", "tuple"}:
            return [v.strip() for v in value.split(",") if v.strip()]
    except ValueError:
        raise ParameterError(f"parameter {name!r}: expected {kind} (default {default}), got {value!r}") from None
    return value


def convert_parameters(given: list[tuple[str, str]], params: dict[str, dict]) -> dict:
    """Check names against the notebooks' parameters and convert values to the defaults' types."""
    out = {}
    valid = sorted(params)
    for name, value in given:
        if name not in params:
            raise ParameterError(f"unknown parameter {name!r}; valid parameters: {', '.join(valid)}")
        out[name] = _convert(name, value, params[name]["type"], params[name]["default"])
    return out


def _describe_cell(executed: Path, index: int) -> str:
    """'cell 3 (`raise …`)': the failing cell numbered as in the committed notebook (papermill's
    injected-parameters cell and error banner not counted), with its first line."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    own = [c for c in nb.cells
           if not {"injected-parameters", "papermill-error-cell-tag"} & set(c.metadata.get("tags", []))]
    for number, cell in enumerate(own, 1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = (cell.source.strip().splitlines() or [""])[0]
            return f"cell {number} (`{first[:60]}`)"
    return f"cell index {index}"


def _render_html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def _write_index(out: Path, names: list[str]) -> None:
    tables = sorted(p.name for p in (out / "tables").glob("*") if p.is_file())
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    items = "\n".join(f'<li><a href="{html.escape(n)}.html">{html.escape(n)}</a></li>' for n in names)
    tab = "\n".join(f'<li><a href="../tables/{html.escape(t)}">{html.escape(t)}</a></li>' for t in tables)
    fig = "\n".join(f'<li><a href="../figures/{html.escape(f)}"><img src="../figures/{html.escape(f)}" '
                    f'alt="{html.escape(f)}" width="320"></a></li>' for f in figures)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News coverage report</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}} ul.figs li{{display:inline-block;margin:.5em}}</style>
</head><body>
<h1>News coverage report</h1>
<h2>Notebooks</h2><ol>
{items}
</ol>
<h2>Tables</h2><ul>
{tab}
</ul>
<h2>Figures</h2><ul class="figs">
{fig}
</ul>
</body></html>
"""
    (out / "html" / "index.html").write_text(page, encoding="utf-8")


def run(corpus: str | None = None, out: str = "reports", given: list[tuple[str, str]] | None = None,
        cwd: Path | None = None, progress: bool = True, notebook_dir: Path | None = None) -> int:
    """Execute every notebook; returns the process exit code."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    cwd = Path(cwd or Path.cwd())
    notebook_dir = Path(notebook_dir or NOTEBOOK_DIR)
    paths = notebooks(notebook_dir)
    if not paths:
        print(f"error: no notebooks found in {display_path(notebook_dir)}", file=sys.stderr)
        return 2
    params = notebook_parameters(paths)
    try:
        values = convert_parameters(given or [], params)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    corpus = values.pop("corpus", None) or corpus
    if "output_dir" in values:
        out = values.pop("output_dir")
    corpus_path = (cwd / corpus).resolve() if corpus else (ROOT / "seeds").resolve()
    if not corpus_path.exists():
        print(f"error: parameter 'corpus': {corpus} does not exist", file=sys.stderr)
        return 2
    out_path = (cwd / out).resolve()
    for sub in ("notebooks", "html", "tables", "figures"):
        (out_path / sub).mkdir(parents=True, exist_ok=True)
    values.update({"corpus": str(corpus_path), "output_dir": str(out_path)})
    names = []
    for i, path in enumerate(paths, 1):
        mine = {k: v for k, v in values.items() if path.name in params.get(k, {}).get("notebooks", [])}
        target = out_path / "notebooks" / path.name
        print(f"[{i}/{len(paths)}] {path.name}", file=sys.stderr, flush=True)
        try:
            pm.execute_notebook(str(path), str(target), parameters=mine, kernel_name=KERNEL,
                                cwd=str(notebook_dir), progress_bar=progress, log_output=False)
        except PapermillExecutionError as exc:
            print(f"error: notebook {path.name} failed in {_describe_cell(target, exc.cell_index)}: "
                  f"{exc.ename}: {exc.evalue}\n"
                  f"the executed copy with the traceback is {display_path(target, cwd)}", file=sys.stderr)
            return 1
        _render_html(target, out_path / "html" / (path.stem + ".html"))
        names.append(path.stem)
    _write_index(out_path, names)
    default_run = corpus_path == (ROOT / "seeds").resolve() and not given
    if default_run:
        top = ROOT / "figures"
        top.mkdir(exist_ok=True)
        for f in sorted((out_path / "figures").glob("*")):
            if f.suffix in {".png", ".svg"}:
                shutil.copy2(f, top / f.name)
    print(f"report written to {display_path(out_path, cwd)} (open html/index.html)", file=sys.stderr)
    return 0


def refresh_notebooks(paths: list[Path] | None = None, timeout: int = 1200) -> int:
    """Re-execute the committed notebooks in place with their defaults (outputs for nbval)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for path in paths or notebooks():
        print(f"executing {path.name}", file=sys.stderr, flush=True)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                                resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            print(f"error: notebook {path.name} failed: {exc}", file=sys.stderr)
            return 1
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
        nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}
        nbformat.write(nb, path)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run every notebook on a corpus and write the report")
    r.add_argument("--corpus", help="folder of .txt pages or a .csv/.jsonl/.parquet file (default: seeds/)")
    r.add_argument("--out", default="reports", help="output folder (default: reports/)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help="set a notebook parameter (repeatable)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    sub.add_parser("notebooks", help="re-execute the committed notebooks in place")
    sub.add_parser("parameters", help="list the notebooks' parameters and defaults")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return run(args.corpus, args.out, [tuple(p) for p in args.parameter], progress=not args.no_progress)
    if args.command == "notebooks":
        return refresh_notebooks()
    if args.command == "parameters":
        for name, info in sorted(notebook_parameters(notebooks()).items()):
            print(f"{name} ({_kind(info['type'], info['default'])}, default {info['default']}): {info['help']} "
                  f"[{', '.join(info['notebooks'])}]")
        return 0
    return 2
