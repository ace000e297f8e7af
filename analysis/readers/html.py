"""Saved HTML pages: bytes to the *whole-page text* the cleaner reads, and where each line stood.

The text is what a crawler's ``getText()`` gives for the whole page, one line per block
element: the article *and* its furniture (menus, footers, forms, teaser lists), so that the
cleaner labels and accounts for every line. Rules (the element lists are data:
``analysis/data/html.yaml``):

* decoding (:func:`decode_html`): a byte-order mark, else the charset the server sent (a WARC
  record's HTTP header), else the ``<meta charset>`` or ``http-equiv`` declaration in the first
  4 KiB (``iso-8859-1`` and ``us-ascii`` read as ``windows-1252``, as browsers do), else as a text
  page is decoded (``analysis.decode``); a declaration that does not fit the bytes is a warning;
* parsing with ``lxml.html``; ``<script>``, ``<style>``, ``<noscript>``, ``<template>``,
  ``<svg>``, ``<iframe>`` and comments dropped (their tail text kept); entities decoded;
* first line: the ``<title>``; then ``<body>`` in document order, every block element starting
  and ending a line (the text of inline elements inside it stays on its line), ``<br>`` breaking
  one; whitespace collapsed, empty lines dropped; the text ends with one newline.

With each line (:func:`page_lines`) come its block element, its *zone* (``furniture``: inside
a ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, a form or an element whose class or id
names a menu, a side bar, related articles, shares, comments...; ``article``: inside an
``<article>``, ``<main>`` or the article's body; the innermost such ancestor decides) and its
*link share* (the share of its characters inside links): the cleaner's structural evidence.

>>> page_text(b"<html><head><title>Judul</title><script>x()</script></head>"
...           b"<body><nav><a href='/'>Beranda</a></nav><p>Isi &amp; <b>berita</b>.</p></body></html>")
'Judul\\nBeranda\\nIsi & berita.\\n'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.html
from lxml import etree

from ..decode import decode
from ..documents import problem
from ..rules import load_yaml

__all__ = ["HtmlPage", "LineInfo", "decode_html", "parse_html", "page_lines", "page_text", "read_html",
           "html_rules", "element_zone"]

#: Bytes searched for a charset declaration.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
#: Labels browsers read as windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_WORD_SPLIT = re.compile(r"\s+")


@lru_cache(maxsize=1)
def html_rules() -> dict:
    """The element lists and zone words of ``analysis/data/html.yaml``, as sets and compiled patterns.

    Returns
    -------
    dict
        ``drop_tags``, ``block_tags``, ``furniture_tags``, ``article_tags``, ``furniture_words``,
        ``article_itemprops`` (frozensets; words in lower case).

    Examples
    --------
    >>> "p" in html_rules()["block_tags"], "nav" in html_rules()["furniture_tags"]
    (True, True)
    """
    data = load_yaml("html.yaml")
    zones = data["zones"]
    return {
        "drop_tags": frozenset(data["drop_tags"]), "block_tags": frozenset(data["block_tags"]),
        "furniture_tags": frozenset(zones["furniture_tags"]), "article_tags": frozenset(zones["article_tags"]),
        "furniture_words": frozenset(w.lower() for w in zones["furniture_words"]),
        "article_itemprops": frozenset(w.lower() for w in zones["article_itemprops"]),
    }


# --------------------------------------------------------------------------- decoding

def _codec(label: str | bytes | None) -> str | None:
    """The Python codec of a charset label (None when unknown), windows-1252 for Latin-1 labels."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def declared_charset(data: bytes) -> str | None:
    """The charset label of the first ``<meta charset>`` or ``http-equiv`` declaration (4 KiB)."""
    m = _META_CHARSET.search(data[:_PRESCAN])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, name: str, transport: str | None = None) -> tuple[str | None, str, list[dict]]:
    """Decode a saved page: BOM, then the server's charset, then the page's declaration, then as text.

    Parameters
    ----------
    data : bytes
        The page.
    name : str
        The file (or WARC record) named in problems.
    transport : str or None
        The charset the server sent with the page (a WARC record's ``Content-Type``), if any.

    Returns
    -------
    tuple
        ``(text or None when refused, encoding, problems)`` as ``analysis.decode.decode``.

    Examples
    --------
    >>> decode_html('<meta charset="iso-8859-1"><p>caf\\u00e9 \\u201cx\\u201d'.encode("cp1252"), "a.html")[:2]
    ('<meta charset="iso-8859-1"><p>café “x”', 'cp1252')
    >>> decode_html("<p>caf\\u00e9".encode(), "b.html", transport="utf-8")[1]
    'utf-8'
    """
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:3] == b"\xef\xbb\xbf" \
            or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return decode(data, name)  # a byte-order mark decides
    problems: list[dict] = []
    for label, where in ((transport, "the server's Content-Type"), (declared_charset(data), "the page's meta charset")):
        if not label:
            continue
        codec = _codec(label)
        if codec is None:
            problems.append(problem(name, "", "warning", f"{where} names an unknown charset {label!r}; ignored"))
            continue
        text, encoding, found = _decode_declared(data, name, codec, label, where)
        if text is not None or found:
            return text, encoding, problems + found
    text, encoding, found = decode(data, name)
    return text, encoding, problems + found


