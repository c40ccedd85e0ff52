"""Build the course website: every lesson readable in a browser, with its handouts and figures.

Command line::

    python -m publish.site [--data DIR] [--out DIR] [--hub-url URL] [--binder-url URL]
                           [--repo-url URL] [--branch NAME] [--repo-provider KIND]

Sphinx with MyST-NB and sphinx-book-theme (what Jupyter Book 1 is made of) turns the
executed lessons into ``build/site/`` (``build/site-NAME/`` for a copy of the data named
NAME, with the changed-data mark on every page). The lessons are executed exactly as
``make handouts`` executes them (:func:`publish.execute.execute_notebook` inside the
handout kernels, so the execution cache serves both); Sphinx itself runs nothing
(``nb_execution_mode = "off"``) and treats every warning as an error. The handouts
(PDFs, slide figures) are built first if their folder is missing, and copied in.

Everything the pages load is inside the site: MathJax is bundled from npm
(``mathjax@3``, installed into ``build/site-tools/``), the theme's fonts and icons are
its own files, nothing is fetched from another host. Launch buttons (JupyterHub, Binder)
appear only when ``--hub-url`` or ``--binder-url`` (and ``--repo-url``) are given, or
the environment variables ``SITE_HUB_URL``, ``SITE_BINDER_URL``, ``SITE_REPO_URL``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

from helpers.data import DATA_DIR, data_dir_path, read_package
from helpers.project import BUILD_DIR, lessons, start_page
from publish.site_assets import (
    SiteAssetError,
    copy_mathjax,
    download_links,
    npm_tools,
    stage_downloads,
)
from publish.site_pages import datasets_page, home_page
from publish.site_stage import SiteStageError, stage_notebook

__all__ = ["CONF_DIR", "SITE_DIR", "SiteBuildError", "add_arguments", "build", "default_out",
           "main", "run", "settings"]

SITE_DIR = BUILD_DIR / "site"
"""The website of the shipped data."""

CONF_DIR = Path(__file__).with_name("sphinx")
"""``conf.py`` and ``_static/`` of the site, copied into the staging folder."""

TITLE = "Fluvoxamine, sigma-1 receptors and SSRIs"

PROVIDERS = ("github", "gitlab", "bitbucket")
"""Repository hosts the book theme's launch buttons know (``repository_provider``)."""


class SiteBuildError(RuntimeError):
    """The website could not be built; the message says why (the old site is kept)."""


