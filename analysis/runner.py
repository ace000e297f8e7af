"""Run the whole report: every notebook in ``notebooks/``, in order, with papermill.

``berita-coverage run [--corpus PATH] [--out DIR] [-p NAME VALUE ...]`` (or ``python -m
analysis run``) writes, under OUT: ``notebooks/`` (executed copies), ``html/`` (self-contained
pages and an ``index.html``: :mod:`analysis.report`), ``tables/``, ``figures/`` and, last,
``manifest.json`` (what produced the report: :mod:`analysis.manifest`). The notebooks are the
package's own (:data:`analysis.paths.NOTEBOOK_DIR`, also when installed from a wheel); their
kernel runs in the folder the command was run in, so relative paths mean the same to the
command and to the notebooks.

Before any notebook runs and before anything is written, every parameter and path is checked
once, for all notebooks (:func:`analysis.parameters.validate`); every problem is listed at once
and the run stops with exit code 2, without creating the output folder. One run at a time
writes to an output folder (:func:`analysis.lock.output_lock`); a second one stops with exit
code 3. A failing notebook stops the run (exit code 1) naming the notebook, the cell and the
line that raised (:func:`failure_message`).

``python -m analysis notebooks`` re-executes the committed notebooks in place with their
default parameters, so that their stored outputs (checked by nbval) follow the code.
``python -m analysis parameters`` lists the notebooks' parameters and what they accept.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import freshness, kernel, manifest, report
from .atomic import atomic_write, remove_leftovers
from .lock import LockError, output_lock
from .parameters import RULES, ParameterError, Plan, describe_parameters, notebook_parameters, validate, write_known_parameters
from .config import PROJECT
from .paths import BUNDLE, CACHE_FOLDER, NOTEBOOK_DIR, OUTPUT_FOLDERS, ROOT, display_path, locate, message_path

__all__ = ["main", "run", "notebooks", "refresh_notebooks", "failure_message", "error_line", "kernel_name"]


def kernel_name() -> str:
    """The Jupyter kernel the notebooks run on: the project's, else ``python3``.

    The package registers a kernel named after the project in the environment it is installed
    in (``share/jupyter/kernels/berita-coverage``, the notebooks' kernelspec); both run this
    environment's Python (Jupyter starts ``python`` as the running interpreter).

    Returns
    -------
    str
        ``"berita-coverage"`` when Jupyter finds that kernel, else ``"python3"``.

    Examples
    --------
    >>> kernel_name() in {"berita-coverage", "python3"}
    True
    """
    from jupyter_client.kernelspec import KernelSpecManager

    return PROJECT if PROJECT in KernelSpecManager().find_kernel_specs() else "python3"


#: The kernelspec the committed notebooks name (``python -m analysis notebooks`` writes it).
_KERNELSPEC = {"display_name": f"Python 3 ({PROJECT})", "language": "python", "name": PROJECT}
#: Seconds papermill waits, after a cell's reply, for the rest of its output before it fails the
#: notebook (nbclient's default is 4: a known cause of failures on loaded CI machines,
#: nteract/papermill#426). It is only waited for when the output is late.
IOPUB_TIMEOUT = 60
#: Whether the running report froze the collector's objects (:func:`_warm_pages`), and its lock.
_FROZEN: list = []
_FROZEN_LOCK = threading.Lock()


def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report's notebooks, in the order of their names (``01_…``, ``02_…``).

    Parameters
    ----------
    folder : Path
        Where the notebooks are (default: ``notebooks/``).

    Returns
    -------
    list of Path
        The ``.ipynb`` files whose name starts with a digit, sorted by name.

    Examples
    --------
    >>> [p.name for p in notebooks()][:2]
    ['01_load.ipynb', '02_clean.ipynb']
    """
    return sorted(p for p in folder.glob("[0-9]*.ipynb"))


# --------------------------------------------------------------------------- failures

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"^\s*(?:Cell In\s*\[(\d*)\], line (\d+)|Input In \[(\d*)\],?.*?<cell line: (\d+)>)",
                         re.MULTILINE)
