"""Figures of the report: each function takes tidy tables and returns a matplotlib Figure.

Figures stay legible as corpora grow: outlets beyond ``max_outlets`` are grouped as
"(other outlets)" (:data:`analysis.config.OTHER_OUTLETS`), pages without an outlet are shown
as :data:`analysis.config.UNKNOWN_OUTLET`, heights grow with the number of rows, labels are
never rotated into unreadability. Every function checks the columns of the tables it is given
(:func:`analysis.frames.require_columns`).

>>> import pandas as pd
>>> docs = pd.DataFrame({"outlet": ["A", "B"], "published": ["2023-10-27T17:33:00+07:00", ""]})
>>> fig = documents_timeline(docs)
>>> fig.axes[0].get_title()
'Documents per outlet by publication date'
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from ._date_plots import event_timeline, lookback_by_outlet, lookback_scatter
from .actors import display_name
from .clean import LABELS
from .config import OTHER_OUTLETS, UNKNOWN_OUTLET
from .figure_files import title_above
from .frames import require_columns
from .outputs import _figure_style

__all__ = ["top_outlets", "documents_timeline", "line_labels", "top_terms", "actor_heatmap", "keyness_chart",
           "dispersion", "event_timeline", "lookback_scatter", "lookback_by_outlet", "LABEL_ORDER"]

_figure_style()  # the notebooks' figure style, where notebook.setup left it until matplotlib was imported


def _largest_first(sizes: pd.Series) -> pd.Series:
    """``sizes`` from the largest down, equal sizes in the order of their index (names)."""
    return sizes.sort_index().sort_values(ascending=False, kind="stable")


def top_outlets(outlets: pd.Series, max_outlets: int = 25) -> pd.Series:
    """Outlet labels for plotting: empty → "(outlet not stated)", beyond the ``max_outlets``
    largest → "(other outlets)".

    Parameters
    ----------
    outlets : pandas.Series
        One outlet name per row (empty or missing: not stated).
    max_outlets : int
        How many of the largest outlets keep their name (ties by name).

    Returns
    -------
    pandas.Series
        The labels, aligned with ``outlets``.

    Examples
    --------
    >>> top_outlets(pd.Series(["A", "A", "B", ""]), max_outlets=1).tolist()
    ['A', 'A', '(other outlets)', '(other outlets)']
    """
    named = outlets.fillna("").astype(str).replace("", UNKNOWN_OUTLET)
    keep = set(_largest_first(named.value_counts()).index[:max_outlets])
    return named.where(named.isin(keep), OTHER_OUTLETS)


def _published_dates(published: pd.Series) -> pd.Series:
    """Publication dates (local calendar day of the page) as naive Timestamps."""
    return pd.to_datetime(published.fillna("").astype(str).str.slice(0, 10), errors="coerce", format="%Y-%m-%d")


def _draw_dated(ax, dated: pd.DataFrame, ypos: dict) -> bool:
    """The dots of :func:`documents_timeline` (documents with a date), their axis and legend;
    whether they are weekly."""
    # many documents: one dot per outlet and ISO week (its Monday), area proportional to the count
    weekly = dated.groupby(["outlet_label", "day"]).ngroups > 200
    if weekly:
        dated = dated.assign(day=dated["day"] - pd.to_timedelta(dated["day"].dt.weekday, unit="D"))
    counts = dated.groupby(["kind", "outlet_label", "day"]).size()
    scale = 400 / max(1, counts.max()) if counts.max() > 5 else 40
    styles = {"stated": dict(color="#1f77b4", label="date stated on the page"),
              "inferred": dict(color="white", label="no date stated: estimated from the text")}
    for kind, style in styles.items():
        per = dated[dated["kind"] == kind].groupby(["outlet_label", "day"]).size().rename("n").reset_index()
        if per.empty:
            continue
        ax.scatter(per["day"], per["outlet_label"].map(ypos), s=30 + scale * per["n"], alpha=0.7,
                   edgecolor="#1f77b4", linewidth=1.0, zorder=3, **style)
        if len(per) <= 60:
            for row in per[per["n"] > 1].itertuples():
                ax.annotate(str(row.n), (row.day, ypos[row.outlet_label]), ha="center", va="center", fontsize=8)
    span = (dated["day"].max() - dated["day"].min()).days
    pad = pd.Timedelta(days=max(7, span * 0.05))
    ax.set_xlim(dated["day"].min() - pad, dated["day"].max() + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if (dated["kind"] == "inferred").any():
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False, fontsize=9)
    return weekly


def documents_timeline(documents: pd.DataFrame, max_outlets: int = 25, inferred: pd.Series | None = None):
    """Dot plot: one row per outlet, one dot per document at its publication date.

    Titled "Documents per outlet by publication date", or, given ``inferred``, "Publication dates
    per outlet, with estimates for undated pages" (so the two uses of the figure differ).

    Pages with no date at all are counted under the axis; with many documents the dots are per
    outlet and ISO week, their area proportional to the number of documents.

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per page, with ``outlet`` and ``published`` (ISO 8601 text; empty: no date).
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".
    inferred : pandas.Series or array, optional
        Aligned with ``documents``: a date read from the text for pages that state none,
        drawn as a hollow dot.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> docs = pd.DataFrame({"outlet": ["A"], "published": ["2023-10-27T17:33:00+07:00"]})
    >>> fig = documents_timeline(docs)
    >>> fig.axes[0].get_ylabel(), [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ('outlet', ['A'])
    >>> plt.close(fig)
    """
    require_columns(documents, ["outlet", "published"], "documents_timeline", "documents")
    docs = documents.assign(outlet_label=top_outlets(documents["outlet"], max_outlets),
                            day=_published_dates(documents["published"]), kind="stated")
    if inferred is not None:
        guess = _published_dates(pd.Series(inferred, index=documents.index))
        use = docs["day"].isna() & guess.notna()
        docs.loc[use, "day"] = guess[use]
        docs.loc[use, "kind"] = "inferred"
    dated = docs.dropna(subset=["day"])
    order = sorted(docs["outlet_label"].unique(), key=lambda o: (o in (UNKNOWN_OUTLET, OTHER_OUTLETS), o))
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.45 * len(order) + 1.5)))
    ypos = {o: i for i, o in enumerate(order)}
    weekly = _draw_dated(ax, dated, ypos) if len(dated) else False
    several = len(dated) and dated.groupby(["outlet_label", "day"]).size().max() > 1
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.invert_yaxis()
    undated = int(docs["day"].isna().sum())
    title_above(ax, ("Documents per outlet by publication date" if inferred is None else
                     "Publication dates per outlet, with estimates for undated pages")
                + ("\n(one dot per outlet and week; dot area = number of documents)" if weekly else
                   "\n(one dot per outlet and day; dot area = number of documents)" if several else ""))
    ax.set_xlabel("publication date" + (f"  ({undated} of {len(docs)} documents state no date)" if undated else ""))
    ax.set_ylabel("outlet")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- cleaning

#: The colour of each line label of :data:`analysis.clean.LABELS`, in the order the bars are
#: stacked (body first, boilerplate last).
_LABEL_COLOURS = {"body": "#2b8cbe", "title": "#7bccc4", "dek": "#a8ddb5", "dateline": "#ccebc5",
                  "byline": "#fdd49e", "caption": "#fdbb84", "credit": "#fc8d59", "duplicate": "#e34a33",
                  "boilerplate": "#bdbdbd"}
if set(_LABEL_COLOURS) != set(LABELS):  # a label added to or removed from the cleaner needs a colour here
    raise RuntimeError(f"plots: the label colours ({', '.join(_LABEL_COLOURS)}) do not match "
                       f"analysis.clean.LABELS ({', '.join(LABELS)})")
#: The cleaner's labels (:data:`analysis.clean.LABELS`) in display order: body first, boilerplate last.
LABEL_ORDER = sorted(LABELS, key=list(_LABEL_COLOURS).index)


def line_labels(lines: pd.DataFrame, documents: pd.DataFrame | None = None, max_rows: int = 40):
    """Stacked bars: the share of each page's text per label (body vs furniture), by characters
    when ``lines`` has the lines' ``text`` (a page of a title and one long paragraph is mostly
    body), else by lines.

    Parameters
    ----------
    lines : pandas.DataFrame
        Labelled lines (``doc_id``, ``label``), as many as should be counted.
    documents : pandas.DataFrame, optional
        ``doc_id``, ``outlet``: with more than ``max_rows`` documents, bars are per outlet
        instead of per document.
    max_rows : int
        The most bars (documents, or outlets then).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> lines = pd.DataFrame({"doc_id": ["a", "a", "a"], "label": ["title", "body", "body"]})
    >>> fig = line_labels(lines)
    >>> fig.axes[0].get_title()
    'How much of each page is article body, and how much furniture'
    >>> plt.close(fig)
    """
    require_columns(lines, ["doc_id", "label"], "line_labels", "lines")
    if documents is not None:
        require_columns(documents, ["doc_id", "outlet"], "line_labels", "documents")
    by = "doc_id"
    frame = lines
    if lines["doc_id"].nunique() > max_rows and documents is not None:
        by = "outlet"
        frame = lines.merge(documents[["doc_id", "outlet"]], on="doc_id", how="left")
        frame["outlet"] = top_outlets(frame["outlet"], max_rows)
    weight = frame["text"].astype(str).str.len() if "text" in frame.columns else pd.Series(1, index=frame.index)
    counts = weight.groupby([frame[by], frame["label"]]).sum().unstack(fill_value=0)
    counts = counts.reindex(columns=[c for c in LABEL_ORDER if c in counts.columns])
    share = counts.div(counts.sum(axis=1), axis=0).sort_index()
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.4 * len(share) + 1.6)))
    left = pd.Series(0.0, index=share.index)
    for label in share.columns:
        ax.barh(share.index, share[label], left=left, color=_LABEL_COLOURS.get(label), label=label,
                edgecolor="white", linewidth=0.5)
        left += share[label]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("share of the page's text (characters)" if "text" in frame.columns else "share of non-blank lines")
    ax.set_ylabel("document" if by == "doc_id" else "outlet")
    title_above(ax, "How much of each page is article body, and how much furniture")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=9, title="label")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- terms

def top_terms(terms: pd.DataFrame, top_n: int = 20, title: str = "Most frequent terms",
              forms: Mapping[str, str] | None = None):
    """Horizontal bars of the ``top_n`` terms by count (actors included, by their names).

    Parameters
    ----------
    terms : pandas.DataFrame
        ``term``, ``count``, most frequent first.
    top_n : int
        How many terms (the first rows).
    title : str
        The figure's title.
    forms : mapping of str to str, optional
        How words the corpus writes in capitals are shown (:func:`analysis.actors.acronym_forms`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = top_terms(pd.DataFrame({"term": ["korea_utara", "kpk"], "count": [5, 3]}), title="Terms",
    ...                 forms={"kpk": "KPK"})
    >>> fig.axes[0].get_title(), [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ('Terms', ['KPK', 'Korea Utara'])
    >>> plt.close(fig)
    """
    require_columns(terms, ["term", "count"], "top_terms", "terms")
    top = terms.head(top_n).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, max(3, 0.28 * len(top) + 1.2)))
    ax.barh(range(len(top)), top["count"], color="#2b8cbe")
    ax.set_yticks(range(len(top)), [display_name(t, forms) for t in top["term"]])
    ax.set_xlabel("occurrences in the cleaned text")
    ax.set_ylabel("term")
    title_above(ax, title)
    fig.tight_layout()
    return fig


def actor_heatmap(actors: pd.DataFrame, tokens_per_outlet: pd.Series, top_n: int = 20, max_outlets: int = 25):
    """Heatmap of actors × outlets, coloured by mentions per 1,000 tokens of the outlet.

    Parameters
    ----------
    actors : pandas.DataFrame
        ``actor``, ``outlet``, ``count`` (mentions).
    tokens_per_outlet : pandas.Series
        Tokens per outlet name (empty name: outlet not stated).
    top_n : int
        The actors mentioned most (rows).
    max_outlets : int
        Outlets beyond the largest ``max_outlets`` are grouped as "(other outlets)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> actors = pd.DataFrame({"actor": ["Kim Jong Un"], "outlet": ["A"], "count": [2]})
    >>> fig = actor_heatmap(actors, pd.Series({"A": 1000}))
    >>> fig.axes[0].get_title()
    'Who is named, by outlet (relative frequency)'
    >>> plt.close(fig)
    """
    from .lazy_imports import import_module

    sns = import_module("seaborn")
    require_columns(actors, ["actor", "outlet", "count"], "actor_heatmap", "actors")

    frame = actors.assign(outlet=top_outlets(actors["outlet"], max_outlets))
    sizes = tokens_per_outlet.rename(lambda o: o or UNKNOWN_OUTLET)
    counts = frame.groupby(["actor", "outlet"])["count"].sum().unstack(fill_value=0)
    keep = _largest_first(counts.sum(axis=1)).index[:top_n]
    counts = counts.loc[keep]
    if counts.empty:  # no actor of the gazetteer is named: say so rather than fail
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "no actor of the gazetteer is named in these documents", ha="center", va="center")
        ax.set_axis_off()
        title_above(ax, "Who is named, by outlet (relative frequency)")
        return fig
    per_1k = counts.div(sizes.reindex(counts.columns).to_numpy(), axis=1) * 1000
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(per_1k.columns) + 3), max(3, 0.35 * len(per_1k) + 1.5)))
    sns.heatmap(per_1k, annot=len(per_1k.columns) <= 12, fmt=".1f", cmap="Blues", linewidths=0.5,
                cbar_kws={"label": "mentions per 1,000 tokens"}, ax=ax)
    title_above(ax, "Who is named, by outlet (relative frequency)")
    ax.set_xlabel("outlet")
    ax.set_ylabel("actor")
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    fig.tight_layout()
    return fig


#: Critical values of G² (chi-squared, 1 degree of freedom) and how a bar shows them.
_SIGNIFICANCE = ((10.83, "p < 0.001", "***", "#a50f15"), (6.63, "p < 0.01", "**", "#de2d26"),
                (3.84, "p < 0.05", "*", "#fc9272"))


def _keyness_panel(ax, sub: pd.DataFrame, outlet: str, slots: int, forms: Mapping[str, str] | None) -> None:
    """One outlet's panel: its significant terms as bars coloured and starred by significance, from
    the top of ``slots`` rows (bars as thick in every panel: a panel of one term is not one block)."""
    cut = _SIGNIFICANCE[-1][0]
    if sub.empty:
        ax.text(0.5, 0.5, f"no term with G² ≥ {cut}", ha="center", va="center", transform=ax.transAxes,
                color="#666666", fontsize=9)
        ax.set_yticks([])
        ax.set_xticks([])
        title_above(ax, outlet or UNKNOWN_OUTLET, fontsize=11)
        return
    colour = sub["keyness_g2"].map(lambda g: next(c for v, _, _, c in _SIGNIFICANCE if g >= v))
    stars = sub["keyness_g2"].map(lambda g: next(s for v, _, s, _ in _SIGNIFICANCE if g >= v))
    y = list(range(max(slots, len(sub)) - len(sub), max(slots, len(sub))))
    ax.barh(y, sub["keyness_g2"], color=colour.tolist())
    ax.set_yticks(y, [display_name(t, forms) for t in sub["term"]])
    ax.set_ylim(-0.5, max(slots, len(sub)) - 0.5)
    title_above(ax, outlet or UNKNOWN_OUTLET, fontsize=11)
    for i, g2, star in zip(y, sub["keyness_g2"], stars):
        ax.text(g2, i, f" {star}", va="center", ha="left", fontsize=9, color="#333333")
    ax.axvline(cut, color="#666666", linestyle=":", linewidth=1)
    ax.set_xlim(0, sub["keyness_g2"].max() * 1.18)
    ax.set_xlabel("G²")
    ax.tick_params(axis="y", labelsize=9)


def keyness_chart(keyness: pd.DataFrame, top_n: int = 10, max_outlets: int = 12,
                  forms: Mapping[str, str] | None = None):
    """One panel per outlet (the ``max_outlets`` largest): the terms it significantly over-uses against the rest.

    Only terms whose signed log-likelihood G² reaches 3.84 (p < 0.05, chi-squared with one degree
    of freedom, a single test) are drawn; bars are coloured and starred by the level they reach
    (* p < 0.05, ** p < 0.01, *** p < 0.001); a dotted line marks 3.84.
    Actor tokens are shown by their names (:func:`analysis.actors.display_name`), words in
    ``forms`` as written there.

    Parameters
    ----------
    keyness : pandas.DataFrame
        ``outlet``, ``term``, ``count``, ``keyness_g2`` (one row per outlet and term).
    top_n : int
        Most terms per panel (the highest G² at or above 3.84).
    max_outlets : int
        Panels: the outlets with the most counted terms.
    forms : mapping of str to str, optional
        How words the corpus writes in capitals are shown (:func:`analysis.actors.acronym_forms`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> keyness = pd.DataFrame({"outlet": ["A", "A", "B"], "term": ["korea_utara", "y", "z"], "count": [3, 2, 2],
    ...                         "keyness_g2": [12.0, 1.0, 0.5]})
    >>> fig = keyness_chart(keyness)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], fig.axes[1].texts[0].get_text()
    (['Korea Utara'], 'no term with G² ≥ 3.84')
    >>> plt.close(fig)
    """
    from matplotlib.patches import Patch

    require_columns(keyness, ["outlet", "term", "count", "keyness_g2"], "keyness_chart", "keyness")
    sizes = keyness.groupby("outlet", observed=True)["count"].sum()
    outlets = sorted(_largest_first(sizes).index[:max_outlets])
    cols = min(3, max(1, len(outlets)))
    rows = -(-len(outlets) // cols) if outlets else 1
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 0.3 * top_n * rows + 1.4 * rows + 0.6), squeeze=False)
    significant = keyness[keyness["keyness_g2"] >= _SIGNIFICANCE[-1][0]]
    for ax, outlet in zip(axes.flat, outlets):
        sub = significant[significant["outlet"] == outlet]
        sub = sub.sort_values(["keyness_g2", "term"], ascending=[False, True]).head(top_n).iloc[::-1]
        _keyness_panel(ax, sub, outlet, top_n, forms)
    for ax in list(axes.flat)[len(outlets):]:
        ax.axis("off")
    fig.suptitle("Terms each outlet uses significantly more than the other outlets (log-likelihood G²)")
    handles = [Patch(color=c, label=f"{s} {label} (G² ≥ {v})") for v, label, s, c in _SIGNIFICANCE]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=9,
               title="G², 1 d.f.; terms below 3.84 (p ≥ 0.05) are not shown", title_fontsize=9)
    # room in inches, whatever the rows: 0.75 below for the legend, 0.45 above for the title (which
    # tight_layout leaves out, so that it crowded the first row's titles)
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, min(0.3, 0.75 / height), 1, 1 - min(0.2, 0.45 / height)))
    return fig


def dispersion(tokens: pd.DataFrame, terms: list[str], max_docs: int = 60):
    """Lexical dispersion: where each term occurs across the documents (one row per term, the documents side by side).

    Parameters
    ----------
    tokens : pandas.DataFrame
        ``doc_id``, ``position``, ``token`` (one row per token).
    terms : list of str
        The tokens to show, one row each (labelled by :func:`analysis.actors.display_name`).
    max_docs : int
        The first documents (by ``doc_id``) shown.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b"], "position": [0, 1, 0], "token": ["x", "y", "x"]})
    >>> fig = dispersion(tokens, ["x"])
    >>> fig.axes[0].get_title()
    'Where the main actors are named (lexical dispersion)'
    >>> plt.close(fig)
    """
    require_columns(tokens, ["doc_id", "position", "token"], "dispersion", "tokens")
    docs = sorted(tokens["doc_id"].unique())[:max_docs]
    toks = tokens[tokens["doc_id"].isin(docs)]
    length = toks.groupby("doc_id")["position"].max().add(1).reindex(docs)
    offset = length.cumsum().shift(fill_value=0)
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.4 * len(terms) + 1.4)))
    for i, term in enumerate(terms):
        hit = toks[toks["token"] == term]
        x = hit["position"].to_numpy() + hit["doc_id"].map(offset).to_numpy()
        ax.plot(x, [i] * len(x), "|", markersize=14, color="#2b8cbe")
    ax.grid(axis="x", visible=False)
    for b in offset.iloc[1:]:
        ax.axvline(b, color="#666666", linewidth=1.0)
    if len(docs) <= 12:
        for doc, start, n in zip(docs, offset, length):
            ax.text(start + n / 2, -0.75, doc if len(doc) <= 14 else doc[:13] + "…", ha="center", va="bottom",
                    fontsize=8, color="#444444")
    ax.set_yticks(range(len(terms)), [display_name(t) for t in terms])
    ax.set_ylim(len(terms) - 0.3, -1.3)
    ax.set_xlim(0, max(1, int(length.sum())))
    ax.set_xlabel(f"token position in the corpus ({len(docs)} documents, separated by grey lines)")
    title_above(ax, "Where the main actors are named (lexical dispersion)")
    fig.tight_layout()
    return fig
