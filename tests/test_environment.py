"""The pins of requirements.txt and environment.yml agree, and the layout is complete."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("..") / "shared"  # material beside the repository, never read by the project at run time


def _pins(lines):
    out = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name, _, version = line.partition("==")
        assert version, f"not an exact pin: {line!r}"
        out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def test_environment_yml_has_the_same_pins_as_requirements_txt():
    req = _pins((ROOT / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda = _pins(pip_section)
    assert conda == req, {k: (conda.get(k), req.get(k)) for k in set(conda) | set(req) if conda.get(k) != req.get(k)}
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])


def test_every_declared_dependency_is_pinned():
    req = _pins((ROOT / "requirements.txt").read_text().splitlines())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [dep for deps in project["optional-dependencies"].values() for dep in deps]
    assert set(project["optional-dependencies"]) == {"test", "bench", "lab"}
    for dep in project["dependencies"] + extras:  # `make venv` installs them all (CI needs the extras too)
        name = re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~ ]", dep)[0]).lower()
        assert name in req, f"{dep} is a dependency but has no pin in requirements.txt"
    for needed in ["jupyterlab", "pandas", "matplotlib", "seaborn", "nltk", "papermill", "nbval", "ipykernel", "pytest"]:
        assert needed in req


def test_layout_and_seeds():
    for name in ["environment.yml", "pyproject.toml", "README.md", "Makefile", ".ci/run", "notebooks", "analysis",
                 "seeds", "figures", "tests"]:
        assert (ROOT / name).exists(), name
    assert sorted(p.name for p in (ROOT / "seeds").glob("*.txt")) == [
        "000_5a3c5d81fc76b85b.txt", "001_4ce3aef62b4e11e4.txt", "002_232fd3ee54a89291.txt",
        "003_90f24d59b8c7160c.txt", "004_cbaadc0d4181c91b.txt"]
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_no_project_file_reads_shared_material():
    for folder in ["analysis", "notebooks", "tests", "benchmarks"]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".ipynb", ".yaml", ".yml", ".md"} and path.parent.name != "data" \
                    and path.name not in {"test_environment.py", "RESULTS.md", "SCALE.md"}:
                assert str(SHARED) not in path.read_text(encoding="utf-8"), path
