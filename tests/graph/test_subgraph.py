"""graph.subgraph's compact fetch: the same subgraph as the driver's own maps would give."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from graph import queries
from graph import subgraph as graph_subgraph
from graph.time import present_year


@pytest.fixture
async def tiny(load: Any, clean_db: AsyncDriver) -> AsyncDriver:
    await load("tiny")
    return clean_db


@pytest.mark.parametrize("value", [
    "datetime('2026-11-26T11:06:26.133261Z')",
    "datetime('2026-01-02T03:04:05.000000007+08:00')",
    "datetime('1999-12-31T23:59:59-05:30')",
    "datetime('2024-02-29T00:00:00.5[Europe/Berlin]')",
    "datetime('2024-07-01T12:00:00[America/New_York]')",
    "datetime('0999-01-01T00:00:00+14:00')",
    "datetime({epochSeconds: 0})",
])
async def test_iso_datetime_matches_the_driver(clean_db: AsyncDriver, value: str) -> None:
    """Cypher's text for a zoned datetime is what DateTime.iso_format() writes."""
    records, _, _ = await clean_db.execute_query(
        f"WITH {value} AS v RETURN v, {queries._iso_datetime('v')} AS text")
    assert records[0]["text"] == records[0]["v"].iso_format()


OLD_NODES = "[n IN nodes | {labels: labels(n), props: properties(n)}]"


async def _by_maps(driver: AsyncDriver, entity_id: str, depth: int) -> dict[str, Any]:
    """The neighborhood as the driver hydrates plain maps (the former fetch), for comparison."""
    query = queries.neighborhood(depth).replace(
        queries.neighborhood(depth).rsplit("RETURN [n IN found | ", 1)[1].split("] AS nodes")[0],
        "{labels: labels(n), props: properties(n)}")
    assert "props: properties(n)" in query
    records, _, _ = await driver.execute_query(query, id=entity_id, types=None, limit=500,
                                               asOf=present_year())
    record = records[0]
    nodes = [{k: graph_subgraph._plain(v) for k, v in n["props"].items()}
             for n in record["nodes"]]
    return {"nodes": nodes, "edges": record["edges"]}


@pytest.mark.parametrize(("center", "depth"), [("a-vc", 2), ("p-zgc", 3), ("r-bj", 1)])
async def test_compact_fetch_gives_the_same_subgraph(tiny: AsyncDriver, center: str,
                                                     depth: int) -> None:
    sub = await graph_subgraph.neighborhood(tiny, center, depth)
    plain = await _by_maps(tiny, center, depth)
    assert [n.properties for n in sub.nodes] == plain["nodes"]  # timestamps as driver text
    assert all(isinstance(n.properties["createdAt"], str) for n in sub.nodes
               if n.kind != "ServiceStage")
    # the compact fetch also leaves out relKey, the keyed relationships' bookkeeping
    assert [[e.id, e.type, e.source, e.target, e.properties] for e in sub.edges] == \
        [[*edge[:4], {k: v for k, v in edge[4].items() if k != "relKey"}]
         for edge in plain["edges"]]
    assert any("relKey" in edge[4] for edge in plain["edges"])  # FUNDS or PARTNERS_WITH


async def test_shortest_path_fetch(tiny: AsyncDriver) -> None:
    sub = await graph_subgraph.shortest_path(tiny, "a-vc", "r-bj",
                                             ["INVESTS_IN", "LANDED_IN", "FUNDS"])
    assert [(n.id, n.kind) for n in sub.nodes] == [
        ("a-vc", "Agency"), ("pr-5g", "Project"), ("p-zgc", "Park"), ("r-bj", "Region")]
    assert [(e.source, e.type, e.target) for e in sub.edges] == [
        ("a-vc", "INVESTS_IN", "pr-5g"), ("pr-5g", "LANDED_IN", "p-zgc"),
        ("r-bj", "FUNDS", "p-zgc")]
    assert sub.nodes[0].properties["createdAt"] == \
        (await _by_maps(tiny, "a-vc", 1))["nodes"][0]["createdAt"]


NAME_KEYS = {"id", "code", "name", "nameZh"}


@pytest.mark.parametrize(("center", "depth"), [("a-vc", 2), ("p-zgc", 3), ("r-bj", 1)])
async def test_without_properties_the_cypher_returns_names_only(tiny: AsyncDriver, center: str,
                                                                depth: int) -> None:
    """The query a graph view triggers (no `properties` selected) neither builds nor sends
    node or edge properties; the same nodes and edges come back."""
    args = {"id": center, "types": None, "limit": 500, "asOf": present_year()}
    bare, _, _ = await tiny.execute_query(queries.neighborhood(depth, properties=False), args)
    full, _, _ = await tiny.execute_query(queries.neighborhood(depth), args)
    for node in bare[0]["nodes"]:
        assert {k for k, _ in node[1]} <= NAME_KEYS
    assert [e[4] for e in bare[0]["edges"]] == [{}] * len(bare[0]["edges"])
    assert any(e[4] for e in full[0]["edges"])
    assert [e[:4] for e in bare[0]["edges"]] == [e[:4] for e in full[0]["edges"]]
    assert [n[0] for n in bare[0]["nodes"]] == [n[0] for n in full[0]["nodes"]]
    assert queries.neighborhood(depth, properties=True) == queries.neighborhood(depth)


@pytest.mark.parametrize(("center", "depth"), [("a-vc", 2), ("p-zgc", 3)])
async def test_without_properties_nodes_keep_ids_kinds_and_names(tiny: AsyncDriver, center: str,
                                                                 depth: int) -> None:
    full = await graph_subgraph.neighborhood(tiny, center, depth)
    bare = await graph_subgraph.neighborhood(tiny, center, depth, properties=False)
    assert [(n.id, n.kind, n.label, n.name, n.name_zh) for n in bare.nodes] == [
        (n.id, n.kind, n.label, n.properties.get("name"), n.properties.get("nameZh"))
        for n in full.nodes]
    assert any(n.name_zh for n in bare.nodes) and any(n.name for n in bare.nodes)
    assert all(n.properties == {} for n in bare.nodes)
    assert [(e.id, e.type, e.source, e.target) for e in bare.edges] == [
        (e.id, e.type, e.source, e.target) for e in full.edges]
    assert all(e.properties == {} for e in bare.edges)
    assert (bare.truncated, bare.omitted_nodes, bare.depth_reached) == (
        full.truncated, full.omitted_nodes, full.depth_reached)


async def test_shortest_path_without_properties(tiny: AsyncDriver) -> None:
    types = ["INVESTS_IN", "LANDED_IN", "FUNDS"]  # one shortest path: the same both times
    full = await graph_subgraph.shortest_path(tiny, "a-vc", "r-bj", types)
    bare = await graph_subgraph.shortest_path(tiny, "a-vc", "r-bj", types, properties=False)
    assert [(n.id, n.label, n.name) for n in bare.nodes] == [
        (n.id, n.label, n.properties.get("name")) for n in full.nodes]
    assert [e.id for e in bare.edges] == [e.id for e in full.edges]
    assert all(n.properties == {} for n in bare.nodes)
    assert all(e.properties == {} for e in bare.edges)
