"""Text alternatives of notebook 01's model charts: the bell-shaped dose response and tonus.

Each ``describe_...`` function takes the lesson's parameters and returns, as one
string, what its chart shows; every number in it is computed from them with the
two-site model of :mod:`helpers.models`, as the chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.models import (
    MIN_WIDTH_DECADES,
    bell_half_max_range,
    bell_peak,
    tonus_apparent_k,
    tonus_response,
)

__all__ = ["describe_bell", "describe_bell_sweep", "describe_tonus"]

_LINE_WORDS = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}


def _bell_doses(k_high_nm: float, k_low_nm: float) -> np.ndarray:
    """Doses (nM) for the bell chart: six decades around the two constants, 400 points."""
    return np.logspace(np.log10(min(k_high_nm, k_low_nm)) - 3,
                       np.log10(max(k_high_nm, k_low_nm)) + 3, 400)


def describe_bell(k_high_nm: float, k_low_nm: float, gain: float = 1.0, loss: float = 1.0) -> str:
    """Describe the two-site model's bell-shaped dose response (``helpers.bell_response``).

    Parameters
    ----------
    k_high_nm, k_low_nm : float
        Dissociation constants (nM) of the gaining and the losing site.
    gain, loss : float
        Response at full occupancy of each site (units of gain).

    Returns
    -------
    str
        The concentration range drawn (:func:`_bell_doses`), the constants, and the
        peak (or why there is none) and the plateau at high doses.
    """
    dose_nm = _bell_doses(k_high_nm, k_low_nm)
    peak_dose, peak_height = bell_peak(k_high_nm, k_low_nm, gain, loss)
    shape = (f"a bell that rises from 0, peaks at {peak_height:.2f} near {peak_dose:,.0f} nM and "
             f"returns towards {gain - loss:g} at high concentrations. On a bell, more drug past "
             "the peak means less effect."
             if np.isfinite(peak_dose) else
             f"no bell: with these constants the response has no maximum and tends to "
             f"{gain - loss:g} (a bell needs the smaller K at the gaining site and enough loss to "
             "bring the curve down).")
    return (
        f"Line chart on a log concentration axis from {dose_nm[0]:,.10g} nM to "
        f"{dose_nm[-1]:,.10g} nM of a two-site model with "
        f"K = {k_high_nm:,.10g} nM and {k_low_nm:,.10g} nM: a dotted rising gain curve, a dashed "
        f"falling loss curve below zero, and their sum, {shape} The y axis is the response in "
        "units of the gain.")


def _width(k_high: float, k_low: float) -> float:
    return float(np.log10(np.divide(*bell_half_max_range(k_high, k_low)[::-1])))


def _sweep_choices(k_high_nm: float, k_low_nm: float) -> dict[str, object]:
    """The constants and dose ranges of the four-panel sweep chart.

    Returns
    -------
    dict
        ``k_low_choices`` and ``k_high_choices`` (four constants each, nM), and
        ``panel_doses`` (``{"low": array, "high": array}``, 400 doses in nM each).
    """
    k_low_choices = [k_high_nm * f for f in (10, 100, 1_000, 10_000)]
    k_high_choices = [k_low_nm / f for f in (10_000, 1_000, 100, 10)]
    panel_doses = {
        "low": np.logspace(np.log10(k_high_nm) - 3, np.log10(max(k_low_choices)) + 1, 400),
        "high": np.logspace(np.log10(min(k_high_choices)) - 1, np.log10(k_low_nm) + 3, 400)}
    return {"k_low_choices": k_low_choices, "k_high_choices": k_high_choices,
            "panel_doses": panel_doses}


def describe_bell_sweep(k_high_nm: float, k_low_nm: float) -> str:
    """Describe the four panels that vary each constant and their separation.

    Parameters
    ----------
    k_high_nm, k_low_nm : float
        The lesson's constants (nM); gain = loss = 1 throughout.

    Returns
    -------
    str
        The peak (height, dose, width) for each curve of the top panels, and the
        range of the peak-height and half-maximum-width curves below.
    """
    chosen = _sweep_choices(k_high_nm, k_low_nm)
    panel_doses = chosen["panel_doses"]
    separation = np.logspace(0.05, 5, 200)  # K low / K high, as drawn
    widest = _width(1.0, separation[-1])
    low = [(k, *bell_peak(k_high_nm, k), _width(k_high_nm, k)) for k in chosen["k_low_choices"]]
    middle = [(k, *bell_peak(k, k_low_nm)) for k in chosen["k_high_choices"]]
    return (
        "Four panels of an illustrative model, in two rows. Top: line charts of the response "
        "(gain = loss = 1, y axis 0 to 1.2) against ligand concentration (nM, log scale; left "
        f"{panel_doses['low'][0]:,.10g} to {panel_doses['low'][-1]:,.10g}, right "
        f"{panel_doses['high'][0]:,.10g} to {panel_doses['high'][-1]:,.10g}), four curves each "
        "in solid, dashed, dash-dot and dotted lines, a dot at each peak. "
        "Moving either constant moves the peak to the geometric mean of the two, and separating "
        f"them raises and widens the bell. Top left, K high fixed at {k_high_nm:,.10g} nM: "
        + "; ".join(f"K low {k:,.10g} nM gives peak {h:.2f} at {d:,.0f} nM, width {w:.1f} decades"
                    for k, d, h, w in low)
        + f". Top right, K low fixed at {k_low_nm:,.10g} nM: "
        + "; ".join(f"K high {k:,.10g} nM gives peak {h:.2f} at {d:,.0f} nM" for k, d, h in middle)
        + ". Bottom: line charts against the separation log10(K low / K high), 0 to 5; on the "
        "left the peak height (units of gain) rises from 0 towards 1, on the right the "
        f"half-maximum width (decades, dashed) grows from its floor of {MIN_WIDTH_DECADES:.2f} "
        f"decades (dotted line) to {widest:.1f} decades.")


def _tonus_summary(k_high_nm: float, k_low_nm: float, tonus_levels: Sequence[float],
                  test_dose_nm: float, gain: float = 1.0, loss: float = 1.0) -> pd.DataFrame:
    """One row per steroid tonus level: apparent K, peak and response at the test dose.

    Parameters
    ----------
    k_high_nm, k_low_nm : float
        The two sites' constants (nM).
    tonus_levels : sequence of float
        Steroid concentrations over their K at sigma-1 (no unit), each 0 or more.
    test_dose_nm : float
        The low dose at which the levels are compared (nM).
    gain, loss : float
        As in ``helpers.bell_response``.

    Returns
    -------
    DataFrame
        Columns ``tonus``, ``apparent_k_high_nm`` (nM), ``peak_dose_nm`` (nM, NaN
        if no peak), ``peak_height``, ``style`` (the curve's line style in words:
        solid, dashed, dotted, dash-dot in turn) and ``response_at_test_dose``.
    """
    styles = list(_LINE_WORDS.values())
    rows = []
    for i, level in enumerate(tonus_levels):
        apparent = tonus_apparent_k(k_high_nm, level)
        d, h = bell_peak(apparent, k_low_nm, gain, loss)
        rows.append({"tonus": level, "apparent_k_high_nm": apparent, "peak_dose_nm": d,
                     "peak_height": h, "style": styles[i % len(styles)],
                     "response_at_test_dose": tonus_response(test_dose_nm, k_high_nm, k_low_nm,
                                                             level, gain, loss)})
    return pd.DataFrame(rows)


def _tonus_doses(k_high_nm: float, k_low_nm: float, tonus_levels: Sequence[float]) -> np.ndarray:
    """Doses (nM) of the tonus chart: from 3 decades below K high to 3 above the largest K."""
    highest_k = tonus_apparent_k(k_high_nm, max(tonus_levels))
    return np.logspace(np.log10(k_high_nm) - 3, np.log10(max(k_low_nm, highest_k)) + 3, 400)


def _peak_words(row: object) -> str:
    """'a peak of 0.82 at 100 nM', or 'no peak', for a row of :func:`_tonus_summary`."""
    if np.isfinite(row.peak_dose_nm):
        return f"a peak of {row.peak_height:.2f} at {row.peak_dose_nm:,.0f} nM"
    return "no peak"


def describe_tonus(k_high_nm: float, k_low_nm: float, tonus_levels: Sequence[float],
                   test_dose_nm: float, gain: float = 1.0, loss: float = 1.0) -> str:
    """Describe the neurosteroid tonus chart: one response curve per tonus level.

    Parameters
    ----------
    k_high_nm, k_low_nm : float
        The two sites' constants (nM).
    tonus_levels : sequence of float
        Steroid concentrations over their K at sigma-1 (no unit), each 0 or more.
    test_dose_nm : float
        The low dose at which the levels are compared (nM).
    gain, loss : float
        As in ``helpers.bell_response``.

    Returns
    -------
    str
        The dose range, each level's line style, peak and response at the test dose.
    """
    table = _tonus_summary(k_high_nm, k_low_nm, tonus_levels, test_dose_nm, gain, loss)
    doses = _tonus_doses(k_high_nm, k_low_nm, tonus_levels)
    return (
        "Line chart of the model response (units of gain) against agonist concentration (nM, "
        f"log scale, {doses[0]:,.10g} to {doses[-1]:,.10g}), one curve per steroid tonus: "
        + ", ".join(f"tonus {r.tonus:g} {r.style}" for r in table.itertuples())
        + f"; a thin dotted vertical line marks the test dose of {test_dose_nm:g} nM"
        + ". In this model more tonus moves the rising side to higher doses and lowers the peak "
        "(or removes it): "
        + "; ".join(f"tonus {r.tonus:g}: {_peak_words(r)}, {r.response_at_test_dose:.2f} at "
                    f"{test_dose_nm:g} nM" for r in table.itertuples())
        + ". In this model, low tonus (which the text ascribes to the elderly and to post-partum "
        "depression) means a larger response to the same low dose.")
