"""Text alternatives of the charts of notebook 03 (the neurotrophic hypothesis).

Each ``describe_...`` function takes the loaded frames (or the frames the lesson
derives from them) and the lesson's parameters, and returns, as one string, what
its chart shows; every number and name in it comes from the arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.neuron import neuron_geometry
from helpers.pharmacology import emax_response, occupancy
from helpers.tables import ki_text

__all__ = ["describe_arborisation", "describe_figure_2", "describe_figure_3",
           "describe_occupancy", "describe_pcp", "describe_pet"]


def _figure_2_reading(conditions: pd.DataFrame) -> str:
    """What the illustrative heights say against the newsletter's statements."""
    baseline = conditions[(conditions.fluvoxamine_nm == 0) & ~conditions.ne100].illustrative_height
    with_fvx = conditions[(conditions.fluvoxamine_nm > 0) & ~conditions.ne100].sort_values(
        "fluvoxamine_nm")
    blocked = conditions[(conditions.fluvoxamine_nm > 0) & conditions.ne100]
    potentiates = (len(baseline) == 1 and len(with_fvx) > 0
                   and bool((with_fvx.illustrative_height > baseline.iloc[0]).all()))
    if not potentiates:
        return "With these parameters and this design, fluvoxamine does not potentiate NGF."
    dose_dependent = (len(with_fvx) > 1
                      and bool(with_fvx.illustrative_height.diff().dropna().gt(0).all()))
    blocks = bool(len(blocked) > 0
                  and np.isclose(blocked.illustrative_height, baseline.iloc[0]).all())
    paired = with_fvx.merge(blocked, on="fluvoxamine_nm", suffixes=("", "_ne100"))
    antagonises = len(paired) > 0 and bool(
        (paired.illustrative_height_ne100 < paired.illustrative_height).all())
    return ("It draws the newsletter's statement that fluvoxamine potentiates NGF"
            + (" and NE-100 antagonises it" if antagonises
               else "; NE-100 does not lower it with these parameters")
            + ". The model's other features are not the newsletter's: the rise with concentration"
            + ("" if dose_dependent else " (absent with these parameters)")
            + " follows Takebayashi et al. 2002, and a complete block by NE-100"
            + ("" if blocks else " (not drawn with these parameters)")
            + " and NE-100 alone leaving NGF's effect unchanged are the model's assumptions.")


def describe_figure_2(axis: pd.DataFrame, conditions: pd.DataFrame, design: pd.DataFrame) -> str:
    """Describe Figure 2: the concentration axis and the six conditions (illustrative heights).

    Parameters
    ----------
    axis : DataFrame
        The ``pc12_concentrations`` rows in drawing order (by ``position``), with
        ``label_as_printed``, ``fluvoxamine_nm``, ``ngf_ng_ml`` and the model's
        ``illustrative_height`` (NGF alone = 1).
    conditions : DataFrame
        One row per condition: ``condition`` (int), ``fluvoxamine_nm`` (nM),
        ``ne100`` (bool) and ``illustrative_height``.
    design : DataFrame
        The ``pc12_design`` grid: ``grid_row``, ``condition``, ``agent``,
        ``amount``, ``amount_unit`` and ``printed_mark`` ("+" or "–").

    Returns
    -------
    str
        The bars of both charts with their heights, the design read from the
        grid, the fill shades, and which of the newsletter's statements the
        illustrative heights draw.
    """
    present = design[design.printed_mark == "+"].sort_values(["grid_row", "condition"])
    given = present.groupby(["agent", "amount", "amount_unit"], sort=False).condition
    ngf_text = " / ".join(f"{v:g}" for v in sorted(axis.ngf_ng_ml.unique()))
    amounts = sorted(conditions.fluvoxamine_nm.unique())  # white none, darker more
    shade = {amount: f"{level:.2f}"
             for amount, level in zip(amounts, np.linspace(1.0, 0.35, len(amounts)), strict=True)}
    height = conditions.set_index("condition").illustrative_height
    return (
        "Two bar charts, heights illustrative (model, not data); y axis neurite-bearing cells "
        f"relative to NGF alone = 1. Top: {len(axis)} bars, one per fluvoxamine concentration in "
        "the printed order ("
        + ", ".join(f"{r.label_as_printed}{' (no fluvoxamine)' if r.fluvoxamine_nm == 0 else ' nM'}"
                    f": {r.illustrative_height:.2f}" for r in axis.itertuples())
        + f"; all with NGF {ngf_text} ng/ml). Below: the {len(conditions)} "
        "conditions with the +/- grid underneath ("
        + "; ".join(f"{agent} {amount:g} {unit} in {', '.join(map(str, sorted(c)))}"
                    for (agent, amount, unit), c in given)
        + "); fill shade says the fluvoxamine concentration ("
        + ", ".join(f"{'none' if a == 0 else f'{a:,g} nM'} "
                    f"{'white' if i == 0 else f'grey {shade[a]}'}" for i, a in enumerate(amounts))
        + "), hatching says NE-100. Heights: "
        + ", ".join(f"condition {c} {h:.2f}" for c, h in height.items()) + ". "
        + _figure_2_reading(conditions))


