"""The list shortcut of schema/execution.py gives byte-for-byte what plain graphql-core gives.

Every query runs twice on the same schema definition: through `schema.schema.schema` (the
FastListExecutor) and through `build_schema(fast_lists=False)` (strawberry's ordinary
graphql-core executor); the responses, errors included, are compared as orjson bytes. Most
cases feed an in-memory subgraph to the resolvers (no Neo4j), including malformed ones that
must fall back and fail exactly as graphql-core fails; the last ones run on the `tiny` graph,
directly and through the served app over HTTP.
"""

from __future__ import annotations

import dataclasses
import gc
from collections import OrderedDict, deque
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
import strawberry
from graphql import GraphQLObjectType, Undefined
from neo4j import AsyncDriver

import schema.subgraph as schema_subgraph
from app.settings import Settings
from graph import subgraph as graph_subgraph
from graph.errors import NotFoundError
from schema.context import Context
from schema.execution import FastListExecutor, list_plan
from schema.schema import build_schema
from schema.schema import schema as fast_schema
from schema.types import Subgraph, SubgraphEdge, SubgraphNode

plain_schema = build_schema(fast_lists=False)

N = graph_subgraph.SubgraphNode
E = graph_subgraph.SubgraphEdge


def sample(nodes: int = 12, edges: int = 30) -> graph_subgraph.Subgraph:
    """A deterministic subgraph with the property shapes entities and relationships carry."""
    kinds = ["Agency", "Park", "Platform", "Project", "Region", "ServiceStage"]
    node_list = [N(f"n-{i}", kinds[i % len(kinds)], f"节点{i}" if i % 3 else f"Node {i}", {
        "id": f"n-{i}", "name": f"Node {i}", "nameZh": f"节点{i}" if i % 3 else None,
        "kind": "incubator", "level": ["national", "provincial"][i % 2],
        "founded": 1990 + i, "staff": i * 7, "synthetic": i % 2 == 0, "score": i / 3,
        "tags": ["a", "b", i], "nested": {"deep": {"list": [1.5, None, "x"]}},
        "createdAt": "2026-01-01T00:00:00Z"}, f"Node {i}", f"节点{i}" if i % 3 else None)
        for i in range(nodes)]
    edge_list = [E(f"5:abc:{i}", ["PARTNERS_WITH", "SUPPORTS", "LOCATED_IN"][i % 3],
                   f"n-{i % nodes}", f"n-{(i * 5 + 1) % nodes}",
                   {} if i % 3 == 2 else {"year": 2000 + i, "weight": i / 10, "role": "lead"})
                 for i in range(edges)]
    return graph_subgraph.Subgraph(node_list, edge_list, truncated=True)


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Make neighborhood and shortestPath answer with `holder["sub"]` (or raise it)."""
    holder: dict[str, Any] = {"sub": sample()}

    async def fake(*_args: Any, **_kwargs: Any) -> Any:
        if isinstance(holder["sub"], Exception):
            raise holder["sub"]
        return holder["sub"]

    monkeypatch.setattr(schema_subgraph.graph_subgraph, "neighborhood", fake)
    monkeypatch.setattr(schema_subgraph.graph_subgraph, "shortest_path", fake)
    yield holder


def context(driver: Any = None) -> Context:
    return Context(driver=driver, settings=Settings(debug=True, max_aliases=100))  # type: ignore[arg-type]


async def response(schema: strawberry.Schema, query: str,
                   variables: dict[str, Any] | None = None, driver: Any = None) -> bytes:
    result = await schema.execute(query, variable_values=variables,
                                  context_value=context(driver))
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    return orjson.dumps(body)


async def both(query: str, variables: dict[str, Any] | None = None,
               driver: Any = None) -> bytes:
    fast = await response(fast_schema, query, variables, driver)
    plain = await response(plain_schema, query, variables, driver)
    assert fast == plain
    return fast


VIEW = ("query($id: ID! = \"n-0\") { neighborhood(id: $id, depth: 2, limit: 5000) { "
        "nodes { id kind label properties name nameZh } "
        "edges { id type source target properties } truncated } }")

QUERIES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "visualization": (VIEW, None),
    "aliases": ("{ n: neighborhood(id: \"x\") { v: nodes { key: id id k: kind id } "
                "edges { from: source to: target t: type } } }", None),
    "named fragments": ("fragment N on SubgraphNode { id label } "
                        "fragment E on SubgraphEdge { source target } "
                        "{ neighborhood(id: \"x\") { nodes { ...N kind ...N } "
                        "edges { ...E id } } }", None),
    "inline fragments": ("{ neighborhood(id: \"x\") { nodes { ... on SubgraphNode { id } "
                         "... { label properties } } edges { ... { id } type } } }", None),
    "typename": ("{ neighborhood(id: \"x\") { __typename nodes { __typename id } "
                 "edges { t: __typename id __typename } } }", None),
    "include and skip": (
        "query($yes: Boolean!, $no: Boolean!) { neighborhood(id: \"x\") { "
        "nodes { id kind @include(if: $yes) label @include(if: $no) properties @skip(if: $yes) } "
        "edges { id @skip(if: $no) type @skip(if: true) "
        "... on SubgraphEdge @include(if: $yes) { source } } } }",
        {"yes": True, "no": False}),
    "only typename": ("{ neighborhood(id: \"x\") { nodes { __typename } } }", None),
    "shortest path": ("{ shortestPath(fromId: \"a\", toId: \"b\") { nodes { id label } "
                      "edges { source target properties } truncated } }", None),
    "both roots": ("{ a: neighborhood(id: \"x\") { nodes { id } } "
                   "b: shortestPath(fromId: \"a\", toId: \"b\") { edges { id } } }", None),
    "not eligible: introspection": (
        "{ __schema { types { name kind fields { name args { name } } } } }", None),
    "not eligible: type introspection": (
        "{ __type(name: \"SubgraphNode\") { fields { name type { name ofType { name } } } } }",
        None),
}


@pytest.mark.parametrize("name", list(QUERIES))
async def test_fast_and_plain_execution_agree(serve: dict[str, Any], name: str) -> None:
    query, variables = QUERIES[name]
    body = orjson.loads(await both(query, variables))
    assert "errors" not in body, body


async def test_the_visualization_query_gives_the_plain_payload(serve: dict[str, Any]) -> None:
    sub = serve["sub"]
    body = await both(VIEW)
    assert body == orjson.dumps({"data": {"neighborhood": {
        "nodes": [{"nameZh" if k == "name_zh" else k: v
                   for k, v in dataclasses.asdict(n).items()} for n in sub.nodes],
        "edges": [dataclasses.asdict(e) for e in sub.edges], "truncated": True}}})


class Odd:
    """An edge-like object lacking `target`."""

    def __init__(self) -> None:
        self.id, self.type, self.source, self.properties = "odd", "T", "n-0", {}


def _broken(case: str) -> Any:
    sub = sample(6, 8)
    nodes: list[Any] = list(sub.nodes)
    edges: list[Any] = list(sub.edges)
    if case == "null in a non-null field":
        nodes[3] = dataclasses.replace(nodes[3], kind=None)
    elif case == "null JSON":
        edges[5] = dataclasses.replace(edges[5], properties=None)
    elif case == "int id is coerced":
        nodes[2] = dataclasses.replace(nodes[2], id=7)
    elif case == "bool label is coerced":
        nodes[1] = dataclasses.replace(nodes[1], label=True)
    elif case == "float label is coerced":
        nodes[1] = dataclasses.replace(nodes[1], label=2.5)
    elif case == "nan label fails":
        nodes[4] = dataclasses.replace(nodes[4], label=float("nan"))
    elif case == "list label fails":
        nodes[0] = dataclasses.replace(nodes[0], label=["x"])
    elif case == "str subclass":
        nodes[0] = dataclasses.replace(nodes[0], label=strawberry.ID("sub"))
    elif case == "Undefined JSON":
        nodes[1] = dataclasses.replace(nodes[1], properties=Undefined)
    elif case == "Exception as JSON":
        edges[2] = dataclasses.replace(edges[2], properties=ValueError("broken value"))
    elif case == "Exception as label":
        nodes[2] = dataclasses.replace(nodes[2], label=ValueError("broken label"))
    elif case == "JSON subclass value":
        nodes[2] = dataclasses.replace(nodes[2], properties=OrderedDict(a=1))
    elif case == "null item":
        nodes[2] = None
    elif case == "missing attribute":
        edges[1] = Odd()
    elif case == "tuple of items":
        return graph_subgraph.Subgraph(tuple(nodes), tuple(edges))  # type: ignore[arg-type]
    elif case == "other iterable of items":
        return graph_subgraph.Subgraph(deque(nodes), edges)  # type: ignore[arg-type]
    elif case == "resolver error":
        return NotFoundError("no entity with id 'x'")
    elif case == "empty":
        return graph_subgraph.Subgraph()
    return graph_subgraph.Subgraph(nodes, edges)


BROKEN = ["null in a non-null field", "null JSON", "int id is coerced", "bool label is coerced",
          "float label is coerced", "nan label fails", "list label fails", "str subclass",
          "Undefined JSON", "Exception as JSON", "Exception as label", "JSON subclass value",
          "null item", "missing attribute", "tuple of items", "other iterable of items",
          "resolver error", "empty"]


@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("query", ["visualization", "aliases", "typename"])
async def test_unusual_values_fail_exactly_like_graphql_core(serve: dict[str, Any], case: str,
                                                             query: str) -> None:
    serve["sub"] = _broken(case)
    q, variables = QUERIES[query]
    body = orjson.loads(await both(q, variables))
    failing = case in ("null in a non-null field", "null JSON", "nan label fails",
                       "list label fails", "Undefined JSON", "Exception as JSON",
                       "Exception as label", "null item", "missing attribute",
                       "resolver error")
    if query == "visualization" or case == "resolver error":
        assert ("errors" in body) is failing


def test_graph_dataclasses_have_the_graphql_field_names() -> None:
    """The resolvers return graph.subgraph's dataclasses as the strawberry types."""
    for graph_cls, gql_cls in ((graph_subgraph.Subgraph, Subgraph),
                               (graph_subgraph.SubgraphNode, SubgraphNode),
                               (graph_subgraph.SubgraphEdge, SubgraphEdge)):
        names = [f.python_name for f in gql_cls.__strawberry_definition__.fields]  # type: ignore[attr-defined]
        assert names == [f.name for f in dataclasses.fields(graph_cls)]


