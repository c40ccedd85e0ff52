"""Export stored notebooks to handout PDFs and read the PDFs back, for the handout tests.

``export`` runs the same path as ``jupyter nbconvert --to handout_*``:
:func:`publish.notebook_pdfs.export_notebook` on the stored notebook (not executed), its folder
given for its images.
``text_boxes`` reads every run of text of a page from its content stream, with its font
size and its extent (the embedded font's glyph widths and the adjustments between glyphs),
so that tests can check that no text overprints other text or runs past the margins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pypdf

from publish.notebook_pdfs import export_notebook

CASES = Path(__file__).resolve().parent / "cases" / "handouts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
"""Small notebooks kept as files, one cell of each kind the build treats apart (conftest.py there)."""
MARGIN = 2 / 2.54 * 72  # handout.typ: 2 cm left and right
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u00ad"))


def export(notebook: Path, out: Path, versions: tuple[str, ...] = ("student", "instructor")
           ) -> dict[str, Path]:
    """The handout PDFs of a stored notebook, by version (its images found beside it)."""
    pdfs = export_notebook(json.loads(notebook.read_text(encoding="utf-8")), notebook.name, out,
                           versions=versions, progress=lambda _line: None, folder=notebook.parent)
    return dict(zip(versions, pdfs, strict=True))


def pdf_text(pdf: Path) -> str:
    """The text of every page, zero-width spaces and soft hyphens left out."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).translate(INVISIBLE)


def compact(text: str) -> str:
    """Text without white space or line-end hyphens, for finding words that wrapped."""
    return re.sub(r"\s+", "", re.sub(r"-\s*\n", "", text.translate(INVISIBLE)))


@dataclass(frozen=True)
class TextBox:
    """One run of text on a page: its text, font size, baseline and horizontal extent (pt)."""

    text: str
    size: float
    x0: float
    x1: float
    y: float


def _widths(descendant: pypdf.generic.DictionaryObject) -> dict[int, float]:
    """Glyph widths (1/1000 em) by glyph id, from a CID font's /W array."""
    widths: dict[int, float] = {}
    array = list(descendant.get("/W", []))
    i = 0
    while i < len(array):
        first = int(array[i])
        if isinstance(array[i + 1], pypdf.generic.ArrayObject):
            for k, w in enumerate(array[i + 1]):
                widths[first + k] = float(w)
            i += 2
        else:
            for cid in range(first, int(array[i + 1]) + 1):
                widths[cid] = float(array[i + 2])
            i += 3
    return widths


def _to_unicode(font: pypdf.generic.DictionaryObject) -> dict[int, str]:
    """Glyph id to its text, from the font's /ToUnicode map."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    texts: dict[int, str] = {}

    def text(hexadecimal: str) -> str:
        return bytes.fromhex(hexadecimal).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for cid, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            texts[int(cid, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for k in range(int(hi, 16) - int(lo, 16) + 1):
                texts[int(lo, 16) + k] = chr(ord(text(dst)) + k)
    return texts


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a x b (six numbers each)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def text_boxes(page: pypdf.PageObject) -> list[TextBox]:
    """Every run of text on a page (one TJ or Tj), with its extent.

    Read from the content stream: glyph ids (two bytes each, Identity-H) and the
    adjustments between them (kerning, justification), with the fonts' glyph widths.
    """
    fonts = page["/Resources"].get("/Font", {})
    cache: dict[str, tuple[dict[int, str], dict[int, float], float]] = {}
    boxes: list[TextBox] = []
    ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    font_name, size, tm = None, 0.0, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply([float(x) for x in operands], ctm)
        elif operator == b"Tf":
            font_name, size = str(operands[0]), float(operands[1])
        elif operator == b"Tm":
            tm = [float(x) for x in operands]
        elif operator in (b"TJ", b"Tj") and font_name in fonts:
            if font_name not in cache:
                font = fonts[font_name].get_object()
                descendant = font["/DescendantFonts"][0].get_object()
                cache[font_name] = (_to_unicode(font), _widths(descendant),
                                    float(descendant.get("/DW", 1000)))
            texts, widths, default = cache[font_name]
            items = operands[0] if operator == b"TJ" else [operands[0]]
            glyphs: list[tuple[str, float, float]] = []  # text, start, end (em)
            advance = 0.0
            for item in items:
                if isinstance(item, (pypdf.generic.NumberObject, pypdf.generic.FloatObject)):
                    advance -= float(item) / 1000
                    continue
                raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                for k in range(0, len(raw) - 1, 2):
                    glyph = int.from_bytes(raw[k:k + 2], "big")
                    start, advance = advance, advance + widths.get(glyph, default) / 1000
                    glyphs.append((texts.get(glyph, "").translate(INVISIBLE), start, advance))
            inked = [g for g in glyphs if g[0].strip()]  # white space shows nothing
            if inked:
                matrix = _multiply(tm, ctm)
                scale = size * matrix[0]
                boxes.append(TextBox("".join(g[0] for g in glyphs).strip(), size * abs(matrix[3]),
                                     matrix[4] + inked[0][1] * scale,
                                     matrix[4] + inked[-1][2] * scale, matrix[5]))
    return boxes


def overprints(boxes: list[TextBox]) -> list[tuple[TextBox, TextBox]]:
    """Pairs of text runs on one line whose extents overlap (by more than half a point)."""
    found = []
    ordered = sorted(boxes, key=lambda b: (round(b.y), b.x0))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if abs(a.y - b.y) >= 0.5 * min(a.size, b.size):
                continue
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and a.text.strip() and b.text.strip():
                found.append((a, b))
    return found


def outside_margins(page: pypdf.PageObject, boxes: list[TextBox]) -> list[TextBox]:
    """Text runs that start left of the left margin or end right of the right one.

    Typst lets punctuation at a justified line's end hang up to about 2 pt into the margin.
    """
    width = float(page.mediabox.width)
    return [b for b in boxes if b.x0 < MARGIN - 1 or b.x1 > width - MARGIN + 2.5]
