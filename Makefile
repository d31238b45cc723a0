# The two commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench clean browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev,spark]'
	touch $@ $(STAMP)

## Set up and run the main job on the sample corpus.
run: $(STAMP)
	$(VENV)/bin/zhnews extract corpus/ -o outputs/

# The report's tests drive a headless Chromium (Debian's package). Installed when we can (root with
# apt, as in CI); elsewhere those tests skip locally and the line below says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; } \
	  || echo "note: chromium is not installed; the report's browser tests will be skipped"

## Set up (with dev extras) and run the test suite.
test: $(DEVSTAMP) browser
	$(VENV)/bin/ruff check pipeline tests benchmarks
	$(PY) -m pytest -q

bench: $(DEVSTAMP)
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) outputs/*.parquet outputs/*.csv
