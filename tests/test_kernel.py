"""The runner's silent requests to a kernel (``analysis.kernel``): answered on the shell channel."""

import os
import queue
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest

from analysis import kernel


class _Client:
    """A kernel client whose IOPub never shows the kernel's idle status (a subscription that had
    not reached the kernel yet); the shell channel holds the replies given."""

    def __init__(self, replies):
        self.replies, self.sent, self.channels = list(replies), [], None

    def start_channels(self, **channels):
        self.channels = channels

    def stop_channels(self):
        self.channels = None

    def execute(self, code, **kwargs):
        self.sent.append((code, kwargs))
        return "request-1"

    def get_shell_msg(self, timeout=None):
        if not self.replies:
            time.sleep(min(timeout, 0.05))
            raise queue.Empty
        return self.replies.pop(0)

    def execute_interactive(self, code, timeout=None, **kwargs):  # waits for IOPub's idle status
        raise TimeoutError("Timeout waiting for output")


class _Manager:
    def __init__(self, client, alive=True):
        self._client, self.alive = client, alive

    def client(self):
        return self._client

    def is_alive(self):
        return self.alive


def _reply(parent, status="ok", **content):
    return {"parent_header": {"msg_id": parent}, "content": {"status": status, **content}}


def test_a_request_is_done_when_its_shell_reply_comes_without_any_iopub_status():
    client = _Client([_reply("an-earlier-request"), _reply("request-1")])
    kernel.share_cores(_Manager(client), 2)
    (code, options), = client.sent
    assert "use_cores(" in code and options == {"silent": True, "store_history": False}
    assert client.replies == [] and client.channels is None  # both replies read, channels closed


def test_only_the_shell_channel_is_opened():
    client = _Client([_reply("request-1")])
    opened = []
    client.stop_channels = lambda: opened.append(dict(client.channels))
    kernel.fresh_namespace(_Manager(client))
    assert opened == [{"shell": True, "iopub": False, "stdin": False, "hb": False, "control": False}]


def test_an_error_in_the_kernel_is_raised_with_its_name():
    client = _Client([_reply("request-1", "error", ename="OSError", evalue="disk full")])
    with pytest.raises(RuntimeError, match="the kernel could not be reset: OSError: disk full"):
        kernel.fresh_namespace(_Manager(client))


def test_a_dead_kernel_is_reported_without_waiting_for_the_timeout():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="the kernel could not be reset: the kernel has died"):
        kernel.fresh_namespace(_Manager(_Client([]), alive=False), timeout=60)
    assert time.monotonic() - started < 10


def test_a_silent_kernel_times_out_with_the_request_named():
    with pytest.raises(TimeoutError, match="could not be given its share of the cores: .* in 1 s"):
        kernel.share_cores(_Manager(_Client([_reply("another-request")])), 2, timeout=1)


_BURN = """
import time
from analysis.config import RunConfig
from analysis.engine.local import LocalEngine

def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds

LocalEngine(RunConfig(workers=2, progress=False)).run([(0, burn, (1.5,)), (1, burn, (1.5,))], "burn")
"""


def test_a_kernel_stops_its_worker_processes_before_it_is_shut_down(tmp_path):
    """The kernel's shutdown kills its process group: the engine's worker processes are stopped and
    waited for first, so that their CPU time is in the account of the kernel's parent (what
    ``benchmarks/bench_report.py`` reads); killed with the kernel, they would be reaped by no one."""
    import resource

    from analysis.runner import kernel_name

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        client = km.blocking_client()
        client.start_channels()
        try:
            reply = client.execute_interactive(_BURN, timeout=120)
        finally:
            client.stop_channels()
        assert reply["content"]["status"] == "ok"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu >= 2.8, f"the workers' 3 s of CPU are not counted: {cpu:.2f} s"


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_kernel_talks_over_unix_sockets_only_its_user_may_open(tmp_path, capfd):
    """Not over TCP, where any local user can read the kernel's traffic (and ipykernel prints a
    warning into the report's output on every start); the sockets' folder goes with the kernel."""
    from analysis.runner import kernel_name

    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        folder = Path(km.ip).parent
        assert km.transport == "ipc"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert len(list(folder.glob("kernel-*"))) == 5  # shell, iopub, stdin, control, heartbeat
        assert _answer(km, "print(6 * 7)") == "42\n"
    assert not folder.exists()
    assert "without encryption" not in capfd.readouterr().err


