"""The production path cannot run here (no Docker engine): check its files' structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_neo4j_service_uses_526_with_volumes_memory_and_healthcheck(compose: dict) -> None:
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    mounts = {v.split(":")[1] for v in neo4j["volumes"]}
    assert mounts == {"/data", "/logs"}
    env = neo4j["environment"]
    for key in ("NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"):
        assert key in env
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert set(neo4j["volumes"][0].split(":")[:1]) <= set(compose["volumes"])


def test_api_waits_for_healthy_neo4j_and_is_configured_by_env(compose: dict) -> None:
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "/readyz" in " ".join(api["healthcheck"]["test"])


def test_dockerfile_copies_every_package_and_serves_securely() -> None:
    text = (ROOT / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\w+) ", text, re.MULTILINE))
    assert {"graph", "schema", "loaders", "analysis", "app", "data"} <= copied
    for package in copied:
        assert (ROOT / package).is_dir(), package
    assert 'CMD ["stsgraph", "serve", "--host", "0.0.0.0"' in text
    env = dict(re.findall(r"(STSGRAPH_\w+)=(\S+)", text))
    assert env == {"STSGRAPH_ANONYMOUS_READ": "false", "STSGRAPH_INTROSPECTION": "false",
                   "STSGRAPH_GRAPHIQL": "false", "STSGRAPH_WEB_DIR": "/app/web/dist"}
    assert "COPY --from=web /web/dist ./web/dist" in text  # the explorer, built in its stage


def test_compose_api_is_secure_by_default_and_behind_the_proxy(compose: dict) -> None:
    api = compose["services"]["api"]
    env = api["environment"]
    for name in ("STSGRAPH_ANONYMOUS_READ", "STSGRAPH_INTROSPECTION", "STSGRAPH_GRAPHIQL"):
        assert env[name].endswith(":-false}"), name
    assert env["STSGRAPH_DEBUG"] == "false"
    assert [p.split(":")[0] for p in api["ports"]] == ["127.0.0.1"]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^(make \w+)\s+#", readme, re.MULTILINE)
    assert commands[:2] == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
