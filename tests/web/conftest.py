"""The explorer's tests: the demo dataset plus one park with a 5,000-node neighborhood,
loaded once for the package, and the real app served with a local admin key (what
`make run` gives a newcomer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.local_key import make_local_key
from app.settings import PROJECT_ROOT, Settings
from benchmarks.explorer import BIG_PARK, write_big_park
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.conftest import serve_app

DEMO = PROJECT_ROOT / "data" / "demo"
__all__ = ["BIG_PARK"]
BIG_AGENCIES = 5200  # more than the 5,000-node limit: the neighborhood is truncated
BIG_PARTNERS = 15_000


async def load_explorer_graph(driver: AsyncDriver, settings: Settings, folder: Path) -> None:
    """The package's graph, from nothing: the demo and the big park."""
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, DEMO, database=settings.neo4j_database)
    big = write_big_park(folder, BIG_AGENCIES, BIG_PARTNERS)
    await load_dataset(driver, big, database=settings.neo4j_database)


@pytest_asyncio.fixture(scope="package")
async def explorer_graph(driver: AsyncDriver, settings: Settings,
                         tmp_path_factory: pytest.TempPathFactory) -> AsyncDriver:
    await load_explorer_graph(driver, settings, tmp_path_factory.mktemp("big-park"))
    return driver


@pytest.fixture(scope="package")
def local_admin(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    path = tmp_path_factory.mktemp("stsgraph") / "local-admin-key"
    return make_local_key(path), path


@pytest.fixture(scope="package")
def explorer_url(settings: Settings, local_admin: tuple[str, Path],
                 explorer_graph: AsyncDriver) -> Iterator[str]:
    """The app as `make run` serves it: the local key accepted, GraphiQL on."""
    with serve_app(settings.model_copy(update={"local_key_file": local_admin[1]})) as url:
        yield url
