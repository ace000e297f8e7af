# Two commands on a fresh machine (Python 3.11 and make):
#   make report   – the full report on seeds/ (creates .venv from requirements.txt if missing)
#   make test     – unit tests, doctests and nbval on the committed notebooks (make stress: the long ones)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= seeds
OUT    ?= reports
export PYTHONHASHSEED := 0

.PHONY: venv report test unit nbval stress lab notebooks bench clean lock

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

report: venv
	$(BIN)/python -m analysis run --corpus $(CORPUS) --out $(OUT)

test: venv
	$(BIN)/python -m pytest -q -m "not slow" --doctest-modules analysis tests --nbval --nbval-current-env notebooks

# the long fault and property-based cases (hostile inputs, killed runs, damaged caches): the
# property-based tests with 1,000 examples each, and any test marked slow
stress: venv
	$(BIN)/python -m pytest -q --hypothesis-profile=stress tests/test_readers.py tests/test_cache_faults.py \
		tests/test_outputs.py tests/test_runner_validation.py
	$(BIN)/python -m pytest -q -m slow tests || test $$? -eq 5

unit: venv
	$(BIN)/python -m pytest -q --doctest-modules analysis tests

nbval: venv
	$(BIN)/python -m pytest -q --nbval --nbval-current-env notebooks

lab: venv
	$(BIN)/jupyter lab --notebook-dir=.

notebooks: venv
	$(BIN)/python -m analysis notebooks

# make bench BENCH_ARGS=--quick  – a fast check (see python -m benchmarks --help). The scale
# benchmark replicates the CC BY 4.0 sample in benchmarks/data/, or the JSONL(.gz) corpus given as
# BENCH_SOURCE (e.g. the full CLICK-ID corpus: make bench BENCH_SOURCE=path/click-id-2019.jsonl.gz).
BENCH_SOURCE ?=
bench: venv
	$(BIN)/python -m benchmarks $(if $(BENCH_SOURCE),--source $(BENCH_SOURCE)) $(BENCH_ARGS)

clean:
	rm -rf $(OUT) .pytest_cache

# Refresh the pins from the current venv and regenerate environment.yml from them.
lock: venv
	$(BIN)/python -m pip freeze --exclude-editable --all | grep -v '^pip==' | sort -f > requirements.txt
	$(BIN)/python tools/sync_environment.py
