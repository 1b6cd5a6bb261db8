"""How close a candidate's answer is to networkx's on the same graph, and the table rows
that check the chosen backend against the tolerances of docs/performance.md.

Scores (PageRank, betweenness): the largest absolute difference, the L1 distance, Spearman's
rank correlation over all nodes and how many of our top 10 are in networkx's top 10.
Communities: the weighted modularity of each partition and their difference.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

import networkx as nx

from benchmarks import candidates as cand
from benchmarks.common import Row, make_row

EXACT = 1e-9  # betweenness on the same pivots (tests/analysis/test_backends.py)
MODULARITY = 0.01  # |Q(igraph Louvain) - Q(networkx Louvain)|
ALPHA, TOL = 0.85, 1e-6  # PageRank damping and networkx's stopping tolerance


def ranks(values: list[float]) -> list[float]:
    """Ranks from 0, ties sharing their average rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            out[order[position]] = (start + end) / 2
        start = end + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    try:
        return statistics.correlation(ranks(a), ranks(b))
    except statistics.StatisticsError:  # fewer than 2 values, or all equal
        return math.nan


def _top(scores: dict[Any, float], k: int = 10) -> set[Any]:
    return set(sorted(scores, key=lambda v: (-scores[v], v))[:k])


def compare(algorithm: str, C: nx.Graph, ours: Any, theirs: Any) -> dict[str, Any]:
    """Agreement figures of `ours` with `theirs` (networkx's; None when it did not run)."""
    if algorithm == "communities":
        found: dict[str, Any] = {"modularity": nx.community.modularity(C, ours, weight="weight"),
                                 "communities": len(ours)}
        if theirs is not None:
            found["networkx_modularity"] = nx.community.modularity(C, theirs, weight="weight")
            found["networkx_communities"] = len(theirs)
        return found
    if theirs is None:
        return {}
    nodes = list(C)
    a, b = [ours[v] for v in nodes], [theirs[v] for v in nodes]
    return {"max_abs_difference": max((abs(x - y) for x, y in zip(a, b, strict=True)),
                                      default=0.0),
            "l1_distance": sum(abs(x - y) for x, y in zip(a, b, strict=True)),
            "spearman": spearman(a, b),
            "top10_overlap": len(_top(ours) & _top(theirs)),
            "nodes": len(nodes)}


def agreement_rows(name: str, r: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for (candidate, algorithm), found in sorted(r["agreement"].items()):
        chosen = candidate == cand.CHOSEN
        if algorithm == "communities":
            out.extend(_modularity_rows(name, candidate, found, chosen))
        elif found:
            out.extend(_score_rows(name, candidate, algorithm, found, chosen))
    estimate = r.get("estimate_agreement")
    if estimate:
        out.append(make_row(
            "algorithms", f"betweenness @ {name} ({r['networkx_betweenness_estimate_pivots']} "
            f"pivots): {cand.CHOSEN} max |difference| vs networkx", "abs",
            [estimate["max_abs_difference"]], max_value=EXACT, target=f"<= {EXACT:g}"))
    return out


def _score_rows(name: str, candidate: str, algorithm: str, found: dict[str, Any],
                chosen: bool) -> list[Row]:
    case = f"{algorithm} @ {name}: {candidate} vs networkx"
    rows = [make_row("algorithms", f"{case}, Spearman rho", "rho", [found["spearman"]]),
            make_row("algorithms", f"{case}, of networkx's top 10", "nodes",
                     [found["top10_overlap"]])]
    if chosen and algorithm == "betweenness":
        rows.append(make_row("algorithms", f"{case}, max |difference| (same pivots)", "abs",
                             [found["max_abs_difference"]], max_value=EXACT,
                             target=f"<= {EXACT:g}"))
    elif chosen and algorithm == "pagerank":
        # networkx stops when an iteration moves less than n * tol (L1); it is then within
        # alpha / (1 - alpha) times that of the exact answer igraph gives.
        bound = ALPHA / (1 - ALPHA) * found["nodes"] * TOL
        rows.append(make_row("algorithms", f"{case}, L1 distance", "abs",
                             [found["l1_distance"]], max_value=bound,
                             target=f"<= {bound:.3g} (networkx's stopping rule)"))
    else:
        rows.append(make_row("algorithms", f"{case}, max |difference|", "abs",
                             [found["max_abs_difference"]]))
    return rows


def _modularity_rows(name: str, candidate: str, found: dict[str, Any],
                     chosen: bool) -> list[Row]:
    case = f"communities @ {name}: {candidate}"
    reference = found.get("networkx_modularity")
    rows = [make_row("algorithms", f"{case}, modularity ({found['communities']} communities)",
                     "Q", [found["modularity"]],
                     peer=f"networkx ({found.get('networkx_communities')})" if reference else None,
                     peer_samples=[reference] if reference else None)]
    if chosen and reference is not None:
        rows.append(make_row("algorithms", f"{case}, |modularity - networkx's|", "abs",
                             [abs(found["modularity"] - reference)], max_value=MODULARITY,
                             target=f"<= {MODULARITY:g}"))
    return rows
