import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.data import DATA_DIR, data_dir_path, read_package
from helpers.parameters import ParameterError


def test_data_dir_found_from_the_package_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert data_dir_path() == DATA_DIR
    assert helpers.load("sigma_affinity").shape == (8, 5)


def test_load_types_columns_by_schema():
    affinity = helpers.load("sigma_affinity")
    assert list(affinity.columns) == ["drug", "drug_class", "ki_sigma1_nm", "ki_sigma2_nm", "printed_ratio"]
    assert affinity.ki_sigma1_nm.dtype == "float64"
    assert affinity.drug.dtype == "string"
    receptors = helpers.load("receptor_affinity")
    assert receptors.note.isna().sum() > 0  # empty optional cells are missing, not ""


def test_load_attaches_provenance():
    affinity = helpers.load("sigma_affinity")
    assert affinity.attrs["name"] == "sigma_affinity"
    assert affinity.attrs["kind"] == "as-printed"
    roles = [s["role"] for s in affinity.attrs["sources"]]
    assert roles == ["newsletter", "original"]
    assert "10.1016/0014-2999(96)00254-3" in affinity.attrs["sources"][1]["path"]


def test_every_resource_loads_and_has_sources_and_a_known_kind():
    kinds = {"as-printed", "literature", "derived", "illustrative", "by-row"}
    for res in read_package()["resources"]:
        frame = helpers.load(res["name"])
        assert len(frame) > 0, res["name"]
        assert res.get("sources"), f"{res['name']} has no sources"
        assert all(s.get("title") and s.get("short") for s in res["sources"]), res["name"]
        assert res.get("kind") in kinds, res["name"]
        if res["kind"] == "by-row":
            assert set(frame["kind"]) <= kinds - {"by-row"}


def test_no_dataset_stores_derived_values():
    for res in read_package()["resources"]:
        assert res["kind"] != "derived", f"{res['name']}: derived values are computed, not stored"


def test_load_from_a_copy_by_relative_path(data_copy, monkeypatch):
    csv = data_copy / "sigma_affinity.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,300,"),
                   encoding="utf-8")
    monkeypatch.chdir(data_copy.parent)
    changed = helpers.load("sigma_affinity", "data")
    assert changed.set_index("drug").ki_sigma1_nm["Fluvoxamine"] == 300
    assert helpers.load("sigma_affinity").set_index("drug").ki_sigma1_nm["Fluvoxamine"] == 36


def test_columns_may_come_in_another_order(data_copy):
    csv = data_copy / "sigma_affinity.csv"
    frame = pd.read_csv(csv)
    frame[list(reversed(frame.columns))].to_csv(csv, index=False)
    reordered = helpers.load("sigma_affinity", data_copy)
    pd.testing.assert_frame_equal(reordered, helpers.load("sigma_affinity"), check_like=False)


def test_sources_references_and_kinds():
    assert [s["role"] for s in helpers.sources("sigma_affinity")] == ["newsletter", "original"]
    refs = helpers.references("sigma_affinity", "receptor_affinity", "sigma_affinity")
    titles = [r["title"] for r in refs]
    assert len(titles) == len(set(titles)) == 4
    assert "1." in refs._repr_markdown_()
    assert helpers.kinds("receptor_affinity") == {"as-printed", "literature"}
    assert not helpers.is_illustrative("sigma_affinity")
    assert helpers.short_source("sigma_affinity").startswith("IMN March 2007, Table 1")


def test_sources_of_a_frame_without_provenance_is_an_error():
    with pytest.raises(ValueError, match="provenance"):
        helpers.sources(pd.DataFrame({"a": [1]}))


def test_data_files_are_plain_utf8_csv_with_unix_newlines():
    for path in DATA_DIR.glob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\r\n" not in raw, path.name
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode()
        assert header == header.lower() or path.name == "datapackage.json", f"{path.name}: snake_case header"
        assert os.access(path, os.R_OK)


def test_every_csv_is_described():
    described = {Path(r["path"]).name for r in read_package()["resources"]}
    assert {p.name for p in DATA_DIR.glob("*.csv")} == described


# --- data_dir as papermill's -p passes it (issue 13, case papermill-param-types) -----------

@pytest.mark.parametrize("value", [2024, 3.5])
def test_data_dir_given_as_a_number_uses_the_folder_of_that_name(value, tmp_path, monkeypatch):
    folder = tmp_path / str(value)
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.chdir(tmp_path)
    assert data_dir_path(value) == folder
    assert len(helpers.load("sigma_affinity", value)) == 8


@pytest.mark.parametrize("value", [2024, 1, 3.5])
def test_data_dir_number_without_such_a_folder_says_to_use_r(value, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParameterError) as info:
        helpers.load("sigma_affinity", value)
    message = str(info.value)
    assert message.startswith("data_dir must be the path of a folder (a copy of data/); "
                              f"got the number {value}")
    assert ("papermill turns -p values that look like numbers into numbers: "
            f"use -r data_dir {value} to pass it as text") in message


@pytest.mark.parametrize("value, words", [
    (True, "got the value True — papermill turns -p values true/false into True/False: "
           "use -r data_dir True"),
    (False, "got the value False"),
    (["my-data"], "got ['my-data'] (a list)"),
    ({"path": "my-data"}, "(a dict)"),
])
def test_data_dir_of_another_type_is_a_clear_error(value, words):
    with pytest.raises(ParameterError, match="data_dir must be the path of a folder") as info:
        data_dir_path(value)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_data_dir_text_and_paths_are_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert data_dir_path("2024") == tmp_path / "2024"
    assert data_dir_path(tmp_path / "x") == tmp_path / "x"
    assert data_dir_path(None) == DATA_DIR
