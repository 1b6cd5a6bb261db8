"""Mutations: create, update and delete each entity kind; add and remove relationships.

Entities go through the loader's validation and writer (loaders/single.py), so the API
refuses exactly what a dataset file would, with the same messages.

No `from __future__ import annotations`: the input classes are built at import time.
"""

from typing import Any

import strawberry
from strawberry.types.unset import UNSET

from graph import queries
from graph.driver import WRITE, translate_unavailable
from graph.errors import ConflictError, NotFoundError
from graph.fingerprint import write_scoped
from graph.model import ENTITY_SPECS, EntitySpec, FieldType, RefSpec
from loaders.single import change_relationship, save_entity
from schema.analysis import invalidate_whole_graph
from schema.context import Info
from schema.enums import EntityKind, RelationshipType, ServiceStageCode, codes, field_enum
from schema.errors import Forbidden
from schema.pilots import PilotMutation
from schema.province_scope import TxCheck, require_in_scope, scope_check
from schema.query import compiler_for, current_field, run_compiled
from schema.types import TYPES

PY_TYPES = {FieldType.STR: str, FieldType.ENUM: str, FieldType.INT: int,
            FieldType.FLOAT: float, FieldType.BOOL: bool}


def _camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)


def _ref_type(ref: RefSpec) -> Any:
    item = ServiceStageCode if ref.target_kinds == ("ServiceStage",) else strawberry.ID
    return list[item] if ref.many else item  # type: ignore[valid-type]


def _input_class(spec: EntitySpec, create: bool) -> Any:
    """`{Label}CreateInput` / `{Label}UpdateInput`: dataset columns in camelCase."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for field in spec.all_fields:
        if field.column == "id" and not create:
            continue
        required = create and field.column in ("id", "name")
        base = strawberry.ID if field.column == "id" else PY_TYPES[field.type]
        if field.type is FieldType.ENUM:
            base = field_enum(spec.label, field.prop)
        annotations[field.column] = base if required else base | None
        namespace[field.column] = strawberry.field(name=_camel(field.column), default=UNSET)
    for ref in spec.refs:
        annotations[ref.column] = _ref_type(ref) | None
        namespace[ref.column] = strawberry.field(name=_camel(ref.column), default=UNSET,
                                                 description=f"Becomes :{ref.rel_type}.")
        for date in ref.dates:  # parkSince / parkUntil: the years of that relationship
            annotations[date.column] = int | None
            holds = "no longer holds" if date.prop == "until" else "holds"
            namespace[date.column] = strawberry.field(
                name=_camel(date.column), default=UNSET,
                description=f"First year the :{ref.rel_type} of `{_camel(ref.column)}` "
                            f"{holds} (its `{date.prop}`).")
    kind = "Create" if create else "Update"
    cls = type(f"{spec.label}{kind}Input", (), namespace)
    return strawberry.input(cls, description=f"Fields of a {spec.label} ({kind.lower()}); "
                                             "omitted fields are left unchanged on update, "
                                             "null clears them.")


def _values(input_obj: Any) -> dict[str, Any]:
    """The fields sent, enum members as their stored codes."""
    return {name: codes(value) for name, value in vars(input_obj).items()
            if value is not UNSET}


@strawberry.type(description="What a delete removed.")
class DeletePayload:
    id: strawberry.ID
    kind: EntityKind  # type: ignore[valid-type]
    deleted_relationships: int


@strawberry.input(description="One relationship; properties apply to the types that have them.")
class RelationshipInput:
    type: RelationshipType  # type: ignore[valid-type]
    source_id: strawberry.ID
    target_id: str = strawberry.field(description="An entity id, or a stage code for PROVIDES.")
    year: int | None = None
    weight: float | None = None
    role: str | None = None
    amount_million_cny: float | None = None
    program: str | None = None
    since: int | None = strawberry.field(
        default=UNSET, description="First year the relationship holds (dated types, "
                                   "DESIGN.md section 8); null clears it, omitted keeps it. "
                                   "A partnership's `year` is its since.")
    until: int | None = strawberry.field(
        default=UNSET, description="First year it no longer holds; null clears it, omitted "
                                   "keeps it.")


# Relationship types whose target is shared reference data (an industry or a stage).
SHARED_TARGET_TYPES = ("PROVIDES", "SERVES_INDUSTRY", "FOCUSES_ON", "IN_INDUSTRY")


@strawberry.type(description="The outcome of adding or removing a relationship.")
class RelationshipPayload:
    type: RelationshipType  # type: ignore[valid-type]
    source_id: strawberry.ID
    target_id: str
    changed: int


async def _fetch(info: Info, label: str, entity_id: str) -> Any:
    """The entity just written, as selected; NOT_FOUND when a concurrent delete removed it
    between the write and this read (the write came first, the delete holds)."""
    compiler = compiler_for(info)
    proj = compiler.projection("n", label, current_field(info).selections)
    text = f"MATCH (n:{label} {{id: {compiler.param(entity_id)}}}) RETURN {proj} AS result"
    found = await run_compiled(info, text, compiler)
    if found is None:
        raise NotFoundError(f"{label} {entity_id!r} was written, then deleted by another "
                            "request")
    return found


# Reference data shared by every province: a scoped editor may point at it freely.
SHARED_KINDS = ("Industry", "ServiceStage")


def _located_by(spec: EntitySpec, values: dict[str, Any]) -> list[str]:
    """The ids an input's references point at, besides shared reference data."""
    found: list[str] = []
    for ref in spec.refs:
        value = values.get(ref.column)
        if value is None or set(ref.target_kinds) <= set(SHARED_KINDS):
            continue
        found += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return found