def _decode_declared(data: bytes, name: str, codec: str, label: str, where: str) -> tuple[str | None, str, list[dict]]:
    """``data`` in the declared ``codec``; a single-byte declaration on a page that is UTF-8 (a
    common mislabel) and bytes the codec cannot read give the page to ``decode`` with a warning."""
    single_byte = codec.startswith(("cp", "iso8859", "latin", "windows"))
    if single_byte and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            text, encoding, found = decode(data, name)
            return text, encoding, found + [problem(name, "", "warning", f"{where} says {label!r} but the page "
                                                    "is UTF-8; decoded as UTF-8")]
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        text, encoding, found = decode(data, name)
        return text, encoding, found + [problem(name, "", "warning", f"{where} says {label!r} but the bytes are "
                                                f"not {codec}; decoded as {encoding}")]
    text, _, found = decode(data.decode(codec).encode("utf-8"), name)
    return text, codec, found


# --------------------------------------------------------------------------- parsing and lines

@dataclass
class LineInfo:
    """Where one line of a page's text came from.

    Attributes
    ----------
    tag : str
        The block element whose text the line is (``title`` for the page title line).
    zone : str
        ``furniture``, ``article`` or ``""`` (the innermost ancestor naming a zone decides).
    link_share : float
        Share of the line's characters inside ``<a>`` elements.
    block : int
        The number of that block element in the page (in document order; 0 for the title).
    parent : int
        The number of the block element holding it (lines of one container share it; 0 at the top).
    """

    tag: str
    zone: str = ""
    link_share: float = 0.0
    block: int = 0
    parent: int = 0


@dataclass
class HtmlPage:
    """A saved page read: its text, how it was decoded, the problems, each line's origin, the parsed tree.

    Attributes
    ----------
    text : str or None
        The whole-page text (None when the page was refused).
    encoding : str
        The encoding it was decoded with.
    problems : list of dict
        Refusals and warnings (``documents.PROBLEM_COLUMNS``).
    lines : list of LineInfo
        One per line of ``text``.
    root : lxml element or None
        The parsed page (for its metadata: ``page_tags.page_metadata``).
    """

    text: str | None
    encoding: str = ""
    problems: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    root: object = None


