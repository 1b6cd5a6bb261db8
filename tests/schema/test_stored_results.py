"""Stored analysis results over HTTP on the demo: `analyze refresh` stores them with the data
fingerprint, the API serves them while fresh and says so, answers equal what it computes,
writes make them stale (a one-cluster change only that cluster's score), and a stale result
is never served as fresh."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest_asyncio
from neo4j import AsyncDriver

from app.refresh import refresh
from app.settings import PROJECT_ROOT, Settings
from graph.fingerprint import read_fingerprint
from graph.results import CLUSTER_SCORE, REFRESH_KINDS, write_results
from graph.time import present_year
from loaders.load import load_dataset
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, reload

DEMO = PROJECT_ROOT / "data" / "demo"
FRESH = "freshness { source dataVersion stale computedAt sourceLabelZh }"
CLUSTERS = ("query($w: JSON, $o: ClusterScoreOrder, $f: Int = 500, $y: Int) { clusterScores("
            "first: $f, weights: $w, orderBy: $o, asOf: $y) { scope { id name label } chain "
            "score actions { kind } components { name value weight contribution undatedCount "
            "details label } " + FRESH + " } }")
PILOTS = ("query($r: ID) { pilotCandidates(first: 500, regionId: $r) { park { id name label } "
          "rank score foundation demonstration distinctiveness undatedCount details "
          "status { code } " + FRESH + " } }")
CENTRALITY = ("query($m: CentralityMetric!, $k: ActorKind) { centrality(metric: $m, kind: $k, "
              "first: 500) { actor { id name label } value rank undatedCount " + FRESH + " } }")
COMMUNITIES = ("query($a: CommunityAlgorithm!, $s: Int!) { communities(algorithm: $a, "
               "minSize: $s) { index size members { id name } stages undatedCount "
               + FRESH + " } }")
STATUS = ("query($y: Int) { analysisFreshness(asOf: $y) { kind asOf results staleResults "
          "stale dataVersion currentVersion staleKeys } }")


def _requests(province: str) -> list[tuple[str, dict[str, Any]]]:
    """Every stored shape of the four fields, with arguments the store answers."""
    return [
        (CLUSTERS, {}),
        (CLUSTERS, {"w": {"outcomes": 0.05, "chain_coverage": 0.35}, "o": "NAME_ASC"}),
        (CLUSTERS, {"o": "SCORE_ASC", "f": 3}), (CLUSTERS, {"o": "NAME_ASC", "f": 4}),
        (PILOTS, {}), (PILOTS, {"r": province}),
        *[(CENTRALITY, {"m": m, "k": k}) for m in ("DEGREE", "BETWEENNESS", "PAGERANK",
                                                    "EIGENVECTOR") for k in (None, "AGENCY")],
        *[(COMMUNITIES, {"a": a, "s": s}) for a in ("LOUVAIN", "LABEL_PROPAGATION")
          for s in (1, 3)],
    ]


def _answer(gql: GraphQL, query: str, variables: dict[str, Any]) -> tuple[list[Any], set[str]]:
    """The field's entries without their freshness, and the sources the entries name."""
    body = gql(query, variables)
    assert not body.get("errors"), body["errors"]
    entries = next(iter(body["data"].values()))
    sources = {e.pop("freshness")["source"] for e in entries}
    return entries, sources


def _rounded(value: Any) -> Any:
    """Floats to 12 places: igraph's eigenvector centrality (ARPACK) differs in the last
    bits from one run to the next, stored or not."""
    if isinstance(value, float):
        return round(value, 12)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _comparable(entries: list[Any], variables: dict[str, Any]) -> Any:
    """Entries with floats rounded. igraph's eigenvector centrality (ARPACK) differs in the
    last bits from one run to the next, stored or not, which reorders actors of equal
    value: that ranking is compared as actor -> value."""
    rounded = _rounded(entries)
    if variables.get("m") == "EIGENVECTOR":
        return sorted((e["actor"]["id"], round(e["value"], 10), e["undatedCount"])
                      for e in rounded if round(e["value"], 10) != 0.0)
    return rounded


def _sources(gql: GraphQL, query: str, variables: dict[str, Any] | None = None) -> set[str]:
    return _answer(gql, query, variables or {})[1]


async def _province(driver: AsyncDriver, settings: Settings) -> str:
    records, _, _ = await driver.execute_query(
        "MATCH (r:Region {kind: 'province'})<-[:PART_OF*0..]-(:Region)<-[:IN_REGION]-(:Park) "
        "RETURN DISTINCT r.id AS id "
        "ORDER BY id LIMIT 1", database_=settings.neo4j_database)
    return str(records[0]["id"])


async def _stored(driver: AsyncDriver, settings: Settings) -> dict[str, Any]:
    records, _, _ = await driver.execute_query(
        "MATCH (r:StsgraphResult) WHERE r.kind <> 'refresh' "
        "RETURN r.kind AS kind, count(*) AS n, collect(DISTINCT r.dataVersion) AS versions",
        database_=settings.neo4j_database)
    return {r["kind"]: (r["n"], r["versions"]) for r in records}


