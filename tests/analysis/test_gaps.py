from __future__ import annotations

from itertools import pairwise

import pytest

from analysis.chains import Chain, ChainError
from analysis.gaps import HandoffStatus, StageStatus, find_stage_gaps, stage_status
from tests.analysis.graphs import DEFAULT_STAGES

FINANCE = "finance"


def ids(refs):
    return [r.id for r in refs]


# --- stage status -------------------------------------------------------------------------

@pytest.mark.parametrize(("served_by_provider", "status", "matched"), [
    ([], StageStatus.MISSING, []),
    ([["software"]], StageStatus.MISMATCHED, []),
    ([["software"], ["machinery"]], StageStatus.MISMATCHED, []),
    ([["rail"]], StageStatus.THIN, ["p0"]),
    ([["software"], ["rail"]], StageStatus.THIN, ["p1"]),
    ([["rail"], ["manufacturing"]], StageStatus.COVERED, ["p0", "p1"]),
    ([["equipment"], ["equipment"], ["software"]], StageStatus.COVERED, ["p0", "p1"]),
])
def test_stage_status_from_providers_in_scope(geo, served_by_provider, status, matched):
    for i, served in enumerate(served_by_provider):
        geo.agency(f"p{i}", "park-a", [FINANCE], served)
    report = find_stage_gaps(geo.build(), "park-a", chain="default", suggestions=0)
    stage = report.stage(FINANCE)
    assert stage.status is status
    assert ids(stage.providers) == [f"p{i}" for i in range(len(served_by_provider))]
    assert ids(stage.matched_providers) == matched


@pytest.mark.parametrize(("providers", "matched", "status"), [
    (0, 0, "MISSING"), (3, 0, "MISMATCHED"), (3, 1, "THIN"), (2, 2, "COVERED"),
])
def test_stage_status_rule(providers, matched, status):
    assert stage_status(providers, matched).value == status


def test_providers_outside_the_scope_do_not_count(geo):
    geo.agency("far", "park-b", [FINANCE], ["equipment"])
    assert find_stage_gaps(geo.build(), "park-a", suggestions=0).stage(FINANCE).status is (
        StageStatus.MISSING)


def test_without_focus_industries_every_provider_matches(geo):
    geo.agency("p0", "park-a2", [FINANCE], ["software"]).agency("p1", "park-a2", [FINANCE])
    stage = find_stage_gaps(geo.build(), "park-a2", suggestions=0).stage(FINANCE)
    assert (stage.status, ids(stage.matched_providers)) == (StageStatus.COVERED, ["p0", "p1"])


def test_cluster_member_located_outside_its_parks_provides(geo):
    geo.cluster("cl", parks=["park-a"], industries=["equipment"])
    geo.agency("member", "park-b", [FINANCE], ["rail"]).link("member", "MEMBER_OF", "cl")
    report = find_stage_gaps(geo.build(), "cl", suggestions=0)
    assert report.stage(FINANCE).status is StageStatus.THIN
    assert ids(report.stage(FINANCE).providers) == ["member"]


def test_region_scope_collects_providers_from_nested_regions(geo):
    geo.region("district", kind="city", parent="city-a2").park("deep", region="district")
    geo.agency("p-deep", "deep", [FINANCE]).agency("p-a", "park-a", [FINANCE], ["rail"])
    report = find_stage_gaps(geo.build(), "prov-a", suggestions=0)
    stage = report.stage(FINANCE)
    assert ids(stage.providers) == ["p-a", "p-deep"]
    assert ids(stage.matched_providers) == ["p-a"]  # focus = equipment (park-a's)
    assert stage.status is StageStatus.THIN


def test_report_lists_chain_stages_then_supporting_stages(geo):
    geo.agency("c", "park-a", ["consulting"], ["rail"])
    report = find_stage_gaps(geo.build(), "park-a", suggestions=0)
    assert report.chain == "default"
    codes = [(s.stage.code, s.supporting) for s in report.stages]
    assert codes == [(code, False) for code in DEFAULT_STAGES] + [
        ("consulting", True), ("comprehensive", True), ("popularization", True)]
    assert report.stage("consulting").status is StageStatus.THIN
    assert [(h.from_stage.code, h.to_stage.code) for h in report.handoffs] == list(
        pairwise(DEFAULT_STAGES))


