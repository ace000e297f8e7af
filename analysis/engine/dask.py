"""The Dask engine: the batches as tasks on a Dask cluster (``engine="dask"``); the same tables.

The cluster is an existing one at ``config.scheduler``, or a ``LocalCluster`` sized to the machine
and kept for the process' later stages (:func:`dask_client`). Tasks are submitted a few ahead of
the workers (back-pressure on reading) and their results stay on the workers until all are done.

:meth:`DaskEngine.count` adds up partial counts without bringing them to the client: each batch
writes its partial tables as Arrow IPC files and reports the words of their key columns; the client
builds the corpus vocabulary from those and sends it to the workers, which code every table's keys as
integers (all key columns packed into one int64 when they fit in :data:`KEY_BITS`) and split the
rows by hash partition of their keys; each partition is added up on a worker. The n-gram sums stay
there as Parquet parts (:data:`SPILLED`); of the other tables only the sums come back, decoded with
the vocabulary into the frame ``partials.combine_counts`` gives (rows in sorted key order, sorted
categories).

>>> DaskEngine().name, KEY_BITS
('dask', 63)
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import Parts
from . import Engine, Task, _progress, release_memory
from . import partials
from .partials import KEY_BITS, check_settings

__all__ = ["DaskEngine", "dask_client", "stop_cluster", "SPILLED", "ROWS_PER_PARTITION", "IDLE_SECONDS",
           "WORKER_WAIT_SECONDS"]

#: The partial tables whose sums grow with the corpus (every distinct n-gram): added up per hash
#: partition on the workers and kept as Parquet parts, never brought to the client whole.
SPILLED = ("ngrams", "bigram_fd")

#: Partial rows (before adding up) per hash partition: what one worker holds while it adds up a
#: partition (about 24 bytes a row, a few times over while sorting).
ROWS_PER_PARTITION = 4_000_000

# Keys whose columns need at most KEY_BITS bits in all are packed into one int64 before they are
# sorted and added up (``partials.sum_rows``); wider keys (a vocabulary of millions of words in
# 3-grams) are sorted column by column. ``check_settings`` is the one check that the partials of a
# corpus are complete and agree in their n-gram settings, shared with ``partials.combine_counts``
# (the local engine's sum).


#: A LocalCluster idle this many seconds is closed (the next stage starts a new one).
IDLE_SECONDS = 300
#: A kept LocalCluster without a worker for this many seconds is replaced by a new one.
WORKER_WAIT_SECONDS = 30

# The kept LocalCluster, as [entry]: {"cluster", "client", "users" (stages using it), "timer" (its
# idle close, or None), "discard" (closed when its last stage is done)}. Kept across a module
# reload (autoreload), so that a reload does not lose track of running worker processes.
_KEPT: list = globals().get("_KEPT", [])
_KEPT_LOCK = globals().get("_KEPT_LOCK") or threading.RLock()
_AT_EXIT: list = globals().get("_AT_EXIT", [])


@contextmanager
def dask_client(scheduler: str = ""):
    """A client of the cluster at ``scheduler``, or of this process' LocalCluster.

    The LocalCluster (one single-threaded worker process per core, at most 8) is started on
    first use and kept for the later stages of this process, as the local engine keeps its
    worker processes: its workers start and import the package once, not once per stage. It
    is closed after :data:`IDLE_SECONDS` without a stage, at exit, by :func:`stop_cluster`, and
    after a stage that failed or was interrupted (the next one starts a new cluster). Its client
    is the current client only inside the block (``dask.compute`` elsewhere is not sent to it).

    Parameters
    ----------
    scheduler : str
        Address of an existing Dask scheduler; empty: the LocalCluster.

    Returns
    -------
    contextlib.AbstractContextManager
        Yields a ``distributed.Client``.

    Examples
    --------
    >>> with dask_client() as client:  # doctest: +SKIP
    ...     client.submit(sum, [1, 2]).result()
    3
    """
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client
        return
    entry = _take_cluster()
    failed = True
    try:
        with entry["client"].as_current():
            yield entry["client"]
        failed = False
    finally:
        _give_back(entry, failed)
    release_memory()  # what the client held for the stage


def stop_cluster() -> None:
    """Close this process' LocalCluster, if one is kept (the next stage starts a new one).

    Returns
    -------
    None

    Examples
    --------
    >>> stop_cluster()
    """
    with _KEPT_LOCK:
        if _KEPT:
            _close(_KEPT[0])


def _close(entry: dict) -> None:
    """Close the cluster of ``entry`` (no longer the kept one, even if closing fails)."""
    with _KEPT_LOCK:
        if _KEPT and _KEPT[0] is entry:
            _KEPT.clear()
        if entry["timer"] is not None:
            entry["timer"].cancel()
        try:
            entry["client"].close()
        finally:
            _close_cluster(entry["cluster"])


def _close_cluster(cluster) -> None:
    """``cluster.close()``, through distributed's race on a cluster whose workers are gone.

    When a worker leaves, the cluster's watcher may look its address up after the cluster's
    worker list has dropped it (dask/distributed#5407): the watcher ends with a ``KeyError``,
    which ``close`` raises once it has closed the workers and the scheduler, before it marks the
    cluster closed and stops its event loop thread. Those two steps are then done here; any other
    error is raised.
    """
    try:
        cluster.close()
    except KeyError:
        watcher = getattr(cluster, "_watch_worker_status_task", None)
        if watcher is None or not watcher.done() or watcher.cancelled() \
                or not isinstance(watcher.exception(), KeyError):
            raise
        from distributed.core import Status

        cluster.status = Status.closed  # what was left (its periodic callbacks) ran on the loop
        cluster._loop_runner.stop()


def _take_cluster() -> dict:
    """The kept LocalCluster for one more stage; a new one when there is none or it no longer
    runs (one still used by another stage is closed when that stage is done)."""
    from distributed import Client, LocalCluster

    with _KEPT_LOCK:
        if _KEPT:
            entry = _KEPT[0]
            if entry["timer"] is not None:
                entry["timer"].cancel()
                entry["timer"] = None
            if not entry["discard"] and _has_workers(entry):
                entry["users"] += 1
                return entry
            entry["discard"] = True
            _KEPT.clear()
            if not entry["users"]:
                _close(entry)
        from .local import MAX_WORKERS, machine_cores

        workers = min(machine_cores(), MAX_WORKERS)  # as the local engine: affinity and CPU quota count
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        try:
            client = Client(cluster, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        entry = {"cluster": cluster, "client": client, "users": 1, "timer": None, "discard": False}
        _KEPT[:] = [entry]
        if not _AT_EXIT:  # before distributed's own clean-up (atexit runs last in, first out)
            _AT_EXIT.append(atexit.register(stop_cluster))
        return entry


def _has_workers(entry: dict) -> bool:
    """Whether ``entry``'s cluster still runs and has a worker (its nannies restart a worker that
    died; a cluster that cannot would leave the next stage waiting forever)."""
    if entry["client"].status != "running" or entry["cluster"].status.name != "running":
        return False
    try:
        entry["client"].wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except Exception:  # noqa: BLE001  (a timeout, or the scheduler gone)
        return False
    return True


def _give_back(entry: dict, failed: bool) -> None:
    """A stage is done with ``entry``'s cluster: after a failure it is closed (once no other stage
    uses it); the last stage using a healthy kept one starts its idle timer."""
    with _KEPT_LOCK:
        entry["users"] -= 1
        entry["discard"] = entry["discard"] or failed
        if entry["users"]:
            return
        if entry["discard"] or not _KEPT or _KEPT[0] is not entry:
            try:
                _close(entry)
            except Exception:  # noqa: BLE001  (the stage's own error, if any, is the one to see)
                pass
            return
        entry["timer"] = threading.Timer(IDLE_SECONDS, _close_if_idle, args=(entry,))
        entry["timer"].daemon = True
        entry["timer"].start()


def _close_if_idle(entry: dict) -> None:
    """The idle timer: close ``entry``'s cluster if it is still the kept one and no stage uses it."""
    with _KEPT_LOCK:
        if _KEPT and _KEPT[0] is entry and not entry["users"]:
            _close(entry)


