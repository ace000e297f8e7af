"""The notebooks' parameters: what each accepts, and the one check of a run before it starts.

Before any notebook runs and before anything is written, every parameter is checked once,
for all notebooks: its name against the notebooks' ``parameters`` cells (papermill itself
only warns about unknown names, :func:`notebook_parameters`), its value converted to the
parameter's type (``RULES[name].kind``; :func:`convert_parameters`) and checked against
:data:`RULES` (ranges, choices, formats; :func:`check_values`), and the paths and the Dask
scheduler (:func:`check_paths`, :func:`validate`): the corpus exists, the output folder can be
written and is not in the corpus folder, a scheduler given answers.
:func:`validate` does all of it for ``python -m analysis run`` and raises one
:class:`ParameterError` listing every problem; :func:`check_notebook` does the same checks,
with the same messages, inside a notebook run by papermill or JupyterLab (``notebook.setup``).
Relative paths are taken from the working directory (:mod:`analysis.paths`).

>>> check_values({"top_n": 5, "engine": "pandas"})
[]
"""

from __future__ import annotations

import ast
import os
import re
import tempfile
from pathlib import Path
from typing import NamedTuple

from .config import ENGINES, LABELS, RunConfig
from .corpus_files import corpus_problems
from .engine import scheduler_problem
from .paths import BUNDLE, NOTEBOOK_DIR, OUTPUT_FOLDERS, locate, message_path, parameter_path, resolve

__all__ = ["Rule", "RULES", "ParameterError", "Plan", "notebook_parameters", "write_known_parameters",
           "convert_parameters", "check_values", "check_paths", "validate", "check_notebook", "describe_parameters"]


class ParameterError(ValueError):
    """Parameter names, values or paths the notebooks do not accept; ``problems`` lists them all.

    Parameters
    ----------
    problems : list of str or str
        One message per problem.

    Examples
    --------
    >>> ParameterError(["a is wrong", "b is wrong"]).problems
    ['a is wrong', 'b is wrong']
    """

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class Rule(NamedTuple):
    """What one parameter accepts.

    Parameters
    ----------
    check : str
        ``at_least`` (``arg``: the smallest integer), ``one_of`` (``arg``: the choices),
        ``some_of`` (comma-separated, at least one, all from ``arg``), ``pattern`` (``arg``: a
        regular expression the whole value matches), ``languages`` and ``columns`` (``pattern``
        unless ``arg`` is None, and what ``RunConfig`` takes), ``file_or_empty`` (an existing file
        or ``""``), ``fraction`` (above 0, at most 1), ``path`` (:func:`check_paths`) or ``any``.
    arg : object
        The bound, choices or pattern of the check.
    allowed : str
        What is allowed, in the words of the error message.
    kind : str
        The value's type: ``str``, ``int``, ``float`` or ``bool`` (the annotation in the
        notebooks' parameters cells, which ``papermill --help-notebook`` shows).

    Examples
    --------
    >>> RULES["top_n"].check, RULES["top_n"].arg, RULES["top_n"].kind
    ('at_least', 1, 'int')
    """

    check: str
    arg: object
    allowed: str
    kind: str = "str"


