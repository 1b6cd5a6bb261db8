"""What the app holds for its lifetime: settings, the one (guarded) driver, metrics."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from neo4j import AsyncDriver

from app.observability import Metrics, Tracing
from app.ratelimit import RateLimiter
from app.settings import Settings
from graph.guarded import CircuitBreaker
from graph.migrations import apply_migrations

log = logging.getLogger("stsgraph")


@dataclass
class AppState:
    settings: Settings
    driver: AsyncDriver  # behind graph.guarded: the breaker and the Cypher metrics
    metrics: Metrics = field(default_factory=Metrics)
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    tracing: Tracing | None = None
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


def rate_limiter(settings: Settings) -> RateLimiter:
    return RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
