"""``make class STUDENTS=N``: a whole class on a real JupyterHub on 127.0.0.1, measured.

Installs the hub's tools into build/class/ (JupyterHub, nbgitpuller, jupyterhub-idle-culler
from deploy/requirements-hub.txt; configurable-http-proxy from npm), starts JupyterHub with
deploy/jupyterhub_config.py on random loopback ports, gives every student a password of their
own, then:

1. one student alone logs in, pulls the lessons, runs the lesson down to its first output,
   then Restart and Run All: the baseline;
2. all N log in at the same moment, start their servers, pull the lessons (nbgitpuller, from
   this git repository), open the lesson and run it down to its first output (login to
   first output);
3. all N press *Restart Kernel and Run All* at the same moment (each in a fresh kernel);
4. security checks: one student's token and password against another's server and files;
   one student exports the lesson as a handout PDF from their own server.

Writes build/class.json and prints a table. Every process it started is stopped at the end,
also on Ctrl-C or SIGTERM; the ports it used are checked to be closed.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import hub_checks
from hub_processes import ProcessTracker
from student import Student, StudentError, code_cells

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLASS_DIR = ROOT / "build" / "class"
CHP_VERSION = "5.3.0"


def install_tools(python: str = sys.executable) -> tuple[Path, Path]:
    """The hub's venv (seeing the project's environment) and configurable-http-proxy.

    Reinstalled only when deploy/requirements-hub.txt or the CHP version changes.

    Returns
    -------
    tuple of Path
        The venv's folder and the ``configurable-http-proxy`` executable.
    """
    venv, node = CLASS_DIR / "venv", CLASS_DIR / "node"
    chp = node / "node_modules" / ".bin" / "configurable-http-proxy"
    wanted = (HERE / "requirements-hub.txt").read_text(encoding="utf-8") + CHP_VERSION + python
    stamp = CLASS_DIR / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted and chp.exists():
        return venv, chp
    print("Installing the hub's tools into build/class/ (once)", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    project_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    site = next((venv / "lib").glob("python3*/site-packages"))
    # the project's environment behind the hub's own packages (its .pth files processed too)
    (site / "zz-project-environment.pth").write_text(
        f"import site; site.addsitedir({project_site!r})\n", encoding="utf-8")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "-r", str(HERE / "requirements-hub.txt")],
                   check=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                    str(node), f"configurable-http-proxy@{CHP_VERSION}"], check=True)
    stamp.write_text(wanted, encoding="utf-8")
    return venv, chp


def stop_previous(pid_file: Path) -> None:
    """Stop a hub left by a run that was killed outright (``kill -9`` skips all clean-up)."""
    import psutil

    try:
        hub = psutil.Process(int(pid_file.read_text(encoding="utf-8")))
        if str(HERE / "jupyterhub_config.py") in hub.cmdline():
            print(f"Stopping the hub a killed run left behind (pid {hub.pid})", flush=True)
            hub.terminate()  # JupyterHub stops its proxy and servers on SIGTERM
            hub.wait(60)
    except (OSError, ValueError, psutil.Error):
        pass


def free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on 127.0.0.1."""
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def make_accounts(names: list[str], path: Path) -> dict[str, str]:
    """Random passwords for ``names``; their argon2 hashes written to ``path`` (mode 600)."""
    import secrets

    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=1, memory_cost=8192)  # many logins at once on 2 cores
    passwords = {name: secrets.token_urlsafe(12) for name in names}
    path.write_text(json.dumps({n: hasher.hash(p) for n, p in passwords.items()}),
                    encoding="utf-8")
    path.chmod(0o600)
    return passwords


class Hub:
    """A JupyterHub process group started from deploy/jupyterhub_config.py, and its children."""

    def __init__(self, venv: Path, chp: Path, state: Path, runtime: Path, python: str) -> None:
        self.ports = dict(zip(("hub", "hub_api", "proxy_api"), free_ports(3), strict=True))
        self.base = f"http://127.0.0.1:{self.ports['hub']}"
        self.state = state
        env = {**os.environ,
               "FW_HUB_STATE": str(state), "FW_HUB_HOMES": str(state / "homes"),
               "FW_HUB_PORT": str(self.ports["hub"]), "FW_HUB_API_PORT": str(self.ports["hub_api"]),
               "FW_PROXY_API_PORT": str(self.ports["proxy_api"]), "FW_CHP": str(chp),
               "FW_HUB_AUTH": "accounts", "FW_HUB_RUNTIME": str(runtime),
               "FW_SINGLEUSER_PYTHON": python,
               "FW_SINGLEUSER_PYTHONPATH": str(next((venv / "lib").glob("python3*/site-packages"))),
               "FW_SINGLEUSER_JUPYTER_CONFIG_PATH": str(venv / "etc" / "jupyter"),
               "CONFIGPROXY_AUTH_TOKEN": os.urandom(16).hex()}
        self.log = (state / "jupyterhub.log").open("w")
        self.process = subprocess.Popen(
            [str(venv / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=state, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.tracker = ProcessTracker(self.process.pid)

    def wait_ready(self, timeout_s: float = 120) -> None:
        """Wait until the hub answers through the proxy."""
        import requests

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.process.returncode}); "
                                   f"see {self.state / 'jupyterhub.log'}")
            try:
                if requests.get(f"{self.base}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterHub did not answer within {timeout_s:.0f} s")

    def stop(self) -> dict[str, object]:
        """Stop the hub (which stops the servers), then anything of ours still running."""
        self.tracker.scan()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        leftover = self.tracker.kill_all()
        self.log.close()
        time.sleep(0.5)
        return {"processes_left_after_hub_stopped": leftover,
                "ports_still_listening": hub_checks.listening(self.tracker.ports_seen)}


