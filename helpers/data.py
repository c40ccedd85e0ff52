"""Find, validate and load the project's datasets.

Every dataset is a resource of the Frictionless Data Package in ``data/``.
:func:`load` reads each cell once with :mod:`helpers.parsing`, checks those
values against the schema (:mod:`helpers.validation`), and returns them as a
DataFrame whose ``attrs`` carry the provenance (title, kind, sources). It
shows nothing: saying that a teacher's copy differs from the shipped data is a
separate step (:func:`helpers.announce.announce_changes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.csv_text import read_checked_text, read_records
from helpers.errors import DataValidationError, Problem
from helpers.parameters import ParameterError
from helpers.project import DATA_DIR  # the shipped data (a checkout or the package)
from helpers.validated import content_key, is_known_valid, remember_valid
from helpers.validation import check_cells, check_header, parse_rows

__all__ = ["PACKAGE_FILE", "data_dir_path", "load", "read_package", "resource"]

PACKAGE_FILE = "datapackage.json"
"""The data package's descriptor, in ``data/`` and in every copy of it."""

_DTYPES = {"string": "string", "number": "float64", "integer": "Int64", "boolean": "boolean"}


def data_dir_path(data_dir: str | PathLike[str] | int | float | None = None) -> Path:
    """Return the data directory to use.

    Parameters
    ----------
    data_dir : path-like, int, float or None
        A teacher's copy of ``data/``; None means the shipped ``data/``.
        A relative path is taken from the current working directory. A number
        (what ``papermill -p data_dir 2024`` passes for a folder named 2024) is
        accepted when a folder of that name exists.

    Returns
    -------
    Path
        An absolute path.

    Raises
    ------
    ParameterError
        ``data_dir`` is a number naming no folder, a bool, or another type
        that is not a path (a ``ValueError``).

    Examples
    --------
    >>> data_dir_path() == DATA_DIR
    True
    """
    if data_dir is None:
        return DATA_DIR
    if isinstance(data_dir, (str, PathLike)):
        return Path(data_dir).expanduser().resolve()
    hint = ""
    if isinstance(data_dir, bool):
        got = f"the value {data_dir}"
        hint = (" — papermill turns -p values true/false into True/False: "
                f"use -r data_dir {data_dir} to pass it as text")
    elif isinstance(data_dir, (int, float)):
        folder = Path(str(data_dir)).expanduser().resolve()
        if folder.is_dir():
            return folder
        got = f"the number {data_dir}, and no folder named {data_dir} is in {Path.cwd()}"
        hint = (" — papermill turns -p values that look like numbers into numbers: "
                f"use -r data_dir {data_dir} to pass it as text")
    else:
        got = f"{data_dir!r} (a {type(data_dir).__name__})"
    raise ParameterError(f"data_dir must be the path of a folder (a copy of data/); got {got}"
                         f"{hint}")


