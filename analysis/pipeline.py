"""The cached stages of the report, each run batch by batch on the engine a run names.

A corpus is read in batches (``readers.iter_raw``); every batch goes through the same pure
per-batch functions, and what a batch produces is written as Parquet parts of a cached stage
(:mod:`analysis.cache`: documents, problems, lines, texts, actors, date mentions, quotes,
MinHash sketches) or kept as small partial counts that add up (term and n-gram counts).
Memory is bounded by the batch size and the number of distinct terms and n-grams, not by the
number of documents (except the tables a stage returns: quotes, and for near-copies 4 bytes
per MinHash permutation and document while the LSH runs).

Five stages, each keyed by the content of the corpus, its parameters and the code:

* :func:`prepare` – load + clean: ``documents, problems, lines, texts``
* :func:`count_terms` – tokens → counts added up over batches (a ``counts.TermCounts``) and ``actors``
* :func:`find_dates` – date ``mentions`` and document ``anchors``
* :func:`find_quotes` – ``quotes`` and the ``speaker_candidates`` for the gazetteer
* :func:`find_near_copies` – near-copy ``pairs`` across all batches, their ``clusters``, ``wire`` dependence

How they run (engine, scheduler, batch size, languages, time zone, cache, progress bars) is one
:class:`~analysis.config.RunConfig`; :func:`analysis.engine.engine_for` picks the engine (pandas
in this process, or a Dask cluster), and the tables are the same on both.

>>> stages = prepare("seeds", config=RunConfig(use_cache=False))
>>> sorted(stages)
['documents', 'lines', 'problems', 'texts']
"""

from __future__ import annotations

import functools
import numbers
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .cache import Parts, cache_key, run_cached, stage_parts
from .config import MAX_PAGE_CHARS, UNKNOWN_OUTLET, RunConfig, split_words
from .counts import CountParts, TermCounts
from .engine import engine_for
from .paths import resolve

__all__ = ["prepare", "count_terms", "find_dates", "find_quotes", "find_near_copies", "PREPARED", "DATED"]

#: The tables of :func:`prepare`.
PREPARED = ("documents", "problems", "lines", "texts")

#: The combined counts that stay on disk (``counts.CountParts``), as the Dask engine leaves them.
_SPILLED = ("ngrams", "bigram_fd")


def _config(config: RunConfig | None) -> RunConfig:
    """The run's configuration: ``config``, or the defaults."""
    if config is not None and not isinstance(config, RunConfig):
        raise ValueError(f"parameter config must be a RunConfig, not {type(config).__name__}")
    return config if config is not None else RunConfig()


#: Tables read back in one order whatever the batches: by ``doc_id`` (each batch holds a
#: document's rows together, in their order), problems by file and row.
_BY_DOC = ("lines", "actors", "mentions")


