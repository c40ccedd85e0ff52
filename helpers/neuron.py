"""A procedural hippocampal pyramidal neuron, for Figure 3 (neurotrophic mechanisms).

The newsletter's Figure 3 shows a neuron in three states: normal, depressed
(less dendritic arborisation, less BDNF) and treated (more of both). Its
numbers are not available, so the drawing takes two *relative* levels
(1 = normal) and turns them into a picture:

- **arborisation** sets how far the dendritic tree branches: each dendrite is a
  binary tree whose branches are kept up to a branch order and with a
  probability that both grow with the level;
- **BDNF** sets how many marks are scattered in a fixed disc around the cell
  body, so their density is proportional to the level.

All randomness comes from one ``numpy.random.Generator`` seeded by ``seed``,
drawn for the largest possible tree before any branch is kept. A given seed
therefore gives the same neuron every time, and a higher level only *adds*
branches and marks to the same neuron: the count never falls as a level rises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon

from helpers._docstrings import fill_doc

__all__ = ["MAX_ORDER", "NeuronGeometry", "draw_neuron", "neuron_geometry", "neuron_key"]

MAX_ORDER = 7
"""Highest branch order drawn (0 = the trunk leaving the cell body)."""

BDNF_MARKS_AT_NORMAL = 60
"""Number of BDNF marks drawn at a relative expression of 1."""

BDNF_RADIUS = 1.15
"""Radius of the disc around the cell body in which BDNF marks are drawn."""

_MAX_LEVEL = 2.0
# (start angle in degrees, trunk length, half-angle of a fork in radians, orders fewer
# than the apical dendrite): one long apical dendrite up, four shorter basal ones down.
_TRUNKS = ((90.0, 1.6, 0.4, 0), (212.0, 0.7, 0.5, 1), (250.0, 0.6, 0.42, 1),
           (290.0, 0.6, 0.42, 1), (328.0, 0.7, 0.5, 1))
_SOMA = np.array([[0.0, 0.7], [-0.52, -0.35], [0.52, -0.35]])
_LIMITS = ((-3.9, 3.9), (-3.6, 7.4))  # holds any tree up to level 2

_DENDRITE_GREY = "0.15"
_SOMA_GREY = "0.82"


@dataclass(frozen=True)
class NeuronGeometry:
    """Everything :func:`draw_neuron` draws, in data coordinates.

    Attributes
    ----------
    paths : list of ndarray
        One (3, 2) polyline per dendritic branch segment (start, bend, end).
    orders : ndarray
        Branch order of each segment (0 = trunk at the cell body).
    bdnf_xy : ndarray
        (m, 2) positions of the BDNF marks.
    nodes : ndarray
        (n, 2) identity of each segment: dendrite number and position in that
        dendrite's full binary tree (1 = trunk, children of k are 2k and 2k + 1).
    """

    paths: list[np.ndarray]
    orders: np.ndarray
    bdnf_xy: np.ndarray
    nodes: np.ndarray

    @property
    def n_segments(self) -> int:
        """Number of dendritic segments (trunks and branches)."""
        return len(self.paths)

    @property
    def n_bdnf(self) -> int:
        """Number of BDNF marks."""
        return len(self.bdnf_xy)


def _check_level(value: float, name: str) -> float:
    level = float(value)
    if not np.isfinite(level) or not 0 <= level <= _MAX_LEVEL:
        raise ValueError(f"{name} must be a relative level between 0 and {_MAX_LEVEL} "
                         f"(1 = normal), got {value!r}")
    return level


def neuron_geometry(arborisation: float, bdnf: float, seed: int = 0) -> NeuronGeometry:
    """Lay out a pyramidal neuron whose branching and BDNF follow two levels.

    Parameters
    ----------
    arborisation : float
        Relative dendritic arborisation, 0 to 2 (1 = normal).
    bdnf : float
        Relative BDNF expression, 0 to 2 (1 = normal).
    seed : int
        Seed of the random generator; the same seed gives the same neuron.

    Returns
    -------
    NeuronGeometry

    Examples
    --------
    >>> normal = neuron_geometry(1.0, 1.0, seed=3)
    >>> atrophic = neuron_geometry(0.45, 0.4, seed=3)
    >>> atrophic.n_segments < normal.n_segments
    True
    >>> normal.n_bdnf, atrophic.n_bdnf
    (60, 24)
    """
    arborisation = _check_level(arborisation, "arborisation")
    bdnf = _check_level(bdnf, "bdnf")
    rng = np.random.default_rng(seed)
    n_nodes = 2 ** (MAX_ORDER + 1)
    # Every random number is drawn up front, for the largest possible tree.
    draws = rng.random((len(_TRUNKS), n_nodes, 4))
    mark_draws = rng.random((int(BDNF_MARKS_AT_NORMAL * _MAX_LEVEL), 2))

    order_limit = min(MAX_ORDER, int(np.floor(1.5 + 4.5 * arborisation)))
    keep_probability = min(0.97, 0.45 + 0.4 * arborisation)
    length_scale = 0.85 + 0.15 * min(arborisation, 1.3)

    paths: list[np.ndarray] = []
    orders: list[int] = []
    nodes: list[tuple[int, int]] = []
    for trunk, (angle_deg, trunk_length, fork, fewer) in enumerate(_TRUNKS):
        start = _trunk_origin(np.deg2rad(angle_deg))
        # Heap numbering: node k has children 2k and 2k + 1; node 1 is the trunk.
        # ends[k] = where node k would start, and the direction of its parent.
        ends = {1: (start, np.deg2rad(angle_deg))}
        for node in range(1, n_nodes):
            if node not in ends:
                continue  # its parent was not kept
            origin, angle = ends.pop(node)
            order = node.bit_length() - 1
            u_keep, u_angle, u_length, u_bend = draws[trunk, node]
            if order > 0:
                if order > order_limit - fewer or u_keep > keep_probability:
                    continue
                side = -1.0 if node % 2 == 0 else 1.0
                angle += side * fork * (0.6 + 0.8 * u_angle)
            length = trunk_length * length_scale * 0.74 ** order * (0.75 + 0.5 * u_length)
            end = origin + length * np.array([np.cos(angle), np.sin(angle)])
            normal = np.array([-np.sin(angle), np.cos(angle)])
            bend = (origin + end) / 2 + normal * length * 0.12 * (u_bend - 0.5)
            paths.append(np.vstack([origin, bend, end]))
            orders.append(order)
            nodes.append((trunk, node))
            if 2 * node < n_nodes:
                ends[2 * node] = (end, angle)
                ends[2 * node + 1] = (end, angle)

    n_marks = round(BDNF_MARKS_AT_NORMAL * bdnf)
    radius = BDNF_RADIUS * np.sqrt(mark_draws[:n_marks, 0])
    theta = 2 * np.pi * mark_draws[:n_marks, 1]
    bdnf_xy = np.column_stack([radius * np.cos(theta), 0.05 + radius * np.sin(theta)])
    return NeuronGeometry(paths, np.asarray(orders, dtype=int), bdnf_xy,
                          np.asarray(nodes, dtype=int).reshape(-1, 2))


def _trunk_origin(angle: float) -> np.ndarray:
    """Where a dendrite leaves the triangular cell body: apex up, base corners down."""
    if np.sin(angle) > 0.9:
        return _SOMA[0].copy()
    return np.array([0.38 * np.cos(angle), -0.3])


def _level(levels: Any, name: str) -> float:
    """Read a level from a mapping (dict, Series) or an object with attributes."""
    if isinstance(levels, Mapping):
        return float(levels[name])
    value = getattr(levels, name, None)
    return float(levels[name] if value is None else value)


@fill_doc
def draw_neuron(levels: Any, *, seed: int = 0, ax: Axes | None = None, inputs: bool = True,
                label_inputs: bool = False) -> Axes:
    """Draw a hippocampal pyramidal neuron from relative arborisation and BDNF levels.

    Dendrites are dark lines that taper with branch order, the cell body a pale
    triangle with a nucleus, the axon a thin line downwards, and BDNF black dots
    with a white rim (visible on the cell body and on white). Optional afferent
    axons show the neuron's innervation (Figure 3a): glutamatergic (solid) and
    monoaminergic (dashed), each ending in a terminal bouton.

    Parameters
    ----------
    levels : mapping or row
        Has ``arborisation_relative`` and ``bdnf_relative`` (a row of the
        ``neuron_states`` dataset, a dict, or a namedtuple from ``itertuples``).
    seed : int
        Seed of the random generator; the same seed gives the same drawing.
    {ax_draw}
    inputs : bool
        Draw the two afferent axons.
    label_inputs : bool
        Name the afferents and the axon in small text.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = draw_neuron({"arborisation_relative": 1.0, "bdnf_relative": 1.0}, seed=1, ax=ax)
    >>> len(ax.collections[0].get_segments()) == neuron_geometry(1.0, 1.0, seed=1).n_segments
    True
    >>> plt.close(fig)
    """
    ax = ax if ax is not None else plt.gca()
    geometry = neuron_geometry(_level(levels, "arborisation_relative"),
                               _level(levels, "bdnf_relative"), seed=seed)
    widths = 0.6 + 3.0 * 0.68 ** geometry.orders
    ax.add_collection(LineCollection(geometry.paths, linewidths=widths, colors=_DENDRITE_GREY,
                                     capstyle="round", joinstyle="round", zorder=2,
                                     gid="dendrites"))
    ax.plot([0, 0.05, -0.04, 0.02], [-0.35, -1.6, -2.6, -3.4], color=_DENDRITE_GREY, lw=1.0,
            zorder=2, gid="axon")
    ax.add_patch(Polygon(_SOMA, closed=True, facecolor=_SOMA_GREY, edgecolor="black", lw=1.6,
                         joinstyle="round", zorder=3, gid="soma"))
    ax.add_patch(Circle((0.0, 0.02), 0.16, facecolor="0.55", edgecolor="black", lw=0.8,
                        zorder=4))
    if inputs:
        _draw_inputs(ax, label_inputs)
    ax.scatter(geometry.bdnf_xy[:, 0], geometry.bdnf_xy[:, 1], s=13, marker="o",
               facecolor="black", edgecolor="white", linewidths=0.5, zorder=5, gid="bdnf-marks")
    ax.set_xlim(*_LIMITS[0])
    ax.set_ylim(*_LIMITS[1])
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _draw_inputs(ax: Axes, labelled: bool) -> None:
    """Two afferent axons ending on the apical dendrite and the cell body."""
    afferents = (("glutamatergic", "-", [(-3.3, 1.0), (-1.7, 1.6), (-0.14, 1.9)], (-2.6, 1.5)),
                 ("monoaminergic", "--", [(3.3, -0.6), (1.9, 0.4), (0.48, 0.1)], (2.6, 0.35)))
    for name, style, points, label_xy in afferents:
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, linestyle=style, color="0.35", lw=1.2, zorder=1, gid=f"input-{name}")
        ax.plot(xs[-1], ys[-1], marker="o", markersize=6, color="0.35", zorder=1)
        if labelled:
            ax.text(*label_xy, f"{name}\ninput", fontsize=7, color="0.25", ha="center",
                    va="bottom")
    if labelled:
        ax.text(0.2, -3.3, "axon", fontsize=7, color="0.25", ha="left", va="bottom")


def neuron_key() -> list[Line2D]:
    """Legend handles explaining the drawing (dendrites, cell body, BDNF, inputs).

    Returns
    -------
    list of matplotlib.lines.Line2D
        One handle per element, for ``ax.legend(handles=...)`` or a figure legend.

    Examples
    --------
    >>> [h.get_label() for h in neuron_key()][:2]
    ['dendrites (branching = arborisation)', 'cell body']
    """
    return [
        Line2D([], [], color=_DENDRITE_GREY, lw=2.5, label="dendrites (branching = arborisation)"),
        Line2D([], [], marker="^", linestyle="", markersize=9, markerfacecolor=_SOMA_GREY,
               markeredgecolor="black", label="cell body"),
        Line2D([], [], marker="o", linestyle="", markersize=4, markerfacecolor="black",
               markeredgecolor="white", label="BDNF (density = expression)"),
        Line2D([], [], color="0.35", lw=1.2, marker="o", markersize=5,
               label="glutamatergic input"),
        Line2D([], [], color="0.35", lw=1.2, linestyle="--", marker="o", markersize=5,
               label="monoaminergic input"),
    ]
