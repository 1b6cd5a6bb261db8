"""benchmarks/payload.py runs end to end at a tiny size, so it does not rot.

Asserts on behaviour (rows, sizes, equal outputs), never on timings.
"""

from __future__ import annotations

import asyncio
import dataclasses

import orjson

from benchmarks import payload


def test_build_payload_is_deterministic_and_sized() -> None:
    a, b = payload.build_payload(50, 200), payload.build_payload(50, 200)
    assert a == b
    assert (len(a.nodes), len(a.edges)) == (50, 200)
    ids = {n.id for n in a.nodes}
    assert len(ids) == 50 and all(e.source in ids and e.target in ids for e in a.edges)
    node = dataclasses.asdict(a.nodes[0])  # the visualization query's fields of it
    assert orjson.loads(orjson.dumps(payload.plain_payload(a)))["data"]["neighborhood"][
        "nodes"][0] == {f: node[f] for f in ("id", "kind", "label", "properties")}


def test_in_memory_paths_give_the_floor_payload() -> None:
    mem = asyncio.run(payload.in_memory(300, 1200, 1))
    assert (mem["nodes"], mem["edges"]) == (300, 1200)
    assert mem["fast_equals_plain"] and mem["fast_equals_floor"]
    assert len(mem["fast"][0]) == len(mem["plain"][0]) == 1
    assert mem["fast"][3] == mem["plain"][3]  # the encoded bodies, byte for byte


def test_benchmark_runs_end_to_end() -> None:
    rows = payload.main(["--nodes", "300", "--edges", "1200", "--runs", "1",
                         "--entities", "400", "--port", "0", "--no-write"])
    cases = [r.case for r in rows]
    assert cases[0].startswith("(a) JSON floor") and "300 nodes / 1,200 edges" in cases[0]
    fast = next(r for r in rows if r.case.startswith("(b) GraphQL, list shortcut"))
    assert fast.peer == "orjson floor" and fast.ratio is not None and fast.meets is not None
    assert any(c.startswith("(c) GraphQL, plain graphql-core") for c in cases)
    e2e = next(r for r in rows if r.case.startswith("(d) end to end"))
    assert e2e.runs == 1 and e2e.median > 0
    parts = [r for r in rows if r.case.startswith("(d) ") and r.peer == "(d) total"]
    assert [r.case.split(":")[0] for r in parts] == [
        "(d) Neo4j + driver", "(d) GraphQL execution (list shortcut)",
        "(d) response encoding (orjson)", "(d) rest"]
    assert all(r.runs == 1 for r in parts)
    assert any(c.startswith("(d) fetch apart: Neo4j server") for c in cases)
