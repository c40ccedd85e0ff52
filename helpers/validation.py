"""Check a CSV against its Table Schema before anything reads it.

The checks a spreadsheet user trips over first (encoding, separator, quoting:
:mod:`helpers.csv_text`; the header: here) come with advice on what to fix.
Every cell is then read by
:func:`helpers.parsing.parse_cell`, the one parser that decides what a value
is; the values it returns are checked against the schema's constraints
(required, enum, minimum, maximum, unique keys) by Frictionless, and are the
values :func:`helpers.load` puts in the DataFrame. All problems of a file are
reported together, in file order, as :class:`~helpers.errors.Problem` lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from helpers.errors import DataValidationError, Problem
from helpers.parsing import CellError, is_free_text, parse_cell

__all__ = ["check_cells", "check_header", "parse_rows"]

def check_header(path: Path, header: list[str], field_names: list[str]) -> list[str]:
    """Compare the header row with the schema's field names.

    Columns may come in any order, but none may be missing, unknown or repeated.

    Parameters
    ----------
    path : Path
        The CSV file (for messages only).
    header : list of str
        The first row, as returned by :func:`read_records`.
    field_names : list of str
        The schema's field names.

    Returns
    -------
    list of str
        The header as found.

    Raises
    ------
    DataValidationError
        Listing every missing, unknown, repeated or blank column name.
    """
    known = ", ".join(field_names)
    problems = []
    for position, label in enumerate(header, start=1):
        if not label.strip():
            problems.append(Problem(path, f"a column name in column {position} (one of: {known})",
                                    row=1, value=label))
        elif label not in field_names:
            problems.append(Problem(path, f"only the columns {known}", row=1, column=label,
                                    value=label))
        elif header.count(label) > 1 and header.index(label) < position - 1:
            problems.append(Problem(path, "each column once", row=1, column=label, value=label))
    for name in field_names:
        if name not in header:
            problems.append(Problem(path, f"a column named {name!r} (it is missing)", row=1,
                                    column=name))
    if problems:
        raise DataValidationError(problems)
    return header


def parse_rows(path: Path, header: list[str], rows: list[list[str]],
               descriptor: dict[str, Any]) -> tuple[list[list[Any]], list[Problem]]:
    """Read every cell with :func:`helpers.parsing.parse_cell`.

    Parameters
    ----------
    path : Path
        The CSV file (for messages only).
    header : list of str
        The checked header (every name a schema field).
    rows : list of list of str
        The data rows as returned by :func:`read_records` (without the header).
    descriptor : dict
        The resource's entry in ``datapackage.json``.

    Returns
    -------
    values : list of list
        Each row's values, in header order; a cell that cannot be read keeps
        its text (so that the constraint checks still see it), and cells past
        the header's width are kept as text.
    problems : list of Problem
        One for each cell that cannot be read, in file order.
    """
    schema = descriptor["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    key = schema.get("primaryKey")
    columns = [(name, fields[name], is_free_text(fields[name], key)) for name in header]
    values: list[list[Any]] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=2):
        parsed: list[Any] = []
        for position, cell in enumerate(row):
            if position >= len(columns):
                parsed.append(cell)
                continue
            name, field, free_text = columns[position]
            try:
                parsed.append(parse_cell(cell, field, free_text))
            except CellError as exc:
                parsed.append(cell)
                problems.append(Problem(path, exc.expected, number, name, cell))
        values.append(parsed)
    return values, problems


def check_cells(path: Path, header: list[str], rows: list[list[str]], values: list[list[Any]],
                descriptor: dict[str, Any], problems: list[Problem] | None = None) -> None:
    """Check the parsed values against the schema's constraints with Frictionless.

    Parameters
    ----------
    path : Path
        The CSV file (for messages only).
    header : list of str
        The checked header.
    rows : list of list of str
        The data rows as written (for the values shown in messages).
    values : list of list
        The same rows as returned by :func:`parse_rows`.
    descriptor : dict
        The resource's entry in ``datapackage.json``.
    problems : list of Problem or None
        The cells :func:`parse_rows` could not read; reported with the rest.

    Raises
    ------
    DataValidationError
        Listing, in file order, every cell that cannot be read or breaks a
        constraint, rows of the wrong width, and duplicate or empty keys.
    """
    from frictionless import FrictionlessException, Resource, Schema

    problems = list(problems or [])
    try:
        # Columns are matched by name, in any order (the header was checked already).
        schema = Schema.from_descriptor({**descriptor["schema"], "fieldsMatch": "equal"},
                                        datapackage_version="v2")
    except FrictionlessException as exc:
        reasons = "; ".join(r.note for r in exc.reasons) or exc.error.note
        raise DataValidationError([Problem(path.parent / "datapackage.json",
                                           f"a valid Table Schema for {path.name} ({reasons})",
                                           column="schema")]) from None
    unreadable = {(p.row, p.column) for p in problems}
    key = descriptor["schema"].get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    unreadable_key = {p.row for p in problems if p.column in key}
    resource = Resource(data=[list(header), *values], schema=schema, datapackage_version="v2")
    report = resource.validate(limit_errors=1000)
    errors = [e for e in report.tasks[0].errors if e.type != "blank-row"]
    missing = {(e.row_number, e.field_name) for e in errors if e.type == "missing-cell"}
    for error in errors:
        row, column = getattr(error, "row_number", None), getattr(error, "field_name", None)
        if (row, column) in unreadable or (error.type == "primary-key" and row in unreadable_key):
            continue  # already reported, with what the parser expected
        if error.type == "constraint-error" and (row, column) in missing:
            continue  # the missing cell says it
        problems.append(_problem(path, error, descriptor, header, rows))
    if problems:
        order = {name: position for position, name in enumerate(header)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
        raise DataValidationError(problems)


def _problem(path: Path, error: Any, descriptor: dict[str, Any], header: list[str],
             rows: list[list[str]]) -> Problem:
    """Turn one Frictionless error into a Problem a teacher can act on."""
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or None
    value = getattr(error, "cell", None)
    if row is not None and column in header and 0 <= row - 2 < len(rows):
        cells = rows[row - 2]
        position = header.index(column)
        value = cells[position] if position < len(cells) else None  # as written, not as parsed
    fields = {f["name"]: f for f in descriptor["schema"]["fields"]}
    field = fields.get(column, {})
    if error.type == "constraint-error":
        return Problem(path, _constraint_expectation(error.note, field), row, column, value)
    if error.type == "primary-key":
        key = descriptor["schema"].get("primaryKey", [])
        key = [key] if isinstance(key, str) else key
        names = " + ".join(key)
        if 'all "None"' in error.note:
            return Problem(path, f"a value in {names} (the row is empty: fill it in or delete it)",
                           row, names)
        found = None
        if 0 <= (row or 0) - 2 < len(rows):
            cells = rows[row - 2]
            found = " / ".join(cells[header.index(k)] if header.index(k) < len(cells) else ""
                               for k in key if k in header)
        other = re.search(r"row at position (\d+)", error.note)
        note = f"row {other.group(1)} has the same" if other else error.note
        return Problem(path, f"a unique {names} ({note})", row, names, found)
    if error.type in ("extra-cell", "missing-cell"):
        note = "a value past the last column" if error.type == "extra-cell" else (
            f"no value for {column}")
        return Problem(path, f"one value for each of the {len(fields)} columns ({note})",
                       row, column, value)
    return Problem(path, error.note or error.message, row, column, value)


def _constraint_expectation(note: str, field: dict[str, Any]) -> str:
    """Say in words what a broken constraint wanted."""
    constraints = field.get("constraints", {})
    if note.startswith('constraint "required"'):
        return "a value (the cell is empty)"
    if note.startswith('constraint "enum"'):
        allowed = ", ".join(repr(v) for v in constraints["enum"])
        hint = ""
        if "=" in constraints["enum"]:
            hint = (" (a spreadsheet may have turned '=' into a formula: "
                    "type it as text, e.g. with a leading apostrophe)")
        return f"one of {allowed}{hint}"
    if note.startswith('constraint "exclusiveMinimum"'):
        return f"a number greater than {constraints['exclusiveMinimum']}"
    if note.startswith('constraint "minimum"'):
        return f"a number of at least {constraints['minimum']}"
    if note.startswith('constraint "exclusiveMaximum"'):
        return f"a number less than {constraints['exclusiveMaximum']}"
    if note.startswith('constraint "maximum"'):
        return f"a number of at most {constraints['maximum']}"
    return note
