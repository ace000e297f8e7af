#!/usr/bin/env python3
"""Rebuild the development set's pages from the public repositories they come from.

The page texts are not in this repository (most of their sources state no licence): only
their provenance (``sources_html.jsonl``, ``sources_export.jsonl``: repository, commit,
path, row, SHA-256) and our gold labels (``gold/``). Given the repositories, this script
writes every page again and checks every hash:

* ``sources_html.jsonl`` – saved HTML pages: the HTML is taken from ``REPO@commit:path``
  (gunzipped when the path ends in ``.gz``), written to ``OUT/html/<page_id>.html`` and
  turned into whole-page text by ``html_to_text.page_text`` (one line per block element)
  in ``OUT/pages/<page_id>.txt``;
* ``sources_export.jsonl`` – article-only dataset rows: the text field of the row, written
  to ``OUT/pages/<page_id>.txt`` (``build_exports.py``).

``--repos DIR`` holds the repositories as bare or normal git directories named
``owner+name`` (what the team's ``fetch`` tool or ``git clone --mirror`` gives), or as plain
folders of files ``owner+name/<path>`` at the recorded commit.

Usage:  python benchmarks/devset/rebuild.py --repos DIR --out OUT
Then:   python benchmarks/bench_accuracy.py --pages OUT/pages --html OUT/html
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_exports import get_text, normalise, read_records, spec_for  # noqa: E402
from html_to_text import page_text  # noqa: E402


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _repo_dir(repos: Path, repo: str) -> Path:
    return repos / repo.replace("/", "+")


def read_blob(repos: Path, repo: str, commit: str, path: str) -> bytes:
    """The bytes of ``path`` at ``commit`` of ``repo`` (a git directory or a folder of files)."""
    folder = _repo_dir(repos, repo)
    plain = folder / path
    if plain.is_file():
        return plain.read_bytes()
    for candidate in [folder / ".git", folder, folder / "repo", *sorted(folder.glob("*.git"))]:
        if not candidate.exists():
            continue
        out = subprocess.run(["git", f"--git-dir={candidate}", "show", f"{commit}:{path}"], capture_output=True)
        if out.returncode == 0:
            return out.stdout
    raise FileNotFoundError(f"{repo}@{commit[:10]}:{path} not found under {folder}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repos", type=Path, required=True, help="folder of the source repositories (owner+name)")
    ap.add_argument("--out", type=Path, required=True, help="output folder (pages/ and html/ are made in it)")
    args = ap.parse_args(argv)
    pages, html_dir = args.out / "pages", args.out / "html"
    pages.mkdir(parents=True, exist_ok=True)
    html_dir.mkdir(parents=True, exist_ok=True)
    bad = 0
    for rec in _records("sources_html.jsonl"):
        try:
            data = read_blob(args.repos, rec["repo"], rec["commit"], rec["path"])
        except FileNotFoundError as exc:
            print(f"missing: {exc}", file=sys.stderr)
            bad += 1
            continue
        if rec["path"].endswith(".gz"):
            data = gzip.decompress(data)
        if hashlib.sha256(data).hexdigest() != rec["html_sha256"]:
            print(f"{rec['page_id']}: HTML SHA-256 differs", file=sys.stderr)
            bad += 1
            continue
        text = page_text(data)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != rec["text_sha256"]:
            print(f"{rec['page_id']}: text SHA-256 differs (html_to_text changed?)", file=sys.stderr)
            bad += 1
        (html_dir / f"{rec['page_id']}.html").write_bytes(data)
        (pages / f"{rec['page_id']}.txt").write_text(text, encoding="utf-8", newline="\n")
    by_file: dict[tuple[str, str, str], list[dict]] = {}
    for rec in _records("sources_export.jsonl"):
        by_file.setdefault((rec["repo"], rec["commit"], rec["path"]), []).append(rec)
    for (repo, commit, path), recs in sorted(by_file.items()):
        try:
            data = read_blob(args.repos, repo, commit, path)
        except FileNotFoundError as exc:
            print(f"missing: {exc}", file=sys.stderr)
            bad += len(recs)
            continue
        tmp = args.out / f".source-{hashlib.sha1((repo + path).encode()).hexdigest()[:12]}"
        tmp.write_bytes(data)
        rows = read_records(tmp, spec_for(repo, path))
        tmp.unlink()
        for rec in recs:
            text = normalise(get_text(rows[rec["row"]], spec_for(repo, path)))
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != rec["text_sha256"]:
                print(f"{rec['page_id']}: text SHA-256 differs", file=sys.stderr)
                bad += 1
                continue
            (pages / f"{rec['page_id']}.txt").write_text(text, encoding="utf-8", newline="\n")
    print(f"rebuilt into {args.out}; {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
