"""Say loudly when a notebook runs on data that differ from the shipped data.

:func:`helpers.load` only reads. A lesson passes the frames it loaded to
:func:`announce_changes`, which shows one CHANGED DATA banner listing every
value of a teacher's copy that differs from the shipped data, so no one
teaches altered numbers unknowingly; nothing is shown for the shipped data or
an unchanged copy. :func:`check_data` validates a whole copy and says which
datasets differ. The comparisons come from :mod:`helpers.changes`, computed
once per frame.
"""

from __future__ import annotations

import sys
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.banner import DataChanges
from helpers.changes import data_changes
from helpers.data import DATA_DIR, data_dir_path, load, read_package
from helpers.rich import RichDisplay

__all__ = ["DataCheck", "announce_changes", "check_data"]


def _from_shipped_data(frame: pd.DataFrame, package: dict[str, Any]) -> bool:
    """Whether a loaded frame was read from the shipped file of its dataset."""
    name, path = frame.attrs.get("name"), frame.attrs.get("path")
    if not name or not path:
        raise ValueError("announce_changes needs datasets loaded with helpers.load")
    shipped = [DATA_DIR / r["path"] for r in package["resources"] if r["name"] == name]
    return bool(shipped) and Path(path).resolve() == shipped[0].resolve()


def announce_changes(*frames: pd.DataFrame) -> DataChanges:
    """Show one banner if loaded datasets differ from the shipped ones.

    Call it after the loads of a cell, with every frame loaded there. Frames
    read from the shipped ``data/`` are never compared (nothing to announce).
    In IPython (a notebook, papermill, a handout build) the banner is
    displayed as one rich output; elsewhere it is printed to standard error.
    Nothing is shown when no frame differs.

    Parameters
    ----------
    *frames : DataFrame
        Frames returned by :func:`helpers.load`, as loaded (a re-sorted frame
        reports its rows as reordered).

    Returns
    -------
    DataChanges
        The differences of all frames, each dataset's banner in argument order
        (empty when none). End the line with ``;`` if it is a cell's last.

    Raises
    ------
    ValueError
        A frame not returned by :func:`helpers.load` (no ``attrs["name"]``).
    DataValidationError
        The shipped data fail to load.

    Examples
    --------
    >>> announce_changes(load("sigma_affinity"))
    []
    """
    package = read_package(DATA_DIR)
    changes = DataChanges.combined(data_changes(frame) for frame in frames
                                   if not _from_shipped_data(frame, package))
    if changes:
        from IPython import get_ipython

        if get_ipython() is not None:
            from IPython.display import display

            display(changes)
        else:
            print(changes, file=sys.stderr)
    return changes


class DataCheck(RichDisplay, str):
    """A one-paragraph summary that prints without quotes in a notebook."""

    def to_text(self) -> str:
        """The summary itself."""
        return str.__str__(self)


def check_data(data_dir: str | PathLike[str] | None = None) -> DataCheck:
    """Validate every dataset and say which differ from the shipped data.

    Every dataset is loaded with :func:`helpers.load`, so a bad edit raises its
    clear error; the changed ones are then shown in one banner
    (:func:`announce_changes`) above the summary.

    Parameters
    ----------
    data_dir : path-like or None
        A teacher's copy of ``data/``; None means the shipped data.

    Returns
    -------
    DataCheck
        One paragraph: how many datasets are valid and which differ.

    Raises
    ------
    DataValidationError
        A dataset of the copy is not valid (file, row, column, value, expectation).

    Examples
    --------
    >>> print(check_data())  # doctest: +ELLIPSIS
    All ... datasets are valid. These are the shipped data.
    """
    folder = data_dir_path(data_dir)
    names = [r["name"] for r in read_package(data_dir)["resources"]]
    frames = [load(name, data_dir) for name in names]  # raises on a bad edit
    if folder == DATA_DIR:
        return DataCheck(f"All {len(names)} datasets are valid. These are the shipped data.")
    changed = list(dict.fromkeys(c.dataset for c in announce_changes(*frames)))
    head = f"All {len(names)} datasets in {folder} are valid."
    if not changed:
        return DataCheck(f"{head} They are identical to the shipped data.")
    verb = "differs" if len(changed) == 1 else "differ"
    return DataCheck(f"{head} {len(changed)} {verb} from the shipped data (listed above): "
                     + ", ".join(changed) + ".")
