"""Handouts: build notebook 02 (and small synthetic notebooks) into a temporary folder and
read the PDFs back.

The Table 1 values come from the tests' shared transcription of the newsletter
(``tests/newsletter.py``), independent of data/.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pypdf
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from newsletter import TABLE_1

from helpers.project import (
    ALT_TEXT_KEY,
    BUILD_DIR,
    NOTEBOOK_DIR,
    PARAMETERS_TAG,
    SETUP_TAG,
    SOLUTION_TAG,
    TEACHER_TAG,
    notebooks,
)
from publish.exporter import InstructorHandoutExporter, StudentHandoutExporter
from publish.figure_index import read_index
from publish.figures import MissingAltTextError, collect_figures
from publish.handouts import HANDOUT_DIR, BuildFailedError, build, default_out, main
from publish.pandoc_input import prepare
from publish.pdf import to_typst

NB02 = NOTEBOOK_DIR / "02_ssri_affinities.ipynb"

SYMBOLS = "σ₁ σ₂ α µ ± ≥ →"


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def flat(text: str) -> str:
    """Whitespace (line breaks in wrapped text) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def synthetic(folder: Path, *, fail: bool = False) -> Path:
    """A tiny notebook in the project's template; ``fail`` adds a cell that raises."""
    cells = [
        new_markdown_cell("# Synthetic handout check\n\n**Rebuilds:** nothing; a test notebook."),
        new_code_cell("import helpers\n\nhelpers.use_style()", metadata={"tags": [SETUP_TAG]}),
        new_code_cell("data_dir = None", metadata={"tags": [PARAMETERS_TAG]}),
        new_markdown_cell(f"Symbols in prose: {SYMBOLS}, and maths: $K_i = 36$ nM."),
        new_code_cell(f'print("Symbols printed: {SYMBOLS}")'),
        new_markdown_cell("**Exercise 1.** Print a word.", metadata={"tags": ["exercise"]}),
        new_code_cell('print("the synthetic solution word")', metadata={"tags": [SOLUTION_TAG]}),
        new_markdown_cell("Teacher: run the cell below first.", metadata={"tags": [TEACHER_TAG]}),
        new_code_cell('print("the teacher-only output")', metadata={"tags": [TEACHER_TAG]}),
    ]
    if fail:
        cells.insert(4, new_code_cell('raise ValueError("broken on purpose")'))
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    name = "98_broken.ipynb" if fail else "99_synthetic.ipynb"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / name)
    return folder / name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first") / "handouts"
    build([NB02, synthetic(tmp_path_factory.mktemp("nb"))], out=out, progress=lambda _: None)
    return out


@pytest.fixture(scope="module")
def student(built: Path) -> str:
    return text_of(built / "student" / "02_ssri_affinities.pdf")


@pytest.fixture(scope="module")
def instructor(built: Path) -> str:
    return text_of(built / "instructor" / "02_ssri_affinities.pdf")


