"""The cache loses nothing and passes on nothing corrupted: a damaged, incomplete or half-written
stage is reported and computed again, and two runs on one output folder do not disturb each other."""

import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import cache, pipeline
from analysis.cache import HOST, MANIFEST, CacheError, CacheWarning, Parts
from analysis.config import RunConfig
from analysis.counts import CountParts
from analysis.engine import LocalEngine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RUN = RunConfig(workers=1, batch_size=3, progress=False)  # 5 documents → 2 parts per table
# (workers=1 throughout: the faults are injected into batches run in this process, not in workers)
STAGES = {"prepare": pipeline.prepare, "dates": pipeline.find_dates,
          "terms": lambda *args: _frames(pipeline.count_terms(*args).as_dict())}  # every table of each stage


def _frames(tables: dict) -> dict:
    """The tables, the n-gram sums kept on disk (``CountParts``) read whole."""
    return {name: table.frame([c for c in table.columns if c not in ("count", "documents")])
            if isinstance(table, CountParts) else table for name, table in tables.items()}


def _tables(out, stages=tuple(STAGES)) -> dict:
    """The tables of the stages, named ``STAGE/TABLE``."""
    return {f"{stage}/{name}": frame for stage in stages for name, frame in STAGES[stage](SEEDS, out, RUN).items()}


def _around_batches(monkeypatch, hook):
    """Run every batch of stage ``prepare`` as ``hook(index, batch)`` (``batch()`` computes it)."""
    run = LocalEngine.run

    def hooked(self, tasks, desc, total=None):
        if desc == "load + clean":
            tasks = ((index, functools.partial(_hooked, hook, index, func), args) for index, func, args in tasks)
        return run(self, tasks, desc, total)

    monkeypatch.setattr(LocalEngine, "run", hooked)


def _hooked(hook, index, func, *args):
    return hook(index, lambda: func(*args))


def _assert_same(tables, expected):
    expected = {name: frame for name, frame in expected.items() if name in tables}
    assert set(tables) == set(expected) and tables
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)


def _stage_folder(out: Path, stage: str) -> Path:
    (folder,) = (out / "cache").glob(f"{stage}-*")
    return folder


def _no_leftovers(out: Path, stages=tuple(STAGES)):
    """One complete folder per stage, and nothing else."""
    cache = out / "cache"
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == sorted(stages)
    for stage in stages:
        assert Parts(_stage_folder(out, stage)).verify(checksums=True) == []


@pytest.fixture(scope="module", autouse=True)
def same_code():
    """The package's code as it is now, for the whole module (cache keys stay put even if a file
    of the package is edited while the tests run)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "code_fingerprint", lambda code=cache.code_fingerprint(): code)
        yield


@pytest.fixture(scope="module")
def clean(tmp_path_factory, same_code):
    """A clean run's tables and its finished output folder."""
    out = tmp_path_factory.mktemp("clean")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        tables = _tables(out)
        _assert_same(_tables(out), tables)  # reused: the same, without a warning
    return tables, out


@pytest.fixture
def finished(clean, tmp_path):
    """A copy of the clean run's output folder."""
    out = tmp_path / "out"
    shutil.copytree(clean[1], out)
    return out


def _delete(part: Path):
    part.unlink()


