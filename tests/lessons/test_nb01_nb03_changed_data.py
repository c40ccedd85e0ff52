"""Lessons 01 and 03 on data a teacher changed: charts join by key, grow, and prose follows.

Each lesson runs in-process (no kernel, ``tests/lesson_runner.py``) on an edited
copy of ``data/``: rows in reverse order, many more rows, an 80-character name,
changed values, a drug removed. Every figure is drawn and read back: each text
inside the figure, tick labels that do not overprint, texts that do not overlap,
legends off the data. The outputs (computed sentences, figure descriptions) are
checked against the edited data, and the parameter checks against bad values.

The shipped runs are the suite's shared ones (``shipped_lesson``, tests/shipped_runs.py):
read and drawn here, never closed or changed. Each changed-data run is this module's own:
summarised (:func:`summarise`), then closed at once.
"""

from __future__ import annotations

import itertools
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from chart_readback import _drawn_extent, _renderer, figure_texts
from lesson_runner import LessonCellError, LessonRun, Output, run_lesson
from matplotlib.patches import Rectangle

import helpers
from helpers.banner import DataChanges
from helpers.project import ALT_TEXT_KEY
from helpers.scoping import ChangedDataNote

PROJECT = Path(__file__).resolve().parents[2]
NB01 = PROJECT / "notebooks" / "01_sigma_basics.ipynb"
NB03 = PROJECT / "notebooks" / "03_neurotrophic_hypothesis.ipynb"
LONG_NAME = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime"


# --------------------------------------------------------------------------- what a lesson showed

@dataclass
class Summary:
    """What a lesson showed: texts in order, figure descriptions, figure problems.

    ``texts`` holds each displayed object and result in its Markdown form where it
    has one (else its plain text), each stdout output and each CHANGED DATA note
    above scoped prose; ``notes`` those notes alone (plain text); ``alts`` the figure
    descriptions (text alternatives) in order; ``banners`` the CHANGED DATA banners
    of ``helpers.announce_changes`` (plain text), which are not in ``texts``;
    ``figures`` a :func:`_describe_figure` dict per figure, ``problems`` what
    :func:`figure_problems` found in them ("figure N: ...").
    """

    texts: list[str] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    namespace: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def _inside(outer, inner, tol=1.0) -> bool:
    return (inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol
            and inner.y0 >= outer.y0 - tol and inner.y1 <= outer.y1 + tol)


def _tick_labels(axis):
    """The tick labels matplotlib draws: those of ticks inside the view interval."""
    lo, hi = sorted(axis.get_view_interval())
    span = (hi - lo) * 1e-9
    return [tick.label1 for tick in axis.get_major_ticks()
            if lo - span <= tick.get_loc() <= hi + span and tick.label1.get_visible()]


def _visible_texts(fig):
    """Every drawn text of the figure with a name for messages."""
    found = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        items = [*ax.texts, ax.title, ax._left_title, ax._right_title, ax.xaxis.label,
                 ax.yaxis.label]
        if ax.axison:
            items += _tick_labels(ax.xaxis) + _tick_labels(ax.yaxis)
        legend = ax.get_legend()
        if legend is not None:
            items += [*legend.get_texts(), legend.get_title()]
        found += items
    for legend in fig.legends:
        found += [*legend.get_texts(), legend.get_title()]
    found += list(fig.texts) + [t for t in (fig._suptitle, fig._supxlabel) if t is not None]
    unique = list({id(t): t for t in found}.values())  # the supxlabel is in fig.texts too
    return [t for t in unique if t.get_visible() and t.get_text().strip()]


