"""Drawing the layered pathway diagram of notebook 01 (Figure 1, sigma-1 activation).

It takes a tidy DataFrame (one arrow a row) and an optional ``ax``, and returns
the Axes, as seaborn does. Where each box goes is computed in
:mod:`helpers.pathway_layout` (networkx for the graph and its layers, no
Graphviz); this module draws boxes, arrows, numbers and the key with matplotlib.

The diagram is laid out in inches: its boxes are as large as their printed
labels, the columns as far apart as the arrows between them need, and the
figure as tall as the tallest column (see
:func:`~helpers.pathway_layout.pathway_size`). Printed at the handout's text
width (6.69 in on A4), a figure of that size keeps every label at its own point
size.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers._docstrings import fill_doc
from helpers.pathway_layout import (
    MARGIN,
    box_layout,
    columns_of,
    graph_of,
    label_sizes,
    port_offset,
    wrapped_labels,
)

__all__ = ["EDGE_STYLES", "MARK_STYLE", "pathway_diagram"]

EDGE_STYLES: dict[str, dict[str, object]] = {
    "triggers": {"linestyle": "-", "color": "#0072B2", "arrowstyle": "-|>", "lw": 2.0},
    "modulates": {"linestyle": "--", "color": "#D55E00", "arrowstyle": "-|>", "lw": 1.4},
    "contributes": {"linestyle": "-.", "color": "#009E73", "arrowstyle": "-|>", "lw": 1.6},
    "candidate ligand": {"linestyle": ":", "color": "#CC79A7", "arrowstyle": "-|>", "lw": 1.8},
    "interaction": {"linestyle": "-", "color": "#555555", "arrowstyle": "-", "lw": 1.2},
}
"""Line style, colour and arrow head per kind of effect (style alone tells them apart)."""

_FALLBACK_STYLE = {"linestyle": "-", "color": "#000000", "arrowstyle": "-|>", "lw": 1.2}

MARK_STYLE: dict[str, object] = {"color": "#F0E442", "lw": 7.0, "alpha": 0.75}
"""The band drawn under a marked arrow (see ``mark`` in :func:`pathway_diagram`).

Okabe-Ito yellow: light in grayscale print, so the arrow's own line style stays visible on it."""

