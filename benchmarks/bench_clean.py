"""Throughput of ``analysis.clean.label_lines`` next to jusText on the same pages.

The five seed pages are replicated to about 2,000 documents (distinct ``doc_id``s, the
same text). Both cleaners get the same raw pages: ``label_lines`` the documents table,
jusText each page as HTML with every raw line wrapped in a ``<p>`` and its Indonesian
stoplist. Prints documents/s and MB/s (UTF-8 bytes of page text) for each.

Run:  .venv/bin/python benchmarks/bench_clean.py [--docs 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import clean, corpus  # noqa: E402


def replicate(documents: pd.DataFrame, n_docs: int) -> pd.DataFrame:
    """``n_docs`` documents cycling through ``documents``, each with its own doc_id."""
    reps = -(-n_docs // len(documents))
    out = pd.concat([documents] * reps, ignore_index=True).iloc[:n_docs].copy()
    out["doc_id"] = [f"{d}#{i:05d}" for i, d in enumerate(out["doc_id"])]
    return out.reset_index(drop=True)


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run_justext(pages: list[str]) -> int:
    import justext

    stoplist = justext.get_stoplist("Indonesian")
    kept = 0
    for page in pages:
        paragraphs = justext.justext(page, stoplist)
        kept += sum(not p.is_boilerplate for p in paragraphs)
    return kept


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the replicated corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of label_lines (best is shown)")
    args = parser.parse_args(argv)

    seeds = corpus.load(ROOT / "seeds").documents
    docs = replicate(seeds[["doc_id", "outlet", "title", "text"]], args.docs)
    n_bytes = int(docs["text"].str.encode("utf-8").str.len().sum())
    mb = n_bytes / 1e6
    n_lines = int(docs["text"].str.count("\n").sum() + len(docs))
    print(f"corpus: {len(docs)} documents (seeds x {-(-args.docs // len(seeds))}), {n_lines} raw lines, {mb:.2f} MB")

    lines = clean.label_lines(docs)  # warm-up (rule compilation, imports)
    t_label = best_of(lambda: clean.label_lines(docs), args.repeat)
    t_clean = best_of(lambda: clean.clean_texts(clean.label_lines(docs), docs), 1)
    n_body = int(lines["label"].eq("body").sum())

    pages = ["<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
             for text in docs["text"]]
    run_justext(pages[:5])  # warm-up
    start = time.perf_counter()
    kept = run_justext(pages)
    t_justext = time.perf_counter() - start

    rows = [
        ("analysis.clean.label_lines", t_label, n_body),
        ("label_lines + clean_texts", t_clean, n_body),
        ("jusText (Indonesian, line = <p>)", t_justext, kept),
    ]
    print(f"{'cleaner':36} {'seconds':>8} {'docs/s':>10} {'MB/s':>8} {'kept lines':>11}")
    for name, seconds, n_kept in rows:
        print(f"{name:36} {seconds:8.2f} {len(docs) / seconds:10.0f} {mb / seconds:8.2f} {n_kept:11d}")
    print(f"label_lines is {t_justext / t_label:.1f}x the speed of jusText on these pages")


if __name__ == "__main__":
    main()
