"""Slide figures: named for what they rebuild, indexed, and marked when built from changed data.

Naming is checked on small synthetic notebooks and on the committed lessons' stored outputs
(no kernel needed): every newsletter figure the start page says a lesson rebuilds has a chart
named ``newsletter-figure-K-...`` in that lesson.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.lesson_map import contents
from helpers.project import (
    ALT_TEXT_KEY,
    FOOTNOTE_GID,
    ILLUSTRATIVE_GID,
    NOTEBOOK_DIR,
    SOLUTION_TAG,
    lessons,
)
from publish.changed_data import MARK_ID, mark_png, mark_svg
from publish.figure_index import INDEX_COLUMNS, read_index, write_index
from publish.figure_names import FIGURE_KEY, slug
from publish.figures import collect_figures, svg_source, write_figures

SVG = ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
       '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="144pt" height="72pt" '
       'viewBox="0 0 144 72" xmlns="http://www.w3.org/2000/svg" version="1.1">\n'
       '<rect width="144" height="72" fill="#0072B2"/>\n'
       f'<g id="{ILLUSTRATIVE_GID}"><!-- ILLUSTRATIVE --></g>\n'
       f'<g id="{FOOTNOTE_GID}"><!-- Source: IMN March 2007, -->\n<g><!-- Table 1 --></g></g>\n'
       '</svg>\n')


def chart(alt: str, *, tags: list[str] | None = None, declared: dict | None = None,
          svg: str = SVG) -> nbformat.NotebookNode:
    """A code cell as helpers.show leaves it: the image, then its description."""
    metadata = {ALT_TEXT_KEY: alt, **({FIGURE_KEY: declared} if declared is not None else {})}
    return new_code_cell("helpers.show(fig, alt=...)", metadata={"tags": tags or []}, outputs=[
        new_output("display_data", data={"image/svg+xml": svg}),
        new_output("display_data", data={"text/markdown": f"*Figure description:* {alt}"},
                   metadata=metadata)])


def names(*cells: nbformat.NotebookNode) -> list[str]:
    return [f.name for f in collect_figures(new_notebook(cells=list(cells)), "x.ipynb")]


def test_a_chart_is_named_for_the_newsletter_figure_its_section_rebuilds():
    figures = collect_figures(new_notebook(cells=[
        new_markdown_cell("# 04 Behavioural toxicity\n\n**Rebuilds:** Figures 5, 6 and 7."),
        new_markdown_cell("## 1. Receptor profiles and side effects"),
        chart("Dot plots."),
        new_markdown_cell("## 4. Figure 7: choice reaction time and digit symbol substitution"),
        chart("Two categorical panels."),
        new_markdown_cell("### What the *Ki* values imply (derived)"),
        chart("Line chart."),
        new_markdown_cell("## 5. Table 1 as a chart"),
        chart("Bars."),
    ]), "04_x.ipynb")
    assert [(f.name, f.rebuilds) for f in figures] == [
        ("receptor-profiles-side-effects", ""),
        ("newsletter-figure-7-choice-reaction-time-digit-symbol-substitution", "Figure 7"),
        ("newsletter-figure-7-what-ki-values-imply-derived", "Figure 7"),
        ("newsletter-table-1-as-chart", "Table 1"),
    ]
    assert figures[1].caption == "Figure 7: choice reaction time and digit symbol substitution"
    assert figures[2].caption == ("Figure 7: choice reaction time and digit symbol substitution"
                                  " — What the Ki values imply (derived)")


def test_names_are_unique_and_stable_when_charts_are_added_elsewhere():
    before = names(new_markdown_cell("## Figure 2: PC12 cells"), chart("a"), chart("b"),
                   new_markdown_cell("## Selectivity"), chart("c"))
    assert before == ["newsletter-figure-2-pc12-cells", "newsletter-figure-2-pc12-cells-2",
                      "selectivity"]
    after = names(new_markdown_cell("## History"), chart("new"),
                  new_markdown_cell("## Figure 2: PC12 cells"), chart("a"), chart("b"),
                  new_markdown_cell("## Selectivity"), chart("c"))
    assert after == ["history", *before]  # the K-th chart changed; the names did not


def test_solution_charts_no_heading_and_declared_names():
    assert names(
        chart("Paired dot plot of Ki at sigma-1 and sigma-2."),
        new_markdown_cell("## Exercises\n\n**Exercise 1.** Plot it."),
        new_markdown_cell("**Exercise 2.** Draw three neurons.", metadata={"tags": ["exercise"]}),
        chart("Three neurons.", tags=[SOLUTION_TAG]),
        new_markdown_cell("## Figure 7: choice reaction time"),
        chart("Two panels.", declared={"rebuilds": "Figure 7", "name": "CRT & DSST"}),
        chart("Not a rebuild.", declared={"rebuilds": "", "name": "scratch plot"}),
    ) == ["paired-dot-plot-ki-at-sigma-1", "exercise-2-solution",
          "newsletter-figure-7-crt-dsst", "scratch-plot"]


def test_headings_inside_code_fences_do_not_count():
    assert names(new_markdown_cell("## Figure 3: neurons\n\n```python\n# Figure 9 comment\n```"),
                 chart("a")) == ["newsletter-figure-3-neurons"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Figure 1: activation of the σ-1 receptor", "figure-1-activation-sigma-1-receptor"),
    ("The text's classification of antidepressants by cognitive effect",
     "texts-classification-antidepressants"),
    ("Sigma-1 against sigma-2, drug by drug", "sigma-1-against-sigma-2-drug-by-drug"),
    ("Ki (nM) — ±10 %", "ki-nm-10"),
    ("Étude", "etude"),
    ("", ""),
])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected
    assert re.fullmatch(r"[a-z0-9-]*", slug(text)) and len(slug(text)) <= 48


def test_committed_lessons_name_every_newsletter_figure_they_rebuild():
    """The start page says which lesson rebuilds Figure K; that lesson has newsletter-figure-K-*."""
    by_item = contents().by_item()
    figures = {p.name: collect_figures(nbformat.read(p, as_version=4), p.name) for p in lessons()}
    for item, files in by_item.items():
        if not item.startswith("Figure"):
            continue
        prefix = f"newsletter-{item.lower().replace(' ', '-')}-"
        for file in files:
            found = [f.name for f in figures[file] if f.name.startswith(prefix)]
            assert found, f"{file}: no chart named {prefix}... ({[f.name for f in figures[file]]})"
            assert all(f.rebuilds == item for f in figures[file] if f.name in found)
    for file, charts in figures.items():
        stems = [f.name for f in charts]
        assert len(set(stems)) == len(stems), file
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", s) for s in stems), (file, stems)


def test_source_line_is_read_from_the_svg():
    assert svg_source(SVG) == "Source: IMN March 2007, Table 1"
    assert svg_source("<svg/>") == "" and svg_source("not xml") == ""


def test_write_figures_and_index(tmp_path: Path) -> None:
    notebook = new_notebook(cells=[new_markdown_cell("## Figure 2: PC12 cells"), chart("Bars.")])
    folder = tmp_path / "figures" / "03_x"
    shown = write_figures(collect_figures(notebook, "03_x.ipynb"), folder)
    assert [p.name for p in shown] == ["newsletter-figure-2-pc12-cells.svg"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.csv", "newsletter-figure-2-pc12-cells.png", "newsletter-figure-2-pc12-cells.svg",
        "newsletter-figure-2-pc12-cells.txt"]
    assert (folder / "newsletter-figure-2-pc12-cells.txt").read_text(encoding="utf-8") == "Bars.\n"
    assert (folder / "newsletter-figure-2-pc12-cells.svg").read_text(encoding="utf-8") == SVG
    [row] = read_index(folder / "index.csv")
    assert row == {"notebook": "03_x", "chart": "1", "file": "newsletter-figure-2-pc12-cells.png",
                   "rebuilds": "Figure 2", "caption": "Figure 2: PC12 cells",
                   "source": "Source: IMN March 2007, Table 1", "text_alternative": "Bars.",
                   "data": "shipped data"}
    write_figures([], tmp_path / "figures" / "00_start")  # a notebook without charts
    rows = write_index(tmp_path / "figures", ["03_x", "00_start"])
    assert [r["file"] for r in rows] == ["03_x/newsletter-figure-2-pc12-cells.png"]
    with (tmp_path / "figures" / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == INDEX_COLUMNS
    page = (tmp_path / "figures" / "index.html").read_text(encoding="utf-8")
    for text in ('<img src="03_x/newsletter-figure-2-pc12-cells.png" alt="Bars."',
                 '<a href="03_x/newsletter-figure-2-pc12-cells.svg">SVG</a>',
                 "Source: IMN March 2007, Table 1", "Figure 2: PC12 cells", "shipped data"):
        assert text in page


MARK = "CHANGED DATA: built from my-data/, not the shipped data/ (changed: sigma_affinity)"


def test_a_changed_data_chart_is_marked_everywhere(tmp_path: Path) -> None:
    from PIL import Image

    notebook = new_notebook(cells=[new_markdown_cell("## Figure 2: PC12 cells"), chart("Bars.")])
    folder = tmp_path / "03_x"
    [shown] = write_figures(collect_figures(notebook, "03_x.ipynb"), folder, MARK)
    svg = shown.read_text(encoding="utf-8")
    assert f'id="{MARK_ID}"' in svg and f"<title>{MARK}</title>" in svg
    assert f'id="{ILLUSTRATIVE_GID}"' in svg and svg_source(svg) == "Source: IMN March 2007, Table 1"
    width, height = (float(v) for v in re.search(
        r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    assert width == 144 and height > 72 + 10  # the band sits above the chart
    assert (folder / f"{shown.stem}.txt").read_text(encoding="utf-8") == f"{MARK}\nBars.\n"
    assert read_index(folder / "index.csv")[0]["data"] == MARK
    with Image.open(folder / f"{shown.stem}.png") as png:
        rgb = png.convert("RGB")
        assert rgb.getpixel((2, 2)) == (0xB0, 0x00, 0x20)  # red band at the top
        assert rgb.getpixel((2, rgb.height - 2)) == (0x00, 0x72, 0xB2)  # the chart below it


def test_a_png_only_chart_is_marked_too() -> None:
    import io

    from PIL import Image

    image = Image.new("RGB", (300, 150), (0, 0x72, 0xB2))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    with Image.open(io.BytesIO(mark_png(buffer.getvalue(), MARK))) as marked:
        rgb = marked.convert("RGB")
        assert rgb.width == 300 and rgb.height > 150
        assert rgb.getpixel((1, 1)) == (0xB0, 0x00, 0x20)
        assert rgb.getpixel((150, rgb.height - 2)) == (0x00, 0x72, 0xB2)


def test_marked_svg_keeps_the_chart_whole() -> None:
    marked = mark_svg(SVG, MARK)
    inner = SVG.split("<svg", 1)[1].split(">", 1)[1].rsplit("</svg>", 1)[0]
    assert inner in marked  # every element of the chart, unchanged
    assert marked.count("<?xml") == 1 and "<!DOCTYPE" not in marked


def test_no_stored_lesson_is_named_by_position():
    for path in lessons():
        for figure in collect_figures(nbformat.read(path, as_version=4), path.name):
            assert not re.fullmatch(r"figure-\d+", figure.name), (path.name, figure.name)
    assert NOTEBOOK_DIR.is_dir()
