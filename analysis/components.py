"""The eight integration-score components of a scope, each a value in [0, 1].

Every component is built so that adding actors, stage provisions or ties to a scope can
never lower it (see docs/scoring.md): in particular, adding a provider for a MISSING stage
never lowers the score. Formulas are documented in docs/scoring.md.

>>> from analysis.builder import worked_example
>>> from analysis.scope import resolve_scope
>>> from analysis.chains import get_chain
>>> G = worked_example()
>>> values = assess(G, resolve_scope(G, "cluster-a"), get_chain("default")).values()
>>> {name: round(value, 4) for name, value in values.items()}  # doctest: +NORMALIZE_WHITESPACE
{'chain_coverage': 0.4583, 'handoff_connectivity': 0.4, 'collaboration_cohesion': 0.6667,
 'brokerage': 0.4167, 'platform_openness': 0.1667, 'outcomes': 0.2874, 'talent_depth': 0.25,
 'external_reach': 0.4512}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis._graph import (
    as_bool,
    as_float,
    is_landed_project,
    label_of,
    predecessors,
    prop,
    saturate,
)
from analysis.chains import Chain
from analysis.collab import collaboration_graph, collaboration_ties, memoized_ties
from analysis.gaps import GapReport, HandoffStatus, StageStatus, build_gap_report
from analysis.network import Broker, brokered_stages, find_brokers
from analysis.scope import Scope
from analysis.vocab import TALENT_KINDS

COMPONENTS: tuple[str, ...] = (
    "chain_coverage",
    "handoff_connectivity",
    "collaboration_cohesion",
    "brokerage",
    "platform_openness",
    "outcomes",
    "talent_depth",
    "external_reach",
)
STATUS_CREDIT: dict[StageStatus, float] = {
    StageStatus.COVERED: 1.0,
    StageStatus.THIN: 0.5,
    StageStatus.MISMATCHED: 0.25,
    StageStatus.MISSING: 0.0,
}
PROJECT_SCALE = 10.0  # landed projects at which the project half of outcomes reaches 0.63
CONTRACT_SCALE_MILLION_CNY = 1000.0  # contract value (million CNY) reaching 0.63
REACH_SCALE = 5.0  # outside partners, funders and investors reaching 0.63


@dataclass(frozen=True)
class ComponentValue:
    """One component's value in [0, 1] and the facts it was computed from."""

    name: str
    value: float
    details: dict[str, Any]


@dataclass(frozen=True)
class Context:
    """What every component reads: the scope, its chain, the gap report, stage providers."""

    G: nx.MultiDiGraph
    scope: Scope
    chain: Chain
    report: GapReport
    brokers: tuple[Broker, ...]

    def providers(self, code: str) -> list[str]:
        return [p.id for p in self.report.stage(code).providers]


@dataclass(frozen=True)
class Assessment:
    """The components of a scope in COMPONENTS order, with the gap report behind them."""

    scope: Scope
    chain: Chain
    report: GapReport
    components: tuple[ComponentValue, ...]

    def values(self) -> dict[str, float]:
        return {c.name: c.value for c in self.components}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def chain_coverage(ctx: Context) -> ComponentValue:
    statuses = {code: ctx.report.stage(code).status for code in ctx.chain.stages}
    value = sum(STATUS_CREDIT[s] for s in statuses.values()) / len(statuses)
    return ComponentValue("chain_coverage", value,
                          {"statuses": {code: s.value for code, s in statuses.items()}})


def handoff_connectivity(ctx: Context) -> ComponentValue:
    statuses = [h.status for h in ctx.report.handoffs]
    counts = {s.value: statuses.count(s) for s in HandoffStatus}
    if statuses:
        value = _share(counts["CONNECTED"], len(statuses))
    else:  # a one-stage chain: connected to itself when provided
        only = ctx.report.stage(ctx.chain.stages[0]).status
        value = 0.0 if only == StageStatus.MISSING else 1.0
    return ComponentValue("handoff_connectivity", value, {"handoffs": len(statuses), **counts})


def collaboration_cohesion(ctx: Context) -> ComponentValue:
    C = collaboration_graph(ctx.G, ctx.scope.actors)
    own = {code: set(ctx.providers(code)) for code in ctx.chain.stages}
    best: tuple[int, int, list[str]] = (0, 0, [])
    for members in nx.connected_components(C):
        stages = [code for code, actors in own.items() if actors & members]  # chain order
        best = max(best, (len(stages), len(members), stages), key=lambda b: (b[0], b[1]))
    largest = max((len(m) for m in nx.connected_components(C)), default=0)
    details = {
        "bestComponentStages": best[2],
        "components": nx.number_connected_components(C) if len(C) else 0,
        "actors": len(C),
        "largestComponentShare": _share(largest, len(C)),
    }
    return ComponentValue("collaboration_cohesion", _share(best[0], len(ctx.chain.stages)),
                          details)


