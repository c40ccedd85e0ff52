import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import helpers
from helpers.plotting import ALT_TEXT_KEY, ILLUSTRATIVE_LABEL, STYLE_FILE


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
    plt.rcdefaults()


def test_style_ships_in_the_package_and_applies():
    assert STYLE_FILE.is_file() and STYLE_FILE.parent.name == "helpers"
    helpers.use_style()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colours[:3] == ["#0072B2", "#D55E00", "#000000"]  # Okabe-Ito
    assert plt.rcParams["svg.hashsalt"]  # reproducible SVG ids


def test_style_colours_differ_in_grayscale():
    helpers.use_style()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"][:3]
    luminance = [np.dot(to_rgba(c)[:3], [0.299, 0.587, 0.114]) for c in colours]
    assert min(abs(a - b) for i, a in enumerate(luminance) for b in luminance[i + 1:]) > 0.08


def test_caption_writes_the_source_under_the_figure_inside_the_image():
    fig, ax = plt.subplots()  # matplotlib's defaults: no layout engine
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("Ki (nM)")
    helpers.caption(ax, "sigma_affinity")
    text = fig._supxlabel
    assert text.get_text() == "Source: IMN March 2007, Table 1; Narita et al., Eur J Pharmacol 1996"
    assert text.get_gid() == "source-caption"
    fig.canvas.draw()
    assert text.get_window_extent().y1 <= ax.get_tightbbox().y0
    assert text.get_window_extent().y0 >= 0, "cut off when saved at the figure's size"
    assert not any(t.get_gid() == "illustrative-label" for t in ax.texts)


def test_caption_accepts_loaded_frames_and_notes():
    fig, ax = plt.subplots()
    helpers.caption(ax, helpers.load("receptor_affinity"), note="derived: fold differences")
    assert " ".join(fig.get_supxlabel().split()).endswith("Table 15-4. derived: fold differences")


def test_footnotes_stack_under_the_caption():
    fig, ax = plt.subplots(figsize=(4, 3))
    helpers.caption(ax, "sigma_affinity")
    helpers.footnote(ax, "Model with made-up parameters.")
    lines = fig.get_supxlabel().splitlines()
    assert lines[0].startswith("Source: IMN March 2007") and lines[-1] == "Model with made-up parameters."


def _inside_and_below_the_axes(fig, note) -> bool:
    fig.canvas.draw()
    box = note.get_window_extent()
    return box.y0 >= 0 and all(box.y1 <= ax.get_tightbbox().y0 + 1 for ax in fig.axes)


def test_footnote_leaves_a_supxlabel_of_ones_own_and_stays_inside():
    fig, ax = plt.subplots(layout="constrained")
    ax.set_xlabel("Ki (nM)")
    mine = fig.supxlabel("my own label")
    helpers.footnote(ax, "a note")
    helpers.footnote(ax, "a second note")
    notes = [t for t in fig.texts if t.get_gid() == "source-caption"]
    assert fig.get_supxlabel() == "my own label"
    assert [n.get_text() for n in notes] == ["a note\na second note"]
    assert _inside_and_below_the_axes(fig, notes[0])
    assert mine.get_window_extent().y0 >= notes[0].get_window_extent().y1 - 1, "labels overlap"
    assert mine.get_window_extent().y1 <= ax.get_tightbbox().y0 + 1


def test_footnote_under_tight_layout_with_a_colorbar_stays_inside():
    fig, ax = plt.subplots(layout="tight")
    fig.colorbar(ax.imshow([[0, 1], [1, 0]]), ax=ax)  # now constrained layout is refused
    ax.set_xlabel("x")
    helpers.footnote(ax, "a note\non two lines")
    assert fig.get_layout_engine().__class__.__name__ == "TightLayoutEngine"
    note = next(t for t in fig.texts if t.get_gid() == "source-caption")
    assert _inside_and_below_the_axes(fig, note)


def test_caption_labels_illustrative_data_inside_the_image():
    frame = pd.DataFrame({"x": [1.0]})
    frame.attrs = {"sources": [{"title": "Made up", "short": "model"}], "kind": "illustrative"}
    fig, ax = plt.subplots()
    helpers.caption(ax, frame)
    assert fig.get_supxlabel().startswith("Illustrative values, not data.")
    assert any(t.get_text() == ILLUSTRATIVE_LABEL for t in ax.texts)


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


