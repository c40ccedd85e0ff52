"""Dot plots of values on a log axis where some values are bounds (``> 10,000``).

A censored value (the assay's top concentration bound nothing) is drawn as an
open marker with an arrow pointing where the true value lies, never as a point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from helpers._docstrings import fill_doc
from helpers._matplotlib import figure_renderer
from helpers.layout import legend_outside, row_axis, wrap_label
from helpers.style import MARKERS, log_scale

__all__ = ["BOUND_LABEL_SIZE", "censored_scatter"]

BOUND_LABEL_SIZE = 7.0
"""Font size (points) of a bound's value label in :func:`censored_scatter`."""

_ROWS_DRAWN: WeakKeyDictionary[Axes, list[str]] = WeakKeyDictionary()
"""Each axes' row order, so that panels sharing a y axis place categories alike."""


@fill_doc
def censored_scatter(data: pd.DataFrame, x: str, y: str, hue: str | None = None,
                     qualifier: str = "qualifier", order: Sequence[str] | None = None,
                     hue_order: Sequence[str] | None = None, dodge: float = 0.18,
                     ax: Axes | None = None, legend: bool = True,
                     label_size: float = BOUND_LABEL_SIZE, **kwargs: Any) -> Axes:
    """Dot plot of values on a log axis, drawing censored values as bounds.

    Values with qualifier ``"="`` are filled markers. A value with ``">"``
    (the true value is larger) is an open marker at the bound with an arrow to
    the right; ``"<"`` points left. A bound is never drawn as a plain point.
    Its value (``"> 10,000"``) is written beyond the arrow's tip, or, where the
    label would leave the axes there, before the open marker: it stays inside
    its own panel whatever the axis limits (decided each time it is drawn).

    Each value is placed on its own category's row by name, whatever the row
    order of ``data``. Every category of ``data`` must be one of ``order``: a
    value is never left out silently (filter ``data`` to show fewer rows).
    Long category names are wrapped (:func:`~helpers.layout.wrap_label`); size
    the figure with :func:`~helpers.layout.row_chart_size` for many rows.

    Parameters
    ----------
    data : DataFrame
        Tidy data, one value a row.
    x : str
        Numeric column, drawn on a log scale (e.g. ``"ki_nm"``).
    y : str
        Categorical column, one row of dots per level (e.g. ``"drug"``).
    hue : str or None
        Column whose levels get their own colour and marker (e.g. ``"source"``).
    qualifier : str
        Column of ``"="``, ``">"`` or ``"<"``.
    order, hue_order : sequence of str or None
        Order of the ``y`` and ``hue`` levels (default: order of appearance).
    dodge : float
        Vertical offset between hue levels, in category units.
    {ax_draw}
    legend : bool
        Draw a legend to the right of the axes, off the data (its handles stay
        available as ``ax.get_legend().legend_handles`` for a figure legend).
    label_size : float
        Font size of the bounds' value labels, in points. A handout prints a
        chart ``W`` inches wide at 6.69 / ``W`` of its size (A4 text width):
        keep ``label_size * 6.69 / W >= 6``, e.g. 7 pt up to 7.8 inches.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for every marker, exact
        and bound (e.g. ``s=50``); colour and marker come from the hue level.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        ``data`` has a ``y`` category that ``order`` (or, for axes sharing
        their y axis, the rows of the panels drawn before) does not hold; or a
        ``hue`` level that ``hue_order`` does not hold.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> data = pd.DataFrame({"drug": ["B", "A"], "ki_nm": [10.0, 1e4], "qualifier": ["=", ">"]})
    >>> ax = censored_scatter(data, x="ki_nm", y="drug", order=["A", "B"])
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.collections[0].get_offsets().tolist()
    (['A', 'B'], [[10.0, 1.0]])
    >>> plt.close(ax.figure)
    """
    ax = ax if ax is not None else plt.gca()
    order = _category_order(ax, data[y], order)
    levels = (list(hue_order) if hue_order is not None else list(dict.fromkeys(data[hue]))) \
        if hue else [None]
    if hue:
        unknown = sorted(set(map(str, data[hue])) - set(map(str, levels)))
        if unknown:
            raise ValueError(f"censored_scatter: {hue} {', '.join(map(repr, unknown))} not in "
                             "hue_order; add it there, or leave its rows out of data")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    offsets = (np.arange(len(levels)) - (len(levels) - 1) / 2) * dodge
    row_of = row_axis(ax, {name: wrap_label(str(name)) for name in order})
    handles = []
    for number, level in enumerate(levels):
        rows = data if level is None else data[data[hue] == level]
        rows = rows[rows[y].isin(order)]
        colour, marker = colours[number % len(colours)], MARKERS[number % len(MARKERS)]
        positions = rows[y].map(row_of) + offsets[number]
        exact = rows[qualifier] == "="
        ax.scatter(rows.loc[exact, x], positions[exact], **{"color": colour, "marker": marker,
                                                             "zorder": 3, **kwargs})
        for value, position, sign in zip(rows.loc[~exact, x], positions[~exact],
                                         rows.loc[~exact, qualifier], strict=True):
            _draw_bound(ax, value, position, sign, colour, marker, label_size, **kwargs)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle="",
                              label=str(level) if level is not None else x))
    if (data[qualifier] != "=").any():
        handles.append(Line2D([], [], color="#555555", marker="o", markerfacecolor="white",
                              linestyle="", label="open marker + arrow:\na bound (> or <)"))
    log_scale(ax, "x")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    if legend:
        legend_outside(ax, handles=handles)
    return ax


