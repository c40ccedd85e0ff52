"""HTML and Markdown tables written by hand, the same way everywhere.

Every table the lessons show (a dataset, the changed-data banner, the start
page's map) is written by these functions: an HTML ``<table>`` for JupyterLab
and a pandoc pipe table for the PDF handouts, with the text escaped for each.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

__all__ = ["column_alignment", "html_table", "markdown_escape", "markdown_table"]


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

    Returns
    -------
    str
        One ``<table>`` element (``<caption>``, ``<thead>``, ``<tbody>``), on one line.

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

    Returns
    -------
    str
        The table's lines (header, rule, one per row, then ``: caption``).

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


def markdown_escape(value: object) -> str:
    r"""Make text safe inside Markdown and a pipe table: its markup characters escaped.

    Parameters
    ----------
    value : object
        Any value; shown as ``str(value)``.

    Returns
    -------
    str
        The text with each markup character (backslash, ``|``, ``*``, ``_``, backtick,
        ``[``, ``]``, ``<``, ``>``) preceded by a backslash.

    Examples
    --------
    >>> print(markdown_escape("ki_nm > 10,000 | *bound*"))
    ki\_nm \> 10,000 \| \*bound\*
    """
    text = str(value)
    for char in "\\|*_`[]<>":
        text = text.replace(char, "\\" + char)
    return text


def column_alignment(column: pd.Series) -> str:
    """A pipe table's rule cell: right-align a column that holds numbers, left-align the rest.

    Parameters
    ----------
    column : pandas.Series
        The column's values, as they will be shown.

    Returns
    -------
    str
        ``"---:"`` when every value reads as a number (with an optional
        qualifier such as ``>`` and a unit), else ``":---"``.

    Examples
    --------
    >>> column_alignment(pd.Series(["36", "> 10,000"])), column_alignment(pd.Series(["SSRI"]))
    ('---:', ':---')
    """
    numeric = column.astype(str).str.fullmatch(r"[<>=≈ ]*[-+]?[\d,.]+( ?[a-zA-Zµ%]+)?").all()
    return "---:" if numeric else ":---"
