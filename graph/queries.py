"""Every Cypher statement of stsgraph, as constants or builders.

Builders only interpolate labels, relationship types and property names taken from the
allow-lists of graph.model; every value is a parameter.
"""

from __future__ import annotations

from graph.model import (
    ENTITY_LABELS,
    FUNDS_SPEC,
    LINK_SPECS,
    RefSpec,
    require_label,
    require_rel_type,
)
from graph.time import exists_in, holds_in

# --- relationship keys ------------------------------------------------------------------

# Relationship types whose identity the database enforces: each such relationship carries a
# `relKey` property, computed from its ends (and FUNDS' program and year), under a uniqueness
# constraint. Writers MERGE on it, so concurrent writers cannot double a relationship.
KEYED_RELATIONSHIPS = ("FUNDS", "PARTNERS_WITH")
KEY_PROPERTY = "relKey"


def _part(text: str) -> str:
    """A string expression, length-prefixed so that joined parts cannot be confused."""
    return f"toString(size({text})) + ':' + {text}"


def relationship_key(rel_type: str, source: str, target: str, values: str) -> str:
    """Cypher for the `relKey` of a keyed relationship between the nodes `source` and `target`.

    FUNDS: funder, recipient, program and year (`values` is a map or relationship holding
    them; null ones count as one value, "unknown"). PARTNERS_WITH: the unordered pair, so
    A→B and B→A have the same key and cannot both exist.
    """
    if rel_type == "FUNDS":
        return (f"{_part(source + '.id')} + '>' + {_part(target + '.id')} + '|' + "
                f"{_part(f'coalesce({values}.program, {chr(39)}{chr(39)})')} + '|' + "
                f"coalesce(toString({values}.year), '')")
    if rel_type == "PARTNERS_WITH":
        low, high = (f"CASE WHEN {source}.id < {target}.id THEN {a}.id ELSE {b}.id END"
                     for a, b in ((source, target), (target, source)))
        return f"{_part(low)} + '~' + {_part(high)}"
    raise ValueError(f"{rel_type} has no relationship key")


def lock(var: str) -> str:
    """Take the write lock of the node bound to `var` until the transaction ends, so that
    concurrent writers of its relationships run one after the other (a read, then a write
    based on it, cannot interleave with another's)."""
    return f"SET {var}.`_lock` = true REMOVE {var}.`_lock`"


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
    # Stored analysis results (graph/result_queries.py): one node per kind, year and key.
    ("result_id_unique",
     "CREATE CONSTRAINT result_id_unique IF NOT EXISTS "
     "FOR (r:StsgraphResult) REQUIRE r.id IS UNIQUE"),
    ("result_kind_year",
     "CREATE INDEX result_kind_year IF NOT EXISTS FOR (r:StsgraphResult) ON (r.kind, r.asOf)"),
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
    ("pilot_id_unique",
     "CREATE CONSTRAINT pilot_id_unique IF NOT EXISTS FOR (p:Pilot) REQUIRE p.id IS UNIQUE"),
    (FULLTEXT_INDEX,
     f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.nameZh] "
     "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false}}"),
    *(
        (f"{rel_type.lower()}_key_unique",
         f"CREATE CONSTRAINT {rel_type.lower()}_key_unique IF NOT EXISTS "
         f"FOR ()-[r:{rel_type}]-() REQUIRE r.{KEY_PROPERTY} IS UNIQUE")
        for rel_type in KEYED_RELATIONSHIPS
    ),
    ("indicator_key_unique",
     "CREATE CONSTRAINT indicator_key_unique IF NOT EXISTS FOR (i:Indicator) REQUIRE i.key IS UNIQUE"),
)


def _fill(keep: str, other: str, props: tuple[str, ...]) -> str:
    """SET each property of `keep` that is null from `other`."""
    return ", ".join(f"{keep}.`{p}` = coalesce({keep}.`{p}`, {other}.`{p}`)" for p in props)


# Properties a duplicate may hold that the relationship kept takes over when it lacks them.
_PARTNER_PROPS = (*(f.prop for f in LINK_SPECS["PARTNERS_WITH"].props), "since", "until")
_FUNDS_PROPS = tuple(f.prop for f in FUNDS_SPEC.props)

