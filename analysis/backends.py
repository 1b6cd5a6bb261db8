"""Whole-graph algorithms at scale, behind the networkx interface of `analysis/`.

`analysis.network` asks this module for PageRank, sampled betweenness, eigenvector
centrality and Louvain / label-propagation communities of a collaboration graph `C` (an
undirected `nx.Graph` whose edges carry `weight`). Two backends compute them:

- "networkx": pure Python (networkx, and the project's own PageRank power iteration);
- "igraph": python-igraph's C core, on a copy of `C` converted once and cached on `C`
  itself (`C.__networkx_cache__`, which networkx empties whenever `C` is changed through
  its methods).

"auto", the default, is igraph when it can be imported and networkx otherwise. Choose per
call (`backend=`), for the process with `set_backend()`, or with the environment variable
STSGRAPH_ANALYSIS_BACKEND (read at import). docs/performance.md has the measurements behind
the choice and the tolerances within which the backends agree (sampled betweenness: the
same pivots, equal to 1e-9; PageRank and eigenvector: within 1e-9 of converged networkx;
communities: modularity within 0.01); tests/analysis/test_backends.py checks them.

>>> import networkx as nx
>>> C = nx.path_graph(["a", "b", "c"])
>>> {v: round(x, 4) for v, x in pagerank(C, backend="networkx").items()}
{'a': 0.2568, 'b': 0.4865, 'c': 0.2568}
>>> {v: round(x, 4) for v, x in pagerank(C, backend="igraph").items()}
{'a': 0.2568, 'b': 0.4865, 'c': 0.2568}
>>> sorted(sorted(part) for part in partition(nx.barbell_graph(4, 0), "louvain", seed=1))
[[0, 1, 2, 3], [4, 5, 6, 7]]
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import networkx as nx

from analysis import _igraph
from analysis._pagerank import power_iteration

BACKENDS = ("auto", "networkx", "igraph")
ALGORITHMS = ("louvain", "label_propagation")
ENVIRONMENT = "STSGRAPH_ANALYSIS_BACKEND"


class BackendError(ValueError):
    """An unknown backend, or the igraph backend asked for when python-igraph is missing."""


def _checked(name: str) -> str:
    if name not in BACKENDS:
        raise BackendError(f"unknown analysis backend {name!r}; expected one of "
                           f"{', '.join(BACKENDS)}")
    return name


_default = _checked(os.environ.get(ENVIRONMENT, "auto").strip().lower() or "auto")


def set_backend(name: str) -> str:
    """Make `name` the process's default backend; returns the previous default."""
    global _default
    previous, _default = _default, _checked(name)
    return previous


def get_backend() -> str:
    """The process's default backend, as set (possibly "auto")."""
    return _default


def igraph_module() -> ModuleType | None:
    """python-igraph, or None when it cannot be imported (then "auto" means networkx)."""
    try:
        return importlib.import_module("igraph")
    except ImportError:
        return None


def resolve_backend(name: str | None = None) -> str:
    """The backend that will run: "networkx" or "igraph".

    `name` None means the process default. "auto" falls back to networkx when python-igraph
    is missing; asking for "igraph" explicitly then raises BackendError.
    """
    chosen = _checked(name) if name is not None else _default
    if chosen == "networkx":
        return chosen
    if igraph_module() is None:
        if chosen == "igraph":
            raise BackendError("the igraph analysis backend needs python-igraph, which is "
                               "not installed (pip install python-igraph), or choose "
                               "backend 'networkx' or 'auto'")
        return "networkx"
    return "igraph"


def _fast(C: nx.Graph, backend: str | None) -> bool:
    """Whether igraph computes for C (not for graphs with self-loops: see `_igraph.suits`)."""
    return resolve_backend(backend) == "igraph" and _igraph.suits(C)


def pagerank(C: nx.Graph, alpha: float = 0.85, tol: float = 1e-6, max_iter: int = 500, *,
             backend: str | None = None) -> dict[Any, float]:
    """Weighted PageRank; dangling mass spread evenly, as networkx does.

    networkx: power iteration, stopping when the L1 change is below n * tol (networkx's
    rule) or after max_iter rounds; igraph: PRPACK's exact solution (tol, max_iter unused).
    """
    if _fast(C, backend):
        return _igraph.pagerank(C, alpha)
    return power_iteration(C, alpha, tol, max_iter)


def betweenness(C: nx.Graph, k: int | None, seed: int, *, backend: str | None = None
                ) -> dict[Any, float]:
    """Normalized betweenness, exact or from `k` pivots sampled as networkx samples them."""
    if _fast(C, backend):
        return _igraph.betweenness(C, k, seed)
    result: dict[Any, float] = nx.betweenness_centrality(C, k=k, seed=seed, backend="networkx")
    return result


def eigenvector(C: nx.Graph, *, backend: str | None = None) -> dict[Any, float]:
    """Weighted eigenvector centrality with unit Euclidean norm (networkx's scaling)."""
    if C.number_of_edges() == 0:
        return dict.fromkeys(C, 0.0)
    if _fast(C, backend):
        return _igraph.eigenvector(C)
    result: dict[Any, float] = nx.eigenvector_centrality(C, max_iter=1000, tol=1e-6,
                                                         weight="weight", backend="networkx")
    return result


def partition(C: nx.Graph, algorithm: str, seed: int, *, backend: str | None = None
              ) -> list[set[Any]]:
    """The communities `algorithm` finds in C (weighted), deterministic for a seed."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; expected one of "
                         f"{', '.join(ALGORITHMS)}")
    if _fast(C, backend):
        return _igraph.partition(C, algorithm, seed)
    parts: Sequence[set[Any]]
    if algorithm == "louvain":
        parts = nx.community.louvain_communities(C, weight="weight", seed=seed,
                                                 backend="networkx")
    else:
        parts = list(nx.community.asyn_lpa_communities(C, weight="weight", seed=seed,
                                                       backend="networkx"))
    return [set(part) for part in parts]
