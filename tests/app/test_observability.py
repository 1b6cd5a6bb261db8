"""/metrics after real requests and real loads; traces with an in-memory span exporter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

from app.auth import hash_api_key
from app.settings import Settings
from tests.conftest import FIXTURES, serve_app
from tests.loaders.helpers import replace_in
from tests.loaders.test_cli import stsgraph

KEY = "observability-viewer"
KEYS = f"viewer:{hash_api_key(KEY)}:dashboard"
PARKS = "query Parks { parks(first: 2) { totalCount edges { node { id name } } } }"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text page: (name, sorted labels) -> value."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(page: dict[Any, float], name: str, **labels: str) -> float:
    return page.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture(scope="module")
def url(settings: Settings) -> Iterator[str]:
    with serve_app(settings.model_copy(update={"api_keys": KEYS, "anonymous_read": False})) \
            as served:
        yield served


def scrape(url: str) -> dict[Any, float]:
    response = httpx.get(f"{url}/metrics", headers={"X-API-Key": KEY}, timeout=30)
    assert response.status_code == 200, response.text
    return samples(response.text)


async def test_metrics_count_operations_errors_cypher_and_loads(
        load: Any, url: str, settings: Settings, dataset_copy: Any, tmp_path: Path) -> None:
    await load("tiny")
    before = scrape(url)
    with httpx.Client(base_url=url, headers={"X-API-Key": KEY}, timeout=30) as client:
        for _ in range(3):
            assert "errors" not in client.post("/graphql", json={"query": PARKS}).json()
        bad = client.post("/graphql", json={"query": "query Broken { nope }"}).json()
        assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        client.post("/graphql", json={"query": "{ __typename }"})
    # refused by the Permissions extension (no credentials), and by the view (a bad key)
    assert httpx.post(f"{url}/graphql", json={"query": PARKS}, timeout=30).status_code == 401
    assert httpx.post(f"{url}/graphql", json={"query": PARKS}, headers={"X-API-Key": "bad"},
                      timeout=30).status_code == 401
    broken = dataset_copy("tiny")
    replace_in(broken, "parks.csv", ",1991,no,,", ",1991,perhaps,,")
    assert stsgraph(settings, "load", str(FIXTURES / "tiny"), "--quiet").returncode == 0
    assert stsgraph(settings, "load", str(broken), "--quiet").returncode == 1  # invalid data
    after = scrape(url)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("stsgraph_graphql_requests_total", operation="Parks", type="query",
                 outcome="ok") == 3
    assert delta("stsgraph_graphql_requests_total", operation="Parks", type="query",
                 outcome="error") == 1
    assert delta("stsgraph_graphql_seconds_count", operation="Parks") == 4
    assert value(after, "stsgraph_graphql_seconds_sum", operation="Parks") > 0
    assert delta("stsgraph_graphql_requests_total", operation="Broken", type="query",
                 outcome="error") == 1
    assert delta("stsgraph_graphql_requests_total", operation="anonymous", type="query",
                 outcome="ok") == 1
    assert delta("stsgraph_graphql_errors_total", code="BAD_USER_INPUT") == 1
    assert delta("stsgraph_graphql_errors_total", code="UNAUTHENTICATED") == 2
    # three Parks operations, one compiled statement each, plus the scrape's load counts
    assert delta("stsgraph_cypher_queries_total", kind="read", outcome="ok") == 3 + 1
    assert delta("stsgraph_cypher_seconds_count", kind="read") == 3 + 1
    assert delta("stsgraph_loads_total", outcome="loaded") == 1
    assert delta("stsgraph_loads_total", outcome="refused") == 1
    assert value(after, "stsgraph_neo4j_circuit_open") == 0


def test_operation_names_cannot_grow_the_metrics_without_bound(url: str) -> None:
    from app.observability import MAX_OPERATION_NAMES, Metrics

    metrics = Metrics()
    for i in range(MAX_OPERATION_NAMES + 50):
        metrics.operation(f"Op{i}", "query", 0.01, [])
    metrics.operation("not a name!", "query", 0.01, [])
    names = {s.labels["operation"] for family in metrics.registry.collect()
             if family.name == "stsgraph_graphql_requests" for s in family.samples}
    assert len(names) == MAX_OPERATION_NAMES + 1
    assert "other" in names


def test_traces_cover_http_graphql_and_cypher(load: Any, settings: Settings) -> None:
    exporter = InMemorySpanExporter()
    with serve_app(settings, span_exporter=exporter) as served:
        body = httpx.post(f"{served}/graphql", json={"query": PARKS}, timeout=30).json()
        assert "errors" not in body
    spans = exporter.get_finished_spans()
    names = [s.name for s in spans]
    assert "POST /graphql" in names  # the ASGI middleware's server span
    assert "GraphQL Query: Parks" in names  # strawberry's operation, parse and validation
    assert {"GraphQL Parsing", "GraphQL Validation"} <= set(names)
    (cypher,) = [s for s in spans if s.name == "neo4j.read"]
    assert cypher.attributes is not None
    assert cypher.attributes["db.system"] == "neo4j"
    assert "MATCH" in str(cypher.attributes["db.query.text"])
    server = next(s for s in spans if s.name == "POST /graphql")
    assert cypher.context.trace_id == server.context.trace_id  # one trace per request


def test_tracing_is_off_by_default(settings: Settings) -> None:
    assert settings.otel_endpoint == ""
    from app.main import create_app
    from schema.schema import schema

    app = create_app(settings)
    assert not any("OpenTelemetry" in type(m.cls).__name__ or "OpenTelemetry" in
                   getattr(m.cls, "__name__", "") for m in app.user_middleware)
    assert all("Traced" not in getattr(e, "__name__", "") for e in schema.extensions)
