"""Run the whole report: every notebook in ``notebooks/``, in order, with papermill.

``python -m analysis run [--corpus PATH] [--out DIR] [-p NAME VALUE ...]`` writes, under OUT:
``notebooks/`` (executed copies), ``html/`` (renderings and an ``index.html``), ``tables/``
and ``figures/``.

Before any notebook runs and before anything is written, every parameter is checked once,
for all notebooks: its name against the notebooks' ``parameters`` cells (papermill itself
only warns about unknown names), its value converted to the type of the default and checked
against :data:`RULES` (ranges, choices, formats), and the paths: the corpus exists, the
output folder is a folder that can be written and is not the corpus folder nor inside it.
Every problem is listed at once and the run stops with exit code 2, without creating the
output folder. One run at a time writes to an output folder (:func:`output_lock`); a second
one stops with exit code 3. A failing notebook stops the run (exit code 1) naming the
notebook, the cell and the line that raised.

``python -m analysis notebooks`` re-executes the committed notebooks in place with their
default parameters, so that their stored outputs (checked by nbval) follow the code.
"""

from __future__ import annotations

import argparse
import ast
import html
import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

from .clean import LABELS
from .paths import ROOT, display_path
from .pipeline import ENGINES

__all__ = ["main", "run", "notebook_parameters", "convert_parameters", "check_values", "check_paths",
           "validate", "output_lock", "failure_message", "ParameterError", "LockError", "RULES", "Rule",
           "NOTEBOOK_DIR", "LOCK_NAME"]

NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL = "python3"
#: The lock file that keeps two runs from writing to one output folder at once.
LOCK_NAME = ".lock"
#: What a run writes under the output folder (the corpus must not be inside any of these).
WRITTEN = ("notebooks", "html", "tables", "figures", "cache")


