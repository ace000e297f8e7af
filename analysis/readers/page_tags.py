"""A saved page's own metadata: title, publication date, authors, site name and address from its tags.

Which tags, in which order, is data (``metadata`` in ``analysis/data/html.yaml``): ``<meta>``
properties (``og:title``, ``article:published_time``, ``author``, ``og:site_name`` ...), the
article object of the page's JSON-LD (``headline``, ``datePublished``, ``author.name``,
``publisher.name``), the ``<title>``, ``<time datetime>`` inside the article, ``<link
rel=canonical>`` and htmldate's extraction (its fast mode, from the page's markup and address).
The first usable value of each field wins; ``corpus.finish`` then weighs them against what the
text says (``analysis.page_metadata``).

The title is the page's own headline without the site's name around it: of ``og:title``
"Judul Berita - Kompas.com" the longest part that is a line of the page (its ``<h1>``), else the
parts that do not name the site. A page whose tags name no site gives it in that title tag
around the headline ("Kabar Daerah - Judul Berita"), the last source of the outlet.

>>> from analysis.readers.html import parse_html
>>> root = parse_html('<meta property="og:title" content="Judul Berita | Warta Kita">'
...     '<meta property="og:site_name" content="Warta Kita"><h1>Judul Berita</h1>')
>>> meta, _ = page_metadata(root, ["Judul Berita"])
>>> meta["title"], meta["outlet"]
('Judul Berita', 'Warta Kita')
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from functools import lru_cache

from ..rules import load_yaml

__all__ = ["page_metadata", "tag_date", "METADATA_FIELDS"]

#: The fields read from a page's tags (``published_source`` and ``published_weak`` come with ``published``).
METADATA_FIELDS = ("title", "published", "published_source", "published_weak", "authors", "outlet", "url")
#: Separators between a headline and the site's name, or between a site's name and its motto.
_SEPARATOR = re.compile(r"\s+[-–—|]\s+|\s*[|»]\s*|:\s+")
_ISO_SPACE_T = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*[T ]\s*")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|co\.id|id|net|org|tv|news)\b", re.I)


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load_yaml("html.yaml")
    return {"fields": data["metadata"], "types": tuple(data["json_ld_types"]),
            "not_an_author": frozenset(w.casefold() for w in data["not_an_author"])}


def _collapse(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def tag_date(value: str, default_tz: str = "+07:00") -> str:
    """A date from a page's tag as ISO 8601: ``2016-02-16T13:01:52+07:00``, a date alone, or "".

    Machine-readable values (ISO 8601, with ``Z``, an offset ``+0700``, fractions of a second, a
    space before ``T`` or slashes) are read exactly; a time without a zone is taken in
    ``default_tz`` and a UTC time is shown in ``default_tz`` (the same instant); anything else is
    read as the text's dates are (``published.read_published``). Years outside 1900..2100 are refused.

    Parameters
    ----------
    value : str
        The tag's value.
    default_tz : str
        The offset of a time without a zone (``+07:00``, WIB).

    Returns
    -------
    str
        The date, or "" when the value is not one.

    Examples
    --------
    >>> tag_date("2025-10-22T06:59:00.000Z"), tag_date("2015-11-05 T10:08:58+0700"), tag_date("2020-10-09")
    ('2025-10-22T13:59:00+07:00', '2015-11-05T10:08:58+07:00', '2020-10-09')
    >>> tag_date("kemarin"), tag_date("Selasa, 23 Februari 2016 15:32 WIB")
    ('', '2016-02-23T15:32:00+07:00')
    """
    text = _ISO_SPACE_T.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}T", _collapse(value))
    text = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text if 1900 <= int(text[:4]) <= 2100 and _valid_day(text) else ""
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        import pandas as pd

        from ..published import read_published

        return str(read_published(pd.Series([_collapse(value)]), default_tz)["published"].iat[0])
    if not 1900 <= stamp.year <= 2100:
        return ""
    zone = datetime.fromisoformat(f"2000-01-01T00:00:00{default_tz}").tzinfo
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone)
    elif stamp.utcoffset().total_seconds() == 0:
        stamp = stamp.astimezone(zone)
    return stamp.replace(microsecond=0).isoformat()


def _valid_day(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- the tags

def _meta_index(root) -> dict[str, list[str]]:
    """``<meta>`` contents by property, name and itemprop (lower case), in page order."""
    out: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        content = _collapse(el.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, []).append(content)
    return out


def _json_ld(root) -> tuple[list[dict], list[str]]:
    """The page's JSON-LD objects (``@graph`` and lists flattened) and the blocks that cannot be read."""
    objects, bad = [], []
    for i, el in enumerate(root.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'), 1):
        try:
            data = json.loads(el.text or "", strict=False)
        except ValueError as exc:
            bad.append(f"JSON-LD block {i} cannot be read ({exc.__class__.__name__}: {str(exc)[:60]}); ignored")
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return objects, bad


def _article_object(objects: list[dict], addresses: set[str], titles: list[str]) -> tuple[dict, str]:
    """The JSON-LD object describing the article, of the types listed the first in list order,
    and a warning. Where several objects share that type (a related story's ``NewsArticle``
    beside the page's own), the one whose ``url`` or ``mainEntityOfPage`` is one of the page's
    ``addresses`` (canonical, ``og:url``), else whose ``headline`` is in one of its ``titles``
    (``<title>``, ``og:title``), is the article; when none or several are, and they differ,
    none is used (the other tags and the text decide), with a warning."""
    types = _rules()["types"]

    def rank(obj: dict) -> int:
        kinds = obj.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        return min((types.index(k) for k in kinds if k in types), default=len(types))

    ranked = sorted(((rank(o), i) for i, o in enumerate(objects)), key=lambda r: r)
    if not ranked or ranked[0][0] >= len(types):
        return {}, ""
    tied = [objects[i] for r, i in ranked if r == ranked[0][0]]

    def one_article(found: list[dict]) -> bool:  # one object, or the same article written twice
        return len(found) == 1 or len({tuple(h.casefold() for h in _json_values(o, ["headline"]))
                                       for o in found}) == 1

    if one_article(tied):
        return tied[0], ""
    own = [o for o in tied if {_address(v) for k in ("url", "mainEntityOfPage", "mainEntityOfPage.@id")
                               for v in _json_values(o, k.split("."))} & addresses]
    if not (own and one_article(own)):  # a headline that is most of a title (not "Banjir" in any title)
        own = [o for o in (own or tied) if any(h.casefold() in t.casefold() and 2 * len(h) >= len(t)
                                               for h in _json_values(o, ["headline"]) for t in titles)]
    if own and one_article(own):
        return own[0], ""
    return {}, (f"JSON-LD: {len(tied)} article objects and none is this page's alone (by its address or title); "
                "their values are not used")


def _address(url: str) -> str:
    """A web address compared without its scheme, ``www.``, case or final slash."""
    return re.sub(r"^(?:https?:)?//(?:www\.)?", "", url.strip().casefold()).rstrip("/")


def _json_values(obj, path: list[str]) -> list[str]:
    """The strings at a dotted ``path`` of ``obj`` (lists followed; a bare string for ``x.name`` counts)."""
    if not path:
        if isinstance(obj, list):
            return [v for o in obj for v in _json_values(o, path)]
        return [_collapse(obj)] if isinstance(obj, (str, int, float)) and _collapse(obj) else []
    if isinstance(obj, list):
        return [v for o in obj for v in _json_values(o, path)]
    if isinstance(obj, dict):
        return _json_values(obj.get(path[0]), path[1:])
    return [_collapse(obj)] if isinstance(obj, str) and path == ["name"] and _collapse(obj) else []


def _article_times(root) -> list[str]:
    """``<time datetime>`` values inside the page's article zone, in page order."""
    from .html import element_zone

    return [_collapse(el.get("datetime")) for el in root.iter("time")
            if _collapse(el.get("datetime")) and element_zone(el) == "article"]


def _htmldate(root, url: str) -> list[str]:
    from htmldate import find_date

    try:
        found = find_date(copy.deepcopy(root), extensive_search=False, original_date=True, url=url or None)
    except Exception:  # noqa: BLE001 - a third-party heuristic that fails gives no date
        return []
    return [found] if found else []


class _Tags:
    """The values of one page's tags, by the kinds of ``html.yaml`` (read once each)."""

    def __init__(self, root, url: str):
        self.root, self.url = root, url
        self.meta = _meta_index(root)
        objects, self.problems = _json_ld(root)
        addresses = {_address(v) for v in [*self.values({"link": "canonical"}), *self.meta.get("og:url", []), url] if v}
        titles = [*self.values({"title": True}), *self.meta.get("og:title", [])]
        self.article, warning = _article_object(objects, addresses, titles)
        self.problems += [warning] if warning else []

    def values(self, entry: dict) -> list[str]:
        if "meta" in entry:
            return self.meta.get(entry["meta"].lower(), [])
        if "json-ld" in entry:
            return _json_values(self.article, entry["json-ld"].split("."))
        if "title" in entry:
            title = self.root.find(".//title")
            return [_collapse(title.text_content())] if title is not None else []
        if "link" in entry:
            return [_collapse(el.get("href")) for el in self.root.iter("link")
                    if (el.get("rel") or "").lower() == entry["link"] and _collapse(el.get("href"))]
        if "time" in entry:
            return _article_times(self.root)
        return _htmldate(self.root, self.url) if entry.get("htmldate") else []


# --------------------------------------------------------------------------- the fields

_NOT_ALNUM = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Letters and digits only, case-folded: how titles and names are compared."""
    return _NOT_ALNUM.sub("", text.casefold())


def site_name(value: str) -> str:
    """A site name without its motto: "BeritaManado.com: Berita Terkini Manado" -> "BeritaManado.com"."""
    return _SEPARATOR.split(_collapse(value), maxsplit=1)[0].strip()


def _names_site(part: str, site: str) -> bool:
    key, site_key = _key(part), _key(site)
    return bool(key) and (bool(_DOMAIN.search(part)) or (bool(site_key) and (key in site_key or site_key in key)))


def _title(raw: str, lines: list[str], site: str) -> tuple[str, str]:
    """The headline of a title tag: the longest run of its parts that is a line of the page
    (past the ``<title>`` line; as the page writes it), else its parts that do not name the
    site; and the site's name the tag gives around that headline ("" when unsure)."""
    parts = [p for p in _SEPARATOR.split(raw) if p.strip()]
    seps = _SEPARATOR.findall(raw)
    on_page: dict[str, str] = {}
    for line in lines[1:]:
        on_page.setdefault(_key(line), line)
    best, span = "", (0, 0)
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            run = parts[i] + "".join(seps[k] + parts[k + 1] for k in range(i, j - 1))
            # the headline is most of the tag (a menu item "Musik" among its parts is not it)
            if _key(run) in on_page and len(_key(run)) > max(len(_key(best)), len(_key(raw)) / 2):
                best, span = run, (i, j)
    if best:
        # the part farthest from the headline: "Situs: Rubrik - Judul" -> "Situs"
        rest = parts[:span[0]][:1] or parts[span[1]:][-1:]
        named = rest[0].strip() if rest and len(rest[0].split()) <= 4 else ""
        return on_page[_key(best)].strip(), named  # as the page shows it
    while len(parts) > 1 and _names_site(parts[-1], site):
        parts.pop()
    while len(parts) > 1 and _names_site(parts[0], site):
        parts.pop(0)
    return (" ".join(parts).strip() if len(parts) == 1 else raw), ""


def page_metadata(root, lines: list[str], url: str = "") -> tuple[dict, list[str]]:
    """The metadata a page's tags give (``html.yaml`` ``metadata``, first usable value of each field).

    Parameters
    ----------
    root : lxml element
        The parsed page (``readers.html.parse_html``).
    lines : list of str
        The page's text lines (``readers.html.page_lines``): the title is the headline the page shows.
    url : str
        The page's address when known (a WARC record's target), for htmldate.

    Returns
    -------
    tuple
        A dict of :data:`METADATA_FIELDS` (strings, "" where the tags say nothing; ``published``
        as written in the tag, ``published_source`` its entry's source, ``published_weak`` "1" for a
        source marked weak; ``authors`` joined by "; ") and warnings on tags that cannot be read.

    Examples
    --------
    >>> from analysis.readers.html import parse_html
    >>> meta, _ = page_metadata(parse_html('<script type="application/ld+json">{"@type": "NewsArticle", '
    ...     '"datePublished": "2024-01-09T10:15:00+07:00", "author": {"name": "Ani Rahma"}}</script>'), [])
    >>> meta["published"], meta["published_source"], meta["authors"]
    ('2024-01-09T10:15:00+07:00', 'html:json-ld', 'Ani Rahma')
    """
    tags = _Tags(root, url)
    fields = _rules()["fields"]
    out = dict.fromkeys(METADATA_FIELDS, "")
    problems = list(tags.problems)
    out["outlet"] = next((site_name(v) for e in fields["outlet"] for v in tags.values(e) if site_name(v)), "")
    out["url"] = next((v for e in fields["url"] for v in tags.values(e)), "") or url
    raw = next((v for e in fields["title"] for v in tags.values(e)), "")
    out["title"], named = _title(raw, lines, out["outlet"]) if raw else ("", "")
    if not out["outlet"] and any("title-site" in e for e in fields["outlet"]):
        out["outlet"] = named
    for entry in fields["published"]:
        for value in tags.values(entry):
            if tag_date(value):
                out.update(published=value, published_source=entry.get("source", ""),
                           published_weak="1" if entry.get("weak") else "")
                break
            problems.append(f"the page's {_entry_name(entry)} holds {value[:40]!r}, not a date; ignored")
        if out["published"]:
            break
    out["authors"] = "; ".join(_authors(tags, fields["authors"], out["outlet"]))
    return out, problems


def _entry_name(entry: dict) -> str:
    kind = next(iter(entry))
    return f"{kind} {entry[kind]!r}" if kind in ("meta", "json-ld") else f"<{kind}>"


def _authors(tags: _Tags, entries: list[dict], site: str) -> list[str]:
    """The authors of the first entry that names a person (not the site, an address or a company)."""
    bad = _rules()["not_an_author"]
    for entry in entries:
        names = [v for v in dict.fromkeys(tags.values(entry))
                 if not (set(re.findall(r"\w+", v.casefold())) & bad) and not _DOMAIN.search(v)
                 and not re.match(r"(?i)https?://|www\.", v) and not _names_site(v, site) and len(v) <= 80]
        if names:
            return names
    return []
