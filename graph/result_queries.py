"""Cypher of the data fingerprint and of the stored analysis results (graph/fingerprint.py,
graph/results.py; design in docs/architecture.md, "Data fingerprint and stored results").

The fingerprint is the `(:StsgraphMeta {key: 'data'})` node: `version` goes up by one in the
transaction of every write, `wholeVersion` is the version of the last write whose effect is
not confined to known clusters, `changedAt` the time of the last write. A stored result is a
`(:StsgraphResult {id, kind, asOf, key, dataVersion, computedAt, stale, payload})` node,
`id` = "kind|asOf|key".
"""

# A write whose effect cannot be confined to clusters (a load, a removal by --sync, a
# repair, a change of regions or industries): every stored result is stale from here on.
BUMP_WHOLE = """
MERGE (m:StsgraphMeta {key: 'data'})
SET m.version = coalesce(m.version, 0) + 1, m.changedAt = datetime()
SET m.wholeVersion = m.version
"""

# The clusters whose score may depend on the entities `$ids`: a cluster itself, the
# clusters of a park, the clusters an actor is a member of or sits in a park of, and the
# same for every entity one hop away (a partner's change moves a cluster's external reach).
# Regions and industries reach too far (provinces, industry matching): they make the write
# whole-graph (`whole`). Run at a write's start and end, so that what a write moves out
# of a cluster and what it moves in both count.
_TOUCHED_CLUSTERS = """
OPTIONAL MATCH (n:Entity) WHERE n.id IN $ids
OPTIONAL MATCH (n)--(near:Entity) WHERE NOT near:Region AND NOT near:Industry
WITH collect(DISTINCT n) AS touched, collect(DISTINCT near) AS nearby
WITH any(t IN touched WHERE t:Region OR t:Industry) AS whole, touched + nearby AS nodes
UNWIND (CASE WHEN size(nodes) = 0 THEN [null] ELSE nodes END) AS x
OPTIONAL CALL (x) {
    MATCH (x:Cluster) RETURN x.id AS cluster
    UNION
    MATCH (x)-[:MEMBER_OF]->(c:Cluster) RETURN c.id AS cluster
    UNION
    MATCH (x)-[:LOCATED_IN]->(:Park)<-[:LOCATED_IN]-(c:Cluster) RETURN c.id AS cluster
    UNION
    MATCH (x:Park)<-[:LOCATED_IN]-(c:Cluster) RETURN c.id AS cluster
}
WITH whole, collect(DISTINCT cluster) AS clusters
"""

# A write confined to the clusters of `$ids`, in two statements of its transaction. The
# first bumps the version (which locks the fingerprint node until the write commits, so
# writers take versions in commit order) and marks the clusters the entities are in before
# the write; the last marks those they are in after it. Marking sets `stale` on those
# clusters' stored scores of every year stored (a new cluster gets a stale stub) and
# `touchedVersion`, which tells a refresh that read an older version that it missed this.
_MARK = """
WITH m, whole, clusters
OPTIONAL MATCH (run:StsgraphResult {kind: 'refresh', key: 'cluster-scores'})
WITH m, whole, clusters, collect(run.asOf) AS years
UNWIND (CASE WHEN whole OR size(years) = 0 THEN [null] ELSE years END) AS year
UNWIND (CASE WHEN year IS NULL OR size(clusters) = 0 THEN [null] ELSE clusters END)
    AS cluster
FOREACH (_ IN CASE WHEN cluster IS NULL THEN [] ELSE [1] END |
    MERGE (r:StsgraphResult {id: 'cluster-score|' + toString(year) + '|' + cluster})
    ON CREATE SET r.kind = 'cluster-score', r.asOf = year, r.key = cluster
    SET r.stale = true, r.touchedVersion = m.version)
RETURN DISTINCT whole
"""

BEGIN_SCOPED = _TOUCHED_CLUSTERS + """
MERGE (m:StsgraphMeta {key: 'data'})
SET m.version = coalesce(m.version, 0) + 1, m.changedAt = datetime()
""" + _MARK

END_SCOPED = _TOUCHED_CLUSTERS + """
WITH whole OR $wasWhole AS whole, clusters
MATCH (m:StsgraphMeta {key: 'data'})
SET m.wholeVersion = CASE WHEN whole THEN m.version ELSE coalesce(m.wholeVersion, 0) END
""" + _MARK

READ_FINGERPRINT = """
OPTIONAL MATCH (m:StsgraphMeta {key: 'data'})
RETURN coalesce(m.version, 0) AS version, coalesce(m.wholeVersion, 0) AS wholeVersion,
       m.changedAt AS changedAt
"""

