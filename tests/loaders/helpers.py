"""Helpers shared by the loader and graph tests: dumping the whole graph and editing datasets."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from graph.model import SPEC_BY_FILE, FieldType

TIMESTAMPS = ("createdAt", "updatedAt")

Node = tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]
Rel = tuple[str, str, str, tuple[tuple[str, Any], ...]]


def _items(props: dict[str, Any], timestamps: bool) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in props.items() if timestamps or k not in TIMESTAMPS))


async def dump_graph(driver: AsyncDriver, database: str | None,
                     timestamps: bool = True) -> tuple[dict[str, Node], list[Rel]]:
    """Every entity and service stage with labels and properties, and every relationship.

    Nodes are keyed by id (stages by code); relationships are (source, type, target, props)
    sorted, so two dumps compare equal exactly when the graphs are the same.
    """
    records, _, _ = await driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:ServiceStage "
        "RETURN coalesce(n.id, n.code) AS key, labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    nodes: dict[str, Node] = {}
    for r in records:
        assert r["key"] not in nodes, f"two nodes share the key {r['key']!r}"
        nodes[r["key"]] = (tuple(sorted(r["labels"])), _items(r["props"], timestamps))
    records, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.code) AS s, type(r) AS t, "
        "coalesce(b.id, b.code) AS o, properties(r) AS props",
        database_=database,
    )
    rels = sorted(((r["s"], r["t"], r["o"], _items(r["props"], True)) for r in records),
                  key=repr)
    return nodes, rels


EMPTY = (9 + 2, 0)  # service stages, the schema- and data-version nodes, no relationships


async def counts(driver: AsyncDriver, database: str | None) -> tuple[int, int]:
    """All nodes and all relationships in the database (not only entities)."""
    nodes, _, _ = await driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=database)
    rels, _, _ = await driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c",
                                            database_=database)
    return nodes[0]["c"], rels[0]["c"]


def replace_in(folder: Path, file: str, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must occur exactly `count` times) by `new` in a dataset file."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append_line(folder: Path, file: str, line: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: list[list[str]],
              encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _column_types(stem: str) -> tuple[dict[str, FieldType], set[str]]:
    spec = SPEC_BY_FILE.get(stem)
    if spec is None:  # links and funding
        types = {"year": FieldType.INT, "until": FieldType.INT, "weight": FieldType.FLOAT,
                 "amount_million_cny": FieldType.FLOAT, "value": FieldType.FLOAT}
        return types, set()
    types = {f.column: f.type for f in spec.all_fields}
    types.update({f.column: f.type for r in spec.refs for f in r.dates})
    return types, {r.column for r in spec.refs if r.many}


def typed_value(stem: str, column: str, raw: str) -> Any:
    """The natural JSON / spreadsheet value of a CSV cell: numbers, booleans, lists, null.

    A cell that is not a number where one belongs stays text, as in a hand-typed sheet."""
    if raw == "":
        return None
    types, lists = _column_types(stem)
    if column in lists:
        return raw.split(";")
    kind = types.get(column)
    try:
        if kind is FieldType.INT:
            return int(raw)
        if kind is FieldType.FLOAT:
            return float(raw)
    except ValueError:
        return raw
    if kind is FieldType.BOOL:
        return raw.lower() in ("true", "1", "yes")
    return raw


def csv_folder_to_jsonl(src: Path, dst: Path) -> None:
    """Write every CSV of `src` as a JSONL file in `dst`, with typed values."""
    dst.mkdir(parents=True, exist_ok=True)
    for csv_file in sorted(src.glob("*.csv")):
        header, rows = read_csv(csv_file)
        lines = [json.dumps({c: typed_value(csv_file.stem, c, row[c]) for c in header},
                            ensure_ascii=False) for row in rows]
        (dst / f"{csv_file.stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def csv_folder_to_xlsx(src: Path, workbook: Path) -> None:
    """Write every CSV of `src` as a sheet (named by the file stem) of one workbook."""
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for csv_file in sorted(src.glob("*.csv")):
        header, rows = read_csv(csv_file)
        sheet = wb.create_sheet(csv_file.stem)
        sheet.append(header)
        for row in rows:
            value = [typed_value(csv_file.stem, c, row[c]) for c in header]
            sheet.append([";".join(v) if isinstance(v, list) else v for v in value])
    workbook.parent.mkdir(parents=True, exist_ok=True)
    wb.save(workbook)
