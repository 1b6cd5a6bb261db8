"""A graphql-core executor that completes big lists of plain leaf-only objects in one step.

graphql-core completes every field of every list item through resolve info, the resolver,
`complete_value` and the scalar's `coerce_output_value`: several µs a field, so a
5,000-node / 20,000-edge `Subgraph` spends most of its time there rather than in Neo4j or
in JSON encoding. `FastListExecutor.complete_list_value` short-circuits that machinery for
lists whose items' selection is *trivially* completable, and builds every item's response
dict directly (response key -> attribute value) in one list comprehension generated for the
(item type, selection) and cached across requests.

A list qualifies when all of this holds (checked once per selection and request):

- the value is a list or tuple, its items' type an object type without `is_type_of`;
- no schema extension wraps resolvers (no middleware), no `@defer`/`@stream` is involved;
- every collected field (fragments, inline fragments, aliases and `@include`/`@skip` are
  applied by graphql-core's own field collection) is `__typename` or an argument-less field
  of a leaf type (scalar or enum, maybe non-null) with strawberry's default resolver (a
  plain attribute read: no resolver function, no permission classes or field extensions).

Values are then checked item by item: String/ID need a `str`, Boolean a `bool`, Int an
`int` within 32 bits, Float a finite `float`, JSON a dict, list, str, number or bool: values
that `coerce_output_value` would return unchanged, so they are used as they are. Other leaf
types (enums, custom scalars) go through their `coerce_output_value`. Anything unusual — a
missing attribute, a null in a non-null field, a value needing conversion (an int for a
String, a str subclass), an Exception or Undefined value, a null item in a non-null list, an
exception — abandons the shortcut for the whole list, which graphql-core then completes from
scratch the ordinary way. Nothing was recorded by the abandoned attempt, so results and
errors (messages, paths, locations) are exactly graphql-core's; only the common case is
faster. tests/schema/test_execution.py compares both executors byte for byte.

Long lists (GC_PAUSE_ITEMS) are built with the cyclic garbage collector paused; see there.
"""

from __future__ import annotations

import gc
import keyword
from collections.abc import AsyncIterable, Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
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
# Lists at least this long are completed with the cyclic GC paused: the new dicts cannot form
# cycles, and letting 25,000 fresh containers trigger ~35 young collections (and, through
# them, a full one every few requests: ~70 ms with a large heap) cost more than the build.
GC_PAUSE_ITEMS = 1000
_JSON_SERIALIZE = DEFAULT_SCALAR_REGISTRY[JSON].serialize

# How a leaf value is checked, by the scalar's output coercion: values passing the check are
# returned unchanged by that coercion, so the shortcut may use them as they are.
_STR, _BOOL, _INT, _FLOAT, _ANY, _COERCE = "str", "bool", "int", "float", "any", "coerce"
_CHECKS: dict[Any, str] = {
    serialize_string: _STR, serialize_id: _STR, serialize_boolean: _BOOL,
    serialize_int: _INT, serialize_float: _FLOAT, _JSON_SERIALIZE: _ANY,
}


# JSON values used as they are (the JSON scalar's output coercion is the identity); any other
# value (None aside) falls back: graphql-core raises Exception values and nulls Undefined.
_JSON_TYPES = frozenset({dict, list, str, int, float, bool})


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
    """How to complete a list of one item type under one selection; `complete(items)` raises
    _Abandon when it cannot."""

    type_name: str
    fields: tuple[_Field, ...]
    complete: Callable[[Any], list[Any]]


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


def _abandon() -> Any:
    raise _Abandon


