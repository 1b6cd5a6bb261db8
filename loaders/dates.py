"""The year rules of a dataset row (DESIGN.md section 8), kept apart from loaders/validate.py.

- `closed_year` is not before the entity's start year (`founded_year`, `established_year`,
  `approved_year`, a project's `year`): a zone approved in 1991 cannot have closed in 1990;
- a relationship's `until` (the first year it no longer holds) comes after its `since`
  (`park_until` after `park_since`; in `links`, `until` after `year`);
- `park_since` / `park_until` date the row's `park_id`: without a park they are refused.

Each rule reports through the caller's `error(file, line, column, reason)`, so a violation
reads `agencies.csv:12: park_until: ...` like every other problem and nothing is written.
Whether a cell is a year at all (a whole number in 1900-2100) is checked by the cell
parser, as for every year column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph.model import EntitySpec, FieldSpec, LinkSpec, RefSpec
from loaders.fields import CellError, parse_cell

Report = Callable[[str, int, str, str], None]


def parse_ref_dates(refs: tuple[RefSpec, ...], header: tuple[str, ...],
                    values: Mapping[str, str], file: str, line: int,
                    error: Report) -> dict[str, dict[str, Any]]:
    """The relationship properties each reference column's date columns give, by column.

    Only the date columns present in the header appear, so a file without them leaves the
    relationship's stored years alone; an empty cell (null) clears a stored year."""
    dated: dict[str, dict[str, Any]] = {}
    for ref in refs:
        props: dict[str, Any] = {}
        for spec in ref.dates:
            if spec.column in header:
                try:
                    props[spec.prop] = parse_cell(spec, values.get(spec.column, ""))
                except CellError as e:
                    error(file, line, spec.column, str(e))
        if props:
            dated[ref.column] = props
    return dated


def check_entity_years(spec: EntitySpec, props: Mapping[str, Any],
                       refs: Mapping[str, list[str]], dated: Mapping[str, dict[str, Any]],
                       file: str, line: int, error: Report) -> None:
    """The year rules of one entity row, on its parsed values."""
    start = spec.start_field
    closed = props.get("closedYear")
    if start is not None and closed is not None:
        began = props.get(start.prop)
        if began is not None and closed < began:
            error(file, line, "closed_year",
                  f"{closed} is before {start.column} {began} (an entity cannot close "
                  "before it starts)")
    for ref in spec.refs:
        years = dated.get(ref.column, {})
        given = [f for f in ref.dates if years.get(f.prop) is not None]
        if given and not refs.get(ref.column):
            error(file, line, given[0].column,
                  f"{' and '.join(f.column for f in given)} given without a {ref.column} "
                  f"(the years date the {ref.rel_type} of the {ref.column})")
        since_spec, until_spec = _since_until(ref.dates)
        if since_spec and until_spec:
            _check_order(years.get(since_spec.prop), years.get(until_spec.prop),
                         since_spec.column, until_spec.column, file, line, error)


def check_link_years(spec: LinkSpec, props: dict[str, Any], file: str, line: int,
                     error: Report) -> None:
    """`until` after the link's `year` (its since); PARTNERS_WITH also stores it as `since`."""
    if spec.since_from is not None and spec.since_from in props:
        props["since"] = props[spec.since_from]
    since_spec, until_spec = _since_until(spec.props)
    if since_spec and until_spec:
        _check_order(props.get(since_spec.prop), props.get(until_spec.prop),
                     since_spec.column, until_spec.column, file, line, error)


def _since_until(fields: tuple[FieldSpec, ...]) -> tuple[FieldSpec | None, FieldSpec | None]:
    """The fields giving a relationship's first year and its end year, if it has both."""
    until = next((f for f in fields if f.prop == "until"), None)
    since = next((f for f in fields if f.prop == "since" or f.column == "year"), None)
    return since, until


def _check_order(since: int | None, until: int | None, since_column: str, until_column: str,
                 file: str, line: int, error: Report) -> None:
    if since is not None and until is not None and until <= since:
        error(file, line, until_column,
              f"{until} is not after {since_column} {since} ({until_column} is the first "
              "year the link no longer holds)")
