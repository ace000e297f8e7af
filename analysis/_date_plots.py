"""The figures of the dates notebook: referenced dates on a time axis, and how far back articles look.

Private: :mod:`analysis.plots` is the public face (``plots.event_timeline``,
``plots.lookback_scatter``, ``plots.lookback_by_outlet``). Both look-back figures stay readable
when a few mentions lie far from the rest: the scatter draws mentioned dates far older than all
the others at its bottom edge and names them (:func:`far_cut`), and the distribution uses a
symmetric log axis labelled in plain spans (1 month, 1 year, 10 years) beyond ±30 days.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figure_files import title_above
from .frames import require_columns

__all__ = ["far_cut", "event_timeline", "lookback_scatter", "lookback_by_outlet", "SPANS", "MIN_GAP_DAYS"]

#: Ticks of the symmetric log axis of :func:`lookback_by_outlet`: days and how they read.
SPANS = ((0, "0"), (30, "1 month"), (365, "1 year"), (3650, "10 years"), (36500, "100 years"))
#: The smallest empty stretch (days) between mentioned dates that :func:`far_cut` cuts at.
MIN_GAP_DAYS = 365


def event_timeline(timeline: pd.DataFrame, top_n: int = 25):
    """The dates the coverage refers to, on a time axis: one row per referenced value (the
    ``top_n`` mentioned by most documents), a bar over its span, a dot sized by documents.

    Parameters
    ----------
    timeline : pandas.DataFrame
        ``value`` (TIMEX3), ``documents``, ``mentions``, ``start``, ``end`` (dates).
    top_n : int
        The values mentioned by most documents; older ones are only named under the axis
        when the span is over five years.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> timeline = pd.DataFrame({"value": ["2023-10"], "documents": [2], "mentions": [3],
    ...                          "start": ["2023-10-01"], "end": ["2023-10-31"]})
    >>> fig = event_timeline(timeline)
    >>> fig.axes[0].get_title()
    'Dates the coverage refers to'
    >>> plt.close(fig)
    """
    require_columns(timeline, ["value", "documents", "mentions", "start", "end"], "event_timeline", "timeline")
    top = (timeline.sort_values(["documents", "mentions", "value"], ascending=[False, False, True], kind="stable")
           .head(top_n).assign(start=lambda f: pd.to_datetime(f["start"]), end=lambda f: pd.to_datetime(f["end"]))
           .sort_values(["start", "value"], kind="stable").reset_index(drop=True))
    older = pd.DataFrame(columns=top.columns)
    if len(top) and (top["end"].max() - top["start"].min()).days > 5 * 365:
        cut = top["end"].max() - pd.Timedelta(days=3 * 365)  # keep the story's years readable
        older, top = top[top["end"] < cut], top[top["end"] >= cut].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, max(3, 0.32 * len(top) + 1.5)))
    y = range(len(top))
    ax.hlines(list(y), top["start"], top["end"] + pd.Timedelta(days=1), color="#9ecae1", linewidth=6)
    size = _dot_size(top["documents"])
    ax.scatter(top["start"], list(y), s=size(top["documents"]), color="#08519c", zorder=3,
               edgecolor="white", linewidth=0.5)
    ax.set_yticks(list(y), [f"{v}  ({d} doc{'s' if d != 1 else ''})" for v, d in zip(top["value"], top["documents"])],
                  fontsize=9)
    ax.invert_yaxis()
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    note = f"; also referred to, earlier: {', '.join(older['value'])}" if len(older) else ""
    ax.set_xlabel(f"date referred to (bar = the span of a week, month or year){note}")
    ax.set_ylabel("referenced date (TIMEX3 value)")
    title_above(ax, "Dates the coverage refers to")
    if len(top):  # what a dot's area stands for
        shown = sorted({int(top["documents"].min()), int(top["documents"].max())})
        handles = [ax.scatter([], [], s=size(pd.Series([n])), color="#08519c", edgecolor="white") for n in shown]
        ax.legend(handles, [f"{n} document{'s' if n != 1 else ''}" for n in shown], title="dot area",
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, title_fontsize=8,
                  labelspacing=1.6, borderpad=1.0)
    fig.tight_layout()
    return fig


def _dot_size(documents: pd.Series):
    """Dot areas proportional to documents, the largest at most 600 points²."""
    scale = 570 / max(1, int(documents.max())) if len(documents) else 0
    return lambda n: 30 + scale * n.astype(float)


def far_cut(start: pd.Series, share: float = 0.05) -> pd.Timestamp | None:
    """The date below which a few mentioned dates lie far from all the others, or None.

    The cut is the upper end of the widest empty stretch between two mentioned dates that is
    at least :data:`MIN_GAP_DAYS` long and more than twice as long as the span of all the
    dates above it, with at most ``share`` of the points (at least one) below it.

    >>> far_cut(pd.Series(pd.to_datetime(["2006-01-01", "2022-01-01", "2023-10-01", "2024-01-10"])))
    Timestamp('2022-01-01 00:00:00')
    >>> far_cut(pd.Series(pd.to_datetime(["2023-01-01", "2023-10-01", "2024-01-10"]))) is None
    True
    """
    days = np.sort(start.dropna().unique())
    if len(days) < 3:
        return None
    counts = start.value_counts().sort_index()
    below = counts.cumsum().reindex(days).to_numpy()
    best = None
    for i in range(len(days) - 1):
        gap, span = days[i + 1] - days[i], days[-1] - days[i + 1]
        if (gap >= np.timedelta64(MIN_GAP_DAYS, "D") and gap > 2 * span and below[i] <= max(1, share * len(start))
                and (best is None or gap > best[0])):
            best = (gap, days[i + 1])
    return pd.Timestamp(best[1]) if best else None


def _far_note(far: pd.DataFrame, cut: pd.Timestamp) -> str:
    """What the bottom edge of the look-back scatter shows."""
    named = far["value"] if "value" in far.columns else far["start"].dt.strftime("%Y-%m-%d")
    values = sorted(set(named.astype(str)))
    listed = ", ".join(values[:4]) + (", …" if len(values) > 4 else "")
    n = len(far)
    return (f"▼ {n} mention{'s' if n != 1 else ''} of dates before {cut:%b %Y} ({listed}): "
            "drawn at the bottom edge, not to scale")


def lookback_scatter(lookback: pd.DataFrame, max_outlets: int = 10):
    """Each article's anchor (publication) date against the dates it mentions.

    Points below the diagonal look back. Mentioned dates far older than all the others
    (:func:`far_cut`: more than a year before the rest and further than twice their span) would
    squeeze the rest into a corner: they are drawn as ▼ at the bottom edge, in their outlet's
    colour, and named in a note on the axes.

    Parameters
    ----------
    lookback : pandas.DataFrame
        ``outlet``, ``anchor``, ``start`` (dates; rows missing either are left out), and
        optionally ``value`` (the TIMEX3 value named in the note).
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> back = pd.DataFrame({"outlet": ["A"] * 4, "anchor": ["2024-01-10"] * 4, "value": ["2006", "2022", "2023-10", "2024-01"],
    ...                      "start": ["2006-01-01", "2022-01-01", "2023-10-01", "2024-01-01"]})
    >>> fig = lookback_scatter(back)
    >>> fig.axes[0].get_title(), fig.axes[0].texts[0].get_text()
    ('How far back each article looks', '▼ 1 mention of dates before Jan 2022 (2006): drawn at the bottom edge, not to scale')
    >>> plt.close(fig)
    """
    from .plots import OTHER_OUTLETS, top_outlets

    require_columns(lookback, ["outlet", "anchor", "start"], "lookback_scatter", "lookback")
    frame = lookback.dropna(subset=["anchor", "start"]).assign(
        outlet=lambda f: top_outlets(f["outlet"], max_outlets),
        anchor=lambda f: pd.to_datetime(f["anchor"]), start=lambda f: pd.to_datetime(f["start"]))
    cut = far_cut(frame["start"])
    far = frame[frame["start"] < cut] if cut is not None else frame.iloc[:0]
    near = frame.drop(index=far.index)
    fig, ax = plt.subplots(figsize=(9.6, 6))  # the axes 8 inches wide, the legend beside them
    # a colour each (the grouped outlets grey): no two groups share one
    named = sorted(o for o in frame["outlet"].unique() if o != OTHER_OUTLETS)
    palette = [c for c in plt.get_cmap("tab10" if len(named) <= 9 else "tab20").colors
               if len(set(c)) > 1]  # not its greys: grey is the grouped outlets' and the diagonal's
    colours = {o: palette[i % len(palette)] for i, o in enumerate(named)} | {OTHER_OUTLETS: "#999999"}
    for outlet, sub in sorted(near.groupby("outlet"), key=lambda kv: kv[0]):
        ax.scatter(sub["anchor"], sub["start"], s=36, alpha=0.75, label=outlet, edgecolor="black",
                   linewidth=0.3, color=colours[outlet])
    if len(near):
        lo = min(near["anchor"].min(), near["start"].min())
        hi = max(near["anchor"].max(), near["start"].max())
        ax.plot([lo, hi], [lo, hi], color="#999999", linestyle="--", linewidth=1, label="same day")
        pad = max(pd.Timedelta(days=3), (hi - lo) * 0.04)
        ax.set_ylim(lo - pad, hi + pad)
        first, last = frame["anchor"].min(), frame["anchor"].max()  # the articles' own span, the diagonal clipped
        wide = max(pd.Timedelta(days=3), (last - first) * 0.06)
        ax.set_xlim(first - wide, last + wide)
    if len(far):
        bottom = ax.get_ylim()[0]
        for outlet, sub in far.groupby("outlet"):
            ax.scatter(sub["anchor"], [bottom] * len(sub), marker="v", s=60, clip_on=False, zorder=4,
                       color=colours.get(outlet, "#666666"), edgecolor="black", linewidth=0.3)
        ax.text(0.99, 0.02, _far_note(far, cut), transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                color="#333333", bbox=dict(facecolor="white", edgecolor="#cccccc", boxstyle="round,pad=0.3"))
    for axis in (ax.xaxis, ax.yaxis):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        axis.set_major_locator(locator)
        axis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("publication (anchor) date of the article")
    ax.set_ylabel("date mentioned (start of its span)")
    title_above(ax, "How far back each article looks")  # dates on the y axis: matplotlib places it
    if ax.get_legend_handles_labels()[0]:  # a corpus without dated mentions has nothing to label
        # beside the axes, not over them: dots and the diagonal run through the upper left corner
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, frameon=False)
    fig.tight_layout()
    return fig


def _span_ticks(ax, low: float, high: float) -> None:
    """Major ticks of a symlog look-back axis at plain spans (:data:`SPANS`), no minor labels."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    ticks = [(-d, f"−{label}") for d, label in reversed(SPANS) if d and low <= -d] + \
            [(d, label) for d, label in SPANS if d <= high]
    # past and future to a century are nine labels: on two lines ("10" over "years") they do not collide
    labels = [label.replace(" ", "\n") if len(ticks) > 6 else label for _, label in ticks]
    ax.xaxis.set_major_locator(FixedLocator([d for d, _ in ticks]))
    ax.xaxis.set_major_formatter(plt.FixedFormatter(labels))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())


