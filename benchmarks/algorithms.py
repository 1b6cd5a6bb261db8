"""Whole-graph algorithms: networkx against libraries made for scale, on the same graphs.

    python -m benchmarks.algorithms --sizes 10000 100000 1000000 --runs 3

Per size, on the generated dataset (seed 42):

- the analysis graph as the API builds it: `project_whole` from the benchmark Neo4j up to
  `--neo4j-max` entities; above, the same graph from the dataset's files
  (benchmarks/dataset_graph.py, checked equal to the projection by the harness tests);
- end to end through `analysis/` with the chosen backend, on that fresh graph, once: the
  collaboration graph, then `centrality(pagerank)` (which converts it), `centrality
  (betweenness)` and `communities()`. Target (issue 13): the three under 5 minutes at 1M;
- every candidate of benchmarks/candidates.py on the same collaboration graph: conversion,
  PageRank, betweenness (200 pivots, seed 42, as `centrality` samples them) and communities
  (Louvain or the library's own), median of `--runs` interleaved rounds (a networkx figure
  over 30 s is measured once), each with its ratio to networkx measured in the same run;
- the agreement of each answer with networkx's on the same graph: max |difference| and
  Spearman's rank correlation for scores, modularity for communities.

Above `--networkx-max` entities networkx runs PageRank once and betweenness from
`--estimate-pivots` pivots only: its 200-pivot time is that scaled linearly (one BFS per
pivot) and reported as an estimate, and the chosen backend is checked on the same pivots;
networkx's Louvain is not run there.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx

import analysis
from analysis.network import (
    BETWEENNESS_EXACT_LIMIT,
    BETWEENNESS_SAMPLES,
    SEED,
    whole_collaboration_graph,
)
from benchmarks import candidates as cand
from benchmarks.agreement import agreement_rows, compare
from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_loaded,
    generated_dataset,
    make_row,
    print_rows,
    rows_payload,
    summarize,
    write_result,
)
from benchmarks.dataset_graph import graph_from_dataset
from graph.projections import project_whole

ALGORITHMS = ("pagerank", "betweenness", "communities")
TARGET_S = 300.0  # PageRank + communities + betweenness at 1M, together
TARGET_SIZE = 1_000_000
SLOW_S = 30.0


def size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else (
        f"{size // 1000}k" if size >= 1000 else str(size))


def _progress(size: int, what: str) -> None:
    print(f"algorithms @ {size_name(size)}: {what}", flush=True)


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


async def analysis_graph(size: int, from_files: bool) -> nx.MultiDiGraph:
    """The whole-graph projection of the generated dataset of `size` entities."""
    if from_files:
        return await graph_from_dataset(generated_dataset(size))
    settings = bench_settings()
    await ensure_loaded(settings, size)
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        return await project_whole(driver)


def pivots(C: nx.Graph) -> int | None:
    """The pivot count `analysis.centrality` uses for betweenness (None: exact)."""
    n = C.number_of_nodes()
    return min(BETWEENNESS_SAMPLES, n) if n > BETWEENNESS_EXACT_LIMIT else None


def end_to_end(G: nx.MultiDiGraph, backend: str) -> dict[str, dict[str, float]]:
    """Wall-clock and CPU seconds of each step of the three whole-graph metrics through
    `analysis/`. CPU time is this process's own: on a machine others load, it is close to
    what the step takes on an idle core (igraph and networkx compute on one thread)."""
    steps = {
        "collaboration_graph": lambda: whole_collaboration_graph(G),
        "pagerank": lambda: analysis.centrality(G, metric="pagerank", backend=backend),
        "betweenness": lambda: analysis.centrality(G, metric="betweenness", backend=backend),
        "communities": lambda: analysis.communities(G, backend=backend),
    }
    found: dict[str, dict[str, float]] = {}
    for name, step in steps.items():
        cpu = time.process_time()
        wall, _ = _seconds(step)
        found[name] = {"wall": wall, "cpu": time.process_time() - cpu}
    return found


def _call(candidate: cand.Candidate, algorithm: str, converted: Any, k: int | None) -> Any:
    if algorithm == "pagerank" and candidate.pagerank:
        return candidate.pagerank(converted)
    if algorithm == "betweenness" and candidate.betweenness:
        return candidate.betweenness(converted, k, SEED)
    if algorithm == "communities" and candidate.communities:
        return candidate.communities(converted, SEED)
    return None


def measure_candidates(C: nx.Graph, runs: int, networkx_full: bool, estimate_pivots: int,
                       size: int) -> dict[str, Any]:
    """Timings (ms) and answers of every candidate on C; networkx reduced when not full."""
    found = cand.available()
    k = pivots(C)
    figures: dict[str, Any] = {"candidates": [c.name for c in found], "pivots": k,
                               "notes": {c.name: c.note for c in found}, "ms": {},
                               "answers": {}}
    converted: dict[str, Any] = {}
    for candidate in found:
        seconds, converted[candidate.name] = _seconds(partial(candidate.convert, C))
        figures["ms"][(candidate.name, "convert")] = [seconds * 1000]
    for algorithm in ALGORITHMS:
        for run in range(runs):
            for candidate in found:
                slow = figures["ms"].get((candidate.name, algorithm), [0.0])[0] > SLOW_S * 1000
                if run and slow:
                    continue
                if candidate.name == "networkx" and not networkx_full and (
                        algorithm == "communities" or (algorithm == "betweenness" and k)):
                    continue
                seconds, answer = _seconds(partial(_call, candidate, algorithm,
                                                   converted[candidate.name], k))
                if answer is None:
                    continue
                figures["ms"].setdefault((candidate.name, algorithm), []).append(seconds * 1000)
                figures["answers"][(candidate.name, algorithm)] = answer
            _progress(size, f"{algorithm}, round {run + 1} of {runs}")
    if not networkx_full and k:
        figures.update(_estimated_networkx_betweenness(C, converted, found, min(estimate_pivots,
                                                                                 k), k))
    return figures


def _estimated_networkx_betweenness(C: nx.Graph, converted: dict[str, Any],
                                    found: list[cand.Candidate], few: int,
                                    k: int) -> dict[str, Any]:
    """networkx's betweenness from `few` pivots, scaled to k; the chosen backend on the
    same `few` pivots, to check they agree at this size too."""
    networkx = found[0].betweenness
    chosen = next(c for c in found if c.name == cand.CHOSEN).betweenness
    assert networkx is not None and chosen is not None
    seconds, theirs = _seconds(partial(networkx, C, few, SEED))
    ours = chosen(converted[cand.CHOSEN], few, SEED)
    return {"networkx_betweenness_estimate_ms": seconds * 1000 * k / few,
            "networkx_betweenness_estimate_pivots": few,
            "estimate_agreement": compare("betweenness", C, ours, theirs)}


def measure(size: int, runs: int, neo4j_max: int, networkx_max: int,
            estimate_pivots: int) -> dict[str, Any]:
    from_files = size > neo4j_max
    seconds, G = _seconds(lambda: asyncio.run(analysis_graph(size, from_files)))
    figures: dict[str, Any] = {
        "entities": size, "graph_source": "dataset files" if from_files else "project_whole",
        "graph_s": seconds, "graph_nodes": G.number_of_nodes(),
        "graph_edges": G.number_of_edges()}
    _progress(size, f"analysis graph from {figures['graph_source']}: {seconds:.1f} s")
    figures["end_to_end_s"] = end_to_end(G, cand.CHOSEN)
    _progress(size, f"end to end with {cand.CHOSEN} (s): {figures['end_to_end_s']}")
    C = whole_collaboration_graph(G)
    del G  # the candidates need C only; at 1M G holds most of the memory
    gc.collect()
    figures.update(collaboration_nodes=C.number_of_nodes(), collaboration_edges=C.number_of_edges())
    figures.update(measure_candidates(C, runs, size <= networkx_max, estimate_pivots, size))
    figures["agreement"] = {
        (name, algorithm): compare(algorithm, C, answer,
                                   figures["answers"].get(("networkx", algorithm)))
        for (name, algorithm), answer in figures["answers"].items() if name != "networkx"}
    return figures


def rows(results: dict[int, dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for size, r in sorted(results.items()):
        name = size_name(size)
        out.append(make_row("algorithms", f"analysis graph @ {name} ({r['graph_source']})", "s",
                            [r["graph_s"]]))
        e2e = r["end_to_end_s"]
        for step, seconds in e2e.items():
            out.append(make_row("algorithms", f"end to end @ {name}: {step} ({cand.CHOSEN}), "
                                f"CPU {seconds['cpu']:.1f} s", "s", [seconds["wall"]]))
        at_target = size == TARGET_SIZE
        for clock in ("wall", "cpu"):
            algorithms = sum(e2e[step][clock] for step in ALGORITHMS)
            out.append(make_row(
                "algorithms", f"end to end @ {name}: PageRank + betweenness + communities "
                f"({cand.CHOSEN}), {clock} clock", "s", [algorithms],
                max_value=TARGET_S if at_target else None,
                target=f"< {TARGET_S:.0f} s" if at_target else ""))
        out.append(make_row(
            "algorithms", f"end to end @ {name}: the same with the collaboration graph, wall "
            "clock", "s", [sum(step["wall"] for step in e2e.values())]))
        out.extend(_candidate_rows(name, r))
        out.extend(agreement_rows(name, r))
    return out


def _candidate_rows(name: str, r: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    ms: dict[tuple[str, str], list[float]] = r["ms"]
    estimate = r.get("networkx_betweenness_estimate_ms")
    for step in ("convert", *ALGORITHMS):
        reference = ms.get(("networkx", step))
        label = step if step != "betweenness" or not r["pivots"] else \
            f"betweenness ({r['pivots']} pivots)"
        if reference is None and step == "betweenness" and estimate is not None:
            reference = [estimate]
            out.append(make_row("algorithms", f"{label} @ {name}: networkx (estimated from "
                                f"{r['networkx_betweenness_estimate_pivots']} pivots)", "ms",
                                reference))
        for candidate in r["candidates"]:
            samples = ms.get((candidate, step))
            if samples is None or (candidate == "networkx" and step == "convert"):
                continue
            # converting has no networkx counterpart (it is the graph itself)
            peer = reference if candidate != "networkx" and step != "convert" else None
            out.append(make_row("algorithms", f"{label} @ {name}: {candidate}", "ms", samples,
                                peer="networkx" if peer else None, peer_samples=peer,
                                target="informational" if peer else ""))
    return out


def _plain(figures: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready: timings summarized, tuple keys joined, answers left out."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "answers":
            continue
        if key in ("ms", "agreement"):
            out[key] = {f"{c} / {a}": summarize(v) if key == "ms" else v
                        for (c, a), v in value.items()}
        else:
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--neo4j-max", type=int, default=100_000,
                        help="largest size projected from Neo4j; above, built from the files")
    parser.add_argument("--networkx-max", type=int, default=100_000,
                        help="largest size on which networkx runs every algorithm in full")
    parser.add_argument("--estimate-pivots", type=int, default=10,
                        help="pivots networkx's betweenness runs above --networkx-max")
    args = parser.parse_args(argv)
    results: dict[int, dict[str, Any]] = {}
    for size in sorted(args.sizes):
        results[size] = measure(size, args.runs, args.neo4j_max, args.networkx_max,
                                args.estimate_pivots)
        result = rows(results)
        # written after every size, so a long run that fails at 1M keeps what it measured
        write_result("algorithms", {"rows": rows_payload(result),
                                    "sizes": {str(s): _plain(f) for s, f in results.items()}})
    print_rows(result, "whole-graph algorithms: candidates vs networkx (ratio = candidate / "
                       "networkx, same run)")
    return result


if __name__ == "__main__":
    main()
