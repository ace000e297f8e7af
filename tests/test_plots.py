"""Figures: each plotting function names the table and the columns it lacks; labels follow the cleaner."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.clean import LABELS  # noqa: E402
from analysis.config import OTHER_OUTLETS, UNKNOWN_OUTLET  # noqa: E402

EMPTY = pd.DataFrame({"other": [1]})


@pytest.mark.parametrize("call, message", [
    (lambda: plots.documents_timeline(EMPTY),
     "documents_timeline: documents lacks columns 'outlet', 'published' (it has: other)"),
    (lambda: plots.line_labels(EMPTY), "line_labels: lines lacks columns 'doc_id', 'label'"),
    (lambda: plots.line_labels(pd.DataFrame({"doc_id": ["a"], "label": ["body"]}), EMPTY),
     "line_labels: documents lacks columns 'doc_id', 'outlet'"),
    (lambda: plots.top_terms(pd.DataFrame({"term": ["x"]})), "top_terms: terms lacks column 'count'"),
    (lambda: plots.actor_heatmap(EMPTY, pd.Series(dtype=int)), "actor_heatmap: actors lacks columns"),
    (lambda: plots.keyness_chart(EMPTY), "keyness_chart: keyness lacks columns 'outlet', 'term'"),
    (lambda: plots.dispersion(EMPTY, ["x"]), "dispersion: tokens lacks columns 'doc_id', 'position', 'token'"),
    (lambda: plots.event_timeline(EMPTY), "event_timeline: timeline lacks columns 'value'"),
    (lambda: plots.lookback_scatter(EMPTY), "lookback_scatter: lookback lacks columns 'outlet', 'anchor'"),
    (lambda: plots.lookback_by_outlet(EMPTY), "lookback_by_outlet: lookback lacks columns 'outlet', 'days_back'"),
])
def test_a_missing_column_is_named(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


def test_label_order_is_the_cleaners_labels_in_display_order():
    assert sorted(plots.LABEL_ORDER) == sorted(LABELS) and len(plots.LABEL_ORDER) == len(LABELS)
    assert plots.LABEL_ORDER[0] == "body" and plots.LABEL_ORDER[-1] == "boilerplate"


def test_outlet_labels_are_the_shared_constants():
    labels = plots.top_outlets(pd.Series(["A", "A", "B", "", None]), max_outlets=2)
    assert labels.tolist() == ["A", "A", OTHER_OUTLETS, UNKNOWN_OUTLET, UNKNOWN_OUTLET]


# ----------------------------------------------------------------- what the figures show

import matplotlib.pyplot as plt  # noqa: E402

from analysis.actors import display_name  # noqa: E402


def _labels(ax, axis="y"):
    return [t.get_text() for t in (ax.get_yticklabels() if axis == "y" else ax.get_xticklabels())]


def test_display_names_replace_actor_tokens():
    assert display_name("korea_utara") == "Korea Utara"
    assert display_name("kim_jong_un") == "Kim Jong Un"
    assert display_name("korea_utara senjata") == "Korea Utara senjata"
    assert display_name("senjata") == "senjata" and display_name("tidak_dikenal") == "tidak_dikenal"


def test_keyness_panels_show_only_significant_terms_with_their_level():
    keyness = pd.DataFrame({"outlet": ["A"] * 5 + ["B"] * 2,
                            "term": ["korea_utara", "rudal", "senjata", "luar", "negeri", "x", "y"],
                            "count": [9, 5, 4, 2, 2, 3, 3],
                            "keyness_g2": [12.5, 7.0, 3.84, 0.8, -5.0, 0.6, 0.4]})
    fig = plots.keyness_chart(keyness)
    a, b = fig.axes[:2]
    assert _labels(a) == ["senjata", "rudal", "Korea Utara"]  # G² ≥ 3.84 only, largest on top, display names
    assert [t.get_text().strip() for t in a.texts] == ["*", "**", "***"]
    assert "no term with G² ≥ 3.84" in [t.get_text() for t in b.texts] and not b.patches
    legend = fig.legends[0]
    assert "3.84" in legend.get_title().get_text() and any("p < 0.001" in t.get_text() for t in legend.get_texts())
    assert "G²" in fig._suptitle.get_text()
    plt.close(fig)


def test_keyness_bars_are_as_thick_in_every_panel():
    # a panel with one significant term shows one bar at the top, as thick as the bars of a full
    # panel (not one block filling the panel)
    keyness = pd.DataFrame({"outlet": ["A"] * 4 + ["B"], "term": ["a", "b", "c", "d", "e"],
                            "count": [9, 8, 7, 6, 5], "keyness_g2": [20.0, 15.0, 9.0, 5.0, 30.0]})
    fig = plots.keyness_chart(keyness, top_n=4)
    fig.canvas.draw()
    heights = [[round(p.get_window_extent().height, 1) for p in ax.patches] for ax in fig.axes[:2]]
    assert len(heights[0]) == 4 and len(heights[1]) == 1 and len(set(heights[0] + heights[1])) == 1
    top = [max(p.get_window_extent().y1 for p in ax.patches) - ax.get_window_extent().y1 for ax in fig.axes[:2]]
    assert abs(top[0] - top[1]) < 1  # the single bar at the top, where the full panel's first is
    assert _labels(fig.axes[1]) == ["e"]
    plt.close(fig)
    # twelve panels on four rows: the figure's title above the first row's titles, the legend below the last row
    many = pd.concat([keyness.assign(outlet=f"outlet {i:02d}") for i in range(12)])
    fig = plots.keyness_chart(many)
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    assert all(title.y0 > ax.title.get_window_extent(renderer).y1 for ax in fig.axes[:3])
    assert fig.legends[0].get_window_extent(renderer).y1 < min(ax.get_tightbbox(renderer).y0 for ax in fig.axes[9:12])
    plt.close(fig)


def test_term_figures_use_display_names():
    fig = plots.top_terms(pd.DataFrame({"term": ["amerika_serikat", "senjata"], "count": [4, 2]}))
    assert _labels(fig.axes[0]) == ["senjata", "Amerika Serikat"]
    plt.close(fig)
    tokens = pd.DataFrame({"doc_id": ["a", "a"], "position": [0, 1], "token": ["korea_utara", "x"]})
    fig = plots.dispersion(tokens, ["korea_utara"])
    assert _labels(fig.axes[0]) == ["Korea Utara"]
    plt.close(fig)


def _lookback(starts, values=None):
    return pd.DataFrame({"outlet": ["A"] * len(starts), "anchor": ["2024-01-10"] * len(starts), "start": starts,
                         "value": values or [s[:7] for s in starts]})


def test_a_far_date_does_not_squeeze_the_lookback_scatter():
    starts = ["2006-01-01", "2022-01-01", "2023-09-01", "2023-12-30", "2024-01-02", "2024-01-09"]
    fig = plots.lookback_scatter(_lookback(starts, ["2006", "2022", "2023-09", "2023-12-30", "2024-01-02",
                                                    "2024-01-09"]))
    ax = fig.axes[0]
    low, high = (plt.matplotlib.dates.num2date(v).date().isoformat() for v in ax.get_ylim())
    assert "2021-01-01" < low < "2022-01-01" and high > "2024-01-09"  # the axis spans 2022..2024, not 2006..2024
    note = [t.get_text() for t in ax.texts]
    assert note == ["▼ 1 mention of dates before Jan 2022 (2006): drawn at the bottom edge, not to scale"]
    plt.close(fig)
    fig = plots.lookback_scatter(_lookback(starts[2:]))  # nothing far: no note, every point on scale
    assert not fig.axes[0].texts
    plt.close(fig)


def test_the_symlog_lookback_axis_has_few_readable_ticks():
    frame = pd.DataFrame({"outlet": ["A"] * 6 + ["B"] * 2, "days_back": [0, 1, 8, 9, 11, 6583, 26, 130]})
    fig = plots.lookback_by_outlet(frame)
    ax = fig.axes[0]
    fig.canvas.draw()
    assert _labels(ax, "x") == ["0", "1 month", "1 year", "10 years"]
    pixels = sorted(ax.transData.transform([(x, 0) for x in ax.get_xticks()])[:, 0])
    assert min(b - a for a, b in zip(pixels, pixels[1:])) > 60  # labels never touch
    assert not ax.xaxis.get_minorticklabels() or not any(t.get_text() for t in ax.xaxis.get_minorticklabels())
    assert "logarithmic beyond ±30 days" in ax.get_xlabel()
    plt.close(fig)


def test_the_lookback_scatter_legend_is_beside_the_dots():
    # eleven outlets and the diagonal: the legend is outside the axes, where it hides no dot
    frame = pd.DataFrame({"outlet": [f"outlet{i}.com" for i in range(11)] * 2,
                          "anchor": ["2024-01-10"] * 11 + ["2023-09-01"] * 11,
                          "start": [f"2023-{m:02d}-01" for m in range(1, 12)] * 2, "value": ["x"] * 22})
    fig = plots.lookback_scatter(frame)
    fig.canvas.draw()
    legend, axes = fig.axes[0].get_legend().get_window_extent(), fig.axes[0].get_window_extent()
    assert legend.x0 > axes.x1 and legend.x1 <= fig.bbox.x1 + 1
    assert "same day" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)


def test_lookback_labels_past_and_future_to_a_century_do_not_collide():
    # nine span labels (−100 years … 100 years) on an 8-inch axis: drawn on two lines, apart
    frame = pd.DataFrame({"outlet": ["A"] * 4, "days_back": [-40000, -5, 12, 40000]})
    fig = plots.lookback_by_outlet(frame)
    fig.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in fig.axes[0].get_xticklabels() if t.get_text()), key=lambda b: b.x0)
    assert len(boxes) == 9 and all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))
    assert _labels(fig.axes[0], "x")[0] == "−100\nyears"
    plt.close(fig)


def test_the_two_publication_timelines_are_titled_apart():
    docs = pd.DataFrame({"outlet": ["A", "B"], "published": ["2023-10-27T17:33:00+07:00", ""]})
    plain = plots.documents_timeline(docs)
    estimated = plots.documents_timeline(docs, inferred=["", "2023-10-20"])
    assert plain.axes[0].get_title() != estimated.axes[0].get_title()
    assert "estimate" in estimated.axes[0].get_title()
    plt.close(plain)
    plt.close(estimated)


def test_a_saved_figure_carries_its_title(tmp_path):
    from PIL import Image

    from analysis.outputs import figure_title, save_figure

    fig, ax = plt.subplots()
    ax.set_title("How far back each article looks")
    png, svg = save_figure(fig, tmp_path, "f")
    plt.close(fig)
    with Image.open(png) as image:
        assert image.text["Title"] == "How far back each article looks"
    assert "<dc:title>How far back each article looks</dc:title>" in svg.read_text()
    fig = plt.figure()
    fig.suptitle("Whole figure")
    fig.add_subplot().set_title("panel")
    assert figure_title(fig) == "Whole figure"
    plt.close(fig)


def test_term_figures_show_words_written_in_capitals_as_written():
    forms = {"kpk": "KPK"}
    fig = plots.top_terms(pd.DataFrame({"term": ["kpk", "korea_utara", "senjata"], "count": [5, 4, 2]}), forms=forms)
    assert _labels(fig.axes[0]) == ["senjata", "Korea Utara", "KPK"]
    plt.close(fig)
    keyness = pd.DataFrame({"outlet": ["A", "A"], "term": ["kpk periksa", "senjata"], "count": [3, 2],
                            "keyness_g2": [20.0, 12.0]})
    fig = plots.keyness_chart(keyness, forms=forms)
    assert _labels(fig.axes[0]) == ["senjata", "KPK periksa"]
    plt.close(fig)


def test_wire_dependence_bars_say_their_share_on_an_axis_that_ends_near_the_largest():
    from analysis.source_plots import wire_dependence_chart

    wire = pd.DataFrame({"outlet": ["A", "B"], "articles": [1000, 10], "wire_credited": [200, 0],
                         "copied": [5, 0], "wire_or_copied": [202, 0]})  # 0.5%: "<1%", not a rounded "0%"
    fig = wire_dependence_chart(wire)
    ax = fig.axes[0]
    assert ax.get_xlim()[1] < 0.5  # 20% at most: not an axis to 1
    assert max(ax.get_xticks()) <= 0.2 + 1e-9
    labels = [t.get_text() for t in ax.texts]
    # B's three bars then A's (bottom up: credits, near-copy, either of each), a share under 0.5% as <1%
    assert sorted(labels) == sorted(["0%", "0%", "0%", "20%", "<1%", "20%"])
    plt.close(fig)
