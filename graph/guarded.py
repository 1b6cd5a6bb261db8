"""A driver that fails fast while Neo4j is known to be down, and reports every Cypher call.

`GuardedDriver` wraps the API process's one AsyncDriver. Every `execute_query` and every
session transaction (`execute_read`, `execute_write`, `run`) goes through:

- the circuit breaker: after a call fails because Neo4j is unreachable, the circuit opens
  and further calls raise DatabaseUnavailableError at once, instead of each waiting for the
  driver's connection timeout and retries (3–8 s). After `reset_s` one call is let through
  (half-open): if it succeeds the circuit closes, if it fails it opens again;
- the `observe` hook: a context manager entered around the call with its kind ("read" or
  "write") and statement, which the app uses for metrics and trace spans.

Everything else (close, verify_connectivity, ...) is the wrapped driver's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from neo4j import AsyncDriver

from graph.driver import database_unavailable
from graph.errors import DatabaseUnavailableError

Observe = Callable[[str, str], AbstractContextManager[Any]]


def _no_observer(_kind: str, _statement: str) -> AbstractContextManager[Any]:
    return nullcontext()


class CircuitBreaker:
    """Closed → (a failure) → open → (`reset_s` later, one probe) → closed or open again."""

    def __init__(self, reset_s: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.reset_s = reset_s
        self.clock = clock
        self.opened_at: float | None = None
        self.probing = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.probing else "open"

    def before(self) -> bool:
        """Allow a call (True when it is the half-open probe) or raise while open."""
        if self.opened_at is None:
            return False
        waited = self.clock() - self.opened_at
        if waited >= self.reset_s and not self.probing:
            self.probing = True
            return True
        raise DatabaseUnavailableError(
            f"Neo4j was unreachable {waited:.1f} s ago; the next attempt is in "
            f"{max(0.0, self.reset_s - waited):.1f} s")

    def succeeded(self, probe: bool) -> None:
        if probe or self.opened_at is not None:
            self.opened_at, self.probing = None, False

    def failed(self, probe: bool) -> None:
        self.opened_at = self.clock()
        if probe:
            self.probing = False

    def released(self, probe: bool) -> None:
        """The probe ended with an error that says nothing about reachability."""
        if probe:
            self.probing = False


def _unreachable(error: BaseException) -> bool:
    return database_unavailable(error) or isinstance(error, DatabaseUnavailableError)


class _Guard:
    def __init__(self, breaker: CircuitBreaker, observe: Observe) -> None:
        self.breaker, self.observe = breaker, observe

    async def call(self, kind: str, statement: str, fn: Callable[..., Any], *args: Any,
                   **kwargs: Any) -> Any:
        probe = self.breaker.before()
        with self.observe(kind, statement):
            try:
                result = await fn(*args, **kwargs)
            except BaseException as e:
                if _unreachable(e):
                    self.breaker.failed(probe)
                else:
                    self.breaker.released(probe)
                raise
        self.breaker.succeeded(probe)
        return result


def _statement(query: Any) -> str:
    text = getattr(query, "text", query)
    return text if isinstance(text, str) else ""


class GuardedSession:
    """A session whose transactions go through the breaker and the observer."""

    def __init__(self, session: Any, guard: _Guard) -> None:
        self._session, self._guard = session, guard

    async def __aenter__(self) -> GuardedSession:
        await self._session.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._session.__aexit__(*exc)

    async def execute_read(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return await self._guard.call("read", getattr(work, "__name__", "transaction"),
                                      self._session.execute_read, work, *args, **kwargs)

    async def execute_write(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return await self._guard.call("write", getattr(work, "__name__", "transaction"),
                                      self._session.execute_write, work, *args, **kwargs)

    async def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        return await self._guard.call("write", _statement(query), self._session.run, query,
                                      *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class GuardedDriver:
    """The wrapped AsyncDriver with the breaker and the observer in front of its calls."""

    def __init__(self, driver: AsyncDriver, breaker: CircuitBreaker | None = None,
                 observe: Observe | None = None) -> None:
        self.driver = driver
        self.breaker = breaker or CircuitBreaker()
        self._guard = _Guard(self.breaker, observe or _no_observer)

    async def execute_query(self, query: Any, parameters: Any = None, *args: Any,
                            **kwargs: Any) -> Any:
        routing = kwargs.get("routing_", "w")
        kind = "read" if str(getattr(routing, "value", routing)).lower() in ("r", "read") \
            else "write"
        return await self._guard.call(kind, _statement(query), self.driver.execute_query,
                                      query, parameters, *args, **kwargs)

    def session(self, *args: Any, **kwargs: Any) -> GuardedSession:
        return GuardedSession(self.driver.session(*args, **kwargs), self._guard)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)


def guard(driver: AsyncDriver, breaker: CircuitBreaker | None = None,
          observe: Observe | None = None) -> AsyncDriver:
    """`driver` behind a GuardedDriver, typed as the AsyncDriver it stands in for (it has the
    methods the code base calls: execute_query, session, verify_connectivity, close)."""
    wrapped: Any = GuardedDriver(driver, breaker, observe)
    return wrapped  # type: ignore[no-any-return]
