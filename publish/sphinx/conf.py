"""Sphinx configuration of the course website (copied into the staging folder by publish.site).

Sphinx + MyST-NB + sphinx-book-theme, the parts Jupyter Book 1 is made of. The build
never executes a notebook (``nb_execution_mode = "off"``): the staged lessons are the
executed ones the handouts use. What changes per build (title, changed-data mark,
launch buttons) comes from ``site-settings.json`` beside this file, written by
:mod:`publish.site`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

_SETTINGS = Path(__file__).parent / "site-settings.json"
# publish.site always writes the file; without it (pytest's doctest collection imports this
# module where it lies) the shipped data's settings apply: no mark, no launch buttons.
_settings = (json.loads(_SETTINGS.read_text(encoding="utf-8")) if _SETTINGS.is_file()
             else {"title": "Fluvoxamine, sigma-1 receptors and SSRIs"})

project = _settings["title"]
author = _settings.get("author", "")
copyright = _settings.get("copyright", "")
language = "en"
root_doc = "index"

extensions = ["myst_nb"]

# --- MyST-NB: the executed lessons as they are ---
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "html_image"]
myst_heading_anchors = 3
suppress_warnings: list[str] = []
exclude_patterns = ["_build", "_extra", "site-settings.json", "**.ipynb_checkpoints"]

# --- offline and private: everything from this site, nothing from another host ---
# MathJax is bundled from npm into _static/mathjax (publish.site copies it there).
mathjax_path = "mathjax/tex-chtml.js"
html_static_path = ["_static"]
templates_path = ["_templates"]  # one theme component made accessible (see the file)
# The handouts, slide figures and notebooks, copied as they are to the site's downloads/.
html_extra_path = ["_extra"] if (Path(__file__).parent / "_extra").is_dir() else []
html_css_files = ["site.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_title = _settings["title"]
# A stated default mode: without it the theme logs "invalid theme mode" to the console.
html_context = {"default_mode": "auto"}

html_theme = "sphinx_book_theme"
html_theme_options: dict[str, object] = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_source_button": False,
    "use_repository_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "navigation_with_keys": False,
    "announcement": _settings.get("announcement") or "",
}
_launch = _settings.get("launch") or {}
if _launch:
    # The book theme's launch buttons (JupyterHub, Binder): off unless publish.site was
    # given HUB_URL / BINDER_URL (and REPO_URL), see README "The course website".
    html_theme_options["launch_buttons"] = {
        key: value for key, value in (("jupyterhub_url", _launch.get("hub_url")),
                                      ("binderhub_url", _launch.get("binder_url")))
        if value}
    html_theme_options["launch_buttons"]["notebook_interface"] = "jupyterlab"
    html_theme_options["repository_url"] = _launch["repository_url"]
    html_theme_options["repository_branch"] = _launch.get("branch", "main")
    html_theme_options["repository_provider"] = _launch["provider"]
    html_theme_options["path_to_docs"] = "notebooks"


def _visit_hidden_cell(self: HTML5Translator, node: Element) -> None:
    """MyST-NB's folded cell, its summary named by its visible prompt ("Show solution").

    MyST-NB labels every summary "Toggle hidden content" (aria-label), which hides the
    prompt a sighted reader sees from a screen reader (WCAG 2.5.3, label in name).
    """
    from html import escape

    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n'
                     "<summary>\n"
                     f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n'
                     f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n'
                     "</summary>\n")


def setup(app: Sphinx) -> None:
    """Register the folded-cell writer above in place of MyST-NB's (same node, same HTML)."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True,
                 html=(_visit_hidden_cell, depart_HideCellInput))
