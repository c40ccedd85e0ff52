"""House style, source captions, and drawing of censored values.

Chart code that teaches stays in the notebooks; this module holds what every
chart repeats (style, the source line, the "illustrative" label) and the one
drawing that would distract there: censored values shown as bounds.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Iterable, Mapping, Sequence
from contextlib import suppress
from os import PathLike
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, LogFormatter, LogLocator

from helpers.layout import legend_outside, wrap_label
from helpers.provenance import is_illustrative, short_source

__all__ = [
    "ALT_TEXT_KEY",
    "MARKERS",
    "STYLE_FILE",
    "caption",
    "censored_scatter",
    "footnote",
    "label_illustrative",
    "log_scale",
    "row_axis",
    "show",
    "use_style",
]

STYLE_FILE = Path(__file__).with_name("style.mplstyle")
"""The house style, shipped inside the package."""

MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
"""Marker per series, so that series differ by shape as well as colour."""

ILLUSTRATIVE_LABEL = "ILLUSTRATIVE: shape only, not measured data"

BOUND_LABEL_SIZE = 7.0
"""Font size (points) of a bound's value label in :func:`censored_scatter`."""

FOOTNOTE_GID = "source-caption"
"""Artist id of the figure's source line and notes (kept in the SVG)."""

_NOTE_STYLE = {"x": 0.0, "ha": "left", "va": "bottom", "fontsize": 7, "color": "#333333",
               "gid": FOOTNOTE_GID}

ALT_TEXT_KEY = "fluvoxamine-workshop/alt-text"
"""Output metadata key marking a figure's text alternative (read by the handout build)."""


def use_style() -> None:
    """Apply the house style (colour-blind-safe, legible in grayscale print).

    Figures are laid out by constrained layout, which keeps every label, legend
    and footnote inside the figure; so figures are saved, and in a notebook
    shown, at exactly their ``figsize``. The notebook's default of re-cropping
    each figure to its "tight" box cost a fifth of the drawing time. This holds
    for the rest of the kernel's life: text placed outside the figure by hand
    (``fig.text`` at a negative position) is cut off; use :func:`footnote`.
    """
    plt.style.use(STYLE_FILE)
    _show_inline_figures_uncropped()


def _show_inline_figures_uncropped() -> None:
    """In IPython, have inline figures drawn with ``savefig.bbox`` (no tight re-crop).

    Sets the inline backend's own setting, so it holds whether or not the backend
    has been loaded yet; a setting other than the default ``"tight"`` is left alone.
    """
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from matplotlib_inline.config import InlineBackend

    settings = InlineBackend.instance(parent=shell)
    if settings.print_figure_kwargs.get("bbox_inches", "tight") == "tight":
        settings.print_figure_kwargs = {**settings.print_figure_kwargs, "bbox_inches": None}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value: float, position: int | None = None) -> str:
    """Label a decade tick as plain text: ``1``, ``10``, ``10³``, ``10⁻²``.

    Any other value is written with Python's ``{:,g}`` format (``2,000``,
    ``0.25``). Unicode superscripts need no mathtext, which matplotlib's default
    log labels parse at every draw.

    Examples
    --------
    >>> [power_of_ten(v) for v in (0.01, 1, 10, 1000, 1e6, 250)]
    ['10⁻²', '1', '10', '10³', '10⁶', '250']
    """
    exponent = round(math.log10(value)) if value > 0 and math.isfinite(value) else None
    if exponent is None or not math.isclose(value, 10.0 ** exponent, rel_tol=1e-9):
        return f"{value:,g}"
    return {0: "1", 1: "10"}.get(exponent, "10" + str(exponent).translate(_SUPERSCRIPT))


