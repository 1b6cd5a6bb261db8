"""`stsgraph analyze ...`: the planners' analyses from the command line (tables or --json).

Every analysis reads the graph of `--as-of YEAR` (the present when not given); `progress`
reads the history once and counts each year 2011..`--as-of` (default `--year`, the target
year the goals are for; `--region`: a province);
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
from analysis._graph import name_in
from analysis.humanize import decimal, join, money, yes_no
from analysis.text import DEFAULT_LANG, Lang, label, parse_lang, short_label, text
from app.progress_view import print_progress, read_figures
from app.refresh_command import run_refresh
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
        if args.as_of is not None:  # the year counted towards --year's goals
            try:
                analysis.check_as_of_year(args.as_of, args.year)
            except ValueError as e:
                raise SystemExit(f"--as-of: {e}") from e
        return None  # the history: every year, each counted on the graph of that year
    if args.what == "funding":
        return int(args.year)
    checked = _year(args.as_of, "--as-of")
    return present_year() if checked is None else checked


def _styled(status: str, lang: Lang = "en") -> str:
    """The status, coloured: its code in English (the API's word), its short label in
    Chinese."""
    style = STATUS_STYLE.get(status, "")
    shown = status if lang == "en" else short_label(
        "handoff" if status in ("CONNECTED", "BROKEN", "UNKNOWN") else "status", status, lang)
    return f"[{style}]{shown}[/{style}]" if style else shown


def _stage(stage: analysis.StageReport, lang: Lang) -> str:
    name = label("stage", stage.stage.code, lang)
    return text("cli.supporting", lang, stage=name) if stage.supporting else name


def print_gaps(G: nx.MultiDiGraph, report: analysis.GapReport, lang: Lang) -> None:
    table = Table(title=text("cli.gaps_title", lang, scope=name_in(G, report.scope.id, lang),
                             chain=report.chain))
    for column in (text("report.col_stage", lang), text("report.col_status", lang),
                   text("cli.matching_providers", lang), text("cli.suggestions", lang)):
        table.add_column(column)
    for stage in report.stages:
        suggestions = "\n".join(
            f"{s.rank}. {name_in(G, s.actor.id, lang)} ({join(s.reasons_in(lang)[:2], lang)})"
            for s in stage.suggestions)
        table.add_row(_stage(stage, lang), _styled(stage.status.value, lang),
                      f"{len(stage.matched_providers)} / {len(stage.providers)}", suggestions)
    console.print(table)
    handoffs = Table(title=text("cli.handoffs", lang))
    for key in ("cli.from", "cli.to", "report.col_status", "cli.evidence"):
        handoffs.add_column(text(key, lang))
    for h in report.handoffs:
        handoffs.add_row(label("stage", h.from_stage.code, lang),
                         label("stage", h.to_stage.code, lang), _styled(h.status.value, lang),
                         h.evidence or "")
    console.print(handoffs)


def print_score(G: nx.MultiDiGraph, score: analysis.IntegrationScore, lang: Lang) -> None:
    table = Table(title=text("cli.score_title", lang, scope=name_in(G, score.scope.id, lang),
                             score=decimal(score.score), chain=score.chain))
    for index, key in enumerate(("component", "value", "weight", "contribution")):
        table.add_column(text(f"report.col_{key}", lang),
                         justify="left" if index == 0 else "right")
    for c in score.components:
        table.add_row(label("component", c.name, lang), decimal(c.value), decimal(c.weight),
                      decimal(c.contribution))
    console.print(table)
    for action in score.actions:
        console.print(f"  +{decimal(action.gain)}  {action.description_in(lang)}")


def _yes(value: bool | None, lang: Lang) -> str:
    shown = yes_no(value, lang)
    return shown if value is None else f"[green]{shown}[/green]" if value else f"[red]{shown}[/red]"


def print_funding(G: nx.MultiDiGraph, rows: list[analysis.ProvinceMatch], year: int | None,
                  region: str | None, lang: Lang) -> None:
    """One line per province: Torch, matching (万元/亿元 in Chinese), ratio, both readings
    of 1:2; then the grants left out, with the reason, all in `lang`."""
    where = text("report.national", lang) if region is None else name_in(G, region, lang)
    table = Table(title=text("cli.funding_title", lang, region=where, year=year))
    for key in ("province", "pilots", "torch", "provincial", "match_ratio", "compliant",
                "compliant_alt"):
        table.add_column(text(f"report.col_{key}", lang),
                         justify="left" if key in ("province", "pilots") else "right")
    for r in rows:
        table.add_row(name_in(G, r.province.id, lang),
                      join([name_in(G, p.id, lang) for p in r.pilots], lang),
                      money(r.torch_million_cny, lang), money(r.matching_million_cny, lang),
                      decimal(r.ratio), _yes(r.compliant, lang),
                      _yes(r.compliant_alt_reading, lang))
    console.print(table)
    for r in rows:
        for g in r.excluded:
            console.print(text(
                "cli.funding_excluded", lang, province=name_in(G, r.province.id, lang),
                funder=name_in(G, g.funder.id, lang),
                recipient=name_in(G, g.recipient.id, lang), program=g.program or "",
                amount=money(g.amount_million_cny, lang),
                reason=label("grant_reason", g.reason or "", lang)))


def _row(result: analysis.Timeline, render: Callable[[analysis.TimelineYear], str]) -> list[str]:
    """One table row: `render` of each year, or a dash where the scope does not exist."""
    return ["—" if year.gaps is None else render(year) for year in result.years]


def print_timeline(G: nx.MultiDiGraph, result: analysis.Timeline, lang: Lang) -> None:
    """Stages down, years across; then handoffs connected, the score and its components."""
    table = Table(title=text("cli.timeline_title", lang,
                             scope=name_in(G, result.scope.id, lang), start=result.from_year,
                             end=result.to_year, chain=result.chain),
                  caption=text("cli.timeline_caption", lang))
    table.add_column(text("report.col_stage", lang))
    for year in result.years:
        table.add_column(str(year.year), justify="right")
    first = next((y.gaps for y in result.years if y.gaps is not None), None)
    for index, stage in enumerate(first.stages if first else ()):
        table.add_row(_stage(stage, lang), *_row(result, partial(_stage_cell, index, lang)))
    table.add_section()
    table.add_row(text("cli.handoffs_connected", lang), *_row(result, _connected))
    table.add_row(f"[bold]{text('report.col_score', lang)}[/bold]", *_row(result, _score_cell))
    for index, name in enumerate(analysis.COMPONENTS):
        table.add_row(f"  {label('component', name, lang)}",
                      *_row(result, partial(_component_cell, index)))
    console.print(table)


def _stage_cell(index: int, lang: Lang, year: analysis.TimelineYear) -> str:
    stage = year.gaps.stages[index] if year.gaps else None
    if stage is None:
        return ""
    undated = f" [dim]({stage.undated_count})[/dim]" if stage.undated_count else ""
    return _styled(stage.status.value, lang) + undated


def _connected(year: analysis.TimelineYear) -> str:
    handoffs = year.gaps.handoffs if year.gaps else ()
    connected = sum(1 for h in handoffs if h.status is analysis.HandoffStatus.CONNECTED)
    return f"{connected}/{len(handoffs)}"


def _score_cell(year: analysis.TimelineYear) -> str:
    return "" if year.score is None else f"[bold]{decimal(year.score.score)}[/bold]"


def _component_cell(index: int, year: analysis.TimelineYear) -> str:
    if year.score is None:
        return ""
    component = year.score.components[index]
    undated = f" [dim]({component.undated_count})[/dim]" if component.undated_count else ""
    return f"{decimal(component.contribution)}{undated}"


def print_ranking(rows: list[Any], title: str, columns: dict[str, Callable[[Any], str]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(fn(row) for fn in columns.values()))
    console.print(table)


def run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    if args.what == "refresh":
        return run_refresh(args, settings)
    scoped = args.what in ("gaps", "score", "timeline")
    try:
        lang = parse_lang(args.lang)
    except ValueError as e:
        console.print(f"[red]error:[/red] --lang: {e}")
        return 2
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
            result = analysis.plan_progress(G, args.year, args.region, figures, args.as_of)
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
    _print(G, args.what, result, lang, year, args.region)
    return 0


def _print(G: nx.MultiDiGraph, what: str, result: Any, lang: Lang, year: int | None,
           region: str | None) -> None:
    def name(ref: analysis.EntityRef) -> str:
        return name_in(G, ref.id, lang)

    def col(key: str) -> str:
        return text(f"report.col_{key}", lang)

    if what == "gaps":
        print_gaps(G, result, lang)
    elif what == "timeline":
        print_timeline(G, result, lang)
    elif what == "score":
        print_score(G, result, lang)
    elif what == "progress":
        print_progress(console, G, result, lang)
    elif what == "funding":
        print_funding(G, result, year, region, lang)
    elif what == "clusters":
        print_ranking(result, text("cli.clusters_title", lang), {
            col("cluster"): lambda s: name(s.scope), col("score"): lambda s: decimal(s.score),
            text("cli.chain", lang): lambda s: s.chain})
    else:
        print_ranking(result, text("cli.candidates_title", lang), {
            col("rank"): lambda p: _num(p.rank), col("park"): lambda p: name(p.park),
            col("candidate_score"): lambda p: _num(p.score),
            col("foundation"): lambda p: _num(p.foundation),
            col("demonstration"): lambda p: _num(p.demonstration),
            col("distinctiveness"): lambda p: _num(p.distinctiveness),
            col("status"): lambda p: label("candidate_status", p.status, lang)})


def _num(value: float | None) -> str:
    """A rank or score, or a dash where there is not enough data to compute it."""
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else decimal(value)


def add_analyze_parser(sub: Any) -> None:
    parser = sub.add_parser("analyze", help="run an analysis and print a table (or --json)")
    parser.add_argument("what", choices=["gaps", "score", "timeline", "progress", "clusters",
                                         "pilots", "funding", "refresh"])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--park")
    group.add_argument("--cluster")
    group.add_argument("--region")
    parser.add_argument("--chain", help="chain name from analysis/chains.toml")
    parser.add_argument("--suggestions", type=int, default=3)
    parser.add_argument("--year", type=int, default=2015,
                        help="progress: the target year the goals are for (and the year "
                             "counted without --as-of); funding: the year counted")
    parser.add_argument("--as-of", type=int, dest="as_of",
                        help="read the graph of this year (default: the present); progress: "
                             "the year counted, 2011..--year, with on-track against the "
                             "straight line to the goal")
    parser.add_argument("--from", type=int, dest="from_year", help="timeline: first year")
    parser.add_argument("--to", type=int, dest="to_year", help="timeline: last year")
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--only", help="refresh: the results to compute, comma-separated "
                                       "(cluster-scores,pilot-candidates,centrality,"
                                       "communities; default all)")
    parser.add_argument("--stale-only", action="store_true", dest="stale_only",
                        help="refresh: recompute only what a write made stale")
    parser.add_argument("--json", action="store_true",
                        help="the API's exact values and codes instead of a table")
    parser.add_argument("--lang", default=DEFAULT_LANG,
                        help="zh (default) or en: the tables' words, names and units")
    parser.set_defaults(func=None, analyze=True)
