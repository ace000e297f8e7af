"""Scale benchmark: every stage at 10^3, 10^4 and 10^5 real documents, beside the anchors.

Corpus: the CLICK-ID articles (real Indonesian news, CC BY 4.0, see ``benchmarks/data/README.md``).
``--source`` names a JSONL(.gz) file with ``doc_id, outlet, title, published, text`` (the full
25,427-article corpus, ``click-id-2019.jsonl.gz``, where you have it); without it, the 1,956-article
sample kept in the project, ``benchmarks/data/click-id-sample.jsonl.gz``. This script reads no
path outside the repository by itself: ``make bench BENCH_SOURCE=path/to/corpus.jsonl.gz`` passes
``--source``.
For each size the source rows are put in a fixed pseudo-random order (so every prefix mixes the
outlets), cycled to the size, given unique ``doc_id``s (``-r1``, ``-r2`` … on the repeats; outlet,
title, published and text are kept) and written to a temporary JSONL file: the same source and
size always give the same file, and loading is measured from disk, like a user's run.

Every size runs in fresh subprocesses, so sizes do not contaminate each other:

* ``stages``: the project's own functions on the same batches (``--batch-size``, default 5000, as
  the pipeline): load = ``readers.iter_raw`` + ``corpus.finish`` without its call of
  ``clean.label_lines``; clean = that ``label_lines`` call (timed inside ``finish``, whose labelled
  lines the pipeline keeps, so they are made once per batch as in the pipeline) +
  ``clean.clean_texts``; terms = ``counts.count_texts`` (the partial counts, no tokens table) per batch,
  ``partials.combine_counts`` over the batches and the final ``TermCounts.terms()``; dates =
  ``dates.find_mentions``. Stages run batch by batch (memory bounded by the batch, as in the
  pipeline); each stage's time is the sum over the batches. Imports and a warm-up on 20 documents
  (rule compilation, the language model) are timed apart as "start-up". Then the anchors, in the same process on the
  same text: scikit-learn ``CountVectorizer().fit_transform`` on all the cleaned texts of the
  size and ``counts.count_words`` on the same texts, taken in turns (``--anchor-repeat``, the
  best of each); jusText (Indonesian stoplist, each raw line as a ``<p>``) on a spread sample of raw pages
  (``--justext-docs``), beside ``label_lines`` + ``clean_texts`` on the same pages; dateparser
  ``search_dates`` (``languages=["id"]``, ``RELATIVE_BASE`` = the document's publication date) on
  the cleaned body paragraphs of a spread sample of documents (``--dateparser-kb``), beside
  ``find_mentions`` on the same paragraphs.
* ``report``: the whole report path, ``pipeline.prepare`` + ``count_terms`` + ``find_dates`` into
  a fresh output folder (its cache starts empty), engine pandas; and engine dask (a LocalCluster
  sized to the machine, as ``engine="dask"`` makes it) at the sizes of ``--dask-sizes``; the
  documents table, ``term_counts_from`` and the date mentions are written as CSV and compared
  byte for byte between the engines.

Memory: a sampler *process* (psutil, every ``--interval`` seconds; a process, so that it is not
held up by the GIL) records the RSS of the benchmark process and the summed RSS of its child
processes (the Dask nanny and worker processes; RSS, so shared pages count once per process);
the peak of each stage is the largest sample inside that stage's time windows. The process's
``ru_maxrss`` (the kernel's high-water mark) is reported as well.

MB are megabytes (10^6 bytes) of UTF-8 text a stage reads: load, clean and the whole report the
raw page text; terms the cleaned texts; dates the text of the body lines.

Run from the repository root::

    .venv/bin/python benchmarks/bench_scale.py                # 10^3, 10^4, 10^5; dask at 10^5
    .venv/bin/python benchmarks/bench_scale.py --quick        # 10^3, 10^4, no dask (a fast check)
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000 10000 100000 --engines pandas dask \\
        --source PATH/click-id-2019.jsonl.gz --out benchmarks/RESULTS.md
    .venv/bin/python benchmarks/bench_scale.py --make-sample --source PATH/click-id-2019.jsonl.gz
    # 10^5 -> 10^6 articles, the whole-report runs (no one-process stages): pandas at 10^5 (its
    # tables compared with Dask's), Dask at 10^5 and 10^6: seconds, peak RSS of the client, of all
    # workers and of the largest worker (targets: <= 2 GB each)
    .venv/bin/python benchmarks/bench_scale.py --sizes 100000 1000000 --engines pandas dask \
        --pandas-sizes 100000 --dask-sizes 100000 1000000 --stages-sizes --profile-size 0 \
        --source PATH/click-id-2019.jsonl.gz --out benchmarks/SCALE.md

The full run writes ``benchmarks/RESULTS.md``; ``--quick`` writes ``benchmarks/out/RESULTS-quick.md``
(ignored by git) unless ``--out`` is given; a run with sizes left out of ``--stages-sizes`` writes
the table of the whole-report runs only (``render_scale``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Kept in the project (1,956 articles, every 13th of the full corpus), used otherwise.
SAMPLE = HERE / "data" / "click-id-sample.jsonl.gz"
SAMPLE_STEP = 13
FIELDS = ("doc_id", "outlet", "title", "published", "text")
PACKAGES = ("pandas", "numpy", "pyarrow", "dask", "distributed", "scikit-learn", "dateparser",
            "jusText", "nltk", "psutil", "lxml")
STAGES = ("load", "clean", "terms", "dates")
SEED = 2019

TARGETS = {
    "total_seconds": 180.0,       # 10^5 documents through load + clean + terms + dates
    "peak_rss_gb": 3.0,
    "scaling": 12.0,              # time at 10^5 / time at 10^4
    "terms_vs_countvectorizer": 5.0,  # 1- to 3-grams against CountVectorizer(ngram_range=(1, 3)) (issue 15)
    "words_vs_countvectorizer": 1.5,  # count_words alone against CountVectorizer()
    "dates_vs_dateparser": 150.0,  # issue 15 (100x before it)
    "dask_vs_pandas": 1.5,
}

# --------------------------------------------------------------------------- helpers

now = time.monotonic  # CLOCK_MONOTONIC: comparable with the sampler process's clock


def utf8_mb(texts) -> float:
    """Megabytes of UTF-8 of an iterable of strings (or a pandas Series)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(list(texts) if not hasattr(texts, "to_numpy") else texts.to_numpy(dtype=object),
                   type=pa.large_string())
    return (pc.sum(pc.binary_length(arr)).as_py() or 0) / 1e6


def rel(path: Path | str) -> str:
    """A path as shown: relative to the repository root (symlinks not resolved)."""
    p = os.path.abspath(path)
    try:
        return Path(os.path.relpath(p, ROOT)).as_posix()
    except ValueError:
        return str(p)


# --------------------------------------------------------------------------- corpus

