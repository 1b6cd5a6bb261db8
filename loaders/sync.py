"""`stsgraph load --sync`: remove what a dataset's `source` wrote and its folder no longer holds.

A load only adds and updates. With --sync, the entities whose `source` is the dataset's
name but whose row is gone are removed (with their relationships), and so are the links and
funding rows that dataset wrote (they carry its `source` too) and the folder no longer
lists. Relationship columns need nothing extra: a reload already makes an entity's column
relationships equal to its cell.

Nothing another source wrote is removed. When removing an entity would take with it a
relationship another source (or the API) wrote — a park of another dataset in a region this
one dropped — the sync is refused, naming both, before anything is written.

    plan = await plan_sync(driver, dataset)      # reads only: the diff and its problems
    if not plan.problems: await write_dataset(...); await apply_sync(driver, plan, summary)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import queries
from graph.fingerprint import write_whole
from graph.model import ENTITY_SPECS, FUNDS_SPEC, LINK_SPECS, SPEC_BY_LABEL
from loaders.issues import FILE_LEVEL, DatasetIssue
from loaders.progress import REMOVING, NoProgress, Progress
from loaders.validate import ValidatedDataset
from loaders.writer import Counts, WriteSummary

LINK_KEYS: dict[str, tuple[str, ...]] = {
    **{t: spec.key for t, spec in LINK_SPECS.items()}, FUNDS_SPEC.rel_type: FUNDS_SPEC.key}
# Column relationships belong to the entity whose file has the column: the start node,
# except where the column points the other way (a platform's operator_id: OPERATES).
OWNED_BY_END = frozenset(r.rel_type for s in ENTITY_SPECS for r in s.refs if not r.outgoing)

# Why something is removed: its row is gone (an entity, a link or a funding row), its cell no
# longer lists it (a column relationship; the write removes those), or an end is removed.
GONE, UNLISTED, WITH_ENTITY = "gone", "unlisted", "with"


@dataclass(frozen=True)
class Removal:
    """One entity or relationship --sync removes, as shown in the diff."""

    kind: str  # an entity label, or ":TYPE" for a relationship
    text: str
    why: str = GONE


@dataclass
class SyncPlan:
    source: str
    entities: list[dict[str, Any]] = field(default_factory=list)  # {id, label, name}
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # {source, target, key}
    removals: list[Removal] = field(default_factory=list)
    problems: list[DatasetIssue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.removals

    def counts(self) -> dict[str, int]:
        """Removals per kind (entity labels first, then relationship types)."""
        out: dict[str, int] = {}
        for removal in sorted(self.removals, key=lambda r: (r.kind.startswith(":"), r.kind)):
            out[removal.kind] = out.get(removal.kind, 0) + 1
        return out


async def _read(driver: AsyncDriver, query: str, database: str | None,
                **params: Any) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(query, params, database_=database, routing_="r")
    return [dict(r) for r in records]


async def plan_sync(driver: AsyncDriver, dataset: ValidatedDataset,
                    database: str | None = None) -> SyncPlan:
    """What --sync would remove for `dataset` (reads only), and why it may not."""
    plan = SyncPlan(dataset.name)
    held = [r.id for records in dataset.entities.values() for r in records]
    plan.entities = await _read(driver, queries.SYNC_ENTITIES_GONE, database,
                                source=dataset.name, ids=held)
    for e in plan.entities:
        plan.removals.append(Removal(e["label"], _entity_text(e)))
    gone = {e["id"]: e for e in plan.entities}
    plan.problems += _references_to_removed(dataset, gone)
    await _plan_links(driver, dataset, plan, database)
    unlisted = await _plan_columns(driver, dataset, plan, database)
    await _plan_attached(driver, plan, gone, unlisted, database)
    return plan


def _entity_text(entity: dict[str, Any]) -> str:
    return f"{entity['id']} ({entity['name']})" if entity.get("name") else str(entity["id"])


def _references_to_removed(dataset: ValidatedDataset,
                           gone: dict[str, dict[str, Any]]) -> list[DatasetIssue]:
    """Rows of the folder that point at an entity --sync would remove."""
    if not gone:
        return []
    problems = []
    reason = ("{!r} is no longer in the folder, so --sync would remove it; put its row back, "
              "or remove this reference")
    for records in dataset.entities.values():
        for record in records:
            for column, targets in record.refs.items():
                problems += [DatasetIssue(record.file, record.line, column, reason.format(t))
                             for t in targets if t in gone]
    for rel_type, links in dataset.links.items():
        columns = ("funder_id", "recipient_id") if rel_type == "FUNDS" else ("source_id",
                                                                             "target_id")
        for link in links:
            for column, end in zip(columns, (link.source, link.target), strict=True):
                if end in gone:
                    problems.append(DatasetIssue(link.file, link.line, column,
                                                 reason.format(end)))
    return problems


def _link_identity(source: str, target: str, key: list[Any]) -> tuple[Any, ...]:
    return (source, target, *key)


async def _plan_links(driver: AsyncDriver, dataset: ValidatedDataset, plan: SyncPlan,
                      database: str | None) -> None:
    for rel_type, key in LINK_KEYS.items():
        held = {_link_identity(r.source, r.target, [r.key.get(k) for k in key])
                for r in dataset.links.get(rel_type, [])}
        rows = await _read(driver, queries.sync_links_of_source(rel_type), database,
                           source=dataset.name, key=list(key))
        stale = [r for r in rows
                 if _link_identity(r["source"], r["target"], r["key"]) not in held]
        plan.links[rel_type] = [{"source": r["source"], "target": r["target"],
                                 "key": dict(zip(key, r["key"], strict=True))} for r in stale]
        plan.removals += [Removal(f":{rel_type}", _link_text(r, key)) for r in stale]


def _link_text(row: dict[str, Any], key: tuple[str, ...]) -> str:
    values = ", ".join(str(v) for v in row["key"] if v is not None) if key else ""
    detail = f" ({values})" if values else ""
    return f"{row['source']} -> {row['target']}{detail}"


async def _plan_attached(driver: AsyncDriver, plan: SyncPlan, gone: dict[str, dict[str, Any]],
                         listed: set[tuple[str, str, str]], database: str | None) -> None:
    """Relationships removed with the removed entities; another source's are a problem.
    `listed`: (type, start, end) of relationships the diff already holds."""
    if not gone:
        return
    rows = await _read(driver, queries.SYNC_ATTACHED, database, ids=sorted(gone))
    stale_links = listed | {(t, link["source"], link["target"])
                            for t, links in plan.links.items() for link in links}
    seen: set[str] = set()
    for row in rows:
        if row["rid"] in seen:
            continue
        seen.add(row["rid"])
        start, end = (row["id"], row["other"]) if row["outgoing"] else (row["other"], row["id"])
        if (row["type"], start, end) in stale_links:
            continue  # already in the diff for another reason
        writer = _written_by(row, plan.source, gone)
        if writer is not None:
            plan.problems.append(_conflict(gone[row["id"]], row["type"], start, end, writer))
            continue
        plan.removals.append(Removal(f":{row['type']}", f"{start} -> {end}", WITH_ENTITY))


def _written_by(row: dict[str, Any], source: str, gone: dict[str, dict[str, Any]]) -> str | None:
    """Who wrote a relationship of a removed entity when it was not this source, else None."""
    if row["type"] in LINK_KEYS:
        return None if row["relSource"] == source else repr(row["relSource"] or "the API")
    own = row["outgoing"] != (row["type"] in OWNED_BY_END)  # the removed entity holds the column
    if own or row["other"] in gone or row["otherSource"] == source:
        return None
    return repr(row["otherSource"] or "the API")


def _conflict(entity: dict[str, Any], rel_type: str, start: str, end: str,
              writer: str) -> DatasetIssue:
    stem = SPEC_BY_LABEL[entity["label"]].file if entity["label"] in SPEC_BY_LABEL else "-"
    return DatasetIssue(
        stem, 0, FILE_LEVEL,
        f"{entity['id']!r} ({entity['label']}) is no longer in the folder, but --sync cannot "
        f"remove it: ({start})-[:{rel_type}]->({end}) was written by {writer}; put its row "
        "back, or remove that relationship first")


async def _plan_columns(driver: AsyncDriver, dataset: ValidatedDataset, plan: SyncPlan,
                        database: str | None) -> set[tuple[str, str, str]]:
    """Column relationships the write itself deletes (cells that no longer list them);
    returns them as (type, start, end)."""
    existing = dataset.existing_ids or set()
    found: set[tuple[str, str, str]] = set()
    for spec in ENTITY_SPECS:
        records = [r for r in dataset.entities.get(spec.label, []) if r.id in existing]
        for ref in dataset.ref_columns.get(spec.label, ()) if records else ():
            rows = [{"id": r.id, "targets": r.refs.get(ref.column, [])} for r in records]
            stale = await _read(driver, queries.sync_stale_column_relationships(ref), database,
                                rows=rows)
            for row in stale:
                start, end = ((row["id"], row["target"]) if ref.outgoing
                              else (row["target"], row["id"]))
                found.add((ref.rel_type, start, end))
                plan.removals.append(Removal(
                    f":{ref.rel_type}", f"{start} -> {end} ({spec.file}.{ref.column})", UNLISTED))
    return found


async def apply_sync(driver: AsyncDriver, plan: SyncPlan, summary: WriteSummary,
                     batch_size: int = 5000, database: str | None = None,
                     progress: Progress | None = None) -> None:
    """Remove the plan's stale links, then its entities (with their relationships), adding
    what was removed to the `deleted` counts of `summary`."""
    progress = progress or NoProgress()
    progress.start(REMOVING, sum(map(len, plan.links.values())) + len(plan.entities))
    for rel_type, links in plan.links.items():
        counts = summary.relationships.setdefault(rel_type, Counts())
        for start in range(0, len(links), batch_size):
            batch = links[start:start + batch_size]
            counts.deleted += await _write(driver, queries.sync_remove_links(rel_type), database,
                                           rows=batch, source=plan.source)
            progress.advance(len(batch), f":{rel_type}")
    ids = [e["id"] for e in plan.entities]
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        await _write(driver, queries.SYNC_REMOVE_ENTITIES, database, ids=batch,
                     source=plan.source)
        progress.advance(len(batch), "entities")
    _count_removed(plan, summary)


def _count_removed(plan: SyncPlan, summary: WriteSummary) -> None:
    for entity in plan.entities:
        summary.entities.setdefault(entity["label"], Counts()).deleted += 1
    for removal in plan.removals:
        if removal.why == WITH_ENTITY:
            summary.relationships.setdefault(removal.kind[1:], Counts()).deleted += 1


async def apply_sync_in(tx: AsyncManagedTransaction, plan: SyncPlan) -> dict[str, int]:
    """The removals of `plan` in the transaction `tx`, unbatched (loads written in one
    transaction, loaders/scoped.py); the links removed per type. Add them to a summary with
    `count_sync` once the transaction has committed."""
    deleted: dict[str, int] = {}
    for rel_type, links in plan.links.items():
        result = await tx.run(queries.sync_remove_links(rel_type), rows=links,
                              source=plan.source)
        record = await result.single()
        deleted[rel_type] = int(record["deleted"]) if record is not None else 0
    if plan.entities:
        await (await tx.run(queries.SYNC_REMOVE_ENTITIES, ids=[e["id"] for e in plan.entities],
                            source=plan.source)).consume()
    return deleted


def count_sync(plan: SyncPlan, deleted: dict[str, int], summary: WriteSummary) -> None:
    """Add what apply_sync_in removed to `summary`'s deleted counts."""
    for rel_type, count in deleted.items():
        summary.relationships.setdefault(rel_type, Counts()).deleted += count
    _count_removed(plan, summary)


async def _write(driver: AsyncDriver, query: str, database: str | None, **params: Any) -> int:
    records = await write_whole(driver, query, database, **params)  # bumps the fingerprint
    return int(records[0]["deleted"]) if records else 0
