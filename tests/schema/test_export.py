"""GET /export/neighborhood/{id} and /export/shortest-path as GraphML, GEXF and Cytoscape
JSON, read back with networkx and compared with the GraphQL subgraph, on `tiny`."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.schema.conftest import GraphQL

pytestmark = pytest.mark.usefixtures("tiny_graph")

NEIGHBORHOOD = """query($id: ID!, $depth: Int!, $types: [String!], $limit: Int!) {
    neighborhood(id: $id, depth: $depth, relationshipTypes: $types, limit: $limit) {
        nodes { id kind label } edges { id type source target properties } truncated } }"""
PATH = """query($from: ID!, $to: ID!, $types: [String!]) {
    shortestPath(fromId: $from, toId: $to, relationshipTypes: $types) {
        nodes { id kind label } edges { id type source target properties } } }"""

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
         "cytoscape": "application/json"}


def read(response: httpx.Response, fmt: str) -> nx.Graph:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(MEDIA[fmt])
    assert "attachment" in response.headers["content-disposition"]
    return READERS[fmt](io.BytesIO(response.content))  # type: ignore[no-any-return]


def edge_type(fmt: str, data: dict[str, Any]) -> str:
    # GEXF's own edge `type` is directed/undirected: the relationship type is the edge label.
    return str(data["type"] if fmt == "graphml" else data["label"])


NEIGHBORHOOD_CASES = [
    ("a-vc", 1, None, 500), ("a-vc", 2, None, 500), ("r-bj", 3, None, 500),
    ("a-vc", 3, ["PARTNERS_WITH", "SUPPORTS", "LANDED_IN"], 500), ("a-vc", 2, None, 7),
    ("p-zgc", 1, ["FUNDS"], 500),
]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize(("center", "depth", "types", "limit"), NEIGHBORHOOD_CASES)
def test_neighborhood_export_matches_graphql(client: httpx.Client, gql: GraphQL, fmt: str,
                                             center: str, depth: int,
                                             types: list[str] | None, limit: int) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": center, "depth": depth, "types": types,
                                  "limit": limit})["neighborhood"]
    params: dict[str, Any] = {"format": fmt, "depth": depth, "limit": limit}
    if types:
        params["type"] = types
    G = read(client.get(f"/export/neighborhood/{center}", params=params), fmt)
    assert G.is_directed()
    assert G.number_of_nodes() == len(sub["nodes"])
    assert G.number_of_edges() == len(sub["edges"])
    assert set(G.nodes) == {n["id"] for n in sub["nodes"]}
    for node in sub["nodes"]:
        assert G.nodes[node["id"]]["kind"] == node["kind"]
        assert G.nodes[node["id"]]["label"] == node["label"]
    assert Counter((u, v, edge_type(fmt, d)) for u, v, d in G.edges(data=True)) == \
        Counter((e["source"], e["target"], e["type"]) for e in sub["edges"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exported_attributes_keep_their_types(client: httpx.Client, fmt: str) -> None:
    G = read(client.get("/export/neighborhood/a-vc", params={"format": fmt}), fmt)
    agency = G.nodes["a-vc"]
    assert agency["staff"] == 30 and agency["foundedYear"] == 2008
    assert agency["backbone"] is False
    assert agency["name"] == "Shenzhen Angel Fund"
    assert agency["prop_kind"] == "venture_capital"  # `kind` is the node's label there
    assert G.nodes["finance"]["kind"] == "ServiceStage"
    partners = [d for u, v, d in G.edges(data=True) if edge_type(fmt, d) == "PARTNERS_WITH"]
    assert len(partners) == 1
    assert partners[0]["year"] == 2012 and partners[0]["weight"] == 0.8


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_parallel_relationships_survive_export(client: httpx.Client, fmt: str) -> None:
    G = read(client.get("/export/neighborhood/r-bj",
                        params={"format": fmt, "type": "FUNDS"}), fmt)
    assert isinstance(G, nx.MultiDiGraph)
    assert sorted(d["amountMillionCny"] for _, _, d in G.edges("r-bj", data=True)) == \
        [20.0, 30.0]


def test_cytoscape_json(client: httpx.Client, gql: GraphQL) -> None:
    response = client.get("/export/neighborhood/a-vc", params={"format": "cytoscape",
                                                               "depth": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2, "limit": 500})["neighborhood"]
    nodes, edges = body["elements"]["nodes"], body["elements"]["edges"]
    assert [n["data"]["id"] for n in nodes] == [n["id"] for n in sub["nodes"]]
    assert [(n["data"]["kind"], n["data"]["label"]) for n in nodes] == \
        [(n["kind"], n["label"]) for n in sub["nodes"]]
    assert [(e["data"]["id"], e["data"]["source"], e["data"]["target"], e["data"]["type"])
            for e in edges] == \
        [(e["id"], e["source"], e["target"], e["type"]) for e in sub["edges"]]
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert body["truncated"] is False


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape"])
def test_shortest_path_export(client: httpx.Client, gql: GraphQL, fmt: str) -> None:
    types = ["INVESTS_IN", "LANDED_IN", "FUNDS"]
    sub = gql.data(PATH, {"from": "a-vc", "to": "r-bj", "types": types})["shortestPath"]
    response = client.get("/export/shortest-path", params={
        "from": "a-vc", "to": "r-bj", "format": fmt, "type": types})
    if fmt == "cytoscape":
        elements = response.json()["elements"]
        assert [n["data"]["id"] for n in elements["nodes"]] == \
            ["a-vc", "pr-5g", "p-zgc", "r-bj"]
        assert len(elements["edges"]) == 3
        return
    G = read(response, fmt)
    assert set(G.nodes) == {n["id"] for n in sub["nodes"]} == {"a-vc", "pr-5g", "p-zgc", "r-bj"}
    assert sorted((u, v, edge_type(fmt, d)) for u, v, d in G.edges(data=True)) == [
        ("a-vc", "pr-5g", "INVESTS_IN"), ("pr-5g", "p-zgc", "LANDED_IN"),
        ("r-bj", "p-zgc", "FUNDS")]


def test_unreachable_shortest_path_exports_an_empty_graph(client: httpx.Client) -> None:
    G = read(client.get("/export/shortest-path", params={
        "from": "r-bj", "to": "r-gd", "type": "PART_OF", "format": "graphml"}), "graphml")
    assert G.number_of_nodes() == 0 and G.number_of_edges() == 0


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/export/neighborhood/nope", {}, 404),
    ("/export/neighborhood/nope", {"format": "gexf"}, 404),
    ("/export/shortest-path", {"from": "nope", "to": "r-bj"}, 404),
    ("/export/shortest-path", {"from": "a-vc", "to": "nope"}, 404),
    ("/export/neighborhood/a-vc", {"format": "pdf"}, 422),
    ("/export/neighborhood/a-vc", {"format": "GRAPHML"}, 422),
    ("/export/neighborhood/a-vc", {"depth": 4}, 422),
    ("/export/neighborhood/a-vc", {"depth": 0}, 422),
    ("/export/neighborhood/a-vc", {"depth": "two"}, 422),
    ("/export/neighborhood/a-vc", {"limit": 0}, 422),
    ("/export/neighborhood/a-vc", {"type": "NOPE"}, 400),
    ("/export/shortest-path", {"from": "a-vc"}, 422),
    ("/export/shortest-path", {"from": "a-vc", "to": "a-vc"}, 400),
    ("/export/shortest-path", {"from": "a-vc", "to": "r-bj", "format": "svg"}, 422),
])
def test_export_errors(client: httpx.Client, path: str, params: dict[str, Any],
                       status: int) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert "detail" in response.json() or "errors" in response.json()
