"""The course website without a browser: Sphinx settings, staged lessons, generated pages.

The slow parts (executing the lessons, the whole site) are left to
``tests/browser/test_site.py``; here a two-cell fixture notebook goes through the real
``conf.py`` and MyST-NB, to show that a chart's text alternative becomes its ``alt``.
"""

from __future__ import annotations

import json
import runpy
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.data import read_package
from helpers.project import ALT_TEXT_KEY, lessons, start_page
from publish import site
from publish.site_assets import download_links
from publish.site_pages import datasets_page, field_unit, home_page, learning_aims
from publish.site_stage import (
    HIDE_SOLUTION,
    SHOW_SOLUTION,
    SiteStageError,
    stage_notebook,
)

# A 1x1 PNG.
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5"
         "ErkJggg==")


def chart_cell(alt: str | None = "Dot plot of Ki for 8 drugs.", tags: list[str] | None = None,
               images: int = 1) -> dict:
    """A code cell as ``helpers.show`` leaves it: the image, then the text alternative."""
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"image/png": PIXEL, "text/plain": "<Figure>"}}] * images
    if alt is not None:
        outputs = [*outputs, {"output_type": "display_data",
                              "metadata": {ALT_TEXT_KEY: alt},
                              "data": {"text/markdown": f"*Figure description:* {alt}",
                                       "text/plain": "<IPython.core.display.Markdown object>"}}]
    return {"cell_type": "code", "execution_count": 1, "id": "chart",
            "metadata": {"tags": tags or []}, "source": "helpers.show(fig, alt=...)",
            "outputs": outputs}


def fixture_notebook() -> dict:
    def code(cell_id: str, tags: list[str], source: str = "x = 1") -> dict:
        return {"cell_type": "code", "execution_count": None, "id": cell_id,
                "metadata": {"tags": tags}, "source": source, "outputs": []}

    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"},
                         "language_info": {"name": "python"}},
            "cells": [
                {"cell_type": "markdown", "id": "title", "metadata": {},
                 "source": "# A lesson\n\n**After this lesson you can**\n\n- read a Ki."},
                code("setup", ["setup"], "import helpers"),
                code("teacher", ["teacher"], "secret_teacher_note = 1"),
                {"cell_type": "markdown", "id": "section", "metadata": {},
                 "source": "## 1. Table 1"},
                chart_cell(),
                code("solution", ["solution"], "answer = 42"),
            ]}


# --- staging: tags, teacher cells, alt text ---

def test_stage_marks_cells_for_myst_nb() -> None:
    notebook = fixture_notebook()
    before = json.dumps(notebook, sort_keys=True)
    staged = stage_notebook(notebook, "lesson.ipynb", [("Student handout (PDF)", "d/s.pdf")])
    assert json.dumps(notebook, sort_keys=True) == before, "the executed notebook was modified"
    by_id = {c.get("id"): c for c in staged["cells"]}
    assert "teacher" not in by_id
    assert "secret_teacher_note" not in json.dumps(staged)
    assert by_id["setup"]["metadata"]["tags"] == ["setup", "hide-input"]
    assert "hide-cell" in by_id["solution"]["metadata"]["tags"]
    assert by_id["solution"]["metadata"]["mystnb"] == {"code_prompt_show": SHOW_SOLUTION,
                                                       "code_prompt_hide": HIDE_SOLUTION}
    assert by_id["chart"]["metadata"]["mystnb"]["image"]["alt"] == "Dot plot of Ki for 8 drugs."
    # The downloads come right after the title cell.
    assert staged["cells"][1]["id"] == "site-downloads"
    assert 'href="d/s.pdf"' in staged["cells"][1]["source"]


def test_stage_refuses_a_chart_without_text_alternative() -> None:
    notebook = fixture_notebook()
    notebook["cells"][4] = chart_cell(alt=None)
    with pytest.raises(SiteStageError, match=r"lesson.ipynb, cell 5: .*no text alternative"):
        stage_notebook(notebook, "lesson.ipynb")


def test_stage_refuses_two_charts_in_one_cell() -> None:
    notebook = fixture_notebook()
    notebook["cells"][4] = chart_cell(images=2)
    with pytest.raises(SiteStageError, match="2 charts in one cell"):
        stage_notebook(notebook, "lesson.ipynb")


def test_every_shipped_lesson_chart_gets_its_alt_text() -> None:
    for path in lessons():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        staged = stage_notebook(notebook, path.name)
        charts = [c for c in staged["cells"] if any(
            "image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
            for o in c.get("outputs", []))]
        assert charts, path.name
        for cell in charts:
            assert cell["metadata"]["mystnb"]["image"]["alt"].strip(), path.name


# --- the Sphinx configuration ---

