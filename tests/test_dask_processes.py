"""The pipeline on a real Dask cluster of separate processes: a scheduler and two workers started
with the ``dask scheduler`` and ``dask worker`` commands on localhost, the stages run through
``scheduler=tcp://127.0.0.1:…``, and every table compared with the pandas engine's, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.config import RunConfig

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")


def _wait(predicate, what: str, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"gave up waiting for {what}")


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory):
    """A scheduler and two single-threaded workers, each its own process; their address."""
    if not DASK.exists():
        pytest.fail(f"the dask command is missing next to {sys.executable}")
    folder = tmp_path_factory.mktemp("cluster")
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    common = {"cwd": folder, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(info)], **common)]
    try:
        address = _wait(lambda: info.exists() and json.loads(info.read_text() or "{}").get("address"),
                        "the scheduler file")
        for n in range(2):
            procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                           "--no-dashboard", "--local-directory", str(folder / f"w{n}"),
                                           "--name", f"w{n}"], **common))
        from distributed import Client

        with Client(address) as client:
            _wait(lambda: len(client.scheduler_info()["workers"]) == 2, "two workers")
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _tables(corpus, out: Path, config: RunConfig) -> dict:
    tables = dict(pipeline.prepare(corpus, out, config))
    counts = pipeline.count_terms(corpus, out, config)
    tables.update({"terms": counts.terms(), "bigrams": counts.ngrams(2), "actors": counts.actors,
                   **pipeline.find_dates(corpus, out, config), **pipeline.find_quotes(corpus, out, config),
                   **pipeline.find_near_copies(corpus, out, config)})
    return tables


def test_a_scheduler_and_two_worker_processes_give_the_pandas_tables(scheduler_address, tmp_path):
    assert scheduler_address.startswith("tcp://127.0.0.1:")
    corpus = ROOT / "seeds"
    local = _tables(corpus, tmp_path / "pandas", RunConfig(batch_size=2, progress=False))
    remote = _tables(corpus, tmp_path / "dask", RunConfig(engine="dask", scheduler=scheduler_address,
                                                          batch_size=2, progress=False))
    assert sorted(local) == sorted(remote)
    for name, frame in local.items():
        assert frame.to_csv(index=False) == remote[name].to_csv(index=False), name
    assert len(local["documents"]) == 5 and len(local["quotes"]) > 0
    from distributed import Client

    with Client(scheduler_address) as client:  # the batches ran in the worker processes
        ran = client.run(lambda: "analysis.pipeline" in sys.modules and os.getpid())
    assert len(ran) == 2 and any(ran.values()) and os.getpid() not in ran.values()


def _export(folder: Path) -> dict:
    """The seed pages as a JSON Lines file (plain and gzip, with a broken line, a blank line and a
    repeated id) and as a Parquet file of several row groups."""
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    documents = pipeline.prepare(ROOT / "seeds", folder / "seed-out", RunConfig(progress=False),
                                 tables=["documents", "texts"])
    texts = documents["texts"]["text"].tolist()
    rows = [{"doc_id": f"a{i}", "text": text, "published": "05/04/2019"} for i, text in enumerate(texts * 2)]
    rows[3]["doc_id"] = "a0"
    lines = [json.dumps(row) + "\n" for row in rows]
    lines[4:4] = ["{broken\n", "\n"]
    (folder / "export.jsonl").write_text("".join(lines), encoding="utf-8")
    with gzip.open(folder / "export.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(lines))
    pq.write_table(pa.Table.from_pylist(rows), folder / "export.parquet", row_group_size=3)
    table = pd.DataFrame(rows)
    table.loc[len(table)] = ["a9", "teks, \"kutip\"\nbaris dua", "05/04/2019"]
    csv_text = table.to_csv(index=False, lineterminator="\r\n").replace("\r\na2,", "\r\n\r\na2,x,", 1)
    (folder / "export.csv").write_text(csv_text, encoding="utf-8")  # a blank line, a ragged row
    with gzip.open(folder / "export.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write(csv_text)
    return {name: folder / name
            for name in ("export.jsonl", "export.jsonl.gz", "export.csv", "export.csv.gz", "export.parquet")}


def test_workers_read_their_own_slices_of_table_files(scheduler_address, tmp_path):
    for name, corpus in _export(tmp_path).items():
        tables = {}
        for engine in ("pandas", "dask"):
            config = RunConfig(engine=engine, scheduler=scheduler_address if engine == "dask" else "",
                               batch_size=2, progress=False)
            out = tmp_path / f"{engine}-{name}"
            prepared = pipeline.prepare(corpus, out, config)
            counts = pipeline.count_terms(corpus, out, config)
            tables[engine] = {**prepared, "terms": counts.terms(), "bigrams": counts.ngrams(2)}
            assert not list(out.rglob("corpus_plain.*"))  # the plain copy of a .gz file is removed
        for table, frame in tables["pandas"].items():
            assert frame.to_csv(index=False) == tables["dask"][table].to_csv(index=False), (name, table)
        problems = tables["dask"]["problems"].to_csv(index=False)
        assert "repeats an earlier row" in problems
        if "jsonl" in name:
            assert f"{name}:5" in problems and "line 5" in problems  # the broken line, named as pandas names it
        if "csv" in name:
            assert f"{name}:3" in problems and "a ragged CSV row" in problems
            from analysis.readers.slices import plan_slices

            assert {piece.kind for piece in plan_slices(corpus, 2, scratch=tmp_path)} == {"csv"}  # read by the workers


def test_ngram_sums_in_many_hash_partitions_and_min_count_per_partition(scheduler_address, tmp_path, monkeypatch):
    """One document per batch and a hundred rows per partition: every term and n-gram used in
    several documents is added up from several batches, in its one partition; ``min_count`` applied part
    by part keeps exactly the n-grams and collocations the pandas engine keeps."""
    from analysis.engine import dask as dask_engine

    monkeypatch.setattr(dask_engine, "ROWS_PER_PARTITION", 100)  # decided on the client
    corpus = ROOT / "seeds"
    local = pipeline.count_terms(corpus, tmp_path / "pandas", RunConfig(batch_size=1, progress=False))
    remote = pipeline.count_terms(corpus, tmp_path / "dask", RunConfig(engine="dask", scheduler=scheduler_address,
                                                                       batch_size=1, progress=False))
    partitions = list((tmp_path / "dask").rglob("counts_ngrams/part-*.parquet"))
    assert len(partitions) > 4
    # the term sums come back to the client from many partitions too: the same tables
    assert local.terms().to_csv(index=False) == remote.terms().to_csv(index=False)
    assert local.by_outlet().to_csv(index=False) == remote.by_outlet().to_csv(index=False)
    assert local.totals.to_csv(index=False) == remote.totals.to_csv(index=False)
    for min_count in (1, 2, 3):
        for n in (2, 3):
            want, got = local.ngrams(n, min_count=min_count), remote.ngrams(n, min_count=min_count)
            assert want.to_csv(index=False) == got.to_csv(index=False), (n, min_count)
        assert (local.collocations(min_count=min_count).to_csv(index=False)
                == remote.collocations(min_count=min_count).to_csv(index=False))
    shared = local.ngrams(2, min_count=2)
    assert (shared["documents"] >= 2).any()  # sums over batches kept by min_count
    assert len(local.ngrams(2, min_count=1)) > len(shared) > 0
