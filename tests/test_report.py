"""The HTML report and the manifest: offline pages with navigation, readable tables, an index
that names the run and links every table and figure, a manifest without machine paths."""

import base64
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import manifest, report  # noqa: E402
from analysis.outputs import save_figure, write_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KWIC = pd.DataFrame({"doc_id": ["a", "b"], "left": ["pemerintah mengatakan bahwa", "sanksi terhadap"],
                     "match": ["Korea Utara", "Korut"], "right": ["mengirim senjata", "diperketat"]})
MIXED = pd.DataFrame({"outlet": ["Tempo.co", "<script>alert(1)</script>"], "count": [1200, 3],
                      "share": [0.25, None], "published": ["2023-10-27T17:33:00+07:00", ""]})


def _html(frame: pd.DataFrame) -> dict:
    return nbformat.v4.new_output("execute_result", data={"text/html": frame.to_html(), "text/plain": "frame"},
                                  execution_count=1)


def _notebook(folder: Path, name: str, title: str, figure: str, table: str, frame: pd.DataFrame) -> None:
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nThis notebook answers **one question**."),
             nbformat.v4.new_markdown_cell(f"## Section\nThe {figure} figure reads so: higher is more."),
             nbformat.v4.new_code_cell(f'fig = plots.x()\noutputs.save_figure(fig, output_dir, "{figure}")'),
             nbformat.v4.new_code_cell("show(frame)"),
             nbformat.v4.new_code_cell(f'written = [outputs.write_table(frame, output_dir, "{table}")]')]
    cells[3].outputs = [_html(frame)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / f"{name}.ipynb")


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    """A report of two notebooks with their figures and tables, rendered as a run renders it."""
    out = tmp_path_factory.mktemp("report")
    (out / "notebooks").mkdir()
    (out / "html").mkdir()
    write_table(MIXED, out, "stale_table")  # written "earlier": listed as stale
    before = manifest.snapshot(out)
    _notebook(out / "notebooks", "01_first", "1 · First: what?", "first_figure", "kwic", KWIC)
    _notebook(out / "notebooks", "02_second", "2 · Second: why?", "second_figure", "mixed", MIXED)
    for name, title in [("first_figure", "Terms by outlet"), ("second_figure", "How far back")]:
        fig, ax = plt.subplots()
        ax.plot([1, 2])
        ax.set_title(title)
        save_figure(fig, out, name)
        plt.close(fig)
    write_table(KWIC, out, "kwic")
    write_table(MIXED, out, "mixed")
    write_table(KWIC, out, "texts", fmt="jsonl")
    record = manifest.build_manifest(ROOT / "seeds", out, {"top_n": 20, "corpus": "seeds"}, cwd=ROOT,
                                     started=manifest.now(), before=before)
    names = ["01_first", "02_second"]
    for i, name in enumerate(names):
        links = {"index": ("index.html", "Index"),
                 "previous": (f"{names[i - 1]}.html", "previous page") if i else None,
                 "next": (f"{names[i + 1]}.html", "next page") if i + 1 < len(names) else None}
        report.render_notebook(out / "notebooks" / f"{name}.ipynb", out / "html" / f"{name}.html", links)
    report.write_index(out, names, record)
    manifest.write_manifest(out, record)
    return out


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "html").glob("*.html"))}


def test_no_page_loads_anything_from_the_network(small_report):
    pages = _pages(small_report)
    assert set(pages) == {"01_first.html", "02_second.html", "index.html"}
    for name, page in pages.items():
        assert not re.search(r"<script[^>]+src=", page), name
        assert not re.search(r"cdnjs|//cdn|mathjax|require\.js", page, re.IGNORECASE), name
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), name
        assert not re.search(r"@import|url\(\s*['\"]?https?:", page), name
        # images are embedded, not linked
        assert all(src.startswith("data:image/") for src in re.findall(r'<img[^>]+src="([^"]+)"', page)), name


def test_pages_have_navigation_to_the_index_and_their_neighbours(small_report):
    pages = _pages(small_report)
    first, second = pages["01_first.html"], pages["02_second.html"]
    assert first.count('href="index.html"') == 2 and second.count('href="index.html"') == 2  # top and bottom
    assert 'href="02_second.html" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="01_first.html" rel="prev"' in second and 'rel="next"' not in second
    assert "<title>1 · First: what?</title>" in first


