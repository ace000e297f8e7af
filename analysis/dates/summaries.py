"""Coverage summaries of date mentions: the timeline, the look-back, the estimated publication.

They take the tables :func:`analysis.dates.find_mentions` and
:func:`analysis.dates.document_anchors` make (and the ``documents`` table), and skip
mentions with an empty ``value`` (those that needed an anchor the page lacks).

>>> mentions = pd.DataFrame({"doc_id": ["a"], "value": ["2023-W42"], "granularity": ["week"],
...     "anchor": ["2023-10-27"]})
>>> documents = pd.DataFrame({"doc_id": ["a"], "outlet": ["Okezone"],
...     "published": ["2023-10-27T17:33:00+07:00"]})
>>> lookback(mentions, documents)["days_back"].tolist()
[11]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import require_columns
from .mentions import empty_table, published_dates
from .resolve import parse_timex

__all__ = ["timeline", "lookback", "estimated_publication", "TIMELINE_COLUMNS", "LOOKBACK_COLUMNS"]

TIMELINE_COLUMNS = ["value", "granularity", "documents", "mentions",
                    "first_published", "outlets"]
LOOKBACK_COLUMNS = ["doc_id", "outlet", "value", "granularity", "anchor", "days_back"]


def _map_text(keys: pd.Series, table: pd.Series, default: str) -> pd.Series:
    """``keys`` looked up in ``table`` (a Series indexed by key), ``default`` if absent."""
    return pd.Series(keys.map(table).to_numpy(dtype=object), index=keys.index).fillna(default)


def _doc_info(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id -> published date and outlet name ('' when absent); first row per doc_id."""
    outlet = documents["outlet"] if "outlet" in documents else pd.Series("", index=documents.index)
    info = pd.DataFrame({"published": published_dates(documents).to_numpy(),
                         "outlet": outlet.fillna("").astype(str).str.strip().to_numpy()},
                        index=documents["doc_id"].to_numpy())
    return info[~info.index.duplicated()]


def _first(dates: pd.Series) -> str:
    dates = dates[dates != ""]
    return dates.min() if len(dates) else ""


def _outlets(names: pd.Series) -> str:
    return "; ".join(sorted(set(names) - {""}))


