"""Builds from a teacher's copy of ``data/``: which datasets changed, and the red marks that say so.

A build from a copy (``--data my-data``) names the copy and the datasets that differ
(:func:`data_mark`); that text goes in a red band at the top of every page of every PDF
(:func:`page_mark`, Typst) and above every slide figure (:func:`mark_svg`, :func:`mark_png`),
and is the first line of each figure's text file, so a slide or a page can never pass for
the shipped data.
"""

from __future__ import annotations

import html
import io
import os
import re

from helpers.data import DATA_DIR, data_dir_path
from publish.typst_markup import typst_string

__all__ = ["MARK_COLOUR", "MARK_ID", "SLIDE_PPI", "changed_datasets", "data_mark", "mark_png",
           "mark_svg", "page_mark"]

MARK_ID = "changed-data-mark"
"""Id of the changed-data band in a marked SVG."""

MARK_COLOUR = "#b00020"
"""The red of the marks (PDF band, slide band, index)."""

SLIDE_PPI = 300
"""Resolution of the slide PNGs, and of a marked copy of a PNG."""


def changed_datasets(data_dir: str | None) -> list[str]:
    """Load every dataset (so a bad edit fails before any notebook runs); name those that differ.

    The banner of the changed datasets is printed to standard error, once
    (:func:`helpers.announce_changes` outside IPython).
    """
    from helpers.announce import announce_changes
    from helpers.data import load, read_package

    frames = [load(resource["name"], data_dir) for resource in read_package(data_dir)["resources"]]
    if data_dir is None or data_dir_path(data_dir) == DATA_DIR:
        return []
    return list(dict.fromkeys(change.dataset for change in announce_changes(*frames)))


def data_mark(data_dir: str | os.PathLike[str] | None, changed: list[str]) -> str | None:
    """The changed-data mark of a build from ``data_dir``: None for the shipped data.

    Examples
    --------
    >>> print(data_mark(None, []))
    None
    >>> data_mark("/tmp/my-data", ["sigma_affinity"])
    'CHANGED DATA: built from my-data/, not the shipped data/ (changed: sigma_affinity)'
    """
    folder = data_dir_path(data_dir)
    if folder == DATA_DIR:
        return None
    if not changed:
        return f"DATA COPY: built from {folder.name}/, whose values equal the shipped data/"
    listed = ", ".join(changed) if len(changed) <= 3 else f"{len(changed)} datasets"
    return f"CHANGED DATA: built from {folder.name}/, not the shipped data/ (changed: {listed})"


def page_mark(mark: str) -> str:
    """Typst that puts ``mark`` in a red band at the top of every page (before the template)."""
    text = mark.replace("\\", "\\\\").replace('"', '\\"')
    return ("// publish.handouts: built from a copy of the data, so every page says so.\n"
            f'#set page(background: place(top, block(width: 100%, fill: rgb("{MARK_COLOUR}"), '
            'inset: (x: 2cm, y: 5pt), text(size: 8.5pt, weight: "bold", fill: white, '
            f'hyphenate: false, "{text}"))))\n')


_ROOT = re.compile(r"<svg\b[^>]*>")



def _size(svg: str) -> tuple[float, float, str]:
    """Width and height (in pt, the user unit of matplotlib's and Typst's SVG) and viewBox."""
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG image")
    attributes = dict(re.findall(r'([\w:-]+)="([^"]*)"', root.group(0)))
    box = attributes.get("viewBox")
    if box:
        _, _, width, height = (float(v) for v in box.replace(",", " ").split())
    else:
        width, height = (float(re.sub(r"[a-z]+$", "", attributes[k])) for k in ("width", "height"))
        box = f"0 0 {width:g} {height:g}"
    return width, height, box


def _nested(svg: str, y: float, ident: str | None = None) -> str:
    """An SVG document as an element placed ``y`` down inside another, its own ids kept."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", svg).strip()
    width, height, box = _size(svg)
    namespaces = ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    named = f' id="{ident}"' if ident else ""
    tag = (f'<svg{named} x="0" y="{y:g}" width="{width:g}" height="{height:g}" '
           f'viewBox="{box}"{namespaces}>')
    return _ROOT.sub(lambda _: tag, svg, count=1)


def mark_svg(svg: str, mark: str) -> str:
    """The chart with a red band above it saying ``mark`` (text drawn as outlines by Typst).

    The chart's own SVG is kept whole inside (its ids, so its labels stay findable).
    """
    import typst

    width, height, _ = _size(svg)
    band_source = (
        f"#set page(width: {width:g}pt, height: auto, margin: 0pt, fill: rgb(\"{MARK_COLOUR}\"))\n"
        "#set par(justify: false)\n"
        "#block(width: 100%, inset: (x: 8pt, y: 5pt), text(size: 11pt, weight: \"bold\", "
        f"fill: white, hyphenate: false, {typst_string(mark)}))\n")
    band = typst.compile(band_source.encode(), format="svg", ignore_system_fonts=True)
    band = band.decode() if isinstance(band, bytes) else band
    _, band_height, _ = _size(band)
    total = band_height + height
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width:g}pt" height="{total:g}pt" viewBox="0 0 {width:g} {total:g}" '
            'version="1.1">\n'
            f"<title>{html.escape(mark)}</title>\n"
            f"{_nested(band, 0, MARK_ID)}\n{_nested(svg, band_height)}\n</svg>\n")


def mark_png(png: bytes, mark: str) -> bytes:
    """A PNG (without an SVG form) with the same red band above it, drawn by matplotlib."""
    import matplotlib

    matplotlib.use("agg", force=False)
    import matplotlib.pyplot as plt

    image = plt.imread(io.BytesIO(png), format="png")
    height, width = image.shape[:2]
    dpi = SLIDE_PPI
    band = int(dpi * 0.3)
    fig = plt.figure(figsize=(width / dpi, (height + band) / dpi), dpi=dpi, facecolor="white")
    fig.figimage(image, xo=0, yo=0, origin="upper")
    fig.patches.append(matplotlib.patches.Rectangle(
        (0, height / (height + band)), 1, band / (height + band), transform=fig.transFigure,
        facecolor=MARK_COLOUR, edgecolor="none"))
    fig.text(0.01, (height + band / 2) / (height + band), mark, color="white", fontsize=9,
             fontweight="bold", va="center", ha="left")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()
