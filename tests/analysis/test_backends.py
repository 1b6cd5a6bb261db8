"""The igraph backend agrees with networkx within the tolerances docs/performance.md states,
falls back to networkx when python-igraph is missing, and converts each graph once."""

from __future__ import annotations

import random
import sys

import networkx as nx
import pytest

from analysis import _igraph, backends
from analysis.network import centrality, communities, whole_collaboration_graph
from tests.analysis.test_network import two_cliques

# The tolerances of docs/performance.md ("Whole-graph algorithms").
EXACT = 1e-9  # betweenness with the same pivots; PageRank / eigenvector once converged
LOUVAIN_MODULARITY = 0.01  # |igraph - networkx|
LABEL_PROPAGATION_MODULARITY = 0.02  # igraph no worse than networkx by more than this


def _weighted(G: nx.Graph, seed: int) -> nx.Graph:
    """G with string node ids (as actors have) and collaboration-like weights."""
    rng = random.Random(seed)
    C = nx.relabel_nodes(G, {v: f"n{v:04d}" for v in G})
    for u, v in C.edges():
        C[u][v]["weight"] = rng.choice([0.5, 1.0, 1.0, 2.0, 3.0])
    return C


GRAPHS = {
    # hubs and triangles, like the collaboration graph's giant component
    "power-law clustered": lambda: _weighted(nx.powerlaw_cluster_graph(600, 2, 0.3, seed=1), 1),
    # many small components and isolated actors, as the generated data has
    "forest and isolated": lambda: _weighted(nx.disjoint_union_all(
        [nx.random_labeled_tree(50, seed=s) for s in range(6)] + [nx.empty_graph(20)]), 3),
    # dense groups loosely tied: clear communities
    "caves": lambda: _weighted(nx.connected_caveman_graph(20, 8), 2),
}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request: pytest.FixtureRequest) -> nx.Graph:
    return GRAPHS[request.param]()


def _max_difference(a: dict, b: dict) -> float:
    assert a.keys() == b.keys()
    return max(abs(a[v] - b[v]) for v in a)


def _top(values: dict, k: int = 10) -> list:
    return sorted(values, key=lambda v: (-values[v], v))[:k]


def _same_top(ours: dict, theirs: dict, tol: float, k: int = 10) -> bool:
    """Our top k are their top k, but for ties within `tol` (symmetric nodes)."""
    threshold = sorted(theirs.values(), reverse=True)[k - 1]
    return all(theirs[v] >= threshold - tol for v in _top(ours, k))


@pytest.mark.parametrize("k", [None, 50])
def test_betweenness_uses_networkx_pivots_and_scaling(graph, k):
    ours = backends.betweenness(graph, k, seed=42, backend="igraph")
    theirs = backends.betweenness(graph, k, seed=42, backend="networkx")
    assert _max_difference(ours, theirs) <= EXACT
    assert _same_top(ours, theirs, EXACT)


def test_betweenness_with_other_pivots_differs():
    """The agreement above is not an accident of a graph where every pivot set agrees."""
    C = GRAPHS["power-law clustered"]()
    ours = backends.betweenness(C, 50, seed=1, backend="igraph")
    theirs = backends.betweenness(C, 50, seed=2, backend="networkx")
    assert _max_difference(ours, theirs) > 1e-3


def test_pagerank_is_networkx_converged(graph):
    ours = backends.pagerank(graph, backend="igraph")
    converged = backends.pagerank(graph, tol=1e-13, max_iter=100_000, backend="networkx")
    assert _max_difference(ours, converged) <= EXACT
    assert _same_top(ours, converged, EXACT)
    assert sum(ours.values()) == pytest.approx(1.0, abs=1e-12)
    # networkx stops once an iteration changes less than n * 1e-6 (L1); the power
    # iteration is then within alpha / (1 - alpha) times that of the fixpoint.
    default = backends.pagerank(graph, backend="networkx")
    bound = 0.85 / 0.15 * len(graph) * 1e-6
    assert sum(abs(ours[v] - default[v]) for v in graph) <= bound


def test_eigenvector_is_networkx_converged():
    C = GRAPHS["power-law clustered"]()
    ours = backends.eigenvector(C, backend="igraph")
    converged = nx.eigenvector_centrality(C, weight="weight", tol=1e-13, max_iter=100_000)
    assert _max_difference(ours, converged) <= EXACT
    assert _same_top(ours, backends.eigenvector(C, backend="networkx"), 1e-6)


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_louvain_modularity_matches_networkx(graph, seed):
    ours = backends.partition(graph, "louvain", seed, backend="igraph")
    theirs = backends.partition(graph, "louvain", seed, backend="networkx")
    assert set().union(*ours) == set(graph)
    difference = (nx.community.modularity(graph, ours, weight="weight")
                  - nx.community.modularity(graph, theirs, weight="weight"))
    assert abs(difference) <= LOUVAIN_MODULARITY


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_label_propagation_is_no_worse_than_networkx(graph, seed):
    ours = backends.partition(graph, "label_propagation", seed, backend="igraph")
    theirs = backends.partition(graph, "label_propagation", seed, backend="networkx")
    difference = (nx.community.modularity(graph, ours, weight="weight")
                  - nx.community.modularity(graph, theirs, weight="weight"))
    assert difference >= -LABEL_PROPAGATION_MODULARITY