@lru_cache(maxsize=512)  # shared by all requests; bounded, as aliases make selections vary
def _compile(type_name: str, fields: tuple[_Field, ...],
             nullable_items: bool) -> Callable[[Any], list[Any]]:
    """A function completing a whole list: one comprehension, one condition per item.

    The condition reads every attribute once (walrus) and checks every value; the dict is
    built only when it holds, else `_abandon()` raises. The source holds no text from the
    query: response keys, attribute names that are not plain identifiers and coercion
    functions are bound as default arguments (k0, a0, c0, ...). One comprehension without a
    call per item keeps the cost near that of building the dicts.
    """
    params = ["items", "abandon=_abandon", "getattr=getattr", "type=type", "str=str",
              "bool=bool", "int=int", "float=float", "isfinite=isfinite",
              "Undefined=Undefined", "MIN=GRAPHQL_MIN_INT", "MAX=GRAPHQL_MAX_INT",
              "isinstance=isinstance", "Exception=Exception", "JSON_TYPES=_JSON_TYPES"]
    bound: dict[str, Any] = {"_abandon": _abandon, "isfinite": isfinite,
                             "_JSON_TYPES": _JSON_TYPES,
                             "Undefined": Undefined, "GRAPHQL_MIN_INT": GRAPHQL_MIN_INT,
                             "GRAPHQL_MAX_INT": GRAPHQL_MAX_INT}
    strings: list[str] = []  # non-null String/ID values: one chained `is`
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
            read = f"({v} := item.{f.attribute})"
        else:
            params.append(f"a{i}=_a{i}")
            bound[f"_a{i}"] = f.attribute
            read = f"({v} := getattr(item, a{i}))"
        if f.check == _COERCE:  # enums, custom scalars: their own coercion, as graphql-core
            assert f.leaf is not None
            params.append(f"c{i}=_c{i}")
            bound[f"_c{i}"] = f.leaf.coerce_output_value
            coerced = (f"({v} is not Undefined and not isinstance({v}, Exception) and "
                       f"({v} := c{i}({v})) is not None and {v} is not Undefined)")
            conditions.append(f"({read} is not None and {coerced})" if f.non_null
                              else f"({read} is None or {coerced})")
        elif f.check == _STR and f.non_null:
            strings.append(f"type{read}")
        elif f.check == _ANY:  # JSON: plain JSON values as they are, anything else falls back
            conditions.append(f"type{read} in JSON_TYPES" if f.non_null
                              else f"({read} is None or type({v}) in JSON_TYPES)")
        else:
            test = {
                _STR: f"type({v}) is str",
                _BOOL: f"type({v}) is bool",
                _INT: f"(type({v}) is int and MIN <= {v} <= MAX)",
                _FLOAT: f"(type({v}) is float and isfinite({v}))",
            }[f.check]
            conditions.append(f"({read} is not None and {test})" if f.non_null
                              else f"({read} is None or {test})")
    if strings:
        conditions.insert(0, " is ".join(["str", *strings]))
    row = f"{{{', '.join(entries)}}}"
    if conditions:
        row = f"({row} if {' and '.join(conditions)} else abandon())"
    if nullable_items:
        row = f"(None if item is None else {row})"
    source = f"def complete({', '.join(params)}):\n    return [{row} for item in items]"
    namespace: dict[str, Any] = {}
    exec(source, bound, namespace)  # the source holds no query text
    complete: Callable[[Any], list[Any]] = namespace["complete"]
    complete.__doc__ = source  # for debugging: the generated source
    return complete


def list_plan(executor: Any, item_type: GraphQLObjectType,
              field_details_list: FieldDetailsList, nullable_items: bool) -> ListPlan | None:
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
    return ListPlan(item_type.name, plan_fields,
                    _compile(item_type.name, plan_fields, nullable_items))


class FastListExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, plus the list shortcut described in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (item type, nullable items, id(selection)) -> (selection kept alive, plan or None)
        self._list_plans: dict[tuple[GraphQLObjectType, bool, int],
                               tuple[FieldDetailsList, ListPlan | None]] = {}
        manager = self.middleware_manager
        self._fast_lists = manager is None or not manager.middlewares

    def _plan(self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList,
              path: Path) -> ListPlan | None:
        nullable_items = not is_non_null_type(item_type)
        object_type = item_type if nullable_items else item_type.of_type  # type: ignore[union-attr]
        if not is_object_type(object_type):
            return None
        key = (object_type, nullable_items, id(field_details_list))
        cached = self._list_plans.get(key)
        if cached is None:
            cached = (field_details_list,
                      list_plan(self, object_type, field_details_list, nullable_items))
            self._list_plans[key] = cached
        plan = cached[1]
        if plan is None:
            return None
        try:
            if self.get_stream_usage(field_details_list, path) is not None:
                return None
        except Exception:  # a bad @stream: let graphql-core report it
            return None
        return plan

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
            plan = self._plan(return_type.of_type, field_details_list, path)
            if plan is not None:
                pause_gc = len(result) >= GC_PAUSE_ITEMS and gc.isenabled()  # type: ignore[arg-type]
                if pause_gc:
                    gc.disable()
                try:
                    return plan.complete(result)
                except Exception:  # graphql-core redoes the list and reports the error
                    pass
                finally:
                    if pause_gc:
                        gc.enable()
        return super().complete_list_value(return_type, field_details_list, info, path,
                                           result, position_context)
