"""The house style (helpers.style): style file, colours in grayscale, log axes and their labels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import helpers
from helpers.style import STYLE_FILE, power_of_ten

pytestmark = pytest.mark.usefixtures("close_figures")  # tests/library/conftest.py


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
