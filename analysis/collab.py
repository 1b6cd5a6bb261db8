"""The collaboration graph: actors tied by PARTNERS_WITH, BRANCH_OF, OPERATES, AFFILIATED_WITH
(either direction) or by both SUPPORTing one Project (DESIGN.md §5).

Neighbours are computed by walking G from an actor outward, so scope-level analyses never
build the whole collaboration graph.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> sorted(collaboration_neighbours(G, "ag-rd"))      # shared proj-1; tm-inc is affiliated
['ag-test', 'tm-inc']
>>> C = collaboration_graph(G, ["ag-rd", "ag-test", "ag-ip", "ag-vc"])
>>> sorted(C.edges(data="types"))
[('ag-ip', 'ag-test', ['PARTNERS_WITH']), ('ag-rd', 'ag-test', ['SUPPORTS'])]
>>> collaboration_distances(G, ["ag-ip"], targets=["tm-inc"])["tm-inc"]
(3, 'ag-ip')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import networkx as nx

from analysis._graph import (
    EdgeData,
    as_float,
    edge_type,
    in_adjacency,
    is_actor,
    label_of,
    name_of,
    out_adjacency,
    predecessors,
)
from analysis.vocab import DIRECT_COLLABORATION_TYPES

SHARED_PROJECT = "SUPPORTS"


@dataclass
class Tie:
    """How two actors collaborate: relationship types, shared projects and a weight."""

    types: set[str] = field(default_factory=set)
    projects: set[str] = field(default_factory=set)
    weight: float = 0.0


def _direct_weight(rel: str, data: EdgeData) -> float:
    if rel == "PARTNERS_WITH":
        weight = as_float(data.get("weight"))
        return weight if weight is not None and weight > 0 else 1.0
    return 1.0


_TIES: ContextVar[tuple[nx.MultiDiGraph, dict[str, dict[str, Tie]]] | None] = ContextVar(
    "collaboration_ties_memo", default=None)


@contextmanager
def memoized_ties(G: nx.MultiDiGraph) -> Iterator[None]:
    """Within the block, `collaboration_ties(G, ...)` computes each actor's ties once.

    Scoring asks for the same actors' ties three times (cohesion, brokers, outside links);
    G must not change inside the block.
    """
    token = _TIES.set((G, {}))
    try:
        yield
    finally:
        _TIES.reset(token)


def collaboration_ties(G: nx.MultiDiGraph, actor: str) -> dict[str, Tie]:
    """Every collaborator of `actor` (other actors only) with how they are tied.

    The result is shared inside a `memoized_ties` block: do not modify it.
    """
    memo = _TIES.get()
    if memo is not None and memo[0] is G:
        found = memo[1].get(actor)
        if found is None:
            found = memo[1][actor] = _collaboration_ties(G, actor)
        return found
    return _collaboration_ties(G, actor)


def _collaboration_ties(G: nx.MultiDiGraph, actor: str) -> dict[str, Tie]:
    ties: dict[str, Tie] = {}
    projects: list[str] = []
    if actor not in G:
        return ties
    for outgoing, adjacency in ((True, out_adjacency(G, actor)), (False, in_adjacency(G, actor))):
        for other, keyed in adjacency.items():
            for key, data in keyed.items():
                rel = edge_type(key, data)
                if rel in DIRECT_COLLABORATION_TYPES and other != actor and is_actor(G, other):
                    tie = ties.setdefault(other, Tie())
                    tie.types.add(rel)
                    tie.weight += _direct_weight(rel, data)
                elif rel == "SUPPORTS" and outgoing:
                    projects.append(other)
    for project in dict.fromkeys(projects):
        for other in predecessors(G, project, "SUPPORTS"):
            if other != actor and is_actor(G, other):
                tie = ties.setdefault(other, Tie())
                tie.types.add(SHARED_PROJECT)
                if project not in tie.projects:
                    tie.projects.add(project)
                    tie.weight += 1.0
    return ties


def collaboration_neighbours(G: nx.MultiDiGraph, actor: str) -> set[str]:
    """The actors `actor` collaborates with (the keys of `collaboration_ties`, faster)."""
    if actor not in G:
        return set()
    found: set[str] = set()
    projects: list[str] = []
    for other, keyed in out_adjacency(G, actor).items():
        for key, data in keyed.items():
            rel = data.get("type", key)
            if rel in DIRECT_COLLABORATION_TYPES:
                found.add(other)
            elif rel == "SUPPORTS":
                projects.append(other)
    for other, keyed in in_adjacency(G, actor).items():
        if any(data.get("type", key) in DIRECT_COLLABORATION_TYPES
               for key, data in keyed.items()):
            found.add(other)
    for project in projects:
        for other, keyed in in_adjacency(G, project).items():
            if any(data.get("type", key) == "SUPPORTS" for key, data in keyed.items()):
                found.add(other)
    found.discard(actor)
    return {other for other in found if is_actor(G, other)}


def collaboration_graph(G: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> nx.Graph:
    """The undirected collaboration graph over the actors of G (or of `nodes`, induced).

    Nodes carry `label` and `name`; edges carry `types` (sorted relationship types, with
    "SUPPORTS" for a shared project), `projects` (shared project ids) and `weight` (the
    PARTNERS_WITH weights, 1 per other relationship and 1 per shared project). Nodes and
    edges are inserted in sorted order so algorithms iterate deterministically.
    """
    candidates = G.nodes if nodes is None else nodes
    actors = sorted({node for node in candidates if is_actor(G, node)})
    members = set(actors)
    C = nx.Graph()
    for actor in actors:
        C.add_node(actor, label=label_of(G, actor), name=name_of(G, actor))
    for actor in actors:
        ties = collaboration_ties(G, actor)
        for other in sorted(ties):
            if other in members and actor < other:
                tie = ties[other]
                C.add_edge(actor, other, types=sorted(tie.types),
                           projects=sorted(tie.projects), weight=tie.weight)
    return C


def collaboration_distances(
    G: nx.MultiDiGraph,
    sources: Iterable[str],
    targets: Iterable[str] | None = None,
    max_hops: int | None = None,
    settled: Callable[[dict[str, tuple[int, str]]], bool] | None = None,
) -> dict[str, tuple[int, str]]:
    """Multi-source BFS over collaboration ties: node -> (hops, nearest source).

    Among equally near sources the smallest id is reported. The search stops once every
    target is reached (when `targets` is given), after `max_hops`, or when `settled`
    (called after each complete level with the distances so far) returns True.
    """
    best: dict[str, tuple[int, str]] = {s: (0, s) for s in sources if s in G}
    remaining = None if targets is None else set(targets) - set(best)
    frontier = sorted(best)
    hops = 0
    while frontier and (remaining is None or remaining):
        if max_hops is not None and hops >= max_hops:
            break
        hops += 1
        reached: dict[str, str] = {}
        for node in frontier:
            origin = best[node][1]
            for other in collaboration_neighbours(G, node):
                if other not in best and (other not in reached or origin < reached[other]):
                    reached[other] = origin
        for node, origin in reached.items():
            best[node] = (hops, origin)
        if remaining is not None:
            remaining.difference_update(reached)
        if settled is not None and settled(best):
            break
        frontier = sorted(reached)
    return best
