"""The two-site bell-shaped model and its neurosteroid-tonus variant (helpers.models)."""

import numpy as np
import pytest

from helpers import models

DOSES = np.logspace(-4, 10, 20001)


def test_zero_dose_gives_zero_response():
    assert models.bell_response(0.0, 10, 1000) == 0.0
    assert models.bell_response(0.0, 10, 1000, gain=2, loss=0.3) == 0.0
    assert models.tonus_response(0.0, 10, 1000, tonus=5) == 0.0


@pytest.mark.parametrize(("gain", "loss"), [(1, 1), (1, 0.5), (0.5, 2), (2, 0)])
def test_very_high_dose_tends_to_gain_minus_loss(gain, loss):
    assert models.bell_response(1e15, 10, 1000, gain, loss) == pytest.approx(gain - loss, abs=1e-9)


def test_equal_affinities_give_no_bell():
    assert np.allclose(models.bell_response(DOSES, 30, 30), 0.0)
    assert np.isnan(models.bell_peak(30, 30)).all()
    assert np.isnan(models.bell_half_max_range(30, 30)).all()
    # with unequal gain and loss, equal affinities give a plain hyperbola
    hyperbola = 0.5 * DOSES / (DOSES + 30)
    assert np.allclose(models.bell_response(DOSES, 30, 30, gain=1, loss=0.5), hyperbola)


def test_reversed_affinities_give_a_dip_not_a_bell():
    assert (models.bell_response(DOSES[1:], 1000, 10) < 0).all()
    assert np.isnan(models.bell_peak(1000, 10)).all()


@pytest.mark.parametrize(("k_high", "k_low"), [(10, 1000), (1, 30), (0.5, 5e5), (100, 150)])
def test_peak_at_geometric_mean_matches_the_curve(k_high, k_low):
    dose, height = models.bell_peak(k_high, k_low)
    assert dose == pytest.approx(np.sqrt(k_high * k_low))
    curve = models.bell_response(DOSES, k_high, k_low)
    assert height == pytest.approx(curve.max(), rel=1e-6)
    assert DOSES[curve.argmax()] == pytest.approx(dose, rel=2e-3)
    r = np.sqrt(k_low / k_high)
    assert height == pytest.approx((r - 1) / (r + 1))


@pytest.mark.parametrize(("gain", "loss"), [(1, 0.5), (0.6, 1), (2, 1.5)])
def test_peak_with_unequal_gain_and_loss_matches_the_curve(gain, loss):
    dose, height = models.bell_peak(10, 1000, gain, loss)
    curve = models.bell_response(DOSES, 10, 1000, gain, loss)
    assert height == pytest.approx(curve.max(), rel=1e-6)
    assert DOSES[curve.argmax()] == pytest.approx(dose, rel=2e-3)


def test_too_little_loss_gives_no_maximum():
    # gain 1, loss 0.001: the curve climbs to a plateau without a peak
    assert np.isnan(models.bell_peak(10, 1000, 1, 0.001)).all()


def test_half_max_range_is_half_the_peak_and_symmetric():
    low, high = models.bell_half_max_range(10, 1000)
    half = models.bell_peak(10, 1000)[1] / 2
    assert models.bell_response(low, 10, 1000) == pytest.approx(half)
    assert models.bell_response(high, 10, 1000) == pytest.approx(half)
    assert np.sqrt(low * high) == pytest.approx(100.0)


def test_width_grows_with_separation_and_has_a_floor():
    widths = [np.log10(np.divide(*models.bell_half_max_range(1, k)[::-1]))
              for k in (1.001, 10, 100, 1e4, 1e6)]
    assert widths == sorted(widths)
    assert widths[0] == pytest.approx(models.MIN_WIDTH_DECADES, abs=1e-3)
    assert abs(models.MIN_WIDTH_DECADES - 1.5311) < 1e-4


def test_tonus_zero_is_the_plain_bell_and_more_tonus_shifts_right():
    plain = models.bell_response(DOSES, 10, 1000)
    assert np.allclose(models.tonus_response(DOSES, 10, 1000, 0), plain)
    peaks = [models.bell_peak(models.tonus_apparent_k(10, t), 1000) for t in (0, 1, 4)]
    doses, heights = zip(*peaks, strict=True)
    assert list(doses) == sorted(doses)  # more tonus: the peak needs more drug
    assert list(heights) == sorted(heights, reverse=True)  # and is lower
    low_dose = [models.tonus_response(10, 10, 1000, t) for t in (0, 1, 4)]
    assert low_dose == sorted(low_dose, reverse=True)  # low tonus: more sensitive
    assert models.tonus_apparent_k(10, np.array([0, 1])).tolist() == [10, 20]


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_bad_doses_are_refused(bad):
    with pytest.raises(ValueError, match="dose"):
        models.bell_response(bad, 10, 1000)


@pytest.mark.parametrize(("k_high", "k_low"), [(0, 10), (10, -1), (np.nan, 10)])
def test_bad_constants_are_refused(k_high, k_low):
    with pytest.raises(ValueError, match="k_"):
        models.bell_response(1.0, k_high, k_low)


def test_bad_gain_loss_and_tonus_are_refused():
    with pytest.raises(ValueError, match="gain"):
        models.bell_response(1.0, 10, 100, gain=-1)
    with pytest.raises(ValueError, match="loss"):
        models.bell_peak(10, 100, loss=np.nan)
    with pytest.raises(ValueError, match="tonus"):
        models.tonus_response(1.0, 10, 100, tonus=-0.5)


def test_scalar_in_scalar_out_array_in_array_out():
    assert isinstance(models.bell_response(5.0, 10, 100), float)
    out = models.bell_response([0, 5, 50], 10, 100)
    assert isinstance(out, np.ndarray) and out.shape == (3,)
