"""Scope resolution (DESIGN.md §5): a park, a cluster or a region, its actors and industries.

>>> from analysis.builder import worked_example
>>> scope = resolve_scope(worked_example(), "cluster-a")
>>> scope.parks, scope.focus_industries
(('park-a',), ('new-materials',))
>>> scope.actors        # ag-vc sits in park-b but is MEMBER_OF the cluster
('ag-ip', 'ag-rd', 'ag-test', 'ag-vc', 'pf-info', 'pf-test', 'tm-inc')
>>> sorted(scope.matching_industries)
['materials', 'new-materials']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from analysis._graph import (
    is_actor,
    label_of,
    name_of,
    predecessors,
    prop,
    successors,
    walk,
    with_article,
)
from analysis.vocab import SCOPE_LABELS


class ScopeError(KeyError):
    """An unknown scope id, or an id that is not a park, cluster or region."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "bad scope"


@dataclass(frozen=True)
class Scope:
    """A resolved scope. All id tuples are sorted."""

    id: str
    label: str
    name: str
    parks: tuple[str, ...]
    actors: tuple[str, ...]
    focus_industries: tuple[str, ...]
    matching_industries: frozenset[str]
    provinces: tuple[str, ...]
    regions: tuple[str, ...] = ()
    actor_set: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def matches(self, G: nx.MultiDiGraph, actor: str) -> bool:
        """Whether `actor` serves a focus industry (always True with no focus industries)."""
        return actor_matches(G, actor, self.matching_industries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "parks": list(self.parks),
            "actors": list(self.actors),
            "focusIndustries": list(self.focus_industries),
            "provinces": list(self.provinces),
            "regions": list(self.regions),
        }


def industry_ancestors(G: nx.MultiDiGraph, industry: str) -> list[str]:
    """Industries `industry` is PART_OF, nearest first."""
    return walk(G, [industry], "PART_OF", upward=True)


def industry_descendants(G: nx.MultiDiGraph, industry: str) -> list[str]:
    """Industries PART_OF `industry` (recursively), nearest first."""
    return walk(G, [industry], "PART_OF", upward=False)


def matching_industries(G: nx.MultiDiGraph, focus: Iterable[str]) -> frozenset[str]:
    """The focus industries with all their PART_OF descendants and ancestors."""
    matched: set[str] = set()
    for industry in focus:
        matched.add(industry)
        matched.update(industry_ancestors(G, industry))
        matched.update(industry_descendants(G, industry))
    return frozenset(matched)


def actor_matches(G: nx.MultiDiGraph, actor: str, matching: frozenset[str]) -> bool:
    """True when `matching` is empty or the actor SERVES_INDUSTRY one of its industries."""
    if not matching:
        return True
    return any(industry in matching for industry in successors(G, actor, "SERVES_INDUSTRY"))


def province_of_region(G: nx.MultiDiGraph, region: str) -> str | None:
    """The first region of kind `province` from `region` upward through PART_OF.

    When no region on the way says `province`, the topmost region whose kind is unknown is
    taken; when the chain ends at cities only (the province is not in G), None.
    """
    if region not in G:
        return None
    lineage = [region, *walk(G, [region], "PART_OF", upward=True)]
    for node in lineage:
        if prop(G, node, "kind") == "province":
            return node
    unknown_kind = [node for node in lineage if prop(G, node, "kind") is None]
    return unknown_kind[-1] if unknown_kind else None


def province_of_park(G: nx.MultiDiGraph, park: str) -> str | None:
    """The province of the park's region (smallest id when several regions), or None."""
    provinces = {
        province for region in successors(G, park, "IN_REGION")
        if (province := province_of_region(G, region)) is not None
    }
    return min(provinces) if provinces else None


def actor_province(G: nx.MultiDiGraph, actor: str) -> str | None:
    """The province of the park the actor is LOCATED_IN (smallest id when several)."""
    provinces = {
        province for park in successors(G, actor, "LOCATED_IN")
        if (province := province_of_park(G, park)) is not None
    }
    return min(provinces) if provinces else None


