"""Where each dataset comes from: sources, kinds of value, reference lists.

Notebooks print a dataset's sources beside its table, put a short source line
on each figure, and end with a reference list built from the datasets they used.
"""

from __future__ import annotations

from os import PathLike
from typing import Any

import pandas as pd

from helpers.data import resource
from helpers.rich import RichDisplay

__all__ = [
    "ROLE_NAMES",
    "Citations",
    "is_illustrative",
    "kinds",
    "references",
    "short_source",
    "source_labels",
    "sources",
]

ROLE_NAMES = {
    "newsletter": "",  # the title names the newsletter already
    "original": "original publication",
    "literature": "further literature",
    "figure credit": "",  # the title says it is the figure's credit
}
"""How a reference list names each role of a source ("": no label; a role not listed is shown
as it is)."""

class Citations(RichDisplay, list):
    """A list of source entries that shows itself as a Markdown list in Jupyter.

    Each entry is a dict with at least ``title``; optionally ``path`` (a DOI or
    URL), ``role``, ``short``, ``id`` (the key rows use in a ``source``
    column) and ``checked`` (where the citation was verified). Each prints as
    a citation: its title, its link and, in brackets, what kind of source it
    is in words (:data:`ROLE_NAMES`; none for the newsletter, which its title
    names); never a key.

    Examples
    --------
    >>> print(Citations([{"title": "Busse A, et al. 2006.", "role": "original",
    ...                   "path": "https://doi.org/10.1192/x", "id": "busse_2006"}]))
    - Busse A, et al. 2006. https://doi.org/10.1192/x (original publication)
    """

    def _lines(self) -> list[str]:
        lines = []
        for entry in self:
            link = f" {entry['path']}" if entry.get("path") else ""
            role = entry.get("role")
            label = ROLE_NAMES.get(role, role) if role else ""
            kind = f" ({label})" if label else ""
            lines.append(f"{entry['title']}{link}{kind}")
        return lines

    def to_text(self) -> str:
        """A bulleted list, one citation a line."""
        return "\n".join(f"- {line}" for line in self._lines())

    def to_markdown(self) -> str:
        """A numbered Markdown list, one citation an item."""
        return "\n".join(f"{n}. {line}" for n, line in enumerate(self._lines(), start=1))


def _descriptor(dataset: str | pd.DataFrame,
                data_dir: str | PathLike[str] | None) -> dict[str, Any]:
    """The descriptor-like provenance of a dataset given by name or as a loaded frame."""
    if isinstance(dataset, pd.DataFrame):
        if "sources" not in dataset.attrs:
            raise ValueError("this DataFrame carries no provenance (load it with helpers.load)")
        return dataset.attrs
    return resource(dataset, data_dir)


def sources(dataset: str | pd.DataFrame,
            data_dir: str | PathLike[str] | None = None) -> Citations:
    """The sources of one dataset, newsletter first.

    Parameters
    ----------
    dataset : str or DataFrame
        A resource name, or a frame returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for a frame.

    Returns
    -------
    Citations
        The dataset's source entries, as listed in ``datapackage.json``.

    Examples
    --------
    >>> [s["role"] for s in sources("sigma_affinity")]
    ['newsletter', 'original']
    """
    return Citations(_descriptor(dataset, data_dir).get("sources", []))


def references(*datasets: str | pd.DataFrame,
               data_dir: str | PathLike[str] | None = None) -> Citations:
    """One numbered reference list for several datasets, each source once.

    Parameters
    ----------
    *datasets : str or DataFrame
        Resource names, or frames returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for frames.

    Returns
    -------
    Citations
        Each source once (by title), in the order the datasets first list them.

    Examples
    --------
    >>> refs = references("sigma_affinity", "receptor_affinity")
    >>> len(refs)
    4
    """
    seen: dict[str, dict[str, Any]] = {}
    for dataset in datasets:
        for entry in sources(dataset, data_dir):
            seen.setdefault(entry["title"], entry)
    return Citations(seen.values())


def source_labels(dataset: str | pd.DataFrame,
                  data_dir: str | PathLike[str] | None = None) -> dict[str, str]:
    """The short citation each ``source`` key of a dataset's rows stands for.

    Rows name their source by a key (``"busse_2006"``); the dataset's source
    entry with that ``id`` says what it is. Print the citation, never the key:
    ``frame.source.map(lambda s: labels.get(s, s))`` keeps a key no entry
    explains (a teacher's own source) as it is.

    Parameters
    ----------
    dataset : str or DataFrame
        A resource name, or a frame returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for a frame.

    Returns
    -------
    dict
        Each ``id`` of the dataset's sources and that source's ``short`` form
        (its title where it has none).

    Examples
    --------
    >>> source_labels("mci_progression")["busse_2006"]
    'Busse et al., Br J Psychiatry 2006'
    """
    return {entry["id"]: entry.get("short", entry["title"])
            for entry in sources(dataset, data_dir) if entry.get("id")}


def kinds(dataset: str | pd.DataFrame, data_dir: str | PathLike[str] | None = None,
          frame: pd.DataFrame | None = None) -> set[str]:
    """The kinds of value a dataset holds (as-printed, literature, derived, illustrative).

    A resource whose ``kind`` is ``"by-row"`` has a ``kind`` column; its kinds
    are read from the rows of ``frame`` (or of ``dataset`` itself when a frame).

    Parameters
    ----------
    dataset : str or DataFrame
        A resource name, or a frame returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for a frame.
    frame : DataFrame or None
        The loaded rows of a ``"by-row"`` resource given by name.

    Returns
    -------
    set of str
        The kinds present.

    Examples
    --------
    >>> kinds("sigma_affinity")
    {'as-printed'}
    """
    kind = _descriptor(dataset, data_dir).get("kind", "unknown")
    if kind != "by-row":
        return {kind}
    rows = frame if frame is not None else dataset
    if not isinstance(rows, pd.DataFrame) or "kind" not in rows:
        from helpers.data import load
        rows = load(dataset, data_dir)
    return set(rows["kind"].dropna())


def is_illustrative(dataset: str | pd.DataFrame,
                    data_dir: str | PathLike[str] | None = None) -> bool:
    """Whether any value of the dataset is illustrative (made up to show a shape).

    Parameters
    ----------
    dataset : str or DataFrame
        A resource name, or a frame returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for a frame.

    Returns
    -------
    bool
        True when :func:`kinds` includes ``"illustrative"``.
    """
    return "illustrative" in kinds(dataset, data_dir)


def short_source(dataset: str | pd.DataFrame,
                 data_dir: str | PathLike[str] | None = None) -> str:
    """A one-line source for a figure: each source's ``short`` form, joined.

    Parameters
    ----------
    dataset : str or DataFrame
        A resource name, or a frame returned by :func:`helpers.load`.
    data_dir : path-like or None
        Data directory (None: the shipped one); unused for a frame.

    Returns
    -------
    str
        The sources' ``short`` forms (the title where a source has none),
        joined by ``"; "``.

    Examples
    --------
    >>> short_source("sigma_affinity")
    'IMN March 2007, Table 1; Narita et al., Eur J Pharmacol 1996'
    """
    entries = sources(dataset, data_dir)
    return "; ".join(entry.get("short", entry["title"]) for entry in entries)
