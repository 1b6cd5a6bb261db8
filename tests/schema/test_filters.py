"""`where` filters of every operator family and `orderBy`, on `tiny`, as literals, as
variables (POST and GET) and nested inside relationship connections."""

from __future__ import annotations

from typing import Any

import pytest

from schema.registry import ROOT_LIST_FIELDS
from tests.schema.conftest import Enum, GraphQL, as_variable, error_code, ids, to_literal

pytestmark = pytest.mark.usefixtures("tiny_graph")

# (root field, where, expected ids in id order)
FILTER_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    # equality
    ("agencies", {"kind": Enum("VENTURE_CAPITAL")}, ["a-vc"]),
    ("parks", {"name": "Zhongguancun Science Park"}, ["p-zgc"]),
    ("parks", {"name": "zhongguancun science park"}, []),  # equality is exact
    ("regions", {"nameZh": "深圳"}, ["r-sz"]),
    ("agencies", {"id": "a-ttc"}, ["a-ttc"]),
    ("projects", {"year": 2014}, ["pr-5g"]),
    ("projects", {"contractValueMillionCny": 350.5}, ["pr-5g"]),
    # _in
    ("agencies", {"level_in": [Enum("NATIONAL"), Enum("PRIVATE")]}, ["a-ttc", "a-vc"]),
    ("agencies", {"id_in": ["a-vc", "nope", "p-zgc"]}, ["a-vc"]),
    ("agencies", {"foundedYear_in": [2001, 2008]}, ["a-ttc", "a-vc"]),
    ("agencies", {"kind_in": []}, []),
    # _contains: case-insensitive, English and Chinese
    ("agencies", {"name_contains": "zhongguancun"}, ["a-ttc"]),
    ("agencies", {"name_contains": "BRANCH"}, ["a-ttc-sz"]),
    ("agencies", {"nameZh_contains": "深圳"}, ["a-ttc-sz", "a-vc"]),
    ("agencies", {"nameZh_contains": "中关村"}, ["a-ttc", "a-ttc-sz"]),
    ("industries", {"nameZh_contains": "技术"}, ["i-it"]),
    # _startsWith: case-insensitive on strings, exact on ids
    ("regions", {"name_startsWith": "bei"}, ["r-bj", "r-bjc"]),
    ("regions", {"nameZh_startsWith": "北京"}, ["r-bj", "r-bjc"]),
    ("agencies", {"id_startsWith": "a-ttc"}, ["a-ttc", "a-ttc-sz"]),
    ("agencies", {"id_startsWith": "A-TTC"}, []),
    # numeric ranges
    ("agencies", {"staff_gt": 15}, ["a-ttc", "a-vc"]),
    ("agencies", {"staff_gte": 15, "staff_lte": 30}, ["a-ttc-sz", "a-vc"]),
    ("agencies", {"staff_lt": 15}, []),
    ("agencies", {"foundedYear_gte": 2005, "foundedYear_lt": 2010}, ["a-vc"]),
    ("parks", {"approvedYear_lte": 1988}, ["p-zgc"]),
    ("projects", {"contractValueMillionCny_gt": 350.4}, ["pr-5g"]),
    ("projects", {"contractValueMillionCny_gt": 350.5}, []),
    ("projects", {"contractValueMillionCny_gte": 350}, ["pr-5g"]),  # an Int for a Float
    # booleans
    ("agencies", {"backbone": True}, ["a-ttc"]),
    ("agencies", {"backbone": False}, ["a-ttc-sz", "a-vc"]),
    ("parks", {"pilot": True}, ["p-zgc"]),
    ("parks", {"pilot": False}, ["p-sz"]),
    ("platforms", {"open": True}, ["pl-test"]),
    ("platforms", {"open": False}, []),
    # AND / OR / NOT
    ("agencies", {"OR": [{"kind": Enum("VENTURE_CAPITAL")}, {"level": Enum("NATIONAL")}]},
     ["a-ttc", "a-vc"]),
    ("agencies", {"AND": [{"kind": Enum("TECH_TRANSFER")}, {"backbone": False}]}, ["a-ttc-sz"]),
    ("agencies", {"NOT": {"kind": Enum("TECH_TRANSFER")}}, ["a-vc"]),
    ("agencies", {"NOT": {"OR": [{"kind": Enum("VENTURE_CAPITAL")}, {"backbone": True}]}},
     ["a-ttc-sz"]),
    ("agencies", {"kind": Enum("TECH_TRANSFER"), "OR": [{"staff_gt": 100}, {"staff_lt": 20}]},
     ["a-ttc", "a-ttc-sz"]),
    ("regions", {"OR": [{"AND": [{"kind": Enum("CITY")}, {"name_contains": "shen"}]},
                        {"nameZh": "北京市"}]}, ["r-bj", "r-sz"]),
    # relationship filters
    ("agencies", {"stages_some": {"code": "finance"}}, ["a-vc"]),
    ("agencies", {"stages_none": {"code": "technology_transfer"}}, ["a-vc"]),
    ("agencies", {"stages_some": {"order_lte": 2}}, ["a-ttc", "a-ttc-sz"]),
    ("parks", {"region": {"parent": {"name": "Guangdong"}}}, ["p-sz"]),
    ("parks", {"region": {"parent": {"nameZh": "北京市"}}}, ["p-zgc"]),
    ("parks", {"region": {"name": "Guangdong"}}, []),  # a park is IN_REGION its city
    ("agencies", {"park": {"name_contains": "shenzhen"}}, ["a-ttc-sz", "a-vc"]),
    ("agencies", {"park": {"region": {"parent": {"name": "Beijing"}}}}, ["a-ttc"]),
    ("parks", {"agencies_some": {"backbone": True}}, ["p-zgc"]),
    ("parks", {"agencies_none": {"backbone": True}}, ["p-sz"]),
    ("parks", {"projects_none": {}}, ["p-sz"]),
    ("parks", {"projects_some": {}}, ["p-zgc"]),
    ("parks", {"funders_some": {"id": "r-bj"}}, ["p-zgc"]),
    ("agencies", {"partners_some": {"id": "a-ttc"}}, ["a-vc"]),  # either direction
    ("agencies", {"partners_some": {"id": "a-vc"}}, ["a-ttc"]),
    ("agencies", {"partners_none": {}}, ["a-ttc-sz"]),
    ("agencies", {"parent": {"id": "a-ttc"}}, ["a-ttc-sz"]),
    ("agencies", {"branches_some": {}}, ["a-ttc"]),
    ("industries", {"providers_some": {"name_contains": "platform"}}, ["i-mob"]),
    ("industries", {"parent": {"id": "i-it"}}, ["i-mob"]),
    ("industries", {"children_none": {}, "parks_some": {}}, ["i-bio", "i-mob"]),
    ("projects", {"supporters_some": {"id": "a-ttc"}}, ["pr-5g"]),
    ("projects", {"investors_some": {"name_contains": "angel"}}, ["pr-5g"]),
    ("regions", {"children_some": {"parks_some": {"pilot": True}}}, ["r-bj"]),
    ("clusters", {"members_some": {"id": "a-vc"}, "parks_some": {"level": Enum("NATIONAL")}},
     ["c-mob"]),
    ("platforms", {"operator": {"backbone": True}}, ["pl-test"]),
    ("talentTeams", {"affiliation": {"kind": Enum("TECH_TRANSFER")}, "size_lte": 1}, ["t-lead"]),
    ("agencies", {"NOT": {"park": {"pilot": True}}}, ["a-ttc-sz", "a-vc"]),
    # null means "no filter"
    ("agencies", {"kind": None}, ["a-ttc", "a-ttc-sz", "a-vc"]),
    ("agencies", {}, ["a-ttc", "a-ttc-sz", "a-vc"]),
]

