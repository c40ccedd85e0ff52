"""Execute the notebooks top to bottom, on the shipped data or a teacher's copy.

Parameters reach each notebook through its cell tagged ``parameters`` (the
papermill convention), so ``data_dir`` can point at a modified copy of
``data/``. An executed notebook is written whole or not at all.

Command line::

    python -m publish execute [--data DIR] [--out build/notebooks] [NOTEBOOK ...]
    python -m publish execute --in-place [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.data import data_dir_path, read_package
from helpers.project import (
    BUILD_DIR,
    NOTEBOOK_DIR,
    PROJECT_DIR,
    notebooks,
)
from publish.cache import Executed, ExecutionCache
from publish.cli import (
    command_main,
    data_option,
    notebook_arguments,
    out_option,
    selected_notebooks,
)
from publish.notebook_files import write_notebook_atomically

if TYPE_CHECKING:  # nbformat takes seconds to import: a build whose handouts are current skips it
    import nbformat

__all__ = [
    "BUILD_DIR",
    "NOTEBOOK_DIR",
    "PROJECT_DIR",
    "QUIET_KERNEL",
    "NotebookFailedError",
    "add_arguments",
    "current_kernelspec",
    "execute_keyed",
    "execute_notebook",
    "main",
    "notebooks",
    "refresh_in_place",
    "run",
    "validate_data",
]

# The project's folders and the list of notebooks are defined once, in helpers.project
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
                     data_dir: str | os.PathLike[str] | None = None, *,
                     cache: bool = True) -> nbformat.NotebookNode:
    """Run one notebook with papermill (or take it from the build cache); write it atomically.

    Parameters
    ----------
    source : Path
        The notebook to run; its kernel starts in the notebook's folder.
    output : Path or None
        Where the executed notebook goes (its folder is created); None writes
        nothing and only returns it.
    data_dir : path-like or None
        Passed as the ``data_dir`` parameter (absolute); None keeps the shipped data.
    cache : bool
        False runs the notebook afresh even if :mod:`publish.cache` holds it (as does
        ``PUBLISH_NO_CACHE=1``); the fresh result is stored either way.

    Returns
    -------
    NotebookNode
        The executed notebook; from the cache only if nothing it depends on changed
        (its outputs are then those a fresh run gives).

    Raises
    ------
    NotebookFailedError
        A cell raised; nothing is written to ``output`` then (and nothing cached).
    """
    executed = execute_keyed(source, data_dir, cache=cache).notebook
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_notebook_atomically(executed, output)
    return executed


def execute_keyed(source: Path, data_dir: str | os.PathLike[str] | None = None, *,
                  cache: bool = True, store: ExecutionCache | None = None) -> Executed:
    """:func:`execute_notebook` returning also the cache entry's key and whether it was a hit.

    ``cache=False`` reads no entry (the fresh result is still stored); ``store`` is
    the :class:`publish.cache.ExecutionCache` to use (default: ``build/cache/executed``).
    """
    source = Path(source).resolve()
    parameters = {} if data_dir is None else {"data_dir": str(data_dir_path(data_dir))}
    store = ExecutionCache() if store is None else store
    roots = [PROJECT_DIR, source.parent, data_dir_path(data_dir)]
    notebook = json.loads(source.read_text(encoding="utf-8"))
    return store.execute(notebook, parameters, roots,
                         lambda arguments: _papermill(source, parameters, arguments),
                         read=cache, folder=str(source.parent))


def _papermill(source: Path, parameters: dict, extra_arguments: list[str]) -> nbformat.NotebookNode:
    """Execute ``source`` with papermill, its kernel started with ``extra_arguments``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

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
            extra_arguments=extra_arguments,
        )
    except PapermillExecutionError as exc:
        raise NotebookFailedError(
            f"{source.name}, {_cell_name(source, exc.source)}: "
            f"{exc.ename}: {exc.evalue}") from None
    return coalesce_streams(executed)


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
    import nbformat

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
    import nbformat
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``execute`` (see the module docstring)."""
    data_option(parser)
    out_option(parser, BUILD_DIR / "notebooks",
               "folder for the executed notebooks (default: build/notebooks)")
    parser.add_argument("--in-place", action="store_true",
                        help="re-execute the notebooks themselves on the shipped data, "
                        "to commit their outputs")
    notebook_arguments(parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Execute the notebooks ``args`` names; return the exit status (1: a notebook failed).

    Raises
    ------
    DataValidationError
        The data do not validate (checked before any notebook runs).
    """
    if args.in_place:
        refresh_in_place(selected_notebooks(args))
        return 0
    validate_data(args.data)
    return _run(selected_notebooks(args), args.out, args.data)


def main(argv: list[str] | None = None) -> int:
    """``python -m publish.execute``, the same as ``python -m publish execute``."""
    return command_main("execute", argv)


if __name__ == "__main__":
    sys.exit(main())
