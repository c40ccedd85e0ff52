"""Accessible handouts (issue 9): read the built PDFs' structure and the figures' alternatives back.

A full build of the lesson notebooks is checked for what PDF/UA-1 and WCAG ask of a handout
(headings in order, tables with a header row, every figure tagged with its text alternative)
and for "illustrative" in the alternative of every chart labelled illustrative. A build of
notebooks 02 and 03 on a modified copy of data/ checks that the alternatives of data-driven
charts follow the data.

The Table 1 values come from the tests' shared transcription of the newsletter
(``tests/newsletter.py``), independent of data/.
"""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path

import nbformat
import pypdf
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from newsletter import TABLE_1

from helpers.project import (
    ILLUSTRATIVE_GID,
    NOTEBOOK_DIR,
    PARAMETERS_TAG,
    PROJECT_DIR,
    lessons,
)
from publish.changed_data import MARK_ID
from publish.figure_index import read_index
from publish.handouts import BuildFailedError, build

PROJECT = PROJECT_DIR
LESSONS = lessons()
NB02 = NOTEBOOK_DIR / "02_ssri_affinities.ipynb"
NB03 = NOTEBOOK_DIR / "03_neurotrophic_hypothesis.ipynb"

# Table 1 as printed: fluvoxamine's Ki at sigma-1 and sigma-2 (nM).
_, FLUVOXAMINE_SIGMA1_NM, FLUVOXAMINE_SIGMA2_NM, _ = TABLE_1["Fluvoxamine"]
CHANGED_SIGMA1_NM = 48  # still the tightest sigma-1 binder (sertraline: 57 nM)
MARK = "CHANGED DATA: built from data/, not the shipped data/ (changed: sigma_affinity)"


def flat(text: str) -> str:
    """Whitespace (line breaks in wrapped text) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text)


def pdf_text(pdf: Path) -> str:
    return flat(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))


def structure(pdf: Path) -> list[dict]:
    """The tagged structure tree, depth first: one dict per element (type, alt, children)."""
    elements: list[dict] = []

    def walk(node: object, parent: list[dict]) -> None:
        node = node.get_object()
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        element = None
        if "/S" in node:
            element = {"type": str(node["/S"]), "alt": node.get("/Alt"), "kids": []}
            elements.append(element)
            parent.append(element)
        kids = node.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, list) else [kids]
        for kid in kids:
            if isinstance(kid, pypdf.generic.IndirectObject | pypdf.generic.DictionaryObject):
                walk(kid, element["kids"] if element else parent)

    walk(pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"], [])
    return elements


def figure_texts(folder: Path) -> list[str]:
    """The alternatives beside the exported figures, in figure order (as their index lists them)."""
    files = [folder / row["file"].replace(".png", ".txt") for row in read_index(folder / "index.csv")]
    return [p.read_text(encoding="utf-8").strip() for p in files]


def alternative(folder: Path, starts_with: str) -> str:
    """The one alternative in ``folder`` that begins with ``starts_with``."""
    (text,) = [t for t in figure_texts(folder) if t.startswith(starts_with)]
    return text


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Handouts of every lesson notebook, built on the shipped data."""
    out = tmp_path_factory.mktemp("full") / "handouts"
    build(LESSONS, out=out, progress=lambda _: None)
    return out


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Handouts of notebooks 02 and 03 built on a copy of data/ with fluvoxamine's sigma-1 Ki changed."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(PROJECT / "data", data)
    table = data / "sigma_affinity.csv"
    printed = f"Fluvoxamine,SSRI,{FLUVOXAMINE_SIGMA1_NM},{FLUVOXAMINE_SIGMA2_NM},"
    text = table.read_text(encoding="utf-8")
    assert printed in text
    table.write_text(text.replace(printed, f"Fluvoxamine,SSRI,{CHANGED_SIGMA1_NM},"
                                           f"{FLUVOXAMINE_SIGMA2_NM},"), encoding="utf-8")
    out = tmp_path_factory.mktemp("changed") / "handouts"
    build([NB02, NB03], out=out, data_dir=str(data), progress=lambda _: None)
    return out


