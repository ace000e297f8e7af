"""The sources stages at scale, each beside the terms stage on the same corpus in the same run:
quote extraction throughput on real articles, and near-copies at 10^5 documents with their
recall and precision against an exact Jaccard computed independently (``SOURCES_SCALE.md``).

Corpus: CLICK-ID (real Indonesian news, CC BY 4.0, see ``benchmarks/data/README.md``):
``--source`` (the 25,427-article ``click-id-2019.jsonl.gz`` where you have it; default: the
1,956-article sample kept in ``benchmarks/data/``). Articles are read as
``bench_syndication.read_articles`` reads them (paragraphs split, ISO publication times) and
written as a JSONL corpus that the pipeline loads and cleans like any other (``prepare``, not
timed here: ``bench_scale.py`` measures it).

1. **Quotes**: the articles of ``--source`` as they are. ``pipeline.count_terms`` and
   ``pipeline.find_quotes`` are each timed on the prepared stage (a fresh stage folder every
   repeat, pandas engine); throughput is MB (UTF-8) of body text (the cleaned texts, i.e.
   the body lines the quotes are read from) per second.
2. **Near-copies** at ``--docs`` documents: every article of ``--source``, near-copies planted
   in ``--sources`` of them as ``bench_syndication.plant`` plants them (one or two copies of an
   article by another outlet, 1 to 48 hours later: exact, edited dateline, a paragraph dropped
   or added, a few words changed), then *replicas* of the articles until ``--docs``: in
   replica ``k`` every fifth word (words 5, 10, 15 …, and the last of a text of fewer than five
   words) is replaced by another word of the corpus (the word ``k`` steps further in a fixed
   list of the corpus's words), so that a replica shares no word 5-shingle with its original
   nor with another replica while the vocabulary stays that of real text. The rows are
   shuffled (fixed seed), so most pairs are split across batches of ``--batch-size``.
   ``pipeline.count_terms`` and ``pipeline.find_near_copies`` (threshold 0.5) are timed on the
   prepared stage, each in a fresh stage folder. Truth: an implementation of its own
   (``bench_syndication.brute_force``: ``regex`` words, Python sets of 5-word tuples, a sparse
   incidence product) over the cleaned texts of (a) a random sample of ``--sample`` documents,
   every pair, and (b) every document of a planted group (the articles given copies and their
   copies), every pair. Recall: pairs of Jaccard >= 0.5 of (a) and (b) found by the stage;
   precision: found pairs (all of them, or a random ``--check`` of them) whose independent
   Jaccard is >= 0.5.

Every timed run is a fresh process (``--child``) with a fresh stage folder: the time of the
stage's call, and the process's peak RSS (``VmHWM``, the interpreter and imports included).
The terms stage is slower on the near-copies corpus than on the real articles (its replicas
bring new 2- and 3-grams, as distinct articles would, where ``bench_scale.py``'s corpus cycles
exact copies): the report also sets the near-copies stage's MB/s beside the terms stage's MB/s
on the real articles of part 1.

Run from the repository root::

    .venv/bin/python benchmarks/bench_sources_scale.py       # quick: the sample, 5,000 documents
    .venv/bin/python benchmarks/bench_sources_scale.py --source path/to/click-id-2019.jsonl.gz \\
        --docs 100000 --out benchmarks/SOURCES_SCALE.md       # the 10^5 run (about 15 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import regex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import pipeline  # noqa: E402
from analysis.config import RunConfig  # noqa: E402
from benchmarks.bench_syndication import brute_force, plant, read_articles  # noqa: E402

SAMPLE = HERE / "data" / "click-id-sample.jsonl.gz"
SEED = 2024
TARGETS = {"recall": 0.95, "precision": 0.95, "time_vs_terms": 2.0}
_FIFTH = regex.compile(r"((?:[\p{L}\p{N}]+[^\p{L}\p{N}]+){4})([\p{L}\p{N}]+)")
_WORD = regex.compile(r"[\p{L}\p{N}]+")


# --------------------------------------------------------------------------- corpora

class Replicas:
    """Replica ``k`` of a text: every fifth word replaced by the word ``k * step`` further in
    the corpus's word list (lower-cased; capitalised where the word was)."""

    def __init__(self, texts, copies: int):
        counts: dict[str, int] = {}
        for text in texts:
            for word in _WORD.findall(text.lower()):
                counts[word] = counts.get(word, 0) + 1
        self.words = sorted(counts, key=lambda w: (-counts[w], w))
        self.rank = {w: i for i, w in enumerate(self.words)}
        self.step = max(1, len(self.words) // (copies + 1))

    def _other(self, word: str, k: int) -> str:
        lower = word.lower()
        other = self.words[(self.rank.get(lower, len(lower)) + k * self.step) % len(self.words)]
        return other.capitalize() if word[:1].isupper() else other

    def __call__(self, text: str, k: int) -> str:
        changed = _FIFTH.sub(lambda m: m.group(1) + self._other(m.group(2), k), text)
        if changed == text:  # fewer than five words: the last one
            words = list(_WORD.finditer(text))
            if words:
                last = words[-1]
                changed = text[:last.start()] + self._other(last.group(), k) + text[last.end():]
        return changed


def _records(frame: pd.DataFrame) -> list[dict]:
    published = frame["published"].map(lambda t: "" if pd.isna(t) else t.isoformat())
    return [{"doc_id": d, "outlet": o, "published": p, "text": t}
            for d, o, p, t in zip(frame["doc_id"], frame["outlet"], published, frame["text"])]


def write_jsonl(records: list[dict], path: Path) -> float:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size / 1e6


def syndication_corpus(articles: pd.DataFrame, docs: int, sources: int) -> tuple[list[dict], set, dict]:
    """The articles with planted copies and replicas up to ``docs`` rows (shuffled), the planted
    pairs, and the planted groups (source doc_id -> its copies)."""
    planted_corpus, planted = plant(articles, sources)
    records = _records(planted_corpus)
    copies = max(0, -(-(docs - len(records)) // len(articles)))
    replica = Replicas(articles["text"], copies)
    originals = _records(articles)
    k = 0
    while len(records) < docs:
        k += 1
        for record in originals[:docs - len(records)]:
            records.append({**record, "doc_id": f"{record['doc_id']}~r{k}", "text": replica(record["text"], k)})
    random.Random(SEED).shuffle(records)
    groups: dict[str, list[str]] = {}
    for source, copy in planted:
        original = source if "-copy" not in source else copy
        groups.setdefault(original, []).append(copy if original == source else source)
    return records, planted, groups


# --------------------------------------------------------------------------- timing

STAGES = {"terms": ("terms",), "quotes": ("quotes",), "near-copies": ("sketches", "syndication")}


def peak_rss_mb() -> float:
    """This process's peak RSS in MB: ``VmHWM`` (Linux; reset by ``exec``, unlike ``ru_maxrss``, which
    a child started by ``subprocess`` inherits from its parent), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def child(stage: str, corpus: Path, out: Path, batch_size: int) -> None:
    """Run one stage (its cached folders removed first) and print its time and peak RSS as JSON."""
    for name in STAGES[stage]:
        for folder in (out / "cache").glob(f"{name}-*"):
            shutil.rmtree(folder)
    settings = RunConfig(batch_size=batch_size, progress=False)
    imports = peak_rss_mb()
    start = time.perf_counter()
    {"terms": pipeline.count_terms, "quotes": pipeline.find_quotes,
     "near-copies": pipeline.find_near_copies}[stage](corpus, out, settings)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss": peak_rss_mb(), "imports_rss": imports}))


def timed_stage(stage: str, corpus: Path, out: Path, settings: RunConfig, repeats: int) -> tuple[float, float]:
    """Best time of the stage over ``repeats`` runs, each in a fresh process and a fresh stage
    folder (the prepared stage reused), and the largest peak RSS of those processes (MB)."""
    best, peak = float("inf"), 0.0
    for _ in range(repeats):
        done = subprocess.run([sys.executable, __file__, "--child", stage, str(corpus), str(out),
                               str(settings.batch_size)], capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            raise SystemExit(f"{stage} failed:\n{done.stderr[-3000:]}")
        run = json.loads(done.stdout.strip().splitlines()[-1])
        best, peak = min(best, run["seconds"]), max(peak, run["rss"])
        print(f"  {stage}: {run['seconds']:.2f} s, peak RSS {run['rss']:,.0f} MB "
              f"(after imports {run['imports_rss']:,.0f} MB)", flush=True)
    return best, peak


def body_mb(out: Path, corpus: Path, settings: RunConfig) -> tuple[pd.DataFrame, float]:
    texts = pipeline.prepare(corpus, out, settings, tables=["texts"])["texts"]
    return texts, texts["text"].str.encode("utf-8").str.len().sum() / 1e6


# --------------------------------------------------------------------------- the two parts

def quotes_part(articles: pd.DataFrame, work: Path, settings: RunConfig, repeats: int) -> dict:
    corpus, out = work / "articles.jsonl", work / "quotes-out"
    write_jsonl(_records(articles), corpus)
    start = time.perf_counter()
    pipeline.prepare(corpus, out, settings, tables=["documents"])
    prepare_seconds = time.perf_counter() - start
    texts, mb = body_mb(out, corpus, settings)
    del texts
    print(f"quotes: {len(articles):,} articles, {mb:.1f} MB of body text (prepare {prepare_seconds:.1f} s)")
    terms, terms_rss = timed_stage("terms", corpus, out, settings, repeats)
    seconds, rss = timed_stage("quotes", corpus, out, settings, repeats)
    found = pipeline.find_quotes(corpus, out, settings)  # cached by the last run
    quotes = found["quotes"]
    return {"documents": len(articles), "mb": mb, "prepare_seconds": prepare_seconds,
            "terms_seconds": terms, "terms_rss": terms_rss, "quotes_seconds": seconds, "quotes_rss": rss,
            "quotes": len(quotes), "quoted_documents": int(quotes["doc_id"].nunique()),
            "kinds": quotes["kind"].value_counts().to_dict(), "candidates": len(found["speaker_candidates"])}


def _jaccard(a: str, b: str, k: int = 5) -> float:
    """Word ``k``-shingle Jaccard, written independently of ``analysis.syndication``."""
    def shingles(text):
        words = _WORD.findall(text.lower())
        return {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()
    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right) if left | right else 0.0


def syndication_part(articles: pd.DataFrame, args, work: Path, settings: RunConfig) -> dict:
    corpus, out = work / "syndication.jsonl", work / "syndication-out"
    records, planted, groups = syndication_corpus(articles, args.docs, args.sources)
    file_mb = write_jsonl(records, corpus)
    start = time.perf_counter()
    pipeline.prepare(corpus, out, settings, tables=["documents"])
    prepare_seconds = time.perf_counter() - start
    print(f"near-copies: {len(records):,} documents, {file_mb:.0f} MB file (prepare {prepare_seconds:.1f} s)")
    terms, terms_rss = timed_stage("terms", corpus, out, settings, args.repeats)
    seconds, rss = timed_stage("near-copies", corpus, out, settings, args.repeats)
    copies = pipeline.find_near_copies(corpus, out, settings, threshold=0.5)  # cached by the last run
    texts, mb = body_mb(out, corpus, settings)
    result = {"documents": len(records), "mb": mb, "file_mb": file_mb, "prepare_seconds": prepare_seconds,
              "terms_seconds": terms, "terms_rss": terms_rss, "seconds": seconds, "rss": rss,
              "time_vs_terms": seconds / terms, "planted_pairs": len(planted), "articles": len(articles)}
    result.update(evaluate(copies["pairs"], texts, planted, groups, records, args, settings.batch_size))
    return result


def evaluate(pairs: pd.DataFrame, texts: pd.DataFrame, planted: set, groups: dict, records: list[dict],
             args, batch_size: int) -> dict:
    """Recall against brute force on the sample and on the planted groups; precision of the
    found pairs by an independent Jaccard."""
    by_id = texts.set_index("doc_id")["text"]
    rng = np.random.default_rng(SEED)
    sample = texts.iloc[np.sort(rng.choice(len(texts), size=min(args.sample, len(texts)), replace=False))]
    members = sorted({d for source, copies in groups.items() for d in [source, *copies]} & set(by_id.index))
    truth = brute_force(sample[["doc_id", "text"]]) | brute_force(texts.set_index("doc_id").loc[members]
                                                                  .reset_index()[["doc_id", "text"]])
    found = {tuple(sorted(p)) for p in zip(pairs["doc_id"], pairs["other_doc_id"])}
    checked = sorted(found)
    if len(checked) > args.check:
        checked = [checked[i] for i in np.sort(rng.choice(len(checked), size=args.check, replace=False))]
    right = sum(_jaccard(by_id[a], by_id[b]) >= 0.5 for a, b in checked)
    position = {r["doc_id"]: i for i, r in enumerate(records)}
    across = sum(position[a] // batch_size != position[b] // batch_size for a, b in found)
    planted_true = planted & set(truth)
    return {"sample": len(sample), "group_documents": len(members), "true_pairs": len(truth),
            "found_pairs": len(found), "recall": len(found & set(truth)) / max(1, len(truth)),
            "planted_true": len(planted_true), "planted_recall": len(found & planted_true) / max(1, len(planted_true)),
            "checked": len(checked), "precision": right / max(1, len(checked)), "across_batches": across}


# --------------------------------------------------------------------------- report

def machine() -> dict:
    import importlib.metadata as md

    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "packages": {p: md.version(p) for p in ("pandas", "numpy", "pyarrow", "datasketch")},
            "commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "analysis")),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "loadavg": os.getloadavg()[0]}


def report(args, q: dict, s: dict, info: dict) -> str:
    met = {"recall": s["recall"] >= TARGETS["recall"], "precision": s["precision"] >= TARGETS["precision"],
           "time": s["time_vs_terms"] <= TARGETS["time_vs_terms"]}
    word = {True: "**met**", False: "**missed**"}
    shown, skip = [], False
    for arg in args.argv:  # the source by its name, no working folder
        if skip:
            skip = False
        elif arg == "--work":
            skip = True
        else:
            shown.append(f"path/to/{Path(arg).name}" if shown[-1:] == ["--source"] else arg)
    command = " ".join(["benchmarks/bench_sources_scale.py", *shown])
    checked = "all" if s["checked"] == s["found_pairs"] else f"{s['checked']:,}"
    return "\n".join([
        "# Sources stages at scale", "",
        f"`{command.strip()}` on {info['date']}, commit `{info['commit']}`"
        f"{' (analysis/ modified)' if info['dirty'] else ''}; {info['cores']} cores (shared machine, load "
        f"{info['loadavg']:.1f} at the end); Python {info['python']}, "
        + ", ".join(f"{k} {v}" for k, v in info["packages"].items()) + ". Method: the script's docstring. "
        f"Stages on the pandas engine, batches of {args.batch_size:,} documents, best of {args.repeats} run(s) each, "
        "every run in a fresh process and stage folder (the prepared stage reused); peak RSS includes the "
        "interpreter and imports.", "",
        f"## Quotes: {q['documents']:,} CLICK-ID articles (`{Path(args.source).name}`), {q['mb']:.1f} MB of body text", "",
        "| stage | seconds | MB/s of body text | peak RSS |", "|---|---:|---:|---:|",
        f"| terms (`pipeline.count_terms`) | {q['terms_seconds']:.2f} | {q['mb'] / q['terms_seconds']:.2f} | "
        f"{q['terms_rss']:,.0f} MB |",
        f"| quotes (`pipeline.find_quotes`) | {q['quotes_seconds']:.2f} | **{q['mb'] / q['quotes_seconds']:.2f}** | "
        f"{q['quotes_rss']:,.0f} MB |", "",
        f"Quote extraction runs at {q['terms_seconds'] / q['quotes_seconds']:.2f}x the speed of the terms stage on "
        f"the same texts. Found: {q['quotes']:,} quotations in {q['quoted_documents']:,} documents "
        f"({', '.join(f'{v:,} {k}' for k, v in sorted(q['kinds'].items()))}); {q['candidates']:,} speaker candidates.", "",
        f"## Near-copies: {s['documents']:,} documents, {s['mb']:.1f} MB of body text", "",
        f"{s['articles']:,} real articles, {s['planted_pairs']:,} planted near-copies of "
        f"{args.sources:,} of them, the rest replicas (no 5-shingle shared with their original); "
        f"prepared in {s['prepare_seconds']:.0f} s.", "",
        "| target | result | |", "|---|---|---|",
        f"| recall >= 0.95 of pairs with word 5-shingle Jaccard >= 0.5 (brute force: every pair of a random sample "
        f"of {s['sample']:,} documents and of the {s['group_documents']:,} documents of planted groups) | "
        f"{s['recall']:.4f} ({round(s['recall'] * s['true_pairs']):,} of {s['true_pairs']:,}) | {word[met['recall']]} |",
        f"| precision >= 0.95 (independent Jaccard of {checked} "
        f"found pairs) | {s['precision']:.4f} ({s['found_pairs']:,} pairs found) | {word[met['precision']]} |",
        f"| time <= 2x the terms stage | `find_near_copies` {s['seconds']:.1f} s vs `count_terms` "
        f"{s['terms_seconds']:.1f} s = **{s['time_vs_terms']:.2f}x** | {word[met['time']]} |", "",
        f"Throughput: `find_near_copies` {s['mb'] / s['seconds']:.2f} MB/s of body text at {s['documents']:,} documents, "
        f"`count_terms` {q['mb'] / q['terms_seconds']:.2f} MB/s on the real articles of the quotes part "
        f"(time per MB {q['mb'] / q['terms_seconds'] / (s['mb'] / s['seconds']):.2f}x that of the terms stage; the terms "
        f"stage is slower on this corpus, {s['mb'] / s['terms_seconds']:.2f} MB/s, as its replicas bring new 2- and "
        "3-grams).", "",
        f"Planted pairs with a true Jaccard >= 0.5: {s['planted_true']:,} of {s['planted_pairs']:,}; recall on them "
        f"{s['planted_recall']:.4f}. Pairs found whose two documents are in different batches: "
        f"{s['across_batches']:,} of {s['found_pairs']:,}. Peak RSS of the stage's process: `find_near_copies` "
        f"{s['rss']:,.0f} MB, `count_terms` {s['terms_rss']:,.0f} MB.", "",
        "Timings are of one process on a shared machine: compare the ratio of the two stages of the same run, "
        "and run it more than once.", ""])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child(argv[1], Path(argv[2]), Path(argv[3]), int(argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SAMPLE, help="CLICK-ID JSONL(.gz)")
    parser.add_argument("--docs", type=int, default=5000, help="documents of the near-copies corpus")
    parser.add_argument("--sources", type=int, default=None, help="articles given planted copies (default: 8%%)")
    parser.add_argument("--sample", type=int, default=3000, help="random documents brute-forced (every pair)")
    parser.add_argument("--check", type=int, default=20000, help="found pairs checked for precision (at most)")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "SOURCES_SCALE-quick.md")
    args = parser.parse_args(argv)
    args.argv = argv
    articles = read_articles(args.source)
    args.sources = args.sources or max(10, len(articles) * 8 // 100)
    settings = RunConfig(batch_size=args.batch_size, progress=False)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-sources-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        q = quotes_part(articles, work, settings, args.repeats)
        s = syndication_part(articles, args, work, settings)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"quotes": q, "syndication": s}, indent=1, default=str))
    text = report(args, q, s, machine())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}; peak RSS of this process {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
