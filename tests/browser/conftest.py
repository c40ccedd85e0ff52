"""JupyterLab for the browser tests: one server per test module, on loopback, with a token.

A test module says what the server holds with two module constants: ``LAB_NOTEBOOKS``
(the notebooks copied into the server's scratch root, so autosave can never touch the
committed ones) and ``LAB_SETTINGS`` (JupyterLab user settings, by settings file name:
no news or update checks, so no network). The ``lab`` fixture starts the server on a
free port with a random token, checks that the API refuses a request without the token,
and yields a :class:`Lab`; the server is stopped after the module.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
"""Headless, sandbox off (root in CI), and nothing that reaches the network by itself."""
STARTUP_S = 90


class Lab(NamedTuple):
    """A running JupyterLab: its base URL, token and root folder (the notebooks' copies)."""

    base: str
    token: str
    root: Path

    def url(self, notebook: str) -> str:
        """The address that opens ``notebook`` (a file name in the root), token included."""
        return f"{self.base}/lab/tree/{notebook}?token={self.token}"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(server: subprocess.Popen, base: str, token: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        if server.poll() is not None:
            pytest.fail("JupyterLab exited:\n" + log.read_text())
        try:
            # Without the token the API refuses: token authentication is on.
            with pytest.raises(urllib.error.HTTPError, match="403"):
                urllib.request.urlopen(f"{base}/api/contents", timeout=2)
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {STARTUP_S} s:\n" + log.read_text())
            time.sleep(0.5)


@pytest.fixture(scope="module")
def lab(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab on loopback over copies of the module's ``LAB_NOTEBOOKS``."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Missing: {CHROMIUM} (install Debian's chromium, or run make test-browser)")
    scratch = tmp_path_factory.mktemp("lab")
    root = scratch / "notebooks"
    root.mkdir()
    for notebook in request.module.LAB_NOTEBOOKS:
        shutil.copy2(notebook, root / Path(notebook).name)
    for name, values in getattr(request.module, "LAB_SETTINGS", {}).items():
        path = scratch / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(24)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(scratch / "config"),
           "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(scratch / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces")}
    log_path = scratch / "lab.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.extension_manager=readonly",  # no PyPI queries
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=scratch)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, base, token, log_path)
        yield Lab(base, token, root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Missing: {CHROMIUM} (install Debian's chromium, or run make test-browser)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()
