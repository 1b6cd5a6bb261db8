"""`pilots(...)` and `advancePilot(id, to, year)` over HTTP through the real app, on `tiny`
plus the `pilots` fixture: filters, labels in both languages, one round-trip, the refused
transitions (each writes nothing), roles, and concurrent advances of one pilot."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import Settings
from loaders.load import load_dataset
from tests.conftest import FIXTURES, serve_app
from tests.schema.conftest import GraphQL, error_code, reload

KEYS = {"editor": "pilots-editor", "planner": "pilots-planner", "viewer": "pilots-viewer"}
PILOTS = """query($province: ID, $status: PilotStatus, $type: PilotType, $year: Int) {
  pilots(provinceId: $province, status: $status, type: $type, year: $year) {
    id type { code labelZh } status { code label labelZh } subject { id label }
    province { id } buildStart buildEnd steps { status { code } year }
    evaluations { year score verdict { code labelZh } continuedSupport } } }"""
ADVANCE = """mutation($id: ID!, $to: PilotStatus!, $year: Int!) {
  advancePilot(id: $id, to: $to, year: $year) { id status { code } steps { status { code }
  year } } }"""


async def _load(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "tiny")
    await load_dataset(driver, FIXTURES / "pilots", database=settings.neo4j_database)


@pytest_asyncio.fixture
async def fresh(driver: AsyncDriver, settings: Settings) -> None:
    """`tiny` and the pilots, reloaded before every test that advances pilots."""
    await _load(driver, settings)


@pytest.fixture(scope="module")
def clients(settings: Settings) -> Iterator[dict[str, GraphQL]]:
    keys = ",".join(f"{role}:{hash_api_key(key)}:pilots-{role}" for role, key in KEYS.items())
    with serve_app(settings.model_copy(update={"api_keys": keys})) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        yield {role: GraphQL(client, {"X-API-Key": key}) for role, key in KEYS.items()}


def test_pilots_by_province_with_labels_steps_and_evaluations(fresh, clients) -> None:
    body = clients["viewer"](PILOTS, {"province": "r-bj"})
    assert not body.get("errors") and body["extensions"]["cypherRoundTrips"] == 1
    pilots = {p["id"]: p for p in body["data"]["pilots"]}
    assert sorted(pilots) == ["pl-mob", "pl-zgc"]
    zgc = pilots["pl-zgc"]
    assert zgc["status"] == {"code": "in_construction", "label": "In construction",
                             "labelZh": "建设中"}
    assert zgc["type"] == {"code": "service_system_park", "labelZh": "科技服务体系建设试点园区"}
    assert zgc["subject"] == {"id": "p-zgc", "label": "Park"}
    assert [(s["status"]["code"], s["year"]) for s in zgc["steps"]] == [
        ("applied", 2011), ("recommended", 2011), ("approved", 2012), ("in_construction", 2012)]
    assert (zgc["buildStart"], zgc["buildEnd"]) == (2012, 2014)
    assert zgc["evaluations"] == [{"year": 2015, "score": 90.0, "continuedSupport": True,
                                   "verdict": {"code": "excellent", "labelZh": "优秀"}}]
    assert pilots["pl-mob"]["subject"] == {"id": "c-mob", "label": "Cluster"}


@pytest.mark.parametrize(("variables", "expected"), [
    ({"status": "APPROVED"}, ["pl-mob", "pl-sz"]),
    ({"type": "SERVICE_SYSTEM_CITY"}, ["pl-city"]),
    ({"year": 2012}, ["pl-zgc"]),  # the others had not applied yet
    ({"year": 2013, "status": "RECOMMENDED"}, ["pl-sz"]),
    ({"year": 2013, "status": "APPROVED"}, ["pl-mob"]),
    ({"year": 2013, "status": "IN_CONSTRUCTION"}, ["pl-zgc"]),
    ({"year": 2014, "province": "r-gd"}, ["pl-sz"]),
])
def test_pilot_filters(fresh, clients, variables, expected) -> None:
    assert [p["id"] for p in clients["viewer"].data(PILOTS, variables)["pilots"]] == expected


def test_as_of_a_year_a_pilot_shows_the_status_and_evaluations_it_had(fresh, clients) -> None:
    zgc = next(p for p in clients["viewer"].data(PILOTS, {"year": 2012})["pilots"])
    assert zgc["status"]["code"] == "in_construction" and zgc["evaluations"] == []


async def _status(driver: AsyncDriver, settings: Settings, pilot: str) -> dict[str, object]:
    records, _, _ = await driver.execute_query(
        "MATCH (p:Pilot {id: $id}) RETURN properties(p) AS props", id=pilot,
        database_=settings.neo4j_database)
    props = dict(records[0]["props"])
    return {k: v for k, v in props.items() if k not in ("updatedAt", "createdAt")}


async def test_advancing_one_step_at_a_time(fresh, clients, driver, settings) -> None:
    editor = clients["editor"]
    for to, year in (("RECOMMENDED", 2015), ("APPROVED", 2016), ("IN_CONSTRUCTION", 2016)):
        moved = editor.data(ADVANCE, {"id": "pl-city", "to": to, "year": year})["advancePilot"]
        assert moved["status"]["code"] == to.lower()
    stored = await _status(driver, settings, "pl-city")
    assert (stored["status"], stored["yearRecommended"], stored["yearApproved"],
            stored["yearInConstruction"]) == ("in_construction", 2015, 2016, 2016)


async def test_rejection_is_terminal(fresh, clients, driver, settings) -> None:
    editor = clients["editor"]
    editor.data(ADVANCE, {"id": "pl-city", "to": "REJECTED", "year": 2016})
    error = editor.error(ADVANCE, {"id": "pl-city", "to": "RECOMMENDED", "year": 2016})
    assert error_code(error) == "BAD_USER_INPUT" and "ends its lifecycle" in error["message"]


@pytest.mark.parametrize(("pilot", "to", "year", "reason"), [
    ("pl-city", "APPROVED", 2016, "no approval without a recommendation"),
    ("pl-city", "IN_CONSTRUCTION", 2016, "no skipping"),
    ("pl-zgc", "APPROVED", 2016, "no going back"),
    ("pl-zgc", "APPLIED", 2016, "no going back"),
    ("pl-zgc", "COMPLETED", 2016, "no skipping"),
    ("pl-sz", "REJECTED", 2016, "only an applied or recommended pilot can be rejected"),
    ("pl-zgc", "EVALUATED", 2011, "before 2012"),
])
async def test_refused_transitions_write_nothing(fresh, clients, driver, settings, pilot, to,
                                                 year, reason) -> None:
    before = await _status(driver, settings, pilot)
    error = clients["editor"].error(ADVANCE, {"id": pilot, "to": to, "year": year})
    assert error_code(error) == "BAD_USER_INPUT" and reason in error["message"]
    assert await _status(driver, settings, pilot) == before


def test_an_unknown_pilot_is_not_found(clients) -> None:
    error = clients["editor"].error(ADVANCE, {"id": "pl-none", "to": "RECOMMENDED",
                                              "year": 2016})
    assert error_code(error) == "NOT_FOUND"


@pytest.mark.parametrize("role", ["viewer", "planner"])
async def test_viewers_and_planners_cannot_advance(fresh, clients, driver, settings,
                                                   role) -> None:
    before = await _status(driver, settings, "pl-city")
    error = clients[role].error(ADVANCE, {"id": "pl-city", "to": "RECOMMENDED", "year": 2015})
    assert error_code(error) == "FORBIDDEN"
    assert await _status(driver, settings, "pl-city") == before


async def test_concurrent_advances_of_one_pilot_cannot_both_succeed(clients, driver,
                                                                    settings) -> None:
    editor = clients["editor"]
    for _ in range(5):
        await _load(driver, settings)
        with ThreadPoolExecutor(max_workers=4) as pool:
            bodies = list(pool.map(
                lambda year: editor(ADVANCE, {"id": "pl-city", "to": "RECOMMENDED",
                                              "year": year}), (2015, 2016, 2017, 2018)))
        won = [b for b in bodies if not b.get("errors")]
        lost = [b for b in bodies if b.get("errors")]
        assert len(won) == 1, bodies
        assert {error_code(b["errors"][0]) for b in lost} == {"BAD_USER_INPUT"}
        assert all("no going back" in b["errors"][0]["message"] for b in lost)
        winner_year = won[0]["data"]["advancePilot"]["steps"][-1]["year"]
        stored = await _status(driver, settings, "pl-city")
        assert (stored["status"], stored["yearRecommended"]) == ("recommended", winner_year)


async def test_approving_a_park_pilot_makes_the_park_a_pilot(clients, driver, settings,
                                                             tmp_path: Path) -> None:
    await _load(driver, settings)
    await driver.execute_query(
        "MATCH (p:Pilot {id: 'pl-city'}) SET p.type = 'service_system_park' "
        "WITH p MATCH (p)-[r:PILOT_OF]->() DELETE r WITH p MATCH (s:Park {id: 'p-sz'}) "
        "MERGE (p)-[:PILOT_OF]->(s) SET s.pilot = false, s.pilotYear = null",
        database_=settings.neo4j_database)
    editor = clients["editor"]
    editor.data(ADVANCE, {"id": "pl-city", "to": "RECOMMENDED", "year": 2015})
    editor.data(ADVANCE, {"id": "pl-city", "to": "APPROVED", "year": 2016})
    records, _, _ = await driver.execute_query(
        "MATCH (s:Park {id: 'p-sz'}) RETURN s.pilot AS pilot, s.pilotYear AS year",
        database_=settings.neo4j_database)
    assert (records[0]["pilot"], records[0]["year"]) == (True, 2016)
