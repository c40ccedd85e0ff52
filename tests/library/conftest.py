"""Fixtures the library's tests share."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import pytest
from IPython.core.interactiveshell import InteractiveShell


@pytest.fixture
def close_figures() -> Iterator[None]:
    """Close every figure and restore matplotlib's defaults after the test."""
    yield
    plt.close("all")
    plt.rcdefaults()


@pytest.fixture
def ipython_shell() -> Iterator[InteractiveShell]:
    """An IPython shell, so that display() reaches capture_output, as in a notebook.

    Removed afterwards (if this test made it): outside IPython the changed-data banner
    goes to stderr, which later tests in the same worker check.
    """
    made = not InteractiveShell.initialized()
    yield InteractiveShell.instance()
    if made:
        InteractiveShell.clear_instance()
