"""The one place that touches matplotlib's private attributes.

Matplotlib offers no public way to do the three things below; each is wrapped in a
named function here, and ``tests/library/test_matplotlib_private.py`` fails if a matplotlib
release renames or drops the attribute, so the breakage shows up in one test, not
as a wrong drawing in a lesson.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.text import Text

__all__: list[str] = []  # nothing here is part of the lessons' namespace


def figure_supxlabel(fig: Figure) -> Text | None:
    """The figure's ``supxlabel`` artist, or None if it has none.

    ``Figure.get_supxlabel()`` returns only the label's *text*; a footnote needs the
    artist itself (to read its gid, add a line, or move it), which matplotlib keeps
    in the private ``Figure._supxlabel``.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    matplotlib.text.Text or None
        The artist made by ``fig.supxlabel(...)``, or None before that.
    """
    return fig._supxlabel


def pin_suplabel(label: Text) -> None:
    """Stop constrained layout from moving a figure's ``supxlabel`` back to the bottom edge.

    Constrained layout repositions a suplabel at each draw unless its private
    ``_autopos`` flag is false (matplotlib clears that flag itself when the label is
    made with an explicit ``y``, but has no setter for a label that already exists).

    Parameters
    ----------
    label : matplotlib.text.Text
        A label made by ``fig.supxlabel(...)``.
    """
    label._autopos = False


def figure_renderer(fig: Figure) -> Any:
    """A renderer for measuring text in ``fig``, whatever canvas it is on.

    ``fig.canvas.get_renderer()`` exists only on Agg-based canvases; matplotlib's
    own layout code uses the private ``Figure._get_renderer()``, which works on
    every canvas (and makes one if the figure has none yet).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    matplotlib.backend_bases.RendererBase
        The renderer (a cached one when the canvas has it).
    """
    return fig._get_renderer()
