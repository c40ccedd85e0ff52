"""Instructor code in the handout: wrapped lines carry a continuation mark; the student
version drops cells tagged ``teacher`` in the pandoc filter itself; ``jupyter nbconvert``
stops on a notebook that cannot be typeset with one line, no traceback.

The PDFs are read back with pypdf: the text (a continuation row starts with "↪ ", and
removing the mark and its line break gives the code line back) and the position of each
run of text (tests/handout_export.py: the mark starts at the wrapped line's indentation,
one row below it, and nothing runs past the margins).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import nbformat
import pypdf
import pytest
from handout_export import FIXTURES, export, outside_margins, pdf_text, text_boxes
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import publish.pdf
from helpers.project import (
    ALT_TEXT_KEY,
    ILLUSTRATIVE_GID,
    INJECTED_PARAMETERS_TAG,
    PARAMETERS_TAG,
    SETUP_TAG,
    SOLUTION_TAG,
    TEACHER_TAG,
)
from publish.exporter import InstructorHandoutExporter, StudentHandoutExporter
from publish.figures import MissingAltTextError
from publish.pandoc_input import prepare
from publish.pdf import HandoutError, filter_names, to_typst

MARK = "↪"
# A4 text width 17 cm less the code block's inset (2 x 6 pt), in DejaVu Sans Mono at 8 pt
# (0.602 em a character): about 97 characters a row. Long lines are far above, short far below.
LONG = ('occupancy = receptor_occupancy(dose_mg=100, ki_nm=36.0, label="a string long enough '
        'to run past the text width of an A4 page", receptors=["sigma-1", "sigma-2"])')
SHORT = "short = 1"
INDENTED = ("        table = profile_table(drug, receptors=['sigma-1', 'sigma-2', 'alpha-1', "
            "'H1', 'muscarinic'], threshold=0.5)")
FUNCTION = f"def profile(drugs):\n    for drug in drugs:\n{INDENTED}\n    return table"
PRINTED = ("Ki values printed by a cell: " + ", ".join(f"drug {k} = {k * 36} nM" for k in range(1, 16))
           + " (end of line)")
UNBROKEN = "x = '" + "abcdefghij" * 15 + "'"
WIDE = 'name = "' + "日本語の名前" * 10 + '"'  # each character two columns wide
SOLUTION = ('answer = sorted(table_1, key=lambda row: row["ki_sigma_1_nm"] / row["ki_sigma_2_nm"], '
            'reverse=True)  # the most selective first')
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def write(folder: Path, name: str, cells: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells, metadata=KERNEL), folder / name)
    return folder / name


def code_notebook(folder: Path) -> Path:
    """Short and long code lines, an indented one, a long printed line, a long solution line."""
    return write(folder, "code.ipynb", [
        new_markdown_cell("# Code lines\n\n**Rebuilds:** nothing; a test notebook."),
        new_code_cell(f"{SHORT}\n{LONG}\nx = 2", outputs=[
            new_output("stream", name="stdout", text=f"short output\n{PRINTED}\n")]),
        new_code_cell(FUNCTION),
        new_code_cell(f"{UNBROKEN}\n{WIDE}"),
        new_markdown_cell("**Exercise 1.** Sort the drugs.", metadata={"tags": ["exercise"]}),
        new_code_cell(SOLUTION, metadata={"tags": [SOLUTION_TAG]}),
    ])


@pytest.fixture(scope="module")
def instructor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("code")
    return export(code_notebook(folder / "nb"), folder / "out", ("instructor",))["instructor"]


def rows(pdf: Path) -> list[str]:
    return [row.rstrip() for row in pdf_text(pdf).splitlines()]


def joined(pdf: Path) -> str:
    """The PDF's text with each continuation joined back onto its line (mark and break removed)."""
    return re.sub(rf"\n\s*{MARK} ", "", pdf_text(pdf))


