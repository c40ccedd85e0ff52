"""Fidelity of notebook 03's datasets (Figures 2-4, the PCP study) against the newsletter.

The expected values below are this test's own transcription of International Medical
News, March 2007 (Figure 2's axis and grid, the PCP paragraph, Figure 4's PET
paragraph) and of the original papers it cites; nothing is read from outside the
repository.
"""

import math

import pytest

import helpers

# Figure 2, concentration axis, as printed ("102" in the text extraction is 10^2):
# CON 10 30 10^2 3x10^2 10^3 3x10^3 10^4, "Fluvoxamine (nM)", "NGF 1 ng/ml".
AXIS = [("CON", 0), ("10", 10), ("30", 30), ("10^2", 100), ("3x10^2", 300),
        ("10^3", 1_000), ("3x10^3", 3_000), ("10^4", 10_000)]

# Figure 2, the grid under the bars, conditions 1..6 left to right, as printed.
GRID = {
    "NGF 1 ng/ml": "+ + + + + +",
    "FVX 10^2 nM": "– + – – + –",
    "10^3 nM": "– – + – – +",
    "NE 100 1 µM": "– – – + + +",
}
GRID_AMOUNTS = {"NGF 1 ng/ml": ("NGF", 1, "ng/ml"), "FVX 10^2 nM": ("fluvoxamine", 100, "nM"),
                "10^3 nM": ("fluvoxamine", 1_000, "nM"), "NE 100 1 µM": ("NE-100", 1, "µM")}

# The PCP paragraph: "subchronic (2-week) administration of fluvoxamine (20 mg/kg/day),
# but not paroxetine (10 mg/kg/day) ... antagonised by co-administration of NE100".
PCP = {  # group: (treatment, mg/kg/day, weeks, NE100, outcome)
    "PCP, no antidepressant": ("none", None, None, False, "deficit"),
    "PCP + fluvoxamine": ("fluvoxamine", 20, 2, False, "improved"),
    "PCP + paroxetine": ("paroxetine", 10, 2, False, "not improved"),
    "PCP + fluvoxamine + NE100": ("fluvoxamine", 20, 2, True, "improvement antagonised"),
}

# Ishikawa et al. 2007: 15 healthy men; single oral fluvoxamine 50/100/150/200 mg or
# paroxetine 20 mg; [11C]SA4503 PET; 9 brain regions.
PET_ARMS = {("fluvoxamine", 50), ("fluvoxamine", 100), ("fluvoxamine", 150),
            ("fluvoxamine", 200), ("paroxetine", 20)}

FIGURE3_TITLES = {"a": "a) Normal state", "b": "b) Depressed state", "c": "c) Treated state"}


def test_concentration_axis_as_printed():
    axis = helpers.load("pc12_concentrations").sort_values("position")
    assert list(zip(axis.label_as_printed, axis.fluvoxamine_nm, strict=True)) == AXIS
    assert (axis.ngf_ng_ml == 1).all()
    assert list(axis.position) == list(range(1, 9))


def test_design_grid_cell_by_cell():
    design = helpers.load("pc12_design")
    assert len(design) == 6 * 4
    for label, marks in GRID.items():
        rows = design[design.row_label_as_printed == label].sort_values("condition")
        assert list(rows.condition) == [1, 2, 3, 4, 5, 6], label
        assert " ".join(rows.printed_mark) == marks, label
        agent, amount, unit = GRID_AMOUNTS[label]
        assert set(rows.agent) == {agent}
        assert set(rows.amount) == {amount}
        assert set(rows.amount_unit) == {unit}
    order = design.sort_values("grid_row").drop_duplicates("grid_row").row_label_as_printed
    assert list(order) == list(GRID)


def test_design_conditions_in_words():
    design = helpers.load("pc12_design")
    present = design[design.printed_mark == "+"]
    with_agent = {(a, amt): sorted(present[(present.agent == a)
                                           & (present.amount == amt)].condition)
                  for a, amt in [("NGF", 1), ("fluvoxamine", 100), ("fluvoxamine", 1000),
                                 ("NE-100", 1)]}
    assert with_agent == {("NGF", 1): [1, 2, 3, 4, 5, 6], ("fluvoxamine", 100): [2, 5],
                          ("fluvoxamine", 1000): [3, 6], ("NE-100", 1): [4, 5, 6]}


