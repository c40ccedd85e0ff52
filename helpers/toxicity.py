"""Side-effect risks predicted from receptor affinities, honest about censored values.

The newsletter's reasoning is: *potent* blockade of alpha-1, H1 or muscarinic
receptors brings a side effect. Which Ki counts as potent the text does not say,
so the threshold is a parameter. A censored value ("> 10,000") decides only when
its bound lies on one side of the threshold; otherwise the answer is "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["POTENCY_LEVELS", "potency_call", "predict_risks", "summarise_risks"]

POTENCY_LEVELS = ("potent", "not potent", "unknown", "no value")
"""The possible calls, in the order tables and charts show them."""


def potency_call(ki_nm: float, qualifier: str, threshold_nm: float) -> str:
    """Whether one Ki means potent blockade (Ki below ``threshold_nm``).

    Parameters
    ----------
    ki_nm : float
        The stored value: a measurement (``"="``) or a bound (``">"``, ``"<"``).
        NaN means the source gives no value.
    qualifier : str
        ``"="``, ``">"`` (the true Ki is larger) or ``"<"`` (smaller).
    threshold_nm : float
        Potent means a true Ki strictly below this (nM), e.g. 100.

    Returns
    -------
    str
        ``"potent"``, ``"not potent"``, ``"unknown"`` (a bound that does not
        decide) or ``"no value"``.

    Raises
    ------
    ValueError
        A threshold that is not positive, or an unknown qualifier.

    Examples
    --------
    >>> potency_call(25, "=", 100)
    'potent'
    >>> potency_call(10_000, ">", 100)   # Ki > 10,000 >= 100: certainly not potent
    'not potent'
    >>> potency_call(50, ">", 100)       # Ki > 50 may still be below 100
    'unknown'
    >>> potency_call(float("nan"), "=", 100)
    'no value'
    """
    if not threshold_nm > 0:
        raise ValueError(f"the potency threshold must be a positive Ki in nM, not {threshold_nm!r}")
    if ki_nm is None or pd.isna(ki_nm):
        return "no value"
    if qualifier == "=":
        return "potent" if ki_nm < threshold_nm else "not potent"
    if qualifier == ">":
        return "not potent" if ki_nm >= threshold_nm else "unknown"
    if qualifier == "<":
        return "potent" if ki_nm <= threshold_nm else "unknown"
    raise ValueError(f"qualifier must be '=', '>' or '<', not {qualifier!r}")


def predict_risks(affinity: pd.DataFrame, consequences: pd.DataFrame, threshold_nm: float,
                  drugs: Sequence[str] | None = None) -> pd.DataFrame:
    """Call potency for every drug, receptor and source, and name the predicted risk.

    Parameters
    ----------
    affinity : DataFrame
        Long form with ``drug``, ``receptor``, ``ki_nm``, ``qualifier`` and
        ``source`` (the ``receptor_affinity`` dataset).
    consequences : DataFrame
        ``receptor`` and ``risk_label`` (the ``side_effect_receptors`` dataset).
    threshold_nm : float
        Potent means Ki below this (nM).
    drugs : sequence of str or None
        Drugs to include, in this order (default: order of appearance).

    Returns
    -------
    DataFrame
        One row per drug, receptor (in ``consequences`` order) and source, with
        ``ki_nm``, ``qualifier``, ``call`` (one of :data:`POTENCY_LEVELS`) and
        ``predicted_risk``: the risk label where the call is potent, "undecided"
        where unknown, empty otherwise. A pair the source gives no value for is
        kept, with call "no value", so nothing is silently dropped.

    Examples
    --------
    >>> ki = pd.DataFrame({"drug": ["A", "B"], "receptor": ["H1", "H1"],
    ...                    "ki_nm": [20.0, 10_000.0], "qualifier": ["=", ">"],
    ...                    "source": ["s", "s"]})
    >>> risk = pd.DataFrame({"receptor": ["H1", "muscarinic"],
    ...                      "risk_label": ["sedation", "memory loss"]})
    >>> predict_risks(ki, risk, 100)[["drug", "receptor", "call", "predicted_risk"]]
      drug    receptor        call predicted_risk
    0    A          H1      potent       sedation
    1    A  muscarinic    no value
    2    B          H1  not potent
    3    B  muscarinic    no value
    """
    drugs = list(drugs) if drugs is not None else list(dict.fromkeys(affinity["drug"]))
    receptors = list(consequences["receptor"])
    sources = list(dict.fromkeys(affinity["source"]))
    grid = pd.MultiIndex.from_product([drugs, receptors, sources],
                                      names=["drug", "receptor", "source"]).to_frame(index=False)
    values = affinity[["drug", "receptor", "source", "ki_nm", "qualifier"]]
    table = grid.merge(values, on=["drug", "receptor", "source"], how="left")
    table["call"] = [potency_call(k, q, threshold_nm)
                     for k, q in zip(table["ki_nm"], table["qualifier"], strict=True)]
    labels = table["receptor"].map(dict(zip(consequences["receptor"],
                                            consequences["risk_label"], strict=True)))
    table["predicted_risk"] = np.select([table["call"] == "potent", table["call"] == "unknown"],
                                        [labels, "undecided"], default="")
    return table


def summarise_risks(predictions: pd.DataFrame) -> pd.DataFrame:
    """Per drug and source: the predicted risks, and what the data cannot decide.

    Parameters
    ----------
    predictions : DataFrame
        The result of :func:`predict_risks`.

    Returns
    -------
    DataFrame
        ``drug``, ``source``, ``predicted_risks`` (joined with "; "; or "none
        predicted" when every receptor is decided, else "none predicted from the
        values given"), ``undecided`` (receptors with a bound that does not decide)
        and ``no_value`` (receptors the source gives nothing for).

    Examples
    --------
    >>> p = pd.DataFrame({"drug": ["A", "A"], "source": ["s", "s"],
    ...                   "receptor": ["H1", "muscarinic"], "call": ["potent", "no value"],
    ...                   "predicted_risk": ["sedation", ""]})
    >>> summarise_risks(p).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'drug': 'A', 'source': 's', 'predicted_risks': 'sedation', 'undecided': '',
     'no_value': 'muscarinic'}
    """
    rows = []
    for (drug, source), group in predictions.groupby(["drug", "source"], sort=False):
        potent = group.loc[group["call"] == "potent", "predicted_risk"]
        rows.append({
            "drug": drug, "source": source,
            "predicted_risks": "; ".join(potent) if len(potent) else (
                "none predicted" if set(group["call"]) <= {"not potent"}
                else "none predicted from the values given"),
            "undecided": ", ".join(group.loc[group["call"] == "unknown", "receptor"]),
            "no_value": ", ".join(group.loc[group["call"] == "no value", "receptor"]),
        })
    return pd.DataFrame(rows)
