"""Show a finished chart with its text alternative, in the notebook and in the handouts."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers.project import ALT_TEXT_KEY, ILLUSTRATIVE_GID

__all__ = ["show"]


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
    illustrative = any(t.get_gid() == ILLUSTRATIVE_GID for ax in fig.axes for t in ax.texts)
    if illustrative and "illustrative" not in text.lower():
        text += " Illustrative values, not data."
    plt.show()
    display(Markdown(f"*Figure description:* {text}"), metadata={ALT_TEXT_KEY: text})
