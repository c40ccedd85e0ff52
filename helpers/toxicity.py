"""Side-effect risks predicted from receptor affinities, honest about censored values.

The newsletter's reasoning is: *potent* blockade of alpha-1, H1 or muscarinic
receptors brings a side effect. Which Ki counts as potent the text does not say,
so the threshold is a parameter. A censored value ("> 10,000") decides only when
its bound lies on one side of the threshold; otherwise the answer is "unknown".
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from helpers.parameters import describe
from helpers.teaching_order import in_teaching_order

__all__ = ["POTENCY_LEVELS", "compare_sources", "potency_call", "predict_risks",
           "summarise_risks"]

POTENCY_LEVELS = ("potent", "not potent", "unknown", "no value")
"""The possible calls, in the order tables and charts show them."""

QUALIFIERS = ("=", ">", "<")


def _check_threshold(threshold_nm: Any) -> float:
    """The threshold as a float, or a TypeError/ValueError naming ``threshold_nm``."""
    if isinstance(threshold_nm, bool) or not isinstance(threshold_nm, numbers.Real):
        raise TypeError(f"threshold_nm must be a number (a Ki in nM such as 1000), not "
                        f"{describe(threshold_nm)}; write 1000, not '1,000' or '1000 nM'")
    if not threshold_nm > 0 or not np.isfinite(threshold_nm):
        raise ValueError(f"threshold_nm: the potency threshold must be a positive, finite Ki in "
                         f"nM, not {threshold_nm!r}")
    return float(threshold_nm)


def _check_columns(frame: Any, argument: str, columns: Sequence[str]) -> None:
    """A TypeError/ValueError naming ``argument`` unless it is a DataFrame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{argument} must be a DataFrame with columns {', '.join(columns)}, not "
                        f"{describe(frame)}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{argument} lacks the column(s) {', '.join(missing)} (it has "
                         f"{', '.join(map(str, frame.columns))})")


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
    TypeError
        ``threshold_nm`` or ``ki_nm`` is not a number (e.g. the text ``"1,000"``),
        or ``qualifier`` is not text.
    ValueError
        A threshold that is not positive and finite, a Ki that is not positive,
        or an unknown qualifier.

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
    threshold_nm = _check_threshold(threshold_nm)
    if ki_nm is None or (isinstance(ki_nm, numbers.Real | type(pd.NA)) and pd.isna(ki_nm)):
        return "no value"
    if isinstance(ki_nm, bool) or not isinstance(ki_nm, numbers.Real):
        raise TypeError(f"ki_nm must be a number (nM) or NaN for no value, not {describe(ki_nm)}")
    if not ki_nm > 0:
        raise ValueError(f"ki_nm must be a positive Ki in nM, not {ki_nm!r}")
    if not isinstance(qualifier, str):
        raise TypeError(f"qualifier must be the text '=', '>' or '<', not {describe(qualifier)}")
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

    Raises
    ------
    TypeError
        ``affinity`` or ``consequences`` is not a DataFrame, ``threshold_nm`` is
        not a number, or ``drugs`` is a single text rather than a list of names.
    ValueError
        A missing column, a drug, receptor and source given twice in
        ``affinity``, a receptor given twice in ``consequences``, a threshold that
        is not positive, or a Ki or qualifier :func:`potency_call` refuses.

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
    _check_columns(affinity, "affinity", ["drug", "receptor", "ki_nm", "qualifier", "source"])
    _check_columns(consequences, "consequences", ["receptor", "risk_label"])
    threshold_nm = _check_threshold(threshold_nm)
    if isinstance(drugs, str) or (drugs is not None and not isinstance(drugs, Iterable)):
        raise TypeError(f"drugs must be a list of drug names such as ['Fluvoxamine'], not "
                        f"{describe(drugs)}")
    keys = ["drug", "receptor", "source"]
    twice = affinity[affinity.duplicated(keys, keep=False)]
    if len(twice):
        first = twice.iloc[0]
        raise ValueError(f"affinity gives more than one Ki for {first['drug']}, "
                         f"{first['receptor']}, {first['source']}: one value per drug, "
                         "receptor and source")
    repeated = consequences["receptor"][consequences["receptor"].duplicated()]
    if len(repeated):
        raise ValueError(f"consequences lists the receptor {repeated.iloc[0]!r} more than once")
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


