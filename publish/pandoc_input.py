"""An executed notebook trimmed for pandoc: what the handout filter reads.

Where an output has a Markdown form (tables, source lists) only that form is kept, so
pandoc typesets it; a code cell's HTML (a DataFrame) is kept as HTML, unless it is a
widget or player; warnings (``stderr``) are left out. Each chart and its description
become one Typst figure that shows the chart's file, with the description as caption and
as the image's alternative text. Each Markdown cell is rendered as JupyterLab shows it
(:mod:`publish.markdown_cells`) and every cell is numbered as a reader counts it, for
messages. The cell attributes the filter reads are named in :data:`CELL_KEYS`.
"""

from __future__ import annotations

import copy
import re

from helpers.project import INJECTED_PARAMETERS_TAG
from publish.figures import Figure
from publish.typst_markup import typst_string

__all__ = ["CELL_KEY", "CELL_KEYS", "ERROR_KEY", "MARKDOWN_KEY", "prepare"]

CELL_KEY = "handout-cell"
"""Cell metadata: the cell's number in the stored notebook (from 1, Markdown cells too)."""

MARKDOWN_KEY = "handout-markdown"
"""Cell metadata: a Markdown cell, rendered to HTML as JupyterLab shows it."""

ERROR_KEY = "handout-error"
"""Cell metadata: what in that Markdown cell cannot reach the handout."""

CELL_KEYS = {"CELL_KEY": CELL_KEY, "MARKDOWN_KEY": MARKDOWN_KEY, "ERROR_KEY": ERROR_KEY}
"""The cell attributes above by name, passed to the handout filter with the cell tags."""

_DYNAMIC_HTML = re.compile(r"<\s*(script|iframe|object|embed|canvas|video|audio)\b", re.IGNORECASE)


def _figure_block(figure: Figure, path: str) -> str:
    """Markdown holding a raw Typst figure: the chart, its caption and its alt text."""
    alt = typst_string(figure.alt)
    return ("```{=typst}\n"
            f"#figure(image({typst_string(path)}, alt: {alt}, width: 100%),\n"
            f"  caption: [#{alt}])\n"
            "```\n")


def _markdown_as_html(cell: dict) -> None:
    """Turn a Markdown cell into a raw HTML cell holding what JupyterLab shows (in place)."""
    from publish.markdown_cells import MarkdownCellError, to_html  # nbconvert: imported on use

    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        rendered = to_html(source, cell.pop("attachments", None))
    except MarkdownCellError as exc:
        rendered = ""
        cell["metadata"][ERROR_KEY] = str(exc)
    cell["cell_type"] = "raw"
    cell["metadata"].update({"format": "text/html", MARKDOWN_KEY: True})
    cell["source"] = rendered


def prepare(notebook: dict, figures: list[Figure], paths: list[str]) -> dict:
    """A copy of the notebook trimmed for pandoc.

    Parameters
    ----------
    notebook : dict
        The executed notebook (not changed).
    figures : list of Figure
        From :func:`publish.figures.collect_figures`.
    paths : list of str
        Per figure, the path of its file as the Typst source will see it.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "execute_result",
    ...       "data": {"text/plain": "x", "text/html": "<b>x</b>", "text/markdown": "**x**"}}]}]}
    >>> prepare(nb, [], [])["cells"][0]["outputs"][0]["data"]
    {'text/markdown': '**x**'}
    """
    trimmed = copy.deepcopy(dict(notebook))
    number = 0
    for cell in trimmed["cells"]:
        metadata = cell.setdefault("metadata", {})
        if INJECTED_PARAMETERS_TAG not in metadata.get("tags", []):
            number += 1
        metadata[CELL_KEY] = number
        if cell.get("cell_type") == "markdown":
            _markdown_as_html(cell)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                output["data"] = {"text/markdown": data["text/markdown"]}
            elif "text/html" in data:
                # JupyterLab shows the HTML (a DataFrame's table): typeset it, unless it is
                # a widget or player (scripts, frames), which only its plain text can stand for.
                html = data["text/html"]
                html = "".join(html) if isinstance(html, list) else html
                if _DYNAMIC_HTML.search(html):
                    output["data"] = {k: v for k, v in data.items() if k != "text/html"}
                else:
                    output["data"] = {"text/html": html}
    for figure, path in zip(figures, paths, strict=True):
        outputs = trimmed["cells"][figure.cell]["outputs"]
        outputs[figure.image_output] = {
            "output_type": "display_data", "metadata": {},
            "data": {"text/markdown": _figure_block(figure, path)}}
        outputs[figure.alt_output] = None
    for cell in trimmed["cells"]:
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"]
                               if o is not None and o.get("name") != "stderr"]
    return trimmed