# Data repairs, run once per database (their names are recorded on the schema meta node)
# before MIGRATIONS creates the key constraints, which duplicates would make fail. Each is
# idempotent. They run in auto-commit transactions (`CALL ... IN TRANSACTIONS`).
REPAIRS: tuple[tuple[str, str], ...] = (
    # One PARTNERS_WITH per unordered pair, from the smaller id to the larger: the one
    # already in that direction is kept (else one is created), fills its missing
    # properties from the others, which are deleted.
    ("partners_once_per_pair", f"""
MATCH (a:Entity)-[r:PARTNERS_WITH]-(b:Entity) WHERE a.id < b.id
WITH a, b, collect(r) AS rels
WHERE size(rels) > 1 OR startNode(rels[0]) <> a
CALL (a, b, rels) {{
    FOREACH (_ IN CASE WHEN none(x IN rels WHERE startNode(x) = a) THEN [1] ELSE [] END |
        CREATE (a)-[:PARTNERS_WITH]->(b))
    WITH a, b, rels
    MATCH (a)-[k:PARTNERS_WITH]->(b)
    WITH rels, head(collect(k)) AS keep
    UNWIND [x IN rels WHERE x <> keep] AS other
    SET {_fill("keep", "other", _PARTNER_PROPS)}
    DELETE other
}} IN TRANSACTIONS OF 1000 ROWS
"""),
    # One FUNDS per funder, recipient, program and year (null program or year included).
    ("funds_once_per_key", f"""
MATCH (s:Entity)-[r:FUNDS]->(t:Entity)
WITH s, t, r.program AS program, r.year AS year, collect(r) AS rels
WHERE size(rels) > 1
CALL (rels) {{
    WITH head(rels) AS keep, tail(rels) AS others
    UNWIND others AS other
    SET {_fill("keep", "other", _FUNDS_PROPS)}
    DELETE other
}} IN TRANSACTIONS OF 1000 ROWS
"""),
    *(
        (f"{rel_type.lower()}_keys", f"""
MATCH (s:Entity)-[r:{rel_type}]->(t:Entity)
WHERE r.{KEY_PROPERTY} IS NULL OR r.{KEY_PROPERTY} <> {relationship_key(rel_type, "s", "t", "r")}
CALL (s, t, r) {{
    SET r.{KEY_PROPERTY} = {relationship_key(rel_type, "s", "t", "r")}
}} IN TRANSACTIONS OF 10000 ROWS
""")
        for rel_type in KEYED_RELATIONSHIPS
    ),
    # DESIGN.md section 8: a partnership's `year` is its `since`; links loaded before the
    # as-of work carry only `year`, so give them the `since` the loader now writes too.
    ("partners_since_from_year", """
MATCH ()-[r:PARTNERS_WITH]->()
WHERE r.since IS NULL AND r.year IS NOT NULL
CALL (r) { SET r.since = r.year } IN TRANSACTIONS OF 10000 ROWS
"""),
)

APPLIED_REPAIRS = "OPTIONAL MATCH (m:StsgraphMeta {key: 'schema'}) RETURN m.repairs AS repairs"

SEED_STAGES = """
UNWIND $stages AS s
MERGE (st:ServiceStage {code: s.code})
SET st.name = s.name, st.nameZh = s.nameZh, st.order = s.order
"""

RECORD_SCHEMA_VERSION = """
MERGE (m:StsgraphMeta {key: 'schema'})
SET m.version = $version, m.migrations = $names, m.repairs = $repairs
"""

AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"

# Dataset loads by outcome, counted on the schema meta node by `stsgraph load` (app/cli.py)
# and read by /metrics.
RECORD_LOAD_OUTCOME = """
MERGE (m:StsgraphMeta {key: 'schema'})
SET m.loadsLoaded = coalesce(m.loadsLoaded, 0) + CASE $outcome WHEN 'loaded' THEN 1 ELSE 0 END,
    m.loadsRefused = coalesce(m.loadsRefused, 0) + CASE $outcome WHEN 'refused' THEN 1 ELSE 0 END,
    m.loadsFailed = coalesce(m.loadsFailed, 0) + CASE $outcome WHEN 'failed' THEN 1 ELSE 0 END,
    m.lastLoad = $dataset, m.lastLoadOutcome = $outcome, m.lastLoadAt = datetime()
"""
LOAD_OUTCOMES = """
MATCH (m:StsgraphMeta {key: 'schema'})
UNWIND [['loaded', m.loadsLoaded], ['refused', m.loadsRefused], ['failed', m.loadsFailed]]
    AS pair
RETURN pair[0] AS outcome, coalesce(pair[1], 0) AS count
"""

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



