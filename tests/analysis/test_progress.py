from __future__ import annotations

import pytest

from analysis.progress import (
    TARGETS,
    is_met,
    pilot_parks,
    plan_progress,
)
from analysis.score import integration_score
from tests.analysis.graphs import DEFAULT_STAGES, base

TARGET_IDS = ["backbone_agencies", "agencies_attracted", "new_platforms", "talent_bases",
              "innovation_teams", "leading_talents", "projects_landed",
              "tech_contract_turnover", "agglomeration_zones"]


def strong_zone(b, cluster, park, kind="service_zone", established=2013):
    """A cluster integrated enough to score above 60 (about 97)."""
    b.cluster(cluster, parks=[park], kind=kind, establishedYear=established)
    previous = None
    for code in DEFAULT_STAGES:
        ag, pf, out = f"{cluster}-ag-{code}", f"{cluster}-pf-{code}", f"{cluster}-out-{code}"
        b.agency(ag, park, [code]).platform(pf, park, [code], open=True)
        b.agency(out, "park-b").link(ag, "PARTNERS_WITH", out).link(ag, "PARTNERS_WITH", pf)
        if previous:
            b.link(previous, "PARTNERS_WITH", ag)
        previous = ag
    for kind_ in ("innovation_team", "leading_talent", "training_base"):
        b.team(f"{cluster}-{kind_}", park, DEFAULT_STAGES, kind=kind_, establishedYear=2030)
    for n in range(20):
        b.project(f"{cluster}-proj-{n}", park, status="industrialized",
                  contractValueMillionCny=500.0)
    return b


def progress_graph():
    b = base()
    b.park("pilot-1", region="city-a", pilot=True, pilotYear=2012)
    b.park("pilot-unknown", region="city-a", pilot=True)
    b.park("pilot-late", region="city-b", pilot=True, pilotYear=2016)
    b.park("plain", region="city-b", pilot=False)
    b.agency("a1", "pilot-1", backbone=True, foundedYear=2010)
    b.agency("a2", "pilot-1", backbone=True, foundedYear=2016)
    b.agency("a3", "pilot-unknown", backbone=True)
    b.agency("a4", "pilot-late", backbone=True, foundedYear=2000)
    b.agency("a5", "pilot-1", backbone=False, foundedYear=2011)
    b.agency("a6", "plain", backbone=True, foundedYear=2011)
    b.platform("pf1", "pilot-1", establishedYear=2012)
    b.platform("pf2", "pilot-1", establishedYear=2009)   # before the plan: not new
    b.platform("pf3", "pilot-1")                          # year unknown: not provably new
    b.platform("pf4", "plain", establishedYear=2013)      # not in a pilot area
    b.platform("pf5", "pilot-unknown", establishedYear=2015)
    b.team("tb1", kind="training_base", establishedYear=2012)
    b.team("tb2", kind="training_base")
    b.team("tb3", kind="training_base", establishedYear=2017)
    b.team("it1", kind="innovation_team", establishedYear=2013)
    b.team("lt1", kind="leading_talent", establishedYear=2014)
    b.team("lt2", kind="leading_talent", establishedYear=2016)
    b.project("pr1", "pilot-1", status="landed", year=2012, contractValueMillionCny=100.0)
    b.project("pr2", status="industrialized", year=2014, contractValueMillionCny=200.0)
    b.link("pr2", "LANDED_IN", "plain", year=2016)        # landed later than signed
    b.project("pr3", "plain", status="proposed", year=2013, contractValueMillionCny=50.0)
    b.project("pr4", year=2015, contractValueMillionCny=25.0)   # not landed anywhere
    b.project("pr5", "plain", contractValueMillionCny=1000.0)   # no status, no year
    b.project("pr6", year=2016, contractValueMillionCny=7.0)
    for park in ("zp-late", "zp-industrial", "zp-weak"):
        b.park(park, region="city-b")
    strong_zone(b, "zone-strong", "pilot-1")
    strong_zone(b, "zone-late", "zp-late", established=2016)
    strong_zone(b, "industrial-strong", "zp-industrial", kind="industrial_cluster")
    b.cluster("zone-weak", parks=["zp-weak"], kind="service_zone", establishedYear=2012)
    b.agency("weak-1", "zp-weak", ["finance"])
    return b.build()