def default_out(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``build/site``, or ``build/site-NAME`` for a copy of the data (as the handouts are named).

    Examples
    --------
    >>> default_out() == SITE_DIR
    True
    >>> default_out("/tmp/my-data").name
    'site-my-data'
    """
    from publish.handouts import default_out as handout_out

    return BUILD_DIR / handout_out(data_dir).name.replace("handouts", "site", 1)


def settings(mark: str | None = None, hub_url: str | None = None,
             binder_url: str | None = None, repo_url: str | None = None,
             branch: str = "main", provider: str | None = None) -> dict[str, object]:
    """What ``conf.py`` reads from ``site-settings.json``: title, changed-data mark, launch.

    Raises
    ------
    SiteBuildError
        A launch URL without the repository's URL (the buttons need both), or a repository
        whose host is not github, gitlab or bitbucket and no ``provider`` said which it is.

    Examples
    --------
    >>> settings()["launch"]
    {}
    >>> settings(hub_url="https://hub.example.org", repo_url="https://git.example.org/x",
    ...          provider="gitlab")["launch"]
    {'hub_url': 'https://hub.example.org', 'binder_url': None, \
'repository_url': 'https://git.example.org/x', 'branch': 'main', 'provider': 'gitlab'}
    """
    import html

    launch: dict[str, object] = {}
    if hub_url or binder_url:
        if not repo_url:
            raise SiteBuildError("launch buttons need the repository's address too: "
                                 "give REPO_URL (--repo-url) with HUB_URL or BINDER_URL")
        host = urlsplit(repo_url).netloc.lower()
        provider = provider or next((p for p in PROVIDERS if p in host), None)
        if provider not in PROVIDERS:
            raise SiteBuildError(f"which kind of host is {repo_url}? Say it with REPO_PROVIDER "
                                 f"(--repo-provider): one of {', '.join(PROVIDERS)}")
        launch = {"hub_url": hub_url, "binder_url": binder_url, "repository_url": repo_url,
                  "branch": branch, "provider": provider}
    return {"title": TITLE, "announcement": html.escape(mark) if mark else "", "launch": launch}


def _changed(data_dir: str | None) -> list[str]:
    """The datasets of ``data_dir`` that differ from the shipped ones (validating all)."""
    from helpers.changes import data_changes
    from helpers.data import load

    if data_dir is None or data_dir_path(data_dir) == DATA_DIR:
        return []
    return [r["name"] for r in read_package(data_dir)["resources"]
            if data_changes(load(r["name"], data_dir))]


def _handout_kernels(folder: Path) -> AbstractContextManager[None]:
    """The kernels ``make handouts`` uses (so the execution cache serves both builds)."""
    from publish.handouts import handout_kernels

    return handout_kernels(folder)


def _execute(sources: list[Path], data_dir: str | None, scratch: Path) -> list[dict]:
    """Run the lessons as the handouts do, two at a time; executed notebooks in order.

    :func:`publish.execute.execute_keyed` is :func:`~publish.execute.execute_notebook`
    that also says whether the execution cache served the notebook.
    """
    from publish.execute import NotebookFailedError, execute_keyed

    def one(source: Path) -> dict:
        started = time.perf_counter()
        executed = execute_keyed(source, data_dir)
        said = "cached" if executed.hit else "ran"
        print(f"{said:<12}{source.stem}  {time.perf_counter() - started:5.1f} s", flush=True)
        return executed.notebook

    try:
        with _handout_kernels(scratch), ThreadPoolExecutor(2) as pool:
            return list(pool.map(one, sources))
    except NotebookFailedError as exc:
        raise SiteBuildError(str(exc)) from None


def _sphinx(staging: Path, out: Path) -> None:
    """``sphinx-build -W --keep-going -b html``, in this process."""
    from sphinx.cmd.build import build_main

    code = build_main(["-b", "html", "-W", "--keep-going", "-q", "-E",
                       "-d", str(staging / "_doctrees"), str(staging), str(out)])
    if code:
        raise SiteBuildError(f"Sphinx stopped (status {code}); its warnings are above")


def build(out: Path | None = None, data_dir: str | None = None,
          launch: dict[str, str | None] | None = None) -> Path:
    """Build the website; all or nothing (a failed build leaves the old site as it was).

    Parameters
    ----------
    out : Path or None
        The site's folder (default :func:`default_out`).
    data_dir : str or None
        A copy of ``data/``: every page then carries its changed-data mark.
    launch : dict or None
        ``hub_url``, ``binder_url``, ``repo_url``, ``branch`` for the launch buttons.

    Returns
    -------
    Path
        The site's folder; open its ``index.html``.

    Raises
    ------
    SiteBuildError
        A lesson failed, the handouts could not be built, or Sphinx warned.
    SiteAssetError
        npm is missing or could not install MathJax.
    SiteStageError
        A chart without a text alternative, or two charts in one cell.
    DataValidationError
        The data do not validate; nothing was run.
    """
    from publish import handouts

    data_dir = None if data_dir is None else str(data_dir_path(data_dir))
    out = Path(default_out(data_dir) if out is None else out).resolve()
    mark = handouts.data_mark(data_dir, _changed(data_dir))
    conf = settings(mark, **(launch or {}))
    handout_dir = handouts.default_out(data_dir)
    if not (handout_dir / "student").is_dir():
        print(f"handouts    {handout_dir} missing: building them first", flush=True)
        try:
            handouts.build(data_dir=data_dir)
        except handouts.BuildFailedError as exc:
            raise SiteBuildError(str(exc)) from None
    sources = lessons()
    staging = BUILD_DIR / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(CONF_DIR, staging, ignore=shutil.ignore_patterns("__pycache__"))
        copy_mathjax(npm_tools(), staging / "_static")
        (staging / "site-settings.json").write_text(json.dumps(conf, indent=1), encoding="utf-8")
        downloads = staging / "_extra" / "downloads"
        stage_downloads(handout_dir, downloads, sources)
        (staging / "index.md").write_text(home_page(start_page(), sources, mark),
                                          encoding="utf-8")
        (staging / "datasets.md").write_text(datasets_page(read_package(data_dir), mark),
                                             encoding="utf-8")
        for source, executed in zip(sources, _execute(sources, data_dir, staging / ".kernels"),
                                    strict=True):
            staged = stage_notebook(executed, source.name,
                                    download_links(source.stem, downloads))
            (staging / source.name).write_text(json.dumps(staged, indent=1, ensure_ascii=False),
                                               encoding="utf-8")
        shutil.rmtree(staging / ".kernels", ignore_errors=True)
        built = staging / "_html"
        _sphinx(staging, built)
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():
            out.rename(old)
        built.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``site`` (see the module docstring)."""
    parser.add_argument("--data", help="data directory to use instead of the shipped data/")
    parser.add_argument("--out", type=Path, help="site folder (default: build/site, or "
                        "build/site-NAME for --data NAME)")
    parser.add_argument("--hub-url", default=os.environ.get("SITE_HUB_URL") or None,
                        help="JupyterHub for the launch buttons (env SITE_HUB_URL; default: none)")
    parser.add_argument("--binder-url", default=os.environ.get("SITE_BINDER_URL") or None,
                        help="BinderHub for the launch buttons (env SITE_BINDER_URL)")
    parser.add_argument("--repo-url", default=os.environ.get("SITE_REPO_URL") or None,
                        help="the repository the launch buttons open (env SITE_REPO_URL)")
    parser.add_argument("--branch", default=os.environ.get("SITE_BRANCH") or "main",
                        help="its branch (env SITE_BRANCH; default: main)")
    parser.add_argument("--repo-provider", choices=PROVIDERS,
                        default=os.environ.get("SITE_REPO_PROVIDER") or None,
                        help="its kind of host, where the address does not say (env "
                        "SITE_REPO_PROVIDER)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Build the site ``args`` asks for; return the exit status (1: the build failed)."""
    started = time.perf_counter()
    launch = {"hub_url": args.hub_url, "binder_url": args.binder_url,
              "repo_url": args.repo_url, "branch": args.branch,
              "provider": args.repo_provider}
    try:
        out = build(args.out, args.data, launch)
    except (SiteBuildError, SiteAssetError, SiteStageError) as exc:
        print(f"FAILED      {exc}\nThe website was not changed.", file=sys.stderr)
        return 1
    print(f"done        {time.perf_counter() - started:5.1f} s; open {out / 'index.html'}",
          flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m publish.site`` (``python -m publish site`` once publish.cli lists it)."""
    from publish import cli

    if "site" in cli.COMMANDS:
        return cli.command_main("site", argv)
    parser = argparse.ArgumentParser(prog="python -m publish.site", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    from helpers.errors import DataValidationError

    try:
        return run(parser.parse_args(argv), parser)
    except DataValidationError as exc:
        print(f"Data not valid, no notebook was run:\n{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
