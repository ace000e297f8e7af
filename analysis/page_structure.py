"""The cleaner's evidence from a saved page's structure: where each line stood in the HTML.

The HTML reader (``readers.html``) keeps, for each line of a saved page, its block element,
its *zone* (``furniture``: inside a ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` or an
element named as a menu, side bar, related articles, share buttons, comments...; ``article``:
inside an ``<article>``, ``<main>`` or the article's body), the share of its characters inside
links, and the block element holding it (its *container*). The cleaner (``clean.label_lines``)
weighs these with its evidence from the text (:mod:`analysis.evidence`):

* a line of the furniture zone is not article text and separates runs of article lines, as
  site furniture does (unless the page has no article-like line outside that zone); nor is
  the page's ``<title>`` (its first line; it may still be the title);
* a line mostly made of links is not a paragraph (jusText's link density);
* the article's container, the block element holding most of the article's words, holds the
  article: its other lines written in the same element as the article's paragraphs (``<p>``),
  that no rule claimed and that are not mostly links, from its first article line on, are
  article text too (a short paragraph, a list of facts, a later run of paragraphs that a video
  link had cut off), when the article's lines hold most of their words. A caption or a teaser
  heading in the container is another element (a ``<div>``, an ``<h2>``) and stays as judged.

The thresholds are data (``evidence`` in ``analysis/data/html.yaml``). A ``.txt`` page has no
structure: its lines are judged by the text alone, as before.

>>> table = pd.DataFrame({"doc_id": ["a", "a", "b"], "line_no": [1, 2, 1]})
>>> structure = pd.DataFrame({"doc_id": ["a"], "line_no": [2], "tag": ["li"], "zone": ["furniture"],
...                           "link_share": [1.0], "block": [3], "parent": [2]})
>>> line_structure(table, structure)[["zone", "link_share", "parent"]].to_numpy().tolist()
[['', 0.0, -1], ['furniture', 1.0, 2], ['', 0.0, -1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .documents import STRUCTURE_COLUMNS
from .frames import require_columns
from .rules import load_yaml

__all__ = ["line_structure", "evidence_rules", "not_article", "container_lines"]


def evidence_rules() -> dict:
    """The thresholds of ``evidence`` in ``analysis/data/html.yaml``.

    Returns
    -------
    dict
        ``furniture_zone`` (bool), ``max_link_share`` and ``container_min_share`` (floats).

    Examples
    --------
    >>> evidence_rules()["max_link_share"]
    0.5
    """
    return dict(load_yaml("html.yaml")["evidence"])


def line_structure(table: pd.DataFrame, structure: pd.DataFrame | None) -> pd.DataFrame:
    """The structure of each line of the cleaner's table (empty for lines of text pages).

    Parameters
    ----------
    table : pandas.DataFrame
        ``doc_id, line_no`` (the cleaner's lines, any index).
    structure : pandas.DataFrame or None
        :data:`documents.STRUCTURE_COLUMNS` of the batch's HTML pages.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``table``: ``has`` (the line has a structure), ``tag``, ``zone``,
        ``link_share`` (0 where unknown), ``parent`` (-1 where unknown).

    Examples
    --------
    >>> line_structure(pd.DataFrame({"doc_id": ["a"], "line_no": [1]}), None)["has"].tolist()
    [False]
    """
    require_columns(table, ["doc_id", "line_no"], "line_structure", "table")
    out = pd.DataFrame({"has": False, "tag": "", "zone": "", "link_share": 0.0, "parent": -1}, index=table.index)
    if structure is None or structure.empty:
        return out
    require_columns(structure, STRUCTURE_COLUMNS, "line_structure", "structure")
    keys = pd.MultiIndex.from_frame(table[["doc_id", "line_no"]].astype({"doc_id": str, "line_no": "int64"}))
    found = (structure.astype({"doc_id": str, "line_no": "int64"}).drop_duplicates(["doc_id", "line_no"])
             .set_index(["doc_id", "line_no"]).reindex(keys))
    has = found["tag"].notna().to_numpy()
    out["has"] = has
    out["tag"] = np.where(has, found["tag"].astype(object).fillna(""), "")
    out["zone"] = np.where(has, found["zone"].astype(object).fillna(""), "")
    out["link_share"] = np.where(has, pd.to_numeric(found["link_share"], errors="coerce").fillna(0.0), 0.0)
    out["parent"] = np.where(has, pd.to_numeric(found["parent"], errors="coerce").fillna(-1), -1).astype(np.int64)
    return out


def not_article(struct: pd.DataFrame, article_like: np.ndarray, doc: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Lines the structure says are not article text: in the furniture zone, or mostly links.

    Parameters
    ----------
    struct : pandas.DataFrame
        From :func:`line_structure`.
    article_like : ndarray of bool
        The lines the text evidence judges article-like (``good``): the furniture zone is
        not used on a page with none outside it.
    doc : pandas.Series
        The document of each line.

    Returns
    -------
    tuple of ndarray of bool
        ``(furniture zone or the page's <title>, mostly links)``.

    Examples
    --------
    >>> struct = pd.DataFrame({"tag": ["li", "p"], "zone": ["furniture", ""], "link_share": [0.0, 0.9]})
    >>> [m.tolist() for m in not_article(struct, np.array([False, True]), pd.Series([0, 0]))]
    [[True, False], [False, True]]
    """
    rules = evidence_rules()
    zone = struct["zone"].to_numpy() == "furniture"
    outside = pd.Series(article_like & ~zone, index=doc.index).groupby(doc, sort=False).transform("any").to_numpy()
    zone = (zone & outside & bool(rules["furniture_zone"])) | (struct["tag"].to_numpy() == "title")
    links = struct["link_share"].to_numpy() >= float(rules["max_link_share"])
    return zone, links


def container_lines(struct: pd.DataFrame, kept: np.ndarray, free: np.ndarray, words: np.ndarray,
                    line_no: pd.Series, doc: pd.Series) -> np.ndarray:
    """Lines of the article's container that are article text too (see the module docstring).

    Parameters
    ----------
    struct : pandas.DataFrame
        From :func:`line_structure`.
    kept : ndarray of bool
        The article lines found from the text evidence.
    free : ndarray of bool
        Lines that may be article text: no rule claimed them, not in the furniture zone, not
        mostly links.
    words : ndarray of int
        Words per line.
    line_no : pandas.Series
        Line numbers.
    doc : pandas.Series
        The document of each line.

    Returns
    -------
    ndarray of bool
        The lines to add to ``kept``.

    Examples
    --------
    >>> struct = pd.DataFrame({"has": True, "parent": [1, 5, 5, 5, 5], "tag": "p"})
    >>> container_lines(struct, np.array([False, True, False, True, False]), np.ones(5, bool),
    ...                 np.array([3, 40, 4, 30, 2]), pd.Series(range(1, 6)), pd.Series([0] * 5)).tolist()
    [False, False, True, False, True]
    """
    require_columns(struct, ["has", "parent", "tag"], "container_lines", "struct")
    rules = evidence_rules()
    has = struct["has"].to_numpy()
    parent = struct["parent"].to_numpy()
    if not (has & kept).any():
        return np.zeros(len(struct), dtype=bool)
    tag = struct["tag"].to_numpy()
    frame = pd.DataFrame({"doc": doc.to_numpy(), "parent": parent, "tag": tag, "line_no": line_no.to_numpy(),
                          "words": np.where(kept & has, words, 0)})
    by_parent = frame[has & kept].groupby(["doc", "parent"], sort=False)
    totals = by_parent["words"].sum().reset_index()
    firsts = by_parent["line_no"].min().rename("first")
    best = totals.sort_values(["doc", "words"], ascending=[True, False], kind="stable").drop_duplicates("doc")
    best = best.join(firsts, on=["doc", "parent"]).set_index("doc")
    # the element the article's paragraphs are written in (<p>, or <div>, <li>...)
    tags = (frame[has & kept].groupby(["doc", "parent", "tag"], sort=False)["words"].sum().reset_index()
            .sort_values(["doc", "parent", "words"], ascending=[True, True, False], kind="stable")
            .drop_duplicates(["doc", "parent"]).set_index(["doc", "parent"])["tag"])
    best["tag"] = tags.reindex(pd.MultiIndex.from_arrays([best.index, best["parent"]])).to_numpy()
    container = frame["doc"].map(best["parent"]).fillna(-2).to_numpy()
    in_container = (has & (parent == container) & (tag == frame["doc"].map(best["tag"]).to_numpy())
                    & (line_no.to_numpy() >= frame["doc"].map(best["first"]).to_numpy()))
    candidate = in_container & free & ~kept
    added = pd.Series(np.where(candidate, words, 0), index=doc.index).groupby(doc, sort=False).transform("sum")
    article = frame["doc"].map(best["words"]).fillna(0).to_numpy()
    enough = article >= float(rules["container_min_share"]) * (article + added.to_numpy())
    return candidate & enough
