"""Pull parts of the graph into networkx for analysis/.

The result mirrors Neo4j: a MultiDiGraph keyed by entity id (service stages by code), node
attributes = properties + `label`, edges keyed by relationship type with its properties.

`project_scope` costs at most 7 queries, in 4 rounds, whose size follows the scope, not the
database: (1) the scope, its parks, actors and focus industries; (2) the reference data
(regions, the industry tree, stages), only when its fingerprint changed since the last
scope; (3) at once, everything one hop from the scope and the bounded pools of outside
providers of the chain stages (the suggestion candidates); (4) at once, the collaboration
ring one hop further, and the candidates' own surroundings (after a nationwide look-up for
stages the pools left short). Every park in the projection gets its region chain.
`project_whole` pulls everything, for whole-graph metrics.

Both take `as_of`: a year reads the graph of that year (entities existing, relationships
holding in it: the conditions run in the Cypher of every query, so the round-trips stay
as they are). Without one, `during=(first, last)` reads everything that exists or holds in
some year of that range, dates kept as properties (the history a timeline cuts into years
with `analysis.graph_as_of`), and neither reads every year. `G.graph["asOf"]` and
`G.graph["years"]` record which.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from neo4j import AsyncDriver, Query

from graph import projection_queries as q
from graph.driver import READ, translate_unavailable
from graph.errors import NotFoundError

COLLABORATION = ("PARTNERS_WITH", "SUPPORTS", "BRANCH_OF", "OPERATES", "AFFILIATED_WITH")
ACTOR_LABELS = ("Agency", "Platform", "TalentTeam")
SCOPE_LABELS = ("Park", "Cluster", "Region")

@dataclass(frozen=True)
class ScopeInfo:
    id: str
    label: str
    parks: tuple[str, ...]
    actors: tuple[str, ...]
    focus: tuple[str, ...] = ()
    park_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fingerprint: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """Regions, industries and stages: `nodes[id] = (label, props)`, `parent[id]`."""

    nodes: dict[str, tuple[str, dict[str, Any]]]
    parent: dict[str, str]


# The years read: (first, last); (Y, Y) for the graph of Y, (None, None) for every year.
Years = tuple[int | None, int | None]

# Keyed by the fingerprint itself (so a hit is the same data whatever the database) and
# the years read.
_REFERENCE_CACHE: dict[tuple[tuple[str, ...], Years], Reference] = {}
_REFERENCE_CACHE_SIZE = 8


class _Session:
    """Counts round-trips so tests and benchmarks can check the bound."""

    def __init__(self, driver: AsyncDriver, database: str | None, timeout_s: float | None):
        self.driver, self.database, self.timeout_s = driver, database, timeout_s
        self.queries = 0

    async def run(self, text: str, **params: Any) -> list[dict[str, Any]]:
        self.queries += 1
        query = Query(text, timeout=self.timeout_s)  # type: ignore[arg-type]
        records, _, _ = await self.driver.execute_query(query, params, database_=self.database,
                                                        routing_=READ)
        return [dict(r) for r in records]


def _years(as_of: int | None, during: tuple[int, int] | None) -> Years:
    if as_of is not None:
        return as_of, as_of
    return (None, None) if during is None else during


def _params(years: Years) -> dict[str, int | None]:
    """The Cypher parameters of the years read."""
    return {"from": years[0], "to": years[1]}


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    """Native Python values; nulls (the timestamps the queries leave out) dropped."""
    out = {}
    for key, value in props.items():
        if value is None:
            continue
        to_native = getattr(value, "to_native", None)
        out[key] = to_native() if to_native is not None else value
    return out


def _edge_key(rel_type: str, props: dict[str, Any]) -> str:
    """Edges are keyed by type; parallel FUNDS differ by program and year."""
    if rel_type == "FUNDS":
        return f"FUNDS:{props.get('program')}:{props.get('year')}"
    return rel_type


def _add_node(G: nx.MultiDiGraph, node_id: str, label: str, props: dict[str, Any]) -> None:
    if node_id in G and G.nodes[node_id].get("label"):
        return
    G.add_node(node_id, **_plain(props), label=label)


def _add_edge(G: nx.MultiDiGraph, source: str, target: str, rel_type: str,
              props: dict[str, Any]) -> None:
    key = _edge_key(rel_type, props)
    if not G.has_edge(source, target, key=key):
        G.add_edge(source, target, key=key, type=rel_type, **_plain(props))


def _known(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("label")]


def _add_region_chain(G: nx.MultiDiGraph, ref: Reference, park: str,
                      regions: Iterable[str]) -> None:
    """The park's IN_REGION edge(s) and each region's PART_OF chain up to the top."""
    for region in regions:
        _add_edge(G, park, region, "IN_REGION", {})
        seen: set[str] = set()
        child: str | None = region
        while child is not None and child in ref.nodes and child not in seen:
            seen.add(child)
            _add_node(G, child, *ref.nodes[child])
            parent = ref.parent.get(child)
            if parent is not None:
                _add_edge(G, child, parent, "PART_OF", {})
            child = parent


def _merge_expansion(G: nx.MultiDiGraph, ref: Reference, row: dict[str, Any]) -> set[str]:
    """Add one EXPAND answer to G; return the ids at the other end of its relationships."""
    for labels, props in row["nodes"]:
        label = next((lb for lb in labels if lb != "Entity"), "Entity")
        _add_node(G, str(props.get("id", props.get("code"))), label, props)
    reached: set[str] = set()
    for own, rel_type, outgoing, other, props in row["edges"]:
        source, target = (own, other) if outgoing else (other, own)
        _add_edge(G, source, target, rel_type, props)
        reached.add(other)
    for park, regions in row["parkRegions"]:
        _add_region_chain(G, ref, park, regions)
    return reached


async def _expand(session: _Session, G: nx.MultiDiGraph, ids: Iterable[str],
                  types: Sequence[str] | None = None) -> dict[str, Any]:
    """The EXPAND answer for `ids`: their relationships (of `types`) and the nodes met."""
    wanted = sorted(set(ids))
    if not wanted:
        return {"nodes": [], "edges": [], "parkRegions": []}
    rows = await session.run(q.EXPAND, ids=wanted, types=list(types) if types else None,
                             known=_known(G), **_params(G.graph["years"]))
    return rows[0] if rows else {"nodes": [], "edges": [], "parkRegions": []}


def _labelled(G: nx.MultiDiGraph, ids: Iterable[str], labels: Sequence[str]) -> set[str]:
    return {i for i in ids if G.nodes[i].get("label") in labels}


async def _reference(session: _Session, fingerprint: tuple[str, ...],
                     years: Years) -> Reference:
    cached = _REFERENCE_CACHE.get((fingerprint, years))
    if cached is not None:
        return cached
    rows = await session.run(q.REFERENCE, **_params(years))
    ref = Reference({}, {})
    for node_id, label, props, parent in rows[0]["nodes"]:
        ref.nodes[node_id] = (label, props)
        if parent is not None:
            ref.parent[node_id] = parent
    if len(_REFERENCE_CACHE) >= _REFERENCE_CACHE_SIZE:
        _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
    _REFERENCE_CACHE[(fingerprint, years)] = ref
    return ref


def _add_reference(G: nx.MultiDiGraph, ref: Reference) -> None:
    """Every industry with its tree, and every stage (regions come with their parks)."""
    for node_id, (label, props) in ref.nodes.items():
        if label in ("Industry", "ServiceStage"):
            _add_node(G, node_id, label, props)
    for node_id, parent in ref.parent.items():
        if ref.nodes[node_id][0] == "Industry":
            _add_edge(G, node_id, parent, "PART_OF", {})


def _related_industries(ref: Reference, focus: Iterable[str]) -> list[str] | None:
    """Focus industries with their ancestors and descendants (None: no focus, all match)."""
    focus = set(focus)
    if not focus:
        return None
    tree = nx.DiGraph((child, parent) for child, parent in ref.parent.items()
                      if ref.nodes[child][0] == "Industry")
    related = set(focus)
    for industry in focus:
        if industry in tree:
            related |= nx.descendants(tree, industry) | nx.ancestors(tree, industry)
    return sorted(related)


def _provinces(ref: Reference, park_regions: dict[str, tuple[str, ...]]) -> list[str]:
    provinces: set[str] = set()
    for regions in park_regions.values():
        for region in regions:
            chain = [region]
            parent = ref.parent.get(region)
            if parent is not None:
                chain.append(parent)
            provinces |= {r for r in chain
                          if r in ref.nodes and ref.nodes[r][1].get("kind") == "province"}
    return sorted(provinces)


def _candidate_pool(rows: list[list[Any]], stages: Sequence[str], pool: int,
                    needed: int) -> tuple[set[str], list[str]]:
    """The best `pool` providers of each stage by (national or branches, staff, id), and
    the stages with fewer than `needed` of them."""
    by_stage: dict[str, list[tuple[bool, int, str]]] = {code: [] for code in stages}
    for actor, codes, national, staff in rows:
        for code in codes:
            by_stage.setdefault(code, []).append((bool(national), int(staff or 0), actor))
    chosen: set[str] = set()
    for entries in by_stage.values():
        entries.sort(key=lambda e: (not e[0], -e[1], e[2]))
        chosen.update(actor for _, _, actor in entries[:pool])
    return chosen, sorted(code for code, entries in by_stage.items() if len(entries) < needed)


async def _resolve(session: _Session, scope_id: str, years: Years) -> ScopeInfo:
    rows = await session.run(q.SCOPE, id=scope_id, **_params(years))
    if not rows:
        raise NotFoundError(f"no entity with id {scope_id!r}")
    row = rows[0]
    if row["label"] not in SCOPE_LABELS:
        raise ValueError(f"{scope_id!r} is a {row['label']}; a scope is a park, cluster "
                         "or region")
    if not row["present"]:
        when = years[0] if years[0] == years[1] else f"{years[0]}-{years[1]}"
        raise NotFoundError(f"{row['label'].lower()} {scope_id!r} does not exist in {when} "
                            "(not yet approved or established, or already closed)")
    return ScopeInfo(scope_id, row["label"], tuple(row["parks"]),
                     tuple(dict.fromkeys(row["actors"])), tuple(sorted(row["focus"])),
                     {park: tuple(regions) for park, regions in row["parkRegions"]},
                     tuple(sorted(row["fingerprint"])))


@translate_unavailable
async def resolve_scope(driver: AsyncDriver, scope_id: str, database: str | None = None,
                        as_of: int | None = None) -> ScopeInfo:
    return await _resolve(_Session(driver, database, None), scope_id, _years(as_of, None))


@translate_unavailable
async def project_scope(driver: AsyncDriver, scope_id: str,
                        chain_stages: Sequence[str] | None = None, candidate_pool: int = 50,
                        suggestions: int = 3,
                        extra_ids: Sequence[str] | None = None, database: str | None = None,
                        timeout_s: float | None = None, as_of: int | None = None,
                        during: tuple[int, int] | None = None) -> nx.MultiDiGraph:
    """The scope's subgraph and surroundings as of `as_of` (else during the years `during`,
    else of every year; see module docstring); `G.graph['queries']` holds the number of
    round-trips it took. `extra_ids`
    (e.g. ids a what-if change names) are pulled in with their relationships too. Stages
    with fewer than `suggestions` candidates in the province and national pools get a
    nationwide look-up as well; `suggestions=0` fetches no candidates at all.
    NotFoundError when the scope does not exist (in the years read)."""
    session = _Session(driver, database, timeout_s)
    years = _years(as_of, during)
    scope = await _resolve(session, scope_id, years)
    ref = await _reference(session, scope.fingerprint, years)
    G = nx.MultiDiGraph(scope=scope_id, asOf=as_of, years=years)
    _add_reference(G, ref)
    stages = list(chain_stages) if chain_stages else [
        n for n, (label, _) in ref.nodes.items() if label == "ServiceStage"]
    industries = _related_industries(ref, scope.focus)
    core = {scope.id, *scope.parks, *scope.actors}
    exclude = sorted(core)

    async def pools() -> list[dict[str, Any]]:
        if suggestions <= 0:
            return []
        return await session.run(q.CANDIDATES, stages=stages, exclude=exclude,
                                 industries=industries, **_params(years),
                                 provinces=_provinces(ref, scope.park_regions))

    core_row, pool_rows = await asyncio.gather(
        _expand(session, G, core | set(extra_ids or ())), pools())
    neighbours = _merge_expansion(G, ref, core_row)
    ring = _labelled(G, neighbours - core, (*ACTOR_LABELS, "Project"))
    candidates, short = _candidate_pool(pool_rows[0]["candidates"] if pool_rows else [],
                                        stages, candidate_pool, suggestions)

    async def candidate_surroundings() -> dict[str, Any]:
        chosen = set(candidates)
        if short and suggestions > 0:
            rows = await session.run(q.CANDIDATES_ANYWHERE, stages=short, exclude=exclude,
                                     industries=industries, pool=candidate_pool,
                                     **_params(years))
            chosen |= set(rows[0]["ids"]) if rows else set()
        return await _expand(session, G, chosen, ("LOCATED_IN", "PROVIDES", "SERVES_INDUSTRY",
                                                   "BRANCH_OF", *COLLABORATION))

    ring_row, candidate_row = await asyncio.gather(
        _expand(session, G, ring, (*COLLABORATION, "LOCATED_IN", "INVESTS_IN")),
        candidate_surroundings())
    _merge_expansion(G, ref, ring_row)
    _merge_expansion(G, ref, candidate_row)
    G.graph["queries"] = session.queries
    return G


@translate_unavailable
async def project_whole(driver: AsyncDriver, database: str | None = None,
                        timeout_s: float | None = None,
                        as_of: int | None = None) -> nx.MultiDiGraph:
    """Every entity, service stage and relationship (for whole-graph metrics) as of
    `as_of` (None: every year)."""
    session = _Session(driver, database, timeout_s)
    years = _years(as_of, None)
    G = nx.MultiDiGraph(asOf=as_of, years=years)
    # Both queries at once: the database answers one while the driver decodes the other.
    node_rows, rel_rows = await asyncio.gather(session.run(q.ALL_NODES, **_params(years)),
                                               session.run(q.ALL_RELATIONSHIPS,
                                                           **_params(years)))
    with _no_cyclic_gc():
        for row in node_rows:
            for node_id, props in row["nodes"]:
                _add_node(G, node_id, row["label"], props)
        for row in rel_rows:
            _add_edges(G, row["type"], row["rels"])
    G.graph["queries"] = session.queries
    return G


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a whole graph is built: it makes hundreds of
    thousands of dicts, none of them garbage, and the collector would walk the growing heap
    again and again (building 480k edges: 6.0 s of CPU with it, 2.3 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_edges(G: nx.MultiDiGraph, rel_type: str, rels: Iterable[list[Any]]) -> None:
    """`G.add_edge(source, target, key, type=rel_type, **props)` for each row, written into
    networkx's own dicts (`_succ[u][v]` and `_pred[v][u]` are one key dict, as
    analysis.asof.History.graph fills them): add_edge costs several times as much, seconds
    for a 100k-entity graph. A repeated key updates its attributes, as add_edge does."""
    succ, pred, nodes = G._succ, G._pred, G._node
    plain_key = None if rel_type == "FUNDS" else rel_type  # _edge_key without properties
    for source, target, props in rels:
        if source not in nodes:
            G.add_node(source)
        if target not in nodes:
            G.add_node(target)
        keyed = succ[source].get(target)
        if keyed is None:
            keyed = succ[source][target] = pred[target][source] = {}
        key = plain_key if plain_key is not None else _edge_key(rel_type, props or {})
        attrs = {"type": rel_type, **_plain(props)} if props else {"type": rel_type}
        data = keyed.get(key)
        if data is None:
            keyed[key] = attrs
        else:
            data.update(attrs)
