"""Writes that hold under concurrency, driven by concurrent real HTTP requests.

Each test runs several rounds; in a round, every request is sent at once from its own
thread (released together by a barrier) to the served app, and the graph is checked after
the round: nothing acknowledged is lost, nothing is doubled. Before the fixes these rounds
failed most of the time (a staff update wrote back the name it had read; identical FUNDS
were created side by side; a single-valued reference ended with two targets; racing
creates answered INTERNAL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from app.settings import Settings
from tests.conftest import FIXTURES
from tests.schema.conftest import EDITOR_KEY, reload

ROUNDS = 10
ADD = """mutation($input: RelationshipInput!) {
    addRelationship(input: $input) { changed } }"""
REMOVE = """mutation($input: RelationshipInput!) {
    removeRelationship(input: $input) { changed } }"""


@pytest.fixture(scope="module", autouse=True)
async def tiny(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    await reload(driver, settings, FIXTURES / "tiny")
    return driver


@pytest.fixture(scope="module")
def clients(editor_url: str) -> Iterator[list[httpx.Client]]:
    """One HTTP client (so one connection) per concurrent request."""
    made = [httpx.Client(base_url=editor_url, timeout=60, headers={"X-API-Key": EDITOR_KEY})
            for _ in range(8)]
    yield made
    for client in made:
        client.close()


def at_once(clients: list[httpx.Client],
            requests: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Send every (query, variables) from its own thread, released together; the bodies."""
    barrier = threading.Barrier(len(requests))

    def send(i: int) -> dict[str, Any]:
        query, variables = requests[i]
        barrier.wait()
        response = clients[i].post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, range(len(requests))))


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", ())]


async def count(driver: AsyncDriver, cypher: str, **params: Any) -> int:
    records, _, _ = await driver.execute_query(cypher, params)
    return int(records[0][0])


UPDATE = """mutation($id: ID!, $input: AgencyUpdateInput!) {
    updateAgency(id: $id, input: $input) { id } }"""


async def test_concurrent_updates_of_different_fields_all_hold(
        clients: list[httpx.Client], tiny: AsyncDriver) -> None:
    """One client renames the agency while six others change its staff: the new name stays."""
    for round_ in range(ROUNDS):
        name = f"Renamed in round {round_}"
        requests = [(UPDATE, {"id": "a-vc", "input": {"staff": 100 * round_ + i}})
                    for i in range(6)]
        requests.insert(3, (UPDATE, {"id": "a-vc", "input": {"name": name}}))
        bodies = at_once(clients, requests)
        assert all(not codes(b) for b in bodies), bodies
        records, _, _ = await tiny.execute_query(
            "MATCH (a:Agency {id: 'a-vc'}) RETURN a.name AS name, a.staff AS staff")
        assert records[0]["name"] == name, f"round {round_}: the acknowledged name was lost"
        assert records[0]["staff"] in range(100 * round_, 100 * round_ + 6)


@pytest.mark.parametrize("year", [2020, None])
async def test_identical_funds_added_at_once_are_stored_once(
        clients: list[httpx.Client], tiny: AsyncDriver, year: int | None) -> None:
    for round_ in range(ROUNDS):
        program = f"race_{round_}_{year}"
        funds = {"type": "FUNDS", "sourceId": "r-gd", "targetId": "a-ttc", "program": program,
                 "year": year, "amountMillionCny": 5}
        bodies = at_once(clients, [(ADD, {"input": funds})] * 8)
        assert [b["data"]["addRelationship"]["changed"] for b in bodies] == [1] * 8, bodies
        stored = await count(tiny, "MATCH ({id: 'r-gd'})-[r:FUNDS {program: $p}]->"
                                   "({id: 'a-ttc'}) RETURN count(r)", p=program)
        assert stored == 1, f"round {round_}: {stored} FUNDS for one key"


PARTNERS = """query { node(id: "pl-test") { ... on Platform {
    partners(first: 10) { totalCount edges { node { id } } } } } }"""


async def test_partners_added_both_ways_at_once_are_one_partnership(
        clients: list[httpx.Client], tiny: AsyncDriver) -> None:
    """A→B and B→A mean one partnership: stored once (smaller id first), listed once,
    removable from either end."""
    ends = [("pl-test", "a-vc"), ("a-vc", "pl-test")]
    for round_ in range(ROUNDS):
        requests = [(ADD, {"input": {"type": "PARTNERS_WITH", "sourceId": a, "targetId": b,
                                     "year": 2010 + round_}})
                    for a, b in ends * 4]
        bodies = at_once(clients, requests)
        assert all(not codes(b) for b in bodies), bodies
        records, _, _ = await tiny.execute_query(
            "MATCH (a {id: 'pl-test'})-[r:PARTNERS_WITH]-(b {id: 'a-vc'}) "
            "RETURN startNode(r).id AS source, r.year AS year, r.relKey AS key")
        assert [(r["source"], r["year"]) for r in records] == [("a-vc", 2010 + round_)], \
            f"round {round_}"
        assert records[0]["key"] == "4:a-vc~7:pl-test"
        listed = clients[0].post("/graphql", json={"query": PARTNERS}).json()
        assert listed["data"]["node"]["partners"] == {
            "totalCount": 1, "edges": [{"node": {"id": "a-vc"}}]}
        source, target = ends[round_ % 2]  # removed from one end, then from the other
        removed = clients[0].post("/graphql", json={"query": REMOVE, "variables": {"input": {
            "type": "PARTNERS_WITH", "sourceId": source, "targetId": target}}}).json()
        assert removed["data"]["removeRelationship"]["changed"] == 1, removed
        assert await count(tiny, "MATCH ({id: 'pl-test'})-[r:PARTNERS_WITH]-() "
                                 "RETURN count(r)") == 0


