"""The annual report's data: plain frozen dataclasses, texts already in the report's
language, numbers exact (rounding for people is the renderers' job, app/report/fmt.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from analysis.text import Lang


@dataclass(frozen=True)
class Named:
    """An entity as the report shows it: id and its name in the report's language."""

    id: str
    name: str


@dataclass(frozen=True)
class TrendPoint:
    year: int
    actual: float | None  # None: not computable that year (e.g. no official figure)


@dataclass(frozen=True)
class TargetRow:
    """One plan target (analysis.plan_progress), its growth in the year and its trend.
    `actual` is None where it cannot be computed (`missing` says why, in words); for a
    province `met` is None (no goal of its own), `ratio` is over the national goal and
    `share_of_national` is the province's share of the national actual (what the report
    shows instead of ratio and met)."""

    target: str
    name: str
    goal: float
    comparison: str
    goal_text: str
    actual: float | None
    ratio: float | None
    met: bool | None
    unit: str  # a code of the catalogue group plan_unit ("million_cny" for money)
    growth: float | None
    undated_count: int
    counting: str
    trend: tuple[TrendPoint, ...]
    share_of_national: float | None
    missing: str | None


@dataclass(frozen=True)
class TargetsSection:
    scope: str  # "national", or "province_share" (a province's counts, no goals of its own)
    rows: tuple[TargetRow, ...]
    note: str | None


@dataclass(frozen=True)
class ComponentRow:
    component: str
    name: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class ActionRow:
    kind: str
    description: str
    gain: float


@dataclass(frozen=True)
class SuggestionRow:
    provider: Named
    rank: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class GapRow:
    stage: str
    stage_name: str
    status: str
    status_name: str
    suggestions: tuple[SuggestionRow, ...]


@dataclass(frozen=True)
class HeatMap:
    """Stage statuses of a scope, stages down and years across (analysis.timeline);
    `cells[i][j]` is the status code of stage i in years[j], None where the scope did not
    exist."""

    years: tuple[int, ...]
    stages: tuple[str, ...]
    stage_names: tuple[str, ...]
    cells: tuple[tuple[str | None, ...], ...]
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class PilotRow:
    park: Named
    pilot_year: int | None
    step: str
    score: float
    components: tuple[ComponentRow, ...]
    actions: tuple[ActionRow, ...]
    gaps: tuple[GapRow, ...]
    heat_map: HeatMap


@dataclass(frozen=True)
class CountRow:
    what: str
    count: int


@dataclass(frozen=True)
class ProvinceFunding:
    """One province's matching (analysis.funding_match): its active pilots, the money, and
    how many grants were counted and left out."""

    province: Named
    pilots: tuple[Named, ...]
    torch_million_cny: float
    provincial_million_cny: float
    ratio: float | None
    compliant: bool | None
    compliant_alt_reading: bool | None
    counted: int
    excluded: int


@dataclass(frozen=True)
class MatchingSection:
    """Torch special funds against provincial matching, summed over the provinces;
    `excluded` counts the grants left out by reason (in words)."""

    torch_million_cny: float
    provincial_million_cny: float
    ratio: float | None
    compliant: bool | None
    compliant_alt_reading: bool | None
    provinces: tuple[ProvinceFunding, ...]
    excluded: tuple[CountRow, ...]


@dataclass(frozen=True)
class ClusterRow:
    cluster: Named
    rank: int
    score: float


@dataclass(frozen=True)
class CandidateRow:
    """A pilot candidate; rank and scores are None when status is `not_enough_data`."""

    park: Named
    rank: int | None
    score: float | None
    foundation: float | None
    demonstration: float | None
    distinctiveness: float | None
    undated_count: int
    status: str
    status_name: str


@dataclass(frozen=True)
class DataQuality:
    undated: tuple[CountRow, ...]
    sources: tuple[CountRow, ...]
    synthetic: int
    entities: int
    not_computed: tuple[str, ...]


@dataclass(frozen=True)
class AnnualReport:
    region: Named | None  # None: the national report
    year: int
    lang: Lang
    generated: str  # ISO date
    targets: TargetsSection
    pilots: tuple[PilotRow, ...]
    matching: MatchingSection
    clusters: tuple[ClusterRow, ...]
    candidates: tuple[CandidateRow, ...]
    quality: DataQuality

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
