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