def test_tables_are_aligned_by_content_and_kwic_centres_the_match(small_report):
    pages = _pages(small_report)
    cells = re.findall(r'<td class="([^"]+)">([^<]*)</td>', pages["01_first.html"])
    assert ("kwic-left", "pemerintah mengatakan bahwa") in cells
    assert ("kwic-match", "Korea Utara") in cells and ("kwic-right", "diperketat") in cells
    assert ("text", "a") in cells  # doc_id: text, left-aligned
    classes = dict((text, cls) for cls, text in re.findall(r'<td class="([^"]+)">([^<]*)</td>', pages["02_second.html"]))
    assert classes["1200"] == "num" and classes["0.25"] == "num" and classes["Tempo.co"] == "text"
    assert classes["2023-10-27T17:33:00+07:00"] == "text"
    css = pages["01_first.html"]
    for rule in ("th.kwic-left{text-align:right}", "th.kwic-match{text-align:center", "th.kwic-right{text-align:left}",
                 "th.text{text-align:left}", "th.num{text-align:right"):
        assert rule in css, rule


def test_page_text_in_a_table_stays_text(small_report):
    page = _pages(small_report)["02_second.html"]
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_index_names_the_run_and_links_every_table_and_figure(small_report):
    index = _pages(small_report)["index.html"]
    assert "Corpus <code>seeds</code>: a folder of 5 files" in index
    assert "<code>top_n</code>" in index and 'href="../manifest.json"' in index
    written = [p for p in (small_report / "tables").iterdir() if p.stem != "stale_table"]
    for table in written:
        assert f'href="../tables/{table.name}"' in index, table.name
    assert {p.suffix for p in written} == {".csv", ".parquet", ".jsonl"}
    assert "stale_table.csv" in index and 'href="../tables/stale_table.csv"' not in index  # named as stale only
    for figure in ["first_figure", "second_figure"]:
        assert f'href="../figures/{figure}.png"' in index and f'href="../figures/{figure}.svg"' in index
    # sections in notebook order, each figure titled by the figure itself and captioned by the notebook
    body = index.split("</nav>", 1)[1]
    order = [body.index(s) for s in ["1 · First: what?", "Terms by outlet", "2 · Second: why?", "How far back"]]
    assert order == sorted(order)
    assert re.search(r"<strong>Terms by outlet</strong>.*The first_figure figure reads so: higher is more.", index)
    assert "<strong>one question</strong>" in index  # the notebook's question, as markdown
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", index)  # no time in the HTML


def test_the_manifest_reads_back_and_names_no_machine_path(small_report, tmp_path):
    text = (small_report / "manifest.json").read_text(encoding="utf-8")
    record = json.loads(text)
    assert record["corpus"] == {"path": "seeds", "kind": "folder", "files": 5,
                                "sha256": manifest.corpus_digest(ROOT / "seeds")["sha256"]}
    assert record["parameters"] == {"corpus": "seeds", "top_n": 20}
    assert record["started"] <= record["finished"] and record["finished"].endswith("Z")
    assert record["package"]["version"] and record["dependencies"]["pandas"] == pd.__version__
    tables = pd.DataFrame(record["tables"])
    assert set(tables["path"]) == {"tables/kwic.csv", "tables/kwic.parquet", "tables/mixed.csv",
                                   "tables/mixed.parquet", "tables/texts.jsonl"}
    assert tables.set_index("path").loc["tables/mixed.csv", "rows"] == 2
    assert record["figures"] == ["figures/first_figure.png", "figures/first_figure.svg",
                                 "figures/second_figure.png", "figures/second_figure.svg"]
    assert record["stale"] == ["tables/stale_table.csv", "tables/stale_table.parquet"]
    assert pd.read_json(small_report / "manifest.json", typ="series")["corpus"]["path"] == "seeds"

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    for value in strings(record):
        assert not value.startswith(("/", "~")) and not re.match(r"[A-Za-z]:[\\/]", value), value
    for absolute in (str(small_report), str(ROOT)):  # "../../tmp/..." (relative) is allowed
        assert not re.search(r"(?<!\.\.)" + re.escape(absolute), text)


