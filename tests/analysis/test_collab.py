from __future__ import annotations

import pytest

from analysis.collab import (
    collaboration_distances,
    collaboration_graph,
    collaboration_neighbours,
    collaboration_ties,
)


def pair(geo):
    return geo.agency("a", "park-a").agency("b", "park-b")


@pytest.mark.parametrize(("link", "types"), [
    (lambda b: b.link("a", "PARTNERS_WITH", "b"), ["PARTNERS_WITH"]),
    (lambda b: b.link("b", "PARTNERS_WITH", "a"), ["PARTNERS_WITH"]),
    (lambda b: b.link("a", "BRANCH_OF", "b"), ["BRANCH_OF"]),
    (lambda b: b.link("b", "BRANCH_OF", "a"), ["BRANCH_OF"]),
    (lambda b: b.project("p", supporters=["a", "b"]), ["SUPPORTS"]),
    (lambda b: b.link("a", "PARTNERS_WITH", "b").project("p", supporters=["a", "b"]),
     ["PARTNERS_WITH", "SUPPORTS"]),
])
def test_each_collaboration_tie_links_both_ways(geo, link, types):
    link(pair(geo))
    G = geo.build()
    assert collaboration_neighbours(G, "a") == {"b"}
    assert collaboration_neighbours(G, "b") == {"a"}
    assert sorted(collaboration_ties(G, "a")["b"].types) == types


@pytest.mark.parametrize(("build", "actor", "other"), [
    (lambda b: b.agency("op", "park-a").platform("pf", "park-a", operator="op"), "op", "pf"),
    (lambda b: b.agency("ag", "park-a").team("tm", "park-a", affiliation="ag"), "tm", "ag"),
])
def test_operates_and_affiliated_with_are_collaboration(geo, build, actor, other):
    G = build(geo).build()
    assert collaboration_neighbours(G, actor) == {other}
    assert collaboration_neighbours(G, other) == {actor}


@pytest.mark.parametrize("link", [
    lambda b: b.link("a", "INVESTS_IN", "p"),             # investing is not collaborating
    lambda b: b.cluster("cl").link("a", "MEMBER_OF", "cl").link("b", "MEMBER_OF", "cl"),
    lambda b: b.link("a", "LOCATED_IN", "park-b"),         # sharing a park is not a tie
])
def test_other_relationships_are_not_collaboration(geo, link):
    pair(geo).project("p", supporters=["b"])
    link(geo)
    assert collaboration_neighbours(geo.build(), "a") == set()


def test_graph_weights_and_attributes(geo):
    pair(geo).agency("c", "park-a")
    geo.link("a", "PARTNERS_WITH", "b", weight=2.5)
    geo.project("p1", supporters=["a", "b"]).project("p2", supporters=["a", "b", "c"])
    C = collaboration_graph(geo.build())
    assert sorted(C.nodes) == ["a", "b", "c"]
    assert C.edges["a", "b"] == {"types": ["PARTNERS_WITH", "SUPPORTS"],
                                 "projects": ["p1", "p2"], "weight": 4.5}
    assert C.edges["b", "c"]["weight"] == 1.0
    assert C.nodes["a"] == {"label": "Agency", "name": "a"}


def test_graph_over_given_nodes_is_induced(geo):
    pair(geo).agency("c", "park-a").link("a", "PARTNERS_WITH", "b").link("b", "PARTNERS_WITH", "c")
    C = collaboration_graph(geo.build(), ["a", "b", "park-a", "missing"])
    assert sorted(C.nodes) == ["a", "b"]
    assert list(C.edges) == [("a", "b")]


def test_distances_report_the_nearest_source_with_smallest_id(geo):
    for n in "stuvx":
        geo.agency(n, "park-a")
    geo.link("s", "PARTNERS_WITH", "x").link("t", "PARTNERS_WITH", "x")
    geo.link("x", "PARTNERS_WITH", "u").link("u", "PARTNERS_WITH", "v")
    G = geo.build()
    assert collaboration_distances(G, ["t", "s"]) == {
        "s": (0, "s"), "t": (0, "t"), "x": (1, "s"), "u": (2, "s"), "v": (3, "s")}
    assert "v" not in collaboration_distances(G, ["s"], max_hops=2)
    assert collaboration_distances(G, ["s"], targets=["x"]) == {"s": (0, "s"), "x": (1, "s")}
    assert collaboration_distances(G, ["absent"]) == {}
