# Guanxi: `make run` (app + Neo4j + demo data) and `make test` (the whole suite on a real Neo4j).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
NEO4J_BOLT_PORT ?= 7687
NEO4J_TEST_BOLT_PORT ?= 7688
BENCH_NEO4J_BOLT_PORT ?= 7701
export FLASK_APP := app.py

.PHONY: run test setup lint lock upgrade stop neo4j-start neo4j-test-start browser redis bench-network bench-chat bench-crm bench-vendors bench-soak stop-bench clean

## Python environment: the exact versions of requirements.lock, hashes checked; rebuilt only when the lock changes.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	touch $@

## The lock: `make lock` after editing requirements.txt; `make upgrade` takes the newest versions its ranges allow.
PIP_COMPILE = $(PY) -m piptools compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements.lock
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q pip-tools
	$(PIP_COMPILE) requirements.txt

upgrade:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q pip-tools
	$(PIP_COMPILE) --upgrade requirements.txt

## ruff (a small rule set) and mypy (core/), both configured in pyproject.toml; part of `make test`.
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

## Browser dependencies (socket.io-client, lucide-static icons, axe-core for the browser tests; pinned in package-lock.json); served from node_modules, not committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

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

## Debian's redis-server, for the Socket.IO scale-out test (the test starts its own instance on a free port).
redis:
	@scripts/ensure_redis.sh

test: setup lint neo4j-test-start browser redis
	TEST_NEO4J_URI=bolt://127.0.0.1:$(NEO4J_TEST_BOLT_PORT) $(PY) -m pytest -q $(PYTEST_ARGS)

## The network benchmark gets its own Neo4j, started on an empty store and stopped afterwards.
BENCH_NEO4J := NEO4J_BOLT_PORT=$(BENCH_NEO4J_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench
bench-network: setup
	$(BENCH_NEO4J) scripts/neo4j.sh stop
	rm -rf instance/neo4j-bench/data
	$(BENCH_NEO4J) NEO4J_HEAP=2g NEO4J_PAGECACHE=1g scripts/neo4j.sh start
	BENCH_NEO4J_URI=bolt://127.0.0.1:$(BENCH_NEO4J_BOLT_PORT) $(PY) bench/network_bench.py; \
	  status=$$?; $(BENCH_NEO4J) scripts/neo4j.sh stop; exit $$status

## Chat benchmark: Guanxi beside a bare python-socketio echo server, pinned cores; bench/results/chat.json.
bench-chat: setup
	$(PY) bench/chat_bench.py
	$(PY) bench/community_fanout.py

## CRM sync benchmark on its own Neo4j (never the test instance), stopped again afterwards.
CRM_BENCH_BOLT_PORT ?= 7793
bench-crm: setup
	$(PY) bench/crm_inbound.py
	$(PY) bench/postoffice_bench.py
	NEO4J_BOLT_PORT=$(CRM_BENCH_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench-crm scripts/neo4j.sh start
	NEO4J_URI=bolt://127.0.0.1:$(CRM_BENCH_BOLT_PORT) $(PY) bench/crm_bench.py $(BENCH_ARGS); status=$$?; \
	NEO4J_BOLT_PORT=$(CRM_BENCH_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench-crm scripts/neo4j.sh stop; exit $$status
	$(PY) bench/crm_opportunities.py $(BENCH_OPP_ARGS)

## Soak benchmark: the team-day scenario with CRM sync on (slow webhook) and off, each on a fresh SQLite file and the
## default server; its own Neo4j (never the test instance), stopped again afterwards; bench/results/soak.json.
SOAK_BENCH_BOLT_PORT ?= 7796
SOAK_BENCH_NEO4J := NEO4J_BOLT_PORT=$(SOAK_BENCH_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench-soak
bench-soak: setup
	$(SOAK_BENCH_NEO4J) scripts/neo4j.sh start
	NEO4J_URI=bolt://127.0.0.1:$(SOAK_BENCH_BOLT_PORT) $(PY) bench/soak_bench.py $(BENCH_ARGS); status=$$?; \
	$(SOAK_BENCH_NEO4J) scripts/neo4j.sh stop; exit $$status

## Vendor shortlist benchmark: its own Neo4j (loaded once with 100,000 generated people and kept for reruns;
## `make stop-bench` stops it), app on BENCH_APP_PORT.
BENCH_VENDORS_BOLT_PORT ?= 7704
BENCH_APP_PORT ?= 5104
bench-vendors: setup
	NEO4J_BOLT_PORT=$(BENCH_VENDORS_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench-vendors NEO4J_PAGECACHE=768m scripts/neo4j.sh start
	$(PY) bench/vendor_bench.py --bolt-port $(BENCH_VENDORS_BOLT_PORT) --app-port $(BENCH_APP_PORT)

stop:
	-NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) scripts/neo4j.sh stop
	-NEO4J_BOLT_PORT=$(NEO4J_TEST_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-test-$(NEO4J_TEST_BOLT_PORT) scripts/neo4j.sh stop

stop-bench:
	-NEO4J_BOLT_PORT=$(BENCH_VENDORS_BOLT_PORT) NEO4J_HOME_DIR=$(CURDIR)/instance/neo4j-bench-vendors scripts/neo4j.sh stop

clean: stop stop-bench
	rm -rf instance $(VENV) neo4j/.classpath