def lookback_by_outlet(lookback: pd.DataFrame, max_outlets: int = 25):
    """Distribution of the look-back (days between the anchor and the mentioned date) per outlet.

    When a look-back exceeds a year the axis is symmetric-logarithmic beyond ±30 days, with
    ticks at plain spans (1 month, 1 year, 10 years) so that weeks stay readable next to decades.

    Parameters
    ----------
    lookback : pandas.DataFrame
        ``outlet``, ``days_back`` (positive: the mentioned date is earlier).
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = lookback_by_outlet(pd.DataFrame({"outlet": ["A", "A", "A"], "days_back": [0, 26, 6583]}))
    >>> fig.axes[0].get_title(), [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ('How far back coverage looks, by outlet', ['0', '1 month', '1 year', '10 years'])
    >>> plt.close(fig)
    """
    from .plots import OTHER_OUTLETS, top_outlets
    from .lazy_imports import import_module

    sns = import_module("seaborn")
    require_columns(lookback, ["outlet", "days_back"], "lookback_by_outlet", "lookback")

    frame = lookback.dropna(subset=["days_back"]).assign(outlet=lambda f: top_outlets(f["outlet"], max_outlets))
    order = sorted(frame["outlet"].unique())
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(order) + 1.5)))
    if len(frame):
        sns.boxplot(data=frame, x="days_back", y="outlet", order=order, color="#c6dbef", fliersize=0, ax=ax)
        # points with a deterministic jitter (golden-ratio spacing), so the figure is reproducible
        ypos = frame["outlet"].map({o: i for i, o in enumerate(order)}).to_numpy()
        jitter = ((frame.groupby("outlet").cumcount().to_numpy() * 0.618) % 1 - 0.5) * 0.3
        many = len(frame) > 50 * len(order)  # thousands of dots would hide the boxes: smaller and fainter
        ax.scatter(frame["days_back"], ypos + jitter, s=6 if many else 22, color="#08519c",
                   alpha=0.25 if many else 0.7, linewidths=0 if many else None, zorder=3)
    ax.axvline(0, color="#999999", linewidth=0.8)
    scale = ""
    if len(frame) and frame["days_back"].abs().max() > 365:
        ax.set_xscale("symlog", linthresh=30)  # weeks stay readable next to decades
        low, high = min(-5, frame["days_back"].min() * 1.2), frame["days_back"].max() * 1.3
        ax.set_xlim(low, high)
        _span_ticks(ax, low, high)
        scale = "; logarithmic beyond ±30 days"
    # on two lines: on one the label was wider than the figure
    ax.set_xlabel(f"days between the article's date and the date it mentions\n(positive = looking back{scale})")
    ax.set_ylabel("outlet")
    title_above(ax, "How far back coverage looks, by outlet")
    fig.tight_layout()
    return fig
