"""Cleaning and metadata accuracy on real pages of outlets the rules were not written for,
next to jusText and trafilatura on the same pages (``benchmarks/ACCURACY.md``).

The development set (``benchmarks/devset/``) is gold only: line labels by line number,
gold metadata and the SHA-256 of every page. The page texts themselves come from public
collections that mostly state no licence, so they are not in the repository: rebuild them
with ``benchmarks/devset/rebuild.py`` (see its ``--help``) into a folder and point this
script at it with ``--pages`` (and ``--html`` for the saved HTML of whole-page texts).

Two forms of page (``form`` in the gold):

* ``whole_page`` – the text of a saved HTML page, one line per block element
  (``devset/html_to_text.py``, the package's own HTML reader): menus, forms, teaser lists and
  footers included. Our pipeline is scored twice: reading that text (``ours``, as a ``.txt``
  page), and reading the HTML page itself (``ours (HTML)``: the same lines, with the page's
  tags for metadata and its structure as evidence for the cleaner); jusText and trafilatura
  read the page's HTML.
* ``article_only`` – a dataset's article field (title and date in other columns): read as
  a JSONL export with ``title`` and ``published`` columns, as a user would load it. jusText
  reads each line as a paragraph; trafilatura needs HTML and is not run.

Our cleaner is measured **leave one outlet out**: while an outlet's pages are cleaned, the
outlet profiles (``analysis/data/outlets.yaml``) that name that outlet are removed, so no
outlet-specific rule helps (the rules for saved pages, ``analysis/data/html.yaml``, name no
outlet). Body lines are scored line by line (gold ``dek`` lines count
neither way). A tool's output is mapped to lines by text: a line is kept when its text
(whitespace collapsed, case folded) is one of the tool's paragraphs or, for lines of 20
characters or more, inside one. Our HTML reading gives the very lines of the whole-page text
(the gold's line numbers), so it is scored line by line directly. A published date is right
when it is the gold's instant to the minute (the same day where either gives a date alone).

Run:  .venv/bin/python benchmarks/bench_accuracy.py --pages DIR [--html DIR] [--out benchmarks/ACCURACY.md]
      (``--show PAGE_ID [--from-html]`` prints our labels of one page next to the gold)
"""

from __future__ import annotations

import argparse
import hashlib
import html as htmllib
import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import corpus, evaluation, rules  # noqa: E402
from analysis.cleaning_rules import cleaning_rules  # noqa: E402

DEVSET = ROOT / "benchmarks" / "devset"


