"""Matching funds per province and year (analysis/funding.py), on hand-made graphs."""

from __future__ import annotations

from analysis.funding import funding_match
from tests.analysis.graphs import base


def pilot(b, pilot_id, subject, province, type_="service_system_park", approved=2012,
          **years):
    b.node(pilot_id, "Pilot", type=type_, yearApplied=approved - 1,
           yearRecommended=approved - 1, yearApproved=approved, **years)
    b.link(pilot_id, "PILOT_OF", subject).link(pilot_id, "PILOT_IN", province)


def graph():
    """Province A: pilot park-a (2012) with an agency inside; Province B: pilot cluster
    on park-b (2013). Grants: Torch to park-a and to the agency inside it, matching and
    non-matching provincial grants, Torch to a park that is no pilot, an undated grant."""
    b = base()
    b.agency("torch-center", name="Torch Center", level="national")
    b.agency("ag-in", "park-a", name="Agency in park A")
    b.cluster("cl-b", parks=["park-b"], name="Cluster B")
    b.agency("ag-member", "park-b").link("ag-member", "MEMBER_OF", "cl-b")
    pilot(b, "pilot-a", "park-a", "prov-a")
    pilot(b, "pilot-b", "cl-b", "prov-b", type_="cluster_pilot", approved=2013)
    fund = [("torch-center", "park-a", "torch_program", 10.0, 2013),
            ("torch-center", "ag-in", "innovation_fund", 2.0, 2013),
            ("prov-a", "park-a", "sts_pilot_matching", 20.0, 2013),
            ("prov-a", "park-a", "provincial_match", 4.0, 2013),
            ("prov-a", "park-a2", "platform_construction", 7.0, 2013),
            ("torch-center", "park-a2", "torch_program", 3.0, 2013),
            ("prov-a", "park-a", "sts_pilot_matching", 99.0, 2014),
            ("prov-a", "park-a", "sts_pilot_matching", 1.0, None),
            ("torch-center", "ag-member", "innovation_fund", 5.0, 2013),
            ("prov-b", "cl-b", "sts_pilot_matching", 5.0, 2013)]
    for funder, recipient, program, amount, year in fund:
        b.link(funder, "FUNDS", recipient, program=program, amountMillionCny=amount,
               **({} if year is None else {"year": year}))
    return b.build()


def test_torch_money_to_an_agency_in_a_pilot_park_is_counted():
    a = funding_match(graph(), 2013, "prov-a")[0]
    assert a.torch_million_cny == 12.0
    torch = {(g.recipient.id, g.pilot.id) for g in a.counted if g.role == "torch"}
    assert torch == {("park-a", "park-a"), ("ag-in", "park-a")}


def test_only_the_matching_programmes_count_and_the_rest_is_listed_as_excluded():
    a = funding_match(graph(), 2013, "prov-a")[0]
    assert a.matching_million_cny == 24.0  # sts_pilot_matching 20 + provincial_match 4
    assert (a.ratio, a.compliant, a.compliant_alt_reading) == (2.0, True, True)
    excluded = {(g.recipient.id, g.program, g.reason) for g in a.excluded}
    assert excluded == {("park-a2", "platform_construction", "not_matching_programme"),
                        ("park-a2", "torch_program", "not_in_pilot"),
                        ("park-a", "sts_pilot_matching", "undated")}


def test_a_province_whose_only_extra_grant_does_not_qualify_is_not_compliant():
    G = graph()
    G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                         if d.get("program") in ("sts_pilot_matching", "provincial_match")
                         and u == "prov-a"])
    a = funding_match(G, 2013, "prov-a")[0]
    assert (a.matching_million_cny, a.ratio, a.compliant, a.compliant_alt_reading) == (
        0.0, 0.0, False, False)
    assert [g.program for g in a.excluded if g.reason == "not_matching_programme"] == [
        "platform_construction"]


def test_cluster_pilot_members_count_for_the_pilot_province_from_its_approval():
    rows = {m.province.id: m for m in funding_match(graph(), 2013)}
    b = rows["prov-b"]
    assert (b.torch_million_cny, b.matching_million_cny, b.ratio, b.compliant) == (
        5.0, 5.0, 1.0, False)
    assert [p.id for p in b.pilots] == ["cl-b"]
    G = graph()
    G.nodes["pilot-b"]["yearApproved"] = 2014  # not active in 2013: its money is not counted
    G.nodes["pilot-b"]["yearRecommended"] = 2014
    b12 = {m.province.id: m for m in funding_match(G, 2013)}["prov-b"]
    assert b12.torch_million_cny == 0.0 and b12.ratio is None and b12.compliant is None
    assert {g.reason for g in b12.excluded} == {"not_in_pilot"}


def test_grants_of_other_years_are_not_counted():
    rows = funding_match(graph(), 2014, "prov-a")
    assert (rows[0].torch_million_cny, rows[0].matching_million_cny, rows[0].ratio) == (
        0.0, 99.0, None)


def test_rows_serialise_with_their_grants():
    data = funding_match(graph(), 2013, "prov-a")[0].to_dict()
    assert data["province"]["id"] == "prov-a" and data["matchingMillionCny"] == 24.0
    assert {g["reason"] for g in data["excluded"]} == {"not_matching_programme",
                                                       "not_in_pilot", "undated"}
