"""Which provinces entities belong to, for province-scoped editors (docs/api-auth.md)."""

from __future__ import annotations

from neo4j import AsyncDriver

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
