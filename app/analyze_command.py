"""`stsgraph analyze ...`: the planners' analyses from the command line (tables or --json)."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from typing import Any

import networkx as nx
from rich.console import Console
from rich.table import Table

import analysis
from app.settings import Settings
from graph import projections
from graph.driver import create_async_driver, verify_async
from graph.errors import GraphError

console = Console(soft_wrap=True)
STATUS_STYLE = {"MISSING": "red", "MISMATCHED": "magenta", "THIN": "yellow", "COVERED": "green",
                "BROKEN": "red", "UNKNOWN": "dim", "CONNECTED": "green"}


def _scope_id(args: argparse.Namespace) -> str:
    for name in ("park", "cluster", "region"):
        if getattr(args, name, None):
            return str(getattr(args, name))
    raise SystemExit("give one of --park, --cluster, --region")


async def _project(settings: Settings, scope_id: str | None) -> nx.MultiDiGraph:
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        await verify_async(driver)
        if scope_id is None:
            return await projections.project_whole(driver, settings.neo4j_database)
        return await projections.project_scope(driver, scope_id,
                                               database=settings.neo4j_database)
    finally:
        await driver.close()


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


def print_progress(rows: list[analysis.TargetProgress]) -> None:
    table = Table(title=f"plan progress as of {rows[0].year if rows else ''}")
    for column in ("target", "goal", "actual", "ratio", "met"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for r in rows:
        table.add_row(r.target, f"{r.comparison} {r.goal:,.0f}", f"{r.actual:,.1f}",
                      f"{r.ratio:.2f}", "[green]yes[/green]" if r.met else "[red]no[/red]")
    console.print(table)


def print_ranking(rows: list[Any], title: str, columns: dict[str, Callable[[Any], str]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(fn(row) for fn in columns.values()))
    console.print(table)


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    scoped = args.what in ("gaps", "score")
    try:
        G = asyncio.run(_project(settings, _scope_id(args) if scoped else None))
        result: Any
        if args.what == "gaps":
            result = analysis.find_stage_gaps(G, _scope_id(args), args.chain, args.suggestions)
        elif args.what == "score":
            result = analysis.integration_score(G, _scope_id(args), chain=args.chain)
        elif args.what == "progress":
            result = analysis.plan_progress(G, args.year)
        elif args.what == "clusters":
            result = analysis.cluster_scores(G, first=args.first)
        else:
            result = analysis.pilot_candidates(G, args.first)
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
    elif what == "score":
        print_score(result)
    elif what == "progress":
        print_progress(result)
    elif what == "clusters":
        print_ranking(result, "cluster integration scores", {
            "cluster": lambda s: s.scope.name, "score": lambda s: f"{s.score:.2f}",
            "chain": lambda s: s.chain})
    else:
        print_ranking(result, "pilot candidates", {
            "rank": lambda p: str(p.rank), "park": lambda p: p.park.name,
            "score": lambda p: f"{p.score:.1f}", "foundation": lambda p: f"{p.foundation:.2f}",
            "demonstration": lambda p: f"{p.demonstration:.2f}",
            "distinctiveness": lambda p: f"{p.distinctiveness:.2f}"})


def add_analyze_parser(sub: Any) -> None:
    parser = sub.add_parser("analyze", help="run an analysis and print a table (or --json)")
    parser.add_argument("what", choices=["gaps", "score", "progress", "clusters", "pilots"])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--park")
    group.add_argument("--cluster")
    group.add_argument("--region")
    parser.add_argument("--chain", help="chain name from analysis/chains.toml")
    parser.add_argument("--suggestions", type=int, default=3)
    parser.add_argument("--year", type=int, default=2015)
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=None, analyze=True)
