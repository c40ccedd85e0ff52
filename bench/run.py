"""The project's benchmark, ``make bench``: what a teacher waits for, each as a ratio in one run.

Every figure is the wall-clock time of a fresh process (imports and kernel starts count),
measured in this one run, because these machines' speed varies by up to two times from hour
to hour: compare the ratios, not the seconds, between runs.

- **builds**: ``publish.handouts`` into ``build/bench/`` from a teacher's copy of ``data/``
  (one value of ``sigma_affinity`` already edited, so every page carries its CHANGED DATA band)
  with an empty build cache (the full build), again with nothing changed, again after editing
  that value once more (``sigma_affinity`` is read by the start page and two lessons: only
  those run again; the band's text is unchanged); each rebuild's output is compared
  file by file with a clean build of the same inputs (``--no-cache``, full mode only);
- **setup**: a fresh ``python -m venv`` + ``pip install -r requirements.lock`` against the
  Makefile's uv setup (``make env``, which also fetches uv), each with an empty download cache,
  interleaved; the two environments must hold the same versions;
- **tests**: the whole ``pytest`` suite, one run;
- **Run-All**: each lesson's Run-All in a fresh kernel (first cell start to last cell end, as
  JupyterLab's Run All), with its number of charts, and a one-chart notebook for scale;
- **drawing**: notebook 02's selectivity chart saved as SVG, with its layout engine
  (constrained) and without it (the same figure, laid out once).

Prints a table and writes ``build/bench.json``.

Usage: ``make bench`` (about 12 minutes), ``make bench BENCH=--quick`` (builds, one Run-All
round and a few draws: about 3 minutes), or ``python bench/run.py --help``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BASE_PYTHON = getattr(sys, "_base_executable", PYTHON)
WORK = PROJECT / "build" / "bench"
EDITED = ("sigma_affinity.csv", "ki_sigma1_nm")  # the dataset and column one edit changes
CHART = "Selectivity for sigma-1 over sigma-2"  # the chart timed with and without layout
KERNEL_IMPORTS = ("import helpers, ipykernel.kernelapp, matplotlib.pyplot, pandas, seaborn; "
                  "helpers.use_style()")
"""What a lesson's kernel imports first: timed in each freshly set-up environment."""
FLOOR_CELLS = ("import matplotlib.pyplot as plt\nimport pandas as pd\nimport seaborn as sns\n\n"
               "import helpers\n\nhelpers.use_style()",
               "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3], [1, 4, 9])\nplt.show()")


def timed(command: list[str], env: dict[str, str] | None = None, check: bool = True) -> float:
    """Wall time in seconds of one command run in the project folder.

    Raises
    ------
    SystemExit
        The command failed and ``check`` is true (its output's end is shown).
    """
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False,
                            env=env)
    elapsed = time.perf_counter() - started
    if check and result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def differing(one: dict[str, str], other: dict[str, str]) -> list[str]:
    """Relative paths present in only one tree, or with different bytes."""
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def edit_one_value(data_dir: Path) -> None:
    """Scale the first row's value in the edited column by 1.1, as a teacher's edit would."""
    import csv

    name, column = EDITED
    path = data_dir / name
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    rows[0][column] = f"{float(rows[0][column]) * 1.1:g}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def builds(full: bool) -> dict[str, object]:
    """Full build, no-change rebuild and one-dataset rebuild, in seconds, and their checks."""
    folder = WORK / "builds"
    shutil.rmtree(folder, ignore_errors=True)
    data, out = folder / "data", folder / "handouts"
    shutil.copytree(PROJECT / "data", data)
    edit_one_value(data)  # a teacher's copy in use: it differs already, the band is on every page
    env = os.environ | {"PUBLISH_CACHE_DIR": str(folder / "cache")}
    build = [PYTHON, "-m", "publish.handouts", "--data", str(data), "--out", str(out)]
    result: dict[str, object] = {"full build (s)": timed(build, env)}
    first = tree_digest(out)
    result["no-change rebuild (s)"] = timed(build, env)
    result["no-change rebuild: files differing from the full build"] = differing(
        first, tree_digest(out))
    edit_one_value(data)
    result["one-dataset rebuild (s)"] = timed(build, env)
    if full:  # the same inputs built afresh, for the comparison and the cache-free time
        clean = folder / "clean"
        result["clean build, no cache (s)"] = timed([*build[:-1], str(clean), "--no-cache"], env)
        result["one-dataset rebuild: files differing from a clean build"] = differing(
            tree_digest(out), tree_digest(clean))
    return result


