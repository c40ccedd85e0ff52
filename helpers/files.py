"""Where the project's files are, which notebooks are lessons, and writing notebooks safely.

The one definition of the project's folders (:data:`PROJECT_DIR`,
:data:`NOTEBOOK_DIR`, :data:`BUILD_DIR`) and of the collection: the manifest
``notebooks/_toc.yml`` (Jupyter Book's table-of-contents format) names the
start page (``root``) and the lessons (``chapters``), in teaching order::

    format: jb-book
    root: 00_start_here
    chapters:
      - file: 01_sigma_basics
      - file: 02_ssri_affinities

Only the notebooks it names are built into handouts, indexed on the start page,
turned into student notebooks and tested as notebooks (nbval). Any other
notebook in ``notebooks/`` -- a copy made by JupyterLab's *Duplicate*
(``02_ssri_affinities-Copy1.ipynb``), a scratch notebook, a student's file --
is left alone: :func:`unlisted` names them, so the build can say so.

This module imports nothing heavy (nbformat and yaml only when used), so the
data loader and the start page can use it freely.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "BUILD_DIR",
    "NOTEBOOK_DIR",
    "PROJECT_DIR",
    "TOC_FILE",
    "ManifestError",
    "lessons",
    "missing_paths",
    "notebooks",
    "read_toc",
    "start_page",
    "unlisted",
    "write_notebook_atomically",
]

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The project's folder (holds ``data/``, ``notebooks/``, ``build/``)."""

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
"""The notebooks: the start page and the lessons (and whatever else a teacher leaves there)."""

BUILD_DIR = PROJECT_DIR / "build"
"""Everything generated (git-ignored)."""

TOC_FILE = "_toc.yml"
"""The manifest's file name, inside the notebook folder."""


class ManifestError(ValueError):
    """The manifest ``notebooks/_toc.yml`` is missing, malformed or names a missing notebook."""


def read_toc(directory: Path = NOTEBOOK_DIR) -> tuple[str, list[str]]:
    """The manifest's start page and lessons, as notebook file names in teaching order.

    Parameters
    ----------
    directory : Path
        The notebook folder holding ``_toc.yml``.

    Returns
    -------
    tuple of (str, list of str)
        The start page's file name and the lessons' file names (``.ipynb`` added
        where the manifest leaves it out, as Jupyter Book does).

    Raises
    ------
    ManifestError
        No ``_toc.yml``, not the expected shape, or a name given twice.

    Examples
    --------
    >>> root, chapters = read_toc()
    >>> root, chapters[0]
    ('00_start_here.ipynb', '01_sigma_basics.ipynb')
    """
    import yaml

    path = Path(directory) / TOC_FILE
    if not path.is_file():
        raise ManifestError(f"{path} is missing: it names the start page and the lessons "
                            "(format: jb-book, root: <start page>, chapters: - file: <lesson>)")
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ManifestError(f"{path} is not valid YAML: {exc}") from None
    chapters = toc.get("chapters") if isinstance(toc, dict) else None
    if (not isinstance(toc, dict) or not isinstance(toc.get("root"), str)
            or not isinstance(chapters, list)
            or not all(isinstance(c, dict) and isinstance(c.get("file"), str) for c in chapters)):
        raise ManifestError(f"{path}: expected 'root: <start page>' and 'chapters:' as a list of "
                            "'- file: <lesson>' entries")

    def ipynb(name: str) -> str:
        name = name.strip()
        return name if name.endswith(".ipynb") else f"{name}.ipynb"

    root, names = ipynb(toc["root"]), [ipynb(c["file"]) for c in chapters]
    repeated = sorted({n for n in [root, *names] if [root, *names].count(n) > 1})
    if repeated:
        raise ManifestError(f"{path} names {', '.join(repeated)} more than once")
    return root, names


def _existing(directory: Path, names: list[str]) -> list[Path]:
    paths = [Path(directory) / name for name in names]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise ManifestError(f"{Path(directory) / TOC_FILE} names {', '.join(missing)}, "
                            f"which {'is' if len(missing) == 1 else 'are'} not in {directory}")
    return paths


def lessons(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The lesson notebooks, in teaching order (the manifest's ``chapters``).

    Examples
    --------
    >>> [p.name for p in lessons()][:2]
    ['01_sigma_basics.ipynb', '02_ssri_affinities.ipynb']
    """
    return _existing(directory, read_toc(directory)[1])


def start_page(directory: Path = NOTEBOOK_DIR) -> Path:
    """The start page (the manifest's ``root``)."""
    return _existing(directory, [read_toc(directory)[0]])[0]


def notebooks(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The collection in teaching order: the start page, then the lessons.

    Examples
    --------
    >>> [p.name for p in notebooks()][:3]
    ['00_start_here.ipynb', '01_sigma_basics.ipynb', '02_ssri_affinities.ipynb']
    """
    root, names = read_toc(directory)
    return _existing(directory, [root, *names])


def unlisted(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """Notebooks in the folder (and below) that the manifest does not name: never built.

    Checkpoints (``.ipynb_checkpoints/``) and other hidden folders are not counted.
    """
    root, names = read_toc(directory)
    listed = {Path(directory) / name for name in [root, *names]}
    return sorted(p for p in Path(directory).rglob("*.ipynb")
                  if p not in listed
                  and not any(part.startswith(".") for part in p.relative_to(directory).parts))


def _current_umask() -> int:
    """The process's umask (read once: setting it to read it is not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _current_umask()


def write_notebook_atomically(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write ``notebook`` to ``path`` through a temporary file in the same folder.

    Readers never see a half-written notebook; if writing fails, the temporary
    file is removed and ``path`` is as it was. The file gets the usual
    permissions (0644 less the umask), not the temporary file's private 0600.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_notebook_atomically(nbformat.v4.new_notebook(), folder / "a.ipynb")
    >>> oct((folder / "a.ipynb").stat().st_mode & 0o777) in ("0o644", "0o640", "0o600")
    True
    """
    import nbformat

    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                     prefix=f".{path.stem}-", suffix=".tmp",
                                     delete=False) as handle:
        partial = Path(handle.name)
        try:
            nbformat.write(notebook, handle)
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise
    try:
        os.chmod(partial, 0o644 & ~_UMASK)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def missing_paths(paths: list[Path]) -> list[str]:
    """The paths of ``paths`` that are not existing files, as given (for a usage error).

    Examples
    --------
    >>> missing_paths([Path("no-such-notebook.ipynb")])
    ['no-such-notebook.ipynb']
    """
    return [str(p) for p in paths if not Path(p).is_file()]
