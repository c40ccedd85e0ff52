"""Decide what one CSV cell holds: the one parser the validator and the loader share.

:func:`helpers.load` reads every cell through :func:`parse_cell`, checks the
values it returns against the schema's constraints, and builds the DataFrame
from those same values, so a cell that passes validation loads as exactly the
value validated, and a cell this module cannot read is reported, never read
differently by something else.

The rules, for every cell of every dataset:

- no spaces or invisible characters before or after the value (a trailing
  space or NO-BREAK SPACE makes "Fluvoxamine " a different drug);
- no control or invisible characters inside (tab, vertical tab, form feed,
  U+2028 LINE SEPARATOR, U+0085 NEXT LINE, zero-width characters, ...); only
  free-text columns (text that is neither a key nor a list of allowed values,
  such as a note or a quoted sentence) may hold a line break (Alt+Enter in a
  spreadsheet);
- a ``number`` is written with the ASCII digits 0-9: an optional sign, digits,
  an optional '.', an optional exponent (``1e-9``), and must be finite and not
  so small that it rounds to 0; an ``integer`` is an optional sign and digits
  (at most 18 of them); a ``boolean`` is one of the schema's true/false values.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from typing import Any

from helpers.characters import character_name, check_characters, is_space
from helpers.errors import CellError

__all__ = ["is_free_text", "parse_cell"]

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
_NON_FINITE = {"inf", "infinity", "nan", "-nan", "+nan", "-inf", "+inf", "-infinity", "+infinity"}
_INTEGER_LIMIT = 10**18
_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]

NUMBER_EXPECTED = ("a plain number with ASCII digits 0-9 such as 36 or 0.5 (digits and '.', "
                   "no units, no thousands separators)")
INTEGER_EXPECTED = ("a whole number with ASCII digits 0-9 such as 36 (digits only, no units, "
                    "no thousands separators)")


def is_free_text(field: dict[str, Any], primary_key: list[str] | str | None = None) -> bool:
    """Whether a column holds free text, which may contain line breaks.

    Free text is a ``string`` column that is neither part of the primary key
    nor limited to a list of allowed values (``enum``): a note, a quotation, a
    sentence as printed.

    Parameters
    ----------
    field : dict
        The column's Table Schema field descriptor.
    primary_key : list of str, str or None
        The schema's ``primaryKey``.

    Returns
    -------
    bool
    """
    key = [primary_key] if isinstance(primary_key, str) else list(primary_key or [])
    return (field.get("type") == "string" and field.get("name") not in key
            and "enum" not in field.get("constraints", {}))


def _odd_character(text: str, allowed: str) -> str | None:
    """The first character not allowed in a plain ASCII number."""
    return next((c for c in text if c not in allowed), None)


def _suggestion(text: str) -> str | None:
    """The plain ASCII spelling of a number written with other digits or separators."""
    digits = []
    for char in text:
        value = unicodedata.decimal(char, None)
        if value is not None:
            digits.append(str(value))
        elif char in "_',’" or is_space(char):
            continue
        else:
            digits.append(char)
    plain = "".join(digits)
    return plain if plain != text and _NUMBER.fullmatch(plain) else None


def parse_number(text: str) -> float:
    """Read a ``number`` cell (not empty, already free of stray characters).

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    float
        ``float(text)``, finite.

    Raises
    ------
    CellError
        Not a plain ASCII number, not finite, or so small it rounds to 0.

    Examples
    --------
    >>> parse_number("8439"), parse_number("-1.5e-3")
    (8439.0, -0.0015)
    """
    if not _NUMBER.fullmatch(text):
        raise CellError(_number_problem(text, NUMBER_EXPECTED))
    value = float(text)
    if not math.isfinite(value):
        raise CellError(f"a finite number such as 36 or 0.5 ({text} is beyond the largest "
                        "number a computer can hold, about 1.8e308)")
    mantissa = re.split(r"[eE]", text)[0]
    if value == 0 and any(c in "123456789" for c in mantissa):
        raise CellError(f"a number that a computer can hold ({text} is so small that it "
                        "rounds to 0; write 0 if you mean zero)")
    if 0 < abs(value) < sys.float_info.min:
        raise CellError(f"a number that a computer can hold exactly ({text} is below about "
                        "2.2e-308, where numbers lose their digits)")
    return value


def parse_integer(text: str) -> int:
    """Read an ``integer`` cell (not empty, already free of stray characters).

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    int

    Raises
    ------
    CellError
        Not a whole number in ASCII digits, or more than 18 digits long.

    Examples
    --------
    >>> parse_integer("1976")
    1976
    """
    if not _INTEGER.fullmatch(text):
        if _NUMBER.fullmatch(text):
            raise CellError(f"{INTEGER_EXPECTED}; {text} is not a whole number")
        raise CellError(_number_problem(text, INTEGER_EXPECTED))
    value = int(text)
    if abs(value) >= _INTEGER_LIMIT:
        raise CellError(f"{INTEGER_EXPECTED}; at most 18 digits")
    return value


def _number_problem(text: str, expected: str) -> str:
    """Say what is wrong with a cell that is not a plain ASCII number."""
    if text.lower() in _NON_FINITE:
        return f"a finite number such as 36 or 0.5 ({text} is not a finite number)"
    if _THOUSANDS.fullmatch(text):
        return f"{expected}; write {text.replace(',', '')} without the comma"
    if _DECIMAL_COMMA.fullmatch(text):
        return f"{expected}; write {text.replace(',', '.')} with '.' as the decimal mark"
    odd = _odd_character(text, "0123456789+-.eE")
    if odd is None:
        return expected
    plain = _suggestion(text)
    return f"{expected}, not {character_name(odd)}" + (f"; write {plain}" if plain else "")


def parse_boolean(text: str, field: dict[str, Any]) -> bool:
    """Read a ``boolean`` cell with the field's ``trueValues`` and ``falseValues``.

    Parameters
    ----------
    text : str
        The cell as written.
    field : dict
        The column's Table Schema field descriptor.

    Returns
    -------
    bool

    Raises
    ------
    CellError
        Neither a true nor a false value.
    """
    true, false = field.get("trueValues", _TRUE), field.get("falseValues", _FALSE)
    if text in true:
        return True
    if text in false:
        return False
    allowed = ", ".join(repr(v) for v in [*true, *false])
    raise CellError(f"true or false (one of {allowed})")


def parse_cell(text: str, field: dict[str, Any], free_text: bool = False) -> Any:
    """Return the value a CSV cell holds, as validated and as loaded.

    Parameters
    ----------
    text : str
        The cell exactly as the CSV reader returned it.
    field : dict
        The column's Table Schema field descriptor (``type`` among ``string``,
        ``number``, ``integer``, ``boolean``).
    free_text : bool
        Whether line breaks are allowed (see :func:`is_free_text`).

    Returns
    -------
    str, float, int, bool or None
        None for an empty cell (a missing value); otherwise the cell's value.

    Raises
    ------
    CellError
        The cell cannot be read; its ``expected`` says what it should hold.

    Examples
    --------
    >>> parse_cell("36", {"type": "number"}), parse_cell("", {"type": "number"})
    (36.0, None)
    >>> parse_cell("INF", {"type": "number"})
    Traceback (most recent call last):
    ...
    helpers.errors.CellError: a finite number such as 36 or 0.5 (INF is not a finite number)
    """
    if text == "":
        return None
    kind = field.get("type", "string")
    what = {"number": "number", "integer": "number", "boolean": "value"}.get(kind, "text")
    check_characters(text, what, line_breaks=free_text and kind == "string")
    if kind == "number":
        return parse_number(text)
    if kind == "integer":
        return parse_integer(text)
    if kind == "boolean":
        return parse_boolean(text, field)
    return text