def test_figure2_datasets_hold_no_response_values():
    for name in ("pc12_design", "pc12_concentrations"):
        frame = helpers.load(name)
        assert not any("neurite" in c or "response" in c for c in frame.columns)
        assert helpers.kinds(name) == {"as-printed"}
        assert "10.1124/jpet.102.041970" in helpers.sources(name)[-1]["path"]


def test_neuron_states_are_illustrative_and_keep_the_captions():
    states = helpers.load("neuron_states").set_index("panel")
    assert helpers.kinds("neuron_states") == {"illustrative"}
    assert states.panel_title_as_printed.to_dict() == FIGURE3_TITLES
    assert states.caption_as_printed["a"].startswith("Shows a normal hippocampal pyramidal neuron")
    assert "reduction in their dendritic arborisation" in states.caption_as_printed["b"]
    assert "increase dendritic arborisation and BDNF expression" in states.caption_as_printed["c"]
    # Only the directions are the text's: depressed below normal, treated above depressed.
    assert states.arborisation_relative["a"] == 1 and states.bdnf_relative["a"] == 1
    for column in ("arborisation_relative", "bdnf_relative"):
        assert states[column]["b"] < states[column]["a"]
        assert states[column]["c"] > states[column]["b"]


def test_pcp_study_as_printed():
    study = helpers.load("pcp_study").set_index("group")
    assert set(study.index) == set(PCP)
    for group, (treatment, dose, weeks, ne100, outcome) in PCP.items():
        row = study.loc[group]
        assert row.treatment == treatment
        assert (math.isnan(row.dose_mg_kg_day) if dose is None else row.dose_mg_kg_day == dose)
        assert (math.isnan(row.duration_weeks) if weeks is None else row.duration_weeks == weeks)
        assert bool(row.ne100_coadministered) is ne100
        assert row.outcome_as_stated == outcome
        assert bool(row.pcp_repeated)
    assert helpers.kinds("pcp_study") == {"as-printed"}


def test_pcp_citation_year_is_explained():
    original = helpers.sources("pcp_study")[-1]
    assert original["path"].endswith("10.1038/sj.npp.1301047")
    assert "2007" in original["title"] and "Hashimoto et al. 2006" in original["title"]


def test_pcp_protocol_from_the_paper():
    protocol = helpers.load("pcp_protocol").set_index("item")
    assert helpers.kinds("pcp_protocol") == {"literature"}
    assert protocol.loc["PCP dose", ["value", "unit"]].tolist() == ["10", "mg/kg/day"]
    assert protocol.loc["PCP duration", ["value", "unit"]].tolist() == ["10", "days"]
    assert protocol.loc["fluvoxamine duration", ["value", "unit"]].tolist() == ["14", "days"]
    assert protocol.loc["cognitive test", "value"] == "novel object recognition"


def test_pet_study_design():
    pet = helpers.load("pet_study")
    assert set(zip(pet.drug, pet.dose_mg, strict=True)) == PET_ARMS
    assert (pet.subjects_in_study == 15).all()
    assert (pet.subjects == "healthy men").all()
    assert (pet.brain_regions == 9).all()
    assert (pet.pet_tracer == "[11C]SA4503").all()
    assert (pet.administration == "single oral dose").all()
    assert not any("occupancy" in c for c in pet.columns)
    assert helpers.kinds("pet_study") == {"literature"}
    original = helpers.sources("pet_study")[-1]
    assert original["path"].endswith("10.1016/j.biopsych.2007.04.001")
    assert "unpublished" in original["title"]


@pytest.mark.parametrize("drug, ki", [("Fluvoxamine", 36), ("Paroxetine", 1893)])
def test_table1_ki_used_for_the_derived_occupancy(drug, ki):
    affinity = helpers.load("sigma_affinity").set_index("drug")
    assert affinity.ki_sigma1_nm[drug] == ki
    assert helpers.occupancy(ki, affinity.ki_sigma1_nm[drug]) == pytest.approx(0.5)
