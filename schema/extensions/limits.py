"""Depth, alias and token limits, read per request from the context's settings.

strawberry's QueryDepthLimiter / MaxAliasesLimiter validators and the parser's token limit
(what MaxTokensLimiter sets) do the counting; their errors are tagged QUERY_TOO_COMPLEX.
The limits come from `settings.max_depth`, `max_aliases` and `max_tokens`, so apps built
with different settings share the one schema object. With `settings.introspection` off,
`__schema` and `__type` are refused as validation errors (BAD_USER_INPUT).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, ValidationContext, ValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from schema.errors import ErrorCode, is_limit_syntax_error


def _tag(error: GraphQLError) -> None:
    error.extensions = {**(error.extensions or {}), "code": str(ErrorCode.QUERY_TOO_COMPLEX)}


def too_complex(rule: type[ValidationRule]) -> type[ValidationRule]:
    """A validation rule reporting the errors of `rule` (which reports while constructed)
    with extensions.code QUERY_TOO_COMPLEX."""

    def __init__(self: ValidationRule, context: ValidationContext) -> None:
        report: Callable[[GraphQLError], None] = context.on_error

        def tagged(error: GraphQLError) -> None:
            _tag(error)
            report(error)

        context.on_error = tagged  # type: ignore[method-assign,assignment]
        try:
            rule.__init__(self, context)
        except KeyError:  # an unknown fragment: KnownFragmentNamesRule reports it
            ValidationRule.__init__(self, context)
        finally:
            context.on_error = report  # type: ignore[method-assign,assignment]

    return type(f"TooComplex{rule.__name__}", (rule,), {"__init__": __init__})


@lru_cache(maxsize=32)
def depth_rule(max_depth: int) -> type[ValidationRule]:
    return too_complex(depth_validator(max_depth, None))


@lru_cache(maxsize=32)
def alias_rule(max_aliases: int) -> type[ValidationRule]:
    return too_complex(alias_validator(max_aliases))


class QueryLimits(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        settings: Any = getattr(self.execution_context.context, "settings", None)
        if settings is not None:
            self.execution_context.parse_options["max_tokens"] = settings.max_tokens
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                depth_rule(settings.max_depth),
                alias_rule(settings.max_aliases),
                *(() if getattr(settings, "introspection", True)
                  else (NoSchemaIntrospectionCustomRule,)),
            )
        yield

    def on_parse(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or ():
            if is_limit_syntax_error(error):
                _tag(error)
