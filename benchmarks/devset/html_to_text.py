#!/usr/bin/env python3
"""Turn a saved HTML page into "whole-page text", one line per block element.

This is what a crawler's ``getText()`` gives for a whole page: the article *and* its
furniture (menus, footers, forms, related-article lists), with no attempt at cleaning. The
rules are the package's own reader of saved pages, ``analysis.readers.html`` (decoding by
byte-order mark, the server's or the page's declared charset, else as a text page; scripts,
styles and comments dropped; the ``<title>`` first, then one line per block element; see its
docstring), so the development set's texts are exactly what the suite reads from the HTML.

Usage:
    python html_to_text.py PAGE.html              # text to stdout
    python html_to_text.py PAGE.html -o PAGE.txt
    python html_to_text.py A.html B.html --outdir DIR   # DIR/<stem>.txt
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.readers.html import page_text  # noqa: E402

__all__ = ["page_text", "main"]


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
