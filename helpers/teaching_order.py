"""Rows in the lesson's teaching order, whatever order the data file has.

A lesson draws its rows in a teaching order (the newsletter's drugs, the
text's categories). A teacher's copy may sort the sheet, add a row or remove
one: these functions take the rows from the data and put the known ones in the
lesson's order, new ones after them, so nothing breaks and nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["in_teaching_order", "sort_in_teaching_order"]


def in_teaching_order(values: Iterable[Any], known: Iterable[Any]) -> list[Any]:
    """The distinct values present, the lesson's known ones first in its order.

    A lesson draws its rows in a teaching order (the newsletter's drugs, the
    text's categories). A teacher who adds a row must see it drawn, and one who
    removes a row must not break the chart, so the rows are taken from the
    data: the known values that are present, in the known order, then any new
    value, in order of first appearance.

    Parameters
    ----------
    values : iterable
        The values in the data (e.g. a DataFrame column); repeats and missing
        values (NaN, None) are ignored.
    known : iterable
        The teaching order of the values the lesson knows about (a list, or the
        keys of a dict).

    Returns
    -------
    list
        Each value present exactly once: known ones in ``known`` order, then new
        ones as they first appear.

    Examples
    --------
    >>> in_teaching_order(["Fluvoxamine", "Newdrug", "Amitriptyline", "Fluvoxamine"],
    ...                   ["Amitriptyline", "Sertraline", "Fluvoxamine"])
    ['Amitriptyline', 'Fluvoxamine', 'Newdrug']
    """
    present = list(dict.fromkeys(v for v in values if v is not None and not (
        isinstance(v, float) and np.isnan(v)) and v is not pd.NA))
    order = list(dict.fromkeys(known))
    return [v for v in order if v in present] + [v for v in present if v not in order]


def sort_in_teaching_order(frame: pd.DataFrame,
                           orders: Mapping[str, Iterable[Any]]) -> pd.DataFrame:
    """The rows of a dataset sorted into the lesson's teaching order, column by column.

    Put right after loading, so that a teacher's sorted sheet changes nothing a
    lesson prints or draws: rows are ordered by the first column's teaching
    order, then the second's, and so on (see :func:`in_teaching_order`: known
    values in the known order, new values after them as they first appear).
    Rows equal on every listed column keep their order in the file.

    Parameters
    ----------
    frame : DataFrame
        A dataset (its ``attrs``, e.g. the provenance :func:`helpers.load`
        attaches, are kept).
    orders : mapping of str to iterable
        Column name to the teaching order of its known values, most significant
        column first, e.g. ``{"drug": ["Amitriptyline", "Fluvoxamine"]}``. An
        empty order sorts that column by first appearance.

    Returns
    -------
    DataFrame
        The same rows and columns, reordered, with a fresh 0..n-1 index.

    Raises
    ------
    KeyError
        A column of ``orders`` that ``frame`` does not have.

    Examples
    --------
    >>> frame = pd.DataFrame({"drug": ["Newdrug", "Fluvoxamine", "Amitriptyline"],
    ...                       "ki_nm": [5.0, 7500.0, 25.0]})
    >>> sort_in_teaching_order(frame, {"drug": ["Amitriptyline", "Fluvoxamine"]}).drug.tolist()
    ['Amitriptyline', 'Fluvoxamine', 'Newdrug']
    """
    missing = [column for column in orders if column not in frame.columns]
    if missing:
        raise KeyError(f"sort_in_teaching_order: no column {', '.join(map(repr, missing))} "
                       f"(the frame has {', '.join(map(str, frame.columns))})")
    ranks = pd.DataFrame({
        number: frame[column].map({value: i for i, value in
                                   enumerate(in_teaching_order(frame[column], known))}).to_numpy()
        for number, (column, known) in enumerate(orders.items())}, index=range(len(frame)))
    positions = (ranks.sort_values(list(ranks.columns), kind="stable", na_position="last").index
                 if len(ranks.columns) else ranks.index)
    result = frame.iloc[list(positions)].reset_index(drop=True)
    result.attrs = dict(frame.attrs)
    return result
