"""Analysis cost at several scales: single-park gap report, single-cluster score, all cluster
scores, on generated datasets loaded into an empty Neo4j.

    python -m benchmarks.analysis --sizes 10000 100000 --runs 5

For each size it loads the dataset, then times (median of `runs`, after one warm-up):
the scope projection and the gap report for a typical and for the largest park, the score
of one cluster, and the whole-graph projection plus every cluster's score.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import networkx as nx
from neo4j import AsyncDriver
from rich.console import Console
from rich.table import Table

import analysis
from benchmarks.common import bench_settings, fresh_neo4j, generated_dataset, summarize, write_result
from graph.driver import create_async_driver
from graph.projections import project_scope, project_whole
from loaders.load import load_dataset

console = Console()

PARKS_BY_SIZE = """
MATCH (p:Park)
RETURN p.id AS id, COUNT { (p)<-[:LOCATED_IN]-() } AS actors ORDER BY actors DESC, id
"""
A_CLUSTER = "MATCH (c:Cluster) RETURN c.id AS id ORDER BY c.id LIMIT 1"


async def _timed(fn: Callable[[], Awaitable[Any]], runs: int) -> tuple[list[float], Any]:
    result = await fn()  # warm-up: Cypher plans and caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


async def _gap_report(driver: AsyncDriver, park: str) -> analysis.GapReport:
    G = await project_scope(driver, park)
    return analysis.find_stage_gaps(G, park)


async def _cluster_score(driver: AsyncDriver, cluster: str) -> analysis.IntegrationScore:
    G = await project_scope(driver, cluster)
    return analysis.integration_score(G, cluster, actions=0)


async def measure(size: int, runs: int) -> dict[str, Any]:
    settings = bench_settings()
    fresh_neo4j(settings)
    driver = create_async_driver(settings.effective_neo4j_uri, "neo4j", "bench")
    try:
        start = time.perf_counter()
        await load_dataset(driver, generated_dataset(size))
        load_s = time.perf_counter() - start
        parks, _, _ = await driver.execute_query(PARKS_BY_SIZE)
        typical = parks[len(parks) // 2]["id"]
        largest = parks[0]["id"]
        cluster = (await driver.execute_query(A_CLUSTER))[0][0]["id"]
        figures: dict[str, Any] = {"entities": size, "load_s": load_s,
                                   "largest_park_actors": parks[0]["actors"],
                                   "typical_park_actors": parks[len(parks) // 2]["actors"]}
        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "gap_report_typical_park": lambda: _gap_report(driver, typical),
            "gap_report_largest_park": lambda: _gap_report(driver, largest),
            "projection_typical_park": lambda: project_scope(driver, typical),
            "score_one_cluster": lambda: _cluster_score(driver, cluster),
            "whole_graph_projection": lambda: project_whole(driver),
        }
        for name, fn in cases.items():
            samples, result = await _timed(fn, runs if "whole" not in name else max(1, runs // 2))
            figures[name] = summarize(samples)
            if isinstance(result, nx.MultiDiGraph):
                figures[f"{name}_nodes"] = result.number_of_nodes()
        G = await project_whole(driver)
        samples = []
        for _ in range(max(1, runs // 2)):
            begin = time.perf_counter()
            analysis.cluster_scores(G)
            samples.append((time.perf_counter() - begin) * 1000)
        figures["all_cluster_scores_analysis"] = summarize(samples)
        return figures
    finally:
        await driver.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    results = {str(size): asyncio.run(measure(size, args.runs)) for size in args.sizes}
    table = Table(title="analysis benchmark (milliseconds, median of runs; p95 in brackets)")
    table.add_column("operation")
    for size in args.sizes:
        table.add_column(f"{size:,} entities", justify="right")
    operations = [k for k, v in results[str(args.sizes[0])].items() if isinstance(v, dict)]
    for op in operations:
        table.add_row(op, *(f"{results[str(s)][op]['median']:.1f} [{results[str(s)][op]['p95']:.1f}]"
                            for s in args.sizes))
    table.add_row("largest park: actors", *(str(results[str(s)]["largest_park_actors"])
                                             for s in args.sizes))
    table.add_row("typical park: actors", *(str(results[str(s)]["typical_park_actors"])
                                             for s in args.sizes))
    console.print(table)
    if len(args.sizes) > 1:
        first, last = str(args.sizes[0]), str(args.sizes[-1])
        growth = (results[last]["gap_report_typical_park"]["median"]
                  / results[first]["gap_report_typical_park"]["median"])
        console.print(f"typical-park gap report grows {growth:.2f}x from {first} to {last}")
    console.print(f"written to {write_result('analysis', results)}")
    return results


if __name__ == "__main__":
    main()
