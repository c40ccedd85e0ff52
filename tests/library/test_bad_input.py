"""Every kind of broken edit a student or teacher can make gets one clear error.

Each case edits a scratch copy of data/ and checks that loading raises a
DataValidationError naming the file, row, column, value and what was expected.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import DataValidationError


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_package(data_dir: Path, change) -> Path:
    """Apply ``change`` to the parsed datapackage.json of a scratch copy; return its path."""
    package = data_dir / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    change(descriptor)
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    return package


def failure(name: str, data_dir: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        helpers.load(name, data_dir)
    error = info.value
    message = str(error)
    assert "Traceback" not in message and "pandas" not in message
    assert message.splitlines()[-1].startswith("Nothing was loaded")
    return error


# (file, text to replace, replacement, row, column, value, words expected in "expected")
CELL_CASES = {
    "word for a number": ("sigma_affinity", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,abc,", 2, "ki_sigma1_nm", "abc", "number"),
    "unit in the cell": ("sigma_affinity", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,36 nM,", 2, "ki_sigma1_nm", "36 nM", "no units"),
    "thousands separator": ("sigma_affinity", "Paroxetine,SSRI,1893,", 'Paroxetine,SSRI,"1,893",', 7, "ki_sigma1_nm", "1,893", "write 1893"),
    "decimal comma": ("receptor_affinity", "Mirtazapine,H1,0.5,", 'Mirtazapine,H1,"0,5",', 5, "ki_nm", "0,5", "number"),
    "zero Ki": ("sigma_affinity", "Sertraline,SSRI,57,", "Sertraline,SSRI,0,", 3, "ki_sigma1_nm", "0", "greater than 0"),
    "negative Ki": ("sigma_affinity", ",8439,", ",-8439,", 2, "ki_sigma2_nm", "-8439", "greater than 0"),
    "empty required cell": ("sigma_affinity", "Sertraline,SSRI,57,5297,93", "Sertraline,SSRI,,5297,93", 3, "ki_sigma1_nm", "", "a value"),
    "empty drug name": ("sigma_affinity", "Citalopram,SSRI", ",SSRI", 6, "drug", "", "a value"),
    "unknown qualifier": ("receptor_affinity", "Fluvoxamine,H1,10000,>,", "Fluvoxamine,H1,10000,>=,", 8, "qualifier", ">=", "one of '=', '>', '<'"),
    "qualifier lost to a formula": ("receptor_affinity", "Amitriptyline,alpha-1,25,=,", "Amitriptyline,alpha-1,25,,", 2, "qualifier", "", "a value"),
    "unknown drug class": ("sigma_affinity", "Imipramine,TCA,", "Imipramine,MAOI,", 8, "drug_class", "MAOI", "one of 'SSRI', 'TCA'"),
    "lower-case class": ("sigma_affinity", "Imipramine,TCA,", "Imipramine,tca,", 8, "drug_class", "tca", "one of"),
    "unknown receptor": ("receptor_affinity", "Sertraline,alpha-1,400,", "Sertraline,alpha1,400,", 3, "receptor", "alpha1", "one of"),
    "rank not a whole number": ("sigma1_rank_order", "2,Sertraline", "2.5,Sertraline", 3, "rank", "2.5", "whole number"),
}


@pytest.mark.parametrize("case", list(CELL_CASES))
def test_bad_cell(case, data_copy):
    name, old, new, row, column, value, expected = CELL_CASES[case]
    edit(data_copy / f"{name}.csv", old, new)
    error = failure(name, data_copy)
    assert error.file == data_copy / f"{name}.csv"
    assert (error.row, error.column, error.value) == (row, column, value)
    assert expected in error.expected
    assert f"row {row}" in str(error) and repr(column) in str(error)


def test_duplicate_drug(data_copy):
    edit(data_copy / "sigma_affinity.csv", "Sertraline,SSRI", "Fluvoxamine,SSRI")
    error = failure("sigma_affinity", data_copy)
    assert (error.row, error.column) == (3, "drug")
    assert "unique drug" in error.expected and "(row 2 has the same)" in error.expected
    assert error.value == "Fluvoxamine"


def test_duplicate_key_in_long_table(data_copy):
    edit(data_copy / "receptor_affinity.csv", "Paroxetine,H1,250,", "Amitriptyline,H1,250,")
    error = failure("receptor_affinity", data_copy)
    assert error.column == "drug + receptor + source"
    assert "unique" in error.expected and error.value == "Amitriptyline / H1 / newsletter"


def test_several_problems_are_listed_together(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    edit(csv, "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,abc,")
    edit(csv, "Imipramine,TCA,", "Imipramine,MAOI,")
    error = failure("sigma_affinity", data_copy)
    assert len(error.problems) == 2
    assert "1 more problem" in str(error)


def test_missing_column(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    frame = pd.read_csv(csv).drop(columns="printed_ratio")
    frame.to_csv(csv, index=False)
    error = failure("sigma_affinity", data_copy)
    assert (error.row, error.column) == (1, "printed_ratio")
    assert "missing" in error.expected


def test_unknown_extra_column(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    frame = pd.read_csv(csv).assign(comment="checked")
    frame.to_csv(csv, index=False)
    error = failure("sigma_affinity", data_copy)
    assert (error.row, error.column, error.value) == (1, "comment", "comment")
    assert "only the columns drug, drug_class" in error.expected


def test_misspelt_column_name(data_copy):
    edit(data_copy / "sigma_affinity.csv", "ki_sigma1_nm", "ki_sigma1_nM")
    error = failure("sigma_affinity", data_copy)
    columns = [p.column for p in error.problems]
    assert columns == ["ki_sigma1_nM", "ki_sigma1_nm"]


def test_repeated_column(data_copy):
    edit(data_copy / "sigma1_rank_order.csv", "rank,drug", "rank,drug,drug")
    error = failure("sigma1_rank_order", data_copy)
    assert error.column == "drug" and "each column once" in error.expected


def test_row_with_an_extra_cell(data_copy):
    edit(data_copy / "sigma1_rank_order.csv", "2,Sertraline", "2,Sertraline,oops")
    error = failure("sigma1_rank_order", data_copy)
    assert error.row == 3 and "one value for each" in error.expected


def test_empty_file(data_copy):
    (data_copy / "sigma_affinity.csv").write_text("", encoding="utf-8")
    error = failure("sigma_affinity", data_copy)
    assert "empty" in error.expected and error.file.name == "sigma_affinity.csv"


def test_missing_file(data_copy):
    (data_copy / "sigma_affinity.csv").unlink()
    error = failure("sigma_affinity", data_copy)
    assert "does not exist" in error.expected and error.file.name == "sigma_affinity.csv"


def test_missing_data_directory(tmp_path):
    error = failure("sigma_affinity", tmp_path / "nowhere")
    assert error.file.name == "datapackage.json" and "does not exist" in error.expected


def test_malformed_datapackage_json(data_copy):
    package = data_copy / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    package.write_text(text.replace('"resources": [', '"resources": [,', 1), encoding="utf-8")
    error = failure("sigma_affinity", data_copy)
    assert error.file == package
    assert "valid JSON" in error.expected and error.row is not None


def test_datapackage_without_a_schema(data_copy):
    package = edit_package(data_copy, lambda d: d["resources"][0].pop("schema"))
    error = failure("sigma_affinity", data_copy)
    assert error.file == package and '"schema"' in error.expected


def test_datapackage_with_an_unknown_field_type(data_copy):
    package = edit_package(data_copy, lambda d: d["resources"][0]["schema"]["fields"][2].update(type="float"))
    error = failure("sigma_affinity", data_copy)
    assert error.file == package and "float" in error.value


def test_datapackage_with_a_broken_constraint(data_copy):
    package = edit_package(data_copy, lambda d: d["resources"][0]["schema"]["fields"][1]["constraints"].update(enum="SSRI"))
    error = failure("sigma_affinity", data_copy)
    assert error.file == package and "Table Schema" in error.expected


def test_unknown_dataset_name(data_copy):
    error = failure("sigma_afinity", data_copy)
    assert error.value == "sigma_afinity" and "sigma_affinity" in error.expected


def test_datapackage_pointing_at_a_missing_file(data_copy):
    edit_package(data_copy, lambda d: d["resources"][0].update(path="table1.csv"))
    error = failure("sigma_affinity", data_copy)
    assert error.file.name == "table1.csv"


# --- files as spreadsheet programs save them ---------------------------------------------

def test_excel_csv_utf8_with_bom_and_crlf_loads(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    pd.testing.assert_frame_equal(helpers.load("sigma_affinity", data_copy), helpers.load("sigma_affinity"))


def test_libreoffice_quoting_everything_loads(data_copy):
    csv = data_copy / "receptor_affinity.csv"
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame.to_csv(csv, index=False, quoting=1)  # csv.QUOTE_ALL
    pd.testing.assert_frame_equal(helpers.load("receptor_affinity", data_copy), helpers.load("receptor_affinity"))


def test_trailing_empty_rows_from_a_spreadsheet_are_ignored(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + ",,,,\n\n,,,,\n", encoding="utf-8")
    pd.testing.assert_frame_equal(helpers.load("sigma_affinity", data_copy), helpers.load("sigma_affinity"))


README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("sep, name", [(";", "semicolons"), ("\t", "tabs")])
def test_semicolon_or_tab_separated_file_says_how_to_save_it(data_copy, sep, name):
    csv = data_copy / "receptor_affinity.csv"
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame.to_csv(csv, index=False, sep=sep)
    error = failure("receptor_affinity", data_copy)
    assert error.row == 1 and f"commas between values, not {name}" in error.expected
    advice = 'save it as "CSV UTF-8" (comma-separated, with "." as the decimal mark)'
    assert error.expected.endswith(advice)
    readme = " ".join(README.read_text(encoding="utf-8").split())  # as rendered: one line
    assert advice.replace("save it as", "save as") in readme


def test_windows_1252_file_names_row_column_and_character(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    csv.write_bytes(csv.read_text(encoding="utf-8").encode("cp1252"))
    error = failure("sigma_affinity", data_copy)
    assert "CSV UTF-8" in error.expected
    assert (error.row, error.column, error.value) == (5, "drug", "(±)Fluoxetine")
    assert "'±' (byte 0xB1)" in error.expected and "Windows/Latin-1" in error.expected


def test_every_latin1_cell_is_named(data_copy):
    csv = data_copy / "pc12_design.csv"  # holds 'µM' and the en dash '–' in several rows
    csv.write_bytes(csv.read_text(encoding="utf-8").encode("cp1252"))
    error = failure("pc12_design", data_copy)
    columns = {p.column for p in error.problems}
    assert columns == {"row_label_as_printed", "amount_unit", "printed_mark"}
    assert any("'µ' (byte 0xB5)" in p.expected for p in error.problems)
    assert any("'–' (byte 0x96)" in p.expected for p in error.problems)
    assert [p.row for p in error.problems] == sorted(p.row for p in error.problems)


def test_utf16_file_says_so(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    csv.write_bytes(csv.read_text(encoding="utf-8").encode("utf-16"))
    error = failure("sigma_affinity", data_copy)
    assert "UTF-16" in error.expected and "CSV UTF-8" in error.expected


def test_unclosed_quote_names_its_row(data_copy):
    edit(data_copy / "receptor_affinity.csv", "Mirtazapine,H1,0.5,=,newsletter,as-printed,",
         'Mirtazapine,H1,0.5,=,newsletter,as-printed,"')
    error = failure("receptor_affinity", data_copy)
    assert error.row == 5 and "closing quote" in error.expected


def test_text_after_a_closing_quote_names_its_row(data_copy):
    edit(data_copy / "sigma_affinity.csv", "Sertraline,", '"Sert"raline,')
    error = failure("sigma_affinity", data_copy)
    assert error.row == 3 and "comma right after a closing quote" in error.expected


def test_error_shows_only_its_message_in_jupyter(data_copy):
    edit(data_copy / "sigma_affinity.csv", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,abc,")
    error = failure("sigma_affinity", data_copy)
    lines = error._render_traceback_()
    assert lines[0].startswith("DataValidationError: ") and "sigma_affinity.csv, row 2" in lines[0]


def test_a_bad_copy_leaves_the_shipped_data_loadable(data_copy):
    (data_copy / "sigma_affinity.csv").write_text("nonsense", encoding="utf-8")
    failure("sigma_affinity", data_copy)
    assert len(helpers.load("sigma_affinity")) == 8


def test_empty_row_in_the_middle_says_to_delete_it(data_copy):
    edit(data_copy / "sigma1_rank_order.csv", "2,Sertraline\n", "2,Sertraline\n,\n")
    error = failure("sigma1_rank_order", data_copy)
    assert error.row == 4 and "the row is empty" in str(error)


# --- issue 13: each case as found, and its right outcome -----------------------------------

CASES = Path(__file__).resolve().parents[1] / "cases" / "edited-data"

# (case, file in the case folder, dataset, row, column, value, words expected)
ISSUE_CASES = {
    "inf-ki": ("sigma_affinity.csv", "sigma_affinity", 2, "ki_sigma2_nm", "INF",
               "a finite number"),
    "nonascii-digits": ("sigma_affinity.csv", "sigma_affinity", 2, "ki_sigma1_nm", "３６",
                        "a plain number with ASCII digits 0-9 such as 36 or 0.5"),
    "nonascii-digits underscore": ("sigma_affinity_underscore.csv", "sigma_affinity", 2,
                                   "ki_sigma2_nm", "8_439", "'_' (U+005F LOW LINE); write 8439"),
    "trailing-space-key": ("sigma_affinity.csv", "sigma_affinity", 2, "drug", "Fluvoxamine ",
                           "no spaces or invisible characters before or after the text "
                           "(found a trailing space"),
    "unicode-line-separator": ("sigma_affinity.csv", "sigma_affinity", 3, "drug",
                               "Sertra\u2028line", "'\\u2028' (U+2028 LINE SEPARATOR)"),
    "unicode-line-separator formfeed": ("receptor_affinity_formfeed.csv", "receptor_affinity", 5,
                                        "note", "printed as\x0c'mirtazepine'",
                                        "'\\x0c' (U+000C FORM FEED)"),
}


@pytest.mark.parametrize("case", list(ISSUE_CASES))
def test_issue_13_case(case, data_copy):
    source, name, row, column, value, words = ISSUE_CASES[case]
    shutil.copyfile(CASES / case.split()[0] / source, data_copy / f"{name}.csv")
    error = failure(name, data_copy)
    assert len(error.problems) == 1, str(error)  # one message, not a cascade
    assert error.file == data_copy / f"{name}.csv"
    assert (error.row, error.column, error.value) == (row, column, value)
    assert words in error.expected
    first = str(error).splitlines()[0]
    assert first.startswith(f"{data_copy / name}.csv, row {row}, column {column!r}: found ")


def test_inf_ki_in_every_spelling_is_refused(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    text = csv.read_text(encoding="utf-8")
    for spelling in ("INF", "inf", "-INF", "Infinity", "-Infinity", "NaN", "nan", "1e400",
                     "-1e400"):
        csv.write_text(text.replace("Fluvoxamine,SSRI,36,", f"Fluvoxamine,SSRI,{spelling},"),
                       encoding="utf-8")
        error = failure("sigma_affinity", data_copy)
        assert (error.row, error.column, error.value) == (2, "ki_sigma1_nm", spelling)
        assert error.expected.startswith("a finite number"), error.expected


def test_vertical_tab_never_becomes_a_new_row(data_copy):
    edit(data_copy / "receptor_affinity.csv", "printed as 'mirtazepine'",
         '"printed as\x0b\'mirtazepine\'"')
    error = failure("receptor_affinity", data_copy)
    assert len(error.problems) == 1
    assert (error.row, error.column) == (5, "note")
    assert "LINE TABULATION" in error.expected


def test_quoted_line_break_in_a_note_loads_as_written(data_copy):
    edit(data_copy / "receptor_affinity.csv", "printed as 'mirtazepine'",
         '"printed as\n\'mirtazepine\'"')
    frame = helpers.load("receptor_affinity", data_copy)
    assert len(frame) == 24
    assert frame.note[3] == "printed as\n'mirtazepine'"


def test_quoted_line_break_in_a_key_is_refused(data_copy):
    edit(data_copy / "sigma_affinity.csv", "Sertraline,", '"Sert\nraline",')
    error = failure("sigma_affinity", data_copy)
    assert (error.row, error.column) == (3, "drug")  # a spreadsheet row, not a text line
    assert "line break is allowed only in free-text columns" in error.expected
    edit(data_copy / "sigma_affinity.csv", '"Sert\nraline",', "Sertraline,")
    edit(data_copy / "sigma_affinity.csv", "Imipramine,TCA,", 'Imipramine,"T\nCA",')
    error = failure("sigma_affinity", data_copy)
    assert (error.row, error.column, error.value) == (8, "drug_class", "T\nCA")
    assert len(error.problems) == 1  # the enum does not report the same cell again


def test_a_file_with_only_its_header_row_is_refused(data_copy):
    """Regression (review): a header-only sigma_affinity.csv validated, then a lesson died on iloc."""
    path = data_copy / "sigma_affinity.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as raised:
        helpers.load("sigma_affinity", data_copy)
    assert raised.value.row == 2 and "at least one data row" in raised.value.expected


@pytest.mark.parametrize("cell", ["1e-320", "-4.9e-324"])
def test_numbers_below_the_smallest_normal_float_are_refused(data_copy, cell):
    path = data_copy / "sigma_affinity.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Fluvoxamine,SSRI,36,",
                                                             f"Fluvoxamine,SSRI,{cell},"),
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as raised:
        helpers.load("sigma_affinity", data_copy)
    assert (raised.value.row, raised.value.column, raised.value.value) == (2, "ki_sigma1_nm", cell)
    assert "lose their digits" in raised.value.expected
