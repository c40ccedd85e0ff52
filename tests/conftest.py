"""Shared fixtures: paths, a scratch copy of data/, and a guard that data/ is never written."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

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


# Hypothesis: property tests run a modest, fixed number of examples; HYPOTHESIS_PROFILE=reliability
# (for example in make reliability) runs five times as many. A test reads the scale as
# settings.default.max_examples // 100 (tests/library/test_cell_parsing.py).
def _load_hypothesis_profile() -> None:
    import os

    from hypothesis import settings

    settings.register_profile("reliability", max_examples=500)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_load_hypothesis_profile()
