"""Which provinces entities belong to, for province-scoped editors (docs/api-auth.md)."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import queries
from graph.driver import WRITE, translate_unavailable


@translate_unavailable
async def provinces_of(driver: AsyncDriver, ids: list[str],
                       database: str | None = None) -> dict[str, set[str]]:
    """id -> the province ids it belongs to (empty: none, or the id does not exist).
    Read from the leader (`WRITE` routing), as the write that follows will be."""
    records, _, _ = await driver.execute_query(queries.ENTITY_PROVINCES, ids=ids,
                                               database_=database, routing_=WRITE)
    return {r["id"]: set(r["provinces"]) for r in records}


async def lock_provinces(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, set[str]]:
    """provinces_of inside a write transaction, write-locking each entity first: the check
    and the write that follows see the same entity (a concurrent move waits, or is seen)."""
    result = await tx.run(queries.LOCK_ENTITY_PROVINCES, ids=ids)
    return {r["id"]: set(r["provinces"]) async for r in result}
