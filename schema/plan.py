"""The plan's targets (`planProgress`) and the official statistics (`indicators`).

planProgress reads the graph's history once (the whole-graph projection of every year) and
the indicators once, and counts each year 2011..year from them (analysis/progress.py).
Every code returned has `label` / `labelZh` from the one catalogue (analysis/catalogue.toml).

No `from __future__ import annotations`: resolver signatures are built at import time.
"""

from typing import Annotated, Any

import strawberry

import analysis
from analysis.progress import TargetProgress as Progress
from analysis.target_counts import GDP_SHARE, TURNOVER, Indicators
from analysis.targets import rule_text, window_text
from analysis.text import label as catalogue_label
from graph import repository
from schema.analysis import run_analysis, whole_graph
from schema.as_of import check_as_of
from schema.coded import Coded, coded
from schema.context import Info
from schema.enums import IndicatorCode
from schema.errors import BadUserInput, NotFound

MAX_INDICATORS = 1000


@strawberry.type(description="A target's value in one year.")
class TargetYear:
    year: int
    actual: float | None = strawberry.field(description="Null when there is no value (an "
                                                        "official figure missing).")
    met: bool | None = strawberry.field(description="Null for a province, or without value.")
    alternative: float | None
    province_wide: float | None = strawberry.field(
        description="A province's pilot-area target counted in all its parks (its own "
                    "contributions); null otherwise.")


@strawberry.type(description="One reading of an ambiguous target: the default (the seed's "
                             "wording), the alternative, or for a province the province-wide "
                             "reading (its own contributions).")
class TargetReading:
    reading: str
    default: bool
    value: float | None
    label: str
    label_zh: str
    rule: str
    rule_zh: str


@strawberry.type(description="How many items a caveat concerns (counted or left out).")
class TargetCaveat:
    code: str
    count: int
    label: str
    label_zh: str


@strawberry.type(description="The years whose records count.")
class TargetWindow:
    code: str
    from_year: int | None = strawberry.field(name="from",
                                             description="Null for a stock (every year).")
    to_year: int = strawberry.field(name="to")
    label: str
    label_zh: str


@strawberry.type(description="Progress towards one target of the plan, for the nation or "
                             "one province, with the value in each year since 2011.")
class TargetProgress:
    target: str
    label: str
    label_zh: str
    description: str = strawberry.field(description="The target in English (= label).")
    quote: str = strawberry.field(description="The seed's own words (Chinese).")
    goal: float = strawberry.field(description="The seed's national goal.")
    comparison: str
    actual: float | None
    ratio: float | None = strawberry.field(description="actual / goal (the national goal, "
                                                       "for a province too).")
    met: bool | None = strawberry.field(description="Whether `actual` reaches the goal "
                                                    "already; null for a province (the seed "
                                                    "sets national goals only) or without "
                                                    "value.")
    expected: float | None = strawberry.field(
        description="Where the target should be in `asOf` on a straight line from its 2011 "
                    "value to the goal in `year` (a simple linear expectation, not a "
                    "forecast); null for a province or without value.")
    on_track: bool | None = strawberry.field(
        description="`actual` compared with `expected` as with the goal; null as `expected`.")
    unit: str
    unit_label: str
    unit_label_zh: str
    year: int = strawberry.field(description="The target year the goals are for (the "
                                             "plan's end, 2015).")
    as_of: int = strawberry.field(description="The year counted (`asOf`, default `year`).")
    region_id: strawberry.ID | None
    basis: Coded
    share_of_national: float | None = strawberry.field(
        description="A province's actual over the national actual.")
    counting: str = strawberry.field(description="How `actual` is counted (English).")
    counting_zh: str
    window: TargetWindow
    area: Coded
    readings: list[TargetReading]
    province_wide: float | None = strawberry.field(
        description="A province asked and a pilot-area target: the same rule counted in "
                    "every park of the province, pilot or not (its own contributions; the "
                    "reading `province_wide`). Null for the nation and the other targets.")
    why: str
    why_zh: str
    undated_count: int = strawberry.field(
        description="How many of the items counted in `actual` rest on a missing date.")
    caveats: list[TargetCaveat]
    missing: Coded | None = strawberry.field(description="Why there is no value.")
    by_year: list[TargetYear]


