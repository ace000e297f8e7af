"""Throughput of analysis.dates.find_mentions against dateparser's search_dates.

Both read the body lines of the seed pages (labelled with the gold line labels):
ours on the pages replicated to about 1.5 MB of body text (the anchors of
undated pages come from their other content lines), dateparser on one copy of
the body lines (it is slow), line by line with the document's anchor as
``RELATIVE_BASE``, after a warm-up on the non-body lines (its caches hold
compiled patterns per language and settings, no results). Each is timed
``--repeat`` times and its best run kept. Prints MB/s (UTF-8 bytes of body text
per second) and the speed ratio.

``--corpus PATH`` adds the same measurement on real news: the first articles of
a JSONL(.gz) corpus such as ``bench/click-id-2019.jsonl.gz`` of the shared
folder beside the repository (CLICK-ID, William & Sari 2020, CC BY 4.0; read
only, nothing is copied), read with ``analysis.corpus`` and labelled with
``analysis.clean``, up to ``--mb`` of body text without replication; dateparser
reads the body lines of its first articles (about as much text as the seeds'
body), after a warm-up on their titles.

Run from the repository root::

    .venv/bin/python benchmarks/bench_dates.py [--mb 1.5] [--repeat 5] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import TARGETS  # noqa: E402  (one table of the issue's targets)

import pandas as pd  # noqa: E402

from analysis.dates import document_anchors, find_mentions  # noqa: E402

SAMPLE_KB = 9  # body text for dateparser on a real corpus: about the seeds' one copy


def seed_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gold-labelled lines and the documents of the seed pages."""
    gold = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text("utf-8"))
    rows = []
    for doc in gold["documents"]:
        raw = (ROOT / "seeds" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8").split("\n")
        rows += [(doc["doc_id"], int(n), label, raw[int(n) - 1])
                 for n, label in doc["lines"].items()]
    lines = pd.DataFrame(rows, columns=["doc_id", "line_no", "label", "text"])
    documents = pd.DataFrame({"doc_id": [d["doc_id"] for d in gold["documents"]],
                              "published": [d["published"] or "" for d in gold["documents"]],
                              "outlet": [d["outlet"] or "" for d in gold["documents"]]})
    return lines, documents


def real_corpus(path: Path, target_mb: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first articles of a JSONL(.gz) corpus with about ``target_mb`` of body
    text: documents as ``analysis.corpus`` loads them, lines as ``analysis.clean``
    labels them."""
    from analysis import clean, corpus

    opener = gzip.open if path.name.endswith(".gz") else open
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample.jsonl"
        size = 0
        with opener(path, "rt", encoding="utf-8") as source, \
                sample.open("w", encoding="utf-8") as out:
            for record in source:
                out.write(record)
                size += len(json.loads(record).get("text") or "")
                if size > target_mb * 1.1e6:  # titles and furniture are not body text
                    break
        documents = corpus.load(sample).documents
    lines = clean.label_lines(documents)[["doc_id", "line_no", "label", "text"]]
    return lines, documents[["doc_id", "published", "outlet"]]


def megabytes(texts: pd.Series) -> float:
    return texts.str.encode("utf-8").str.len().sum() / 1e6


def replicate(lines: pd.DataFrame, documents: pd.DataFrame, copies: int):
    """``copies`` copies of the corpus, each with its own doc_ids."""
    def copy(frame: pd.DataFrame, i: int) -> pd.DataFrame:
        return frame.assign(doc_id=frame["doc_id"] + f"#{i}")
    return (pd.concat([copy(lines, i) for i in range(copies)], ignore_index=True),
            pd.concat([copy(documents, i) for i in range(copies)], ignore_index=True))


def bench_ours(lines, documents, repeat: int) -> tuple[float, float, int]:
    """Best of ``repeat`` runs of find_mentions on the whole corpus."""
    size = megabytes(lines.loc[lines["label"] == "body", "text"])
    find_mentions(lines.iloc[:50], documents)  # compile the grammar outside the timing
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        mentions = find_mentions(lines, documents)
        best = min(best, time.perf_counter() - start)
    return size, best, len(mentions)


def bench_dateparser(lines, documents, repeat: int) -> tuple[float, float, int]:
    """Best of ``repeat`` runs of search_dates on the body lines, after a warm-up
    on the others."""
    from dateparser.search import search_dates

    anchors = document_anchors(lines, documents).set_index("doc_id")["anchor"]

    def jobs(frame: pd.DataFrame) -> list[tuple[str, dt.datetime | None]]:
        return [(text, dt.datetime.fromisoformat(anchors[doc_id]) if anchors[doc_id] else None)
                for doc_id, text in zip(frame["doc_id"], frame["text"])]

    def run(work: list[tuple[str, dt.datetime | None]]) -> int:
        return sum(len(search_dates(text, languages=["id"],
                                    settings={"RELATIVE_BASE": base} if base else {}) or [])
                   for text, base in work)

    body = lines["label"] == "body"
    run(jobs(lines[~body]))  # warm up (lazy loading) on other text
    work, best = jobs(lines[body]), float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        found = run(work)
        best = min(best, time.perf_counter() - start)
    return megabytes(lines.loc[body, "text"]), best, found


def first_documents(lines: pd.DataFrame, kilobytes: float) -> pd.DataFrame:
    """The lines of the first documents whose body text reaches ``kilobytes``."""
    order = pd.unique(lines["doc_id"])
    body = lines[lines["label"] == "body"]
    size = body.groupby("doc_id", sort=False)["text"].apply(megabytes).reindex(order).fillna(0)
    keep = order[:int((size.cumsum() < kilobytes / 1e3).sum()) + 1]
    return lines[lines["doc_id"].isin(keep)]


def report(title: str, ours: tuple[float, float, int], theirs: tuple[float, float, int]) -> None:
    (ours_mb, ours_s, ours_n), (theirs_mb, theirs_s, theirs_n) = ours, theirs
    ours_rate, theirs_rate = ours_mb / ours_s, theirs_mb / theirs_s
    print(title)
    print(f"{'':26}{'MB':>8}{'seconds':>10}{'MB/s':>10}{'mentions':>10}")
    print(f"{'analysis.dates':26}{ours_mb:8.3f}{ours_s:10.3f}{ours_rate:10.3f}{ours_n:10d}")
    print(f"{'dateparser.search_dates':26}{theirs_mb:8.3f}{theirs_s:10.3f}"
          f"{theirs_rate:10.3f}{theirs_n:10d}")
    print(f"speed ratio: {ours_rate / theirs_rate:.0f}x (target >= {TARGETS['dates_vs_dateparser']:g}x)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.5, help="text size for ours (MB)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (best kept)")
    parser.add_argument("--corpus", type=Path,
                        help="also measure on the first articles of this JSONL(.gz) news corpus")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", module="dateparser")  # its pytz/regex deprecation noise

    lines, documents = seed_corpus()
    copies = max(1, round(args.mb / megabytes(lines.loc[lines["label"] == "body", "text"])))
    ours = bench_ours(*replicate(lines, documents, copies), args.repeat)
    report(f"seed pages, body lines x {copies}", ours,
           bench_dateparser(lines, documents, args.repeat))

    if args.corpus:
        lines, documents = real_corpus(args.corpus, args.mb)
        ours = bench_ours(lines, documents, args.repeat)
        sample = first_documents(lines, SAMPLE_KB)
        print()
        report(f"{args.corpus.name}: first {documents['doc_id'].nunique()} articles",
               ours, bench_dateparser(sample, documents, args.repeat))


if __name__ == "__main__":
    main()
