"""What `asOf` costs: the same GraphQL reads with and without a year, on one server.

    python -m benchmarks.as_of --entities 100000 --runs 3

Loads the generated dataset (dated: loaders/synthetic/years.py) into the benchmark Neo4j,
serves the real app on loopback in this process, and times each operation without `asOf`
and with `asOf: 2020`, alternating request by request so background load falls on both:

- `parks_agencies_stages`: 50 parks, 20 agencies each with their stages and park (every
  hop gets the year conditions);
- `agencies_filtered`: agencies filtered by kind and staff, sorted by staff, 20 of them
  with their park and a partner count, and the total count;
- `parks_by_agency_count`: 20 parks sorted by how many agencies they host (the count in
  the sort key gets the year conditions too).

Each answer must be non-empty (so the comparison means something); the two answers differ,
which is the point. The row's ratio is the median latency with `asOf` over without: the
year conditions run inside Neo4j (DESIGN.md section 8, graph/time.py), so it is what they
cost there. Target: at most 1.5x. Results go to benchmarks/results/as_of.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import urllib.request
from typing import Any

from benchmarks.common import (
    Row,
    bench_settings,
    ensure_loaded,
    free_port,
    make_row,
    print_rows,
    rows_payload,
    write_result,
)
from benchmarks.payload import uvicorn_server

AS_OF = 2020
MAX_RATIO = 1.5
OPERATIONS: dict[str, str] = {
    "parks_agencies_stages":
        "{{ parks(first: 50{as_of}) {{ edges {{ node {{ id agencies(first: 20) {{ totalCount "
        "edges {{ node {{ id stages {{ code }} park {{ id }} }} }} }} }} }} }} }}",
    "agencies_filtered":
        '{{ agencies(where: {{kind_in: [INCUBATOR, TECH_TRANSFER, CONSULTING], '
        "staff_gte: 10}}, orderBy: [{{field: STAFF, direction: DESC}}], first: 20{as_of}) "
        "{{ totalCount edges {{ node {{ id staff park {{ id }} partners {{ totalCount }} }} }} }} }}",
    "parks_by_agency_count":
        "{{ parks(first: 20, orderBy: [{{field: AGENCIES_COUNT, direction: DESC}}]{as_of}) "
        "{{ edges {{ node {{ id agencies {{ totalCount }} }} }} }} }}",
}


def _post(url: str, query: str) -> tuple[float, dict[str, Any]]:
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query}).encode(), method="POST",
        headers={"content-type": "application/json", "accept": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.loads(response.read())
    elapsed = (time.perf_counter() - start) * 1000
    if body.get("errors") or not body.get("data"):
        raise RuntimeError(f"{query[:80]}...: {json.dumps(body.get('errors'))[:500]}")
    return elapsed, body["data"]


def _non_empty(data: dict[str, Any]) -> bool:
    return any(connection["edges"] for connection in data.values())


def measure(url: str, requests: int, warmup: int) -> dict[str, dict[str, list[float]]]:
    """Per operation: latencies without and with asOf, taken alternately."""
    samples: dict[str, dict[str, list[float]]] = {}
    for name, template in OPERATIONS.items():
        queries = {"without": template.format(as_of=""),
                   "with": template.format(as_of=f", asOf: {AS_OF}")}
        for variant, query in queries.items():
            _, data = _post(url, query)
            if not _non_empty(data):
                raise RuntimeError(f"{name} {variant} asOf returned nothing; the comparison "
                                   "would mean nothing")
        for _ in range(warmup):
            for query in queries.values():
                _post(url, query)
        taken: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(requests):
            for variant, query in queries.items():
                taken[variant].append(_post(url, query)[0])
        samples[name] = taken
    return samples


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40,
                        help="requests per variant, operation and run")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="HTTP port (0: a free one)")
    args = parser.parse_args(argv)
    settings = bench_settings()
    asyncio.run(ensure_loaded(settings, args.entities))
    medians: dict[str, dict[str, list[float]]] = {
        name: {"without": [], "with": []} for name in OPERATIONS}
    with uvicorn_server(settings, args.port or free_port()) as url:
        for _ in range(args.runs):
            for name, taken in measure(url, args.requests, args.warmup).items():
                for variant, values in taken.items():
                    medians[name][variant].append(statistics.median(values))
    rows = [make_row("as_of", f"{name} with asOf {AS_OF} ({args.entities:,})", "ms",
                     medians[name]["with"], peer="same without asOf",
                     peer_samples=medians[name]["without"], max_ratio=MAX_RATIO,
                     target=f"<= {MAX_RATIO}x without")
            for name in OPERATIONS]
    print_rows(rows, f"asOf cost, {args.entities:,} entities (ratio = with / without)")
    write_result("as_of", {"entities": args.entities, "as_of": AS_OF,
                           "rows": rows_payload(rows), "medians": medians})
    return rows


if __name__ == "__main__":
    main()
