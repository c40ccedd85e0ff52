"""Build the handouts: every notebook executed, then a student and an instructor PDF and its charts.

The notebooks built are those the manifest ``notebooks/_toc.yml`` names (the
start page and the lessons); a copy or scratch notebook beside them is not built
(the build says which). Under ``build/handouts/``::

    student/NN_name.pdf        code and setup hidden (outputs kept), solutions and
                               cells tagged "teacher" removed
    instructor/NN_name.pdf     code shown and wrapped, solutions kept and marked
    figures/NN_name/NAME.png, .svg, .txt   each chart (300 dpi), its text alternative,
                               named for what it rebuilds: newsletter-figure-7-...
    figures/NN_name/index.csv, figures/index.csv, figures/index.html
                               each chart's file, caption, source and text alternative

``--data my-data`` (a teacher's copy of ``data/``) builds into a folder of its
own, ``build/handouts-my-data/``, never over the shipped handouts; every page
and every slide figure of it carries a red "CHANGED DATA" band naming the copy
and the datasets that differ (:func:`helpers.figures.write_figures`).

Everything is built in a staging folder beside the handout folder and swapped in
only when every notebook has succeeded: a failing notebook stops the build with
its name and cell, and leaves the previous handouts as they were. Two notebooks
run at a time (one kernel each). The kernels get a private IPython profile that
makes the inline backend emit SVG, and ``SOURCE_DATE_EPOCH``, so charts carry no
build date; the stored notebooks are not changed.

Command line::

    python -m helpers.handouts [--data DIR] [--paper a4|letter] [--out DIR] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from helpers.data import DATA_DIR, data_dir_path
from helpers.execute import NotebookFailedError, execute_notebook
from helpers.figures import MARK_COLOUR, MissingAltTextError, collect_figures, write_figures
from helpers.figures import write_index as write_figure_index
from helpers.files import BUILD_DIR, TOC_FILE, missing_paths, notebooks, unlisted
from helpers.pdf import PAPERS, VERSIONS, HandoutError, prepare, render_pdf, to_typst
from helpers.student import TEACHER_TAG

__all__ = ["HANDOUT_DIR", "BuildFailedError", "build", "data_mark", "default_out",
           "export_notebook", "main", "page_mark"]

HANDOUT_DIR = BUILD_DIR / "handouts"
"""The handouts of the shipped data; a teacher's copy of the data gets its own folder."""
SCRATCH = ".src"
KERNEL_CONFIG = """\
# Written by helpers.handouts for handout builds only: charts as SVG (vector, for the
# PDFs and slides); the PNGs for slides are rendered from them at 300 dpi.
c.InlineBackend.figure_formats = {"svg"}
# No "tight" re-crop: constrained layout (the house style) keeps everything inside.
c.InlineBackend.print_figure_kwargs = {"bbox_inches": None}
# Keep the terminal for progress lines: no kernel start-up or shut-down chatter.
c.IPKernelApp.log_level = "CRITICAL"
"""

Progress = Callable[[str], None]


class BuildFailedError(RuntimeError):
    """A notebook failed or could not be exported; the message names notebook (and cell)."""


_SAY_LOCK = threading.Lock()


