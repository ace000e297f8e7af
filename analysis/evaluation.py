"""Score the pipeline against hand-made gold annotations (``tests/fixtures/seeds_gold.json`` schema).

The gold file lists, per document, the label of every non-blank line, the date mentions
with their TIMEX3-style values and the quotes with their speakers. Scoring only covers documents
present in both: line labels (:func:`score_lines`, :func:`compare_with_gold`), date mentions
(:func:`score_mentions`) and quotes (:func:`gold_quotes`, :func:`score_quotes`).

>>> gold = load_gold("tests/fixtures/seeds_gold.json")
>>> sorted(gold)[:1]
['000_5a3c5d81fc76b85b']
>>> line_labels(gold)["002_232fd3ee54a89291"][13]
'duplicate'
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

from .actors import mark_actors
from .frames import require_columns
from .paths import locate

__all__ = ["load_gold", "line_labels", "date_mentions", "score_mentions", "gold_texts", "score_lines",
           "compare_with_gold", "gold_quotes", "score_quotes"]


def load_gold(path: str | Path) -> dict[str, dict]:
    """The gold documents keyed by ``doc_id`` (empty when ``path`` is empty).

    Parameters
    ----------
    path : str or Path
        A gold JSON (``tests/fixtures/seeds_gold.json`` schema), relative to the working
        directory (the bundled seeds' gold is found from anywhere), or "".

    Returns
    -------
    dict
        doc_id -> the gold document (``lines``, ``date_mentions``, metadata).

    >>> load_gold("")
    {}
    """
    if not path:
        return {}
    file = locate(path)
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
        lines = (locate(corpus) / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
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


def gold_quotes(gold: dict[str, dict]) -> pd.DataFrame:
    """The gold quotes as a table.

    Parameters
    ----------
    gold : dict
        As from :func:`load_gold`.

    Returns
    -------
    DataFrame
        ``doc_id, line_no, kind, speaker, speaker_type, resolved, cue, text, optional``
        (``text``: the first 8 words of the quote).

    >>> gold_quotes({"a": {"quotes": [{"line": 3, "kind": "direct", "speaker": "Ani",
    ...     "speaker_type": "person", "resolved": False, "cue": "kata", "text": "Kami siap"}]}}).shape
    (1, 9)
    """
    columns = ["doc_id", "line_no", "kind", "speaker", "speaker_type", "resolved", "cue", "text"]
    rows = [[doc, q["line"], q["kind"], q.get("speaker"), q["speaker_type"], bool(q.get("resolved")),
             q.get("cue"), q["text"], bool(q.get("optional", False))]
            for doc, d in gold.items() for q in d.get("quotes", [])]
    return pd.DataFrame(rows, columns=[*columns, "optional"])


def _quote_words(text) -> list[str]:
    return re.findall(r"\w+", str(text or "").casefold())


def _same_quote(gold_text: str, found_text: str) -> bool:
    """The gold's first words make at least half of the found quote's opening words."""
    gold_words = _quote_words(gold_text)
    opening = set(_quote_words(found_text)[:len(gold_words) + 4])
    return bool(gold_words) and sum(w in opening for w in gold_words) >= len(gold_words) / 2


_SPEAKER_FILLERS = frozenset({"dan", "serta", "itu", "tersebut", "ini", "para", "pihak"})


def _speaker_words(speaker) -> frozenset[str]:
    """A speaker's words with gazetteer forms made canonical, -nya and fillers dropped."""
    if speaker is None or (isinstance(speaker, float) and math.isnan(speaker)):
        return frozenset()
    marked = mark_actors(pd.Series([str(speaker)])).iat[0]
    words = (re.sub(r"nya$", "", w) for w in re.findall(r"[\w\ue000\ue001]+", marked.casefold()))
    return frozenset(w for w in words if w and w not in _SPEAKER_FILLERS)


def _same_speaker(gold_speaker, found_speaker) -> bool:
    """Both anonymous, or the words of one speaker hold all the words of the other."""
    gold_words, found_words = _speaker_words(gold_speaker), _speaker_words(found_speaker)
    if not gold_words or not found_words:
        return not gold_words and not found_words
    return gold_words <= found_words or found_words <= gold_words


def _match_quotes(found: pd.DataFrame, expected: pd.DataFrame) -> list[tuple]:
    """Pairs ``(found index, gold index)``: same document and line, overlapping quote text.

    Required gold quotes are matched first, then optional ones; each side is used once."""
    pairs, used = [], set()
    ordered = expected.sort_values("optional", kind="stable")
    by_line = {key: list(group.index) for key, group in found.groupby(["doc_id", "line_no"])}
    for g, row in ordered.iterrows():
        for f in by_line.get((row["doc_id"], row["line_no"]), []):
            if f not in used and _same_quote(row["text"], found.at[f, "quote"]):
                used.add(f)
                pairs.append((f, g))
                break
    return pairs


def score_quotes(quotes: pd.DataFrame, gold: dict[str, dict]) -> dict:
    """Detection precision/recall of quotes and speaker attribution against the gold.

    A found quote matches a gold one on the same document and line when the gold's text (the
    quote's first 8 words) makes at least half of the found quote's opening words. Found
    quotes matching an ``optional`` gold quote count neither way. Attribution is the share of
    matched quotes whose speaker agrees: both anonymous, or, after gazetteer forms are made
    canonical (``AS`` = ``Amerika Serikat``) and ``-nya`` and fillers (``dan``, ``itu`` …)
    dropped, the words of one speaker hold all those of the other (``Lavrov`` and
    ``Sergey Lavrov``).

    Parameters
    ----------
    quotes : DataFrame
        ``doc_id, line_no, speaker, quote``, as from :func:`analysis.quotes.find_quotes`.
    gold : dict
        As from :func:`load_gold`; only its documents are scored.

    Returns
    -------
    dict
        ``true_positives, false_positives, false_negatives, precision, recall, f1,
        attributed`` (matched quotes with the right speaker) ``, attribution`` (rounded to 4),
        and, for each of ``kind, speaker_type, resolved, cue`` that ``quotes`` has, its
        agreement on the matched quotes (``kind_agreement`` …).

    >>> gold = {"a": {"quotes": [{"line": 2, "kind": "direct", "speaker": "Sergey Lavrov",
    ...     "speaker_type": "person", "resolved": False, "cue": "kata", "text": "Kami tidak akan mundur"}]}}
    >>> found = pd.DataFrame({"doc_id": ["a"], "line_no": [2], "speaker": ["Lavrov"],
    ...                       "quote": ["Kami tidak akan mundur sedikit pun"]})
    >>> s = score_quotes(found, gold)
    >>> (s["precision"], s["recall"], s["attribution"])
    (1.0, 1.0, 1.0)
    """
    require_columns(quotes, ["doc_id", "line_no", "speaker", "quote"], "score_quotes", "quotes")
    expected = gold_quotes(gold).reset_index(drop=True)
    found = quotes[quotes["doc_id"].astype("str").isin(set(gold))].reset_index(drop=True)
    found = found.astype({"doc_id": "str", "line_no": "int64"})
    pairs = [(f, g) for f, g in _match_quotes(found, expected) if not expected.at[g, "optional"]]
    matched_found = {f for f, _ in _match_quotes(found, expected)}
    tp = len(pairs)
    fp = len(found) - len(matched_found)
    fn = int((~expected["optional"]).sum()) - tp
    attributed = sum(_same_speaker(expected.at[g, "speaker"], found.at[f, "speaker"]) for f, g in pairs)
    precision, recall, f1 = _precision_recall(tp, fp, fn)
    agree = {f"{column}_agreement": round(float(sum(_same_value(expected.at[g, column], found.at[f, column])
                                                    for f, g in pairs)) / tp, 4) if tp else 1.0
             for column in ("kind", "speaker_type", "resolved", "cue") if column in found.columns}
    return {"true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "attributed": attributed, "attribution": round(attributed / tp, 4) if tp else 1.0, **agree}


def _same_value(expected, found) -> bool:
    """Equal, counting ``None`` and NaN as the same missing value."""
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) for v in (expected, found)]
    return all(missing) if any(missing) else expected == found
