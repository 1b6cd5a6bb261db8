"""Analysis cost at several scales, on generated datasets loaded into the benchmark Neo4j.

    python -m benchmarks.analysis --sizes 10000 100000 1000000 --runs 7

Per size (median of `runs`, after one warm-up), end to end from Neo4j as the API does it
(scope projection, then the pure networkx analysis):

- single-scope operations: the gap report of a typical (median-sized) park and of the
  largest park, the integration score of a typical cluster;
- all cluster scores, each from its own scope projection (one pass; above `--whole-max`
  20 clusters spread over the size order are timed and the total extrapolated);
- whole-graph metrics, for sizes up to `--whole-max`: the whole-graph projection, every
  cluster scored on it, betweenness (200 pivots) and PageRank centrality, Louvain
  communities; plain networkx betweenness also through the nx-parallel backend when it
  can be imported.

Targets (issue 5): single-scope operations under 100 ms at 100k, growing at most 1.5x from
the smallest to the largest size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import networkx as nx
from neo4j import AsyncDriver

import analysis
from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_loaded,
    make_row,
    print_rows,
    rows_payload,
    summarize,
    write_result,
)
from graph.projections import project_scope, project_whole
from graph.time import present_year

SCOPES = """
MATCH (s) WHERE s:Park OR s:Cluster
RETURN s.id AS id, [l IN labels(s) WHERE l <> 'Entity'][0] AS label,
       CASE WHEN s:Park THEN COUNT { (s)<-[:LOCATED_IN]-() }
            ELSE COUNT { (s)-[:LOCATED_IN]->(:Park)<-[:LOCATED_IN]-() } END AS actors
ORDER BY actors DESC, id
"""
SINGLE_SCOPE = ("gap_report_typical_park", "gap_report_largest_park", "score_typical_cluster")
TARGET_MS = 100.0
CLUSTER_SAMPLE = 20
TARGET_GROWTH = 1.5


def _size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else (
        f"{size // 1000}k" if size >= 1000 else str(size))


SLOW_S = 5.0  # an operation whose warm-up takes longer is timed at most SLOW_RUNS times
SLOW_RUNS = 2


async def _timed(fn: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    start = time.perf_counter()
    await fn()  # warm-up: Cypher plans, caches
    if time.perf_counter() - start > SLOW_S:
        runs = min(runs, SLOW_RUNS)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def _gap_report(driver: AsyncDriver, park: str) -> analysis.GapReport:
    G = await project_scope(driver, park, as_of=present_year())  # the API reads a year
    return analysis.find_stage_gaps(G, park)


async def _cluster_score(driver: AsyncDriver, cluster: str) -> analysis.IntegrationScore:
    G = await project_scope(driver, cluster, as_of=present_year())
    return analysis.integration_score(G, cluster, actions=0)


def _progress(size: int, what: str, figure: str) -> None:
    print(f"analysis @ {_size_name(size)}: {what}: {figure}", flush=True)


def _ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _parallel_betweenness(C: nx.Graph) -> float | None:
    """Milliseconds of sampled betweenness through nx-parallel (None: not importable).

    nx-parallel is not a dependency: 0.3, the latest release, fails to import with
    networkx 3.6 (it imports a private helper that networkx removed). docs/performance.md
    has the figures measured in a separate environment with networkx 3.5.
    """
    try:
        import nx_parallel  # noqa: F401
    except ImportError:
        return None
    nx.config.backends.parallel.n_jobs = os.cpu_count() or 1  # type: ignore[attr-defined]
    return _ms(lambda: nx.betweenness_centrality(C, k=min(200, len(C)), seed=42,
                                                 backend="parallel"))


def whole_graph_metrics(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Milliseconds of each whole-graph metric on an already projected G (one pass), as the
    API computes them: with the default backend (analysis/backends.py), the first one
    building the collaboration graph, which later ones find cached on G."""
    figures: dict[str, Any] = {}
    figures["all_cluster_scores_on_whole_graph"] = _ms(lambda: analysis.cluster_scores(G))
    figures["centrality_betweenness"] = _ms(lambda: analysis.centrality(G, metric="betweenness"))
    figures["centrality_pagerank"] = _ms(lambda: analysis.centrality(G, metric="pagerank"))
    figures["louvain_communities"] = _ms(lambda: analysis.communities(G))
    C = analysis.collaboration_graph(G)
    figures["collaboration_graph_nodes"] = C.number_of_nodes()
    figures["collaboration_graph_edges"] = C.number_of_edges()
    k = min(200, len(C))
    figures["betweenness_200_pivots"] = _ms(
        lambda: nx.betweenness_centrality(C, k=k, seed=42, backend="networkx"))
    figures["betweenness_200_pivots_nx_parallel"] = _parallel_betweenness(C)
    return figures


