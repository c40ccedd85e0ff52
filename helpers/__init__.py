"""Helpers for the fluvoxamine workshop notebooks.

Load validated, sourced datasets, do the pharmacology, and draw in the house
style::

    import helpers
    helpers.use_style()
    affinity = helpers.load("sigma_affinity")
    ratio = helpers.selectivity_ratio(affinity.ki_sigma2_nm, affinity.ki_sigma1_nm)

Names are imported on first use, so ``import helpers`` itself costs almost
nothing beyond the libraries a notebook needs anyway.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOME = {
    "DATA_DIR": "data", "load": "data", "read_package": "data", "resource": "data",
    "DataValidationError": "errors",
    "sources": "provenance", "references": "provenance", "kinds": "provenance",
    "is_illustrative": "provenance", "short_source": "provenance",
    "source_labels": "provenance",
    "selectivity_ratio": "pharmacology", "pki": "pharmacology", "occupancy": "pharmacology",
    "concentration_for_occupancy": "pharmacology", "round_half_up": "pharmacology",
    "agrees_with_printed": "pharmacology",
    "parent_drug": "pharmacology",
    "use_style": "plotting", "caption": "plotting", "label_illustrative": "plotting",
    "censored_scatter": "plotting", "show": "plotting", "log_scale": "plotting",
    "row_axis": "plotting",
    "footnote": "plotting",
    "table": "tables", "ki_text": "tables", "ratio_text": "tables", "emax_response": "pharmacology",
    "lookup": "tables", "and_list": "tables", "rows_available": "tables",
    # notebook 01 (sigma basics) adds its names here
    "bell_response": "models", "bell_peak": "models", "bell_half_max_range": "models",
    "tonus_response": "models", "tonus_apparent_k": "models", "MIN_WIDTH_DECADES": "models",
    "pathway_diagram": "diagrams", "layered_positions": "diagrams", "timeline": "timelines",
    "EDGE_STYLES": "diagrams", "MARK_STYLE": "diagrams",
    "pathway_size": "diagrams", "undated_spans": "timelines", "story_order": "timelines",
    # notebook 03 (neurotrophic hypothesis) adds its names here
    "draw_neuron": "neuron", "neuron_geometry": "neuron", "neuron_key": "neuron",
    "NeuronGeometry": "neuron",
    # notebook 04 (behavioural toxicity) adds its names here
    "POTENCY_LEVELS": "toxicity", "potency_call": "toxicity", "predict_risks": "toxicity",
    "summarise_risks": "toxicity",
    "in_teaching_order": "toxicity", "compare_sources": "toxicity",
    "sort_in_teaching_order": "toxicity",
    # handouts and accessibility add their names here
    "export_notebook": "handouts", "collect_figures": "figures",
    "MissingAltTextError": "figures",
    # teaching workflow (changed-data banner) adds its names here
    "data_changes": "changes", "announce_changes": "changes", "DataChanges": "changes",
    "check_data": "changes", "contents": "contents",
    # changed data: parameters checked, charts that grow with the data
    "ParameterError": "parameters", "number_parameter": "parameters",
    "integer_parameter": "parameters", "number_list_parameter": "parameters",
    "path_parameter": "parameters",
    "wrap_label": "layout", "row_chart_size": "layout", "wrap_title": "layout",
    "legend_outside": "layout", "keep_inside": "layout", "LABEL_WIDTH": "layout",
    "matches_shipped": "scoping", "flag_changed": "scoping",
    "changed_datasets": "scoping",
}


__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name not in _HOME:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(f"helpers.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
