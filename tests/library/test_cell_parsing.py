"""One parser decides what a cell is: what passes validation loads as exactly that value.

Every kind of cell a validator and a reader could disagree on (non-finite numbers, non-ASCII
digits and digit separators, control and invisible characters, surrounding whitespace) is
tried in every column of every dataset; then Hypothesis writes generated cells, one at a
time, into a copy of each dataset and checks that loading either returns the cell's value or
raises the one DataValidationError naming that file, row and column, never anything else.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers import validated
from helpers.data import DATA_DIR, read_package
from helpers.errors import DataValidationError
from helpers.parsing import CellError, is_free_text, parse_cell

PACKAGE = read_package()
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
SCALE = max(1, settings.default.max_examples // 100)  # 5 with HYPOTHESIS_PROFILE=reliability
REFUSED = object()


def field_of(name: str, column: str) -> dict:
    return next(f for f in RESOURCES[name]["schema"]["fields"] if f["name"] == column)


COLUMNS = [(r["name"], f["name"]) for r in PACKAGE["resources"] for f in r["schema"]["fields"]]
NUMBER_COLUMNS = [(n, c) for n, c in COLUMNS if field_of(n, c)["type"] in ("number", "integer")]
TEXT_COLUMNS = [(n, c) for n, c in COLUMNS if field_of(n, c)["type"] == "string"]


def records(name: str) -> list[list[str]]:
    text = (DATA_DIR / RESOURCES[name]["path"]).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


SHIPPED = {name: records(name) for name in RESOURCES}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of data/ the tests write cells into, with a validation cache of its own."""
    target = tmp_path_factory.mktemp("cells") / "data"
    shutil.copytree(DATA_DIR, target)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validated, "CACHE_DIR", target.parent / "cache")
        yield target


def write_cell(folder: Path, name: str, row: int, column: str, cell: str) -> Path:
    """Write the shipped dataset with one cell replaced, quoted as the csv module quotes it.

    ``row`` is the spreadsheet row (the header is row 1). CRLF row ends make the csv module
    quote a cell holding a CR or LF, so the written file reads back cell for cell.
    """
    rows = [list(r) for r in SHIPPED[name]]
    rows[row - 1][rows[0].index(column)] = cell
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = folder / RESOURCES[name]["path"]
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == rows
    return path


def names_the_cell(error: DataValidationError, path: Path, row: int, column: str) -> bool:
    """Whether a problem names this file, row and column (a duplicate key names the key)."""
    for problem in error.problems:
        if problem.file != path:
            continue
        if problem.row == row and problem.column == column:
            return True
        key = (problem.column or "").split(" + ")
        if column in key and (problem.row == row or f"(row {row} has the same)" in problem.expected):
            return True
    return False


def load_or_refuse(folder: Path, name: str, row: int, column: str, cell: str) -> object:
    """Load with one cell replaced: the cell's value, or REFUSED after a proper refusal."""
    path = write_cell(folder, name, row, column, cell)
    try:
        frame = helpers.load(name, folder)
    except DataValidationError as error:
        assert names_the_cell(error, path, row, column), str(error)
        assert f"row {row}" in str(error) and str(path) in str(error)
        return REFUSED
    finally:
        path.write_bytes((DATA_DIR / RESOURCES[name]["path"]).read_bytes())
    return frame[column].iloc[row - 2]


def assert_loaded_as_written(name: str, column: str, cell: str, value: object) -> None:
    """A loaded cell holds exactly what is written: float(cell), int(cell) or the text."""
    kind = field_of(name, column)["type"]
    if cell == "":
        assert pd.isna(value)
    elif kind == "number":
        assert math.isfinite(value) and float(cell) == value and cell.isascii()
    elif kind == "integer":
        assert int(cell) == value and cell.isascii()
    elif kind == "boolean":
        assert value == (cell in ("true", "True", "TRUE", "1"))
    else:
        assert value == cell


# --- the kinds, in every column of every dataset -----------------------------------------

NON_FINITE = ["INF", "inf", "-INF", "Infinity", "-Infinity", "NaN", "nan", "1e400", "-1e400"]
NOT_ASCII = {
    "３６": "'３' (U+FF13 FULLWIDTH DIGIT THREE); write 36",
    "٣٦": "'٣' (U+0663 ARABIC-INDIC DIGIT THREE); write 36",
    "३६": "'३' (U+0969 DEVANAGARI DIGIT THREE); write 36",
    "8_439": "'_' (U+005F LOW LINE); write 8439",
    "8\u2009439": "(U+2009 THIN SPACE); write 8439",
    "8\u00a0439": "(U+00A0 NO-BREAK SPACE); write 8439",
    "8\u202f439": "(U+202F NARROW NO-BREAK SPACE); write 8439",
    "8 439": "(U+0020 SPACE); write 8439",
    "1,893": "write 1893 without the comma",
}
INVISIBLE = {"\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\x85": "NEXT LINE",
             "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\x1c": "FILE SEPARATOR",
             "\x1d": "GROUP SEPARATOR", "\x1e": "RECORD SEPARATOR", "\t": "CHARACTER TABULATION",
             "\x00": "NULL", "\u200b": "ZERO WIDTH SPACE", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
             "\u00ad": "SOFT HYPHEN"}