def test_lesson_notebooks_found() -> None:
    assert len(LESSONS) >= 4 and NB02 in LESSONS and NB03 in LESSONS


def test_headings_in_order(full: Path) -> None:
    """Headings start at level 1 and never skip a level going down (PDF/UA-1, WCAG 1.3.1)."""
    for pdf in sorted(full.glob("*/*.pdf")):
        levels = [int(e["type"][2:]) for e in structure(pdf)
                  if re.fullmatch(r"/H[1-6]", e["type"])]
        assert levels and levels[0] == 1, f"{pdf.parent.name}/{pdf.name}: first heading {levels[:1]}"
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{pdf.parent.name}/{pdf.name}: heading H{before} then H{after}"


def test_tables_have_header_rows(full: Path) -> None:
    """Every table's first row is tagged as header cells (TH), so screen readers announce columns."""
    count = 0
    for pdf in sorted(full.glob("*/*.pdf")):
        for table in (e for e in structure(pdf) if e["type"] == "/Table"):
            count += 1
            first = next(kid for kid in table["kids"] if kid["type"] != "/Caption")
            assert first["type"] in ("/THead", "/TR"), f"{pdf.name}: table starts with {first['type']}"
            row = first["kids"][0] if first["type"] == "/THead" else first
            cells = {cell["type"] for cell in row["kids"]}
            assert cells == {"/TH"}, f"{pdf.parent.name}/{pdf.name}: first table row has {cells}"
    assert count >= 20  # each lesson notebook has several tables, in both versions


def test_pdf_figures_carry_their_alternative(full: Path) -> None:
    """Each chart is a tagged Figure whose alternative is the one written beside its files."""
    for notebook in LESSONS:
        texts = figure_texts(full / "figures" / notebook.stem)
        assert texts and all(texts), notebook.name
        instructor = [str(e["alt"]) for e in structure(full / "instructor" / f"{notebook.stem}.pdf")
                      if e["type"] == "/Figure"]
        assert instructor == texts, notebook.name
        student = [str(e["alt"]) for e in structure(full / "student" / f"{notebook.stem}.pdf")
                   if e["type"] == "/Figure"]
        assert student and set(student) <= set(texts), notebook.name  # solutions' charts left out


def test_illustrative_charts_say_so(full: Path) -> None:
    """A chart with the "illustrative" label in its image says "illustrative" in its alternative."""
    labelled = 0
    for svg in sorted(full.glob("figures/*/*.svg")):
        if f'id="{ILLUSTRATIVE_GID}' not in svg.read_text(encoding="utf-8"):
            continue
        labelled += 1
        alt = svg.with_suffix(".txt").read_text(encoding="utf-8")
        assert "illustrative" in alt.lower(), f"{svg.parent.name}/{svg.stem}: {alt}"
    assert labelled >= 5  # notebook 01's models, notebook 03's Figures 2, 3 and 4


def test_pdfs_are_marked_and_show_their_title(full: Path) -> None:
    """PDF/UA-1 also asks for a marked (tagged) file whose viewer shows the title, not the file name."""
    for pdf in sorted(full.glob("*/*.pdf")):
        root = pypdf.PdfReader(pdf).trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"], pdf.name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], pdf.name


