"""Error codes carried in every GraphQL error's `extensions.code`, and how errors get them.

Resolvers raise the exception classes below (or the domain errors of graph/ and loaders/,
which are mapped); the ErrorCodes extension (schema/extensions/error_codes.py) and the HTTP
view (app/graphql_view.py) run every error through `with_code`:

- BAD_USER_INPUT: BadUserInput, ValueError (so also the compiler's CompileError), loaders'
  DatasetError (with `extensions.issues`: file, line, column, reason), and graphql-core's
  parse, validation and variable-coercion errors;
- NOT_FOUND: NotFound, graph's NotFoundError;
- CONFLICT: Conflict, graph's ConflictError — the write collides with what the graph holds
  (an id that exists, as `extensions.existingKind`; an entity still referenced);
- RATE_LIMITED: only answered by the HTTP view (429 with Retry-After), never by a resolver;
- PERSISTED_QUERY_NOT_FOUND: only answered by the HTTP view, to a request naming a persisted
  query by its hash alone that this server does not hold (app/persisted_queries.py): the
  client sends the query with its hash again;
- FORBIDDEN: Forbidden; UNAUTHENTICATED: Unauthenticated (schema/permissions.py);
- DATABASE_UNAVAILABLE: DatabaseUnavailable, graph's DatabaseUnavailableError, neo4j's
  ServiceUnavailable / SessionExpired;
- QUERY_TOO_COMPLEX: QueryTooComplex, the depth / alias / token limits, graph's
  QueryTimeoutError and Neo4j's transaction-timeout error;
- INTERNAL: anything else (a TypeError too: it is far more often a bug than bad input).

A Cypher transaction that runs past `neo4j_query_timeout_s` is QUERY_TOO_COMPLEX: the list
of codes is a contract and has no timeout code, and the remedy is the same as for the other
limits — ask for less. INTERNAL errors say "Internal server error" unless `debug` is on,
when they keep their message and add `extensions.exception` (type and stack trace).
DATABASE_UNAVAILABLE errors get a fixed message too outside debug mode, since the driver's
names the database's host and port.
"""

from __future__ import annotations

import enum
import logging
import traceback
from collections.abc import Iterable
from typing import Any, ClassVar

from graphql import GraphQLError, GraphQLSyntaxError
from neo4j.exceptions import ClientError

from graph.driver import database_unavailable
from graph.errors import ConflictError, DatabaseUnavailableError, NotFoundError, QueryTimeoutError
from loaders.issues import DatasetError


class ErrorCode(enum.StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    INTERNAL = "INTERNAL"


CODES = frozenset(ErrorCode)
INTERNAL_MESSAGE = "Internal server error"
UNAVAILABLE_MESSAGE = "The graph database is unreachable; try again shortly"

# HTTP status of a *request error* (no `data`) with each code, used when the client accepts
# application/graphql-response+json (and for 401/403 always): app/graphql_view.py.
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.QUERY_TOO_COMPLEX: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 404,
    ErrorCode.DATABASE_UNAVAILABLE: 503,
    ErrorCode.INTERNAL: 500,
}


class ApiError(Exception):
    """An error meant for the client: its message is shown as is, with `code`."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL

    def __init__(self, message: str, *, extensions: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = {**(extensions or {}), "code": str(self.code)}


class BadUserInput(ApiError):
    """The request's arguments or input are invalid."""

    code = ErrorCode.BAD_USER_INPUT


class NotFound(ApiError):
    """An id the request names does not exist."""

    code = ErrorCode.NOT_FOUND


class Forbidden(ApiError):
    """The caller is authenticated but its role does not allow this."""

    code = ErrorCode.FORBIDDEN


class Unauthenticated(ApiError):
    """Credentials are missing (and needed) or invalid."""

    code = ErrorCode.UNAUTHENTICATED


class Conflict(ApiError):
    """The write collides with the graph's state (an existing id, a referenced entity)."""

    code = ErrorCode.CONFLICT


class QueryTooComplex(ApiError):
    """The request exceeds a limit (depth, aliases, tokens, time)."""

    code = ErrorCode.QUERY_TOO_COMPLEX


class DatabaseUnavailable(ApiError):
    """Neo4j cannot be reached."""

    code = ErrorCode.DATABASE_UNAVAILABLE


