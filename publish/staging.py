"""The handout folder replaced all at once: a build writes a staging folder, swapped in whole.

A build writes into ``.NAME.staging-PID`` beside the handout folder ``NAME`` and puts it in
place with two renames (:func:`swap`) only when every notebook has succeeded, so a failed
or killed build leaves the previous handouts as they were; the next build tidies up
after a killed one (:func:`recover`). A build of some notebooks only carries the other
notebooks' handouts over (:func:`keep_others`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from publish.pdf import VERSIONS

__all__ = ["keep_others", "recover", "staging_folder", "swap"]


def staging_folder(out: Path) -> Path:
    """The staging folder of a build of ``out`` by this process (beside it, hidden)."""
    return out.with_name(f".{out.name}.staging-{os.getpid()}")


def swap(staging: Path, out: Path) -> None:
    """Put the finished staging folder in place of ``out`` (two renames, no copying)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def recover(out: Path) -> None:
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


def keep_others(out: Path, staging: Path, built: set[str]) -> None:
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