#: What every notebook parameter accepts beyond the type of its default (:func:`convert_parameters`),
#: checked before any notebook runs (:func:`check_values`): a bad value never stops notebook 3.
RULES: dict[str, Rule] = {
    "corpus": Rule("path", None, "an existing folder of pages (.txt, .html, .htm, .warc, .warc.gz), one such file, "
                   "or a .csv/.jsonl/.parquet file"),
    "output_dir": Rule("path", None, "a folder that can be written, not a file, and neither the corpus folder nor in it"),
    "engine": Rule("one_of", ENGINES, "one of: " + ", ".join(ENGINES)),
    "scheduler": Rule("pattern", r"(?:[a-z][a-z0-9+.-]*://)?(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}|",
                      "empty (a local cluster) or a Dask scheduler address with its port, like tcp://10.0.0.5:8786"),
    "batch_size": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)", "int"),
    "workers": Rule("at_least", 0, "0 (one per core) or a positive integer", "int"),
    "max_page_chars": Rule("at_least", 1000, "an integer of 1000 or more (characters per page)", "int"),
    "languages": Rule("languages", r"\s*(?:any|[a-z]{2}(?:\s*,\s*[a-z]{2})*)?\s*",
                      "'any' or comma-separated ISO 639-1 codes (two lower-case letters) like id,ms"),
    "columns": Rule("columns", None, "empty, or NAME=COLUMN pairs like text=isi,title=judul (the suite's name, '=', the file's)"),
    "default_tz": Rule("pattern", r"[+-](?:0\d|1[0-4]):[0-5]\d",
                       "a UTC offset like +07:00 (from -14:00 to +14:59)"),
    "gold": Rule("file_or_empty", None, "an existing gold JSON file, or an empty string (no scoring)"),
    "examples_per_reason": Rule("at_least", 0, "an integer >= 0", "int"),
    "top_n": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)", "int"),
    "similarity": Rule("fraction", None, "a number above 0 and at most 1 (a share of word 5-shingles)", "float"),
    "min_count": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)", "int"),
    "extra_stopwords": Rule("any", None, "any comma-separated words"),
    "stem": Rule("any", None, "true or false", "bool"),
    "kwic_query": Rule("pattern", r"(?s).*\S.*", "a non-empty term, phrase or actor"),
    "kwic_window": Rule("at_least", 1, "a positive integer (1, 2, 3, ...)", "int"),
    "labels": Rule("some_of", LABELS, "one or more comma-separated line labels out of: " + ", ".join(LABELS)),
}


class Plan(NamedTuple):
    """A validated run (made by :func:`validate`).

    Parameters
    ----------
    values : dict
        Parameter values for the notebooks (``corpus``, ``output_dir`` and ``gold`` relative
        to the working directory the notebooks run in).
    corpus : Path
        The corpus, absolute and resolved.
    out : Path
        The output folder, absolute and resolved.

    Examples
    --------
    >>> Plan({}, BUNDLE / "seeds", BUNDLE / "reports").out.name
    'reports'
    """

    values: dict
    corpus: Path
    out: Path


# --------------------------------------------------------------------------- names and types

def notebook_parameters(paths: list[Path]) -> dict[str, dict]:
    """The parameters of the notebooks ``paths``, read from their ``parameters`` cells.

    papermill's ``inspect_notebook`` reads them; for a ``parameters`` cell it has read before
    (the same source, kernel, language and papermill version: ``data/notebook_parameters.json``, which
    ``python -m analysis notebooks`` writes for the bundled notebooks) its answer is taken from
    there, so that a run need not import papermill before its kernels start.

    Parameters
    ----------
    paths : list of Path
        The notebooks.

    Returns
    -------
    dict
        Parameter name → ``{"default", "type", "help", "notebooks"}``: the default as written
        in the first notebook that has it, papermill's inferred type name, its comment and the
        names of the notebooks that take it.

    Examples
    --------
    >>> params = notebook_parameters([NOTEBOOK_DIR / "01_load.ipynb"])
    >>> params["corpus"]["notebooks"]
    ['01_load.ipynb']
    """
    known = _known_parameters()
    params: dict[str, dict] = {}
    for path in paths:
        found = known.get(_parameters_key(path))
        if found is None:
            found = _inspected(path)
        for name, info in found.items():
            entry = params.setdefault(name, {"default": info["default"], "type": info["inferred_type_name"],
                                             "help": info.get("help", ""), "notebooks": []})
            entry["notebooks"].append(path.name)
    return params


#: papermill's answers for the bundled notebooks' ``parameters`` cells (:func:`notebook_parameters`).
PARAMETERS_FILE = Path(__file__).resolve().parent / "data" / "notebook_parameters.json"


def _inspected(path: Path) -> dict[str, dict]:
    """papermill's ``inspect_notebook`` of ``path``: name → default, inferred type name, help."""
    import papermill as pm

    return {name: {k: info.get(k, "") for k in ("default", "inferred_type_name", "help")}
            for name, info in pm.inspect_notebook(str(path)).items()}


