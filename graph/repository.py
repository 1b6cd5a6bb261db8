"""Typed reads and writes of entities; neo4j records never leave this module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, Query

from graph import queries, result_queries
from graph.driver import READ, translate_unavailable
from graph.fingerprint import bump_whole_now
from graph.model import require_label


@dataclass(frozen=True)
class EntityRow:
    label: str
    props: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.props["id"])


@dataclass(frozen=True)
class RelationshipRow:
    type: str
    outgoing: bool
    other: str
    props: dict[str, Any]


@translate_unavailable
async def get_entity(driver: AsyncDriver, entity_id: str,
                     database: str | None = None) -> EntityRow | None:
    records, _, _ = await driver.execute_query(queries.GET_ENTITY, id=entity_id,
                                               database_=database, routing_=READ)
    return EntityRow(records[0]["label"], dict(records[0]["props"])) if records else None


@translate_unavailable
async def get_entities(driver: AsyncDriver, ids: list[str],
                       database: str | None = None) -> dict[str, EntityRow]:
    records, _, _ = await driver.execute_query(queries.GET_ENTITIES, ids=ids,
                                               database_=database, routing_=READ)
    rows = (EntityRow(r["label"], dict(r["props"])) for r in records)
    return {row.id: row for row in rows}


@translate_unavailable
async def list_entities(driver: AsyncDriver, label: str, first: int, after: str | None = None,
                        database: str | None = None) -> list[EntityRow]:
    """Entities of one kind ordered by id, `first` of them after the id `after`."""
    records, _, _ = await driver.execute_query(
        queries.list_entities(require_label(label)), first=first, after=after,
        database_=database, routing_=READ,
    )
    return [EntityRow(r["label"], dict(r["props"])) for r in records]


@translate_unavailable
async def count_entities(driver: AsyncDriver, label: str, database: str | None = None) -> int:
    records, _, _ = await driver.execute_query(
        queries.count_entities(require_label(label)), database_=database, routing_=READ)
    return int(records[0]["total"])


@translate_unavailable
async def relationships_of(driver: AsyncDriver, entity_id: str, types: list[str] | None = None,
                           database: str | None = None) -> list[RelationshipRow]:
    records, _, _ = await driver.execute_query(queries.RELATIONSHIPS_OF, id=entity_id,
                                               types=types, database_=database, routing_=READ)
    return [RelationshipRow(r["type"], r["outgoing"], r["other"],
                            {k: v for k, v in r["props"].items() if k != queries.KEY_PROPERTY})
            for r in records]


@translate_unavailable
async def graph_counts(driver: AsyncDriver,
                       database: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Entities per label and relationships per type."""
    nodes, _, _ = await driver.execute_query(queries.COUNT_BY_LABEL, database_=database,
                                             routing_=READ)
    rels, _, _ = await driver.execute_query(queries.COUNT_RELATIONSHIPS, database_=database,
                                            routing_=READ)
    return ({r["label"]: r["total"] for r in nodes}, {r["type"]: r["total"] for r in rels})


@translate_unavailable
async def wipe_entities(driver: AsyncDriver, database: str | None = None) -> None:
    """Delete every entity and pilot record with their relationships, and every stored
    analysis result (service stages and schema stay); the data fingerprint goes up."""
    async with driver.session(database=database) as session:
        result = await session.run(queries.WIPE_ENTITIES)
        await result.consume()
        await (await session.run(result_queries.WIPE_RESULTS)).consume()
    await bump_whole_now(driver, database)


@translate_unavailable
async def read_result(driver: AsyncDriver, text: str, params: dict[str, Any],
                      timeout_s: float | None = None, database: str | None = None) -> Any:
    """Run one compiled read statement and return its single `result` value (or None).

    Used by the GraphQL layer, whose statements are built by schema/compiler.py from
    allow-listed names with every value in `params`.
    """
    query = Query(text, timeout=timeout_s)  # type: ignore[arg-type]
    records, _, _ = await driver.execute_query(query, params, database_=database, routing_=READ)
    return records[0]["result"] if records else None


@translate_unavailable
async def indicators(driver: AsyncDriver, *, region_id: str | None = None, national: bool = False,
                     codes: list[str] | None = None, from_year: int | None = None,
                     to_year: int | None = None, limit: int = 1000,
                     database: str | None = None,
                     timeout_s: float | None = None) -> list[dict[str, Any]]:
    """Indicator rows (regionId, indicator, year, value, unit, source, synthetic), filtered
    by area (`national`: only the nation's), codes and years, in a stable order."""
    query = Query(queries.INDICATORS, timeout=timeout_s)  # type: ignore[arg-type]
    records, _, _ = await driver.execute_query(
        query, {"regionId": region_id, "national": national, "codes": codes,
                "from": from_year, "to": to_year, "limit": limit},
        database_=database, routing_=READ)
    return [dict(r["indicator"]) for r in records]