def compare_sources(affinity: pd.DataFrame, first: str, second: str,
                    drugs: Sequence[str] | None = None,
                    receptors: Sequence[str] | None = None) -> pd.DataFrame:
    """Set two sources' Ki values side by side, for every pair both give a value for.

    Parameters
    ----------
    affinity : DataFrame
        Long form with ``drug``, ``receptor``, ``ki_nm``, ``qualifier`` and
        ``source`` (the ``receptor_affinity`` dataset).
    first, second : str
        The two sources, as in the ``source`` column (e.g. ``"newsletter"``).
    drugs, receptors : sequence of str or None
        Order of the rows (default: order of appearance); pairs of other drugs or
        receptors are left out.

    Returns
    -------
    DataFrame
        One row per drug and receptor with a value in both sources: ``drug``,
        ``receptor``, ``ki_first``, ``qualifier_first``, ``ki_second``,
        ``qualifier_second`` (nM, as stored) and ``fold``: the larger exact value
        over the smaller, NaN when either value is a bound (a bound gives no
        fold). Empty when no pair has both values.

    Raises
    ------
    TypeError, ValueError
        ``affinity`` is not a DataFrame with those columns.

    Examples
    --------
    >>> ki = pd.DataFrame({"drug": ["A", "A", "B"], "receptor": ["H1"] * 3,
    ...                    "ki_nm": [250.0, 22_000.0, 5.0], "qualifier": ["=", "=", "="],
    ...                    "source": ["s1", "s2", "s1"]})
    >>> compare_sources(ki, "s1", "s2")[["drug", "ki_first", "ki_second", "fold"]]
      drug  ki_first  ki_second  fold
    0    A     250.0    22000.0  88.0
    """
    _check_columns(affinity, "affinity", ["drug", "receptor", "ki_nm", "qualifier", "source"])
    columns = ["drug", "receptor", "ki_nm", "qualifier"]
    one = affinity.loc[affinity["source"] == first, columns]
    two = affinity.loc[affinity["source"] == second, columns]
    pairs = one.merge(two, on=["drug", "receptor"], suffixes=("_first", "_second"))
    pairs = pairs.rename(columns={"ki_nm_first": "ki_first", "ki_nm_second": "ki_second"})
    pairs = pairs[pairs["ki_first"].notna() & pairs["ki_second"].notna()]
    drug_order = in_teaching_order(pairs["drug"], drugs if drugs is not None else [])
    receptor_order = in_teaching_order(pairs["receptor"],
                                       receptors if receptors is not None else [])
    if drugs is not None:
        drug_order = [d for d in drug_order if d in set(drugs)]
    if receptors is not None:
        receptor_order = [r for r in receptor_order if r in set(receptors)]
    pairs = pairs[pairs["drug"].isin(drug_order) & pairs["receptor"].isin(receptor_order)]
    pairs = pairs.assign(_d=pairs["drug"].map({d: i for i, d in enumerate(drug_order)}),
                         _r=pairs["receptor"].map({r: i for i, r in enumerate(receptor_order)}))
    pairs = pairs.sort_values(["_d", "_r"], kind="stable").drop(columns=["_d", "_r"])
    exact = (pairs["qualifier_first"] == "=") & (pairs["qualifier_second"] == "=")
    larger = np.maximum(pairs["ki_first"], pairs["ki_second"])
    smaller = np.minimum(pairs["ki_first"], pairs["ki_second"])
    pairs["fold"] = (larger / smaller).where(exact)
    return pairs.reset_index(drop=True)
