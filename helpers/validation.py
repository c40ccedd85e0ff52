"""Check a CSV against its Table Schema before anything reads it.

The checks a spreadsheet user trips over first (encoding, separator, header)
are made here, with advice on what to fix; cell-level checks (types,
constraints, unique keys) are Frictionless's, translated into
:class:`~helpers.errors.Problem` lines.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from helpers.errors import DataValidationError, Problem

__all__ = ["check_cells", "check_header", "read_checked_text"]

_EXPECTED_BY_TYPE = {
    "number": "a plain number such as 36 or 0.5 (digits and '.', no units, "
    "no thousands separators)",
    "integer": "a whole number such as 36 (digits only, no units, no thousands separators)",
    "string": "text",
}


def read_checked_text(path: Path) -> str:
    """Read a CSV file as text, refusing what a spreadsheet may have saved wrongly.

    Parameters
    ----------
    path : Path
        The CSV file.

    Returns
    -------
    str
        The file's text, without a byte-order mark.

    Raises
    ------
    DataValidationError
        The file is missing, empty, not UTF-8, or uses ';' or tabs between values.
    """
    if not path.is_file():
        raise DataValidationError([Problem(path, "a CSV file here (it does not exist)")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataValidationError([Problem(
            path, "UTF-8 text; save it again as 'CSV UTF-8 (comma delimited)'",
            row=line, value=raw[exc.start : exc.start + 1].hex(" "),
        )]) from None
    if not text.strip():
        raise DataValidationError([Problem(path, "a header row and data rows (the file is empty)")])
    header = text.splitlines()[0]
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if separator in header and "," not in header:
            raise DataValidationError([Problem(
                path, f"commas between values, not {name}; save it again as "
                "'CSV (comma delimited)' with '.' as the decimal mark",
                row=1, value=header,
            )])
    return _without_trailing_blank_rows(text)


def _without_trailing_blank_rows(text: str) -> str:
    """Drop the empty rows (``,,,,``) that spreadsheet programs leave at the end."""
    lines = text.splitlines()
    while lines and not lines[-1].replace(",", "").strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def check_header(path: Path, text: str, field_names: list[str]) -> list[str]:
    """Compare the header row with the schema's field names.

    Columns may come in any order, but none may be missing, unknown or repeated.

    Returns
    -------
    list of str
        The header as found.

    Raises
    ------
    DataValidationError
        Listing every missing, unknown, repeated or blank column name.
    """
    header = next(csv.reader(io.StringIO(text)))
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


def check_cells(path: Path, text: str, descriptor: dict[str, Any]) -> None:
    """Validate every cell with Frictionless against the resource's schema.

    Parameters
    ----------
    path : Path
        The CSV file (for messages only; ``text`` is what is checked).
    text : str
        The file's text as returned by :func:`read_checked_text`.
    descriptor : dict
        The resource's entry in ``datapackage.json``.

    Raises
    ------
    DataValidationError
        Listing every cell that breaks a type or constraint, and duplicate keys.
    """
    from frictionless import FrictionlessException, Resource, Schema

    try:
        # Columns are matched by name, in any order (the header was checked already).
        schema = Schema.from_descriptor({**descriptor["schema"], "fieldsMatch": "equal"},
                                        datapackage_version="v2")
    except FrictionlessException as exc:
        reasons = "; ".join(r.note for r in exc.reasons) or exc.error.note
        raise DataValidationError([Problem(path.parent / "datapackage.json",
                                           f"a valid Table Schema for {path.name} ({reasons})",
                                           column="schema")]) from None
    resource = Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8",
                        schema=schema, datapackage_version="v2")
    report = resource.validate(limit_errors=1000)
    problems = [_problem(path, error, descriptor) for error in report.tasks[0].errors
                if error.type != "blank-row"]
    if problems:
        raise DataValidationError(problems)


def _problem(path: Path, error: Any, descriptor: dict[str, Any]) -> Problem:
    """Turn one Frictionless error into a Problem a teacher can act on."""
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    fields = {f["name"]: f for f in descriptor["schema"]["fields"]}
    field = fields.get(column, {})
    if error.type == "type-error":
        expected = _EXPECTED_BY_TYPE.get(field.get("type", ""), f"a {field.get('type')}")
        if value and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value.strip()):
            expected += f"; write {value.replace(',', '')} without the comma"
        return Problem(path, expected, row, column, value)
    if error.type == "constraint-error":
        return Problem(path, _constraint_expectation(error.note, field), row, column, value)
    if error.type == "primary-key":
        names = " + ".join(descriptor["schema"].get("primaryKey", []))
        if 'all "None"' in error.note:
            return Problem(path, f"a value in {names} (the row is empty: fill it in or delete it)",
                           row, names)
        return Problem(path, f"a unique {names} ({error.note})", row, names)
    if error.type in ("extra-cell", "missing-cell"):
        return Problem(path, f"one value for each of the {len(fields)} columns ({error.note})",
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
    if note.startswith('constraint "maximum"'):
        return f"a number of at most {constraints['maximum']}"
    return note
