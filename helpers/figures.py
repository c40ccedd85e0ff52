"""The charts of an executed notebook, with their text alternatives, as files for slides.

Every chart cell ends with :func:`helpers.show`, which emits the image and then
a Markdown output whose metadata carries the text alternative
(:data:`helpers.plotting.ALT_TEXT_KEY`). :func:`collect_figures` pairs each
image with that alternative (and refuses an image that has none) and names it
for what it rebuilds; :func:`write_figures` writes ``NAME.svg``, ``NAME.png``
(300 dpi) and ``NAME.txt`` (the alternative) for each, and ``index.csv``;
:func:`write_index` writes ``index.html`` and ``index.csv`` over all notebooks.

How a chart is named
--------------------
A chart is named by the headings it sits under, so its name says what it
rebuilds and does not change when charts are added or removed elsewhere:

- a chart under a heading that names a newsletter table or figure (the
  section ``## 4. Figure 7: choice reaction time and digit symbol
  substitution``, or a subsection of it) is ``newsletter-figure-7-`` followed
  by a slug of its nearest heading, the item and numbering left out:
  ``newsletter-figure-7-choice-reaction-time-digit-symbol-substitution``;
- any other chart gets the slug of its nearest heading alone
  (``bell-shaped-dose-response``); a chart in a solution cell is
  ``exercise-N-solution``; a chart under no heading takes the first words of
  its text alternative;
- a slug is lower-case ASCII words joined by ``-`` (Greek letters spelt out,
  "a", "an", "the", "and", "of", "in" left out), at most 48 characters, cut
  at a word; two charts under the same heading are told apart by ``-2``,
  ``-3`` in notebook order;
- a chart can declare its name instead: metadata ``{"rebuilds": "Figure 7",
  "name": "crt-dsst"}`` under :data:`FIGURE_KEY` on its description output
  (what ``helpers.show`` emits) gives ``newsletter-figure-7-crt-dsst``;
  ``"rebuilds": ""`` declares that it rebuilds nothing.

Charts built from a teacher's copy of the data carry a mark (``mark``): a red
band above the chart in the SVG and PNG, and a first line in the TXT and the
index, so a slide can never pass for the shipped data.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

from helpers.contents import newsletter_items
from helpers.plotting import ALT_TEXT_KEY

__all__ = ["FIGURE_KEY", "INDEX_COLUMNS", "Figure", "MissingAltTextError", "collect_figures",
           "mark_png", "mark_svg", "read_index", "slug", "svg_source", "write_figures",
           "write_index"]

SLIDE_PPI = 300

FIGURE_KEY = "fluvoxamine-workshop/figure"
"""Output metadata key by which a chart may declare what it rebuilds and its name."""

INDEX_COLUMNS = ("notebook", "chart", "file", "rebuilds", "caption", "source",
                 "text_alternative", "data")
"""Columns of ``index.csv``: ``file`` is the PNG (the SVG and TXT share its stem)."""

MARK_ID = "changed-data-mark"
"""Id of the changed-data band in a marked SVG."""

MARK_COLOUR = "#b00020"
SLUG_LENGTH = 48
_STOP_WORDS = frozenset({"a", "an", "the", "and", "of", "in"})
_WEAK_ENDS = frozenset({"by", "with", "for", "to", "on", "at", "as", "from", "into", "against",
                        "or", "vs", "versus", "per"})
_SPELT = {"σ": "sigma", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa",
          "µ": "micro", "μ": "micro", "Σ": "sigma"}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_EXERCISE = re.compile(r"\bExercise\s+(\d+)", re.IGNORECASE)
_ITEM_WORDS = re.compile(
    r"\b(?:Tables?|Figures?|Figs?\.)\s+\d+(?:\s*(?:,|and|&|-|–|to)\s*\d+)*\s*[:.–—-]?\s*")


class MissingAltTextError(ValueError):
    """An image in a notebook has no text alternative; the message names notebook and figure."""


@dataclass(frozen=True)
class Figure:
    """One chart of a notebook.

    Attributes
    ----------
    number : int
        1, 2, ... in the order of the notebook.
    alt : str
        The text alternative (from ``helpers.show(fig, alt=...)``).
    cell : int
        Index of the cell in the notebook.
    image_output, alt_output : int
        Indices, in that cell's outputs, of the image and of its description.
    svg : str or None
        The SVG form, when the kernel emitted one (handout builds ask for it).
    png : bytes or None
        The PNG form as the notebook holds it.
    name : str
        The file stem for slides (see the module docstring), unique in the notebook.
    rebuilds : str
        The newsletter items it rebuilds ("Figure 7", "Table 1"), or "".
    caption : str
        The headings it sits under, as plain text ("Figure 7: choice reaction time ...").
    """

    number: int
    alt: str
    cell: int
    image_output: int
    alt_output: int
    svg: str | None
    png: bytes | None
    name: str = ""
    rebuilds: str = ""
    caption: str = ""

    @property
    def source(self) -> str:
        """The source line drawn under the chart (from its SVG), or "" if it has none."""
        return svg_source(self.svg) if self.svg else ""


def _is_image(output: dict) -> bool:
    return any(key.startswith("image/") for key in output.get("data", {}))


def _plain(markdown: str) -> str:
    """Heading text without emphasis, code marks, links or HTML tags."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def slug(text: str, length: int = SLUG_LENGTH) -> str:
    """A file-name slug: lower-case ASCII words joined by ``-``, cut at a word.

    Examples
    --------
    >>> slug("Figure 1: activation of the σ-1 receptor")
    'figure-1-activation-sigma-1-receptor'
    >>> slug("Fluvoxamine and NGF-induced neurite sprouting in PC12 cells")
    'fluvoxamine-ngf-induced-neurite-sprouting-pc12'
    >>> slug("Fluvoxamine and NGF-induced neurite sprouting in PC12 cells", 30)
    'fluvoxamine-ngf-induced'
    """
    text = "".join(_SPELT.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)  # "text's" -> "texts"
    words = [w for w in ("-".join(re.findall(r"[a-z0-9]+", word)) for word in text.split()) if w]
    kept = [w for w in words if w not in _STOP_WORDS] or words
    result: list[str] = []
    for word in kept:
        if result and len("-".join([*result, word])) > length:
            break
        result.append(word)
    while len(result) > 1 and result[-1] in _WEAK_ENDS:  # not "...-antidepressants-by"
        result.pop()
    return "-".join(result)[:length].strip("-")