AROUND = {"Fluvoxamine ": "a trailing space", " Fluvoxamine": "a leading space",
          "Fluvoxamine\u00a0": "a trailing NO-BREAK SPACE",
          "\u3000Fluvoxamine": "a leading IDEOGRAPHIC SPACE",
          "Fluvoxamine  ": "2 trailing spaces"}


def refusal(folder: Path, name: str, column: str, cell: str, row: int = 2) -> str:
    path = write_cell(folder, name, row, column, cell)
    try:
        with pytest.raises(DataValidationError) as info:
            helpers.load(name, folder)
    finally:
        path.write_bytes((DATA_DIR / RESOURCES[name]["path"]).read_bytes())
    error = info.value
    assert len(error.problems) == 1, str(error)
    assert (error.file, error.row, error.column, error.value) == (path, row, column, cell)
    return error.expected


def rotation(items: list, name: str, column: str, columns: list, count: int) -> list:
    """``count`` of the items for this column, so that every item is tried in many columns."""
    start = count * columns.index((name, column)) % len(items)
    return (list(items) * 2)[start:start + count]


@pytest.mark.parametrize("name, column", NUMBER_COLUMNS, ids=str)
def test_non_finite_numbers_are_refused(folder, name, column):
    for cell in rotation(NON_FINITE, name, column, NUMBER_COLUMNS, 3):
        expected = refusal(folder, name, column, cell)
        assert expected.startswith("a finite number") or (
            field_of(name, column)["type"] == "integer"
            and expected.endswith(f"{cell} is not a whole number")), (cell, expected)


@pytest.mark.parametrize("name, column", NUMBER_COLUMNS, ids=str)
def test_other_digits_and_separators_are_named(folder, name, column):
    for cell in rotation(list(NOT_ASCII), name, column, NUMBER_COLUMNS, 3):
        words = NOT_ASCII[cell]
        expected = refusal(folder, name, column, cell)
        assert "with ASCII digits 0-9 such as 36" in expected and words in expected, expected


@pytest.mark.parametrize("name, column", COLUMNS, ids=str)
def test_invisible_characters_are_named_in_every_column(folder, name, column):
    for char in rotation(list(INVISIBLE), name, column, COLUMNS, 1):
        expected = refusal(folder, name, column, "4" + char + "2")
        assert INVISIBLE[char] in expected, (repr(char), expected)


@pytest.mark.parametrize("name, column", COLUMNS, ids=str)
def test_surrounding_whitespace_is_refused_in_every_column(folder, name, column):
    original = SHIPPED[name][1][SHIPPED[name][0].index(column)] or "x"
    for cell in rotation(list(AROUND), name, column, COLUMNS, 1):
        words = AROUND[cell]
        cell = cell.replace("Fluvoxamine", original)
        expected = refusal(folder, name, column, cell)
        assert "no spaces or invisible characters before or after the" in expected
        assert f"(found {words};" in expected, expected


@pytest.mark.parametrize("name, column", TEXT_COLUMNS, ids=str)
def test_line_break_only_in_free_text(folder, name, column):
    resource = RESOURCES[name]
    field = field_of(name, column)
    cell = "first line\nsecond line"
    value = load_or_refuse(folder, name, 2, column, cell)
    if is_free_text(field, resource["schema"].get("primaryKey")):
        assert value == cell
    else:
        assert value is REFUSED


def test_every_spelling_of_each_kind_is_refused_by_the_parser():
    for cell in NON_FINITE:
        for kind in ("number", "integer"):
            with pytest.raises(CellError):
                parse_cell(cell, {"type": kind})
    for cell, words in NOT_ASCII.items():
        with pytest.raises(CellError, match="with ASCII digits 0-9") as info:
            parse_cell(cell, {"type": "number"})
        assert words in info.value.expected
    for char, name in INVISIBLE.items():
        for kind in ("string", "number", "integer", "boolean"):
            with pytest.raises(CellError) as info:
                parse_cell("4" + char + "2", {"type": kind}, free_text=True)
            assert name in info.value.expected
    for cell, words in AROUND.items():
        with pytest.raises(CellError) as info:
            parse_cell(cell, {"type": "string"}, free_text=True)
        assert f"(found {words};" in info.value.expected


def test_the_shipped_values_are_the_ones_the_parser_reads():
    for name, rows in SHIPPED.items():
        frame = helpers.load(name)
        fields = {f["name"]: f for f in RESOURCES[name]["schema"]["fields"]}
        for number, row in enumerate(rows[1:]):
            for column, cell in zip(rows[0], row, strict=True):
                assert_loaded_as_written(name, column, cell, frame[column].iloc[number])
                parse_cell(cell, fields[column], free_text=True)


