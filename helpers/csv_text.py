"""Read a CSV file's text and rows as a spreadsheet saved them, or say what to fix.

The first things a spreadsheet user trips over (a file that is not UTF-8,
semicolons or tabs between values, an unclosed quote) are refused here with
advice in the teacher's words; :mod:`helpers.validation` then checks the
header and the cells.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from helpers.errors import DataValidationError, Problem

__all__ = ["SAVE_AS", "read_checked_text", "read_records"]

SAVE_AS = 'save it as "CSV UTF-8" (comma-separated, with "." as the decimal mark)'
"""The advice every file-format message gives; the README says the same words."""


def read_checked_text(path: Path) -> str:
    """Read a CSV file as text, refusing what a spreadsheet may have saved wrongly.

    Parameters
    ----------
    path : Path
        The CSV file.

    Returns
    -------
    str
        The file's text, without a byte-order mark. Line ends are kept as they
        are; only CR and LF end a row (never U+2028 or other Unicode breaks).

    Raises
    ------
    DataValidationError
        The file is missing, empty, not UTF-8 (naming each row, column and
        character that is not), or uses ';' or tabs between values.
    """
    if not path.is_file():
        raise DataValidationError([Problem(path, "a CSV file here (it does not exist)")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataValidationError(_undecodable(path, raw)) from None
    if not text.strip():
        raise DataValidationError([Problem(path, "a header row and data rows (the file is empty)")])
    header = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if separator in header and "," not in header:
            raise DataValidationError([Problem(
                path, f"commas between values, not {name}; {SAVE_AS}", row=1, value=header)])
    return text


def _undecodable(path: Path, raw: bytes) -> list[Problem]:
    """Name each cell holding bytes that are not UTF-8, showing them as Windows would."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [Problem(path, f"UTF-8 text (this file is UTF-16, as 'Unicode Text' is saved); "
                        f"{SAVE_AS}")]
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0] if records else []
    problems = []
    for number, record in enumerate(records, start=1):
        for position, cell in enumerate(record):
            bad = [c for c in cell if "\udc80" <= c <= "\udcff"]
            if not bad:
                continue
            shown = "".join(_windows_character(c) if c in bad else c for c in cell)
            chars = ", ".join(dict.fromkeys(
                f"{_windows_character(c)!r} (byte 0x{ord(c) - 0xDC00:02X})" for c in bad))
            column = header[position] if number > 1 and position < len(header) else None
            problems.append(Problem(
                path, f"UTF-8 text: {chars} is how Windows/Latin-1 encodes it, which is not "
                f"UTF-8; {SAVE_AS}", row=number, column=column, value=shown))
    return problems or [Problem(path, f"UTF-8 text; {SAVE_AS}")]


def _windows_character(char: str) -> str:
    """The character an undecodable byte (kept as a surrogate escape) stands for in cp1252."""
    byte = bytes([ord(char) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def read_records(path: Path, text: str) -> list[list[str]]:
    """Split a CSV text into rows of cells, as a spreadsheet shows them.

    Only CR and LF end a row, and only outside quotes; a quoted cell may hold
    line breaks. Empty rows a spreadsheet leaves at the end (``,,,,``) are
    dropped.

    Parameters
    ----------
    path : Path
        The CSV file (for messages only).
    text : str
        The file's text, as returned by :func:`read_checked_text`.

    Returns
    -------
    list of list of str
        The header row first; row ``n`` of the list is spreadsheet row ``n + 1``.

    Raises
    ------
    DataValidationError
        A quote is not closed, or text follows a closing quote.
    """
    lines = re.split(r"\r\n|\r|\n", text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    while True:
        first_line = reader.line_num + 1
        try:
            records.append(next(reader))
        except StopIteration:
            break
        except csv.Error as exc:
            start = lines[first_line - 1] if first_line <= len(lines) else ""
            raise DataValidationError([Problem(path, _quoting_advice(str(exc)),
                                               row=len(records) + 1, value=start[:120])]) from None
    while records and not "".join(records[-1]).strip():
        records.pop()
    return records


def _quoting_advice(reason: str) -> str:
    if "unexpected end of data" in reason:
        return ('a closing quote (") for the value that opens with one in this row (without it, '
                "the rest of the file is read as one cell)")
    if "expected after" in reason:
        return ('a comma right after a closing quote (a value with quotes inside is written '
                'whole in quotes, each inner quote doubled: "say ""yes"" here")')
    return f"a well-formed CSV row ({reason})"