def _readings(row: Progress) -> list[TargetReading]:
    out = [TargetReading(reading="default", default=True, value=row.actual,
                         label=catalogue_label("plan_reading", "default", "en"),
                         label_zh=catalogue_label("plan_reading", "default", "zh"),
                         rule=rule_text("plan_rule", row.target, "en"),
                         rule_zh=rule_text("plan_rule", row.target, "zh"))]
    if row.rule.alternative:
        out.append(TargetReading(reading="alternative", default=False, value=row.alternative,
                                 label=catalogue_label("plan_reading", "alternative", "en"),
                                 label_zh=catalogue_label("plan_reading", "alternative", "zh"),
                                 rule=rule_text("plan_alt", row.target, "en"),
                                 rule_zh=rule_text("plan_alt", row.target, "zh")))
    if row.province_wide is not None:
        out.append(TargetReading(
            reading="province_wide", default=False, value=row.province_wide,
            label=catalogue_label("plan_reading", "province_wide", "en"),
            label_zh=catalogue_label("plan_reading", "province_wide", "zh"),
            rule=catalogue_label("plan_province", "rule", "en"),
            rule_zh=catalogue_label("plan_province", "rule", "zh")))
    return out


def to_graphql(row: Progress) -> TargetProgress:
    """The API's view of one analysis row, every code with its texts."""
    target = row.target
    return TargetProgress(
        target=target, label=rule_text("plan_target", target, "en"),
        label_zh=rule_text("plan_target", target, "zh"), description=row.description,
        quote=row.rule.quote, goal=row.goal, comparison=row.comparison, actual=row.actual,
        ratio=row.ratio, met=row.met, expected=row.expected, on_track=row.on_track,
        unit=row.unit, as_of=row.as_of,
        unit_label=catalogue_label("plan_unit", row.unit, "en"),
        unit_label_zh=catalogue_label("plan_unit", row.unit, "zh"), year=row.year,
        region_id=strawberry.ID(row.region_id) if row.region_id else None,
        basis=coded("plan_basis", row.basis), share_of_national=row.share_of_national,
        counting=row.counting, counting_zh=rule_text("plan_rule", target, "zh"),
        window=TargetWindow(
            code=row.window, from_year=row.window_from, to_year=row.window_to,
            label=window_text(row.rule, row.as_of, "en"),
            label_zh=window_text(row.rule, row.as_of, "zh")),
        area=coded("plan_area", row.area), readings=_readings(row),
        province_wide=row.province_wide,
        why=rule_text("plan_why", target, "en"), why_zh=rule_text("plan_why", target, "zh"),
        undated_count=row.undated_count,
        caveats=[TargetCaveat(code=c, count=n, label=catalogue_label("plan_caveat", c, "en"),
                              label_zh=catalogue_label("plan_caveat", c, "zh"))
                 for c, n in row.caveats],
        missing=None if row.missing is None else coded("plan_missing", row.missing),
        by_year=[TargetYear(year=y.year, actual=y.actual, met=y.met,
                            alternative=y.alternative, province_wide=y.province_wide)
                 for y in row.by_year])


@strawberry.type(description="An official statistic (dataset file `indicators`).")
class Indicator:
    region_id: strawberry.ID | None = strawberry.field(
        description="The area (a region, park or cluster); null for the nation.")
    indicator: str
    year: int
    value: float
    unit: str
    source: str | None
    synthetic: bool | None

    @strawberry.field(description="The indicator's name in English.")
    def label(self) -> str:
        return catalogue_label("indicator", self.indicator, "en")

    @strawberry.field(description="The indicator's name in Chinese.")
    def label_zh(self) -> str:
        return catalogue_label("indicator", self.indicator, "zh")