def describe_figure_3(states: pd.DataFrame, seed: int = 0) -> str:
    """Describe Figure 3: the procedurally drawn neurons, one per state.

    Parameters
    ----------
    states : DataFrame
        The ``neuron_states`` dataset: ``panel``, ``state``,
        ``panel_title_as_printed``, ``arborisation_relative`` and
        ``bdnf_relative`` (illustrative levels, normal = 1).
    seed : int
        The drawing's seed (``helpers.neuron_geometry``), 0 or more.

    Returns
    -------
    str
        Each panel's levels, its counts of dendritic segments and BDNF dots, and
        how it compares with the normal state's drawing.
    """
    panels = states.sort_values("panel")
    shapes = {row.panel: neuron_geometry(row.arborisation_relative, row.bdnf_relative, seed=seed)
              for row in panels.itertuples()}
    normal = panels[panels.state == "normal"]

    def side(a: float, b: float) -> str:
        return "above" if a > b else ("below" if a < b else "at")

    def more(a: float, b: float) -> str:
        return "more" if a > b else ("fewer" if a < b else "as many")

    def against_normal(row: object) -> str:
        if normal.empty or row.state == "normal":
            return ""
        ref, base = shapes[normal.panel.iloc[0]], normal.iloc[0]
        return (f" (drawn {side(row.arborisation_relative, base.arborisation_relative)} normal in "
                f"arborisation and {side(row.bdnf_relative, base.bdnf_relative)} normal in BDNF: "
                f"{more(shapes[row.panel].n_segments, ref.n_segments)} segments and "
                f"{more(shapes[row.panel].n_bdnf, ref.n_bdnf)} dots than the normal state)")

    return (
        f"{len(panels)} drawings of a hippocampal pyramidal neuron (cell body, an apical dendrite "
        "upwards, basal dendrites and the axon downwards, BDNF as dots around the cell body), "
        "with the newsletter's captions; levels are illustrative. " + "; ".join(
            f"{row.panel_title_as_printed}: arborisation {row.arborisation_relative:g}, "
            f"{shapes[row.panel].n_segments} dendritic segments, BDNF {row.bdnf_relative:g}, "
            f"{shapes[row.panel].n_bdnf} dots{against_normal(row)}" for row in panels.itertuples())
        + ". The text gives only directions (stress lowers both, antidepressants raise both); "
        "where each state is drawn relative to normal is the dataset's illustrative choice.")


