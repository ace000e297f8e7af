"""The whole test session (tests, doctests of analysis/, nbval's kernels) keeps the package's user
cache in a scratch folder of its own: nothing is written to the developer's ~/.cache, and every run
starts from an empty cache, so that the data patterns are checked and py3langid's model is
decompressed at least once (analysis.user_cache)."""

import os
import shutil
import tempfile

_SCRATCH = []


def pytest_configure(config):
    from analysis.user_cache import CACHE_VARIABLE

    _SCRATCH.append(tempfile.mkdtemp(prefix="berita-test-cache-"))
    os.environ[CACHE_VARIABLE] = _SCRATCH[-1]


def pytest_unconfigure(config):
    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)
