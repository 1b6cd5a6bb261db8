import { describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { addEdges, buildGraph, buildNodes, mergeSubgraph, namesOf, nodeSize, relabel, type Subgraph } from "./build";

const sub: Subgraph = {
  truncated: false,
  nodes: [
    { id: "park-benxi", kind: "Park", label: "本溪高新区",
      properties: { id: "park-benxi", name: "Benxi Park", nameZh: "本溪高新区" } },
    { id: "a1", kind: "Agency", label: "a1", properties: { id: "a1", name: "Lab One" } },
    { id: "a2", kind: "Agency", label: "a2", properties: { id: "a2", name: "Lab Two" } },
  ],
  edges: [
    { id: "e1", type: "LOCATED_IN", source: "a1", target: "park-benxi", properties: {} },
    { id: "e2", type: "LOCATED_IN", source: "a2", target: "park-benxi", properties: {} },
    { id: "e3", type: "PARTNERS_WITH", source: "a1", target: "a2", properties: { weight: 1 } },
    { id: "e4", type: "PARTNERS_WITH", source: "a2", target: "a1", properties: {} },
  ],
};

describe("buildGraph", () => {
  it("keeps every node and parallel edge, coloured by kind and sized by degree", () => {
    setLang("zh");
    const graph = buildGraph(sub);
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(4);
    expect(graph.getNodeAttribute("park-benxi", "color")).toBe("#d62728");
    expect(graph.getNodeAttribute("a1", "color")).toBe("#1f77b4");
    expect(graph.getNodeAttribute("a1", "size")).toBeCloseTo(nodeSize(3));
    expect(graph.getNodeAttribute("park-benxi", "size")).toBeCloseTo(nodeSize(2));
    expect(graph.getNodeAttributes("park-benxi")).toMatchObject({ x: 0, y: 0 });
    expect(graph.getEdgeAttribute("e3", "label")).toBe("合作");
  });

  it("labels nodes Chinese first in Chinese, English first in English", () => {
    setLang("zh");
    const graph = buildGraph(sub);
    expect(graph.getNodeAttribute("park-benxi", "label")).toBe("本溪高新区");
    expect(graph.getNodeAttribute("a1", "label")).toBe("Lab One");  // no nameZh: falls back
    setLang("en");
    relabel(graph);
    expect(graph.getNodeAttribute("park-benxi", "label")).toBe("Benxi Park");
    expect(graph.getEdgeAttribute("e1", "label")).toBe("located in");
    setLang("zh");
  });

  it("merges an expansion without duplicating, placing new nodes near the clicked one", () => {
    const graph = buildGraph(sub);
    const added = mergeSubgraph(graph, {
      truncated: false,
      nodes: [sub.nodes[1], { id: "p9", kind: "Project", label: "p9", properties: { id: "p9" } }],
      edges: [sub.edges[0], { id: "e9", type: "SUPPORTS", source: "a1", target: "p9", properties: {} }],
    }, "a1");
    expect(added).toBe(1);
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(5);
    const a1 = graph.getNodeAttributes("a1");
    const p9 = graph.getNodeAttributes("p9");
    expect(Math.hypot(p9.x - a1.x, p9.y - a1.y)).toBeLessThan(10);
  });

  it("labels nodes from name and nameZh when the API sent no properties", () => {
    setLang("zh");
    const graph = buildGraph({ truncated: false, nodes: [
      { id: "park-benxi", kind: "Park", label: "本溪高新区", name: "Benxi Park", nameZh: "本溪高新区" },
      { id: "a1", kind: "Agency", label: "Lab One", name: "Lab One", nameZh: null },
      { id: "s1", kind: "ServiceStage", label: "s1" }],
    edges: [{ id: "e1", type: "LOCATED_IN", source: "a1", target: "park-benxi" }] });
    expect(graph.getNodeAttribute("park-benxi", "label")).toBe("本溪高新区");
    expect(graph.getNodeAttribute("a1", "label")).toBe("Lab One");
    expect(graph.getNodeAttribute("s1", "label")).toBe("s1");
    expect(graph.getNodeAttribute("a1", "size")).toBeCloseTo(nodeSize(1));
    setLang("en");
    relabel(graph);
    expect(graph.getNodeAttribute("park-benxi", "label")).toBe("Benxi Park");
    setLang("zh");
  });

  it("namesOf takes name/nameZh first, else the properties", () => {
    expect(namesOf({ id: "x", kind: "Park", label: "x", name: "N", nameZh: "中" }))
      .toEqual({ name: "N", nameZh: "中" });
    expect(namesOf(sub.nodes[0])).toEqual({ name: "Benxi Park", nameZh: "本溪高新区" });
    expect(namesOf(sub.nodes[1])).toEqual({ name: "Lab One" });
    expect(namesOf({ id: "x", kind: "Park", label: "x" })).toEqual({});
  });

  it("buildNodes has the nodes sized as buildGraph sizes them, and addEdges completes it", () => {
    const full = buildGraph(sub);
    const nodes = buildNodes(sub);
    expect(nodes.order).toBe(3);
    expect(nodes.size).toBe(0);
    nodes.forEachNode((id, attrs) => expect(attrs).toEqual(full.getNodeAttributes(id)));
    addEdges(nodes, sub.edges);
    expect(nodes.size).toBe(4);
    nodes.forEachEdge((id, attrs) => expect(attrs).toEqual(full.getEdgeAttributes(id)));
  });

  it("skips edges whose ends are not in the graph", () => {
    const graph = buildGraph({ ...sub, edges: [
      ...sub.edges, { id: "dangling", type: "FUNDS", source: "x", target: "a1", properties: {} }] });
    expect(graph.hasEdge("dangling")).toBe(false);
  });
});
