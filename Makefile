# make run   - install into .venv (first time) and open infotui
# make test  - install into .venv (first time) and run the whole test suite
# make check - lint, then test

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint format check clean screenshots bench
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
	$(BIN)/python -m pytest $(ARGS)

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

bench-postgres: $(STAMP)
	$(BIN)/python bench/postgres.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshot.py docs