def entity_candidates(label: str) -> str:
    """Entities of one kind that an unresolved id cell may have meant: those whose id, name or
    nameZh is one of `$words` (lower-cased), then up to `$cap` others for fuzzy matching."""
    label = require_label(label)
    return f"""
CALL () {{
    MATCH (n:{label})
    WHERE toLower(n.id) IN $words OR toLower(n.name) IN $words OR toLower(n.nameZh) IN $words
    RETURN n LIMIT 1000
    UNION
    MATCH (n:{label})
    RETURN n LIMIT $cap
}}
RETURN n.id AS id, n.name AS name, n.nameZh AS nameZh
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


def update_entities(label: str) -> str:
    """SET the given properties of entities that must already exist (an update mutation):
    MATCH, never MERGE, so an update racing a delete of the same entity cannot recreate it;
    `matched` tells the caller how many rows found their entity."""
    label = require_label(label)
    return f"""
UNWIND $rows AS row
MATCH (n:Entity {{id: row.id}}) WHERE n:{label}
WITH n, row, {_same("n", "row.props")} AS same
FOREACH (_ IN CASE WHEN NOT same THEN [1] ELSE [] END |
    SET n += row.props, n.updatedAt = $now)
RETURN count(n) AS matched, 0 AS created,
       sum(CASE WHEN NOT same THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
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
    keyed = (f", r.{KEY_PROPERTY} = {relationship_key(rel, 's', 't', 'row.props')}"
             if rel in KEYED_RELATIONSHIPS else "")
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.source}})
MATCH (t:Entity {{id: row.target}})
CREATE (s)-[r:{rel}]->(t)
SET r = row.props{keyed}
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
    The entity is locked first, so concurrent replacements of its relationships serialize
    (else each deletes the old targets and adds its own, and a single-valued reference would
    end up with two).
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
{lock("s")}
WITH s, row
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

    `key` names the properties that tell parallel relationships apart (FUNDS program/year);
    keyed relationship types (KEYED_RELATIONSHIPS) are merged on their `relKey`, and
    PARTNERS_WITH rows must come with the smaller id as `source` (loaders/writer.py).
    """
    rel = require_rel_type(rel_type)
    if rel in KEYED_RELATIONSHIPS:
        # The key property (unique in the database) names the relationship, null program or
        # year included; MERGE on bound nodes locks them, so concurrent loads cannot double it.
        find_or_create = f"""
MERGE (s)-[r:{rel} {{{KEY_PROPERTY}: {relationship_key(rel, "s", "t", "row.props")}}}]->(t)
ON CREATE SET r += row.key, r.`_created` = true"""
    elif key:
        raise ValueError(f"{rel} has no relationship key")
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


# --- loader: `load --sync` --------------------------------------------------------------

SYNC_ENTITIES_GONE = """
MATCH (n:Entity)
WHERE n.source = $source AND NOT n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name
ORDER BY label, id
"""

# Every relationship of the entities --sync would remove, once each, with what tells who
# wrote it: the relationship's own `source` (links, funding) or the other end's `source`.
SYNC_ATTACHED = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m)
WITH DISTINCT r, n, m
RETURN elementId(r) AS rid, type(r) AS type, n.id AS id, startNode(r) = n AS outgoing,
       coalesce(m.id, m.code) AS other, m.source AS otherSource, r.source AS relSource
"""


def sync_links_of_source(rel_type: str) -> str:
    """Links (or funding rows) a dataset wrote, identified by ends and `$key` properties."""
    rel = require_rel_type(rel_type)
    return f"""
MATCH (s:Entity)-[r:{rel}]->(t:Entity)
WHERE r.source = $source
RETURN s.id AS source, t.id AS target, [k IN $key | r[k]] AS key
"""


