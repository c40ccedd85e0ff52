"""The private matplotlib attributes the library relies on (helpers._matplotlib).

Each test fails if a matplotlib release renames or changes one, so an upgrade
breaks here, by name, and not as a footnote drawn over a chart.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text

from helpers._matplotlib import figure_renderer, figure_supxlabel, pin_suplabel


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_figure_supxlabel_is_none_then_the_artist_supxlabel_made():
    fig = plt.figure()
    assert figure_supxlabel(fig) is None
    made = fig.supxlabel("a note")
    assert isinstance(made, Text)
    assert figure_supxlabel(fig) is made


def test_pinned_suplabel_stays_where_it_was_put_under_constrained_layout():
    fig = plt.figure(figsize=(4, 3), layout="constrained")
    fig.add_subplot()
    label = fig.supxlabel("lifted label")
    assert label._autopos is True  # the flag exists and starts set: constrained layout moves it
    pin_suplabel(label)
    label.set(y=0.3, va="bottom")
    fig.draw_without_rendering()
    assert label.get_position()[1] == pytest.approx(0.3)
    moved = fig.supxlabel("unpinned label")  # same artist again, flag set anew by matplotlib
    assert moved is label and label._autopos is True
    fig.draw_without_rendering()
    assert label.get_position()[1] != pytest.approx(0.3)


def test_figure_renderer_measures_text_before_any_draw():
    fig, ax = plt.subplots()
    renderer = figure_renderer(fig)
    assert isinstance(renderer, RendererBase)
    text = ax.text(0.5, 0.5, "measured")
    assert text.get_window_extent(renderer).width > 0
