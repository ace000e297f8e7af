"""Score the pipeline against hand-made gold annotations (``tests/fixtures/seeds_gold.json`` schema).

The gold file lists, per document, the label of every non-blank line and the date mentions
with their TIMEX3-style values. Scoring only covers documents present in both: line labels
(:func:`score_lines`, :func:`compare_with_gold`) and date mentions (:func:`score_mentions`).

>>> gold = load_gold("tests/fixtures/seeds_gold.json")
>>> sorted(gold)[:1]
['000_5a3c5d81fc76b85b']
>>> line_labels(gold)["002_232fd3ee54a89291"][13]
'duplicate'
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .frames import require_columns
from .paths import resolve

__all__ = ["load_gold", "line_labels", "date_mentions", "score_mentions", "gold_texts", "score_lines",
           "compare_with_gold"]


def load_gold(path: str | Path) -> dict[str, dict]:
    """The gold documents keyed by ``doc_id`` (empty when ``path`` is empty).

    Parameters
    ----------
    path : str or Path
        A gold JSON (``tests/fixtures/seeds_gold.json`` schema), relative to the repository, or "".

    Returns
    -------
    dict
        doc_id -> the gold document (``lines``, ``date_mentions``, metadata).

    >>> load_gold("")
    {}
    """
    if not path:
        return {}
    file = resolve(path)
    if not file.is_file():
        raise FileNotFoundError(f"parameter gold: {path!r} is not a file (give a gold JSON, or an empty string)")
    data = json.loads(file.read_text(encoding="utf-8"))
    return {d["doc_id"]: d for d in data["documents"]}


def line_labels(gold: dict[str, dict]) -> dict[str, dict[int, str]]:
    """The gold line labels, line numbers as int.

    Parameters
    ----------
    gold : dict
        As from :func:`load_gold`.

    Returns
    -------
    dict
        ``{doc_id: {line_no: label}}``.

    >>> line_labels({"a": {"lines": {"1": "title"}}})
    {'a': {1: 'title'}}
    """
    return {doc: {int(k): v for k, v in d["lines"].items()} for doc, d in gold.items()}


def date_mentions(gold: dict[str, dict]) -> pd.DataFrame:
    """The gold date mentions as a table.

    Parameters
    ----------
    gold : dict
        As from :func:`load_gold`.

    Returns
    -------
    DataFrame
        ``doc_id, line_no, text, value, granularity, optional``.

    >>> date_mentions({"a": {"date_mentions": [{"line": 3, "text": "Senin", "value": "2024-01-08",
    ...                                           "granularity": "day"}]}})["optional"].tolist()
    [False]
    """
    rows = [{"doc_id": doc, "line_no": m["line"], "text": m["text"], "value": m["value"],
             "granularity": m["granularity"], "optional": bool(m.get("optional", False))}
            for doc, d in gold.items() for m in d.get("date_mentions", [])]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "text", "value", "granularity", "optional"])


def score_mentions(found: pd.DataFrame, gold: dict[str, dict]) -> dict:
    """Precision, recall and F1 of date mentions against the gold.

    A match agrees on document, value and text (case-insensitive). Optional gold mentions
    (captions) count neither way.

    Parameters
    ----------
    found : DataFrame
        Mentions found: ``doc_id, value, text``.
    gold : dict
        As from :func:`load_gold`; only its documents are scored.

    Returns
    -------
    dict
        ``true_positives, false_positives, false_negatives, precision, recall, f1`` (rounded to 4).

    >>> gold = {"a": {"date_mentions": [{"line": 1, "text": "Senin", "value": "2024-01-08", "granularity": "day"}]}}
    >>> score_mentions(pd.DataFrame({"doc_id": ["a"], "value": ["2024-01-08"], "text": ["senin"]}), gold)["f1"]
    1.0
    """
    require_columns(found, ["doc_id", "value", "text"], "score_mentions", "found")
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
    precision, recall, f1 = _precision_recall(tp, fp, fn)
    return {"true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def gold_texts(gold_path: str | Path = "tests/fixtures/seeds_gold.json", corpus: str | Path = "seeds") -> pd.DataFrame:
    """The pages of ``corpus`` cleaned by their gold labels (the reference input of term tests).

    Parameters
    ----------
    gold_path : str or Path
        The gold JSON.
    corpus : str or Path
        The folder of the pages (``<doc_id>.txt``).

    Returns
    -------
    DataFrame
        ``doc_id, outlet, text``, the ``body`` lines joined by a blank line.

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