@pytest.mark.parametrize("line", [LONG, INDENTED.strip(), PRINTED, UNBROKEN, WIDE, SOLUTION])
def test_a_line_wider_than_the_text_continues_with_a_mark(instructor: Path, line: str) -> None:
    text = rows(instructor)
    first = next(i for i, row in enumerate(text) if line.startswith(row.strip()) and row.strip())
    assert len(text[first].strip()) < len(line), "the line was not wrapped"
    assert text[first + 1].startswith(MARK + " "), text[first:first + 2]
    assert line in [row.strip() for row in joined(instructor).splitlines()]


@pytest.mark.parametrize("line", [SHORT, "x = 2", "short output", "def profile(drugs):",
                                  "for drug in drugs:", "return table"])
def test_a_short_line_is_whole_and_unmarked(instructor: Path, line: str) -> None:
    text = rows(instructor)
    at = [i for i, row in enumerate(text) if row.strip() == line]
    assert at, f"{line!r} is not a row of its own"
    assert not text[at[0] + 1].startswith(MARK)


def test_the_mark_only_starts_continuations(instructor: Path) -> None:
    text = pdf_text(instructor).splitlines()
    marks = [row for row in text if MARK in row]
    assert marks and all(row.lstrip().startswith(MARK + " ") and row.count(MARK) == 1
                         for row in marks)
    # A row ends after a space, a comma or an opening bracket where the line has one near
    # the row's end (not inside a word); a line with none is cut where the row is full.
    wrapped = [row for row, after in pairwise(text)
               if after.lstrip().startswith(MARK)]
    for row in wrapped:
        if UNBROKEN.startswith(row.strip()) or WIDE.startswith(row.strip()):
            continue
        assert row.endswith((" ", ",", ";", "(", "[", "{")), row
    # ", " before "reverse=True" is preferred to the later spaces that would also fit.
    assert 'answer = sorted(table_1, key=lambda row: row["ki_sigma_1_nm"] / row["ki_sigma_2_nm"], ' \
        in [row.lstrip() for row in text]


def test_the_mark_sits_below_the_line_at_its_indentation(instructor: Path) -> None:
    for page in pypdf.PdfReader(instructor).pages:
        boxes = text_boxes(page)
        assert not outside_margins(page, boxes), outside_margins(page, boxes)
        for mark in (b for b in boxes if b.text.startswith(MARK)):
            above = [b for b in boxes if 0 < b.y - mark.y < 2 * mark.size]
            assert above, f"no wrapped line above the mark at y={mark.y}"
            line_y = min(b.y for b in above)
            line = sorted((b for b in above if b.y == line_y), key=lambda b: b.x0)
            # The mark starts where the wrapped line's text starts (its indentation).
            assert abs(mark.x0 - line[0].x0) < 0.5, (mark, line[0])
            assert mark.y < line_y and line_y - mark.y < 1.6 * mark.size
    indented = next(p for p in pypdf.PdfReader(instructor).pages if "profile_table" in p.extract_text())
    boxes = text_boxes(indented)
    table = next(b for b in boxes if b.text.startswith("table"))
    left = min(b.x0 for b in boxes if b.text.startswith("def"))
    mark = next(b for b in boxes if b.text.startswith(MARK) and 0 < table.y - b.y < 2 * b.size)
    assert table.x0 - left > 20 and abs(mark.x0 - table.x0) < 0.5


def test_code_rebuilds_byte_identical(instructor: Path, tmp_path: Path) -> None:
    again = export(code_notebook(tmp_path / "nb"), tmp_path / "out", ("instructor",))["instructor"]
    assert again.read_bytes() == instructor.read_bytes()