@pytest.mark.parametrize("cell, words", [
    ("1e-400", "rounds to 0"), ("0.5.1", "a plain number"), ("0x10", "'x' (U+0078"),
    ("36 nM", "no units"), ("0,5", "write 0.5 with '.' as the decimal mark"),
    ("   ", "the cell holds only 3 spaces"), ("\u2028", "a LINE SEPARATOR"),
])
def test_number_messages(cell, words):
    with pytest.raises(CellError) as info:
        parse_cell(cell, {"type": "number"})
    assert words in info.value.expected


def test_integer_messages():
    for cell, words in (("2.5", "2.5 is not a whole number"), ("1e3", "not a whole number"),
                        ("1" * 19, "at most 18 digits"), ("３", "FULLWIDTH DIGIT THREE")):
        with pytest.raises(CellError) as info:
            parse_cell(cell, {"type": "integer"})
        assert words in info.value.expected, cell
    assert parse_cell("-" + "9" * 18, {"type": "integer"}) == -(10**18 - 1)


def test_plain_spellings_load_as_python_reads_them():
    for cell in ("36", "+36", "-0", "0.5", ".5", "5.", "1e3", "1E-3", "1.5e+300", "2.3e-308"):
        assert parse_cell(cell, {"type": "number"}) == float(cell)


# --- generated cells, one at a time, into every column of every dataset ------------------

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _group(text: str, separator: str) -> str:
    """Put a separator between thousands in the first run of four or more digits."""
    head = len(text) - len(text.lstrip("+-"))
    digits = len(text[head:]) - len(text[head:].lstrip("0123456789"))
    if digits < 4:
        return text
    run = text[head:head + digits]
    groups = [run[max(0, i - 3):i] for i in range(len(run), 0, -3)][::-1]
    return text[:head] + separator.join(groups) + text[head + digits:]


SPELLINGS = {
    "as is": lambda t: t,
    "full-width digits": lambda t: t.translate(FULLWIDTH),
    "Arabic-Indic digits": lambda t: t.translate(ARABIC),
    "Devanagari digits": lambda t: t.translate(DEVANAGARI),
    "underscores": lambda t: _group(t, "_"),
    "commas": lambda t: _group(t, ","),
    "thin spaces": lambda t: _group(t, "\u2009"),
    "no-break spaces": lambda t: _group(t, "\u00a0"),
    "spaces around": lambda t: f" {t} ",
    "trailing no-break space": lambda t: t + "\u00a0",
    "upper case": str.upper,
}

floats = st.floats(allow_nan=True, allow_infinity=True)
float_texts = st.one_of(
    floats.map(repr), floats.map(str), floats.map(lambda x: f"{x:e}"),
    floats.map(lambda x: f"{x:E}"), floats.map(lambda x: f"{x:f}"),
    floats.map(lambda x: f"{x:g}"), floats.map(lambda x: f"{x:,}"),
    floats.map(lambda x: f"{x:_}"), floats.map(lambda x: f"{x:.3f}"),
)
integer_texts = st.integers(-10**22, 10**22).map(str)
exponent_texts = st.builds(lambda m, e, sep: f"{m}{sep}{e}", st.integers(-999, 999),
                           st.integers(-500, 500), st.sampled_from(["e", "E", "e+", "E-"]))
special_texts = st.sampled_from([*NON_FINITE, "+inf", "-nan", "1E309", "1e-400", ".5", "5.",
                                              "+5", "-0", "0x10", "36 nM", "36%", "0,5",
                                              "1.893,5", "", "٣٦", "３６"])
number_texts = st.builds(lambda text, spelling: SPELLINGS[spelling](text),
                         st.one_of(float_texts, integer_texts, exponent_texts, special_texts),
                         st.sampled_from(sorted(SPELLINGS)))
around = st.sampled_from(["", " ", "\u00a0", "\t", "\u2028", "\u3000", "\n"])


def cells_for(name: str, column: str) -> st.SearchStrategy[str]:
    """Any text, numbers in many spellings, and this column's own values slightly changed."""
    own = sorted({row[SHIPPED[name][0].index(column)] for row in SHIPPED[name][1:]})
    enum = [str(v) for v in field_of(name, column).get("constraints", {}).get("enum", [])]
    near = st.builds(lambda before, value, after, upper: (before + value + after).upper()
                     if upper else before + value + after,
                     around, st.sampled_from(own + enum), around, st.booleans())
    booleans = st.sampled_from(["true", "false", "True", "FALSE", "1", "0", "yes", "t"])
    return st.one_of(st.text(), number_texts, near, booleans)


@pytest.mark.parametrize("name, column", COLUMNS, ids=str)
def test_a_cell_loads_as_validated_or_is_refused_by_name(folder, name, column):
    rows = len(SHIPPED[name]) - 1

    @settings(max_examples=3 * SCALE, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(cell=cells_for(name, column), row=st.integers(2, rows + 1))
    def check(cell: str, row: int) -> None:
        value = load_or_refuse(folder, name, row, column, cell)
        if value is not REFUSED:
            assert_loaded_as_written(name, column, cell, value)

    check()
