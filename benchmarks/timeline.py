"""The timeline against running the single-year report once per year (issue 9).

    python -m benchmarks.timeline --entities 100000 --runs 5

On a generated dataset loaded into the benchmark Neo4j, for the typical (median-sized) and
the largest park approved by 2015, end to end from Neo4j as the API does it (median of
`runs` after a warm-up round; the three are run in turn within each round):

- one year's report: the scope projection as of the last year (no suggestion candidates)
  and that year's gap report and integration score — what a timeline gives for one year
  (the target's denominator); and the same as the API serves it to a query asking for
  `serviceChainGaps` and `integrationScore` of that year: two root fields, two projections;
- the timeline of `--years` years ending with the last: one projection of the scope's
  history during those years, then each year's graph and its analyses;
- the same years as single-year reports, one after another.

It also measures what reading a year costs against reading without one (the projections'
`$asOf` conditions, which the API always sets: the present by default): the gap report
with suggestions as of the present against the same unfiltered, and the whole-graph
projection both ways. Nothing in the generated data has closed, so both read the same
graph.

Target: the timeline costs less than 2x one year's report. The generated data has start
years (parks, actors, projects, partnerships) but no closures and no `since`/`until` on
locations yet, so each year's graph is only a little smaller than the history.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from neo4j import AsyncDriver

import analysis
from benchmarks.analysis import _size_name
from benchmarks.common import (
    Row,
    bench_driver,
    bench_settings,
    ensure_loaded,
    make_row,
    print_rows,
    rows_payload,
    summarize,
    write_result,
)
from graph.projections import project_scope, project_whole
from graph.time import present_year

LAST_YEAR = 2015
TARGET_RATIO = 2.0
# Parks approved by the last year, largest first.
PARKS = """
MATCH (s:Park) WHERE s.approvedYear IS NULL OR s.approvedYear <= $last
RETURN s.id AS id, COUNT { (s)<-[:LOCATED_IN]-() } AS actors
ORDER BY actors DESC, id
"""


async def one_year(driver: AsyncDriver, park: str, year: int) -> float:
    """One year's report of `park`; returns its score (so nothing is optimised away)."""
    G = await project_scope(driver, park, suggestions=0, as_of=year)
    analysis.find_stage_gaps(G, park, suggestions=0)
    return analysis.integration_score(G, park, actions=0).score


async def timeline(driver: AsyncDriver, park: str, first: int, last: int,
                   split: dict[str, list[float]] | None = None) -> analysis.Timeline:
    """The timeline of `park`; `split` collects the projection's and the analyses' ms."""
    start = time.perf_counter()
    G = await project_scope(driver, park, suggestions=0, during=(first, last))
    projected = time.perf_counter()
    result = analysis.timeline(G, park, first, last)
    if split is not None:
        split["history_projection"].append((projected - start) * 1000)
        split["years_analysed"].append((time.perf_counter() - projected) * 1000)
    return result


async def one_year_as_two_fields(driver: AsyncDriver, park: str, year: int) -> float:
    """The same report as the API serves `{ serviceChainGaps integrationScore }` (no
    suggestions, no actions): two root fields, each with its own projection."""
    G = await project_scope(driver, park, suggestions=0, as_of=year)
    analysis.find_stage_gaps(G, park, suggestions=0)
    G = await project_scope(driver, park, suggestions=0, as_of=year)
    return analysis.integration_score(G, park, actions=0).score


async def each_year(driver: AsyncDriver, park: str, first: int, last: int) -> None:
    for year in range(first, last + 1):
        await one_year(driver, park, year)


async def gap_report(driver: AsyncDriver, park: str, as_of: int | None) -> None:
    """The API's default gap report (3 suggestions) as of `as_of` (None: unfiltered)."""
    G = await project_scope(driver, park, as_of=as_of)
    analysis.find_stage_gaps(G, park)


