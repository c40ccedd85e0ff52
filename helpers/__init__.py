"""Helpers for the fluvoxamine workshop notebooks: the lessons' library.

Load validated, sourced datasets, do the pharmacology, and draw in the house
style::

    import helpers
    helpers.use_style()
    affinity = helpers.load("sigma_affinity")
    ratio = helpers.selectivity_ratio(affinity.ki_sigma2_nm, affinity.ki_sigma1_nm)

Every name in a module's ``__all__`` is ``helpers.<name>`` (a subpackage's, such
as :mod:`helpers.describe`, through its ``__init__``); there is no list to keep
here. Modules whose names start with ``_`` are the library's own. A name defined
in two modules, or named like a module, stops ``import helpers`` with a message
naming both (see :mod:`helpers._namespace`).

Names are imported on first use (scientific Python's SPEC 1, ``lazy_loader``).
Measured in fresh processes (CPU seconds, median of 15; the shared machine's
load made wall-clock times useless): the notebooks' own imports (numpy, pandas,
matplotlib.pyplot, seaborn) take 0.86 s; ``import helpers; helpers.use_style()``
on top adds 0.05 s (of which reading the modules' ``__all__`` 0.02 s); importing
every module up front would add 0.33 s, most of it networkx, which only notebook
01's pathway diagram needs. So notebooks 02-04, the tests and the build's
workers do not pay for it, and a lesson pays only for the names it uses.
"""

from __future__ import annotations

from helpers._namespace import attach

__getattr__, __dir__, __all__ = attach(__name__, __path__)
