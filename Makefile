# make run       - install into .venv (first time) and open infotui
# make test      - install into .venv (first time) and run the whole test suite
# make test-fast - the domain's tests only (tests/unit): no terminal, no app
# make check     - lint, then test
# make bench     - the benchmarks (start-up, typing, saving; 1,000 to 100,000 contacts;
#                  importing large files). Generated databases are kept in
#                  ~/.cache/infotui-bench (INFOTUI_BENCH_CACHE): 100,000 contacts take minutes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The tests run in one worker per core (pytest-xdist); tests that share a module-scoped
# fixture are kept in one worker by their xdist_group. ARGS=-n0 runs them in this process.
PARALLEL ?= -n auto --dist loadgroup

.PHONY: run demo test test-fast lint format check clean screenshots bench
.PHONY: bench-postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/infotui --demo

run: $(STAMP)
	$(BIN)/infotui $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) $(ARGS)

# The unit tests compare no screenshots: without the snapshot plugins each worker starts
# and finishes a few seconds sooner.
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) -p no:textual-snapshot -p no:syrupy tests/unit $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache dist build

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --scale
	$(BIN)/python bench/imports.py

bench-postgres: $(STAMP)
	$(BIN)/python bench/postgres.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshot.py docs
