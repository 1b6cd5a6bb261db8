"""Scope projections: bounded round-trips, region chains, and a reference cache that never
serves stale regions or industries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

import analysis
from analysis.asof import graph_as_of
from analysis.vocab import STAGE_CODES
from app.settings import Settings
from graph.errors import NotFoundError
from graph.projections import project_scope, project_whole
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.fixtures.dated_graph import dated_graph, write_graph

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


# --- as of a year (DESIGN.md section 8) ---------------------------------------------------

STAGES = set(STAGE_CODES)


def _edges(G: Any) -> set[tuple[str, str, str]]:
    return {(u, v, d["type"]) for u, v, d in G.edges(data=True)}


async def _dated(driver: AsyncDriver, settings: Settings) -> Any:
    await wipe_entities(driver, settings.neo4j_database)
    await write_graph(driver, dated_graph(), settings.neo4j_database)
    return dated_graph()


async def test_whole_projection_as_of_a_year_is_the_graph_of_that_year(
        driver: AsyncDriver, settings: Settings) -> None:
    history = await _dated(driver, settings)
    for year in (2009, 2012, 2014):
        G = await project_whole(driver, settings.neo4j_database, as_of=year)
        expected = graph_as_of(history, year)
        assert set(G) == set(expected) | STAGES     # every stage is in Neo4j
        assert _edges(G) == _edges(expected)
        assert G.graph["queries"] == 2 and G.graph["asOf"] == year
    everything = await project_whole(driver, settings.neo4j_database)
    assert set(everything) == set(history) | STAGES and _edges(everything) == _edges(history)
    assert everything.nodes["ag-test-old"]["closedYear"] == 2012
    assert everything.edges["pf-ip", "park-a", "LOCATED_IN"]["until"] == 2014


@pytest.mark.parametrize("scope", ["park-a", "cluster-a", "prov-a"])
async def test_scope_projection_as_of_a_year_gives_the_analyses_of_that_year(
        driver: AsyncDriver, settings: Settings, scope: str) -> None:
    history = await _dated(driver, settings)
    for year in (2011, 2012, 2013, 2014):
        G = await project_scope(driver, scope, database=settings.neo4j_database, as_of=year)
        assert G.graph["queries"] <= 7
        pure = graph_as_of(history, year)
        assert set(G) - STAGES <= set(pure)   # nothing that does not exist in that year
        served = analysis.find_stage_gaps(G, scope, "default", 3)
        assert served.to_dict() == analysis.find_stage_gaps(pure, scope, "default", 3).to_dict()
        assert analysis.integration_score(G, scope, chain="default").to_dict() == \
            analysis.integration_score(pure, scope, chain="default").to_dict()


async def test_closed_and_future_providers_are_never_candidates(driver: AsyncDriver,
                                                               settings: Settings) -> None:
    await _dated(driver, settings)
    G = await project_scope(driver, "park-a", database=settings.neo4j_database, as_of=2013)
    assert "ag-tt-old" not in G and "ag-tt-new" not in G    # closed 2013, founded 2014
    report = analysis.find_stage_gaps(G, "park-a", "default", 3)
    assert report.stage("technology_transfer").suggestions == ()
    G = await project_scope(driver, "park-a", database=settings.neo4j_database, as_of=2014)
    assert [s.actor.id for s in analysis.find_stage_gaps(G, "park-a", "default", 3)
            .stage("technology_transfer").suggestions] == ["ag-tt-new"]


async def test_history_projection_cut_into_years_equals_each_years_projection(
        driver: AsyncDriver, settings: Settings) -> None:
    await _dated(driver, settings)
    history = await project_scope(driver, "park-a", database=settings.neo4j_database,
                                  suggestions=0)
    assert history.graph["asOf"] is None and history.graph["queries"] <= 4  # no candidates
    assert {"ag-test-old", "ag-test-new", "proj-1"} <= set(history)
    for year in (2011, 2012, 2013, 2014):
        G = await project_scope(driver, "park-a", database=settings.neo4j_database,
                                as_of=year, suggestions=0)
        cut = graph_as_of(history, year)
        assert analysis.integration_score(cut, "park-a", actions=0).to_dict() == \
            analysis.integration_score(G, "park-a", actions=0).to_dict()


async def test_a_scope_that_does_not_exist_in_the_year_is_not_found(
        driver: AsyncDriver, settings: Settings) -> None:
    await _dated(driver, settings)
    with pytest.raises(NotFoundError, match="does not exist in 2013"):
        await project_scope(driver, "park-new", database=settings.neo4j_database, as_of=2013)
    G = await project_scope(driver, "park-new", database=settings.neo4j_database, as_of=2014)
    assert "ag-new-inc" in G


async def test_history_during_years_holds_what_exists_in_some_year_of_them(
        driver: AsyncDriver, settings: Settings) -> None:
    history = await _dated(driver, settings)
    G = await project_scope(driver, "park-a", database=settings.neo4j_database,
                            suggestions=0, during=(2012, 2013))
    assert G.graph["years"] == (2012, 2013) and G.graph["asOf"] is None
    assert "ag-test-new" in G and "proj-1" in G           # from 2013
    assert "ag-test-old" not in G                          # closed in 2012
    assert "ag-tt-new" not in G and not G.has_edge("pf-ip", "park-b")  # from 2014
    for year in (2012, 2013):
        cut = graph_as_of(G, year)
        assert analysis.integration_score(cut, "park-a", actions=0).to_dict() == \
            analysis.integration_score(graph_as_of(history, year), "park-a",
                                       actions=0).to_dict()
    with pytest.raises(NotFoundError, match="does not exist in 2010-2013"):
        await project_scope(driver, "park-new", database=settings.neo4j_database,
                            suggestions=0, during=(2010, 2013))
