"""Pure pharmacology: ratios, pKi, receptor occupancy, and checks of printed values.

Every function accepts scalars, NumPy arrays or pandas Series and returns the
same kind; concentrations and constants are in nM throughout.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Union

import numpy as np

from helpers.checks import not_negative, positive

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "agrees_with_printed",
    "concentration_for_occupancy",
    "emax_response",
    "occupancy",
    "parent_drug",
    "pki",
    "round_half_up",
    "selectivity_ratio",
]

ArrayLike = Union[float, np.ndarray, "pd.Series"]


def selectivity_ratio(ki_other_nm: ArrayLike, ki_target_nm: ArrayLike) -> ArrayLike:
    """Selectivity for a target over another site: Ki(other) / Ki(target).

    A ratio above 1 means the drug binds the target more tightly (a smaller Ki).
    Table 1's printed "Ki ratio" is ``selectivity_ratio(ki_sigma2, ki_sigma1)``.

    Parameters
    ----------
    ki_other_nm, ki_target_nm : float, array or Series
        Inhibition constants in nM, positive.

    Returns
    -------
    float, array or Series
        The dimensionless ratio, same shape as the inputs.

    Examples
    --------
    >>> round(selectivity_ratio(8439, 36), 1)
    234.4
    """
    positive(ki_other_nm, "ki_other_nm")
    positive(ki_target_nm, "ki_target_nm")
    return ki_other_nm / ki_target_nm


def pki(ki_nm: ArrayLike) -> ArrayLike:
    """The negative decimal logarithm of Ki in molar: pKi = 9 - log10(Ki / nM).

    Parameters
    ----------
    ki_nm : float, array or Series
        Inhibition constant in nM, positive.

    Returns
    -------
    float, array or Series
        pKi (dimensionless; 9 is 1 nM, each unit a tenfold higher affinity).

    Raises
    ------
    ValueError
        A Ki is zero, negative, missing or infinite.

    Examples
    --------
    >>> float(pki(36))  # fluvoxamine at sigma-1
    7.443697499232713
    >>> float(pki(1.0))
    9.0
    """
    positive(ki_nm, "ki_nm")
    return 9.0 - np.log10(ki_nm)


def occupancy(conc_nm: ArrayLike, ki_nm: ArrayLike) -> ArrayLike:
    """Fractional receptor occupancy at equilibrium: C / (C + Ki).

    The law of mass action for a single site, with C the free drug
    concentration at the receptor and no competing ligand (Hulme & Trevethick,
    Br J Pharmacol 2010;161:1219-1237, equation for fractional occupancy at
    equilibrium).

    Parameters
    ----------
    conc_nm : float, array or Series
        Free concentration in nM, zero or more.
    ki_nm : float, array or Series
        Inhibition (dissociation) constant in nM, positive.

    Returns
    -------
    float, array or Series
        Occupancy between 0 and 1.

    Examples
    --------
    >>> occupancy(36, 36)
    0.5
    >>> round(occupancy(100, 1893), 3)  # paroxetine at sigma-1, 100 nM free
    0.05
    """
    not_negative(conc_nm, "conc_nm")
    positive(ki_nm, "ki_nm")
    return conc_nm / (conc_nm + ki_nm)


def emax_response(dose: ArrayLike, ed50: ArrayLike, emax: float = 1.0,
                  hill: float = 1.0) -> ArrayLike:
    """Hyperbolic (Hill) dose-response: E = Emax * D^n / (D^n + ED50^n).

    With ``hill=1`` and ``emax=1`` this is :func:`occupancy` with ED50 for Ki.

    Parameters
    ----------
    dose : float, array or Series
        Dose or concentration, zero or more (any unit, the same as ``ed50``).
    ed50 : float, array or Series
        Dose giving half the maximal effect, positive.
    emax : float
        Maximal effect.
    hill : float
        Hill coefficient (steepness), positive.

    Returns
    -------
    float, array or Series
        The effect, in the units of ``emax``.

    Raises
    ------
    ValueError
        A dose is negative, or ``ed50`` or ``hill`` is not positive.

    Examples
    --------
    >>> emax_response(10, 10, emax=80)
    40.0
    >>> float(emax_response(0, 10))
    0.0
    """
    not_negative(dose, "dose")
    positive(ed50, "ed50")
    positive(hill, "hill")
    return emax * dose**hill / (dose**hill + ed50**hill)


def concentration_for_occupancy(fraction: ArrayLike, ki_nm: ArrayLike) -> ArrayLike:
    """Free concentration that gives a fractional occupancy: Ki * f / (1 - f).

    The inverse of :func:`occupancy`.

    Parameters
    ----------
    fraction : float, array or Series
        Fractional occupancy, at least 0 and below 1.
    ki_nm : float, array or Series
        Inhibition constant in nM, positive.

    Returns
    -------
    float, array or Series
        Free concentration in nM.

    Raises
    ------
    ValueError
        A fraction outside [0, 1), or a Ki that is not positive.

    Examples
    --------
    >>> concentration_for_occupancy(0.5, 36)
    36.0
    >>> round(concentration_for_occupancy(0.9, 36), 6)
    324.0
    """
    f = np.asarray(fraction, dtype=float)
    if np.any(~np.isfinite(f)) or np.any((f < 0) | (f >= 1)):
        raise ValueError(f"fraction must be in [0, 1), got {fraction!r}")
    positive(ki_nm, "ki_nm")
    return ki_nm * fraction / (1 - fraction)


def round_half_up(values: ArrayLike) -> ArrayLike:
    """Round to the nearest whole number, halves upwards, as printed tables do.

    NumPy's ``round`` rounds halves to even (``round(18.5) == 18``); printed
    tables usually do not.

    Parameters
    ----------
    values : float, array or Series
        Numbers to round.

    Returns
    -------
    float, array or Series
        Whole numbers, as floats.

    Examples
    --------
    >>> float(round_half_up(18.5))
    19.0
    >>> float(round_half_up(67.08))
    67.0
    """
    return np.floor(values + 0.5)


def agrees_with_printed(printed: ArrayLike, computed: ArrayLike) -> ArrayLike:
    """Whether a printed whole number is the computed value rounded half up.

    Parameters
    ----------
    printed : float, array or Series
        The whole numbers as printed (e.g. Table 1's Ki ratios).
    computed : float, array or Series
        The same quantities computed from the printed inputs.

    Returns
    -------
    bool, array or Series of bool
        True where :func:`round_half_up` of ``computed`` equals ``printed``.

    Examples
    --------
    >>> bool(agrees_with_printed(234, 8439 / 36))
    True
    >>> bool(agrees_with_printed(68, 16100 / 240))  # (±)-fluoxetine in Table 1
    False
    """
    return round_half_up(computed) == printed


_STEREO_PREFIX = re.compile(
    r"^(?:rac-|[RSDLdl]?\((?:\+/-|\+/\u2212|[+\-\u2212\u00b1]|RS|R|S)\)-?)\s*")


def parent_drug(name: str) -> str:
    """The drug a name denotes, without a leading stereo descriptor.

    A racemate and its enantiomers are forms of one drug: Table 1 lists
    fluoxetine twice, as ``S(+)Fluoxetine`` and ``(±)Fluoxetine``, so its six
    SSRI rows hold five SSRIs. Compare the results ignoring case.

    Parameters
    ----------
    name : str
        A drug name as printed, e.g. ``"(±)Fluoxetine"``.

    Returns
    -------
    str
        The name without a leading ``(±)``, ``(+/-)``, ``S(+)``, ``R(-)``,
        ``(R)``, ``(S)``, ``(RS)`` or ``rac-`` (and a hyphen after it); any
        other name unchanged.

    Examples
    --------
    >>> [parent_drug(n) for n in ("S(+)Fluoxetine", "(±)Fluoxetine", "R(-)-fluoxetine",
    ...                          "(+/-)-Norfluoxetine", "Fluvoxamine")]
    ['Fluoxetine', 'Fluoxetine', 'fluoxetine', 'Norfluoxetine', 'Fluvoxamine']
    """
    return _STEREO_PREFIX.sub("", str(name), count=1)
