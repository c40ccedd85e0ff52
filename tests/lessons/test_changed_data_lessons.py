"""The lessons on data changed as teachers change it: every chart read back and checked.

A teacher copies ``data/`` and edits it: sorts a sheet, adds a drug, deletes a
row, pastes a chemical name, changes a value. Each test here copies the whole
``data/`` folder to a temporary directory, makes such an edit (kept valid by the
schema in ``datapackage.json``: types, enums, constraints, unique keys), runs a
lesson on it in this process (``tests/lesson_runner.py``), and then requires:

(a) every chart passes ``tests/chart_readback.py`` (each value on its own row,
    texts inside the figure, no overprinted tick labels, no legend on the data);
(b) under a pure row permutation, the lesson prints the same lines (as a
    multiset; the "CHANGED DATA" banner aside, which says the order changed),
    each figure description is the same text, character for character (the data
    folder's path aside), and its categorical charts draw the same label/value
    pairs as on the unpermuted copy;
(c) no cell raises, unless the edit removed a row the lesson's code names and the
    lesson stops with a message saying so (a deliberate refusal, not a traceback).

Hypothesis draws the edits (derandomized, no database, no shrinking: a lesson run
takes seconds). ``HYPOTHESIS_PROFILE=reliability`` draws many more.
"""

from __future__ import annotations

import ast
import csv
import inspect
import io
import json
import math
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from chart_readback import chart_problems, chart_signature, compare_signatures, layout_problems
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lesson_runner import (
    NOTEBOOK_DIR,
    PROJECT,
    LessonCellError,
    LessonRun,
    code_cells,
    loaded_datasets,
    run_lesson,
)

import helpers
from helpers.project import lessons

DATA = PROJECT / "data"
CASES = Path(__file__).resolve().parents[1] / "cases" / "edited-data"
LESSONS = [p.name for p in lessons()]

# --------------------------------------------------------------------------- profiles
# Registered under this module's own names and chosen per test, so that nothing here
# changes the profile other test modules run under (tests/conftest.py may load its own).
_COMMON = {"derandomize": True, "deadline": None, "database": None,
           "phases": (Phase.explicit, Phase.generate), "print_blob": False,
           "suppress_health_check": (HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.differing_executors)}
settings.register_profile("changed-data", max_examples=2, **_COMMON)
settings.register_profile("changed-data-reliability", max_examples=6, **_COMMON)
PROFILE = ("changed-data-reliability" if os.environ.get("HYPOTHESIS_PROFILE") == "reliability"
           else "changed-data")
EDITS = settings(settings.get_profile(PROFILE))

# --------------------------------------------------------------------------- the data package

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


@dataclass
class Table:
    """A CSV file as text cells, written back with the same header and line ends."""

    header: list[str]
    rows: list[list[str]]
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path) -> Table:
        text = path.read_text(encoding="utf-8-sig")
        records = list(csv.reader(io.StringIO(text, newline="")))
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(records[0], [r for r in records[1:] if any(c.strip() for c in r)], newline)

    def write(self, path: Path) -> None:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator=self.newline)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")

    def column(self, name: str) -> int:
        return self.header.index(name)


def _path(name: str) -> str:
    return RESOURCES[name]["path"]


SHIPPED = {name: Table.read(DATA / _path(name)) for name in RESOURCES}


def _fields(name: str) -> dict[str, dict]:
    return {f["name"]: f for f in RESOURCES[name]["schema"]["fields"]}


