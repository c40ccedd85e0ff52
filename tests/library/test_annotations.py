"""Source lines, footnotes and the illustrative label (helpers.annotations), read from drawn figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import helpers
from helpers._matplotlib import figure_supxlabel
from helpers.annotations import ILLUSTRATIVE_LABEL

pytestmark = pytest.mark.usefixtures("close_figures")  # tests/library/conftest.py


def test_caption_writes_the_source_under_the_figure_inside_the_image():
    fig, ax = plt.subplots()  # matplotlib's defaults: no layout engine
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("Ki (nM)")
    helpers.caption(ax, "sigma_affinity")
    text = figure_supxlabel(fig)
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


def test_caption_in_a_constrained_layout_is_laid_out_under_every_axes():
    helpers.use_style()
    fig, axes = plt.subplots(1, 2)
    for ax in axes:
        ax.set_xlabel("Ki (nM)")
    helpers.caption(axes[1], "sigma_affinity")
    fig.canvas.draw()
    caption = figure_supxlabel(fig)
    assert caption.get_text().startswith("Source: IMN March 2007, Table 1")
    assert caption.get_gid() == "source-caption"
    assert all(caption.get_window_extent().y1 <= ax.get_tightbbox().y0 + 1 for ax in axes)