def _crosses(arrow: FancyArrowPatch, boxes: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    """Whether a drawn arrow passes through any of the boxes (centre, half-size; data units)."""
    outline = np.concatenate(arrow.get_path().to_polygons(closed_only=False))
    points = np.concatenate([np.linspace(p, q, 20) for p, q in pairwise(outline)])
    return any(np.all(np.abs(points - centre) < size, axis=1).any() for centre, size in boxes)


def _number_edges(ax: Axes, paths: list, number_col: str,
                  boxes: list[tuple[np.ndarray, np.ndarray]], fontsize: float,
                  marked: set[int]) -> None:
    """Put each arrow's number on the arrow, where it overlaps no box and no other number.

    The numbers of marked arrows (positions in ``paths``) sit on the mark's colour.
    """
    to_data = ax.transData.inverted()
    probe = ax.text(0, 0, "00", fontsize=fontsize, fontweight="bold")
    ax.figure.draw_without_rendering()
    extent = probe.get_window_extent()
    corners = to_data.transform([[extent.x0, extent.y0], [extent.x1, extent.y1]])
    size = np.abs(corners[1] - corners[0]) / 2 + np.array([0.03, 0.06])
    probe.remove()
    placed: list[np.ndarray] = []
    for k, (row, style, start, end, rad) in enumerate(paths):
        d0, d1 = ax.transData.transform([start, end])
        bend = rad * np.array([d1[1] - d0[1], -(d1[0] - d0[0])])
        control = (d0 + d1) / 2 + bend  # matplotlib's arc3 control point, display space

        def at(t: float, d0=d0, d1=d1, control=control) -> np.ndarray:
            return to_data.transform((1 - t) ** 2 * d0 + 2 * t * (1 - t) * control + t * t * d1)

        def free(p: np.ndarray) -> bool:
            clear_of_boxes = all(np.any(np.abs(p - c) > h + size) for c, h in boxes)
            return clear_of_boxes and all(np.any(np.abs(p - q) > 2 * size) for q in placed)

        # near the arrow's head first (where arrows fanning out are furthest apart)
        candidates = [at(t) for t in (0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35,
                                      0.3, 0.85, 0.25, 0.9, 0.2)]
        point = next((p for p in candidates if free(p)), candidates[0])
        placed.append(point)
        ax.text(*point, str(getattr(row, number_col)), ha="center", va="center",
                fontsize=fontsize, zorder=5, color="black" if k in marked else style["color"],
                fontweight="bold", gid="edge-number",
                bbox={"boxstyle": "circle,pad=0.15",
                      "facecolor": MARK_STYLE["color"] if k in marked else "white",
                      "edgecolor": style["color"], "linewidth": 0.8})

def _fit_figure(ax: Axes, width: float, height: float) -> None:
    """Set the figure's height (and grow its width) until the axes is width x height inches."""
    fig = ax.figure
    for _ in range(3):
        fig.draw_without_rendering()
        have_w, have_h = ax.bbox.width / fig.dpi, ax.bbox.height / fig.dpi
        grow_w = max(0.0, width - have_w)
        if grow_w < 0.005 and abs(height - have_h) < 0.005:
            return
        fig.set_size_inches(fig.get_figwidth() + grow_w, fig.get_figheight() + height - have_h)


@fill_doc
def pathway_diagram(edges: pd.DataFrame, ax: Axes | None = None, *, from_col: str = "from_node",
                    to_col: str = "to_node", style_col: str = "effect_class",
                    number_col: str | None = "edge_id", wrap: int = 24, narrow_wrap: int = 12,
                    fontsize: float = 7.0, highlight: str | None = None,
                    curve_skips: float = 0.25, max_slope: float = 3.5,
                    styles: Mapping[str, Mapping[str, object]] | None = None,
                    mark: str | None = None, mark_label: str = "marked",
                    fit: bool = True) -> Axes:
    """Draw an edge list as a left-to-right layered pathway diagram.

    Arrows join boxes by node name, so the row order only changes ties in the
    layout. The key of line styles goes under the diagram, off the boxes and
    arrows. The drawing is laid out in inches (one data unit is one inch): each
    box is as large as its label, and with ``fit`` the figure's height is set
    to what the columns need (its width grows if the columns need more). Size
    the figure with :func:`~helpers.pathway_layout.pathway_size`, and set the title and the source
    caption *before* calling, so the room they take is known.

    Parameters
    ----------
    edges : DataFrame
        One arrow a row.
    {ax_draw}
    from_col, to_col : str
        Columns naming where each arrow starts and ends.
    style_col : str
        Column whose value picks the line style (keys of :data:`EDGE_STYLES`).
    number_col : str or None
        Column whose value labels each arrow (to find it in a table); None for none.
    wrap : int
        Characters per line of a label in the column with most boxes (its height
        sets the figure's height: fewer, longer lines).
    narrow_wrap : int
        Characters per line of the other labels (their widths set the figure's width).
    fontsize : float
        Size of the labels and arrow numbers (points); the highlighted node's
        label is 2 points larger.
    highlight : str or None
        A node drawn in bold on a coloured box (e.g. the receptor).
    curve_skips : float
        Curvature of arrows that skip a layer, so they pass beside the nodes between.
    max_slope : float
        Steepest rise of an arrow over the gap between two columns: columns joined
        by steep arrows (a wide fan) are moved further apart.
    styles : mapping or None
        Replacement styles per value of ``style_col``.
    mark : str or None
        Column of true/false: arrows whose value is true are drawn on a band of
        :data:`MARK_STYLE` and their numbers on its colour, with ``mark_label``
        in the key (e.g. the arrows one sentence ties to a printed figure).
    mark_label : str
        The key's entry for marked arrows.
    fit : bool
        Set the figure's height (and widen it if needed) so that the columns just
        fit; otherwise the figure keeps its size, and a large pathway may overflow.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        The pathway has a cycle, or ``mark`` holds something other than true/false.
    """
    ax = ax if ax is not None else plt.gca()
    fig = ax.figure
    styles = {**EDGE_STYLES, **(styles or {})}
    graph = graph_of(edges, from_col, to_col)
    marked_rows = np.zeros(len(edges), dtype=bool)
    if mark is not None:
        values = edges[mark]
        if not values.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            raise ValueError(f"mark column {mark!r} must hold true or false in every row")
        marked_rows = values.to_numpy(dtype=bool)

    # the key first: constrained layout makes room for it under the axes
    used = list(dict.fromkeys(edges[style_col]))
    handles = [Line2D([], [], color=styles.get(k, _FALLBACK_STYLE)["color"],
                      linestyle=styles.get(k, _FALLBACK_STYLE)["linestyle"],
                      lw=styles.get(k, _FALLBACK_STYLE)["lw"],
                      marker=">" if styles.get(k, _FALLBACK_STYLE)["arrowstyle"] != "-" else "",
                      markevery=[-1], label=k if k != "interaction" else
                      "interaction (no direction stated)") for k in used]
    if marked_rows.any():
        handles.append(Line2D([], [], solid_capstyle="butt", label=mark_label,
                              **{k: MARK_STYLE[k] for k in ("color", "lw", "alpha")}))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncols=min(2, len(handles)), title="Kind of effect", fontsize=8, title_fontsize=8,
              frameon=True, framealpha=0.95)
    ax.set_axis_off()

    labels = wrapped_labels(graph, columns_of(graph), wrap, narrow_wrap)
    pos, half, (left, right, top, bottom), layer_of = box_layout(
        graph, labels, label_sizes(fig, labels, fontsize, highlight), max_slope)
    need_w, need_h = right - left + 2 * MARGIN, bottom - top + 2 * MARGIN
    if fit:
        _fit_figure(ax, need_w, need_h)
    fig.draw_without_rendering()
    have_w, have_h = ax.bbox.width / fig.dpi, ax.bbox.height / fig.dpi
    cx, cy = (left + right) / 2, (top + bottom) / 2
    ax.set_xlim(cx - have_w / 2, cx + have_w / 2)  # one data unit is one inch
    ax.set_ylim(cy + have_h / 2, cy - have_h / 2)  # y grows downwards

    for node, (x, y) in pos.items():
        bold = node == highlight
        ax.text(x, y, labels[node], ha="center", va="center", zorder=4,
                fontsize=fontsize + 2 if bold else fontsize,
                fontweight="bold" if bold else "normal", gid="node-label")
        w, h = half[node]
        ax.add_patch(FancyBboxPatch(
            (x - w, y - h), 2 * w, 2 * h, boxstyle="round,pad=0,rounding_size=0.05",
            facecolor="#fde6c8" if bold else "#f4f4f4", edgecolor="#333333",
            linewidth=1.4 if bold else 0.7, zorder=3, gid=f"node:{node}"))
    paths = []
    for row, is_marked in zip(edges.itertuples(index=False), marked_rows, strict=True):
        a, b = getattr(row, from_col), getattr(row, to_col)
        style = styles.get(getattr(row, style_col), _FALLBACK_STYLE)
        # leave from the source's right side, arrive at the target's left side; several
        # arrows on one side are spread along it in the order of the nodes at their other end
        start = np.array([pos[a][0] + half[a][0],
                          pos[a][1] + port_offset(graph.successors(a), b, pos, half[a][1])])
        end = np.array([pos[b][0] - half[b][0],
                        pos[b][1] + port_offset(graph.predecessors(b), a, pos, half[b][1])])
        skips = layer_of[b] - layer_of[a] > 1
        others = [(pos[n], half[n]) for n in pos if n not in (a, b)]
        # an arrow that skips a layer bends, to whichever side keeps it clear of other boxes
        bends = [curve_skips, -curve_skips, 2 * curve_skips, -2 * curve_skips] if skips else [0.0]
        for rad in bends:
            arrow = ax.add_patch(FancyArrowPatch(
                start, end, arrowstyle=style["arrowstyle"], mutation_scale=12,
                connectionstyle=f"arc3,rad={rad}", linestyle=style["linestyle"],
                color=style["color"], lw=style["lw"], zorder=2, shrinkA=0, shrinkB=1,
                gid=f"edge:{a}->{b}"))
            if rad == bends[-1] or not _crosses(arrow, others):
                break
            arrow.remove()
        if is_marked:
            ax.add_patch(FancyArrowPatch(
                start, end, arrowstyle="-", connectionstyle=f"arc3,rad={rad}",
                color=MARK_STYLE["color"], lw=MARK_STYLE["lw"], alpha=MARK_STYLE["alpha"],
                zorder=1.5, shrinkA=0, shrinkB=4, capstyle="butt", gid=f"mark:{a}->{b}"))
        paths.append((row, style, start, end, rad))
    if number_col is not None:
        _number_edges(ax, paths, number_col, [(pos[n], half[n]) for n in pos], fontsize,
                      {k for k, m in enumerate(marked_rows) if m})
    return ax
