# `make run` and `make test` each do their own set-up on a fresh machine: a .venv with the project installed
# (editable, with test extras), reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
INPUT ?= raw/
OUT ?= output/

# Prefect's embedded (ephemeral) API, state kept inside the project; pipelines/__init__.py sets the same
# defaults so `musculus` works outside make too.
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL := WARNING
export PREFECT_SERVER_LOGGING_LEVEL := WARNING

.PHONY: run test eval setup clean

run: $(STAMP)
	$(VENV)/bin/musculus run $(INPUT) --out $(OUT)

test: $(STAMP)
	$(VENV)/bin/python -m pytest

eval: $(STAMP)
	$(VENV)/bin/python -m pipelines.evaluate $(OUT)

setup: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .prefect .pytest_cache
