"""Analysis fields: service-chain gaps, integration scores, plan progress, pilots, network.

Each field projects the part of the graph it needs (graph/projections.py), then runs the
pure networkx analysis (analysis/) in a worker thread so the event loop stays free. The
result dataclasses are returned as they are: the GraphQL types below read their attributes.
"""

import asyncio
import enum
import time
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx
import strawberry
from strawberry.scalars import JSON

import analysis
from analysis.chains import ChainConfigError, ChainError
from analysis.changes import ChangeError
from analysis.scope import ScopeError
from analysis.score import WeightsError
from analysis.text import label as catalogue_label
from analysis.text import label as text_label
from analysis.timeline import TimelineError
from graph import projections
from graph.fingerprint import read_fingerprint
from schema.context import Info
from schema.errors import BadUserInput, NotFound
from schema.freshness import AnalysisFreshness

T = TypeVar("T")

StageStatus = strawberry.enum(analysis.StageStatus, description="Coverage of a chain stage.")
HandoffStatus = strawberry.enum(analysis.HandoffStatus,
                                description="Whether consecutive stages hand work on.")


@strawberry.type(description="A reference to an entity in an analysis result.")
class EntityRef:
    id: strawberry.ID
    name: str
    label: str | None = strawberry.field(description="The entity's kind (Park, Agency, ...).")


@strawberry.type(description="A service stage.")
class StageRef:
    code: str
    name: str
    name_zh: str


@strawberry.type(description="An actor outside the scope that could fill a gap, and why.")
class Suggestion:
    actor: EntityRef
    rank: int
    reasons: list[str]
    same_province: bool
    province: str | None
    national: bool
    branches: int
    distance: int | None = strawberry.field(description="Collaboration hops to the scope.")
    staff: int | None

    @strawberry.field(description="The reasons in Chinese (`reasons` is English), entity "
                                  "names by their nameZh.")
    def reasons_zh(self, root: Any) -> list[str]:
        return list(root.reasons_in("zh"))


@strawberry.type(description="Status of one stage of the chain in the scope.")
class StageGap:
    stage: StageRef
    status: StageStatus  # type: ignore[valid-type]
    supporting: bool = strawberry.field(description="A supporting stage, not in the chain order.")
    providers: list[EntityRef]
    matched_providers: list[EntityRef]
    suggestions: list[Suggestion]
    undated_count: int = strawberry.field(
        description="Providers whose presence rests on a missing date: no start year, or no "
                    "`since` on their PROVIDES link or on the link placing them in the scope.")

    @strawberry.field(description="The status in words (English).")
    def status_label(self, root: Any) -> str:
        return catalogue_label("status", root.status.value, "en")

    @strawberry.field(description="The status in words (Chinese).")
    def status_label_zh(self, root: Any) -> str:
        return catalogue_label("status", root.status.value, "zh")


@strawberry.type(description="The handoff between two consecutive chain stages.")
class Handoff:
    from_stage: StageRef = strawberry.field(name="from")
    to_stage: StageRef = strawberry.field(name="to")
    status: HandoffStatus  # type: ignore[valid-type]
    evidence: str | None
    undated: bool = strawberry.field(
        description="The evidence rests on a missing date (an undated provider or link).")

    @strawberry.field(description="The status in words (English).")
    def status_label(self, root: Any) -> str:
        return catalogue_label("handoff", root.status.value, "en")

    @strawberry.field(description="The status in words (Chinese).")
    def status_label_zh(self, root: Any) -> str:
        return catalogue_label("handoff", root.status.value, "zh")


@strawberry.type(description="Where the scope's service chain is missing, thin or broken.")
class GapReport:
    scope: EntityRef
    chain: str = strawberry.field(description="The chain used (by name).")
    focus_industries: list[EntityRef]
    stages: list[StageGap]
    handoffs: list[Handoff]


