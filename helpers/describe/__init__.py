"""Text alternatives of the lessons' charts: one ``describe_...`` function per figure.

A chart cell draws the chart and shows it with its text alternative in one call::

    helpers.show(fig, alt=helpers.describe_selectivity(affinity))

Each function takes the loaded frames (or what the lesson derives from them) and
the lesson's parameters, and returns the text as one string, computed from them:
on a teacher's changed data the words follow the data. One module per lesson:
:mod:`~helpers.describe.sigma` and :mod:`~helpers.describe.bell` (01),
:mod:`~helpers.describe.affinities` (02), :mod:`~helpers.describe.neurotrophic` (03),
:mod:`~helpers.describe.toxicity` and :mod:`~helpers.describe.cognition` (04).

The names are gathered from each module's ``__all__`` (as for :mod:`helpers`
itself, by :func:`helpers._namespace.attach`): a new ``describe_...`` function
listed in its module's ``__all__`` is ``helpers.describe_...`` with nothing else
to edit.
"""

from __future__ import annotations

from helpers._namespace import attach

__getattr__, __dir__, __all__ = attach(__name__, __path__)
