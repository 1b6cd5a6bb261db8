"""Every object type and every relationship field (both directions) over HTTP, on `tiny`.

Asserts the exact ids, scalar values and relationship properties of the fixture dataset;
node(id) / nodes(ids) with inline fragments; service stages in taxonomy order.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.model import SERVICE_STAGES
from schema.registry import OBJECT_TYPES, rel_fields
from tests.schema.conftest import GraphQL, ids
from tests.schema.tiny import ENTITY_IDS, KIND_OF

pytestmark = pytest.mark.usefixtures("tiny_graph")

# (type, id, relationship field, expected: ids in order, one id, None, or stage codes)
RELATIONSHIP_CASES: list[tuple[str, str, str, Any]] = [
    ("Region", "r-bjc", "parent", "r-bj"),
    ("Region", "r-bj", "parent", None),
    ("Region", "r-bj", "children", ["r-bjc"]),
    ("Region", "r-gd", "children", ["r-sz"]),
    ("Region", "r-bjc", "parks", ["p-zgc"]),
    ("Region", "r-sz", "parks", ["p-sz"]),
    ("Region", "r-bj", "parks", []),  # not recursive
    ("Region", "r-bj", "funds", ["p-zgc", "p-zgc"]),  # two FUNDS relationships
    ("Industry", "i-mob", "parent", "i-it"),
    ("Industry", "i-it", "parent", None),
    ("Industry", "i-it", "children", ["i-mob"]),
    ("Industry", "i-it", "parks", ["p-zgc"]),
    ("Industry", "i-bio", "parks", ["p-sz"]),
    ("Industry", "i-mob", "clusters", ["c-mob"]),
    ("Industry", "i-it", "providers", ["a-ttc", "t-lead"]),
    ("Industry", "i-mob", "providers", ["a-ttc-sz", "pl-test"]),
    ("Industry", "i-mob", "projects", ["pr-5g"]),
    ("Industry", "i-bio", "projects", []),
    ("Park", "p-zgc", "region", "r-bjc"),
    ("Park", "p-sz", "region", "r-sz"),
    ("Park", "p-zgc", "industries", ["i-it"]),
    ("Park", "p-sz", "industries", ["i-bio", "i-mob"]),
    ("Park", "p-zgc", "agencies", ["a-ttc"]),
    ("Park", "p-sz", "agencies", ["a-ttc-sz", "a-vc"]),
    ("Park", "p-zgc", "platforms", ["pl-test"]),
    ("Park", "p-sz", "platforms", []),
    ("Park", "p-zgc", "talentTeams", ["t-lead"]),
    ("Park", "p-zgc", "clusters", ["c-mob"]),
    ("Park", "p-zgc", "projects", ["pr-5g"]),
    ("Park", "p-sz", "projects", []),
    ("Park", "p-zgc", "funders", ["r-bj", "r-bj"]),
    ("Park", "p-sz", "funders", []),
    ("Cluster", "c-mob", "parks", ["p-zgc"]),
    ("Cluster", "c-mob", "industries", ["i-mob"]),
    ("Cluster", "c-mob", "members", ["a-vc"]),
    ("Agency", "a-ttc", "park", "p-zgc"),
    ("Agency", "a-vc", "park", "p-sz"),
    ("Agency", "a-ttc", "stages", ["technology_transfer", "consulting"]),  # taxonomy order
    ("Agency", "a-vc", "stages", ["finance"]),
    ("Agency", "a-ttc", "industries", ["i-it"]),
    ("Agency", "a-vc", "industries", []),
    ("Agency", "a-ttc", "supports", ["pr-5g"]),
    ("Agency", "a-vc", "clusters", ["c-mob"]),
    ("Agency", "a-ttc-sz", "parent", "a-ttc"),
    ("Agency", "a-ttc", "parent", None),
    ("Agency", "a-ttc", "branches", ["a-ttc-sz"]),
    ("Agency", "a-ttc", "platforms", ["pl-test"]),
    ("Agency", "a-ttc", "teams", ["t-lead"]),
    ("Agency", "a-vc", "investments", ["pr-5g"]),
    ("Agency", "a-ttc", "partners", ["a-vc"]),  # stored a-ttc -> a-vc
    ("Agency", "a-vc", "partners", ["a-ttc"]),  # the other direction
    ("Agency", "a-ttc-sz", "partners", []),
    ("Agency", "a-ttc", "funders", []),
    ("Agency", "a-ttc", "funds", []),
    ("Platform", "pl-test", "park", "p-zgc"),
    ("Platform", "pl-test", "stages", ["testing_certification"]),
    ("Platform", "pl-test", "industries", ["i-mob"]),
    ("Platform", "pl-test", "supports", []),
    ("Platform", "pl-test", "clusters", []),
    ("Platform", "pl-test", "operator", "a-ttc"),
    ("Platform", "pl-test", "partners", []),
    ("Platform", "pl-test", "funders", []),
    ("TalentTeam", "t-lead", "park", "p-zgc"),
    ("TalentTeam", "t-lead", "stages", ["intellectual_property"]),
    ("TalentTeam", "t-lead", "industries", ["i-it"]),
    ("TalentTeam", "t-lead", "supports", []),
    ("TalentTeam", "t-lead", "clusters", []),
    ("TalentTeam", "t-lead", "affiliation", "a-ttc"),
    ("Project", "pr-5g", "park", "p-zgc"),
    ("Project", "pr-5g", "industries", ["i-mob"]),
    ("Project", "pr-5g", "supporters", ["a-ttc"]),
    ("Project", "pr-5g", "investors", ["a-vc"]),
    ("ServiceStage", "technology_transfer", "providers", ["a-ttc", "a-ttc-sz"]),
    ("ServiceStage", "finance", "providers", ["a-vc"]),
    ("ServiceStage", "testing_certification", "providers", ["pl-test"]),
    ("ServiceStage", "incubation", "providers", []),
]


def _selection(type_name: str, field: str) -> str:
    rel = next(r for r in rel_fields(type_name) if r.name == field)
    if rel.target == "ServiceStage":
        return f"{field} {{ code }}"
    if rel.many:
        return f"{field} {{ totalCount edges {{ node {{ id __typename }} }} }}"
    return f"{field} {{ id __typename }}"


def _fetch(gql: GraphQL, type_name: str, key: str, selection: str,
           method: str = "POST") -> dict[str, Any]:
    if type_name == "ServiceStage":
        data = gql.data(f"{{ serviceStage(code: {key.upper()}) {{ {selection} }} }}",
                        method=method)
        return data["serviceStage"]  # type: ignore[no-any-return]
    query = f'{{ node(id: "{key}") {{ __typename ... on {type_name} {{ {selection} }} }} }}'
    data = gql.data(query, method=method)
    assert data["node"]["__typename"] == type_name
    return data["node"]  # type: ignore[no-any-return]


def test_every_relationship_field_is_covered() -> None:
    covered = {(t, f) for t, _, f, _ in RELATIONSHIP_CASES}
    declared = {(t, r.name) for t in OBJECT_TYPES for r in rel_fields(t)}
    assert declared <= covered, sorted(declared - covered)


@pytest.mark.parametrize(("type_name", "key", "field", "expected"), RELATIONSHIP_CASES,
                         ids=[f"{t}.{f}({k})" for t, k, f, _ in RELATIONSHIP_CASES])
def test_relationship_field(gql: GraphQL, type_name: str, key: str, field: str,
                            expected: Any) -> None:
    value = _fetch(gql, type_name, key, _selection(type_name, field))[field]
    if expected is None or isinstance(expected, str):
        if expected is None:
            assert value is None
        else:
            assert value == {"id": expected, "__typename": KIND_OF[expected]}
    elif value is not None and "edges" in value:
        assert ids(value) == expected
        assert value["totalCount"] == len(expected)
        assert [e["node"]["__typename"] for e in value["edges"]] == \
            [KIND_OF[i] for i in expected]
    else:
        assert [s["code"] for s in value] == expected


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_partners_carry_year_and_weight_in_both_directions(gql: GraphQL, method: str) -> None:
    query = """query($id: ID!) { node(id: $id) { ... on Agency { partners {
        edges { node { id } properties { year weight role amountMillionCny program } } } } } }"""
    props = {"year": 2012, "weight": 0.8, "role": None, "amountMillionCny": None,
             "program": None}
    for me, other in (("a-ttc", "a-vc"), ("a-vc", "a-ttc")):
        edges = gql.data(query, {"id": me}, method)["node"]["partners"]["edges"]
        assert edges == [{"node": {"id": other}, "properties": props}]


@pytest.mark.parametrize(("type_name", "key", "field", "expected"), [
    ("Park", "p-zgc", "projects", [("pr-5g", {"year": 2014})]),
    ("Park", "p-zgc", "funders", [
        ("r-bj", {"program": "provincial_match", "amountMillionCny": 20.0, "year": 2013}),
        ("r-bj", {"program": "provincial_match", "amountMillionCny": 30.0, "year": 2014}),
    ]),
    ("Region", "r-bj", "funds", [
        ("p-zgc", {"program": "provincial_match", "amountMillionCny": 20.0, "year": 2013}),
        ("p-zgc", {"program": "provincial_match", "amountMillionCny": 30.0, "year": 2014}),
    ]),
    ("Project", "pr-5g", "supporters", [("a-ttc", {"role": "transfer", "year": 2014})]),
    ("Agency", "a-ttc", "supports", [("pr-5g", {"role": "transfer", "year": 2014})]),
    ("Project", "pr-5g", "investors", [("a-vc", {"amountMillionCny": 25.0, "year": 2014})]),
    ("Agency", "a-vc", "investments", [("pr-5g", {"amountMillionCny": 25.0, "year": 2014})]),
])
def test_relationship_properties(gql: GraphQL, type_name: str, key: str, field: str,
                                 expected: list[tuple[str, dict[str, Any]]]) -> None:
    selection = (f"{field} {{ edges {{ node {{ id }} "
                 "properties { year weight role amountMillionCny program } } }")
    edges = _fetch(gql, type_name, key, selection)[field]["edges"]
    blank = dict.fromkeys(("year", "weight", "role", "amountMillionCny", "program"))
    got = sorted(((e["node"]["id"], e["properties"]) for e in edges),
                 key=lambda item: (item[0], item[1]["year"]))
    assert got == [(i, {**blank, **props}) for i, props in expected]


def test_relationships_without_properties_have_null_properties(gql: GraphQL) -> None:
    edges = _fetch(gql, "Park", "p-sz", "agencies { edges { properties { year } } }")
    assert edges["agencies"]["edges"] == [{"properties": None}, {"properties": None}]


SCALAR_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("Region", "r-bjc", {"name": "Beijing City", "nameZh": "北京", "kind": "CITY"}),
    ("Region", "r-gd", {"name": "Guangdong", "nameZh": "广东省", "kind": "PROVINCE"}),
    ("Industry", "i-mob", {"name": "Mobile internet", "nameZh": "移动互联网",
                           "category": "STRATEGIC_EMERGING"}),
    ("Park", "p-zgc", {"name": "Zhongguancun Science Park", "nameZh": "中关村科技园区",
                       "level": "NATIONAL", "approvedYear": 1988, "pilot": True,
                       "pilotYear": 2012}),
    ("Park", "p-sz", {"nameZh": "深圳市高新技术产业园区", "approvedYear": 1991, "pilot": False,
                      "pilotYear": None}),
    ("Cluster", "c-mob", {"name": "Zhongguancun mobile internet", "kind": "INDUSTRIAL_CLUSTER",
                          "establishedYear": 2013}),
    ("Agency", "a-ttc", {"name": "Zhongguancun Technology Transfer Center",
                         "nameZh": "中关村技术转移中心", "kind": "TECH_TRANSFER",
                         "level": "NATIONAL", "backbone": True, "foundedYear": 2001,
                         "staff": 120}),
    ("Agency", "a-vc", {"kind": "VENTURE_CAPITAL", "level": "PRIVATE", "backbone": False,
                        "foundedYear": 2008, "staff": 30}),
    ("Platform", "pl-test", {"name": "Beijing testing platform", "nameZh": "北京检测平台",
                             "kind": "TESTING_INSPECTION", "open": True,
                             "establishedYear": 2011}),
    ("TalentTeam", "t-lead", {"name": "IP leading talent", "nameZh": "知识产权领军人才",
                              "kind": "LEADING_TALENT", "size": 1, "establishedYear": 2013}),
    ("Project", "pr-5g", {"name": "5G chip transfer", "nameZh": "5G芯片成果转化",
                          "program": "NATIONAL_MAJOR", "status": "LANDED",
                          "contractValueMillionCny": 350.5, "year": 2014}),
]


@pytest.mark.parametrize(("type_name", "key", "expected"), SCALAR_CASES,
                         ids=[f"{t}({k})" for t, k, _ in SCALAR_CASES])
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_scalar_fields(gql: GraphQL, type_name: str, key: str, expected: dict[str, Any],
                       method: str) -> None:
    selection = " ".join(["id", "source", "synthetic", "createdAt", "updatedAt", *expected])
    node = _fetch(gql, type_name, key, selection, method)
    assert {k: node[k] for k in expected} == expected
    assert node["id"] == key
    assert node["source"] == "tiny"
    assert node["synthetic"] is None  # not given in the files
    assert node["createdAt"] and node["createdAt"] == node["updatedAt"]


@pytest.mark.parametrize(("root", "kind"), [
    ("regions", "Region"), ("industries", "Industry"), ("parks", "Park"),
    ("clusters", "Cluster"), ("agencies", "Agency"), ("platforms", "Platform"),
    ("talentTeams", "TalentTeam"), ("projects", "Project"),
])
def test_root_lists_return_every_entity_of_their_kind_by_id(gql: GraphQL, root: str,
                                                            kind: str) -> None:
    data = gql.data(f"{{ {root} {{ totalCount edges {{ node {{ __typename id }} }} }} }}")
    assert ids(data[root]) == ENTITY_IDS[kind]
    assert data[root]["totalCount"] == len(ENTITY_IDS[kind])
    assert {e["node"]["__typename"] for e in data[root]["edges"]} == {kind}


def test_node_with_inline_fragments_on_several_types(gql: GraphQL) -> None:
    query = """query($id: ID!) { node(id: $id) { id __typename
        ... on Park { level approvedYear region { name } }
        ... on Agency { kind staff park { id } }
        ... on Region { regionKind: kind parent { id } }
        ... on Project { program park { id } } } }"""
    expected = {
        "p-zgc": {"id": "p-zgc", "__typename": "Park", "level": "NATIONAL",
                  "approvedYear": 1988, "region": {"name": "Beijing City"}},
        "a-vc": {"id": "a-vc", "__typename": "Agency", "kind": "VENTURE_CAPITAL",
                 "staff": 30, "park": {"id": "p-sz"}},
        "r-sz": {"id": "r-sz", "__typename": "Region", "regionKind": "CITY",
                 "parent": {"id": "r-gd"}},
        "pr-5g": {"id": "pr-5g", "__typename": "Project", "program": "NATIONAL_MAJOR",
                  "park": {"id": "p-zgc"}},
        "i-it": {"id": "i-it", "__typename": "Industry"},
    }
    for key, node in expected.items():
        assert gql.data(query, {"id": key})["node"] == node


def test_same_response_key_in_fragments_on_different_types(gql: GraphQL) -> None:
    """`year` and `park` mean different fields on each type: each gets its own."""
    query = """{ nodes(ids: ["p-zgc", "a-ttc", "r-bj", "pl-test", "c-mob"]) { id
        ... on Park { year: approvedYear }
        ... on Agency { year: foundedYear kind park { id } }
        ... on Region { year: closedYear }
        ... on Platform { year: establishedYear park { name } }
        ... on Cluster { year: establishedYear parks { totalCount } } } }"""
    assert gql.data(query)["nodes"] == [
        {"id": "p-zgc", "year": 1988},
        {"id": "a-ttc", "year": 2001, "kind": "TECH_TRANSFER", "park": {"id": "p-zgc"}},
        {"id": "r-bj", "year": None},
        {"id": "pl-test", "year": 2011, "park": {"name": "Zhongguancun Science Park"}},
        {"id": "c-mob", "year": 2013, "parks": {"totalCount": 1}},
    ]


def test_enum_fields_of_different_enums_need_aliases_under_one_key(gql: GraphQL) -> None:
    """Each type's `kind` is its own enum (AgencyKind, RegionKind...): GraphQL refuses them
    under one response key, as for any two fields of different types; aliases read both."""
    body = gql("""{ nodes(ids: ["a-ttc", "r-bj"]) {
        ... on Agency { kind } ... on Region { kind } } }""")
    assert "data" not in body or body["data"] is None
    assert "AgencyKind" in body["errors"][0]["message"]
    assert "RegionKind" in body["errors"][0]["message"]
    aliased = gql.data("""{ nodes(ids: ["a-ttc", "r-bj"]) {
        ... on Agency { agencyKind: kind } ... on Region { regionKind: kind } } }""")
    assert aliased["nodes"] == [{"agencyKind": "TECH_TRANSFER"}, {"regionKind": "PROVINCE"}]


def test_named_fragments_and_interface_fragments(gql: GraphQL) -> None:
    query = """
        fragment Names on Entity { name nameZh }
        fragment AgencyBits on Agency { staff ...Names }
        { node(id: "a-vc") { ...Names ... on Node { id } ...AgencyBits } }"""
    assert gql.data(query)["node"] == {"name": "Shenzhen Angel Fund", "nameZh": "深圳天使基金",
                                       "id": "a-vc", "staff": 30}


def test_unknown_node_is_null(gql: GraphQL) -> None:
    assert gql.data('{ node(id: "nope") { id } }') == {"node": None}


def test_nodes_keep_order_and_give_null_for_unknown_ids(gql: GraphQL) -> None:
    query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Entity { name } } }'
    wanted = ["p-sz", "nope", "a-vc", "r-bj", "", "p-sz"]
    nodes = gql.data(query, {"ids": wanted})["nodes"]
    assert [n and n["id"] for n in nodes] == ["p-sz", None, "a-vc", "r-bj", None, "p-sz"]
    assert nodes[2] == {"id": "a-vc", "__typename": "Agency", "name": "Shenzhen Angel Fund"}
    assert gql.data('{ nodes(ids: []) { id } }') == {"nodes": []}


def test_service_stages_in_taxonomy_order(gql: GraphQL) -> None:
    stages = gql.data("{ serviceStages { code name nameZh order } }")["serviceStages"]
    assert stages == [{"code": code, "name": name, "nameZh": zh, "order": i}
                      for i, (code, name, zh) in enumerate(SERVICE_STAGES, start=1)]


def test_service_stage_by_code_and_unknown_code(gql: GraphQL) -> None:
    """`code` takes a ServiceStageCode (FINANCE); the stage's `code` field is the stored
    code (`finance`), as the chain reports give it."""
    data = gql.data("{ a: serviceStage(code: FINANCE) { code nameZh order } }")
    assert data == {"a": {"code": "finance", "nameZh": "科技金融", "order": 7}}
    body = gql('{ b: serviceStage(code: NOPE) { code } c: serviceStage(code: "finance") '
               "{ code } }")
    assert "data" not in body
    assert [e["message"] for e in body["errors"]] == [
        "Value 'NOPE' does not exist in 'ServiceStageCode' enum.",
        "Enum 'ServiceStageCode' cannot represent non-enum value: \"finance\". "
        "Did you mean the enum value 'FINANCE'?"]


def test_service_stage_providers_are_a_connection_of_entities(gql: GraphQL) -> None:
    data = gql.data("""{ serviceStages { code providers(orderBy: [{field: ID, direction: DESC}])
        { totalCount edges { node { id __typename ... on Agency { staff } } } } } }""")
    got = {s["code"]: s["providers"] for s in data["serviceStages"]}
    assert got["technology_transfer"] == {"totalCount": 2, "edges": [
        {"node": {"id": "a-ttc-sz", "__typename": "Agency", "staff": 15}},
        {"node": {"id": "a-ttc", "__typename": "Agency", "staff": 120}}]}
    assert got["intellectual_property"]["edges"] == [
        {"node": {"id": "t-lead", "__typename": "TalentTeam"}}]
    assert {code: p["totalCount"] for code, p in got.items()} == {
        "research_development": 0, "technology_transfer": 2, "testing_certification": 1,
        "incubation": 0, "intellectual_property": 1, "consulting": 1, "finance": 1,
        "popularization": 0, "comprehensive": 0}
