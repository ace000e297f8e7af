"""The package stays readable: small modules and functions, few public names, documented entry
points, and tests and benchmarks that use public names only (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import analysis

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analysis"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
MAX_MODULE_LINES = 650
MAX_FUNCTION_LINES = 60
MAX_PUBLIC_NAMES = 12


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _public_functions(module):
    for name in getattr(module, "__all__", ()):
        value = getattr(module, name)
        if (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__.startswith("analysis"):
            yield name, value


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


def _code_lines(node) -> int:
    """Lines of a function without its docstring (the example in a docstring is documentation)."""
    lines = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        lines -= first.end_lineno - first.lineno + 1
    return lines


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_functions_are_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"{node.name} ({_code_lines(node)} lines)" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _code_lines(node) > MAX_FUNCTION_LINES]
    assert not long, f"{_name(path)}: {', '.join(long)}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_public_names_are_few_and_documented(path):
    module = importlib.import_module(_name(path))
    names = getattr(module, "__all__", None)
    if path.name == "__init__.py" and path.parent == PACKAGE:
        return  # the package lists its stage modules
    assert names is not None or path.name.startswith("_") or path.name == "__main__.py", \
        f"{_name(path)} has no __all__"
    assert len(names or ()) <= MAX_PUBLIC_NAMES, f"{_name(path)} exports {len(names)} names"
    if path.name.startswith("_"):
        return  # a private module: its names serve the public module next to it
    undocumented = [name for name, value in _public_functions(module) if not _documented(value)]
    assert not undocumented, f"{_name(path)}: no Parameters/Returns/example in {undocumented}"


def _documented(value) -> bool:
    """A function documents Parameters, Returns and an example; a class its Parameters or
    Attributes; an exception says when it is raised."""
    doc = value.__doc__ or ""
    if inspect.isclass(value) and issubclass(value, Exception):
        return bool(doc.strip())
    if inspect.isclass(value):
        return "Parameters" in doc or "Attributes" in doc
    takes = [name for name in inspect.signature(value).parameters if name not in ("self", "cls")]
    return all(part in doc for part in ("Returns", ">>>")) and ("Parameters" in doc or not takes)


def test_the_package_exposes_its_stage_modules():
    for name in analysis.MODULES:
        assert inspect.ismodule(getattr(analysis, name)), name


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py")),
                         ids=lambda p: p.name)
def test_tests_and_benchmarks_use_public_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
            private |= {alias.name for alias in node.names if alias.name.startswith("_")}
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
              and isinstance(node.value, ast.Name) and node.value.id in _analysis_modules(tree)):
            private.add(f"{node.value.id}.{node.attr}")
    assert not private, f"{path.name} uses private names: {sorted(private)}"


def _analysis_modules(tree) -> set[str]:
    """The local names bound to analysis modules by the file's imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.asname or alias.name for alias in node.names if alias.name.startswith("analysis")}
    return names
