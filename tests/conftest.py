"""Shared fixtures: paths, a scratch copy of data/, a guard that data/ is never written, and
the shipped lessons' runs, one per lesson per test process (``shipped_lesson``)."""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported when first used: matplotlib, IPython and pandas load slowly
    from lesson_runner import LessonRun

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


def data_checksums(directory: Path = DATA) -> dict[str, str]:
    """SHA-256 of every file under a directory, by relative path."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def data_left_untouched() -> Iterator[None]:
    """Fail the session if anything the tests ran wrote into data/."""
    before = data_checksums()
    yield
    after = data_checksums()
    assert after == before, "data/ was modified during the tests"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# The shipped lessons, run once per process (tests/shipped_runs.py).

SHIPPED_GROUP = "shipped-lessons"
"""The pytest-xdist group of every test that reads the shared runs of the shipped lessons."""


@pytest.fixture(scope="session")
def shipped_lesson() -> Callable[[str], LessonRun]:
    """``shipped_lesson("02")``: the lesson's one shared run on the shipped data (read-only).

    Every spelling of a lesson (``"02"``, ``"02_ssri_affinities.ipynb"``, a path) gives
    the same :class:`LessonRun`, run at most once per process, solutions included. Read
    it and draw its figures; never close, resize or change them (tests/shipped_runs.py).
    A test that uses this fixture (directly or through a fixture of its own) is put in
    the xdist group ``shipped-lessons``, so that all of them share one worker's runs.
    """
    from shipped_runs import shipped_run  # as "shipped_runs" only: one cache per process

    return shipped_run


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers the marker only when it is loaded (not under -p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): run in one pytest-xdist worker "
                                       "under --dist=loadgroup (registered by tests/conftest.py)")


@pytest.hookimpl(wrapper=True, tryfirst=True)  # before xdist's hook, which adds "@group" to ids
def pytest_collection_modifyitems(config: pytest.Config,
                                  items: list[pytest.Item]) -> Iterator[None]:
    """Group every test that reads the shared runs, so one worker runs each lesson once."""
    for item in items:
        if "shipped_lesson" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(SHIPPED_GROUP))
    result = yield
    _group_in_node_ids(config, items)
    return result


def _group_in_node_ids(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make sure a grouped test's node id ends in "@group", as --dist=loadgroup needs.

    The scheduler reads a test's group from its node id only. pytest-xdist 3.8 appends
    it by setting ``item._nodeid``, which pytest 9.2's structured node ids no longer read
    (pytest-dev/pytest-xdist#1386, open; the fix proposed in #1388 sets the structured id
    instead): its tests would silently spread over every worker. Where xdist's suffix
    did not take, it is set here, as #1388 does; where it did, nothing changes.
    """
    if not getattr(config.option, "loadgroup", False):  # xdist sets it in its workers
        return
    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)


@pytest.fixture(autouse=True)
def _shared_runs_stay_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test that changed a shared run (a figure, a frame), not a later one."""
    yield
    if not any(request.node.iter_markers("xdist_group")):
        return  # only the shipped-lessons tests can reach the shared runs
    runs = sys.modules.get("shipped_runs")
    changed = runs.changes_to_shared_runs() if runs is not None else []
    if changed:
        pytest.fail("this test changed the shared runs of the shipped lessons, which are "
                    "read-only (tests/shipped_runs.py): " + "; ".join(changed), pytrace=False)


def pytest_sessionfinish() -> None:
    """Close the shared runs' figures (a worker's session ends with its process)."""
    runs = sys.modules.get("shipped_runs")
    if runs is not None:
        runs.close_shipped_runs()


# Hypothesis: property tests run a modest, fixed number of examples; HYPOTHESIS_PROFILE=reliability
# (for example in make reliability) runs five times as many. A test reads the scale as
# settings.default.max_examples // 100 (tests/library/test_cell_parsing.py).
def _load_hypothesis_profile() -> None:
    import os

    from hypothesis import settings

    settings.register_profile("reliability", max_examples=500)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_load_hypothesis_profile()
