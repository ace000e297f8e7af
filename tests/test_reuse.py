"""A run shares its kernels between its notebooks (two side by side after the first), and a second run of the same report executes nothing.

Small notebooks written here count their executions in a file of the working folder, so each test
sees whether a run executed them; the real notebooks on one kernel are compared with their
committed outputs in ``test_distribution.py`` (the installed command's run of the seeds).
"""

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis import freshness, runner
from analysis.engine.local import machine_cores


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


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """A notebook folder and a working folder holding a one-page corpus ``pages/``."""
    nbdir, work = tmp_path / "nbs", tmp_path / "work"
    nbdir.mkdir()
    (work / "pages").mkdir(parents=True)
    (work / "pages" / "a.txt").write_text("Jakarta - Berita.\n", encoding="utf-8")
    return nbdir, work


@pytest.fixture()
def work(tmp_path):
    nbdir, work = _folders(tmp_path)
    _notebook(nbdir, "01_writes", _WRITES, "leak = 41\nimport matplotlib.pyplot as plt\nplt.figure()\nprint(leak + 1)")
    _notebook(nbdir, "02_fresh", "import matplotlib.pyplot as plt\nprint('leak' in globals(), plt.get_fignums(), len(In))")
    return nbdir, work


def _run(work, force=False, kernels=1, out="rep"):
    nbdir, folder = work
    return runner.run(corpus="pages", out=out, cwd=folder, notebook_dir=nbdir, progress=False, force=force,
                      kernels=kernels)


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


#: Starts a process with ``spawn``, as a Dask LocalCluster starts its workers.
_SPAWNS = """\
import multiprocessing
child = multiprocessing.get_context("spawn").Process(target=len, args=("abc",))
child.start()
child.join()
print("child exit code", child.exitcode, __spec__, __name__)
"""


def test_a_notebook_after_the_first_can_start_processes_with_spawn(tmp_path, capsys):
    # IPython's reset deletes the main module's __spec__, which spawn reads: a LocalCluster (engine
    # "dask") failed to start in every notebook after the first ("Nanny failed to start")
    nbdir, folder = _folders(tmp_path)
    _notebook(nbdir, "01_first", "leak = 1")
    _notebook(nbdir, "02_spawns", _SPAWNS)
    assert _run((nbdir, folder)) == 0, capsys.readouterr().err
    assert _shown(folder / "rep" / "notebooks" / "02_spawns.ipynb")[-1] == "child exit code 0 None __main__\n"


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


def test_the_half_written_files_of_a_killed_run_are_removed_by_the_next(work):
    assert _run(work) == 0
    rep = work[1] / "rep"
    left = [rep / "figures" / ".line.png.tmp-4242-1", rep / "tables" / ".numbers.csv.tmp-4242-2", rep / ".manifest.json.tmp-1-3"]
    for path in left:
        path.write_bytes(b"half")
    assert _run(work) == 0 and _runs(work) == 1  # still the same report: nothing executed
    assert not any(path.exists() for path in left)


def test_an_edited_gold_file_runs_the_report_again(tmp_path, capsys):
    """A file a parameter names counts by its contents, not only its name (stale scores otherwise)."""
    nbdir, folder = _folders(tmp_path)
    _notebook(nbdir, "01_scores", _WRITES)
    nb = nbformat.read(nbdir / "01_scores.ipynb", as_version=4)
    nb.cells[0].source += '\ngold: str = ""  # gold'
    nbformat.write(nb, nbdir / "01_scores.ipynb")
    (folder / "gold.json").write_text('{"documents": []}', encoding="utf-8")
    run = lambda: runner.run(corpus="pages", out="rep", given=[("gold", "gold.json")], cwd=folder,  # noqa: E731
                             notebook_dir=nbdir, progress=False, kernels=1)
    assert run() == 0 and run() == 0 and _runs((nbdir, folder)) == 1  # the same gold: nothing executed
    (folder / "gold.json").write_text('{"documents": [{"doc_id": "a"}]}', encoding="utf-8")
    capsys.readouterr()
    assert run() == 0 and _runs((nbdir, folder)) == 2
    assert "up to date" not in capsys.readouterr().err