def test_the_filter_drops_teacher_cells_from_the_student_version(tmp_path: Path) -> None:
    """A direct pandoc run (no publish.handouts) leaves out cells tagged ``teacher``."""
    path = write(tmp_path, "teach.ipynb", [
        new_markdown_cell("# Teaching\n\nFor everyone."),
        new_markdown_cell("Teacher: run the cell below first.", metadata={"tags": [TEACHER_TAG]}),
        new_code_cell('print("teacher only")', metadata={"tags": [TEACHER_TAG]}, outputs=[
            new_output("stream", name="stdout", text="the teacher-only output\n")]),
        new_code_cell('print("all")', outputs=[
            new_output("stream", name="stdout", text="the output for everyone\n")]),
    ])
    trimmed = prepare(json.loads(path.read_text(encoding="utf-8")), [], [])
    student = to_typst(trimmed, "student", path.name)
    instructor = to_typst(trimmed, "instructor", path.name)
    assert "the output for everyone" in student and "the output for everyone" in instructor
    for words in ("run the cell below first", "the teacher-only output"):
        assert words not in student and words in instructor


def bad_notebook(folder: Path, construct: str) -> Path:
    return write(folder, "bad.ipynb", [new_markdown_cell("# Bad\n\nText."),
                                       new_markdown_cell(f"Before {construct} after.")])


CANNOT = [("<iframe src='https://example.org'></iframe>", "<iframe>"),  # stops pandoc
          ("\U00013000", "U+13000")]  # stops Typst


@pytest.mark.parametrize(("construct", "named"), CANNOT)
def test_nbconvert_prints_one_line_and_fails(construct: str, named: str, tmp_path: Path) -> None:
    notebook = bad_notebook(tmp_path, construct)
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to",
                             "handout_instructor", notebook.name], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, result.stderr
    assert "bad.ipynb, cell 2: " in errors[0] and named in errors[0]
    assert not list(tmp_path.glob("*.pdf"))


def test_outside_the_command_line_the_error_is_raised(tmp_path: Path) -> None:
    """JupyterLab's export calls the exporter in the server: it must raise, not exit.

    Even with an ``NbConvertApp`` initialised in this process (one that converts with
    another exporter), the exporter raises; the server shows the error's text.
    """
    from nbconvert.nbconvertapp import NbConvertApp

    notebook = bad_notebook(tmp_path, CANNOT[0][0])
    with pytest.raises(HandoutError, match=r"^bad\.ipynb, cell 2: .*<iframe>"):
        StudentHandoutExporter().from_filename(str(notebook))
    app = NbConvertApp.instance()
    try:
        app.exporter = StudentHandoutExporter()
        with pytest.raises(HandoutError):
            InstructorHandoutExporter().from_filename(str(notebook))
    finally:
        NbConvertApp.clear_instance()


# --- the fixture lesson (tests/fixtures/lesson.ipynb): what each version keeps ---------------