class ParameterError(ValueError):
    """Parameter names, values or paths the notebooks do not accept; ``problems`` lists them all."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class LockError(RuntimeError):
    """The output folder is being written by another run."""


class Rule(NamedTuple):
    """What one parameter accepts. ``check`` is one of ``at_least`` (``arg``: the smallest
    integer), ``one_of`` (``arg``: the choices), ``some_of`` (comma-separated, at least one, all
    from ``arg``), ``pattern`` (``arg``: a regular expression the whole value matches),
    ``file_or_empty`` (an existing file or ``""``), ``path`` (checked by :func:`check_paths`) or
    ``any``; ``allowed`` says what is allowed, in the words of the error message."""

    check: str
    arg: object
    allowed: str


#: The one table of what every notebook parameter accepts (beyond the type of its default,
#: which :func:`convert_parameters` enforces). Checked by :func:`check_values` before any
#: notebook runs, so that a bad value never stops the run in notebook 3 after notebooks 1-2
#: have rewritten the tables.
RULES: dict[str, Rule] = {
    "corpus": Rule("path", None, "an existing folder of .txt pages or a .csv/.jsonl/.parquet file"),
    "output_dir": Rule("path", None, "a folder that can be written, not a file, and neither the corpus "
                                     "folder nor inside it"),
    "engine": Rule("one_of", ENGINES, "one of: " + ", ".join(ENGINES)),
    "scheduler": Rule("pattern", r"(?:[a-z][a-z0-9+.-]*://)?[A-Za-z0-9._\[\]:-]+|",
                      "empty (a local cluster) or a Dask scheduler address like tcp://10.0.0.5:8786"),
    "batch_size": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)"),
    "max_page_chars": Rule("at_least", 1000, "an integer of 1000 or more (characters per page)"),
    "languages": Rule("pattern", r"\s*(?:any|[a-z]{2,3}(?:\s*,\s*[a-z]{2,3})*)?\s*",
                      "'any' or comma-separated lower-case ISO 639 codes like id,ms"),
    "default_tz": Rule("pattern", r"[+-](?:0\d|1[0-4]):[0-5]\d",
                       "a UTC offset like +07:00 (from -14:00 to +14:59)"),
    "gold": Rule("file_or_empty", None, "an existing gold JSON file, or an empty string (no scoring)"),
    "examples_per_reason": Rule("at_least", 0, "an integer >= 0"),
    "top_n": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)"),
    "min_count": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)"),
    "extra_stopwords": Rule("any", None, "any comma-separated words"),
    "stem": Rule("any", None, "true or false"),
    "kwic_query": Rule("pattern", r"(?s).*\S.*", "a non-empty term, phrase or actor"),
    "kwic_window": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)"),
    "labels": Rule("some_of", LABELS, "one or more comma-separated line labels out of: " + ", ".join(LABELS)),
}


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
    """Check names against the notebooks' parameters and convert values to the defaults' types.

    Raises :class:`ParameterError` listing every unknown name and unconvertible value."""
    out, problems = {}, []
    valid = sorted(params)
    for name, value in given:
        if name not in params:
            problems.append(f"unknown parameter {name!r}; valid parameters: {', '.join(valid)}")
            continue
        try:
            out[name] = _convert(name, value, params[name]["type"], params[name]["default"])
        except ParameterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ParameterError(problems)
    return out


def _rule_problem(name: str, value, rule: Rule, cwd: Path) -> str | None:
    """What is wrong with ``value`` under ``rule`` (``None``: nothing)."""
    check, arg = rule.check, rule.arg
    if check == "at_least":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= arg
    elif check == "one_of":
        ok = value in arg
    elif check == "some_of":
        items = [v.strip() for v in str(value).split(",") if v.strip()]
        ok = bool(items) and all(v in arg for v in items)
    elif check == "pattern":
        ok = re.fullmatch(arg, str(value)) is not None
    elif check == "file_or_empty":
        ok = value == "" or _existing_file(value, cwd) is not None
    elif check in {"any", "path"}:
        ok = True
    else:
        raise ValueError(f"RULES[{name!r}]: unknown check {check!r}")
    return None if ok else f"parameter {name!r}: {value!r} is not allowed; expected {rule.allowed}"


def _existing_file(value: str, cwd: Path) -> Path | None:
    """``value`` as an existing file: relative to ``cwd``, else to the repository root (as the
    notebooks resolve it)."""
    p = Path(str(value)).expanduser()
    for candidate in ([p] if p.is_absolute() else [cwd / p, ROOT / p]):
        if candidate.is_file():
            return candidate.resolve()
    return None


def check_values(values: dict, cwd: Path | None = None) -> list[str]:
    """The problems of the (converted) parameter ``values`` under :data:`RULES`, one message each.

    >>> check_values({"top_n": 0, "labels": "body,nonsense", "engine": "pandas"})
    ["parameter 'top_n': 0 is not allowed; expected a positive integer (1, 2, 3, ...)", \
"parameter 'labels': 'body,nonsense' is not allowed; expected one or more comma-separated line labels out of: \
title, dek, byline, dateline, caption, body, duplicate, credit, boilerplate"]
    """
    cwd = Path(cwd or Path.cwd())
    problems = []
    for name, value in values.items():
        rule = RULES.get(name)
        problem = rule and _rule_problem(name, value, rule, cwd)
        if problem:
            problems.append(problem)
    return problems


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _shown(path: Path, cwd: Path) -> str:
    """A path in an error message: relative to ``cwd`` when inside it, else absolute."""
    try:
        return path.relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _write_problem(folder: Path, cwd: Path) -> str | None:
    """Why nothing can be written in ``folder`` (or, if it does not exist yet, in its nearest
    existing parent, where it would be created); ``None`` if a temporary file can be."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        if probe == folder:
            return f"{_shown(folder, cwd)} is a file, not a folder"
        return f"{_shown(folder, cwd)} cannot be created: {_shown(probe, cwd)} is a file"
    try:
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        where = "" if probe == folder else f" (it would be created in {_shown(probe, cwd)})"
        return f"{_shown(folder, cwd)} is not writable{where}: {exc.strerror or exc}"
    return None


