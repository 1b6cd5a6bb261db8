"""Idempotent schema migrations and reference data, applied at start-up and by the loader."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver

from graph import queries
from graph.fingerprint import bump_whole_now
from graph.model import SERVICE_STAGES

SCHEMA_VERSION = len(queries.MIGRATIONS)


@dataclass(frozen=True)
class MigrationReport:
    version: int
    applied: tuple[str, ...]
    repaired: tuple[str, ...] = ()  # data repairs run by this call (each runs once per database)


async def apply_migrations(driver: AsyncDriver, database: str | None = None) -> MigrationReport:
    """Create constraints, indexes and the full-text index, and seed the service stages.

    Every statement is `IF NOT EXISTS` / `MERGE`, so running this any number of times leaves
    the same schema. Data repairs (queries.REPAIRS) the database has not had yet run first:
    the key constraints cannot be created while duplicates exist.
    """
    names = tuple(name for name, _ in queries.MIGRATIONS)
    repaired = await _repair(driver, database)
    for _name, statement in queries.MIGRATIONS:
        await driver.execute_query(statement, database_=database)
    stages = [
        {"code": code, "name": name, "nameZh": name_zh, "order": order}
        for order, (code, name, name_zh) in enumerate(SERVICE_STAGES, start=1)
    ]
    await driver.execute_query(queries.SEED_STAGES, stages=stages, database_=database)
    await driver.execute_query(
        queries.RECORD_SCHEMA_VERSION, version=SCHEMA_VERSION, names=list(names),
        repairs=[name for name, _ in queries.REPAIRS], database_=database,
    )
    await driver.execute_query(queries.AWAIT_INDEXES, timeout=300, database_=database)
    return MigrationReport(SCHEMA_VERSION, names, repaired)


async def _repair(driver: AsyncDriver, database: str | None) -> tuple[str, ...]:
    """Run the repairs not recorded as done; they batch with `CALL ... IN TRANSACTIONS`,
    which needs an auto-commit transaction (session.run)."""
    records, _, _ = await driver.execute_query(queries.APPLIED_REPAIRS, database_=database)
    done = set(records[0]["repairs"] or ()) if records else set()
    pending = tuple((name, text) for name, text in queries.REPAIRS if name not in done)
    if pending:
        async with driver.session(database=database) as session:
            for _name, statement in pending:
                result = await session.run(statement)
                await result.consume()
        await bump_whole_now(driver, database)  # repairs change data: stored results are stale
    return tuple(name for name, _ in pending)
