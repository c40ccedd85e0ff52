"""Writing notebooks safely, and naming the notebook paths a command was given that do not exist."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

__all__ = ["missing_paths", "write_notebook_atomically"]


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
    import nbformat  # here, not at the top: a build restored from the cache never needs it

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
