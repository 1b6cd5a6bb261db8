"""Neo4j stops under a stream of requests, then comes back.

A throwaway Neo4j of its own (another port and store, never the session's) serves an app;
a thread keeps querying it. When Neo4j is stopped, the stream's answers turn into
DATABASE_UNAVAILABLE (fast: the circuit breaker, no waiting on connection timeouts — the
figures are printed, not asserted) and /readyz fails; when it is started again, /readyz and
the queries recover by themselves, without restarting the app.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from app.neo4j_local import LocalNeo4j
from app.settings import PROJECT_ROOT, Settings
from benchmarks.common import free_port
from graph.driver import create_async_driver
from graph.migrations import apply_migrations
from tests.conftest import serve_app

QUERY = {"query": "{ parks(first: 1) { totalCount } }"}


@dataclass
class Stream:
    """Requests sent one after another until stopped: (sent at, seconds taken, outcome)."""

    url: str
    results: list[tuple[float, float, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            deadline = time.monotonic() + 600  # bounded, whatever happens
            while not self.stop.is_set() and time.monotonic() < deadline:
                start = time.monotonic()
                body = client.post("/graphql", json=QUERY).json()
                codes = [e["extensions"]["code"] for e in body.get("errors", ())]
                self.results.append((start, time.monotonic() - start,
                                     codes[0] if codes else "ok"))
                time.sleep(0.02)

    def since(self, moment: float) -> list[tuple[float, float, str]]:
        return [r for r in self.results if r[0] >= moment]


def wait_for(check: object, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"not reached within {timeout_s} s")


@pytest.fixture(scope="module")
def throwaway(settings: Settings) -> Iterator[LocalNeo4j]:
    port = free_port()
    home = PROJECT_ROOT / ".neo4j-local" / f"outage-{port}"
    local = LocalNeo4j(settings.model_copy(update={
        "neo4j_uri": "", "local_neo4j_port": port, "local_neo4j_heap": "512m",
        "local_neo4j_page_cache_mb": 64, "local_neo4j_dir": home}))
    try:
        local.start()
        asyncio.run(_migrate(local.uri))  # before the app starts: its start-up stays short
        yield local
    finally:
        local.stop()
        shutil.rmtree(home, ignore_errors=True)  # a throwaway store


async def _migrate(uri: str) -> None:
    driver = create_async_driver(uri, "neo4j", "unused")
    try:
        await apply_migrations(driver)
    finally:
        await driver.close()


@pytest.mark.slow
def test_outage_fails_fast_and_recovers(settings: Settings, throwaway: LocalNeo4j) -> None:
    app_settings = settings.model_copy(update={
        "neo4j_uri": throwaway.uri, "neo4j_retry_after_s": 1.0, "debug": False})
    with serve_app(app_settings) as url:
        wait_for(lambda: httpx.get(f"{url}/readyz", timeout=10).status_code == 200, 60)
        stream = Stream(url)
        thread = threading.Thread(target=stream.run, daemon=True)
        thread.start()
        try:
            wait_for(lambda: len(stream.results) >= 5, 30)
            assert {r[2] for r in stream.results} == {"ok"}

            stopped_at = time.monotonic()
            throwaway.stop()
            wait_for(lambda: sum(r[2] == "DATABASE_UNAVAILABLE"
                                 for r in stream.since(stopped_at)) >= 20, 120)
            ready = httpx.get(f"{url}/readyz", timeout=10)
            assert ready.status_code == 503
            assert ready.json() == {"status": "unavailable"}
            during = stream.since(stopped_at)
            assert {r[2] for r in during} <= {"ok", "DATABASE_UNAVAILABLE"}
            failures = [r[1] for r in during if r[2] == "DATABASE_UNAVAILABLE"]
            print(f"\noutage: first failure after {failures[0]:.2f} s; the next "
                  f"{len(failures) - 1} in a median of "
                  f"{sorted(failures[1:])[len(failures) // 2 - 1] * 1000:.1f} ms")

            back_at = time.monotonic()
            throwaway.start()
            wait_for(lambda: any(r[2] == "ok" for r in stream.since(back_at)), 120)
            assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
            recovered = next(r[0] for r in stream.since(back_at) if r[2] == "ok")
            print(f"recovery: queries answered {recovered - back_at:.1f} s after the "
                  "restart began")
        finally:
            stream.stop.set()
            thread.join(timeout=30)
        assert {r[2] for r in stream.results} <= {"ok", "DATABASE_UNAVAILABLE"}
