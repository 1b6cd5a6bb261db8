"""Health, readiness and metrics over HTTP, with Neo4j up and with Neo4j unreachable."""

from __future__ import annotations

import httpx

from app.settings import Settings
from benchmarks.common import free_port
from tests.conftest import serve_app


def test_healthz_is_ok(http: httpx.Client) -> None:
    response = http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_with_neo4j(http: httpx.Client, settings: Settings) -> None:
    response = http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}  # no URI: nothing about the deployment


def test_readyz_fails_while_neo4j_is_unreachable() -> None:
    dead = Settings(neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with serve_app(dead) as url:
        health = httpx.get(f"{url}/healthz", timeout=10)
        ready = httpx.get(f"{url}/readyz", timeout=10)
    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable"}  # the driver's error stays in the log


def test_metrics_expose_neo4j_gauge(http: httpx.Client) -> None:
    http.get("/readyz")
    response = http.get("/metrics")
    assert response.status_code == 200
    assert "stsgraph_neo4j_up 1.0" in response.text
