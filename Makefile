# Two commands on a fresh machine (Python 3.11 and make):
#   make report   – the full report on seeds/ (creates .venv from requirements.txt if missing)
#   make test     – unit tests, doctests and nbval on the committed notebooks (make stress: the long ones)
#   make lab      – JupyterLab on the notebooks, with the project's kernel (berita-coverage)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := jupyter/kernels/berita-coverage
CORPUS ?= seeds
OUT    ?= reports
export PYTHONHASHSEED := 0

.PHONY: venv report test unit nbval stress lab notebooks bench bench-million clean lock

venv: $(STAMP)

# requirements.txt pins the package's dependencies and its [test], [bench] and [lab] extras; the
# package is installed editable, and its Jupyter kernel (the notebooks' kernelspec) registered in
# the venv (an editable install does not install the wheel's share/jupyter/kernels). The package is
# byte-compiled, as pip does for a regular install: where PYTHONDONTWRITEBYTECODE is set (containers,
# CI), every process of a run (runner, kernels, workers) would compile it again (0.1 s each).
$(STAMP): requirements.txt pyproject.toml $(KERNEL)/kernel.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/jupyter kernelspec install --sys-prefix --replace $(KERNEL) >/dev/null
	$(BIN)/python -m compileall -q analysis >/dev/null
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

# The notebooks open on the kernel berita-coverage (this venv's Python); run in JupyterLab, they
# take relative paths from their own folder (notebooks/: outputs go to notebooks/reports/).
# (Jupyter refuses to run as root without --allow-root: containers often do.)
lab: venv
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

notebooks: venv
	$(BIN)/python -m analysis notebooks

# make bench BENCH_ARGS=--quick  – a fast check (see python -m benchmarks --help). The scale
# benchmark replicates the CC BY 4.0 sample in benchmarks/data/, or the JSONL(.gz) corpus given as
# BENCH_SOURCE (e.g. the full CLICK-ID corpus: make bench BENCH_SOURCE=path/click-id-2019.jsonl.gz).
BENCH_SOURCE ?=
bench: venv
	$(BIN)/python -m benchmarks $(if $(BENCH_SOURCE),--source $(BENCH_SOURCE)) $(BENCH_ARGS)

# 10^5 -> 10^6 articles (pandas and Dask at 10^5, Dask at 10^6): benchmarks/SCALE.md. About 35 minutes
# on 2 cores and 5 GB of scratch space (BENCH_SCRATCH, default the system temp folder).
BENCH_SCRATCH ?=
bench-million: venv
	PYTHONHASHSEED=0 $(BIN)/python benchmarks/bench_scale.py --sizes 100000 1000000 --engines pandas dask \
	  --pandas-sizes 100000 --dask-sizes 100000 1000000 --stages-sizes --profile-size 0 \
	  $(if $(BENCH_SOURCE),--source $(BENCH_SOURCE)) $(if $(BENCH_SCRATCH),--workdir $(BENCH_SCRATCH)) \
	  --out benchmarks/SCALE.md

clean:
	rm -rf $(OUT) notebooks/reports .pytest_cache

# Refresh the pins: install what pyproject.toml declares (dependencies and every extra) into the
# venv, freeze it into requirements.txt and regenerate environment.yml from that.
lock: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation -e ".[test,bench,lab]"
	$(BIN)/python -m pip freeze --exclude-editable --all | grep -v '^pip==' | sort -f > requirements.txt
	$(BIN)/python tools/sync_environment.py
