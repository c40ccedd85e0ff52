"""The chart checker on small synthetic figures: it passes correct charts and catches each fault."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns
from chart_readback import (
    assert_chart_ok,
    chart_problems,
    chart_signature,
    compare_signatures,
    layout_problems,
    legend_problems,
    normalise_label,
    read_figure,
    text_clipping_problems,
    tick_overlap_problems,
    value_problems,
)

AFFINITY = pd.DataFrame({
    "drug": ["Fluvoxamine", "Sertraline", "(±)Fluoxetine", "Paroxetine"],
    "drug_class": ["SSRI"] * 4,
    "ki_sigma1_nm": [36.0, 57.0, 240.0, 1893.0],
    "ki_sigma2_nm": [8439.0, 5297.0, 16100.0, 22870.0],
})


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def dot_plot(frame: pd.DataFrame, labels: list[str], *, figsize=(6, 3), title="Sigma-1 and sigma-2"):
    """A paired dot plot: points at row i of ``frame``, tick i labelled ``labels[i]``."""
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    for y, row in enumerate(frame.itertuples()):
        ax.plot([row.ki_sigma1_nm, row.ki_sigma2_nm], [y, y], "-", color="0.6")
        ax.scatter([row.ki_sigma1_nm], [y], marker="o", color="C0")
        ax.scatter([row.ki_sigma2_nm], [y], marker="s", color="C1")
    ax.set_xscale("log")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_title(title)
    ax.set_xlabel("Ki (nM), log scale")
    return fig


def test_a_correct_dot_plot_passes():
    labels = [f"{d} ({c})" for d, c in zip(AFFINITY.drug, AFFINITY.drug_class, strict=True)]
    fig = dot_plot(AFFINITY, labels)
    assert chart_problems(fig, {"sigma_affinity": AFFINITY}) == []
    assert_chart_ok(fig, [AFFINITY], name="ok chart")


def test_a_mislabelled_dot_plot_fails_naming_label_value_and_owner():
    sorted_rows = AFFINITY.sort_values("drug").reset_index(drop=True)  # points in A-Z order
    fig = dot_plot(sorted_rows, list(AFFINITY.drug))  # labels in the original order
    problems = value_problems(fig, {"sigma_affinity": AFFINITY}, name="fig 1")
    assert len(problems) == 1
    text = problems[0]
    assert "fig 1" in text and "Sigma-1 and sigma-2" in text
    assert "value 240 is drawn on the row labelled 'Fluvoxamine', but that value belongs to '(±)Fluoxetine'" in text
    with pytest.raises(AssertionError, match="drawn on another category's row"):
        assert_chart_ok(fig, {"sigma_affinity": AFFINITY})


def test_the_seaborn_file_order_pattern_of_notebook_02_is_caught():
    """seaborn places categories in file order; tick labels set by hand in sorted order."""
    az = AFFINITY.sort_values("drug").reset_index(drop=True)
    long = az.melt(id_vars=["drug"], value_vars=["ki_sigma1_nm", "ki_sigma2_nm"], var_name="site",
                   value_name="ki_nm")
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    sns.scatterplot(data=long, x="ki_nm", y="drug", hue="site", ax=ax, legend=False)
    order = list(AFFINITY.drug)
    ax.set_yticks(range(len(order)), order)
    assert value_problems(fig, {"sigma_affinity": az})
    fig2, ax2 = plt.subplots(figsize=(6, 3), layout="constrained")
    sns.scatterplot(data=long, x="ki_nm", y="drug", hue="site", ax=ax2, legend=False)
    assert value_problems(fig2, {"sigma_affinity": az}) == []  # seaborn's own labels are right


def test_labels_match_keys_whatever_the_case_wrapping_suffix_or_ellipsis():
    frame = pd.DataFrame({"drug": ["(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one", "Sertraline"],
                          "ki": [36.0, 57.0]})
    labels = ["(E)-5-methoxy-1-[4-(trifluoro-\nmethyl)phenyl]pentan-1-one (SSRI)", "SERTRALINE"]
    fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    ax.scatter([57.0, 36.0], [0, 1])  # swapped
    ax.set_yticks([0, 1], labels)
    problems = value_problems(fig, [frame])
    assert len(problems) == 1 and "2 value(s)" in problems[0]
    fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    ax.scatter([57.0, 36.0], [0, 1])
    ax.set_yticks([0, 1], ["Sertraline", "(E)-5-methoxy-1-[4-…"])  # shortened with an ellipsis
    assert value_problems(fig, [frame]) == []
    assert normalise_label("3×10²") == normalise_label("3x10^2")


def test_derived_values_and_unknown_labels_are_not_mismatches():
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    ax.scatter([234.4, 92.9], [0, 1])  # ratios recomputed: in no row
    ax.scatter([1.0, 2.0], [2, 3])  # rows whose labels name no data
    ax.set_yticks(range(4), ["Fluvoxamine", "Sertraline", "worse", "better"])
    assert value_problems(fig, [AFFINITY]) == []


def test_bars_are_read_at_their_tops_on_their_categories():
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    ax.bar(range(4), [57.0, 36.0, 240.0, 1893.0])  # first two swapped
    ax.set_xticks(range(4), AFFINITY.drug)
    (readback,) = read_figure(fig)
    assert readback.x is not None and readback.y is None
    assert {(m.kind, m.x, m.y) for m in readback.marks} >= {("bar", 0.0, 57.0), ("bar", 3.0, 1893.0)}
    problems = value_problems(fig, [AFFINITY])
    assert len(problems) == 1 and "2 value(s)" in problems[0]


def test_shared_axes_without_visible_labels_use_their_siblings_labels():
    fig, (left, right) = plt.subplots(1, 2, sharey=True, figsize=(8, 3), layout="constrained")
    for ax in (left, right):
        ax.scatter([8439.0, 5297.0], [1, 0])  # swapped on both panels
        ax.set_yticks([0, 1], ["Fluvoxamine", "Sertraline"])
    problems = value_problems(fig, [AFFINITY])
    assert len(problems) == 2


def test_a_clipped_title_fails():
    fig = dot_plot(AFFINITY, list(AFFINITY.drug), figsize=(3, 2.5),
                   title="A title far too long for a figure three inches wide, cut at the edge")
    problems = text_clipping_problems(fig)
    assert problems and "axes title" in problems[0] and "beyond the right edge" in problems[0]
    assert not text_clipping_problems(dot_plot(AFFINITY, list(AFFINITY.drug), figsize=(6, 3)))


def test_text_placed_outside_the_figure_fails():
    fig = dot_plot(AFFINITY, list(AFFINITY.drug))
    fig.text(0.0, -0.05, "Source: a footnote below the bottom edge")
    assert any("figure text" in p and "bottom" in p for p in layout_problems(fig))


def test_overprinting_tick_labels_fail():
    many = pd.DataFrame({"drug": [f"Drug number {i}" for i in range(40)],
                         "ki_sigma1_nm": range(1, 41), "ki_sigma2_nm": range(101, 141)})
    fig = dot_plot(many, list(many.drug), figsize=(6, 3))
    problems = tick_overlap_problems(fig)
    assert problems and "y tick labels overprint" in problems[0]
    assert tick_overlap_problems(dot_plot(many.head(6), list(many.drug.head(6)), figsize=(6, 3))) == []


def test_a_legend_over_data_fails_and_one_beside_it_passes():
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    ax.scatter([1, 2, 3], [1, 2, 3], label="points")
    ax.plot([1, 3], [3, 1], label="line")
    ax.legend(loc="center")
    problems = legend_problems(fig)
    assert problems and "covers plotted data" in problems[0]
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    ax.scatter([1, 2, 3], [1, 2, 3], label="points")
    fig.legend(loc="outside right upper")
    assert legend_problems(fig) == []


def test_a_legend_over_bars_fails():
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    ax.bar(range(3), [3, 3, 3], label="bars")
    ax.legend(loc="center")
    assert any("bar" in p for p in legend_problems(fig))


def test_signatures_ignore_drawing_order_but_not_mislabelling():
    labels = list(AFFINITY.drug)
    a = chart_signature(dot_plot(AFFINITY, labels))
    shuffled = AFFINITY.iloc[[2, 0, 3, 1]].reset_index(drop=True)
    b = chart_signature(dot_plot(shuffled, list(shuffled.drug)))
    assert compare_signatures(a, b) == []
    c = chart_signature(dot_plot(shuffled, labels))
    problems = compare_signatures(a, c, name="fig")
    assert problems and "when only the row order" in problems[0]


def test_layout_checks_pass_a_chart_built_like_the_lessons():
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    for y, row in enumerate(AFFINITY.itertuples()):
        ax.plot([row.ki_sigma1_nm, row.ki_sigma2_nm], [y, y], color="0.6")
    ax.scatter(AFFINITY.ki_sigma1_nm, range(4), label="sigma-1")
    ax.scatter(AFFINITY.ki_sigma2_nm, range(4), marker="s", label="sigma-2")
    ax.set_xscale("log")
    ax.set_yticks(range(4), AFFINITY.drug)
    ax.set_title("Sigma-1 and sigma-2 affinity (Table 1)")
    fig.legend(title="Binding site", loc="outside right upper")
    fig.supxlabel("Source: IMN March 2007, Table 1", fontsize=7, x=0.0, ha="left")
    assert chart_problems(fig, [AFFINITY]) == []


def test_values_cut_off_by_fixed_axis_limits_fail():
    fig = dot_plot(AFFINITY, list(AFFINITY.drug))
    fig.axes[0].set_xlim(10, 10_000)  # Paroxetine's 22,870 and (±)Fluoxetine's 16,100 fall outside
    problems = value_problems(fig, [AFFINITY])
    assert len(problems) == 1 and "outside the x axis limits" in problems[0]
    assert "'Paroxetine': 22,870" in problems[0]


def test_a_bound_arrow_tip_is_not_read_as_a_value():
    """Regression (Hypothesis, 02 with a paroxetine alpha-1 bound scaled to > 25,000): the
    arrow of a bound points to four times the bound, which was another row's value; the
    arrow's tip and the bound's label anchored there are not values, the open marker is."""
    import helpers

    frame = pd.DataFrame({"drug": ["Paroxetine", "Fluvoxamine"], "ki_nm": [25_000.0, 100_000.0],
                          "qualifier": [">", ">"]})
    fig, ax = plt.subplots(figsize=(6, 2.5), layout="constrained")
    helpers.censored_scatter(frame, x="ki_nm", y="drug", qualifier="qualifier", ax=ax)
    ax.set_xscale("log")
    ax.set_xlim(1, 1e7)
    assert value_problems(fig, [frame]) == []
    ax.annotate("100,000", xy=(100_000, 0), xytext=(3, 3), textcoords="offset points")
    assert value_problems(fig, [frame]), "a value label on the wrong row is still caught"
