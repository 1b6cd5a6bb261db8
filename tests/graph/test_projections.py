"""Scope projections: bounded round-trips, region chains, and a reference cache that never
serves stale regions or industries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from app.settings import Settings
from graph.projections import project_scope, project_whole
from loaders.load import load_dataset

Load = Callable[..., Awaitable[Any]]


async def test_scope_projection_takes_at_most_seven_queries(load: Load, driver: AsyncDriver,
                                                            settings: Settings) -> None:
    await load("tiny")
    first = await project_scope(driver, "p-zgc", database=settings.neo4j_database)
    again = await project_scope(driver, "p-zgc", database=settings.neo4j_database)
    assert first.graph["queries"] <= 7
    assert again.graph["queries"] <= first.graph["queries"]  # reference data reused
    assert sorted(first.nodes) == sorted(again.nodes)


async def test_every_park_has_its_region_chain_as_in_the_whole_graph(
        load: Load, driver: AsyncDriver, settings: Settings) -> None:
    await load("tiny")
    G = await project_scope(driver, "p-sz", database=settings.neo4j_database)
    whole = await project_whole(driver, settings.neo4j_database)
    parks = [n for n, d in G.nodes(data=True) if d.get("label") == "Park"]
    assert "p-sz" in parks
    for park in parks:
        chain = {(u, v, k) for u, v, k in whole.out_edges(park, keys=True) if k == "IN_REGION"}
        assert chain <= set(G.out_edges(park, keys=True))
        for _, region, _ in chain:
            assert G.nodes[region] == whole.nodes[region]
            up = {(u, v, k) for u, v, k in whole.out_edges(region, keys=True) if k == "PART_OF"}
            assert up <= set(G.out_edges(region, keys=True))
    assert G.nodes["r-gd"]["kind"] == "province"


async def test_reloaded_regions_replace_the_cached_reference_data(
        load: Load, driver: AsyncDriver, settings: Settings, dataset_copy: Callable[[str], Path],
) -> None:
    await load("tiny")
    before = await project_scope(driver, "p-sz", database=settings.neo4j_database)
    assert before.nodes["r-sz"]["name"] == "Shenzhen"
    edited = dataset_copy("tiny")
    regions = edited / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace(
        "r-sz,Shenzhen,深圳,city,r-gd", "r-sz,Shenzhen Municipality,深圳,city,r-bj"),
        encoding="utf-8")
    await load_dataset(driver, edited, database=settings.neo4j_database)
    after = await project_scope(driver, "p-sz", database=settings.neo4j_database)
    assert after.nodes["r-sz"]["name"] == "Shenzhen Municipality"
    assert after.has_edge("r-sz", "r-bj", "PART_OF")
    assert not after.has_edge("r-sz", "r-gd", "PART_OF")
