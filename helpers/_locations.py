"""Where the project's folders are: a checkout, a ``pip install``, a read-only image.

:mod:`helpers.project` defines the folders with these functions (see
docs/jupyterhub.md); nothing else should need them.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "fluvoxamine-workshop"
"""The per-user cache folder's name (platformdirs' ``user_cache_dir``)."""

_SOURCE_DIR = Path(__file__).resolve().parent.parent
"""The folder holding this package (a checkout, or site-packages)."""


def is_checkout(folder: Path, toc_file: str) -> bool:
    """Whether ``folder`` is a checkout of the project (it holds the lesson manifest)."""
    return (folder / "notebooks" / toc_file).is_file()


def find_project_dir(toc_file: str) -> Path:
    """The checkout this package runs from, else the one the working directory is in."""
    cwd = Path.cwd()
    return next((f for f in (_SOURCE_DIR, cwd, *cwd.parents) if is_checkout(f, toc_file)), cwd)


def writable(folder: Path) -> bool:
    """Whether files can be made in ``folder`` (or in its parent, where it does not exist yet)."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK) and not read_only_mount(folder)


def read_only_mount(folder: Path) -> bool:
    """Whether ``folder`` is on a file system mounted read-only (an image shared by a hub)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return True


def user_cache_dir() -> Path:
    """The current user's own cache folder (``~/.cache/fluvoxamine-workshop`` on Linux).

    Returns
    -------
    Path
        platformdirs' ``user_cache_dir`` (``$XDG_CACHE_HOME`` is honoured); not created here.
    """
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def shipped_data_dir() -> Path:
    """The checkout's ``data/``, else the copy inside the installed package (``_shipped``)."""
    checkout = _SOURCE_DIR / "data"
    if (checkout / "datapackage.json").is_file():
        return checkout
    packaged = resources.files("helpers").joinpath("_shipped")
    if not isinstance(packaged, Path):
        raise RuntimeError(f"the shipped data {packaged} are not in a folder (a zipped install?): "
                           "install the package unzipped (pip install .)")
    return packaged