def test_explicit_chain_by_name_or_object(geo):
    G = geo.build()
    assert find_stage_gaps(G, "park-a", chain="next_gen_it").chain == "next_gen_it"
    tiny = Chain("tiny", ("finance", "incubation"))
    report = find_stage_gaps(G, "park-a", chain=tiny)
    assert [s.stage.code for s in report.stages] == ["finance", "incubation"]
    assert len(report.handoffs) == 1
    with pytest.raises(ChainError):
        find_stage_gaps(G, "park-a", chain="nope")


def test_chain_is_chosen_by_focus_industry(geo):
    geo.industry("biomedicine").park("bio-park", region="city-a", industries=["biomedicine"])
    assert find_stage_gaps(geo.build(), "bio-park").chain == "biomedicine"


# --- handoffs -----------------------------------------------------------------------------

RD, TEST = "research_development", "testing_certification"


def handoff_graph(geo, link):
    geo.agency("rd", "park-a", [RD], ["rail"]).agency("test", "park-a", [TEST], ["rail"])
    geo.agency("outside", "park-b", [TEST], ["rail"])
    link(geo)
    report = find_stage_gaps(geo.build(), "park-a", suggestions=0)
    return report.handoffs[0]


@pytest.mark.parametrize(("link", "status", "evidence"), [
    (lambda b: b.agency("both", "park-a", [RD, TEST]), "CONNECTED",
     "both provides both stages"),
    (lambda b: b.link("rd", "PARTNERS_WITH", "test"), "CONNECTED", "rd partners with test"),
    (lambda b: b.link("test", "PARTNERS_WITH", "rd"), "CONNECTED", "rd partners with test"),
    (lambda b: b.project("proj", supporters=["rd", "test"]), "CONNECTED",
     "rd and test both support proj"),
    (lambda b: None, "BROKEN", None),
    (lambda b: b.project("p1", supporters=["rd"]).project("p2", supporters=["test"]),
     "BROKEN", None),
    (lambda b: b.link("rd", "BRANCH_OF", "test"), "BROKEN", None),   # collaboration, no handoff
    (lambda b: b.link("rd", "PARTNERS_WITH", "outside"), "BROKEN", None),  # outside the scope
])
def test_handoff_rules(geo, link, status, evidence):
    handoff = handoff_graph(geo, link)
    assert (handoff.from_stage.code, handoff.to_stage.code) == (RD, TEST)
    assert (handoff.status.value, handoff.evidence) == (status, evidence)


@pytest.mark.parametrize("present", [[RD], [TEST], []])
def test_handoff_is_unknown_when_a_side_is_missing(geo, present):
    for code in present:
        geo.agency(f"has-{code}", "park-a", [code], ["rail"])
    handoff = find_stage_gaps(geo.build(), "park-a", suggestions=0).handoffs[0]
    assert handoff.status is HandoffStatus.UNKNOWN


def test_mismatched_providers_still_hand_off(geo):
    geo.agency("rd", "park-a", [RD], ["software"]).agency("test", "park-a", [TEST], ["software"])
    geo.link("rd", "PARTNERS_WITH", "test")
    report = find_stage_gaps(geo.build(), "park-a", suggestions=0)
    assert report.stage(RD).status is StageStatus.MISMATCHED
    assert report.handoffs[0].status is HandoffStatus.CONNECTED


def test_worked_example_gap_report(example):
    report = find_stage_gaps(example, "cluster-a", suggestions=0)
    assert [(s.stage.code, s.status.value, ids(s.providers), ids(s.matched_providers))
            for s in report.stages if not s.supporting] == [
        ("research_development", "THIN", ["ag-rd"], ["ag-rd"]),
        ("testing_certification", "COVERED", ["ag-test", "pf-test"], ["ag-test", "pf-test"]),
        ("intellectual_property", "MISMATCHED", ["ag-ip"], []),
        ("technology_transfer", "MISSING", [], []),
        ("incubation", "THIN", ["pf-info", "tm-inc"], ["tm-inc"]),
        ("finance", "THIN", ["ag-vc"], ["ag-vc"]),
    ]
    assert [(h.status.value, h.evidence) for h in report.handoffs] == [
        ("CONNECTED", "ag-rd and ag-test both support proj-1"),
        ("CONNECTED", "ag-test partners with ag-ip"),
        ("UNKNOWN", None), ("UNKNOWN", None), ("BROKEN", None),
    ]
    data = report.to_dict()
    assert data["scope"] == {"id": "cluster-a", "name": "Cluster A", "label": "Cluster"}
    assert data["stages"][0]["stage"] == {
        "code": "research_development", "name": "Research and development", "nameZh": "研究开发"}
    assert data["handoffs"][4]["from"]["code"] == "incubation"


