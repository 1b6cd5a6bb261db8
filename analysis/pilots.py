"""Pilot candidates: non-pilot parks ranked by foundation, demonstration effect and
distinctiveness (DESIGN.md §5; formulas in docs/analysis.md).

    foundation       = 0.5 * chain coverage + 0.5 * (1 - exp(-actors / 10))
    demonstration    = 0.5 * (1 - exp(-outside collaborators / 10))
                       + 0.5 * parks reached / most parks reached by any candidate
    distinctiveness  = LQ / (1 + LQ), LQ = the largest location quotient over the park's
                       focus industries (else the industries its actors serve)
    score            = 100 * mean of the three, rounded to 2 decimals
    minimum evidence = a park with fewer than MIN_ACTORS actors is not scored: its status
                       is `not_enough_data` (score and components null), listed after every
                       ranked park, so one or two specialised actors cannot top the list
    undated_count    = the park's actors whose start year or LOCATED_IN `since` is unknown,
                       plus the outside collaborators with no start year or no dated tie

>>> from analysis.builder import worked_example
>>> best = pilot_candidates(worked_example(), first=1)[0]
>>> best.park.id, best.score, round(best.foundation, 4), round(best.distinctiveness, 4)
('park-a', 31.95, 0.4131, 0.5455)
>>> best.undated_count, best.details["undatedActors"]      # nothing in the example is dated
(6, 6)
>>> [(c.park.id, c.status, c.rank, c.score) for c in pilot_candidates(worked_example())]
[('park-a', 'ranked', 1, 31.95), ('park-b', 'not_enough_data', None, None)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from analysis._graph import (
    EntityRef,
    is_actor,
    label_of,
    prop,
    ref,
    saturate,
    successors,
)
from analysis.asof import node_undated
from analysis.chains import Chain
from analysis.collab import collaboration_neighbours
from analysis.components import assess
from analysis.gaps import resolve_chain
from analysis.lifecycle import legacy_pilot_parks, pilot_areas, pilot_records
from analysis.scope import Scope, matching_industries, province_of_park, resolve_scope
from analysis.undated import tie_undated, undated_actors

ACTOR_SCALE = 10.0  # actors at which the resource half of foundation reaches 0.63
OUTSIDE_SCALE = 10.0  # outside collaborators at which that half of demonstration reaches 0.63
MIN_ACTORS = 3  # the minimum evidence: fewer actors than this and a park is not scored
RANKED, NOT_ENOUGH_DATA = "ranked", "not_enough_data"


@dataclass(frozen=True)
class PilotCandidate:
    """A non-pilot park with its three components (each in [0,1]) and score 0-100;
    `undated_count`: actors and outside collaborators counted that rest on a missing date.
    With `status` `not_enough_data` (fewer than MIN_ACTORS actors) rank, score and
    components are None: too little evidence to score, which is not a score of zero."""

    park: EntityRef
    rank: int | None
    score: float | None
    foundation: float | None
    demonstration: float | None
    distinctiveness: float | None
    details: dict[str, Any]
    undated_count: int = 0
    status: str = RANKED

    def to_dict(self) -> dict[str, Any]:
        return {"park": self.park.to_dict(), "rank": self.rank, "score": self.score,
                "foundation": self.foundation, "demonstration": self.demonstration,
                "distinctiveness": self.distinctiveness, "details": dict(self.details),
                "undatedCount": self.undated_count, "status": self.status}


@dataclass(frozen=True)
class _Facts:
    park: str
    actors: tuple[str, ...]
    coverage: float
    chain: str
    outside: int
    parks_reached: int
    lq: float
    industry: str | None
    undated_actors: int
    undated_outside: int


class _IndustryIndex:
    """Which actors of G serve which industry families (for location quotients)."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.serving: dict[str, set[str]] = defaultdict(set)
        self.total = 0
        for node in G:
            if is_actor(G, node):
                self.total += 1
                for industry in successors(G, node, "SERVES_INDUSTRY"):
                    self.serving[industry].add(node)
        self._families: dict[str, frozenset[str]] = {}

    def family(self, industry: str) -> frozenset[str]:
        if industry not in self._families:
            self._families[industry] = matching_industries(self.G, [industry])
        return self._families[industry]

    def actors_matching(self, industry: str) -> set[str]:
        return {a for member in self.family(industry) for a in self.serving.get(member, ())}


def _location_quotient(
    index: _IndustryIndex, industries: list[str], actors: tuple[str, ...]
) -> tuple[float, str | None]:
    """The largest LQ = (park share of actors serving f) / (national share) over `industries`."""
    best: tuple[float, str | None] = (0.0, None)
    if not actors or not index.total:
        return best
    for industry in sorted(industries):
        national = index.actors_matching(industry)
        if not national:
            continue
        local = len(national.intersection(actors))
        lq = (local / len(actors)) / (len(national) / index.total)
        if lq > best[0]:
            best = (lq, industry)
    return best


def _outside_ties(G: nx.MultiDiGraph, park: str, actors: tuple[str, ...]
                  ) -> tuple[int, int, int]:
    """(collaborators not located in the park, other parks those collaborators sit in,
    collaborators without a start year or a dated tie to the park's actors)."""
    inside = set(actors)
    dated: dict[str, bool] = {}
    for a in actors:
        for o in collaboration_neighbours(G, a):
            if o not in inside and not dated.get(o):
                dated[o] = not tie_undated(G, a, o)
    parks = {p for o in dated for p in successors(G, o, "LOCATED_IN")
             if p != park and label_of(G, p) == "Park"}
    undated = sum(1 for o, d in dated.items() if not d or node_undated(G, o))
    return len(dated), len(parks), undated


