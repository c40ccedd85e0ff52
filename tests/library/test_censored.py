"""Censored values drawn as bounds (helpers.censored), read from drawn figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import helpers
from helpers.layout import wrap_label
from helpers.style import power_of_ten

pytestmark = pytest.mark.usefixtures("close_figures")  # tests/library/conftest.py


def test_censored_values_are_drawn_as_open_markers_with_arrows():
    data = pd.DataFrame({"drug": ["A", "B"], "ki_nm": [10.0, 10_000.0], "qualifier": ["=", ">"]})
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax)
    filled, open_ = ax.collections[0], ax.collections[1]
    assert filled.get_offsets().tolist() == [[10.0, 0.0]]
    assert open_.get_offsets().tolist() == [[10_000.0, 1.0]]
    assert tuple(open_.get_facecolors()[0]) == to_rgba("white")
    arrows = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]
    assert len(arrows) == 1 and arrows[0].xy[0] > 10_000  # points towards larger values
    assert any(t.get_text() == "> 10,000" for t in ax.texts)
    assert ax.get_xscale() == "log"


def test_lower_bounds_point_left():
    data = pd.DataFrame({"drug": ["A"], "ki_nm": [5.0], "qualifier": ["<"]})
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax)
    arrow = next(a for a in ax.texts if getattr(a, "arrow_patch", None) is not None)
    assert arrow.xy[0] < 5.0


def test_censored_scatter_gives_each_hue_its_own_marker():
    data = pd.DataFrame({"drug": ["A", "A"], "ki_nm": [1.0, 2.0], "qualifier": ["=", "="],
                         "source": ["one", "two"]})
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", hue="source", ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["one", "two"]
    markers = {h.get_marker() for h in ax.get_legend().legend_handles}
    assert len(markers) == 2


def test_panels_sharing_y_put_each_category_in_the_same_row():
    data = pd.DataFrame({"drug": ["A", "B", "B", "A"], "ki_nm": [1.0, 2.0, 3.0, 4.0],
                         "qualifier": ["="] * 4, "panel": [1, 1, 2, 2]})
    _, (left, right) = plt.subplots(1, 2, sharey=True)
    helpers.censored_scatter(data[data.panel == 1], x="ki_nm", y="drug", ax=left)
    helpers.censored_scatter(data[data.panel == 2], x="ki_nm", y="drug", ax=right)
    rows = {x: y for x, y in right.collections[0].get_offsets().tolist()}
    assert rows == {3.0: 1.0, 4.0: 0.0}  # B stays in row 1, A in row 0, as on the left


def test_a_category_missing_from_the_shared_rows_needs_an_order():
    data = pd.DataFrame({"drug": ["A", "C"], "ki_nm": [1.0, 2.0], "qualifier": ["=", "="]})
    _, (left, right) = plt.subplots(1, 2, sharey=True)
    helpers.censored_scatter(data.iloc[:1], x="ki_nm", y="drug", ax=left)
    with pytest.raises(ValueError, match="pass order"):
        helpers.censored_scatter(data.iloc[1:], x="ki_nm", y="drug", ax=right)


def test_censored_scatter_puts_ki_on_the_house_log_axis():

    data = pd.DataFrame({"drug": ["A"], "ki_nm": [36.0], "qualifier": ["="]})
    ax = helpers.censored_scatter(data, x="ki_nm", y="drug")
    assert ax.get_xscale() == "log"
    assert ax.xaxis.get_major_formatter().func is power_of_ten


def test_censored_scatter_places_values_by_name_whatever_the_row_order():
    data = pd.DataFrame({"drug": ["B", "A", "C"], "ki_nm": [2.0, 1.0, 3.0], "qualifier": ["="] * 3})
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", order=["A", "B", "C"], ax=ax)
    drawn = {x: y for x, y in ax.collections[0].get_offsets().tolist()}
    rows = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert drawn == {1.0: rows["A"], 2.0: rows["B"], 3.0: rows["C"]}


def test_censored_scatter_never_drops_a_category_silently():
    data = pd.DataFrame({"drug": ["A", "Added"], "ki_nm": [1.0, 2.0], "qualifier": ["=", "="],
                         "source": ["one", "two"]})
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="'Added' not in order"):
        helpers.censored_scatter(data, x="ki_nm", y="drug", order=["A"], ax=ax)
    with pytest.raises(ValueError, match="source 'two' not in hue_order"):
        helpers.censored_scatter(data, x="ki_nm", y="drug", hue="source", hue_order=["one"], ax=ax)


def test_censored_scatter_wraps_long_names_and_keeps_its_legend_off_the_data():

    long_name = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime"
    data = pd.DataFrame({"drug": [long_name, "Fluvoxamine"], "ki_nm": [1.0, 1e4],
                         "qualifier": ["=", ">"]})
    helpers.use_style()
    fig, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax)
    assert ax.get_yticklabels()[0].get_text() == wrap_label(long_name)
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # right of the axes
    assert legend.x1 <= fig.bbox.x1 + 1  # and inside the figure
    _, other = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=other, legend=False)
    assert other.get_legend() is None


def _bound_label(ax, text):
    return next(t for t in ax.texts if t.get_text() == text)


def test_a_bound_label_stays_inside_its_panel():
    """Issue 14.4: '> 100,000' written beyond its arrow spilled out of its panel."""
    data = pd.DataFrame({"drug": ["A", "B"], "ki_nm": [1e5, 10.0], "qualifier": [">", "<"]})
    helpers.use_style()
    fig, ax = plt.subplots(figsize=(4, 2))
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax, legend=False)
    ax.set_xlim(3, 2e5)  # no room beyond either arrow's tip
    fig.canvas.draw()
    for text, arrow_side in (("> 100,000", "right"), ("< 10", "left")):
        label = _bound_label(ax, text)
        extent = label.get_window_extent()
        assert ax.bbox.x0 <= extent.x0 and extent.x1 <= ax.bbox.x1, text
        marker = ax.transData.transform(label.bound_xy)[0]
        # written before the open marker, away from its arrow
        assert (extent.x1 < marker) if arrow_side == "right" else (extent.x0 > marker), text
    ax.set_xlim(1e-2, 1e9)  # room again: back beyond the tips
    fig.canvas.draw()
    assert _bound_label(ax, "> 100,000").get_window_extent().x0 > ax.transData.transform((4e5, 0))[0]
    assert _bound_label(ax, "< 10").get_window_extent().x1 < ax.transData.transform((2.5, 0))[0]


def test_a_bound_label_moves_off_another_sources_marker():
    """Fluvoxamine at H1: the newsletter's '> 10,000' ran over Goodman & Gilman's '> 100,000' marker."""
    data = pd.DataFrame({"drug": ["A", "B", "C", "D", "Fluvoxamine", "Fluvoxamine"],
                         "ki_nm": [1.0, 1.0, 1.0, 1.0, 1e4, 1e5], "qualifier": ["="] * 4 + [">", ">"],
                         "source": ["newsletter"] * 5 + ["textbook"]})
    helpers.use_style()
    fig, ax = plt.subplots(figsize=(7, 2.5))  # rows about 0.34 in apart, as row_chart_size makes them
    helpers.censored_scatter(data, x="ki_nm", y="drug", hue="source", ax=ax, legend=False)
    ax.set_xlim(0.03, 1e7)
    fig.canvas.draw()
    label = _bound_label(ax, "> 10,000")
    assert label.side == "before"
    other = ax.transData.transform((1e5, 0))[0]
    extent = label.get_window_extent()
    assert extent.x1 < ax.transData.transform((1e4, 0))[0] < other  # before its own marker
    assert _bound_label(ax, "> 100,000").get_window_extent().x0 > other  # that one had room


def test_bound_labels_take_a_font_size():
    data = pd.DataFrame({"drug": ["A"], "ki_nm": [1e4], "qualifier": [">"]})
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax, label_size=9)
    assert _bound_label(ax, "> 10,000").get_fontsize() == 9
    _, ax = plt.subplots()
    helpers.censored_scatter(data, x="ki_nm", y="drug", ax=ax)
    assert _bound_label(ax, "> 10,000").get_fontsize() == 7