def check_paths(corpus: Path, out: Path, notebook_dir: Path = NOTEBOOK_DIR, cwd: Path | None = None) -> list[str]:
    """The problems of a run's corpus and output folder (absolute, resolved paths): the corpus
    exists; the output folder is a folder (or can be created) that can be written; it is not the
    corpus folder nor inside it (the pages are read recursively, so the report would be read back
    as pages); the corpus is not in a folder the run rewrites; the executed copies would not
    overwrite the notebooks themselves. Nothing is created or left behind."""
    cwd = Path(cwd or Path.cwd())
    problems = []
    c_name, o_name = "parameter 'corpus' (--corpus)", "parameter 'output_dir' (--out)"
    shown_corpus, shown_out = _shown(corpus, cwd), _shown(out, cwd)
    if not corpus.exists():
        problems.append(f"{c_name}: {shown_corpus} does not exist; expected {RULES['corpus'].allowed}")
    elif corpus.is_dir() and _inside(out, corpus):
        where = "is the corpus folder" if out == corpus else f"is inside the corpus folder {shown_corpus}"
        problems.append(f"{o_name}: {shown_out} {where}; the report's files would be read back as pages: "
                        f"choose an output folder outside the corpus")
    else:
        for sub in WRITTEN:
            if _inside(corpus, out / sub):
                problems.append(f"{c_name}: {shown_corpus} is inside {_shown(out / sub, cwd)}, which the run "
                                f"rewrites: choose another output folder")
    if (out / "notebooks").resolve() == Path(notebook_dir).resolve():
        problems.append(f"{o_name}: {shown_out} would overwrite the notebooks themselves "
                        f"({_shown(out / 'notebooks', cwd)}): choose another output folder")
    problem = _write_problem(out, cwd)
    if problem:
        problems.append(f"{o_name}: {problem}")
    elif out.is_dir():
        for sub in WRITTEN[:4]:
            problem = (out / sub).exists() and _write_problem(out / sub, cwd)
            if problem:
                problems.append(f"{o_name}: {problem}")
    return problems


class Plan(NamedTuple):
    """A validated run: parameter values for the notebooks, the corpus and the output folder."""

    values: dict
    corpus: Path
    out: Path


def validate(given: list[tuple[str, str]], params: dict[str, dict], corpus: str | None = None,
             out: str = "reports", cwd: Path | None = None, notebook_dir: Path = NOTEBOOK_DIR) -> Plan:
    """Every check of a run, done once before anything runs or is written: names, types,
    :data:`RULES` and paths. Raises :class:`ParameterError` listing every problem."""
    cwd = Path(cwd or Path.cwd())
    problems: list[str] = []
    values: dict = {}
    for name, value in given:
        try:
            values.update(convert_parameters([(name, value)], params))
        except ParameterError as exc:
            problems += [p for p in exc.problems if p not in problems]
    problems += check_values(values, cwd)
    corpus = values.pop("corpus", None) or corpus
    out = values.pop("output_dir", None) or out
    corpus_path = (cwd / Path(corpus).expanduser()).resolve() if corpus else (ROOT / "seeds").resolve()
    out_path = (cwd / Path(out).expanduser()).resolve()
    problems += check_paths(corpus_path, out_path, notebook_dir, cwd)
    if problems:
        raise ParameterError(problems)
    if values.get("gold"):
        values["gold"] = _from_root(_existing_file(values["gold"], cwd))
    # the notebooks take relative paths from the repository root (analysis.paths.resolve): passed
    # that way, no absolute path of this machine is written into the executed notebooks and HTML
    values.update({"corpus": _from_root(corpus_path), "output_dir": _from_root(out_path)})
    return Plan(values, corpus_path, out_path)


