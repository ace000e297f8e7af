"""The notebooks as papermill and JupyterLab users run them: from another folder, relative paths
taken from the kernel's working directory, the bundled defaults found from anywhere, typed
parameters, and every parameter checked before anything is written, with the messages of
``python -m analysis run``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import notebook, parameters, paths, runner
from analysis.config import PROJECT

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# `make venv` registers the project's kernel (the notebooks' kernelspec); elsewhere run on python3
KERNEL = [] if runner.kernel_name() == PROJECT else ["-k", "python3"]


def _papermill(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papermill", *args, *KERNEL, "--no-progress-bar"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONHASHSEED": "0"})


def _outputs(executed: Path) -> str:
    """The text a notebook shows (its cells' outputs), errors included."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     + str(o.get("evalue", "")) for c in cells for o in c.get("outputs", []))


def _snapshot(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")} if folder.exists() else {}


@pytest.fixture
def work(tmp_path) -> Path:
    """A folder outside the repository holding a three-page corpus ``mycorpus/``."""
    corpus = tmp_path / "work" / "mycorpus"
    corpus.mkdir(parents=True)
    for page in sorted((ROOT / "seeds").glob("*.txt"))[:3]:
        shutil.copy(page, corpus / page.name)
    return tmp_path / "work"


def test_papermill_from_another_folder_takes_relative_paths_from_there(work):
    before = _snapshot(ROOT / "reports")
    proc = _papermill([str(NOTEBOOKS / "03_terms.ipynb"), "out.ipynb", "-p", "corpus", "mycorpus",
                       "-p", "output_dir", "myout", "-p", "stem", "false", "-p", "top_n", "5"], work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in work.iterdir()) == ["mycorpus", "myout", "out.ipynb"]
    terms = pd.read_csv(work / "myout" / "tables" / "terms.csv")
    assert len(terms) > 50 and (work / "myout" / "figures" / "top_terms.png").is_file()
    shown = _outputs(work / "out.ipynb")
    assert "corpus: mycorpus" in shown
    assert "in 3 documents after removing stopwords\n" in shown  # `-p stem false` is False, not the string
    assert _snapshot(ROOT / "reports") == before, "tables were written into the repository's reports/"


def test_the_copies_notebook_runs_alone_without_finding_quotes(work):
    """Who copies whom is a notebook of its own: run alone, it finds the near-copies (here a page
    saved twice under two names) without paying for the quotation stage."""
    first = sorted((work / "mycorpus").glob("*.txt"))[0]
    shutil.copy(first, work / "mycorpus" / f"copy-of-{first.name}")
    proc = _papermill([str(NOTEBOOKS / "06_copies.ipynb"), "out.ipynb", "-p", "corpus", "mycorpus",
                       "-p", "output_dir", "myout"], work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pairs = pd.read_csv(work / "myout" / "tables" / "syndication.csv")
    assert len(pairs) == 1 and pairs["similarity"].iloc[0] == 1.0
    assert (work / "myout" / "figures" / "wire_dependence.png").is_file()
    assert not (work / "myout" / "tables" / "quotes.csv").exists()
    assert not list((work / "myout" / "cache").glob("quotes-*"))
    assert "1 near-copy pairs" in _outputs(work / "out.ipynb")


def test_papermill_cwd_option_is_where_relative_paths_start(work):
    (work / "sub").mkdir()
    proc = _papermill([str(NOTEBOOKS / "01_load.ipynb"), "out.ipynb", "--cwd", "sub", "-p", "corpus", "../mycorpus",
                       "-p", "output_dir", "report"], work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(pd.read_csv(work / "sub" / "report" / "tables" / "documents.csv")) == 3
    assert "corpus: ../mycorpus" in _outputs(work / "out.ipynb") and not (work / "report").exists()


def test_bundled_defaults_are_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session = notebook.setup(gold="tests/fixtures/seeds_gold.json", progress=False)
    assert session.corpus == paths.BUNDLE / "seeds" and session.output_dir == "reports"
    assert paths.locate(session.parameters["gold"]) == paths.BUNDLE / "tests" / "fixtures" / "seeds_gold.json"
    assert paths.resolve("reports") == tmp_path / "reports" and list(tmp_path.iterdir()) == []
    # a folder of the working directory wins over the bundled default of the same name ...
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Jakarta - Berita.\n", encoding="utf-8")
    assert notebook.setup(progress=False).corpus == tmp_path / "seeds"
    # ... and outputs never fall back to the package
    assert paths.resolve("tests/fixtures/seeds_gold.json") == tmp_path / "tests/fixtures/seeds_gold.json"
    assert paths.locate("tests/fixtures/other.json") == tmp_path / "tests/fixtures/other.json"


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("[0-9]*.ipynb")))
def test_help_notebook_shows_type_default_and_meaning_of_every_parameter(name):
    proc = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOKS / name)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Unknown type" not in proc.stdout
    for param, info in parameters.notebook_parameters([NOTEBOOKS / name]).items():
        kind = parameters.RULES[param].kind
        assert f"  {param}: {kind} (default {info['default']})" in proc.stdout, param
        assert info["help"] in proc.stdout, param


def test_the_recorded_parameters_are_papermills_for_every_bundled_notebook(tmp_path, monkeypatch):
    """``data/notebook_parameters.json`` (written by ``python -m analysis notebooks``) answers for
    every bundled notebook exactly as papermill's ``inspect_notebook``, in the cell's order; a
    notebook whose parameters cell differs is read by papermill, not taken from the record."""
    import papermill as pm

    def unread(path, parameters=None):
        raise AssertionError(f"papermill read {path}: its parameters cell is not in the record (make notebooks)")

    monkeypatch.setattr(pm, "inspect_notebook", unread)
    recorded = parameters.notebook_parameters(runner.notebooks())  # every one from the record
    monkeypatch.undo()
    monkeypatch.setattr(parameters, "PARAMETERS_FILE", tmp_path / "none.json")  # no record: papermill
    assert parameters.notebook_parameters(runner.notebooks()) == recorded
    assert [list(parameters.notebook_parameters([path])) for path in runner.notebooks()] == \
        [list(pm.inspect_notebook(str(path))) for path in runner.notebooks()]
    monkeypatch.undo()
    nb = nbformat.read(runner.notebooks()[0], as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("batch_size: int = 5000", "batch_size: int = 4000")
    changed = tmp_path / runner.notebooks()[0].name
    nbformat.write(nb, changed)
    assert parameters.notebook_parameters([changed])["batch_size"]["default"] == "4000"
    assert recorded["batch_size"]["default"] == "5000"


def test_bad_parameters_stop_a_papermill_run_before_anything_is_written(work):
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    proc = _papermill([str(NOTEBOOKS / "03_terms.ipynb"), "out.ipynb", "-p", "corpus", "mycorpus",
                       "-p", "output_dir", "mycorpus/report", "-p", "top_n", "0", "-p", "stem", "maybe"], work)
    assert proc.returncode != 0
    shown = _outputs(work / "out.ipynb")
    for message in ["parameter 'stem': expected bool, got 'maybe'",
                    "parameter 'top_n': 0 is not allowed; expected a positive integer (1, 2, 3, ...)",
                    "parameter 'output_dir' (--out): mycorpus/report is inside the corpus folder mycorpus"]:
        assert message in shown, message
    assert "ParameterError" in proc.stderr
    assert sorted(p.relative_to(work) for p in work.rglob("*")) == sorted(before + [Path("out.ipynb")])


@pytest.mark.parametrize("given", [
    [("top_n", "0"), ("labels", "body,nonsense"), ("engine", "spark"), ("similarity", "2")],
    [("stem", "maybe"), ("batch_size", "lots"), ("kwic_query", "  "), ("gold", "no/such/gold.json")],
    [("languages", "Indonesian"), ("min_count", "0"), ("corpus", "missing"), ("examples_per_reason", "-1")],
])
def test_a_notebook_refuses_what_the_runner_refuses_with_the_same_messages(given, tmp_path):
    params = parameters.notebook_parameters(runner.notebooks())
    with pytest.raises(parameters.ParameterError) as cli:
        parameters.validate(given, params, "seeds", str(tmp_path / "out"), cwd=tmp_path)
    with pytest.raises(parameters.ParameterError) as kernel:
        parameters.check_notebook({"corpus": "seeds", "output_dir": str(tmp_path / "out"), **dict(given)}, tmp_path)
    assert kernel.value.problems == cli.value.problems and len(cli.value.problems) == 4


def test_values_papermill_guesses_are_converted_to_the_parameters_types():
    assert parameters.check_notebook({"kwic_query": 2023, "stem": "false", "top_n": "7", "similarity": 1,
                                      "extra_stopwords": 5}) == \
        {"kwic_query": "2023", "stem": False, "top_n": 7, "similarity": 1.0, "extra_stopwords": "5"}
    with pytest.raises(parameters.ParameterError, match="'top_n': expected int, got True"):
        parameters.check_notebook({"top_n": True})


def test_the_runner_runs_the_kernel_in_its_working_directory(tmp_path, capsys):
    nbdir, work = tmp_path / "nbs", tmp_path / "work"
    nbdir.mkdir()
    (work / "pages").mkdir(parents=True)
    (work / "pages" / "a.txt").write_text("Jakarta - Berita.\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('corpus: str = "seeds"  # pages\noutput_dir: str = "reports"  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import os\nprint(os.getcwd(), corpus, output_dir)")]
    nbformat.write(nb, nbdir / "01_where.ipynb")
    code = runner.run(corpus="pages", out="rep", cwd=work, notebook_dir=nbdir, progress=False)
    assert code == 0, capsys.readouterr().err
    assert f"{work} pages rep" in _outputs(work / "rep" / "notebooks" / "01_where.ipynb")
