"""neighborhood and shortestPath on `tiny`, checked against a breadth-first search over the
hand-written relationship list of tests/schema/tiny.py."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pytest
from neo4j import AsyncDriver
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.subgraph import asks_properties
from tests.schema.conftest import GraphQL, error_code
from tests.schema.tiny import KIND_OF, RELATIONSHIPS

pytestmark = pytest.mark.usefixtures("tiny_graph")

NEIGHBORHOOD = """query($id: ID!, $depth: Int! = 1, $types: [RelationshipType!],
                       $limit: Int! = 500) {
    neighborhood(id: $id, depth: $depth, relationshipTypes: $types, limit: $limit) {
        nodes { id kind label properties } edges { id type source target properties }
        truncated omittedNodes depthReached } }"""
PATH = """query($from: ID!, $to: ID!, $types: [RelationshipType!]) {
    shortestPath(fromId: $from, toId: $to, relationshipTypes: $types) {
        nodes { id kind label properties } edges { id type source target properties }
        truncated } }"""


Edges = Counter[tuple[str, str, str]]


def expected_neighborhood(center: str, depth: int, types: list[str] | None = None,
                          limit: int = 500) -> tuple[list[str], Edges, bool]:
    """Node ids (center, then each level in id order), the edges among them, truncated."""
    rels = [r for r in RELATIONSHIPS if types is None or r[1] in types]
    found, frontier = [center], [center]
    for _ in range(depth):
        level = sorted({b for a in frontier for s, _, t, _ in rels
                        for x, b in ((s, t), (t, s)) if x == a} - set(found))
        found += level
        frontier = level
    nodes = found[:limit]
    edges = Counter((s, t_, t) for s, t_, t, _ in rels if s in nodes and t in nodes)
    return nodes, edges, len(found) > limit


def expected_bounds(center: str, depth: int, limit: int) -> tuple[int, int]:
    """(omittedNodes, depthReached): levels are walked until one leaves nodes out (it counts
    them); no deeper level is walked."""
    found, frontier, omitted, walked = [center], [center], 0, 0
    for _ in range(depth):
        if not frontier or omitted:
            break
        walked += 1
        level = sorted({b for a in frontier for s, _, t, _ in RELATIONSHIPS
                        for x, b in ((s, t), (t, s)) if x == a} - set(found))
        kept = level[:max(limit - len(found), 0)]
        omitted += len(level) - len(kept)
        found += kept
        frontier = kept
    return omitted, walked


def check_shape(sub: dict[str, Any]) -> None:
    """Nodes have id/kind/label/properties; every edge's endpoints are among the nodes."""
    node_ids = [n["id"] for n in sub["nodes"]]
    assert len(node_ids) == len(set(node_ids))
    for node in sub["nodes"]:
        if node["kind"] == "ServiceStage":
            assert node["properties"]["code"] == node["id"]
        else:
            assert node["kind"] == KIND_OF[node["id"]]
            assert node["properties"]["id"] == node["id"]
        props = node["properties"]
        assert node["label"] == (props.get("nameZh") or props["name"])
    edge_ids = [e["id"] for e in sub["edges"]]
    assert len(edge_ids) == len(set(edge_ids))
    for edge in sub["edges"]:
        assert edge["source"] in node_ids and edge["target"] in node_ids
        assert isinstance(edge["properties"], dict)


async def test_tiny_relationships_match_graph(driver: AsyncDriver) -> None:
    records, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE a:Entity OR b:Entity "
        "RETURN coalesce(a.id, a.code) AS s, type(r) AS t, coalesce(b.id, b.code) AS o, "
        "properties(r) AS p")
    got = sorted((r["s"], r["t"], r["o"], sorted((k, v) for k, v in r["p"].items()
                                                  if k != "relKey"))  # derived bookkeeping
                 for r in records)
    assert got == sorted((s, t, o, sorted(p.items())) for s, t, o, p in RELATIONSHIPS)


