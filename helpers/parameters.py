"""Check the values a lesson's ``parameters`` cell receives.

A student edits the parameters cell; papermill (``-p name value``) and
``make handouts`` inject values into the cell after it. ``-p`` turns a value
that looks like a number into a number and leaves anything else as text, so a
threshold written as the newsletter prints it (``1,000``) arrives as the text
``"1,000"`` and a folder named after a year (``2024``) as the number 2024.
Each lesson therefore passes its parameters through these functions in the
cell after its parameters cell: a value whose meaning is unambiguous is
converted (the text ``"250"`` is the number 250), anything else stops with one
:class:`ParameterError` naming the parameter, the value and what is expected.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from os import PathLike
from typing import Any

__all__ = ["ParameterError", "integer_parameter", "number_list_parameter",
           "number_parameter", "path_parameter"]

_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number written with ASCII digits, an optional point and exponent (no separators)."""


class ParameterError(ValueError):
    """A lesson parameter has a value the lesson cannot use.

    The message names the parameter, the value as given and what is expected.
    In a notebook only the message is shown, not a traceback.
    """

    def _render_traceback_(self) -> list[str]:
        """Show only the message in IPython/Jupyter."""
        return [f"ParameterError: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


def describe(value: Any) -> str:
    """Say what a value is, as a teacher would read it.

    Examples
    --------
    >>> describe("1,000"), describe(5), describe(True)
    ("the text '1,000'", 'the number 5', 'the truth value True')
    """
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, numbers.Number):
        return f"the number {value!r}"
    return f"{value!r} (a {type(value).__name__})"


def _bounds_text(minimum: float | None, exclusive_minimum: float | None,
                 maximum: float | None) -> str:
    parts = []
    if exclusive_minimum is not None:
        parts.append(f"greater than {exclusive_minimum:g}")
    if minimum is not None:
        parts.append(f"at least {minimum:g}")
    if maximum is not None:
        parts.append(f"at most {maximum:g}")
    return " and ".join(parts)


def number_parameter(name: str, value: Any, *, unit: str = "", minimum: float | None = None,
                     exclusive_minimum: float | None = None,
                     maximum: float | None = None) -> float:
    """Return a parameter as a finite float, or stop with a clear message.

    A number (int, float, numpy scalar) is taken as it is. Text holding a plain
    number (ASCII digits, an optional ``.`` and exponent, e.g. ``"250"`` or
    ``"1e3"``) is converted, since its meaning is unambiguous. Text with a
    thousands or decimal comma (``"1,000"`` is 1000 in English and 1.0 in much
    of Europe), units or other characters is refused.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the parameters cell (or papermill) gave.
    unit : str
        Unit named in the message, e.g. ``"nM"``.
    minimum, exclusive_minimum, maximum : float or None
        Bounds the value must respect (inclusive, exclusive, inclusive).

    Returns
    -------
    float
        The value.

    Raises
    ------
    ParameterError
        A truth value, text that is not a plain number, a non-finite number,
        or a number outside the bounds.

    Examples
    --------
    >>> number_parameter("free_conc_nm", "250", unit="nM")
    250.0
    >>> number_parameter("potency_threshold_nm", "1,000", unit="nM")
    Traceback (most recent call last):
    ...
    helpers.parameters.ParameterError: potency_threshold_nm: got the text '1,000'; expected a
    number in nM such as 1000 (digits and '.', no thousands separators or units)
    """
    in_unit = f" in {unit}" if unit else ""
    expected = (f"expected a number{in_unit} such as 1000 (digits and '.', no thousands "
                "separators or units)")
    if isinstance(value, bool) or not isinstance(value, numbers.Real | str):
        raise ParameterError(f"{name}: got {describe(value)}; {expected}")
    if isinstance(value, str):
        if not _PLAIN_NUMBER.fullmatch(value.strip()):
            raise ParameterError(f"{name}: got {describe(value)}; {expected}")
        number = float(value.strip())
    else:
        number = float(value)
    if not math.isfinite(number):
        raise ParameterError(f"{name}: got {describe(value)}; expected a finite number{in_unit}")
    too_low = ((minimum is not None and number < minimum)
               or (exclusive_minimum is not None and number <= exclusive_minimum))
    if too_low or (maximum is not None and number > maximum):
        bounds = _bounds_text(minimum, exclusive_minimum, maximum)
        raise ParameterError(f"{name}: got {describe(value)}; expected a number{in_unit} "
                             f"{bounds}")
    return number


