import re

import pandas as pd

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
