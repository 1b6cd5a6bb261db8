"""Every Cypher statement of stsgraph, as constants or builders.

Builders only interpolate labels, relationship types and property names taken from the
allow-lists of graph.model; every value is a parameter.
"""

from __future__ import annotations

from graph.model import ENTITY_LABELS, RefSpec, require_label, require_rel_type

# --- migrations -------------------------------------------------------------------------

FULLTEXT_INDEX = "entity_names"

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("entity_id_unique",
     "CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"),
    ("stage_code_unique",
     "CREATE CONSTRAINT stage_code_unique IF NOT EXISTS "
     "FOR (s:ServiceStage) REQUIRE s.code IS UNIQUE"),
    ("meta_key_unique",
     "CREATE CONSTRAINT meta_key_unique IF NOT EXISTS FOR (m:StsgraphMeta) REQUIRE m.key IS UNIQUE"),
    *(
        (f"{label.lower()}_name",
         f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
        for label in ENTITY_LABELS
    ),
    ("agency_kind", "CREATE INDEX agency_kind IF NOT EXISTS FOR (n:Agency) ON (n.kind)"),
    ("agency_level", "CREATE INDEX agency_level IF NOT EXISTS FOR (n:Agency) ON (n.level)"),
    ("platform_kind", "CREATE INDEX platform_kind IF NOT EXISTS FOR (n:Platform) ON (n.kind)"),
    ("project_status_year",
     "CREATE INDEX project_status_year IF NOT EXISTS FOR (n:Project) ON (n.status, n.year)"),
    ("park_pilot", "CREATE INDEX park_pilot IF NOT EXISTS FOR (n:Park) ON (n.pilot)"),
    (FULLTEXT_INDEX,
     f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.nameZh] "
     "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false}}"),
)

SEED_STAGES = """
UNWIND $stages AS s
MERGE (st:ServiceStage {code: s.code})
SET st.name = s.name, st.nameZh = s.nameZh, st.order = s.order
"""

RECORD_SCHEMA_VERSION = """
MERGE (m:StsgraphMeta {key: 'schema'})
SET m.version = $version, m.migrations = $names
"""

AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"

SHOW_SCHEMA = """
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options
RETURN name, type, labelsOrTypes, properties, options ORDER BY name
"""

# --- loader: validation look-ups --------------------------------------------------------

EXISTING_IDS = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
"""

# --- loader / repository: writes --------------------------------------------------------


def _same(var: str, values: str) -> str:
    """True when every key of the map `values` already holds that value on `var`.

    Null-safe: `x = null` is null in Cypher, and an empty cell (null) must match an absent
    property.
    """
    return (f"all(k IN keys({values}) WHERE coalesce({var}[k] = {values}[k], false) "
            f"OR ({var}[k] IS NULL AND {values}[k] IS NULL))")


# Per-batch outcome counts, from a `created` flag and a `same` (unchanged) flag per row.
OUTCOME_COUNTS = """sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND NOT same THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND same THEN 1 ELSE 0 END) AS unchanged"""


def upsert_entities(label: str) -> str:
    """MERGE entities of one kind; counts created / updated / unchanged.

    `row.props` holds only the columns the file had, so absent columns leave properties alone;
    a null value (empty cell) removes the property.
    """
    label = require_label(label)
    return f"""
UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
ON CREATE SET n:{label}, n += row.props, n.createdAt = $now, n.updatedAt = $now,
              n.`_created` = true
WITH n, row, coalesce(n.`_created`, false) AS created
REMOVE n.`_created`
WITH n, row, created, {_same("n", "row.props")} AS same
FOREACH (_ IN CASE WHEN NOT created AND NOT same THEN [1] ELSE [] END |
    SET n += row.props, n.updatedAt = $now)
RETURN {OUTCOME_COUNTS}
"""


def create_entities(label: str) -> str:
    """CREATE entities known not to exist yet (the fast path of a first load)."""
    label = require_label(label)
    return f"""
UNWIND $rows AS row
CREATE (n:Entity:{label})
SET n = row.props, n.id = row.id, n.createdAt = $now, n.updatedAt = $now
RETURN count(n) AS created
"""


def create_column_relationships(ref: RefSpec) -> str:
    """CREATE the relationships of one column for entities that were just created."""
    rel = require_rel_type(ref.rel_type)
    target = f"(t:{_target_label(ref.target_kinds)} {{{_key(ref.target_kinds)}: tid}})"
    arrow = f"(s)-[r:{rel}]->(t)" if ref.outgoing else f"(s)<-[r:{rel}]-(t)"
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.id}})
UNWIND row.targets AS tid
MATCH {target}
CREATE {arrow}
SET r = row.props
RETURN count(r) AS created
"""


