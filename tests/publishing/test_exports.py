"""Exports with ``jupyter nbconvert --to handout_student|handout_instructor``: named by version,
ignored by git wherever they land, and the notebook file never touched.

(The same exporters behind JupyterLab's *File > Save and Export Notebook As* are clicked in
Chromium by tests/browser/test_exports.py.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from helpers.project import NOTEBOOK_DIR, PROJECT_DIR

START = NOTEBOOK_DIR / "00_start_here.ipynb"
NB02 = NOTEBOOK_DIR / "02_ssri_affinities.ipynb"
JUPYTER = [sys.executable, "-m", "jupyter"]


def fingerprint(path: Path) -> tuple[str, int]:
    """Content hash and modification time (ns): a rewrite with the same bytes shows too."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def export(notebook: Path, version: str, *options: str, cwd: Path = PROJECT_DIR) -> None:
    subprocess.run([*JUPYTER, "nbconvert", "--to", f"handout_{version}", str(notebook), *options],
                   cwd=cwd, check=True, capture_output=True, text=True)


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both versions of a copy of the start page, exported beside it as a teacher would."""
    folder = tmp_path_factory.mktemp("lesson")
    shutil.copy2(START, folder / START.name)
    before = fingerprint(folder / START.name)
    for version in ("student", "instructor"):
        export(folder / START.name, version, cwd=folder)
    assert fingerprint(folder / START.name) == before
    return folder


def test_each_version_is_named_by_version_and_neither_overwrites_the_other(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == [
        "00_start_here.instructor.pdf", "00_start_here.ipynb", "00_start_here.student.pdf"]
    student = text_of(exported / "00_start_here.student.pdf")
    instructor = text_of(exported / "00_start_here.instructor.pdf")
    assert "STUDENT HANDOUT" in student and "INSTRUCTOR HANDOUT" in instructor


def test_teacher_instructions_only_in_the_instructor_version(exported: Path) -> None:
    student = text_of(exported / "00_start_here.student.pdf")
    instructor = text_of(exported / "00_start_here.instructor.pdf")
    for text in ("run the cell below", "make copy-data", "make student-notebooks",
                 "These are the shipped data", "For teachers."):
        assert text not in student, text
        assert text in instructor, text
    assert "Which notebook rebuilds what" in student  # the index is for everyone
    assert "Running the notebooks" in student


def test_exporting_a_lesson_leaves_its_file_as_it_was(tmp_path: Path) -> None:
    before = fingerprint(NB02)
    listing = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
    export(NB02, "student", f"--output-dir={tmp_path}")
    assert fingerprint(NB02) == before
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == listing
    assert (tmp_path / "02_ssri_affinities.student.pdf").read_bytes().startswith(b"%PDF-")


def test_an_output_name_ending_in_pdf_is_taken_as_given(exported: Path, tmp_path: Path) -> None:
    export(exported / START.name, "student", "--output=handout.pdf", f"--output-dir={tmp_path}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


@pytest.mark.skipif(shutil.which("git") is None or not (PROJECT_DIR / ".git").exists(),
                    reason="needs git and the repository")
@pytest.mark.parametrize("path", [
    "notebooks/02_ssri_affinities.student.pdf", "notebooks/02_ssri_affinities.instructor.pdf",
    "notebooks/02_ssri_affinities.pdf", "notebooks/sub/x.pdf", "02_ssri_affinities.student.pdf",
    "my-data/x.instructor.pdf", "tests/anywhere.student.pdf", "build/handouts/student/02.pdf",
])
def test_generated_pdfs_are_ignored_by_git_wherever_they_land(path: str) -> None:
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=PROJECT_DIR,
                            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}, check=False)
    assert result.returncode == 0, f"git would list {path}"
