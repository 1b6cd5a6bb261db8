"""Automatic persisted queries (Apollo's protocol) over HTTP, against the real app."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.auth import hash_api_key
from app.graphql_view import GRAPHQL_RESPONSE_JSON as GRJ
from app.persisted_queries import PersistedQueryStore, sha256_hex
from app.settings import Settings
from tests.conftest import serve_app


def fresh_query() -> str:
    """A query no earlier test registered (the session's server keeps its store)."""
    return f"query Q{uuid.uuid4().hex} {{ __typename }}"


def apq(digest: str, version: Any = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def post(http: httpx.Client, body: dict[str, Any], accept: str | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return http.post("/graphql", json=body, headers=headers)


def get(http: httpx.Client, extensions: dict[str, Any], query: str | None = None,
        accept: str | None = None) -> httpx.Response:
    params = {"extensions": json.dumps(extensions)}
    if query is not None:
        params["query"] = query
    return http.get("/graphql", params=params, headers={"accept": accept} if accept else {})


def only_error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert "data" not in body, body
    (error,) = body["errors"]
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(("accept", "status"), [(None, 200), (GRJ, 404)])
def test_unknown_hash_is_persisted_query_not_found(http: httpx.Client, accept: str | None,
                                                   status: int) -> None:
    response = post(http, {"extensions": apq(sha256_hex(fresh_query()))}, accept)
    assert response.status_code == status
    error = only_error(response)
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_query_with_its_hash_registers_it(http: httpx.Client) -> None:
    query = fresh_query()
    digest = sha256_hex(query)
    assert only_error(post(http, {"extensions": apq(digest)}))["extensions"]["code"] == \
        "PERSISTED_QUERY_NOT_FOUND"
    first = post(http, {"query": query, "extensions": apq(digest)})
    assert first.status_code == 200
    assert first.json()["data"] == {"__typename": "Query"}
    again = post(http, {"extensions": apq(digest.upper())})  # hex is case-insensitive
    assert again.status_code == 200
    assert again.json()["data"] == {"__typename": "Query"}


def test_get_runs_a_registered_query_by_hash(http: httpx.Client) -> None:
    query = "query ByGet($n: Int) { parks(first: $n) { totalCount } } # " + uuid.uuid4().hex
    digest = sha256_hex(query)
    assert only_error(get(http, apq(digest)))["extensions"]["code"] == \
        "PERSISTED_QUERY_NOT_FOUND"
    registered = get(http, apq(digest), query=query)
    assert registered.status_code == 200, registered.text
    total = registered.json()["data"]["parks"]["totalCount"]
    by_hash = http.get("/graphql", params={"extensions": json.dumps(apq(digest)),
                                           "variables": json.dumps({"n": 1})})
    assert by_hash.status_code == 200
    assert by_hash.json()["data"] == {"parks": {"totalCount": total}}
    assert by_hash.json()["extensions"]["cypherRoundTrips"] == 1


@pytest.mark.parametrize("accept", [None, GRJ])
def test_hash_mismatch_is_refused_and_nothing_is_stored(http: httpx.Client,
                                                        accept: str | None) -> None:
    query, other = fresh_query(), fresh_query()
    response = post(http, {"query": query, "extensions": apq(sha256_hex(other))}, accept)
    assert response.status_code == 400
    error = only_error(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "does not match" in error["message"]
    for digest in (sha256_hex(query), sha256_hex(other)):
        assert only_error(post(http, {"extensions": apq(digest)}))["extensions"]["code"] == \
            "PERSISTED_QUERY_NOT_FOUND"


def test_a_query_that_does_not_validate_is_not_stored(http: httpx.Client) -> None:
    query = "{ noSuchField } # " + uuid.uuid4().hex
    digest = sha256_hex(query)
    refused = post(http, {"query": query, "extensions": apq(digest)})
    assert only_error(refused)["extensions"]["code"] == "BAD_USER_INPUT"
    assert only_error(post(http, {"extensions": apq(digest)}))["extensions"]["code"] == \
        "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(("extensions", "message"), [
    ({"persistedQuery": "abc"}, "must be an object"),
    (apq(sha256_hex("{ __typename }"), version=2), "unsupported persisted query version 2"),
    (apq("abc"), "64 hex characters"),
    (apq(1), "64 hex characters"),  # type: ignore[arg-type]
])
def test_malformed_extension_is_bad_user_input(http: httpx.Client, extensions: dict[str, Any],
                                               message: str) -> None:
    response = post(http, {"extensions": extensions})
    assert response.status_code == 400
    error = only_error(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


ADMIN_KEY = "persisted-queries-test-admin-key"


@pytest.fixture(scope="module")
def small_store(settings: Settings) -> Iterator[httpx.Client]:
    """A server keeping two persisted queries, with an admin key (mutations need one)."""
    small = settings.model_copy(update={
        "persisted_queries_max_entries": 2,
        "api_keys": f"admin:{hash_api_key(ADMIN_KEY)}:apq-admin"})
    with serve_app(small) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def test_the_store_is_bounded_over_http(small_store: httpx.Client) -> None:
    queries = [fresh_query() for _ in range(3)]
    for query in queries:
        assert post(small_store, {"query": query, "extensions": apq(sha256_hex(query))}) \
            .status_code == 200
    answers = [post(small_store, {"extensions": apq(sha256_hex(q))}).json() for q in queries]
    assert answers[0]["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert answers[1] == answers[2] == {"data": {"__typename": "Query"},
                                        "extensions": answers[1]["extensions"]}


def test_a_persisted_mutation_is_refused_over_get(small_store: httpx.Client) -> None:
    mutation = 'mutation { deleteRegion(id: "no-such-region-' + uuid.uuid4().hex + '") { id } }'
    digest = sha256_hex(mutation)
    posted = small_store.post("/graphql", json={"query": mutation, "extensions": apq(digest)},
                              headers={"x-api-key": ADMIN_KEY})
    assert posted.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # it executed
    response = small_store.get("/graphql", params={"extensions": json.dumps(apq(digest))},
                               headers={"x-api-key": ADMIN_KEY})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    by_post = small_store.post("/graphql", json={"extensions": apq(digest)},
                               headers={"x-api-key": ADMIN_KEY})
    assert by_post.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # ran again


def test_a_query_refused_for_its_role_is_not_stored(http: httpx.Client) -> None:
    query = '{ serviceChainGaps(scope: {parkId: "p"}) { chain } } # ' + uuid.uuid4().hex
    digest = sha256_hex(query)
    refused = post(http, {"query": query, "extensions": apq(digest)})
    assert only_error(refused)["extensions"]["code"] == "UNAUTHENTICATED"
    assert only_error(post(http, {"extensions": apq(digest)}))["extensions"]["code"] == \
        "PERSISTED_QUERY_NOT_FOUND"


# --- the store (units) ----------------------------------------------------------------------


def test_store_evicts_least_recently_used_by_entries() -> None:
    store = PersistedQueryStore(max_entries=2, max_chars=1000)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # a is now the most recent
    store.put("c", "{ c }")
    assert (store.get("a"), store.get("b"), store.get("c")) == ("{ a }", None, "{ c }")
    assert len(store) == 2


def test_store_is_bounded_in_characters() -> None:
    store = PersistedQueryStore(max_entries=100, max_chars=10)
    store.put("a", "x" * 6)
    store.put("b", "y" * 6)  # 12 characters: a goes
    assert (store.get("a"), store.get("b"), store.chars) == (None, "y" * 6, 6)
    store.put("big", "z" * 11)  # longer than the whole store: never kept
    assert (store.get("big"), store.get("b")) == (None, "y" * 6)
    store.put("b", "w" * 3)  # re-registering replaces, and counts once
    assert (store.chars, len(store)) == (3, 1)


def test_store_of_size_zero_keeps_nothing() -> None:
    store = PersistedQueryStore(max_entries=0, max_chars=1000)
    store.put("a", "{ a }")
    assert store.get("a") is None and len(store) == 0
