"""One place for the facts the lessons and the build share: folders, manifest, cell tags, markers.

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

The cell tags and figure markers below are the contract between a lesson and
:mod:`publish` (student copies, handouts, slide figures): the Lua filters
receive them from :func:`shared_names` as pandoc metadata, so no name is
spelled twice. This module imports nothing heavy (yaml only when used).
"""

from __future__ import annotations

from pathlib import Path

from helpers._locations import (
    find_project_dir,
    is_checkout,
    shipped_data_dir,
    user_cache_dir,
    writable,
)

__all__ = [
    "ALT_TEXT_KEY",
    "BUILD_DIR",
    "CACHE_DIR",
    "DATA_DIR",
    "FOOTNOTE_GID",
    "ILLUSTRATIVE_GID",
    "INJECTED_PARAMETERS_TAG",
    "NOTEBOOK_DIR",
    "PARAMETERS_TAG",
    "PROJECT_DIR",
    "SETUP_TAG",
    "SOLUTION_TAG",
    "TEACHER_TAG",
    "TOC_FILE",
    "ManifestError",
    "lessons",
    "notebooks",
    "read_toc",
    "shared_names",
    "start_page",
    "unlisted",
    "user_cache_dir",
]


# --- folders (see docs/jupyterhub.md: a checkout, a pip install, a read-only image) ---
TOC_FILE = "_toc.yml"
"""The manifest's file name, inside the notebook folder."""

PROJECT_DIR = find_project_dir(TOC_FILE)
"""The project's checkout (holds ``notebooks/``): the one this package runs from (a clone, an
editable install), else the one the working directory is in (a student's copy of the lessons
next to a ``pip install`` of the package), else the working directory."""

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
"""The notebooks: the start page and the lessons (and whatever else a teacher leaves there)."""

DATA_DIR = shipped_data_dir()
"""The shipped data, never written: the checkout's ``data/``, or, installed with ``pip install``
(a hub, a container image), the copy inside the package (``helpers/_shipped``)."""

BUILD_DIR = (PROJECT_DIR / "build" if is_checkout(PROJECT_DIR, TOC_FILE)
             and writable(PROJECT_DIR / "build") else user_cache_dir() / "build")
"""Everything generated (git-ignored): the checkout's ``build/``, or this user's cache folder
when there is no checkout or it cannot be written (a shared read-only image)."""

CACHE_DIR = BUILD_DIR / "cache"
"""Caches that may be deleted at any time (``make clean``): the validation markers."""


# --- cell tags (a cell's ``metadata.tags``) ---
PARAMETERS_TAG = "parameters"
"""papermill's tag: the cell whose values ``-p name value`` replaces."""

INJECTED_PARAMETERS_TAG = "injected-parameters"
"""papermill's tag on the cell it adds with the values given on its command line."""

SETUP_TAG = "setup"
"""Imports and style: folded in the instructor handout, left out of the student's."""

SOLUTION_TAG = "solution"
"""An exercise's answer: replaced by a prompt in student copies and handouts."""

TEACHER_TAG = "teacher"
"""A note for the teacher only: removed from student copies and handouts."""

# --- markers drawn into figures ---
ALT_TEXT_KEY = "fluvoxamine-workshop/alt-text"
"""Key of a chart's text alternative in its display output's metadata."""

FOOTNOTE_GID = "source-caption"
"""``gid`` of the source line under a chart (kept in slide figures, read by tests)."""

ILLUSTRATIVE_GID = "illustrative-label"
"""``gid`` of the "illustrative" label drawn on a chart whose shape is not data."""


def shared_names() -> dict[str, str]:
    """The cell tags and markers, by name, for tools outside Python (the Lua filters).

    Returns
    -------
    dict of str to str
        ``{"SOLUTION_TAG": "solution", ...}``: every upper-case constant above.

    Examples
    --------
    >>> shared_names()["SOLUTION_TAG"]
    'solution'
    """
    return {name: value for name, value in globals().items()
            if name.endswith(("_TAG", "_GID", "_KEY")) and isinstance(value, str)}


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

    Parameters
    ----------
    directory : Path
        The notebook folder holding ``_toc.yml`` (default: the project's ``notebooks/``).

    Returns
    -------
    list of Path
        One path per lesson, in the manifest's order.

    Raises
    ------
    ManifestError
        The manifest is missing or malformed, or names a notebook that is not there.

    Examples
    --------
    >>> [p.name for p in lessons()][:2]
    ['01_sigma_basics.ipynb', '02_ssri_affinities.ipynb']
    """
    return _existing(directory, read_toc(directory)[1])


def start_page(directory: Path = NOTEBOOK_DIR) -> Path:
    """The start page (the manifest's ``root``).

    Parameters
    ----------
    directory : Path
        The notebook folder holding ``_toc.yml`` (default: the project's ``notebooks/``).

    Returns
    -------
    Path
        The start page's notebook.

    Raises
    ------
    ManifestError
        The manifest is missing or malformed, or names a notebook that is not there.
    """
    return _existing(directory, [read_toc(directory)[0]])[0]


def notebooks(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The collection in teaching order: the start page, then the lessons.

    Parameters
    ----------
    directory : Path
        The notebook folder holding ``_toc.yml`` (default: the project's ``notebooks/``).

    Returns
    -------
    list of Path
        The start page, then each lesson.

    Raises
    ------
    ManifestError
        The manifest is missing or malformed, or names a notebook that is not there.

    Examples
    --------
    >>> [p.name for p in notebooks()][:3]
    ['00_start_here.ipynb', '01_sigma_basics.ipynb', '02_ssri_affinities.ipynb']
    """
    root, names = read_toc(directory)
    return _existing(directory, [root, *names])


def unlisted(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """Notebooks in the folder (and below) that the manifest does not name: never built.

    Parameters
    ----------
    directory : Path
        The notebook folder holding ``_toc.yml`` (default: the project's ``notebooks/``).

    Returns
    -------
    list of Path
        The other notebooks, sorted.

    Checkpoints (``.ipynb_checkpoints/``) and other hidden folders are not counted,
    nor files whose name starts with ``_`` (``_template.ipynb``, the lesson to copy).
    """
    root, names = read_toc(directory)
    listed = {Path(directory) / name for name in [root, *names]}
    return sorted(p for p in Path(directory).rglob("*.ipynb")
                  if p not in listed and not p.name.startswith("_")
                  and not any(part.startswith(".") for part in p.relative_to(directory).parts))


