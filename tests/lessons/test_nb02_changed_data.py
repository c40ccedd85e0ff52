"""Notebook 02 on a teacher's changed data: charts join by key and hold any rows, prose follows.

Each test edits a scratch copy of data/ (never data/ itself), runs the lesson in this
process (``tests/lesson_runner.py``) and reads every chart back
(``tests/chart_readback.py``): each value on its own drug's row, every text inside the
figure, tick labels not overprinting, legends off the data. Tests of the lesson on the
shipped data read its one shared run (``shipped_lesson``, tests/shipped_runs.py): the
full lesson, so a test about what a student sees leaves the solution cells out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import matplotlib.colors as mcolors
import pytest
from chart_readback import assert_chart_ok, chart_signature, compare_signatures
from lesson_runner import NOTEBOOK_DIR, LessonCellError, run_lesson
from matplotlib.collections import PathCollection
from matplotlib.text import Annotation

import helpers

NOTEBOOK = "02_ssri_affinities.ipynb"
DATA = Path(__file__).resolve().parents[2] / "data"
EXERCISE_1 = 'if helpers.rows_available(affinity, drug="Fluvoxamine")'
SOLUTION = ("solution",)
LONG_NAME = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A teacher's copy of data/, as `make copy-data` makes it."""
    target = tmp_path / "my-data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def extra_drugs(count: int) -> list[dict[str, str]]:
    """Made-up Table 1 rows (with their ratio rounded as printed), the first with a long name."""
    rows = []
    for k in range(count):
        ki1, ki2 = 5 * (k + 1), 700 * (k + 2)
        rows.append({"drug": LONG_NAME if k == 0 else f"Testdrug {k:02d}",
                     "drug_class": "TCA" if k % 3 == 0 else "SSRI",
                     "ki_sigma1_nm": str(ki1), "ki_sigma2_nm": str(ki2),
                     "printed_ratio": str(int(ki2 / ki1 + 0.5))})
    return rows


def set_affinity_rows(copy: Path, change) -> list[dict[str, str]]:
    fields, rows = read_rows(copy / "sigma_affinity.csv")
    rows = change(rows)
    write_rows(copy / "sigma_affinity.csv", fields, rows)
    return rows


def charts_ok(run) -> None:
    assert len(run.figures) == 3
    for shown in run.figures:
        assert_chart_ok(shown.figure, run.frames, name=shown.name)


def output_of(run, first_line: str, *, skip_tags: tuple[str, ...] = ()) -> str:
    """The output of the one code cell that has a line starting with ``first_line``.

    Cells tagged with any of ``skip_tags`` are not looked at (``SOLUTION``: the cells
    a student sees before the solutions).
    """
    found = [c.text for c in run.cells if not c.tagged(skip_tags)
             and any(line.startswith(first_line) for line in c.source.splitlines())]
    assert len(found) == 1, f"{len(found)} cells have a line starting {first_line!r}"
    return found[0]


def student_figures(run) -> list:
    """The figures a student sees before the solutions (those not shown by a solution cell).

    In notebook 02 every chart comes before the exercises, so these are ``run.figures``;
    selecting them by the cell's tags keeps the indices right if a solution ever shows one.
    """
    shown = [s for s in run.figures if not s.cell.tagged(SOLUTION)]
    assert len(shown) == 3, [s.name for s in shown]
    return shown


def test_sorted_rows_draw_every_value_on_its_own_row(copy, shipped_lesson):
    """The reported bug: Table 1 sorted A-Z put each drug's markers on another drug's row."""
    set_affinity_rows(copy, lambda rows: sorted(rows, key=lambda r: r["drug"]))
    shipped = shipped_lesson(NOTEBOOK)
    with run_lesson(NOTEBOOK, data_dir=copy) as sorted_run:
        charts_ok(sorted_run)
        for before, after in zip(shipped.figures, sorted_run.figures, strict=True):
            assert not compare_signatures(chart_signature(before.figure),
                                          chart_signature(after.figure), name=after.name)
        # same values, so every computed sentence and alternative is the same
        assert [s.alt for s in sorted_run.figures][1:] == [s.alt for s in shipped.figures][1:]
        prose = "**Tightest sigma-1 binding:**"
        assert prose in output_of(sorted_run, "ratio = selectivity")
        assert output_of(sorted_run, "ratio = selectivity") == output_of(shipped, "ratio = selectivity")


