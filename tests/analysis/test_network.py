from __future__ import annotations

import pytest

from analysis.builder import GraphBuilder
from analysis.network import brokered_stages, brokers, centrality, communities, pagerank


def star():
    """hub partners with four leaves; one leaf is a platform."""
    b = GraphBuilder().park("p")
    b.agency("hub", "p")
    for leaf in ("l1", "l2", "l3"):
        b.agency(leaf, "p").link("hub", "PARTNERS_WITH", leaf)
    b.platform("l4", "p").link("l4", "PARTNERS_WITH", "hub")
    return b.build()


@pytest.mark.parametrize(("metric", "hub", "leaf"), [
    ("degree", 1.0, 0.25),
    ("betweenness", 1.0, 0.0),
    ("eigenvector", 0.7071, 0.3536),
    ("pagerank", 0.4757, 0.1311),  # h = 0.03 + 3.4 l, l = 0.03 + 0.2125 h
])
def test_centrality_of_a_star(metric, hub, leaf):
    entries = centrality(star(), metric=metric, first=10)
    assert [e.actor.id for e in entries] == ["hub", "l1", "l2", "l3", "l4"]
    assert round(entries[0].value, 4) == hub
    assert {round(e.value, 4) for e in entries[1:]} == {leaf}
    assert [e.rank for e in entries] == [1, 2, 3, 4, 5]


def test_centrality_filters_by_label_after_computing_over_everyone():
    [entry] = centrality(star(), label="Platform", metric="degree")
    assert (entry.actor.id, entry.value, entry.rank) == ("l4", 0.25, 1)
    assert [e.actor.id for e in centrality(star(), first=2)] == ["hub", "l1"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"metric": "closeness"}, "unknown metric"),
    ({"label": "Park"}, "unknown actor label"),
    ({"first": -1}, "first must be >= 0"),
])
def test_centrality_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        centrality(star(), **kwargs)


def test_centrality_of_an_empty_graph_is_empty():
    assert centrality(GraphBuilder().park("p").build()) == []


def test_pagerank_sums_to_one_and_handles_isolated_nodes():
    import networkx as nx

    C = nx.Graph()
    C.add_edge("a", "b", weight=1.0)
    C.add_node("c")
    ranks = pagerank(C)
    assert round(sum(ranks.values()), 9) == 1.0
    assert ranks["a"] == pytest.approx(ranks["b"])
    assert ranks["c"] < ranks["a"]


def two_cliques():
    b = GraphBuilder().park("p")
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    for group in (left, right):
        for node in group:
            b.agency(node, "p", ["finance"] if group is left else ["incubation"])
        for i, u in enumerate(group):
            for v in group[i + 1:]:
                b.link(u, "PARTNERS_WITH", v)
    b.link("a1", "PARTNERS_WITH", "b1")
    b.agency("alone", "p")
    return b.build()


@pytest.mark.parametrize("algorithm", ["louvain", "label_propagation"])
def test_communities_split_two_cliques(algorithm):
    found = communities(two_cliques(), algorithm=algorithm)
    assert [[m.id for m in c.members] for c in found] == [
        ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"], ["alone"]]
    assert [c.index for c in found] == [0, 1, 2]
    assert found[0].stages == ("finance",)
    assert found[0].to_dict()["labels"] == {"Agency": 4}


def test_communities_are_deterministic_and_scoped(example):
    first = [c.to_dict() for c in communities(example, "cluster-a", seed=7)]
    again = [c.to_dict() for c in communities(example, "cluster-a", seed=7)]
    assert first == again
    members = {m["id"] for c in first for m in c["members"]}
    assert members == {"ag-ip", "ag-rd", "ag-test", "ag-vc", "pf-info", "pf-test", "tm-inc"}
    assert [c.size for c in communities(two_cliques(), min_size=2)] == [4, 4]


def test_unknown_community_algorithm_is_rejected():
    with pytest.raises(ValueError, match="unknown algorithm"):
        communities(two_cliques(), algorithm="girvan_newman")


def test_brokers_of_the_worked_example(example):
    found = brokers(example, "cluster-a")
    summary = [(b.actor.id, b.role, b.bridges, [p.id for p in b.external_partners])
               for b in found]
    assert summary == [
        ("ag-rd", "bridge", (("research_development", "incubation"),
                             ("research_development", "testing_certification")), []),
        ("ag-test", "bridge", (("testing_certification", "intellectual_property"),
                               ("testing_certification", "research_development")), []),
        ("ag-ip", "bridge", (("intellectual_property", "testing_certification"),), []),
        ("ag-vc", "gatekeeper", (), ["ag-out"]),
        ("tm-inc", "bridge", (("incubation", "research_development"),), []),
    ]
    internal, external = brokered_stages(found)
    assert internal == {"research_development", "testing_certification",
                        "intellectual_property", "incubation"}
    assert external == {"finance"}


def test_same_stage_ties_do_not_broker(geo):
    geo.agency("x", "park-a", ["finance"]).agency("y", "park-a", ["finance"])
    geo.link("x", "PARTNERS_WITH", "y")
    assert brokers(geo.build(), "park-a") == []
