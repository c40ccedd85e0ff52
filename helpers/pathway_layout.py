"""Where the boxes of a pathway diagram go: layers, rows, sizes in inches (no drawing).

The pathway of notebook 01 (Figure 1, sigma-1 activation) is a directed graph
(networkx), laid out left to right in layers. This module computes that layout;
:mod:`helpers.diagrams` draws it. The layout is in inches: each box is as large
as its printed label, the columns as far apart as the arrows between them need,
and the figure as tall as the tallest column (:func:`pathway_size`).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from itertools import pairwise

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["layered_positions", "pathway_size"]

PAD = (0.05, 0.045)
"""Space between a label and its box, in inches (horizontal, vertical)."""
ROW_GAP = 0.1
"""Smallest vertical gap between two boxes of one column (inches)."""
COLUMN_GAP = 0.45
"""Smallest horizontal gap between two columns (inches): room for an arrow head and a number."""
MARGIN = 0.06
"""Space kept around the outermost boxes inside the axes (inches)."""

def graph_of(edges: pd.DataFrame, from_col: str, to_col: str) -> nx.DiGraph:
    """The pathway as a directed graph, one edge per row of ``edges``.

    Raises
    ------
    ValueError
        The pathway has a cycle.
    """
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

    Parameters
    ----------
    graph : networkx.DiGraph
        The pathway, acyclic.
    gap : float
        Smallest distance between two nodes of one layer (y units).

    Returns
    -------
    dict
        Each node's ``(x, y)``: its layer (0, 1, 2, ...) and its place in it.

    Raises
    ------
    networkx.NetworkXUnfeasible
        The graph has a cycle.

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


def port_offset(others: Iterable[Hashable], other: Hashable,
                pos: dict[Hashable, tuple[float, float]], half_height: float) -> float:
    """Vertical offset of one arrow's end on a box side shared with ``others``."""
    ordered = sorted(others, key=lambda n: pos[n][1])
    if len(ordered) < 2:
        return 0.0
    spread = 1.2 * half_height
    return -spread / 2 + spread * ordered.index(other) / (len(ordered) - 1)

def columns_of(graph: nx.DiGraph) -> dict[Hashable, int]:
    """Each node's column: its layer in :func:`layered_positions`."""
    return {n: round(x) for n, (x, _) in layered_positions(graph).items()}


def wrapped_labels(graph: nx.DiGraph, layer: Mapping[Hashable, int], wrap: int,
           narrow_wrap: int) -> dict[Hashable, str]:
    """Each node's label, wrapped: ``wrap`` in the column(s) with most boxes, else ``narrow_wrap``.

    The tallest column sets the figure's height, so its labels take fewer, longer
    lines; the other columns are shorter, so their labels take more, shorter lines
    and keep the figure narrow.
    """
    counts = Counter(layer.values())
    most = max(counts.values())
    return {n: textwrap.fill(str(n), wrap if counts[layer[n]] == most else narrow_wrap,
                             break_long_words=False, break_on_hyphens=False)
            for n in graph}


