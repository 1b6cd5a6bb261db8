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
from graph.model import ENTITY_SPECS
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
    return {"source": record.source, "target": record.target, "key": record.key,
            "props": record.props}


async def write_dataset(driver: AsyncDriver, dataset: ValidatedDataset, batch_size: int = 5000,
                        database: str | None = None,
                        progress: Progress | None = None) -> WriteSummary:
    """Write every record of `dataset`; `progress(phase, rows_done)` is called per batch."""
    now = datetime.now(UTC)
    summary = WriteSummary()
    report = progress or (lambda _phase, _n: None)
    for spec in ENTITY_SPECS:
        records = dataset.entities.get(spec.label, [])
        counts = summary.entities.setdefault(spec.label, Counts())
        query = queries.upsert_entities(spec.label)
        for batch in _batches(records, batch_size):
            rows = [_entity_row(r, dataset.name) for r in batch]
            counts.add(await _run_batch(driver, database, query, rows, now))
            report(spec.label, len(rows))
    for spec in ENTITY_SPECS:
        records = dataset.entities.get(spec.label, [])
        for ref in dataset.ref_columns.get(spec.label, ()):
            counts = summary.relationships.setdefault(ref.rel_type, Counts())
            query = queries.replace_column_relationships(ref)
            for batch in _batches(records, batch_size):
                rows = [{"id": r.id, "targets": r.refs.get(ref.column, []),
                         "props": _ref_props(r, ref.year_from)} for r in batch]
                counts.add(await _run_batch(driver, database, query, rows, now))
                report(f"{spec.label}.{ref.column}", 0)
    for rel_type, links in dataset.links.items():
        counts = summary.relationships.setdefault(rel_type, Counts())
        key = tuple(links[0].key) if links else ()
        query = queries.merge_links(rel_type, key)
        for batch in _batches(links, batch_size):
            counts.add(await _run_batch(driver, database, query,
                                        [_link_row(r) for r in batch], now))
            report(rel_type, len(batch))
    return summary


def _ref_props(record: EntityRecord, year_from: str | None) -> dict[str, Any]:
    if year_from is None:
        return {}
    return {"year": record.props.get(year_from)}