def _relative_paths(executed: Path) -> None:
    """papermill records the notebook's input and output paths in its metadata: make them
    relative to the repository root, so no machine path is kept in an executed notebook."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    meta = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if meta.get(key):
            meta[key] = _from_root(Path(meta[key]))
    tmp = executed.with_name(f".{executed.name}.tmp-{os.getpid()}")
    nbformat.write(nb, tmp)
    os.replace(tmp, executed)


def _from_root(path: Path) -> str:
    """``path`` relative to the repository root (with ``..`` where outside it), as the notebooks read it."""
    return Path(os.path.relpath(path, ROOT)).as_posix()


# --------------------------------------------------------------------------- one run per folder

def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    except OSError:
        return False
    return True


def _lock_holder(lock: Path) -> tuple[int | None, float]:
    """The pid written in ``lock`` (``None``: empty or unreadable) and the lock's age in seconds."""
    try:
        text = lock.read_text(encoding="ascii", errors="replace").strip()
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        raise
    except OSError:
        return None, float("inf")
    return (int(text) if text.isdigit() else None), age


def _acquire(lock: Path, shown: str) -> None:
    for attempt in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid, age = _lock_holder(lock)
            except FileNotFoundError:  # released meanwhile
                continue
            if (pid is not None and _pid_alive(pid)) or (pid is None and age < 10):
                holder = f"pid {pid}" if pid is not None else "a run that is starting"
                raise LockError(f"another run is writing to {shown}: its lock {shown}/{LOCK_NAME} is held by "
                                f"{holder}; wait for it to finish or choose another --out") from None
            _take_over(lock, pid, shown)
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        return
    raise LockError(f"could not take the lock {shown}/{LOCK_NAME}; is another run starting?")


def _take_over(lock: Path, pid: int | None, shown: str) -> None:
    """Remove a stale lock; a second file taken with O_EXCL keeps two runs from both doing it."""
    guard = lock.with_name(LOCK_NAME + ".takeover")
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        raise LockError(f"another run is taking over the stale lock {shown}/{LOCK_NAME} (remove "
                        f"{shown}/{guard.name} if no run is going)") from None
    try:
        os.close(fd)
        try:
            if _lock_holder(lock)[0] != pid:  # taken by someone else meanwhile: try again
                return
        except FileNotFoundError:
            return
        holder = f"pid {pid} is not running" if pid is not None else "it holds no pid"
        print(f"warning: taking over the stale lock {shown}/{LOCK_NAME} ({holder})", file=sys.stderr)
        lock.unlink(missing_ok=True)
    finally:
        guard.unlink(missing_ok=True)


def _release(lock: Path) -> None:
    try:
        if lock.read_text(encoding="ascii").strip() == str(os.getpid()):
            lock.unlink()
    except OSError:
        pass


