"""Text alternatives of notebook 04's charts of the text's claims: Figures 5 and 7, MCI, classes.

Each ``describe_...`` function takes the loaded frames (in the lesson's teaching
order) and returns, as one string, what its chart shows; every name and number in
it comes from the arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.tables import and_list

__all__ = ["describe_classification", "describe_figure_5", "describe_figure_7", "describe_mci"]


def describe_figure_5(regions: pd.DataFrame, region_order: Sequence[str]) -> str:
    """Describe Figure 5 as a matrix of brain regions against the functions the text links.

    Parameters
    ----------
    regions : DataFrame
        The ``depression_brain_regions`` dataset: ``region``, ``function``,
        ``change`` and ``attribution`` ("stated" or ambiguous).
    region_order : sequence of str
        The columns, in the chart's order.

    Returns
    -------
    str
        Each region's functions with their change, ambiguous links marked.
    """
    return (
        f"Matrix chart of {len(region_order)} brain regions (columns) against the functions the "
        "text links to their atrophy in depression (rows): "
        + "; ".join(f"{region}: " + ", ".join(
            f"{r.function} {r.change}" + ("" if r.attribution == "stated" else " (ambiguous link)")
            for r in regions[regions.region == region].itertuples()) for region in region_order)
        + ". Filled circles mark stated links, open diamonds ambiguous ones.")


def describe_figure_7(tests: pd.DataFrame,
                      scale: Sequence[str] = ("worse", "no effect", "improved")) -> str:
    """Describe Figure 7: the reported results of the cognitive tests, as categories.

    Parameters
    ----------
    tests : DataFrame
        The ``cognitive_tests`` dataset in teaching order: ``panel``, ``test``,
        ``drug``, ``result``, ``comparison``, ``p_value_as_printed`` (str or
        missing) and ``source``.
    scale : sequence of str
        The x axis's categories, left to right.

    Returns
    -------
    str
        Every panel's results with their comparison and p value, and how many p
        values the newsletter prints.
    """
    panels = list(dict.fromkeys(tests.panel))
    printed_p = tests[tests.source == "newsletter"].p_value_as_printed.notna().sum()
    return (
        f"{len(panels)} categorical panels of reported results, with no scores; x axis the "
        f"reported result ({', '.join(scale)}), a filled diamond per result relative to the "
        "drug's own baseline. "
        + " ".join(f"Panel {r.panel}, {r.test}, {r.drug}: {r.result} ({r.comparison}"
                   + (f", {r.p_value_as_printed}" if pd.notna(r.p_value_as_printed) else "")
                   + ")." for panel in panels for r in tests[tests.panel == panel].itertuples())
        + f" The newsletter's rows give {printed_p} printed p value"
        f"{'' if printed_p == 1 else 's'}; no row gives a test score.")


def _mci_axis_end(rows: pd.DataFrame) -> float:
    """Right end of a range chart's axis: 100 % or 72 months at least, else the data's reach.

    Parameters
    ----------
    rows : DataFrame
        The ``mci_progression`` rows of one quantity, all in one ``unit``.

    Returns
    -------
    float
        ``max(100, high)`` for percentages, ``max(72, 1.1 * high)`` otherwise.
    """
    if rows.unit.iloc[0] == "percent":
        return max(100, rows.high.max())
    return max(72, rows.high.max() * 1.1)


def describe_mci(mci: pd.DataFrame, source_label: Mapping[str, str]) -> str:
    """Describe the range charts of progression from mild cognitive impairment (MCI).

    Parameters
    ----------
    mci : DataFrame
        The ``mci_progression`` dataset in teaching order: ``quantity``,
        ``source``, ``low``, ``high``, ``unit`` and ``wording``.
    source_label : mapping
        Each source key's label on the chart (a key missing is shown as is).

    Returns
    -------
    str
        Each quantity's ranges by source (one range named once when every source
        gives it) and its axis.
    """
    quantities = list(dict.fromkeys(mci.quantity))

    def ranges(quantity: str) -> str:
        rows = mci[mci.quantity == quantity]
        unit = "%" if rows.unit.iloc[0] == "percent" else rows.unit.iloc[0]
        spans = {(r.low, r.high) for r in rows.itertuples()}
        if len(spans) == 1 and len(rows) > 1:
            low, high = spans.pop()
            return (f"{low:g} to {high:g} {unit}, the same range in "
                    + and_list(source_label.get(s, s) for s in rows.source))
        return "; ".join(f"{source_label.get(r.source, r.source)} {r.low:g} to {r.high:g} {unit}"
                         for r in rows.itertuples())

    return (
        f"{len(quantities)} range chart{'s' if len(quantities) != 1 else ''}, one bar per source "
        "(newsletter solid, Busse et al. 2006 dashed). "
        + " ".join(f"{quantity}: {ranges(quantity)}; axis from 0 to "
                   f"{_mci_axis_end(mci[mci.quantity == quantity]):g}." for quantity in quantities)
        + (" 'Primarily' in the paper's wording of the time window."
           if mci.wording.str.contains("primarily").any() else ""))


def describe_classification(classes: pd.DataFrame, columns_of: Mapping[str, Sequence[str]],
                            part_titles: Mapping[str, str]) -> str:
    """Describe the text's classification of antidepressants by effect on cognition.

    Parameters
    ----------
    classes : DataFrame
        The ``cognitive_classification`` dataset: ``part``, ``category``,
        ``subject_as_printed``, ``subject_type`` and ``hedge_as_printed``.
    columns_of : mapping
        Each part of the text (in the chart's order) to its categories (columns).
    part_titles : mapping
        A part's title on the chart (a part missing is shown by its name).

    Returns
    -------
    str
        Every entry with its hedge, by part and category, and the categories and
        entries that name no drug.
    """
    parts = list(columns_of)

    def entries(part: str, category: str) -> str:
        rows = classes[(classes.part == part) & (classes.category == category)]
        return ", ".join(f"{r.subject_as_printed} ({r.hedge_as_printed})"
                         for r in rows.itertuples())

    return (
        f"{len(parts)} group{'s' if len(parts) != 1 else ''} of columns. "
        + " ".join(f"{part_titles.get(part, part)}: {len(columns_of[part])} "
                   f"categor{'ies' if len(columns_of[part]) != 1 else 'y'}, listing what the text "
                   "names in each with its hedge: "
                   + "; ".join(f"{c}: {entries(part, c)}" for c in columns_of[part]) + "."
                   for part in parts)
        + " No drug is named for "
        + (" or ".join(classes.loc[classes.subject_type == "none named", "category"])
           or "none of the categories")
        + "; " + (", ".join(f"'{r.subject_as_printed}' ({r.category})" for r in
                            classes[classes.subject_type.str.contains("not named")].itertuples())
                  or "no entry")
        + " names no member.")