@pytest_asyncio.fixture
async def demo(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    await reload(driver, settings, Path(DEMO))
    return driver


async def test_refresh_stores_every_result_with_the_fingerprint(demo, settings) -> None:
    version = (await read_fingerprint(demo, settings.neo4j_database)).version
    report = await refresh(demo, present_year(), database=settings.neo4j_database)
    assert report.version == version > 0
    stored = await _stored(demo, settings)
    clusters, _, _ = await demo.execute_query("MATCH (c:Cluster) RETURN count(c) AS n",
                                              database_=settings.neo4j_database)
    assert stored[CLUSTER_SCORE] == (clusters[0]["n"], [version])
    assert set(stored) == set(REFRESH_KINDS.values())
    assert all(versions == [version] for _, versions in stored.values())
    assert report.written["centrality"] == 16 and report.written["communities"] == 2


async def test_stored_answers_equal_computed_ones_and_say_stored(demo, settings,
                                                                 editor: GraphQL) -> None:
    requests = _requests(await _province(demo, settings))
    computed = [_answer(editor, q, v) for q, v in requests]
    assert all(sources == {"COMPUTED_ON_REQUEST"} for _, sources in computed)
    await refresh(demo, present_year(), database=settings.neo4j_database)
    stored = [_answer(editor, q, v) for q, v in requests]
    assert all(sources == {"STORED"} for _, sources in stored), [s for _, s in stored]
    for (query, variables), (want, _), (got, _) in zip(requests, computed, stored, strict=True):
        assert _comparable(got, variables) == _comparable(want, variables), (query, variables)
    # a year not refreshed, a seed other than the stored one: computed
    assert _sources(editor, CLUSTERS, {"y": 2014}) == {"COMPUTED_ON_REQUEST"}
    assert _sources(editor, "{ communities(seed: 7) { index " + FRESH + " } }") == {
        "COMPUTED_ON_REQUEST"}


async def test_a_load_makes_every_result_stale(demo, settings, editor: GraphQL) -> None:
    await refresh(demo, present_year(), database=settings.neo4j_database)
    assert _sources(editor, CLUSTERS) == {"STORED"}
    await load_dataset(demo, FIXTURES / "tiny", database=settings.neo4j_database)
    status = editor.data(STATUS, {"y": present_year()})["analysisFreshness"]
    assert {s["kind"] for s in status} == set(REFRESH_KINDS.values())
    assert all(s["stale"] and s["staleResults"] == s["results"] for s in status)
    assert _sources(editor, CLUSTERS) == {"COMPUTED_ON_REQUEST"}
    for query, variables in _requests(await _province(demo, settings)):
        assert "STORED" not in _sources(editor, query, variables), (query, variables)


async def lone_agency(driver: AsyncDriver, settings: Settings) -> tuple[str, str]:
    """An agency whose only entity neighbours are its park (besides industries), in a
    park of exactly one cluster: a change to it can reach only that cluster's score."""
    records, _, _ = await driver.execute_query(
        "MATCH (a:Agency)-[:LOCATED_IN]->(p:Park)<-[:LOCATED_IN]-(c:Cluster) "
        "WHERE COUNT { (a)--(x:Entity) WHERE x <> p AND NOT x:Industry } = 0 "
        "  AND COUNT { (p)<-[:LOCATED_IN]-(:Cluster) } = 1 "
        "  AND NOT (a)-[:PROVIDES]->(:ServiceStage {code: 'finance'}) "
        "RETURN a.id AS agency, c.id AS cluster ORDER BY agency LIMIT 1",
        database_=settings.neo4j_database)
    assert records, "the demo has an agency with no partner in a one-cluster park"
    return str(records[0]["agency"]), str(records[0]["cluster"])


ADD_STAGE = """mutation($a: ID!) { addRelationship(input: {type: PROVIDES, sourceId: $a,
  targetId: "finance"}) { changed } }"""


async def test_a_one_cluster_change_makes_only_that_score_stale(demo, settings,
                                                                editor: GraphQL) -> None:
    year = present_year()
    await refresh(demo, year, database=settings.neo4j_database)
    before, _ = _answer(editor, CLUSTERS, {})
    agency, cluster = await lone_agency(demo, settings)
    assert editor.data(ADD_STAGE, {"a": agency})["addRelationship"]["changed"] == 1
    scores = {s["kind"]: s for s in editor.data(STATUS, {"y": year})["analysisFreshness"]}
    assert scores[CLUSTER_SCORE]["staleKeys"] == [cluster]
    assert scores[CLUSTER_SCORE]["staleResults"] == 1
    assert scores["pilot-candidates"]["stale"]  # rankings over the whole graph: all stale
    # the stale score is not served: the answer is computed, and the cluster's score moved
    after, sources = _answer(editor, CLUSTERS, {})
    assert sources == {"COMPUTED_ON_REQUEST"}
    assert {s["scope"]["id"] for s in after} == {s["scope"]["id"] for s in before}
    assert [s["scope"]["id"] for s in after if s not in before] == [cluster]
    # --stale-only recomputes that one cluster; the answer is stored again, equal to computed
    report = await refresh(demo, year, only=["cluster-scores"], stale_only=True,
                           database=settings.neo4j_database)
    assert report.written == {"cluster-scores": 1}
    again, sources = _answer(editor, CLUSTERS, {})
    assert sources == {"STORED"} and again == after


async def test_a_scoped_write_during_a_refresh_leaves_its_cluster_stale(
        demo, settings, editor: GraphQL) -> None:
    """The refresh writes results computed on the version it read first: a write after that
    read (here: between the read and the store) must not be hidden by them."""
    year = present_year()
    await refresh(demo, year, only=["cluster-scores"], database=settings.neo4j_database)
    agency, cluster = await lone_agency(demo, settings)
    old = (await read_fingerprint(demo, settings.neo4j_database)).version
    editor.data(ADD_STAGE, {"a": agency})
    # what a refresh that read `old` would store (the payload does not matter here)
    await write_results(demo, CLUSTER_SCORE, year, old, {cluster: {"stub": True}},
                        datetime.now(UTC), settings.neo4j_database)
    status = {s["kind"]: s for s in editor.data(STATUS, {"y": year})["analysisFreshness"]}
    assert status[CLUSTER_SCORE]["staleKeys"] == [cluster]
    assert _sources(editor, CLUSTERS) == {"COMPUTED_ON_REQUEST"}
