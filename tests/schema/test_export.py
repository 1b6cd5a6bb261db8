"""GET /export/neighborhood/{id} and /export/shortest-path in every format, read back with
the library that defines it where Python has one (networkx: GraphML, GEXF, Cytoscape.js JSON;
graphology and vis-network are read by Node in tests/web/test_export_readback.py) and
compared with the GraphQL subgraph, on `tiny`."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.schema.conftest import GraphQL

pytestmark = pytest.mark.usefixtures("tiny_graph")

NEIGHBORHOOD = """query($id: ID!, $depth: Int!, $types: [RelationshipType!], $limit: Int!) {
    neighborhood(id: $id, depth: $depth, relationshipTypes: $types, limit: $limit) {
        nodes { id kind label } edges { id type source target properties } truncated } }"""
PATH = """query($from: ID!, $to: ID!, $types: [RelationshipType!]) {
    shortestPath(fromId: $from, toId: $to, relationshipTypes: $types) {
        nodes { id kind label } edges { id type source target properties } } }"""

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
         "cytoscape": "application/json", "graphology": "application/json",
         "vis": "application/json"}


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


@pytest.mark.parametrize(("center", "depth", "types", "limit"), NEIGHBORHOOD_CASES)
def test_cytoscape_json_reads_back_in_networkx(client: httpx.Client, gql: GraphQL, center: str,
                                               depth: int, types: list[str] | None,
                                               limit: int) -> None:
    """nx.cytoscape_graph reads the export with the GraphQL subgraph's nodes and edges."""
    sub = gql.data(NEIGHBORHOOD, {"id": center, "depth": depth, "types": types,
                                  "limit": limit})["neighborhood"]
    params: dict[str, Any] = {"format": "cytoscape", "depth": depth, "limit": limit}
    if types:
        params["type"] = types
    response = client.get(f"/export/neighborhood/{center}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    G = nx.cytoscape_graph(body)
    assert G.is_directed() and G.is_multigraph()
    assert G.number_of_nodes() == len(sub["nodes"])
    assert G.number_of_edges() == len(sub["edges"])
    assert list(G.nodes) == [n["id"] for n in sub["nodes"]]
    assert [(G.nodes[n["id"]]["kind"], G.nodes[n["id"]]["name"]) for n in sub["nodes"]] == \
        [(n["kind"], n["label"]) for n in sub["nodes"]]
    assert Counter((u, d["type"], v) for u, v, d in G.edges(data=True)) == \
        Counter((e["source"], e["type"], e["target"]) for e in sub["edges"])
    assert {k: d["properties"] for _, _, k, d in G.edges(keys=True, data=True)} == \
        {e["id"]: e["properties"] for e in sub["edges"]}
    assert G.graph["truncated"] is sub["truncated"]


def test_truncation_travels_with_every_format(client: httpx.Client, gql: GraphQL) -> None:
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2, "limit": 7})["neighborhood"]
    params = {"depth": 2, "limit": 7}
    meta = {"truncated": True, "omittedNodes": 9, "depthReached": 2}
    assert sub["truncated"] is True
    cyto = client.get("/export/neighborhood/a-vc", params={**params, "format": "cytoscape"})
    assert cyto.json()["data"] == meta
    graphology = client.get("/export/neighborhood/a-vc",
                            params={**params, "format": "graphology"}).json()
    assert graphology["attributes"] == meta
    vis = client.get("/export/neighborhood/a-vc", params={**params, "format": "vis"}).json()
    assert {k: vis[k] for k in meta} == meta
    G = read(client.get("/export/neighborhood/a-vc", params={**params, "format": "graphml"}),
             "graphml")
    assert (G.graph["truncated"], G.graph["omittedNodes"]) == (True, 9)