@strawberry.type(description="One component of the integration score.")
class ScoreComponent:
    name: str
    value: float
    weight: float
    contribution: float = strawberry.field(description="Points of the 0-100 score.")
    undated_count: int = strawberry.field(
        description="How many of the items this component counted rest on a missing date "
                    "(docs/scoring.md lists the items of each component).")

    @strawberry.field(description="The component's name in words (English).")
    def label(self, root: Any) -> str:
        return catalogue_label("component", root.name, "en")

    @strawberry.field(description="The component's name in Chinese.")
    def label_zh(self, root: Any) -> str:
        return catalogue_label("component", root.name, "zh")

    @strawberry.field(description="The figures the value was computed from.")
    def details(self, root: Any) -> JSON:
        return dict(root.details)  # type: ignore[no-any-return]


@strawberry.type(description="A change that would raise the score, with its estimated gain.")
class ScoreAction:
    kind: str
    description: str
    gain: float
    components: list[str]

    @strawberry.field(description="The description in Chinese (entity names by nameZh).")
    def description_zh(self, root: Any) -> str:
        return root.description_in("zh")  # type: ignore[no-any-return]

    @strawberry.field(description="The change as whatIf input.")
    def changes(self, root: Any) -> JSON:
        return [dict(c) for c in root.changes]  # type: ignore[no-any-return]


@strawberry.type(description="Resource-integration score of a scope, 0-100, explained.")
class IntegrationScore:
    scope: EntityRef
    chain: str
    score: float
    components: list[ScoreComponent]
    actions: list[ScoreAction]

    @strawberry.field(description="Stored by `analyze refresh` or computed on request, and "
                                  "on which data version (null where not tracked).")
    def freshness(self, root: Any) -> AnalysisFreshness | None:
        return getattr(root, "freshness", None)


@strawberry.type(description="A candidate's status with its text in English and Chinese.")
class CandidateStatus:
    code: str
    label: str
    label_zh: str


@strawberry.type(description="A non-pilot park ranked for pilot status; with status "
                             "`not_enough_data` (fewer actors than the minimum evidence) it "
                             "is listed unscored: rank, score and components are null.")
class PilotCandidate:
    park: EntityRef
    rank: int | None
    score: float | None
    foundation: float | None
    demonstration: float | None
    distinctiveness: float | None
    undated_count: int = strawberry.field(
        description="The park's actors and outside collaborators counted that rest on a "
                    "missing date.")

    @strawberry.field(description="Stored by `analyze refresh` or computed on request, and "
                                  "on which data version (null where not tracked).")
    def freshness(self, root: Any) -> AnalysisFreshness | None:
        return getattr(root, "freshness", None)

    @strawberry.field
    def details(self, root: Any) -> JSON:
        return dict(root.details)  # type: ignore[no-any-return]

    @strawberry.field(description="`ranked` or `not_enough_data`, with its text.")
    def status(self, root: Any) -> CandidateStatus:
        return CandidateStatus(code=root.status,  # type: ignore[call-arg]
                               label=text_label("candidate_status", root.status, "en"),
                               label_zh=text_label("candidate_status", root.status, "zh"))


@strawberry.type(description="An actor's centrality in the collaboration graph.")
class CentralityEntry:
    actor: EntityRef
    value: float
    rank: int
    undated_count: int = strawberry.field(
        description="The actor's collaboration ties that rest on no dated link.")

    @strawberry.field(description="Stored by `analyze refresh` or computed on request, and "
                                  "on which data version (null where not tracked).")
    def freshness(self, root: Any) -> AnalysisFreshness | None:
        return getattr(root, "freshness", None)


@strawberry.type(description="A community of the collaboration graph.")
class Community:
    index: int
    size: int
    members: list[EntityRef]
    stages: list[str]
    undated_count: int = strawberry.field(
        description="Members without a start year (in a scope: or not dated there).")

    @strawberry.field(description="Stored by `analyze refresh` or computed on request, and "
                                  "on which data version (null where not tracked).")
    def freshness(self, root: Any) -> AnalysisFreshness | None:
        return getattr(root, "freshness", None)


