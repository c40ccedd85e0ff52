"""The library as a hub or a container image installs it: ``pip install .``, read-only.

A JupyterHub image installs the project non-editable (``pip install --no-deps .`` in
binder/postBuild) and shares one read-only copy between students. Then the lessons' library
must find its shipped data inside the package, never write to it, and put its caches in each
user's own folder (platformdirs' user_cache_dir, here $XDG_CACHE_HOME). Each case runs in a
fresh interpreter, as a kernel does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "helpers", "publish", "data"]

PROBE = """
import json, sys
import helpers
from helpers import project, validated
frame = helpers.load("sigma_affinity")
print(json.dumps({"helpers": helpers.__file__, "data": str(project.DATA_DIR),
                  "build": str(project.BUILD_DIR), "cache": str(validated.CACHE_DIR),
                  "project": str(project.PROJECT_DIR), "rows": len(frame),
                  "drugs": sorted(frame["drug"].astype(str))}))
"""


def _copy_sources(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    dest.mkdir(parents=True)
    for name in (*SOURCES, *extra):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def _run(code: str, *, cwd: Path, pythonpath: Path, cache: Path,
         read_only: Path | None = None) -> dict:
    """Run ``code`` in a fresh interpreter of this environment, ``pythonpath`` first on the path.

    With ``read_only``, that folder is mounted read-only for the run (root ignores file modes,
    so as root a private mount namespace with a read-only bind mount is used).
    """
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "XDG_CACHE_HOME": str(cache),
           "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-c", code]
    if read_only is not None and os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: cannot make a read-only folder")
        command = ["unshare", "--mount", "sh", "-c",
                   'mount --bind -o ro "$0" "$0" && exec "$@"', str(read_only), *command]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    if result.returncode != 0 and "mount:" in result.stderr:
        pytest.skip(f"no read-only bind mount here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed as a hub installs it: ``pip install --no-deps`` (not editable)."""
    base = tmp_path_factory.mktemp("install")
    source = _copy_sources(base / "source")
    target = base / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-compile", "--no-build-isolation",  # offline: setuptools is locked
         "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(source)  # nothing may lean on the source folder any more
    return target


def test_non_editable_install_ships_the_data_and_writes_only_the_users_cache(installed, tmp_path):
    shipped = installed / "helpers" / "_shipped"
    assert (shipped / "datapackage.json").is_file()
    assert {p.name for p in shipped.glob("*.csv")} == {p.name for p in (ROOT / "data").glob("*.csv")}
    before = _snapshot(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "cache"

    seen = _run(PROBE, cwd=elsewhere, pythonpath=installed, cache=cache)

    assert Path(seen["helpers"]).is_relative_to(installed)  # not the editable checkout
    assert Path(seen["data"]) == shipped
    assert seen["rows"] > 0 and "fluvoxamine" in " ".join(seen["drugs"]).lower()
    # no checkout here: generated files go to the user's own cache folder
    assert Path(seen["build"]) == cache / "fluvoxamine-workshop" / "build"
    assert any(Path(seen["cache"]).iterdir()), "the validation cache was not filled"
    assert _snapshot(installed) == before, "the installed package (and its data) was written"


def test_installed_package_finds_a_students_copy_of_the_lessons(installed, tmp_path):
    """On a hub: the package in the image, the lessons pulled into the student's home."""
    home = tmp_path / "home" / "lessons"
    (home / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / "_toc.yml", home / "notebooks")
    for notebook in (ROOT / "notebooks").glob("0*.ipynb"):
        shutil.copy2(notebook, home / "notebooks")
    code = PROBE.replace("print(", "toc = helpers.contents()\nprint(", 1)

    seen = _run(code, cwd=home / "notebooks", pythonpath=installed, cache=tmp_path / "cache")

    assert Path(seen["project"]) == home  # the start page's map reads the student's notebooks
    assert Path(seen["build"]) == home / "build"  # a writable copy builds in place, as a clone
    assert Path(seen["data"]) == installed / "helpers" / "_shipped"


def test_read_only_checkout_puts_caches_in_the_users_folder(tmp_path):
    """A shared image holding the repository read-only: nothing is written inside it."""
    checkout = _copy_sources(tmp_path / "repo", extra=("notebooks",))
    for path in [checkout, *checkout.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    before = _snapshot(checkout)
    cache = tmp_path / "cache"
    try:
        seen = _run(PROBE, cwd=checkout / "notebooks", pythonpath=checkout, cache=cache,
                    read_only=checkout)
        assert Path(seen["helpers"]).is_relative_to(checkout)
        assert Path(seen["data"]) == checkout / "data"
        assert Path(seen["project"]) == checkout
        assert Path(seen["build"]) == cache / "fluvoxamine-workshop" / "build"
        assert any(Path(seen["cache"]).iterdir()), "the validation cache was not filled"
        assert _snapshot(checkout) == before, "something was written inside the read-only copy"
    finally:
        for path in [checkout, *checkout.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


def test_every_package_folder_is_in_the_distribution():
    """pyproject lists the packages by hand (data/ is mapped to helpers._shipped): none missed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    found = {str(p.parent.relative_to(ROOT)).replace(os.sep, ".")
             for top in ("helpers", "publish") for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["setuptools"]["package-dir"]["helpers._shipped"] == "data"
