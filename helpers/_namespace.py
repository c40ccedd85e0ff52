"""Build a package's public namespace from its modules' ``__all__``, read without importing them.

``helpers/__init__.py`` calls :func:`attach`: every module of the package whose
name does not start with ``_`` (found with :mod:`pkgutil`) contributes the names
in its ``__all__``; a subpackage contributes the ``__all__`` of its
``__init__.py``. The lists are read from the source with :mod:`ast`, so nothing
is imported until a name is first used (scientific Python's SPEC 1, through
:func:`lazy_loader.attach`). A module whose ``__all__`` is not a literal list of
strings is imported to read it (correct, but no longer lazy).

Two mistakes are refused when the package is imported, each with a message
naming the modules:

- a public name *defined* in two modules (listing, in ``__all__``, a name
  imported from a sibling module is a re-export, not a second definition);
- a public name that is also the name of one of the package's modules or
  subpackages (importing that module would replace the name by the module:
  ``helpers.contents`` was once a module and a function).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__: list[str] = []  # nothing here is part of the lessons' namespace


class NamespaceError(ImportError):
    """Two modules of a package claim one public name, or a name is also a module's."""


def _literal_all(tree: ast.Module) -> list[str] | None:
    """The module's ``__all__`` if it is a literal list or tuple of strings, else None."""
    found: list[str] | None = None
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                return None
            found = list(value)
        elif isinstance(node, ast.AugAssign) and getattr(node.target, "id", "") == "__all__":
            return None
    return found


def _top_level_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names the module defines, names it imports) at its top level, ``if``/``try`` included."""
    defined: set[str] = set()
    imported: set[str] = set()

    def visit(body: Iterable[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    defined.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                imported.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(node.orelse)
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "finalbody", []))

    visit(tree.body)
    return defined, imported


_ALL_LITERAL = re.compile(r"^__all__\s*(?::[^=\n]*)?=\s*(\[[^\]]*\]|\([^)]*\))", re.MULTILINE)
_ALL_CHANGED = re.compile(r"^__all__\s*(\+=|\.(append|extend))", re.MULTILINE)


def _module_all(package: str, name: str, source: Path) -> list[str]:
    """A module's ``__all__``, read from its text (a regular expression, then :mod:`ast`).

    The quick reading keeps ``import helpers`` fast (parsing every module with
    :mod:`ast` took a third of a second); a module whose ``__all__`` is not a
    literal list of strings is imported to read it.
    """
    text = source.read_text(encoding="utf-8")
    match = _ALL_LITERAL.search(text)
    names: list[str] | None = None
    if match and not _ALL_CHANGED.search(text):
        try:
            value = ast.literal_eval(match[1])
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            names = list(value)
    if names is None:
        names = _literal_all(ast.parse(text, filename=str(source)))
    if names is None:  # not a literal: import the module to read it
        names = list(getattr(importlib.import_module(f"{package}.{name}"), "__all__", []))
    return names


def _reexports(source: Path, names: Iterable[str]) -> set[str]:
    """Those of ``names`` the module imports from elsewhere rather than defines."""
    defined, imported = _top_level_names(ast.parse(source.read_text(encoding="utf-8")))
    return {n for n in names if n in imported and n not in defined}


def public_names(package: str, path: Iterable[str]) -> dict[str, str]:
    """Each public name of a package and the module (or subpackage) it comes from.

    Parameters
    ----------
    package : str
        The package's import name (``__name__`` in its ``__init__``), e.g. ``"helpers"``.
    path : iterable of str
        The package's ``__path__``.

    Returns
    -------
    dict of str to str
        Name to module, relative to the package (``{"occupancy": "pharmacology"}``),
        sorted by name.

    Raises
    ------
    NamespaceError
        A name is defined in two modules, or is also a module's or subpackage's name.
    """
    path = list(path)
    modules = {info.name: info for info in pkgutil.iter_modules(path)}
    homes: dict[str, list[str]] = {}  # name -> modules listing it
    sources: dict[str, Path] = {}
    for name, info in sorted(modules.items()):
        if name.startswith("_"):
            continue
        relative = Path(name, "__init__.py") if info.ispkg else Path(f"{name}.py")
        source = next((Path(p) / relative for p in path if (Path(p) / relative).is_file()), None)
        if source is None:  # compiled only, or a namespace folder: nothing to read
            continue
        sources[name] = source
        for public in _module_all(package, name, source):
            homes.setdefault(public, []).append(name)
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for public, claims in sorted(homes.items()):
        # listed twice: only a module that defines the name is its home (others re-export it)
        definers = [m for m in claims if len(claims) == 1
                    or public not in _reexports(sources[m], [public])] or claims[:1]
        if len(definers) > 1:
            problems.append(f"{package}.{public} is defined in {' and '.join(definers)}: a "
                            "public name has one home; rename one, or drop it from the "
                            "other's __all__")
        elif public in modules and public != definers[0]:
            problems.append(f"{package}.{public} (from {package}.{definers[0]}) is also the "
                            f"module {package}.{public}, which would replace it once imported; "
                            "rename one of them")
        mapping[public] = definers[0]
    if problems:
        raise NamespaceError("\n".join(problems))
    return mapping


def attach(package: str, path: Iterable[str]) -> tuple[Callable[[str], Any],
                                                       Callable[[], list[str]], list[str]]:
    """A package's lazy ``__getattr__``, ``__dir__`` and ``__all__``, built from its modules.

    Parameters
    ----------
    package : str
        The package's import name (``__name__``).
    path : iterable of str
        The package's ``__path__``.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__, __all__)`` from :func:`lazy_loader.attach`; each
        public name is imported from its module on first use (set the environment
        variable ``EAGER_IMPORT=1`` to import them all at once, e.g. in a test).

    Raises
    ------
    NamespaceError
        As :func:`public_names`.
    """
    import lazy_loader

    by_module: dict[str, list[str]] = {}
    for name, module in public_names(package, path).items():
        by_module.setdefault(module, []).append(name)
    return lazy_loader.attach(package, submod_attrs=by_module)
