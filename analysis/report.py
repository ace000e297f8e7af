"""The HTML report of a run: one page per executed notebook, and an index that reads as a report.

Pages are nbconvert's JupyterLab rendering with three changes (:func:`render_notebook`): no
script is loaded from a CDN (MathJax, require.js and mermaid are left out; the notebooks use no
LaTeX, and figures are embedded as PNG data), a navigation bar (index, previous, next) at the
top and the bottom, and readable tables: text columns left-aligned, number columns
right-aligned, a keyword-in-context table (columns ``left, match, right``) with the match
centred between its right-aligned left context and its left-aligned right context.

The index (:func:`write_index`) names the corpus and the parameters of the run (from its
manifest, :mod:`analysis.manifest`), then has one section per notebook: its question, each figure
in notebook order with the figure's own title and, as caption, the notebook's text that
introduces it, and the tables it writes; then every table with its rows, columns and links to its
CSV and Parquet files. Images are embedded, so a page opened offline or archived alone is
complete; tables, figure files and the manifest are linked relative to the report folder, and
nothing is linked or loaded from outside it.

>>> page_title("# 3 · Terms: who said what?\\n\\nText")
'3 · Terms: who said what?'
"""

from __future__ import annotations

import base64
import functools
import html
import re
import threading
from pathlib import Path

from .atomic import atomic_write

__all__ = ["page_title", "align_tables", "notebook_figures", "render_notebook", "write_index", "write_failed_index",
           "prepare_rendering", "notebook_warnings",
           "REPORT_CSS"]

#: Styles added to every page after JupyterLab's own (a higher specificity wins over its
#: right-aligned table cells).
REPORT_CSS = """
nav.report-nav{display:flex;gap:1.5em;flex-wrap:wrap;font:14px/1.4 system-ui,sans-serif;
  padding:.6em 1em;margin:0 0 1em;background:#f3f6f9;border-bottom:1px solid #d0d7de}
nav.report-nav:last-of-type{border-top:1px solid #d0d7de;border-bottom:none;margin:1em 0 0}
nav.report-nav a{text-decoration:none;color:#0b5cad}
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe td.text,
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe th.text{text-align:left}
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe td.num,
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe th.num{text-align:right;font-variant-numeric:tabular-nums}
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe td.kwic-left,
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe th.kwic-left{text-align:right}
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe td.kwic-match,
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe th.kwic-match{text-align:center;font-weight:bold;white-space:nowrap}
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe td.kwic-right,
.jp-OutputArea .jp-RenderedHTMLCommon table.dataframe th.kwic-right{text-align:left}
"""