def figure_problems(fig) -> list[str]:
    """Read a drawn figure back: texts inside, no overprinting, legends off the data.

    It draws the figure and reads it; it changes nothing (no layout engine, size or
    artist is set), so it may read a shared run's figures.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    texts = _visible_texts(fig)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for text, box in zip(texts, boxes, strict=True):
        if not _inside(fig.bbox, box):
            problems.append(f"text outside the figure: {text.get_text()[:50]!r}")
    for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes, strict=True), 2):
        if box_a.overlaps(box_b):
            problems.append(f"texts overlap: {a.get_text()[:30]!r} / {b.get_text()[:30]!r}")
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for labels in (_tick_labels(ax.xaxis), _tick_labels(ax.yaxis)):
            boxes = [t.get_window_extent(renderer) for t in labels
                     if t.get_visible() and t.get_text().strip()]
            problems += [f"tick labels overprint in {ax.get_title()[:30]!r}"
                         for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
        bars = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle)]
        for text in ax.texts:
            if text.get_visible() and text.get_text().strip():
                box = text.get_window_extent(renderer)
                problems += [f"text on a bar: {text.get_text()[:30]!r}" for bar in bars
                             if box.overlaps(bar)]
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        for line in ax.lines:
            if len(line.get_xdata()) < 3 or line.get_transform() != ax.transData:
                continue
            points = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
            if any(box.contains(*p) for p in points):
                problems.append(f"legend on a line in {ax.get_title()[:30]!r}")
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and box.overlaps(patch.get_window_extent(renderer)):
                problems.append(f"legend on a bar in {ax.get_title()[:30]!r}")
    return problems


def _describe_figure(fig) -> dict:
    """What the tests check of a figure beyond its layout (read only, as drawn)."""
    summary = {"size": tuple(fig.get_size_inches()), "axes": []}
    for ax in fig.axes:
        summary["axes"].append({
            "title": ax.get_title(),
            "xticks": [(float(x), t.get_text()) for x, t in zip(ax.get_xticks(),
                                                                ax.get_xticklabels(),
                                                                strict=False)],
            "yticks": [(float(y), t.get_text()) for y, t in zip(ax.get_yticks(),
                                                                ax.get_yticklabels(),
                                                                strict=False)],
            "bars": [(p.get_x(), p.get_y(), p.get_width(), p.get_height()) for p in ax.patches
                     if isinstance(p, Rectangle)],
            "annotations": [(t.get_text(), getattr(t, "xy", None)) for t in ax.texts],
            "lines": sum(1 for line in ax.lines if len(line.get_xdata()) > 2),
            "texts": [(t.get_text(), t.get_position()) for t in ax.texts],
        })
    return summary


def _boxed_as(output: Output, css_class: str) -> bool:
    """Whether a displayed object is an orange box of this class (its HTML form says so)."""
    return f'class="{css_class}"' in str(output.data.get("text/html", ""))


def summarise(run: LessonRun) -> Summary:
    """What the tests read of a lesson run: texts, notes, figure descriptions and figures.

    Only reads the run: each figure is drawn and read back, never closed, resized or
    changed, so a shared run (``shipped_lesson``) may be summarised. Displayed objects
    and cell results count in their Markdown form where they have one (what the
    reader of the handout sees: "**The workshop.** ...", pipe tables), else as plain
    text; stdout as printed; stderr not at all. The CHANGED DATA banners of
    ``helpers.announce_changes`` go to ``banners``, not ``texts``: they list the
    edited values (an "in run.text" check must find a value where the lesson shows
    it, not in the banner's table).
    """
    summary = Summary(namespace=run.namespace)
    for output in run.outputs():
        if output.kind == "stderr":
            continue
        if _boxed_as(output, DataChanges.BOX_CLASS):
            summary.banners.append(output.text)
        elif _boxed_as(output, ChangedDataNote.BOX_CLASS):
            summary.notes.append(output.text)
            summary.texts.append(output.text)
        elif output.kind != "stdout" and "text/markdown" in output.data:
            summary.texts.append(str(output.data["text/markdown"]))
        else:
            summary.texts.append(output.text)
        if output.is_figure_description:
            summary.alts.append(output.metadata[ALT_TEXT_KEY])
    for shown in run.figures:
        summary.problems += [f"figure {shown.number}: {p}" for p in figure_problems(shown.figure)]
        summary.figures.append(_describe_figure(shown.figure))
    return summary


def summarise_lesson(notebook: Path, data_dir: Path | str | int | None = None,
                     **parameters) -> Summary:
    """Run a lesson on its own (parameters injected as papermill's ``-p``), summarise it, close it.

    The module's changed-data runs are closed as soon as they are summarised (the
    Summary holds all the tests read, the figures as dicts): kept open until the end
    of the module, their figures would pile up in pyplot (more than 20 open).
    """
    with run_lesson(notebook, data_dir, parameters) as run:
        return summarise(run)


def run_failing(notebook: Path, data_dir: Path | str | None = None, **parameters) -> None:
    """Run a lesson that must fail, and raise what its cell raised (for ``pytest.raises``)."""
    try:
        run = run_lesson(notebook, data_dir, parameters)  # closes its figures when it raises
    except LessonCellError as failure:
        raise failure.error from None
    run.close()


# --------------------------------------------------------------------------- edited data

def edited_data(tmp: Path, edits: dict) -> Path:
    """A copy of data/ with some CSV files replaced by edited frames (all values as text)."""
    target = tmp / "data"
    shutil.copytree(PROJECT / "data", target)
    for name, edit in edits.items():
        path = target / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        edit(frame).to_csv(path, index=False)
    return target


def reverse(frame):
    return frame.iloc[::-1]


@pytest.fixture(scope="module")
def tmp_module(tmp_path_factory):
    return tmp_path_factory.mktemp("changed")


@pytest.fixture(autouse=True, scope="module")
def _style():
    helpers.use_style()


# --------------------------------------------------------------------------- notebook 01

NB01_DATASETS = ("sigma_history", "sigma1_signalling", "sigma1_distribution")


@pytest.fixture(scope="module")
def nb01_shipped(shipped_lesson) -> Summary:
    """Lesson 01 on the shipped data: the suite's shared run, read (and drawn) only."""
    return summarise(shipped_lesson(NB01))


@pytest.fixture(scope="module")
def nb01_reversed(tmp_module) -> Summary:
    return summarise_lesson(NB01, edited_data(tmp_module / "nb01_rev",
                                              dict.fromkeys(NB01_DATASETS, reverse)))


def _many_events(frame):
    rows = []
    for i in range(40):
        row = frame.iloc[i % len(frame)].copy()
        row["event_id"] = str(i + 1)
        if row["year"]:
            row["year"] = str(1976 + (i * 7) % 31)
        if i == 5:
            row["event"] = LONG_NAME + " " + LONG_NAME
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def nb01_grown(tmp_module) -> Summary:
    def regions(frame):
        extra = pd.DataFrame([frame.iloc[0]] * 3)
        extra["region"] = [LONG_NAME, "Cerebellum", "Olfactory bulb"]
        return pd.concat([frame, extra])

    data = edited_data(tmp_module / "nb01_grown", {"sigma_history": _many_events,
                                                   "sigma1_distribution": regions})
    return summarise_lesson(NB01, data, tonus_levels=[0.0, 0.5, 1.0, 2.0, 4.0, 8.0])


def test_nb01_shipped_charts_read_back_clean(nb01_shipped):
    assert len(nb01_shipped.figures) == len(nb01_shipped.alts) == 5
    assert nb01_shipped.problems == []
    assert nb01_shipped.notes == []  # shipped data: no CHANGED DATA note


def test_nb01_figure_1_is_framed_as_a_reconstruction(nb01_shipped):
    diagram, alt = nb01_shipped.figures[1], nb01_shipped.alts[1]
    title = diagram["axes"][0]["title"].replace("\n", " ")
    assert "reconstructed from the text (not the printed drawing)" in title
    assert "reconstructed from the newsletter's text, not its printed drawing" in alt
    assert "Arrows 7-12 lie on a yellow band" in alt
    assert "From the editorial introduction: arrow 15, to NMDA glutamate receptor" in alt
    key = [text for text, _ in diagram["axes"][0]["texts"]]
    assert "7" in key and "15" in key


def test_nb01_workshop_delegates_are_shown_as_a_bound(nb01_shipped):
    said = [t for t in nb01_shipped.texts if t.startswith("**The workshop.**")]
    assert len(said) == 1
    assert "attended by **> 100** delegates" in said[0] and "lower bound" in said[0]


def test_nb01_workshop_sentence_follows_the_data(tmp_module):
    def counted(frame):
        frame.loc[frame.fact == "delegates", ["value", "qualifier"]] = ["120", "="]
        return frame

    run = summarise_lesson(NB01, edited_data(tmp_module / "nb01_workshop",
                                             {"workshop_facts": counted}))
    said = next(t for t in run.texts if t.startswith("**The workshop.**"))
    assert "attended by **120** delegates" in said and "a count" in said
    assert "lower bound" not in said


def test_nb01_row_order_changes_nothing_drawn_or_said(nb01_shipped, nb01_reversed):
    assert nb01_reversed.problems == []
    assert nb01_reversed.alts == nb01_shipped.alts
    assert nb01_reversed.notes == []  # same values in another order are the shipped data
    shipped_timeline = nb01_shipped.figures[0]["axes"][0]["texts"]
    assert sorted(nb01_reversed.figures[0]["axes"][0]["texts"]) == sorted(shipped_timeline)
    # the undated event sits between 1976 and 1996 whatever the file's order
    assert "dashed arrow after 1976 and before 1996" in nb01_reversed.alts[0]


def test_nb01_grows_with_events_regions_and_tonus_levels(nb01_shipped, nb01_grown):
    assert nb01_grown.problems == []
    timeline = nb01_grown.figures[0]
    labels = [t for t, _ in timeline["axes"][0]["texts"] if t.strip()]
    assert len(labels) == 40
    assert timeline["size"][1] > nb01_shipped.figures[0]["size"][1] + 2  # taller for 40 events
    assert "40 events" in nb01_grown.alts[0]
    tonus = nb01_grown.figures[4]["axes"][0]
    assert tonus["lines"] == 6  # every level drawn (the old zip stopped at four)
    assert all(f"tonus {level:g}" in nb01_grown.alts[4] for level in (0, 0.5, 1, 2, 4, 8))
    assert "Cerebellum" in nb01_grown.text


def test_nb01_changed_values_are_flagged_and_followed(nb01_shipped, tmp_module):
    def unverify_human_cloning(frame):
        frame.loc[frame.event.str.startswith("Human"), "citation_status"] = "unverified"
        return frame

    assert "Citation unverified (open marker): none" in nb01_shipped.text
    assert "open marker" not in nb01_shipped.alts[0]
    run = summarise_lesson(NB01, edited_data(tmp_module / "nb01_changed",
                                             {"sigma_history": unverify_human_cloning}))
    assert run.problems == []
    assert "Citation unverified (open marker): Human sigma-1 receptor cloned (1996)" in run.text
    assert any("CHANGED DATA" in note and "sigma_history" in note for note in run.notes)
    assert "1996 Human sigma-1 receptor cloned (open marker, citation unverified)" in run.alts[0]


def test_nb01_parameters_are_checked():
    with pytest.raises(helpers.ParameterError, match=r"k_high_nm: got the text '1,000'"):
        run_failing(NB01, k_high_nm="1,000")
    with pytest.raises(helpers.ParameterError, match=r"tonus_levels\[1\]"):
        run_failing(NB01, tonus_levels="0, -1")
    run = summarise_lesson(NB01, k_high_nm="20", tonus_levels="0, 2")
    assert run.namespace["k_high_nm"] == 20.0 and run.namespace["tonus_levels"] == [0.0, 2.0]
    assert "K = 20 nM" in run.alts[2]


def test_nb01_without_a_bell_says_so():
    run = summarise_lesson(NB01, k_high_nm=1000.0, k_low_nm=10.0)
    assert run.problems == []
    assert "no bell" in run.alts[2]
    assert "No peak with these parameters" in run.text


# --------------------------------------------------------------------------- notebook 03

NB03_DATASETS = ("sigma_affinity", "pc12_concentrations", "pc12_design", "neuron_states",
                 "pcp_study", "pcp_protocol", "pet_study")


@pytest.fixture(scope="module")
def nb03_shipped(shipped_lesson) -> Summary:
    """Lesson 03 on the shipped data: the suite's shared run, read (and drawn) only."""
    return summarise(shipped_lesson(NB03))


@pytest.fixture(scope="module")
def nb03_reversed(tmp_module) -> Summary:
    return summarise_lesson(NB03, edited_data(tmp_module / "nb03_rev",
                                              dict.fromkeys(NB03_DATASETS, reverse)))


def _many_ssris(frame, n=40):
    extra = pd.DataFrame({"drug": [LONG_NAME] + [f"Test SSRI {i}" for i in range(n - 7)],
                          "drug_class": "SSRI"})
    extra["ki_sigma1_nm"] = [str(50 + 37 * i) for i in range(len(extra))]
    extra["ki_sigma2_nm"] = "5000"
    extra["printed_ratio"] = "10"
    return pd.concat([frame, extra]).iloc[::-1]


def _many_concentrations(frame):
    values = np.geomspace(1, 100_000, 39)
    rows = pd.DataFrame({"position": [str(i + 2) for i in range(39)],
                         "label_as_printed": [f"{v:.3g}" for v in values],
                         "fluvoxamine_nm": [f"{v:.6g}" for v in values], "ngf_ng_ml": "1"})
    rows.loc[10, "label_as_printed"] = LONG_NAME
    return pd.concat([frame.iloc[:1], rows]).iloc[::-1]


def _many_groups(frame):
    extra = pd.DataFrame([frame.iloc[1]] * 4)
    extra["group"] = [LONG_NAME, "PCP + fluvoxamine 40", "PCP + paroxetine 20", "Saline"]
    extra["dose_mg_kg_day"] = ["20", "40", "20", ""]
    extra["duration_weeks"] = ["2", "2", "2", ""]
    extra["treatment"] = ["fluvoxamine", "fluvoxamine", "paroxetine", "none"]
    extra["group_order"] = ["5", "6", "7", "0"]
    extra["outcome_as_stated"] = ["improved", "improved", "not improved", "deficit"]
    frame = pd.concat([frame, extra])
    frame["group_order"] = (frame.group_order.astype(int) + 1).astype(str)
    return frame.iloc[::-1]


def _two_paroxetine_arms(frame):
    extra = frame[frame.drug == "paroxetine"].copy()
    extra["dose_mg"] = "40"
    return pd.concat([extra, frame])


@pytest.fixture(scope="module")
def nb03_grown(tmp_module) -> Summary:
    data = edited_data(tmp_module / "nb03_grown", {
        "sigma_affinity": _many_ssris, "pc12_concentrations": _many_concentrations,
        "pcp_study": _many_groups, "pet_study": _two_paroxetine_arms})
    return summarise_lesson(NB03, data)


@pytest.fixture(scope="module")
def nb03_runs(nb03_shipped, nb03_reversed, nb03_grown) -> dict[str, Summary]:
    """The three module runs of lesson 03 by name (named as fixtures, not looked up by
    ``request.getfixturevalue``, so that the tests reading them join the shared runs'
    xdist group, where the grown and reversed runs are made once)."""
    return {"shipped": nb03_shipped, "reversed": nb03_reversed, "grown": nb03_grown}


def test_nb03_shipped_charts_read_back_clean(nb03_shipped):
    assert len(nb03_shipped.figures) == len(nb03_shipped.alts) == 6
    assert nb03_shipped.problems == []
    assert nb03_shipped.notes == []
    assert "52.6 times" in nb03_shipped.text and "fifty" not in nb03_shipped.text


def test_nb03_row_order_changes_nothing_drawn_or_said(nb03_shipped, nb03_reversed):
    assert nb03_reversed.problems == []
    assert nb03_reversed.alts == nb03_shipped.alts
    assert nb03_reversed.notes == []
    for shipped, reversed_ in zip(nb03_shipped.figures, nb03_reversed.figures, strict=True):
        for a, b in zip(shipped["axes"], reversed_["axes"], strict=True):
            assert a["xticks"] == b["xticks"] and a["yticks"] == b["yticks"]
            assert sorted(a["bars"]) == sorted(b["bars"])


def test_nb03_fold_follows_the_data_and_prose_is_flagged(tmp_module):
    def paroxetine_tighter_than_printed(frame):
        frame.loc[frame.drug == "Paroxetine", "ki_sigma1_nm"] = "226.8"
        return frame

    run = summarise_lesson(NB03, edited_data(tmp_module / "nb03_fold",
                                             {"sigma_affinity": paroxetine_tighter_than_printed}))
    assert run.problems == []
    assert "6.3 times" in run.text and "52.6" not in run.text and "fifty" not in run.text
    assert "6.3-fold to the right" in run.alts[3]
    assert "226.8" in run.text  # the changed Ki is shown as given, not rounded
    assert "**not** the two ends" in run.text  # citalopram is now the weakest binder
    assert any("sigma_affinity" in note for note in run.notes)
    assert "as printed" not in run.texts[next(i for i, t in enumerate(run.texts)
                                             if "tightest sigma-1 binding first" in t)]


def test_nb03_reversed_affinity_says_the_opposite(tmp_module):
    def swap(frame):
        frame.loc[frame.drug == "Fluvoxamine", "ki_sigma1_nm"] = "1893"
        frame.loc[frame.drug == "Paroxetine", "ki_sigma1_nm"] = "36"
        return frame

    run = summarise_lesson(NB03, edited_data(tmp_module / "nb03_swap", {"sigma_affinity": swap}))
    assert "to the left" in run.alts[3]
    assert "is **not** the direction Figure 4's title states" in run.text
    assert "Fluvoxamine's sigma-1 Ki is 52.6 times paroxetine's" in run.text


def test_nb03_grows_with_drugs_concentrations_groups_and_arms(nb03_shipped, nb03_grown):
    assert nb03_grown.problems == []
    table = next(t for t in nb03_grown.texts if "tightest sigma-1 binding first" in t)
    assert table.count("\n|") == 40 + 1  # header rule + 40 SSRIs
    assert "Among the 40 SSRIs" in nb03_grown.text
    pc12, pcp = nb03_grown.figures[0], nb03_grown.figures[2]
    # one row per concentration: the figure grows by at least a row's height for each row added
    assert pc12["size"][1] - nb03_shipped.figures[0]["size"][1] >= 0.3 * (40 - 8)
    assert len(pc12["axes"][0]["bars"]) == 40
    assert pcp["size"][1] > nb03_shipped.figures[2]["size"][1]
    assert len(pcp["axes"][0]["yticks"]) == 8
    assert [t for _, t in pcp["axes"][1]["xticks"]][3] == "Fluvoxamine\n40\nmg/kg/day,\n2 weeks"
    assert "each paroxetine dose (20, 40 mg)" in nb03_grown.alts[4]


def _bars_by_label(axes: dict) -> list[tuple[str, float]]:
    """(tick label, bar value) for each bar, upright or lying, read from where it is drawn."""
    if axes["bars"] and all(x == 0 for x, _, _, _ in axes["bars"]):  # horizontal bars
        labels = dict(axes["yticks"])
        return [(labels[y + h / 2], w) for _, y, w, h in axes["bars"]]
    labels = dict(axes["xticks"])
    return [(labels[x + w / 2], h) for x, _, w, h in axes["bars"]]


@pytest.mark.parametrize("which", ["shipped", "reversed", "grown"])
def test_nb03_pc12_bars_sit_on_their_own_concentration(which, nb03_runs):
    run = nb03_runs[which]
    namespace = run.namespace
    axis = helpers.load("pc12_concentrations", namespace["data_dir"]).sort_values("position")
    pretty = namespace["pretty"]
    illustrative_sprouting = namespace["illustrative_sprouting"]
    expected = {}
    for r in axis.itertuples():
        label = pretty(r.label_as_printed)
        expected[label] = expected[helpers.wrap_label(label)] = float(
            illustrative_sprouting(r.fluvoxamine_nm))
    bars = _bars_by_label(run.figures[0]["axes"][0])
    assert len(bars) == len(axis)
    for label, value in bars:
        assert value == pytest.approx(expected[label]), label
    assert bars[0][0] == "CON"  # the printed order: position 1 first


# In the shared runs' group, as the other tests of the grown run: it is made once per session.
@pytest.mark.xdist_group("shipped-lessons")
def test_nb03_pcp_rows_carry_their_own_outcome(nb03_grown):
    pcp = helpers.load("pcp_study", nb03_grown.namespace["data_dir"]).set_index("group")
    outcome_axes = nb03_grown.figures[2]["axes"][0]
    def bare(label):  # a label without its line breaks and spaces (wrapping moves only those)
        return "".join(label.split())

    rows = {y: bare(label) for y, label in outcome_axes["yticks"]}
    for text, (_, y) in outcome_axes["annotations"]:
        group = next(g for g in pcp.index if bare(g) == rows[y])
        assert text.replace("\n", " ") == pcp.loc[group, "outcome_as_stated"]  # wrapped, word for word
    order = pcp.sort_values("group_order").index
    assert [rows[y] for y in sorted(rows)] == [bare(g) for g in order]


@pytest.mark.parametrize("keep, missing", [(["Fluvoxamine", "Sertraline"], "Paroxetine"),
                                           (["Paroxetine"], "Fluvoxamine"),
                                           (["Fluvoxamine"], "Paroxetine")])
def test_nb03_names_the_missing_drug(tmp_module, keep, missing):
    data = edited_data(tmp_module / f"nb03_keep_{'_'.join(keep)}",
                       {"sigma_affinity": lambda f: f[f.drug.isin(keep)]})
    with pytest.raises(ValueError, match=f"has no row for {missing}"):
        run_failing(NB03, data)


def test_nb03_two_drugs_only(tmp_module):
    data = edited_data(tmp_module / "nb03_two",
                       {"sigma_affinity": lambda f: f[f.drug.isin(["Fluvoxamine", "Paroxetine"])]})
    run = summarise_lesson(NB03, data)
    assert run.problems == []
    assert "Among the 2 SSRIs" in run.text and "sit at the two ends" in run.text


def test_nb03_parameters_are_checked(tmp_path):
    with pytest.raises(helpers.ParameterError, match=r"fvx_ec50_nm: got the text '1,000'"):
        run_failing(NB03, fvx_ec50_nm="1,000")
    with pytest.raises(helpers.ParameterError, match=r"conc_max_nm.*greater than conc_min_nm"):
        run_failing(NB03, conc_min_nm=100.0, conc_max_nm=10.0)
    with pytest.raises(helpers.ParameterError, match=r"ne100_block"):
        run_failing(NB03, ne100_block=2)
    with pytest.raises(helpers.ParameterError, match=r"neuron_seed"):
        run_failing(NB03, neuron_seed=1.5)
    # papermill's -p data_dir 2024 (a number) names a folder "2024" in the working directory:
    # a copy of the lesson in tmp_path runs from there (run_lesson works in the notebook's folder)
    shutil.copytree(PROJECT / "data", tmp_path / "2024")
    lesson = Path(shutil.copy(NB03, tmp_path / NB03.name))
    run = summarise_lesson(lesson, data_dir=2024, pet_ed50_mg="50")
    assert run.namespace["data_dir"] == "2024" and run.namespace["pet_ed50_mg"] == 50.0
    assert "ED50 50 mg" in run.alts[4]


# --------------------------------------------------------------------------- notebook 03: wording and print

A4_TEXT_WIDTH_IN = 6.69  # the handout prints every chart at the text width (170 mm on A4)


@pytest.fixture(scope="module")
def nb03_drawn(shipped_lesson):
    """Notebook 03's shared in-process run (tests/shipped_runs.py): the real figures, drawn
    (read-only: the exercise's chart, shown by a solution cell, is among them)."""
    run = shipped_lesson(NB03)
    for shown in run.figures:
        shown.figure.canvas.draw()
    return run


def _nb03_figure(run, words):
    return next(s for s in run.figures if words in (s.alt or ""))


def test_nb03_every_chart_text_prints_at_six_points_on_a4(nb03_drawn):
    for shown in nb03_drawn.figures:
        fig = shown.figure
        scale = min(1.0, A4_TEXT_WIDTH_IN / fig.get_figwidth())
        renderer = _renderer(fig)
        drawn = [(text, _drawn_extent(text, renderer)) for text, _ in figure_texts(fig)]  # every text drawn
        drawn = [(text, box) for text, box in drawn if box is not None]
        assert drawn
        for text, box in drawn:
            assert text.get_fontsize() * scale >= 6.0, (shown.name, text.get_text()[:40])
            assert _inside(fig.bbox, box), (shown.name, text.get_text()[:40])
        assert fig.get_figheight() * A4_TEXT_WIDTH_IN / fig.get_figwidth() <= 9.5, shown.name


def test_nb03_pcp_title_is_whole_inside_the_figure(nb03_drawn):
    fig = _nb03_figure(nb03_drawn, "Qualitative category chart").figure
    title = fig._suptitle
    assert " ".join(title.get_text().split()) == "PCP-induced cognitive deficit after treatment, as the text states it"
    assert _inside(fig.bbox, title.get_window_extent(fig.canvas.get_renderer()), tol=0.0)


def test_nb03_figure2_both_panels_have_a_y_axis_title(nb03_drawn):
    fig = _nb03_figure(nb03_drawn, "Two bar charts").figure
    titled = {ax.get_title().split(" (")[0]: ax.get_ylabel() for ax in fig.axes if ax.get_title()}
    assert set(titled) == {"Concentration axis", "6 conditions"}
    for panel, ylabel in titled.items():
        assert "Neurite-bearing cells" in ylabel and "illustrative" in ylabel, panel


def test_nb03_exercise_chart_carries_its_source(nb03_drawn):
    shown = _nb03_figure(nb03_drawn, "Three illustrative drawings of the same neuron")
    note = " ".join(shown.figure.get_supxlabel().split())
    assert "IMN March 2007, Figure 3" in note and "not data" in note


def test_nb03_figure2_says_what_comes_from_where(nb03_shipped):
    alt = nb03_shipped.alts[0]
    assert "newsletter's statement that fluvoxamine potentiates NGF and NE-100 antagonises it" in alt
    assert "follows Takebayashi et al. 2002" in alt and "the model's assumptions" in alt
    assert "dose-dependently and NE-100 blocks it" not in alt
    check = next(t for t in nb03_shipped.texts if t.startswith("Checks against the newsletter's text"))
    against_text, _, rest = check.partition("Taken from Takebayashi et al. 2002")
    from_paper, _, assumed = rest.partition("The model's assumptions (not checks):")
    assert "potentiates NGF" in against_text and "antagonises it" in against_text
    assert "dose-dependently" not in against_text and "NE-100 alone" not in against_text
    assert "dose-dependently" in from_paper
    assert "NE-100 alone leaves NGF's effect unchanged" in assumed


def test_nb03_figure3_description_says_where_each_state_is_drawn(nb03_shipped, tmp_module):
    alt = nb03_shipped.alts[1]
    treated = alt[alt.index("c) Treated state"):]
    assert "drawn above normal in arborisation and above normal in BDNF" in treated
    assert "illustrative choice" in alt

    def treated_below_normal(frame):
        frame.loc[frame.panel == "c", "arborisation_relative"] = "0.8"
        return frame

    run = summarise_lesson(NB03, edited_data(tmp_module / "nb03_treated",
                                             {"neuron_states": treated_below_normal}))
    treated = run.alts[1][run.alts[1].index("c) Treated state"):]
    assert "drawn below normal in arborisation and above normal in BDNF" in treated


def test_nb03_pcp_doses_are_read_from_the_data(nb03_shipped, tmp_module):
    assert ("fluvoxamine 20 mg/kg/day; paroxetine 10 mg/kg/day; the two SSRIs were **not** given at one and "
            "the same dose") in nb03_shipped.text

    def same_dose(frame):
        frame.loc[frame.treatment == "paroxetine", "dose_mg_kg_day"] = "20"
        return frame

    run = summarise_lesson(NB03, edited_data(tmp_module / "nb03_same_dose", {"pcp_study": same_dose}))
    assert "paroxetine 20 mg/kg/day; the two SSRIs were given at the same dose." in run.text
    assert any("pcp_study" in note for note in run.notes)  # the scoped paragraph below is flagged


def test_nb03_occupancy_says_the_free_concentration_is_assumed(nb03_shipped):
    table = next(t for t in nb03_shipped.texts if "Derived from Table 1's Ki in use" in t)
    assert "(rat brain, in vitro)" in table and "assumed free concentration C of 100 nM" in table
    assert "the free concentration is assumed, not measured: at 100 nM fluvoxamine occupies 74%" in nb03_shipped.alts[3]
    run = summarise_lesson(NB03, free_conc_nm=250.0)
    assert "assumed, not measured: at 250 nM fluvoxamine occupies 87%" in run.alts[3]
    assert "Fluvoxamine at an assumed 250 nM: 250 / (250 + 36) = 0.874" in run.text

# --------------------------------------------------------------------------- papermill

@pytest.mark.parametrize("path, names", [
    (NB01, ["data_dir", "k_high_nm", "k_low_nm", "gain", "loss", "tonus_levels", "test_dose_nm"]),
    (NB03, ["data_dir", "fvx_extra_max", "fvx_ec50_nm", "fvx_hill", "ne100_block", "neuron_seed",
            "conc_min_nm", "conc_max_nm", "free_conc_nm", "pet_ed50_mg", "pet_emax_pct"]),
])
def test_papermill_parses_every_parameter(path, names, caplog):
    import papermill

    with caplog.at_level(logging.WARNING, logger="papermill"):
        found = papermill.inspect_notebook(str(path))
    assert list(found) == names
    assert not [r for r in caplog.records if "Unable to parse" in r.getMessage()]
    assert all(found[name]["help"] for name in names)
