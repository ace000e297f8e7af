"""The Jupyter kernels that run a report's notebooks, with a fresh namespace for each notebook.

papermill starts a kernel per notebook, and every notebook then imports pandas, matplotlib,
seaborn and the package again: on a small corpus that start-up is most of the report's time.
:func:`shared_kernel` starts the project's kernel once, in the run's working folder, and the
runner hands it to papermill for every notebook, with the client connected when it started
(:func:`papermill_options`: no new client, and no wait for it, per notebook);
:func:`fresh_namespace` empties it between notebooks, as a new kernel would be, apart from the
imported modules: the user namespace, the history and ``In``/``Out`` are cleared, the execution
count starts again at 1 and every figure is closed (the display settings are applied by each
notebook's first cell, :func:`analysis.outputs.setup_notebook`; the figure style, in a kernel that
has not imported matplotlib yet, when the notebook imports ``analysis.plots``). What a
notebook shows and writes is therefore the same as in a kernel of its own; a test runs the
report both ways and compares the executed notebooks' outputs and the tables. On two cores or
more a small corpus gets two such kernels (:func:`kernel_count`): the runner runs the first
notebook alone until it has written the tables the others read, then gives each following
notebook to whichever kernel is free, apart from the costliest, which waits for the first
notebook's kernel (:func:`side_by_side`).

``python -m analysis notebooks`` (the committed outputs that nbval checks, each notebook in a
kernel of its own as nbval runs it) does not use it.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .config import PROJECT

__all__ = ["WARM_UP", "KERNEL_ENV", "SIDE_BY_SIDE_BYTES", "kernel_count", "start_order", "side_by_side",
           "shared_kernel", "papermill_options", "share_cores", "fresh_namespace", "light_imports"]

#: Added to the kernels' environment (:func:`shared_kernel`; what this process's environment or the
#: kernelspec sets wins): numpy's and scipy's OpenBLAS start threads that spin waiting for work, while the
#: kernels and their worker processes (which inherit it) work in parallel as processes (Dask sets it too).
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1"}

#: Run in the kernel before it is shut down: the engine's worker processes and a kept Dask cluster
#: are stopped and waited for (the shutdown kills the kernel's process group: they would be killed
#: in the middle of whatever they do, and their CPU time lost from the kernel's account).
_STOP = """\
import sys as _sys
for _module, _stop in (("analysis.engine.local", "stop_workers"), ("analysis.engine.dask", "stop_cluster")):
    if _module in _sys.modules:
        getattr(_sys.modules[_module], _stop)()
del _sys, _module, _stop
"""

#: Run in a kernel before each notebook after the first when kernels run side by side: the engine's
#: automatic worker processes use the kernel's share of the cores (``engine.local.use_cores``); the
#: first notebook runs alone and has them all.
_CORE_SHARE = """\
import analysis.engine.local as _local
_local.use_cores({})
del _local
"""

#: Run in the kernel before every notebook after the first (nothing is printed, nothing counted).
#: IPython's reset also deletes the main module's ``__spec__``, ``__loader__``, ``__package__`` and
#: ``__doc__``, which starting a process with ``spawn`` reads (a Dask LocalCluster's workers, the
#: local engine's worker processes): they are put back as a new kernel has them.
_RESET = """\
(lambda kept: (get_ipython().reset(new_session=True), get_ipython().user_ns.update(kept)))(
    {k: v for k, v in get_ipython().user_ns.items() if k in ("__spec__", "__loader__", "__package__", "__doc__")})
import matplotlib.pyplot as _plt
_plt.close("all")
del _plt
"""


def light_imports() -> None:
    """Keep a heavy optional import out of this process: jsonschema (loaded by nbformat and
    papermill) imports ``rfc3987_syntax`` when it is installed and compiles its 38 grammars
    (about 5 s on 2 cores) for the ``iri`` string formats, which notebook validation never uses.

    Returns
    -------
    None

    Examples
    --------
    >>> light_imports()
    >>> import jsonschema  # still works, without the iri format checkers
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


