"""The loader's peer: the same dataset rows sent with the plain neo4j driver.

No validation, no progress bar, no created/updated/unchanged bookkeeping: read each CSV
with `csv.DictReader`, convert cells to the model's types, and send `UNWIND $rows ... MERGE`
batches with the synchronous driver. It builds the same nodes and relationships as
`stsgraph load` (checked by the benchmark), so records per second compare like for like.
The schema (constraints, indexes, stages) is created beforehand for both.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase, ManagedTransaction

from graph.model import ENTITY_SPECS, FUNDS_SPEC, LINK_SPECS, FieldSpec, FieldType, RefSpec

BATCH = 5000


def _convert(spec: FieldSpec, text: str) -> Any:
    if spec.type is FieldType.INT:
        return int(text)
    if spec.type is FieldType.FLOAT:
        return float(text)
    if spec.type is FieldType.BOOL:
        return text.strip().lower() in ("true", "1", "yes")
    return text


def _props(row: dict[str, str], fields: Sequence[FieldSpec]) -> dict[str, Any]:
    return {f.prop: _convert(f, row[f.column]) for f in fields if row.get(f.column)}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _node_query(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:Entity {{id: r.id}}) SET n:{label}, n += r.props"


def _ref_query(ref: RefSpec) -> str:
    target = "(b:ServiceStage {code: r.b})" if ref.target_kinds == ("ServiceStage",) \
        else "(b:Entity {id: r.b})"
    arrow = f"(a)-[x:{ref.rel_type}]->(b)" if ref.outgoing else f"(a)<-[x:{ref.rel_type}]-(b)"
    return f"UNWIND $rows AS r MATCH (a:Entity {{id: r.a}}) MATCH {target} " \
           f"MERGE {arrow} SET x += r.props"


def _link_query(rel_type: str, key: tuple[str, ...]) -> str:
    keyed = "{" + ", ".join(f"{k}: r.props.{k}" for k in key) + "}" if key else ""
    return f"UNWIND $rows AS r MATCH (a:Entity {{id: r.a}}) MATCH (b:Entity {{id: r.b}}) " \
           f"MERGE (a)-[x:{rel_type} {keyed}]->(b) SET x += r.props"


def read_statements(dataset: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every (query, rows) pair the raw load sends, in dependency order."""
    nodes: list[tuple[str, list[dict[str, Any]]]] = []
    refs: list[tuple[str, list[dict[str, Any]]]] = []
    for spec in ENTITY_SPECS:
        path = dataset / f"{spec.file}.csv"
        if not path.exists():
            continue
        rows = list(_rows(path))
        nodes.append((_node_query(spec.label),
                      [{"id": r["id"], "props": _props(r, spec.all_fields)} for r in rows]))
        for ref in spec.refs:
            pairs: list[dict[str, Any]] = []
            for r in rows:
                cell = r.get(ref.column) or ""
                props = _props(r, ref.dates)  # park_since / park_until as since / until
                if ref.year_from and r.get(ref.year_from):
                    props["year"] = int(r[ref.year_from])
                pairs.extend({"a": r["id"], "b": t, "props": props}
                             for t in cell.split(";") if t)
            refs.append((_ref_query(ref), pairs))
    links: dict[str, list[dict[str, Any]]] = {}
    for r in _rows(dataset / "links.csv"):
        link = LINK_SPECS[r["type"]]
        props = _props(r, link.props)
        if link.since_from in props:  # a partnership's year is also its since
            props["since"] = props[link.since_from]
        links.setdefault(r["type"], []).append(
            {"a": r["source_id"], "b": r["target_id"], "props": props})
    statements = nodes + refs + [(_link_query(t, ()), rows) for t, rows in links.items()]
    funding = [{"a": r["funder_id"], "b": r["recipient_id"], "props": _props(r, FUNDS_SPEC.props)}
               for r in _rows(dataset / "funding.csv")]
    statements.append((_link_query("FUNDS", FUNDS_SPEC.key), funding))
    return statements


def _write(tx: ManagedTransaction, query: str, batch: list[dict[str, Any]]) -> None:
    tx.run(query, rows=batch).consume()


def raw_load(uri: str, dataset: Path) -> float:
    """Load `dataset` with the plain driver; returns the seconds it took, reading included."""
    start = time.perf_counter()
    statements = read_statements(dataset)
    with GraphDatabase.driver(uri, auth=("neo4j", "bench")) as driver, driver.session() as session:
        for query, rows in statements:
            for batch in _batches(rows):
                session.execute_write(_write, query, batch)
    return time.perf_counter() - start


if __name__ == "__main__":
    import sys

    print(f"{raw_load(sys.argv[1], Path(sys.argv[2])):.3f}")
