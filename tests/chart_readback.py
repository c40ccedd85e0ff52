"""Read a drawn chart back from matplotlib and check it against the data it came from.

One checker for every chart of every lesson. It reads what matplotlib will
draw, not what the notebook meant to draw:

* **values on their rows** (:func:`value_problems`): on an axis of category
  labels (drug names, conditions...), every plotted point, line vertex, bar,
  error bar and annotation is assigned to the label at its position; its value
  on the other axis must be in a data row that label names, or in no row at
  all (then it is a derived value; :func:`chart_signature` lets a test check it
  metamorphically). A value found only in *another* label's row is a mismatch.
* **layout** (:func:`layout_problems`): every text (titles, axis labels, tick
  labels, legend, annotations, captions) inside the figure; tick labels of one
  axis not overprinting each other; no legend on top of plotted data.

Every function returns a list of problems, as sentences naming the chart;
:func:`assert_chart_ok` raises with all of them. Typical use in a test::

    with run_lesson("02", data_dir=copy) as run:
        for shown in run.figures:
            assert_chart_ok(shown.figure, run.frames, name=shown.name)

Labels are matched to data keys ignoring case, white space and line breaks
(a wrapped label's lines are joined), a trailing bracketed suffix such as
" (SSRI)", superscript digits written as ``^n``, and a trailing ellipsis of a
shortened label (matched as a prefix).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.category import StrCategoryLocator
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedLocator
from matplotlib.transforms import Bbox

__all__ = [
    "REL_TOL",
    "AxesReadback",
    "Category",
    "Mark",
    "RowIndex",
    "assert_chart_ok",
    "chart_problems",
    "chart_signature",
    "compare_signatures",
    "figure_texts",
    "layout_problems",
    "legend_problems",
    "normalise_label",
    "problems_of",
    "read_axes",
    "read_figure",
    "text_clipping_problems",
    "tick_overlap_problems",
    "value_problems",
]

REL_TOL = 1e-9
"""Relative tolerance when comparing a plotted value with a data value."""

PIXEL_TOL = 1.0
"""Overlap or overhang, in pixels, that is not counted as a problem."""

MAX_LISTED = 5
"""Mismatched values listed per chart; the rest are counted."""

_SUPERSCRIPTS = str.maketrans({"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5",
                               "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"})
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?$")


# --------------------------------------------------------------------------- reading


@dataclass
class Category:
    """A categorical axis: tick positions and their label texts."""

    axis: str  # "x" or "y"
    positions: np.ndarray
    labels: list[str]

    @property
    def tolerance(self) -> float:
        """Half the smallest gap between ticks: a mark farther from every tick has no label."""
        distinct = np.unique(self.positions)
        return 0.5 * float(np.min(np.diff(distinct))) if len(distinct) > 1 else 0.5

    def label_at(self, position: float) -> str | None:
        """The label of the tick nearest ``position``, if it is within :attr:`tolerance`."""
        if not len(self.positions) or not math.isfinite(position):
            return None
        gaps = np.abs(self.positions - position)
        nearest = int(np.argmin(gaps))
        return self.labels[nearest] if gaps[nearest] < self.tolerance - 1e-12 else None


@dataclass
class Mark:
    """One plotted position, in data coordinates, and what drew it."""

    kind: str  # "point", "line", "bar", "errorbar", "annotation", "text"
    x: float
    y: float
    artist: Any = field(repr=False, default=None)
    text: str | None = None


@dataclass
class AxesReadback:
    """What one Axes draws: its title, categorical axes and marks."""

    axes: Axes = field(repr=False)
    title: str
    x: Category | None
    y: Category | None
    marks: list[Mark]


def _is_numeric_label(text: str) -> bool:
    cleaned = (text.translate(_SUPERSCRIPTS).replace("−", "-").replace(",", "")
               .replace("\u2009", "").replace(" ", "").strip().lower())
    return bool(_NUMBER.match(cleaned)) or bool(re.fullmatch(r"10-?\d+", cleaned))


def _category(axis: Axis, name: str) -> Category | None:
    """The axis as categories, if its ticks are fixed (or string categories) with text labels."""
    locator = axis.get_major_locator()
    if not isinstance(locator, FixedLocator | StrCategoryLocator):
        return None
    positions = np.asarray(axis.get_majorticklocs(), dtype=float)
    if not len(positions):
        return None
    low, high = sorted(axis.get_view_interval())
    inside = (positions >= low - 1e-9) & (positions <= high + 1e-9)
    labels = [str(t) for t in axis.get_major_formatter().format_ticks(list(positions))]
    positions = positions[inside]
    labels = [label for label, keep in zip(labels, inside, strict=True) if keep]
    texts = [label for label in labels if label.strip()]
    if not texts or all(_is_numeric_label(t) for t in texts):
        return None
    return Category(name, positions, labels)


def _data_parts(transform: Any, ax: Axes) -> tuple[bool, bool]:
    """Whether x and y of an artist's transform are in ``ax``'s data coordinates."""
    if transform is ax.transData:
        return True, True
    try:
        x, y = transform.contains_branch_seperately(ax.transData)
    except (AttributeError, ValueError):
        return False, False
    return bool(x), bool(y)


def _finite(x: Any, y: Any) -> Iterator[tuple[float, float]]:
    xs = np.ma.filled(np.ma.asarray(x, dtype=float), np.nan).ravel()
    ys = np.ma.filled(np.ma.asarray(y, dtype=float), np.nan).ravel()
    for a, b in zip(xs, ys, strict=False):
        if math.isfinite(a) and math.isfinite(b):
            yield float(a), float(b)


def _line_data(line: Line2D) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        x = np.asarray(line.convert_xunits(line.get_xdata(orig=False)), dtype=float)
        y = np.asarray(line.convert_yunits(line.get_ydata(orig=False)), dtype=float)
    except (TypeError, ValueError):
        return None
    return x, y


def _marks(ax: Axes) -> list[Mark]:
    marks: list[Mark] = []
    for line in ax.get_lines():
        if not line.get_visible() or _data_parts(line.get_transform(), ax) != (True, True):
            continue
        data = _line_data(line)
        if data is None:
            continue
        kind = "line" if line.get_linestyle() not in ("None", "", " ", "none") else "point"
        marks += [Mark(kind, x, y, line) for x, y in _finite(*data)]
    for coll in ax.collections:
        if not coll.get_visible():
            continue
        if isinstance(coll, PathCollection):
            if _data_parts(coll.get_offset_transform(), ax) != (True, True):
                continue
            offsets = np.ma.asarray(coll.get_offsets())
            if offsets.size:
                marks += [Mark("point", x, y, coll) for x, y in _finite(offsets[:, 0], offsets[:, 1])]
        elif isinstance(coll, LineCollection):
            if _data_parts(coll.get_transform(), ax) != (True, True):
                continue
            for segment in coll.get_segments():
                segment = np.asarray(segment, dtype=float)
                if segment.size:
                    marks += [Mark("errorbar", x, y, coll) for x, y in _finite(segment[:, 0], segment[:, 1])]
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        vertical = getattr(container, "orientation", "vertical") != "horizontal"
        for patch in container:
            if not patch.get_visible() or _data_parts(patch.get_transform(), ax) != (True, True):
                continue
            x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            if vertical:
                marks.append(Mark("bar", x + w / 2, y + h, patch))
            else:
                marks.append(Mark("bar", x + w, y + h / 2, patch))
    for text in ax.texts:
        if not text.get_visible():
            continue
        if isinstance(text, Annotation):
            if text.xycoords == "data":
                x, y = text.xy
                marks += [Mark("annotation", a, b, text, text.get_text()) for a, b in _finite([x], [y])]
            if text.anncoords == "data" or (text.anncoords is None and text.xycoords == "data"):
                x, y = text.get_position()
                marks += [Mark("text", a, b, text, text.get_text()) for a, b in _finite([x], [y])]
        elif _data_parts(text.get_transform(), ax) == (True, True):
            x, y = text.get_position()
            try:
                x, y = text.convert_xunits(x), text.convert_yunits(y)
            except (TypeError, ValueError):
                continue
            marks += [Mark("text", a, b, text, text.get_text()) for a, b in _finite([x], [y])]
    return marks


def _title(ax: Axes) -> str:
    fig = ax.figure
    sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    own = next((ax.get_title(loc) for loc in ("center", "left", "right") if ax.get_title(loc)), "")
    return " / ".join(t for t in (sup, own) if t) or "(untitled axes)"


def _all_axes(fig: Figure) -> list[Axes]:
    found: list[Axes] = []

    def visit(ax: Axes) -> None:
        found.append(ax)
        for child in getattr(ax, "child_axes", []):
            visit(child)

    for ax in fig.axes:
        visit(ax)
    return list(dict.fromkeys(found))


def read_axes(ax: Axes) -> AxesReadback:
    """Read one Axes back: categorical axes (if any) and every mark in data coordinates."""
    return AxesReadback(ax, _title(ax), _category(ax.xaxis, "x"), _category(ax.yaxis, "y"), _marks(ax))


def read_figure(fig: Figure, *, draw: bool = True) -> list[AxesReadback]:
    """Read every visible Axes of a figure (child axes too); draws the figure first."""
    if draw:
        fig.canvas.draw()
    return [read_axes(ax) for ax in _all_axes(fig) if ax.get_visible()]


# --------------------------------------------------------------------------- labels and rows


def normalise_label(text: str) -> str:
    """A label or key as compared: no white space, case-folded, superscripts as ``^n``, × as x."""
    text = re.sub(r"[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    return re.sub(r"\s+", "", text.replace("×", "x").replace("−", "-")).casefold()


def _label_forms(label: str) -> list[tuple[str, bool]]:
    """(normalised text, is_prefix) forms a label may match a key by, best first."""
    lines = [line.strip() for line in label.splitlines()] or [""]
    norm = normalise_label(" ".join(lines))
    bases = [norm]
    if any(line.endswith("-") for line in lines[:-1]):  # a hyphen added where it was wrapped
        bases.append(normalise_label("".join(line.removesuffix("-") for line in lines[:-1])
                                     + lines[-1]))
    forms = [(base, False) for base in bases]
    for base in bases:
        forms += _without_suffix(base)
    for ellipsis in ("…", "..."):
        if norm.endswith(ellipsis) and len(norm) > len(ellipsis) + 2:
            forms.append((norm[: -len(ellipsis)], True))
    return forms


def _without_suffix(norm: str) -> list[tuple[str, bool]]:
    """The label without trailing bracketed suffixes, one at a time: "x(ssri)" -> "x"."""
    forms = []
    stripped = norm
    while stripped.endswith(")") and "(" in stripped:  # a trailing " (SSRI)" suffix
        depth, cut = 0, None
        for i in range(len(stripped) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(stripped[i], 0)
            if depth == 0:
                cut = i
                break
        if not cut:
            break
        stripped = stripped[:cut]
        forms.append((stripped, False))
    return forms


class RowIndex:
    """Where each text value occurs in the lesson's data, and each row's numbers."""

    def __init__(self, frames: Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame]) -> None:
        if not isinstance(frames, Mapping):
            frames = {str(f.attrs.get("name", i)): f for i, f in enumerate(frames)}
        self.rows: list[tuple[str, int, pd.Series]] = []
        self.keys: dict[str, set[int]] = {}
        self.numbers: list[np.ndarray] = []  # every numeric cell of the row
        self.measures: list[np.ndarray] = []  # cells of float ("number") columns only
        for name, frame in frames.items():
            numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
                       and not pd.api.types.is_bool_dtype(frame[c])]
            floats = [c for c in numeric if pd.api.types.is_float_dtype(frame[c])]
            texts = [c for c in frame.columns if c not in numeric]
            for position in range(len(frame)):
                row = frame.iloc[position]
                number = len(self.rows)
                self.rows.append((name, position, row))
                self.numbers.append(_floats(row[numeric]))
                self.measures.append(_floats(row[floats]))
                for column in texts:
                    value = row[column]
                    if isinstance(value, str) and value.strip():
                        self.keys.setdefault(normalise_label(value), set()).add(number)

    def rows_for(self, label: str) -> tuple[str | None, set[int]]:
        """The key a label names and the rows holding it (longest matching key wins)."""
        for form, prefix in _label_forms(label):
            if not form:
                continue
            if not prefix and form in self.keys:
                return form, set(self.keys[form])
            if prefix:
                keys = [k for k in self.keys if k.startswith(form)]
                if len(keys) == 1:
                    return keys[0], set(self.keys[keys[0]])
        return None, set()

    def describe(self, number: int) -> str:
        name, position, row = self.rows[number]
        cells = ", ".join(f"{c}={_short(row[c])}" for c in row.index[:5])
        return f"{name} row {position + 1} ({cells})"


def _floats(values: pd.Series) -> np.ndarray:
    out = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    return out[np.isfinite(out)]


def _short(value: Any, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _contains(values: np.ndarray, value: float) -> bool:
    if not len(values):
        return False
    return bool(np.any(np.isclose(values, value, rtol=REL_TOL, atol=0.0) | (values == value)))


# --------------------------------------------------------------------------- checks


BOUND_TEXT = re.compile(r"^\s*[<>≤≥]\s*[\d.,]+")
"""A bound's label, such as "> 25,000"."""


