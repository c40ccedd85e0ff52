"""The layered pathway diagram of notebook 01 (Figure 1, sigma-1 activation).

It takes a tidy DataFrame (one arrow a row) and an optional
``ax``, and returns the Axes, as seaborn does. The pathway diagram uses
networkx for the graph and its layers and matplotlib for the drawing; no
Graphviz is needed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable, Mapping
from itertools import pairwise

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

__all__ = ["EDGE_STYLES", "layered_positions", "pathway_diagram"]

EDGE_STYLES: dict[str, dict[str, object]] = {
    "triggers": {"linestyle": "-", "color": "#0072B2", "arrowstyle": "-|>", "lw": 2.0},
    "modulates": {"linestyle": "--", "color": "#D55E00", "arrowstyle": "-|>", "lw": 1.4},
    "contributes": {"linestyle": "-.", "color": "#009E73", "arrowstyle": "-|>", "lw": 1.6},
    "candidate ligand": {"linestyle": ":", "color": "#CC79A7", "arrowstyle": "-|>", "lw": 1.8},
    "interaction": {"linestyle": "-", "color": "#555555", "arrowstyle": "-", "lw": 1.2},
}
"""Line style, colour and arrow head per kind of effect (style alone tells them apart)."""

_FALLBACK_STYLE = {"linestyle": "-", "color": "#000000", "arrowstyle": "-|>", "lw": 1.2}


def _graph(edges: pd.DataFrame, from_col: str, to_col: str) -> nx.DiGraph:
    graph = nx.DiGraph()
    for row in edges.itertuples(index=False):
        graph.add_edge(getattr(row, from_col), getattr(row, to_col))
    if not nx.is_directed_acyclic_graph(graph):
        raise ValueError("the pathway has a cycle; a layered diagram needs arrows that go one way")
    return graph


def layered_positions(graph: nx.DiGraph, gap: float = 1.0) -> dict[Hashable, tuple[float, float]]:
    """Layered layout: x = layer (longest path from a source), y = order within the layer.

    A node without inputs sits one layer before its first target, so that inputs
    stay next to what they act on. Within a layer nodes are ordered by the mean
    position of their neighbours (fewer crossings), ties in order of appearance,
    and kept at least ``gap`` apart. y grows downwards (the drawing inverts it).

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("b", "d")])
    >>> pos = layered_positions(g)
    >>> [pos[n][0] for n in "abcd"]
    [0.0, 1.0, 2.0, 2.0]
    >>> pos["b"][1] == (pos["c"][1] + pos["d"][1]) / 2
    True
    """
    layer: dict[Hashable, int] = {}
    for node in nx.topological_sort(graph):
        preds = list(graph.predecessors(node))
        layer[node] = max((layer[p] + 1 for p in preds), default=0)
    for node in graph:
        succs = list(graph.successors(node))
        if graph.in_degree(node) == 0 and succs:
            layer[node] = max(layer[node], min(layer[s] for s in succs) - 1)
    appearance = {node: i for i, node in enumerate(graph)}
    layers: dict[int, list[Hashable]] = {}
    for node in graph:
        layers.setdefault(layer[node], []).append(node)
    widest = max(layers, key=lambda k: (len(layers[k]), -k))
    y: dict[Hashable, float] = {n: i * gap for i, n in enumerate(layers[widest])}
    order = sorted(layers, key=lambda k: (abs(k - widest), k))[1:]
    for k in order:
        def barycentre(node: Hashable) -> float:
            placed = [y[m] for m in nx.all_neighbors(graph, node) if m in y]
            return float(np.mean(placed)) if placed else appearance[node] * gap
        wanted = {n: barycentre(n) for n in layers[k]}
        nodes = sorted(layers[k], key=lambda n: (wanted[n], appearance[n]))
        spread = [wanted[nodes[0]]]
        for n in nodes[1:]:
            spread.append(max(wanted[n], spread[-1] + gap))
        shift = np.mean([wanted[n] for n in nodes]) - np.mean(spread)
        for n, value in zip(nodes, spread, strict=True):
            y[n] = float(value + shift)
    return {n: (float(layer[n]), y[n]) for n in graph}


def _spread_layers(graph: nx.DiGraph, pos: dict[Hashable, tuple[float, float]],
                   max_slope: float) -> dict[Hashable, tuple[float, float]]:
    """Move layers apart where the arrows between them would be steeper than ``max_slope``."""
    layers = sorted({x for x, _ in pos.values()})
    x_new = {layers[0]: 0.0}
    for left, right in pairwise(layers):
        rises = [abs(pos[b][1] - pos[a][1]) for a, b in graph.edges
                 if pos[a][0] == left and pos[b][0] == right]
        x_new[right] = x_new[left] + max(1.0, max(rises, default=0.0) / max_slope)
    return {n: (x_new[x], y) for n, (x, y) in pos.items()}


def _port(others, other: Hashable, pos: dict[Hashable, tuple[float, float]],
          half_height: float) -> float:
    """Vertical offset of one arrow's end on a box side shared with ``others``."""
    ordered = sorted(others, key=lambda n: pos[n][1])
    if len(ordered) < 2:
        return 0.0
    spread = 1.2 * half_height
    return -spread / 2 + spread * ordered.index(other) / (len(ordered) - 1)