def sync_stale_column_relationships(ref: RefSpec) -> str:
    """The relationships of one column that a reload deletes because the cell no longer
    lists their target (what replace_column_relationships removes), for --sync's diff."""
    rel = require_rel_type(ref.rel_type)
    key = _key(ref.target_kinds)
    target = f"(t:{_target_label(ref.target_kinds)})"
    pattern = f"(s)-[:{rel}]->{target}" if ref.outgoing else f"(s)<-[:{rel}]-{target}"
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.id}})
MATCH {pattern}
WHERE NOT t.{key} IN row.targets
RETURN row.id AS id, t.{key} AS target
"""


def sync_remove_links(rel_type: str) -> str:
    """Delete links of one type that `$source` wrote, one row per link (ends and key)."""
    rel = require_rel_type(rel_type)
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.source}})-[r:{rel}]->(t:Entity {{id: row.target}})
WHERE r.source = $source AND {_same("r", "row.key")}
DELETE r
RETURN count(r) AS deleted
"""


SYNC_REMOVE_ENTITIES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.source = $source
DETACH DELETE n
RETURN count(n) AS deleted
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
MATCH (n) WHERE n:Entity OR n:Indicator OR n:Pilot OR n:PilotEvaluation
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

PING = "RETURN 1 AS ok"


# --- subgraphs for visualization --------------------------------------------------------

_TYPE_OK = "($types IS NULL OR type(r) IN $types)"
# Subgraphs walk the knowledge graph only: entities and service stages. Pilot records,
# their evaluations and indicators are bookkeeping of the plan, with API fields of their own.
_IN_GRAPH = "({v}:Entity OR {v}:ServiceStage)"


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


# The same without the properties (the client did not select them): the ids and names a
# graph view draws. Building and formatting every property (two timestamps a node) was most
# of Neo4j's time for a 5,000-node neighborhood.
_SUBGRAPH_NODE_BARE = ("[labels(n), [p IN [['id', n.id], ['code', n.code], ['name', n.name], "
                       "['nameZh', n.nameZh]] WHERE p[1] IS NOT NULL]]")


def _subgraph_node(properties: bool) -> str:
    return _SUBGRAPH_NODE if properties else _SUBGRAPH_NODE_BARE


def _subgraph_edge(source: str, target: str, properties: bool = True) -> str:
    return (f"[elementId(r), type(r), coalesce({source}.id, {source}.code), "
            f"coalesce({target}.id, {target}.code), {'properties(r)' if properties else '{}'}]")


def neighborhood(depth: int, properties: bool = True) -> str:
    """Nodes within `depth` (1-3) hops of `$id`, nearest first, at most `$limit`, then the
    edges among them, as of the year `$asOf`: only nodes that exist then, over relationships
    that hold then. No row when `$id` does not exist in `$asOf` (or at all).

    Levels are expanded one at a time. Each level takes at most the room left under `$limit`
    (its nodes in id order: a top-k sort, so memory stays bounded whatever the hub) and counts
    the distinct nodes it had to leave out; once a level has left nodes out no further level
    is walked, so the hubs beyond it are never expanded. (A level that exactly fills `$limit`
    is followed by one more walk that only counts, so `truncated` never hides nodes.) Nodes
    and edges come as the compact lists of _SUBGRAPH_NODE / _subgraph_edge, with `omitted`
    (nodes left out at the level where the limit was reached) and `explored` (levels walked).
    Without `properties`, nodes carry only id/code, name and nameZh and edges no properties.
    """
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    levels = []
    # Once a level has left nodes out, deeper levels are not walked at all.
    walk = ("UNWIND CASE WHEN omitted > 0 THEN [] ELSE frontier END AS x "
            f"MATCH (x)-[r]-(m) WHERE {_TYPE_OK} AND {_IN_GRAPH.format(v='m')} "
            f"AND NOT m IN found AND {holds_in('r')} AND {exists_in('m')}")
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
WHERE {exists_in('s')}
WITH s, [s] AS found, [s] AS frontier, 0 AS omitted, 0 AS explored
{chr(10).join(levels)}
CALL (found) {{
    UNWIND found AS a
    MATCH (a)-[r]->(b)
    WHERE {_TYPE_OK} AND b IN found AND {holds_in('r')}
    RETURN collect({_subgraph_edge('a', 'b', properties)}) AS edges
}}
RETURN [n IN found | {_subgraph_node(properties)}] AS nodes, edges,
       omitted > 0 AS truncated, omitted, explored