def _say(line: str) -> None:
    """Print one progress line whole (two notebooks report from two threads)."""
    with _SAY_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def default_out(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The handout folder for a build: ``build/handouts``, or one per copy of the data.

    Examples
    --------
    >>> default_out() == HANDOUT_DIR
    True
    >>> default_out("/tmp/My data (2024)").name
    'handouts-My-data-2024'
    """
    folder = data_dir_path(data_dir)
    if folder == DATA_DIR:
        return HANDOUT_DIR
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.name).strip("-.") or "data"
    return BUILD_DIR / f"handouts-{name}"


def _changed_datasets(data_dir: str | None) -> list[str]:
    """Load every dataset (so a bad edit fails before any notebook runs); name those that differ.

    The banner of each changed dataset is printed to standard error, once.
    """
    from helpers.changes import data_changes
    from helpers.data import load, read_package

    changed = []
    for resource in read_package(data_dir)["resources"]:
        frame = load(resource["name"], data_dir)  # validates; prints its banner if changed
        if data_dir is not None and data_dir_path(data_dir) != DATA_DIR and data_changes(frame):
            changed.append(resource["name"])
    return changed


def data_mark(data_dir: str | os.PathLike[str] | None, changed: list[str]) -> str | None:
    """The changed-data mark of a build from ``data_dir``: None for the shipped data.

    Examples
    --------
    >>> print(data_mark(None, []))
    None
    >>> data_mark("/tmp/my-data", ["sigma_affinity"])
    'CHANGED DATA: built from my-data/, not the shipped data/ (changed: sigma_affinity)'
    """
    folder = data_dir_path(data_dir)
    if folder == DATA_DIR:
        return None
    if not changed:
        return f"DATA COPY: built from {folder.name}/, whose values equal the shipped data/"
    listed = ", ".join(changed) if len(changed) <= 3 else f"{len(changed)} datasets"
    return f"CHANGED DATA: built from {folder.name}/, not the shipped data/ (changed: {listed})"


def page_mark(mark: str) -> str:
    """Typst that puts ``mark`` in a red band at the top of every page (before the template)."""
    text = mark.replace("\\", "\\\\").replace('"', '\\"')
    return ("// helpers.handouts: built from a copy of the data, so every page says so.\n"
            f'#set page(background: place(top, block(width: 100%, fill: rgb("{MARK_COLOUR}"), '
            'inset: (x: 2cm, y: 5pt), text(size: 8.5pt, weight: "bold", fill: white, '
            f'hyphenate: false, "{text}"))))\n')


def _for_version(prepared: dict, version: str) -> dict:
    """The student version leaves out the cells tagged ``teacher`` (as student notebooks do)."""
    if version != "student":
        return prepared
    cells = [c for c in prepared["cells"]
             if TEACHER_TAG not in c.get("metadata", {}).get("tags", [])]
    return {**prepared, "cells": cells}


def export_notebook(notebook: dict, name: str, root: Path, paper: str = "a4",
                    versions: Iterable[str] = VERSIONS, progress: Progress = _say,
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


@contextmanager
def _handout_kernels(folder: Path) -> Iterator[None]:
    """Kernels started inside get the handout IPython profile and a fixed source date."""
    profile = folder / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    settings = {"IPYTHONDIR": str(folder / "ipython"), "SOURCE_DATE_EPOCH": "0"}
    saved = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _one(source: Path, staging: Path, data_dir: str | None, paper: str, export: bool,
         progress: Progress, mark: str | None = None) -> None:
    """Execute one notebook into the staging folder and export it."""
    started = time.perf_counter()
    executed = execute_notebook(source, None, data_dir)
    progress(f"ran         {source.stem}  {time.perf_counter() - started:5.1f} s")
    if export:
        export_notebook(executed, source.name, staging, paper, progress=progress, mark=mark,
                        folder=source.parent)


def _swap(staging: Path, out: Path) -> None:
    """Put the finished staging folder in place of ``out`` (two renames, no copying)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Tidy up after a killed build: restore the previous handouts, drop its leftovers.

    A build killed between its two renames leaves the previous handouts as
    ``.NAME.old-PID``: they are put back. Staging and old folders of builds
    that are no longer running are removed.
    """
    def dead(folder: Path) -> bool:
        return not _running(folder.name.rpartition("-")[2])

    olds = sorted(filter(dead, out.parent.glob(f".{out.name}.old-*")),
                  key=lambda p: p.stat().st_mtime)
    if olds and not out.exists():
        os.replace(olds.pop(), out)
    for leftover in [*olds, *filter(dead, out.parent.glob(f".{out.name}.staging-*"))]:
        shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: str) -> bool:
    """Whether a process with this id (as text) is alive."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _keep_others(out: Path, staging: Path, built: set[str]) -> None:
    """For a build of some notebooks only: carry over the other notebooks' handouts."""
    if not out.exists():
        return
    for kind in ("figures", *VERSIONS):
        for entry in sorted((out / kind).glob("*")) if (out / kind).exists() else []:
            stem = entry.name.removesuffix(".pdf")
            target = staging / kind / entry.name
            if stem in built or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.is_dir():
                shutil.copytree(entry, target)
            else:
                shutil.copy2(entry, target)


def _teaching_order(sources: list[Path]) -> list[str]:
    """Notebook stems in the manifest's order (a partial build may name other notebooks)."""
    from helpers.files import ManifestError

    try:
        return [p.stem for p in notebooks()]
    except ManifestError:
        return [p.stem for p in sources]


def build(sources: list[Path] | None = None, out: Path | None = None,
          data_dir: str | None = None, paper: str = "a4", jobs: int | None = None,
          export: bool = True, progress: Progress = _say) -> Path:
    """Execute the notebooks and build their handouts; all or nothing.

    Parameters
    ----------
    sources : list of Path or None
        Notebooks to build (default: those the manifest names; then handouts of
        notebooks no longer named go too).
    out : Path or None
        The handout folder (default :func:`default_out`: ``build/handouts``, or
        ``build/handouts-NAME`` for a copy of the data named NAME).
    data_dir : str or None
        A copy of ``data/`` to run the notebooks on (their ``parameters`` cell);
        its handouts and charts carry the changed-data mark.
    paper : {"a4", "letter"}
    jobs : int or None
        Notebooks run at a time (default: 2, or fewer CPUs or notebooks).
    export : bool
        False executes only (in the same way, for the benchmark) and writes nothing.

    Returns
    -------
    Path
        The handout folder.

    Raises
    ------
    BuildFailedError
        A notebook failed (``out`` is as it was before), or a copy of the data
        was to be built into ``build/handouts``, the shipped data's folder.
    DataValidationError
        The data do not validate; no notebook was run.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, not {paper!r}")
    partial = sources is not None
    # Every path absolute before any kernel starts: papermill changes the process's
    # working directory while it runs a notebook, and two run at once in threads.
    sources = [Path(s).resolve() for s in (sources if partial else notebooks())]
    data_dir = None if data_dir is None else str(data_dir_path(data_dir))
    out = Path(default_out(data_dir) if out is None else out).resolve()
    if data_dir_path(data_dir) != DATA_DIR and out == HANDOUT_DIR.resolve():
        raise BuildFailedError(
            f"{out} holds the handouts of the shipped data; a build from {data_dir} goes to "
            f"its own folder ({default_out(data_dir)}, the default)")
    mark = data_mark(data_dir, _changed_datasets(data_dir))
    others = [] if partial else unlisted()
    if others:
        progress(f"not built   {', '.join(p.name for p in others)} (not in notebooks/{TOC_FILE})")
    jobs = jobs or max(1, min(len(sources), len(os.sched_getaffinity(0)), 2))
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with _handout_kernels(staging / SCRATCH), ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(_one, s, staging, data_dir, paper, export, progress, mark)
                       for s in sources]
            wait(futures, return_when=FIRST_EXCEPTION)
            failed = [f for f in futures if f.done() and f.exception() is not None]
            if failed:
                for future in futures:
                    future.cancel()
                error = failed[0].exception()
                if isinstance(error, NotebookFailedError | MissingAltTextError | HandoutError):
                    raise BuildFailedError(str(error)) from None
                raise error
        if not export:
            return out
        shutil.rmtree(staging / SCRATCH)
        if partial:
            _keep_others(out, staging, {s.stem for s in sources})
        if (staging / "figures").is_dir():
            write_figure_index(staging / "figures", _teaching_order(sources))
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m helpers.handouts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="data directory to use instead of the shipped data/")
    parser.add_argument("--paper", default="a4", choices=sorted(PAPERS), help="paper size")
    parser.add_argument("--out", type=Path,
                        help="handout folder (default: build/handouts, or build/handouts-NAME "
                        "for --data NAME)")
    parser.add_argument("--jobs", type=int, help="notebooks run at a time (default: 2)")
    parser.add_argument("--no-export", action="store_true",
                        help="execute the notebooks the same way but write nothing (benchmark)")
    parser.add_argument("notebook", nargs="*", type=Path,
                        help="notebooks (default: those notebooks/_toc.yml names)")
    args = parser.parse_args(argv)
    if missing_paths(args.notebook):
        parser.error(f"no such notebook: {', '.join(missing_paths(args.notebook))}")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    from helpers.errors import DataValidationError
    from helpers.files import ManifestError

    started = time.perf_counter()
    out = args.out if args.out is not None else default_out(args.data)
    try:
        out = build(args.notebook or None, args.out, args.data, args.paper, args.jobs,
                    export=not args.no_export)
    except DataValidationError as exc:
        print(f"Data not valid, no notebook was run:\n{exc}", file=sys.stderr)
        return 2
    except ManifestError as exc:
        print(f"No notebook was run: {exc}", file=sys.stderr)
        return 2
    except BuildFailedError as exc:
        print(f"FAILED      {exc}\nNo handouts were changed in {out}.", file=sys.stderr)
        return 1
    where = "nothing written (--no-export)" if args.no_export else f"handouts in {out}"
    print(f"done        {time.perf_counter() - started:5.1f} s; {where}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
