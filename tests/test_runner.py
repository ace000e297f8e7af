"""The report runner: parameters checked, failures named, outputs written, markup escaped."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import parameters, runner

ROOT = Path(__file__).resolve().parent.parent


def test_unknown_parameter_is_an_error_listing_the_valid_ones():
    params = parameters.notebook_parameters(runner.notebooks())
    assert {"corpus", "output_dir"} <= set(params)
    with pytest.raises(parameters.ParameterError) as err:
        parameters.convert_parameters([("corpse", "x")], params)
    assert "unknown parameter 'corpse'" in str(err.value)
    assert "corpus" in str(err.value) and "output_dir" in str(err.value)


def test_parameter_values_take_the_type_of_the_default():
    params = {"top_n": {"type": "None", "default": "20"}, "stem": {"type": "None", "default": "False"},
              "kwic_query": {"type": "None", "default": "'x'"}}
    got = parameters.convert_parameters([("top_n", "30"), ("stem", "true"), ("kwic_query", "Korea Utara")], params)
    assert got == {"top_n": 30, "stem": True, "kwic_query": "Korea Utara"}
    with pytest.raises(parameters.ParameterError, match="'top_n': expected int"):
        parameters.convert_parameters([("top_n", "many")], params)


def test_cli_rejects_unknown_parameter_with_nonzero_exit(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--out", str(tmp_path), "-p", "nope", "1"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "unknown parameter 'nope'" in proc.stderr and "corpus" in proc.stderr


def test_the_command_skips_the_teardown_but_runs_exit_handlers_and_flushes_its_output():
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
            "sys.argv = ['berita-coverage', 'parameters']\n"
            "from analysis.__main__ import cli\n"
            "cli()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == "exit handler ran\n"
    listed = subprocess.run([sys.executable, "-m", "analysis", "parameters"], cwd=ROOT, capture_output=True, text=True)
    # every line written through a pipe (block-buffered) before the process left, the last one too
    assert listed.stdout.splitlines()[-1].startswith("workers (int, default 0):")
    refused = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", "nowhere", "--out", "x"], cwd=ROOT,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "nowhere does not exist" in refused.stderr


def test_a_profiled_command_exits_the_usual_way_and_its_profile_is_written(tmp_path):
    profile = tmp_path / "cli.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "analysis", "parameters"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and profile.stat().st_size > 0


def _notebook(folder: Path, name: str, *code: str, title: str = "") -> Path:
    """``folder/name``: a notebook on the python3 kernel with a parameters cell (after a markdown
    ``title`` if given) and the ``code`` cells; the folder is made."""
    folder.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('corpus = "seeds"\noutput_dir = "reports"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(title)] * bool(title) + [params] + [nbformat.v4.new_code_cell(c) for c in code]
    nbformat.write(nb, folder / name)
    return folder


def test_failing_notebook_stops_the_run_naming_notebook_and_cell(tmp_path, capsys):
    nbdir = _notebook(tmp_path / "nbs", "01_fails.ipynb", "x = 1", "raise RuntimeError('boom')")
    index = tmp_path / "out" / "html" / "index.html"
    index.parent.mkdir(parents=True)
    index.write_text("<h1>An earlier report</h1>", encoding="utf-8")
    code = runner.run(corpus=str(ROOT / "seeds"), out=str(tmp_path / "out"), notebook_dir=nbdir, progress=False)
    err = capsys.readouterr().err
    assert code == 1
    assert "01_fails.ipynb, cell 3, line 1: raise RuntimeError('boom')" in err and "RuntimeError: boom" in err
    assert not (tmp_path / "out" / ".lock").exists()  # released on failure too
    assert "This report is incomplete" in index.read_text(encoding="utf-8")  # not the earlier run's front door


def test_failing_notebook_is_named_by_the_line_that_raised_not_the_first(tmp_path, capsys):
    nbdir = _notebook(tmp_path / "nbs", "01_fails.ipynb",
                      "import math\nvalues = [1, 0]\nratios = [1 / v for v in values]\nz = 2", title="# x")
    code = runner.run(corpus=str(ROOT / "seeds"), out=str(tmp_path / "out"), notebook_dir=nbdir, progress=False)
    err = capsys.readouterr().err
    assert code == 1
    assert "01_fails.ipynb, cell 3, line 3: ratios = [1 / v for v in values]" in err, err
    assert "ZeroDivisionError: division by zero" in err and "import math" not in err


@pytest.mark.parametrize("rows, warned", [(0, True), (1, False)])
def test_a_report_without_documents_says_so(tmp_path, capsys, rows, warned):
    nbdir = _notebook(tmp_path / "nbs", "01_documents.ipynb", "import pandas as pd\nfrom analysis import outputs\n"
                      f"_ = outputs.write_table(pd.DataFrame({{'doc_id': ['a'] * {rows}}}, dtype=str), output_dir, "
                      "'documents')")
    code = runner.run(corpus=str(ROOT / "seeds"), out=str(tmp_path / "out"), notebook_dir=nbdir, progress=False)
    err = capsys.readouterr().err
    assert code == 0, err
    assert ("warning: no document was read" in err) is warned


def test_a_damaged_cache_the_notebooks_rebuilt_is_told_in_the_terminal_too(tmp_path, capsys):
    nbdir = _notebook(tmp_path / "nbs", "01_cache.ipynb", "import warnings\nfrom analysis import outputs\n"
                      "from analysis.cache import CacheWarning\noutputs.setup_notebook()\n"
                      "warnings.warn('cache/prepare-1 is damaged; computing the stage again', CacheWarning)")
    code = runner.run(corpus=str(ROOT / "seeds"), out=str(tmp_path / "out"), notebook_dir=nbdir, progress=False)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "warning: 01_cache.ipynb: CacheWarning: cache/prepare-1 is damaged; computing the stage again" in err


@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd")
    text = ("<script>alert('x')</script> Korea Utara Kirim Senjata\n\n"
            "Jakarta (ANTARA) - Pemerintah Korea Selatan mengatakan pada Senin bahwa Korea Utara telah mengirim "
            "senjata ke Rusia, dan hal itu melanggar resolusi Dewan Keamanan PBB menurut para pejabat.\n")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    return folder


@pytest.mark.parametrize("where", [".", "notebooks"])
def test_run_on_another_corpus_from_root_and_from_notebooks(odd_corpus, tmp_path, where):
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", str(odd_corpus), "--out", str(out),
                           "--no-progress"], cwd=ROOT / where, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ["tables/documents.csv", "tables/problems.csv", "html/index.html", "notebooks/01_load.ipynb",
                 "html/01_load.html", "figures/documents_timeline.png"]:
        assert (out / name).exists(), name
    problems = (out / "tables" / "problems.csv").read_text()
    assert "b.txt" in problems and "empty" in problems
    page = (out / "html" / "01_load.html").read_text()
    assert "<script>alert(" not in page
    # no absolute path of this machine in what a reader opens or archives
    for shown in [*(out / "html").glob("*.html"), *(out / "notebooks").glob("*.ipynb"), out / "manifest.json"]:
        text = shown.read_text(encoding="utf-8")
        for absolute in (str(tmp_path), str(ROOT), str(odd_corpus)):  # "../../tmp/..." (relative) is allowed
            assert not re.search(r"(?<!\.\.)" + re.escape(absolute), text), shown.name
    _check_outputs(out, odd_corpus, ROOT / where)


def _check_outputs(out: Path, corpus: Path, cwd: Path) -> None:
    """What a run leaves for its readers: the manifest, Parquet twins, an offline report."""
    import json
    import os

    import pandas as pd

    from analysis.outputs import write_table

    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert record["corpus"]["path"] == Path(os.path.relpath(corpus, cwd)).as_posix()
    assert record["corpus"]["files"] == 2 and len(record["corpus"]["sha256"]) == 64
    assert record["parameters"]["top_n"] == 20 and record["parameters"]["corpus"] == record["corpus"]["path"]
    assert record["started"] <= record["finished"] and not record["stale"]
    listed = {t["path"] for t in record["tables"]}
    csvs = sorted((out / "tables").glob("*.csv"))
    assert len(csvs) >= 15 and listed == {f"tables/{p.name}" for p in (out / "tables").iterdir()}
    for path in csvs:
        twin = pd.read_parquet(path.with_suffix(".parquet"))
        again = write_table(twin, out / "again", path.stem)  # the twin gives back the CSV byte for byte
        assert again.read_bytes() == path.read_bytes(), path.name
    assert len(record["figures"]) == 2 * len(list((out / "figures").glob("*.png")))
    pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "html").glob("*.html")}
    for name, page in pages.items():
        assert not re.search(r"<script[^>]+src=|(?:src|href)=\"(?:https?:)?//|cdnjs|mathjax|require\.js", page,
                             re.IGNORECASE), name
    assert 'href="02_clean.html" rel="next"' in pages["01_load.html"]
    assert 'href="04_dates.html" rel="prev"' in pages["05_sources.html"]
    assert 'href="05_sources.html" rel="prev"' in pages["06_copies.html"]
    for path in (out / "tables").iterdir():
        assert f'href="../tables/{path.name}"' in pages["index.html"], path.name


def test_every_assignment_in_a_parameters_cell_is_a_parameter_papermill_sees():
    """papermill silently skips lines it cannot parse (e.g. a `;` in a comment); catch that."""
    import ast

    import papermill as pm

    for path in runner.notebooks():
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, f"{path.name}: exactly one parameters cell"
        body = ast.parse(cells[0].source).body
        assert all(isinstance(node, ast.AnnAssign) for node in body), f"{path.name}: `name: type = value  # help`"
        assigned = {node.target.id: node.annotation.id for node in body}
        inspected = pm.inspect_notebook(str(path))
        assert set(inspected) == set(assigned), path.name
        assert {"corpus", "output_dir", "engine", "scheduler", "batch_size"} <= set(assigned), path.name
        for name, info in inspected.items():  # the type papermill --help-notebook shows is the one checked
            assert info["inferred_type_name"] == assigned[name] == parameters.RULES[name].kind, (path.name, name)
            assert info["help"], (path.name, name)