#: JupyterLab's page without the scripts it loads from a CDN, with the navigation and styles.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.report.css }}</style>{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}
{{ resources.report.nav }}
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.report.nav }}
{{ super() }}
{%- endblock body_footer -%}
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}
"""

_NUMBER = re.compile(r"^[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?$|^[-+]?inf$")
_MISSING = {"", "nan", "NaN", "<NA>", "None", "NaT", "..."}
#: ``save_figure(FIG, OUT, "NAME"`` and ``write_table(FRAME, OUT, "NAME"``: the first argument any
#: expression (brackets, calls, strings), the second a name, the third the file name.
_SAVED = re.compile(r"save_figure\((?:[^()]|\([^()]*\))*?,\s*[\w.]+\s*,\s*[\"']([^\"']+)[\"']")
_WRITTEN = re.compile(r"write_table\((?:[^()]|\([^()]*\))*?,\s*[\w.]+\s*,\s*[\"']([^\"']+)[\"']")


def page_title(markdown: str) -> str:
    """The first level-1 heading of a notebook's markdown (its title), or ``""``.

    Parameters
    ----------
    markdown : str
        Markdown text.

    Returns
    -------
    str
        The heading's text without ``#``.

    Examples
    --------
    >>> page_title("intro\\n# 1 · Loading")
    '1 · Loading'
    """
    found = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
    return found.group(1) if found else ""


# --------------------------------------------------------------------------- readable tables

def _column_classes(headers: list[str], columns: list[list[str]]) -> list[str]:
    """A CSS class per data column: ``num`` when every shown value is a number, else ``text``;
    the three columns of a keyword-in-context table get ``kwic-left/-match/-right``."""
    classes = []
    for cells in columns:
        present = [c.strip() for c in cells if c.strip() not in _MISSING]
        classes.append("num" if present and all(_NUMBER.match(c) for c in present) else "text")
    for i in range(len(headers) - 2):
        if [h.strip().lower() for h in headers[i:i + 3]] == ["left", "match", "right"]:
            classes[i:i + 3] = ["kwic-left", "kwic-match", "kwic-right"]
    return classes


def _align_table(table) -> None:
    """Mark the cells of one pandas table (an lxml element) with their column's class."""
    rows = [tr for tr in table.iter("tr") if tr.getparent() is not None and tr.getparent().tag == "tbody"]
    cells = [[td for td in tr if td.tag == "td"] for tr in rows]
    width = max((len(r) for r in cells), default=0)
    if not width:
        return
    columns = [[r[i].text_content() if i < len(r) else "" for r in cells] for i in range(width)]
    head_rows = [tr for tr in table.iter("tr") if tr.getparent() is not None and tr.getparent().tag == "thead"]
    header = [th for th in head_rows[-1] if th.tag in ("th", "td")][-width:] if head_rows else []
    names = [th.text_content() for th in header] if len(header) == width else [""] * width
    if len(head_rows) > 1:  # the names row of a frame with a named column index: use the first header row
        first = [th for th in head_rows[0] if th.tag in ("th", "td")][-width:]
        if len(first) == width and any(th.text_content().strip() for th in first):
            names, header = [th.text_content() for th in first], first
    classes = _column_classes(names, columns)
    for row in cells:
        for cell, name in zip(row, classes):
            cell.set("class", " ".join(filter(None, [cell.get("class"), name])))
    for cell, name in zip(header, classes):
        cell.set("class", " ".join(filter(None, [cell.get("class"), name])))


def align_tables(fragment: str) -> str:
    """An HTML output with each pandas table's cells classed ``text``, ``num`` or ``kwic-*``.

    Parameters
    ----------
    fragment : str
        The ``text/html`` output of a cell (a DataFrame's HTML); text cells stay escaped.

    Returns
    -------
    str
        The same HTML with a ``class`` on every data cell and column header of each
        ``table.dataframe`` (:data:`REPORT_CSS` aligns them); other HTML is returned unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> out = align_tables(pd.DataFrame({"doc_id": ["a"], "left": ["x y"], "match": ["Korea"],
    ...                                  "right": ["z"], "n": [3]}).to_html())
    >>> re.findall(r'<td class="([^"]+)"', out)
    ['text', 'kwic-left', 'kwic-match', 'kwic-right', 'num']
    """
    if "<table" not in fragment or "dataframe" not in fragment:
        return fragment
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    tables = [t for t in root.iter("table") if "dataframe" in (t.get("class") or "").split()]
    if not tables:
        return fragment
    for table in tables:
        _align_table(table)
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner


# --------------------------------------------------------------------------- figures of a notebook

def notebook_figures(nb) -> list[dict]:
    """The figures a notebook saves and the tables it writes, in notebook order, with their text.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook whose code cells call ``outputs.save_figure(fig, output_dir, "NAME")`` and
        ``outputs.write_table(frame, output_dir, "NAME")``.

    Returns
    -------
    list of dict
        One ``{"kind": "figure"|"table", "name", "text"}`` per call, ``text`` being the
        markdown cell before it (its headings removed): what the notebook says about it.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Terms\\nThe top terms."),
    ...     nbformat.v4.new_code_cell('outputs.save_figure(fig, output_dir, "top_terms")')])
    >>> notebook_figures(nb)
    [{'kind': 'figure', 'name': 'top_terms', 'text': 'The top terms.'}]
    """
    found, text = [], ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            body = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("#"))
            text = body.strip() or text
        elif cell.cell_type == "code":
            for kind, pattern in (("figure", _SAVED), ("table", _WRITTEN)):
                found += [{"kind": kind, "name": n, "text": text} for n in pattern.findall(cell.source)]
    return found


