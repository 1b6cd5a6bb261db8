"""The integration score of a scope (DESIGN.md §5, formulas in docs/scoring.md).

>>> from analysis.builder import worked_example
>>> result = integration_score(worked_example(), "cluster-a")
>>> result.score
40.03
>>> [(c.name, c.weight) for c in result.components][:2]
[('chain_coverage', 0.25), ('handoff_connectivity', 0.15)]
>>> [(a.gain, a.description) for a in result.actions[:2]]  # doctest: +NORMALIZE_WHITESPACE
[(3.83, 'connect Info Platform (incubation) and VC Fund (finance)'),
 (3.33, 'add a talent team (leading_talent) providing research_development in Park A')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis._graph import EntityRef, label_of, ref
from analysis.actions import Action, propose_actions
from analysis.chains import Chain
from analysis.components import COMPONENTS, Assessment, assess, weighted_total
from analysis.gaps import resolve_chain
from analysis.scope import Scope, resolve_scope

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "chain_coverage": 0.25,
    "handoff_connectivity": 0.15,
    "collaboration_cohesion": 0.10,
    "brokerage": 0.10,
    "platform_openness": 0.10,
    "outcomes": 0.15,
    "talent_depth": 0.05,
    "external_reach": 0.10,
}
WEIGHT_TOLERANCE = 1e-6


class WeightsError(ValueError):
    """Weights naming unknown components, negative or not summing to 1."""


@dataclass(frozen=True)
class Component:
    """A score component: value in [0,1], weight, contribution = 100 * weight * value;
    `undated_count`: how many of the items it counted rest on a missing date."""

    name: str
    value: float
    weight: float
    contribution: float
    details: Mapping[str, Any]
    undated_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "weight": self.weight,
                "contribution": self.contribution, "details": dict(self.details),
                "undatedCount": self.undated_count}


@dataclass(frozen=True)
class IntegrationScore:
    """Score 0-100 (2 decimals), its components in fixed order, and ranked actions."""

    scope: EntityRef
    chain: str
    score: float
    components: tuple[Component, ...]
    actions: tuple[Action, ...] = ()

    def component(self, name: str) -> Component:
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope.to_dict(), "chain": self.chain, "score": self.score,
                "components": [c.to_dict() for c in self.components],
                "actions": [a.to_dict() for a in self.actions]}


def validate_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Complete weights: names not given keep their default; the total must be 1 (±1e-6).

    >>> validate_weights({"outcomes": 0.05, "chain_coverage": 0.35})["chain_coverage"]
    0.35
    >>> validate_weights({"outcomes": 0.5})
    Traceback (most recent call last):
    ...
    analysis.score.WeightsError: weights must sum to 1, got 1.35
    """
    merged = dict(DEFAULT_WEIGHTS)
    for name, raw in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise WeightsError(f"unknown score component {name!r}; expected one of "
                               f"{', '.join(COMPONENTS)}")
        value = float(raw)
        if not math.isfinite(value) or value < 0:
            raise WeightsError(f"weight of {name} must be a finite number >= 0, got {raw!r}")
        merged[name] = value
    total = sum(merged.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise WeightsError(f"weights must sum to 1, got {round(total, 6)}")
    return merged


def normalize_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative weights (missing names count 0) so they sum to 1."""
    raw = {name: float(weights.get(name, 0.0)) for name in COMPONENTS}
    total = sum(raw.values())
    if total <= 0 or any(v < 0 or not math.isfinite(v) for v in raw.values()):
        raise WeightsError("weights must be finite, >= 0 and not all 0")
    return {name: value / total for name, value in raw.items()}


def _components(assessment: Assessment, weights: Mapping[str, float]) -> tuple[Component, ...]:
    return tuple(
        Component(c.name, c.value, weights[c.name], 100.0 * weights[c.name] * c.value,
                  c.details, c.undated)
        for c in assessment.components
    )


def score_resolved(
    G: nx.MultiDiGraph, scope: Scope, chain: Chain, weights: Mapping[str, float],
    actions: int = 0,
) -> IntegrationScore:
    """The score of an already resolved scope and chain with validated weights."""
    assessment = assess(G, scope, chain)
    proposed = propose_actions(G, assessment, weights, actions) if actions > 0 else ()
    return score_assessment(G, assessment, weights, proposed)


def score_assessment(G: nx.MultiDiGraph, assessment: Assessment, weights: Mapping[str, float],
                     actions: tuple[Action, ...] = ()) -> IntegrationScore:
    """The score of an assessment (already computed) with validated weights."""
    return IntegrationScore(ref(G, assessment.scope.id), assessment.chain.name,
                            round(weighted_total(assessment, weights), 2),
                            _components(assessment, weights), actions)


def integration_score(
    G: nx.MultiDiGraph,
    scope_id: str,
    weights: Mapping[str, float] | None = None,
    chain: Chain | str | None = None,
    actions: int = 5,
) -> IntegrationScore:
    """Integration score 0-100 of a park, cluster or region with its components and the
    top `actions` changes that would raise it (0 skips the re-scoring).

    Raises ScopeError, ChainError or WeightsError for bad input.
    """
    checked = validate_weights(weights)
    scope = resolve_scope(G, scope_id)
    return score_resolved(G, scope, resolve_chain(G, scope, chain), checked, actions)


def cluster_scores(
    G: nx.MultiDiGraph,
    weights: Mapping[str, float] | None = None,
    chain: Chain | str | None = None,
    first: int | None = None,
    actions: int = 0,
    clusters: Iterable[str] | None = None,
) -> list[IntegrationScore]:
    """Every Cluster of G (or only those of `clusters`, say a province's: each cluster's
    score reads its own scope alone, so it is the same either way) scored and ranked:
    score descending, ties by cluster id."""
    checked = validate_weights(weights)
    results = []
    wanted = None if clusters is None else set(clusters)
    for cluster in sorted(n for n in G if label_of(G, n) == "Cluster"
                          and (wanted is None or n in wanted)):
        scope = resolve_scope(G, cluster)
        results.append(score_resolved(G, scope, resolve_chain(G, scope, chain), checked,
                                      actions))
    results.sort(key=lambda r: (-r.score, r.scope.id))
    return results if first is None else results[:first]
