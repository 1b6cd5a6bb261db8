// The graph panel: Sigma (WebGL) on a graphology graph, ForceAtlas2 in a web worker, drag,
// click to expand, fit, PNG. Timings are published on the container for tests and the
// benchmark (benchmarks/explorer.py): data-first-render-ms (Sigma's constructor to its first
// frame), data-first-frame-at (navigation start to that frame), data-edges-frame-at (to the
// next frame, when a large graph's edges came after its nodes), data-layout-start-ms (the
// main thread handing the graph to the layout worker, after those frames), data-settled-ms
// (layout start to its positions applied).
import { MultiDirectedGraph } from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import { downloadAsPNG } from "@sigma/export-image";
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from "./build";
import LayoutWorker from "./layout.worker?worker";

/** ForceAtlas2 iterations: fewer for larger graphs, whose each iteration costs more. */
export const layoutIterations = (order: number): number =>
  order > 2000 ? 60 : order > 300 ? 150 : 300;

export interface GraphViewOptions {
  onNodeClick?: (id: string) => void;
  onSettled?: (ms: number) => void;
  /** Run after the first frame, before the layout starts: a large graph's first frame shows
   * its nodes, and this adds the edges (drawn in the next frame; data-edges-frame-at). */
  afterFirstFrame?: () => void;
}


export class GraphView {
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  private worker: Worker | null = null;
  private dragged: string | null = null;
  private moved = false;

  constructor(readonly container: HTMLElement, readonly graph: ExplorerGraph,
              private readonly options: GraphViewOptions = {}) {
    const started = performance.now();
    const large = graph.order > 1500;
    this.renderer = new Sigma<NodeAttributes, EdgeAttributes>(graph, container, {
      renderEdgeLabels: !large,
      labelRenderedSizeThreshold: large ? 12 : 6,
      defaultEdgeColor: "#c8ccd2",
      zIndex: true,
      allowInvalidContainer: true,
      // Thin GL lines instead of quads for large graphs: a third of the vertices to upload
      // and draw with software WebGL (no GPU on intranet desktops, nor here).
      ...(large ? {
        edgeProgramClasses: { line: EdgeLineProgram<NodeAttributes, EdgeAttributes> },
        hideEdgesOnMove: true,
        // thousands of degree-sized discs would cover each other and the edges
        nodeReducer: (_: string, data: NodeAttributes) => ({ ...data, size: data.size * 0.35 }),
      } : {}),
    });
    // Sigma's constructor processes the graph and draws it synchronously; the next animation
    // frame is the first one that shows it.
    this.bindDrag();
    requestAnimationFrame(() => {
      const now = performance.now();  // since navigation start
      container.dataset.firstRenderMs = (now - started).toFixed(1);
      container.dataset.firstFrameAt = now.toFixed(1);
      if (options.afterFirstFrame) {
        this.withoutListening(options.afterFirstFrame);
        requestAnimationFrame(() => {
          container.dataset.edgesFrameAt = performance.now().toFixed(1);
          this.layoutAfterFirstFrame();
        });
      } else {
        this.layoutAfterFirstFrame();
      }
    });
  }

  /** Change the graph with Sigma not listening, then redraw it once: Sigma handles each
   * added edge as its own update (processing it twice), which for 20,000 edges cost more
   * than processing the whole graph. No frame is presented in between: the empty graph
   * Sigma briefly holds is never on screen. */
  private withoutListening(change: () => void): void {
    this.renderer.setGraph(new MultiDirectedGraph<NodeAttributes, EdgeAttributes>());
    change();
    this.renderer.setGraph(this.graph);
  }

  /** The layout starts once the start positions are on screen, not before: handing it
   * 20,000 edges would otherwise delay the first frame. */
  private layoutAfterFirstFrame(): void {
    const now = performance.now();
    this.startLayout();
    this.container.dataset.layoutStartMs = (performance.now() - now).toFixed(1);
  }

  private bindDrag(): void {
    const r = this.renderer;
    r.on("downNode", (e) => {
      this.dragged = e.node;
      this.moved = false;
      this.graph.setNodeAttribute(e.node, "highlighted", true);
    });
    r.getMouseCaptor().on("mousemovebody", (e) => {
      if (!this.dragged) return;
      this.moved = true;
      const pos = r.viewportToGraph(e);
      this.graph.mergeNodeAttributes(this.dragged, { x: pos.x, y: pos.y });
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    r.getMouseCaptor().on("mouseup", () => {
      if (this.dragged) {
        this.graph.removeNodeAttribute(this.dragged, "highlighted");
      }
      this.dragged = null;
    });
    r.on("clickNode", (e) => {
      if (!this.moved) this.options.onNodeClick?.(e.node);
    });
  }

  /** ForceAtlas2 in a worker (layout.worker.ts); the result is applied in one update. */
  startLayout(): void {
    this.stopLayout();
    const started = performance.now();
    delete this.container.dataset.settledMs;
    if (this.graph.order < 2) {
      this.settled(started);
      return;
    }
    const ids = this.graph.nodes();
    const index = new Map(ids.map((id, i) => [id, i]));
    const positions = new Float64Array(ids.length * 2);
    ids.forEach((id, i) => {
      const a = this.graph.getNodeAttributes(id);
      positions[2 * i] = a.x;
      positions[2 * i + 1] = a.y;
    });
    const edges = new Uint32Array(this.graph.size * 2);
    let e = 0;
    this.graph.forEachEdge((_, __, source, target) => {
      edges[e++] = index.get(source) ?? 0;
      edges[e++] = index.get(target) ?? 0;
    });
    const worker = new LayoutWorker();
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<Float64Array>) => {
      const out = event.data;
      this.graph.updateEachNodeAttributes((id, attrs) => {
        const i = index.get(id);
        return i === undefined || this.dragged === id ? attrs
          : { ...attrs, x: out[2 * i], y: out[2 * i + 1] };
      }, { attributes: ["x", "y"] });
      this.stopLayout();
      this.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      this.settled(started);
    };
    worker.postMessage({ positions, edges, iterations: layoutIterations(this.graph.order) },
                       [positions.buffer, edges.buffer]);
  }

  private settled(started: number): void {
    const ms = performance.now() - started;
    this.container.dataset.settledMs = ms.toFixed(1);
    this.options.onSettled?.(ms);
  }

  stopLayout(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  fit(): void {
    void this.renderer.getCamera().animatedReset({ duration: 300 });
  }

  async png(fileName: string): Promise<void> {
    await downloadAsPNG(this.renderer as unknown as Sigma, { fileName, backgroundColor: "#ffffff" });
  }

  refresh(): void {
    this.renderer.refresh();
  }

  destroy(): void {
    this.stopLayout();
    this.renderer.kill();
  }
}
