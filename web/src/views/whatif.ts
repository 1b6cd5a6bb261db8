// What-if: tick suggested providers or score actions, compare gaps and score with today's.
// The whatIf field computes on a copy: nothing is written.
import { asOfArg } from "../api/capabilities";
import { ApiError } from "../api/client";
import type { AppContext, EntityName } from "../context";
import { formatNumber, stageLabel, stageStatusLabel, t } from "../i18n";
import { href, type Route, type ScopeKind } from "../router";
import { clear, h } from "../ui/dom";
import {
  chainRow, fetchScope, GAPS_FIELDS, refName, scopeArg, type GapReport, type Ref,
  type ScoreAction,
} from "./scope";

export type Change = Record<string, unknown>;

const CHANGE_FIELDS = new Set(["op", "id", "label", "name", "kind", "parkId", "stages",
  "industries", "stage", "type", "source", "target", "properties"]);

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** An analysis change dict (`{"op": "add_actor", "park_id": ...}`) as a ChangeInput. */
export function toChangeInput(change: Change): Change {
  const out: Change = {};
  for (const [key, value] of Object.entries(change)) {
    const name = camel(key);
    if (!CHANGE_FIELDS.has(name) || value === null || value === undefined) continue;
    out[name] = name === "op" ? String(value).toUpperCase() : value;
  }
  return out;
}

/** The changes that bring a suggested provider of `stage` into the scope: a branch in the
 *  park (linked BRANCH_OF to an agency), or membership of the cluster. None for a region. */
export function providerChanges(kind: ScopeKind, scopeId: string, actor: Ref, stage: string,
                                name: string, industries: string[]): Change[] {
  if (kind === "cluster") {
    return [{ op: "ADD_LINK", type: "MEMBER_OF", source: actor.id, target: scopeId }];
  }
  if (kind !== "park") return [];
  const branch = `${actor.id}--branch-in-${scopeId}`;
  const changes: Change[] = [{
    op: "ADD_ACTOR", label: actor.label ?? "Agency", id: branch, name,
    parkId: scopeId, stages: [stage], industries,
  }];
  if ((actor.label ?? "Agency") === "Agency") {
    changes.push({ op: "ADD_LINK", type: "BRANCH_OF", source: branch, target: actor.id });
  }
  return changes;
}

interface WhatIfResult {
  beforeGaps: GapReport;
  afterGaps: GapReport;
  beforeScore: { score: number };
  afterScore: { score: number };
  delta: number;
  stageChanges: Array<{ stage: string; before: string; after: string }>;
}

export function whatIfQuery(ctx: AppContext): string {
  return `query($scope: ScopeInput!, $changes: [ChangeInput!]!) {
  whatIf(scope: $scope, changes: $changes${asOfArg(ctx.caps, "whatIf", ctx.asOf)}) {
    beforeGaps { ${GAPS_FIELDS} } afterGaps { ${GAPS_FIELDS} }
    beforeScore { score } afterScore { score } delta stageChanges { stage before after } } }`;
}

function option(label: string | Node, changes: Change[], testId: string): HTMLLabelElement {
  const box = h("input", { type: "checkbox", "data-testid": testId });
  (box as HTMLInputElement & { changes?: Change[] }).changes = changes;
  return h("label", { class: "option" }, box, label);
}

function ticked(form: HTMLElement): Change[] {
  return [...form.querySelectorAll<HTMLInputElement & { changes?: Change[] }>("input:checked")]
    .flatMap((box) => box.changes ?? []);
}

function side(title: string, gaps: GapReport, score: number, names: Map<string, EntityName>,
              testId: string): HTMLElement {
  return h("div", { class: "side", "data-testid": testId },
    h("h4", {}, title, " · ", t("score"), " ", h("span", { class: "score" }, formatNumber(score, 1))),
    chainRow(gaps, names));
}

export async function renderWhatIf(main: HTMLElement, route: Extract<Route, { view: "whatif" }>,
                                   ctx: AppContext): Promise<void> {
  const { gaps, score, names } = await fetchScope(ctx, route.kind, route.id);
  const scopeName = refName(gaps.scope, names);
  const industries = gaps.focusIndustries.map((i) => i.id).slice(0, 1);
  const providers = gaps.stages.flatMap((stage) => stage.suggestions.map((s) => {
    const name = t("branchOf", { name: refName(s.actor, names) });
    const changes = providerChanges(route.kind, route.id, s.actor, stage.stage.code, name, industries);
    return changes.length === 0 ? null : option(
      h("span", {}, refName(s.actor, names), " → ", stageLabel(stage.stage.code)),
      changes, `provider-${s.actor.id}-${stage.stage.code}`);
  })).filter((x): x is HTMLLabelElement => x !== null);
  const actions = score.actions.map((a: ScoreAction, i) => option(
    h("span", {}, a.description, " ", h("strong", {}, t("gain", { gain: formatNumber(a.gain, 1) }))),
    a.changes.map(toChangeInput), `action-${i}`));
  const result = h("div", { class: "whatif-result", "data-testid": "whatif-result" });
  const form = h("form", { class: "panel", onsubmit: (event: Event) => {
    event.preventDefault();
    void run();
  } },
  h("h3", {}, t("suggestedProviders")),
  providers.length ? h("div", { class: "options" }, providers)
    : h("p", { class: "empty" }, route.kind === "region" ? t("regionNoProviders") : t("noSuggestions")),
  h("h3", {}, t("actions")), h("div", { class: "options" }, actions),
  h("button", { type: "submit", "data-testid": "run-whatif" }, t("runWhatIf")));
  const run = async () => {
    clear(result);
    const changes = ticked(form);
    if (changes.length === 0) {
      result.append(h("p", { class: "error" }, t("nothingTicked")));
      return;
    }
    result.append(h("p", {}, t("loading")));
    try {
      const data = await ctx.run<{ whatIf: WhatIfResult }>(whatIfQuery(ctx), {
        scope: scopeArg(route.kind, route.id), changes });
      clear(result);
      showResult(result, data.whatIf, names);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "BAD_USER_INPUT") throw error;
      clear(result);
      result.append(h("p", { class: "error" }, error.message));
    }
  };
  main.append(h("section", { class: "panel" },
    h("h2", {}, t("whatIfTitle", { name: scopeName })),
    h("p", { class: "hint" }, t("whatIfHint")),
    h("p", { class: "actions" },
      h("a", { class: "button", href: href({ view: "scope", kind: route.kind, id: route.id }) }, t("openScope")))),
  form, h("section", { class: "panel" }, result));
}

function showResult(el: HTMLElement, w: WhatIfResult, names: Map<string, EntityName>): void {
  const sign = w.delta > 0 ? "+" : "";
  el.append(
    h("p", { class: "delta", "data-testid": "delta" }, t("scoreDelta", { delta: `${sign}${formatNumber(w.delta, 1)}` })),
    h("div", { class: "side-by-side" },
      side(t("today"), w.beforeGaps, w.beforeScore.score, names, "before"),
      side(t("after"), w.afterGaps, w.afterScore.score, names, "after")),
    h("h4", {}, t("stageChanges")),
    h("ul", { class: "stage-changes" }, w.stageChanges.map((c) => h("li", { "data-stage": c.stage },
      stageLabel(c.stage), ": ", stageStatusLabel(c.before), " → ", stageStatusLabel(c.after)))));
}
