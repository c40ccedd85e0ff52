"""One in-process run of each shipped lesson per test process, shared by the tests that read it.

Many tests read a lesson as it runs on the shipped data with its default
parameters: its outputs, its figures, its namespace. Running the lesson for each
of them cost the suite a run per test file (or per test); :func:`shipped_run` runs
each lesson once per process (one pytest-xdist worker, or the whole session
without xdist) and hands every caller the same :class:`~lesson_runner.LessonRun`::

    def test_something(shipped_lesson):          # the fixture in tests/conftest.py
        run = shipped_lesson("02")                # == shipped_run("02_ssri_affinities.ipynb")
        fig = run.figures[1].figure

The run is the full lesson, solutions included (``run_lesson(lesson)``, no
``data_dir``, no parameters). A test that wants what a student sees before the
solutions leaves the solution cells' outputs out (``run.text_lines(skip_tags=
("solution",))``, ``cell.tagged(("solution",))``, ``shown.cell.tags``) and picks
figures by title, text alternative or cell tags, not by index alone: a figure a
solution cell shows is among ``run.figures``.

**The shared run is read-only.** A test may read anything and draw a figure
(``fig.canvas.draw()``, ``fig.canvas.get_renderer()``, measuring extents); it must
not close a figure, resize it, change, add or remove an artist, change the
namespace's objects or the frames (copy them first: ``ns["affinity"].copy()``),
or ``close()`` the run. A test that must change what it reads (a figure it
mutates, say) keeps its own ``run_lesson(...)`` run and says why in a comment.
tests/conftest.py checks this after every test of the group: a test that changed a
figure's size, artists or axes positions, a frame's values, order or attrs, or the
namespace's names fails, naming what changed (:func:`changes_to_shared_runs`).

Each figure is drawn once when the run is made, as a kernel's display draws it, and
its layout engine is then set to none: constrained layout moved some texts of lesson
03's diagrams by pixels at every draw, so what a test measured depended on how many
tests had drawn the figure before it.

The runs' figures are taken out of pyplot's registry once the run is made, so that
another test's ``plt.close("all")`` (tests/library/conftest.py's ``close_figures``,
a runner that cleans up) cannot reach them: closing a pyplot figure resets its
canvas to ``FigureCanvasBase`` (as matplotlib 3.11 does), which cannot draw or
measure text any more. They still draw on their Agg canvas; ``plt.gcf()`` and
``plt.get_fignums()`` no longer list them.

Use it through the ``shipped_lesson`` fixture rather than calling
:func:`shipped_run` directly: tests/conftest.py puts every test that uses the
fixture in one pytest-xdist group (``xdist_group("shipped-lessons")``), so with
``--dist=loadgroup`` those tests run in one worker and the lessons run once in
the whole session. The runs stay open until the process ends (closed by
``pytest_sessionfinish`` in tests/conftest.py, or at exit).
"""

from __future__ import annotations

import atexit
import hashlib
import os
from pathlib import Path

from lesson_runner import LessonRun, find_notebook, run_lesson
from matplotlib._pylab_helpers import Gcf

if __name__ != "shipped_runs":  # e.g. imported as tests.shipped_runs: a second cache
    raise ImportError(f"import shipped_runs (tests/ is on sys.path), not {__name__}: each module "
                      "object keeps its own runs, so the lessons would run once per name")

__all__ = ["changes_to_shared_runs", "close_shipped_runs", "shipped_run", "snapshot"]

_RUNS: dict[Path, LessonRun] = {}
_SNAPSHOTS: dict[Path, dict[str, object]] = {}
_CLOSE_AT_EXIT: list[bool] = []  # registered once, on the first run


def shipped_run(lesson: str | os.PathLike[str]) -> LessonRun:
    """The lesson run on the shipped data with its default parameters, once per process.

    Parameters
    ----------
    lesson : path-like
        As :func:`lesson_runner.run_lesson` takes it: ``"02"``,
        ``"02_ssri_affinities.ipynb"`` or a path; every spelling of one notebook
        gives the same run.

    Returns
    -------
    LessonRun
        The full run (solutions included), shared: read it, never change it (see
        the module's docstring).
    """
    path = find_notebook(lesson)
    if path not in _RUNS:
        if not _CLOSE_AT_EXIT:
            atexit.register(close_shipped_runs)
            _CLOSE_AT_EXIT.append(True)
        run = run_lesson(path)
        _detach_from_pyplot(run)
        _settle(run)
        _RUNS[path] = run
        _SNAPSHOTS[path] = snapshot(run)
    return _RUNS[path]


def _settle(run: LessonRun) -> None:
    """Draw each figure once, as a kernel's display does, and keep that layout from then on.

    Constrained layout is not idempotent on every chart: lesson 03's diagrams move their
    texts by a few pixels at each of the first draws. Frozen after the first draw, a shared
    figure measures the same whichever test draws it, and how often.
    """
    for shown in run.figures:
        shown.figure.canvas.draw()
        shown.figure.set_layout_engine("none")


def snapshot(run: LessonRun) -> dict[str, object]:
    """What a test must not change in a shared run: figures' sizes, artists and axes
    positions; the lesson's data frames (values, index, attrs) and names."""
    import pandas as pd

    def frame_digest(frame: pd.DataFrame) -> tuple:  # row order counts: charts follow it
        rows = pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy()
        return (tuple(map(str, frame.columns)), hashlib.sha256(rows.tobytes()).hexdigest(),
                repr(sorted(frame.attrs.items(), key=str)))

    frames = {f"frames[{name!r}]": frame for name, frame in run.frames.items()}
    frames |= {f"namespace[{name!r}]": value for name, value in run.namespace.items()
               if isinstance(value, pd.DataFrame)}
    return {
        "figures": [(shown.name, tuple(shown.figure.get_size_inches()), shown.figure.dpi,
                     len(shown.figure.findobj()),
                     [tuple(ax.get_position().bounds) for ax in shown.figure.axes])
                    for shown in run.figures],
        "frames": {name: frame_digest(frame) for name, frame in frames.items()},
        "names": sorted(run.namespace),
    }


def changes_to_shared_runs() -> list[str]:
    """What differs in each shared run from when it was made (empty: nothing was changed)."""
    found = []
    for path, run in _RUNS.items():
        before, now = _SNAPSHOTS[path], snapshot(run)
        for part in before:
            if before[part] != now[part]:
                found.append(f"{path.name}: its {part} changed")
    return found


def _detach_from_pyplot(run: LessonRun) -> None:
    """Unregister the run's figures from pyplot without closing them (their canvas stays)."""
    kept = {id(shown.figure) for shown in run.figures}
    for number, manager in list(Gcf.figs.items()):
        if id(manager.canvas.figure) in kept:
            del Gcf.figs[number]
            if hasattr(manager, "_cidgcf"):
                manager.canvas.mpl_disconnect(manager._cidgcf)


def close_shipped_runs() -> None:
    """Forget every kept run (at the end of the process), closing any figure still in pyplot."""
    while _RUNS:
        path, run = _RUNS.popitem()
        _SNAPSHOTS.pop(path, None)
        run.close()