def test_a_kernel_falls_back_to_tcp_where_a_socket_path_would_be_too_long(tmp_path, monkeypatch):
    """A socket address holds about 107 bytes: under a long temporary folder the kernel still starts."""
    from analysis.runner import kernel_name

    deep = tmp_path / ("t" * 60) / ("u" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        assert km.transport == "tcp"
        assert _answer(km, "print(6 * 7)") == "42\n"
    assert not list(deep.iterdir())


def _answer(km, code: str) -> str:
    """What ``code`` prints in the kernel."""
    client = km.blocking_client()
    client.start_channels()
    printed = []
    try:
        reply = client.execute_interactive(
            code, timeout=60, output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok"
    return "".join(printed)


def test_a_kernel_that_cannot_start_leaves_no_socket_folder(tmp_path, monkeypatch):
    """An unknown kernelspec: the error reaches the caller and the sockets' folder is gone."""
    from jupyter_client.kernelspec import NoSuchKernel

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(NoSuchKernel):
        with kernel.shared_kernel("no-such-kernel-berita", tmp_path / "cwd"):
            pass
    assert not list(tmp_path.glob("berita-kernel-*"))


def test_the_runner_starts_kernels_without_loading_pandas():
    """What the runner does before its kernels start (its imports, the notebooks' parameters and
    their rules, the machine's cores) loads neither pandas nor Dask: about 0.3 s sooner on every
    report. (papermill, which reads the parameters, brings pyarrow's file systems and NumPy.)"""
    import subprocess
    import sys

    code = ("import sys; from analysis import runner, parameters, kernel;"
            "parameters.notebook_parameters(runner.notebooks()); kernel._cores();"
            "print(sorted(m for m in ('pandas', 'dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    assert out.strip() == "[]"


def test_the_engine_classes_are_listed_before_their_first_use():
    """``analysis.engine`` imports its engine classes on first use; ``dir`` names them all along."""
    import subprocess
    import sys

    code = ("import analysis.engine as e; listed = set(e.__all__) <= set(dir(e));"
            "print(listed, e.LocalEngine.__module__, e.DaskEngine.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    assert out.split() == ["True", "analysis.engine.local", "analysis.engine.dask"]


def test_notebooks_run_on_the_client_the_kernel_was_started_with(tmp_path):
    """papermill connects no client of its own on a shared kernel (each new one waits 0.2 s for
    IOPub), and the kept client still gets its replies after the runner's own requests between
    notebooks (clients of the same session share a socket identity: the kernel's replies would
    go to the other one and the notebook would wait until its timeout)."""
    import nbformat
    import papermill as pm

    from analysis.runner import kernel_name

    source = nbformat.v4.new_notebook()
    source.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}),
                    nbformat.v4.new_code_cell("print(x * 10)")]
    source.metadata["kernelspec"] = {"name": kernel_name(), "display_name": "Python", "language": "python"}
    nbformat.write(source, tmp_path / "in.ipynb")
    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        options, made = kernel.papermill_options(km), []
        assert options["kc"] is not None and options["km"] is km
        client = km.client
        km.client = lambda **kw: made.append(kw) or client(**kw)
        for x in (1, 2, 3):
            if x > 1:
                kernel.fresh_namespace(km)
                kernel.share_cores(km, 2)
            made.clear()
            run = threading.Thread(target=pm.execute_notebook, daemon=True, kwargs=dict(
                input_path=str(tmp_path / "in.ipynb"), output_path=str(tmp_path / "out.ipynb"), parameters={"x": x},
                progress_bar=False, **kernel.papermill_options(km)))
            run.start()
            run.join(60)
            if run.is_alive():  # a reply that never comes: end the wait (the kernel's death ends it)
                km.shutdown_kernel(now=True)
                run.join(30)
                pytest.fail(f"notebook {x}: no answer from the kernel in 60 s")
            assert made == [], "papermill connected a client of its own"
            printed = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs[0]["text"]
            assert printed == f"{x * 10}\n"


def test_a_kernel_keeps_its_history_in_memory(tmp_path):
    """A report's cells (its parameters, the corpus's path) do not go into the user's IPython
    history file, as with the kernels nbclient starts itself."""
    from analysis.runner import kernel_name

    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        client = km.blocking_client()
        client.start_channels()
        try:
            reply = client.execute_interactive(
                "", user_expressions={"file": "str(get_ipython().history_manager.hist_file)"}, timeout=60)
        finally:
            client.stop_channels()
    assert reply["content"]["user_expressions"]["file"]["data"]["text/plain"] == "':memory:'"


def test_a_kernel_and_its_worker_processes_run_blas_on_one_thread_unless_told_otherwise(tmp_path, monkeypatch):
    """OpenBLAS's threads only spin in the report's processes: the kernel has OPENBLAS_NUM_THREADS=1
    in its environment, as have the engine's worker processes it starts (each reads its own:
    ``os.getenv`` is sent by name, and the tasks run in other processes); a value the caller's
    environment sets is passed on instead."""
    from analysis.runner import kernel_name

    ask = ("import os\nfrom analysis.engine.local import LocalEngine, stop_workers\n"
           "from analysis.config import RunConfig\n"
           "tasks = [(0, os.getenv, ('OPENBLAS_NUM_THREADS',)), (1, os.getenv, ('OPENBLAS_NUM_THREADS',)), "
           "(2, os.getpid, ())]\n"
           "found = LocalEngine(RunConfig(workers=2, progress=False)).run(tasks, 'env')\n"
           "stop_workers()\n"
           "print(os.getenv('OPENBLAS_NUM_THREADS'), found[0], found[1], found[2] != os.getpid())\n")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        assert "1 1 1 True" in _answer(km, ask).splitlines()
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    with kernel.shared_kernel(kernel_name(), tmp_path) as km:
        assert "3" in _answer(km, "import os; print(os.getenv('OPENBLAS_NUM_THREADS'))").splitlines()
