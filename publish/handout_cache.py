"""A lesson's handouts and slide figures, kept by the key of the execution they were made from.

:class:`TreeCache` keeps the files one step wrote (the PDFs and charts of one lesson)
under a key (:func:`output_key`: the execution's entry key from :mod:`publish.cache`,
the paper, the changed-data mark, every file of ``publish/`` and the files beside the
notebook), and restores them byte for byte. A build with nothing changed copies them
instead of running pandoc and Typst again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from publish.cache import FORMAT, cache_base
from publish.cache_files import atomic_write, file_digest, last_used, touch, tree_digest

__all__ = ["KEEP_OUTPUTS", "TreeCache", "output_key"]

KEEP_OUTPUTS = 60
"""Lessons' outputs kept (about 2 MB each); the least recently used go first."""


def output_key(executed_key: str, source: Path, settings: object) -> str:
    """Key of what is made from one execution (a lesson's PDFs and charts).

    SHA-256 of the execution's entry key, ``settings`` (JSON: paper, data mark, ...),
    every file of ``publish/`` (code and templates) and every file beside the
    notebook other than notebooks (images its Markdown cells show).
    """
    parts = [FORMAT, executed_key, settings, tree_digest([Path(__file__).parent]),
             tree_digest([Path(source).parent], skip=(".ipynb",))]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@dataclass
class TreeCache:
    """Files a step wrote (a lesson's PDFs and charts), kept by key and restored byte for byte.

    An entry is a folder ``<root>/<key>/`` with the files and a ``manifest.json``
    naming each with its SHA-256, renamed into place whole. A file missing or
    differing from the manifest makes the entry ignored (and replaced).
    """

    root: Path = field(default_factory=lambda: cache_base() / "handouts")

    def restore(self, key: str, target: Path) -> list[Path] | None:
        """Copy entry ``key`` below ``target``; return the files, or None when not sound."""
        entry = self.root / key
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            files = manifest["files"]
            if manifest["key"] != key or not all(file_digest(entry / "files" / name) == digest
                                                 for name, digest in files.items()):
                return None
            written = []
            for name in files:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / "files" / name, target / name)
                written.append(target / name)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        touch(entry)
        return written

    def store(self, key: str, base: Path, files: Iterable[Path]) -> None:
        """Keep ``files`` (below ``base``) as entry ``key``; quietly skip if it cannot."""
        partial = self.root / f".{key}.{os.getpid()}.{threading.get_ident()}"
        try:
            shutil.rmtree(partial, ignore_errors=True)
            manifest = {}
            for path in files:
                name = path.relative_to(base).as_posix()
                (partial / "files" / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, partial / "files" / name)
                manifest[name] = file_digest(partial / "files" / name)
            atomic_write(partial / "manifest.json",
                          json.dumps({"format": FORMAT, "key": key, "files": manifest}))
            final = self.root / key
            if final.exists():  # another writer, or an entry found unsound: replace it
                trash = self.root / f".trash-{key}.{os.getpid()}.{threading.get_ident()}"
                os.replace(final, trash)
                shutil.rmtree(trash, ignore_errors=True)
            os.replace(partial, final)
            for old in sorted(self.root.glob("[!.]*"), key=last_used, reverse=True)[KEEP_OUTPUTS:]:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
        finally:
            shutil.rmtree(partial, ignore_errors=True)
