from __future__ import annotations

import math

import pytest

from analysis.pilots import pilot_candidates

E1, E2 = 1 - math.exp(-0.1), 1 - math.exp(-0.2)   # saturate(1, 10), saturate(2, 10)


def pilot_graph(geo):
    geo.G.nodes["park-b"].update(pilot=True, pilotYear=2012)  # pilots are not candidates
    geo.park("park-empty", region="city-b", pilot=False)
    geo.agency("a1", "park-a", ["research_development"], ["equipment"])
    geo.agency("a2", "park-a", ["testing_certification"], ["rail"])
    geo.agency("x-a2", "park-a2", ["finance"], ["software"])
    geo.agency("out-b", "park-b", [], ["software"])
    geo.link("a1", "PARTNERS_WITH", "out-b").link("a2", "PARTNERS_WITH", "x-a2")
    return geo.build()


def test_components_by_hand(geo):
    park_a, park_a2, empty = pilot_candidates(pilot_graph(geo))
    # park-a: RD and TEST THIN (coverage 1/6), 2 actors; 2 outside collaborators in 2 parks
    # (the most of any candidate); LQ = (2/2) / (2/4) = 2 for equipment.
    assert park_a.foundation == pytest.approx(0.5 / 6 + 0.5 * E2)
    assert park_a.demonstration == pytest.approx(0.5 * E2 + 0.5 * 2 / 2)
    assert park_a.distinctiveness == pytest.approx(2 / 3)
    assert park_a.score == 47.71
    assert park_a.details == {
        "actors": 2, "chain": "default", "chainCoverage": 1 / 6, "outsideCollaborators": 2,
        "parksReached": 2, "locationQuotient": 2.0, "specialisedIndustry": "equipment",
        "undatedActors": 2, "undatedOutsideCollaborators": 2}   # nothing here is dated
    assert park_a.undated_count == 4
    # park-a2: no focus industries, so the LQ is over what its actors serve (software)
    assert park_a2.foundation == pytest.approx(0.5 * 0.5 / 6 + 0.5 * E1)
    assert park_a2.demonstration == pytest.approx(0.5 * E1 + 0.5 * 1 / 2)
    assert park_a2.details["specialisedIndustry"] == "software"
    assert park_a2.score == 35.12
    assert (empty.park.id, empty.score, empty.rank) == ("park-empty", 0.0, 3)


def test_ranking_excludes_pilots_and_is_capped(geo):
    G = pilot_graph(geo)
    assert [(c.park.id, c.rank) for c in pilot_candidates(G)] == [
        ("park-a", 1), ("park-a2", 2), ("park-empty", 3)]
    assert [c.park.id for c in pilot_candidates(G, first=1)] == ["park-a"]
    assert pilot_candidates(G) == pilot_candidates(G.copy())


def test_ties_are_broken_by_park_id(geo):
    G = geo.build()
    assert [c.park.id for c in pilot_candidates(G)] == ["park-a", "park-a2", "park-b"]
    assert {c.score for c in pilot_candidates(G)} == {0.0}


def test_candidate_to_dict(geo):
    data = pilot_candidates(pilot_graph(geo), first=1)[0].to_dict()
    assert data["park"] == {"id": "park-a", "name": "Park A", "label": "Park"}
    assert data["details"]["locationQuotient"] == 2.0