def integer_parameter(name: str, value: Any, *, minimum: int | None = None) -> int:
    """Return a parameter as an int (a whole float or plain text is converted).

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the parameters cell (or papermill) gave.
    minimum : int or None
        The smallest value allowed (inclusive).

    Returns
    -------
    int
        The value.

    Raises
    ------
    ParameterError
        The value is not a whole number, or is below ``minimum``.

    Examples
    --------
    >>> integer_parameter("neuron_seed", "7")
    7
    """
    number = number_parameter(name, value)
    if not number.is_integer():
        raise ParameterError(f"{name}: got {describe(value)}; expected a whole number such as 7")
    if minimum is not None and number < minimum:
        raise ParameterError(f"{name}: got {describe(value)}; expected a whole number of at "
                             f"least {minimum}")
    return int(number)


def number_list_parameter(name: str, value: Any, *, unit: str = "",
                          minimum: float | None = None,
                          exclusive_minimum: float | None = None) -> list[float]:
    """Return a parameter that holds several numbers as a list of floats.

    Accepts a list or tuple of numbers, or text such as ``"0, 1, 4"`` or
    ``"[0, 1, 4]"`` (commas separate the numbers here, so none may be written
    with a thousands separator).

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the parameters cell (or papermill) gave.
    unit : str
        Unit named in the message, e.g. ``"nM"``.
    minimum, exclusive_minimum : float or None
        Bounds every item must respect (inclusive, exclusive).

    Returns
    -------
    list of float
        The numbers, in the order given.

    Raises
    ------
    ParameterError
        Empty, or any item that :func:`number_parameter` refuses (named by its
        position).

    Examples
    --------
    >>> number_list_parameter("tonus_levels", "[0, 1, 4]")
    [0.0, 1.0, 4.0]
    """
    items: Iterable[Any]
    if isinstance(value, str):
        items = [part.strip() for part in value.strip().strip("[]()").split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        items = value
    else:
        items = [value]
    numbers_ = [number_parameter(f"{name}[{position}]", item, unit=unit, minimum=minimum,
                                 exclusive_minimum=exclusive_minimum)
                for position, item in enumerate(items)]
    if not numbers_:
        raise ParameterError(f"{name}: got {describe(value)}; expected one number or more, "
                             "such as [0, 1, 4]")
    return numbers_


def path_parameter(name: str, value: Any) -> str | None:
    """Return a folder parameter (such as ``data_dir``) as text, or None.

    ``papermill -p data_dir 2024`` passes the number 2024 for a folder named
    ``2024``; a whole number is turned back into that name. A number with a
    fractional part is refused, since papermill may have changed its spelling
    (``1.50`` arrives as 1.5).

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : object
        What the parameters cell (or papermill) gave: text, a path, a whole
        number or None.

    Returns
    -------
    str or None
        The folder as text; None when ``value`` is None (the shipped data).

    Raises
    ------
    ParameterError
        A truth value, a fractional number, empty text, or another type.

    Examples
    --------
    >>> path_parameter("data_dir", 2024)
    '2024'
    >>> path_parameter("data_dir", None) is None
    True
    """
    hint = (f"; papermill turns -p values that look like numbers into numbers: pass the folder "
            f"as text with -r {name} ...")
    if value is None:
        return None
    if isinstance(value, str | PathLike):
        text = str(value)
        if not text.strip():
            raise ParameterError(f"{name}: got {describe(value)}; expected the path of a folder "
                                 "(a copy of data/), or None for the shipped data")
        return text
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(value)
    raise ParameterError(f"{name}: got {describe(value)}; expected the path of a folder (a copy "
                         f"of data/), or None for the shipped data{hint}")
