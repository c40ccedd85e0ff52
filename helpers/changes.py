"""Say loudly when a notebook runs on data that differ from the shipped data.

A teacher may copy ``data/`` (``make copy-data``), change values and rerun the
notebooks on the copy. :func:`data_changes` compares a dataset loaded from such
a copy with the shipped one and lists every difference: changed values
(dataset, row, column, shipped value, value used), added and removed rows
(matched by the resource's ``primaryKey``), keys that differ only in capital
letters, rows in another order, added or removed columns, and a changed kind
of value or source list. :func:`announce_changes` shows that list as a banner
whose headline counts them ("2 values changed, 1 row added, rows reordered").

:func:`helpers.load` calls :func:`announce_changes` for every dataset read from
a directory other than the shipped one, so no one teaches altered numbers
unknowingly. This module imports :mod:`helpers.data`; that module imports this
one only inside :func:`helpers.load`, when a banner may be due. Nothing is
shown for the shipped data or an unchanged copy.
"""

from __future__ import annotations

import html
import math
import sys
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

import pandas as pd

from helpers.data import DATA_DIR, data_dir_path, load, read_dataset, read_package, resource
from helpers.tables import html_table, markdown_escape, markdown_table

__all__ = ["Change", "DataChanges", "DataCheck", "announce_changes", "check_data", "data_changes"]

_ABSENT = "(none)"
_EMPTY = "(empty)"
_WHOLE = "(whole row)"
_ALL_ROWS = "(all rows)"
_ORDER = "(row order)"
_CAPITALS = " (only the capitals differ)"


@dataclass(frozen=True)
class Change:
    """One difference between the data used and the shipped data.

    Parameters
    ----------
    dataset : str
        Resource name.
    row : str
        The row's primary key values (joined by `` / ``), or a note such as
        ``"(all rows)"`` for a column or the row order, ``"(description)"``
        for metadata.
    column : str
        Column (or descriptor key) that differs; ``"(whole row)"`` for an
        added or removed row, ``"(row order)"`` for rows in another order.
    shipped : str
        The shipped value, as text (``"(none)"`` for an added row or column).
    used : str
        The value used, as text (``"(removed)"`` for a removed row or column).
    what : str
        What kind of difference it is, for the banner's headline: ``value``,
        ``added``, ``removed``, ``capitals``, ``order``, ``column added``,
        ``column removed``, ``description`` or ``dataset``. Not compared.
    """

    dataset: str
    row: str
    column: str
    shipped: str
    used: str
    what: str = field(default="value", compare=False)


def _count(number: int, thing: str, plural: str | None = None) -> str:
    return f"{number} {thing if number == 1 else plural or thing + 's'}"