def _marks_a_direction(mark: Mark) -> bool:
    """An annotation whose anchor is not a value: an arrow without text (its ``xy`` is where
    it points, e.g. four times a "> 25,000" bound), or a bound's label anchored at that tip."""
    return mark.kind == "annotation" and (not (mark.text or "").strip()
                                          or bool(BOUND_TEXT.match(mark.text or "")))


def value_problems(fig: Figure, frames: Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame], *,
                   name: str | None = None, draw: bool = True) -> list[str]:
    """Marks whose value belongs to another category's row than the one they are drawn on.

    Also reports marks (points, lines, bars, error bars) on a category whose value
    lies outside the value axis' limits: fixed limits cut off a changed value.

    For each Axes with one categorical axis (the other numeric), every mark at a
    category position with value ``v``: if the label's rows hold ``v`` (any
    numeric column, relative tolerance 1e-9), fine; if ``v`` is in no row of
    the label but in a float column of a row that *another* label on the same
    axis names, that is a mismatch. Values in no such row are derived (check
    them with :func:`chart_signature`); labels that name no row are skipped.
    Charts with two categorical axes (matrices) have no values to check here.
    """
    index = RowIndex(frames)
    problems = []
    chart = f"{name}: " if name else ""
    for readback in read_figure(fig, draw=draw):
        for category, value_axis in ((readback.y, "x"), (readback.x, "y")):
            other = readback.x if category is readback.y else readback.y
            if category is None or other is not None:
                continue
            ax = readback.axes
            keys = {label: index.rows_for(label) for label in category.labels if label.strip()}
            view = sorted(ax.get_xlim() if value_axis == "x" else ax.get_ylim())
            reported: set[tuple[str, float, str]] = set()
            found: list[str] = []
            outside: list[str] = []
            for mark in readback.marks:
                position = mark.y if category.axis == "y" else mark.x
                value = mark.x if value_axis == "x" else mark.y
                label = category.label_at(position)
                if label is None or not label.strip():
                    continue
                if not _within(value, view):
                    if mark.kind in ("point", "line", "bar", "errorbar"):
                        outside.append(f"{_short(_one_line(label), 40)!r}: {value:,.6g}")
                    continue
                if _marks_a_direction(mark):
                    continue
                _, own = keys[label]
                if not own or any(_contains(index.numbers[r], value) for r in own):
                    continue
                owners = [(other_label, r) for other_label, (_, rows) in keys.items()
                          if other_label != label for r in sorted(rows - own)
                          if _contains(index.measures[r], value)]
                if not owners:
                    continue
                other_label, row = owners[0]
                key = (label, round(value, 12), other_label)
                if key in reported:
                    continue
                reported.add(key)
                found.append(
                    f"a {mark.kind} with value {value:,.6g} is drawn on the row labelled "
                    f"{_short(_one_line(label), 60)!r}, but that value belongs to "
                    f"{_short(_one_line(other_label), 60)!r} ({index.describe(row)}), "
                    "not to a row of its own label")
            if found:
                shown = found[:MAX_LISTED] + ([f"... and {len(found) - MAX_LISTED} more"]
                                              if len(found) > MAX_LISTED else [])
                problems.append(f"{chart}'{readback.title}': {len(found)} value(s) drawn on another "
                                "category's row:\n    " + "\n    ".join(shown))
            if outside:
                unique = list(dict.fromkeys(outside))
                problems.append(
                    f"{chart}'{readback.title}': {len(unique)} value(s) lie outside the "
                    f"{value_axis} axis limits ({view[0]:,.6g} to {view[1]:,.6g}), so are cut off: "
                    + "; ".join(unique[:MAX_LISTED]) + (" ..." if len(unique) > MAX_LISTED else ""))
    return problems


