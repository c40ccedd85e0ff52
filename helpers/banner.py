"""The differences from the shipped data, and the CHANGED DATA banner that lists them.

A :class:`Change` is one difference (dataset, row, column, shipped value,
value used); :class:`DataChanges` is a list of them that shows itself as a
banner: a headline counting them ("2 values changed, 1 row added, rows
reordered") above a table of every one. :mod:`helpers.changes` computes the
list; this module only words and draws it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from helpers.markup import html_table, markdown_escape, markdown_table
from helpers.rich import CHANGED_BORDER, RichDisplay, boxed_html

__all__ = ["Change", "DataChanges"]

CAPITALS = " (only the capitals differ)"
"""Appended to a key value that differs from the shipped one only in capital letters."""

_SHIPPED = "The data used are the shipped data."


@dataclass(frozen=True)
class Change:
    """One difference between the data used and the shipped data.

    Parameters
    ----------
    dataset : str
        Resource name.
    row : str
        The row's primary key values (joined by `` / ``), or a note such as
        ``"(all rows)"`` for a column or the row order, ``"(description)"``
        for metadata.
    column : str
        Column (or descriptor key) that differs; ``"(whole row)"`` for an
        added or removed row, ``"(row order)"`` for rows in another order.
    shipped : str
        The shipped value, as text (``"(none)"`` for an added row or column).
    used : str
        The value used, as text (``"(removed)"`` for a removed row or column).
    what : str
        What kind of difference it is, for the banner's headline: ``value``,
        ``added``, ``removed``, ``capitals``, ``order``, ``column added``,
        ``column removed``, ``description`` or ``dataset``. Not compared.
    """

    dataset: str
    row: str
    column: str
    shipped: str
    used: str
    what: str = field(default="value", compare=False)


def _count(number: int, thing: str, plural: str | None = None) -> str:
    return f"{number} {thing if number == 1 else plural or thing + 's'}"


def _visible(value: str) -> str:
    """A value with line breaks and tabs shown as escapes, so the table stays one line a row."""
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


class DataChanges(RichDisplay, list):
    """A list of :class:`Change` that shows itself as a banner.

    Its rich display offers plain text (terminal, nbval), HTML (JupyterLab) and
    Markdown (the PDF handouts typeset it as a table). Several datasets' lists
    joined by :meth:`combined` show as one banner holding each dataset's
    headline and table, each worded as it would be alone.

    Parameters
    ----------
    changes : iterable of Change
        The differences.
    source : str
        Where the data used came from (a file or folder), named in the banner.
    keys : dict or None
        Each dataset's primary key columns, named when rows are reordered.
    """

    HEADINGS = ("dataset", "row", "column", "shipped value", "value used")
    BOX_CLASS = "changed-data-banner"
    BOX_STYLE = f"{CHANGED_BORDER} padding: 0.5em 1em; margin: 0.5em 0;"

    def __init__(self, changes: Any = (), source: str = "",
                 keys: dict[str, list[str]] | None = None) -> None:
        super().__init__(changes)
        self.source = source
        self.keys = dict(keys or {})
        self.parts: list[DataChanges] = [self]

    @classmethod
    def combined(cls, parts: Iterable[DataChanges]) -> DataChanges:
        r"""One banner for several datasets' changes; the unchanged ones are left out.

        Examples
        --------
        >>> a = DataChanges([Change("a", "x", "v", "1", "2")], "a.csv")
        >>> b = DataChanges([Change("b", "y", "v", "3", "4")], "b.csv")
        >>> both = DataChanges.combined([a, DataChanges(), b])
        >>> len(both), str(both) == str(a) + "\n" + str(b)
        (2, True)
        """
        parts = [p for p in parts if p]
        if len(parts) == 1:
            return parts[0]
        whole = cls([c for p in parts for c in p],
                    "; ".join(dict.fromkeys(p.source for p in parts if p.source)),
                    {k: v for p in parts for k, v in p.keys.items()})
        whole.parts = parts or [whole]
        return whole

    def _rows(self) -> list[tuple[str, ...]]:
        return [tuple(_visible(v) for v in (c.dataset, c.row, c.column, c.shipped, c.used))
                for c in self]

    def summary(self) -> str:
        """The differences counted in words: "2 values changed, 1 row added, rows reordered".

        Examples
        --------
        >>> DataChanges([Change("t", "a", "x", "1", "2"), Change("t", "a", "y", "1", "3"),
        ...              Change("t", "(all rows)", "(row order)", "as shipped",
        ...                     "another order", "order")]).summary()
        '2 values changed, rows reordered'
        """
        whats = [c.what for c in self]
        parts = []
        if whats.count("dataset"):
            parts.append(_count(whats.count("dataset"), "dataset not in the shipped data",
                                "datasets not in the shipped data"))
        if whats.count("value"):
            parts.append(_count(whats.count("value"), "value") + " changed")
        for what, thing in (("added", "row"), ("removed", "row"),
                            ("column added", "column"), ("column removed", "column")):
            if whats.count(what):
                parts.append(f"{_count(whats.count(what), thing)} {what.split()[-1]}")
        capitals = [c for c in self if c.what == "capitals"]
        if capitals:
            examples = ", ".join(f"{c.used.removesuffix(CAPITALS)!r} for {c.shipped!r}"
                                 for c in capitals[:3])
            verb = "differs" if len(capitals) == 1 else "differ"
            parts.append(f"{_count(len(capitals), 'name')} {verb} only in capital letters "
                         f"({examples}: code that looks a row up by its shipped name will "
                         "not find it)")
        if whats.count("description"):
            parts.append("description changed (" + ", ".join(
                c.column for c in self if c.what == "description") + ")")
        if whats.count("order"):
            parts.append("rows reordered")
        return ", ".join(parts)

    def _order_note(self) -> str:
        """Why rows in another order change nothing: the key each dataset matches rows by."""
        names = [c.dataset for c in self if c.what == "order"]
        keys = " / ".join(dict.fromkeys(" + ".join(self.keys.get(n) or ["position"])
                                        for n in names))
        return (f"values unchanged; rows are matched by their key ({keys}), not by where they "
                "stand in the file, so every value used is the same; a table may list the rows in "
                "this order")

    def headline(self) -> str:
        """One sentence saying that, and how, the data differ."""
        names = ", ".join(dict.fromkeys(c.dataset for c in self))
        where = f" was loaded from {self.source}, which" if self.source else ""
        if all(c.what == "order" for c in self):
            whose = f" was loaded from {self.source}, whose" if self.source else "'s"
            return (f"CHANGED DATA: {names}{whose} rows are in another order than the shipped "
                    f"file ({self._order_note()}).")
        return (f"CHANGED DATA: {names}{where} differs from the shipped data: {self.summary()} "
                f"({_count(len(self), 'difference')} listed below). Results computed from it "
                "use these values, not the shipped ones.")

    def _one_text(self) -> str:
        rows = [self.HEADINGS, *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(self.HEADINGS))]
        lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        return "\n".join([self.headline(), *("  " + line for line in lines)])

    def _one_html(self) -> str:
        return (f"<p><strong>{html.escape(self.headline())}</strong></p>"
                f"{html_table(self.HEADINGS, self._rows())}")

    def _one_markdown(self) -> str:
        return (f"**{markdown_escape(self.headline())}**\n\n"
                + markdown_table(self.HEADINGS, self._rows()))

    def to_text(self) -> str:
        """Plain-text banner: the headline and an aligned table, per dataset."""
        if not self:
            return _SHIPPED
        return "\n".join(part._one_text() for part in self.parts)

    def to_html(self) -> str:
        """HTML banner: a bordered box with each dataset's headline and table."""
        if not self:
            return f"<p>{_SHIPPED}</p>"
        return boxed_html(self.BOX_CLASS, self.BOX_STYLE,
                          "".join(part._one_html() for part in self.parts))

    def to_markdown(self) -> str:
        """Markdown banner: a bold headline and a pipe table (for pandoc), per dataset."""
        if not self:
            return _SHIPPED
        return "\n\n".join(part._one_markdown() for part in self.parts)
