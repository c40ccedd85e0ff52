"""Notebook 04 on data a teacher changed: every chart keyed by name, sized to the data, prose honest.

Each test copies ``data/`` to a temporary folder, edits it as a teacher would
(sorts a sheet, adds or removes drugs and rows, pastes a chemical name, changes
a value, extends an enum in ``datapackage.json``), runs the lesson in this
process (``tests/lesson_runner.py``) and reads each chart back
(``tests/chart_readback.py``): each value on its own row, texts inside the
figure, no overprinted tick labels, no legend on the data.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from chart_readback import chart_problems, chart_signature, compare_signatures
from lesson_runner import PROJECT, LessonCellError, code_cells, loaded_datasets, run_lesson
from matplotlib.patches import Rectangle

import helpers

LESSON = "04_behavioural_toxicity.ipynb"
DATA = PROJECT / "data"
DATASETS = loaded_datasets(PROJECT / "notebooks" / LESSON)
LONG_NAME = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime-d3"
assert len(LONG_NAME) == 80


# --------------------------------------------------------------------------- editing a copy


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read(data: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write(data: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (data / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")


def edit(data: Path, name: str, change) -> None:
    header, rows = read(data, name)
    write(data, name, header, change(header, rows))


def append(data: Path, name: str, *new: list[str]) -> None:
    edit(data, name, lambda h, rows: [*rows, *new])


def made_up_drugs(names: list[str]) -> list[list[str]]:
    """receptor_affinity rows for new drugs: Goodman & Gilman values, a newsletter value for some.

    Values are irregular (no coincidence with a shipped value or a bound's arrow tip).
    """
    rows = []
    for k, name in enumerate(names):
        for j, (receptor, base) in enumerate([("alpha-1", 53.1), ("H1", 5.3), ("muscarinic", 301.0)]):
            value = base * 1.7 ** ((3 * k + j) % 11)
            bound = (k + j) % 5 == 0
            rows.append([name, receptor, f"{value:.4g}", ">" if bound else "=",
                         "goodman_gilman_12e", "literature", ""])
            if k % 3 == 0:
                rows.append([name, receptor, f"{2.3 * value:.4g}", "=", "newsletter",
                             "as-printed", ""])
    return rows


def with_drugs(data: Path, count: int) -> list[str]:
    """receptor_affinity holding ``count`` drugs (Fluvoxamine alone for 1); their names."""
    if count == 1:
        edit(data, "receptor_affinity", lambda h, rows: [r for r in rows if r[0] == "Fluvoxamine"])
        return ["Fluvoxamine"]
    header, rows = read(data, "receptor_affinity")
    shipped = list(dict.fromkeys(r[0] for r in rows))
    new = [f"Testdrug-{i:02d}" for i in range(count - len(shipped))]
    write(data, "receptor_affinity", header, rows + made_up_drugs(new))
    return shipped + new


# --------------------------------------------------------------------------- running


def run(data: Path | None, **parameters):
    return run_lesson(LESSON, data_dir=data, parameters=parameters)


def frames_used(data: Path | None) -> dict:
    """The datasets as the lesson loaded them (loaded here again, from the same folder)."""
    return {name: helpers.load(name, data) for name in DATASETS}


def problems(lesson_run, data: Path | None) -> list[str]:
    frames = frames_used(data)
    return [p for shown in lesson_run.figures
            for p in chart_problems(shown.figure, frames, name=shown.name)]


def tick_labels(figure) -> list[str]:
    """Every tick label of every axes, line breaks removed."""
    return [" ".join(t.get_text().split()) for ax in figure.axes
            for t in [*ax.get_yticklabels(), *ax.get_xticklabels()]]


def lines(lesson_run) -> Counter:
    """The lesson's own output lines, without the data layer's banner about the edited copy."""
    return Counter(line.rstrip() for cell in lesson_run.cells for output in cell.outputs
                   if not output.is_figure_description and "was loaded from" not in output.text
                   for line in output.text.splitlines() if line.strip())


def texts(lesson_run) -> str:
    return "\n".join(lesson_run.text_lines(figure_descriptions=True))


def figure(lesson_run, number: int):
    return lesson_run.figures[number - 1].figure


@pytest.fixture(scope="module")
def shipped(shipped_lesson):
    """What the lesson's shared run on the shipped data says (the run itself is read-only)."""
    lesson_run = shipped_lesson(LESSON)
    return {"lines": lines(lesson_run),
            "signatures": [chart_signature(s.figure) for s in lesson_run.figures],
            "alts": [Counter(s.alt.split()) for s in lesson_run.figures],
            "heights": [s.figure.get_figheight() for s in lesson_run.figures],
            "namespace": {k: lesson_run.namespace[k] for k in (
                "TEACHING_DRUGS", "RECEPTORS", "REGION_ORDER", "FUNCTION_ORDER",
                "QUANTITIES", "PARTS", "CATEGORIES", "SUBJECTS")},
            "problems": problems(lesson_run, None),
            "text": texts(lesson_run),
            "run": lesson_run}


# --------------------------------------------------------------------------- tests


def test_shipped_data_charts_pass_the_readback(shipped):
    assert not shipped["problems"], "\n".join(shipped["problems"])
    assert "CHANGED DATA" not in shipped["text"]


def test_teaching_orders_name_exactly_the_shipped_values(shipped):
    """Every shipped row has a place in the lesson's order (none falls back to file order)."""
    orders = shipped["namespace"]
    load = helpers.load
    assert set(orders["TEACHING_DRUGS"]) == set(load("receptor_affinity").drug)
    assert set(orders["RECEPTORS"]) == set(load("side_effect_receptors").receptor)
    assert set(orders["REGION_ORDER"]) == set(load("depression_brain_regions").region)
    assert set(orders["FUNCTION_ORDER"]) == set(load("depression_brain_regions").function)
    assert set(orders["QUANTITIES"]) == set(load("mci_progression").quantity)
    assert set(orders["PARTS"]) == set(load("cognitive_classification").part)
    assert set(orders["CATEGORIES"]) == set(load("cognitive_classification").category)
    assert set(orders["SUBJECTS"]) == set(load("cognitive_classification").subject_as_printed)


def test_shipped_prose_is_computed_from_the_data(shipped):
    text = shipped["text"]
    assert "Paroxetine 250 vs 22,000 (88-fold)" in text
    assert "largest difference between exact values: 88-fold" in text
    assert "the sources make the same call for every one" in text
    assert "The newsletter gives 9 Ki values" in text
    assert "The tightest muscarinic binder, Amitriptyline (1 or 18 nM)" in text
    assert "120 to 130 of 200 people (approximately), mostly within 18 months." in text


def test_rows_in_another_order_change_nothing(tmp_path, shipped):
    data = copy_data(tmp_path)
    for name in DATASETS:
        edit(data, name, lambda h, rows: rows[::-1])
    edit(data, "receptor_affinity", lambda h, rows: sorted(rows))
    with run(data) as lesson_run:
        found = problems(lesson_run, data)
        assert lines(lesson_run) == shipped["lines"]
        for number, shown in enumerate(lesson_run.figures):
            found += compare_signatures(shipped["signatures"][number],
                                        chart_signature(shown.figure), name=shown.name)
            assert Counter(shown.alt.split()) == shipped["alts"][number], shown.name
    assert not found, "\n".join(found)


@pytest.mark.parametrize("count", [1, 8, 40])
def test_charts_hold_any_number_of_drugs(tmp_path, shipped, count):
    data = copy_data(tmp_path)
    drugs = with_drugs(data, count)
    with run(data) as lesson_run:
        found = problems(lesson_run, data)
        for number in (1, 2, 4):  # the charts with one row per drug
            labels = tick_labels(figure(lesson_run, number))
            missing = [d for d in drugs if d not in labels]
            assert not missing, f"figure {number} leaves out {missing}"
            others = [d for d in shipped["namespace"]["TEACHING_DRUGS"] if d not in drugs]
            assert not [d for d in others if d in labels], f"figure {number} draws removed drugs"
        grows = figure(lesson_run, 1).get_figheight() > shipped["heights"][0]
        assert grows == (count > 5)
        assert f"{len(drugs)} drugs, in the order drawn" in texts(lesson_run)
    assert not found, "\n".join(found)


def test_an_80_character_name_is_wrapped_and_kept_on_its_rows(tmp_path):
    data = copy_data(tmp_path)
    header, rows = read(data, "receptor_affinity")
    write(data, "receptor_affinity", header, rows + made_up_drugs(["Escitalopram", LONG_NAME]))
    _, rows = read(data, "cognitive_tests")
    append(data, "cognitive_tests", [LONG_NAME if c == "mianserin" else c for c in rows[2]])
    with run(data) as lesson_run:
        found = problems(lesson_run, data)
        for number in (1, 2, 4, 5):
            wrapped = [t.get_text() for ax in figure(lesson_run, number).axes
                       for t in ax.get_yticklabels() if "methoxy" in t.get_text()]
            assert wrapped and all("\n" in t for t in wrapped), f"figure {number}: {wrapped}"
            assert all(max(map(len, t.splitlines())) <= helpers.LABEL_WIDTH for t in wrapped)
    assert not found, "\n".join(found)


def test_removed_rows_and_categories_do_not_break_a_chart(tmp_path):
    data = copy_data(tmp_path)
    edit(data, "receptor_affinity",
         lambda h, rows: [r for r in rows if r[4] != "goodman_gilman_12e" and r[0] != "Amitriptyline"])
    edit(data, "side_effect_receptors", lambda h, rows: [r for r in rows if r[0] != "muscarinic"])
    edit(data, "depression_brain_regions", lambda h, rows: [r for r in rows if r[0] != "hippocampus"])
    edit(data, "cognitive_tests", lambda h, rows: [r for r in rows if r[0] != "7a"])
    edit(data, "mci_progression", lambda h, rows: [r for r in rows if not r[0].startswith("time")])
    edit(data, "cognitive_classification", lambda h, rows: [r for r in rows if r[1] != "excitation"])
    with run(data) as lesson_run:  # no cell raises
        found = problems(lesson_run, data)
        assert len(lesson_run.figures) == 7
        assert len(figure(lesson_run, 1).axes) == 2  # one panel a receptor left
        assert "Amitriptyline" not in tick_labels(figure(lesson_run, 2))
        assert "hippocampus" not in tick_labels(figure(lesson_run, 3))
        assert len(figure(lesson_run, 5).axes) == 1 and len(figure(lesson_run, 6).axes) == 1
        assert "excitation" not in tick_labels(figure(lesson_run, 7))
        text = texts(lesson_run)
        assert "Goodman & Gilman (2010)" not in " ".join(
            t.get_text() for t in figure(lesson_run, 1).legends[0].get_texts())
        assert "n/a     amitriptyline's alpha-1 Ki of 25" in text
        assert "These data do not hold both sources" in text
        assert "120 to 130 of 200 people (approximately)." in text
    assert not found, "\n".join(found)


def test_values_outside_the_shipped_enums_are_drawn(tmp_path):
    """A teacher who extends an enum in datapackage.json sees the new category drawn."""
    data = copy_data(tmp_path)
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    added = {("cognitive_classification", "category"): "psychomotor slowing",
             ("depression_brain_regions", "region"): "anterior cingulate cortex",
             ("receptor_affinity", "source"): "teacher_2024",
             ("receptor_affinity", "receptor"): "5-HT2C",
             ("side_effect_receptors", "receptor"): "5-HT2C",
             ("cognitive_tests", "panel"): "7c",
             ("mci_progression", "quantity"): "annual conversion rate"}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if (resource["name"], field["name"]) in added:
                field["constraints"]["enum"].append(added[resource["name"], field["name"]])
    (data / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    _, rows = read(data, "cognitive_classification")
    append(data, "cognitive_classification",
           ["classification", "psychomotor slowing", "amitriptyline", "drug", "is said to cause",
            rows[0][5]])
    _, rows = read(data, "depression_brain_regions")
    append(data, "depression_brain_regions",
           ["anterior cingulate cortex", "attention", "reduced", "stated", rows[0][4]])
    append(data, "receptor_affinity",
           ["Fluvoxamine", "H1", "5000", "=", "teacher_2024", "literature", ""],
           ["Amitriptyline", "5-HT2C", "6", "=", "teacher_2024", "literature", ""])
    _, rows = read(data, "side_effect_receptors")
    append(data, "side_effect_receptors",
           ["5-HT2C", "5-HT2C blockade", "may cause", "weight gain", "weight gain",
            "may cause weight gain", rows[0][6]])
    _, rows = read(data, "cognitive_tests")
    append(data, "cognitive_tests", ["7c", "word recall", *rows[0][2:]])
    append(data, "mci_progression", ["annual conversion rate", "10", "15", "percent",
                                     "About 10-15% a year.", "newsletter", "literature"])
    with run(data) as lesson_run:
        found = problems(lesson_run, data)
        assert len(figure(lesson_run, 1).axes) == 4
        assert "5-HT2C: potent blockade may cause weight gain" in [
            " ".join(ax.get_title(loc="left").split()) for ax in figure(lesson_run, 1).axes]
        assert "teacher_2024" in " ".join(t.get_text() for t in figure(lesson_run, 1).legends[0].get_texts())
        assert "5-HT2C teacher_2024" in tick_labels(figure(lesson_run, 2))
        assert "anterior cingulate cortex" in tick_labels(figure(lesson_run, 3))
        assert "attention" in tick_labels(figure(lesson_run, 3))
        assert len(figure(lesson_run, 5).axes) == 3 and len(figure(lesson_run, 6).axes) == 3
        assert "psychomotor slowing" in tick_labels(figure(lesson_run, 7))
    assert not found, "\n".join(found)


def test_changed_values_change_the_computed_prose_and_flag_the_scoped_prose(tmp_path, shipped):
    data = copy_data(tmp_path)

    def change(header, rows):
        for row in rows:
            if row[:2] == ["Sertraline", "alpha-1"] and row[4] == "newsletter":
                row[2] = "40"
            if row[:2] == ["Fluvoxamine", "muscarinic"] and row[4] == "goodman_gilman_12e":
                row[2] = "24"
        return rows

    edit(data, "receptor_affinity", change)
    edit(data, "mci_progression", lambda h, rows: [
        [*r[:2], "30", *r[3:]] if r[0].startswith("time") and r[5] == "busse_2006" else r
        for r in rows])
    with run(data) as lesson_run:
        found = problems(lesson_run, data)
        text = texts(lesson_run)
    assert not found, "\n".join(found)
    assert "NO      SSRIs have 'much lower alpha-1 receptor affinity': sertraline (400) not potent  [data: 40 nM, potent]" in text
    assert "the sources make different calls for 2" in text
    assert "for Fluvoxamine: *none predicted* (newsletter); or *memory loss, dementia-like features* (G&G)" in text
    assert "mostly within 30 months" in text
    assert "the same call for every one" not in text
    for scope in ("The paragraph above, on the unit,", "The paragraph below describes",
                  "(mci_progression)"):
        assert f"CHANGED DATA: {scope}" in text or scope in text, scope
    assert text.count("CHANGED DATA: The") >= 4


def test_threshold_written_with_a_thousands_separator_stops_with_one_message():
    with pytest.raises(LessonCellError) as info:
        run(None, potency_threshold_nm="1,000").close()
    message = str(info.value)
    assert "potency_threshold_nm: got the text '1,000'" in message
    assert "a number in nM such as 1000" in message
    assert "number_parameter" in message  # stopped in the parameter check, not in a helper
    assert "potency_call" not in message


def test_threshold_given_as_plain_text_is_read_as_a_number(shipped):
    with run(None, potency_threshold_nm="250") as lesson_run:
        text = texts(lesson_run)
    assert "At the threshold of 250 nM the rule predicts" in text
    assert "predicted at a threshold of 250 nM" in text


# --------------------------------------------------------------------------- issue 15 and 14: what the charts say


def _titles(fig) -> list[str]:
    return [" ".join(ax.get_title(loc="left").split()) for ax in fig.axes]


def test_receptor_panels_keep_the_texts_graded_verbs(shipped):
    """Each panel says what the text says: associated with, causes ... may result in, may produce."""
    titles = _titles(figure(shipped["run"], 1))
    verbs = {"alpha-1": ["is associated with"], "H1": ["causes", "may result in"],
             "muscarinic": ["may produce"]}
    for receptor, said in verbs.items():
        (title,) = [t for t in titles if t.startswith(f"{receptor}:")]
        assert all(verb in title for verb in said), title
        assert "→" not in title
    assert "graded" not in " ".join(titles)  # the verbs themselves, not a word about them


def test_the_potency_threshold_is_marked_as_chosen_here(shipped):
    grid = figure(shipped["run"], 2).axes[0]
    assert "100 nM (chosen here" in " ".join(grid.get_title().split())
    profile = figure(shipped["run"], 1)
    assert "chosen here" in " ".join(profile.axes[-1].get_xlabel().split())
    alt = shipped["run"].figures[0].alt
    assert "chosen here, not by the text" in alt


def test_figure5_regions_and_functions_have_axis_titles(shipped):
    (ax,) = figure(shipped["run"], 3).axes
    assert ax.get_xlabel().startswith("Brain region")
    assert ax.get_ylabel().startswith("Cognitive function")


def test_classification_is_four_categories_and_a_separate_list_to_avoid(shipped):
    fig = figure(shipped["run"], 7)
    classification, avoid = fig.axes
    assert [t.get_text().replace("\n", " ") for t in classification.get_xticklabels()] == [
        "excitation", "sedation", "neutral", "cognitive enhancing"]
    assert [t.get_text().replace("\n", " ") for t in avoid.get_xticklabels()] == [
        "behavioural toxicity"]
    assert "classification" in classification.get_title(loc="left")
    assert "drugs to avoid" in " ".join(avoid.get_title(loc="left").split())
    text = shipped["text"]
    assert "The classification has 4 categories (excitation, sedation, neutral and cognitive " \
           "enhancing)" in text
    assert "The separate list of drugs to avoid names the tricyclics (a drug class)" in text
    assert "names 5 categories" not in text
    assert "not checked against a source" not in text  # no unverified claim (mirtazapine's class)
    assert "which the text names without saying to which class it belongs" in text


def test_classification_entries_stay_inside_their_boxes(shipped):
    """'specific serotonergic antidepressants' and every other entry fit their column's box."""
    fig = figure(shipped["run"], 7)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        boxes = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle)]
        for text in ax.texts:
            extent = text.get_window_extent(renderer)
            (box,) = [b for b in boxes if b.x0 <= (extent.x0 + extent.x1) / 2 <= b.x1]
            assert box.x0 < extent.x0 and extent.x1 < box.x1, text.get_text()
            assert box.y0 < extent.y0 and extent.y1 < box.y1, text.get_text()
            checked += 1
    assert checked == 8


KEYS = ("hale_pinninti_1995", "perez_ashford_1990", "busse_2006", "goodman_gilman_12e",
        "hindmarch_1995")


def test_what_a_student_reads_shows_citations_not_keys_or_reprs(shipped):
    """Outputs of every cell a student sees: no source key, no column name, no Python dict."""
    run = shipped["run"]
    hidden = {index for index, _, tags in code_cells(run.notebook) if "solution" in tags}
    columns = {c for frame in frames_used(None).values() for c in frame.columns if "_" in c}
    for cell in run.cells:
        if cell.index in hidden:
            continue
        for output in cell.outputs:
            shown = "\n".join(str(v) for v in output.data.values()).replace("\\_", "_")
            for key in (*KEYS, *columns):
                assert key not in shown, f"{cell.name} shows {key!r}"
            assert "{'" not in shown and "[busse" not in shown, cell.name
            assert "[newsletter]" not in shown and "[original]" not in shown, cell.name
    assert "Busse et al., Br J Psychiatry 2006:" in shipped["text"]
    assert "Hale & Pinninti, J Psychopharmacol 1995" in shipped["text"]
