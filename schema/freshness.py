"""How fresh an analysis answer is, and answers rebuilt from stored results.

`clusterScores`, `pilotCandidates`, `centrality` and `communities` serve what
`stsgraph analyze refresh` stored (graph/results.py) when it is fresh for the arguments
asked, else compute as before; either way each entry's `freshness` says which, with the data
version and time it was computed on. A stale result is never served.
"""

import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import strawberry

from analysis._graph import EntityRef
from analysis.network import CentralityEntry, Community
from analysis.pilots import PilotCandidate
from analysis.score import Component, IntegrationScore
from analysis.text import label as catalogue_label
from graph import results
from schema.context import Info


@strawberry.enum(description="Where an analysis answer comes from.")
class AnalysisSource(enum.Enum):
    STORED = "stored"
    COMPUTED_ON_REQUEST = "computed_on_request"


@strawberry.type(description="How fresh an analysis answer is: stored by `stsgraph analyze "
                             "refresh` and still fresh, or computed on request.")
class AnalysisFreshness:
    source: AnalysisSource
    computed_at: datetime = strawberry.field(description="When the answer was computed.")
    data_version: int = strawberry.field(
        description="The data fingerprint's version it was computed on (it goes up with "
                    "every load and mutation).")
    stale: bool = strawberry.field(
        description="Whether a write changed its inputs since; always false in an answer "
                    "(stale results are recomputed, not served).")

    @strawberry.field(description="The source in words (English).")
    def source_label(self) -> str:
        return catalogue_label("analysis_source", self.source.value, "en")

    @strawberry.field(description="The source in words (Chinese).")
    def source_label_zh(self) -> str:
        return catalogue_label("analysis_source", self.source.value, "zh")


@strawberry.type(description="The stored results of one analysis and year, and how many "
                             "of them a write has made stale.")
class StoredAnalysisStatus:
    kind: str = strawberry.field(description="cluster-score, pilot-candidates, centrality "
                                             "or communities.")
    as_of: int
    results: int = strawberry.field(description="Stored results (one per cluster, "
                                                "province, metric and kind, algorithm).")
    stale_results: int
    stale: bool = strawberry.field(description="Whether any of them is stale.")
    computed_at: datetime | None = strawberry.field(description="The oldest computation.")
    data_version: int | None = strawberry.field(description="The oldest data version.")
    current_version: int = strawberry.field(description="The data version now.")
    stale_keys: list[str] = strawberry.field(
        description="The first 100 stale keys (cluster ids for cluster-score).")


def stored_freshness(result: results.StoredResult) -> AnalysisFreshness:
    assert result.computed_at is not None and result.data_version is not None
    return AnalysisFreshness(source=AnalysisSource.STORED, computed_at=result.computed_at,
                             data_version=result.data_version, stale=False)


def computed_freshness(version: int) -> AnalysisFreshness:
    return AnalysisFreshness(source=AnalysisSource.COMPUTED_ON_REQUEST,
                             computed_at=datetime.now(UTC), data_version=version, stale=False)


class Served:
    """An analysis result with `freshness` (and `undated_count` when given, for the
    network results, which do not carry one); other attributes pass through."""

    def __init__(self, result: Any, freshness: AnalysisFreshness | None,
                 undated_count: int | None = None) -> None:
        self.result = result
        self.freshness = freshness
        if undated_count is not None:
            self.undated_count = undated_count

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)


async def read_stored(info: Info, kind: str, as_of: int,
                      keys: list[str] | None = None) -> results.StoredSet:
    ctx = info.context
    ctx.cypher_calls += 1
    return await results.read_results(ctx.driver, kind, as_of, keys,
                                      ctx.settings.neo4j_database,
                                      ctx.settings.neo4j_query_timeout_s)


# --- payloads back into analysis results (the refresh wrote their to_dict()) ---------------

def _ref(raw: Mapping[str, Any]) -> EntityRef:
    return EntityRef(str(raw["id"]), str(raw["name"]), raw.get("label"))


def integration_score(raw: Mapping[str, Any], weights: Mapping[str, float]) -> IntegrationScore:
    """A stored score (default weights) under `weights` (validated): the components' values
    do not depend on the weights, the score is their weighted sum as `score_assessment`
    computes it (same order, same rounding)."""
    components = tuple(
        Component(c["name"], c["value"], weights[c["name"]],
                  100.0 * weights[c["name"]] * c["value"], c["details"], c["undatedCount"])
        for c in raw["components"])
    total = 100.0 * sum(weights[c.name] * c.value for c in components)
    return IntegrationScore(_ref(raw["scope"]), raw["chain"], round(total, 2), components)


def pilot_candidate(raw: Mapping[str, Any]) -> PilotCandidate:
    return PilotCandidate(_ref(raw["park"]), raw["rank"], raw["score"], raw["foundation"],
                          raw["demonstration"], raw["distinctiveness"], dict(raw["details"]),
                          raw["undatedCount"], raw["status"])


def centrality_entry(raw: Mapping[str, Any]) -> tuple[CentralityEntry, int]:
    return CentralityEntry(_ref(raw["actor"]), raw["value"], raw["rank"]), raw["undatedCount"]


def community(raw: Mapping[str, Any]) -> tuple[Community, int]:
    found = Community(raw["index"], tuple(_ref(m) for m in raw["members"]),
                      tuple(raw["stages"]), tuple(sorted(raw["labels"].items())))
    return found, raw["undatedCount"]


def statuses(rows: list[dict[str, Any]]) -> list[StoredAnalysisStatus]:
    """`graph.results.freshness_rows` summed per kind and year."""
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["kind"], row["asOf"]), []).append(row)
    out = []
    for (kind, as_of), group in sorted(grouped.items()):
        stale = [r["key"] for r in group if not r["fresh"]]
        times = [r["computedAt"] for r in group if r["computedAt"] is not None]
        versions = [r["dataVersion"] for r in group if r["dataVersion"] is not None]
        out.append(StoredAnalysisStatus(
            kind=kind, as_of=as_of, results=len(group), stale_results=len(stale),
            stale=bool(stale), computed_at=min(times, default=None),
            data_version=min(versions, default=None),
            current_version=group[0]["currentVersion"], stale_keys=stale[:100]))
    return out
