"""Compile to bytecode only the installed modules the project imports, not the whole lock.

Python keeps each imported module's compiled bytecode in ``__pycache__`` so the next
start skips compiling it. Where ``PYTHONDONTWRITEBYTECODE`` is set (as on the project's
build machines), Python never writes those files, so every kernel start compiled
numpy, pandas, matplotlib and IPython again (about 2.7 s more per kernel). pip compiles
every installed file at install; ``uv pip sync --compile-bytecode`` does the same and
took 14 s of a 21 s setup, most of it for files no lesson imports (pandas' own test
suite, Sphinx, JupyterLab, debugpy). This script compiles just the files listed in
``deploy/bytecode-modules.txt``: those that a full handout build and the test suite's
collection imported, recorded by :func:`record` (about a fifth of the lock's files).

The script needs only the standard library (it runs right after the install)::

    python deploy/bytecode.py compile   # make env runs it where PYTHONDONTWRITEBYTECODE is set
    python deploy/bytecode.py record    # make bytecode-list: after the lock or the imports change

A listed file that is not installed is skipped, and an unlisted module is compiled in
memory at import as before; the list affects speed only, never what runs.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODULE_LIST = Path(__file__).resolve().parent / "bytecode-modules.txt"
"""Source files (relative to site-packages, one per line) the project imports."""

RECORDED_RUNS: tuple[tuple[str, ...], ...] = (
    ("-m", "publish", "handouts", "--out", "{out}"),  # with an empty cache (record's env)
    ("-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "--numprocesses=0"),
)
"""The runs :func:`record` watches: a full build with an empty build cache (it runs every
lesson, and reads and writes the cache as a teacher's first build does) and the test
suite's collection."""

MIN_RECORDED = 500
"""Fewer recorded files than this means the recording failed: :func:`record` writes nothing."""

HEADER = ("# Installed source files (relative to site-packages) that the project imports: a full\n"
          "# handout build and the test suite's collection. deploy/bytecode.py compiles these\n"
          "# where Python may not write bytecode; 'make bytecode-list' records them again.\n")


def site_packages() -> list[Path]:
    """The site-packages folders of the running Python (purelib and platlib, once each)."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(Path(paths[key]).resolve() for key in ("purelib", "platlib")))


def read_list(path: Path = MODULE_LIST) -> list[str]:
    """The relative source paths in ``path`` (comments and blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def installed_sources(relative: Iterable[str], roots: Sequence[Path]) -> list[Path]:
    """The listed files that exist under one of ``roots`` (the first root that has each)."""
    found = []
    for name in relative:
        match = next((root / name for root in roots if (root / name).is_file()), None)
        if match is not None:
            found.append(match)
    return found


def _compile_one(path: str) -> bool:
    return bool(compileall.compile_file(path, quiet=2, force=False))


def compile_sources(sources: Sequence[Path], workers: int | None = None) -> int:
    """Write the ``__pycache__`` bytecode of each source, in parallel processes.

    Parameters
    ----------
    sources : sequence of Path
        ``.py`` files; one already compiled and current is left as it is.
    workers : int or None
        Processes to use (None: one per CPU).

    Returns
    -------
    int
        How many files could not be compiled (a syntax error only a newer Python reads, say).
    """
    if not sources:
        return 0
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        results = list(pool.map(_compile_one, [str(path) for path in sources], chunksize=32))
    return results.count(False)


def recorded_sources(prefix: Path, roots: Sequence[Path]) -> list[str]:
    """Source files under ``roots`` whose bytecode a run wrote into ``prefix``.

    With ``PYTHONPYCACHEPREFIX`` set, Python writes the bytecode of ``/a/b/c.py`` to
    ``PREFIX/a/b/c.cpython-311.pyc``, so the tree mirrors every file imported.
    """
    tag = sys.implementation.cache_tag
    roots = [Path(root).resolve() for root in roots]
    found = set()
    for pyc in prefix.rglob(f"*.{tag}.pyc"):
        source = Path("/") / pyc.relative_to(prefix).with_name(pyc.name.split(".")[0] + ".py")
        source = source.resolve()  # as imported, perhaps through a symlink (macOS's /tmp)
        for root in roots:
            if root in source.parents:
                found.add(source.relative_to(root).as_posix())
    return sorted(found)


def record(out: Path = MODULE_LIST) -> list[str]:
    """Run :data:`RECORDED_RUNS` with bytecode going to a fresh prefix; write what they imported.

    Raises
    ------
    subprocess.CalledProcessError
        A recorded run failed (nothing is written then).
    RuntimeError
        The runs imported fewer than :data:`MIN_RECORDED` installed files (nothing is written).
    """
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "pycache"
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix),
               "PUBLISH_CACHE_DIR": str(Path(scratch) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for arguments in RECORDED_RUNS:
            command = [sys.executable, *(a.format(out=Path(scratch) / "out") for a in arguments)]
            subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        names = recorded_sources(prefix, site_packages())
    if len(names) < MIN_RECORDED:
        raise RuntimeError(f"the recorded runs imported only {len(names)} installed files "
                           f"(a kernel alone imports over {MIN_RECORDED}): {out.name} is left "
                           "as it was")
    temporary = out.with_suffix(".tmp")
    temporary.write_text(HEADER + "".join(f"{name}\n" for name in names), encoding="utf-8")
    temporary.replace(out)
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """``compile`` (the default) or ``record``; see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python deploy/bytecode.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=("compile", "record"), default="compile")
    args = parser.parse_args(argv)
    if args.command == "record":
        names = record()
        print(f"{MODULE_LIST.relative_to(PROJECT_DIR)}: {len(names)} files")
        return 0
    sources = installed_sources(read_list(), site_packages())
    failed = compile_sources(sources)
    note = f" ({failed} could not be compiled)" if failed else ""
    print(f"Compiled the bytecode of {len(sources) - failed} installed files the lessons, the "
          f"build and the tests import{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
