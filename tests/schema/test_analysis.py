"""Analysis fields over HTTP on the demo dataset in Neo4j: the same answers as the pure
functions on a whole-graph projection, the demo's documented findings, and what-if writes
nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

import analysis
from app.settings import PROJECT_ROOT, Settings
from graph.projections import project_scope, project_whole
from graph.repository import graph_counts
from graph.time import present_year
from tests.schema.conftest import GraphQL, error_code, reload

DEMO = PROJECT_ROOT / "data" / "demo"

GAPS = """query($scope: ScopeInput!, $chain: String) {
  serviceChainGaps(scope: $scope, chain: $chain, suggestions: 3) {
    scope { id } chain
    stages { stage { code } status supporting providers { id } matchedProviders { id }
             suggestions { actor { id } reasons } }
    handoffs { from { code } to { code } status }
  }
}"""


@pytest_asyncio.fixture(scope="module")
async def demo(driver: AsyncDriver, settings: Settings) -> nx.MultiDiGraph:
    """The demo dataset in Neo4j, and its whole-graph projection of the present (what the
    fields read without `asOf`) for the pure functions."""
    await reload(driver, settings, Path(DEMO))
    return await project_whole(driver, settings.neo4j_database, as_of=present_year())


def _gap_summary(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "chain": report["chain"],
        "stages": [(s["stage"]["code"], s["status"], sorted(p["id"] for p in s["providers"]),
                    sorted(p["id"] for p in s["matchedProviders"])) for s in report["stages"]],
        "handoffs": [(h["from"]["code"], h["to"]["code"], h["status"])
                     for h in report["handoffs"]],
    }


def _pure_summary(report: analysis.GapReport) -> dict[str, Any]:
    data = report.to_dict()
    return {
        "chain": data["chain"],
        "stages": [(s["stage"]["code"], s["status"], sorted(p["id"] for p in s["providers"]),
                    sorted(p["id"] for p in s["matchedProviders"])) for s in data["stages"]],
        "handoffs": [(h["from"]["code"], h["to"]["code"], h["status"])
                     for h in data["handoffs"]],
    }


SCOPES = [
    ({"parkId": "park-benxi"}, "park-benxi"),
    ({"parkId": "park-wuxi"}, "park-wuxi"),
    ({"parkId": "park-wenzhou"}, "park-wenzhou"),
    ({"parkId": "park-weifang"}, "park-weifang"),
    ({"parkId": "park-zhongguancun"}, "park-zhongguancun"),
    ({"clusterId": "cluster-benxi-pharmaceuticals"}, "cluster-benxi-pharmaceuticals"),
    ({"regionId": "region-liaoning"}, "region-liaoning"),
]


@pytest.mark.parametrize(("scope", "scope_id"), SCOPES)
def test_gaps_over_graphql_equal_the_pure_function(editor: GraphQL, demo: nx.MultiDiGraph,
                                                   scope: dict[str, str], scope_id: str) -> None:
    served = editor.data(GAPS, {"scope": scope})["serviceChainGaps"]
    assert served["scope"]["id"] == scope_id
    assert _gap_summary(served) == _pure_summary(analysis.find_stage_gaps(demo, scope_id))


@pytest.mark.parametrize(("park", "stage", "status"), [
    ("park-benxi", "testing_certification", "MISSING"),
    ("park-wuxi", "intellectual_property", "THIN"),
    ("park-wenzhou", "intellectual_property", "MISMATCHED"),
    ("park-zhongguancun", "finance", "COVERED"),
])
def test_demo_findings(editor: GraphQL, demo: nx.MultiDiGraph, park: str, stage: str,
                       status: str) -> None:
    report = editor.data(GAPS, {"scope": {"parkId": park}, "chain": "default"})
    stages = {s["stage"]["code"]: s for s in report["serviceChainGaps"]["stages"]}
    assert stages[stage]["status"] == status
    if status != "COVERED":
        assert stages[stage]["suggestions"], "a gap comes with suggestions"
        assert all(s["reasons"] for s in stages[stage]["suggestions"])


def test_missing_stage_makes_neighbouring_handoffs_unknown(editor: GraphQL,
                                                           demo: nx.MultiDiGraph) -> None:
    report = editor.data(GAPS, {"scope": {"parkId": "park-benxi"}, "chain": "default"})
    handoffs = {(h["from"]["code"], h["to"]["code"]): h["status"]
                for h in report["serviceChainGaps"]["handoffs"]}
    assert handoffs[("research_development", "testing_certification")] == "UNKNOWN"
    assert handoffs[("testing_certification", "intellectual_property")] == "UNKNOWN"


def test_suggestions_match_the_pure_ranking_on_the_whole_graph(editor: GraphQL,
                                                               demo: nx.MultiDiGraph) -> None:
    served = editor.data(GAPS, {"scope": {"parkId": "park-benxi"}, "chain": "default"})
    pure = analysis.find_stage_gaps(demo, "park-benxi", "default", 3)
    served_ids = {s["stage"]["code"]: [x["actor"]["id"] for x in s["suggestions"]]
                  for s in served["serviceChainGaps"]["stages"]}
    pure_ids = {s.stage.code: [x.actor.id for x in s.suggestions] for s in pure.stages}
    assert served_ids == pure_ids


def test_integration_score_equals_pure_and_components_add_up(editor: GraphQL,
                                                             demo: nx.MultiDiGraph) -> None:
    served = editor.data("""{ integrationScore(scope: {clusterId: "cluster-wuxi-smart-sensing"}) {
        score chain components { name value weight contribution } actions { description gain } } }""")
    score = served["integrationScore"]
    pure = analysis.integration_score(demo, "cluster-wuxi-smart-sensing", actions=0)
    assert score["score"] == pure.score
    assert [c["name"] for c in score["components"]] == [c.name for c in pure.components]
    assert sum(c["weight"] for c in score["components"]) == pytest.approx(1.0)
    assert sum(c["contribution"] for c in score["components"]) == pytest.approx(score["score"],
                                                                                abs=0.05)
    assert all(0 <= c["value"] <= 1 for c in score["components"])
    assert all(a["gain"] > 0 for a in score["actions"])


def test_cluster_scores_rank_all_ten_clusters(editor: GraphQL, demo: nx.MultiDiGraph) -> None:
    rows = editor.data("{ clusterScores(first: 50) { scope { id } score } }")["clusterScores"]
    assert len(rows) == 10
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    pure = analysis.cluster_scores(demo)
    assert [(r["scope"]["id"], r["score"]) for r in rows] == [(s.scope.id, s.score) for s in pure]
    ascending = editor.data("{ clusterScores(orderBy: SCORE_ASC) { score } }")["clusterScores"]
    assert [r["score"] for r in ascending] == sorted(r["score"] for r in rows)


def test_plan_progress_lists_the_nine_targets(editor: GraphQL, demo: nx.MultiDiGraph) -> None:
    rows = editor.data("{ planProgress(year: 2015) { target goal comparison actual ratio met "
                       "missing { code } } }")
    targets = rows["planProgress"]
    assert [t["target"] for t in targets] == [t.id for t in analysis.TARGETS]
    for t in targets:
        if t["actual"] is not None:
            assert t["ratio"] == pytest.approx(t["actual"] / t["goal"])
    turnover = next(t for t in targets if t["target"] == "tech_contract_turnover")
    # the official 2015 figure of the demo's indicators (9,835亿 CNY), not a sum of projects
    assert (turnover["actual"], turnover["met"], turnover["missing"]) == (983_500, True, None)


def test_funding_match_flags_the_non_compliant_province(editor: GraphQL,
                                                        demo: nx.MultiDiGraph) -> None:
    rows = editor.data("{ fundingMatch(year: 2013) { province { id } park { id } ratio "
                       "compliant } }")["fundingMatch"]
    by_province = {r["province"]["id"]: r for r in rows}
    assert by_province["region-shaanxi"]["compliant"] is False
    assert by_province["region-shaanxi"]["ratio"] == pytest.approx(1.25, abs=0.01)
    assert {r["park"] is None for r in rows} == {True}  # the deprecated per-park field


def test_pilot_candidates_exclude_pilots_and_show_components(editor: GraphQL,
                                                             demo: nx.MultiDiGraph) -> None:
    rows = editor.data("""{ pilotCandidates(first: 5) { park { id } rank score foundation
        demonstration distinctiveness } }""")["pilotCandidates"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    pilots = {n for n, d in demo.nodes(data=True) if d.get("label") == "Park" and d.get("pilot")}
    assert not pilots & {r["park"]["id"] for r in rows}
    assert [r["park"]["id"] for r in rows] == [
        p.park.id for p in analysis.pilot_candidates(demo, 5)]


@pytest.mark.parametrize("metric", ["DEGREE", "BETWEENNESS", "PAGERANK", "EIGENVECTOR"])
def test_centrality_equals_pure(editor: GraphQL, demo: nx.MultiDiGraph, metric: str) -> None:
    rows = editor.data(f"{{ centrality(metric: {metric}, first: 5) {{ actor {{ id }} value rank }} }}")
    pure = analysis.centrality(demo, None, metric.lower(), 5)
    assert [(r["actor"]["id"], r["rank"]) for r in rows["centrality"]] == [
        (e.actor.id, e.rank) for e in pure]


@pytest.mark.parametrize(("kind", "label"), [("AGENCY", "Agency"), ("PLATFORM", "Platform"),
                                             ("TALENT_TEAM", "TalentTeam")])
def test_centrality_of_one_actor_kind(editor: GraphQL, demo: nx.MultiDiGraph, kind: str,
                                      label: str) -> None:
    """`kind` is an ActorKind: the label in UPPER_CASE."""
    rows = editor.data(f"{{ centrality(kind: {kind}, first: 5) {{ actor {{ id label }} }} }}")
    pure = analysis.centrality(demo, label, "degree", 5)
    assert [r["actor"]["id"] for r in rows["centrality"]] == [e.actor.id for e in pure]
    assert {r["actor"]["label"] for r in rows["centrality"]} <= {label}


@pytest.mark.parametrize("kind", ["PARK", "Agency", '"Agency"'])
def test_centrality_of_another_kind_is_a_validation_error(editor: GraphQL, kind: str) -> None:
    body = editor(f"{{ centrality(kind: {kind}) {{ rank }} }}")
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ActorKind" in body["errors"][0]["message"]


def test_communities_are_deterministic(editor: GraphQL, demo: nx.MultiDiGraph) -> None:
    query = '{ communities(scope: {parkId: "park-zhongguancun"}) { index size members { id } } }'
    first, second = editor.data(query), editor.data(query)
    assert first == second
    assert first["communities"] and all(c["size"] >= 2 for c in first["communities"])


WHAT_IF = """{ whatIf(scope: {parkId: "park-benxi"}, chain: "default", changes: [
  {op: ADD_ACTOR, label: "Agency", id: "hypothetical-lab", name: "Benxi Testing Lab",
   kind: "testing", parkId: "park-benxi", stages: ["testing_certification"],
   industries: ["industry-pharmaceuticals"]}]) {
  delta beforeScore { score } afterScore { score } stageChanges { stage before after } } }"""


async def test_what_if_fills_the_gap_and_writes_nothing(editor: GraphQL, demo: nx.MultiDiGraph,
                                                        driver: AsyncDriver,
                                                        settings: Settings) -> None:
    before = await graph_counts(driver, settings.neo4j_database)
    result = editor.data(WHAT_IF)["whatIf"]
    after = await graph_counts(driver, settings.neo4j_database)
    assert before == after
    assert result["stageChanges"] == [
        {"stage": "testing_certification", "before": "MISSING", "after": "THIN"}]
    assert result["afterScore"]["score"] > result["beforeScore"]["score"]
    assert result["delta"] == pytest.approx(
        result["afterScore"]["score"] - result["beforeScore"]["score"], abs=0.01)


@pytest.mark.parametrize(("query", "code"), [
    ('{ serviceChainGaps(scope: {parkId: "no-such-park"}) { chain } }', "NOT_FOUND"),
    ('{ serviceChainGaps(scope: {parkId: "cluster-benxi-pharmaceuticals"}) { chain } }',
     "BAD_USER_INPUT"),
    ('{ serviceChainGaps(scope: {parkId: "park-benxi"}, chain: "nope") { chain } }',
     "BAD_USER_INPUT"),
    ('{ serviceChainGaps(scope: {parkId: "park-benxi"}, suggestions: 1000) { chain } }',
     "BAD_USER_INPUT"),
    ('{ integrationScore(scope: {parkId: "park-benxi"}, weights: {bogus: 1}) { score } }',
     "BAD_USER_INPUT"),
    ('{ planProgress(year: 1) { target } }', "BAD_USER_INPUT"),
    ('{ pilotCandidates(first: 100000) { rank } }', "BAD_USER_INPUT"),
    ('{ whatIf(scope: {parkId: "park-benxi"}, changes: [{op: REMOVE_ACTOR, id: "nobody"}]) '
     '{ delta } }', "BAD_USER_INPUT"),
])
def test_bad_analysis_input_gets_a_coded_error(editor: GraphQL, demo: nx.MultiDiGraph,
                                               query: str, code: str) -> None:
    assert error_code(editor.error(query)) == code


async def test_scope_projection_is_bounded_and_scope_sized(demo: nx.MultiDiGraph,
                                                           driver: AsyncDriver,
                                                           settings: Settings) -> None:
    G = await project_scope(driver, "park-benxi", database=settings.neo4j_database)
    assert G.graph["queries"] <= 7
    assert G.number_of_nodes() < demo.number_of_nodes() / 2
    assert "park-benxi" in G and G.nodes["park-benxi"]["label"] == "Park"


BILINGUAL = """query($scope: ScopeInput!) {
  serviceChainGaps(scope: $scope, chain: "default", suggestions: 2) {
    stages { status statusLabel statusLabelZh suggestions { reasons reasonsZh } }
    handoffs { status statusLabel statusLabelZh }
  }
  integrationScore(scope: $scope, actions: 2) {
    components { name label labelZh } actions { description descriptionZh }
  }
  planProgress(year: 2015) { target label labelZh }
}"""


def test_every_code_comes_with_english_and_chinese_words(editor: GraphQL,
                                                         demo: nx.MultiDiGraph) -> None:
    data = editor.data(BILINGUAL, {"scope": {"parkId": "park-benxi"}})
    stages = data["serviceChainGaps"]["stages"]
    missing = next(s for s in stages if s["status"] == "MISSING")
    assert (missing["statusLabel"], missing["statusLabelZh"]) == \
        ("Missing: no provider in scope", "缺失：范围内无服务提供方")
    suggestion = missing["suggestions"][0]
    assert len(suggestion["reasons"]) == len(suggestion["reasonsZh"])
    assert suggestion["reasons"][0].startswith(("same province", "other province"))
    assert suggestion["reasonsZh"][0].startswith(("同省（", "外省（"))
    assert all(h["statusLabelZh"] for h in data["serviceChainGaps"]["handoffs"])
    components = {c["name"]: c for c in data["integrationScore"]["components"]}
    assert components["chain_coverage"]["labelZh"] == "服务链覆盖度"
    assert components["chain_coverage"]["label"] == "Chain coverage"
    for action in data["integrationScore"]["actions"]:
        assert action["description"] != action["descriptionZh"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in action["descriptionZh"])
    targets = {t["target"]: t for t in data["planProgress"]}
    assert targets["new_platforms"]["labelZh"] == "试点地区新建的科技创新公共服务平台"