"""


def shortest_path(max_hops: int, properties: bool = True) -> str:
    """One shortest path from `$from` to `$to` as of the year `$asOf`: through nodes that
    exist then, over relationships that hold then (no row when there is none). Without
    `properties`, as neighborhood's."""
    if not 1 <= max_hops <= 15:
        raise ValueError("max_hops must be between 1 and 15")
    return f"""
MATCH (a:Entity {{id: $from}}), (b:Entity {{id: $to}})
WHERE {exists_in('a')} AND {exists_in('b')}
MATCH p = shortestPath((a)-[rels*..{max_hops}]-(b))
WHERE all(r IN rels WHERE {_TYPE_OK} AND {holds_in('r')})
  AND all(n IN nodes(p) WHERE {_IN_GRAPH.format(v='n')} AND {exists_in('n')})
RETURN [n IN nodes(p) | {_subgraph_node(properties)}] AS nodes,
       [r IN relationships(p) | {_subgraph_edge('startNode(r)', 'endNode(r)', properties)}]
       AS edges,
       false AS truncated
"""


# --- mutations --------------------------------------------------------------------------


def change_relationship(rel_type: str, target_key: str, *, add: bool, single: bool,
                        key: tuple[str, ...] = (), single_target: bool = False) -> str:
    """Add (MERGE, replacing others when single-valued) or delete one relationship.

    `single`: the source has at most one such relationship (an agency's park);
    `single_target`: the target has at most one (a platform's operator). The end whose
    relationships are replaced is locked first, so concurrent adds leave exactly one.
    Keyed types (KEYED_RELATIONSHIPS) are merged on their `relKey`; PARTNERS_WITH, which has no
    direction, is removed whichever way it is stored (callers add it smaller id first)."""
    rel = require_rel_type(rel_type)
    if target_key not in ("id", "code"):
        raise ValueError("target_key must be id or code")
    target_label = "ServiceStage" if target_key == "code" else "Entity"
    match = (f"MATCH (s:Entity {{id: $source}}) "
             f"MATCH (t:{target_label} {{{target_key}: $target}})")
    # FUNDS program/year may be null ("unknown"): compare them null-safely on removal.
    keyed = any(k in ("program", "year") for k in key)
    if not add:
        arrow = "-" if rel == "PARTNERS_WITH" else "->"
        where = f" WHERE {_same('r', '$key')}" if keyed else ""
        return (f"{match} OPTIONAL MATCH (s)-[r:{rel}]{arrow}(t){where} "
                "DELETE r RETURN count(r) AS changed")
    locks = [lock(v) for v, wanted in (("s", single), ("t", single_target)) if wanted]
    replace = f"{' '.join(locks)} WITH s, t " if locks else ""
    if single:
        replace += (f"CALL (s, t) {{ OPTIONAL MATCH (s)-[old:{rel}]->(o) WHERE o <> t "
                    "DELETE old RETURN count(old) AS removed } ")
    if single_target:
        replace += (f"CALL (s, t) {{ OPTIONAL MATCH (o)-[old:{rel}]->(t) WHERE o <> s "
                    "DELETE old RETURN count(old) AS removed_to } ")
    identity = (f" {{{KEY_PROPERTY}: {relationship_key(rel, 's', 't', '$key')}}}"
                if rel in KEYED_RELATIONSHIPS else "")
    return (f"{match} {replace}MERGE (s)-[r:{rel}{identity}]->(t) "
            "ON CREATE SET r += $key SET r += $props RETURN 1 AS changed")


def dated_reference(ref: RefSpec) -> str:
    """The target id and relationship properties of one entity's single-valued reference
    (its park and the LOCATED_IN years), for updates that change only the years."""
    rel = require_rel_type(ref.rel_type)
    arrow = f"-[r:{rel}]->" if ref.outgoing else f"<-[r:{rel}]-"
    return f"""
MATCH (s:Entity {{id: $id}}){arrow}(t:Entity)
RETURN t.id AS target, properties(r) AS props
ORDER BY t.id LIMIT 1
"""


