# kpi_analysis — build, demo and test entry points.
#
#   make venv       create/refresh .venv (Python >= 3.11) with the package and its dev extra
#   make extract    data/raw -> data/processed with the kpi-analysis CLI
#   make notebooks  sync notebooks/*.ipynb with their sources notebooks/*.py (jupytext), re-execute
#   make review     target review of data/raw -> reports/review (comparison.csv, findings.csv, review.xlsx)
#   make scores     self-evaluation scores from data/raw (targets + example actuals) -> reports/scores
#   make report     year-end 自评表 (.docx/.xlsx) and charts for YEAR (default 2021) -> reports/YEAR
#   make demo       venv + extract + notebooks + review + scores + report
#   make test       layer contract (import-linter), unit tests on every core (pytest-xdist),
#                   notebook regression tests (nbval), ruff
#   make lint       ruff only
#   make clean      remove .venv and generated data/figures
#
# Only needs python3.11 (or a newer python3), pip and make. Override the interpreter with
# `make PYTHON=/path/to/python3.12 venv`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps of `demo` depend on the ones before them (notebooks read extracted data): no -j.
.NOTPARALLEL:

VENV  := .venv
BIN   := $(VENV)/bin
PY    := $(BIN)/python
STAMP := $(VENV)/.installed
# First interpreter that runs and is >= 3.11: python3.11, then python3 (pyenv shims for versions
# that are not installed exist but fail to run, hence the trial run).
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.11 python3; do \
  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
    command -v "$$p"; break; fi; done)
endif

# Headless, reproducible plotting (notebook kernels too: a notebook that wants inline images
# runs `%matplotlib inline` in its first cell). Jupyter prefers the kernelspecs of the
# environment it runs from (the venv) over user-wide ones, so "python3" is the venv's ipykernel.
export MPLBACKEND := Agg
export JUPYTER_PREFER_ENV_PATH := 1

NOTEBOOKS = $(wildcard notebooks/*.ipynb)

YEAR ?= 2021

.PHONY: help venv extract notebooks review scores report demo test lint clean

help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

# ------------------------------------------------------------------------------ environment

venv: $(STAMP)

# Re-runs only when pyproject.toml changes (or .venv is gone); pip then installs only what is
# missing or out of date.
$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: kpi_analysis needs Python >= 3.11, but neither python3.11 nor python3 on PATH" \
	    "is one (python3 is: $$(python3 --version 2>&1 || echo 'not found'))." \
	    "Install Python 3.11 or run: make PYTHON=/path/to/python3.11 venv" >&2; \
	  exit 1; \
	fi
	@if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  echo "error: kpi_analysis needs Python >= 3.11, but $(PYTHON) is" \
	    "$$("$(PYTHON)" --version 2>&1)." \
	    "Install Python 3.11 or run: make PYTHON=/path/to/python3.11 venv" >&2; \
	  exit 1; \
	fi
	@if ! [ -x "$(PY)" ] || ! "$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "creating $(VENV) with $(PYTHON)"; \
	  "$(PYTHON)" -m venv --clear $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --progress-bar off -e '.[dev,dask]'
	@touch $@

# ------------------------------------------------------------------------------ demo

extract: venv
	$(BIN)/kpi-analysis extract data/raw --out data/processed

# The .py (jupytext percent format) is the source reviewed in git; --sync brings the paired
# .ipynb up to date (keeping outputs of unchanged cells), then the .ipynb are re-executed
# (outputs stored for nbval) and synced once more.
NOTEBOOK_SOURCES = $(wildcard notebooks/[0-9][0-9]-*.py)

notebooks: venv
	@if [ -z "$(NOTEBOOK_SOURCES)" ]; then echo "no notebooks/*.py to sync and execute"; exit 0; fi; \
	set -x; \
	$(BIN)/jupytext --sync $(NOTEBOOK_SOURCES); \
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False \
	  $(NOTEBOOK_SOURCES:.py=.ipynb); \
	$(BIN)/jupytext --sync $(NOTEBOOK_SOURCES)

review: venv
	$(BIN)/kpi-analysis review data/raw --out reports/review

scores: venv
	$(BIN)/kpi-analysis score data/raw --out reports/scores

report: venv
	$(BIN)/kpi-analysis report --year $(YEAR) data/raw --out reports/$(YEAR)

# Add further steps (figures, reports, exports) to this list.
demo: venv extract notebooks review scores report

# ------------------------------------------------------------------------------ checks

test: venv
	$(BIN)/lint-imports
	$(PY) -m pytest -n auto --doctest-modules tests kpi_analysis
	@if [ -n "$(NOTEBOOKS)" ]; then \
	  set -x; \
	  $(PY) -m pytest --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks; \
	else \
	  echo "no notebooks/*.ipynb: skipping nbval"; \
	fi
	$(BIN)/ruff check .

lint: venv
	$(BIN)/lint-imports
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
	@if [ -d data/processed ]; then \
	  find data/processed -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +; \
	fi
	rm -f reports/figures/*.png
	rm -rf reports/review reports/scores reports/notebooks reports/[0-9][0-9][0-9][0-9]
