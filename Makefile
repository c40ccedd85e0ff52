# The front door. Every target sets up what it needs on a machine that has only
# Python 3.11+, git and make:
#   make test       set up the environment and run the whole test suite
#   make handouts   execute every notebook and build the PDF handouts (the main job)
#   make lab        JupyterLab on 127.0.0.1 (token login), opened on notebooks/
# An active virtual or conda environment that already has the project installed
# is used as it is; otherwise a private .venv is made from requirements.lock and
# refreshed only when the lock (or pyproject.toml) changes.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
DATA   ?=
PAPER  ?= a4

ACTIVE_ENV := $(or $(VIRTUAL_ENV),$(CONDA_PREFIX))
ACTIVE_PY  := $(if $(ACTIVE_ENV),$(ACTIVE_ENV)/bin/python)
# Use the active environment only when it already holds the project and its tests.
USE_ACTIVE := $(shell [ -n "$(ACTIVE_PY)" ] && [ "$(abspath $(ACTIVE_ENV))" != "$(abspath $(VENV))" ] \
	&& "$(ACTIVE_PY)" -P -c "import helpers, publish, nbval, papermill" >/dev/null 2>&1 && echo yes)

ifeq ($(USE_ACTIVE),yes)
PY    := $(ACTIVE_PY)
STAMP :=
else
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
endif

.PHONY: help env test handouts lab lint lock bytecode-list clean notebooks

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

# Setup installs requirements.lock with uv (from PyPI, into build/tools/, nothing global),
# or with plain pip where uv cannot run; INSTALLER=pip forces pip. uv's version: here only.
UV_VERSION ?= 0.13.8
UV_DIR     ?= build/tools/uv-$(UV_VERSION)
UV         := $(UV_DIR)/bin/uv
INSTALLER  ?= uv
export UV_PYTHON_DOWNLOADS := never
# Where Python may not write .pyc files itself (PYTHONDONTWRITEBYTECODE), setup compiles the
# installed files the lessons, the build and the tests import (deploy/bytecode-modules.txt), not
# all of them as pip does; elsewhere the first import writes them.
COMPILE_IMPORTS := $(if $(PYTHONDONTWRITEBYTECODE),&& "$(VENV)/bin/python" deploy/bytecode.py compile)
# Fetch uv with the first pip that runs: Python's own, else a fresh $(VENV)'s (made by venv).
GET_UV = "$(UV)" --version >/dev/null 2>&1 || { echo "Getting uv $(UV_VERSION) from PyPI into $(UV_DIR)"; \
	rm -rf "$(UV_DIR)"; pip_py=$(PYTHON); $(PYTHON) -m pip --version >/dev/null 2>&1 || { pip_py="$(VENV)/bin/python"; \
	"$$pip_py" -m pip --version >/dev/null 2>&1 || { rm -rf "$(VENV)"; $(PYTHON) -m venv "$(VENV)"; }; }; \
	"$$pip_py" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
		--target "$(UV_DIR)" "uv==$(UV_VERSION)" >/dev/null 2>&1 || rm -rf "$(UV_DIR)"; }

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed; found " + sys.version.split()[0] + \
		" (set PYTHON=python3.11 or newer)")'
	@if [ "$(INSTALLER)" = uv ]; then $(GET_UV); fi
	@if [ "$(INSTALLER)" = uv ] && "$(UV)" --version >/dev/null 2>&1; then \
		python="$$($(PYTHON) -c 'import sys; print(sys.executable)')"; \
		"$(VENV)/bin/python" -c '' 2>/dev/null || { echo "Creating $(VENV) with $$python"; rm -rf "$(VENV)"; \
			"$(UV)" venv --quiet --seed --python "$$python" "$(VENV)"; } && \
		echo "Installing requirements.lock into $(VENV) with uv $(UV_VERSION) (first run, or after the lock changes)" && \
		"$(UV)" pip sync --quiet --python "$(VENV)/bin/python" requirements.lock && \
		"$(UV)" pip install --quiet --python "$(VENV)/bin/python" --no-deps -e . $(COMPILE_IMPORTS); \
	else \
		echo "uv could not run here; installing with plain pip (slower)"; \
		"$(VENV)/bin/python" -m pip --version >/dev/null 2>&1 || { echo "Creating $(VENV) with $(PYTHON)"; \
			rm -rf "$(VENV)"; $(PYTHON) -m venv "$(VENV)" || { rm -rf "$(VENV)"; echo "Could not create \
			$(VENV): on Debian/Ubuntu install python3-venv (apt-get install python3-venv)" >&2; exit 1; }; } && \
		echo "Installing requirements.lock into $(VENV) with pip (first run, or after the lock changes)" && \
		"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock && \
		"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e . ; \
	fi
	@touch "$@"