# The stored results of one kind and year with the fingerprint, in one round trip.
READ_RESULTS = """
OPTIONAL MATCH (m:StsgraphMeta {key: 'data'})
WITH coalesce(m.version, 0) AS version, coalesce(m.wholeVersion, 0) AS wholeVersion,
     m.changedAt AS changedAt
OPTIONAL MATCH (run:StsgraphResult {id: 'refresh|' + toString($asOf) + '|' + $refresh})
OPTIONAL MATCH (r:StsgraphResult {kind: $resultKind, asOf: $asOf})
  WHERE $keys IS NULL OR r.key IN $keys
WITH version, wholeVersion, changedAt, run,
     collect(r {.key, .dataVersion, .computedAt, .stale, .payload}) AS rows
RETURN version, wholeVersion, changedAt, run.dataVersion AS runVersion, rows
"""

# Rows: {key, payload}; `$version` is the fingerprint read before the projection. A result
# touched by a write after that version stays stale.
WRITE_RESULTS = """
UNWIND $rows AS row
MERGE (r:StsgraphResult {id: $resultKind + '|' + toString($asOf) + '|' + row.key})
SET r.kind = $resultKind, r.asOf = $asOf, r.key = row.key, r.payload = row.payload,
    r.score = row.score, r.name = row.name,
    r.dataVersion = $version, r.computedAt = $computedAt,
    r.stale = coalesce(r.touchedVersion, 0) > $version
"""

RECORD_REFRESH = """
MERGE (r:StsgraphResult {id: 'refresh|' + toString($asOf) + '|' + $refresh})
SET r.kind = 'refresh', r.asOf = $asOf, r.key = $refresh, r.dataVersion = $version,
    r.computedAt = $computedAt, r.stale = false
"""

# Results of a kind and year whose key is not in `$keep` (a deleted cluster's score).
DELETE_RESULTS_EXCEPT = """
MATCH (r:StsgraphResult {kind: $resultKind, asOf: $asOf}) WHERE NOT r.key IN $keep
DETACH DELETE r
RETURN count(*) AS deleted
"""

DELETE_RESULTS = """
MATCH (r:StsgraphResult {kind: $resultKind, asOf: $asOf}) WHERE r.key IN $keys
DETACH DELETE r
"""

# The stale (or stub) cluster scores of a year.
STALE_CLUSTERS = """
MATCH (r:StsgraphResult {kind: 'cluster-score', asOf: $asOf})
WHERE r.stale OR r.payload IS NULL
RETURN r.key AS cluster ORDER BY cluster
"""

# Every stored result's freshness, grouped per kind, key pattern and year.
FRESHNESS = """
OPTIONAL MATCH (m:StsgraphMeta {key: 'data'})
WITH coalesce(m.version, 0) AS version, coalesce(m.wholeVersion, 0) AS wholeVersion
MATCH (r:StsgraphResult) WHERE r.kind <> 'refresh' AND ($asOf IS NULL OR r.asOf = $asOf)
RETURN r.kind AS kind, r.asOf AS asOf, r.key AS key, r.dataVersion AS dataVersion,
       r.computedAt AS computedAt, r.stale AS stale, r.payload IS NULL AS stub,
       version, wholeVersion
ORDER BY kind, asOf, key
"""

WIPE_RESULTS = """
MATCH (r:StsgraphResult)
CALL (r) { DETACH DELETE r } IN TRANSACTIONS OF 10000 ROWS
"""

# One page of the stored cluster ranking under the default weights, in the order asked
# (`$order`: score_desc, score_asc, name_asc; ties by cluster id), with the fingerprint and
# whether every stored score of the year is fresh: only the page's payloads are read.
READ_CLUSTER_PAGE = """
OPTIONAL MATCH (m:StsgraphMeta {key: 'data'})
WITH coalesce(m.version, 0) AS version, coalesce(m.wholeVersion, 0) AS wholeVersion,
     m.changedAt AS changedAt
OPTIONAL MATCH (run:StsgraphResult {id: 'refresh|' + toString($asOf) + '|cluster-scores'})
CALL (wholeVersion) {
    OPTIONAL MATCH (r:StsgraphResult {kind: 'cluster-score', asOf: $asOf})
    RETURN count(r) AS total,
           count(CASE WHEN r.stale OR r.score IS NULL OR r.dataVersion < wholeVersion
                      THEN 1 END) AS notFresh
}
CALL () {
    OPTIONAL MATCH (r:StsgraphResult {kind: 'cluster-score', asOf: $asOf})
      WHERE r.score IS NOT NULL
    WITH r ORDER BY CASE $order WHEN 'name_asc' THEN r.name END,
                    CASE $order WHEN 'score_desc' THEN -r.score
                                WHEN 'score_asc' THEN r.score END,
                    r.key
    LIMIT $first
    RETURN collect(r {.key, .dataVersion, .computedAt, .stale, .payload}) AS rows
}
RETURN version, wholeVersion, changedAt, run.dataVersion AS runVersion, total, notFresh, rows
"""
