"""The asOf benchmark works end to end at a tiny size (asserts on what it reports, never
on timings)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import as_of


def test_as_of_benchmark_compares_each_operation_with_and_without_a_year(
        results_in_tmp: Path) -> None:
    rows = as_of.main(["--entities", "400", "--runs", "1", "--requests", "2", "--warmup", "0"])
    assert [r.case.split(" with asOf")[0] for r in rows] == list(as_of.OPERATIONS)
    assert all(r.peer == "same without asOf" and r.ratio is not None for r in rows)
    saved = json.loads((results_in_tmp / "as_of.json").read_text())
    assert saved["as_of"] == as_of.AS_OF
    assert set(saved["medians"]) == set(as_of.OPERATIONS)