env: $(STAMP)  ## set up the environment only
	@echo "Environment: $(PY)"

test: $(STAMP)  ## run every test: helpers, data, bad input, notebooks (nbval), handouts
	"$(PY)" -m pytest

handouts: $(STAMP)  ## execute the notebooks and build the handouts (DATA=dir for a copy of data/; FRESH=1 ignores the cache)
	"$(PY)" -m publish handouts $(if $(DATA),--data "$(DATA)") --paper "$(PAPER)" $(if $(FRESH),--no-cache)

# site: Sphinx + MyST-NB + sphinx-book-theme (the `site` extra, in requirements.lock); MathJax
# bundled from npm into build/site-tools/. Launch buttons only with HUB_URL or BINDER_URL, and
# REPO_URL (README, "The course website").
.PHONY: site
site: $(STAMP)  ## the course website in build/site/ (DATA=dir: build/site-NAME; HUB_URL=, BINDER_URL=, REPO_URL=)
	@"$(PY)" -c "import sphinx, myst_nb, sphinx_book_theme" 2>/dev/null || { echo "Installing the site extra"; \
		"$(PY)" -m pip install --quiet --disable-pip-version-check -e '.[site]'; }
	"$(PY)" -m publish.site $(if $(DATA),--data "$(DATA)") $(if $(HUB_URL),--hub-url "$(HUB_URL)") \
		$(if $(BINDER_URL),--binder-url "$(BINDER_URL)") $(if $(REPO_URL),--repo-url "$(REPO_URL)") \
		$(if $(REPO_PROVIDER),--repo-provider "$(REPO_PROVIDER)")

.PHONY: bench reliability
reliability: $(STAMP)  ## slow checks: offline, nbval x3, data untouched by every target, killed builds
	HYPOTHESIS_PROFILE=reliability "$(PY)" -m pytest -o addopts="-ra --strict-markers" -p no:cacheprovider tests/reliability

bench: $(STAMP)  ## rebuilds, setup (uv vs pip), tests, Run-Alls, drawing (BENCH=--quick; build/bench.json)
	"$(PY)" bench/run.py $(BENCH)

lab: $(STAMP)  ## JupyterLab on 127.0.0.1 with token login, opened on the start page, no news pop-ups
	@"$(PY)" deploy/lab_settings.py
	"$(PY)" -m jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--ServerApp.open_browser=False --LabApp.extension_manager=readonly \
		--LabApp.default_url="/lab/tree/$$("$(PY)" -c 'from helpers.project import start_page; print(start_page().name)')" \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		$(if $(filter 0,$(shell id -u)),--allow-root)

# --- a whole class on JupyterHub (deploy/, docs/jupyterhub.md); slow, kept out of `make test` ---
STUDENTS ?= 20
.PHONY: class
class: $(STAMP)  ## N students at once on a real JupyterHub on 127.0.0.1 (STUDENTS=20): build/class.json
	"$(PY)" deploy/classroom.py --students "$(STUDENTS)" --python "$(abspath $(PY))"

lint: $(STAMP)  ## ruff on the package, tests and notebooks
	"$(PY)" -m ruff check helpers publish tests notebooks conftest.py bench deploy

