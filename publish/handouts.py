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
and the datasets that differ (:mod:`publish.changed_data`).

Everything is built in a staging folder beside the handout folder and swapped in
only when every notebook has succeeded: a failing notebook stops the build with
its name and cell, and leaves the previous handouts as they were. Two notebooks
run at a time (one kernel each). The kernels get a private IPython profile that
makes the inline backend emit SVG, and ``SOURCE_DATE_EPOCH``, so charts carry no
build date; the stored notebooks are not changed.

Command line::

    python -m publish handouts [--data DIR] [--paper a4|letter] [--out DIR] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from helpers.data import DATA_DIR, data_dir_path
from helpers.project import BUILD_DIR, TOC_FILE, notebooks, unlisted
from publish.cache import cache_enabled
from publish.changed_data import changed_datasets, data_mark
from publish.cli import command_main, data_option, notebook_arguments, out_option
from publish.execute import NotebookFailedError, execute_keyed
from publish.figure_index import write_index as write_figure_index
from publish.figures import MissingAltTextError
from publish.handout_cache import TreeCache, output_key
from publish.notebook_pdfs import SCRATCH, Progress, export_notebook, say
from publish.pdf import PAPERS, VERSIONS, HandoutError
from publish.staging import keep_others, recover, staging_folder, swap

__all__ = ["HANDOUT_DIR", "BuildFailedError", "add_arguments", "build", "default_out",
           "handout_kernels", "main", "run"]

HANDOUT_DIR = BUILD_DIR / "handouts"
"""The handouts of the shipped data; a teacher's copy of the data gets its own folder."""
KERNEL_CONFIG = """\
# Written by publish.handouts for handout builds only: charts as SVG (vector, for the
# PDFs and slides); the PNGs for slides are rendered from them at 300 dpi.
c.InlineBackend.figure_formats = {"svg"}
# No "tight" re-crop: constrained layout (the house style) keeps everything inside.
c.InlineBackend.print_figure_kwargs = {"bbox_inches": None}
# Keep the terminal for progress lines: no kernel start-up or shut-down chatter.
c.IPKernelApp.log_level = "CRITICAL"
"""

class BuildFailedError(RuntimeError):
    """A notebook failed or could not be exported; the message names notebook (and cell)."""


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


@contextmanager
def handout_kernels(folder: Path) -> Iterator[None]:
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
         progress: Progress, mark: str | None = None, cache: bool = True) -> None:
    """Execute one notebook into the staging folder and export it (each from the cache if current).

    The exported files are kept by :class:`publish.handout_cache.TreeCache` under a key of
    the execution's (:mod:`publish.cache`), the paper, the mark, ``publish/``'s code and
    templates and the files beside the notebook; restored, they are the same bytes.
    """
    started = time.perf_counter()
    executed = execute_keyed(source, data_dir, cache=cache)
    said = "cached" if executed.hit else "ran"
    progress(f"{said:<11} {source.stem}  {time.perf_counter() - started:5.1f} s")
    if not export:
        return
    key = executed.key and output_key(executed.key, source, [paper, mark, list(VERSIONS)])
    outputs = TreeCache()
    if key and cache and cache_enabled() and outputs.restore(key, staging) is not None:
        progress(f"{'cached':<11} {source.stem}  handouts and figures")
        return
    pdfs = export_notebook(executed.notebook, source.name, staging, paper, progress=progress,
                           mark=mark, folder=source.parent)
    if key:
        figures = staging / "figures" / source.stem
        made = sorted(p for p in figures.rglob("*") if p.is_file()) if figures.is_dir() else []
        outputs.store(key, staging, [*made, *pdfs])


def _teaching_order(sources: list[Path]) -> list[str]:
    """Notebook stems in the manifest's order (a partial build may name other notebooks)."""
    from helpers.project import ManifestError

    try:
        return [p.stem for p in notebooks()]
    except ManifestError:
        return [p.stem for p in sources]


def build(sources: list[Path] | None = None, out: Path | None = None,
          data_dir: str | None = None, paper: str = "a4", jobs: int | None = None,
          export: bool = True, progress: Progress = say, cache: bool = True) -> Path:
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
    cache : bool
        False runs and exports every notebook afresh, whatever the build cache
        (``build/cache``, :mod:`publish.cache`) holds; the results are still stored.

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
    mark = data_mark(data_dir, changed_datasets(data_dir))
    others = [] if partial else unlisted()
    if others:
        progress(f"not built   {', '.join(p.name for p in others)} (not in notebooks/{TOC_FILE})")
    jobs = jobs or max(1, min(len(sources), len(os.sched_getaffinity(0)), 2))
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = staging_folder(out)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with handout_kernels(staging / SCRATCH), ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(_one, s, staging, data_dir, paper, export, progress, mark,
                                   cache)
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
            keep_others(out, staging, {s.stem for s in sources})
        if (staging / "figures").is_dir():
            write_figure_index(staging / "figures", _teaching_order(sources))
        swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``handouts`` (see the module docstring)."""
    data_option(parser)
    parser.add_argument("--paper", default="a4", choices=sorted(PAPERS), help="paper size")
    out_option(parser, None, "handout folder (default: build/handouts, or build/handouts-NAME "
               "for --data NAME)")
    parser.add_argument("--jobs", type=int, help="notebooks run at a time (default: 2)")
    parser.add_argument("--no-export", action="store_true",
                        help="execute the notebooks the same way but write nothing (benchmark)")
    parser.add_argument("--no-cache", action="store_true",
                        help="run and export every notebook afresh, whatever build/cache holds")
    notebook_arguments(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Build the handouts ``args`` asks for; return the exit status (1: a notebook failed).

    Raises
    ------
    DataValidationError
        The data do not validate; no notebook was run.
    ManifestError
        No notebook was named and the manifest is broken.
    """
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    started = time.perf_counter()
    out = args.out if args.out is not None else default_out(args.data)
    try:
        out = build(args.notebook or None, args.out, args.data, args.paper, args.jobs,
                    export=not args.no_export, cache=not args.no_cache)
    except BuildFailedError as exc:
        print(f"FAILED      {exc}\nNo handouts were changed in {out}.", file=sys.stderr)
        return 1
    where = "nothing written (--no-export)" if args.no_export else f"handouts in {out}"
    print(f"done        {time.perf_counter() - started:5.1f} s; {where}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m publish.handouts``, the same as ``python -m publish handouts``."""
    return command_main("handouts", argv)


if __name__ == "__main__":
    sys.exit(main())
