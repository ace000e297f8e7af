#!/usr/bin/env python3
"""Rebuild the "article-only export" dev pages from public dataset files.

The texts themselves are NOT stored in this repository.  Each record of
``sources_export.jsonl`` (next to this script) names a public GitHub
repository, a file path, the commit it was read at and the record index
(``row``) inside that file.  Given a folder laid out as

    DIR/<owner>+<name>/<path>

(i.e. the files as they are at the recorded commit), this script re-extracts
exactly the stored text field of every record, normalises ``\\r\\n`` to
``\\n`` (nothing else), checks the SHA-256 against ``text_sha256`` and writes
``<out>/<page_id>.txt`` (UTF-8).

``row`` semantics: 0-based index of the data record in the file as parsed by
Python's ``csv`` module (header excluded) for CSV files; always 0 for files
holding a single JSON object.

Usage:
    python build_exports.py --from DIR [--out OUTDIR] [--sources FILE]
Exit status is non-zero if any file is missing or any hash differs.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# How to read the text field of each source file: (repo, path) -> spec.
# format "csv": delimiter + text column; "json": dotted key path in a single
# JSON object.
FILE_SPECS = {
    ("gikirima/indonews-scrapper", "Dataset new/scrapping_news_2025-06-18.csv"):
        {"format": "csv", "delimiter": ",", "text": "isi_berita"},
    ("gikirima/indonews-scrapper", "old dataset/berita_republika.csv"):
        {"format": "csv", "delimiter": ",", "text": "content"},
    ("rizits/SentimenProject", "Crawling/cnn-crawler/scraped_articles/yield_scraped_articles.csv"):
        {"format": "csv", "delimiter": ",", "text": "Content"},
    ("rizits/SentimenProject", "Crawling/bisnis-crawler/scraped_articles/Tren_Yield_scraped_articles.csv"):
        {"format": "csv", "delimiter": ",", "text": "Content"},
    ("rizits/SentimenProject", "Crawling/kontan-crawler/part_2_scraped_articles/Risiko_fiskal_kontan_articles.csv"):
        {"format": "csv", "delimiter": ",", "text": "Content"},
    ("GuavaPopper/PBA_Scrapping", "hasil_scraping_berita.csv"):
        {"format": "csv", "delimiter": ",", "text": "isi"},
}
# every file under this repo/folder is a single JSON object per article
JSON_DIRS = {
    ("dwiptrdo/CNBC-Scraping", "data_sample/"): {"format": "json", "text": "data.description"},
}


def spec_for(repo: str, path: str) -> dict:
    if (repo, path) in FILE_SPECS:
        return FILE_SPECS[(repo, path)]
    for (r, prefix), spec in JSON_DIRS.items():
        if r == repo and path.startswith(prefix):
            return spec
    raise KeyError(f"no parsing spec for {repo}:{path}")


_cache: dict = {}


def read_records(fp: Path, spec: dict) -> list:
    key = (str(fp), spec["format"])
    if key in _cache:
        return _cache[key]
    raw = fp.read_bytes().decode("utf-8-sig")
    if spec["format"] == "csv":
        csv.field_size_limit(sys.maxsize)
        # newline="" semantics: feed the decoded text unchanged to csv
        import io
        reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=spec["delimiter"])
        recs = list(reader)
    elif spec["format"] == "json":
        recs = [json.loads(raw)]
    else:
        raise ValueError(spec["format"])
    _cache[key] = recs
    return recs


def get_text(rec: dict, spec: dict) -> str:
    if spec["format"] == "json":
        val = rec
        for k in spec["text"].split("."):
            val = val[k]
        return val
    return rec[spec["text"]]


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", required=True, help="folder with <owner>+<name>/<path> files")
    ap.add_argument("--out", default="devset_pages", help="output folder for <page_id>.txt")
    ap.add_argument("--sources", default=str(HERE / "sources_export.jsonl"))
    args = ap.parse_args(argv)

    src = Path(args.src)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ok = bad = 0
    with open(args.sources, encoding="utf-8") as fh:
        entries = [json.loads(line) for line in fh if line.strip()]
    for e in entries:
        repo, path = e["repo"], e["path"]
        fp = src / repo.replace("/", "+") / path
        if not fp.is_file():
            print(f"MISSING {e['page_id']}: {fp}", file=sys.stderr)
            bad += 1
            continue
        spec = spec_for(repo, path)
        recs = read_records(fp, spec)
        text = normalise(get_text(recs[e["row"]], spec))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != e["text_sha256"]:
            print(f"HASH MISMATCH {e['page_id']}: {digest} != {e['text_sha256']}", file=sys.stderr)
            bad += 1
            continue
        (out / f"{e['page_id']}.txt").write_bytes(text.encode("utf-8"))
        ok += 1
    print(f"wrote {ok} pages to {out}; {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
