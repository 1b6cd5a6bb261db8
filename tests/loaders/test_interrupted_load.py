"""A load killed half-way (SIGKILL: no clean-up at all), then run again, ends with exactly
the graph a clean load makes: every batch is one transaction and every write a MERGE."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT, Settings
from graph.repository import wipe_entities
from loaders.generate import generate_dataset
from tests.loaders.test_cli import _command, _env, stsgraph

SHAPE = """
CALL () { MATCH (n:Entity) RETURN collect(DISTINCT [labels(n), properties(n)]) AS nodes }
CALL () { MATCH (a)-[r]->(b) RETURN collect([coalesce(a.id, a.code), type(r),
          coalesce(b.id, b.code), properties(r)]) AS rels }
RETURN nodes, rels
"""


async def shape(driver: AsyncDriver) -> tuple[list[Any], list[Any]]:
    """Every entity and relationship with its properties (timestamps left out)."""
    records, _, _ = await driver.execute_query(SHAPE)

    def plain(props: dict[str, Any]) -> list[tuple[str, Any]]:
        return sorted((k, v) for k, v in props.items() if k not in ("createdAt", "updatedAt"))

    nodes = sorted((sorted(labels), plain(props)) for labels, props in records[0]["nodes"])
    rels = sorted((s, t, o, plain(p)) for s, t, o, p in records[0]["rels"])
    return nodes, rels


async def entity_count(driver: AsyncDriver) -> int:
    records, _, _ = await driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n")
    return int(records[0]["n"])


@pytest.mark.slow
async def test_rerun_after_a_kill_converges_to_a_clean_load(clean_db: AsyncDriver,
                                                            settings: Settings,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "generated"
    generate_dataset(folder, 2000, 7)
    assert stsgraph(settings, "load", str(folder), "--quiet", "--batch-size", "100",
                    ).returncode == 0
    clean = await shape(clean_db)
    total = len(clean[0])

    await wipe_entities(clean_db, settings.neo4j_database)
    process = subprocess.Popen([*_command(), "load", str(folder), "--quiet", "--batch-size",
                                "100"], cwd=PROJECT_ROOT, env=_env(settings),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while (written := await entity_count(clean_db)) < total // 3:
            assert process.poll() is None, "the load ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert written < total or await shape(clean_db) != clean, \
        "the kill came too late: the load had finished"

    rerun = stsgraph(settings, "load", str(folder), "--quiet", "--batch-size", "100")
    assert rerun.returncode == 0, rerun.stderr
    assert await shape(clean_db) == clean