def set_reference_dates(ref: RefSpec) -> str:
    """Set the years of an entity's current relationships of one column (its park), whatever
    their target: an update sending `park_since` alone changes the years, never the park."""
    rel = require_rel_type(ref.rel_type)
    arrow = f"-[r:{rel}]->" if ref.outgoing else f"<-[r:{rel}]-"
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.id}})
{lock("s")}
WITH s, row
MATCH (s){arrow}()
SET r += row.props
RETURN count(r) AS updated
"""


def relationship_properties(rel_type: str, target_key: str) -> str:
    """The properties of the relationship of a type from one entity to another (none: no row)."""
    rel = require_rel_type(rel_type)
    if target_key not in ("id", "code"):
        raise ValueError("target_key must be id or code")
    target_label = "ServiceStage" if target_key == "code" else "Entity"
    return (f"MATCH (:Entity {{id: $source}})-[r:{rel}]->(:{target_label} "
            f"{{{target_key}: $target}}) RETURN properties(r) AS props LIMIT 1")


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


# --- indicators: official statistics (graph/model.py INDICATOR_*; loaders/indicators.py) --

UPSERT_INDICATORS = f"""
UNWIND $rows AS row
MERGE (i:Indicator {{key: row.key}})
ON CREATE SET i.createdAt = $now, i.`_created` = true
WITH i, row, coalesce(i.`_created`, false) AS created
REMOVE i.`_created`
WITH i, row, created, {_same("i", "row.props")} AS same
SET i += row.props
SET i.updatedAt = CASE WHEN created OR NOT same THEN $now ELSE i.updatedAt END
RETURN {OUTCOME_COUNTS}
"""

# Indicators filtered by area (`$national`: only national rows), code and years, in a
# stable order; every filter is a parameter.
INDICATORS = """
MATCH (i:Indicator)
WHERE ($regionId IS NULL OR i.regionId = $regionId)
  AND (NOT $national OR i.regionId IS NULL)
  AND ($codes IS NULL OR i.indicator IN $codes)
  AND ($from IS NULL OR i.year >= $from) AND ($to IS NULL OR i.year <= $to)
RETURN i {.regionId, .indicator, .year, .value, .unit, .source, .synthetic} AS indicator
ORDER BY i.indicator, coalesce(i.regionId, ''), i.year
LIMIT $limit
"""


# --- the pilot lifecycle (graph/lifecycle.py, loaders/pilots.py, schema/pilots.py) --------

# A pilot park's `pilot` / `pilotYear` are derived from its service-system pilot record:
# approved (and not rejected) makes it a pilot from the approval year. Written only when
# they differ, so a reload leaves the park untouched.
def _derive_park_pilot(carry: str) -> str:
    return f"""
WITH p, s, {carry}, (p.yearApproved IS NOT NULL AND p.yearRejected IS NULL) AS isPilot,
     CASE WHEN p.yearRejected IS NULL THEN p.yearApproved END AS pilotSince
FOREACH (_ IN CASE WHEN s:Park AND p.type = 'service_system_park'
                    AND (coalesce(s.pilot, false) <> isPilot
                         OR coalesce(s.pilotYear, -1) <> coalesce(pilotSince, -1))
               THEN [1] ELSE [] END |
  SET s.pilot = isPilot, s.pilotYear = pilotSince, s.updatedAt = $now)
"""


# Compare before set: `same` when every property and both references are already so.
WRITE_PILOTS = f"""
UNWIND $rows AS row
OPTIONAL MATCH (known:Pilot {{id: row.id}})
WITH row, known IS NULL AS fresh,
     known IS NOT NULL
     AND all(k IN keys(row.props) WHERE known[k] = row.props[k]
                                     OR (known[k] IS NULL AND row.props[k] IS NULL))
     AND EXISTS {{ (known)-[:PILOT_OF]->(:Entity {{id: row.subject}}) }}
     AND EXISTS {{ (known)-[:PILOT_IN]->(:Region {{id: row.province}}) }} AS same
MERGE (p:Pilot {{id: row.id}})
ON CREATE SET p.createdAt = $now
SET p += row.props, p.updatedAt = CASE WHEN same THEN p.updatedAt ELSE $now END
WITH p, row, fresh, same
OPTIONAL MATCH (p)-[old:PILOT_OF|PILOT_IN]->()
WHERE NOT same
DELETE old
WITH DISTINCT p, row, fresh, same
MATCH (s:Entity {{id: row.subject}})
MATCH (r:Region {{id: row.province}})
MERGE (p)-[:PILOT_OF]->(s)
MERGE (p)-[:PILOT_IN]->(r)
{_derive_park_pilot("fresh, same")}
RETURN sum(CASE WHEN fresh THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN fresh OR same THEN 0 ELSE 1 END) AS updated,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
"""

WRITE_PILOT_EVALUATIONS = """
UNWIND $rows AS row
MATCH (p:Pilot {id: row.pilot})
OPTIONAL MATCH (known:PilotEvaluation {pilotId: row.pilot, year: row.props.year})
WITH p, row, known IS NULL AS fresh,
     known IS NOT NULL AND all(k IN keys(row.props) WHERE known[k] = row.props[k]
                                  OR (known[k] IS NULL AND row.props[k] IS NULL)) AS same
