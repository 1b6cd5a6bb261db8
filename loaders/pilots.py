"""The `pilots` and `pilot_evaluations` files (docs/data-format.md): parsed and checked
like every file, each problem as `file:line: column: reason`.

One row of `pilots` is one pilot with the year of every step it reached (its history), so
the status is derived from the years and a `status` column, when given, must agree. Subject
and province references go through the validator's reference check (existence and kind:
a park for a pilot park, a region for a pilot city, a cluster for a cluster pilot).
`pilot_evaluations` holds one row per pilot and year; its `pilot_id` must be a pilot of the
same dataset's `pilots` file (a pilot's evaluations travel with it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.lifecycle import (
    PILOT_TYPES,
    STATUSES,
    STEP_COLUMNS,
    STEP_PROPS,
    STEPS,
    VERDICTS,
    history_problem,
    status_of,
)
from graph.model import YEAR, FieldSpec, FieldType
from loaders.fields import CellError, parse_cell, parse_id
from loaders.readers import SourceRow, SourceTable

Error = Callable[[str, int, str, str], None]
# (file, line, column, owner id, target id, allowed labels): the validator's reference queue
QueueRef = Callable[[str, int, str, str, str, tuple[str, ...]], None]


def _year(column: str, prop: str) -> FieldSpec:
    return FieldSpec(column, prop, FieldType.INT, **YEAR)  # type: ignore[arg-type]


PILOT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "name", required=True),
    FieldSpec("name_zh", "nameZh"),
    FieldSpec("type", "type", FieldType.ENUM, tuple(PILOT_TYPES), required=True),
    FieldSpec("status", "status", FieldType.ENUM, STATUSES),
    _year("build_start", "buildStart"),
    _year("build_end", "buildEnd"),
    *(_year(STEP_COLUMNS[s], STEP_PROPS[s]) for s in STATUSES),
    FieldSpec("synthetic", "synthetic", FieldType.BOOL),
)
PILOT_COLUMNS: tuple[str, ...] = ("id", "subject_id", "province_id",
                                  *(f.column for f in PILOT_FIELDS))
EVALUATION_FIELDS: tuple[FieldSpec, ...] = (
    _year("year", "year"),
    FieldSpec("score", "score", FieldType.FLOAT, minimum=0, maximum=100),
    FieldSpec("verdict", "verdict", FieldType.ENUM, VERDICTS, required=True),
    FieldSpec("continued_support", "continuedSupport", FieldType.BOOL),
    FieldSpec("synthetic", "synthetic", FieldType.BOOL),
)
EVALUATION_COLUMNS: tuple[str, ...] = ("pilot_id", *(f.column for f in EVALUATION_FIELDS))


@dataclass
class PilotRecord:
    id: str
    subject: str
    province: str
    props: dict[str, Any]
    file: str
    line: int
    evaluations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvaluationRecord:
    pilot: str
    props: dict[str, Any]
    file: str
    line: int


def _fields(fields: tuple[FieldSpec, ...], table: SourceTable, row: SourceRow,
            error: Error) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for spec in fields:
        if spec.column not in table.header and not spec.required:
            continue
        try:
            props[spec.prop] = parse_cell(spec, row.values.get(spec.column, ""))
        except CellError as e:
            error(table.display, row.line, spec.column, str(e))
    return props


def _id(table: SourceTable, row: SourceRow, column: str, error: Error) -> str | None:
    try:
        return parse_id(row.values.get(column, ""))
    except CellError as e:
        error(table.display, row.line, column, str(e))
        return None


def _check_steps(props: dict[str, Any], table: SourceTable, row: SourceRow,
                 error: Error) -> None:
    years = {s: props.get(STEP_PROPS[s]) for s in STATUSES}
    problem = history_problem(years)
    if problem is not None:
        error(table.display, row.line, *problem)
    derived = status_of(years)
    if derived is None:
        error(table.display, row.line, STEP_COLUMNS[STEPS[0]],
              "a pilot needs at least the year it applied")
    stated = props.pop("status", None)
    if stated is not None and derived is not None and stated != derived:
        error(table.display, row.line, "status",
              f"status {stated!r} disagrees with the step years, which end at {derived!r}")
    props["status"] = derived
    start, end = props.get("buildStart"), props.get("buildEnd")
    if start is not None and end is not None and end < start:
        error(table.display, row.line, "build_end",
              f"the build period ends ({end}) before it starts ({start})")


def parse_pilots(table: SourceTable, error: Error, queue_ref: QueueRef,
                 seen: dict[str, int]) -> list[PilotRecord]:
    """Typed records of a `pilots` table; `seen` collects pilot id -> line."""
    records = []
    for row in table.rows:
        pilot_id = _id(table, row, "id", error)
        if pilot_id is None:
            continue
        if pilot_id in seen:
            error(table.display, row.line, "id",
                  f"duplicate pilot id {pilot_id!r} (first at line {seen[pilot_id]})")
            continue
        seen[pilot_id] = row.line
        props = _fields(PILOT_FIELDS, table, row, error)
        _check_steps(props, table, row, error)
        subject = _id(table, row, "subject_id", error)
        province = _id(table, row, "province_id", error)
        kind = PILOT_TYPES.get(props.get("type") or "")
        if subject is not None and kind is not None:
            queue_ref(table.display, row.line, "subject_id", pilot_id, subject, (kind,))
        if province is not None:
            queue_ref(table.display, row.line, "province_id", pilot_id, province, ("Region",))
        if subject is not None and province is not None:
            records.append(PilotRecord(pilot_id, subject, province, props, table.display,
                                       row.line))
    return records


def parse_evaluations(table: SourceTable, error: Error,
                      pilots: dict[str, PilotRecord]) -> list[EvaluationRecord]:
    """Typed records of a `pilot_evaluations` table, checked against `pilots`."""
    records: list[EvaluationRecord] = []
    seen: dict[tuple[str, int], int] = {}
    for row in table.rows:
        pilot_id = _id(table, row, "pilot_id", error)
        props = _fields(EVALUATION_FIELDS, table, row, error)
        year = props.get("year")
        if pilot_id is None:
            continue
        pilot = pilots.get(pilot_id)
        if pilot is None:
            error(table.display, row.line, "pilot_id",
                  f"{pilot_id!r} is not a pilot of this dataset's pilots file")
            continue
        if year is None:
            error(table.display, row.line, "year", "required value is missing")
            continue
        approved = pilot.props.get(STEP_PROPS["approved"])
        if approved is None or year < approved:
            error(table.display, row.line, "year",
                  f"{pilot_id!r} was not approved by {year}: only approved pilots are "
                  "evaluated")
            continue
        if (pilot_id, year) in seen:
            error(table.display, row.line, "year", f"duplicate evaluation of {pilot_id!r} "
                                                   f"in {year} (first at line {seen[pilot_id, year]})")
            continue
        seen[pilot_id, year] = row.line
        records.append(EvaluationRecord(pilot_id, props, table.display, row.line))
    return records