def _crosses(arrow: FancyArrowPatch, boxes: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    """Whether a drawn arrow passes through any of the boxes (centre, half-size; data units)."""
    outline = np.concatenate(arrow.get_path().to_polygons(closed_only=False))
    points = np.concatenate([np.linspace(p, q, 20) for p, q in pairwise(outline)])
    return any(np.all(np.abs(points - centre) < size, axis=1).any() for centre, size in boxes)


def _number_edges(ax: Axes, paths: list, number_col: str,
                  boxes: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """Put each arrow's number on the arrow, where it overlaps no box and no other number."""
    to_data = ax.transData.inverted()
    probe = ax.text(0, 0, "00", fontsize=7, fontweight="bold")
    ax.figure.draw_without_rendering()
    extent = probe.get_window_extent()
    corners = to_data.transform([[extent.x0, extent.y0], [extent.x1, extent.y1]])
    size = np.abs(corners[1] - corners[0]) / 2 + np.array([0.03, 0.06])
    probe.remove()
    placed: list[np.ndarray] = []
    for row, style, start, end, rad in paths:
        d0, d1 = ax.transData.transform([start, end])
        bend = rad * np.array([d1[1] - d0[1], -(d1[0] - d0[0])])
        control = (d0 + d1) / 2 + bend  # matplotlib's arc3 control point, display space

        def at(t: float, d0=d0, d1=d1, control=control) -> np.ndarray:
            return to_data.transform((1 - t) ** 2 * d0 + 2 * t * (1 - t) * control + t * t * d1)

        def free(p: np.ndarray) -> bool:
            clear_of_boxes = all(np.any(np.abs(p - c) > h + size) for c, h in boxes)
            return clear_of_boxes and all(np.any(np.abs(p - q) > 2 * size) for q in placed)

        candidates = [at(t) for t in (0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.9, 0.2)]
        point = next((p for p in candidates if free(p)), candidates[0])
        placed.append(point)
        ax.text(*point, str(getattr(row, number_col)), ha="center", va="center", fontsize=7,
                zorder=5, color=style["color"], fontweight="bold", gid="edge-number",
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white",
                      "edgecolor": style["color"], "linewidth": 0.8})


def pathway_diagram(edges: pd.DataFrame, ax: Axes | None = None, *, from_col: str = "from_node",
                    to_col: str = "to_node", style_col: str = "effect_class",
                    number_col: str | None = "edge_id", wrap: int = 20,
                    highlight: str | None = None, curve_skips: float = 0.25,
                    max_slope: float = 3.5,
                    styles: Mapping[str, Mapping[str, object]] | None = None) -> Axes:
    """Draw an edge list as a left-to-right layered pathway diagram.

    Parameters
    ----------
    edges : DataFrame
        One arrow a row.
    ax : Axes or None
        Axes to draw on (default: the current axes).
    from_col, to_col : str
        Columns naming where each arrow starts and ends.
    style_col : str
        Column whose value picks the line style (keys of :data:`EDGE_STYLES`).
    number_col : str or None
        Column whose value labels each arrow (to find it in a table); None for none.
    wrap : int
        Characters per line of a node label.
    highlight : str or None
        A node drawn in bold on a coloured box (e.g. the receptor).
    curve_skips : float
        Curvature of arrows that skip a layer, so they pass beside the nodes between.
    max_slope : float
        Steepest rise per unit of layer distance: layers joined by steep arrows
        (a wide fan) are moved further apart.
    styles : mapping or None
        Replacement styles per value of ``style_col``.

    Returns
    -------
    Axes
    """
    ax = ax if ax is not None else plt.gca()
    styles = {**EDGE_STYLES, **(styles or {})}
    graph = _graph(edges, from_col, to_col)
    layer_of = {n: xy[0] for n, xy in layered_positions(graph).items()}
    pos = _spread_layers(graph, layered_positions(graph), max_slope)
    texts = {}
    for node, (x, y) in pos.items():
        bold = node == highlight
        texts[node] = ax.text(x, y, textwrap.fill(str(node), wrap), ha="center", va="center",
                              zorder=4, fontsize=10 if bold else 8,
                              fontweight="bold" if bold else "normal", gid="node-label")
    xs, ys = zip(*pos.values(), strict=True)
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(max(ys) + 0.6, min(ys) - 0.6)
    ax.set_axis_off()
    ax.figure.draw_without_rendering()
    to_data = ax.transData.inverted()
    size = {}
    for node, text in texts.items():
        box = text.get_window_extent()
        corners = to_data.transform([[box.x0, box.y0], [box.x1, box.y1]])
        size[node] = np.abs(corners[1] - corners[0]) / 2
    # one box width per layer, so arrows fanning into a layer pass left of its boxes
    width = {x: max(size[n][0] for n in pos if pos[n][0] == x) + 0.04 for x in set(xs)}
    half = {n: np.array([width[pos[n][0]], size[n][1] + 0.13]) for n in pos}
    for node, (x, y) in pos.items():
        bold = node == highlight
        w, h = half[node]
        ax.add_patch(FancyBboxPatch(
            (x - w, y - h), 2 * w, 2 * h, boxstyle="round,pad=0,rounding_size=0.06",
            mutation_aspect=abs(np.diff(ax.get_ylim())[0] / np.diff(ax.get_xlim())[0]) / 3,
            facecolor="#fde6c8" if bold else "#f4f4f4", edgecolor="#333333",
            linewidth=1.4 if bold else 0.7, zorder=3, gid=f"node:{node}"))
    paths = []
    for row in edges.itertuples(index=False):
        a, b = getattr(row, from_col), getattr(row, to_col)
        style = styles.get(getattr(row, style_col), _FALLBACK_STYLE)
        # leave from the source's right side, arrive at the target's left side; several
        # arrows on one side are spread along it in the order of the nodes at their other end
        start = np.array([pos[a][0] + half[a][0], pos[a][1] + _port(graph.successors(a), b,
                                                                    pos, half[a][1])])
        end = np.array([pos[b][0] - half[b][0], pos[b][1] + _port(graph.predecessors(b), a,
                                                                  pos, half[b][1])])
        skips = layer_of[b] - layer_of[a] > 1
        others = [(np.array(pos[n]), half[n]) for n in pos if n not in (a, b)]
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
        paths.append((row, style, start, end, rad))
    if number_col is not None:
        _number_edges(ax, paths, number_col, [(np.array(pos[n]), half[n]) for n in pos])
    used = list(dict.fromkeys(edges[style_col]))
    handles = [Line2D([], [], color=styles.get(k, _FALLBACK_STYLE)["color"],
                      linestyle=styles.get(k, _FALLBACK_STYLE)["linestyle"],
                      lw=styles.get(k, _FALLBACK_STYLE)["lw"],
                      marker=">" if styles.get(k, _FALLBACK_STYLE)["arrowstyle"] != "-" else "",
                      markevery=[-1], label=k if k != "interaction" else
                      "interaction (no direction stated)") for k in used]
    ax.legend(handles=handles, loc="upper left", title="Kind of effect", fontsize=8,
              title_fontsize=8, frameon=True, framealpha=0.95)
    return ax