def create_links(rel_type: str) -> str:
    """CREATE links whose two ends are new entities (so no such link can exist yet)."""
    rel = require_rel_type(rel_type)
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.source}})
MATCH (t:Entity {{id: row.target}})
CREATE (s)-[r:{rel}]->(t)
SET r = row.props
RETURN count(r) AS created
"""


def _target_label(kinds: tuple[str, ...]) -> str:
    return "ServiceStage" if kinds == ("ServiceStage",) else "Entity"


def _key(kinds: tuple[str, ...]) -> str:
    return "code" if kinds == ("ServiceStage",) else "id"


def replace_column_relationships(ref: RefSpec) -> str:
    """Make an entity's relationships of one column equal to `row.targets`.

    Outgoing refs: (entity)-[:T]->(target). Incoming (`outgoing=False`): (target)-[:T]->(entity).
    Relationships to targets no longer listed are deleted; `row.props` goes on each kept one.
    """
    rel = require_rel_type(ref.rel_type)
    key = _key(ref.target_kinds)
    target = f"(t:{_target_label(ref.target_kinds)})"
    if ref.outgoing:
        old_pattern = f"(s)-[old:{rel}]->{target}"
        merge_pattern = f"(s)-[r:{rel}]->(t)"
    else:
        old_pattern = f"(s)<-[old:{rel}]-{target}"
        merge_pattern = f"(s)<-[r:{rel}]-(t)"
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.id}})
CALL (s, row) {{
    OPTIONAL MATCH {old_pattern}
    WHERE NOT t.{key} IN row.targets
    DELETE old
    RETURN count(old) AS deleted
}}
CALL (s, row) {{
    UNWIND row.targets AS tid
    MATCH (t:{_target_label(ref.target_kinds)} {{{key}: tid}})
    MERGE {merge_pattern}
    ON CREATE SET r.`_created` = true
    WITH r, coalesce(r.`_created`, false) AS created, {_same("r", "row.props")} AS same
    REMOVE r.`_created`
    SET r += row.props
    RETURN {OUTCOME_COUNTS}
}}
RETURN sum(created) AS created, sum(updated) AS updated, sum(unchanged) AS unchanged,
       sum(deleted) AS deleted
"""


def merge_links(rel_type: str, key: tuple[str, ...] = ()) -> str:
    """MERGE relationships listed row by row (links and funding files).

    `key` names the properties that tell parallel relationships apart (FUNDS program/year).
    """
    rel = require_rel_type(rel_type)
    if key:
        # MERGE cannot match on a null key value (an empty `year` cell means "unknown"), so
        # find the relationship with a null-safe comparison and create it when absent.
        find_or_create = f"""
OPTIONAL MATCH (s)-[old:{rel}]->(t)
WHERE {_same("old", "row.key")}
WITH s, t, row, head(collect(old)) AS old
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
    CREATE (s)-[new:{rel}]->(t) SET new += row.key, new.`_created` = true)
WITH s, t, row
MATCH (s)-[r:{rel}]->(t)
WHERE {_same("r", "row.key")}"""
    else:
        find_or_create = f"""
MERGE (s)-[r:{rel}]->(t)
ON CREATE SET r.`_created` = true"""
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.source}})
MATCH (t:Entity {{id: row.target}}){find_or_create}
WITH r, row, coalesce(r.`_created`, false) AS created, {_same("r", "row.props")} AS same
REMOVE r.`_created`
SET r += row.props
RETURN {OUTCOME_COUNTS}
"""


# --- repository: reads ------------------------------------------------------------------

GET_ENTITY = """
MATCH (n:Entity {id: $id})
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
"""

GET_ENTITIES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
"""


def list_entities(label: str) -> str:
    label = require_label(label)
    return f"""
MATCH (n:{label})
WHERE $after IS NULL OR n.id > $after
RETURN '{label}' AS label, properties(n) AS props
ORDER BY n.id
LIMIT $first
"""


