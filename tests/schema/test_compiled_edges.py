"""What the compiler fetches for a connection's edges (schema/compiler.py): fragments on the
edge type, relationship properties only when asked, the look-ahead row only for pageInfo.
"""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.types.nodes import InlineFragment, SelectedField

from schema.compiler import Compiler
from tests.schema.conftest import GraphQL


def field(name: str, *selections: Any, **arguments: Any) -> SelectedField:
    return SelectedField(name=name, directives={}, arguments=arguments,
                         selections=list(selections))


def compile_agencies(*edge_selections: Any, page_info: bool = False) -> Compiler:
    compiler = Compiler()
    connection = [field("edges", *edge_selections)]
    if page_info:
        connection.append(field("pageInfo", field("hasNextPage")))
    park = [field("id"), field("agencies", *connection, first=5)]
    compiler.projection("p", "Park", park)
    return compiler


def test_relationship_properties_are_read_only_when_asked() -> None:
    node = field("node", field("id"))
    assert "properties(" not in _text([node])
    asked = [node, field("properties", field("year"))]
    assert "properties(" in _text(asked)
    assert "properties(" in _text([InlineFragment(type_condition="AgencyEdge",
                                                  selections=asked, directives={})])


def test_the_row_after_the_page_is_fetched_only_for_page_info() -> None:
    limits = set(compile_agencies(field("node", field("id"))).params.values())
    assert 6 not in limits and 5 in limits
    limits = set(compile_agencies(field("node", field("id")), page_info=True).params.values())
    assert 6 in limits


def _text(edge_selections: list[Any]) -> str:
    return Compiler().projection("p", "Park",
                                 [field("agencies", field("edges", *edge_selections))])


@pytest.mark.usefixtures("tiny_graph")
@pytest.mark.parametrize("edges", [
    "edges { cursor node { id name } }",
    "edges { ... on ParkEdge { cursor node { id } } node { name } }",
    "edges { ...E } } } fragment E on ParkEdge { cursor node { id name",
])
def test_fragments_on_the_edge_type_are_compiled(gql: GraphQL, edges: str) -> None:
    data = gql.data("{ parks(first: 5, orderBy: [{field: ID}]) { " + edges + " } }")
    expected = gql.data("{ parks(first: 5, orderBy: [{field: ID}]) "
                        "{ edges { cursor node { id name } } } }")
    assert data == expected and data["parks"]["edges"]


@pytest.mark.usefixtures("tiny_graph")
def test_pages_and_properties_read_the_same_with_or_without_page_info(gql: GraphQL) -> None:
    query = ("{ agencies(first: 1, orderBy: [{field: ID}]) { %s "
             "edges { node { id partners { edges { properties { year weight } node { id } } } } } } }")
    with_info = gql.data(query % "pageInfo { hasNextPage endCursor }")["agencies"]
    without = gql.data(query % "")["agencies"]
    assert with_info["pageInfo"]["hasNextPage"] is True
    assert with_info["edges"] == without["edges"]
    partners = [e for a in without["edges"] for e in a["node"]["partners"]["edges"]]
    assert any(e["properties"] and e["properties"]["year"] for e in partners) or not partners
