// ForceAtlas2 off the main thread, a fixed number of iterations, positions sent back once:
// the page stays responsive and is not redrawn on every step (with software WebGL, redrawing
// 20,000 edges per step is what made a live layout crawl).
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

export interface LayoutRequest {
  positions: Float64Array;  // x0, y0, x1, y1, ... in node order
  edges: Uint32Array;       // source index, target index, ...
  iterations: number;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { positions, edges, iterations } = event.data;
  const graph = new Graph({ multi: true, type: "undirected" });
  for (let i = 0; i < positions.length / 2; i += 1) {
    graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] });
  }
  for (let i = 0; i < edges.length; i += 2) graph.addEdge(edges[i], edges[i + 1]);
  const settings = forceAtlas2.inferSettings(graph);
  forceAtlas2.assign(graph, {
    iterations, settings: { ...settings, barnesHutOptimize: graph.order > 300 },
  });
  const out = new Float64Array(positions.length);
  graph.forEachNode((key, a) => { out[2 * Number(key)] = a.x; out[2 * Number(key) + 1] = a.y; });
  (self as unknown as Worker).postMessage(out, [out.buffer]);
};
