"""Pull parts of the graph into networkx for analysis/.

The result mirrors Neo4j: a MultiDiGraph keyed by entity id (service stages by code), node
attributes = properties + `label`, edges keyed by relationship type with its properties.

`project_scope` costs a fixed number of queries whose size follows the scope, not the
database: the scope's parks and actors with everything one hop away, the collaboration
ring one hop further, the region chain of every park seen, the industry tree, and a
bounded pool of outside providers of the chain stages (the suggestion candidates).
`project_whole` pulls everything, for whole-graph metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import AsyncDriver, Query

from graph.driver import READ, translate_unavailable
from graph.errors import NotFoundError

COLLABORATION = ("PARTNERS_WITH", "SUPPORTS", "BRANCH_OF", "OPERATES", "AFFILIATED_WITH")
ACTOR_LABELS = ("Agency", "Platform", "TalentTeam")
SCOPE_LABELS = ("Park", "Cluster", "Region")

RESOLVE_SCOPE = """
MATCH (s:Entity {id: $id})
WITH s, [l IN labels(s) WHERE l <> 'Entity'][0] AS label
WITH s, label, CASE label
    WHEN 'Park' THEN [s]
    WHEN 'Cluster' THEN COLLECT { MATCH (s)-[:LOCATED_IN]->(p:Park) RETURN p }
    WHEN 'Region' THEN COLLECT { MATCH (s)<-[:PART_OF*0..3]-(:Region)<-[:IN_REGION]-(p:Park)
                                 RETURN DISTINCT p }
    ELSE [] END AS parks
WITH s, label, parks,
     COLLECT { MATCH (m)-[:MEMBER_OF]->(s) WHERE m:Agency OR m:Platform OR m:TalentTeam
               RETURN m.id } AS members,
     COLLECT { UNWIND parks AS p MATCH (a)-[:LOCATED_IN]->(p)
               WHERE a:Agency OR a:Platform OR a:TalentTeam RETURN a.id } AS located
RETURN label, [p IN parks | p.id] AS parks, members + located AS actors
"""

NODES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Entity'][0], properties(n)]) AS nodes
"""

# One row: the relationships as compact lists, and each other end once (only those the
# projection does not hold yet) - far fewer, smaller records for the driver to decode.
EXPAND = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m)
WHERE $types IS NULL OR type(r) IN $types
WITH collect([n.id, type(r), startNode(r) = n, coalesce(m.id, m.code), properties(r)]) AS edges,
     collect(DISTINCT CASE WHEN coalesce(m.id, m.code) IN $known THEN null ELSE m END) AS others
RETURN edges, [o IN others | [labels(o), properties(o)]] AS nodes
"""

INDUSTRY_TREE_AND_STAGES = """
CALL () {
    MATCH (i:Industry)
    RETURN collect({id: i.id, props: properties(i),
                    parent: COLLECT { MATCH (i)-[:PART_OF]->(p:Industry) RETURN p.id }[0]}) AS industries
}
CALL () {
    MATCH (s:ServiceStage) RETURN collect(properties(s)) AS stages
}
RETURN industries, stages
"""

# Outside providers of each stage, drawn from two bounded pools so the cost follows the
# scope's province, not the database: providers in the scope's province(s), and national-
# level agencies or agencies with branches anywhere. Each pool is cut at `$pool` by (national
# or branches, staff); the analysis re-ranks the union exactly (it knows collaboration
# distance), and actors near the scope are already in the projection through its ring.
CANDIDATES = """
CALL () {
    MATCH (r:Region) WHERE r.id IN $provinces
    MATCH (r)<-[:PART_OF*0..2]-(:Region)<-[:IN_REGION]-(:Park)<-[:LOCATED_IN]-(c)
    RETURN c
    UNION
    MATCH (c:Agency) WHERE c.level = 'national' RETURN c
    UNION
    MATCH (:Agency)-[:BRANCH_OF]->(c:Agency) RETURN c
}
WITH c WHERE NOT c.id IN $exclude
  AND ($industries IS NULL OR EXISTS {
        MATCH (c)-[:SERVES_INDUSTRY]->(i:Industry) WHERE i.id IN $industries })
WITH c, [(c)-[:PROVIDES]->(s:ServiceStage) WHERE s.code IN $stages | s.code] AS codes
WHERE size(codes) > 0
RETURN collect([c.id, codes, c.level = 'national' OR EXISTS { (c)<-[:BRANCH_OF]-() },
                coalesce(c.staff, c.size, 0)]) AS candidates
