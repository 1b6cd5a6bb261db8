"""stsgraph's GraphQL API against the Neo4j GraphQL Library, on the same Neo4j and data.

    python -m benchmarks.api --entities 100000 --runs 3

Loads the generated dataset into the benchmark Neo4j (once; see benchmarks/common.py), then
serves it twice on loopback: stsgraph the way the Dockerfile runs it in production (uvicorn,
2 workers, uvloop, httptools, no access log) and `@neo4j/graphql` 6 with Apollo Server
(benchmarks/peer/, type definitions written for our graph). Both get the same operations,
each written in its own API's style:

- `parks_page`: 50 parks with a handful of scalar fields;
- `parks_agencies_stages`: 50 parks, 20 agencies each, the stages of each (3 levels);
- `agencies_filtered`: agencies filtered (kind in a list, staff >= 10), sorted (staff
  descending, id), second page of 20, with each one's park;
- `search`: full-text search (the `entity_names` index, CJK analyzer), 20 hits by score,
  as of the year `AS_OF` (DESIGN.md section 8; the peer filters on the same start and end
  years);
- `neighborhood`: the 2-hop neighborhood of a park (at most 500 nodes) with its edges, as of
  `AS_OF` (the peer's @cypher field runs the same year conditions).

Before timing anything it checks that both servers return the same data for every
operation (same ids in the same order, same search hits, same neighborhood node set) and
stops if not. Then, per operation and server, `benchmarks/peer/loadgen.mjs` (the same
Node client for both) measures p50/p95 latency with one client and throughput with 8
concurrent clients for a fixed time, each measurement cut into `--rounds` slices taken
from the two servers in turn (the machine's background load then falls on both alike); the
whole is repeated `--runs` times and the table reports medians over runs. Results go to
benchmarks/results/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.settings import PROJECT_ROOT, Settings
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
from graph.time import exists_in
from schema.types import encode_cursor

PEER_DIR = PROJECT_ROOT / "benchmarks" / "peer"
LOADGEN = PEER_DIR / "loadgen.mjs"
PEER_NAME = "@neo4j/graphql"
STSGRAPH_COMMAND = ["-m", "uvicorn", "app.main:create_app", "--factory", "--workers", "2",
                    "--loop", "uvloop", "--http", "httptools", "--no-access-log"]


# The year search and neighborhood are read as of: the generated data's years run to 2024,
# so 2020 leaves out the entities started later, the closed ones and the ended links.
AS_OF = 2020
# The peer's filter for "exists in AS_OF" (graph/time.py `exists_in`) on its Entity type.
_PEER_EXISTS = ("{AND: [" + ", ".join(
    f"{{OR: [{{{p}: null}}, {{{p}_LTE: {AS_OF}}}]}}"
    for p in ("approvedYear", "establishedYear", "foundedYear", "year"))
    + f", {{OR: [{{closedYear: null}}, {{closedYear_GT: {AS_OF}}}]}}]}}")


class NotEquivalent(AssertionError):
    """The two servers returned different data for one operation: never compare them."""


@dataclass(frozen=True)
class Operation:
    name: str
    ours: str
    peer: str
    # Each server's `data` reduced to something comparable; equal means the same work.
    ours_key: Callable[[dict[str, Any]], Any]
    peer_key: Callable[[dict[str, Any]], Any]


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def operations(park_id: str, search_text: str) -> list[Operation]:
    """The five operations, for a park to take the neighborhood of and a search text."""
    text = json.dumps(search_text, ensure_ascii=False)
    after = json.dumps(encode_cursor(20))
    return [
        Operation(
            "parks_page",
            "{ parks(first: 50) { edges { node { id name nameZh level approvedYear pilot } } } }",
            "{ parks(limit: 50, sort: [{id: ASC}]) { id name nameZh level approvedYear pilot } }",
            lambda d: [(p["id"], p["name"], p["pilot"]) for p in _nodes(d["parks"])],
            lambda d: [(p["id"], p["name"], p["pilot"]) for p in d["parks"]],
        ),
        Operation(
            "parks_agencies_stages",
            "{ parks(first: 50) { edges { node { id name "
            "agencies(first: 20) { edges { node { id name stages { code nameZh } } } } } } } }",
            "{ parks(limit: 50, sort: [{id: ASC}]) { id name "
            "agencies(limit: 20, sort: [{id: ASC}]) { id name "
            "stages(sort: [{order: ASC}]) { code nameZh } } } }",
            lambda d: [(p["id"], [(a["id"], [s["code"] for s in a["stages"]])
                                  for a in _nodes(p["agencies"])]) for p in _nodes(d["parks"])],
            lambda d: [(p["id"], [(a["id"], [s["code"] for s in a["stages"]])
                                  for a in p["agencies"]]) for p in d["parks"]],
        ),
        Operation(
            "agencies_filtered",
            '{ agencies(where: {kind_in: [INCUBATOR, TECH_TRANSFER, CONSULTING], '
            "staff_gte: 10}, "
            "orderBy: [{field: STAFF, direction: DESC}], first: 20, after: " + after + ") "
            "{ edges { node { id name kind staff park { id name } } } } }",
            '{ agencies(where: {kind_IN: ["incubator", "tech_transfer", "consulting"], '
            "staff_GTE: 10}, "
            "sort: [{staff: DESC}, {id: ASC}], limit: 20, offset: 20) "
            "{ id name kind staff park { id name } } }",
            lambda d: [(a["id"], a["staff"], (a["park"] or {}).get("id"))
                       for a in _nodes(d["agencies"])],
            lambda d: [(a["id"], a["staff"], (a["park"] or {}).get("id")) for a in d["agencies"]],
        ),
        Operation(
            "search",
            "{ search(text: " + text + f", first: 20, asOf: {AS_OF}) "
            "{ score node { id name nameZh } } }",
            "{ searchEntities(phrase: " + text + ", where: {entity: " + _PEER_EXISTS + "}, "
            "sort: [{score: DESC}, {entity: {id: ASC}}], "
            "limit: 20) { score entity { id name nameZh } } }",
            lambda d: sorted((h["node"]["id"], round(h["score"], 4)) for h in d["search"]),
            lambda d: sorted((h["entity"]["id"], round(h["score"], 4))
                             for h in d["searchEntities"]),
        ),
        Operation(
            "neighborhood",
            "{ neighborhood(id: " + json.dumps(park_id) + f", depth: 2, limit: 500, asOf: {AS_OF}) "
            "{ truncated "
            "nodes { id kind label properties } edges { id type source target properties } } }",
            "{ neighborhood2(id: " + json.dumps(park_id) + f", maxNodes: 500, asOf: {AS_OF}) "
            "{ truncated "
            "nodes { id kind label properties } edges { id type source target properties } } }",
            lambda d: _subgraph_key(d["neighborhood"]),
            lambda d: _subgraph_key(d["neighborhood2"]),
        ),
    ]


def _subgraph_key(sub: dict[str, Any]) -> Any:
    return (sub["truncated"], sorted(n["id"] for n in sub["nodes"]),
            sorted((e["source"], e["type"], e["target"]) for e in sub["edges"]))


# --- servers ------------------------------------------------------------------------------


def post(url: str, query: str, timeout: float = 60.0) -> dict[str, Any]:
    """One GraphQL POST; the decoded body (raises on a non-200 answer)."""
    request = urllib.request.Request(
        url, data=json.dumps({"query": query}).encode(), method="POST",
        headers={"content-type": "application/json", "accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


class Server:
    """A server subprocess in its own process group, its output in a log file."""

    def __init__(self, name: str, command: list[str], cwd: Path, env: dict[str, str],
                 url: str, log_dir: Path) -> None:
        self.name, self.url = name, url
        self.log = log_dir / f"{name.replace('/', '_').replace('@', '')}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}):\n"
                                   f"{self.tail()}")
            try:
                if post(self.url, "{ __typename }", timeout=5).get("data"):
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer at {self.url} in {timeout:.0f} s:\n"
                           f"{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group we created for it
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def ensure_peer_installed() -> None:
    if (PEER_DIR / "node_modules" / "@neo4j" / "graphql").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for the @neo4j/graphql peer (Node 20+)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)


def start_stsgraph(settings: Settings, port: int, log_dir: Path) -> Server:
    env = {**os.environ, "NEO4J_URI": settings.effective_neo4j_uri,
           "STSGRAPH_GRAPHIQL": "false", "STSGRAPH_DEBUG": "false",
           # one load generator, one address: the per-credential limit would cap it (the
           # peer has none); measured is the server's work, not the limit
           "STSGRAPH_RATE_LIMIT_PER_MINUTE": "0"}
    command = [sys.executable, *STSGRAPH_COMMAND, "--host", "127.0.0.1", "--port", str(port)]
    return Server("stsgraph", command, PROJECT_ROOT, env,
                  f"http://127.0.0.1:{port}/graphql", log_dir)


def start_peer(settings: Settings, port: int, log_dir: Path) -> Server:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node (20+) is needed for the @neo4j/graphql peer")
    env = {**os.environ, "NODE_ENV": "production"}
    command = [node, "server.mjs", "--port", str(port), "--uri", settings.effective_neo4j_uri]
    return Server(PEER_NAME, command, PEER_DIR, env, f"http://127.0.0.1:{port}/", log_dir)


# --- measuring ----------------------------------------------------------------------------


def check_equivalent(ops: list[Operation], ours: Server, peer: Server) -> dict[str, Any]:
    """Run each operation on both servers; raise NotEquivalent unless the data agree."""
    sizes: dict[str, Any] = {}
    for op in ops:
        answers = {}
        for server, query in ((ours, op.ours), (peer, op.peer)):
            body = post(server.url, query)
            if body.get("errors") or not body.get("data"):
                raise NotEquivalent(f"{op.name}: {server.name} answered with errors: "
                                    f"{json.dumps(body.get('errors'))[:1000]}")
            answers[server.name] = body["data"]
        mine, theirs = op.ours_key(answers[ours.name]), op.peer_key(answers[peer.name])
        if mine != theirs:
            raise NotEquivalent(f"{op.name}: the servers returned different data\n"
                                f"stsgraph:        {str(mine)[:1500]}\n"
                                f"@neo4j/graphql: {str(theirs)[:1500]}")
        if not mine or (op.name == "parks_agencies_stages" and
                        not any(agencies for _, agencies in mine)):
            raise NotEquivalent(f"{op.name}: both servers returned nothing; pick other "
                                "arguments so the comparison means something")
        sizes[op.name] = _size(op.name, mine)
    return sizes


def _size(name: str, key: Any) -> dict[str, int]:
    if name == "parks_agencies_stages":
        agencies = [a for _, agencies in key for a in agencies]
        return {"parks": len(key), "agencies": len(agencies),
                "stages": sum(len(stages) for _, stages in agencies)}
    if name == "neighborhood":
        return {"nodes": len(key[1]), "edges": len(key[2]), "truncated": int(key[0])}
    return {"items": len(key)}


def loadgen(url: str, query: str, *, concurrency: int, requests: int | None = None,
            duration: float | None = None, warmup: int = 0) -> dict[str, Any]:
    """Run benchmarks/peer/loadgen.mjs; its JSON report (raises when a request failed)."""
    node = shutil.which("node")
    assert node is not None
    command = [node, str(LOADGEN), "--url", url, "--body", "-",
               "--concurrency", str(concurrency), "--warmup", str(warmup)]
    if requests is not None:
        command += ["--requests", str(requests)]
    if duration is not None:
        command += ["--duration", str(duration)]
    done = subprocess.run(command, input=json.dumps({"query": query}), capture_output=True,
                          text=True, check=True)
    report: dict[str, Any] = json.loads(done.stdout)
    if report["errors"]:
        raise RuntimeError(f"{report['errors']} of {report['requests']} requests to {url} "
                           f"failed; first: {report['first_error']}")
    return report


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * (len(ordered) - 1)))]


def measure_once(ops: list[Operation], ours: Server, peer: Server, args: argparse.Namespace,
                 run: int) -> dict[str, dict[str, dict[str, float]]]:
    """One run: per operation and server, p50/p95 at 1 client and req/s at `clients`.

    Each measurement is cut into `args.rounds` slices taken from the two servers in turn
    (ours, peer, peer, ours, ...), so that load from elsewhere on the machine falls on both
    alike; the slices' samples are pooled.
    """
    rounds = max(1, args.rounds)
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for i, op in enumerate(ops):
        pairs = [(ours, op.ours), (peer, op.peer)]
        if (run + i) % 2:
            pairs.reverse()
        latencies: dict[str, list[float]] = {ours.name: [], peer.name: []}
        served: dict[str, list[float]] = {ours.name: [0.0, 0.0], peer.name: [0.0, 0.0]}
        for r in range(rounds):
            for server, query in (pairs if r % 2 == 0 else pairs[::-1]):
                single = loadgen(server.url, query, concurrency=1,
                                 warmup=args.warmup if r == 0 else 2,
                                 requests=max(1, args.latency_requests // rounds),
                                 duration=args.latency_seconds / rounds)
                loaded = loadgen(server.url, query, concurrency=args.clients,
                                 duration=args.duration / rounds,
                                 warmup=args.warmup if r == 0 else args.clients)
                latencies[server.name] += single["latencies_ms"]
                served[server.name][0] += loaded["requests"]
                served[server.name][1] += loaded["elapsed_s"]
        for server, _ in pairs:
            lat = latencies[server.name]
            requests, elapsed = served[server.name]
            got = figures.setdefault(op.name, {})[server.name] = {
                "p50": percentile(lat, 0.5), "p95": percentile(lat, 0.95),
                "requests_1": len(lat), "rps": requests / elapsed, "requests_n": requests,
            }
            print(f"run {run + 1} {op.name:24} {server.name:15} p50 {got['p50']:8.2f} ms"
                  f"  p95 {got['p95']:8.2f} ms  {got['rps']:8.1f} req/s @{args.clients}",
                  flush=True)
    return figures


def build_rows(ops: list[Operation], runs: list[dict[str, Any]], clients: int) -> list[Row]:
    rows: list[Row] = []
    for op in ops:
        def series(server: str, metric: str, name: str = op.name) -> list[float]:
            return [run[name][server][metric] for run in runs]

        rows.append(make_row("api", f"{op.name} p50 @1 client", "ms", series("stsgraph", "p50"),
                             peer=PEER_NAME, peer_samples=series(PEER_NAME, "p50"),
                             max_ratio=1.0, target="p50 <= peer's"))
        rows.append(make_row("api", f"{op.name} p95 @1 client", "ms", series("stsgraph", "p95"),
                             peer=PEER_NAME, peer_samples=series(PEER_NAME, "p95")))
        rows.append(make_row("api", f"{op.name} throughput @{clients} clients", "req/s",
                             series("stsgraph", "rps"), peer=PEER_NAME,
                             peer_samples=series(PEER_NAME, "rps"), min_ratio=1.0,
                             target="req/s >= peer's"))
    return rows


async def _arguments(settings: Settings) -> tuple[str, str]:
    """A park to take the neighborhood of (the median park by actors located in it, among
    those existing in AS_OF) and a search text (the first two characters of the first
    park's Chinese name)."""
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        parks, _, _ = await driver.execute_query(
            f"MATCH (p:Park) WHERE {exists_in('p')} RETURN p.id AS id, p.nameZh AS nameZh, "
            "COUNT { (p)<-[:LOCATED_IN]-() } AS actors ORDER BY p.id", asOf=AS_OF)
    by_size = sorted(parks, key=lambda r: (r["actors"], r["id"]))
    return by_size[len(by_size) // 2]["id"], str(parks[0]["nameZh"] or parks[0]["id"])[:2]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8089, help="stsgraph's HTTP port")
    parser.add_argument("--peer-port", type=int, default=4089, help="@neo4j/graphql's port")
    parser.add_argument("--latency-requests", type=int, default=300,
                        help="requests at 1 client per operation and run (at most)")
    parser.add_argument("--latency-seconds", type=float, default=10.0,
                        help="time at 1 client per operation and run (at most)")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds of load at --clients per operation and run")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4,
                        help="slices each measurement is cut into, alternating servers")
    parser.add_argument("--warmup", type=int, default=20,
                        help="requests before each measurement, not counted")
    parser.add_argument("--heap", default="2g", help="benchmark Neo4j heap")
    parser.add_argument("--no-write", action="store_true", help="do not write api.json")
    parser.add_argument("--quick", action="store_true",
                        help="a few requests per measurement: checks the harness, not speed")
    args = parser.parse_args(argv)
    if args.quick:
        args.latency_requests, args.latency_seconds, args.duration = 3, 1.0, 0.3
        args.warmup, args.rounds = 1, 1

    settings = bench_settings(heap=args.heap, page_cache_mb=1024)
    asyncio.run(ensure_loaded(settings, args.entities))
    park_id, search_text = asyncio.run(_arguments(settings))
    ops = operations(park_id, search_text)
    ensure_peer_installed()

    with tempfile.TemporaryDirectory(prefix="stsgraph-api-bench-") as tmp:
        servers: list[Server] = []
        try:
            ours = start_stsgraph(settings, args.port, Path(tmp))
            servers.append(ours)
            peer = start_peer(settings, args.peer_port, Path(tmp))
            servers.append(peer)
            ours.wait_ready()
            peer.wait_ready()
            sizes = check_equivalent(ops, ours, peer)
            print(f"both servers return the same data: {json.dumps(sizes)}", flush=True)
            runs = [measure_once(ops, ours, peer, args, run) for run in range(args.runs)]
        finally:
            for server in servers:
                server.stop()

    rows = build_rows(ops, runs, args.clients)
    print_rows(rows, f"GraphQL API vs {PEER_NAME} ({args.entities:,} entities, "
                     f"median of {args.runs} runs)")
    if not args.no_write:
        payload = {
            "entities": args.entities, "runs": args.runs, "clients": args.clients,
            "duration_s": args.duration, "latency_requests": args.latency_requests,
            "park": park_id, "search_text": search_text, "result_sizes": sizes,
            "operations": {op.name: {"stsgraph": op.ours, PEER_NAME: op.peer} for op in ops},
            "per_run": runs, "rows": rows_payload(rows),
            "median_ratio_p50": statistics.median(
                r.ratio for r in rows if r.ratio is not None and "p50" in r.case),
        }
        print(f"written to {write_result('api', payload)}")
    return rows


if __name__ == "__main__":
    main()
