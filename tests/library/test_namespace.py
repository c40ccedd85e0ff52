"""The lessons' namespace (``helpers.<name>``) and the import graph of both packages.

- every public name is reachable as ``helpers.<name>`` and documented;
- the namespace is built from the modules' ``__all__`` and refuses a name with two
  homes, or named like a module;
- importing any module of the library imports nothing of the build;
- no import cycles among the modules of ``helpers`` and ``publish``, function-level
  imports included (read from the source with ``ast``).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pytest

import helpers
from helpers._namespace import NamespaceError, public_names

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("helpers", "publish")
BUILD_ONLY = ("nbclient", "papermill", "nbconvert", "pypandoc", "typst", "publish")
PARAMETERS = re.compile(r"^\s*Parameters\n\s*-{3,}\s*$", re.MULTILINE)
RETURNS = re.compile(r"^\s*(Returns|Yields)\n\s*-{3,}\s*$", re.MULTILINE)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, in the project's folder."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


# --- every public name reachable and documented ------------------------------------------


HOMES = public_names("helpers", helpers.__path__)


def test_the_namespace_is_the_modules_all():
    assert sorted(helpers.__all__) == sorted(HOMES)
    assert set(dir(helpers)) >= set(HOMES)
    for name in ("load", "occupancy", "use_style", "show", "caption", "MARKERS", "contents"):
        assert name in HOMES, name


@pytest.mark.parametrize("name", sorted(HOMES))
def test_public_name_is_reachable_from_its_module(name):
    value = getattr(helpers, name)
    module = sys.modules[f"helpers.{HOMES[name]}"]
    assert getattr(module, name) is value


def _attribute_docstring(module_name: str, name: str) -> str | None:
    """The string literal right after ``name = ...`` at the top of the module (Sphinx's rule)."""
    module = sys.modules[f"helpers.{module_name}"]
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node, after in zip(tree.body, tree.body[1:], strict=False):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        names = any(isinstance(t, ast.Name) and t.id == name for t in targets)
        if names and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) \
                and isinstance(after.value.value, str):
            return after.value.value
    return None


def _own_docstring(value: object) -> str | None:
    """The object's own docstring (not inherited, not a dataclass's generated signature)."""
    doc = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
    if inspect.isclass(value) and doc and doc.startswith(f"{value.__name__}("):
        return None  # dataclasses write the signature when there is no docstring
    return doc


@pytest.mark.parametrize("name", sorted(HOMES))
def test_public_name_is_documented(name):
    value = getattr(helpers, name)
    if inspect.isclass(value) or inspect.isroutine(value):
        doc = _own_docstring(value)
        assert doc and doc.strip(), f"helpers.{name} has no docstring of its own"
        if inspect.isroutine(value):
            signature = inspect.signature(value)
            takes = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
            if takes:
                assert PARAMETERS.search(doc), f"helpers.{name}: no numpy-style Parameters section"
            returns = signature.return_annotation
            if returns not in (inspect.Signature.empty, None, "None", "NoReturn"):
                assert RETURNS.search(doc), f"helpers.{name}: no numpy-style Returns section"
    else:
        doc = _attribute_docstring(HOMES[name], name)
        assert doc and doc.strip(), (f"helpers.{name}: no docstring (a string literal on the "
                                     f"line after its assignment in helpers/{HOMES[name]}.py)")


