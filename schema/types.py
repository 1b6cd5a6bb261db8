"""GraphQL object types, connections and edges, generated from schema/registry.py.

Root resolvers compile the whole selection into one Cypher statement (schema/compiler.py);
the result is a tree of dicts keyed by response key (alias or field name), so every field
here just reads its value from its parent dict. No field below a root field touches Neo4j.

This module deliberately does not use `from __future__ import annotations`: the types are
built at import time and strawberry needs real annotation objects.
"""

import base64
import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.inputs import SORT_INPUTS, WHERE_INPUTS
from schema.registry import (
    ALL_ENTITIES,
    COMMON_SCALARS,
    OBJECT_TYPES,
    RelField,
    ScalarField,
    ScalarKind,
    rel_fields,
    scalar_fields,
)

CURSOR_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{CURSOR_PREFIX}{offset}".encode()).decode()


KEYSET_PREFIX = "keys:"


def encode_keyset(order: str, values: list[Any]) -> str:
    """A keyset cursor: the sort key values of an edge (its id last) and the order they are
    of, so that a page after it starts right after it even when rows were inserted before."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    text = json.dumps({"o": order, "k": plain}, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(f"{KEYSET_PREFIX}{text}".encode()).decode()


def decode_cursor(cursor: str) -> int | tuple[str, list[Any]]:
    """A keyset cursor's (order, values), or the offset of a former offset cursor (still
    accepted after a page, forward); ValueError for anything this API did not issue."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if text.startswith(KEYSET_PREFIX):
            data = json.loads(text[len(KEYSET_PREFIX):])
            if isinstance(data, dict) and isinstance(data.get("o"), str) and \
                    isinstance(data.get("k"), list):
                return data["o"], data["k"]
        elif text.startswith(CURSOR_PREFIX):
            offset = int(text[len(CURSOR_PREFIX):])
            if offset >= 0:
                return offset
    except (ValueError, UnicodeDecodeError, RecursionError):
        pass
    raise ValueError(f"invalid cursor {cursor!r}")


def _to_python(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def read_key(root: Any, info: Info) -> Any:
    """Default resolver for compiled results: the parent's value at this response key."""
    return root.get(info.path.key)


def read_name(root: Any, info: Info) -> Any:
    """Resolver for fixed-shape maps built in Python (connections, edges, hits)."""
    return root.get(info.field_name)


AGGREGATE_PREFIX = "aggregate:"  # a connection map's key for each `aggregate` response key


def read_aggregate(root: Any, info: Info) -> Any:
    """A connection's `aggregate`, which the compiler stored under its response key."""
    return root.get(f"{AGGREGATE_PREFIX}{info.path.key}")


def read_datetime(root: Any, info: Info) -> Any:
    return _to_python(root.get(info.path.key))


SCALAR_TYPES: dict[ScalarKind, Any] = {
    ScalarKind.ID: strawberry.ID,
    ScalarKind.STRING: str,
    ScalarKind.INT: int,
    ScalarKind.FLOAT: float,
    ScalarKind.BOOLEAN: bool,
    ScalarKind.DATETIME: datetime,
}


def _scalar_field(field: ScalarField) -> Any:
    graphql_type = field.enum if field.kind is ScalarKind.ENUM else SCALAR_TYPES[field.kind]
    if not field.required:
        graphql_type = graphql_type | None
    resolver = read_datetime if field.kind is ScalarKind.DATETIME else read_key
    return strawberry.field(resolver=resolver, graphql_type=graphql_type,
                            description=field.description or None, name=field.name)


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="min, max, avg and sum of an Int field over the matching items "
                             "(null when none has a value).")
class IntAggregate:
    min: int | None = strawberry.field(resolver=read_key)
    max: int | None = strawberry.field(resolver=read_key)
    avg: float | None = strawberry.field(resolver=read_key)
    sum: int | None = strawberry.field(resolver=read_key)


@strawberry.type(description="min, max, avg and sum of a Float field over the matching items "
                             "(null when none has a value).")
class FloatAggregate:
    min: float | None = strawberry.field(resolver=read_key)
    max: float | None = strawberry.field(resolver=read_key)
    avg: float | None = strawberry.field(resolver=read_key)
    sum: float | None = strawberry.field(resolver=read_key)


NUMBER_AGGREGATES = {ScalarKind.INT: IntAggregate, ScalarKind.FLOAT: FloatAggregate}


