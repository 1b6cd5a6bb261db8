"""Large visualization payloads through GraphQL, against the JSON floor.

    STSGRAPH_BENCH_PORT=7693 python -m benchmarks.payload --runs 5

A deterministic 5,000-node / 20,000-edge `Subgraph` (entity-like properties) is measured
(median of `runs`, after a warm-up) as:

(a) the JSON floor: `orjson.dumps` of the plain payload `{"data": {"neighborhood": ...}}`;
(b) the GraphQL layer with the list shortcut (schema/execution.py): `schema.execute` of the
    usual visualization query, its resolver answering from memory (no Neo4j), plus the
    response encoding of app/graphql_view.py; target: within 5x the floor;
(c) the same on plain graphql-core (`build_schema(fast_lists=False)`), for before/after;
(d) end to end: POST /graphql to the real app (uvicorn on 127.0.0.1:8093, in a thread of
    this process) for the 2-hop neighborhood of a park of the generated dataset
    (`--entities`, 100,000 by default), each request taken apart inside the app: Neo4j +
    driver (graph.subgraph.neighborhood), GraphQL execution, encoding, and the rest (HTTP,
    ASGI, uvicorn, the client); the fetch is also taken apart on its own (Neo4j's server time
    from the result summary, the driver, the dataclasses) and compared with the former fetch
    (a map per node and edge, temporal values hydrated by the driver).

Runs of (a), (b) and (c) are interleaved so that the machine's load weighs on them alike.
The park of (d) is the one with the most relationships whose 2-hop neighborhood still fits
Neo4j's transaction memory: hub parks (over `HUB_DEGREE` relationships) are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import orjson
import strawberry

from app.graphql_view import _json_bytes
from app.settings import Settings
from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_loaded,
    free_port,
    make_row,
    print_rows,
    rows_payload,
    write_result,
)
from graph import queries
from graph import subgraph as graph_subgraph
from graph.time import present_year
from schema.context import Context
from schema.schema import build_schema

BENCH = "payload"
HTTP_PORT = 8093
HUB_DEGREE = 1000
QUERY = ("query($id: ID!, $limit: Int!) { neighborhood(id: $id, depth: 2, limit: $limit) { "
         "truncated nodes { id kind label properties } "
         "edges { id type source target properties } } }")

KINDS = {"Agency": ["tech_transfer", "incubator", "venture_capital", "testing", "consulting"],
         "Platform": ["information", "testing_inspection", "pilot_incubation", "finance"],
         "TalentTeam": ["innovation_team", "leading_talent", "training_base"],
         "Project": ["national_major", "torch", "innovation_fund", "key_rd"],
         "Park": ["national", "provincial"]}
EDGE_TYPES: list[tuple[str, Callable[[int], dict[str, Any]]]] = [
    ("PARTNERS_WITH", lambda i: {"year": 2005 + i % 15, "weight": round(i % 10 / 10, 1)}),
    ("SUPPORTS", lambda i: {"role": ["lead", "transfer", "service"][i % 3], "year": 2008 + i % 12}),
    ("LOCATED_IN", lambda i: {}),
    ("INVESTS_IN", lambda i: {"amountMillionCny": round(5 + i % 97 * 1.25, 2),
                              "year": 2010 + i % 10}),
    ("SERVES_INDUSTRY", lambda i: {}),
]


def build_payload(nodes: int = 5000, edges: int = 20000) -> graph_subgraph.Subgraph:
    """A deterministic subgraph shaped like a neighborhood of the generated dataset."""
    labels = list(KINDS)
    node_list = []
    for i in range(nodes):
        label = labels[i % len(labels)]
        node_id = f"{label.lower()}-{i:06d}"
        props: dict[str, Any] = {
            "id": node_id, "name": f"{label} {i} Science and Technology Service",
            "nameZh": f"科技服务{label}{i}号", "source": "generated", "synthetic": True,
            "createdAt": "2026-11-26T11:06:26.133261000+00:00",
            "updatedAt": "2026-11-26T11:06:26.133261000+00:00",
        }
        if label == "Park":
            props.update(level=KINDS[label][i % 2], approvedYear=1988 + i % 30,
                         pilot=i % 3 == 0)
        elif label == "Project":
            props.update(program=KINDS[label][i % 4], status="landed", year=2005 + i % 15,
                         contractValueMillionCny=round(i % 500 * 1.5, 1))
        else:
            props.update(kind=KINDS[label][i % len(KINDS[label])],
                         level=["national", "provincial", "municipal", "private"][i % 4],
                         founded=1985 + i % 35, staff=5 + i % 300, backbone=i % 7 == 0)
        node_list.append(graph_subgraph.SubgraphNode(node_id, label, props["nameZh"], props))
    edge_list = []
    for i in range(edges):
        rel_type, props_of = EDGE_TYPES[i % len(EDGE_TYPES)]
        source = node_list[i % nodes].id
        target = node_list[(i * 7919 + 1) % nodes].id
        edge_list.append(graph_subgraph.SubgraphEdge(
            f"5:277633ab-7c44-43d0-af81-3dc78a5b44a0:{i}", rel_type, source, target,
            props_of(i)))
    return graph_subgraph.Subgraph(node_list, edge_list, truncated=True)


def plain_payload(sub: graph_subgraph.Subgraph) -> dict[str, Any]:
    """The response's data as plain dicts (sharing the property maps), for the floor."""
    return {"data": {"neighborhood": {
        "truncated": sub.truncated,
        "nodes": [{"id": n.id, "kind": n.kind, "label": n.label, "properties": n.properties}
                  for n in sub.nodes],
        "edges": [{"id": e.id, "type": e.type, "source": e.source, "target": e.target,
                   "properties": e.properties} for e in sub.edges]}}}


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