def describe_arborisation(levels: Sequence[float], seed: int = 0, bdnf: float = 0.4) -> str:
    """Describe three drawings of one neuron at increasing arborisation (exercise).

    Parameters
    ----------
    levels : sequence of float
        Arborisation levels (illustrative, normal = 1), at least three; the
        growth is read from the second to the third.
    seed : int
        The drawing's seed, 0 or more.
    bdnf : float
        BDNF level of every drawing.

    Returns
    -------
    str
        The number of dendritic segments at each level, and how much the second
        to third step multiplies them.
    """
    counts = {level: neuron_geometry(level, bdnf, seed=seed).n_segments for level in levels}
    growth = counts[levels[2]] / counts[levels[1]]
    return ("Three illustrative drawings of the same neuron (BDNF level 0.4) with increasing "
            "arborisation levels, the dendritic tree growing with the level: "
            + ", ".join(f"level {lv:g} gives {n} dendritic segments" for lv, n in counts.items())
            + f". Doubling the level from {levels[1]:g} to {levels[2]:g} multiplies the segments "
            f"by {growth:.1f}.")


def _regimen(r: object) -> str:
    """A treatment with its dose and duration, from the row itself."""
    dose = f" {r.dose_mg_kg_day:g} mg/kg/day" if pd.notna(r.dose_mg_kg_day) else " (dose not given)"
    weeks = f", {r.duration_weeks:g} weeks" if pd.notna(r.duration_weeks) else ""
    return f"{r.treatment.capitalize()}{dose}{weeks}"


def describe_pcp(pcp: pd.DataFrame) -> str:
    """Describe the qualitative chart of the PCP study: outcomes and the +/- design grid.

    Parameters
    ----------
    pcp : DataFrame
        The ``pcp_study`` dataset in display order: ``group``, ``treatment``,
        ``dose_mg_kg_day``, ``duration_weeks``, ``pcp_repeated`` and
        ``ne100_coadministered`` (bool), ``outcome_as_stated``.

    Returns
    -------
    str
        Each group's stated outcome and design marks, and the groups improved and
        antagonised.
    """
    regimens = list(dict.fromkeys(_regimen(r) for r in pcp.itertuples() if r.treatment != "none"))
    columns = ["Repeated PCP", *regimens, "NE100 (dose not printed)"]

    def marks(r: object) -> list[str]:
        given = {"Repeated PCP": r.pcp_repeated, "NE100 (dose not printed)": r.ne100_coadministered}
        return ["+" if given.get(c, r.treatment != "none" and _regimen(r) == c) else "–"
                for c in columns]

    def groups(outcome: str) -> str:
        return ", ".join(pcp.loc[pcp.outcome_as_stated == outcome, "group"]) or "no group"

    return (
        f"Qualitative category chart, no measured values: {len(pcp)} groups in rows, each with "
        "its cognitive deficit shown as present or improved, and the design as a +/- grid to the "
        "right (" + ", ".join(columns) + "). "
        + "; ".join(f"{r.group}: {r.outcome_as_stated} ("
                    + ", ".join(f"{c} {m}" for c, m in zip(columns, marks(r), strict=True)) + ")"
                    for r in pcp.itertuples())
        + ". Markers: cross deficit, circle improved, square not improved, diamond improvement "
        "antagonised. Improved: " + groups("improved")
        + "; improvement antagonised: " + groups("improvement antagonised") + ".")


