"""The changed-data banner: every value that differs from the shipped data is listed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

import helpers
from helpers.changes import Change, DataChanges, data_changes
from helpers.data import DATA_DIR
from helpers.project import NOTEBOOK_DIR

NOTEBOOK = NOTEBOOK_DIR / "02_ssri_affinities.ipynb"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A teacher's copy of data/, as `make copy-data` makes it."""
    dest = tmp_path / "my-data"
    shutil.copytree(DATA_DIR, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_shipped_data_show_nothing(capsys, monkeypatch):
    frames = [helpers.load("sigma_affinity"), helpers.load("sigma_affinity", DATA_DIR)]
    monkeypatch.chdir(DATA_DIR.parent)
    frames.append(helpers.load("sigma_affinity", "data"))  # relative path to the shipped folder
    assert helpers.announce_changes(*frames) == []
    assert capsys.readouterr().err == ""


def test_unchanged_copy_shows_nothing(copy, capsys):
    for name in ("sigma_affinity", "receptor_affinity", "sigma1_rank_order"):
        frame = helpers.load(name, copy)
        assert data_changes(frame) == []
        assert helpers.announce_changes(frame) == []
    assert capsys.readouterr().err == ""


def test_two_changed_values_are_listed(copy, capsys):
    csv = copy / "sigma_affinity.csv"
    edit(csv, "Fluvoxamine,SSRI,36,8439,234", "Fluvoxamine,SSRI,300,8439,234")
    edit(csv, "Paroxetine,SSRI,1893,22870,12", "Paroxetine,SSRI,1893,22000.5,12")
    frame = helpers.load("sigma_affinity", copy)
    # load itself is unchanged: the changed values are what it returns
    assert frame.loc[frame.drug == "Fluvoxamine", "ki_sigma1_nm"].item() == 300.0
    assert frame.attrs["path"] == str(csv)
    assert data_changes(frame) == [
        Change("sigma_affinity", "Fluvoxamine", "ki_sigma1_nm", "36", "300"),
        Change("sigma_affinity", "Paroxetine", "ki_sigma2_nm", "22870", "22000.5"),
    ]
    assert capsys.readouterr().err == ""  # load shows nothing; announcing is the next step
    assert helpers.announce_changes(frame) == data_changes(frame)
    banner = capsys.readouterr().err  # outside IPython the banner goes to stderr
    assert banner.startswith("CHANGED DATA: sigma_affinity was loaded from")
    assert str(csv) in banner
    assert "2 differences" in banner
    assert "differs from the shipped data: 2 values changed (" in banner
    for value in ("Fluvoxamine", "ki_sigma1_nm", "36", "300", "22870", "22000.5"):
        assert value in banner


def test_added_and_removed_rows_matched_by_primary_key(copy):
    csv = copy / "sigma_affinity.csv"
    edit(csv, "Desipramine,TCA,1987,11430,6\n", "Clomipramine,TCA,1000,2000,2\n")
    # rows are matched by key, not position; the new order is one entry of its own
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    changes = data_changes(helpers.load("sigma_affinity", copy))
    assert [(c.row, c.column, c.shipped, c.used) for c in changes] == [
        ("Clomipramine", "(whole row)", "(none)", "added: Clomipramine, TCA, 1000, 2000, 2"),
        ("Desipramine", "(whole row)", "Desipramine, TCA, 1987, 11430, 6", "(removed)"),
        ("(all rows)", "(row order)", "as shipped", "another order (rows are matched by drug)"),
    ]
    assert "differs from the shipped data: 1 row added, 1 row removed, rows reordered (" in (
        changes.headline())


def sort_rows(csv: Path, key=lambda line: line) -> None:
    """Sort a CSV's data rows as a spreadsheet's Sort would (header kept first)."""
    header, *rows = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([header, *sorted(rows, key=key)]) + "\n", encoding="utf-8")


