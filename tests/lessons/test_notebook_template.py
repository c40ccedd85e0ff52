"""Every lesson notebook, and the lesson template, follows the template's rules.

The template (``notebooks/_template.ipynb``) is held to the same rules as the lessons, so a
lesson copied from it passes; it is committed as a clean run, and it runs top to bottom.
"""

import re

import nbformat
import pytest
from lesson_runner import run_lesson

from helpers.project import (
    ALT_TEXT_KEY,
    NOTEBOOK_DIR,
    PARAMETERS_TAG,
    SETUP_TAG,
    SOLUTION_TAG,
    lessons,
    notebooks,
)

TEMPLATE = NOTEBOOK_DIR / "_template.ipynb"
NOTEBOOKS = notebooks()
LESSONS = lessons()
CHECKED = [*LESSONS, TEMPLATE]  # the template follows every rule a lesson follows


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(params=CHECKED, ids=lambda p: p.name)
def lesson(request):
    return nbformat.read(request.param, as_version=4)


def code_cells(lesson):
    return [c for c in lesson.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", [*NOTEBOOKS, TEMPLATE], ids=lambda p: p.name)
def test_plain_python3_kernel_and_a_clean_top_to_bottom_run(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    for cell in code:
        assert "execution" not in cell.metadata, "timings stored in the notebook"
        for output in cell.outputs:
            assert "<Axes" not in output.get("data", {}).get("text/plain", ""), "stray Axes repr"


def test_the_template_is_not_a_lesson():
    assert TEMPLATE.exists()
    assert TEMPLATE not in NOTEBOOKS, "notebooks/_toc.yml must not list the template"


def test_the_template_runs_top_to_bottom():
    with run_lesson(TEMPLATE) as run:
        assert len(run.figures) == 1
        assert run.figures[0].alt.startswith("Line chart of derived sigma-1 occupancy")


def test_the_template_explains_itself():
    nb = nbformat.read(TEMPLATE, as_version=4)
    notes = [c for c in nb.cells if c.cell_type == "markdown" and "**Template note.**" in c.source]
    assert len(notes) >= 6
    text = "\n".join(c.source for c in notes)
    for rule in ("_toc.yml", "`setup`", "`parameters`", "helpers.announce_changes",
                 "helpers/describe/", "`exercise`", "`solution`", "helpers.references"):
        assert rule in text, f"the template's notes do not explain {rule}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_a_lesson_keeps_none_of_the_templates_notes(path):
    """The template says to delete its notes as they are replaced: a lesson shows none."""
    nb = nbformat.read(path, as_version=4)
    left = [i for i, c in enumerate(nb.cells) if "**Template note.**" in c.source]
    assert not left, f"{path.name}: template notes left in cells {left}"


def test_title_with_what_it_rebuilds_and_aims(lesson):
    first = lesson.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "Rebuilds" in first.source and "you can" in first.source


def test_setup_then_parameters_with_data_dir(lesson):
    setup = [c for c in lesson.cells if SETUP_TAG in tags(c)]
    parameters = [c for c in lesson.cells if PARAMETERS_TAG in tags(c)]
    assert len(setup) == 1 and "helpers.use_style()" in setup[0].source
    assert len(parameters) == 1
    assert re.search(r"^data_dir = None\b", parameters[0].source, re.M)
    assert lesson.cells.index(setup[0]) < lesson.cells.index(parameters[0])


def test_the_parameters_are_checked_in_the_next_cell(lesson):
    parameters = next(c for c in lesson.cells if PARAMETERS_TAG in tags(c))
    after = lesson.cells[lesson.cells.index(parameters) + 1]
    assert after.cell_type == "code"
    assert 'helpers.path_parameter("data_dir", data_dir)' in after.source


def test_every_load_uses_the_data_dir_parameter(lesson):
    for cell in code_cells(lesson):
        for call in re.findall(r"helpers\.load\(([^)]*)\)", cell.source):
            assert "data_dir" in call, f"helpers.load({call}) ignores the parameters cell"


def test_every_cell_that_loads_announces_changed_data(lesson):
    """The explicit step: right after a cell's loads, one call naming every frame loaded."""
    for cell in code_cells(lesson):
        loaded = re.findall(r"^(\w+) = helpers\.load\(", cell.source, re.M)
        if not loaded:
            continue
        calls = re.findall(r"^helpers\.announce_changes\(([^)]*)\)", cell.source, re.M)
        assert len(calls) == 1, cell.source[:80]
        assert [name.strip() for name in calls[0].split(",")] == loaded, cell.source[:80]
        lines = cell.source.splitlines()
        last_load = max(k for k, line in enumerate(lines) if "helpers.load(" in line)
        assert lines[last_load + 1].startswith("helpers.announce_changes("), cell.source[:80]
        assert lines[-1] != lines[last_load + 1] or lines[-1].endswith(";"), \
            "a cell's last expression is shown: announce_changes's result would be"


def test_every_chart_is_shown_with_one_describe_call(lesson):
    """A chart cell shows the chart code and one call; its text alternative is a named function."""
    for cell in code_cells(lesson):
        for call in re.findall(r"helpers\.show\((.*?)\)$", cell.source, re.M | re.S):
            assert re.match(r"fig, alt=helpers\.describe_\w+\(", call), cell.source[:80]


def test_at_least_three_exercises_each_followed_by_a_solution(lesson):
    cells = lesson.cells
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    assert len(exercises) >= 3
    for i in exercises:
        assert cells[i].cell_type == "markdown"
        assert cells[i + 1].cell_type == "code" and SOLUTION_TAG in tags(cells[i + 1])


def test_every_figure_has_a_text_alternative(lesson):
    for cell in code_cells(lesson):
        outputs = cell.outputs
        for k, output in enumerate(outputs):
            if "image/png" in output.get("data", {}):
                following = outputs[k + 1] if k + 1 < len(outputs) else {}
                assert ALT_TEXT_KEY in following.get("metadata", {}), cell.source[:80]


def test_ends_with_references_from_the_datasets(lesson):
    code = code_cells(lesson)
    assert "helpers.references(" in code[-1].source
    assert code[-1].outputs, "references cell has no output"