@contextlib.contextmanager
def serving(sub: graph_subgraph.Subgraph) -> Iterator[None]:
    """Make graph.subgraph.neighborhood answer with `sub` (the resolver's Neo4j call)."""
    original = graph_subgraph.neighborhood

    async def from_memory(*_args: Any, **_kwargs: Any) -> graph_subgraph.Subgraph:
        return sub

    graph_subgraph.neighborhood = from_memory  # type: ignore[assignment]
    try:
        yield
    finally:
        graph_subgraph.neighborhood = original  # type: ignore[assignment]


async def graphql_once(schema: strawberry.Schema, settings: Settings,
                       variables: dict[str, Any]) -> tuple[float, float, float, bytes]:
    """One request's (execute + encode, execute, encode) in ms, and the encoded body."""
    context = Context(driver=None, settings=settings)  # type: ignore[arg-type]
    start = time.perf_counter()
    result = await schema.execute(QUERY, variable_values=variables, context_value=context)
    executed = time.perf_counter()
    body = _json_bytes({"data": result.data, "extensions": result.extensions})
    done = time.perf_counter()
    assert not result.errors, result.errors
    return (done - start) * 1000, (executed - start) * 1000, (done - executed) * 1000, body


async def graphql_layer(schema: strawberry.Schema, settings: Settings, variables: dict[str, Any],
                        runs: int) -> tuple[list[float], list[float], list[float], bytes]:
    """(execute + encode, execute, encode) samples in ms after a warm-up, and the body."""
    samples = [await graphql_once(schema, settings, variables) for _ in range(runs + 1)][1:]
    return ([s[0] for s in samples], [s[1] for s in samples], [s[2] for s in samples],
            samples[-1][3])


async def in_memory(nodes: int, edges: int, runs: int) -> dict[str, Any]:
    """(a), (b) and (c) on the built payload, interleaved run by run so that the machine's
    load (others share its CPUs) weighs on all three alike."""
    sub = build_payload(nodes, edges)
    settings = Settings(debug=False)
    variables = {"id": sub.nodes[0].id, "limit": graph_subgraph.MAX_LIMIT}
    payload = plain_payload(sub)
    floor_body = orjson.dumps(payload)
    schemas = {"fast": build_schema(), "plain": build_schema(fast_lists=False)}
    samples: dict[str, list[tuple[float, float, float, bytes]]] = {"fast": [], "plain": []}
    floor_ms: list[float] = []
    with serving(sub):
        for run in range(runs + 1):  # the first is a warm-up
            for _ in range(3):  # the floor is cheap: more samples, steadier
                start = time.perf_counter()
                orjson.dumps(payload)
                if run:
                    floor_ms.append(_ms(start))
            for name, schema in schemas.items():
                sample = await graphql_once(schema, settings, variables)
                if run:
                    samples[name].append(sample)
    fast, plain = (([s[0] for s in samples[k]], [s[1] for s in samples[k]],
                    [s[2] for s in samples[k]], samples[k][-1][3]) for k in ("fast", "plain"))
    fast_data = orjson.dumps({"data": orjson.loads(fast[3])["data"]})
    return {
        "nodes": len(sub.nodes), "edges": len(sub.edges), "bytes": len(floor_body),
        "floor": floor_ms, "fast": fast, "plain": plain,
        "fast_equals_plain": fast[3] == plain[3], "fast_equals_floor": fast_data == floor_body,
    }