def load_conf(tmp_path: Path, **kwargs: object) -> dict:
    shutil.copy(site.CONF_DIR / "conf.py", tmp_path / "conf.py")
    (tmp_path / "site-settings.json").write_text(json.dumps(site.settings(**kwargs)))
    return runpy.run_path(str(tmp_path / "conf.py"))


def test_conf_never_executes_and_loads_nothing_remote(tmp_path: Path) -> None:
    conf = load_conf(tmp_path)
    assert conf["nb_execution_mode"] == "off"
    assert conf["extensions"] == ["myst_nb"]
    assert conf["html_theme"] == "sphinx_book_theme"
    assert not conf["mathjax_path"].startswith(("http:", "https:", "//"))
    assert "launch_buttons" not in conf["html_theme_options"]
    assert conf["html_theme_options"]["announcement"] == ""


def test_conf_launch_buttons_and_mark_when_asked(tmp_path: Path) -> None:
    conf = load_conf(tmp_path, mark="CHANGED DATA: built from my-data/ <x>",
                     hub_url="https://hub.example.org", repo_url="https://git.example.org/c",
                     provider="gitlab")
    options = conf["html_theme_options"]
    assert options["launch_buttons"]["jupyterhub_url"] == "https://hub.example.org"
    assert options["repository_url"] == "https://git.example.org/c"
    assert options["announcement"] == "CHANGED DATA: built from my-data/ &lt;x&gt;"


def test_launch_buttons_need_the_repository() -> None:
    with pytest.raises(site.SiteBuildError, match="REPO_URL"):
        site.settings(binder_url="https://mybinder.org")
    with pytest.raises(site.SiteBuildError, match="REPO_PROVIDER"):
        site.settings(binder_url="https://mybinder.org", repo_url="https://git.example.org/c")
    launch = site.settings(binder_url="https://mybinder.org",
                           repo_url="https://github.com/you/course")["launch"]
    assert launch["provider"] == "github"


def test_site_folder_per_copy_of_the_data() -> None:
    assert site.default_out() == site.SITE_DIR
    assert site.default_out("/tmp/My data (2024)").name == "site-My-data-2024"


# --- generated pages ---

def test_datasets_page_lists_every_dataset_and_column() -> None:
    package = read_package()
    page = datasets_page(package)
    for resource in package["resources"]:
        assert f"dataset `{resource['name']}`" in page
        assert f"kind of values: **{resource['kind']}**" in page.replace("\\-", "-")
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in page
        for source in resource.get("sources", []):
            if str(source.get("path", "")).startswith("https://"):
                assert f"<{source['path']}>" in page


def test_datasets_page_on_a_fixture() -> None:
    package = {"description": "Two datasets.", "resources": [
        {"name": "ki", "path": "ki.csv", "kind": "literature", "title": "Ki values",
         "sources": [{"role": "original", "title": "Narita 1996",
                      "path": "https://doi.org/10.1016/0014-2999(96)00254-3"}],
         "schema": {"fields": [
             {"name": "drug", "type": "string", "title": "Drug (as printed)",
              "constraints": {"required": True, "enum": ["A", "B"]}},
             {"name": "ki_nm", "type": "number", "title": "Ki (nM)",
              "constraints": {"exclusiveMinimum": 0}}]}}]}
    page = datasets_page(package, mark="CHANGED DATA: built from my-data/")
    assert page.splitlines()[:2] == ["(datasets)=", "# The datasets"]
    assert "**CHANGED DATA: built from my-data/**" in page
    assert "| `drug` | Drug (as printed) | string |  | one of `A`, `B`; required |" in page
    assert "| `ki_nm` | Ki (nM) | number | nM | \\> 0 |" in page
    assert "- *original*: Narita 1996 <https://doi.org/10.1016/0014-2999(96)00254-3>" in page


def test_units_only_for_numbers() -> None:
    assert field_unit({"type": "integer", "title": "Duration (weeks)"}) == "weeks"
    assert field_unit({"type": "string", "title": "Statement (quoted)"}) == ""
    assert field_unit({"type": "number", "title": "Printed Ki ratio"}) == ""


def test_home_page_maps_lessons_aims_and_changed_data() -> None:
    page = home_page(start_page(), lessons())
    assert page.startswith("# Start here")
    for path in lessons():
        assert f"]({path.name})" in page, path.name
        assert learning_aims(json.loads(path.read_text(encoding="utf-8"))) in page
    assert "| Table 1 | [02\\_ssri\\_affinities.ipynb](02_ssri_affinities.ipynb) |" in page
    assert "## Teaching with changed data" in page and "make copy-data DEST=my-data" in page
    toc = page[page.index("```{toctree}"):]
    assert [line for line in toc.splitlines() if line[:1].isalnum()] == [
        *[p.stem for p in lessons()], "datasets"]


