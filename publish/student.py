"""Student versions of the notebooks: solutions out, outputs cleared, the rest intact.

The instructor's notebooks are the originals in ``notebooks/``. A student copy
replaces every code cell tagged ``solution`` by a short prompt cell (an empty
code cell tagged ``answer`` with one comment line), leaves out every cell
tagged ``teacher`` (instructions for the teacher, as on the start page: they
are left out of student handouts too), clears every output and execution
count, and keeps all other cells, their tags and the notebook's metadata
(kernelspec ``python3``) as they are.

Command line::

    python -m publish student [--out build/student] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

from helpers.project import BUILD_DIR, SOLUTION_TAG, TEACHER_TAG
from publish.cli import command_main, notebook_arguments, out_option, selected_notebooks
from publish.notebook_files import write_notebook_atomically

__all__ = ["ANSWER_PROMPT", "ANSWER_TAG", "STUDENT_DIR", "add_arguments", "main", "run",
           "student_notebook", "write_student_notebooks"]

ANSWER_PROMPT = "# Your answer to the exercise above. (The solution is in the instructor's copy.)"
"""The text of the cell that stands where a solution was."""

ANSWER_TAG = "answer"
"""Tag of the prompt cell that stands where a solution was (student copies only)."""

STUDENT_DIR = BUILD_DIR / "student"
"""Where ``python -m publish student`` writes by default."""


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student version of a notebook (the input is not changed).

    Parameters
    ----------
    notebook : NotebookNode
        An instructor notebook (nbformat 4).

    Returns
    -------
    NotebookNode
        Solution cells replaced by prompt cells tagged ``answer``; cells tagged
        ``teacher`` left out; outputs and execution counts cleared; everything
        else as in the original.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[
    ...     new_markdown_cell("**Exercise 1.** Add 1 and 1.", metadata={"tags": ["exercise"]}),
    ...     new_code_cell("1 + 1", metadata={"tags": [SOLUTION_TAG]}, execution_count=1,
    ...                   outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"},
    ...                                                  execution_count=1)]),
    ...     new_markdown_cell("Run the cell below.", metadata={"tags": [TEACHER_TAG]})])
    >>> student = student_notebook(nb)
    >>> [(c.cell_type, c.metadata.get("tags")) for c in student.cells]
    [('markdown', ['exercise']), ('code', ['answer'])]
    >>> student.cells[1].source == ANSWER_PROMPT
    True
    >>> student.cells[1].outputs, nb.cells[1].source
    ([], '1 + 1')
    """
    result = copy.deepcopy(notebook)
    cells = []
    for cell in result.cells:
        if TEACHER_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code" and SOLUTION_TAG in cell.metadata.get("tags", []):
            prompt = new_code_cell(ANSWER_PROMPT, metadata={"tags": [ANSWER_TAG]})
            if "id" in cell:
                prompt["id"] = cell["id"]
            cells.append(prompt)
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        cells.append(cell)
    result.cells = cells
    return result


def write_student_notebooks(sources: Iterable[Path], out_dir: Path = STUDENT_DIR) -> list[Path]:
    """Write the student version of each notebook into ``out_dir`` (validated, atomically).

    Returns
    -------
    list of Path
        The notebooks written, in the order given.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        student = student_notebook(nbformat.read(source, as_version=4))
        nbformat.validate(student)
        target = out_dir / source.name
        write_notebook_atomically(student, target)
        written.append(target)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``student`` (see the module docstring)."""
    out_option(parser, STUDENT_DIR, "folder for the student notebooks (default: build/student)")
    notebook_arguments(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Write the student notebooks ``args`` asks for, one line each; return 0.

    Raises
    ------
    ManifestError
        No notebook was named and the manifest is broken.
    """
    for path in write_student_notebooks(selected_notebooks(args), args.out):
        solutions = sum(ANSWER_TAG in c.metadata.get("tags", [])
                        for c in nbformat.read(path, as_version=4).cells)
        print(f"wrote   {os.path.relpath(path)}  ({solutions} solutions replaced by prompts)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m publish.student``, the same as ``python -m publish student``."""
    return command_main("student", argv)


if __name__ == "__main__":
    sys.exit(main())
