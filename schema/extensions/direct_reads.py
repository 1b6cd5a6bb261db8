"""Resolve the fields of compiled results with plain functions, not strawberry's wrapper.

Every field of the entity types, their connections and edges reads a value out of the map
the compiled Cypher returned (schema/types.py: `read_key`, `read_name`, `read_datetime`
and the connection fields' `resolve`). strawberry wraps each resolver in machinery that
builds a strawberry `Info`, converts arguments and runs field extensions: about 10 µs a
field, which is most of the time a nested page of a thousand nodes spends in Python.

These reads take no arguments that matter (a connection's arguments were compiled into
the Cypher already), have no field extensions, permission classes or exception handlers,
and only use `info.path.key` / `info.field_name`, which graphql-core's own resolve info
carries. So on the first operation of each schema this extension sets those graphql-core
fields' `resolve` to equivalent plain functions; results and errors are unchanged.
Fields with extensions or permission classes, or any other resolver, are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from weakref import WeakSet

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter

from schema import types

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
_CONNECTION_RESOLVER = "_connection_field.<locals>.resolve"


def _by_key(root: Any, info: GraphQLResolveInfo[Any]) -> Any:
    return root.get(info.path.key)


def _by_name(root: Any, info: GraphQLResolveInfo[Any]) -> Any:
    return root.get(info.field_name)


def _datetime(root: Any, info: GraphQLResolveInfo[Any]) -> Any:
    return types.read_datetime(root, info)  # type: ignore[arg-type]


def _connection(root: Any, info: GraphQLResolveInfo[Any], **_arguments: Any) -> Any:
    return types.connection_result(root.get(info.path.key))


_DIRECT: dict[Callable[..., Any], Callable[..., Any]] = {
    types.read_key: _by_key,
    types.read_name: _by_name,
    types.read_datetime: _datetime,
}
_installed: WeakSet[GraphQLSchema] = WeakSet()


def direct_resolver(definition: Any) -> Callable[..., Any] | None:
    """The plain function standing in for a strawberry field's resolver, None if none."""
    resolver = getattr(definition, "base_resolver", None)
    if resolver is None or definition.extensions or definition.permission_classes:
        return None
    func = resolver.wrapped_func
    direct = _DIRECT.get(func)
    if direct is None and getattr(func, "__module__", None) == types.__name__ \
            and getattr(func, "__qualname__", None) == _CONNECTION_RESOLVER:
        direct = _connection
    return direct


def install(schema: GraphQLSchema) -> int:
    """Give the compiled-read fields of `schema` plain resolvers; how many were changed."""
    changed = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field in graphql_type.fields.values():
            direct = direct_resolver((field.extensions or {}).get(_BACKREF))
            if direct is not None and field.resolve is not direct:
                field.resolve = direct
                changed += 1
    return changed


class DirectReads(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        schema = self.execution_context.schema._schema
        if schema not in _installed:
            install(schema)
            _installed.add(schema)
        yield