@strawberry.type(description="An actor bridging stages or linking the scope to the outside.")
class Broker:
    actor: EntityRef
    stages: list[str]
    external_partners: list[EntityRef]
    role: str
    undated_count: int = strawberry.field(
        description="The ties making the actor a broker that rest on no dated link.")


@strawberry.type(description="One changed number in a what-if comparison.")
class Delta:
    name: str
    delta: float


@strawberry.type(description="A stage whose status changed in a what-if comparison.")
class StageChange:
    stage: str
    before: str
    after: str


@strawberry.type(description="Gap report and score before and after hypothetical changes.")
class WhatIf:
    scope: str
    chain: str
    before_gaps: GapReport
    after_gaps: GapReport
    before_score: IntegrationScore
    after_score: IntegrationScore
    delta: float

    @strawberry.field
    def component_deltas(self, root: Any) -> list[Delta]:
        return [Delta(name=n, delta=d) for n, d in root.component_deltas]

    @strawberry.field
    def stage_changes(self, root: Any) -> list[StageChange]:
        return [StageChange(stage=s, before=b, after=a) for s, b, a in root.stage_changes]


@strawberry.type(description="One year of a timeline. In a year the scope does not exist, "
                             "stages and handoffs are empty and score is null.")
class TimelineYear:
    year: int
    exists: bool = strawberry.field(description="Whether the scope exists in that year.")
    score: IntegrationScore | None = strawberry.field(
        description="The integration score of that year (components, no actions).")

    @strawberry.field(description="Stage statuses of that year (no suggestions).")
    def stages(self, root: Any) -> list[StageGap]:
        return [] if root.gaps is None else list(root.gaps.stages)

    @strawberry.field(description="Handoffs of that year.")
    def handoffs(self, root: Any) -> list[Handoff]:
        return [] if root.gaps is None else list(root.gaps.handoffs)


@strawberry.type(description="A scope year by year: stage statuses and integration score.")
class Timeline:
    scope: EntityRef
    chain: str = strawberry.field(description="The chain every year was analysed with.")
    from_year: int = strawberry.field(name="from")
    to_year: int = strawberry.field(name="to")
    years: list[TimelineYear]


@strawberry.input(description="Exactly one of parkId, clusterId, regionId.", one_of=True)
class ScopeInput:
    park_id: strawberry.ID | None = strawberry.UNSET
    cluster_id: strawberry.ID | None = strawberry.UNSET
    region_id: strawberry.ID | None = strawberry.UNSET

    def resolve(self) -> tuple[str, str]:
        for label, value in (("Park", self.park_id), ("Cluster", self.cluster_id),
                             ("Region", self.region_id)):
            if value:
                return str(value), label
        raise BadUserInput("scope needs one of parkId, clusterId, regionId")


