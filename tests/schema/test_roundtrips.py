"""No N+1: a root field costs one Cypher round-trip however deep and wide its selection is.

The count comes from the response's `extensions.cypherRoundTrips`; the same query is run on
`tiny` and on a generated dataset with about a hundred times more rows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.settings import Settings
from loaders.generate import generate_dataset
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, reload

THREE_LEVELS = """{ parks(first: 100) { totalCount edges { node { id
    agencies(first: 100) { totalCount edges { node { id
        stages { code providers(first: 3) { totalCount edges { node { id } } } } } } } } } } }"""

WIDE = """{ parks(first: 100) { edges { node { id region { id parent { id } }
    industries { edges { node { id parent { id } } } }
    platforms { edges { node { id operator { id } stages { code } } } }
    talentTeams { edges { node { id affiliation { id } } } }
    projects { edges { properties { year } node { id supporters { totalCount } } } }
    funders { edges { properties { program amountMillionCny } node { id } } } } } } }"""


@pytest_asyncio.fixture(scope="module")
async def datasets(driver: AsyncDriver, settings: Settings,
                   tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, Path]]:
    big = tmp_path_factory.mktemp("generated") / "big"
    generate_dataset(big, 2000, seed=7)
    yield {"tiny": FIXTURES / "tiny", "big": big}


def _round_trips(body: dict) -> int:
    assert not body.get("errors"), body.get("errors")
    return int(body["extensions"]["cypherRoundTrips"])


@pytest.mark.parametrize("size", ["tiny", "big"])
async def test_nested_queries_cost_one_round_trip(gql: GraphQL, driver: AsyncDriver,
                                                  settings: Settings,
                                                  datasets: dict[str, Path],
                                                  size: str) -> None:
    await reload(driver, settings, datasets[size])
    body = gql(THREE_LEVELS)
    assert _round_trips(body) == 1
    parks = body["data"]["parks"]["edges"]
    agencies = [a["node"] for p in parks for a in p["node"]["agencies"]["edges"]]
    providers = [pr for a in agencies for s in a["stages"]
                 for pr in s["providers"]["edges"]]
    if size == "tiny":
        assert len(parks) == 2 and len(agencies) == 3
        assert {a["id"]: [s["code"] for s in a["stages"]] for a in agencies} == {
            "a-ttc": ["technology_transfer", "consulting"], "a-ttc-sz": ["technology_transfer"],
            "a-vc": ["finance"]}
    else:  # many parents at every level, still one statement
        assert len(parks) >= 10
        assert len(agencies) >= 100
        assert len(providers) >= 300
    assert _round_trips(gql(WIDE)) == 1


async def test_round_trips_count_root_fields(gql: GraphQL, driver: AsyncDriver,
                                             settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "tiny")  # the module also loads a big dataset
    cases = {
        "{ parks { totalCount } agencies { totalCount } }": 2,
        "{ a: parks { totalCount } b: parks { totalCount } c: parks { totalCount } }": 3,
        '{ node(id: "a-vc") { id } nodes(ids: ["a-vc", "p-sz"]) { id } serviceStages { code }'
        ' search(text: "shenzhen") { score } }': 4,
        '{ node(id: "p-zgc") { ... on Park { agencies { edges { node { id park { id '
        'agencies { edges { node { id stages { code } } } } } } } } } } }': 1,
        '{ neighborhood(id: "a-vc", depth: 2) { truncated } '
        'shortestPath(fromId: "a-vc", toId: "r-bj") { truncated } }': 2,
        "{ __typename }": 0,
    }
    for query, expected in cases.items():
        assert _round_trips(gql(query)) == expected, query
        assert _round_trips(gql(query)) == expected, query  # per request, not cumulative


async def test_round_trips_with_variables_and_fragments(gql: GraphQL, driver: AsyncDriver,
                                                        settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "tiny")
    query = """fragment P on Park { id agencies(first: $n) { edges { node { ...A } } } }
        fragment A on Agency { id stages { code providers { edges { node { id } } } } }
        query($n: Int) { parks { edges { node { ...P } } } }"""
    body = gql(query, {"n": 1})
    assert _round_trips(body) == 1
    edges = body["data"]["parks"]["edges"]
    assert [len(e["node"]["agencies"]["edges"]) for e in edges] == [1, 1]
