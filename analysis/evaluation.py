"""Score the pipeline against hand-made gold annotations (``tests/fixtures/seeds_gold.json`` schema).

The gold file lists, per document, the label of every non-blank line and the date mentions
with their TIMEX3-style values. Scoring only covers documents present in both.

>>> gold = load_gold("tests/fixtures/seeds_gold.json")
>>> sorted(gold)[:1]
['000_5a3c5d81fc76b85b']
>>> line_labels(gold)["002_232fd3ee54a89291"][13]
'duplicate'
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .paths import resolve

__all__ = ["load_gold", "line_labels", "date_mentions", "score_mentions", "gold_texts"]


def load_gold(path: str | Path) -> dict[str, dict]:
    """The gold documents keyed by ``doc_id`` (empty when ``path`` is empty)."""
    if not path:
        return {}
    file = resolve(path)
    if not file.is_file():
        raise FileNotFoundError(f"parameter gold: {path!r} is not a file (give a gold JSON, or an empty string)")
    data = json.loads(file.read_text(encoding="utf-8"))
    return {d["doc_id"]: d for d in data["documents"]}


def line_labels(gold: dict[str, dict]) -> dict[str, dict[int, str]]:
    """``{doc_id: {line_no: label}}`` from the gold."""
    return {doc: {int(k): v for k, v in d["lines"].items()} for doc, d in gold.items()}


def date_mentions(gold: dict[str, dict]) -> pd.DataFrame:
    """Gold mentions: ``doc_id, line_no, text, value, granularity, optional``."""
    rows = [{"doc_id": doc, "line_no": m["line"], "text": m["text"], "value": m["value"],
             "granularity": m["granularity"], "optional": bool(m.get("optional", False))}
            for doc, d in gold.items() for m in d.get("date_mentions", [])]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "text", "value", "granularity", "optional"])


def score_mentions(found: pd.DataFrame, gold: dict[str, dict]) -> dict:
    """Precision, recall and F1 of date mentions: a match agrees on document, value and text
    (case-insensitive). Optional gold mentions (captions) count neither way."""
    expected = date_mentions(gold)
    docs = set(gold)
    found = found[found["doc_id"].isin(docs)]
    key = lambda f: list(zip(f["doc_id"], f["value"], f["text"].str.casefold()))  # noqa: E731
    required = expected[~expected["optional"]]
    optional = set(key(expected[expected["optional"]]))
    pool = list(key(required))
    tp = fp = 0
    for k in key(found):
        if k in pool:
            pool.remove(k)
            tp += 1
        elif k not in optional:
            fp += 1
    fn = len(pool)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def gold_texts(gold_path: str | Path = "tests/fixtures/seeds_gold.json", corpus: str | Path = "seeds") -> pd.DataFrame:
    """The pages of ``corpus`` cleaned by their gold labels: ``doc_id, outlet, text`` with the
    ``body`` lines joined by a blank line — the reference input of the term tests and benchmark.

    >>> gold_texts()["doc_id"].tolist()[:2]
    ['000_5a3c5d81fc76b85b', '001_4ce3aef62b4e11e4']
    """
    rows = []
    for doc_id, doc in load_gold(gold_path).items():
        lines = (resolve(corpus) / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
        body = [lines[n - 1].strip() for n, label in sorted(line_labels({doc_id: doc})[doc_id].items())
                if label == "body"]
        rows.append((doc_id, doc["outlet"] or "", "\n\n".join(body)))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