def count_entities(label: str) -> str:
    label = require_label(label)
    return f"MATCH (n:{label}) RETURN count(n) AS total"


RELATIONSHIPS_OF = """
MATCH (n:Entity {id: $id})-[r]-(m)
WHERE $types IS NULL OR type(r) IN $types
RETURN type(r) AS type, startNode(r) = n AS outgoing,
       coalesce(m.id, m.code) AS other, properties(r) AS props
ORDER BY type, other
"""

STAGES = "MATCH (s:ServiceStage) RETURN properties(s) AS props ORDER BY s.order"

COUNT_BY_LABEL = """
MATCH (n:Entity)
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, count(*) AS total
"""

COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS total"

DELETE_ENTITY = """
MATCH (n:Entity {id: $id})
WITH n, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
DETACH DELETE n
RETURN label
"""

WIPE_ENTITIES = """
MATCH (n:Entity)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

PING = "RETURN 1 AS ok"


# --- subgraphs for visualization --------------------------------------------------------

_TYPE_OK = "($types IS NULL OR type(r) IN $types)"


def _iso_datetime(v: str) -> str:
    """Cypher for a ZONED DATETIME `v` as the Python driver's `DateTime.iso_format()` writes it
    (`2026-01-02T03:04:05.000000007+08:00`): hydrating neo4j.time.DateTime objects costs the
    driver ~45 µs each, most of a large subgraph's fetch, only to be turned into this text."""
    def two(x: str) -> str:
        return f"right('0' + toString({x}), 2)"

    return (f"toString(date({v})) + 'T' + {two(v + '.hour')} + ':' + {two(v + '.minute')} + ':' "
            f"+ {two(v + '.second')} + '.' + right('00000000' + toString({v}.nanosecond), 9) + "
            f"CASE WHEN {v}.offsetSeconds < 0 THEN '-' ELSE '+' END + "
            f"{two(f'abs({v}.offsetSeconds) / 3600')} + ':' + "
            f"{two(f'abs({v}.offsetSeconds) % 3600 / 60')}")


# A subgraph node as [labels, [[key, value], ...]] (zoned datetimes as ISO text) and an edge
# as [id, type, source, target, properties]: lists decode faster than maps in the driver, and
# the key order of a node's properties is that of keys(n).
_SUBGRAPH_NODE = ("[labels(n), [k IN keys(n) | [k, CASE WHEN n[k] IS :: ZONED DATETIME "
                  f"THEN {_iso_datetime('n[k]')} ELSE n[k] END]]]")


def _subgraph_edge(source: str, target: str) -> str:
    return (f"[elementId(r), type(r), coalesce({source}.id, {source}.code), "
            f"coalesce({target}.id, {target}.code), properties(r)]")


def neighborhood(depth: int) -> str:
    """Nodes within `depth` (1-3) hops of `$id`, nearest first, at most `$limit`, then the
    edges among them.

    Levels are expanded one at a time. Each level takes at most the room left under `$limit`
    (its nodes in id order: a top-k sort, so memory stays bounded whatever the hub) and counts
    the distinct nodes it had to leave out; once a level has left nodes out no further level
    is walked, so the hubs beyond it are never expanded. (A level that exactly fills `$limit`
    is followed by one more walk that only counts, so `truncated` never hides nodes.) Nodes
    and edges come as the compact lists of _SUBGRAPH_NODE / _subgraph_edge, with `omitted`
    (nodes left out at the level where the limit was reached) and `explored` (levels walked).
    """
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    levels = []
    # Once a level has left nodes out, deeper levels are not walked at all.
    walk = ("UNWIND CASE WHEN omitted > 0 THEN [] ELSE frontier END AS x "
            f"MATCH (x)-[r]-(m) WHERE {_TYPE_OK} AND NOT m IN found")
    for _ in range(depth):
        levels.append(
            f"WITH s, found, frontier, omitted, explored, COLLECT {{ {walk} "
            "WITH DISTINCT m ORDER BY coalesce(m.id, m.code) LIMIT $limit RETURN m } AS level\n"
            # A level that filled the top-k may hold more: count them (no nodes kept).
            "WITH s, found, omitted, explored, level, $limit - size(found) AS room, "
            f"CASE WHEN size(level) = $limit THEN COUNT {{ {walk} RETURN DISTINCT m }} "
            "ELSE size(level) END AS reached, "
            "size(frontier) > 0 AND omitted = 0 AS walked\n"
            "WITH s, found, omitted, explored, reached, walked, "
            "level[0..CASE WHEN room > 0 THEN room ELSE 0 END] AS frontier\n"
            "WITH s, found + frontier AS found, frontier, omitted + reached - size(frontier) AS "
            "omitted, explored + CASE WHEN walked THEN 1 ELSE 0 END AS explored"
        )
    return f"""
MATCH (s:Entity {{id: $id}})
WITH s, [s] AS found, [s] AS frontier, 0 AS omitted, 0 AS explored
{chr(10).join(levels)}
CALL (found) {{
    UNWIND found AS a
    MATCH (a)-[r]->(b)
    WHERE {_TYPE_OK} AND b IN found
    RETURN collect({_subgraph_edge('a', 'b')}) AS edges
}}
RETURN [n IN found | {_SUBGRAPH_NODE}] AS nodes, edges,
       omitted > 0 AS truncated, omitted, explored
"""


