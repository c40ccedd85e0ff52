"""Say loudly when a notebook runs on data that differ from the shipped data.

A teacher may copy ``data/`` (``make copy-data``), change values and rerun the
notebooks on the copy. :func:`data_changes` compares a dataset loaded from such
a copy with the shipped one and lists every difference: changed values
(dataset, row, column, shipped value, value used), added and removed rows
(matched by the resource's ``primaryKey``), added or removed columns, and a
changed kind of value or source list. :func:`announce_changes` shows that list
as a banner; :func:`helpers.load` calls it for every dataset read from a
directory other than the shipped one, so no one teaches altered numbers
unknowingly. Nothing is shown for the shipped data or an unchanged copy.
"""

from __future__ import annotations

import html
import math
import sys
from dataclasses import dataclass
from os import PathLike
from typing import Any

import pandas as pd

from helpers.tables import html_table, markdown_escape, markdown_table

__all__ = ["Change", "DataChanges", "DataCheck", "announce_changes", "check_data", "data_changes"]

_ABSENT = "(none)"
_EMPTY = "(empty)"
_WHOLE = "(whole row)"


@dataclass(frozen=True)
class Change:
    """One difference between the data used and the shipped data.

    Parameters
    ----------
    dataset : str
        Resource name.
    row : str
        The row's primary key values (joined by `` / ``), or a note such as
        ``"(all rows)"`` for a column or ``"(description)"`` for metadata.
    column : str
        Column (or descriptor key) that differs.
    shipped : str
        The shipped value, as text (``"(none)"`` for an added row or column).
    used : str
        The value used, as text (``"(none)"`` for a removed row or column).
    """

    dataset: str
    row: str
    column: str
    shipped: str
    used: str


class DataChanges(list):
    """A list of :class:`Change` that shows itself as a banner.

    Its rich display offers plain text (terminal, nbval), HTML (JupyterLab) and
    Markdown (the PDF handouts typeset it as a table).

    Parameters
    ----------
    changes : iterable of Change
        The differences.
    source : str
        Where the data used came from (a file or folder), named in the banner.
    """

    HEADINGS = ("dataset", "row", "column", "shipped value", "value used")

    def __init__(self, changes: Any = (), source: str = "") -> None:
        super().__init__(changes)
        self.source = source

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        return [(c.dataset, c.row, c.column, c.shipped, c.used) for c in self]

    def headline(self) -> str:
        """One sentence saying that, and how much, the data differ."""
        where = f" was loaded from {self.source}, which" if self.source else ""
        count = f"{len(self)} difference" + ("" if len(self) == 1 else "s")
        names = ", ".join(dict.fromkeys(c.dataset for c in self))
        return (f"CHANGED DATA: {names}{where} differs from the shipped data ({count} "
                "listed below). Results computed from it use these values, not the shipped ones.")

    def __str__(self) -> str:
        if not self:
            return "The data used are the shipped data."
        rows = [self.HEADINGS, *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(self.HEADINGS))]
        lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        return "\n".join([self.headline(), *("  " + line for line in lines)])

    def to_html(self) -> str:
        """HTML banner: a bordered box with the headline and a table."""
        if not self:
            return "<p>The data used are the shipped data.</p>"
        return ('<div class="changed-data-banner" style="border: 3px solid #d55e00; '
                'background: #fff3e0; padding: 0.5em 1em; margin: 0.5em 0;">'
                f"<p><strong>{html.escape(self.headline())}</strong></p>"
                f"{html_table(self.HEADINGS, self._rows())}</div>")

    def to_markdown(self) -> str:
        """Markdown banner: a bold headline and a pipe table (for pandoc)."""
        if not self:
            return "The data used are the shipped data."
        return (f"**{markdown_escape(self.headline())}**\n\n"
                + markdown_table(self.HEADINGS, self._rows()))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": str(self), "text/html": self.to_html(),
                "text/markdown": self.to_markdown()}


def _text(value: Any) -> str:
    """A cell value as a teacher would type it: 36 not 36.0, never rounded.

    Examples
    --------
    >>> [_text(v) for v in (36.0, 0.125, 1e-12, "SSRI", None, float("nan"))]
    ['36', '0.125', '1e-12', 'SSRI', '(empty)', '(empty)']
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return _EMPTY
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Equal values, with missing equal to missing."""
    a_missing, b_missing = _text(a) == _EMPTY, _text(b) == _EMPTY
    if a_missing or b_missing:
        return a_missing and b_missing
    return bool(a == b)


def _keyed(frame: pd.DataFrame, key: list[str]) -> dict[str, pd.Series]:
    """Rows by their key text; by row number ("row 1" is the first data row) without a key."""
    if not key or not set(key) <= set(frame.columns):
        return {f"row {n}": row for n, (_, row) in enumerate(frame.iterrows(), start=1)}
    return {" / ".join(_text(row[k]) for k in key): row for _, row in frame.iterrows()}


def _source_list(attrs: dict[str, Any]) -> str:
    return "; ".join(s.get("short") or s.get("title", "?") for s in attrs.get("sources", [])
                     if isinstance(s, dict)) or _ABSENT