def _exception_code(exc: BaseException) -> tuple[ErrorCode, dict[str, Any]] | None:
    """The code (and extra extensions) of an exception raised during a request, if known."""
    if isinstance(exc, ApiError):
        return exc.code, {k: v for k, v in exc.extensions.items() if k != "code"}
    if isinstance(exc, DatabaseUnavailableError) or database_unavailable(exc):
        return ErrorCode.DATABASE_UNAVAILABLE, {}
    if isinstance(exc, NotFoundError):
        return ErrorCode.NOT_FOUND, {}
    if isinstance(exc, QueryTimeoutError):
        return ErrorCode.QUERY_TOO_COMPLEX, {}
    if isinstance(exc, ClientError) and "TransactionTimedOut" in (exc.code or ""):
        return ErrorCode.QUERY_TOO_COMPLEX, {}
    if isinstance(exc, DatasetError):
        issues = [{"file": i.file, "line": i.line, "column": i.column, "reason": i.reason}
                  for i in exc.issues]
        return ErrorCode.BAD_USER_INPUT, {"issues": issues}
    if isinstance(exc, ConflictError):
        return ErrorCode.CONFLICT, dict(exc.details)
    if isinstance(exc, ValueError):
        return ErrorCode.BAD_USER_INPUT, {}
    return None


_COERCION = ("Argument '", "Variable '$")  # graphql-core's argument / variable errors


def is_limit_syntax_error(error: GraphQLError) -> bool:
    """graphql-core's parser limits (tokens, comments, nesting) end with 'Parsing aborted.'"""
    return isinstance(error, GraphQLSyntaxError) and error.message.endswith("Parsing aborted.")


def classify(error: GraphQLError) -> tuple[ErrorCode, dict[str, Any]]:
    """The code of a GraphQL error and the extra extensions it should carry."""
    code = (error.extensions or {}).get("code")
    if code in CODES:
        return ErrorCode(code), {}
    if is_limit_syntax_error(error):
        return ErrorCode.QUERY_TOO_COMPLEX, {}
    original: BaseException | None = error.original_error
    if error.path is None and (original is None or error.message.startswith(_COERCION)):
        # Made by graphql-core before execution: syntax, validation, variable coercion.
        return ErrorCode.BAD_USER_INPUT, {}
    if original is None:
        return ErrorCode.INTERNAL, {}  # located in the result, with no cause: not the client
    while isinstance(original, GraphQLError):
        inner_code = (original.extensions or {}).get("code")
        if inner_code in CODES:
            return ErrorCode(inner_code), {}
        if original.original_error is None:
            # graphql-core raised it while executing: argument coercion is the client's
            # fault, anything else (e.g. output serialization) is the server's.
            if error.path is None or original.message.startswith(_COERCION):
                return ErrorCode.BAD_USER_INPUT, {}
            return ErrorCode.INTERNAL, {}
        original = original.original_error
    known = _exception_code(original)
    if known is not None:
        return known
    if original.__cause__ is not None and (cause := _exception_code(original.__cause__)):
        return cause
    return ErrorCode.INTERNAL, {}


def _debug_details(error: GraphQLError) -> dict[str, Any]:
    original: BaseException | None = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if original is None:
        return {}
    return {"exception": {
        "type": f"{type(original).__module__}.{type(original).__qualname__}",
        "stacktrace": traceback.format_exception(original),
    }}


def with_code(error: GraphQLError, debug: bool = False) -> GraphQLError:
    """The error with `extensions.code` set (a new error; unexpected ones masked)."""
    current = error.extensions or {}
    code, extra = classify(error)
    if current.get("code") == code and not extra and (debug or error.message == {
            ErrorCode.INTERNAL: INTERNAL_MESSAGE,
            ErrorCode.DATABASE_UNAVAILABLE: UNAVAILABLE_MESSAGE}.get(code, error.message)):
        return error  # already processed
    message = error.message
    extensions = {**current, **extra, "code": str(code)}
    if code is ErrorCode.INTERNAL:
        if debug:
            extensions.update(_debug_details(error))
        else:
            message = INTERNAL_MESSAGE
            extensions = {"code": str(code)}
    elif code is ErrorCode.DATABASE_UNAVAILABLE and not debug:
        message = UNAVAILABLE_MESSAGE  # the driver's message names hosts and ports
    return GraphQLError(message, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path,
                        original_error=error.original_error, extensions=extensions)


def with_codes(errors: Iterable[GraphQLError], debug: bool = False) -> list[GraphQLError]:
    return [with_code(e, debug) for e in errors]


def error_code(error: GraphQLError) -> ErrorCode:
    code = (error.extensions or {}).get("code")
    return ErrorCode(code) if code in CODES else ErrorCode.INTERNAL


class ClientErrorLogFilter(logging.Filter):
    """Drop strawberry's error log records for errors the client caused.

    strawberry logs every GraphQL error with its traceback at ERROR; a typo in a query or
    a refused role is not a server problem. INTERNAL and DATABASE_UNAVAILABLE stay logged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.msg
        if isinstance(error, GraphQLError):
            return classify(error)[0] in (ErrorCode.INTERNAL, ErrorCode.DATABASE_UNAVAILABLE)
        return True


def quiet_client_errors(logger_name: str = "strawberry.execution") -> None:
    """Install ClientErrorLogFilter on strawberry's execution logger (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, ClientErrorLogFilter) for f in logger.filters):
        logger.addFilter(ClientErrorLogFilter())
