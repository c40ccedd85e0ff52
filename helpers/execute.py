"""Execute the notebooks top to bottom, on the shipped data or a teacher's copy.

Parameters reach each notebook through its cell tagged ``parameters`` (the
papermill convention), so ``data_dir`` can point at a modified copy of
``data/``. An executed notebook is written whole or not at all.

Command line::

    python -m helpers.execute [--data DIR] [--out build/notebooks] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import nbformat

from helpers.data import data_dir_path, read_package
from helpers.files import (
    BUILD_DIR,
    NOTEBOOK_DIR,
    PROJECT_DIR,
    missing_paths,
    notebooks,
    write_notebook_atomically,
)

__all__ = [
    "BUILD_DIR",
    "NOTEBOOK_DIR",
    "PROJECT_DIR",
    "QUIET_KERNEL",
    "NotebookFailedError",
    "current_kernelspec",
    "execute_notebook",
    "main",
    "notebooks",
    "refresh_in_place",
    "validate_data",
]

# The project's folders and the list of notebooks are defined once, in helpers.files
# (the manifest notebooks/_toc.yml); they are re-exported here for older imports.

QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]
"""Kernel arguments for runs outside JupyterLab: errors only, no start-up warnings."""


class NotebookFailedError(RuntimeError):
    """A notebook raised while executing; the message names notebook and cell."""


def validate_data(data_dir: str | os.PathLike[str] | None = None) -> None:
    """Load every dataset once, so a bad edit fails before any notebook runs.

    Raises
    ------
    DataValidationError
        The first dataset that does not validate.
    """
    from helpers.data import load

    for res in read_package(data_dir)["resources"]:
        load(res["name"], data_dir)


def execute_notebook(source: Path, output: Path | None,
                     data_dir: str | os.PathLike[str] | None = None) -> nbformat.NotebookNode:
    """Run one notebook with papermill and write the executed copy atomically.

    Parameters
    ----------
    source : Path
        The notebook to run; its kernel starts in the notebook's folder.
    output : Path or None
        Where the executed notebook goes (its folder is created); None writes
        nothing and only returns it.
    data_dir : path-like or None
        Passed as the ``data_dir`` parameter (absolute); None keeps the shipped data.

    Returns
    -------
    NotebookNode
        The executed notebook.

    Raises
    ------
    NotebookFailedError
        A cell raised; nothing is written to ``output`` then.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = Path(source).resolve()
    parameters = {} if data_dir is None else {"data_dir": str(data_dir_path(data_dir))}
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    try:
        # output_path=None: papermill writes nothing. Its default, saving the whole
        # notebook at the start and end of every cell, cost the build more time than
        # the kernels' drawing (the notebook is re-serialised with every chart so far).
        # The kernel starts in the notebook's folder through nbclient's resources;
        # papermill's own cwd= would chdir the whole process, which races when
        # notebooks run in threads.
        executed = papermill.execute_notebook(
            str(source), None, parameters=parameters, kernel_name="python3",
            request_save_on_cell_execute=False, progress_bar=False, log_output=False,
            resources={"metadata": {"path": str(source.parent)}},
        )
    except PapermillExecutionError as exc:
        raise NotebookFailedError(
            f"{source.name}, {_cell_name(source, exc.source)}: "
            f"{exc.ename}: {exc.evalue}") from None
    executed = coalesce_streams(executed)
    if output is not None:
        write_notebook_atomically(executed, output)
    return executed


def coalesce_streams(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Merge each cell's consecutive stdout (or stderr) outputs into one.

    How a cell's printing is split into messages depends on flush timing, so a
    busy machine can give two outputs where a quiet one gives one; merged, the
    executed notebook (and every PDF made from it) is the same from run to run.
    """
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    return CoalesceStreamsPreprocessor().preprocess(notebook, {})[0]


def _cell_name(source: Path, code: str) -> str:
    """Name a failing cell as a reader finds it in the stored notebook.

    Papermill's injected parameters cell shifts execution counts by one, so the
    cell is found by its code instead: "cell 7 (`first line`)", counting every
    cell, Markdown ones too, from 1 at the top.
    """
    first_line = next((line for line in code.splitlines() if line.strip()), "")[:60]
    for number, cell in enumerate(nbformat.read(source, as_version=4).cells, start=1):
        if cell.cell_type == "code" and cell.source == code:
            return f"cell {number} (`{first_line}`)"
    return f"the cell starting `{first_line}`"


def current_kernelspec(name: str = "python3") -> dict[str, str]:
    """The kernelspec metadata JupyterLab writes into a notebook when it starts kernel ``name``.

    JupyterLab replaces a notebook's stored ``kernelspec`` with the running
    kernel's (name, display name, language) and marks the notebook modified if
    they differ, so a stored ``"display_name": "Python 3"`` beside ipykernel's
    ``"Python 3 (ipykernel)"`` made every opened lesson "modified", and an export
    from the menu saved it first. Notebooks refreshed in place store this instead.

    Examples
    --------
    >>> current_kernelspec()
    {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'}
    """
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def refresh_in_place(paths: Iterable[Path]) -> None:
    """Re-execute notebooks in place, for committing (no papermill metadata, no timings).

    Each notebook runs top to bottom in a fresh kernel started in its folder, on
    the shipped data; execution counts then read 1, 2, 3, ... Its ``kernelspec``
    is set to the one JupyterLab reports (:func:`current_kernelspec`), so that
    opening it does not mark it modified.
    """
    from nbclient import NotebookClient

    for path in paths:
        started = time.perf_counter()
        notebook = nbformat.read(path, as_version=4)
        notebook.metadata["kernelspec"] = current_kernelspec()
        NotebookClient(notebook, kernel_name="python3", timeout=600, record_timing=False,
                       extra_arguments=QUIET_KERNEL,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        write_notebook_atomically(coalesce_streams(notebook), path)
        print(f"refreshed {path.name}  {time.perf_counter() - started:5.1f} s", flush=True)


def _run(sources: Iterable[Path], out_dir: Path, data_dir: str | None) -> int:
    """Execute each notebook, printing one line of progress each; return an exit code."""
    for source in sources:
        started = time.perf_counter()
        try:
            execute_notebook(source, out_dir / source.name, data_dir)
        except NotebookFailedError as exc:
            print(f"FAILED  {exc}", file=sys.stderr)
            return 1
        print(f"ran     {source.name}  {time.perf_counter() - started:5.1f} s", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m helpers.execute", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="data directory to use instead of the shipped data/")
    parser.add_argument("--out", type=Path, default=BUILD_DIR / "notebooks",
                        help="folder for the executed notebooks (default: build/notebooks)")
    parser.add_argument("--in-place", action="store_true",
                        help="re-execute the notebooks themselves on the shipped data, "
                        "to commit their outputs")
    parser.add_argument("notebook", nargs="*", type=Path,
                        help="notebooks (default: those notebooks/_toc.yml names)")
    args = parser.parse_args(argv)
    if missing_paths(args.notebook):
        parser.error(f"no such notebook: {', '.join(missing_paths(args.notebook))}")
    if args.in_place:
        refresh_in_place(args.notebook or notebooks())
        return 0
    from helpers.errors import DataValidationError

    try:
        validate_data(args.data)
    except DataValidationError as exc:
        print(f"Data not valid, no notebook was run:\n{exc}", file=sys.stderr)
        return 2
    return _run(args.notebook or notebooks(), args.out, args.data)


if __name__ == "__main__":
    sys.exit(main())
