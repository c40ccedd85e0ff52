"""Student versions of the notebooks: solutions out, outputs cleared, the rest intact.

The instructor's notebooks are the originals in ``notebooks/``. A student copy
replaces every code cell tagged ``solution`` by a short prompt cell (an empty
code cell tagged ``answer`` with one comment line), leaves out every cell
tagged ``teacher`` (instructions for the teacher, as on the start page: they
are left out of student handouts too), clears every output and execution
count, and keeps all other cells, their tags and the notebook's metadata
(kernelspec ``python3``) as they are.

Command line::

    python -m helpers.student [--out build/student] [NOTEBOOK ...]
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

from helpers.files import BUILD_DIR, missing_paths, notebooks, write_notebook_atomically

__all__ = ["ANSWER_PROMPT", "STUDENT_DIR", "TEACHER_TAG", "main", "student_notebook",
           "write_student_notebooks"]

ANSWER_PROMPT = "# Your answer to the exercise above. (The solution is in the instructor's copy.)"
"""The text of the cell that stands where a solution was."""

STUDENT_DIR = BUILD_DIR / "student"

TEACHER_TAG = "teacher"
"""Tag of cells for the teacher only: left out of student notebooks and student handouts."""


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
    ...     new_code_cell("1 + 1", metadata={"tags": ["solution"]}, execution_count=1,
    ...                   outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"},
    ...                                                  execution_count=1)]),
    ...     new_markdown_cell("Run the cell below.", metadata={"tags": ["teacher"]})])
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
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            prompt = new_code_cell(ANSWER_PROMPT, metadata={"tags": ["answer"]})
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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m helpers.student", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=STUDENT_DIR,
                        help="folder for the student notebooks (default: build/student)")
    parser.add_argument("notebook", nargs="*", type=Path,
                        help="notebooks (default: those notebooks/_toc.yml names)")
    args = parser.parse_args(argv)
    if missing_paths(args.notebook):
        parser.error(f"no such notebook: {', '.join(missing_paths(args.notebook))}")
    for path in write_student_notebooks(args.notebook or notebooks(), args.out):
        solutions = sum("answer" in c.metadata.get("tags", [])
                        for c in nbformat.read(path, as_version=4).cells)
        print(f"wrote   {os.path.relpath(path)}  ({solutions} solutions replaced by prompts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
