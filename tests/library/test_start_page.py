"""The start page cannot drift from the notebooks and the data package."""

from __future__ import annotations

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import helpers
from helpers.data import read_package
from helpers.lesson_map import contents, newsletter_items, read_entry
from helpers.project import NOTEBOOK_DIR, PROJECT_DIR, lessons
from publish.execute import current_kernelspec
from publish.student import TEACHER_TAG

START = NOTEBOOK_DIR / "00_start_here.ipynb"
REFRESH = "re-execute it: .venv/bin/python -m publish.execute --in-place " \
          "notebooks/00_start_here.ipynb"

# Our own transcription: the newsletter prints one table and seven figures.
NEWSLETTER_ITEMS = ["Table 1", *(f"Figure {n}" for n in range(1, 8))]


def start_page() -> nbformat.NotebookNode:
    return nbformat.read(START, as_version=4)


def contents_output() -> dict:
    [cell] = [c for c in start_page().cells
              if c.cell_type == "code" and c.source.strip() == "helpers.contents()"]
    [output] = cell.outputs
    return output["data"]


def test_stored_index_matches_the_notebooks_and_data_package():
    stored, fresh = contents_output(), contents()
    assert stored["text/plain"] == str(fresh), f"00_start_here.ipynb is out of date; {REFRESH}"
    assert stored["text/markdown"] == fresh.to_markdown(), f"out of date; {REFRESH}"


def test_every_lesson_notebook_is_indexed_with_title_and_rebuilds():
    toc = contents()
    assert [e.file for e in toc.entries] == [p.name for p in lessons()]
    names = {r["name"] for r in read_package()["resources"]}
    for entry in toc.entries:
        assert entry.title and entry.rebuilds, entry.file
        assert set(entry.datasets) <= names, entry.file
        assert f"[{entry.file.replace('_', chr(92) + '_')}]({entry.file})" in toc.to_markdown()


def test_index_names_only_real_newsletter_items_and_all_of_them():
    by_item = contents().by_item()
    assert set(by_item) <= set(NEWSLETTER_ITEMS)
    assert sorted(by_item, key=NEWSLETTER_ITEMS.index) == NEWSLETTER_ITEMS
    assert by_item["Table 1"] == ["02_ssri_affinities.ipynb"]


def test_every_dataset_listed_once_with_its_users():
    toc = contents()
    listed = [row[0] for row in toc.tables()[2][2]]
    assert listed == [r["name"] for r in read_package()["resources"]]
    assert toc.users("sigma_affinity")[0] == "02_ssri_affinities.ipynb"


def test_commands_and_helpers_named_on_the_start_page_exist():
    text = "\n".join(c.source for c in start_page().cells)
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    for target in set(re.findall(r"`make ([a-z-]+)", text)):
        assert target in targets, f"the start page names `make {target}`, which does not exist"
    for name in set(re.findall(r"helpers\.([a-z_]+)\(", text)):
        assert hasattr(helpers, name), name
    for name in re.findall(r"\((\w+\.ipynb)\)", contents_output()["text/markdown"]):
        assert (NOTEBOOK_DIR / name).is_file(), name


def test_start_page_template():
    nb = start_page()
    assert nb.metadata.kernelspec.name == "python3"
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert "setup" in tags and "parameters" in tags
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert parameters.source.startswith("data_dir = None")
    [check] = [c for c in nb.cells if c.source.strip() == "helpers.check_data(data_dir)"]
    assert check.outputs[0]["data"]["text/plain"].endswith("These are the shipped data.")


def test_read_entry_falls_back_to_the_first_paragraph(tmp_path):
    path = tmp_path / "05_x.ipynb"
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# A *title*\n\nRebuilds `Figures 2, 3 and 4` of the newsletter.\n\n"
                          "More."),
        new_code_cell('a = helpers.load("pc12_design", data_dir)\n'
                      "b = helpers.load('pcp_study', data_dir)\nhelpers.load(\"pc12_design\")"),
    ]), path)
    entry = read_entry(path)
    assert entry.title == "A title"
    assert entry.rebuilds == "Rebuilds Figures 2, 3 and 4 of the newsletter."
    assert entry.items == ["Figure 2", "Figure 3", "Figure 4"]
    assert entry.datasets == ["pc12_design", "pcp_study"]


def test_newsletter_items_expands_lists_and_ranges():
    assert newsletter_items("Table 1 and Figs. 5-7") == [
        "Table 1", "Figure 5", "Figure 6", "Figure 7"]
    assert newsletter_items("the PCP study") == []


def test_only_notebook_columns_become_links_and_other_cells_are_escaped():
    from helpers.lesson_map import Contents, NotebookEntry

    entry = NotebookEntry("01_a.ipynb", "About 02_b.ipynb", "Table 1 <b>", ["Table 1"], ["x_y"])
    toc = Contents([entry], {"x_y": ("Title | pipe", "as-printed")})
    markdown, html = toc.to_markdown(), toc.to_html()
    assert "| [01\\_a.ipynb](01_a.ipynb) | About 02\\_b.ipynb |" in markdown
    assert "Title \\| pipe" in markdown and "Table 1 \\<b\\>" in markdown
    assert '<td><a href="01_a.ipynb">01_a.ipynb</a></td><td>About 02_b.ipynb</td>' in html
    assert "Table 1 &lt;b&gt;" in html


def test_copies_and_scratch_notebooks_are_not_listed(tmp_path):
    """JupyterLab's Duplicate names a copy 02_ssri_affinities-Copy1.ipynb: not a lesson."""
    for name in ("01_sigma_basics.ipynb", "02_ssri_affinities.ipynb"):
        (tmp_path / name).write_bytes((NOTEBOOK_DIR / name).read_bytes())
    (tmp_path / "02_ssri_affinities-Copy1.ipynb").write_bytes(
        (NOTEBOOK_DIR / "02_ssri_affinities.ipynb").read_bytes())
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Scratch\n\nRebuilds Table 1.")]),
                   tmp_path / "05_scratch.ipynb")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: 00_start_here\nchapters:\n"
                                       "  - file: 01_sigma_basics\n  - file: 02_ssri_affinities\n",
                                       encoding="utf-8")
    toc = contents(tmp_path)
    assert [e.file for e in toc.entries] == ["01_sigma_basics.ipynb", "02_ssri_affinities.ipynb"]
    assert "Copy1" not in toc.to_markdown() and "05_scratch" not in toc.to_html()


def test_teacher_instructions_are_tagged_teacher():
    """What only a teacher does (change the data, make handouts) is left out for students."""
    cells = start_page().cells
    teacher = [c for c in cells if TEACHER_TAG in c.metadata.get("tags", [])]
    for phrase in ("run the cell below", "make copy-data", "make handouts", "make student-notebooks",
                   "helpers.check_data(data_dir)", "### Parameters"):
        holders = [c for c in cells if phrase in " ".join(c.source.split())]
        assert holders and all(c in teacher for c in holders), phrase
    shared = "\n".join(c.source for c in cells if c not in teacher)
    assert "helpers.contents()" in shared and "## Running the notebooks" in shared
    assert "data_dir = None" in shared  # the parameters cell stays (papermill needs it)


def test_stored_kernelspec_is_the_one_jupyterlab_reports():
    """Otherwise opening the page in JupyterLab marks it modified (and an export saves it)."""
    assert start_page().metadata.kernelspec == current_kernelspec()
