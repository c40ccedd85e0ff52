"""Find the characters a cell must not hold, and name them so a teacher can delete them.

Pasted text carries what a spreadsheet does not show: a trailing space, a
NO-BREAK SPACE, a tab, a zero-width character, U+2028 LINE SEPARATOR. Every
cell is checked here before :mod:`helpers.parsing` reads its value, and each
such character is named by its code point and Unicode name.
"""

from __future__ import annotations

import unicodedata

from helpers.errors import CellError

__all__ = ["character_name", "check_characters", "is_space"]

_LINE_BREAKS = frozenset("\r\n")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

# Control characters have no Unicode name; these are the ones a pasted text carries.
_CONTROL_NAMES = {
    "\x00": "NULL", "\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN",
    "\x1c": "FILE SEPARATOR", "\x1d": "GROUP SEPARATOR", "\x1e": "RECORD SEPARATOR",
    "\x1f": "UNIT SEPARATOR", "\x7f": "DELETE", "\x85": "NEXT LINE",
}


def character_name(char: str) -> str:
    r"""Name one character so that an invisible one can be found and deleted.

    Parameters
    ----------
    char : str
        A single character.

    Returns
    -------
    str
        The character quoted, with its Unicode code point and name.

    Examples
    --------
    >>> print(character_name("３"))
    '３' (U+FF13 FULLWIDTH DIGIT THREE)
    >>> print(character_name("\u2028"))
    '\u2028' (U+2028 LINE SEPARATOR)
    """
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def _space_name(char: str) -> str:
    return "space" if char == " " else (_CONTROL_NAMES.get(char) or
                                        unicodedata.name(char, f"U+{ord(char):04X}"))


def is_space(char: str) -> bool:
    """Whether a character is white space of any kind (including NO-BREAK SPACE).

    Parameters
    ----------
    char : str
        A single character.

    Returns
    -------
    bool
        True for any Unicode white space (space separators, tabs, line breaks).
    """
    return char.isspace() or unicodedata.category(char) == "Zs"


def _surrounding(run: str, where: str = "") -> str:
    """Describe a run of whitespace: 'a trailing space', '2 leading spaces'."""
    adjective = f"{where} " if where else ""
    if set(run) == {" "}:
        return f"a {adjective}space" if len(run) == 1 else f"{len(run)} {adjective}spaces"
    names = list(dict.fromkeys(_space_name(c) for c in run))
    if len(run) == 1:
        return f"a {adjective}{names[0]}"
    return adjective + " and ".join(names)


def check_characters(text: str, what: str, line_breaks: bool) -> None:
    """Refuse surrounding whitespace and invisible characters anywhere in a cell.

    Parameters
    ----------
    text : str
        The cell as written in the file.
    what : str
        What the cell holds ("number", "text", ...), for the message.
    line_breaks : bool
        Whether CR and LF may stand inside (free-text columns only).

    Raises
    ------
    CellError
        Saying what was found, where, and to delete it.

    Examples
    --------
    >>> check_characters("36", "number", False)
    >>> check_characters("36 ", "number", False)
    Traceback (most recent call last):
    ...
    helpers.errors.CellError: no spaces or invisible characters before or after the number \
(found a trailing space; delete it)
    """
    start = 0
    while start < len(text) and is_space(text[start]):
        start += 1
    end = len(text)
    while end > start and is_space(text[end - 1]):
        end -= 1
    found = []
    if start == len(text):
        noun = "some text" if what == "text" else f"a {what}"
        raise CellError(f"{noun} or an empty cell (the cell holds only {_surrounding(text)}; "
                        "empty the cell or fill it in)")
    if start:
        found.append(_surrounding(text[:start], "leading"))
    if end < len(text):
        found.append(_surrounding(text[end:], "trailing"))
    if found:
        extra = start + len(text) - end
        raise CellError(f"no spaces or invisible characters before or after the {what} "
                        f"(found {' and '.join(found)}; delete {'it' if extra == 1 else 'them'})")
    for position, char in enumerate(text):
        if unicodedata.category(char) in _INVISIBLE and not (line_breaks and char in _LINE_BREAKS):
            where = f"after {text[:position][-20:]!r}" if position else "at the start"
            advice = "" if char not in _LINE_BREAKS else (
                "; a line break is allowed only in free-text columns, such as notes")
            raise CellError(f"{what} without control or invisible characters (found "
                            f"{character_name(char)} {where}; delete it{advice})")
