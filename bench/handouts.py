"""Benchmark: the time of a handout build as a ratio to executing the same notebooks alone.

Runs, each as its own process and in a fresh temporary folder:

1. ``python -m helpers.handouts --no-export``: the notebooks executed exactly as the
   handout build executes them (same kernels, two at a time), nothing exported;
2. ``python -m helpers.handouts``: the full build (execution, figures, PDFs);
3. ``python -m helpers.execute``: plain execution, one notebook after another, for reference.

The goal is a ratio (2) / (1) of at most 1.5: exporting adds no more than half of the
execution time. Usage: ``make bench`` or ``python bench/handouts.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GOAL = 1.5


def timed(command: list[str]) -> float:
    """Wall time of one command; stop the benchmark if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    """Run the three commands ``--repeat`` times each and print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="data directory (as for make handouts DATA=...)")
    parser.add_argument("--paper", default="a4")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (median reported)")
    args = parser.parse_args()
    data = ["--data", args.data] if args.data else []
    python = sys.executable
    runs: dict[str, list[float]] = {"execute only": [], "handouts": [], "plain execute": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            out = Path(scratch)
            runs["execute only"].append(timed([python, "-m", "helpers.handouts", "--no-export",
                                               "--out", str(out / "x"), *data]))
            runs["handouts"].append(timed([python, "-m", "helpers.handouts", "--paper",
                                           args.paper, "--out", str(out / "handouts"), *data]))
            runs["plain execute"].append(timed([python, "-m", "helpers.execute",
                                                "--out", str(out / "nb"), *data]))
    median = {name: statistics.median(times) for name, times in runs.items()}
    for name, value in median.items():
        print(f"{name:<14} {value:6.1f} s")
    ratio = median["handouts"] / median["execute only"]
    print(f"ratio handouts / execute only = {ratio:.2f} (goal <= {GOAL}); "
          f"handouts / plain sequential execute = "
          f"{median['handouts'] / median['plain execute']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
