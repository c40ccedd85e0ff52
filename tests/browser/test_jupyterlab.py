"""JupyterLab in a real browser: open notebook 02, run every cell, see the charts.

Starts JupyterLab on 127.0.0.1 (a free port, a random token) on a scratch copy of
the notebook (so autosave can never touch the committed one), drives Debian's
Chromium headless through Playwright, runs all cells from the Run menu, waits for
the kernel to be idle, and checks that no cell shows an error and that every chart
rendered as an image. Screenshots go to ``build/browser/``.

Run it with ``make test-browser`` (it installs Chromium and Playwright where it can).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from conftest import Lab  # tests/browser/conftest.py: the JupyterLab server

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOK = PROJECT / "notebooks" / "02_ssri_affinities.ipynb"
SHOTS = PROJECT / "build" / "browser"
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "180000"))
# Quiet, deterministic JupyterLab: no news or update checks (no network), every cell in the DOM.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
LAB_NOTEBOOKS = [NOTEBOOK]
LAB_SETTINGS = SETTINGS


@pytest.fixture(scope="module")
def page(lab: Lab, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "02_last_state.png"))
        context.close()


def wait_idle(page: Page) -> None:
    """Wait until the kernel reports idle, in the status bar and the notebook toolbar."""
    status = page.get_by_role("contentinfo").get_by_role("button", name=re.compile(r"\| Idle$"))
    expect(status).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')


def menu(page: Page, name: str, item: str) -> None:
    """Choose an item from a menu of the menu bar, as a user does."""
    page.get_by_role("menubar").get_by_role("menuitem", name=name, exact=True).click()
    page.get_by_role("menu").get_by_role("menuitem", name=re.compile(f"^{item}")).click()


def prompts(page: Page) -> list[str]:
    return page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt").all_inner_texts()


def test_notebook_02_runs_in_jupyterlab(page: Page, lab: Lab) -> None:
    stored = nbformat.read(NOTEBOOK, as_version=4)
    code_cells = sum(c.cell_type == "code" for c in stored.cells)
    stored_images = sum("image/png" in o.get("data", {})
                        for c in stored.cells for o in c.get("outputs", []))

    page.goto(lab.url(NOTEBOOK.name))
    panel = page.locator(".jp-NotebookPanel")
    panel.locator(".jp-CodeCell").first.wait_for()
    # The notebook's kernelspec (python3) starts by itself: no "select kernel" dialog.
    expect(page.locator(".jp-NotebookPanel .jp-KernelName")).to_contain_text(
        "Python 3", timeout=TIMEOUT_MS)
    wait_idle(page)
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").all_inner_texts()

    # Clear the stored outputs first, so every output checked below is a fresh one.
    menu(page, "Edit", "Clear Outputs of All Cells")
    assert page.locator(".jp-NotebookPanel .jp-RenderedImage img").count() == 0

    menu(page, "Run", "Run All Cells")
    # Every code cell gets an execution count ([1]: ... [n]:) and the kernel is idle again.
    page.wait_for_function(
        """n => {
            const p = [...document.querySelectorAll(
                '.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
            return p.length === n && p.every(t => /^\\[\\d+\\]:$/.test(t));
        }""", arg=code_cells)
    wait_idle(page)
    numbers = sorted(int(t.strip("[]:")) for t in prompts(page))
    assert numbers == list(range(1, code_cells + 1))

    # No cell shows an error (errors and stderr render with this MIME type).
    errors = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, "\n\n".join(errors.all_inner_texts())
    assert "Traceback" not in panel.inner_text()

    # Every chart rendered as a decoded PNG image.
    images = panel.locator(".jp-RenderedImage img")
    assert images.count() == stored_images >= 3
    for n in range(images.count()):
        image = images.nth(n)
        assert (image.get_attribute("src") or "").startswith("data:image/png;base64,")
        width = image.evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 300, f"chart {n + 1} did not render (naturalWidth {width})"
    # The kernel computed from the data: a printed check from notebook 02.
    assert "Rank order agrees for 8 of the 8 drugs in both lists." in panel.inner_text()

    SHOTS.mkdir(parents=True, exist_ok=True)
    images.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "02_first_chart.png"))
    images.nth(images.count() - 1).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "02_receptor_profile.png"))
