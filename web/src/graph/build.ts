// Subgraphs from the API as graphology graphs with what Sigma draws: colour by kind, size by
// degree, a sunflower-spiral start (nearest first, so hops ring outward) the layout refines.
import { MultiDirectedGraph } from "graphology";
import { kindColor, nameOf, relationshipLabel } from "../i18n";

export interface SubgraphNode {
  id: string;
  kind: string;
  label: string;
  properties: Record<string, unknown>;
}

export interface SubgraphEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
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
  properties: Record<string, unknown>;
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

export function nodeLabel(node: SubgraphNode): string {
  const p = node.properties;
  return nameOf({ id: node.id, name: p.name as string | undefined,
                  nameZh: p.nameZh as string | undefined }) || node.label;
}

/** Add `sub` to `graph` (new nodes around `near`, or on the spiral), then resize by degree. */
export function mergeSubgraph(graph: ExplorerGraph, sub: Subgraph, near?: string): number {
  const origin = near && graph.hasNode(near) ? graph.getNodeAttributes(near) : null;
  let added = 0;
  sub.nodes.forEach((node, index) => {
    if (graph.hasNode(node.id)) return;
    const offset = origin ? spiral(added + 1, 4) : spiral(index);
    graph.addNode(node.id, {
      label: nodeLabel(node), kind: node.kind, color: kindColor(node.kind), size: 3,
      x: (origin?.x ?? 0) + offset.x, y: (origin?.y ?? 0) + offset.y,
      properties: node.properties,
    });
    added += 1;
  });
  for (const edge of sub.edges) {
    if (graph.hasEdge(edge.id)) continue;
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relationship: edge.type, label: relationshipLabel(edge.type), color: "#c8ccd2", size: 1,
    });
  }
  graph.forEachNode((id) => graph.setNodeAttribute(id, "size", nodeSize(graph.degree(id))));
  return added;
}

export function buildGraph(sub: Subgraph): ExplorerGraph {
  const graph: ExplorerGraph = new MultiDirectedGraph();
  mergeSubgraph(graph, sub);
  return graph;
}

/** Labels follow the language: re-label every node from its properties. */
export function relabel(graph: ExplorerGraph): void {
  graph.forEachNode((id, attrs) => graph.setNodeAttribute(id, "label", nodeLabel({
    id, kind: attrs.kind, label: attrs.label, properties: attrs.properties })));
  graph.forEachEdge((id, attrs) =>
    graph.setEdgeAttribute(id, "label", relationshipLabel(attrs.relationship)));
}