def load_gold(folder: Path = DEVSET / "gold") -> list[dict]:
    """Every gold page, sorted by page_id, with its provenance record merged in."""
    sources = {}
    for name in ("sources_html.jsonl", "sources_export.jsonl"):
        path = DEVSET / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    sources[rec["page_id"]] = rec
    out = []
    for path in sorted(folder.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        g["source"] = sources.get(g["page_id"], {})
        out.append(g)
    return out


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def read_pages(gold: list[dict], pages: Path) -> dict[str, str]:
    """The page texts, checked against the gold's hashes."""
    texts = {}
    for g in gold:
        path = pages / f"{g['page_id']}.txt"
        data = path.read_bytes()
        want = g["source"].get("text_sha256")
        if want and hashlib.sha256(data).hexdigest() != want:
            raise SystemExit(f"{path}: SHA-256 differs from the gold's (rebuild the pages)")
        texts[g["page_id"]] = data.decode("utf-8")
    return texts


# --------------------------------------------------------------------------- our cleaner

def _profile_names(profile) -> set[str]:
    return {_norm(n) for n in (profile.name, *profile.aliases)}


@contextmanager
def without_outlet(outlet: str):
    """Clean as if the suite had no profile for ``outlet`` (leave one outlet out)."""
    original = rules.outlet_profiles
    key = _norm(outlet)
    stem = key.split()[0].split(".")[0]
    kept = tuple(p for p in original() if not any(stem in n or n in key for n in _profile_names(p)))
    rules.outlet_profiles = lambda: kept
    cleaning_rules.cache_clear()
    try:
        yield len(original()) - len(kept)
    finally:
        rules.outlet_profiles = original
        cleaning_rules.cache_clear()


def run_ours_html(gold: list[dict], html_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lines and documents from our pipeline reading the saved HTML pages (a folder corpus of
    ``.html`` files), one outlet at a time without its profile."""
    all_lines, all_docs = [], []
    for outlet in sorted({g["outlet"] for g in gold if g["form"] == "whole_page"}):
        group = [g for g in gold if g["outlet"] == outlet and g["form"] == "whole_page"]
        with without_outlet(outlet), tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            folder.mkdir()
            for g in group:
                (folder / f"{g['page_id']}.html").write_bytes((html_dir / f"{g['page_id']}.html").read_bytes())
            loaded = corpus.load(folder, languages="any")
            all_lines.append(loaded.lines)
            all_docs.append(loaded.documents)
    return pd.concat(all_lines, ignore_index=True), pd.concat(all_docs, ignore_index=True)


def run_ours(gold: list[dict], texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Lines and documents from our loader and cleaner, one outlet at a time without its profile."""
    all_lines, all_docs, removed = [], [], {}
    for outlet in sorted({g["outlet"] for g in gold}):
        group = [g for g in gold if g["outlet"] == outlet]
        with without_outlet(outlet) as n_removed, tempfile.TemporaryDirectory() as tmp:
            removed[outlet] = n_removed
            docs = []
            whole = [g for g in group if g["form"] == "whole_page"]
            if whole:
                folder = Path(tmp) / "pages"
                folder.mkdir()
                for g in whole:
                    (folder / f"{g['page_id']}.txt").write_text(texts[g["page_id"]], encoding="utf-8")
                docs.append(corpus.load(folder, languages="any"))
            export = [g for g in group if g["form"] == "article_only"]
            if export:
                path = Path(tmp) / "export.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for g in export:
                        src = g["source"]
                        fh.write(json.dumps({"doc_id": g["page_id"], "text": texts[g["page_id"]],
                                             "title": src.get("title", ""), "published": src.get("published", "")},
                                            ensure_ascii=False) + "\n")
                docs.append(corpus.load(path, languages="any"))
            documents = pd.concat([c.documents for c in docs], ignore_index=True)
            lines = pd.concat([c.lines for c in docs], ignore_index=True)
            all_lines.append(lines)
            all_docs.append(documents)
    return pd.concat(all_lines, ignore_index=True), pd.concat(all_docs, ignore_index=True), removed


# --------------------------------------------------------------------------- reference tools

def _kept_by_paragraphs(lines: list[tuple[int, str]], paragraphs: list[str]) -> set[int]:
    paras = [_norm(p) for p in paragraphs if p and p.strip()]
    whole = set(paras)
    out = set()
    for n, text in lines:
        t = _norm(text)
        if t in whole or (len(t) >= 20 and any(t in p for p in paras)):
            out.add(n)
    return out


def _nonblank(text: str) -> list[tuple[int, str]]:
    return [(i, line) for i, line in enumerate(text.split("\n"), 1) if line.strip()]


def run_justext(source: str | bytes, is_html: bool) -> list[str]:
    import justext

    stoplist = justext.get_stoplist("Indonesian")
    if not is_html:
        source = "<html><body>" + "".join(f"<p>{htmllib.escape(line)}</p>" for line in source.split("\n")) + "</body></html>"
    return [p.text for p in justext.justext(source, stoplist) if not p.is_boilerplate]


def run_trafilatura(html: bytes, precision: bool) -> list[str]:
    import trafilatura

    out = trafilatura.extract(html, favor_precision=precision, include_comments=False, include_tables=True,
                              deduplicate=False) or ""
    return out.split("\n")


# --------------------------------------------------------------------------- scores

def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def body_counts(gold: dict, kept: set[int]) -> dict:
    labels = {int(k): v for k, v in gold["lines"].items()}
    scored = {n: v for n, v in labels.items() if v != "dek"}
    body = {n for n, v in scored.items() if v == "body"}
    kept = {n for n in kept if n in scored}
    return {"tp": len(body & kept), "fp": len(kept - body), "fn": len(body - kept),
            "empty": bool(body) and not (body & kept)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of the rebuilt page texts")
    parser.add_argument("--html", type=Path, help="folder of the saved HTML of whole-page texts")
    parser.add_argument("--out", type=Path, help="write the Markdown report here")
    parser.add_argument("--show", help="print our line labels for this page_id")
    parser.add_argument("--from-html", action="store_true", help="with --show: our labels reading the HTML page")
    args = parser.parse_args(argv)

    gold = load_gold()
    texts = read_pages(gold, args.pages)
    if args.show:
        g = next(g for g in gold if g["page_id"] == args.show)
        lines = (run_ours_html([g], args.html)[0] if args.from_html else run_ours([g], texts)[0])
        show_page(g, lines)
        return
    lines, docs, removed = run_ours(gold, texts)
    html_lines, html_docs = run_ours_html(gold, args.html) if args.html else (None, None)

    rows = []
    for g in gold:
        pid, text = g["page_id"], texts[g["page_id"]]
        ours = set(lines.loc[lines["doc_id"].eq(pid) & lines["label"].eq("body"), "line_no"])
        row = {"page_id": pid, "outlet": g["outlet"], "form": g["form"]}
        kept = [("ours", ours)]
        if html_lines is not None and g["form"] == "whole_page":
            kept.append(("ours_html", set(html_lines.loc[html_lines["doc_id"].eq(pid)
                                                         & html_lines["label"].eq("body"), "line_no"])))
        for tool, found in kept + _references(g, text, args.html):
            for k, v in body_counts(g, found).items():
                row[f"{tool}_{k}"] = v
        rows.append(row)
    table = pd.DataFrame(rows)
    meta = metadata_scores(gold, docs, lines, texts)
    if html_docs is not None:
        whole = [g for g in gold if g["form"] == "whole_page"]
        meta = pd.concat([meta, metadata_scores(whole, html_docs, html_lines, texts).assign(form="whole_page (HTML)")],
                         ignore_index=True)
    report = render(table, meta, removed) + seeds_section()
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


def show_page(g: dict, lines: pd.DataFrame) -> None:
    """Print our labels of one page next to its gold (``XX`` where body and not-body differ)."""
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 110)
    pd.set_option("display.max_rows", 2000)
    sub = lines[lines["doc_id"].eq(g["page_id"])].copy()
    sub["gold"] = sub["line_no"].astype(str).map(g["lines"])
    sub["x"] = (sub["gold"].eq("body") != sub["label"].eq("body")) & sub["gold"].ne("dek")
    sub["x"] = sub["x"].map({True: "XX", False: ""})
    print(sub[["line_no", "x", "gold", "label", "reason", "text"]].to_string(index=False))


def _references(g: dict, text: str, html_dir: Path | None) -> list[tuple[str, set[int]]]:
    lines = _nonblank(text)
    if g["form"] == "whole_page":
        if html_dir is None:
            return []
        html = (html_dir / f"{g['page_id']}.html").read_bytes()
        return [("justext", _kept_by_paragraphs(lines, run_justext(html, True))),
                ("trafilatura", _kept_by_paragraphs(lines, run_trafilatura(html, False))),
                ("trafilatura_precision", _kept_by_paragraphs(lines, run_trafilatura(html, True)))]
    return [("justext", _kept_by_paragraphs(lines, run_justext(text, False)))]


def same_date(got: str, want: str) -> bool:
    """Whether our ``published`` is the gold's: the same instant to the minute (a gold time
    without a zone is taken in our value's zone), or the same day where the gold gives a date
    alone; a date alone where the gold gives a time is not."""
    if not got:
        return False
    if len(want) == 10:
        return got[:10] == want
    if len(got) == 10:
        return False
    ours, theirs = pd.Timestamp(got), pd.Timestamp(want)
    if theirs.tzinfo is None and ours.tzinfo is not None:
        theirs = theirs.tz_localize(ours.tzinfo)
    return ours.floor("min") == theirs.floor("min")


def metadata_scores(gold: list[dict], docs: pd.DataFrame, lines: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Per page: published, outlet and title against the gold."""
    by_id = docs.set_index("doc_id")
    aliases = {}
    for p in rules.outlet_profiles():
        for n in (p.name, *p.aliases):
            aliases[_norm(n)] = p.name
    rows = []
    for g in gold:
        d = by_id.loc[g["page_id"]]
        want_pub = g.get("published") or ""
        got_pub = d["published"]
        pub_ok = bool(want_pub) and same_date(got_pub, want_pub)
        src = g["source"]
        domain = (src.get("domain") or "").casefold()
        text = texts[g["page_id"]].casefold()
        parts = domain.split(".")
        stem = (parts[-3] if domain.endswith(".co.id") else parts[-2]) if len(parts) >= 2 else ""
        named = bool(stem) and stem in text
        got = "".join(ch for ch in _norm(d["outlet"]) if ch.isalnum())
        first = "".join(ch for ch in _norm(g["outlet"]).split()[0].split(".")[0] if ch.isalnum())
        # right: the outlet's own name (its first word, or the site's domain name) in ours
        outlet_ok = bool(got) and ((len(first) >= 4 and first in got) or (bool(stem) and got.startswith(stem)))
        title_line = lines[lines["doc_id"].eq(g["page_id"]) & lines["label"].eq("title")]["line_no"]
        furniture_title = any(g["lines"].get(str(n)) == "boilerplate" for n in title_line)
        rows.append({"page_id": g["page_id"], "outlet": g["outlet"], "form": g["form"],
                     "published_stated": bool(want_pub), "published_ok": pub_ok, "published": got_pub,
                     "published_gold": want_pub, "outlet_named": named, "outlet_ok": outlet_ok,
                     "outlet_got": d["outlet"], "title_ok": _norm(d["title"]) == _norm(g.get("title") or ""),
                     "title_empty": d["title"] == "", "title_from_furniture": furniture_title,
                     "published_source": d["published_source"]})
    return pd.DataFrame(rows)


def seeds_section() -> str:
    """The seeds against their gold (``tests/fixtures/seeds_gold.json``): body lines and metadata."""
    gold = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))
    c = corpus.load(ROOT / "seeds")
    s = evaluation.score_lines(c.lines, {d["doc_id"]: d["lines"] for d in gold["documents"]})
    docs = c.documents.set_index("doc_id")
    ok = {"title": 0, "outlet": 0, "published": 0}
    for d in gold["documents"]:
        got = docs.loc[d["doc_id"]]
        ok["title"] += got["title"] == d["title"]
        ok["outlet"] += got["outlet"] in [d["outlet"] or "", *d.get("outlet_alternatives", [])]
        ok["published"] += (got["published"] or None) == d["published"]
    n = len(gold["documents"])
    return ("\n## Seeds (`seeds/`, hand-made gold)\n\n"
            f"Body lines: precision {s['precision']:.3f}, recall {s['recall']:.3f} ({s['tp']} of "
            f"{s['tp'] + s['fn']} gold body lines, {s['fp']} extra); every gold label agrees: "
            f"{s['label_accuracy']:.3f} of labelled lines. Metadata: title {ok['title']}/{n}, outlet "
            f"{ok['outlet']}/{n}, published {ok['published']}/{n} (empty where the gold says the page does not "
            "state it).\n")


def render(table: pd.DataFrame, meta: pd.DataFrame, removed: dict) -> str:
    tools = [t for t in ("ours", "ours_html", "justext", "trafilatura", "trafilatura_precision") if f"{t}_tp" in table]
    names = {"ours": "ours (text)", "ours_html": "ours (HTML)"}
    pages = table.groupby("form").size().to_dict()
    out = ["# Cleaning and metadata accuracy on real pages", "",
           "Generated by `benchmarks/bench_accuracy.py` (method in its docstring; the pages, their "
           "sources and the labelling in `benchmarks/devset/README.md`). "
           f"{len(table)} real pages of {table['outlet'].nunique()} outlet names "
           f"({pages.get('whole_page', 0)} whole-page texts of saved HTML pages, "
           f"{pages.get('article_only', 0)} article-only dataset rows), none of them a seed page, all "
           "labelled by hand line by line before any rule was tuned on them. "
           "Body-line precision / recall / F1, line by line against hand-made gold (gold `dek` lines "
           "count neither way); our cleaner **leave one outlet out** (the outlet's own profile "
           "removed); jusText with its Indonesian stoplist and trafilatura 2.3 on the same pages "
           "(trafilatura needs the HTML, so it has no article-only score). Whole pages are read by our "
           "pipeline twice: as their whole-page text (`ours (text)`, a `.txt` page) and as the saved HTML "
           "page itself (`ours (HTML)`: the same lines, the page's tags for its metadata and its structure "
           "as evidence for the cleaner).", ""]
    if "ours_html_tp" in table:
        whole = table[table["ours_html_tp"].notna()]
        f_html = prf(*(int(whole[f"ours_html_{k}"].sum()) for k in ("tp", "fp", "fn")))[2]
        f_prec = prf(*(int(whole[f"trafilatura_precision_{k}"].sum()) for k in ("tp", "fp", "fn")))[2]
        lowest = min(prf(*(int(g[f"ours_html_{k}"].sum()) for k in ("tp", "fp", "fn")))[2]
                     for _, g in whole.groupby("outlet"))
        out.extend([f"**Reading saved HTML pages: body F1 {f_html:.3f}** over {len(whole)} pages of "
                    f"{whole['outlet'].nunique()} outlets (lowest outlet {lowest:.3f}), against trafilatura's "
                    f"`favor_precision` {f_prec:.3f} on the same HTML (target: at least 0.95 and above "
                    "trafilatura). The rules for a saved page's structure and tags (`analysis/data/html.yaml`, "
                    "no outlet named) were written after reading our misses on these pages: for them this is "
                    "a development set, not a held-out one; `ours (text)` is the score without them.", ""])

    def block(sub: pd.DataFrame, title: str) -> None:
        out.extend([f"## {title}", "", "| outlet | pages | body lines | "
                    + " | ".join(f"{names.get(t, t)} P / R / F1" for t in tools) + " |",
                    "|---|---:|---:|" + "---|" * len(tools)])
        groups = list(sub.groupby("outlet", sort=True)) + [("**all**", sub)]
        for outlet, grp in groups:
            cells = []
            for t in tools:
                have = grp[f"{t}_tp"].notna()
                if not have.any():
                    cells.append("–")
                    continue
                g = grp[have]
                p, r, f = prf(int(g[f"{t}_tp"].sum()), int(g[f"{t}_fp"].sum()), int(g[f"{t}_fn"].sum()))
                cells.append(f"{p:.3f} / {r:.3f} / **{f:.3f}**")
            n_body = int((grp["ours_tp"] + grp["ours_fn"]).sum())
            out.append(f"| {outlet} | {len(grp)} | {n_body} | " + " | ".join(cells) + " |")
        empty = int(sub["ours_empty"].sum())
        html = (f"; reading the HTML: {int(sub['ours_html_empty'].fillna(False).astype(bool).sum())}"
                if "ours_html_empty" in sub and sub["ours_html_tp"].notna().any() else "")
        out.extend(["", f"Pages with gold body left without body by our cleaner: {empty}{html}.", ""])

    for form, title in (("whole_page", "Whole-page texts of saved HTML pages"),
                        ("article_only", "Article-only exports (title and date in other columns)")):
        sub = table[table["form"].eq(form)]
        if len(sub):
            block(sub, title)
    block(table, "All pages")

    per_outlet = []
    for outlet, grp in table.groupby("outlet", sort=True):
        per_outlet.append(prf(int(grp["ours_tp"].sum()), int(grp["ours_fp"].sum()), int(grp["ours_fn"].sum()))[2])
    out.extend([f"Lowest per-outlet F1 (ours): {min(per_outlet):.3f}.", ""])

    out.extend(["## Metadata", "", "| form | pages | published right (pages stating one) | outlet right (pages naming it) "
                "| title exact | title empty | title from furniture |", "|---|---:|---:|---:|---:|---:|---:|"])
    text_forms = meta[meta["form"].isin(["article_only", "whole_page"])]
    for form, grp in list(meta.groupby("form", sort=True)) + [("all (text and exports)", text_forms)]:
        pub = grp[grp["published_stated"]]
        named = grp[grp["outlet_named"]]
        out.append(f"| {form} | {len(grp)} | {int(pub['published_ok'].sum())}/{len(pub)} "
                   f"| {int(named['outlet_ok'].sum())}/{len(named)} | {int(grp['title_ok'].sum())}/{len(grp)} "
                   f"| {int(grp['title_empty'].sum())} | {int(grp['title_from_furniture'].sum())} |")
    html = meta[meta["form"].eq("whole_page (HTML)")]
    if len(html):
        sources = html["published_source"].replace("", "(none)").value_counts().sort_index()
        out.extend(["", "Where the date of the HTML pages came from (`published_source`): "
                    + ", ".join(f"{k} {v}" for k, v in sources.items()) + "."])
    wrong = meta[(meta["published_stated"] & ~meta["published_ok"]) | (meta["outlet_named"] & ~meta["outlet_ok"])]
    if len(wrong):
        out.extend(["", "Pages with a wrong or missing published date or outlet:", "",
                    "| page | read from | published (ours / gold) | outlet (ours / gold) |", "|---|---|---|---|"])
        for _, r in wrong.iterrows():
            out.append(f"| {r['page_id']} | {r['form']} | {r['published'] or '–'} / {r['published_gold'] or '–'} "
                       f"| {r['outlet_got'] or '–'} / {r['outlet']} |")
    out.extend(["", "Outlet profiles removed while each outlet's pages were cleaned: "
                + ", ".join(f"{o} ({n})" for o, n in sorted(removed.items())) + ".", ""])
    return "\n".join(out)


if __name__ == "__main__":
    main()
