# make run  : set up .venv, build the sample articles into ./store, serve http://127.0.0.1:8000
# make test : set up .venv if needed, run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= store

.PHONY: install run build test lint vocab clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@command -v java >/dev/null 2>&1 || { echo "installing a Java runtime (the HermiT reasoner needs it)"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null; }
	@touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/kg build examples/articles --store $(STORE)

run: build
	$(BIN)/python serve.py --store $(STORE)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check kg tests tools serve.py
	$(BIN)/ruff format --check kg tests tools serve.py

vocab: install
	$(BIN)/python tools/generate_vocab.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
