"""The data fingerprint (graph/fingerprint.py): every write path bumps it in its own
transaction, a load as a whole-graph write, a mutation scoped to its clusters; reading or
refusing to write leaves it as it was."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from app.settings import Settings
from graph.fingerprint import read_fingerprint, write_scoped
from loaders.issues import DatasetError
from loaders.single import change_relationship, save_entity


async def test_every_load_batch_is_a_whole_graph_bump(load, clean_db: AsyncDriver,
                                                      settings: Settings) -> None:
    before = await read_fingerprint(clean_db, settings.neo4j_database)
    await load("tiny", batch_size=2)
    after = await read_fingerprint(clean_db, settings.neo4j_database)
    assert after.version > before.version + 5  # several batches of 2 rows, one bump each
    assert after.whole_version == after.version
    assert after.changed_at is not None
    await load("tiny", dry_run=True)
    assert await read_fingerprint(clean_db, settings.neo4j_database) == after


async def test_a_mutation_bumps_once_without_a_whole_graph_change(
        load, clean_db: AsyncDriver, settings: Settings) -> None:
    db = settings.neo4j_database
    await load("tiny")
    loaded = await read_fingerprint(clean_db, db)
    agency = await _any(clean_db, db, "Agency")
    await save_entity(clean_db, "Agency", {"id": agency, "staff": 7}, create=False,
                      database=db)
    updated = await read_fingerprint(clean_db, db)
    assert (updated.version, updated.whole_version) == (loaded.version + 1, loaded.version)
    await change_relationship(clean_db, "PROVIDES", agency, "finance", {}, add=True,
                              database=db)
    assert (await read_fingerprint(clean_db, db)).version == loaded.version + 2


async def test_a_refused_mutation_bumps_nothing(load, clean_db: AsyncDriver,
                                                settings: Settings) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before = await read_fingerprint(clean_db, db)
    agency = await _any(clean_db, db, "Agency")
    with pytest.raises(DatasetError):
        await save_entity(clean_db, "Agency", {"id": agency, "staff": -3}, create=False,
                          database=db)
    assert await read_fingerprint(clean_db, db) == before


async def test_a_region_change_is_a_whole_graph_change(load, clean_db: AsyncDriver,
                                                       settings: Settings) -> None:
    """Regions decide provinces for many scopes: their writes are not confined to clusters."""
    db = settings.neo4j_database
    await load("tiny")
    region = await _any(clean_db, db, "Region")
    rows = await write_scoped(clean_db, [region], "MATCH (r:Region {id: $id}) "
                              "SET r.note = 'x' RETURN count(r) AS n", db, id=region)
    after = await read_fingerprint(clean_db, db)
    assert rows == [{"n": 1}] and after.whole_version == after.version


async def _any(driver: AsyncDriver, database: str, label: str) -> str:
    records, _, _ = await driver.execute_query(
        f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id LIMIT 1",
        database_=database)
    return str(records[0]["id"])