def _item_type(name: str) -> GraphQLObjectType:
    t = fast_schema._schema.get_type(name)
    assert isinstance(t, GraphQLObjectType)
    return t


async def test_the_shortcut_handles_subgraph_items(serve: dict[str, Any],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the two big lists of the visualization query skip graphql-core's completion."""
    slow: list[str] = []
    base = FastListExecutor.__mro__[1]
    original = base.complete_list_value

    def counting(self: Any, return_type: Any, *args: Any) -> Any:
        slow.append(str(return_type))
        return original(self, return_type, *args)

    monkeypatch.setattr(base, "complete_list_value", counting)
    await response(fast_schema, VIEW)
    assert slow == []
    await response(fast_schema, QUERIES["not eligible: introspection"][0])
    assert "[__Type!]" in slow
    slow.clear()
    serve["sub"] = _broken("null item")
    await response(fast_schema, VIEW)
    assert slow == ["[SubgraphNode!]"]  # abandoned, redone by graphql-core


def test_plans_are_refused_for_resolvers_and_arguments() -> None:
    class Probe:
        schema = fast_schema._schema

        @staticmethod
        def collect_subfields(*_args: Any) -> Any:
            raise AssertionError("not reached")

    node_type = _item_type("SubgraphNode")
    assert node_type.is_type_of is None
    park = _item_type("Park")  # generated entity types read compiled maps: own resolvers
    assert list_plan(Probe(), park, [], False) is None  # is_type_of set: refused at once


# --- on the tiny graph, directly and over HTTP -------------------------------------------

TINY = {
    "neighborhood": ("{ neighborhood(id: \"a-vc\", depth: 2) { nodes { id kind label "
                     "properties } edges { id type source target properties } truncated } }"),
    "fragments": ("fragment N on SubgraphNode { k: kind properties } { neighborhood("
                  "id: \"p-zgc\", depth: 3) { nodes { id ...N __typename } edges { source } } }"),
    "shortest path": ("{ shortestPath(fromId: \"a-vc\", toId: \"r-bj\") { nodes { id label } "
                      "edges { type properties } } }"),
    "connection (not eligible)": ("{ parks(first: 3) { totalCount edges { node { id name "
                                  "agencies(first: 2) { edges { node { id staff } } } } } } }"),
    "not found": "{ neighborhood(id: \"nope\") { nodes { id } } }",
}


@pytest.mark.parametrize("name", list(TINY))
async def test_fast_and_plain_agree_on_the_tiny_graph(tiny_graph: AsyncDriver,
                                                      name: str) -> None:
    body = orjson.loads(await both(TINY[name], driver=tiny_graph))
    assert ("errors" in body) is (name == "not found")


@pytest.mark.parametrize("name", ["neighborhood", "fragments", "shortest path"])
async def test_http_response_is_plain_graphql_core_byte_for_byte(
        tiny_graph: AsyncDriver, client: httpx.Client, name: str) -> None:
    """The served app's body equals plain graphql-core's result encoded the same way."""
    got = client.post("/graphql", json={"query": TINY[name]})
    assert got.status_code == 200
    result = await plain_schema.execute(TINY[name], context_value=context(tiny_graph))
    assert not result.errors
    expected = orjson.dumps({"data": result.data, "extensions": {"cypherRoundTrips": 1}})
    assert got.content == expected


@pytest.mark.parametrize("case", ["int id is coerced", "empty", "null in a non-null field"])
@pytest.mark.parametrize("enabled", [True, False])
async def test_the_gc_is_left_as_it_was(serve: dict[str, Any], case: str,
                                        enabled: bool) -> None:
    """Long lists are built with the cyclic GC paused; its state is restored on every path."""
    big = sample(1200, 2400)
    if case != "empty":
        broken = _broken(case)
        big.nodes[:len(broken.nodes)] = broken.nodes
    serve["sub"] = big if case != "empty" else graph_subgraph.Subgraph()
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        await both(VIEW)
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
