"""The igraph backend of `analysis.backends`: python-igraph's C core on a converted copy.

A collaboration graph is converted once (node i of igraph = the i-th node of C, in C's
order) and the copy is kept in `C.__networkx_cache__`, which networkx empties whenever C is
changed through its methods (setting an edge attribute in place does not: do not change a
graph you analyse). Results are mapped back to C's nodes and scaled as networkx scales them.

igraph draws its random numbers from Python's `random` module; each seeded call installs a
`random.Random(seed)` of its own under a lock, so a result depends on the seed only. igraph
keeps the GIL while it computes: other threads of the process wait, for one call (sampled
betweenness is cut into calls of a few pivots; docs/performance.md has the stalls).

>>> import networkx as nx
>>> C = nx.star_graph(["hub", "a", "b", "c"])
>>> betweenness(C, None, seed=42)
{'hub': 1.0, 'a': 0.0, 'b': 0.0, 'c': 0.0}
>>> converted(C) is converted(C)  # converted once, kept on C
True
>>> C.add_edge("a", "b"); converted(C).graph.ecount()  # changing C empties the cache
4
"""

from __future__ import annotations

import math
import random
import threading
import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx

CACHE_KEY = "stsgraph.igraph"
PIVOTS_PER_CALL = 10  # about 0.5 s of igraph at 100k entities (docs/performance.md)
_RANDOM_LOCK = threading.Lock()


@dataclass(frozen=True)
class Converted:
    graph: Any  # igraph.Graph (python-igraph ships no type hints)
    nodes: list[Hashable]
    loops: bool  # igraph counts a self-loop's weight differently from networkx


def converted(C: nx.Graph) -> Converted:
    """C as an undirected igraph.Graph with a `weight` per edge (1.0 when C has none)."""
    cache: dict[str, Any] | None = getattr(C, "__networkx_cache__", None)
    found = cache.get(CACHE_KEY) if cache is not None else None
    if isinstance(found, Converted):
        return found
    import igraph

    nodes = list(C)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in C.edges()]
    weights = [float(w) for _, _, w in C.edges(data="weight", default=1.0)]
    result = Converted(igraph.Graph(n=len(nodes), edges=edges, directed=False,
                                    edge_attrs={"weight": weights}), nodes,
                       loops=nx.number_of_selfloops(C) > 0)
    if cache is not None:
        cache[CACHE_KEY] = result
    return result


def suits(C: nx.Graph) -> bool:
    """Whether igraph answers for C as networkx would: not when C has self-loops
    (collaboration graphs have none)."""
    return not converted(C).loops


def pagerank(C: nx.Graph, alpha: float) -> dict[Hashable, float]:
    c = converted(C)
    if not c.nodes:
        return {}
    values = c.graph.pagerank(damping=alpha, weights="weight", directed=False)
    return dict(zip(c.nodes, values, strict=True))


def betweenness(C: nx.Graph, k: int | None, seed: int) -> dict[Hashable, float]:
    """networkx's normalized betweenness (endpoints excluded), exact or from the k pivots
    `random.Random(seed).sample` picks, which are the ones networkx picks."""
    c = converted(C)
    n = len(c.nodes)
    if k == n:
        k = None  # networkx computes exactly then; the result is the same
    pivots = None if k is None else random.Random(seed).sample(range(n), k)
    # igraph counts each unordered pair once on an undirected graph, networkx twice.
    raw = [2.0 * x for x in _from_sources(c.graph, pivots)]
    pairs = n - 1  # possible (s, t) with t != v
    if pairs < 2:
        return dict(zip(c.nodes, raw, strict=True))
    if pivots is None:
        scale = 1.0 / (pairs * (pairs - 1))
        return {v: x * scale for v, x in zip(c.nodes, raw, strict=True)}
    sampled = len(pivots)
    # As networkx >= 3.5: a pivot cannot be a source of its own paths.
    source_scale = 1.0 / ((sampled - 1) * (pairs - 1)) if sampled > 1 else math.nan
    other_scale = 1.0 / (sampled * (pairs - 1))
    chosen = set(pivots)
    return {v: x * (source_scale if i in chosen else other_scale)
            for i, (v, x) in enumerate(zip(c.nodes, raw, strict=True))}


def _from_sources(graph: Any, pivots: list[int] | None) -> list[float]:
    """Betweenness from the paths leaving `pivots` (all nodes when None), summed over a few
    pivots at a time: betweenness adds up over sources, and between igraph calls other
    threads get the GIL, so an API worker stalls for one batch at most, not the whole run."""
    if pivots is None:
        return list(graph.betweenness(directed=False))
    total = [0.0] * graph.vcount()
    for start in range(0, len(pivots), PIVOTS_PER_CALL):
        batch = graph.betweenness(directed=False,
                                  sources=pivots[start:start + PIVOTS_PER_CALL])
        total = [x + y for x, y in zip(total, batch, strict=True)]
    return total


def eigenvector(C: nx.Graph) -> dict[Hashable, float]:
    c = converted(C)
    with warnings.catch_warnings():  # "graph is not connected": answered like networkx
        warnings.simplefilter("ignore", RuntimeWarning)
        values = c.graph.eigenvector_centrality(weights="weight")  # C is undirected
    norm = math.sqrt(sum(x * x for x in values)) or 1.0
    return {v: x / norm for v, x in zip(c.nodes, values, strict=True)}


def partition(C: nx.Graph, algorithm: str, seed: int) -> list[set[Any]]:
    """Louvain (igraph's multilevel) or label propagation, seeded."""
    import igraph

    c = converted(C)
    with _RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            if algorithm == "louvain":
                found = c.graph.community_multilevel(weights="weight")
            else:
                found = c.graph.community_label_propagation(weights="weight")
        finally:
            igraph.set_random_number_generator(random)
    groups: dict[int, set[Any]] = {}
    for i, label in enumerate(found.membership):
        groups.setdefault(label, set()).add(c.nodes[i])
    return list(groups.values())