#: What every notebook imports first, sent to the kernel as soon as it is up, so that it imports
#: while the runner prepares the first notebook (modules stay loaded across fresh namespaces);
#: ``analysis.source_plots`` imports seaborn, through :mod:`analysis.lazy_imports`. The rules the
#: later stages compile once per process (actor gazetteer, quotation rules, date grammar, stopword
#: list: about 0.2 s) are built too, while this kernel waits for the first notebook's corpus.
WARM_UP = ("import pandas, matplotlib.pyplot\n"
           "import analysis.notebook, analysis.pipeline, analysis.plots, analysis.source_plots, analysis.counts\n"
           "import analysis._gazetteer, analysis.quote_rules, analysis.quotes, analysis.dates.grammar, analysis.tokens\n"
           "analysis._gazetteer.gazetteer(), analysis.quote_rules.quote_rules(), analysis.dates.grammar.compiled()\n"
           "analysis.tokens.load_stopwords()\n"
           "__import__('gc').freeze()\n")  # the modules' objects out of every later full collection

#: The first notebook's kernel imports only what that notebook needs to load the corpus: every other
#: notebook waits for the corpus, so it loads while the other kernels import matplotlib and the
#: plotting modules; this kernel imports them at its first figure (``notebook.setup`` leaves the
#: figure style to ``analysis.plots`` until matplotlib is imported).
_FIRST_WARM_UP = "import pandas\nimport analysis.notebook, analysis.pipeline\n__import__('gc').freeze()\n"


#: The largest corpus (bytes on disk, a compressed file counted four times) whose notebooks run on
#: two kernels side by side by default: each kernel holds its notebook's tables, and notebooks 02
#: and 03 hold every line and text of the corpus (about 30 times its size), so the memory rule of
#: :func:`kernel_count` decides first on most machines (100,000 CLICK-ID articles, a 198 MB file: about
#: 4.5 GB a kernel; the whole report in 207 s on two kernels, 462 s on one in an earlier run).
SIDE_BY_SIDE_BYTES = 2**30


def kernel_count(requested: int | None, corpus: Path, engine: str = "pandas") -> int:
    """How many kernels execute a run's notebooks.

    Parameters
    ----------
    requested : int or None
        The number asked for (``--kernels``); ``None`` chooses.
    corpus : Path
        The corpus (a folder or a file).
    engine : str
        The run's ``engine`` parameter: with ``dask`` each kernel would start or share a cluster
        that already uses every core, so one kernel.

    Returns
    -------
    int
        ``requested`` when given; else 2 when the machine has two cores or more, the engine is
        ``pandas``, the corpus is at most :data:`SIDE_BY_SIDE_BYTES` and the memory available
        holds two notebooks on it (about 30 bytes per byte of corpus each); else 1.

    Examples
    --------
    >>> kernel_count(3, Path("seeds"))
    3
    >>> kernel_count(None, Path("seeds"), engine="dask")
    1
    """
    if requested is not None:
        if isinstance(requested, bool) or not isinstance(requested, int) or requested < 1:
            raise ValueError(f"parameter requested must be a whole number of at least 1, not {requested!r}")
        return requested
    if engine != "pandas" or _cores() < 2:
        return 1
    size = _corpus_bytes(Path(corpus), SIDE_BY_SIDE_BYTES)
    return 2 if size <= SIDE_BY_SIDE_BYTES and size * 2 * _BYTES_PER_CORPUS_BYTE <= _available_memory() else 1


#: Memory a notebook may hold per byte of corpus (notebooks 02 and 03 at 10^5 CLICK-ID articles:
#: 4.8 GB for 170 MB).
_BYTES_PER_CORPUS_BYTE = 30


def _cores() -> int:
    """The cores this process may use (``engine.local.machine_cores``: the CPU affinity and a
    container's quota)."""
    from .engine.local import machine_cores

    return machine_cores()


def _available_memory() -> float:
    """Bytes of memory available now (psutil, installed with Dask), or infinity if unknown."""
    try:
        import psutil

        return float(psutil.virtual_memory().available)
    except Exception:  # noqa: BLE001 - no psutil, or no such figure on this system
        return float("inf")


def _corpus_bytes(path: Path, limit: int) -> int:
    """The corpus' bytes on disk (compressed files four times), counted until above ``limit``."""
    files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
    total = 0
    for file in files:
        total += file.stat().st_size * (4 if file.suffix in {".gz", ".bz2", ".xz", ".zst"} else 1)
        if total > limit:
            break
    return total


