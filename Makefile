# stsgraph — every command installs what it needs from the project's own files first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NEO4J_JAR := neo4j-local/target/neo4j-local-1.0.0.jar
# The explorer (web/): npm packages from its lockfile, built into web/dist, served by the API.
WEB_STAMP := web/node_modules/.installed
WEB_BUILD := web/dist/index.html
WEB_SOURCES := $(shell find web/src web/graphiql -type f 2>/dev/null) web/index.html web/graphiql.html web/vite.config.ts
# Headless Chromium for the browser tests: Debian's package (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
# The annual report (docs/reports.md): Pango for WeasyPrint's PDF, Noto CJK so Chinese is never
# tofu, poppler-utils for the tests that look at the PDF (pdftoppm, pdftotext, pdffonts).
REPORT_SYSDEPS := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils
SYSDEPS_STAMP := $(VENV)/.sysdeps

.PHONY: install sysdeps run test lint typecheck webcheck pytest bench bench-quick bench-load bench-api bench-payload bench-analysis bench-timeline bench-algorithms bench-annual neo4j-start neo4j-stop schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NEO4J_JAR): neo4j-local/pom.xml $(wildcard neo4j-local/src/main/java/org/stsgraph/neo4jlocal/*.java)
	mvn -q -B -f neo4j-local/pom.xml package -DskipTests

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build --silent

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk

## Debian packages the report needs, installed with apt-get only when one is missing
$(SYSDEPS_STAMP): Makefile
	@missing=$$(for p in $(REPORT_SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@mkdir -p $(VENV) && touch $(SYSDEPS_STAMP)

sysdeps: $(SYSDEPS_STAMP)

install: $(SYSDEPS_STAMP) $(STAMP) $(NEO4J_JAR) $(WEB_BUILD)

## The main job: local Neo4j + demo dataset + GraphQL server on http://127.0.0.1:8000/graphql
run: install
	$(BIN)/stsgraph up

## The whole test suite (lint, types, the explorer's checks and unit tests, then pytest against
## a real Neo4j that the suite starts itself, the explorer driven in headless Chromium included)
test: install lint typecheck webcheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

webcheck: $(WEB_STAMP)
	cd web && npm run --silent typecheck && npm run --silent lint && npm test --silent

pytest: install $(CHROMIUM)
	$(BIN)/pytest

## Benchmarks: every one against its peer, one table, JSON under benchmarks/results/
## (docs/performance.md). Starts its own Neo4j on port 7689; about an hour on 2 cores.
bench: install
	$(BIN)/python -m benchmarks

## The same at tiny sizes: checks the harness runs, says nothing about speed
bench-quick: install
	$(BIN)/python -m benchmarks --quick

bench-load: install
	$(BIN)/python -m benchmarks --only load

bench-api: install
	$(BIN)/python -m benchmarks --only api

bench-payload: install
	$(BIN)/python -m benchmarks --only payload

bench-analysis: install
	$(BIN)/python -m benchmarks --only analysis

bench-timeline: install
	$(BIN)/python -m benchmarks --only timeline

bench-algorithms: install
	$(BIN)/python -m benchmarks --only algorithms

bench-annual: install
	$(BIN)/python -m benchmarks --only annual

neo4j-start: install
	$(BIN)/stsgraph neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/stsgraph neo4j stop

clean:
	rm -rf $(VENV) neo4j-local/target .mypy_cache .ruff_cache .pytest_cache web/node_modules web/dist
