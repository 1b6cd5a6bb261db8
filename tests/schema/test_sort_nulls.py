"""Items without a value sort last whatever the direction (or first with `nulls: FIRST`),
for every sortable field, at the root and nested.

On `paging` with the staff of a-2 and a-7 removed: staff is 10*i for the others."""

from __future__ import annotations

import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.settings import Settings
from schema.inputs import sort_fields
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, ids, reload


@pytest_asyncio.fixture(scope="module")
async def staff_gaps(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    await reload(driver, settings, FIXTURES / "paging")
    await driver.execute_query("MATCH (a:Agency) WHERE a.id IN ['a-2', 'a-7'] REMOVE a.staff",
                               database_=settings.neo4j_database)
    return driver


pytestmark = pytest.mark.usefixtures("staff_gaps")

AGENCIES = """query($orderBy: [AgencySort!]) {
    agencies(orderBy: $orderBy) { edges { node { id } } } }"""


@pytest.mark.parametrize(("sort", "expected"), [
    ({"field": "STAFF", "direction": "DESC"},
     ["a-8", "a-6", "a-5", "a-4", "a-3", "a-1", "a-2", "a-7"]),
    ({"field": "STAFF", "direction": "ASC"},
     ["a-1", "a-3", "a-4", "a-5", "a-6", "a-8", "a-2", "a-7"]),
    ({"field": "STAFF", "direction": "DESC", "nulls": "FIRST"},
     ["a-2", "a-7", "a-8", "a-6", "a-5", "a-4", "a-3", "a-1"]),
    ({"field": "STAFF", "direction": "ASC", "nulls": "FIRST"},
     ["a-2", "a-7", "a-1", "a-3", "a-4", "a-5", "a-6", "a-8"]),
])
def test_nulls_go_last_unless_asked(gql: GraphQL, sort: dict[str, str],
                                    expected: list[str]) -> None:
    assert ids(gql.data(AGENCIES, {"orderBy": [sort]})["agencies"]) == expected


def test_nested_connections_sort_nulls_last(gql: GraphQL) -> None:
    data = gql.data("""{ parks(where: {id: "p-05"}) { edges { node {
        agencies(orderBy: [{field: STAFF, direction: DESC}]) { edges { node { id } } } } } } }""")
    assert ids(data["parks"]["edges"][0]["node"]["agencies"]) == ["a-3", "a-1", "a-2"]


@pytest.mark.parametrize("field", [f for f, target in sort_fields("Agency").items()
                                   if not target.startswith("count:")])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_every_sortable_field_puts_nulls_last(gql: GraphQL, field: str,
                                              direction: str) -> None:
    prop = sort_fields("Agency")[field]
    query = f"""query($orderBy: [AgencySort!]) {{
        agencies(orderBy: $orderBy) {{ edges {{ node {{ id {prop} }} }} }} }}"""
    nodes = [e["node"] for e in gql.data(
        query, {"orderBy": [{"field": field, "direction": direction}]})["agencies"]["edges"]]
    values = [n[prop] for n in nodes]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present)), (field, values)
    assert present == sorted(present, reverse=direction == "DESC"), (field, present)
    nulls = [n["id"] for n in nodes if n[prop] is None]
    assert nulls == sorted(nulls)  # ties broken by id
