"""Write binder/environment.yml from requirements.lock: ``python deploy/binder_env.py``.

Run with the project's environment (made from the lock) after the lock changes;
tests/project/test_deploy.py fails, naming each package, until the two agree. Pins the project's
run-time packages (its dependencies and the handouts and lab extras, with everything they
need) at the lock's versions, matplotlib and what it needs from conda-forge (matplotlib-base:
no Qt), the rest with pip, and jupyterhub and nbgitpuller at deploy/requirements-hub.txt's
versions.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

HERE = Path(__file__).resolve().parent
PROJECT = "fluvoxamine-workshop-helpers"
EXTRAS = {"handouts", "lab"}
CONDA = ["matplotlib", "contourpy", "cycler", "fonttools", "kiwisolver", "numpy", "packaging",
         "pillow", "pyparsing", "python-dateutil", "six"]
HUB_ONLY = {"jupyterhub-idle-culler"}  # the hub's service, not needed in a student's image
HEADER = """\
# The students' runtime environment: what repo2docker (Binder, Zero to JupyterHub) builds
# the single-user image from. Every package at requirements.lock's exact version (Linux,
# Python 3.11), so a student's outputs match the stored ones; no test, lint, browser or
# website tools. matplotlib-base is conda-forge's matplotlib without Qt. The project itself is
# installed by postBuild (not here: an `-e .` line would rebuild this layer on every edit).
# Written by deploy/binder_env.py; tests/project/test_deploy.py keeps it in step with
# requirements.lock and deploy/requirements-hub.txt (jupyterhub, nbgitpuller: the hub's).
name: fluvoxamine-workshop-runtime
channels:
  - conda-forge
  - nodefaults
dependencies:
  - python=3.11
  - pip
"""


def runtime() -> dict[str, tuple[str, str]]:
    """{canonical name: (name as distributed, version)} of the project's run-time closure."""
    seen: dict[str, tuple[str, str]] = {}
    todo = [(PROJECT, EXTRAS)]
    while todo:
        name, extras = todo.pop()
        dist = metadata.distribution(name)
        key = canonicalize_name(name)
        if key in seen and not extras:
            continue
        seen[key] = (dist.metadata["Name"], dist.version)
        for text in dist.requires or []:
            needed = Requirement(text)
            if needed.marker is None or any(needed.marker.evaluate({"extra": e})
                                             for e in (extras or {""})):
                todo.append((needed.name, set(needed.extras)))
    seen.pop(canonicalize_name(PROJECT))
    return seen


def hub() -> dict[str, str]:
    """deploy/requirements-hub.txt's pins that a student's image needs."""
    pins = {}
    for line in (HERE / "requirements-hub.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return {k: v for k, v in pins.items() if k not in HUB_ONLY}


def render() -> str:
    """The file's text."""
    packages = runtime()
    extra = {k: v for k, v in hub().items() if k not in packages}
    lines = [HEADER]
    for name in CONDA:
        conda = "matplotlib-base" if name == "matplotlib" else name
        lines.append(f"  - {conda}={packages[name][1]}\n")
    lines.append("  - pip:\n      # the rest of the lock's runtime packages"
                 " (the wheels the lessons were run with)\n")
    lines += [f"      - {k}=={packages[k][1]}\n"
              for k in sorted(packages) if k not in CONDA]
    lines.append("      # what a JupyterHub needs in the image"
                 " (same versions as deploy/requirements-hub.txt)\n")
    lines += [f"      - {k}=={v}\n" for k, v in sorted(extra.items())]
    return "".join(lines)


if __name__ == "__main__":
    target = HERE.parent / "binder" / "environment.yml"
    target.write_text(render(), encoding="utf-8")
    print(f"Written: {target}")