def start_order(paths: list[Path]) -> list[Path]:
    """The order in which kernels side by side take the notebooks: the costliest first, so that
    the kernels finish at about the same time (:func:`side_by_side` keeps the first of them for
    the kernel that ran the first notebook).

    A notebook's cost is the number in its metadata under ``berita-coverage`` → ``cost`` (the
    report's notebooks state theirs: counting terms and finding quotes cost the most); a
    notebook without one (or with no positive number there) costs 1. Equal costs keep the order
    of ``paths``.

    Parameters
    ----------
    paths : list of Path
        The notebooks.

    Returns
    -------
    list of Path
        The same notebooks, costliest first.

    Examples
    --------
    >>> from analysis.runner import notebooks
    >>> [p.name for p in start_order(notebooks()[1:])]
    ['03_terms.ipynb', '05_sources.ipynb', '04_dates.ipynb', '06_copies.ipynb', '02_clean.ipynb']
    """
    def cost(path: Path) -> float:
        try:
            value = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(PROJECT, {}).get("cost", 1)
        except (OSError, ValueError, AttributeError):
            return 1.0
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else 1.0

    costs = {path: cost(path) for path in paths}
    return sorted(paths, key=lambda path: -costs[path])


def side_by_side(paths: list[Path], kernels: int, run_one: Callable, kernel_name: str, cwd: Path,
                 then: Callable | None = None, ready: Callable | None = None) -> bool:
    """Run notebooks on up to ``kernels`` kernels (:func:`shared_kernel`): the first notebook alone
    (it builds the stage caches the others read) until it ends or ``ready()`` says what the
    others read is written, then each of the others, in :func:`start_order` on several kernels,
    on whichever kernel is free. The first notebook's kernel starts alone, the others once it has
    taken that notebook: they would only wait for it, and their start would slow its own.

    The costliest of the others is kept for the first notebook's kernel, which is free last: it
    still runs the rest of the first notebook and renders its page while the other kernels start
    on the next ones. Given to the kernel free first, it would leave only the cheap notebooks for
    the other and that kernel idle at the end (on the report's notebooks, measured in turns: about
    3% sooner on ``seeds/``, 6% on 10,000 articles). Once it is the only one left, any free
    kernel takes it.

    Parameters
    ----------
    paths : list of Path
        The notebooks, in order.
    kernels : int
        How many kernels at most (no more are started than there are notebooks after the first).
    run_one : callable
        ``run_one(km, path, used)`` runs one notebook on the kernel ``km`` (``used``: it ran one
        before) and returns whether it succeeded; called from the kernels' threads.
    kernel_name, cwd
        As for :func:`shared_kernel`.
    then : callable, optional
        ``then(km, path)`` finishes a notebook that ran (e.g. renders its page) and returns
        whether that succeeded, on the same kernel before its next notebook;
        the first notebook's ``then`` runs while the other kernels start on theirs.
    ready : callable, optional
        ``ready()`` is true once the first notebook has written what the others read (asked every
        0.05 s while it runs): the others then start without waiting for the rest of it.

    Returns
    -------
    bool
        True when every notebook ran; after a failure no kernel takes another notebook. On
        Ctrl-C (or an error starting a kernel) every kernel is shut down at once and the
        exception raised: the kernels run in daemon threads, not waited for.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     side_by_side([Path("a"), Path("b")], 2, lambda km, path, used: km.is_alive(), "python3", Path(d))
    True
    """
    kernels = max(1, min(kernels, len(paths) - 1))
    first, waiting = paths[0], start_order(paths[1:]) if kernels > 1 else list(paths[1:])
    lock, first_done, failed, first_taken = threading.Lock(), threading.Event(), threading.Event(), threading.Event()
    started, running, errors = [], [], []
    reserved = waiting[:1] if kernels > 1 else []

    def stop() -> None:  # no kernel takes another notebook; the waiting ones wake up
        for event in (failed, first_done, first_taken):
            event.set()

    def take(used: bool, first_kernel: bool) -> Path | None:
        with lock:
            if failed.is_set():  # stopped (a failure, Ctrl-C, a kernel that did not start)
                return None
            if not used and not started:
                started.append(first)
                first_taken.set()
                return first
        while not (first_done.wait(None if ready is None else 0.05) or ready()):
            pass
        with lock:
            if failed.is_set() or not waiting:
                return None
            # the costliest goes to the first notebook's kernel, which is free last (it ends that
            # notebook and renders its page); the others start on the next ones meanwhile
            at = 1 if reserved and not first_kernel and len(waiting) > 1 and waiting[0] == reserved[0] else 0
            if first_kernel:
                reserved.clear()
            started.append(waiting.pop(at))
            return started[-1]

    def work(later: bool) -> None:
        if later and (first_taken.wait() and failed.is_set()):  # the first notebook's kernel starts alone
            return
        try:
            with shared_kernel(kernel_name, cwd, warm_up=WARM_UP if later else _FIRST_WARM_UP) as km:
                running.append(km)
                used = first_kernel = False
                while (path := take(used, first_kernel)) is not None:
                    first_kernel = first_kernel or path == first
                    ok, used = run_one(km, path, used), True
                    if not ok:
                        failed.set()
                    if path == first:
                        first_done.set()
                    if not (ok and (then is None or then(km, path))):
                        failed.set()
                        break
        except BaseException as exc:  # noqa: BLE001 - raised in the calling thread
            errors.append(exc)
            stop()

    _run_threads([threading.Thread(target=work, args=(i > 0,), daemon=True) for i in range(kernels)],
                 errors, stop, running)
    return not failed.is_set()


