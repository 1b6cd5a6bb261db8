"""What the app holds for its lifetime: settings, the one async driver, metrics."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from neo4j import AsyncDriver
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from app.settings import Settings
from graph.migrations import apply_migrations

log = logging.getLogger("stsgraph")


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter("stsgraph_graphql_requests_total", "GraphQL operations",
                                ["operation_type", "outcome"], registry=self.registry)
        self.latency = Histogram("stsgraph_graphql_seconds", "GraphQL operation latency",
                                 registry=self.registry)
        self.cypher = Counter("stsgraph_cypher_queries_total", "Cypher round-trips",
                              registry=self.registry)
        self.neo4j_up = Gauge("stsgraph_neo4j_up", "1 when Neo4j answered the last check",
                              registry=self.registry)


@dataclass
class AppState:
    settings: Settings
    driver: AsyncDriver
    metrics: Metrics = field(default_factory=Metrics)
    migrated: bool = False
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def ensure_migrated(self) -> None:
        """Apply migrations once; retried on later calls while Neo4j was unreachable."""
        if self.migrated:
            return
        async with self._lock:
            if not self.migrated:
                await apply_migrations(self.driver, self.settings.neo4j_database)
                self.migrated = True
                log.info("schema migrations applied")
