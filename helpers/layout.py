"""Charts that hold whatever data a teacher gives them.

A chart with one row per drug must grow with the number of drugs, keep a long
name (a chemical name pasted from a database) readable without squeezing the
plot, and keep its legend off the data. These helpers size a figure from its
row labels, give each row its place on the y axis, wrap labels and titles at
word and hyphen boundaries, and place a legend outside the axes, where
constrained layout keeps it inside the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.legend import Legend

__all__ = ["LABEL_WIDTH", "keep_inside", "legend_outside", "row_axis", "row_chart_size",
           "wrap_label", "wrap_title"]

LABEL_WIDTH = 24
"""Characters per line of a wrapped category label."""

_POINTS_PER_INCH = 72.0
_CHAR_WIDTH_EM = 0.6
"""Width of an average character of the house font, in em (a generous estimate)."""

ROW_HEIGHT = 0.34
"""Height of a one-line row, in inches (:func:`row_chart_size` and :func:`row_axis`)."""

LINE_HEIGHT = 0.17
"""Height of each line of a wrapped row label, in inches (as :data:`ROW_HEIGHT`)."""


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a category label onto lines of at most ``width`` characters.

    Lines break at spaces and after hyphens; a single word longer than
    ``width`` is cut. Joining the lines without the line breaks (and the
    spaces they replaced) gives back the label.

    Parameters
    ----------
    text : str
        The label, e.g. a drug name.
    width : int
        Characters per line.

    Returns
    -------
    str
        The label with line breaks between lines.

    Examples
    --------
    >>> wrap_label("Fluvoxamine")
    'Fluvoxamine'
    >>> print(wrap_label("(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one", 20))
    (E)-5-methoxy-1-[4-
    (trifluoromethyl)phe
    nyl]pentan-1-one
    """
    text = str(text)
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=True,
                                   break_long_words=True)) or text


def row_chart_size(labels: Sequence[str], width: float = 7.0, *,
                   row_height: float = ROW_HEIGHT, line_height: float = LINE_HEIGHT,
                   extra_height: float = 1.9, min_height: float = 2.6) -> tuple[float, float]:
    """Figure size for a chart with one row per label, growing with the rows.

    Parameters
    ----------
    labels : sequence of str
        The row labels as they will be drawn (wrapped already, with line breaks).
    width : float
        Figure width in inches.
    row_height : float
        Height of a one-line row, in inches.
    line_height : float
        Height of each further line of a wrapped label, in inches.
    extra_height : float
        Room for title, axis label, source line (inches).
    min_height : float
        The smallest figure height (inches).

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches, for ``plt.subplots(figsize=...)``.

    Examples
    --------
    >>> row_chart_size(["a"] * 8)
    (7.0, 4.62)
    >>> row_chart_size(["a"] * 40)[1] > row_chart_size(["a"] * 8)[1]
    True
    """
    rows = sum(max(row_height, (str(label).count("\n") + 1) * line_height + 0.08)
               for label in labels)
    return width, round(max(min_height, rows + extra_height), 2)


def wrap_title(ax: Axes, text: str, **kwargs: Any) -> Any:
    """Set an axes title, wrapped to fit the figure's width.

    Parameters
    ----------
    ax : Axes
        The axes.
    text : str
        The title.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.set_title`.

    Returns
    -------
    matplotlib.text.Text
        The title artist.
    """
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=kwargs.get("fontsize", rcParams["axes.titlesize"])).get_size()
    width_in = ax.figure.get_figwidth() * ax.get_position().width
    chars = max(20, int(width_in * _POINTS_PER_INCH / (size * _CHAR_WIDTH_EM)))
    return ax.set_title(textwrap.fill(text, width=chars), **kwargs)


def legend_outside(ax: Axes, **kwargs: Any) -> Legend:
    """Draw the axes' legend to the right of the plot, off the data.

    Constrained layout counts the legend, so it stays inside the figure and
    the plot narrows to make room.

    Parameters
    ----------
    ax : Axes
        The axes whose handles the legend shows.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.legend` (e.g. ``title``).

    Returns
    -------
    Legend
        The legend.
    """
    options = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
    return ax.legend(**{**options, **kwargs})


def keep_inside(ax: Axes, note: Any, placements: Sequence[dict[str, Any]],
                wrap_width: int = 26) -> Any:
    """Move an annotation to the first placement where it lies inside its axes.

    A note beside a marker can run over the row labels when a long name
    narrows the plot. The figure is drawn (so constrained layout has placed
    the axes), then each placement is tried in turn, first as written and then
    with the note's text wrapped to ``wrap_width`` characters; the note is kept
    out of the layout, so moving it does not move the axes.

    Parameters
    ----------
    ax : Axes
        The axes the note must stay inside.
    note : matplotlib.text.Annotation
        The note, as returned by :meth:`~matplotlib.axes.Axes.annotate`.
    placements : sequence of dict
        Each with ``xy`` (data coordinates), ``xytext`` (offset in points) and
        ``ha`` (horizontal alignment), the first being the preferred one.
    wrap_width : int
        Characters per line when the note must be narrowed.

    Returns
    -------
    matplotlib.text.Annotation
        The note, moved (it stays at the last placement tried if none fits).
    """
    note.set_in_layout(False)
    fig = ax.figure
    texts = [note.get_text(), textwrap.fill(" ".join(note.get_text().split()), wrap_width)]
    for text in texts:
        note.set_text(text)
        for placement in placements:
            note.xy = placement["xy"]
            note.set_position(placement["xytext"])
            note.set_horizontalalignment(placement["ha"])
            fig.canvas.draw()
            box = note.get_window_extent()
            inside = ax.get_window_extent()
            if box.x0 >= inside.x0 - 0.5 and box.x1 <= inside.x1 + 0.5:
                return note
    return note


def row_axis(ax: Axes, labels: Mapping[Hashable, str] | Iterable[str]) -> dict[Hashable, float]:
    """Lay out one row per item on the y axis, top to bottom, and say where each row is.

    Plot each value at ``rows[key]``: the value is then on its own item's row
    by name, whatever the order of the data. A label wrapped onto several
    lines (:func:`wrap_label`) gets a taller row, so labels
    never overprint; a figure sized with :func:`row_chart_size`
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
