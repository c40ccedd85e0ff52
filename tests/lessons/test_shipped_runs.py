"""The shipped lessons run once per test process, shared (tests/shipped_runs.py).

Every spelling of a lesson reaches one run; ``run_lesson`` is called once for it; the
shared run is the full lesson, and ``skip_tags`` reads it as a student sees it before
the solutions.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import shipped_runs
from lesson_runner import NOTEBOOK_DIR, CellRun, LessonRun, ShownFigure, run_lesson
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

LESSON_02 = NOTEBOOK_DIR / "02_ssri_affinities.ipynb"
SPELLINGS = ["02", "02_ssri_affinities.ipynb", LESSON_02, str(LESSON_02)]


class _Counted:
    """``run_lesson`` with a count of its calls (the real one, or a stand-in)."""

    def __init__(self, run=run_lesson):
        self.calls: list[tuple] = []
        self._run = run

    def __call__(self, notebook, *args, **kwargs):
        self.calls.append((notebook, args, kwargs))
        return self._run(notebook, *args, **kwargs)


class _StandIn:
    """A LessonRun-like object that records being closed (no lesson is run)."""

    def __init__(self, notebook, *args, **kwargs):
        self.notebook, self.closed, self.figures = notebook, 0, []
        self.frames, self.namespace = {}, {}

    def close(self) -> None:
        self.closed += 1


def test_each_spelling_of_a_lesson_runs_it_once(monkeypatch):
    """On an empty cache (a stand-in runner, so no lesson runs twice in this process)."""
    monkeypatch.setattr(shipped_runs, "_RUNS", {})
    counted = _Counted(_StandIn)
    monkeypatch.setattr(shipped_runs, "run_lesson", counted)
    runs = [shipped_runs.shipped_run(spelling) for spelling in SPELLINGS]
    assert len(counted.calls) == 1, counted.calls
    assert counted.calls[0] == (LESSON_02, (), {})  # the notebook's path: no data_dir, no parameters
    assert all(run is runs[0] for run in runs)
    other = shipped_runs.shipped_run("01_sigma_basics.ipynb")
    assert other is not runs[0] and len(counted.calls) == 2
    shipped_runs.close_shipped_runs()
    assert runs[0].closed == other.closed == 1 and not shipped_runs._RUNS
    assert shipped_runs.shipped_run("02") is not runs[0]  # a new run after closing
    shipped_runs.close_shipped_runs()


def test_the_shared_run_is_run_once_in_this_process(shipped_lesson, monkeypatch):
    """With the real runner and the process's own cache: at most one run, whoever asked first."""
    counted = _Counted()
    monkeypatch.setattr(shipped_runs, "run_lesson", counted)
    cached = LESSON_02 in shipped_runs._RUNS
    runs = [shipped_lesson(spelling) for spelling in SPELLINGS * 2]
    assert len(counted.calls) == (0 if cached else 1), counted.calls
    assert all(run is runs[0] for run in runs)
    assert isinstance(runs[0], LessonRun) and runs[0].notebook == LESSON_02
    assert runs[0].data_dir is None and runs[0].error is None


def test_the_shared_run_is_the_full_lesson(shipped_lesson):
    run = shipped_lesson("02")
    solutions = [c for c in run.cells if "solution" in c.tags]
    assert solutions and all(c.outputs for c in solutions)  # the solutions ran
    (injected,) = [c for c in run.cells if c.injected]
    assert injected.tags == ()
    (parameters,) = [c for c in run.cells if "parameters" in c.tags]
    assert run.cells.index(injected) == run.cells.index(parameters) + 1


def test_skip_tags_leaves_out_a_solution_cells_output(shipped_lesson):
    run = shipped_lesson("02")
    solution = next(c for c in run.cells if c.tagged(("solution",)) and c.text.strip())
    only_there = [line for line in solution.text.splitlines() if line.strip()
                  and not any(line in c.text for c in run.cells if c is not solution)]
    assert only_there, f"{solution.name} prints nothing its own"
    full = run.text_lines()
    seen = run.text_lines(skip_tags=("solution",))
    assert only_there[0].rstrip() in full
    assert only_there[0].rstrip() not in seen
    solution_lines = [line.rstrip() for c in run.cells if c.tagged(("solution",))
                      for o in c.outputs if not o.is_figure_description
                      for line in o.text.splitlines() if line.strip()]
    assert len(full) - len(seen) == len(solution_lines) > 0
    assert run.outputs(skip_tags=("solution",)) == [
        o for c in run.cells if "solution" not in c.tags for o in c.outputs]


