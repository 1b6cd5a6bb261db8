"""Driver construction: one async (or sync, for the CLI) driver per process."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase
from neo4j.exceptions import DatabaseUnavailable, Neo4jError, ServiceUnavailable, SessionExpired

from graph.errors import DatabaseUnavailableError

P = ParamSpec("P")
T = TypeVar("T")

# DatabaseUnavailable: the server answers but its database is stopping or starting (seen
# while a server shuts down under load), which is the same outage to a client.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable, SessionExpired, DatabaseUnavailable, OSError)


def database_unavailable(error: BaseException) -> bool:
    """Neo4j cannot serve: unreachable, or up but its database is not (while it starts or
    stops it answers Neo.TransientError.General.DatabaseUnavailable)."""
    return isinstance(error, UNAVAILABLE_ERRORS) or (
        isinstance(error, Neo4jError) and "DatabaseUnavailable" in (error.code or ""))


def create_async_driver(
    uri: str, user: str, password: str, pool_size: int = 50, timeout_s: float = 5.0,
    retry_s: float = 3.0,
) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        uri,
        auth=(user, password),
        max_connection_pool_size=pool_size,
        connection_timeout=timeout_s,
        connection_acquisition_timeout=timeout_s * 2,
        # The default 30 s of retries would keep API clients waiting that long before they
        # see DATABASE_UNAVAILABLE; a short retry covers a leader switch or a blip.
        max_transaction_retry_time=retry_s,
        notifications_min_severity="OFF",
    )


def create_driver(uri: str, user: str, password: str, timeout_s: float = 10.0) -> Driver:
    return GraphDatabase.driver(
        uri, auth=(user, password), connection_timeout=timeout_s,
        notifications_min_severity="OFF",
    )


async def verify_async(driver: AsyncDriver) -> None:
    try:
        await driver.verify_connectivity()
    except UNAVAILABLE_ERRORS as e:
        raise DatabaseUnavailableError(f"Neo4j is unreachable: {e}") from e


def verify(driver: Driver) -> None:
    try:
        driver.verify_connectivity()
    except UNAVAILABLE_ERRORS as e:
        raise DatabaseUnavailableError(f"Neo4j is unreachable: {e}") from e


def translate_unavailable(
    fn: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[T]]:
    """Decorate an async graph function so connectivity failures become domain errors."""

    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await fn(*args, **kwargs)
        except UNAVAILABLE_ERRORS as e:
            raise DatabaseUnavailableError(f"Neo4j is unreachable: {e}") from e

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


READ = neo4j.RoutingControl.READ
WRITE = neo4j.RoutingControl.WRITE
