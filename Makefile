# Set-up is automatic: the first target that needs Python makes .venv and installs the pinned
# dependencies from requirements.lock.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve validate schema clean

site: $(STAMP)  ## Build the site from content/ into site/
	$(PY) -m generator build

test: $(STAMP)  ## Run the whole test suite
	$(PY) -m pytest -q

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000
	$(PY) -m generator serve

validate: $(STAMP)
	$(PY) -m generator validate

schema: $(STAMP)
	$(PY) -m generator schema --out schema

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

clean:
	rm -rf build site .pytest_cache
