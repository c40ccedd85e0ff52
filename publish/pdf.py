"""One notebook trimmed for pandoc to one handout PDF: pandoc (``ipynb`` to Typst) and Typst.

The notebook comes trimmed by :func:`publish.pandoc_input.prepare`. Pandoc applies
``templates/handout.lua`` (cell tags, versions, title block, raw HTML, images, tables,
maths) and the ``templates/handout.typ`` template; the filter is given the cell tags and
the cell attributes by name (:func:`filter_names`, from :mod:`helpers.project` and
:mod:`publish.pandoc_input`) as the document's metadata ``handout-names``, so it spells
none of them itself. Typst compiles the result with its bundled fonts and the Noto
fonts of the ``handouts`` extra only (never the system's), so the same inputs give the
same bytes on any machine.

What cannot reach the handout (HTML a PDF cannot show, an image not found, a
character no font has) raises :class:`HandoutError` with one line naming the
notebook, the cell and the construct.
"""

from __future__ import annotations

import atexit
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

from helpers.project import shared_names
from publish.pandoc_input import CELL_KEYS

__all__ = ["FONT_PACKAGES", "NAMES_KEY", "PAPERS", "PDF_STANDARDS", "VERSIONS", "HandoutError",
           "filter_names", "font_paths", "render_pdf", "to_typst"]

HERE = Path(__file__).resolve().parent / "templates"
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
NAMES_KEY = "handout-names"
"""Metadata key under which the filter gets :func:`filter_names` (a JSON object)."""
MEDIA = "media"
_PANDOC_ERROR = re.compile(r"HANDOUT-ERROR: (.*)")
_GLYPH_ERROR = re.compile(r'the text `"(.*?)"` could not be displayed')
_CELL_MARKER = re.compile(r"^// (cell \d+)$")
_TITLE_MARKER = re.compile(r"^// title: (cell \d+)$")
_MEDIA_REFERENCE = re.compile(r'md-image\("media/([0-9a-f]+\.[a-z]+)"')
_cache: list[Path] = []
_cache_lock = threading.Lock()


class HandoutError(RuntimeError):
    """Pandoc or Typst could not make a handout; the message names the notebook."""


def filter_names() -> dict[str, str]:
    """The names the Lua filter needs, by constant name: cell tags, markers, cell attributes.

    Returns
    -------
    dict of str to str
        :func:`helpers.project.shared_names` and :data:`publish.pandoc_input.CELL_KEYS`.

    Examples
    --------
    >>> names = filter_names()
    >>> names["SOLUTION_TAG"], names["CELL_KEY"]
    ('solution', 'handout-cell')
    """
    return {**shared_names(), **CELL_KEYS}


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
        A notebook from :func:`publish.pandoc_input.prepare`.
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
               f"--metadata={NAMES_KEY}:{json.dumps(filter_names(), sort_keys=True)}",
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