@pytest.mark.parametrize("added", [1, 32])  # 9 drugs with one long name; 40 drugs
def test_long_names_and_many_drugs_fit(copy, added):
    set_affinity_rows(copy, lambda rows: rows + extra_drugs(added))
    with run_lesson(NOTEBOOK, data_dir=copy) as run:
        charts_ok(run)
        paired = run.figures[0].figure
        assert len(paired.axes[0].get_yticks()) == 8 + added
        heights = [shown.figure.get_figheight() for shown in run.figures[:2]]
        assert all(h > 4.2 for h in heights), "figures grow with their rows"
        assert LONG_NAME in run.figures[0].alt


def test_one_drug(copy):
    set_affinity_rows(copy, lambda rows: [r for r in rows if r["drug"] == "Sertraline"])
    with run_lesson(NOTEBOOK, data_dir=copy, skip_tags=("solution",)) as run:
        charts_ok(run)
        prose = output_of(run, "ratio = selectivity")
        assert "Tightest sigma-1 binding:** Sertraline" in prose
        assert "tricyclic" not in prose.lower()  # no sentence about classes that are absent
        assert "no tricyclics in the loaded data" in run.figures[0].alt


def test_changed_value_changes_every_conclusion(copy):
    """Exercise 1's change made in the data: no sentence may still say fluvoxamine leads."""

    def slower(rows):
        for row in rows:
            if row["drug"] == "Fluvoxamine":
                row["ki_sigma1_nm"] = "300"
        return rows

    set_affinity_rows(copy, slower)
    with run_lesson(NOTEBOOK, data_dir=copy) as run:
        charts_ok(run)
        text = "\n".join(run.text_lines(figure_descriptions=True))
        assert "values exactly as in the newsletter" not in text
        assert "CHANGED, not as printed in the newsletter" in text
        assert "CHANGED DATA: The paragraph below describes the newsletter's values" in text
        prose = output_of(run, "ratio = selectivity")
        assert "**Tightest sigma-1 binding:** Sertraline (Ki 57 nM)" in prose
        assert "**Most selective for sigma-1:** Sertraline (ratio 92.9), the same." in prose
        assert "a Ki 33 times that of Sertraline" in prose  # paroxetine 1,893 / 57
        assert "Fluvoxamine (300 nM, 1.1-fold)" in prose  # now within two-fold of imipramine
        assert ("2 of the 6 SSRI rows bind sigma-1 at least twice as tightly as every tricyclic "
                "(Sertraline and S(+)Fluoxetine)") in prose
        assert "Rank order agrees for 3 of the 8 drugs in both lists." in text
        assert "Highest sigma-1 affinity in Table 1: Sertraline (Ki = 57 nM)" in text
        assert ("Highest among its 6 SSRI rows (5 SSRIs): Sertraline; the newsletter's \"Amongst "
                "the SSRIs, fluvoxamine has the highest affinity\" does not hold in these values.") in text
        assert "(instead of 28.1)" in output_of(run, EXERCISE_1)
        assert "234.4" not in output_of(run, EXERCISE_1)


def test_rank_order_with_a_drug_only_one_list_has(copy):
    added = {"drug": "Vortioxetine", "drug_class": "SSRI", "ki_sigma1_nm": "100",
             "ki_sigma2_nm": "1000", "printed_ratio": "10"}
    set_affinity_rows(copy, lambda rows: [*rows, added])
    fields, ranks = read_rows(copy / "sigma1_rank_order.csv")
    write_rows(copy / "sigma1_rank_order.csv", fields, [r for r in ranks if r["drug"] != "Citalopram"])
    with run_lesson(NOTEBOOK, data_dir=copy) as run:
        text = output_of(run, "compared = comparison[shared]")
        assert "Rank order agrees for 7 of the 7 drugs in both lists." in text
        assert ("Not compared, in the loaded Table 1 but not in Narita et al.'s order: "
                "Citalopram and Vortioxetine.") in text
        table = output_of(run, 'published = helpers.load("sigma1_rank_order"')
        assert "NO" not in table.split()
        assert table.count("not in Narita's list") == 2


