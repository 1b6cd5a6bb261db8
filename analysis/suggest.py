"""Gap-filling suggestions: actors outside a scope that could serve a stage (DESIGN.md §5).

Ranking, most important first: same province as the scope; national-level agency or agency
with branches; shortest collaboration distance to any scope actor; more staff; smaller id.

>>> from analysis.builder import GraphBuilder
>>> from analysis.scope import resolve_scope
>>> G = (GraphBuilder().region("prov-a", name="Beijing").region("prov-b")
...      .park("p1", region="prov-a").park("p2", region="prov-a").park("p3", region="prov-b")
...      .agency("in-1", "p1", ["research_development"])
...      .agency("near", "p2", ["finance"], staff=5)
...      .agency("far", "p3", ["finance"], level="national", staff=500)
...      .build())
>>> found = suggest_providers(G, resolve_scope(G, "p1"), ["finance"], 3)["finance"]
>>> [s.actor.id for s in found]
['near', 'far']
>>> for reason in found[0].reasons: print(reason)
same province (Beijing)
not national-level, no branches
no collaboration path to the scope within 6 hops
staff 5
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

import networkx as nx

from analysis._graph import (
    EntityRef,
    as_int,
    is_actor,
    label_of,
    names_of,
    predecessors,
    prop,
    ref,
    successors,
)
from analysis.collab import collaboration_distances
from analysis.scope import Scope, province_of_park
from analysis.text import Lang, Phrase, phrase

MAX_HOPS = 6  # collaboration distance searched for ranking; farther counts as unconnected


@dataclass(frozen=True)
class Suggestion:
    """An outside actor that could fill a stage, with the facts it was ranked on."""

    actor: EntityRef
    stage: str
    rank: int
    phrases: tuple[Phrase, ...]
    same_province: bool
    province: str | None
    national: bool
    branches: int
    distance: int | None
    nearest: str | None
    staff: int | None

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in English (what the API has always answered)."""
        return self.reasons_in("en")

    def reasons_in(self, lang: Lang) -> tuple[str, ...]:
        """The reasons from the catalogue, in `lang` (entity names in it too)."""
        return tuple(p.render(lang) for p in self.phrases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor.to_dict(),
            "stage": self.stage,
            "rank": self.rank,
            "reasons": list(self.reasons),
            "sameProvince": self.same_province,
            "province": self.province,
            "national": self.national,
            "branches": self.branches,
            "distance": self.distance,
            "nearest": self.nearest,
            "staff": self.staff,
        }


def matching_actors(G: nx.MultiDiGraph, scope: Scope) -> set[str] | None:
    """Actors serving an industry matching the scope's focus; None = no focus (all match)."""
    if not scope.matching_industries:
        return None
    return {
        actor for industry in scope.matching_industries
        for actor in predecessors(G, industry, "SERVES_INDUSTRY")
    }


def providers_outside(
    G: nx.MultiDiGraph, scope: Scope, code: str, matching: set[str] | None = None
) -> list[str]:
    """Actors outside the scope that PROVIDE `code` and match the scope's focus industries.

    `matching` is `matching_actors(G, scope)`, computed here when not given.
    """
    if matching is None and scope.matching_industries:
        matching = matching_actors(G, scope)
    return sorted(
        actor for actor in predecessors(G, code, "PROVIDES")
        if actor not in scope.actor_set and is_actor(G, actor)
        and (matching is None or actor in matching)
    )


def branch_count(G: nx.MultiDiGraph, agency: str) -> int:
    """How many agencies are BRANCH_OF `agency`."""
    return sum(1 for a in predecessors(G, agency, "BRANCH_OF") if label_of(G, a) == "Agency")


def is_national_agency(G: nx.MultiDiGraph, actor: str) -> bool:
    """An Agency whose `level` is national."""
    return label_of(G, actor) == "Agency" and prop(G, actor, "level") == "national"


def _rank_key(s: Suggestion) -> tuple[bool, bool, float, float, str]:
    distance = math.inf if s.distance is None else float(s.distance)
    staff = 1.0 if s.staff is None else -float(s.staff)  # unknown staff after any known
    return (not s.same_province, not (s.national or s.branches > 0), distance, staff, s.actor.id)


def _province_reason(G: nx.MultiDiGraph, same: bool, province: str | None) -> Phrase:
    if province is None:
        return phrase("reason.province_unknown")
    return phrase("reason.same_province" if same else "reason.other_province",
                  province=names_of(G, province))


def _standing_reason(national: bool, branches: int) -> Phrase:
    if not branches:
        return phrase("reason.national" if national else "reason.no_standing")
    key = ("national_" if national else "") + ("branch" if branches == 1 else "branches")
    return phrase(f"reason.{key}", branches=branches)


def _distance_reason(G: nx.MultiDiGraph, distance: int | None, nearest: str | None) -> Phrase:
    if distance is None or nearest is None:
        return phrase("reason.no_path", hops=MAX_HOPS)
    return phrase("reason.one_hop" if distance == 1 else "reason.hops", distance=distance,
                  nearest=names_of(G, nearest))