def _read_ordered(parts: Parts, table: str, name: str | None = None) -> pd.DataFrame:
    """``parts.read(table)`` in an order that does not depend on the batch size: a table of
    :data:`_BY_DOC` (``name``) sorted by ``doc_id``, ``problems`` by file and row number (a
    file's own problems first), each stably."""
    frame = parts.read(table)
    name = name or table
    if not len(frame) or name not in _BY_DOC + ("problems",):
        return frame
    if name != "problems":  # one batch is in this order already
        return frame.sort_values("doc_id", kind="stable", ignore_index=True) if parts.count(table) > 1 else frame
    where = frame["source_file"].astype(str).str.extract(r"^(?P<file>.*?)(?:[:@](?P<row>\d+))?$")
    order = pd.DataFrame({"file": where["file"], "row": pd.to_numeric(where["row"]).fillna(-1)})
    return frame.iloc[order.sort_values(["file", "row"], kind="stable").index].reset_index(drop=True)


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the display name of the unknown outlet (as the notebooks show it)."""
    return frame.assign(outlet=frame["outlet"].replace("", UNKNOWN_OUTLET))


# --------------------------------------------------------------------------- stage 1: load + clean

def prepare(corpus: str | Path, output_dir: str | Path = "reports", config: RunConfig | None = None, *,
            tables: Iterable[str] = PREPARED) -> dict:
    """Load and clean ``corpus`` batch by batch.

    Parameters
    ----------
    corpus : str or Path
        A folder of ``.txt`` pages, or a ``.csv``/``.jsonl``/``.parquet`` file with a ``text`` column.
    output_dir : str or Path
        The output folder (its ``cache/`` keeps the finished stage).
    config : RunConfig or None
        How the stage runs (None: the defaults).
    tables : iterable of str
        Which of :data:`PREPARED` are read back into memory (all by default).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``documents, problems, lines, texts`` (those asked for).

    Examples
    --------
    >>> prepare("seeds", config=RunConfig(use_cache=False), tables=["documents"])["documents"].shape[0]
    5
    """
    config = _config(config)
    if isinstance(tables, str):
        raise ValueError(f"parameter tables must be a list of table names, not the string {tables!r}")
    unknown = sorted(set(tables) - set(PREPARED))
    if unknown:
        raise ValueError(f"parameter tables must name tables of {', '.join(PREPARED)}, not {unknown}")

    def compute() -> dict:
        parts = _prepared(corpus, output_dir, config)
        return {name: _read_ordered(parts, name) for name in tables}

    return run_cached(compute)


def _prepared(corpus, output_dir, config: RunConfig) -> Parts:
    """The finished parts of stage ``prepare`` (computed if not cached)."""
    from .readers import iter_raw

    path = resolve(corpus)
    languages = config.languages if isinstance(config.languages, str) else list(config.languages)
    limit = config.max_page_chars
    key = cache_key(path, stage="prepare", languages=languages, default_tz=config.default_tz,
                    batch_size=config.batch_size, **({} if limit == MAX_PAGE_CHARS else {"max_page_chars": limit}),
                    **({"columns": sorted(map(list, config.columns))} if config.columns else {}))
    parts = stage_parts(output_dir, "prepare", key, config.use_cache)
    if parts.done:
        return parts
    engine = engine_for(config)
    settings = (parts.folder, config.languages, config.default_tz, limit)
    if engine.remote:  # the workers read their own slices of the input
        tasks = ((index, _prepare_slice, (piece, index, *settings))
                 for index, piece in enumerate(_slices(path, config.batch_size, parts.folder, engine, config.columns)))
    else:
        tasks = ((index, _prepare_batch, (raw, index, *settings))
                 for index, raw in enumerate(iter_raw(path, config.batch_size, config.columns)))
    summary = engine.run(tasks, "load + clean")
    from .readers.slices import PLAIN_COPY, PLAIN_CSV_COPY

    for copy in (PLAIN_COPY, PLAIN_CSV_COPY):
        (parts.folder / copy).unlink(missing_ok=True)
    parts.finish({"batches": len(summary)})
    return parts


def _slices(path: Path, batch_size: int, scratch: Path, engine, columns: tuple = ()):
    """The slices of the corpus (``readers.slices``), each told which of its ids an earlier one holds
    (the ids read by the workers in a first pass, when ids may repeat across slices)."""
    from .readers.slices import mark_repeated, plan_slices

    slices = plan_slices(path, batch_size, scratch=scratch, columns=columns)
    if isinstance(slices, list) and len(slices) > 1 and any(piece.may_repeat_ids for piece in slices):
        ids = engine.run(((index, _slice_ids, (piece,)) for index, piece in enumerate(slices)), "doc ids",
                         len(slices))
        slices = mark_repeated(slices, ids)
    return slices


def _slice_ids(piece) -> list[str]:
    """The ids of one slice's documents (read on a worker)."""
    return piece.doc_ids()


def _prepare_slice(piece, index: int, folder: Path, languages, default_tz: str, max_page_chars: int) -> dict:
    """Read one slice of the input (on a worker) and load and clean it as :func:`_prepare_batch`."""
    return _prepare_batch(piece.read(), index, folder, languages, default_tz, max_page_chars)