@contextmanager
def output_lock(folder: str | Path) -> Iterator[Path]:
    """Hold ``FOLDER/.lock`` (created with ``O_CREAT | O_EXCL``, holding this process's pid)
    while the block runs, so that two runs never write to one output folder at once.

    The folder is created if missing. If another live process holds the lock,
    :class:`LockError` is raised at once, naming the lock file and its pid; a lock left by a
    process that is no longer running is taken over with a warning on stderr. The lock is
    removed when the block ends, also on an error.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with output_lock(d) as lock:
    ...         held = lock.read_text().strip() == str(os.getpid())
    ...     held, lock.exists()
    (True, False)
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    _acquire(lock, _shown(folder.resolve(), Path.cwd()))
    try:
        yield lock
    finally:
        _release(lock)


# --------------------------------------------------------------------------- failures

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"^\s*(?:Cell In\s*\[(\d*)\], line (\d+)|Input In \[(\d*)\],?.*?<cell line: (\d+)>)",
                         re.MULTILINE)
_FILE_FRAME = re.compile(r"^\s*File (.+?):(\d+)(?:, in (\S+))?", re.MULTILINE)


def error_line(exc) -> tuple[int | None, str]:
    """The line of the failing cell that raised: ``(line number, source line)`` from the
    traceback of a papermill ``PapermillExecutionError`` (its innermost frame in that cell,
    ``Cell In[N], line L`` with N the cell's execution count); ``(None, "")`` if not found.

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
    """``error: notebook failed: 03_terms.ipynb, cell 7, line 3: counts = …`` then the exception
    (and where outside the notebook it was raised) and the executed copy holding the traceback."""
    number, line = error_line(exc)
    where = f"{name}, {_cell_number(executed, exc)}"
    if number is not None:
        where += f", line {number}: {line}"
    raised = _raised_in(exc)
    evalue = str(exc.evalue).strip()
    return (f"error: notebook failed: {where}\n"
            f"  {exc.ename}: {evalue}" + (f"\n  (raised in {raised})" if raised else "") + "\n"
            f"the executed copy with the traceback is {_shown(executed, Path(cwd or Path.cwd()))}")


def _render_html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def _write_index(out: Path, names: list[str]) -> None:
    tables = sorted(p.name for p in (out / "tables").glob("*") if p.is_file() and not p.name.startswith("."))
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
    """Execute every notebook; returns the process exit code: 0 done, 1 a notebook failed,
    2 a parameter or path refused (nothing written), 3 the output folder is in use by another run."""
    cwd = Path(cwd or Path.cwd())
    notebook_dir = Path(notebook_dir or NOTEBOOK_DIR)
    paths = notebooks(notebook_dir)
    if not paths:
        print(f"error: no notebooks found in {display_path(notebook_dir)}", file=sys.stderr)
        return 2
    params = notebook_parameters(paths)
    try:
        plan = validate(given or [], params, corpus, out, cwd, notebook_dir)
    except ParameterError as exc:
        listed = "\n".join(f"  - {p}" for p in exc.problems)
        print(f"error: the run was refused, nothing was written:\n{listed}", file=sys.stderr)
        return 2
    try:
        with output_lock(plan.out):
            return _execute(paths, params, plan, given or [], cwd, progress, notebook_dir)
    except LockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


def _execute(paths: list[Path], params: dict, plan: Plan, given: list, cwd: Path, progress: bool,
             notebook_dir: Path) -> int:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    out_path, values = plan.out, plan.values
    for sub in WRITTEN[:4]:
        (out_path / sub).mkdir(parents=True, exist_ok=True)
    names = []
    for i, path in enumerate(paths, 1):
        mine = {k: v for k, v in values.items() if path.name in params.get(k, {}).get("notebooks", [])}
        target = out_path / "notebooks" / path.name
        print(f"[{i}/{len(paths)}] {path.name}", file=sys.stderr, flush=True)
        try:
            pm.execute_notebook(str(path), str(target), parameters=mine, kernel_name=KERNEL,
                                cwd=str(notebook_dir), progress_bar=progress, log_output=False)
        except PapermillExecutionError as exc:
            print(failure_message(path.name, target, exc, cwd), file=sys.stderr)
            return 1
        except Exception as exc:  # the kernel died, a cell timed out, ...
            print(f"error: notebook failed: {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        _relative_paths(target)
        _render_html(target, out_path / "html" / (path.stem + ".html"))
        names.append(path.stem)
    _write_index(out_path, names)
    default_run = plan.corpus == (ROOT / "seeds").resolve() and not given
    if default_run:
        top = ROOT / "figures"
        top.mkdir(exist_ok=True)
        for f in sorted((out_path / "figures").glob("*")):
            if f.suffix in {".png", ".svg"}:
                shutil.copy2(f, top / f.name)
    print(f"report written to {_shown(out_path, cwd)} (open html/index.html)", file=sys.stderr)
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
            rule = RULES.get(name)
            allowed = f" Allowed: {rule.allowed}." if rule and rule.check != "any" else ""
            print(f"{name} ({_kind(info['type'], info['default'])}, default {info['default']}): {info['help']}."
                  f"{allowed} [{', '.join(info['notebooks'])}]")
        return 0
    return 2
