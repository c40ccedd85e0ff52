"""Remember which exact file contents have already passed validation.

Validating a CSV with Frictionless costs about two seconds in a fresh process
(mostly importing JSON Schema machinery), and every notebook kernel is a fresh
process. Once a resource's exact bytes, its schema and the validation rules
have passed, a marker named by their joint SHA-256 is left in
``build/cache/validated/`` (this user's cache folder when the checkout
is read-only or the package is installed without one); a later load of the
same bytes skips straight to reading. Any change to the CSV, its description
or the rules gives a new key, so nothing unvalidated is ever trusted. The cache
only skips the Frictionless constraint checks: every cell is still read by
:mod:`helpers.parsing` on every load, and a cell it cannot read fails whatever
the cache says. The cache lives
outside ``data/`` and may be deleted at any time (``make clean``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from helpers.project import CACHE_DIR as _CACHE_ROOT

__all__ = ["content_key", "is_known_valid", "remember_valid"]

CACHE_DIR = _CACHE_ROOT / "validated"
"""The markers: ``build/cache/validated/`` in a writable checkout, else in this user's cache
folder (``~/.cache/fluvoxamine-workshop/build/cache/validated/``; see :mod:`helpers.project`)."""

_RULES = [Path(__file__).with_name(name)
          for name in ("parsing.py", "characters.py", "csv_text.py", "validation.py", "errors.py",
                       "data.py")]
"""The modules whose code decides what passes: a change to any of them invalidates the cache."""


def content_key(descriptor: dict[str, Any], text: str) -> str:
    r"""SHA-256 of the validation rules, the resource's description and the file's text.

    Parameters
    ----------
    descriptor : dict
        The resource's entry in ``datapackage.json`` (schema included).
    text : str
        The CSV file's text as read.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> a = content_key({"name": "t"}, "x\\n1\\n")
    >>> a == content_key({"name": "t"}, "x\\n1\\n"), a == content_key({"name": "t"}, "x\\n2\\n")
    (True, False)
    """
    digest = hashlib.sha256()
    for rule in _RULES:
        digest.update(rule.read_bytes())
    digest.update(json.dumps(descriptor, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def is_known_valid(key: str) -> bool:
    """Whether these exact contents passed validation before.

    Parameters
    ----------
    key : str
        A :func:`content_key`.

    Returns
    -------
    bool
        True if a marker for ``key`` is in the cache folder.
    """
    return (CACHE_DIR / key).is_file()


def remember_valid(key: str) -> None:
    """Leave a marker for contents that passed; quietly skip if the cache is not writable.

    Parameters
    ----------
    key : str
        The :func:`content_key` of contents that passed validation.
    """
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        marker = CACHE_DIR / key
        partial = CACHE_DIR / f".{key}.{os.getpid()}"
        partial.write_bytes(b"")
        os.replace(partial, marker)
    except OSError:
        pass
