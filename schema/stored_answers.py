"""The four whole-graph analysis fields answered from stored results (graph/results.py).

Each function returns the answer when every stored result it needs is fresh, else None, and
in both cases the data version read (with the results, in one round trip), which the
compute-on-request path then keys its projection by.
"""

from collections.abc import Mapping
from typing import Any

from analysis.score import validate_weights
from graph import results
from schema import freshness as fr
from schema.analysis import run_analysis
from schema.context import Info

Answer = tuple[list[fr.Served] | None, int]


async def cluster_scores(info: Info, year: int, weights: Mapping[str, float] | None,
                         order: str, first: int) -> Answer:
    """The cluster scores under `weights`, ranked as `analysis.cluster_scores` ranks (then
    in `order`, the first `first` at least). With the default weights only that page is
    read (ordered by Neo4j); other weights re-weigh every stored score."""
    ctx = info.context
    if weights is None:
        ctx.cypher_calls += 1
        stored = await results.read_cluster_page(ctx.driver, year, order, first,
                                                 ctx.settings.neo4j_database)
    else:
        stored = await fr.read_stored(info, results.CLUSTER_SCORE, year)
    version = stored.fingerprint.version
    if not stored.all_fresh(results.CLUSTER_SCORE):
        return None, version

    def build() -> list[fr.Served]:
        checked = validate_weights(weights)
        scores = [fr.Served(fr.integration_score(r.payload, checked), fr.stored_freshness(r))
                  for r in stored.results]
        return sorted(scores, key=lambda s: (-s.score, s.scope.id))

    return await run_analysis(build), version


async def _one(info: Info, kind: str, year: int, key: str) -> tuple[Any, int]:
    """The fresh stored result of `kind` under `key`, or None; and the data version."""
    stored = await fr.read_stored(info, kind, year, [key])
    found = next((r for r in stored.results if r.key == key), None)
    fresh = found is not None and stored.fresh(kind, found)
    return (found if fresh else None), stored.fingerprint.version


async def pilot_candidates(info: Info, year: int, province: str | None, first: int) -> Answer:
    key = results.NATIONAL if province is None else province
    found, version = await _one(info, results.PILOT_CANDIDATES, year, key)
    if found is None:
        return None, version
    stamp = fr.stored_freshness(found)
    return [fr.Served(fr.pilot_candidate(raw), stamp) for raw in found.payload[:first]], version


async def centrality(info: Info, year: int, metric: str, kind: str | None,
                     first: int) -> Answer:
    key = results.centrality_key(metric, kind)
    found, version = await _one(info, results.CENTRALITY, year, key)
    if found is None:
        return None, version
    stamp = fr.stored_freshness(found)
    return [fr.Served(entry, stamp, undated) for entry, undated in
            map(fr.centrality_entry, found.payload[:first])], version


async def communities(info: Info, year: int, algorithm: str, min_size: int) -> Answer:
    """Stored for the default seed with every size: those of `min_size` or more keep their
    index (communities are ordered by size, largest first)."""
    found, version = await _one(info, results.COMMUNITIES, year, algorithm)
    if found is None:
        return None, version
    stamp = fr.stored_freshness(found)
    return [fr.Served(c, stamp, undated) for c, undated in map(fr.community, found.payload)
            if c.size >= min_size], version
