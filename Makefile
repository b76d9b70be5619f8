# Two commands for a newcomer: `make serve` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := hooks

.PHONY: serve test check diff build bench browser lint lock screenshots clean schemas new vendor
BASE ?=

# requirements.txt is a lock (every package, with hashes) made from requirements.in by `make lock`.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $(STAMP)

## serve: set up, then preview the site at http://127.0.0.1:8000/ (re-renders what each edit changes)
serve: $(STAMP)
	$(PY) -m mkdocs serve --dirty

## test: set up, then run the whole suite
test: $(STAMP)
	$(PY) -m pytest

## check: validate the data only (no site build); BASE=<git ref> also fails on ids gone since then.
## Unchanged event files are not read again: their results are cached outside the project.
## Not in CI (CI=true, as GitHub Actions sets it): a fresh runner would write a cache only to lose it.
check: $(STAMP)
	@$(PY) -m timeline_core check . $(if $(BASE),--base "$(BASE)",$(if $(filter true,$(CI)),,--cache))

## diff: Markdown report of the records added, renamed, changed and removed since BASE=<git ref>
diff: $(STAMP)
	@test -n "$(BASE)" || { echo "usage: make diff BASE=<git ref>, e.g. make diff BASE=main"; exit 2; }
	@$(PY) -m timeline_core diff . --base "$(BASE)"

## schemas: rewrite the editor schemas in schemas/ from the loader's field tables
schemas: $(STAMP)
	$(PY) -m timeline_core schema --out schemas

## new: a new event to fill in: make new TITLE="Rebels capture Hama" DATE=2024-12-05
new: $(STAMP)
	@$(PY) -m timeline_core new

## build: the published site, strictly, into site/
build: $(STAMP)
	$(PY) -m mkdocs build --strict

## bench: speed and size targets (never part of `make test`)
bench: $(STAMP)
	$(PY) tests/bench.py

## lint: ruff and mypy (also part of `make test`)
lint: $(STAMP)
	$(PY) -m ruff check hooks tests
	$(PY) -m mypy hooks/timeline_core hooks/*.py

## lock: rewrite requirements.txt (the hashed lock) from requirements.in, keeping existing pins
PIP_TOOLS := pip-tools==7.6.2
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "$(PIP_TOOLS)"
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in

## browser: install Debian's chromium for the browser tests (needs root)
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf site .pytest_cache

## screenshots: docs/screenshots/*.png of the shipped site (needs chromium: `make browser`)
screenshots: $(STAMP)
	$(PY) tests/screenshots.py

## vendor: reinstall the browser libraries from npm (package-lock.json pins them) and copy
## them into docs/assets/vendor/ (committed, so building and CI never need npm)
LEAFLET_VERSION := $(shell sed -n 's/.*"leaflet": "\([0-9.]*\)".*/\1/p' package.json)
LEAFLET_DIR := docs/assets/vendor/leaflet-$(LEAFLET_VERSION)
# Country outlines for the map drawn at build time (read by Python, not shipped to browsers)
ATLAS_VERSION := $(shell sed -n 's/.*"world-atlas": "\([0-9.]*\)".*/\1/p' package.json)
ATLAS_DIR := hooks/timeline_core/vendor/world-atlas-$(ATLAS_VERSION)
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	rm -rf docs/assets/vendor/leaflet-*
	mkdir -p $(LEAFLET_DIR)/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE $(LEAFLET_DIR)/
	cp node_modules/leaflet/dist/images/*.png $(LEAFLET_DIR)/images/
	rm -rf $(ATLAS_DIR)/../world-atlas-*
	mkdir -p $(ATLAS_DIR)
	cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE $(ATLAS_DIR)/
