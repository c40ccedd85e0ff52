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
	&& "$(ACTIVE_PY)" -c "import helpers, nbval, papermill" >/dev/null 2>&1 && echo yes)

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
	@[ -x "$(VENV)/bin/python" ] || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv "$(VENV)"; }
	@echo "Installing requirements.lock into $(VENV) (first run only, or after the lock changes)"
	@"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch "$@"

env: $(STAMP)  ## set up the environment only
	@echo "Environment: $(PY)"

test: $(STAMP)  ## run every test: helpers, data, bad input, notebooks (nbval), handouts
	"$(PY)" -m pytest

handouts: $(STAMP)  ## execute the notebooks and build the handouts (DATA=dir for a copy of data/)
	"$(PY)" -m helpers.execute $(if $(DATA),--data "$(DATA)")

lab: $(STAMP)  ## JupyterLab on 127.0.0.1 with token login, notebooks/ as its root
	"$(PY)" -m jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--ServerApp.open_browser=False

lint: $(STAMP)  ## ruff on the package, tests and notebooks
	"$(PY)" -m ruff check helpers tests notebooks

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
