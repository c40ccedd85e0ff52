"""One executed notebook to one handout PDF: pandoc (``ipynb`` to Typst) and Typst.

The notebook is first trimmed for pandoc: where an output has a Markdown form
(tables, source lists) only that form is kept, so pandoc typesets it; warnings
(``stderr``) are left out; each
chart and its description become one Typst figure that shows the chart's file,
with the description as caption and as the image's alternative text; each
Markdown cell is rendered as JupyterLab shows it (:mod:`helpers.markdown_cells`)
and every cell is numbered, for messages. Pandoc then applies ``handout.lua``
(cell tags, versions, title block, raw HTML, images, tables, maths) and the
``handout.typ`` template; Typst compiles the result with its bundled fonts and
the Noto fonts of the ``handouts`` extra only (never the system's), so the same
inputs give the same bytes on any machine.

What cannot reach the handout (HTML a PDF cannot show, an image not found, a
character no font has) raises :class:`HandoutError` with one line naming the
notebook, the cell and the construct.
"""

from __future__ import annotations

import atexit
import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from pathlib import Path

from helpers.figures import Figure

__all__ = ["FONT_PACKAGES", "PAPERS", "PDF_STANDARDS", "VERSIONS", "HandoutError", "font_paths",
           "prepare", "render_pdf", "to_typst"]

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "handout.typ"
FILTER = HERE / "handout.lua"
VERSIONS = ("student", "instructor")
PAPERS = {"a4": "a4", "letter": "us-letter", "us-letter": "us-letter"}
# Accessibility (issue 9): tagged PDF/UA-1; Typst refuses a document that breaks it
# (an image without alt text, no title or language).
PDF_STANDARDS = ("ua-1",)
# Fallback fonts (Noto, SIL Open Font License 1.1) from the `handouts` extra: every script
# and emoji a teacher may type; handout.typ names the families in order.
FONT_PACKAGES = ("manimgx_fonts", "manimgx_fonts_cjk")
CELL_KEY = "handout-cell"
MEDIA = "media"
_PANDOC_ERROR = re.compile(r"HANDOUT-ERROR: (.*)")
_GLYPH_ERROR = re.compile(r'the text `"(.*?)"` could not be displayed')
_CELL_MARKER = re.compile(r"^// (cell \d+)$")
_TITLE_MARKER = re.compile(r"^// title: (cell \d+)$")
_DYNAMIC_HTML = re.compile(r"<\s*(script|iframe|object|embed|canvas|video|audio)\b", re.IGNORECASE)
_MEDIA_REFERENCE = re.compile(r'md-image\("media/([0-9a-f]+\.[a-z]+)"')
_cache: list[Path] = []
_cache_lock = threading.Lock()


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


def _markdown_as_html(cell: dict) -> None:
    """Turn a Markdown cell into a raw HTML cell holding what JupyterLab shows (in place)."""
    from helpers.markdown_cells import MarkdownCellError, to_html  # nbconvert: imported on use

    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    try:
        rendered = to_html(source, cell.pop("attachments", None))
    except MarkdownCellError as exc:
        rendered = ""
        cell["metadata"]["handout-error"] = str(exc)
    cell["cell_type"] = "raw"
    cell["metadata"].update({"format": "text/html", "handout-markdown": True})
    cell["source"] = rendered


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
    number = 0
    for cell in trimmed["cells"]:
        metadata = cell.setdefault("metadata", {})
        if "injected-parameters" not in metadata.get("tags", []):
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


def _default_folders(notebook: dict) -> list[Path]:
    """Where a notebook's relative images may be, when no folder is given.

    The working folder (``jupyter nbconvert`` run beside the notebook), then the folder
    papermill recorded (a notebook executed by the build).
    """
    folders = [Path.cwd()]
    recorded = notebook.get("metadata", {}).get("papermill", {}).get("input_path")
    if recorded and Path(recorded).is_absolute() and Path(recorded).parent.is_dir():
        folders.append(Path(recorded).parent)
    return folders


