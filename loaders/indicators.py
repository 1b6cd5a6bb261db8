"""The `indicators` dataset file: official statistics, one row per (area, indicator, year).

Columns: `region_id` (empty for the nation; else a Region, Park or Cluster id), `indicator`
(a code of graph.model.INDICATOR_UNITS), `year`, `value`, `unit` (the code's unit; the value
is converted before loading, never here), `source` (where the figure comes from) and
`synthetic`. Every problem is reported as `file:line: column: reason`; a second row for the
same (area, indicator, year) is an error naming the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.model import INDICATOR_AREA_KINDS, INDICATOR_FIELDS, INDICATOR_UNITS
from loaders.fields import CellError, parse_cell, parse_id
from loaders.progress import Progress, counted
from loaders.readers import SourceRow, SourceTable

ErrorFn = Callable[[str, int, str, str], None]  # file, line, column, reason
# file, line, column, owner, target id, the kinds it may have: checked with the references
ReferenceFn = Callable[[str, int, str, str, str, tuple[str, ...]], None]


@dataclass
class IndicatorRecord:
    region_id: str | None
    indicator: str
    year: int
    value: float
    unit: str
    source: str | None
    synthetic: bool | None
    file: str
    line: int

    @property
    def key(self) -> str:
        """The node's key: area (empty for the nation), indicator and year."""
        return f"{self.region_id or ''}|{self.indicator}|{self.year}"

    def to_row(self, dataset: str) -> dict[str, Any]:
        return {"key": self.key, "props": {
            "regionId": self.region_id, "indicator": self.indicator, "year": self.year,
            "value": self.value, "unit": self.unit, "source": self.source,
            "synthetic": self.synthetic, "dataset": dataset}}


def _cells(table: SourceTable, row: SourceRow, error: ErrorFn) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for spec in INDICATOR_FIELDS:
        try:
            values[spec.prop] = parse_cell(spec, row.values.get(spec.column, ""))
        except CellError as e:
            error(table.display, row.line, spec.column, str(e))
            ok = False
    expected = INDICATOR_UNITS.get(values.get("indicator") or "")
    if expected is not None and values.get("unit") not in (None, expected):
        error(table.display, row.line, "unit",
              f"{values['indicator']} is given in {expected}, not {values['unit']!r} "
              f"(convert the value)")
        ok = False
    return values if ok else None


def parse_indicator_table(table: SourceTable, error: ErrorFn, reference: ReferenceFn,
                          progress: Progress) -> list[IndicatorRecord]:
    """The table's valid rows as records; each problem goes to `error`, each area id to
    `reference` (so an unknown region is reported with the other unknown references)."""
    records: list[IndicatorRecord] = []
    first: dict[str, int] = {}
    for row in counted(table.rows, progress):
        area: str | None = None
        raw_area = row.values.get("region_id", "")
        try:
            area = parse_id(raw_area) if raw_area else None
        except CellError as e:
            error(table.display, row.line, "region_id", str(e))
            continue
        values = _cells(table, row, error)
        if values is None:
            continue
        record = IndicatorRecord(area, values["indicator"], int(values["year"]),
                                 float(values["value"]), values["unit"], values["source"],
                                 values["synthetic"], table.display, row.line)
        if record.key in first:
            error(table.display, row.line, "indicator",
                  f"duplicate {record.indicator} of {area or 'the nation'} in {record.year} "
                  f"(first at line {first[record.key]})")
            continue
        first[record.key] = row.line
        if area is not None:
            reference(table.display, row.line, "region_id", f"indicator:{record.key}", area,
                      INDICATOR_AREA_KINDS)
        records.append(record)
    return records
