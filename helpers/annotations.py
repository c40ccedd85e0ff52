"""Notes every chart repeats: the source line, a footnote, the "illustrative" label.

A chart drawn from a dataset names its source under the figure (:func:`caption`);
a chart whose values are made up says so, on the plot and in the source line.
"""

from __future__ import annotations

import textwrap
from contextlib import suppress
from os import PathLike
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from helpers._docstrings import fill_doc
from helpers._matplotlib import figure_supxlabel, pin_suplabel
from helpers.project import FOOTNOTE_GID, ILLUSTRATIVE_GID
from helpers.provenance import is_illustrative, short_source

__all__ = ["ILLUSTRATIVE_LABEL", "caption", "footnote", "label_illustrative"]

ILLUSTRATIVE_LABEL = "ILLUSTRATIVE: shape only, not measured data"
"""The words :func:`label_illustrative` writes on a chart of made-up values."""

_NOTE_STYLE = {"x": 0.0, "ha": "left", "va": "bottom", "fontsize": 7, "color": "#333333",
               "gid": FOOTNOTE_GID}


def label_illustrative(ax: Axes, text: str = ILLUSTRATIVE_LABEL, **kwargs: Any) -> Axes:
    """Write a conspicuous "illustrative" label inside the axes.

    Parameters
    ----------
    ax : Axes
        The axes of made-up values.
    text : str
        The label (default: :data:`ILLUSTRATIVE_LABEL`).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.text`, over the house look
        (e.g. ``y=0.9`` to move it off a curve's peak).

    Returns
    -------
    Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> label_illustrative(ax).texts[-1].get_text()
    'ILLUSTRATIVE: shape only, not measured data'
    >>> plt.close(fig)
    """
    options = {"x": 0.5, "y": 0.97, "transform": ax.transAxes, "ha": "center", "va": "top",
               "fontsize": 9, "fontweight": "bold", "color": "#7a0000",
               "bbox": {"boxstyle": "round,pad=0.3", "facecolor": "white",
                        "edgecolor": "#7a0000", "alpha": 0.9},
               "in_layout": False}
    ax.text(s=text, **{**options, **kwargs}, gid=ILLUSTRATIVE_GID)
    return ax


@fill_doc
def caption(ax: Axes, *datasets: str | pd.DataFrame, data_dir: str | PathLike[str] | None = None,
            note: str | None = None) -> Axes:
    """Write the source line under the figure, and "illustrative" where it applies.

    Parameters
    ----------
    {ax_figure}
    *datasets : str or DataFrame
        The datasets drawn, by name or as loaded frames (their ``attrs`` are used).
    {data_dir}
    note : str or None
        Extra text, e.g. ``"derived: ratio recomputed from Table 1"``.

    Returns
    -------
    Axes
        ``ax``, for chaining as seaborn does.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> caption(ax, "sigma_affinity").figure.get_supxlabel()
    'Source: IMN March 2007, Table 1; Narita et al., Eur J Pharmacol 1996'
    >>> plt.close(fig)
    """
    parts = [short_source(d, data_dir) for d in datasets]
    text = "Source: " + "; ".join(dict.fromkeys(parts))
    if note:
        text += f". {note}"
    if any(is_illustrative(d, data_dir) for d in datasets):
        text = "Illustrative values, not data. " + text
        label_illustrative(ax)
    return footnote(ax, text)


@fill_doc
def footnote(ax: Axes, text: str) -> Axes:
    """Write a small note under the whole figure, inside the image.

    :func:`caption` writes the source line with it; call it directly for notes
    that name no dataset (a model's made-up parameters). Several notes stack,
    one paragraph each. The figure's layout engine makes room for them (a
    figure without constrained layout is switched to it, where its colorbars
    allow), so the note is never cut off, whatever the figure is saved or shown
    with.

    Parameters
    ----------
    {ax_figure}
    text : str
        The note; it is wrapped to the figure's width.

    Returns
    -------
    Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> print(footnote(footnote(ax, "Made-up parameters."), "Second note.").figure.get_supxlabel())
    Made-up parameters.
    Second note.
    >>> plt.close(fig)
    """
    fig = ax.figure
    # Wrapped here, once, to the figure's width (about 18 characters an inch at 7 pt):
    # matplotlib's own wrap=True re-measures the text at every draw.
    text = textwrap.fill(text, width=max(40, int(fig.get_figwidth() * 18)))
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        with suppress(RuntimeError):  # colorbars made under another engine forbid it
            fig.set_layout_engine("constrained")
    label = figure_supxlabel(fig)
    if label is not None and label.get_gid() == FOOTNOTE_GID:
        label.set_text(f"{label.get_text()}\n{text}")
    elif label is None and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        # The layout engine reserves room for a figure-level x label under all axes.
        fig.supxlabel(text, **_NOTE_STYLE)
    else:  # the figure's own supxlabel, or an engine that cannot be switched
        _note_in_a_kept_strip(fig, text)
    return ax


def _note_in_a_kept_strip(fig: Figure, text: str) -> None:
    """A note at the figure's bottom edge, in a strip the layout leaves free.

    Used when the supxlabel is taken or constrained layout cannot be had (a
    colorbar made under tight layout): the layout engine's ``rect`` (or the
    subplot parameters) keep the axes above the strip, and one's own supxlabel
    is lifted above the notes.
    """
    note = next((t for t in fig.texts if t.get_gid() == FOOTNOTE_GID), None)
    if note is None:
        note = fig.text(y=0.0, s=text, **_NOTE_STYLE)
    else:
        note.set_text(f"{note.get_text()}\n{text}")
    strip = _lines_height(fig, note.get_text(), note.get_fontsize())
    label = figure_supxlabel(fig)
    if label is not None and label.get_in_layout():
        pin_suplabel(label)  # constrained layout would put it back at the bottom edge
        label.set(y=strip, va="bottom")
        strip += _lines_height(fig, label.get_text(), label.get_fontsize())
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, strip, 1, 1 - strip))  # left, bottom, width, height
    elif engine is not None and "rect" in engine.get():
        engine.set(rect=(0, strip, 1, 1))  # tight layout: left, bottom, right, top
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, strip + 0.1))


def _lines_height(fig: Figure, text: str, size: float) -> float:
    """Height of ``text`` at ``size`` points (1.2 line spacing, 4 pt gap), as a figure fraction."""
    return ((text.count("\n") + 1) * 1.2 * size + 4) / 72 / fig.get_figheight()
