"""Connections on the `paging` dataset: totalCount, cursors, pageInfo, the `first` cap,
invalid cursors, and sorting by relationship counts with an id tiebreak.

`paging` has parks p-01..p-35 ("Park NN", approved 1990+NN, national when NN is odd, pilot
when NN is divisible by 3, in City One (r-c1, Province One) up to p-20, else City Two) and
agencies a-1..a-8 (staff 10*i): three in p-05, two in p-10, two in p-15, one in p-20.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from schema.types import encode_cursor
from tests.schema.conftest import GraphQL, error_code, ids

pytestmark = pytest.mark.usefixtures("paging_graph")

ALL_PARKS = [f"p-{n:02d}" for n in range(1, 36)]
PAGE = """query($first: Int, $after: String, $where: ParkWhere, $orderBy: [ParkSort!]) {
    parks(first: $first, after: $after, where: $where, orderBy: $orderBy) {
        totalCount
        edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


def walk(gql: GraphQL, first: int, **variables: Any) -> list[dict[str, Any]]:
    """Every page of `parks`, following endCursor."""
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = gql.data(PAGE, {"first": first, "after": after, **variables})["parks"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
        assert len(pages) < 50


def test_default_page_size_is_20(gql: GraphQL) -> None:
    page = gql.data("{ parks { totalCount edges { node { id } } "
                    "pageInfo { hasNextPage hasPreviousPage } } }")["parks"]
    assert page["totalCount"] == 35
    assert ids(page) == ALL_PARKS[:20]
    assert page["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}


@pytest.mark.parametrize("first", [1, 7, 8, 20, 34, 35, 100])
def test_walking_all_pages_with_cursors(gql: GraphQL, first: int) -> None:
    pages = walk(gql, first)
    assert len(pages) == -(-35 // first)
    assert [i for page in pages for i in ids(page)] == ALL_PARKS
    for number, page in enumerate(pages):
        assert page["totalCount"] == 35
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (number > 0)
        assert info["hasNextPage"] is (number < len(pages) - 1)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        assert len(page["edges"]) == (first if number < len(pages) - 1 else 35 - first * number)
    cursors = [e["cursor"] for page in pages for e in page["edges"]]
    assert len(set(cursors)) == 35


def test_a_cursor_resumes_right_after_its_edge(gql: GraphQL) -> None:
    first = gql.data(PAGE, {"first": 10})["parks"]
    seventh = first["edges"][6]["cursor"]
    resumed = gql.data(PAGE, {"first": 3, "after": seventh})["parks"]
    assert ids(resumed) == ["p-08", "p-09", "p-10"]
    assert resumed["pageInfo"]["hasPreviousPage"] is True
    assert [e["cursor"] for e in resumed["edges"]] == \
        [e["cursor"] for e in first["edges"][7:10]]


def test_walking_a_filtered_sorted_list(gql: GraphQL) -> None:
    variables = {"where": {"level": "NATIONAL", "approvedYear_gte": 2000},
                 "orderBy": [{"field": "APPROVED_YEAR", "direction": "DESC"}]}
    pages = walk(gql, 4, **variables)
    expected = [f"p-{n:02d}" for n in range(35, 9, -1) if n % 2]
    assert [i for page in pages for i in ids(page)] == expected
    assert {page["totalCount"] for page in pages} == {len(expected)}
    assert len(pages) == 4


def test_past_the_end_and_first_zero(gql: GraphQL) -> None:
    beyond = gql.data(PAGE, {"first": 5, "after": encode_cursor(35)})["parks"]
    assert beyond == {"totalCount": 35, "edges": [], "pageInfo": {
        "hasNextPage": False, "hasPreviousPage": True, "startCursor": None, "endCursor": None}}
    zero = gql.data(PAGE, {"first": 0})["parks"]
    assert zero["edges"] == []
    assert zero["pageInfo"]["hasNextPage"] is True
    assert zero["totalCount"] == 35


def test_first_at_the_cap_is_allowed(gql: GraphQL) -> None:
    assert len(gql.data(PAGE, {"first": 100})["parks"]["edges"]) == 35


@pytest.mark.parametrize("query", [
    "{ parks(first: 101) { totalCount } }",
    "{ parks(first: 100000) { edges { node { id } } } }",
    "{ parks(first: -1) { totalCount } }",
    '{ regions { edges { node { parks(first: 500) { totalCount } } } } }',
])
def test_first_above_the_cap_or_negative_is_bad_user_input(gql: GraphQL, query: str) -> None:
    error = gql.error(query)
    assert error_code(error) == "BAD_USER_INPUT"
    assert "first" in error["message"]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("cursor", [
    "garbage", "", _b64("offset:-1"), _b64("offset:abc"), _b64("page:3"), "b2Zmc2V0OjE",
    _b64("offset:1") + "!", "\u4e2d",
])
def test_invalid_cursor_is_bad_user_input(gql: GraphQL, cursor: str) -> None:
    body = gql(PAGE, {"first": 5, "after": cursor})
    if cursor == "":  # an empty `after` means "from the start"
        assert ids(body["data"]["parks"]) == ALL_PARKS[:5]
        return
    assert body["data"] in (None, {"parks": None})
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"
    assert "cursor" in body["errors"][0]["message"]


def test_nested_connection_pagination(gql: GraphQL) -> None:
    query = """query($after: String) { node(id: "r-c1") { ... on Region {
        parks(first: 6, after: $after, orderBy: [{field: ID, direction: DESC}]) {
            totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } } }"""
    seen: list[str] = []
    after = None
    while True:
        parks = gql.data(query, {"after": after})["node"]["parks"]
        assert parks["totalCount"] == 20
        seen += ids(parks)
        if not parks["pageInfo"]["hasNextPage"]:
            break
        after = parks["pageInfo"]["endCursor"]
    assert seen == [f"p-{n:02d}" for n in range(20, 0, -1)]


def test_order_by_relationship_count_with_id_tiebreak(gql: GraphQL) -> None:
    desc = gql.data(PAGE, {"first": 8, "orderBy": [
        {"field": "AGENCIES_COUNT", "direction": "DESC"}]})["parks"]
    assert ids(desc) == ["p-05", "p-10", "p-15", "p-20", "p-01", "p-02", "p-03", "p-04"]
    asc = walk(gql, 10, orderBy=[{"field": "AGENCIES_COUNT", "direction": "ASC"}])
    order = [i for page in asc for i in ids(page)]
    zero = [p for p in ALL_PARKS if p not in ("p-05", "p-10", "p-15", "p-20")]
    assert order == [*zero, "p-20", "p-10", "p-15", "p-05"]


def test_order_by_several_keys(gql: GraphQL) -> None:
    pages = walk(gql, 9, orderBy=[{"field": "PILOT", "direction": "DESC"},
                                  {"field": "APPROVED_YEAR", "direction": "DESC"}])
    order = [i for page in pages for i in ids(page)]
    pilots = [f"p-{n:02d}" for n in range(35, 0, -1) if n % 3 == 0]
    others = [f"p-{n:02d}" for n in range(35, 0, -1) if n % 3]
    assert order == pilots + others


def test_filter_and_count_through_relationships(gql: GraphQL) -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"agencies_some": {"staff_gte": 40}}, ["p-10", "p-15", "p-20"]),
        ({"agencies_some": {}}, ["p-05", "p-10", "p-15", "p-20"]),
        ({"region": {"parent": {"name": "Province Two"}}, "level": "NATIONAL"},
         [f"p-{n:02d}" for n in range(21, 36, 2)]),
        ({"pilot": True, "region": {"name": "City One"}}, ["p-03", "p-06", "p-09", "p-12",
                                                           "p-15", "p-18"]),
        ({"name_in": ["Park 07", "park 08", "Park 99"]}, ["p-07"]),
        ({"nameZh_startsWith": "园区3"}, [f"p-{n}" for n in range(30, 36)]),
    ]
    for where, expected in cases:
        page = gql.data(PAGE, {"first": 100, "where": where})["parks"]
        assert ids(page) == expected, where
        assert page["totalCount"] == len(expected)
    assert len(ids(gql.data(PAGE, {"first": 100, "where": {"agencies_none": {}}})["parks"])) \
        == 31


def test_aliases_page_the_same_connection_independently(gql: GraphQL) -> None:
    first = gql.data("""{ node(id: "r-c2") { ... on Region {
        parks(first: 2) { pageInfo { endCursor } } } } }""")["node"]
    query = """query($after: String) { node(id: "r-c2") { ... on Region {
        a: parks(first: 2) { edges { node { id } } }
        b: parks(first: 2, after: $after) { edges { node { id } } }
        c: parks(where: {pilot: true}) { totalCount } } } }"""
    node = gql.data(query, {"after": first["parks"]["pageInfo"]["endCursor"]})["node"]
    assert ids(node["a"]) == ["p-21", "p-22"]
    assert ids(node["b"]) == ["p-23", "p-24"]
    assert node["c"] == {"totalCount": 5}
