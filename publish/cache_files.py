"""Files for the build caches: content digests, atomic writes, last use (for pruning).

Used by :mod:`publish.cache` (executions) and :mod:`publish.handout_cache` (PDFs and
figures); nothing here knows what is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["atomic_write", "exclusive", "file_digest", "last_used", "touch", "tree_digest"]


@contextlib.contextmanager
def exclusive(lock_path: Path, waiting: str = "", patience_s: float = 900.0) -> Iterator[bool]:
    """Hold a lock between processes on ``lock_path`` (filelock) while the block runs.

    Two processes (pytest-xdist workers, two builds) that miss the same cache entry
    would otherwise both compute it; with the lock the second waits, then finds it.
    A lock held by a process that died is free again where the OS locks files (flock);
    where filelock can only fall back to a lock file, the wait ends after ``patience_s``.

    Parameters
    ----------
    lock_path : Path
        The lock file (created with its folder).
    waiting : str
        Said on stderr if the lock is not free within a second ("waiting for ...").
    patience_s : float
        Seconds to wait in all; then the block runs unlocked (and says so).

    Yields
    ------
    bool
        True if locked; False where no lock file can be made (a read-only cache folder)
        or the wait ran out: the block runs unlocked, and the cache's atomic writes keep
        it sound (the work may be done twice).
    """
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=1)
        except Timeout:
            if waiting:
                print(f"waiting for {waiting}", file=sys.stderr, flush=True)
            lock.acquire(timeout=max(patience_s - 1, 0))
        locked = True
    except (OSError, Timeout) as failure:
        if isinstance(failure, Timeout):
            print(f"gave up waiting for {waiting or lock_path} after {patience_s:.0f} s; "
                  "going on without the lock", file=sys.stderr, flush=True)
        locked = False
    try:
        yield locked
    finally:
        if locked:
            lock.release()


def file_digest(path: str | os.PathLike[str], kind: str = "f") -> str:
    """SHA-256 of a file's bytes (``kind="f"``) or of a folder's sorted names (``"d"``).

    Returns ``"absent"`` for a path that does not exist (or is not of that kind).

    Examples
    --------
    >>> file_digest("/no/such/file")
    'absent'
    """
    try:
        if kind == "d":
            data = "\n".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape")
        else:
            data = Path(path).read_bytes()
    except OSError:
        return "absent"
    return hashlib.sha256(data).hexdigest()


def tree_digest(folders: Iterable[Path], skip: tuple[str, ...] = ()) -> str:
    """SHA-256 over the relative names and bytes of every file below ``folders``.

    Hidden files and folders, ``__pycache__`` and files ending in one of ``skip``
    (e.g. ``(".ipynb",)``) are left out.
    """
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            parts = path.relative_to(folder).parts
            if (path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in parts)
                    and not (skip and path.name.endswith(skip))):
                digest.update(f"{folder.name}/{'/'.join(parts)}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in its folder and :func:`os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def last_used(path: Path) -> float:
    """When a path was last written or used (0 if it has gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def touch(path: Path) -> None:
    """Mark an entry as used now (for pruning); quietly skip a read-only cache."""
    try:
        os.utime(path)
        os.utime(path.parent)
    except OSError:
        pass
