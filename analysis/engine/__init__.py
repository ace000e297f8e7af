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
branch on the engine. After each batch the freed memory is given back to the system
(:func:`release_memory`), so memory is bounded by the batch size, not the corpus.

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

__all__ = ["Task", "Engine", "engine_for", "release_memory", "LocalEngine", "DaskEngine"]

#: One batch of a stage: ``(index, func, args)``; the engine calls ``func(*args)``.
Task = tuple[int, Callable, tuple]


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
    """Give the memory freed by a batch back to the system.

    glibc keeps freed blocks of the heap otherwise, so the process would grow with the largest
    batch seen (pyarrow's own allocator keeps freed blocks as well); Dask's workers do the same
    between tasks.

    Returns
    -------
    None

    Examples
    --------
    >>> release_memory()
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on other C libraries."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
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
