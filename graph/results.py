"""Stored analysis results: written by `stsgraph analyze refresh`, read by the API.

A result is a JSON payload under (kind, asOf, key) with the data version it was computed
on (graph/fingerprint.py). Whether it may be served is decided here, in one place:

- a cluster score (kind `cluster-score`, key: the cluster id) is fresh while no write
  touched its cluster (`stale` false) and no whole-graph write came after it
  (`dataVersion >= wholeVersion`);
- every other result (pilot candidates, centrality, communities: rankings over the whole
  graph) is fresh only at the very version it was computed on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncDriver

from graph import result_queries as rq
from graph.driver import READ, WRITE, translate_unavailable
from graph.fingerprint import Fingerprint

CLUSTER_SCORE = "cluster-score"
PILOT_CANDIDATES = "pilot-candidates"
CENTRALITY = "centrality"
COMMUNITIES = "communities"
# The names `analyze refresh --only` takes, and the result kind each one writes.
REFRESH_KINDS = {"cluster-scores": CLUSTER_SCORE, "pilot-candidates": PILOT_CANDIDATES,
                 "centrality": CENTRALITY, "communities": COMMUNITIES}
SCOPED_KINDS = (CLUSTER_SCORE,)
MAX_STORED = 500  # entries kept per centrality ranking: the API's largest `first`
SEED = 42  # communities are stored for the API's default seed
NATIONAL = ""  # the key of the pilot candidates of the whole country


def centrality_key(metric: str, kind: str | None) -> str:
    """The key of a stored centrality ranking: `pagerank:*` (every actor), `degree:Agency`."""
    return f"{metric}:{kind or '*'}"


def is_fresh(kind: str, data_version: int | None, stale: bool, stub: bool,
             fingerprint: Fingerprint) -> bool:
    """Whether a stored result may be served as fresh (the rules above)."""
    if stale or stub or data_version is None:
        return False
    if kind in SCOPED_KINDS:
        return data_version >= fingerprint.whole_version
    return data_version == fingerprint.version


@dataclass(frozen=True)
class StoredResult:
    key: str
    payload: Any  # the decoded JSON; None for a stale stub (a cluster created since)
    data_version: int | None
    computed_at: datetime | None
    stale: bool


@dataclass(frozen=True)
class StoredSet:
    """The stored results of one kind and year, read with the fingerprint."""

    fingerprint: Fingerprint
    refreshed_version: int | None  # the data version of the last full refresh of the kind
    results: tuple[StoredResult, ...]
    # Of a page (`read_cluster_page`): how many results of the year there are, and how many
    # of them are not fresh; None when `results` are all of them.
    total: int | None = None
    not_fresh: int | None = None

    def fresh(self, kind: str, result: StoredResult) -> bool:
        return is_fresh(kind, result.data_version, result.stale, result.payload is None,
                        self.fingerprint)

    def all_fresh(self, kind: str) -> bool:
        """Every result fresh, and the set complete: a full refresh after the last
        whole-graph write (a scoped write adds a stale stub for a new cluster)."""
        if self.refreshed_version is None or not self.results:
            return False
        if kind in SCOPED_KINDS and self.refreshed_version < self.fingerprint.whole_version:
            return False
        if self.not_fresh is not None:
            return self.not_fresh == 0 and all(self.fresh(kind, r) for r in self.results)
        return all(self.fresh(kind, r) for r in self.results)


def _native(value: Any) -> Any:
    return value.to_native() if value is not None and hasattr(value, "to_native") else value


@translate_unavailable
async def read_results(driver: AsyncDriver, kind: str, as_of: int,
                       keys: Sequence[str] | None = None, database: str | None = None,
                       timeout_s: float | None = None) -> StoredSet:
    """The results of `kind` stored for `as_of` (those of `keys` only, when given) and the
    fingerprint, in one round trip."""
    refresh = next(name for name, k in REFRESH_KINDS.items() if k == kind)
    records, _, _ = await driver.execute_query(
        rq.READ_RESULTS, resultKind=kind, asOf=as_of, refresh=refresh,
        keys=None if keys is None else list(keys), database_=database, routing_=READ)
    return _stored_set(records[0])


def _stored_set(record: Any, total: int | None = None,
                not_fresh: int | None = None) -> StoredSet:
    results = tuple(
        StoredResult(str(row["key"]),
                     None if row["payload"] is None else json.loads(row["payload"]),
                     row["dataVersion"], _native(row["computedAt"]), bool(row["stale"]))
        for row in record["rows"])
    runs = record["runVersion"]
    return StoredSet(Fingerprint.from_record(record), None if runs is None else int(runs),
                     results, total, not_fresh)


CLUSTER_ORDERS = ("score_desc", "score_asc", "name_asc")


@translate_unavailable
async def read_cluster_page(driver: AsyncDriver, as_of: int, order: str, first: int,
                            database: str | None = None) -> StoredSet:
    """The first `first` stored cluster scores of `as_of` in `order` (CLUSTER_ORDERS, ties
    by cluster id), with the fingerprint and the freshness of every score of the year."""
    if order not in CLUSTER_ORDERS:
        raise ValueError(f"unknown order {order!r}")
    records, _, _ = await driver.execute_query(rq.READ_CLUSTER_PAGE, asOf=as_of, order=order,
                                               first=first, database_=database,
                                               routing_=READ)
    record = records[0]
    return _stored_set(record, int(record["total"]), int(record["notFresh"]))


def _sort_keys(payload: Any) -> dict[str, Any]:
    """A cluster score's score and name as properties, so that a page of the ranking is
    read in order without decoding every payload (`read_cluster_page`)."""
    if isinstance(payload, dict) and "score" in payload and "scope" in payload:
        return {"score": payload["score"], "name": payload["scope"].get("name")}
    return {"score": None, "name": None}


@translate_unavailable
async def write_results(driver: AsyncDriver, kind: str, as_of: int, version: int,
                        payloads: dict[str, Any], computed_at: datetime,
                        database: str | None = None, batch_size: int = 500) -> None:
    """Store `payloads` (key -> JSON-serialisable) computed on data `version`."""
    rows = [{"key": key, "payload": json.dumps(value, ensure_ascii=False, default=str),
             **_sort_keys(value)} for key, value in payloads.items()]
    for start in range(0, len(rows), batch_size):
        await driver.execute_query(rq.WRITE_RESULTS, rows=rows[start:start + batch_size],
                                   resultKind=kind, asOf=as_of, version=version,
                                   computedAt=computed_at, database_=database,
                                   routing_=WRITE)


@translate_unavailable
async def record_refresh(driver: AsyncDriver, refresh: str, as_of: int, version: int,
                         computed_at: datetime, keep: Sequence[str] | None = None,
                         database: str | None = None) -> int:
    """Record a full refresh of `refresh` (a REFRESH_KINDS name) at data `version`; with
    `keep`, delete the kind's results of other keys (scopes gone since); return how many."""
    deleted = 0
    if keep is not None:
        records, _, _ = await driver.execute_query(
            rq.DELETE_RESULTS_EXCEPT, resultKind=REFRESH_KINDS[refresh], asOf=as_of,
            keep=list(keep), database_=database, routing_=WRITE)
        deleted = int(records[0]["deleted"])
    await driver.execute_query(rq.RECORD_REFRESH, refresh=refresh, asOf=as_of,
                               version=version, computedAt=computed_at,
                               database_=database, routing_=WRITE)
    return deleted


