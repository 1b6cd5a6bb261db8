"""GraphQL over HTTP: media types, methods, status codes, GraphiQL, and the graphql-http audit.

The audit test installs the pinned `graphql-http` npm package from tests/app/audit (npm ci)
when its node_modules is missing, serves the app and runs `node audit.mjs` against it; it
fails on any error (failed MUST) or warning (failed SHOULD).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.graphql_view import GRAPHQL_RESPONSE_JSON as GRJ
from app.graphql_view import HTML, JSON, negotiate
from app.settings import Settings
from tests.conftest import serve_app

AUDIT_DIR = Path(__file__).parent / "audit"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# --- content negotiation (units) ------------------------------------------------------------


@pytest.mark.parametrize(("accept", "expected"), [
    (None, JSON),
    ("", JSON),
    ("*/*", JSON),
    ("application/*", JSON),
    ("application/json", JSON),
    (GRJ, GRJ),
    (f"{GRJ}, {JSON}", GRJ),
    (f"{JSON}, {GRJ}", GRJ),
    (f"{GRJ};q=0.9, {JSON}", JSON),
    (f"{GRJ}, {JSON};q=0.9", GRJ),
    (f"{GRJ}, */*;q=0.5", GRJ),
    (f"{JSON};charset=utf-8", JSON),
    ("APPLICATION/GRAPHQL-RESPONSE+JSON", GRJ),
    (f"{GRJ};q=0, */*", JSON),
    ("text/plain", None),
    ("application/xml", None),
    (f"{JSON};q=0", None),
])
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, [GRJ, JSON]) == expected


def test_negotiate_graphiql() -> None:
    assert negotiate(BROWSER_ACCEPT, [GRJ, JSON, HTML]) == HTML
    assert negotiate("*/*", [GRJ, JSON, HTML]) == JSON
    assert negotiate(BROWSER_ACCEPT, [GRJ, JSON]) == JSON


# --- over HTTP ------------------------------------------------------------------------------


def gql(http: httpx.Client, body: Any = None, *, accept: str | None = None,
        content_type: str | None = "application/json", raw: bytes | None = None,
        method: str = "POST", params: dict[str, str] | None = None) -> httpx.Response:
    headers = {}
    if accept is not None:
        headers["accept"] = accept
    if content_type is not None and method == "POST":
        headers["content-type"] = content_type
    content = raw if raw is not None else (json.dumps(body).encode() if body is not None
                                           else None)
    return http.request(method, "/graphql", content=content, headers=headers, params=params)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert "data" not in body, body
    (error,) = body["errors"]
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(("accept", "media"), [
    (None, JSON), ("*/*", JSON), (JSON, JSON), (GRJ, GRJ), (f"{GRJ}, {JSON}", GRJ),
])
def test_response_media_type_follows_accept(http: httpx.Client, accept: str | None,
                                            media: str) -> None:
    response = gql(http, {"query": "{ __typename }"}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.json()["data"] == {"__typename": "Query"}


def test_unacceptable_accept_is_406(http: httpx.Client) -> None:
    response = gql(http, {"query": "{ __typename }"}, accept="text/csv")
    assert response.status_code == 406
    assert error_of(response)["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_runs_queries(http: httpx.Client) -> None:
    response = gql(http, method="GET", accept=GRJ, params={
        "query": "query T($n: String!) { __type(name: $n) { name } }",
        "variables": json.dumps({"n": "Park"}), "operationName": "T"})
    assert response.status_code == 200
    assert response.json()["data"] == {"__type": {"name": "Park"}}


@pytest.mark.parametrize("accept", [None, JSON, GRJ])
def test_get_refuses_mutations_with_405(http: httpx.Client, accept: str | None) -> None:
    response = gql(http, method="GET", accept=accept, params={
        "query": 'mutation { deleteAgency(id: "a-ttc") { id } }'})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "use POST" in error_of(response)["message"]


def test_get_picks_the_named_operation(http: httpx.Client) -> None:
    document = "query Q { __typename } mutation M { __typename }"
    ok = gql(http, method="GET", params={"query": document, "operationName": "Q"})
    assert ok.status_code == 200
    assert ok.json()["data"] == {"__typename": "Query"}
    refused = gql(http, method="GET", params={"query": document, "operationName": "M"})
    assert refused.status_code == 405


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_methods_are_405(http: httpx.Client, method: str) -> None:
    response = http.request(method, "/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(("content_type", "status"), [
    (None, 415),
    ("text/plain", 415),
    ("application/x-www-form-urlencoded", 415),
    ("application/json; charset=latin-1", 415),
    ("application/json; charset=UTF-8", 200),
    ("application/json;charset=utf-8", 200),
    ("Application/JSON", 200),
])
def test_post_content_type(http: httpx.Client, content_type: str | None, status: int) -> None:
    response = gql(http, {"query": "{ __typename }"}, content_type=content_type)
    assert response.status_code == status, response.text
    if status != 200:
        assert error_of(response)["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("accept", [JSON, GRJ])
@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty"),
    (b'{ "not a JSON', "not valid UTF-8 JSON"),
    (b"\xff\xfe{}", "not valid UTF-8 JSON"),
    (b'[{"query": "{ __typename }"}]', "batched"),
    (b'"{ __typename }"', "JSON object"),
    (b'{"qeury": "{ __typename }"}', "no `query`"),
    (b'{"query": null}', "no `query`"),
    (b'{"query": ""}', "empty"),
    (b'{"query": 1}', "`query` must be a string"),
    (b'{"query": ["{ __typename }"]}', "`query` must be a string"),
    (b'{"query": "{ __typename }", "operationName": 1}', "`operationName`"),
    (b'{"query": "{ __typename }", "variables": "{}"}', "`variables`"),
    (b'{"query": "{ __typename }", "variables": []}', "`variables`"),
    (b'{"query": "{ __typename }", "extensions": false}', "`extensions`"),
])
def test_malformed_requests_are_400(http: httpx.Client, raw: bytes, message: str,
                                    accept: str) -> None:
    response = gql(http, raw=raw, accept=accept)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    error = error_of(response)
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_with_bad_variables_is_400(http: httpx.Client) -> None:
    response = gql(http, method="GET", params={"query": "{ __typename }", "variables": "{"})
    assert response.status_code == 400
    response = gql(http, method="GET", params={"query": "{ __typename }", "variables": "[1]"})
    assert response.status_code == 400


@pytest.mark.parametrize(("query", "variables", "operation"), [
    ("{", None, None),  # parse
    ("{ nope }", None, None),  # validation
    ("query Q($id: ID!) { node(id: $id) { id } }", {"id": None}, None),  # coercion
    ("query A { __typename } query B { __typename }", None, None),  # which operation?
    ("query A { __typename }", None, "Z"),  # unknown operation
])
def test_request_errors_by_media_type(http: httpx.Client, query: str,
                                      variables: dict[str, Any] | None,
                                      operation: str | None) -> None:
    body = {"query": query, "variables": variables, "operationName": operation}
    strict = gql(http, body, accept=GRJ)
    assert strict.status_code == 400
    assert error_of(strict)["extensions"]["code"] == "BAD_USER_INPUT"
    legacy = gql(http, body, accept=JSON)
    assert legacy.status_code == 200  # the spec asks 200 for application/json
    assert error_of(legacy)["extensions"]["code"] == "BAD_USER_INPUT"


def test_field_errors_keep_data_and_200(http: httpx.Client) -> None:
    response = gql(http, {"query": '{ __typename search(text: "x", first: 0) { score } }'},
                   accept=GRJ)
    body = response.json()
    assert response.status_code == 200
    assert "data" in body  # null: search is non-null, so the error nulls the whole result
    assert body["errors"][0]["path"] == ["search"]


def test_utf8_in_and_out(http: httpx.Client) -> None:
    query = '{ __type(name: "Run🏃Swim🏊") { name } }'
    response = gql(http, raw=json.dumps({"query": query}, ensure_ascii=False).encode(),
                   content_type="application/json; charset=utf-8")
    assert response.status_code == 200
    assert response.json()["data"] == {"__type": None}


def test_graphiql_for_browsers(http: httpx.Client) -> None:
    response = http.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()
    # a browser asking for a query gets its result
    with_query = http.get("/graphql", params={"query": "{ __typename }"},
                          headers={"accept": BROWSER_ACCEPT})
    assert with_query.json()["data"] == {"__typename": "Query"}


def test_graphiql_can_be_turned_off(settings: Settings) -> None:
    with serve_app(settings.model_copy(update={"graphiql": False})) as url:
        response = httpx.get(f"{url}/graphql", headers={"accept": BROWSER_ACCEPT}, timeout=10)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(JSON)
        assert "no `query`" in error_of(response)["message"]


# --- the graphql-http server audit -----------------------------------------------------------


@pytest.fixture(scope="module")
def audit_tool() -> Iterator[Path]:
    node = shutil.which("node")
    npm = shutil.which("npm")
    assert node and npm, "the GraphQL-over-HTTP audit needs Node.js (node and npm) on PATH"
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=AUDIT_DIR, check=True, timeout=600)
    yield AUDIT_DIR / "audit.mjs"


def test_graphql_http_audit(audit_tool: Path, server_url: str) -> None:
    node = shutil.which("node")
    assert node
    run = subprocess.run([node, str(audit_tool), f"{server_url}/graphql"], cwd=AUDIT_DIR,
                         capture_output=True, text=True, timeout=300)
    assert run.stdout.strip(), run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    counts = {k: report[k] for k in ("total", "ok", "notice", "warn", "error")}
    print(f"graphql-http audit: {counts}")
    for failure in report["failures"]:
        print(f"  {failure['status']}: {failure['id']} {failure['name']}: {failure['reason']}")
    assert report["total"] > 50
    assert report["error"] == 0, report["failures"]
    assert report["warn"] == 0, report["failures"]
    assert run.returncode == 0
