"""Former home of the term statistics, split by issue 12 (see the TRANSITION block below).

The term statistics now live in one module per concern:

* :mod:`analysis.tokens` – stopwords and the tokenizer (its token conventions in the docstring);
* :mod:`analysis.actors` – the actor gazetteer, actor counts and candidates;
* :mod:`analysis.counts` – term counts, n-grams and :class:`~analysis.counts.TermCounts`
  (the tables of a corpus counted in batches);
* :mod:`analysis.keyness` – log-likelihood keyness, tf-idf and collocations;
* :mod:`analysis.kwic` – keyword in context;
* ``analysis/engine/partials.py`` – batch counting and key packing (engine layer).

>>> import pandas as pd
>>> texts = pd.DataFrame({"doc_id": ["a"], "text": ["AS dan Korut membahas negara-negara lain."]})
>>> tokenize(texts).token.tolist() == tokens.tokenize(texts).token.tolist()
True
"""

from __future__ import annotations

import pandas as pd

from . import actors, counts, keyness as _keyness_module, kwic as _kwic_module, tokens
from ._columns import check_choice
from .engine import partials

# TRANSITION (issue 12): re-exports for callers not yet moved; removed at integration
TOKEN_PATTERN = tokens.TOKEN_PATTERN
load_stopwords = tokens.load_stopwords
word_tokenizer = tokens.word_tokenizer
tokenize = tokens.tokenize
ACTOR_TYPES = actors.ACTOR_TYPES
load_actors = actors.load_actors
mark_actors = actors.mark_actors
actor_counts = actors.actor_counts
actor_candidates = actors.actor_candidates
term_counts = counts.term_counts
term_counts_by = counts.term_counts_by
ngrams = counts.ngrams
log_likelihood_g2 = _keyness_module.log_likelihood_g2
keyness = _keyness_module.keyness
collocations = _keyness_module.collocations
kwic = _kwic_module.kwic
CONTEXT_CHARS_PER_WORD = _kwic_module.CONTEXT_CHARS_PER_WORD
PARTIAL_VALUES = partials.PARTIAL_VALUES
NO_WORD = partials.NO_WORD
partial_keys = partials.partial_keys
partial_counts = partials.partial_counts
combine_counts = partials.combine_counts
Vocabulary = partials.Vocabulary
pack_keys = partials.pack_keys
unpack_keys = partials.unpack_keys


def term_counts_from(combined: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """TRANSITION: ``counts.TermCounts(combined).terms()``."""
    return counts.TermCounts(combined).terms()


def term_counts_by_from(combined: dict[str, pd.DataFrame], by: str = "outlet") -> pd.DataFrame:
    """TRANSITION: ``counts.TermCounts(combined).by_outlet()``."""
    check_choice("by", by, ("outlet",))
    return counts.TermCounts(combined).by_outlet()


def keyness_from(combined: dict[str, pd.DataFrame], by: str = "outlet",
                 min_count: int = 3) -> pd.DataFrame:
    """TRANSITION: ``counts.TermCounts(combined).keyness(min_count)``."""
    check_choice("by", by, ("outlet",))
    return counts.TermCounts(combined).keyness(min_count)


def ngrams_from(combined: dict[str, pd.DataFrame], n: int = 2, *, min_count: int = 1,
                adjacent_only: bool = False) -> pd.DataFrame:
    """TRANSITION: ``counts.TermCounts(combined).ngrams(n, min_count, adjacent_only=...)``."""
    return counts.TermCounts(combined).ngrams(n, min_count, adjacent_only=adjacent_only)


def collocations_from(combined: dict[str, pd.DataFrame], min_count: int = 2,
                      measure: str = "likelihood_ratio", top_n: int | None = 50) -> pd.DataFrame:
    """TRANSITION: ``counts.TermCounts(combined).collocations(min_count, measure, top_n)``."""
    return counts.TermCounts(combined).collocations(min_count, measure, top_n)
# end of TRANSITION block