# --- suggestions --------------------------------------------------------------------------

def ranking_graph(geo, candidates):
    """Scope park-a (Province A, focus equipment) with `home` in it; finance is MISSING.

    candidates: id -> dict(park, hops (1, 2 or None), level, branches, staff, label).
    """
    geo.agency("home", "park-a", [RD], ["rail"], name="Home")
    for cid, spec in candidates.items():
        label = spec.get("label", "Agency")
        props = {k: spec[k] for k in ("level", "staff") if k in spec}
        add = {"Agency": geo.agency, "Platform": geo.platform, "TalentTeam": geo.team}[label]
        add(cid, spec["park"], [FINANCE], ["rail"], **props)
        for n in range(spec.get("branches", 0)):
            geo.agency(f"{cid}-branch-{n}", "park-b").link(f"{cid}-branch-{n}", "BRANCH_OF", cid)
        hops = spec.get("hops")
        if hops == 1:
            geo.link("home", "PARTNERS_WITH", cid)
        elif hops == 2:
            geo.agency(f"{cid}-mid", "park-b").link("home", "PARTNERS_WITH", f"{cid}-mid")
            geo.link(f"{cid}-mid", "PARTNERS_WITH", cid)
    return find_stage_gaps(geo.build(), "park-a", suggestions=10).stage(FINANCE).suggestions


@pytest.mark.parametrize(("candidates", "order"), [
    # 1. same province beats everything after it
    ({"b-national": {"park": "park-b", "level": "national", "hops": 1, "staff": 900},
      "a-plain": {"park": "park-a2"}}, ["a-plain", "b-national"]),
    # 2. national-level agency beats a nearer, bigger plain one
    ({"a-plain": {"park": "park-a2", "hops": 1, "staff": 900},
      "a-national": {"park": "park-a2", "level": "national"}}, ["a-national", "a-plain"]),
    # 2. an agency with branches counts like a national one
    ({"a-plain": {"park": "park-a2", "hops": 1, "staff": 900},
      "a-branched": {"park": "park-a2", "branches": 2}}, ["a-branched", "a-plain"]),
    # 2. national and branched share the level: distance decides between them
    ({"a-national": {"park": "park-a2", "level": "national", "hops": 2},
      "a-branched": {"park": "park-a2", "branches": 1, "hops": 1}},
     ["a-branched", "a-national"]),
    # 3. shorter collaboration distance, unreachable last
    ({"a-none": {"park": "park-a2", "staff": 900}, "a-two": {"park": "park-a2", "hops": 2},
      "a-one": {"park": "park-a2", "hops": 1}}, ["a-one", "a-two", "a-none"]),
    # 4. more staff, unknown staff last
    ({"a-unknown": {"park": "park-a2", "hops": 1}, "a-ten": {"park": "park-a2", "hops": 1,
      "staff": 10}, "a-fifty": {"park": "park-a2", "hops": 1, "staff": 50}},
     ["a-fifty", "a-ten", "a-unknown"]),
    # 5. ties broken by id
    ({"a-2": {"park": "park-a2", "staff": 5}, "a-1": {"park": "park-a2", "staff": 5}},
     ["a-1", "a-2"]),
    # platforms and teams are never national-level, whatever their properties say
    ({"a-platform": {"park": "park-a2", "label": "Platform", "level": "national", "hops": 1},
      "a-national": {"park": "park-a2", "level": "national", "hops": 2}},
     ["a-national", "a-platform"]),
])
def test_suggestion_ranking_levels(geo, candidates, order):
    suggestions = ranking_graph(geo, candidates)
    assert [s.actor.id for s in suggestions] == order
    assert [s.rank for s in suggestions] == list(range(1, len(order) + 1))


