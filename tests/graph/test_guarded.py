"""The circuit breaker's states (a pure unit test with a hand-driven clock), and the guarded
driver in front of the real test Neo4j and of a closed port."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import pytest
from neo4j import AsyncDriver

from benchmarks.common import free_port
from graph.driver import create_async_driver
from graph.errors import DatabaseUnavailableError
from graph.guarded import CircuitBreaker, guard


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

def test_breaker_opens_on_failure_half_opens_once_and_closes_on_success() -> None:
    clock = Clock()
    breaker = CircuitBreaker(reset_s=2.0, clock=clock)
    assert breaker.before() is False and breaker.state == "closed"
    breaker.failed(probe=False)
    assert breaker.state == "open"
    clock.now += 1.9
    with pytest.raises(DatabaseUnavailableError, match=r"next attempt is in 0\.1 s"):
        breaker.before()
    clock.now += 0.1
    assert breaker.before() is True  # the one probe
    assert breaker.state == "half-open"
    with pytest.raises(DatabaseUnavailableError):  # others still fail fast meanwhile
        breaker.before()
    breaker.succeeded(probe=True)
    assert breaker.state == "closed" and breaker.before() is False

def test_a_failed_probe_opens_the_circuit_again() -> None:
    clock = Clock()
    breaker = CircuitBreaker(reset_s=1.0, clock=clock)
    breaker.failed(probe=False)
    clock.now += 1
    assert breaker.before() is True
    breaker.failed(probe=True)
    assert breaker.state == "open"
    with pytest.raises(DatabaseUnavailableError):
        breaker.before()
    clock.now += 1
    assert breaker.before() is True

def test_a_probe_failing_for_another_reason_frees_the_slot() -> None:
    clock = Clock()
    breaker = CircuitBreaker(reset_s=1.0, clock=clock)
    breaker.failed(probe=False)
    clock.now += 1
    assert breaker.before() is True
    breaker.released(probe=True)  # e.g. a syntax error: says nothing about Neo4j
    assert breaker.before() is True

async def test_guarded_driver_fails_fast_after_the_first_failure() -> None:
    calls: list[tuple[str, str]] = []
    observed: list[str] = []


    @contextmanager
    def observe(kind: str, statement: str) -> Any:
        calls.append((kind, statement))
        try:
            yield
            observed.append("ok")
        except BaseException:
            observed.append("error")
            raise

    raw = create_async_driver(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", timeout_s=1,
                              retry_s=0.2)
    breaker = CircuitBreaker(reset_s=60)
    driver = guard(raw, breaker, observe)
    try:
        with pytest.raises(Exception) as first:
            await driver.execute_query("RETURN 1")
        assert not isinstance(first.value, DatabaseUnavailableError)  # the driver's own
        assert breaker.state == "open"
        with pytest.raises(DatabaseUnavailableError, match="unreachable"):
            await driver.execute_query("RETURN 2")
        async with driver.session() as session:
            with pytest.raises(DatabaseUnavailableError):
                await session.execute_write(lambda tx: tx.run("RETURN 3"))
        assert calls == [("write", "RETURN 1")]  # the fast failures never reached Neo4j
        assert observed == ["error"]
    finally:
        await raw.close()

async def test_guarded_driver_passes_calls_through(driver: AsyncDriver) -> None:
    kinds: list[str] = []


    @contextmanager
    def observe(kind: str, statement: str) -> Any:
        kinds.append(kind)
        yield

    guarded = guard(driver, CircuitBreaker(), observe)
    records, _, _ = await guarded.execute_query("RETURN 41 + 1 AS x", routing_="r")
    assert records[0]["x"] == 42

    async def work(tx: Any) -> int:
        return int((await (await tx.run("RETURN 7 AS y")).single())["y"])

    async with guarded.session() as session:
        assert await session.execute_read(work) == 7
    assert kinds == ["read", "read"]