def _within(value: float, view: Sequence[float]) -> bool:
    """Whether a value lies within axis limits (with a relative tolerance)."""
    span = abs(view[1] - view[0])
    slack = max(span * 1e-9, abs(value) * REL_TOL)
    return view[0] - slack <= value <= view[1] + slack


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _renderer(fig: Figure) -> RendererBase:
    return fig.canvas.get_renderer()


def _drawn_tick_labels(axis: Axis) -> list[tuple[Text, str]]:
    """(text artist, side) of every tick label drawn on an axis, major and minor."""
    try:
        ticks = axis._update_ticks()  # only the ticks inside the view, as drawn
    except AttributeError:  # pragma: no cover - older matplotlib
        ticks = axis.get_major_ticks() + axis.get_minor_ticks()
    found = []
    for tick in ticks:
        if not tick.get_visible():
            continue
        for label, side in ((tick.label1, 1), (tick.label2, 2)):
            if label.get_visible() and label.get_text().strip():
                found.append((label, f"{axis.axis_name}{side}"))
    return found


def figure_texts(fig: Figure) -> Iterator[tuple[Text, str]]:
    """Every text the figure draws, with what it is ("axes title", "y tick label"...)."""
    for attr, what in (("_suptitle", "figure title"), ("_supxlabel", "figure x label / caption"),
                       ("_supylabel", "figure y label")):
        text = getattr(fig, attr, None)
        if text is not None:
            yield text, what
    for text in fig.texts:
        yield text, "figure text"
    for legend in fig.legends:
        yield from _legend_texts(legend)
    for ax in _all_axes(fig):
        if not ax.get_visible():
            continue
        for text, what in ((ax.title, "axes title"), (ax._left_title, "axes title"),
                           (ax._right_title, "axes title")):
            yield text, what
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                if not axis.get_visible():
                    continue
                yield axis.label, f"{axis.axis_name} axis label"
                yield axis.offsetText, f"{axis.axis_name} axis offset"
                for label, _ in _drawn_tick_labels(axis):
                    yield label, f"{axis.axis_name} tick label"
        for text in ax.texts:
            yield text, "annotation" if isinstance(text, Annotation) else "text"
        legend = ax.get_legend()
        if legend is not None:
            yield from _legend_texts(legend)


