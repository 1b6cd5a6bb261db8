"""Write a validated dataset to Neo4j in batched `UNWIND ... MERGE` transactions.

Order matters: every entity first (so relationships find both ends), then relationships
from entity columns, then links and funding. Each batch is one managed write transaction,
so an interrupted load leaves whole batches behind and re-running converges.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import queries
from graph.errors import NotFoundError
from graph.fingerprint import begin_scoped, bump_whole, end_scoped
from graph.model import ENTITY_SPECS, RefSpec
from loaders.progress import ENTITIES, LINKS, RELATIONSHIPS, NoProgress, Progress
from loaders.validate import EntityRecord, LinkRecord, ValidatedDataset

# A statement run first in a write transaction (a check that refuses by raising).
TxStep = Callable[[AsyncManagedTransaction], Awaitable[None]]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, row: dict[str, Any]) -> None:
        self.created += int(row.get("created") or 0)
        self.updated += int(row.get("updated") or 0)
        self.unchanged += int(row.get("unchanged") or 0)
        self.deleted += int(row.get("deleted") or 0)


@dataclass
class WriteSummary:
    entities: dict[str, Counts] = field(default_factory=dict)
    relationships: dict[str, Counts] = field(default_factory=dict)
    indicators: Counts = field(default_factory=Counts)  # :Indicator nodes (not entities)


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


async def _run_batch(driver: AsyncDriver, database: str | None, query: str,
                     rows: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
        result = await tx.run(query, rows=rows, now=now)
        record = await result.single()
        await bump_whole(tx)  # the batch and the data fingerprint commit together
        return dict(record) if record is not None else {}

    async with driver.session(database=database) as session:
        return await session.execute_write(work)


def _entity_row(record: EntityRecord, source: str) -> dict[str, Any]:
    props = dict(record.props)
    props["source"] = source
    return {"id": record.id, "props": props}


def _link_row(record: LinkRecord, source: str) -> dict[str, Any]:
    # Links and funding rows carry the dataset's `source`, as entities do, so that
    # `load --sync` knows which of them a dataset wrote (loaders/sync.py).
    start, end = record.source, record.target
    if record.rel_type == "PARTNERS_WITH" and end < start:
        start, end = end, start  # undirected: stored once, smaller id first
    return {"source": start, "target": end, "key": record.key,
            "props": {**record.props, "source": source}}


@dataclass
class _Step:
    """One query over records, each turned into a query row when its batch runs."""

    phase: str
    detail: str
    query: str
    records: Sequence[Any]
    to_row: Callable[[Any], dict[str, Any]]
    counts: Counts
    # Each row must find its entity (an update): a row that does not — deleted meanwhile —
    # fails the whole transaction with NotFoundError.
    must_match: bool = False


async def write_dataset(driver: AsyncDriver, dataset: ValidatedDataset, batch_size: int = 5000,
                        database: str | None = None, progress: Progress | None = None,
                        one_transaction: bool = False, update_only: bool = False,
                        first: TxStep | None = None,
                        touched: list[str] | None = None) -> WriteSummary:
    """Write every record of `dataset`, reporting each phase and batch to `progress`.

    Entities the graph does not hold yet (known from validation) are written with CREATE,
    and so are their relationships; everything else goes through MERGE and the
    compare-before-set queries that count updated and unchanged records.

    `one_transaction`: every statement runs in one managed write transaction, so either all
    of it is written or nothing (mutations: one entity and its relationships). A CREATE of
    an id that another writer created meanwhile then fails whole, with neo4j's
    ConstraintError. `first` (with one_transaction) runs before the writes, in the same
    transaction: a check that may refuse the write by raising (schema/province_scope.py).

    `update_only` (with `one_transaction`; update mutations): every entity is MATCHed and
    SET, never MERGEd or CREATEd, and if one of them is gone when the transaction runs (a
    concurrent delete), nothing is written and NotFoundError is raised.

    `touched` (with `one_transaction`): the ids of the entities written,
    which confine the fingerprint's bump to their clusters (graph/fingerprint.py); without
    it every batch bumps the fingerprint as a whole-graph change.
    """
    progress = progress or NoProgress()
    summary, steps = plan_writes(dataset, update_only)
    now = datetime.now(UTC)
    if one_transaction:
        await _run_in_one_transaction(driver, database, steps, now, first, touched)
        return summary
    for phase in (ENTITIES, RELATIONSHIPS, LINKS):
        phase_steps = [step for step in steps if step.phase == phase]
        progress.start(phase, sum(len(step.records) for step in phase_steps))
        for step in phase_steps:
            for batch in _batches(step.records, batch_size):
                rows = [step.to_row(record) for record in batch]
                step.counts.add(await _run_batch(driver, database, step.query, rows, now))
                progress.advance(len(batch), step.detail)
    return summary


def plan_writes(dataset: ValidatedDataset,
                update_only: bool = False) -> tuple[WriteSummary, list[_Step]]:
    """The statements that write `dataset`, in order, and the summary they fill
    (`update_only`: see write_dataset)."""
    summary = WriteSummary()
    steps = [*_entity_steps(dataset, summary, update_only),
             *_column_steps(dataset, summary, update_only),
             *_reference_date_steps(dataset, summary), *_link_steps(dataset, summary),
             *_indicator_steps(dataset, summary), *_pilot_steps(dataset, summary)]
    return summary, steps


async def run_steps(tx: AsyncManagedTransaction, steps: list[_Step],
                    now: datetime) -> list[tuple[_Step, dict[str, Any]]]:
    """Run every step, unbatched, in the transaction `tx`; each step with its counts row.
    The caller adds the counts once the transaction has committed (a retried transaction
    runs this again)."""
    results = []
    for step in steps:
        if step.records:
            rows = [step.to_row(r) for r in step.records]
            record = await (await tx.run(step.query, rows=rows, now=now)).single()
            result = dict(record) if record is not None else {}
            if step.must_match and int(result.get("matched") or 0) < len(rows):
                ids = ", ".join(repr(row["id"]) for row in rows)
                raise NotFoundError(f"no {step.detail} with id {ids}")
            results.append((step, result))
    return results


async def _run_in_one_transaction(driver: AsyncDriver, database: str | None,
                                  steps: list[_Step], now: datetime,
                                  first: TxStep | None = None,
                                  touched: list[str] | None = None) -> None:
    async def work(tx: AsyncManagedTransaction) -> list[tuple[_Step, dict[str, Any]]]:
        if first is not None:
            await first(tx)
        was_whole = await begin_scoped(tx, touched) if touched is not None else True
        results = await run_steps(tx, steps, now)
        if touched is None:
            await bump_whole(tx)
        else:
            await end_scoped(tx, touched, was_whole)
        return results

    async with driver.session(database=database) as session:
        for step, row in await session.execute_write(work):
            step.counts.add(row)


def _entity_steps(dataset: ValidatedDataset, summary: WriteSummary,
                  update_only: bool = False) -> list[_Step]:
    steps = []
    for spec in ENTITY_SPECS:
        counts = summary.entities.setdefault(spec.label, Counts())
        # an update writes every record as existing: the validation's view of what exists
        # may be stale by now, and a CREATE would bring a deleted entity back
        new, old = _split(dataset.entities.get(spec.label, []),
                          None if update_only else dataset.existing_ids)
        write_old = (queries.update_entities if update_only
                     else queries.upsert_entities)(spec.label)
        for query, records in ((queries.create_entities(spec.label), new), (write_old, old)):
            steps.append(_Step(ENTITIES, spec.label, query, records,
                               partial(_entity_row, source=dataset.name), counts,
                               must_match=update_only and query == write_old))
    return steps


def _column_steps(dataset: ValidatedDataset, summary: WriteSummary,
                  update_only: bool = False) -> list[_Step]:
    steps = []
    for spec in ENTITY_SPECS:
        new, old = _split(dataset.entities.get(spec.label, []),
                          None if update_only else dataset.existing_ids)
        for ref in dataset.ref_columns.get(spec.label, ()):
            counts = summary.relationships.setdefault(ref.rel_type, Counts())
            listed = [r for r in new if r.refs.get(ref.column)]
            detail = f":{ref.rel_type} ({spec.file}.{ref.column})"
            for query, records in ((queries.create_column_relationships(ref), listed),
                                   (queries.replace_column_relationships(ref), old)):
                steps.append(_Step(RELATIONSHIPS, detail, query, records,
                                   partial(_ref_row, ref=ref), counts))
    return steps


def _reference_date_steps(dataset: ValidatedDataset, summary: WriteSummary) -> list[_Step]:
    """Dates given for references the row does not list (`park_since` without `park_id`):
    set on the relationships the graph holds, which the row leaves as they are."""
    steps = []
    for spec in ENTITY_SPECS:
        for ref in dataset.ref_dates_only.get(spec.label, ()):
            counts = summary.relationships.setdefault(ref.rel_type, Counts())
            steps.append(_Step(RELATIONSHIPS, f":{ref.rel_type} ({spec.file} dates)",
                               queries.set_reference_dates(ref),
                               dataset.entities.get(spec.label, []),
                               partial(_dates_row, ref=ref), counts))
    return steps


def _link_steps(dataset: ValidatedDataset, summary: WriteSummary) -> list[_Step]:
    steps = []
    existing = dataset.existing_ids
    for rel_type, links in dataset.links.items():
        counts = summary.relationships.setdefault(rel_type, Counts())
        fresh = [r for r in links if existing is not None
                 and r.source not in existing and r.target not in existing]
        known = [r for r in links if existing is None
                 or r.source in existing or r.target in existing]
        key = tuple(links[0].key) if links else ()
        for query, records in ((queries.create_links(rel_type), fresh),
                               (queries.merge_links(rel_type, key), known)):
            steps.append(_Step(LINKS, f":{rel_type}", query, records,
                               partial(_link_row, source=dataset.name), counts))
    return steps


def _indicator_steps(dataset: ValidatedDataset, summary: WriteSummary) -> list[_Step]:
    """Indicators after the links: they refer to areas only by id, as a property."""
    return [_Step(LINKS, ":Indicator", queries.UPSERT_INDICATORS, dataset.indicators,
                  lambda record: record.to_row(dataset.name), summary.indicators)]


def _pilot_steps(dataset: ValidatedDataset, summary: WriteSummary) -> list[_Step]:
    """Pilots after every entity (their subjects and provinces), then their evaluations."""
    source = dataset.name
    steps = []
    if dataset.pilots:
        steps.append(_Step(LINKS, "pilots", queries.WRITE_PILOTS, dataset.pilots,
                           lambda r: {"id": r.id, "subject": r.subject, "province": r.province,
                                      "props": {**r.props, "source": source}},
                           summary.entities.setdefault("Pilot", Counts())))
    if dataset.evaluations:
        steps.append(_Step(LINKS, "pilot evaluations", queries.WRITE_PILOT_EVALUATIONS,
                           dataset.evaluations,
                           lambda r: {"pilot": r.pilot, "props": {**r.props, "source": source}},
                           summary.relationships.setdefault("HAS_EVALUATION", Counts())))
    return steps


def _split(records: list[EntityRecord],
           existing: set[str] | None) -> tuple[list[EntityRecord], list[EntityRecord]]:
    if existing is None:
        return [], records
    return ([r for r in records if r.id not in existing],
            [r for r in records if r.id in existing])


def _ref_row(record: EntityRecord, ref: RefSpec) -> dict[str, Any]:
    return {"id": record.id, "targets": record.refs.get(ref.column, []),
            "props": _ref_props(record, ref)}


def _dates_row(record: EntityRecord, ref: RefSpec) -> dict[str, Any]:
    return {"id": record.id, "props": record.ref_props.get(ref.column, {})}


def _ref_props(record: EntityRecord, ref: RefSpec) -> dict[str, Any]:
    """The relationship's properties: a copied `year`, and the row's dates of it
    (`park_since` / `park_until` as since / until) when the file has those columns."""
    props = dict(record.ref_props.get(ref.column, {}))
    if ref.year_from is not None:
        props["year"] = record.props.get(ref.year_from)
    return props
