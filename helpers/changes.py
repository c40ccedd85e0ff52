"""Compare a loaded dataset with the shipped one, once.

A teacher may copy ``data/`` (``make copy-data``), change values and rerun the
notebooks on the copy. :func:`data_changes` compares a dataset loaded from such
a copy with the shipped one and lists every difference: changed values
(dataset, row, column, shipped value, value used), added and removed rows
(matched by the resource's ``primaryKey``), keys that differ only in capital
letters, rows in another order, added or removed columns, and a changed kind
of value or source list (:class:`helpers.banner.DataChanges`, which shows
itself as the CHANGED DATA banner).

The comparison of a frame is remembered, keyed by the dataset's name, a
fingerprint of the frame's columns, types, values and provenance, and the
bytes of the shipped file and package: announcing the changes
(:mod:`helpers.announce`), checking a copy and scoping prose
(:mod:`helpers.scoping`) all reuse it, and any edit to either side gives a new
comparison.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from helpers.banner import CAPITALS, Change, DataChanges
from helpers.data import DATA_DIR, PACKAGE_FILE, load, read_package

__all__ = ["Comparison", "compare_with_shipped", "data_changes"]

_ABSENT = "(none)"
_EMPTY = "(empty)"
_WHOLE = "(whole row)"
_ALL_ROWS = "(all rows)"
_ORDER = "(row order)"
_REMEMBERED = 256
"""How many comparisons are kept (a notebook compares a few dozen frames)."""


@dataclass(frozen=True)
class Comparison:
    """A frame compared with its shipped dataset.

    Parameters
    ----------
    changes : DataChanges
        Every difference the banner lists.
    same_layout : bool
        The frame has the shipped columns, in the shipped order and types, and
        as many rows.
    """

    changes: DataChanges
    same_layout: bool

    @property
    def values_match(self) -> bool:
        """Whether the frame holds exactly the shipped values (row order and sources aside)."""
        return self.same_layout and all(c.what in ("order", "description")
                                        for c in self.changes)


_memo: dict[tuple[str, str], Comparison] = {}


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


def _fingerprint(frame: pd.DataFrame) -> str | None:
    """SHA-256 of a frame's columns, types, values and provenance; None if it cannot be hashed."""
    digest = hashlib.sha256()
    try:
        digest.update(json.dumps([list(map(str, frame.columns)), list(map(str, frame.dtypes)),
                                  frame.attrs], sort_keys=True, default=str).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    except (TypeError, ValueError):
        return None
    return digest.hexdigest()


def _shipped_fingerprint(name: str, package: dict[str, Any]) -> str:
    """SHA-256 of the shipped package description and the shipped file of ``name``."""
    digest = hashlib.sha256((DATA_DIR / PACKAGE_FILE).read_bytes())
    for res in package["resources"]:
        if res["name"] == name and (DATA_DIR / res["path"]).is_file():
            digest.update((DATA_DIR / res["path"]).read_bytes())
    return digest.hexdigest()


def compare_with_shipped(used: pd.DataFrame) -> Comparison:
    """Compare a loaded frame with its shipped dataset, reusing an earlier comparison.

    Parameters
    ----------
    used : DataFrame
        A frame returned by :func:`helpers.load` (``attrs["name"]`` names it).

    Returns
    -------
    Comparison
        The changes and whether the layout (columns, types, row count) matches.
        Computed once per name, frame content and shipped file content.

    Raises
    ------
    DataValidationError
        The shipped data fail to load (an error, not a change).

    Examples
    --------
    >>> shipped = load("sigma_affinity")
    >>> compare_with_shipped(shipped).values_match
    True
    >>> compare_with_shipped(shipped) is compare_with_shipped(shipped.copy())
    True
    """
    name = str(used.attrs.get("name", "?"))
    package = read_package(DATA_DIR)
    frame_key = _fingerprint(used)
    memo_key = (name, f"{frame_key}:{_shipped_fingerprint(name, package)}")
    if frame_key is not None and memo_key in _memo:
        return _memo[memo_key]
    known = {r["name"]: r for r in package["resources"]}
    if name in known:  # the shipped data failing to load is an error, not a change
        shipped = load(name, DATA_DIR)
        comparison = Comparison(
            _compute_changes(used, shipped, known[name]["schema"].get("primaryKey", [])),
            list(used.columns) == list(shipped.columns)
            and list(used.dtypes) == list(shipped.dtypes) and len(used) == len(shipped))
    else:  # a dataset the teacher added: no shipped counterpart
        comparison = Comparison(DataChanges(
            [Change(name, _WHOLE, _WHOLE, _ABSENT,
                    f"{len(used)} rows, not in the shipped data", "dataset")],
            used.attrs.get("path", "")), False)
    if frame_key is not None:
        if len(_memo) >= _REMEMBERED:
            _memo.pop(next(iter(_memo)))
        _memo[memo_key] = comparison
    return comparison


def data_changes(used: pd.DataFrame, shipped: pd.DataFrame | None = None) -> DataChanges:
    """List how a loaded dataset differs from the shipped one.

    Parameters
    ----------
    used : DataFrame
        A frame returned by :func:`helpers.load`, usually from a teacher's copy.
    shipped : DataFrame or None
        The shipped frame to compare with; None loads it from ``DATA_DIR``
        (a dataset the shipped package lacks is reported as wholly added), and
        the comparison is remembered (:func:`compare_with_shipped`).

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
    if shipped is None:
        found = compare_with_shipped(used).changes
        return DataChanges(found, found.source, found.keys)
    name = used.attrs.get("name", "?")
    known = {r["name"]: r for r in read_package(DATA_DIR)["resources"]}
    key = known[name]["schema"].get("primaryKey", []) if name in known else []
    return _compute_changes(used, shipped, key)


def _compute_changes(used: pd.DataFrame, shipped: pd.DataFrame,
                     key: list[str] | str) -> DataChanges:
    """The differences of ``used`` from ``shipped``, rows matched by ``key``."""
    name = used.attrs.get("name", "?")
    source = used.attrs.get("path", "")
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
            rows += [Change(name, before, c, _text(old[before][c]), _text(row[c]) + CAPITALS,
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
