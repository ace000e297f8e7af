"""Throughput of the terms stage's counting next to scikit-learn's ``CountVectorizer``.

Builds a corpus of at least 10,000 cleaned documents: the body lines of the five
seed pages (per the gold labels), replicated with distinct ``doc_id``s, or the
documents of ``--corpus`` (JSONL(.gz) with a ``text`` field, ``doc_id`` and
``outlet`` if present; or a Parquet file of cleaned texts such as the ``texts``
parts of the prepare stage's cache) replicated up to ``--docs``. Replicated text
has an unrealistically small vocabulary, which flatters anything that works once
per distinct word, so a second corpus is measured too: the same documents with
every ``--vary``-th word given a document-specific suffix (about 130,000
distinct word forms at the defaults, the vocabulary size of a real corpus of
that length).

For each corpus it times, interleaved (one run of each method per round, best of
``--repeat`` rounds) on the same text:
  * word counts: ours ``count_words(texts)`` (actor gazetteer, NLTK tokens,
    stopwords removed, term counts, no tokens table) and the positional path
    ``term_counts(tokenize(texts))``, against ``CountVectorizer()`` with default
    settings and ``CountVectorizer(token_pattern=TOKEN_PATTERN)`` (``fit_transform``);
  * terms with 1- to 3-grams (the job of the terms stage): ours
    ``combine_counts([count_texts(texts)])`` and the positional path
    ``combine_counts([partial_counts(tokenize(texts))])``, against
    ``CountVectorizer(ngram_range=(1, 3))`` on the first ``--ngram-docs`` documents;
and prints seconds, tokens read and tokens/s for each, and the speed ratio
(CountVectorizer seconds / our seconds; > 1 means ours is faster). The last
lines give both ratios of the run (the targets: words >= 1.5x, 1-3-grams >= 5x).

Then, per corpus, the batched path (``--batch-docs`` documents per batch):
``count_texts(batch)`` per batch, ``combine_counts`` and the final
tables (term counts, by outlet, keyness, 2- and 3-grams, collocations), next
to the same tables from the full tokens table. It prints both times, the
memory (pandas ``memory_usage(deep=True)``) of the full tokens table, of the
largest partial of one batch and of the combined partials (per table), and
checks that every table is byte-identical (``to_csv``) on both paths.

Run from the repository root:  .venv/bin/python benchmarks/bench_terms.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import evaluation  # noqa: E402
from analysis.counts import (TermCounts, count_texts, count_words, ngrams, term_counts,  # noqa: E402
                             term_counts_by)
from analysis.engine.partials import combine_counts, partial_counts  # noqa: E402
from analysis.keyness import collocations, keyness  # noqa: E402
from analysis.tokens import TOKEN_PATTERN, tokenize  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "seeds_gold.json"


def seed_texts() -> pd.DataFrame:
    """The cleaned seed texts: lines labelled ``body`` by the gold, joined by a blank line."""
    return evaluation.gold_texts(GOLD, ROOT / "seeds")


def jsonl_texts(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        table = pd.read_parquet(path)
        return pd.DataFrame({"doc_id": table["doc_id"].astype(str),
                             "outlet": table.get("outlet", pd.Series("", index=table.index)).fillna(""),
                             "text": table["text"].fillna("")})
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return pd.DataFrame({
        "doc_id": [str(r.get("doc_id", i)) for i, r in enumerate(records)],
        "outlet": [r.get("outlet") or "" for r in records],
        "text": [r.get("text") or "" for r in records],
    })


def replicate(texts: pd.DataFrame, n_docs: int) -> pd.DataFrame:
    """At least ``n_docs`` documents cycling through ``texts``, each with its own doc_id."""
    reps = max(1, -(-n_docs // max(len(texts), 1)))
    out = pd.concat([texts] * reps, ignore_index=True)
    out["doc_id"] = [f"{d}#{i:06d}" for i, d in enumerate(out["doc_id"])]
    return out


def vary_vocabulary(texts: pd.DataFrame, every: int) -> pd.DataFrame:
    """Every ``every``-th word of each document gets a suffix unique to the document."""
    def vary(i: int, text: str) -> str:
        suffix = np.base_repr(i, 26).lower().translate(str.maketrans("0123456789", "qrstuvwxyz"))
        words = text.split(" ")
        words[::every] = [w + suffix for w in words[::every]]
        return " ".join(words)

    out = texts.copy()
    out["text"] = [vary(i, t) for i, t in enumerate(texts["text"])]
    return out


def interleaved(runs: dict, repeat: int) -> dict[str, float]:
    """Best seconds of each run, the runs taking turns (one of each per round)."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for label, run in runs.items():
            start = time.perf_counter()
            run()
            best[label] = min(best[label], time.perf_counter() - start)
    return best


