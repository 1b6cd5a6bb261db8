"""`stsgraph analyze refresh`: compute the whole-graph analyses and store them in Neo4j.

The API serves what this stores while it is fresh (graph/results.py says when), so the
whole-graph questions answer from one read instead of a projection and a networkx run.
Results are computed on the data version read before the projection: a write that lands
while the job runs leaves what it touched stale (graph/result_queries.py).

`stale_only`: cluster scores are recomputed only for the clusters a write touched, each from
its own scope's projection (independent of the graph's size); the whole-graph rankings only
when a write came after them; everything when a whole-graph write (a load) came after the
last full refresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import networkx as nx
from neo4j import AsyncDriver

import analysis
from analysis.network import ALGORITHMS, METRICS, whole_collaboration_graph
from graph import projections, results
from graph.errors import NotFoundError
from graph.fingerprint import Fingerprint, read_fingerprint
from graph.results import MAX_STORED, NATIONAL, SEED, centrality_key
from loaders.progress import NoProgress, Progress

ACTOR_KINDS = (None, "Agency", "Platform", "TalentTeam")


@dataclass
class RefreshReport:
    as_of: int
    version: int
    written: dict[str, int] = field(default_factory=dict)  # refresh name -> results written
    deleted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _cluster_payloads(G: nx.MultiDiGraph) -> dict[str, Any]:
    return {s.scope.id: s.to_dict() for s in analysis.cluster_scores(G)}


def _provinces(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True)
                  if d.get("label") == "Region" and d.get("kind") == "province")


def _pilot_payloads(G: nx.MultiDiGraph, year: int) -> dict[str, Any]:
    payloads = {NATIONAL: [c.to_dict() for c in
                           analysis.pilot_candidates(G, None, year=year)]}
    for province in _provinces(G):
        payloads[province] = [c.to_dict() for c in
                              analysis.pilot_candidates(G, None, province=province, year=year)]
    return payloads


def _centrality_payloads(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Every metric once over all actors, then the first MAX_STORED of each actor kind
    (ranks within the kind, as `centrality(G, kind, ...)` gives them)."""
    everyone = whole_collaboration_graph(G).number_of_nodes()
    payloads: dict[str, Any] = {}
    for metric in METRICS:
        ranked = analysis.centrality(G, None, metric, everyone)
        for kind in ACTOR_KINDS:
            chosen = [e for e in ranked if kind is None or e.actor.label == kind][:MAX_STORED]
            payloads[centrality_key(metric, kind)] = [
                {"actor": e.actor.to_dict(), "value": e.value, "rank": rank,
                 "undatedCount": analysis.undated_ties_of(G, e.actor.id)}
                for rank, e in enumerate(chosen, start=1)]
    return payloads


def _community_payloads(G: nx.MultiDiGraph) -> dict[str, Any]:
    payloads: dict[str, Any] = {}
    for algorithm in ALGORITHMS:
        found = analysis.communities(G, None, algorithm, SEED, 1)
        payloads[algorithm] = [
            {**c.to_dict(),
             "undatedCount": analysis.undated_members(G, [m.id for m in c.members], None)}
            for c in found]
    return payloads


WHOLE_JOBS: dict[str, Callable[[nx.MultiDiGraph, int], dict[str, Any]]] = {
    "cluster-scores": lambda G, year: _cluster_payloads(G),
    "pilot-candidates": _pilot_payloads,
    "centrality": lambda G, year: _centrality_payloads(G),
    "communities": lambda G, year: _community_payloads(G),
}


async def refresh(driver: AsyncDriver, as_of: int, only: Iterable[str] | None = None,
                  stale_only: bool = False, database: str | None = None,
                  progress: Progress | None = None) -> RefreshReport:
    """Compute and store the results named in `only` (all of REFRESH_KINDS by default)."""
    progress = progress or NoProgress()
    names = [n for n in results.REFRESH_KINDS if only is None or n in set(only)]
    fingerprint = await read_fingerprint(driver, database)
    report = RefreshReport(as_of, fingerprint.version)
    whole = [n for n in names
             if not stale_only or await _needs_whole(driver, n, as_of, fingerprint, database)]
    if stale_only and "cluster-scores" in names and "cluster-scores" not in whole:
        await _refresh_stale_clusters(driver, as_of, fingerprint, report, database, progress)
    if not whole:
        return report
    progress.start("projecting the graph", 0)
    started = datetime.now(UTC)
    G = await projections.project_whole(driver, database, as_of=as_of)
    report.seconds["projection"] = (datetime.now(UTC) - started).total_seconds()
    progress.advance(1, f"{G.number_of_nodes()} nodes")
    progress.start("computing and storing", len(whole))
    for name in whole:
        started = datetime.now(UTC)
        payloads = await asyncio.to_thread(WHOLE_JOBS[name], G, as_of)
        await results.write_results(driver, results.REFRESH_KINDS[name], as_of,
                                    fingerprint.version, payloads, started, database)
        report.deleted += await results.record_refresh(driver, name, as_of,
                                                       fingerprint.version, started,
                                                       keep=list(payloads), database=database)
        report.written[name] = len(payloads)
        report.seconds[name] = (datetime.now(UTC) - started).total_seconds()
        progress.advance(1, name)
    return report


async def _needs_whole(driver: AsyncDriver, name: str, as_of: int, fingerprint: Fingerprint,
                       database: str | None) -> bool:
    """Under --stale-only: whether `name` must be recomputed over the whole graph."""
    kind = results.REFRESH_KINDS[name]
    stored = await results.read_results(driver, kind, as_of, keys=[], database=database)
    if stored.refreshed_version is None:
        return True
    if kind in results.SCOPED_KINDS:
        return stored.refreshed_version < fingerprint.whole_version
    return stored.refreshed_version != fingerprint.version


async def _refresh_stale_clusters(driver: AsyncDriver, as_of: int, fingerprint: Fingerprint,
                                  report: RefreshReport, database: str | None,
                                  progress: Progress) -> None:
    """Each stale cluster's score from its own scope's projection; gone clusters dropped."""
    started = datetime.now(UTC)
    stale = await results.stale_clusters(driver, as_of, database)
    progress.start("stale cluster scores", len(stale))
    payloads: dict[str, Any] = {}
    gone: list[str] = []
    for cluster in stale:
        try:
            G = await projections.project_scope(driver, cluster, suggestions=0,
                                                database=database, as_of=as_of)
        except NotFoundError:
            gone.append(cluster)
            continue
        if G.nodes.get(cluster, {}).get("label") != "Cluster":
            gone.append(cluster)
            continue
        score = await asyncio.to_thread(analysis.integration_score, G, cluster, None, None, 0)
        payloads[cluster] = score.to_dict()
        progress.advance(1, cluster)
    await results.write_results(driver, results.CLUSTER_SCORE, as_of, fingerprint.version,
                                payloads, started, database)
    if gone:
        await results.delete_results(driver, results.CLUSTER_SCORE, as_of, gone, database)
    report.written["cluster-scores"] = len(payloads)
    report.deleted += len(gone)
    report.seconds["cluster-scores"] = (datetime.now(UTC) - started).total_seconds()