# --- (d) end to end ---------------------------------------------------------------------

PARKS = """
MATCH (p:Park) WITH p, COUNT { (p)--() } AS degree WHERE degree <= $hub
RETURN p.id AS id, degree ORDER BY degree DESC, id LIMIT 40
"""


async def pick_center(driver: Any, limit: int) -> tuple[str, graph_subgraph.Subgraph]:
    """The busiest non-hub park whose 2-hop neighborhood fills `limit` (else the largest)."""
    records, _, _ = await driver.execute_query(PARKS, hub=HUB_DEGREE)
    best: tuple[str, graph_subgraph.Subgraph] | None = None
    for record in records:
        sub = await graph_subgraph.neighborhood(driver, record["id"], 2, None, limit)
        if best is None or len(sub.nodes) + len(sub.edges) > len(best[1].nodes) + \
                len(best[1].edges):
            best = (record["id"], sub)
        if sub.truncated:
            break
    if best is None:
        raise RuntimeError("the benchmark dataset has no parks")
    return best


def _former_query() -> str:
    """The fetch before the compact lists: a map per node and edge, DateTime objects."""
    query = queries.neighborhood(2)
    head, _, _ = query.rpartition("RETURN [n IN found |")
    head = head.replace(queries._subgraph_edge("a", "b"),
                        "{id: elementId(r), type: type(r), source: coalesce(a.id, a.code), "
                        "target: coalesce(b.id, b.code), props: properties(r)}")
    return head + ("RETURN [n IN found | {labels: labels(n), props: properties(n)}] AS nodes, "
                   "edges, omitted > 0 AS truncated")


async def former_fetch(driver: Any, center: str, limit: int) -> graph_subgraph.Subgraph:
    records, _, _ = await driver.execute_query(
        _former_query(), id=center, types=None, limit=limit, asOf=present_year())
    record = records[0]
    plain = graph_subgraph._plain
    nodes = []
    for raw in record["nodes"]:
        props = {k: plain(v) for k, v in raw["props"].items()}
        kind = next((label for label in raw["labels"] if label != "Entity"), "Entity")
        node_id = str(props.get("id", props.get("code")))
        name, name_zh = props.get("name"), props.get("nameZh")
        nodes.append(graph_subgraph.SubgraphNode(
            node_id, kind, str(name_zh or name or node_id), props,
            None if name is None else str(name), None if name_zh is None else str(name_zh)))
    edges = [graph_subgraph.SubgraphEdge(e["id"], e["type"], e["source"], e["target"],
                                         {k: plain(v) for k, v in e["props"].items()
                                          if k != queries.KEY_PROPERTY})  # as the API shows
             for e in record["edges"]]
    return graph_subgraph.Subgraph(nodes, edges, bool(record["truncated"]))


async def _timed(fn: Callable[[], Awaitable[Any]], runs: int) -> tuple[list[float], Any]:
    result = await fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = await fn()
        samples.append(_ms(start))
    return samples, result


