"""One executed notebook to one handout PDF: pandoc (``ipynb`` to Typst) and Typst.

The notebook is first trimmed for pandoc: where an output has a Markdown form
(tables, source lists) only that form is kept, so pandoc typesets it; warnings
(``stderr``) are left out; each
chart and its description become one Typst figure that shows the chart's file,
with the description as caption and as the image's alternative text. Pandoc
then applies ``handout.lua`` (cell tags, versions, title block) and the
``handout.typ`` template; Typst compiles the result with its bundled fonts only,
so the same inputs give the same bytes on any machine.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

from helpers.figures import Figure

__all__ = ["PAPERS", "PDF_STANDARDS", "VERSIONS", "HandoutError", "prepare", "render_pdf",
           "to_typst"]

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "handout.typ"
FILTER = HERE / "handout.lua"
VERSIONS = ("student", "instructor")
PAPERS = {"a4": "a4", "letter": "us-letter", "us-letter": "us-letter"}
# Accessibility (issue 9): tagged PDF/UA-1; Typst refuses a document that breaks it
# (an image without alt text, no title or language).
PDF_STANDARDS = ("ua-1",)


class HandoutError(RuntimeError):
    """Pandoc or Typst could not make a handout; the message names the notebook."""


def typst_string(text: str) -> str:
    r"""A Typst string literal.

    Examples
    --------
    >>> print(typst_string('Ki "ratio" \\ 5'))
    "Ki \"ratio\" \\ 5"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _figure_block(figure: Figure, path: str) -> str:
    """Markdown holding a raw Typst figure: the chart, its caption and its alt text."""
    alt = typst_string(figure.alt)
    return ("```{=typst}\n"
            f"#figure(image({typst_string(path)}, alt: {alt}, width: 100%),\n"
            f"  caption: [#{alt}])\n"
            "```\n")


def prepare(notebook: dict, figures: list[Figure], paths: list[str]) -> dict:
    """A copy of the notebook trimmed for pandoc.

    Parameters
    ----------
    notebook : dict
        The executed notebook (not changed).
    figures : list of Figure
        From :func:`helpers.figures.collect_figures`.
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
    for cell in trimmed["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                output["data"] = {"text/markdown": data["text/markdown"]}
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


def to_typst(notebook: dict, version: str, name: str, paper: str = "a4") -> str:
    """Typst source of one handout (pandoc with the project's filter and template).

    Parameters
    ----------
    notebook : dict
        A notebook from :func:`prepare`.
    version : {"student", "instructor"}
    name : str
        The notebook's file name (shown in the title block).
    paper : {"a4", "letter"}
    """
    import pypandoc

    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, not {paper!r}")
    command = [pypandoc.get_pandoc_path(), "--from=ipynb", "--to=typst",
               f"--template={TEMPLATE}", f"--lua-filter={FILTER}", "--wrap=preserve",
               f"--metadata=version:{version}", f"--variable=version:{version}",
               f"--variable=notebook:{Path(name).stem}", f"--variable=papersize:{PAPERS[paper]}",
               "--variable=lang:en", "--variable=region:GB"]
    result = subprocess.run(command, input=json.dumps(notebook).encode(), capture_output=True,
                            check=False, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if result.returncode != 0:
        raise HandoutError(f"{name}: pandoc failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode()


def render_pdf(source: Path, root: Path, name: str) -> bytes:
    """Compile a Typst file to tagged PDF/UA-1 with the bundled fonts only (no date).

    Parameters
    ----------
    source : Path
        The ``.typ`` file.
    root : Path
        The folder Typst may read from (the source and the figures lie below it).
    name : str
        The notebook's file name, for messages.
    """
    import typst

    try:
        return typst.compile(str(source), root=str(root), font_paths=[],
                             ignore_system_fonts=True, pdf_standards=list(PDF_STANDARDS))
    except typst.TypstError as exc:
        raise HandoutError(f"{name}: Typst failed on {source.name}: {exc}") from None
