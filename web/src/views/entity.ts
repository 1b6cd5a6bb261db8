// An entity's page: properties, relationships, and its neighborhood as a graph.
import { asOfArg } from "../api/capabilities";
import type { AppContext } from "../context";
import { formatNumber, kindLabel, nameOf, otherName, relationshipLabel, t } from "../i18n";
import { buildGraph, mergeSubgraph, relabel, type Subgraph } from "../graph/build";
import { GraphView } from "../graph/view";
import { href, scopeKindOf, type Route } from "../router";
import { download, h } from "../ui/dom";
import { kindBadge } from "./search";

export function neighborhoodQuery(ctx: AppContext): string {
  return `query($id: ID!, $depth: Int!, $limit: Int!) {
  neighborhood(id: $id, depth: $depth, limit: $limit${asOfArg(ctx.caps, "neighborhood", ctx.asOf)}) {
    truncated omittedNodes depthReached
    nodes { id kind label properties } edges { id type source target properties } } }`;
}

export async function fetchNeighborhood(ctx: AppContext, id: string, depth: number,
                                        limit: number): Promise<Subgraph> {
  const data = await ctx.run<{ neighborhood: Subgraph }>(neighborhoodQuery(ctx), { id, depth, limit });
  return data.neighborhood;
}

const MAX_ROWS = 300;  // the graph shows them all; the table lists the first ones

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

function relationshipsTable(sub: Subgraph, center: string): HTMLElement {
  const byId = new Map(sub.nodes.map((n) => [n.id, n]));
  const touching = sub.edges.filter((e) => e.source === center || e.target === center);
  const rows = touching.slice(0, MAX_ROWS).map((e) => {
    const outgoing = e.source === center;
    const other = byId.get(outgoing ? e.target : e.source);
    const otherName = other ? nameOf({ id: other.id, name: other.properties.name as string,
                                       nameZh: other.properties.nameZh as string }) : "";
    return h("tr", { class: "relationship" },
      h("td", {}, outgoing ? t("outgoing") : t("incoming")),
      h("td", {}, relationshipLabel(e.type)),
      h("td", {}, other ? kindBadge(other.kind) : null),
      h("td", {}, other ? h("a", { href: href({ view: "entity", id: other.id, depth: 1, limit: 500 }) },
        otherName) : ""),
      h("td", { class: "secondary" }, Object.entries(e.properties).map(([k, v]) => `${k}: ${value(v)}`).join(", ")));
  });
  return h("div", { class: "scroll" }, h("table", { class: "rels" }, h("tbody", {}, rows)),
    touching.length > MAX_ROWS ? h("p", { class: "secondary" }, `+${formatNumber(touching.length - MAX_ROWS)}`) : null);
}

/** The graph panel with its toolbar; used by the entity page and the scope view. */
export function graphPanel(ctx: AppContext, sub: Subgraph, options: {
  exportId?: string; depth?: number; limit?: number; onNavigate?: (id: string) => void;
} = {}): { panel: HTMLElement; view: () => GraphView | null } {
  const canvas = h("div", { class: "graph", "data-testid": "graph" });
  const counts = h("span", { class: "counts" });
  const note = h("p", { class: "note" });
  const graph = buildGraph(sub);
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
  requestAnimationFrame(() => {
    view = new GraphView(canvas, graph, { onNodeClick: (id) => void expand(id).catch(() => undefined) });
    canvas.dataset.nodes = String(graph.order);
    canvas.dataset.edges = String(graph.size);
  });
  panel.addEventListener("languagechange", () => { relabel(graph); view?.refresh(); });
  return { panel, view: () => view };
}

export async function renderEntity(main: HTMLElement, route: Extract<Route, { view: "entity" }>,
                                   ctx: AppContext): Promise<void> {
  const sub = await fetchNeighborhood(ctx, route.id, route.depth, route.limit);
  const center = sub.nodes[0];
  const props = center.properties;
  const named = { id: center.id, name: props.name as string, nameZh: props.nameZh as string };
  const scopeKind = scopeKindOf(center.kind);
  const depthSelect = h("select", { name: "depth", "aria-label": t("depth") },
    [1, 2, 3].map((d) => h("option", { value: d, selected: d === route.depth }, String(d))));
  const limitSelect = h("select", { name: "limit", "aria-label": t("limit") },
    [100, 500, 2000, 5000].map((l) => h("option", { value: l, selected: l === route.limit }, String(l))));
  const reload = () => ctx.navigate({ view: "entity", id: route.id,
    depth: Number(depthSelect.value), limit: Number(limitSelect.value) });
  depthSelect.addEventListener("change", reload);
  limitSelect.addEventListener("change", reload);
  const { panel } = graphPanel(ctx, sub, { exportId: route.id, depth: route.depth, limit: route.limit });
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
      h("section", { class: "panel" }, h("h3", {}, t("relationships")), relationshipsTable(sub, center.id))));
}
