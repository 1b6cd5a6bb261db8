"""The annual report's faster path gives the very figures of the path it replaced, value for
value, on the demo dataset and on a generated one (issue 11, the 100k report under 60 s):

- `project_whole` writes its edges into networkx's dicts at once instead of `add_edge`
  one by one: the graph is compared with one built by `add_edge` from the same rows;
- the report reads the history once (`History`, shared by the graph of the year and the
  targets' counts, each year cut once) and scores only the province's clusters: the whole
  report is compared with one assembled as before (`graph_as_of`, `plan_progress` on its
  own History, every cluster of the nation scored and then filtered).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from analysis._graph import label_of, prop
from analysis.asof import graph_as_of
from analysis.progress import pilot_parks
from analysis.report import annual_report, sections
from analysis.scope import province_of_park, resolve_scope
from analysis.score import cluster_scores
from app.progress_view import read_figures
from app.settings import PROJECT_ROOT, Settings
from graph import projection_queries as q
from graph.projections import _edge_key, _plain, _Session, project_whole
from graph.repository import wipe_entities
from loaders.generate import generate_dataset
from loaders.load import load_dataset

YEAR = 2015
DEMO = PROJECT_ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "gen"
    generate_dataset(out, 3000, seed=11)
    return out


async def _history(driver: Any, settings: Settings, dataset: Path) -> tuple[nx.MultiDiGraph,
                                                                              Any]:
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, dataset, database=settings.neo4j_database)
    H = await project_whole(driver, settings.neo4j_database, as_of=None)
    return H, await read_figures(driver, settings.neo4j_database)


async def _built_with_add_edge(driver: Any, settings: Settings) -> nx.MultiDiGraph:
    """The whole projection as project_whole built it before: `add_edge` per row."""
    session = _Session(driver, settings.neo4j_database, None)
    G = nx.MultiDiGraph()
    for row in await session.run(q.ALL_NODES, **{"from": None, "to": None}):
        for node_id, props in row["nodes"]:
            G.add_node(node_id, **_plain(props), label=row["label"])
    for row in await session.run(q.ALL_RELATIONSHIPS, **{"from": None, "to": None}):
        for source, target, props in row["rels"]:
            props = props or {}
            G.add_edge(source, target, key=_edge_key(row["type"], props), type=row["type"],
                       **_plain(props))
    return G


def _busiest_province(H: nx.MultiDiGraph) -> str:
    G = graph_as_of(H, YEAR)
    counts = Counter(p for park in pilot_parks(G, YEAR)
                     if (p := province_of_park(G, park)) is not None
                     and label_of(G, p) == "Region" and prop(G, p, "kind") == "province")
    return min(counts, key=lambda p: (-counts[p], p))


def _report_as_before(H: nx.MultiDiGraph, region: str, figures: Any) -> dict[str, Any]:
    """annual_report as it was assembled before the faster path, section by section."""
    G = graph_as_of(H, YEAR)
    targets = sections.targets(H, YEAR, region, "zh", figures)  # its own History
    pilots = sections.pilot_rows(G, H, YEAR, region, "zh")
    money = sections.matching(G, YEAR, region, "zh")
    kept = [s for s in cluster_scores(G)  # the whole nation scored, then filtered
            if region in resolve_scope(G, s.scope.id).provinces]
    clusters = [{"cluster": {"id": s.scope.id, "name": sections.named(G, s.scope.id, "zh").name},
                 "rank": i + 1, "score": s.score} for i, s in enumerate(kept)]
    cands = sections.candidates(G, YEAR, region, "zh")
    quality = sections.quality(G, YEAR, region, targets, pilots, cands, money, "zh")
    return {"targets": targets, "pilots": pilots, "matching": money, "clusters": clusters,
            "candidates": cands, "quality": quality}


@pytest.mark.parametrize("dataset", ["demo", "generated"])
async def test_fast_path_gives_the_figures_of_the_former_path(
        driver: Any, settings: Settings, generated: Path, dataset: str) -> None:
    H, figures = await _history(driver, settings, DEMO if dataset == "demo" else generated)
    before = await _built_with_add_edge(driver, settings)
    assert dict(H.nodes(data=True)) == dict(before.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in before.edges(keys=True, data=True)}
    assert H.number_of_edges() == before.number_of_edges() > 0

    region = _busiest_province(H)
    report = annual_report(H, region, YEAR, "zh", generated="2026-01-01", indicators=figures)
    expected = _report_as_before(H, region, figures)
    got = report.to_dict()
    assert report.pilots and report.targets.rows  # a province with pilots: a real report
    assert list(got["clusters"]) == expected.pop("clusters")
    for section, value in expected.items():
        assert getattr(report, section) == value, section
