"""Keyset cursors and backward pages (`last` / `before`): pages stay right when rows are
inserted before the cursor, walking backward gives the same list as walking forward, for
every kind of sort key (nullable properties with nulls last or first, relationship counts,
several keys), and pageInfo says where the page is.

`paging`: parks p-01..p-35 approved 1990+NN, pilots every third; agencies a-1..a-8 (staff
10*i; three in p-05, two in p-10, two in p-15, one in p-20)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.settings import Settings
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, error_code, ids, reload


@pytest_asyncio.fixture(scope="module")
async def paging(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """`paging` with a-2 and a-7 without staff (the tests that write come last)."""
    await reload(driver, settings, FIXTURES / "paging")
    await driver.execute_query("MATCH (a:Agency) WHERE a.id IN ['a-2', 'a-7'] REMOVE a.staff",
                               database_=settings.neo4j_database)
    return driver


pytestmark = pytest.mark.usefixtures("paging")

PARKS = """query($first: Int, $after: String, $last: Int, $before: String,
                 $orderBy: [ParkSort!], $where: ParkWhere) {
    parks(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy,
          where: $where) {
        totalCount edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
AGENCIES = PARKS.replace("parks(", "agencies(").replace("ParkSort", "AgencySort") \
    .replace("ParkWhere", "AgencyWhere")


def page(gql: GraphQL, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert not body.get("errors"), body["errors"]
    assert body["extensions"]["cypherRoundTrips"] == 1
    connection: dict[str, Any] = next(iter(body["data"].values()))
    return connection


def forward(gql: GraphQL, query: str, size: int, **variables: Any) -> Iterator[dict[str, Any]]:
    after = None
    for _ in range(100):
        result = page(gql, query, first=size, after=after, **variables)
        yield result
        if not result["pageInfo"]["hasNextPage"]:
            return
        after = result["pageInfo"]["endCursor"]
    raise AssertionError("no last page")


def backward(gql: GraphQL, query: str, size: int, **variables: Any) -> Iterator[dict[str, Any]]:
    before = None
    for _ in range(100):
        result = page(gql, query, last=size, before=before, **variables)
        yield result
        if not result["pageInfo"]["hasPreviousPage"]:
            return
        before = result["pageInfo"]["startCursor"]
    raise AssertionError("no first page")


ORDERS = [
    (PARKS, None),
    (PARKS, [{"field": "APPROVED_YEAR", "direction": "DESC"}]),
    (PARKS, [{"field": "AGENCIES_COUNT", "direction": "DESC"}]),
    (PARKS, [{"field": "PILOT", "direction": "DESC"}, {"field": "NAME", "direction": "ASC"}]),
    (PARKS, [{"field": "CLOSED_YEAR", "direction": "DESC"}]),  # every value null
    (AGENCIES, [{"field": "STAFF", "direction": "DESC"}]),
    (AGENCIES, [{"field": "STAFF", "direction": "ASC", "nulls": "FIRST"}]),
    (AGENCIES, [{"field": "STAFF", "direction": "DESC", "nulls": "FIRST"},
                {"field": "FOUNDED_YEAR", "direction": "DESC"}]),
    (AGENCIES, [{"field": "CREATED_AT", "direction": "DESC"}]),
]


@pytest.mark.parametrize(("query", "order"), ORDERS)
@pytest.mark.parametrize("size", [1, 3])
def test_forward_and_backward_walks_list_everything_once(gql: GraphQL, query: str,
                                                         order: Any, size: int) -> None:
    whole = ids(page(gql, query, first=100, orderBy=order))
    walked = [i for p in forward(gql, query, size, orderBy=order) for i in ids(p)]
    assert walked == whole
    pages = list(backward(gql, query, size, orderBy=order))
    assert [i for p in reversed(pages) for i in ids(p)] == whole
    for number, result in enumerate(pages):
        info = result["pageInfo"]
        assert info["hasNextPage"] is (number > 0)  # a page before a cursor has one after
        assert info["hasPreviousPage"] is (number < len(pages) - 1)
        assert info["startCursor"] == result["edges"][0]["cursor"]
        assert info["endCursor"] == result["edges"][-1]["cursor"]


def test_nested_backward_pages(gql: GraphQL) -> None:
    query = """query($before: String) { parks(where: {id: "p-05"}) { edges { node {
        agencies(last: 2, before: $before, orderBy: [{field: STAFF, direction: DESC}]) {
            edges { node { id } } pageInfo { hasPreviousPage hasNextPage startCursor } }
        } } } }"""
    agencies = page(gql, query)["edges"][0]["node"]["agencies"]
    assert ids(agencies) == ["a-1", "a-2"]  # a-2 has no staff: last
    assert agencies["pageInfo"]["hasPreviousPage"] is True
    earlier = page(gql, query, before=agencies["pageInfo"]["startCursor"])
    rest = earlier["edges"][0]["node"]["agencies"]
    assert ids(rest) == ["a-3"]
    assert rest["pageInfo"] == {"hasPreviousPage": False, "hasNextPage": True,
                                "startCursor": rest["pageInfo"]["startCursor"]}


def test_between_two_cursors(gql: GraphQL) -> None:
    whole = page(gql, PARKS, first=10)
    between = page(gql, PARKS, first=10, after=whole["edges"][2]["cursor"],
                   before=whole["edges"][7]["cursor"])
    assert ids(between) == ["p-04", "p-05", "p-06", "p-07"]


def _cursor(order: str, keys: list[Any]) -> str:
    text = "keys:" + json.dumps({"o": order, "k": keys})
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(("variables", "message"), [
    ({"first": 2, "last": 2}, "not both"),
    ({"last": 101}, "last must be between 0 and 100"),
    ({"last": -1}, "last must be between 0 and 100"),
    ({"first": 2, "after": _cursor("id", ["p-01", "extra"])}, "another `orderBy`"),
    ({"first": 2, "after": _cursor("APPROVED_YEAR:DESC:LAST,id", [2000, "p-10"])},
     "another `orderBy`"),
    ({"first": 2, "after": _cursor("id", [3])}, "is not a ID"),
    ({"first": 2, "after": _cursor("id", [None])}, "never null"),
    ({"first": 2, "orderBy": [{"field": "APPROVED_YEAR", "direction": "DESC"}],
      "after": _cursor("APPROVED_YEAR:DESC:LAST,id", [2**64, "p-10"])}, "is not a Int"),
    ({"first": 2, "orderBy": [{"field": "APPROVED_YEAR", "direction": "DESC"}],
      "after": _cursor("APPROVED_YEAR:DESC:LAST,id", [True, "p-10"])}, "is not a Int"),
    ({"last": 2, "before": base64.b64encode(b"offset:3").decode()}, "current form"),
    ({"last": 2, "after": base64.b64encode(b"offset:3").decode()}, "offset cursor"),
    ({"first": 2, "before": "nonsense"}, "invalid cursor"),
])
def test_bad_pages_are_bad_user_input(gql: GraphQL, variables: dict[str, Any],
                                      message: str) -> None:
    body = gql(PARKS, variables)
    assert body["data"] in (None, {"parks": None}), body
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"
    assert message in body["errors"][0]["message"]


def test_a_cursor_for_a_typed_key_checks_its_type(gql: GraphQL) -> None:
    order = [{"field": "APPROVED_YEAR", "direction": "DESC"}]
    body = gql(PARKS, {"first": 2, "orderBy": order,
                       "after": _cursor("APPROVED_YEAR:DESC:LAST,id", ["2000", "p-10"])})
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"
    ok = page(gql, PARKS, first=2, orderBy=order,
              after=_cursor("APPROVED_YEAR:DESC:LAST,id", [2010, "p-20"]))
    assert ids(ok) == ["p-19", "p-18"]


# --- these write: last in the module ------------------------------------------------------


def test_the_next_page_is_right_after_rows_inserted_before_the_cursor(
        gql: GraphQL, editor: GraphQL) -> None:
    order = [{"field": "APPROVED_YEAR", "direction": "DESC"}]
    before = ids(page(gql, PARKS, first=100, orderBy=order))
    first = page(gql, PARKS, first=5, orderBy=order)
    assert ids(first) == before[:5]
    for n in range(3):  # newer parks: they sort before everything seen so far
        created = editor(f'mutation {{ createPark(input: {{id: "p-new-{n}", name: "New {n}", '
                         f'approvedYear: {2030 + n}}}) {{ id }} }}')
        assert not created.get("errors"), created
    second = page(gql, PARKS, first=5, after=first["pageInfo"]["endCursor"], orderBy=order)
    assert ids(second) == before[5:10]  # no duplicates, no gaps
    assert second["totalCount"] == 38
    # and backward from the second page: the first page again, then the new parks
    back = page(gql, PARKS, last=5, before=second["pageInfo"]["startCursor"], orderBy=order)
    assert ids(back) == before[:5]
    newest = page(gql, PARKS, last=5, before=back["pageInfo"]["startCursor"], orderBy=order)
    assert ids(newest) == ["p-new-2", "p-new-1", "p-new-0"]
    assert newest["pageInfo"]["hasPreviousPage"] is False


def test_deleting_the_cursor_row_keeps_its_place(gql: GraphQL, editor: GraphQL) -> None:
    first = page(gql, PARKS, first=3)
    deleted = editor('mutation { deletePark(id: "p-03") { id } }')
    assert not deleted.get("errors"), deleted
    assert ids(page(gql, PARKS, first=3, after=first["pageInfo"]["endCursor"])) == \
        ["p-04", "p-05", "p-06"]
