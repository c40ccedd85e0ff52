"""One simulated student on a JupyterHub, doing what the browser does.

Logs in through the hub's login form, asks the hub for an API token, starts their server,
pulls the lessons with nbgitpuller, opens a lesson and runs its code cells in their own
kernel through Jupyter Server's REST API and the kernel's websocket (the messages JupyterLab
sends). Used by deploy/classroom.py; needs requests and websocket-client (both in the lock).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import requests
import websocket

OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


class StudentError(RuntimeError):
    """A step a student could not complete; the message says which step and why."""


@dataclass
class Student:
    """A student account on the hub at ``base`` (``http://127.0.0.1:PORT``)."""

    base: str
    name: str
    password: str
    timeout_s: float = 600.0
    token: str = ""
    session: requests.Session = field(default_factory=requests.Session)

    # --- the hub ---
    def login(self, password: str | None = None) -> bool:
        """Log in through the form, as a browser does; True if the hub accepted it."""
        self.session.get(f"{self.base}/hub/login", timeout=60)
        form = {"username": self.name, "password": password or self.password,
                "_xsrf": self.session.cookies.get("_xsrf", "")}
        reply = self.session.post(f"{self.base}/hub/login", data=form, allow_redirects=False,
                                  timeout=120)
        return reply.status_code in (302, 303) and "/hub/login" not in reply.headers.get(
            "Location", "")

    def request_token(self) -> str:
        """An API token for this student, asked with the login cookie (what the token page does)."""
        reply = self.session.post(
            f"{self.base}/hub/api/users/{self.name}/tokens", timeout=120,
            json={"note": "class run", "expires_in": 7200},
            headers={"X-XSRFToken": self.session.cookies.get("_xsrf", "")})
        if reply.status_code != 201:
            raise StudentError(f"token: HTTP {reply.status_code} {reply.text[:200]}")
        self.token = reply.json()["token"]
        return self.token

    def api(self, method: str, path: str, *, token: str | None = None, **kwargs: Any
            ) -> requests.Response:
        """A request with this student's token (or ``token``) to ``base + path``."""
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.base}{path}", headers=headers,
                                allow_redirects=False, timeout=kwargs.pop("timeout", 120),
                                **kwargs)

    def start_server(self) -> None:
        """Start the student's server and wait until the hub says it is ready."""
        reply = self.api("POST", f"/hub/api/users/{self.name}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            raise StudentError(f"spawn: HTTP {reply.status_code} {reply.text[:200]}")
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            user = self.api("GET", f"/hub/api/users/{self.name}").json()
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server and not user.get("pending"):
                raise StudentError("spawn: the server stopped while starting (see the hub log)")
            time.sleep(0.5)
        raise StudentError(f"spawn: not ready after {self.timeout_s:.0f} s")

    def stop_server(self) -> None:
        """Stop the student's server (as *File > Hub Control Panel > Stop My Server*)."""
        self.api("DELETE", f"/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not self.api("GET", f"/hub/api/users/{self.name}").json().get("servers"):
                return
            time.sleep(0.5)

    # --- the student's own server ---
    def pull(self, repo: str, branch: str, target: str) -> None:
        """Pull the lessons through nbgitpuller's API, as its link's page does (edits kept)."""
        query = urlencode({"repo": repo, "branch": branch, "targetpath": target})
        with self.api("GET", f"/user/{self.name}/git-pull/api?{query}", stream=True,
                      timeout=self.timeout_s) as reply:
            if reply.status_code != 200:
                raise StudentError(f"nbgitpuller: HTTP {reply.status_code}")
            for line in reply.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("phase") == "finished":
                    return
                if event.get("phase") == "error":
                    raise StudentError(f"nbgitpuller: {event.get('message', '')[:300]}")
        raise StudentError("nbgitpuller: the stream ended before 'finished'")

    def notebook(self, path: str) -> dict[str, Any]:
        """The notebook at ``path`` (relative to the student's home), from the contents API."""
        reply = self.api("GET", f"/user/{self.name}/api/contents/{quote(path)}?content=1")
        if reply.status_code != 200:
            raise StudentError(f"open {path}: HTTP {reply.status_code}")
        return reply.json()["content"]

    def start_kernel(self, path: str) -> str:
        """A kernel for the notebook at ``path`` (its folder is the kernel's working folder)."""
        reply = self.api("POST", f"/user/{self.name}/api/sessions", json={
            "path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
            "kernel": {"name": "python3"}}, timeout=self.timeout_s)
        if reply.status_code != 201:
            raise StudentError(f"kernel: HTTP {reply.status_code} {reply.text[:200]}")
        return reply.json()["kernel"]["id"]

    def run_cells(self, kernel_id: str, sources: list[str], *, until_output: bool = False
                  ) -> dict[str, float]:
        """Run ``sources`` one after another, as *Run All* does; stop at the first error.

        With ``until_output``, stop after the first cell that shows something (a student
        reading down the lesson to its first table or chart).

        Returns
        -------
        dict
            ``first_output_s`` (from the first request to the first output), ``run_all_s``.

        Raises
        ------
        StudentError
            A cell raised (its number, counted from 1 among the code cells, and the error).
        """
        url = (f"{self.base.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/"
               f"{kernel_id}/channels?session_id={uuid.uuid4().hex}")
        ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"],
                                         timeout=self.timeout_s)
        started, first = time.monotonic(), None
        try:
            for number, source in enumerate(sources, 1):
                msg_id = uuid.uuid4().hex
                ws.send(json.dumps(_execute_request(msg_id, source)))
                replied = idle = False
                while not (replied and idle):
                    message = json.loads(ws.recv())
                    if message.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind = message["header"]["msg_type"]
                    if kind in OUTPUT_TYPES and first is None:
                        first = time.monotonic() - started
                    if kind == "error":
                        content = message["content"]
                        raise StudentError(f"code cell {number}: {content['ename']}: "
                                           f"{content['evalue'][:300]}")
                    replied = replied or kind == "execute_reply"
                    idle = idle or (kind == "status"
                                    and message["content"]["execution_state"] == "idle")
                if until_output and first is not None:
                    break
        finally:
            ws.close()
        return {"first_output_s": first if first is not None else float("nan"),
                "run_all_s": time.monotonic() - started}

    def delete_kernel(self, kernel_id: str) -> None:
        """Shut the kernel down."""
        self.api("DELETE", f"/user/{self.name}/api/kernels/{kernel_id}")


def _execute_request(msg_id: str, code: str) -> dict[str, Any]:
    return {
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "student",
                   "session": msg_id, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "buffers": [], "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }


def code_cells(notebook: dict[str, Any]) -> list[str]:
    """The sources of a notebook's code cells, in order."""
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "code"]
