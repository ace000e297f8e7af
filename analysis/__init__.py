"""Analyse how a set of Indonesian online news outlets covered one story.

The package is a chain of pure DataFrame -> DataFrame stages, tidy-data style
(``ARCHITECTURE.md`` has the map):

    documents (one row per page)                 analysis.corpus
      -> lines (one row per raw line, labelled)  analysis.clean
      -> tokens                                  analysis.tokens
      -> counts, keyness, KWIC, actors           analysis.counts, .keyness, .kwic, .actors
      -> date mentions, timeline, look-back      analysis.dates
      -> quotes; near-copies between articles    analysis.quotes (+ quote_rules, speakers), analysis.syndication

``analysis.pipeline`` chains them over batches (cached, on pandas or Dask), configured by one
``analysis.config.RunConfig``. Every stage module is reachable from the package, imported on first
use (so ``import analysis`` stays cheap):

>>> import analysis
>>> analysis.tokens.tokenize.__module__
'analysis.tokens'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: The modules reachable as ``analysis.<name>`` (imported on first use).
MODULES = ("config", "corpus", "clean", "tokens", "actors", "counts", "keyness", "kwic", "dates",
           "published", "quote_rules", "quotes", "speakers", "syndication", "pipeline", "evaluation", "plots",
           "source_plots", "outputs", "notebook", "runner")

__all__ = [*MODULES, "__version__"]


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(MODULES))
