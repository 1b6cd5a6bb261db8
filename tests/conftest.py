"""Shared fixtures: a real Neo4j (the local embedded one unless NEO4J_URI is set), a clean
database per test, small named datasets, and the real app served over HTTP by uvicorn.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn
from neo4j import AsyncDriver

from app.neo4j_local import LocalNeo4j
from app.settings import PROJECT_ROOT, Settings
from benchmarks.common import free_port
from graph.driver import create_async_driver
from graph.migrations import apply_migrations
from graph.repository import wipe_entities
from loaders.load import LoadReport, load_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
TEST_NEO4J_PORT = int(os.environ.get("STSGRAPH_TEST_NEO4J_PORT", "7688"))


def _test_settings() -> Settings:
    # NEO4J_URI is deliberately ignored: the suite wipes its database. Point it at another
    # server only on purpose, with STSGRAPH_TEST_NEO4J_URI.
    return Settings(
        neo4j_uri=os.environ.get("STSGRAPH_TEST_NEO4J_URI", ""),
        local_neo4j_port=TEST_NEO4J_PORT,
        local_neo4j_dir=PROJECT_ROOT / ".neo4j-local" / (
            "test" if TEST_NEO4J_PORT == 7688 else f"test-{TEST_NEO4J_PORT}"),
        local_neo4j_heap="1g",
        local_neo4j_page_cache_mb=256,
        debug=True,
        rate_limit_per_minute=0,  # the suite sends thousands of requests from one address;
        # tests/app/test_attacks.py serves the limit on its own
    )


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    """Settings pointing at the test Neo4j, which is started for the session if needed."""
    settings = _test_settings()
    local = None
    if settings.uses_local_neo4j:
        local = LocalNeo4j(settings)
        already = local.status().running
        local.start()
        if already:
            local = None  # not ours to stop
    yield settings
    if local is not None and not os.environ.get("STSGRAPH_TEST_KEEP_NEO4J"):
        local.stop()


@pytest_asyncio.fixture(scope="session")
async def driver(settings: Settings) -> AsyncIterator[AsyncDriver]:
    drv = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                              settings.neo4j_password)
    await drv.verify_connectivity()
    await apply_migrations(drv, settings.neo4j_database)
    yield drv
    await drv.close()


@pytest_asyncio.fixture
async def clean_db(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The driver, on a database holding no entities (schema and service stages remain)."""
    await wipe_entities(driver, settings.neo4j_database)
    return driver


@pytest.fixture
def dataset_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy a named fixture dataset into a temporary folder (to edit it) and return the path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest_asyncio.fixture
async def load(clean_db: AsyncDriver, settings: Settings):  # type: ignore[no-untyped-def]
    """Load a dataset (a fixture name or a path) into the clean database."""

    async def run(name_or_path: str | Path, **kwargs: object) -> LoadReport:
        path = name_or_path if isinstance(name_or_path, Path) else FIXTURES / name_or_path
        return await load_dataset(clean_db, path, database=settings.neo4j_database,
                                  **kwargs)  # type: ignore[arg-type]

    return run


class _ServerThread(threading.Thread):
    def __init__(self, server: uvicorn.Server) -> None:
        super().__init__(daemon=True)
        self.server = server

    def run(self) -> None:
        asyncio.run(self.server.serve())


@contextmanager
def serve_app(settings: Settings, **create: Any) -> Iterator[str]:
    """Serve the real FastAPI app with uvicorn on a free loopback port; yield its base URL.
    `create` goes to create_app (e.g. span_exporter)."""
    from app.main import create_app

    port = free_port()
    config = uvicorn.Config(create_app(settings, **create), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = _ServerThread(server)
    thread.start()
    deadline = time.monotonic() + 120  # a loaded machine starts slowly
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server_url(settings: Settings, driver: AsyncDriver) -> Iterator[str]:
    """The app under test, served for the whole session against the test Neo4j.

    It asks for `driver` so the session's migrations are applied before the app starts: its
    own start-up then finds nothing to create (creating the constraints of a fresh store
    took over a minute on a busy 2-core machine)."""
    with serve_app(settings) as url:
        yield url


@pytest.fixture
def http(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=30) as client:
        yield client
