# Everything runs in a local virtualenv (.venv), created on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install test serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A regular (non-editable) install, as users get it; stale build folders would leak
# deleted files into the wheel, hence the clean-up first.
install: $(BIN)/python
	rm -rf build *.egg-info
	$(BIN)/pip install --quiet --disable-pip-version-check ".[test,distributed]"

# One pytest run collects both the YAML legislative tests and the Python tests.
test: install
	$(BIN)/openfisca test --country-package openfisca_independants tests

serve: install
	$(BIN)/openfisca-independants serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
