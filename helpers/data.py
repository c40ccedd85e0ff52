"""Find, validate and load the project's datasets.

Every dataset is a resource of the Frictionless Data Package in ``data/``.
:func:`load` validates the CSV against its schema and returns a DataFrame
whose ``attrs`` carry the provenance (title, kind, sources).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.errors import DataValidationError, Problem
from helpers.validated import content_key, is_known_valid, remember_valid
from helpers.validation import check_cells, check_header, read_checked_text

__all__ = ["DATA_DIR", "PACKAGE_FILE", "data_dir_path", "load", "read_package", "resource"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The shipped data directory, found from this file, never from the working directory."""

PACKAGE_FILE = "datapackage.json"

_DTYPES = {"string": "string", "number": "float64", "integer": "Int64", "boolean": "boolean"}


def data_dir_path(data_dir: str | PathLike[str] | None = None) -> Path:
    """Return the data directory to use.

    Parameters
    ----------
    data_dir : path-like or None
        A teacher's copy of ``data/``; None means the shipped ``data/``.
        A relative path is taken from the current working directory.

    Examples
    --------
    >>> data_dir_path() == DATA_DIR
    True
    """
    return DATA_DIR if data_dir is None else Path(data_dir).expanduser().resolve()


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
        line = exc.doc.splitlines()[exc.lineno - 1] if exc.doc.splitlines() else ""
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
    check_header(path, text, field_names)
    key = content_key(descriptor, text)
    if not is_known_valid(key):
        check_cells(path, text, descriptor)
        remember_valid(key)
    frame = pd.read_csv(
        io.StringIO(text),
        dtype={f["name"]: _DTYPES[f["type"]] for f in fields},
        keep_default_na=False,
        na_values={f["name"]: [""] for f in fields},
    )
    frame = frame.dropna(how="all")[field_names].reset_index(drop=True)
    frame.attrs = {
        "name": name,
        "title": descriptor.get("title", name),
        "kind": descriptor.get("kind", "unknown"),
        "sources": descriptor.get("sources", []),
        "path": str(path),
    }
    if data_dir_path(data_dir) != DATA_DIR:
        from helpers.changes import announce_changes

        announce_changes(frame)  # a banner listing every value that differs from data/
    return frame
