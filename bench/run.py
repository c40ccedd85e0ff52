"""The project's benchmark: ``make bench``.

Measures, in one run, several interleaved rounds (medians reported; each ratio
is the median of the ratios within rounds), every figure as wall-clock time of
a fresh process so that imports and kernel starts count:

- floor: as many notebooks as the collection has, each holding only the setup
  imports (pandas, seaborn, matplotlib, helpers) and one tiny plot, executed by
  the same machinery as the handouts (``helpers.handouts --no-export``);
- collection: the real notebooks, same machinery;
- each notebook's Run-All time inside its kernel (first cell start to last cell
  end, as JupyterLab's Run All; kernel start excluded), and a floor notebook's
  for scale;
- handouts: ``helpers.handouts`` (all PDFs and figures);
- tests: the whole ``pytest`` suite;
- imports: ``helpers`` with every module a notebook touches, against its
  dependencies alone.

Prints a table of medians, ratios and goals, and writes ``build/bench.json``.
Ratios are only meaningful within one run: these machines are noisy.

Usage: ``make bench`` or ``python bench/run.py [--repeat N] [--skip-tests]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOALS = {"collection / floor": 1.3, "handouts / collection": 1.5,
         "import helpers / dependencies": 1.1, "slowest Run-All (s)": 3.0}
IMPORTS = """
import time
started = time.perf_counter()
import numpy, pandas, matplotlib.pyplot, seaborn, networkx
middle = time.perf_counter()
import helpers, helpers.data, helpers.plotting, helpers.tables, helpers.pharmacology
import helpers.provenance
helpers.use_style()
print(middle - started, time.perf_counter() - middle)
"""
FLOOR_CELLS = (
    "import matplotlib.pyplot as plt\nimport pandas as pd\nimport seaborn as sns\n\n"
    "import helpers\n\nhelpers.use_style()",
    "data_dir = None",
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3], [1, 4, 9])\nplt.show()",
)


def timed(command: list[str]) -> float:
    """Wall time of one command in the project folder; stop the benchmark if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0,):
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def floor_notebooks(folder: Path, count: int) -> list[Path]:
    """Write ``count`` minimal notebooks (setup imports and one tiny plot)."""
    paths = []
    for number in range(count):
        cells = [new_code_cell(source) for source in FLOOR_CELLS]
        cells[1].metadata["tags"] = ["parameters"]
        path = folder / f"{number:02d}_floor.ipynb"
        nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}}), path)
        paths.append(path)
    return paths


def run_all_seconds(path: Path) -> float:
    """Run-All time inside a fresh kernel: first cell start to last cell end."""
    from datetime import datetime

    from nbclient import NotebookClient

    from helpers.execute import QUIET_KERNEL

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=600, record_timing=True,
                   extra_arguments=QUIET_KERNEL,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    stamps = [cell.metadata.execution for cell in notebook.cells
              if cell.cell_type == "code" and "execution" in cell.metadata]
    start = datetime.fromisoformat(stamps[0]["iopub.execute_input"].replace("Z", "+00:00"))
    end = datetime.fromisoformat(stamps[-1]["shell.execute_reply"].replace("Z", "+00:00"))
    return (end - start).total_seconds()


def import_seconds() -> tuple[float, float]:
    """In a fresh process: seconds to import the dependencies, then helpers on top of them.

    ``helpers`` imports its own modules lazily, so every module a notebook uses is
    imported explicitly, and the house style applied, to count what a notebook pays.
    """
    result = subprocess.run([PYTHON, "-c", IMPORTS], cwd=PROJECT, capture_output=True,
                            text=True, check=True)
    deps, own = map(float, result.stdout.split())
    return deps, own


def median_of(repeat: int, measure) -> float:
    """Median of ``repeat`` measurements."""
    return statistics.median(measure() for _ in range(repeat))


def main() -> int:
    """Measure everything and print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each (median)")
    parser.add_argument("--skip-tests", action="store_true", help="leave out the test suite")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    from helpers.execute import notebooks

    collection = notebooks()
    run_all_names = [f"Run-All {path.name} (s)" for path in collection]
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch_dir = Path(scratch)
        floor = floor_notebooks(scratch_dir, len(collection))
        machinery = [PYTHON, "-m", "helpers.handouts", "--no-export"]
        # Interleaved rounds: a busy spell slows a floor and a collection run alike,
        # and each ratio is taken within its round.
        for _ in range(args.repeat):
            one = {
                "floor (s)": timed([*machinery, "--out", str(scratch_dir / "floor-out"),
                                    *map(str, floor)]),
                "collection (s)": timed([*machinery, "--out", str(scratch_dir / "out")]),
                "handouts (s)": timed([PYTHON, "-m", "helpers.handouts",
                                       "--out", str(scratch_dir / "handouts")]),
                # The same imports and one tiny plot, for scale on a noisy machine.
                "Run-All floor notebook (s)": run_all_seconds(floor[0]),
            }
            one.update({name: run_all_seconds(path)
                        for name, path in zip(run_all_names, collection, strict=True)})
            rounds.append(one)
    results = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    imports = [import_seconds() for _ in range(args.repeat * 3)]
    results["dependencies import (s)"] = statistics.median(deps for deps, _ in imports)
    results["helpers import (s)"] = statistics.median(own for _, own in imports)
    if not args.skip_tests:
        results["test suite (s)"] = median_of(args.repeat, lambda: timed(
            [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"]))

    def within_rounds(ratio) -> float:
        return statistics.median(ratio(r) for r in rounds)

    ratios = {
        "collection / floor": within_rounds(lambda r: r["collection (s)"] / r["floor (s)"]),
        "handouts / collection": within_rounds(
            lambda r: r["handouts (s)"] / r["collection (s)"]),
        "import helpers / dependencies": statistics.median(
            (deps + own) / deps for deps, own in imports),
        "slowest Run-All (s)": max(results[name] for name in run_all_names),
        # No goal: the slowest Run-All in units of the floor's, comparable between
        # runs when the machine is busier or quieter.
        "slowest Run-All / floor Run-All": within_rounds(
            lambda r: max(r[name] for name in run_all_names) / r["Run-All floor notebook (s)"]),
    }
    report = {"machine": {"python": platform.python_version(), "cpus": _cpus(),
                          "platform": platform.platform()},
              "repeat": args.repeat, "medians": results, "ratios": ratios, "goals": GOALS,
              "rounds": rounds}
    out = PROJECT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    width = max(map(len, results | ratios))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:7.2f}")
    print()
    for name, value in ratios.items():
        goal = GOALS.get(name)
        verdict = "" if goal is None else \
            f"   goal <= {goal}  {'met' if value <= goal else 'MISSED'}"
        print(f"{name:<{width}}  {value:7.2f}{verdict}")
    print(f"\nwritten to {out.relative_to(PROJECT)}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