def _run_threads(threads: list, errors: list, stop: Callable, running: list) -> None:
    """Start the kernels' threads and wait for them; on an error in one (a kernel that did not
    start) or Ctrl-C, ``stop()`` them, shut the ``running`` kernels down at once and raise."""
    try:
        for thread in threads:
            thread.start()
        while alive := [thread for thread in threads if thread.is_alive()]:
            if errors:  # a kernel that did not start: stop the others now
                raise errors[0]
            alive[0].join(0.2)
    except BaseException:
        stop()
        _shut_down(list(running))  # a kernel that starts after this takes no notebook (take)
        raise
    if errors:
        raise errors[0]


def _shut_down(kernels: list) -> None:
    """Shut the running kernels down at once (after Ctrl-C or a kernel that did not start)."""
    for km in kernels:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - already gone
            pass


@contextmanager
def shared_kernel(kernel_name: str, cwd: Path, startup_timeout: int = 60, warm_up: str = ""):
    """Start one kernel in ``cwd`` (this process's environment, :data:`KERNEL_ENV` added) and shut it
    down when the block ends (also on errors), after stopping the engine's worker processes and Dask
    cluster it started (``engine.local.stop_workers``, ``engine.dask.stop_cluster``).

    On POSIX systems the kernel talks over Unix sockets in a new temporary folder that only the
    user may open (removed with the kernel), not over TCP on localhost, where other local users
    could read what it sends and ipykernel warns so on every start; where a socket's path would be
    too long for the system (a long ``TMPDIR``), it falls back to TCP.

    Parameters
    ----------
    kernel_name : str
        The kernelspec (e.g. :func:`analysis.runner.kernel_name`).
    cwd : Path
        The kernel's working folder (where relative paths are taken from).
    startup_timeout : int
        Seconds to wait for the kernel to answer.
    warm_up : str
        Code the kernel runs right away, silently and without waiting for it (e.g.
        :data:`WARM_UP`); the first notebook's cells queue behind it. An error in it is not
        reported (the notebook's own import then fails with its message).

    Returns
    -------
    contextmanager of jupyter_client.KernelManager
        The running kernel's manager; :func:`papermill_options` hands papermill it and the
        client connected to it here, kept open while the kernel runs.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, shared_kernel("python3", Path(d)) as km:
    ...     km.is_alive()
    True
    """
    from jupyter_client.manager import KernelManager
    from jupyter_client.session import Session

    with tempfile.TemporaryDirectory(prefix="berita-kernel-", ignore_cleanup_errors=True) as sockets:
        km = KernelManager(kernel_name=kernel_name, **_transport(Path(sockets)))
        # the history in memory, as nbclient starts its kernels: a report's cells (its parameters,
        # the corpus's path) are not added to the user's IPython history on disk
        km.start_kernel(cwd=str(cwd), env={**KERNEL_ENV, **os.environ},
                        extra_arguments=["--HistoryManager.hist_file=:memory:"])
        client = None
        try:
            # a session of its own: a client's socket identity is its session's id, and the clients
            # of _run_silently (km's session) would otherwise take its replies from the kernel
            client = km.client(session=Session(key=km.session.key, signature_scheme=km.session.signature_scheme))
            client.allow_stdin = False
            client.start_channels()
            _wait_until_ready(client, startup_timeout)
            if warm_up:
                client.execute(warm_up, silent=True, store_history=False)
            _CLIENTS[id(km)] = client
            yield km
        finally:
            _CLIENTS.pop(id(km), None)
            try:
                if client is not None:
                    client.stop_channels()
            except Exception:  # noqa: BLE001 - the kernel is still stopped and shut down below
                pass
            try:
                if km.is_alive():
                    _run_silently(km, _STOP, 120, "the kernel's worker processes could not be stopped")
            except Exception:  # noqa: BLE001 - a kernel that failed or went silent is killed all the same
                pass
            _kill(km)
            km.shutdown_kernel(now=True)


