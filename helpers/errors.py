"""The one error a bad data file raises.

A teacher or student who edits a CSV gets a single :class:`DataValidationError`
that names the file, the row, the column, the value and what was expected, and
nothing from deep inside pandas or frictionless.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CellError", "DataValidationError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file.

    Parameters
    ----------
    file : Path
        The file at fault (a CSV or ``datapackage.json``).
    expected : str
        What the file should hold there, in words a teacher can act on.
    row : int or None
        Row number as a spreadsheet shows it (the header is row 1), if any.
    column : str or None
        Column name, if any.
    value : str or None
        The offending cell or text as found, if any.
    """

    file: Path
    expected: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """Return the problem as one line of text.

        Examples
        --------
        >>> Problem(Path("data/t.csv"), "a number", row=3, column="ki_nm", value="abc").describe()
        "data/t.csv, row 3, column 'ki_nm': found 'abc', expected a number"
        """
        where = [str(self.file)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        found = f"found {self.value!r}, " if self.value is not None else ""
        return f"{', '.join(where)}: {found}expected {self.expected}"


class DataValidationError(ValueError):
    """A data file does not match its description in ``datapackage.json``.

    The first problem is the message's headline; any further problems follow,
    one a line. In a notebook only the message is shown, not a traceback.

    Parameters
    ----------
    problems : list of Problem
        Everything found wrong, in file order (at least one).
    """

    max_listed = 12

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("DataValidationError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.file, self.row, self.column = first.file, first.row, first.column
        self.value, self.expected = first.value, first.expected
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [self.problems[0].describe()]
        rest = self.problems[1 : self.max_listed]
        if rest:
            lines.append(f"{len(self.problems) - 1} more problem(s):")
            lines += [f"  - {p.describe()}" for p in rest]
        hidden = len(self.problems) - self.max_listed
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
        lines.append("Nothing was loaded; fix the file and rerun.")
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:
        """Show only the message in IPython/Jupyter, not a stack of frames."""
        return [f"DataValidationError: {line}" if i == 0 else line
                for i, line in enumerate(str(self).split("\n"))]


class CellError(ValueError):
    """A cell :func:`helpers.parsing.parse_cell` cannot read.

    Parameters
    ----------
    expected : str
        What the cell should hold, in words a teacher can act on (it completes
        "expected ..." in the error message).
    """

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected
