"""The validation cache never lets unvalidated contents through."""

import json

import pytest

import helpers
from helpers import validated
from helpers.errors import DataValidationError


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setattr(validated, "CACHE_DIR", directory)
    return directory


def test_valid_contents_are_remembered_and_then_skip_the_cell_checks(data_copy, cache, monkeypatch):
    helpers.load("sigma_affinity", data_copy)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr("helpers.data.check_cells", lambda *a: pytest.fail("validated twice"))
    assert len(helpers.load("sigma_affinity", data_copy)) == 8


def test_changed_contents_are_validated_again(data_copy, cache):
    helpers.load("sigma_affinity", data_copy)
    csv = data_copy / "sigma_affinity.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",36,", ",abc,"), encoding="utf-8")
    with pytest.raises(DataValidationError, match="abc"):
        helpers.load("sigma_affinity", data_copy)
    assert len(list(cache.iterdir())) == 1  # the bad contents were not remembered


def test_a_changed_schema_is_validated_again(data_copy, cache):
    helpers.load("sigma_affinity", data_copy)
    package = data_copy / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    sigma = next(r for r in descriptor["resources"] if r["name"] == "sigma_affinity")
    sigma["schema"]["fields"][1]["constraints"]["enum"] = ["SSRI"]
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataValidationError, match="TCA"):
        helpers.load("sigma_affinity", data_copy)


def test_an_unwritable_cache_is_ignored(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setattr(validated, "CACHE_DIR", blocker / "cache")
    assert len(helpers.load("sigma_affinity", data_copy)) == 8


def test_every_module_with_parsing_rules_is_part_of_the_key():
    names = {path.name for path in validated._RULES}
    assert {"parsing.py", "validation.py", "errors.py", "data.py"} <= names
    assert all(path.is_file() for path in validated._RULES)


def test_a_changed_rule_gives_a_new_key(tmp_path, monkeypatch):
    rule = tmp_path / "parsing.py"
    rule.write_text("rule = 1\n")
    monkeypatch.setattr(validated, "_RULES", [rule])
    before = validated.content_key({"name": "t"}, "x\n1\n")
    rule.write_text("rule = 2\n")
    assert validated.content_key({"name": "t"}, "x\n1\n") != before


@pytest.mark.parametrize("cell", ["INF", "３６", "8_439", "Fluvoxamine "])
def test_a_poisoned_cache_cannot_make_a_bad_cell_pass(data_copy, cache, cell):
    csv = data_copy / "sigma_affinity.csv"
    text = csv.read_text(encoding="utf-8")
    column = "drug" if cell.startswith("Fluvoxamine") else "ki_sigma1_nm"
    bad = text.replace("Fluvoxamine,SSRI,36,", f"{cell},SSRI,36," if column == "drug"
                       else f"Fluvoxamine,SSRI,{cell},")
    csv.write_text(bad, encoding="utf-8")
    descriptor = helpers.resource("sigma_affinity", data_copy)
    validated.remember_valid(validated.content_key(descriptor, bad))  # as if it had passed
    with pytest.raises(DataValidationError) as info:
        helpers.load("sigma_affinity", data_copy)
    assert (info.value.row, info.value.column, info.value.value) == (2, column, cell)