def versions(python: Path) -> set[str]:
    """``name==version`` of every distribution in the environment of ``python``."""
    code = ("import importlib.metadata as m; print('\\n'.join(sorted("
            "f\"{d.metadata['Name']}=={d.version}\" for d in m.distributions())))")
    listed = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    seeds = re.compile(r"(pip|setuptools|wheel|fluvoxamine-workshop-helpers)==", re.IGNORECASE)
    return {re.sub(r"[-_.]+", "-", line).lower() for line in listed if not seeds.match(line)}


def setup(rounds: int) -> dict[str, object]:
    """Plain pip against the Makefile's uv setup, fresh venvs and empty caches, interleaved."""
    folder = WORK / "setup"
    pip_venv, uv_venv = folder / "venv-pip", folder / "venv-uv"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
    pip_times, uv_times = [], []
    for _ in range(rounds):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pip_times.append(timed(["bash", "-c", f'"{BASE_PYTHON}" -m venv "{pip_venv}" && '
                                f'"{pip_venv}/bin/python" -m pip install --quiet --no-cache-dir '
                                "--disable-pip-version-check -r requirements.lock"], env))
        uv_times.append(timed(["make", "env", f"VENV={uv_venv}", f"PYTHON={BASE_PYTHON}",
                               f"UV_DIR={folder / 'uv-tools'}"],
                              env | {"UV_CACHE_DIR": str(folder / "uv-cache")}))
    same = versions(pip_venv / "bin" / "python") == versions(uv_venv / "bin" / "python")
    # What a kernel start imports, in each environment as set up (pip compiles every file's
    # bytecode; make env only those the project imports, where Python may not write them).
    imports = {name: timed([str(venv / "bin" / "python"), "-c", KERNEL_IMPORTS], env)
               for name, venv in (("pip", pip_venv), ("uv", uv_venv))}
    shutil.rmtree(folder, ignore_errors=True)
    return {"setup with pip (s)": statistics.median(pip_times),
            "setup with uv (s)": statistics.median(uv_times),
            "setup: uv / pip": statistics.median(u / p for u, p in zip(uv_times, pip_times,
                                                                       strict=True)),
            "setup: same versions": same, "setup rounds (pip, uv)": [pip_times, uv_times],
            "kernel imports after setup with pip (s)": imports["pip"],
            "kernel imports after setup with uv (s)": imports["uv"]}


def test_suite() -> dict[str, object]:
    """Wall time of the whole ``pytest`` suite, one run, and its closing line."""
    started = time.perf_counter()
    run = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=PROJECT,
                         capture_output=True, text=True, check=False)
    summary = (run.stdout.strip().splitlines() or [""])[-1]
    return {"test suite (s)": time.perf_counter() - started, "test suite result": summary}


def run_all(path: Path) -> tuple[float, int]:
    """Run-All seconds in a fresh kernel (first cell start to last cell end), and its charts."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=600, record_timing=True,
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    stamps = [cell.metadata.execution for cell in code if "execution" in cell.metadata]
    start, end = (datetime.fromisoformat(stamp.replace("Z", "+00:00")) for stamp in
                  (stamps[0]["iopub.execute_input"], stamps[-1]["shell.execute_reply"]))
    charts = sum(1 for cell in code for output in cell.get("outputs", [])
                 if any(kind.startswith("image/") for kind in output.get("data", {})))
    return (end - start).total_seconds(), charts


def run_alls(rounds: int) -> dict[str, object]:
    """Each lesson's median Run-All and its number of charts; a one-chart notebook for scale."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    sys.path.insert(0, str(PROJECT))
    from helpers.project import notebooks

    floor = WORK / "floor.ipynb"
    floor.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in FLOOR_CELLS], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}),
        floor)
    paths = [*notebooks(), floor]
    times: dict[str, list[float]] = {path.name: [] for path in paths}
    charts: dict[str, int] = {}
    for _ in range(rounds):  # interleaved: a busy spell slows every notebook of a round alike
        for path in paths:
            seconds, charts[path.name] = run_all(path)
            times[path.name].append(seconds)
    return {f"Run-All {name}": {"seconds": statistics.median(values), "charts": charts[name],
                                "seconds per chart": statistics.median(values) / max(1,
                                                                                   charts[name])}
            for name, values in times.items()}