def notebook_warnings(folder: Path, names: list[str] | None = None, kinds: tuple[str, ...] = ("CacheWarning",)) -> list[str]:
    """The warnings of these ``kinds`` that the executed notebooks of a report printed, so that the
    command can repeat them in the terminal (a damaged cache rebuilt is otherwise only seen there).

    Parameters
    ----------
    folder : Path
        The report folder (its ``notebooks/*.ipynb``).
    names : list of str, optional
        The notebooks of the run (their stems); None: every notebook in the folder.
    kinds : tuple of str
        Warning classes, as the notebooks print them (``CacheWarning: message``).

    Returns
    -------
    list of str
        ``NOTEBOOK: KIND: message``, in notebook and output order, each once.

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (Path(d) / "notebooks").mkdir()
    ...     cell = {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stderr",
    ...             "text": "CacheWarning: cache/x damaged; computing the stage again\\n"}]}
    ...     _ = (Path(d) / "notebooks" / "01_load.ipynb").write_text(json.dumps({"cells": [cell]}))
    ...     notebook_warnings(Path(d))
    ['01_load.ipynb: CacheWarning: cache/x damaged; computing the stage again']
    """
    import json

    found: list[str] = []
    for path in sorted((Path(folder) / "notebooks").glob("*.ipynb")):
        if names is not None and path.stem not in names:
            continue  # another run's notebook left in the folder
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for output in (o for c in cells for o in c.get("outputs", []) if o.get("name") == "stderr"):
            text = "".join(output.get("text", ""))
            found += [f"{path.name}: {line}" for line in text.splitlines() if line.startswith(tuple(f"{k}:" for k in kinds))]
    return list(dict.fromkeys(found))


def _markdown(text: str) -> str:
    """Notebook markdown as HTML, raw HTML in it escaped."""
    import mistune

    return mistune.create_markdown(escape=True)(text).strip()


# --------------------------------------------------------------------------- pages

def render_notebook(executed: Path, target: Path, links: dict | None = None) -> Path:
    """Render an executed notebook as a self-contained HTML page with navigation.

    Parameters
    ----------
    executed : Path
        The executed notebook.
    target : Path
        The HTML file to write (atomically).
    links : dict, optional
        ``{"index": (href, label), "previous": (href, label) or None, "next": ...}`` for the
        navigation bar (default: a link to ``index.html`` only).

    Returns
    -------
    Path
        ``target``.

    Examples
    --------
    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 1 · Test")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     nbformat.write(nb, Path(d) / "01_test.ipynb")
    ...     page = render_notebook(Path(d) / "01_test.ipynb", Path(d) / "01_test.html").read_text()
    >>> "<title>1 · Test</title>" in page, "cdn" in page, 'href="index.html"' in page
    (True, False, True)
    """
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                data["text/html"] = align_tables("".join(data["text/html"]))
    title = next((page_title(c.source) for c in nb.cells if c.cell_type == "markdown" and page_title(c.source)),
                 Path(executed).stem)
    nb.metadata["title"] = title
    resources = {"report": {"css": REPORT_CSS, "nav": _nav(links or {"index": ("index.html", "Index")})}}
    with _EXPORTER_LOCK:  # the exporter keeps each page's filters and metadata while it renders it
        body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return atomic_write(Path(target), lambda tmp: tmp.write_text(body, encoding="utf-8"))


_EXPORTER_LOCK = threading.Lock()


def prepare_rendering() -> bool:
    """Import what rendering a page needs (imported lazily, on the first page) and build the
    shared HTML exporter: the report's runner calls it in its pages' thread while the kernels
    start, so that the first page does not wait for it.

    Returns
    -------
    bool
        False when a package for the pages is missing (the page that needs it says so).

    Examples
    --------
    >>> prepare_rendering()
    True
    """
    try:
        import lxml.html  # noqa: F401
        import mistune  # noqa: F401
        import nbformat  # noqa: F401

        _exporter()
    except ImportError:
        return False
    return True


