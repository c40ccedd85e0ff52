"""Tables that show themselves well everywhere: notebook, nbval, and PDF handouts.

:func:`table` wraps a DataFrame in an object whose rich display offers plain
text (compared by nbval), HTML (JupyterLab) and Markdown (pandoc typesets it
as a real table in the handouts).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

__all__ = ["Table", "and_list", "html_table", "ki_text", "lookup", "markdown_escape",
           "markdown_table", "ratio_text", "rows_available", "table"]

Formatter = str | Callable[[object], str]


class Table:
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

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/plain": self.to_text(), "text/html": self.to_html(),
                "text/markdown": self.to_markdown()}

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
                              self.caption, [_alignment(self.frame[c]) for c in self.frame.columns])


def html_table(headings: Sequence[str], rows: Iterable[Sequence[object]],
               caption: str | None = None,
               cell: Callable[[str], str] = html.escape) -> str:
    """An HTML table; headings and caption escaped, each cell written by ``cell``.

    Built by hand rather than with pandas' Styler, which loads jinja2 templates
    for each table (a notebook shows several) and adds ids and a style block.

    Parameters
    ----------
    headings : sequence of str
    rows : iterable of sequences
        Cell values (passed to ``cell`` as ``str``).
    caption : str or None
    cell : callable
        Turns a value into HTML (default: escape it).

    Examples
    --------
    >>> shown = html_table(["Ki"], [["> 10"]], "A & B")
    >>> shown.startswith("<table><caption>A &amp; B</caption>"), "<td>&gt; 10</td>" in shown
    (True, True)
    """
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{cell(str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def markdown_table(headings: Sequence[str], rows: Iterable[Sequence[object]],
                   caption: str | None = None, alignments: Sequence[str] | None = None,
                   cell: Callable[[str], str] | None = None) -> str:
    r"""A pandoc pipe table; headings escaped, each cell written by ``cell``.

    Parameters
    ----------
    headings : sequence of str
    rows : iterable of sequences
        Cell values (passed to ``cell`` as ``str``).
    caption : str or None
        Written as pandoc's ``: caption`` line after the table.
    alignments : sequence of str or None
        Rule cell per column (``":---"`` left, ``"---:"`` right); default left.
    cell : callable or None
        Turns a value into Markdown (default: :func:`markdown_escape`).

    Examples
    --------
    >>> print(markdown_table(["drug", "Ki"], [["Fluvoxamine", "> 10"]], None, [":---", "---:"]))
    | drug | Ki |
    |:---|---:|
    | Fluvoxamine | \> 10 |
    """
    cell = cell or markdown_escape

    def line(values: Iterable[str]) -> str:
        return "| " + " | ".join(values) + " |"

    rule = "|" + "|".join(alignments or [":---"] * len(headings)) + "|"
    body = [line(cell(str(v)) for v in row) for row in rows]
    caption_lines = ["", f": {caption}"] if caption else []
    return "\n".join([line(markdown_escape(h) for h in headings), rule, *body, *caption_lines])


def ki_text(value: float | None, qualifier: str = "=") -> str:
    """A value as printed, with its qualifier; never rounded, empty when missing.

    For a Ki, or any value that may be a bound: ``"> 10,000"`` means the true
    value is above 10,000.

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


def markdown_escape(value: object) -> str:
    r"""Make text safe inside Markdown and a pipe table: its markup characters escaped.

    Examples
    --------
    >>> print(markdown_escape("ki_nm > 10,000 | *bound*"))
    ki\_nm \> 10,000 \| \*bound\*
    """
    text = str(value)
    for char in "\\|*_`[]<>":
        text = text.replace(char, "\\" + char)
    return text


def _alignment(column: pd.Series) -> str:
    """Right-align columns that hold numbers, left-align the rest."""
    numeric = column.astype(str).str.fullmatch(r"[<>=≈ ]*[-+]?[\d,.]+( ?[a-zA-Zµ%]+)?").all()
    return "---:" if numeric else ":---"


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
