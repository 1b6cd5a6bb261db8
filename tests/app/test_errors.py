"""Every error carries extensions.code; unexpected ones are masked outside debug mode.

Unit tests of the classification, then over HTTP: errors raised inside a resolver (by
patching graph.repository.read_result in the served process), validation errors, and a
Neo4j that cannot be reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLError, parse, validate
from neo4j.exceptions import ServiceUnavailable, SessionExpired

import graph.repository
from app.settings import Settings
from benchmarks.common import free_port
from graph.errors import ConflictError, DatabaseUnavailableError, NotFoundError, QueryTimeoutError
from loaders.issues import DatasetError, DatasetIssue
from schema.errors import (
    INTERNAL_MESSAGE,
    UNAVAILABLE_MESSAGE,
    BadUserInput,
    DatabaseUnavailable,
    ErrorCode,
    Forbidden,
    NotFound,
    QueryTooComplex,
    Unauthenticated,
    classify,
    with_code,
)
from schema.schema import schema as graphql_schema
from tests.conftest import serve_app

GRJ = "application/graphql-response+json"
READ = "{ parks(first: 1) { totalCount } }"
ISSUE = DatasetIssue("parks.csv", 3, "region_id", "unknown region 'r-x'")

RAISED: list[tuple[Exception, ErrorCode]] = [
    (BadUserInput("bad"), ErrorCode.BAD_USER_INPUT),
    (NotFound("no such id"), ErrorCode.NOT_FOUND),
    (Forbidden("no"), ErrorCode.FORBIDDEN),
    (Unauthenticated("who?"), ErrorCode.UNAUTHENTICATED),
    (QueryTooComplex("too much"), ErrorCode.QUERY_TOO_COMPLEX),
    (DatabaseUnavailable("down"), ErrorCode.DATABASE_UNAVAILABLE),
    (DatabaseUnavailableError("Neo4j is unreachable"), ErrorCode.DATABASE_UNAVAILABLE),
    (ServiceUnavailable("leaked driver error"), ErrorCode.DATABASE_UNAVAILABLE),
    (SessionExpired("leaked driver error"), ErrorCode.DATABASE_UNAVAILABLE),
    (NotFoundError("no agency 'x'"), ErrorCode.NOT_FOUND),
    (ConflictError("id 'x' exists"), ErrorCode.CONFLICT),
    (QueryTimeoutError("took too long"), ErrorCode.QUERY_TOO_COMPLEX),
    (DatasetError([ISSUE]), ErrorCode.BAD_USER_INPUT),
    (ValueError("first must be positive"), ErrorCode.BAD_USER_INPUT),
    (RuntimeError("boom"), ErrorCode.INTERNAL),
    (TypeError("'NoneType' object is not subscriptable"), ErrorCode.INTERNAL),
    (KeyError("x"), ErrorCode.INTERNAL),
]


def located(exc: Exception) -> GraphQLError:
    """As graphql-core reports an exception raised by a resolver."""
    return GraphQLError(str(exc), path=["field"], original_error=exc)


@pytest.mark.parametrize(("exc", "code"), RAISED, ids=lambda v: type(v).__name__)
def test_classify_exceptions(exc: Exception, code: ErrorCode) -> None:
    assert classify(located(exc))[0] is code


def test_dataset_error_lists_its_issues() -> None:
    error = with_code(located(DatasetError([ISSUE])))
    assert error.extensions == {"code": "BAD_USER_INPUT", "issues": [
        {"file": "parks.csv", "line": 3, "column": "region_id",
         "reason": "unknown region 'r-x'"}]}


def test_api_error_extensions_are_kept() -> None:
    error = with_code(located(BadUserInput("bad id", extensions={"field": "id"})))
    assert error.extensions == {"field": "id", "code": "BAD_USER_INPUT"}


def test_validation_and_syntax_errors_are_bad_user_input() -> None:
    errors = validate(graphql_schema._schema, parse("{ nope }"))
    assert [classify(e)[0] for e in errors] == [ErrorCode.BAD_USER_INPUT]
    try:
        parse("{")
    except GraphQLError as e:
        assert classify(e)[0] is ErrorCode.BAD_USER_INPUT
    try:
        parse("{ a b c }", max_tokens=2)
    except GraphQLError as e:
        assert classify(e)[0] is ErrorCode.QUERY_TOO_COMPLEX


def test_internal_errors_are_masked_unless_debug() -> None:
    error = located(RuntimeError("password=hunter2"))
    masked = with_code(error, debug=False)
    assert masked.message == INTERNAL_MESSAGE
    assert masked.extensions == {"code": "INTERNAL"}
    assert masked.path == ["field"]
    shown = with_code(error, debug=True)
    assert shown.message == "password=hunter2"
    assert shown.extensions is not None
    assert shown.extensions["exception"]["type"] == "builtins.RuntimeError"
    assert with_code(masked) is masked  # idempotent
    assert with_code(shown, debug=True) is shown


def test_graphql_core_execution_errors() -> None:
    """Argument coercion during execution is the client's; output serialization is ours."""
    argument = GraphQLError("x", path=["f"], original_error=GraphQLError(
        "Argument 'first' has invalid value 'a'."))
    assert classify(argument)[0] is ErrorCode.BAD_USER_INPUT
    serialize = GraphQLError("x", path=["f"], original_error=GraphQLError(
        "Int cannot represent non-integer value: 'a'"))
    assert classify(serialize)[0] is ErrorCode.INTERNAL
    non_null = GraphQLError("x", path=["f"], original_error=TypeError(
        "Cannot return null for non-nullable field Query.f."))
    assert classify(non_null)[0] is ErrorCode.INTERNAL


