"""The outlet of each page, read from its lines: the strongest evidence the page gives.

In order: a profile's dateline, a generic dateline naming an outlet ("Jakarta, CNN
Indonesia --", "KONTAN.CO.ID -"), a byline naming it ("Nama - detikinet"), the site's name
after the page title, a masthead line, a copyright line, then a profile's identifying
pattern. Names are mapped to the profiles' canonical names (``analysis/data/outlets.yaml``);
an unknown outlet keeps its own spelling. Addresses (URLs, e-mail, stylesheet imports) never
identify a page. To add an outlet, add its profile to ``outlets.yaml``.

>>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2],
...                       "text": ["Judul", "Jakarta, CNN Indonesia -- Isi berita."]})
>>> find_outlets(lines).to_dict()
{'a': 'CNN Indonesia'}
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from . import rules
from .frames import require_columns
from .re2 import may_match, prefiltered, to_arrow

__all__ = ["find_outlets", "alternation"]

_CAPTURE = re.compile(r"(?<!\\)\((?!\?)")


@lru_cache(maxsize=None)
def alternation(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """One compiled alternation of ``patterns``, their capturing groups made non-capturing.

    Parameters
    ----------
    patterns : tuple of str
        Regular expressions (a tuple, so that the result is cached).
    flags : int
        ``re`` flags of the whole.

    Returns
    -------
    re.Pattern
        Matches where any of ``patterns`` matches; never matches when there are none.

    Examples
    --------
    >>> alternation(("(a)b", "c")).pattern
    '(?:(?:a)b)|(?:c)'
    """
    body = "|".join(f"(?:{_CAPTURE.sub('(?:', p)})" for p in patterns)
    return re.compile(body or r"(?!x)x", flags)



def _outlet_alias_map() -> dict[str, str]:
    """Every profile's name and aliases (lower case) -> its canonical name."""
    out = {}
    for o in rules.outlet_profiles():
        for alias in (o.name, *o.aliases):
            out[alias.lower()] = o.name
    return out



def _profile_regex(kind: str) -> re.Pattern:
    """One alternation over every profile's ``kind`` patterns, group ``p{i}`` = profile i."""
    parts = []
    for i, profile in enumerate(rules.outlet_profiles()):
        pats = tuple(p.pattern for p in getattr(profile, kind))
        if pats:
            parts.append(f"(?P<p{i}>{alternation(pats).pattern})")
    return re.compile("|".join(parts) or r"(?!x)x", re.M)


_URL = re.compile(r"https?://\S+|\bwww\.\S+|\burl\([^)]*\)|[\w.-]+@[\w.-]+")
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*(?:\.(?i:com|co|id|net|org|tv|news)){1,2}\b")


def _title_suffix_outlets(lines: pd.DataFrame) -> pd.Series:
    """Outlet per document from a first line that ends in the site's name ("Judul -
    Kompas.com", "Judul | Republika Online"): the domain in that name, else the longest
    leading part of the name that another short line of the page repeats (a masthead, a
    menu, a footer). A name the page does not confirm is not taken."""
    first = lines.drop_duplicates("doc_id")
    first = first[first["text"].str.len().le(250)]
    suffix = prefiltered(first["text"].str.strip(), rules.metadata_rules()["title_suffix"])["outlet"].dropna()
    if suffix.empty:
        return pd.Series(dtype=object)
    doc_of = first.loc[suffix.index, "doc_id"]
    others = lines[lines["doc_id"].isin(set(doc_of)) & lines["text"].str.len().le(120)]
    others = others[~others.index.isin(first.index)]
    page_text = others.groupby("doc_id", sort=False)["text"].agg(lambda t: "\n".join(t).casefold())
    out = {}
    for doc_id, name in zip(doc_of, suffix.str.strip()):
        domain = _DOMAIN.search(name)
        if domain:
            out[doc_id] = domain.group(0)
            continue
        words, text = name.split(), page_text.get(doc_id, "")
        for k in range(len(words), 0, -1):
            part = " ".join(words[:k])
            if len(part) >= 3 and (part.casefold() in text or part.casefold().replace(" ", "") in text):
                out[doc_id] = part
                break
    return pd.Series(out, dtype=object)


