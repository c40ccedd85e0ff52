"""Charts that grow with the rows and wrap long labels, read back from drawn figures."""

from __future__ import annotations

from itertools import pairwise

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.layout import legend_outside, row_chart_size, wrap_label, wrap_title

LONG_NAME = ("(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
               min_size=1, max_size=120), st.integers(min_value=8, max_value=40))
@settings(max_examples=200, derandomize=True, deadline=None)
def test_wrapped_labels_keep_every_character_and_fit_the_width(text, width):
    wrapped = wrap_label(text, width)
    assert all(len(line) <= max(width, len(text) if len(text) <= width else width)
               for line in wrapped.split("\n"))
    # nothing but whitespace is lost or added
    assert "".join(wrapped.split()) == "".join(text.split())


def test_a_short_label_is_left_alone():
    assert wrap_label("Fluvoxamine") == "Fluvoxamine"


def _dot_plot(labels):
    wrapped = [wrap_label(label) for label in labels]
    fig, ax = plt.subplots(figsize=row_chart_size(wrapped))
    ax.scatter(range(len(labels)), range(len(labels)), label="sigma-1")
    ax.set_yticks(range(len(labels)), wrapped)
    wrap_title(ax, "Sigma-1 and sigma-2 affinity (Table 1); dashed: tricyclics; "
                   "a long title that a teacher wrote")
    ax.set_xlabel("Ki (nM), log scale: smaller = tighter binding")
    legend_outside(ax, title="Binding site")
    fig.canvas.draw()
    return fig, ax


def _inside(fig, artist):
    box = artist.get_window_extent()
    figure = fig.bbox
    return (box.x0 >= figure.x0 - 1 and box.y0 >= figure.y0 - 1
            and box.x1 <= figure.x1 + 1 and box.y1 <= figure.y1 + 1)


@pytest.mark.parametrize("labels", [
    ["Fluvoxamine"],
    [f"Drug {i}" for i in range(8)],
    [f"Drug {i}" for i in range(40)],
    ["Fluvoxamine", LONG_NAME, "Sertraline"],
])
def test_row_charts_keep_texts_inside_and_tick_labels_apart(labels):
    helpers.use_style()
    fig, ax = _dot_plot(labels)
    texts = [ax.title, ax.xaxis.label, *ax.get_yticklabels(), *ax.get_legend().get_texts()]
    assert all(_inside(fig, t) for t in texts if t.get_text())
    boxes = sorted((t.get_window_extent() for t in ax.get_yticklabels()), key=lambda b: b.y0)
    assert all(lower.y1 <= upper.y0 + 0.5 for lower, upper in pairwise(boxes))
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # off the data, right of the axes
    assert ax.get_window_extent().height > 40  # the plot is not squeezed to a sliver
    plt.close(fig)


def test_figures_grow_with_rows_and_label_lines():
    assert row_chart_size(["a"] * 40)[1] > row_chart_size(["a"] * 8)[1] > row_chart_size(["a"])[1] - 1
    assert row_chart_size([wrap_label(LONG_NAME)])[1] >= row_chart_size(["a"])[1]
    assert row_chart_size(["a\nb\nc\nd"] * 8)[1] > row_chart_size(["a"] * 8)[1]


def test_row_axis_puts_each_key_on_its_own_labelled_row():
    _, ax = plt.subplots()
    rows = helpers.row_axis(ax, {"Sertraline": "Sertraline (SSRI)", "Fluvoxamine": "Fluvoxamine (SSRI)"})
    assert rows == {"Sertraline": 0.0, "Fluvoxamine": 1.0}
    labels = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert labels == {"Sertraline (SSRI)": 0.0, "Fluvoxamine (SSRI)": 1.0}
    assert tuple(ax.get_ylim()) == (1.5, -0.5)  # first row at the top


def test_row_axis_gives_wrapped_labels_room_and_matches_the_figure_size():

    long_name = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime"
    labels = ["Fluvoxamine", wrap_label(long_name), "Sertraline"]
    helpers.use_style()
    fig, ax = plt.subplots(figsize=row_chart_size(labels))
    rows = helpers.row_axis(ax, labels)
    gaps = np.diff(list(rows.values()))
    assert gaps[0] > 1.5 and gaps[1] > 1.5  # the four-line label's row is taller
    span = ax.get_ylim()[0] - ax.get_ylim()[1]
    assert span * 0.34 == pytest.approx(row_chart_size(labels, extra_height=0, min_height=0)[1], abs=0.011)
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.get_yticklabels()]
    assert all(a.y0 >= b.y1 - 1 or b.y0 >= a.y1 - 1 for a, b in pairwise(boxes))


def test_row_axis_refuses_a_key_twice():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="Fluvoxamine given for more than one row"):
        helpers.row_axis(ax, ["Fluvoxamine", "Fluvoxamine"])
