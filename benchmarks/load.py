"""Loader throughput against its peer: `stsgraph load` (validation on) and the plain-driver
load of benchmarks/raw_driver.py, each into an empty Neo4j with the same schema.

Prints records/s of both, their ratio, and each loader process's peak memory.

    python -m benchmarks.load --entities 100000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    fresh_neo4j,
    generated_dataset,
    make_row,
    mark_loaded,
    print_rows,
    rows_payload,
    write_result,
)
from graph.migrations import apply_migrations
from graph.repository import graph_counts

console = Console()


async def _prepare(uri: str) -> None:
    """The schema both loads start from: constraints, indexes, full-text index, stages."""
    async with bench_driver(uri) as driver:
        await apply_migrations(driver)


async def _counts(uri: str) -> tuple[int, int]:
    async with bench_driver(uri) as driver:
        nodes, rels = await graph_counts(driver)
    return sum(nodes.values()), sum(rels.values())


async def _mark(uri: str, entities: int) -> None:
    async with bench_driver(uri) as driver:
        await mark_loaded(driver, entities)


def _timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a Python child; (seconds, the child's own peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)  # this child's rusage, not every child's max
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{args[1]} failed ({proc.returncode}):\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def load_once(entities: int, loader: str = "stsgraph") -> dict[str, Any]:
    """One load into an empty store, in a child process (its start-up and imports count).

    `loader` "stsgraph" runs `stsgraph load` (validation on); "raw" runs the plain-driver
    peer of benchmarks/raw_driver.py. Peak RSS is the largest child's so far (getrusage).
    """
    settings = bench_settings()
    dataset = generated_dataset(entities)
    fresh_neo4j(settings)
    uri = settings.effective_neo4j_uri
    asyncio.run(_prepare(uri))
    env = dict(os.environ, NEO4J_URI=uri)
    args = (["-m", "app.cli", "load", str(dataset), "--quiet"] if loader == "stsgraph"
            else ["-m", "benchmarks.raw_driver", uri, str(dataset)])
    elapsed, peak_mib = _timed_child(args, env)
    nodes, rels = asyncio.run(_counts(uri))
    if loader == "stsgraph":  # later benchmarks reading this dataset can reuse the store
        asyncio.run(_mark(uri, entities))
    return {
        "loader": loader, "seconds": elapsed, "entities": nodes, "relationships": rels,
        "entities_per_s": nodes / elapsed, "relationships_per_s": rels / elapsed,
        "records_per_s": (nodes + rels) / elapsed, "peak_rss_mib": peak_mib,
    }


def rows(entities: int, ours: list[dict[str, Any]], raw: list[dict[str, Any]]) -> list[Row]:
    size = f"{entities // 1000}k" if entities >= 1000 else str(entities)
    return [
        make_row("load", f"stsgraph load {size} (validation on) vs raw driver UNWIND MERGE",
                 "records/s", [r["records_per_s"] for r in ours], peer="raw neo4j driver",
                 peer_samples=[r["records_per_s"] for r in raw], min_ratio=0.8,
                 target=">= 0.8x peer"),
        make_row("load", f"stsgraph load {size}: seconds", "s", [r["seconds"] for r in ours],
                 peer="raw neo4j driver", peer_samples=[r["seconds"] for r in raw]),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    ours: list[dict[str, Any]] = []
    raw: list[dict[str, Any]] = []
    for _ in range(args.runs):  # interleaved, so drift on the machine hits both alike
        raw.append(load_once(args.entities, "raw"))
        ours.append(load_once(args.entities, "stsgraph"))
    for r in raw:
        if (r["entities"], r["relationships"]) != (ours[0]["entities"], ours[0]["relationships"]):
            raise SystemExit(f"the raw load built a different graph: {r} vs {ours[0]}")
    table = Table(title=f"load: {args.entities:,} generated entities, {args.runs} run(s) each")
    for column in ("loader", "seconds", "entities", "rels", "records/s", "peak RSS MiB"):
        table.add_column(column, justify="right")
    for r in raw + ours:
        table.add_row(r["loader"], f"{r['seconds']:.1f}", f"{r['entities']:,}",
                      f"{r['relationships']:,}", f"{r['records_per_s']:,.0f}",
                      f"{r['peak_rss_mib']:.0f}")
    console.print(table)
    result = rows(args.entities, ours, raw)
    print_rows(result, "load vs raw driver")
    write_result(f"load-{args.entities}", {"rows": rows_payload(result), "stsgraph": ours,
                                           "raw": raw})
    return result


if __name__ == "__main__":
    main()
