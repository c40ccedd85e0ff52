"""Text for Typst source: one string literal, escaped (the PDFs, the slide PNGs, the marks)."""

from __future__ import annotations

__all__ = ["typst_string"]


def typst_string(text: str) -> str:
    r"""A Typst string literal.

    Examples
    --------
    >>> print(typst_string('Ki "ratio" \\ 5'))
    "Ki \"ratio\" \\ 5"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
