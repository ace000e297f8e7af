"""The stages chained over batches of documents, cached, on pandas or on a Dask cluster.

A corpus is read in batches (``corpus.iter_raw``); every batch goes through the same pure
per-batch functions, and what a batch produces is written as Parquet parts under
``OUTPUT_DIR/cache/`` (documents, problems, lines, texts, actors, date mentions) or kept as
small partial counts that add up (term and n-gram counts, words as integer codes). Memory is
bounded by the batch size and the number of distinct terms and n-grams, not by the number of
documents; after each batch the freed memory is given back to the system.

Three cached stages, each keyed by the content of the corpus, its parameters and the code:

* ``prepare``  – load + clean: ``documents, problems, lines, texts``
* ``count_terms`` – tokens → combined partial counts (``terms.partial_counts``) and ``actors``
* ``find_dates`` – date ``mentions`` and document ``anchors``

``engine="dask"`` runs the same per-batch functions as tasks on a Dask cluster (an existing
one at ``scheduler``, or a ``LocalCluster`` sized to the machine) and adds the partial counts
with Dask's groupby on integer keys (the words coded against the corpus vocabulary); the tables
are identical to the pandas engine's.

>>> stages = prepare("seeds", use_cache=False)
>>> sorted(stages)
['documents', 'lines', 'problems', 'texts']
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .paths import resolve

__all__ = ["prepare", "count_terms", "find_dates", "cache_key", "corpus_fingerprint", "ENGINES"]

ENGINES = ("pandas", "dask")
_PACKAGE = Path(__file__).resolve().parent
PREPARED = ("documents", "problems", "lines", "texts")


# --------------------------------------------------------------------------- cache keys

def corpus_fingerprint(path: str | Path) -> str:
    """A content hash of the corpus: every file's relative path, size and bytes."""
    path = resolve(path)
    h = hashlib.blake2b(digest_size=16)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        rel = f.relative_to(path).as_posix() if path.is_dir() else f.name
        h.update(f"{rel}\0{f.stat().st_size}\0".encode())
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _code_fingerprint() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    for f in sorted(list(_PACKAGE.glob("*.py")) + list((_PACKAGE / "data").glob("*"))):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def cache_key(path: str | Path, **params) -> str:
    """Key of a cached stage: corpus content + parameters + package code and rules."""
    blob = json.dumps({"corpus": corpus_fingerprint(path), "code": _code_fingerprint(), "params": params},
                      sort_keys=True, default=str)
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


# --------------------------------------------------------------------------- parts on disk

class Parts:
    """A folder of Parquet parts, one sub-folder per table, one file per batch."""

    def __init__(self, folder: Path):
        self.folder = folder

    def write(self, table: str, index: int, frame: pd.DataFrame) -> None:
        d = self.folder / table
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".part-{index:06d}.tmp"
        frame.to_parquet(tmp, index=False)
        tmp.replace(d / f"part-{index:06d}.parquet")

    def files(self, table: str) -> list[Path]:
        return sorted((self.folder / table).glob("part-*.parquet"))

    def read(self, table: str, index: int | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        files = self.files(table) if index is None else [self.folder / table / f"part-{index:06d}.parquet"]
        frames = [pd.read_parquet(f, columns=columns) for f in files]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def empty(self, table: str) -> pd.DataFrame:
        """The table's columns and dtypes, without rows (only the schema of its first part is read)."""
        import pyarrow.parquet as pq

        return pq.read_schema(self.files(table)[0]).empty_table().to_pandas()

    def count(self, table: str) -> int:
        return len(self.files(table))

    @property
    def done(self) -> bool:
        return (self.folder / "_SUCCESS").exists()

    def finish(self, summary: dict | None = None) -> None:
        (self.folder / "_SUCCESS").write_text(json.dumps(summary or {}, sort_keys=True, default=str))


def _stage_parts(output_dir, name: str, key: str, use_cache: bool) -> Parts:
    """The parts folder of a stage: ``OUTPUT_DIR/cache/NAME-KEY``, or a scratch folder
    (removed by :func:`_scratch`) when the cache is not used."""
    if use_cache:
        folder = resolve(output_dir) / "cache" / f"{name}-{key}"
        if folder.exists() and not (folder / "_SUCCESS").exists():
            shutil.rmtree(folder)  # an interrupted run: start the stage again
    else:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix=f"news-coverage-{name}-"))
        _SCRATCH.append(folder)
    return Parts(folder)


