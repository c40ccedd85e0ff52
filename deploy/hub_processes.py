"""Every process a hub run starts, found from the hub's process tree: memory, ports, clean-up.

JupyterHub starts the proxy, the culler and each student's server in sessions of their own
(so a Ctrl-C in a terminal does not reach them) and each server starts its kernels; all stay
descendants of the hub. A sampler thread follows that tree once a second, so a process is
remembered even if its parent dies first, and is stopped at the end whatever happened.
"""

from __future__ import annotations

import os
import threading

import psutil


class ProcessTracker:
    """The hub at ``root_pid`` and everything it starts."""

    def __init__(self, root_pid: int) -> None:
        self.root_pid = root_pid
        self.seen: dict[tuple[int, float], psutil.Process] = {}
        self.users: dict[tuple[int, float], str] = {}
        self.ports_seen: set[int] = set()
        self.peak_rss: dict[str, int] = {}
        self.load_samples: list[tuple[float, float]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def scan(self) -> list[psutil.Process]:
        """Add the hub's current descendants to what is remembered; return the living ones."""
        try:
            root = psutil.Process(self.root_pid)
            found = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            found = []
        with self._lock:
            for process in found:
                try:
                    key = (process.pid, process.create_time())
                    if key not in self.seen:
                        self.seen[key] = process
                        self.users[key] = process.environ().get("JUPYTERHUB_USER", "")
                    for conn in process.net_connections(kind="inet"):
                        if conn.status == psutil.CONN_LISTEN:
                            self.ports_seen.add(conn.laddr.port)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            return [p for p in self.seen.values() if p.is_running()]

    def _sample(self) -> None:
        psutil.cpu_percent()
        while not self._stop.wait(1.0):
            living = self.scan()
            totals: dict[str, int] = {}
            for process in living:
                key = (process.pid, process.create_time())
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                user = self.users.get(key) or "(hub, proxy, culler)"
                totals[user] = totals.get(user, 0) + rss
            with self._lock:
                for user, rss in totals.items():
                    self.peak_rss[user] = max(self.peak_rss.get(user, 0), rss)
                self.load_samples.append((os.getloadavg()[0], psutil.cpu_percent()))

    def start(self) -> None:
        """Follow the tree in a background thread until :meth:`kill_all`."""
        threading.Thread(target=self._sample, daemon=True).start()

    def reset_peaks(self) -> None:
        """Forget peaks and load so far (measure one phase)."""
        with self._lock:
            self.peak_rss.clear()
            self.load_samples.clear()

    def memory(self, names: list[str]) -> dict[str, object]:
        """Peak RSS and current PSS per student (server + kernel, MiB); CPU seconds.

        Call right after the Run All: the kernels were started for it, so their CPU time is
        the Run All's; a server's CPU time is everything since its student logged in.
        """
        mib = 1024 * 1024
        pss: dict[str, int] = {}
        cpu: dict[str, float] = {}
        for key, process in list(self.seen.items()):
            user = self.users.get(key)
            try:
                if user and process.is_running():
                    pss[user] = pss.get(user, 0) + process.memory_full_info().pss
                    kind = "kernel" if "ipykernel" in " ".join(process.cmdline()) else "server"
                    times = process.cpu_times()
                    cpu[f"{kind} {user}"] = (cpu.get(f"{kind} {user}", 0.0)
                                             + times.user + times.system)
            except psutil.Error:
                continue
        kernel_s = [cpu[f"kernel {n}"] for n in names if f"kernel {n}" in cpu]
        server_s = [cpu[f"server {n}"] for n in names if f"server {n}" in cpu]
        peaks = [self.peak_rss[n] / mib for n in names if n in self.peak_rss]
        shares = [pss[n] / mib for n in names if n in pss]
        return {
            "per_student_peak_rss_mib": _spread(peaks),
            "per_student_pss_after_run_mib": _spread(shares),
            "per_student_kernel_cpu_s": _spread(kernel_s),
            "per_student_server_cpu_s_since_login": _spread(server_s),
            "hub_proxy_culler_peak_rss_mib": round(
                self.peak_rss.get("(hub, proxy, culler)", 0) / mib, 1),
            "note": "RSS counts shared libraries once per process; PSS shares them out, "
                    "and is what a server's memory actually has to hold per student.",
        }

    def load(self) -> dict[str, float | None]:
        """The machine's load (1-minute average) and CPU use while measuring."""
        loads = [s[0] for s in self.load_samples]
        cpus = [s[1] for s in self.load_samples]
        return {"loadavg_1min_max": round(max(loads), 2) if loads else None,
                "cpu_percent_mean": round(sum(cpus) / len(cpus), 1) if cpus else None}

    def kill_all(self) -> list[str]:
        """Stop every remembered process still alive; name those the hub had left running."""
        self._stop.set()
        self.scan()
        alive = [p for p in self.seen.values() if p.is_running()]
        left = []
        for process in alive:
            try:
                left.append(f"{process.pid} {' '.join(process.cmdline())[:120]}")
                process.terminate()
            except psutil.Error:
                continue
        _, still = psutil.wait_procs(alive, timeout=10)
        for process in still:
            try:
                process.kill()
            except psutil.Error:
                continue
        psutil.wait_procs(still, timeout=10)
        return left


def _spread(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "max": None}
    ordered = sorted(values)
    return {"median": round(ordered[len(ordered) // 2], 1), "max": round(ordered[-1], 1)}

