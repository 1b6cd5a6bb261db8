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
    in_edges,
    is_landed_project,
    label_of,
    predecessors,
    prop,
    saturate,
)
from analysis.asof import dated_link, link_dated, node_undated
from analysis.chains import Chain
from analysis.collab import collaboration_graph, collaboration_ties, memoized_ties
from analysis.gaps import GapReport, HandoffStatus, StageStatus, build_gap_report
from analysis.network import Broker, brokered_stages, find_brokers
from analysis.scope import Scope
from analysis.undated import (
    count_undated_ties,
    memoized_tie_dates,
    tie_undated,
    undated_actors,
)
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
    """One component's value in [0, 1], the facts it was computed from, and how many of the
    items it counted rest on a missing date (see docs/scoring.md for the items)."""

    name: str
    value: float
    details: dict[str, Any]
    undated: int = 0


@dataclass(frozen=True)
class Context:
    """What every component reads: the scope, its chain, the gap report, stage providers."""

    G: nx.MultiDiGraph
    scope: Scope
    chain: Chain
    report: GapReport
    brokers: tuple[Broker, ...]
    undated: frozenset[str] = frozenset()  # scope actors whose presence is undated

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
    undated = sum(ctx.report.stage(code).undated_count for code in ctx.chain.stages)
    return ComponentValue("chain_coverage", value,
                          {"statuses": {code: s.value for code, s in statuses.items()}}, undated)


def handoff_connectivity(ctx: Context) -> ComponentValue:
    statuses = [h.status for h in ctx.report.handoffs]
    counts = {s.value: statuses.count(s) for s in HandoffStatus}
    if statuses:
        value = _share(counts["CONNECTED"], len(statuses))
    else:  # a one-stage chain: connected to itself when provided
        only = ctx.report.stage(ctx.chain.stages[0]).status
        value = 0.0 if only == StageStatus.MISSING else 1.0
    undated = sum(1 for h in ctx.report.handoffs
                  if h.status == HandoffStatus.CONNECTED and h.undated)
    return ComponentValue("handoff_connectivity", value, {"handoffs": len(statuses), **counts},
                          undated)


def collaboration_cohesion(ctx: Context) -> ComponentValue:
    C = collaboration_graph(ctx.G, ctx.scope.actors)
    own = {code: set(ctx.providers(code)) for code in ctx.chain.stages}
    best: tuple[int, int, list[str]] = (0, 0, [])
    best_members: set[str] = set()
    groups = list(nx.connected_components(C))  # once: each pass walks the whole graph
    for members in groups:
        stages = [code for code, actors in own.items() if actors & members]  # chain order
        if (len(stages), len(members)) > (best[0], best[1]):
            best, best_members = (len(stages), len(members), stages), members
    largest = max((len(m) for m in groups), default=0)
    details = {
        "bestComponentStages": best[2],
        "components": len(groups),
        "actors": len(C),
        "largestComponentShare": _share(largest, len(C)),
    }
    undated = count_undated_ties(ctx.G, C.subgraph(best_members).edges())
    return ComponentValue("collaboration_cohesion", _share(best[0], len(ctx.chain.stages)),
                          details, undated)


def broker_ties(ctx: Context) -> list[tuple[str, str]]:
    """The ties brokerage credits: a broker's ties to scope actors providing a stage it
    bridges to, and (for a broker providing a chain stage) its outside ties."""
    ties: list[tuple[str, str]] = []
    providing = {code: set(ctx.providers(code)) for code in ctx.chain.stages}
    for broker in ctx.brokers:
        actor = broker.actor.id
        bridged = {t for _, t in broker.bridges}
        ties.extend((actor, other) for other in collaboration_ties(ctx.G, actor)
                    if other != actor and any(other in providing[t] for t in bridged))
        if broker.stages:
            ties.extend((actor, other.id) for other in broker.external_partners)
    return ties


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
    return ComponentValue("brokerage", value, details,
                          count_undated_ties(ctx.G, broker_ties(ctx)))


