"""The load and analysis benchmarks and the one-table runner work end to end at tiny sizes,
so they do not rot. These assert on what the harness reports (counts, shapes, the ratio
arithmetic), never on timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import analysis as analysis_bench
from benchmarks import load as load_bench
from benchmarks.common import make_row, summarize


def test_summarize_reports_median_p95_and_spread() -> None:
    stats = summarize([3.0, 1.0, 2.0, 10.0])
    assert stats["median"] == 2.5
    assert stats["p95"] == 10.0
    assert stats["runs"] == 4
    assert stats["spread"] == pytest.approx(9.0 / 2.5)


@pytest.mark.parametrize(("ours", "peer", "limits", "meets"), [
    ([10.0, 12.0, 11.0], [20.0, 22.0], {"max_ratio": 1.0}, True),    # latency: half the peer's
    ([30.0], [20.0], {"max_ratio": 1.0}, False),
    ([900.0], [1000.0], {"min_ratio": 0.8}, True),                   # throughput: 0.9x
    ([700.0], [1000.0], {"min_ratio": 0.8}, False),
    ([99.0], None, {"max_value": 100.0}, True),
    ([101.0], None, {"max_value": 100.0}, False),
    ([5.0], None, {}, None),                                         # no target
])
def test_rows_compare_with_the_peer_and_the_target(ours: list[float], peer: list[float] | None,
                                                   limits: dict[str, float],
                                                   meets: bool | None) -> None:
    row = make_row("b", "case", "ms", ours, peer="p" if peer else None, peer_samples=peer,
                   **limits)  # type: ignore[arg-type]
    assert row.median == summarize(ours)["median"]
    if peer:
        assert row.ratio == pytest.approx(row.median / summarize(peer)["median"])
    assert row.meets is meets


def test_load_benchmark_builds_the_same_graph_both_ways(results_in_tmp: Path) -> None:
    rows = load_bench.main(["--entities", "400", "--runs", "1"])
    saved = json.loads((results_in_tmp / "load-400.json").read_text())
    ours, raw = saved["stsgraph"][0], saved["raw"][0]
    assert (ours["entities"], ours["relationships"]) == (raw["entities"], raw["relationships"])
    assert ours["entities"] >= 300 and ours["relationships"] > ours["entities"]
    assert ours["peak_rss_mib"] > 0 and raw["peak_rss_mib"] > 0
    assert rows[0].unit == "records/s" and rows[0].peer == "raw neo4j driver"
    assert rows[0].ratio == pytest.approx(ours["records_per_s"] / raw["records_per_s"])


def test_analysis_benchmark_measures_every_operation_at_each_size(results_in_tmp: Path) -> None:
    rows = analysis_bench.main(["--sizes", "400", "800", "--runs", "1"])
    cases = [r.case for r in rows]
    for op in analysis_bench.SINGLE_SCOPE:
        assert f"{op} @ 400" in cases and f"{op} @ 800" in cases
    assert "gap_report_typical_park: growth 400 -> 800" in cases
    saved = json.loads((results_in_tmp / "analysis.json").read_text())["sizes"]
    for size in ("400", "800"):
        figures = saved[size]
        # the graph of the present year: the generated closures (a few percent) left out
        assert 0.9 * int(size) <= figures["whole_graph_nodes"] <= int(size) + 20
        assert figures["clusters"] >= 1 and figures["all_cluster_scores_by_scope_s"] > 0
        assert figures["collaboration_graph_nodes"] > 0
        assert figures["gap_report_typical_park"]["runs"] == 1
    assert all(r.median > 0 for r in rows)


def test_runner_puts_every_benchmark_in_one_table_and_summary(
        results_in_tmp: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import benchmarks.__main__ as runner

    called: dict[str, list[str]] = {}

    def fake(name: str):  # type: ignore[no-untyped-def]
        def main(argv: list[str]) -> list[object]:
            called[name] = argv
            return [make_row(name, f"{name} case", "ms", [2.0], peer="peer", peer_samples=[1.0],
                             max_ratio=1.0)]
        return main

    monkeypatch.setattr(runner, "_runner", fake)
    rows = runner.main(["--quick", "--only", "load", "analysis"])
    assert set(called) == {"load", "analysis"}
    assert called["analysis"][:3] == ["--sizes", "400", "800"]
    assert [r.case for r in rows] == ["load case", "analysis case"]
    summary = json.loads((results_in_tmp / "summary-quick.json").read_text())
    assert [r["ratio"] for r in summary["rows"]] == [2.0, 2.0]
    assert summary["machine"]["cores"] >= 1
    assert "0 targets met, 2 missed" in capsys.readouterr().out


def test_report_renders_the_summary_as_markdown(tmp_path: Path) -> None:
    from benchmarks import report
    from benchmarks.common import rows_payload

    rows = [make_row("api", "search p50 | 1 client", "ms", [8.0], peer="@neo4j/graphql",
                     peer_samples=[6.0], max_ratio=1.0, target="p50 <= peer's"),
            make_row("load", "records", "records/s", [12838.0])]
    path = tmp_path / "summary.json"
    path.write_text(json.dumps({"rows": rows_payload(rows)}))
    lines = report.main([str(path)]).splitlines()
    assert lines[0].startswith("| benchmark | case |") and len(lines) == 4
    assert "| search p50 \\| 1 client |" in lines[2]
    assert "| 1.33× | p50 <= peer's | **no** |" in lines[2]
    assert "| 12,838 |" in lines[3]


def test_timeline_benchmark_compares_the_timeline_with_single_year_reports(
        results_in_tmp: Path) -> None:
    from benchmarks import timeline as timeline_bench

    rows = timeline_bench.main(["--entities", "400", "--runs", "1"])
    assert [r.case for r in rows] == [
        "timeline of 6 years vs one year's report @ 400, typical park",
        "timeline of 6 years vs one year as two API fields @ 400, typical park",
        "timeline of 6 years vs 6 single-year reports @ 400, typical park",
        "gap report as of the present vs unfiltered @ 400, typical park",
        "timeline of 6 years vs one year's report @ 400, largest park",
        "timeline of 6 years vs one year as two API fields @ 400, largest park",
        "timeline of 6 years vs 6 single-year reports @ 400, largest park",
        "gap report as of the present vs unfiltered @ 400, largest park",
        "whole-graph projection as of the present vs unfiltered @ 400"]
    assert rows[0].peer == "one year's report" and rows[0].target == "< 2x"
    assert rows[0].ratio == pytest.approx(rows[0].median / rows[0].peer_median)
    assert rows[0].meets is (rows[0].ratio <= 2.0)
    saved = json.loads((results_in_tmp / "timeline.json").read_text())["figures"]
    assert saved["years"] == [2010, 2015]
    for name in ("typical", "largest"):
        case = saved[name]
        assert case["timeline"]["runs"] == 1 and case["one_year_report"]["runs"] == 1
        assert case["history_projection"]["runs"] == 1 and case["years_analysed"]["runs"] == 1
        assert case["history_nodes"] > 0 and case["park"]["id"]
        assert case["gap_report_present"]["runs"] == case["gap_report_unfiltered"]["runs"] == 1
    assert saved["whole_projection_s"]["present"]["runs"] == 2


def test_annual_report_benchmark_times_each_step(results_in_tmp: Path) -> None:
    from benchmarks import annual

    rows = annual.main(["--entities", "400", "--runs", "1", "--datasets", "generated"])
    assert [r.case for r in rows] == [
        "provincial report, PDF, end to end @ 400", "  projection @ 400", "  data @ 400",
        "  pdf @ 400", "  xlsx @ 400", "  CPU of this process, end to end @ 400"]
    assert rows[0].target == "informational" and rows[0].meets is None   # no target at 400
    saved = json.loads((results_in_tmp / "annual.json").read_text())["figures"][0]
    assert saved["year"] == 2015 and saved["region"]
    assert saved["total"] == [pytest.approx(saved["projection"][0] + saved["data"][0]
                                            + saved["pdf"][0])]


def test_stored_results_benchmark_measures_refresh_stored_computed_and_one_cluster(
        results_in_tmp: Path) -> None:
    from benchmarks import stored

    assert stored.main(["--entities", "400", "--runs", "1", "--computed-runs", "1"]) == 0
    saved = json.loads((results_in_tmp / "stored-400.json").read_text())
    assert set(saved["refresh_parts_s"]) == {"projection", "cluster-scores",
                                             "pilot-candidates", "centrality", "communities"}
    assert saved["stored_ms"]["runs"] == 1 and saved["computed_ms"]["runs"] == 1
    assert saved["one_cluster"]["clusters_recomputed"][0] >= 1