async def read_indicators(info: Info, **filters: Any) -> list[dict[str, Any]]:
    """One round-trip: indicator rows matching `filters` (graph.repository.indicators)."""
    ctx = info.context
    ctx.cypher_calls += 1
    return await repository.indicators(ctx.driver, database=ctx.settings.neo4j_database,
                                       timeout_s=ctx.settings.neo4j_query_timeout_s, **filters)


def _as_table(rows: list[dict[str, Any]]) -> Indicators:
    return {(r["regionId"], r["indicator"], int(r["year"])): float(r["value"]) for r in rows}


async def read_plan_figures(info: Info) -> Indicators:
    """One round-trip: the indicators the plan's targets read, as plan_progress takes them
    (planProgress and annualReport)."""
    return _as_table(await read_indicators(info, codes=[TURNOVER, GDP_SHARE], limit=100_000))


Year = Annotated[int, strawberry.argument(
    description="The target year the goals are for (the plan's end: 2015); also the year "
                "counted unless `asOf` is given.")]
AsOf = Annotated[int | None, strawberry.argument(
    description="The year counted, 2011..`year` (default: `year`): `actual` and `byYear` "
                "stop there and `onTrack` says whether the target is on the straight line "
                "to its goal in `year`.")]
RegionId = Annotated[strawberry.ID | None, strawberry.argument(
    description="A province: its pilot areas and contributions (null: the nation).")]


@strawberry.type
class PlanQuery:
    @strawberry.field(description="Each target of the plan as the seed counts it, as of the "
                                  "end of `year`, for the nation or one province (`regionId`): "
                                  "goal, actual, both readings, caveats and `byYear` "
                                  "(2011..asOf), from one read of the graph's history.")
    async def plan_progress(self, info: Info, year: Year, region_id: RegionId = None,
                            as_of: AsOf = None) -> list[TargetProgress]:
        check_as_of(year, "year")
        if as_of is not None:
            try:
                analysis.check_as_of_year(as_of, year)
            except ValueError as e:
                raise BadUserInput(str(e), extensions={"argument": "asOf"}) from e
        G = await whole_graph(info, None)  # every year: byYear is cut from this one graph
        figures = await read_plan_figures(info)
        region = None if region_id is None else str(region_id)
        try:
            rows = await run_analysis(lambda: analysis.plan_progress(G, year, region, figures,
                                                                      as_of))
        except analysis.RegionError as e:
            error = NotFound if e.unknown else BadUserInput
            raise error(str(e), extensions={"argument": "regionId"}) from e
        return [to_graphql(row) for row in rows]

    @strawberry.field(description="Official statistics (dataset file `indicators`), by area, "
                                  "code and years.")
    async def indicators(self, info: Info, region_id: RegionId = None,
                         national: bool = False,
                         indicator: IndicatorCode | None = None,  # type: ignore[valid-type]
                         from_year: Annotated[int | None, strawberry.argument(name="from")] = None,
                         to_year: Annotated[int | None, strawberry.argument(name="to")] = None,
                         first: int = 100) -> list[Indicator]:
        if not 1 <= first <= MAX_INDICATORS:
            raise BadUserInput(f"first must be between 1 and {MAX_INDICATORS}",
                               extensions={"argument": "first"})
        for value, name in ((from_year, "from"), (to_year, "to")):
            if value is not None:
                check_as_of(value, name)
        rows = await read_indicators(
            info, region_id=None if region_id is None else str(region_id), national=national,
            codes=None if indicator is None else [indicator.value], from_year=from_year,
            to_year=to_year, limit=first)
        return [Indicator(region_id=strawberry.ID(r["regionId"]) if r["regionId"] else None,
                          indicator=r["indicator"], year=r["year"], value=r["value"],
                          unit=r["unit"], source=r["source"], synthetic=r["synthetic"])
                for r in rows]
