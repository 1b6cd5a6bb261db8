"""Write a validated dataset to Neo4j in batched `UNWIND ... MERGE` transactions.

Order matters: every entity first (so relationships find both ends), then relationships
from entity columns, then links and funding. Each batch is one managed write transaction,
so an interrupted load leaves whole batches behind and re-running converges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import queries
from graph.model import ENTITY_SPECS, RefSpec
from loaders.validate import EntityRecord, LinkRecord, ValidatedDataset

Progress = Callable[[str, int], None]


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


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


async def _run_batch(driver: AsyncDriver, database: str | None, query: str,
                     rows: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
        result = await tx.run(query, rows=rows, now=now)
        record = await result.single()
        return dict(record) if record is not None else {}

    async with driver.session(database=database) as session:
        return await session.execute_write(work)


def _entity_row(record: EntityRecord, source: str) -> dict[str, Any]:
    props = dict(record.props)
    props["source"] = source
    return {"id": record.id, "props": props}


def _link_row(record: LinkRecord) -> dict[str, Any]:
    source, target = record.source, record.target
    if record.rel_type == "PARTNERS_WITH" and target < source:
        source, target = target, source  # undirected: stored once, smaller id first
    return {"source": source, "target": target, "key": record.key, "props": record.props}


async def write_dataset(driver: AsyncDriver, dataset: ValidatedDataset, batch_size: int = 5000,
                        database: str | None = None,
                        progress: Progress | None = None,
                        one_transaction: bool = False) -> WriteSummary:
    """Write every record of `dataset`; `progress(phase, rows_done)` is called per batch.

    Entities the graph does not hold yet (known from validation) are written with CREATE,
    and so are their relationships; everything else goes through MERGE and the
    compare-before-set queries that count updated and unchanged records.

    `one_transaction`: every statement runs in one managed write transaction, so either all
    of it is written or nothing (mutations: one entity and its relationships). A CREATE of
    an id that another writer created meanwhile then fails whole, with neo4j's
    ConstraintError.
    """
    writer = _Writer(driver, database, batch_size, datetime.now(UTC), progress)
    if one_transaction:
        writer.steps = []
        await _plan(writer, dataset)
        steps = writer.steps

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            results = []
            for query, rows, _counts in steps:
                record = await (await tx.run(query, rows=rows, now=writer.now)).single()
                results.append(dict(record) if record is not None else {})
            return results

        async with driver.session(database=database) as session:
            for (_query, _rows, counts), row in zip(steps, await session.execute_write(work),
                                                     strict=True):
                counts.add(row)
        return writer.summary
    await _plan(writer, dataset)
    return writer.summary


async def _plan(writer: _Writer, dataset: ValidatedDataset) -> None:
    """Run (or, in one-transaction mode, collect) every statement of the dataset in order."""
    existing = dataset.existing_ids
    for spec in ENTITY_SPECS:
        records = dataset.entities.get(spec.label, [])
        counts = writer.summary.entities.setdefault(spec.label, Counts())
        new, old = _split(records, existing)
        rows = [_entity_row(r, dataset.name) for r in new]
        await writer.run(queries.create_entities(spec.label), rows, counts, spec.label)
        rows = [_entity_row(r, dataset.name) for r in old]
        await writer.run(queries.upsert_entities(spec.label), rows, counts, spec.label)
    for spec in ENTITY_SPECS:
        new, old = _split(dataset.entities.get(spec.label, []), existing)
        for ref in dataset.ref_columns.get(spec.label, ()):
            counts = writer.summary.relationships.setdefault(ref.rel_type, Counts())
            rows = [_ref_row(r, ref) for r in new if r.refs.get(ref.column)]
            await writer.run(queries.create_column_relationships(ref), rows, counts,
                             ref.rel_type, counted=False)
            rows = [_ref_row(r, ref) for r in old]
            await writer.run(queries.replace_column_relationships(ref), rows, counts,
                             ref.rel_type, counted=False)
    for spec in ENTITY_SPECS:
        for ref in dataset.ref_dates_only.get(spec.label, ()):
            counts = writer.summary.relationships.setdefault(ref.rel_type, Counts())
            rows = [{"id": r.id, "props": r.ref_props.get(ref.column, {})}
                    for r in dataset.entities.get(spec.label, [])]
            await writer.run(queries.set_reference_dates(ref), rows, counts, ref.rel_type,
                             counted=False)
    for rel_type, links in dataset.links.items():
        counts = writer.summary.relationships.setdefault(rel_type, Counts())
        fresh = [r for r in links if existing is not None
                 and r.source not in existing and r.target not in existing]
        known = [r for r in links if existing is None
                 or r.source in existing or r.target in existing]
        await writer.run(queries.create_links(rel_type), [_link_row(r) for r in fresh], counts,
                         rel_type)
        key = tuple(links[0].key) if links else ()
        await writer.run(queries.merge_links(rel_type, key), [_link_row(r) for r in known],
                         counts, rel_type)


class _Writer:
    """Runs one query over rows in batches, adding the counts each batch returns."""

    def __init__(self, driver: AsyncDriver, database: str | None, batch_size: int,
                 now: datetime, progress: Progress | None) -> None:
        self.driver, self.database, self.batch_size, self.now = driver, database, batch_size, now
        self.progress = progress or (lambda _phase, _n: None)
        self.summary = WriteSummary()
        # One-transaction mode: (query, rows, counts) to run together instead of batches.
        self.steps: list[tuple[str, list[dict[str, Any]], Counts]] | None = None

    async def run(self, query: str, rows: list[dict[str, Any]], counts: Counts,
                  phase: str, counted: bool = True) -> None:
        """`counted` False: these rows are not records of the dataset (column relationships),
        so the progress bar, which counts records, only sees the phase change."""
        if self.steps is not None:
            if rows:
                self.steps.append((query, rows, counts))
            return
        for batch in _batches(rows, self.batch_size):
            counts.add(await _run_batch(self.driver, self.database, query, list(batch),
                                        self.now))
            self.progress(phase, len(batch) if counted else 0)


def _split(records: list[EntityRecord],
           existing: set[str] | None) -> tuple[list[EntityRecord], list[EntityRecord]]:
    if existing is None:
        return [], records
    return ([r for r in records if r.id not in existing],
            [r for r in records if r.id in existing])


def _ref_row(record: EntityRecord, ref: RefSpec) -> dict[str, Any]:
    return {"id": record.id, "targets": record.refs.get(ref.column, []),
            "props": _ref_props(record, ref)}


def _ref_props(record: EntityRecord, ref: RefSpec) -> dict[str, Any]:
    """The relationship's properties: a copied `year`, and the row's dates of it
    (`park_since` / `park_until` as since / until) when the file has those columns."""
    props = dict(record.ref_props.get(ref.column, {}))
    if ref.year_from is not None:
        props["year"] = record.props.get(ref.year_from)
    return props