def drawing(draws: int) -> dict[str, float]:
    """Seconds per SVG save of notebook 02's selectivity chart, with and without its layout."""
    command = [PYTHON, str(Path(__file__)), "--draw-child", str(draws)]
    env = os.environ | {"MPLBACKEND": "Agg"}
    output = subprocess.run(command, cwd=PROJECT / "notebooks", capture_output=True, text=True,
                            check=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def draw_child(draws: int) -> None:
    """Run notebook 02 in this process up to the selectivity chart; time its SVG saves."""
    import contextlib
    import io

    import matplotlib.pyplot as plt
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    notebook = nbformat.read(PROJECT / "notebooks" / "02_ssri_affinities.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            shell.run_cell(cell.source).raise_error()
        if CHART in cell.source:
            break
    else:
        sys.exit(f"no cell draws {CHART!r} in notebook 02")
    figure = plt.gcf()

    def per_draw() -> float:
        started = time.perf_counter()
        for _ in range(draws):
            figure.savefig(io.BytesIO(), format="svg")
        return (time.perf_counter() - started) / draws

    engine = type(figure.get_layout_engine()).__name__.removesuffix("LayoutEngine").lower()
    with_layout = per_draw()
    figure.set_layout_engine("none")  # keeps the positions constrained layout gave last
    without = per_draw()
    print(json.dumps({f"chart save, {engine} (s)": with_layout,
                      "chart save, no layout engine (s)": without,
                      "chart save: layout / none": with_layout / without}))


def main() -> int:
    """Measure, print the table and write ``build/bench.json``."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="builds, one Run-All round, 5 draws; no setup and no test suite")
    parser.add_argument("--rounds", type=int, help="Run-All rounds (default 3; quick 1)")
    parser.add_argument("--setup-rounds", type=int, default=1, help="pip/uv setup pairs")
    parser.add_argument("--skip-setup", action="store_true", help="leave out pip against uv")
    parser.add_argument("--skip-tests", action="store_true", help="leave out the test suite")
    parser.add_argument("--draw-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.draw_child:
        draw_child(args.draw_child)
        return 0
    quick = args.quick
    report: dict[str, object] = {
        "when": datetime.now().isoformat(timespec="seconds"), "quick": quick,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(), "load average": os.getloadavg()}}
    out = PROJECT / "build" / "bench.json"
    sections = {"builds": lambda: builds(full=not quick),
                "setup": lambda: setup(args.setup_rounds),
                "tests": test_suite,
                "run-all": lambda: run_alls(args.rounds or (1 if quick else 3)),
                "drawing": lambda: drawing(5 if quick else 20)}
    skipped = {"setup": quick or args.skip_setup, "tests": quick or args.skip_tests}
    for name, measure in sections.items():
        if not skipped.get(name):
            report[name] = measure()
            out.write_text(json.dumps(report, indent=2, default=str) + "\n")  # so far
            print(f"{name}: done", flush=True)
    report["ratios"] = ratios(report)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(table(report))
    print(f"\nwritten to {out.relative_to(PROJECT)}")
    return 0


def ratios(report: dict) -> dict[str, float]:
    """The ratios a teacher feels, from the measured seconds."""
    built = report["builds"]
    found = {"no-change rebuild / full build":
             built["no-change rebuild (s)"] / built["full build (s)"],
             "one-dataset rebuild / full build":
             built["one-dataset rebuild (s)"] / built["full build (s)"]}
    if "setup" in report:
        found["setup: uv / pip"] = report["setup"]["setup: uv / pip"]
    found["chart save: layout / none"] = report["drawing"]["chart save: layout / none"]
    return found


def table(report: dict) -> str:
    """The report as aligned text rows."""
    rows: list[tuple[str, str]] = []
    for section in ("builds", "setup", "tests", "drawing"):
        for name, value in report.get(section, {}).items():
            if isinstance(value, float):
                rows.append((name, f"{value:.3f}" if value < 1 else f"{value:.1f}"))
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                rows.append((name, "none" if not value else f"{len(value)}: {value[:3]}"))
            elif isinstance(value, bool | str):
                rows.append((name, str(value)))
    for name, value in report["run-all"].items():
        rows.append((name, f"{value['seconds']:.1f} s, {value['charts']} charts"))
    rows += [(name, f"{value:.2f}") for name, value in report["ratios"].items()]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


if __name__ == "__main__":
    sys.exit(main())
