"""How a run is configured, and the constants shared by the stages (one home for each).

A :class:`RunConfig` carries every setting that decides *how* the stages run (engine,
scheduler, batch size, languages kept, default time zone, page-size limit, cache, progress
bars), so that the stages and the notebooks pass one object instead of keyword lists. It
checks its values when it is made, with a message naming the parameter.

>>> config = RunConfig(batch_size=100)
>>> config.engine, config.batch_size, config.default_tz
('pandas', 100, '+07:00')
>>> RunConfig(engine="spark")
Traceback (most recent call last):
...
ValueError: parameter engine must be one of pandas, dask, not 'spark'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from .rules import calendar

__all__ = ["RunConfig", "PROJECT", "ENGINES", "BATCH_SIZE", "LANGUAGES", "DEFAULT_TZ", "MAX_PAGE_CHARS",
           "UNKNOWN_OUTLET", "OTHER_OUTLETS", "LABELS", "split_words"]

#: The distribution's name (``pip install``), its console command and its Jupyter kernel.
PROJECT = "berita-coverage"

#: The engines a stage can run on: this machine (one process or its worker processes), or a Dask
#: cluster (the same tables).
ENGINES = ("pandas", "dask")
#: Documents per batch: memory is bounded by the batch, not the corpus.
BATCH_SIZE = 5000
#: The languages kept by default (ISO 639-1 codes; Malay pages of Indonesian outlets are kept).
LANGUAGES = ("id", "ms")
#: The UTC offset of a time written without a zone: ``calendar.yaml``'s ``default_zone`` (WIB).
DEFAULT_TZ = calendar()["timezones"][calendar()["default_zone"]]
#: Longer pages are cut there, with a warning (bounded work per page).
MAX_PAGE_CHARS = 5_000_000
#: How a document whose outlet is not stated is shown in tables and figures.
UNKNOWN_OUTLET = "(outlet not stated)"
#: How the outlets beyond a figure's top N are grouped.
OTHER_OUTLETS = "(other outlets)"
#: The labels the cleaner gives a line (``clean.label_lines``; as in the seeds gold).
LABELS = ("title", "dek", "byline", "dateline", "caption", "body", "duplicate", "credit", "boilerplate")


@dataclass(frozen=True)
class RunConfig:
    """How the stages run; every field has the default of ``python -m analysis run``.

    Parameters
    ----------
    engine : str
        ``"pandas"`` (this machine: a stage of several batches on its worker processes) or
        ``"dask"`` (a Dask cluster); the same tables.
    scheduler : str
        Address of an existing Dask scheduler; empty: a ``LocalCluster`` sized to the machine.
    batch_size : int
        Documents per batch.
    languages : tuple of str or "any"
        Languages to keep (ISO 639-1 codes), or ``"any"`` to keep every page (so does an empty
        list). A comma-separated string (``"id,ms"``) is accepted and split.
    default_tz : str
        UTC offset (``+07:00``) of a time written without a zone.
    max_page_chars : int
        Longer pages are cut there, with a warning.
    columns : str or tuple of (str, str)
        A table corpus's own columns read as the suite's: ``"text=isi,title=judul"`` (each the
        suite's name, ``=``, the file's column; :mod:`analysis.column_map`), kept as pairs; empty:
        the columns are named as the suite's.
    workers : int
        Engine ``pandas``: the worker processes of a stage of several batches (0: one per core,
        at most 8; 1: every batch in this process). The tables do not depend on it.
    use_cache : bool
        Reuse a finished stage of an earlier run on the same corpus and parameters.
    progress : bool
        Show progress bars (on stderr) when a stage has more than one batch.

    Returns
    -------
    RunConfig
        A frozen, validated configuration; :meth:`replace` makes a changed copy.
    """

    engine: str = "pandas"
    scheduler: str = ""
    batch_size: int = BATCH_SIZE
    languages: tuple[str, ...] | str = LANGUAGES
    default_tz: str = DEFAULT_TZ
    max_page_chars: int = MAX_PAGE_CHARS
    columns: tuple[tuple[str, str], ...] | str = ()
    workers: int = 0
    use_cache: bool = True
    progress: bool = True

    def __post_init__(self):
        if self.engine not in ENGINES:
            raise ValueError(f"parameter engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if not isinstance(self.scheduler, str):
            raise ValueError(f"parameter scheduler must be a string, not {self.scheduler!r}")
        for name in ("batch_size", "max_page_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"parameter {name} must be a positive integer, not {value!r}")
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 0:
            raise ValueError(f"parameter workers must be 0 (one per core) or a positive integer, not {self.workers!r}")
        object.__setattr__(self, "languages", _languages(self.languages))
        from .column_map import parse_columns

        object.__setattr__(self, "columns", parse_columns(self.columns))
        for name in ("use_cache", "progress"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"parameter {name} must be True or False, not {getattr(self, name)!r}")

    def replace(self, **changes) -> "RunConfig":
        """A copy with ``changes`` applied (and checked)."""
        return replace(self, **changes)

    def as_dict(self) -> dict:
        """The settings as a plain dict (for cache keys and the record of a run)."""
        out = asdict(self)
        out["languages"] = self.languages if isinstance(self.languages, str) else list(self.languages)
        return out


def _languages(value) -> tuple[str, ...] | str:
    """``"any"``, or a tuple of language codes from a tuple or a comma-separated string (an empty
    one, as ``corpus.finish`` reads it, keeps every page like ``"any"``). A code must be ISO
    639-1 (:func:`_iso_639_1`): another one (``xx``, ``ind``) matches no page and would refuse
    them all."""
    if isinstance(value, str):
        if value.strip() == "any":
            return "any"
        value = value.split(",")
    try:
        codes = tuple(str(code).strip() for code in value if str(code).strip())
    except TypeError:
        raise ValueError(f"parameter languages must be 'any' or language codes, not {value!r}") from None
    unknown = [code for code in codes if code not in LANGUAGES and code not in _iso_639_1()]
    if unknown:
        raise ValueError(f"parameter languages: {', '.join(map(repr, unknown))} is not an ISO 639-1 language code "
                         "(two lower-case letters, such as id, ms or en); no page would be kept")
    return codes


@lru_cache(maxsize=1)
def _iso_639_1() -> frozenset[str]:
    """The ISO 639-1 language codes: Unicode CLDR's two-letter codes, as Babel ships them (read
    only when a code other than the default ones is given)."""
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if len(code) == 2 and code.isalpha())


def split_words(words: Iterable[str] | str, parameter: str = "words") -> tuple[str, ...]:
    """Words given as a comma-separated string or a list, stripped, blanks dropped, sorted.

    The one parser of word-list options (``extra_stopwords``), so that a stage's cache key and
    a notebook see the same words.

    Parameters
    ----------
    words : str or iterable of str
        ``"korea, senjata"`` or ``["korea", "senjata"]``.
    parameter : str
        The option's name, for the message if ``words`` is neither.

    Returns
    -------
    tuple of str
        The words in sorted order (case and duplicates kept).

    Examples
    --------
    >>> split_words(" senjata, Korea,, ")
    ('Korea', 'senjata')
    >>> split_words(["b", " a"])
    ('a', 'b')
    """
    if isinstance(words, str):
        words = words.split(",")
    elif not isinstance(words, Iterable):
        raise ValueError(f"parameter {parameter} must be a comma-separated string or a list of words, "
                         f"not {words!r}")
    return tuple(sorted(w.strip() for w in words if w.strip()))
