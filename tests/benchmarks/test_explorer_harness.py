"""benchmarks/explorer.py runs end to end at a tiny size (its quick mode), so it does not
rot. Asserts on what it reports (sizes, rows, the target), never on timings."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from benchmarks import explorer


def test_big_park_dataset_has_the_asked_size(tmp_path: Path) -> None:
    folder = explorer.write_big_park(tmp_path, agencies=40, partners=100)
    with (folder / "agencies.csv").open(encoding="utf-8") as f:
        agencies = list(csv.DictReader(f))
    with (folder / "links.csv").open(encoding="utf-8") as f:
        links = list(csv.DictReader(f))
    assert len(agencies) == 40 and {a["park_id"] for a in agencies} == {explorer.BIG_PARK}
    assert len(links) == 100
    assert len({(x["source_id"], x["target_id"]) for x in links}) == 100
    assert all(x["source_id"] != x["target_id"] for x in links)


def test_benchmark_runs_in_chromium(results_in_tmp: Path) -> None:
    rows = explorer.main(["--agencies", "300", "--partners", "900", "--limit", "500",
                          "--runs", "1"])
    assert [r.case.split(",")[0] for r in rows] == [
        "first render", "of which page load and start-up (to the request sent)",
        "of which the GraphQL request", "of which JSON parsing", "of which building the graph",
        "of which Sigma draws the first frame", "edges drawn", "layout start (after the edges' "
        "frame)", "settled layout (ForceAtlas2 in a worker"]
    assert all("302 nodes / 1,201 edges" in r.case for r in rows)  # + the park, its region
    assert rows[0].target == "< 2,000 ms" and rows[0].meets is not None
    assert all(r.runs == 1 and r.median >= 0 for r in rows) and rows[0].median > 0
    saved = json.loads((results_in_tmp / "explorer.json").read_text())
    assert (saved["result"]["nodes"], saved["result"]["edges"]) == (302, 1201)
    assert saved["result"]["webgl"] == "swiftshader"
    assert "SwiftShader" in saved["result"]["renderer"]  # WebGL ran, in software
