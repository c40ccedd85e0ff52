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


# --- inputs of the wrong type (a student calling the helpers directly, or a papermill -p value)


@pytest.mark.parametrize("threshold", ["1,000", "100", None, True, [100]])
def test_threshold_of_the_wrong_type_names_the_argument(threshold):
    with pytest.raises(TypeError, match=r"threshold_nm must be a number .*such as 1000") as info:
        potency_call(10, "=", threshold)
    assert repr(threshold) in str(info.value) or str(threshold) in str(info.value)


def test_threshold_text_from_papermill_is_refused_with_its_value():
    with pytest.raises(TypeError, match=r"the text '1,000'"):
        predict_risks(*_inputs(), "1,000")


@pytest.mark.parametrize("threshold", [math.inf, -math.inf])
def test_threshold_must_be_finite(threshold):
    with pytest.raises(ValueError, match="threshold_nm"):
        potency_call(10, "=", threshold)


@pytest.mark.parametrize(("ki", "error", "match"), [
    ("25", TypeError, "ki_nm must be a number"),
    (True, TypeError, "ki_nm must be a number"),
    (0, ValueError, "ki_nm must be a positive"),
    (-3.0, ValueError, "ki_nm must be a positive"),
])
def test_bad_ki_names_the_argument(ki, error, match):
    with pytest.raises(error, match=match):
        potency_call(ki, "=", 100)


def test_qualifier_must_be_text():
    with pytest.raises(TypeError, match="qualifier must be the text"):
        potency_call(10, 1, 100)


def test_numpy_and_pandas_values_are_numbers():
    import numpy as np
    assert potency_call(np.float64(25), "=", np.int64(100)) == "potent"
    assert potency_call(pd.NA, "=", 100) == "no value"


def test_predict_risks_checks_its_frames():
    ki, risk = _inputs()
    with pytest.raises(TypeError, match="affinity must be a DataFrame"):
        predict_risks(ki.to_dict(), risk, 100)
    with pytest.raises(ValueError, match=r"consequences lacks the column\(s\) risk_label"):
        predict_risks(ki, risk.drop(columns="risk_label"), 100)
    with pytest.raises(TypeError, match="drugs must be a list of drug names"):
        predict_risks(ki, risk, 100, drugs="A")
    with pytest.raises(ValueError, match="more than one Ki for A, H1, s1"):
        predict_risks(pd.concat([ki, ki.iloc[[0]]]), risk, 100)
    with pytest.raises(ValueError, match="receptor 'H1' more than once"):
        predict_risks(ki, pd.concat([risk, risk.iloc[[0]]]), 100)


def test_predict_risks_accepts_any_sequence_of_drugs():
    ki, risk = _inputs()
    p = predict_risks(ki, risk, 100, drugs=("B",))
    assert set(p.drug) == {"B"}


def test_predict_risks_ignores_row_order():
    ki, risk = _inputs()
    forward = predict_risks(ki, risk, 100).set_index(["drug", "receptor", "source"]).call
    backward = predict_risks(ki.iloc[::-1], risk.iloc[::-1], 100)
    backward = backward.set_index(["drug", "receptor", "source"]).call
    assert forward.sort_index().equals(backward.sort_index())


# --- teaching order and source comparison


def test_in_teaching_order_keeps_known_order_and_appends_new_values():
    from helpers.teaching_order import in_teaching_order
    values = ["Zeta", "Fluvoxamine", None, "Amitriptyline", "Alpha", "Fluvoxamine", math.nan]
    assert in_teaching_order(values, ["Amitriptyline", "Sertraline", "Fluvoxamine"]) == [
        "Amitriptyline", "Fluvoxamine", "Zeta", "Alpha"]
    assert in_teaching_order([], ["A"]) == []
    assert in_teaching_order(["B", "A"], {"A": 1, "B": 2}) == ["A", "B"]  # a dict's keys


def test_sort_in_teaching_order_is_independent_of_file_order_and_keeps_attrs():
    from helpers.teaching_order import sort_in_teaching_order
    shipped = helpers.load("receptor_affinity")
    orders = {"drug": ["Amitriptyline", "Mirtazapine", "Paroxetine", "Sertraline", "Fluvoxamine"],
              "receptor": ["alpha-1", "H1", "muscarinic"],
              "source": ["newsletter", "goodman_gilman_12e"]}
    forward = sort_in_teaching_order(shipped, orders)
    backward = sort_in_teaching_order(shipped.iloc[::-1], orders)
    assert forward.equals(backward)
    assert list(forward.index) == list(range(len(shipped)))
    assert forward.attrs["name"] == "receptor_affinity"
    assert list(dict.fromkeys(forward.drug)) == orders["drug"]
    assert list(forward.iloc[:2].source) == ["newsletter", "goodman_gilman_12e"]
    assert helpers.matches_shipped(forward)


def test_sort_in_teaching_order_puts_new_values_last_and_checks_columns():
    from helpers.teaching_order import sort_in_teaching_order
    frame = pd.DataFrame({"drug": ["New", "B", "A", "B"], "x": [1, 2, 3, 4]})
    result = sort_in_teaching_order(frame, {"drug": ["A", "B"]})
    assert result.drug.tolist() == ["A", "B", "B", "New"]
    assert result.x.tolist() == [3, 2, 4, 1]  # equal keys keep their order in the file
    with pytest.raises(KeyError, match="no column 'receptor'"):
        sort_in_teaching_order(frame, {"receptor": []})


def test_compare_sources_on_the_shipped_data():
    from helpers.toxicity import compare_sources
    pairs = compare_sources(helpers.load("receptor_affinity"), "newsletter", "goodman_gilman_12e")
    # the newsletter's nine values all have a Goodman & Gilman counterpart
    assert len(pairs) == 9
    row = pairs.set_index(["drug", "receptor"]).loc[("Paroxetine", "H1")]
    assert (row.ki_first, row.ki_second, row.fold) == (250, 22_000, 88)
    bounds = pairs.set_index(["drug", "receptor"]).loc[("Fluvoxamine", "H1")]
    assert math.isnan(bounds.fold)  # '> 10,000' vs '> 100,000': no fold
    assert pairs[pairs.receptor == "alpha-1"].fold.max() < 1.1


def test_compare_sources_orders_and_filters_rows():
    from helpers.toxicity import compare_sources
    ki = pd.DataFrame({"drug": ["A", "B", "A", "B", "C"], "receptor": ["H1"] * 5,
                       "ki_nm": [1.0, 2.0, 4.0, 8.0, 5.0], "qualifier": ["="] * 5,
                       "source": ["s1", "s1", "s2", "s2", "s1"]})
    pairs = compare_sources(ki, "s1", "s2", drugs=["B", "A"])
    assert pairs.drug.tolist() == ["B", "A"]
    assert pairs.fold.tolist() == [4.0, 4.0]
    assert compare_sources(ki, "s1", "s2", drugs=["C"]).empty
    assert compare_sources(ki, "s1", "nowhere").empty
