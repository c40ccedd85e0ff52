"""The command line, ``python -m publish <command>``: one argument setup for every command.

Each command is a module of :mod:`publish` with two functions: ``add_arguments(parser)``
(its own options, built from the shared ones below) and ``run(args, parser) -> int`` (the
work, returning the exit status). This module adds what every command shares: the
notebook paths (default: those ``notebooks/_toc.yml`` names; a path that does not exist
is a usage error, status 2), and one message and status for data that do not validate
and for a broken manifest (status 2, nothing run). ``python -m publish.NAME`` still works:
each module's ``main`` calls :func:`command_main`.

Examples
--------
>>> sorted(COMMANDS)
['execute', 'handouts', 'site', 'student']
>>> parser = argparse.ArgumentParser()
>>> notebook_arguments(parser)
>>> parser.parse_args(["a.ipynb"]).notebook
[PosixPath('a.ipynb')]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["COMMANDS", "command_main", "data_option", "main", "notebook_arguments",
           "out_option", "selected_notebooks"]

COMMANDS: dict[str, tuple[str, str]] = {
    "execute": ("publish.execute", "run the notebooks into build/notebooks (on the shipped "
                "data or a copy); --in-place refreshes the stored outputs, to commit"),
    "handouts": ("publish.handouts", "run the notebooks and build the student and instructor "
                 "PDFs and the slide figures (build/handouts)"),
    "student": ("publish.student", "student notebooks (solutions replaced by prompts, "
                "teacher cells out) in build/student"),
    "site": ("publish.site", "the course website (build/site), lessons with their handouts"),
}
"""Command name to the module that implements it (``add_arguments``, ``run``) and its summary.

A command's module is imported only when that command runs (or its ``--help`` is asked for).
"""

PROG = "python -m publish"


def data_option(parser: argparse.ArgumentParser) -> None:
    """``--data DIR``: a teacher's copy of ``data/`` instead of the shipped data."""
    parser.add_argument("--data", help="data directory to use instead of the shipped data/")


def out_option(parser: argparse.ArgumentParser, default: Path | None, help: str) -> None:
    """``--out DIR``: where the command writes (``help`` says the default)."""
    parser.add_argument("--out", type=Path, default=default, help=help)


def notebook_arguments(parser: argparse.ArgumentParser) -> None:
    """The notebook paths, any number; none means the collection the manifest names."""
    parser.add_argument("notebook", nargs="*", type=Path,
                        help="notebooks (default: those notebooks/_toc.yml names)")


def selected_notebooks(args: argparse.Namespace) -> list[Path]:
    """The notebooks named on the command line, else those of the manifest.

    Raises
    ------
    ManifestError
        None were named and ``notebooks/_toc.yml`` is missing, malformed or names a
        missing notebook.
    """
    from helpers.project import notebooks

    return list(args.notebook) or notebooks()


def _in_notebook_folder(path: Path) -> Path:
    """``path`` as given if it exists, else the notebook of that name in ``notebooks/``."""
    from helpers.project import NOTEBOOK_DIR

    if Path(path).is_file() or Path(path).parent != Path():
        return path
    candidate = NOTEBOOK_DIR / (path if path.suffix == ".ipynb" else path.with_suffix(".ipynb"))
    return candidate if candidate.is_file() else path


def _module(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name][0])


def _configure(parser: argparse.ArgumentParser, name: str) -> None:
    """Give ``parser`` the options and description of command ``name`` (imports its module)."""
    module = _module(name)
    parser.description = module.__doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    module.add_arguments(parser)
    parser.set_defaults(command=name)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Check the notebook paths, run the command, turn bad data or manifest into one message."""
    from helpers.errors import DataValidationError
    from helpers.project import ManifestError
    from publish.notebook_files import missing_paths

    if getattr(args, "notebook", None):  # "02_ssri_affinities.ipynb" also names notebooks/'s
        args.notebook = [_in_notebook_folder(path) for path in args.notebook]
    missing = missing_paths(getattr(args, "notebook", []))
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    try:
        return int(_module(args.command).run(args, parser))
    except DataValidationError as exc:
        print(f"Data not valid, no notebook was run:\n{exc}", file=sys.stderr)
        return 2
    except ManifestError as exc:
        print(f"No notebook was run: {exc}", file=sys.stderr)
        return 2


def command_main(name: str, argv: list[str] | None = None) -> int:
    """Run one command as ``python -m publish.NAME`` (its own program name in messages).

    Parameters
    ----------
    name : str
        A key of :data:`COMMANDS`.
    argv : list of str or None
        The arguments after the command (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 done, 1 a notebook failed, 2 bad data, manifest or usage.
    """
    parser = argparse.ArgumentParser(prog=f"{PROG}.{name}")
    _configure(parser, name)
    return _run(parser, parser.parse_args(argv))


def main(argv: list[str] | None = None) -> int:
    """``python -m publish <command> ...``; ``--help`` lists the commands.

    Parameters
    ----------
    argv : list of str or None
        The command and its arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status of the command (2 for a usage error).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog=PROG, description="What make runs: execute the lessons, build the handouts and "
        "slide figures, write student notebooks, build the website. "
        f"'{PROG} COMMAND --help' for one.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name, (_, summary) in COMMANDS.items():
        command = commands.add_parser(name, help=summary)
        if argv and argv[0] == name:  # only the command that runs is imported
            _configure(command, name)
    args = parser.parse_args(argv)
    return _run(commands.choices[args.command], args)
