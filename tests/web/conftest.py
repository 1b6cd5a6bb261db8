"""The explorer's tests: the demo dataset plus one park with a 5,000-node neighborhood,
loaded once for the package, and the real app served with a local admin key (what
`make run` gives a newcomer)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.local_key import make_local_key
from app.settings import PROJECT_ROOT, Settings
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.conftest import serve_app

DEMO = PROJECT_ROOT / "data" / "demo"
BIG_PARK = "park-big"
BIG_AGENCIES = 5200  # more than the 5,000-node limit: the neighborhood is truncated
BIG_PARTNERS = 15_000


def write_big_park(folder: Path, seed: int = 7) -> Path:
    """A park with BIG_AGENCIES agencies in it and BIG_PARTNERS partnerships among them:
    its 1-hop neighborhood at limit 5,000 has 5,000 nodes and about 20,000 edges."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)

    def write(name: str, header: list[str], rows: list[list[object]]) -> None:
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)

    write("regions", ["id", "name", "name_zh", "kind", "parent_id"],
          [["region-big", "Big Province", "大省", "province", ""]])
    write("parks", ["id", "name", "name_zh", "level", "region_id"],
          [[BIG_PARK, "Big Hi-tech Park", "大型高新区", "national", "region-big"]])
    agencies = [f"agency-big-{i:05d}" for i in range(BIG_AGENCIES)]
    write("agencies", ["id", "name", "name_zh", "kind", "park_id", "stages"],
          [[a, f"Big Agency {i}", f"大型机构{i}", "consulting", BIG_PARK, "consulting"]
           for i, a in enumerate(agencies)])
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < BIG_PARTNERS:
        a, b = rng.sample(agencies, 2)
        pairs.add((a, b))
    write("links", ["source_id", "type", "target_id", "year", "weight"],
          [[a, "PARTNERS_WITH", b, 2014, 0.5] for a, b in sorted(pairs)])
    return folder


@pytest_asyncio.fixture(scope="package")
async def explorer_graph(driver: AsyncDriver, settings: Settings,
                         tmp_path_factory: pytest.TempPathFactory) -> AsyncDriver:
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, DEMO, database=settings.neo4j_database)
    big = write_big_park(tmp_path_factory.mktemp("big-park"))
    await load_dataset(driver, big, database=settings.neo4j_database)
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
