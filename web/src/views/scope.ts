// A park's, cluster's or region's service chain, suggestions and integration score.
import { asOfArg } from "../api/capabilities";
import { fetchNames, type AppContext, type EntityName } from "../context";
import type { Subgraph } from "../graph/build";
import {
  componentLabel, formatNumber, handoffStatusLabel, nameOf, stageLabel, stageStatusLabel,
  statusColor, t,
} from "../i18n";
import { href, type Route, type ScopeKind } from "../router";
import { chart } from "../ui/charts";
import { clear, h } from "../ui/dom";
import { graphPanel } from "./entity";

export interface Ref { id: string; name: string; label?: string | null }
export interface StageGap {
  stage: { code: string };
  status: string;
  supporting: boolean;
  providers: Ref[];
  suggestions: Array<{ actor: Ref; rank: number; reasons: string[] }>;
}
export interface GapReport {
  scope: Ref;
  chain: string;
  focusIndustries: Ref[];
  stages: StageGap[];
  handoffs: Array<{ from: { code: string }; to: { code: string }; status: string }>;
}
export interface ScoreAction {
  kind: string; description: string; gain: number; components: string[];
  changes: Array<Record<string, unknown>>;
}
export interface Score {
  score: number;
  components: Array<{ name: string; value: number; weight: number; contribution: number }>;
  actions: ScoreAction[];
}

export const GAPS_FIELDS = `scope { id name label } chain focusIndustries { id name }
  stages { stage { code } status supporting providers { id name label }
    suggestions { actor { id name label } rank reasons } }
  handoffs { from { code } to { code } status }`;
export const SCORE_FIELDS = `score components { name value weight contribution }
  actions { kind description gain components changes }`;

export const scopeArg = (kind: ScopeKind, id: string) => ({ [`${kind}Id`]: id });

export function scopeQuery(ctx: AppContext): string {
  return `query($scope: ScopeInput!) {
  gaps: serviceChainGaps(scope: $scope, suggestions: 3${asOfArg(ctx.caps, "serviceChainGaps", ctx.asOf)}) { ${GAPS_FIELDS} }
  score: integrationScore(scope: $scope${asOfArg(ctx.caps, "integrationScore", ctx.asOf)}) { ${SCORE_FIELDS} } }`;
}

export async function fetchScope(ctx: AppContext, kind: ScopeKind, id: string):
    Promise<{ gaps: GapReport; score: Score; names: Map<string, EntityName> }> {
  const data = await ctx.run<{ gaps: GapReport; score: Score }>(scopeQuery(ctx), { scope: scopeArg(kind, id) });
  const ids = [data.gaps.scope.id, ...data.gaps.stages.flatMap((s) => [
    ...s.providers.map((p) => p.id), ...s.suggestions.map((g) => g.actor.id)])];
  return { ...data, names: await fetchNames(ctx, ids) };
}

export function refName(ref: Ref, names: Map<string, EntityName>): string {
  return nameOf(names.get(ref.id) ?? { id: ref.id, name: ref.name });
}

/** The chain as a row of stages coloured by status, with handoff arrows between them. */
export function chainRow(gaps: GapReport, names: Map<string, EntityName>): HTMLElement {
  const handoff = new Map(gaps.handoffs.map((x) => [`${x.from.code}>${x.to.code}`, x.status]));
  const row = h("div", { class: "chain" });
  gaps.stages.forEach((stage, i) => {
    const prev = gaps.stages[i - 1];
    const status = prev ? handoff.get(`${prev.stage.code}>${stage.stage.code}`) : undefined;
    if (status) {
      row.append(h("div", { class: "handoff", "data-status": status, title: handoffStatusLabel(status),
                            style: `color:${statusColor(status)}` }, "→", h("small", {}, handoffStatusLabel(status))));
    } else if (i > 0) {
      row.append(h("div", { class: "handoff gap" }));
    }
    row.append(h("div", {
      class: `stage${stage.supporting ? " supporting" : ""}`, "data-stage": stage.stage.code,
      "data-status": stage.status, style: `border-color:${statusColor(stage.status)}`,
    },
    h("div", { class: "stage-name" }, stageLabel(stage.stage.code)),
    h("div", { class: "status", style: `background:${statusColor(stage.status)}` }, stageStatusLabel(stage.status)),
    stage.supporting ? h("div", { class: "secondary" }, t("supporting")) : null,
    h("ul", { class: "providers" }, stage.providers.length
      ? stage.providers.slice(0, 6).map((p) => h("li", {}, h("a", { href: href({ view: "entity", id: p.id, depth: 1, limit: 500 }) }, refName(p, names))))
      : h("li", { class: "secondary" }, t("noProviders")),
    stage.providers.length > 6 ? h("li", { class: "secondary" }, `+${stage.providers.length - 6}`) : null)));
  });
  return row;
}

