"""Idempotent schema migrations and reference data, applied at start-up and by the loader."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver

from graph import queries
from graph.model import SERVICE_STAGES

SCHEMA_VERSION = len(queries.MIGRATIONS) + len(queries.DATA_MIGRATIONS)


@dataclass(frozen=True)
class MigrationReport:
    version: int
    applied: tuple[str, ...]


async def apply_migrations(driver: AsyncDriver, database: str | None = None) -> MigrationReport:
    """Create constraints, indexes and the full-text index, and seed the service stages.

    Every statement is `IF NOT EXISTS` / `MERGE`, so running this any number of times leaves
    the same schema. Data migrations run once per database (see `_migrate_data`).
    """
    names = tuple(name for name, _ in (*queries.MIGRATIONS, *queries.DATA_MIGRATIONS))
    for _name, statement in queries.MIGRATIONS:
        await driver.execute_query(statement, database_=database)
    await _migrate_data(driver, database)
    stages = [
        {"code": code, "name": name, "nameZh": name_zh, "order": order}
        for order, (code, name, name_zh) in enumerate(SERVICE_STAGES, start=1)
    ]
    await driver.execute_query(queries.SEED_STAGES, stages=stages, database_=database)
    await driver.execute_query(
        queries.RECORD_SCHEMA_VERSION, version=SCHEMA_VERSION, names=list(names),
        database_=database,
    )
    await driver.execute_query(queries.AWAIT_INDEXES, timeout=300, database_=database)
    return MigrationReport(SCHEMA_VERSION, names)


async def _migrate_data(driver: AsyncDriver, database: str | None) -> None:
    """Run the data migrations this database has not recorded yet.

    They rewrite properties of existing data, which on a large graph is worth doing once,
    not at every start-up and every load; each is idempotent, so two processes starting
    at once do no harm."""
    records, _, _ = await driver.execute_query(queries.RECORDED_MIGRATIONS, database_=database)
    done = set(records[0]["names"]) if records else set()
    for name, statement in queries.DATA_MIGRATIONS:
        if name not in done:
            async with driver.session(database=database) as session:
                result = await session.run(statement)
                await result.consume()
