"""Reliability: offline, deterministic, data never touched, builds safe to kill.

Slow (several minutes), so kept out of ``make test``; ``make reliability`` runs it
and ``.ci/run`` calls that. Every test drives the project the way a user does:
through its make targets and command-line entry points, in subprocesses.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT / "data"
PYTHON = sys.executable
# Run targets with this very environment, whatever the caller had active.
MAKE_ENV = {**os.environ, "VIRTUAL_ENV": str(Path(PYTHON).resolve().parent.parent)}


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below a folder, by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run a command in the project folder, output captured; fail loudly if it fails."""
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True,
                            env=kwargs.pop("env", MAKE_ENV), check=False, **kwargs)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(command)} exited {result.returncode}:\n"
                    f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def offline(*command: str) -> tuple[str, ...]:
    """The command in a new network namespace with only loopback up (no route out)."""
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the offline checks need {' and '.join(missing)} (util-linux, iproute2) "
                    "and permission to make a network namespace (root, or user namespaces)")
    shell = "ip link set lo up && exec " + shlex.join(command)
    if os.geteuid() == 0:
        return ("unshare", "--net", "sh", "-c", shell)
    return ("unshare", "--map-root-user", "--net", "sh", "-c", shell)


def test_the_network_really_is_off_in_the_offline_runs():
    probe = ("import socket, sys\n"
             "try:\n    socket.create_connection(('1.1.1.1', 443), timeout=3)\n"
             "except OSError:\n    sys.exit(0)\nsys.exit('network reachable')")
    result = run(*offline(PYTHON, "-c", probe), check=False)
    assert result.returncode == 0, result.stderr


def test_the_whole_test_suite_passes_offline():
    result = run(*offline(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"))
    assert " passed" in result.stdout.splitlines()[-1]


def test_handouts_build_offline(tmp_path):
    run(*offline(PYTHON, "-m", "publish.handouts", "--out", str(tmp_path / "handouts")))
    assert sorted(p.name for p in (tmp_path / "handouts" / "student").iterdir())


def test_a_cached_build_equals_a_clean_build_byte_for_byte(tmp_path):
    """Every lesson's PDFs and figures, from the build cache and afresh (issue: never stale)."""
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    run(PYTHON, "-m", "publish", "handouts", "--out", str(cached))
    run(PYTHON, "-m", "publish", "handouts", "--out", str(cached))  # the second from the cache
    run(PYTHON, "-m", "publish", "handouts", "--no-cache", "--out", str(clean))
    made = checksums(cached)
    assert any(name.endswith(".pdf") for name in made)
    assert made == checksums(clean)


def test_nbval_passes_three_times_in_a_row():
    for _ in range(3):
        result = run(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "notebooks")
        assert " passed" in result.stdout.splitlines()[-1]


def test_no_target_writes_into_data_and_notebooks_reexecute_byte_identically(tmp_path):
    before = checksums(DATA)
    stored = {p: p.read_bytes() for p in (PROJECT / "notebooks").glob("*.ipynb")}
    run("make", "handouts")
    run("make", "student-notebooks")
    run("make", "copy-data", f"DEST={tmp_path / 'copy'}")
    run("make", "lint")
    try:
        run("make", "notebooks")  # refresh_in_place never reads the build cache
        changed = sorted(p.name for p, content in stored.items() if p.read_bytes() != content)
    finally:  # never leave the committed notebooks rewritten by a failed check
        for path, content in stored.items():
            if path.read_bytes() != content:
                path.write_bytes(content)
    assert checksums(DATA) == before
    assert checksums(tmp_path / "copy") == before
    assert not changed, f"re-executing changed the stored notebooks: {changed}"


def test_a_build_killed_midway_leaves_the_earlier_handouts_and_the_next_build_works(tmp_path):
    out = tmp_path / "handouts"
    run(PYTHON, "-m", "publish.handouts", "--out", str(out))
    first = checksums(out)
    # --no-cache: a build restored from the cache would finish before the kill.
    build = subprocess.Popen([PYTHON, "-m", "publish.handouts", "--no-cache", "--out", str(out)],
                             cwd=PROJECT,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    for line in build.stdout:  # kill it once the first notebook is done: mid-build
        if line.startswith(("ran", "built", "student", "instructor")) or time.monotonic() > deadline:
            break
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert checksums(out) == first, "a killed build changed the earlier handouts"
    run(PYTHON, "-m", "publish.handouts", "--out", str(out))
    assert checksums(out) == first, "the next build did not give the same handouts"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "handouts"]
    assert not leftovers, f"staging left behind: {leftovers}"


BROKEN = {
    "word for a number": ("sigma_affinity.csv", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,abc,", "row 2"),
    "negative Ki": ("receptor_affinity.csv", "Sertraline,alpha-1,400,", "Sertraline,alpha-1,-400,", "row 3"),
    "unknown qualifier": ("receptor_affinity.csv", "Fluvoxamine,H1,10000,>,", "Fluvoxamine,H1,10000,>>,", "'qualifier'"),
    "duplicate drug": ("sigma_affinity.csv", "Sertraline,SSRI", "Fluvoxamine,SSRI", "unique drug"),
    "extra column": ("sigma_affinity.csv", "printed_ratio\n", "printed_ratio,comment\n", "'comment'"),
    "empty file": ("sigma_affinity.csv", None, "", "empty"),
    "semicolons": ("sigma1_rank_order.csv", "rank,drug", "rank;drug", "semicolons"),
    "malformed datapackage.json": ("datapackage.json", '"resources": [', '"resources": [,', "valid JSON"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_data_stops_the_build_before_any_notebook_runs(case, tmp_path):
    name, old, new, expected = BROKEN[case]
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    target = broken / name
    text = target.read_text(encoding="utf-8")
    target.write_text(new if old is None else text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "handouts"
    result = run(PYTHON, "-m", "publish.handouts", "--data", str(broken), "--out", str(out),
                 check=False)
    assert result.returncode == 2
    assert "no notebook was run" in result.stderr and name in result.stderr
    assert expected in result.stderr
    assert not out.exists()


def test_a_copy_saved_by_a_spreadsheet_builds(tmp_path):
    saved = tmp_path / "data"
    shutil.copytree(DATA, saved)
    for csv in saved.glob("*.csv"):
        lines = csv.read_text(encoding="utf-8").splitlines()
        csv.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n,,\r\n")
    out = tmp_path / "handouts"
    run(PYTHON, "-m", "publish.handouts", "--data", str(saved), "--out", str(out),
        str(PROJECT / "notebooks" / "02_ssri_affinities.ipynb"))
    assert (out / "student" / "02_ssri_affinities.pdf").is_file()