# --- over HTTP ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def production_url(settings: Settings) -> Iterator[str]:
    """A server with debug off, as in production."""
    with serve_app(settings.model_copy(update={"debug": False})) as url:
        yield url


@pytest.fixture(scope="module")
def debug_url(settings: Settings) -> Iterator[str]:
    with serve_app(settings.model_copy(update={"debug": True})) as url:
        yield url


def post(url: str, query: str, accept: str = "application/json") -> httpx.Response:
    return httpx.post(f"{url}/graphql", json={"query": query}, headers={"accept": accept},
                      timeout=30)


def raising(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    async def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr(graph.repository, "read_result", fail)


@pytest.mark.parametrize(("exc", "code"), RAISED, ids=lambda v: type(v).__name__)
def test_resolver_errors_get_their_code(production_url: str, monkeypatch: pytest.MonkeyPatch,
                                        exc: Exception, code: ErrorCode) -> None:
    raising(monkeypatch, exc)
    for accept in ("application/json", GRJ):
        response = post(production_url, READ, accept)
        body = response.json()
        assert response.status_code == 200, body  # execution started: a partial result
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"]["code"] == code
        assert error["path"] == ["parks"]
        if code is ErrorCode.INTERNAL:
            assert error["message"] == INTERNAL_MESSAGE
            assert error["extensions"] == {"code": "INTERNAL"}
        elif code is ErrorCode.DATABASE_UNAVAILABLE:
            assert error["message"] == UNAVAILABLE_MESSAGE
        else:
            assert error["message"] == str(exc)
        if isinstance(exc, DatasetError):
            assert error["extensions"]["issues"][0]["column"] == "region_id"


def test_unexpected_exception_masked_outside_debug(production_url: str, debug_url: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    raising(monkeypatch, RuntimeError("secret connection string bolt://admin:pw@db"))
    masked = post(production_url, READ).json()["errors"][0]
    assert masked["message"] == "Internal server error"
    assert masked["extensions"] == {"code": "INTERNAL"}
    assert "secret" not in str(masked)
    shown = post(debug_url, READ).json()["errors"][0]
    assert shown["message"] == "secret connection string bolt://admin:pw@db"
    assert shown["extensions"]["code"] == "INTERNAL"
    assert shown["extensions"]["exception"]["type"] == "builtins.RuntimeError"
    assert any("RuntimeError" in line for line in shown["extensions"]["exception"]["stacktrace"])


@pytest.mark.parametrize(("query", "accept", "status"), [
    ("{ nope }", "application/json", 200),
    ("{ nope }", GRJ, 400),
    ("{", GRJ, 400),
    ("{ parks(first: \"many\") { totalCount } }", GRJ, 400),
    ("query Q($n: Int!) { parks(first: $n) { totalCount } }", GRJ, 400),  # missing variable
])
def test_request_errors_are_bad_user_input(production_url: str, query: str, accept: str,
                                           status: int) -> None:
    response = post(production_url, query, accept)
    body = response.json()
    assert response.status_code == status, body
    assert "data" not in body
    assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_USER_INPUT"}


def test_every_error_has_a_code(production_url: str) -> None:
    """A document with several problems: each error is coded."""
    body = post(production_url, "query A { nope } query A { parks(first: true) { x } }").json()
    assert len(body["errors"]) >= 3
    assert all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in body["errors"])


def test_neo4j_unreachable_is_database_unavailable(settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Neo4j on a closed port. The driver retries a failing transaction for 30 s by
    default; the test gives it 1 s, the rest is the app's own driver set-up."""
    from neo4j import AsyncGraphDatabase

    import app.main

    def quick_driver(uri: str, user: str, password: str, *args: Any) -> Any:
        return AsyncGraphDatabase.driver(uri, auth=(user, password), connection_timeout=2,
                                         max_transaction_retry_time=1.0)

    monkeypatch.setattr(app.main, "create_async_driver", quick_driver)
    dead = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}",
                                       "debug": False})
    with serve_app(dead) as url:
        for accept in ("application/json", GRJ):
            response = post(url, READ, accept)
            body = response.json()
            # execution started and the field failed: data is present (null), status 200
            assert response.status_code == 200, body
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["DATABASE_UNAVAILABLE"]
            assert body["errors"][0]["message"] == UNAVAILABLE_MESSAGE  # no host or port
        assert httpx.get(f"{url}/readyz", timeout=10).status_code == 503
        # what needs no database still works
        assert post(url, "{ __typename }").json() == {
            "data": {"__typename": "Query"}, "extensions": {"cypherRoundTrips": 0}}
