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
    park_a, park_a2, empty = pilot_candidates(pilot_graph(geo), min_actors=0)
    # park-a: RD and TEST THIN (coverage 1/6), 2 actors; 2 outside collaborators in 2 parks
    # (the most of any candidate); LQ = (2/2) / (2/4) = 2 for equipment.
    assert park_a.foundation == pytest.approx(0.5 / 6 + 0.5 * E2)
    assert park_a.demonstration == pytest.approx(0.5 * E2 + 0.5 * 2 / 2)
    assert park_a.distinctiveness == pytest.approx(2 / 3)
    assert park_a.score == 47.71
    assert park_a.details == {
        "actors": 2, "chain": "default", "chainCoverage": 1 / 6, "outsideCollaborators": 2,
        "parksReached": 2, "locationQuotient": 2.0, "specialisedIndustry": "equipment",
        "undatedActors": 2, "undatedOutsideCollaborators": 2,   # nothing here is dated
        "approvedYearKnown": False}
    assert park_a.undated_count == 4
    # park-a2: no focus industries, so the LQ is over what its actors serve (software)
    assert park_a2.foundation == pytest.approx(0.5 * 0.5 / 6 + 0.5 * E1)
    assert park_a2.demonstration == pytest.approx(0.5 * E1 + 0.5 * 1 / 2)
    assert park_a2.details["specialisedIndustry"] == "software"
    assert park_a2.score == 35.12
    assert (empty.park.id, empty.score, empty.rank) == ("park-empty", 0.0, 3)


def test_ranking_excludes_pilots_and_is_capped(geo):
    G = pilot_graph(geo)
    assert [(c.park.id, c.rank) for c in pilot_candidates(G, min_actors=0)] == [
        ("park-a", 1), ("park-a2", 2), ("park-empty", 3)]
    assert [c.park.id for c in pilot_candidates(G, first=1, min_actors=0)] == ["park-a"]
    assert pilot_candidates(G) == pilot_candidates(G.copy())


def test_ties_are_broken_by_park_id(geo):
    G = geo.build()
    assert [c.park.id for c in pilot_candidates(G, min_actors=0)] == [
        "park-a", "park-a2", "park-b"]
    assert {c.score for c in pilot_candidates(G, min_actors=0)} == {0.0}


def test_candidate_to_dict(geo):
    data = pilot_candidates(pilot_graph(geo), first=1, min_actors=0)[0].to_dict()
    assert data["park"] == {"id": "park-a", "name": "Park A", "label": "Park"}
    assert data["details"]["locationQuotient"] == 2.0


def evidence_graph(geo):
    """park-a: one specialised actor (a huge location quotient); park-a2: five actors, less
    specialised; park-b: four actors serving software."""
    geo.agency("lone", "park-a", ["research_development"], ["rail"])
    for n in range(5):
        geo.agency(f"a2-{n}", "park-a2", ["research_development"], ["software"])
    for n in range(4):
        geo.agency(f"b-{n}", "park-b", ["finance"], ["software"])
    return geo.build()


def test_a_park_with_too_few_actors_cannot_top_the_list(geo):
    G = evidence_graph(geo)
    raw = pilot_candidates(G, min_actors=0)
    assert raw[0].park.id == "park-a"   # without the rule, one actor wins on distinctiveness
    ranked = pilot_candidates(G, min_actors=3)
    assert [(c.park.id, c.status, c.rank) for c in ranked] == [
        ("park-a2", "ranked", 1), ("park-b", "ranked", 2),
        ("park-a", "not_enough_data", None)]
    thin = ranked[-1]
    assert (thin.score, thin.foundation, thin.distinctiveness) == (None, None, None)
    assert thin.details["actors"] == 1 and thin.to_dict()["status"] == "not_enough_data"


@pytest.mark.parametrize(("province", "expected"), [
    ("prov-a", ["park-a2", "park-a"]), ("prov-b", ["park-b"]), ("prov-x", [])])
def test_candidates_of_one_province(geo, province, expected):
    got = pilot_candidates(evidence_graph(geo), province=province)
    assert [c.park.id for c in got] == expected


def test_candidates_of_a_year_are_the_zones_that_existed_and_were_no_pilots(geo):
    geo.G.nodes["park-a"]["approvedYear"] = 2014
    geo.G.nodes["park-b"]["approvedYear"] = 2010
    geo.node("pl", "Pilot", type="service_system_park", yearApplied=2011, yearRecommended=2011,
             yearApproved=2012, yearCompleted=2013)
    geo.link("pl", "PILOT_OF", "park-b").link("pl", "PILOT_IN", "prov-b")
    G = evidence_graph(geo)

    def parks(year):
        return [(c.park.id, c.details["approvedYearKnown"])
                for c in pilot_candidates(G, year=year, min_actors=0)]

    assert parks(2012) == [("park-a2", False)]   # park-a not yet approved, park-b a pilot
    assert sorted(parks(2014)) == [("park-a", True), ("park-a2", False), ("park-b", True)]
    assert "park-b" not in [c.park.id for c in pilot_candidates(G, min_actors=0)]  # was one
