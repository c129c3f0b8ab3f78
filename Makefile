# Claimdesk: `make run` serves the app, `make test` runs every check. Each sets up .venv itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
THREADS ?= 4

.PHONY: run test lint typecheck pytest bench screenshots install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes; editable, so migrations/ stays beside webapp/.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/claimdesk db upgrade
	$(BIN)/claimdesk bootstrap
	$(BIN)/claimdesk demo --if-empty
	@echo "Claimdesk on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/gunicorn --worker-class gthread --workers $(WORKERS) --threads $(THREADS) \
		--bind 127.0.0.1:$(PORT) --access-logfile - 'webapp:create_app()'

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

pytest: install-test
	$(BIN)/pytest -n 2

test: lint typecheck pytest

bench: install-test
	$(BIN)/python bench/run_all.py

# Regenerate docs/screenshots/*.png (a throwaway demo desk, headless Chromium; ~20 s).
screenshots: install-test
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) instance .mypy_cache .ruff_cache
