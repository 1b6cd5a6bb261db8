// The graph panel: Sigma (WebGL) on a graphology graph, ForceAtlas2 in a web worker, drag,
// click to expand, fit, PNG. Timings are published on the container for tests and the
// benchmark (benchmarks/explorer.py): data-first-render-ms (Sigma's constructor to its first
// frame), data-first-frame-at (navigation start to that frame), data-settled-ms (first frame
// to a settled layout).
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import { downloadAsPNG } from "@sigma/export-image";
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from "./build";
import { isCalm, relativeStep } from "./settle";

const SETTLE_POLL_MS = 200;
const MAX_LAYOUT_MS = 20_000;

export interface GraphViewOptions {
  onNodeClick?: (id: string) => void;
  onSettled?: (ms: number) => void;
}

function positions(graph: ExplorerGraph): Float64Array {
  const out = new Float64Array(graph.order * 2);
  let i = 0;
  graph.forEachNode((_, a) => { out[i++] = a.x; out[i++] = a.y; });
  return out;
}

export class GraphView {
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  private layout: FA2Layout<NodeAttributes, EdgeAttributes> | null = null;
  private poll: number | undefined;
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
    requestAnimationFrame(() => {
      const now = performance.now();  // since navigation start
      container.dataset.firstRenderMs = (now - started).toFixed(1);
      container.dataset.firstFrameAt = now.toFixed(1);
    });
    this.bindDrag();
    this.startLayout();
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

  /** Run ForceAtlas2 in its worker until the nodes barely move, then stop. */
  startLayout(): void {
    this.stopLayout();
    const started = performance.now();
    delete this.container.dataset.settledMs;
    if (this.graph.order < 2) {
      this.settled(started);
      return;
    }
    const settings = forceAtlas2.inferSettings(this.graph);
    this.layout = new FA2Layout(this.graph, {
      settings: { ...settings, barnesHutOptimize: this.graph.order > 300 },
    });
    this.layout.start();
    let before = positions(this.graph);
    let calm = 0;
    let peak = 0;
    this.poll = window.setInterval(() => {
      const after = positions(this.graph);
      const step = relativeStep(before, after);
      peak = Math.max(peak, step);
      calm = isCalm(step, peak) ? calm + 1 : 0;
      before = after;
      if (calm >= 2 || performance.now() - started > MAX_LAYOUT_MS) {
        this.stopLayout();
        this.settled(started);
      }
    }, SETTLE_POLL_MS);
  }

  private settled(started: number): void {
    const ms = performance.now() - started;
    this.container.dataset.settledMs = ms.toFixed(1);
    this.options.onSettled?.(ms);
  }

  stopLayout(): void {
    if (this.poll !== undefined) window.clearInterval(this.poll);
    this.poll = undefined;
    this.layout?.kill();
    this.layout = null;
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
