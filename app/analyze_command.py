"""`stsgraph analyze ...`: the planners' analyses from the command line (tables or --json).

Every analysis reads the graph of `--as-of YEAR` (the present when not given); `progress`
reads the history once and counts each year 2011..`--year` (`--region`: a province);
`timeline --from A --to B` reads the scope's history once and prints each year's stage
statuses and integration score.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx
from rich.console import Console
from rich.table import Table

import analysis
from app.progress_view import print_progress, read_figures
from app.settings import Settings
from graph import projections
from graph.driver import create_async_driver, verify_async
from graph.errors import GraphError
from graph.time import MAX_AS_OF, MIN_AS_OF, present_year

console = Console(soft_wrap=True)
STATUS_STYLE = {"MISSING": "red", "MISMATCHED": "magenta", "THIN": "yellow", "COVERED": "green",
                "BROKEN": "red", "UNKNOWN": "dim", "CONNECTED": "green"}


def _scope_id(args: argparse.Namespace) -> str:
    for name in ("park", "cluster", "region"):
        if getattr(args, name, None):
            return str(getattr(args, name))
    raise SystemExit("give one of --park, --cluster, --region")


async def _project(settings: Settings, scope_id: str | None, as_of: int | None,
                   suggestions: int = 3, during: tuple[int, int] | None = None,
                   figures: dict[Any, float] | None = None) -> nx.MultiDiGraph:
    """The scope's (or the whole graph's) projection as of `as_of`, else during the years
    `during` (a timeline's history); `figures`, when given, is filled with the indicators
    the plan's targets read."""
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        await verify_async(driver)
        if figures is not None:
            figures.update(await read_figures(driver, settings.neo4j_database))
        if scope_id is None:
            return await projections.project_whole(driver, settings.neo4j_database,
                                                   as_of=as_of)
        return await projections.project_scope(driver, scope_id, suggestions=suggestions,
                                               database=settings.neo4j_database, as_of=as_of,
                                               during=during)
    finally:
        await driver.close()


def _year(value: int | None, option: str) -> int | None:
    if value is not None and not MIN_AS_OF <= value <= MAX_AS_OF:
        raise ValueError(f"{option} must be a year between {MIN_AS_OF} and {MAX_AS_OF}; "
                         f"got {value}")
    return value


def _years_read(args: argparse.Namespace) -> int | None:
    """The year the projection reads: None for a timeline (it reads --from..--to)."""
    if args.what == "timeline":
        if args.from_year is None or args.to_year is None:
            raise SystemExit("timeline needs --from YEAR and --to YEAR")
        _year(args.from_year, "--from")
        _year(args.to_year, "--to")
        analysis.check_span(args.from_year, args.to_year)
        return None
    if args.what == "progress":
        _year(args.year, "--year")
        return None  # the history: every year, each counted on the graph of that year
    if args.what == "funding":
        return int(args.year)
    checked = _year(args.as_of, "--as-of")
    return present_year() if checked is None else checked


def _styled(status: str) -> str:
    style = STATUS_STYLE.get(status, "")
    return f"[{style}]{status}[/{style}]" if style else status


def print_gaps(report: analysis.GapReport) -> None:
    table = Table(title=f"{report.scope.name} — chain '{report.chain}'")
    for column in ("stage", "status", "matching / providers", "suggestions"):
        table.add_column(column)
    for stage in report.stages:
        suggestions = "\n".join(f"{s.rank}. {s.actor.name} ({'; '.join(s.reasons[:2])})"
                                for s in stage.suggestions)
        name = stage.stage.code + (" (supporting)" if stage.supporting else "")
        table.add_row(name, _styled(stage.status.value),
                      f"{len(stage.matched_providers)} / {len(stage.providers)}", suggestions)
    console.print(table)
    handoffs = Table(title="handoffs")
    for column in ("from", "to", "status", "evidence"):
        handoffs.add_column(column)
    for h in report.handoffs:
        handoffs.add_row(h.from_stage.code, h.to_stage.code, _styled(h.status.value),
                         h.evidence or "")
    console.print(handoffs)


def print_score(score: analysis.IntegrationScore) -> None:
    table = Table(title=f"{score.scope.name}: integration score {score.score:.2f} / 100 "
                        f"(chain '{score.chain}')")
    for column in ("component", "value", "weight", "contribution"):
        table.add_column(column, justify="left" if column == "component" else "right")
    for c in score.components:
        table.add_row(c.name, f"{c.value:.3f}", f"{c.weight:.2f}", f"{c.contribution:.2f}")
    console.print(table)
    for action in score.actions:
        console.print(f"  +{action.gain:.2f}  {action.description}")


def print_funding(rows: list[analysis.ProvinceMatch]) -> None:
    """One line per province: Torch, matching, ratio, both readings; then the grants
    excluded, with the reason."""
    table = Table(title=f"matching funds (1:2) in {rows[0].year if rows else ''}, million CNY")
    for column in ("province", "pilots", "torch", "matching", "ratio", ">= 2x", ">= 0.5x"):
        table.add_column(column, justify="left" if column in ("province", "pilots") else "right")

    def yes(value: bool | None) -> str:
        return "—" if value is None else "[green]yes[/green]" if value else "[red]no[/red]"

    for r in rows:
        table.add_row(r.province.name, ", ".join(p.id for p in r.pilots),
                      f"{r.torch_million_cny:.2f}", f"{r.matching_million_cny:.2f}",
                      "—" if r.ratio is None else f"{r.ratio:.2f}", yes(r.compliant),
                      yes(r.compliant_alt_reading))
    console.print(table)
    for r in rows:
        for g in r.excluded:
            console.print(f"  excluded ({r.province.id}): {g.funder.id} → {g.recipient.id} "
                          f"{g.program or ''} {g.amount_million_cny:.2f}: {g.reason}")


def _row(result: analysis.Timeline, render: Callable[[analysis.TimelineYear], str]) -> list[str]:
    """One table row: `render` of each year, or a dash where the scope does not exist."""
    return ["—" if year.gaps is None else render(year) for year in result.years]


def print_timeline(result: analysis.Timeline) -> None:
    """Stages down, years across; then handoffs connected, the score and its components."""
    table = Table(title=f"{result.scope.name}: {result.from_year}–{result.to_year} "
                        f"(chain '{result.chain}')",
                  caption="(n): counted items whose dates are unknown; —: the scope does not "
                          "exist that year")
    table.add_column("stage")
    for year in result.years:
        table.add_column(str(year.year), justify="right")
    first = next((y.gaps for y in result.years if y.gaps is not None), None)
    for index, stage in enumerate(first.stages if first else ()):
        name = stage.stage.code + (" (supporting)" if stage.supporting else "")
        table.add_row(name, *_row(result, partial(_stage_cell, index)))
    table.add_section()
    table.add_row("handoffs connected", *_row(result, _connected))
    table.add_row("[bold]score[/bold]", *_row(result, _score_cell))
    for index, name in enumerate(analysis.COMPONENTS):
        table.add_row(f"  {name}", *_row(result, partial(_component_cell, index)))
    console.print(table)


def _stage_cell(index: int, year: analysis.TimelineYear) -> str:
    stage = year.gaps.stages[index] if year.gaps else None
    if stage is None:
        return ""
    undated = f" [dim]({stage.undated_count})[/dim]" if stage.undated_count else ""
    return _styled(stage.status.value) + undated


def _connected(year: analysis.TimelineYear) -> str:
    handoffs = year.gaps.handoffs if year.gaps else ()
    connected = sum(1 for h in handoffs if h.status is analysis.HandoffStatus.CONNECTED)
    return f"{connected}/{len(handoffs)}"


def _score_cell(year: analysis.TimelineYear) -> str:
    return "" if year.score is None else f"[bold]{year.score.score:.2f}[/bold]"


def _component_cell(index: int, year: analysis.TimelineYear) -> str:
    if year.score is None:
        return ""
    component = year.score.components[index]
    undated = f" [dim]({component.undated_count})[/dim]" if component.undated_count else ""
    return f"{component.contribution:.2f}{undated}"


def print_ranking(rows: list[Any], title: str, columns: dict[str, Callable[[Any], str]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(fn(row) for fn in columns.values()))
    console.print(table)


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    scoped = args.what in ("gaps", "score", "timeline")
    try:
        year = _years_read(args)
        timeline = args.what == "timeline"
        figures: dict[Any, float] | None = {} if args.what == "progress" else None
        G = asyncio.run(_project(
            settings, _scope_id(args) if scoped else None, year,
            0 if timeline else args.suggestions,
            (args.from_year, args.to_year) if timeline else None, figures))
        result: Any
        if args.what == "gaps":
            result = analysis.find_stage_gaps(G, _scope_id(args), args.chain, args.suggestions)
        elif args.what == "score":
            result = analysis.integration_score(G, _scope_id(args), chain=args.chain)
        elif args.what == "timeline":
            result = analysis.timeline(G, _scope_id(args), args.from_year, args.to_year,
                                       args.chain)
        elif args.what == "progress":
            result = analysis.plan_progress(G, args.year, args.region, figures)
        elif args.what == "funding":
            result = analysis.funding_match(G, args.year, args.region)
        elif args.what == "clusters":
            result = analysis.cluster_scores(G, first=args.first)
        else:
            result = analysis.pilot_candidates(G, args.first, province=args.region, year=year)
    except (GraphError, analysis.ScopeError, analysis.ChainError, ValueError) as e:
        console.print(f"[red]error:[/red] {e}")
        return 1
    if args.json:
        payload = [r.to_dict() for r in result] if isinstance(result, list) else result.to_dict()
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return 0
    _print(args.what, result)
    return 0


def _print(what: str, result: Any) -> None:
    if what == "gaps":
        print_gaps(result)
    elif what == "timeline":
        print_timeline(result)
    elif what == "score":
        print_score(result)
    elif what == "progress":
        print_progress(console, result)
    elif what == "funding":
        print_funding(result)
    elif what == "clusters":
        print_ranking(result, "cluster integration scores", {
            "cluster": lambda s: s.scope.name, "score": lambda s: f"{s.score:.2f}",
            "chain": lambda s: s.chain})
    else:
        print_ranking(result, "pilot candidates", {
            "rank": lambda p: _num(p.rank, "{}"), "park": lambda p: p.park.name,
            "score": lambda p: _num(p.score, "{:.1f}"),
            "foundation": lambda p: _num(p.foundation, "{:.2f}"),
            "demonstration": lambda p: _num(p.demonstration, "{:.2f}"),
            "distinctiveness": lambda p: _num(p.distinctiveness, "{:.2f}"),
            "status": lambda p: p.status})


def _num(value: float | None, spec: str) -> str:
    return "—" if value is None else spec.format(value)


def add_analyze_parser(sub: Any) -> None:
    parser = sub.add_parser("analyze", help="run an analysis and print a table (or --json)")
    parser.add_argument("what", choices=["gaps", "score", "timeline", "progress", "clusters",
                                         "pilots", "funding"])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--park")
    group.add_argument("--cluster")
    group.add_argument("--region")
    parser.add_argument("--chain", help="chain name from analysis/chains.toml")
    parser.add_argument("--suggestions", type=int, default=3)
    parser.add_argument("--year", type=int, default=2015,
                        help="progress, funding: the year counted")
    parser.add_argument("--as-of", type=int, dest="as_of",
                        help="read the graph of this year (default: the present)")
    parser.add_argument("--from", type=int, dest="from_year", help="timeline: first year")
    parser.add_argument("--to", type=int, dest="to_year", help="timeline: last year")
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=None, analyze=True)