def _prepare_batch(raw, index: int, folder: Path, languages, default_tz: str, max_page_chars: int) -> dict:
    """Load and clean one batch; writes its four tables as part ``index``."""
    from . import clean, corpus

    loaded = corpus.finish(raw, languages=languages, default_tz=default_tz, max_page_chars=max_page_chars)
    documents = loaded.documents
    lines = loaded.lines if loaded.lines is not None else clean.label_lines(documents)
    texts = clean.clean_texts(lines, documents)
    extra = clean.no_body_problems(lines, documents)
    problems = pd.concat([loaded.problems, extra], ignore_index=True) if len(extra) else loaded.problems
    documents = documents.merge(texts[["doc_id", "n_body_lines", "n_body_words"]], on="doc_id", how="left")
    for column in ("n_body_lines", "n_body_words"):
        documents[column] = documents[column].fillna(0).astype("int64")
    parts = Parts(folder)
    parts.write("documents", index, documents.drop(columns=["text"]))
    parts.write("problems", index, problems.reset_index(drop=True).astype(str))
    parts.write("lines", index, lines)
    parts.write("texts", index, texts)
    return {"documents": len(documents), "lines": len(lines), "chars": int(documents["n_chars"].sum())}


# --------------------------------------------------------------------------- stage 2: terms

def count_terms(corpus: str | Path, output_dir: str | Path = "reports", config: RunConfig | None = None, *,
                stem: bool = False, extra_stopwords: Iterable[str] | str = ()) -> dict:
    """Term, n-gram and collocation counts of the cleaned texts, added up over batches.

    Parameters
    ----------
    corpus, output_dir, config
        As for :func:`prepare` (whose stage this one reads).
    stem : bool
        Reduce words to their stem with Sastrawi.
    extra_stopwords : str or iterable of str
        Words to drop besides the stopword list (a comma-separated string or a list). Actors of
        the gazetteer are never dropped: a word that names one is kept, with a ``UserWarning``
        (:func:`analysis.actors.actor_words`).

    Returns
    -------
    counts.TermCounts
        The counts added up over the corpus, with ``.terms()``, ``.by_outlet()``,
        ``.keyness()``, ``.ngrams(n)``, ``.collocations()``, ``.totals`` and ``.actors`` (one row
        per document and actor).

    Examples
    --------
    >>> counts = count_terms("seeds", config=RunConfig(use_cache=False))
    >>> counts.terms().columns.tolist(), int(counts.totals["documents"].sum())
    (['term', 'count', 'documents', 'per_1k'], 5)
    """
    config = _config(config)
    extra = split_words(extra_stopwords, "extra_stopwords")
    if extra and (kept := _actor_words(extra)):
        one = len(kept) == 1
        warnings.warn(f"extra_stopwords: {', '.join(map(repr, kept))} {'is an actor' if one else 'are actors'} of the "
                      "gazetteer (analysis/data/actors.yaml), and actors are never dropped as stopwords: "
                      f"{'it stays' if one else 'they stay'} among the terms and in the actors table",
                      UserWarning, stacklevel=2)
    return run_cached(functools.partial(_count_terms, corpus, output_dir, config, bool(stem), extra))


def _actor_words(words: tuple[str, ...]) -> tuple[str, ...]:
    from .actors import actor_words  # the gazetteer, only when extra stopwords are given

    return actor_words(words)


