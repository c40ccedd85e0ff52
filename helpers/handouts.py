"""Build the handouts: every notebook executed, then a student and an instructor PDF and its charts.

Under ``build/handouts/``::

    student/NN_name.pdf        code and setup hidden (outputs kept), solutions removed
    instructor/NN_name.pdf     code shown and wrapped, solutions kept and marked
    figures/NN_name/figure-K.png, .svg, .txt   each chart (300 dpi), its text alternative

Everything is built in a staging folder beside ``build/handouts/`` and swapped in
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
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from helpers.data import data_dir_path
from helpers.execute import BUILD_DIR, NotebookFailedError, execute_notebook, notebooks
from helpers.figures import MissingAltTextError, collect_figures, write_figures
from helpers.files import missing_paths
from helpers.pdf import PAPERS, VERSIONS, HandoutError, prepare, render_pdf, to_typst

__all__ = ["HANDOUT_DIR", "BuildFailedError", "build", "export_notebook", "main"]

HANDOUT_DIR = BUILD_DIR / "handouts"
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


def export_notebook(notebook: dict, name: str, root: Path, paper: str = "a4",
                    versions: Iterable[str] = VERSIONS, progress: Progress = _say) -> list[Path]:
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
    shown = write_figures(figures, root / "figures" / stem)
    progress(f"figures     {stem}  {len(figures)} chart(s)  {time.perf_counter() - started:5.1f} s")
    prepared = prepare(notebook, figures, [os.path.relpath(p, scratch) for p in shown])
    written = []
    for version in versions:
        started = time.perf_counter()
        source = scratch / f"{stem}.{version}.typ"
        source.write_text(to_typst(prepared, version, name, paper), encoding="utf-8")
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
         progress: Progress) -> None:
    """Execute one notebook into the staging folder and export it."""
    started = time.perf_counter()
    executed = execute_notebook(source, None, data_dir)
    progress(f"ran         {source.stem}  {time.perf_counter() - started:5.1f} s")
    if export:
        export_notebook(executed, source.name, staging, paper, progress=progress)


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


def build(sources: list[Path] | None = None, out: Path = HANDOUT_DIR,
          data_dir: str | None = None, paper: str = "a4", jobs: int | None = None,
          export: bool = True, progress: Progress = _say) -> None:
    """Execute the notebooks and build their handouts; all or nothing.

    Parameters
    ----------
    sources : list of Path or None
        Notebooks to build (default: all; then handouts of removed notebooks go too).
    out : Path
        The handout folder (default ``build/handouts``).
    data_dir : str or None
        A copy of ``data/`` to run the notebooks on (their ``parameters`` cell).
    paper : {"a4", "letter"}
    jobs : int or None
        Notebooks run at a time (default: 2, or fewer CPUs or notebooks).
    export : bool
        False executes only (in the same way, for the benchmark) and writes nothing.

    Raises
    ------
    BuildFailedError
        A notebook failed; ``out`` is as it was before.
    DataValidationError
        The data do not validate; no notebook was run.
    """
    from helpers.execute import validate_data

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, not {paper!r}")
    partial = sources is not None
    # Every path absolute before any kernel starts: papermill changes the process's
    # working directory while it runs a notebook, and two run at once in threads.
    sources = [Path(s).resolve() for s in (sources if partial else notebooks())]
    data_dir = None if data_dir is None else str(data_dir_path(data_dir))
    validate_data(data_dir)
    jobs = jobs or max(1, min(len(sources), len(os.sched_getaffinity(0)), 2))
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with _handout_kernels(staging / SCRATCH), ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(_one, s, staging, data_dir, paper, export, progress)
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
            return
        shutil.rmtree(staging / SCRATCH)
        if partial:
            _keep_others(out, staging, {s.stem for s in sources})
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m helpers.handouts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="data directory to use instead of the shipped data/")
    parser.add_argument("--paper", default="a4", choices=sorted(PAPERS), help="paper size")
    parser.add_argument("--out", type=Path, default=HANDOUT_DIR,
                        help="handout folder (default: build/handouts)")
    parser.add_argument("--jobs", type=int, help="notebooks run at a time (default: 2)")
    parser.add_argument("--no-export", action="store_true",
                        help="execute the notebooks the same way but write nothing (benchmark)")
    parser.add_argument("notebook", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    if missing_paths(args.notebook):
        parser.error(f"no such notebook: {', '.join(missing_paths(args.notebook))}")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    from helpers.errors import DataValidationError

    started = time.perf_counter()
    try:
        build(args.notebook or None, args.out, args.data, args.paper, args.jobs,
              export=not args.no_export)
    except DataValidationError as exc:
        print(f"Data not valid, no notebook was run:\n{exc}", file=sys.stderr)
        return 2
    except BuildFailedError as exc:
        print(f"FAILED      {exc}\nNo handouts were changed in {args.out}.", file=sys.stderr)
        return 1
    where = "nothing written (--no-export)" if args.no_export else f"handouts in {args.out}"
    print(f"done        {time.perf_counter() - started:5.1f} s; {where}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