def data_changes(used: pd.DataFrame, shipped: pd.DataFrame | None = None) -> DataChanges:
    """List how a loaded dataset differs from the shipped one.

    Parameters
    ----------
    used : DataFrame
        A frame returned by :func:`helpers.load`, usually from a teacher's copy.
    shipped : DataFrame or None
        The shipped frame to compare with; None loads it from ``DATA_DIR``
        (a dataset the shipped package lacks is reported as wholly added).

    Returns
    -------
    DataChanges
        Empty when the data are identical. Rows are matched by the resource's
        ``primaryKey`` (by position when it has none).

    Examples
    --------
    >>> from helpers.data import load
    >>> shipped = load("sigma_affinity")
    >>> used = shipped.copy()
    >>> used.attrs = dict(shipped.attrs)
    >>> used.loc[used.drug == "Fluvoxamine", "ki_sigma1_nm"] = 300.0
    >>> used = used[used.drug != "Desipramine"]
    >>> for change in data_changes(used, shipped):
    ...     print(change.row, change.column, change.shipped, change.used, sep=" | ")
    Fluvoxamine | ki_sigma1_nm | 36 | 300
    Desipramine | (whole row) | Desipramine, TCA, 1987, 11430, 6 | (removed)
    >>> data_changes(shipped)
    []
    """
    from helpers.data import DATA_DIR, load, read_package, resource

    name = used.attrs.get("name", "?")
    known = {r["name"] for r in read_package(DATA_DIR)["resources"]}
    if name in known:  # the shipped data failing to load is an error, not a change
        key = resource(name, DATA_DIR)["schema"].get("primaryKey", [])
        shipped = shipped if shipped is not None else load(name, DATA_DIR)
    elif shipped is None:  # a dataset the teacher added: no shipped counterpart
        return DataChanges([Change(name, _WHOLE, _WHOLE, _ABSENT,
                                   f"{len(used)} rows, not in the shipped data")],
                           used.attrs.get("path", ""))
    else:
        key = []
    key = [key] if isinstance(key, str) else list(key)
    changes = [Change(name, "(description)", field, str(s), str(u))
               for field, s, u in [("kind", shipped.attrs.get("kind"), used.attrs.get("kind")),
                                   ("sources", _source_list(shipped.attrs),
                                    _source_list(used.attrs))] if s != u]
    columns = [c for c in used.columns if c in shipped.columns]
    changes += [Change(name, "(all rows)", c, "(column)", "(removed)")
                for c in shipped.columns if c not in used.columns]
    changes += [Change(name, "(all rows)", c, _ABSENT, "(added column)")
                for c in used.columns if c not in shipped.columns]
    old, new = _keyed(shipped, key), _keyed(used, key)
    for label, row in new.items():
        if label not in old:
            changes.append(Change(name, label, _WHOLE, _ABSENT, "added: " + _row_text(row)))
        else:
            changes += [Change(name, label, c, _text(old[label][c]), _text(row[c]))
                        for c in columns if not _same(old[label][c], row[c])]
    changes += [Change(name, label, _WHOLE, _row_text(row), "(removed)")
                for label, row in old.items() if label not in new]
    return DataChanges(changes, used.attrs.get("path", ""))


def _row_text(row: pd.Series) -> str:
    """A whole row's values, comma-separated as in the CSV."""
    return ", ".join(_text(v) for v in row)


def announce_changes(used: pd.DataFrame) -> DataChanges:
    """Show a banner if a loaded dataset differs from the shipped one.

    In IPython (a notebook, papermill, a handout build) the banner is displayed
    as a rich output; elsewhere it is printed to standard error. Nothing is
    shown when the data are identical.

    Parameters
    ----------
    used : DataFrame
        A frame returned by :func:`helpers.load`.

    Returns
    -------
    DataChanges
        The differences found (empty when none).
    """
    changes = data_changes(used)
    if changes:
        from IPython import get_ipython

        if get_ipython() is not None:
            from IPython.display import display

            display(changes)
        else:
            print(changes, file=sys.stderr)
    return changes


class DataCheck(str):
    """A one-paragraph summary that prints without quotes in a notebook."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def check_data(data_dir: str | PathLike[str] | None = None) -> DataCheck:
    """Validate every dataset and say which differ from the shipped data.

    Each dataset is loaded with :func:`helpers.load`, so a bad edit raises its
    clear error and each changed dataset shows its banner above the summary.

    Parameters
    ----------
    data_dir : path-like or None
        A teacher's copy of ``data/``; None means the shipped data.

    Examples
    --------
    >>> print(check_data())  # doctest: +ELLIPSIS
    All ... datasets are valid. These are the shipped data.
    """
    from helpers.data import DATA_DIR, data_dir_path, load, read_package

    folder = data_dir_path(data_dir)
    names = [r["name"] for r in read_package(data_dir)["resources"]]
    changed = []
    for name in names:
        frame = load(name, data_dir)  # raises on a bad edit; shows a banner if changed
        if folder != DATA_DIR and data_changes(frame):
            changed.append(name)
    if folder == DATA_DIR:
        return DataCheck(f"All {len(names)} datasets are valid. These are the shipped data.")
    head = f"All {len(names)} datasets in {folder} are valid."
    if not changed:
        return DataCheck(f"{head} They are identical to the shipped data.")
    verb = "differs" if len(changed) == 1 else "differ"
    return DataCheck(f"{head} {len(changed)} {verb} from the shipped data (listed above): "
                     + ", ".join(changed) + ".")
