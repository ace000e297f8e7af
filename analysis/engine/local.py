"""The local engine: the batches of a stage on this machine (``engine="pandas"``).

A stage of one batch runs in this process. A stage of several batches runs on worker processes
of this machine when ``config.workers`` allows more than one (by default one per core, at most
8): joblib's loky executor, whose workers are new interpreters (the caller's ``__main__`` is not
run again, so a script without an ``if __name__ == "__main__"`` guard works) kept for the later
stages of this Python process while they are busy at least every :data:`IDLE_SECONDS`, so a
kernel that executes the report's notebooks one after another starts them about once.
A task is a pure function of its batch, so the tables are the same with any number of workers
(tested); only the time and the memory change (each worker holds one batch at a time, and the
calling process up to ``workers + 1`` batches handed out and not yet done).

Results are yielded in task order as they come, so that :meth:`LocalEngine.count` adds each
batch's partial counts to running sums (``partials.combine_counts``) before the next ones
arrive: memory holds a few partials at a time, never all of them. The batches are handed to
the workers a few at a time (back-pressure on reading).

>>> from analysis.config import RunConfig
>>> LocalEngine(RunConfig(progress=False)).run([(i, abs, (-i,)) for i in range(3)], "demo")
[0, 1, 2]
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path

from . import Engine, Task, _progress, release_memory, reuse_memory

__all__ = ["LocalEngine", "worker_count", "machine_cores", "use_cores", "stop_workers"]

#: The most worker processes chosen by default (as the Dask engine's LocalCluster).
MAX_WORKERS = 8
#: Idle worker processes end after this many seconds (a new stage starts new ones).
IDLE_SECONDS = 300

_POOL: list = []  # [the executor, its number of workers], while started
_SHARE: list = []  # [cores], when this process may use only that many (use_cores)


def worker_count(requested: int = 0) -> int:
    """The number of worker processes a stage of several batches runs on.

    Parameters
    ----------
    requested : int
        ``config.workers``: 0 chooses one per core (:func:`machine_cores`, or the share given by
        :func:`use_cores`; at most :data:`MAX_WORKERS`); 1 runs every batch in this process; a
        number given is used as it is (the share does not limit it).

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> worker_count(1), worker_count(3), 1 <= worker_count(0) <= MAX_WORKERS
    (1, 3, True)
    """
    if requested:
        return int(requested)
    return max(1, min(_SHARE[0] if _SHARE else machine_cores(), MAX_WORKERS))


def machine_cores() -> int:
    """The cores this process may use: loky's count, which respects the CPU affinity and a
    container's CPU quota (``docker --cpus=2`` on a 64-core host: 2).

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> machine_cores() >= 1
    True
    """
    from joblib.externals.loky import cpu_count

    return max(1, int(cpu_count()))


def use_cores(cores: int | None) -> None:
    """How many of the machine's cores this process' automatic worker count may use: the report's
    runner gives each of the kernels it runs side by side its share (one of two cores: no worker
    processes), and the whole machine to the notebook that runs alone. Worker processes started
    for a larger share are stopped.

    Parameters
    ----------
    cores : int or None
        At least 1; None: every core of the machine.

    Returns
    -------
    None

    Examples
    --------
    >>> use_cores(1); worker_count(0)
    1
    >>> use_cores(None)
    """
    if cores is not None and (isinstance(cores, bool) or not isinstance(cores, int) or cores < 1):
        raise ValueError(f"parameter cores must be None or a whole number of at least 1, not {cores!r}")
    _SHARE[:] = [] if cores is None else [cores]
    if _POOL and _POOL[1] > worker_count(0):
        stop_workers()


def stop_workers() -> None:
    """Stop the worker processes (the next stage of several batches starts new ones).

    Returns
    -------
    None

    Examples
    --------
    >>> stop_workers()
    """
    if _POOL:
        pool, _ = _POOL
        _POOL.clear()
        pool.shutdown(wait=True, kill_workers=True)


def _pool(workers: int):
    """The worker processes (loky's reusable executor), started on first use, or again when their
    number changes or they were stopped or ended idle."""
    from joblib.externals.loky import get_reusable_executor

    pool = get_reusable_executor(max_workers=workers, timeout=IDLE_SECONDS)
    _POOL[:] = [pool, workers]
    return pool


def _discard_pool(pool) -> None:
    """After an interruption or a worker's death: ``pool``'s workers are ended (waited for), not
    reused; a pool started since by another stage is left alone."""
    if _POOL and _POOL[0] is pool:
        _POOL.clear()
    pool.shutdown(wait=True, kill_workers=True)


def _call(func, args: tuple):
    """In a worker: one task, then the memory it freed is given back to the system."""
    try:
        return func(*args)
    finally:
        release_memory()


def _handed_out(head: list, rest: Iterator) -> Iterator:
    """The tasks of ``head`` (taken out of ``rest`` to look ahead), then ``rest``: each task of
    ``head`` is let go of as it is handed out (``itertools.chain`` would hold them all to the end,
    and with them their batches)."""
    while head:
        yield head.pop(0)
    yield from rest


class LocalEngine(Engine):
    """Runs the tasks of a stage on this machine, in this process or on its worker processes.

    Parameters
    ----------
    config : RunConfig
        The run's settings (``workers``; ``progress`` shows a bar when a stage has more than
        one batch).

    Returns
    -------
    LocalEngine

    Examples
    --------
    >>> LocalEngine().name
    'pandas'
    """

    name = "pandas"

    def run(self, tasks: Iterable[Task], desc: str, total: int | None = None) -> list:
        """The results of the tasks, in task order (see :meth:`Engine.run`)."""
        with closing(self._results(tasks, desc, total)) as results:
            return list(results)

    def count(self, tasks: Iterable[Task], folder: Path, desc: str, total: int | None = None) -> dict:
        """The partial counts of the tasks added up as they come (see :meth:`Engine.count`); if
        adding up fails, the batches still running end before the error is raised."""
        from .partials import combine_counts

        try:
            with closing(self._results(tasks, desc, total)) as results:
                return combine_counts(results)
        finally:
            release_memory()  # what adding up freed

    def _results(self, tasks: Iterable[Task], desc: str, total: int | None) -> Iterator:
        """The results in task order: here for a single batch (or one worker), else on the workers."""
        tasks = iter(tasks)
        # the machine's cores are only looked up (machine_cores imports loky) when a second batch comes
        workers = worker_count(self.config.workers) if self.config.workers or _SHARE else None
        head = list(itertools.islice(tasks, 1 if workers == 1 else 2))
        if len(head) > 1 and workers is None:
            workers = worker_count(0)
        several, tasks = len(head) > 1 and workers > 1, _handed_out(head, tasks)
        if not several:
            yield from self._here(tasks, desc, total)
            return
        bar = _progress(total, desc, self.config.progress)
        with closing(self._on_workers(tasks, workers)) as results:
            for result in results:
                yield result
                bar.update(1)
        bar.close()

    def _here(self, tasks: Iterator[Task], desc: str, total: int | None) -> Iterator:
        """One task after another in this process (a bar from the second on); each batch reuses
        the memory the one before freed (:func:`reuse_memory`), given back when the stage ends."""
        bar = None
        reuse_memory()
        try:
            for index, func, args in tasks:
                if index == 1 and bar is None:
                    bar = _progress(total, desc, self.config.progress)
                    bar.update(1)
                yield func(*args)
                if bar is not None and index:
                    bar.update(1)
        finally:
            release_memory()
        if bar is not None:
            bar.close()

    @staticmethod
    def _on_workers(tasks: Iterator[Task], workers: int) -> Iterator:
        """The tasks on the worker processes, at most ``workers`` handed out beyond the result
        awaited; results in task order. When a task fails, the reader fails or the caller stops
        early, the tasks not started are cancelled and the running ones waited for (they write
        into the stage's folder, removed after the error); on Ctrl-C or a dead worker, the
        workers are ended instead."""
        from concurrent.futures import BrokenExecutor, wait

        pool, pending = _pool(workers), deque()
        try:
            for _, func, args in tasks:
                pending.append(pool.submit(_call, func, args))
                while len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException as exc:
            for future in pending:
                future.cancel()
            try:
                if isinstance(exc, (KeyboardInterrupt, BrokenExecutor)):
                    _discard_pool(pool)
                else:
                    wait(pending)
            except BaseException:  # Ctrl-C while waiting for them
                _discard_pool(pool)
                raise
            raise
