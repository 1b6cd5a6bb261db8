"""Network measures over the collaboration graph: centrality, communities and brokers.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> [(e.actor.id, round(e.value, 3)) for e in centrality(G, metric="degree", first=2)]
[('ag-test', 0.375), ('ag-rd', 0.25)]
>>> [[m.id for m in c.members] for c in communities(G, "cluster-a")]
[['ag-ip', 'ag-test', 'pf-test'], ['ag-rd', 'tm-inc'], ['ag-vc'], ['pf-info']]
>>> [(b.actor.id, b.role, b.bridges[:1]) for b in brokers(G, "cluster-a")][:2]
...                                                       # doctest: +NORMALIZE_WHITESPACE
[('ag-rd', 'bridge', (('research_development', 'incubation'),)),
 ('ag-test', 'bridge', (('testing_certification', 'intellectual_property'),))]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis import backends
from analysis._graph import EntityRef, label_of, ref, successors
from analysis.chains import Chain
from analysis.collab import collaboration_graph, collaboration_ties
from analysis.gaps import resolve_chain
from analysis.scope import Scope, resolve_scope
from analysis.vocab import ACTOR_LABELS

METRICS = ("degree", "betweenness", "pagerank", "eigenvector")
ALGORITHMS = backends.ALGORITHMS
BETWEENNESS_EXACT_LIMIT = 1000  # above this many actors betweenness samples pivots
BETWEENNESS_SAMPLES = 200
SEED = 42


@dataclass(frozen=True)
class CentralityEntry:
    actor: EntityRef
    value: float
    rank: int

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor.to_dict(), "value": self.value, "rank": self.rank}


@dataclass(frozen=True)
class Community:
    """A community of the collaboration graph: members, stages they provide, label counts."""

    index: int
    members: tuple[EntityRef, ...]
    stages: tuple[str, ...]
    labels: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "size": self.size,
            "members": [m.to_dict() for m in self.members],
            "stages": list(self.stages),
            "labels": dict(self.labels),
        }


@dataclass(frozen=True)
class Broker:
    """A scope actor that ties chain stages together or reaches outside the scope.

    `bridges`: (own stage, collaborator's different stage) pairs inside the scope;
    `external_partners`: collaborators outside the scope (gatekeeper ties).
    """

    actor: EntityRef
    stages: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    external_partners: tuple[EntityRef, ...]

    @property
    def role(self) -> str:
        if self.bridges and self.external_partners:
            return "bridge_and_gatekeeper"
        return "bridge" if self.bridges else "gatekeeper"

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor.to_dict(),
            "role": self.role,
            "stages": list(self.stages),
            "bridges": [list(pair) for pair in self.bridges],
            "externalPartners": [p.to_dict() for p in self.external_partners],
        }


def pagerank(C: nx.Graph, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 500, *,
             backend: str | None = None) -> dict[str, float]:
    """Weighted PageRank of a collaboration graph (see `analysis.backends.pagerank`)."""
    return backends.pagerank(C, alpha, tol, max_iter, backend=backend)


def _degree(C: nx.Graph, backend: str | None) -> dict[str, float]:
    result: dict[str, float] = nx.degree_centrality(C)  # linear: no backend needed
    return result


def _betweenness(C: nx.Graph, backend: str | None) -> dict[str, float]:
    n = C.number_of_nodes()
    k = min(BETWEENNESS_SAMPLES, n) if n > BETWEENNESS_EXACT_LIMIT else None
    return backends.betweenness(C, k, SEED, backend=backend)


def _pagerank(C: nx.Graph, backend: str | None) -> dict[str, float]:
    return backends.pagerank(C, backend=backend)


def _eigenvector(C: nx.Graph, backend: str | None) -> dict[str, float]:
    return backends.eigenvector(C, backend=backend)


_MEASURES: dict[str, Callable[[nx.Graph, str | None], dict[str, float]]] = {
    "degree": _degree,
    "betweenness": _betweenness,
    "pagerank": _pagerank,
    "eigenvector": _eigenvector,
}

_COLLABORATION_CACHE_KEY = "stsgraph.collaboration_graph"


def whole_collaboration_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """`collaboration_graph(G)`, built once per G and kept in `G.__networkx_cache__` (emptied
    by networkx whenever G changes through its methods), with the fast backend's copy of it
    cached in turn on the result: repeated whole-graph metrics convert nothing again.
    Read-only: do not change the graph returned."""
    cache: dict[str, Any] | None = getattr(G, "__networkx_cache__", None)
    found = cache.get(_COLLABORATION_CACHE_KEY) if cache is not None else None
    if isinstance(found, nx.Graph):
        return found
    C = collaboration_graph(G)
    if cache is not None:
        cache[_COLLABORATION_CACHE_KEY] = C
    return C


def centrality(
    G: nx.MultiDiGraph, label: str | None = None, metric: str = "degree", first: int = 10,
    *, backend: str | None = None,
) -> list[CentralityEntry]:
    """The `first` most central actors of the whole collaboration graph of G.

    Computed over all actors, then filtered to `label` (Agency, Platform, TalentTeam);
    sorted by value descending, ties by id. Betweenness samples 200 pivots (seed 42) when
    there are more than 1000 actors; PageRank and eigenvector use tie weights. `backend`
    ("auto", "networkx", "igraph"; None: the process default) picks who computes betweenness,
    PageRank and eigenvector (`analysis.backends`).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    if label is not None and label not in ACTOR_LABELS:
        raise ValueError(f"unknown actor label {label!r}; expected one of "
                         f"{', '.join(ACTOR_LABELS)}")
    if first < 0:
        raise ValueError("first must be >= 0")
    backends.resolve_backend(backend)  # a bad or unavailable backend fails before any work
    C = whole_collaboration_graph(G)
    if C.number_of_nodes() == 0:
        return []
    values = _MEASURES[metric](C, backend)
    chosen = [v for v in C if label is None or C.nodes[v]["label"] == label]
    ordered = sorted(chosen, key=lambda v: (-values[v], v))[:first]
    return [CentralityEntry(ref(G, v), float(values[v]), i + 1) for i, v in enumerate(ordered)]


def communities(
    G: nx.MultiDiGraph,
    scope_id: str | None = None,
    algorithm: str = "louvain",
    seed: int = SEED,
    min_size: int = 1,
    *,
    backend: str | None = None,
) -> list[Community]:
    """Communities of the collaboration graph (of a scope's actors when `scope_id` is given).

    Deterministic for a given seed and backend (`analysis.backends`; None: the process
    default): nodes are inserted in sorted order. Communities are sorted by size descending,
    then by their smallest member id; `index` is that position.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; expected one of "
                         f"{', '.join(ALGORITHMS)}")
    backends.resolve_backend(backend)
    if scope_id is None:
        C = whole_collaboration_graph(G)
    else:
        C = collaboration_graph(G, resolve_scope(G, scope_id).actors)
    if C.number_of_nodes() == 0:
        return []
    parts = [sorted(part) for part in backends.partition(C, algorithm, seed, backend=backend)
             if len(part) >= min_size]
    parts.sort(key=lambda members: (-len(members), members[0]))
    return [_community(G, index, members) for index, members in enumerate(parts)]


def _community(G: nx.MultiDiGraph, index: int, members: list[str]) -> Community:
    stages = sorted({code for m in members for code in successors(G, m, "PROVIDES")})
    labels = Counter(label_of(G, m) or "unknown" for m in members)
    return Community(index, tuple(ref(G, m) for m in members), tuple(stages),
                     tuple(sorted(labels.items())))


def _chain_stages(G: nx.MultiDiGraph, actor: str, chain: Chain) -> set[str]:
    return set(successors(G, actor, "PROVIDES")) & set(chain.stages)


def find_brokers(G: nx.MultiDiGraph, scope: Scope, chain: Chain) -> list[Broker]:
    """Brokers of a resolved scope: actors with cross-stage ties inside it or ties outside it.

    Sorted by (distinct stages reached + outside partners) descending, then by id.
    """
    own = {actor: _chain_stages(G, actor, chain) for actor in scope.actors}
    found: list[tuple[int, Broker]] = []
    for actor in scope.actors:
        collaborators = collaboration_ties(G, actor)
        inside = [o for o in collaborators if o in scope.actor_set]
        outside = sorted(o for o in collaborators if o not in scope.actor_set)
        reached = {stage for other in inside for stage in own[other]}
        bridges = sorted((s, t) for s in own[actor] for t in reached if s != t)
        if bridges or outside:
            broker = Broker(ref(G, actor), tuple(sorted(own[actor])), tuple(bridges),
                            tuple(ref(G, o) for o in outside))
            weight = len({t for _, t in bridges}) + len(outside)
            found.append((weight, broker))
    found.sort(key=lambda item: (-item[0], item[1].actor.id))
    return [broker for _, broker in found]


def brokers(G: nx.MultiDiGraph, scope_id: str, chain: Chain | str | None = None) -> list[Broker]:
    """Brokers of a park, cluster or region (see `find_brokers`); chain as in gap analysis."""
    scope = resolve_scope(G, scope_id)
    return find_brokers(G, scope, resolve_chain(G, scope, chain))


def brokered_stages(found: Iterable[Broker]) -> tuple[set[str], set[str]]:
    """(chain stages with a cross-stage tie inside the scope, stages with a tie outside)."""
    internal: set[str] = set()
    external: set[str] = set()
    for broker in found:
        internal.update(s for s, _ in broker.bridges)
        if broker.external_partners:
            external.update(broker.stages)
    return internal, external
