"""Kernel start-up code: write down every file a run opens for reading and every folder it lists.

:mod:`publish.cache` runs this file's source in each kernel it starts (IPython's
``exec_lines``, before the first cell; nothing is left in the notebook's namespace
and no execution count is used). It imports nothing but the standard library, so
the files the lesson itself opens are all seen. An audit hook (:pep:`578`) gets
every ``open``, ``os.listdir`` and ``os.scandir``; paths under ``roots`` and not
under ``skip``, the environment or ``__pycache__`` are appended to ``log``, one a
line, ``f PATH`` for a file and ``d PATH`` for a folder.
"""

from __future__ import annotations


def record(log: str, roots: tuple[str, ...], skip: tuple[str, ...]) -> None:
    """Start writing the paths the process reads (under ``roots``) to ``log``.

    Parameters
    ----------
    log : str
        The file to append to (kept open; flushed after each line).
    roots, skip : tuple of str
        Folders, each ending in ``os.sep``: a path is written if it lies in one of
        ``roots`` and in none of ``skip``.
    """
    import os
    import sys

    out = open(log, "a", encoding="utf-8")  # noqa: SIM115 -- open for the kernel's lifetime
    skip = (*skip, *{sys.prefix + os.sep, sys.base_prefix + os.sep})
    busy: list[int] = []

    def hook(event: str, args: tuple) -> None:
        if busy or event not in ("open", "os.listdir", "os.scandir"):
            return
        path = args[0] if args else "."
        if event == "open":
            mode, flags = args[1], args[2]
            if isinstance(path, int) or (mode and any(c in mode for c in "wax+")) or (
                    not mode and flags & (os.O_WRONLY | os.O_RDWR)):
                return  # a descriptor, or opened for writing
        if path is None or isinstance(path, int):
            path = "."
        busy.append(1)
        try:
            full = os.path.realpath(os.fsdecode(path)) + os.sep
            if (full.startswith(roots) and not full.startswith(skip)
                    and "__pycache__" not in full and "site-packages" not in full):
                out.write(("f " if event == "open" else "d ") + full[:-1] + "\n")
                out.flush()
        except Exception:  # never break the lesson
            pass
        finally:
            busy.clear()

    sys.addaudithook(hook)