def student_day(student: Student, repo: str, branch: str, lesson: str,
                start: threading.Barrier | None) -> dict[str, object]:
    """Log in, start, pull, open the lesson, run it down to its first output; seconds."""
    if start is not None:
        start.wait()
    t0 = time.monotonic()
    if not student.login():
        raise StudentError("login refused")
    student.request_token()
    login_s = time.monotonic() - t0
    student.start_server()
    spawn_s = time.monotonic() - t0
    student.pull(repo, branch, "lessons")
    pulled_s = time.monotonic() - t0
    path = f"lessons/notebooks/{lesson}"
    cells = code_cells(student.notebook(path))
    kernel = student.start_kernel(path)
    first = student.run_cells(kernel, cells, until_output=True)
    return {"login_s": login_s, "server_ready_s": spawn_s, "lessons_pulled_s": pulled_s,
            "login_to_first_output_s": time.monotonic() - t0 - first["run_all_s"]
            + first["first_output_s"], "kernel": kernel, "cells": cells, "path": path}


def run_all(student: Student, day: dict[str, object], start: threading.Barrier | None
            ) -> dict[str, object]:
    """*Restart Kernel and Run All*: a fresh kernel, every code cell in order."""
    student.delete_kernel(day["kernel"])
    if start is not None:
        start.wait()
    t0 = time.monotonic()
    kernel = student.start_kernel(day["path"])
    kernel_s = time.monotonic() - t0
    timing = student.run_cells(kernel, day["cells"])
    day["kernel"] = kernel
    return {"kernel_start_s": kernel_s, "run_all_s": timing["run_all_s"],
            "restart_and_run_all_s": time.monotonic() - t0}


def in_parallel(job, students: list[Student]) -> dict[str, dict[str, object]]:
    """Run ``job(student)`` in one thread per student; a failure is kept with its cause."""
    results: dict[str, dict[str, object]] = {}

    def work(student: Student) -> None:
        try:
            results[student.name] = job(student)
        except Exception as exc:  # every cause is reported, none hidden
            results[student.name] = {"error": f"{type(exc).__name__}: {exc}"[:400]}

    threads = [threading.Thread(target=work, args=(s,), daemon=True) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summary(values: list[float]) -> dict[str, float | None]:
    """Median and 95th percentile (nearest rank), in seconds."""
    if not values:
        return {"median": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}


def main(argv: list[str] | None = None) -> int:
    """Run the class; the exit status is 1 if any student failed or a check did not hold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--lesson", default="02_ssri_affinities.ipynb")
    parser.add_argument("--python", default=sys.executable,
                        help="the project's environment, which runs each student's server")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "class.json")
    args = parser.parse_args(argv)
    args.python = os.path.abspath(args.python)  # servers start in each student's home
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if ignored above us

    venv, chp = install_tools(args.python)
    subprocess.run([args.python, str(HERE / "lab_settings.py")], check=True)  # no news pop-ups
    state = CLASS_DIR / "run"
    stop_previous(state / "jupyterhub.pid")
    shutil.rmtree(state, ignore_errors=True)
    (state / "homes").mkdir(parents=True)
    runtime = Path(tempfile.mkdtemp(prefix="fwc-"))  # short: kernels' Unix sockets live here
    names = [f"student-{i:02d}" for i in range(1, args.students + 1)]
    passwords = make_accounts(["alone", *names], state / "accounts.json")
    repo, branch = f"file://{ROOT}", subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"],
        check=True, capture_output=True, text=True).stdout.strip()

    hub = Hub(venv, chp, state, runtime, args.python)
    stopped: dict[str, object] = {}

    def stop() -> None:
        if not stopped:
            stopped.update(hub.stop())
            shutil.rmtree(runtime, ignore_errors=True)

    atexit.register(stop)
    report: dict[str, object] = {"students": args.students, "lesson": args.lesson,
                                 "machine": hub_checks.machine()}
    try:
        hub.tracker.start()
        hub.wait_ready()
        print(f"JupyterHub at {hub.base} (loopback only); {args.students} students", flush=True)
        alone = Student(hub.base, "alone", passwords["alone"])
        day = student_day(alone, repo, branch, args.lesson, None)
        report["alone"] = {**{k: round(v, 2) for k, v in day.items() if k.endswith("_s")},
                           **run_all(alone, day, None)}
        alone.stop_server()

        students = [Student(hub.base, n, passwords[n]) for n in names]
        gate = threading.Barrier(len(students))
        days = in_parallel(lambda s: student_day(s, repo, branch, args.lesson, gate), students)
        live = [s for s in students if "error" not in days[s.name]]
        hub.tracker.reset_peaks()
        gate = threading.Barrier(len(live)) if live else None
        runs = in_parallel(lambda s: run_all(s, days[s.name], gate), live)
        report["memory"] = hub.tracker.memory(names)
        report["load_during_run"] = hub.tracker.load()
        report["security"] = hub_checks.security(hub, students, passwords)
        if live:
            first = live[0]
            report["handout_export"] = hub_checks.handout_export(first, days[first.name]["path"])
        report.update(hub_checks.results(args.students, days, runs, report["alone"], summary))
    except BaseException as exc:
        report["interrupted"] = f"{type(exc).__name__}: {exc}"[:300]
        raise
    finally:
        stop()
        report["cleanup"] = stopped
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    hub_checks.print_table(report)
    print(f"Written: {args.out}")
    return 0 if hub_checks.passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
