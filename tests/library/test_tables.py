import re

import pandas as pd
import pytest

import helpers


def frame():
    return pd.DataFrame({"drug": ["Fluvoxamine", "S(+)Fluoxetine"], "ki_nm": [36.0, 1893.0],
                         "note": ["a|b", None]})


def test_table_formats_and_renames():
    table = helpers.table(frame(), formats={"ki_nm": "{:,.0f}".format}, columns={"ki_nm": "Ki (nM)"},
                          caption="Caption")
    assert list(table.frame.columns) == ["drug", "Ki (nM)", "note"]
    assert table.frame["Ki (nM)"].tolist() == ["36", "1,893"]
    assert table.frame.note.tolist() == ["a|b", ""]


def test_markdown_is_a_pipe_table_with_escaped_cells_and_numeric_columns_right_aligned():
    markdown = helpers.table(frame(), formats={"ki_nm": "{:,.0f}".format}, caption="Caption").to_markdown()
    lines = markdown.splitlines()
    assert lines[0] == "| drug | ki\\_nm | note |"
    assert lines[1] == "|:---|---:|:---|"
    assert lines[2] == "| Fluvoxamine | 36 | a\\|b |"
    assert lines[-1] == ": Caption"


def test_mimebundle_offers_text_html_and_markdown():
    bundle = helpers.table(frame())._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    assert "<table" in bundle["text/html"] and "Fluvoxamine" in bundle["text/plain"]


def test_html_is_a_plain_table_with_caption_and_escaped_cells():
    shown = pd.DataFrame({"drug": ["<b>Fluvoxamine</b>"], "ki": ["> 10,000 & more"]})
    html = helpers.table(shown, caption="Ki < 1 & > 0").to_html()
    assert html == helpers.table(shown, caption="Ki < 1 & > 0").to_html()
    assert "id=" not in html and "<style" not in html
    assert "<caption>Ki &lt; 1 &amp; &gt; 0</caption>" in html
    assert re.findall(r"<td>(.*?)</td>", html) == ["&lt;b&gt;Fluvoxamine&lt;/b&gt;",
                                                    "&gt; 10,000 &amp; more"]


def test_and_list_joins_as_a_sentence():
    assert helpers.and_list([]) == "none"
    assert helpers.and_list([], empty="no drug") == "no drug"
    assert helpers.and_list(["Fluvoxamine"]) == "Fluvoxamine"
    assert helpers.and_list(iter(["A", "B"])) == "A and B"
    assert helpers.and_list([1, 2.5, "C"]) == "1, 2.5 and C"


def test_lookup_finds_the_one_row_by_key():
    affinity = helpers.load("sigma_affinity")
    assert helpers.lookup(affinity, drug="Paroxetine").ki_sigma1_nm == 1893
    receptors = helpers.load("receptor_affinity")
    row = helpers.lookup(receptors, drug="Amitriptyline", receptor="H1", source="newsletter")
    assert (row.ki_nm, row.qualifier) == (20, "=")


def test_lookup_names_what_is_missing():
    affinity = helpers.load("sigma_affinity")
    without = affinity[affinity.drug != "Fluvoxamine"]
    with pytest.raises(LookupError, match=r"no row with drug = 'Fluvoxamine' in sigma_affinity "
                                          r"\(drug: \(±\)Fluoxetine, Citalopram, .*, Sertraline\)"):
        helpers.lookup(without, drug="Fluvoxamine")
    receptors = helpers.load("receptor_affinity")
    with pytest.raises(LookupError, match="2 rows with drug = 'Amitriptyline' and receptor = 'H1'"):
        helpers.lookup(receptors, drug="Amitriptyline", receptor="H1")
    with pytest.raises(KeyError, match="no column 'name'"):
        helpers.lookup(affinity, name="Fluvoxamine")


def test_rows_available_says_what_a_cell_needs(capsys):
    receptors = helpers.load("receptor_affinity")
    assert helpers.rows_available(receptors, drug="Amitriptyline", receptor="H1",
                                  source=["newsletter", "goodman_gilman_12e"])
    assert capsys.readouterr().out == ""
    assert not helpers.rows_available(receptors, drug=["Sertraline", "Mirtazapine"], receptor="H1",
                                      source="newsletter")
    printed = capsys.readouterr().out
    assert printed.startswith("Skipped: this cell needs (drug = 'Sertraline', receptor = 'H1', "
                              "source = 'newsletter'), which")  # Mirtazapine's is there
    assert "which the loaded receptor_affinity does not have (drug: Amitriptyline, " in printed
    with pytest.raises(KeyError, match="no column 'name'"):
        helpers.rows_available(receptors, name="Fluvoxamine")
