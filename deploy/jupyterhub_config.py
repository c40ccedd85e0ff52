"""JupyterHub on one server for a class: the lessons in every student's own home.

Run with ``jupyterhub -f deploy/jupyterhub_config.py``. Every setting has a default for a
workshop and can be changed by an environment variable (``FW_HUB_*``), which is how
``make class`` (deploy/classroom.py) runs it on 127.0.0.1 with random ports. docs/jupyterhub.md
says what each one does; The Littlest JupyterHub is the packaged form of the same setup.

Logins (``FW_HUB_AUTH``):

``accounts`` (default)
    One password per student, from a JSON file ``{"name": "<argon2 hash>"}`` (mode 600,
    ``FW_HUB_ACCOUNTS``). Nobody can log in as anyone else.
``shared-password``
    JupyterHub's SharedPasswordAuthenticator: one password (``FW_HUB_PASSWORD``) for a
    workshop; note that anyone who has it can log in under any name, another student's too.
``pam``
    The server's own Linux users, each server running as that user (LocalProcessSpawner).

Servers: each student's Jupyter server runs the project's environment (``FW_SINGLEUSER_PYTHON``,
default this Python), on 127.0.0.1, with kernels talking over Unix sockets (no kernel TCP
ports), in the student's home (``FW_HUB_HOMES/<name>`` without system users), and is stopped by
jupyterhub-idle-culler after ``FW_HUB_IDLE_SECONDS`` (default one hour) without activity.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("FW_HUB_STATE", HERE.parent / "build" / "hub"))
IP = os.environ.get("FW_HUB_IP", "127.0.0.1")
AUTH = os.environ.get("FW_HUB_AUTH", "accounts")
PYTHON = os.environ.get("FW_SINGLEUSER_PYTHON", sys.executable)


class AccountsAuthenticator(Authenticator):
    """One password per student, checked against argon2 hashes in a JSON file."""

    accounts_file = Unicode(os.environ.get("FW_HUB_ACCOUNTS", str(STATE / "accounts.json")),
                            help="JSON file {name: argon2 hash of the password}").tag(config=True)

    def _accounts(self) -> dict[str, str]:
        return json.loads(Path(self.accounts_file).read_text(encoding="utf-8"))

    async def authenticate(self, handler, data):  # noqa: D102 (JupyterHub's interface)
        from argon2 import PasswordHasher
        from argon2.exceptions import Argon2Error

        stored = self._accounts().get(data.get("username", ""))
        if stored is None:
            return None
        try:
            PasswordHasher().verify(stored, data.get("password", ""))
        except Argon2Error:
            return None
        return data["username"]

    def check_allowed(self, username, authentication=None):  # noqa: D102
        return username in self._accounts()


STATE.mkdir(parents=True, exist_ok=True)

# --- where the hub listens: loopback unless told otherwise (TLS belongs to a proxy in front) ---
c.JupyterHub.bind_url = f"http://{IP}:{os.environ.get('FW_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("FW_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('FW_PROXY_API_PORT', '8001')}"
if "FW_CHP" in os.environ:
    c.ConfigurableHTTPProxy.command = [os.environ["FW_CHP"]]
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.JupyterHub.concurrent_spawn_limit = int(os.environ.get("FW_HUB_SPAWN_LIMIT", "100"))

# --- logins ---
if AUTH == "accounts":
    c.JupyterHub.authenticator_class = AccountsAuthenticator
elif AUTH == "shared-password":
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["FW_HUB_PASSWORD"]
    c.Authenticator.allow_all = True
elif AUTH == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allowed_users = set(os.environ.get("FW_HUB_USERS", "").split())
else:
    raise ValueError(f"FW_HUB_AUTH={AUTH!r}: expected accounts, shared-password or pam")

# --- each student's server: the project's environment, in the student's own home ---
if AUTH == "pam":
    c.JupyterHub.spawner_class = "localprocess"  # runs as the student's Linux user
else:
    c.JupyterHub.spawner_class = "simple"  # no system users: one folder per student
    c.SimpleLocalProcessSpawner.home_dir_template = str(
        Path(os.environ.get("FW_HUB_HOMES", STATE / "homes")) / "{username}")
c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = os.environ.get("FW_HUB_DEFAULT_URL", "/lab")
c.Spawner.start_timeout = 180  # a class logging in at once shares the cores
c.Spawner.http_timeout = 180
c.Spawner.args = [
    "--KernelManager.transport=ipc",  # kernels on Unix sockets in the student's runtime folder
    "--LabApp.news_url=None",  # no news feed and no update check (see deploy/lab_settings.py)
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--ServerApp.terminals_enabled=False",
    "--LabApp.extension_manager=readonly",
]
if AUTH != "pam" and os.geteuid() == 0:  # a throw-away test machine or container run as root
    c.Spawner.args.append("--ServerApp.allow_root=True")
environment: dict[str, object] = {}
if os.environ.get("FW_HUB_RUNTIME"):  # short socket paths (a Unix socket's path <= 107 bytes)
    environment["JUPYTER_RUNTIME_DIR"] = (
        lambda spawner: f"{os.environ['FW_HUB_RUNTIME']}/{spawner.user.name}")
for name in ("PYTHONPATH", "JUPYTER_CONFIG_PATH"):  # extra tools beside the environment
    if os.environ.get(f"FW_SINGLEUSER_{name}"):
        environment[name] = os.environ[f"FW_SINGLEUSER_{name}"]
c.Spawner.environment = environment

# --- idle servers stopped by jupyterhub-idle-culler (a hub-managed service) ---
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={os.environ.get('FW_HUB_IDLE_SECONDS', '3600')}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