class DaskEngine(Engine):
    """Runs the tasks of a stage on a Dask cluster.

    Parameters
    ----------
    config : RunConfig
        The run's settings (``scheduler``: the cluster; ``progress``: a bar per stage).

    Returns
    -------
    DaskEngine

    Examples
    --------
    >>> from analysis.config import RunConfig
    >>> DaskEngine(RunConfig(engine="dask", scheduler="tcp://10.0.0.5:8786")).config.scheduler
    'tcp://10.0.0.5:8786'
    """

    name = "dask"
    remote = True

    def run(self, tasks: Iterable[Task], desc: str, total: int | None = None) -> list:
        """The results of the tasks, in task order (see :meth:`Engine.run`)."""
        boxed = ((index, _boxed, (func, args)) for index, func, args in tasks)
        with dask_client(self.config.scheduler) as client:
            return [box["value"] for box in client.gather(_submit_all(client, boxed, self.config.progress, desc, total))]

    def count(self, tasks: Iterable[Task], folder: Path, desc: str, total: int | None = None) -> dict:
        """The partial counts of the tasks added up on the cluster (see :meth:`Engine.count`); the
        tables of :data:`SPILLED` stay on disk, hash partitions written as ``counts_NAME`` parts of
        ``folder`` and returned as ``counts.CountParts``."""
        folder = Path(folder)
        written = ((index, _write_partial, (func, args, folder, index)) for index, func, args in tasks)
        with dask_client(self.config.scheduler) as client:
            futures = _submit_all(client, written, self.config.progress, desc, total)
            summaries, words, settings = [], set(), None
            for future in futures:  # one at a time: the client keeps the union of the words only
                summary = future.result()
                settings = check_settings(summary, settings)
                words.update(summary.pop("words"))
                summaries.append(summary)
                future.release()
            client.run(release_memory)  # what the batches freed on the workers
            if settings is None:
                raise ValueError("no partial counts to combine")
            words = sorted(words)
            shared = client.scatter(np.array(words, dtype=object), broadcast=True)  # one object, not a list
            combined = {}
            for name in partials.PARTIAL_VALUES:
                sum_table = _spill_table if name in SPILLED else _sum_table
                combined[name] = sum_table(client, folder, name, summaries, words, shared)
                client.run(release_memory)
                release_memory()
        combined["ngram_sizes"] = settings
        for intermediate in [*folder.glob("partial_*"), *folder.glob("coded_*")]:
            shutil.rmtree(intermediate, ignore_errors=True)
        return combined


