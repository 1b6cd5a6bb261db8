"""The Cypher of graph/projections.py, kept together like graph/queries.py.

Each query answers with ONE record (or one per label or type) of compact lists: the Python
driver spends about 20 µs decoding a record, far more than Neo4j spends answering. Node
maps leave out `createdAt`/`updatedAt` (set to null, dropped by the caller): no analysis
reads them, and hydrating the driver's zoned DateTime was most of a node's decoding cost.

Every query takes the years it reads, `$from` and `$to` (DESIGN.md section 8): one year
(`$from` = `$to` = the `asOf`) reads the graph of that year — only the entities existing and
the relationships holding in it, so the filtering runs in the database; a range reads
everything that exists or holds in some year of it (the history a timeline cuts into years,
the dates staying on the nodes and relationships as properties); nulls read every year.
"""

from __future__ import annotations

from graph.time import CLOSED_YEAR_PROP, UNTIL_PROP, rel_since, start_year

# A node's properties without its timestamps (nulls, which the caller drops).
NODE_PROPS = "{.*, createdAt: null, updatedAt: null}"


def _exists(var: str) -> str:
    """The node `var` exists in some year of [`$from`, `$to`]: graph/time.py's `exists_in`
    over a range (the same test when `$from` = `$to`; true when both are null). Each year
    property is read once: `coalesce(start, $to) <= $to` is `start IS NULL OR start <= $to`."""
    start, closed = start_year(var), f"{var}.{CLOSED_YEAR_PROP}"
    return (f"(($to IS NULL OR coalesce({start}, $to) <= $to) "
            f"AND ($from IS NULL OR coalesce({closed}, $from + 1) > $from))")


def _holds(var: str) -> str:
    """The relationship `var` itself holds in some year of [`$from`, `$to`]: `holds_in`
    over a range."""
    since, until = rel_since(var), f"{var}.{UNTIL_PROP}"
    return (f"(($to IS NULL OR coalesce({since}, $to) <= $to) "
            f"AND ($from IS NULL OR coalesce({until}, $from + 1) > $from))")


def _linked(rel: str, other: str) -> str:
    """The relationship `rel` holds and the node at its other end, `other`, exists."""
    return f"{_holds(rel)} AND {_exists(other)}"


ACTOR = "(a:Agency OR a:Platform OR a:TalentTeam)"

# The scope, its parks and actors, each park's region, the focus industries, whether the
# scope exists in the years read (`present`), and a fingerprint of the reference data (regions,
# industries, stages) so a cached copy can be trusted without fetching it again: any change
# to one of those nodes moves its `updatedAt`, and any change of parent changes the
# `parent` part.
SCOPE = f"""
MATCH (s:Entity {{id: $id}})
WITH s, [l IN labels(s) WHERE l <> 'Entity'][0] AS label, {_exists('s')} AS present
WITH s, label, present, CASE
    WHEN NOT present THEN []
    WHEN label = 'Park' THEN [s]
    WHEN label = 'Cluster' THEN COLLECT {{ MATCH (s)-[l:LOCATED_IN]->(p:Park)
                                          WHERE {_linked('l', 'p')} RETURN p }}
    WHEN label = 'Region' THEN COLLECT {{ MATCH (s)<-[:PART_OF*0..3]-(g:Region)<-[:IN_REGION]-(p:Park)
                                         WHERE {_exists('g')} AND {_exists('p')}
                                         RETURN DISTINCT p }}
    ELSE [] END AS parks
WITH s, label, present, parks,
     COLLECT {{ MATCH (a)-[l:MEMBER_OF]->(s) WHERE present AND {ACTOR} AND {_linked('l', 'a')}
               RETURN a.id }} AS members,
     COLLECT {{ UNWIND parks AS p MATCH (a)-[l:LOCATED_IN]->(p)
               WHERE {ACTOR} AND {_linked('l', 'a')} RETURN a.id }} AS located,
     COLLECT {{ UNWIND CASE WHEN NOT present THEN [] WHEN label = 'Region' THEN parks
                           ELSE [s] + parks END AS h
               MATCH (h)-[l:FOCUSES_ON]->(i:Industry) WHERE {_linked('l', 'i')}
               RETURN DISTINCT i.id }} AS focus
RETURN label, present, [p IN parks | p.id] AS parks, members + located AS actors, focus,
       [p IN parks | [p.id, [(p)-[:IN_REGION]->(g:Region) WHERE {_exists('g')} | g.id]]]
           AS parkRegions,
       COLLECT {{ MATCH (x) WHERE x:Region OR x:Industry OR x:ServiceStage
                 RETURN coalesce(x.id, x.code) + '|' + coalesce(toString(x.updatedAt), '')
                        + '|' + coalesce(COLLECT {{ MATCH (x)-[:PART_OF]->(y) RETURN y.id }}[0],
                                         '') }} AS fingerprint
"""

# Regions, industries and stages with their PART_OF parent: small, shared by every scope.
REFERENCE = f"""
MATCH (x) WHERE (x:Region OR x:Industry OR x:ServiceStage) AND {_exists('x')}
RETURN collect([coalesce(x.id, x.code), [l IN labels(x) WHERE l <> 'Entity'][0], x{NODE_PROPS},
                COLLECT {{ MATCH (x)-[:PART_OF]->(y) WHERE {_exists('y')} RETURN y.id }}[0]])
       AS nodes
"""