def report(methods: dict, seconds: dict, ours: str) -> None:
    print(f"{'method':38} {'seconds':>8} {'tokens':>11} {'tokens/s':>12} {'CV s / ours s':>14}")
    for label, (_, tokens) in methods.items():
        ratio = "" if label.startswith("ours") else f"{seconds[label] / seconds[ours]:13.2f}x"
        print(f"{label:38} {seconds[label]:8.3f} {tokens:11,} "
              f"{tokens / seconds[label]:12,.0f} {ratio:>14}")


def measure(name: str, texts: pd.DataFrame, repeat: int, ngram_docs: int) -> dict[str, float]:
    size_mb = texts["text"].str.len().sum() / 1e6
    ours_read = len(tokenize(texts, keep_stopwords=True, keep_numbers=True))
    kept = len(tokenize(texts))
    vocabulary = len(term_counts(tokenize(texts, keep_stopwords=True)))
    same_pattern = CountVectorizer(token_pattern=TOKEN_PATTERN, lowercase=True)
    words = {
        "ours: count_words()": (lambda: count_words(texts), ours_read),
        "ours: term_counts(tokenize())": (lambda: term_counts(tokenize(texts)), ours_read),
        "CountVectorizer() defaults": (
            lambda: CountVectorizer().fit_transform(texts["text"]),
            int(CountVectorizer().fit_transform(texts["text"]).sum())),
        "CountVectorizer(TOKEN_PATTERN)": (
            lambda: same_pattern.fit_transform(texts["text"]),
            int(same_pattern.fit_transform(texts["text"]).sum())),
    }
    sample = texts.head(ngram_docs)
    sample_read = len(tokenize(sample, keep_stopwords=True, keep_numbers=True))
    grams = {
        "ours: count_texts() 1-3-grams": (lambda: combine_counts([count_texts(sample)]), sample_read),
        "ours: partial_counts(tokenize())": (
            lambda: combine_counts([partial_counts(tokenize(sample))]), sample_read),
        "CountVectorizer(ngram_range=(1, 3))": (
            lambda: CountVectorizer(ngram_range=(1, 3)).fit_transform(sample["text"]),
            int(CountVectorizer().fit_transform(sample["text"]).sum())),
    }
    seconds = interleaved({label: run for label, (run, _) in {**words, **grams}.items()}, repeat)
    print(f"\n{name}: {len(texts):,} documents, {size_mb:.1f} M characters, "
          f"{vocabulary:,} distinct words; ours keeps {kept:,} of {ours_read:,} tokens")
    report(words, seconds, "ours: count_words()")
    print(f"terms with 1- to 3-grams on the first {len(sample):,} documents:")
    report(grams, seconds, "ours: count_texts() 1-3-grams")
    return {"words": seconds["CountVectorizer() defaults"] / seconds["ours: count_words()"],
            "words (positional)": seconds["CountVectorizer() defaults"] / seconds["ours: term_counts(tokenize())"],
            "1-3-grams": seconds["CountVectorizer(ngram_range=(1, 3))"] / seconds["ours: count_texts() 1-3-grams"],
            "1-3-grams (positional)": (seconds["CountVectorizer(ngram_range=(1, 3))"]
                                       / seconds["ours: partial_counts(tokenize())"])}