def _kill(km) -> None:
    """Kill the kernel's process group and wait for the kernel's process, before jupyter_client's
    ``shutdown_kernel(now=True)`` (which kills it the same way but then checks every 0.1 s whether it
    has ended: 0.1 s at the end of every run). Without SIGKILL or a local process, nothing is done."""
    import signal

    process = getattr(km.provisioner, "process", None)
    if process is None or not hasattr(signal, "SIGKILL"):
        return
    try:
        km.signal_kernel(signal.SIGKILL)
        process.wait(timeout=5)
    except Exception:  # noqa: BLE001 - shutdown_kernel kills and waits for it all the same
        pass


def _wait_until_ready(client, timeout: float) -> None:
    """jupyter_client's ``wait_for_ready`` without its last step: the kernel has answered a
    ``kernel_info`` request on the shell channel and a message has come on IOPub (the
    subscription is live), without then waiting for 0.2 s of silence on IOPub, which delayed
    every kernel's warm-up by that much. Messages left on IOPub are the kernel's status for
    those requests; nbclient reads only the messages of the request it waits for."""
    from jupyter_client import protocol_version_info

    deadline = time.monotonic() + timeout
    while True:
        client.kernel_info()
        try:
            reply = client.get_shell_msg(timeout=1)
        except queue.Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                pass
            else:  # as jupyter_client: a kernel of another protocol version gets its messages
                version = int(reply["content"]["protocol_version"].split(".")[0])
                if version != protocol_version_info[0]:
                    client.session.adapt_version = version
                return
        if not client.is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


#: The kernel clients :func:`shared_kernel` connected, by ``id`` of their kernel manager.
_CLIENTS: dict[int, object] = {}

#: The name under which :func:`papermill_options` registers its papermill engine.
PAPERMILL_ENGINE = "berita-shared-kernel"


def papermill_options(km) -> dict:
    """The keywords that make ``papermill.execute_notebook`` run a notebook on the kernel ``km``
    of :func:`shared_kernel`, through the client connected to it when it started.

    papermill connects a new client for every notebook, and jupyter_client's ``wait_for_ready``
    then waits 0.2 s for an IOPub message that a new subscription usually misses (the kernel's
    status for the first ``kernel_info`` request): a fifth of a second of nothing per notebook,
    on a report of a few seconds. The engine registered here (papermill's ``nbclient`` engine,
    given the connected client) skips that; a kernel not started by :func:`shared_kernel` gets a
    new client, as with papermill's own engine. The client's IOPub queue may hold messages of
    earlier requests: nbclient reads only those of the request it waits for.

    Parameters
    ----------
    km : jupyter_client.KernelManager
        The running kernel.

    Returns
    -------
    dict
        ``km``, ``kernel_name``, ``engine_name`` and ``kc`` (the connected client, or None).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, shared_kernel("python3", Path(d)) as km:
    ...     options = papermill_options(km)
    ...     options["engine_name"], options["kc"] is not None
    ('berita-shared-kernel', True)
    """
    return {"km": km, "kernel_name": km.kernel_name, "engine_name": _papermill_engine(), "kc": _CLIENTS.get(id(km))}


