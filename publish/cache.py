"""A build cache that is never stale: executed lessons and their handouts, reused by content.

An executed notebook is reused only while nothing it depends on has changed. Its key
has two parts:

- known before the run (:meth:`ExecutionCache.static_key`): every cell of the
  notebook (type, source, metadata; not outputs), the parameters (``data_dir``,
  absolute), the kernel's settings (:func:`kernel_settings`), every file of the
  lesson library ``helpers/`` (``style.mplstyle`` too) and of the executor, the
  Python version and every installed distribution's version;
- known after it (the *dependencies*): the bytes of every file the kernel opened
  for reading, and the names in every folder it listed, under the project, the
  notebook's folder or the data folder (not the environment, not ``build/cache``).
  A small audit hook (:mod:`publish.recorder`, :pep:`578`) started with the kernel writes
  them down; a lesson that reads 2 of 8 datasets re-runs only when those 2 change.

Entries are files ``build/cache/executed/<static key>/<dependencies digest>.json``
written through a temporary file and :func:`os.replace`, so readers never see half of
one. A process that misses an entry holds a lock on its static key while it runs the
notebook (:func:`publish.cache_files.exclusive`), so a second one (a pytest-xdist worker,
another build) waits and then reuses the run instead of repeating it. An entry that does
not parse, does not match its name or whose notebook does not match its checksum is
ignored (and rebuilt). Failed runs are never stored.
The handouts made from an execution are cached on its entry's key by
:mod:`publish.handout_cache`.

jupyter-cache (used by Jupyter Book) was not used: its key is a hash of the code
cells taken *before* the run, one entry per notebook, so it cannot hold entries that
differ only in the data files a run turned out to read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.project import BUILD_DIR, PROJECT_DIR
from publish.cache_files import (
    atomic_write,
    exclusive,
    file_digest,
    last_used,
    touch,
    tree_digest,
)

__all__ = ["CACHE_DIR", "CACHE_DIR_ENV", "FORMAT", "KEEP", "KEEP_KEYS", "NO_CACHE_ENV",
           "RECORDER", "Executed", "ExecutionCache", "cache_base", "cache_enabled",
           "kernel_settings"]

CACHE_DIR = BUILD_DIR / "cache" / "executed"
"""Where executed notebooks are kept (``make clean`` removes ``build/``)."""
CACHE_DIR_ENV = "PUBLISH_CACHE_DIR"
"""Set to a folder to keep the cache there instead of ``build/cache`` (tests, benchmarks)."""
FORMAT = 1
NO_CACHE_ENV = "PUBLISH_NO_CACHE"
"""Set to 1 to run every notebook afresh (the results are still stored)."""
KEEP = 8
"""Entries kept per static key (one per state of the data files a lesson reads)."""
KEEP_KEYS = 200
"""Static keys kept (a lesson's versions of code, library and settings), least recently used go."""
ENV_KEYS = ("SOURCE_DATE_EPOCH", "MPLBACKEND", "PYTHONHASHSEED", "PYTHONPATH", "LANG", "LC_ALL",
            "TZ")
"""Environment variables the kernels inherit that can change what a lesson prints or draws."""
RECORDER = Path(__file__).with_name("recorder.py")
"""The kernel start-up code that records the files a run opens (:mod:`publish.recorder`)."""


def cache_base() -> Path:
    """``build/cache``, or the folder ``$PUBLISH_CACHE_DIR`` names."""
    return Path(os.environ.get(CACHE_DIR_ENV) or CACHE_DIR.parent).resolve()


def cache_enabled() -> bool:
    """Whether the cache may be read (False when ``PUBLISH_NO_CACHE`` is set to 1, yes, true)."""
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in {"1", "yes", "true"}


@lru_cache(maxsize=1)
def _environment() -> str:
    """The Python version, interpreter and every installed distribution's name and version."""
    names = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()
                    if d.metadata["Name"]})
    return json.dumps([sys.version, sys.executable, names])


