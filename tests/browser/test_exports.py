"""JupyterLab's *File > Save and Export Notebook As > Handout...*, clicked in Chromium.

Opening a notebook must not mark it modified (its stored kernelspec is the running
kernel's), so the export does not save it: the file on disk stays byte for byte as it
was. The download is named by version (``00_start_here.student.pdf``). JupyterLab runs
on 127.0.0.1 with a random token, on scratch copies of the notebooks.

Run it with ``make test-browser``.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf
import pytest
from playwright.sync_api import Browser, Download, Page, expect

if TYPE_CHECKING:
    from conftest import Lab  # tests/browser/conftest.py: the JupyterLab server

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT / "notebooks"
SHOTS = PROJECT / "build" / "browser"
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "180000"))
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
CASES = [("00_start_here", "student"), ("00_start_here", "instructor"),
         ("02_ssri_affinities", "student")]
LAB_NOTEBOOKS = sorted(NOTEBOOKS / f"{stem}.ipynb" for stem in {stem for stem, _ in CASES})
LAB_SETTINGS = SETTINGS


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def browser_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def wait_idle(page: Page) -> None:
    status = page.get_by_role("contentinfo").get_by_role("button", name=re.compile(r"\| Idle$"))
    expect(status).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')


def dirty(page: Page) -> bool:
    """Whether the current notebook's tab shows the "modified" dot."""
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty").count() > 0


def export_from_menu(page: Page, version: str) -> Download:
    """File > Save and Export Notebook As > Handout_<version>; the download it starts."""
    downloads: list[Download] = []

    def keep(download: Download) -> None:
        downloads.append(download)

    def watch(popup: Page) -> None:  # the export opens the download in a new tab
        popup.on("download", keep)

    page.context.on("page", watch)
    page.on("download", keep)
    try:
        page.get_by_role("menubar").get_by_role("menuitem", name="File", exact=True).click()
        page.locator(".lm-Menu-item", has_text="Save and Export Notebook As").first.hover()
        page.get_by_role("menuitem", name=re.compile(rf"handout.*{version}", re.IGNORECASE)).click()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not downloads:
            if time.monotonic() > deadline:
                pytest.fail("no download started")
            page.wait_for_timeout(250)
    finally:
        page.context.remove_listener("page", watch)
        page.remove_listener("download", keep)
    return downloads[0]


@pytest.mark.parametrize(("stem", "version"), CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_export_from_the_menu_leaves_the_notebook_unchanged(
        browser_page: Page, lab: Lab, stem: str, version: str,
        tmp_path: Path) -> None:
    root = lab.root
    notebook = root / f"{stem}.ipynb"
    before = digest(notebook)
    page = browser_page
    page.goto(lab.url(f"{stem}.ipynb"))
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    expect(page.locator(".jp-NotebookPanel .jp-KernelName").first).to_contain_text(
        "Python 3", timeout=TIMEOUT_MS)
    wait_idle(page)
    page.wait_for_timeout(1500)  # kernel info and metadata updates settle
    assert not dirty(page), "opening the notebook marked it modified"

    download = export_from_menu(page, version)
    assert download.suggested_filename == f"{stem}.{version}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(saved).pages)
    assert f"{version.upper()} HANDOUT" in text

    page.wait_for_timeout(1000)
    assert not dirty(page)
    assert digest(notebook) == before, "the export changed the notebook on disk"
    assert sorted(p.name for p in root.glob(f"{stem}*")) == [f"{stem}.ipynb"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"export_{stem}_{version}.png"))