_SCRATCH: list[Path] = []


@contextmanager
def _scratch():
    """Remove the scratch folders made inside the block (runs without the cache)."""
    mark = len(_SCRATCH)
    try:
        yield
    finally:
        while len(_SCRATCH) > mark:
            shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


# --------------------------------------------------------------------------- engines

@contextmanager
def _dask_client(scheduler: str = ""):
    """A client of the cluster at ``scheduler``, or of a LocalCluster sized to the machine."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    workers = max(1, min(os.cpu_count() or 1, 8))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        yield client
    _release_memory()  # what the client held for the stage


def _progress(total: int | None, desc: str, enabled: bool):
    """A text progress bar on stderr: readable in a terminal and in JupyterLab alike
    (no widget library needed)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="batch", disable=not enabled, leave=False)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"parameter engine must be one of {', '.join(ENGINES)}, not {engine!r}")


def _run_pandas(tasks: Iterator[tuple[int, Callable, tuple]], progress: bool, desc: str,
                total: int | None = None) -> Iterator:
    """Run the tasks one after another in this process, yielding each result as it comes
    (so that a consumer such as ``terms.combine_counts`` never holds them all)."""
    bar = None
    for index, func, args in tasks:
        if index == 1 and bar is None:  # a bar only when there is more than one batch
            bar = _progress(total, desc, progress)
            bar.update(1)
        yield func(*args)
        _release_memory()
        if bar is not None and index:
            bar.update(1)
    if bar is not None:
        bar.close()


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on other C libraries."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _release_memory() -> None:
    """Give the memory freed by a batch back to the system (glibc keeps freed blocks of
    the heap otherwise, so the process would grow with the largest batch seen; Dask's
    workers do the same between tasks)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()  # pyarrow's own allocator keeps freed blocks as well
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _submit_all(client, tasks, progress: bool, desc: str, total: int | None = None) -> list:
    """Submit the tasks to the cluster, a few ahead of the workers (back-pressure on reading),
    and wait for all; returns the futures in task order (results stay on the workers)."""
    from distributed import as_completed, wait

    futures = []
    bar = _progress(total, desc, progress)
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending = as_completed()
    for index, func, args in tasks:
        fut = client.submit(func, *args, key=f"{desc}-{index}-{os.getpid()}", pure=False)
        futures.append(fut)
        pending.add(fut)
        while pending.count() >= window:
            next(pending).result()  # raises the task's error, if any
            bar.update(1)
    for done in pending:
        done.result()
        bar.update(1)
    bar.close()
    wait(futures)
    return futures


def _run_batches(tasks: Iterator[tuple[int, Callable, tuple]], engine: str, scheduler: str,
                 progress: bool, desc: str, total: int | None = None) -> list:
    """Run ``func(*args)`` for each task, in order on pandas, as Dask tasks otherwise.
    Returns the (small) results in task order."""
    _check_engine(engine)
    if engine == "pandas":
        return list(_run_pandas(tasks, progress, desc, total))
    with _dask_client(scheduler) as client:
        return client.gather(_submit_all(client, tasks, progress, desc, total))


# --------------------------------------------------------------------------- stage 1: load + clean

def _prepare_batch(raw, index: int, folder: Path, languages, default_tz: str) -> dict:
    from . import clean, corpus

    loaded = corpus.finish(raw, languages=languages, default_tz=default_tz)
    documents = loaded.documents
    lines = loaded.lines if loaded.lines is not None else clean.label_lines(documents)
    texts = clean.clean_texts(lines, documents)
    extra = clean.no_body_problems(lines, documents)
    problems = pd.concat([loaded.problems, extra], ignore_index=True) if len(extra) else loaded.problems
    documents = documents.merge(texts[["doc_id", "n_body_lines", "n_body_words"]], on="doc_id", how="left")
    for col in ("n_body_lines", "n_body_words"):
        documents[col] = documents[col].fillna(0).astype("int64")
    parts = Parts(folder)
    parts.write("documents", index, documents.drop(columns=["text"]))
    parts.write("problems", index, problems.reset_index(drop=True).astype(str))
    parts.write("lines", index, lines)
    parts.write("texts", index, texts)
    return {"documents": len(documents), "lines": len(lines), "chars": int(documents["n_chars"].sum())}


def prepare(corpus: str | Path, output_dir: str | Path = "reports", *, engine: str = "pandas",
            scheduler: str = "", batch_size: int = 5000, languages=("id", "ms"), default_tz: str = "+07:00",
            use_cache: bool = True, progress: bool = True, tables: tuple[str, ...] = PREPARED) -> dict:
    """Load and clean ``corpus`` batch by batch: a dict of ``documents, problems, lines, texts``.

    ``tables`` chooses which tables are read back into memory (all by default).
    """
    with _scratch():
        parts = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                          languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress)
        return {name: parts.read(name) for name in tables}


def _prepared(corpus, output_dir, *, engine, scheduler, batch_size, languages, default_tz, use_cache,
              progress) -> Parts:
    from . import corpus as corpus_stage

    path = resolve(corpus)
    langs = languages if isinstance(languages, str) else list(languages)
    key = cache_key(path, stage="prepare", languages=langs, default_tz=default_tz, batch_size=batch_size)
    parts = _stage_parts(output_dir, "prepare", key, use_cache)
    if parts.done:
        return parts
    tasks = ((i, _prepare_batch, (raw, i, parts.folder, languages, default_tz))
             for i, raw in enumerate(corpus_stage.iter_raw(path, batch_size)))
    summary = _run_batches(tasks, engine, scheduler, progress, "load + clean")
    parts.finish({"batches": len(summary)})
    return parts


# --------------------------------------------------------------------------- stage 2: terms

def _terms_batch(folder: Path, index: int, out: Path, stem: bool, extra_stopwords: tuple[str, ...]) -> dict:
    from . import terms
    from .plots import UNKNOWN_OUTLET

    texts = Parts(folder).read("texts", index)
    texts = texts.assign(outlet=texts["outlet"].replace("", UNKNOWN_OUTLET))
    tokens = terms.tokenize(texts, stem=stem, extra_stopwords=extra_stopwords)
    Parts(out).write("actors", index, terms.actor_counts(texts))
    return terms.partial_counts(tokens)


def _terms_batch_parts(folder: Path, index: int, out: Path, stem: bool, extra_stopwords: tuple[str, ...]) -> dict:
    """``_terms_batch`` for the Dask engine: the partial tables are written as Parquet parts; returns
    the words of their categorical key columns and the n-gram settings."""
    from . import terms

    partial = _terms_batch(folder, index, out, stem, extra_stopwords)
    parts, words, largest = Parts(out), set(), {}
    for name in terms.PARTIAL_VALUES:
        table = partial[name]
        parts.write(f"partial_{name}", index, table)
        for column in terms.partial_keys(name, table):
            if isinstance(table[column].dtype, pd.CategoricalDtype):
                words.update(table[column].cat.categories)
            else:  # integer keys (the n of n-grams): their largest value sizes the packed key
                largest[name, column] = int(table[column].max()) if len(table) else 0
    return {"words": sorted(words), "largest": largest, "ngram_sizes": partial["ngram_sizes"]}


def _coded_table(out: Path, index: int, name: str, words: np.ndarray, widths: list[int] | None) -> None:
    """One partial table of one batch with its keys as codes into ``words``, written as Parquet:
    packed into one int64 column ``key`` where ``widths`` (bits per key column) is given, else one
    int64 column per key."""
    from . import terms

    parts = Parts(out)
    table = parts.read(f"partial_{name}", index)
    values = terms.PARTIAL_VALUES[name]
    keys, data, layout = terms.Vocabulary(words).encode(table, terms.partial_keys(name, table), values)
    if widths is not None:
        frame = {"key": terms.pack_keys(keys, widths) if len(keys[0]) else keys[0]}
    else:
        frame = {column: key for (column, *_), key in zip(layout, keys)}
    frame.update(zip(values, data))
    parts.write(f"coded_{name}", index, pd.DataFrame(frame))


#: Keys whose columns need at most this many bits in all are packed into one int64 for Dask's
#: groupby; wider keys (a vocabulary of millions of words in 3-grams) are grouped column by column.
_PACKED_BITS = 63


def _terms_on_dask(tasks, out: Path, scheduler: str, progress: bool, total: int) -> dict:
    """Term counts per batch as Dask tasks that write their partial tables as Parquet. The client
    builds the vocabulary of the corpus from the words each batch reports and sends it to the
    workers; per table, they code its keys as integers (all key columns packed into one int64
    where the vocabulary allows) into Parquet parts, Dask's groupby adds those up on the workers,
    and only the sums come back here to be decoded. Nothing but the running groupby is held in
    memory between the steps."""
    import dask.dataframe as dd
    from distributed import wait

    from . import terms

    with _dask_client(scheduler) as client:
        summaries = client.gather(_submit_all(client, tasks, progress, "terms", total))
        client.run(_release_memory)  # what tokenizing freed on the workers
        settings = summaries[0]["ngram_sizes"]
        if any(not s["ngram_sizes"].equals(settings) for s in summaries):
            raise ValueError("batches differ in ngram_sizes")
        words = sorted(set().union(*(s["words"] for s in summaries)))
        vocabulary = terms.Vocabulary(words)
        word_bits = max(len(words), 1).bit_length()
        shared = client.scatter(np.array(words, dtype=object), broadcast=True)  # one object, not a list
        combined = {"ngram_sizes": settings}
        for name, values in terms.PARTIAL_VALUES.items():
            first = Parts(out).empty(f"partial_{name}")
            keys = terms.partial_keys(name, first)
            _, _, layout = vocabulary.encode(first, keys, values)
            bits = [word_bits if kind == "word" else
                    max(max(s["largest"][name, column] for s in summaries), 1).bit_length()
                    for column, kind, _ in layout if kind != "value"]
            widths = bits if sum(bits) <= _PACKED_BITS else None
            wait([client.submit(_coded_table, out, i, name, shared, widths, pure=False)
                  for i in range(len(summaries))])
            table = dd.read_parquet([str(f) for f in Parts(out).files(f"coded_{name}")])
            sums = table.groupby(["key"] if widths else keys).sum(split_every=2).compute().reset_index()
            key_columns = (terms.unpack_keys(sums["key"].to_numpy(dtype=np.int64), widths) if widths
                           else [sums[k].to_numpy(dtype=np.int64) for k in keys])
            combined[name] = vocabulary.decode(key_columns, [sums[v].to_numpy(dtype=np.int64) for v in values],
                                               layout)
            del sums, key_columns
            client.run(_release_memory)
            _release_memory()
    for folder in [*out.glob("partial_*"), *out.glob("coded_*")]:
        shutil.rmtree(folder, ignore_errors=True)
    return combined


def count_terms(corpus: str | Path, output_dir: str | Path = "reports", *, stem: bool = False,
                extra_stopwords=(), engine: str = "pandas", scheduler: str = "", batch_size: int = 5000,
                languages=("id", "ms"), default_tz: str = "+07:00", use_cache: bool = True,
                progress: bool = True) -> dict:
    """Term, n-gram and collocation counts of the cleaned texts, added up over batches
    (see ``terms.partial_counts``), plus ``actors`` (one row per document and actor)."""
    with _scratch():
        return _count_terms(corpus, output_dir, stem=stem, extra_stopwords=extra_stopwords, engine=engine,
                            scheduler=scheduler, batch_size=batch_size, languages=languages,
                            default_tz=default_tz, use_cache=use_cache, progress=progress)


def _count_terms(corpus, output_dir, *, stem, extra_stopwords, engine, scheduler, batch_size, languages,
                 default_tz, use_cache, progress) -> dict:
    prepared = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                         languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress)
    extra = tuple(sorted(w.strip() for w in (extra_stopwords.split(",") if isinstance(extra_stopwords, str)
                                              else extra_stopwords) if w.strip()))
    key = cache_key(resolve(corpus), stage="terms", prepared=prepared.folder.name, stem=bool(stem), extra=extra)
    parts = _stage_parts(output_dir, "terms", key, use_cache)
    if not parts.done:
        from . import terms

        _check_engine(engine)
        n = prepared.count("texts")
        if engine == "pandas":  # partial counts are added as they come: memory holds a few at a time
            tasks = ((i, _terms_batch, (prepared.folder, i, parts.folder, bool(stem), extra)) for i in range(n))
            combined = terms.combine_counts(_run_pandas(tasks, progress, "terms", n))
        else:
            tasks = ((i, _terms_batch_parts, (prepared.folder, i, parts.folder, bool(stem), extra))
                     for i in range(n))
            combined = _terms_on_dask(tasks, parts.folder, scheduler, progress, n)
        for name, frame in combined.items():
            parts.write(f"counts_{name}", 0, frame)
        parts.finish({"batches": n})
    names = sorted(p.name[len("counts_"):] for p in parts.folder.glob("counts_*"))
    out = {name: parts.read(f"counts_{name}") for name in names}
    out["actors"] = parts.read("actors")
    return out


# --------------------------------------------------------------------------- stage 3: dates

def _dates_batch(folder: Path, index: int, out: Path, labels: tuple[str, ...]) -> int:
    from . import dates

    prepared = Parts(folder)
    lines = prepared.read("lines", index)
    documents = prepared.read("documents", index, columns=["doc_id", "outlet", "published"])
    mentions = dates.find_mentions(lines, documents, labels=labels)
    Parts(out).write("mentions", index, mentions)
    Parts(out).write("anchors", index, dates.document_anchors(lines, documents))
    return len(mentions)


def find_dates(corpus: str | Path, output_dir: str | Path = "reports", *, labels=("body",),
               engine: str = "pandas", scheduler: str = "", batch_size: int = 5000, languages=("id", "ms"),
               default_tz: str = "+07:00", use_cache: bool = True, progress: bool = True) -> dict:
    """Date ``mentions`` in the lines labelled ``labels``, and each document's ``anchors``."""
    with _scratch():
        return _find_dates(corpus, output_dir, labels=labels, engine=engine, scheduler=scheduler,
                           batch_size=batch_size, languages=languages, default_tz=default_tz,
                           use_cache=use_cache, progress=progress)


def _find_dates(corpus, output_dir, *, labels, engine, scheduler, batch_size, languages, default_tz,
                use_cache, progress) -> dict:
    prepared = _prepared(corpus, output_dir, engine=engine, scheduler=scheduler, batch_size=batch_size,
                         languages=languages, default_tz=default_tz, use_cache=use_cache, progress=progress)
    labels = tuple(labels)
    key = cache_key(resolve(corpus), stage="dates", prepared=prepared.folder.name, labels=list(labels))
    parts = _stage_parts(output_dir, "dates", key, use_cache)
    if not parts.done:
        n = prepared.count("lines")
        tasks = ((i, _dates_batch, (prepared.folder, i, parts.folder, labels)) for i in range(n))
        _run_batches(tasks, engine, scheduler, progress, "dates", total=n)
        parts.finish({"batches": n})
    return {"mentions": parts.read("mentions"), "anchors": parts.read("anchors")}
