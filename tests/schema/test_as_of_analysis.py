"""`asOf` on every analysis field and the `timeline`, over HTTP on the dated graph of
tests/fixtures/dated_graph.py in Neo4j: each field answers differently for two years, as
the pure analysis does on the graph of that year; without `asOf` the present is read."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

import analysis
from analysis.asof import graph_as_of
from app.settings import Settings
from graph.repository import wipe_entities
from tests.fixtures.dated_graph import dated_graph, write_graph
from tests.schema.conftest import VIEWER_KEY, GraphQL, error_code

GAPS = """query($year: Int, $scope: ScopeInput = {parkId: "park-a"}) {
  serviceChainGaps(scope: $scope, chain: "default", asOf: $year) {
    stages { stage { code } status undatedCount providers { id } suggestions { actor { id } } }
    handoffs { status undated } } }"""
SCORE = """query($year: Int) {
  integrationScore(scope: {parkId: "park-a"}, chain: "default", actions: 0, asOf: $year) {
    score components { name value undatedCount } } }"""


@pytest_asyncio.fixture(scope="module")
async def dated(driver: AsyncDriver, settings: Settings) -> nx.MultiDiGraph:
    await wipe_entities(driver, settings.neo4j_database)
    G = dated_graph()
    await write_graph(driver, G, settings.neo4j_database)
    return G


def _stages(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["stage"]["code"]: s for s in report["stages"]}


def test_gap_report_as_of_two_years(editor: GraphQL, dated: nx.MultiDiGraph) -> None:
    for year, testing, suggested in ((2012, "MISSING", ["ag-tt-old"]),
                                     (2013, "THIN", []), (2014, "THIN", ["ag-tt-new"])):
        report = editor.data(GAPS, {"year": year})["serviceChainGaps"]
        stages = _stages(report)
        assert stages["testing_certification"]["status"] == testing
        assert [s["actor"]["id"] for s in stages["technology_transfer"]["suggestions"]] == \
            suggested
        assert stages["finance"]["undatedCount"] == 1          # ag-fin has no founding year
        pure = analysis.find_stage_gaps(graph_as_of(dated, year), "park-a", "default", 3)
        assert [(s["stage"]["code"], s["status"], s["undatedCount"]) for s in report["stages"]
                ] == [(s.stage.code, s.status.value, s.undated_count) for s in pure.stages]
        assert [(h["status"], h["undated"]) for h in report["handoffs"]] == [
            (h.status.value, h.undated) for h in pure.handoffs]


def test_without_as_of_the_present_is_read(editor: GraphQL, dated: nx.MultiDiGraph) -> None:
    stages = _stages(editor.data(GAPS)["serviceChainGaps"])
    assert [p["id"] for p in stages["testing_certification"]["providers"]] == ["ag-test-new"]
    assert stages["intellectual_property"]["status"] == "MISSING"   # pf-ip moved away
    assert [s["actor"]["id"] for s in stages["technology_transfer"]["suggestions"]] == [
        "ag-tt-new"]                                                  # never the closed one


def test_integration_score_as_of_two_years(editor: GraphQL, dated: nx.MultiDiGraph) -> None:
    scores = {}
    for year in (2012, 2013):
        served = editor.data(SCORE, {"year": year})["integrationScore"]
        pure = analysis.integration_score(graph_as_of(dated, year), "park-a", chain="default",
                                          actions=0)
        assert served["score"] == pure.score
        assert [(c["name"], c["undatedCount"]) for c in served["components"]] == [
            (c.name, c.undated_count) for c in pure.components]
        scores[year] = {c["name"]: c for c in served["components"]}
    assert scores[2012]["outcomes"]["value"] == 0 and scores[2013]["outcomes"]["value"] > 0
    assert scores[2013]["chain_coverage"]["undatedCount"] == 1


def test_cluster_scores_and_pilot_candidates_as_of(editor: GraphQL,
                                                   dated: nx.MultiDiGraph) -> None:
    query = """query($year: Int) { clusterScores(asOf: $year) { scope { id } score }
                                   pilotCandidates(asOf: $year) { park { id } undatedCount } }"""
    y13, y14 = (editor.data(query, {"year": y}) for y in (2013, 2014))
    assert [c["scope"]["id"] for c in y13["clusterScores"]] == ["cluster-a"]
    assert sorted(c["scope"]["id"] for c in y14["clusterScores"]) == ["cluster-a",
                                                                      "cluster-new"]
    assert [p["park"]["id"] for p in y13["pilotCandidates"]] == ["park-a"]
    assert sorted(p["park"]["id"] for p in y14["pilotCandidates"]) == ["park-a", "park-new"]
    assert y13["pilotCandidates"][0]["undatedCount"] == 1
    again = editor.data(query, {"year": 2013})        # the cached whole graph is per year
    assert again == y13


def test_network_measures_as_of(editor: GraphQL, dated: nx.MultiDiGraph) -> None:
    query = """query($year: Int) {
      centrality(first: 50, asOf: $year) { actor { id } undatedCount }
      communities(scope: {parkId: "park-a"}, minSize: 1, asOf: $year) { members { id } }
      brokers(scope: {parkId: "park-a"}, chain: "default", asOf: $year) {
        actor { id } stages undatedCount } }"""
    y12, y13 = (editor.data(query, {"year": y}) for y in (2012, 2013))
    central12 = {e["actor"]["id"] for e in y12["centrality"]}
    central13 = {e["actor"]["id"]: e["undatedCount"] for e in y13["centrality"]}
    assert "ag-test-new" not in central12 and "ag-test-new" in central13
    G13 = graph_as_of(dated, 2013)
    assert central13 == {a: analysis.undated_ties_of(G13, a) for a in central13}

    def together(result: dict[str, Any]) -> bool:
        return any({"ag-rd", "ag-test-new"} <= {m["id"] for m in c["members"]}
                   for c in result["communities"])

    assert not together(y12) and together(y13)
    rd = {y: next(b for b in r["brokers"] if b["actor"]["id"] == "ag-rd")
          for y, r in ((2012, y12), (2013, y13))}
    pure = {y: next(b for b in analysis.brokers(graph_as_of(dated, y), "park-a", "default")
                    if b.actor.id == "ag-rd") for y in (2012, 2013)}
    assert ("research_development", "testing_certification") in pure[2013].bridges
    assert ("research_development", "testing_certification") not in pure[2012].bridges
    assert all(rd[y]["stages"] == list(pure[y].stages) for y in rd)


def test_what_if_as_of(editor: GraphQL, dated: nx.MultiDiGraph) -> None:
    query = """query($year: Int) { whatIf(scope: {parkId: "park-a"}, chain: "default",
      asOf: $year, changes: [{op: ADD_PROVISION, id: "ag-rd", stage: "testing_certification"}])
      { stageChanges { stage before after } } }"""
    assert editor.data(query, {"year": 2012})["whatIf"]["stageChanges"] == [
        {"stage": "testing_certification", "before": "MISSING", "after": "THIN"}]
    assert editor.data(query, {"year": 2013})["whatIf"]["stageChanges"] == [
        {"stage": "testing_certification", "before": "THIN", "after": "COVERED"}]


def test_plan_progress_counts_the_graph_of_its_year(editor: GraphQL,
                                                    dated: nx.MultiDiGraph) -> None:
    query = """query($year: Int!) { planProgress(year: $year) { target actual undatedCount
        byYear { year actual } } }"""
    attracted = {}
    for year in (2011, 2012, 2013, 2014):
        rows = {r["target"]: r for r in editor.data(query, {"year": year})["planProgress"]}
        attracted[year] = (rows["agencies_attracted"]["actual"],
                           rows["agencies_attracted"]["undatedCount"])
    # arrivals during the plan: ag-member (2012, location undated), ag-tt-new (2014)
    assert attracted == {2011: (0, 0), 2012: (1, 1), 2013: (1, 1), 2014: (2, 1)}
    by_year = rows["agencies_attracted"]["byYear"]   # 2014's answer carries every year
    assert [(y["year"], y["actual"]) for y in by_year] == [
        (y, actual) for y, (actual, _) in attracted.items()]


TIMELINE = """query($from: Int!, $to: Int!, $scope: ScopeInput = {parkId: "park-a"}) {
  timeline(scope: $scope, from: $from, to: $to, chain: "default") {
    scope { id } chain from to
    years { year exists score { score components { name undatedCount } }
            stages { stage { code } status undatedCount } handoffs { status } } } }"""


def test_timeline_rows_equal_the_single_year_fields(editor: GraphQL,
                                                    dated: nx.MultiDiGraph) -> None:
    body = editor(TIMELINE, {"from": 2010, "to": 2015})
    assert not body.get("errors"), body["errors"]
    assert body["extensions"]["cypherRoundTrips"] <= 4       # one read of the history
    result = body["data"]["timeline"]
    assert (result["scope"]["id"], result["chain"], result["from"], result["to"]) == (
        "park-a", "default", 2010, 2015)
    statuses = [_stages(y)["testing_certification"]["status"] for y in result["years"]]
    assert statuses == ["THIN", "THIN", "MISSING", "THIN", "THIN", "THIN"]
    for row in result["years"]:
        gaps = editor.data(GAPS, {"year": row["year"]})["serviceChainGaps"]
        score = editor.data(SCORE, {"year": row["year"]})["integrationScore"]
        assert [(s["stage"]["code"], s["status"], s["undatedCount"]) for s in row["stages"]] \
            == [(s["stage"]["code"], s["status"], s["undatedCount"]) for s in gaps["stages"]]
        assert [h["status"] for h in row["handoffs"]] == [h["status"] for h in gaps["handoffs"]]
        assert row["score"]["score"] == score["score"]


def test_timeline_marks_years_before_the_scope_existed(editor: GraphQL,
                                                       dated: nx.MultiDiGraph) -> None:
    years = editor.data(TIMELINE, {"from": 2012, "to": 2015, "scope": {"parkId": "park-new"}}
                        )["timeline"]["years"]
    assert [(y["year"], y["exists"], y["score"] is None, len(y["stages"])) for y in years] == [
        (2012, False, True, 0), (2013, False, True, 0), (2014, True, False, 9),
        (2015, True, False, 9)]


@pytest.mark.parametrize(("query", "variables", "code", "argument"), [
    (GAPS, {"year": 1900}, "BAD_USER_INPUT", "asOf"),
    (SCORE, {"year": 2101}, "BAD_USER_INPUT", "asOf"),
    ('{ centrality(asOf: 1800) { rank } }', None, "BAD_USER_INPUT", "asOf"),
    (TIMELINE, {"from": 2015, "to": 2010}, "BAD_USER_INPUT", "from"),
    (TIMELINE, {"from": 1960, "to": 2010}, "BAD_USER_INPUT", "to"),
    (TIMELINE, {"from": 1900, "to": 1910}, "BAD_USER_INPUT", "from"),
    (TIMELINE, {"from": 2010, "to": 2200}, "BAD_USER_INPUT", "to"),
    (GAPS, {"year": 2013, "scope": {"parkId": "park-new"}}, "NOT_FOUND", None),
    (TIMELINE, {"from": 2010, "to": 2012, "scope": {"parkId": "nowhere"}}, "NOT_FOUND", None),
    (TIMELINE, {"from": 2010, "to": 2012, "scope": {"parkId": "cluster-a"}}, "BAD_USER_INPUT",
     None),
])
def test_bad_years_and_scopes_get_coded_errors(editor: GraphQL, dated: nx.MultiDiGraph,
                                               query: str, variables: dict[str, Any] | None,
                                               code: str, argument: str | None) -> None:
    error = editor.error(query, variables)
    assert error_code(error) == code, error
    if argument is not None:
        assert error["extensions"]["argument"] == argument


def test_timeline_needs_the_planner_role(editor: GraphQL, gql: GraphQL,
                                         dated: nx.MultiDiGraph) -> None:
    variables = {"from": 2010, "to": 2011}
    viewer = GraphQL(editor.client, {"X-API-Key": VIEWER_KEY})
    assert error_code(viewer(TIMELINE, variables)["errors"][0]) == "FORBIDDEN"
    assert error_code(gql(TIMELINE, variables)["errors"][0]) == "UNAUTHENTICATED"