def _count_terms(corpus, output_dir, config: RunConfig, stem: bool, extra: tuple[str, ...]) -> dict:
    prepared = _prepared(corpus, output_dir, config)
    key = cache_key(resolve(corpus), stage="terms", prepared=prepared.folder.name, stem=stem, extra=extra)
    parts = stage_parts(output_dir, "terms", key, config.use_cache)
    if not parts.done:
        batches = prepared.count("texts")
        tasks = ((index, _terms_batch, (prepared.folder, index, parts.folder, stem, extra))
                 for index in range(batches))
        combined = engine_for(config).count(tasks, parts.folder, "terms", batches)
        for name, frame in combined.items():
            if isinstance(frame, pd.DataFrame):  # else parts counts_NAME written already (CountParts)
                parts.write(f"counts_{name}", 0, frame)
        parts.finish({"batches": batches})
    names = [table[len("counts_"):] for table in parts.tables() if table.startswith("counts_")]
    # the n-gram sums stay on disk, read in filtered pieces (min_count applied part by part)
    out = {name: CountParts(parts, f"counts_{name}") if name in _SPILLED else parts.read(f"counts_{name}")
           for name in names}
    out["actors"] = _read_ordered(parts, "actors")
    return TermCounts(out)


def _terms_batch(folder: Path, index: int, out: Path, stem: bool, extra_stopwords: tuple[str, ...]) -> dict:
    """Count one batch of texts: writes its ``actors`` part, returns its partial counts
    (``counts.count_texts``: the tables of ``partial_counts(tokenize(texts))`` without a
    tokens table)."""
    from . import actors, counts

    texts = _named(Parts(folder).read("texts", index))
    Parts(out).write("actors", index, actors.actor_counts(texts))
    return counts.count_texts(texts, stem=stem, extra_stopwords=extra_stopwords)


# --------------------------------------------------------------------------- stage 3: dates

#: The tables of :func:`find_dates`.
DATED = ("mentions", "anchors")


def find_dates(corpus: str | Path, output_dir: str | Path = "reports", config: RunConfig | None = None, *,
               labels: Iterable[str] = ("body",), tables: Iterable[str] = DATED) -> dict:
    """Date mentions in the lines labelled ``labels``, and each document's anchors.

    Parameters
    ----------
    corpus, output_dir, config
        As for :func:`prepare` (whose stage this one reads).
    labels : iterable of str
        Line labels (``clean.LABELS``) to read dates from.
    tables : iterable of str
        Which of :data:`DATED` are read back into memory (both by default; the others stay
        in the stage's Parquet parts).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``mentions`` (``dates.find_mentions``) and ``anchors`` (``dates.document_anchors``),
        those asked for.

    Examples
    --------
    >>> found = find_dates("seeds", config=RunConfig(use_cache=False))
    >>> sorted(found), len(found["anchors"])
    (['anchors', 'mentions'], 5)
    """
    config = _config(config)
    if isinstance(labels, str):
        raise ValueError(f"parameter labels must be a list of line labels, not the string {labels!r}")
    if isinstance(tables, str):
        raise ValueError(f"parameter tables must be a list of table names, not the string {tables!r}")
    labels, tables = tuple(labels), tuple(tables)
    unknown = sorted(set(tables) - set(DATED))
    if unknown:
        raise ValueError(f"parameter tables must name tables of {', '.join(DATED)}, not {unknown}")
    return run_cached(functools.partial(_find_dates, corpus, output_dir, config, labels, tables))


def _find_dates(corpus, output_dir, config: RunConfig, labels: tuple[str, ...], tables: tuple[str, ...]) -> dict:
    prepared = _prepared(corpus, output_dir, config)
    key = cache_key(resolve(corpus), stage="dates", prepared=prepared.folder.name, labels=list(labels))
    parts = stage_parts(output_dir, "dates", key, config.use_cache)
    if not parts.done:
        batches = prepared.count("lines")
        tasks = ((index, _dates_batch, (prepared.folder, index, parts.folder, labels)) for index in range(batches))
        engine_for(config).run(tasks, "dates", total=batches)
        parts.finish({"batches": batches})
    return {name: _read_ordered(parts, name) for name in tables}


