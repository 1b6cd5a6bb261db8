"""The bounded neighborhood of the busiest park: the query that used to exhaust Neo4j.

    STSGRAPH_BENCH_PORT=7693 python -m benchmarks.hub --entities 100000 --runs 3

Loads the generated dataset (`stsgraph generate --entities N --seed 42`) into the benchmark
Neo4j unless it is there, picks the park with the most relationships, and times
`graph.subgraph.neighborhood(park, depth, limit=5000)` at depths 1 to 3 (median of `--runs`
after a warm-up), printing nodes, edges, `truncated`, `omittedNodes` and `depthReached`.
Before the bounded expansion, depth 2 of that park failed: Neo4j ran out of transaction
memory.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_loaded,
    make_row,
    print_rows,
    rows_payload,
    write_result,
)
from graph import subgraph

BUSIEST_PARK = """
MATCH (p:Park) RETURN p.id AS id, COUNT { (p)--() } AS degree ORDER BY degree DESC, id LIMIT 1
"""


async def measure(entities: int, runs: int, limit: int) -> dict[str, Any]:
    settings = bench_settings()
    await ensure_loaded(settings, entities)
    out: dict[str, Any] = {"entities": entities, "limit": limit, "depths": {}}
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        records, _, _ = await driver.execute_query(BUSIEST_PARK)
        park, degree = records[0]["id"], records[0]["degree"]
        out |= {"park": park, "relationships": degree}
        for depth in (1, 2, 3):
            samples: list[float] = []
            sub = await subgraph.neighborhood(driver, park, depth, None, limit, 120)  # warm-up
            for _ in range(runs):
                start = time.perf_counter()
                sub = await subgraph.neighborhood(driver, park, depth, None, limit, 120)
                samples.append((time.perf_counter() - start) * 1000)
            out["depths"][depth] = {
                "samples": samples, "nodes": len(sub.nodes), "edges": len(sub.edges),
                "truncated": sub.truncated, "omittedNodes": sub.omitted_nodes,
                "depthReached": sub.depth_reached}
    return out


def rows_of(result: dict[str, Any]) -> list[Row]:
    rows = []
    for depth, d in result["depths"].items():
        rows.append(make_row(
            "hub", f"{result['park']} ({result['relationships']:,} relationships), depth {depth}, "
            f"limit {result['limit']:,}: {d['nodes']:,} nodes / {d['edges']:,} edges, "
            f"omitted {d['omittedNodes']:,}, reached depth {d['depthReached']}",
            "ms", d["samples"]))
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.entities, args.runs, args.limit))
    rows = rows_of(result)
    print_rows(rows, f"neighborhood of the busiest park (median of {args.runs} runs)")
    if not args.no_write:
        print(f"written to {write_result('hub', {'rows': rows_payload(rows), 'result': result})}")
    return rows


if __name__ == "__main__":
    main()
