# `make run` and `make test` each do their own set-up on a fresh machine: a .venv with the project installed
# (editable, with test extras), reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
INPUT ?= raw/
OUT ?= output/
# make serve: the real Prefect server's port on 127.0.0.1 and the flow's schedule.
PORT ?= 4200
CRON ?= 0 * * * *
# make bench: options of python -m pipelines.bench; all targets: BENCH_ARGS="--dask --large 100000".
BENCH_ARGS ?= --dask
BENCH_STAMP := $(VENV)/.installed-bench

# Prefect's embedded (ephemeral) API, state kept inside the project; pipelines/__init__.py sets the same
# defaults so `musculus` works outside make too.
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL := WARNING
export PREFECT_SERVER_LOGGING_LEVEL := WARNING

.PHONY: run test eval serve bench setup clean

run: $(STAMP)
	$(VENV)/bin/musculus run $(INPUT) --out $(OUT)

test: $(STAMP)
	$(VENV)/bin/python -m pytest

# Scores what the current code publishes: the run first (a no-op when $(OUT) is up to date with $(INPUT)); then
# the checks against third-party material (pipelines/external_eval.py; skipped where the material is absent).
eval: run
	$(VENV)/bin/python -m pipelines.evaluate $(OUT)
	$(VENV)/bin/python -m pipelines.external_eval

# A real Prefect server on 127.0.0.1:$(PORT) (state in .prefect/) and the flow served with cron $(CRON) on
# $(INPUT) -> $(OUT); Ctrl-C stops both (pipelines/server.py).
serve: $(STAMP)
	$(VENV)/bin/python -m pipelines.server --port $(PORT) -- serve $(INPUT) --out $(OUT) --cron "$(CRON)"

# The benchmark of issue 6 on copies of ../shared/corpus; figures to bench.json (pipelines/bench.py).
bench: $(BENCH_STAMP)
	$(VENV)/bin/python -m pipelines.bench $(BENCH_ARGS)

setup: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(VENV)/bin/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

clean:
	rm -rf $(VENV) .prefect .pytest_cache .musculus-cache