def test_every_public_module_lists_its_names_literally():
    """A literal ``__all__`` is read without importing the module: the namespace stays lazy."""
    from helpers._namespace import _literal_all

    for path in sorted((ROOT / "helpers").glob("[!_]*.py")) + \
            sorted((ROOT / "helpers").glob("[!_]*/[!_]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert _literal_all(tree) is not None, f"{path.relative_to(ROOT)}: __all__ not a literal"
    for path in sorted((ROOT / "helpers").glob("[!_]*/__init__.py")):  # built like helpers'
        assert "attach(__name__, __path__)" in path.read_text(encoding="utf-8"), path


def test_every_name_a_module_lists_is_reachable_as_helpers_name():
    """A name listed in any module's ``__all__``, subpackages included, is ``helpers.<name>``.

    Nothing else to edit: a new ``describe_...`` in ``helpers/describe/affinities.py``'s
    ``__all__`` is ``helpers.describe_...`` (CONTRIBUTING.md's recipe for a chart).
    """
    from helpers._namespace import _literal_all

    for path in sorted((ROOT / "helpers").rglob("[!_]*.py")):
        listed = _literal_all(ast.parse(path.read_text(encoding="utf-8"))) or []
        missing = [name for name in listed if not hasattr(helpers, name)]
        assert not missing, f"{path.relative_to(ROOT)} lists {missing}, not reachable as helpers.*"


def test_a_new_name_in_a_subpackage_module_reaches_helpers(tmp_path):
    package = tmp_path / "lib"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from helpers._namespace import attach\n__getattr__, __dir__, __all__ = attach(__name__, __path__)\n")
    (package / "sub" / "__init__.py").write_text(
        "from helpers._namespace import attach\n__getattr__, __dir__, __all__ = attach(__name__, __path__)\n")
    (package / "sub" / "one.py").write_text('__all__ = ["describe_one"]\n\ndef describe_one():\n    return 1\n')
    (package / "sub" / "two.py").write_text('__all__ = ["describe_two"]\n\ndef describe_two():\n    return 2\n')
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import lib; print(lib.describe_one(), lib.describe_two())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["1", "2"], result.stderr


def test_contents_is_the_function_even_after_importing_the_lesson_map():
    result = _run("""
        import helpers.lesson_map
        import helpers
        assert callable(helpers.contents), helpers.contents
        helpers.contents()
        """)
    assert result.returncode == 0, result.stderr


def test_import_helpers_is_lazy():
    """Decision in helpers/__init__.py: a lesson pays only for the names it uses."""
    result = _run("""
        import sys
        import helpers
        helpers.use_style()
        print(sorted(m for m in sys.modules if m.startswith(("helpers.", "networkx"))))
        """)
    assert result.returncode == 0, result.stderr
    loaded = eval(result.stdout)
    assert "networkx" not in loaded and "helpers.diagrams" not in loaded, loaded


# --- the namespace refuses a name with two homes -------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text(
        "from helpers._namespace import attach\n"
        "__getattr__, __dir__, __all__ = attach(__name__, __path__)\n")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def test_a_name_defined_in_two_modules_stops_the_import(tmp_path):
    folder = _package(tmp_path, {"a.py": "__all__ = ['thing']\nthing = 1\n",
                                 "b.py": "__all__ = ['thing']\ndef thing():\n    pass\n"})
    with pytest.raises(NamespaceError, match=r"pkg\.thing is defined in a and b"):
        public_names("pkg", [str(folder)])
    result = subprocess.run([sys.executable, "-c", "import pkg"], cwd=tmp_path,
                            capture_output=True, text=True,
                            env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": ""})
    assert result.returncode != 0 and "pkg.thing is defined in a and b" in result.stderr


def test_a_reexport_is_not_a_second_home_and_subpackages_count(tmp_path):
    folder = _package(tmp_path, {
        "a.py": "__all__ = ['thing']\nthing = 1\n",
        "b.py": "from pkg.a import thing\n__all__ = ['thing', 'other']\nother = 2\n",
        "_private.py": "__all__ = ['hidden']\nhidden = 3\n",
        "sub/__init__.py": "from pkg.sub.inner import deep\n__all__ = ['deep']\n",
        "sub/inner.py": "__all__ = ['deep']\ndeep = 4\n"})
    assert public_names("pkg", [str(folder)]) == {"deep": "sub", "other": "b", "thing": "a"}
    result = subprocess.run([sys.executable, "-c", "import pkg; print(pkg.deep, pkg.thing)"],
                            cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": ""})
    assert result.stdout.split() == ["4", "1"], result.stderr


def test_a_name_that_is_also_a_module_stops_the_import(tmp_path):
    folder = _package(tmp_path, {"a.py": "__all__ = ['tables']\ndef tables():\n    pass\n",
                                 "tables.py": "__all__ = []\n"})
    with pytest.raises(NamespaceError, match=r"pkg\.tables \(from pkg\.a\) is also the module"):
        public_names("pkg", [str(folder)])


# --- the library imports nothing of the build ----------------------------------------------


def test_importing_every_library_module_imports_nothing_of_the_build():
    result = _run(f"""
        import importlib, json, pkgutil, sys
        import helpers
        names = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
        for name in names:
            importlib.import_module(name)
        build = {BUILD_ONLY!r}
        found = sorted(m for m in sys.modules if m.split(".")[0] in build)
        print(json.dumps({{"modules": names, "build": found}}))
        """)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "helpers.display" in report["modules"]
    assert report["build"] == [], f"the library imported {report['build']}"


# --- no import cycles -----------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _import_graph() -> nx.DiGraph:
    """Module -> module it imports (anywhere in its source), within helpers and publish."""
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # "from helpers import diagrams" imports the module helpers.diagrams
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:  # helpers.data.load -> helpers.data
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def test_the_import_graph_is_read_from_the_code():
    graph = _import_graph()
    assert graph.has_edge("helpers.censored", "helpers.style")
    assert graph.has_edge("helpers.diagrams", "helpers.pathway_layout")
    assert not any(target.startswith("publish") for _, target in graph.out_edges(
        [n for n in graph if n.startswith("helpers")]))


def test_no_import_cycles_among_helpers_and_publish_modules():
    cycles = sorted(nx.simple_cycles(_import_graph()), key=len)
    named = [" -> ".join([*cycle, cycle[0]]) for cycle in cycles[:10]]
    assert not cycles, "import cycles:\n" + "\n".join(named)