class _Timings:
    """Per-request timings taken inside the served app (same process, its own thread)."""

    def __init__(self) -> None:
        self.fetch: list[float] = []
        self.execute: list[float] = []
        self.encode: list[float] = []

    @contextlib.contextmanager
    def instrument(self, schema: Any) -> Iterator[None]:
        """Time graph.subgraph.neighborhood, schema.execute and the view's JSON encoding."""
        import app.graphql_view as view

        fetch, execute, encode = graph_subgraph.neighborhood, schema.execute, view._json_bytes

        async def timed_fetch(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await fetch(*args, **kwargs)
            finally:
                self.fetch.append(_ms(start))

        async def timed_execute(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await execute(*args, **kwargs)
            finally:
                self.execute.append(_ms(start))

        def timed_encode(body: Any) -> bytes:
            start = time.perf_counter()
            try:
                return encode(body)
            finally:
                self.encode.append(_ms(start))

        graph_subgraph.neighborhood = timed_fetch  # type: ignore[assignment]
        schema.execute = timed_execute
        view._json_bytes = timed_encode  # type: ignore[assignment]
        try:
            yield
        finally:
            graph_subgraph.neighborhood = fetch  # type: ignore[assignment]
            del schema.execute  # back to the class's method
            view._json_bytes = encode  # type: ignore[assignment]


@contextlib.contextmanager
def uvicorn_server(settings: Settings, port: int) -> Iterator[str]:
    """The real app served by uvicorn on loopback, in a thread of this process (so that the
    timings taken inside it pair with each request)."""
    import threading

    import uvicorn

    from app.main import create_app

    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the benchmark server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def split_fetch(driver: Any, center: str, limit: int) -> dict[str, float]:
    """graph.subgraph.neighborhood's steps, timed: Neo4j (the result summary's server time),
    the driver (the rest of execute_query: transfer and decoding) and the dataclasses."""
    start = time.perf_counter()
    records, summary, _ = await driver.execute_query(
        queries.neighborhood(2), id=center, types=None, limit=limit, asOf=present_year())
    fetched = time.perf_counter()
    record = records[0]
    graph_subgraph.Subgraph([graph_subgraph._node(n) for n in record["nodes"]],
                            [graph_subgraph._edge(e) for e in record["edges"]],
                            bool(record["truncated"]))
    server = float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
    return {"neo4j": server, "driver": (fetched - start) * 1000 - server,
            "dataclasses": _ms(fetched)}


async def end_to_end(entities: int, runs: int, port: int) -> dict[str, Any]:
    """(d): POST /graphql to the served app; fetch, GraphQL and encoding timed inside it."""
    from schema.schema import schema

    settings = bench_settings()
    await ensure_loaded(settings, entities)
    limit = graph_subgraph.MAX_LIMIT
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        center, sub = await pick_center(driver, limit)
        variables = {"id": center, "limit": limit}
        timings = _Timings()
        http: list[float] = []
        app_settings = settings.model_copy(update={"graphiql": False, "debug": False})
        with uvicorn_server(app_settings, port or free_port()) as url, \
                httpx.Client(base_url=url, timeout=120) as client:
            request = {"query": QUERY, "variables": variables}
            response = client.post("/graphql", json=request)  # warm-up
            with timings.instrument(schema):
                for _ in range(runs):
                    start = time.perf_counter()
                    response = client.post("/graphql", json=request)
                    http.append(_ms(start))
        await split_fetch(driver, center, limit)  # warm-up
        steps = [await split_fetch(driver, center, limit) for _ in range(runs)]
        former, old = await _timed(lambda: former_fetch(driver, center, limit), runs)
        same_as_former = [dataclasses.asdict(n) for n in old.nodes] == \
            [dataclasses.asdict(n) for n in sub.nodes] and old.edges == sub.edges
    assert response.status_code == 200, response.text[:500]
    served = orjson.loads(response.content)
    assert "errors" not in served, served["errors"]
    with serving(sub):
        _, _, _, body = await graphql_layer(build_schema(), Settings(), variables, 1)
    fetch, execute, encode = timings.fetch, timings.execute, timings.encode
    return {
        "entities": entities, "center": center, "nodes": len(sub.nodes),
        "edges": len(sub.edges), "truncated": sub.truncated, "bytes": len(response.content),
        "http": http, "fetch": fetch,
        "graphql": [e - f for e, f in zip(execute, fetch, strict=True)],
        "encode": encode,
        "rest": [h - e - c for h, e, c in zip(http, execute, encode, strict=True)],
        **{k: [s[k] for s in steps] for k in ("neo4j", "driver", "dataclasses")},
        "split_fetch": [sum(s.values()) for s in steps], "former_fetch": former,
        "same_as_former_fetch": same_as_former,
        "http_body_equals_in_process": response.content == body,
    }


def rows_of(mem: dict[str, Any], e2e: dict[str, Any] | None) -> list[Row]:
    size = f"{mem['nodes']:,} nodes / {mem['edges']:,} edges, {mem['bytes'] / 1e6:.1f} MB"
    rows = [
        make_row(BENCH, f"(a) JSON floor: orjson.dumps of the payload ({size})", "ms",
                 mem["floor"]),
        make_row(BENCH, "(b) GraphQL, list shortcut: execute + encode", "ms", mem["fast"][0],
                 peer="orjson floor", peer_samples=mem["floor"], max_ratio=5.0,
                 target="<= 5x the floor"),
        make_row(BENCH, "(b) of which execute", "ms", mem["fast"][1],
                 peer="orjson floor", peer_samples=mem["floor"]),
        make_row(BENCH, "(c) GraphQL, plain graphql-core: execute + encode", "ms",
                 mem["plain"][0], peer="orjson floor", peer_samples=mem["floor"]),
    ]
    if e2e is not None:
        size = (f"{e2e['nodes']:,} nodes / {e2e['edges']:,} edges, "
                f"{e2e['bytes'] / 1e6:.1f} MB, {e2e['center']}")
        http = e2e["http"]

        def part(case: str, key: str, peer: str = "(d) total",
                 peer_key: str = "http") -> Row:
            return make_row(BENCH, case, "ms", e2e[key], peer=peer, peer_samples=e2e[peer_key])

        rows += [
            make_row(BENCH, f"(d) end to end over HTTP ({size})", "ms", http),
            part("(d) Neo4j + driver: graph.subgraph.neighborhood", "fetch"),
            part("(d) GraphQL execution (list shortcut)", "graphql"),
            part("(d) response encoding (orjson)", "encode"),
            part("(d) rest: HTTP, ASGI, uvicorn, client", "rest"),
            part("(d) fetch apart: Neo4j server (result summary)", "neo4j",
                 "fetch apart", "split_fetch"),
            part("(d) fetch apart: driver transfer + decode", "driver",
                 "fetch apart", "split_fetch"),
            part("(d) fetch apart: records -> dataclasses", "dataclasses",
                 "fetch apart", "split_fetch"),
            part("(d) former fetch: maps, driver DateTimes (before)", "former_fetch",
                 "fetch apart", "split_fetch"),
        ]
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entities", type=int, default=100_000,
                        help="generated dataset for the end-to-end part")
    parser.add_argument("--port", type=int, default=HTTP_PORT, help="0: any free port")
    parser.add_argument("--no-e2e", action="store_true", help="skip (d), Neo4j and HTTP")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    # (d) first, while this process's heap is small (the cyclic GC costs follow its size)
    e2e = None if args.no_e2e else asyncio.run(end_to_end(args.entities, args.runs, args.port))
    mem = asyncio.run(in_memory(args.nodes, args.edges, args.runs))
    rows = rows_of(mem, e2e)
    print_rows(rows, f"visualization payloads vs the JSON floor (median of {args.runs} runs)")
    checks = {"fast_equals_plain": mem["fast_equals_plain"],
              "fast_equals_floor": mem["fast_equals_floor"]}
    if e2e is not None:
        checks |= {k: e2e[k] for k in ("same_as_former_fetch", "http_body_equals_in_process")}
    print("checks:", checks)
    failed = [name for name, ok in checks.items() if not ok]
    if failed:  # figures of different outputs mean nothing
        raise AssertionError(f"payload benchmark: outputs differ: {failed}")
    if not args.no_write:
        payload = {"rows": rows_payload(rows), "in_memory": mem | {"fast": mem["fast"][:3],
                                                                    "plain": mem["plain"][:3]},
                   "end_to_end": e2e, "checks": checks,
                   "command": "STSGRAPH_BENCH_PORT=7693 python -m benchmarks.payload --runs "
                              f"{args.runs}"}
        print(f"written to {write_result(BENCH, payload)}")
    return rows


if __name__ == "__main__":
    main()
