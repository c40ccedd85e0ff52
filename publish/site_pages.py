"""The course website's generated pages, as MyST Markdown: the home page and the datasets page.

Both are written from what the lessons and the data already say, never typed by hand:
the home page from the start page's map (:func:`helpers.contents`), each lesson's
learning aims (its title cell) and the start page's own "Changing the data" section;
the datasets page from ``datapackage.json`` (each field's title, type, unit, allowed
values and description; each dataset's kind and sources). :mod:`publish.site` writes
them into the Sphinx staging folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from helpers.markup import markdown_escape

__all__ = [
    "datasets_page",
    "field_unit",
    "home_page",
    "learning_aims",
    "markdown_section",
    "myst_escape",
    "myst_table",
]

_AIMS = re.compile(r"^\*\*(After this lesson|After reading it)[^*]*\*\*\s*$", re.MULTILINE)
_NUMERIC = {"number", "integer"}


def myst_escape(value: object) -> str:
    r"""Text made safe inside MyST Markdown: :func:`helpers.markup.markdown_escape`, and ``$``.

    MyST reads ``$...$`` as maths, so a dollar sign is escaped too.

    Examples
    --------
    >>> print(myst_escape("ki_nm > 10,000 | $5 *bound*"))
    ki\_nm \> 10,000 \| \$5 \*bound\*
    """
    return markdown_escape(value).replace("$", "\\$")


def myst_table(headings: Sequence[str], rows: Iterable[Sequence[str]], caption: str) -> str:
    r"""A MyST ``table`` directive (a real HTML table with a ``<caption>``) around a pipe table.

    Cells are written as given (Markdown); headings are escaped.

    Examples
    --------
    >>> print(myst_table(["Column", "Unit"], [["ki\\_nm", "nM"]], "Fields"))
    ```{table} Fields
    | Column | Unit |
    |:---|:---|
    | ki\_nm | nM |
    ```
    """
    def line(values: Iterable[str]) -> str:
        return "| " + " | ".join(v.replace("\n", " ") for v in values) + " |"

    rule = "|" + "|".join([":---"] * len(headings)) + "|"
    body = [line(row) for row in rows]
    return "\n".join([f"```{{table}} {caption}", line(myst_escape(h) for h in headings),
                      rule, *body, "```"])


def field_unit(field: dict[str, Any]) -> str:
    """A numeric field's unit: the parenthesised end of its title, else ``""``.

    The data package states units in the titles (``"Ki sigma-1 (nM)"``); text fields
    have none (``"Outcome (as stated)"`` is not a unit).

    Examples
    --------
    >>> field_unit({"type": "number", "title": "Ki sigma-1 (nM)"})
    'nM'
    >>> field_unit({"type": "string", "title": "Outcome (as stated)"})
    ''
    """
    if field.get("type") not in _NUMERIC:
        return ""
    match = re.search(r"\(([^()]*)\)\s*$", str(field.get("title", "")))
    return match.group(1).strip() if match else ""


def _allowed(field: dict[str, Any]) -> str:
    """The field's constraints in words: allowed values, bounds, required."""
    constraints = field.get("constraints", {})
    words = []
    if "enum" in constraints:
        words.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    for key, sign in [("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="),
                      ("exclusiveMaximum", "<")]:
        if key in constraints:
            words.append(f"{myst_escape(sign)} {constraints[key]}")
    if constraints.get("required"):
        words.append("required")
    return "; ".join(words)


def _source(source: dict[str, Any]) -> str:
    """One source as a Markdown list item, linked where it has an address."""
    title = myst_escape(source.get("title") or source.get("short") or "")
    role = f"*{myst_escape(source['role'])}*: " if source.get("role") else ""
    path = str(source.get("path", ""))
    link = f" <{path}>" if path.startswith(("http://", "https://")) else ""
    return f"- {role}{title}{link}"