def test_layout(built: Path) -> None:
    for stem in ("02_ssri_affinities", "99_synthetic"):
        for version in ("student", "instructor"):
            assert (built / version / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
    folder = built / "figures" / "02_ssri_affinities"
    rows = read_index(folder / "index.csv")
    assert len(rows) >= 2
    expected = sorted(["index.csv", *(f"{r['file'][:-4]}{ext}" for r in rows
                                      for ext in (".png", ".svg", ".txt"))])
    assert sorted(p.name for p in folder.iterdir()) == expected
    assert not any(re.fullmatch(r"figure-\d+\.png", r["file"]) for r in rows)  # named, not numbered
    assert [r["file"] for r in read_index(built / "figures" / "index.csv")] == [
        f"02_ssri_affinities/{r['file']}" for r in rows]
    assert (built / "figures" / "index.html").is_file()
    assert not list(built.parent.glob(".handouts.*")), "staging folders left behind"
    assert not (built / ".src").exists()


def test_titles_and_footer(built: Path, student: str, instructor: str) -> None:
    title = nbformat.read(NB02, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")
    for text in (student, instructor):
        assert title in flat(text)
        assert "Page 1 of" in text and "International Medical News" in text
    assert "STUDENT HANDOUT" in student and "INSTRUCTOR HANDOUT" in instructor
    reader = pypdf.PdfReader(built / "student" / "02_ssri_affinities.pdf")
    assert reader.metadata.title == title
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)  # A4


def test_pdfs_declare_pdf_ua_1(built: Path) -> None:
    """Accessibility (issue 9): tagged PDF/UA-1 with a language; read back from the file."""
    for pdf in sorted(built.glob("*/*.pdf")):
        reader = pypdf.PdfReader(pdf)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, pdf.name
        assert str(root["/Lang"]).startswith("en") and "/StructTreeRoot" in root


def test_table_1_numbers_as_a_table(student: str) -> None:
    for drug, (_, ki1, ki2, ratio) in TABLE_1.items():
        row = rf"{re.escape(drug)}\s+(SSRI|TCA)\s+{ki1:,}\s+{ki2:,}\s+{ratio}\b"
        assert re.search(row, student), f"Table 1 row for {drug} not found"


def test_student_has_no_code_and_no_solutions(student: str, instructor: str) -> None:
    notebook = nbformat.read(NB02, as_version=4)
    solutions = [c.source.splitlines()[0] for c in notebook.cells
                 if SOLUTION_TAG in c.metadata.get("tags", [])]
    assert solutions
    for line in solutions:
        assert flat(line) not in flat(student)
        assert flat(line) in flat(instructor)
    for code in ("import helpers", "helpers.table(", "helpers.show(", "plt.subplots("):
        assert code not in student
        assert code in instructor
    assert "Solution (instructor version only)" in instructor
    assert "Solution" not in student
    assert "Exercise 1." in student and "Exercise 1." in instructor
    assert "injected" not in instructor.lower()


def test_figure_files(built: Path) -> None:
    from PIL import Image

    notebook = nbformat.read(NB02, as_version=4)
    alts = [o.metadata[ALT_TEXT_KEY] for c in notebook.cells for o in c.get("outputs", [])
            if ALT_TEXT_KEY in o.get("metadata", {})]
    folder = built / "figures" / "02_ssri_affinities"
    rows = read_index(folder / "index.csv")
    assert [r["text_alternative"] for r in rows] == alts
    for row, alt in zip(rows, alts, strict=True):
        stem = row["file"].removesuffix(".png")
        assert (folder / f"{stem}.txt").read_text(encoding="utf-8") == alt + "\n"
        assert row["source"].startswith("Source: ") and row["data"] == "shipped data"
        svg = (folder / f"{stem}.svg").read_text(encoding="utf-8")
        width_pt = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
        with Image.open(folder / f"{stem}.png") as png:
            assert png.width == pytest.approx(width_pt / 72 * 300, rel=0.01)  # 300 dpi


def test_symbols_and_maths_survive(built: Path) -> None:
    for version in ("student", "instructor"):
        text = text_of(built / version / "99_synthetic.pdf")
        assert f"Symbols in prose: {SYMBOLS}" in text
        assert f"Symbols printed: {SYMBOLS}" in text
    student = text_of(built / "student" / "99_synthetic.pdf")
    assert "the synthetic solution word" not in student
    assert "the synthetic solution word" in text_of(built / "instructor" / "99_synthetic.pdf")


def test_teacher_cells_only_in_the_instructor_version(built: Path) -> None:
    student = text_of(built / "student" / "99_synthetic.pdf")
    instructor = text_of(built / "instructor" / "99_synthetic.pdf")
    for text in ("run the cell below first", "the teacher-only output"):
        assert text not in student and text in instructor


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    """Executed and exported afresh (no cache), a notebook's handouts have the same bytes.

    The synthetic notebook only: a shipped lesson runs once in ``make test`` (nbval aside);
    ``make reliability`` rebuilds every lesson afresh and compares the same way.
    """
    again = tmp_path / "handouts"
    build([synthetic(tmp_path / "nb")], out=again, progress=lambda _: None, cache=False)
    made = {name: digest for name, digest in tree_digest(again).items() if "99_synthetic" in name}
    assert any(name.endswith(".pdf") for name in made)
    assert made.items() <= tree_digest(built).items()


def test_failing_notebook_leaves_earlier_handouts(built: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(built)
    broken = synthetic(tmp_path, fail=True)
    with pytest.raises(BuildFailedError, match=r"98_broken\.ipynb, cell \d+ \(`raise ValueError"):
        build([broken], out=built, progress=lambda _: None)
    assert main(["--out", str(built), str(broken)]) == 1
    assert "98_broken.ipynb, cell" in capsys.readouterr().err
    assert tree_digest(built) == before
    assert not list(built.parent.glob(".handouts.*"))


def test_chart_without_alt_text_is_refused() -> None:
    cell = new_code_cell(execution_count=4, outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo="})])
    with pytest.raises(MissingAltTextError, match=r"x\.ipynb, cell 1 \(In \[4\]\): chart 1"):
        collect_figures(new_notebook(cells=[cell]), "x.ipynb")


def test_tables_reach_typst_as_tables() -> None:
    notebook = nbformat.read(NB02, as_version=4)
    figures = collect_figures(notebook, NB02.name)
    source = to_typst(prepare(notebook, figures, [f"f{f.number}.png" for f in figures]),
                      "student", NB02.name)
    # a pandoc table, or the layout call that makes a table fit the page (handout_tables.lua)
    assert source.count("table.header(") + source.count("handout-table(") >= 4
    assert "| Fluvoxamine |" not in source  # not the Markdown or plain text form
    assert 'image("f1.png", alt: "Paired dot plot' in source


@pytest.mark.parametrize(("exporter", "height"), [
    (StudentHandoutExporter(), 841.89), (InstructorHandoutExporter(paper="letter"), 792.0)])
def test_nbconvert_exporter(exporter, height: float, tmp_path: Path) -> None:
    output, resources = exporter.from_filename(str(NB02))
    assert resources["output_extension"] == f".{exporter.version}.pdf"
    (tmp_path / "out.pdf").write_bytes(output)
    reader = pypdf.PdfReader(tmp_path / "out.pdf")
    assert reader.pages[0].mediabox.height == pytest.approx(height, abs=0.1)
    text = text_of(tmp_path / "out.pdf")
    assert ("import helpers" in text) == (exporter.version == "instructor")


def test_exporters_registered_for_jupyterlab() -> None:
    from nbconvert.exporters import get_exporter

    for name, cls in (("handout_student", StudentHandoutExporter),
                      ("handout_instructor", InstructorHandoutExporter)):
        assert re.fullmatch(r"\w+", name)  # the Jupyter server's export URL needs \w+
        assert get_exporter(name) is cls


def executed(notebook: nbformat.NotebookNode) -> SimpleNamespace:
    """What ``publish.execute.execute_keyed`` returns, for a fake run: not from the cache."""
    return SimpleNamespace(notebook=notebook, hit=False, key=None)


def test_data_path_is_fixed_before_any_notebook_changes_directory(tmp_path: Path, monkeypatch) -> None:
    # papermill changes the working directory while a notebook runs, and two run at once
    # in threads: a relative DATA resolved late pointed into notebooks/ (a real bug).
    shutil.copytree(NOTEBOOK_DIR.parent / "data", tmp_path / "my-data")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    seen = []

    def fake_execute(source, data_dir=None, **options):
        os.chdir(tmp_path / "elsewhere")  # what papermill does while a kernel runs
        seen.append(Path(data_dir).resolve())
        return executed(nbformat.v4.new_notebook())

    monkeypatch.setattr("publish.handouts.execute_keyed", fake_execute)
    sources = [NOTEBOOK_DIR / "02_ssri_affinities.ipynb", NOTEBOOK_DIR / "03_neurotrophic_hypothesis.ipynb"]
    build(sources, Path("out"), "my-data", jobs=1, export=False, progress=lambda line: None)
    assert seen == [tmp_path / "my-data"] * 2


def test_two_notebooks_at_once_leave_the_working_directory_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    sources = [NOTEBOOK_DIR / "00_start_here.ipynb", NOTEBOOK_DIR / "02_ssri_affinities.ipynb"]
    for _ in range(2):
        build(sources, Path("out"), jobs=2, export=False, progress=lambda line: None)
        assert Path.cwd() == tmp_path


def test_a_copy_of_the_data_gets_its_own_folder(tmp_path: Path) -> None:
    assert default_out() == default_out(NOTEBOOK_DIR.parent / "data") == HANDOUT_DIR
    assert default_out(tmp_path / "my-data") == BUILD_DIR / "handouts-my-data"
    assert default_out("my data/2024") == BUILD_DIR / "handouts-2024"


def test_a_copy_of_the_data_never_overwrites_the_shipped_handouts(data_copy: Path) -> None:
    with pytest.raises(BuildFailedError, match=r"holds the handouts of the shipped data.*"
                                               r"handouts-data"):
        build([NB02], out=HANDOUT_DIR, data_dir=str(data_copy), progress=lambda _: None)


def test_only_the_manifest_is_built_and_the_rest_is_named(tmp_path: Path, monkeypatch) -> None:
    copy = NOTEBOOK_DIR / "02_ssri_affinities-Copy1.ipynb"  # never created: the listing is faked
    monkeypatch.setattr("publish.handouts.unlisted", lambda: [copy])
    ran, lines = [], []

    def fake_execute(source, data_dir=None, **options):
        ran.append(Path(source).name)
        return executed(nbformat.v4.new_notebook())

    monkeypatch.setattr("publish.handouts.execute_keyed", fake_execute)
    build(out=tmp_path / "out", jobs=1, export=False, progress=lines.append)
    assert ran == [p.name for p in notebooks()]
    assert "not built   02_ssri_affinities-Copy1.ipynb (not in notebooks/_toc.yml)" in lines