def _item_slug(items: list[str]) -> str:
    """``["Figure 7"]`` to ``newsletter-figure-7``; several: ``newsletter-figures-5-6``."""
    kinds: dict[str, list[str]] = {}
    for item in items:
        kind, number = item.lower().split()
        kinds.setdefault(kind, []).append(number)
    parts = [(kind if len(numbers) == 1 else f"{kind}s") + "-" + "-".join(numbers)
             for kind, numbers in kinds.items()]
    return "newsletter-" + "-".join(parts)


def _headings(markdown: str) -> list[tuple[int, str]]:
    """The ATX headings of a Markdown cell (not those inside fenced code), as (level, text)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append((len(match.group(1)), _plain(match.group(2))))
    return found


def _declared(metadata: dict) -> dict | None:
    value = metadata.get(FIGURE_KEY)
    return value if isinstance(value, dict) else None


def _naming(path: dict[int, str], exercise: str | None, solution: bool, alt: str,
            declared: dict | None) -> tuple[str, str, str]:
    """(name, rebuilds, caption) of one chart from where it sits."""
    levels = [_NUMBERING.sub("", path[level]) for level in sorted(path) if level >= 2]
    named = next((h for h in reversed(levels) if newsletter_items(h)), None)
    if not levels:
        caption = ""
    elif named is not None and named != levels[-1]:
        caption = f"{named} — {levels[-1]}"
    else:
        caption = levels[-1]
    items = [] if solution or named is None else newsletter_items(named)
    if declared is not None:
        rebuilds = str(declared.get("rebuilds", ", ".join(items)) or "")
        items = newsletter_items(rebuilds)
        words = str(declared.get("name") or "")
    elif solution:
        words = f"exercise {exercise} solution" if exercise else "exercise solution"
        caption = f"Exercise {exercise}, solution" if exercise else "Solution to an exercise"
    elif levels:
        words = _ITEM_WORDS.sub("", levels[-1]).strip(" :.–—-")
    else:
        words = ""
    words = slug(words) if words else ""
    if not words and not items:
        words = slug(alt, 32) or "chart"
    prefix = _item_slug(items) if items else ""
    if prefix and words.startswith(prefix):
        name = words
    else:
        name = "-".join(part for part in (prefix, words) if part)
    return name, ", ".join(items), caption


def collect_figures(notebook: dict, name: str) -> list[Figure]:
    """Every chart of an executed notebook, paired with its text alternative and named.

    Parameters
    ----------
    notebook : dict or NotebookNode
        The executed notebook.
    name : str
        Its file name, for messages.

    Raises
    ------
    MissingAltTextError
        An image is not followed, in its cell, by a description from ``helpers.show``.

    Examples
    --------
    >>> heading = {"cell_type": "markdown", "source": "## 4. Figure 7: choice reaction time"}
    >>> cell = {"cell_type": "code", "execution_count": 3, "outputs": [
    ...     {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>"}},
    ...     {"output_type": "display_data", "data": {"text/markdown": "..."},
    ...      "metadata": {ALT_TEXT_KEY: "Bar chart of Ki."}}]}
    >>> [(f.number, f.alt, f.name) for f in collect_figures({"cells": [heading, cell]}, "x.ipynb")]
    [(1, 'Bar chart of Ki.', 'newsletter-figure-7-choice-reaction-time')]
    >>> _ = cell["outputs"].pop()
    >>> collect_figures({"cells": [cell]}, "x.ipynb")
    Traceback (most recent call last):
    ...
    helpers.figures.MissingAltTextError: x.ipynb, cell 1 (In [3]): chart 1 has no text \
alternative; end the cell with helpers.show(fig, alt="...")
    """
    figures: list[Figure] = []
    path: dict[int, str] = {}
    exercise: str | None = None
    for c, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") == "markdown":
            source = _text(cell.get("source", ""))
            for level, text in _headings(source):
                path = {k: v for k, v in path.items() if k < level}
                path[level] = text
                exercise = None
            exercise = ([*_EXERCISE.findall(source)] or [exercise])[-1]
            continue
        outputs = cell.get("outputs", [])
        solution = "solution" in cell.get("metadata", {}).get("tags", [])
        for i, output in enumerate(outputs):
            if not _is_image(output):
                continue
            number = len(figures) + 1
            alt_index = next((j for j in range(i + 1, len(outputs))
                              if ALT_TEXT_KEY in outputs[j].get("metadata", {})), None)
            if alt_index is None or not str(outputs[alt_index]["metadata"][ALT_TEXT_KEY]).strip():
                count = cell.get("execution_count")
                where = f"cell {c + 1}" + (f" (In [{count}])" if count else "")
                raise MissingAltTextError(
                    f"{name}, {where}: chart {number} has no text alternative; "
                    'end the cell with helpers.show(fig, alt="...")')
            data = output["data"]
            png = data.get("image/png")
            alt = str(outputs[alt_index]["metadata"][ALT_TEXT_KEY]).strip()
            stem, rebuilds, caption = _naming(path, exercise, solution, alt,
                                              _declared(outputs[alt_index]["metadata"]))
            figures.append(Figure(
                number=number, alt=alt, cell=c, image_output=i, alt_output=alt_index,
                svg=_text(data["image/svg+xml"]) if "image/svg+xml" in data else None,
                png=base64.b64decode(_text(png)) if png else None,
                name=stem, rebuilds=rebuilds, caption=caption))
    return _unique(figures)


def _unique(figures: list[Figure]) -> list[Figure]:
    """Tell apart charts that got the same name: ``-2``, ``-3`` in notebook order."""
    taken: set[str] = set()
    result = []
    for figure in figures:
        name, n = figure.name, 1
        while name in taken:
            n += 1
            name = f"{figure.name}-{n}"
        taken.add(name)
        result.append(replace(figure, name=name))
    return result


def _text(value: str | list[str]) -> str:
    """Notebook strings may be stored as a list of lines."""
    return value if isinstance(value, str) else "".join(value)


def svg_source(svg: str) -> str:
    """The text of the chart's source line (matplotlib writes each text as a comment).

    Examples
    --------
    >>> svg_source('<svg xmlns="http://www.w3.org/2000/svg"><g id="source-caption">'
    ...            '<!-- Source: Goodman &amp; Gilman, -->'
    ...            '<g><!-- Table 15-4 --></g></g></svg>')
    'Source: Goodman & Gilman, Table 15-4'
    """
    from helpers.plotting import FOOTNOTE_GID

    try:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        root = ET.fromstring(svg.encode(), parser=parser)
    except ET.ParseError:
        return ""
    for element in root.iter():
        if element.get("id") == FOOTNOTE_GID:
            # matplotlib escapes the text it writes into comments (&amp;), and XML leaves
            # comments as they are
            lines = [html.unescape(str(e.text)).strip() for e in element.iter()
                     if e.tag is ET.Comment]
            return " ".join(" ".join(lines).split())
    return ""


def _typst_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


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
        f"fill: white, hyphenate: false, {_typst_string(mark)}))\n")
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


def write_figures(figures: list[Figure], folder: Path, mark: str | None = None) -> list[Path]:
    """Write ``NAME.svg`` (when there is one), ``NAME.png``, ``NAME.txt`` and ``index.csv``.

    The PNG is rendered from the SVG at 300 dpi on a white background; a figure
    without SVG keeps the PNG the notebook holds.

    Parameters
    ----------
    figures : list of Figure
        From :func:`collect_figures`.
    folder : Path
        The notebook's figure folder (created).
    mark : str or None
        For charts built from a teacher's copy of the data: the changed-data
        text, drawn as a band above each chart and written as the first line of
        each TXT and in the index's ``data`` column.

    Returns
    -------
    list of Path
        Per figure, the file the PDF should show (the SVG where there is one).
    """
    import typst

    folder.mkdir(parents=True, exist_ok=True)
    shown: list[Path] = []
    for figure in figures:
        stem = folder / figure.name
        alternative = figure.alt if mark is None else f"{mark}\n{figure.alt}"
        Path(f"{stem}.txt").write_text(alternative + "\n", encoding="utf-8")
        if figure.svg is not None:
            svg = Path(f"{stem}.svg")
            svg.write_text(figure.svg if mark is None else mark_svg(figure.svg, mark),
                           encoding="utf-8")
            page = (f'#set page(width: auto, height: auto, margin: 0pt, fill: white)\n'
                    f'#image({_typst_string(svg.name)})\n')
            png = typst.compile(page.encode(), root=str(folder), format="png", ppi=SLIDE_PPI,
                                ignore_system_fonts=True)
            Path(f"{stem}.png").write_bytes(png)
            shown.append(svg)
        elif figure.png is not None:
            Path(f"{stem}.png").write_bytes(figure.png if mark is None
                                            else mark_png(figure.png, mark))
            shown.append(Path(f"{stem}.png"))
        else:
            raise ValueError(f"figure {figure.number} has neither SVG nor PNG data")
    _write_csv(folder / "index.csv", [_row(folder.name, f, mark) for f in figures])
    return shown


def _row(notebook: str, figure: Figure, mark: str | None) -> dict[str, str]:
    return {"notebook": notebook, "chart": str(figure.number), "file": f"{figure.name}.png",
            "rebuilds": figure.rebuilds, "caption": figure.caption, "source": figure.source,
            "text_alternative": figure.alt, "data": mark or "shipped data"}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read σ and ± right."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_index(path: Path) -> list[dict[str, str]]:
    """The rows of an ``index.csv``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_index(root: Path, order: list[str] | None = None) -> list[dict[str, str]]:
    """Write ``index.csv`` and ``index.html`` over every notebook's figures below ``root``.

    Parameters
    ----------
    root : Path
        The ``figures/`` folder: one folder per notebook, each with its ``index.csv``.
    order : list of str or None
        Notebook folder names in teaching order (others follow by name).

    Returns
    -------
    list of dict
        The rows, ``file`` given relative to ``root`` (``NOTEBOOK/NAME.png``).
    """
    folders = sorted((p for p in root.iterdir() if (p / "index.csv").is_file()),
                     key=lambda p: ((order or []).index(p.name) if p.name in (order or [])
                                    else len(order or []), p.name))
    rows = [{**row, "file": f"{folder.name}/{row['file']}"}
            for folder in folders for row in read_index(folder / "index.csv")]
    _write_csv(root / "index.csv", rows)
    (root / "index.html").write_text(_html(rows, root), encoding="utf-8")
    return rows


def _html(rows: list[dict[str, str]], root: Path) -> str:
    """The index as one HTML page: per chart its picture, name, files, caption, source, text."""
    def cell(text: str) -> str:
        return html.escape(text) if text else "&ndash;"

    entries = []
    for row in rows:
        stem = row["file"].removesuffix(".png")
        formats = [("PNG", ".png"), ("SVG", ".svg"), ("text alternative", ".txt")]
        links = " · ".join(f'<a href="{html.escape(stem + suffix)}">{label}</a>'
                           for label, suffix in formats if (root / (stem + suffix)).is_file())
        changed = row["data"] != "shipped data"
        facts = [("Notebook", cell(row["notebook"]) + f" (chart {cell(row['chart'])})"),
                 ("Rebuilds", cell(row["rebuilds"]) if row["rebuilds"]
                  else "no newsletter table or figure"),
                 ("Caption", cell(row["caption"])), ("Source", cell(row["source"])),
                 ("Text alternative", cell(row["text_alternative"])),
                 ("Data", f'<span class="changed">{cell(row["data"])}</span>' if changed
                  else cell(row["data"])),
                 ("Files", links)]
        entries.append(
            f'<section id="{html.escape(stem.replace("/", "--"))}">\n'
            f'<a href="{html.escape(stem)}.png"><img src="{html.escape(stem)}.png" '
            f'alt="{html.escape(row["text_alternative"])}"></a>\n'
            f"<div><h2><code>{html.escape(Path(row['file']).stem)}</code></h2>\n<dl>"
            + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
            + "</dl></div>\n</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Slide figures: fluvoxamine workshop notebooks</title>\n<style>\n"
            "body{font-family:sans-serif;margin:1.5em;max-width:80em}\n"
            "section{display:grid;grid-template-columns:minmax(12em,26em) 1fr;gap:1.5em;"
            "border-top:1px solid #ccc;padding:1em 0}\n"
            "section img{width:100%;height:auto;border:1px solid #ddd}\n"
            "h2{font-size:1em;margin:0 0 .5em}dl{display:grid;grid-template-columns:9em 1fr;"
            "gap:.3em 1em;margin:0;font-size:.9em}dt{font-weight:bold}dd{margin:0}\n"
            ".changed{background:" + MARK_COLOUR + ";color:white;font-weight:bold;"
            "padding:0 .3em}\n</style>\n</head>\n<body>\n"
            "<h1>Slide figures</h1>\n<p>Each chart as PNG (300 dpi), SVG and its text "
            "alternative, named for the newsletter table or figure it rebuilds "
            "(<code>newsletter-figure-7-&hellip;</code>) or for its section; "
            "<a href=\"index.csv\">index.csv</a> holds the same list for a spreadsheet.</p>\n"
            + "\n".join(entries) + "\n</body>\n</html>\n")