@functools.cache
def _exporter():
    """One HTML exporter for every page, as ``jupyter nbconvert`` has for every notebook it
    converts: its templates are compiled once (a new exporter compiles about ten again).

    nbconvert's ``HTMLExporter``, but its last step, which gives images without alternative text
    nbconvert's stock one and makes code inputs and outputs reachable with the keyboard
    (``tabindex``), is done on an lxml tree (:func:`_accessible`): nbconvert parses and writes
    the whole page with BeautifulSoup's pure-Python parser for it, 70% of the time of a page
    (about 0.8 s of CPU per report on ``seeds/``). The page is the same document (tested)."""
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node up to its BeautifulSoup pass (nbconvert 7)
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _accessible(page), resources

    return Exporter(template_name="lab", extra_loaders=[jinja2.DictLoader({"report.html.j2": _TEMPLATE})],
                    template_file="report.html.j2")


#: What nbconvert's accessibility pass marks (``HTMLExporter.from_notebook_node``'s CSS selectors
#: ``.jp-Notebook div.jp-Cell-inputWrapper`` and ``.jp-Notebook div.jp-OutputArea-output``).
_FOCUSABLE = " | ".join(
    f'//*[contains(concat(" ", normalize-space(@class), " "), " jp-Notebook ")]'
    f'//div[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'
    for name in ("jp-Cell-inputWrapper", "jp-OutputArea-output"))
#: nbconvert's alternative text for an image that has none.
_NO_ALT = "No description has been provided for this image"


def _accessible(page: str) -> str:
    """nbconvert's accessibility pass on ``page`` (a whole HTML document), on an lxml tree."""
    import lxml.html

    # huge_tree: without it libxml2 cuts a text node or attribute of more than 10 MB (a long output,
    # a large image) short, and the rest of the page with it, without an error
    document = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))
    for element in document.xpath(_FOCUSABLE):
        element.set("tabindex", "0")
    for image in document.xpath("//img[not(@alt)]"):
        image.set("alt", _NO_ALT)
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def _nav(links: dict) -> str:
    """The navigation bar: the index, then the previous and the next page when there is one."""
    parts = []
    for key, arrow in (("index", "↑ "), ("previous", "← "), ("next", "→ ")):
        if links.get(key):
            href, label = links[key]
            rel = {"previous": ' rel="prev"', "next": ' rel="next"'}.get(key, "")
            parts.append(f'<a href="{html.escape(href)}"{rel}>{arrow}{html.escape(label)}</a>')
    return f'<nav class="report-nav" aria-label="report">{"".join(parts)}</nav>'


# --------------------------------------------------------------------------- the index