def test_off_target_chart_shows_a_drug_a_teacher_adds(copy):
    fields, rows = read_rows(copy / "receptor_affinity.csv")
    rows = [r for r in rows if r["drug"] != "Mirtazapine"]  # one removed
    rows.append({"drug": LONG_NAME, "receptor": "H1", "ki_nm": "8000000", "qualifier": "=",
                 "source": "goodman_gilman_12e", "kind": "literature", "note": ""})
    rows.append({"drug": "Vortioxetine", "receptor": "muscarinic", "ki_nm": "0.01",
                 "qualifier": "=", "source": "newsletter", "kind": "as-printed", "note": ""})
    write_rows(copy / "receptor_affinity.csv", fields, rows[::-1])
    with run_lesson(NOTEBOOK, data_dir=copy) as run:
        charts_ok(run)
        off_target = run.figures[2].figure
        labels = [t.get_text() for t in off_target.axes[0].get_yticklabels()]
        assert labels[:4] == ["Amitriptyline", "Sertraline", "Paroxetine", "Fluvoxamine"]
        assert set(labels[4:]) == {helpers.wrap_label(LONG_NAME), "Vortioxetine"}
        for ax in off_target.axes:  # every value inside the x range
            low, high = ax.get_xlim()
            assert low <= 0.01 and high >= 8e6
        agreement = output_of(run, "pairs = exact.dropna()")
        assert "Vortioxetine (1 receptor, 1 value)" in agreement


def test_solutions_say_which_named_drug_is_missing(copy):
    """Exercise 2 and 4 name paroxetine: without it their solutions say so and the lesson goes on."""
    set_affinity_rows(copy, lambda rows: [r for r in rows if r["drug"] != "Paroxetine"])
    with run_lesson(NOTEBOOK, data_dir=copy) as run:
        charts_ok(run)
        for first_line in ("at_100 = ", 'if helpers.rows_available(affinity, drug=["Fluvoxamine"'):
            text = output_of(run, first_line)
            assert ("Skipped: this cell needs drug = 'Paroxetine', which the loaded sigma_affinity "
                    "does not have (drug: (±)Fluoxetine, Citalopram, Desipramine, Fluvoxamine, ") in text
            assert "Error" not in text
        assert "Fluvoxamine would rank 5 of 7" in output_of(run, EXERCISE_1)


@pytest.mark.parametrize(("value", "shown"), [("250", "at 250 nM free"), (250, "at 250 nM free")])
def test_free_concentration_as_number_or_plain_text(value, shown):
    with run_lesson(NOTEBOOK, parameters={"free_conc_nm": value}, skip_tags=("solution",)) as run:
        assert shown in output_of(run, "occupied = affinity")


@pytest.mark.parametrize("value", ["1,000", "100 nM", 0, -5, True])
def test_a_free_concentration_it_cannot_use_is_named(value):
    with pytest.raises(LessonCellError) as failure:
        run_lesson(NOTEBOOK, parameters={"free_conc_nm": value})
    message = str(failure.value)
    assert "ParameterError: free_conc_nm: got" in message
    assert "data_dir = helpers.path_parameter" in message or "free_conc_nm" in message


# --------------------------------------------------------------------------- issue 15 (truth review)

RING = "#7a0000"  # the ring and label of a row whose printed ratio does not round


def _row_positions(ax) -> dict[str, float]:
    """Each row label of a chart (line breaks joined) and its y position."""
    return {" ".join(t.get_text().split()): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(),
                                                            strict=True)}