def _boxed(func, args: tuple) -> dict:
    """A task run on a worker, its result in a dict: distributed serializes a list or tuple that a
    task returns item by item (the 5,000 ids of a batch took 0.3 s to come back, 6 s of the
    10^5-article ``prepare``), what a dict holds in one piece (0.005 s)."""
    return {"value": func(*args)}


def _submit_all(client, tasks: Iterable[Task], progress: bool, desc: str, total: int | None = None) -> list:
    """Submit the tasks to the cluster, a few ahead of the workers (back-pressure on reading),
    and wait for all; returns the futures in task order (results stay on the workers)."""
    from distributed import as_completed, wait

    futures = []
    bar = _progress(total, desc, progress)
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending = as_completed()
    for index, func, args in tasks:
        future = client.submit(func, *args, key=f"{desc}-{index}-{os.getpid()}", pure=False)
        futures.append(future)
        pending.add(future)
        while pending.count() >= window:
            next(pending).result()  # raises the task's error, if any
            bar.update(1)
    for done in pending:
        done.result()
        bar.update(1)
    bar.close()
    wait(futures)
    return futures


def _write_partial(func, args: tuple, folder: Path, index: int) -> dict:
    """Run a counting task on a worker and write its partial tables as Arrow IPC files
    (``partial_NAME``); returns the words of their categorical key columns, per table its rows
    and the largest value of each integer key column, and the checked n-gram settings."""
    partial = func(*args)
    summary = {"ngram_sizes": check_settings(partial, None)}
    words = set()
    for name in partials.PARTIAL_VALUES:
        table = partial[name]
        _write_arrow(folder / f"partial_{name}" / f"{index:06d}.arrow", table)
        largest = {}
        for column in partials.partial_keys(name, table):
            if isinstance(table[column].dtype, pd.CategoricalDtype):
                words.update(table[column].cat.categories)
            else:  # integer keys (the n of n-grams): their largest value sizes the packed key
                largest[column] = int(table[column].max()) if len(table) else 0
        summary[name] = {"rows": len(table), "largest": largest}
    summary["words"] = sorted(words)
    return summary


