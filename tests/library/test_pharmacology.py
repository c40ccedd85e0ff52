import math

import numpy as np
import pandas as pd
import pytest

from helpers import pharmacology as ph


def test_selectivity_ratio_is_other_over_target():
    assert ph.selectivity_ratio(8439, 36) == pytest.approx(234.4167, rel=1e-4)
    assert ph.selectivity_ratio(36, 8439) == pytest.approx(1 / 234.4167, rel=1e-4)


def test_selectivity_ratio_keeps_series():
    out = ph.selectivity_ratio(pd.Series([10.0, 30.0], index=["a", "b"]), pd.Series([5.0, 10.0], index=["a", "b"]))
    assert isinstance(out, pd.Series)
    assert out.to_dict() == {"a": 2.0, "b": 3.0}


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_constants_must_be_positive(bad):
    with pytest.raises(ValueError, match="positive"):
        ph.selectivity_ratio(10, bad)
    with pytest.raises(ValueError, match="positive"):
        ph.pki(bad)
    with pytest.raises(ValueError, match="positive"):
        ph.occupancy(10, bad)


def test_pki():
    assert ph.pki(1.0) == 9.0
    assert ph.pki(1000.0) == pytest.approx(6.0)
    assert ph.pki(36) == pytest.approx(9 - math.log10(36))
    np.testing.assert_allclose(ph.pki(np.array([10.0, 100.0])), [8.0, 7.0])


def test_occupancy_mass_action():
    assert ph.occupancy(0, 36) == 0
    assert ph.occupancy(36, 36) == 0.5
    assert ph.occupancy(9 * 36, 36) == pytest.approx(0.9)
    assert ph.occupancy(1e12, 1) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not negative"):
        ph.occupancy(-1, 36)


def test_occupancy_increases_with_concentration_and_falls_with_ki():
    conc = np.logspace(-1, 5, 50)
    occ = ph.occupancy(conc, 36)
    assert np.all(np.diff(occ) > 0)
    assert ph.occupancy(100, 36) > ph.occupancy(100, 1893)


def test_concentration_for_occupancy_inverts_occupancy():
    for fraction in (0.1, 0.5, 0.9):
        conc = ph.concentration_for_occupancy(fraction, 1893)
        assert ph.occupancy(conc, 1893) == pytest.approx(fraction)
    with pytest.raises(ValueError):
        ph.concentration_for_occupancy(1.0, 36)


def test_emax_response():
    assert ph.emax_response(0, 10) == 0
    assert ph.emax_response(10, 10, emax=80) == 40
    assert ph.emax_response(1e9, 10, emax=80) == pytest.approx(80)
    steep = ph.emax_response(20, 10, hill=4)
    shallow = ph.emax_response(20, 10, hill=1)
    assert steep > shallow
    with pytest.raises(ValueError):
        ph.emax_response(-1, 10)


@pytest.mark.parametrize(("value", "expected"), [(18.5, 19), (67.08, 67), (234.42, 234), (5.75, 6), (0.5, 1)])
def test_round_half_up(value, expected):
    assert ph.round_half_up(value) == expected


def test_agrees_with_printed_finds_the_fluoxetine_slip():
    printed = pd.Series([234, 68, 19])
    computed = pd.Series([8439 / 36, 16100 / 240, 5410 / 292])
    assert ph.agrees_with_printed(printed, computed).tolist() == [True, False, True]


@pytest.mark.parametrize(("name", "parent"), [
    ("S(+)Fluoxetine", "Fluoxetine"), ("(±)Fluoxetine", "Fluoxetine"), ("R(-)-fluoxetine", "fluoxetine"),
    ("(+/-)-Norfluoxetine", "Norfluoxetine"), ("(S)-Citalopram", "Citalopram"), ("rac-Citalopram", "Citalopram"),
    ("Fluvoxamine", "Fluvoxamine"), ("Escitalopram", "Escitalopram"), ("(E)-Fluvoxamine", "(E)-Fluvoxamine"),
])
def test_parent_drug_drops_a_leading_stereo_descriptor_only(name, parent):
    assert ph.parent_drug(name) == parent


def test_table_1_has_six_ssri_rows_but_five_ssris():
    import helpers

    affinity = helpers.load("sigma_affinity")
    ssri = affinity[affinity.drug_class == "SSRI"].drug
    assert len(ssri) == 6
    assert ssri.map(ph.parent_drug).str.lower().nunique() == 5