def test_graphology_and_vis_shapes(client: httpx.Client, gql: GraphQL) -> None:
    """What Sigma and vis-network need, without a reshaping step: positions, sizes, colours
    and labels (graphology); from/to and groups (vis). Node reads them back too."""
    sub = gql.data(NEIGHBORHOOD, {"id": "a-vc", "depth": 2, "limit": 500})["neighborhood"]
    body = client.get("/export/neighborhood/a-vc", params={"format": "graphology",
                                                           "depth": 2}).json()
    assert body["options"] == {"type": "directed", "multi": True, "allowSelfLoops": True}
    assert [n["key"] for n in body["nodes"]] == [n["id"] for n in sub["nodes"]]
    for node, expected in zip(body["nodes"], sub["nodes"], strict=True):
        attrs = node["attributes"]
        assert {"x", "y", "size", "color", "label"} <= attrs.keys()
        assert (attrs["label"], attrs["kind"]) == (expected["label"], expected["kind"])
    assert body["nodes"][0]["attributes"]["x"] == body["nodes"][0]["attributes"]["y"] == 0
    assert [(e["key"], e["source"], e["target"], e["attributes"]["relationship"])
            for e in body["edges"]] == \
        [(e["id"], e["source"], e["target"], e["type"]) for e in sub["edges"]]
    assert all("type" not in e["attributes"] for e in body["edges"])  # a Sigma program name
    vis = client.get("/export/neighborhood/a-vc", params={"format": "vis", "depth": 2}).json()
    assert [(n["id"], n["label"], n["group"]) for n in vis["nodes"]] == \
        [(n["id"], n["label"], n["kind"]) for n in sub["nodes"]]
    assert [(e["id"], e["from"], e["to"], e["label"]) for e in vis["edges"]] == \
        [(e["id"], e["source"], e["target"], e["type"]) for e in sub["edges"]]


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


@pytest.mark.parametrize(("path", "params", "status", "code", "fragment"), [
    ("/export/neighborhood/nope", {}, 404, "NOT_FOUND", "nope"),
    ("/export/neighborhood/nope", {"format": "gexf"}, 404, "NOT_FOUND", "nope"),
    ("/export/shortest-path", {"from": "nope", "to": "r-bj"}, 404, "NOT_FOUND", "nope"),
    ("/export/shortest-path", {"from": "a-vc", "to": "nope"}, 404, "NOT_FOUND", "nope"),
    ("/export/neighborhood/a-vc", {"format": "pdf"}, 400, "BAD_USER_INPUT", "format"),
    ("/export/neighborhood/a-vc", {"format": "GRAPHML"}, 400, "BAD_USER_INPUT", "format"),
    ("/export/neighborhood/a-vc", {"depth": 4}, 400, "BAD_USER_INPUT", "depth"),
    ("/export/neighborhood/a-vc", {"depth": 0}, 400, "BAD_USER_INPUT", "depth"),
    ("/export/neighborhood/a-vc", {"depth": "two"}, 400, "BAD_USER_INPUT", "depth"),
    ("/export/neighborhood/a-vc", {"limit": 0}, 400, "BAD_USER_INPUT", "limit"),
    ("/export/neighborhood/a-vc", {"limit": 5001}, 400, "BAD_USER_INPUT", "limit"),
    ("/export/neighborhood/a-vc", {"type": "NOPE"}, 400, "BAD_USER_INPUT", "NOPE"),
    ("/export/shortest-path", {"from": "a-vc"}, 400, "BAD_USER_INPUT", "to"),
    ("/export/shortest-path", {"from": "a-vc", "to": "a-vc"}, 400, "BAD_USER_INPUT", "differ"),
    ("/export/shortest-path", {"from": "a-vc", "to": "r-bj", "format": "svg"}, 400,
     "BAD_USER_INPUT", "format"),
])
def test_export_errors_have_the_graphql_shape(client: httpx.Client, path: str,
                                              params: dict[str, Any], status: int, code: str,
                                              fragment: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert fragment in error["message"]
    assert set(response.json()) == {"errors"}


def test_export_with_a_wrong_key_is_unauthenticated(client: httpx.Client) -> None:
    response = client.get("/export/neighborhood/a-vc", headers={"X-API-Key": "not-a-key"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "API key" in error["message"]
