"""`stsgraph analyze progress`: the plan's targets as a table, with the value of each year.

The graph's history is read once (every year) and the official figures (indicators) once;
analysis.plan_progress counts each year from them, as the API's planProgress does.
"""

from __future__ import annotations

from neo4j import AsyncDriver
from rich.console import Console
from rich.table import Table

import analysis
from analysis.target_counts import GDP_SHARE, TURNOVER, Indicators
from analysis.text import label
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


def _met(value: bool | None) -> str:
    return "—" if value is None else "[green]yes[/green]" if value else "[red]no[/red]"


def print_progress(console: Console, rows: list[analysis.TargetProgress]) -> None:
    """Targets down; goal, actual (default reading), alternative reading, met, undated and
    the actual of each year across. For a province: its share of the national actual."""
    if not rows:
        return
    first = rows[0]
    where = "全国 nation" if first.region_id is None else first.region_id
    counted = f"as of {first.as_of}" if first.as_of == first.year else \
        f"as of {first.as_of}, goals of {first.year} 目标年"
    table = Table(title=f"plan progress 规划目标进展, {where}, {counted}",
                  caption=label("plan_basis", first.basis, "zh") + " / "
                  + label("plan_basis", first.basis, "en"))
    on_track = first.region_id is None and first.as_of < first.year
    for column in ("target 目标", "goal", "actual", "alternative", "share" if first.region_id
                   else "met", *(("expected 预期", "on track 进度") if on_track else ()),
                   *(("province-wide 全省",) if first.region_id else ()), "undated"):
        table.add_column(column, justify="left" if column.startswith("target") else "right")
    for year in first.by_year:
        table.add_column(str(year.year), justify="right")
    for r in rows:
        last = (f"{r.share_of_national:.1%}" if r.share_of_national is not None else "—"
                ) if r.region_id else _met(r.met)
        actual = _number(r.actual) if r.missing is None else (
            "— " + label("plan_missing", r.missing, "zh"))
        table.add_row(f"{r.target}\n{label('plan_target', r.target, 'zh')}",
                      f"{r.comparison} {r.goal:,.0f} {label('plan_unit', r.unit, 'zh')}",
                      actual, _number(r.alternative), last,
                      *((_number(r.expected), _met(r.on_track)) if on_track else ()),
                      *((_number(r.province_wide),) if r.region_id else ()),
                      str(r.undated_count),
                      *(_number(y.actual) for y in r.by_year))
    console.print(table)
