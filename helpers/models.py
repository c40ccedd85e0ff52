"""Two-site models of the bell-shaped dose response of sigma ligands.

The newsletter explains the bell shape in words: "low doses of sigma ligands
activate one subtype of sigma receptors for which they have high affinity,
whereas higher doses may activate another or other subtype(s) for which they
have a lower affinity". The simplest model of that sentence is a response
gained at the high-affinity site minus a response lost at the low-affinity
site, each site occupied in the fraction C / (C + K)::

    response = gain * C / (C + k_high) - loss * C / (C + k_low)

The newsletter gives no affinities: every curve drawn with these functions is
a model, illustrative, not data. All concentrations and constants are in one
unit (nM in the notebooks); responses are in units of ``gain``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from helpers.checks import not_negative, positive

__all__ = [
    "MIN_WIDTH_DECADES",
    "bell_half_max_range",
    "bell_peak",
    "bell_response",
    "tonus_apparent_k",
    "tonus_response",
]

MIN_WIDTH_DECADES = float(2 * np.log10(3 + 2 * np.sqrt(2)))
"""Half-maximum width of the bell when the two affinities become equal (about 1.53 decades)."""


def bell_response(dose: npt.ArrayLike, k_high: float, k_low: float, gain: float = 1.0,
                  loss: float = 1.0) -> np.ndarray | float:
    """Two-site response: gain at a high-affinity site minus loss at a low-affinity one.

    ``gain * C / (C + k_high) - loss * C / (C + k_low)``. With ``k_high < k_low``
    and ``gain == loss`` the curve is a bell on a log-dose axis: it rises as the
    high-affinity site fills, peaks at ``sqrt(k_high * k_low)``, and falls back to
    zero as the low-affinity site fills too.

    Parameters
    ----------
    dose : float or array
        Concentration, zero or more (same unit as the constants).
    k_high : float
        Dissociation constant at the high-affinity site (the smaller K), positive.
    k_low : float
        Dissociation constant at the low-affinity site, positive.
    gain : float
        Response when the high-affinity site is fully occupied, not negative.
    loss : float
        Response lost when the low-affinity site is fully occupied, not negative.

    Returns
    -------
    float or ndarray
        The response; 0 at zero dose, tending to ``gain - loss`` at very high dose.
        With ``k_high == k_low`` it is ``(gain - loss) * C / (C + K)``: no bell
        (and a flat zero when ``gain == loss``).

    Examples
    --------
    >>> float(bell_response(0, 10, 1000))
    0.0
    >>> round(float(bell_response(100, 10, 1000)), 4)  # the peak, at sqrt(10 * 1000)
    0.8182
    >>> abs(float(bell_response(1e12, 10, 1000))) < 1e-6  # back to baseline
    True
    >>> float(bell_response(50, 30, 30))  # equal affinities, gain == loss: flat
    0.0
    """
    conc = not_negative(dose, "dose")
    k_h, k_l = positive(k_high, "k_high"), positive(k_low, "k_low")
    g, l_ = float(not_negative(gain, "gain")), float(not_negative(loss, "loss"))
    response = g * conc / (conc + k_h) - l_ * conc / (conc + k_l)
    return float(response) if response.ndim == 0 else response


def bell_peak(k_high: float, k_low: float, gain: float = 1.0,
              loss: float = 1.0) -> tuple[float, float]:
    """Dose and height of the bell's maximum, in closed form.

    Setting the derivative of :func:`bell_response` to zero gives
    ``C* = sqrt(k_h k_l) (sqrt(loss k_h) - sqrt(gain k_l)) / (sqrt(gain k_h) - sqrt(loss k_l))``;
    with ``gain == loss`` this is the geometric mean ``sqrt(k_high * k_low)``, and the
    height is ``gain * (r - 1) / (r + 1)`` with ``r = sqrt(k_low / k_high)``.

    Parameters
    ----------
    k_high, k_low, gain, loss : float
        As in :func:`bell_response`.

    Returns
    -------
    (float, float)
        Peak dose and peak response; ``(nan, nan)`` when the curve has no
        maximum between zero and infinite dose (no bell: e.g. ``k_high >= k_low``
        with ``gain == loss``, or a loss too small to bring the curve down).

    Examples
    --------
    >>> dose, height = bell_peak(10, 1000)
    >>> dose, round(height, 4)
    (100.0, 0.8182)
    >>> bell_peak(30, 30)
    (nan, nan)
    """
    k_h, k_l = float(positive(k_high, "k_high")), float(positive(k_low, "k_low"))
    g, l_ = float(not_negative(gain, "gain")), float(not_negative(loss, "loss"))
    # a maximum exists when the curve starts upwards (g/k_h > l/k_l) and
    # approaches its high-dose limit from above (l k_l > g k_h)
    if not (g * k_l > l_ * k_h and l_ * k_l > g * k_h):
        return (float("nan"), float("nan"))
    if g == l_:
        dose = float(np.sqrt(k_h * k_l))
    else:
        a, b = np.sqrt(g * k_h), np.sqrt(l_ * k_l)
        dose = float((b * k_h - a * k_l) / (a - b))
    return (dose, float(bell_response(dose, k_h, k_l, g, l_)))


def bell_half_max_range(k_high: float, k_low: float) -> tuple[float, float]:
    """Doses where the bell (``gain == loss``) is at half its peak height.

    The bell is symmetric on a log axis about ``sqrt(k_high * k_low)``; the
    two doses solve a quadratic whose roots multiply to ``k_high * k_low``.
    ``log10(high / low)`` is the width in decades: never below about 1.53
    (:data:`MIN_WIDTH_DECADES`, reached as the affinities approach each other),
    and growing towards one decade per decade of separation when the affinities are far apart.

    Parameters
    ----------
    k_high, k_low : float
        As in :func:`bell_response` (one unit, positive).

    Returns
    -------
    (float, float)
        Lower and upper half-maximum doses; ``(nan, nan)`` without a bell.

    Examples
    --------
    >>> low, high = bell_half_max_range(10, 1000)
    >>> round(low, 3), round(high, 1), round(float(np.log10(high / low)), 3)
    (7.128, 1402.9, 2.294)
    """
    k_h, k_l = float(positive(k_high, "k_high")), float(positive(k_low, "k_low"))
    if k_h >= k_l:
        return (float("nan"), float("nan"))
    r = np.sqrt(k_l / k_h)
    half = 0.5 * (r - 1) / (r + 1)
    # half * C**2 + (half * (k_h + k_l) - (k_l - k_h)) * C + half * k_h * k_l = 0
    b = half * (k_h + k_l) - (k_l - k_h)
    root = np.sqrt(b * b - 4 * half * half * k_h * k_l)
    return (float((-b - root) / (2 * half)), float((-b + root) / (2 * half)))


def tonus_apparent_k(k_high: float, tonus: npt.ArrayLike) -> np.ndarray | float:
    """Apparent high-affinity constant under a competing endogenous steroid tonus.

    Modelled as competitive inhibition at the high-affinity (sigma-1) site:
    ``k_high * (1 + tonus)``, where ``tonus`` is the steroid's concentration
    divided by its own dissociation constant (dimensionless, 0 = no steroid).

    Parameters
    ----------
    k_high : float
        Dissociation constant at the high-affinity site without steroid, positive.
    tonus : float or array
        Steroid concentration over its dissociation constant, not negative.

    Returns
    -------
    float or numpy.ndarray
        The apparent constant, in the unit of ``k_high``.

    Raises
    ------
    ValueError
        ``k_high`` is not positive, or a tonus is negative, missing or infinite.

    Examples
    --------
    >>> tonus_apparent_k(10, 0)
    10.0
    >>> tonus_apparent_k(10, 3)
    40.0
    """
    k_h = float(positive(k_high, "k_high"))
    level = np.asarray(tonus, dtype=float)
    if np.any(~np.isfinite(level)) or np.any(level < 0):
        raise ValueError(f"tonus must be finite and not negative, got {tonus!r}")
    apparent = k_h * (1 + level)
    return float(apparent) if apparent.ndim == 0 else apparent


def tonus_response(dose: npt.ArrayLike, k_high: float, k_low: float, tonus: float,
                   gain: float = 1.0, loss: float = 1.0) -> np.ndarray | float:
    """Bell-shaped response damped by a tonic neurosteroid inhibition of sigma-1.

    The newsletter says circulating steroids exert "a tonic modulatory effect"
    on sigma-1, and that patients with less of them (the elderly, post-partum)
    "might be particularly sensitive". Modelled here as a competitive inhibitor
    at the high-affinity site only: :func:`bell_response` with ``k_high``
    replaced by :func:`tonus_apparent_k`. More tonus moves the rising limb to
    higher doses and lowers and narrows the bell; ``tonus=0`` is the plain bell.

    Parameters
    ----------
    dose, k_high, k_low, gain, loss
        As in :func:`bell_response`.
    tonus : float
        Steroid concentration over its dissociation constant, not negative.

    Returns
    -------
    float or numpy.ndarray
        The response, in units of ``gain`` (same shape as ``dose``).

    Examples
    --------
    >>> float(tonus_response(0, 10, 1000, tonus=2))
    0.0
    >>> tonus_response(100, 10, 1000, tonus=0) == bell_response(100, 10, 1000)
    True
    >>> bool(tonus_response(30, 10, 1000, tonus=0.1) > tonus_response(30, 10, 1000, tonus=3))
    True
    """
    level = float(not_negative(tonus, "tonus"))
    return bell_response(dose, tonus_apparent_k(k_high, level), k_low, gain, loss)