def _write_arrow(path: Path, frame: pd.DataFrame) -> None:
    """``frame`` as an Arrow IPC file (uncompressed, categorical columns as dictionaries): an
    intermediate written and read once, faster than Parquet; a temporary file renamed."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    tmp.replace(path)


def _read_arrow(path: Path, rows: bool = True) -> pd.DataFrame:
    """The frame of :func:`_write_arrow` (``rows=False``: its columns and dtypes only)."""
    import pyarrow as pa

    with pa.OSFile(str(path)) as source:
        reader = pa.ipc.open_file(source)
        table = reader.read_all() if rows else reader.schema.empty_table()
    return table.to_pandas()


def _coded_parts(client, folder: Path, name: str, summaries: list[dict], words: list[str], shared) -> tuple:
    """Every batch's partial table ``name`` coded and split by hash partition on the workers
    (:func:`_coded_partitions`). Returns the table's layout, ``widths`` (bits per key column, when
    the keys fit in :data:`KEY_BITS` bits packed, else None) and, per partition ``p``, each batch's
    rows in partitions 0 to ``p`` (where :func:`_partition_sums` finds them)."""
    first = _read_arrow(folder / f"partial_{name}" / f"{0:06d}.arrow", rows=False)
    _, _, layout = partials.Vocabulary(words).encode(first, partials.partial_keys(name, first),
                                                     partials.PARTIAL_VALUES[name])
    word_bits = max(len(words), 1).bit_length()
    bits = [word_bits if kind == "word" else max(max(s[name]["largest"][column] for s in summaries), 1).bit_length()
            for column, kind, _ in layout if kind != "value"]
    widths = bits if sum(bits) <= KEY_BITS else None
    n_parts = _partition_count(client, sum(s[name]["rows"] for s in summaries))
    sizes = client.gather([client.submit(_coded_partitions, folder, index, name, shared, widths, n_parts, pure=False)
                           for index in range(len(summaries))])
    return layout, widths, [[size[:p + 1] for size in sizes] for p in range(n_parts)]


def _sum_table(client, folder: Path, name: str, summaries: list[dict], words: list[str], shared) -> pd.DataFrame:
    """The sum of the partial table ``name`` over all batches: each batch's rows coded and split by
    hash partition on the workers (:func:`_coded_parts`), each partition added up on a worker; the
    coded sums (the partitions hold different keys) are decoded here."""
    layout, widths, parts = _coded_parts(client, folder, name, summaries, words, shared)
    sums = client.gather([client.submit(_partition_sums, folder, name, p, rows, widths, len(layout), pure=False)
                          for p, rows in enumerate(parts)])
    keys, values = ([np.concatenate(columns) for columns in zip(*part)] for part in zip(*sums))
    return partials.Vocabulary(words).decode(keys, values, layout)


def _spill_table(client, folder: Path, name: str, summaries: list[dict], words: list[str], shared):
    """The sum of the partial table ``name`` over all batches, by hash partition of its keys
    (:func:`_coded_parts`): each partition added up, decoded and written as part ``p`` of
    ``counts_NAME`` on a worker; returns a ``counts.CountParts`` of them."""
    from distributed import wait

    from ..counts import CountParts

    layout, widths, parts = _coded_parts(client, folder, name, summaries, words, shared)
    wait([client.submit(_sum_partition, folder, name, p, rows, shared, widths, layout, pure=False)
          for p, rows in enumerate(parts)])
    return CountParts(Parts(folder), f"counts_{name}")


def _partition_count(client, rows: int) -> int:
    """Hash partitions for ``rows`` partial rows: one per worker, or more so that a worker adds up at
    most :data:`ROWS_PER_PARTITION` rows at a time."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    return max(workers, -(-rows // ROWS_PER_PARTITION))


