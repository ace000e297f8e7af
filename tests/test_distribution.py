"""The distribution `berita-coverage`: what the wheel and the sdist carry, what it depends on,
and the installed package run as a user would, from a folder that is not the repository.

The wheel is built from a copy of the checkout with the setuptools of this environment (no
network, no build isolation); it is installed into a fresh venv that sees this environment's
packages only as its dependencies (a ``.pth`` file, and a link to nbconvert's templates), so
the installed ``analysis`` is the wheel's own and the notebooks, seeds, gold and kernel are
found where the wheel put them.
"""

from __future__ import annotations

import ast
import email
import importlib.metadata
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.config import PROJECT
from analysis.parameters import describe_parameters, notebook_parameters
from analysis.paths import BUNDLED
from analysis.runner import notebooks

ROOT = Path(__file__).resolve().parent.parent
VERSION = analysis.__version__
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
SEEDS = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
DATA = sorted(p.name for p in (ROOT / "analysis" / "data").iterdir() if p.is_file())
KERNEL_JSON = ROOT / "jupyter" / "kernels" / PROJECT / "kernel.json"
_SKIP = shutil.ignore_patterns(".git", ".venv", "reports", "benchmarks", "__pycache__", "build", "*.egg-info",
                               ".pytest_cache", ".hypothesis", ".cache", ".ipynb_checkpoints")


def _clean_env(**extra) -> dict:
    """This process's environment without the checkout on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONHASHSEED="0", **extra)
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The wheel and the sdist, built from a copy of the checkout."""
    source, out = tmp_path_factory.mktemp("source") / "src", tmp_path_factory.mktemp("dist")
    shutil.copytree(ROOT, source, ignore=_SKIP)
    code = ("import sys; from setuptools import build_meta as b; out = sys.argv[1]; "  # build_meta rewrites sys.argv
            "built = [b.build_sdist(out), b.build_wheel(out)]; print('built:', *built)")
    proc = subprocess.run([sys.executable, "-c", code, str(out)], cwd=source, capture_output=True, text=True,
                          timeout=300, env=_clean_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    sdist, wheel = proc.stdout.rsplit("built: ", 1)[1].split()
    return {"wheel": out / wheel, "sdist": out / sdist}


def test_the_wheel_carries_notebooks_seeds_rules_gold_and_kernel(dist):
    names = set(zipfile.ZipFile(dist["wheel"]).namelist())
    assert dist["wheel"].name == f"berita_coverage-{VERSION}-py3-none-any.whl"
    expected = ({f"analysis/_bundle/notebooks/{n}" for n in NOTEBOOKS}
                | {f"analysis/_bundle/seeds/{n}" for n in SEEDS}
                | {f"analysis/data/{n}" for n in DATA}
                | {f"analysis/_bundle/{name}" for name in BUNDLED if name != "seeds"}
                | {f"berita_coverage-{VERSION}.data/data/share/jupyter/kernels/{PROJECT}/kernel.json"})
    assert expected <= names, sorted(expected - names)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "analysis").rglob("*.py")}
    assert modules <= names, f"modules missing from the wheel (list their package in pyproject.toml): " \
                             f"{sorted(modules - names)}"
    assert not [n for n in names if "/unseen/" in n or n.startswith(("tests/", "benchmarks/"))]
    assert len(NOTEBOOKS) == 6 and len(SEEDS) == 5


def test_the_wheel_declares_its_name_command_and_extras(dist):
    with zipfile.ZipFile(dist["wheel"]) as z:
        info = f"berita_coverage-{VERSION}.dist-info"
        meta = email.message_from_bytes(z.read(f"{info}/METADATA"))
        entry_points = z.read(f"{info}/entry_points.txt").decode()
    assert meta["Name"] == PROJECT and meta["Version"] == VERSION
    assert f"{PROJECT} = analysis.__main__:cli" in entry_points
    runtime = {re.split(r"[\s<>=!~;\[]", r)[0].lower() for r in meta.get_all("Requires-Dist") if "extra ==" not in r}
    assert {"pandas", "papermill", "ipykernel", "nbconvert", "datasketch"} <= runtime
    assert not runtime & {"pytest", "nbval", "hypothesis", "justext", "dateparser", "scikit-learn", "trafilatura",
                          "jupyterlab"}
    assert set(meta.get_all("Provides-Extra")) == {"test", "bench", "lab"}