MERGE (e:PilotEvaluation {pilotId: row.pilot, year: row.props.year})
SET e += row.props
MERGE (p)-[:HAS_EVALUATION]->(e)
RETURN sum(CASE WHEN fresh THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN fresh OR same THEN 0 ELSE 1 END) AS updated,
       sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged
"""

# Every pilot with its subject, province and evaluations: one round-trip. Pilots number in
# the hundreds at most (a national programme), so the status-as-of-a-year filter and the
# page are applied by the caller.
PILOTS = """
MATCH (p:Pilot)
WHERE ($type IS NULL OR p.type = $type) AND ($ids IS NULL OR p.id IN $ids)
OPTIONAL MATCH (p)-[:PILOT_IN]->(r:Region)
WITH p, r WHERE $province IS NULL OR r.id = $province
OPTIONAL MATCH (p)-[:PILOT_OF]->(s:Entity)
RETURN properties(p) AS pilot,
       CASE WHEN s IS NULL THEN null ELSE
         {id: s.id, name: s.name, nameZh: s.nameZh,
          label: [l IN labels(s) WHERE l <> 'Entity'][0]} END AS subject,
       CASE WHEN r IS NULL THEN null ELSE {id: r.id, name: r.name, nameZh: r.nameZh,
                                           label: 'Region'} END AS province,
       [(p)-[:HAS_EVALUATION]->(e:PilotEvaluation) | properties(e)] AS evaluations
ORDER BY p.id
"""

# advancePilot, in one write transaction: take the pilot's write lock first, so a second
# advance of the same pilot waits and then reads the status the first one wrote.
LOCK_PILOT = """
MATCH (p:Pilot {id: $id})
SET p._lock = true REMOVE p._lock
RETURN properties(p) AS props
"""

ADVANCE_PILOT = f"""
MATCH (p:Pilot {{id: $id}})
SET p += $props, p.updatedAt = $now
WITH p, true AS advanced
OPTIONAL MATCH (p)-[:PILOT_OF]->(s:Entity)
{_derive_park_pilot("advanced")}
RETURN p.id AS id
"""

# ENTITY_PROVINCES as the first statement of a mutation's write transaction: each entity
# found is write-locked first (a dummy property set and removed, the Cypher manual's idiom),
# so a concurrent move of it waits for this transaction, or this one reads the moved entity.
LOCK_ENTITY_PROVINCES = """
UNWIND $ids AS id
OPTIONAL MATCH (n) WHERE (n:Entity OR n:Pilot) AND n.id = id
FOREACH (x IN CASE WHEN n IS NULL THEN [] ELSE [n] END |
         SET x._scopeLock = true REMOVE x._scopeLock)
WITH id, n
OPTIONAL MATCH (n)-[:IN_REGION|LOCATED_IN|LANDED_IN|PILOT_IN*0..2]->(r:Region)
               -[:PART_OF*0..4]->(province:Region {kind: 'province'})
RETURN id, count(DISTINCT n) > 0 AS found, collect(DISTINCT province.id) AS provinces
"""

# The provinces an entity or pilot belongs to (province-scoped editing): a region's own
# chain; a park's region; an actor's, cluster's or project's park; a pilot's PILOT_IN.
ENTITY_PROVINCES = """
UNWIND $ids AS id
OPTIONAL MATCH (n) WHERE (n:Entity OR n:Pilot) AND n.id = id
OPTIONAL MATCH (n)-[:IN_REGION|LOCATED_IN|LANDED_IN|PILOT_IN*0..2]->(r:Region)
               -[:PART_OF*0..4]->(province:Region {kind: 'province'})
RETURN id, count(DISTINCT n) > 0 AS found, collect(DISTINCT province.id) AS provinces
"""