def read_source(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def source_order(n: int) -> list[int]:
    """A fixed pseudo-random order of the source rows (RandomState streams are frozen)."""
    import numpy as np

    return np.random.RandomState(SEED).permutation(n).tolist()


def write_corpus(records: list[dict], size: int, path: Path) -> dict:
    """``size`` documents cycling through ``records`` in a fixed order, unique doc_ids."""
    order = source_order(len(records))
    h = hashlib.blake2b(digest_size=16)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for i in range(size):
            copy, r = divmod(i, len(records))
            rec = records[order[r]]
            out = {k: rec.get(k, "") for k in FIELDS}
            out["doc_id"] = str(rec["doc_id"]) + (f"-r{copy}" if copy else "")
            line = json.dumps(out, ensure_ascii=False) + "\n"
            fh.write(line)
            h.update(line.encode("utf-8"))
    return {"path": str(path), "documents": size, "file_mb": path.stat().st_size / 1e6,
            "copies": -(-size // len(records)), "blake2b": h.hexdigest()}


def make_sample(source: Path, out: Path = SAMPLE, step: int = SAMPLE_STEP) -> None:
    """Every ``step``-th article of ``source``, fields and text unchanged, gzip without a timestamp."""
    records = read_source(source)[::step]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        for rec in records:
            gz.write((json.dumps({k: rec.get(k, "") for k in FIELDS}, ensure_ascii=False) + "\n").encode())
    print(f"wrote {rel(out)}: {len(records)} articles, {out.stat().st_size / 1e6:.2f} MB")


# --------------------------------------------------------------------------- memory sampler

_SAMPLER = r"""
import os, signal, sys, time, psutil
pid, out, interval, children = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4] == "1"
stop = False
def _stop(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, _stop)
me = os.getpid()
proc = psutil.Process(pid)
with open(out, "w") as fh:
    print("ready", flush=True)
    while not stop:
        t = time.monotonic()
        try:
            main = proc.memory_info().rss
        except psutil.Error:
            break
        kids = largest = 0
        if children:
            for c in proc.children(recursive=True):
                if c.pid == me:
                    continue
                try:
                    rss = c.memory_info().rss
                except psutil.Error:
                    continue
                kids += rss
                largest = max(largest, rss)
        fh.write(f"{t:.4f} {main} {kids} {largest}\n")
        time.sleep(interval)
"""


class Sampler:
    """RSS of this process (and the sum over its children) every ``interval`` s, from another
    process; ``peak(windows)`` is the largest sample inside the windows."""

    def __init__(self, interval: float, children: bool, folder: Path):
        self.file = folder / f"rss-{os.getpid()}.txt"
        self.proc = subprocess.Popen([sys.executable, "-c", _SAMPLER, str(os.getpid()), str(self.file),
                                      str(interval), "1" if children else "0"], stdout=subprocess.PIPE,
                                     text=True)
        self.proc.stdout.readline()  # "ready": sampling has started
        self.samples: list[tuple[float, int, int, int]] = []

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        with open(self.file) as fh:
            for line in fh:
                t, m, k, x = line.split()
                self.samples.append((float(t), int(m), int(k), int(x)))

    def peak(self, windows: list[tuple[float, float]]) -> dict:
        """Peak RSS in the windows: this process (the client), the sum over its children, both
        together, and the largest single child (a Dask worker of the LocalCluster)."""
        main = kids = total = largest = 0
        for t, m, k, x in self.samples:
            if any(a <= t <= b for a, b in windows):
                main, kids, total, largest = max(main, m), max(kids, k), max(total, m + k), max(largest, x)
        if not main and windows:  # a window shorter than the interval: the next sample
            later = [(t, m, k, x) for t, m, k, x in self.samples if t >= windows[0][0]]
            if later:
                _, main, kids, largest = later[0]
                total = main + kids
        return {"rss_mb": main / 1e6, "children_rss_mb": kids / 1e6, "total_rss_mb": total / 1e6,
                "largest_child_rss_mb": largest / 1e6}


class Clock:
    """Seconds and time windows per named stage; with ``profile``, a cProfile profiler per stage
    that runs only inside that stage's windows."""

    def __init__(self, profile: bool = False):
        self.seconds: dict[str, float] = {}
        self.windows: dict[str, list[tuple[float, float]]] = {}
        self.profilers: dict = {} if profile else None
        self.steps: dict[str, float] = {}

    def add(self, name: str, start: float, end: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + (end - start)
        self.windows.setdefault(name, []).append((start, end))

    @contextmanager
    def stage(self, name: str):
        prof = None
        if self.profilers is not None:
            import cProfile

            prof = self.profilers.setdefault(name, cProfile.Profile())
            prof.enable()
        start = now()
        try:
            yield
        finally:
            self.add(name, start, now())
            if prof is not None:
                prof.disable()

    def run(self, name: str, fn, *args, **kwargs):
        with self.stage(name):
            return fn(*args, **kwargs)

    def run_best(self, name: str, fn, *args, **kwargs):
        """As :meth:`run`, but ``seconds[name]`` keeps the shortest of this name's calls (the turns
        of a comparison) instead of their sum; every call's window is kept."""
        before = self.seconds.pop(name, None)
        try:
            return self.run(name, fn, *args, **kwargs)
        finally:
            if before is not None:
                self.seconds[name] = min(before, self.seconds[name])

    @contextmanager
    def step(self, name: str):
        """A step inside a stage (seconds only; the stage keeps the window and the profiler)."""
        start = now()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + (now() - start)

    def move(self, seconds: float, source: tuple[str, str], target: tuple[str, str]) -> None:
        """``seconds`` spent inside ``source`` (stage, step) counted under ``target`` instead."""
        for (stage, step), sign in ((source, -1), (target, 1)):
            self.seconds[stage] = self.seconds.get(stage, 0.0) + sign * seconds
            self.steps[step] = self.steps.get(step, 0.0) + sign * seconds


@contextmanager
def timed_calls(module, name: str):
    """``module.name`` wrapped while the block runs: yields a list whose first item is the
    seconds spent in its calls so far."""
    original, spent = getattr(module, name), [0.0]

    def wrapper(*args, **kwargs):
        start = now()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += now() - start

    setattr(module, name, wrapper)
    try:
        yield spent
    finally:
        setattr(module, name, original)


def profile_table(prof, top: int = 12) -> dict:
    """The ``top`` functions by own time, and the project's functions by cumulative time."""
    import pstats

    stats = pstats.Stats(prof).stats

    def where(key):
        file, line, func = key
        if file == "~":
            return func
        f = Path(file)
        for base in (ROOT, *[Path(x) for x in sys.path if x.endswith("site-packages")]):
            try:
                return f"{f.resolve().relative_to(base.resolve()).as_posix()}:{line}({func})"
            except (ValueError, OSError):
                pass
        return f"{f.name}:{line}({func})"

    rows = [(where(k), nc, tt, ct, k[0]) for k, (cc, nc, tt, ct, _) in stats.items()]
    own = sorted(rows, key=lambda r: -r[2])[:top]
    project = sorted((r for r in rows if "/analysis/" in r[4].replace("\\", "/")), key=lambda r: -r[3])[:top]
    return {"own": [r[:4] for r in own], "project": [r[:4] for r in project],
            "total": sum(r[2] for r in rows)}


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux


# --------------------------------------------------------------------------- child: stages

def child_stages(args) -> dict:
    t_start = now()
    work = Path(args.workdir)
    sampler = Sampler(args.interval, children=False, folder=work)
    clock = Clock(profile=args.child == "profile")
    start = now()
    import numpy as np
    import pandas as pd

    from analysis import clean, corpus, dates, readers
    from analysis.counts import TermCounts, count_texts, count_words
    from analysis.engine.partials import combine_counts
    from analysis.config import UNKNOWN_OUTLET
    from analysis.engine import release_memory, reuse_memory

    path = Path(args.corpus)

    def texts_for_terms(texts: pd.DataFrame) -> pd.DataFrame:  # as the terms stage of the pipeline
        return texts.assign(outlet=texts["outlet"].replace("", UNKNOWN_OUTLET))

    # warm-up: imports done; compile rules and grammars on 20 documents, load the language model
    warm = corpus.finish(next(readers.iter_raw(path, 20))).documents
    from analysis.language import detect_language

    detect_language(pd.Series(["Model bahasa dimuat sekali."]))  # py3langid's model, once per process
    warm_lines = clean.label_lines(warm)
    count_texts(texts_for_terms(clean.clean_texts(warm_lines, warm)))
    dates.find_mentions(warm_lines, warm)
    clock.add("start-up", start, now())
    del warm, warm_lines

    size = args.size
    step = max(1, min(size, args.unique) // args.justext_docs)
    jt_pages: list[pd.DataFrame] = []
    texts_dir = work / f"texts-{size}"
    texts_dir.mkdir(exist_ok=True)
    counts = {s: {"docs": 0, "mb": 0.0} for s in STAGES}
    info = {"batches": 0, "problems": 0, "lines": 0, "body_lines": 0, "mentions": 0}

    raw_batches = readers.iter_raw(path, args.batch_size)
    reuse_memory()  # as the engine running batches in one process: released after the stages

    def partials():
        seen = 0
        while True:
            # finish labels the lines (clean.label_lines) for the metadata and keeps them, and
            # the pipeline cleans from those lines: that call's time is counted under clean
            with clock.stage("load"), timed_calls(clean, "label_lines") as labelling:
                with clock.step("load: read (iter_raw)"):
                    raw = next(raw_batches, None)
                with clock.step("load: finish"):
                    loaded = corpus.finish(raw) if raw is not None else None
            if raw is None:
                break
            clock.move(labelling[0], ("load", "load: finish"), ("clean", "clean: label_lines"))
            docs = loaded.documents
            with clock.stage("clean"):
                with clock.step("clean: label_lines"):
                    lines = loaded.lines if loaded.lines is not None else clean.label_lines(docs)
                with clock.step("clean: clean_texts"):
                    texts = clean.clean_texts(lines, docs)
            with clock.stage("terms"):
                with clock.step("terms: count_texts"):  # as pipeline.count_terms: no tokens table
                    part = count_texts(texts_for_terms(texts))
            mentions = clock.run("dates", dates.find_mentions, lines, docs)
            # bookkeeping, outside the timings
            raw_mb = utf8_mb(docs["text"])
            body = lines["label"].eq("body")
            for name, mb in (("load", raw_mb), ("clean", raw_mb), ("terms", utf8_mb(texts["text"])),
                             ("dates", utf8_mb(lines.loc[body, "text"]))):
                counts[name]["docs"] += len(docs)
                counts[name]["mb"] += mb
            info["batches"] += 1
            info["problems"] += len(loaded.problems)
            info["lines"] += len(lines)
            info["body_lines"] += int(body.sum())
            info["mentions"] += len(mentions)
            texts.merge(docs[["doc_id", "published"]], on="doc_id", how="left")[
                ["doc_id", "outlet", "published", "text"]].to_parquet(texts_dir / f"part-{info['batches']:05d}.parquet")
            pick = (np.arange(seen, seen + len(docs)) % step == 0) & (np.arange(seen, seen + len(docs)) < args.unique)
            if pick.any() and sum(map(len, jt_pages)) < args.justext_docs:
                jt_pages.append(docs.loc[pick, ["doc_id", "outlet", "title", "text"]].copy())
            seen += len(docs)
            del loaded, docs, lines, texts, mentions
            # combine_counts adds this part to its running sums before it asks for the next one
            with clock.stage("terms"), clock.step("terms: combine_counts"):
                yield part
        final_sum.enter_context(clock.stage("terms"))  # the final sum, until combine_counts returns
        final_sum.enter_context(clock.step("terms: combine_counts"))

    with ExitStack() as final_sum:
        combined = combine_counts(partials())
    with clock.stage("terms"), clock.step("terms: term_counts_from"):
        term_table = TermCounts(combined).terms()
    info["vocabulary"] = len(term_table)
    info["tokens"] = int(combined["totals"]["tokens"].sum())
    del combined, term_table
    gc.collect()
    release_memory()  # the stages' end: what the batches freed goes back to the system
    stage_end = now()
    if clock.profilers is not None:  # the profile run: no anchors
        sampler.stop()
        shutil.rmtree(texts_dir, ignore_errors=True)
        return {"part": "profile", "size": size, "seconds": {n: clock.seconds[n] for n in STAGES}, "steps": clock.steps,
                "profiles": {n: profile_table(clock.profilers[n]) for n in STAGES}}

    # ---- anchor: CountVectorizer on all the cleaned texts of this size (read back untimed), and ours on
    # the same job (count_words: word counts per batch, no n-grams), taken in turns, the best of each
    # (--anchor-repeat): the machine's speed drifts by a sixth from one minute to the next
    from sklearn.feature_extraction.text import CountVectorizer

    texts = pd.concat([pd.read_parquet(f) for f in sorted(texts_dir.glob("part-*.parquet"))], ignore_index=True)
    named, anchors = texts_for_terms(texts), {}
    for _ in range(args.anchor_repeat):
        cleaned = texts["text"].tolist()
        matrix = clock.run_best("CountVectorizer", CountVectorizer().fit_transform, cleaned)
        anchors = anchors or {"countvectorizer": {
            "docs": len(cleaned), "mb": utf8_mb(cleaned), "turns": args.anchor_repeat,
            "tokens": int(matrix.sum()), "vocabulary": int(matrix.shape[1])}}
        del matrix, cleaned
        gc.collect()
        unigrams = clock.run_best("ours: word counts", lambda: count_words(named, batch_size=args.batch_size))
        anchors["countvectorizer"].update(ours_seconds=clock.seconds["ours: word counts"],
                                          ours_vocabulary=len(unigrams))
        del unigrams
        gc.collect()
    del named

    # ---- anchor: CountVectorizer(ngram_range=(1, 3)) -- the n-gram orders of the terms stage -- on a
    # spread sample (its vocabulary of every distinct 1-3-gram as Python strings does not fit at 10^5)
    sample = texts.iloc[::max(1, len(texts) // args.ngram_docs)].head(args.ngram_docs)
    sample_texts = sample["text"].tolist()
    matrix = clock.run("CountVectorizer 1-3", CountVectorizer(ngram_range=(1, 3)).fit_transform, sample_texts)
    frame = texts_for_terms(sample)
    combined = clock.run("ours: 1-3-grams", lambda: combine_counts([count_texts(frame)]))
    anchors["countvectorizer_ngrams"] = {
        "docs": len(sample_texts), "mb": utf8_mb(sample_texts), "features": int(matrix.shape[1]),
        "ours_seconds": clock.seconds["ours: 1-3-grams"],
        "ours_rows": sum(len(combined[k]) for k in ("terms", "ngrams"))}
    del matrix, sample_texts, frame, combined
    gc.collect()

    # ---- anchor: dateparser search_dates on the body paragraphs of a spread sample
    import warnings

    warnings.filterwarnings("ignore", module="dateparser")
    from dateparser.search import search_dates

    unique = texts.iloc[:min(len(texts), args.unique)]
    dated = unique[unique["published"].ne("") & unique["text"].ne("")]
    budget, rows = args.dateparser_kb * 1000, []
    stride = max(1, len(dated) // 200)
    for _, doc in dated.iloc[::stride].iterrows():
        base = dt.datetime.fromisoformat(doc["published"]).replace(tzinfo=None)
        for k, para in enumerate(doc["text"].split("\n\n")):
            rows.append((doc["doc_id"], k + 1, para, base, doc["published"]))
        budget -= len(doc["text"].encode("utf-8"))
        if budget <= 0:
            break
    sample_lines = pd.DataFrame({"doc_id": [r[0] for r in rows], "line_no": [r[1] for r in rows],
                                 "label": "body", "text": [r[2] for r in rows]})
    sample_docs = pd.DataFrame([(r[0], r[4]) for r in rows], columns=["doc_id", "published"]).drop_duplicates("doc_id")
    warm_text = dated.iloc[1::stride]["text"].head(3).tolist()  # warm up on other text (no cache hits)
    for t in warm_text:
        search_dates(t[:500], languages=["id"])
    found = 0

    def run_dateparser():
        nonlocal found
        for _, _, para, base, _ in rows:
            found += len(search_dates(para, languages=["id"], settings={"RELATIVE_BASE": base}) or [])

    clock.run("search_dates", run_dateparser)
    # ours on the same paragraphs, repeated (new doc_ids) to >= 5 MB so that the fixed cost of a
    # call does not hide the throughput; best of 3
    sample_mb = utf8_mb(sample_lines["text"])
    copies = max(1, round(5.0 / max(sample_mb, 1e-9)))
    big_lines = pd.concat([sample_lines.assign(doc_id=sample_lines["doc_id"] + f"~{i}") for i in range(copies)],
                          ignore_index=True)
    big_docs = pd.concat([sample_docs.assign(doc_id=sample_docs["doc_id"] + f"~{i}") for i in range(copies)],
                         ignore_index=True)
    m = dates.find_mentions(sample_lines, sample_docs)
    ours_sample = []
    for _ in range(3):
        t0 = now()
        dates.find_mentions(big_lines, big_docs)
        ours_sample.append(now() - t0)
    anchors["dateparser"] = {"docs": len(sample_docs), "mb": sample_mb, "found": found, "ours_copies": copies,
                             "ours_seconds": min(ours_sample) / copies, "ours_found": len(m)}
    del big_lines, big_docs

    # ---- anchor: jusText on a spread sample of raw pages, beside label_lines + clean_texts
    import html

    import justext

    pages = pd.concat(jt_pages, ignore_index=True).head(args.justext_docs)
    stoplist = justext.get_stoplist("Indonesian")
    htmls = ["<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
             + "</body></html>" for text in pages["text"]]
    justext.justext(htmls[0], stoplist)  # warm-up
    kept = 0

    def run_justext():
        nonlocal kept
        for page in htmls:
            kept += sum(not p.is_boilerplate for p in justext.justext(page, stoplist))

    clock.run("jusText", run_justext)
    ours_clean = []
    for _ in range(3):
        t0 = now()
        lab = clean.label_lines(pages)
        clean.clean_texts(lab, pages)
        ours_clean.append(now() - t0)
    anchors["justext"] = {"docs": len(pages), "mb": utf8_mb(pages["text"]), "kept": kept,
                          "ours_seconds": min(ours_clean), "ours_body_lines": int(lab["label"].eq("body").sum())}
    shutil.rmtree(texts_dir, ignore_errors=True)

    sampler.stop()
    stages = {}
    for name in STAGES:
        stages[name] = {"seconds": clock.seconds.get(name, 0.0), **counts[name], **sampler.peak(clock.windows[name])}
    stages["start-up"] = {"seconds": clock.seconds["start-up"], "docs": 20, "mb": 0.0,
                          **sampler.peak(clock.windows["start-up"])}
    all_windows = [w for s in STAGES for w in clock.windows[s]]
    for name, key in (("CountVectorizer", "countvectorizer"), ("CountVectorizer 1-3", "countvectorizer_ngrams"),
                      ("search_dates", "dateparser"), ("jusText", "justext")):
        anchors[key].update(seconds=clock.seconds[name], **sampler.peak(clock.windows[name]))
    return {"part": "stages", "size": size, "stages": stages, "steps": clock.steps, "anchors": anchors, "info": info,
            "stages_peak": sampler.peak(all_windows), "stages_wall": stage_end - t_start,
            "ru_maxrss_mb": max_rss_mb(), "wall": now() - t_start}


# --------------------------------------------------------------------------- child: whole report

def child_report(args) -> dict:
    t_start = now()
    work = Path(args.workdir)
    engine = args.engine
    sampler = Sampler(args.interval, children=True, folder=work)
    clock = Clock()
    start = now()
    from analysis import pipeline
    from analysis.config import RunConfig
    from analysis.engine.dask import dask_client, stop_cluster

    clock.add("imports", start, now())
    out = Path(tempfile.mkdtemp(prefix=f"report-{args.size}-{engine}-", dir=work))
    config = RunConfig(engine=engine, batch_size=args.batch_size, progress=False)
    path = Path(args.corpus)
    docs = clock.run("prepare", pipeline.prepare, path, out, config,  # the tables notebook 01 reads
                     tables=("documents", "problems"))["documents"]
    gc.collect()  # as in the notebooks: the terms and dates stages do not need the lines or texts in memory
    counted = clock.run("count_terms", pipeline.count_terms, path, out, config)
    # the anchors (one row per document) in memory; the mentions stay in the stage's parts
    clock.run("find_dates", pipeline.find_dates, path, out, config, tables=("anchors",))
    total_end = now()
    sampler.stop()
    import pandas as pd

    found = pipeline.find_dates(path, out, config, tables=("mentions",))  # cached: read back to compare

    tables = {"documents": docs.to_csv(index=False, lineterminator="\n"),
              "term_counts": counted.terms().to_csv(index=False, lineterminator="\n"),
              "ngrams": pd.concat([counted.ngrams(2, min_count=2), counted.ngrams(3, min_count=2)],
                                  ignore_index=True).to_csv(index=False, lineterminator="\n"),
              "mentions": found["mentions"].to_csv(index=False, lineterminator="\n")}
    table_dir = work / f"tables-{args.size}-{engine}"
    table_dir.mkdir(exist_ok=True)
    digests = {}
    for name, text in tables.items():
        (table_dir / f"{name}.csv").write_text(text, encoding="utf-8")
        digests[name] = {"blake2b": hashlib.blake2b(text.encode(), digest_size=16).hexdigest(),
                         "rows": text.count("\n") - 1, "mb": len(text.encode()) / 1e6}
    shutil.rmtree(out, ignore_errors=True)
    cluster_seconds = None
    if engine == "dask":  # what one LocalCluster start + shutdown costs (the run starts one and keeps it)
        stop_cluster()
        start = now()
        with dask_client(""):
            pass
        stop_cluster()
        cluster_seconds = now() - start
    steps = {name: {"seconds": clock.seconds[name], **sampler.peak(clock.windows[name])}
             for name in ("imports", "prepare", "count_terms", "find_dates")}
    return {"part": "report", "size": args.size, "engine": engine, "steps": steps,
            "seconds": total_end - t_start, "docs": len(docs), "mb": float(docs["n_chars"].sum()) / 1e6,
            "peak": sampler.peak([(t_start, total_end)]), "tables": digests, "table_dir": str(table_dir),
            "ru_maxrss_mb": max_rss_mb(), "cpu_count": os.cpu_count(), "cluster_seconds": cluster_seconds}


# --------------------------------------------------------------------------- parent

def run_child(args, part: str, size: int, corpus_path: Path, workdir: Path, engine: str = "pandas") -> dict:
    result = workdir / f"result-{part}-{size}-{engine}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", part, "--size", str(size),
           "--corpus", str(corpus_path), "--workdir", str(workdir), "--json", str(result),
           "--engine", engine, "--batch-size", str(args.batch_size), "--interval", str(args.interval),
           "--justext-docs", str(args.justext_docs), "--dateparser-kb", str(args.dateparser_kb),
           "--unique", str(args.unique), "--ngram-docs", str(args.ngram_docs),
           "--anchor-repeat", str(args.anchor_repeat)]
    label = f"{part} {size:,}" + (f" ({engine})" if part == "report" else "")
    print(f"  {label} …", end="", flush=True)
    env = dict(os.environ, PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"))
    load_before = os.getloadavg()[0]  # other work on the machine shows here
    start = time.perf_counter()
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    if code:
        raise SystemExit(f"{label} failed with exit code {code}")
    data = json.loads(result.read_text())
    data["loadavg_before"] = load_before
    data["loadavg_after"] = os.getloadavg()[0]
    print(f" {time.perf_counter() - start:.1f} s", flush=True)
    return data


def machine_info() -> dict:
    import importlib.metadata as md

    import psutil

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    versions = {}
    for p in PACKAGES:
        try:
            versions[p] = md.version(p)
        except md.PackageNotFoundError:
            versions[p] = "not installed"

    def git(*a):
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    return {"cpu_model": model or "unknown", "logical_cores": psutil.cpu_count(logical=True),
            "physical_cores": psutil.cpu_count(logical=False), "memory_gb": psutil.virtual_memory().total / 2**30,
            "python": platform.python_version(), "platform": platform.platform(), "packages": versions,
            "commit": git("rev-parse", "--short", "HEAD"),
            "analysis_changes": git("status", "--porcelain", "--", "analysis").splitlines(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def orchestrate(args, command: str) -> None:
    source = Path(args.source) if args.source else SAMPLE
    if not source.exists():
        raise SystemExit(f"source corpus {source} does not exist")
    records = read_source(source)
    args.unique = len(records)
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=args.workdir or None))
    print(f"source: {rel(source)} ({len(records):,} articles); work folder {workdir}", flush=True)
    results = {"sizes": {}, "command": command, "source": rel(source), "source_articles": len(records),
               "machine": machine_info(), "args": {k: v for k, v in vars(args).items() if k != "child"}}
    try:
        for size in args.sizes:
            corpus_path = workdir / f"click-id-{size}.jsonl"
            start = time.perf_counter()
            meta = write_corpus(records, size, corpus_path)
            print(f"size {size:,}: wrote {meta['file_mb']:.1f} MB in {time.perf_counter() - start:.1f} s", flush=True)
            entry = {"corpus": {k: v for k, v in meta.items() if k != "path"}}
            if args.stages_sizes is None or size in args.stages_sizes:
                entry["stages"] = run_child(args, "stages", size, corpus_path, workdir)
            entry["report"] = {}
            for engine in args.engines:
                if engine == "dask" and size not in args.dask_sizes:
                    continue
                if engine == "pandas" and args.pandas_sizes is not None and size not in args.pandas_sizes:
                    continue
                entry["report"][engine] = run_child(args, "report", size, corpus_path, workdir, engine)
            reports = entry["report"]
            if "pandas" in reports and "dask" in reports:
                entry["identical"] = {name: reports["pandas"]["tables"][name]["blake2b"]
                                      == reports["dask"]["tables"][name]["blake2b"]
                                      for name in reports["pandas"]["tables"]}
            for r in reports.values():
                shutil.rmtree(r["table_dir"], ignore_errors=True)
            if size == args.profile_size:
                results["profile"] = run_child(args, "profile", size, corpus_path, workdir)
            corpus_path.unlink()
            results["sizes"][size] = entry
            Path(workdir / "results.json").write_text(json.dumps(results, indent=1, default=str))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    complete = all("stages" in entry for entry in results["sizes"].values())
    out.write_text(keep_whole_command(out, render(results) if complete else render_scale(results)), encoding="utf-8")
    print(render_scale(results), flush=True)
    raw = Path(args.json_out) if args.json_out else HERE / "out" / f"{out.stem}.json"  # benchmarks/out: not in git
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, indent=1, default=str))
    print(f"wrote {rel(out)}")


# --------------------------------------------------------------------------- RESULTS.md

def keep_whole_command(out: Path, text: str) -> str:
    """``text`` with the section ``bench_report.py`` keeps in the same file (between its markers
    ``<!-- whole-command -->`` and ``<!-- /whole-command -->``) carried over from ``out``, so that
    re-measuring the stages does not drop the whole command's last measurement."""
    start, end = "<!-- whole-command -->", "<!-- /whole-command -->"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if start in text or start not in old or end not in old:
        return text
    return text.rstrip("\n") + "\n\n" + old[old.index(start):old.index(end) + len(end)] + "\n"


def render_scale(res: dict) -> str:
    """The whole-report runs only (what a run without the stages, e.g. 10^6 articles, measures):
    seconds, peak RSS of the client, of all workers and of the largest worker, per size and engine,
    and the targets of the 10^6 run (client and each worker <= 2 GB, 10x the articles within 11x the
    time, the same tables as pandas)."""
    m = res["machine"]
    command = re.sub(r"(--workdir\s+)(/\S+)", r"\1SCRATCH", res["command"])  # no machine path in the file
    lines = ["# Scale: whole-report runs (prepare, count_terms, find_dates)", "",
             f"Produced by `{command}` on {m['date']} (method: `benchmarks/bench_scale.py`, `--render-json` "
             "renders this file again from the run's JSON).", "",
             f"* Machine: {m['cpu_model']}, {m['logical_cores']} logical cores, {m['memory_gb']:.1f} GiB memory; "
             f"Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
             f"* Code measured: commit `{m['commit']}`"
             + (f"; `analysis/` changed from it: {', '.join(m['analysis_changes'])}" if m.get("analysis_changes")
                else "; `analysis/` unchanged from it"),
             f"* Corpus: `{res['source']}` ({res['source_articles']:,} real Indonesian articles, CLICK-ID, CC BY 4.0), "
             "cycled to each size with unique `doc_id`s and written to a JSONL file loaded from disk; batches of "
             f"{res['args'].get('batch_size', 5000):,} documents. Each run is `pipeline.prepare` (keeping the "
             "`documents` table, as notebook 01) + `count_terms` + `find_dates` (keeping the anchors; the mentions stay "
             "in the stage's Parquet parts) into an empty output folder, in a process of its own; `engine=\"dask\"` "
             "starts a LocalCluster of one single-threaded worker process per core on its first stage and keeps it for "
             "the later ones.",
             "* Peaks: RSS sampled by another process; client = the benchmark process, workers = the sum over its "
             "child processes (the Dask nannies and workers) and the largest single one.", "",
             "| size | engine | seconds | prepare | count_terms | find_dates | client peak | workers peak (sum) "
             "| largest worker peak | tables |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for size, entry in sorted(res["sizes"].items(), key=lambda kv: int(kv[0])):
        same = entry.get("identical")
        for engine, rep in entry["report"].items():
            steps = rep["steps"]
            lines.append(f"| {int(size):,} | {engine} | {_f(rep['seconds'])} | "
                         + " | ".join(_f(steps[k]["seconds"]) for k in ("prepare", "count_terms", "find_dates"))
                         + f" | {_f(rep['peak']['rss_mb'], 0)} MB | {_f(rep['peak']['children_rss_mb'], 0)} MB | "
                         f"{_f(rep['peak'].get('largest_child_rss_mb', 0), 0)} MB | "
                         + ("identical" if same and all(same.values()) else "DIFFERENT" if same else "–") + " |")
    dask = sorted((int(size), e["report"]["dask"]) for size, e in res["sizes"].items() if "dask" in e["report"])
    for (a, ra), (b, rb) in zip(dask, dask[1:]):
        lines += ["", f"dask {a:,} -> {b:,} articles: {rb['seconds'] / ra['seconds']:.2f}x the time for "
                  f"{b / a:.0f}x the articles"]
    if dask and dask[-1][0] >= 1_000_000:
        size, rep = dask[-1]
        peak = rep["peak"]
        lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|",
                  f"| client peak RSS <= 2 GB at {size:,} | {_gb(peak['rss_mb'])} | {_met(peak['rss_mb'] <= 2000)} |",
                  f"| each worker's peak RSS <= 2 GB at {size:,} | largest {_gb(peak.get('largest_child_rss_mb', 0))} "
                  f"(all workers together {_gb(peak['children_rss_mb'])}) | "
                  f"{_met(0 < peak.get('largest_child_rss_mb', 0) <= 2000)} |"]
        if len(dask) > 1:
            (a, ra) = dask[-2]
            growth = rep["seconds"] / ra["seconds"]
            lines.append(f"| time {a:,} -> {size:,} within {11 * size / a / 10:.0f}x | {growth:.2f}x "
                         f"({_f(ra['seconds'])} s -> {_f(rep['seconds'])} s) | {_met(growth <= 11 * size / a / 10)} |")
        compared = [(int(s), e["identical"]) for s, e in res["sizes"].items() if e.get("identical")]
        for s, same in compared:
            names = ", ".join(f"`{k}`" for k in same)
            lines.append(f"| the same tables, pandas and Dask, at {s:,} | {names}: "
                         + ("identical (CSV bytes)" if all(same.values()) else "DIFFERENT") + f" | {_met(all(same.values()))} |")
        loads = [f"{int(s):,} {e}: {r['loadavg_before']:.2f} -> {r['loadavg_after']:.2f}"
                 for s, entry in sorted(res["sizes"].items(), key=lambda kv: int(kv[0]))
                 for e, r in entry["report"].items() if "loadavg_before" in r]
        lines += ["", "Machine load (1-minute load average before -> after each run): " + "; ".join(loads) + "."]
    return "\n".join(lines) + "\n"


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def _rate(n: float, s: float, digits: int = 0) -> str:
    return _f(n / s, digits) if s > 0 else "–"


def _gb(mb: float) -> str:
    return f"{mb / 1000:.2f} GB"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def render(res: dict) -> str:
    m = res["machine"]
    sizes = sorted(int(s) for s in res["sizes"])
    S = {s: res["sizes"][s] if s in res["sizes"] else res["sizes"][str(s)] for s in sizes}
    big = max(sizes)
    L: list[str] = []
    add = L.append
    add("# Scale benchmark results")
    add("")
    add(f"Produced by `{res['command']}` on {m['date']} (method: `benchmarks/bench_scale.py`; "
        "`make bench BENCH_SOURCE=path/to/click-id-2019.jsonl.gz` runs it on the full corpus after the five "
        "stage benchmarks).")
    add("")
    add(f"* Machine: {m['cpu_model']}, {m['logical_cores']} logical cores ({m['physical_cores']} physical), "
        f"{m['memory_gb']:.1f} GiB memory; {m['platform']}")
    add(f"* Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()))
    changes = m["analysis_changes"]
    add(f"* Code measured: commit `{m['commit']}`" + (
        "; `analysis/` unchanged from it" if not changes else
        "; `analysis/` had uncommitted changes while measured: " + ", ".join(f"`{c.strip()}`" for c in changes)))
    add(f"* Corpus: `{res['source']}` ({res['source_articles']:,} real Indonesian articles, CLICK-ID, CC BY 4.0, "
        "see `benchmarks/data/README.md`), rows in a fixed pseudo-random order, cycled to each size with unique "
        "doc_ids and written to a JSONL file that is loaded from disk; batches of "
        f"{res['args']['batch_size']:,} documents (the pipeline's default).")
    add("")

    # ---- targets
    st = S[big]["stages"]
    stage_sum = sum(st["stages"][s]["seconds"] for s in STAGES)
    startup = st["stages"]["start-up"]["seconds"]
    peak = max(st["stages_peak"]["rss_mb"], 0)
    rep = S[big]["report"]
    add("## Targets")
    add("")
    add("| target | measured | |")
    add("|---|---|---|")
    if big >= 100_000:
        add(f"| {big:,} documents through load + clean + terms + dates in ≤ 3 min | stages {_f(stage_sum)} s "
            f"+ {_f(startup)} s start-up = {_f(stage_sum + startup)} s"
            + (f"; whole report (pipeline, pandas) {_f(rep['pandas']['seconds'])} s" if "pandas" in rep else "")
            + (f"; dask {_f(rep['dask']['seconds'])} s" if "dask" in rep else "")
            + f" | {_met(stage_sum + startup <= TARGETS['total_seconds'])} (stages)"
            + (f", {_met(rep['pandas']['seconds'] <= TARGETS['total_seconds'])} (report, pandas)" if "pandas" in rep else "")
            + (f", {_met(rep['dask']['seconds'] <= TARGETS['total_seconds'])} (report, dask)" if "dask" in rep else "")
            + " |")
        rss_report = {e: r["peak"]["total_rss_mb"] for e, r in rep.items()}
        add(f"| peak RSS ≤ 3 GB at {big:,} | stages {_gb(peak)} (ru_maxrss {_gb(st['ru_maxrss_mb'])})"
            + "".join(f"; report {e} {_gb(v)}" + (" (main + workers)" if e == "dask" else "")
                      for e, v in rss_report.items())
            + f" | {_met(max([peak, st['ru_maxrss_mb']] + list(rss_report.values())) <= TARGETS['peak_rss_gb'] * 1000)} |")
    if 10_000 in S and big >= 100_000:
        t4 = sum(S[10_000]["stages"]["stages"][s]["seconds"] for s in STAGES)
        factor = stage_sum / t4
        line = f"| time linear: 10^4 → 10^5 within 12x | stages {factor:.2f}x"
        ok = factor <= TARGETS["scaling"]
        if "pandas" in rep and "pandas" in S[10_000]["report"]:
            rf = rep["pandas"]["seconds"] / S[10_000]["report"]["pandas"]["seconds"]
            line += f"; whole report (pandas) {rf:.2f}x"
            ok = ok and rf <= TARGETS["scaling"]
        add(line + f" (for 10x the documents) | {_met(ok)} |")
    cv = st["anchors"]["countvectorizer"]
    cg = st["anchors"]["countvectorizer_ngrams"]
    terms_spm = st["stages"]["terms"]["seconds"] / st["stages"]["terms"]["mb"]
    ng_stage = cg["seconds"] / cg["mb"] / terms_spm
    ng_same = cg["seconds"] / cg["ours_seconds"]
    uni = cv["seconds"] / cv["ours_seconds"]
    goal = TARGETS["terms_vs_countvectorizer"]
    add(f"| terms ≥ {goal:g}x faster than CountVectorizer | same job as the terms stage (1- to 3-grams), against "
        f"`CountVectorizer(ngram_range=(1, 3))` on {cg['docs']:,} documents: {min(ng_stage, ng_same):.1f}x "
        f"(terms stage at {big:,}: {ng_stage:.1f}x; same sample: {ng_same:.1f}x); words only (`count_words`: "
        f"term counts, no n-grams), against `CountVectorizer()` on all {cv['docs']:,} texts"
        + (f" (taken in turns, best of {cv['turns']} each)" if cv.get("turns", 1) > 1 else "") + f": {uni:.2f}x "
        f"(target {TARGETS['words_vs_countvectorizer']:g}x) | {_met(min(ng_stage, ng_same) >= goal)} (1- to 3-grams), "
        f"{_met(uni >= TARGETS['words_vs_countvectorizer'])} (words only) |")
    dp = st["anchors"]["dateparser"]
    dp_rate = dp["mb"] / dp["seconds"]
    ours_rate = st["stages"]["dates"]["mb"] / st["stages"]["dates"]["seconds"]
    ours_sample_rate = dp["mb"] / dp["ours_seconds"]
    dr = min(ours_rate, ours_sample_rate) / dp_rate
    add(f"| dates ≥ {TARGETS['dates_vs_dateparser']:g}x faster than search_dates | {ours_rate / dp_rate:,.0f}x (stage at {big:,}: "
        f"{ours_rate:.2f} MB/s) and {ours_sample_rate / dp_rate:,.0f}x (find_mentions on dateparser's sample "
        f"paragraphs, repeated to 5 MB: {ours_sample_rate:.2f} MB/s), vs dateparser {dp_rate:.3f} MB/s; the smaller "
        f"ratio counts | {_met(dr >= TARGETS['dates_vs_dateparser'])} |")
    if "dask" in rep and "pandas" in rep:
        ratio = rep["dask"]["seconds"] / rep["pandas"]["seconds"]
        same = all(S[big].get("identical", {}).values())
        add(f"| Dask LocalCluster within 1.5x of pandas at {big:,}, identical tables | {ratio:.2f}x "
            f"({_f(rep['dask']['seconds'])} s vs {_f(rep['pandas']['seconds'])} s); tables "
            f"{'identical' if same else 'DIFFERENT'} | {_met(ratio <= TARGETS['dask_vs_pandas'] and same)} |")
    add("")
    add("10^5 → 10^6 articles (the whole pipeline with Dask, client and worker memory): "
        "[SCALE.md](SCALE.md), `make bench-million`.")
    add("")

    # ---- per size
    add("## Stages, per size")
    add("")
    add("The project's functions on the same batches, one fresh process per size, as the pipeline calls "
        "them: `corpus.finish` labels the lines (`label_lines`) for the metadata and keeps them, and the "
        "pipeline cleans from those lines, so that call's time is counted under clean, not load. Seconds are "
        "summed over the batches; peak RSS is the largest RSS of the process sampled while that stage ran (it includes "
        "what earlier stages of the same batch still hold). Start-up = imports and a warm-up on 20 documents "
        "(rule compilation) and loading py3langid's language model, not included in the stage rates.")
    add("")
    for s in sizes:
        st_s = S[s]["stages"]
        c = S[s]["corpus"]
        inf = st_s["info"]
        add(f"### {s:,} documents")
        add("")
        add(f"Corpus file {c['file_mb']:.1f} MB ({c['copies']} pass{'es' if c['copies'] > 1 else ''} over the "
            f"source); {inf['batches']} batch(es); {inf['problems']} problem rows; {inf['lines']:,} non-blank lines, "
            f"{inf['body_lines']:,} labelled body; {inf['tokens']:,} tokens kept, {inf['vocabulary']:,} distinct terms; "
            f"{inf['mentions']:,} date mentions.")
        add("")
        add("| stage | docs | MB | seconds | docs/s | MB/s | peak RSS |")
        add("|---|---:|---:|---:|---:|---:|---:|")
        total_s = 0.0
        for name, what in (("load", "raw text"), ("clean", "raw text"), ("terms", "cleaned text"),
                           ("dates", "body lines")):
            x = st_s["stages"][name]
            total_s += x["seconds"]
            add(f"| {name} ({what}) | {x['docs']:,} | {x['mb']:.1f} | {x['seconds']:.2f} | "
                f"{_rate(x['docs'], x['seconds'])} | {_rate(x['mb'], x['seconds'], 2)} | {x['rss_mb']:,.0f} MB |")
            for step, sec in st_s.get("steps", {}).items():
                if step.startswith(name + ":"):
                    add(f"| &nbsp;&nbsp;↳ {step.split(': ', 1)[1]} | | | {sec:.2f} | | {_rate(x['mb'], sec, 2)} | |")
        x = st_s["stages"]
        raw_mb = x["load"]["mb"]
        add(f"| **load + clean + terms + dates** | {x['load']['docs']:,} | {raw_mb:.1f} | **{total_s:.2f}** | "
            f"{_rate(x['load']['docs'], total_s)} | {_rate(raw_mb, total_s, 2)} | {st_s['stages_peak']['rss_mb']:,.0f} MB "
            f"(ru_maxrss {st_s['ru_maxrss_mb']:,.0f} MB) |")
        add(f"| start-up (imports, warm-up) | | | {x['start-up']['seconds']:.2f} | | | {x['start-up']['rss_mb']:,.0f} MB |")
        for eng, r in S[s]["report"].items():
            pk = r["peak"]
            mem = (f"{pk['total_rss_mb']:,.0f} MB (main {pk['rss_mb']:,.0f} + workers {pk['children_rss_mb']:,.0f})"
                   if eng == "dask" else f"{pk['rss_mb']:,.0f} MB")
            add(f"| whole report, {eng} (own process) | {r['docs']:,} | {r['mb']:.1f} | **{r['seconds']:.2f}** | "
                f"{_rate(r['docs'], r['seconds'])} | {_rate(r['mb'], r['seconds'], 2)} | {mem} |")
        add("")

    # ---- anchors
    add("## Anchors: the same text through the reference tools")
    add("")
    turns = S[sizes[0]]["stages"]["anchors"]["countvectorizer"].get("turns", 1)
    add("Same process and text as the stages above. CountVectorizer (default settings, `fit_transform`) on all "
        "the cleaned texts of the size, against our word counts alone (`counts.count_words`, batch by batch: "
        "the term table, the same job)" + (f", the two taken in turns, {turns} times each, the best of each "
        "shown (`--anchor-repeat`; the peak RSS of `CountVectorizer()` is the largest of its turns, the later "
        "ones beside the texts our word counts read)" if turns > 1 else "") + ". `CountVectorizer(ngram_range=(1, 3))` on a spread sample "
        "of the cleaned texts (its vocabulary holds every distinct 1- to 3-gram as a Python string), against the "
        "terms stage (count_texts: partial counts per batch with 2- and 3-grams, bigrams for collocations, combine, "
        "term table) and against the same work on the same sample. "
        "dateparser `search_dates(languages=['id'], RELATIVE_BASE=publication date)` on the cleaned body paragraphs "
        "of a spread sample of documents, against the dates stage and `find_mentions` on the same paragraphs "
        "(repeated with new doc_ids to about 5 MB, so that the fixed cost of one call does not hide the rate). "
        "jusText (Indonesian stoplist, each raw line a `<p>`, HTML-escaped) on a spread sample of raw pages, "
        "against `label_lines` + `clean_texts` on the same pages. Ratio = reference seconds per MB / ours "
        "(> 1: ours is faster).")
    add("")
    add("| size | tool | docs | MB | seconds | MB/s | peak RSS | ours MB/s | ratio |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        a = S[s]["stages"]["anchors"]
        x = S[s]["stages"]["stages"]
        cv = a["countvectorizer"]
        add(f"| {s:,} | CountVectorizer() | {cv['docs']:,} | {cv['mb']:.1f} | {cv['seconds']:.2f} | "
            f"{cv['mb'] / cv['seconds']:.2f} | {cv['rss_mb']:,.0f} MB | {cv['mb'] / cv['ours_seconds']:.2f} "
            f"(word counts) | **{cv['seconds'] / cv['ours_seconds']:.2f}x** |")
        cg = a["countvectorizer_ngrams"]
        ours = x["terms"]["mb"] / x["terms"]["seconds"]
        rate = cg["mb"] / cg["seconds"]
        add(f"| {s:,} | CountVectorizer(ngram_range=(1, 3)) | {cg['docs']:,} | {cg['mb']:.1f} | "
            f"{cg['seconds']:.2f} | {rate:.2f} | {cg['rss_mb']:,.0f} MB | {ours:.2f} (terms stage); "
            f"{cg['mb'] / cg['ours_seconds']:.2f} (same sample) | **{ours / rate:.1f}x**; "
            f"{cg['seconds'] / cg['ours_seconds']:.1f}x |")
        d = a["dateparser"]
        rate = d["mb"] / d["seconds"]
        stage = x["dates"]["mb"] / x["dates"]["seconds"]
        add(f"| {s:,} | dateparser search_dates | {d['docs']:,} | {d['mb']:.3f} | {d['seconds']:.2f} | {rate:.3f} | "
            f"{d['rss_mb']:,.0f} MB | {stage:.2f} (dates stage); {d['mb'] / d['ours_seconds']:.2f} (same sample) | "
            f"**{stage / rate:,.0f}x**; {d['mb'] / d['ours_seconds'] / rate:,.0f}x |")
        j = a["justext"]
        rate = j["mb"] / j["seconds"]
        stage = x["clean"]["mb"] / x["clean"]["seconds"]
        add(f"| {s:,} | jusText | {j['docs']:,} | {j['mb']:.2f} | {j['seconds']:.2f} | {rate:.2f} | "
            f"{j['rss_mb']:,.0f} MB | {stage:.2f} (clean stage); {j['mb'] / j['ours_seconds']:.2f} (same pages) | "
            f"**{stage / rate:.2f}x**; {j['mb'] / j['ours_seconds'] / rate:.2f}x |")
    add("")
    add("Found: " + "; ".join(
        f"{s:,}: dateparser {S[s]['stages']['anchors']['dateparser']['found']:,} dates, find_mentions "
        f"{S[s]['stages']['anchors']['dateparser']['ours_found']:,} mentions on its sample; jusText kept "
        f"{S[s]['stages']['anchors']['justext']['kept']:,} paragraphs, label_lines "
        f"{S[s]['stages']['anchors']['justext']['ours_body_lines']:,} body lines" for s in sizes) + ".")
    add("")

    # ---- whole report, engines
    add("## Whole report: pandas and Dask")
    add("")
    add("`pipeline.prepare` + `count_terms` + `find_dates` into a fresh output folder (Parquet parts, "
        "content-keyed cache starting empty), in a process of its own that keeps only the `documents` table of "
        "`prepare` in memory (as the notebooks do: the later stages read the Parquet parts); "
        "`engine=\"dask\"` without a scheduler "
        "starts a LocalCluster "
        "(one single-threaded worker process per core) on its first stage and keeps it for the later ones. Peak RSS for Dask is the "
        "largest sum of the main process and its worker processes.")
    add("")
    add("| size | engine | imports s | prepare s | count_terms s | find_dates s | total s | docs/s | peak RSS |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        for eng, r in S[s]["report"].items():
            st_ = r["steps"]
            add(f"| {s:,} | {eng} | {st_['imports']['seconds']:.2f} | {st_['prepare']['seconds']:.2f} | "
                f"{st_['count_terms']['seconds']:.2f} | {st_['find_dates']['seconds']:.2f} | **{r['seconds']:.2f}** | "
                f"{_rate(r['docs'], r['seconds'])} | {_gb(r['peak']['total_rss_mb'])} |")
    add("")
    for s in sizes:
        if "identical" in S[s]:
            rp = S[s]["report"]
            add(f"At {s:,}: Dask / pandas = **{rp['dask']['seconds'] / rp['pandas']['seconds']:.2f}x** (one "
                f"LocalCluster start + shutdown alone takes {rp['dask']['cluster_seconds']:.1f} s, measured after the "
                "run; the run starts one and keeps it for its stages, and its shutdown at the end is not in the "
                "timed run, as the pandas engine's worker processes are kept too). Tables "
                "(CSV bytes, pandas vs dask): " + ", ".join(
                    f"`{n}` {'identical' if ok else 'DIFFERENT'} ({rp['pandas']['tables'][n]['rows']:,} rows)"
                    for n, ok in S[s]["identical"].items()) + ".")
            add("")

    # ---- scaling
    add("## Scaling")
    add("")
    add("Time per 10x more documents (1.00 x 10 would be perfectly linear: factor 10).")
    add("")
    add("| from → to | " + " | ".join(STAGES) + " | stages total | whole report (pandas) |")
    add("|---|" + "---:|" * (len(STAGES) + 2))
    for a, b in zip(sizes, sizes[1:]):
        sa, sb = S[a]["stages"]["stages"], S[b]["stages"]["stages"]
        cells = [f"{sb[n]['seconds'] / sa[n]['seconds']:.2f}x" for n in STAGES]
        ta = sum(sa[n]["seconds"] for n in STAGES)
        tb = sum(sb[n]["seconds"] for n in STAGES)
        ra, rb = S[a]["report"].get("pandas"), S[b]["report"].get("pandas")
        rep_cell = f"{rb['seconds'] / ra['seconds']:.2f}x" if ra and rb else "–"
        add(f"| {a:,} → {b:,} ({b / a:g}x docs) | " + " | ".join(cells) + f" | {tb / ta:.2f}x | {rep_cell} |")
    add("")
    add("## Bottlenecks, read from the numbers")
    add("")
    x = S[big]["stages"]["stages"]
    total = sum(x[n]["seconds"] for n in STAGES)
    add(f"* Time at {big:,} documents ({total:.1f} s of stages): " + ", ".join(
        f"{n} {x[n]['seconds']:.1f} s ({100 * x[n]['seconds'] / total:.0f}%)"
        for n in sorted(STAGES, key=lambda n: -x[n]["seconds"])) + ".")
    steps = S[big]["stages"].get("steps", {})
    for stage in STAGES:
        mine = {k.split(": ", 1)[1]: v for k, v in steps.items() if k.startswith(stage + ":")}
        if len(mine) > 1:
            line = f"* {stage} at {big:,}: " + ", ".join(
                f"{k} {v:.1f} s ({100 * v / x[stage]['seconds']:.0f}%)" for k, v in mine.items())
            lower = [z for z in sizes if z < big]
            if lower and S[lower[-1]]["stages"].get("steps"):
                prev = S[lower[-1]]["stages"]["steps"]
                line += (f"; growth from {lower[-1]:,} ({big / lower[-1]:g}x documents): " + ", ".join(
                    f"{k} {v / prev[stage + ': ' + k]:.1f}x" for k, v in mine.items()
                    if prev.get(stage + ": " + k)))
            add(line + ".")
    for eng, r in S[big]["report"].items():
        worst = max(("prepare", "count_terms", "find_dates"), key=lambda k: r["steps"][k]["total_rss_mb"])
        add(f"* Whole report ({eng}) at {big:,}: peak RSS {_gb(r['peak']['total_rss_mb'])} is reached in "
            f"`{worst}`; " + ", ".join(f"{k} {_gb(r['steps'][k]['total_rss_mb'])}"
                                         for k in ("prepare", "count_terms", "find_dates")) + ".")
    cva = S[big]["stages"]["anchors"]["countvectorizer"]
    if steps.get("terms: count_texts"):
        best = f" (the best of {cva['turns']} turns each)" if cva.get("turns", 1) > 1 else ""
        add(f"* Terms against CountVectorizer at {big:,}: CountVectorizer() {cva['seconds']:.1f} s and our word "
            f"counts {cva['ours_seconds']:.1f} s on the same texts{best}; in the terms stage (run once), counting the batches "
            f"(`count_texts`) takes {steps['terms: count_texts']:.1f} s of {x['terms']['seconds']:.1f} s.")
    if res.get("profile"):
        pr = res["profile"]
        for stage in STAGES:
            own = pr["profiles"][stage]["own"][:3]
            add(f"* cProfile, {stage} ({pr['size']:,} documents, {pr['seconds'][stage]:.1f} s under the profiler), "
                "most own time: " + ", ".join(f"`{f}` {t:.1f} s" for f, _, t, _ in own) + ".")
    add("")
    if res.get("profile"):
        pr = res["profile"]
        add(f"## Where the time goes (cProfile, {pr['size']:,} documents)")
        add("")
        add("The stages again under cProfile (one profiler per stage, active only inside that stage; times are "
            "inflated by the profiler). Per stage: the functions with the most own time, and the project's "
            "functions with the most cumulative time.")
        add("")
        for name in STAGES:
            t = pr["profiles"][name]
            add(f"**{name}** ({pr['seconds'][name]:.2f} s under the profiler)")
            add("")
            add("| own time: function | calls | own s | cum s | | project: function | calls | own s | cum s |")
            add("|---|---:|---:|---:|---|---|---:|---:|---:|")
            own, proj = t["own"][:10], t["project"][:10]
            for i in range(max(len(own), len(proj))):
                a = own[i] if i < len(own) else None
                b = proj[i] if i < len(proj) else None
                cells = (f"`{a[0]}` | {a[1]:,} | {a[2]:.2f} | {a[3]:.2f}" if a else " | | | ")
                cells += " | | " + (f"`{b[0]}` | {b[1]:,} | {b[2]:.2f} | {b[3]:.2f}" if b else " | | | ")
                add(f"| {cells} |")
            add("")
    add("## Notes")
    add("")
    loads = []
    for s in sizes:
        runs = [("stages", S[s]["stages"])] + [(f"report {e}", r) for e, r in S[s]["report"].items()]
        loads += [f"{s:,} {name}: {r['loadavg_before']:.2f} → {r['loadavg_after']:.2f}" for name, r in runs]
    add("* Machine load (1-minute load average before → after each measurement; this benchmark alone keeps it "
        f"near 1, the Dask run near 2): {'; '.join(loads)}.")
    add("* MB = 10^6 bytes of UTF-8 text read by the stage: raw page text for load, clean and the whole report; "
        "the cleaned texts for terms; the body lines for dates. Peak RSS from a sampler process (psutil, every "
        f"{res['args']['interval'] * 1000:.0f} ms); `ru_maxrss` is the kernel's high-water mark of the process.")
    within = ("no article repeats inside a batch (the source is longer than a batch)"
              if res["source_articles"] >= res["args"]["batch_size"] else
              "articles also repeat inside a batch, where the cross-page furniture rule counts pages by distinct text")
    add(f"* Above the source's size ({res['source_articles']:,} articles) the same articles repeat with new doc_ids; "
        f"{within}. The vocabulary stops growing, which makes vocabulary-bound work (term tables) a little cheaper "
        "than on as many distinct articles.")
    add("* CLICK-ID text has few line breaks (paragraphs are often joined by commas), so most pages are a title "
        "line and one long body line; pages of other sites have more, shorter lines.")
    add("")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------- CLI

def _at_least_one(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", help="documents per run (default 1000 10000 100000)")
    p.add_argument("--engines", nargs="+", choices=("pandas", "dask"), help="whole-report engines "
                   "(default pandas dask)")
    p.add_argument("--dask-sizes", type=int, nargs="*", help="sizes at which the dask engine runs "
                   "(default: the largest size, if >= 100000)")
    p.add_argument("--source", help="JSONL(.gz) source corpus, e.g. the full click-id-2019.jsonl.gz "
                   f"(default: the sample {rel(SAMPLE)})")
    p.add_argument("--out", help="Markdown results (default benchmarks/RESULTS.md; "
                   "benchmarks/out/RESULTS-quick.md with --quick)")
    p.add_argument("--json-out", help="raw results as JSON (default benchmarks/out/<name of --out>.json)")
    p.add_argument("--quick", action="store_true", help="sizes 1000 10000, pandas only")
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--interval", type=float, default=0.02, help="RSS sampling interval, seconds")
    p.add_argument("--justext-docs", type=int, default=500)
    p.add_argument("--dateparser-kb", type=int, default=200)
    p.add_argument("--anchor-repeat", type=_at_least_one, default=3, help="turns of CountVectorizer() and our word "
                   "counts alone, taken one after the other; the best of each is reported (default 3)")
    p.add_argument("--ngram-docs", type=int, default=10_000, help="documents of the sample on which "
                   "CountVectorizer(ngram_range=(1, 3)) runs (default 10000)")
    p.add_argument("--pandas-sizes", type=int, nargs="*", help="sizes at which the pandas engine runs "
                   "(default: every size, when --engines names it)")
    p.add_argument("--stages-sizes", type=int, nargs="*", help="sizes at which the stages (one process, "
                   "all tokens in memory, reference tools) are measured (default: every size; none: only the "
                   "whole-report runs, e.g. for 10^6 articles with dask)")
    p.add_argument("--profile-size", type=int, help="also profile the stages (cProfile) at this size and "
                   "list the top functions (default: the largest size; 0 = no profile)")
    p.add_argument("--workdir", help="folder for the temporary corpus files (default: the system temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--make-sample", action="store_true", help=f"write {rel(SAMPLE)} from --source and stop")
    # internal: one measurement in a fresh process
    p.add_argument("--render-json", help="render the Markdown of --out again from a run's JSON (no run)")
    p.add_argument("--child", choices=("stages", "report", "profile"), help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--json", help=argparse.SUPPRESS)
    p.add_argument("--engine", default="pandas", help=argparse.SUPPRESS)
    p.add_argument("--unique", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child:
        result = (child_report if args.child == "report" else child_stages)(args)
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
        return 0
    if args.render_json:
        res = json.loads(Path(args.render_json).read_text())
        complete = all("stages" in entry for entry in res["sizes"].values())
        out = Path(args.out or HERE / "out" / "RESULTS-rendered.md")
        out.write_text(keep_whole_command(out, render(res) if complete else render_scale(res)), encoding="utf-8")
        return 0
    if args.make_sample:
        if not args.source:
            raise SystemExit("--make-sample needs --source (the full click-id-2019.jsonl.gz)")
        make_sample(Path(args.source))
        return 0
    if args.sizes is None:
        args.sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
    if args.engines is None:
        args.engines = ["pandas"] if args.quick else ["pandas", "dask"]
    if args.dask_sizes is None:
        args.dask_sizes = [max(args.sizes)] if max(args.sizes) >= 100_000 else []
    if args.profile_size is None:
        args.profile_size = max(args.sizes)
    if args.out is None:
        args.out = str(HERE / "out" / "RESULTS-quick.md") if args.quick else str(HERE / "RESULTS.md")
    exe = Path(os.path.abspath(sys.executable))
    exe_shown = exe.relative_to(ROOT).as_posix() if exe.is_relative_to(ROOT) else "python"
    command = " ".join([exe_shown, rel(__file__)] + (sys.argv[1:] if argv is None else list(argv)))
    orchestrate(args, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