@pytest.mark.parametrize("center", ["a-vc", "p-zgc", "r-bj", "pr-5g", "i-bio"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_neighborhood_by_depth(gql: GraphQL, center: str, depth: int) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": center, "depth": depth})["neighborhood"]
    nodes, edges, truncated = expected_neighborhood(center, depth)
    assert [n["id"] for n in sub["nodes"]] == nodes
    assert Counter((e["source"], e["type"], e["target"]) for e in sub["edges"]) == edges
    assert sub["truncated"] is truncated is False
    check_shape(sub)


def test_neighborhood_of_a_vc_at_depth_1_exactly(gql: GraphQL) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc"})["neighborhood"]
    assert [(n["id"], n["kind"], n["label"]) for n in sub["nodes"]] == [
        ("a-vc", "Agency", "深圳天使基金"), ("a-ttc", "Agency", "中关村技术转移中心"),
        ("c-mob", "Cluster", "中关村移动互联网"), ("finance", "ServiceStage", "科技金融"),
        ("p-sz", "Park", "深圳市高新技术产业园区"), ("pr-5g", "Project", "5G芯片成果转化")]
    center = sub["nodes"][0]["properties"]
    assert {k: center[k] for k in ("id", "name", "kind", "staff", "backbone", "source")} == {
        "id": "a-vc", "name": "Shenzhen Angel Fund", "kind": "venture_capital", "staff": 30,
        "backbone": False, "source": "tiny"}
    assert isinstance(center["createdAt"], str)
    edges = {(e["source"], e["type"], e["target"]): e["properties"] for e in sub["edges"]}
    assert edges == {
        ("a-vc", "LOCATED_IN", "p-sz"): {}, ("a-vc", "PROVIDES", "finance"): {},
        ("a-ttc", "PARTNERS_WITH", "a-vc"): {"year": 2012, "since": 2012, "weight": 0.8,
                                             "source": "tiny"},
        ("a-vc", "INVESTS_IN", "pr-5g"): {"amountMillionCny": 25.0, "year": 2014,
                                          "source": "tiny"},
        ("a-vc", "MEMBER_OF", "c-mob"): {"source": "tiny"}, ("a-ttc", "SUPPORTS", "pr-5g"):
            {"role": "transfer", "year": 2014, "source": "tiny"}}


def test_parallel_relationships_are_separate_edges(gql: GraphQL) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": "r-bj", "types": ["FUNDS"]})["neighborhood"]
    assert [n["id"] for n in sub["nodes"]] == ["r-bj", "p-zgc"]
    assert sorted(e["properties"]["amountMillionCny"] for e in sub["edges"]) == [20.0, 30.0]
    assert {e["type"] for e in sub["edges"]} == {"FUNDS"}


@pytest.mark.parametrize(("center", "depth", "types"), [
    ("a-vc", 2, ["PARTNERS_WITH", "SUPPORTS"]),
    ("a-vc", 3, ["LOCATED_IN"]),
    ("p-zgc", 1, ["LOCATED_IN", "LANDED_IN"]),
    ("i-it", 3, ["PART_OF", "SERVES_INDUSTRY"]),
    ("r-bj", 2, ["IN_REGION"]),  # nothing: r-bj has no IN_REGION relationship
])
def test_neighborhood_relationship_types_filter(gql: GraphQL, center: str, depth: int,
                                                types: list[str]) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": center, "depth": depth, "types": types})
    sub = sub["neighborhood"]
    nodes, edges, _ = expected_neighborhood(center, depth, types)
    assert [n["id"] for n in sub["nodes"]] == nodes
    assert Counter((e["source"], e["type"], e["target"]) for e in sub["edges"]) == edges
    assert {e["type"] for e in sub["edges"]} <= set(types)
    check_shape(sub)


def test_neighborhood_partners_and_supports_exactly(gql: GraphQL) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2,
                                  "types": ["PARTNERS_WITH", "SUPPORTS"]})["neighborhood"]
    assert [n["id"] for n in sub["nodes"]] == ["a-vc", "a-ttc", "pr-5g"]
    assert sorted(e["type"] for e in sub["edges"]) == ["PARTNERS_WITH", "SUPPORTS"]


@pytest.mark.parametrize("limit", [1, 2, 5, 6, 7, 15, 16, 20])
def test_neighborhood_limit_and_truncated(gql: GraphQL, limit: int) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2, "limit": limit})["neighborhood"]
    nodes, edges, truncated = expected_neighborhood("a-vc", 2, limit=limit)
    assert [n["id"] for n in sub["nodes"]] == nodes
    assert len(nodes) == min(limit, len(expected_neighborhood("a-vc", 2)[0]))
    assert Counter((e["source"], e["type"], e["target"]) for e in sub["edges"]) == edges
    assert sub["truncated"] is truncated
    assert truncated is (limit < 16)  # 16 nodes within two hops of a-vc
    assert (sub["omittedNodes"], sub["depthReached"]) == expected_bounds("a-vc", 2, limit)
    assert (sub["omittedNodes"] > 0) is truncated
    check_shape(sub)


