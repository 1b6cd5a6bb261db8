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
>>> found[0].reasons
('same province (Beijing)', 'not national-level, no branches', 'no collaboration path to the scope', 'staff 5')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from analysis._graph import (
    EntityRef,
    as_int,
    is_actor,
    label_of,
    name_of,
    predecessors,
    prop,
    ref,
    successors,
)
from analysis.collab import collaboration_distances
from analysis.scope import Scope, actor_province


@dataclass(frozen=True)
class Suggestion:
    """An outside actor that could fill a stage, with the facts it was ranked on."""

    actor: EntityRef
    stage: str
    rank: int
    reasons: tuple[str, ...]
    same_province: bool
    province: str | None
    national: bool
    branches: int
    distance: int | None
    nearest: str | None
    staff: int | None

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


def providers_outside(G: nx.MultiDiGraph, scope: Scope, code: str) -> list[str]:
    """Actors outside the scope that PROVIDE `code` and match the scope's focus industries."""
    return sorted(
        actor for actor in predecessors(G, code, "PROVIDES")
        if is_actor(G, actor) and actor not in scope.actor_set and scope.matches(G, actor)
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


def _province_reason(G: nx.MultiDiGraph, same: bool, province: str | None) -> str:
    if province is None:
        return "province unknown"
    where = "same province" if same else "other province"
    return f"{where} ({name_of(G, province)})"


def _standing_reason(national: bool, branches: int) -> str:
    parts = ["national-level agency"] if national else []
    if branches:
        parts.append(f"has {branches} branch{'es' if branches != 1 else ''}")
    return ", ".join(parts) if parts else "not national-level, no branches"


def _distance_reason(G: nx.MultiDiGraph, distance: int | None, nearest: str | None) -> str:
    if distance is None or nearest is None:
        return "no collaboration path to the scope"
    return f"{distance} hop{'s' if distance != 1 else ''} from {name_of(G, nearest)} in scope"


def _industry_reason(G: nx.MultiDiGraph, scope: Scope, actor: str) -> list[str]:
    served = sorted(i for i in successors(G, actor, "SERVES_INDUSTRY")
                    if i in scope.matching_industries)
    return [f"serves {name_of(G, served[0])}"] if served else []


def _describe(
    G: nx.MultiDiGraph, scope: Scope, actor: str, code: str,
    distances: dict[str, tuple[int, str]],
) -> Suggestion:
    province = actor_province(G, actor)
    same = province is not None and province in scope.provinces
    national = is_national_agency(G, actor)
    branches = branch_count(G, actor) if label_of(G, actor) == "Agency" else 0
    distance, nearest = distances.get(actor, (None, None))
    staff = as_int(prop(G, actor, "staff"))
    reasons = (
        _province_reason(G, same, province),
        _standing_reason(national, branches),
        _distance_reason(G, distance, nearest),
        "staff unknown" if staff is None else f"staff {staff}",
        *_industry_reason(G, scope, actor),
    )
    return Suggestion(ref(G, actor), code, 0, reasons, same, province, national, branches,
                      distance, nearest, staff)


def suggest_providers(
    G: nx.MultiDiGraph, scope: Scope, stages: Iterable[str], k: int
) -> dict[str, list[Suggestion]]:
    """Up to `k` ranked suggestions for each stage code in `stages`."""
    candidates = {code: providers_outside(G, scope, code) for code in stages}
    everyone = {actor for actors in candidates.values() for actor in actors}
    distances = (
        collaboration_distances(G, scope.actors, targets=everyone)
        if everyone and scope.actors else {}
    )
    result: dict[str, list[Suggestion]] = {}
    for code, actors in candidates.items():
        ranked = sorted((_describe(G, scope, a, code, distances) for a in actors), key=_rank_key)
        result[code] = [
            replace(s, rank=index + 1) for index, s in enumerate(ranked[:k])
        ]
    return result
