"""One executed notebook to its slide figures and its handout PDFs (student, instructor).

Used by the build (:mod:`publish.handouts`, every notebook after execution) and by the
nbconvert exporters (:mod:`publish.exporter`, one notebook as it is): its charts are
collected and written as slide figures (:mod:`publish.figures`), the notebook is trimmed
for pandoc (:mod:`publish.pandoc_input`), and each version is typeset
(:mod:`publish.pdf`). The student version leaves out the cells tagged ``teacher``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from helpers.project import TEACHER_TAG
from publish.changed_data import page_mark
from publish.figures import collect_figures, write_figures
from publish.pandoc_input import prepare
from publish.pdf import VERSIONS, render_pdf, to_typst

__all__ = ["SCRATCH", "Progress", "export_notebook", "say"]

SCRATCH = ".src"
"""The scratch folder (Typst sources, images) below an export's root."""

Progress = Callable[[str], None]
"""Called with one line of progress per step."""

_SAY_LOCK = threading.Lock()


def say(line: str) -> None:
    """Print one progress line whole (two notebooks report from two threads)."""
    with _SAY_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def _for_version(prepared: dict, version: str) -> dict:
    """The student version leaves out the cells tagged ``teacher`` (as student notebooks do)."""
    if version != "student":
        return prepared
    cells = [c for c in prepared["cells"]
             if TEACHER_TAG not in c.get("metadata", {}).get("tags", [])]
    return {**prepared, "cells": cells}


def export_notebook(notebook: dict, name: str, root: Path, paper: str = "a4",
                    versions: Iterable[str] = VERSIONS, progress: Progress = say,
                    mark: str | None = None, folder: Path | None = None) -> list[Path]:
    """Write one executed notebook's figures and PDFs below ``root``.

    Parameters
    ----------
    notebook : dict or NotebookNode
        The executed notebook.
    name : str
        Its file name, e.g. ``02_ssri_affinities.ipynb``.
    root : Path
        Gets ``figures/<stem>/``, ``<version>/<stem>.pdf`` and a scratch folder ``.src/``.
    paper : {"a4", "letter"}
    versions : iterable of {"student", "instructor"}
    progress : callable
        Called with one line per step (figures, each version) and its time.
    mark : str or None
        A changed-data mark (:func:`data_mark`) for every page and every chart.
    folder : Path or None
        The notebook's folder, where images of its Markdown cells are found by
        relative path (default: what papermill recorded, else the working folder).

    Returns
    -------
    list of Path
        The PDFs written, in the order of ``versions``.
    """
    stem = Path(name).stem
    scratch = root / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    figures = collect_figures(notebook, name)
    shown = write_figures(figures, root / "figures" / stem, mark)
    progress(f"figures     {stem}  {len(figures)} chart(s)  {time.perf_counter() - started:5.1f} s")
    prepared = prepare(notebook, figures, [os.path.relpath(p, scratch) for p in shown])
    written = []
    for version in versions:
        started = time.perf_counter()
        source = scratch / f"{stem}.{version}.typ"
        typst = to_typst(_for_version(prepared, version), version, name, paper,
                         folder=folder, scratch=scratch)
        source.write_text((page_mark(mark) if mark else "") + typst, encoding="utf-8")
        pdf = root / version / f"{stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(render_pdf(source, root, name))
        written.append(pdf)
        progress(f"{version:<11} {stem}  {time.perf_counter() - started:5.1f} s")
    return written