def test_suggestion_reasons_explain_each_level(geo):
    [first, second] = ranking_graph(geo, {
        "cand": {"park": "park-b", "level": "national", "branches": 2, "hops": 2, "staff": 120},
        "solo": {"park": "park-a2", "hops": 1},
    })
    assert second.reasons == ("other province (Province B)",
                              "national-level agency, has 2 branches",
                              "2 hops from Home in scope", "staff 120", "serves Rail")
    assert first.reasons == ("same province (Province A)", "not national-level, no branches",
                             "1 hop from Home in scope", "staff unknown", "serves Rail")
    assert (second.distance, second.nearest, second.branches, second.province) == (
        2, "home", 2, "prov-b")
    assert first.to_dict()["sameProvince"] is True


def test_suggestions_exclude_scope_actors_and_non_matching_providers(geo):
    geo.agency("inside", "park-a", [FINANCE], ["software"])          # MISMATCHED, in scope
    geo.agency("wrong-industry", "park-a2", [FINANCE], ["software"])
    geo.agency("no-industry", "park-a2", [FINANCE])
    geo.agency("ancestor", "park-b", [FINANCE], ["manufacturing"])
    stage = find_stage_gaps(geo.build(), "park-a").stage(FINANCE)
    assert stage.status is StageStatus.MISMATCHED
    assert [s.actor.id for s in stage.suggestions] == ["ancestor"]


def test_without_focus_any_outside_provider_is_suggested(geo):
    geo.agency("x", "park-b", [FINANCE], ["software"]).agency("y", "park-a", [FINANCE])
    stage = find_stage_gaps(geo.build(), "park-a2").stage(FINANCE)
    assert [s.actor.id for s in stage.suggestions] == ["y", "x"]  # y: same province
    assert stage.suggestions[0].reasons[-1] == "staff unknown"     # no "serves" reason


@pytest.mark.parametrize(("k", "expected"), [(0, []), (1, ["a"]), (2, ["a", "b"]),
                                             (5, ["a", "b", "c"])])
def test_suggestion_count_is_capped(geo, k, expected):
    for cid in "abc":
        geo.agency(cid, "park-a2", [FINANCE], ["rail"])
    stage = find_stage_gaps(geo.build(), "park-a", suggestions=k).stage(FINANCE)
    assert [s.actor.id for s in stage.suggestions] == expected


def test_only_gap_stages_get_suggestions(geo):
    geo.agency("p1", "park-a", [FINANCE, RD], ["rail"]).agency("p2", "park-a", [FINANCE])
    geo.agency("p3", "park-a", [FINANCE], ["rail"])
    geo.agency("out", "park-b", [FINANCE, RD, TEST], ["rail"])
    report = find_stage_gaps(geo.build(), "park-a")
    assert report.stage(FINANCE).status is StageStatus.COVERED
    assert report.stage(FINANCE).suggestions == ()
    assert [s.actor.id for s in report.stage(RD).suggestions] == ["out"]    # THIN
    assert [s.actor.id for s in report.stage(TEST).suggestions] == ["out"]  # MISSING


def test_negative_suggestion_count_is_rejected(geo):
    with pytest.raises(ValueError, match="suggestions must be >= 0"):
        find_stage_gaps(geo.build(), "park-a", suggestions=-1)


def test_distance_search_is_bounded(geo):
    geo.agency("home", "park-a", [RD], ["rail"])
    previous = "home"
    for n in range(8):  # a chain of 8 partners, then the candidate at 9 hops
        geo.agency(f"hop-{n}", "park-b").link(previous, "PARTNERS_WITH", f"hop-{n}")
        previous = f"hop-{n}"
    geo.agency("far", "park-a2", [FINANCE], ["rail"]).link(previous, "PARTNERS_WITH", "far")
    [suggestion] = find_stage_gaps(geo.build(), "park-a").stage(FINANCE).suggestions
    assert suggestion.distance is None
    assert suggestion.reasons[2] == "no collaboration path to the scope within 6 hops"
