"""Collect as notebook tests (nbval) only the notebooks the manifest names.

``pytest`` collects ``notebooks/`` with nbval; without this hook it would also run
any other notebook there, such as a copy made by JupyterLab's *Duplicate*
(``02_ssri_affinities-Copy1.ipynb``) or a scratch notebook, as if it were a
lesson. The manifest is ``notebooks/_toc.yml`` (:mod:`helpers.project`). A notebook
named on the command line is still run.
"""

from __future__ import annotations

from pathlib import Path

from helpers.project import NOTEBOOK_DIR, notebooks

CASES_DIR = Path(__file__).resolve().parent / "tests" / "cases"
"""Inputs of the tests (teachers' notebooks and data as they reported them), not lessons."""


def pytest_ignore_collect(collection_path: Path, config: object) -> bool | None:
    """Ignore notebooks the manifest does not name, and the tests' input notebooks."""
    path = collection_path.resolve()
    if path.suffix == ".ipynb" and CASES_DIR in path.parents:
        return True
    if path.suffix != ".ipynb" or NOTEBOOK_DIR not in path.parents:
        return None
    return True if path not in set(notebooks()) else None