async def measure(size: int, runs: int, whole: bool = True) -> dict[str, Any]:
    settings = bench_settings()
    start = time.perf_counter()
    await ensure_loaded(settings, size)
    figures: dict[str, Any] = {"entities": size, "ensure_loaded_s": time.perf_counter() - start}
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        records, _, _ = await driver.execute_query(SCOPES)
        parks = [r for r in records if r["label"] == "Park"]
        clusters = [r for r in records if r["label"] == "Cluster"]
        typical, largest, cluster = parks[len(parks) // 2], parks[0], clusters[len(clusters) // 2]
        figures.update(typical_park=dict(typical), largest_park=dict(largest),
                       typical_cluster=dict(cluster), parks=len(parks), clusters=len(clusters))
        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "gap_report_typical_park": lambda: _gap_report(driver, typical["id"]),
            "gap_report_largest_park": lambda: _gap_report(driver, largest["id"]),
            "score_typical_cluster": lambda: _cluster_score(driver, cluster["id"]),
        }
        for name, fn in cases.items():
            figures[name] = await _timed(fn, runs)
            _progress(size, name, f"median {summarize(figures[name])['median']:.0f} ms")
        # Every cluster up to --whole-max; beyond, every k-th of 20 spread over the size
        # order, scaled to all of them (reported as an estimate).
        sample = clusters if whole else clusters[::max(1, len(clusters) // CLUSTER_SAMPLE)]
        begin = time.perf_counter()
        for c in sample:
            await _cluster_score(driver, c["id"])
        elapsed = time.perf_counter() - begin
        figures["all_cluster_scores_by_scope_s"] = elapsed * len(clusters) / len(sample)
        figures["all_cluster_scores_sampled"] = len(sample)
        _progress(size, f"all cluster scores by scope ({len(sample)} of {len(clusters)} timed)",
                  f"{figures['all_cluster_scores_by_scope_s']:.1f} s")
        if whole:
            begin = time.perf_counter()
            G = await project_whole(driver, as_of=present_year())
            figures["whole_graph_projection_s"] = time.perf_counter() - begin
            figures["whole_graph_nodes"] = G.number_of_nodes()
            figures["whole_graph_edges"] = G.number_of_edges()
            _progress(size, "whole-graph projection", f"{figures['whole_graph_projection_s']:.1f} s")
            figures.update(whole_graph_metrics(G))
        return figures


def rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    sizes = sorted(results)
    out: list[Row] = []
    for size in sizes:
        for op in SINGLE_SCOPE:
            at_target_size = size == 100_000 and op != "gap_report_largest_park"
            out.append(make_row(
                "analysis", f"{op} @ {_size_name(size)}", "ms", results[size][op],
                max_value=TARGET_MS if at_target_size else None,
                target=f"< {TARGET_MS:.0f} ms" if at_target_size else ""))
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        for op in SINGLE_SCOPE:
            if op == "gap_report_largest_park":  # grows with the park, which grows with N
                continue
            out.append(make_row(
                "analysis", f"{op}: growth {_size_name(first)} -> {_size_name(last)}", "ms",
                results[last][op], peer=f"same at {_size_name(first)}",
                peer_samples=results[first][op], max_ratio=TARGET_GROWTH,
                target=f"<= {TARGET_GROWTH}x"))
    for size in sizes:
        r = results[size]
        estimate = "" if r["all_cluster_scores_sampled"] == r["clusters"] else \
            f", estimated from {r['all_cluster_scores_sampled']}"
        out.append(make_row("analysis", f"all cluster scores by scope @ {_size_name(size)} "
                            f"({r['clusters']} clusters{estimate})", "s",
                            [r["all_cluster_scores_by_scope_s"]]))
        if "whole_graph_projection_s" not in r:
            continue
        out.append(make_row("analysis", f"whole-graph projection @ {_size_name(size)}", "s",
                            [r["whole_graph_projection_s"]]))
        for metric in ("all_cluster_scores_on_whole_graph", "centrality_betweenness",
                       "centrality_pagerank", "louvain_communities"):
            out.append(make_row("analysis", f"{metric} @ {_size_name(size)}", "ms", [r[metric]]))
        parallel = r["betweenness_200_pivots_nx_parallel"]
        out.append(make_row(
            "analysis", f"betweenness (200 pivots) @ {_size_name(size)}, nx-parallel vs networkx",
            "ms", [parallel if parallel is not None else r["betweenness_200_pivots"]],
            peer="networkx (1 process)", peer_samples=[r["betweenness_200_pivots"]],
            target="informational" if parallel is not None else "nx-parallel not installed"))
    return out


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--whole-max", type=int, default=100_000,
                        help="largest size whose whole graph is projected into networkx")
    args = parser.parse_args(argv)
    results = {size: asyncio.run(measure(size, args.runs, size <= args.whole_max))
               for size in sorted(args.sizes)}
    result = rows(results)
    print_rows(result, "analysis at several scales")
    detail = {str(size): {k: (summarize(v) if isinstance(v, list) else v)
                          for k, v in figures.items()} for size, figures in results.items()}
    write_result("analysis", {"rows": rows_payload(result), "sizes": detail})
    return result


if __name__ == "__main__":
    main()
