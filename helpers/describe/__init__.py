"""Text alternatives of the lessons' charts: one ``describe_...`` function per figure.

A chart cell draws the chart and shows it with its text alternative in one call::

    helpers.show(fig, alt=helpers.describe_selectivity(affinity))

Each function takes the loaded frames (or what the lesson derives from them) and
the lesson's parameters, and returns the text as one string, computed from them:
on a teacher's changed data the words follow the data. One module per lesson:
:mod:`~helpers.describe.sigma` and :mod:`~helpers.describe.bell` (01),
:mod:`~helpers.describe.affinities` (02), :mod:`~helpers.describe.neurotrophic` (03),
:mod:`~helpers.describe.toxicity` and :mod:`~helpers.describe.cognition` (04).
"""

from __future__ import annotations

from helpers.describe.affinities import (
    describe_affinities,
    describe_off_target,
    describe_selectivity,
)
from helpers.describe.bell import describe_bell, describe_bell_sweep, describe_tonus
from helpers.describe.cognition import (
    describe_classification,
    describe_figure_5,
    describe_figure_7,
    describe_mci,
)
from helpers.describe.neurotrophic import (
    describe_arborisation,
    describe_figure_2,
    describe_figure_3,
    describe_occupancy,
    describe_pcp,
    describe_pet,
)
from helpers.describe.sigma import describe_figure_1, describe_timeline
from helpers.describe.toxicity import describe_cff, describe_potency_calls, describe_receptor_panels

__all__ = [
    "describe_affinities", "describe_arborisation", "describe_bell", "describe_bell_sweep",
    "describe_cff", "describe_classification", "describe_figure_1", "describe_figure_2",
    "describe_figure_3", "describe_figure_5", "describe_figure_7", "describe_mci",
    "describe_occupancy", "describe_off_target", "describe_pcp", "describe_pet",
    "describe_potency_calls", "describe_receptor_panels", "describe_selectivity",
    "describe_timeline", "describe_tonus",
]
