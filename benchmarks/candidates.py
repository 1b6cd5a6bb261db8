"""The libraries measured for whole-graph metrics, each behind the same small interface.

Each candidate converts the collaboration graph C (networkx, string node ids, `weight` on
edges) to its own structure, then answers PageRank, sampled betweenness and communities as
dicts / sets keyed by C's nodes, so the answers can be compared with networkx's and the
timings include mapping results back (the API needs them keyed by id).

- networkx: `analysis.backends` with backend "networkx" (what the API ran before);
- igraph: `analysis.backends` with backend "igraph" (the chosen one; Louvain = igraph's
  multilevel), and igraph's Leiden for comparison;
- networkit, graphblas-algorithms (a networkx backend), leidenalg: measured when installed,
  not dependencies (docs/performance.md says how to install them for a run).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis import _igraph, backends

Scores = dict[Any, float]
Parts = list[set[Any]]


@dataclass(frozen=True)
class Candidate:
    name: str
    convert: Callable[[nx.Graph], Any]
    pagerank: Callable[[Any], Scores] | None = None
    betweenness: Callable[[Any, int | None, int], Scores] | None = None
    communities: Callable[[Any, int], Parts] | None = None
    note: str = ""


def _networkx() -> Candidate:
    return Candidate(
        "networkx", lambda C: C,
        pagerank=lambda C: backends.pagerank(C, backend="networkx"),
        betweenness=lambda C, k, seed: backends.betweenness(C, k, seed, backend="networkx"),
        communities=lambda C, seed: backends.partition(C, "louvain", seed, backend="networkx"),
        note="pure Python (the project's PageRank, networkx's betweenness and Louvain)")


def _fresh_igraph(C: nx.Graph) -> nx.Graph:
    C.__networkx_cache__.pop(_igraph.CACHE_KEY, None)  # time the conversion itself
    _igraph.converted(C)
    return C


def _igraph_candidates() -> list[Candidate]:
    if backends.igraph_module() is None:
        return []
    louvain = Candidate(
        "igraph", _fresh_igraph,
        pagerank=lambda C: backends.pagerank(C, backend="igraph"),
        betweenness=lambda C, k, seed: backends.betweenness(C, k, seed, backend="igraph"),
        communities=lambda C, seed: backends.partition(C, "louvain", seed, backend="igraph"),
        note="analysis.backends: PRPACK PageRank, betweenness from networkx's pivots, "
             "multilevel (Louvain)")
    leiden = Candidate("igraph Leiden", _fresh_igraph, communities=_igraph_leiden,
                       note="community_leiden, modularity objective, iterated to a fixpoint")
    return [louvain, leiden]


def _igraph_leiden(C: nx.Graph, seed: int) -> Parts:
    import igraph

    converted = _igraph.converted(C)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = converted.graph.community_leiden(objective_function="modularity",
                                                 weights="weight", n_iterations=-1)
    finally:
        igraph.set_random_number_generator(random)
    return _groups(found.membership, converted.nodes)


def _groups(membership: list[int], nodes: list[Any]) -> Parts:
    groups: dict[int, set[Any]] = {}
    for i, label in enumerate(membership):
        groups.setdefault(label, set()).add(nodes[i])
    return list(groups.values())


@dataclass(frozen=True)
class _Indexed:
    graph: Any
    nodes: list[Any]


def _networkit() -> list[Candidate]:
    try:
        import networkit as nk
        import numpy as np
    except ImportError:
        return []

    def convert(C: nx.Graph) -> _Indexed:
        nodes = list(C)
        index = {v: i for i, v in enumerate(nodes)}
        m = C.number_of_edges()
        src = np.fromiter((index[u] for u, _ in C.edges()), dtype=np.uint64, count=m)
        dst = np.fromiter((index[v] for _, v in C.edges()), dtype=np.uint64, count=m)
        weights = np.fromiter((w for _, _, w in C.edges(data="weight", default=1.0)),
                              dtype=np.float64, count=m)
        return _Indexed(nk.GraphFromCoo((weights, (src, dst)), n=len(nodes), weighted=True,
                                        directed=False), nodes)

    def run(algorithm: Any, g: _Indexed) -> Scores:
        algorithm.run()
        return dict(zip(g.nodes, algorithm.scores(), strict=True))

    def communities(g: _Indexed, seed: int) -> Parts:
        nk.engineering.setSeed(seed, False)
        plm = nk.community.PLM(g.graph, refine=False)
        plm.run()
        return _groups(plm.getPartition().getVector(), g.nodes)

    return [Candidate(
        "networkit", convert,
        pagerank=lambda g: run(nk.centrality.PageRank(g.graph, damp=0.85, tol=1e-9), g),
        betweenness=lambda g, k, seed: run(
            nk.centrality.EstimateBetweenness(g.graph, k or len(g.nodes), True, True), g),
        communities=communities,
        note="own pivots (cannot take networkx's), PLM (parallel Louvain), 2 threads")]


def _graphblas() -> list[Candidate]:
    try:
        import graphblas_algorithms as ga
    except ImportError:
        return []
    return [Candidate(
        "graphblas", lambda C: ga.Graph.from_networkx(C, weight="weight"),
        pagerank=lambda g: dict(nx.pagerank(g, weight="weight", backend="graphblas")),
        note="networkx backend: PageRank and eigenvector only (no betweenness with k, "
             "no Louvain)")]


def _leidenalg() -> list[Candidate]:
    try:
        import leidenalg
    except ImportError:
        return []
    if backends.igraph_module() is None:
        return []

    def communities(C: nx.Graph, seed: int) -> Parts:
        converted = _igraph.converted(C)
        found = leidenalg.find_partition(converted.graph, leidenalg.ModularityVertexPartition,
                                         weights="weight", seed=seed)
        return _groups(found.membership, converted.nodes)

    return [Candidate("leidenalg", _fresh_igraph, communities=communities,
                      note="Leiden on igraph's graph, modularity")]


def available() -> list[Candidate]:
    """networkx first (the reference), then every other candidate that can be imported."""
    return [_networkx(), *_igraph_candidates(), *_networkit(), *_graphblas(), *_leidenalg()]


CHOSEN = "igraph"
KNOWN = ("networkx", "igraph", "igraph Leiden", "networkit", "graphblas", "leidenalg")
