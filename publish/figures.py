"""The charts of an executed notebook, with their text alternatives, as files for slides.

Every chart cell ends with :func:`helpers.show`, which emits the image and then
a Markdown output whose metadata carries the text alternative
(:data:`helpers.project.ALT_TEXT_KEY`). :func:`collect_figures` pairs each
image with that alternative (and refuses an image that has none) and names it
for what it rebuilds (the rules: :mod:`publish.figure_names`); :func:`write_figures`
writes ``NAME.svg``, ``NAME.png`` (300 dpi) and ``NAME.txt`` (the alternative) for
each, and ``index.csv``; :func:`publish.figure_index.write_index` writes ``index.html``
and ``index.csv`` over all notebooks.

Charts built from a teacher's copy of the data carry a mark (``mark``): a red
band above the chart in the SVG and PNG, and a first line in the TXT and the
index, so a slide can never pass for the shipped data (:mod:`publish.changed_data`).
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

from helpers.project import ALT_TEXT_KEY, FOOTNOTE_GID, SOLUTION_TAG
from publish.changed_data import SLIDE_PPI, mark_png, mark_svg
from publish.figure_index import write_csv
from publish.figure_names import chart_name, declared, exercises, headings
from publish.typst_markup import typst_string

__all__ = ["Figure", "MissingAltTextError", "collect_figures", "svg_source", "write_figures"]


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
    name : str
        The file stem for slides (see the module docstring), unique in the notebook.
    rebuilds : str
        The newsletter items it rebuilds ("Figure 7", "Table 1"), or "".
    caption : str
        The headings it sits under, as plain text ("Figure 7: choice reaction time ...").
    """

    number: int
    alt: str
    cell: int
    image_output: int
    alt_output: int
    svg: str | None
    png: bytes | None
    name: str = ""
    rebuilds: str = ""
    caption: str = ""

    @property
    def source(self) -> str:
        """The source line drawn under the chart (from its SVG), or "" if it has none."""
        return svg_source(self.svg) if self.svg else ""


def _is_image(output: dict) -> bool:
    return any(key.startswith("image/") for key in output.get("data", {}))


def collect_figures(notebook: dict, name: str) -> list[Figure]:
    """Every chart of an executed notebook, paired with its text alternative and named.

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
    >>> heading = {"cell_type": "markdown", "source": "## 4. Figure 7: choice reaction time"}
    >>> cell = {"cell_type": "code", "execution_count": 3, "outputs": [
    ...     {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>"}},
    ...     {"output_type": "display_data", "data": {"text/markdown": "..."},
    ...      "metadata": {ALT_TEXT_KEY: "Bar chart of Ki."}}]}
    >>> [(f.number, f.alt, f.name) for f in collect_figures({"cells": [heading, cell]}, "x.ipynb")]
    [(1, 'Bar chart of Ki.', 'newsletter-figure-7-choice-reaction-time')]
    >>> _ = cell["outputs"].pop()
    >>> collect_figures({"cells": [cell]}, "x.ipynb")
    Traceback (most recent call last):
    ...
    publish.figures.MissingAltTextError: x.ipynb, cell 1 (In [3]): chart 1 has no text \
alternative; end the cell with helpers.show(fig, alt="...")
    """
    figures: list[Figure] = []
    path: dict[int, str] = {}
    exercise: str | None = None
    for c, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") == "markdown":
            source = _text(cell.get("source", ""))
            for level, text in headings(source):
                path = {k: v for k, v in path.items() if k < level}
                path[level] = text
                exercise = None
            exercise = ([*exercises(source)] or [exercise])[-1]
            continue
        outputs = cell.get("outputs", [])
        solution = SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])
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
            alt = str(outputs[alt_index]["metadata"][ALT_TEXT_KEY]).strip()
            stem, rebuilds, caption = chart_name(path, exercise, solution, alt,
                                                  declared(outputs[alt_index]["metadata"]))
            figures.append(Figure(
                number=number, alt=alt, cell=c, image_output=i, alt_output=alt_index,
                svg=_text(data["image/svg+xml"]) if "image/svg+xml" in data else None,
                png=base64.b64decode(_text(png)) if png else None,
                name=stem, rebuilds=rebuilds, caption=caption))
    return _unique(figures)


