"""`stsgraph analyze progress`: the plan's targets as a table, with the value of each year.

The graph's history is read once (every year) and the official figures (indicators) once;
analysis.plan_progress counts each year from them, as the API's planProgress does.
"""

from __future__ import annotations

import networkx as nx
from neo4j import AsyncDriver
from rich.console import Console
from rich.table import Table

import analysis
from analysis._graph import name_in
from analysis.humanize import percent, quantity, yes_no
from analysis.report.sections import goal_text
from analysis.target_counts import GDP_SHARE, TURNOVER, Indicators
from analysis.text import Lang, label, text
from graph import repository


async def read_figures(driver: AsyncDriver, database: str | None) -> Indicators:
    """The indicators the targets read (turnover, output share of GDP), as analysis wants."""
    rows = await repository.indicators(driver, codes=[TURNOVER, GDP_SHARE], limit=100_000,
                                       database=database)
    return {(r["regionId"], r["indicator"], int(r["year"])): float(r["value"]) for r in rows}


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _met(value: bool | None, lang: Lang) -> str:
    shown = yes_no(value, lang)
    return shown if value is None else f"[green]{shown}[/green]" if value else f"[red]{shown}[/red]"


def print_progress(console: Console, G: nx.MultiDiGraph, rows: list[analysis.TargetProgress],
                   lang: Lang) -> None:
    """Targets down; goal, actual (default reading), alternative reading, met, undated and
    the actual of each year across, in `lang` (catalogue texts; the region by its name in
    that language). For a province: its share of the national actual instead of met."""
    if not rows:
        return
    first = rows[0]
    where = (text("report.national", lang) if first.region_id is None
             else name_in(G, first.region_id, lang))
    title = text("cli.progress_title", lang, region=where, year=first.as_of)
    if first.as_of != first.year:
        title += text("cli.progress_goals_of", lang, year=first.year)
    table = Table(title=title, caption=label("plan_basis", first.basis, lang))
    on_track = first.region_id is None and first.as_of < first.year
    keys = ("target", "goal", "actual", "alternative", "share" if first.region_id else "met",
            *(("expected", "on_track") if on_track else ()),
            *(("province_wide",) if first.region_id else ()), "undated")
    for index, key in enumerate(keys):
        table.add_column(text(f"report.col_{key}", lang),
                         justify="left" if index == 0 else "right")
    for year in first.by_year:
        table.add_column(str(year.year), justify="right")
    for r in rows:
        end = (percent(r.share_of_national) if r.region_id else _met(r.met, lang))
        actual = quantity(r.actual, r.unit, lang) if r.missing is None else (
            "— " + label("plan_missing", r.missing, lang))
        table.add_row(label("plan_target", r.target, lang), goal_text(r, lang), actual,
                      _number(r.alternative), end,
                      *((_number(r.expected), _met(r.on_track, lang)) if on_track else ()),
                      *((_number(r.province_wide),) if r.region_id else ()),
                      str(r.undated_count),
                      *(_number(y.actual) for y in r.by_year))
    console.print(table)
