"""Fixtures for the GraphQL API tests: datasets loaded once per module, and a small client.

Read-only modules share one load of a dataset (`tiny_graph`, `paging_graph`);
test_mutations.py reloads `tiny` whenever a test changed the graph. `gql` is an anonymous
client of the session's server; `editor` talks to a second server that knows an editor API
key (mutations need the editor role; anonymous reads stay allowed).

Run against a Neo4j of your own when others share the default test port, e.g.
`STSGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:7711 .venv/bin/pytest tests/schema`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import Settings
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.conftest import FIXTURES, serve_app


async def reload(driver: AsyncDriver, settings: Settings, path: Path) -> None:
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, path, database=settings.neo4j_database)


@pytest_asyncio.fixture(scope="module")
async def tiny_graph(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The `tiny` dataset, loaded once for a module that only reads."""
    await reload(driver, settings, FIXTURES / "tiny")
    return driver


class GraphQL:
    """POST (or GET) GraphQL requests against the served app; returns the decoded body."""

    def __init__(self, client: httpx.Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def raw(self, query: str, variables: dict[str, Any] | None = None,
            method: str = "POST") -> httpx.Response:
        if method == "GET":
            params: dict[str, Any] = {"query": query}
            if variables is not None:
                params["variables"] = json.dumps(variables)
            return self.client.get("/graphql", params=params, headers=self.headers)
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post("/graphql", json=body, headers=self.headers)

    def __call__(self, query: str, variables: dict[str, Any] | None = None,
                 method: str = "POST") -> dict[str, Any]:
        response = self.raw(query, variables, method)
        assert response.status_code in (200, 400, 401, 403, 422), response.text
        return response.json()  # type: ignore[no-any-return]

    def data(self, query: str, variables: dict[str, Any] | None = None,
             method: str = "POST") -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = self(query, variables, method)
        assert not body.get("errors"), body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a response that must fail; its field data must be null."""
        body = self(query, variables)
        assert body.get("errors"), body
        data = body.get("data")
        assert not data or all(v is None for v in data.values()), data
        return body["errors"][0]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def client(server_url: str) -> Iterator[httpx.Client]:
    """One HTTP client per module (making a client per test costs ~0.1 s of TLS set-up)."""
    with httpx.Client(base_url=server_url, timeout=30) as http_client:
        yield http_client


@pytest.fixture(scope="module")
def gql(client: httpx.Client) -> GraphQL:
    """Anonymous GraphQL client of the session's server (reads are allowed anonymously)."""
    return GraphQL(client)


def ids(connection: dict[str, Any]) -> list[str]:
    """Node ids of a connection, in order."""
    return [edge["node"]["id"] for edge in connection["edges"]]


EDITOR_KEY = "schema-tests-editor-key"
VIEWER_KEY = "schema-tests-viewer-key"


@pytest.fixture(scope="module")
def editor_url(settings: Settings) -> Iterator[str]:
    """A server that knows an editor and a viewer API key (mutations need the editor role)."""


    keys = (f"editor:{hash_api_key(EDITOR_KEY)}:schema-tests-editor,"
            f"viewer:{hash_api_key(VIEWER_KEY)}:schema-tests-viewer")
    with serve_app(settings.model_copy(update={"api_keys": keys})) as url:
        yield url


@pytest.fixture(scope="module")
def editor(editor_url: str) -> Iterator[GraphQL]:
    """A GraphQL client sending the editor's API key."""
    with httpx.Client(base_url=editor_url, timeout=30) as client:
        yield GraphQL(client, {"X-API-Key": EDITOR_KEY})


def to_literal(value: Any) -> str:
    """A Python value as a GraphQL input literal (dict keys unquoted, enums given as Enum)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {to_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_literal(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


class Enum:
    """An enum value for to_literal (`Enum("DESC")` prints DESC; as a variable it is "DESC")."""

    def __init__(self, value: str) -> None:
        self.value = value


def as_variable(value: Any) -> Any:
    """The same value as JSON for `variables` (Enum becomes its name)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: as_variable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_variable(v) for v in value]
    return value


def error_code(error: dict[str, Any]) -> str | None:
    return (error.get("extensions") or {}).get("code")


@pytest_asyncio.fixture(scope="module")
async def paging_graph(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The `paging` dataset (35 parks p-01..p-35, 8 agencies), loaded once for a module."""
    await reload(driver, settings, FIXTURES / "paging")
    return driver
