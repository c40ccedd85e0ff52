"""The JupyterHub files are valid, and the students' image is in step with requirements.lock.

What needs a cluster or a Docker engine (helm install, repo2docker build) cannot run here;
docs/jupyterhub.md says what was and was not validated. `make class` runs the hub for real.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import stat
import sys
import types
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from traitlets import HasTraits
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY, BINDER = ROOT / "deploy", ROOT / "binder"
# what a student's image must not carry: tests, lint, the browser driver, the website builder
DEV_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "nbval", "pypdf", "ruff", "playwright",
             "coverage", "sphinx", "myst-nb", "sphinx-book-theme", "execnet", "iniconfig",
             "pluggy"}
CONDA_NAMES = {"matplotlib-base": "matplotlib"}  # conda-forge name -> the wheel's name
TARGET = {**default_environment(), "sys_platform": "linux", "platform_system": "Linux",
          "os_name": "posix", "python_version": "3.11", "python_full_version": "3.11.9",
          "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def _pins(lines: list[str]) -> dict[str, str]:
    """``name==version`` lines (markers evaluated for Linux, Python 3.11) as {name: version}."""
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(TARGET):
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"not an exact pin: {line}"
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def lock() -> dict[str, str]:
    return _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())


def hub_pins() -> dict[str, str]:
    return _pins((DEPLOY / "requirements-hub.txt").read_text(encoding="utf-8").splitlines())


def binder() -> tuple[dict[str, str], dict[str, str], list]:
    """binder/environment.yml as (conda pins, pip pins, raw dependencies)."""
    env = yaml.safe_load((BINDER / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip = _pins(item["pip"])
        elif "=" in item and not item.startswith("python="):
            name, version = item.split("=", 1)
            conda[canonicalize_name(CONDA_NAMES.get(name, name))] = version.lstrip("=")
    return conda, pip, env["dependencies"]


def runtime_closure() -> dict[str, str]:
    """The project's run-time packages (its dependencies and the handouts and lab extras),
    with everything they need, as installed here (the environment made from the lock)."""
    try:
        metadata.distribution("fluvoxamine-workshop-helpers")
    except metadata.PackageNotFoundError:
        pytest.skip("the project is not installed in this environment")
    seen: dict[str, str] = {}
    todo = [(Requirement("fluvoxamine-workshop-helpers"), {"handouts", "lab"})]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen and not extras:
            continue
        dist = metadata.distribution(requirement.name)
        seen[name] = dist.version
        for text in dist.requires or []:
            needed = Requirement(text)
            if needed.marker is None or any(needed.marker.evaluate({**TARGET, "extra": e})
                                             for e in (extras or {""})):
                todo.append((needed, set(needed.extras)))
    seen.pop("fluvoxamine-workshop-helpers")
    return seen


# --- the students' image (repo2docker reads binder/) ---

def test_binder_pins_every_runtime_package_at_the_locks_version():
    conda, pip, _ = binder()
    pinned = {**conda, **pip}
    assert not set(conda) & set(pip), "a package pinned both by conda and by pip"
    locked, hub = lock(), hub_pins()
    for name, version in pinned.items():
        expected = locked.get(name, hub.get(name))
        assert expected is not None, f"{name} is in neither requirements.lock nor requirements-hub"
        assert version == expected, f"{name}: binder has {version}, the lock {expected}"
    missing = sorted(set(runtime_closure()) - set(pinned))
    assert not missing, f"runtime packages not pinned in binder/environment.yml: {missing}"


def test_binder_has_no_development_tools_and_matplotlib_without_qt():
    conda, pip, dependencies = binder()
    assert not DEV_TOOLS & (set(conda) | set(pip))
    assert "matplotlib-base=" + conda["matplotlib"] in dependencies
    assert not any(str(d).startswith("matplotlib=") for d in dependencies)
    assert "python=3.11" in dependencies
    pip_lines = next(d["pip"] for d in dependencies if isinstance(d, dict))
    assert not any(line.startswith(("-e", ".")) for line in pip_lines), "install it in postBuild"


def test_hub_versions_match_between_image_and_hub():
    _, pip, _ = binder()
    hub = hub_pins()
    for name in ("jupyterhub", "nbgitpuller"):
        assert pip[name] == hub[name]
    assert {"jupyterhub", "nbgitpuller", "jupyterhub-idle-culler"} <= set(hub)


def test_postbuild_installs_the_project_not_editable():
    post = BINDER / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "repo2docker runs postBuild only if executable"
    text = post.read_text(encoding="utf-8")
    assert "pip install --no-deps" in text and " -e " not in text
    assert text.startswith("#!/bin/bash") and "set -euo pipefail" in text


# --- the one-server hub ---

@pytest.fixture()
def load_config(monkeypatch):
    """Load deploy/jupyterhub_config.py as JupyterHub does, with a stand-in jupyterhub.auth."""
    auth = types.ModuleType("jupyterhub.auth")
    auth.Authenticator = type("Authenticator", (HasTraits,), {})
    monkeypatch.setitem(sys.modules, "jupyterhub", types.ModuleType("jupyterhub"))
    monkeypatch.setitem(sys.modules, "jupyterhub.auth", auth)

    def load(tmp_path: Path, **env: str) -> tuple[Config, dict]:
        for key in [k for k in os.environ if k.startswith("FW_")]:
            monkeypatch.delenv(key)
        monkeypatch.setenv("FW_HUB_STATE", str(tmp_path))
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        config = Config()
        namespace = {"get_config": lambda: config, "__file__": str(DEPLOY / "jupyterhub_config.py")}
        source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
        exec(compile(source, "jupyterhub_config.py", "exec"), namespace)
        return config, namespace

    return load


def test_hub_config_listens_on_loopback_culls_and_runs_the_project_env(load_config, tmp_path):
    c, _ = load_config(tmp_path, FW_HUB_PORT="8123", FW_SINGLEUSER_PYTHON="/env/bin/python")
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.Spawner.cmd == ["/env/bin/python", "-m", "jupyterhub.singleuser"]
    assert "--KernelManager.transport=ipc" in c.Spawner.args
    assert "--LabApp.news_url=None" in c.Spawner.args
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")
    (culler,) = c.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert "admin:users" not in role["scopes"]


def test_hub_config_modes(load_config, tmp_path):
    c, _ = load_config(tmp_path, FW_HUB_AUTH="pam", FW_HUB_USERS="ana ben")
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.Authenticator.allowed_users == {"ana", "ben"}
    c, _ = load_config(tmp_path, FW_HUB_AUTH="shared-password", FW_HUB_PASSWORD="long enough")
    assert c.SharedPasswordAuthenticator.user_password == "long enough"
    with pytest.raises(ValueError, match="FW_HUB_AUTH"):
        load_config(tmp_path, FW_HUB_AUTH="nobody-checks")


def test_accounts_login_needs_the_students_own_password(load_config, tmp_path):
    from argon2 import PasswordHasher

    accounts = tmp_path / "accounts.json"
    hasher = PasswordHasher()
    accounts.write_text(json.dumps({"ana": hasher.hash("ana-secret"),
                                    "ben": hasher.hash("ben-secret")}), encoding="utf-8")
    _, namespace = load_config(tmp_path, FW_HUB_ACCOUNTS=str(accounts))
    login = namespace["AccountsAuthenticator"]()

    def attempt(name: str, password: str):
        return asyncio.run(login.authenticate(None, {"username": name, "password": password}))

    assert attempt("ana", "ana-secret") == "ana"
    assert attempt("ben", "ana-secret") is None  # one student's password is not another's
    assert attempt("carl", "ana-secret") is None
    assert login.check_allowed("ben") and not login.check_allowed("carl")


def test_z2jh_values_have_what_the_chart_needs():
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    assert set(values) <= {"hub", "singleuser", "cull", "scheduling", "prePuller", "proxy"}
    single = values["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"]
    assert single["cmd"] == "jupyterhub-singleuser"
    assert single["memory"]["limit"] and single["memory"]["guarantee"]
    assert single["networkPolicy"]["enabled"] is True
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"]


def test_lab_settings_turn_news_off_and_keep_other_overrides(tmp_path):
    spec = importlib.util.spec_from_file_location("lab_settings", DEPLOY / "lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True)
    target.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    module.apply(tmp_path)
    settings = json.loads(target.read_text())
    assert settings["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False}
    assert settings["@jupyterlab/apputils-extension:themes"]["theme"] == "JupyterLab Dark"


def test_deploy_modules_compile():
    for path in DEPLOY.glob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
