"""A graphql-core executor that completes big lists of plain leaf-only objects in one step.

graphql-core completes every field of every list item through resolve info, the resolver,
`complete_value` and the scalar's `coerce_output_value`: about 6 µs a field, so a
5,000-node / 20,000-edge `Subgraph` spends most of its time there rather than in Neo4j or
in JSON encoding. `FastListExecutor.complete_list_value` short-circuits that machinery for
list items whose selection is *trivially* completable, and builds each item's response
dict directly (response key -> attribute value) with a small function compiled once per
(item type, selection).

A list qualifies when all of this holds (checked once per selection, then cached):

- the items' type is an object type without `is_type_of`, and the value is a list or tuple;
- no schema extension wraps resolvers (no middleware), no `@defer`/`@stream` is involved;
- every collected field (fragments, inline fragments, aliases and `@include`/`@skip` are
  applied by graphql-core's own field collection) is `__typename` or an argument-less field
  of a leaf type (scalar or enum, maybe non-null) with strawberry's default resolver (a
  plain attribute read: no resolver function, no permission classes or field extensions).

Values are then checked item by item: String/ID need a `str`, Boolean a `bool`, Int an
`int` within 32 bits, Float a finite `float`, JSON anything; those values are what
`coerce_output_value` would return anyway, so they are used as they are. Other leaf types
(enums, custom scalars) go through their `coerce_output_value`. Anything unusual — a missing
attribute, a null in a non-null field, a value needing conversion, a null item, an exception
— abandons the shortcut for the whole list, which graphql-core then completes from scratch
the ordinary way. Nothing was recorded by the abandoned attempt, so results and errors
(messages, paths, locations) are exactly graphql-core's; only the common case is faster.
"""

from __future__ import annotations

import keyword
from collections.abc import AsyncIterable, Callable, Iterable
from dataclasses import dataclass
from math import isfinite
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
    is_leaf_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type.scalars import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    serialize_boolean,
    serialize_float,
    serialize_id,
    serialize_int,
    serialize_string,
)
from strawberry.scalars import JSON
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY

__all__ = ["FastListExecutor", "ListPlan", "list_plan"]

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
_JSON_SERIALIZE = DEFAULT_SCALAR_REGISTRY[JSON].serialize

# How a leaf value is checked, by the scalar's output coercion: values passing the check are
# returned unchanged by that coercion, so the shortcut may use them as they are.
_STR, _BOOL, _INT, _FLOAT, _ANY, _COERCE = "str", "bool", "int", "float", "any", "coerce"
_CHECKS: dict[Any, str] = {
    serialize_string: _STR, serialize_id: _STR, serialize_boolean: _BOOL,
    serialize_int: _INT, serialize_float: _FLOAT, _JSON_SERIALIZE: _ANY,
}


class _Abandon(Exception):
    """A value the shortcut does not handle: complete the list the ordinary way."""


@dataclass(frozen=True)
class _Field:
    key: str  # response key (alias or field name)
    attribute: str | None  # Python attribute to read; None for __typename
    check: str
    non_null: bool
    leaf: GraphQLLeafType | None


@dataclass(frozen=True)
class ListPlan:
    """How to build one item's response dict; `build(item)` raises _Abandon when it cannot."""

    type_name: str
    fields: tuple[_Field, ...]
    build: Callable[[Any], dict[str, Any]]


def _field_plan(parent: GraphQLObjectType, key: str, details: FieldDetailsList,
                schema: Any) -> _Field | None:
    node = details[0].node
    if any(d.defer_usage is not None or d.node.arguments for d in details):
        return None
    name = node.name.value
    if name == "__typename":
        return _Field(key, None, _ANY, True, None)
    field = schema.get_field(parent, name)
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(_BACKREF)
    if definition is None or definition.default_resolver is not getattr \
            or not definition.is_basic_field:
        return None
    attribute = definition.python_name
    if not isinstance(attribute, str):
        return None
    output: GraphQLOutputType = field.type
    non_null = is_non_null_type(output)
    leaf = output.of_type if non_null else output  # type: ignore[union-attr]
    if not is_leaf_type(leaf):
        return None
    return _Field(key, attribute, _CHECKS.get(leaf.coerce_output_value, _COERCE), non_null,
                  leaf)


