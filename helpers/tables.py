"""Tables that show themselves well everywhere: notebook, nbval, and PDF handouts.

:func:`table` wraps a DataFrame in an object whose rich display offers plain
text (compared by nbval), HTML (JupyterLab) and Markdown (pandoc typesets it
as a real table in the handouts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from helpers.markup import column_alignment, html_table, markdown_table
from helpers.rich import RichDisplay

__all__ = ["Table", "and_list", "ki_text", "lookup", "ratio_text", "rows_available", "table"]

Formatter = str | Callable[[object], str]


class Table(RichDisplay):
    """A formatted table with text, HTML and Markdown representations.

    Parameters
    ----------
    frame : DataFrame
        The values, already formatted as strings.
    caption : str or None
        A caption shown above the table.
    """

    def __init__(self, frame: pd.DataFrame, caption: str | None = None) -> None:
        self.frame = frame
        self.caption = caption

    def to_text(self) -> str:
        """Plain-text rendering, columns aligned."""
        body = self.frame.to_string(index=False)
        return f"{self.caption}\n{body}" if self.caption else body

    def to_html(self) -> str:
        """HTML rendering, with the caption as a <caption>."""
        return html_table(self.frame.columns, self.frame.itertuples(index=False), self.caption)

    def to_markdown(self) -> str:
        """Pandoc pipe table, with the caption as a ``Table:`` line."""
        return markdown_table(self.frame.columns, self.frame.itertuples(index=False),
                              self.caption,
                              [column_alignment(self.frame[c]) for c in self.frame.columns])


def ki_text(value: float | None, qualifier: str = "=") -> str:
    """A value as printed, with its qualifier; never rounded, empty when missing.

    For a Ki, or any value that may be a bound: ``"> 10,000"`` means the true
    value is above 10,000.

    Parameters
    ----------
    value : float or None
        The value (e.g. a Ki in nM); None or NaN for none.
    qualifier : str
        ``"="`` (a measurement), ``">"`` or ``"<"`` (a bound), written before it.

    Returns
    -------
    str
        Thousands separated by commas, every digit kept; ``""`` when missing.

    Examples
    --------
    >>> [ki_text(v, q) for v, q in [(10000.0, ">"), (0.5, "="), (7500.0, "="), (12.25, "<")]]
    ['> 10,000', '0.5', '7,500', '< 12.25']
    >>> ki_text(float("nan"))
    ''
    """
    if value is None or pd.isna(value):
        return ""
    number = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    return number if qualifier == "=" else f"{qualifier} {number}"


def ratio_text(value: float) -> str:
    """A derived ratio for print: one decimal from 1 up, two significant digits below.

    A ratio below 1 (a drug more selective for sigma-2 than sigma-1, or a
    concentration smaller than another) keeps its digits instead of printing
    as ``0.0``.

    Parameters
    ----------
    value : float
        The ratio (no unit).

    Returns
    -------
    str
        ``"234.4"``, ``"1,234.5"``, ``"0.045"``; ``"inf"``/``"nan"`` as Python writes them.

    Examples
    --------
    >>> [ratio_text(v) for v in (234.4375, 6.1, 0.0454, 0.63, 1234.5)]
    ['234.4', '6.1', '0.045', '0.63', '1,234.5']
    """
    if pd.isna(value) or abs(value) >= 1 or value == 0:
        return f"{value:,.1f}"
    return f"{value:.2g}"


def and_list(items: Iterable[object], empty: str = "none") -> str:
    """Join items as a sentence would: ``"A"``, ``"A and B"``, ``"A, B and C"``.

    For prose computed from the loaded data, where the number of items is not
    known in advance.

    Parameters
    ----------
    items : iterable
        The items, in the order wanted (each written with ``str``).
    empty : str
        What to write when there are no items.

    Returns
    -------
    str

    Examples
    --------
    >>> and_list(["Fluvoxamine"]), and_list(["Fluvoxamine", "Sertraline"])
    ('Fluvoxamine', 'Fluvoxamine and Sertraline')
    >>> and_list(["alpha-1", "H1", "muscarinic"]), and_list([])
    ('alpha-1, H1 and muscarinic', 'none')
    """
    words = [str(item) for item in items]
    if not words:
        return empty
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def lookup(frame: pd.DataFrame, **keys: object) -> pd.Series:
    """The one row of a dataset whose columns hold the given values.

    For a cell that needs a named item (an exercise about fluvoxamine): when a
    teacher's data lack it, the cell stops with a message naming the dataset,
    the item and what the data hold, instead of an ``IndexError`` or a
    ``KeyError`` from deep inside pandas.

    Parameters
    ----------
    frame : DataFrame
        A dataset (from :func:`helpers.load`, whose ``attrs["name"]`` is used in
        the message) or any frame.
    **keys
        Column and value, e.g. ``drug="Fluvoxamine"``; several narrow the match
        (``drug="Amitriptyline", receptor="H1", source="newsletter"``).

    Returns
    -------
    Series
        The row, indexed by column name.

    Raises
    ------
    LookupError
        No row, or more than one row, matches.
    KeyError
        A named column is not in the frame.

    Examples
    --------
    >>> frame = pd.DataFrame({"drug": ["Fluvoxamine", "Sertraline"], "ki_nm": [36.0, 57.0]})
    >>> float(lookup(frame, drug="Sertraline").ki_nm)
    57.0
    >>> lookup(frame, drug="Paroxetine")
    Traceback (most recent call last):
    ...
    LookupError: no row with drug = 'Paroxetine' in the data (drug: Fluvoxamine, Sertraline);
    this cell needs it
    """
    if not keys:
        raise TypeError("lookup needs at least one column=value")
    missing = [column for column in keys if column not in frame.columns]
    if missing:
        raise KeyError(f"lookup: no column {', '.join(map(repr, missing))} in the data")
    match = pd.Series(True, index=frame.index)
    for column, value in keys.items():
        match &= frame[column] == value
    found = frame[match]
    if len(found) == 1:
        return found.iloc[0]
    name = frame.attrs.get("name")
    where = f"in {name}" if name else "in the data"
    wanted = " and ".join(f"{column} = {value!r}" for column, value in keys.items())
    if found.empty:
        first = next(iter(keys))
        held = ", ".join(sorted(set(map(str, frame[first]))))
        raise LookupError(f"no row with {wanted} {where} ({first}: {held or 'no rows'}); "
                          "this cell needs it")
    raise LookupError(f"{len(found)} rows with {wanted} {where}; this cell needs exactly one")


def rows_available(frame: pd.DataFrame, **keys: object) -> bool:
    """Whether a dataset has the rows a cell needs; if not, say so and which are missing.

    For an exercise's solution about named drugs: on a teacher's data that lack
    one, the solution prints one sentence naming what is missing and is
    skipped (``if helpers.rows_available(...):``), so the rest of the lesson,
    and its handouts, still run.

    Parameters
    ----------
    frame : DataFrame
        A dataset (from :func:`helpers.load`, whose ``attrs["name"]`` is used in
        the message) or any frame.
    **keys
        Column and the value, or list of values, needed, e.g.
        ``drug=["Fluvoxamine", "Paroxetine"]``; with several columns every
        combination is needed (``drug="Amitriptyline", receptor="H1",
        source=["newsletter", "goodman_gilman_12e"]``: two rows).

    Returns
    -------
    bool
        True when every combination has at least one row; otherwise False,
        after printing which are missing.

    Raises
    ------
    KeyError
        A named column is not in the frame.

    Examples
    --------
    >>> frame = pd.DataFrame({"drug": ["Fluvoxamine", "Sertraline"], "ki_nm": [36.0, 57.0]})
    >>> rows_available(frame, drug=["Fluvoxamine", "Sertraline"])
    True
    >>> rows_available(frame, drug=["Fluvoxamine", "Paroxetine"])
    Skipped: this cell needs drug = 'Paroxetine', which the loaded data do not have
    (drug: Fluvoxamine, Sertraline).
    False
    """
    from itertools import product

    missing_columns = [column for column in keys if column not in frame.columns]
    if missing_columns:
        raise KeyError(f"rows_available: no column {', '.join(map(repr, missing_columns))} "
                       "in the data")
    choices = {column: value if isinstance(value, list | tuple | set) else [value]
               for column, value in keys.items()}
    missing = []
    for combination in product(*choices.values()):
        match = pd.Series(True, index=frame.index)
        for column, value in zip(choices, combination, strict=True):
            match &= frame[column] == value
        if not match.any():
            pairs = zip(choices, combination, strict=True)
            text = ", ".join(f"{column} = {value!r}" for column, value in pairs)
            missing.append(f"({text})" if len(choices) > 1 else text)
    if not missing:
        return True
    name = frame.attrs.get("name")
    where = f"the loaded {name} does" if name else "the loaded data do"
    first = next(iter(keys))
    held = ", ".join(sorted(set(map(str, frame[first])))) or "no rows"
    print(f"Skipped: this cell needs {and_list(missing)}, which {where} not have "
          f"({first}: {held}).")
    return False


def table(frame: pd.DataFrame, formats: Mapping[str, Formatter] | None = None,
          caption: str | None = None, columns: Mapping[str, str] | None = None) -> Table:
    """Format a DataFrame for display.

    Parameters
    ----------
    frame : DataFrame
        The data.
    formats : mapping of column to format string or function, optional
        E.g. ``{"ki_sigma1_nm": "{:,.0f}"}``. Other columns are shown as ``str``;
        missing values as an empty cell.
    caption : str or None
        Caption above the table.
    columns : mapping of column to heading, optional
        Headings to show instead of column names.

    Returns
    -------
    Table

    Examples
    --------
    >>> t = table(pd.DataFrame({"drug": ["Fluvoxamine"], "ki": [36.0]}), {"ki": "{:,.0f}"})
    >>> print(t.to_markdown())
    | drug | ki |
    |:---|---:|
    | Fluvoxamine | 36 |
    """
    formats = formats or {}
    shown = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        fmt = formats.get(name, str)
        render = fmt.format if isinstance(fmt, str) else fmt
        shown[name] = [("" if _missing(v) else render(v)) for v in frame[name]]
    if columns:
        shown = shown.rename(columns=dict(columns))
    return Table(shown.reset_index(drop=True), caption)


def _missing(value: object) -> bool:
    """True for None, NaN and pandas.NA."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
