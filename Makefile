# Set-up is automatic: the first target that needs Python makes .venv and installs the pinned
# dependencies from requirements.lock; the first target that needs the front-end assets installs
# node_modules/ from package-lock.json with `npm ci` (no package has an install script).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test serve validate schema clean world-map

site: $(STAMP) $(NODE_STAMP)  ## Build the site from content/ into site/
	$(PY) -m generator build

test: $(STAMP) $(NODE_STAMP) .venv-zensical/.installed  ## Run the whole test suite
	$(PY) -m pytest -q

serve: $(STAMP) $(NODE_STAMP)  ## Live preview on http://127.0.0.1:8000
	$(PY) -m generator serve

validate: $(STAMP)
	$(PY) -m generator validate

schema: $(STAMP)
	$(PY) -m generator schema --out schema

# The world map's shapes (generator/pages/charts/world_map.json, committed) from the pinned npm
# packages world-atlas, d3-geo and topojson-client: run after upgrading one of them.
world-map: $(NODE_STAMP)
	node scripts/world_map.mjs

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Zensical for tests/test_zensical.py, in an environment of its own: the site's build never uses it.
.venv-zensical/.installed: requirements-zensical.lock
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.lock
	touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

clean:
	rm -rf build site .pytest_cache
