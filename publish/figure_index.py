"""The index of the slide figures: ``index.csv`` per notebook and over all, and ``index.html``.

One row per chart (:data:`INDEX_COLUMNS`): its file, the newsletter item it rebuilds, its
caption, source line and text alternative, and whether it was built from the shipped data.
The CSV files are UTF-8 with a byte-order mark (spreadsheet programs then read σ and ±
right); the HTML page shows each chart with the same facts and links to its files.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from publish.changed_data import MARK_COLOUR

__all__ = ["INDEX_COLUMNS", "read_index", "write_csv", "write_index"]

INDEX_COLUMNS = ("notebook", "chart", "file", "rebuilds", "caption", "source",
                 "text_alternative", "data")
"""Columns of ``index.csv``: ``file`` is the PNG (the SVG and TXT share its stem)."""


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
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
    write_csv(root / "index.csv", rows)
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
