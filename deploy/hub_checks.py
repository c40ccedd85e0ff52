"""What a class run checks and reports: security, the machine, the results table.

Security is tried, not assumed: one student's token and password are used against another
student's server, files and kernels, through the hub and the proxy, and every listening socket
of every process the hub started is looked at (loopback only; kernels on Unix sockets, so no
kernel TCP ports at all).
"""

from __future__ import annotations

import os
from typing import Any

import psutil

LOOPBACK = {"127.0.0.1", "::1"}
_LEFT = "processes_left_after_hub_stopped"


def machine() -> dict[str, Any]:
    """Cores, memory and load when the run starts (other work shares this machine)."""
    memory = psutil.virtual_memory()
    return {"cores": os.cpu_count(), "memory_gib": round(memory.total / 2**30, 1),
            "memory_available_gib": round(memory.available / 2**30, 1),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}


def listening(ports: set[int]) -> list[str]:
    """Which of ``ports`` still has a listening socket (on any address)."""
    return sorted({f"{c.laddr.ip}:{c.laddr.port}" for c in psutil.net_connections(kind="inet")
                   if c.status == psutil.CONN_LISTEN and c.laddr.port in ports})


def _sockets(hub: Any) -> list[dict[str, Any]]:
    rows = []
    for process in hub.tracker.scan():
        try:
            role = _role(process.cmdline())
            rows += [{"role": role, "pid": process.pid, "address": c.laddr.ip,
                      "port": c.laddr.port}
                     for c in process.net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN]
        except psutil.Error:
            continue
    return rows


def _role(cmdline: list[str]) -> str:
    text = " ".join(cmdline)
    for needle, role in (("ipykernel", "kernel"), ("jupyterhub.singleuser", "student server"),
                         ("configurable-http-proxy", "proxy"), ("idle_culler", "culler"),
                         ("jupyterhub", "hub")):
        if needle in text:
            return role
    return text[:60]


def security(hub: Any, students: list[Any], passwords: dict[str, str]) -> list[dict[str, Any]]:
    """Student A against student B; every check says what was expected and what came back."""
    from student import Student

    checks: list[dict[str, Any]] = []

    def check(name: str, got: Any, ok: bool) -> None:
        checks.append({"check": name, "got": got, "ok": bool(ok)})

    sockets = _sockets(hub)
    check("every listening socket of the hub's processes is on loopback",
          sorted({f"{s['role']} {s['address']}" for s in sockets}),
          sockets and all(s["address"] in LOOPBACK for s in sockets))
    kernels = [s for s in sockets if s["role"] == "kernel"]
    per_kernel = {s["pid"]: sum(k["pid"] == s["pid"] for k in kernels) for s in kernels}
    check("kernels' message channels are Unix sockets: no kernel has more than one TCP "
          "listener (ipykernel's IOPub pipe for forked subprocesses, on loopback, keyed)",
          {"kernels_with_tcp_listeners": len(per_kernel),
           "most_per_kernel": max(per_kernel.values(), default=0)},
          all(n <= 1 for n in per_kernel.values()))
    with_token = [s for s in students if s.token]
    if len(with_token) < 2:
        check("two logged-in students to try one against the other", len(with_token), False)
        return checks
    a, b = with_token[0], with_token[1]

    def refused(reply: Any) -> bool:  # 403/404, or sent to log in: never the resource
        location = reply.headers.get("Location", "")
        return reply.status_code in (401, 403, 404) or (
            reply.status_code in (302, 303) and f"/user/{b.name}/" not in location)

    for method, path in (("GET", f"/user/{b.name}/api/contents"),
                         ("GET", f"/user/{b.name}/api/contents/lessons/notebooks"),
                         ("GET", f"/user/{b.name}/api/kernels"),
                         ("POST", f"/user/{b.name}/api/sessions"),
                         ("GET", f"/user/{b.name}/lab"),
                         ("GET", f"/hub/api/users/{b.name}"),
                         ("POST", f"/hub/api/users/{b.name}/tokens"),
                         ("DELETE", f"/hub/api/users/{b.name}/server")):
        reply = a.api(method, path, json={} if method != "GET" else None)
        check(f"{a.name}'s token: {method} {path} is refused", reply.status_code, refused(reply))
    reply = a.api("GET", f"/user/{b.name}/api/contents", token="not-a-token")
    check("a made-up token is refused", reply.status_code, refused(reply))
    reply = a.api("GET", f"/user/{a.name}/api/contents/..%2F{b.name}")
    check(f"{a.name}'s own server does not serve ../{b.name}", reply.status_code,
          reply.status_code in (400, 403, 404))
    accepted = Student(a.base, b.name, passwords[a.name]).login()
    check(f"{a.name}'s password does not log in as {b.name}",
          "accepted" if accepted else "refused", not accepted)
    return checks


