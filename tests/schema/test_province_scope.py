"""Province-scoped editors (docs/api-auth.md), over HTTP through the real app on `tiny`
plus its pilots: inside their provinces they edit as any editor; outside — an entity, a
relationship across the line, a pilot — they get FORBIDDEN and nothing is written. Admin
is unrestricted; the JWT `provinces` claim limits the same way."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver
from pydantic import SecretStr

from app.auth import hash_api_key, issue_jwt, parse_api_keys
from app.settings import Settings
from loaders.load import load_dataset
from tests.conftest import FIXTURES, serve_app
from tests.schema.conftest import GraphQL, error_code, reload

SECRET = "province-scope-tests-secret-0123456789abcdef"
BEIJING, ADMIN = "scope-beijing-editor", "scope-admin"
KEYS = (f"editor:{hash_api_key(BEIJING)}:beijing-desk:provinces=r-bj,"
        f"admin:{hash_api_key(ADMIN)}:root")


@pytest_asyncio.fixture(autouse=True)
async def tiny(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "tiny")
    await load_dataset(driver, FIXTURES / "pilots", database=settings.neo4j_database)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    update = {"api_keys": KEYS, "jwt_secret": SecretStr(SECRET)}
    with serve_app(settings.model_copy(update=update)) as url, \
            httpx.Client(base_url=url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def beijing(client: httpx.Client) -> GraphQL:
    return GraphQL(client, {"X-API-Key": BEIJING})


async def _name(driver: AsyncDriver, settings: Settings, entity: str) -> str | None:
    records, _, _ = await driver.execute_query("MATCH (n:Entity {id: $id}) RETURN n.name AS n",
                                               id=entity, database_=settings.neo4j_database)
    return records[0]["n"] if records else None


RENAME = 'mutation($id: ID!) { updatePark(id: $id, input: {name: "Renamed"}) { id name } }'


async def test_inside_the_province_an_update_works(beijing, driver, settings) -> None:
    assert beijing.data(RENAME, {"id": "p-zgc"})["updatePark"]["name"] == "Renamed"


async def test_outside_the_province_an_update_is_forbidden(beijing, driver, settings) -> None:
    error = beijing.error(RENAME, {"id": "p-sz"})
    assert error_code(error) == "FORBIDDEN" and "p-sz" in error["message"]
    assert error["extensions"]["outside"] == ["p-sz"]
    assert await _name(driver, settings, "p-sz") == "Shenzhen Hi-tech Industrial Park"


CREATE = """mutation($park: ID) { createAgency(input: {id: "a-new", name: "New lab",
  kind: TESTING, parkId: $park, stages: [TESTING_CERTIFICATION]}) { id } }"""


@pytest.mark.parametrize(("park", "allowed"), [("p-zgc", True), ("p-sz", False),
                                               (None, False)])
async def test_a_new_entity_belongs_to_the_province_of_its_references(
        beijing, driver, settings, park, allowed) -> None:
    body = beijing(CREATE, {"park": park})
    if allowed:
        assert not body.get("errors"), body
    else:
        assert error_code(body["errors"][0]) == "FORBIDDEN"
    assert (await _name(driver, settings, "a-new") is not None) is allowed


RELATE = """mutation($source: ID!, $target: String!) { addRelationship(input: {
  type: PARTNERS_WITH, sourceId: $source, targetId: $target, year: 2015}) { changed } }"""


def test_a_relationship_across_the_line_is_forbidden(beijing) -> None:
    error = beijing.error(RELATE, {"source": "a-ttc", "target": "a-vc"})  # Beijing → Shenzhen
    assert error_code(error) == "FORBIDDEN" and error["extensions"]["outside"] == ["a-vc"]


def test_shared_reference_data_is_not_outside(beijing) -> None:
    body = beijing.data("""mutation { addRelationship(input: {type: SERVES_INDUSTRY,
        sourceId: "a-ttc", targetId: "i-mob"}) { changed } }""")
    assert body["addRelationship"]["changed"] == 1


ADVANCE = """mutation($id: ID!) { advancePilot(id: $id, to: EVALUATED, year: 2015) {
  status { code } } }"""


async def test_a_pilot_outside_the_province_cannot_be_advanced(beijing, driver,
                                                               settings) -> None:
    error = beijing.error("""mutation { advancePilot(id: "pl-city", to: RECOMMENDED,
        year: 2015) { id } }""")
    assert error_code(error) == "FORBIDDEN" and error["extensions"]["outside"] == ["pl-city"]
    records, _, _ = await driver.execute_query(
        "MATCH (p:Pilot {id: 'pl-city'}) RETURN p.status AS s", database_=settings.neo4j_database)
    assert records[0]["s"] == "applied"
    assert beijing.data(ADVANCE, {"id": "pl-zgc"})["advancePilot"]["status"]["code"] == \
        "evaluated"


def test_admin_is_unrestricted(client) -> None:
    admin = GraphQL(client, {"X-API-Key": ADMIN})
    assert admin.data(RENAME, {"id": "p-sz"})["updatePark"]["name"] == "Renamed"


def test_the_jwt_provinces_claim_limits_the_same_way(client) -> None:
    token = issue_jwt(SECRET, "jwt-desk", "editor", provinces=["r-gd"])
    editor = GraphQL(client, {"Authorization": f"Bearer {token}"})
    assert editor.data(RENAME, {"id": "p-sz"})["updatePark"]["name"] == "Renamed"
    assert error_code(editor.error(RENAME, {"id": "p-zgc"})) == "FORBIDDEN"
    viewer = GraphQL(client, {"Authorization": "Bearer " + issue_jwt(
        SECRET, "v", "viewer", provinces=["r-gd"])})
    assert error_code(viewer.error("{ parks { totalCount } }")) == "UNAUTHENTICATED"


@pytest.mark.parametrize(("entry", "message"), [
    (f"viewer:{hash_api_key('x')}:v:provinces=r-bj", "only an editor"),
    (f"editor:{hash_api_key('x')}:e:provinces=", "names no region id"),
    (f"editor:{hash_api_key('x')}:provinces=r-bj:e", "the scope must be the last part"),
])
def test_bad_scope_entries_stop_start_up(entry, message) -> None:
    with pytest.raises(ValueError, match=message):
        parse_api_keys(entry)


def test_a_scope_entry_parses() -> None:
    (entry,) = parse_api_keys(f"editor:{hash_api_key('x')}:desk:provinces=r-bj; r-gd")
    assert (entry.name, entry.provinces) == ("desk", frozenset({"r-bj", "r-gd"}))


MOVE_TO_SHENZHEN = """MATCH (p:Park {id: $park})-[r:IN_REGION]->() DELETE r
WITH DISTINCT p MATCH (city:Region {id: 'r-sz'}) CREATE (p)-[:IN_REGION]->(city)"""


async def _wait_for_a_blocked_transaction(driver: AsyncDriver, settings: Settings) -> None:
    """Until Neo4j shows a transaction waiting for a lock (the mutation's, on the park)."""
    for _ in range(600):
        records, _, _ = await driver.execute_query(
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' "
            "RETURN count(*) AS blocked", database_=settings.neo4j_database)
        if records[0]["blocked"]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the mutation never waited for the move's lock")


@pytest.mark.parametrize("mutation", ["update", "relationship"])
async def test_a_concurrent_move_to_another_province_is_seen_by_the_check(
        beijing, driver, settings, mutation) -> None:
    """An admin's transaction moves p-zgc (Beijing) to Shenzhen and holds it uncommitted
    (for the relationship it also locks both ends, a-ttc and pl-test, located in p-zgc);
    the Beijing editor's mutation waits for that lock and, once the move commits, the check
    inside the mutation's transaction sees Guangdong: FORBIDDEN, nothing written. A check
    run before the write transaction read Beijing and let the write through."""
    query, variables = ((RENAME, {"id": "p-zgc"}) if mutation == "update"
                        else (RELATE, {"source": "a-ttc", "target": "pl-test"}))
    async with driver.session(database=settings.neo4j_database) as session:
        tx = await session.begin_transaction()
        await (await tx.run(MOVE_TO_SHENZHEN, park="p-zgc")).consume()
        if mutation == "relationship":
            await (await tx.run("MATCH (n:Entity) WHERE n.id IN ['a-ttc', 'pl-test'] "
                                "SET n.touched = true")).consume()
        pending = asyncio.create_task(asyncio.to_thread(beijing, query, variables))
        await _wait_for_a_blocked_transaction(driver, settings)
        await tx.commit()
    body = await pending
    assert error_code(body["errors"][0]) == "FORBIDDEN", body
    assert "r-bj" in body["errors"][0]["message"]
    if mutation == "update":
        assert await _name(driver, settings, "p-zgc") == "Zhongguancun Science Park"
    else:
        records, _, _ = await driver.execute_query(
            "MATCH (:Agency {id: 'a-ttc'})-[r:PARTNERS_WITH]-(:Platform {id: 'pl-test'}) "
            "RETURN count(r) AS n", database_=settings.neo4j_database)
        assert records[0]["n"] == 0
