"""Command line: ``berita-coverage run|notebooks|parameters``, also ``python -m analysis ...``
(:func:`analysis.runner.main`).

``run`` executes every notebook on a corpus (:mod:`analysis.runner`), after checking every
parameter and path once (:mod:`analysis.parameters`) and taking the output folder's lock
(:mod:`analysis.lock`). Exit codes of ``run``: 0 the report was written, 1 a notebook failed
(named with its cell and the line that raised), 2 a parameter or path was refused before
anything was written, 3 the output folder is in use by another run, 130 interrupted (the
output folder's lock is released).
"""

import sys

from .runner import main


def cli() -> None:
    """The console command ``berita-coverage``: :func:`analysis.runner.main`, exit code 130 when interrupted."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    cli()
