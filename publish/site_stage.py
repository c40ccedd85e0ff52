"""An executed lesson as the course website shows it: MyST-NB's tags and options set, per cell.

The website (:mod:`publish.site`) never edits ``notebooks/``: it stages a copy of each
executed lesson and marks it for MyST-NB with its documented cell metadata
(https://myst-nb.readthedocs.io/en/latest/render/hiding.html and
.../render/format_code_cells.html#images):

- cells tagged ``teacher`` (:data:`helpers.project.TEACHER_TAG`) are left out;
- setup cells (:data:`~helpers.project.SETUP_TAG`) and papermill's injected parameters get
  ``hide-input``: their code folded, their output shown, as in the student handout;
- solution cells (:data:`~helpers.project.SOLUTION_TAG`) get ``hide-cell`` with the prompts
  "Show solution" / "Hide solution": the code and its output open on request;
- a chart's text alternative (the next output's metadata under
  :data:`~helpers.project.ALT_TEXT_KEY`, written by ``helpers.show``) becomes the cell's
  ``mystnb.image.alt``, which MyST-NB writes as the image's ``alt`` attribute;
- a Markdown cell after the title links the lesson's PDFs, slide figures and notebook.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Sequence
from typing import Any

from helpers.project import (
    ALT_TEXT_KEY,
    INJECTED_PARAMETERS_TAG,
    SETUP_TAG,
    SOLUTION_TAG,
    TEACHER_TAG,
)

__all__ = [
    "HIDE_SOLUTION",
    "IMAGE_TYPES",
    "SHOW_SOLUTION",
    "SiteStageError",
    "downloads_cell",
    "stage_notebook",
]

SHOW_SOLUTION = "Show solution"
"""The prompt on a folded solution (MyST-NB's ``code_prompt_show``)."""

HIDE_SOLUTION = "Hide solution"
"""The prompt on an opened solution (MyST-NB's ``code_prompt_hide``)."""

IMAGE_TYPES = ("image/svg+xml", "image/png", "image/jpeg", "image/gif")
"""The output types MyST-NB renders as ``<img>``."""


class SiteStageError(ValueError):
    """A lesson cannot be shown as the website needs it (names notebook and cell)."""


def _tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _add_tag(cell: dict[str, Any], tag: str) -> None:
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if tag not in tags:
        tags.append(tag)


def _alt_text(cell: dict[str, Any], name: str, number: int) -> str | None:
    """The text alternative of the cell's chart, or None if the cell draws none.

    Raises
    ------
    SiteStageError
        More than one chart in the cell, or a chart without a text alternative.
    """
    outputs = cell.get("outputs", [])
    images = [i for i, o in enumerate(outputs) if any(t in o.get("data", {}) for t in IMAGE_TYPES)]
    if not images:
        return None
    if len(images) > 1:
        raise SiteStageError(f"{name}, cell {number}: {len(images)} charts in one cell; the "
                             "website needs one chart a cell (split the cell)")
    alt = next((str(o["metadata"][ALT_TEXT_KEY]).strip() for o in outputs[images[0] + 1:]
                if ALT_TEXT_KEY in o.get("metadata", {})), "")
    if not alt:
        raise SiteStageError(f"{name}, cell {number}: the chart has no text alternative; "
                             'end the cell with helpers.show(fig, alt="...")')
    return alt


def stage_notebook(notebook: dict[str, Any], name: str,
                   links: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """A copy of an executed notebook, marked for the website (see the module docstring).

    Parameters
    ----------
    notebook : dict
        The executed notebook (nbformat 4, as a dict or NotebookNode); not modified.
    name : str
        Its file name, for messages.
    links : sequence of (str, str)
        (text, relative address) of the lesson's downloads, listed after the title cell.

    Returns
    -------
    dict
        The staged copy.

    Raises
    ------
    SiteStageError
        A chart without a text alternative, or two charts in one cell.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "source": "x", "outputs": [],
    ...        "metadata": {"tags": ["solution"]}}]}
    >>> cell = stage_notebook(nb, "x.ipynb")["cells"][0]
    >>> cell["metadata"]["tags"], cell["metadata"]["mystnb"]["code_prompt_show"]
    (['solution', 'hide-cell'], 'Show solution')
    """
    staged = copy.deepcopy(dict(notebook))
    cells = []
    for number, cell in enumerate(staged["cells"], start=1):
        tags = _tags(cell)
        if TEACHER_TAG in tags:
            continue
        if cell.get("cell_type") == "code":
            if SETUP_TAG in tags or INJECTED_PARAMETERS_TAG in tags:
                _add_tag(cell, "hide-input")
            if SOLUTION_TAG in tags:
                _add_tag(cell, "hide-cell")
                cell["metadata"].setdefault("mystnb", {}).update(
                    code_prompt_show=SHOW_SOLUTION, code_prompt_hide=HIDE_SOLUTION)
            alt = _alt_text(cell, name, number)
            if alt is not None:
                mystnb = cell.setdefault("metadata", {}).setdefault("mystnb", {})
                mystnb.setdefault("image", {})["alt"] = alt
        cells.append(cell)
    if links:
        at = next((i + 1 for i, c in enumerate(cells) if c.get("cell_type") == "markdown"), 0)
        cells.insert(at, downloads_cell(links))
    staged["cells"] = cells
    return staged


def downloads_cell(links: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A Markdown cell listing the lesson's downloads as plain links.

    Examples
    --------
    >>> print(downloads_cell([("Student handout (PDF)", "downloads/x/student.pdf")])["source"])
    **Downloads:** <a href="downloads/x/student.pdf">Student handout (PDF)</a>
    """
    items = " · ".join(f'<a href="{html.escape(href)}">{html.escape(text)}</a>'
                       for text, href in links)
    return {"cell_type": "markdown", "id": "site-downloads", "metadata": {},
            "source": f"**Downloads:** {items}"}