def _masthead_outlets(lines: pd.DataFrame, rx: re.Pattern) -> pd.Series:
    """Outlet per document from lines that are only a domain ("TRIBUNSOLO.COM"): of several
    (a network's list of its sites), the one the page names most often, then the first."""
    name = prefiltered(lines["text"], rx)["outlet"].dropna()
    if name.empty:
        return pd.Series(dtype=object)
    doc_of = lines.loc[name.index, "doc_id"]
    text = (lines[lines["doc_id"].isin(set(doc_of))].groupby("doc_id", sort=False)["text"]
            .agg(lambda t: "\n".join(t).casefold()))
    out = {}
    for doc_id, names in name.groupby(doc_of, sort=False):
        counts = [(text[doc_id].count(n.casefold()), -i, n) for i, n in enumerate(dict.fromkeys(names))]
        out[doc_id] = max(counts)[2]
    return pd.Series(out, dtype=object)



def find_outlets(lines: pd.DataFrame) -> pd.Series:
    """Outlet per document, from the strongest evidence its lines give (see the module docstring).

    Each step is one pass of one compiled alternation over the lines column; of the steps
    that find an outlet, the first (then the earliest line) wins.

    Parameters
    ----------
    lines : pandas.DataFrame
        ``doc_id, line_no, text``: the non-blank lines of the pages, stripped, in page order.

    Returns
    -------
    pandas.Series
        The outlet, indexed by ``doc_id``; documents whose text does not say are left out.

    Examples
    --------
    >>> find_outlets(pd.DataFrame({"doc_id": ["a"], "line_no": [1], "text": ["KOMPAS.com - Isi berita."]}))["a"]
    'Kompas.com'
    """
    require_columns(lines, ["doc_id", "line_no", "text"], "find_outlets", "lines")
    aliases = _outlet_alias_map()
    found = []
    for rank, (kind, column, rx) in enumerate(_outlet_passes(lines)):
        if kind == "regex":
            names = _regex_outlets(column, rx, aliases)
            found.append(pd.DataFrame({"rank": rank, "line_no": lines.loc[names.index, "line_no"],
                                       "doc_id": lines.loc[names.index, "doc_id"], "outlet": names}))
            continue
        names = (_title_suffix_outlets(lines.assign(text=lines["text"].astype(str))) if kind == "title suffix"
                 else _masthead_outlets(lines.assign(text=column), rx))
        if len(names):
            firsts = lines.drop_duplicates("doc_id").set_index("doc_id")["line_no"]
            found.append(pd.DataFrame({"rank": rank, "line_no": firsts.reindex(names.index).to_numpy(),
                                       "doc_id": names.index, "outlet": names.map(
                                           lambda n: aliases.get(n.lower(), n)).to_numpy()}))
    found = pd.concat(found).sort_values(["doc_id", "rank", "line_no"], kind="stable")
    return found.groupby("doc_id", sort=False)["outlet"].first()


def _outlet_passes(lines: pd.DataFrame) -> list[tuple[str, pd.Series, re.Pattern | None]]:
    """The passes of :func:`find_outlets`, strongest first: ``(kind, column, regex)``."""
    meta = rules.metadata_rules()
    openings = lines["text"].str.slice(0, 160)  # datelines open a line
    # furniture lines are short; a long paragraph naming an outlet ("dikutip dari
    # kompas.com") does not identify the page, nor does an address
    short = lines["text"].where(lines["text"].str.len().le(200), "")
    urls = may_match(_URL, to_arrow(short))
    short = short.copy()
    short[urls] = short[urls].str.replace(_URL, " ", regex=True)
    # masthead and copyright lines are short and hold a dot or a copyright sign
    mastheads = short.str.strip()
    mastheads = mastheads.where(mastheads.str.len().le(120) & mastheads.str.contains(r"[.©@]|(?i:copyright|hak cipta)"), "")
    return ([("regex", openings, _profile_regex("dateline"))]
            + [("regex", openings, rx) for rx in meta["dateline_outlet"]]
            + [("regex", short.str.strip(), meta["byline_outlet"]),
               ("title suffix", lines["text"], None),
               ("masthead", mastheads, meta["masthead_outlet"]),
               ("regex", mastheads, meta["copyright_outlet"]),
               ("regex", short, _profile_regex("identify"))])


def _regex_outlets(column: pd.Series, rx: re.Pattern, aliases: dict[str, str]) -> pd.Series:
    """Outlet per line where ``rx`` matches: its ``outlet`` group (canonical name), or the
    profile whose group ``p{i}`` matched."""
    ext = prefiltered(column, rx)
    if "outlet" in ext:
        return ext["outlet"].dropna().str.strip().map(lambda n: aliases.get(n.lower(), n))
    profiles = rules.outlet_profiles()
    hit = ext.notna()
    return hit.idxmax(axis=1)[hit.any(axis=1)].map(lambda g: profiles[int(g[1:])].name)