def _dates_batch(folder: Path, index: int, out: Path, labels: tuple[str, ...]) -> int:
    """Find the date mentions and anchors of one batch; writes them as part ``index``."""
    from . import dates

    prepared = Parts(folder)
    lines = prepared.read("lines", index)
    documents = prepared.read("documents", index, columns=["doc_id", "outlet", "published"])
    mentions = dates.find_mentions(lines, documents, labels=labels)
    Parts(out).write("mentions", index, mentions)
    Parts(out).write("anchors", index, dates.document_anchors(lines, documents))
    return len(mentions)


# --------------------------------------------------------------------------- stage 4: quotes

def find_quotes(corpus: str | Path, output_dir: str | Path = "reports", config: RunConfig | None = None) -> dict:
    """Quotations in the body lines (``quotes.find_quotes``) and the speakers the gazetteer does not know.

    Parameters
    ----------
    corpus, output_dir, config
        As for :func:`prepare` (whose stage this one reads).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``quotes`` (``quotes.find_quotes`` of all lines, outlets by their display name, and
        after ``speaker`` the ``speaker_group`` it is counted under: ``aliases.speaker_groups``) and
        ``speaker_candidates`` (``quotes.speaker_candidates`` of those quotes and lines),
        the same tables for any batch size; all lines are never in memory at once.

    Examples
    --------
    >>> found = find_quotes("seeds", config=RunConfig(use_cache=False))
    >>> sorted(found), found["quotes"]["doc_id"].nunique()
    (['quotes', 'speaker_candidates'], 5)
    """
    config = _config(config)
    return run_cached(functools.partial(_find_quotes, corpus, output_dir, config))


def _find_quotes(corpus, output_dir, config: RunConfig) -> dict:
    from . import _sources, quotes
    from .aliases import speaker_groups

    prepared = _prepared(corpus, output_dir, config)
    key = cache_key(resolve(corpus), stage="quotes", prepared=prepared.folder.name)
    parts = stage_parts(output_dir, "quotes", key, config.use_cache)
    every = None
    if not parts.done:
        batches = prepared.count("lines")
        tasks = ((index, _quotes_batch, (prepared.folder, index, parts.folder)) for index in range(batches))
        found = engine_for(config).run(tasks, "quotes", total=batches)
        every = _sources.combine_quotes([parts.read("quotes", index) for index in range(batches)])
        parts.write("speaker_candidates", 0, quotes.speaker_candidates(every, parts.read("candidate_lines")))
        # the same person in the forms the whole corpus writes and the nicknames it defines
        # (aliases.speaker_groups), row by row
        nicknames = pd.concat([parts.read("nicknames", index) for index in range(batches)], ignore_index=True)
        parts.write("speaker_groups", 0, pd.DataFrame({"speaker_group": speaker_groups(every, nicknames)}))
        parts.finish({"batches": batches, "quotes": sum(found)})
    if every is None:  # a cached stage
        every = _sources.combine_quotes([parts.read("quotes", index) for index in range(parts.count("quotes"))])
    every.insert(every.columns.get_loc("speaker") + 1, "speaker_group",
                 parts.read("speaker_groups")["speaker_group"].astype("str").array)
    return {"quotes": every, "speaker_candidates": parts.read("speaker_candidates")}


def _quotes_batch(folder: Path, index: int, out: Path) -> int:
    """Find the quotes of one batch; writes them, the lines of their unknown speakers and the
    nicknames the batch defines (``nicknames.nickname_definitions``) as part ``index``."""
    from . import _sources
    from .nicknames import nickname_definitions

    prepared = Parts(folder)
    documents = _named(prepared.read("documents", index, columns=["doc_id", "outlet"]))
    lines = prepared.read("lines", index)
    found, kept = _sources.quote_tables(lines, documents)
    Parts(out).write("quotes", index, found)
    Parts(out).write("candidate_lines", index, kept)
    Parts(out).write("nicknames", index, nickname_definitions(lines))
    return len(found)


# --------------------------------------------------------------------------- stage 5: near-copies

#: Words per shingle and MinHash permutations of :func:`find_near_copies` (``syndication.near_copies``'s defaults).
_SHINGLE, _NUM_PERM = 5, 128


