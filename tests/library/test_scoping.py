"""Prose scoped to the newsletter's values is flagged when the loaded data differ."""

from __future__ import annotations

import shutil

import pytest
from IPython.utils.capture import capture_output

import helpers
from helpers.scoping import ChangedDataNote, changed_datasets, matches_shipped


def test_shipped_data_match_in_any_row_order():
    affinity = helpers.load("sigma_affinity")
    reordered = affinity.sample(frac=1, random_state=3)
    reordered.attrs = affinity.attrs
    assert matches_shipped(affinity) and matches_shipped(reordered)


def test_a_changed_value_an_added_and_a_removed_row_do_not_match():
    affinity = helpers.load("sigma_affinity")
    changed = affinity.copy()
    changed.loc[changed.drug == "Fluvoxamine", "ki_sigma1_nm"] = 300
    fewer = affinity.iloc[1:].copy()
    more = affinity.iloc[[0, 0]].copy()
    for frame in (changed, fewer, more):
        frame.attrs = affinity.attrs
        assert not matches_shipped(frame)


pytestmark = pytest.mark.usefixtures("ipython_shell")  # tests/library/conftest.py


def test_a_teachers_copy_with_a_changed_value_is_flagged(tmp_path):
    copy = tmp_path / "my-data"
    shutil.copytree(helpers.DATA_DIR, copy)
    path = copy / "sigma_affinity.csv"
    path.write_text(path.read_text().replace("Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,300,"))
    with capture_output(display=True) as loaded:
        affinity = helpers.load("sigma_affinity", copy)
        rank = helpers.load("sigma1_rank_order", copy)
    del loaded
    assert changed_datasets(affinity, rank) == ["sigma_affinity"]
    with capture_output() as shown:
        helpers.flag_changed(affinity, rank, scope="The paragraph below")
    assert len(shown.outputs) == 1
    text = shown.outputs[0].data["text/plain"]
    assert text.startswith("CHANGED DATA: The paragraph below describes the newsletter's values")
    assert "sigma_affinity" in text and "sigma1_rank_order" not in text


def test_nothing_is_shown_for_the_shipped_data():
    with capture_output() as shown:
        helpers.flag_changed(helpers.load("sigma_affinity"))
    assert shown.outputs == [] and shown.stdout == ""


def test_frames_not_from_load_are_refused():
    import pandas as pd

    with pytest.raises(ValueError, match=r"helpers\.load"):
        matches_shipped(pd.DataFrame({"a": [1]}))
    assert ChangedDataNote([], "x").text() == ""
