"""Rule and word-list data shipped in ``analysis/data/``, loaded once and compiled.

Hand-written knowledge (outlet furniture, Indonesian calendar words, the actor
gazetteer) lives in YAML/text files so that it can be read, reviewed and
extended without touching code.

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

__all__ = ["data_text", "load_yaml", "calendar", "outlet_profiles", "OutletProfile", "metadata_rules"]


def data_text(name: str) -> str:
    """Return the text of a data file shipped in ``analysis/data``."""
    return resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    """Parse a YAML data file (cached; treat the result as read-only)."""
    return yaml.safe_load(data_text(name))


def calendar() -> dict:
    """Month and weekday names (lower-case) and time-zone offsets."""
    return load_yaml("calendar.yaml")


def _compile(patterns, flags=0) -> list[re.Pattern]:
    return [re.compile(p, flags) for p in (patterns or [])]


@dataclass(frozen=True)
class OutletProfile:
    """One outlet's layout: how to recognise it, its datelines, bylines and furniture."""

    name: str
    aliases: tuple[str, ...] = ()
    identify: tuple[re.Pattern, ...] = ()
    dateline: tuple[re.Pattern, ...] = ()
    byline: tuple[re.Pattern, ...] = ()
    furniture: tuple[re.Pattern, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=None)
def outlet_profiles() -> tuple[OutletProfile, ...]:
    """The outlet profiles of ``outlets.yaml``, patterns compiled, in file order."""
    out = []
    for entry in load_yaml("outlets.yaml")["outlets"]:
        out.append(
            OutletProfile(
                name=entry["name"],
                aliases=tuple(entry.get("aliases", ())),
                identify=tuple(_compile(entry.get("identify"), re.M)),
                dateline=tuple(_compile(entry.get("dateline"), re.M)),
                byline=tuple(_compile(entry.get("byline"))),
                furniture=tuple(_compile(entry.get("furniture"), re.I)),
                raw=entry,
            )
        )
    return tuple(out)


@lru_cache(maxsize=None)
def metadata_rules() -> dict:
    """Generic (outlet-independent) metadata rules of ``outlets.yaml``, compiled."""
    g = load_yaml("outlets.yaml")["generic"]
    return {
        "dateline_outlet": _compile(g["dateline_outlet"], re.M),
        "copyright_outlet": re.compile(g["copyright_outlet"]),
        "byline_outlet": re.compile(g["byline_outlet"]),
        "masthead_outlet": re.compile(g["masthead_outlet"]),
        "title_suffix": re.compile(g["title_suffix"]),
        "byline": _compile(g["byline"]),
        "byline_label": {k: re.compile(v, re.I) for k, v in g["byline_label"].items()},
        "credit_cues": _compile(g["credit_cues"]),
        "credit_names": tuple(g["credit_names"]),
        "title_skip": _compile(g["title_skip"], re.I),
        "article_end": _compile(g["article_end"], re.I),
        "name_split": re.compile(g["name_split"]),
    }
