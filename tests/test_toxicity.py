import math

import pandas as pd
import pytest

import helpers
from helpers.toxicity import POTENCY_LEVELS, potency_call, predict_risks, summarise_risks


@pytest.mark.parametrize(("ki", "qualifier", "threshold", "expected"), [
    (25, "=", 100, "potent"),
    (100, "=", 100, "not potent"),          # potent means strictly below the threshold
    (99.9, "=", 100, "potent"),
    (10_000, ">", 100, "not potent"),       # bound at or above the threshold decides
    (100, ">", 100, "not potent"),
    (10_000, ">", 20_000, "unknown"),       # bound below the threshold never decides
    (50, "<", 100, "potent"),
    (100, "<", 100, "potent"),
    (500, "<", 100, "unknown"),
    (math.nan, "=", 100, "no value"),
    (None, ">", 100, "no value"),
])
def test_potency_call(ki, qualifier, threshold, expected):
    assert potency_call(ki, qualifier, threshold) == expected


def test_a_bound_is_never_read_as_its_value():
    # "> 10,000" at a threshold of 10,001: as a number it would be potent; as a bound, unknown
    assert potency_call(10_000, ">", 10_001) == "unknown"


@pytest.mark.parametrize("threshold", [0, -5, math.nan])
def test_bad_threshold(threshold):
    with pytest.raises(ValueError, match="threshold"):
        potency_call(10, "=", threshold)


def test_bad_qualifier():
    with pytest.raises(ValueError, match="qualifier"):
        potency_call(10, "~", 100)


def _inputs():
    ki = pd.DataFrame({
        "drug": ["A", "A", "B", "B"], "receptor": ["H1", "H1", "H1", "muscarinic"],
        "ki_nm": [20.0, 5_000.0, 10_000.0, 50.0], "qualifier": ["=", "=", ">", ">"],
        "source": ["s1", "s2", "s1", "s1"]})
    risk = pd.DataFrame({"receptor": ["H1", "muscarinic"],
                         "risk_label": ["sedation", "memory loss"]})
    return ki, risk


def test_predict_risks_keeps_the_whole_grid_and_labels_only_potent_rows():
    ki, risk = _inputs()
    p = predict_risks(ki, risk, 100)
    assert len(p) == 2 * 2 * 2  # drugs x receptors x sources, nothing dropped
    calls = p.set_index(["drug", "receptor", "source"]).call
    assert calls["A", "H1", "s1"] == "potent"
    assert calls["A", "H1", "s2"] == "not potent"
    assert calls["B", "H1", "s1"] == "not potent"
    assert calls["B", "muscarinic", "s1"] == "unknown"
    assert calls["A", "muscarinic", "s1"] == "no value"
    risks = p.set_index(["drug", "receptor", "source"]).predicted_risk
    assert risks["A", "H1", "s1"] == "sedation"
    assert risks["B", "muscarinic", "s1"] == "undecided"
    assert risks["A", "H1", "s2"] == "" and risks["A", "muscarinic", "s1"] == ""
    assert set(p.call) <= set(POTENCY_LEVELS)


def test_predict_risks_follows_the_threshold_and_drug_order():
    ki, risk = _inputs()
    p = predict_risks(ki, risk, 20_000, drugs=["B", "A"])
    assert list(dict.fromkeys(p.drug)) == ["B", "A"]
    calls = p.set_index(["drug", "receptor", "source"]).call
    assert calls["A", "H1", "s2"] == "potent"
    assert calls["B", "H1", "s1"] == "unknown"


def test_summarise_risks_says_when_silence_is_not_safety():
    ki, risk = _inputs()
    summary = summarise_risks(predict_risks(ki, risk, 100)).set_index(["drug", "source"])
    assert summary.loc[("A", "s1"), "predicted_risks"] == "sedation"
    assert summary.loc[("A", "s1"), "no_value"] == "muscarinic"
    assert summary.loc[("B", "s1"), "predicted_risks"] == "none predicted from the values given"
    assert summary.loc[("B", "s1"), "undecided"] == "muscarinic"


def test_shipped_data_at_100_nm():
    p = helpers.predict_risks(helpers.load("receptor_affinity"),
                              helpers.load("side_effect_receptors"), 100)
    rows = p.loc[p.call == "potent", ["drug", "receptor", "source"]]
    potent = set(rows.itertuples(index=False, name=None))
    assert potent == {(d, r, s) for d in ["Amitriptyline"] for r in ["alpha-1", "H1", "muscarinic"]
                      for s in ["newsletter", "goodman_gilman_12e"]} | {
        ("Mirtazapine", "H1", "newsletter"), ("Mirtazapine", "H1", "goodman_gilman_12e")}
    fluvoxamine = p[p.drug == "Fluvoxamine"]
    assert set(fluvoxamine.call) == {"not potent"}
