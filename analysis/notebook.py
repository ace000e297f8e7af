"""The set-up every notebook shares, as one call: ``session = notebook.setup(corpus=..., ...)``.

A notebook's parameter cell names the corpus, the output folder and how the stages run (papermill
overrides those); :func:`setup` applies the display settings of :func:`outputs.setup_notebook`,
resolves the corpus path, checks the settings into one :class:`~analysis.config.RunConfig` and
prints the corpus line. The stages then take ``session.config``.

>>> session = setup(corpus="seeds", languages="id,ms", progress=False)
corpus: seeds
>>> session.config.languages, session.corpus.name
(('id', 'ms'), 'seeds')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import outputs, paths
from .config import BATCH_SIZE, DEFAULT_TZ, LANGUAGES, MAX_PAGE_CHARS, RunConfig

__all__ = ["Session", "setup"]


@dataclass(frozen=True)
class Session:
    """What a notebook runs on: the resolved corpus path, the output folder and the run's settings.

    Parameters
    ----------
    corpus : Path
        The corpus, as an absolute path.
    output_dir : str or Path
        The output folder, as given (relative paths are taken from the repository root).
    config : RunConfig
        How the stages run.

    Returns
    -------
    Session

    Examples
    --------
    >>> Session(Path("/data/corpus"), "reports", RunConfig()).config.engine
    'pandas'
    """

    corpus: Path
    output_dir: str | Path
    config: RunConfig


def setup(corpus: str | Path = "seeds", output_dir: str | Path = "reports", *, engine: str = "pandas",
          scheduler: str = "", batch_size: int = BATCH_SIZE, languages: str | tuple[str, ...] = LANGUAGES,
          max_page_chars: int = MAX_PAGE_CHARS, default_tz: str = DEFAULT_TZ, use_cache: bool = True,
          progress: bool = True) -> Session:
    """Set a notebook up: display settings, the corpus path, the run's settings; prints the corpus.

    Parameters
    ----------
    corpus : str or Path
        Folder of ``.txt`` pages, or a ``.csv``/``.jsonl``/``.parquet`` file with a ``text`` column
        (relative paths are taken from the repository root).
    output_dir : str or Path
        Where ``tables/``, ``figures/`` and the stage cache are written.
    engine, scheduler, batch_size, languages, max_page_chars, default_tz, use_cache, progress
        As for :class:`~analysis.config.RunConfig` (``languages`` may be ``"id,ms"`` or ``"any"``).

    Returns
    -------
    Session
        The corpus path, the output folder and the checked :class:`~analysis.config.RunConfig`.

    Examples
    --------
    >>> setup(corpus="seeds", batch_size=100).config.batch_size
    corpus: seeds
    100
    """
    config = RunConfig(engine=engine, scheduler=scheduler, batch_size=batch_size, languages=languages,
                       default_tz=default_tz, max_page_chars=max_page_chars, use_cache=use_cache,
                       progress=progress)
    outputs.setup_notebook()
    corpus_path = paths.resolve(corpus)
    print(f"corpus: {paths.display_path(corpus_path)}")
    return Session(corpus=corpus_path, output_dir=output_dir, config=config)