def shortest_path(max_hops: int) -> str:
    if not 1 <= max_hops <= 15:
        raise ValueError("max_hops must be between 1 and 15")
    return f"""
MATCH (a:Entity {{id: $from}}), (b:Entity {{id: $to}})
MATCH p = shortestPath((a)-[rels*..{max_hops}]-(b))
WHERE all(r IN rels WHERE {_TYPE_OK})
RETURN [n IN nodes(p) | {_SUBGRAPH_NODE}] AS nodes,
       [r IN relationships(p) | {_subgraph_edge('startNode(r)', 'endNode(r)')}] AS edges,
       false AS truncated
"""


# --- mutations --------------------------------------------------------------------------


def change_relationship(rel_type: str, target_key: str, *, add: bool, single: bool,
                        key: tuple[str, ...] = (), single_target: bool = False) -> str:
    """Add (MERGE, replacing others when single-valued) or delete one relationship.

    `single`: the source has at most one such relationship (an agency's park);
    `single_target`: the target has at most one (a platform's operator)."""
    rel = require_rel_type(rel_type)
    if target_key not in ("id", "code"):
        raise ValueError("target_key must be id or code")
    target_label = "ServiceStage" if target_key == "code" else "Entity"
    match = (f"MATCH (s:Entity {{id: $source}}) "
             f"MATCH (t:{target_label} {{{target_key}: $target}})")
    # Key properties (FUNDS program/year) may be null ("unknown"), which MERGE cannot match
    # on: compare them null-safely, as merge_links does for the loader.
    keyed = any(k in ("program", "year") for k in key)

    def same_key(var: str) -> str:
        return _same(var, "$key") if keyed else "true"

    if not add:
        return (f"{match} OPTIONAL MATCH (s)-[r:{rel}]->(t) WHERE {same_key('r')} "
                "DELETE r RETURN count(r) AS changed")
    replace = ""
    if single:
        replace = (f"CALL (s, t) {{ OPTIONAL MATCH (s)-[old:{rel}]->(o) WHERE o <> t "
                   "DELETE old RETURN count(old) AS removed } ")
    if single_target:
        replace += (f"CALL (s, t) {{ OPTIONAL MATCH (o)-[old:{rel}]->(t) WHERE o <> s "
                    "DELETE old RETURN count(old) AS removed_to } ")
    if not keyed:
        return (f"{match} {replace}MERGE (s)-[r:{rel}]->(t) SET r += $props "
                "RETURN 1 AS changed")
    return (f"{match} {replace}OPTIONAL MATCH (s)-[old:{rel}]->(t) "
            f"WHERE {same_key('old')} WITH s, t, head(collect(old)) AS old "
            f"FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | "
            f"CREATE (s)-[new:{rel}]->(t) SET new += $key) "
            f"WITH s, t MATCH (s)-[r:{rel}]->(t) WHERE {same_key('r')} "
            "SET r += $props RETURN count(r) AS changed")


INCOMING_DEPENDENTS = """
MATCH (n:Entity {id: $id})
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label,
       COUNT { (n)<-[]-(:Entity) } + COUNT { (n)-[:PARTNERS_WITH]->(:Entity) } AS dependents
"""

DELETE_ENTITY_COUNTED = """
MATCH (n:Entity {id: $id})
WITH n, COUNT { (n)-[]-() } AS relationships
DETACH DELETE n
RETURN relationships
"""
