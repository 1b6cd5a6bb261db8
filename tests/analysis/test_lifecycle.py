"""The pilot lifecycle rules (graph/lifecycle.py) and pilot_areas (analysis/lifecycle.py)."""

from __future__ import annotations

import pytest

from analysis.lifecycle import pilot_areas
from graph.lifecycle import history_problem, status_of, transition_problem
from tests.analysis.graphs import base


@pytest.mark.parametrize(("current", "to", "reason"), [
    ("applied", "approved", "no approval without a recommendation"),
    ("applied", "in_construction", "no skipping"),
    ("recommended", "evaluated", "no skipping"),
    ("approved", "recommended", "no going back"),
    ("in_construction", "in_construction", "no going back"),
    ("rejected", "recommended", "ends its lifecycle"),
    ("completed", "rejected", "ends its lifecycle"),
    ("approved", "rejected", "only an applied or recommended pilot can be rejected"),
    ("applied", "finished", "unknown status"),
])
def test_refused_transitions(current, to, reason):
    problem = transition_problem(current, 2012, to, 2013)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(("current", "to"), [
    ("applied", "recommended"), ("recommended", "approved"), ("approved", "in_construction"),
    ("in_construction", "evaluated"), ("evaluated", "completed"), ("applied", "rejected"),
    ("recommended", "rejected"),
])
def test_allowed_transitions(current, to):
    assert transition_problem(current, 2012, to, 2012) is None


def test_a_step_cannot_be_dated_before_the_last_one():
    assert "before 2014" in transition_problem("recommended", 2014, "approved", 2013)


@pytest.mark.parametrize(("years", "column", "reason"), [
    ({"applied": 2012, "approved": 2013}, "approved_year", "skips a step"),
    ({"recommended": 2012}, "recommended_year", "skips a step"),
    ({"applied": 2013, "recommended": 2012}, "recommended_year", "years out of order"),
    ({"applied": 2012, "recommended": 2012, "approved": 2013, "rejected": 2014},
     "rejected_year", "only an applied or recommended"),
    ({"applied": 2013, "rejected": 2012}, "rejected_year", "years out of order"),
])
def test_histories_that_the_lifecycle_cannot_produce(years, column, reason):
    found = history_problem(years)
    assert found is not None and found[0] == column and reason in found[1]


def test_status_is_the_last_step_or_rejected():
    assert status_of({"applied": 2012, "recommended": 2012, "approved": 2013}) == "approved"
    assert status_of({"applied": 2012, "rejected": 2013}) == "rejected"
    assert status_of({}) is None


def areas_graph():
    b = base()
    b.cluster("cl-a", parks=["park-a"])
    b.park("park-legacy", region="city-b", pilot=True, pilotYear=2014)
    b.park("park-flagged", region="city-a", pilot=True, pilotYear=2011)
    years = dict(yearApplied=2011, yearRecommended=2011)
    for pid, typ, subject, prov, extra in [
        ("p1", "service_system_park", "park-a", "prov-a", {"yearApproved": 2012,
                                                          "yearCompleted": 2014}),
        ("p2", "service_system_city", "city-b", "prov-b", {"yearApproved": 2013}),
        ("p3", "cluster_pilot", "cl-a", "prov-a", {"yearApproved": 2013}),
        ("p4", "service_system_park", "park-a2", "prov-a", {"yearRejected": 2012}),
        ("p5", "service_system_park", "park-flagged", "prov-a", {}),  # only recommended
    ]:
        b.node(pid, "Pilot", type=typ, **years, **extra)
        b.link(pid, "PILOT_OF", subject).link(pid, "PILOT_IN", prov)
    return b.build()


@pytest.mark.parametrize(("year", "province", "expected"), [
    (2011, None, ([], [], [])),
    (2012, None, (["park-a"], [], [])),
    (2013, None, (["park-a"], ["city-b"], ["cl-a"])),
    (2014, None, (["park-a", "park-legacy"], ["city-b"], ["cl-a"])),
    (2015, None, (["park-legacy"], ["city-b"], ["cl-a"])),  # park-a completed in 2014
    (2014, "prov-a", (["park-a"], [], ["cl-a"])),
    (2014, "prov-b", (["park-legacy"], ["city-b"], [])),
])
def test_pilot_areas_are_the_approved_pilots_of_the_year(year, province, expected):
    areas = pilot_areas(areas_graph(), year, province)
    assert (areas["service_system_park"], areas["service_system_city"],
            areas["cluster_pilot"]) == expected