def _create_scope(info: Info, spec: EntitySpec, values: dict[str, Any]) -> TxCheck | None:
    """A new entity belongs to the provinces of what it references; with no such
    reference it belongs to none, which a province-scoped editor may not create. The
    check of the references runs in the write transaction."""
    principal = info.context.principal
    located = _located_by(spec, values)
    if principal is not None and principal.province_limited and not located:
        raise Forbidden(f"create{spec.label}: a new {spec.label} must reference a park or "
                        "region of your provinces")
    return scope_check(info, located, f"create{spec.label}")


def _create_field(spec: EntitySpec, input_type: Any) -> Any:
    async def resolve(info: Info, input: Any) -> Any:
        ctx = info.context
        check = _create_scope(info, spec, _values(input))
        invalidate_whole_graph()
        entity_id = await save_entity(ctx.driver, spec.label, _values(input), create=True,
                                      database=ctx.settings.neo4j_database, check=check)
        return await _fetch(info, spec.label, entity_id)

    resolve.__annotations__ = {"input": input_type, "info": Info}
    return strawberry.mutation(resolver=resolve, graphql_type=TYPES[spec.label],
                               name=f"create{spec.label}",
                               description=f"Create a {spec.label}; refused if the id exists.")


def _update_field(spec: EntitySpec, input_type: Any) -> Any:
    async def resolve(info: Info, id: strawberry.ID, input: Any) -> Any:
        ctx = info.context
        values = {"id": str(id), **_values(input)}
        check = scope_check(info, [str(id), *_located_by(spec, values)],
                            f"update{spec.label}")
        invalidate_whole_graph()
        await save_entity(ctx.driver, spec.label, values, create=False,
                          database=ctx.settings.neo4j_database, check=check)
        return await _fetch(info, spec.label, str(id))

    resolve.__annotations__ = {"id": strawberry.ID, "input": input_type, "info": Info}
    return strawberry.mutation(resolver=resolve, graphql_type=TYPES[spec.label],
                               name=f"update{spec.label}",
                               description=f"Update a {spec.label}'s given fields.")


@translate_unavailable
async def _delete(info: Info, label: str, entity_id: str, cascade: bool) -> DeletePayload:
    ctx = info.context
    invalidate_whole_graph()
    db = ctx.settings.neo4j_database
    records, _, _ = await ctx.driver.execute_query(queries.INCOMING_DEPENDENTS, id=entity_id,
                                                   database_=db, routing_=WRITE)
    if not records or records[0]["label"] != label:
        raise NotFoundError(f"no {label} with id {entity_id!r}")
    dependents = int(records[0]["dependents"])
    if dependents and not cascade:
        raise ConflictError(
            f"{label} {entity_id!r} is referenced by {dependents} relationship(s) from other "
            "entities; delete with cascade: true to remove it and all its relationships")
    rels = await write_scoped(ctx.driver, [entity_id], queries.DELETE_ENTITY_COUNTED, db,
                              id=entity_id)
    return DeletePayload(id=strawberry.ID(entity_id), kind=EntityKind(label),
                         deleted_relationships=int(rels[0]["relationships"]))


def _delete_field(spec: EntitySpec) -> Any:
    async def resolve(info: Info, id: strawberry.ID, cascade: bool = False) -> DeletePayload:
        await require_in_scope(info, [str(id)], f"delete{spec.label}")
        return await _delete(info, spec.label, str(id), cascade)

    return strawberry.mutation(
        resolver=resolve, name=f"delete{spec.label}",
        description=f"Delete a {spec.label}. Refused while other entities point at it unless "
                    "`cascade` is true, which removes its relationships (never other entities).")


async def _change(info: Info, input: RelationshipInput, add: bool) -> RelationshipPayload:
    ctx = info.context
    shared_target = str(input.type.value) in SHARED_TARGET_TYPES  # type: ignore[attr-defined]
    check = scope_check(info, [str(input.source_id)] + ([] if shared_target
                                                       else [input.target_id]),
                        "addRelationship" if add else "removeRelationship")
    invalidate_whole_graph()
    rel_type = str(input.type.value)  # type: ignore[attr-defined]
    props = {"year": input.year, "weight": input.weight, "role": input.role,
             "amountMillionCny": input.amount_million_cny, "program": input.program}
    props.update({k: getattr(input, k) for k in ("since", "until")
                  if getattr(input, k) is not UNSET})
    changed = await change_relationship(ctx.driver, rel_type, str(input.source_id),
                                        input.target_id, props, add=add,
                                        database=ctx.settings.neo4j_database, check=check)
    if not add and changed == 0:
        raise NotFoundError(
            f"no {rel_type} relationship from {input.source_id!r} to {input.target_id!r}")
    return RelationshipPayload(type=input.type, source_id=input.source_id,
                               target_id=input.target_id, changed=changed)


@strawberry.type
class RelationshipMutation:
    @strawberry.mutation(description="Add a relationship (idempotent). Single-valued ones, such "
                                     "as an agency's park, replace the previous target.")
    async def add_relationship(self, info: Info, input: RelationshipInput) -> RelationshipPayload:
        return await _change(info, input, add=True)

    @strawberry.mutation(description="Remove a relationship; NOT_FOUND if there is none.")
    async def remove_relationship(self, info: Info,
                                  input: RelationshipInput) -> RelationshipPayload:
        return await _change(info, input, add=False)


def _mutation_namespace() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    for spec in ENTITY_SPECS:
        namespace[f"create_{spec.label}"] = _create_field(spec, _input_class(spec, True))
        namespace[f"update_{spec.label}"] = _update_field(spec, _input_class(spec, False))
        namespace[f"delete_{spec.label}"] = _delete_field(spec)
    return namespace


Mutation = strawberry.type(type("Mutation", (RelationshipMutation, PilotMutation),
                                _mutation_namespace()))

__all__ = ["ConflictError", "Mutation"]