def handout_export(student: Any, path: str) -> dict[str, Any]:
    """*File > Save and Export Notebook As > Handout_student* on a student's own server."""
    import time

    t0 = time.monotonic()
    reply = student.api("GET", f"/user/{student.name}/nbconvert/handout_student/{path}"
                        "?download=true", timeout=600)
    return {"status": reply.status_code, "bytes": len(reply.content),
            "is_pdf": reply.content[:5] == b"%PDF-", "seconds": round(time.monotonic() - t0, 1)}


def results(n: int, days: dict[str, dict], runs: dict[str, dict], alone: dict[str, Any],
            summary: Any) -> dict[str, Any]:
    """Counts, failures with their cause, and the timings under load against alone."""
    failures = [{"student": s, "phase": "log in, start, pull, first cell", "cause": d["error"]}
                for s, d in sorted(days.items()) if "error" in d]
    failures += [{"student": s, "phase": "Restart Kernel and Run All", "cause": r["error"]}
                 for s, r in sorted(runs.items()) if "error" in r]
    ok_days = [d for d in days.values() if "error" not in d]
    ok_runs = [r for r in runs.values() if "error" not in r]

    def field(rows: list[dict], key: str) -> dict[str, float | None]:
        return summary([r[key] for r in rows])

    under = field(ok_runs, "run_all_s")
    return {
        "servers_started": sum("server_ready_s" in d for d in ok_days),
        "lessons_completed": len(ok_runs),
        "failures": failures,
        "login_to_first_output_s": field(ok_days, "login_to_first_output_s"),
        "server_ready_s": field(ok_days, "server_ready_s"),
        "run_all_under_load_s": under,
        "restart_and_run_all_under_load_s": field(ok_runs, "restart_and_run_all_s"),
        "run_all_alone_s": round(alone["run_all_s"], 2),
        "slowdown_median": (round(under["median"] / alone["run_all_s"], 1)
                            if under["median"] else None),
        "per_student": {s: {**{k: round(v, 2) for k, v in days[s].items() if k.endswith("_s")},
                            **{k: round(v, 2) for k, v in runs.get(s, {}).items()
                               if k.endswith("_s")}}
                        for s in sorted(days) if "error" not in days[s]},
    }


def passed(report: dict[str, Any]) -> bool:
    """Every student finished, every security check held, nothing was left running."""
    cleanup = report.get("cleanup", {})
    return (report.get("lessons_completed") == report["students"]
            and all(c["ok"] for c in report.get("security", []))
            and report.get("handout_export", {}).get("is_pdf", False)
            and not cleanup.get("ports_still_listening"))


def print_table(report: dict[str, Any]) -> None:
    """The run's results as a short table."""
    def span(value: dict[str, Any] | None) -> str:
        if not value or value.get("median") is None:
            return "-"
        return f"median {value['median']:.1f} s, p95 {value['p95']:.1f} s"

    memory, cleanup = report.get("memory", {}), report.get("cleanup", {})
    rows = [
        ("students", report["students"]),
        ("servers started", report.get("servers_started", "-")),
        ("lessons completed", report.get("lessons_completed", "-")),
        ("failures", len(report.get("failures", [])) if "failures" in report else "-"),
        ("login to first output", span(report.get("login_to_first_output_s"))),
        (f"Run All {report['lesson']}, alone",
         f"{report['alone']['run_all_s']:.1f} s" if "alone" in report else "-"),
        ("Run All, all at once", span(report.get("run_all_under_load_s"))),
        ("memory per student (PSS)", _mib(memory.get("per_student_pss_after_run_mib"))),
        ("memory per student (peak RSS)", _mib(memory.get("per_student_peak_rss_mib"))),
        ("kernel CPU per Run All", _seconds(memory.get("per_student_kernel_cpu_s"))),
        ("machine load (1-min, max)", report.get("load_during_run", {}).get("loadavg_1min_max")),
        ("handout PDF from a student's server", "yes" if report.get(
            "handout_export", {}).get("is_pdf") else report.get("handout_export", "-")),
        ("security checks passed", f"{sum(c['ok'] for c in report.get('security', []))}/"
                                   f"{len(report.get('security', []))}"),
        ("left running by the hub / ports open", f"{len(cleanup.get(_LEFT, []))} / "
                                                f"{len(cleanup.get('ports_still_listening', []))}"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for failure in report.get("failures", [])[:10]:
        print(f"  FAILED {failure['student']} ({failure['phase']}): {failure['cause']}")
    for c in report.get("security", []):
        if not c["ok"]:
            print(f"  SECURITY CHECK FAILED: {c['check']} (got {c['got']})")


def _seconds(value: dict[str, Any] | None) -> str:
    if not value or value.get("median") is None:
        return "-"
    return f"median {value['median']:.1f} s, max {value['max']:.1f} s"


def _mib(value: dict[str, Any] | None) -> str:
    if not value or value.get("median") is None:
        return "-"
    return f"median {value['median']:.0f} MiB, max {value['max']:.0f} MiB"


__all__ = ["handout_export", "listening", "machine", "passed", "print_table", "results", "security"]
