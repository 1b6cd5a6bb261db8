"""The data fingerprint: a version bumped in the transaction of every write.

Every write path calls one of these inside its own transaction, so the bump commits (or
rolls back) with the data:

- `bump_whole(tx)`: a write whose effect is not confined to known clusters (a loader
  batch, a `--sync` removal, a repair): every stored result is stale afterwards.
- `begin_scoped(tx, ids)` first and `end_scoped(tx, ids, was_whole)` last: a write of the
  entities `ids` (a mutation); only the stored scores of the clusters they touch, before or
  after the write, become stale (graph/result_queries.py says which clusters).

Readers call `read_fingerprint`: one small query, which is what lets several API processes
share one notion of "the data changed".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import result_queries as rq
from graph.driver import READ, translate_unavailable

TxCheck = Callable[[AsyncManagedTransaction], Awaitable[None]]


@dataclass(frozen=True)
class Fingerprint:
    """`version`: writes so far; `whole_version`: the version of the last write not
    confined to clusters; `changed_at`: when the last write committed (None: never)."""

    version: int
    whole_version: int
    changed_at: Any = None

    @classmethod
    def from_record(cls, record: Any) -> Fingerprint:
        changed = record["changedAt"]
        return cls(int(record["version"]), int(record["wholeVersion"]),
                   changed.to_native() if changed is not None else None)


async def bump_whole(tx: AsyncManagedTransaction) -> None:
    await (await tx.run(rq.BUMP_WHOLE)).consume()


async def begin_scoped(tx: AsyncManagedTransaction, ids: list[str]) -> bool:
    """Bump the version and mark the clusters `ids` are in now; True when the write reaches
    beyond clusters (a region or an industry among `ids`)."""
    record = await (await tx.run(rq.BEGIN_SCOPED, ids=ids)).single()
    return bool(record and record["whole"])


async def end_scoped(tx: AsyncManagedTransaction, ids: list[str], was_whole: bool) -> None:
    """Mark the clusters `ids` are in after the write (run last in the transaction)."""
    await (await tx.run(rq.END_SCOPED, ids=ids, wasWhole=was_whole)).consume()


@translate_unavailable
async def read_fingerprint(driver: AsyncDriver, database: str | None = None) -> Fingerprint:
    records, _, _ = await driver.execute_query(rq.READ_FINGERPRINT, database_=database,
                                               routing_=READ)
    return Fingerprint.from_record(records[0])


async def bump_whole_now(driver: AsyncDriver, database: str | None = None) -> None:
    """A bump of its own, for writes that cannot share a transaction with it: repairs and
    wipes run `CALL ... IN TRANSACTIONS` (auto-commit), so the bump follows them."""
    async with driver.session(database=database) as session:
        await session.execute_write(bump_whole)


async def write_whole(driver: AsyncDriver, query: str, database: str | None = None,
                      **params: Any) -> list[dict[str, Any]]:
    """Run one write statement and `bump_whole` in one transaction; return its rows."""
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        rows = [dict(r) async for r in await tx.run(query, params)]
        await bump_whole(tx)
        return rows

    async with driver.session(database=database) as session:
        return await session.execute_write(work)


async def write_scoped(driver: AsyncDriver, ids: list[str], query: str,
                       database: str | None = None, check: TxCheck | None = None,
                       **params: Any) -> list[dict[str, Any]]:
    """Run one write statement of the entities `ids` between `begin_scoped` and
    `end_scoped`, in one transaction, after `check` (which may refuse it by raising);
    return its rows."""
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        if check is not None:
            await check(tx)
        was_whole = await begin_scoped(tx, ids)
        rows = [dict(r) async for r in await tx.run(query, params)]
        await end_scoped(tx, ids, was_whole)
        return rows

    async with driver.session(database=database) as session:
        return await session.execute_write(work)