export function scoreChart(el: HTMLElement, score: Score): void {
  const names = score.components.map((c) => componentLabel(c.name));
  chart(el, {
    tooltip: { trigger: "axis" },
    legend: { data: [t("value"), t("contribution")] },
    grid: { left: 130, right: 20, top: 30, bottom: 20 },
    xAxis: { type: "value", max: 1 },
    yAxis: { type: "category", data: names, inverse: true },
    series: [
      { name: t("value"), type: "bar", data: score.components.map((c) => c.value) },
      { name: t("contribution"), type: "bar", data: score.components.map((c) => c.contribution / 100) },
    ],
  });
}

const SHORTEST_PATH = `query($from: ID!, $to: ID!) { shortestPath(fromId: $from, toId: $to) {
  truncated nodes { id kind label name nameZh } edges { id type source target } } }`;

export async function renderScope(main: HTMLElement, route: Extract<Route, { view: "scope" }>,
                                  ctx: AppContext): Promise<void> {
  const { gaps, score, names } = await fetchScope(ctx, route.kind, route.id);
  const scopeName = refName(gaps.scope, names);
  const pathBox = h("div", { class: "path-box" });
  const showPath = async (actor: Ref) => {
    clear(pathBox);
    const query = ctx.caps.asOfFields.has("shortestPath") && ctx.asOf !== null
      ? SHORTEST_PATH.replace("toId: $to)", `toId: $to, asOf: ${ctx.asOf})`) : SHORTEST_PATH;
    const data = await ctx.run<{ shortestPath: Subgraph }>(query, { from: actor.id, to: route.id });
    pathBox.append(h("h4", {}, t("pathTo", { from: refName(actor, names), to: scopeName })));
    if (data.shortestPath.nodes.length === 0) {
      pathBox.append(h("p", { class: "empty" }, t("noPath")));
      return;
    }
    pathBox.append(graphPanel(ctx, data.shortestPath).panel);
  };
  const gapsWithSuggestions = gaps.stages.filter((s) => s.suggestions.length > 0);
  const suggestions = h("section", { class: "panel" }, h("h3", {}, t("suggestions")),
    h("p", { class: "hint" }, t("suggestionHint")),
    gapsWithSuggestions.length === 0 ? h("p", { class: "empty" }, t("noSuggestions")) : null,
    gapsWithSuggestions.map((stage) => h("div", { class: "suggestion-group" },
      h("h4", {}, stageLabel(stage.stage.code), " · ", stageStatusLabel(stage.status)),
      h("ol", {}, stage.suggestions.map((s) => h("li", {},
        h("button", { type: "button", class: "link suggestion", "data-actor": s.actor.id,
                      onclick: () => void showPath(s.actor) }, refName(s.actor, names)),
        h("ul", { class: "reasons" }, s.reasons.map((r) => h("li", {}, r)))))))),
    pathBox);
  const chartBox = h("div", { class: "chart", "data-testid": "score-chart" });
  main.append(
    h("section", { class: "panel" },
      h("h2", {}, scopeName, " ", h("small", { class: "secondary" }, t("chainName", { chain: gaps.chain }))),
      h("p", { class: "actions" },
        h("a", { class: "button", href: href({ view: "entity", id: route.id, depth: 1, limit: 500 }) }, t("openEntity")),
        h("a", { class: "button", href: href({ view: "whatif", kind: route.kind, id: route.id }) }, t("openWhatIf"))),
      h("h3", {}, t("serviceChain")), chainRow(gaps, names)),
    suggestions,
    h("section", { class: "panel" },
      h("h3", {}, t("integrationScore"), " ", h("span", { class: "score", "data-testid": "score" }, formatNumber(score.score, 1))),
      h("div", { class: "columns" }, chartBox,
        h("div", {}, h("h4", {}, t("topActions")),
          h("ol", { class: "score-actions" }, score.actions.map((a) => h("li", {}, a.description, " ",
            h("strong", {}, t("gain", { gain: formatNumber(a.gain, 1) })))))))));
  requestAnimationFrame(() => scoreChart(chartBox, score));
}
