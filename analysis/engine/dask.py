"""The Dask engine: the batches as tasks on a Dask cluster (``engine="dask"``); the same tables.

The cluster is an existing one at ``config.scheduler``, or a ``LocalCluster`` sized to the machine
(:func:`dask_client`). Tasks are submitted a few ahead of the workers (back-pressure on reading)
and their results stay on the workers until all are done.

:meth:`DaskEngine.count` adds up partial counts without bringing them to the client: each batch
writes its partial tables as Parquet and reports the words of their key columns; the client builds
the corpus vocabulary from those and sends it to the workers, which code every table's keys as
integers (all key columns packed into one int64 when they fit in :data:`KEY_BITS`), and Dask's
groupby adds those up on the workers. Only the sums come back, decoded with the vocabulary into
the frame ``partials.combine_counts`` gives (rows in sorted key order, sorted categories).

>>> DaskEngine().name, KEY_BITS
('dask', 63)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import Parts
from . import Engine, Task, _progress, release_memory
from . import partials
from .partials import KEY_BITS, check_settings

__all__ = ["DaskEngine", "dask_client", "SPILLED", "ROWS_PER_PARTITION"]

#: The partial tables whose sums grow with the corpus (every distinct n-gram): added up per hash
#: partition on the workers and kept as Parquet parts, never brought to the client whole.
SPILLED = ("ngrams", "bigram_fd")

#: Partial rows (before adding up) per hash partition: what one worker holds while it adds up a
#: partition (about 24 bytes a row, a few times over while sorting).
ROWS_PER_PARTITION = 4_000_000

# Keys whose columns need at most KEY_BITS bits in all are packed into one int64 for Dask's
# groupby; wider keys (a vocabulary of millions of words in 3-grams) are grouped column by column.
# ``check_settings`` is the one check that the partials of a corpus are complete and agree in
# their n-gram settings, shared with ``partials.combine_counts`` (the local engine's sum).


@contextmanager
def dask_client(scheduler: str = ""):
    """A client of the cluster at ``scheduler``, or of a LocalCluster sized to the machine.

    Parameters
    ----------
    scheduler : str
        Address of an existing Dask scheduler; empty: a LocalCluster of one single-threaded
        worker process per core (at most 8), closed when the block ends.

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
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    workers = max(1, min(os.cpu_count() or 1, 8))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        yield client
    release_memory()  # what the client held for the stage


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
        with dask_client(self.config.scheduler) as client:
            return client.gather(_submit_all(client, tasks, self.config.progress, desc, total))

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
    """Run a counting task on a worker and write its partial tables as Parquet parts
    (``partial_NAME``); returns the words of their categorical key columns, per table its rows
    and the largest value of each integer key column, and the checked n-gram settings."""
    partial = func(*args)
    summary = {"ngram_sizes": check_settings(partial, None)}
    parts = Parts(folder)
    words = set()
    for name in partials.PARTIAL_VALUES:
        table = partial[name]
        parts.write(f"partial_{name}", index, table)
        largest = {}
        for column in partials.partial_keys(name, table):
            if isinstance(table[column].dtype, pd.CategoricalDtype):
                words.update(table[column].cat.categories)
            else:  # integer keys (the n of n-grams): their largest value sizes the packed key
                largest[column] = int(table[column].max()) if len(table) else 0
        summary[name] = {"rows": len(table), "largest": largest}
    summary["words"] = sorted(words)
    return summary


def _layout(folder: Path, name: str, summaries: list[dict], words: list[str]) -> tuple:
    """``(key columns, layout, widths)`` of the partial table ``name``: ``widths`` (bits per key
    column) when the keys fit in :data:`KEY_BITS` bits packed, else None."""
    first = Parts(folder).empty(f"partial_{name}")
    keys = partials.partial_keys(name, first)
    _, _, layout = partials.Vocabulary(words).encode(first, keys, partials.PARTIAL_VALUES[name])
    word_bits = max(len(words), 1).bit_length()
    bits = [word_bits if kind == "word" else max(max(s[name]["largest"][column] for s in summaries), 1).bit_length()
            for column, kind, _ in layout if kind != "value"]
    return keys, layout, (bits if sum(bits) <= KEY_BITS else None)


def _sum_table(client, folder: Path, name: str, summaries: list[dict], words: list[str], shared) -> pd.DataFrame:
    """The sum of the partial table ``name`` over all batches: its keys coded on the workers
    (packed when they fit in :data:`KEY_BITS`), added up by Dask's groupby, decoded here."""
    import dask.dataframe as dd
    from distributed import wait

    values = partials.PARTIAL_VALUES[name]
    vocabulary = partials.Vocabulary(words)
    keys, layout, widths = _layout(folder, name, summaries, words)
    wait([client.submit(_coded_table, folder, index, name, shared, widths, pure=False)
          for index in range(len(summaries))])
    table = dd.read_parquet([str(f) for f in Parts(folder).files(f"coded_{name}")])
    sums = table.groupby(["key"] if widths else keys).sum(split_every=2).compute().reset_index()
    key_columns = (partials.unpack_keys(sums["key"].to_numpy(dtype=np.int64), widths) if widths
                   else [sums[k].to_numpy(dtype=np.int64) for k in keys])
    return vocabulary.decode(key_columns, [sums[v].to_numpy(dtype=np.int64) for v in values], layout)


