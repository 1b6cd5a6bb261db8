"""Every code block of docs/api.md, and the README's example, work when pasted as the README
says — GraphQL blocks into GraphiQL with the local key `make run` prints, shell blocks into a
shell with that key exported — against the demo dataset."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT, Settings
from tests.web.conftest import load_explorer_graph

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(path: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(path.read_text(encoding="utf-8"))
            if lang == language]


API_MD = PROJECT_ROOT / "docs" / "api.md"
README = PROJECT_ROOT / "README.md"
GRAPHQL = [(f"api.md#{i}", b) for i, b in enumerate(blocks(API_MD, "graphql"), 1)] + \
    [(f"README#{i}", b) for i, b in enumerate(blocks(README, "graphql"), 1)]
SHELL = [(f"api.md#sh{i}", b) for i, b in enumerate(blocks(API_MD, "sh"), 1)]


@pytest_asyncio.fixture(scope="module", autouse=True)
async def restored_graph(explorer_graph: AsyncDriver, settings: Settings,
                         tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    """The mutation examples change the demo (a new Benxi testing agency, a pilot advanced):
    the package's graph is loaded afresh after them, so no later test depends on the order."""
    yield
    await load_explorer_graph(explorer_graph, settings, tmp_path_factory.mktemp("big-park"))


def test_the_docs_have_examples() -> None:
    assert len(GRAPHQL) >= 11 and len(SHELL) >= 1


def _no_nulls_at_the_top(data: dict[str, object]) -> None:
    for field, value in data.items():
        assert value is not None, field
        if isinstance(value, list):
            assert value, f"{field} is empty: the example shows nothing on the demo"


@pytest.mark.parametrize(("name", "query"), GRAPHQL, ids=[n for n, _ in GRAPHQL])
def test_graphql_example(explorer_url: str, local_admin: tuple[str, Path], name: str,
                         query: str) -> None:
    response = httpx.post(f"{explorer_url}/graphql", json={"query": query},
                          headers={"X-API-Key": local_admin[0]}, timeout=60)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, (name, body.get("errors"))
    _no_nulls_at_the_top(body["data"])


@pytest.mark.parametrize(("name", "script"), SHELL, ids=[n for n, _ in SHELL])
def test_shell_example(explorer_url: str, local_admin: tuple[str, Path], name: str,
                       script: str) -> None:
    """Pasted into bash with the printed key in place of `...` (the test server's port in
    place of 8000)."""
    pasted = script.replace("STSGRAPH_KEY=...", f"STSGRAPH_KEY={local_admin[0]}") \
        .replace("http://127.0.0.1:8000", explorer_url)
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", pasted], capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    body = json.loads(run.stdout)
    assert "errors" not in body, body
    _no_nulls_at_the_top(body["data"])
