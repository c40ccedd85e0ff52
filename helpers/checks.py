"""Argument checks shared by the pharmacology functions and the models."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["not_negative", "positive"]


def positive(values: npt.ArrayLike, name: str) -> np.ndarray:
    """Return ``values`` as floats, refusing zero, negative, missing or infinite ones.

    Parameters
    ----------
    values : float or array-like
        The values to check.
    name : str
        The argument's name, for the error message (e.g. ``"ki_nm"``).

    Returns
    -------
    numpy.ndarray
        ``values`` as a float array (0-d for a scalar).

    Raises
    ------
    ValueError
        Any value is zero, negative, missing or infinite.

    Examples
    --------
    >>> positive([36, 1893], "ki_nm")
    array([  36., 1893.])
    >>> positive(0, "ki_nm")
    Traceback (most recent call last):
    ValueError: ki_nm must be positive and finite, got 0
    """
    array = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(array)) or np.any(array <= 0):
        raise ValueError(f"{name} must be positive and finite, got {values!r}")
    return array


def not_negative(values: npt.ArrayLike, name: str) -> np.ndarray:
    """Return ``values`` as floats, refusing negative, missing or infinite ones.

    Parameters
    ----------
    values : float or array-like
        The values to check.
    name : str
        The argument's name, for the error message (e.g. ``"ki_nm"``).

    Returns
    -------
    numpy.ndarray
        ``values`` as a float array (0-d for a scalar).

    Raises
    ------
    ValueError
        Any value is negative, missing or infinite.

    Examples
    --------
    >>> not_negative(0, "conc_nm")
    array(0.)
    >>> not_negative(-1, "conc_nm")
    Traceback (most recent call last):
    ValueError: conc_nm must be finite and not negative, got -1
    """
    array = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and not negative, got {values!r}")
    return array
