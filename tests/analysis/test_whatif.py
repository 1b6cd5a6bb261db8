from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.changes import Change, ChangeError, ChangeOp, apply_changes
from analysis.scope import ScopeError
from analysis.vocab import STAGE_CODES
from analysis.whatif import what_if
from tests.analysis.graphs import snapshot
from tests.analysis.strategies import scoped_graphs


def edge_types(G, u, v):
    return sorted(d["type"] for d in G[u][v].values()) if G.has_edge(u, v) else []


def test_add_actor_with_park_stages_industries_and_properties(example):
    H = apply_changes(example, [{
        "op": "add_actor", "label": "Platform", "id": "new", "name": "New platform",
        "kind": "finance", "parkId": "park-a", "stages": ["finance", "popularization"],
        "industries": ["materials"], "properties": {"open": True, "establishedYear": 2014}}])
    attrs = H.nodes["new"]
    assert (attrs["label"], attrs["name"], attrs["kind"], attrs["open"]) == (
        "Platform", "New platform", "finance", True)
    assert attrs["hypothetical"] is True
    assert edge_types(H, "new", "park-a") == ["LOCATED_IN"]
    assert edge_types(H, "new", "finance") == ["PROVIDES"]
    assert H.nodes["popularization"]["label"] == "ServiceStage"  # stage node created
    assert edge_types(H, "new", "materials") == ["SERVES_INDUSTRY"]


@pytest.mark.parametrize(("change", "check"), [
    ({"op": "remove_actor", "id": "ag-vc"}, lambda H: "ag-vc" not in H),
    ({"op": "update_actor", "id": "pf-info", "properties": {"open": True}},
     lambda H: H.nodes["pf-info"]["open"] is True),
    ({"op": "add_provision", "id": "ag-ip", "stage": "technology_transfer"},
     lambda H: edge_types(H, "ag-ip", "technology_transfer") == ["PROVIDES"]),
    ({"op": "add_provision", "id": "ag-rd", "stage": "research_development"},  # idempotent
     lambda H: edge_types(H, "ag-rd", "research_development") == ["PROVIDES"]),
    ({"op": "remove_provision", "id": "ag-rd", "stage": "research_development"},
     lambda H: not H.has_edge("ag-rd", "research_development")),
    ({"op": "add_link", "type": "PARTNERS_WITH", "source": "tm-inc", "target": "ag-vc"},
     None),  # teams cannot partner: checked below
    ({"op": "add_link", "type": "SUPPORTS", "source": "tm-inc", "target": "proj-2",
      "properties": {"role": "incubator"}},
     lambda H: H["tm-inc"]["proj-2"]["SUPPORTS"]["role"] == "incubator"),
    ({"op": "remove_link", "type": "PARTNERS_WITH", "source": "ag-test", "target": "ag-ip"},
     lambda H: not H.has_edge("ag-ip", "ag-test")),  # either direction
    ({"op": "remove_link", "type": "MEMBER_OF", "source": "ag-vc", "target": "cluster-a"},
     lambda H: not H.has_edge("ag-vc", "cluster-a")),
])
def test_each_operation(example, change, check):
    if check is None:
        with pytest.raises(ChangeError, match="'tm-inc' is a TalentTeam"):
            apply_changes(example, [change])
        return
    assert check(apply_changes(example, [change]))


@pytest.mark.parametrize(("change", "message"), [
    ({"op": "explode"}, "change 1: unknown change op 'explode'"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "colour": "red"},
     "change 1: unknown change field(s): colour"),
    ({"op": "add_actor", "label": "Park", "id": "x"},
     "change 1 (add_actor): label must be one of Agency, Platform, TalentTeam, not 'Park'"),
    ({"op": "add_actor", "label": "Agency"}, "change 1 (add_actor): id is required"),
    ({"op": "add_actor", "label": "Agency", "id": "ag-rd"},
     "change 1 (add_actor): id 'ag-rd' already exists"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "kind": "bakery"},
     "change 1 (add_actor): unknown Agency kind 'bakery'"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "parkId": "nowhere"},
     "change 1 (add_actor): unknown park 'nowhere'"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "parkId": "cluster-a"},
     "change 1 (add_actor): 'cluster-a' is a Cluster, not Park"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "stages": ["baking"]},
     "change 1 (add_actor): unknown stage 'baking'"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "industries": ["tea"]},
     "change 1 (add_actor): unknown industry 'tea'"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "stages": "finance"},
     "change 1: stages must be a list"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "properties": {"label": "Park"}},
     "change 1 (add_actor): properties may not set label"),
    ({"op": "add_actor", "label": "Agency", "id": "x", "properties": {"staff": [1]}},
     "change 1 (add_actor): property 'staff' must be a string, number, boolean or null"),
    ({"op": "remove_actor", "id": "park-a"},
     "change 1 (remove_actor): 'park-a' is a Park, not an agency, platform or talent team"),
    ({"op": "remove_actor", "id": "ghost"}, "change 1 (remove_actor): unknown actor 'ghost'"),
    ({"op": "update_actor", "id": "ag-rd", "properties": {"kind": "bakery"}},
     "change 1 (update_actor): unknown kind 'bakery' for Agency"),
    ({"op": "remove_provision", "id": "ag-rd", "stage": "finance"},
     "change 1 (remove_provision): 'ag-rd' does not provide 'finance'"),
    ({"op": "add_link", "type": "LIKES", "source": "ag-rd", "target": "ag-ip"},
     "change 1 (add_link): unknown relationship type 'LIKES'"),
    ({"op": "add_link", "type": "OPERATES", "source": "ag-rd", "target": "ag-ip"},
     "change 1 (add_link): 'ag-ip' is an Agency, not Platform"),
    ({"op": "add_link", "type": "PARTNERS_WITH", "source": "ag-rd", "target": "ag-rd"},
     "change 1 (add_link): a link needs two different nodes"),
    ({"op": "add_link", "type": "PART_OF", "source": "city-a", "target": "materials"},
     "change 1 (add_link): PART_OF links a region to a region or an industry to an industry"),
    ({"op": "remove_link", "type": "PARTNERS_WITH", "source": "ag-rd", "target": "ag-ip"},
     "change 1 (remove_link): no PARTNERS_WITH link from 'ag-rd' to 'ag-ip'"),
])
def test_invalid_changes_are_rejected_clearly(example, change, message):
    with pytest.raises(ChangeError) as raised:
        apply_changes(example, [change])
    assert str(raised.value).startswith(message)


