"""The rows of the demo dataset per file, in creation order, and how they are written."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.model import FUNDING_COLUMNS, INDICATOR_COLUMNS, INDICATOR_FILE, LINK_COLUMNS, SPEC_BY_FILE
from loaders.pilots import EVALUATION_COLUMNS, PILOT_COLUMNS


class Dataset:
    """Rows per file, in creation order, plus the indexes the builder needs."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ids: dict[str, str] = {}  # id -> file
        self.link_keys: set[tuple[str, str, str]] = set()
        self.fund_keys: set[tuple[str, str, str, int]] = set()

    def add(self, file: str, **row: Any) -> str:
        if row["id"] in self.ids:
            raise SystemExit(f"duplicate id {row['id']}")
        self.ids[row["id"]] = file
        self.rows[file].append(row)
        return str(row["id"])

    def link(self, source: str, type_: str, target: str, **props: Any) -> bool:
        key = (type_, *sorted((source, target))) if type_ == "PARTNERS_WITH" else (
            type_, source, target)
        if source == target or key in self.link_keys:
            return False
        self.link_keys.add(key)
        self.rows["links"].append({"source_id": source, "type": type_, "target_id": target,
                                   **props})
        return True

    def fund(self, funder: str, recipient: str, program: str, amount: float, year: int) -> None:
        key = (funder, recipient, program, year)
        assert key not in self.fund_keys, key
        self.fund_keys.add(key)
        self.rows["funding"].append({"funder_id": funder, "recipient_id": recipient,
                                     "program": program, "amount_million_cny": f"{amount:.2f}",
                                     "year": year})

    def text_rows(self) -> dict[str, list[dict[str, str]]]:
        """Every row as the CSV file will hold it: every column, cells as text."""
        return {file: [{c: _cell(row.get(c)) for c in _columns(file)} for row in self.rows[file]]
                for file in FILES}

    def write(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        for file in FILES:
            columns = _columns(file)
            with (out / f"{file}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in self.rows[file]:
                    writer.writerow([_cell(row.get(c)) for c in columns])
            counts[file] = len(self.rows[file])
        return counts


FILES = (*SPEC_BY_FILE, "links", "funding", "pilots", "pilot_evaluations", INDICATOR_FILE)
OTHER_COLUMNS = {"links": LINK_COLUMNS, "funding": FUNDING_COLUMNS, "pilots": PILOT_COLUMNS,
                 "pilot_evaluations": EVALUATION_COLUMNS, INDICATOR_FILE: INDICATOR_COLUMNS}


def _columns(file: str) -> tuple[str, ...]:
    return SPEC_BY_FILE[file].columns if file in SPEC_BY_FILE else OTHER_COLUMNS[file]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)


def ind(*keys: str) -> list[str]:
    return [f"industry-{k}" for k in keys]