def _parameters_key(path: Path) -> str:
    """What papermill's answer for ``path`` depends on, hashed: the source of its first cell
    tagged ``parameters``, the notebook's kernel name and language (papermill picks its
    translator by them) and papermill's version."""
    import hashlib
    import json
    from importlib.metadata import version

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    source = "" if cell is None else "".join(cell.get("source", ""))
    metadata = nb.get("metadata", {})
    kernel = metadata.get("kernelspec", {}).get("name")
    language = metadata.get("kernelspec", {}).get("language") or metadata.get("language_info", {}).get("name")
    key = json.dumps([source, kernel, language, version("papermill")], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _known_parameters() -> dict[str, dict]:
    """The answers of :data:`PARAMETERS_FILE` by key ({} when it is missing or unreadable)."""
    import json

    try:
        return json.loads(PARAMETERS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_known_parameters(paths: list[Path], target: Path | None = None) -> Path:
    """Record papermill's answers for the ``parameters`` cells of ``paths`` (in :data:`PARAMETERS_FILE`).

    Parameters
    ----------
    paths : list of Path
        The notebooks (``python -m analysis notebooks`` passes the bundled ones).
    target : Path, optional
        The file to write; default :data:`PARAMETERS_FILE`, where :func:`notebook_parameters` reads.

    Returns
    -------
    Path
        The file written (cells by key, each cell's parameters in its order: the same
        notebooks give the same bytes).

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     written = write_known_parameters([NOTEBOOK_DIR / "01_load.ipynb"], Path(d) / "known.json")
    ...     list(json.loads(written.read_text()).values())[0]["corpus"]["inferred_type_name"]
    'str'
    """
    import json

    from .atomic import atomic_write

    known = dict(sorted(((_parameters_key(p), _inspected(p)) for p in paths), key=lambda item: item[0]))
    text = json.dumps(known, indent=1, ensure_ascii=False) + "\n"
    return atomic_write(target or PARAMETERS_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _kind(name: str, kind: str | None = None, default: str = "''") -> str:
    """The parameter's type: its rule's, else papermill's inferred type (from an annotation),
    else the default's."""
    if name in RULES:
        return RULES[name].kind
    if kind and kind != "None":
        return kind.lower()
    try:
        return type(ast.literal_eval(default)).__name__
    except (ValueError, SyntaxError):
        return "str"


_TYPES = {"int": int, "float": float, "bool": bool, "str": str}


def _coerce(name: str, value, kind: str):
    """A value as papermill or JupyterLab passed it, in the parameter's type (papermill's ``-p``
    makes ``2023`` an int and ``true`` a string): converted as the command line converts text."""
    wanted = _TYPES.get(kind)
    if wanted and isinstance(value, wanted) and not (wanted is not bool and isinstance(value, bool)):
        return value
    if isinstance(value, bool) and kind in {"int", "float"}:
        raise ParameterError(f"parameter {name!r}: expected {kind}, got {value!r}")
    return _convert(name, value if isinstance(value, str) else str(value), kind)


def _convert(name: str, value: str, kind: str):
    """``value`` converted to the type ``kind``; :class:`ParameterError` if it cannot be."""
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
        raise ParameterError(f"parameter {name!r}: expected {kind}, got {value!r}") from None
    return value


def convert_parameters(given: list[tuple[str, str]], params: dict[str, dict]) -> dict:
    """Check names against the notebooks' parameters and convert values to the defaults' types.

    Parameters
    ----------
    given : list of (str, str)
        ``(name, value)`` pairs as typed on the command line.
    params : dict
        The notebooks' parameters (:func:`notebook_parameters`).

    Returns
    -------
    dict
        Name → converted value. Raises :class:`ParameterError` listing every unknown name and
        unconvertible value.

    Examples
    --------
    >>> params = {"top_n": {"type": "None", "default": "20"}, "stem": {"type": "None", "default": "False"}}
    >>> convert_parameters([("top_n", "30"), ("stem", "yes")], params)
    {'top_n': 30, 'stem': True}
    """
    out, problems = {}, []
    valid = sorted(params)
    for name, value in given:
        if name not in params:
            problems.append(f"unknown parameter {name!r}; valid parameters: {', '.join(valid)}")
            continue
        try:
            out[name] = _convert(name, value, _kind(name, params[name]["type"], params[name]["default"]))
        except ParameterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ParameterError(problems)
    return out


def describe_parameters(params: dict[str, dict]) -> list[str]:
    """One line per parameter for ``python -m analysis parameters``: type, default, help, rule.

    Parameters
    ----------
    params : dict
        The notebooks' parameters (:func:`notebook_parameters`).

    Returns
    -------
    list of str
        ``NAME (TYPE, default DEFAULT): HELP. Allowed: ... [NOTEBOOKS]``, sorted by name.

    Examples
    --------
    >>> describe_parameters({"top_n": {"type": "None", "default": "20", "help": "terms shown",
    ...                                "notebooks": ["03_terms.ipynb"]}})
    ['top_n (int, default 20): terms shown. Allowed: a positive integer (1, 2, 3, ...). [03_terms.ipynb]']
    """
    lines = []
    for name, info in sorted(params.items()):
        rule = RULES.get(name)
        allowed = f" Allowed: {rule.allowed}." if rule and rule.check != "any" else ""
        lines.append(f"{name} ({_kind(name, info['type'], info['default'])}, default {info['default']}): {info['help']}."
                     f"{allowed} [{', '.join(info['notebooks'])}]")
    return lines


# --------------------------------------------------------------------------- values
_LARGEST = {"workers": 1024}  # an integer parameter's largest value (else a C int's)

def _rule_problem(name: str, value, rule: Rule, cwd: Path) -> str | None:
    """What is wrong with ``value`` under ``rule`` (``None``: nothing)."""
    check, arg = rule.check, rule.arg
    if check == "at_least":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= arg
        if ok and value > _LARGEST.get(name, 2**31 - 1):  # what the libraries take
            return f"parameter {name!r}: {value} is too large (at most {_LARGEST.get(name, 2**31 - 1):,})"
    elif check == "fraction":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1
    elif check == "one_of":
        ok = value in arg
    elif check == "some_of":
        items = [v.strip() for v in str(value).split(",") if v.strip()]
        ok = bool(items) and all(v in arg for v in items)
    elif check in {"pattern", "languages", "columns"}:  # the last two: also RunConfig's own check of the field
        ok = arg is None or re.fullmatch(arg, str(value)) is not None
        refused = ok and check != "pattern" and _refusal(check, value)
        if refused:
            return f"parameter {name!r}: {value!r} is not allowed; {refused}"
    elif check == "file_or_empty":
        ok = value == "" or _existing_file(value, cwd) is not None
    elif check in {"any", "path"}:
        ok = True
    else:
        raise ValueError(f"RULES[{name!r}]: unknown check {check!r}")
    return None if ok else f"parameter {name!r}: {value!r} is not allowed; expected {rule.allowed}"


def _refusal(field: str, value) -> str:
    """Why ``RunConfig`` refuses ``value`` as its ``field`` (a code that is no ISO 639-1 code ...), or ""."""
    try:
        return RunConfig(**{field: str(value)}) and ""
    except ValueError as exc:
        return str(exc).removeprefix(f"parameter {field}: ")


def _existing_file(value: str, cwd: Path) -> Path | None:
    """``value`` as an existing file that can be read, found as the notebooks find it (:func:`analysis.paths.locate`)."""
    found = locate(str(value), cwd)
    return found.resolve() if found.is_file() and os.access(found, os.R_OK) else None


def check_values(values: dict, cwd: Path | None = None) -> list[str]:
    """The problems of the (converted) parameter ``values`` under :data:`RULES`, one message each.

    Parameters
    ----------
    values : dict
        Parameter name → converted value (:func:`convert_parameters`); names without a rule
        are not checked.
    cwd : Path, optional
        The folder relative file parameters (``gold``) are taken from (default: the current
        folder; the bundled gold is found wherever the package is installed).

    Returns
    -------
    list of str
        One message per refused value, in the order of ``values``; empty if all are allowed.

    Examples
    --------
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


# --------------------------------------------------------------------------- paths

def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _write_problem(folder: Path, cwd: Path) -> str | None:
    """Why nothing can be written in ``folder`` (or, if it does not exist yet, in its nearest
    existing parent, where it would be created); ``None`` if a temporary file can be."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        if probe == folder:
            return f"{message_path(folder, cwd)} is a file, not a folder"
        return f"{message_path(folder, cwd)} cannot be created: {message_path(probe, cwd)} is a file"
    try:
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        where = "" if probe == folder else f" (it would be created in {message_path(probe, cwd)})"
        return f"{message_path(folder, cwd)} is not writable{where}: {exc.strerror or exc}"
    return None


def _place_problems(corpus: Path, out: Path, notebook_dir: Path | None, cwd: Path) -> list[str]:
    """Where the corpus and the output folder are, against each other and the notebooks."""
    problems = []
    c_name, o_name = "parameter 'corpus' (--corpus)", "parameter 'output_dir' (--out)"
    shown_corpus, shown_out = message_path(corpus, cwd), message_path(out, cwd)
    if not corpus.exists():
        problems.append(f"{c_name}: {shown_corpus} does not exist; expected {RULES['corpus'].allowed}")
    elif corpus.is_dir() and _inside(out, corpus):
        where = "is the corpus folder" if out == corpus else f"is inside the corpus folder {shown_corpus}"
        problems.append(f"{o_name}: {shown_out} {where}; the report's files would be read back as pages: "
                        f"choose an output folder outside the corpus")
    else:
        for sub in OUTPUT_FOLDERS:
            if _inside(corpus, out / sub):
                problems.append(f"{c_name}: {shown_corpus} is inside {message_path(out / sub, cwd)}, which the "
                                f"run rewrites: choose another output folder")
    if notebook_dir is not None and (out / "notebooks").resolve() == Path(notebook_dir).resolve():
        problems.append(f"{o_name}: {shown_out} would overwrite the notebooks themselves "
                        f"({message_path(out / 'notebooks', cwd)}): choose another output folder")
    return problems


def check_paths(corpus: Path, out: Path, notebook_dir: Path | None = NOTEBOOK_DIR,
                cwd: Path | None = None, columns: str = "") -> list[str]:
    """The problems of a run's corpus and output folder; nothing is created or left behind.

    The corpus exists; the output folder is a folder (or can be created) that can be written;
    it is not the corpus folder nor inside it (the pages are read recursively, so the report
    would be read back as pages); the corpus is not in a folder the run rewrites; the executed
    copies would not overwrite the notebooks themselves; a table has the ``columns`` named.

    Parameters
    ----------
    corpus, out : Path
        The corpus and the output folder, absolute and resolved.
    notebook_dir : Path or None
        The notebooks the run executes (``None``: a notebook checking its own parameters,
        whose executed copy papermill writes).
    cwd : Path, optional
        The folder paths in messages are shown relative to (default: the current folder).
    columns : str
        The ``columns`` parameter (one it does not allow is left to :data:`RULES`).

    Returns
    -------
    list of str
        One message per problem; empty if the paths are fine.

    Examples
    --------
    >>> check_paths(BUNDLE / "seeds", BUNDLE / "seeds" / "report", cwd=BUNDLE)
    ["parameter 'output_dir' (--out): seeds/report is inside the corpus folder seeds; the report's files \
would be read back as pages: choose an output folder outside the corpus"]
    """
    cwd = Path(cwd or Path.cwd())
    o_name = "parameter 'output_dir' (--out)"
    problems = _place_problems(corpus, out, notebook_dir, cwd)
    problems += [f"parameter 'corpus' (--corpus): {p}" for p in corpus_problems(corpus, columns)]  # not in notebook 01
    problem = _write_problem(out, cwd)
    if problem:
        problems.append(f"{o_name}: {problem}")
    elif out.is_dir():
        for sub in OUTPUT_FOLDERS[:4]:
            problem = (out / sub).exists() and _write_problem(out / sub, cwd)
            if problem:
                problems.append(f"{o_name}: {problem}")
    return problems


# --------------------------------------------------------------------------- everything at once

def validate(given: list[tuple[str, str]], params: dict[str, dict], corpus: str | None = None,
             out: str = "reports", cwd: Path | None = None, notebook_dir: Path = NOTEBOOK_DIR) -> Plan:
    """Every check of a run, done once before anything runs or is written.

    Names, types, :data:`RULES` and paths; raises :class:`ParameterError` listing every problem.

    Parameters
    ----------
    given : list of (str, str)
        ``(name, value)`` pairs from the command line (``-p NAME VALUE``).
    params : dict
        The notebooks' parameters (:func:`notebook_parameters`).
    corpus : str, optional
        ``--corpus`` (default: ``seeds``, the bundled seeds unless ``cwd`` has a ``seeds``);
        a ``corpus`` parameter in ``given`` wins.
    out : str
        ``--out``; an ``output_dir`` parameter in ``given`` wins.
    cwd : Path, optional
        The folder relative paths are taken from (default: the current folder); the notebooks
        then run there.
    notebook_dir : Path
        The notebooks the run executes.

    Returns
    -------
    Plan
        The converted values (with ``corpus``, ``output_dir`` and ``gold`` relative to
        ``cwd``, or a bundled default's name, as the notebooks read them there, so no machine
        path reaches their outputs), and the absolute corpus and output folder.

    Examples
    --------
    >>> params = {"top_n": {"type": "None", "default": "20"}}
    >>> plan = validate([("top_n", "5")], params, "seeds", "reports", cwd=BUNDLE)
    >>> plan.values
    {'top_n': 5, 'corpus': 'seeds', 'output_dir': 'reports'}
    """
    cwd = Path(cwd or Path.cwd())
    problems: list[str] = []
    values: dict = {}
    for name, value in given:
        try:
            values.update(convert_parameters([(name, value)], params))
        except ParameterError as exc:
            problems += [p for p in exc.problems if p not in problems]
    problems += check_values(values, cwd)
    reach = not problems and values.get("engine") == "dask" and scheduler_problem(values.get("scheduler") or "")
    problems += [f"parameter 'scheduler': {reach}"] if reach else []  # (the client would wait 30 s, in notebook 1)
    corpus_path = locate(values.pop("corpus", None) or corpus or "seeds", cwd).resolve()
    out_path = resolve(values.pop("output_dir", None) or out, cwd).resolve()
    problems += check_paths(corpus_path, out_path, notebook_dir, cwd, str(values.get("columns", "")))
    if problems:
        raise ParameterError(problems)
    if values.get("gold"):
        values["gold"] = parameter_path(_existing_file(values["gold"], cwd), cwd)
    # relative to cwd, where the notebooks run: no absolute path in the executed notebooks and HTML
    values.update({"corpus": parameter_path(corpus_path, cwd), "output_dir": Path(os.path.relpath(out_path, cwd)).as_posix()})
    return Plan(values, corpus_path, out_path)


def check_notebook(values: dict, cwd: Path | None = None) -> dict:
    """A notebook's own check of its parameters (``notebook.setup``): what :func:`validate` checks.

    Types (papermill's ``-p`` guesses them: ``-p kwic_query 2023`` gives an int, ``-p stem
    true`` a string; each is converted to the parameter's type as the command line converts
    text), :data:`RULES` and, when ``corpus`` and ``output_dir`` are given, the paths, with the
    messages of :func:`validate` (a Dask scheduler is left to the run). Nothing is written.

    Parameters
    ----------
    values : dict
        The notebook's parameters as it received them (names without a rule are kept as given).
    cwd : Path, optional
        The kernel's working directory, which relative paths are taken from (default: the
        current folder).

    Returns
    -------
    dict
        The values converted to their types. Raises :class:`ParameterError` listing every problem.

    Examples
    --------
    >>> check_notebook({"top_n": "5", "stem": "true", "kwic_query": 2023})
    {'top_n': 5, 'stem': True, 'kwic_query': '2023'}
    >>> check_notebook({"top_n": 0, "similarity": "most"})
    Traceback (most recent call last):
    ...
    analysis.parameters.ParameterError: parameter 'similarity': expected float, got 'most'
    parameter 'top_n': 0 is not allowed; expected a positive integer (1, 2, 3, ...)
    """
    cwd = Path(cwd or Path.cwd())
    problems: list[str] = []
    converted: dict = {}
    for name, value in values.items():
        try:
            converted[name] = _coerce(name, value, RULES[name].kind) if name in RULES else value
        except ParameterError as exc:
            problems += exc.problems
    problems += check_values(converted, cwd)
    if {"corpus", "output_dir"} <= set(converted):
        corpus_path = locate(converted["corpus"], cwd).resolve()
        problems += check_paths(corpus_path, resolve(converted["output_dir"], cwd).resolve(), None, cwd,
                                str(converted.get("columns", "")))
    if problems:
        raise ParameterError(problems)
    return converted
