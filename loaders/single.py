"""Write one entity or one relationship through the loader's own validation and writer.

GraphQL mutations use this so that a record typed into the API is checked by exactly the
rules, and reported with exactly the messages, of a dataset file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncDriver
from neo4j.exceptions import ConstraintError

from graph import queries
from graph.driver import READ, translate_unavailable
from graph.errors import ConflictError, NotFoundError
from graph.fingerprint import write_scoped
from graph.model import (
    ENTITY_SPECS,
    FUNDS_SPEC,
    LINK_SPECS,
    SPEC_BY_LABEL,
    STAGE_CODES,
    EntitySpec,
    FieldSpec,
    FieldType,
    LinkSpec,
    require_label,
)
from loaders.fields import CellError, parse_cell
from loaders.issues import FILE_LEVEL, DatasetError, DatasetIssue
from loaders.load import graph_lookup
from loaders.readers import ReadResult, SourceRow, SourceTable
from loaders.stored_years import (
    SINCE_UNTIL,
    check_relationship_years,
    complete_years,
    relationship_years,
)
from loaders.validate import ValidatedDataset, validate_dataset
from loaders.writer import TxStep, write_dataset


def cell_text(value: Any) -> str:
    """A typed input value as the dataset cell that would hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


# Stands in for `name` while an update that leaves the name alone is validated (a row needs
# a name, as a file does); it is never written.
_KEEP_NAME = "(unchanged)"


async def _existing_label(driver: AsyncDriver, entity_id: str,
                          database: str | None) -> str | None:
    records, _, _ = await driver.execute_query(queries.EXISTING_IDS, ids=[entity_id],
                                               database_=database, routing_=READ)
    return str(records[0]["label"]) if records else None


def write_only_sent(dataset: ValidatedDataset, spec: EntitySpec, sent: set[str]) -> None:
    """Keep, of an update's validated record, only what the client sent: the stored years
    `complete_years` added for validation are not written back (a concurrent update of
    them would be undone), and a reference completed only to carry its years (`parkSince`
    without `parkId`) updates the years on the current relationship instead of replacing it.
    """
    props = {f.column: f.prop for f in spec.all_fields}
    completed_refs = tuple(ref for ref in dataset.ref_columns.get(spec.label, ())
                           if ref.column not in sent)
    for record in dataset.entities.get(spec.label, []):
        for column, prop in props.items():
            if column not in sent and column != "name":
                record.props.pop(prop, None)
        for ref in completed_refs:
            record.refs.pop(ref.column, None)
            dates = {d.prop: record.ref_props.get(ref.column, {}).get(d.prop)
                     for d in ref.dates if d.column in sent}
            record.ref_props[ref.column] = dates
    if completed_refs:
        dataset.ref_columns[spec.label] = tuple(
            ref for ref in dataset.ref_columns[spec.label] if ref not in completed_refs)
        dataset.ref_dates_only[spec.label] = completed_refs


def _conflict(entity_id: str, existing: str) -> ConflictError:
    return ConflictError(f"id {entity_id!r} already exists (as a {existing})",
                         id=entity_id, existingKind=existing)


@translate_unavailable
async def save_entity(driver: AsyncDriver, label: str, values: Mapping[str, Any], *,
                      create: bool, source: str = "api", database: str | None = None,
                      check: TxStep | None = None) -> str:
    """Create (`create=True`) or update one entity from dataset-column values; return its id.

    Only the columns present in `values` are written on update — nothing is read and
    written back, so concurrent updates of different fields all hold. The entity and its
    relationships are written in one transaction. Raises DatasetError with the loader's
    messages, ConflictError (naming the id and the kind that has it) when creating an id
    that exists, also when a concurrent create wins the race, NotFoundError when updating
    one that does not exist. `check` runs first in the write transaction (and may refuse
    it by raising).
    """
    spec = SPEC_BY_LABEL[require_label(label)]
    entity_id = str(values.get("id") or "")
    existing = await _existing_label(driver, entity_id, database) if entity_id else None
    row = {column: cell_text(value) for column, value in values.items()}
    if create and existing is not None:
        raise _conflict(entity_id, existing)
    if not create and existing != label:
        raise NotFoundError(f"no {label} with id {entity_id!r}")
    keep_name = not create and "name" not in row
    if keep_name:
        row["name"] = _KEEP_NAME
    sent = set(row)
    if not create:  # the year rules compare with stored years: validate with them
        row = await complete_years(driver, spec, entity_id, row, database)
    display = f"{'create' if create else 'update'}{label}"
    table = SourceTable(spec.file, display, tuple(row), [SourceRow(1, row)])
    read = ReadResult(tables={spec.file: table})
    dataset = await validate_dataset(read, source, graph_lookup(driver, database))
    if dataset.errors:
        raise DatasetError(dataset.errors)
    if keep_name:
        for record in dataset.entities.get(label, []):
            record.props.pop("name", None)
    write_only_sent(dataset, spec, sent)
    try:
        await write_dataset(driver, dataset, database=database, one_transaction=True,
                            update_only=not create, first=check, touched=[entity_id])
    except ConstraintError as e:  # another request created the id since the check above
        existing = await _existing_label(driver, entity_id, database)
        if create and existing is not None:
            raise _conflict(entity_id, existing) from e
        raise
    return entity_id


