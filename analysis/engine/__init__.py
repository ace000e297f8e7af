"""The engine layer: how the batches of a stage run, on this machine (one process or its worker
processes) or on a Dask cluster.

A stage hands its engine *tasks* ``(index, func, args)``, one per batch; ``func(*args)`` is a
pure, module-level function that reads its batch and writes what it makes as Parquet parts.
Every engine offers the same two calls, with the same results:

* :meth:`Engine.run` – the (small) results of the tasks, in task order;
* :meth:`Engine.count` – tasks that return the partial counts of a batch
  (``partials.partial_counts``), added up into one combined result with the semantics of
  ``partials.combine_counts``: the same settings check, one row per key, keys in sorted order.

:func:`engine_for` chooses the engine a :class:`~analysis.config.RunConfig` names: stages never
branch on the engine. Memory is bounded by the batch size, not the corpus: a worker process
gives what a batch freed back to the system after each batch (:func:`release_memory`); a process
running the batches itself reuses it for the next batch (:func:`reuse_memory`) and gives it back
when the stage ends.

>>> from analysis.config import RunConfig
>>> engine = engine_for(RunConfig(progress=False))
>>> engine.name, engine.run([(0, len, ("abc",)), (1, len, ("de",))], "lengths")
('pandas', [3, 2])
"""

from __future__ import annotations

import ctypes
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path

from ..config import RunConfig

__all__ = ["Task", "Engine", "engine_for", "reuse_memory", "release_memory", "scheduler_problem", "LocalEngine",
           "DaskEngine"]

#: One batch of a stage: ``(index, func, args)``; the engine calls ``func(*args)``.
Task = tuple[int, Callable, tuple]


def scheduler_problem(address: str, timeout: float = 5.0) -> str:
    """Why no Dask scheduler can be reached at ``address`` ("" when a TCP connection opens, or
    for a protocol other than TCP), found before a run writes anything: the client itself
    would wait 30 s, after the first notebook has started.

    Parameters
    ----------
    address : str
        ``tcp://host:port``, ``tls://host:port`` or ``host:port``.
    timeout : float
        Seconds to wait for the connection.

    Returns
    -------
    str
        The reason, or "".

    Examples
    --------
    >>> scheduler_problem("tcp://127.0.0.1:1")[:40]
    'no Dask scheduler answers at 127.0.0.1:1'
    """
    import socket

    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp", "tls") or not address:
        return ""
    host, _, port = rest.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except (OSError, ValueError) as exc:
        return f"no Dask scheduler answers at {host}:{port} ({type(exc).__name__}: {exc})"
    return ""


class Engine(ABC):
    """Runs the batches of a stage; every engine gives the same results.

    Parameters
    ----------
    config : RunConfig
        The run's settings (the engine reads ``scheduler`` and ``progress``).

    Returns
    -------
    Engine
        Use :func:`engine_for` to get the engine a configuration names.

    Examples
    --------
    >>> engine_for(RunConfig(engine="dask")).name
    'dask'
    """

    #: The name of the engine in :data:`~analysis.config.ENGINES`.
    name: str = ""
    #: Whether tasks run in other processes (maybe other machines): stages then hand them
    #: descriptions of their input (``readers.slices``), never the data.
    remote: bool = False

    def __init__(self, config: RunConfig | None = None):
        self.config = config if config is not None else RunConfig()

    @abstractmethod
    def run(self, tasks: Iterable[Task], desc: str, total: int | None = None) -> list:
        """Run every task; returns their results in task order (``desc`` and ``total`` label
        the progress bar)."""

    @abstractmethod
    def count(self, tasks: Iterable[Task], folder: Path, desc: str, total: int | None = None) -> dict:
        """Run tasks that each return the partial counts of a batch and add them up; returns the
        combined counts (``partials.combine_counts``'s result). ``folder`` (a stage's folder being
        written) may hold intermediate files while counting, removed once the counts are added up;
        an engine may leave sums there as parts (the Dask engine's ``counts_NAME`` n-gram parts)."""


def engine_for(config: RunConfig | None = None) -> Engine:
    """The engine ``config.engine`` names.

    Parameters
    ----------
    config : RunConfig or None
        The run's settings (None: the defaults).

    Returns
    -------
    Engine
        A :class:`LocalEngine` for ``"pandas"``, a :class:`DaskEngine` for ``"dask"``.

    Examples
    --------
    >>> type(engine_for()).__name__
    'LocalEngine'
    """
    config = config if config is not None else RunConfig()
    if not isinstance(config, RunConfig):
        raise ValueError(f"parameter config must be a RunConfig, not {type(config).__name__}")
    from .dask import DaskEngine
    from .local import LocalEngine

    return {engine.name: engine for engine in (LocalEngine, DaskEngine)}[config.engine](config)