def test_the_sdist_carries_what_the_wheel_is_built_from(dist):
    with tarfile.open(dist["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    expected = ({f"notebooks/{n}" for n in NOTEBOOKS} | {f"seeds/{n}" for n in SEEDS} | set(BUNDLED[1:])
                | {f"analysis/data/{n}" for n in DATA} | {KERNEL_JSON.relative_to(ROOT).as_posix(), "pyproject.toml"})
    assert expected <= names, sorted(expected - names)


def test_the_kernel_is_named_after_the_project_everywhere():
    spec = json.loads(KERNEL_JSON.read_text(encoding="utf-8"))
    assert spec["argv"][:3] == ["python", "-m", "ipykernel_launcher"]  # Jupyter starts its own interpreter
    assert PYPROJECT["project"]["name"] == PROJECT and PROJECT in PYPROJECT["project"]["scripts"]
    assert PYPROJECT["tool"]["setuptools"]["data-files"] == {
        f"share/jupyter/kernels/{PROJECT}": [KERNEL_JSON.relative_to(ROOT).as_posix()]}
    for name in NOTEBOOKS:
        kernelspec = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert kernelspec == {"name": PROJECT, "display_name": spec["display_name"], "language": "python"}, name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "kernelspec install --sys-prefix" in makefile and f"jupyter/kernels/{PROJECT}" in makefile


# --------------------------------------------------------------------------- dependencies

def _imports(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names.add(node.module.split(".")[0])
    local = {p.stem for p in folder.rglob("*.py")} | {p.name for p in folder.rglob("*") if p.is_dir()}
    return names - set(sys.stdlib_module_names) - local - {"analysis", "benchmarks", "__future__"}


def _distributions(modules: set[str]) -> set[str]:
    provided = importlib.metadata.packages_distributions()
    return {re.sub(r"[-_.]+", "-", d).lower() for m in modules for d in provided.get(m, [m])}


def _declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    deps = project["dependencies"] + [d for e in extras for d in project["optional-dependencies"][e]]
    return {re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[]", d)[0]).lower() for d in deps}


@pytest.mark.parametrize("folder, extras", [("analysis", ()), ("tests", ("test",)), ("benchmarks", ("bench", "test"))])
def test_every_import_is_a_declared_dependency(folder, extras):
    notebooks = {"ipython"} if folder == "analysis" else set()  # the notebooks' `from IPython.display import display`
    missing = (_distributions(_imports(ROOT / folder)) | notebooks) - _declared(*extras)
    assert not missing, f"{folder}/ imports {sorted(missing)}: declare them in pyproject.toml"


def test_test_and_benchmark_tools_are_extras_not_runtime_dependencies():
    runtime = _declared()
    assert not runtime & {"pytest", "nbval", "hypothesis", "justext", "dateparser", "scikit-learn", "trafilatura",
                          "jupyterlab"}  # psutil is runtime: analysis.kernel reads the free memory
    assert {"pytest", "nbval", "hypothesis"} <= _declared("test") and "justext" in _declared("bench")


# --------------------------------------------------------------------------- installed, as a user would

@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (its dependencies: this environment's packages)."""
    home = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True, timeout=120)
    purelib = next(home.glob("lib/python*/site-packages"))
    (purelib / "_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    proc = subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                           "--disable-pip-version-check", str(dist["wheel"])], capture_output=True, text=True,
                          timeout=300, env=_clean_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    templates = Path(sys.prefix) / "share" / "jupyter" / "nbconvert"  # data files of a dependency (nbconvert)
    if templates.is_dir():
        (home / "share" / "jupyter" / "nbconvert").symlink_to(templates, target_is_directory=True)
    return home


def _run(venv: Path, args: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=_clean_env(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"))


def test_the_installed_package_is_the_wheels_and_registers_its_kernel(venv, tmp_path):
    code = ("import analysis, analysis.paths as p, analysis.runner as r; "
            "print(analysis.__file__); print(p.NOTEBOOK_DIR); print(r.kernel_name())")
    proc = _run(venv, ["python", "-c", code], tmp_path)
    assert proc.returncode == 0, proc.stderr
    module, notebooks, kernel = proc.stdout.split()
    assert module.startswith(str(venv)) and notebooks.startswith(str(venv)) and kernel == PROJECT
    assert (venv / "share" / "jupyter" / "kernels" / PROJECT / "kernel.json").is_file()


def test_console_command_help_and_parameters(venv, tmp_path):
    helped = _run(venv, [PROJECT, "--help"], tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith(f"usage: {PROJECT} ")
    assert all(word in helped.stdout for word in ("run", "parameters", "notebooks"))
    assert _run(venv, [PROJECT, "--version"], tmp_path).stdout.strip() == f"{PROJECT} {VERSION}"
    listed = _run(venv, [PROJECT, "parameters"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines == describe_parameters(notebook_parameters(notebooks()))  # the checkout's notebooks, installed
    assert any(line.startswith("top_n (int, default 20): ") for line in lines)
    assert any(line.startswith("similarity (float, default 0.5): ") for line in lines)
    assert any(line.startswith("stem (bool, default False): ") for line in lines)
    assert list(tmp_path.iterdir()) == []


def _outputs(notebook: Path) -> str:
    """The text a notebook shows (its cells' outputs)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for c in cells for o in c.get("outputs", []))


def _cell_outputs(notebook: Path) -> list[str]:
    """What each code cell shows as text (streams joined), papermill's injected cell left out."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                    for o in c.get("outputs", []))
            for c in cells if c["cell_type"] == "code" and "injected-parameters" not in c["metadata"].get("tags", [])]


def test_console_command_runs_the_report_from_any_folder(venv, tmp_path):
    """No argument: the bundled seeds and gold, the output folder in the working directory."""
    proc = _run(venv, [PROJECT, "run", "--out", "report", "--no-progress"], tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    out = tmp_path / "report"
    for name in ["tables/terms.csv", "tables/quotes.csv", "html/index.html", "notebooks/05_sources.ipynb",
                 "notebooks/06_copies.ipynb", "tables/syndication.csv", "figures/top_terms.png"]:
        assert (out / name).is_file(), name
    assert len(pd.read_csv(out / "tables" / "documents.csv")) == len(SEEDS)
    shown = _outputs(out / "notebooks" / "02_clean.ipynb")
    assert "corpus: seeds" in shown and "label_accuracy" in shown  # scored against the bundled gold
    for committed in notebooks():  # one kernel for all notebooks shows what a kernel per notebook shows
        assert _cell_outputs(out / "notebooks" / committed.name) == _cell_outputs(committed), committed.name
    assert "no gold labels for this corpus" not in shown
    for shown in [*(out / "notebooks").glob("*.ipynb"), *(out / "html").glob("*.html")]:
        text = shown.read_text(encoding="utf-8")
        assert str(venv) not in text and str(tmp_path) not in text, shown.name
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}
    again = _run(venv, [PROJECT, "run", "--out", "report", "--no-progress"], tmp_path, timeout=900)
    assert again.returncode == 0 and "up to date" in again.stderr, again.stderr[-3000:]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"} == before