def _unique(figures: list[Figure]) -> list[Figure]:
    """Tell apart charts that got the same name: ``-2``, ``-3`` in notebook order."""
    taken: set[str] = set()
    result = []
    for figure in figures:
        name, n = figure.name, 1
        while name in taken:
            n += 1
            name = f"{figure.name}-{n}"
        taken.add(name)
        result.append(replace(figure, name=name))
    return result


def _text(value: str | list[str]) -> str:
    """Notebook strings may be stored as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def svg_source(svg: str) -> str:
    """The text of the chart's source line (matplotlib writes each text as a comment).

    Examples
    --------
    >>> svg_source(f'<svg xmlns="http://www.w3.org/2000/svg"><g id="{FOOTNOTE_GID}">'
    ...            '<!-- Source: Goodman &amp; Gilman, -->'
    ...            '<g><!-- Table 15-4 --></g></g></svg>')
    'Source: Goodman & Gilman, Table 15-4'
    """
    try:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        root = ET.fromstring(svg.encode(), parser=parser)
    except ET.ParseError:
        return ""
    for element in root.iter():
        if element.get("id") == FOOTNOTE_GID:
            # matplotlib escapes the text it writes into comments (&amp;), and XML leaves
            # comments as they are
            lines = [html.unescape(str(e.text)).strip() for e in element.iter()
                     if e.tag is ET.Comment]
            return " ".join(" ".join(lines).split())
    return ""


def write_figures(figures: list[Figure], folder: Path, mark: str | None = None) -> list[Path]:
    """Write ``NAME.svg`` (when there is one), ``NAME.png``, ``NAME.txt`` and ``index.csv``.

    The PNG is rendered from the SVG at 300 dpi on a white background; a figure
    without SVG keeps the PNG the notebook holds.

    Parameters
    ----------
    figures : list of Figure
        From :func:`collect_figures`.
    folder : Path
        The notebook's figure folder (created).
    mark : str or None
        For charts built from a teacher's copy of the data: the changed-data
        text, drawn as a band above each chart and written as the first line of
        each TXT and in the index's ``data`` column.

    Returns
    -------
    list of Path
        Per figure, the file the PDF should show (the SVG where there is one).
    """
    import typst

    folder.mkdir(parents=True, exist_ok=True)
    shown: list[Path] = []
    for figure in figures:
        stem = folder / figure.name
        alternative = figure.alt if mark is None else f"{mark}\n{figure.alt}"
        Path(f"{stem}.txt").write_text(alternative + "\n", encoding="utf-8")
        if figure.svg is not None:
            svg = Path(f"{stem}.svg")
            svg.write_text(figure.svg if mark is None else mark_svg(figure.svg, mark),
                           encoding="utf-8")
            page = (f'#set page(width: auto, height: auto, margin: 0pt, fill: white)\n'
                    f'#image({typst_string(svg.name)})\n')
            png = typst.compile(page.encode(), root=str(folder), format="png", ppi=SLIDE_PPI,
                                ignore_system_fonts=True)
            Path(f"{stem}.png").write_bytes(png)
            shown.append(svg)
        elif figure.png is not None:
            Path(f"{stem}.png").write_bytes(figure.png if mark is None
                                            else mark_png(figure.png, mark))
            shown.append(Path(f"{stem}.png"))
        else:
            raise ValueError(f"figure {figure.number} has neither SVG nor PNG data")
    write_csv(folder / "index.csv", [_index_row(folder.name, f, mark) for f in figures])
    return shown


def _index_row(notebook: str, figure: Figure, mark: str | None) -> dict[str, str]:
    """The index row of one chart of notebook folder ``notebook`` (``mark``: changed data)."""
    return {"notebook": notebook, "chart": str(figure.number), "file": f"{figure.name}.png",
            "rebuilds": figure.rebuilds, "caption": figure.caption, "source": figure.source,
            "text_alternative": figure.alt, "data": mark or "shipped data"}
