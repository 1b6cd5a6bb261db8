"""The README's matching-funds table, computed by the API's own code (analysis.funding_match
on the graph of each year) from the rows the builder wrote, so the README and the API agree
(tests/schema/test_funding_match.py loads the demo and compares them, cell by cell).

The rows become a networkx graph shaped as graph/projections.py shapes the database:
entity properties in camelCase, references as typed edges, `MEMBER_OF` and `FUNDS` rows,
pilot records as `Pilot` nodes with `PILOT_OF` / `PILOT_IN`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

import analysis
from graph.lifecycle import STATUSES
from graph.model import ENTITY_SPECS, FUNDS_SPEC, LINK_SPECS, FieldSpec
from loaders.fields import parse_cell, split_list
from loaders.pilots import PILOT_FIELDS

YEARS = range(2011, 2016)
HEADER = ("| province | year | pilots | Torch (M CNY) | matching (M CNY) | ratio | ≥ 2× | "
          "≥ 0.5× |\n|---|---|---|---|---|---|---|---|")


def _props(fields: tuple[FieldSpec, ...] | list[FieldSpec], row: dict[str, str]) -> dict[str, Any]:
    values = {f.prop: parse_cell(f, row.get(f.column, "")) for f in fields}
    return {k: v for k, v in values.items() if v is not None}


def demo_graph(rows: dict[str, list[dict[str, str]]]) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for spec in ENTITY_SPECS:
        for row in rows[spec.file]:
            G.add_node(row["id"], label=spec.label, **_props(spec.all_fields, row))
    for spec in ENTITY_SPECS:
        for row in rows[spec.file]:
            for ref in spec.refs:
                if ref.target_kinds == ("ServiceStage",):
                    continue
                props = _props(ref.dates, row)
                for target in split_list(row.get(ref.column, "")):
                    source, end = (row["id"], target) if ref.outgoing else (target, row["id"])
                    G.add_edge(source, end, type=ref.rel_type, **props)
    member = LINK_SPECS["MEMBER_OF"]
    for row in rows["links"]:
        if row["type"] == "MEMBER_OF":
            G.add_edge(row["source_id"], row["target_id"], type="MEMBER_OF",
                       **_props(member.props, row))
    for row in rows["funding"]:
        G.add_edge(row["funder_id"], row["recipient_id"], type="FUNDS",
                   **_props(FUNDS_SPEC.props, row))
    for row in rows["pilots"]:
        props = _props(PILOT_FIELDS, row)
        props["status"] = next((s for s in reversed(STATUSES)
                                if row.get(f"{s}_year")), props.get("status"))
        G.add_node(row["id"], label="Pilot", **props)
        G.add_edge(row["id"], row["subject_id"], type="PILOT_OF")
        G.add_edge(row["id"], row["province_id"], type="PILOT_IN")
    return G


def funding_rows(rows: dict[str, list[dict[str, str]]]) -> list[analysis.ProvinceMatch]:
    """Every province and year 2011-2015 with Torch or matching funds."""
    G = demo_graph(rows)
    return [m for year in YEARS for m in analysis.funding_match(analysis.graph_as_of(G, year),
                                                                 year)
            if m.torch_million_cny or m.matching_million_cny]


def _yes(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "**no**"


def funding_table(rows: dict[str, list[dict[str, str]]]) -> str:
    lines = [HEADER]
    for m in funding_rows(rows):
        ratio = "—" if m.ratio is None else f"{m.ratio:.2f}"
        pilots = ", ".join(f"`{p.id}`" for p in m.pilots)
        lines.append(f"| `{m.province.id}` | {m.year} | {pilots} | {m.torch_million_cny:.2f} | "
                     f"{m.matching_million_cny:.2f} | {ratio} | {_yes(m.compliant)} | "
                     f"{_yes(m.compliant_alt_reading)} |")
    return "\n".join(lines)
