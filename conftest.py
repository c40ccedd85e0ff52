"""Collect as notebook tests (nbval) only the notebooks the manifest names.

``pytest`` collects ``notebooks/`` with nbval; without this hook it would also run
any other notebook there, such as a copy made by JupyterLab's *Duplicate*
(``02_ssri_affinities-Copy1.ipynb``) or a scratch notebook, as if it were a
lesson. The manifest is ``notebooks/_toc.yml`` (:mod:`helpers.project`). A notebook
named on the command line is still run.

Also how pytest-xdist shares the tests among its workers (``--dist=loadgroup``, set in
``pyproject.toml``): by file, and every test marked with one ``xdist_group`` on one worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent with -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """With ``--dist=loadgroup``: tests marked ``xdist_group`` together, the rest by file.

    pytest-xdist's own ``loadgroup`` sends every unmarked test anywhere (as ``load``), which
    would repeat each test file's module fixtures on every worker. Here an unmarked test goes
    with its file (as ``loadfile``), and all tests of one group go to one worker: the tests
    that read the shipped lessons' runs (``tests/shipped_runs.py``) share one run per lesson.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class LoadFileAndGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return nodeid.split("::", 1)[0] if scope == nodeid else scope

    return LoadFileAndGroupScheduling(config, log)