def brokerage(ctx: Context) -> ComponentValue:
    internal, external = brokered_stages(ctx.brokers)
    stages = set(ctx.chain.stages)
    internal &= stages
    external &= stages
    n = len(stages)
    value = 0.5 * _share(len(internal), n) + 0.5 * _share(len(external), n)
    details = {
        "brokers": [b.actor.id for b in ctx.brokers],
        "bridgedStages": [code for code in ctx.chain.stages if code in internal],
        "externallyLinkedStages": [code for code in ctx.chain.stages if code in external],
    }
    return ComponentValue("brokerage", value, details)


def platform_openness(ctx: Context) -> ComponentValue:
    platforms = [a for a in ctx.scope.actors if label_of(ctx.G, a) == "Platform"]
    open_platforms = {p for p in platforms if as_bool(prop(ctx.G, p, "open")) is True}
    open_stages = [code for code in ctx.chain.stages if open_platforms & set(ctx.providers(code))]
    details = {"platforms": len(platforms), "openPlatforms": sorted(open_platforms),
               "openStages": open_stages}
    return ComponentValue("platform_openness", _share(len(open_stages), len(ctx.chain.stages)),
                          details)


def landed_projects(G: nx.MultiDiGraph, scope: Scope) -> list[str]:
    """Projects LANDED_IN the scope's parks whose status is landed/industrialized/unknown."""
    return sorted({
        project for park in scope.parks for project in predecessors(G, park, "LANDED_IN")
        if label_of(G, project) == "Project" and is_landed_project(G, project)
    })


def outcomes(ctx: Context) -> ComponentValue:
    projects = landed_projects(ctx.G, ctx.scope)
    value_m = sum(as_float(prop(ctx.G, p, "contractValueMillionCny")) or 0.0 for p in projects)
    value = 0.5 * saturate(len(projects), PROJECT_SCALE) + 0.5 * saturate(
        value_m, CONTRACT_SCALE_MILLION_CNY)
    return ComponentValue("outcomes", value,
                          {"projectsLanded": len(projects), "contractValueMillionCny": value_m})


def talent_depth(ctx: Context) -> ComponentValue:
    teams = {a for a in ctx.scope.actors if label_of(ctx.G, a) == "TalentTeam"}
    stages = [code for code in ctx.chain.stages if teams & set(ctx.providers(code))]
    kinds = sorted({str(prop(ctx.G, t, "kind")) for t in teams} & set(TALENT_KINDS))
    value = 0.5 * _share(len(stages), len(ctx.chain.stages)) + 0.5 * len(kinds) / len(
        TALENT_KINDS)
    return ComponentValue("talent_depth", value,
                          {"teams": len(teams), "stagesWithTeams": stages, "kinds": kinds})


def outside_links(G: nx.MultiDiGraph, scope: Scope) -> list[str]:
    """Entities outside the scope tied to it: collaborators, funders and investors."""
    inside = scope.actor_set | set(scope.parks) | set(scope.regions) | {scope.id}
    linked: set[str] = set()
    for actor in scope.actors:
        linked.update(collaboration_ties(G, actor))
    for target in (*scope.parks, *scope.actors):
        linked.update(predecessors(G, target, "FUNDS"))
    for project in landed_projects(G, scope):
        linked.update(predecessors(G, project, "INVESTS_IN"))
    return sorted(linked - inside)


def external_reach(ctx: Context) -> ComponentValue:
    linked = outside_links(ctx.G, ctx.scope)
    return ComponentValue("external_reach", saturate(len(linked), REACH_SCALE),
                          {"outsideEntities": linked})


_COMPUTE: tuple[Callable[[Context], ComponentValue], ...] = (
    chain_coverage, handoff_connectivity, collaboration_cohesion, brokerage,
    platform_openness, outcomes, talent_depth, external_reach,
)


def assess(G: nx.MultiDiGraph, scope: Scope, chain: Chain) -> Assessment:
    """All components of a resolved scope (no suggestions, no actions)."""
    with memoized_ties(G):
        report = build_gap_report(G, scope, chain, suggestions=0)
        ctx = Context(G, scope, chain, report, tuple(find_brokers(G, scope, chain)))
        values = tuple(compute(ctx) for compute in _COMPUTE)
    return Assessment(scope, chain, report, values)


def weighted_total(assessment: Assessment, weights: Mapping[str, float]) -> float:
    """100 * sum of weight * value, unrounded, summed in COMPONENTS order."""
    return 100.0 * sum(weights[c.name] * c.value for c in assessment.components)