def test_the_corpus_hash_follows_content_and_names(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("satu")
    (corpus / "b.txt").write_text("dua")
    first = manifest.corpus_digest(corpus)
    assert first["files"] == 2 and first == manifest.corpus_digest(corpus)
    (corpus / "b.txt").write_text("tiga")
    changed = manifest.corpus_digest(corpus)
    (corpus / "b.txt").rename(corpus / "c.txt")
    renamed = manifest.corpus_digest(corpus)
    assert len({first["sha256"], changed["sha256"], renamed["sha256"]}) == 3
    export = tmp_path / "export.csv"
    export.write_text("text\nx\n")
    assert manifest.corpus_digest(export)["kind"] == "file" and manifest.corpus_digest(export)["files"] == 1


def test_run_parameters_are_complete_and_relative_to_the_working_folder(tmp_path):
    params = {"top_n": {"default": "20"}, "stem": {"default": "False"}, "corpus": {"default": '"seeds"'},
              "output_dir": {"default": '"reports"'}, "gold": {"default": '"tests/fixtures/seeds_gold.json"'}}
    got = manifest.run_parameters(params, {"top_n": 5}, ROOT / "seeds", tmp_path / "out", tmp_path)
    assert got["top_n"] == 5 and got["stem"] is False and got["output_dir"] == "out"
    assert not got["corpus"].startswith("/") and got["corpus"].endswith("seeds")
    assert got["gold"].endswith("tests/fixtures/seeds_gold.json") and not got["gold"].startswith("/")


def test_align_tables_leaves_other_html_alone():
    assert report.align_tables("<p>no table</p>") == "<p>no table</p>"
    styled = report.align_tables(pd.DataFrame({"n": [1, 2], "t": ["a", "b"]}).to_html())
    assert re.findall(r'<th class="([^"]+)">', styled) == ["num", "text"]


def test_notebook_figures_follow_notebook_order():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## A\nFirst text."),
        nbformat.v4.new_code_cell('outputs.save_figure(fig, output_dir, "one")\n'
                                  'outputs.write_table(documents[COLUMNS], output_dir, "documents")'),
        nbformat.v4.new_markdown_cell("## B\nSecond text."),
        nbformat.v4.new_code_cell('outputs.save_figure(fig, output_dir, "two")\n'
                                  'outputs.write_table(texts, output_dir, "clean_texts", fmt="jsonl")')])
    assert report.notebook_figures(nb) == [
        {"kind": "figure", "name": "one", "text": "First text."},
        {"kind": "table", "name": "documents", "text": "First text."},
        {"kind": "figure", "name": "two", "text": "Second text."},
        {"kind": "table", "name": "clean_texts", "text": "Second text."}]


def test_every_figure_and_table_of_the_committed_notebooks_is_found():
    """The index finds each notebook's figures and tables from its code: none may be missed."""
    from analysis import runner

    for path in runner.notebooks():
        nb = nbformat.read(path, as_version=4)
        source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        found = report.notebook_figures(nb)
        assert len([f for f in found if f["kind"] == "figure"]) == source.count("save_figure("), path.name
        assert len([f for f in found if f["kind"] == "table"]) == source.count("write_table("), path.name
        assert all(f["text"] for f in found), path.name


def test_each_table_and_figure_has_one_writing_notebook():
    """The notebooks after the first may run while it is still running (``kernel.side_by_side``'s
    ``ready``): a file two notebooks wrote would hold whichever wrote last."""
    from analysis import runner

    written = []
    for path in runner.notebooks():
        nb = nbformat.read(path, as_version=4)
        written += [("table", f["name"]) for f in report.notebook_figures(nb) if f["kind"] == "table"]
        written += [("figure", name) for cell in nb.cells if cell.cell_type == "code"
                    for name in re.findall(r"(?:show|save)_figure\(\w+, output_dir, \"(\w+)\"\)", cell.source)]
    assert len([w for w in written if w[0] == "figure"]) >= 13 and len(written) > 30
    assert len(written) == len(set(written)), sorted(w for w in written if written.count(w) > 1)


