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
