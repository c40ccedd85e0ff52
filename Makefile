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
	&& "$(ACTIVE_PY)" -P -c "import helpers, nbval, papermill" >/dev/null 2>&1 && echo yes)

ifeq ($(USE_ACTIVE),yes)
PY    := $(ACTIVE_PY)
STAMP :=
else
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
endif

.PHONY: help env test handouts lab lint lock clean notebooks

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed; found " + sys.version.split()[0] + \
		" (set PYTHON=python3.11 or newer)")'
	@"$(VENV)/bin/python" -m pip --version >/dev/null 2>&1 || { echo "Creating $(VENV) with $(PYTHON)"; \
		rm -rf "$(VENV)"; $(PYTHON) -m venv "$(VENV)" || { rm -rf "$(VENV)"; echo "Could not create \
		$(VENV): on Debian/Ubuntu install python3-venv (apt-get install python3-venv)" >&2; exit 1; }; }
	@echo "Installing requirements.lock into $(VENV) (first run only, or after the lock changes)"
	@"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch "$@"

env: $(STAMP)  ## set up the environment only
	@echo "Environment: $(PY)"

test: $(STAMP)  ## run every test: helpers, data, bad input, notebooks (nbval), handouts
	"$(PY)" -m pytest

handouts: $(STAMP)  ## execute the notebooks and build the handouts (DATA=dir for a copy of data/)
	"$(PY)" -m helpers.handouts $(if $(DATA),--data "$(DATA)") --paper "$(PAPER)"

.PHONY: bench reliability
reliability: $(STAMP)  ## slow checks: offline, nbval x3, data untouched by every target, killed builds
	HYPOTHESIS_PROFILE=reliability "$(PY)" -m pytest -o addopts="-ra --strict-markers" -p no:cacheprovider tests/reliability

bench: $(STAMP)  ## measure execution, handouts, tests and imports against their floors (build/bench.json)
	"$(PY)" bench/run.py

lab: $(STAMP)  ## JupyterLab on 127.0.0.1 with token login, notebooks/ as its root
	"$(PY)" -m jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--ServerApp.open_browser=False --LabApp.extension_manager=readonly \
		$(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP)  ## ruff on the package, tests and notebooks
	"$(PY)" -m ruff check helpers tests notebooks conftest.py bench

lock: $(STAMP)  ## re-resolve dependencies from pyproject.toml into requirements.lock
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -e '.[handouts,lab,test]'
	{ echo "# Exact versions the stored notebook outputs were made with (Python 3.11, Linux)."; \
	  echo "# Regenerate with 'make lock' after changing dependencies in pyproject.toml."; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e '; } > requirements.lock
	rm -rf build/lock-venv
	@echo "requirements.lock rewritten; update the pins in environment.yml to match (make test checks)."

clean:  ## remove build/ (the environment stays)
	rm -rf build

notebooks: $(STAMP)  ## re-execute the notebooks in place after changing them (commit the result)
	"$(PY)" -m helpers.execute --in-place

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
	"$(PY)" -m helpers.student --out build/student

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