def test_strong_zone_fixture_scores_high():
    G = progress_graph()
    assert integration_score(G, "zone-strong", actions=0).score > 90
    assert integration_score(G, "zone-weak", actions=0).score < 60


def test_every_digest_target_in_order():
    rows = plan_progress(progress_graph(), 2015)
    assert [r.target for r in rows] == TARGET_IDS == [t.id for t in TARGETS]
    assert [(r.goal, r.comparison) for r in rows] == [
        (100, ">="), (1000, ">="), (100, "~"), (10, "~"), (100, ">="), (100, ">="),
        (1000, ">="), (800_000, ">"), (20, "~")]
    assert all(r.counting and r.unit and r.year == 2015 for r in rows)


@pytest.mark.parametrize(("target", "year", "actual"), [
    ("backbone_agencies", 2015, 2),      # a1, a3 (unknown founding year counts)
    ("backbone_agencies", 2016, 4),      # + a2 founded, a4's park becomes a pilot
    ("agencies_attracted", 2015, 3 + 6),  # a1, a3, a5 + zone-strong's six agencies in pilot-1
    ("agencies_attracted", 2011, 1),     # only pilot-unknown (no pilotYear) is a pilot: a3
    ("new_platforms", 2015, 2),          # pf1, pf5; zone-strong's platforms have no year
    ("new_platforms", 2012, 1),
    ("talent_bases", 2015, 2),           # tb1, tb2 (unknown year counts); tb3 is later
    ("innovation_teams", 2015, 1),
    ("leading_talents", 2015, 1),
    ("leading_talents", 2016, 2),
    ("projects_landed", 2015, 2 + 60),   # pr1, pr5 (+ 3 zones x 20); pr2 lands in 2016
    ("projects_landed", 2016, 3 + 60),
    ("tech_contract_turnover", 2015, 375.0),   # pr1..pr4 with known years <= 2015
    ("tech_contract_turnover", 2016, 382.0),
    ("agglomeration_zones", 2015, 1),    # zone-strong (zone-late is established 2016)
    ("agglomeration_zones", 2016, 2),
    ("agglomeration_zones", 2012, 0),
])
def test_target_counting_rules(target, year, actual):
    rows = {r.target: r for r in plan_progress(progress_graph(), year)}
    assert rows[target].actual == actual
    assert rows[target].ratio == pytest.approx(actual / rows[target].goal)


@pytest.mark.parametrize(("comparison", "actual", "goal", "met"), [
    (">=", 100, 100, True), (">=", 99, 100, False), (">", 800_000, 800_000, False),
    (">", 800_001, 800_000, True), ("~", 9, 10, True), ("~", 8.9, 10, False),
    ("~", 25, 20, True),
])
def test_comparisons(comparison, actual, goal, met):
    assert is_met(actual, goal, comparison) is met


def test_met_flag_uses_the_comparison():
    b = base()
    for n in range(9):
        b.team(f"tb{n}", kind="training_base")
    rows = {r.target: r for r in plan_progress(b.build(), 2015)}
    assert (rows["talent_bases"].actual, rows["talent_bases"].met) == (9, True)
    assert rows["innovation_teams"].met is False


def test_pilot_parks_as_of_a_year():
    G = progress_graph()
    assert pilot_parks(G, 2011) == {"pilot-unknown"}
    assert pilot_parks(G, 2015) == {"pilot-1", "pilot-unknown"}
    assert pilot_parks(G) == {"pilot-1", "pilot-unknown", "pilot-late"}
