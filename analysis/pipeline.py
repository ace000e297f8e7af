"""The stages chained, with a cache so that each notebook does not redo the ones before it.

``prepare(corpus, output_dir)`` returns the loaded and cleaned corpus — documents, problems,
labelled lines and cleaned texts — computing them once per corpus content, parameters and
code version, and storing them as Parquet under ``OUTPUT_DIR/cache/``. A changed input
file, parameter, rule file or module gives a new key and recomputes.

>>> stages = prepare("seeds", use_cache=False)
>>> sorted(stages)
['documents', 'lines', 'problems', 'texts']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from . import __version__
from .paths import resolve

__all__ = ["prepare", "cache_key", "corpus_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent


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


def _compute(path: Path, languages, default_tz: str) -> dict[str, pd.DataFrame]:
    from . import clean, corpus

    loaded = corpus.load(path, languages=languages, default_tz=default_tz)
    documents = loaded.documents
    lines = clean.label_lines(documents)
    texts = clean.clean_texts(lines, documents)
    extra = clean.no_body_problems(lines, documents)
    problems = pd.concat([loaded.problems, extra], ignore_index=True) if len(extra) else loaded.problems
    documents = documents.merge(texts[["doc_id", "n_body_lines", "n_body_words"]], on="doc_id", how="left")
    for col in ("n_body_lines", "n_body_words"):
        documents[col] = documents[col].fillna(0).astype("int64")
    return {"documents": documents, "problems": problems.reset_index(drop=True), "lines": lines, "texts": texts}


def prepare(corpus: str | Path, output_dir: str | Path = "reports", *, languages=("id", "ms"),
            default_tz: str = "+07:00", use_cache: bool = True) -> dict[str, pd.DataFrame]:
    """Load and clean ``corpus``: a dict of ``documents, problems, lines, texts`` DataFrames."""
    path = resolve(corpus)
    if not use_cache:
        return _compute(path, languages, default_tz)
    key = cache_key(path, languages=list(languages) if not isinstance(languages, str) else languages,
                    default_tz=default_tz)
    folder = resolve(output_dir) / "cache" / f"prepare-{key}"
    names = ["documents", "problems", "lines", "texts"]
    if all((folder / f"{n}.parquet").exists() for n in names):
        return {n: pd.read_parquet(folder / f"{n}.parquet") for n in names}
    stages = _compute(path, languages, default_tz)
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        tmp = folder / f"{n}.parquet.tmp"
        stages[n].to_parquet(tmp, index=False)
        tmp.replace(folder / f"{n}.parquet")
    return stages
