"""load only reads; announce_changes shows the banner; every comparison is computed once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from IPython.utils.capture import capture_output

import helpers
import helpers.changes
from helpers.banner import DataChanges
from helpers.changes import data_changes
from helpers.data import DATA_DIR

SHIPPED_BOX = ('<div class="changed-data-banner" style="border: 3px solid #d55e00; '
               'background: #fff3e0; padding: 0.5em 1em; margin: 0.5em 0;">'
               "<p><strong>CHANGED DATA: ")


pytestmark = pytest.mark.usefixtures("ipython_shell")  # tests/library/conftest.py


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def changed(data_copy: Path) -> Path:
    """A teacher's copy with one changed value in each of two datasets."""
    edit(data_copy / "sigma_affinity.csv", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,300,")
    edit(data_copy / "sigma1_rank_order.csv", "1,Fluvoxamine", "1,Sertraline")
    edit(data_copy / "sigma1_rank_order.csv", "2,Sertraline", "2,Fluvoxamine")
    return data_copy


def test_load_shows_and_prints_nothing_even_for_a_changed_copy(changed):
    with capture_output(display=True) as seen:
        frame = helpers.load("sigma_affinity", changed)
    assert frame.loc[frame.drug == "Fluvoxamine", "ki_sigma1_nm"].item() == 300.0
    assert (seen.outputs, seen.stdout, seen.stderr) == ([], "", "")


def test_announce_shows_one_banner_for_the_changed_frames(changed):
    affinity = helpers.load("sigma_affinity", changed)
    rank = helpers.load("sigma1_rank_order", changed)
    unchanged = helpers.load("receptor_affinity", changed)
    with capture_output(display=True) as seen:
        found = helpers.announce_changes(affinity, unchanged, rank)
    assert len(seen.outputs) == 1
    shown = seen.outputs[0].data
    # each dataset reads exactly as its own banner would, in argument order
    alone = [data_changes(affinity), data_changes(rank)]
    assert shown["text/plain"] == "\n".join(str(c) for c in alone)
    assert shown["text/markdown"] == "\n\n".join(c.to_markdown() for c in alone)
    assert shown["text/html"].count("changed-data-banner") == 1
    assert shown["text/html"].count("<p><strong>CHANGED DATA: ") == 2
    assert "receptor_affinity" not in shown["text/plain"]
    assert found == alone[0] + alone[1]


def test_a_single_changed_dataset_shows_the_banner_load_used_to_show(changed):
    affinity = helpers.load("sigma_affinity", changed)
    with capture_output(display=True) as seen:
        helpers.announce_changes(affinity)
    [output] = seen.outputs
    assert output.data["text/html"].startswith(SHIPPED_BOX)
    assert output.data["text/plain"].startswith(
        f"CHANGED DATA: sigma_affinity was loaded from {changed / 'sigma_affinity.csv'}, "
        "which differs from the shipped data: 1 value changed (1 difference listed below).")
    assert output.data["text/plain"].splitlines()[1:] == [
        "  dataset         row          column        shipped value  value used",
        "  sigma_affinity  Fluvoxamine  ki_sigma1_nm  36             300"]


def test_nothing_is_announced_for_shipped_data_or_an_unchanged_copy(data_copy):
    frames = [helpers.load("sigma_affinity"), helpers.load("sigma_affinity", DATA_DIR),
              helpers.load("sigma_affinity", data_copy)]
    with capture_output(display=True) as seen:
        assert helpers.announce_changes(*frames) == []
        assert helpers.announce_changes() == []
    assert (seen.outputs, seen.stdout, seen.stderr) == ([], "", "")


def test_a_shipped_frame_edited_in_memory_is_not_announced_but_does_not_match():
    """announce_changes is about the folder read; matches_shipped about the values held."""
    frame = helpers.load("sigma_affinity")
    frame.loc[0, "ki_sigma1_nm"] = 300.0
    with capture_output(display=True) as seen:
        helpers.announce_changes(frame)
    assert seen.outputs == []
    assert not helpers.matches_shipped(frame)


def test_announce_refuses_frames_not_from_load():
    with pytest.raises(ValueError, match=r"helpers\.load"):
        helpers.announce_changes(pd.DataFrame({"a": [1]}))


def test_check_data_shows_one_banner_above_its_summary(changed):
    with capture_output(display=True) as seen:
        summary = helpers.check_data(changed)
    assert len(seen.outputs) == 1
    assert seen.outputs[0].data["text/plain"].startswith("CHANGED DATA: sigma_affinity")
    assert str(summary).endswith("2 differ from the shipped data (listed above): "
                                 "sigma_affinity, sigma1_rank_order.")
    assert summary._repr_mimebundle_() == {"text/plain": str(summary)}


def test_each_frame_is_compared_once(changed, monkeypatch):
    """announce, check_data, matches_shipped, changed_datasets, flag_changed share one diff."""
    monkeypatch.setattr(helpers.changes, "_memo", {})
    calls: Counter[str] = Counter()
    compute = helpers.changes._compute_changes

    def counting(used, shipped, key):
        calls[used.attrs["name"]] += 1
        return compute(used, shipped, key)

    monkeypatch.setattr(helpers.changes, "_compute_changes", counting)
    affinity = helpers.load("sigma_affinity", changed)
    with capture_output(display=True):
        helpers.announce_changes(affinity)
        helpers.check_data(changed)  # loads sigma_affinity again: same content, same diff
        assert not helpers.matches_shipped(affinity)
        assert helpers.changed_datasets(affinity) == ["sigma_affinity"]
        helpers.flag_changed(affinity)
        assert data_changes(affinity) == data_changes(helpers.load("sigma_affinity", changed))
    assert calls["sigma_affinity"] == 1
    assert set(calls.values()) == {1}  # every other dataset of check_data: once as well


def test_an_edit_after_the_first_comparison_is_seen(changed):
    affinity = helpers.load("sigma_affinity", changed)
    assert len(data_changes(affinity)) == 1
    affinity.loc[affinity.drug == "Sertraline", "ki_sigma1_nm"] = 1.0
    assert len(data_changes(affinity)) == 2
    affinity.loc[affinity.drug == "Fluvoxamine", "ki_sigma1_nm"] = 36.0
    affinity.loc[affinity.drug == "Sertraline", "ki_sigma1_nm"] = 57.0
    assert data_changes(affinity) == [] and helpers.matches_shipped(affinity)


def _old_matches_shipped(frame: pd.DataFrame) -> bool:
    """matches_shipped before the shared comparison: columns and the multiset of row texts."""
    def rows(f: pd.DataFrame) -> Counter:
        text = f.astype(object).where(f.notna(), None).astype(str)
        return Counter(map(tuple, text.to_numpy().tolist()))

    shipped = helpers.load(frame.attrs["name"])
    return list(frame.columns) == list(shipped.columns) and rows(frame) == rows(shipped)


def _variants() -> dict[str, pd.DataFrame]:
    shipped = helpers.load("sigma_affinity")
    frames = {
        "shipped": shipped.copy(),
        "reordered rows": shipped.iloc[::-1].copy(),
        "changed value": shipped.assign(ki_sigma2_nm=shipped.ki_sigma2_nm + 1),
        "a row fewer": shipped.iloc[1:].copy(),
        "a row twice": shipped.iloc[[0, 0, 1, 2, 3, 4, 5, 6]].copy(),
        "columns reordered": shipped[list(reversed(shipped.columns))].copy(),
        "a column fewer": shipped.drop(columns="printed_ratio"),
        "a number column as text": shipped.assign(  # as a schema typed "string" loads it
            ki_sigma1_nm=shipped.ki_sigma1_nm.map("{:g}".format).astype("string")),
        "a capitalised key": shipped.assign(drug=shipped.drug.str.upper()),
        "an emptied cell": shipped.assign(printed_ratio=shipped.printed_ratio.where(
            shipped.drug != "Fluvoxamine")),
        "other sources": shipped.copy(),
    }
    for frame in frames.values():
        frame.attrs = dict(shipped.attrs)
    frames["other sources"].attrs["sources"] = []
    return frames


@pytest.mark.parametrize("variant", list(_variants()))
def test_matches_shipped_says_what_it_said_before(variant):
    frame = _variants()[variant]
    assert helpers.matches_shipped(frame) == _old_matches_shipped(frame), variant


def test_combined_banner_of_nothing_is_empty():
    assert DataChanges.combined([]) == [] and str(DataChanges.combined([])) == str(DataChanges())


def test_data_does_not_import_the_comparison_or_the_banner():
    """The former data <-> changes cycle is gone: loading never imports the comparison."""
    code = ("import sys, helpers.data as d; d.load('sigma_affinity'); "
            "bad = {'helpers.changes', 'helpers.banner', 'helpers.announce', 'IPython'} "
            "& set(sys.modules); assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
