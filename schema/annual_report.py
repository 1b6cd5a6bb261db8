"""`annualReport(regionId, year, lang)`: the annual report's data (analysis/report), the
same figures the PDF and the workbook show, exact (not rounded), texts in `lang`.

The GraphQL types mirror analysis/report/model.py field for field; the resolver returns the
dataclasses themselves.
"""

from __future__ import annotations

import strawberry

from analysis.report import ReportError, annual_report
from graph.time import present_year
from schema.analysis import run_analysis, whole_graph
from schema.context import Info
from schema.errors import BadUserInput
from schema.plan import read_plan_figures


@strawberry.type(name="ReportEntity", description="An entity, named in the report's language.")
class Named:
    id: strawberry.ID
    name: str


@strawberry.type(name="ReportTrendPoint")
class TrendPoint:
    year: int
    actual: float | None


@strawberry.type(name="ReportTarget", description="A plan target as of the year.")
class TargetRow:
    target: str
    name: str = strawberry.field(description="The target in the report's language.")
    goal: float
    comparison: str
    goal_text: str
    actual: float | None = strawberry.field(
        description="Null when it cannot be computed (`missing` says why).")
    ratio: float | None = strawberry.field(description="Actual over the goal (for a province: "
                                                       "the national goal); null when the "
                                                       "actual is unknown.")
    met: bool | None = strawberry.field(description="Null for a province or an unknown actual.")
    unit: str = strawberry.field(description="A code of the catalogue group plan_unit.")
    growth: float | None = strawberry.field(description="Actual minus last year's actual.")
    undated_count: int
    counting: str
    trend: list[TrendPoint]
    share_of_national: float | None = strawberry.field(
        description="A province's actual over the national actual (null for the nation).")
    missing: str | None = strawberry.field(description="Why the actual is unknown, in words.")


@strawberry.type(name="ReportTargets")
class TargetsSection:
    scope: str = strawberry.field(description="`national`, or `province_share` (a "
                                              "province's counts and share of the nation).")
    rows: list[TargetRow]
    note: str | None


@strawberry.type(name="ReportComponent")
class ComponentRow:
    component: str
    name: str
    value: float
    weight: float
    contribution: float


@strawberry.type(name="ReportAction")
class ActionRow:
    kind: str
    description: str
    gain: float


@strawberry.type(name="ReportSuggestion")
class SuggestionRow:
    provider: Named
    rank: int
    reasons: list[str]


@strawberry.type(name="ReportGap")
class GapRow:
    stage: str
    stage_name: str
    status: str
    status_name: str
    suggestions: list[SuggestionRow]


@strawberry.type(name="ReportHeatMap", description="Stage statuses, stages down and years "
                                                  "across; null cells: the park did not exist.")
class HeatMap:
    years: list[int]
    stages: list[str]
    stage_names: list[str]
    cells: list[list[str | None]]
    scores: list[float | None]


@strawberry.type(name="ReportPilot")
class PilotRow:
    park: Named
    pilot_year: int | None
    step: str
    score: float
    components: list[ComponentRow]
    actions: list[ActionRow]
    gaps: list[GapRow]
    heat_map: HeatMap


@strawberry.type(name="ReportCount")
class CountRow:
    what: str
    count: int


@strawberry.type(name="ReportProvinceFunding",
                 description="One province's matching funds (fundingMatch), with the number "
                             "of grants counted and left out.")
class ProvinceFunding:
    province: Named
    pilots: list[Named]
    torch_million_cny: float
    provincial_million_cny: float
    ratio: float | None
    compliant: bool | None
    compliant_alt_reading: bool | None
    counted: int
    excluded: int


@strawberry.type(name="ReportMatching")
class MatchingSection:
    torch_million_cny: float
    provincial_million_cny: float
    ratio: float | None
    compliant: bool | None
    compliant_alt_reading: bool | None
    provinces: list[ProvinceFunding]
    excluded: list[CountRow] = strawberry.field(
        description="The grants left out, counted by reason (in words).")


@strawberry.type(name="ReportCluster")
class ClusterRow:
    cluster: Named
    rank: int
    score: float


@strawberry.type(name="ReportCandidate")
class CandidateRow:
    park: Named
    rank: int | None = strawberry.field(description="Null when status is not_enough_data.")
    score: float | None
    foundation: float | None
    demonstration: float | None
    distinctiveness: float | None
    undated_count: int
    status: str = strawberry.field(description="`ranked` or `not_enough_data`.")
    status_name: str


@strawberry.type(name="ReportDataQuality")
class DataQuality:
    undated: list[CountRow]
    sources: list[CountRow]
    synthetic: int
    entities: int
    not_computed: list[str]


@strawberry.type(description="The annual report of a province (or the nation) for a year.")
class AnnualReport:
    region: Named | None
    year: int
    lang: str
    generated: str
    targets: TargetsSection
    pilots: list[PilotRow]
    matching: MatchingSection
    clusters: list[ClusterRow]
    candidates: list[CandidateRow]
    quality: DataQuality


@strawberry.type
class ReportQuery:
    @strawberry.field(description="The annual report's data for a province (`regionId`, a "
                                  "Region of kind province; the nation when null) and `year`, "
                                  "texts in `lang` (zh or en).")
    async def annual_report(self, info: Info, year: int, region_id: str | None = None,
                            lang: str = "zh") -> AnnualReport:
        G = await whole_graph(info, None)
        figures = await read_plan_figures(info)
        try:
            report = await run_analysis(
                lambda: annual_report(G, region_id, year, lang, latest=present_year(),
                                      indicators=figures))
        except ReportError as e:
            argument = {"region": "regionId"}.get(e.argument, e.argument)
            raise BadUserInput(f"{argument}: {e}", extensions={"argument": argument}) from e
        return report  # type: ignore[return-value]
