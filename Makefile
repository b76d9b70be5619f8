# Two commands for a newcomer: `make serve` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := hooks

.PHONY: serve test check build bench browser lint screenshots clean schemas new

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

## serve: set up, then preview the site at http://127.0.0.1:8000/ (rebuilds on every edit)
serve: $(STAMP)
	$(PY) -m mkdocs serve

## test: set up, then run the whole suite
test: $(STAMP)
	$(PY) -m pytest

## check: validate the data only (no site build)
check: $(STAMP)
	@$(PY) -m timeline_core .

## schemas: rewrite the editor schemas in schemas/ from the loader's field tables
schemas: $(STAMP)
	$(PY) -m timeline_core.schema --out schemas

## new: a new event to fill in: make new TITLE="Rebels capture Hama" DATE=2024-12-05
new: $(STAMP)
	@$(PY) -m timeline_core.scaffold

## build: the published site, strictly, into site/
build: $(STAMP)
	$(PY) -m mkdocs build --strict

## bench: speed and size targets (never part of `make test`)
bench: $(STAMP)
	$(PY) tests/bench.py

## lint: ruff and mypy (also part of `make test`)
lint: $(STAMP)
	$(PY) -m ruff check hooks tests
	$(PY) -m mypy hooks/timeline_core hooks/timeline_hook.py

## browser: install Debian's chromium for the browser tests (needs root)
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf site .pytest_cache

## screenshots: docs/screenshots/*.png of the shipped site (needs chromium: `make browser`)
screenshots: $(STAMP)
	$(PY) tests/screenshots.py