def _located_actors(G: nx.MultiDiGraph, parks: Iterable[str]) -> set[str]:
    return {
        actor for park in parks for actor in predecessors(G, park, "LOCATED_IN")
        if is_actor(G, actor)
    }


def _region_parks(G: nx.MultiDiGraph, region: str) -> tuple[list[str], set[str]]:
    regions = [region] + [
        node for node in walk(G, [region], "PART_OF", upward=False)
        if label_of(G, node) == "Region"
    ]
    parks = {
        park for node in regions for park in predecessors(G, node, "IN_REGION")
        if label_of(G, park) == "Park"
    }
    return regions, parks


def parks_in_region(G: nx.MultiDiGraph, region: str) -> set[str]:
    """The parks in `region` or in any region below it (PART_OF)."""
    return _region_parks(G, region)[1]


def _focus_of(G: nx.MultiDiGraph, owners: Iterable[str]) -> set[str]:
    return {
        industry for owner in owners for industry in successors(G, owner, "FOCUSES_ON")
    }


def _check_scope(G: nx.MultiDiGraph, scope_id: str, expect: str | None) -> str:
    if scope_id not in G:
        raise ScopeError(f"unknown scope {scope_id!r}: no park, cluster or region has this id")
    label = label_of(G, scope_id)
    if label not in SCOPE_LABELS:
        raise ScopeError(
            f"{scope_id!r} is {with_article(label or 'node without label')}, "
            "not a park, cluster or region"
        )
    if expect is not None and label != expect:
        raise ScopeError(f"{scope_id!r} is {with_article(label)}, not {with_article(expect)}")
    return label


def resolve_scope(G: nx.MultiDiGraph, scope_id: str, expect: str | None = None) -> Scope:
    """Resolve a park, cluster or region id into its parks, actors and focus industries.

    Raises ScopeError (a KeyError) for an unknown id, an id of another kind, or (with
    `expect` = "Park", "Cluster" or "Region", as a `ScopeInput { parkId }` implies) an id
    of a different one of the three.
    """
    label = _check_scope(G, scope_id, expect)
    regions: list[str] = []
    if label == "Park":
        parks = {scope_id}
        actors = _located_actors(G, parks)
        focus = _focus_of(G, [scope_id])
    elif label == "Cluster":
        parks = {p for p in successors(G, scope_id, "LOCATED_IN") if label_of(G, p) == "Park"}
        members = {a for a in predecessors(G, scope_id, "MEMBER_OF") if is_actor(G, a)}
        actors = _located_actors(G, parks) | members
        focus = _focus_of(G, [scope_id])
    else:
        regions, parks = _region_parks(G, scope_id)
        actors = _located_actors(G, parks)
        focus = _focus_of(G, parks)
    provinces = {p for park in parks if (p := province_of_park(G, park)) is not None}
    if label == "Region" and (own := province_of_region(G, scope_id)) is not None:
        provinces.add(own)
    return Scope(
        id=scope_id,
        label=label,
        name=name_of(G, scope_id),
        parks=tuple(sorted(parks)),
        actors=tuple(sorted(actors)),
        focus_industries=tuple(sorted(focus)),
        matching_industries=matching_industries(G, focus),
        provinces=tuple(sorted(provinces)),
        regions=tuple(sorted(regions)),
        actor_set=frozenset(actors),
    )


def scope_neighbourhood(G: nx.MultiDiGraph, scope: Scope) -> set[str]:
    """Every node a scope-level score reads: enough to re-score the scope on a small copy.

    The scope node, its regions, parks and actors; all their direct neighbours (stages,
    industries, projects, funders, partners); the other supporters and investors of those
    projects; and the industries matching the focus industries.
    """
    core = {scope.id, *scope.regions, *scope.parks, *scope.actors}
    nodes = set(core) | set(scope.matching_industries)
    for node in core:
        nodes.update(G.succ[node])
        nodes.update(G.pred[node])
    projects = [n for n in nodes if label_of(G, n) == "Project"]
    for project in projects:
        nodes.update(G.pred[project])
    for park in scope.parks:
        regions = successors(G, park, "IN_REGION")
        nodes.update(walk(G, regions, "PART_OF", upward=True))
    return nodes