def test_the_same_report_renders_to_the_same_bytes(small_report, tmp_path):
    first = _pages(small_report)
    record = json.loads((small_report / "manifest.json").read_text(encoding="utf-8"))
    report.render_notebook(small_report / "notebooks" / "01_first.ipynb", tmp_path / "01_first.html",
                           {"index": ("index.html", "Index"), "next": ("02_second.html", "next page")})
    assert (tmp_path / "01_first.html").read_text(encoding="utf-8") == first["01_first.html"]
    record["started"], record["finished"] = "2000-01-01T00:00:00Z", "2000-01-01T00:00:01Z"  # times never shown
    assert report.write_index(small_report, ["01_first", "02_second"], record).read_text() == first["index.html"]


def test_code_that_looks_like_markup_is_shown_as_text(tmp_path):
    """Pages show code as Pygments highlights it, without nbconvert's bleach pass over it (the
    report's template drops that pass for speed): what the code says stays text."""
    code = 'html = "</div><script>alert(1)</script><img src=x onerror=alert(2)>"  # <b>not bold</b>'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 1 · Markup"), nbformat.v4.new_code_cell(code)])
    nbformat.write(nb, tmp_path / "01_markup.ipynb")
    page = report.render_notebook(tmp_path / "01_markup.ipynb", tmp_path / "01_markup.html").read_text()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>not bold" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;" in page


def test_bleach_changes_no_highlighted_code_of_the_committed_notebooks():
    """Why the pass can go: on every code cell of the package's notebooks, nbconvert's
    ``clean_html`` returns the highlighted code unchanged."""
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.strings import clean_html

    highlight = Highlight2HTML(pygments_lexer="ipython3")
    sources = [cell.source for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
               for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
    assert len(sources) > 40
    for source in sources:
        highlighted = highlight(source)
        assert clean_html(highlighted) == highlighted


def test_pages_get_what_nbconverts_accessibility_pass_gives(tmp_path):
    """The report's exporter makes nbconvert's last pass (alternative text for images, keyboard
    focus for code and outputs) on an lxml tree, not with BeautifulSoup: on the page it writes,
    nbconvert's own selectors find nothing left to do, an image's own alternative text is kept,
    and the page's text is the same as with nbconvert's pass."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(40)).decode("ascii")
    code = [nbformat.v4.new_code_cell("print('x')"), nbformat.v4.new_code_cell("fig"), nbformat.v4.new_code_cell("t")]
    code[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
    code[1].outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "Figure: A"})]
    code[2].outputs = [_html(MIXED)]
    cells = [nbformat.v4.new_markdown_cell(f"# 1 · Pictures\n\n![a chart](data:image/png;base64,{png})"), *code]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "01_pictures.ipynb")
    page = report.render_notebook(tmp_path / "01_pictures.ipynb", tmp_path / "01_pictures.html").read_text()
    soup = BeautifulSoup(page, features="html.parser")
    focusable = soup.select(".jp-Notebook div.jp-Cell-inputWrapper") + soup.select(".jp-Notebook div.jp-OutputArea-output")
    assert len(focusable) >= 6 and all(e.get("tabindex") == "0" for e in focusable)
    assert soup.select("img:not([alt])") == []
    assert sorted(e["alt"] for e in soup.select("img")) == ["No description has been provided for this image",
                                                           "a chart"]
    stock, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(tmp_path / "01_pictures.ipynb", 4))
    cells = lambda html: [" ".join(c.get_text().split()) for c in BeautifulSoup(html, "html.parser").select(".jp-Cell")]
    assert cells(page) == cells(stock) and len(cells(page)) == 4


def test_a_page_with_an_output_of_more_than_10_mb_is_written_whole(tmp_path):
    """libxml2 cuts text and attributes of more than 10 MB short without an error unless told not
    to (``huge_tree``); the page's last pass must not lose the end of a long output or the page."""
    cell = nbformat.v4.new_code_cell("print(long)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kata " * 2_400_000 + "AKHIR-KELUARAN\n")]
    cells = [nbformat.v4.new_markdown_cell("# 1 · Long"), cell, nbformat.v4.new_markdown_cell("Catatan penutup.")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "01_long.ipynb")
    page = report.render_notebook(tmp_path / "01_long.ipynb", tmp_path / "01_long.html").read_text()
    assert len(page) > 12_000_000 and "AKHIR-KELUARAN" in page and "Catatan penutup." in page