@translate_unavailable
async def delete_results(driver: AsyncDriver, kind: str, as_of: int, keys: Sequence[str],
                         database: str | None = None) -> None:
    await driver.execute_query(rq.DELETE_RESULTS, resultKind=kind, asOf=as_of, keys=list(keys),
                               database_=database, routing_=WRITE)


@translate_unavailable
async def stale_clusters(driver: AsyncDriver, as_of: int,
                         database: str | None = None) -> list[str]:
    """The clusters whose stored score of `as_of` is stale or a stub."""
    records, _, _ = await driver.execute_query(rq.STALE_CLUSTERS, asOf=as_of,
                                               database_=database, routing_=READ)
    return [str(r["cluster"]) for r in records]


@translate_unavailable
async def freshness_rows(driver: AsyncDriver, as_of: int | None = None,
                         database: str | None = None) -> list[dict[str, Any]]:
    """Every stored result's kind, year, key, versions, time and whether it is fresh."""
    records, _, _ = await driver.execute_query(rq.FRESHNESS, asOf=as_of, database_=database,
                                               routing_=READ)
    rows = []
    for r in records:
        fingerprint = Fingerprint(int(r["version"]), int(r["wholeVersion"]))
        fresh = is_fresh(r["kind"], r["dataVersion"], bool(r["stale"]), bool(r["stub"]),
                         fingerprint)
        rows.append({"kind": r["kind"], "asOf": r["asOf"], "key": r["key"],
                     "dataVersion": r["dataVersion"], "computedAt": _native(r["computedAt"]),
                     "currentVersion": fingerprint.version, "fresh": fresh})
    return rows
