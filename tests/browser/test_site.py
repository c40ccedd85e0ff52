"""The course website in a real browser: pages, links, search, solutions, accessibility.

Opens the built site (``build/site/``, or the folder in ``$SITE_DIR``; built first with
:func:`publish.site.build` if missing) in Debian's Chromium headless through Playwright,
served by a small local web server and also from the disk (``file://``). Every request
to another host is blocked and counted as a failure. On every page: no console error,
every local link and image resolves, headings never skip a level, and axe-core (npm,
installed by ``make site`` into ``build/site-tools/``) finds no serious or critical
violation. Search finds "fluvoxamine" and "Table 1"; a solution opens and closes, by
mouse and by keyboard.

Run it with ``.venv/bin/python -m pytest -p no:xdist -o addopts="" tests/browser/test_site.py``.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

PROJECT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SITE_DIR", PROJECT / "build" / "site")).resolve()
AXE = PROJECT / "build" / "site-tools" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "60000"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site() -> Path:
    """The built site (built now, with its handouts, if it is missing)."""
    if not (SITE / "index.html").is_file():
        from publish.site import build

        assert build(SITE if "SITE_DIR" in os.environ else None) == SITE
    if not AXE.is_file():
        from publish.site_assets import npm_tools

        npm_tools()
    return SITE


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """``python -m http.server`` on loopback serving the site; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                "127.0.0.1", "--directory", str(site)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/index.html", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


class Watched:
    """A page whose console errors, failed requests and requests to other hosts are kept."""

    def __init__(self, browser: Browser, allowed: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.outside: list[str] = []

        def route(route_: object) -> None:
            url = route_.request.url  # type: ignore[attr-defined]
            if url.startswith(allowed) or url.startswith(("data:", "blob:")):
                route_.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                route_.abort()  # type: ignore[attr-defined]

        self.context.route("**/*", route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(
            f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def open(self, url: str) -> Page:
        self.page.goto(url, wait_until="load")
        if url.startswith("file:"):
            self.page.wait_for_timeout(1000)  # no "network idle" event from the disk
        else:
            self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


def pages(site: Path) -> list[str]:
    names = sorted(p.name for p in site.glob("*.html"))
    assert {"index.html", "datasets.html", "search.html", "02_ssri_affinities.html"} <= set(names)
    return names


def local_target(site: Path, page: str, address: str) -> Path | None:
    """The file a link or image of ``page`` points to, or None for another host / mailto."""
    parts = urlsplit(address)
    if parts.scheme in ("http", "https", "mailto", "data", "javascript") or parts.netloc:
        return None
    if not parts.path:
        return site / page
    return (site / page).parent.joinpath(unquote(parts.path)).resolve()


def test_every_page_loads_clean_over_http(site: Path, server: str, browser: Browser) -> None:
    problems = []
    for name in pages(site):
        watched = Watched(browser, server)
        page = watched.open(f"{server}/{name}")
        # Images: every <img> loaded.
        broken = page.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.complete && e.naturalWidth > 0)).map(e => e.src)")
        problems += [f"{name}: image did not load: {src}" for src in broken]
        # Links: every local address names a file of the site (and its anchor exists).
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = local_target(site, name, href)
            if target is None:
                continue
            if not target.is_relative_to(site) or not target.exists():
                problems.append(f"{name}: link to a missing file: {href}")
            elif target.is_dir() and not (target / "index.html").exists():
                problems.append(f"{name}: link to a folder without index.html: {href}")
        problems += [f"{name}: {e}" for e in watched.errors]
        problems += [f"{name}: request outside the site: {u}" for u in watched.outside]
        watched.close()
    assert not problems, "\n".join(problems)


def test_pages_open_from_the_disk(site: Path, browser: Browser) -> None:
    problems = []
    for name in ["index.html", "01_sigma_basics.html", "02_ssri_affinities.html",
                 "datasets.html"]:
        watched = Watched(browser, "file://")
        page = watched.open((site / name).as_uri())
        assert page.locator("article.bd-article h1").first.is_visible()
        problems += [f"{name}: {e}" for e in watched.errors]
        problems += [f"{name}: request outside the site: {u}" for u in watched.outside]
        watched.close()
    assert not problems, "\n".join(problems)


def test_maths_is_rendered_locally(site: Path, server: str, browser: Browser) -> None:
    watched = Watched(browser, server)
    page = watched.open(f"{server}/01_sigma_basics.html")
    page.wait_for_selector("mjx-container", timeout=TIMEOUT_MS)
    assert page.locator("mjx-container").count() >= 3
    assert not watched.outside and not watched.errors, watched.outside + watched.errors
    watched.close()


@pytest.mark.parametrize("query", ["fluvoxamine", "Table 1"])
def test_search_finds(query: str, site: Path, server: str, browser: Browser) -> None:
    watched = Watched(browser, server)
    page = watched.open(f"{server}/search.html?q={query.replace(' ', '+')}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=TIMEOUT_MS)
    assert results.count() >= 1
    found = " ".join(results.all_inner_texts())
    if query == "Table 1":
        assert "SSRI affinities" in found, found
    assert not watched.errors and not watched.outside, watched.errors + watched.outside
    watched.close()


def test_a_solution_opens_and_closes(site: Path, server: str, browser: Browser) -> None:
    watched = Watched(browser, server)
    page = watched.open(f"{server}/02_ssri_affinities.html")
    solution = page.locator("details.hide", has_text="Show solution").first
    code = solution.locator(".cell_input")
    assert solution.get_attribute("open") is None and not code.is_visible()
    summary = solution.locator("summary")
    assert summary.inner_text().strip() == "Show solution"
    summary.click()
    assert solution.get_attribute("open") is not None and code.is_visible()
    assert summary.inner_text().strip() == "Hide solution"
    summary.click()
    assert solution.get_attribute("open") is None and not code.is_visible()
    # By keyboard: focus the control, Enter opens it, Enter closes it.
    summary.focus()
    page.keyboard.press("Enter")
    assert solution.get_attribute("open") is not None
    page.keyboard.press("Enter")
    assert solution.get_attribute("open") is None
    watched.close()


def test_charts_carry_their_text_alternative(site: Path, server: str, browser: Browser) -> None:
    watched = Watched(browser, server)
    for name in [p for p in pages(site) if p[:2].isdigit()]:
        page = watched.open(f"{server}/{name}")
        alts = page.eval_on_selector_all(".cell_output img", "els => els.map(e => e.alt)")
        assert alts, f"{name}: no chart"
        assert all(len(a.strip()) > 20 for a in alts), (name, alts)
    watched.close()


def test_axe_and_headings_on_every_page(site: Path, server: str, browser: Browser) -> None:
    problems = []
    for name in pages(site):
        watched = Watched(browser, server)
        page = watched.open(f"{server}/{name}")
        levels = page.eval_on_selector_all(
            "article.bd-article :is(h1, h2, h3, h4, h5, h6)",
            "els => els.map(e => Number(e.tagName[1]))")
        if levels and levels[0] != 1:
            problems.append(f"{name}: first heading is h{levels[0]}")
        problems += [f"{name}: h{a} followed by h{b}" for a, b in itertools.pairwise(levels)
                     if b > a + 1]
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
              .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' -- '
                   + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""")
        problems += [f"{name}: {v}" for v in violations]
        watched.close()
    assert not problems, "\n".join(problems)