def _legend_texts(legend: Legend) -> Iterator[tuple[Text, str]]:
    if not legend.get_visible():
        return
    yield legend.get_title(), "legend title"
    for text in legend.get_texts():
        yield text, "legend entry"


def _drawn_extent(text: Text, renderer: RendererBase) -> Bbox | None:
    """The window extent a text is drawn in, or None when it is not drawn."""
    if not text.get_visible() or not text.get_text().strip() or text.figure is None:
        return None
    if isinstance(text, Annotation) and not text._check_xy(renderer):
        return None
    extent = text.get_window_extent(renderer=renderer)
    if text.get_clip_on() and text.get_clip_box() is not None:
        extent = Bbox.intersection(extent, text.get_clip_box())
    if extent is None or extent.width <= 0 or extent.height <= 0:
        return None
    return extent


def text_clipping_problems(fig: Figure, *, name: str | None = None, draw: bool = True) -> list[str]:
    """Texts that reach beyond the figure's edge (more than 1 px), so are cut off when shown."""
    if draw:
        fig.canvas.draw()
    renderer = _renderer(fig)
    box = fig.bbox
    chart = f"{name}: " if name else ""
    problems = []
    for text, what in figure_texts(fig):
        extent = _drawn_extent(text, renderer)
        if extent is None:
            continue
        beyond = {"left": box.x0 - extent.x0, "right": extent.x1 - box.x1,
                  "bottom": box.y0 - extent.y0, "top": extent.y1 - box.y1}
        cut = {side: px for side, px in beyond.items() if px > PIXEL_TOL}
        if cut:
            sides = ", ".join(f"{px:.0f} px beyond the {side} edge" for side, px in cut.items())
            problems.append(f"{chart}{what} {_short(_one_line(text.get_text()), 70)!r} is cut off: "
                            f"{sides} of the figure ({box.width:.0f} x {box.height:.0f} px)")
    return problems


