"""Refuse a document whose expanded size is over `settings.max_selections`, before validation.

A fragment may spread another several times, and each spread expands to the whole fragment:
ten fragments that each spread the next one twice expand to 2^10 copies of the last. The
validation rules that walk expanded selections (strawberry's depth and alias limiters), and
the resolvers' `selected_fields`, then do exponential work on a document of a few hundred
bytes. Here each fragment's expanded size is computed once (memoised), so the check is
linear in the document, and a document expanding to more than `max_selections` field
selections is refused with QUERY_TOO_COMPLEX before any of that runs.

The count stops as soon as it passes the limit. Unknown and cyclic fragment spreads count
as empty: validation reports them (the document is small, as it passed this check).

Input objects are bounded the same way, literals and variables together, at
`settings.max_input_objects`: strawberry turns each into an instance of its input class
field by field (about 8 ms for one `ParkWhere` on the reference machine), so twenty
thousand `OR` entries in the variables would hold the worker for minutes before any limit
on filters could look at them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from schema.errors import ErrorCode


def expanded_selections(document: DocumentNode, limit: int) -> int:
    """Field selections of every operation with fragments expanded; stops past `limit`."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    sizes: dict[str, int] = {}
    visiting: set[str] = set()

    def fragment_size(name: str) -> int:
        if name in sizes:
            return sizes[name]
        fragment = fragments.get(name)
        if fragment is None or name in visiting:
            return 0
        visiting.add(name)
        sizes[name] = size(fragment.selection_set)
        visiting.discard(name)
        return sizes[name]

    def size(selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += 1 + size(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += size(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment_size(selection.name.value)
            if total > limit:
                break
        return total

    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total += size(definition.selection_set)
            if total > limit:
                break
    return total


class _ObjectCounter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def enter_object_value(self, *_args: Any) -> None:
        self.count += 1


def input_objects(document: DocumentNode, variables: Any) -> int:
    """Object values written in the document plus JSON objects in the variables."""
    counter = _ObjectCounter()
    visit(document, counter)
    count = counter.count
    stack = [variables]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count - isinstance(variables, dict)  # the variables map itself is not an input


def _too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": str(ErrorCode.QUERY_TOO_COMPLEX)})


class QueryCost(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        settings: Any = getattr(ctx.context, "settings", None)
        document = ctx.graphql_document
        if settings is not None and document is not None and not ctx.pre_execution_errors:
            limit = int(settings.max_selections)
            objects_limit = int(settings.max_input_objects)
            if expanded_selections(document, limit) > limit:
                ctx.pre_execution_errors = [_too_complex(
                    f"the document expands to more than {limit} field selections "
                    "(fragments count once per spread); ask for less")]
            elif (objects := input_objects(document, ctx.variables)) > objects_limit:
                ctx.pre_execution_errors = [_too_complex(
                    f"the request has {objects} input objects (in the document and the "
                    f"variables); at most {objects_limit}")]
        yield
