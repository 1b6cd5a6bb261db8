"""A bounded GraphQL fuzzing run over the real schema: no 500, no INTERNAL.

hypothesis-graphql builds documents from schema.graphql — every root field, with arguments
and variables of every input type, valid (POSITIVE) and invalid (NEGATIVE) — and each is
sent over HTTP to the served app, on the `tiny` graph, as a planner (so analysis fields run
too). Whatever the document, the answer must be a coded GraphQL response below 500, and no
error may be INTERNAL. Mutations are fuzzed as an editor on their own server; the graph is
reloaded afterwards.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from graphql.language import parse_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import Settings
from graph.model import ENTITY_LABELS
from schema.schema import schema
from tests.conftest import FIXTURES, serve_app
from tests.schema.conftest import reload

SDL = schema.as_str()
PLANNER_KEY = "fuzz-planner"
EDITOR_KEY = "fuzz-editor"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9]{0,4}", fullmatch=True), inner, max_size=3),
    max_leaves=6)


def literal(value: Any) -> str:
    """A JSON value written as a GraphQL input literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


# hypothesis-graphql needs a strategy of GraphQL value nodes for each custom scalar.
CUSTOM_SCALARS: dict[str, Any] = {
    "JSON": JSON_VALUES.map(lambda v: parse_value(literal(v))),
    "DateTime": st.sampled_from(["2024-01-02T03:04:05Z", "not a date", ""]).map(nodes.String),
}


KEYS = f"planner:{hash_api_key(PLANNER_KEY)}:fuzz,editor:{hash_api_key(EDITOR_KEY)}:fuzz-ed"


@pytest.fixture(scope="module")
async def tiny(driver: AsyncDriver, settings: Settings) -> AsyncIterator[None]:
    await reload(driver, settings, FIXTURES / "tiny")
    yield
    await reload(driver, settings, FIXTURES / "tiny")  # the mutations changed it


@pytest.fixture(scope="module")
def client(settings: Settings, tiny: None) -> Iterator[httpx.Client]:
    # fuzzed documents may ask for large pages and long analyses: generous but bounded
    with serve_app(settings.model_copy(update={"api_keys": KEYS, "debug": False,
                                               "neo4j_query_timeout_s": 10})) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        yield http


def check(client: httpx.Client, document: str, key: str) -> None:
    response = client.post("/graphql", json={"query": document},
                           headers={"X-API-Key": key, "accept": "application/json"})
    assert response.status_code < 500, (document, response.text)
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", ())]
    assert "INTERNAL" not in codes and None not in codes, (document, body)


FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE])
def test_fuzzed_queries_never_fail_internally(client: httpx.Client, mode: Mode) -> None:
    @FUZZ
    @given(document=queries(SDL, custom_scalars=CUSTOM_SCALARS, mode=mode))
    def run(document: str) -> None:
        check(client, document, PLANNER_KEY)

    run()


@pytest.mark.slow
def test_fuzzed_mutations_never_fail_internally(client: httpx.Client) -> None:
    fields = [f"{verb}{label}" for label in ENTITY_LABELS for verb in ("create", "update")] + \
        ["addRelationship", "removeRelationship"]

    @FUZZ
    @given(document=mutations(SDL, fields=fields, custom_scalars=CUSTOM_SCALARS))
    def run(document: str) -> None:
        check(client, document, EDITOR_KEY)

    run()