def timeline(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per referenced value: how many documents and mentions point at it.

    Parameters
    ----------
    mentions : pandas.DataFrame
        ``doc_id, value, granularity`` (as :func:`analysis.dates.find_mentions` makes them).
    documents : pandas.DataFrame
        ``doc_id, published`` and, optionally, ``outlet``.

    Returns
    -------
    pandas.DataFrame
        Columns ``value, granularity, documents, mentions, first_published, outlets``
        (earliest publication date among the documents mentioning it; '; '-joined distinct
        outlets), sorted by value then granularity. Mentions with an empty value are left out.

    Examples
    --------
    >>> mentions = pd.DataFrame({"doc_id": ["a", "b", "b"],
    ...     "value": ["2023-W42", "2023-W42", "2023"],
    ...     "granularity": ["week", "week", "year"]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Tempo.co", "Okezone"],
    ...     "published": ["2023-10-27T17:33:00+07:00", ""]})
    >>> timeline(mentions, documents)
          value granularity  documents  mentions first_published            outlets
    0      2023        year          1         1                            Okezone
    1  2023-W42        week          2         2      2023-10-27  Okezone; Tempo.co
    """
    require_columns(mentions, ["doc_id", "value", "granularity"], "timeline", "mentions")
    require_columns(documents, ["doc_id", "published"], "timeline", "documents")
    found = mentions[mentions["value"].fillna("") != ""]
    if found.empty:
        return empty_table(TIMELINE_COLUMNS, ints=("documents", "mentions"))
    info = _doc_info(documents)
    found = found.assign(published=_map_text(found["doc_id"], info["published"], ""),
                         outlet=_map_text(found["doc_id"], info["outlet"], ""))
    table = found.groupby(["value", "granularity"], sort=True).agg(
        documents=("doc_id", "nunique"), mentions=("doc_id", "size"),
        first_published=("published", _first), outlets=("outlet", _outlets))
    return table.reset_index()[TIMELINE_COLUMNS]


def lookback(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """How far back each mention looks: days from its value's start to the anchor.

    Parameters
    ----------
    mentions : pandas.DataFrame
        ``doc_id, value, granularity, anchor``.
    documents : pandas.DataFrame
        ``doc_id, published`` and, optionally, ``outlet``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, value, granularity, anchor, days_back``: positive ``days_back``
        looks into the past, negative into the future; NA when the document has no
        anchor. Mentions with an empty value are left out.

    Examples
    --------
    >>> mentions = pd.DataFrame({"doc_id": ["a", "a"], "value": ["2023-W42", "2006"],
    ...     "granularity": ["week", "year"], "anchor": ["2023-10-27", "2023-10-27"]})
    >>> documents = pd.DataFrame({"doc_id": ["a"], "outlet": ["Okezone"],
    ...     "published": ["2023-10-27T17:33:00+07:00"]})
    >>> lookback(mentions, documents)
      doc_id   outlet     value granularity      anchor  days_back
    0      a  Okezone  2023-W42        week  2023-10-27         11
    1      a  Okezone      2006        year  2023-10-27       6508
    """
    require_columns(mentions, ["doc_id", "value", "granularity", "anchor"], "lookback", "mentions")
    require_columns(documents, ["doc_id", "published"], "lookback", "documents")
    found = mentions[mentions["value"].fillna("") != ""]
    if found.empty:
        return empty_table(LOOKBACK_COLUMNS, ints=("days_back",))
    starts = {value: parse_timex(value)[0] for value in found["value"].unique()}
    start = pd.to_datetime(found["value"].map(starts))
    anchor = pd.to_datetime(found["anchor"].fillna(""), format="%Y-%m-%d", errors="coerce")
    outlet = _map_text(found["doc_id"], _doc_info(documents)["outlet"], "")
    out = found.assign(outlet=outlet, anchor=found["anchor"].fillna(""),
                       days_back=(anchor - start).dt.days.astype("Int64"))
    return out[LOOKBACK_COLUMNS].reset_index(drop=True)


def estimated_publication(mentions: pd.DataFrame, anchors: pd.DataFrame) -> pd.DataFrame:
    """A best estimate of when each document was written, labelled as such.

    A stated publication date is kept (``estimate_source = published``). For a page that
    states none, the estimate is the latest *day* the body mentions (absolute,
    year-resolved or weekday dates), or the text anchor if that is later — news is mostly
    written on or after the last day it reports (``latest_date_mentioned``); ``none``
    without either.

    Parameters
    ----------
    mentions : pandas.DataFrame
        ``doc_id, value, granularity, kind``.
    anchors : pandas.DataFrame
        ``doc_id, anchor, anchor_source`` (as :func:`analysis.dates.document_anchors` makes them).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, estimate, estimate_source``, one row per row of ``anchors``.

    Examples
    --------
    >>> anchors = pd.DataFrame({"doc_id": ["a", "b"], "anchor": ["2023-07-27", "2023-10-27"],
    ...                         "anchor_source": ["latest_date_in_text", "published"]})
    >>> mentions = pd.DataFrame({"doc_id": ["a", "a", "b"], "value": ["2023-10-25", "2023-09", "2023-10-20"],
    ...                          "granularity": ["day", "month", "day"], "kind": ["partial", "partial", "absolute"]})
    >>> estimated_publication(mentions, anchors)
      doc_id    estimate        estimate_source
    0      a  2023-10-25  latest_date_mentioned
    1      b  2023-10-27              published
    """
    require_columns(mentions, ["doc_id", "value", "granularity", "kind"], "estimated_publication",
                    "mentions")
    require_columns(anchors, ["doc_id", "anchor", "anchor_source"], "estimated_publication", "anchors")
    days = mentions[mentions["granularity"].eq("day") & mentions["kind"].isin(["absolute", "partial", "weekday"])
                    & mentions["value"].fillna("").str.match(r"^\d{4}-\d{2}-\d{2}$")]
    latest = days.groupby("doc_id")["value"].max()
    out = anchors[["doc_id", "anchor", "anchor_source"]].copy()
    mentioned = out["doc_id"].map(latest).fillna("")
    stated = out["anchor_source"].eq("published")
    best = pd.Series(np.maximum(out["anchor"].fillna("").to_numpy(dtype=object), mentioned.to_numpy(dtype=object)),
                     index=out.index)
    out["estimate"] = out["anchor"].fillna("").where(stated, best)
    out["estimate_source"] = np.where(stated, "published",
                                      np.where(out["estimate"].ne(""), "latest_date_mentioned", "none"))
    return out[["doc_id", "estimate", "estimate_source"]].reset_index(drop=True)
