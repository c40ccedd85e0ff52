"""Each chart's text alternative, from its ``describe_...`` function (helpers.describe).

On the shipped data every function gives, character for character, the text stored
in the executed notebook (the ``ALT_TEXT_KEY`` metadata of the chart's display);
on edited data (a permuted frame, a changed value, a renamed or added drug) it
names what the data now say.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from lesson_runner import NOTEBOOK_DIR

from helpers import MARKERS, describe
from helpers.project import ALT_TEXT_KEY
from helpers.toxicity import predict_risks

SHOW_ADDS = " Illustrative values, not data."

# Each notebook's charts in order, with the call that describes each from the lesson's names.
CALLS = {
    "01_sigma_basics": [
        lambda ns: describe.describe_timeline(ns["history"]),
        lambda ns: describe.describe_figure_1(ns["edges"]),
        lambda ns: describe.describe_bell(ns["k_high_nm"], ns["k_low_nm"], ns["gain"], ns["loss"]),
        lambda ns: describe.describe_bell_sweep(ns["k_high_nm"], ns["k_low_nm"]),
        lambda ns: describe.describe_tonus(ns["k_high_nm"], ns["k_low_nm"], ns["tonus_levels"],
                                           ns["test_dose_nm"], ns["gain"], ns["loss"]),
    ],
    "02_ssri_affinities": [
        lambda ns: describe.describe_affinities(ns["affinity"]),
        lambda ns: describe.describe_selectivity(ns["affinity"]),
        lambda ns: describe.describe_off_target(ns["labelled"], ns["drugs"]),
    ],
    "03_neurotrophic_hypothesis": [
        lambda ns: describe.describe_figure_2(ns["axis"], ns["conditions"], ns["design"]),
        lambda ns: describe.describe_figure_3(ns["states"], ns["neuron_seed"]),
        lambda ns: describe.describe_pcp(ns["pcp"]),
        lambda ns: describe.describe_occupancy(ns["affinity"], ns["conc_min_nm"],
                                               ns["conc_max_nm"], ns["free_conc_nm"]),
        lambda ns: describe.describe_pet(ns["pet"], ns["pet_ed50_mg"], ns["pet_emax_pct"]),
        lambda ns: describe.describe_arborisation(ns["levels"], ns["neuron_seed"]),
    ],
    "04_behavioural_toxicity": [
        lambda ns: describe.describe_receptor_panels(
            ns["receptors"], ns["consequences"], ns["predictions"], ns["potency_threshold_nm"],
            drugs=ns["drugs"], sources=ns["sources"], source_names=ns["source_names"],
            markers=MARKERS),
        lambda ns: describe.describe_potency_calls(
            ns["predictions"], ns["potency_threshold_nm"], drugs=ns["drugs"],
            receptors=list(ns["consequences"].receptor), sources=ns["sources"],
            source_names=ns["source_names"], short_names=ns["short_names"]),
        lambda ns: describe.describe_figure_5(ns["regions"], ns["region_order"]),
        lambda ns: describe.describe_cff(ns["cff_category"], ns["muscarinic"],
                                         drugs=ns["by_category"], sources=ns["sources"],
                                         source_names=ns["source_names"]),
        lambda ns: describe.describe_figure_7(ns["tests"]),
        lambda ns: describe.describe_mci(ns["mci"], ns["source_label"]),
        lambda ns: describe.describe_classification(ns["classes"], ns["columns_of"],
                                                    ns["part_titles"]),
    ],
}


def stored_alt_texts(name: str) -> list[str]:
    """The text alternatives stored in the executed notebook, in the order of its charts."""
    notebook = json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [output["metadata"][ALT_TEXT_KEY] for cell in notebook["cells"]
            for output in cell.get("outputs", []) if ALT_TEXT_KEY in output.get("metadata", {})]


@pytest.fixture(scope="module")
def lesson_names(shipped_lesson):
    """Each lesson's names after its shared run on the shipped data (the describe functions'
    inputs): read-only, so a test edits a copy (``ns02["affinity"].copy()``)."""
    return {name: dict(shipped_lesson(f"{name}.ipynb").namespace) for name in CALLS}


@pytest.mark.parametrize("name", list(CALLS))
def test_every_chart_of_the_lesson_has_its_describe_function(name):
    assert len(stored_alt_texts(name)) == len(CALLS[name])


@pytest.mark.parametrize(("name", "number"),
                         [(name, k) for name, calls in CALLS.items() for k in range(len(calls))])
def test_the_function_gives_the_stored_text_on_the_shipped_data(lesson_names, name, number):
    text = CALLS[name][number](lesson_names[name])
    stored = stored_alt_texts(name)[number]
    if "illustrative" not in text.lower() and stored.endswith(SHOW_ADDS):
        text += SHOW_ADDS  # helpers.show says so under a chart labelled illustrative
    assert text == stored


# Edited data: the words follow the data.

@pytest.fixture
def ns01(lesson_names):
    return lesson_names["01_sigma_basics"]


@pytest.fixture
def ns02(lesson_names):
    return lesson_names["02_ssri_affinities"]


@pytest.fixture
def ns03(lesson_names):
    return lesson_names["03_neurotrophic_hypothesis"]


@pytest.fixture
def ns04(lesson_names):
    return lesson_names["04_behavioural_toxicity"]


def test_a_permuted_table_gives_the_same_words(ns02):
    affinity = ns02["affinity"]
    shuffled = affinity.sample(frac=1, random_state=3).reset_index(drop=True)
    for describe_ in (describe.describe_affinities, describe.describe_selectivity):
        assert describe_(shuffled) == describe_(affinity)


def test_a_permuted_receptor_table_gives_the_same_words(ns02):
    """Regression: two sources' values at one receptor were listed in the file's row order."""
    labelled = ns02["labelled"]
    for seed in range(5):
        shuffled = labelled.sample(frac=1, random_state=seed)
        assert (describe.describe_off_target(shuffled, ns02["drugs"])
                == describe.describe_off_target(labelled, ns02["drugs"]))


def test_a_renamed_and_an_added_drug_are_named(ns02):
    affinity = ns02["affinity"].copy()
    affinity["drug"] = affinity.drug.replace("Fluvoxamine", "Fluvoxamine maleate")
    added = pd.DataFrame([{**affinity.iloc[0].to_dict(), "drug": "Newdrug", "drug_class": "SSRI",
                           "ki_sigma1_nm": 0.5, "ki_sigma2_nm": 5000.0, "printed_ratio": 9.0}])
    edited = pd.concat([affinity, added], ignore_index=True)
    text = describe.describe_affinities(edited)
    assert "Newdrug binds sigma-1 most tightly (0.5 nM)" in text
    assert "Fluvoxamine maleate" in text and "for 9 drugs" in text
    selectivity = describe.describe_selectivity(edited)
    assert selectivity.count("Newdrug") == 2  # the most selective, and a printed ratio that is off
    assert "Newdrug is the most selective for sigma-1 (10,000.0)" in selectivity
    assert "Newdrug (printed 9, recomputed 10,000.0)" in selectivity


def test_a_changed_ki_moves_the_occupancy_words(ns03):
    affinity = ns03["affinity"].copy()
    affinity.loc[affinity.drug == "Paroxetine", "ki_sigma1_nm"] = 1.0  # tighter than fluvoxamine
    text = describe.describe_occupancy(affinity, 1.0, 1e5, 100.0)
    assert "paroxetine (dashed, Ki 1 nM)" in text
    assert "paroxetine 99%" in text
    assert "to the left of fluvoxamine's" in text and "smaller Ki, Paroxetine" in text


def test_changed_parameters_move_the_bell(ns01):
    text = describe.describe_bell(1000.0, 10.0)  # the constants swapped: no bell
    assert "no bell" in text and "peaks" not in text
    peak = describe.describe_bell(10.0, 100_000.0)
    assert "K = 10 nM and 100,000 nM" in peak and "peaks at" in peak


def test_a_tonus_level_added_is_described(ns01):
    text = describe.describe_tonus(10.0, 1000.0, [0.0, 1.0, 4.0, 9.0, 20.0], 10.0)
    assert "tonus 9 dash-dot, tonus 20 solid" in text  # styles repeat after four
    assert text.count("tonus 20") == 2


def test_an_edited_edge_list_changes_figure_1(ns01):
    edges = ns01["edges"].copy()
    edges.loc[edges.edge_id == edges.edge_id.max(), "to_node"] = "A new target"
    assert "A new target" in describe.describe_figure_1(edges)
    edges["quote"] = edges.quote.str.replace("(Figure 1)", "", regex=False)
    assert "No arrow comes from the sentence that cites Figure 1" in \
        describe.describe_figure_1(edges)


def test_an_event_moved_in_time_moves_the_span(ns01):
    history = ns01["history"].copy()
    history.loc[history.year == history.year.min(), "year"] = 1970.0
    assert "from 1970 to 2006" in describe.describe_timeline(history)
    assert "span 36 years" in describe.describe_timeline(history)


def test_a_drug_added_to_the_receptor_data_is_named(ns04):
    receptors = pd.concat([ns04["receptors"], pd.DataFrame([{
        "drug": "Newdrug", "receptor": "H1", "source": "newsletter", "ki_nm": 3.0,
        "qualifier": "="}])], ignore_index=True)
    drugs = [*ns04["drugs"], "Newdrug"]
    predictions = predict_risks(receptors, ns04["consequences"], 100.0, drugs=drugs)
    text = describe.describe_receptor_panels(
        receptors, ns04["consequences"], predictions, 100.0, drugs=drugs,
        sources=ns04["sources"], source_names=ns04["source_names"], markers=MARKERS)
    assert "Newdrug at H1 (3 nM, Newsletter (2007))" in text
    grid = describe.describe_potency_calls(
        predictions, 100.0, drugs=drugs, receptors=list(ns04["consequences"].receptor),
        sources=ns04["sources"], source_names=ns04["source_names"],
        short_names=ns04["short_names"])
    assert "Newdrug H1 (newsletter)" in grid and "Newdrug 1." in grid


def test_a_changed_range_is_described(ns04):
    mci = ns04["mci"].copy()
    mci.loc[mci.quantity == mci.quantity.iloc[0], "high"] = 150.0
    text = describe.describe_mci(mci, ns04["source_label"])
    assert "to 150 %" in text and "axis from 0 to 150." in text


def test_figure_2_follows_the_model(ns03):
    conditions = ns03["conditions"].assign(illustrative_height=1.0)  # fluvoxamine adds nothing
    text = describe.describe_figure_2(ns03["axis"], conditions, ns03["design"])
    assert text.endswith("fluvoxamine does not potentiate NGF.")
    assert "condition 1 1.00" in text


def test_pet_doses_follow_the_data(ns03):
    pet = ns03["pet"].copy()
    pet.loc[pet.drug == "paroxetine", "dose_mg"] = 35.0
    assert "each paroxetine dose (35 mg)" in describe.describe_pet(pet, 100.0, 100.0)
    assert np.isclose(ns03["pet_ed50_mg"], 100.0)