lock:  ## re-resolve pyproject.toml's dependencies into requirements.lock (uv, every platform)
	@$(GET_UV)
	@"$(UV)" --version >/dev/null 2>&1 || { echo "make lock needs uv (pip install uv==$(UV_VERSION) failed)" >&2; exit 1; }
	@mkdir -p build && cp requirements.lock build/requirements.lock.new  # its pins are uv's preferences
	"$(UV)" pip compile --quiet --universal --python-version 3.11 --all-extras --no-annotate --no-header \
		pyproject.toml -o build/requirements.lock.new
	@{ echo "# Exact versions the stored notebook outputs were made with (Python 3.11, Linux), and, by"; \
	  echo "# marker, what Windows and macOS need. 'make lock' re-resolves it from pyproject.toml with"; \
	  echo "# uv pip compile --universal, keeping every version already here unless a new pin needs"; \
	  echo "# another; a Linux 'pip install -r requirements.lock' and 'uv pip sync' both take it."; \
	  cat build/requirements.lock.new; } > requirements.lock && rm build/requirements.lock.new
	@echo "requirements.lock rewritten; update environment.yml's pins to match (tests/project/test_environment.py checks),"
	@echo "then make env, python deploy/binder_env.py and make bytecode-list (tests/project/test_bytecode.py checks)."

bytecode-list: $(STAMP)  ## record which installed files the build and tests import (after make lock)
	"$(PY)" deploy/bytecode.py record

clean:  ## remove build/, the build cache (build/cache) with it (the environment stays)
	rm -rf build

notebooks: $(STAMP)  ## re-execute the notebooks in place after changing them (commit the result; never cached)
	"$(PY)" -m publish execute --in-place

# --- teaching workflow ---
# copy-data: a teacher's copy of data/ to edit; student-notebooks: solutions out;
# test-browser: JupyterLab in headless Chromium (kept out of `make test`, run by .ci/run).
DEST ?=
CHROMIUM ?= /usr/bin/chromium

.PHONY: copy-data student-notebooks test-browser

copy-data:  ## copy data/ for editing: make copy-data DEST=my-data (never overwrites)
	@[ -n "$(DEST)" ] || { echo "Say where to copy data/ to: make copy-data DEST=my-data (git ignores my-data*)" >&2; exit 2; }
	@[ ! -e "$(DEST)" ] || { echo "$(DEST) exists already; nothing was copied (choose another DEST, or remove it first)." >&2; exit 1; }
	@mkdir -p "$$(dirname "$(DEST)")" build && cp -R data "$(DEST)"  # build/: papermill's output below
	@echo "Copied data/ to $(DEST)/. Edit its CSV files, save them as \"CSV UTF-8\" (comma-separated, with \".\" as the decimal mark), then use it with:"
	@echo "  a notebook's parameters cell:  data_dir = \"$$(realpath -m --relative-to=notebooks "$(DEST)")\""
	@echo "  make handouts DATA=$(DEST)"
	@echo "  $(dir $(PY))papermill notebooks/02_ssri_affinities.ipynb build/out.ipynb -r data_dir $(DEST)"
	@echo "Every changed value is then listed in a CHANGED DATA banner."
	@rel="$$(realpath -m --relative-to=. "$(DEST)")"; case "$$rel" in ../*|/*) ;; *) \
		if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git check-ignore -q "$$rel/datapackage.json"; then \
		echo "Note: git does not ignore $(DEST)/, so git status lists it and a commit could include it;" \
			"name it my-data or my-data-<something> (ignored), or add it to .git/info/exclude." >&2; fi;; esac

student-notebooks: $(STAMP)  ## student copies in build/student/: solutions replaced by prompts
	"$(PY)" -m publish student --out build/student

test-browser: $(STAMP)  ## open notebook 02 in JupyterLab in headless Chromium, run it, screenshot
	@"$(PY)" -c "import playwright" 2>/dev/null || { echo "Installing the playwright package into $(PY)"; \
		"$(PY)" -m pip install --quiet --disable-pip-version-check "playwright>=1.45"; } \
		|| { echo "Missing: the Python package playwright (pip install 'playwright>=1.45' failed)" >&2; exit 1; }
	@[ -x "$(CHROMIUM)" ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium (apt-get)"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		else \
			echo "Missing: $(CHROMIUM). Install Debian's chromium package as root" \
				"(sudo apt-get install chromium), or set CHROMIUM=/path/to/chromium." >&2; exit 1; \
		fi; }
	@[ -x "$(CHROMIUM)" ] || { echo "Missing: $(CHROMIUM) (chromium did not install)" >&2; exit 1; }
	CHROMIUM="$(CHROMIUM)" "$(PY)" -m pytest -o addopts="-ra --strict-markers" tests/browser
