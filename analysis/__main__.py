"""Command line: ``python -m analysis run|notebooks|parameters`` (see analysis.runner)."""

import sys

from .runner import main

if __name__ == "__main__":
    sys.exit(main())
