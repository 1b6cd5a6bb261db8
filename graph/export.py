"""Serialize a visualization Subgraph in the formats frontends and desktop tools read as is.

- `graphml` and `gexf`: networkx's writers (yEd, Gephi, Cytoscape desktop);
- `cytoscape`: Cytoscape.js JSON (`cytoscape({elements})`), with the `value` / `name` / `key`
  fields and `directed` / `multigraph` flags that `networkx.cytoscape_graph` reads back;
- `graphology`: graphology's serialized graph (`Graph.from(json)`), with the `x`, `y`,
  `size`, `color` and `label` attributes Sigma renders, so `new Sigma(graph, el)` just works;
- `vis`: vis-network's `{nodes: [{id, label, group}], edges: [{id, from, to}]}`.

Every format carries the subgraph's `truncated`, `omittedNodes` and `depthReached`.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from typing import Any

import networkx as nx
import orjson

from graph.subgraph import Subgraph

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cytoscape": "application/json",
    "graphology": "application/json",
    "vis": "application/json",
}
EXTENSIONS = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "cyjs.json",
              "graphology": "graphology.json", "vis": "vis.json"}

# One colour per kind, the explorer's palette (web/src/i18n/catalogue.json `kinds`; a test
# keeps the two in step).
KIND_COLORS = {
    "Region": "#8c6d31", "Industry": "#7b4173", "Park": "#d62728", "Cluster": "#ff7f0e",
    "Agency": "#1f77b4", "Platform": "#2ca02c", "TalentTeam": "#9467bd",
    "Project": "#17becf", "ServiceStage": "#7f7f7f",
}
DEFAULT_COLOR = "#999999"
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

RESERVED = frozenset({"kind", "label", "type", "id", "source", "target", "key"})


def _meta(sub: Subgraph) -> dict[str, Any]:
    return {"truncated": sub.truncated, "omittedNodes": sub.omitted_nodes,
            "depthReached": sub.depth_reached}


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
    G = nx.MultiDiGraph(**_meta(sub))
    for node in sub.nodes:
        G.add_node(node.id, kind=node.kind, label=node.label, **_attrs(node.properties))
    for edge in sub.edges:
        G.add_edge(edge.source, edge.target, key=edge.id, type=edge.type,
                   **_attrs(edge.properties))
    return G


def cytoscape_json(sub: Subgraph) -> dict[str, Any]:
    """Cytoscape.js elements plus networkx's `cytoscape_data` fields (`value`, `name`, `key`,
    `directed`, `multigraph`), so both read it unchanged."""
    return {
        "data": _meta(sub),
        "directed": True,
        "multigraph": True,
        "elements": {
            "nodes": [{"data": {"id": n.id, "value": n.id, "name": n.label, "kind": n.kind,
                                "label": n.label, "properties": n.properties}}
                      for n in sub.nodes],
            "edges": [{"data": {"id": e.id, "key": e.id, "source": e.source,
                                "target": e.target, "type": e.type,
                                "properties": e.properties}} for e in sub.edges],
        },
    }


def _degrees(sub: Subgraph) -> Counter[str]:
    degree: Counter[str] = Counter()
    for edge in sub.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    return degree


def node_size(degree: int) -> float:
    """Sigma's node size by degree: 3 for a leaf, growing with the square root."""
    return round(3 + 1.5 * math.sqrt(degree), 2)


def spiral_position(index: int) -> tuple[float, float]:
    """A sunflower spiral: nodes come nearest first, so the centre sits in the middle and each
    hop rings further out; a layout algorithm can start from here."""
    radius = 10 * math.sqrt(index)
    angle = index * GOLDEN_ANGLE
    return round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)


def graphology_json(sub: Subgraph) -> dict[str, Any]:
    """graphology's serialization format; node attributes carry what Sigma draws. The
    relationship type is the edge's `relationship` (Sigma reads `type` as a renderer name)."""
    degree = _degrees(sub)
    nodes = []
    for index, n in enumerate(sub.nodes):
        x, y = spiral_position(index)
        nodes.append({"key": n.id, "attributes": {
            "label": n.label, "kind": n.kind, "x": x, "y": y, "size": node_size(degree[n.id]),
            "color": KIND_COLORS.get(n.kind, DEFAULT_COLOR), "properties": n.properties}})
    return {
        "attributes": _meta(sub),
        "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
        "nodes": nodes,
        "edges": [{"key": e.id, "source": e.source, "target": e.target,
                   "attributes": {"relationship": e.type, "label": e.type,
                                  "properties": e.properties}} for e in sub.edges],
    }


def vis_json(sub: Subgraph) -> dict[str, Any]:
    """vis-network's data: `new Network(el, {nodes, edges}, options)`; kinds are groups."""
    degree = _degrees(sub)
    return {
        "nodes": [{"id": n.id, "label": n.label, "group": n.kind, "value": degree[n.id],
                   "properties": n.properties} for n in sub.nodes],
        "edges": [{"id": e.id, "from": e.source, "to": e.target, "label": e.type,
                   "arrows": "to", "properties": e.properties} for e in sub.edges],
        **_meta(sub),
    }


_JSON_FORMATS = {"cytoscape": cytoscape_json, "graphology": graphology_json, "vis": vis_json}


def serialize(sub: Subgraph, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt in _JSON_FORMATS:
        return orjson.dumps(_JSON_FORMATS[fmt](sub))
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
