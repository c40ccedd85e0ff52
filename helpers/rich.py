"""One way for an object to show itself as text, HTML and Markdown.

Jupyter asks an object for its forms through ``_repr_mimebundle_`` (HTML in
JupyterLab, Markdown for the PDF handouts) and IPython's pretty printer for
plain text (the form nbval compares). :class:`RichDisplay` answers both from
the forms a class writes: plain text from :meth:`RichDisplay.to_text`, and
HTML and Markdown only if the class writes them. :class:`BoxedNote` writes all
three from one sentence, for the orange CHANGED DATA boxes.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["BoxedNote", "RichDisplay", "boxed_html"]

CHANGED_BORDER = "border: 3px solid #d55e00; background: #fff3e0;"
"""The orange frame of every CHANGED DATA box (Okabe-Ito vermilion on a pale ground)."""


def boxed_html(css_class: str, style: str, inner: str) -> str:
    """An HTML ``<div>`` of a class and inline style around ready-made HTML.

    Parameters
    ----------
    css_class : str
        The ``<div>``'s class (what a style sheet or a test finds it by).
    style : str
        Inline CSS, so the box shows the same without a style sheet.
    inner : str
        HTML, already escaped.

    Returns
    -------
    str
        The ``<div>`` element.

    Examples
    --------
    >>> boxed_html("note", "padding: 1em;", "<b>x</b>")
    '<div class="note" style="padding: 1em;"><b>x</b></div>'
    """
    return f'<div class="{css_class}" style="{style}">{inner}</div>'


class RichDisplay:
    """Mixin: show an object by the forms its class writes.

    A subclass writes :meth:`to_text` (required) and, where it has them,
    ``to_html`` and ``to_markdown``; ``str()``, IPython's pretty printer and
    Jupyter's MIME bundle all derive from those, so each form is written once.

    Examples
    --------
    >>> class Shout(RichDisplay):
    ...     def to_text(self) -> str:
    ...         return "HELLO"
    ...     def to_markdown(self) -> str:
    ...         return "**HELLO**"
    >>> str(Shout()), Shout()._repr_mimebundle_()
    ('HELLO', {'text/plain': 'HELLO', 'text/markdown': '**HELLO**'})
    """

    def to_text(self) -> str:
        """The plain-text form (what a terminal and nbval see)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_text()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.to_text())

    def _repr_markdown_(self) -> str | None:
        """The Markdown form, if the class writes one (IPython's name for it)."""
        return self.to_markdown() if hasattr(self, "to_markdown") else None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        bundle = {"text/plain": self.to_text()}
        for mime, form in (("text/html", "to_html"), ("text/markdown", "to_markdown")):
            if hasattr(self, form):
                bundle[mime] = getattr(self, form)()
        return bundle


class BoxedNote(RichDisplay):
    """Mixin: a one-sentence note, bold in an orange box, from :meth:`to_text` alone.

    A subclass sets ``BOX_CLASS`` (the ``<div>``'s class) and writes
    :meth:`to_text`; the HTML and Markdown forms derive from it.
    """

    BOX_CLASS = "note"
    BOX_STYLE = f"{CHANGED_BORDER} padding: 0.4em 1em;"

    def to_html(self) -> str:
        """The sentence in bold, in the orange box."""
        return boxed_html(self.BOX_CLASS, self.BOX_STYLE,
                          f"<strong>{html.escape(self.to_text())}</strong>")

    def to_markdown(self) -> str:
        """The sentence in bold."""
        return f"**{self.to_text()}**"
