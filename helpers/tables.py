"""Tables that show themselves well everywhere: notebook, nbval, and PDF handouts.

:func:`table` wraps a DataFrame in an object whose rich display offers plain
text (compared by nbval), HTML (JupyterLab) and Markdown (pandoc typesets it
as a real table in the handouts).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

__all__ = ["Table", "html_table", "ki_text", "markdown_escape", "markdown_table", "table"]

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