@functools.cache
def _papermill_engine() -> str:
    """Register (once) the engine of :func:`papermill_options`: papermill's ``nbclient`` engine
    whose notebook client uses the kernel client passed as ``kc``. papermill's engines are
    extended by writing ``execute_managed_notebook`` (its documentation, "Extending papermill");
    this one passes its arguments on as ``NBClientEngine.execute_managed_notebook`` does."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man, kc=None, **kw):
            super().__init__(nb_man, **kw)
            self.kc = kc  # nbclient's setup_kernel connects a new client only when this is None

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, kc=None,
                                     **kwargs):
            kwargs = remove_args(["input_path"], **kwargs)
            final = merge_kwargs(remove_args(["timeout", "startup_timeout"], **kwargs),
                                 timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                                 startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                 log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            return Client(nb_man, kc=kc, **final).execute()

    papermill_engines.register(PAPERMILL_ENGINE, SharedKernelEngine)
    return PAPERMILL_ENGINE


def _transport(folder: Path) -> dict:
    """The kernel's channels as Unix sockets in ``folder`` (a new folder only its user may open)
    where the system has them and the path fits a socket address (107 bytes); TCP on localhost
    otherwise, which ipykernel warns about on every start: any local user can read what the
    kernel sends (an encrypted TCP channel would need keys the kernel manager does not make)."""
    address = folder / "kernel"
    if os.name != "posix" or len(os.fsencode(f"{address}-65535")) > 100:
        return {}
    return {"transport": "ipc", "ip": str(address)}


def _run_silently(km, code: str, timeout: int, what: str) -> None:
    """Run ``code`` in the kernel and wait for its reply on the shell channel, not for the kernel's
    idle status on IOPub: a new client's IOPub subscription may not have reached the kernel when
    a short request is already done, and the status it missed would be waited for until the
    timeout (a failed CI run: "Timeout waiting for output"). Its output is not wanted, so the
    shell channel is the only one opened."""
    client = km.client()
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    try:
        msg_id = client.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{what}: the kernel did not answer in {timeout} s")
            try:
                reply = client.get_shell_msg(timeout=min(1.0, remaining))
            except queue.Empty:
                if not km.is_alive():
                    raise RuntimeError(f"{what}: the kernel has died") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
    finally:
        client.stop_channels()
    content = reply["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"{what}: {content.get('ename', '')}: {content.get('evalue', '')}")


def share_cores(km, kernels: int, timeout: int = 60) -> None:
    """Give the kernel its share of the machine's cores, one of ``kernels`` running side by side:
    the engine's automatic worker count (``engine.local.use_cores``) uses that many; the worker
    processes it started for more are stopped.

    Parameters
    ----------
    km : jupyter_client.KernelManager
        A running kernel (:func:`shared_kernel`).
    kernels : int
        The kernels sharing the machine (1: every core).
    timeout : int
        Seconds to wait for the kernel.

    Returns
    -------
    None
        Raises ``RuntimeError`` if the kernel could not run it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, shared_kernel("python3", Path(d)) as km:
    ...     share_cores(km, 2)
    """
    share = "None" if kernels <= 1 else str(max(1, _cores() // kernels))
    _run_silently(km, _CORE_SHARE.format(share), timeout, "the kernel could not be given its share of the cores")


def fresh_namespace(km, timeout: int = 60) -> None:
    """Empty the kernel's namespace, history and figures, and restart its execution count.

    Parameters
    ----------
    km : jupyter_client.KernelManager
        A running kernel (:func:`shared_kernel`).
    timeout : int
        Seconds to wait for the kernel.

    Returns
    -------
    None
        Raises ``RuntimeError`` if the kernel could not be reset.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, shared_kernel("python3", Path(d)) as km:
    ...     fresh_namespace(km)
    """
    _run_silently(km, _RESET, timeout, "the kernel could not be reset")