WHERE_TYPE = {root: f"{label}Where" for root, label in ROOT_LIST_FIELDS.items()}


def _case_id(case: tuple[str, dict[str, Any], list[str]]) -> str:
    return f"{case[0]}:{to_literal(case[1])}"


@pytest.mark.parametrize(("root", "where", "expected"), FILTER_CASES,
                         ids=[_case_id(c) for c in FILTER_CASES])
def test_filter_as_literal_and_as_variables(gql: GraphQL, root: str, where: dict[str, Any],
                                            expected: list[str]) -> None:
    selection = "{ totalCount edges { node { id } } }"
    literal = gql.data(f"{{ {root}(where: {to_literal(where)}) {selection} }}")[root]
    variable_query = f"query($w: {WHERE_TYPE[root]}) {{ {root}(where: $w) {selection} }}"
    posted = gql.data(variable_query, {"w": as_variable(where)})[root]
    got = gql.data(variable_query, {"w": as_variable(where)}, method="GET")[root]
    assert ids(literal) == expected
    assert literal["totalCount"] == len(expected)
    assert posted == literal
    assert got == literal


def test_filter_values_given_as_separate_variables(gql: GraphQL) -> None:
    query = """query($kind: AgencyKind, $years: [Int!], $stage: String!, $backbone: Boolean) {
        agencies(where: {kind: $kind, foundedYear_in: $years, backbone: $backbone,
                         OR: [{stages_some: {code: $stage}}, {staff_gt: 100}]}) {
            edges { node { id } } } }"""
    assert ids(gql.data(query, {"kind": "TECH_TRANSFER", "years": [2001, 2010],
                                "stage": "finance", "backbone": None})["agencies"]) == \
        ["a-ttc"]
    assert ids(gql.data(query, {"years": [2001, 2008, 2010], "stage": "finance",
                                "backbone": False})["agencies"]) == ["a-vc"]


