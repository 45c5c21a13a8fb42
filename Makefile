# make run  : set up .venv, build the sample articles into ./store, serve http://127.0.0.1:8000
# make test : set up .venv if needed, run every test
# make lint : ruff (lint and format check) and mypy (strict, on kg/), as CI runs them first
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= store
# the query page's editor (YASGUI) from the npm registry, its built files copied here
VENDOR := kg/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

.PHONY: install run build test lint vocab clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing (HermiT needs Java; browser tests need Chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@touch $(STAMP)

$(VENDOR_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "installing system packages: nodejs npm (the query page's editor comes from npm)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	}
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/yasgui
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	cp node_modules/@zazuko/yasgui/package.json $(VENDOR)/yasgui/
	@touch $@

install: $(STAMP) $(VENDOR_STAMP)

build: install
	$(BIN)/kg build examples/articles --store $(STORE)

run: build
	$(BIN)/python serve.py --store $(STORE)

test: install
	$(BIN)/python -m pytest

LINTED := kg tests tools serve.py setup.py

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

vocab: install
	$(BIN)/python tools/generate_vocab.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache node_modules $(VENDOR)
