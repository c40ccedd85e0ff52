"""Issue 14, item 3: tables fit the page; nothing overprints, no word is hyphenated in a cell,
and a table that breaks across pages repeats its header.

Read back from the PDFs: every run of text with its font size and extent (computed from the
embedded fonts' glyph widths, ``tests/handout_export.py``); table text is what is set at
8.5 pt or less outside the page's header and footer.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pypdf
import pytest
from handout_export import CASES, compact, export, outside_margins, overprints, pdf_text, text_boxes
from nbformat.v4 import new_markdown_cell, new_notebook

from publish.execute import NOTEBOOK_DIR

WIDE = CASES / "wide-table-overprint"
SMALLEST = 7.0  # handout.typ's table-sizes


def table_boxes(page: pypdf.PageObject) -> list:
    height = float(page.mediabox.height)
    return [b for b in text_boxes(page) if b.size <= 8.6 and 65 < b.y < height - 60]


def layout_problems(pdf: Path) -> list[str]:
    problems = []
    for number, page in enumerate(pypdf.PdfReader(pdf).pages, start=1):
        boxes = table_boxes(page)
        problems += [f"page {number}: {a.text!r} overprints {b.text!r}" for a, b in overprints(boxes)]
        problems += [f"page {number}: {b.text!r} outside the margins" for b in outside_margins(page, boxes)]
        problems += [f"page {number}: {b.text!r} at {b.size} pt" for b in boxes if b.size < SMALLEST - 0.01]
    return problems


def hyphenated_in_tables(pdf: Path) -> list[str]:
    """Table text broken with a hyphen Typst added (a soft hyphen in the PDF's text)."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, height=height):
            y = cm[5] + tm[5] * cm[3]
            if "\u00ad" in text and size <= 8.6 and 65 < y < height - 60:
                found.append(text)

        page.extract_text(visitor_text=visit)
    return found


def write(folder: Path, *cells: str) -> Path:
    path = folder / "tables.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Tables\n\nIntro."),
                                       *map(new_markdown_cell, cells)]), path)
    return path


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export(WIDE / "wide_table.ipynb", tmp_path_factory.mktemp("wide"))


def test_wide_tables_fit_without_overprinting(wide: dict[str, Path]) -> None:
    for pdf in wide.values():
        assert layout_problems(pdf) == []
        text = compact(pdf_text(pdf))
        for i in range(14):
            assert f"receptor_{i}_ki_nm" in text and f"{10.0 ** i}" in text
        for i in range(12):
            assert f"Receptor_{i}_Ki_nM" in text and str(10 ** i) in text


def test_twelve_columns_shrink_fourteen_split(wide: dict[str, Path]) -> None:
    """12 columns fit in smaller type; 14 do not and are split, the first column repeated."""
    text = re.sub(r"\s+", " ", pdf_text(wide["student"]))
    assert text.count("Columns ") == 2 and "Columns 1–" in text and "with column 1 repeated" in text
    sizes = {round(b.size, 1) for b in table_boxes(pypdf.PdfReader(wide["student"]).pages[0])}
    assert min(sizes) >= SMALLEST


def test_long_table_repeats_its_header_on_the_next_page(tmp_path: Path) -> None:
    pdf = export(WIDE / "longtable_real.ipynb", tmp_path, ("instructor",))["instructor"]
    assert layout_problems(pdf) == []
    pages = [compact(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]
    with_header = [n for n, text in enumerate(pages) if "newsletter_quote" in text]
    assert len(with_header) >= 2 and "Recognisedasadistinctclass" in compact(pdf_text(pdf))
    assert len([n for n, text in enumerate(pages) if "numbers_reported" in text]) >= 1


def test_narrow_columns_are_not_hyphenated(tmp_path: Path) -> None:
    words = ["pharmacological", "anticholinergic", "cardiotoxicity", "noradrenergic",
             "antihistaminergic", "psychomotor"]
    header = "| drug | " + " | ".join(f"effect {i}" for i in range(6)) + " |"
    rows = "\n".join("| drug " + str(r) + " | " + " | ".join(f"{w} impairment {r}" for w in words)
                     + " |" for r in range(3))
    pdf = export(write(tmp_path, f"{header}\n|" + "---|" * 7 + f"\n{rows}"), tmp_path / "out",
                 ("student",))["student"]
    assert hyphenated_in_tables(pdf) == [] and layout_problems(pdf) == []
    text = compact(pdf_text(pdf))
    assert all(word in text for word in words)


def test_html_table_with_spans_and_an_endless_word_still_fits(tmp_path: Path) -> None:
    """Spanning cells cannot be split into column groups: words break anywhere instead."""
    cells = "".join(f"<td>value_{i}_{'x' * 12}</td>" for i in range(16))
    table = (f"<table><tr><th colspan='16'>A heading over sixteen columns</th></tr><tr>{cells}</tr>"
             "</table>")
    endless = "| one column |\n|---|\n| " + "A" * 160 + " |"
    pdf = export(write(tmp_path, table, endless), tmp_path / "out", ("student",))["student"]
    assert layout_problems(pdf) == []
    assert "A" * 160 in compact(pdf_text(pdf))


@pytest.mark.parametrize("lesson", ["02_ssri_affinities", "04_behavioural_toxicity"])
def test_shipped_lessons_tables(lesson: str, tmp_path: Path) -> None:
    pdf = export(NOTEBOOK_DIR / f"{lesson}.ipynb", tmp_path, ("student",))["student"]
    assert layout_problems(pdf) == [] and hyphenated_in_tables(pdf) == []
