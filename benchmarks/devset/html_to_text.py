#!/usr/bin/env python3
"""Turn a saved HTML page into "whole-page text", one line per block element.

This imitates what a crawler's ``getText()`` gives for a whole page: the
article *and* its furniture (menus, footers, forms, related-article lists),
with no attempt at cleaning.  The output is the input of the news-page
cleaner, so it must be deterministic: the same bytes always give the same
text.

Rules
-----
* Decoding: the charset declared in the first 4 KiB of the page
  (``<meta charset>`` or ``<meta http-equiv content="...; charset=...">``,
  or a byte-order mark); otherwise UTF-8.  Undecodable bytes are replaced.
* Parsing: ``lxml.html``.  ``<script>``, ``<style>``, ``<noscript>``,
  ``<template>``, ``<svg>``, ``<iframe>`` and comments are dropped (their
  tail text is kept).
* First line: the ``<title>`` text (omitted when empty).
* Then ``<body>`` is walked in document order.  Every block-level element
  (see ``BLOCK_TAGS``) starts and ends a line, so each block's own text -
  including the text of the inline elements inside it (a, span, b, i, strong,
  em, small, time, sup, sub, font, u, ...) - forms one line; text before and
  after a nested block ends up on separate lines.  ``<br>`` breaks a line.
  Unknown (e.g. custom) elements are treated as inline.
* Whitespace is collapsed to single spaces within a line, lines are stripped,
  empty lines are dropped.  Lines are joined with ``\\n``; the text ends with
  one ``\\n``.

Usage:
    python html_to_text.py PAGE.html              # text to stdout
    python html_to_text.py PAGE.html -o PAGE.txt
    python html_to_text.py A.html B.html --outdir DIR   # DIR/<stem>.txt

Only the standard library and lxml are used.
"""
from __future__ import annotations

import argparse
import codecs
import re
import sys
from pathlib import Path

import lxml.html
from lxml import etree

DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "button", "caption",
    "center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "label", "legend", "li", "main",
    "menu", "nav", "ol", "optgroup", "option", "p", "pre", "section",
    "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th",
    "thead", "tr", "ul",
})

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def declared_encoding(html_bytes: bytes) -> str:
    """Codec name from a BOM or the first <meta ... charset=...>; else utf-8."""
    if html_bytes.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if html_bytes.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _META_CHARSET.search(html_bytes[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").strip().lower()
        try:
            return codecs.lookup(name).name
        except LookupError:
            pass
    return "utf-8"


def decode_html(html_bytes: bytes) -> str:
    return html_bytes.decode(declared_encoding(html_bytes), errors="replace")


def _collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _tag(el) -> str | None:
    """Lower-case local tag name, or None for comments / PIs / entities."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    if "}" in tag:
        tag = tag.rsplit("}", 1)[1]
    if ":" in tag:
        tag = tag.rsplit(":", 1)[1]
    return tag.lower()


def _body_lines(root) -> list[str]:
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = _collapse("".join(buf))
        buf.clear()
        if s:
            lines.append(s)

    # explicit stack: deep real-world nesting must not hit the recursion limit
    stack: list[tuple[object, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = _tag(el)
        is_root = el is root
        if entering:
            if tag is None or tag in DROP_TAGS:
                if not is_root and el.tail:
                    buf.append(el.tail)
                continue
            if tag == "br":
                flush()
                if el.tail:
                    buf.append(el.tail)
                continue
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                buf.append(el.text)
            stack.append((el, False))
            for child in reversed(el):
                stack.append((child, True))
        else:
            if tag in BLOCK_TAGS:
                flush()
            if not is_root and el.tail:
                buf.append(el.tail)
    flush()
    return lines


def page_text(html_bytes: bytes) -> str:
    """Whole-page text of a saved HTML page: title line, then one line per block."""
    text = _XML_DECL.sub("", decode_html(html_bytes), count=1)
    if not text.strip():
        return ""
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    lines: list[str] = []
    title = doc.find(".//title")
    if title is not None:
        t = _collapse(title.text_content())
        if t:
            lines.append(t)
    body = doc.find("body")
    if body is None:
        body = doc.find(".//body")
    if body is not None:
        lines.extend(_body_lines(body))
    return "\n".join(lines) + "\n" if lines else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", nargs="+", type=Path, help="saved HTML page(s)")
    ap.add_argument("-o", "--out", type=Path, help="output file (single input only)")
    ap.add_argument("--outdir", type=Path, help="write <stem>.txt for each input here")
    args = ap.parse_args(argv)
    if args.out and len(args.html) != 1:
        ap.error("-o/--out takes exactly one input; use --outdir for several")
    for path in args.html:
        txt = page_text(path.read_bytes())
        if args.outdir:
            args.outdir.mkdir(parents=True, exist_ok=True)
            (args.outdir / (path.stem + ".txt")).write_text(txt, encoding="utf-8", newline="\n")
        elif args.out:
            args.out.write_text(txt, encoding="utf-8", newline="\n")
        else:
            sys.stdout.buffer.write(txt.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