def kernel_settings(extra_arguments: Iterable[str] = ()) -> dict[str, Any]:
    """What a kernel started now inherits that can change its outputs.

    The IPython profiles' configuration and start-up files (``$IPYTHONDIR``, the
    handouts' SVG charts) and matplotlib's ``matplotlibrc`` and styles
    (``$MPLCONFIGDIR``) are taken by content, not by path, so two builds with the
    same settings in different scratch folders share entries; what a kernel
    writes there itself (history, font lists) is left out.
    """
    home = Path.home()
    folders = {"IPYTHONDIR": (home / ".ipython", ("profile_*/*.py", "profile_*/*.json",
                                                  "profile_*/startup/*.py",
                                                  "profile_*/startup/*.ipy")),
               "MPLCONFIGDIR": (home / ".config" / "matplotlib", ("matplotlibrc", "stylelib/*"))}
    settings: dict[str, Any] = {"arguments": list(extra_arguments)}
    settings["env"] = {k: os.environ[k] for k in ENV_KEYS if k in os.environ}
    for variable, (default, patterns) in folders.items():
        folder = Path(os.environ.get(variable) or default)
        found = sorted(p for pattern in patterns for p in folder.glob(pattern) if p.is_file())
        settings[variable] = {p.relative_to(folder).as_posix(): file_digest(p) for p in found}
    return settings


def _cell(cell: dict) -> dict:
    """What of a cell can change a run: everything but its outputs and execution count."""
    return {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "id")}


class Executed:
    """An executed notebook, the key of its cache entry and whether it came from the cache.

    A notebook from the cache is parsed (nbformat, slow to import) only when first used:
    a build whose handouts are current never needs it.
    """

    def __init__(self, notebook: Any, key: str, hit: bool) -> None:
        self._notebook, self.key, self.hit = notebook, key, hit

    @property
    def notebook(self) -> Any:
        """The executed notebook (an ``nbformat.NotebookNode``)."""
        if isinstance(self._notebook, str):
            import nbformat

            self._notebook = nbformat.reads(self._notebook, as_version=4)
        return self._notebook


