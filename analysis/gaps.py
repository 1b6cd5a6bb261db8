"""Service-chain gap analysis of a scope (DESIGN.md §5): stage status, handoffs, suggestions.

>>> from analysis.builder import worked_example
>>> report = find_stage_gaps(worked_example(), "cluster-a")
>>> report.chain
'default'
>>> [(s.stage.code, s.status.value) for s in report.stages if not s.supporting]
...                                                       # doctest: +NORMALIZE_WHITESPACE
[('research_development', 'THIN'), ('testing_certification', 'COVERED'),
 ('intellectual_property', 'MISMATCHED'), ('technology_transfer', 'MISSING'),
 ('incubation', 'THIN'), ('finance', 'THIN')]
>>> [h.status.value for h in report.handoffs]
['CONNECTED', 'CONNECTED', 'UNKNOWN', 'UNKNOWN', 'BROKEN']
>>> report.stage("testing_certification").undated_count   # nothing in the example is dated
2
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from analysis._graph import EntityRef, predecessors, ref, successors
from analysis.asof import dated_link
from analysis.chains import Chain, choose_chain, get_chain
from analysis.collab import collaboration_graph
from analysis.scope import Scope, resolve_scope
from analysis.stages import StageRef, stage_ref
from analysis.suggest import Suggestion, suggest_providers
from analysis.undated import undated_actors

__all__ = [
    "GapReport",
    "HandoffReport",
    "HandoffStatus",
    "StageReport",
    "StageStatus",
    "Suggestion",
    "build_gap_report",
    "collaboration_graph",
    "find_stage_gaps",
    "resolve_chain",
    "scope_provisions",
    "stage_status",
]


class StageStatus(StrEnum):
    MISSING = "MISSING"
    MISMATCHED = "MISMATCHED"
    THIN = "THIN"
    COVERED = "COVERED"


class HandoffStatus(StrEnum):
    CONNECTED = "CONNECTED"
    BROKEN = "BROKEN"
    UNKNOWN = "UNKNOWN"


GAP_STATUSES = frozenset({StageStatus.MISSING, StageStatus.MISMATCHED, StageStatus.THIN})


@dataclass(frozen=True)
class StageReport:
    """One stage of the chain in a scope; `undated_count`: providers whose presence rests
    on a missing date (analysis/undated.py)."""

    stage: StageRef
    status: StageStatus
    supporting: bool
    providers: tuple[EntityRef, ...]
    matched_providers: tuple[EntityRef, ...]
    suggestions: tuple[Suggestion, ...]
    undated_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage.to_dict(),
            "status": self.status.value,
            "supporting": self.supporting,
            "providers": [p.to_dict() for p in self.providers],
            "matchedProviders": [p.to_dict() for p in self.matched_providers],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "undatedCount": self.undated_count,
        }


@dataclass(frozen=True)
class HandoffReport:
    """A handoff between consecutive chain stages; `evidence` names what connects them and
    `undated` says whether that evidence rests on a missing date."""

    from_stage: StageRef
    to_stage: StageRef
    status: HandoffStatus
    evidence: str | None = None
    undated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_stage.to_dict(),
            "to": self.to_stage.to_dict(),
            "status": self.status.value,
            "evidence": self.evidence,
            "undated": self.undated,
        }


@dataclass(frozen=True)
class GapReport:
    """Chain stages in chain order, then supporting stages; handoffs between chain stages."""

    scope: EntityRef
    chain: str
    focus_industries: tuple[EntityRef, ...]
    stages: tuple[StageReport, ...]
    handoffs: tuple[HandoffReport, ...]

    def stage(self, code: str) -> StageReport:
        """The report of one stage (KeyError when the chain does not name it)."""
        for report in self.stages:
            if report.stage.code == code:
                return report
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope.to_dict(),
            "chain": self.chain,
            "focusIndustries": [i.to_dict() for i in self.focus_industries],
            "stages": [s.to_dict() for s in self.stages],
            "handoffs": [h.to_dict() for h in self.handoffs],
        }


def stage_status(providers: int, matched: int) -> StageStatus:
    """MISSING (none), MISMATCHED (none matching), THIN (one matching), COVERED (2+)."""
    if providers == 0:
        return StageStatus.MISSING
    if matched == 0:
        return StageStatus.MISMATCHED
    return StageStatus.THIN if matched == 1 else StageStatus.COVERED


def scope_provisions(G: nx.MultiDiGraph, scope: Scope) -> dict[str, list[str]]:
    """Stage code -> sorted ids of scope actors that PROVIDE it."""
    by_stage: dict[str, list[str]] = {}
    for actor in scope.actors:
        for code in successors(G, actor, "PROVIDES"):
            by_stage.setdefault(code, []).append(actor)
    return {code: sorted(actors) for code, actors in by_stage.items()}


def resolve_chain(G: nx.MultiDiGraph, scope: Scope, chain: Chain | str | None) -> Chain:
    """A Chain object from a Chain, a chain name, or None (chosen by focus industries)."""
    if isinstance(chain, Chain):
        return chain
    if isinstance(chain, str):
        return get_chain(chain)
    return choose_chain(G, scope.focus_industries)


def _partners(G: nx.MultiDiGraph, actor: str) -> set[str]:
    return set(successors(G, actor, "PARTNERS_WITH")) | set(
        predecessors(G, actor, "PARTNERS_WITH")
    )


def handoff_evidence(G: nx.MultiDiGraph, left: list[str], right: list[str]) -> str | None:
    """Why providers `left` and `right` connect (same actor, partners, shared project)."""
    found = _evidence(G, left, right)
    return None if found is None else found[0]


def _evidence(G: nx.MultiDiGraph, left: list[str], right: list[str]
              ) -> tuple[str, tuple[str, str], bool] | None:
    """(evidence, (left actor, right actor), whether the links between them are dated)."""
    shared = sorted(set(left) & set(right))
    if shared:
        return f"{shared[0]} provides both stages", (shared[0], shared[0]), True
    right_set = set(right)
    for actor in left:
        partners = sorted(_partners(G, actor) & right_set)
        if partners:
            other = partners[0]
            dated = dated_link(G, actor, other, "PARTNERS_WITH") or dated_link(
                G, other, actor, "PARTNERS_WITH")
            return f"{actor} partners with {other}", (actor, other), dated
    projects_right = {p: a for a in reversed(right) for p in successors(G, a, "SUPPORTS")}
    for actor in left:
        for project in sorted(successors(G, actor, "SUPPORTS")):
            if project in projects_right:
                other = projects_right[project]
                dated = all(dated_link(G, a, project, "SUPPORTS") for a in (actor, other))
                return f"{actor} and {other} both support {project}", (actor, other), dated
    return None


def _handoffs(
    G: nx.MultiDiGraph, chain: Chain, providers: Mapping[str, list[str]],
    undated: frozenset[str],
) -> tuple[HandoffReport, ...]:
    reports = []
    for left, right in chain.handoffs:
        status, evidence, rests_on_undated = HandoffStatus.UNKNOWN, None, False
        if providers.get(left) and providers.get(right):
            found = _evidence(G, providers[left], providers[right])
            status = HandoffStatus.CONNECTED if found else HandoffStatus.BROKEN
            if found is not None:
                evidence, (a, b), links_dated = found
                rests_on_undated = not links_dated or a in undated or b in undated
        reports.append(HandoffReport(stage_ref(G, left), stage_ref(G, right), status, evidence,
                                     rests_on_undated))
    return tuple(reports)


def build_gap_report(
    G: nx.MultiDiGraph, scope: Scope, chain: Chain, suggestions: int = 3,
    undated: frozenset[str] | None = None,
) -> GapReport:
    """The gap report of an already resolved scope and chain; `undated` is
    `undated_actors(G, scope)` when the caller has it already."""
    providers = scope_provisions(G, scope)
    if undated is None:
        undated = undated_actors(G, scope)
    statuses: dict[str, StageStatus] = {}
    matched: dict[str, list[str]] = {}
    matches: dict[str, bool] = {}  # per actor: most provide several stages
    for code in chain.all_stages:
        found = providers.get(code, [])
        for actor in found:
            if actor not in matches:
                matches[actor] = scope.matches(G, actor)
        matched[code] = [actor for actor in found if matches[actor]]
        statuses[code] = stage_status(len(found), len(matched[code]))
    gaps = [code for code in chain.all_stages if statuses[code] in GAP_STATUSES]
    suggested = suggest_providers(G, scope, gaps, suggestions) if suggestions > 0 else {}
    stages = tuple(
        StageReport(
            stage=stage_ref(G, code),
            status=statuses[code],
            supporting=code in chain.supporting,
            providers=tuple(ref(G, a) for a in providers.get(code, [])),
            matched_providers=tuple(ref(G, a) for a in matched[code]),
            suggestions=tuple(suggested.get(code, ())),
            undated_count=sum(1 for a in providers.get(code, ()) if a in undated),
        )
        for code in chain.all_stages
    )
    return GapReport(
        scope=ref(G, scope.id),
        chain=chain.name,
        focus_industries=tuple(ref(G, i) for i in scope.focus_industries),
        stages=stages,
        handoffs=_handoffs(G, chain, providers, undated),
    )


def find_stage_gaps(
    G: nx.MultiDiGraph,
    scope_id: str,
    chain: Chain | str | None = None,
    suggestions: int = 3,
) -> GapReport:
    """Stage statuses, handoffs and gap-filling suggestions for a park, cluster or region.

    `chain`: a Chain, a chain name from chains.toml, or None to choose by focus industries.
    `suggestions`: up to this many outside actors per MISSING/MISMATCHED/THIN stage.
    Raises ScopeError for a bad scope id and ChainError for an unknown chain name.
    """
    if suggestions < 0:
        raise ValueError("suggestions must be >= 0")
    scope = resolve_scope(G, scope_id)
    return build_gap_report(G, scope, resolve_chain(G, scope, chain), suggestions)
