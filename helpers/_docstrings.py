"""Parameter descriptions that several drawing functions share, written once.

As seaborn does (``seaborn/_docstrings.py``), a docstring names a shared block by a
placeholder on a line of its own, ``{ax_draw}`` under a function's "Parameters"
heading, and :func:`fill_doc` (a decorator) puts the block there, indented like
the placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

__all__: list[str] = []  # nothing here is part of the lessons' namespace

FRAGMENTS = {
    "ax_draw": """\
ax : Axes or None
    Axes to draw on (default: the current axes).""",
    "ax_figure": """\
ax : Axes
    Any axes of the figure; the text goes under the whole figure.""",
    "data_dir": """\
data_dir : path-like or None
    Where datasets given by name are read: a teacher's copy of ``data/``, or
    None for the shipped ``data/`` (relative paths from the working directory).""",
}
"""Each shared block, by the placeholder's name."""

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>[a-z_]+)\}[ \t]*$", re.MULTILINE)

F = TypeVar("F", bound=Callable[..., object])


def fill_doc(function: F) -> F:
    """Replace each ``{name}`` line of ``function``'s docstring by ``FRAGMENTS[name]``.

    Parameters
    ----------
    function : callable
        A function whose docstring holds placeholders on lines of their own.

    Returns
    -------
    callable
        The same function, its ``__doc__`` filled in.

    Raises
    ------
    KeyError
        A placeholder names no fragment.

    Examples
    --------
    >>> @fill_doc
    ... def f(ax=None):
    ...     '''Draw.
    ...
    ...     {ax_draw}
    ...     '''
    >>> print(f.__doc__.splitlines()[3])
            Axes to draw on (default: the current axes).
    """

    def block(match: re.Match[str]) -> str:
        indent = match["indent"]
        return "\n".join(indent + line if line else line
                         for line in FRAGMENTS[match["name"]].splitlines())

    if function.__doc__:
        function.__doc__ = _PLACEHOLDER.sub(block, function.__doc__)
    return function
