"""The collection's table of contents, generated so it cannot drift.

The start page (``notebooks/00_start_here.ipynb``) shows :func:`contents`:
which notebook rebuilds which table or figure of the newsletter, and which
datasets each one loads. Both are read, at run time, from the notebooks
themselves (the title cell's ``**Rebuilds:**`` paragraph and the
``helpers.load("...")`` calls) and from the data package (dataset titles and
kinds), never typed by hand. The lessons are the ones the manifest
``notebooks/_toc.yml`` names (:func:`helpers.project.lessons`), so a copy left in
``notebooks/`` (``02_ssri_affinities-Copy1.ipynb``) is not listed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data import read_package
from helpers.markup import html_table, markdown_escape, markdown_table
from helpers.project import NOTEBOOK_DIR, lessons
from helpers.rich import RichDisplay

__all__ = ["Contents", "NotebookEntry", "contents", "newsletter_items", "read_entry"]

_ITEM = re.compile(r"\b(Tables?|Figures?|Figs?\.)\s+(\d+(?:\s*(?:,|and|&|-|–|to)\s*\d+)*)")
_LOAD = re.compile(r"""helpers\.load\(\s*["']([A-Za-z0-9_\-]+)["']""")
_ORDER = {"Table": 0, "Figure": 1}
_LINKED = ("Notebook", "Used by")  # columns whose notebook names become links


def newsletter_items(text: str) -> list[str]:
    """The newsletter tables and figures a text names, expanded and in order.

    Parameters
    ----------
    text : str
        Prose such as a notebook's "Rebuilds" line.

    Returns
    -------
    list of str
        ``"Table N"`` and ``"Figure N"`` items, tables first, each once, in
        number order (ranges such as "5-7" expanded).

    Examples
    --------
    >>> newsletter_items("Figures 2, 3 and 4, the PCP study, and Table 1")
    ['Table 1', 'Figure 2', 'Figure 3', 'Figure 4']
    >>> newsletter_items("Fig. 5-7 and Figure 1")
    ['Figure 1', 'Figure 5', 'Figure 6', 'Figure 7']
    """
    found: set[tuple[str, int]] = set()
    for word, numbers in _ITEM.findall(text):
        kind = "Table" if word.startswith("Table") else "Figure"
        for start, _, end in re.findall(r"(\d+)(?:\s*(-|–|to)\s*(\d+))?", numbers):
            last = int(end) if end else int(start)
            found.update((kind, n) for n in range(int(start), last + 1))
    return [f"{kind} {n}" for kind, n in sorted(found, key=lambda k: (_ORDER[k[0]], k[1]))]


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text (emphasis and code marks removed)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`]", "", text).split())


@dataclass
class NotebookEntry:
    """What one lesson notebook rebuilds and uses.

    Parameters
    ----------
    file : str
        Notebook file name.
    title : str
        Its first ``#`` heading.
    rebuilds : str
        The title cell's "Rebuilds:" paragraph, as plain text.
    items : list of str
        Newsletter tables and figures named there (``"Table 1"``, ``"Figure 2"``).
    datasets : list of str
        Dataset names it loads, in order of first use.
    """

    file: str
    title: str
    rebuilds: str
    items: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)


def read_entry(path: Path) -> NotebookEntry:
    """Read a notebook's title cell and ``helpers.load`` calls.

    The title cell is the first markdown cell. "Rebuilds" is its paragraph that
    starts with ``**Rebuilds:**``, or else its first paragraph after the heading.

    Parameters
    ----------
    path : Path
        A lesson notebook.

    Returns
    -------
    NotebookEntry
        Its file name, title, what it rebuilds, the newsletter items named
        there and the datasets it loads.
    """
    # Plain JSON: importing nbformat would import jsonschema, whose format checkers
    # take about 2 s to set up, longer than the rest of the start page together.
    cells = [(c["cell_type"], "".join(c["source"]))
             for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    first = next((source for kind, source in cells if kind == "markdown"), "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", first) if p.strip()]
    heading = next((p for p in paragraphs if p.startswith("# ")), path.stem)
    title = _plain(heading.splitlines()[0].lstrip("# "))
    body = [p for p in paragraphs if not p.startswith("#")]
    marked = [p for p in body if _plain(p).lower().startswith("rebuilds:")]
    rebuilds = _plain((marked or body or [""])[0])
    rebuilds = re.sub(r"^rebuilds:\s*", "", rebuilds, flags=re.IGNORECASE)
    code = "\n".join(source for kind, source in cells if kind == "code")
    datasets = list(dict.fromkeys(_LOAD.findall(code)))
    return NotebookEntry(path.name, title, rebuilds, newsletter_items(rebuilds), datasets)


class Contents(RichDisplay):
    """The table of contents, shown as text, HTML and Markdown tables.

    Parameters
    ----------
    entries : list of NotebookEntry
        One per lesson notebook, in teaching order.
    datasets : dict
        Dataset name to ``(title, kind)``, from the data package.
    """

    def __init__(self, entries: list[NotebookEntry],
                 datasets: dict[str, tuple[str, str]]) -> None:
        self.entries = entries
        self.datasets = datasets

    def by_item(self) -> dict[str, list[str]]:
        """Newsletter table or figure to the notebooks that rebuild it."""
        items: dict[str, list[str]] = {}
        for entry in self.entries:
            for item in entry.items:
                items.setdefault(item, []).append(entry.file)
        return {k: items[k] for k in sorted(items, key=lambda s: (_ORDER[s.split()[0]],
                                                                   int(s.split()[1])))}

    def users(self, dataset: str) -> list[str]:
        """The notebooks that load a dataset."""
        return [e.file for e in self.entries if dataset in e.datasets]

    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """The three tables: (caption, headings, rows)."""
        notebooks = [[e.file, e.title, e.rebuilds, ", ".join(e.datasets)] for e in self.entries]
        items = [[item, ", ".join(files)] for item, files in self.by_item().items()]
        used = [[name, kind, title, ", ".join(self.users(name)) or "(no notebook yet)"]
                for name, (title, kind) in self.datasets.items()]
        return [
            ("Newsletter tables and figures, and the notebook that rebuilds each",
             ["Newsletter", "Notebook"], items),
            ("The notebooks, what they rebuild, and the datasets they load",
             ["Notebook", "Title", "Rebuilds", "Datasets"], notebooks),
            ("The datasets in data/ (kind of values) and the notebooks that use them",
             ["Dataset", "Kind", "Title", "Used by"], used),
        ]

    def to_text(self) -> str:
        """Each table as its caption and rows of cells separated by `` | ``."""
        blocks = []
        for caption, headings, rows in self.tables():
            lines = [caption]
            lines += ["  " + " | ".join(row) for row in [headings, *rows]]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def to_markdown(self) -> str:
        """Pipe tables; notebook names are links that open the notebook."""
        def link(name: str) -> str:
            return f"[{markdown_escape(name)}]({name})"

        return "\n\n".join(markdown_table(headings, self._linked(headings, rows, link,
                                                                  markdown_escape),
                                            caption, cell=str)
                           for caption, headings, rows in self.tables())

    def to_html(self) -> str:
        """HTML tables with captions; notebook names are links."""
        def link(name: str) -> str:
            return f'<a href="{html.escape(name)}">{html.escape(name)}</a>'

        return "\n".join(html_table(headings, self._linked(headings, rows, link, html.escape),
                                     caption, cell=str)
                         for caption, headings, rows in self.tables())

    @staticmethod
    def _linked(headings: list[str], rows: list[list[str]], link: Callable[[str], str],
                escape: Callable[[str], str]) -> list[list[str]]:
        """Rows with the notebook columns as links and every other cell escaped."""
        def cell(heading: str, value: str) -> str:
            if heading in _LINKED and value.endswith(".ipynb"):
                return ", ".join(link(name) for name in value.split(", "))
            return escape(value)

        return [[cell(h, v) for h, v in zip(headings, row, strict=True)] for row in rows]


def contents(notebook_dir: Path = NOTEBOOK_DIR) -> Contents:
    """The table of contents of the lessons the manifest names, read from them now.

    Parameters
    ----------
    notebook_dir : Path
        Folder of the notebooks and their manifest ``_toc.yml`` (default: the
        project's ``notebooks/``).

    Returns
    -------
    Contents
        Displays as three tables: newsletter item to notebook, notebook to what
        it rebuilds and loads, dataset to the notebooks that use it.

    Examples
    --------
    >>> toc = contents()
    >>> toc.by_item()["Table 1"]
    ['02_ssri_affinities.ipynb']
    >>> toc.users("sigma_affinity")[0]
    '02_ssri_affinities.ipynb'
    """
    entries = [read_entry(p) for p in lessons(notebook_dir)]
    package = read_package()
    datasets = {r["name"]: (r.get("title", r["name"]), r.get("kind", "unknown"))
                for r in package["resources"]}
    return Contents(entries, datasets)
