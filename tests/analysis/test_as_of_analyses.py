"""Every analysis on the graph of a year (graph_as_of) gives results that change between
years for the reasons tests/fixtures/dated_graph.py describes, and reports what is undated."""

from __future__ import annotations

import networkx as nx
import pytest

import analysis
from analysis.asof import graph_as_of
from tests.fixtures.dated_graph import dated_graph


@pytest.fixture(scope="module")
def history() -> nx.MultiDiGraph:
    return dated_graph()


def _statuses(G: nx.MultiDiGraph, scope: str = "park-a") -> dict[str, str]:
    report = analysis.find_stage_gaps(G, scope, "default", 0)
    return {s.stage.code: s.status.value for s in report.stages}


@pytest.mark.parametrize(("year", "testing", "ip"), [
    (2011, "THIN", "THIN"),      # ag-test-old
    (2012, "MISSING", "THIN"),   # ag-test-old closed in 2012, ag-test-new not yet founded
    (2013, "THIN", "THIN"),      # ag-test-new
    (2014, "THIN", "MISSING"),   # pf-ip moved to Park B
])
def test_stage_statuses_follow_foundings_closures_and_moves(history, year, testing, ip):
    statuses = _statuses(graph_as_of(history, year))
    assert (statuses["testing_certification"], statuses["intellectual_property"]) == (testing,
                                                                                      ip)


def test_a_handoff_connects_from_the_year_the_partnership_began(history):
    def first_handoff(year: int) -> str:
        report = analysis.find_stage_gaps(graph_as_of(history, year), "park-a", "default", 0)
        return report.handoffs[0].status.value      # research_development -> testing

    assert [first_handoff(y) for y in (2011, 2012, 2013)] == ["BROKEN", "UNKNOWN", "CONNECTED"]


@pytest.mark.parametrize(("year", "suggested"), [
    (2012, ["ag-tt-old"]),     # ag-tt-new not founded yet
    (2013, []),                # ag-tt-old closed in 2013, ag-tt-new founded in 2014
    (2014, ["ag-tt-new"]),
])
def test_only_actors_existing_that_year_are_suggested(history, year, suggested):
    report = analysis.find_stage_gaps(graph_as_of(history, year), "park-a", "default", 3)
    stage = report.stage("technology_transfer")
    assert stage.status.value == "MISSING"
    assert [s.actor.id for s in stage.suggestions] == suggested


def test_undated_providers_are_counted_not_guessed(history):
    for year in (1995, 2012, 2030):
        report = analysis.find_stage_gaps(graph_as_of(history, year), "park-a", "default", 0)
        finance = report.stage("finance")
        assert [p.id for p in finance.providers] == ["ag-fin"]  # no founding year: counted
        assert finance.undated_count == 1
        assert all(s.undated_count == 0 for s in report.stages if s.stage.code != "finance")


def test_cluster_scope_members_join_when_their_membership_begins(history):
    assert _statuses(graph_as_of(history, 2011), "cluster-a")["consulting"] == "MISSING"
    assert _statuses(graph_as_of(history, 2012), "cluster-a")["consulting"] == "THIN"
    with pytest.raises(analysis.ScopeError):   # established in 2010
        analysis.find_stage_gaps(graph_as_of(history, 2009), "cluster-a")


def test_integration_score_changes_with_the_year_and_counts_undated_items(history):
    s12 = analysis.integration_score(graph_as_of(history, 2012), "park-a", chain="default",
                                     actions=0)
    s13 = analysis.integration_score(graph_as_of(history, 2013), "park-a", chain="default",
                                     actions=0)
    assert s13.score > s12.score
    assert s12.component("outcomes").value == 0.0 and s13.component("outcomes").value > 0
    assert s12.component("handoff_connectivity").value == 0.0
    assert s13.component("handoff_connectivity").value == pytest.approx(1 / 5)
    assert s13.component("chain_coverage").undated_count == 1     # ag-fin's finance
    assert s13.component("outcomes").undated_count == 0           # proj-1 is dated
    undated = graph_as_of(history, 2013)
    undated.nodes["proj-1"].pop("year")
    for _, _, data in undated.in_edges("park-a", data=True):
        data.pop("year", None)
    s = analysis.integration_score(undated, "park-a", chain="default", actions=0)
    assert s.component("outcomes").undated_count == 1
    assert s.component("outcomes").value == s13.component("outcomes").value


