"""Keep sentences about the newsletter's values honest when the data change.

A lesson's prose may describe the shipped values ("fluvoxamine binds sigma-1
most tightly"). Where such a sentence is not computed from the loaded data,
it is scoped to the newsletter's values, and :func:`flag_changed`, placed just
before it, shows a visible note when the loaded data differ from the shipped
data (and nothing otherwise). :func:`matches_shipped` lets a caption such as
"values exactly as in the newsletter" stand only above unchanged values.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import pandas as pd

__all__ = ["ChangedDataNote", "changed_datasets", "flag_changed", "matches_shipped"]


def _rows(frame: pd.DataFrame) -> Counter[tuple[str, ...]]:
    """The frame's rows as a multiset of text tuples (row order ignored)."""
    text = frame.astype(object).where(frame.notna(), None).astype(str)
    return Counter(map(tuple, text.to_numpy().tolist()))


def matches_shipped(*frames: pd.DataFrame) -> bool:
    """Whether every loaded dataset holds exactly the shipped values.

    Row order is ignored (the lessons join by key), every value and every row
    counts.

    Parameters
    ----------
    *frames : DataFrame
        Datasets as returned by :func:`helpers.load` (their ``attrs["name"]``
        names the resource).

    Returns
    -------
    bool
        True when each frame has the shipped columns, rows and values.

    Raises
    ------
    ValueError
        A frame without ``attrs["name"]`` (not from :func:`helpers.load`).

    Examples
    --------
    >>> from helpers.data import load
    >>> affinity = load("sigma_affinity")
    >>> matches_shipped(affinity), matches_shipped(affinity.iloc[::-1])
    (True, True)
    >>> changed = affinity.copy(); changed.attrs = affinity.attrs
    >>> changed.loc[0, "ki_sigma1_nm"] = 300
    >>> matches_shipped(changed)
    False
    """
    from helpers.data import load

    for frame in frames:
        name = frame.attrs.get("name")
        if not name:
            raise ValueError("matches_shipped needs datasets loaded with helpers.load")
        shipped = load(name)
        if list(frame.columns) != list(shipped.columns) or _rows(frame) != _rows(shipped):
            return False
    return True


class ChangedDataNote:
    """A note shown above prose that describes the newsletter's values.

    Displays as nothing when the data are the shipped ones, and as a visible
    box naming the changed datasets otherwise.

    Parameters
    ----------
    changed : list of str
        Names of the datasets that differ from the shipped data.
    scope : str
        What the note is about, e.g. ``"The paragraph below"``.
    """

    def __init__(self, changed: list[str], scope: str) -> None:
        self.changed = changed
        self.scope = scope

    def __bool__(self) -> bool:
        return bool(self.changed)

    def text(self) -> str:
        """The note as one sentence ('' when nothing changed)."""
        if not self.changed:
            return ""
        return (f"CHANGED DATA: {self.scope} describes the newsletter's values; the data used "
                f"here differ ({', '.join(self.changed)}), so check each statement against "
                "the tables and charts computed above.")

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text(),
                "text/html": ('<div class="changed-data-note" style="border: 3px solid #d55e00; '
                              'background: #fff3e0; padding: 0.4em 1em;"><strong>'
                              f"{html.escape(self.text())}</strong></div>"),
                "text/markdown": f"**{self.text()}**"}


def changed_datasets(*frames: pd.DataFrame) -> list[str]:
    """Names of the given datasets whose values differ from the shipped data.

    Examples
    --------
    >>> from helpers.data import load
    >>> changed_datasets(load("sigma_affinity"))
    []
    """
    return [f.attrs["name"] for f in frames if not matches_shipped(f)]


def flag_changed(*frames: pd.DataFrame, scope: str = "The text below") -> None:
    """Show a note above prose scoped to the newsletter's values, if the data changed.

    Put ``helpers.flag_changed(affinity)`` as the last line of the code cell
    just before a Markdown cell that describes the printed values. With the
    shipped data nothing is shown (the cell has no output).

    Parameters
    ----------
    *frames : DataFrame
        The datasets the prose describes (loaded with :func:`helpers.load`).
    scope : str
        The prose it refers to, e.g. ``"The paragraph below"``.
    """
    note = ChangedDataNote(changed_datasets(*frames), scope)
    if note:
        from IPython.display import display

        display(note)
