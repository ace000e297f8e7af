"""The local engine: the batches one after another in this process (``engine="pandas"``).

Results are yielded as they come, so that :meth:`LocalEngine.count` adds each batch's partial
counts to running sums (``partials.combine_counts``) before the next batch is read: memory holds a
few partials at a time, never all of them.

>>> from analysis.config import RunConfig
>>> LocalEngine(RunConfig(progress=False)).run([(i, abs, (-i,)) for i in range(3)], "demo")
[0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from . import Engine, Task, _progress, release_memory

__all__ = ["LocalEngine"]


class LocalEngine(Engine):
    """Runs the tasks of a stage in this process, in order.

    Parameters
    ----------
    config : RunConfig
        The run's settings (``progress`` shows a bar when a stage has more than one batch).

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
        return list(self._results(tasks, desc, total))

    def count(self, tasks: Iterable[Task], folder: Path, desc: str, total: int | None = None) -> dict:
        """The partial counts of the tasks added up as they come (see :meth:`Engine.count`)."""
        from .partials import combine_counts

        return combine_counts(self._results(tasks, desc, total))

    def _results(self, tasks: Iterable[Task], desc: str, total: int | None) -> Iterator:
        """Run the tasks one after another, yielding each result as it comes."""
        bar = None
        for index, func, args in tasks:
            if index == 1 and bar is None:  # a bar only when there is more than one batch
                bar = _progress(total, desc, self.config.progress)
                bar.update(1)
            yield func(*args)
            release_memory()
            if bar is not None and index:
                bar.update(1)
        if bar is not None:
            bar.close()
