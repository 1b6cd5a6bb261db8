"""graph_as_of keeps what exists and holds in a year (DESIGN.md section 8), and the undated
rules say which records and items rest on a missing date."""

from __future__ import annotations

import networkx as nx
import pytest

from analysis.asof import (
    dated_link,
    exists_in,
    graph_as_of,
    holds_in,
    link_dated,
    node_undated,
    start_year,
)
from analysis.builder import GraphBuilder
from analysis.scope import resolve_scope
from analysis.undated import actor_undated, placement_undated, provision_undated, tie_undated
from tests.fixtures.dated_graph import dated_graph


@pytest.mark.parametrize(("attrs", "year", "exists"), [
    ({}, 1950, True),                                          # undated: always
    ({"foundedYear": 2013}, 2012, False),
    ({"foundedYear": 2013}, 2013, True),
    ({"foundedYear": 2005, "closedYear": 2012}, 2011, True),
    ({"foundedYear": 2005, "closedYear": 2012}, 2012, False),  # closedYear: first year gone
    ({"closedYear": 2012}, 1990, True),
    ({"approvedYear": 1991}, 1990, False),
    ({"year": 2014}, 2013, False),                             # a project's year
])
def test_an_entity_exists_from_its_start_year_until_its_closed_year(attrs, year, exists):
    assert exists_in(attrs, year) is exists


@pytest.mark.parametrize(("data", "year", "holds"), [
    ({}, 1950, True),
    ({"since": 2013}, 2012, False),
    ({"since": 2013, "until": 2014}, 2013, True),
    ({"since": 2013, "until": 2014}, 2014, False),             # until: first year it no longer holds
    ({"year": 2013}, 2012, False),                             # a link's year is its since
    ({"year": 2010, "since": 2013}, 2012, False),              # since wins over year
    ({"until": 2000}, 1999, True),
])
def test_a_relationship_holds_from_since_until_until(data, year, holds):
    assert holds_in(data, year) is holds


def test_start_year_reads_each_labels_property():
    assert [start_year(a) for a in ({"approvedYear": 1991}, {"establishedYear": 2010},
                                    {"foundedYear": 2000}, {"year": 2013}, {"name": "x"})] == [
        1991, 2010, 2000, 2013, None]


def test_graph_as_of_drops_what_does_not_exist_and_links_to_it():
    G = dated_graph()
    H = graph_as_of(G, 2012)
    assert "ag-test-old" not in H and "ag-test-new" not in H and "ag-tt-new" not in H
    assert "park-new" not in H and "cluster-new" not in H
    assert "ag-fin" in H and "ag-tt-old" in H               # undated / not yet closed
    assert H.has_edge("pf-ip", "park-a", "LOCATED_IN") and not H.has_edge("pf-ip", "park-b")
    assert H.has_edge("ag-member", "cluster-a", "MEMBER_OF")  # since 2012: holds
    assert not H.has_edge("ag-rd", "proj-1")                # the project is of 2013
    later = graph_as_of(G, 2014)
    assert later.has_edge("pf-ip", "park-b", "LOCATED_IN")
    assert not later.has_edge("pf-ip", "park-a", "LOCATED_IN")
    assert H.nodes["ag-rd"] == G.nodes["ag-rd"] and H.graph["asOf"] == 2012


def test_graph_as_of_copies_and_returns_a_graph_already_of_that_year():
    G = dated_graph()
    H = graph_as_of(G, 2013)
    H.nodes["ag-rd"]["name"] = "changed"
    H.remove_node("ag-fin")
    assert G.nodes["ag-rd"]["name"] == "ag-rd" and "ag-fin" in G
    assert graph_as_of(H, 2013) is H
    assert graph_as_of(H, 2014) is not H