def test_cluster_scores_list_the_clusters_of_the_year(history):
    def ids(year: int) -> list[str]:
        return sorted(s.scope.id for s in analysis.cluster_scores(graph_as_of(history, year)))

    assert ids(2009) == []
    assert ids(2013) == ["cluster-a"]
    assert ids(2014) == ["cluster-a", "cluster-new"]


def test_pilot_candidates_are_the_non_pilot_parks_of_the_year(history):
    def parks(year: int) -> list[str]:
        return [c.park.id for c in analysis.pilot_candidates(graph_as_of(history, year), None)]

    assert parks(2013) == ["park-a"]
    assert sorted(parks(2014)) == ["park-a", "park-new"]
    park_a = analysis.pilot_candidates(graph_as_of(history, 2013), None)[0]
    assert park_a.details["actors"] == 5      # ag-rd, ag-test-new, pf-ip, tm-inc, ag-fin
    assert park_a.undated_count == 1 and park_a.details["undatedActors"] == 1   # ag-fin


def test_centrality_sees_only_the_actors_and_ties_of_the_year(history):
    def degree(year: int) -> dict[str, float]:
        return {e.actor.id: e.value
                for e in analysis.centrality(graph_as_of(history, year), first=50)}

    assert "ag-test-new" not in degree(2012) and "ag-test-old" in degree(2011)
    assert degree(2013)["ag-test-new"] > 0
    assert degree(2013)["ag-rd"] > degree(2012)["ag-rd"]


def test_communities_regroup_as_ties_begin(history):
    def together(year: int) -> bool:
        found = analysis.communities(graph_as_of(history, year), "park-a", min_size=1)
        return any({"ag-rd", "ag-test-new"} <= {m.id for m in c.members} for c in found)

    assert not together(2012) and together(2013)


def test_brokers_bridge_new_stages_when_partners_arrive(history):
    def bridges(year: int) -> set[tuple[str, str]]:
        found = analysis.brokers(graph_as_of(history, year), "park-a", "default")
        return {pair for b in found if b.actor.id == "ag-rd" for pair in b.bridges}

    assert ("research_development", "testing_certification") not in bridges(2012)
    assert ("research_development", "testing_certification") in bridges(2013)
    assert ("research_development", "incubation") in bridges(2012)


@pytest.mark.parametrize(("year", "before", "after"), [(2012, "MISSING", "THIN"),
                                                       (2013, "THIN", "COVERED")])
def test_what_if_starts_from_the_graph_of_the_year(history, year, before, after):
    change = {"op": "add_provision", "id": "ag-rd", "stage": "testing_certification"}
    result = analysis.what_if(graph_as_of(history, year), [change], "park-a", "default")
    assert result.stage_changes == (("testing_certification", before, after),)


@pytest.mark.parametrize(("year", "attracted", "stock", "undated"), [
    (2011, 0, 1, 0),   # ag-tt-old is there (the stock) but arrived before the plan
    (2012, 1, 2, 1),   # + ag-member (founded 2012, location without since: undated)
    (2013, 1, 1, 1),   # ag-tt-old closed
    (2014, 2, 2, 1),   # + ag-tt-new
])
def test_plan_progress_counts_the_graph_of_the_year(history, year, attracted, stock, undated):
    G = history.copy()
    G.nodes["proj-1"]["program"] = "national_major"
    rows = {r.target: r for r in analysis.plan_progress(G, year)}
    assert rows["agencies_attracted"].actual == attracted
    assert rows["agencies_attracted"].alternative == stock
    assert rows["agencies_attracted"].undated_count == undated
    assert rows["projects_landed"].actual == (1 if year >= 2013 else 0)
    assert rows["projects_landed"].undated_count == 0
