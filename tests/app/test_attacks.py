"""Each attack of issue 14 against the served app: a clear code, never INTERNAL or a 500.

The fan-out document, variables too big for the token limit to see, search text Lucene
cannot take, forged cursors, deeply nested JSON, strings that are not Unicode, control
characters in names, repeated credential headers, request floods; and the production
settings, which keep /docs, /openapi.json, /metrics and introspection behind credentials.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from app.auth import hash_api_key
from app.settings import Settings
from tests.conftest import serve_app

VIEWER_KEY = "attack-tests-viewer"
EDITOR_KEY = "attack-tests-editor"
KEYS = f"viewer:{hash_api_key(VIEWER_KEY)}:viewer,editor:{hash_api_key(EDITOR_KEY)}:editor"


def fan_out(levels: int) -> str:
    """Each fragment spreads the next twice: 2^levels copies of the last, in ~40 bytes a level."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ __typename }}")
    return "query { ...F0 } " + " ".join(fragments)


def codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", ())}


@pytest.fixture(scope="module")
def production(settings: Settings) -> Iterator[str]:
    """The settings docker-compose.yml runs with: no anonymous reads, no introspection."""
    with serve_app(settings.model_copy(update={
            "anonymous_read": False, "introspection": False, "graphiql": False,
            "debug": False, "api_keys": KEYS})) as url:
        yield url


@pytest.mark.parametrize("levels", [11, 25, 60])
def test_fragment_fan_out_is_refused_before_validation(http: httpx.Client, levels: int) -> None:
    body = http.post("/graphql", json={"query": fan_out(levels)}).json()
    assert "data" not in body
    assert codes(body) == {"QUERY_TOO_COMPLEX"}
    assert "expands to more than 2000 field selections" in body["errors"][0]["message"]
    # the server is free at once for ordinary work
    assert http.post("/graphql", json={"query": "{ __typename }"}).json()["data"] == {
        "__typename": "Query"}


def test_fan_out_within_the_limit_runs(http: httpx.Client) -> None:
    assert http.post("/graphql", json={"query": fan_out(10)}).json() == {
        "data": {"__typename": "Query"}, "extensions": {"cypherRoundTrips": 0}}


def test_without_credentials_the_fan_out_never_reaches_validation(production: str) -> None:
    response = httpx.post(f"{production}/graphql", json={"query": fan_out(60)}, timeout=30)
    assert response.status_code == 401
    assert codes(response.json()) == {"UNAUTHENTICATED"}


def test_the_role_is_checked_before_validation(production: str) -> None:
    """A viewer's mutation is FORBIDDEN, not validated: `nope` is never looked at."""
    response = httpx.post(f"{production}/graphql", json={"query": "mutation { nope }"},
                          headers={"X-API-Key": VIEWER_KEY}, timeout=30)
    assert response.status_code == 403
    assert codes(response.json()) == {"FORBIDDEN"}


ORDER = "query($o: [ParkSort!]) { parks(orderBy: $o) { totalCount } }"
WHERE = "query($w: ParkWhere) { parks(where: $w) { totalCount } }"





@pytest.mark.parametrize(("query", "variables", "message"), [
    # input objects, counted before GraphQL turns each into a Python object
    (ORDER, {"o": [{"field": "NAME", "direction": "ASC"}] * 5000},
     "the request has 5000 input objects (in the document and the variables); at most 100"),
    (WHERE, {"w": {"OR": [{"name": f"park {i}"} for i in range(20_000)]}},
     "the request has 20001 input objects"),
    (WHERE, {"w": {"AND": [{"NOT": {"name_contains": "x"}}] * 60}},
     "the request has 121 input objects"),
    # the compiler's limits, on what is left
    (ORDER, {"o": [{"field": "NAME", "direction": "ASC"}] * 11}, "orderBy has 11 entries"),
    (WHERE, {"w": {"id_in": [f"p-{i}" for i in range(501)]}}, "more than 500 terms"),
    (WHERE, {"w": {"AND": [{"name_in": ["x"] * 250}, {"id_in": ["y"] * 250}]}},
     "more than 500 terms"),
])
def test_oversized_variables_are_too_complex(http: httpx.Client, query: str,
                                             variables: dict[str, Any], message: str) -> None:
    body = http.post("/graphql", json={"query": query, "variables": variables}).json()
    assert codes(body) == {"QUERY_TOO_COMPLEX"}
    assert message in body["errors"][0]["message"]
    assert not body.get("data")  # refused before execution, or the field is null


