"""Setup compiles the bytecode of what the project imports (deploy/bytecode.py), and only that.

Where ``PYTHONDONTWRITEBYTECODE`` is set, ``make env`` compiles the installed files named in
``deploy/bytecode-modules.txt`` instead of all of them; these tests check that the list is in
step with the installed lock and that compiling writes exactly the listed files' bytecode.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("bytecode", ROOT / "deploy" / "bytecode.py")
bytecode = importlib.util.module_from_spec(SPEC)
sys.modules["bytecode"] = bytecode  # its worker processes find their function by module name
SPEC.loader.exec_module(bytecode)

# What every kernel of a lesson and every build process imports before it does anything.
KERNEL_AND_LIBRARY = """
import importlib, pkgutil
import helpers
for found in pkgutil.walk_packages(helpers.__path__, "helpers."):
    importlib.import_module(found.name)
import ipykernel.kernelapp, ipykernel.ipkernel, matplotlib.pyplot, matplotlib_inline.backend_inline
import publish.handouts, publish.execute
"""


def test_the_list_is_sorted_and_names_installed_sources():
    listed = bytecode.read_list()
    assert listed == sorted(set(listed)), "deploy/bytecode-modules.txt: sort it, no repeats"
    assert all(name.endswith(".py") and not name.startswith("/") for name in listed)
    missing = [name for name in listed
               if not bytecode.installed_sources([name], bytecode.site_packages())]
    assert not missing, (f"{len(missing)} listed files are not installed (first: {missing[:3]}); "
                         "after changing requirements.lock run `make bytecode-list`")


def test_the_list_holds_every_installed_file_a_kernel_and_the_library_import(tmp_path):
    """Recorded as ``record`` does: each import writes its bytecode under a fresh prefix."""
    prefix = tmp_path / "pycache"
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", KERNEL_AND_LIBRARY], cwd=ROOT, env=env, check=True)
    imported = bytecode.recorded_sources(prefix, bytecode.site_packages())
    assert len(imported) > 500, "the recording found too few imports to be a real one"
    unlisted = sorted(set(imported) - set(bytecode.read_list()))
    assert not unlisted, (f"{len(unlisted)} imported files are not in deploy/bytecode-modules.txt "
                          f"(first: {unlisted[:3]}); run `make bytecode-list`")


def test_recorded_sources_map_the_prefix_back_to_files_under_the_roots(tmp_path):
    root = tmp_path / "site-packages"
    tag = sys.implementation.cache_tag
    mirrored = tmp_path / "prefix" / root.relative_to("/") / "pkg"
    mirrored.mkdir(parents=True)
    (mirrored / f"mod.{tag}.pyc").write_bytes(b"")
    (mirrored / f"__init__.{tag}.pyc").write_bytes(b"")
    elsewhere = tmp_path / "prefix" / "usr" / "lib"
    elsewhere.mkdir(parents=True)
    (elsewhere / f"os.{tag}.pyc").write_bytes(b"")
    assert bytecode.recorded_sources(tmp_path / "prefix", [root]) == ["pkg/__init__.py",
                                                                      "pkg/mod.py"]


def test_a_file_imported_through_a_symlink_is_found_under_the_real_root(tmp_path):
    """site_packages() resolves its folders; a run may import through a link (macOS /tmp)."""
    real = tmp_path / "real" / "site-packages"
    (real / "pkg").mkdir(parents=True)
    (real / "pkg" / "mod.py").write_text("", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    seen = tmp_path / "link" / "site-packages" / "pkg"
    mirrored = tmp_path / "prefix" / seen.relative_to("/")
    mirrored.mkdir(parents=True)
    (mirrored / f"mod.{sys.implementation.cache_tag}.pyc").write_bytes(b"")
    assert bytecode.recorded_sources(tmp_path / "prefix", [real.resolve()]) == ["pkg/mod.py"]


def test_compiling_writes_the_bytecode_of_listed_files_only(tmp_path):
    root = tmp_path / "site-packages"
    (root / "pkg").mkdir(parents=True)
    for name in ("listed.py", "unlisted.py"):
        (root / "pkg" / name).write_text("VALUE = 1\n", encoding="utf-8")
    (root / "pkg" / "broken.py").write_text("def (:\n", encoding="utf-8")
    sources = bytecode.installed_sources(["pkg/listed.py", "pkg/broken.py", "pkg/gone.py"],
                                         [tmp_path / "elsewhere", root])
    assert sources == [root / "pkg" / "listed.py", root / "pkg" / "broken.py"]
    assert bytecode.compile_sources(sources, workers=2) == 1  # the syntax error
    assert Path(importlib.util.cache_from_source(str(root / "pkg" / "listed.py"))).is_file()
    assert not Path(importlib.util.cache_from_source(str(root / "pkg" / "unlisted.py"))).exists()
