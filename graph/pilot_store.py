"""Reading pilots and moving one along its lifecycle (Cypher in graph/queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction, Query

from graph import queries
from graph.driver import READ, translate_unavailable
from graph.errors import GraphError, NotFoundError
from graph.fingerprint import begin_scoped
from graph.lifecycle import STATUSES, STEP_PROPS, transition_problem


class TransitionError(GraphError):
    """A step the lifecycle does not allow (graph/lifecycle.py says why)."""


@dataclass(frozen=True)
class PilotRow:
    """A pilot as stored: its properties, subject and province refs, evaluations."""

    props: dict[str, Any]
    subject: dict[str, Any] | None
    province: dict[str, Any] | None
    evaluations: list[dict[str, Any]]

    def step_years(self) -> dict[str, int | None]:
        return {s: self.props.get(STEP_PROPS[s]) for s in STATUSES}


@translate_unavailable
async def read_pilots(driver: AsyncDriver, *, province: str | None = None,
                      type_: str | None = None, ids: list[str] | None = None,
                      database: str | None = None,
                      timeout_s: float | None = None) -> list[PilotRow]:
    """Every pilot matching the filters, ordered by id, in one round-trip."""
    query = Query(queries.PILOTS, timeout=timeout_s)  # type: ignore[arg-type]
    records, _, _ = await driver.execute_query(
        query, {"province": province, "type": type_, "ids": ids},
        database_=database, routing_=READ)
    return [PilotRow(dict(r["pilot"]), r["subject"], r["province"],
                     sorted((dict(e) for e in r["evaluations"]), key=lambda e: e["year"]))
            for r in records]


@translate_unavailable
async def advance_pilot(driver: AsyncDriver, pilot_id: str, to: str, year: int,
                        database: str | None = None) -> None:
    """Move the pilot one step, to `to` in `year`, in one write transaction that locks the
    pilot before reading its status: of two concurrent advances the second sees the first's
    result. Raises NotFoundError or TransitionError (nothing written)."""

    async def work(tx: AsyncManagedTransaction) -> None:
        record = await (await tx.run(queries.LOCK_PILOT, id=pilot_id)).single()
        if record is None:
            raise NotFoundError(f"no pilot with id {pilot_id!r}")
        props = dict(record["props"])
        current = str(props.get("status"))
        last = props.get(STEP_PROPS.get(current, ""))
        problem = transition_problem(current, last, to, year)
        if problem is not None:
            raise TransitionError(problem)
        await tx.run(queries.ADVANCE_PILOT, id=pilot_id, now=datetime.now(UTC),
                     props={"status": to, STEP_PROPS[to]: year})
        await begin_scoped(tx, [])  # no cluster's score reads pilots: a version bump only

    async with driver.session(database=database) as session:
        await session.execute_write(work)
