"""Serialize a visualization Subgraph as GraphML, GEXF or Cytoscape.js JSON."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from graph.subgraph import Subgraph

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
}


RESERVED = frozenset({"kind", "label", "type", "id", "source", "target", "key"})


def _attrs(props: dict[str, Any]) -> dict[str, Any]:
    """Flat scalar attributes for GraphML/GEXF: unknowns dropped, lists joined, and
    properties whose names the format or the subgraph shape already use prefixed `prop_`."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue
        name = f"prop_{key}" if key in RESERVED else key
        out[name] = ";".join(map(str, value)) if isinstance(value, list) else value
    return out


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    """The subgraph as a MultiDiGraph keyed by entity id (edge key: relationship id)."""
    G = nx.MultiDiGraph()
    for node in sub.nodes:
        G.add_node(node.id, kind=node.kind, label=node.label, **_attrs(node.properties))
    for edge in sub.edges:
        G.add_edge(edge.source, edge.target, key=edge.id, type=edge.type,
                   **_attrs(edge.properties))
    return G


def cytoscape_elements(sub: Subgraph) -> dict[str, Any]:
    """`{elements: {nodes: [{data}], edges: [{data}]}}` as Cytoscape.js reads it."""
    return {
        "elements": {
            "nodes": [{"data": {"id": n.id, "kind": n.kind, "label": n.label,
                                "properties": n.properties}} for n in sub.nodes],
            "edges": [{"data": {"id": e.id, "source": e.source, "target": e.target,
                                "type": e.type, "properties": e.properties}}
                      for e in sub.edges],
        },
        "truncated": sub.truncated,
    }


def serialize(sub: Subgraph, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "cytoscape":
        import orjson

        return orjson.dumps(cytoscape_elements(sub))
    buffer = io.BytesIO()
    G = to_networkx(sub)
    if fmt == "graphml":
        nx.write_graphml(G, buffer)
    else:
        # A GEXF edge's `type` attribute means directed/undirected/mutual: the relationship
        # type goes in the edge's `label` instead.
        for _, _, data in G.edges(data=True):
            data["label"] = data.pop("type")
        nx.write_gexf(G, buffer)
    return buffer.getvalue()
