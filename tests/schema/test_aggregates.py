"""`aggregate { count <field> { min max avg sum } }` on connections, in the root field's one
round-trip, honouring `where` and `asOf` but not the page.

`paging`: agencies a-1..a-8 with staff 10*i, founded 2000+i; three in p-05, two in p-10,
two in p-15, one in p-20; parks p-01..p-35 approved 1990+NN."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.conftest import GraphQL, error_code

pytestmark = pytest.mark.usefixtures("paging_graph")

STAFF = "aggregate { count staff { min max avg sum } }"


def one_trip(gql: GraphQL, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = gql(query, variables)
    assert not body.get("errors"), body["errors"]
    assert body["extensions"]["cypherRoundTrips"] == 1
    return body["data"]


@pytest.mark.parametrize(("arguments", "expected"), [
    ("", {"count": 8, "staff": {"min": 10, "max": 80, "avg": 45.0, "sum": 360}}),
    ('(where: {park: {id: "p-05"}})',
     {"count": 3, "staff": {"min": 10, "max": 30, "avg": 20.0, "sum": 60}}),
    ("(where: {staff_gte: 50}, first: 1)",  # the page does not narrow the aggregate
     {"count": 4, "staff": {"min": 50, "max": 80, "avg": 65.0, "sum": 260}}),
    ("(asOf: 2004)", {"count": 4, "staff": {"min": 10, "max": 40, "avg": 25.0, "sum": 100}}),
    ('(where: {name: "nobody"})',
     {"count": 0, "staff": {"min": None, "max": None, "avg": None, "sum": None}}),
])
def test_root_aggregates(gql: GraphQL, arguments: str, expected: dict[str, Any]) -> None:
    data = one_trip(gql, f"{{ agencies{arguments} {{ {STAFF} }} }}")
    assert data["agencies"]["aggregate"] == expected


def test_nested_aggregates_in_one_round_trip(gql: GraphQL) -> None:
    data = one_trip(gql, """{ parks(where: {id_in: ["p-05", "p-10", "p-01"]}) {
        aggregate { count approvedYear { min max } }
        edges { node { id agencies { aggregate { count staff { avg sum } } } } } } }""")
    parks = data["parks"]
    assert parks["aggregate"] == {"count": 3, "approvedYear": {"min": 1991, "max": 2000}}
    by_park = {e["node"]["id"]: e["node"]["agencies"]["aggregate"] for e in parks["edges"]}
    assert by_park == {
        "p-01": {"count": 0, "staff": {"avg": None, "sum": None}},
        "p-05": {"count": 3, "staff": {"avg": 20.0, "sum": 60}},
        "p-10": {"count": 2, "staff": {"avg": 45.0, "sum": 90}},
    }


def test_nested_aggregates_honour_as_of(gql: GraphQL) -> None:
    data = one_trip(gql, """{ parks(asOf: 2002, where: {id: "p-05"}) { edges { node {
        agencies { aggregate { count staff { max } } } } } } }""")
    assert data["parks"]["edges"][0]["node"]["agencies"]["aggregate"] == \
        {"count": 2, "staff": {"max": 20}}


def test_aliases_and_fragments(gql: GraphQL) -> None:
    data = one_trip(gql, """{ agencies(where: {staff_lt: 40}) {
        total: aggregate { n: count }
        spread: aggregate { ...range staff { mean: avg } }
        totalCount } }
        fragment range on AgencyAggregate { staff { lo: min hi: max } foundedYear { max } }""")
    agencies = data["agencies"]
    assert agencies["total"] == {"n": 3}
    assert agencies["spread"] == {"staff": {"lo": 10, "hi": 30, "mean": 20.0},
                                  "foundedYear": {"max": 2003}}
    assert agencies["totalCount"] == 3


def test_aggregate_types_follow_the_field_types(gql: GraphQL) -> None:
    data = gql.data("""{ project: __type(name: "ProjectAggregate") { fields { name
        type { name ofType { name } } } } }""")
    types = {f["name"]: f["type"]["name"] or f["type"]["ofType"]["name"]
             for f in data["project"]["fields"]}
    assert types["count"] == "Int"
    assert types["contractValueMillionCny"] == "FloatAggregate"
    assert types["year"] == "IntAggregate"
    assert "name" not in types


@pytest.mark.parametrize("selection", ["aggregate { name { min } }",
                                       "aggregate { staff { median } }"])
def test_aggregating_what_is_not_numeric_is_a_validation_error(gql: GraphQL,
                                                               selection: str) -> None:
    error = gql.error(f"{{ agencies {{ {selection} }} }}")
    assert error_code(error) == "BAD_USER_INPUT"