def test_sorted_sheet_says_rows_moved_and_values_unchanged(copy, capsys):
    sort_rows(copy / "sigma_affinity.csv")  # by drug name: ( sorts before letters
    frame = helpers.load("sigma_affinity", copy)
    changes = data_changes(frame)
    assert changes == [Change("sigma_affinity", "(all rows)", "(row order)", "as shipped",
                              "another order (rows are matched by drug)")]
    assert changes[0].what == "order"
    helpers.announce_changes(frame)
    banner = capsys.readouterr().err
    assert banner.startswith("CHANGED DATA: sigma_affinity was loaded from ")
    assert ("whose rows are in another order than the shipped file (values unchanged; rows are "
            "matched by their key (drug), not by where they stand in the file, so every value "
            "used is the same") in banner
    assert "value used" in banner  # the table of differences is still shown


def test_sorted_long_table_names_its_composite_key(copy):
    sort_rows(copy / "receptor_affinity.csv", key=lambda line: line.split(",")[2])
    changes = data_changes(helpers.load("receptor_affinity", copy))
    assert [c.what for c in changes] == ["order"]
    assert "matched by their key (drug + receptor + source)" in changes.headline()


def test_key_differing_only_in_capitals_is_said_so(copy):
    edit(copy / "sigma_affinity.csv", "Fluvoxamine,SSRI,36,", "fluvoxamine,SSRI,36,")
    changes = data_changes(helpers.load("sigma_affinity", copy))
    assert changes == [Change("sigma_affinity", "Fluvoxamine", "drug", "Fluvoxamine",
                              "fluvoxamine (only the capitals differ)")]
    headline = changes.headline()
    assert "1 name differs only in capital letters ('fluvoxamine' for 'Fluvoxamine'" in headline
    assert "added" not in headline and "removed" not in headline


def test_capitals_in_a_composite_key_and_a_changed_value_in_that_row(copy):
    edit(copy / "receptor_affinity.csv", "Mirtazapine,H1,0.5,", "mirtazapine,H1,0.7,")
    changes = data_changes(helpers.load("receptor_affinity", copy))
    assert [(c.row, c.column, c.shipped, c.used, c.what) for c in changes] == [
        ("Mirtazapine / H1 / newsletter", "drug", "Mirtazapine",
         "mirtazapine (only the capitals differ)", "capitals"),
        ("Mirtazapine / H1 / newsletter", "ki_nm", "0.5", "0.7", "value"),
    ]


def test_headline_counts_every_kind_of_change(copy):
    csv = copy / "sigma_affinity.csv"
    edit(csv, "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,300,")
    edit(csv, "Sertraline,SSRI,57,", "Sertraline,SSRI,58,")
    csv.write_text(csv.read_text(encoding="utf-8") + "Clomipramine,TCA,1000,2000,2\n",
                   encoding="utf-8")
    sort_rows(csv)
    changes = data_changes(helpers.load("sigma_affinity", copy))
    assert changes.summary() == "2 values changed, 1 row added, rows reordered"
    assert "4 differences listed below" in changes.headline()
    assert [c.what for c in changes] == ["added", "value", "value", "order"]


def test_line_break_in_a_note_shows_escaped_in_the_text_banner(copy):
    edit(copy / "receptor_affinity.csv", "printed as 'mirtazepine'",
         "\"printed as\nmirtazepine\"")
    changes = data_changes(helpers.load("receptor_affinity", copy))
    assert changes[0].used == "printed as\nmirtazepine"
    assert "printed as\\nmirtazepine" in str(changes)
    assert len(str(changes).splitlines()) == 3  # headline, headings, one row