_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>News coverage report: {corpus}</title>
<style>
body{{font:16px/1.5 system-ui,sans-serif;color:#1f2328;max-width:62em;margin:0 auto;padding:1em 1.5em}}
h1{{margin-bottom:.2em}} h2{{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}}
table{{border-collapse:collapse;margin:.5em 0}} th,td{{padding:.25em .7em;text-align:left;vertical-align:top}}
td.num{{text-align:right;font-variant-numeric:tabular-nums}} tr:nth-child(even){{background:#f6f8fa}}
thead th{{border-bottom:1px solid #d0d7de}} code{{background:#f3f6f9;padding:0 .25em}}
figure{{margin:1.5em 0}} figure img{{max-width:100%;height:auto;border:1px solid #d0d7de}}
figcaption{{font-size:.95em;color:#3d444d;max-width:52em}} .files a{{margin-right:.6em}}
.muted{{color:#59636e}} nav.toc ol{{margin:.3em 0}}
</style></head><body>
<h1>News coverage report</h1>
{run}
<nav class="toc" aria-label="contents"><ol>
{toc}
</ol></nav>
{sections}
<h2 id="tables">Tables</h2>
<p>Each table as CSV (for spreadsheets; text cells a spreadsheet would run as a formula start with
<code>'</code>) and as Parquet (typed columns, text unchanged).</p>
{tables}
</body></html>
"""


def _figure_title(png: Path) -> str:
    """The title :func:`analysis.outputs.save_figure` stored in the PNG (``""`` if none)."""
    from PIL import Image

    with Image.open(png) as image:
        return str(getattr(image, "text", {}).get("Title", ""))


def _figure(out: Path, name: str, text: str) -> str:
    """One figure of the index: the embedded PNG, its title and caption, links to PNG and SVG."""
    png = out / "figures" / f"{name}.png"
    if not png.is_file():
        return f'<p class="muted">Figure <code>{html.escape(name)}</code> was not written.</p>'
    title = _figure_title(png) or name.replace("_", " ")
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    files = " ".join(f'<a href="../figures/{html.escape(name)}.{ext}">{ext.upper()}</a>' for ext in ("png", "svg")
                     if (out / "figures" / f"{name}.{ext}").is_file())
    caption = _markdown(text) if text else ""
    return (f'<figure id="figure-{html.escape(name)}"><img src="data:image/png;base64,{data}" alt="{html.escape(title)}">'
            f'<figcaption><strong>{html.escape(title)}</strong> <span class="files">({files})</span>'
            f'{caption}</figcaption></figure>')


def _section(out: Path, stem: str) -> tuple[str, str]:
    """A notebook's entry in the contents and its section: question, figures, tables."""
    import nbformat

    nb = nbformat.read(out / "notebooks" / f"{stem}.ipynb", as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = page_title(first) or stem
    intro = next((p for p in re.split(r"\n\s*\n", first) if p.strip() and not p.lstrip().startswith("#")), "")
    items = notebook_figures(nb)
    figures = [_figure(out, i["name"], i["text"]) for i in items if i["kind"] == "figure"]
    tables = list(dict.fromkeys(i["name"] for i in items if i["kind"] == "table"))
    links = ", ".join(f'<a href="#table-{html.escape(t)}">{html.escape(t)}</a>' for t in tables)
    anchor = html.escape(stem)
    section = (f'<h2 id="{anchor}"><a href="{anchor}.html">{html.escape(title)}</a></h2>\n'
               + (_markdown(intro) + "\n" if intro else "") + "\n".join(figures)
               + (f"\n<p>Tables: {links}.</p>" if links else ""))
    return f'<li><a href="#{anchor}">{html.escape(title)}</a> (<a href="{anchor}.html">page</a>)</li>', section


def _run_summary(record: dict) -> str:
    """The corpus, the package and the parameters of the run (no times: those are in the manifest)."""
    corpus = record.get("corpus", {})
    count = corpus.get("files", 0)
    what = f"a folder of {count} file{'s' if count != 1 else ''}" if corpus.get("kind") == "folder" else "a file"
    digest = str(corpus.get("sha256", ""))[:16]
    package = record.get("package", {})
    rows = "\n".join(f"<tr><td><code>{html.escape(str(k))}</code></td><td><code>{html.escape(repr(v))}</code></td></tr>"
                     for k, v in record.get("parameters", {}).items())
    stale = record.get("stale") or []
    note = (f'<p class="muted">Also in the output folder, left by an earlier run and not rewritten by this one: '
            f'{", ".join(html.escape(s) for s in stale)}.</p>' if stale else "")
    return (f'<p>Corpus <code>{html.escape(str(corpus.get("path", "")))}</code>: {what} '
            f'(SHA-256 <code>{html.escape(digest)}…</code>), analysed with {html.escape(str(package.get("name", "")))} '
            f'{html.escape(str(package.get("version", "")))}. The full record of the run (versions, times, files) is '
            f'<a href="../manifest.json">manifest.json</a>.</p>\n'
            f'<details><summary>Parameters of this run</summary>\n<table><thead><tr><th>parameter</th><th>value</th>'
            f'</tr></thead><tbody>\n{rows}\n</tbody></table></details>\n{note}')


def _columns(path: Path) -> list[str]:
    """The column names of a Parquet or JSONL table (``[]`` for others)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    if path.suffix == ".jsonl":
        import json

        with open(path, encoding="utf-8") as handle:
            line = handle.readline()
        return list(json.loads(line)) if line.strip() else []
    return []


#: How the index names the formats of a table, in the order it lists them.
_FORMATS = {"csv": "CSV", "parquet": "Parquet", "jsonl": "JSONL"}


def _tables(out: Path, record: dict) -> str:
    """Every table the run wrote: rows, columns, and its files (CSV, Parquet, JSONL)."""
    by_name: dict[str, list[dict]] = {}
    for entry in record.get("tables", []):
        by_name.setdefault(Path(entry["path"]).stem, []).append(entry)
    rows = []
    for name, entries in sorted(by_name.items()):
        files = sorted(entries, key=lambda e: list(_FORMATS).index(e["format"]) if e["format"] in _FORMATS else 9)
        links = " ".join(f'<a href="../{html.escape(e["path"])}">{_FORMATS.get(e["format"], html.escape(e["format"]))}</a>'
                         for e in files)
        count = next((e["rows"] for e in files if e.get("rows") is not None), None)
        columns = next((c for e in files if (c := _columns(out / e["path"]))), [])
        rows.append(f'<tr id="table-{html.escape(name)}"><td><code>{html.escape(name)}</code></td>'
                    f'<td class="num">{"" if count is None else f"{count:,}"}</td>'
                    f'<td>{html.escape(", ".join(columns))}</td><td class="files">{links}</td></tr>')
    return ('<table><thead><tr><th>table</th><th>rows</th><th>columns</th><th>files</th></tr></thead><tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>")


def write_index(out: Path, names: list[str], record: dict) -> Path:
    """``OUTPUT_DIR/html/index.html``: the run, one section per notebook, every table.

    Parameters
    ----------
    out : Path
        The output folder (its ``notebooks/``, ``figures/`` and ``tables/`` are read).
    names : list of str
        The executed notebooks' names without ``.ipynb``, in order.
    record : dict
        The run's manifest (:func:`analysis.manifest.build_manifest`): corpus, parameters, tables.

    Returns
    -------
    Path
        The index, written atomically; it holds no time, so the same run gives the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (Path(d) / "html").mkdir()
    ...     page = write_index(Path(d), [], {"corpus": {"path": "seeds", "kind": "folder", "files": 5}}).read_text()
    >>> "Corpus <code>seeds</code>: a folder of 5 files" in page
    True
    """
    out = Path(out)
    parts = [_section(out, name) for name in names]
    page = _INDEX.format(corpus=html.escape(str(record.get("corpus", {}).get("path", ""))), run=_run_summary(record),
                         toc="\n".join(p[0] for p in parts) + '\n<li><a href="#tables">Tables</a></li>',
                         sections="\n".join(p[1] for p in parts), tables=_tables(out, record))
    return atomic_write(out / "html" / "index.html", lambda tmp: tmp.write_text(page, encoding="utf-8"))


_FAILED = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Report incomplete</title></head>
<body><h1>This report is incomplete</h1>
<p>The last run into this folder stopped: {why}. The command said which notebook and cell, and the
executed copy in <code>notebooks/</code> keeps the traceback. The tables, figures and pages left in this
folder may be from an earlier run, on another corpus or other parameters: run the command again.</p>
</body></html>
"""


def write_failed_index(out: Path, why: str = "a notebook failed") -> Path | None:
    """Replace ``OUTPUT_DIR/html/index.html``, when the folder has one, by a page that says the
    last run stopped: the runner calls it when a notebook fails or the run is interrupted, so that
    the report's front door never shows an earlier run's tables as this one's (a folder without an
    index is left as it is: nothing is written there).

    Parameters
    ----------
    out : Path
        The output folder.
    why : str
        What stopped the run (HTML-escaped here).

    Returns
    -------
    Path or None
        The page, written atomically; None where the folder had no index.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = write_failed_index(Path(d))
    ...     (Path(d) / "html").mkdir()
    ...     _ = (Path(d) / "html" / "index.html").write_text("an earlier report")
    ...     before, "This report is incomplete" in write_failed_index(Path(d)).read_text()
    (None, True)
    """
    target = Path(out) / "html" / "index.html"
    if not target.is_file():
        return None
    page = _FAILED.format(why=html.escape(why))
    return atomic_write(target, lambda tmp: tmp.write_text(page, encoding="utf-8"))