def read_package(data_dir: str | PathLike[str] | None = None) -> dict[str, Any]:
    """Read and structurally check ``datapackage.json``.

    Parameters
    ----------
    data_dir : path-like or None
        Data directory (None: the shipped one).

    Returns
    -------
    dict
        The package descriptor.

    Raises
    ------
    DataValidationError
        The file is missing, is not valid JSON, or lacks a resource's name, path
        or schema fields.
    """
    path = data_dir_path(data_dir) / PACKAGE_FILE
    if not path.is_file():
        raise DataValidationError([Problem(path, "a datapackage.json describing the datasets "
                                           "(it does not exist)")])
    try:
        package = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise DataValidationError([Problem(path, "UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        lines = exc.doc.split("\n")  # JSON counts lines by LF only, never by U+2028
        line = lines[exc.lineno - 1] if exc.lineno <= len(lines) else ""
        raise DataValidationError([Problem(
            path, f"valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            row=exc.lineno, value=line.strip())]) from None
    problems = list(_structure_problems(path, package))
    if problems:
        raise DataValidationError(problems)
    return package


def _structure_problems(path: Path, package: Any) -> Iterator[Problem]:
    """Yield what a usable package descriptor lacks."""
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        yield Problem(path, 'a JSON object with a "resources" list')
        return
    for number, res in enumerate(package["resources"], start=1):
        where = f"resource {number}"
        if not isinstance(res, dict):
            yield Problem(path, f"{where}: a JSON object")
            continue
        for key in ("name", "path"):
            if not isinstance(res.get(key), str) or not res.get(key):
                yield Problem(path, f'{where}: a "{key}" text', column=key, value=res.get(key))
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not fields:
            yield Problem(path, f'{where} ({res.get("name")}): a "schema" with a "fields" list',
                          column="schema")
            continue
        for field in fields:
            if not isinstance(field, dict) or field.get("type") not in _DTYPES:
                yield Problem(path, f'{where} ({res.get("name")}): fields with a "name" and a '
                              f'"type" among {", ".join(_DTYPES)}', column="schema.fields",
                              value=json.dumps(field))


def resource(name: str, data_dir: str | PathLike[str] | None = None) -> dict[str, Any]:
    """Return one resource's descriptor from the data package.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json``.
    data_dir : path-like or None
        Data directory (None: the shipped one).

    Returns
    -------
    dict
        The resource's descriptor (``name``, ``path``, ``schema``, ``sources``, ...).

    Raises
    ------
    DataValidationError
        No resource of that name is described.
    """
    package = read_package(data_dir)
    for res in package["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package["resources"])
    raise DataValidationError([Problem(data_dir_path(data_dir) / PACKAGE_FILE,
                                       f"a resource named {name!r}; described: {known}",
                                       column="name", value=name)])


def load(name: str, data_dir: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load a dataset, validated against its schema, with its provenance.

    A pure read: nothing is displayed or printed. To say that a teacher's copy
    differs from the shipped data, pass the frames to
    :func:`helpers.announce.announce_changes` after loading them.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (e.g. ``"sigma_affinity"``).
    data_dir : path-like or None
        A teacher's copy of ``data/``; None means the shipped data.

    Returns
    -------
    pandas.DataFrame
        One column per schema field, typed by the schema, in the schema's column
        order. ``df.attrs`` holds ``name``, ``title``, ``kind``, ``sources`` and
        ``path``.

    Raises
    ------
    DataValidationError
        Anything wrong with the file, naming file, row, column, value and what
        was expected. Nothing is loaded then.
    ParameterError
        ``data_dir`` is not a folder path (see :func:`data_dir_path`).

    Examples
    --------
    >>> affinity = load("sigma_affinity")
    >>> affinity.loc[affinity.drug == "Fluvoxamine", "ki_sigma1_nm"].item()
    36.0
    >>> affinity.attrs["kind"]
    'as-printed'
    """
    descriptor = resource(name, data_dir)
    path = data_dir_path(data_dir) / descriptor["path"]
    text = read_checked_text(path)
    fields = descriptor["schema"]["fields"]
    field_names = [f["name"] for f in fields]
    header, *rows = read_records(path, text)
    check_header(path, header, field_names)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise DataValidationError([Problem(path, "at least one data row under the header (the "
                                           "file has only its header row)", row=2)])
    values, problems = parse_rows(path, header, rows, descriptor)
    key = content_key(descriptor, text)
    if problems or not is_known_valid(key):
        check_cells(path, header, rows, values, descriptor, problems)
        remember_valid(key)
    columns = {h: [row[i] for row in values] for i, h in enumerate(header)}
    frame = pd.DataFrame({f["name"]: pd.Series(columns[f["name"]], dtype=_DTYPES[f["type"]])
                          for f in fields})
    frame = frame.dropna(how="all").reset_index(drop=True)
    frame.attrs = {
        "name": name,
        "title": descriptor.get("title", name),
        "kind": descriptor.get("kind", "unknown"),
        "sources": descriptor.get("sources", []),
        "path": str(path),
    }
    return frame
