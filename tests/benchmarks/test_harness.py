"""The benchmark harness runs end to end at a tiny size, so it does not rot.

These assert on what the harness reports (counts, shapes), never on timings.
"""

from __future__ import annotations

import pytest

from benchmarks import analysis as analysis_bench
from benchmarks import load as load_bench
from benchmarks.common import summarize


def test_summarize_reports_median_p95_and_spread() -> None:
    stats = summarize([3.0, 1.0, 2.0, 10.0])
    assert stats["median"] == 2.5
    assert stats["p95"] == 10.0
    assert stats["runs"] == 4
    assert stats["spread"] == pytest.approx(9.0 / 2.5)


def test_load_benchmark_loads_every_generated_record() -> None:
    result = load_bench.load_once(400)
    assert result["entities"] >= 300
    assert result["relationships"] > result["entities"]
    assert result["records_per_s"] > 0 and result["peak_rss_mib"] > 0


def test_analysis_benchmark_measures_every_operation() -> None:
    figures = analysis_bench.asyncio.run(analysis_bench.measure(400, 1))
    for op in ("gap_report_typical_park", "gap_report_largest_park", "score_one_cluster",
               "whole_graph_projection", "all_cluster_scores_analysis"):
        assert figures[op]["runs"] >= 1 and figures[op]["median"] > 0
    assert figures["whole_graph_projection_nodes"] >= 400
