"""planProgress's pure cost: the nine targets with byYear 2011..2015 from one history graph.

    python -m benchmarks.plan_progress [--dataset data/demo] [--runs 5]

Builds the whole-graph projection of every year straight from the dataset's files
(benchmarks/dataset_graph.py: the graph `project_whole(as_of=None)` returns once loaded, no
Neo4j needed), then times `analysis.plan_progress(G, 2015)` nationally and for the province
with the most parks, and prints the median of `runs` (after one warm-up) in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from pathlib import Path

import analysis
from analysis.scope import province_of_park
from benchmarks.dataset_graph import graph_from_dataset


def _median_ms(fn: object, runs: int) -> float:
    assert callable(fn)
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("data/demo"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    G = asyncio.run(graph_from_dataset(args.dataset))
    parks = Counter(province_of_park(G, p) for p, d in G.nodes(data=True)
                    if d.get("label") == "Park")
    province = max((p for p in parks if p), key=lambda p: parks[p])
    national = _median_ms(lambda: analysis.plan_progress(G, 2015), args.runs)
    regional = _median_ms(lambda: analysis.plan_progress(G, 2015, province), args.runs)
    print(f"{args.dataset}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
    print(f"plan_progress(2015) with byYear 2011-2015, national: {national:.0f} ms "
          f"(median of {args.runs})")
    print(f"plan_progress(2015, {province!r}) ({parks[province]} parks): {regional:.0f} ms")


if __name__ == "__main__":
    main()
