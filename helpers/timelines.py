"""A stem timeline of dated events, for the history of sigma receptors (notebook 01).

Takes a tidy DataFrame (one event a row) and an optional ``ax``, and returns the
Axes, as seaborn does.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text

__all__ = ["timeline"]


def timeline(events: pd.DataFrame, ax: Axes | None = None, *, year_col: str = "year",
             label_col: str = "event", status_col: str = "citation_status",
             kind_col: str = "kind", wrap: int = 22) -> Axes:
    """Draw dated events as a stem timeline; undated events as a span between neighbours.

    Each label goes above the axis, below it, or further out, at the first level
    where it overlaps no other label and no stem crosses it. A row whose
    ``status_col`` is ``"unverified"`` gets an open marker and "(UNVERIFIED)";
    ``kind_col`` picks the marker (circle: year as printed in the newsletter,
    square: year from the literature only). A row without a year is drawn as a
    dashed arrow from the dated row before it to the dated row after it (in
    table order), labelled "year not given". Events of one year stand side by side.

    Parameters
    ----------
    events : DataFrame
        One event a row, in order of time.
    ax : Axes or None
        Axes to draw on (default: the current axes).
    year_col, label_col, status_col, kind_col : str
        Columns of the year (may be empty), the text, the citation status and the kind.
    wrap : int
        Characters per line of a label.

    Returns
    -------
    Axes
    """
    ax = ax if ax is not None else plt.gca()
    rows = events.reset_index(drop=True)
    dated = rows[rows[year_col].notna()]
    years = dated[year_col].astype(float)
    ax.set_xlim(years.min() - 6, years.max() + 6)
    ax.set_ylim(-5.4, 5.4)  # provisional: the final, tighter limits only move labels apart
    renderer = ax.figure.canvas.get_renderer()
    labels: list = []
    stems: list[tuple[float, float]] = []

    def clashes(text: Text, x: float, level: float) -> bool:
        """Whether a label at ``level`` overlaps a label or a stem, or its stem crosses one."""
        box = text.get_window_extent(renderer).expanded(1.08, 1.15)
        if any(box.overlaps(other.get_window_extent(renderer)) for other in labels):
            return True
        for sx, slevel in stems:  # a longer stem on the same side through this label
            px = ax.transData.transform((sx, 0))[0]
            if np.sign(slevel) == np.sign(level) and abs(slevel) > abs(level) \
                    and box.x0 <= px <= box.x1:
                return True
        px = ax.transData.transform((x, 0))[0]
        for other in labels:  # this stem through a label nearer the axis
            y = other.get_position()[1]
            extent = other.get_window_extent(renderer)
            if np.sign(y) == np.sign(level) and abs(y) < abs(level) \
                    and extent.x0 <= px <= extent.x1:
                return True
        return False

    for number, row in rows.iterrows():
        label = textwrap.fill(str(row[label_col]), wrap)
        if pd.isna(row[year_col]):
            before = dated[dated.index < number][year_col]
            after = dated[dated.index > number][year_col]
            x0 = float(before.iloc[-1]) if len(before) else float(years.min()) - 5
            x1 = float(after.iloc[0]) if len(after) else x0 + 10
            ax.annotate("", xy=(x1 - 0.6, -0.35), xytext=(x0 + 0.6, -0.35),
                        arrowprops={"arrowstyle": "-|>", "linestyle": "--", "color": "#555555"})
            labels.append(ax.text((x0 + x1) / 2, -0.6, textwrap.fill(str(row[label_col]), 2 * wrap)
                                  + "\n(year not given)", ha="center", va="top", fontsize=8,
                                  style="italic", color="#333333", gid="event-label"))
            continue
        year = float(row[year_col])
        twins = dated.index[dated[year_col] == row[year_col]].tolist()
        x = year + 0.8 * (twins.index(number) - (len(twins) - 1) / 2)  # same year: side by side
        unverified = str(row.get(status_col, "")) == "unverified"
        text = ax.text(x, 0, f"{int(year)}: {label}" + ("\n(UNVERIFIED)" if unverified else ""),
                       ha="center", fontsize=8, fontweight="bold" if unverified else "normal",
                       color="#7a0000" if unverified else "black", gid="event-label")
        for level in (1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 4.0, -4.0):
            text.set_y(level)
            text.set_va("bottom" if level > 0 else "top")
            if not clashes(text, x, level):
                break
        labels.append(text)
        stems.append((x, level))
        marker = "o" if row.get(kind_col, "as-printed") == "as-printed" else "s"
        ax.plot([x, x], [0, level * 0.95], color="#888888", lw=0.8, zorder=1)
        ax.scatter([x], [0], marker=marker, s=70, zorder=3, linewidths=1.5,
                   facecolors="white" if unverified else "#0072B2", edgecolors="#0072B2")
    top = max(abs(level) for _, level in stems)
    ax.set_ylim(-top - 1.6, top + 1.6)
    ax.axhline(0, color="black", lw=1.2, zorder=0)
    ax.set_yticks([])
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.grid(False)
    ax.set_xlabel("Year")
    handles = [
        Line2D([], [], marker="o", color="#0072B2", linestyle="",
               label="year printed in the newsletter"),
        Line2D([], [], marker="s", color="#0072B2", linestyle="",
               label="year from the literature only"),
        Line2D([], [], marker="s", color="#0072B2", markerfacecolor="white", linestyle="",
               label="citation unverified"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return ax