def test_filters_on_nested_connections(gql: GraphQL) -> None:
    query = """{ parks { edges { node { id
        agencies(where: {stages_some: {code: "finance"}}) { totalCount edges { node { id } } }
        industries(where: {nameZh_contains: "生物"}) { edges { node { id } } }
        funders(where: {id: "r-bj"}) { totalCount } } } } }"""
    parks = {e["node"]["id"]: e["node"] for e in gql.data(query)["parks"]["edges"]}
    assert ids(parks["p-sz"]["agencies"]) == ["a-vc"]
    assert parks["p-sz"]["agencies"]["totalCount"] == 1
    assert ids(parks["p-zgc"]["agencies"]) == []
    assert ids(parks["p-sz"]["industries"]) == ["i-bio"]
    assert parks["p-zgc"]["funders"]["totalCount"] == 2
    assert parks["p-sz"]["funders"]["totalCount"] == 0


# (root, orderBy, expected ids)
SORT_CASES: list[tuple[str, list[dict[str, Any]], list[str]]] = [
    ("agencies", [{"field": Enum("STAFF"), "direction": Enum("DESC")}],
     ["a-ttc", "a-vc", "a-ttc-sz"]),
    ("agencies", [{"field": Enum("STAFF")}], ["a-ttc-sz", "a-vc", "a-ttc"]),  # ASC default
    ("agencies", [{"field": Enum("FOUNDED_YEAR"), "direction": Enum("ASC")}],
     ["a-ttc", "a-vc", "a-ttc-sz"]),
    ("agencies", [{"field": Enum("NAME_ZH"), "direction": Enum("DESC")}],
     ["a-vc", "a-ttc-sz", "a-ttc"]),
    ("agencies", [{"field": Enum("KIND")}, {"field": Enum("ID"), "direction": Enum("DESC")}],
     ["a-ttc-sz", "a-ttc", "a-vc"]),
    ("agencies", [{"field": Enum("BACKBONE"), "direction": Enum("DESC")},
                  {"field": Enum("STAFF"), "direction": Enum("DESC")}],
     ["a-ttc", "a-vc", "a-ttc-sz"]),
    ("parks", [{"field": Enum("AGENCIES_COUNT"), "direction": Enum("DESC")}],
     ["p-sz", "p-zgc"]),
    ("parks", [{"field": Enum("AGENCIES_COUNT"), "direction": Enum("ASC")}],
     ["p-zgc", "p-sz"]),
    ("parks", [{"field": Enum("FUNDERS_COUNT"), "direction": Enum("DESC")}],
     ["p-zgc", "p-sz"]),
    ("parks", [{"field": Enum("PLATFORMS_COUNT"), "direction": Enum("ASC")}],
     ["p-sz", "p-zgc"]),
    # ties broken by id: both regions below have one child
    ("regions", [{"field": Enum("CHILDREN_COUNT"), "direction": Enum("DESC")}],
     ["r-bj", "r-gd", "r-bjc", "r-sz"]),
    ("industries", [{"field": Enum("PROVIDERS_COUNT"), "direction": Enum("DESC")}],
     ["i-it", "i-mob", "i-bio"]),
    ("agencies", [{"field": Enum("PARTNERS_COUNT"), "direction": Enum("DESC")}],
     ["a-ttc", "a-vc", "a-ttc-sz"]),
    ("agencies", [{"field": Enum("STAGES_COUNT"), "direction": Enum("DESC")}],
     ["a-ttc", "a-ttc-sz", "a-vc"]),
    ("regions", [], ["r-bj", "r-bjc", "r-gd", "r-sz"]),
]


@pytest.mark.parametrize(("root", "order", "expected"), SORT_CASES,
                         ids=[f"{r}:{to_literal(o)}" for r, o, _ in SORT_CASES])
