"""The networkx backend's PageRank: a pure-Python power iteration (no scipy needed).

>>> import networkx as nx
>>> {v: round(x, 4) for v, x in power_iteration(nx.Graph([("a", "b")])).items()}
{'a': 0.5, 'b': 0.5}
"""

from __future__ import annotations

from typing import Any

import networkx as nx


def power_iteration(C: nx.Graph, alpha: float = 0.85, tol: float = 1e-6,
                    max_iter: int = 500) -> dict[Any, float]:
    """Weighted PageRank by power iteration; stops when the L1 change is below n * tol, as
    networkx does. Dangling (isolated) nodes spread their rank evenly over all nodes."""
    nodes = list(C)
    n = len(nodes)
    if n == 0:
        return {}
    strength = {v: float(C.degree(v, weight="weight")) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = sum(rank[v] for v in nodes if strength[v] == 0)
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + alpha * dangling / n)
        for v in nodes:
            if strength[v]:
                share = alpha * rank[v] / strength[v]
                for u, data in C[v].items():
                    new[u] += share * float(data.get("weight", 1.0))
        error = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if error < n * tol:
            break
    return rank
