"""A load written in one transaction, optionally limited to provinces (docs/api-auth.md).

`POST /loads` and `stsgraph load --provinces` write this way: every statement of the load
(and of its `--sync` removals) runs in one write transaction, so the load lands whole or
not at all. For an editor limited to provinces, the transaction also reads, before the
writes, the provinces of everything the rows touch (an existing entity outside the editor's
provinces may not be touched, even to move it in) and, after the writes and before the
commit, the provinces of the same ids as the load leaves them (a row may not put an entity
outside). Any row outside refuses the whole load, listing the rows, and the transaction is
rolled back: the check and the write see the same graph, whatever other requests do
meanwhile. A dry run runs the same transaction and always rolls it back, so it reports what
would be written and what would be refused.

    summary = await write_in_one_transaction(driver, report, provinces=frozenset({"r-bj"}))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import queries
from graph.fingerprint import bump_whole
from graph.model import FUNDS_SPEC, SPEC_BY_LABEL
from loaders.issues import DatasetError, DatasetIssue
from loaders.load import LoadReport
from loaders.sync import SyncPlan, apply_sync_in, count_sync
from loaders.validate import ValidatedDataset
from loaders.writer import WriteSummary, plan_writes, run_steps

# Reference data shared by every province: a row may point at it, whatever the scope.
SHARED_KINDS = frozenset({"Industry", "ServiceStage"})
SYNC_FILE = "--sync"  # the "file" of a removal --sync would make (it has no row)


@dataclass(frozen=True)
class Touch:
    """One id a row touches: the row's own id, a reference, a link's end, an area."""

    file: str
    line: int
    column: str
    id: str
    after: bool = True  # checked as the load leaves it too (not for what --sync removes)


class OutsideProvincesError(DatasetError):
    """Rows that would create or touch entities outside the editor's provinces; nothing
    was written."""

    def __init__(self, issues: list[DatasetIssue], provinces: frozenset[str]) -> None:
        super().__init__(issues)
        self.provinces = provinces


class _RollBack(Exception):
    """Ends a dry run's transaction (rolled back) with the counts it would have written."""

    def __init__(self, results: Any) -> None:
        super().__init__("dry run: rolled back")
        self.results = results


def touched(dataset: ValidatedDataset, plan: SyncPlan | None = None) -> list[Touch]:
    """Every id the load's rows create or touch, with the row and column that does."""
    found: list[Touch] = []
    for label, records in dataset.entities.items():
        refs = [r for r in SPEC_BY_LABEL[label].refs if not set(r.target_kinds) <= SHARED_KINDS]
        for record in records:
            found.append(Touch(record.file, record.line, "id", record.id))
            found += [Touch(record.file, record.line, ref.column, target)
                      for ref in refs for target in record.refs.get(ref.column, [])]
    for rel_type, links in dataset.links.items():
        start, end = ("funder_id", "recipient_id") if rel_type == FUNDS_SPEC.rel_type \
            else ("source_id", "target_id")
        for link in links:
            found += [Touch(link.file, link.line, start, link.source),
                      Touch(link.file, link.line, end, link.target)]
    found += [Touch(i.file, i.line, "region_id", i.region_id or "") for i in dataset.indicators]
    for pilot in dataset.pilots:
        found += [Touch(pilot.file, pilot.line, column, value) for column, value in
                  (("id", pilot.id), ("subject_id", pilot.subject),
                   ("province_id", pilot.province))]
    if plan is not None:
        found += [Touch(SYNC_FILE, 0, "id", e["id"], after=False) for e in plan.entities]
        found += [Touch(SYNC_FILE, 0, column, row[end], after=False)
                  for links in plan.links.values() for row in links
                  for column, end in (("source_id", "source"), ("target_id", "target"))]
    return found


async def _provinces(tx: AsyncManagedTransaction,
                     ids: list[str]) -> dict[str, tuple[bool, frozenset[str]]]:
    """id -> (whether it exists, the provinces it belongs to), as `tx` sees the graph."""
    result = await tx.run(queries.ENTITY_PROVINCES, ids=ids)
    return {r["id"]: (bool(r["found"]), frozenset(r["provinces"])) async for r in result}


def _where(provinces: frozenset[str]) -> str:
    return f"in {', '.join(sorted(provinces))}" if provinces else "in no province"


def outside_rows(touches: Iterable[Touch], provinces: frozenset[str],
                 before: dict[str, tuple[bool, frozenset[str]]],
                 after: dict[str, tuple[bool, frozenset[str]]]) -> list[DatasetIssue]:
    """The rows that touch something outside `provinces`, before or after the load."""
    allowed = ", ".join(sorted(provinces))
    issues: set[DatasetIssue] = set()
    for t in touches:
        if not t.id:  # an indicator without region_id: a national figure
            issues.add(DatasetIssue(t.file, t.line, t.column, "a national figure (no region_id) "
                                    f"is outside your provinces ({allowed})"))
            continue
        existed, was_in = before.get(t.id, (False, frozenset()))
        if existed and not (was_in and was_in <= provinces):
            issues.add(DatasetIssue(t.file, t.line, t.column, f"{t.id} is {_where(was_in)}, "
                                    f"outside your provinces ({allowed})"))
            continue
        _exists, now_in = after.get(t.id, (False, frozenset()))
        if t.after and not (now_in and now_in <= provinces):
            issues.add(DatasetIssue(t.file, t.line, t.column, f"{t.id} would be "
                                    f"{_where(now_in)} after this load, outside your "
                                    f"provinces ({allowed})"))
    return sorted(issues)


async def write_in_one_transaction(driver: AsyncDriver, report: LoadReport, *,
                                   provinces: frozenset[str] | None = None,
                                   commit: bool = True,
                                   database: str | None = None) -> WriteSummary:
    """Write the prepared load (and its sync removals) in one transaction; with `provinces`,
    refuse it whole (OutsideProvincesError, rolled back) when a row is outside them; without
    `commit` (a dry run), roll back in any case. Fills and returns `report.summary`."""
    summary, steps = plan_writes(report.dataset)
    touches = touched(report.dataset, report.sync) if provinces is not None else []
    ids = sorted({t.id for t in touches if t.id})
    now = datetime.now(UTC)

    async def work(tx: AsyncManagedTransaction) -> Any:
        before = await _provinces(tx, ids) if ids else {}
        written = await run_steps(tx, steps, now)
        removed = await apply_sync_in(tx, report.sync) if report.sync is not None else {}
        if provinces is not None:
            after = await _provinces(tx, ids) if ids else {}
            issues = outside_rows(touches, provinces, before, after)
            if issues:
                raise OutsideProvincesError(issues, provinces)
        if not commit:
            raise _RollBack((written, removed))
        await bump_whole(tx)  # the load and the data fingerprint commit together
        return written, removed

    async with driver.session(database=database) as session:
        try:
            written, removed = await session.execute_write(work)
        except _RollBack as done:
            written, removed = done.results
    for step, row in written:
        step.counts.add(row)
    if report.sync is not None:
        count_sync(report.sync, removed, summary)
    report.summary = summary
    return summary