def _precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 for an empty denominator; F1 0.0 when both are 0)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _gold_table(gold_lines: dict) -> pd.DataFrame:
    """``doc_id, line_no, gold``: one row per gold-labelled line."""
    return pd.DataFrame([(str(d), int(n), lbl) for d, m in gold_lines.items() for n, lbl in m.items()],
                        columns=["doc_id", "line_no", "gold"])


def compare_with_gold(lines: pd.DataFrame, gold_lines: dict) -> pd.DataFrame:
    """Every gold-labelled line beside its predicted label.

    Parameters
    ----------
    lines : DataFrame
        ``doc_id, line_no, label, reason, text``, as from :func:`analysis.clean.label_lines`.
    gold_lines : dict
        doc_id -> {line number (int or str): label}.

    Returns
    -------
    DataFrame
        ``doc_id, line_no, gold, label, reason, text`` sorted by ``doc_id, line_no`` (``label``
        is "" for a gold line missing from ``lines``).

    >>> lines = pd.DataFrame({"doc_id": ["a"], "line_no": [1], "label": ["body"], "reason": ["r"], "text": ["t"]})
    >>> compare_with_gold(lines, {"a": {"1": "body", "2": "title"}})[["line_no", "gold", "label"]].to_numpy().tolist()
    [[1, 'body', 'body'], [2, 'title', '']]
    """
    require_columns(lines, ["doc_id", "line_no", "label", "reason", "text"], "compare_with_gold", "lines")
    gold = _gold_table(gold_lines)
    pred = lines[["doc_id", "line_no", "label", "reason", "text"]].astype({"doc_id": "str", "line_no": "int64"})
    out = gold.merge(pred, on=["doc_id", "line_no"], how="left")
    for col in ("label", "reason", "text"):
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype("str")
    return out.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)


def score_lines(lines: pd.DataFrame, gold_lines: dict) -> dict:
    """Body-line precision, recall and F1 of labelled lines against gold labels.

    Scored over the documents of the gold; gold ``dek`` lines count neither way.

    Parameters
    ----------
    lines : DataFrame
        ``doc_id, line_no, label``, as from :func:`analysis.clean.label_lines`.
    gold_lines : dict
        doc_id -> {line number (int or str): label}.

    Returns
    -------
    dict
        ``precision, recall, f1, tp, fp, fn, n_docs``, ``per_label`` (per gold label: how
        many lines, how many agree) and ``label_accuracy`` (share of gold lines that agree).

    >>> lines = pd.DataFrame({"doc_id": ["a"] * 3, "line_no": [1, 2, 3], "label": ["body", "body", "title"]})
    >>> s = score_lines(lines, {"a": {1: "body", 2: "dek", 3: "body"}})
    >>> (s["precision"], s["recall"], s["tp"], s["fn"])
    (1.0, 0.5, 1, 1)
    """
    require_columns(lines, ["doc_id", "line_no", "label"], "score_lines", "lines")
    gold = _gold_table(gold_lines)
    pred = lines[["doc_id", "line_no", "label"]].astype({"doc_id": "str", "line_no": "int64"})
    pred = pred[pred["doc_id"].isin(set(gold["doc_id"]))]
    both = gold.merge(pred, on=["doc_id", "line_no"], how="outer")
    agree = both[both["gold"].notna()].assign(ok=lambda d: d["gold"].eq(d["label"]))
    both = both[both["gold"].ne("dek")]
    gold_body, pred_body = both["gold"].eq("body"), both["label"].eq("body")
    tp = int((gold_body & pred_body).sum())
    fp = int((~gold_body & pred_body).sum())
    fn = int((gold_body & ~pred_body).sum())
    precision, recall, f1 = _precision_recall(tp, fp, fn)
    per_label = {lbl: {"gold": int(len(g)), "agree": int(g["ok"].sum())}
                 for lbl, g in agree.groupby("gold", sort=True)}
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "n_docs": int(gold["doc_id"].nunique()), "per_label": per_label,
            "label_accuracy": float(agree["ok"].mean()) if len(agree) else math.nan}