def _coded_table(folder: Path, index: int, name: str, words: np.ndarray, widths: list[int] | None) -> None:
    """One partial table of one batch with its keys as codes into ``words``, written as Parquet
    (``coded_NAME``): packed into one int64 column ``key`` where ``widths`` (bits per key column)
    is given, else one int64 column per key."""
    parts = Parts(folder)
    table = parts.read(f"partial_{name}", index)
    values = partials.PARTIAL_VALUES[name]
    keys, data, layout = partials.Vocabulary(words).encode(table, partials.partial_keys(name, table), values)
    if widths is not None:
        frame = {"key": partials.pack_keys(keys, widths) if len(keys[0]) else keys[0]}
    else:
        frame = {column: key for (column, *_), key in zip(layout, keys)}
    frame.update(zip(values, data))
    parts.write(f"coded_{name}", index, pd.DataFrame(frame))


def _spill_table(client, folder: Path, name: str, summaries: list[dict], words: list[str], shared):
    """The sum of the partial table ``name`` over all batches, by hash partition of its keys: each
    batch's rows coded and split by partition on the workers, each partition added up, decoded and
    written as part ``p`` of ``counts_NAME`` on a worker; returns a ``counts.CountParts`` of them."""
    from distributed import wait

    from ..counts import CountParts

    _, layout, widths = _layout(folder, name, summaries, words)
    rows = sum(s[name]["rows"] for s in summaries)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    n_parts = max(workers, -(-rows // ROWS_PER_PARTITION))
    sizes = client.gather([client.submit(_coded_partitions, folder, index, name, shared, widths, n_parts, pure=False)
                           for index in range(len(summaries))])
    wait([client.submit(_sum_partition, folder, name, p, [size[:p + 1] for size in sizes], shared, widths, layout,
                        pure=False) for p in range(n_parts)])
    return CountParts(Parts(folder), f"counts_{name}")


def _hash_partition(keys: list[np.ndarray], n_parts: int) -> np.ndarray:
    """The partition (0 to ``n_parts - 1``) of each row of integer keys: a multiplicative hash."""
    mixed = np.zeros(len(keys[0]), dtype=np.uint64)
    for key in keys:
        mixed = (mixed ^ key.astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
    return ((mixed >> np.uint64(29)) % np.uint64(n_parts)).astype(np.int64)


def _coded_partitions(folder: Path, index: int, name: str, words: np.ndarray, widths: list[int] | None,
                      n_parts: int) -> list[int]:
    """One batch's partial table ``name`` with its keys as codes into ``words`` (packed into ``key``
    where ``widths`` is given), its rows split by hash partition: one Parquet file
    ``coded_NAME/NNNNNN.parquet`` with a row group per non-empty partition; returns the rows of
    each partition."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = Parts(folder).read(f"partial_{name}", index)
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
    with pq.ParquetWriter(out / f"{index:06d}.parquet", frame.schema) as writer:
        start = 0
        for size in sizes:
            if size:
                writer.write_table(frame.slice(start, size), row_group_size=int(size))
            start += size
    return sizes.tolist()


def _sum_partition(folder: Path, name: str, p: int, sizes: list[list[int]], words: np.ndarray,
                   widths: list[int] | None, layout: list) -> int:
    """Add up partition ``p`` of the coded tables of all batches (``sizes``: each batch's rows in
    partitions 0 to ``p``) and write it, decoded, in sorted key order, as part ``p`` of
    ``counts_NAME``; returns its rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pieces = []
    for index, size in enumerate(sizes):
        if size[p]:
            group = sum(1 for n in size[:p] if n)  # empty partitions have no row group
            pieces.append(pq.ParquetFile(folder / f"coded_{name}" / f"{index:06d}.parquet").read_row_group(group))
    values = partials.PARTIAL_VALUES[name]
    n_keys = len(layout) - len(values)
    if pieces:
        table = pa.concat_tables(pieces)
        columns = [table.column(i).to_numpy() for i in range(table.num_columns)]
        keys, sums = partials.sum_rows(columns[:len(columns) - len(values)], columns[len(columns) - len(values):])
        keys = partials.unpack_keys(keys[0].astype(np.int64), widths) if widths is not None else list(keys)
    else:
        keys, sums = [np.empty(0, dtype=np.int64)] * n_keys, [np.empty(0, dtype=np.int64)] * len(values)
    frame = partials.Vocabulary(words).decode([k.astype(np.int64) for k in keys],
                                              [v.astype(np.int64) for v in sums], layout)
    Parts(folder).write(f"counts_{name}", p, frame)
    return len(frame)