def _truncate(part: Path):
    data = part.read_bytes()
    part.write_bytes(data[: len(data) // 2])


def _flip(part: Path):
    data = bytearray(part.read_bytes())
    for at in (len(data) // 3, len(data) // 2):  # same size: only the checksum tells
        data[at] ^= 0xFF
    part.write_bytes(bytes(data))


def _extra(part: Path):
    shutil.copy(part, part.with_name("part-000099.parquet"))


DAMAGE = {"deleted": _delete, "truncated": _truncate, "damaged": _flip, "not in the manifest": _extra}
TABLES = {"prepare": "texts", "terms": "actors", "dates": "mentions"}


@pytest.mark.parametrize("stage", sorted(TABLES))
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_part_is_reported_and_the_stage_computed_again(clean, finished, stage, damage):
    expected, _ = clean
    table = TABLES[stage]
    part = _stage_folder(finished, stage) / table / "part-000001.parquet"
    DAMAGE[damage](part)
    with pytest.warns(CacheWarning) as caught:
        tables = _tables(finished)
    messages = [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]
    assert len(messages) == 1, messages
    assert f"stage {stage!r}" in messages[0] and f"table {table!r}" in messages[0], messages[0]
    assert ("part-000099.parquet" if damage == "not in the manifest" else part.name) in messages[0]
    assert str(finished) not in messages[0] and "in cache/" in messages[0]  # never the machine's path
    _assert_same(tables, expected)
    _no_leftovers(finished)


@pytest.mark.parametrize("stage", sorted(TABLES))
def test_a_missing_manifest_is_reported_and_the_stage_computed_again(clean, finished, stage):
    (_stage_folder(finished, stage) / MANIFEST).unlink()
    with pytest.warns(CacheWarning, match=f"stage '{stage}'.*_MANIFEST.json is missing"):
        tables = _tables(finished)
    _assert_same(tables, clean[0])
    _no_leftovers(finished)


def test_a_file_where_the_cache_goes_is_replaced_by_the_cache(clean, finished):
    shutil.rmtree(finished / "cache")
    (finished / "cache").write_text("not a folder")
    with pytest.warns(CacheWarning, match="cache/ is not a folder"):
        tables = _tables(finished)
    _assert_same(tables, clean[0])
    _no_leftovers(finished)


def test_a_missing_table_is_reported(clean, finished):
    shutil.rmtree(_stage_folder(finished, "dates") / "anchors")
    with pytest.warns(CacheWarning, match="stage 'dates'.*table 'anchors' is missing"):
        tables = _tables(finished, ["dates"])
    _assert_same(tables, clean[0])
    _no_leftovers(finished)


def test_a_damaged_part_read_as_a_batch_is_reported_too(clean, finished):
    """count_terms reads the prepared texts batch by batch: a damaged part there is found at reading."""
    _flip(_stage_folder(finished, "prepare") / "texts" / "part-000001.parquet")
    shutil.rmtree(_stage_folder(finished, "terms"))
    with pytest.warns(CacheWarning, match="stage 'prepare'.*table 'texts': part part-000001.parquet"):
        tables = _tables(finished, ["terms"])
    _assert_same(tables, clean[0])
    _no_leftovers(finished)


def test_a_table_never_reads_with_parts_missing(finished):
    parts = Parts(_stage_folder(finished, "prepare"))
    assert parts.count("documents") == 2
    (parts.folder / "documents" / "part-000001.parquet").unlink()
    assert parts.count("documents") == 2  # what the manifest says, not what is left
    with pytest.raises(CacheError, match="table 'documents': part part-000001.parquet is missing"):
        parts.read("documents")
    _truncate(parts.folder / "lines" / "part-000000.parquet")
    with pytest.raises(CacheError, match="table 'lines': part part-000000.parquet has .* bytes"):
        parts.read("lines", 0)


def test_a_stage_left_half_written_by_a_killed_run_is_ignored(clean, tmp_path):
    """A killed run leaves its temporary folder (some parts, no manifest): not read, and removed."""
    out = tmp_path / "out"
    done = _stage_folder(clean[1], "prepare")
    for pid in (os.getpid(), 2 ** 22 + 12345):  # this process (running) and one that is gone
        left = out / "cache" / f".{done.name}.tmp-{HOST}-{pid}-0123abcd"
        for table in ("documents", "texts"):
            (left / table).mkdir(parents=True)
            shutil.copy(done / table / "part-000000.parquet", left / table)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        _assert_same(_tables(out, ["prepare"]), clean[0])
    assert (out / "cache" / f".{done.name}.tmp-{HOST}-{os.getpid()}-0123abcd").exists()
    assert not (out / "cache" / f".{done.name}.tmp-{HOST}-{2 ** 22 + 12345}-0123abcd").exists()


def test_a_stage_that_fails_in_a_batch_leaves_nothing(clean, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def failing(index, batch):
        if index == 1:
            raise KeyboardInterrupt  # as if stopped in the middle
        return batch()

    with monkeypatch.context() as patch:
        _around_batches(patch, failing)
        with pytest.raises(KeyboardInterrupt):
            pipeline.prepare(SEEDS, out, RUN)
    assert list((out / "cache").iterdir()) == []  # the parts of batch 0 are not left as a stage
    _assert_same(_tables(out, ["prepare"]), clean[0])
    _no_leftovers(out, ["prepare"])


def test_a_late_finisher_keeps_the_complete_stage_and_drops_its_copy(clean, finished, monkeypatch):
    """Another run finished the stage while this one computed it: its copy is used, ours removed."""
    final = _stage_folder(finished, "prepare")
    aside = final.with_name("aside")
    final.rename(aside)  # this run does not see it …

    def meanwhile(index, batch):
        if index == 1:
            aside.rename(final)  # … until the other run finishes it
        return batch()

    _around_batches(monkeypatch, meanwhile)
    manifest = (aside / MANIFEST).stat()
    tables = _tables(finished, ["prepare"])
    assert (final / MANIFEST).stat().st_ino == manifest.st_ino  # theirs was kept
    _assert_same(tables, clean[0])
    _no_leftovers(finished)


CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from analysis import pipeline
    from analysis.config import RunConfig

    out, go, started = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.01)
    started.touch()
    tables = pipeline.prepare(sys.argv[4], out, RunConfig(workers=1, batch_size=2, progress=False))
    print(json.dumps({name: frame.to_csv(index=False) for name, frame in tables.items()}), flush=True)
    # its work done and said: ended without the interpreter's teardown, where pyarrow's thread pools
    # abort about 1 process in 65 under load ("terminate called without an active exception", apache/arrow#34314)
    import os
    os._exit(0)
""")


def test_two_runs_on_one_output_folder_both_return_the_whole_corpus(tmp_path, monkeypatch):
    """A second run (another process) starts on the output folder while this one writes its parts;
    it finishes later and finds the stage done. Both return the whole corpus."""
    out, go, started = tmp_path / "out", tmp_path / "go", tmp_path / "started"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    other = subprocess.Popen([sys.executable, "-c", CHILD, str(out), str(go), str(started), str(SEEDS)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def then_the_other(index, batch):
        if index == 1:  # batch 0 is written: the other run starts now
            go.touch()
            deadline = time.monotonic() + 60
            while not started.exists() and other.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.5)  # it looks at the cache while this run is still writing
        return batch()

    _around_batches(monkeypatch, then_the_other)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        here = pipeline.prepare(SEEDS, out, RunConfig(workers=1, batch_size=2, progress=False))
    stdout, stderr = other.communicate(timeout=120)
    assert other.returncode == 0, stderr
    assert "CacheWarning" not in stderr, stderr
    expected = pipeline.prepare(SEEDS, config=RunConfig(workers=1, use_cache=False, batch_size=2, progress=False))
    assert len(here["documents"]) == len(expected["documents"]) == 5
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(here[name], frame, obj=name)
    assert json.loads(stdout) == {name: frame.to_csv(index=False) for name, frame in expected.items()}
    (final,) = (out / "cache").iterdir()  # one stage folder, no temporary one left
    assert Parts(final).verify(checksums=True) == []


KILLED_CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from analysis import pipeline
    from analysis.config import RunConfig
    from analysis.engine import LocalEngine

    out, started = Path(sys.argv[1]), Path(sys.argv[2])
    run = LocalEngine.run

    def slow(index, func, args):
        result = func(*args)
        if index == 1:  # two batches written: the parent kills the process now
            started.touch()
            time.sleep(60)
        return result

    def slowly(self, tasks, desc, total=None):
        return run(self, ((i, slow, (i, func, args)) for i, func, args in tasks), desc, total)

    LocalEngine.run = slowly
    pipeline.prepare(sys.argv[3], out, RunConfig(workers=1, batch_size=1, progress=False))
""")


def test_a_run_killed_mid_stage_leaves_nothing_the_next_run_trusts(tmp_path):
    """A real SIGKILL while a stage writes its parts: the next run on that folder computes the
    stage again, and its tables (written as CSV) are byte-identical to a clean run's."""
    import signal

    out, started = tmp_path / "out", tmp_path / "started"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(out), str(started), str(SEEDS)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not started.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), child.stderr.read() if child.poll() is not None else "the child never started"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert not list((out / "cache").glob("prepare-*")), "a half-written stage took the final name"
    after = pipeline.prepare(SEEDS, out, RunConfig(workers=1, batch_size=1, progress=False))
    clean = pipeline.prepare(SEEDS, config=RunConfig(workers=1, use_cache=False, batch_size=1, progress=False))
    for name, frame in clean.items():
        assert after[name].to_csv(index=False) == frame.to_csv(index=False), name
    assert [p.name for p in (out / "cache").iterdir() if p.name.startswith(".")] == []  # the dead run's folder is gone


def _finished_stage(folder: Path, rows: int) -> Parts:
    """A finished stage folder with one part of ``rows`` lines (three labels, one text)."""
    parts = Parts(folder)
    folder.mkdir()
    labels = ["body", "title", "boilerplate"]
    parts.write("lines", 0, pd.DataFrame({"doc_id": [str(i // 3) for i in range(rows)],
                                          "label": [labels[i % 3] for i in range(rows)],
                                          "text": ["Kata demi kata. " * 20] * rows}))
    parts.finish()
    return parts


def test_a_finished_part_is_read_from_a_copy_in_arrows_memory(tmp_path, monkeypatch):
    """Arrow's reader threads release what they read after the read returns, and releasing a
    Python object (``io.BytesIO``, or the bytes themselves wrapped as Arrow's buffer) takes Python's
    lock, which aborts a process at exit: the cache hands pandas a copy of the checked bytes in
    Arrow's own memory (allocated from Arrow's pool before the read), and reads the same rows."""
    import pyarrow as pa

    parts = _finished_stage(tmp_path / "stage-0", 30)
    size = (parts.folder / "lines" / "part-000000.parquet").stat().st_size
    given, read = [], pd.read_parquet

    def recording(source, *args, **kwargs):
        given.append((source, pa.total_allocated_bytes()))
        return read(source, *args, **kwargs)

    monkeypatch.setattr(cache.pd, "read_parquet", recording)
    frames = []
    for kwargs in ({"filters": [("label", "==", "body")]}, {"index": 0, "columns": ["doc_id", "text"]}):
        before = pa.total_allocated_bytes()
        frames.append(parts.read("lines", **kwargs))
        source, allocated = given[-1]
        assert isinstance(source, pa.BufferReader) and allocated - before >= size, (source, allocated - before, size)
        source.seek(0)
        assert source.read().startswith(b"PAR1")
    body, whole = frames
    direct = read(parts.folder / "lines" / "part-000000.parquet")
    pd.testing.assert_frame_equal(body, direct[direct["label"].eq("body")].reset_index(drop=True))
    pd.testing.assert_frame_equal(whole, direct[["doc_id", "text"]])


EXITING_CHILD = textwrap.dedent("""
    import sys
    from analysis.cache import Parts
    parts = Parts(sys.argv[1])
    for _ in range(3):
        parts.read("lines", filters=[("label", "==", "body")])
""")


@pytest.mark.slow
def test_processes_that_read_the_cache_exit_cleanly(tmp_path):
    """100 processes each read a finished part of 60,000 lines three times and exit: every one
    exits with 0 (with ``io.BytesIO`` given to pandas, 2 to 8 in 100 aborted at exit, "terminate
    called without an active exception", exit code 134; with the bytes wrapped as Arrow's buffer,
    1 in 300)."""
    parts = _finished_stage(tmp_path / "stage-0", 60_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    failed = []
    for _ in range(100):
        child = subprocess.run([sys.executable, "-c", EXITING_CHILD, str(parts.folder)], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=120)
        if child.returncode != 0:
            failed.append((child.returncode, child.stderr[-300:]))
    assert failed == []
