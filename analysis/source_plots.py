"""Figures of notebooks 05 (who is quoted by which outlet) and 06 (how much of an outlet is wire copy).

Each function takes tidy tables (``quotes`` of :func:`analysis.quotes.find_quotes`, the
``wire_dependence`` table of :func:`analysis.syndication.wire_dependence`) and returns a
matplotlib Figure with a title, axis labels and display names (no internal tokens).

>>> import pandas as pd
>>> quotes = pd.DataFrame({"outlet": ["A", "A", "B"], "speaker": ["Kirby", "Kirby", "Yoon"],
...                        "speaker_type": ["person", "person", "person"]})
>>> fig = speaker_heatmap(quotes)
>>> fig.axes[0].get_title()
'Who is quoted, by outlet (quotes)'
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import pandas as pd

from .config import UNKNOWN_OUTLET
from .figure_files import title_above
from .frames import require_columns
from .plots import top_outlets
from .lazy_imports import import_module

sns = import_module("seaborn")

__all__ = ["speaker_heatmap", "speaker_types", "wire_dependence_chart"]

#: The order and colours of the kinds of speaker.
_TYPE_COLOURS = {"person": "#2b8cbe", "organisation": "#7bccc4", "document": "#fdae6b",
                 "anonymous": "#bdbdbd"}


def speaker_heatmap(quotes: pd.DataFrame, top_n: int = 20, max_outlets: int = 25):
    """Quotes per speaker (rows: the ``top_n`` speakers quoted most) and outlet (columns).

    Parameters
    ----------
    quotes : pandas.DataFrame
        ``outlet``, ``speaker`` (one row per quote and line; an empty speaker is left out).
    top_n : int
        Speakers shown.
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = speaker_heatmap(pd.DataFrame({"outlet": ["A"], "speaker": ["Kirby"]}))
    >>> fig.axes[0].get_xlabel()
    'outlet'
    >>> plt.close(fig)
    """
    require_columns(quotes, ["outlet", "speaker"], "speaker_heatmap", "quotes")
    named = quotes[quotes["speaker"].astype("str").str.strip().ne("")]
    frame = named.assign(outlet=top_outlets(named["outlet"], max_outlets))
    counts = frame.groupby(["speaker", "outlet"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_index().sort_values(ascending=False, kind="stable").index[:top_n]
    counts = counts.loc[order]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(counts.columns) + 4), max(3, 0.35 * len(counts) + 1.5)))
    if counts.empty:
        ax.text(0.5, 0.5, "no quotes with a named speaker", ha="center", va="center")
        ax.set_axis_off()
    else:
        sns.heatmap(counts, annot=len(counts.columns) <= 12, fmt="d", cmap="Blues", linewidths=0.5,
                    cbar_kws={"label": "quotes", "ticks": MaxNLocator(integer=True)}, ax=ax)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    title_above(ax, "Who is quoted, by outlet (quotes)")
    ax.set_xlabel("outlet")
    ax.set_ylabel("speaker")
    fig.tight_layout()
    return fig


def speaker_types(quotes: pd.DataFrame, max_outlets: int = 25):
    """The share of each outlet's quotes given to persons, organisations, documents and anonymous sources.

    Parameters
    ----------
    quotes : pandas.DataFrame
        ``outlet``, ``speaker_type``.
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = speaker_types(pd.DataFrame({"outlet": ["A", ""], "speaker_type": ["person", "anonymous"]}))
    >>> fig.axes[0].get_xlabel()
    "share of the outlet's quotes"
    >>> plt.close(fig)
    """
    require_columns(quotes, ["outlet", "speaker_type"], "speaker_types", "quotes")
    frame = quotes.assign(outlet=top_outlets(quotes["outlet"], max_outlets))
    share = pd.crosstab(frame["outlet"], frame["speaker_type"], normalize="index")
    share = share.reindex(columns=[t for t in _TYPE_COLOURS if t in share.columns])
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(share) + 1.5)))
    if share.empty:
        ax.text(0.5, 0.5, "no quotes", ha="center", va="center")
    else:
        share.sort_index(ascending=False).plot.barh(
            stacked=True, ax=ax, color=[_TYPE_COLOURS[t] for t in share.columns], width=0.7)
        ax.legend(title="speaker", bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    ax.set_xlim(0, 1)
    title_above(ax, "Whom each outlet quotes")
    ax.set_xlabel("share of the outlet's quotes")
    ax.set_ylabel("outlet")
    fig.tight_layout()
    return fig


def _percent(share: float) -> str:
    """A share as a bar's label: ``"21%"``; ``"<1%"`` above 0 and ``">99%"`` below 1 (not "0%" or "100%")."""
    return "<1%" if 0 < share < 0.01 else ">99%" if 0.99 < share < 1 else f"{share:.0%}"


def wire_dependence_chart(wire: pd.DataFrame, max_outlets: int = 25):
    """Per outlet: the share of its articles that credit a wire or copy an earlier article elsewhere,
    each bar labelled with its share (an axis ending at the largest share, so that a few percent show).

    Parameters
    ----------
    wire : pandas.DataFrame
        ``outlet, articles, wire_credited, copied, wire_or_copied`` (one row per outlet).
    max_outlets : int
        The outlets with the most articles.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> wire = pd.DataFrame({"outlet": ["A"], "articles": [4], "wire_credited": [1], "copied": [1],
    ...                      "wire_or_copied": [2]})
    >>> fig = wire_dependence_chart(wire)
    >>> fig.axes[0].get_title()
    'Wire dependence: articles crediting a wire or copying an earlier one'
    >>> plt.close(fig)
    >>> fig = wire_dependence_chart(wire.iloc[:0])  # no article: a figure that says so
    >>> fig.axes[0].texts[0].get_text()
    'no articles to compare'
    >>> plt.close(fig)
    """
    require_columns(wire, ["outlet", "articles", "wire_credited", "copied", "wire_or_copied"],
                    "wire_dependence_chart", "wire")
    top = (wire.assign(outlet=wire["outlet"].replace("", UNKNOWN_OUTLET))
           .sort_values(["articles", "outlet"], ascending=[False, True], kind="stable").head(max_outlets))
    top = top[top["articles"].gt(0)]
    if top.empty:  # no article: say so rather than fail
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "no articles to compare", ha="center", va="center")
        ax.set_axis_off()
        title_above(ax, "Wire dependence: articles crediting a wire or copying an earlier one")
        return fig
    shares = pd.DataFrame({"credits a wire": top["wire_credited"] / top["articles"],
                           "near-copy of an earlier article": top["copied"] / top["articles"],
                           "either": top["wire_or_copied"] / top["articles"]}).set_index(top["outlet"])
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.5 * len(shares) + 1.5)))
    shares.iloc[::-1].plot.barh(ax=ax, color=["#fdae6b", "#9e9ac8", "#636363"], width=0.8)
    # the axis ends at the largest share (not always at 1: shares of a few percent stay readable),
    # with room for each bar's value, written so that a bar too short to see still says what it is
    largest = max(0.1, float(shares.to_numpy().max()))
    ax.set_xlim(0, largest * 1.2)
    ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= min(1.0, largest) + 1e-9])
    for bars in ax.containers:
        ax.bar_label(bars, labels=[_percent(b.get_width()) for b in bars], padding=2, fontsize=8, color="#333333")
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    title_above(ax, "Wire dependence: articles crediting a wire or copying an earlier one")
    ax.set_xlabel("share of the outlet's articles")
    ax.set_ylabel("outlet")
    fig.tight_layout()
    return fig
