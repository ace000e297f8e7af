"""Syndication benchmark: recall and precision of ``syndication.near_copies`` on real articles
with planted near-copies, and its time beside the terms stage on the same texts.

Corpus: the CLICK-ID sample kept in the project (``benchmarks/data/click-id-sample.jsonl.gz``,
1,956 real Indonesian articles, CC BY 4.0, see ``benchmarks/data/README.md``), or ``--source``.
The raw text is used (no cleaning, for speed): CLICK-ID joins an article's paragraphs with ","
after the sentence end, and puts the title first ("title\\n - body"); both are split into
paragraphs joined by blank lines.

Planted copies (fixed seed): ``--sources`` articles each get one or two copies, re-published
by another outlet 1 to 48 hours later, each with one edit: exact copy, an edited dateline
("KOMPAS.com, JAKARTA - " before the first paragraph), a paragraph dropped, a paragraph
added (from another article), or a few words changed (3% of the words, at least 3, replaced
by words of another article).

Truth: every pair of the whole corpus (originals and copies) whose word 5-shingle Jaccard
is >= 0.5, brute-forced with an implementation of its own (``regex`` words, Python sets, a
sparse incidence matrix product), independent of the module's hashing. Recall and precision
of ``near_copies(threshold=0.5)`` against it; recall of the planted pairs alone as well.
Time: best of ``--repeats`` runs of ``near_copies`` against the best of ``tokenize`` +
``partial_counts`` on the same texts.

At 10^5 documents the cached stage ``pipeline.find_near_copies`` (LSH across batches) is measured
against ``pipeline.count_terms`` by ``bench_sources_scale.py`` (real articles, replicas that share
no 5-shingle with them, planted copies; recall on a brute-forced sample), a separate command::

    .venv/bin/python benchmarks/bench_sources_scale.py --source path/to/click-id-2019.jsonl.gz \
        --docs 100000 --out benchmarks/SOURCES_SCALE.md

Run from the repository root::

    .venv/bin/python benchmarks/bench_syndication.py            # writes benchmarks/SYNDICATION.md
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
import regex
from scipy import sparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.engine.partials import partial_counts  # noqa: E402
from analysis.syndication import near_copies  # noqa: E402
from analysis.tokens import tokenize  # noqa: E402

SAMPLE = HERE / "data" / "click-id-sample.jsonl.gz"
SEED = 2024
EDITS = ("exact", "dateline", "dropped", "added", "words")
TARGETS = {"recall": 0.95, "precision": 0.95, "time_vs_terms": 2.0}
_PARAGRAPH_BREAK = regex.compile(r"\n\s*-\s*|(?<=[.!?\"”])\s*,(?=\S)")
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def read_articles(path: Path) -> pd.DataFrame:
    """``doc_id, outlet, published (ISO, +07:00), text`` (paragraphs split by blank lines)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    given = pd.Series([r.get("published", "") for r in records]).str.replace(" WIB", "")
    published = pd.to_datetime(given, format="%Y-%m-%d %H:%M", errors="coerce").fillna(
        pd.to_datetime(given, format="%d/%m/%Y %H:%M", errors="coerce"))
    return pd.DataFrame({
        "doc_id": [str(r["doc_id"]) for r in records], "outlet": [r["outlet"] for r in records],
        "published": published.dt.tz_localize("+07:00"),
        "text": ["\n\n".join(p.strip() for p in _PARAGRAPH_BREAK.split(r["text"]) if p.strip())
                 for r in records]})


