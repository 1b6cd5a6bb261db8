"""Subgraphs for visualization: neighborhoods and shortest paths, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, Query

from graph import queries
from graph.driver import READ, translate_unavailable
from graph.errors import NotFoundError
from graph.model import require_rel_type
from graph.time import present_year

MAX_LIMIT = 5000


@dataclass(frozen=True)
class SubgraphNode:
    id: str
    kind: str
    label: str
    properties: dict[str, Any]  # empty when fetched without properties
    name: str | None = None
    name_zh: str | None = None


@dataclass(frozen=True)
class SubgraphEdge:
    id: str
    type: str
    source: str
    target: str
    properties: dict[str, Any]


@dataclass
class Subgraph:
    nodes: list[SubgraphNode] = field(default_factory=list)
    edges: list[SubgraphEdge] = field(default_factory=list)
    truncated: bool = False
    # Nodes within reach left out by `limit`, counted at the level where it was reached
    # (deeper levels are not walked, so not counted).
    omitted_nodes: int = 0
    # Hops of the farthest level walked (below `depth` when `limit` was reached first); for a
    # path, its length.
    depth_reached: int = 0


def _plain(value: Any) -> Any:
    """JSON-friendly property values (Neo4j temporal types become ISO strings)."""
    iso = getattr(value, "iso_format", None)
    return iso() if iso is not None else value


# Property values needing no conversion; the queries already send zoned datetimes as text.
_PLAIN_TYPES = frozenset({str, int, float, bool, list, type(None)})


def _plain_props(props: dict[str, Any]) -> dict[str, Any]:
    if _PLAIN_TYPES.issuperset(map(type, props.values())):
        return props
    return {k: _plain(v) for k, v in props.items()}


def _node(raw: list[Any], properties: bool = True) -> SubgraphNode:
    """A node from queries' compact [labels, [[key, value], ...]] form (every property, or
    only id/code, name and nameZh when fetched without `properties`)."""
    labels, pairs = raw
    props = _plain_props(dict(pairs))
    kind = next((label for label in labels if label != "Entity"), "Entity")
    node_id = str(props.get("id", props.get("code")))
    name, name_zh = props.get("name"), props.get("nameZh")
    return SubgraphNode(node_id, kind, str(name_zh or name or node_id),
                        props if properties else {},
                        None if name is None else str(name),
                        None if name_zh is None else str(name_zh))


def _edge(raw: list[Any]) -> SubgraphEdge:
    """An edge from queries' compact [id, type, source, target, properties] form."""
    edge_id, rel_type, source, target, props = raw
    if queries.KEY_PROPERTY in props:  # bookkeeping for the uniqueness constraint, not data
        props = {k: v for k, v in props.items() if k != queries.KEY_PROPERTY}
    return SubgraphEdge(edge_id, rel_type, source, target, _plain_props(props))


def _types(types: list[str] | None) -> list[str] | None:
    return [require_rel_type(t) for t in types] if types else None


async def _require_entities(driver: AsyncDriver, ids: list[str], database: str | None) -> None:
    """NotFoundError naming the first of `ids` that is not in the graph at all."""
    found, _, _ = await driver.execute_query(queries.GET_ENTITIES, ids=ids,
                                             database_=database, routing_=READ)
    missing = set(ids) - {r["props"]["id"] for r in found}
    if missing:
        raise NotFoundError(f"no entity with id {sorted(missing)[0]!r}")


@translate_unavailable
async def neighborhood(driver: AsyncDriver, entity_id: str, depth: int = 1,
                       types: list[str] | None = None, limit: int = 500,
                       timeout_s: float | None = None, database: str | None = None, *,
                       as_of: int | None = None, properties: bool = True) -> Subgraph:
    """The entity and what lies within `depth` hops, nearest first, at most `limit` nodes,
    as of the year `as_of` (the present when None). Empty when the entity exists but not
    in that year; NotFoundError when it does not exist at all. Without `properties`, nodes
    and edges have empty `properties` (nodes keep their names): much less for Neo4j to build
    when a client draws the graph and asks for details on demand."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    query = Query(queries.neighborhood(depth, properties),  # type: ignore[arg-type]
                  timeout=timeout_s)
    records, _, _ = await driver.execute_query(
        query, id=entity_id, types=_types(types), limit=limit,
        asOf=present_year() if as_of is None else as_of, database_=database, routing_=READ,
    )
    if not records:
        await _require_entities(driver, [entity_id], database)
        return Subgraph()
    record = records[0]
    return Subgraph([_node(n, properties) for n in record["nodes"]],
                    [_edge(e) for e in record["edges"]],
                    bool(record["truncated"]), int(record["omitted"]), int(record["explored"]))


@translate_unavailable
async def shortest_path(driver: AsyncDriver, from_id: str, to_id: str,
                        types: list[str] | None = None, max_hops: int = 8,
                        timeout_s: float | None = None, database: str | None = None, *,
                        as_of: int | None = None, properties: bool = True) -> Subgraph:
    """One shortest path between two entities as of the year `as_of` (the present when
    None); empty when they are not connected then. `properties` as for neighborhood."""
    if from_id == to_id:
        raise ValueError("fromId and toId must differ")
    query = Query(queries.shortest_path(max_hops, properties),  # type: ignore[arg-type]
                  timeout=timeout_s)
    records, _, _ = await driver.execute_query(
        query, {"from": from_id, "to": to_id, "types": _types(types),
                "asOf": present_year() if as_of is None else as_of},
        database_=database, routing_=READ,
    )
    if not records:
        await _require_entities(driver, [from_id, to_id], database)
        return Subgraph()
    record = records[0]
    edges = [_edge(e) for e in record["edges"]]
    return Subgraph([_node(n, properties) for n in record["nodes"]], edges,
                    depth_reached=len(edges))