def test_literal_input_objects_count_too(http: httpx.Client) -> None:
    where = ", ".join(f'{{name: "p{i}"}}' for i in range(101))
    body = http.post("/graphql", json={
        "query": f"{{ parks(where: {{OR: [{where}]}}) {{ totalCount }} }}"}).json()
    assert "data" not in body
    assert codes(body) == {"QUERY_TOO_COMPLEX"}


def test_variables_within_the_limits_run(http: httpx.Client) -> None:
    body = http.post("/graphql", json={"query": WHERE, "variables": {
        "w": {"id_in": [f"p-{i}" for i in range(500)]}}}).json()
    assert body == {"data": {"parks": {"totalCount": 0}}, "extensions": {"cypherRoundTrips": 1}}


SEARCH = "query($t: String!) { search(text: $t) { score } }"


@pytest.mark.parametrize("text", [
    " ".join(f"word{i}" for i in range(513)),
    "长" * 3000,
    "a-" * 1000,
])
def test_search_text_lucene_cannot_take_is_bad_user_input(http: httpx.Client, text: str) -> None:
    body = http.post("/graphql", json={"query": SEARCH, "variables": {"t": text}}).json()
    assert body["data"] is None
    assert codes(body) == {"BAD_USER_INPUT"}
    assert "search text is too long" in body["errors"][0]["message"]


def test_search_of_32_words_runs(http: httpx.Client) -> None:
    text = " ".join(f"word{i}" for i in range(32))
    body = http.post("/graphql", json={"query": SEARCH, "variables": {"t": text}}).json()
    assert body["data"] == {"search": []}


@pytest.mark.parametrize("offset", [2**63, 2**64 + 5, 10**40])
def test_cursor_offsets_beyond_64_bits_are_bad_user_input(http: httpx.Client,
                                                          offset: int) -> None:
    cursor = base64.b64encode(f"offset:{offset}".encode()).decode()
    body = http.post("/graphql", json={
        "query": "query($a: String) { parks(after: $a) { totalCount } }",
        "variables": {"a": cursor}}).json()
    assert body["data"] is None
    assert codes(body) == {"BAD_USER_INPUT"}
    assert "invalid cursor" in body["errors"][0]["message"]


