"""A run shares one kernel between its notebooks, and a second run of the same report executes nothing.

Small notebooks written here count their executions in a file of the working folder, so each test
sees whether a run executed them; the real notebooks on one kernel are compared with their
committed outputs in ``test_distribution.py`` (the installed command's run of the seeds).
"""

import json
from pathlib import Path

import nbformat
import pytest

from analysis import freshness, runner


def _notebook(folder: Path, name: str, *code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('corpus: str = "seeds"  # pages\noutput_dir: str = "reports"  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in code)]
    nbformat.write(nb, folder / f"{name}.ipynb")


#: Counts the notebook's executions and writes a table and a figure, as the report's notebooks do.
_WRITES = """\
from pathlib import Path
import pandas as pd
import matplotlib.pyplot as plt
from analysis import outputs
runs = Path("runs.txt")
runs.write_text(runs.read_text() + "x" if runs.exists() else "x")
outputs.write_table(pd.DataFrame({"n": [1, 2]}), output_dir, "numbers")
fig, ax = plt.subplots()
ax.plot([1, 2])
outputs.show_figure(fig, output_dir, "line")
"""


@pytest.fixture()
def work(tmp_path):
    nbdir, work = tmp_path / "nbs", tmp_path / "work"
    nbdir.mkdir()
    (work / "pages").mkdir(parents=True)
    (work / "pages" / "a.txt").write_text("Jakarta - Berita.\n", encoding="utf-8")
    _notebook(nbdir, "01_writes", _WRITES, "leak = 41\nimport matplotlib.pyplot as plt\nplt.figure()\nprint(leak + 1)")
    _notebook(nbdir, "02_fresh", "import matplotlib.pyplot as plt\nprint('leak' in globals(), plt.get_fignums(), len(In))")
    return nbdir, work


def _run(work, force=False):
    nbdir, folder = work
    return runner.run(corpus="pages", out="rep", cwd=folder, notebook_dir=nbdir, progress=False, force=force)


def _runs(work) -> int:
    return len((work[1] / "runs.txt").read_text())


def _shown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                    for o in c.get("outputs", [])) for c in cells if c["cell_type"] == "code"]


def test_each_notebook_starts_on_an_empty_namespace_of_the_shared_kernel(work, capsys):
    assert _run(work) == 0, capsys.readouterr().err
    out = work[1] / "rep" / "notebooks"
    assert _shown(out / "01_writes.ipynb")[-1].startswith("42\n")
    # the first notebook's variables, figures and history are gone: as in a kernel of its own
    assert _shown(out / "02_fresh.ipynb")[-1] == "False [] 4\n"  # In: the empty In[0] and three cells
    counts = [c["execution_count"] for c in nbformat.read(out / "02_fresh.ipynb", as_version=4).cells
              if c.cell_type == "code"]
    assert counts == [1, 2, 3]  # papermill's injected cell, the parameters, the cell


def test_a_second_run_of_the_same_report_executes_nothing_and_writes_the_same_files(work, capsys):
    assert _run(work) == 0
    rep = work[1] / "rep"
    first = {p.relative_to(rep).as_posix(): p.read_bytes() for p in rep.rglob("*")
             if p.is_file() and p.parts[-2] != "cache" and p.name != "manifest.json"}
    record = json.loads((rep / "manifest.json").read_text(encoding="utf-8"))
    assert set(record["outputs"]) == {"notebooks/01_writes.ipynb", "notebooks/02_fresh.ipynb", "tables/numbers.csv",
                                      "tables/numbers.parquet", "figures/line.png", "figures/line.svg",
                                      "html/01_writes.html", "html/02_fresh.html", "html/index.html"}
    capsys.readouterr()
    assert _run(work) == 0 and _runs(work) == 1
    assert "up to date" in capsys.readouterr().err
    again = {p.relative_to(rep).as_posix(): p.read_bytes() for p in rep.rglob("*")
             if p.is_file() and p.parts[-2] != "cache" and p.name != "manifest.json"}
    assert again == first  # the pages rendered again are the same bytes
    reused = json.loads((rep / "manifest.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in reused.items() if k not in {"started", "finished"}} == \
           {k: v for k, v in record.items() if k not in {"started", "finished"}}
    (rep / "html" / "index.html").unlink()  # a page deleted: rendered again, nothing executed
    (rep / "html" / "01_writes.html").write_text("edited", encoding="utf-8")
    assert _run(work) == 0 and _runs(work) == 1
    assert {p.relative_to(rep).as_posix(): p.read_bytes() for p in rep.rglob("*")
            if p.is_file() and p.parts[-2] != "cache" and p.name != "manifest.json"} == first
    assert _run(work, force=True) == 0 and _runs(work) == 2


@pytest.mark.parametrize("change", ["table edited", "figure deleted", "page added", "manifest damaged",
                                    "notebook edited"])
def test_anything_changed_runs_the_whole_report_again(work, change, capsys):
    nbdir, folder = work
    assert _run(work) == 0 and _runs(work) == 1
    rep = folder / "rep"
    if change == "table edited":
        (rep / "tables" / "numbers.csv").write_text("n\n1\n3\n", encoding="utf-8")
    elif change == "figure deleted":
        (rep / "figures" / "line.svg").unlink()
    elif change == "page added":
        (folder / "pages" / "b.txt").write_text("Jakarta - Berita lain.\n", encoding="utf-8")
    elif change == "manifest damaged":
        (rep / "manifest.json").write_text('{"fingerprint": ', encoding="utf-8")
    else:
        _notebook(nbdir, "02_fresh", "print('changed')")
    assert _run(work) == 0, capsys.readouterr().err
    assert _runs(work) == 2
    assert "up to date" not in capsys.readouterr().err
    assert (rep / "tables" / "numbers.csv").read_text(encoding="utf-8") == "n\n1\n2\n"


def test_a_different_parameter_is_a_different_fingerprint():
    nbs = runner.notebooks()
    base = freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base == freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("d", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("c", {"top_n": 21}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "4"})
    assert base != freshness.fingerprint("c", {"top_n": 20}, nbs[:1], {"pandas": "3"})
