"""Build small graphs shaped exactly like the projection (for examples, tests and docs).

>>> G = (GraphBuilder()
...      .region("prov-a", kind="province").region("city-a", kind="city", parent="prov-a")
...      .park("park-a", region="city-a")
...      .agency("ag-1", park="park-a", stages=["finance"])
...      .build())
>>> sorted(G.successors("ag-1"))
['finance', 'park-a']
>>> G.nodes["finance"]["label"], G.edges["ag-1", "finance", "PROVIDES"]["type"]
('ServiceStage', 'PROVIDES')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from analysis.vocab import STAGE_CODES, STAGE_NAMES


class GraphBuilder:
    """A fluent builder for projection-shaped `MultiDiGraph`s; every method returns self."""

    def __init__(self) -> None:
        self.G: nx.MultiDiGraph = nx.MultiDiGraph()

    def node(self, node_id: str, label: str, **props: Any) -> GraphBuilder:
        """Add (or update) a node; `name` defaults to the id."""
        props.setdefault("name", node_id)
        self.G.add_node(node_id, label=label, **props)
        return self

    def link(self, source: str, rel: str, target: str, **props: Any) -> GraphBuilder:
        """Add an edge keyed by its type (a numbered key when that type is already there)."""
        key = rel
        number = 1
        while self.G.has_edge(source, target, key):
            number += 1
            key = f"{rel}#{number}"
        self.G.add_edge(source, target, key=key, type=rel, **props)
        return self

    def stage(self, code: str) -> GraphBuilder:
        """Add a ServiceStage node (done automatically by `stages=` arguments)."""
        if code not in self.G:
            name, name_zh = STAGE_NAMES.get(code, (code, code))
            order = STAGE_CODES.index(code) + 1 if code in STAGE_CODES else None
            self.G.add_node(code, label="ServiceStage", code=code, name=name, nameZh=name_zh,
                            order=order)
        return self

    def region(self, node_id: str, kind: str = "province", parent: str | None = None,
               **props: Any) -> GraphBuilder:
        self.node(node_id, "Region", kind=kind, **props)
        return self._maybe(node_id, "PART_OF", parent)

    def industry(self, node_id: str, parent: str | None = None, **props: Any) -> GraphBuilder:
        self.node(node_id, "Industry", **props)
        return self._maybe(node_id, "PART_OF", parent)

    def park(self, node_id: str, region: str | None = None, industries: Iterable[str] = (),
             **props: Any) -> GraphBuilder:
        self.node(node_id, "Park", **props)
        self._maybe(node_id, "IN_REGION", region)
        return self._many(node_id, "FOCUSES_ON", industries)

    def cluster(self, node_id: str, parks: Iterable[str] = (), industries: Iterable[str] = (),
                kind: str = "industrial_cluster", **props: Any) -> GraphBuilder:
        self.node(node_id, "Cluster", kind=kind, **props)
        self._many(node_id, "LOCATED_IN", parks)
        return self._many(node_id, "FOCUSES_ON", industries)

    def agency(self, node_id: str, park: str | None = None, stages: Iterable[str] = (),
               industries: Iterable[str] = (), parent: str | None = None,
               **props: Any) -> GraphBuilder:
        self._actor(node_id, "Agency", park, stages, industries, props)
        return self._maybe(node_id, "BRANCH_OF", parent)

    def platform(self, node_id: str, park: str | None = None, stages: Iterable[str] = (),
                 industries: Iterable[str] = (), operator: str | None = None,
                 **props: Any) -> GraphBuilder:
        self._actor(node_id, "Platform", park, stages, industries, props)
        if operator is not None:
            self.link(operator, "OPERATES", node_id)
        return self

    def team(self, node_id: str, park: str | None = None, stages: Iterable[str] = (),
             industries: Iterable[str] = (), affiliation: str | None = None,
             **props: Any) -> GraphBuilder:
        props.setdefault("kind", "innovation_team")
        self._actor(node_id, "TalentTeam", park, stages, industries, props)
        return self._maybe(node_id, "AFFILIATED_WITH", affiliation)

    def project(self, node_id: str, park: str | None = None, industries: Iterable[str] = (),
                supporters: Iterable[str] = (), **props: Any) -> GraphBuilder:
        self.node(node_id, "Project", **props)
        if park is not None:
            year = props.get("year")
            self.link(node_id, "LANDED_IN", park, **({} if year is None else {"year": year}))
        self._many(node_id, "IN_INDUSTRY", industries)
        for supporter in supporters:
            self.link(supporter, "SUPPORTS", node_id)
        return self

    def build(self) -> nx.MultiDiGraph:
        """The graph built so far (not a copy)."""
        return self.G

    def _actor(self, node_id: str, label: str, park: str | None, stages: Iterable[str],
               industries: Iterable[str], props: dict[str, Any]) -> None:
        self.node(node_id, label, **props)
        self._maybe(node_id, "LOCATED_IN", park)
        for code in stages:
            self.stage(code).link(node_id, "PROVIDES", code)
        self._many(node_id, "SERVES_INDUSTRY", industries)

    def _maybe(self, source: str, rel: str, target: str | None) -> GraphBuilder:
        return self if target is None else self.link(source, rel, target)

    def _many(self, source: str, rel: str, targets: Iterable[str]) -> GraphBuilder:
        for target in targets:
            self.link(source, rel, target)
        return self


def worked_example() -> nx.MultiDiGraph:
    """The graph of the worked example in docs/scoring.md (scope: cluster `cluster-a`)."""
    b = GraphBuilder()
    b.region("prov-a", kind="province", name="Province A")
    b.region("city-a", kind="city", parent="prov-a", name="City A")
    b.region("prov-b", kind="province", name="Province B")
    b.industry("materials", name="Materials").industry("new-materials", parent="materials",
                                                       name="New materials")
    b.industry("electronics", name="Electronics")
    b.park("park-a", region="city-a", industries=["new-materials"], name="Park A", pilot=False)
    b.park("park-b", region="prov-b", name="Park B")
    b.cluster("cluster-a", parks=["park-a"], industries=["new-materials"], kind="service_zone",
              name="Cluster A")
    b.agency("ag-rd", "park-a", ["research_development"], ["new-materials"],
             name="R&D Institute", kind="research_institute", staff=80)
    b.agency("ag-test", "park-a", ["testing_certification"], ["materials"],
             name="Testing Centre", kind="testing", staff=40)
    b.platform("pf-test", "park-a", ["testing_certification"], ["new-materials"],
               operator="ag-test", name="Testing Platform", kind="testing_inspection", open=True)
    b.agency("ag-ip", "park-a", ["intellectual_property"], ["electronics"],
             name="IP Firm", kind="ip_service")
    b.team("tm-inc", "park-a", ["incubation"], ["new-materials"], affiliation="ag-rd",
           name="Incubation Team", kind="innovation_team", size=6)
    b.platform("pf-info", "park-a", ["incubation"], name="Info Platform", kind="information",
               open=False)
    b.agency("ag-vc", "park-b", ["finance"], ["new-materials"], name="VC Fund",
             kind="venture_capital").link("ag-vc", "MEMBER_OF", "cluster-a")
    b.agency("ag-out", "park-b", name="Outside Partner", kind="comprehensive", level="national")
    b.agency("torch-center", name="Torch Center", kind="other", level="national")
    b.link("ag-ip", "PARTNERS_WITH", "ag-test", year=2014, weight=1.0)
    b.link("ag-vc", "PARTNERS_WITH", "ag-out", year=2015, weight=1.0)
    b.project("proj-1", "park-a", ["new-materials"], supporters=["ag-rd", "ag-test"],
              name="Project 1", status="landed", contractValueMillionCny=300.0, year=2014)
    b.project("proj-2", "park-a", ["new-materials"], name="Project 2", status="industrialized",
              contractValueMillionCny=200.0, year=2015)
    b.link("ag-out", "INVESTS_IN", "proj-2", amountMillionCny=50.0, year=2015)
    b.link("prov-a", "FUNDS", "park-a", program="provincial special fund",
           amountMillionCny=10.0, year=2013)
    b.link("torch-center", "FUNDS", "park-a", program="Torch Program", amountMillionCny=5.0,
           year=2013)
    return b.build()
