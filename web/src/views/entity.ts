// An entity's page: properties, relationships, and its neighborhood as a graph.
import { asOfArg } from "../api/capabilities";
import type { RequestTiming } from "../api/client";
import type { AppContext } from "../context";
import { formatNumber, kindLabel, nameOf, otherName, relationshipLabel, t } from "../i18n";
import { addEdges, buildGraph, buildNodes, mergeSubgraph, namesOf, relabel, type Subgraph }
  from "../graph/build";
import { GraphView } from "../graph/view";
import { href, scopeKindOf, type Route } from "../router";
import { download, h } from "../ui/dom";
import { kindBadge } from "./search";

// What the graph draws; the server builds properties only when they are asked for, which
// for thousands of nodes is most of its work (docs/visualization-payloads.md).
const GRAPH_FIELDS = "nodes { id kind label name nameZh } edges { id type source target }";
const DETAIL_FIELDS = "nodes { id kind label properties } edges { id type source target properties }";

export function neighborhoodQuery(ctx: AppContext, properties = false): string {
  return `query($id: ID!, $depth: Int!, $limit: Int!) {
  neighborhood(id: $id, depth: $depth, limit: $limit${asOfArg(ctx.caps, "neighborhood", ctx.asOf)}) {
    truncated omittedNodes depthReached
    ${properties ? DETAIL_FIELDS : GRAPH_FIELDS} } }`;
}

export async function fetchNeighborhood(ctx: AppContext, id: string, depth: number, limit: number,
                                        options: { properties?: boolean; timing?: RequestTiming } = {}):
    Promise<Subgraph> {
  const data = await ctx.run<{ neighborhood: Subgraph }>(
    neighborhoodQuery(ctx, options.properties), { id, depth, limit }, options.timing);
  return data.neighborhood;
}

const MAX_ROWS = 300;  // the graph shows them all; the table lists the first ones
const LARGE = 1500;  // nodes above which the first frame shows the nodes, the edges next

function value(v: unknown): string {
  if (Array.isArray(v)) return v.join("; ");
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatNumber(v, 2);
  return v === null || v === undefined ? "" : String(v);
}

function propertiesTable(props: Record<string, unknown>): HTMLElement {
  const rows = Object.entries(props).filter(([k]) => !["createdAt", "updatedAt"].includes(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, value(v))));
  return h("table", { class: "props" }, h("tbody", {}, rows));
}

/** The center's relationships with their properties (`details`: its direct neighbours with
 * properties); `total` counts those the graph has, which may be more than are listed. */
function relationshipsTable(details: Subgraph, center: string, total: number): HTMLElement {
  const byId = new Map(details.nodes.map((n) => [n.id, n]));
  const touching = details.edges.filter((e) => e.source === center || e.target === center);
  const shown = touching.slice(0, MAX_ROWS);
  const rows = shown.map((e) => {
    const outgoing = e.source === center;
    const other = byId.get(outgoing ? e.target : e.source);
    const otherName = other ? nameOf({ id: other.id, ...namesOf(other) }) : "";
    return h("tr", { class: "relationship" },
      h("td", {}, outgoing ? t("outgoing") : t("incoming")),
      h("td", {}, relationshipLabel(e.type)),
      h("td", {}, other ? kindBadge(other.kind) : null),
      h("td", {}, other ? h("a", { href: href({ view: "entity", id: other.id, depth: 1, limit: 500 }) },
        otherName) : ""),
      h("td", { class: "secondary" }, Object.entries(e.properties ?? {}).map(([k, v]) => `${k}: ${value(v)}`).join(", ")));
  });
  const more = Math.max(total, touching.length) - shown.length;
  return h("div", { class: "scroll" }, h("table", { class: "rels" }, h("tbody", {}, rows)),
    more > 0 ? h("p", { class: "secondary" }, `+${formatNumber(more)}`) : null);
}

/** Where the first render's time went, on the graph's container for the benchmark
 * (benchmarks/explorer.py): when the request was sent (since navigation start: page load and
 * start-up), the request, JSON parsing and building the graph, in ms. */
function publishTiming(canvas: HTMLElement, timing: RequestTiming, buildMs: number): void {
  if (timing.sent !== undefined && timing.received !== undefined && timing.parsed !== undefined) {
    canvas.dataset.requestSentAt = timing.sent.toFixed(1);
    canvas.dataset.requestMs = (timing.received - timing.sent).toFixed(1);
    canvas.dataset.parseMs = (timing.parsed - timing.received).toFixed(1);
  }
  canvas.dataset.buildMs = buildMs.toFixed(1);
}

