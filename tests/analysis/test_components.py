"""Each score component on small hand-built scopes (formulas: docs/scoring.md)."""

from __future__ import annotations

import math

import pytest

from analysis.chains import Chain, get_chain
from analysis.components import assess
from analysis.scope import resolve_scope

RD, TEST, IP, TT, INC, FIN = ("research_development", "testing_certification",
                              "intellectual_property", "technology_transfer", "incubation",
                              "finance")


def values(G, scope_id, chain=None):
    scope = resolve_scope(G, scope_id)
    return assess(G, scope, chain or get_chain("default"))


def value(G, scope_id, name, chain=None):
    return values(G, scope_id, chain).values()[name]


def details(G, scope_id, name):
    return next(c.details for c in values(G, scope_id).components if c.name == name)


@pytest.mark.parametrize(("stages", "expected"), [
    ([], 0.0), ([[FIN]], 1.0),
])
def test_handoffs_of_a_one_stage_chain(geo, stages, expected):
    for i, provided in enumerate(stages):
        geo.agency(f"a{i}", "park-a2", provided)
    solo = Chain("solo", (FIN,))
    assert value(geo.build(), "park-a2", "handoff_connectivity", solo) == expected


def test_handoff_connectivity_counts_connected_over_all_handoffs(geo):
    geo.agency("rd", "park-a2", [RD, TEST])       # RD->TEST connected (same actor)
    geo.agency("ip", "park-a2", [IP])              # TEST->IP broken
    assert value(geo.build(), "park-a2", "handoff_connectivity") == 1 / 5


def test_cohesion_is_the_chain_share_of_the_best_connected_group(geo):
    geo.agency("a", "park-a2", [RD]).agency("b", "park-a2", [TEST]).link("a", "PARTNERS_WITH", "b")
    geo.agency("c", "park-a2", [IP]).agency("d", "park-a2", [TT]).agency("e", "park-a2", [INC])
    geo.link("c", "PARTNERS_WITH", "d").link("d", "PARTNERS_WITH", "e")
    geo.agency("lonely", "park-a2", [FIN])
    G = geo.build()
    assert value(G, "park-a2", "collaboration_cohesion") == 3 / 6
    info = details(G, "park-a2", "collaboration_cohesion")
    assert info == {"bestComponentStages": [IP, TT, INC], "components": 3, "actors": 6,
                    "largestComponentShare": 0.5}


def test_cohesion_does_not_drop_when_an_isolated_actor_joins(geo):
    geo.agency("a", "park-a2", [RD]).agency("b", "park-a2", [TEST]).link("a", "PARTNERS_WITH", "b")
    before = value(geo.build(), "park-a2", "collaboration_cohesion")
    geo.agency("newcomer", "park-a2", [FIN])
    assert value(geo.build(), "park-a2", "collaboration_cohesion") == before == 2 / 6


def test_brokerage_counts_bridged_and_outward_linked_stages(geo):
    geo.agency("a", "park-a2", [RD]).agency("b", "park-a2", [TEST, FIN])
    geo.link("a", "PARTNERS_WITH", "b")              # bridges RD, TEST and FIN
    geo.agency("c", "park-a2", [IP]).agency("out", "park-b").link("c", "PARTNERS_WITH", "out")
    G = geo.build()
    assert value(G, "park-a2", "brokerage") == 0.5 * 3 / 6 + 0.5 * 1 / 6
    info = details(G, "park-a2", "brokerage")
    assert info["bridgedStages"] == [RD, TEST, FIN]
    assert info["externallyLinkedStages"] == [IP]


@pytest.mark.parametrize(("open_value", "expected"), [
    (True, 2 / 6), ("yes", 2 / 6), (1, 2 / 6), (False, 0.0), (None, 0.0), ("maybe", 0.0)])
def test_platform_openness_counts_chain_stages_with_an_open_platform(geo, open_value, expected):
    props = {} if open_value is None else {"open": open_value}
    geo.platform("pf", "park-a2", [RD, TEST, "consulting"], **props)  # consulting: supporting
    geo.agency("ag", "park-a2", [FIN])  # agencies are never "open platforms"
    assert value(geo.build(), "park-a2", "platform_openness") == pytest.approx(expected)


@pytest.mark.parametrize(("statuses", "contract", "landed"), [
    (["landed", "industrialized", None], [100.0, None, 50.0], 3),
    (["proposed", "transferring", "landed"], [100.0, 100.0, 100.0], 1),
])
def test_outcomes_saturate_projects_and_contract_value(geo, statuses, contract, landed):
    counted = 0.0
    for i, (status, money) in enumerate(zip(statuses, contract, strict=True)):
        props = {k: v for k, v in (("status", status), ("contractValueMillionCny", money))
                 if v is not None}
        geo.project(f"p{i}", "park-a2", **props)
        if status in (None, "landed", "industrialized"):
            counted += money or 0.0
    geo.project("elsewhere", "park-b", status="landed", contractValueMillionCny=1e6)
    expected = 0.5 * (1 - math.exp(-landed / 10)) + 0.5 * (1 - math.exp(-counted / 1000))
    assert value(geo.build(), "park-a2", "outcomes") == pytest.approx(expected)
    assert details(geo.build(), "park-a2", "outcomes") == {
        "projectsLanded": landed, "contractValueMillionCny": counted}


def test_talent_depth_counts_stages_and_kinds_of_teams(geo):
    geo.team("t1", "park-a2", [RD], kind="innovation_team")
    geo.team("t2", "park-a2", [RD, FIN], kind="training_base")
    geo.team("t3", "park-a2", [], kind="unknown_kind")
    geo.agency("a", "park-a2", [TEST])  # agencies are not talent
    G = geo.build()
    assert value(G, "park-a2", "talent_depth") == 0.5 * 2 / 6 + 0.5 * 2 / 3
    assert details(G, "park-a2", "talent_depth") == {
        "teams": 3, "stagesWithTeams": [RD, FIN], "kinds": ["innovation_team", "training_base"]}


def test_external_reach_counts_distinct_outside_partners_funders_and_investors(geo):
    geo.agency("a", "park-a2").agency("b", "park-a2").link("a", "PARTNERS_WITH", "b")  # inside
    geo.agency("out", "park-b").link("a", "PARTNERS_WITH", "out")
    geo.project("p", "park-a2").agency("investor", "park-b").link("investor", "INVESTS_IN", "p")
    geo.link("out", "INVESTS_IN", "p")                          # counted once
    geo.link("prov-a", "FUNDS", "park-a2", amountMillionCny=1.0)
    geo.agency("torch", None).link("torch", "FUNDS", "a", amountMillionCny=1.0)
    G = geo.build()
    assert details(G, "park-a2", "external_reach") == {
        "outsideEntities": ["investor", "out", "prov-a", "torch"]}
    assert value(G, "park-a2", "external_reach") == pytest.approx(1 - math.exp(-4 / 5))
    # a region's own funding of its parks is not "outside"
    assert "prov-a" not in details(G, "prov-a", "external_reach")["outsideEntities"]
