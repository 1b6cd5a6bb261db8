"""The whole-graph algorithms benchmark runs end to end at a tiny size, reports every
candidate it can import with its agreement figures, and builds from the dataset's files the
graph `project_whole` returns. Assertions are on values and shapes, never on timings."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path

import pytest

from benchmarks import agreement
from benchmarks import algorithms as bench
from benchmarks import candidates as cand


def test_algorithms_benchmark_compares_the_candidates_with_networkx(results_in_tmp: Path) -> None:
    rows = bench.main(["--sizes", "400", "--runs", "1"])
    saved = json.loads((results_in_tmp / "algorithms.json").read_text())["sizes"]["400"]
    assert saved["graph_source"] == "project_whole"
    assert saved["collaboration_nodes"] > 100 and saved["collaboration_edges"] > 100
    assert set(saved["end_to_end_s"]) == {"collaboration_graph", "pagerank", "betweenness",
                                          "communities"}
    assert {"networkx", "igraph"} <= set(saved["candidates"])
    for step in ("convert", "pagerank", "betweenness", "communities"):
        assert saved["ms"][f"igraph / {step}"]["runs"] == 1
    same = saved["agreement"]
    assert same["igraph / betweenness"]["max_abs_difference"] <= agreement.EXACT
    assert same["igraph / betweenness"]["top10_overlap"] == 10
    assert same["igraph / pagerank"]["spearman"] > 0.99
    louvain = same["igraph / communities"]
    assert abs(louvain["modularity"] - louvain["networkx_modularity"]) <= agreement.MODULARITY
    checked = [r for r in rows if r.meets is not None]
    assert {r.case.split(", ")[-1] for r in checked} >= {
        "max |difference| (same pivots)", "L1 distance", "|modularity - networkx's|"}
    assert all(r.meets for r in checked), [r.case for r in checked if not r.meets]
    ratios = [r for r in rows if r.case.startswith("pagerank @ 400: igraph") and r.ratio]
    assert len(ratios) == 1 and ratios[0].peer == "networkx"


def test_networkx_reduced_above_its_limit_still_checks_the_chosen_backend(
        results_in_tmp: Path) -> None:
    bench.main(["--sizes", "400", "--runs", "1", "--networkx-max", "0", "--neo4j-max", "0",
                "--estimate-pivots", "5"])
    saved = json.loads((results_in_tmp / "algorithms.json").read_text())["sizes"]["400"]
    assert saved["graph_source"] == "dataset files"
    assert "networkx / communities" not in saved["ms"]
    assert "networkx / pagerank" in saved["ms"]
    if saved["pivots"]:  # sampled betweenness: networkx estimated from 5 pivots
        assert saved["networkx_betweenness_estimate_pivots"] == 5
        assert saved["estimate_agreement"]["max_abs_difference"] <= agreement.EXACT


def test_dataset_graph_is_the_whole_graph_projection() -> None:
    projected = asyncio.run(bench.analysis_graph(400, from_files=False))
    built = asyncio.run(bench.analysis_graph(400, from_files=True))
    assert dict(built.nodes(data=True)) == dict(projected.nodes(data=True))
    assert sorted(built.edges(keys=True, data=True)) == sorted(projected.edges(keys=True,
                                                                               data=True))


@pytest.mark.parametrize(("a", "b", "rho"), [
    ([1.0, 2.0, 3.0], [10.0, 20.0, 30.0], 1.0),
    ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0], -1.0),
    ([1.0, 1.0, 2.0, 3.0], [1.0, 1.0, 2.0, 3.0], 1.0),  # ties share their average rank
])
def test_spearman(a: list[float], b: list[float], rho: float) -> None:
    assert agreement.spearman(a, b) == pytest.approx(rho)
    assert agreement.ranks([5.0, 1.0, 5.0]) == [1.5, 0.0, 1.5]
    assert math.isnan(agreement.spearman([1.0, 1.0], [2.0, 3.0]))


def test_every_known_candidate_is_listed_when_importable() -> None:
    names = [c.name for c in cand.available()]
    assert names[0] == "networkx" and cand.CHOSEN in names
    assert set(names) <= set(cand.KNOWN)
