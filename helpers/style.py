"""The house style: colours, fonts and sizes, series markers, and log axes labelled in plain text.

Every chart calls :func:`use_style` once (a lesson's setup cell does) and draws a
log axis with :func:`log_scale`, whose decades read ``1``, ``10``, ``10³``.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogFormatter, LogLocator

__all__ = ["MARKERS", "STYLE_FILE", "log_scale", "power_of_ten", "use_style"]

STYLE_FILE = Path(__file__).with_name("style.mplstyle")
"""The house style, shipped inside the package."""

MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
"""Marker per series, so that series differ by shape as well as colour."""


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

    Parameters
    ----------
    value : float
        The tick's value.
    position : int or None
        The tick's index (matplotlib's ``FuncFormatter`` passes it; unused).

    Returns
    -------
    str
        The label.

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