def _compile(type_name: str, fields: tuple[_Field, ...]) -> Callable[[Any], dict[str, Any]]:
    """A function building one item's dict; its source holds no text from the query.

    Response keys, attribute names that are not plain identifiers and coercion functions are
    bound as default arguments (k0, a0, c0, ...), never spliced into the source. All checks
    of an item are one condition (the non-null strings one chained `is`), which keeps the
    per-item cost near that of building the dict.
    """
    params = ["item", "Abandon=_Abandon", "getattr=getattr", "type=type", "str=str",
              "bool=bool", "int=int", "float=float", "isfinite=isfinite",
              "Undefined=Undefined", "MIN=GRAPHQL_MIN_INT", "MAX=GRAPHQL_MAX_INT"]
    bound: dict[str, Any] = {"_Abandon": _Abandon, "isfinite": isfinite,
                             "Undefined": Undefined, "GRAPHQL_MIN_INT": GRAPHQL_MIN_INT,
                             "GRAPHQL_MAX_INT": GRAPHQL_MAX_INT}
    reads: list[str] = []
    coercions: list[str] = []
    strings: list[str] = []  # non-null String/ID values
    conditions: list[str] = []
    entries: list[str] = []
    for i, f in enumerate(fields):
        params.append(f"k{i}=_k{i}")
        bound[f"_k{i}"] = f.key
        v = f"v{i}"
        entries.append(f"k{i}: {v}")
        if f.attribute is None:  # __typename
            params.append(f"{v}=_t{i}")
            bound[f"_t{i}"] = type_name
            continue
        if f.attribute.isidentifier() and not keyword.iskeyword(f.attribute) \
                and not f.attribute.startswith("__"):
            reads.append(f"{v} = item.{f.attribute}")
        else:
            params.append(f"a{i}=_a{i}")
            bound[f"_a{i}"] = f.attribute
            reads.append(f"{v} = getattr(item, a{i})")
        if f.check == _COERCE:  # enums, custom scalars: their own coercion, as graphql-core
            assert f.leaf is not None
            params.append(f"c{i}=_c{i}")
            bound[f"_c{i}"] = f.leaf.coerce_output_value
            coercions += [f"if {v} is not None:",
                          f"    {v} = c{i}({v})",
                          f"    if {v} is None or {v} is Undefined: raise Abandon"]
            if f.non_null:
                coercions.append("else: raise Abandon")
            continue
        if f.check == _STR and f.non_null:
            strings.append(f"type({v})")
            continue
        test = {
            _STR: f"type({v}) is str",
            _BOOL: f"type({v}) is bool",
            _INT: f"(type({v}) is int and MIN <= {v} <= MAX)",
            _FLOAT: f"(type({v}) is float and isfinite({v}))",
            _ANY: f"{v} is not None",
        }[f.check]
        if f.check == _ANY:
            if f.non_null:
                conditions.append(test)
        elif f.non_null:
            conditions.append(test)
        else:
            conditions.append(f"({v} is None or {test})")
    if strings:
        conditions.insert(0, " is ".join(["str", *strings]))
    body = reads + coercions
    if conditions:
        body.append(f"if not ({' and '.join(conditions)}): raise Abandon")
    lines = [f"def build({', '.join(params)}):"]
    lines += [f"    {line}" for line in body]
    lines.append(f"    return {{{', '.join(entries)}}}")
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), bound, namespace)  # the source holds no query text
    build: Callable[[Any], dict[str, Any]] = namespace["build"]
    build.__doc__ = "\n".join(lines)  # for debugging: the generated source
    return build


def list_plan(executor: Any, item_type: GraphQLObjectType,
              field_details_list: FieldDetailsList) -> ListPlan | None:
    """The shortcut for items of `item_type` under this selection, None if it does not apply."""
    if item_type.is_type_of is not None:
        return None
    collected = executor.collect_subfields(item_type, field_details_list)
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        return None
    fields = []
    for key, details in collected.grouped_field_set.items():
        field = _field_plan(item_type, key, details, executor.schema)
        if field is None:
            return None
        fields.append(field)
    plan_fields = tuple(fields)
    return ListPlan(item_type.name, plan_fields, _compile(item_type.name, plan_fields))


class FastListExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, plus the list shortcut described in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (item type, id(selection)) -> (selection kept alive, plan or None)
        self._list_plans: dict[tuple[GraphQLObjectType, int],
                               tuple[FieldDetailsList, ListPlan | None]] = {}
        manager = self.middleware_manager
        self._fast_lists = manager is None or not manager.middlewares

    def _plan(self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList,
              path: Path) -> tuple[ListPlan, bool] | None:
        nullable_items = not is_non_null_type(item_type)
        object_type = item_type if nullable_items else item_type.of_type  # type: ignore[union-attr]
        if not is_object_type(object_type):
            return None
        key = (object_type, id(field_details_list))
        cached = self._list_plans.get(key)
        if cached is None:
            cached = (field_details_list, list_plan(self, object_type, field_details_list))
            self._list_plans[key] = cached
        plan = cached[1]
        if plan is None:
            return None
        try:
            if self.get_stream_usage(field_details_list, path) is not None:
                return None
        except Exception:  # a bad @stream: let graphql-core report it
            return None
        return plan, nullable_items

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: AsyncIterable[Any] | Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        if self._fast_lists and position_context is None and type(result) in (list, tuple):
            found = self._plan(return_type.of_type, field_details_list, path)
            if found is not None:
                plan, nullable_items = found
                build = plan.build
                try:
                    if nullable_items:
                        return [None if item is None else build(item)
                                for item in result]  # type: ignore[union-attr]
                    return [build(item) for item in result]  # type: ignore[union-attr]
                except Exception:  # graphql-core redoes the list and reports the error
                    pass
        return super().complete_list_value(return_type, field_details_list, info, path,
                                           result, position_context)
