"""Two API processes on one Neo4j behave as one (issue 13, item 6): a change made through one
is visible through the other at once, by the data fingerprint, not after a cache's time.

The second server is a real `stsgraph serve` subprocess (its own memory, its own caches,
`STSGRAPH_ANALYSIS_CACHE_S` an hour); the first is the in-process editor server.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import PROJECT_ROOT, Settings
from tests.conftest import free_port
from tests.loaders.test_cli import _command, _env, stsgraph
from tests.schema.conftest import GraphQL, reload
from tests.schema.test_stored_results import ADD_STAGE, DEMO, lone_agency

PLANNER_KEY = "replica-tests-planner-key"
SCORES = ("{ clusterScores(first: 500) { scope { id } score components { name value details undatedCount } "
          "freshness { source } } }")
PILOTS = "{ pilotCandidates(first: 500) { park { id name } freshness { source } } }"
RENAME = """mutation($id: ID!, $name: String!) { updatePark(id: $id, input: {name: $name})
  { id } }"""


@pytest.fixture(scope="module")
def replica(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphQL]:
    """A planner client of a second API process."""
    port = free_port()
    log = Path(tmp_path_factory.mktemp("replica")) / "serve.log"
    env = _env(settings, STSGRAPH_API_KEYS=f"planner:{hash_api_key(PLANNER_KEY)}:replica",
               STSGRAPH_ANALYSIS_CACHE_S="3600", STSGRAPH_RATE_LIMIT_PER_MINUTE="0")
    with log.open("wb") as out:
        process = subprocess.Popen([*_command(), "serve", "--host", "127.0.0.1", "--port",
                                    str(port)], cwd=PROJECT_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            deadline = time.monotonic() + 180
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            yield GraphQL(client, {"X-API-Key": PLANNER_KEY})
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest_asyncio.fixture
async def demo(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    await reload(driver, settings, Path(DEMO))
    return driver


def _scores(client: GraphQL) -> tuple[dict[str, Any], set[str]]:
    """Each cluster's score and components (their details count what a change adds), and
    the sources the answer names."""
    rows = client.data(SCORES)["clusterScores"]
    sources = {r.pop("freshness")["source"] for r in rows}
    return {r["scope"]["id"]: r for r in rows}, sources


def _names(client: GraphQL) -> dict[str, Any]:
    return {r["park"]["id"]: r["park"]["name"] for r in client.data(PILOTS)["pilotCandidates"]}


async def test_a_mutation_through_one_server_is_read_at_once_through_the_other(
        demo, settings, editor: GraphQL, replica: GraphQL) -> None:
    before, _ = _scores(replica)  # the replica now holds the whole-graph projection
    names = _names(replica)
    agency, cluster = await lone_agency(demo, settings)
    editor.data(ADD_STAGE, {"a": agency})
    after, sources = _scores(replica)
    assert sources == {"COMPUTED_ON_REQUEST"}
    assert after != before and after == _scores(editor)[0]
    assert [c for c in after if after[c] != before[c]] == [cluster]
    park = sorted(names)[0]
    editor.data(RENAME, {"id": park, "name": "Renamed through the first server"})
    assert _names(replica)[park] == "Renamed through the first server"


async def test_stored_results_go_stale_for_every_process(demo, settings, editor: GraphQL,
                                                         replica: GraphQL) -> None:
    agency, cluster = await lone_agency(demo, settings)
    result = stsgraph(settings, "analyze", "refresh", "--only", "cluster-scores")
    assert result.returncode == 0, result.stderr + result.stdout
    stored, sources = _scores(replica)
    assert sources == {"STORED"} and _scores(editor) == (stored, {"STORED"})
    editor.data(ADD_STAGE, {"a": agency})
    after, sources = _scores(replica)
    assert sources == {"COMPUTED_ON_REQUEST"}
    assert [c for c in after if after[c] != stored[c]] == [cluster]
    result = stsgraph(settings, "analyze", "refresh", "--only", "cluster-scores", "--stale-only")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "cluster-scores 1" in result.stdout
    assert _scores(replica) == (after, {"STORED"})
