"""Idempotent schema migrations and reference data, applied at start-up and by the loader."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver

from graph import queries
from graph.model import SERVICE_STAGES

SCHEMA_VERSION = len(queries.MIGRATIONS)


@dataclass(frozen=True)
class MigrationReport:
    version: int
    applied: tuple[str, ...]


async def apply_migrations(driver: AsyncDriver, database: str | None = None) -> MigrationReport:
    """Create constraints, indexes and the full-text index, and seed the service stages.

    Every statement is `IF NOT EXISTS` / `MERGE`, so running this any number of times leaves
    the same schema.
    """
    names = tuple(name for name, _ in queries.MIGRATIONS)
    for _name, statement in queries.MIGRATIONS:
        await driver.execute_query(statement, database_=database)
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