def test_caves_are_found_by_both_backends():
    C = GRAPHS["caves"]()
    ours = sorted(sorted(p) for p in backends.partition(C, "louvain", 42, backend="igraph"))
    theirs = sorted(sorted(p) for p in backends.partition(C, "louvain", 42, backend="networkx"))
    assert ours == theirs
    assert len(ours) == 20


@pytest.mark.parametrize("algorithm", ["louvain", "label_propagation"])
def test_igraph_communities_depend_on_the_seed_only(algorithm):
    C = GRAPHS["power-law clustered"]()
    first = backends.partition(C, algorithm, 5, backend="igraph")
    random.seed(12345)  # the global generator igraph would otherwise draw from
    again = backends.partition(C, algorithm, 5, backend="igraph")
    assert sorted(map(sorted, first)) == sorted(map(sorted, again))
    others = [backends.partition(C, algorithm, seed, backend="igraph") for seed in range(6, 12)]
    assert any(sorted(map(sorted, o)) != sorted(map(sorted, first)) for o in others)


def test_self_loops_are_left_to_networkx():
    C = GRAPHS["power-law clustered"]()
    C.add_edge("n0001", "n0001", weight=5.0)
    ours = backends.pagerank(C, backend="igraph")
    assert ours == backends.pagerank(C, backend="networkx")


@pytest.mark.parametrize("metric", ["degree", "betweenness", "pagerank", "eigenvector"])
def test_centrality_ranks_the_same_actors_with_either_backend(example, metric):
    ours = centrality(example, metric=metric, first=5, backend="igraph")
    theirs = centrality(example, metric=metric, first=5, backend="networkx")
    assert [e.actor.id for e in ours] == [e.actor.id for e in theirs]
    assert [e.value for e in ours] == pytest.approx([e.value for e in theirs], abs=1e-5)


def test_communities_are_the_same_with_either_backend():
    found = {backend: [[m.id for m in c.members] for c in communities(two_cliques(),
                                                                       backend=backend)]
             for backend in ("igraph", "networkx")}
    assert found["igraph"] == found["networkx"]


# --- choosing the backend ------------------------------------------------------------------

@pytest.fixture
def without_igraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-igraph made unimportable, as in an installation without it."""
    monkeypatch.setitem(sys.modules, "igraph", None)


def test_auto_falls_back_to_networkx_without_igraph(without_igraph, example):
    assert backends.igraph_module() is None
    assert backends.resolve_backend("auto") == "networkx"
    entries = centrality(example, metric="pagerank", first=3, backend="auto")
    assert [e.actor.id for e in entries] == [
        e.actor.id for e in centrality(example, metric="pagerank", first=3, backend="networkx")]
    assert communities(two_cliques(), backend="auto")[0].size == 4


def test_asking_for_igraph_without_it_is_a_clear_error(without_igraph, example):
    with pytest.raises(backends.BackendError, match="needs python-igraph"):
        centrality(example, metric="pagerank", backend="igraph")


def test_auto_means_igraph_when_installed():
    assert backends.resolve_backend("auto") == "igraph"
    assert backends.resolve_backend("networkx") == "networkx"


def test_unknown_backend_is_rejected(example):
    with pytest.raises(backends.BackendError, match="unknown analysis backend 'scipy'"):
        communities(example, backend="scipy")
    with pytest.raises(backends.BackendError):
        backends.set_backend("fast")


def test_process_default_forces_networkx(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr(_igraph, "pagerank", lambda C, alpha: calls.append("igraph") or {})
    previous = backends.set_backend("networkx")
    try:
        C = GRAPHS["caves"]()
        assert backends.pagerank(C) == backends.pagerank(C, backend="networkx")
        assert calls == []
    finally:
        backends.set_backend(previous)
    backends.pagerank(C)
    assert calls == ["igraph"]


def test_environment_sets_the_default(monkeypatch: pytest.MonkeyPatch):
    import importlib

    monkeypatch.setenv(backends.ENVIRONMENT, "networkx")
    try:
        assert importlib.reload(backends).get_backend() == "networkx"
        monkeypatch.setenv(backends.ENVIRONMENT, "Fortran")
        # a ValueError: reloading redefines BackendError, which subclasses it
        with pytest.raises(ValueError, match="unknown analysis backend 'fortran'"):
            importlib.reload(backends)
    finally:
        monkeypatch.delenv(backends.ENVIRONMENT)
        importlib.reload(backends)
    assert backends.get_backend() == "auto"


# --- conversion once per graph -------------------------------------------------------------

def test_whole_collaboration_graph_and_its_conversion_are_built_once(example, monkeypatch):
    built: list[int] = []
    C = whole_collaboration_graph(example)
    assert whole_collaboration_graph(example) is C
    first = _igraph.converted(C)
    import igraph

    monkeypatch.setattr(igraph, "Graph", lambda *a, **k: built.append(1))
    centrality(example, metric="pagerank", backend="igraph")
    centrality(example, metric="betweenness", backend="igraph")
    communities(example, backend="igraph")
    assert built == [] and _igraph.converted(C) is first


def test_changing_the_graph_rebuilds_what_was_cached(example):
    C = whole_collaboration_graph(example)
    before = {e.actor.id for e in centrality(example, metric="degree", first=100)}
    example.add_node("ag-new", label="Agency", name="New agency")
    example.add_edge("ag-new", "ag-rd", key="PARTNERS_WITH", type="PARTNERS_WITH")
    after = whole_collaboration_graph(example)
    assert after is not C and "ag-new" in after
    assert {e.actor.id for e in centrality(example, metric="pagerank", first=100,
                                           backend="igraph")} == before | {"ag-new"}