def test_data_module_never_imports_the_changes():
    """No cycle: loading data imports neither the comparison nor the banner."""
    import subprocess
    import sys

    code = ("import sys, helpers.data as d; d.load('sigma_affinity'); "
            "assert not {'helpers.changes', 'helpers.banner', 'helpers.announce'} & set(sys.modules)"
            "; import helpers.changes")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_composite_key_and_emptied_cell(copy):
    csv = copy / "receptor_affinity.csv"
    frame = helpers.load("receptor_affinity")
    row = frame[(frame.drug == "Fluvoxamine") & (frame.receptor == "H1")
                & (frame.source == "newsletter")]
    assert len(row) == 1
    lines = csv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    number = row.index[0] + 1
    cells = lines[number].split(",")
    old_ki = cells[header.index("ki_nm")]
    cells[header.index("ki_nm")] = "5"
    lines[number] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changes = data_changes(helpers.load("receptor_affinity", copy))
    assert changes == [Change("receptor_affinity", "Fluvoxamine / H1 / newsletter", "ki_nm",
                              old_ki, "5")]


def test_changed_kind_and_sources_are_listed(copy):
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "sigma_affinity")
    res["kind"] = "illustrative"
    res["sources"] = res["sources"][:1]
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    changes = data_changes(helpers.load("sigma_affinity", copy))
    assert [(c.row, c.column, c.shipped, c.used) for c in changes] == [
        ("(description)", "kind", "as-printed", "illustrative"),
        ("(description)", "sources",
         "IMN March 2007, Table 1; Narita et al., Eur J Pharmacol 1996",
         "IMN March 2007, Table 1"),
    ]


def test_banner_has_text_html_and_markdown():
    changes = DataChanges([Change("sigma_affinity", "Fluvoxamine", "ki_sigma1_nm", "36", "300")],
                          "my-data/sigma_affinity.csv")
    bundle = changes._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    assert "| sigma\\_affinity | Fluvoxamine | ki\\_sigma1\\_nm | 36 | 300 |" in bundle[
        "text/markdown"]
    assert bundle["text/markdown"].startswith("**CHANGED DATA:")
    assert "<td>Fluvoxamine</td>" in bundle["text/html"]
    assert "changed-data-banner" in bundle["text/html"]
    assert "1 difference " in bundle["text/plain"]


def test_new_dataset_is_reported(copy):
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    extra = json.loads(json.dumps(package["resources"][0]))
    extra["name"] = "my_table"
    package["resources"].append(extra)
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    changes = data_changes(helpers.load("my_table", copy))
    assert len(changes) == 1
    assert changes[0].used == "8 rows, not in the shipped data"


def _banners(notebook: nbformat.NotebookNode) -> list[str]:
    """The changed-data banners (DataChanges), not other notes that start with CHANGED DATA."""
    return [out.data["text/plain"] for cell in notebook.cells for out in cell.get("outputs", [])
            if "changed-data-banner" in out.get("data", {}).get("text/html", "")
            and out.data["text/plain"].startswith("CHANGED DATA")]


def test_stored_notebook_outputs_have_no_banner():
    assert _banners(nbformat.read(NOTEBOOK, as_version=4)) == []


def test_papermill_run_on_changed_copy_shows_banner(copy, tmp_path):
    from publish.execute import execute_notebook

    edit(copy / "sigma_affinity.csv", "Fluvoxamine,SSRI,36,", "Fluvoxamine,SSRI,300,")
    executed = execute_notebook(NOTEBOOK, tmp_path / "out.ipynb", copy)
    banners = _banners(executed)
    assert len(banners) == 1
    assert "Fluvoxamine" in banners[0] and "300" in banners[0]
    load_cell = next(c for c in executed.cells if "text/markdown" in str(c.get("outputs"))
                     and "CHANGED DATA" in str(c.get("outputs")))
    assert 'helpers.load("sigma_affinity", data_dir)' in load_cell.source


def test_a_dataset_keyed_by_position_gets_a_banner_that_reads(data_copy, capsys):
    """Regression (review): pc12_concentrations is keyed by a column named 'position'."""
    path = data_copy / "pc12_concentrations.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    helpers.announce_changes(helpers.load("pc12_concentrations", data_copy))
    banner = capsys.readouterr().err
    assert "matched by their key (position), not by where they stand in the file" in banner
    assert "by position, not by position" not in banner
