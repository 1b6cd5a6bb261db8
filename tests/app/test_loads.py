"""`POST /loads` over real HTTP against the real Neo4j, on `tiny` (Beijing: r-bj, r-bjc, p-zgc;
Guangdong: r-gd, r-sz, p-sz): an editor limited to Beijing loads Beijing rows; one row in
Guangdong refuses the whole upload with the rows listed and the graph unchanged; admin and
an unlimited editor load anything; viewers and planners get 403; invalid data 422."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import Settings
from tests.conftest import FIXTURES, serve_app
from tests.loaders.helpers import dump_graph
from tests.schema.conftest import reload

BEIJING, EDITOR, ADMIN = "loads-beijing", "loads-editor", "loads-admin"
VIEWER, PLANNER = "loads-viewer", "loads-planner"
KEYS = ",".join([f"editor:{hash_api_key(BEIJING)}:beijing-desk:provinces=r-bj",
                 f"editor:{hash_api_key(EDITOR)}:national-editor",
                 f"admin:{hash_api_key(ADMIN)}:root",
                 f"viewer:{hash_api_key(VIEWER)}:reader",
                 f"planner:{hash_api_key(PLANNER)}:planner"])
AGENCY_HEADER = "id,name,kind,park_id,stages\n"
IN_BEIJING = "a-bj-new,Beijing lab,testing,p-zgc,testing_certification\n"
IN_GUANGDONG = "a-gd-new,Shenzhen lab,testing,p-sz,testing_certification\n"


@pytest_asyncio.fixture(autouse=True)
async def tiny(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "tiny")


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    with serve_app(settings.model_copy(update={"api_keys": KEYS, "load_max_bytes": 200_000})) \
            as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _post(client: httpx.Client, key: str | None, files: dict[str, str],
          **form: str) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    upload = [("files", (name, text.encode("utf-8"), "text/csv"))
              for name, text in files.items()]
    return client.post("/loads", files=upload, data=form, headers=headers)


def _zip(folder: str, files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{folder}/{name}", text)
    return buffer.getvalue()


async def _agency(driver: AsyncDriver, settings: Settings, agency: str) -> dict | None:
    records, _, _ = await driver.execute_query(
        "MATCH (a:Agency {id: $id}) OPTIONAL MATCH (a)-[:LOCATED_IN]->(p:Park) "
        "RETURN a.name AS name, a.source AS source, p.id AS park", id=agency,
        database_=settings.neo4j_database)
    return dict(records[0]) if records else None


async def test_an_editor_loads_rows_of_its_provinces(client, driver, settings) -> None:
    response = _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_BEIJING},
                     name="beijing-office")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "loaded" and body["dataset"] == "beijing-office"
    assert body["summary"]["entities"]["Agency"]["created"] == 1
    assert await _agency(driver, settings, "a-bj-new") == {
        "name": "Beijing lab", "source": "beijing-office", "park": "p-zgc"}


async def test_one_row_outside_refuses_the_whole_load(client, driver, settings) -> None:
    before = await dump_graph(driver, settings.neo4j_database)
    links = "source_id,type,target_id,year\na-ttc,PARTNERS_WITH,a-vc,2015\n"
    response = _post(client, BEIJING, {
        "agencies.csv": AGENCY_HEADER + IN_BEIJING + IN_GUANGDONG, "links.csv": links})
    assert response.status_code == 403, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["provinces"] == ["r-bj"]
    assert error["extensions"]["problems"] == [
        "agencies.csv:3: id: a-gd-new would be in r-gd after this load, outside your "
        "provinces (r-bj)",
        "agencies.csv:3: park_id: p-sz is in r-gd, outside your provinces (r-bj)",
        "links.csv:2: target_id: a-vc is in r-gd, outside your provinces (r-bj)",
    ]
    assert await dump_graph(driver, settings.neo4j_database) == before


async def test_moving_an_entity_in_from_another_province_is_refused(client, driver,
                                                                     settings) -> None:
    parks = "id,name,level,region_id\np-sz,Shenzhen park,national,r-bjc\n"
    response = _post(client, BEIJING, {"parks.csv": parks})
    assert response.status_code == 403, response.text
    assert response.json()["errors"][0]["extensions"]["problems"] == [
        "parks.csv:2: id: p-sz is in r-gd, outside your provinces (r-bj)"]
    records, _, _ = await driver.execute_query(
        "MATCH (:Park {id: 'p-sz'})-[:IN_REGION]->(r) RETURN r.id AS r",
        database_=settings.neo4j_database)
    assert [r["r"] for r in records] == ["r-sz"]


@pytest.mark.parametrize("key", [ADMIN, EDITOR])
async def test_admin_and_an_unlimited_editor_load_anything(client, driver, settings,
                                                           key) -> None:
    archive = _zip("national", {"agencies.csv": AGENCY_HEADER + IN_BEIJING + IN_GUANGDONG})
    response = client.post("/loads", files=[("files", ("national.zip", archive))],
                           headers={"X-API-Key": key})
    assert response.status_code == 200, response.text
    assert response.json()["dataset"] == "national"
    assert (await _agency(driver, settings, "a-gd-new") or {}).get("park") == "p-sz"


@pytest.mark.parametrize(("key", "status"), [(VIEWER, 403), (PLANNER, 403), (None, 401)])
async def test_readers_cannot_load(client, driver, settings, key, status) -> None:
    response = _post(client, key, {"agencies.csv": AGENCY_HEADER + IN_BEIJING})
    assert response.status_code == status, response.text
    assert await _agency(driver, settings, "a-bj-new") is None


async def test_invalid_data_is_422_with_file_and_line(client, driver, settings) -> None:
    bad = AGENCY_HEADER + IN_BEIJING + "a-bad,Bad lab,angel,p-zgc,testing_certification\n"
    response = _post(client, BEIJING, {"agencies.csv": bad})
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert [p.split(" (expected")[0] for p in error["extensions"]["problems"]] == [
        "agencies.csv:3: kind: unknown value 'angel'"]
    assert await _agency(driver, settings, "a-bj-new") is None


async def test_a_dry_run_reports_and_writes_nothing(client, driver, settings) -> None:
    before = await dump_graph(driver, settings.neo4j_database)
    response = _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_BEIJING},
                     dryRun="true")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "valid"
    assert response.json()["summary"]["entities"]["Agency"]["created"] == 1
    assert await dump_graph(driver, settings.neo4j_database) == before
    refused = _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_GUANGDONG},
                    dryRun="true")
    assert refused.status_code == 403


async def test_sync_removes_what_the_dataset_no_longer_holds(client, driver, settings) -> None:
    both = AGENCY_HEADER + IN_BEIJING + "a-bj-two,Second lab,testing,p-zgc,finance\n"
    assert _post(client, BEIJING, {"agencies.csv": both}, name="desk").status_code == 200
    response = _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_BEIJING},
                     name="desk", sync="true")
    assert response.status_code == 200, response.text
    assert response.json()["summary"]["entities"]["Agency"]["deleted"] == 1
    assert await _agency(driver, settings, "a-bj-two") is None
    assert await _agency(driver, settings, "a-bj-new") is not None


@pytest.mark.parametrize(("entry", "message"), [
    ("../agencies.csv", "points outside the dataset folder"),
    ("deep/er/agencies.csv", "is in a sub-folder"),
])
async def test_zip_entries_outside_one_folder_are_refused(client, entry, message) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, AGENCY_HEADER + IN_BEIJING)
        archive.writestr("regions.csv", "id,name,kind,parent_id\n")
    response = client.post("/loads", files=[("files", ("x.zip", buffer.getvalue()))],
                           headers={"X-API-Key": ADMIN})
    assert response.status_code == 400, response.text
    assert message in response.json()["errors"][0]["message"]


async def test_a_body_over_the_limit_is_413(client, driver, settings) -> None:
    rows = "".join(f"a-{i},Lab {i},testing,p-zgc,finance\n" for i in range(6000))
    response = _post(client, ADMIN, {"agencies.csv": AGENCY_HEADER + rows})
    assert response.status_code == 413
    assert "200000 bytes" in response.json()["errors"][0]["message"]


async def test_metrics_count_loads_over_http(client) -> None:
    def loaded() -> float:
        text = client.get("/metrics", headers={"X-API-Key": ADMIN}).text
        line = next(x for x in text.splitlines()
                    if x.startswith('stsgraph_loads_total{outcome="loaded"}'))
        return float(line.split()[-1])

    _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_GUANGDONG})  # refused
    start = loaded()
    assert _post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + IN_BEIJING}).status_code \
        == 200
    assert loaded() == start + 1


async def test_the_temporary_folder_is_removed_whatever_the_outcome(client, tmp_path,
                                                                     monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the served app's process too
    statuses = [_post(client, BEIJING, {"agencies.csv": AGENCY_HEADER + rows}).status_code
                for rows in (IN_BEIJING, IN_GUANGDONG,
                             "a-bad,Bad lab,angel,p-zgc,testing_certification\n")]
    statuses.append(_post(client, BEIJING, {"notes.txt": "no dataset"}).status_code)
    assert statuses == [200, 403, 422, 400]
    assert list(tmp_path.iterdir()) == []
