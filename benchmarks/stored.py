"""Stored analysis results (issue 13, item 1): refresh time, `clusterScores` served from the
store against computed on request, and one cluster's update after a mutation.

    python -m benchmarks.stored --entities 100000 --runs 5     # 0: the demo dataset

On the dataset loaded into the benchmark Neo4j (STSGRAPH_BENCH_PORT):

- `full refresh`: `stsgraph analyze refresh` of every result (or of `--only`), once, with
  its parts (the projection and each kind) as `app.refresh.refresh` times them;
- `clusterScores` over HTTP from a real server (uvicorn, one worker) with a planner key:
  stored (median of `runs`);
- one cluster's update: a mutation's write (`change_relationship`, as `addRelationship` /
  `removeRelationship` run it, with its scoped fingerprint bump), then
  `analyze refresh --only cluster-scores --stale-only`, `runs` times;
- `clusterScores` computed on request after a whole-graph bump (the first request projects
  the graph; the median of the next `computed_runs` reuse the projection; 0 skips it).

Targets (issue 13, at 1M): clusterScores < 200 ms from stored results, full refresh
< 10 min, one cluster's update < 1 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.refresh import refresh
from benchmarks.annual import ensure_demo
from benchmarks.api import Server
from benchmarks.common import (
    bench_driver,
    bench_settings,
    ensure_loaded,
    free_port,
    summarize,
    write_result,
)
from graph.fingerprint import bump_whole_now
from graph.migrations import apply_migrations
from graph.time import present_year
from loaders.single import change_relationship

KEY = "bench-stored-planner"
CLUSTERS = "{ clusterScores(first: 50) { scope { id } score freshness { source } } }"
# An agency with no partner, in a park of one cluster: its change reaches that cluster
# only (a partner's cluster would go stale too: docs/architecture.md, "Data fingerprint").
PICK = """
MATCH (c:Cluster)-[:LOCATED_IN]->(p:Park)<-[:LOCATED_IN]-(a:Agency)
WHERE NOT (a)-[:PROVIDES]->(:ServiceStage {code: 'finance'})
  AND COUNT { (a)--(x:Entity) WHERE x <> p AND NOT x:Industry } = 0
  AND COUNT { (p)<-[:LOCATED_IN]-(:Cluster) } = 1
