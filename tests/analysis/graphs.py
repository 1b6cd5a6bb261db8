"""Hand-built graphs for the analysis tests (shapes exactly as graph/projections.py builds).

Geography: Province A (cities A, A2), Province B (city B). Industries: manufacturing >
equipment > rail, manufacturing > machinery (a sibling of equipment), software (unrelated).
Parks: park-a (city A, focus equipment), park-a2 (city A2, no focus), park-b (city B).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from analysis.builder import GraphBuilder

DEFAULT_STAGES = (
    "research_development",
    "testing_certification",
    "intellectual_property",
    "technology_transfer",
    "incubation",
    "finance",
)


def base() -> GraphBuilder:
    b = GraphBuilder()
    b.region("prov-a", kind="province", name="Province A")
    b.region("city-a", kind="city", parent="prov-a", name="City A")
    b.region("city-a2", kind="city", parent="prov-a", name="City A2")
    b.region("prov-b", kind="province", name="Province B")
    b.region("city-b", kind="city", parent="prov-b", name="City B")
    b.industry("manufacturing", name="Manufacturing")
    b.industry("equipment", parent="manufacturing", name="Equipment")
    b.industry("rail", parent="equipment", name="Rail")
    b.industry("machinery", parent="manufacturing", name="Machinery")
    b.industry("software", name="Software")
    b.park("park-a", region="city-a", industries=["equipment"], name="Park A")
    b.park("park-a2", region="city-a2", name="Park A2")
    b.park("park-b", region="city-b", name="Park B")
    return b


def snapshot(G: nx.MultiDiGraph) -> tuple[Any, ...]:
    """Everything about a graph, for "was it modified?" checks."""
    nodes = sorted((n, sorted(d.items(), key=repr)) for n, d in G.nodes(data=True))
    edges = sorted(
        ((u, v, k, sorted(d.items(), key=repr)) for u, v, k, d in G.edges(keys=True, data=True)),
        key=repr,
    )
    return tuple(nodes), tuple(edges)