_FILE_FRAME = re.compile(r"^\s*File (.+?):(\d+)(?:, in (\S+))?", re.MULTILINE)


def error_line(exc) -> tuple[int | None, str]:
    """The line of the failing cell that raised.

    Parameters
    ----------
    exc : papermill.exceptions.PapermillExecutionError
        Or anything with its ``traceback``, ``exec_count`` and ``source``.

    Returns
    -------
    tuple of (int or None, str)
        ``(line number, source line)`` of the innermost frame in the failing cell (``Cell In[N],
        line L`` with N the cell's execution count); ``(None, "")`` if not found.

    Examples
    --------
    >>> class Err:
    ...     exec_count, source = 3, "import mod\\nx = 0\\ny = mod.top(x)"
    ...     traceback = ["ZeroDivisionError   Traceback (most recent call last)",
    ...                  "\\x1b[36mCell\\x1b[39m In[3], line 3\\n----> 3 y = mod.top(x)\\n",
    ...                  "File /x/mod.py:2, in top(x)\\n----> 2 return 1 / x\\n"]
    >>> error_line(Err())
    (3, 'y = mod.top(x)')
    """
    text = _ANSI.sub("", "\n".join(getattr(exc, "traceback", None) or []))
    count = getattr(exc, "exec_count", None)
    found = None
    for m in _CELL_FRAME.finditer(text):
        n = m.group(1) if m.group(1) is not None else m.group(3)
        if count is None or not n or n == str(count):
            found = int(m.group(2) or m.group(4))
    if found is None:
        return None, ""
    lines = (getattr(exc, "source", "") or "").splitlines()
    return found, (lines[found - 1].strip() if 0 < found <= len(lines) else "")


def _raised_in(exc) -> str:
    """Where outside the notebook the exception was raised (innermost ``File …:L, in f`` frame),
    if it was raised outside the cell."""
    text = _ANSI.sub("", "\n".join(getattr(exc, "traceback", None) or []))
    frames = list(_FILE_FRAME.finditer(text))
    if not frames:
        return ""
    last = frames[-1]
    if any(m.start() > last.start() for m in _CELL_FRAME.finditer(text)):
        return ""
    func = f", in {last.group(3)}" if last.group(3) else ""
    return f"{display_path(last.group(1))}:{last.group(2)}{func}"


def _cell_number(executed: Path, exc) -> str:
    """The failing cell numbered as in the committed notebook (papermill's injected-parameters
    cell and error banner not counted), e.g. ``cell 7``."""
    try:
        import nbformat

        nb = nbformat.read(executed, as_version=4)
    except Exception:  # the executed copy could not be written or read
        return f"cell index {exc.cell_index}"
    own = [c for c in nb.cells
           if not {"injected-parameters", "papermill-error-cell-tag"} & set(c.metadata.get("tags", []))]
    for test in (lambda c: c.cell_type == "code" and c.get("execution_count") == exc.exec_count
                 and exc.exec_count is not None,
                 lambda c: any(o.get("output_type") == "error" for o in c.get("outputs", []))):
        for number, cell in enumerate(own, 1):
            if test(cell):
                return f"cell {number}"
    return f"cell index {exc.cell_index}"