/** The graph panel with its toolbar; used by the entity page and the scope view. */
export function graphPanel(ctx: AppContext, sub: Subgraph, options: {
  exportId?: string; depth?: number; limit?: number; onNavigate?: (id: string) => void;
  timing?: RequestTiming;
} = {}): { panel: HTMLElement; view: () => GraphView | null } {
  const canvas = h("div", { class: "graph", "data-testid": "graph" });
  const counts = h("span", { class: "counts" });
  const note = h("p", { class: "note" });
  const building = performance.now();
  // A large graph's first frame shows its nodes; its edges follow in the next one.
  const large = sub.nodes.length > LARGE;
  const graph = large ? buildNodes(sub) : buildGraph(sub);
  publishTiming(canvas, options.timing ?? {}, performance.now() - building);
  let view: GraphView | null = null;
  const update = () => {
    counts.textContent = t("graphCounts", { nodes: formatNumber(graph.order), edges: formatNumber(graph.size) });
  };
  if (sub.truncated) {
    note.textContent = t("truncated", { omitted: formatNumber(sub.omittedNodes ?? 0),
                                        depth: sub.depthReached ?? 1 });
  }
  const expand = async (id: string) => {
    const more = await fetchNeighborhood(ctx, id, 1, 200);
    mergeSubgraph(graph, more, id);
    update();
    view?.startLayout();
  };
  const fileExport = async (format: "graphml" | "gexf") => {
    const params = new URLSearchParams({ format, depth: String(options.depth ?? 1),
                                         limit: String(options.limit ?? 500) });
    const blob = await ctx.api.download(`/export/neighborhood/${encodeURIComponent(options.exportId ?? "")}?${params}`);
    download(blob, `neighborhood-${options.exportId}.${format}`);
  };
  const toolbar = h("div", { class: "toolbar" },
    h("button", { type: "button", onclick: () => view?.fit() }, t("fit")),
    h("button", { type: "button", onclick: () => view?.startLayout() }, t("relayout")),
    h("button", { type: "button", onclick: () => void view?.png(`stsgraph-${options.exportId ?? "graph"}`) }, t("exportPng")),
    options.exportId ? h("button", { type: "button", onclick: () => void fileExport("graphml") }, t("exportGraphml")) : null,
    options.exportId ? h("button", { type: "button", onclick: () => void fileExport("gexf") }, t("exportGexf")) : null,
    counts);
  update();
  const panel = h("div", { class: "graph-panel" }, toolbar, note, canvas,
    h("p", { class: "hint" }, t("clickToExpand")));
  // Sigma needs the container in the document with a size: start once attached.
  const counted = () => {
    canvas.dataset.nodes = String(graph.order);
    canvas.dataset.edges = String(graph.size);
  };
  requestAnimationFrame(() => {
    view = new GraphView(canvas, graph, {
      onNodeClick: (id) => void expand(id).catch(() => undefined),
      afterFirstFrame: large ? () => { addEdges(graph, sub.edges); counted(); } : undefined,
    });
    counted();
  });
  panel.addEventListener("languagechange", () => { relabel(graph); view?.refresh(); });
  return { panel, view: () => view };
}

export async function renderEntity(main: HTMLElement, route: Extract<Route, { view: "entity" }>,
                                   ctx: AppContext): Promise<void> {
  // The graph without properties, and the center's own properties and relationships (its
  // direct neighbours with properties, a few hundred at most) alongside.
  const timing: RequestTiming = {};
  const [sub, details] = await Promise.all([
    fetchNeighborhood(ctx, route.id, route.depth, route.limit, { timing }),
    fetchNeighborhood(ctx, route.id, 1, MAX_ROWS + 1, { properties: true }),  // + itself
  ]);
  const center = details.nodes[0];
  const props = center.properties ?? {};
  const named = { id: center.id, ...namesOf(center) };
  const scopeKind = scopeKindOf(center.kind);
  const depthSelect = h("select", { name: "depth", "aria-label": t("depth") },
    [1, 2, 3].map((d) => h("option", { value: d, selected: d === route.depth }, String(d))));
  const limitSelect = h("select", { name: "limit", "aria-label": t("limit") },
    [100, 500, 2000, 5000].map((l) => h("option", { value: l, selected: l === route.limit }, String(l))));
  const reload = () => ctx.navigate({ view: "entity", id: route.id,
    depth: Number(depthSelect.value), limit: Number(limitSelect.value) });
  depthSelect.addEventListener("change", reload);
  limitSelect.addEventListener("change", reload);
  const { panel } = graphPanel(ctx, sub, { exportId: route.id, depth: route.depth,
                                           limit: route.limit, timing });
  const touching = sub.edges.filter((e) => e.source === center.id || e.target === center.id);
  main.append(
    h("section", { class: "panel entity-head" },
      h("h2", {}, kindBadge(center.kind), " ", h("span", { class: "entity-name" }, nameOf(named))),
      h("p", { class: "secondary" }, [otherName(named), kindLabel(center.kind), center.id].filter(Boolean).join(" · ")),
      scopeKind ? h("p", { class: "actions" },
        h("a", { class: "button", href: href({ view: "scope", kind: scopeKind, id: center.id }) }, t("openScope")),
        h("a", { class: "button", href: href({ view: "whatif", kind: scopeKind, id: center.id }) }, t("openWhatIf"))) : null),
    h("section", { class: "panel" },
      h("h3", {}, t("neighborhood"), " ",
        h("label", { class: "inline" }, t("depth"), depthSelect),
        h("label", { class: "inline" }, t("limit"), limitSelect)),
      panel),
    h("div", { class: "columns" },
      h("section", { class: "panel" }, h("h3", {}, t("properties")), propertiesTable(props)),
      h("section", { class: "panel" }, h("h3", {}, t("relationships")), relationshipsTable(details, center.id, touching.length))));
}
