"""Every chart of every lesson is legible at the size the handout prints it.

The handout sets each chart at the full text width (``width: 100%`` in
publish/pdf.py; the page margins are in publish/templates/handout.typ), so a text of
``s`` points in a figure ``W`` inches wide prints at ``s * text_width / W``
points. Each chart is drawn from the lesson's shared run in this process on the
shipped data (tests/shipped_runs.py: drawn and measured, never changed), and every
text it draws (titles, axis and tick labels, legends, annotations, diagram labels,
source lines) is measured.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chart_readback import _drawn_extent, _renderer, figure_texts

from helpers.project import lessons

MM_PER_INCH = 25.4
MIN_PRINTED_PT = 6.0
TEMPLATE = Path(__file__).resolve().parents[2] / "publish" / "templates" / "handout.typ"
PAPERS_MM = {"a4": (210.0, 297.0), "us-letter": (215.9, 279.4)}
LESSONS = [p.name for p in lessons()]


def _margins_cm() -> tuple[float, float]:
    """Horizontal and vertical (top + bottom) page margins, read from the template."""
    text = TEMPLATE.read_text(encoding="utf-8")
    found = re.search(r"margin:\s*\(x:\s*([\d.]+)cm,\s*top:\s*([\d.]+)cm,\s*bottom:\s*([\d.]+)cm\)",
                      text)
    assert found, "page margins not found in publish/templates/handout.typ"
    x, top, bottom = map(float, found.groups())
    return x, top + bottom


def text_area_in(paper: str) -> tuple[float, float]:
    """Width and height of a page's text area, in inches."""
    width_mm, height_mm = PAPERS_MM[paper]
    x_cm, y_cm = _margins_cm()
    return ((width_mm - 2 * x_cm * 10) / MM_PER_INCH, (height_mm - y_cm * 10) / MM_PER_INCH)


def test_the_text_area_is_read_from_the_template():
    width, height = text_area_in("a4")
    assert 6.0 < width < 7.0 and 9.0 < height < 11.0


@pytest.fixture(scope="module", params=LESSONS)
def lesson_figures(request, shipped_lesson):
    run = shipped_lesson(request.param)
    renderer_texts = []
    for shown in run.figures:
        fig = shown.figure
        fig.canvas.draw()
        renderer = _renderer(fig)
        seen: set[int] = set()
        texts = []
        for text, what in figure_texts(fig):  # the supxlabel is also among fig.texts
            if id(text) not in seen and _drawn_extent(text, renderer) is not None:
                seen.add(id(text))
                texts.append((text, what))
        renderer_texts.append((shown, texts))
    return request.param, renderer_texts


@pytest.mark.parametrize("paper", list(PAPERS_MM))
def test_every_chart_text_prints_at_six_points_or_more(lesson_figures, paper):
    name, figures = lesson_figures
    assert figures, f"{name} shows no chart"
    width_in, _ = text_area_in(paper)
    small = []
    for shown, texts in figures:
        scale = width_in / shown.figure.get_figwidth()
        for text, what in texts:
            printed = text.get_fontsize() * scale
            if printed < MIN_PRINTED_PT - 1e-9:
                small.append(f"{shown.name}: {what} {text.get_text()[:40]!r} prints at "
                             f"{printed:.1f} pt")
    assert not small, f"{name} on {paper}:\n" + "\n".join(small)


@pytest.mark.parametrize("paper", list(PAPERS_MM))
def test_every_chart_fits_on_one_page(lesson_figures, paper):
    name, figures = lesson_figures
    width_in, height_in = text_area_in(paper)
    tall = [f"{shown.name}: {shown.figure.get_figheight() * width_in / shown.figure.get_figwidth():.1f}"
            f" in tall, the page holds {height_in:.1f} in"
            for shown, _ in figures
            if shown.figure.get_figheight() * width_in / shown.figure.get_figwidth() > height_in - 0.5]
    assert not tall, f"{name} on {paper}:\n" + "\n".join(tall)


def _overlap_px(a, b) -> float:
    """Area, in square pixels, that two boxes share."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def test_no_two_texts_of_a_chart_print_over_each_other(lesson_figures):
    name, figures = lesson_figures
    crossed = []
    for shown, texts in figures:
        renderer = _renderer(shown.figure)
        boxes = [(text, what, _drawn_extent(text, renderer)) for text, what in texts]
        for i, (a, what_a, box_a) in enumerate(boxes):
            for b, what_b, box_b in boxes[i + 1:]:
                if box_a is None or box_b is None:
                    continue
                # 2 px of anti-aliasing slack: a shared edge is not an overlap
                if _overlap_px(box_a.expanded(1, 1).padded(-2), box_b.expanded(1, 1).padded(-2)) > 0:
                    crossed.append(f"{shown.name}: {what_a} {a.get_text()[:30]!r} over "
                                   f"{what_b} {b.get_text()[:30]!r}")
    assert not crossed, f"{name}:\n" + "\n".join(crossed)