def flat(text: str) -> str:
    """Whitespace (line breaks in wrapped text) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text)


LESSON = FIXTURES / "lesson.ipynb"
STUDENT_ONLY_NOT = ("the fixture solution output", "note for the teacher only",
                    "the fixture teacher output", "helpers.use_style()", "pd.DataFrame(")


@pytest.fixture(scope="module")
def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export(LESSON, tmp_path_factory.mktemp("fixture"))


def test_the_fixture_has_a_cell_of_each_kind() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    tags = {t for cell in notebook.cells for t in cell.metadata.get("tags", [])}
    assert {SETUP_TAG, PARAMETERS_TAG, INJECTED_PARAMETERS_TAG, SOLUTION_TAG, TEACHER_TAG} <= tags


def test_fixture_student_handout_hides_solutions_teacher_cells_and_code(
        fixture_pdfs: dict[str, Path]) -> None:
    student, instructor = (flat(pdf_text(fixture_pdfs[v])) for v in ("student", "instructor"))
    for words in STUDENT_ONLY_NOT:
        assert words not in student, words
        assert words in instructor, words
    assert "Solution (instructor version only)" in instructor
    assert "Solution" not in student
    for text in (student, instructor):
        assert "Fixture lesson: every kind of cell" in text  # the title block
        assert "printed for everyone" in text and "Exercise 1." in text
        assert re.search(r"Fixturamine\s+42", text) and re.search(r"Placebomine\s+4,200", text)
        assert "/somewhere/else" not in text  # papermill's injected cell: in neither version


def test_fixture_chart_becomes_a_slide_figure_with_its_text_alternative(
        fixture_pdfs: dict[str, Path]) -> None:
    folder = fixture_pdfs["student"].parent.parent / "figures" / "lesson"
    alt = next(o.metadata[ALT_TEXT_KEY] for c in nbformat.read(LESSON, as_version=4).cells
               for o in c.get("outputs", []) if ALT_TEXT_KEY in o.get("metadata", {}))
    assert (folder / "bell-shaped-fixture-curve.txt").read_text(encoding="utf-8") == alt + "\n"
    assert f'id="{ILLUSTRATIVE_GID}"' in (folder / "bell-shaped-fixture-curve.svg").read_text(
        encoding="utf-8")
    reader = pypdf.PdfReader(fixture_pdfs["student"])
    assert "Illustrative bell-shaped curve" in flat(pdf_text(fixture_pdfs["student"]))
    assert reader.trailer["/Root"]["/StructTreeRoot"]


def test_fixture_chart_without_text_alternative_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingAltTextError, match=r"^chart_without_alt_text\.ipynb, cell 2 "
                                                   r"\(In \[1\]\): chart 1 has no text alternative"):
        export(FIXTURES / "chart_without_alt_text.ipynb", tmp_path)


# --- the filters take every name from the Python side ----------------------------------------

TEMPLATES = Path(publish.pdf.__file__).resolve().parent / "templates"
LUA_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|\[\[(.*?)\]\]', re.S)


def lua_code(path: Path) -> str:
    """A Lua file without its comments (``--`` to the end of the line).

    No string of the filters holds ``--`` (their patterns escape it as ``%-%-``); the
    first assertion keeps it so.
    """
    text = path.read_text(encoding="utf-8")
    assert not any("--" in (m.group(0)) for m in LUA_STRING.finditer(
        re.sub(r"^\s*--.*$", "", text, flags=re.M))), f"{path.name}: a string holds '--'"
    return re.sub(r"--.*$", "", text, flags=re.M)


def test_no_filter_spells_a_tag_or_marker_name() -> None:
    names = filter_names()
    assert {"SOLUTION_TAG", "SETUP_TAG", "TEACHER_TAG", "INJECTED_PARAMETERS_TAG",
            "CELL_KEY"} <= set(names)
    filters = sorted(TEMPLATES.glob("*.lua"))
    assert len(filters) >= 5
    for path in filters:
        code = lua_code(path)
        strings = {next(g for g in match.groups() if g is not None)
                   for match in LUA_STRING.finditer(code)}
        for constant, value in names.items():
            assert value not in strings, f"{path.name} spells {value!r}; use names.{constant}"
            assert not re.search(rf"\.\s*{re.escape(value)}\b", code) or not value.isidentifier(), (
                f"{path.name} uses the field .{value}; use names.{constant}")


def test_the_filter_reads_the_tag_names_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renaming a tag on the Python side is enough: the filter follows."""
    notebook = nbformat.read(LESSON, as_version=4)
    prepared = prepare(notebook, [], [])
    assert "the fixture solution output" not in to_typst(prepared, "student", LESSON.name)
    renamed = {**filter_names(), "SOLUTION_TAG": "answer-key"}
    monkeypatch.setattr(publish.pdf, "filter_names", lambda: renamed)
    assert "the fixture solution output" in to_typst(prepared, "student", LESSON.name)


def test_the_filter_refuses_to_run_without_the_names(tmp_path: Path) -> None:
    import pypandoc

    source = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Title")]), source)
    result = subprocess.run([pypandoc.get_pandoc_path(), "--from=ipynb", "--to=typst",
                             f"--lua-filter={TEMPLATES / 'handout.lua'}", str(source)],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "HANDOUT-ERROR" in result.stderr and "handout-names" in result.stderr