RETURN c.id AS cluster, a.id AS agency ORDER BY cluster, agency LIMIT 1
"""
ANY_PICK = """
MATCH (c:Cluster)-[:LOCATED_IN]->(:Park)<-[:LOCATED_IN]-(a:Agency)
WHERE NOT (a)-[:PROVIDES]->(:ServiceStage {code: 'finance'})
RETURN c.id AS cluster, a.id AS agency ORDER BY cluster, agency LIMIT 1
"""


def _post(url: str, query: str) -> tuple[float, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=json.dumps({"query": query}).encode(), method="POST",
        headers={"content-type": "application/json", "x-api-key": KEY})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        body = json.loads(response.read())
    elapsed = (time.perf_counter() - started) * 1000
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return elapsed, body


def _sources(body: dict[str, Any]) -> set[str]:
    return {s["freshness"]["source"] for s in body["data"]["clusterScores"]}


def _start_server(uri: str, log_dir: Path) -> Server:
    port = free_port()
    env = {**os.environ, "NEO4J_URI": uri, "STSGRAPH_DEBUG": "false",
           "STSGRAPH_RATE_LIMIT_PER_MINUTE": "0",
           "STSGRAPH_API_KEYS": f"planner:{hash_api_key(KEY)}:bench",
           "STSGRAPH_NEO4J_QUERY_TIMEOUT_S": "3600"}
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port)]
    server = Server("stsgraph-stored", command, Path.cwd(), env,
                    f"http://127.0.0.1:{port}/graphql", log_dir)
    server.wait_ready(180)
    return server


async def _one_cluster(driver: AsyncDriver, year: int, runs: int) -> dict[str, Any]:
    await refresh(driver, year, ["cluster-scores"], stale_only=True)  # none stale to begin
    records, _, _ = await driver.execute_query(PICK)
    if not records:  # a small dataset may have no such agency: any agency of a cluster
        records, _, _ = await driver.execute_query(ANY_PICK)
    cluster, agency = records[0]["cluster"], records[0]["agency"]
    writes, updates, recomputed = [], [], []
    for run in range(runs):
        started = time.perf_counter()
        await change_relationship(driver, "PROVIDES", agency, "finance", {}, add=run % 2 == 0)
        writes.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        report = await refresh(driver, year, ["cluster-scores"], stale_only=True)
        updates.append((time.perf_counter() - started) * 1000)
        recomputed.append(report.written["cluster-scores"])
        assert recomputed[-1] >= 1, report.written
    return {"cluster": cluster, "agency": agency, "mutation_ms": summarize(writes),
            "stale_only_refresh_ms": summarize(updates), "clusters_recomputed": recomputed}


async def run(entities: int, runs: int, computed_runs: int,
              only: list[str] | None) -> dict[str, Any]:
    settings = bench_settings()
    if entities:
        await ensure_loaded(settings, entities)
    else:
        await ensure_demo(settings)
    year = present_year()
    result: dict[str, Any] = {"entities": entities or "demo", "year": year, "refreshed": only}
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        await apply_migrations(driver)
        started = time.perf_counter()
        report = await refresh(driver, year, only)
        result["full_refresh_s"] = time.perf_counter() - started
        result["refresh_parts_s"] = report.seconds
        print(f"refresh of {only or 'everything'}: {result['full_refresh_s']:.1f} s "
              f"{report.seconds}", flush=True)
        with tempfile.TemporaryDirectory() as logs:
            server = _start_server(settings.effective_neo4j_uri, Path(logs))
            try:
                _post(server.url, CLUSTERS)  # warm-up
                stored = [_post(server.url, CLUSTERS) for _ in range(runs)]
                assert all(_sources(b) == {"STORED"} for _, b in stored)
                result["stored_ms"] = summarize([ms for ms, _ in stored])
                print(f"clusterScores stored: {result['stored_ms']}", flush=True)
                result["one_cluster"] = await _one_cluster(driver, year, runs)
                print(f"one cluster: {result['one_cluster']}", flush=True)
                if computed_runs:
                    await bump_whole_now(driver)  # as a load would: the store is stale
                    first = _post(server.url, CLUSTERS)
                    assert _sources(first[1]) == {"COMPUTED_ON_REQUEST"}
                    computed = [_post(server.url, CLUSTERS)[0] for _ in range(computed_runs)]
                    result["computed_first_ms"] = first[0]
                    result["computed_ms"] = summarize(computed)
                    print(f"clusterScores computed: first {first[0]:.0f} ms, then "
                          f"{result['computed_ms']}", flush=True)
            finally:
                server.stop()
    return result


async def _one_cluster_on_store(runs: int) -> dict[str, Any]:
    settings = bench_settings()
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        result = {"one_cluster": await _one_cluster(driver, present_year(), runs)}
    print(f"one cluster: {result['one_cluster']}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=0, help="0: the demo dataset")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--computed-runs", type=int, default=3, dest="computed_runs",
                        help="0: skip clusterScores computed on request (minutes at 100k)")
    parser.add_argument("--one-cluster-only", action="store_true", dest="one_cluster_only",
                        help="only one cluster's update, on the stored results already there")
    parser.add_argument("--only", help="what the first refresh computes (default all), "
                                       "as `analyze refresh --only`")
    args = parser.parse_args(argv)
    only = args.only.split(",") if args.only else None
    if args.one_cluster_only:
        result = asyncio.run(_one_cluster_on_store(args.runs))
    else:
        result = asyncio.run(run(args.entities, args.runs, args.computed_runs, only))
    name = "one-cluster" if args.one_cluster_only else args.entities or "demo"
    path = write_result(f"stored-{name}", result)
    print(json.dumps(result, indent=2, default=str))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