def _hash_partition(keys: list[np.ndarray], n_parts: int) -> np.ndarray:
    """The partition (0 to ``n_parts - 1``) of each row of integer keys: a multiplicative hash."""
    mixed = np.zeros(len(keys[0]), dtype=np.uint64)
    for key in keys:
        mixed = (mixed ^ key.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
    return ((mixed >> np.uint64(29)) % np.uint64(n_parts)).astype(np.int64)


def _coded_partitions(folder: Path, index: int, name: str, words: np.ndarray, widths: list[int] | None,
                      n_parts: int) -> list[int]:
    """One batch's partial table ``name`` with its keys as codes into ``words`` (packed into ``key``
    where ``widths`` is given), its rows split by hash partition: one Arrow IPC file (uncompressed:
    written and read once) ``coded_NAME/NNNNNN.arrow`` with a record batch per non-empty partition;
    returns the rows of each partition."""
    import pyarrow as pa

    table = _read_arrow(folder / f"partial_{name}" / f"{index:06d}.arrow")
    values = partials.PARTIAL_VALUES[name]
    keys, data, layout = partials.Vocabulary(words).encode(table, partials.partial_keys(name, table), values)
    if widths is not None:
        keys = [partials.pack_keys(keys, widths) if len(keys[0]) else keys[0]]
    part = _hash_partition(keys, n_parts)
    order = np.argsort(part, kind="stable")
    sizes = np.bincount(part, minlength=n_parts)
    names = ["key"] if widths is not None else [column for column, *_ in layout[:len(keys)]]
    frame = pa.table(dict(zip(names + list(values), [column[order] for column in keys + data])))
    out = folder / f"coded_{name}"
    out.mkdir(exist_ok=True)
    with pa.OSFile(str(out / f"{index:06d}.arrow"), "wb") as sink, pa.ipc.new_file(sink, frame.schema) as writer:
        start = 0
        for size in sizes:
            if size:
                writer.write_table(frame.slice(start, size), max_chunksize=int(size))
            start += size
    return sizes.tolist()


def _sum_partition(folder: Path, name: str, p: int, sizes: list[list[int]], words: np.ndarray,
                   widths: list[int] | None, layout: list) -> int:
    """Add up partition ``p`` of the coded tables of all batches (``sizes``: each batch's rows in
    partitions 0 to ``p``) and write it, decoded, in sorted key order, as part ``p`` of
    ``counts_NAME``; returns its rows."""
    keys, sums = _partition_sums(folder, name, p, sizes, widths, len(layout))
    frame = partials.Vocabulary(words).decode(keys, sums, layout)
    Parts(folder).write(f"counts_{name}", p, frame)
    return len(frame)


def _partition_sums(folder: Path, name: str, p: int, sizes: list[list[int]], widths: list[int] | None,
                    n_columns: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The distinct coded keys (unpacked, int64 columns) of partition ``p`` of the coded tables of
    all batches (``sizes`` as for :func:`_sum_partition`) and the sums of the value columns per key;
    ``n_columns``: key and value columns of the partial table."""
    import pyarrow as pa

    pieces = []
    for index, size in enumerate(sizes):
        if size[p]:
            group = sum(1 for n in size[:p] if n)  # empty partitions have no record batch
            with pa.OSFile(str(folder / f"coded_{name}" / f"{index:06d}.arrow")) as source:  # read, not mapped
                pieces.append(pa.ipc.open_file(source).get_batch(group))
    n_values = len(partials.PARTIAL_VALUES[name])
    if not pieces:
        return [np.empty(0, dtype=np.int64)] * (n_columns - n_values), [np.empty(0, dtype=np.int64)] * n_values
    table = pa.Table.from_batches(pieces)
    columns = [table.column(i).to_numpy() for i in range(table.num_columns)]
    keys, sums = partials.sum_rows(columns[:len(columns) - n_values], columns[len(columns) - n_values:])
    keys = partials.unpack_keys(keys[0].astype(np.int64), widths) if widths is not None else list(keys)
    return [k.astype(np.int64) for k in keys], [v.astype(np.int64) for v in sums]