def datasets_page(package: dict[str, Any], mark: str | None = None) -> str:
    r"""The datasets page: one section per dataset of the data package.

    Parameters
    ----------
    package : dict
        The parsed ``datapackage.json`` (``resources`` with ``schema.fields``).
    mark : str or None
        The changed-data mark of a build from a copy of the data, said first.

    Returns
    -------
    str
        MyST Markdown: per dataset its title, file, kind, description, sources and a
        table of its columns (column, title, type, unit, allowed values, description).

    Examples
    --------
    >>> page = datasets_page({"resources": [{"name": "t", "path": "t.csv", "kind": "as-printed",
    ...     "title": "T", "schema": {"fields": [{"name": "ki_nm", "type": "number",
    ...     "title": "Ki (nM)"}]}}]})
    >>> "| `ki_nm` | Ki (nM) | number | nM |" in page
    True
    """
    lines = ["(datasets)=", "# The datasets", ""]
    if mark:
        lines += [f"**{myst_escape(mark)}**", ""]
    lines += [myst_escape(package.get("description", "")), "",
              "Kinds of values: **as-printed** (transcribed exactly from the newsletter, printed "
              "errors included), **literature** (from a cited original publication), **derived** "
              "(computed, never stored), **illustrative** (made up to show a shape the text "
              "describes in words only).", ""]
    for resource in package["resources"]:
        name = resource["name"]
        lines += [f"## {myst_escape(resource.get('title', name))}", "",
                  f"File `{resource.get('path', name)}` (dataset `{name}`), "
                  f"kind of values: **{myst_escape(resource.get('kind', 'unknown'))}**.", ""]
        if resource.get("description"):
            lines += [myst_escape(resource["description"]), ""]
        if resource.get("sources"):
            lines += ["Sources:", "", *[_source(s) for s in resource["sources"]], ""]
        rows = [[f"`{f['name']}`", myst_escape(f.get("title", "")),
                 myst_escape(f.get("type", "")), myst_escape(field_unit(f)),
                 _allowed(f), myst_escape(f.get("description", ""))]
                for f in resource.get("schema", {}).get("fields", [])]
        lines += [myst_table(["Column", "Title", "Type", "Unit", "Allowed values",
                              "Description"], rows, f"Columns of {name}"), ""]
    return "\n".join(lines)


def learning_aims(notebook: dict[str, Any]) -> str:
    r"""The title cell's "After this lesson you can" list, as Markdown (``""`` if none).

    Examples
    --------
    >>> learning_aims({"cells": [{"cell_type": "markdown", "source":
    ...     "# T\n\n**After this lesson you can**\n\n- read a Ki;\n- compare two.\n"}]})
    '- read a Ki;\n- compare two.'
    """
    first = next((c for c in notebook["cells"] if c["cell_type"] == "markdown"), None)
    source = "".join(first["source"]) if first else ""
    match = _AIMS.search(source)
    if not match:
        return ""
    items = []
    for line in source[match.end():].strip("\n").splitlines():
        if not line.strip():
            break
        items.append(line.rstrip())
    return "\n".join(items)


def markdown_section(notebook: dict[str, Any], heading: str) -> str:
    """The body of the Markdown cell whose first line is ``## heading`` (``""`` if none)."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        first, _, body = source.partition("\n")
        if first.strip().lstrip("#").strip() == heading and first.startswith("##"):
            return body.strip()
    return ""


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def home_page(start: Path, lessons: Sequence[Path], mark: str | None = None) -> str:
    """The home page: the map of lessons, their learning aims, teaching with changed data.

    Parameters
    ----------
    start : Path
        The start page notebook (its title and first paragraph, and its "Changing the
        data" section are reused word for word).
    lessons : sequence of Path
        The lesson notebooks in teaching order (each becomes a page of the same stem).
    mark : str or None
        The changed-data mark of a build from a copy of the data.

    Returns
    -------
    str
        MyST Markdown, with a hidden table of contents of the lessons and the datasets page.
    """
    from helpers.lesson_map import contents

    page = _read(start)
    intro = "".join(page["cells"][0]["source"]).split("\n\n")
    title = intro[0].lstrip("# ").strip()
    lines = [f"# {title}", ""]
    if mark:
        lines += [f"**{myst_escape(mark)}**", ""]
    lines += [intro[1].strip() if len(intro) > 1 else "", "",
              "Each lesson below is shown as it was run for the handouts: its text, tables, "
              "charts (each with its text alternative) and code. Setup code is folded; "
              "solutions open with **Show solution**. Each page links its PDF handouts, its "
              "slide figures and its notebook. The [datasets page](datasets.md) describes "
              "every dataset.", ""]
    toc = contents(Path(lessons[0]).parent) if lessons else None
    names = {Path(p).name for p in lessons}

    def cell(heading: str, value: str) -> str:
        if heading in ("Notebook", "Used by") and value.endswith(".ipynb"):
            return ", ".join(f"[{myst_escape(v)}]({v})" if v in names else myst_escape(v)
                             for v in value.split(", "))
        return myst_escape(value)

    lines += ["## Which lesson rebuilds what", ""]
    for caption, headings, rows in (toc.tables() if toc else []):
        lines += [myst_table(headings, [[cell(h, v) for h, v in zip(headings, row, strict=True)]
                                        for row in rows], caption), ""]
    lines += ["## Learning aims", ""]
    for path in lessons:
        notebook = _read(path)
        heading = "".join(notebook["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
        aims = learning_aims(notebook)
        lines += [f"### [{myst_escape(heading)}]({Path(path).name})", "",
                  "After this lesson you can:" if aims else "", "", aims, ""]
    changing = markdown_section(page, "Changing the data")
    if changing:
        lines += ["## Teaching with changed data", "", changing, "",
                  "`make site DATA=my-data` builds this website from the copy, into "
                  "`build/site-my-data/`, with the changed-data mark on every page.", ""]
    lines += ["```{toctree}", ":hidden:", ":maxdepth: 1", "",
              *[Path(p).stem for p in lessons], "datasets", "```", ""]
    return "\n".join(lines)
