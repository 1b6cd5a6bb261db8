# stsgraph — every command installs what it needs from the project's own files first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NEO4J_JAR := neo4j-local/target/neo4j-local-1.0.0.jar

.PHONY: install run test lint typecheck pytest bench bench-quick bench-load bench-api bench-payload bench-analysis bench-timeline bench-algorithms neo4j-start neo4j-stop schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NEO4J_JAR): neo4j-local/pom.xml $(wildcard neo4j-local/src/main/java/org/stsgraph/neo4jlocal/*.java)
	mvn -q -B -f neo4j-local/pom.xml package -DskipTests

install: $(STAMP) $(NEO4J_JAR)

## The main job: local Neo4j + demo dataset + GraphQL server on http://127.0.0.1:8000/graphql
run: install
	$(BIN)/stsgraph up

## The whole test suite (lint, types, tests against a real Neo4j that the suite starts itself)
test: install lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: install
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

neo4j-start: install
	$(BIN)/stsgraph neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/stsgraph neo4j stop

clean:
	rm -rf $(VENV) neo4j-local/target .mypy_cache .ruff_cache .pytest_cache
