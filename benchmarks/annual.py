"""The provincial annual report (issue 11), end to end as `stsgraph report` makes it.

    python -m benchmarks.annual --entities 100000 --runs 3

For the demo dataset (data/demo) and a generated dataset of `--entities` rows, each loaded
into the benchmark Neo4j in turn, and the province with the most pilot parks in 2015: the
whole-graph history projection (2 Cypher queries), the report's data (every section's
analyses), and its rendering to PDF (WeasyPrint) and to Excel (openpyxl). Median of `runs`
after a warm-up round.

Targets: the demo province's report in under 5 s and the 100k dataset's in under 60 s
(projection + data + PDF).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from typing import Any

from neo4j import AsyncDriver

from analysis._graph import label_of, prop
from analysis.asof import graph_as_of
from analysis.progress import pilot_parks
from analysis.report import annual_report
from analysis.scope import province_of_park
from app.progress_view import read_figures
from app.report.render import render
from app.settings import PROJECT_ROOT
from benchmarks.analysis import _size_name
from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_dataset,
    ensure_loaded,
    make_row,
    print_rows,
    rows_payload,
    write_result,
)
from graph.projections import project_whole

YEAR = 2015
DEMO = PROJECT_ROOT / "data" / "demo"
DEMO_MARKER = -1  # BenchMarker.entities of the demo dataset (generated ones are > 0)
TARGET_S = {"demo": 5.0, "generated": 60.0}
STEPS = ("projection", "data", "pdf", "xlsx")


async def ensure_demo(settings: Any) -> None:
    await ensure_dataset(settings, DEMO_MARKER, lambda: DEMO)


def busiest_province(H: Any) -> str | None:
    """The province with the most pilot parks in YEAR (smallest id on a tie)."""
    G = graph_as_of(H, YEAR)
    counts = Counter(p for park in pilot_parks(G, YEAR)
                     if (p := province_of_park(G, park)) is not None
                     and label_of(G, p) == "Region" and prop(G, p, "kind") == "province")
    return min(counts, key=lambda p: (-counts[p], p)) if counts else None


async def measure_once(driver: AsyncDriver, region: str | None) -> dict[str, float]:
    """Wall seconds of each step, and `cpu`: this process's CPU seconds for projection, data
    and PDF (on a shared machine the wall time also counts waiting for a core)."""
    seconds: dict[str, float] = {}
    cpu = time.process_time()
    start = time.perf_counter()
    H, figures = await asyncio.gather(project_whole(driver, as_of=None),
                                      read_figures(driver, None))  # as `stsgraph report`
    seconds["projection"] = time.perf_counter() - start
    start = time.perf_counter()
    report = annual_report(H, region, YEAR, "zh", indicators=figures)
    seconds["data"] = time.perf_counter() - start
    for fmt in ("pdf", "xlsx"):
        start = time.perf_counter()
        render(report, fmt)
        seconds[fmt] = time.perf_counter() - start
        if fmt == "pdf":
            seconds["cpu"] = time.process_time() - cpu
    return seconds


async def measure(dataset: str, entities: int, runs: int) -> dict[str, Any]:
    settings = bench_settings()
    if dataset == "demo":
        await ensure_demo(settings)
    else:
        await ensure_loaded(settings, entities)
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        region = busiest_province(await project_whole(driver, as_of=None))
        samples: dict[str, list[float]] = {step: [] for step in (*STEPS, "total", "cpu")}
        for run in range(runs + 1):  # the first round warms up
            seconds = await measure_once(driver, region)
            if run:
                for step in STEPS:
                    samples[step].append(seconds[step])
                samples["total"].append(seconds["projection"] + seconds["data"]
                                        + seconds["pdf"])
                samples["cpu"].append(seconds["cpu"])
    print(f"annual report @ {dataset} ({region}): total "
          f"{sorted(samples['total'])[len(samples['total']) // 2]:.2f} s", flush=True)
    return {"dataset": dataset, "entities": entities, "region": region, "year": YEAR,
            **samples}


def rows(figures: list[dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for case in figures:
        size = "demo" if case["dataset"] == "demo" else _size_name(case["entities"])
        limit = TARGET_S[case["dataset"]] if case["dataset"] == "demo" or \
            case["entities"] >= 100_000 else None
        out.append(make_row("annual", f"provincial report, PDF, end to end @ {size}", "s",
                            case["total"], max_value=limit,
                            target=f"< {limit:g} s" if limit else "informational"))
        for step in STEPS:
            out.append(make_row("annual", f"  {step} @ {size}", "s", case[step],
                                target="informational"))
        if case.get("cpu"):
            out.append(make_row("annual", f"  CPU of this process, end to end @ {size}", "s",
                                case["cpu"], target="informational"))
    return out


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--datasets", nargs="+", choices=["demo", "generated"],
                        default=["demo", "generated"])
    args = parser.parse_args(argv)
    figures = [asyncio.run(measure(dataset, args.entities, args.runs))
               for dataset in args.datasets]
    result = rows(figures)
    print_rows(result, "annual report")
    write_result("annual", {"figures": figures, "rows": rows_payload(result)})
    return result


if __name__ == "__main__":
    main()
