"""`where` filter and `orderBy` inputs, generated from schema/registry.py.

Filter keys follow `@neo4j/graphql`'s flat style: `name`, `name_in`, `name_contains`,
`name_startsWith`, `year_gte`, ..., `AND`/`OR`/`NOT`, and per relationship `agencies_some`,
`agencies_none` (lists) or `park` (single), each taking the target type's filter.

No `from __future__ import annotations` here: the classes are built at import time.
"""

import enum
from typing import Any

import strawberry

from schema.registry import OBJECT_TYPES, ScalarKind, rel_fields, scalar_fields

STRING_OPERATORS = ("", "_in", "_contains", "_startsWith")
NUMBER_OPERATORS = ("", "_in", "_gt", "_gte", "_lt", "_lte")
OPERATORS: dict[ScalarKind, tuple[str, ...]] = {
    ScalarKind.ID: ("", "_in", "_startsWith"),
    ScalarKind.STRING: STRING_OPERATORS,
    ScalarKind.INT: NUMBER_OPERATORS,
    ScalarKind.FLOAT: NUMBER_OPERATORS,
    ScalarKind.BOOLEAN: ("",),
    ScalarKind.ENUM: ("", "_in"),
}
PYTHON_TYPES: dict[ScalarKind, Any] = {
    ScalarKind.ID: str, ScalarKind.STRING: str, ScalarKind.INT: int, ScalarKind.FLOAT: float,
    ScalarKind.BOOLEAN: bool,
}
FILTER_TYPES = (*OBJECT_TYPES, "Entity")


@strawberry.enum(description="Sort direction.")
class SortDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="Where items without a value go in a sort.")
class NullsOrder(enum.Enum):
    FIRST = "FIRST"
    LAST = "LAST"


def _camel_to_upper(name: str) -> str:
    return "".join(f"_{c}" if c.isupper() else c.upper() for c in name).lstrip("_")


def sort_fields(type_name: str) -> dict[str, str]:
    """Sort enum member name -> what to sort by: a property, or `count:<relationship field>`."""
    fields = {_camel_to_upper(f.name): f.name for f in scalar_fields(type_name) if f.sortable}
    for rel in rel_fields(type_name):
        if rel.many:
            fields[f"{_camel_to_upper(rel.name)}_COUNT"] = f"count:{rel.name}"
    return fields


def _filter_namespace(type_name: str, where_classes: dict[str, Any]) -> dict[str, Any]:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for field in scalar_fields(type_name):
        if not field.filterable:
            continue
        base = field.enum if field.kind is ScalarKind.ENUM else PYTHON_TYPES[field.kind]
        for op in OPERATORS[field.kind]:
            key = f"{field.name}{op}"
            annotations[f"k_{key}"] = (list[base] if op == "_in" else base) | None
            namespace[f"k_{key}"] = strawberry.field(name=key, default=None)
    for rel in rel_fields(type_name):
        target = where_classes[rel.target]
        suffixes = ("_some", "_none") if rel.many else ("",)
        for suffix in suffixes:
            key = f"{rel.name}{suffix}"
            annotations[f"k_{key}"] = target | None
            namespace[f"k_{key}"] = strawberry.field(name=key, default=None)
    me = where_classes[type_name]
    for key, annotation in (("AND", list[me] | None), ("OR", list[me] | None),
                            ("NOT", me | None)):
        annotations[f"k_{key}"] = annotation
        namespace[f"k_{key}"] = strawberry.field(name=key, default=None)
    return namespace


def _build_inputs() -> tuple[dict[str, Any], dict[str, Any]]:
    where: dict[str, Any] = {name: type(f"{name}Where", (), {}) for name in FILTER_TYPES}
    for name, cls in where.items():
        for key, value in _filter_namespace(name, where).items():
            setattr(cls, key, value)
    for name, cls in where.items():
        where[name] = strawberry.input(cls, description=f"Filter on {name}.")
    sort: dict[str, Any] = {}
    for name in FILTER_TYPES:
        sort_enum = strawberry.enum(
            enum.Enum(f"{name}SortField", {k: k for k in sort_fields(name)}),  # type: ignore[misc]
            description=f"What {name} lists can be sorted by (`*_COUNT`: relationship counts).",
        )
        sort[name] = strawberry.input(type(f"{name}Sort", (), {
            "__annotations__": {"field": sort_enum, "direction": SortDirection,
                                "nulls": NullsOrder},
            "direction": SortDirection.ASC,
            "nulls": strawberry.field(default=NullsOrder.LAST, description=(
                "Where items without a value go, whatever the direction (last by default)."
            )),
        }), description=f"One sort key for {name} lists.")
    return where, sort


WHERE_INPUTS, SORT_INPUTS = _build_inputs()