@pytest.mark.parametrize("depth", [65, 5000, 100_000])
def test_deeply_nested_json_is_a_json_400(http: httpx.Client, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    content = '{"query": "{ __typename }", "variables": {"x": ' + nested + "}}"
    response = http.post("/graphql", content=content,
                         headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert codes(response.json()) == {"BAD_USER_INPUT"}
    assert "deeper than 64 levels" in response.json()["errors"][0]["message"]


def test_nested_json_in_a_get_parameter(http: httpx.Client) -> None:
    response = http.get("/graphql", params={"query": "{ __typename }",
                                            "variables": "[" * 5000 + "]" * 5000})
    assert response.status_code == 400
    assert codes(response.json()) == {"BAD_USER_INPUT"}


@pytest.mark.parametrize("escaped", ["\\ud800", "\\udfff", "a\\ud83d"])
def test_lone_surrogates_are_bad_user_input(http: httpx.Client, escaped: str) -> None:
    content = ('{"query": "query($t: String!) { search(text: $t) { score } }", '
               f'"variables": {{"t": "{escaped}"}}}}')
    response = http.post("/graphql", content=content,
                         headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert codes(response.json()) == {"BAD_USER_INPUT"}
    assert "not valid Unicode" in response.json()["errors"][0]["message"]


@pytest.fixture(scope="module")
def editor_url(settings: Settings) -> Iterator[str]:
    with serve_app(settings.model_copy(update={"api_keys": KEYS})) as url:
        yield url


@pytest.mark.parametrize(("name", "character"), [
    ("Null\x00byte", "U+0000"), ("Start\x01of heading", "U+0001"), ("Esc\x1b[31m", "U+001B"),
    ("Del\x7f", "U+007F")])
async def test_control_characters_in_names_are_refused(load: Any, editor_url: str,
                                                       name: str, character: str) -> None:
    await load("tiny")
    body = httpx.post(f"{editor_url}/graphql", headers={"X-API-Key": EDITOR_KEY}, json={
        "query": "mutation($i: AgencyCreateInput!) { createAgency(input: $i) { id } }",
        "variables": {"i": {"id": "a-ctl", "name": name, "kind": "INCUBATOR"}}},
        timeout=30).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    (issue,) = error["extensions"]["issues"]
    assert issue["column"] == "name"
    assert issue["reason"].startswith(f"contains the non-text character {character}")


def test_a_repeated_credential_header_is_refused(editor_url: str) -> None:
    headers = [("X-API-Key", VIEWER_KEY), ("X-API-Key", EDITOR_KEY)]
    response = httpx.post(f"{editor_url}/graphql", headers=headers,
                          json={"query": "{ __typename }"}, timeout=30)
    assert response.status_code == 401
    assert codes(response.json()) == {"UNAUTHENTICATED"}
    assert "sent more than once" in response.json()["errors"][0]["message"]


def test_rate_limit_answers_429_with_retry_after_per_credential(settings: Settings) -> None:
    # one request an hour after a burst of three: no token comes back during the test
    with serve_app(settings.model_copy(update={
            "api_keys": KEYS, "rate_limit_per_minute": 1 / 60, "rate_limit_burst": 3})) as url:
        def post(key: str | None) -> httpx.Response:
            headers = {"X-API-Key": key} if key else {}
            return httpx.post(f"{url}/graphql", headers=headers,
                              json={"query": "{ __typename }"}, timeout=30)

        assert [post(VIEWER_KEY).status_code for _ in range(3)] == [200, 200, 200]
        refused = post(VIEWER_KEY)
        assert refused.status_code == 429
        assert 3500 < int(refused.headers["retry-after"]) <= 3600  # the next in an hour
        assert codes(refused.json()) == {"RATE_LIMITED"}
        # another credential, and an anonymous client, have their own allowance
        assert post(EDITOR_KEY).status_code == 200
        assert post(None).status_code == 200
        # wrong keys draw from the address's allowance: guessing is limited too
        assert [post("guess").status_code for _ in range(3)] == [401, 401, 429]


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/metrics"])
def test_production_keeps_docs_and_metrics_behind_credentials(production: str,
                                                              path: str) -> None:
    assert httpx.get(f"{production}{path}", timeout=30).status_code == 401
    response = httpx.get(f"{production}{path}", headers={"X-API-Key": VIEWER_KEY}, timeout=30)
    assert response.status_code == 200


def test_production_turns_introspection_off(production: str) -> None:
    response = httpx.post(f"{production}/graphql", headers={"X-API-Key": VIEWER_KEY},
                          json={"query": get_introspection_query()}, timeout=30)
    body = response.json()
    assert "data" not in body
    assert codes(body) == {"BAD_USER_INPUT"}
    assert "introspection" in json.dumps(body).lower()


def test_readyz_tells_nothing_about_the_deployment(production: str) -> None:
    assert httpx.get(f"{production}/readyz", timeout=30).json() == {"status": "ready"}
