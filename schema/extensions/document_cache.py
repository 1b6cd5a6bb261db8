"""Parse and validate each distinct query text once, not on every request.

Clients send the same few documents over and over; parsing and validating one against our
large generated schema costs about as much as running a small query. This keeps the last
`MAXSIZE` successfully parsed documents (keyed by query text and the parser's token limit)
and the texts that passed validation (keyed by schema, text, token limit and the exact
validation rules, which carry the depth and alias limits). Failures are never cached:
a document that fails to parse or validate is parsed and validated again next time, so its
errors are always fresh objects going through the usual error handling.

Place it after QueryLimits in EXTENSIONS: that sets the token limit and adds the limit
rules in `on_operation`, which runs before `on_parse` / `on_validate` here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, parse
from strawberry.extensions import SchemaExtension

MAXSIZE = 256


class _Lru:
    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.maxsize:
            self.items.popitem(last=False)

    def clear(self) -> None:
        self.items.clear()


_documents = _Lru(MAXSIZE)
_valid = _Lru(MAXSIZE)


def clear() -> None:
    """Forget every cached document (tests)."""
    _documents.clear()
    _valid.clear()


class DocumentCache(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        query = ctx.query
        if ctx.graphql_document is None and query:
            options = ctx.parse_options
            key = (query, tuple(sorted(options.items())))
            document: DocumentNode | None = _documents.get(key)
            if document is None:
                try:
                    document = parse(query, **options)
                except Exception:  # strawberry parses it again and reports the error
                    document = None
                else:
                    _documents.put(key, document)
            ctx.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        query = ctx.query
        key = None
        if query and ctx.pre_execution_errors is None and ctx.validation_rules:
            key = (ctx.schema._schema, query, tuple(sorted(ctx.parse_options.items())),
                   tuple(ctx.validation_rules))
            if _valid.get(key) is not None:
                ctx.pre_execution_errors = []  # validated before: strawberry skips it
                key = None
        yield
        if key is not None and ctx.pre_execution_errors == []:
            _valid.put(key, True)
