"""The set-up every notebook shares, as one call: ``session = notebook.setup(corpus=..., ...)``.

A notebook's parameter cell names the corpus, the output folder, how the stages run and the
notebook's own settings (papermill or the runner override those). :func:`setup` checks all of
them at once, before anything is written, with the checks and messages of ``python -m
analysis run`` (:func:`analysis.parameters.check_notebook`: types, allowed values, paths);
then applies the display settings of :func:`outputs.setup_notebook` (the figure style when the
notebook imports ``analysis.plots``, if matplotlib is not imported yet), finds the corpus and
prints it, and returns the run's settings as one :class:`~analysis.config.RunConfig`. The
stages then take ``session.config``; ``session.parameters`` holds every value converted to its
parameter's type (the notebooks put them back in their namespace).

Relative paths are taken from the kernel's working directory (the folder papermill was started
in or its ``--cwd``; in JupyterLab and nbval the notebook's folder); ``seeds`` and the seeds'
gold are found in the package when that folder has none (:mod:`analysis.paths`).

>>> session = setup(corpus="seeds", languages="id,ms", progress=False)
corpus: seeds
>>> session.config.languages, session.corpus.name
(('id', 'ms'), 'seeds')
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import outputs, paths
from .config import BATCH_SIZE, DEFAULT_TZ, LANGUAGES, MAX_PAGE_CHARS, RunConfig
from .parameters import check_notebook

__all__ = ["Session", "setup"]


@dataclass(frozen=True)
class Session:
    """What a notebook runs on: the resolved corpus path, the output folder and the run's settings.

    Parameters
    ----------
    corpus : Path
        The corpus, as an absolute path.
    output_dir : str or Path
        The output folder, as given (relative paths are taken from the working directory).
    config : RunConfig
        How the stages run.
    parameters : dict
        Every parameter given to :func:`setup`, checked and converted to its type.

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
    parameters: dict = field(default_factory=dict)


def setup(corpus: str | Path = "seeds", output_dir: str | Path = "reports", *, engine: str = "pandas",
          scheduler: str = "", batch_size: int = BATCH_SIZE, workers: int = 0,
          languages: str | tuple[str, ...] = LANGUAGES,
          max_page_chars: int = MAX_PAGE_CHARS, columns: str = "", default_tz: str = DEFAULT_TZ, use_cache: bool = True,
          progress: bool = True, **notebook_parameters) -> Session:
    """Set a notebook up: check every parameter, display settings, the corpus; prints the corpus.

    Parameters
    ----------
    corpus : str or Path
        Folder of ``.txt`` pages, or a ``.csv``/``.jsonl``/``.parquet`` file with a ``text`` column
        (relative paths are taken from the working directory; ``seeds``: the bundled seeds
        when the working directory has none).
    output_dir : str or Path
        Where ``tables/``, ``figures/`` and the stage cache are written (relative to the
        working directory).
    engine, scheduler, batch_size, workers, languages, max_page_chars, columns, default_tz, use_cache, progress
        As for :class:`~analysis.config.RunConfig` (``languages`` may be ``"id,ms"`` or ``"any"``;
        ``columns`` ``"text=isi,title=judul"``).
    **notebook_parameters
        The notebook's other parameters (``gold``, ``top_n``, ...), checked by the rules of
        :data:`analysis.parameters.RULES`.

    Returns
    -------
    Session
        The corpus path, the output folder, the checked :class:`~analysis.config.RunConfig`
        and every parameter converted to its type. Raises
        :class:`~analysis.parameters.ParameterError` listing every problem, before anything
        is written.

    Examples
    --------
    >>> setup(corpus="seeds", batch_size=100, top_n="30").parameters["top_n"]
    corpus: seeds
    30
    >>> setup(corpus="seeds", top_n=0)
    Traceback (most recent call last):
    ...
    analysis.parameters.ParameterError: parameter 'top_n': 0 is not allowed; expected a positive integer (1, 2, 3, ...)
    """
    if not isinstance(languages, str) and isinstance(languages, (tuple, list)):
        languages = ",".join(languages)
    cwd = Path(os.getcwd())
    values = check_notebook({"corpus": str(corpus), "output_dir": str(output_dir), "engine": engine,
                             "scheduler": scheduler, "batch_size": batch_size, "workers": workers,
                             "languages": languages, "columns": columns,
                             "max_page_chars": max_page_chars, "default_tz": default_tz, **notebook_parameters},
                            cwd)
    config = RunConfig(engine=values["engine"], scheduler=values["scheduler"], batch_size=values["batch_size"],
                       workers=values["workers"], languages=values["languages"], default_tz=values["default_tz"],
                       max_page_chars=values["max_page_chars"], columns=values["columns"], use_cache=use_cache,
                       progress=progress)
    outputs.setup_notebook(defer_figure_style=True)  # the figure style when the notebook imports the plots
    corpus_path = paths.locate(values["corpus"], cwd)
    given = Path(values["corpus"]).expanduser()  # shown as given when relative: no machine path
    print(f"corpus: {given.as_posix() if not given.is_absolute() else paths.display_path(corpus_path, cwd)}")
    return Session(corpus=corpus_path, output_dir=output_dir, config=config, parameters=values)