def tick_overlap_problems(fig: Figure, *, name: str | None = None, draw: bool = True) -> list[str]:
    """Tick labels of one axis that overprint each other (overlap by more than 1 px both ways)."""
    if draw:
        fig.canvas.draw()
    renderer = _renderer(fig)
    chart = f"{name}: " if name else ""
    problems = []
    for ax in _all_axes(fig):
        if not ax.get_visible() or not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            by_side: dict[str, list[tuple[Text, Bbox]]] = {}
            for label, side in _drawn_tick_labels(axis):
                extent = _drawn_extent(label, renderer)
                if extent is not None:
                    by_side.setdefault(side, []).append((label, extent))
            for labels in by_side.values():
                pairs = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]
                         if min(_overlap(a[1], b[1])) > PIXEL_TOL]
                if pairs:
                    shown = "; ".join(f"{_short(_one_line(a[0].get_text()), 30)!r} and "
                                      f"{_short(_one_line(b[0].get_text()), 30)!r}" for a, b in pairs[:3])
                    problems.append(f"{chart}'{_title(ax)}': {len(pairs)} pair(s) of "
                                    f"{axis.axis_name} tick labels overprint each other "
                                    f"({len(labels)} labels), e.g. {shown}")
    return problems


def _overlap(a: Bbox, b: Bbox) -> tuple[float, float]:
    return (min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0))


