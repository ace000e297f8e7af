"""A saved page's own metadata (its tags) weighed against what its text says.

The readers keep what an HTML page's tags say as ``page_*`` columns (``readers.page_tags``:
``page_title, page_published, page_published_source, page_published_weak, page_authors,
page_outlet, page_url``, and a WARC record's ``warc_date``). ``corpus.finish`` applies them in
two steps, each after the text's own reading of the same field:

* :func:`tag_outlets` (after ``metadata.describe``, before cleaning, so that the cleaner sees
  the outlet): the site name (``og:site_name``, JSON-LD publisher) becomes the outlet, under
  the outlet profile's canonical name when it names one (``lifestyle.okezone.com`` ->
  ``Okezone``); the authors and the address of the tags replace the text's;
* :func:`tag_dates` (after ``metadata.from_lines``): the title and the publication date.

The page's tags win over the text, but never silently: where they disagree with the text a
warning names both. A date from a *weak* source (``<time>``, htmldate) that the text
contradicts is not taken: the text's date is (with a warning naming both); a date alone (no time)
that the text gives with its time on the same day takes the text's value. A tag that writes
local time with a UTC ``Z`` (its clock time is the text's, in the text's zone) is read in the
text's zone, with a warning. With no date anywhere, a WARC record's crawl date is used as a
last resort, flagged (``published_source`` = ``warc-date``, and a warning).
``published_source`` says which source gave the date: ``html:meta``, ``html:json-ld``,
``html:time``, ``htmldate``, ``text``, ``warc-date`` (and ``metadata`` for ``metadata.csv``,
applied after these).

>>> docs = pd.DataFrame({"doc_id": ["a"], "source_file": ["a.html"], "title": ["Judul"],
...     "published": ["2024-01-09T10:15:00+07:00"], "published_source": ["text"], "published_raw": [""],
...     "page_title": ["Judul Berita"], "page_published": ["2024-01-09T03:15:00Z"],
...     "page_published_source": ["html:meta"], "page_published_weak": [""], "warc_date": [""]})
>>> out, problems = tag_dates(docs)
>>> out[["title", "published", "published_source"]].to_numpy().tolist(), problems
([['Judul Berita', '2024-01-09T10:15:00+07:00', 'html:meta']], [])
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from . import rules
from .config import DEFAULT_TZ
from .documents import problem
from .frames import require_columns
from .readers.page_tags import tag_date

__all__ = ["tag_outlets", "tag_dates", "dates_agree"]

_UTC = re.compile(r"(?:Z|[+-]00:?00)\s*$", re.I)
_TLD = re.compile(r"\.(?:co\.id|com|net|org|id|tv|news)\b", re.I)
_DOMAIN = re.compile(r"^(?:[\w-]+\.)+(?:co\.id|com|net|org|id|tv|news)$", re.I)


def _key(name: str) -> str:
    return "".join(ch for ch in _TLD.sub("", name.casefold()) if ch.isalnum())


def _column(docs: pd.DataFrame, name: str) -> pd.Series:
    values = docs[name] if name in docs else pd.Series("", index=docs.index)
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


# --------------------------------------------------------------------------- outlets

def _canonical(site: str, url: str, aliases: dict[str, str]) -> str:
    """The outlet profile's name for a site name: the name itself, its domain (``lifestyle.okezone.com``
    -> ``okezone.com``), or the page address's domain when the site name starts like that
    profile (``detikHealth`` on ``health.detik.com``); else the site name."""
    if site.lower() in aliases:
        return aliases[site.lower()]
    domains = [site] if _DOMAIN.match(site) else []
    host = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.I).split("/")[0].split(":")[0].lower()
    for domain in domains + ([host] if host else []):
        labels = domain.lower().split(".")
        for k in range(len(labels) - 1):
            name = aliases.get(".".join(labels[k:]))
            if name and (domain in domains or _key(site)[:5] == _key(name)[:5]):
                return name
    return site


def _names_agree(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def tag_outlets(docs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """The site name, authors and address of a page's tags over what its text says.

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, outlet, authors`` and the ``page_*`` columns (documents without
        them, or with them empty, are left as they are).

    Returns
    -------
    tuple
        The documents (a copy) and a warning for each page whose site name and text name
        different outlets (the site name is used).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "source_file": ["a.html"], "outlet": ["Kompas.com"],
    ...     "authors": [""], "url": [""], "page_outlet": ["KOMPAS.com"], "page_authors": ["Ani Rahma"],
    ...     "page_url": ["https://www.kompas.com/read/1"]})
    >>> tag_outlets(docs)[0][["outlet", "authors", "url"]].to_numpy().tolist()
    [['Kompas.com', 'Ani Rahma', 'https://www.kompas.com/read/1']]
    """
    require_columns(docs, ["doc_id", "source_file", "outlet"], "tag_outlets", "docs")
    docs = docs.copy()
    if "page_outlet" not in docs:
        return docs, []
    aliases = {a.lower(): p.name for p in rules.outlet_profiles() for a in (p.name, *p.aliases)}
    known = set(aliases.values())
    problems = []
    sites, urls, texts = _column(docs, "page_outlet"), _column(docs, "page_url"), _column(docs, "outlet")
    for i in docs.index[sites.ne("")]:
        site, text = sites[i], texts[i]
        name = _canonical(site, "", aliases)
        if text and (_names_agree(name, text) or _names_agree(site, text)):
            name = name if name in known else text  # the same outlet: the profile's name, else the text's
        else:
            name = _canonical(site, urls[i], aliases)
            if text and not _names_agree(name, text):
                problems.append(problem(docs.at[i, "source_file"], docs.at[i, "doc_id"], "warning",
                                        f"outlet: the page's site name says {site!r}, its text names {text!r}; "
                                        "the site name is used"))
        docs.at[i, "outlet"] = name
    for column in ("authors", "url"):
        given = _column(docs, f"page_{column}")
        docs[column] = given.where(given.ne(""), _column(docs, column))
    return docs, problems


# --------------------------------------------------------------------------- dates

def _parse(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def dates_agree(a: str, b: str, minutes: float | None = None) -> bool:
    """Whether two ``published`` values say the same: the same day when either is a date alone,
    else at most ``minutes`` apart.

    Parameters
    ----------
    a, b : str
        ISO 8601 dates or date-times (with offsets).
    minutes : float or None
        The tolerance (None: ``agree_minutes`` of ``html.yaml``).

    Returns
    -------
    bool

    Examples
    --------
    >>> dates_agree("2024-01-09", "2024-01-09T10:15:00+07:00"), dates_agree(
    ...     "2024-01-09T03:15:00+00:00", "2024-01-09T12:15:00+07:00", 90)
    (True, False)
    """
    if minutes is None:
        minutes = float(rules.load_yaml("html.yaml")["agree_minutes"])
    if len(a) == 10 or len(b) == 10:
        return a[:10] == b[:10]
    da, db = _parse(a), _parse(b)
    if da is None or db is None or (da.tzinfo is None) != (db.tzinfo is None):
        return False
    return abs((da - db).total_seconds()) <= 60 * minutes


def _in_text_zone(raw: str, text: str) -> str:
    """A tag's UTC clock time read in the zone of the text's date ("" when it does not apply)."""
    if not _UTC.search(raw) or len(text) <= 10:
        return ""
    clock, zone = _parse(tag_date(_UTC.sub("", raw))), _parse(text)
    if clock is None or zone is None or zone.tzinfo is None or zone.utcoffset().total_seconds() == 0:
        return ""
    return clock.replace(tzinfo=zone.tzinfo).isoformat()


def _resolve(row: dict, default_tz: str) -> tuple[str, str, str, str]:
    """``(published, published_source, published_raw, warning)`` of one page."""
    raw, source, weak = row["page_published"], row["page_published_source"], row["page_published_weak"] == "1"
    text = row["published"] if row["published_source"] == "text" else ""
    tag = tag_date(raw, default_tz) if raw else ""
    said = f"the page's {source} date {raw!r}"
    if not tag:
        if text or not row["warc_date"]:
            return row["published"], row["published_source"], row["published_raw"], ""
        crawl = tag_date(row["warc_date"], default_tz)
        return crawl, "warc-date" if crawl else "", row["warc_date"], (
            "published: the page states no date; its crawl date (WARC-Date) is used" if crawl else "")
    if not text or dates_agree(tag, text):
        more_precise = bool(text) and len(tag) == 10 and len(text) > 10
        return (text, "text", "", "") if more_precise else (tag, source, raw, "")
    local = _in_text_zone(raw, text)
    if local and dates_agree(local, text):
        return local, source, raw, (f"published: {said} is marked UTC but its clock time is the text's "
                                    f"({text}); read in the text's zone")
    if weak:  # a weak source neither overrides the text's date nor vetoes it
        return text, "text", "", f"published: {said} (a weak source) and its text's {text} disagree; the text's is used"
    return tag, source, raw, f"published: {said} and its text's {text} disagree; the page's tag is used"


def tag_dates(docs: pd.DataFrame, default_tz: str = DEFAULT_TZ) -> tuple[pd.DataFrame, list[dict]]:
    """The title and publication date of a page's tags over what its text says (see the module docstring).

    Parameters
    ----------
    docs : pandas.DataFrame
        ``doc_id, source_file, title, published, published_source, published_raw`` (from
        ``metadata.from_lines``) and the ``page_*`` columns and ``warc_date`` (documents
        without them are left as they are).
    default_tz : str
        The offset of a time written without a zone.

    Returns
    -------
    tuple
        The documents (a copy) and the warnings.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "source_file": ["x.warc@0"], "title": [""], "published": [""],
    ...     "published_source": [""], "published_raw": [""], "page_title": [""], "page_published": [""],
    ...     "page_published_source": [""], "page_published_weak": [""], "warc_date": ["2024-01-09T03:15:00Z"]})
    >>> out, problems = tag_dates(docs); out[["published", "published_source"]].to_numpy().tolist()
    [['2024-01-09T10:15:00+07:00', 'warc-date']]
    """
    require_columns(docs, ["doc_id", "source_file", "title", "published", "published_source"], "tag_dates", "docs")
    docs = docs.copy()
    if "page_published" not in docs:
        return docs, []
    title = _column(docs, "page_title")
    docs["title"] = title.where(title.ne(""), _column(docs, "title"))
    columns = ["page_published", "page_published_source", "page_published_weak", "warc_date", "published",
               "published_source", "published_raw"]
    frame = pd.DataFrame({c: _column(docs, c) for c in columns})
    has = frame["page_published"].ne("") | frame["warc_date"].ne("")
    problems = []
    for i, row in frame[has].iterrows():
        published, source, raw, warning = _resolve(row.to_dict(), default_tz)
        docs.loc[i, ["published", "published_source", "published_raw"]] = [published, source, raw]
        if warning:
            problems.append(problem(docs.at[i, "source_file"], docs.at[i, "doc_id"], "warning", warning))
    return docs, problems