def final_tables(tokens: pd.DataFrame | None = None, combined: dict | None = None,
                 min_count: int = 2) -> list[pd.DataFrame]:
    """The tables of the notebook, from tokens or from combined partial counts."""
    if tokens is not None:
        return [term_counts(tokens), term_counts_by(tokens),
                keyness(tokens, min_count=min_count),
                ngrams(tokens, 2, min_count=min_count),
                ngrams(tokens, 3, min_count=min_count),
                collocations(tokens, min_count=min_count)]
    counted = TermCounts(combined)
    return [counted.terms(), counted.by_outlet(), counted.keyness(min_count),
            counted.ngrams(2, min_count), counted.ngrams(3, min_count),
            counted.collocations(min_count)]


def megabytes(table: pd.DataFrame) -> float:
    return table.memory_usage(deep=True).sum() / 1e6


def measure_batches(name: str, texts: pd.DataFrame, batch_docs: int) -> None:
    """Full tokens table versus partial counts per batch: time, memory, identity."""
    start = time.perf_counter()
    tokens = tokenize(texts)
    full = final_tables(tokens=tokens)
    full_seconds = time.perf_counter() - start

    start = time.perf_counter()
    largest: dict[str, float] = {}

    def parts():
        for first in range(0, len(texts), batch_docs):
            part = count_texts(texts.iloc[first:first + batch_docs])
            for table, frame in part.items():
                largest[table] = max(largest.get(table, 0.0), megabytes(frame))
            yield part

    combined = combine_counts(parts())
    batched = final_tables(combined=combined)
    batch_seconds = time.perf_counter() - start
    same = all(a.to_csv(index=False) == b.to_csv(index=False) for a, b in zip(full, batched))

    n_batches = -(-len(texts) // batch_docs)
    print(f"\nbatched, {name}: {n_batches} batches of <= {batch_docs:,} documents; "
          f"tables identical to the full path: {same}")
    print(f"  full path {full_seconds:.3f} s, batched path {batch_seconds:.3f} s")
    print(f"  tokens table: {len(tokens):,} rows, {megabytes(tokens):.1f} MB")
    print(f"  {'table':12} {'combined rows':>14} {'combined MB':>12} {'largest batch MB':>17}")
    for table, frame in combined.items():
        print(f"  {table:12} {len(frame):14,} {megabytes(frame):12.2f} {largest[table]:17.2f}")
    if not same:
        raise SystemExit("batched tables differ from the full-corpus tables")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="minimum corpus size")
    parser.add_argument("--corpus", type=Path, help="JSONL(.gz) with a text field")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best is shown)")
    parser.add_argument("--vary", type=int, default=20,
                        help="suffix every N-th word in the varied-vocabulary corpus")
    parser.add_argument("--batch-docs", type=int, default=2_000,
                        help="documents per batch in the batched (partial counts) path")
    parser.add_argument("--ngram-docs", type=int, default=10_000,
                        help="documents of the CountVectorizer(ngram_range=(1, 3)) comparison")
    args = parser.parse_args(argv)

    base = jsonl_texts(args.corpus) if args.corpus else seed_texts()
    texts = replicate(base, args.docs)
    tokenize(texts.head(50))  # load stopwords, gazetteer and regexes outside the timing
    varied = vary_vocabulary(texts, args.vary)
    ratios = {"replicated text": measure("replicated text", texts, args.repeat, args.ngram_docs),
              "varied vocabulary": measure(f"varied vocabulary (every {args.vary}th word suffixed)",
                                           varied, args.repeat, args.ngram_docs)}
    for name, corpus in (("replicated text", texts), ("varied vocabulary", varied)):
        measure_batches(name, corpus, args.batch_docs)
    print("\nratios of this run (CountVectorizer seconds / ours; targets: words >= 1.5x, 1-3-grams >= 5x):")
    for name, ratio in ratios.items():
        print(f"  {name}: " + ", ".join(f"{key} {value:.2f}x" for key, value in ratio.items()))


if __name__ == "__main__":
    main()
