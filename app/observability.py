"""Prometheus metrics of one API process, and OpenTelemetry tracing when configured.

`Metrics` holds the registry `/metrics` serves. It is fed by:
- the GraphQL `OperationMetrics` extension (schema/extensions/metrics.py), through
  `operation()`: requests and latency by operation name and type, errors by code;
- the HTTP view, through `rejected()`: requests refused before GraphQL ran (401, 413, 429…);
- the guarded driver (graph/guarded.py), through `cypher()`: every Cypher call and its time;
- `/metrics` itself: loads by outcome (recorded in the graph by `stsgraph load`), whether
  Neo4j answered and whether the circuit breaker is open.

Operation names come from clients, so a process keeps at most MAX_OPERATION_NAMES distinct
ones (further names are counted as `other`), and only names that are GraphQL names.

Tracing (`Tracing`, needs the `otel` extra) is on when `settings.otel_endpoint` is set, or a
span exporter is given (tests): the ASGI middleware makes a span per HTTP request,
strawberry's OpenTelemetryExtension spans per operation, parse, validation and resolver,
and every Cypher call is a `neo4j.<kind>` span with its statement.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

MAX_OPERATION_NAMES = 200
_GRAPHQL_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,99}$")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    _names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter("stsgraph_graphql_requests_total",
                                "GraphQL operations by name, type and outcome (ok or error)",
                                ["operation", "type", "outcome"], registry=r)
        self.latency = Histogram("stsgraph_graphql_seconds",
                                 "GraphQL operation latency by operation name", ["operation"],
                                 buckets=_LATENCY_BUCKETS, registry=r)
        self.errors = Counter("stsgraph_graphql_errors_total",
                              "GraphQL errors by extensions.code (request and field errors)",
                              ["code"], registry=r)
        self.cypher = Counter("stsgraph_cypher_queries_total",
                              "Cypher calls (statements or transactions) by kind and outcome",
                              ["kind", "outcome"], registry=r)
        self.cypher_latency = Histogram("stsgraph_cypher_seconds", "Cypher call time by kind",
                                        ["kind"], buckets=_LATENCY_BUCKETS, registry=r)
        self.neo4j_up = Gauge("stsgraph_neo4j_up", "1 when Neo4j answered the last check",
                              registry=r)
        self.circuit_open = Gauge("stsgraph_neo4j_circuit_open",
                                  "1 while the circuit breaker fails Neo4j calls fast",
                                  registry=r)
        self.loads = Gauge("stsgraph_loads_total",
                           "Dataset loads recorded in the graph by `stsgraph load`, by outcome",
                           ["outcome"], registry=r)

    def _operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if not _GRAPHQL_NAME.match(name):
            return "other"
        if name not in self._names:
            if len(self._names) >= MAX_OPERATION_NAMES:
                return "other"
            self._names.add(name)
        return name

    def operation(self, name: str | None, kind: str, seconds: float,
                  codes: list[str]) -> None:
        label = self._operation_label(name)
        self.requests.labels(label, kind, "error" if codes else "ok").inc()
        self.latency.labels(label).observe(seconds)
        for code in codes:
            self.errors.labels(code).inc()

    def rejected(self, code: str) -> None:
        """A request refused by the HTTP view before GraphQL ran."""
        self.errors.labels(code).inc()

    @contextmanager
    def cypher_call(self, kind: str) -> Iterator[None]:
        start = time.perf_counter()
        outcome = "error"
        try:
            yield
            outcome = "ok"
        finally:
            self.cypher.labels(kind, outcome).inc()
            self.cypher_latency.labels(kind).observe(time.perf_counter() - start)


class Tracing:
    """A tracer provider of the app's own (the global one is left alone), exporting to OTLP
    over HTTP, or to the exporter given."""

    def __init__(self, service_name: str, endpoint: str, exporter: Any = None) -> None:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

        self.provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        if exporter is None:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint)))
        else:
            self.provider.add_span_processor(SimpleSpanProcessor(exporter))
        self.tracer = self.provider.get_tracer("stsgraph")

    @contextmanager
    def cypher_span(self, kind: str, statement: str) -> Iterator[None]:
        with self.tracer.start_as_current_span(f"neo4j.{kind}", attributes={
                "db.system": "neo4j", "db.operation.name": kind,
                "db.query.text": statement[:4000]}):
            yield

    def schema_extension(self) -> type[Any]:
        """strawberry's OpenTelemetryExtension, bound to this provider."""
        from strawberry.extensions.tracing import OpenTelemetryExtension

        provider = self.provider

        class TracedOperations(OpenTelemetryExtension):  # type: ignore[misc]
            def __init__(self, *, execution_context: Any = None) -> None:
                super().__init__(execution_context=execution_context,
                                 tracer_provider=provider)

        return TracedOperations

    def asgi_middleware(self) -> tuple[Any, dict[str, Any]]:
        """The ASGI middleware class and its options, for app.add_middleware."""
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        return OpenTelemetryMiddleware, {"tracer_provider": self.provider}

    def shutdown(self) -> None:
        self.provider.shutdown()


def cypher_observer(metrics: Metrics, tracing: Tracing | None) -> Any:
    """The guarded driver's `observe` hook: metrics always, a span when tracing."""

    @contextmanager
    def observe(kind: str, statement: str) -> Iterator[None]:
        with metrics.cypher_call(kind):
            if tracing is None:
                yield
            else:
                with tracing.cypher_span(kind, statement):
                    yield

    return observe
