"""Year rules for single-record writes (GraphQL mutations), which see only part of a record.

A dataset row carries all of an entity's years, so loaders/dates.py checks them on the row.
A mutation may change one year and leave the others in the graph: `closedYear` alone must
still not come before the stored founding year, `parkUntil` alone must still come after the
stored `parkSince`, and `parkSince` alone dates the park the entity already has. So before
such a write the missing side of each rule is read from the graph and put into the row, and
the loader's own checks then see the whole picture; writing back a stored value is a no-op.

For relationships, `since` / `until` (and a partnership's `year`, which is its since) are
checked the same way against the relationship already stored between the two ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncDriver

from graph import queries
from graph.driver import READ
from graph.model import LINK_SPECS, SINCE, UNTIL, EntitySpec
from graph.time import DATED_RELATIONSHIPS
from loaders.fields import CellError, parse_cell
from loaders.issues import DatasetError, DatasetIssue

SINCE_UNTIL = ("since", "until")
_YEARS = {"since": SINCE, "until": UNTIL}


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


async def complete_years(driver: AsyncDriver, spec: EntitySpec, entity_id: str,
                         row: dict[str, str], database: str | None) -> dict[str, str]:
    """`row` (an update's cells) plus the stored years its year rules compare against."""
    pairs: list[tuple[str, str]] = []
    start = spec.start_field
    if start is not None:
        pairs.append((start.column, start.prop))
    pairs.append(("closed_year", "closedYear"))
    completed = dict(row)
    if any(column in row for column, _ in pairs):
        stored = await _stored_props(driver, entity_id, database)
        for column, prop in pairs:
            if column not in row and stored.get(prop) is not None:
                completed[column] = _cell(stored[prop])
    for ref in spec.refs:
        if not ref.dates or ref.column in row:  # a new target starts with the given years
            continue
        if not any(column in row for column in ref.date_columns):
            continue
        records, _, _ = await driver.execute_query(queries.dated_reference(ref), id=entity_id,
                                                   database_=database, routing_=READ)
        if not records:
            continue  # no park: the loader's rule refuses the years
        completed[ref.column] = str(records[0]["target"])
        props = dict(records[0]["props"])
        for date in ref.dates:
            if date.column not in row and props.get(date.prop) is not None:
                completed[date.column] = _cell(props[date.prop])
    return completed


async def _stored_props(driver: AsyncDriver, entity_id: str,
                        database: str | None) -> dict[str, Any]:
    records, _, _ = await driver.execute_query(queries.GET_ENTITY, id=entity_id,
                                               database_=database, routing_=READ)
    return dict(records[0]["props"]) if records else {}


def relationship_years(rel_type: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The year properties an added relationship sets: `since` / `until` for the dated
    types (None clears a stored one), a partnership's `year` and `since` kept equal.

    Raises DatasetError for a year out of range, years on an undated type, or a year and a
    since that disagree."""
    issues: list[DatasetIssue] = []
    out: dict[str, Any] = {}
    for key in SINCE_UNTIL:
        if key not in given:
            continue
        if rel_type not in DATED_RELATIONSHIPS:
            issues.append(DatasetIssue("addRelationship", 1, key,
                                       f"{rel_type} relationships have no {key} "
                                       "(their `year` says when they began)"))
            continue
        try:
            out[key] = parse_cell(_YEARS[key], _cell(given[key]))
        except CellError as e:
            issues.append(DatasetIssue("addRelationship", 1, key, str(e)))
    spec = LINK_SPECS.get(rel_type)
    if spec is not None and spec.since_from is not None and not issues:
        _mirror_since(out, given.get(spec.since_from), spec.since_from, issues)
    if issues:
        raise DatasetError(issues)
    return out


def _mirror_since(out: dict[str, Any], year: Any, year_prop: str,
                  issues: list[DatasetIssue]) -> None:
    """PARTNERS_WITH: `year` is its since; whichever is given sets both."""
    if "since" in out and year is not None and year != out["since"]:
        issues.append(DatasetIssue("addRelationship", 1, "since",
                                   f"{out['since']} differs from year {year}: a partnership's "
                                   "year is its since; give one of them"))
    elif "since" in out:
        out[year_prop] = out["since"]
    elif year is not None:
        out["since"] = year


async def check_relationship_years(driver: AsyncDriver, rel_type: str, source_id: str,
                                   target_id: str, target_key: str, props: Mapping[str, Any],
                                   database: str | None) -> None:
    """`until` after `since`, taking the side not given from the stored relationship."""
    if not any(k in props for k in SINCE_UNTIL):
        return
    since, until = props.get("since"), props.get("until")
    if "since" not in props or "until" not in props:
        records, _, _ = await driver.execute_query(
            queries.relationship_properties(rel_type, target_key), source=source_id,
            target=target_id, database_=database, routing_=READ)
        stored = dict(records[0]["props"]) if records else {}
        since = props["since"] if "since" in props else stored.get("since")
        until = props["until"] if "until" in props else stored.get("until")
    if since is not None and until is not None and until <= since:
        raise DatasetError([DatasetIssue(
            "addRelationship", 1, "until",
            f"{until} is not after since {since} (until is the first year the link no "
            "longer holds)")])