def log_scale(ax: Axes, axis: str = "x") -> Axes:
    """Put one axis on a log scale, labelled at the decades, minor ticks at 2 and 5.

    Use it instead of ``ax.set_xscale("log")``. The decades read ``1``, ``10``,
    ``10²`` and so on (see :func:`power_of_ten`); minor ticks mark 2x and 5x each
    decade. Matplotlib's default eight minor ticks a decade look much the same
    in print but cost about 0.15 s per eight-decade axis at every draw.

    Parameters
    ----------
    ax : Axes
    axis : {"x", "y"}

    Returns
    -------
    Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = log_scale(ax)
    >>> ax.get_xscale(), ax.xaxis.get_major_formatter()(1000)
    ('log', '10³')
    >>> plt.close(fig)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}")
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    which = ax.xaxis if axis == "x" else ax.yaxis
    which.set_major_formatter(FuncFormatter(power_of_ten))
    which.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    # Minor ticks get plain-text labels only on an axis of about a decade or less.
    which.set_minor_formatter(LogFormatter(labelOnlyBase=False))
    return ax


def label_illustrative(ax: Axes, text: str = ILLUSTRATIVE_LABEL) -> Axes:
    """Write a conspicuous "illustrative" label inside the axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> label_illustrative(ax).texts[-1].get_text()
    'ILLUSTRATIVE: shape only, not measured data'
    >>> plt.close(fig)
    """
    ax.text(0.5, 0.97, text, transform=ax.transAxes, ha="center", va="top", fontsize=9,
            fontweight="bold", color="#7a0000",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#7a0000",
                  "alpha": 0.9}, gid="illustrative-label", in_layout=False)
    return ax


def caption(ax: Axes, *datasets: str | pd.DataFrame, data_dir: str | PathLike[str] | None = None,
            note: str | None = None) -> Axes:
    """Write the source line under the figure, and "illustrative" where it applies.

    Parameters
    ----------
    ax : Axes
        Any axes of the figure; the caption goes under the whole figure.
    *datasets : str or DataFrame
        The datasets drawn, by name or as loaded frames (their ``attrs`` are used).
    data_dir : path-like or None
        Data directory for datasets given by name.
    note : str or None
        Extra text, e.g. ``"derived: ratio recomputed from Table 1"``.

    Returns
    -------
    Axes
        ``ax``, for chaining as seaborn does.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> caption(ax, "sigma_affinity").figure.get_supxlabel()
    'Source: IMN March 2007, Table 1; Narita et al., Eur J Pharmacol 1996'
    >>> plt.close(fig)
    """
    parts = [short_source(d, data_dir) for d in datasets]
    text = "Source: " + "; ".join(dict.fromkeys(parts))
    if note:
        text += f". {note}"
    if any(is_illustrative(d, data_dir) for d in datasets):
        text = "Illustrative values, not data. " + text
        label_illustrative(ax)
    return footnote(ax, text)


def footnote(ax: Axes, text: str) -> Axes:
    """Write a small note under the whole figure, inside the image.

    :func:`caption` writes the source line with it; call it directly for notes
    that name no dataset (a model's made-up parameters). Several notes stack,
    one paragraph each. The figure's layout engine makes room for them (a
    figure without constrained layout is switched to it, where its colorbars
    allow), so the note is never cut off, whatever the figure is saved or shown
    with.

    Parameters
    ----------
    ax : Axes
        Any axes of the figure.
    text : str
        The note; it is wrapped to the figure's width.

    Returns
    -------
    Axes
        ``ax``, for chaining.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> print(footnote(footnote(ax, "Made-up parameters."), "Second note.").figure.get_supxlabel())
    Made-up parameters.
    Second note.
    >>> plt.close(fig)
    """
    fig = ax.figure
    # Wrapped here, once, to the figure's width (about 18 characters an inch at 7 pt):
    # matplotlib's own wrap=True re-measures the text at every draw.
    text = textwrap.fill(text, width=max(40, int(fig.get_figwidth() * 18)))
    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        with suppress(RuntimeError):  # colorbars made under another engine forbid it
            fig.set_layout_engine("constrained")
    label = fig._supxlabel
    if label is not None and label.get_gid() == FOOTNOTE_GID:
        label.set_text(f"{label.get_text()}\n{text}")
    elif label is None and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        # The layout engine reserves room for a figure-level x label under all axes.
        fig.supxlabel(text, **_NOTE_STYLE)
    else:  # the figure's own supxlabel, or an engine that cannot be switched
        _note_in_a_kept_strip(fig, text)
    return ax


def _note_in_a_kept_strip(fig: Figure, text: str) -> None:
    """A note at the figure's bottom edge, in a strip the layout leaves free.

    Used when the supxlabel is taken or constrained layout cannot be had (a
    colorbar made under tight layout): the layout engine's ``rect`` (or the
    subplot parameters) keep the axes above the strip, and one's own supxlabel
    is lifted above the notes.
    """
    note = next((t for t in fig.texts if t.get_gid() == FOOTNOTE_GID), None)
    if note is None:
        note = fig.text(y=0.0, s=text, **_NOTE_STYLE)
    else:
        note.set_text(f"{note.get_text()}\n{text}")
    strip = _lines_height(fig, note.get_text(), note.get_fontsize())
    label = fig._supxlabel
    if label is not None and label.get_in_layout():
        label._autopos = False  # constrained layout would put it back at the bottom edge
        label.set(y=strip, va="bottom")
        strip += _lines_height(fig, label.get_text(), label.get_fontsize())
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, strip, 1, 1 - strip))  # left, bottom, width, height
    elif engine is not None and "rect" in engine.get():
        engine.set(rect=(0, strip, 1, 1))  # tight layout: left, bottom, right, top
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, strip + 0.1))


def _lines_height(fig: Figure, text: str, size: float) -> float:
    """Height of ``text`` at ``size`` points (1.2 line spacing, 4 pt gap), as a figure fraction."""
    return ((text.count("\n") + 1) * 1.2 * size + 4) / 72 / fig.get_figheight()


def show(fig: Figure | None = None, *, alt: str) -> None:
    """Show a finished figure, followed by its text alternative.

    Use it instead of ``plt.show()`` as a chart cell's last line. The text
    alternative says what a sighted reader takes from the chart (type, axes and
    units, key values, conclusion); it is shown under the figure in the
    notebook and carried into the handouts as the image's description. A figure
    labelled illustrative gets "Illustrative values, not data." added.

    Parameters
    ----------
    fig : Figure or None
        The figure (default: the current figure).
    alt : str
        The text alternative; must not be empty.

    Raises
    ------
    ValueError
        ``alt`` is empty.
    """
    if not alt or not alt.strip():
        raise ValueError("every figure needs a text alternative: show(fig, alt='...')")
    from IPython.display import Markdown, display

    fig = fig if fig is not None else plt.gcf()
    text = alt.strip()
    illustrative = any(t.get_gid() == "illustrative-label" for ax in fig.axes for t in ax.texts)
    if illustrative and "illustrative" not in text.lower():
        text += " Illustrative values, not data."
    plt.show()
    display(Markdown(f"*Figure description:* {text}"), metadata={ALT_TEXT_KEY: text})


ROW_HEIGHT = 0.34
"""Height of a one-line row, in inches (as :func:`helpers.layout.row_chart_size` sizes it)."""

LINE_HEIGHT = 0.17
"""Height of each line of a wrapped row label, in inches (as ``row_chart_size``)."""


def row_axis(ax: Axes, labels: Mapping[Hashable, str] | Iterable[str]) -> dict[Hashable, float]:
    """Lay out one row per item on the y axis, top to bottom, and say where each row is.

    Plot each value at ``rows[key]``: the value is then on its own item's row
    by name, whatever the order of the data. A label wrapped onto several
    lines (:func:`helpers.layout.wrap_label`) gets a taller row, so labels
    never overprint; a figure sized with :func:`helpers.layout.row_chart_size`
    for the same labels has room for every row. One-line labels sit at
    0, 1, 2, ... as on a categorical axis.

    Parameters
    ----------
    ax : Axes
        The axes; its y ticks, tick labels and limits are set (first row at the top).
    labels : mapping of key to label, or iterable of str
        Each row's key (e.g. a drug name) and the label drawn for it, in row
        order; an iterable of labels uses each label as its own key.

    Returns
    -------
    dict
        Each key's y position (data units).

    Raises
    ------
    ValueError
        Two rows with the same key (an iterable with a repeated label).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> rows = row_axis(ax, {"Fluvoxamine": "Fluvoxamine (SSRI)", "Sertraline": "Sertraline"})
    >>> rows, [t.get_text() for t in ax.get_yticklabels()], tuple(map(float, ax.get_ylim()))
    ({'Fluvoxamine': 0.0, 'Sertraline': 1.0}, ['Fluvoxamine (SSRI)', 'Sertraline'], (1.5, -0.5))
    >>> plt.close(fig)
    """
    if isinstance(labels, Mapping):
        items = list(labels.items())
    else:
        texts = [str(label) for label in labels]
        items = list(zip(texts, texts, strict=True))
    keys = [key for key, _ in items]
    if len(set(keys)) != len(keys):
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        raise ValueError(f"row_axis: {', '.join(repeated)} given for more than one row")
    rows, top = {}, -0.5
    for key, label in items:
        lines = str(label).count("\n") + 1
        height = max(1.0, (lines * LINE_HEIGHT + 0.08) / ROW_HEIGHT)  # in one-line rows
        rows[key] = top + height / 2
        top += height
    ax.set_yticks(list(rows.values()), [str(label) for _, label in items])
    ax.set_ylim(top, -0.5)
    return rows


def censored_scatter(data: pd.DataFrame, x: str, y: str, hue: str | None = None,
                     qualifier: str = "qualifier", order: Sequence[str] | None = None,
                     hue_order: Sequence[str] | None = None, dodge: float = 0.18,
                     ax: Axes | None = None, legend: bool = True,
                     label_size: float = BOUND_LABEL_SIZE) -> Axes:
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
    Long category names are wrapped (:func:`helpers.layout.wrap_label`); size
    the figure with :func:`helpers.layout.row_chart_size` for many rows.

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
    ax : Axes or None
        Axes to draw on (default: the current axes).
    legend : bool
        Draw a legend to the right of the axes, off the data (its handles stay
        available as ``ax.get_legend().legend_handles`` for a figure legend).
    label_size : float
        Font size of the bounds' value labels, in points. A handout prints a
        chart ``W`` inches wide at 6.69 / ``W`` of its size (A4 text width):
        keep ``label_size * 6.69 / W >= 6``, e.g. 7 pt up to 7.8 inches.

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
        ax.scatter(rows.loc[exact, x], positions[exact], color=colour, marker=marker, zorder=3)
        for value, position, sign in zip(rows.loc[~exact, x], positions[~exact],
                                         rows.loc[~exact, qualifier], strict=True):
            _draw_bound(ax, value, position, sign, colour, marker, label_size)
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
        siblings = [getattr(other, "_category_order", None)
                    for other in ax.get_shared_y_axes().get_siblings(ax) if other is not ax]
        known = next((o for o in siblings if o), None)
        chosen = known if known is not None else list(dict.fromkeys(values))
        unseen = sorted(set(values) - set(chosen))
        if unseen:
            raise ValueError(f"{', '.join(map(str, unseen))} not in the rows of the panels that "
                             "share this y axis: pass order=[...] with every category")
    ax._category_order = chosen
    return chosen


def _draw_bound(ax: Axes, value: float, position: float, sign: str, colour: str,
                marker: str, label_size: float = 7.0) -> None:
    """An open marker at a bound, with an arrow pointing where the true value lies."""
    factor = 4.0 if sign == ">" else 0.25
    ax.annotate("", xy=(value * factor, position), xytext=(value, position),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5}, zorder=2)
    ax.scatter([value], [position], facecolors="white", edgecolors=colour, marker=marker,
               linewidths=1.5, zorder=4)
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
        self._bound, self._tip, self._outward = bound, tip, 1 if sign == ">" else -1
        super().__init__(text, xy=tip, xytext=(0.0, 0.0), textcoords="offset points",
                         va="center", annotation_clip=False, **kwargs)
        self.side = "beyond"
        self._set_side("beyond")

    def _set_side(self, side: str) -> None:
        beyond = side == "beyond"
        self.xy = self._tip if beyond else self._bound
        step = self.GAP_PT if beyond else -self.MARKER_GAP_PT
        self.xyann = (step * self._outward, 0.0)
        self.set_horizontalalignment("left" if (self._outward > 0) == beyond else "right")
        self.side = side

    def _cost(self, renderer: object) -> tuple[float, int]:
        """(pixels past the axes' left or right edge, other markers the label covers)."""
        extent = Annotation.get_window_extent(self, renderer)
        box = self.axes.bbox
        overhang = max(0.0, extent.x1 - box.x1, box.x0 - extent.x0)
        near = extent.padded(self.MARKER_RADIUS_PT * self.figure.dpi / 72)
        own = self.axes.transData.transform(self._bound)
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
        renderer = renderer if renderer is not None else self.figure._get_renderer()
        self._set_side("beyond")
        beyond = self._cost(renderer)
        if beyond != (0.0, 0):
            self._set_side("before")
            if self._cost(renderer) >= beyond:
                self._set_side("beyond")
        return self.side

    def get_window_extent(self, renderer: object | None = None) -> object:
        self.place(renderer)
        return super().get_window_extent(renderer)

    def draw(self, renderer: object) -> None:
        self.place(renderer)
        super().draw(renderer)