def _data_artists(ax: Axes) -> Iterator[tuple[str, Any]]:
    """Plotted data of an Axes: data lines, scatter points, error bars, bars."""
    for line in ax.get_lines():
        if line.get_visible() and _data_parts(line.get_transform(), ax) == (True, True):
            yield "line", line
    for coll in ax.collections:
        if not coll.get_visible():
            continue
        if isinstance(coll, PathCollection) and _data_parts(coll.get_offset_transform(), ax) == (True, True):
            yield "points", coll
        elif isinstance(coll, LineCollection) and _data_parts(coll.get_transform(), ax) == (True, True):
            yield "segments", coll
    for container in ax.containers:
        if isinstance(container, BarContainer):
            for patch in container:
                if patch.get_visible():
                    yield "bar", patch


def _covered(kind: str, artist: Any, region: Bbox, renderer: RendererBase) -> int:
    """How many data marks of an artist lie in a (display) region."""
    inside = region.padded(-PIXEL_TOL)
    if inside.width <= 0 or inside.height <= 0:
        return 0
    if kind == "points":
        offsets = np.ma.asarray(artist.get_offsets())
        if not offsets.size:
            return 0
        shown = artist.get_offset_transform().transform(np.ma.filled(offsets.astype(float), np.nan))
        return int(sum(inside.contains(x, y) for x, y in shown if np.isfinite(x) and np.isfinite(y)))
    if kind == "line":
        data = _line_data(artist)
        if data is None or not len(data[0]):
            return 0
        shown = artist.get_transform().transform(np.column_stack(data))
        count = 0
        if artist.get_marker() not in (None, "", " ", "None", "none"):
            count += int(sum(inside.contains(x, y) for x, y in shown if np.isfinite(x) and np.isfinite(y)))
        if artist.get_linestyle() not in ("None", "", " ", "none") and len(shown) > 1:
            finite = shown[np.all(np.isfinite(shown), axis=1)]
            if len(finite) > 1 and MplPath(finite).intersects_bbox(inside, filled=False):
                count += 1
        return count
    if kind == "segments":
        count = 0
        for segment in artist.get_segments():
            segment = np.asarray(segment, dtype=float)
            if len(segment) > 1:
                shown = artist.get_transform().transform(segment)
                count += bool(MplPath(shown).intersects_bbox(inside, filled=False))
        return count
    if kind == "bar":
        extent = artist.get_window_extent(renderer)
        width, height = _overlap(extent, inside)
        return int(width > PIXEL_TOL and height > PIXEL_TOL)
    return 0