def numeric_fields(target: str) -> tuple[ScalarField, ...]:
    """The fields a connection of `target` aggregates (Int and Float properties)."""
    return tuple(f for f in scalar_fields(target) if f.kind in NUMBER_AGGREGATES)


def _aggregate_type(target: str) -> Any:
    namespace: dict[str, Any] = {"count": strawberry.field(
        resolver=read_key, graphql_type=int, description="Matching items.")}
    for f in numeric_fields(target):
        namespace[f"f_{f.name}"] = strawberry.field(
            resolver=read_key, graphql_type=NUMBER_AGGREGATES[f.kind], name=f.name)
    return strawberry.type(type(f"{target}Aggregate", (), namespace), description=(
        f"Aggregates over every {target} the connection matches (its `where` and `asOf`, "
        "not its page)."))


@strawberry.type(description="Properties of the relationship an edge follows (null if none).")
class RelationshipProperties:
    year: int | None = None
    weight: float | None = None
    role: str | None = None
    amount_million_cny: float | None = None
    program: str | None = None
    since: int | None = strawberry.field(
        default=None, description="First year the relationship holds (DESIGN.md section 8).")
    until: int | None = strawberry.field(
        default=None, description="First year it no longer holds.")


@strawberry.interface(description="An object with a globally unique id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(resolver=read_key)


def _interface_namespace(fields: tuple[ScalarField, ...]) -> dict[str, Any]:
    return {f"f_{f.name}": _scalar_field(f) for f in fields if f.name != "id"}


Entity = strawberry.interface(
    type("Entity", (Node,), _interface_namespace(COMMON_SCALARS)),
    description="Fields every entity of the graph carries.",
)

TYPES: dict[str, Any] = {}
CONNECTIONS: dict[str, Any] = {}


def _is_type_of(name: str) -> Any:
    def is_type_of(cls: Any, obj: Any, _info: Any) -> bool:
        return isinstance(obj, dict) and obj.get("__typename") == name

    return classmethod(is_type_of)


def connection_result(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    """Turn a compiled connection map into Relay shape: trim the look-ahead row (rows come
    last first when paging backward), add keyset cursors and page information."""
    if raw is None:
        return None
    size, backward = int(raw["first"]), bool(raw.get("backward"))
    rows = raw.get("edges") or []
    page = rows[:size]
    if backward:
        page.reverse()
    order = raw.get("order") or ""
    edges = [  # no `key` when no cursor was asked for (schema/compiler.py)
        {"node": row["node"],
         "cursor": encode_keyset(order, [_to_python(v) for v in row["key"]])
         if "key" in row else None,
         "properties": _rel_props(row.get("rel"))}
        for row in page
    ]
    more = len(rows) > size
    resumed = int(raw.get("offset") or 0) > 0 or bool(raw.get("after"))
    return {
        **{k: v for k, v in raw.items() if k.startswith(AGGREGATE_PREFIX)},
        "edges": edges,
        "totalCount": raw.get("totalCount"),
        "pageInfo": PageInfo(
            has_next_page=bool(raw.get("before")) if backward else more,
            has_previous_page=more if backward else resumed,
            start_cursor=edges[0]["cursor"] if edges else None,
            end_cursor=edges[-1]["cursor"] if edges else None,
        ),
    }


def _rel_props(props: dict[str, Any] | None) -> RelationshipProperties | None:
    if not props:
        return None
    return RelationshipProperties(
        year=props.get("year"), weight=props.get("weight"), role=props.get("role"),
        amount_million_cny=props.get("amountMillionCny"), program=props.get("program"),
        since=props.get("since"), until=props.get("until"),
    )


def _connection_type(target: str, node_type: Any) -> Any:
    """`{target}Connection` and `{target}Edge`; node_type may still be undecorated."""
    if target in CONNECTIONS:
        return CONNECTIONS[target]
    edge = strawberry.type(type(f"{target}Edge", (), {
        "node": strawberry.field(resolver=read_name, graphql_type=node_type),
        "cursor": strawberry.field(resolver=read_name, graphql_type=str),
        "properties": strawberry.field(resolver=read_name,
                                       graphql_type=RelationshipProperties | None),
    }), description=f"An edge to a {target}.")
    connection = strawberry.type(type(f"{target}Connection", (), {
        "edges": strawberry.field(resolver=read_name, graphql_type=list[edge]),  # type: ignore[valid-type]
        "page_info": strawberry.field(resolver=read_name, graphql_type=PageInfo,
                                      name="pageInfo"),
        "total_count": strawberry.field(resolver=read_name, graphql_type=int | None,
                                        name="totalCount",
                                        description="Matching items (null if not asked for)."),
        "aggregate": strawberry.field(resolver=read_aggregate,
                                      graphql_type=_aggregate_type(target)),
    }), description=f"A page of {target} items.")
    CONNECTIONS[target] = connection
    return connection


def connection_arguments(target: str) -> dict[str, Any]:
    """Annotations of the arguments every connection field takes."""
    return {
        "first": int | None, "after": str | None, "last": int | None, "before": str | None,
        "where": WHERE_INPUTS[target] | None,
        "order_by": list[SORT_INPUTS[target]] | None,  # type: ignore[valid-type]
    }


def _connection_field(rel: RelField, node_type: Any) -> Any:
    def resolve(root: Any, info: Info, first: int | None = None, after: str | None = None,
                last: int | None = None, before: str | None = None,
                where: Any = None, order_by: Any = None) -> Any:
        return connection_result(root.get(info.path.key))

    resolve.__annotations__ = {**connection_arguments(rel.target), "info": Info}
    return strawberry.field(resolver=resolve,
                            graphql_type=_connection_type(rel.target, node_type),
                            description=rel.description, name=rel.name)


def _relationship_field(rel: RelField, classes: dict[str, Any]) -> Any:
    node_type = Entity if rel.target == "Entity" else classes[rel.target]
    if rel.many and rel.target != "ServiceStage":
        return _connection_field(rel, node_type)
    graphql_type = list[node_type] if rel.many else node_type | None  # type: ignore[valid-type]
    return strawberry.field(resolver=read_key, graphql_type=graphql_type,
                            description=rel.description, name=rel.name)


def _build_types() -> None:
    """Create every object type: scalars first, then relationship fields, then decorate."""
    classes: dict[str, Any] = {}
    for name in OBJECT_TYPES:
        namespace: dict[str, Any] = {f"f_{f.name}": _scalar_field(f)
                                     for f in scalar_fields(name)}
        namespace["is_type_of"] = _is_type_of(name)
        bases = (Entity,) if name in ALL_ENTITIES else ()
        classes[name] = type(name, bases, namespace)
    for name, cls in classes.items():
        for rel in rel_fields(name):
            setattr(cls, f"r_{rel.name}", _relationship_field(rel, classes))
    for name in ALL_ENTITIES:
        _connection_type(name, classes[name])
    _connection_type("Entity", Entity)
    for name, cls in classes.items():
        TYPES[name] = strawberry.type(cls, description=_DESCRIPTIONS.get(name))


_DESCRIPTIONS = {
    "Region": "A province or city.",
    "Industry": "An industry in the industry tree (PART_OF its parent).",
    "Park": "A national or provincial high-tech zone.",
    "Cluster": "An innovative industrial cluster or S&T service agglomeration zone.",
    "Agency": "An S&T service agency.",
    "Platform": "A public S&T innovation service platform.",
    "TalentTeam": "An S&T service innovation team, leading talent or training base.",
    "Project": "A major S&T achievement or key project being transferred and landed.",
    "ServiceStage": "A stage of the S&T service chain (reference data).",
}

_build_types()

@strawberry.type(description="A full-text search hit.")
class SearchHit:
    node: Entity = strawberry.field(resolver=read_name)  # type: ignore[valid-type]
    score: float = strawberry.field(resolver=read_name)


@strawberry.type(description="A node of a visualization subgraph.")
class SubgraphNode:
    id: strawberry.ID
    kind: str
    label: str
    properties: JSON
    name: str | None = strawberry.field(description=(
        "The English name (null when it has none): what a graph view labels the node with "
        "in English without asking for `properties`, which then are not fetched."))
    name_zh: str | None = strawberry.field(description=(
        "The Chinese name (null when it has none); `label` is it, else `name`, else `id`."))


@strawberry.type(description="An edge of a visualization subgraph.")
class SubgraphEdge:
    id: strawberry.ID
    type: str
    source: strawberry.ID
    target: strawberry.ID
    properties: JSON


@strawberry.type(description="Nodes and edges ready for Cytoscape.js, Sigma or vis-network.")
class Subgraph:
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    truncated: bool
    omitted_nodes: int = strawberry.field(description=(
        "Nodes within reach that `limit` left out, counted at the level where the limit was "
        "reached; deeper levels are not walked, so not counted (0 when not truncated)."))
    depth_reached: int = strawberry.field(description=(
        "Hops of the farthest level walked: below `depth` when `limit` was reached first; "
        "for a path, its length."))
