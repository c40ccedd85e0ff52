"""What the course website copies in: MathJax and axe-core from npm, the handouts, the notebooks.

Nothing is installed globally: :func:`npm_tools` installs :data:`NPM_PACKAGES` (exact
versions) into ``build/site-tools/`` once; MathJax is then copied into the site so no page
needs a CDN, and axe-core is what ``tests/browser/test_site.py`` runs in each page. The
handouts (``student/``, ``instructor/``, ``figures/``) and the lesson notebooks are copied
under the site's ``downloads/``, and :func:`download_links` lists those of one lesson.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from helpers.project import BUILD_DIR

__all__ = ["NPM_PACKAGES", "TOOLS_DIR", "SiteAssetError", "copy_mathjax", "download_links",
           "npm_tools", "stage_downloads"]

TOOLS_DIR = BUILD_DIR / "site-tools"
"""npm packages for the site (MathJax) and its browser test (axe-core); nothing global."""

NPM_PACKAGES = ("mathjax@3.2.2", "axe-core@4.14.1")
"""Exact versions installed into :data:`TOOLS_DIR`."""


class SiteAssetError(RuntimeError):
    """npm is missing or could not install the site's packages."""


def npm_tools() -> Path:
    """``build/site-tools/node_modules``, installing :data:`NPM_PACKAGES` there if missing."""
    modules = TOOLS_DIR / "node_modules"
    wanted = {p.rsplit("@", 1)[0]: p.rsplit("@", 1)[1] for p in NPM_PACKAGES}
    have = {}
    for name in wanted:
        manifest = modules / name / "package.json"
        if manifest.is_file():
            have[name] = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if have != wanted:
        npm = shutil.which("npm")
        if npm is None:
            raise SiteAssetError("npm is needed once, to bundle MathJax into the site (no CDN): "
                                 "install Node.js (apt-get install npm)")
        TOOLS_DIR.mkdir(parents=True, exist_ok=True)
        if not (TOOLS_DIR / "package.json").is_file():
            (TOOLS_DIR / "package.json").write_text('{"name": "site-tools", "private": true}\n')
        print(f"installing  {', '.join(NPM_PACKAGES)} into {TOOLS_DIR}", flush=True)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--save-exact",
                               *NPM_PACKAGES], cwd=TOOLS_DIR, capture_output=True, text=True)
        if done.returncode:
            raise SiteAssetError(f"npm install {' '.join(NPM_PACKAGES)} failed:\n{done.stderr}")
    return modules


def copy_mathjax(modules: Path, static: Path) -> None:
    """MathJax's CommonHTML build and what it loads (fonts, extensions, menu, a11y)."""
    es5 = modules / "mathjax" / "es5"
    target = static / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(es5 / "tex-chtml.js", target / "tex-chtml.js")
    for folder in ("input", "output", "ui", "a11y", "sre", "adaptors"):
        if (es5 / folder).is_dir():
            shutil.copytree(es5 / folder, target / folder)


def _first_anchor(index: Path, stem: str) -> str:
    """The id of the lesson's first chart in the slide-figure gallery (``""`` if none)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            value = dict(attrs).get("id") or ""
            if not found and value.startswith(f"{stem}--"):
                found.append(value)

    if index.is_file():
        Ids().feed(index.read_text(encoding="utf-8"))
    return found[0] if found else ""


def download_links(stem: str, downloads: Path) -> list[tuple[str, str]]:
    """(text, address) of a lesson's PDFs, slide figures and notebook, for those that exist.

    Parameters
    ----------
    stem : str
        The lesson's file name without ``.ipynb``.
    downloads : Path
        The staged ``downloads/`` folder (copied to the site's root).
    """
    links = [("Student handout (PDF)", f"student/{stem}.pdf"),
             ("Instructor handout (PDF)", f"instructor/{stem}.pdf")]
    anchor = _first_anchor(downloads / "figures" / "index.html", stem)
    if anchor:
        links.append(("Slide figures", f"figures/index.html#{anchor}"))
    links += [("Slide figures list (CSV)", f"figures/{stem}/index.csv"),
              ("Notebook (.ipynb)", f"notebooks/{stem}.ipynb")]
    return [(text, f"downloads/{path}") for text, path in links
            if (downloads / path.partition("#")[0]).is_file()]


def stage_downloads(handouts: Path, downloads: Path, sources: list[Path]) -> None:
    """Copy the handouts (student/, instructor/, figures/) and the notebooks under downloads/."""
    for part in ("student", "instructor", "figures"):
        if (handouts / part).is_dir():
            shutil.copytree(handouts / part, downloads / part)
    (downloads / "notebooks").mkdir(parents=True)
    for source in sources:
        shutil.copy2(source, downloads / "notebooks" / source.name)