@pytest.mark.parametrize(("limit", "omitted", "reached"), [
    (1, 5, 1),    # a-vc's 5 direct neighbours are counted and left out; level 2 never walked
    (3, 3, 1),
    (6, 10, 2),   # full after level 1: level 2 is walked only to count what it leaves out
    (7, 9, 2),    # level 2 walked: 10 nodes there, 1 kept
    (16, 0, 2),
])
def test_expansion_stops_at_the_limit(gql: GraphQL, limit: int, omitted: int,
                                      reached: int) -> None:
    """Hand-checked figures for the bounded expansion of a-vc at depth 2 (16 nodes in all:
    itself, 5 at one hop, 10 at two)."""
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2, "limit": limit})["neighborhood"]
    assert len(sub["nodes"]) == min(limit, 16)
    assert (sub["omittedNodes"], sub["depthReached"]) == (omitted, reached)


@pytest.mark.parametrize(("variables", "code", "fragment"), [
    ({"id": "nope"}, "NOT_FOUND", "nope"),
    ({"id": "finance"}, "NOT_FOUND", "finance"),  # stages are not entities
    ({"id": "a-vc", "depth": 0}, "BAD_USER_INPUT", "depth"),
    ({"id": "a-vc", "depth": 4}, "BAD_USER_INPUT", "depth"),
    ({"id": "a-vc", "limit": 0}, "BAD_USER_INPUT", "limit"),
    ({"id": "a-vc", "limit": 100000}, "BAD_USER_INPUT", "limit"),
])
def test_neighborhood_errors(gql: GraphQL, variables: dict[str, Any], code: str,
                             fragment: str) -> None:
    error = gql.error(NEIGHBORHOOD, variables)
    assert error_code(error) == code
    assert fragment in error["message"]
    assert error["path"] == ["neighborhood"]


def _graph(types: list[str] | None = None) -> nx.MultiGraph:
    G = nx.MultiGraph()
    G.add_edges_from((s, t) for s, r, t, _ in RELATIONSHIPS if types is None or r in types)
    return G


def check_path(sub: dict[str, Any], start: str, end: str,
               types: list[str] | None = None) -> list[str]:
    """The path is ordered from start to end and edge i joins node i and node i+1."""
    path = [n["id"] for n in sub["nodes"]]
    assert path[0] == start and path[-1] == end
    assert len(sub["edges"]) == len(path) - 1
    real = {(s, r, t) for s, r, t, _ in RELATIONSHIPS}
    for i, edge in enumerate(sub["edges"]):
        assert {edge["source"], edge["target"]} == {path[i], path[i + 1]}
        assert (edge["source"], edge["type"], edge["target"]) in real
        if types:
            assert edge["type"] in types
    assert len(path) - 1 == nx.shortest_path_length(_graph(types), start, end)
    check_shape(sub)
    assert sub["truncated"] is False
    return path


@pytest.mark.parametrize(("start", "end", "types"), [
    ("a-vc", "r-bj", None),
    ("r-bj", "a-vc", None),
    ("t-lead", "r-sz", None),
    ("i-bio", "pl-test", None),
    ("r-bjc", "r-bj", None),
    ("a-vc", "r-bj", ["INVESTS_IN", "LANDED_IN", "FUNDS"]),
    ("a-ttc-sz", "r-gd", ["LOCATED_IN", "IN_REGION", "PART_OF", "BRANCH_OF"]),
])
def test_shortest_path(gql: GraphQL, start: str, end: str, types: list[str] | None) -> None:
    sub = gql.data(PATH, {"from": start, "to": end, "types": types})["shortestPath"]
    check_path(sub, start, end, types)


def test_shortest_path_exactly(gql: GraphQL) -> None:
    sub = gql.data(PATH, {"from": "a-vc", "to": "r-bj",
                          "types": ["INVESTS_IN", "LANDED_IN", "FUNDS"]})["shortestPath"]
    assert [(n["id"], n["kind"]) for n in sub["nodes"]] == [
        ("a-vc", "Agency"), ("pr-5g", "Project"), ("p-zgc", "Park"), ("r-bj", "Region")]
    assert [(e["source"], e["type"], e["target"]) for e in sub["edges"]] == [
        ("a-vc", "INVESTS_IN", "pr-5g"), ("pr-5g", "LANDED_IN", "p-zgc"),
        ("r-bj", "FUNDS", "p-zgc")]
    assert sub["edges"][1]["properties"] == {"year": 2014}


