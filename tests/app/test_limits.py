"""Each request limit, exceeded over HTTP: QUERY_TOO_COMPLEX, BAD_USER_INPUT or 413 — never 500.

Limits are settings (app/settings.py); each test serves the app with a small value of one
and sends a request just over it, and one just under it where that is cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

import graph.repository
from app.settings import Settings
from tests.conftest import serve_app

GRJ = "application/graphql-response+json"
DEEP = "{ parks(first: 1) { edges { node { region { id } } } } }"  # depth 4 below parks


@pytest.fixture(scope="module")
def tight_url(settings: Settings) -> Iterator[str]:
    """A server with every limit set low."""
    with serve_app(settings.model_copy(update={
        "max_depth": 3, "max_aliases": 2, "max_tokens": 40, "max_page_size": 5,
        "max_body_bytes": 2048,
    })) as url:
        yield url


def post(url: str, query: str, accept: str = "application/json",
         variables: dict[str, Any] | None = None) -> httpx.Response:
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return httpx.post(f"{url}/graphql", json=body, headers={"accept": accept}, timeout=30)


def assert_request_error(response: httpx.Response, code: str, accept: str) -> None:
    """Refused before execution: no `data`; 400 with graphql-response+json, else 200."""
    body = response.json()
    assert response.status_code == (400 if accept == GRJ else 200), body
    assert "data" not in body, body
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body


@pytest.mark.parametrize("accept", ["application/json", GRJ])
def test_depth_limit(tight_url: str, http: httpx.Client, accept: str) -> None:
    response = post(tight_url, DEEP, accept)
    assert_request_error(response, "QUERY_TOO_COMPLEX", accept)
    assert "exceeds maximum operation depth of 3" in response.json()["errors"][0]["message"]
    # within the default limit (10) the same query runs
    assert "errors" not in http.post("/graphql", json={"query": DEEP}).json()


def test_depth_limit_counts_through_fragments(tight_url: str) -> None:
    query = ("{ parks(first: 1) { ...E } } fragment E on ParkConnection "
             "{ edges { node { region { id } } } }")
    assert_request_error(post(tight_url, query), "QUERY_TOO_COMPLEX", "application/json")


def test_introspection_is_not_limited_by_depth(settings: Settings) -> None:
    """GraphiQL's introspection query nests `ofType` deeper than any sane max_depth."""
    query = get_introspection_query(descriptions=True)
    with serve_app(settings.model_copy(update={"max_depth": 2})) as url:
        response = post(url, query, GRJ)
        assert response.status_code == 200
        assert "errors" not in response.json()
        assert_request_error(post(url, DEEP, GRJ), "QUERY_TOO_COMPLEX", GRJ)


def test_introspection_passes_default_limits(http: httpx.Client) -> None:
    response = http.post("/graphql", json={"query": get_introspection_query(descriptions=True)})
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize("accept", ["application/json", GRJ])
def test_alias_limit(tight_url: str, accept: str) -> None:
    assert "errors" not in post(tight_url, "{ a: __typename b: __typename }", accept).json()
    response = post(tight_url, "{ a: __typename b: __typename c: __typename }", accept)
    assert_request_error(response, "QUERY_TOO_COMPLEX", accept)
    assert response.json()["errors"][0]["message"] == "3 aliases found. Allowed: 2"


def test_alias_limit_counts_fragments(tight_url: str) -> None:
    query = "{ a: __typename ...F } fragment F on Query { b: __typename c: __typename }"
    assert_request_error(post(tight_url, query), "QUERY_TOO_COMPLEX", "application/json")


@pytest.mark.parametrize("accept", ["application/json", GRJ])
def test_token_limit(tight_url: str, accept: str) -> None:
    response = post(tight_url, "{ " + " ".join(["__typename"] * 41) + " }", accept)
    assert_request_error(response, "QUERY_TOO_COMPLEX", accept)
    assert "more than 40 tokens" in response.json()["errors"][0]["message"]


def test_token_limit_counts_comments(tight_url: str) -> None:
    query = "{ __typename }\n" + "#\n" * 50
    assert_request_error(post(tight_url, query), "QUERY_TOO_COMPLEX", "application/json")


async def test_page_size_limit(load: Any, tight_url: str, http: httpx.Client) -> None:
    await load("tiny")
    ok = post(tight_url, "{ parks(first: 5) { totalCount } }").json()
    assert ok["data"] == {"parks": {"totalCount": 2}}
    for url, first in ((tight_url, 6), (str(http.base_url), 100000)):
        for accept in ("application/json", GRJ):
            response = post(url, f"{{ parks(first: {first}) {{ totalCount }} }}", accept)
            body = response.json()
            # a field error during execution: data is present (null), status 200
            assert response.status_code == 200, body
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
            assert body["errors"][0]["path"] == ["parks"]


def test_max_page_size_setting_is_bounded() -> None:
    from pydantic import ValidationError

    assert Settings().max_page_size == 100
    with pytest.raises(ValidationError):
        Settings(max_page_size=501)


def test_body_size_limit_with_content_length(tight_url: str) -> None:
    small = post(tight_url, "{ __typename }")
    assert small.status_code == 200
    padded = "{ __typename }" + " " * 3000
    response = httpx.post(f"{tight_url}/graphql", json={"query": padded}, timeout=30)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "2048 bytes" in body["errors"][0]["message"]


def test_body_size_limit_with_chunked_body(tight_url: str) -> None:
    def chunks(total: int) -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "extensions": {"pad": "'
        for _ in range(total // 500):
            yield b"x" * 500
        yield b'"}}'

    headers = {"content-type": "application/json"}
    ok = httpx.post(f"{tight_url}/graphql", content=chunks(1000), headers=headers, timeout=30)
    assert ok.status_code == 200, ok.text
    assert ok.json()["data"] == {"__typename": "Query"}
    response = httpx.post(f"{tight_url}/graphql", content=chunks(5000), headers=headers,
                          timeout=30)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


SLOW_CYPHER = ("UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 123 "
               "RETURN count(x) AS result")


async def test_cypher_timeout(load: Any, settings: Settings,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement running past neo4j_query_timeout_s is stopped by Neo4j: QUERY_TOO_COMPLEX.

    The compiled statement is swapped for a slow one; the timeout is the one the resolver
    passes from the settings.
    """
    await load("tiny")
    original = graph.repository.read_result
    seen: list[float | None] = []

    async def slow(driver: Any, text: str, params: dict[str, Any],
                   timeout_s: float | None = None, database: str | None = None) -> Any:
        seen.append(timeout_s)
        return await original(driver, SLOW_CYPHER, {}, timeout_s, database)

    monkeypatch.setattr(graph.repository, "read_result", slow)
    with serve_app(settings.model_copy(update={"neo4j_query_timeout_s": 0.5})) as url:
        for accept in ("application/json", GRJ):
            response = post(url, "{ parks(first: 1) { totalCount } }", accept)
            body = response.json()
            assert response.status_code == 200, body
            assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert seen == [0.5, 0.5]
