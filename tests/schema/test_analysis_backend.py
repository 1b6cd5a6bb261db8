"""STSGRAPH_ANALYSIS_BACKEND over HTTP: an API started with `networkx` answers whole-graph
metrics with pure networkx's values; one asking for igraph without it does not start."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pydantic
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

import analysis
from analysis import backends
from app.auth import hash_api_key
from app.settings import PROJECT_ROOT, Settings
from graph.projections import project_whole
from graph.time import present_year
from tests.conftest import serve_app
from tests.schema.conftest import EDITOR_KEY, GraphQL, reload

DEMO = PROJECT_ROOT / "data" / "demo"


@pytest_asyncio.fixture(scope="module")
async def demo(driver: AsyncDriver, settings: Settings) -> nx.MultiDiGraph:
    await reload(driver, settings, Path(DEMO))
    # the graph the API analyses by default: the present year's
    return await project_whole(driver, settings.neo4j_database, as_of=present_year())


@pytest.fixture(scope="module")
def editor_url(settings: Settings) -> Iterator[str]:
    """The editor's server (tests/schema/conftest.py), started with the networkx backend; the
    process default is "auto" again afterwards."""
    keys = f"editor:{hash_api_key(EDITOR_KEY)}:schema-tests-editor"
    try:
        with serve_app(settings.model_copy(update={"api_keys": keys,
                                                   "analysis_backend": "networkx"})) as url:
            yield url
    finally:
        backends.set_backend("auto")


def test_the_setting_forces_pure_networkx(editor: GraphQL, demo: nx.MultiDiGraph) -> None:
    rows = editor.data("{ centrality(metric: PAGERANK, first: 8) { actor { id } value } }")
    served = [(r["actor"]["id"], r["value"]) for r in rows["centrality"]]
    pure = analysis.centrality(demo, metric="pagerank", first=8, backend="networkx")
    fast = analysis.centrality(demo, metric="pagerank", first=8, backend="igraph")
    assert served == [(e.actor.id, e.value) for e in pure]
    # the two backends' PageRank differ in the last digits, so the test can tell them apart
    assert served != [(e.actor.id, e.value) for e in fast]
    query = "{ communities(minSize: 1) { members { id } } }"
    assert [[m["id"] for m in c["members"]] for c in editor.data(query)["communities"]] == [
        [m.id for m in c.members] for c in analysis.communities(demo, backend="networkx")]


def test_igraph_asked_for_but_missing_stops_start_up(settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from app.main import create_app

    monkeypatch.setitem(sys.modules, "igraph", None)
    try:
        with pytest.raises(backends.BackendError, match="needs python-igraph"):
            create_app(settings.model_copy(update={"analysis_backend": "igraph"}))
    finally:
        backends.set_backend("auto")


def test_unknown_backend_setting_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STSGRAPH_ANALYSIS_BACKEND", "scipy")
    with pytest.raises(pydantic.ValidationError, match="analysis_backend"):
        Settings()
