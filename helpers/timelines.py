"""A stem timeline of dated events, for the history of sigma receptors (notebook 01).

Takes a tidy DataFrame (one event a row) and an optional ``ax``, and returns the
Axes, as seaborn does. Labels are stacked above and below the axis at fixed
distances in points (:mod:`helpers.timeline_layout` computes the stacks), so they
never overlap however many events there are or however long their texts; the
figure's height is set to what the stacks need.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from helpers._docstrings import fill_doc
from helpers.layout import legend_outside
from helpers.timeline_layout import (
    StackedLabel,
    event_years,
    stack_labels,
    story_order,
    undated_spans,
)

__all__ = ["timeline"]

_GAP_PT = 4.0
"""Vertical gap between stacked labels, and between a label and the axis line (points)."""
_BASE_PT = 14.0
"""Shortest stem: distance from the axis line to the nearest label (points)."""
_ARROW_PT = -7.0
"""Height of the dashed arrow of an undated event, relative to the axis line (points)."""
_SIDE_PT = 11.0
"""Distance between the markers of two events of one year (points): a marker and a gap."""


@fill_doc
def timeline(events: pd.DataFrame, ax: Axes | None = None, *, year_col: str = "year",
             label_col: str = "event", status_col: str = "citation_status",
             kind_col: str = "kind", order_col: str | None = None, wrap: int = 22,
             fit: bool = True, legend: str = "below") -> Axes:
    """Draw dated events as a stem timeline; undated events as a span between neighbours.

    Each label is stacked above or below the axis at the lowest height where it
    overlaps no other label and no stem crosses it (or, if no such height exists,
    above every label on its side: labels never overlap). A row whose
    ``status_col`` is ``"unverified"`` gets an open marker and "(UNVERIFIED)";
    ``kind_col`` picks the marker (circle: year as printed in the newsletter,
    square: year from the literature only). A row without a year is drawn as a
    dashed arrow from the dated event before it to the dated event after it in
    story order (:func:`~helpers.timeline_layout.undated_spans`), labelled
    "year not given", its label below the axis. Events of one year stand side
    by side: the first one whose year is printed in the newsletter (else the
    first in story order) on the year itself, the others a marker's width
    beside it.

    The x range widens until every label fits inside the axes, and the figure's
    height is set (``fit``) so that the stacks just fit: taller for many events
    or long texts, shorter for a few. Set the title and the source caption
    *before* calling, so the room they take is known.

    Parameters
    ----------
    events : DataFrame
        One event a row.
    {ax_draw}
    year_col, label_col, status_col, kind_col : str
        Columns of the year (may be empty), the text, the citation status and the kind.
    order_col : str or None
        Column giving the story order, which places undated events and orders
        events of the same year (default: table order). Pass the dataset's key
        (``"event_id"``) so that a reordered file draws the same timeline.
    wrap : int
        Characters per line of a label.
    fit : bool
        Set the figure's height to what the labels need (otherwise the figure
        keeps its size, and labels may leave the axes if it is too small).
    legend : {"below", "right"}
        Where the key goes: under the axes, across the figure (the axis keeps the
        figure's whole width, for a figure as narrow as a printed page), or to
        the right of the axes.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        No event has a year (there is nothing to place the others between), or
        ``legend`` is neither ``"below"`` nor ``"right"``.
    """
    if legend not in ("below", "right"):
        raise ValueError(f"legend must be 'below' or 'right', not {legend!r}")
    ax = ax if ax is not None else plt.gca()
    fig = ax.figure
    rows = story_order(events, order_col).reset_index(drop=True)
    years = event_years(rows[year_col])
    dated = rows[years.notna()]
    if dated.empty:
        raise ValueError(f"a timeline needs at least one event with a {year_col!r}")
    first = float(years.min())
    spans = undated_spans(rows, year_col=year_col)

    # the x of every event: a year's first event as printed (else its first event) on the
    # year itself, the others beside it (a few points right, then left); undated ones mid-span
    slots: dict[object, tuple[float, int]] = {}
    for year, group in dated.groupby(years[years.notna()], sort=False):
        printed_here = [i for i in group.index
                        if kind_col in group and group.at[i, kind_col] == "as-printed"]
        anchor = printed_here[0] if printed_here else group.index[0]
        slots[anchor] = (float(year), 0)
        for k, index in enumerate(i for i in group.index if i != anchor):
            slots[index] = (float(year), (k // 2 + 1) * (1 if k % 2 == 0 else -1))
    xs: dict[object, float] = {index: year for index, (year, _) in slots.items()}
    arrows: dict[object, tuple[float, float]] = {}
    for (x0, x1), group in spans.groupby(["after_year", "before_year"], dropna=False,
                                         sort=False):
        start = x0 if not np.isnan(x0) else first - 5
        end = x1 if not np.isnan(x1) else start + 10
        for k, index in enumerate(group.index):
            arrows[index] = (start, end)
            xs[index] = (start + end) / 2 + 0.8 * (k - (len(group) - 1) / 2)

    # a key entry for each kind of mark drawn
    unverified_rows = dated[status_col].astype(str).eq("unverified") if status_col in dated \
        else pd.Series(False, index=dated.index)
    printed = dated[kind_col].eq("as-printed") if kind_col in dated \
        else pd.Series(True, index=dated.index)
    handles = []
    if (printed & ~unverified_rows).any():
        handles.append(Line2D([], [], marker="o", color="#0072B2", linestyle="",
                              label="year printed in the newsletter"))
    if (~printed & ~unverified_rows).any():
        handles.append(Line2D([], [], marker="s", color="#0072B2", linestyle="",
                              label="year from the literature only"))
    if unverified_rows.any():
        handles.append(Line2D([], [], marker="s", color="#0072B2", markerfacecolor="white",
                              linestyle="", label="citation unverified"))
    if arrows:
        handles.append(Line2D([], [], color="#555555", linestyle="--",
                              label="year not given:\nbetween its neighbours"))
    if legend == "right":
        key = legend_outside(ax, handles=handles, fontsize=8)
    else:  # under the axis's labels (anchored once they are drawn): the axis keeps the width
        key = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                        ncols=min(2, len(handles)), fontsize=8, frameon=False)
    ax.set_yticks([])
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.grid(False)
    ax.set_xlabel("Year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_autoscale_on(False)

    # y in points from the axis line, x in data: label distances do not depend on the axes' height
    from_line = transforms.blended_transform_factory(
        ax.transData, transforms.Affine2D().scale(1 / 72) + fig.dpi_scale_trans
        + transforms.ScaledTranslation(0, 0, ax.transData))
    labels: list[StackedLabel] = []
    for index, row in rows.iterrows():
        text = textwrap.fill(str(row[label_col]), wrap)
        undated = index in arrows
        unverified = str(row.get(status_col, "")) == "unverified"
        if undated:
            text += "\n(year not given)"
        else:
            text = f"{int(row[year_col])}: {text}"
        if unverified:
            text += "\n(UNVERIFIED)"
        artist = ax.text(xs[index], 0, text, ha="center", fontsize=8, transform=from_line,
                         fontweight="bold" if unverified else "normal",
                         style="italic" if undated else "normal",
                         color="#7a0000" if unverified else ("#333333" if undated else "black"),
                         gid="event-label", in_layout=False)  # counted once placed
        marker = "o" if row.get(kind_col, "as-printed") == "as-printed" else "s"
        labels.append(StackedLabel(xs[index], artist, 0.0, 0.0, (-1,) if undated else (1, -1),
                             undated=undated, unverified=unverified, marker=marker))

    fig.draw_without_rendering()  # lays out title, caption and legend: the axes' final width
    renderer = fig.canvas.get_renderer()
    if legend == "below":
        under = (ax.bbox.y0 - ax.xaxis.get_tightbbox(renderer).y0) / fig.dpi + 0.05  # inches
        key.set_bbox_to_anchor((0.5, 0.0), transform=ax.transAxes + transforms.ScaledTranslation(
            0, -under, fig.dpi_scale_trans))
        fig.draw_without_rendering()
    for label in labels:
        extent = label.text.get_window_extent(renderer)
        label.width, label.height = extent.width, extent.height
    # widen the x range until every label lies inside the axes
    width = ax.bbox.width
    lo, hi = min(xs.values()) - 3, max(xs.values()) + 3
    for start, end in arrows.values():
        lo, hi = min(lo, start - 1), max(hi, end + 1)
    widest = max(label.width for label in labels)
    side = _SIDE_PT * fig.dpi / 72  # pixels between same-year markers

    def beside(scale: float) -> None:
        """Place same-year events ``side`` pixels apart at this many pixels a year."""
        for label, index in zip(labels, rows.index, strict=True):
            if index in slots:
                year, slot = slots[index]
                label.x = xs[index] = year + slot * side / scale

    for _ in range(20):
        scale = width / (hi - lo)
        beside(scale)
        left = max((label.width / 2 + 4) - (label.x - lo) * scale for label in labels)
        right = max((label.width / 2 + 4) - (hi - label.x) * scale for label in labels)
        if (left <= 0.5 and right <= 0.5) or widest + 8 >= width:
            break
        lo -= max(left, 0) / scale
        hi += max(right, 0) / scale
    ax.set_xlim(lo, hi)
    beside(width / (hi - lo))
    for label, index in zip(labels, rows.index, strict=True):
        label.px = (label.x - lo) * width / (hi - lo)
        if index in arrows:  # an undated label may slide along its span, inside the axes
            start, end = ((v - lo) * width / (hi - lo) for v in arrows[index])
            room = (max(start, label.width / 2 + 4), min(end, width - label.width / 2 - 4))
            label.slide = tuple(float(np.clip(label.px + f * (end - start), *sorted(room)))
                                for f in (0.15, -0.15, 0.3, -0.3, 0.45, -0.45))

    to_px = fig.dpi / 72
    stack_labels(labels, _GAP_PT * to_px, _BASE_PT * to_px)
    for label in labels:
        label.x = lo + label.px * (hi - lo) / width
    up = max([lb.top for lb in labels if lb.side > 0], default=0.0) / to_px + _GAP_PT
    down = max([lb.top for lb in labels if lb.side < 0] + [-_ARROW_PT * to_px],
               default=0.0) / to_px + _GAP_PT
    needed = (up + down) / 72  # inches of axes height
    if fit:
        fig.set_figheight(fig.get_figheight() + needed - ax.bbox.height / fig.dpi + 0.1)
    ax.set_ylim(-down, up)  # data units are points when the axes is exactly as tall as needed

    for label in labels:
        offset = label.side * label.bottom / to_px
        label.text.set_position((label.x, offset))
        label.text.set_va("bottom" if label.side > 0 else "top")
        label.text.set_in_layout(True)
        stem_from = _ARROW_PT if label.undated else 0.0
        ax.plot([label.x, label.x], [stem_from, offset - label.side * 1.0], transform=from_line,
                color="#888888", lw=0.8, zorder=1, linestyle=":" if label.undated else "-")
        if not label.undated:
            ax.scatter([label.x], [0], marker=label.marker, s=70, zorder=3, linewidths=1.5,
                       facecolors="white" if label.unverified else "#0072B2",
                       edgecolors="#0072B2")
    for start, end in arrows.values():
        ax.annotate("", xy=(end - 0.6, _ARROW_PT), xytext=(start + 0.6, _ARROW_PT),
                    xycoords=from_line, textcoords=from_line,
                    arrowprops={"arrowstyle": "-|>", "linestyle": "--", "color": "#555555"})
    ax.axhline(0, color="black", lw=1.2, zorder=0)
    return ax