def _edit(text: str, edit: str, donor: str, rng: np.random.Generator) -> str:
    paragraphs = text.split("\n\n")
    if edit == "dateline":
        return "KOMPAS.com, JAKARTA - " + text
    if edit == "dropped" and len(paragraphs) > 2:
        del paragraphs[int(rng.integers(1, len(paragraphs)))]
    elif edit == "added":
        paragraphs.insert(int(rng.integers(1, len(paragraphs) + 1)), donor.split("\n\n")[-1])
    elif edit == "words":
        words, others = text.split(" "), donor.split()
        for k in rng.choice(len(words), size=max(3, len(words) * 3 // 100), replace=False):
            words[k] = others[int(rng.integers(len(others)))]
        return " ".join(words)
    return "\n\n".join(paragraphs)


def plant(articles: pd.DataFrame, sources: int) -> tuple[pd.DataFrame, set]:
    """The articles plus planted copies, and the planted pairs (doc_id pairs, sorted)."""
    rng = np.random.default_rng(SEED)
    outlets = sorted(articles["outlet"].unique())
    rows, planted = [], set()
    for n, i in enumerate(rng.choice(len(articles), size=sources, replace=False)):
        source = articles.iloc[i]
        for c in range(int(rng.integers(1, 3))):
            edit = EDITS[(n + c) % len(EDITS)]
            donor = articles["text"].iloc[int(rng.integers(len(articles)))]
            doc_id = f"{source.doc_id}-copy{c}-{edit}"
            rows.append({"doc_id": doc_id, "outlet": rng.choice([o for o in outlets if o != source.outlet]),
                         "published": source.published + pd.Timedelta(hours=int(rng.integers(1, 49))),
                         "text": _edit(source.text, edit, donor, rng)})
            planted.add(tuple(sorted((source.doc_id, doc_id))))
    return pd.concat([articles, pd.DataFrame(rows)], ignore_index=True), planted


def brute_force(texts: pd.DataFrame, threshold: float = 0.5, k: int = 5) -> dict:
    """Every pair with word ``k``-shingle Jaccard >= ``threshold``: {(id, id): similarity}."""
    vocabulary, rows, cols = {}, [], []
    for d, text in enumerate(texts["text"]):
        words = _WORD.findall(text.lower())
        shingles = {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()
        for s in shingles:
            rows.append(d)
            cols.append(vocabulary.setdefault(s, len(vocabulary)))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                               shape=(len(texts), len(vocabulary)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    jaccard = shared.data / (sizes[shared.row] + sizes[shared.col] - shared.data)
    ids = texts["doc_id"].to_numpy()
    keep = jaccard >= threshold
    return {tuple(sorted((ids[i], ids[j]))): s for i, j, s in zip(shared.row[keep], shared.col[keep], jaccard[keep])}


def best_time(function, repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SAMPLE)
    parser.add_argument("--sources", type=int, default=400, help="articles that get planted copies")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "SYNDICATION.md")
    args = parser.parse_args(argv)

    corpus, planted = plant(read_articles(args.source), args.sources)
    texts = corpus[["doc_id", "outlet", "text"]]
    documents = corpus[["doc_id"]].assign(published=corpus["published"].map(
        lambda t: "" if pd.isna(t) else t.isoformat()))
    truth = brute_force(texts)
    seconds, pairs = best_time(lambda: near_copies(texts, documents), args.repeats)
    terms_seconds, _ = best_time(lambda: partial_counts(tokenize(texts)), args.repeats)
    found = {tuple(sorted(p)) for p in zip(pairs["doc_id"], pairs["other_doc_id"])}
    hits = found & set(truth)
    planted_true = planted & set(truth)
    results = {
        "documents": len(texts), "planted_pairs": len(planted), "planted_with_jaccard_0.5": len(planted_true),
        "true_pairs": len(truth), "found_pairs": len(found),
        "recall": len(hits) / max(1, len(truth)), "precision": len(hits) / max(1, len(found)),
        "planted_recall": len(found & planted_true) / max(1, len(planted_true)),
        "seconds": seconds, "terms_seconds": terms_seconds, "time_vs_terms": seconds / terms_seconds,
        "mb": texts["text"].str.len().sum() / 1e6,
        "earlier_right": float(np.mean([e == p[0] for p, e in zip(
            zip(pairs["doc_id"], pairs["other_doc_id"]), pairs["earlier"]) if tuple(sorted(p)) in planted and e]
            or [np.nan])),
        "undated": float(corpus["published"].isna().mean()),
    }
    print(json.dumps(results, indent=1))
    write_report(args, results)


def write_report(args, r: dict) -> None:
    met = {k: (r[k] >= v if k != "time_vs_terms" else r[k] <= v) for k, v in TARGETS.items()}
    lines = [
        "# Syndication benchmark", "",
        f"`benchmarks/bench_syndication.py` on `{args.source.name}` ({r['documents'] - r['planted_pairs']:,} "
        f"real articles + {r['planted_pairs']:,} planted near-copies of {args.sources} articles = "
        f"{r['documents']:,} documents, {r['mb']:.1f} M characters). See the script's docstring for the method.", "",
        "| target | result | |", "|---|---|---|",
        f"| recall >= 0.95 of pairs with word 5-shingle Jaccard >= 0.5 (brute force, all pairs) | "
        f"{r['recall']:.4f} ({round(r['recall'] * r['true_pairs'])} of {r['true_pairs']}) | "
        f"{'met' if met['recall'] else 'missed'} |",
        f"| precision >= 0.95 | {r['precision']:.4f} ({r['found_pairs']} pairs reported) | "
        f"{'met' if met['precision'] else 'missed'} |",
        f"| time <= 2x the terms stage (tokenize + partial_counts, same texts) | {r['seconds']:.2f} s vs "
        f"{r['terms_seconds']:.2f} s = {r['time_vs_terms']:.2f}x | {'met' if met['time_vs_terms'] else 'missed'} |",
        "", f"Planted pairs with a true Jaccard >= 0.5: {r['planted_with_jaccard_0.5']} of {r['planted_pairs']} "
        f"(the others were edited below 0.5); recall on them {r['planted_recall']:.4f}. `earlier` names the "
        f"original in {r['earlier_right']:.1%} of the planted pairs found that have one ({r['undated']:.1%} of "
        "the documents have no publication time the script parses: their pairs have no `earlier`).", "",
        "Timing is the best of "
        f"{args.repeats} runs in one process, on a shared 2-core machine. The ratio depends on the machine's "
        "load: run it on a quiet machine, and more than once.", "",
        "**At 10^5 documents** (the cached stage `pipeline.find_near_copies`, batch by batch with the LSH across "
        "batches, beside `pipeline.count_terms`): `benchmarks/SOURCES_SCALE.md`, made by",
        "", "    .venv/bin/python benchmarks/bench_sources_scale.py --source path/to/click-id-2019.jsonl.gz "
        "--docs 100000 --out benchmarks/SOURCES_SCALE.md", "",
        "(all 25,427 CLICK-ID articles, planted near-copies, and replicas of the articles that share no word "
        "5-shingle with them; recall against a brute-forced sample; method in the script's docstring).",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