def test_show_requires_and_publishes_a_text_alternative(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, metadata=None: shown.append((obj, metadata)))
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="text alternative"):
        helpers.show(fig, alt="  ")
    helpers.label_illustrative(ax)
    helpers.show(fig, alt="A line chart.")
    (markdown, metadata), = shown
    assert metadata[ALT_TEXT_KEY] == "A line chart. Illustrative values, not data."
    assert "Figure description" in markdown.data


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


def test_caption_in_a_constrained_layout_is_laid_out_under_every_axes():
    helpers.use_style()
    fig, axes = plt.subplots(1, 2)
    for ax in axes:
        ax.set_xlabel("Ki (nM)")
    helpers.caption(axes[1], "sigma_affinity")
    fig.canvas.draw()
    caption = fig._supxlabel
    assert caption.get_text().startswith("Source: IMN March 2007, Table 1")
    assert caption.get_gid() == "source-caption"
    assert all(caption.get_window_extent().y1 <= ax.get_tightbbox().y0 + 1 for ax in axes)


def test_style_saves_figures_at_their_own_size():
    helpers.use_style()
    assert plt.rcParams["savefig.bbox"] is None  # "standard": constrained layout fits all
    assert plt.rcParams["figure.constrained_layout.use"]


def test_log_scale_labels_decades_and_marks_two_and_five():
    fig, ax = plt.subplots()
    helpers.log_scale(ax, "y")
    ax.set_ylim(1, 1000)
    fig.canvas.draw()
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    labels = {round(t.get_loc()): t.label1.get_text() for t in ax.yaxis.get_major_ticks()}
    assert {labels[1], labels[10], labels[100], labels[1000]} == {"1", "10", "10²", "10³"}
    minor = sorted(round(v) for v in ax.yaxis.get_minorticklocs() if 1 <= v <= 1000)
    assert minor == [2, 5, 20, 50, 200, 500]


def test_log_scale_refuses_an_unknown_axis():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="'x' or 'y'"):
        helpers.log_scale(ax, "z")


def test_power_of_ten_writes_other_values_plainly():
    from helpers.plotting import power_of_ten

    values = (0.001, 1e-5, 1e16, 100_000, 3000, 0.25, 0, -100, float("nan"), float("inf"))
    assert [power_of_ten(v) for v in values] == ["10⁻³", "10⁻⁵", "10¹⁶", "10⁵", "3,000", "0.25",
                                                 "0", "-100", "nan", "inf"]


def test_log_scale_labels_a_short_axis_in_plain_text():
    fig, ax = plt.subplots()
    helpers.log_scale(ax)
    ax.set_xlim(20, 90)  # no decade in view: the minor ticks carry the labels
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels(minor=True) if t.get_text()]
    assert labels and not any("$" in label for label in labels)


def test_censored_scatter_puts_ki_on_the_house_log_axis():
    from helpers.plotting import power_of_ten

    data = pd.DataFrame({"drug": ["A"], "ki_nm": [36.0], "qualifier": ["="]})
    ax = helpers.censored_scatter(data, x="ki_nm", y="drug")
    assert ax.get_xscale() == "log"
    assert ax.xaxis.get_major_formatter().func is power_of_ten


def test_row_axis_puts_each_key_on_its_own_labelled_row():
    _, ax = plt.subplots()
    rows = helpers.row_axis(ax, {"Sertraline": "Sertraline (SSRI)", "Fluvoxamine": "Fluvoxamine (SSRI)"})
    assert rows == {"Sertraline": 0.0, "Fluvoxamine": 1.0}
    labels = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert labels == {"Sertraline (SSRI)": 0.0, "Fluvoxamine (SSRI)": 1.0}
    assert tuple(ax.get_ylim()) == (1.5, -0.5)  # first row at the top


def test_row_axis_gives_wrapped_labels_room_and_matches_the_figure_size():
    from helpers.layout import row_chart_size, wrap_label

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
    assert all(a.y0 >= b.y1 - 1 or b.y0 >= a.y1 - 1 for a, b in itertools.pairwise(boxes))


def test_row_axis_refuses_a_key_twice():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="Fluvoxamine given for more than one row"):
        helpers.row_axis(ax, ["Fluvoxamine", "Fluvoxamine"])


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
    from helpers.layout import wrap_label

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
        marker = ax.transData.transform(label._bound)[0]
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
