"""Text alternatives of the charts of notebook 02 (SSRI affinities, Table 1).

Each ``describe_...`` function takes the loaded frames and returns, as one string,
what its chart shows; every number and drug name in it comes from the arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers.pharmacology import agrees_with_printed, selectivity_ratio
from helpers.tables import and_list, ki_text, ratio_text

__all__ = ["describe_affinities", "describe_off_target", "describe_selectivity"]


def describe_affinities(affinity: pd.DataFrame) -> str:
    """Describe the paired dot plot of sigma-1 and sigma-2 Ki (Table 1).

    Parameters
    ----------
    affinity : DataFrame
        The ``sigma_affinity`` dataset: ``drug``, ``drug_class`` ("SSRI" or
        "TCA"), ``ki_sigma1_nm`` and ``ki_sigma2_nm`` (Ki, nM, float).

    Returns
    -------
    str
        Each drug's two Ki in the chart's row order (class, then sigma-1 Ki, then
        name), the tightest and loosest sigma-1 binders, whether sigma-2 Ki is
        always the larger, and the tricyclics' sigma-1 Ki.
    """
    by_drug = affinity.set_index("drug")
    order = affinity.sort_values(["drug_class", "ki_sigma1_nm", "drug"]).drug.tolist()
    ki1 = by_drug.ki_sigma1_nm
    tightest, loosest = sorted(ki1.index[ki1 == ki1.min()]), sorted(ki1.index[ki1 == ki1.max()])
    tighter_at_sigma1 = affinity.ki_sigma2_nm > affinity.ki_sigma1_nm
    tca = affinity[affinity.drug_class == "TCA"].sort_values(["ki_sigma1_nm", "drug"])
    return (
        "Paired dot plot of Ki at sigma-1 (circles) and sigma-2 (squares) for "
        f"{len(affinity)} drugs, "
        "one row each, SSRIs (solid lines) first, then tricyclics (dashed lines), each class from "
        "the smallest sigma-1 Ki; x axis Ki in nM, log scale, smaller is tighter binding. "
        "Sigma-1 / sigma-2 Ki: " + "; ".join(
            f"{drug} {ki_text(by_drug.ki_sigma1_nm[drug])} / "
            f"{ki_text(by_drug.ki_sigma2_nm[drug])}" for drug in order)
        + f". {and_list(tightest)} {'binds' if len(tightest) == 1 else 'bind'} sigma-1 most "
        f"tightly ({ki_text(ki1.min())} nM), {and_list(loosest)} least "
        f"({ki_text(ki1.max())} nM); "
        + ("every drug's sigma-2 Ki is larger than its sigma-1 Ki"
           if tighter_at_sigma1.all() else "sigma-2 Ki is not larger than sigma-1 Ki for "
           + and_list(affinity.drug[~tighter_at_sigma1]))
        + ("; no tricyclics in the loaded data." if tca.empty else
           "; the tricyclics bind sigma-1 at "
           + and_list(f"{ki_text(k)}" for k in tca.ki_sigma1_nm) + " nM."))


def describe_selectivity(affinity: pd.DataFrame) -> str:
    """Describe the selectivity chart: Ki(sigma-2)/Ki(sigma-1) recomputed and as printed.

    Parameters
    ----------
    affinity : DataFrame
        The ``sigma_affinity`` dataset: ``drug``, ``ki_sigma1_nm``,
        ``ki_sigma2_nm`` (nM) and ``printed_ratio`` (the ratio as printed).

    Returns
    -------
    str
        The drugs from the most selective for sigma-1, with their recomputed
        ratio, and every drug whose printed ratio is not the recomputed one,
        rounded (``helpers.agrees_with_printed``).
    """
    selectivity = affinity.assign(
        sigma2_over_sigma1=selectivity_ratio(affinity.ki_sigma2_nm, affinity.ki_sigma1_nm),
    ).sort_values(["sigma2_over_sigma1", "drug"], ascending=[False, True])
    off = selectivity[~agrees_with_printed(selectivity.printed_ratio,
                                           selectivity.sigma2_over_sigma1)]
    most = selectivity.iloc[0]
    return (
        "Dot plot of the selectivity ratio Ki(sigma-2)/Ki(sigma-1) per drug, recomputed from the "
        "printed Ki (SSRIs circles, tricyclics diamonds), with the ratio as printed, under the "
        "heading 'sigma-1/sigma-2', as crosses; x axis the ratio, no unit, log scale, higher = "
        f"more selective for sigma-1. {most.drug} is the most selective for sigma-1 "
        f"({ratio_text(most.sigma2_over_sigma1)}); " + ", ".join(
            f"{r.drug} {ratio_text(r.sigma2_over_sigma1)}"
            for r in selectivity.iloc[1:].itertuples())
        + f". The printed ratio equals the recomputed one, rounded, for "
        f"{len(selectivity) - len(off)} of {len(selectivity)} drugs"
        + ("" if off.empty else "; not for " + ", ".join(
            f"{r.drug} (printed {ki_text(r.printed_ratio)}, "
            f"recomputed {ratio_text(r.sigma2_over_sigma1)})" for r in off.itertuples())
           + ", ringed and labelled on the chart") + ".")


def describe_off_target(receptors: pd.DataFrame, drugs: Sequence[str]) -> str:
    """Describe the three dot plots of alpha-1, H1 and muscarinic Ki from two sources.

    Parameters
    ----------
    receptors : DataFrame
        The ``receptor_affinity`` dataset: ``drug``, ``receptor``, ``source``
        (as labelled on the chart), ``ki_nm`` (nM) and ``qualifier`` ("=", "<"
        or ">": a bound).
    drugs : sequence of str
        The drugs in the chart's row order.

    Returns
    -------
    str
        Every exact value below 100 nM (the chart's shaded threshold), and
        fluvoxamine's values with the receptors where it is not above 1,000 nM.
    """
    by_receptor = {"key": lambda column: column.str.lower()}  # alpha-1, H1, muscarinic
    potent = receptors[(receptors.qualifier == "=") & (receptors.ki_nm < 100)].sort_values(
        ["drug", "receptor", "source"], **by_receptor)  # the key: any row order, one text
    fvx = receptors[receptors.drug == "Fluvoxamine"].sort_values(["receptor", "source"],
                                                                 **by_receptor)
    fvx_low = fvx[(fvx.qualifier == "<") | (fvx.ki_nm <= 1000)]  # not known to be above 1,000
    return (
        "Three dot plots, one above the other (alpha-1, H1, muscarinic receptors), one row per "
        f"drug for {len(drugs)} drugs ({and_list(drugs)}), x axis Ki in nM (assumed for the "
        "newsletter, which prints no unit) on a log scale, shaded left of 100 nM (a threshold "
        "chosen here); newsletter values are circles, Goodman & Gilman values squares; bounds "
        "such as '> 10,000' are open markers with arrows. Below 100 nM: "
        + ("; ".join(f"{r.drug} at {r.receptor}, {ki_text(r.ki_nm)} nM, {r.source}"
                     for r in potent.itertuples()) or "none")
        + (". No Fluvoxamine values in the loaded data." if fvx.empty else
           ". Fluvoxamine: " + "; ".join(
               f"{r.receptor}, {ki_text(r.ki_nm, r.qualifier)} nM, {r.source}"
               for r in fvx.itertuples())
           + (". Fluvoxamine is above 1,000 nM in every value given." if fvx_low.empty
              else ". Fluvoxamine is not above 1,000 nM at "
              + ", ".join(f"{r.receptor} ({r.source})" for r in fvx_low.itertuples()) + ".")))