def test_order_by_as_literal_and_as_variables(gql: GraphQL, root: str,
                                              order: list[dict[str, Any]],
                                              expected: list[str]) -> None:
    label = ROOT_LIST_FIELDS[root]
    literal = gql.data(f"{{ {root}(orderBy: {to_literal(order)}) "
                       "{ edges { node { id } } } }")[root]
    variables = gql.data(f"query($o: [{label}Sort!]) {{ {root}(orderBy: $o) "
                         "{ edges { node { id } } } }", {"o": as_variable(order)})[root]
    assert ids(literal) == expected
    assert variables == literal


def test_order_by_on_nested_connection_with_filter(gql: GraphQL) -> None:
    query = """{ node(id: "p-sz") { ... on Park {
        agencies(orderBy: [{field: STAFF, direction: DESC}], where: {kind_in: [TECH_TRANSFER,
            VENTURE_CAPITAL]}) { edges { node { id staff } } } } } }"""
    assert gql.data(query)["node"]["agencies"]["edges"] == [
        {"node": {"id": "a-vc", "staff": 30}}, {"node": {"id": "a-ttc-sz", "staff": 15}}]


def test_unknown_filter_and_sort_names_are_rejected_by_validation(gql: GraphQL) -> None:
    for query in (
        '{ parks(where: {nope: 1}) { totalCount } }',
        '{ parks(where: {name_regex: ".*"}) { totalCount } }',
        '{ parks(where: {region_some: {name: "x"}}) { totalCount } }',  # single: no _some
        '{ parks(where: {createdAt: "2020"}) { totalCount } }',  # not filterable
        '{ parks(where: {approvedYear_contains: 19}) { totalCount } }',
        '{ agencies(where: {park: {agencies_some: {nope: true}}}) { totalCount } }',
        '{ parks(orderBy: [{field: NOPE}]) { totalCount } }',
        '{ parks(orderBy: [{field: "NAME"}]) { totalCount } }',
        '{ parks(orderBy: [{field: REGION_COUNT}]) { totalCount } }',  # single: no count
        '{ parks(orderBy: [{field: NAME, direction: SIDEWAYS}]) { totalCount } }',
        '{ parks(where: {approvedYear_gt: "1990"}) { totalCount } }',  # wrong type
    ):
        body = gql(query)
        assert "data" not in body or body["data"] is None, query
        assert [error_code(e) for e in body["errors"]] == ["BAD_USER_INPUT"], query
        assert "locations" in body["errors"][0]
        assert body["extensions"]["cypherRoundTrips"] == 0


@pytest.mark.parametrize(("where", "enum", "value"), [
    ("{kind: TECH_TRANSFR}", "AgencyKind", "TECH_TRANSFR"),
    ('{kind: "tech_transfer"}', "AgencyKind", "tech_transfer"),  # the stored code
    ("{kind: tech_transfer}", "AgencyKind", "tech_transfer"),
    ("{level_in: [NATIONAL, STATE]}", "AgencyLevel", "STATE"),
    ("{park: {level: CITY}}", "ParkLevel", "CITY"),
    ("{OR: [{kind: INCUBATOR}, {NOT: {kind: INCUBATOR_X}}]}", "AgencyKind", "INCUBATOR_X"),
])
def test_an_enum_typo_in_a_filter_is_a_validation_error(gql: GraphQL, where: str, enum: str,
                                                        value: str) -> None:
    """A typo is refused before anything runs, naming the enum, instead of matching
    nothing; as a literal or inside a variable."""
    body = gql(f"{{ agencies(where: {where}) {{ totalCount }} }}")
    assert "data" not in body or body["data"] is None
    (error,) = body["errors"]
    assert error_code(error) == "BAD_USER_INPUT"
    assert enum in error["message"] and value in error["message"]
    assert body["extensions"]["cypherRoundTrips"] == 0
    variable = gql("query($w: AgencyWhere) { agencies(where: $w) { totalCount } }",
                   {"w": {"kind": "TECH_TRANSFR"}})
    assert "AgencyKind" in variable["errors"][0]["message"]
    assert error_code(variable["errors"][0]) == "BAD_USER_INPUT"


def test_enum_fields_have_no_text_operators(gql: GraphQL) -> None:
    body = gql('{ agencies(where: {kind_contains: "tech"}) { totalCount } }')
    assert [error_code(e) for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert "kind_contains" in body["errors"][0]["message"]


def test_variables_of_the_wrong_shape_are_rejected(gql: GraphQL) -> None:
    body = gql("query($w: ParkWhere) { parks(where: $w) { totalCount } }",
               {"w": {"nope": 1}})
    assert body.get("data") is None
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"
    assert "nope" in body["errors"][0]["message"]