def platform_openness(ctx: Context) -> ComponentValue:
    platforms = [a for a in ctx.scope.actors if label_of(ctx.G, a) == "Platform"]
    open_platforms = {p for p in platforms if as_bool(prop(ctx.G, p, "open")) is True}
    open_stages = [code for code in ctx.chain.stages if open_platforms & set(ctx.providers(code))]
    details = {"platforms": len(platforms), "openPlatforms": sorted(open_platforms),
               "openStages": open_stages}
    undated = sum(len(open_platforms & ctx.undated & set(ctx.providers(code)))
                  for code in ctx.chain.stages)
    return ComponentValue("platform_openness", _share(len(open_stages), len(ctx.chain.stages)),
                          details, undated)


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
    undated = sum(1 for p in projects if node_undated(ctx.G, p) or not any(
        dated_link(ctx.G, p, park, "LANDED_IN") for park in ctx.scope.parks))
    return ComponentValue("outcomes", value,
                          {"projectsLanded": len(projects), "contractValueMillionCny": value_m},
                          undated)


def talent_depth(ctx: Context) -> ComponentValue:
    teams = {a for a in ctx.scope.actors if label_of(ctx.G, a) == "TalentTeam"}
    stages = [code for code in ctx.chain.stages if teams & set(ctx.providers(code))]
    kinds = sorted({str(prop(ctx.G, t, "kind")) for t in teams} & set(TALENT_KINDS))
    value = 0.5 * _share(len(stages), len(ctx.chain.stages)) + 0.5 * len(kinds) / len(
        TALENT_KINDS)
    undated = len(teams & ctx.undated)
    return ComponentValue("talent_depth", value,
                          {"teams": len(teams), "stagesWithTeams": stages, "kinds": kinds},
                          undated)


def outside_links(G: nx.MultiDiGraph, scope: Scope) -> list[str]:
    """Entities outside the scope tied to it: collaborators, funders and investors."""
    return sorted(outside_link_dates(G, scope))


def outside_link_dates(G: nx.MultiDiGraph, scope: Scope) -> dict[str, bool]:
    """Each entity outside the scope tied to it, and whether one of those ties is dated."""
    inside = scope.actor_set | set(scope.parks) | set(scope.regions) | {scope.id}
    linked: dict[str, bool] = {}

    def tie(other: str, dated: bool) -> None:
        if other not in inside:
            linked[other] = linked.get(other, False) or dated

    for actor in scope.actors:
        for other in collaboration_ties(G, actor):
            tie(other, not tie_undated(G, actor, other))
    for target in (*scope.parks, *scope.actors):
        for funder, data in in_edges(G, target, "FUNDS"):
            tie(funder, link_dated(G, funder, target, data))
    for project in landed_projects(G, scope):
        for investor, data in in_edges(G, project, "INVESTS_IN"):
            tie(investor, link_dated(G, investor, project, data))
    return linked


def external_reach(ctx: Context) -> ComponentValue:
    dates = outside_link_dates(ctx.G, ctx.scope)
    undated = sum(1 for entity, dated in dates.items()
                  if not dated or node_undated(ctx.G, entity))
    return ComponentValue("external_reach", saturate(len(dates), REACH_SCALE),
                          {"outsideEntities": sorted(dates)}, undated)


_COMPUTE: tuple[Callable[[Context], ComponentValue], ...] = (
    chain_coverage, handoff_connectivity, collaboration_cohesion, brokerage,
    platform_openness, outcomes, talent_depth, external_reach,
)


def assess(G: nx.MultiDiGraph, scope: Scope, chain: Chain) -> Assessment:
    """All components of a resolved scope (no suggestions, no actions)."""
    with memoized_ties(G), memoized_tie_dates(G):
        undated = undated_actors(G, scope)
        report = build_gap_report(G, scope, chain, suggestions=0, undated=undated)
        ctx = Context(G, scope, chain, report, tuple(find_brokers(G, scope, chain)), undated)
        values = tuple(compute(ctx) for compute in _COMPUTE)
    return Assessment(scope, chain, report, values)


def weighted_total(assessment: Assessment, weights: Mapping[str, float]) -> float:
    """100 * sum of weight * value, unrounded, summed in COMPONENTS order."""
    return 100.0 * sum(weights[c.name] * c.value for c in assessment.components)
