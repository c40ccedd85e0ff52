"""Run a lesson notebook's code in this process, fast, and keep what it shows.

A kernel start and papermill cost seconds per run; property-based tests run a
lesson dozens of times. :func:`run_lesson` runs the code cells in order inside
an IPython ``InteractiveShell`` (so rich displays and a cell's last-expression
result behave as in a notebook), on the Agg backend, from the notebook's own
folder, with papermill's parameter convention: the cell tagged ``parameters``
runs, then a cell assigning the given parameters.

Every cell's text outputs are kept (stdout, stderr, the ``text/plain`` of each
displayed object and result), and every figure shown by ``helpers.show`` (or
left open by a cell) is kept open, with its cell and text alternative, so a
test can draw it and read it back (see ``tests/chart_readback.py``)::

    with run_lesson("notebooks/02_ssri_affinities.ipynb", data_dir=my_copy) as run:
        for shown in run.figures:
            assert_chart_ok(shown.figure, run.frames, name=shown.name)

The run switches matplotlib to Agg if another backend is active (which closes
open figures) and leaves it there. A cell that raises stops the run with :class:`LessonCellError`, naming the
notebook and the cell as ``publish.execute`` does ("cell 17 (`first line`)",
counting every cell, Markdown too, from 1). State touched for the run (working
directory, rcParams, the IPython singleton, ``sys.modules["__main__"]``,
``helpers.load``/``helpers.show``) is restored afterwards, so the runner is safe
to use between other tests of one pytest(-xdist) worker process.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import re
import sys
import traceback
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from matplotlib._pylab_helpers import Gcf
from matplotlib.figure import Figure
from traitlets import Type
from traitlets.config import Config

from helpers import project

__all__ = [
    "LOAD_PATTERN",
    "NOTEBOOK_DIR",
    "PROJECT",
    "CellRun",
    "LessonCellError",
    "LessonRun",
    "Output",
    "ShownFigure",
    "code_cells",
    "find_notebook",
    "loaded_datasets",
    "run_lesson",
]

PROJECT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = project.NOTEBOOK_DIR
ALT_TEXT_KEY = project.ALT_TEXT_KEY
LOAD_PATTERN = re.compile(r"""helpers\.load\(\s*["']([A-Za-z0-9_]+)["']\s*,\s*data_dir\s*\)""")
"""How a lesson loads a dataset: ``helpers.load("name", data_dir)``."""

_DEFAULT_REPR = re.compile(r"^<[\w.]+ object( at 0x[0-9a-fA-F]+)?>$")


class LessonCellError(AssertionError):
    """A lesson cell raised; the message names the notebook, the cell and the error."""

    def __init__(self, message: str, notebook: str, cell: CellRun, error: BaseException):
        super().__init__(message)
        self.notebook = notebook
        self.cell = cell
        self.error = error


@dataclass
class Output:
    """One output of a cell.

    ``kind`` is ``"stdout"``, ``"stderr"``, ``"display"`` (``display(...)``)
    or ``"result"`` (the cell's last expression); ``data`` maps MIME types to
    text (streams: ``{"text/plain": text}``).
    """

    kind: str
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The text a reader sees: text/plain, or Markdown where text/plain is a bare repr."""
        plain = str(self.data.get("text/plain", ""))
        if _DEFAULT_REPR.match(plain.strip()) and "text/markdown" in self.data:
            return str(self.data["text/markdown"])
        return plain

    @property
    def is_figure_description(self) -> bool:
        """Whether this is the text alternative ``helpers.show`` displays under a chart."""
        return ALT_TEXT_KEY in self.metadata

    @property
    def is_changed_data_banner(self) -> bool:
        """Whether this is the "CHANGED DATA" banner ``helpers.load`` shows for a teacher's copy."""
        return self.kind == "display" and self.text.lstrip().startswith("CHANGED DATA")


@dataclass
class CellRun:
    """A code cell as run: its position among all cells (0-based), source and outputs.

    ``tags`` are the cell's tags in the notebook (``("solution",)``...); the injected
    parameters cell has none.
    """

    index: int
    source: str
    outputs: list[Output] = field(default_factory=list)
    injected: bool = False
    tags: tuple[str, ...] = ()

    def tagged(self, tags: Iterable[str]) -> bool:
        """Whether the cell carries any of these tags."""
        return not set(self.tags).isdisjoint(tags)

    @property
    def name(self) -> str:
        """The cell as ``publish.execute`` names it: 'cell N (`first line`)', N from 1."""
        first = next((line for line in self.source.splitlines() if line.strip()), "")
        if self.injected:
            return f"the injected parameters cell (`{first}`)"
        return f"cell {self.index + 1} (`{first}`)"

    @property
    def text(self) -> str:
        """All text outputs of the cell, in order, joined by newlines."""
        return "\n".join(o.text.rstrip("\n") for o in self.outputs)


@dataclass
class ShownFigure:
    """A figure the lesson showed, still open: the Figure, its cell and text alternative."""

    figure: Figure
    cell: CellRun
    alt: str | None
    number: int  # 1-based, in the order shown

    notebook: str = ""

    @property
    def name(self) -> str:
        """'02_ssri_affinities.ipynb figure 2 (cell 19)' for messages (the checker adds titles)."""
        where = "the injected cell" if self.cell.injected else f"cell {self.cell.index + 1}"
        return f"{self.notebook} figure {self.number} ({where})".lstrip()

    @property
    def title(self) -> str:
        """The figure's title (suptitle and first axes title), for reading."""
        return _figure_title(self.figure)


@dataclass
class LessonRun:
    """The result of :func:`run_lesson`.

    Attributes
    ----------
    notebook : Path
    data_dir : str or None
        As passed to the lesson (``None``: the shipped data).
    cells : list of CellRun
        Every code cell run, in order (the injected parameters cell included).
    figures : list of ShownFigure
        Every figure shown (or left open by a cell), in order; open until :meth:`close`.
    frames : dict of str to DataFrame
        A copy of each dataset the lesson loaded with ``helpers.load`` (the lesson's
        own calls, not the helpers' internal loads of the shipped data), by name.
    namespace : dict
        The lesson's global variables after the run.
    error : LessonCellError or None
        The failure that stopped the run (only with ``on_error="stop"``).
    """

    notebook: Path
    data_dir: str | None
    cells: list[CellRun] = field(default_factory=list)
    figures: list[ShownFigure] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    namespace: dict[str, Any] = field(default_factory=dict)
    error: LessonCellError | None = None

    def outputs(self, *, figure_descriptions: bool = True,
                skip_tags: Iterable[str] = ()) -> list[Output]:
        """Every output of every cell, in order (but those of cells tagged with ``skip_tags``)."""
        skip = tuple(skip_tags)
        return [o for c in self.cells if not c.tagged(skip) for o in c.outputs
                if figure_descriptions or not o.is_figure_description]

    def text_lines(self, *, figure_descriptions: bool = False, banners: bool = True,
                   replace: Mapping[str, str] | None = None,
                   skip_tags: Iterable[str] = ()) -> list[str]:
        """Every non-blank output line (memory addresses masked), in order.

        Figure descriptions (text alternatives) are left out unless asked for, and
        the changed-data banners if ``banners=False``; ``replace`` maps literal
        strings (e.g. a temporary data path) to stand-ins. Outputs of cells carrying
        any of ``skip_tags`` are left out: ``skip_tags=("solution",)`` reads a full
        run as a student sees it before the solutions (their cells' outputs only;
        what a solution cell changed in the namespace or on a figure stays).
        """
        lines = []
        for output in self.outputs(figure_descriptions=figure_descriptions, skip_tags=skip_tags):
            if not banners and output.is_changed_data_banner:
                continue
            text = output.text
            for old, new in (replace or {}).items():
                text = text.replace(old, new)
            text = re.sub(r"0x[0-9a-fA-F]{6,}", "0xADDRESS", text)
            lines += [line.rstrip() for line in text.splitlines() if line.strip()]
        return lines

    def close(self) -> None:
        """Close every figure the run kept open."""
        for shown in self.figures:
            plt.close(shown.figure)

    def __enter__(self) -> LessonRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def code_cells(notebook: str | os.PathLike[str]) -> list[tuple[int, str, list[str]]]:
    """(index among all cells, source, tags) of each code cell, read as plain JSON."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        found.append((index, source, list(cell.get("metadata", {}).get("tags", []))))
    return found


def loaded_datasets(notebook: str | os.PathLike[str]) -> list[str]:
    """Names of the datasets a lesson loads with ``helpers.load("name", data_dir)``, in order."""
    names = [m for _, source, _ in code_cells(notebook) for m in LOAD_PATTERN.findall(source)]
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- the shell


class _Recorder:
    """Where outputs go: the outputs list of the cell running now."""

    def __init__(self) -> None:
        self.outputs: list[Output] = []

    def add(self, kind: str, data: dict[str, Any], metadata: dict[str, Any] | None = None) -> None:
        self.outputs.append(Output(kind, dict(data), dict(metadata or {})))

    def stream(self, kind: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.kind == kind:
            last.data["text/plain"] += text
        else:
            self.outputs.append(Output(kind, {"text/plain": text}))


class _Stream:
    """A text stream (sys.stdout or sys.stderr) writing into the recorder."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, recorder: _Recorder, kind: str) -> None:
        self._recorder, self._kind = recorder, kind

    def write(self, text: str) -> int:
        if text:
            self._recorder.stream(self._kind, text)
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:  # some libraries probe it; there is no file
        raise OSError("a recorded stream has no file descriptor")


class _RecordingPublisher(DisplayPublisher):
    """``display(...)`` keeps every MIME bundle instead of printing text/plain."""

    recorder: _Recorder | None = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                **kwargs) -> None:
        if self.recorder is not None:
            self.recorder.add("display", data, metadata)

    def clear_output(self, wait=False) -> None:
        if self.recorder is not None:
            self.recorder.outputs.clear()


class _RecordingDisplayHook(DisplayHook):
    """A cell's last-expression result is kept as an output, with no 'Out[n]:' prompt."""

    recorder: _Recorder | None = None

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        if self.recorder is not None:
            self.recorder.add("result", format_dict, md_dict)

    def finish_displayhook(self) -> None:
        self._is_active = False


class _LessonShell(InteractiveShell):
    displayhook_class = Type(_RecordingDisplayHook)
    display_pub_class = Type(_RecordingPublisher)


def _singleton_classes() -> list[type]:
    return list(_LessonShell._walk_mro())


@contextlib.contextmanager
def _lesson_shell(recorder: _Recorder) -> Iterator[_LessonShell]:
    """A fresh shell installed as *the* IPython (get_ipython() finds it), removed afterwards."""
    saved_instances = {cls: cls.__dict__.get("_instance") for cls in _singleton_classes()}
    saved_main = sys.modules.get("__main__")
    saved_hooks = sys.displayhook, sys.excepthook
    for cls in saved_instances:
        cls._instance = None
    config = Config()
    config.HistoryManager.enabled = False  # no SQLite file, nothing shared between workers
    config.HistoryManager.hist_file = ":memory:"
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.autocall = 0
    config.InteractiveShell.xmode = "Plain"
    shell = _LessonShell.instance(config=config)
    atexit.unregister(shell.atexit_operations)
    shell.displayhook.recorder = recorder
    shell.display_pub.recorder = recorder
    try:
        yield shell
    finally:
        # The namespace is left as it is (not reset): the lesson's functions keep it as their
        # globals, so a function taken from run.namespace can still be called after the run.
        with contextlib.suppress(Exception):
            shell.history_manager.end_session()  # the in-memory history
        shell.displayhook.recorder = None
        shell.display_pub.recorder = None
        for cls in _singleton_classes():
            cls._instance = None
        for cls, instance in saved_instances.items():
            if instance is not None:
                cls._instance = instance
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        sys.displayhook, sys.excepthook = saved_hooks


@contextlib.contextmanager
def _patched(module: Any, name: str, value: Any) -> Iterator[None]:
    """Set ``module.name`` for the duration; remove it again if it was not there."""
    missing = object()
    before = module.__dict__.get(name, missing)
    setattr(module, name, value)
    try:
        yield
    finally:
        if before is missing:
            with contextlib.suppress(AttributeError):
                delattr(module, name)
        else:
            setattr(module, name, before)


def _parameter_source(parameters: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Code assigning the parameters, as papermill writes it; values without a literal are pushed."""
    lines, pushed = ["# Parameters (injected by tests/lesson_runner.py)"], {}
    for name, value in parameters.items():
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        text = repr(value)
        try:
            literal = ast.literal_eval(text) == value
        except (ValueError, SyntaxError, TypeError):
            literal = False
        if literal:
            lines.append(f"{name} = {text}")
        else:
            pushed[name] = value
            lines.append(f"# {name} = <{type(value).__name__} pushed into the namespace>")
    return "\n".join(lines) + "\n", pushed


def _figure_title(fig: Figure) -> str:
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        title = next((ax.get_title(loc) for loc in ("center", "left", "right") if ax.get_title(loc)), "")
        if title:
            parts.append(title)
            break
    return " / ".join(parts)


def run_lesson(notebook: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None,
               parameters: Mapping[str, Any] | None = None, *,
               skip_tags: tuple[str, ...] = (), on_error: str = "raise") -> LessonRun:
    """Run a lesson notebook's code cells in this process; keep outputs, figures and data.

    Parameters
    ----------
    notebook : path-like
        The ``.ipynb`` file; a bare name such as ``"02_ssri_affinities.ipynb"`` or
        ``"02"`` is looked up in ``notebooks/``.
    data_dir : path-like or None
        Passed to the lesson as its ``data_dir`` parameter (None: the shipped data).
    parameters : mapping or None
        More parameters to inject (``data_dir`` in it wins over the argument).
    skip_tags : tuple of str
        Cells carrying any of these tags are not run (e.g. ``("solution",)``).
    on_error : {"raise", "stop"}
        A cell that raises: ``"raise"`` closes the figures and raises
        :class:`LessonCellError`; ``"stop"`` stops there and returns the run so
        far, with the error in ``run.error`` (figures shown before it stay open).

    Returns
    -------
    LessonRun
        Outputs per cell, the figures shown (still open: use the run as a context
        manager, or call ``close()``), and a copy of every dataset loaded.

    Raises
    ------
    LessonCellError
        A cell raised (and ``on_error="raise"``); the message names the notebook
        and the cell, with the traceback.
    """
    if on_error not in ("raise", "stop"):
        raise ValueError(f"on_error must be 'raise' or 'stop', not {on_error!r}")
    path = find_notebook(notebook)
    params: dict[str, Any] = {"data_dir": data_dir, **(parameters or {})}
    if isinstance(params["data_dir"], os.PathLike):
        params["data_dir"] = os.fspath(params["data_dir"])
    cells = [c for c in code_cells(path) if not set(c[2]) & set(skip_tags)]
    tagged = [i for i, (_, _, tags) in enumerate(cells) if "parameters" in tags]
    inject_after = tagged[0] if tagged else -1  # papermill: at the top when nothing is tagged
    injected_source, pushed = _parameter_source(params)

    run = LessonRun(notebook=path, data_dir=params["data_dir"])  # as the lesson receives it
    recorder = _Recorder()
    import helpers
    import helpers.data
    import helpers.display

    real_load, real_show = helpers.data.load, helpers.display.show
    current: dict[str, CellRun] = {}

    def load(name: str, data_dir: Any = None) -> pd.DataFrame:
        frame = real_load(name, data_dir)
        copy = frame.copy(deep=True)
        copy.attrs = dict(frame.attrs)
        run.frames[name] = copy
        return frame

    def show(fig: Figure | None = None, *, alt: str) -> None:
        fig = fig if fig is not None else plt.gcf()
        before = len(recorder.outputs)
        real_show(fig, alt=alt)
        described = [o.metadata[ALT_TEXT_KEY] for o in recorder.outputs[before:]
                     if ALT_TEXT_KEY in o.metadata]
        _keep(fig, described[-1] if described else alt)

    def _keep(fig: Figure, alt: str | None) -> None:
        known = next((s for s in run.figures if s.figure is fig), None)
        if known is None:
            run.figures.append(ShownFigure(fig, current["cell"], alt, len(run.figures) + 1, path.name))
        elif known.alt is None and alt is not None:  # made in one cell, shown in a later one
            known.alt, known.cell = alt, current["cell"]

    here = Path.cwd()
    open_before = set(plt.get_fignums())
    with contextlib.ExitStack() as stack:
        stack.enter_context(matplotlib.rc_context())
        stack.enter_context(warnings.catch_warnings())
        warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
        warnings.filterwarnings("ignore", message=".*FigureCanvasAgg is non-interactive")
        # matplotlib_inline (imported by helpers.use_style under IPython) on current traitlets
        warnings.filterwarnings("ignore", message=r"InlineBackend\..*deprecated in traitlets",
                                category=DeprecationWarning)
        if matplotlib.get_backend().lower() != "agg":
            plt.switch_backend("Agg")  # closes open figures; the lesson's are kept on Agg
        shell = stack.enter_context(_lesson_shell(recorder))
        # Only the package's name: the lesson calls helpers.load(...); helpers' own modules
        # load the shipped data through helpers.data.load to compare, which must not count.
        stack.enter_context(_patched(helpers, "load", load))
        for target in (helpers.display, helpers):
            stack.enter_context(_patched(target, "show", show))
        stack.enter_context(contextlib.redirect_stdout(_Stream(recorder, "stdout")))
        stack.enter_context(contextlib.redirect_stderr(_Stream(recorder, "stderr")))
        stack.callback(os.chdir, here)
        os.chdir(path.parent)

        plan = [(index, source, tuple(tags), False) for index, source, tags in cells]
        plan.insert(inject_after + 1,
                    (cells[inject_after][0] if tagged else -1, injected_source, (), True))
        for index, source, tags, injected in plan:
            cell = CellRun(index=index, source=source, injected=injected, tags=tags)
            run.cells.append(cell)
            current["cell"] = cell
            recorder.outputs = cell.outputs
            if injected and pushed:
                shell.push(pushed)
            if not source.strip():
                continue
            result = shell.run_cell(source, store_history=True, silent=False)
            for number, manager in sorted(Gcf.figs.items()):  # left open, not shown by helpers.show
                if number not in open_before:
                    _keep(manager.canvas.figure, None)
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                run.error = LessonCellError(_failure(path, cell, error), path.name, cell, error)
                run.error.__cause__ = error
                break
        run.namespace = {k: v for k, v in shell.user_ns.items()
                         if not k.startswith("_") and k not in ("In", "Out", "exit", "quit", "get_ipython")}
    if run.error is not None and on_error == "raise":
        run.close()
        raise run.error
    return run


def find_notebook(notebook: str | os.PathLike[str]) -> Path:
    """The notebook file a lesson argument names (as :func:`run_lesson` takes it), resolved.

    A path to a file is that file; a bare name such as ``"02_ssri_affinities.ipynb"``
    or ``"02"`` is the one start page or lesson in ``notebooks/`` it names.
    """
    path = Path(notebook)
    if path.is_file():
        return path.resolve()
    candidates = [project.start_page(), *project.lessons()]
    matches = [p for p in candidates
               if (p.name == path.name if path.suffix else p.name.startswith(path.name))]
    if len(matches) != 1:
        raise FileNotFoundError(f"no single lesson notebook matches {notebook!r} in {NOTEBOOK_DIR}")
    return matches[0]


def _failure(path: Path, cell: CellRun, error: BaseException) -> str:
    frames = traceback.format_exception(type(error), error, error.__traceback__)
    tail = "".join(frames[-8:]).rstrip()
    return (f"{path.name}, {cell.name}: {type(error).__name__}: {error}\n"
            f"--- traceback (last frames) ---\n{tail}")