@pytest.mark.parametrize(("start", "end", "types"), [
    ("r-bj", "r-gd", ["PART_OF"]),
    ("a-vc", "i-bio", ["PARTNERS_WITH", "PROVIDES"]),
])
def test_unreachable_pair_gives_an_empty_subgraph(gql: GraphQL, start: str, end: str,
                                                  types: list[str]) -> None:
    sub = gql.data(PATH, {"from": start, "to": end, "types": types})["shortestPath"]
    assert sub == {"nodes": [], "edges": [], "truncated": False}


@pytest.mark.parametrize(("variables", "code"), [
    ({"from": "nope", "to": "r-bj"}, "NOT_FOUND"),
    ({"from": "a-vc", "to": "nope"}, "NOT_FOUND"),
    ({"from": "a-vc", "to": "a-vc"}, "BAD_USER_INPUT"),
])
def test_shortest_path_errors(gql: GraphQL, variables: dict[str, Any], code: str) -> None:
    error = gql.error(PATH, variables)
    assert error_code(error) == code
    assert error["path"] == ["shortestPath"]


@pytest.mark.parametrize("query", [NEIGHBORHOOD, PATH])
@pytest.mark.parametrize("value", ["NOPE", "located_in", "LOCATED"])
def test_an_unknown_relationship_type_is_refused_before_execution(gql: GraphQL, query: str,
                                                                  value: str) -> None:
    """relationshipTypes takes RelationshipType values: a typo is a request error naming
    the enum (no path: nothing ran), as a variable or as a literal."""
    body = gql(query, {"id": "a-vc", "from": "a-vc", "to": "r-bj", "types": [value]})
    assert "data" not in body
    (error,) = body["errors"]
    assert error_code(error) == "BAD_USER_INPUT" and "path" not in error
    assert "RelationshipType" in error["message"] and value in error["message"]
    literal = gql(f'{{ neighborhood(id: "a-vc", relationshipTypes: [FUNDS, {value}]) '
                  "{ truncated } }")
    assert "RelationshipType" in literal["errors"][0]["message"]
    assert literal["extensions"]["cypherRoundTrips"] == 0


BARE = """query($id: ID!, $depth: Int!) { neighborhood(id: $id, depth: $depth) {
    nodes { id kind label name nameZh } edges { id type source target } truncated } }"""
BY_FRAGMENT = """query($id: ID!, $depth: Int!) { neighborhood(id: $id, depth: $depth) {
    nodes { id ...Props } edges { id ... on SubgraphEdge { data: properties } } } }
    fragment Props on SubgraphNode { properties }"""


@pytest.mark.parametrize(("center", "depth"), [("a-vc", 2), ("p-zgc", 3)])
def test_a_graph_view_selection_gets_the_same_graph_and_names(gql: GraphQL, center: str,
                                                              depth: int) -> None:
    """Without `properties` (the Cypher then leaves them out) the same nodes and edges, with
    the names a view labels nodes with; through fragments and aliases they are still fetched."""
    full = gql.data(NEIGHBORHOOD, {"id": center, "depth": depth})["neighborhood"]
    bare = gql.data(BARE, {"id": center, "depth": depth})["neighborhood"]
    assert bare["nodes"] == [{"id": n["id"], "kind": n["kind"], "label": n["label"],
                              "name": n["properties"].get("name"),
                              "nameZh": n["properties"].get("nameZh")} for n in full["nodes"]]
    assert bare["edges"] == [{k: e[k] for k in ("id", "type", "source", "target")}
                             for e in full["edges"]]
    spread = gql.data(BY_FRAGMENT, {"id": center, "depth": depth})["neighborhood"]
    assert [n["properties"] for n in spread["nodes"]] == [n["properties"] for n in full["nodes"]]
    assert [e["data"] for e in spread["edges"]] == [e["properties"] for e in full["edges"]]


def _field(name: str, *selections: Selection) -> SelectedField:
    return SelectedField(name, {}, {}, list(selections))


@pytest.mark.parametrize(("selections", "asked"), [
    ([_field("nodes", _field("id"), _field("label")), _field("edges", _field("id"))], False),
    ([_field("truncated")], False),
    ([_field("nodes", _field("id"), _field("properties"))], True),
    ([_field("edges", _field("properties"))], True),
    ([_field("nodes", FragmentSpread("P", "SubgraphNode", {}, [_field("properties")]))], True),
    ([_field("edges", InlineFragment("SubgraphEdge", [_field("properties")], {}))], True),
])
def test_asks_properties(selections: list[Selection], asked: bool) -> None:
    assert asks_properties(selections) is asked
