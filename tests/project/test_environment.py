"""The environment files agree with each other, and the project stands alone.

``requirements.lock`` is universal (``uv pip compile --universal``): one pin per package and
platform, with an environment marker where a package is needed only on some platforms or
Python versions. ``environment.yml`` pins, in full, every package of the lock that applies to
its own platform (Linux, Python 3.11), under its conda-forge name.
"""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement

PROJECT = Path(__file__).resolve().parents[2]
SHARED = r"\.\./" + "shared|/work/" + "shared"  # split, so this file does not match itself

# The platform environment.yml describes: conda-forge's Python 3.11 on 64-bit Linux.
LINUX_311 = {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux",
             "platform_machine": "x86_64", "implementation_name": "cpython",
             "platform_python_implementation": "CPython", "python_version": "3.11",
             "python_full_version": "3.11.7"}
# PyPI name (normalised) -> conda-forge name, where the two differ.
CONDA_NAMES = {
    "matplotlib": "matplotlib-base",  # without Qt; what a notebook needs
    "jupyter-client": "jupyter_client", "jupyter-core": "jupyter_core",
    "jupyter-events": "jupyter_events", "jupyter-server": "jupyter_server",
    "jupyter-server-terminals": "jupyter_server_terminals",
    "jupyterlab-pygments": "jupyterlab_pygments", "jupyterlab-server": "jupyterlab_server",
    "prometheus-client": "prometheus_client", "stack-data": "stack_data",
    "pure-eval": "pure_eval", "typing-extensions": "typing_extensions",
    "lazy-loader": "lazy_loader",
}
# Installed by pip inside the conda environment: wheels that carry a binary (pandoc, typst,
# the browser driver), the font wheels, and packages conda-forge does not carry (or not
# under this name) at the locked version.
PIP_ONLY = {"pypandoc-binary", "typst", "manimgx-fonts", "manimgx-fonts-cjk", "playwright",
            "jupyter-builder", "lazy-importer", "roman-numerals", "annotated-doc"}
# Needed only on Windows or macOS: the universal lock must carry them (a Linux `pip freeze`
# would not).
ELSEWHERE = {"colorama": "win32", "appnope": "darwin", "pywinpty": "nt"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_lines() -> list[Requirement]:
    text = (PROJECT / "requirements.lock").read_text()
    return [Requirement(line) for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def applies_on_linux(requirement: Requirement) -> bool:
    return requirement.marker is None or requirement.marker.evaluate(LINUX_311)


def lock() -> dict[str, str]:
    """Every package the lock installs on Linux with Python 3.11, and its version."""
    pins: dict[str, str] = {}
    for requirement in filter(applies_on_linux, lock_lines()):
        name = normalise(requirement.name)
        assert name not in pins, f"{name} pinned twice for Linux/Python 3.11"
        (spec,) = requirement.specifier
        pins[name] = spec.version
    return pins


def environment() -> tuple[dict[str, str], dict[str, str], list[str]]:
    """environment.yml's conda pins, pip pins (name -> version) and channels."""
    data = yaml.safe_load((PROJECT / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: dict[str, str] = {}
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            for spec in entry["pip"]:
                if not spec.startswith("-e"):
                    name, version = spec.split("==")
                    pip[normalise(name)] = version
        else:
            name, _, version = entry.partition("=")
            conda[name] = version
    return conda, pip, data["channels"]


def test_lock_pins_every_package_exactly():
    lines = [line for line in (PROJECT / "requirements.lock").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) > 100
    for line in lines:
        requirement = Requirement(line)
        assert re.fullmatch(r"[a-z0-9-]+==[^=\s;]+( ; .+)?", line), line
        assert len(requirement.specifier) == 1
        assert next(iter(requirement.specifier)).operator == "==", line


def test_every_dependency_of_the_project_is_locked_and_satisfied():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(spec) for spec in project["dependencies"]]
    for extra in ("handouts", "lab", "test", "site"):
        wanted += [Requirement(spec) for spec in project["optional-dependencies"][extra]]
    pins = lock()
    for requirement in wanted:
        name = normalise(requirement.name)
        assert name in pins, f"{requirement} is not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject's {requirement}"


def test_lock_is_universal():
    """Windows and macOS packages are locked, with markers that leave them out on Linux."""
    by_name = {normalise(r.name): r for r in lock_lines()}
    for name, platform in ELSEWHERE.items():
        assert name in by_name, f"{name} (needed on {platform}) missing from the lock"
        marker = by_name[name].marker
        assert marker is not None and not applies_on_linux(by_name[name])
        windows = {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"}
        macos = {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"}
        assert marker.evaluate(LINUX_311 | (macos if platform == "darwin" else windows))


def test_every_marker_is_valid_and_linux_gets_one_version_each():
    for requirement in lock_lines():
        if requirement.marker is not None:
            Marker(str(requirement.marker))  # parses
    assert lock()  # raises on a package pinned twice for Linux/Python 3.11


def test_environment_yml_pins_the_whole_lock():
    """Every package the lock installs on Linux is in environment.yml, same version."""
    conda, pip, channels = environment()
    pins = lock()
    assert conda.pop("python") == "3.11"
    assert conda.pop("pip") == ""
    assert "matplotlib" not in conda and conda["matplotlib-base"] == pins["matplotlib"]
    expected_conda = {CONDA_NAMES.get(name, name): version for name, version in pins.items()
                      if name not in PIP_ONLY}
    expected_pip = {name: version for name, version in pins.items() if name in PIP_ONLY}
    assert conda == expected_conda
    assert pip == expected_pip
    assert channels[0] == "conda-forge"


def test_uv_version_is_pinned_in_one_place():
    makefile = (PROJECT / "Makefile").read_text()
    assert len(re.findall(r"^UV_VERSION \?= \d+\.\d+\.\d+$", makefile, re.MULTILINE)) == 1
    for path in [PROJECT / "Makefile", *PROJECT.glob("bench/*.py"), PROJECT / "README.md"]:
        assert not re.search(r"uv==\d", path.read_text()), path


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