def test_a_different_parameter_is_a_different_fingerprint():
    nbs = runner.notebooks()
    base = freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base == freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("d", {"top_n": 20}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("c", {"top_n": 21}, nbs, {"pandas": "3"})
    assert base != freshness.fingerprint("c", {"top_n": 20}, nbs, {"pandas": "4"})
    assert base != freshness.fingerprint("c", {"top_n": 20}, nbs[:1], {"pandas": "3"})


#: Records when it ran and in which kernel process (not in its outputs), waiting long enough that
#: two such notebooks on two kernels overlap.
_TIMED = """\
import os, time
from pathlib import Path
from analysis.engine.local import worker_count
assert Path("first-done.txt").exists(), "ran before the first notebook finished"
start = time.time()
time.sleep(1.5)
Path("ran").mkdir(exist_ok=True)
(Path("ran") / "{name}.txt").write_text(f"{{os.getpid()}} {{start}} {{time.time()}} {{worker_count(0)}}")
print("{name}", sorted(k for k in globals() if k.startswith("mine_")))
mine_{name} = 1
"""


@pytest.fixture()
def side_by_side(tmp_path):
    nbdir, work = _folders(tmp_path)
    _notebook(nbdir, "01_first", "import time\ntime.sleep(1)\nmine_first = 1",
              "from pathlib import Path\nfrom analysis.engine.local import worker_count\n"
              "Path('first-done.txt').write_text(str(worker_count(0)))")
    for name in ("02_b", "03_c", "04_d"):
        _notebook(nbdir, name, _TIMED.format(name=name))
    return nbdir, work


def test_after_the_first_notebook_the_others_run_side_by_side_with_the_same_outputs(side_by_side, capsys):
    folder = side_by_side[1]
    assert _run(side_by_side, kernels=1, out="one") == 0, capsys.readouterr().err
    one = {p.stem: p.read_text().split() for p in (folder / "ran").iterdir()}
    assert len({pid for pid, _, _, _ in one.values()}) == 1
    # one kernel: every notebook's stages may use every core; two: the first notebook, alone, every
    # core, the others their kernel's share
    cores = min(machine_cores(), 8)
    assert (folder / "first-done.txt").read_text() == str(cores)
    assert {workers for _, _, _, workers in one.values()} == {str(cores)}
    (folder / "first-done.txt").unlink()  # the second run's notebooks must wait for its own first one
    shutil.rmtree(folder / "ran")
    here = os.getcwd()
    assert _run(side_by_side, kernels=2, out="two") == 0, capsys.readouterr().err
    assert os.getcwd() == here  # papermill's cwd= is a chdir of the process: two threads undid it out of order
    two = {p.stem: [float(x) for x in p.read_text().split()] for p in (folder / "ran").iterdir()}
    assert len({pid for pid, _, _, _ in two.values()}) == 2  # two kernel processes
    assert (folder / "first-done.txt").read_text() == str(cores)
    assert {workers for _, _, _, workers in two.values()} == {min(max(1, machine_cores() // 2), 8)}
    spans = sorted((start, end) for _, start, end, _ in two.values())
    assert any(b[0] < a[1] for a, b in zip(spans, spans[1:]))  # two notebooks ran at the same time
    for name in ("01_first", "02_b", "03_c", "04_d"):  # each on an empty namespace, the same outputs
        assert _shown(folder / "one" / "notebooks" / f"{name}.ipynb") == \
               _shown(folder / "two" / "notebooks" / f"{name}.ipynb")
    assert _shown(folder / "two" / "notebooks" / "03_c.ipynb")[-1] == "03_c []\n"
    assert sorted(p.name for p in (folder / "two" / "html").iterdir()) == \
           ["01_first.html", "02_b.html", "03_c.html", "04_d.html", "index.html"]


def test_a_failing_notebook_on_two_kernels_stops_the_run_naming_it(side_by_side, capsys):
    nbdir, folder = side_by_side
    _notebook(nbdir, "03_c", "raise ValueError('broken on purpose')")
    assert _run(side_by_side, kernels=2) == 1
    err = capsys.readouterr().err
    assert "03_c.ipynb" in err and "broken on purpose" in err
    assert not (folder / "rep" / "manifest.json").exists()


def test_a_failing_first_notebook_runs_no_other(side_by_side, capsys):
    nbdir, folder = side_by_side
    _notebook(nbdir, "01_first", "raise ValueError('first broken')")
    assert _run(side_by_side, kernels=2) == 1
    assert "first broken" in capsys.readouterr().err
    assert not (folder / "ran").exists()


def test_kernel_count_is_two_for_a_small_corpus_on_pandas_only(tmp_path, monkeypatch):
    from analysis import kernel

    (tmp_path / "a.txt").write_bytes(b"x" * 1000)
    monkeypatch.setattr(kernel, "_cores", lambda: 2)
    assert kernel.kernel_count(None, tmp_path) == 2
    monkeypatch.setattr(kernel, "_available_memory", lambda: 59_000.0)  # two notebooks need 60,000 bytes
    assert kernel.kernel_count(None, tmp_path) == 1
    monkeypatch.setattr(kernel, "_available_memory", lambda: 60_000.0)
    assert kernel.kernel_count(None, tmp_path) == 2
    assert kernel.kernel_count(None, tmp_path, engine="dask") == 1
    assert kernel.kernel_count(3, tmp_path, engine="dask") == 3
    monkeypatch.setattr(kernel, "SIDE_BY_SIDE_BYTES", 999)
    assert kernel.kernel_count(None, tmp_path) == 1
    (tmp_path / "a.txt").write_bytes(b"x" * 300)
    (tmp_path / "b.jsonl.gz").write_bytes(b"x" * 300)  # counted four times: 1500 bytes
    assert kernel.kernel_count(None, tmp_path) == 1
    monkeypatch.setattr(kernel, "_cores", lambda: 1)
    assert kernel.kernel_count(None, tmp_path / "a.txt") == 1
    with pytest.raises(ValueError, match="requested"):
        kernel.kernel_count(0, tmp_path)


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_cli_refuses_a_bad_kernel_count_before_writing(tmp_path, value, capsys):
    code = runner.main(["run", "--out", str(tmp_path / "never"), "--kernels", value]) if value != "two" else None
    if value == "two":
        with pytest.raises(SystemExit) as stop:
            runner.main(["run", "--out", str(tmp_path / "never"), "--kernels", value])
        code = stop.value.code
    assert code == 2
    assert "kernels" in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


def test_a_bad_kernel_count_is_listed_with_the_other_refused_parameters(tmp_path, capsys):
    code = runner.main(["run", "--corpus", str(tmp_path / "no-such-corpus"), "--out", str(tmp_path / "never"),
                        "--kernels", "0", "-p", "top_n", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--kernels" in err and "top_n" in err and "no-such-corpus" in err
    assert not (tmp_path / "never").exists()


def test_start_order_takes_the_costliest_notebooks_first(tmp_path):
    costs = {"02_a": 1, "03_b": 4, "04_c": None, "05_d": 4, "06_e": "high", "07_f": -2, "08_g": 2.5}
    for name, cost in costs.items():
        _notebook(tmp_path, name, "pass")
        if cost is not None:
            nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
            nb.metadata["berita-coverage"] = {"cost": cost}
            nbformat.write(nb, tmp_path / f"{name}.ipynb")
    from analysis import kernel

    order = [p.stem for p in kernel.start_order(runner.notebooks(tmp_path))]
    # 4, 4 (name order kept), 2.5, then the ones costing 1 (none, not a positive number) by name
    assert order == ["03_b", "05_d", "08_g", "02_a", "04_c", "06_e", "07_f"]


_SLEEPS = """\
import os, time
from pathlib import Path
Path("{name}.pid").write_text(str(os.getpid()))
time.sleep(120)
"""


def test_ctrl_c_stops_the_run_and_every_kernel_at_once(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    nbdir, work = _folders(tmp_path)
    _notebook(nbdir, "01_first", "print(1)")
    for name in ("02_b", "03_c"):
        _notebook(nbdir, name, _SLEEPS.format(name=name))
    script = (f"import signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
              f"from pathlib import Path\nfrom analysis import runner\n"
              f"sys.exit(runner.run(corpus='pages', out='rep', cwd=Path({str(work)!r}), "
              f"notebook_dir=Path({str(nbdir)!r}), progress=False, kernels=2))\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=work, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(runner.__file__).parent.parent)})
    deadline = time.monotonic() + 120
    while not all((work / f"{n}.pid").exists() for n in ("02_b", "03_c")) and time.monotonic() < deadline:
        time.sleep(0.2)
    pids = [int((work / f"{n}.pid").read_text()) for n in ("02_b", "03_c")]
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)  # at once, not after the notebooks' two minutes
    assert proc.returncode == 130 and "interrupted" in err
    time.sleep(1)
    assert not [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not (work / "rep" / "manifest.json").exists() and not (work / "rep" / ".lock").exists()


class _FakeKernel:
    def __init__(self):
        self.stopped = False

    def shutdown_kernel(self, now=False):
        self.stopped = True


def _slow_kernels(monkeypatch, fail_first: bool, starts: list | None = None):
    """kernel.shared_kernel replaced: kernels that take half a second to start (the first fails
    to start if ``fail_first``); ``starts`` gets the time each one began to start."""
    import threading
    import time
    from contextlib import contextmanager

    from analysis import kernel

    count, lock = [0], threading.Lock()

    @contextmanager
    def fake(name, cwd, warm_up=""):
        with lock:
            count[0] += 1
            mine = count[0]
            if starts is not None:
                starts.append(time.monotonic())
        if fail_first and mine == 1:
            raise RuntimeError("kernel 1 did not start")
        time.sleep(0.5)
        yield _FakeKernel()

    monkeypatch.setattr(kernel, "shared_kernel", fake)
    return kernel


def test_a_kernel_that_does_not_start_stops_the_run_before_any_notebook(monkeypatch):
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=True), []
    with pytest.raises(RuntimeError, match="did not start"):
        kernel.side_by_side([Path("01"), Path("02"), Path("03")], 2, lambda km, p, used: ran.append(p.name) or True,
                            "python3", Path("."))
    time.sleep(1)  # the other kernel has started by now: it takes no notebook
    assert ran == []


def test_ctrl_c_while_kernels_start_runs_no_notebook(monkeypatch):
    import _thread
    import threading
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []
    threading.Timer(0.1, _thread.interrupt_main).start()
    with pytest.raises(KeyboardInterrupt):
        kernel.side_by_side([Path("01"), Path("02"), Path("03")], 2, lambda km, p, used: ran.append(p.name) or True,
                            "python3", Path("."))
    time.sleep(1)
    assert ran == []


def test_side_by_side_runs_every_notebook_once_the_first_alone(monkeypatch):
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []

    def one(km, path, used):
        ran.append((path.name, "start", time.monotonic()))
        time.sleep(0.2)
        ran.append((path.name, "end", time.monotonic()))
        return True

    assert kernel.side_by_side([Path("01"), Path("02"), Path("03"), Path("04")], 2, one, "python3", Path("."))
    first_end = next(t for name, what, t in ran if name == "01" and what == "end")
    starts = {name: t for name, what, t in ran if what == "start"}
    assert sorted(starts) == ["01", "02", "03", "04"] and all(starts[n] >= first_end for n in ("02", "03", "04"))


def test_the_others_start_once_the_first_notebook_has_written_what_they_read(monkeypatch):
    """With ``ready``, the other notebooks do not wait for the end of the first one (in the report:
    its figures and tables after ``pipeline.prepare``), only for ``ready()``; the first notebook
    here ends only after another one has started, which waiting for its end would never see."""
    import threading

    kernel, written, other_started = _slow_kernels(monkeypatch, fail_first=False), threading.Event(), threading.Event()
    ran = []

    def one(km, path, used):
        ran.append(path.name)
        if path.name == "01":
            written.set()
            return other_started.wait(10)  # fails the run if no other notebook starts meanwhile
        other_started.set()
        return True

    assert kernel.side_by_side([Path("01"), Path("02"), Path("03")], 2, one, "python3", Path("."),
                               ready=written.is_set)
    assert ran[0] == "01" and sorted(ran) == ["01", "02", "03"]


def test_the_costliest_notebook_waits_for_the_first_notebooks_kernel(monkeypatch):
    """The kernel free first (the other one still renders the first notebook's page) starts on
    the second notebook in :func:`kernel.start_order`; the first of that order is left to the
    first notebook's kernel."""
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []

    def one(km, path, used):
        ran.append((path.name, id(km)))
        time.sleep(1.0 if path.name == "03" else 0.0)
        return True

    def then(km, path):
        time.sleep(1.0 if path.name == "01" else 0.0)  # the other kernel starts (0.5 s) meanwhile
        return True

    assert kernel.side_by_side([Path(n) for n in ("01", "02", "03", "04")], 2, one, "python3", Path("."), then)
    on = dict(ran)
    assert [name for name, _ in ran] == ["01", "03", "02", "04"] and on["02"] == on["01"] != on["03"]


def test_the_costliest_notebook_left_alone_goes_to_any_free_kernel(monkeypatch):
    """Once the costliest is the only notebook left, the kernel free first takes it rather than
    wait for the first notebook's kernel."""
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []

    def one(km, path, used):
        ran.append((path.name, id(km)))
        return True

    def then(km, path):
        time.sleep(2.0 if path.name == "01" else 0.0)
        return True

    assert kernel.side_by_side([Path(n) for n in ("01", "02", "03")], 2, one, "python3", Path("."), then)
    on = dict(ran)
    assert [name for name, _ in ran] == ["01", "03", "02"] and on["02"] == on["03"] != on["01"]


def test_the_first_notebooks_then_runs_while_the_others_start(monkeypatch):
    """``then`` (the runner renders the notebook's page there) runs on the notebook's kernel
    before its next notebook; the first notebook's does not hold the other kernels back."""
    import time

    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []

    def one(km, path, used):
        ran.append((path.name, "start", time.monotonic(), id(km)))
        return True

    def then(km, path):
        ran.append((path.name, "then", time.monotonic(), id(km)))
        time.sleep(1.0 if path.name == "01" else 0.05)  # the other kernel starts (0.5 s) meanwhile
        ran.append((path.name, "then end", time.monotonic(), id(km)))
        return True

    assert kernel.side_by_side([Path("01"), Path("02"), Path("03")], 2, one, "python3", Path("."), then)
    at = {(name, what): (t, km) for name, what, t, km in ran}
    assert sorted(name for name, what, _, _ in ran if what == "then") == ["01", "02", "03"]
    others = [at[(n, "start")] for n in ("02", "03")]
    assert min(t for t, _ in others) < at[("01", "then end")][0]  # one started during 01's then
    for name in ("02", "03"):  # a kernel's next notebook waits for its own then
        t, km = at[(name, "start")]
        if km == at[("01", "start")][1]:
            assert t >= at[("01", "then end")][0]


def test_the_other_kernels_start_once_the_first_notebook_is_taken(monkeypatch):
    """The first notebook's kernel starts alone (the others would only wait for that notebook, and
    take the cores it starts on); the others start as soon as it has its notebook."""
    import time

    starts, ran = [], []
    kernel = _slow_kernels(monkeypatch, fail_first=False, starts=starts)

    def one(km, path, used):
        ran.append((path.name, time.monotonic()))
        return True

    assert kernel.side_by_side([Path("01"), Path("02"), Path("03"), Path("04")], 3, one, "python3", Path("."))
    assert len(starts) == 3 and [name for name, _ in ran][0] == "01"
    # the first kernel takes 0.5 s to start; the others begin once it has taken notebook 01
    assert starts[0] + 0.45 <= min(starts[1:]) < ran[0][1] + 0.4


def test_a_failed_then_stops_the_run(monkeypatch):
    kernel, ran = _slow_kernels(monkeypatch, fail_first=False), []
    assert not kernel.side_by_side([Path("01"), Path("02"), Path("03"), Path("04")], 1,
                                   lambda km, p, used: ran.append(p.name) or True, "python3", Path("."),
                                   lambda km, p: p.name != "02")
    assert ran == ["01", "02"]