Rule = tuple[tuple[str, ...], tuple[str, ...], bool, bool]


def relationship_rules() -> dict[str, list[Rule]]:
    """Relationship type -> [(source kinds, target kinds, single-valued per source,
    single-valued per target)] — a platform has one operator: OPERATES is single per target."""
    rules: dict[str, list[Rule]] = {}
    for spec in ENTITY_SPECS:
        for ref in spec.refs:
            if ref.outgoing:
                rules.setdefault(ref.rel_type, []).append(
                    ((spec.label,), ref.target_kinds, not ref.many, False))
            else:
                rules.setdefault(ref.rel_type, []).append(
                    (ref.target_kinds, (spec.label,), False, not ref.many))
    for link in (*LINK_SPECS.values(), FUNDS_SPEC):
        rules.setdefault(link.rel_type, []).append(
            (link.source_kinds, link.target_kinds, False, False))
    return rules


RULES = relationship_rules()


def _relationship_props(rel_type: str, props: Mapping[str, Any]) -> dict[str, Any]:
    spec: LinkSpec | None = LINK_SPECS.get(rel_type) or (
        FUNDS_SPEC if rel_type == "FUNDS" else None)
    fields: tuple[FieldSpec, ...] = spec.props if spec else ()
    if rel_type == "LANDED_IN":
        fields = (FieldSpec("year", "year", FieldType.INT, minimum=1900, maximum=2100),)
    out: dict[str, Any] = {}
    issues: list[DatasetIssue] = []
    allowed = {f.prop for f in fields}
    for key, value in props.items():
        if value is None:
            continue
        if key not in allowed:
            issues.append(DatasetIssue("addRelationship", 1, key,
                                       f"{rel_type} relationships have no {key}"))
            continue
        field = next(f for f in fields if f.prop == key)
        try:
            out[key] = parse_cell(field, cell_text(value))
        except CellError as e:
            issues.append(DatasetIssue("addRelationship", 1, key, str(e)))
    if issues:
        raise DatasetError(issues)
    return out


@translate_unavailable
async def change_relationship(driver: AsyncDriver, rel_type: str, source_id: str,
                              target_id: str, props: Mapping[str, Any], *, add: bool,
                              database: str | None = None, check: TxStep | None = None) -> int:
    """Add (MERGE) or remove one relationship; returns how many relationships changed.
    `check` runs first in the write transaction (and may refuse it by raising)."""
    rules = RULES.get(rel_type)
    if rules is None:
        raise DatasetError([DatasetIssue("addRelationship", 1, "type",
                                         f"unknown relationship type {rel_type!r}")])
    target_column = "code" if rel_type == "PROVIDES" else "id"
    if rel_type != "PROVIDES" and source_id == target_id:
        raise DatasetError([DatasetIssue("addRelationship", 1, "targetId",
                                         f"{target_id!r} links to itself")])
    if rel_type == "PROVIDES" and target_id not in STAGE_CODES:
        raise DatasetError([DatasetIssue(
            "addRelationship", 1, "targetId",
            f"unknown stage code {target_id!r} (expected one of {', '.join(STAGE_CODES)})")])
    labels = await graph_lookup(driver, database)([source_id, target_id])
    source_label = labels.get(source_id)
    target_label = "ServiceStage" if rel_type == "PROVIDES" else labels.get(target_id)
    for end, label in ((source_id, source_label), (target_id, target_label)):
        if label is None:
            raise NotFoundError(f"no entity with id {end!r}")
    rule = next((r for r in rules if source_label in r[0] and target_label in r[1]), None)
    if rule is None:
        raise DatasetError([DatasetIssue(
            "addRelationship", 1, FILE_LEVEL,
            f"{rel_type} cannot link a {source_label} to a {target_label}")])
    clean: dict[str, Any] = {}
    if add:
        clean = _relationship_props(rel_type, {k: v for k, v in props.items()
                                               if k not in SINCE_UNTIL})
        clean.update(relationship_years(rel_type, {**props, **clean}))
        await check_relationship_years(driver, rel_type, source_id, target_id, target_column,
                                       clean, database)
    key = {k: clean.get(k, props.get(k)) for k in FUNDS_SPEC.key} if rel_type == "FUNDS" else {}
    if rel_type == "PARTNERS_WITH" and target_id < source_id:
        source_id, target_id = target_id, source_id  # undirected: stored smaller id first
    query = queries.change_relationship(rel_type, target_column, add=add, single=rule[2],
                                        key=tuple(key), single_target=rule[3])
    records = await write_scoped(driver, [source_id, target_id], query, database, check=check,
                                 source=source_id, target=target_id, props=clean, key=key)
    return int(records[0]["changed"]) if records else 0
