"""Visualization subgraph fields: neighborhood and shortestPath."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, cast

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from graph import subgraph as graph_subgraph
from schema.as_of import AS_OF_PRESENT_DESCRIPTION, analysis_year
from schema.context import Info
from schema.enums import RelationshipType, codes
from schema.types import Subgraph


def to_graphql(sub: graph_subgraph.Subgraph) -> Subgraph:
    """The graph's dataclasses as they are: their attributes are the GraphQL fields' names
    (strawberry's default resolvers read attributes), so 25,000 items are not copied into
    strawberry objects. tests/schema/test_execution.py checks the names stay in step."""
    return cast(Subgraph, sub)


def asks_properties(selections: Iterable[Selection]) -> bool:
    """Whether `properties` of nodes or edges is selected anywhere below (through aliases and
    fragments; a field under @skip/@include counts as asked). Only then does the Cypher build
    them: a graph view asks for ids, kinds and names, and properties on demand."""
    return any((isinstance(s, SelectedField) and s.name == "properties")
               or asks_properties(s.selections) for s in selections)


def _wants_properties(info: Info) -> bool:
    return asks_properties(f for field in info.selected_fields for f in field.selections)


@strawberry.type
class SubgraphQuery:
    @strawberry.field(description="The entity and everything within `depth` (1-3) hops, nearest "
                                  "first; `truncated` is true when `limit` cut it. As of "
                                  "`asOf` (default: the present): empty when the entity does "
                                  "not exist in that year.")
    async def neighborhood(self, info: Info, id: strawberry.ID, depth: int = 1,
                           relationship_types: list[RelationshipType] | None = None,  # type: ignore[valid-type]
                           limit: int = 500,
                           as_of: Annotated[int | None, strawberry.argument(
                               description=AS_OF_PRESENT_DESCRIPTION)] = None) -> Subgraph:
        ctx = info.context
        year = analysis_year(as_of)
        ctx.cypher_calls += 1
        sub = await graph_subgraph.neighborhood(
            ctx.driver, str(id), depth, codes(relationship_types), limit,
            ctx.settings.neo4j_query_timeout_s, ctx.settings.neo4j_database, as_of=year,
            properties=_wants_properties(info))
        return to_graphql(sub)

    @strawberry.field(description="One shortest path between two entities (empty if none), "
                                  "as of `asOf` (default: the present).")
    async def shortest_path(self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID,
                            relationship_types: list[RelationshipType] | None = None,  # type: ignore[valid-type]
                            max_hops: int = 8,
                            as_of: Annotated[int | None, strawberry.argument(
                                description=AS_OF_PRESENT_DESCRIPTION)] = None) -> Subgraph:
        ctx = info.context
        year = analysis_year(as_of)
        ctx.cypher_calls += 1
        sub = await graph_subgraph.shortest_path(
            ctx.driver, str(from_id), str(to_id), codes(relationship_types), max_hops,
            ctx.settings.neo4j_query_timeout_s, ctx.settings.neo4j_database, as_of=year,
            properties=_wants_properties(info))
        return to_graphql(sub)
