r"""Markdown cells as JupyterLab shows them, in HTML that pandoc reads back faithfully.

A handout must show what JupyterLab shows. Pandoc's own Markdown reader differs from
JupyterLab's (CommonMark with MathJax) in what matters to teachers: it keeps a
``\begin{align}`` written without ``$`` as text, drops the line breaks inside it, and
reads HTML blocks differently. So a Markdown cell is parsed here with nbconvert's
parser (the one behind ``jupyter nbconvert --to html``, which follows JupyterLab:
CommonMark, raw HTML, ``$``/``$$`` maths and bare LaTeX environments) and rendered to
HTML in which:

- every formula is a ``<script type="math/tex">`` element (``; mode=display`` for
  display maths and environments), which pandoc's HTML reader turns into maths;
- an image pasted into the cell (``attachment:name``) becomes a ``data:`` URI, in
  Markdown images and in HTML ``<img>`` alike; other images keep their path (the
  pandoc filter finds them beside the notebook);
- code blocks are plain ``<pre><code>`` (no highlighting markup to undo).

``handout.lua`` then reads this HTML with pandoc and converts, or refuses by name,
any HTML that pandoc leaves raw.
"""

from __future__ import annotations

import html
import re
from typing import Any

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

__all__ = ["MarkdownCellError", "to_html"]

_ATTACHMENT_SRC = re.compile(r"""(\bsrc\s*=\s*)(["']?)attachment:([^"'\s>]+)\2""", re.IGNORECASE)
# Vector over raster, lossless over lossy: nbconvert's order.
_PREFERRED = ("image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp")


class MarkdownCellError(ValueError):
    """A Markdown cell holds something that cannot reach the handout (e.g. a missing attachment)."""


def _math(tex: str, display: bool) -> str:
    """A formula as MathJax's script element, which pandoc reads as maths."""
    mode = "; mode=display" if display else ""
    body = tex.replace("</", "<\\/")
    return f'<script type="math/tex{mode}">{body}</script>'


def _data_uri(attachments: dict[str, Any], name: str) -> str:
    """The ``data:`` URI of a cell attachment."""
    bundle = attachments.get(name)
    if not bundle:
        raise MarkdownCellError(f"the image attachment:{name} is not attached to the cell")
    mime = next((m for m in _PREFERRED if m in bundle), next(iter(bundle)))
    data = bundle[mime]
    data = "".join(data) if isinstance(data, list) else data
    return f"data:{mime};base64,{data.strip()}"


class _Renderer(IPythonRenderer):
    """nbconvert's renderer, with maths, attachments and code as pandoc reads them best."""

    def __init__(self, attachments: dict[str, Any]) -> None:
        super().__init__(escape=False, exclude_anchor_links=True, attachments=attachments)

    def block_code(self, code: str, info: str | None = None) -> str:
        """A fenced or indented code block, unhighlighted."""
        lang = (info or "").strip().split(maxsplit=1)[0] if (info or "").strip() else ""
        if lang == "mermaid":
            raise MarkdownCellError("a mermaid diagram cannot be typeset; "
                                    "put an image of it in the cell instead")
        cls = f' class="language-{html.escape(lang)}"' if lang else ""
        return f"<pre><code{cls}>{html.escape(code, quote=False)}</code></pre>\n"

    def block_math(self, body: str) -> str:
        r"""``$$...$$`` or ``\[...\]``."""
        return _math(body, display=True)

    def inline_math(self, body: str) -> str:
        r"""``$...$`` or ``\(...\)``."""
        return _math(body, display=False)

    def latex_environment(self, name: str, body: str) -> str:
        r"""``\begin{name}...\end{name}`` written without ``$``: display maths, as MathJax."""
        return _math(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

    def _embed_image_or_attachment(self, src: str) -> str:
        if src.startswith("attachment:"):
            return _data_uri(self.attachments, src.removeprefix("attachment:"))
        return src

    def _attachments_in_html(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            return f'{match.group(1)}"{_data_uri(self.attachments, match.group(3))}"'

        return _ATTACHMENT_SRC.sub(replace, text)

    def block_html(self, html_text: str) -> str:
        """Raw HTML block, with ``<img src="attachment:...">`` resolved."""
        return self._attachments_in_html(html_text)

    def inline_html(self, html_text: str) -> str:
        """Raw inline HTML, with ``<img src="attachment:...">`` resolved."""
        return self._attachments_in_html(html_text)


def to_html(source: str, attachments: dict[str, Any] | None = None) -> str:
    r"""HTML of a Markdown cell, for pandoc's HTML reader.

    Parameters
    ----------
    source : str
        The cell's Markdown.
    attachments : dict or None
        The cell's ``attachments`` (name to MIME bundle of base64 data).

    Raises
    ------
    MarkdownCellError
        An image refers to an attachment the cell does not have, or the cell holds a
        diagram language JupyterLab draws but a handout cannot (mermaid).

    Examples
    --------
    >>> print(to_html("10<sup>4</sup> nM"))
    <p>10<sup>4</sup> nM</p>
    >>> print(to_html("\\begin{align}\na &= b\n\\end{align}"))
    <p><script type="math/tex; mode=display">\begin{align}
    a &= b
    \end{align}</script></p>
    """
    renderer = _Renderer(attachments or {})
    return MarkdownWithMath(renderer=renderer).render(source)