def describe_occupancy(affinity: pd.DataFrame, conc_min_nm: float, conc_max_nm: float,
                       free_conc_nm: float) -> str:
    """Describe the derived sigma-1 occupancy curves of fluvoxamine and paroxetine.

    Occupancy is C / (C + Ki) at one site (``helpers.occupancy``).

    Parameters
    ----------
    affinity : DataFrame
        The ``sigma_affinity`` dataset, with rows for Fluvoxamine and Paroxetine
        (``drug``, ``ki_sigma1_nm`` in nM).
    conc_min_nm, conc_max_nm : float
        The plotted range of assumed free concentrations (nM).
    free_conc_nm : float
        The assumed free concentration read off (nM).

    Returns
    -------
    str
        Both Ki, both occupancies at the assumed concentration, and which curve
        lies to the right and by how much.

    Raises
    ------
    KeyError
        If either drug has no row.
    """
    pair = affinity.set_index("drug").ki_sigma1_nm.loc[["Fluvoxamine", "Paroxetine"]]
    fvx, par = pair["Fluvoxamine"], pair["Paroxetine"]
    outside = [d for d, k in pair.items() if not conc_min_nm <= k <= conc_max_nm]
    drawn = conc_min_nm <= free_conc_nm <= conc_max_nm
    side = "right" if par > fvx else "left"
    position = (f"lies {max(pair) / min(pair):.1f}-fold to the {side} of fluvoxamine's"
                if par != fvx else "coincides with fluvoxamine's")
    return (
        "Line chart of derived sigma-1 occupancy (%) against assumed free concentration (nM, log "
        f"scale, {conc_min_nm:,.10g} to {conc_max_nm:,.10g}) for fluvoxamine (solid, Ki "
        f"{ki_text(fvx)} nM) and paroxetine (dashed, Ki {ki_text(par)} nM), Table 1's rat-brain "
        "Ki measured in vitro. Each curve reaches 50 % where the concentration equals the Ki"
        + (" (outside the plotted range for " + " and ".join(outside) + ")" if outside else "")
        + "; the free concentration is assumed, not measured: at "
        f"{free_conc_nm:,g} nM fluvoxamine occupies {occupancy(free_conc_nm, fvx):.0%} and "
        f"paroxetine {occupancy(free_conc_nm, par):.0%}{' (dotted line)' if drawn else ''}. "
        f"Paroxetine's curve {position}: "
        + (f"at any free concentration the drug with the smaller Ki, {pair.idxmin()}, occupies "
           "more sigma-1 receptors." if pair.nunique() == 2
           else "both occupy the same fraction at any free concentration."))


def describe_pet(pet: pd.DataFrame, pet_ed50_mg: float, pet_emax_pct: float) -> str:
    """Describe the illustrative dose-occupancy chart of the PET study (Figure 4).

    The curve is Emax * D / (ED50 + D) (``helpers.emax_response``, hill 1).

    Parameters
    ----------
    pet : DataFrame
        The ``pet_study`` dataset: ``drug`` ("fluvoxamine", "paroxetine") and
        ``dose_mg`` (single oral dose, mg).
    pet_ed50_mg : float
        Illustrative dose occupying half the sites (mg).
    pet_emax_pct : float
        Illustrative maximal occupancy (%).

    Returns
    -------
    str
        The curve's constants, the occupancies it gives at the study's
        fluvoxamine doses, and the paroxetine doses.
    """
    fvx_doses = np.sort(pet.loc[pet.drug == "fluvoxamine", "dose_mg"].to_numpy())
    par_doses = np.sort(pet.loc[pet.drug == "paroxetine", "dose_mg"].to_numpy())
    occupied = emax_response(fvx_doses, pet_ed50_mg, emax=pet_emax_pct)
    return (
        "Line chart, illustrative: sigma-1 occupancy (%) against single oral dose (mg), an Emax "
        f"curve with ED50 {pet_ed50_mg:g} mg and maximum {pet_emax_pct:g} %, with open dots at "
        f"the study's fluvoxamine doses ({', '.join(f'{d:g}' for d in fvx_doses) or 'none'} mg, "
        f"where the made-up curve gives {', '.join(f'{o:.0f}' for o in occupied) or 'nothing'} %) "
        "and a dotted vertical line at each paroxetine dose "
        f"({', '.join(f'{d:g}' for d in par_doses) or 'none'} mg), which the "
        "text says does not bind sigma-1. It shows only the shape of a dose-dependent occupancy "
        "(the dose dependence is reported in Ishikawa et al.'s abstract, not in the newsletter), "
        "not the study's values.")
