"""Text alternatives of notebook 01's history charts: the timeline and Figure 1.

Each ``describe_...`` function takes the loaded frames or the lesson's parameters
and returns, as one string, what its chart shows: the words a screen reader reads
and the handouts print beside the figure. Every number in the text is computed
from the arguments, so a teacher's changed data or parameters change the words
with the chart.
"""

from __future__ import annotations

import pandas as pd

from helpers.diagrams import EDGE_STYLES
from helpers.tables import and_list
from helpers.timelines import undated_spans

__all__ = ["describe_figure_1", "describe_timeline"]

_LINE_WORDS = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}


def _year_marker(r: object) -> str:
    if r.citation_status == "unverified":
        return "open marker, citation unverified"
    if r.kind == "as-printed":
        return "circle, year as printed"
    return "square, year from the literature only"


def _between(span: object) -> str:
    """Where an undated event's dashed arrow runs, in words."""
    ends = [f"after {span.after_year:.0f}" if pd.notna(span.after_year)
            else "before the first dated event",
            f"before {span.before_year:.0f}" if pd.notna(span.before_year)
            else "with no dated event after it"]
    return " and ".join(ends)


def describe_timeline(history: pd.DataFrame) -> str:
    """Describe the timeline of sigma-receptor history (``helpers.timeline``).

    Parameters
    ----------
    history : DataFrame
        The ``sigma_history`` dataset: one event a row, with ``event_id`` (story
        order), ``year`` (float, NaN when undated), ``event``, ``kind``,
        ``citation_status`` and ``when_printed``.

    Returns
    -------
    str
        Every dated event with its year and marker, every undated event with the
        years its dashed arrow runs between, and the span in years.

    Raises
    ------
    ValueError
        If no event has a year (the timeline needs at least one).
    """
    dated = history.dropna(subset=["year"]).sort_values(["year", "event_id"])
    if dated.empty:
        raise ValueError("sigma_history has no dated event: the timeline needs at least one year")
    first, last = int(dated.year.min()), int(dated.year.max())
    spans = undated_spans(history, order_col="event_id").join(history)
    return (
        f"Timeline on a horizontal axis of years, {len(history)} events, {len(dated)} of them "
        f"dated, from {first} to {last}: "
        + "; ".join(f"{r.year} {r.event} ({_year_marker(r)})" for r in dated.itertuples())
        + ". " + " ".join(f"The undated event '{r.event}' is a dashed arrow {_between(r)}, "
                          f"because the newsletter says only '{r.when_printed}'."
                          for r in spans.itertuples())
        + f" The dated events span {last - first} years.")


def _figure_1_notes(edges: pd.DataFrame) -> tuple[pd.Series, str, str]:
    """Which arrows the sentence citing Figure 1 gives, and where the others come from.

    Parameters
    ----------
    edges : DataFrame
        The ``sigma1_signalling`` edge list (``edge_id``, ``quote``, ``section``,
        ``to_node``).

    Returns
    -------
    cites : Series of bool
        Per edge, whether its sentence contains "(Figure 1)".
    cited : str
        Their numbers, as a run ("3-7") when consecutive, else a list in words.
    where : str
        Which arrows the editorial introduction gives (a caption note).
    """
    cites = edges.quote.str.contains("(Figure 1)", regex=False)
    ids = sorted(edges[cites].edge_id)
    run = len(ids) > 2 and ids == list(range(ids[0], ids[-1] + 1))
    cited = f"{ids[0]}-{ids[-1]}" if run else and_list(ids)
    intro = edges[edges.section.eq("editorial introduction")].sort_values("edge_id")
    from_intro = "; ".join(f"arrow {r.edge_id}, to {r.to_node}" for r in intro.itertuples())
    where = (f"From the editorial introduction: {from_intro}; the others from the Maurice section."
             if len(intro) else "All arrows from the Maurice section.")
    return cites, cited, where


def _arrows(rows: pd.DataFrame, targets_only: bool = False) -> str:
    """'from to target (arrow number)' for each arrow, grouped by the effect as worded."""
    return "; ".join(f"{effect}: " + ", ".join(
        ("" if targets_only else f"{r.from_node} to ") + f"{r.to_node} ({r.edge_id})"
        for r in group.itertuples()) for effect, group in rows.groupby("effect", sort=False)
    ) or "none"


def describe_figure_1(edges: pd.DataFrame, receptor: str = "Sigma-1 receptor") -> str:
    """Describe Figure 1 reconstructed as a pathway diagram (``helpers.pathway_diagram``).

    Parameters
    ----------
    edges : DataFrame
        The ``sigma1_signalling`` edge list: ``edge_id``, ``from_node``,
        ``to_node``, ``effect``, ``effect_class``, ``quote``, ``section``.
    receptor : str
        The highlighted node; arrows are grouped as into it, out of it, and beyond.

    Returns
    -------
    str
        The line style of each kind of effect, the arrows from the sentence that
        cites Figure 1, and every arrow by its place around the receptor.
    """
    cites, cited, where = _figure_1_notes(edges)
    ordered = edges.sort_values("edge_id")
    feeds = ordered.loc[ordered.to_node.eq(receptor), "from_node"]
    into = ordered.to_node.eq(receptor) | ordered.to_node.isin(feeds)
    out = ordered.from_node.eq(receptor)
    hub = ordered[out]
    default = {"linestyle": "-", "arrowstyle": "-|>"}
    styles = "; ".join(
        f"{kind}: {_LINE_WORDS.get(style['linestyle'], style['linestyle'])}"
        + (" without arrowhead" if style["arrowstyle"] == "-" else "")
        for kind in ordered.effect_class.unique() for style in [EDGE_STYLES.get(kind, default)])
    boxes = len(set(edges.from_node) | set(edges.to_node))
    return (
        "Figure 1 reconstructed from the newsletter's text, not its printed drawing (our copy "
        f"lacks it). Layered pathway diagram, left to right, with {len(edges)} numbered arrows "
        f"between {boxes} boxes, the {receptor} highlighted; the line "
        f"style says the kind of effect ({styles}). "
        + (f"Arrows {cited} lie on a yellow band: they come from the one sentence that cites "
           "Figure 1. " if cites.any()
           else "No arrow comes from the sentence that cites Figure 1. ")
        + f"{where} "
        f"Into the receptor and into what feeds it: {_arrows(ordered[into & ~out])}. "
        f"From the receptor, {len(hub)} arrows fan out: {_arrows(hub, targets_only=True)}. "
        f"Further downstream: {_arrows(ordered[~into & ~out])}.")