def find_near_copies(corpus: str | Path, output_dir: str | Path = "reports", config: RunConfig | None = None, *,
                     threshold: float = 0.5) -> dict:
    """Near-copies between the cleaned texts of all batches, their clusters and each outlet's wire dependence.

    Each batch's texts are sketched (word 5-shingle hashes and MinHash signatures, a cached
    stage of their own that any ``threshold`` reuses); the LSH runs over the signatures of
    all batches, so a pair whose documents are in different batches is found too, and the
    exact Jaccard of each candidate pair is computed from the shingles of those documents only.

    Parameters
    ----------
    corpus, output_dir, config
        As for :func:`prepare` (whose stage this one reads).
    threshold : float
        The smallest word 5-shingle Jaccard similarity reported, above 0 and at most 1.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``pairs`` (``syndication.near_copies`` of all texts at once), ``clusters``
        (``syndication.clusters``) and ``wire`` (``syndication.wire_dependence``), with outlets
        by their display name; the same tables for any batch size.

    Examples
    --------
    >>> found = find_near_copies("seeds", config=RunConfig(use_cache=False))
    >>> sorted(found), len(found["wire"])
    (['clusters', 'pairs', 'wire'], 5)
    """
    config = _config(config)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0 < threshold <= 1:
        raise ValueError(f"parameter threshold must be a number above 0 and at most 1, not {threshold!r}")
    return run_cached(functools.partial(_find_near_copies, corpus, output_dir, config, float(threshold)))


def _find_near_copies(corpus, output_dir, config: RunConfig, threshold: float) -> dict:
    from . import _sources, syndication

    prepared = _prepared(corpus, output_dir, config)
    sketched = _sketched(corpus, output_dir, config, prepared)
    key = cache_key(resolve(corpus), stage="syndication", sketches=sketched.folder.name, threshold=threshold)
    parts = stage_parts(output_dir, "syndication", key, config.use_cache)
    if not parts.done:
        documents = _named(prepared.read("documents", columns=["doc_id", "outlet", "published", "credited_sources"]))
        pairs = _sources.near_copy_pairs(sketched, documents, threshold)
        parts.write("pairs", 0, pairs)
        parts.write("clusters", 0, syndication.clusters(pairs, documents))
        parts.write("wire", 0, syndication.wire_dependence(documents, pairs))
        parts.finish({"pairs": len(pairs)})
    text = {c: object for c in syndication.PAIR_COLUMNS if c != "similarity"}  # as near_copies gives them
    return {"pairs": parts.read("pairs").astype(text), "clusters": parts.read("clusters"), "wire": parts.read("wire")}


def _sketched(corpus, output_dir, config: RunConfig, prepared: Parts) -> Parts:
    """The finished parts of the sketches of every batch's texts (computed if not cached)."""
    key = cache_key(resolve(corpus), stage="sketches", prepared=prepared.folder.name, shingle=_SHINGLE,
                    num_perm=_NUM_PERM)
    parts = stage_parts(output_dir, "sketches", key, config.use_cache)
    if not parts.done:
        batches = prepared.count("texts")
        tasks = ((index, _sketch_batch, (prepared.folder, index, parts.folder)) for index in range(batches))
        documents = engine_for(config).run(tasks, "near-copies", total=batches)
        parts.finish({"batches": batches, "documents": sum(documents)})
    return parts


def _sketch_batch(folder: Path, index: int, out: Path) -> int:
    """Sketch one batch of texts; writes its ``signatures`` and ``shingles`` as part ``index``."""
    from . import _sources

    texts = _named(Parts(folder).read("texts", index, columns=["doc_id", "outlet", "text"]))
    signatures, shingles = _sources.sketch_tables(texts, _SHINGLE, _NUM_PERM)
    Parts(out).write("signatures", index, signatures)
    Parts(out).write("shingles", index, shingles)
    return len(signatures)
