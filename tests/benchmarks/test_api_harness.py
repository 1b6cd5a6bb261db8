"""The API-vs-@neo4j/graphql benchmark runs end to end at a tiny size.

It starts both servers (stsgraph the production way, the peer with Node), checks they return
the same data for every operation and measures each briefly. Asserts on behaviour — both
answered, equivalently, and every row has figures — never on timings.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import api
from benchmarks.common import free_port

# Node 20+ and npm are required, as for the graphql-http audit (tests/app): no skip here,
# a missing Node fails loudly rather than hiding the harness.


def test_api_benchmark_compares_equivalent_answers_for_every_operation(
        capsys: pytest.CaptureFixture[str]) -> None:
    rows = api.main(["--entities", "400", "--runs", "1", "--quick",
                     "--port", str(free_port()), "--peer-port", str(free_port()),
                     "--no-write"])
    out = capsys.readouterr().out
    assert "both servers return the same data" in out
    operations = [op.name for op in api.operations("park-x", "xx")]
    for name in operations:
        cases = [r for r in rows if r.case.startswith(f"{name} ")]
        assert len(cases) == 3, name  # p50, p95, throughput
        for row in cases:
            assert row.median > 0 and row.peer_median and row.peer_median > 0, row
            assert row.peer == "@neo4j/graphql" and row.ratio is not None
    assert {r.unit for r in rows} == {"ms", "req/s"}


def test_different_answers_stop_the_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    op = api.Operation("parks_page", "ours", "peer",
                       lambda d: [p["id"] for p in d["parks"]],
                       lambda d: [p["id"] for p in d["parks"]])
    answers: dict[str, Any] = {
        "ours": {"data": {"parks": [{"id": "park-1"}, {"id": "park-2"}]}},
        "peer": {"data": {"parks": [{"id": "park-1"}, {"id": "park-3"}]}},
    }
    monkeypatch.setattr(api, "post", lambda url, query, timeout=60.0: answers[query])

    class Fake:
        def __init__(self, name: str) -> None:
            self.name, self.url = name, f"http://{name}"

    with pytest.raises(api.NotEquivalent, match="different data"):
        api.check_equivalent([op], Fake("stsgraph"), Fake("@neo4j/graphql"))  # type: ignore[list-item,arg-type]
    answers["peer"] = {"errors": [{"message": "boom"}], "data": None}
    with pytest.raises(api.NotEquivalent, match="errors"):
        api.check_equivalent([op], Fake("stsgraph"), Fake("@neo4j/graphql"))  # type: ignore[arg-type]
    answers["peer"] = answers["ours"]
    assert api.check_equivalent([op], Fake("stsgraph"), Fake("@neo4j/graphql")) == {  # type: ignore[arg-type]
        "parks_page": {"items": 2}}