def _mismatch_marks(fig):
    """(label text, y of its row) and (x, y) of the rings drawn on the selectivity chart."""
    ax = fig.axes[0]
    labels = [(" ".join(t.get_text().split()), t.xy[1]) for t in ax.texts
              if isinstance(t, Annotation) and t.get_text().startswith("printed ")]
    rings = [tuple(xy) for c in ax.collections if isinstance(c, PathCollection)
             and len(c.get_offsets()) and mcolors.same_color(c.get_edgecolor()[0], RING)
             for xy in c.get_offsets().tolist()]
    return labels, rings


def test_selectivity_chart_labels_the_row_whose_printed_ratio_does_not_round(shipped_lesson):
    """Issue 15.4: the chart for slides carries both Table 1 errors, not only the table above it."""
    selectivity = student_figures(shipped_lesson(NOTEBOOK))[1]
    fig = selectivity.figure
    fig.canvas.draw()
    ax = fig.axes[0]
    rows = _row_positions(ax)
    labels, rings = _mismatch_marks(fig)
    assert labels == [("printed 68; 16,100 / 240 = 67.1, which does not round to 68",
                       rows["(±)Fluoxetine"])]
    assert rings == [(68.0, rows["(±)Fluoxetine"])]
    label = next(t for t in ax.texts if t.get_text().startswith("printed "))
    extent, box = label.get_window_extent(), ax.bbox
    assert box.x0 <= extent.x0 and extent.x1 <= box.x1, "the label crosses the axes"
    for tick in ax.get_yticklabels():  # no row label under it
        assert not extent.overlaps(tick.get_window_extent())
    entries = [" ".join(t.get_text().split()) for t in ax.get_legend().get_texts()]
    assert "as printed, under the heading 'sigma-1/sigma-2'" in entries
    assert "ringed and labelled on the chart" in selectivity.alt


def test_selectivity_chart_labels_whichever_rows_disagree_in_the_loaded_data(copy):
    def change(rows):
        for row in rows:
            if row["drug"] == "(±)Fluoxetine":
                row["printed_ratio"] = "67"  # now it rounds
            if row["drug"] == "Citalopram":
                row["printed_ratio"] = "20"  # 5,410 / 292 = 18.5: does not round to 20
        return rows

    set_affinity_rows(copy, change)
    with run_lesson(NOTEBOOK, data_dir=copy, skip_tags=("solution",)) as run:
        charts_ok(run)
        fig = run.figures[1].figure
        fig.canvas.draw()
        rows = _row_positions(fig.axes[0])
        labels, rings = _mismatch_marks(fig)
        assert labels == [("printed 20; 5,410 / 292 = 18.5, which does not round to 20",
                           rows["Citalopram"])]
        assert rings == [(20.0, rows["Citalopram"])]


def test_selectivity_chart_without_a_disagreement_labels_nothing(copy):
    set_affinity_rows(copy, lambda rows: [{**r, "printed_ratio": "67"} if r["drug"] == "(±)Fluoxetine"
                                          else r for r in rows])
    with run_lesson(NOTEBOOK, data_dir=copy, skip_tags=("solution",)) as run:
        assert _mismatch_marks(run.figures[1].figure) == ([], [])
        assert "ringed" not in run.figures[1].alt


def test_every_ssri_row_is_placed_against_the_tricyclics(shipped_lesson):
    """Issue 15.5: S(+)-fluoxetine (120 nM) also binds clearly more tightly than imipramine (343 nM)."""
    prose = output_of(shipped_lesson(NOTEBOOK), "ratio = selectivity", skip_tags=SOLUTION)
    against = prose[prose.index("**SSRI rows against the tricyclics:**"):]
    for drug in ("Fluvoxamine", "Sertraline", "S(+)Fluoxetine", "(±)Fluoxetine", "Citalopram",
                 "Paroxetine"):
        assert against.count(f"{drug} (") >= 1, drug
    assert "*Two- to five-fold more tightly:* S(+)Fluoxetine (120 nM, 2.9-fold)." in against
    assert ("3 of the 6 SSRI rows bind sigma-1 at least twice as tightly as every tricyclic "
            "(Fluvoxamine, Sertraline and S(+)Fluoxetine)") in against
    assert "*Less tightly:* Paroxetine (1,893 nM, 5.5-fold weaker)." in against