_NAMES = {"points": ("point", "points"), "line": ("line", "lines"),
          "segments": ("error-bar segment", "error-bar segments"), "bar": ("bar", "bars")}


def legend_problems(fig: Figure, *, name: str | None = None, draw: bool = True) -> list[str]:
    """Legends drawn over plotted data (markers, lines, bars) of the axes they sit on."""
    if draw:
        fig.canvas.draw()
    renderer = _renderer(fig)
    chart = f"{name}: " if name else ""
    problems = []
    legends = [(ax.get_legend(), [ax]) for ax in _all_axes(fig) if ax.get_legend() is not None]
    legends += [(legend, _all_axes(fig)) for legend in fig.legends]
    for legend, axes in legends:
        if not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer)
        for ax in axes:
            if not ax.get_visible():
                continue
            region = Bbox.intersection(box, ax.bbox)
            if region is None:
                continue
            covered = dict.fromkeys(("points", "line", "segments", "bar"), 0)
            for kind, artist in _data_artists(ax):
                covered[kind] += _covered(kind, artist, region, renderer)
            if any(covered.values()):
                what = ", ".join(f"{n} {_NAMES[k][n > 1]}" for k, n in covered.items() if n)
                entries = ", ".join(_one_line(t.get_text()) for t in legend.get_texts()[:3])
                problems.append(f"{chart}'{_title(ax)}': the legend ({_short(entries, 50)!r}) "
                                f"covers plotted data ({what})")
    return problems


def layout_problems(fig: Figure, *, name: str | None = None, draw: bool = True) -> list[str]:
    """Texts cut off at the figure edge, overprinting tick labels, legends over data."""
    if draw:
        fig.canvas.draw()
    return (text_clipping_problems(fig, name=name, draw=False)
            + tick_overlap_problems(fig, name=name, draw=False)
            + legend_problems(fig, name=name, draw=False))


def chart_problems(fig: Figure, frames: Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame], *,
                   name: str | None = None) -> list[str]:
    """Every problem of a chart: values on the wrong rows, and layout."""
    fig.canvas.draw()
    return (value_problems(fig, frames, name=name, draw=False)
            + layout_problems(fig, name=name, draw=False))