def test_a_shared_figure_survives_another_tests_plt_close_all(shipped_lesson):
    """Closing a pyplot figure resets its canvas (no drawing after it): the shared ones are not
    pyplot's to close."""
    run = shipped_lesson("02")
    in_pyplot = {id(plt.figure(n)) for n in plt.get_fignums()}
    plt.close("all")  # as tests/library/conftest.py's close_figures does after a test
    for shown in run.figures:
        assert id(shown.figure) not in in_pyplot, shown.name
        assert isinstance(shown.figure.canvas, FigureCanvasAgg), shown.name
        shown.figure.canvas.draw()
        assert shown.figure.canvas.get_renderer() is not None


def test_tests_that_read_the_shared_runs_share_one_xdist_group(request):
    marks = [m.args for m in request.node.iter_markers("xdist_group")]
    assert marks == []  # this test does not ask for the fixture
    items = request.session.items
    grouped = [i for i in items if "shipped_lesson" in getattr(i, "fixturenames", ())]
    assert grouped
    for item in grouped:
        assert [m.args for m in item.iter_markers("xdist_group")] == [("shipped-lessons",)], \
            item.nodeid
        if getattr(request.config.option, "loadgroup", False):  # a worker under loadgroup
            assert item.nodeid.endswith("@shipped-lessons"), item.nodeid  # what it schedules by


def test_a_shared_figure_measures_the_same_however_often_it_is_drawn(shipped_lesson):
    """Lesson 03's diagrams moved texts by pixels at each draw under constrained layout; the
    shared figures keep the layout of their first draw (a kernel's display)."""
    for shown in shipped_lesson("03").figures:
        fig = shown.figure
        renderer = fig.canvas.get_renderer()
        extents = []
        for _ in range(3):
            fig.canvas.draw()
            extents.append([tuple(t.get_window_extent(renderer).bounds)
                            for t in fig.findobj(Text) if t.get_visible() and t.get_text()])
        assert extents[0] == extents[1] == extents[2], shown.name


def _small_run() -> LessonRun:
    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([1, 2], [3, 4])
    frame = pd.DataFrame({"drug": ["Fluvoxamine", "Sertraline"], "ki_sigma1_nm": [36.0, 57.0]})
    return LessonRun(notebook=LESSON_02, data_dir=None,
                     figures=[ShownFigure(fig, CellRun(0, "plot"), "a line", 1)],
                     frames={"sigma_affinity": frame}, namespace={"affinity": frame.copy()})


@pytest.mark.parametrize("change", [
    lambda run: run.figures[0].figure.set_size_inches(9, 9),
    lambda run: run.figures[0].figure.axes[0].text(0, 0, "added"),
    lambda run: run.figures[0].figure.axes[0].set_position([0.2, 0.2, 0.5, 0.5]),
    lambda run: run.frames["sigma_affinity"].iloc.__setitem__(  # rows reversed in place
        slice(None), run.frames["sigma_affinity"].iloc[::-1].to_numpy()),
    lambda run: run.namespace["affinity"].__setitem__("ki_sigma1_nm", [36.0, 58.0]),
    lambda run: run.frames["sigma_affinity"].attrs.update(source="edited"),
    lambda run: run.namespace.update(extra=1),
], ids=["resized", "artist added", "axes moved", "rows sorted", "value changed", "attrs",
        "name added"])
def test_the_snapshot_sees_each_kind_of_change(change):
    run = _small_run()
    before = shipped_runs.snapshot(run)
    assert shipped_runs.snapshot(run) == before  # reading changes nothing
    change(run)
    assert shipped_runs.snapshot(run) != before