def test_changes_apply_in_order_and_may_refer_to_earlier_ones(example):
    H = apply_changes(example, [
        Change(ChangeOp.ADD_ACTOR, id="n1", label="Agency", park_id="park-a"),
        {"op": "add_link", "type": "PARTNERS_WITH", "sourceId": "n1", "targetId": "ag-rd"},
        {"op": "remove_actor", "id": "n1"},
    ])
    assert "n1" not in H
    with pytest.raises(ChangeError, match=r"^change 2 "):
        apply_changes(example, [{"op": "remove_actor", "id": "ag-ip"},
                                {"op": "remove_actor", "id": "ag-ip"}])


def test_change_round_trips_through_dicts():
    data = {"op": "add_actor", "id": "x", "label": "Agency", "parkId": "p",
            "stages": ["finance"], "properties": {"staff": 3}}
    assert Change.from_dict(data).to_dict() == data


def test_what_if_compares_before_and_after(example):
    result = what_if(example, [
        {"op": "add_actor", "label": "Agency", "id": "tt", "parkId": "park-a",
         "stages": ["technology_transfer"], "industries": ["new-materials"]},
        {"op": "add_link", "type": "PARTNERS_WITH", "source": "tt", "target": "ag-ip"},
    ], "cluster-a")
    assert result.chain == "default"
    assert result.stage_changes == (("technology_transfer", "MISSING", "THIN"),)
    assert [h.status.value for h in result.after_gaps.handoffs] == [
        "CONNECTED", "CONNECTED", "CONNECTED", "BROKEN", "BROKEN"]
    assert result.before_score.score == 40.03
    assert result.delta == round(result.after_score.score - 40.03, 2) > 0
    deltas = dict(result.component_deltas)
    assert deltas["chain_coverage"] == pytest.approx(100 * 0.25 * 0.5 / 6)
    assert deltas["outcomes"] == 0.0
    data = result.to_dict()
    assert data["stageChanges"] == [
        {"stage": "technology_transfer", "before": "MISSING", "after": "THIN"}]
    assert data["changes"][1]["type"] == "PARTNERS_WITH"


def test_what_if_keeps_the_chain_and_reports_removed_scopes(example):
    result = what_if(example, [], "cluster-a", chain="next_gen_it")
    assert (result.chain, result.delta, result.stage_changes) == ("next_gen_it", 0.0, ())
    with pytest.raises(ScopeError):
        what_if(example, [], "nowhere")


def test_what_if_rejects_bad_changes_before_doing_anything(example):
    with pytest.raises(ChangeError, match="change 2: unknown change op"):
        what_if(example, [{"op": "remove_actor", "id": "ag-ip"}, {"op": "nope"}], "cluster-a")


RANDOM_CHANGE = st.fixed_dictionaries({
    "op": st.sampled_from(["add_actor", "remove_actor", "update_actor", "add_provision",
                           "remove_provision", "add_link", "remove_link"]),
    "id": st.sampled_from(["x0", "x1", "x2", "new", "park-a"]),
    "label": st.sampled_from(["Agency", "Platform", "TalentTeam"]),
    "parkId": st.sampled_from(["park-a", "park-b"]),
    "stage": st.sampled_from(STAGE_CODES),
    "stages": st.lists(st.sampled_from(STAGE_CODES), max_size=2),
    "type": st.sampled_from(["PARTNERS_WITH", "SUPPORTS", "MEMBER_OF"]),
    "source": st.sampled_from(["x0", "x1", "x2", "new"]),
    "target": st.sampled_from(["x0", "x1", "proj-0", "cl"]),
    "properties": st.dictionaries(st.sampled_from(["open", "staff"]),
                                  st.one_of(st.booleans(), st.integers(0, 9)), max_size=2),
})


@settings(max_examples=150, deadline=None)
@given(scoped_graphs(max_actors=4), st.lists(RANDOM_CHANGE, max_size=4))
def test_apply_changes_and_what_if_never_mutate_the_input(drawn, changes):
    b, scope_id, _ = drawn
    G = b.build()
    before = snapshot(G)
    try:
        apply_changes(G, changes)
        what_if(G, changes, scope_id)
    except (ChangeError, ScopeError):
        pass
    assert snapshot(G) == before