def test_table_1_cannot_carry_the_claim_about_all_current_antidepressants(shipped_lesson):
    text = output_of(shipped_lesson(NOTEBOOK), "compared = comparison[shared]", skip_tags=SOLUTION)
    assert "Table 1 compares 7 drugs in 8 rows" in text
    assert ("not to support the newsletter's closing claim that fluvoxamine has \"the highest "
            "affinity, of current antidepressants, for the sigma-1 receptor\"") in text
    assert "Highest among its 6 SSRI rows (5 SSRIs): Fluvoxamine" in text


def _notebook_text() -> str:
    notebook = json.loads((NOTEBOOK_DIR / NOTEBOOK).read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts += ["".join(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
    return " ".join(" ".join(parts).split())


def test_never_six_ssris():
    """Issue 15.6: six SSRI rows, but five drugs (fluoxetine as S(+) and as the racemate)."""
    text = _notebook_text()
    assert not re.search(r"\b(six|6) SSRIs\b", text, flags=re.IGNORECASE)
    assert "six SSRI rows but five SSRIs" in text


def test_assumptions_are_labelled_where_they_are_used(shipped_lesson):
    """Issue 15.3: the 100 nM free concentration is assumed; the Ki are rat-brain, in vitro."""
    notebook = json.loads((NOTEBOOK_DIR / NOTEBOOK).read_text(encoding="utf-8"))
    parameters = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert "ASSUMED" in "".join(parameters["source"])
    about = next("".join(c["source"]) for c in notebook["cells"]
                 if c["cell_type"] == "markdown" and "### Parameters" in "".join(c["source"]))
    assert "**assumed**" in about and "in vitro, in rat brain" in about
    run = shipped_lesson(NOTEBOOK)
    table = output_of(run, "occupied = affinity", skip_tags=SOLUTION)
    assert ("Derived: occupancy = C / (C + Ki) at an assumed free concentration C = 100 nM "
            "(not measured or reported); Ki from Table 1 (rat brain, in vitro)") in table
    assert "at 100 nM free (assumed)" in table
    off_target = student_figures(run)[2].figure
    assert "The newsletter prints no Ki unit (nM assumed)" in " ".join(
        off_target.get_supxlabel().split())


def test_off_target_chart_title_legend_and_bound_labels_stay_clear(shipped_lesson):
    """Issue 15.7 and 14.4: the title clear of the legend; '> 100,000' inside its own panel."""
    fig = student_figures(shipped_lesson(NOTEBOOK))[2].figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0]
    assert "Off-target affinity" in legend.get_title().get_text()
    assert fig._suptitle is None or not fig._suptitle.get_text()
    heading = legend.get_window_extent(renderer)
    for ax in fig.axes:
        assert not heading.overlaps(ax.get_tightbbox(renderer)), ax.get_title(loc="left")
        bounds = [t for t in ax.texts if t.get_text().startswith(("> ", "< "))]
        for label in bounds:
            extent = label.get_window_extent(renderer)
            assert ax.bbox.x0 <= extent.x0 and extent.x1 <= ax.bbox.x1, label.get_text()
            others = [o.get_window_extent(renderer) for o in bounds if o is not label]
            assert not any(extent.overlaps(o) for o in others)
            points = [xy for c in ax.collections if isinstance(c, PathCollection)
                      for xy in c.get_offset_transform().transform(c.get_offsets())]
            own = ax.transData.transform(label.bound_xy)
            near = extent.padded(3)
            assert not [p for p in points if near.contains(*p) and abs(p - own).max() > 0.5], \
                f"{label.get_text()} covers a marker in {ax.get_title(loc='left')}"
    assert {t.get_text() for ax in fig.axes for t in ax.texts if t.get_text()} >= {
        "> 100,000", "> 10,000"}
