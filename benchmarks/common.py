"""Shared benchmark plumbing: a dedicated local Neo4j, cached generated datasets, stats."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, LiteralString

from neo4j import AsyncDriver

from app.neo4j_local import LocalNeo4j
from app.settings import PROJECT_ROOT, Settings

BENCH_DATA = PROJECT_ROOT / ".bench-data"
RESULTS = PROJECT_ROOT / "benchmarks" / "results"
# STSGRAPH_BENCH_PORT lets two harness runs (say, the tests and a real run) use separate
# Neo4j servers; each port has its own store.
BENCH_PORT = int(os.environ.get("STSGRAPH_BENCH_PORT", "7689"))


def bench_settings(heap: str = "4g", page_cache_mb: int = 2048) -> Settings:
    folder = "bench" if BENCH_PORT == 7689 else f"bench-{BENCH_PORT}"
    return Settings(
        local_neo4j_port=BENCH_PORT,
        local_neo4j_dir=PROJECT_ROOT / ".neo4j-local" / folder,
        local_neo4j_heap=heap,
        local_neo4j_page_cache_mb=page_cache_mb,
    )


WIPE_BELOW_NODES = 20_000  # smaller stores are emptied in place; larger ones recreated


def fresh_neo4j(settings: Settings) -> LocalNeo4j:
    """The benchmark Neo4j, running and empty of data.

    A small store is emptied with Cypher (its schema stays; every benchmark applies the
    migrations anyway), a larger one is deleted and the server restarted on a new store,
    so big loads always start from the same on-disk state.
    """
    local = LocalNeo4j(settings)
    if local.status().running and _node_count(settings) < WIPE_BELOW_NODES:
        _wipe(settings)
        return local
    local.stop()
    shutil.rmtree(settings.local_neo4j_dir / "data", ignore_errors=True)
    local.start()
    return local


def _node_count(settings: Settings) -> int:
    return int(_run(settings, "MATCH (n) RETURN count(n) AS n")[0]["n"])


def _wipe(settings: Settings) -> None:
    _run(settings, "MATCH (n) DETACH DELETE n")


def _run(settings: Settings, query: LiteralString) -> list[Any]:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.effective_neo4j_uri, auth=("neo4j", "bench")) as driver:
        records, _, _ = driver.execute_query(query)
        return list(records)


def generated_dataset(entities: int, seed: int = 42) -> Path:
    """The generated dataset of about `entities` rows, written once and reused."""
    from loaders.generate import GENERATOR_VERSION, generate_dataset

    out = BENCH_DATA / f"gen-{entities}-{seed}-v{GENERATOR_VERSION}"
    marker = out / ".complete"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        generate_dataset(out, entities, seed)
        marker.write_text("ok")
    return out


def summarize(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95_index = max(0, round(0.95 * (len(ordered) - 1)))
    return {
        "runs": len(ordered),
        "median": statistics.median(ordered),
        "p95": ordered[p95_index],
        "min": ordered[0],
        "max": ordered[-1],
        "spread": (ordered[-1] - ordered[0]) / statistics.median(ordered) if ordered[0] else 0.0,
    }


def write_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


# --- one table for every benchmark -------------------------------------------------------

@dataclass
class Row:
    """One line of the benchmark table: our figure, the peer's, their ratio and the target.

    `ratio` is always ours / peer in the row's unit, so for latencies lower is better and for
    throughputs higher is better; `meets` says whether the target holds (None: no target).
    """

    benchmark: str
    case: str
    unit: str
    median: float
    p95: float
    spread: float
    runs: int
    peer: str | None = None
    peer_median: float | None = None
    ratio: float | None = None
    target: str = ""
    meets: bool | None = None


def make_row(benchmark: str, case: str, unit: str, ours: Sequence[float], *,
             peer: str | None = None, peer_samples: Sequence[float] | None = None,
             max_ratio: float | None = None, min_ratio: float | None = None,
             max_value: float | None = None, target: str = "") -> Row:
    """Summarize `ours` (and the peer's samples) into a Row, checking the ratio or value target."""
    stats = summarize(ours)
    row = Row(benchmark, case, unit, stats["median"], stats["p95"], stats["spread"],
              int(stats["runs"]), peer=peer, target=target)
    if peer_samples:
        row.peer_median = summarize(peer_samples)["median"]
        row.ratio = row.median / row.peer_median if row.peer_median else None
    checks: list[bool] = []
    if max_ratio is not None and row.ratio is not None:
        checks.append(row.ratio <= max_ratio)
    if min_ratio is not None and row.ratio is not None:
        checks.append(row.ratio >= min_ratio)
    if max_value is not None:
        checks.append(row.median <= max_value)
    row.meets = all(checks) if checks else None
    return row


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 10 else f"{value:.1f}"


def print_rows(rows: Sequence[Row], title: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title)
    for column in ("benchmark", "case", "unit", "median", "p95", "spread", "runs", "peer",
                   "peer median", "ratio", "target", "met"):
        table.add_column(column, justify="left" if column in ("benchmark", "case", "peer",
                                                               "target") else "right")
    for r in rows:
        met = "" if r.meets is None else ("yes" if r.meets else "NO")
        table.add_row(r.benchmark, escape(r.case), r.unit, _fmt(r.median), _fmt(r.p95),
                      f"{r.spread:.0%}", str(r.runs), r.peer or "", _fmt(r.peer_median),
                      "" if r.ratio is None else f"{r.ratio:.2f}x", escape(r.target), met)
    Console(width=max(Console().width, 200)).print(table)


def rows_payload(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


@asynccontextmanager
async def bench_driver(uri: str) -> AsyncIterator[AsyncDriver]:
    """An async driver for the benchmark Neo4j at `uri`, closed on leaving the block."""
    from graph.driver import create_async_driver

    driver = create_async_driver(uri, "neo4j", "bench")
    try:
        yield driver
    finally:
        await driver.close()


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def ensure_loaded(settings: Settings, entities: int) -> None:
    """Make the benchmark Neo4j hold exactly the generated dataset of `entities` rows."""
    await ensure_dataset(settings, entities, lambda: generated_dataset(entities))


async def ensure_dataset(settings: Settings, marker: int, dataset: Callable[[], Path]) -> None:
    """Make the benchmark Neo4j hold exactly the dataset `marker` names (a generated one's
    entity count, or a negative number for a fixed folder such as the demo).

    Reuses what is there when the store already holds it (a `BenchMarker` node records it),
    else starts from an empty store and loads `dataset()` (made only then) with the
    project's loader.
    """
    from loaders.generate import GENERATOR_VERSION
    from loaders.load import load_dataset

    local = LocalNeo4j(settings)
    if not local.status().running:
        local.start()
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        records, _, _ = await driver.execute_query(
            "OPTIONAL MATCH (m:BenchMarker) RETURN m.entities AS entities, m.version AS version")
        if records and records[0]["entities"] == marker \
                and records[0]["version"] == GENERATOR_VERSION:
            return
    fresh_neo4j(settings)
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        await load_dataset(driver, dataset())
        await mark_loaded(driver, marker)


async def mark_loaded(driver: Any, entities: int) -> None:
    from loaders.generate import GENERATOR_VERSION

    await driver.execute_query("MERGE (m:BenchMarker) SET m.entities = $entities, "
                               "m.version = $version", entities=entities,
                               version=GENERATOR_VERSION)
