# Zhiren task runner. `make demo` and `make test` are the two commands of the README.
VENV    := .venv
PY      := $(VENV)/bin/python
ZHIREN  := $(VENV)/bin/zhiren
STAMP   := $(VENV)/.installed
PACKAGES := zhiren app cli ingest nlp authority store ontology services

.PHONY: install demo serve test lint services services-down bench clean

VENDOR  := static/vendor/.built

# The browser tests' headless Chromium and a CJK font, from Debian (tests/e2e; Playwright drives the
# system browser, nothing is downloaded). Installed by `make test` when either file is missing.
BROWSER := /usr/bin/chromium /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

install: $(STAMP) $(VENDOR)  ## create .venv, install the project with its dev tools, build the front end (idempotent)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENDOR): package.json package-lock.json static/vendor.mjs  ## front-end libraries from npm (lockfile), copied by the build step
	npm ci --silent --no-audit --no-fund
	npm run --silent build
	touch $(VENDOR)

# The W3C reconciliation testbench (branch testbench-0.2) for tests/e2e/test_testbench.py: its source,
# pinned, is kept in tests/testbench (not on npm; a fresh clone reaches only package registries) and
# built here from npm. PUBLIC_URL=. serves it from a local port's root rather than GitHub Pages' path;
# no source maps and no ESLint pass (a build for a test, not for upstream's development).
TESTBENCH     := tests/testbench/build/.built
TESTBENCH_SRC := $(shell find tests/testbench/src tests/testbench/public -type f)

$(TESTBENCH): tests/testbench/package.json tests/testbench/package-lock.json $(TESTBENCH_SRC)
	cd tests/testbench && npm ci --silent --no-audit --no-fund --ignore-scripts
	cd tests/testbench && PUBLIC_URL=. GENERATE_SOURCEMAP=false DISABLE_ESLINT_PLUGIN=true \
		BROWSERSLIST_IGNORE_OLD_DATA=1 npm run --silent build
	touch $(TESTBENCH)

$(BROWSER):
	$(SUDO) apt-get update -qq  # a new machine's package lists may be empty or old
	$(SUDO) apt-get install -y --no-install-recommends chromium fonts-noto-cjk

demo: install  ## load the demo corpus into the embedded stores and serve http://127.0.0.1:5000/
	$(ZHIREN) demo
	$(ZHIREN) serve

lint: install  ## ruff and mypy on our packages
	$(VENV)/bin/ruff check $(PACKAGES) tests bench
	$(VENV)/bin/mypy

test: install $(BROWSER) $(TESTBENCH)  ## start Neo4j, Elasticsearch and Fuseki, run lint and every test (the browser tests too), stop the servers
	@$(ZHIREN) services up || { $(ZHIREN) services down; echo "make test: zhiren services up failed (see above)" >&2; exit 1; }
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(PY) -m pytest || status=1; \
	$(ZHIREN) services down; \
	exit $$status

services: install  ## fetch (once) and start the local Neo4j, Elasticsearch and Fuseki
	$(ZHIREN) services up

services-down: install
	$(ZHIREN) services down

bench: install  ## run every benchmark (each prints its figures)
	$(ZHIREN) services up
	@status=0; for b in bench/*.py; do echo "== $$b"; $(PY) $$b || status=1; done; \
	$(ZHIREN) services down; exit $$status

clean:
	rm -rf $(VENV) data node_modules static/vendor tests/testbench/node_modules tests/testbench/build .pytest_cache .mypy_cache .ruff_cache