def _key(name: str) -> list[str]:
    key = RESOURCES[name]["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _is_enum(field: dict) -> bool:
    return "enum" in field.get("constraints", {})


def _all_text_values() -> set[str]:
    return {cell.casefold() for t in SHIPPED.values() for r in t.rows for cell in r}


def _string_constants(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax: fall back to quoted words
        return set(re.findall(r"[\"']([^\"'\n]+)[\"']", source))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _lesson_literals(lesson: str) -> set[str]:
    """Every string constant in a lesson's code and in the describe_ modules it calls.

    These are the values it names, so needs: a chart's text alternative
    (``helpers.describe_...``) is part of the lesson, kept in helpers/describe/.
    """
    found: set[str] = set()
    modules: set[str] = set()
    for _, source, _ in code_cells(NOTEBOOK_DIR / lesson):
        found |= _string_constants(source)
        for name in re.findall(r"helpers\.(describe_[A-Za-z0-9_]+)", source):
            modules.add(inspect.getsourcefile(getattr(helpers, name)))
    for module in sorted(modules):
        found |= _string_constants(Path(module).read_text(encoding="utf-8"))
    return found


LITERALS = {lesson: _lesson_literals(lesson) for lesson in LESSONS}
DATASETS = {lesson: loaded_datasets(NOTEBOOK_DIR / lesson) for lesson in LESSONS}

# Rows a lesson needs although its code does not name them (dataset -> {key value: why}).
# A row whose (non-enum) key value the lesson names in its code is kept automatically:
# the lesson is about that drug ("Fluvoxamine", "Paroxetine"...), so deleting or renaming
# it is not an edit the lesson has to survive. Other rows its code names (by enum values,
# e.g. Busse et al.'s estimate in mci_progression) may be deleted: the lesson may then
# stop, if it says which row it needs (see clear_refusal). Add here only with a reason.
NEEDED: dict[str, dict[str, str]] = {}


def protected(lesson: str, name: str, row: list[str]) -> bool:
    """Whether the lesson names this row's key (so needs the row as it is)."""
    fields, table = _fields(name), SHIPPED[name]
    for field in _key(name):
        value = row[table.column(field)]
        if not _is_enum(fields[field]) and value in LITERALS[lesson]:
            return True
        if value in NEEDED.get(name, {}):
            return True
    return False


# --------------------------------------------------------------------------- edits


class Edit:
    """An edit of a copy of data/ (a frozen dataclass; its repr is the falsifying example)."""

    permutation_only = False

    def apply(self, data: Path) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Reorder(Edit):
    """Rows in another order (a sorted sheet); nothing else changes."""

    orders: tuple[tuple[str, tuple[int, ...]], ...]
    permutation_only = True

    def apply(self, data: Path) -> None:
        for name, order in self.orders:
            table = Table.read(data / _path(name))
            table.rows = [table.rows[i] for i in order]
            table.write(data / _path(name))


@dataclass(frozen=True)
class AppendRow(Edit):
    """A copy of an existing row added at the end, with a new unique key."""

    dataset: str
    copy_of: int
    new_key: tuple[tuple[str, str], ...]

    def apply(self, data: Path) -> None:
        table = Table.read(data / _path(self.dataset))
        row = list(table.rows[self.copy_of])
        for field, value in self.new_key:
            row[table.column(field)] = value
        table.rows.append(row)
        table.write(data / _path(self.dataset))


@dataclass(frozen=True)
class DropRow(Edit):
    """One row deleted."""

    dataset: str
    row: int
    key: str

    def apply(self, data: Path) -> None:
        table = Table.read(data / _path(self.dataset))
        del table.rows[self.row]
        table.write(data / _path(self.dataset))


@dataclass(frozen=True)
class Rename(Edit):
    """A key value renamed, in every dataset with a column of that name (links kept)."""

    column: str
    old: str
    new: str

    def apply(self, data: Path) -> None:
        for name in RESOURCES:
            fields = _fields(name)
            if self.column not in fields or _is_enum(fields[self.column]):
                continue
            table = Table.read(data / _path(name))
            index = table.column(self.column)
            for row in table.rows:
                if row[index] == self.old:
                    row[index] = self.new
            table.write(data / _path(name))


@dataclass(frozen=True)
class Scale(Edit):
    """Numeric cells of one row multiplied by a factor (within the schema's limits)."""

    dataset: str
    row: int
    columns: tuple[str, ...]
    factor: float

    def apply(self, data: Path) -> None:
        table = Table.read(data / _path(self.dataset))
        fields = _fields(self.dataset)
        for column in self.columns:
            index = table.column(column)
            value = float(table.rows[self.row][index]) * self.factor
            maximum = fields[column].get("constraints", {}).get("maximum")
            if maximum is not None:
                value = min(value, float(maximum))
            table.rows[self.row][index] = number_text(value)
        table.write(data / _path(self.dataset))


def number_text(value: float) -> str:
    """A number as a teacher would type it: plain digits, at most 10 significant."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    digits = max(0, 9 - math.floor(math.log10(abs(value)))) if value else 0
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- strategies

LONG_NAME_80 = "(E)-5-methoxy-1-[4-(trifluoromethyl)phenyl]pentan-1-one O-(2-aminoethyl)oxime-d3"
assert len(LONG_NAME_80) == 80
_FRAGMENTS = ["(E)-", "(±)-", "N-methyl-", "3-(", "naphthalen-1-yloxy)", "-1-phenyl",
              "propan-1-amine", "[4-(trifluoromethyl)phenyl]", "5-methoxy-", "pentan-1-one",
              " O-(2-aminoethyl)oxime", "(1S,4S)-", "4-(3,4-dichlorophenyl)-", "1,2,3,4-tetrahydro",
              "naphthalen-1-amine", " hydrochloride", "2-[2-(dimethylamino)ethyl]", "-1H-indole"]
NEW_DRUGS = [d for d in ("Escitalopram", "Venlafaxine", "Duloxetine", "Vortioxetine", "Agomelatine",
                         "Bupropion", "Trazodone", "Clomipramine", "Nortriptyline", "Reboxetine")
             if d.casefold() not in _all_text_values()]
FACTORS = [10.0, 0.1, 3.0, 0.5, 7.5, 0.25, 2.0, 0.2]


@st.composite
def long_names(draw) -> str:
    """Chemical-looking names up to 80 characters: the 80-character one first."""
    if draw(st.booleans()):
        parts = draw(st.lists(st.sampled_from(_FRAGMENTS), min_size=3, max_size=8))
        name = "".join(parts).strip()
        while len(name) > 80:
            parts.pop()
            name = "".join(parts).strip()
        if len(name) >= 12:
            return name
    return LONG_NAME_80


def _reversed_unless(order: list[int]) -> tuple[int, ...]:
    """A permutation that moves something: the identity becomes the reverse order."""
    return tuple(order) if order != sorted(order) else tuple(reversed(order))


def _permutation(name: str) -> st.SearchStrategy[tuple[int, ...]]:
    return st.permutations(range(len(SHIPPED[name].rows))).map(_reversed_unless)


def _rotated(items: list, kind: str) -> list:
    """The choices starting at another place for each kind of edit.

    Hypothesis tries the simplest example (the first choice) first, and the normal
    suite runs one example per lesson and kind: so each kind edits another dataset.
    """
    if not items:
        return items
    shift = list(KIND_NAMES).index(kind) * 2 % len(items)
    return items[shift:] + items[:shift]


KIND_NAMES = ("permute-one", "permute-all", "append", "drop", "rename-long", "scale")


def _reorderable(lesson: str) -> list[str]:
    return [n for n in DATASETS[lesson] if len(SHIPPED[n].rows) > 1]


def permute_one(lesson: str) -> st.SearchStrategy[Edit]:
    return st.sampled_from(_rotated(_reorderable(lesson), "permute-one")).flatmap(
        lambda name: _permutation(name).map(lambda order: Reorder(((name, order),))))


def permute_all(lesson: str) -> st.SearchStrategy[Edit]:
    names = [n for n in RESOURCES if len(SHIPPED[n].rows) > 1]
    return st.tuples(*[_permutation(n) for n in names]).map(
        lambda orders: Reorder(tuple(zip(names, orders, strict=True))))


def _new_key_field(name: str) -> tuple[str, str] | None:
    """Which key field a copied row changes to be unique, and how."""
    fields, key = _fields(name), _key(name)
    for field in key:
        if fields[field]["type"] == "string" and not _is_enum(fields[field]):
            return field, "name"
    table = SHIPPED[name]
    for field in key:
        if fields[field]["type"] == "integer":
            used = [int(r[table.column(field)]) for r in table.rows]
            maximum = fields[field].get("constraints", {}).get("maximum")
            if maximum is None or max(used) + 1 <= maximum:
                return field, "integer"
    for field in key:
        if fields[field]["type"] == "number":
            return field, "number"
    return None


def _appendable(lesson: str) -> list[str]:
    return [n for n in DATASETS[lesson] if _new_key_field(n) is not None and SHIPPED[n].rows]


def append_row(lesson: str) -> st.SearchStrategy[Edit]:
    @st.composite
    def build(draw) -> Edit:
        name = draw(st.sampled_from(_rotated(_appendable(lesson), "append")))
        table, (field, how) = SHIPPED[name], _new_key_field(name)
        copy_of = draw(st.integers(0, len(table.rows) - 1))
        index = table.column(field)
        used = {r[index] for r in table.rows}
        if how == "integer":
            value = str(max(int(v) for v in used) + 1)
        elif how == "number":
            value = number_text(max(float(v) for v in used) * 1.5)
        elif field == "drug" and NEW_DRUGS:
            value = draw(st.sampled_from(NEW_DRUGS))
        else:
            value = f"added {field.replace('_', ' ')} {draw(st.integers(1, 9))}"
        return AppendRow(name, copy_of, ((field, value),))

    return build()


def _by_dataset(choices: list[tuple]) -> list[tuple]:
    """Choices interleaved by dataset (first of each dataset, then second...), for rotation."""
    groups: dict[str, list[tuple]] = {}
    for choice in choices:
        groups.setdefault(choice[0], []).append(choice)
    rounds = max((len(g) for g in groups.values()), default=0)
    return [g[i] for i in range(rounds) for g in groups.values() if i < len(g)]


def _droppable(lesson: str) -> list[tuple[str, int]]:
    return [(n, i) for n in DATASETS[lesson] if len(SHIPPED[n].rows) > 1
            for i, row in enumerate(SHIPPED[n].rows) if not protected(lesson, n, row)]


def drop_row(lesson: str) -> st.SearchStrategy[Edit]:
    def edit(choice: tuple[str, int]) -> Edit:
        name, row = choice
        table = SHIPPED[name]
        key = ", ".join(table.rows[row][table.column(f)] for f in _key(name))
        return DropRow(name, row, key)

    return st.sampled_from(_rotated(_by_dataset(_droppable(lesson)), "drop")).map(edit)


def _renamable(lesson: str) -> list[tuple[str, str]]:
    """(column, value) of non-enum text keys the lesson loads and does not name itself."""
    found = []
    for name in DATASETS[lesson]:
        fields, table = _fields(name), SHIPPED[name]
        for field in _key(name):
            if fields[field]["type"] != "string" or _is_enum(fields[field]):
                continue
            for row in table.rows:
                value = row[table.column(field)]
                if value not in LITERALS[lesson] and value not in NEEDED.get(name, {}):
                    found.append((field, value))
    return list(dict.fromkeys(found))


def rename_long(lesson: str) -> st.SearchStrategy[Edit]:
    return st.tuples(st.sampled_from(_rotated(_renamable(lesson), "rename-long")), long_names()).map(
        lambda pair: Rename(pair[0][0], pair[0][1], pair[1]))


def _scalable(lesson: str) -> list[tuple[str, int, str]]:
    found = []
    for name in DATASETS[lesson]:
        fields, table, key = _fields(name), SHIPPED[name], _key(name)
        for field, spec in fields.items():
            if spec["type"] != "number" or field in key:
                continue
            for i, row in enumerate(table.rows):
                text = row[table.column(field)]
                if text.strip() and float(text) != 0:
                    found.append((name, i, field))
    return found


# Values that go together: a range's ends are scaled as one (low stays below high).
LINKED = {("mci_progression", "low"): ("low", "high"), ("mci_progression", "high"): ("low", "high")}


def scale_value(lesson: str) -> st.SearchStrategy[Edit]:
    def edit(choice: tuple[tuple[str, int, str], float]) -> Edit:
        (name, row, field), factor = choice
        columns = LINKED.get((name, field), (field,))
        table = SHIPPED[name]
        if name == "mci_progression" and table.rows[row][table.column("unit")] == "percent":
            high = float(table.rows[row][table.column("high")])
            factor = min(factor, 100.0 / high)  # a percentage stays a percentage
        return Scale(name, row, columns, factor)

    return st.tuples(st.sampled_from(_rotated(_by_dataset(_scalable(lesson)), "scale")),
                     st.sampled_from(FACTORS)).map(edit)


KINDS = {"permute-one": permute_one, "permute-all": permute_all, "append": append_row,
         "drop": drop_row, "rename-long": rename_long, "scale": scale_value}
_APPLIES = {"permute-one": _reorderable, "permute-all": _reorderable, "append": _appendable,
            "drop": _droppable, "rename-long": _renamable, "scale": _scalable}
# The normal suite permutes every dataset at once (one dataset sorted A-Z is a regression
# test below); the reliability profile also permutes datasets one at a time.
RUN_KINDS = list(KINDS) if PROFILE == "changed-data-reliability" else \
    [k for k in KINDS if k != "permute-one"]
CASES_BY_KIND = [(lesson, kind) for lesson in LESSONS for kind in RUN_KINDS if _APPLIES[kind](lesson)]


# --------------------------------------------------------------------------- running


@dataclass
class Reading:
    """What a lesson run says: printed lines, figure descriptions, chart signatures.

    ``alts`` are the text alternatives with the data folder's path replaced by ``<data>``.
    """

    lines: Counter
    alts: list[str]
    signatures: list[list]


def _data_copy(root: Path) -> Path:
    target = root / "data"
    shutil.copytree(DATA, target)
    return target


def _replaced(text: str, replace: dict[str, str]) -> str:
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def _reading(run: LessonRun, data: Path, *, drawn: bool = False) -> Reading:
    replace = {str(data.resolve()): "<data>", str(data): "<data>"}
    alts = [_replaced(shown.alt or "", replace) for shown in run.figures]
    # The banner saying the copy differs from data/ (here: in row order) is meant to differ.
    return Reading(Counter(run.text_lines(banners=False, replace=replace)), alts,
                   [chart_signature(shown.figure, draw=not drawn) for shown in run.figures])


def baseline(shipped: LessonRun) -> Reading:
    """What the lesson says on the shipped data: its shared run (tests/shipped_runs.py)."""
    return _reading(shipped, DATA)


def _counter_diff(want: Counter, got: Counter, limit: int = 4) -> str:
    def show(items: Counter) -> str:
        listed = "; ".join(repr(x)[:160] for x in list(items)[:limit])
        return listed + (" ..." if len(items) > limit else "")

    missing, extra = want - got, got - want
    return (f"missing {sum(missing.values())}: [{show(missing)}]; "
            f"new {sum(extra.values())}: [{show(extra)}]")


def _words(text: str) -> Counter:
    """The words of a text, without the punctuation a listing order moves around."""
    return Counter(w.strip(".:") for w in re.findall(r"[^\s,;()\[\]]+", text) if w.strip(".:"))


def _items_sorted(line: str) -> tuple:
    """A line as a sorted word multiset (equal for the same items listed in another order)."""
    return tuple(sorted(_words(line).elements()))


def _first_difference(want: str, got: str, context: int = 70) -> str:
    """Where two texts part: the character offset and the text around it in each."""
    at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
              min(len(want), len(got)))
    start = max(0, at - context)

    def excerpt(text: str) -> str:
        return (("..." if start else "") + text[start:at + 2 * context]
                + ("..." if len(text) > at + 2 * context else ""))

    return (f"from character {at}:\n    unpermuted: {excerpt(want)!r}\n"
            f"    permuted:   {excerpt(got)!r}")


def alt_text_problem(name: str, want: str, got: str) -> str | None:
    """None if a figure's text alternative is the same after a row permutation, else why not."""
    if want == got:
        return None
    words_want, words_got = _words(want), _words(got)
    what = ("the same words in another order (the data's row order shows through)"
            if words_want == words_got else
            f"other words ({_counter_diff(words_want, words_got)})")
    return (f"{name}: the text alternative differs when only the row order changes: {what}, "
            f"{_first_difference(want, got)}")


def permutation_problems(run: LessonRun, data: Path, shipped: LessonRun, *,
                         drawn: bool = False) -> list[str]:
    """(b): outputs, descriptions and categorical charts unchanged by a row permutation.

    ``shipped`` is the lesson's run on the shipped data (the ``shipped_lesson`` fixture).
    """
    want, got = baseline(shipped), _reading(run, data, drawn=drawn)
    problems = []
    if want.lines != got.lines:
        missing, extra = want.lines - got.lines, got.lines - want.lines
        order_only = (Counter(_items_sorted(x) for x in missing.elements())
                      == Counter(_items_sorted(x) for x in extra.elements()))
        what = ("lines that list the same items in another order (the data's row order)"
                if order_only else "lines that differ")
        problems.append(f"{run.notebook.name}: printed output differs when only the row order "
                        f"changes, {what}: {_counter_diff(want.lines, got.lines)}")
    if len(want.signatures) != len(got.signatures):
        problems.append(f"{run.notebook.name}: {len(got.signatures)} figures instead of "
                        f"{len(want.signatures)}")
        return problems
    for shown, a, b, alt_a, alt_b in zip(run.figures, want.signatures, got.signatures, want.alts,
                                         got.alts, strict=True):
        problems += compare_signatures(a, b, name=shown.name)
        name = f"{shown.name}, titled {shown.title!r}" if shown.title else shown.name
        problem = alt_text_problem(name, alt_a, alt_b)
        if problem is not None:
            problems.append(problem)
    return problems


def clear_refusal(error: BaseException, needed: set[str]) -> bool:
    """Whether an error is a lesson refusing data on purpose, saying which row it needs.

    A lesson may stop when a row its code names (fluvoxamine, Busse's estimate...) is
    gone, if it says so: the message names the missing value and explains (a few
    words at least). A bare ``KeyError: 'Paroxetine'`` or an ``IndexError`` is a crash.
    """
    text = str(error)
    return (bool(needed) and type(error) not in (KeyError, IndexError)
            and len(text.split()) >= 6 and any(value in text for value in needed))


def _named_by_lesson(lesson: str, edits: list[Edit]) -> set[str]:
    """Key values of removed rows that the lesson's code names (so may need)."""
    needed = set()
    for edit in edits:
        if isinstance(edit, DropRow):
            table = SHIPPED[edit.dataset]
            row = table.rows[edit.row]
            needed |= {row[table.column(f)] for f in _key(edit.dataset)} & LITERALS[lesson]
    return needed


def check_lesson(lesson: str, edits: list[Edit], shipped: LessonRun) -> None:
    """Run a lesson on a copy of data/ with the edits; fail with every problem found."""
    with tempfile.TemporaryDirectory() as tmp:
        data = _data_copy(Path(tmp))
        for edit in edits:
            edit.apply(data)
        with run_lesson(lesson, data_dir=data, on_error="stop") as run:
            problems = []
            for shown in run.figures:
                problems += chart_problems(shown.figure, run.frames, name=shown.name)  # (a)
            if run.error is None and all(edit.permutation_only for edit in edits):
                problems += permutation_problems(run, data, shipped, drawn=True)  # (b)
    error = run.error
    if error is not None and not clear_refusal(error.error, _named_by_lesson(lesson, edits)):  # (c)
        problems.insert(0, f"{lesson} raised in {error.cell.name} (charts after it were not "
                           f"checked):\n{error}")
    assert not problems, (f"{lesson} on edited data ({edits!r}): {len(problems)} problem(s):\n- "
                          + "\n- ".join(problems))


# --------------------------------------------------------------------------- property tests


@pytest.mark.parametrize(("lesson", "kind"), CASES_BY_KIND,
                         ids=[f"{lesson[:2]}-{kind}" for lesson, kind in CASES_BY_KIND])
@EDITS
@given(data=st.data())
def test_lesson_survives_teachers_edits(lesson, kind, data, shipped_lesson):
    edit = data.draw(KINDS[kind](lesson), label="edit")
    check_lesson(lesson, [edit], shipped_lesson(lesson))


def test_every_lesson_loads_datasets_found_by_scanning_its_code():
    assert all(DATASETS[lesson] for lesson in LESSONS), DATASETS
    assert all(name in RESOURCES for names in DATASETS.values() for name in names)


def test_a_text_alternative_in_another_order_is_a_problem():
    """Regression (b7d9e65): two sources' values at one receptor listed in the file's row
    order gave the same words in another order; only the exact text shows it."""
    want = "Below 100 nM: A at H1, 20 nM, Newsletter; A at H1, 1.1 nM, Goodman & Gilman."
    got = "Below 100 nM: A at H1, 1.1 nM, Goodman & Gilman; A at H1, 20 nM, Newsletter."
    assert _words(want) == _words(got)
    problem = alt_text_problem("02_ssri_affinities.ipynb figure 3 (cell 26)", want, got)
    assert problem is not None
    assert problem.startswith("02_ssri_affinities.ipynb figure 3 (cell 26): the text alternative")
    assert "the same words in another order" in problem and "from character 23" in problem
    assert "A at H1, 20 nM, Newsletter" in problem and "A at H1, 1.1 nM, Goodman" in problem
    assert "other words (missing 0: []; new 1: ['More'])" in alt_text_problem("a figure", want, want + " More.")
    assert alt_text_problem("a figure", want, want) is None


def test_edits_keep_the_data_valid(tmp_path):
    """The edit generators write files that pass the project's own validation."""
    from helpers.data import load

    data = _data_copy(tmp_path)
    edits = [AppendRow("sigma_affinity", 0, (("drug", NEW_DRUGS[0]),)),
             Rename("drug", "Citalopram", LONG_NAME_80),
             Scale("mci_progression", 0, ("low", "high"), 10.0),
             Scale("neuron_states", 0, ("arborisation_relative",), 10.0),
             Reorder((("receptor_affinity", tuple(reversed(range(len(SHIPPED["receptor_affinity"].rows))))),)),
             DropRow("pc12_design", 3, "")]
    for edit in edits:
        edit.apply(data)
    for name in RESOURCES:
        load(name, data)
    assert Table.read(data / "sigma_affinity.csv").rows[-1][0] == NEW_DRUGS[0]
    assert len(Table.read(data / "pc12_design.csv").rows) == len(SHIPPED["pc12_design"].rows) - 1


# --------------------------------------------------------------------------- regressions


def _with_sigma_affinity(root: Path, rows: list[list[str]]) -> Path:
    data = _data_copy(root)
    Table(SHIPPED["sigma_affinity"].header, rows).write(data / "sigma_affinity.csv")
    return data


def test_rows_sorted_a_to_z_keep_each_drug_on_its_row(tmp_path, shipped_lesson):
    """Issue 13: sorting sigma_affinity.csv A-Z moved notebook 02's markers onto other drugs' rows."""
    case = CASES / "rows-reordered-chart" / "sigma_affinity.csv"
    sorted_rows = Table.read(case).rows
    assert sorted(SHIPPED["sigma_affinity"].rows) == sorted(sorted_rows), "the case changes only the order"
    assert [r[0] for r in sorted_rows] == sorted(r[0] for r in sorted_rows)
    data = _with_sigma_affinity(tmp_path, sorted_rows)
    with run_lesson("02_ssri_affinities.ipynb", data_dir=data) as run:
        problems = [p for shown in run.figures
                    for p in chart_problems(shown.figure, run.frames, name=shown.name)]
        problems += permutation_problems(run, data, shipped_lesson("02"), drawn=True)
    assert not problems, "\n- ".join([f"{len(problems)} problem(s):", *problems])


def _refuses_clearly(lesson: str, rows: list[list[str]], error: BaseException) -> bool:
    """Whether a lesson stopped on purpose: it needs a drug its code names, and says which.

    Lessons 02 and 03 compare fluvoxamine with paroxetine: with one drug in Table 1
    they cannot run to the end. Stopping is then right, with a message naming the
    missing drug; a bare ``KeyError: 'Paroxetine'`` traceback is not.
    """
    present = {r[0] for r in rows}
    missing = {d for d in (r[0] for r in SHIPPED["sigma_affinity"].rows)
               if d in LITERALS[lesson] and d not in present}
    return clear_refusal(error, missing)


def _drugs(count: int) -> list[list[str]]:
    """sigma_affinity with ``count`` rows: shipped first, then the case's 28 added drugs, then more."""
    rows = [list(r) for r in SHIPPED["sigma_affinity"].rows]
    many = Table.read(CASES / "long-label-chart-clipped" / "sigma_affinity_many.csv").rows
    rows += [r for r in many if r[0] not in {x[0] for x in rows}]
    extra = 0
    while len(rows) < count:  # made-up sigma ligands beyond the case's 36 rows
        extra += 1
        rows.append([f"Sigmaligand-{extra:02d}", "SSRI" if extra % 2 else "TCA",
                     str(100 + 37 * extra), str(5000 + 411 * extra), str(round((5000 + 411 * extra) / (100 + 37 * extra)))])
    if count == 1:
        return [r for r in rows if r[0] == "Fluvoxamine"]
    return rows[:count]


SIZES = {"1-drug": lambda: _drugs(1), "8-drugs": lambda: _drugs(8), "40-drugs": lambda: _drugs(40),
         "80-character-name": lambda: [*_drugs(8), [LONG_NAME_80, "SSRI", "36", "8439", "234"]]}


@pytest.mark.parametrize("lesson", ["02_ssri_affinities.ipynb", "03_neurotrophic_hypothesis.ipynb"])
@pytest.mark.parametrize("size", list(SIZES))
def test_sigma_affinity_charts_fit_any_number_of_drugs_and_long_names(tmp_path, lesson, size):
    """Issue 13: long names and many rows cut titles off, overprinted labels, put the legend on the data."""
    rows = SIZES[size]()
    assert size != "40-drugs" or len(rows) == 40
    data = _with_sigma_affinity(tmp_path, rows)
    run = run_lesson(lesson, data_dir=data, on_error="stop")
    with run:
        problems = [p for shown in run.figures for p in layout_problems(shown.figure, name=shown.name)]
    if run.error is not None and not _refuses_clearly(lesson, rows, run.error.error):
        problems.append(f"the lesson stopped (charts after this cell were not checked): "
                        f"{str(run.error).splitlines()[0]}")
    assert not problems, f"{lesson} with {size} in sigma_affinity: " + "\n- ".join(
        [f"{len(problems)} problem(s):", *problems])


# --------------------------------------------------------------------------- the runner itself


def _notebook(path: Path, *cells: tuple[str, list[str]]) -> Path:
    """A minimal notebook file: (source, tags) per code cell, a Markdown cell first."""
    body = [{"cell_type": "markdown", "metadata": {}, "source": "# A tiny lesson"}]
    body += [{"cell_type": "code", "metadata": {"tags": tags}, "source": source, "outputs": [],
              "execution_count": None} for source, tags in cells]
    path.write_text(json.dumps({"cells": body, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")
    return path


def test_the_runner_injects_parameters_keeps_outputs_and_figures_and_restores_state(tmp_path):
    import matplotlib
    from IPython import get_ipython

    lesson = _notebook(
        tmp_path / "lesson.ipynb",
        ("import os\nimport matplotlib.pyplot as plt\nimport helpers", ["setup"]),
        ("data_dir = None\nthreshold = 1.0", ["parameters"]),
        ("print(os.getcwd(), data_dir, threshold)", []),
        ("helpers.table(helpers.load('sigma_affinity', data_dir).head(2))", []),
        ("fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])\nhelpers.show(fig, alt='A line.')", []),
        ("plt.subplots()\n3 * 7", []),
    )
    here, rc = Path.cwd(), dict(matplotlib.rcParams)
    with run_lesson(lesson, data_dir=DATA, parameters={"threshold": 2.5}) as run:
        assert run.cells[2].injected and "threshold = 2.5" in run.cells[2].source
        assert run.cells[3].text.strip() == f"{tmp_path} {DATA} 2.5"
        assert "Fluvoxamine" in run.cells[4].text and run.cells[4].outputs[-1].kind == "result"
        assert [f.alt for f in run.figures] == ["A line.", None]
        assert run.figures[0].cell.index == 5 and run.figures[0].name == "lesson.ipynb figure 1 (cell 6)"
        assert run.cells[6].outputs[-1].text == "21"
        assert list(run.frames) == ["sigma_affinity"]
        assert all(plt_open(f.figure) for f in run.figures)
    assert not any(plt_open(f.figure) for f in run.figures)
    assert Path.cwd() == here and get_ipython() is None and dict(matplotlib.rcParams) == rc


def plt_open(figure) -> bool:
    import matplotlib.pyplot as plt

    return figure.number in plt.get_fignums()


def test_the_runner_names_the_notebook_and_cell_that_raised(tmp_path):
    lesson = _notebook(tmp_path / "broken.ipynb", ("data_dir = None", ["parameters"]),
                       ("x = 1", []), ("{}['missing']", []))
    with pytest.raises(LessonCellError, match=r"broken\.ipynb, cell 4 \(`\{\}\['missing'\]`\): KeyError"):
        run_lesson(lesson)
    run = run_lesson(lesson, on_error="stop")
    assert run.error is not None and run.error.cell.index == 3 and run.namespace["x"] == 1


def test_pcp_design_labels_stay_apart_with_a_long_group_name(tmp_path):
    """Regression: found by the reliability profile (03-rename-long): a long group name
    narrowed the design grid until its column labels overprinted."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "pcp_study.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("group")
    long_name = "pentan-1-one hydrochloride4-(3,4-dichlorophenyl)-naphthalen-1-amine"
    for row in rows[1:]:
        if row[column] == "PCP + paroxetine":
            row[column] = long_name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with run_lesson("03", data_dir=data) as run:
        pcp_charts = [shown for shown in run.figures if "PCP" in (shown.title or "")]
        assert pcp_charts
        for shown in pcp_charts:
            assert chart_problems(shown.figure, run.frames, name=shown.name) == []


def test_a_sigma2_selective_drug_keeps_its_ratio_digits(tmp_path):
    """Regression (review): a ratio below 0.05 printed as 0.0 in notebook 02's prose and chart."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "sigma_affinity.csv").open("a", encoding="utf-8") as handle:
        handle.write("Trimipramine,TCA,4331,196,1\n")
    with run_lesson("02", data_dir=data) as run:
        lines = run.text_lines(figure_descriptions=True)
        texts = [t.get_text() for shown in run.figures for ax in shown.figure.axes for t in ax.texts]
    mentions = [line for line in lines if "Trimipramine" in line and "0.045" in line]
    assert mentions, "the recomputed ratio 196 / 4,331 = 0.045 is not printed"
    assert not [line for line in lines if re.search(r"Trimipramine[^;.]*\b0\.0\b(?!\d)", line)]
    assert any("0.045" in text for text in texts)  # the chart's note on the disagreeing row


def test_the_selectivity_note_never_covers_a_row_label(tmp_path):
    """Regression (review): with a 77-character drug name the note on (±)Fluoxetine's row ran
    over its row label ("(±)Fluoxetin")."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(CASES / "long-label-chart-clipped" / "sigma_affinity_longname.csv",
                data / "sigma_affinity.csv")
    with run_lesson("02", data_dir=data) as run:
        charts = [shown for shown in run.figures if "Selectivity" in (shown.title or "")]
        assert charts
        fig = charts[0].figure
        fig.canvas.draw()
        ax = fig.axes[0]
        plot = ax.get_window_extent()
        notes = [t for t in ax.texts if "does not round" in " ".join(t.get_text().split())]
        assert notes
        for note in notes:
            box = note.get_window_extent()
            assert plot.x0 - 0.5 <= box.x0 and box.x1 <= plot.x1 + 0.5


def test_the_tonus_paragraph_is_not_flagged_with_the_default_parameters(shipped_lesson):
    """The lesson's own defaults: the paragraph describes them, so no flag (the shared run)."""
    assert "CHANGED PARAMETERS" not in "\n".join(shipped_lesson("01").text_lines())


@pytest.mark.parametrize("parameters", [{"k_low_nm": 1.0}, {"tonus_levels": [0.0, 2.0]}])
def test_the_tonus_paragraph_is_flagged_when_the_parameters_change(parameters):
    """Regression (review): with k_low_nm = 1 the paragraph on the lesson's defaults read as
    if it described the student's parameters."""
    with run_lesson("01", parameters=parameters) as run:
        text = "\n".join(run.text_lines())
    assert "CHANGED PARAMETERS" in text


def test_a_bound_scaled_until_its_arrow_points_at_another_drugs_value(shipped_lesson):
    """Regression (found by the property test above): Paroxetine's alpha-1 bound (> 100,000)
    scaled to > 25,000 has its arrow point to 100,000, Fluvoxamine's H1 bound; the chart was
    right, the read-back took the arrow's tip for a value on Paroxetine's row."""
    edit = Scale("receptor_affinity", 17, ("ki_nm",), 0.25)
    row = SHIPPED["receptor_affinity"].rows[17]
    assert row[:4] == ["Paroxetine", "alpha-1", "100000", ">"], row
    check_lesson("02_ssri_affinities.ipynb", [edit], shipped_lesson("02"))
