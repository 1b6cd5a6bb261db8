// Reads exports with the libraries that define their formats, and prints what each holds:
//   node scripts/read-exports.mjs graphology FILE | vis FILE | cytoscape FILE
// graphology: Graph.from (graphology's `import`); vis: vis-data DataSets, as vis-network
// builds them; cytoscape: Cytoscape.js itself, headless. Exits non-zero when a library refuses.
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";
import Graph from "graphology";
import { DataSet } from "vis-data";

const [format, file] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file, "utf-8"));

function graphology() {
  const graph = Graph.from(data);
  const missing = graph.filterNodes((_, a) =>
    ![a.x, a.y, a.size].every(Number.isFinite) || typeof a.color !== "string" || !a.label);
  return {
    nodes: graph.order, edges: graph.size, type: graph.type, multi: graph.multi,
    nodeKeys: graph.nodes(), edgeTriples: graph.mapEdges((_, a, s, t) => [s, a.relationship, t]),
    withoutSigmaAttributes: missing.length, attributes: graph.getAttributes(),
  };
}

function vis() {
  const nodes = new DataSet(data.nodes);
  const edges = new DataSet(data.edges);
  const dangling = edges.get().filter((e) => nodes.get(e.from) === null || nodes.get(e.to) === null);
  return {
    nodes: nodes.length, edges: edges.length, dangling: dangling.length,
    nodeKeys: nodes.getIds(), edgeTriples: edges.get().map((e) => [e.from, e.label, e.to]),
  };
}

function cyto() {
  const cy = cytoscape({ headless: true, elements: data.elements });
  return {
    nodes: cy.nodes().length, edges: cy.edges().length,
    nodeKeys: cy.nodes().map((n) => n.id()),
    edgeTriples: cy.edges().map((e) => [e.source().id(), e.data("type"), e.target().id()]),
  };
}

const readers = { graphology, vis, cytoscape: cyto };
if (!(format in readers)) {
  console.error(`unknown format ${format}`);
  process.exit(2);
}
console.log(JSON.stringify(readers[format]()));