def test_every_node_and_edge_of_the_year_is_one_the_rules_keep():
    G = dated_graph()
    for year in range(2009, 2017):
        H = graph_as_of(G, year)
        assert set(H) == {n for n, d in G.nodes(data=True) if exists_in(d, year)}
        kept = {(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                if u in H and v in H and holds_in(d, year)}
        assert set(H.edges(keys=True)) == kept


def _undated_graph() -> nx.MultiDiGraph:
    b = GraphBuilder().park("p", approvedYear=1990).cluster("c", parks=["p"],
                                                             establishedYear=2010)
    b.agency("dated", stages=["finance"], foundedYear=2000).link("dated", "LOCATED_IN", "p",
                                                                 since=2005)
    b.agency("no-start", stages=["finance"]).link("no-start", "LOCATED_IN", "p", since=2005)
    b.agency("no-since", "p", stages=["finance"], foundedYear=2000)
    b.agency("member", stages=["finance"], foundedYear=2000).link("member", "MEMBER_OF", "c",
                                                                  since=2011)
    b.agency("branch", foundedYear=2001, parent="dated")
    b.agency("unknown-branch", parent="dated")
    b.link("dated", "PARTNERS_WITH", "no-since")
    b.project("pr", year=2012, supporters=["dated", "member"])
    return b.build()


@pytest.mark.parametrize(("actor", "undated"), [
    ("dated", False), ("no-start", True), ("no-since", True), ("member", False)])
def test_an_actor_in_a_scope_is_undated_without_a_start_year_or_a_dated_placement(actor,
                                                                                   undated):
    G = _undated_graph()
    scope = resolve_scope(G, "c")
    assert actor_undated(G, scope, actor) is undated
    assert provision_undated(G, scope, actor, "finance") is undated  # PROVIDES follows it


def test_placement_in_a_park_scope_ignores_cluster_membership():
    G = _undated_graph()
    assert placement_undated(G, resolve_scope(G, "p"), "dated") is False
    assert placement_undated(G, resolve_scope(G, "c"), "member") is False


@pytest.mark.parametrize(("source", "target", "rel", "dated"), [
    ("dated", "p", "LOCATED_IN", True),
    ("no-since", "p", "LOCATED_IN", False),   # a location needs its own since
    ("branch", "dated", "BRANCH_OF", True),   # starts with its ends, both dated
    ("unknown-branch", "dated", "BRANCH_OF", False),
    ("dated", "no-since", "PARTNERS_WITH", False),  # a partnership needs its own year
    ("dated", "finance", "PROVIDES", True),
    ("no-start", "finance", "PROVIDES", False),
    ("dated", "pr", "SUPPORTS", False),       # the builder's SUPPORTS has no year
])
def test_which_links_are_dated(source, target, rel, dated):
    G = _undated_graph()
    assert dated_link(G, source, target, rel) is dated
    data = next(d for d in G[source][target].values() if d["type"] == rel)
    assert link_dated(G, source, target, data) is dated


@pytest.mark.parametrize(("a", "b", "undated"), [
    ("dated", "branch", False),          # BRANCH_OF between dated actors
    ("dated", "unknown-branch", True),
    ("dated", "no-since", True),         # a partnership without a year
    ("dated", "member", True),           # a shared project whose SUPPORTS have no year
])
def test_a_tie_is_dated_when_one_link_it_rests_on_is(a, b, undated):
    G = _undated_graph()
    assert tie_undated(G, a, b) is undated
    assert tie_undated(G, b, a) is undated


def test_a_shared_project_with_dated_supports_dates_the_tie():
    G = _undated_graph()
    for actor in ("dated", "member"):
        G.edges[actor, "pr", "SUPPORTS"]["year"] = 2012
    assert tie_undated(G, "dated", "member") is False


def test_node_undated_only_for_kinds_with_a_start_year():
    G = dated_graph()
    assert node_undated(G, "ag-fin") is True
    assert [node_undated(G, n) for n in ("ag-rd", "prov-a", "materials", "finance")] == [
        False, False, False, False]