def _facts(G: nx.MultiDiGraph, park: str, index: _IndustryIndex,
           chain: Chain | str | None) -> _Facts:
    scope = resolve_scope(G, park)
    used = resolve_chain(G, scope, chain)
    coverage = assess(G, scope, used).values()["chain_coverage"]
    outside, reached, undated_outside = _outside_ties(G, park, scope.actors)
    industries = list(scope.focus_industries) or sorted(
        {i for a in scope.actors for i in successors(G, a, "SERVES_INDUSTRY")})
    lq, industry = _location_quotient(index, industries, scope.actors)
    return _Facts(park, scope.actors, coverage, used.name, outside, reached, lq, industry,
                  _undated_actors(G, scope), undated_outside)


def _undated_actors(G: nx.MultiDiGraph, scope: Scope) -> int:
    return len(undated_actors(G, scope))


def _candidate(G: nx.MultiDiGraph, f: _Facts, most_reached: int) -> PilotCandidate:
    foundation = 0.5 * f.coverage + 0.5 * saturate(len(f.actors), ACTOR_SCALE)
    reach_share = f.parks_reached / most_reached if most_reached else 0.0
    demonstration = 0.5 * saturate(f.outside, OUTSIDE_SCALE) + 0.5 * reach_share
    distinctiveness = f.lq / (1.0 + f.lq)
    score = round(100.0 * (foundation + demonstration + distinctiveness) / 3.0, 2)
    details = {"actors": len(f.actors), "chain": f.chain, "chainCoverage": f.coverage,
               "approvedYearKnown": isinstance(prop(G, f.park, "approvedYear"), int),
               "outsideCollaborators": f.outside, "parksReached": f.parks_reached,
               "locationQuotient": f.lq, "specialisedIndustry": f.industry,
               "undatedActors": f.undated_actors,
               "undatedOutsideCollaborators": f.undated_outside}
    return PilotCandidate(ref(G, f.park), 0, score, foundation, demonstration,
                          distinctiveness, details, f.undated_actors + f.undated_outside)


def pilot_parks_of(G: nx.MultiDiGraph, year: int | None) -> set[str]:
    """The parks that are pilots per the lifecycle: active in `year`, or (without a year)
    ever approved and not rejected; parks flagged `pilot` without a record count too."""
    if year is not None:
        return set(pilot_areas(G, year)["service_system_park"])
    parks = {subject for p in pilot_records(G)
             if G.nodes[p].get("type") == "service_system_park"
             and G.nodes[p].get("yearApproved") is not None
             and G.nodes[p].get("yearRejected") is None
             for subject in successors(G, p, "PILOT_OF")}
    recorded = {s for p in pilot_records(G) for s in successors(G, p, "PILOT_OF")}
    return parks | legacy_pilot_parks(G, 9999, recorded)


def _existed(G: nx.MultiDiGraph, park: str, year: int | None) -> bool:
    """Approved by `year`, or approval year unknown (counted, as undated)."""
    approved = prop(G, park, "approvedYear")
    return year is None or not isinstance(approved, int) or approved <= year


def candidate_parks(G: nx.MultiDiGraph, province: str | None = None,
                    year: int | None = None) -> list[str]:
    """Parks of G (of `province`; existing in `year`) that are not pilots, sorted by id."""
    pilots = pilot_parks_of(G, year)
    return sorted(n for n in G if label_of(G, n) == "Park" and n not in pilots
                  and _existed(G, n, year)
                  and (province is None or province_of_park(G, n) == province))


def pilot_candidates(
    G: nx.MultiDiGraph, first: int | None = 10, chain: Chain | str | None = None, *,
    province: str | None = None, year: int | None = None, min_actors: int = MIN_ACTORS,
) -> list[PilotCandidate]:
    """Non-pilot parks (per the lifecycle, as of `year`), of `province` when given, that
    existed in `year` (approval year unknown counts, `details["approvedYearKnown"]` says
    so), ranked by score descending, ties by park id; parks with fewer than `min_actors`
    actors follow with status `not_enough_data` (by id)."""
    index = _IndustryIndex(G)
    facts = [_facts(G, park, index, chain) for park in candidate_parks(G, province, year)]
    most_reached = max((f.parks_reached for f in facts), default=0)
    scored = [f for f in facts if len(f.actors) >= min_actors]
    ranked = sorted((_candidate(G, f, most_reached) for f in scored),
                    key=lambda c: (-(c.score or 0.0), c.park.id))
    thin = [_not_enough(G, f) for f in facts if len(f.actors) < min_actors]
    listed = [replace(c, rank=i + 1) for i, c in enumerate(ranked)] + thin
    return listed if first is None else listed[:first]


def _not_enough(G: nx.MultiDiGraph, f: _Facts) -> PilotCandidate:
    details = {"actors": len(f.actors), "minimumActors": MIN_ACTORS,
               "approvedYearKnown": isinstance(prop(G, f.park, "approvedYear"), int),
               "undatedActors": f.undated_actors}
    return PilotCandidate(ref(G, f.park), None, None, None, None, None, details,
                          f.undated_actors, NOT_ENOUGH_DATA)
