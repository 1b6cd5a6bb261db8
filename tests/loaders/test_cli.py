"""`stsgraph load` and `stsgraph neo4j status`, run as real subprocesses against the test Neo4j."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT
from benchmarks.common import free_port
from tests.loaders.helpers import EMPTY, counts, dump_graph, replace_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
KINDS = ("tech_transfer, incubator, productivity_center, venture_capital, rd_design, testing, "
         "ip_service, consulting, finance, internationalization, research_institute, "
         "comprehensive, other")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "stsgraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def _env(settings, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "STSGRAPH_"))}
    env.update(NEO4J_URI=settings.effective_neo4j_uri, NEO4J_USER=settings.neo4j_user,
               NEO4J_PASSWORD=settings.neo4j_password,
               STSGRAPH_NEO4J_DATABASE=settings.neo4j_database, COLUMNS="200")
    env.update(extra)
    return env


def stsgraph(settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    # stdin is not a terminal, as in CI, whatever runs the tests
    return subprocess.run([*_command(), *args], capture_output=True, text=True, timeout=120,
                          cwd=PROJECT_ROOT, env=_env(settings, **env), check=False,
                          stdin=subprocess.DEVNULL)


async def test_dry_run_validates_and_writes_nothing(clean_db, settings) -> None:
    result = stsgraph(settings, "load", str(FIXTURES / "tiny"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "valid: 22 records, nothing written (dry run)" in result.stderr
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_invalid_dataset_exits_1_listing_problems_on_stdout(clean_db, settings,
                                                                  dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",venture_capital,", ",angel,")
    replace_in(folder, "parks.csv", ",1991,no,,", ",1991,perhaps,,")
    result = stsgraph(settings, "load", str(folder), "--quiet")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"agencies.csv:4: kind: unknown value 'angel' (expected one of {KINDS})",
        "parks.csv:3: pilot: not a boolean: 'perhaps' (use true/false, 1/0 or yes/no)",
    ]
    assert "2 problem(s); nothing was written." in result.stderr
    assert "--skip-invalid" in result.stderr
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_missing_folder_is_a_usage_error(clean_db, settings, tmp_path) -> None:
    missing = tmp_path / "nowhere"
    result = stsgraph(settings, "load", str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: no such dataset folder or workbook: {missing}; give a folder of .csv/.jsonl "
        "files (regions.csv, parks.csv, …) or one .xlsx workbook"]


async def test_skip_invalid_loads_valid_rows_and_lists_skipped(clean_db, settings,
                                                               dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",venture_capital,", ",angel,")
    result = stsgraph(settings, "load", str(folder), "--skip-invalid", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    start = lines.index("skipped 4 row(s) (4 problems):")
    assert lines[start + 1:start + 5] == [
        f"  skipped agencies.csv:4: kind: unknown value 'angel' (expected one of {KINDS})",
        "  skipped links.csv:2: target_id: 'a-vc' is skipped because its own row is invalid",
        "  skipped links.csv:4: source_id: 'a-vc' is skipped because its own row is invalid",
        "  skipped links.csv:5: source_id: 'a-vc' is skipped because its own row is invalid",
    ]
    nodes, rels = await dump_graph(clean_db, settings.neo4j_database)
    assert len(nodes) == 9 + 15 and "a-vc" not in nodes
    assert len(rels) == 36 - 5  # a-vc's LOCATED_IN, PROVIDES and its three links


async def test_load_writes_and_a_second_load_reports_unchanged(load, clean_db, settings) -> None:
    db = settings.neo4j_database
    await load("tiny")
    expected = await dump_graph(clean_db, db, timestamps=False)
    await clean_db.execute_query("MATCH (n:Entity) DETACH DELETE n", database_=db)

    first = stsgraph(settings, "load", str(FIXTURES / "tiny"), "--batch-size", "3")
    assert first.returncode == 0, first.stderr
    assert await dump_graph(clean_db, db, timestamps=False) == expected
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in first.stderr.splitlines() if line.startswith("│")}
    assert rows["Agency"] == ["3", "0", "0", ""]
    assert rows[":FUNDS"] == ["2", "0", "0", "0"]
    assert rows[":LOCATED_IN"] == ["6", "0", "0", "0"]

    before = await dump_graph(clean_db, db)
    second = stsgraph(settings, "load", str(FIXTURES / "tiny"), "--quiet")
    assert second.returncode == 0, second.stderr
    assert await dump_graph(clean_db, db) == before
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in second.stderr.splitlines() if line.startswith("│")}
    assert rows["Agency"] == ["0", "0", "3", ""]
    assert rows[":PROVIDES"] == ["0", "0", "6", "0"]


def test_load_reports_an_unreachable_database(settings, tmp_path) -> None:
    port = free_port()
    result = stsgraph(settings, "load", str(FIXTURES / "tiny"),
                      NEO4J_URI=f"bolt://127.0.0.1:{port}")
    assert result.returncode == 1
    assert "error: Neo4j is unreachable" in result.stderr


def test_neo4j_status_reports_the_running_test_server(settings) -> None:
    if not settings.uses_local_neo4j:
        pytest.skip("the tests use an external Neo4j (STSGRAPH_TEST_NEO4J_URI)")
    result = stsgraph(settings, "neo4j", "status",
                      STSGRAPH_LOCAL_NEO4J_PORT=str(settings.local_neo4j_port),
                      STSGRAPH_LOCAL_NEO4J_DIR=str(settings.local_neo4j_dir))
    assert result.returncode == 0, result.stderr
    assert f"local Neo4j running at bolt://127.0.0.1:{settings.local_neo4j_port}" in result.stderr
    assert str(settings.local_neo4j_dir / "neo4j.log") in result.stderr


def test_neo4j_status_of_a_port_with_no_server(settings, tmp_path) -> None:
    port = free_port()
    result = stsgraph(settings, "neo4j", "status", STSGRAPH_LOCAL_NEO4J_PORT=str(port),
                      STSGRAPH_LOCAL_NEO4J_DIR=str(tmp_path))
    assert result.returncode == 3
    assert (f"local Neo4j not running at bolt://127.0.0.1:{port} (pid None, "
            f"log {tmp_path / 'neo4j.log'})") in result.stderr



AGENCIES = "id,name,kind,park_id,stages\n"
BEIJING_LAB = "a-bj-new,Beijing lab,testing,p-zgc,testing_certification\n"
SHENZHEN_LAB = "a-gd-new,Shenzhen lab,testing,p-sz,testing_certification\n"


def _office(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "agencies.csv").write_text(AGENCIES + rows, encoding="utf-8")
    return folder


@pytest.mark.parametrize("dry_run", [False, True])
async def test_provinces_refuses_a_load_with_rows_outside(load, clean_db, settings, tmp_path,
                                                          dry_run) -> None:
    await load("tiny")
    before = await dump_graph(clean_db, settings.neo4j_database)
    result = stsgraph(settings, "load", str(_office(tmp_path, BEIJING_LAB + SHENZHEN_LAB)),
                      "--quiet", "--provinces", "r-bj", *(["--dry-run"] if dry_run else []))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "agencies.csv:3: id: a-gd-new would be in r-gd after this load, outside your "
        "provinces (r-bj)",
        "agencies.csv:3: park_id: p-sz is in r-gd, outside your provinces (r-bj)"]
    assert "2 row(s) outside the provinces r-bj; nothing was written" in result.stderr
    assert await dump_graph(clean_db, settings.neo4j_database) == before


async def test_provinces_loads_rows_inside(load, clean_db, settings, tmp_path) -> None:
    await load("tiny")
    result = stsgraph(settings, "load", str(_office(tmp_path, BEIJING_LAB)), "--quiet",
                      "--provinces", "r-bj,r-gd")
    assert result.returncode == 0, result.stderr
    assert "every row is in r-bj, r-gd" in result.stderr
    records, _, _ = await clean_db.execute_query(
        "MATCH (:Agency {id: 'a-bj-new'})-[:LOCATED_IN]->(p) RETURN p.id AS p",
        database_=settings.neo4j_database)
    assert [r["p"] for r in records] == ["p-zgc"]
