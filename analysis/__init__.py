"""Analyse how a set of Indonesian online news outlets covered one story.

The package is a chain of pure DataFrame -> DataFrame stages, tidy-data style:

    documents (one row per page)   analysis.corpus
      -> lines (one row per raw line, labelled)   analysis.clean
      -> tokens / term counts / keyness / KWIC     analysis.terms
      -> date mentions / timeline                  analysis.dates

Every stage works on any batch of documents, so it can run per partition.
"""

__version__ = "0.1.0"
