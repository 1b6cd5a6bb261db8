"""The nine target rules, each on a hand-made graph where the seed's reading (growth, pilot
areas, persons, qualifying programmes, the official figure) and the naive one differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.progress import (
    TARGETS,
    RegionError,
    pilot_parks,
    plan_progress,
    target_pilot_parks,
)
from analysis.score import integration_score
from analysis.targets import RULES_BY_ID, is_met
from tests.analysis.graphs import DEFAULT_STAGES, base
from tests.fixtures.plan_graph import located, seed_graph

TARGET_IDS = ["backbone_agencies", "agencies_attracted", "new_platforms", "talent_bases",
              "innovation_teams", "leading_talents", "projects_landed",
              "tech_contract_turnover", "agglomeration_zones"]
TURNOVER = "tech_contract_turnover"
NATIONAL_2015 = {(None, TURNOVER, 2015): 983_500.0, (None, TURNOVER, 2013): 746_900.0,
                 ("prov-a", TURNOVER, 2015): 98_350.0}


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


def rows_of(G, year=2015, region=None, indicators=None):
    return {r.target: r for r in plan_progress(G, year, region, indicators)}


def test_every_digest_target_in_order_with_its_rule():
    rows = plan_progress(seed_graph(), 2015)
    assert [r.target for r in rows] == TARGET_IDS == [t.id for t in TARGETS]
    assert [(r.goal, r.comparison) for r in rows] == [
        (100, ">="), (1000, ">="), (100, "~"), (10, "~"), (100, ">="), (100, ">="),
        (1000, ">="), (800_000, ">"), (20, "~")]
    for r in rows:
        assert r.counting and r.description and r.year == 2015
        assert r.rule.quote.replace("……", "") and all(
            part in SEED for part in r.rule.quote.split("……"))


SEED = "".join((Path(__file__).parent / "seed_targets.zh.txt").read_text(encoding="utf-8")
               .split())  # the seed's section 二、工作目标, whitespace removed


@pytest.mark.parametrize(("target", "default", "alternative", "caveats"), [
    # grown 2011-2015 in a pilot area: bb-new; the stock adds bb-old and bb-undated
    ("backbone_agencies", 1, 3, {"start_unknown": 1}),
    # arrivals 2011-2015: bb-new, nb-new (founded there), ag-moved (moved in 2014); the
    # stock adds bb-old, bb-undated, ag-stock
    ("agencies_attracted", 3, 6, {"start_unknown": 1, "arrival_from_founding": 0}),
    ("new_platforms", 1, 2, {"not_open": 1}),
    # the alternative drops the pilot-area qualifier: -plain and -nowhere count there
    ("talent_bases", 1, 3, {}),
    ("innovation_teams", 1, 3, {}),
    # persons: lt-a's 5 + lt-b's unknown size as 1; anywhere adds lt-plain's 3
    ("leading_talents", 6, 9, {"unknown_size": 1}),
    # national_major and key_rd landed 2011-2015 in any park; the alternative adds torch
    ("projects_landed", 2, 3, {"key_rd_before_2016": 1, "status_unknown": 1}),
])
def test_the_seed_reading_is_the_default(target, default, alternative, caveats):
    row = rows_of(seed_graph())[target]
    assert (row.actual, row.alternative) == (default, alternative)
    assert {k: v for k, v in caveats.items() if v} == dict(row.caveats)
    assert row.ratio == pytest.approx(default / row.goal)


def test_windows_and_areas_follow_the_rule():
    rows = rows_of(seed_graph())
    assert {t: (r.window, r.window_from, r.window_to, r.area) for t, r in rows.items()} == {
        **{t: ("plan", 2011, 2015, "pilot_areas") for t in TARGET_IDS[:6]},
        "projects_landed": ("plan", 2011, 2015, "whole"),
        "tech_contract_turnover": ("year", 2015, 2015, "nation"),
        "agglomeration_zones": ("as_of", None, 2015, "whole"),
    }


def test_by_year_follows_the_history_from_the_plan_start():
    rows = rows_of(seed_graph())
    assert [(y.year, y.actual) for y in rows["backbone_agencies"].by_year] == [
        (2011, 0), (2012, 0), (2013, 1), (2014, 1), (2015, 1)]
    assert [y.actual for y in rows["agencies_attracted"].by_year] == [0, 0, 2, 3, 3]
    assert [y.alternative for y in rows["agencies_attracted"].by_year] == [1, 3, 5, 6, 6]
    assert [y.actual for y in rows["leading_talents"].by_year] == [0, 0, 5, 6, 6]
    assert rows["backbone_agencies"].by_year[-1].met is False


def test_counted_items_resting_on_a_missing_date_are_reported():
    G = seed_graph()
    del G.edges["bb-new", "pilot-a", "LOCATED_IN"]["since"]
    assert rows_of(G)["backbone_agencies"].undated_count == 1
    assert rows_of(seed_graph())["backbone_agencies"].undated_count == 0


def test_the_turnover_is_the_official_figure_of_the_year_not_a_sum_of_projects():
    rows = rows_of(seed_graph(), indicators=NATIONAL_2015)
    turnover = rows[TURNOVER]
    assert (turnover.actual, turnover.met, turnover.missing) == (983_500.0, True, None)
    assert [(y.year, y.actual, y.met) for y in turnover.by_year] == [
        (2011, None, None), (2012, None, None), (2013, 746_900.0, False), (2014, None, None),
        (2015, 983_500.0, True)]
    missing = rows_of(seed_graph(), 2014, indicators=NATIONAL_2015)[TURNOVER]
    assert (missing.actual, missing.ratio, missing.met, missing.missing) == (
        None, None, None, "no_indicator")


def test_a_province_counts_its_own_pilot_areas_against_the_national_goal():
    national = rows_of(seed_graph(), indicators=NATIONAL_2015)
    prov_a = rows_of(seed_graph(), region="prov-a", indicators=NATIONAL_2015)
    prov_b = rows_of(seed_graph(), region="prov-b", indicators=NATIONAL_2015)
    assert prov_a["backbone_agencies"].actual == 1 and prov_b["backbone_agencies"].actual == 0
    assert prov_b["agencies_attracted"].actual == 1          # ag-moved into pilot-b
    assert prov_b["agencies_attracted"].share_of_national == pytest.approx(1 / 3)
    assert prov_a["talent_bases"].alternative == 2            # -nowhere is in no province
    assert prov_a["projects_landed"].actual == 1              # p-major in plain-a
    assert prov_a[TURNOVER].actual == 98_350.0
    assert prov_a[TURNOVER].share_of_national == pytest.approx(0.1)
    assert prov_b[TURNOVER].actual is None
    for row in prov_a.values():
        assert row.met is None and row.goal == national[row.target].goal
        assert row.region_id == "prov-a" and row.basis == "province_share"
    assert prov_a["backbone_agencies"].ratio == pytest.approx(1 / 100)


@pytest.mark.parametrize(("region", "unknown"), [
    ("city-a", False), ("pilot-a", False), ("no-such-region", True)])
def test_a_region_that_is_not_a_province_is_refused(region, unknown):
    with pytest.raises(RegionError) as raised:
        plan_progress(seed_graph(), 2015, region)
    assert raised.value.unknown is unknown and repr(region) in str(raised.value)


def test_pilot_areas_by_year_and_province():
    G = seed_graph()
    assert target_pilot_parks(G, 2011) == {"pilot-b"}
    assert target_pilot_parks(G, 2015) == {"pilot-a", "pilot-b"}
    assert target_pilot_parks(G, 2015, "prov-a") == {"pilot-a"}


def zone_graph():
    b = base()
    b.park("zp", region="city-a", pilot=True, pilotYear=2012)
    strong_zone(b, "zone-strong", "zp")                           # established 2013
    strong_zone(b, "zone-late", "park-b", established=2016)
    strong_zone(b, "industrial-strong", "park-a2", kind="industrial_cluster")
    b.cluster("zone-weak", parks=["park-a"], kind="service_zone", establishedYear=2012)
    b.agency("weak-1", "park-a", ["finance"])
    return b.build()


def test_strong_zone_fixture_scores_high():
    G = zone_graph()
    assert integration_score(G, "zone-strong", actions=0).score > 90
    assert integration_score(G, "zone-weak", actions=0).score < 60


@pytest.mark.parametrize(("year", "zones"), [(2012, 0), (2015, 1), (2016, 2)])
def test_agglomeration_zones_are_strong_service_zones_of_the_year(year, zones):
    assert rows_of(zone_graph(), year)["agglomeration_zones"].actual == zones


def test_the_gdp_share_clause_is_the_alternative_reading():
    shares = {("zone-strong", "sts_output_gdp_share", 2010): 2.0,
              ("zone-strong", "sts_output_gdp_share", 2015): 3.5}
    row = rows_of(zone_graph(), indicators=shares)["agglomeration_zones"]
    assert (row.actual, row.alternative, row.caveats) == (1, 1, ())
    bare = rows_of(zone_graph())["agglomeration_zones"]
    assert (bare.actual, bare.alternative, dict(bare.caveats)) == (1, 0,
                                                                  {"gdp_share_missing": 1})
    assert rows_of(zone_graph(), region="prov-b")["agglomeration_zones"].actual == 0


@pytest.mark.parametrize(("comparison", "actual", "goal", "met"), [
    (">=", 100, 100, True), (">=", 99, 100, False), (">", 800_000, 800_000, False),
    (">", 800_001, 800_000, True), ("~", 9, 10, True), ("~", 8.9, 10, False),
    ("~", 25, 20, True),
])
def test_comparisons(comparison, actual, goal, met):
    assert is_met(actual, goal, comparison) is met


def test_met_flag_uses_the_comparison():
    b = base()
    b.park("pp", region="city-a", pilot=True, pilotYear=2011)
    for n in range(9):
        located(b, "team", f"tb{n}", "pp", 2012, kind="training_base", establishedYear=2012)
    rows = rows_of(b.build())
    assert (rows["talent_bases"].actual, rows["talent_bases"].met) == (9, True)
    assert rows["innovation_teams"].met is False
    assert RULES_BY_ID["talent_bases"].comparison == "~"


def test_pilot_parks_as_of_a_year():
    b = base()
    b.park("pilot-1", region="city-a", pilot=True, pilotYear=2012)
    b.park("pilot-unknown", region="city-a", pilot=True)
    b.park("pilot-late", region="city-b", pilot=True, pilotYear=2016)
    G = b.build()
    assert pilot_parks(G, 2011) == {"pilot-unknown"}
    assert pilot_parks(G, 2015) == {"pilot-1", "pilot-unknown"}
    assert pilot_parks(G) == {"pilot-1", "pilot-unknown", "pilot-late"}


def test_the_parks_of_a_pilot_city_are_pilot_areas():
    """试点地区 are the pilot parks and the pilot cities: every park of an approved pilot
    city counts from its approval year; a cluster pilot is not an area."""
    b = base()
    b.cluster("cl-a", parks=["park-a"])
    for pid, typ, subject, prov in [("p-city", "service_system_city", "city-b", "prov-b"),
                                    ("p-cluster", "cluster_pilot", "cl-a", "prov-a")]:
        b.node(pid, "Pilot", type=typ, yearApplied=2011, yearRecommended=2012,
               yearApproved=2013)
        b.link(pid, "PILOT_OF", subject).link(pid, "PILOT_IN", prov)
    G = b.build()
    assert target_pilot_parks(G, 2012) == frozenset()
    assert target_pilot_parks(G, 2013) == {"park-b"}
    assert target_pilot_parks(G, 2013, "prov-a") == frozenset()


TURNOVER_FROM_2011 = {(None, TURNOVER, 2011): 400_000.0, (None, TURNOVER, 2013): 746_900.0,
                      (None, TURNOVER, 2015): 983_500.0}


def test_as_of_counts_an_earlier_year_against_the_straight_line_to_the_goal():
    rows = {r.target: r for r in plan_progress(seed_graph(), 2015, None, TURNOVER_FROM_2011,
                                               as_of=2013)}
    turnover = rows[TURNOVER]
    assert (turnover.year, turnover.as_of, turnover.actual) == (2015, 2013, 746_900.0)
    # 400,000 in 2011 to more than 800,000 in 2015: 600,000 expected in 2013, passed
    assert (turnover.expected, turnover.on_track, turnover.met) == (600_000.0, True, False)
    assert [(y.year, y.actual) for y in turnover.by_year] == [
        (2011, 400_000.0), (2012, None), (2013, 746_900.0)]
    assert (turnover.window_from, turnover.window_to) == (2013, 2013)
    backbone = rows["backbone_agencies"]  # 0 in 2011, goal 100 in 2015: 50 expected in 2013
    assert (backbone.actual, backbone.expected, backbone.on_track) == (1, 50.0, False)
    assert (backbone.window_from, backbone.window_to) == (2011, 2013)


def test_as_of_defaults_to_the_target_year_where_expected_is_the_goal():
    rows = {r.target: r for r in plan_progress(seed_graph(), 2015, None, TURNOVER_FROM_2011)}
    turnover = rows[TURNOVER]
    assert (turnover.as_of, turnover.expected, turnover.on_track, turnover.met) == (
        2015, 800_000.0, True, True)
    assert [y.year for y in turnover.by_year] == [2011, 2012, 2013, 2014, 2015]


def test_a_province_has_no_expectation_the_seed_sets_national_goals_only():
    rows = plan_progress(seed_graph(), 2015, "prov-a", NATIONAL_2015, as_of=2013)
    assert {(r.as_of, r.expected, r.on_track) for r in rows} == {(2013, None, None)}


@pytest.mark.parametrize("as_of", [2010, 2016])
def test_as_of_outside_the_plan_start_and_the_target_year_is_refused(as_of):
    with pytest.raises(ValueError, match=f"asOf must be between 2011 .* 2015; got {as_of}"):
        plan_progress(seed_graph(), 2015, as_of=as_of)


def _province_with_its_own_parks():
    """prov-own: pilot park p-pilot (from 2012) and plain park p-own, both in city-own;
    prov-other: p-other. Each park gains a backbone agency founded in 2013, p-own also a
    platform (2012) and an innovation team (2014)."""
    from analysis.builder import GraphBuilder

    b = (GraphBuilder().region("prov-own").region("city-own", "city", parent="prov-own")
         .region("prov-other").park("p-pilot", "city-own", pilot=True, pilotYear=2012)
         .park("p-own", "city-own", pilot=False).park("p-other", "prov-other", pilot=False))
    for park in ("p-pilot", "p-own", "p-other"):
        b.agency(f"ag-{park}", park, backbone=True, foundedYear=2013)
    b.platform("pf-own", "p-own", establishedYear=2012, open=True)
    b.team("team-own", "p-own", kind="innovation_team", establishedYear=2014)
    return b.build()


def test_a_province_s_own_contributions_are_the_province_wide_reading():
    """Seed 四（二）/五（一）: the province approves and organises service-system building in
    its whole region; the targets say 在试点地区. Default: the pilot areas; province-wide:
    every park of the province; another province's park counts in neither."""
    rows = {r.target: r for r in plan_progress(_province_with_its_own_parks(), 2015,
                                               "prov-own")}
    assert {t: (rows[t].actual, rows[t].province_wide) for t in (
        "backbone_agencies", "agencies_attracted", "new_platforms", "innovation_teams")} == {
        "backbone_agencies": (1.0, 2.0), "agencies_attracted": (1.0, 2.0),
        "new_platforms": (0.0, 1.0), "innovation_teams": (0.0, 1.0)}
    assert [(y.year, y.actual, y.province_wide) for y in rows["backbone_agencies"].by_year] \
        == [(2011, 0.0, 0.0), (2012, 0.0, 0.0), (2013, 1.0, 2.0), (2014, 1.0, 2.0),
            (2015, 1.0, 2.0)]
    # whole-province and indicator targets have no second area to count
    assert {t: rows[t].province_wide for t in (
        "projects_landed", "tech_contract_turnover", "agglomeration_zones")} == dict.fromkeys(
        ("projects_landed", "tech_contract_turnover", "agglomeration_zones"))


def test_the_nation_has_no_province_wide_reading():
    rows = plan_progress(_province_with_its_own_parks(), 2015)
    assert {r.province_wide for r in rows} == {None}
    backbone = next(r for r in rows if r.target == "backbone_agencies")
    assert backbone.actual == 1.0  # only the pilot park's agency, nationally too