def _category_order(ax: Axes, values: pd.Series, order: Sequence[str] | None) -> list[str]:
    """Rows of the dot plot: as given, else those of a y-sharing sibling, else as they appear.

    Axes that share their y axis share one set of tick labels, so every panel must
    place the categories in the same rows; an unseen category then needs ``order``.
    """
    if order is not None:
        chosen = list(order)
        unseen = sorted(set(values) - set(chosen), key=str)
        if unseen:
            raise ValueError(f"censored_scatter: {', '.join(map(repr, unseen))} not in "
                             "order=[...]; add every category there, or leave its rows out of data")
    else:
        siblings = [_ROWS_DRAWN.get(other)
                    for other in ax.get_shared_y_axes().get_siblings(ax) if other is not ax]
        known = next((o for o in siblings if o), None)
        chosen = known if known is not None else list(dict.fromkeys(values))
        unseen = sorted(set(values) - set(chosen))
        if unseen:
            raise ValueError(f"{', '.join(map(str, unseen))} not in the rows of the panels that "
                             "share this y axis: pass order=[...] with every category")
    _ROWS_DRAWN[ax] = chosen
    return chosen


def _draw_bound(ax: Axes, value: float, position: float, sign: str, colour: str,
                marker: str, label_size: float = BOUND_LABEL_SIZE, **kwargs: Any) -> None:
    """An open marker at a bound, with an arrow pointing where the true value lies."""
    factor = 4.0 if sign == ">" else 0.25
    ax.annotate("", xy=(value * factor, position), xytext=(value, position),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5}, zorder=2)
    ax.scatter([value], [position], **{"facecolors": "white", "edgecolors": colour,
                                       "marker": marker, "linewidths": 1.5, "zorder": 4,
                                       **kwargs})
    # The label goes on the marker's own row, clear of other rows: beyond the arrow's tip,
    # or before the marker where the tip is too near the axes' edge (_BoundLabel decides).
    ax.add_artist(_BoundLabel(f"{sign} {value:,g}", bound=(value, position),
                             tip=(value * factor, position), sign=sign, color=colour,
                             fontsize=label_size))


class _BoundLabel(Annotation):
    """The value label of a bound, kept inside its axes and off other markers.

    Drawn beyond the arrow's tip (``"> 10,000"`` right of a ``>`` arrow); when
    that would reach past the axes' edge, or cover another value's marker (a
    second source dodged onto the same row), before the open marker instead,
    on the same row. The side is chosen each time the label is measured or
    drawn, so it follows the axis limits and the layout.

    Parameters
    ----------
    text : str
        The label, e.g. ``"> 10,000"``.
    bound : (float, float)
        The open marker's position (data coordinates).
    tip : (float, float)
        The arrow's tip (data coordinates).
    sign : {">", "<"}
        The qualifier: ``">"`` draws the arrow to the right.
    **kwargs
        Text properties (``color``, ``fontsize``).
    """

    GAP_PT = 3.0
    """Gap between the arrow's tip and the label, in points."""

    MARKER_GAP_PT = 6.0
    """Gap between the open marker's centre and a label placed before it, in points."""

    MARKER_RADIUS_PT = 4.5
    """How close (points) another marker's centre may come to the label's box."""

    def __init__(self, text: str, *, bound: tuple[float, float], tip: tuple[float, float],
                 sign: str, **kwargs: object) -> None:
        self.bound_xy, self.tip_xy, self.outward = bound, tip, 1 if sign == ">" else -1
        super().__init__(text, xy=tip, xytext=(0.0, 0.0), textcoords="offset points",
                         va="center", annotation_clip=False, **kwargs)
        self.side = "beyond"
        self.put_on_side("beyond")

    def put_on_side(self, side: str) -> None:
        beyond = side == "beyond"
        self.xy = self.tip_xy if beyond else self.bound_xy
        step = self.GAP_PT if beyond else -self.MARKER_GAP_PT
        self.xyann = (step * self.outward, 0.0)
        self.set_horizontalalignment("left" if (self.outward > 0) == beyond else "right")
        self.side = side

    def cost(self, renderer: object) -> tuple[float, int]:
        """(pixels past the axes' left or right edge, other markers the label covers)."""
        extent = Annotation.get_window_extent(self, renderer)
        box = self.axes.bbox
        overhang = max(0.0, extent.x1 - box.x1, box.x0 - extent.x0)
        near = extent.padded(self.MARKER_RADIUS_PT * self.figure.dpi / 72)
        own = self.axes.transData.transform(self.bound_xy)
        covered = 0
        for collection in self.axes.collections:
            if not isinstance(collection, PathCollection) or not collection.get_visible():
                continue
            offsets = np.ma.filled(np.ma.asarray(collection.get_offsets(), dtype=float), np.nan)
            if not offsets.size:
                continue
            for x, y in collection.get_offset_transform().transform(offsets):
                if np.isfinite(x) and np.isfinite(y) and near.contains(x, y) \
                        and math.hypot(x - own[0], y - own[1]) > 0.5:
                    covered += 1
        return (overhang if overhang > 1.0 else 0.0, covered)

    def place(self, renderer: object | None = None) -> str:
        """Choose the side for the axes as they are now; returns ``"beyond"`` or ``"before"``."""
        if self.axes is None or self.figure is None:
            return self.side
        renderer = renderer if renderer is not None else figure_renderer(self.figure)
        self.put_on_side("beyond")
        beyond = self.cost(renderer)
        if beyond != (0.0, 0):
            self.put_on_side("before")
            if self.cost(renderer) >= beyond:
                self.put_on_side("beyond")
        return self.side

    def get_window_extent(self, renderer: object | None = None) -> object:
        self.place(renderer)
        return super().get_window_extent(renderer)

    def draw(self, renderer: object) -> None:
        self.place(renderer)
        super().draw(renderer)