"""

# For stages the two pools leave short: the best providers anywhere, as DESIGN §5 ranks them
# apart from distance (which the analysis adds back for those within reach).
CANDIDATES_ANYWHERE = """
UNWIND $stages AS code
CALL (code) {
    MATCH (c)-[:PROVIDES]->(:ServiceStage {code: code})
    WHERE NOT c.id IN $exclude
      AND ($industries IS NULL OR EXISTS {
            MATCH (c)-[:SERVES_INDUSTRY]->(i:Industry) WHERE i.id IN $industries })
    WITH c ORDER BY coalesce(c.staff, c.size, 0) DESC, c.id LIMIT $pool
    RETURN collect(c.id) AS ids
}
UNWIND ids AS id
RETURN collect(DISTINCT id) AS ids
"""

ALL_NODES = """
MATCH (n)
WHERE n:Entity OR n:ServiceStage
RETURN coalesce(n.id, n.code) AS id,
       [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
"""

ALL_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
WHERE (a:Entity OR a:ServiceStage) AND (b:Entity OR b:ServiceStage)
RETURN coalesce(a.id, a.code) AS source, type(r) AS type,
       coalesce(b.id, b.code) AS target, properties(r) AS props
"""


@dataclass(frozen=True)
class ScopeInfo:
    id: str
    label: str
    parks: tuple[str, ...]
    actors: tuple[str, ...]


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


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in props.items():
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


async def _add_nodes(session: _Session, G: nx.MultiDiGraph, ids: Iterable[str]) -> None:
    missing = sorted({i for i in ids if not G.nodes.get(i, {}).get("label")})
    if missing:
        rows = await session.run(NODES, ids=missing)
        for node_id, label, props in rows[0]["nodes"]:
            _add_node(G, node_id, label, props)


async def _expand(session: _Session, G: nx.MultiDiGraph, ids: Iterable[str],
                  types: Sequence[str] | None = None) -> set[str]:
    """Add the relationships of `ids` (of `types`) and their other ends; return those ends."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    await _add_nodes(session, G, wanted)
    reached: set[str] = set()
    rows = await session.run(EXPAND, ids=wanted, types=list(types) if types else None,
                             known=[n for n, d in G.nodes(data=True) if d.get("label")])
    for labels, props in rows[0]["nodes"]:
        label = next((lb for lb in labels if lb != "Entity"), "Entity")
        _add_node(G, str(props.get("id", props.get("code"))), label, props)
    for own, rel_type, outgoing, other, props in rows[0]["edges"]:
        source, target = (own, other) if outgoing else (other, own)
        key = _edge_key(rel_type, props)
        if not G.has_edge(source, target, key=key):
            G.add_edge(source, target, key=key, type=rel_type, **_plain(props))
        reached.add(other)
    return reached


def _labelled(G: nx.MultiDiGraph, ids: Iterable[str], labels: Sequence[str]) -> set[str]:
    return {i for i in ids if G.nodes[i].get("label") in labels}


async def _add_reference_data(session: _Session, G: nx.MultiDiGraph) -> None:
    rows = await session.run(INDUSTRY_TREE_AND_STAGES)
    for industry in rows[0]["industries"]:
        _add_node(G, industry["id"], "Industry", industry["props"])
    for industry in rows[0]["industries"]:
        if industry["parent"] and not G.has_edge(industry["id"], industry["parent"], "PART_OF"):
            G.add_edge(industry["id"], industry["parent"], key="PART_OF", type="PART_OF")
    for stage in rows[0]["stages"]:
        _add_node(G, stage["code"], "ServiceStage", stage)


async def _add_region_chains(session: _Session, G: nx.MultiDiGraph) -> None:
    parks = [n for n, d in G.nodes(data=True) if d.get("label") == "Park"]
    regions = _labelled(G, await _expand(session, G, parks, ["IN_REGION"]), ("Region",))
    await _expand(session, G, regions, ["PART_OF"])


def _focus_industries(G: nx.MultiDiGraph, scope: ScopeInfo) -> set[str]:
    holders = {scope.id, *scope.parks} if scope.label != "Region" else set(scope.parks)
    return {t for h in holders if h in G for _, t, k in G.out_edges(h, keys=True)
            if k == "FOCUSES_ON"}


def _related_industries(G: nx.MultiDiGraph, focus: set[str]) -> list[str] | None:
    """Focus industries with their ancestors and descendants (None: no focus, all match)."""
    if not focus:
        return None
    tree = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "PART_OF"
                      and G.nodes[u].get("label") == "Industry")
    related = set(focus)
    for industry in focus:
        if industry in tree:
            related |= nx.descendants(tree, industry) | nx.ancestors(tree, industry)
    return sorted(related)


def _provinces(G: nx.MultiDiGraph, parks: Iterable[str]) -> list[str]:
    provinces: set[str] = set()
    for park in parks:
        for _, region, key in G.out_edges(park, keys=True):
            if key != "IN_REGION":
                continue
            chain = [region, *(t for _, t, k in G.out_edges(region, keys=True) if k == "PART_OF")]
            provinces |= {r for r in chain if G.nodes[r].get("kind") == "province"}
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


@translate_unavailable
async def resolve_scope(driver: AsyncDriver, scope_id: str,
                        database: str | None = None) -> ScopeInfo:
    session = _Session(driver, database, None)
    rows = await session.run(RESOLVE_SCOPE, id=scope_id)
    if not rows:
        raise NotFoundError(f"no entity with id {scope_id!r}")
    if rows[0]["label"] not in SCOPE_LABELS:
        raise ValueError(f"{scope_id!r} is a {rows[0]['label']}; a scope is a park, cluster "
                         "or region")
    return ScopeInfo(scope_id, rows[0]["label"], tuple(rows[0]["parks"]),
                     tuple(dict.fromkeys(rows[0]["actors"])))


@translate_unavailable
async def project_scope(driver: AsyncDriver, scope_id: str,
                        chain_stages: Sequence[str] | None = None, candidate_pool: int = 50,
                        suggestions: int = 3,
                        extra_ids: Sequence[str] | None = None, database: str | None = None,
                        timeout_s: float | None = None) -> nx.MultiDiGraph:
    """The scope's subgraph and surroundings (see module docstring); `G.graph['queries']`
    holds the number of round-trips it took. `extra_ids` (e.g. ids a what-if change names)
    are pulled in with their relationships too. Stages with fewer than `suggestions`
    candidates in the province and national pools get a nationwide look-up as well."""
    scope = await resolve_scope(driver, scope_id, database)
    session = _Session(driver, database, timeout_s)
    session.queries = 1
    G = nx.MultiDiGraph(scope=scope_id)
    core = {scope.id, *scope.parks, *scope.actors}
    neighbours = await _expand(session, G, core | set(extra_ids or ()))
    ring = _labelled(G, neighbours - core, (*ACTOR_LABELS, "Project"))
    await _expand(session, G, ring, (*COLLABORATION, "LOCATED_IN", "INVESTS_IN"))
    await _add_reference_data(session, G)
    await _add_region_chains(session, G)
    stages = list(chain_stages) if chain_stages else [
        n for n, d in G.nodes(data=True) if d.get("label") == "ServiceStage"]
    industries = _related_industries(G, _focus_industries(G, scope))
    rows = await session.run(CANDIDATES, stages=stages, exclude=sorted(core),
                             industries=industries, provinces=_provinces(G, scope.parks))
    candidates, short = _candidate_pool(rows[0]["candidates"] if rows else [], stages,
                                        candidate_pool, suggestions)
    if short:
        rows = await session.run(CANDIDATES_ANYWHERE, stages=short, exclude=sorted(core),
                                 industries=industries, pool=candidate_pool)
        candidates |= set(rows[0]["ids"]) if rows else set()
    await _expand(session, G, candidates,
                  ("LOCATED_IN", "PROVIDES", "SERVES_INDUSTRY", "BRANCH_OF", *COLLABORATION))
    await _add_region_chains(session, G)
    G.graph["queries"] = session.queries
    return G


@translate_unavailable
async def project_whole(driver: AsyncDriver, database: str | None = None,
                        timeout_s: float | None = None) -> nx.MultiDiGraph:
    """Every entity, service stage and relationship (for whole-graph metrics)."""
    session = _Session(driver, database, timeout_s)
    G = nx.MultiDiGraph()
    for row in await session.run(ALL_NODES):
        _add_node(G, row["id"], row["label"], row["props"])
    for row in await session.run(ALL_RELATIONSHIPS):
        G.add_edge(row["source"], row["target"], key=_edge_key(row["type"], row["props"]),
                   type=row["type"], **_plain(row["props"]))
    G.graph["queries"] = session.queries
    return G