@dataclass
class ExecutionCache:
    """Executed notebooks by content (see the module docstring).

    Parameters
    ----------
    root : Path
        The cache folder (default ``build/cache/executed``).
    library : list of Path
        Folders whose every file is part of the key (default: ``helpers/``).
    code : list of Path
        Further files part of the key (default: the executor and this module).
    """

    root: Path = field(default_factory=lambda: cache_base() / "executed")
    library: list[Path] = field(default_factory=lambda: [PROJECT_DIR / "helpers"])
    code: list[Path] = field(default_factory=lambda: [Path(__file__),
                                                      Path(__file__).with_name("execute.py")])

    def static_key(self, notebook: dict, parameters: dict[str, Any],
                   settings: dict[str, Any], folder: str = "") -> str:
        """SHA-256 of what is known before the run.

        The cells, parameters, kernel settings, the folder the kernel starts in
        (relative paths and ``Path.cwd()`` depend on it), code and versions.
        """
        digest = hashlib.sha256()
        for part in (FORMAT, folder, file_digest(RECORDER), [_cell(c) for c in notebook["cells"]],
                     notebook.get("metadata", {}).get("kernelspec", {}), parameters, settings,
                     tree_digest(self.library), [file_digest(p) for p in self.code],
                     _environment()):
            digest.update(json.dumps(part, sort_keys=True, default=str).encode() + b"\0")
        return digest.hexdigest()

    def lookup(self, static: str) -> tuple[str, str] | None:
        """The newest sound entry whose dependencies are unchanged: (entry key, notebook JSON)."""
        folder = self.root / static
        try:
            paths = sorted(folder.glob("*.json"), key=last_used, reverse=True)
        except OSError:
            return None
        for path in paths:
            entry = _read_entry(path, static)
            if entry is not None and all(file_digest(p, kind) == d
                                         for kind, p, d in entry["deps"]):
                touch(path)  # recently used: pruned last
                return f"{static}-{path.stem}", entry["notebook"]
        return None

    def store(self, static: str, log: Path, text: str, started_ns: int) -> str | None:
        """Store a run's notebook JSON under its dependencies; return the entry key.

        Nothing is stored (None) when a dependency changed while the notebook ran.
        """
        lines = {line.rstrip("\n") for line in log.read_text(encoding="utf-8").splitlines()}
        deps = []
        for line in sorted(lines):
            kind, _, path = line.partition(" ")
            try:
                if os.stat(path).st_mtime_ns >= started_ns:
                    return None
            except OSError:
                pass
            deps.append([kind, path, file_digest(path, kind)])
        name = hashlib.sha256(json.dumps(deps).encode()).hexdigest()
        entry = {"format": FORMAT, "key": static, "deps": deps, "notebook": text,
                 "sha256": hashlib.sha256(text.encode()).hexdigest()}
        try:
            atomic_write(self.root / static / f"{name}.json", json.dumps(entry))
            self._prune(self.root / static)
        except OSError:
            return None  # a read-only or full disk only costs the next run its time
        return f"{static}-{name}"

    def _prune(self, folder: Path) -> None:
        """Keep the newest :data:`KEEP` entries of one static key and of static keys."""
        for pattern, where, remove in (("*.json", folder, os.remove),
                                       ("*", self.root, shutil.rmtree)):
            paths = sorted(where.glob(pattern), key=last_used, reverse=True)
            for old in paths[KEEP if where == folder else KEEP_KEYS:]:
                with contextlib.suppress(OSError):  # another writer removed it first
                    remove(old)

    def execute(self, notebook: dict, parameters: dict[str, Any], roots: Iterable[Path],
                run: Callable[[list[str]], Any], extra_arguments: Iterable[str] = (),
                read: bool = True, folder: str = "") -> Executed:
        """Return the executed notebook, from the cache or by calling ``run``.

        Parameters
        ----------
        notebook : dict
            The notebook as it will run (its cells make part of the key).
        parameters : dict
            The parameters injected (part of the key).
        roots : iterable of Path
            Folders whose files the run may read as dependencies (the project, the
            notebook's folder, the data folder).
        run : callable
            ``run(extra_arguments)`` executes the notebook in a kernel started with
            those arguments and returns the executed NotebookNode (raising on failure).
        extra_arguments : iterable of str
            Further kernel arguments (part of the key).
        read : bool
            False runs afresh whatever the cache holds (the result is still stored);
            so does the environment variable ``PUBLISH_NO_CACHE=1``.
        folder : str
            The folder the kernel starts in (part of the key: the same notebook
            copied elsewhere is another run).
        """
        static = self.static_key(notebook, parameters, kernel_settings(extra_arguments), folder)
        reuse = read and cache_enabled()
        lock = exclusive(self.root / static / ".lock", "another process running this notebook")
        with lock if reuse else contextlib.nullcontext():
            found = self.lookup(static) if reuse else None
            if found is not None:
                return Executed(found[1], found[0], True)
            return self._run(notebook, parameters, roots, run, extra_arguments, folder, static)

    def _run(self, notebook: dict, parameters: dict[str, Any], roots: Iterable[Path],
             run: Callable[[list[str]], Any], extra_arguments: Iterable[str], folder: str,
             static: str) -> Executed:
        """Execute with the recorder started in the kernel; store the result under ``static``."""
        import nbformat
        handle, log = tempfile.mkstemp(prefix="opened-", suffix=".log")
        os.close(handle)
        try:
            # The library is in the static key already: its files need not be recorded.
            skip = sorted({str(Path(p).resolve()) + os.sep
                           for p in (self.root, CACHE_DIR.parent, *self.library)})
            folders = tuple(sorted({str(Path(r).resolve()) + os.sep for r in roots}))
            call = f"\nrecord({log!r}, {folders!r}, {tuple(skip)!r})\n"
            start = f"exec({RECORDER.read_text(encoding='utf-8') + call!r}, {{}})"
            started_ns = time.time_ns()
            executed = run([*extra_arguments, "--IPKernelApp.exec_lines=" + repr([start])])
            text = nbformat.writes(executed)
            settled = static == self.static_key(notebook, parameters,
                                                kernel_settings(extra_arguments), folder)
            key = self.store(static, Path(log), text, started_ns) if settled else None
        finally:
            Path(log).unlink(missing_ok=True)
        return Executed(executed, key or "", False)


def _read_entry(path: Path, static: str) -> dict | None:
    """An entry's contents if sound (parses, names itself, notebook matches); else None."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        deps = entry["deps"]
        sound = (entry["format"] == FORMAT and entry["key"] == static
                 and hashlib.sha256(json.dumps(deps).encode()).hexdigest() == path.stem
                 and hashlib.sha256(entry["notebook"].encode()).hexdigest() == entry["sha256"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return entry if sound else None
