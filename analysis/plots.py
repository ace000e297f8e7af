"""Figures of the report: each function takes tidy tables and returns a matplotlib Figure.

Figures stay legible as corpora grow: outlets beyond ``max_outlets`` are grouped as
"(other outlets)", heights grow with the number of rows, labels are never rotated into
unreadability.

>>> import pandas as pd
>>> docs = pd.DataFrame({"outlet": ["A", "B"], "published": ["2023-10-27T17:33:00+07:00", ""]})
>>> fig = documents_timeline(docs)
>>> fig.axes[0].get_title()
'Documents per outlet by publication date'
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

__all__ = ["documents_timeline", "top_outlets", "UNKNOWN_OUTLET", "OTHER_OUTLETS"]

UNKNOWN_OUTLET = "(outlet not stated)"
OTHER_OUTLETS = "(other outlets)"


def top_outlets(outlets: pd.Series, max_outlets: int = 25) -> pd.Series:
    """Outlet labels for plotting: empty → "(outlet not stated)", beyond the ``max_outlets``
    largest → "(other outlets)"."""
    named = outlets.fillna("").astype(str).replace("", UNKNOWN_OUTLET)
    counts = named.value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    keep = set(counts.index[:max_outlets])
    return named.where(named.isin(keep), OTHER_OUTLETS)


def _published_dates(published: pd.Series) -> pd.Series:
    """Publication dates (local calendar day of the page) as naive Timestamps."""
    return pd.to_datetime(published.fillna("").astype(str).str.slice(0, 10), errors="coerce", format="%Y-%m-%d")


def documents_timeline(documents: pd.DataFrame, max_outlets: int = 25):
    """Dot plot: one row per outlet, one dot per document at its publication date.

    Documents whose page states no date are counted in the subtitle, not placed on the axis.
    When there are many documents a day, dots become counts per week.
    """
    docs = documents.assign(outlet_label=top_outlets(documents["outlet"], max_outlets),
                            day=_published_dates(documents["published"]))
    dated = docs.dropna(subset=["day"])
    order = sorted(docs["outlet_label"].unique(), key=lambda o: (o in (UNKNOWN_OUTLET, OTHER_OUTLETS), o))
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.45 * len(order) + 1.5)))
    if len(dated):
        per = dated.groupby(["outlet_label", "day"]).size().rename("n").reset_index()
        ypos = {o: i for i, o in enumerate(order)}
        ax.scatter(per["day"], per["outlet_label"].map(ypos), s=30 + 40 * per["n"], alpha=0.75,
                   color="#1f77b4", edgecolor="black", linewidth=0.5, zorder=3)
        for row in per[per["n"] > 1].itertuples():
            ax.annotate(str(row.n), (row.day, ypos[row.outlet_label]), ha="center", va="center", fontsize=8)
        span = (per["day"].max() - per["day"].min()).days
        pad = pd.Timedelta(days=max(7, span * 0.05))
        ax.set_xlim(per["day"].min() - pad, per["day"].max() + pad)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.invert_yaxis()
    undated = int(docs["day"].isna().sum())
    ax.set_title("Documents per outlet by publication date")
    ax.set_xlabel("publication date" + (f"  ({undated} of {len(docs)} documents state no date)" if undated else ""))
    ax.set_ylabel("outlet")
    fig.tight_layout()
    return fig