def assert_chart_ok(fig: Figure, frames: Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame],
                    name: str | None = None) -> None:
    """Raise AssertionError listing every problem :func:`chart_problems` finds."""
    problems = chart_problems(fig, frames, name=name)
    if problems:
        raise AssertionError(f"{len(problems)} chart problem(s):\n- " + "\n- ".join(problems))


# --------------------------------------------------------------------------- metamorphic


def _round(value: float) -> float:
    return float(f"{value:.9g}")


def chart_signature(fig: Figure, *, draw: bool = True) -> list[tuple[str, Counter]]:
    """What each categorical Axes says, independent of drawing order: (title, multiset).

    The multiset holds, for each mark on a category, ``(kind, label, value)`` (the
    value rounded to 9 significant digits), ``(kind, x label, y label)`` on a
    matrix of two categorical axes, and ``(text, label, text)`` for texts placed
    on a category. Two runs on data that differ only in row order must give
    equal signatures; a derived value drawn on the wrong row changes it.
    Axes without a categorical axis give an empty multiset.
    """
    signature = []
    for readback in read_figure(fig, draw=draw):
        items: Counter = Counter()
        if readback.x is not None or readback.y is not None:
            for mark in readback.marks:
                xl = readback.x.label_at(mark.x) if readback.x else None
                yl = readback.y.label_at(mark.y) if readback.y else None
                xs = normalise_label(xl) if xl is not None else None
                ys = normalise_label(yl) if yl is not None else None
                where = xs if xs is not None else ys
                if mark.kind in ("text", "annotation") and mark.text and mark.text.strip():
                    if where is not None:
                        items[("text", where, " ".join(mark.text.split()))] += 1
                    if mark.kind == "text":
                        continue
                if readback.x and readback.y:
                    if xs is not None and ys is not None:
                        items[(mark.kind, xs, ys)] += 1
                elif readback.y and ys is not None:
                    items[(mark.kind, ys, _round(mark.x))] += 1
                elif readback.x and xs is not None:
                    items[(mark.kind, xs, _round(mark.y))] += 1
        signature.append((readback.title, items))
    return signature


def compare_signatures(expected: Sequence[tuple[str, Counter]], actual: Sequence[tuple[str, Counter]],
                       *, name: str | None = None, limit: int = 6) -> list[str]:
    """Differences between two :func:`chart_signature` results (same chart, reordered data).

    Axes are matched by title when the titles are unique (a chart with one
    panel per data row may order its panels by the data), else by position.
    """
    chart = f"{name}: " if name else ""
    if len(expected) != len(actual):
        return [f"{chart}{len(actual)} axes instead of {len(expected)}"]
    titles = [t for t, _ in expected]
    if len(set(titles)) == len(titles) and sorted(titles) == sorted(t for t, _ in actual):
        # panels may come in another order (one per row of a reordered table): match by title
        actual = sorted(actual, key=lambda pair: titles.index(pair[0]))
    problems = []
    for (title, want), (_, got) in zip(expected, actual, strict=True):
        if want == got:
            continue
        missing, extra = want - got, got - want
        problems.append(
            f"{chart}'{title}' draws other things on its categories when only the row order of the "
            f"data changes: {sum(missing.values())} mark(s) no longer drawn, e.g. "
            f"{_items(missing, limit)}; {sum(extra.values())} new, e.g. {_items(extra, limit)}")
    return problems


def _items(counter: Counter, limit: int) -> str:
    shown = [f"{kind} {label!r}: {value!r}" for (kind, label, value) in sorted(counter, key=str)[:limit]]
    return "[" + "; ".join(shown) + ("; ..." if len(counter) > limit else "") + "]"


def problems_of(figures: Iterable[Any], frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """All problems of the figures of a lesson run, each named: ``problems_of(run.figures, run.frames)``."""
    found = []
    for shown in figures:
        found += chart_problems(shown.figure, frames, name=shown.name)
    return found
