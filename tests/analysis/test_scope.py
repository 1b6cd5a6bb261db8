from __future__ import annotations

import pytest

from analysis.scope import (
    ScopeError,
    actor_matches,
    province_of_park,
    province_of_region,
    resolve_scope,
    scope_neighbourhood,
)


def test_park_scope_holds_the_actors_located_in_it(geo):
    geo.agency("ag-1", "park-a").platform("pf-1", "park-a").team("tm-1", "park-a")
    geo.agency("ag-elsewhere", "park-b")
    geo.cluster("cl-1", parks=["park-a"])  # clusters are LOCATED_IN parks but are no actors
    geo.project("proj-1", "park-a")
    scope = resolve_scope(geo.build(), "park-a")
    assert scope.label == "Park"
    assert scope.parks == ("park-a",)
    assert scope.actors == ("ag-1", "pf-1", "tm-1")
    assert scope.focus_industries == ("equipment",)
    assert scope.provinces == ("prov-a",)


def test_cluster_scope_adds_members_located_outside_its_parks(geo):
    geo.cluster("cl-1", parks=["park-a", "park-a2"], industries=["rail"])
    geo.agency("ag-in-a", "park-a").agency("ag-in-a2", "park-a2")
    geo.agency("ag-member", "park-b").link("ag-member", "MEMBER_OF", "cl-1")
    geo.agency("ag-not-member", "park-b")
    scope = resolve_scope(geo.build(), "cl-1")
    assert scope.parks == ("park-a", "park-a2")
    assert scope.actors == ("ag-in-a", "ag-in-a2", "ag-member")
    assert scope.focus_industries == ("rail",)  # the cluster's own, not its parks'
    assert scope.provinces == ("prov-a",)


def test_region_scope_recurses_through_part_of(geo):
    geo.region("district-a", kind="city", parent="city-a")
    geo.park("park-deep", region="district-a", industries=["software"])
    geo.agency("ag-a", "park-a").agency("ag-a2", "park-a2").agency("ag-deep", "park-deep")
    geo.agency("ag-b", "park-b")
    scope = resolve_scope(geo.build(), "prov-a")
    assert scope.parks == ("park-a", "park-a2", "park-deep")
    assert scope.actors == ("ag-a", "ag-a2", "ag-deep")
    assert scope.regions == ("city-a", "city-a2", "district-a", "prov-a")
    assert scope.focus_industries == ("equipment", "software")  # union over its parks
    assert scope.provinces == ("prov-a",)


def test_city_scope_only_holds_its_own_parks(geo):
    geo.agency("ag-a", "park-a").agency("ag-a2", "park-a2")
    scope = resolve_scope(geo.build(), "city-a")
    assert (scope.parks, scope.actors, scope.provinces) == (("park-a",), ("ag-a",), ("prov-a",))


@pytest.mark.parametrize(("served", "matches"), [
    (["equipment"], True),       # the focus industry itself
    (["rail"], True),            # a descendant
    (["manufacturing"], True),   # an ancestor
    (["machinery"], False),      # a sibling is neither
    (["software"], False),
    ([], False),
    (["software", "rail"], True),
])
def test_industry_matching_through_descendants_and_ancestors(geo, served, matches):
    G = geo.agency("ag-1", "park-a", industries=served).build()
    scope = resolve_scope(G, "park-a")
    assert sorted(scope.matching_industries) == ["equipment", "manufacturing", "rail"]
    assert scope.matches(G, "ag-1") is matches


def test_without_focus_industries_every_actor_matches(geo):
    G = geo.agency("ag-1", "park-a2", industries=["software"]).agency("ag-2", "park-a2").build()
    scope = resolve_scope(G, "park-a2")
    assert scope.focus_industries == ()
    assert [scope.matches(G, a) for a in scope.actors] == [True, True]
    assert actor_matches(G, "ag-2", frozenset()) is True


def test_unknown_scope_id_is_a_scope_error_and_a_key_error(geo):
    with pytest.raises(ScopeError) as raised:
        resolve_scope(geo.build(), "nowhere")
    assert isinstance(raised.value, KeyError)
    assert str(raised.value) == "unknown scope 'nowhere': no park, cluster or region has this id"


@pytest.mark.parametrize(("node", "label"), [("equipment", "an Industry"),
                                             ("ag-1", "an Agency"), ("finance", "a ServiceStage")])
def test_scope_of_the_wrong_kind_is_rejected(geo, node, label):
    G = geo.agency("ag-1", "park-a", ["finance"]).build()
    with pytest.raises(ScopeError) as raised:
        resolve_scope(G, node)
    assert str(raised.value) == f"{node!r} is {label}, not a park, cluster or region"


def test_expected_scope_kind_is_checked(geo):
    G = geo.cluster("cl-1", parks=["park-a"]).build()
    assert resolve_scope(G, "cl-1", expect="Cluster").label == "Cluster"
    with pytest.raises(ScopeError) as raised:
        resolve_scope(G, "cl-1", expect="Park")
    assert str(raised.value) == "'cl-1' is a Cluster, not a Park"


def test_province_lookup_tolerates_missing_neighbours(geo):
    G = geo.build()
    G.add_node("park-orphan", label="Park")
    G.add_node("city-orphan", label="Region", kind="city")
    G.add_edge("park-orphan", "city-orphan", key="IN_REGION", type="IN_REGION")
    G.add_node("region-unknown-kind", label="Region")
    assert province_of_park(G, "park-a") == "prov-a"
    assert province_of_park(G, "park-orphan") is None  # its province is not in G
    assert province_of_region(G, "region-unknown-kind") == "region-unknown-kind"
    assert province_of_region(G, "absent") is None
    assert resolve_scope(G, "park-orphan").provinces == ()


def test_scope_is_robust_to_missing_properties_and_regions(geo):
    G = geo.build()
    G.add_node("bare-park", label="Park")  # no name, no region, no focus
    G.add_node("bare-agency", label="Agency")
    G.add_edge("bare-agency", "bare-park", key="LOCATED_IN", type="LOCATED_IN")
    scope = resolve_scope(G, "bare-park")
    assert (scope.name, scope.actors, scope.provinces) == ("bare-park", ("bare-agency",), ())


def test_neighbourhood_holds_what_a_score_reads(example):
    scope = resolve_scope(example, "cluster-a")
    nodes = scope_neighbourhood(example, scope)
    assert {"cluster-a", "park-a", "ag-vc", "ag-out", "proj-1", "prov-a", "torch-center",
            "materials", "new-materials", "finance", "city-a"} <= nodes
    assert "park-b" in nodes  # ag-vc's park, a direct neighbour
    assert "prov-b" not in nodes


def test_scope_to_dict_is_json_friendly(example):
    data = resolve_scope(example, "cluster-a").to_dict()
    assert data["focusIndustries"] == ["new-materials"]
    assert data["actors"][0] == "ag-ip"
    assert data["provinces"] == ["prov-a"]