def failure_message(name: str, executed: Path, exc, cwd: Path | None = None) -> str:
    """What a failing notebook prints: the notebook, cell and line, the error and the executed copy.

    Parameters
    ----------
    name : str
        The notebook's file name.
    executed : Path
        Its executed copy (holding the traceback).
    exc : papermill.exceptions.PapermillExecutionError
        The error papermill raised.
    cwd : Path, optional
        The folder the executed copy is shown relative to (default: the current folder).

    Returns
    -------
    str
        ``error: notebook failed: 03_terms.ipynb, cell 7, line 3: counts = …``, then the
        exception (and where outside the notebook it was raised) and the executed copy.

    Examples
    --------
    >>> class Err:
    ...     cell_index, exec_count, source, ename, evalue = 4, 2, "x = 1 / 0", "ZeroDivisionError", "division by zero"
    ...     traceback = ["Cell In[2], line 1\\n----> 1 x = 1 / 0\\n"]
    >>> print(failure_message("03_terms.ipynb", ROOT / "out" / "03_terms.ipynb", Err(), ROOT))
    error: notebook failed: 03_terms.ipynb, cell index 4, line 1: x = 1 / 0
      ZeroDivisionError: division by zero
    the executed copy with the traceback is out/03_terms.ipynb
    """
    number, line = error_line(exc)
    where = f"{name}, {_cell_number(executed, exc)}"
    if number is not None:
        where += f", line {number}: {line}"
    raised = _raised_in(exc)
    evalue = str(exc.evalue).strip()
    return (f"error: notebook failed: {where}\n"
            f"  {exc.ename}: {evalue}" + (f"\n  (raised in {raised})" if raised else "") + "\n"
            f"the executed copy with the traceback is {message_path(executed, Path(cwd or Path.cwd()))}")


# --------------------------------------------------------------------------- what a run writes

