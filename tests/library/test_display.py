"""Showing a chart with its text alternative (helpers.display)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import helpers
from helpers.project import ALT_TEXT_KEY

pytestmark = pytest.mark.usefixtures("close_figures")  # tests/library/conftest.py


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
