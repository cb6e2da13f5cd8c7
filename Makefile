# Guanxi: `make run` (app + Neo4j + demo data) and `make test` (the whole suite on a real Neo4j).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
NEO4J_BOLT_PORT ?= 7687
NEO4J_TEST_BOLT_PORT ?= 7688
export FLASK_APP := app.py

.PHONY: run test setup stop neo4j-start neo4j-test-start browser bench-network bench-vendors clean

## Python environment: rebuilt only when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

setup: $(VENV)/.installed

neo4j-start:
	@if [ -z "$$NEO4J_URI" ]; then NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) scripts/neo4j.sh start; \
	else echo "neo4j: using $$NEO4J_URI"; fi

run: setup neo4j-start
	$(PY) -m flask db upgrade
	$(PY) -m flask graph init
	$(PY) -m flask demo load
	PORT=$(PORT) $(PY) app.py

## The test Neo4j is a separate instance (own port and data), so tests never touch demo data.
neo4j-test-start:
	NEO4J_BOLT_PORT=$(NEO4J_TEST_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-test-$(NEO4J_TEST_BOLT_PORT) scripts/neo4j.sh start

browser:
	@scripts/ensure_chromium.sh

test: setup neo4j-test-start browser
	TEST_NEO4J_URI=bolt://127.0.0.1:$(NEO4J_TEST_BOLT_PORT) $(PY) -m pytest -q $(PYTEST_ARGS)

## Vendor shortlist benchmark: its own Neo4j (loaded once with 100,000 generated people), app on BENCH_APP_PORT.
BENCH_VENDORS_BOLT_PORT ?= 7704
BENCH_APP_PORT ?= 5104
bench-vendors: setup
	NEO4J_BOLT_PORT=$(BENCH_VENDORS_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench NEO4J_PAGECACHE=768m scripts/neo4j.sh start
	$(PY) bench/vendor_bench.py --bolt-port $(BENCH_VENDORS_BOLT_PORT) --app-port $(BENCH_APP_PORT)

stop:
	-NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) scripts/neo4j.sh stop
	-NEO4J_BOLT_PORT=$(NEO4J_TEST_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-test-$(NEO4J_TEST_BOLT_PORT) scripts/neo4j.sh stop

clean: stop
	rm -rf instance $(VENV) neo4j/.classpath