def _relative_paths(executed: Path) -> None:
    """papermill records the notebook's input and output paths in its metadata: keep them
    relative (the package's ``notebooks/…``, the output folder's ``notebooks/…``), so no machine
    path is kept in an executed notebook; drop the times papermill and the kernel record
    (``manifest.json`` holds the run's times) and give the injected parameters cell a fixed id."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    meta = nb.metadata.get("papermill", {})
    if meta.get("input_path"):
        meta["input_path"] = display_path(meta["input_path"])
    if meta.get("output_path"):
        meta["output_path"] = f"{executed.parent.name}/{executed.name}"
    for holder in [meta] + [cell.metadata.get("papermill", {}) for cell in nb.cells]:
        for key in ("start_time", "end_time", "duration"):
            holder.pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        _join_streams(cell)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill's is random: the same run gives the same pages
    atomic_write(executed, lambda tmp: nbformat.write(nb, tmp))


def _join_streams(cell) -> None:
    """Join a code cell's consecutive outputs of one stream: how a kernel splits what a cell
    prints depends on when it flushes, so the same run would give other notebooks and pages.
    (nbclient's ``coalesce_streams`` joins a stream's outputs across a figure too, moving text.)"""
    outputs = []
    for out in cell.get("outputs", []):
        last = outputs[-1] if outputs else None
        if out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream" \
                and last.get("name") == out.get("name"):
            last["text"] += out["text"]
        else:
            outputs.append(out)
    if "outputs" in cell:
        cell["outputs"] = outputs


def _render_html(executed: Path, target: Path, paths: list[Path] | None = None) -> None:
    """The executed notebook as a self-contained HTML page, with links to the index and to the
    pages of the notebooks before and after it in ``paths`` (:func:`analysis.report.render_notebook`)."""
    from .report import page_title, render_notebook

    def link(path: Path) -> tuple[str, str]:
        import nbformat

        first = next((c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"), "")
        return f"{path.stem}.html", page_title(first) or path.stem

    stems = [p.stem for p in paths or []]
    at = stems.index(target.stem) if target.stem in stems else -1
    links = {"index": ("index.html", "Index"),
             "previous": link(paths[at - 1]) if at > 0 else None,
             "next": link(paths[at + 1]) if 0 <= at < len(stems) - 1 else None}
    render_notebook(executed, target, links)


def _write_index(out: Path, names: list[str], record: dict | None = None) -> None:
    """``html/index.html``: the run's corpus and parameters, a section per notebook with its
    figures and tables, every table (:func:`analysis.report.write_index`)."""
    from .report import write_index

    write_index(out, names, record or {})


def _copy_default_figures(out: Path, cwd: Path) -> None:
    """A default run (seeds, no parameter) from a checkout's root refreshes its ``figures/``
    (never from elsewhere, nor into an installed package)."""
    if BUNDLE != ROOT or cwd.resolve() != ROOT or not (ROOT / "figures").is_dir():
        return
    top = ROOT / "figures"
    top.mkdir(exist_ok=True)
    for f in sorted((out / "figures").glob("*")):
        if f.suffix in {".png", ".svg"}:
            shutil.copy2(f, top / f.name)


# --------------------------------------------------------------------------- running

def run(corpus: str | None = None, out: str = "reports", given: list[tuple[str, str]] | None = None,
        cwd: Path | None = None, progress: bool = True, notebook_dir: Path | None = None,
        force: bool = False, kernels: int | None = None) -> int:
    """Execute every notebook on a corpus and write the report (``python -m analysis run``).

    Parameters
    ----------
    corpus : str, optional
        Folder of pages (``.txt``, ``.html``/``.htm``, ``.warc``/``.warc.gz``), one such file, or a
        ``.csv``/``.jsonl``/``.parquet`` file (default: ``seeds/``).
    out : str
        The output folder.
    given : list of (str, str), optional
        Notebook parameters ``(name, value)`` as typed on the command line.
    cwd : Path, optional
        The folder relative paths are taken from (default: the current folder).
    progress : bool
        Show papermill's progress bars (on one kernel; on two, only the ``[i/n] NOTEBOOK`` lines,
        as two kernels' bars would write over each other).
    notebook_dir : Path, optional
        The notebooks to run (default: ``notebooks/``).
    force : bool
        Execute the notebooks even when ``out`` already holds the report of this corpus, these
        parameters and this code (by default nothing is executed, and the HTML pages and index are
        rendered again only if one of them was changed or deleted: :mod:`analysis.freshness`).
    kernels : int, optional
        How many kernels execute the notebooks (default: :func:`analysis.kernel.kernel_count`'s
        choice, two on a machine with two cores or more for a corpus of up to 1 GiB on the
        ``pandas`` engine when the memory holds two notebooks on it, else one). The first notebook
        runs alone; the others run on whichever kernel is free. The outputs are the same.

    Returns
    -------
    int
        The process exit code: 0 done, 1 a notebook failed, 2 a parameter or path refused
        (nothing written), 3 the output folder is in use by another run, 130 interrupted
        (Ctrl-C: the kernels are stopped at once).

    Examples
    --------
    >>> run(out="/tmp/never-written", given=[("top_n", "0")], cwd=ROOT)
    2
    """
    kernel.light_imports()
    cwd = Path(cwd or Path.cwd())
    notebook_dir = Path(notebook_dir or NOTEBOOK_DIR)
    paths = notebooks(notebook_dir)
    if not paths:
        print(f"error: no notebooks found in {display_path(notebook_dir)}", file=sys.stderr)
        return 2
    params = notebook_parameters(paths)
    refused = ([] if kernels is None or (not isinstance(kernels, bool) and isinstance(kernels, int) and kernels >= 1)
               else [f"--kernels must be a whole number of at least 1, not {kernels!r}"])
    try:
        plan = validate(given or [], params, corpus, out, cwd, notebook_dir)
    except ParameterError as exc:
        refused += exc.problems
    if refused:  # every problem at once
        listed = "\n".join(f"  - {p}" for p in refused)
        print(f"error: the run was refused, nothing was written:\n{listed}", file=sys.stderr)
        return 2
    try:
        with output_lock(plan.out):
            return _execute(paths, params, plan, given or [], cwd, progress, force, kernels)
    except LockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:  # the kernels are shut down, the lock released; no manifest is written
        print("error: interrupted; the report is incomplete (run the command again)", file=sys.stderr)
        report.write_failed_index(plan.out, "it was interrupted")
        return 130
    finally:
        _unfreeze()  # frozen while the notebooks ran (_warm_pages): the caller's collections see every object


def _execute_one(path: Path, target: Path, parameters: dict, cwd: Path, progress: bool, km) -> bool:
    """Run one notebook into ``target`` on the run's kernel ``km``; on failure print what failed
    and return ``False``."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        # no cwd= here: the kernel already runs in cwd (kernel.shared_kernel), and papermill's cwd
        # is an os.chdir of this whole process, which two kernels' threads would undo out of order
        pm.execute_notebook(str(path), str(target), parameters=parameters, **kernel.papermill_options(km),
                            progress_bar=progress, log_output=False,
                            request_save_on_cell_execute=False,  # written once, at the end or on an error
                            iopub_timeout=IOPUB_TIMEOUT)  # a minute for a cell's last outputs (IOPUB_TIMEOUT)
    except PapermillExecutionError as exc:
        print(failure_message(path.name, target, exc, cwd), file=sys.stderr)
        return False
    except Exception as exc:  # the kernel died, a cell timed out, ...
        print(f"error: notebook failed: {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return False
    return True


def _execute(paths: list[Path], params: dict, plan: Plan, given: list, cwd: Path, progress: bool,
             force: bool = False, kernels: int | None = None) -> int:
    """Run the notebooks in order, render each as HTML, then the index and the manifest (the lock is
    held); when the folder already holds this very report (:func:`analysis.freshness.reusable`) and
    ``force`` is false, only render its pages again."""
    out_path, values = plan.out, plan.values
    for folder in (out_path, *(out_path / sub for sub in OUTPUT_FOLDERS[:4])):  # a killed run's half-written files
        remove_leftovers(folder)
    started, before = manifest.now(), manifest.snapshot(out_path)
    parameters = manifest.run_parameters(params, values, plan.corpus, out_path, cwd)
    corpus_record = manifest.corpus_digest(plan.corpus)
    files = {name: locate(value, cwd) for name, value in parameters.items()  # the gold file: its contents count
             if value and RULES.get(name) is not None and RULES[name].check == "file_or_empty"}
    wanted = freshness.fingerprint(corpus_record["sha256"], parameters, paths, manifest.versions()[1], files)
    previous = None if force else freshness.reusable(out_path, wanted)
    (out_path / manifest.MANIFEST_FILE).unlink(missing_ok=True)  # a failed run leaves no record of an older one
    if previous is not None:
        print(f"up to date: {message_path(out_path, cwd)} holds the report of this corpus, these parameters and "
              "this code; no notebook is executed (--force executes them)",
              file=sys.stderr)
        return _render_only(paths, previous, out_path, started, cwd)
    for sub in OUTPUT_FOLDERS[:4]:
        (out_path / sub).mkdir(parents=True, exist_ok=True)
    kernels = kernel.kernel_count(kernels, plan.corpus, values.get("engine", "pandas"))
    names = _execute_notebooks(paths, params, values, out_path, cwd, progress, kernels)
    if names is None:  # the front door says so: what the folder holds may be an earlier run's
        report.write_failed_index(out_path)
        return 1
    record = manifest.build_manifest(plan.corpus, out_path, parameters, cwd, started, before, corpus_record)
    written = [f"notebooks/{p.name}" for p in paths] + [t["path"] for t in record["tables"]] + record["figures"]
    record.update(fingerprint=wanted, outputs=freshness.output_digests(out_path, written))
    _write_index(out_path, names, record)
    pages = [f"html/{name}.html" for name in names] + ["html/index.html"]
    record["outputs"] = freshness.output_digests(out_path, [*record["outputs"], *pages])
    if plan.corpus == (BUNDLE / "seeds").resolve() and not given:
        _copy_default_figures(out_path, cwd)
    manifest.write_manifest(out_path, record)
    print(f"report written to {message_path(out_path, cwd)} (open html/index.html)", file=sys.stderr)
    empty = any(t["path"] == "tables/documents.csv" and not t["rows"] for t in record["tables"])
    for line in report.notebook_warnings(out_path, names) + ["no document was read: every file or row was refused "
                                                      "(tables/problems.csv says why)"] * empty:
        print(f"warning: {line}", file=sys.stderr)
    return 0


def _execute_notebooks(paths: list[Path], params: dict, values: dict, out_path: Path, cwd: Path, progress: bool,
                       kernels: int) -> list[str] | None:
    """Execute the notebooks on ``kernels`` kernels (:func:`analysis.kernel.side_by_side`) and
    render each one's HTML page in a thread; the names run, in order, or ``None`` if one failed."""
    side_by_side = min(kernels, len(paths) - 1)
    bars = progress and side_by_side <= 1  # two kernels' cell bars would write over each other
    name = kernel_name()  # before the pages' thread takes the interpreter for its imports
    with ThreadPoolExecutor(max_workers=1) as pages:
        rendered = [pages.submit(_warm_pages)]  # while the kernels start

        def one(km, path: Path, used: bool) -> bool:
            print(f"[{paths.index(path) + 1}/{len(paths)}] {path.name}", file=sys.stderr, flush=True)
            if used:
                kernel.fresh_namespace(km)
            if side_by_side > 1 and path != paths[0]:  # the first notebook runs alone, on every core
                kernel.share_cores(km, side_by_side)
            target = out_path / "notebooks" / path.name
            mine = {k: v for k, v in values.items() if path.name in params.get(k, {}).get("notebooks", [])}
            return _execute_one(path, target, mine, cwd, bars, km)

        def then(km, path: Path) -> bool:  # after each notebook; the first one's while the others start
            target = out_path / "notebooks" / path.name
            _relative_paths(target)
            rendered.append(pages.submit(_render_html, target, out_path / "html" / (path.stem + ".html"), paths))
            return True

        try:
            done = kernel.side_by_side(paths, kernels, one, name, cwd, then,
                                       ready=_new_stage(out_path, "prepare"))
        except BaseException:
            pages.shutdown(wait=False, cancel_futures=True)
            raise
        for page in rendered:
            page.result()
    return [p.stem for p in paths] if done else None


def _new_stage(out: Path, stage: str) -> Callable[[], bool]:
    """Whether a finished ``stage`` has appeared in ``out``'s cache since this call (renamed into place
    once complete, ``cache.stage_parts``): once the first notebook has written it, the others can start."""
    folder = out / CACHE_FOLDER
    before = {p.name for p in folder.glob(f"{stage}-*")}
    return lambda: any(p.name not in before for p in folder.glob(f"{stage}-*"))


def _warm_pages() -> None:
    """In the pages' thread while the kernels start: import what rendering a page needs, then
    leave every object alive so far out of the collector's full passes (``gc.freeze``) for the
    run, which makes many objects (notebooks, messages, pages): the runner's full collections
    took about 0.35 s of a report on ``seeds/`` scanning the modules' objects, again and again."""
    from . import report

    try:
        report.prepare_rendering()
    except Exception:  # noqa: BLE001  (a warm-up: the first page that needs it says what failed)
        pass
    with _FROZEN_LOCK:
        if gc.get_freeze_count() == 0:  # a caller's own freeze is left alone
            gc.collect()  # what is garbage now is collected, not frozen
            gc.freeze()
            _FROZEN.append(True)


def _unfreeze() -> None:
    """Undo :func:`_warm_pages`' freeze, if it froze (``run`` calls it when it returns)."""
    with _FROZEN_LOCK:
        if _FROZEN:
            _FROZEN.clear()
            gc.unfreeze()


def _render_only(paths: list[Path], previous: dict, out_path: Path, started: str, cwd: Path) -> int:
    """The manifest of a report whose notebooks, tables and figures are up to date (the previous
    run's record, with this run's times), and its HTML pages and index again if one of them changed."""
    record = {**previous, "started": started, "finished": None}
    if not freshness.pages_intact(out_path, previous):  # a page was changed or deleted
        (out_path / "html").mkdir(parents=True, exist_ok=True)
        for path in paths:
            _render_html(out_path / "notebooks" / path.name, out_path / "html" / (path.stem + ".html"), paths)
        _write_index(out_path, [p.stem for p in paths], record)
    manifest.write_manifest(out_path, record)
    print(f"report written to {message_path(out_path, cwd)} (open html/index.html)", file=sys.stderr)
    return 0


def refresh_notebooks(paths: list[Path] | None = None, timeout: int = 1200) -> int:
    """Re-execute the committed notebooks in place with their defaults (outputs for nbval).

    Parameters
    ----------
    paths : list of Path, optional
        The notebooks (default: all of :func:`notebooks`).
    timeout : int
        Seconds a cell may run.

    Returns
    -------
    int
        0 when every notebook ran, 1 when one failed (the later ones are not run).

    The kernel runs in a temporary folder, so the default ``output_dir`` (``reports``) is
    written there and thrown away, and ``seeds`` and its gold are the bundled ones.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "01_x.ipynb"
    ...     nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), path)
    ...     code = refresh_notebooks([path])
    ...     nb = nbformat.read(path, as_version=4)
    ...     code, nb.cells[0].outputs[0]["data"]["text/plain"], nb.metadata["kernelspec"]["name"]
    (0, '2', 'berita-coverage')
    """
    import tempfile

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory(prefix=f"{PROJECT}-notebooks-") as scratch:
        for path in paths or notebooks():
            print(f"executing {path.name}", file=sys.stderr, flush=True)
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name(), record_timing=False,
                                    resources={"metadata": {"path": scratch}})
            try:
                client.execute()
            except CellExecutionError as exc:
                print(f"error: notebook {path.name} failed: {exc}", file=sys.stderr)
                return 1
            for cell in nb.cells:
                cell.metadata.pop("execution", None)
            nb.metadata.pop("widgets", None)
            nb.metadata["kernelspec"] = dict(_KERNELSPEC)
            nbformat.write(nb, path)
    return 0


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    prog = "python -m analysis" if Path(sys.argv[0]).name == "__main__.py" else PROJECT
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--version", action="version", version=f"{PROJECT} {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run every notebook on a corpus and write the report")
    r.add_argument("--corpus", help="folder of pages (.txt, .html/.htm, .warc/.warc.gz), one such file, or a "
                                    ".csv/.jsonl/.parquet file (default: seeds/)")
    r.add_argument("--out", default="reports", help="output folder (default: reports/)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help="set a notebook parameter (repeatable)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.add_argument("--kernels", type=int, metavar="N",
                   help="kernels that execute the notebooks side by side after the first one (default: 2 on "
                        "two or more cores for a corpus of up to 1 GiB on the pandas engine when the memory "
                        "holds both, else 1)")
    r.add_argument("--force", action="store_true",
                   help="execute every notebook even when OUT already holds the report of this corpus, "
                        "these parameters and this code (by default nothing is executed then)")
    sub.add_parser("notebooks", help="re-execute the committed notebooks in place (in a checkout)")
    sub.add_parser("parameters", help="list the notebooks' parameters and defaults")
    return p


def main(argv: list[str] | None = None) -> int:
    """The command line ``berita-coverage run|notebooks|parameters`` (or ``python -m analysis``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The process exit code (see :func:`run`; 0 for ``notebooks`` and ``parameters`` that
        succeed).

    Examples
    --------
    >>> main(["parameters"])  # doctest: +ELLIPSIS
    batch_size (int, default 5000): ...
    0
    """
    kernel.light_imports()
    args = _parser().parse_args(argv)
    if args.command == "run":
        return run(args.corpus, args.out, [tuple(p) for p in args.parameter], progress=not args.no_progress,
                   force=args.force, kernels=args.kernels)
    if args.command == "notebooks":
        if BUNDLE != ROOT:
            print("error: `notebooks` rewrites the committed notebooks: run it in a checkout", file=sys.stderr)
            return 2
        code = refresh_notebooks()
        if code == 0:  # and papermill's answers for their parameters cells (parameters.notebook_parameters)
            write_known_parameters(notebooks())
        return code
    if args.command == "parameters":
        if not notebooks():
            print(f"error: no notebooks found in {display_path(NOTEBOOK_DIR)}", file=sys.stderr)
            return 2
        for line in describe_parameters(notebook_parameters(notebooks())):
            print(line)
        return 0
    return 2
