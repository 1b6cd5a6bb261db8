"""Harness runs use their own Neo4j (stopped at the end) and write their JSON to a
temporary folder, never over a developer's benchmark store or benchmarks/results/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.neo4j_local import LocalNeo4j
from benchmarks import common


@pytest.fixture(autouse=True)
def results_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(common, "RESULTS", tmp_path / "results")
    return tmp_path / "results"


# Never the developer's benchmark store (7689), nor another test run's: a port (and so a
# store folder) of this session's own, removed at the end.
HARNESS_PORT = common.free_port()


@pytest.fixture(autouse=True)
def harness_neo4j_port(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(common, "BENCH_PORT", HARNESS_PORT)
    return HARNESS_PORT


@pytest.fixture(scope="session", autouse=True)
def stop_harness_neo4j() -> Iterator[None]:
    yield
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common, "BENCH_PORT", HARNESS_PORT)
        settings = common.bench_settings()
    LocalNeo4j(settings).stop()
    shutil.rmtree(settings.local_neo4j_dir, ignore_errors=True)