def test_alternatives_follow_the_data(full: Path, changed: Path) -> None:
    """Fluvoxamine's sigma-1 Ki changed in a copy of data/: the alternatives say the new value."""
    ratio = f"{FLUVOXAMINE_SIGMA2_NM / CHANGED_SIGMA1_NM:.1f}"
    old_ratio = f"{FLUVOXAMINE_SIGMA2_NM / FLUVOXAMINE_SIGMA1_NM:.1f}"
    nb02 = changed / "figures" / NB02.stem
    paired = alternative(nb02, f"{MARK}\nPaired dot plot")
    assert f"most tightly ({CHANGED_SIGMA1_NM} nM)" in paired
    assert f"Fluvoxamine {CHANGED_SIGMA1_NM} / {FLUVOXAMINE_SIGMA2_NM:,}" in paired
    assert f"({FLUVOXAMINE_SIGMA1_NM} nM)" not in paired
    assert paired != alternative(full / "figures" / NB02.stem, "Paired dot plot")
    selectivity = alternative(nb02, f"{MARK}\nDot plot of the selectivity ratio")
    assert f"({ratio})" in selectivity and old_ratio not in selectivity
    # the printed 234 no longer matches the recomputed ratio, and the alternative says so
    assert f"Fluvoxamine (printed 234, recomputed {ratio})" in selectivity

    occupancy = alternative(changed / "figures" / NB03.stem, f"{MARK}\nLine chart of derived sigma-1 occupancy")
    assert f"Ki {CHANGED_SIGMA1_NM} nM" in occupancy
    share = round(100 * 100 / (100 + CHANGED_SIGMA1_NM))
    assert f"at 100 nM fluvoxamine occupies {share}%" in occupancy

    for version in ("student", "instructor"):  # the PDFs carry the new description too
        text = pdf_text(changed / version / f"{NB02.stem}.pdf")
        assert f"({CHANGED_SIGMA1_NM} nM)" in text and f"recomputed {ratio})" in text, version
        assert f"Ki {CHANGED_SIGMA1_NM} nM" in pdf_text(changed / version / f"{NB03.stem}.pdf")


def test_build_refuses_a_chart_without_alternative(tmp_path: Path) -> None:
    """A chart ended with plt.show() instead of helpers.show(fig, alt=...) stops the whole build."""
    notebook = new_notebook(cells=[
        new_markdown_cell("# A chart without a description"),
        new_code_cell("data_dir = None", metadata={"tags": [PARAMETERS_TAG]}),
        new_code_cell("import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\n"
                      "ax.plot([1, 2], [3, 4])\nplt.show()"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    source = tmp_path / "97_no_alt.ipynb"
    nbformat.write(notebook, source)
    out = tmp_path / "handouts"
    with pytest.raises(BuildFailedError, match=r"97_no_alt\.ipynb, cell \d+ \(In \[\d+\]\): "
                                                r"chart 1 has no text alternative"):
        build([source], out=out, progress=lambda _: None)
    assert not out.exists()


def test_a_changed_data_build_is_marked_on_every_page_and_every_chart(changed: Path) -> None:
    """Pages: a band at the top; charts: a band in the SVG and PNG, first line of TXT and index."""
    from PIL import Image

    pdfs = sorted(changed.glob("*/*.pdf"))
    assert len(pdfs) == 4
    for pdf in pdfs:
        for number, page in enumerate(pypdf.PdfReader(pdf).pages, start=1):
            assert MARK in flat(page.extract_text()), f"{pdf.parent.name}/{pdf.name} page {number}"
    rows = read_index(changed / "figures" / "index.csv")
    assert rows and {row["data"] for row in rows} == {MARK}
    for row in rows:
        stem = changed / "figures" / row["file"].removesuffix(".png")
        assert stem.with_suffix(".txt").read_text(encoding="utf-8").startswith(MARK + "\n")
        assert f'id="{MARK_ID}"' in stem.with_suffix(".svg").read_text(encoding="utf-8")
        with Image.open(stem.with_suffix(".png")) as png:
            assert png.convert("RGB").getpixel((3, 3)) == (0xB0, 0x00, 0x20), row["file"]
    assert MARK in (changed / "figures" / "index.html").read_text(encoding="utf-8")


def test_the_shipped_build_carries_no_mark(full: Path) -> None:
    assert "CHANGED DATA: built from" not in pdf_text(full / "student" / f"{NB02.stem}.pdf")
    assert {row["data"] for row in read_index(full / "figures" / "index.csv")} == {"shipped data"}