# The relationships of `$ids` (of `$types`) as compact lists; the nodes met that the caller
# does not hold yet (`$known`), the `$ids` themselves included, once each; and the region
# of every such park, so the caller can add its region chain from the reference data.
EXPAND = f"""
UNWIND $ids AS id
MATCH (n:Entity {{id: id}}) WHERE {_exists('n')}
OPTIONAL MATCH (n)-[r]-(m)
WHERE ($types IS NULL OR type(r) IN $types) AND {_linked('r', 'm')}
WITH collect(DISTINCT CASE WHEN n.id IN $known THEN null ELSE n END) AS owns,
     collect(CASE WHEN r IS NULL THEN null
                  ELSE [n.id, type(r), startNode(r) = n, coalesce(m.id, m.code), properties(r)]
             END) AS edges,
     collect(DISTINCT CASE WHEN m IS NULL OR coalesce(m.id, m.code) IN $known THEN null
                           ELSE m END) AS others
WITH edges, owns + others AS fresh
RETURN edges, [o IN fresh | [labels(o), o{NODE_PROPS}]] AS nodes,
       [p IN fresh WHERE p:Park | [p.id, [(p)-[:IN_REGION]->(g:Region) WHERE {_exists('g')}
                                          | g.id]]] AS parkRegions
"""

# Outside providers of each stage, drawn from two bounded pools so the cost follows the
# scope's province, not the database: providers in the scope's province(s), and national-
# level agencies or agencies with branches anywhere. The analysis re-ranks the union
# exactly (it knows collaboration distance), and actors near the scope are already in the
# projection through its ring.
# As of a year, an actor not yet founded or already closed is never a candidate (and
# a branch that has closed no longer counts). The candidate's own years are checked last,
# on the few left after the industry and stage filters.
_SERVES = f"""($industries IS NULL OR EXISTS {{
        MATCH (c)-[si:SERVES_INDUSTRY]->(i:Industry)
        WHERE i.id IN $industries AND {_linked('si', 'i')} }})"""

CANDIDATES = f"""
CALL () {{
    MATCH (r:Region) WHERE r.id IN $provinces
    MATCH (r)<-[:PART_OF*0..2]-(:Region)<-[:IN_REGION]-(p:Park)<-[l:LOCATED_IN]-(c)
    WHERE {_exists('p')} AND {_holds('l')}
    RETURN c
    UNION
    MATCH (c:Agency) WHERE c.level = 'national' RETURN c
    UNION
    MATCH (b:Agency)-[l:BRANCH_OF]->(c:Agency) WHERE {_linked('l', 'b')} RETURN c
}}
WITH c WHERE NOT c.id IN $exclude AND {_SERVES}
WITH c, [pr IN [(c)-[r:PROVIDES]->(s:ServiceStage) WHERE s.code IN $stages | r]
         WHERE {_holds('pr')} | endNode(pr).code] AS codes
WHERE size(codes) > 0
WITH c, codes WHERE {_exists('c')}
RETURN collect([c.id, codes, c.level = 'national'
                OR EXISTS {{ MATCH (c)<-[l:BRANCH_OF]-(b) WHERE {_linked('l', 'b')} }},
                coalesce(c.staff, c.size, 0)]) AS candidates
"""

# For stages the two pools leave short: the best providers anywhere, as DESIGN §5 ranks them
# apart from distance (which the analysis adds back for those within reach).
CANDIDATES_ANYWHERE = f"""
UNWIND $stages AS code
CALL (code) {{
    MATCH (c)-[pr:PROVIDES]->(:ServiceStage {{code: code}})
    WHERE NOT c.id IN $exclude AND {_linked('pr', 'c')} AND {_SERVES}
    WITH c ORDER BY coalesce(c.staff, c.size, 0) DESC, c.id LIMIT $pool
    RETURN collect(c.id) AS ids
}}
UNWIND ids AS id
RETURN collect(DISTINCT id) AS ids
"""

# The whole graph, one record per label and one per relationship type (properties only
# where the relationship has some): 15x faster to decode than a record per relationship.
# Pilot records and their PILOT_OF / PILOT_IN come along (analysis.pilot_areas reads them).
ALL_NODES = f"""
MATCH (n)
WHERE (n:Entity OR n:ServiceStage OR n:Pilot) AND {_exists('n')}
WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n
RETURN label, collect([coalesce(n.id, n.code), n{NODE_PROPS}]) AS nodes
"""

ALL_RELATIONSHIPS = f"""
MATCH (a)-[r]->(b)
WHERE (a:Entity OR a:ServiceStage OR a:Pilot) AND (b:Entity OR b:ServiceStage)
  AND {_holds('r')} AND {_exists('a')} AND {_exists('b')}
WITH type(r) AS type, a, r, b
RETURN type, collect([coalesce(a.id, a.code), coalesce(b.id, b.code),
                      CASE WHEN size(keys(r)) = 0 THEN null ELSE properties(r) END]) AS rels
"""