def _industry_reason(G: nx.MultiDiGraph, scope: Scope, actor: str) -> list[Phrase]:
    served = sorted(i for i in successors(G, actor, "SERVES_INDUSTRY")
                    if i in scope.matching_industries)
    return [phrase("reason.serves", industry=names_of(G, served[0]))] if served else []


@dataclass(frozen=True)
class _Standing:
    """The cheap ranking facts of a candidate (everything but the distance)."""

    actor: str
    province: str | None
    same_province: bool
    national: bool
    branches: int
    staff: int | None

    @property
    def tier(self) -> tuple[bool, bool]:
        return (not self.same_province, not (self.national or self.branches > 0))


class _Provinces:
    """Province per actor, caching the park -> province walk within one call."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.by_park: dict[str, str | None] = {}

    def of(self, actor: str) -> str | None:
        """The actor's province (smallest id when located in several provinces)."""
        found: set[str] = set()
        for park in successors(self.G, actor, "LOCATED_IN"):
            if park not in self.by_park:
                self.by_park[park] = province_of_park(self.G, park)
            province = self.by_park[park]
            if province is not None:
                found.add(province)
        return min(found) if found else None


def _standing(G: nx.MultiDiGraph, scope: Scope, actor: str, provinces: _Provinces) -> _Standing:
    province = provinces.of(actor)
    is_agency = label_of(G, actor) == "Agency"
    return _Standing(
        actor=actor,
        province=province,
        same_province=province is not None and province in scope.provinces,
        national=is_national_agency(G, actor),
        branches=branch_count(G, actor) if is_agency else 0,
        staff=as_int(prop(G, actor, "staff")),
    )


def _contenders(standings: list[_Standing], k: int) -> list[_Standing]:
    """The candidates that can reach the top k: whole tiers until k are covered.

    Tiers (same province, national/branches) rank before distance, so candidates in tiers
    after the one holding the k-th place cannot make the list and need no distance.
    """
    ordered = sorted(standings, key=lambda s: (s.tier, s.actor))
    if len(ordered) <= k:
        return ordered
    last_tier = ordered[k - 1].tier
    return [s for s in ordered if s.tier <= last_tier]


def _top_settled(group: list[_Standing], best: dict[str, tuple[int, str]], k: int) -> bool:
    """Whether the top k of `group` (sorted by tier) no longer depends on unsearched hops.

    After a complete BFS level every unreached actor is farther than every reached one, so
    within a tier the reached actors come first; the top k is settled once the places up
    to k are taken by whole earlier tiers plus reached actors of the current tier.
    """
    placed = 0
    for _, members in groupby(group, key=lambda s: s.tier):
        tier = list(members)
        reached = sum(1 for s in tier if s.actor in best)
        if placed + reached >= k:
            return True
        if reached < len(tier):
            return False
        placed += len(tier)
    return True


def _suggestion(
    G: nx.MultiDiGraph, scope: Scope, s: _Standing, code: str,
    distances: dict[str, tuple[int, str]],
) -> Suggestion:
    distance, nearest = distances.get(s.actor, (None, None))
    reasons = (
        _province_reason(G, s.same_province, s.province),
        _standing_reason(s.national, s.branches),
        _distance_reason(G, distance, nearest),
        phrase("reason.staff_unknown") if s.staff is None
        else phrase("reason.staff", staff=s.staff),
        *_industry_reason(G, scope, s.actor),
    )
    return Suggestion(ref(G, s.actor), code, 0, reasons, s.same_province, s.province,
                      s.national, s.branches, distance, nearest, s.staff)


def suggest_providers(
    G: nx.MultiDiGraph, scope: Scope, stages: Iterable[str], k: int,
    max_hops: int = MAX_HOPS,
) -> dict[str, list[Suggestion]]:
    """Up to `k` ranked suggestions for each stage code in `stages`.

    Collaboration distance is searched up to `max_hops`; farther actors rank as unconnected.
    """
    provinces = _Provinces(G)
    matching = matching_actors(G, scope)
    contenders: dict[str, list[_Standing]] = {}
    for code in stages:
        standings = [_standing(G, scope, a, provinces)
                     for a in providers_outside(G, scope, code, matching)]
        contenders[code] = _contenders(standings, k) if k > 0 else []
    targets = {s.actor for group in contenders.values() for s in group}

    def settled(best: dict[str, tuple[int, str]]) -> bool:
        return all(_top_settled(group, best, k) for group in contenders.values())

    distances = (
        collaboration_distances(G, scope.actors, targets=targets, max_hops=max_hops,
                                settled=settled)
        if targets and scope.actors else {}
    )
    result: dict[str, list[Suggestion]] = {}
    for code, group in contenders.items():
        ranked = sorted((_suggestion(G, scope, s, code, distances) for s in group),
                        key=_rank_key)
        result[code] = [replace(s, rank=index + 1) for index, s in enumerate(ranked[:k])]
    return result
