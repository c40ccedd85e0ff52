"""Every lesson notebook follows the template and is committed as a clean run."""

import re

import nbformat
import pytest

from helpers.files import lessons, notebooks
from helpers.plotting import ALT_TEXT_KEY

NOTEBOOKS = notebooks()
LESSONS = lessons()


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(params=LESSONS, ids=lambda p: p.name)
def lesson(request):
    return nbformat.read(request.param, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
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


def test_title_with_what_it_rebuilds_and_aims(lesson):
    first = lesson.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "Rebuilds" in first.source and "you can" in first.source


def test_setup_then_parameters_with_data_dir(lesson):
    setup = [c for c in lesson.cells if "setup" in tags(c)]
    parameters = [c for c in lesson.cells if "parameters" in tags(c)]
    assert len(setup) == 1 and "helpers.use_style()" in setup[0].source
    assert len(parameters) == 1
    assert re.search(r"^data_dir = None\b", parameters[0].source, re.M)
    assert lesson.cells.index(setup[0]) < lesson.cells.index(parameters[0])


def test_every_load_uses_the_data_dir_parameter(lesson):
    for cell in lesson.cells:
        if cell.cell_type == "code":
            for call in re.findall(r"helpers\.load\(([^)]*)\)", cell.source):
                assert "data_dir" in call, f"helpers.load({call}) ignores the parameters cell"


def test_at_least_three_exercises_each_followed_by_a_solution(lesson):
    cells = lesson.cells
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    assert len(exercises) >= 3
    for i in exercises:
        assert cells[i].cell_type == "markdown"
        assert cells[i + 1].cell_type == "code" and "solution" in tags(cells[i + 1])


def test_every_figure_has_a_text_alternative(lesson):
    for cell in lesson.cells:
        if cell.cell_type != "code":
            continue
        outputs = cell.outputs
        for k, output in enumerate(outputs):
            if "image/png" in output.get("data", {}):
                following = outputs[k + 1] if k + 1 < len(outputs) else {}
                assert ALT_TEXT_KEY in following.get("metadata", {}), cell.source[:80]


def test_ends_with_references_from_the_datasets(lesson):
    code = [c for c in lesson.cells if c.cell_type == "code"]
    assert "helpers.references(" in code[-1].source
    assert code[-1].outputs, "references cell has no output"
