"""Rule and word-list data shipped in ``analysis/data/``, loaded once and compiled.

Hand-written knowledge (outlet furniture, Indonesian calendar words, the actor
gazetteer) lives in YAML/text files so that it can be read, reviewed and
extended without touching code. Every pattern is checked when its file is loaded: one that
does not compile raises :class:`analysis.re2.PatternError`, naming the file, the entry and
the pattern.

>>> calendar()["months"]["okt"]
10
>>> [p.name for p in outlet_profiles()][:2]
['Bisnis.com', 'Okezone']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


__all__ = ["data_text", "load_yaml", "parse_yaml", "calendar", "outlet_profiles", "OutletProfile", "metadata_rules"]

_OUTLETS = "outlets.yaml"


def data_text(name: str) -> str:
    """The text of a data file shipped in ``analysis/data``.

    Parameters
    ----------
    name : str
        File name (``furniture.yaml``).

    Returns
    -------
    str

    >>> data_text("language.yaml").startswith("#")
    True
    """
    return resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    """Parse a YAML data file of ``analysis/data`` (cached; treat the result as read-only).

    Parameters
    ----------
    name : str
        File name (``outlets.yaml``).

    Returns
    -------
    dict

    >>> sorted(load_yaml("outlets.yaml"))
    ['generic', 'outlets']
    """
    return parse_yaml(data_text(name))


#: libyaml's parser where PyYAML was built with it (its wheels are): the same safe loading,
#: several times faster than the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str):
    """YAML text parsed as ``yaml.safe_load`` does (only plain data: no Python objects).

    Parameters
    ----------
    text : str
        A YAML document.

    Returns
    -------
    object
        Its data (``None`` for an empty document).

    Examples
    --------
    >>> parse_yaml("- {canonical: Korea Utara}")
    [{'canonical': 'Korea Utara'}]
    """
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def calendar() -> dict:
    """Month and weekday names (lower-case) and time-zone offsets of ``calendar.yaml``.

    Parameters
    ----------
    None

    Returns
    -------
    dict

    >>> calendar()["timezones"]["WIB"]
    '+07:00'
    """
    return load_yaml("calendar.yaml")


def _compile(patterns, flags: int, entry: str) -> list[re.Pattern]:
    """The patterns of the list ``entry`` of ``outlets.yaml``, each checked (:func:`analysis.re2.compile_python`)."""
    from .re2 import compile_python

    return [compile_python(p, flags, _OUTLETS, f"{entry}[{i}]") for i, p in enumerate(patterns or [])]


def _compile_one(entries: dict, key: str, flags: int = 0, entry: str = "generic") -> re.Pattern:
    """The pattern ``key`` of ``entries`` (the part ``entry`` of ``outlets.yaml``), checked.

    :mod:`analysis.re2` (pyarrow, pandas) is imported here, when a pattern is compiled: the
    report's runner reads this module's constants without loading them.
    """
    from .re2 import compile_python

    return compile_python(entries[key], flags, _OUTLETS, f"{entry}.{key}")


@dataclass(frozen=True)
class OutletProfile:
    """One outlet's layout: how to recognise it, its datelines, bylines and furniture.

    Parameters
    ----------
    name : str
        Canonical outlet name.
    aliases : tuple of str
        Other spellings.
    identify, dateline, byline, furniture : tuple of re.Pattern
        The compiled patterns of the profile's lists of the same name.
    raw : dict
        The profile as written in ``outlets.yaml``.

    Returns
    -------
    OutletProfile

    >>> OutletProfile("X").dateline
    ()
    """

    name: str
    aliases: tuple[str, ...] = ()
    identify: tuple[re.Pattern, ...] = ()
    dateline: tuple[re.Pattern, ...] = ()
    byline: tuple[re.Pattern, ...] = ()
    furniture: tuple[re.Pattern, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=None)
def outlet_profiles() -> tuple[OutletProfile, ...]:
    """The outlet profiles of ``outlets.yaml``, patterns compiled, in file order.

    Parameters
    ----------
    None

    Returns
    -------
    tuple of OutletProfile
        Raises :class:`analysis.re2.PatternError` (naming ``outlets.yaml``, the entry such as
        ``outlets[Okezone].byline[0]`` and the pattern) for a pattern that does not compile.

    >>> outlet_profiles()[0].name
    'Bisnis.com'
    """
    out = []
    for entry in load_yaml(_OUTLETS)["outlets"]:
        where = f"outlets[{entry['name']}]"
        out.append(
            OutletProfile(
                name=entry["name"],
                aliases=tuple(entry.get("aliases", ())),
                identify=tuple(_compile(entry.get("identify"), re.M, f"{where}.identify")),
                dateline=tuple(_compile(entry.get("dateline"), re.M, f"{where}.dateline")),
                byline=tuple(_compile(entry.get("byline"), 0, f"{where}.byline")),
                furniture=tuple(_compile(entry.get("furniture"), re.I, f"{where}.furniture")),
                raw=entry,
            )
        )
    return tuple(out)


@lru_cache(maxsize=None)
def metadata_rules() -> dict:
    """Generic (outlet-independent) metadata rules of ``outlets.yaml``, compiled.

    Parameters
    ----------
    None

    Returns
    -------
    dict
        Compiled patterns (or lists of them) by key of ``generic``; raises
        :class:`analysis.re2.PatternError` for a pattern that does not compile.

    >>> metadata_rules()["name_split"].split("Budi, Ani")
    ['Budi', 'Ani']
    """
    g = load_yaml(_OUTLETS)["generic"]
    return {
        "dateline_outlet": _compile(g["dateline_outlet"], re.M, "generic.dateline_outlet"),
        "copyright_outlet": _compile_one(g, "copyright_outlet"),
        "byline_outlet": _compile_one(g, "byline_outlet"),
        "masthead_outlet": _compile_one(g, "masthead_outlet"),
        "title_suffix": _compile_one(g, "title_suffix"),
        "byline": _compile(g["byline"], 0, "generic.byline"),
        "byline_label": {k: _compile_one(g["byline_label"], k, re.I, entry="generic.byline_label")
                         for k in g["byline_label"]},
        "credit_cues": _compile(g["credit_cues"], 0, "generic.credit_cues"),
        "credit_names": tuple(g["credit_names"]),
        "title_skip": _compile(g["title_skip"], re.I, "generic.title_skip"),
        "article_end": _compile(g["article_end"], re.I, "generic.article_end"),
        "name_split": _compile_one(g, "name_split"),
    }