def _collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _tag(el) -> str | None:
    """Lower-case local tag name, or None for comments, processing instructions and entities."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _zone(el, tag: str, rules: dict) -> str:
    """The zone an element names itself (``""`` when none)."""
    if tag in rules["furniture_tags"]:
        return "furniture"
    if tag in rules["article_tags"]:
        return "article"
    if (el.get("itemprop") or "").strip().lower() in rules["article_itemprops"]:
        return "article"
    words = set(_WORD_SPLIT.split(f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
    return "furniture" if words & rules["furniture_words"] else ""


def element_zone(el) -> str:
    """The zone an element stands in: that of its innermost ancestor (or itself) naming one.

    Parameters
    ----------
    el : lxml element
        An element of a parsed page.

    Returns
    -------
    str
        ``furniture``, ``article`` or ``""``.

    Examples
    --------
    >>> root = parse_html("<article><p>a</p><aside><p>b</p></aside></article>")
    >>> [element_zone(p) for p in root.iter("p")]
    ['article', 'furniture']
    """
    rules = html_rules()
    while el is not None:
        tag = _tag(el)
        zone = _zone(el, tag, rules) if tag else ""
        if zone:
            return zone
        el = el.getparent()
    return ""


class _Walk:
    """The lines of a ``<body>`` and where each came from, in one pass (an explicit stack: deep
    real-world nesting must not hit the recursion limit)."""

    def __init__(self, rules: dict):
        self.rules = rules
        self.lines: list[str] = []
        self.info: list[LineInfo] = []
        self.buf: list[str] = []
        self.linked = 0
        self.blocks: list[tuple[str, int]] = []  # open blocks: (tag, number)
        self.count = 0
        self.zones: list[str] = [""]
        self.links = 0  # open <a> elements

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)
            if self.links:
                self.linked += len(_collapse(text))

    def flush(self) -> None:
        s = _collapse("".join(self.buf))
        self.buf.clear()
        linked, self.linked = self.linked, 0
        if s:
            tag, block = self.blocks[-1] if self.blocks else ("body", 0)
            parent = self.blocks[-2][1] if len(self.blocks) > 1 else 0
            self.lines.append(s)
            self.info.append(LineInfo(tag, self.zones[-1], round(min(linked / len(s), 1.0), 3), block, parent))

    def run(self, root) -> None:
        rules = self.rules
        stack: list[tuple[object, bool]] = [(root, True)]
        while stack:
            el, entering = stack.pop()
            tag = _tag(el)
            is_root = el is root
            if not entering:
                self._leave(el, tag, is_root)
                continue
            if tag is None or tag in rules["drop_tags"]:
                if not is_root:
                    self.add(el.tail)
                continue
            if tag == "br":
                self.flush()
                self.add(el.tail)
                continue
            self._enter(el, tag)
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        self.flush()

    def _enter(self, el, tag: str) -> None:
        if tag in self.rules["block_tags"]:
            self.flush()
            self.count += 1
            self.blocks.append((tag, self.count))
        self.zones.append(_zone(el, tag, self.rules) or self.zones[-1])
        if tag == "a":
            self.links += 1
        self.add(el.text)

    def _leave(self, el, tag: str, is_root: bool) -> None:
        if tag in self.rules["block_tags"]:
            self.flush()
            self.blocks.pop()
        self.zones.pop()
        if tag == "a":
            self.links -= 1
        if not is_root:
            self.add(el.tail)


def parse_html(text: str):
    """The parsed page (``lxml.html``), or None when there is nothing to parse.

    Parameters
    ----------
    text : str
        The decoded page.

    Returns
    -------
    lxml.html.HtmlElement or None

    Examples
    --------
    >>> parse_html("<p>x</p>").tag, parse_html("  ")
    ('html', None)
    """
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def page_lines(root) -> tuple[list[str], list[LineInfo]]:
    """The lines of a parsed page: its ``<title>``, then one per block of ``<body>``; and their origin.

    Parameters
    ----------
    root : lxml element
        From :func:`parse_html`.

    Returns
    -------
    tuple
        The lines (whitespace collapsed, none empty) and one :class:`LineInfo` each.

    Examples
    --------
    >>> lines, info = page_lines(parse_html("<title>T</title><body><footer><a href=x>Kontak</a></footer>"))
    >>> lines, [(i.tag, i.zone, i.link_share) for i in info]
    (['T', 'Kontak'], [('title', '', 0.0), ('footer', 'furniture', 1.0)])
    """
    lines: list[str] = []
    info: list[LineInfo] = []
    title = root.find(".//title")
    if title is not None and _collapse(title.text_content()):
        lines.append(_collapse(title.text_content()))
        info.append(LineInfo("title"))
    body = root.find("body")
    if body is None:
        body = root.find(".//body")
    if body is not None:
        walk = _Walk(html_rules())
        walk.run(body)
        lines += walk.lines
        info += walk.info
    return lines, info


def read_html(data: bytes, name: str, transport: str | None = None) -> HtmlPage:
    """Read a saved page: decode, parse, and make its whole-page text and the origin of each line.

    Parameters
    ----------
    data : bytes
        The page.
    name : str
        The file (or WARC record) named in problems.
    transport : str or None
        The charset the server sent, if known.

    Returns
    -------
    HtmlPage
        ``text`` None (and an error in ``problems``) for a page that cannot be decoded or parsed,
        or holds no text.

    Examples
    --------
    >>> page = read_html(b"<title>T</title><p>Satu</p><ul><li><a href=x>Dua</a></li></ul>", "p.html")
    >>> page.text, [i.tag for i in page.lines]
    ('T\\nSatu\\nDua\\n', ['title', 'p', 'li'])
    """
    text, encoding, problems = decode_html(data, name, transport)
    if text is None:
        return HtmlPage(None, encoding, problems)
    root = parse_html(text)
    if root is None:
        return HtmlPage(None, encoding, problems + [problem(name, "", "error", "refused: the page cannot be parsed "
                                                            "as HTML")])
    lines, info = page_lines(root)
    if not lines:
        return HtmlPage(None, encoding, problems + [problem(name, "", "error", "refused: the HTML page holds no text")])
    return HtmlPage("\n".join(lines) + "\n", encoding, problems, info, root)


def page_text(data: bytes) -> str:
    """The whole-page text of a saved page ("" when it holds none): title line, then one line per block.

    Parameters
    ----------
    data : bytes
        The page.

    Returns
    -------
    str

    Examples
    --------
    >>> page_text(b"<p>Satu<br>Dua</p><div>Tiga <span>empat</span></div>")
    'Satu\\nDua\\nTiga empat\\n'
    """
    return read_html(data, "page.html").text or ""
