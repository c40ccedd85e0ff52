"""Text alternatives of notebook 04's receptor charts (behavioural toxicity, section 1, CFF).

Each ``describe_...`` function takes the loaded frames (or the frames the lesson
derives from them, such as ``helpers.predict_risks``'s calls) and returns, as one
string, what its chart shows; every number and name in it comes from the arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.tables import and_list, ki_text
from helpers.toxicity import POTENCY_LEVELS

__all__ = ["describe_cff", "describe_potency_calls", "describe_receptor_panels"]

_SHAPES = {"o": "circles", "s": "squares", "D": "diamonds", "^": "triangles"}


def _ki_axis(receptors: pd.DataFrame, panels: Sequence[str],
             threshold_nm: float) -> tuple[float, float]:
    """Whole decades around the drawn values, a bound's arrow and the threshold."""
    shown = receptors[receptors.receptor.isin(panels)]
    reach = shown.ki_nm * shown.qualifier.map({">": 4.0, "<": 0.25}).fillna(1.0)
    reach = pd.concat([reach, pd.Series([threshold_nm])])
    return (10 ** np.floor(np.log10(reach.min() / 1.5)), 10 ** np.ceil(np.log10(reach.max() * 12)))


def describe_receptor_panels(receptors: pd.DataFrame, consequences: pd.DataFrame,
                             predictions: pd.DataFrame, potency_threshold_nm: float, *,
                             drugs: Sequence[str], sources: Sequence[str],
                             source_names: Mapping[str, str], markers: Sequence[str]) -> str:
    """Describe the stacked dot plots of Ki per receptor, with the potency threshold.

    Parameters
    ----------
    receptors : DataFrame
        The ``receptor_affinity`` dataset (``drug``, ``receptor``, ``source``,
        ``ki_nm`` in nM, ``qualifier`` "=", "<" or ">").
    consequences : DataFrame
        The ``side_effect_receptors`` dataset: one panel per ``receptor``, titled
        with its ``claim_label``.
    predictions : DataFrame
        ``helpers.predict_risks(receptors, consequences, potency_threshold_nm)``.
    potency_threshold_nm : float
        Ki below it (nM) is called potent.
    drugs, sources : sequence of str
        The rows and the source keys, in the chart's order.
    source_names : mapping
        Each source key's name on the chart.
    markers : sequence of str
        The matplotlib markers given to the sources in turn (``helpers.MARKERS``).

    Returns
    -------
    str
        The panels' claims, the axis range, each source's marker, every value
        below the threshold and fluvoxamine's values.
    """
    panels = list(consequences.receptor)
    x_low, x_high = _ki_axis(receptors, panels, potency_threshold_nm)
    potent = predictions[predictions.call == "potent"]
    shapes = [_SHAPES.get(m, "other markers") for m in markers]
    fvx_calls = predictions[(predictions.drug == "Fluvoxamine") & (predictions.call != "no value")]
    fvx_potent = fvx_calls[fvx_calls.call != "not potent"]
    fluvoxamine = ("" if fvx_calls.empty else " Fluvoxamine: "
                   + "; ".join(f"{r.receptor} {ki_text(r.ki_nm, r.qualifier)} nM "
                               f"({source_names[r.source]})" for r in fvx_calls.itertuples())
                   + (", above the threshold at every receptor where a source gives a value."
                      if fvx_potent.empty else "; not clearly above the threshold at "
                      + ", ".join(f"{r.receptor} ({source_names[r.source]})"
                                  for r in fvx_potent.itertuples()) + "."))
    return (
        f"{len(panels)} stacked dot plots, one per receptor, titled with the text's claim for it, "
        "its verb kept (" + "; ".join(f"{r.receptor}: potent blockade {r.claim_label}"
                                      for r in consequences.itertuples())
        + f"), one row per drug for {len(drugs)} antidepressants ({', '.join(drugs)}), shared x "
        f"axis Ki in nM on a log scale from {ki_text(x_low)} to {ki_text(x_high)}; "
        + ", ".join(f"{source_names[s]} values are {shapes[i % len(shapes)]}"
                    for i, s in enumerate(sources))
        + ", bounds open markers with arrows; a dashed line and shading mark the potency "
        f"threshold of {potency_threshold_nm:,g} nM, chosen here, not by the text. Below it: "
        + ("; ".join(f"{r.drug} at {r.receptor} ({ki_text(r.ki_nm, r.qualifier)} nM, "
                     f"{source_names[r.source]})" for r in potent.itertuples()) or "no value")
        + "." + fluvoxamine)