async def measure_park(driver: AsyncDriver, park: str, first: int, runs: int
                       ) -> dict[str, Any]:
    """The three timings of one park, interleaved run by run so that the machine's
    background load falls on all three alike; and the size of its history projection."""
    split: dict[str, list[float]] = {"history_projection": [], "years_analysed": []}
    cases: dict[str, Callable[[], Awaitable[Any]]] = {
        "one_year_report": lambda: one_year(driver, park, LAST_YEAR),
        "one_year_two_fields": lambda: one_year_as_two_fields(driver, park, LAST_YEAR),
        "timeline": lambda: timeline(driver, park, first, LAST_YEAR, split),
        "single_year_reports": lambda: each_year(driver, park, first, LAST_YEAR),
        "gap_report_present": lambda: gap_report(driver, park, present_year()),
        "gap_report_unfiltered": lambda: gap_report(driver, park, None),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for run in range(runs + 1):  # the first round warms up (Cypher plans, caches)
        for name, fn in cases.items():
            start = time.perf_counter()
            await fn()
            if run:
                samples[name].append((time.perf_counter() - start) * 1000)
    case: dict[str, Any] = {**samples, **{part: ms[1:] for part, ms in split.items()}}
    history = await project_scope(driver, park, suggestions=0, during=(first, LAST_YEAR))
    case["history_nodes"] = history.number_of_nodes()
    case["history_edges"] = history.number_of_edges()
    return case


async def whole_projection(driver: AsyncDriver, runs: int) -> dict[str, list[float]]:
    """Seconds of the whole-graph projection as of the present and unfiltered, in turn."""
    samples: dict[str, list[float]] = {"present": [], "unfiltered": []}
    for _ in range(runs):
        for name, year in (("present", present_year()), ("unfiltered", None)):
            start = time.perf_counter()
            await project_whole(driver, as_of=year)
            samples[name].append(time.perf_counter() - start)
    return samples


async def measure(entities: int, runs: int, years: int, whole_runs: int) -> dict[str, Any]:
    settings = bench_settings()
    await ensure_loaded(settings, entities)
    first = LAST_YEAR - years + 1
    figures: dict[str, Any] = {"entities": entities, "years": [first, LAST_YEAR]}
    async with bench_driver(settings.effective_neo4j_uri) as driver:
        parks, _, _ = await driver.execute_query(PARKS, last=LAST_YEAR)
        for name, park in (("typical", parks[len(parks) // 2]), ("largest", parks[0])):
            case = {"park": dict(park), **await measure_park(driver, park["id"], first, runs)}
            figures[name] = case
            print(f"timeline @ {_size_name(entities)}, {name} park {park['id']} "
                  f"({park['actors']} actors): one year "
                  f"{summarize(case['one_year_report'])['median']:.0f} ms, timeline "
                  f"{summarize(case['timeline'])['median']:.0f} ms", flush=True)
        if whole_runs:
            figures["whole_projection_s"] = await whole_projection(driver, whole_runs)
    return figures


def rows(figures: dict[str, Any]) -> list[Row]:
    size = _size_name(figures["entities"])
    first, last = figures["years"]
    span = last - first + 1
    out: list[Row] = []
    for name in ("typical", "largest"):
        case = figures[name]
        out.append(make_row(
            "timeline", f"timeline of {span} years vs one year's report @ {size}, {name} park",
            "ms", case["timeline"], peer="one year's report",
            peer_samples=case["one_year_report"], max_ratio=TARGET_RATIO,
            target=f"< {TARGET_RATIO:g}x"))
        out.append(make_row(
            "timeline", f"timeline of {span} years vs one year as two API fields @ {size}, "
            f"{name} park", "ms", case["timeline"], peer="gaps + score fields, 1 year",
            peer_samples=case["one_year_two_fields"], target="informational"))
        out.append(make_row(
            "timeline", f"timeline of {span} years vs {span} single-year reports @ {size}, "
            f"{name} park", "ms", case["timeline"], peer=f"{span} single-year reports",
            peer_samples=case["single_year_reports"], target="informational"))
        out.append(make_row(
            "timeline", f"gap report as of the present vs unfiltered @ {size}, {name} park",
            "ms", case["gap_report_present"], peer="unfiltered (asOf null)",
            peer_samples=case["gap_report_unfiltered"], target="informational"))
    if "whole_projection_s" in figures:
        whole = figures["whole_projection_s"]
        out.append(make_row(
            "timeline", f"whole-graph projection as of the present vs unfiltered @ {size}", "s",
            whole["present"], peer="unfiltered (asOf null)", peer_samples=whole["unfiltered"],
            target="informational"))
    return out


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=6, help=f"years ending {LAST_YEAR}")
    parser.add_argument("--whole-runs", type=int, default=2,
                        help="runs of the whole-graph projection each way (0: skip)")
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(args.entities, args.runs, args.years, args.whole_runs))
    result = rows(figures)
    print_rows(result, "timeline against single-year reports")
    detail = {name: {k: (summarize(v) if isinstance(v, list) else v)
                     for k, v in case.items()} if isinstance(case, dict) else case
              for name, case in figures.items()}  # every list of samples summarised
    write_result("timeline", {"rows": rows_payload(result), "figures": detail})
    return result


if __name__ == "__main__":
    main()
