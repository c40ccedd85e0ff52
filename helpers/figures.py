"""The charts of an executed notebook, with their text alternatives, as files for slides.

Every chart cell ends with :func:`helpers.show`, which emits the image and then
a Markdown output whose metadata carries the text alternative
(:data:`helpers.plotting.ALT_TEXT_KEY`). :func:`collect_figures` pairs each
image with that alternative and refuses an image that has none;
:func:`write_figures` writes ``figure-K.svg``, ``figure-K.png`` (300 dpi) and
``figure-K.txt`` (the alternative) for each.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from helpers.plotting import ALT_TEXT_KEY

__all__ = ["Figure", "MissingAltTextError", "collect_figures", "write_figures"]

SLIDE_PPI = 300


class MissingAltTextError(ValueError):
    """An image in a notebook has no text alternative; the message names notebook and figure."""


@dataclass(frozen=True)
class Figure:
    """One chart of a notebook.

    Attributes
    ----------
    number : int
        1, 2, ... in the order of the notebook.
    alt : str
        The text alternative (from ``helpers.show(fig, alt=...)``).
    cell : int
        Index of the cell in the notebook.
    image_output, alt_output : int
        Indices, in that cell's outputs, of the image and of its description.
    svg : str or None
        The SVG form, when the kernel emitted one (handout builds ask for it).
    png : bytes or None
        The PNG form as the notebook holds it.
    """

    number: int
    alt: str
    cell: int
    image_output: int
    alt_output: int
    svg: str | None
    png: bytes | None


def _is_image(output: dict) -> bool:
    return any(key.startswith("image/") for key in output.get("data", {}))


def collect_figures(notebook: dict, name: str) -> list[Figure]:
    """Every chart of an executed notebook, paired with its text alternative.

    Parameters
    ----------
    notebook : dict or NotebookNode
        The executed notebook.
    name : str
        Its file name, for messages.

    Raises
    ------
    MissingAltTextError
        An image is not followed, in its cell, by a description from ``helpers.show``.

    Examples
    --------
    >>> cell = {"cell_type": "code", "execution_count": 3, "outputs": [
    ...     {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>"}},
    ...     {"output_type": "display_data", "data": {"text/markdown": "..."},
    ...      "metadata": {ALT_TEXT_KEY: "Bar chart of Ki."}}]}
    >>> [(f.number, f.alt) for f in collect_figures({"cells": [cell]}, "x.ipynb")]
    [(1, 'Bar chart of Ki.')]
    >>> _ = cell["outputs"].pop()
    >>> collect_figures({"cells": [cell]}, "x.ipynb")
    Traceback (most recent call last):
    ...
    helpers.figures.MissingAltTextError: x.ipynb, cell 1 (In [3]): chart 1 has no text \
alternative; end the cell with helpers.show(fig, alt="...")
    """
    figures: list[Figure] = []
    for c, cell in enumerate(notebook["cells"]):
        outputs = cell.get("outputs", [])
        for i, output in enumerate(outputs):
            if not _is_image(output):
                continue
            number = len(figures) + 1
            alt_index = next((j for j in range(i + 1, len(outputs))
                              if ALT_TEXT_KEY in outputs[j].get("metadata", {})), None)
            if alt_index is None or not str(outputs[alt_index]["metadata"][ALT_TEXT_KEY]).strip():
                count = cell.get("execution_count")
                where = f"cell {c + 1}" + (f" (In [{count}])" if count else "")
                raise MissingAltTextError(
                    f"{name}, {where}: chart {number} has no text alternative; "
                    'end the cell with helpers.show(fig, alt="...")')
            data = output["data"]
            png = data.get("image/png")
            figures.append(Figure(
                number=number, alt=str(outputs[alt_index]["metadata"][ALT_TEXT_KEY]).strip(),
                cell=c, image_output=i, alt_output=alt_index,
                svg=_text(data["image/svg+xml"]) if "image/svg+xml" in data else None,
                png=base64.b64decode(_text(png)) if png else None))
    return figures


def _text(value: str | list[str]) -> str:
    """Notebook strings may be stored as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def write_figures(figures: list[Figure], folder: Path) -> list[Path]:
    """Write ``figure-K.svg`` (when there is one), ``figure-K.png`` and ``figure-K.txt``.

    The PNG is rendered from the SVG at 300 dpi on a white background; a figure
    without SVG keeps the PNG the notebook holds.

    Returns
    -------
    list of Path
        Per figure, the file the PDF should show (the SVG where there is one).
    """
    import typst

    folder.mkdir(parents=True, exist_ok=True)
    shown: list[Path] = []
    for figure in figures:
        stem = folder / f"figure-{figure.number}"
        stem.with_suffix(".txt").write_text(figure.alt + "\n", encoding="utf-8")
        if figure.svg is not None:
            svg = stem.with_suffix(".svg")
            svg.write_text(figure.svg, encoding="utf-8")
            page = (f'#set page(width: auto, height: auto, margin: 0pt, fill: white)\n'
                    f'#image("{svg.name}")\n')
            png = typst.compile(page.encode(), root=str(folder), format="png", ppi=SLIDE_PPI,
                                ignore_system_fonts=True)
            stem.with_suffix(".png").write_bytes(png)
            shown.append(svg)
        elif figure.png is not None:
            stem.with_suffix(".png").write_bytes(figure.png)
            shown.append(stem.with_suffix(".png"))
        else:
            raise ValueError(f"figure {figure.number} has neither SVG nor PNG data")
    return shown
