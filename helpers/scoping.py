"""Keep sentences about the newsletter's values honest when the data change.

A lesson's prose may describe the shipped values ("fluvoxamine binds sigma-1
most tightly"). Where such a sentence is not computed from the loaded data,
it is scoped to the newsletter's values, and :func:`flag_changed`, placed just
before it, shows a visible note when the loaded data differ from the shipped
data (and nothing otherwise). :func:`matches_shipped` lets a caption such as
"values exactly as in the newsletter" stand only above unchanged values.
"""

from __future__ import annotations

import pandas as pd

from helpers.changes import compare_with_shipped
from helpers.rich import BoxedNote

__all__ = ["ChangedDataNote", "changed_datasets", "flag_changed", "matches_shipped"]


def matches_shipped(*frames: pd.DataFrame) -> bool:
    """Whether every loaded dataset holds exactly the shipped values.

    Row order is ignored (the lessons join by key), every value and every row
    counts. The comparison is the one the banner lists
    (:func:`helpers.changes.compare_with_shipped`, computed once per frame); a
    changed kind of value or source list alone does not count.

    Parameters
    ----------
    *frames : DataFrame
        Datasets as returned by :func:`helpers.load` (their ``attrs["name"]``
        names the resource).

    Returns
    -------
    bool
        True when each frame has the shipped columns (in order and type), rows
        and values; False for a dataset the shipped data lack.

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
    for frame in frames:
        if not frame.attrs.get("name"):
            raise ValueError("matches_shipped needs datasets loaded with helpers.load")
        if not compare_with_shipped(frame).values_match:
            return False
    return True


class ChangedDataNote(BoxedNote):
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

    BOX_CLASS = "changed-data-note"

    def __init__(self, changed: list[str], scope: str) -> None:
        self.changed = changed
        self.scope = scope

    def __bool__(self) -> bool:
        return bool(self.changed)

    def to_text(self) -> str:
        """The note as one sentence ('' when nothing changed)."""
        if not self.changed:
            return ""
        return (f"CHANGED DATA: {self.scope} describes the newsletter's values; the data used "
                f"here differ ({', '.join(self.changed)}), so check each statement against "
                "the tables and charts computed above.")

    text = to_text

    def __repr__(self) -> str:
        return self.to_text()


def changed_datasets(*frames: pd.DataFrame) -> list[str]:
    """Names of the given datasets whose values differ from the shipped data.

    Parameters
    ----------
    *frames : DataFrame
        Datasets as returned by :func:`helpers.load`.

    Returns
    -------
    list of str
        Their ``attrs["name"]``, in argument order, for those that do not
        :func:`matches_shipped` (an empty list when all match).

    Raises
    ------
    ValueError
        A frame not returned by :func:`helpers.load`.

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