def box_layout(graph: nx.DiGraph, labels: Mapping[Hashable, str],
            sizes: Mapping[Hashable, tuple[float, float]], max_slope: float):
    """Box centres and half-sizes in inches; the content's bounds (left, right, top, bottom).

    Returns ``(centres, half_sizes, bounds, columns)``: each node's box centre and
    half-size (arrays, inches), the content's (left, right, top, bottom) and each
    node's column. Columns are the layers of :func:`layered_positions`, one box width each; rows
    are its y order scaled by one pitch (the tallest box of a column of two or
    more boxes, plus a gap), so boxes of one column never overlap. Two columns
    are at least ``COLUMN_GAP`` apart, and further where an arrow between them
    would rise more than ``max_slope`` times the gap.
    """
    units = layered_positions(graph)
    layer = columns_of(graph)
    counts = Counter(layer.values())
    half = {n: np.array([w / 2 + PAD[0], h / 2 + PAD[1]]) for n, (w, h) in sizes.items()}
    column = {k: max(half[n][0] for n in graph if layer[n] == k) for k in counts}
    half = {n: np.array([column[layer[n]], half[n][1]]) for n in graph}
    stacked = [2 * half[n][1] for n in graph if counts[layer[n]] > 1]
    pitch = max(stacked or [2 * h[1] for h in half.values()]) + ROW_GAP
    y = {n: units[n][1] * pitch for n in graph}
    order = sorted(counts)
    x = {order[0]: 0.0}
    for a, b in pairwise(order):
        rises = [abs(y[v] - y[u]) for u, v in graph.edges if layer[u] == a and layer[v] == b]
        gap = max(COLUMN_GAP, max(rises, default=0.0) / max_slope)
        x[b] = x[a] + column[a] + gap + column[b]
    pos = {n: np.array([x[layer[n]], y[n]]) for n in graph}
    low = np.min([pos[n] - half[n] for n in graph], axis=0)
    high = np.max([pos[n] + half[n] for n in graph], axis=0)
    bounds = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
    return pos, half, bounds, layer


def label_sizes(fig: Figure, labels: Mapping[Hashable, str], fontsize: float,
                highlight: str | None) -> dict[Hashable, tuple[float, float]]:
    """Width and height (inches) of each label as drawn at its size and weight."""
    renderer = fig.canvas.get_renderer()
    sizes = {}
    for node, text in labels.items():
        bold = node == highlight
        probe = fig.text(0, 0, text, fontsize=fontsize + 2 if bold else fontsize,
                         fontweight="bold" if bold else "normal", ha="center", va="center")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        sizes[node] = (extent.width / fig.dpi, extent.height / fig.dpi)
    return sizes


def pathway_size(edges: pd.DataFrame, *, from_col: str = "from_node", to_col: str = "to_node",
                 wrap: int = 24, narrow_wrap: int = 12, fontsize: float = 7.0,
                 highlight: str | None = None, max_slope: float = 3.5,
                 extra_height: float = 1.7, min_width: float = 3.0) -> tuple[float, float]:
    """Figure size for :func:`pathway_diagram`: as large as its boxes and arrows need.

    The labels are measured as they will be drawn, so the width is that of the
    columns and the gaps between them, and the height that of the tallest
    column plus ``extra_height`` for the title, the key and the source line
    (:func:`pathway_diagram` then sets the height exactly). A pathway with more
    layers or longer names gets a larger figure; its boxes keep their size.
    Printed at the handout's text width (6.69 in on A4), a figure no wider than
    that prints every label at its own point size.

    Parameters
    ----------
    edges : DataFrame
        One arrow a row, as for :func:`pathway_diagram`.
    from_col, to_col : str
        Columns naming where each arrow starts and ends.
    wrap, narrow_wrap, fontsize, highlight, max_slope
        As given to :func:`pathway_diagram`.
    extra_height : float
        Inches added for the title, the key and the source line.
    min_width : float
        Smallest width (inches), room for a title and the key under a small pathway.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches, for ``plt.subplots(figsize=...)``.

    Raises
    ------
    ValueError
        The pathway has a cycle.

    Examples
    --------
    >>> small = pd.DataFrame({"from_node": ["a", "a"], "to_node": ["b", "c"]})
    >>> pathway_size(small)
    (3.0, 2.4)
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    graph = graph_of(edges, from_col, to_col)
    labels = wrapped_labels(graph, columns_of(graph), wrap, narrow_wrap)
    fig = Figure()
    FigureCanvasAgg(fig)
    sizes = label_sizes(fig, labels, fontsize, highlight)
    left, right, top, bottom = box_layout(graph, labels, sizes, max_slope)[2]
    pad = 2 * MARGIN + 0.1  # the layout engine's own margins
    return (round(max(min_width, right - left + pad), 2),
            round(bottom - top + pad + extra_height, 2))