def to_typst(notebook: dict, version: str, name: str, paper: str = "a4", *,
             folder: Path | None = None, scratch: Path | None = None) -> str:
    """Typst source of one handout (pandoc with the project's filter and template).

    Parameters
    ----------
    notebook : dict
        A notebook from :func:`prepare`.
    version : {"student", "instructor"}
    name : str
        The notebook's file name (shown in the title block).
    paper : {"a4", "letter"}
    folder : Path or None
        The notebook's folder, where images of Markdown cells are looked up by their
        relative path (default: the working folder, then the folder papermill recorded).
    scratch : Path or None
        The folder the Typst source will be written to: the images of Markdown cells are
        copied to its ``media/`` folder. Without it they wait in a private temporary
        folder until :func:`render_pdf` copies them beside the source.

    Raises
    ------
    HandoutError
        Something in a kept cell cannot be typeset; one line naming notebook and cell.
    """
    import pypandoc

    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, not {paper!r}")
    folders = [Path(folder)] if folder is not None else _default_folders(notebook)
    command = [pypandoc.get_pandoc_path(), "--from=ipynb", "--to=typst",
               f"--template={TEMPLATE}", f"--lua-filter={FILTER}", "--wrap=preserve",
               f"--resource-path={os.pathsep.join(str(f.resolve()) for f in folders)}",
               f"--metadata=version:{version}", f"--variable=version:{version}",
               f"--variable=notebook:{Path(name).stem}", f"--variable=papersize:{PAPERS[paper]}",
               "--variable=lang:en", "--variable=region:GB"]
    media = str(_media_cache() if scratch is None else Path(scratch).resolve() / MEDIA)
    result = subprocess.run(command, input=json.dumps(notebook).encode(), capture_output=True,
                            check=False,
                            env={**os.environ, "LC_ALL": "C.UTF-8", "HANDOUT_MEDIA": media})
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace")
        found = _PANDOC_ERROR.search(stderr)
        if found:
            raise HandoutError(f"{name}, {found.group(1).strip()}")
        raise HandoutError(f"{name}: pandoc failed: {stderr}")
    return result.stdout.decode()


def _media_cache() -> Path:
    """A private folder for images written before the Typst source's folder is known."""
    with _cache_lock:
        if not _cache:
            folder = Path(tempfile.mkdtemp(prefix="handout-media-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            _cache.append(folder)
        return _cache[0]


def _copy_media(source: Path) -> None:
    """Put the images a Typst source shows into its ``media/`` folder (from the cache)."""
    for name in sorted(set(_MEDIA_REFERENCE.findall(source.read_text(encoding="utf-8")))):
        target = source.parent / MEDIA / name
        cached = _cache[0] / name if _cache else None
        if not target.exists() and cached is not None and cached.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)


def font_paths() -> list[str]:
    """Folders of the fallback fonts (the ``handouts`` extra's font packages that are installed).

    Examples
    --------
    >>> all(Path(p).is_dir() for p in font_paths())
    True
    """
    paths = []
    for package in FONT_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            paths.extend(sorted(spec.submodule_search_locations))
    return paths


def _cell_of_line(source: Path, line: int) -> str | None:
    """The cell a line of the Typst source belongs to, from handout.lua's markers."""
    lines = source.read_text(encoding="utf-8").splitlines()
    for text in reversed(lines[:line]):
        if match := _CELL_MARKER.match(text):
            return match.group(1)
    for text in lines:
        if match := _TITLE_MARKER.match(text):
            return match.group(1)
    return None


def _character(text: str) -> str:
    """A character named for a teacher: itself, its code point and Unicode name."""
    chars = [c for c in text if not c.isspace()] or list(text)
    first = chars[0] if chars else "?"
    return f"'{first}' (U+{ord(first):04X} {unicodedata.name(first, 'unnamed character')})"


def render_pdf(source: Path, root: Path, name: str) -> bytes:
    """Compile a Typst file to tagged PDF/UA-1 with the project's fonts only (no date).

    The fonts are Typst's bundled ones and those of :func:`font_paths`, never the
    system's, so the bytes do not depend on the machine.

    Parameters
    ----------
    source : Path
        The ``.typ`` file.
    root : Path
        The folder Typst may read from (the source and the figures lie below it).
    name : str
        The notebook's file name, for messages.

    Raises
    ------
    HandoutError
        Typst failed; for a character that no font has, one line naming notebook, cell
        and character.
    """
    import typst

    _copy_media(source)
    try:
        return typst.compile(str(source), root=str(root), font_paths=font_paths(),
                             ignore_system_fonts=True, pdf_standards=list(PDF_STANDARDS))
    except typst.TypstError as exc:
        located = re.search(rf"{re.escape(source.name)}:(\d+):", getattr(exc, "diagnostic", ""))
        cell = _cell_of_line(source, int(located.group(1))) if located else None
        where = f"{name}, {cell}" if cell else name
        glyph = _GLYPH_ERROR.search(exc.message if hasattr(exc, "message") else str(exc))
        if glyph:
            raise HandoutError(
                f"{where}: the character {_character(glyph.group(1))} is in none of the "
                "handout's fonts; replace it (or, if the Noto fonts are missing, "
                "install the project's handouts extra)") from None
        raise HandoutError(f"{where}: Typst failed on {source.name}: {exc}") from None
