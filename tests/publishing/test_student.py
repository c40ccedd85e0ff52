"""Student notebooks: valid, solutions replaced by prompts, and they run; every solution runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.project import (
    INJECTED_PARAMETERS_TAG,
    NOTEBOOK_DIR,
    PARAMETERS_TAG,
    PROJECT_DIR,
    SETUP_TAG,
    SOLUTION_TAG,
    TEACHER_TAG,
    notebooks,
)
from publish.student import ANSWER_PROMPT, ANSWER_TAG, student_notebook, write_student_notebooks

NOTEBOOKS = notebooks()


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.metadata.get("tags", [])


def run(notebook: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh python3 kernel; a cell that raises fails the test."""
    NotebookClient(notebook, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def errors(notebook: nbformat.NotebookNode) -> list[str]:
    return [f"cell {n}: {out.ename}: {out.evalue}" for n, cell in enumerate(notebook.cells)
            for out in cell.get("outputs", []) if out.output_type == "error"]


def _nbval_runs(request: pytest.FixtureRequest, path: Path) -> bool:
    """Whether this session also runs ``path`` with nbval (as ``make test`` does)."""
    name = path.relative_to(PROJECT_DIR).as_posix()
    return any(item.nodeid.startswith(f"{name}::") for item in request.session.items)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_solution_cell_runs(path, request):
    """Every solution follows its exercise and shows something, with no error anywhere.

    In ``make test`` this reads the stored outputs, not a new run: nbval, in the same
    session, runs each lesson afresh and compares every cell's outputs with these, so
    they are what a run gives today. Run without nbval (this file alone), it runs the
    lesson itself.
    """
    original = nbformat.read(path, as_version=4)
    solutions = [n for n, c in enumerate(original.cells) if SOLUTION_TAG in tags(c)]
    if path.stem.startswith("00_"):
        assert solutions == []
        return
    assert solutions, f"{path.name} has no cell tagged {SOLUTION_TAG!r}"
    for n in solutions:
        assert original.cells[n].cell_type == "code", f"{path.name} cell {n}: solution not code"
        before = [c for c in original.cells[:n] if c.cell_type == "markdown"]
        assert before and "exercise" in tags(before[-1]), (
            f"{path.name} cell {n}: a solution must follow a markdown cell tagged 'exercise'")
    assert all(c.execution_count for c in original.cells if c.cell_type == "code"), (
        f"{path.name} is not stored executed (make notebooks)")
    executed = original if _nbval_runs(request, path) else run(original, NOTEBOOK_DIR)
    assert errors(executed) == []
    for n in solutions:
        outputs = executed.cells[n].outputs
        assert outputs, f"{path.name} cell {n}: the solution shows nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_notebook_is_valid_and_runs(path, tmp_path):
    original = nbformat.read(path, as_version=4)
    [written] = write_student_notebooks([path], tmp_path)
    student = nbformat.read(written, as_version=4)
    nbformat.validate(student)
    assert student.metadata == original.metadata
    assert student.metadata.kernelspec.name == "python3"
    kept = [c for c in original.cells if TEACHER_TAG not in tags(c)]
    if path.stem.startswith("00_"):
        assert len(kept) < len(original.cells)  # the start page's teacher instructions go
    assert len(student.cells) == len(kept)
    for mine, theirs in zip(student.cells, kept, strict=True):
        if SOLUTION_TAG in tags(theirs):
            assert mine.cell_type == "code"
            assert mine.source == ANSWER_PROMPT
            assert tags(mine) == [ANSWER_TAG]
            continue
        assert SOLUTION_TAG not in tags(mine)
        assert (mine.cell_type, mine.source, mine.metadata) == (
            theirs.cell_type, theirs.source, theirs.metadata)
        if mine.cell_type == "code":
            assert mine.outputs == [] and mine.execution_count is None
    # A student runs it top to bottom in their own folder: the prompts are comments, so every
    # cell, up to the exercises and after them (References), must run without the solutions.
    executed = run(student, tmp_path)
    assert errors(executed) == []


def test_teacher_cells_are_left_out():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("For everyone."),
        nbformat.v4.new_markdown_cell("Run the cell below.", metadata={"tags": [TEACHER_TAG]}),
        nbformat.v4.new_code_cell("helpers.check_data()", metadata={"tags": [TEACHER_TAG]})])
    assert [c.source for c in student_notebook(notebook).cells] == ["For everyone."]


def test_student_notebook_keeps_the_original_unchanged():
    path = NOTEBOOKS[-1]
    original = nbformat.read(path, as_version=4)
    student_notebook(original)
    assert nbformat.writes(original) == nbformat.writes(nbformat.read(path, as_version=4))


def test_command_line_writes_every_notebook(tmp_path):
    out = tmp_path / "student"
    result = subprocess.run([sys.executable, "-m", "publish.student", "--out", str(out)],
                            cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert sorted(p.name for p in out.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    assert result.stdout.count("wrote") == len(NOTEBOOKS)


# --- the fixture lesson (tests/fixtures/lesson.ipynb), one cell of each kind -----------------

LESSON = Path(__file__).resolve().parents[1] / "fixtures" / "lesson.ipynb"


def test_fixture_student_copy_cell_by_cell():
    original = nbformat.read(LESSON, as_version=4)
    student = student_notebook(original)
    by_tag = {tag: [c for c in original.cells if tag in tags(c)]
              for tag in (SETUP_TAG, PARAMETERS_TAG, INJECTED_PARAMETERS_TAG, SOLUTION_TAG,
                          TEACHER_TAG)}
    assert all(by_tag.values()), "the fixture lacks a kind of cell"
    # teacher cells (Markdown and code) are left out, every other cell keeps its place and id
    assert [c.id for c in student.cells] == [c.id for c in original.cells
                                             if TEACHER_TAG not in tags(c)]
    mine = {c.id: c for c in student.cells}
    for solution in by_tag[SOLUTION_TAG]:
        prompt = mine[solution.id]
        assert (prompt.source, tags(prompt), prompt.outputs) == (ANSWER_PROMPT, [ANSWER_TAG], [])
    for tag in (SETUP_TAG, PARAMETERS_TAG, INJECTED_PARAMETERS_TAG):
        for cell in by_tag[tag]:
            assert (mine[cell.id].source, mine[cell.id].metadata) == (cell.source, cell.metadata)
    assert all(c.outputs == [] and c.execution_count is None
               for c in student.cells if c.cell_type == "code")
    assert any(c.get("outputs") for c in original.cells)  # the input kept its outputs
    nbformat.validate(student)


def test_fixture_through_the_command_line(tmp_path):
    """``python -m publish student`` (the subcommand) on a notebook named on the line."""
    result = subprocess.run([sys.executable, "-m", "publish", "student", "--out", str(tmp_path),
                             str(LESSON)], cwd=PROJECT_DIR, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().endswith("lesson.ipynb  (1 solutions replaced by prompts)")
    written = nbformat.read(tmp_path / LESSON.name, as_version=4)
    assert nbformat.writes(written) == nbformat.writes(
        student_notebook(nbformat.read(LESSON, as_version=4)))