def test_download_links_name_only_files_that_exist(tmp_path: Path) -> None:
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / "02_x.pdf").write_bytes(b"%PDF")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "index.html").write_text(
        '<section id="01_y--a"></section><section id="02_x--chart-one"></section>')
    assert download_links("02_x", tmp_path) == [
        ("Student handout (PDF)", "downloads/student/02_x.pdf"),
        ("Slide figures", "downloads/figures/index.html#02_x--chart-one")]


# --- MyST-NB writes the alt text (the real conf.py, a fixture notebook) ---

class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alts: list[str | None] = []
        self.details: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and "_images/" in (dict(attrs).get("src") or ""):
            self.alts.append(dict(attrs).get("alt"))


def test_sphinx_renders_alt_text_and_solution_prompt(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    shutil.copytree(site.CONF_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))
    (source / "site-settings.json").write_text(json.dumps(site.settings()))
    (source / "index.md").write_text("# Home\n\n```{toctree}\nlesson\n```\n")
    staged = stage_notebook(fixture_notebook(), "lesson.ipynb")
    (source / "lesson.ipynb").write_text(json.dumps(staged))
    out = tmp_path / "html"
    assert build_main(["-b", "html", "-W", "-q", str(source), str(out)]) == 0
    page = (out / "lesson.html").read_text(encoding="utf-8")
    images = Images()
    images.feed(page)
    assert images.alts == ["Dot plot of Ki for 8 drugs."]
    assert SHOW_SOLUTION in page and "answer" in page
    assert "secret_teacher_note" not in page
    assert "hide-cell" in page or "tag_hide-cell" in page



def test_changed_data_mark_on_every_page(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    shutil.copytree(site.CONF_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))
    mark = "CHANGED DATA: built from my-data/, not the shipped data/ (changed: sigma_affinity)"
    (source / "site-settings.json").write_text(json.dumps(site.settings(mark)))
    (source / "index.md").write_text("# Home\n\n```{toctree}\nlesson\n```\n")
    (source / "lesson.ipynb").write_text(json.dumps(stage_notebook(fixture_notebook(), "l")))
    out = tmp_path / "html"
    assert build_main(["-b", "html", "-W", "-q", str(source), str(out)]) == 0
    for page in ["index.html", "lesson.html", "search.html", "genindex.html"]:
        assert mark in (out / page).read_text(encoding="utf-8"), page


def test_build_stages_downloads_and_swaps_in(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole build on one committed lesson, its execution and handouts stood in for."""
    from publish import handouts

    lesson = next(p for p in lessons() if p.name == "02_ssri_affinities.ipynb")
    fake = tmp_path / "handouts"
    for part in ("student", "instructor"):
        (fake / part).mkdir(parents=True)
        (fake / part / f"{lesson.stem}.pdf").write_bytes(b"%PDF-1.7 stand-in")
    (fake / "figures" / lesson.stem).mkdir(parents=True)
    (fake / "figures" / lesson.stem / "index.csv").write_text("file,caption\n")
    (fake / "figures" / "index.html").write_text(f'<section id="{lesson.stem}--a"></section>')
    monkeypatch.setattr(handouts, "default_out", lambda data_dir=None: fake)
    monkeypatch.setattr(site, "lessons", lambda: [lesson])
    monkeypatch.setattr(site, "_execute", lambda sources, data_dir, scratch: [
        json.loads(p.read_text(encoding="utf-8")) for p in sources])
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    assert site.build(out) == out.resolve()
    assert not (out / "stale.html").exists()
    page = (out / f"{lesson.stem}.html").read_text(encoding="utf-8")
    for address in [f"downloads/student/{lesson.stem}.pdf",
                    f"downloads/instructor/{lesson.stem}.pdf",
                    f"downloads/figures/index.html#{lesson.stem}--a",
                    f"downloads/notebooks/{lesson.name}"]:
        assert f'href="{address}"' in page
        assert (out / address.partition("#")[0]).is_file(), address
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (out / "datasets.html").is_file() and (out / "searchindex.js").is_file()
    assert not list(site.BUILD_DIR.glob(f".{out.name}.staging-*"))


def test_launch_buttons_render_when_configured(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    shutil.copytree(site.CONF_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))
    (source / "index.md").write_text("# Home\n\n```{toctree}\nlesson\n```\n")
    (source / "lesson.ipynb").write_text(json.dumps(stage_notebook(fixture_notebook(), "l")))
    for launch, expected in [({}, False),
                             ({"hub_url": "https://hub.example.org",
                               "repo_url": "https://git.example.org/course",
                               "provider": "gitlab"}, True)]:
        (source / "site-settings.json").write_text(json.dumps(site.settings(**launch)))
        out = tmp_path / f"html-{expected}"
        assert build_main(["-b", "html", "-W", "-q", "-E", str(source), str(out)]) == 0
        page = (out / "lesson.html").read_text(encoding="utf-8")
        assert ("https://hub.example.org/hub/user-redirect/git-pull" in page) is expected
        assert ("git.example.org" in page) is expected
