// Subgraphs from the API as graphology graphs with what Sigma draws: colour by kind, size by
// degree, a sunflower-spiral start (nearest first, so hops ring outward) the layout refines.
import { MultiDirectedGraph } from "graphology";
import { kindColor, nameOf, relationshipLabel } from "../i18n";

/** A node as the API sends it; a graph view asks for the names, not the `properties`
 * (the server then does not build them: docs/visualization-payloads.md). */
export interface SubgraphNode {
  id: string;
  kind: string;
  label: string;
  name?: string | null;
  nameZh?: string | null;
  properties?: Record<string, unknown>;
}

export interface SubgraphEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties?: Record<string, unknown>;
}

export interface Subgraph {
  nodes: SubgraphNode[];
  edges: SubgraphEdge[];
  truncated: boolean;
  omittedNodes?: number;
  depthReached?: number;
}

export interface NodeAttributes {
  label: string;
  kind: string;
  color: string;
  size: number;
  x: number;
  y: number;
  name?: string;
  nameZh?: string;
  highlighted?: boolean;
}

export interface EdgeAttributes {
  relationship: string;
  label: string;
  color: string;
  size: number;
}

export type ExplorerGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export function spiral(index: number, scale = 10): { x: number; y: number } {
  const radius = scale * Math.sqrt(index);
  return { x: radius * Math.cos(index * GOLDEN_ANGLE), y: radius * Math.sin(index * GOLDEN_ANGLE) };
}

/** Sigma's node size by degree (graph/export.py node_size does the same for exports). */
export const nodeSize = (degree: number): number => 3 + 1.5 * Math.sqrt(degree);

/** The node's English and Chinese names, from `name`/`nameZh` or else its properties. */
export function namesOf(node: SubgraphNode): { name?: string; nameZh?: string } {
  const p = node.properties ?? {};
  const name = node.name ?? (p.name as string | null | undefined);
  const nameZh = node.nameZh ?? (p.nameZh as string | null | undefined);
  return { ...(name ? { name } : {}), ...(nameZh ? { nameZh } : {}) };
}

export function nodeLabel(node: { id: string; label: string; name?: string; nameZh?: string }):
    string {
  return nameOf({ id: node.id, name: node.name, nameZh: node.nameZh }) || node.label;
}

/** Add `sub`'s nodes to `graph` (new ones around `near`, or on the spiral), not its edges;
 * returns how many were new. */
export function addNodes(graph: ExplorerGraph, sub: Subgraph, near?: string): number {
  const origin = near && graph.hasNode(near) ? graph.getNodeAttributes(near) : null;
  let added = 0;
  sub.nodes.forEach((node, index) => {
    if (graph.hasNode(node.id)) return;
    const offset = origin ? spiral(added + 1, 4) : spiral(index);
    const names = namesOf(node);
    graph.addNode(node.id, {
      label: nodeLabel({ id: node.id, label: node.label, ...names }), kind: node.kind,
      color: kindColor(node.kind), size: 3,
      x: (origin?.x ?? 0) + offset.x, y: (origin?.y ?? 0) + offset.y, ...names,
    });
    added += 1;
  });
  return added;
}

/** Add the edges whose ends are both in `graph` (each once). */
export function addEdges(graph: ExplorerGraph, edges: SubgraphEdge[]): void {
  for (const edge of edges) {
    if (graph.hasEdge(edge.id)) continue;
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relationship: edge.type, label: relationshipLabel(edge.type), color: "#c8ccd2", size: 1,
    });
  }
}

/** Size every node by its degree in the graph plus `pending` edges not added yet. */
export function resize(graph: ExplorerGraph, pending: SubgraphEdge[] = []): void {
  const extra = new Map<string, number>();
  for (const e of pending) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || graph.hasEdge(e.id)) continue;
    extra.set(e.source, (extra.get(e.source) ?? 0) + 1);
    extra.set(e.target, (extra.get(e.target) ?? 0) + 1);
  }
  graph.updateEachNodeAttributes((id, attrs) => ({
    ...attrs, size: nodeSize(graph.degree(id) + (extra.get(id) ?? 0)) }), { attributes: ["size"] });
}

/** Add `sub` to `graph` (new nodes around `near`, or on the spiral), then resize by degree. */
export function mergeSubgraph(graph: ExplorerGraph, sub: Subgraph, near?: string): number {
  const added = addNodes(graph, sub, near);
  addEdges(graph, sub.edges);
  resize(graph);
  return added;
}

export function buildGraph(sub: Subgraph): ExplorerGraph {
  const graph: ExplorerGraph = new MultiDirectedGraph();
  mergeSubgraph(graph, sub);
  return graph;
}

/** The nodes of `sub` only, already sized by the degree its edges will give them: the first
 * frame of a large graph shows these, its edges are added after it (graph/view.ts). */
export function buildNodes(sub: Subgraph): ExplorerGraph {
  const graph: ExplorerGraph = new MultiDirectedGraph();
  addNodes(graph, sub);
  resize(graph, sub.edges);
  return graph;
}

/** Labels follow the language: re-label every node from its names. */
export function relabel(graph: ExplorerGraph): void {
  graph.forEachNode((id, attrs) => graph.setNodeAttribute(id, "label", nodeLabel({ id, ...attrs })));
  graph.forEachEdge((id, attrs) =>
    graph.setEdgeAttribute(id, "label", relationshipLabel(attrs.relationship)));
}
