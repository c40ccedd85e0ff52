"""Where the events of a timeline go: story order, spans of undated events, label stacks.

:mod:`helpers.timelines` draws the stem timeline of notebook 01 (the history of
sigma receptors); this module holds what it computes first, with no drawing:
the order of the story, the years around each undated event, and the stacking
of labels above and below the axis so that none overlaps another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["story_order", "undated_spans"]


def event_years(column: pd.Series) -> pd.Series:
    """Years as floats, NaN where missing (whatever the column's dtype: Int64, object, float)."""
    return pd.Series([np.nan if pd.isna(v) else float(v) for v in column], index=column.index,
                     dtype=float)


def story_order(events: pd.DataFrame, order_col: str | None = None) -> pd.DataFrame:
    """The events in story order: by ``order_col`` if given, else in table order.

    The sort is stable, so rows with the same order value keep their table order.

    Parameters
    ----------
    events : DataFrame
        One event a row.
    order_col : str or None
        Column whose values give the order of the story (e.g. ``"event_id"``).

    Returns
    -------
    DataFrame
        The events in that order, with their original index.

    Examples
    --------
    >>> e = pd.DataFrame({"event_id": [2, 1], "year": [1996, 1976]})
    >>> story_order(e, "event_id").event_id.tolist()
    [1, 2]
    """
    if order_col is None:
        return events
    return events.sort_values(order_col, kind="mergesort")


def undated_spans(events: pd.DataFrame, *, year_col: str = "year",
                  order_col: str | None = None) -> pd.DataFrame:
    """For each event without a year, the years of the dated events around it.

    "Around it" is in story order (:func:`story_order`): the last dated event
    before the row and the first dated event after it. The timeline draws an
    undated event as a dashed arrow between those two years.

    Parameters
    ----------
    events : DataFrame
        One event a row; ``year_col`` may be empty.
    year_col : str
        Column of the year.
    order_col : str or None
        Column giving the story order (default: table order).

    Returns
    -------
    DataFrame
        One row per undated event (same index as ``events``), with ``after_year``
        (the dated event before it; NaN if none) and ``before_year`` (the dated
        event after it; NaN if none).

    Examples
    --------
    >>> e = pd.DataFrame({"event_id": [1, 2, 3], "year": [1976, None, 1996]})
    >>> undated_spans(e, order_col="event_id")[["after_year", "before_year"]].values.tolist()
    [[1976.0, 1996.0]]
    """
    rows = story_order(events, order_col)
    years = event_years(rows[year_col]).to_numpy()
    spans = []
    for position, (index, year) in enumerate(zip(rows.index, years, strict=True)):
        if not np.isnan(year):
            continue
        before = years[:position][~np.isnan(years[:position])]
        after = years[position + 1:][~np.isnan(years[position + 1:])]
        spans.append({"index": index, "after_year": before[-1] if len(before) else np.nan,
                      "before_year": after[0] if len(after) else np.nan})
    return (pd.DataFrame(spans, columns=["index", "after_year", "before_year"])
            .set_index("index").rename_axis(events.index.name))


@dataclass
class StackedLabel:
    """A label being placed: its event's x (data), its size (pixels) and its place."""

    x: float
    text: object
    width: float
    height: float
    sides: tuple[int, ...]
    undated: bool = False
    unverified: bool = False
    marker: str = "o"
    px: float = 0.0
    side: int = 1
    bottom: float = 0.0  # distance of the label's near edge from the axis line (pixels)
    slide: tuple[float, ...] = ()  # other x positions (pixels) it may take, in order of preference

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def x_overlaps(self, other: StackedLabel, pad: float) -> bool:
        return (abs(self.px - other.px) * 2 < self.width + other.width + 2 * pad)

    def covers(self, px: float) -> bool:
        return abs(px - self.px) * 2 < self.width


def stack_labels(labels: list[StackedLabel], gap: float, base: float) -> None:
    """Stack each label at the lowest free height on an allowed side of the axis.

    A height is free when the label overlaps no placed label, no placed stem runs
    through it, and its own stem runs through no placed label. A label with
    ``slide`` positions (an undated event, anywhere along its span) may move
    there to find a lower free height. If no height is free on either side, the
    label goes above everything on its side (labels never overlap; a stem may
    then cross a label).
    """
    placed: list[StackedLabel] = []
    prefer = 1
    for label in labels:
        best: tuple[float, bool, int, int] | None = None  # bottom, other side, position, side
        fallback: tuple[float, bool, int, int] | None = None
        positions = (label.px, *label.slide)
        for rank, px in enumerate(positions):
            label.px = px
            for side in label.sides:
                same = [p for p in placed if p.side == side]
                heights = sorted({base} | {p.top + gap for p in same})
                for bottom in heights:
                    top = bottom + label.height
                    boxes = [p for p in same if label.x_overlaps(p, gap)
                             and p.bottom < top + gap and p.top + gap > bottom]
                    if boxes:
                        continue
                    here = (bottom, side != prefer, rank, side)
                    fallback = here if fallback is None else min(fallback, here)
                    crossed = any(label.covers(p.px) and p.bottom > bottom for p in same) or \
                        any(p.covers(label.px) and p.bottom < bottom for p in same)
                    if not crossed:
                        best = here if best is None else min(best, here)
                        break
        chosen = best if best is not None else fallback
        label.bottom, label.px, label.side = chosen[0], positions[chosen[2]], chosen[3]
        prefer = -label.side
        placed.append(label)
