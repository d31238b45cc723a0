# The two commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@ $(STAMP)

## Set up and run the main job on the sample corpus.
run: $(STAMP)
	$(VENV)/bin/zhnews extract corpus/ -o outputs/

## Set up (with dev extras) and run the test suite.
test: $(DEVSTAMP)
	$(VENV)/bin/ruff check pipeline tests benchmarks
	$(PY) -m pytest -q

bench: $(DEVSTAMP)
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) outputs/*.parquet outputs/*.csv
