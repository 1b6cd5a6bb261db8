"""Loader throughput: `stsgraph load` of a generated dataset into an empty Neo4j.

Prints entities/s, relationships/s, records/s and the loader process's peak memory.

    python -m benchmarks.load --entities 100000 --runs 1
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.common import (
    bench_settings,
    fresh_neo4j,
    generated_dataset,
    summarize,
    write_result,
)
from graph.driver import create_async_driver
from graph.repository import graph_counts

console = Console()


async def _counts(uri: str) -> tuple[int, int]:
    driver = create_async_driver(uri, "neo4j", "bench")
    try:
        nodes, rels = await graph_counts(driver)
    finally:
        await driver.close()
    return sum(nodes.values()), sum(rels.values())


def load_once(entities: int) -> dict[str, Any]:
    """One load into an empty store, in a child process so its peak memory is its own."""
    settings = bench_settings()
    dataset = generated_dataset(entities)
    fresh_neo4j(settings)
    env = dict(os.environ, NEO4J_URI=settings.effective_neo4j_uri)
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", str(dataset), "--quiet"],
        env=env, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"load failed ({proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    nodes, rels = asyncio.run(_counts(settings.effective_neo4j_uri))
    return {
        "seconds": elapsed, "entities": nodes, "relationships": rels,
        "entities_per_s": nodes / elapsed, "relationships_per_s": rels / elapsed,
        "records_per_s": (nodes + rels) / elapsed,
        "peak_rss_mib": max(peak_kib, before) / 1024,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    runs = [load_once(args.entities) for _ in range(args.runs)]
    result = {
        "entities_requested": args.entities,
        "runs": runs,
        "records_per_s": summarize([r["records_per_s"] for r in runs]),
        "seconds": summarize([r["seconds"] for r in runs]),
    }
    table = Table(title=f"load benchmark: {args.entities:,} generated entities, {args.runs} run(s)")
    for column in ("run", "seconds", "entities", "rels", "entities/s", "rels/s", "records/s",
                   "peak RSS MiB"):
        table.add_column(column, justify="right")
    for i, r in enumerate(runs, 1):
        table.add_row(str(i), f"{r['seconds']:.1f}", f"{r['entities']:,}", f"{r['relationships']:,}",
                      f"{r['entities_per_s']:,.0f}", f"{r['relationships_per_s']:,.0f}",
                      f"{r['records_per_s']:,.0f}", f"{r['peak_rss_mib']:.0f}")
    console.print(table)
    console.print(f"median records/s: {result['records_per_s']['median']:,.0f}  "
                  f"(written to {write_result(f'load-{args.entities}', result)})")
    return result


if __name__ == "__main__":
    main()