def release_memory() -> None:
    """Give the memory freed by the batches back to the system.

    glibc keeps freed blocks of the heap otherwise, so the process would keep the most its
    batches held (pyarrow's own allocator keeps freed blocks as well). The local engine's worker
    processes call it after each batch, a process running a stage's batches itself after the
    stage's last one (which also ends :func:`reuse_memory`), Dask's workers after the stage.

    Returns
    -------
    None

    Examples
    --------
    >>> release_memory()
    """
    import pyarrow as pa

    if _REUSING:  # the stage is over: glibc's settings as its own adjustment leaves them
        _REUSING.clear()
        _set_thresholds(_SETTLED_MMAP, _SETTLED_TRIM)
    pa.default_memory_pool().release_unused()
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim(0)


#: While a process runs a stage's batches one after another, glibc serves blocks up to this size
#: from its heap and keeps up to this much freed at the heap's top (:func:`reuse_memory`).
REUSE_BYTES = 256 * 2**20


def reuse_memory() -> bool:
    """Let this process reuse the memory one batch frees for the next, until
    :func:`release_memory` ends the stage: it gives the memory back and puts glibc's settings back.

    By default glibc returns a freed block larger than its threshold (128 KiB, rising to 32 MiB
    as large blocks are freed) to the system at once, and every batch has the system hand it fresh,
    zeroed pages again; the engine also gave back everything after each batch. With blocks up to
    :data:`REUSE_BYTES` served from the main heap and as much kept at its top (``mallopt``; 32 MiB
    where an older glibc refuses more), the next batch reuses them. On a 2-core virtual machine,
    counting the terms of 10^5 articles in one process took 17.0 s (5.2 s of it system time
    handing out pages) before and 13.2 s (1.7 s) after, with a peak 1 to 3% higher; the scale
    benchmark's stages in one process peaked 13% higher (1.68 GB against 1.48). Memory freed by
    other threads is not covered (their heaps are at most 64 MiB); pyarrow has its own allocator.

    Returns
    -------
    bool
        Whether glibc took the settings (False on other C libraries: nothing changes).

    Examples
    --------
    >>> reuse_memory() in (True, False)
    True
    >>> release_memory()
    """
    if _set_thresholds(REUSE_BYTES, REUSE_BYTES) or _set_thresholds(_HEAP_HALF, REUSE_BYTES):
        _REUSING[:] = [True]
        return True
    _set_thresholds(_SETTLED_MMAP, _SETTLED_TRIM)
    return False


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
#: The largest mmap threshold older glibc takes (half its 64 MiB heaps), and the settings glibc's own
#: adjustment reaches once large blocks have been freed (it stops adjusting once one is set).
_HEAP_HALF = 32 * 2**20
_SETTLED_MMAP, _SETTLED_TRIM = 32 * 2**20, 64 * 2**20
_REUSING: list = []  # [True] between reuse_memory and release_memory


def _set_thresholds(mmap: int, trim: int) -> bool:
    """glibc's mmap and trim thresholds; whether it took both."""
    mallopt = _glibc("mallopt")
    return mallopt is not None and bool(mallopt(_M_MMAP_THRESHOLD, mmap)) and bool(mallopt(_M_TRIM_THRESHOLD, trim))


@functools.cache
def _glibc(function: str):
    """glibc's ``function`` (``mallopt``, ``malloc_trim``), or None on other C libraries."""
    try:
        return getattr(ctypes.CDLL("libc.so.6"), function)
    except (OSError, AttributeError):
        return None


def _progress(total: int | None, desc: str, enabled: bool):
    """A text progress bar on stderr: readable in a terminal and in JupyterLab alike
    (no widget library needed)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="batch", disable=not enabled, leave=False)


def __getattr__(name: str):
    """The engine classes, imported on first use (they build on the base class above): reading
    the machine's cores (``local.machine_cores``) loads neither pandas nor Dask, so the report's
    runner starts its kernels sooner."""
    if name in ("LocalEngine", "DaskEngine"):
        from .dask import DaskEngine
        from .local import LocalEngine

        return {"LocalEngine": LocalEngine, "DaskEngine": DaskEngine}[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names with the engine classes imported on first use (``dir``, ``pydoc``)."""
    return sorted({*globals(), "LocalEngine", "DaskEngine"})
