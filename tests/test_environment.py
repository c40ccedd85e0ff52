"""The environment files agree with each other, and the project stands alone."""

import re
import tomllib
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SHARED = r"\.\./" + "shared|/work/" + "shared"  # split, so this file does not match itself


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (PROJECT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[normalise(name)] = version
    return pins


def test_lock_pins_every_package_exactly():
    for line in (PROJECT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", line), line


def test_every_dependency_of_the_project_is_locked():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    pins = lock()
    missing = [w for w in wanted if normalise(re.split(r"[<>=!~\[ ;]", w)[0]) not in pins]
    assert not missing


def test_environment_yml_pins_equal_the_lock():
    environment = yaml.safe_load((PROJECT / "environment.yml").read_text())
    pins = lock()
    conda, pip = [], []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip += entry["pip"]
        else:
            conda.append(entry)
    checked = 0
    for spec in conda:
        name, _, version = spec.partition("=")
        if name in ("python", "pip"):
            continue
        assert pins[normalise(name)] == version, f"environment.yml {spec} vs lock {pins.get(normalise(name))}"
        checked += 1
    for spec in pip:
        if spec.startswith("-e"):
            continue
        name, version = spec.split("==")
        assert pins[normalise(name)] == version, spec
        checked += 1
    assert checked >= 15
    assert "conda-forge" in environment["channels"]


def test_nothing_in_the_project_reads_the_shared_folder():
    suspects = []
    for path in PROJECT.rglob("*"):
        if any(part in {".venv", "build", ".git", "__pycache__", ".pytest_cache"}
               for part in path.relative_to(PROJECT).parts):
            continue
        if (path.is_file() and path.suffix in {".py", ".ipynb", ".json", ".toml", ".yml", ".cfg", ".typ", ".lua"}) \
                or path.name in {"Makefile", "run"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if re.search(SHARED, text):
                suspects.append(str(path.relative_to(PROJECT)))
    assert not suspects
