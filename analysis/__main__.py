"""Command line: ``berita-coverage run|notebooks|parameters``, also ``python -m analysis ...``
(:func:`analysis.runner.main`).

``run`` executes every notebook on a corpus (:mod:`analysis.runner`), after checking every
parameter and path once (:mod:`analysis.parameters`) and taking the output folder's lock
(:mod:`analysis.lock`). Exit codes of ``run``: 0 the report was written, 1 a notebook failed
(named with its cell and the line that raised), 2 a parameter or path was refused before
anything was written, 3 the output folder is in use by another run, 130 interrupted (the
output folder's lock is released).
"""

import atexit
import os
import sys
import threading

from .runner import main


def cli() -> None:
    """The console command ``berita-coverage``: :func:`analysis.runner.main`, exit code 130 when interrupted."""
    try:
        code = main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    _leave(code)


def _leave(code: int) -> None:
    """Exit with ``code`` at once: the exit handlers run (``atexit``: temporary folders, logging)
    and the output streams are flushed, but the interpreter's teardown, which frees the objects of
    pandas, pyarrow, nbconvert and Jupyter one by one (0.13 s, a thirtieth of a report on the
    seeds), is skipped. Every file the run wrote was closed by then, and its kernels stopped.
    The usual exit is kept where the process has more to do after this: another thread still
    runs, or a profiler or tracer (``python -m cProfile``) writes its results when the command returns."""
    if threading.active_count() > 1 or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written to it
            pass
    os._exit(code)


if __name__ == "__main__":
    cli()