@strawberry.enum(description="Centrality measures.")
class CentralityMetric(enum.Enum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"


@strawberry.enum(description="Community detection algorithms (seeded, deterministic).")
class CommunityAlgorithm(enum.Enum):
    LOUVAIN = "louvain"
    LABEL_PROPAGATION = "label_propagation"


@strawberry.enum(description="Order of clusterScores.")
class ClusterScoreOrder(enum.Enum):
    SCORE_DESC = "score_desc"
    SCORE_ASC = "score_asc"
    NAME_ASC = "name_asc"


ChangeOp = strawberry.enum(analysis.ChangeOp, description="What-if operations.")


@strawberry.input(description="A hypothetical change; fields used depend on `op`.")
class ChangeInput:
    op: ChangeOp
    id: strawberry.ID | None = None
    label: str | None = None
    name: str | None = None
    kind: str | None = None
    park_id: strawberry.ID | None = None
    stages: list[str] | None = None
    industries: list[strawberry.ID] | None = None
    stage: str | None = None
    type: str | None = None
    source: strawberry.ID | None = None
    target: strawberry.ID | None = None
    properties: JSON | None = None

    def to_change(self) -> dict[str, Any]:
        values = {k: v for k, v in vars(self).items() if v is not None}
        values["op"] = str(self.op)  # a StrEnum: its value
        return values


# --- execution ---------------------------------------------------------------------------

# Whole-graph projections by (driver, database, year read): each year is its own graph,
# kept with the data version (graph/fingerprint.py) it was read at and when.
_WHOLE: dict[tuple[int, str, int | None], tuple[float, int, nx.MultiDiGraph]] = {}
_WHOLE_MAX = 4  # projections kept at once: each holds a whole graph in memory


def invalidate_whole_graph() -> None:
    """Forget this process's whole-graph projections at once (a mutation does; other
    processes see the fingerprint change)."""
    _WHOLE.clear()


async def whole_graph(info: Info, year: int | None,
                      version: int | None = None) -> nx.MultiDiGraph:
    """The whole-graph projection as of `year` (None: every year), reused while the data
    fingerprint's version is `version` (read here when not given: one small query) and for
    at most `analysis_cache_s` seconds (writes made around stsgraph do not bump the
    fingerprint). `G.graph["dataVersion"]`: the version read before the projection."""
    ctx = info.context
    if version is None:
        ctx.cypher_calls += 1
        version = (await read_fingerprint(ctx.driver, ctx.settings.neo4j_database)).version
    key = (id(ctx.driver), ctx.settings.neo4j_database, year)
    cached = _WHOLE.get(key)
    if (cached and cached[1] == version
            and time.monotonic() - cached[0] < ctx.settings.analysis_cache_s):
        return cached[2]
    ctx.cypher_calls += 2
    G = await projections.project_whole(ctx.driver, ctx.settings.neo4j_database,
                                        ctx.settings.neo4j_query_timeout_s, as_of=year)
    G.graph["dataVersion"] = version
    _WHOLE[key] = (time.monotonic(), version, G)
    while len(_WHOLE) > _WHOLE_MAX:
        _WHOLE.pop(min(_WHOLE, key=lambda k: _WHOLE[k][0]))
    return G


async def scope_graph(info: Info, scope_id: str, extra_ids: list[str] | None = None,
                      suggestions: int = 3, year: int | None = None,
                      during: tuple[int, int] | None = None) -> nx.MultiDiGraph:
    """The scope's projection as of `year`, else its history during the years `during`."""
    ctx = info.context
    G = await projections.project_scope(ctx.driver, scope_id, extra_ids=extra_ids,
                                        suggestions=suggestions,
                                        database=ctx.settings.neo4j_database,
                                        timeout_s=ctx.settings.neo4j_query_timeout_s,
                                        as_of=year, during=during)
    ctx.cypher_calls += int(G.graph["queries"])
    return G


class Counted:
    """An analysis result with an `undated_count` attribute added, for the network
    results (analysis/network.py), which do not carry one; other attributes pass through."""

    def __init__(self, result: Any, undated_count: int) -> None:
        self.result = result
        self.undated_count = undated_count

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)


async def run_analysis(fn: Callable[[], T]) -> T:
    """Run a CPU-bound analysis in a thread, turning its errors into API errors."""
    try:
        return await asyncio.to_thread(fn)
    except ScopeError as e:
        raise NotFound(str(e)) from e
    except (ChainError, ChainConfigError, WeightsError, ChangeError, TimelineError) as e:
        raise BadUserInput(str(e)) from e


def _check_first(first: int, cap: int) -> int:
    if not 1 <= first <= cap:
        raise BadUserInput(f"first must be between 1 and {cap}")
    return first


def changed_ids(changes: list[ChangeInput]) -> list[str]:
    ids = {str(v) for c in changes for v in (c.id, c.park_id, c.source, c.target) if v}
    return sorted(ids | {str(i) for c in changes for i in c.industries or ()})