def _visible(value: str) -> str:
    """A value with line breaks and tabs shown as escapes, so the table stays one line a row."""
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


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
    keys : dict or None
        Each dataset's primary key columns, named when rows are reordered.
    """

    HEADINGS = ("dataset", "row", "column", "shipped value", "value used")

    def __init__(self, changes: Any = (), source: str = "",
                 keys: dict[str, list[str]] | None = None) -> None:
        super().__init__(changes)
        self.source = source
        self.keys = dict(keys or {})

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        return [tuple(_visible(v) for v in (c.dataset, c.row, c.column, c.shipped, c.used))
                for c in self]

    def summary(self) -> str:
        """The differences counted in words: "2 values changed, 1 row added, rows reordered".

        Examples
        --------
        >>> DataChanges([Change("t", "a", "x", "1", "2"), Change("t", "a", "y", "1", "3"),
        ...              Change("t", "(all rows)", "(row order)", "as shipped",
        ...                     "another order", "order")]).summary()
        '2 values changed, rows reordered'
        """
        whats = [c.what for c in self]
        parts = []
        if whats.count("dataset"):
            parts.append(_count(whats.count("dataset"), "dataset not in the shipped data",
                                "datasets not in the shipped data"))
        if whats.count("value"):
            parts.append(_count(whats.count("value"), "value") + " changed")
        for what, thing in (("added", "row"), ("removed", "row"),
                            ("column added", "column"), ("column removed", "column")):
            if whats.count(what):
                parts.append(f"{_count(whats.count(what), thing)} {what.split()[-1]}")
        capitals = [c for c in self if c.what == "capitals"]
        if capitals:
            examples = ", ".join(f"{c.used.removesuffix(_CAPITALS)!r} for {c.shipped!r}"
                                 for c in capitals[:3])
            verb = "differs" if len(capitals) == 1 else "differ"
            parts.append(f"{_count(len(capitals), 'name')} {verb} only in capital letters "
                         f"({examples}: code that looks a row up by its shipped name will "
                         "not find it)")
        if whats.count("description"):
            parts.append("description changed (" + ", ".join(
                c.column for c in self if c.what == "description") + ")")
        if whats.count("order"):
            parts.append("rows reordered")
        return ", ".join(parts)

    def _order_note(self) -> str:
        """Why rows in another order change nothing: the key each dataset matches rows by."""
        names = [c.dataset for c in self if c.what == "order"]
        keys = " / ".join(dict.fromkeys(" + ".join(self.keys.get(n) or ["position"])
                                        for n in names))
        return (f"values unchanged; rows are matched by their key ({keys}), not by where they "
                "stand in the file, so every value used is the same; a table may list the rows in "
                "this order")

    def headline(self) -> str:
        """One sentence saying that, and how, the data differ."""
        names = ", ".join(dict.fromkeys(c.dataset for c in self))
        where = f" was loaded from {self.source}, which" if self.source else ""
        if all(c.what == "order" for c in self):
            whose = f" was loaded from {self.source}, whose" if self.source else "'s"
            return (f"CHANGED DATA: {names}{whose} rows are in another order than the shipped "
                    f"file ({self._order_note()}).")
        return (f"CHANGED DATA: {names}{where} differs from the shipped data: {self.summary()} "
                f"({_count(len(self), 'difference')} listed below). Results computed from it "
                "use these values, not the shipped ones.")

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


def _keyed(frame: pd.DataFrame, key: list[str]) -> dict[str, dict[str, Any]]:
    """Rows by their key text; by row number ("row 1" is the first data row) without a key."""
    rows = frame.to_dict("records")
    if not key or not set(key) <= set(frame.columns):
        return {f"row {n}": row for n, row in enumerate(rows, start=1)}
    return {" / ".join(_text(row[k]) for k in key): row for row in rows}


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
        ``primaryKey`` (by position when it has none); a key that differs from
        a shipped one only in capital letters is matched to it and reported as
        such; rows in another order are one entry, ``(row order)``.

    Raises
    ------
    DataValidationError
        The shipped data fail to load (an error, not a change).

    Examples
    --------
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
    name = used.attrs.get("name", "?")
    source = used.attrs.get("path", "")
    known = {r["name"] for r in read_package(DATA_DIR)["resources"]}
    if name in known:  # the shipped data failing to load is an error, not a change
        key = resource(name, DATA_DIR)["schema"].get("primaryKey", [])
        shipped = shipped if shipped is not None else read_dataset(name, DATA_DIR)
    elif shipped is None:  # a dataset the teacher added: no shipped counterpart
        return DataChanges([Change(name, _WHOLE, _WHOLE, _ABSENT,
                                   f"{len(used)} rows, not in the shipped data", "dataset")],
                           source)
    else:
        key = []
    key = [key] if isinstance(key, str) else list(key)
    if not set(key) <= set(used.columns) & set(shipped.columns):
        key = []
    changes = [Change(name, "(description)", what, str(s), str(u), "description")
               for what, s, u in [("kind", shipped.attrs.get("kind"), used.attrs.get("kind")),
                                  ("sources", _source_list(shipped.attrs),
                                   _source_list(used.attrs))] if s != u]
    columns = [c for c in used.columns if c in shipped.columns]
    changes += [Change(name, _ALL_ROWS, c, "(column)", "(removed)", "column removed")
                for c in shipped.columns if c not in used.columns]
    changes += [Change(name, _ALL_ROWS, c, _ABSENT, "(added column)", "column added")
                for c in used.columns if c not in shipped.columns]
    old, new = _keyed(shipped, key), _keyed(used, key)
    same_but_capitals = _capital_pairs(old, new)  # used label -> shipped label
    rows: list[Change] = []
    for label, row in new.items():
        if label in old:
            rows += _cell_changes(name, label, old[label], row, columns)
        elif label in same_but_capitals:
            before = same_but_capitals[label]
            rows += [Change(name, before, c, _text(old[before][c]), _text(row[c]) + _CAPITALS,
                            "capitals") for c in key if _text(old[before][c]) != _text(row[c])]
            rows += _cell_changes(name, before, old[before], row,
                                  [c for c in columns if c not in key])
        else:
            rows.append(Change(name, label, _WHOLE, _ABSENT, "added: " + _row_text(row), "added"))
    matched = set(same_but_capitals.values())
    rows += [Change(name, label, _WHOLE, _row_text(row), "(removed)", "removed")
             for label, row in old.items() if label not in new and label not in matched]
    if key:
        order_used = [same_but_capitals.get(label, label) for label in new]
        common = set(order_used) & set(old)
        if [k for k in order_used if k in common] != [k for k in old if k in common]:
            rows.append(Change(name, _ALL_ROWS, _ORDER, "as shipped",
                               f"another order (rows are matched by {' + '.join(key)})", "order"))
    return DataChanges(changes + rows, source, {name: key})


def _cell_changes(name: str, label: str, old: dict[str, Any], new: dict[str, Any],
                  columns: list[str]) -> list[Change]:
    """The values of one matched row that differ."""
    return [Change(name, label, c, _text(old[c]), _text(new[c]))
            for c in columns if not _same(old[c], new[c])]


def _capital_pairs(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """Added keys that equal exactly one removed key but for capital letters."""
    removed: dict[str, list[str]] = {}
    for label in old:
        if label not in new:
            removed.setdefault(label.casefold(), []).append(label)
    added: dict[str, list[str]] = {}
    for label in new:
        if label not in old:
            added.setdefault(label.casefold(), []).append(label)
    return {labels[0]: removed[folded][0] for folded, labels in added.items()
            if len(labels) == 1 and len(removed.get(folded, [])) == 1}


def _row_text(row: dict[str, Any]) -> str:
    """A whole row's values, comma-separated as in the CSV."""
    return ", ".join(_text(v) for v in row.values())


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
