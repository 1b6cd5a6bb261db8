"""Visualization subgraph fields: neighborhood and shortestPath."""

from __future__ import annotations

from typing import cast

import strawberry

from graph import subgraph as graph_subgraph
from schema.context import Info
from schema.types import Subgraph


def to_graphql(sub: graph_subgraph.Subgraph) -> Subgraph:
    """The graph's dataclasses as they are: their attributes are the GraphQL fields' names
    (strawberry's default resolvers read attributes), so 25,000 items are not copied into
    strawberry objects. tests/schema/test_execution.py checks the names stay in step."""
    return cast(Subgraph, sub)


@strawberry.type
class SubgraphQuery:
    @strawberry.field(description="The entity and everything within `depth` (1-3) hops, nearest "
                                  "first; `truncated` is true when `limit` cut it.")
    async def neighborhood(self, info: Info, id: strawberry.ID, depth: int = 1,
                           relationship_types: list[str] | None = None,
                           limit: int = 500) -> Subgraph:
        ctx = info.context
        ctx.cypher_calls += 1
        sub = await graph_subgraph.neighborhood(
            ctx.driver, str(id), depth, relationship_types, limit,
            ctx.settings.neo4j_query_timeout_s, ctx.settings.neo4j_database)
        return to_graphql(sub)

    @strawberry.field(description="One shortest path between two entities (empty if none).")
    async def shortest_path(self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID,
                            relationship_types: list[str] | None = None,
                            max_hops: int = 8) -> Subgraph:
        ctx = info.context
        ctx.cypher_calls += 1
        sub = await graph_subgraph.shortest_path(
            ctx.driver, str(from_id), str(to_id), relationship_types, max_hops,
            ctx.settings.neo4j_query_timeout_s, ctx.settings.neo4j_database)
        return to_graphql(sub)