CREATE = """mutation($input: AgencyCreateInput!) { createAgency(input: $input) { id } }"""


async def test_racing_creates_of_one_id_answer_one_success_and_conflicts(
        clients: list[httpx.Client], tiny: AsyncDriver) -> None:
    for round_ in range(ROUNDS):
        entity_id = f"a-race-{round_}"
        bodies = at_once(clients, [(CREATE, {"input": {
            "id": entity_id, "name": f"Racer {i}", "kind": "INCUBATOR", "parkId": "p-sz",
            "stages": ["INCUBATION"]}}) for i in range(6)])
        won = [b for b in bodies if not codes(b)]
        lost = [b for b in bodies if codes(b)]
        assert len(won) == 1, bodies
        for body in lost:
            assert body["data"] is None
            (error,) = body["errors"]
            assert error["extensions"] == {"code": "CONFLICT", "id": entity_id,
                                           "existingKind": "Agency"}, error
        assert await count(tiny, "MATCH (a:Entity {id: $id}) RETURN count(a)",
                           id=entity_id) == 1
        # the winner's relationships, once: no partial or doubled write
        assert await count(tiny, "MATCH (:Entity {id: $id})-[r]->() RETURN count(r)",
                           id=entity_id) == 2


SingleValued = Callable[[int, str], tuple[str, dict[str, Any]]]
SINGLE_VALUED: dict[str, SingleValued] = {
    "addRelationship": lambda i, park: (ADD, {"input": {
        "type": "LOCATED_IN", "sourceId": "a-ttc-sz", "targetId": park}}),
    "updateAgency": lambda i, park: (UPDATE, {"id": "a-ttc-sz", "input": {"parkId": park}}),
}


@pytest.fixture(scope="module")
def parks(clients: list[httpx.Client]) -> list[str]:
    """Eight parks to move an agency between."""
    made = [f"p-race-{i}" for i in range(8)]
    for park in made:
        body = clients[0].post("/graphql", json={"query": """mutation($input: ParkCreateInput!)
            { createPark(input: $input) { id } }""", "variables": {"input": {
                "id": park, "name": park, "level": "PROVINCIAL", "regionId": "r-sz"}}}).json()
        assert not codes(body), body
    return made


@pytest.mark.parametrize("how", SINGLE_VALUED)
async def test_single_valued_relationship_stays_single(
        clients: list[httpx.Client], tiny: AsyncDriver, parks: list[str], how: str) -> None:
    """Moving one agency to eight parks at once leaves it in exactly one of them."""
    make = SINGLE_VALUED[how]
    for round_ in range(ROUNDS):
        bodies = at_once(clients, [make(round_, park) for park in parks])
        assert all(not codes(b) for b in bodies), bodies
        located = await count(tiny, "MATCH (:Agency {id: 'a-ttc-sz'})-[r:LOCATED_IN]->() "
                                    "RETURN count(r)")
        assert located == 1, f"round {round_}: the agency is in {located} parks"


DELETE = """mutation($id: ID!) { deleteAgency(id: $id, cascade: true) { id } }"""


async def test_update_racing_a_delete_never_recreates_the_entity(
        clients: list[httpx.Client], tiny: AsyncDriver) -> None:
    """Seven updates sent with one delete of the same agency: the delete is acknowledged,
    so the agency is gone after the round; each update either came first (and answered)
    or found it gone and answered NOT_FOUND — never a resurrected agency."""
    outcomes: set[str] = set()
    for round_ in range(ROUNDS):
        entity_id = f"a-doomed-{round_}"
        made = clients[0].post("/graphql", json={"query": CREATE, "variables": {"input": {
            "id": entity_id, "name": "Doomed", "kind": "INCUBATOR", "parkId": "p-sz"}}}).json()
        assert not codes(made), made
        requests = [(UPDATE, {"id": entity_id, "input": {"staff": i, "parkId": "p-sz"}})
                    for i in range(7)]
        requests.insert(round_ % 8, (DELETE, {"id": entity_id}))
        bodies = at_once(clients, requests)
        deleted = bodies[round_ % 8]
        assert not codes(deleted), deleted
        for body in bodies:
            assert codes(body) in ([], ["NOT_FOUND"]), body
            outcomes.add(codes(body)[0] if codes(body) else "ok")
        assert await count(tiny, "MATCH (a {id: $id}) RETURN count(a)", id=entity_id) == 0, \
            f"round {round_}: the deleted agency was recreated by an update"
    assert "NOT_FOUND" in outcomes  # some update did arrive after the delete
