"""Tables that show themselves well everywhere: notebook, nbval, and PDF handouts.

:func:`table` wraps a DataFrame in an object whose rich display offers plain
text (compared by nbval), HTML (JupyterLab) and Markdown (pandoc typesets it
as a real table in the handouts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

__all__ = ["Table", "markdown_escape", "table"]

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
        styler = self.frame.style.hide(axis="index")
        if self.caption:
            styler = styler.set_caption(self.caption)
        return styler.to_html(uuid="table", cell_ids=False)

    def to_markdown(self) -> str:
        """Pandoc pipe table, with the caption as a ``Table:`` line."""
        header = "| " + " | ".join(markdown_escape(c) for c in self.frame.columns) + " |"
        rule = "|" + "|".join(_alignment(self.frame[c]) for c in self.frame.columns) + "|"
        rows = ["| " + " | ".join(markdown_escape(v) for v in row) + " |"
                for row in self.frame.itertuples(index=False)]
        caption = [f"\n: {self.caption}"] if self.caption else []
        return "\n".join([header, rule, *rows, *caption])


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