def describe_potency_calls(predictions: pd.DataFrame, potency_threshold_nm: float, *,
                           drugs: Sequence[str], receptors: Sequence[str],
                           sources: Sequence[str], source_names: Mapping[str, str],
                           short_names: Mapping[str, str]) -> str:
    """Describe the grid of potency calls (drugs by receptor and source).

    Parameters
    ----------
    predictions : DataFrame
        ``helpers.predict_risks`` output: ``drug``, ``receptor``, ``source`` and
        ``call`` (one of ``helpers.POTENCY_LEVELS``).
    potency_threshold_nm : float
        The threshold the calls were made at (nM).
    drugs, receptors, sources : sequence of str
        Rows, receptor groups and source columns, in the chart's order.
    source_names, short_names : mapping
        Each source key's full and short name.

    Returns
    -------
    str
        The count of each call, every potent call, and the potent calls per drug.
    """
    counts = predictions.call.value_counts().reindex(POTENCY_LEVELS, fill_value=0)
    potent = predictions[predictions.call == "potent"]
    return (
        f"Grid of {len(drugs)} drugs (rows) by {len(receptors)} receptors, each split into "
        f"{and_list(source_names[s] for s in sources)} columns, with a symbol per cell for the "
        f"potency call at a threshold of {potency_threshold_nm:,g} nM (chosen here, not by the "
        f"text): {counts['potent']} potent "
        f"(filled squares), {counts['not potent']} not potent (open circles), {counts['unknown']} "
        f"undecided by a bound (question marks), {counts['no value']} without a value (dashes). "
        "Potent calls: "
        + (", ".join(f"{r.drug} {r.receptor} ({short_names[r.source]})"
                     for r in potent.itertuples()) or "none") + ". Potent calls per drug: "
        + ", ".join(f"{drug} {(potent.drug == drug).sum()}" for drug in drugs) + ".")


def describe_cff(cff_category: Mapping[str, str], muscarinic: pd.DataFrame, *,
                 drugs: Sequence[str], sources: Sequence[str],
                 source_names: Mapping[str, str]) -> str:
    """Describe the two panels on critical flicker fusion (CFF) and muscarinic Ki.

    Parameters
    ----------
    cff_category : mapping
        Each drug's stated effect on CFF in words ("no statement" if none).
    muscarinic : DataFrame
        The muscarinic rows of ``receptor_affinity`` (``drug``, ``ki_nm`` in nM,
        ``qualifier``, ``source`` as named on the chart).
    drugs : sequence of str
        The rows, in the chart's order.
    sources : sequence of str
        The source keys, in the chart's order.
    source_names : mapping
        Each source key's name on the chart.

    Returns
    -------
    str
        Each drug's CFF category, each muscarinic value, and the categories of the
        tightest and loosest muscarinic binders (a '>' bound counts as its value).
    """
    lowest_ki = muscarinic.groupby("drug").ki_nm.min()
    tightest = ("" if lowest_ki.empty else
                f". The drug that binds muscarinic receptors most tightly, {lowest_ki.idxmin()}, "
                f"is '{cff_category[lowest_ki.idxmin()]}' on CFF; the one that binds them least, "
                f"{lowest_ki.idxmax()}, is '{cff_category[lowest_ki.idxmax()]}'")
    return (
        "Two panels sharing the drug axis. Left, a categorical chart of the stated effect on "
        "critical flicker fusion (CFF), filled squares for a statement, grey crosses for none: "
        + "; ".join(f"{d}: {cff_category[d]}" for d in drugs)
        + ". Right, a dot plot of muscarinic Ki in nM on a log scale, "
        + and_list(source_names[s] for s in sources) + ": "
        + ("; ".join(f"{r.drug} {ki_text(r.ki_nm, r.qualifier)} ({r.source})"
                     for r in muscarinic.itertuples()) or "no values")
        + tightest + ".")
