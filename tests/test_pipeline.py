"""The chained stages, their cache and their engines: same input → same tables on every engine;
a changed input recomputes."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline, tokens
from analysis.cache import cache_key
from analysis.config import RunConfig
from analysis.counts import CountParts
from analysis.engine import DaskEngine, LocalEngine, engine_for
from analysis.engine import dask as dask_engine
from analysis.engine import partials

ROOT = Path(__file__).resolve().parent.parent
QUIET = RunConfig(progress=False)
TEXT = ("Jakarta - Menteri Luar Negeri Indonesia mengatakan pada Senin bahwa pemerintah sangat prihatin dengan "
        "kerja sama militer antara Korea Utara dan Rusia yang melanggar resolusi Dewan Keamanan PBB.")


def test_cache_hit_gives_the_same_tables_as_a_fresh_computation(tmp_path):
    fresh = pipeline.prepare(ROOT / "seeds", config=RunConfig(use_cache=False))
    first = pipeline.prepare(ROOT / "seeds", tmp_path)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    second = pipeline.prepare(ROOT / "seeds", tmp_path)  # read back from Parquet
    for name in fresh:
        pd.testing.assert_frame_equal(first[name], fresh[name], check_dtype=False)
        pd.testing.assert_frame_equal(second[name], fresh[name], check_dtype=False)
        assert second[name].to_csv(index=False) == fresh[name].to_csv(index=False)


def test_a_changed_file_or_parameter_changes_the_key(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "seeds", corpus)
    key = cache_key(corpus, default_tz="+07:00")
    assert cache_key(corpus, default_tz="+07:00") == key
    assert cache_key(corpus, default_tz="+08:00") != key
    page = corpus / "000_5a3c5d81fc76b85b.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nTambahan.", encoding="utf-8")
    assert cache_key(corpus, default_tz="+07:00") != key


def test_an_unchanged_corpus_is_read_once_a_changed_or_just_written_one_again(tmp_path, monkeypatch):
    """corpus_fingerprint: a process reads a corpus whose files' stats are unchanged only once;
    a file changed since (here with the same size), added or removed is seen; a file written
    within the last RACY_SECONDS is read every time, as a change in the same instant could keep
    its size and times."""
    import builtins

    from analysis import cache

    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "seeds", corpus)
    page = corpus / "000_5a3c5d81fc76b85b.txt"
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: opened.append(Path(file).name) or real_open(file, *a, **k))
    monkeypatch.setattr(cache, "RACY_SECONDS", 1e9)  # every file counts as just written
    first = cache.corpus_fingerprint(corpus)
    assert cache.corpus_fingerprint(corpus) == first and opened.count(page.name) == 2  # read, not remembered
    monkeypatch.setattr(cache, "RACY_SECONDS", -1.0)  # every file counts as old
    assert cache.corpus_fingerprint(corpus) == first and opened.count(page.name) == 3  # remembered now
    assert cache.corpus_fingerprint(corpus) == first and opened.count(page.name) == 3

    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Korea", "Kerea", 1), encoding="utf-8")  # the same size
    changed = cache.corpus_fingerprint(corpus)
    assert changed != first and opened.count(page.name) == 4
    (corpus / "zzz.txt").write_text("Halaman baru.", encoding="utf-8")
    added = cache.corpus_fingerprint(corpus)
    (corpus / "zzz.txt").unlink()
    assert added not in (first, changed) and cache.corpus_fingerprint(corpus) == changed


def test_settings_that_do_not_change_the_tables_keep_the_cache(tmp_path):
    """Engine, scheduler, progress bars: not in the key (the same folder is reused)."""
    pipeline.prepare(ROOT / "seeds", tmp_path, QUIET)
    pipeline.prepare(ROOT / "seeds", tmp_path, QUIET.replace(progress=True, scheduler="tcp://nowhere:1"))
    assert len(list((tmp_path / "cache").iterdir())) == 1
    pipeline.prepare(ROOT / "seeds", tmp_path, QUIET.replace(batch_size=2))
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_an_export_read_with_a_columns_mapping_gives_the_tables_of_one_named_as_the_suite(tmp_path):
    """Both engines; the mapping is in the cache key (another mapping is another stage)."""
    from analysis import corpus

    seeds = corpus.load(ROOT / "seeds").documents[["doc_id", "text", "outlet", "title"]]
    named, own = tmp_path / "named" / "export.jsonl", tmp_path / "own" / "export.jsonl"
    for path, frame in ((named, seeds), (own, seeds.rename(columns={"doc_id": "id", "text": "isi", "title": "judul"}))):
        path.parent.mkdir()
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    want = pipeline.prepare(named, tmp_path / "a", QUIET)
    mapping = "doc_id=id,text=isi,title=judul"
    for engine, out in (("pandas", "b"), ("dask", "c")):  # dask: the workers read their slices of the file
        got = pipeline.prepare(own, tmp_path / out, QUIET.replace(columns=mapping, engine=engine))
        for table in ("documents", "lines", "texts"):
            assert got[table].to_csv(index=False) == want[table].to_csv(index=False), (engine, table)
    pipeline.prepare(own, tmp_path / "b", QUIET.replace(columns="title=judul,text=isi,doc_id=id"))  # the same pairs
    assert len(list((tmp_path / "b" / "cache").iterdir())) == 1
    pipeline.prepare(own, tmp_path / "b", QUIET.replace(columns="doc_id=id,text=isi"))
    assert len(list((tmp_path / "b" / "cache").iterdir())) == 2


def test_documents_gain_body_sizes(seeds_corpus):
    stages = pipeline.prepare(ROOT / "seeds", config=RunConfig(use_cache=False))
    docs = stages["documents"].set_index("doc_id")
    assert docs.loc["002_232fd3ee54a89291", "n_body_lines"] == 7
    assert (docs["n_body_words"] > 50).all()
    assert list(stages["documents"]["doc_id"]) == list(seeds_corpus.documents["doc_id"])


def test_an_extra_stopword_that_names_an_actor_is_kept_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match=r"'Korea Utara', 'rusia' are actors of the gazetteer") as caught:
        counts = pipeline.count_terms(ROOT / "seeds", tmp_path, QUIET, extra_stopwords="rusia, senjata, Korea Utara")
    terms = set(counts.terms()["term"])
    assert {"rusia", "korea_utara"} <= terms and "senjata" not in terms
    assert "senjata" not in str(caught[0].message)


def test_extra_stopwords_that_name_no_actor_give_no_warning(tmp_path, recwarn):
    pipeline.count_terms(ROOT / "seeds", tmp_path, QUIET, extra_stopwords="senjata")
    assert not [w for w in recwarn if issubclass(w.category, UserWarning) and "actor" in str(w.message)]


def _all_tables(corpus, out, engine, workers=0):
    config = RunConfig(engine=engine, batch_size=3, progress=False, workers=workers)
    tables = pipeline.prepare(corpus, out, config)
    counts = pipeline.count_terms(corpus, out, config)
    found = pipeline.find_dates(corpus, out, config)
    tables.update({f"quotes/{name}": frame for name, frame in pipeline.find_quotes(corpus, out, config).items()})
    tables.update({f"near-copies/{name}": frame
                   for name, frame in pipeline.find_near_copies(corpus, out, config, threshold=0.2).items()})
    tables.update({"terms": counts.terms(), "keyness": counts.keyness(min_count=1),
                   "bigrams": counts.ngrams(2), "trigrams": counts.ngrams(3),
                   "collocations": counts.collocations(), "actors": counts.actors, **found,
                   **{f"counts_{name}": _whole(table) for name, table in counts.as_dict().items()}})  # the raw sums too
    return tables


def _whole(table):
    """A counts table as a frame in key order (a ``CountParts`` read whole)."""
    if isinstance(table, CountParts):
        return table.frame([c for c in table.columns if c not in ("count", "documents")])
    return table


def test_dask_engine_gives_the_same_tables_as_pandas(tmp_path):
    """The same per-batch functions on a Dask LocalCluster: byte-identical tables."""
    corpus = ROOT / "tests" / "fixtures" / "unseen"  # 9 pages of 9 outlets → 3 batches
    with_pandas = _all_tables(corpus, tmp_path / "pandas", "pandas")
    with_dask = _all_tables(corpus, tmp_path / "dask", "dask")
    assert set(with_pandas) == set(with_dask)
    for name, frame in with_pandas.items():
        assert len(frame) or name.startswith("near-copies/"), name  # these pages copy no one
        assert frame.to_csv(index=False) == with_dask[name].to_csv(index=False), name
    assert not list((tmp_path / "dask").rglob("partial_*")) and not list((tmp_path / "dask").rglob("coded_*"))


def test_the_local_cluster_is_kept_for_later_stages_and_closed_after_a_failed_one():
    """One LocalCluster (the same worker processes) for the stages of a process; a stage that fails
    closes it, and the next starts a new one."""
    dask_engine.stop_cluster()
    with dask_engine.dask_client() as client:
        workers = client.run(os.getpid)
    from distributed import default_client

    with pytest.raises(ValueError):  # kept, but not the client of a user's own dask.compute
        default_client()
    with dask_engine.dask_client() as again:
        assert again is client and again.run(os.getpid) == workers
    with pytest.raises(RuntimeError, match="stage failed"), dask_engine.dask_client():
        raise RuntimeError("stage failed")
    assert client.status == "closed"
    with dask_engine.dask_client() as fresh:
        assert fresh.status == "running" and set(fresh.run(os.getpid).values()).isdisjoint(workers.values())
    dask_engine.stop_cluster()
    assert fresh.status == "closed"


def test_a_kept_local_cluster_without_workers_is_replaced(monkeypatch):
    import time

    monkeypatch.setattr(dask_engine, "WORKER_WAIT_SECONDS", 1)
    dask_engine.stop_cluster()
    with dask_engine.dask_client() as client:
        client.cluster.scale(0)  # its workers gone for good (a nanny restarts one that dies)
    for _ in range(100):
        if not client.scheduler_info()["workers"]:
            break
        time.sleep(0.1)
    with dask_engine.dask_client() as fresh:
        assert fresh is not client and fresh.submit(sum, [1, 2]).result(timeout=60) == 3
    assert client.status == "closed"
    dask_engine.stop_cluster()


def test_a_cluster_whose_worker_watcher_failed_is_closed_without_an_error(monkeypatch):
    """distributed's race when a worker leaves (dask/distributed#5407): the cluster's watcher
    looks the leaving worker up after it was dropped and ends with a KeyError, which ``close``
    raises after closing the workers and the scheduler, before it stops the cluster's event
    loop. Stopping the kept cluster neither fails nor leaves that thread or a worker process."""
    import threading
    import time

    import psutil
    from distributed.deploy.cluster import Cluster

    def racing(self, op, msg):  # the watcher's KeyError, made certain
        if op == "remove":
            raise KeyError(msg)

    dask_engine.stop_cluster()
    with dask_engine.dask_client() as client:
        cluster = client.cluster
    monkeypatch.setattr(Cluster, "_update_worker_status", racing)
    assert "IO loop" in {t.name for t in threading.enumerate()}
    dask_engine.stop_cluster()
    def workers():  # the worker processes (multiprocessing's resource tracker stays, as it does anyway)
        return [p for p in psutil.Process().children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]

    for _ in range(50):
        if "IO loop" not in {t.name for t in threading.enumerate() if t.is_alive()} and not workers():
            break
        time.sleep(0.1)
    assert cluster.status.name == "closed"
    assert "IO loop" not in {t.name for t in threading.enumerate() if t.is_alive()}
    assert not workers()


def test_an_idle_local_cluster_is_closed(monkeypatch):
    import time

    monkeypatch.setattr(dask_engine, "IDLE_SECONDS", 0.2)
    dask_engine.stop_cluster()
    with dask_engine.dask_client() as client:
        assert client.status == "running"
    for _ in range(100):
        if client.status == "closed":
            break
        time.sleep(0.1)
    assert client.status == "closed"


def test_dask_sums_keys_too_wide_to_pack_column_by_column(tmp_path, monkeypatch):
    corpus = ROOT / "tests" / "fixtures" / "unseen"
    config = RunConfig(batch_size=4, progress=False)
    expected = pipeline.count_terms(corpus, tmp_path / "pandas", config)
    monkeypatch.setattr(dask_engine, "KEY_BITS", 0)  # decided on the client: no key is packed
    wide = pipeline.count_terms(corpus, tmp_path / "dask", config.replace(engine="dask"))
    wide = wide.as_dict()
    for name, table in expected.as_dict().items():
        assert _whole(table).to_csv(index=False) == _whole(wide[name]).to_csv(index=False), name


def test_batches_add_up_to_the_single_batch_terms(tmp_path):
    corpus = ROOT / "tests" / "fixtures" / "unseen"
    one = pipeline.count_terms(corpus, tmp_path / "one", QUIET.replace(batch_size=100))
    many = pipeline.count_terms(corpus, tmp_path / "many", QUIET.replace(batch_size=2))
    assert one.terms().to_csv() == many.terms().to_csv()
    assert one.keyness(min_count=1).to_csv() == many.keyness(min_count=1).to_csv()


def test_tables_come_in_one_order_whatever_the_batch_size(tmp_path):
    # each batch holds its documents' rows in doc_id order; read back, the batches are one table
    corpus = tmp_path / "export.jsonl"
    rows = [{"doc_id": f"d{i:02d}", "text": f"Warta{i % 4}\n{TEXT}\nPada 3 Januari 2024 Korea Utara mengirim rudal.",
             "published": "2024-01-0" + str(1 + i % 9)} for i in (7, 3, 11, 0, 9, 5, 1, 10, 2, 8, 6, 4)]
    rows.insert(5, {"doc_id": "empty", "text": " "})  # a problem in the middle of the file
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    tables = {}
    for size in (3, 100):
        config = QUIET.replace(batch_size=size, languages="any")
        prepared = pipeline.prepare(corpus, tmp_path / str(size), config)
        found = pipeline.find_dates(corpus, tmp_path / str(size), config)
        counted = pipeline.count_terms(corpus, tmp_path / str(size), config)
        tables[size] = {"lines": prepared["lines"], "problems": prepared["problems"],
                        "mentions": found["mentions"], "actors": counted.as_dict()["actors"]}
    for name, table in tables[100].items():
        assert table.to_csv(index=False) == tables[3][name].to_csv(index=False), name
    assert tables[3]["lines"]["doc_id"].is_monotonic_increasing


def test_extra_stopwords_as_a_string_or_a_list_are_one_cached_stage(tmp_path):
    as_string = pipeline.count_terms(ROOT / "seeds", tmp_path, QUIET, extra_stopwords="senjata, korea")
    as_list = pipeline.count_terms(ROOT / "seeds", tmp_path, QUIET, extra_stopwords=["korea", "senjata"])
    assert len(list((tmp_path / "cache").glob("terms-*"))) == 1
    assert as_string.terms().equals(as_list.terms())
    assert not as_string.terms()["term"].isin(["senjata", "korea"]).any()


def test_engines_run_tasks_in_order_and_count_alike(tmp_path):
    """One interface: the same results from ``run`` and the same sums from ``count`` on both engines."""
    tasks = [(index, pow, (index, 2)) for index in range(5)]
    texts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
                          "text": ["senjata AS", "senjata Korea Utara", "AS mengirim senjata"]})
    batches = [(index, _partial, (texts[index:index + 1],)) for index in range(len(texts))]
    engines = [LocalEngine(QUIET), DaskEngine(QUIET.replace(engine="dask"))]
    results = [engine.run(tasks, "squares", len(tasks)) for engine in engines]
    sums = [engine.count(batches, tmp_path, "terms", len(batches)) for engine in engines]
    assert results[0] == results[1] == [0, 1, 4, 9, 16]
    # results of any type come back as they were (the Dask engine boxes them: distributed sends a
    # returned list or tuple item by item, seconds for the ids of one batch)
    lists = [engine.run([(0, list, ("ab",)), (1, tuple, ("c",)), (2, dict, ([("d", [1])],))], "kinds")
             for engine in engines]
    assert lists[0] == lists[1] == [["a", "b"], ("c",), {"d": [1]}]
    assert sums[0].keys() == sums[1].keys() == partials.combine_counts(_partial(texts) for _ in [0]).keys()
    for name, table in sums[0].items():
        assert table.to_csv(index=False) == _whole(sums[1][name]).to_csv(index=False), name
    # nothing left but the n-gram sums the Dask engine keeps as hash partitions (two workers: two parts)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["counts_bigram_fd", "counts_ngrams"]
    assert len(list((tmp_path / "counts_ngrams").iterdir())) == 2


def _partial(texts):
    return partials.partial_counts(tokens.tokenize(texts))


@pytest.mark.parametrize("engine", ["pandas", "dask"])
def test_both_engines_refuse_partials_with_other_settings(tmp_path, engine):
    texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["senjata AS", "AS"]})
    batches = [(0, _partial, (texts[:1],)), (1, _sizes, (texts[1:],))]
    with pytest.raises(ValueError, match="partial counts differ in ngram_sizes"):
        engine_for(QUIET.replace(engine=engine)).count(batches, tmp_path, "terms", 2)
    with pytest.raises(ValueError, match="no partial counts to combine"):
        engine_for(QUIET.replace(engine=engine)).count([], tmp_path, "terms", 0)
    assert partials.PARTIAL_VALUES  # (the tables both engines add up)


def _sizes(texts):
    return partials.partial_counts(tokens.tokenize(texts), ngram_sizes=(2,))


def test_engine_for_names_the_engine():
    assert isinstance(engine_for(QUIET), LocalEngine)
    assert isinstance(engine_for(QUIET.replace(engine="dask")), DaskEngine)
    with pytest.raises(ValueError, match="parameter config"):
        engine_for({"engine": "pandas"})


def test_bad_settings_name_the_parameter(tmp_path):
    with pytest.raises(ValueError, match="parameter engine"):
        pipeline.prepare(ROOT / "seeds", tmp_path, RunConfig(engine="spark"))
    with pytest.raises(ValueError, match="parameter batch_size"):
        pipeline.prepare(ROOT / "seeds", tmp_path, RunConfig(batch_size=0))
    with pytest.raises(ValueError, match="parameter config"):
        pipeline.prepare(ROOT / "seeds", tmp_path, {"engine": "pandas"})
    with pytest.raises(ValueError, match="parameter tables"):
        pipeline.prepare(ROOT / "seeds", tmp_path, tables=("documents", "tokens"))
    with pytest.raises(ValueError, match="parameter labels"):
        pipeline.find_dates(ROOT / "seeds", tmp_path, labels="body")
    with pytest.raises(ValueError, match="parameter tables"):
        pipeline.find_dates(ROOT / "seeds", tmp_path, tables=("anchors", "lines"))
    with pytest.raises(ValueError, match="not the string 'anchors'"):
        pipeline.find_dates(ROOT / "seeds", tmp_path, tables="anchors")
    with pytest.raises(ValueError, match="not the string 'documents'"):
        pipeline.prepare(ROOT / "seeds", tmp_path, tables="documents")
    with pytest.raises(ValueError, match="parameter extra_stopwords"):
        pipeline.count_terms(ROOT / "seeds", tmp_path, extra_stopwords=3)


def test_find_dates_reads_back_only_the_tables_asked_for(tmp_path):
    """The mentions can stay on disk (a client that holds only the anchors at scale); read back
    later from the cache, they are the table a full call returns."""
    anchors = pipeline.find_dates(ROOT / "seeds", tmp_path, QUIET, tables=["anchors"])
    assert list(anchors) == ["anchors"]
    both = pipeline.find_dates(ROOT / "seeds", tmp_path, QUIET)
    assert list(both) == ["mentions", "anchors"] and len(both["mentions"]) > 0
    pd.testing.assert_frame_equal(anchors["anchors"], both["anchors"])
    mentions = pipeline.find_dates(ROOT / "seeds", tmp_path, QUIET, tables=("mentions",))["mentions"]
    pd.testing.assert_frame_equal(mentions, both["mentions"])


def test_worker_processes_give_the_same_tables_as_one_process(tmp_path):
    """Engine pandas on worker processes (a stage of several batches): every table byte for byte
    those of the batches run one after another in this process."""
    import psutil

    from analysis.engine.local import stop_workers

    corpus = ROOT / "tests" / "fixtures" / "unseen"  # 9 pages → 3 batches
    here = _all_tables(corpus, tmp_path / "one", "pandas", workers=1)
    stop_workers()  # started again by the stages below
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    there = _all_tables(corpus, tmp_path / "two", "pandas", workers=2)
    assert {p.pid for p in psutil.Process().children(recursive=True)} - before  # the workers (kept idle)
    assert set(here) == set(there)
    for name, frame in here.items():
        assert len(frame) or name.startswith("near-copies/"), name  # these pages copy no one
        assert frame.to_csv(index=False) == there[name].to_csv(index=False), name


def test_a_task_that_fails_on_a_worker_raises_its_error_and_the_workers_go_on():
    engine = LocalEngine(QUIET.replace(workers=2))
    with pytest.raises(ValueError, match="invalid literal for int"):
        engine.run([(0, int, ("1",)), (1, int, ("x",)), (2, int, ("3",))], "numbers")
    assert engine.run([(index, pow, (index, 2)) for index in range(4)], "squares") == [0, 1, 4, 9]


def test_a_script_without_a_main_guard_runs_a_stage_on_worker_processes(tmp_path):
    """The workers are new interpreters that do not run the caller's script again."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(f"""
        from analysis import pipeline
        from analysis.config import RunConfig
        tables = pipeline.prepare({str(ROOT / "seeds")!r}, {str(tmp_path / "out")!r},
                                  RunConfig(batch_size=2, workers=2, progress=False))
        print("documents", len(tables["documents"]))
    """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "documents 5\n"  # printed once: the script ran once


def test_use_cores_sets_the_automatic_worker_count():
    from analysis.engine import local

    try:
        local.use_cores(1)
        assert local.worker_count(0) == 1 and local.worker_count(3) == 3
        with pytest.raises(ValueError, match="parameter cores"):
            local.use_cores(0)
    finally:
        local.use_cores(None)
    assert local.worker_count(0) == min(local.machine_cores(), local.MAX_WORKERS)


def test_batches_in_this_process_reuse_memory_until_the_stage_ends(monkeypatch):
    """One process running a stage's batches keeps what a batch frees for the next one (glibc's
    heap, ``reuse_memory``) and gives it back once, when the stage's last batch is done."""
    from analysis import engine
    from analysis.engine import local

    import platform

    assert engine.reuse_memory() is (platform.libc_ver()[0] == "glibc")  # a no-op on other C libraries
    released = []
    monkeypatch.setattr(local, "release_memory", lambda: released.append(len(seen)))
    seen = []

    def batch(i):
        seen.append(i)
        return i

    tasks = [(i, batch, (i,)) for i in range(4)]
    assert LocalEngine(RunConfig(workers=1, progress=False)).run(tasks, "batches") == [0, 1, 2, 3]
    assert released == [4]  # after the last batch, not after each
    with pytest.raises(ZeroDivisionError):
        LocalEngine(RunConfig(workers=1, progress=False)).run([(0, batch, (0,)), (1, divmod, (1, 0))], "fails")
    assert released == [4, 5]  # also when a batch fails


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="glibc's allocator settings")
def test_memory_reused_during_a_stage_goes_back_with_the_settings_at_its_end():
    """Between ``reuse_memory`` and ``release_memory`` a freed 96 MB array stays with the process
    (the next batch reuses it); ``release_memory`` gives it back and puts glibc's settings back, so
    that a block as large freed afterwards goes back at once."""
    import subprocess

    code = textwrap.dedent("""
        import numpy as np, psutil
        from analysis import engine
        rss = lambda: psutil.Process().memory_info().rss >> 20
        def freed():  # MB still held after a 96 MB array is made, touched and freed
            base = rss(); block = np.ones(96 << 17); del block; return rss() - base
        engine.release_memory()
        print(freed(), engine.reuse_memory(), freed())
        engine.release_memory()
        print(freed())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    (default, took, reusing), (after,) = [line.split() for line in out.splitlines()]
    assert took == "True"
    assert int(default) < 16 and int(after) < 16  # returned to the system at once
    assert int(reusing) > 80  # kept for the next batch
_INTERRUPTED = """
import sys, time
import psutil
from analysis.config import RunConfig
from analysis.engine import LocalEngine

def workers(pid=None):
    # the loky workers under pid still running (one that ended, or is a zombie, is not)
    found = []
    for p in psutil.Process(pid).children(recursive=True):
        try:
            line = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "loky" in line and "resource_tracker" not in line:
            found.append(p)
    return found

try:
    LocalEngine(RunConfig(workers=2, progress=False)).run([(i, time.sleep, (60,)) for i in range(4)], "sleeps")
except KeyboardInterrupt:
    deadline = time.monotonic() + 20
    while workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    print("interrupted; workers left:", len(workers()))
"""


def test_an_interrupt_ends_the_running_workers(tmp_path):
    """Ctrl-C in a notebook (the kernel lives on): the batches running on the workers are stopped,
    not left running for the rest of the session."""
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", _INTERRUPTED], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    namespace = {}
    exec(_INTERRUPTED.split("\ntry:")[0], namespace)  # its workers() helper, here
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(namespace["workers"](child.pid)) < 2:
        time.sleep(0.2)
    time.sleep(1)  # the workers have taken their batches
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert out == "interrupted; workers left: 0\n", err


def _late(value, seconds):
    """A task that takes ``seconds``: the later tasks finish first."""
    import time

    time.sleep(seconds)
    return value


def _marked_partial(texts, seconds, marker):
    """A batch's partial counts after ``seconds``, leaving ``marker`` once written."""
    import time

    time.sleep(seconds)
    counts = _partial(texts)
    Path(marker).write_text("x")
    return counts


def test_results_come_in_task_order_when_later_tasks_finish_first():
    tasks = [(index, _late, (index, 0.6 - 0.15 * index)) for index in range(4)]
    assert LocalEngine(QUIET.replace(workers=3)).run(tasks, "late") == [0, 1, 2, 3]


def test_no_batch_runs_on_after_adding_up_fails(tmp_path):
    """combine_counts refuses the second batch (other settings): the batches handed out after it
    end before the error is raised, since the stage's folder they write into is removed then."""
    import time

    texts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["senjata AS", "AS"]})
    batches = [(0, _partial, (texts[:1],)), (1, _sizes, (texts[1:],)),
               *((index, _marked_partial, (texts[:1], 1.5, str(tmp_path / f"done-{index}"))) for index in (2, 3))]
    with pytest.raises(ValueError, match="partial counts differ in ngram_sizes") as caught:
        LocalEngine(QUIET.replace(workers=2)).count(batches, tmp_path, "terms", len(batches))
    written = sorted(p.name for p in tmp_path.glob("done-*"))
    time.sleep(2.5)  # the error is still held (its traceback), as IPython holds the last one
    assert sorted(p.name for p in tmp_path.glob("done-*")) == written
    assert caught.value is not None
