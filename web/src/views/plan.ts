// The plan dashboard: the nine targets of the Torch plan by year (one chart each), national
// or, when the server supports it, by province; and the pilot candidates.
import { asOfArg } from "../api/capabilities";
import { ApiError } from "../api/client";
import { fetchNames, type AppContext } from "../context";
import { formatNumber, nameOf, t, targetLabel } from "../i18n";
import { href, type Route } from "../router";
import { chart } from "../ui/charts";
import { candidatesQuery, verdict } from "./plan-model";
import { h } from "../ui/dom";

export const PLAN_YEARS = [2011, 2012, 2013, 2014, 2015] as const;
const TARGET_FIELDS = "target goal comparison actual ratio met unit year";

// `actual` is null without an official figure (tech_contract_turnover), `met` for a
// province (the plan sets national goals only).
export interface TargetPoint {
  target: string; goal: number; comparison: string; actual: number | null;
  ratio: number | null; met: boolean | null; unit: string; year: number;
}

export interface TargetSeries {
  target: string; goal: number; comparison: string; unit: string;
  points: Array<{ year: number; actual: number | null; met: boolean | null }>;
}

/** One aliased planProgress per year (what today's server offers). */
export function perYearQuery(region: string | null, byRegion: boolean): string {
  const regionArg = region && byRegion ? `, regionId: ${JSON.stringify(region)}` : "";
  return `{ ${PLAN_YEARS.map((y) => `y${y}: planProgress(year: ${y}${regionArg}) { ${TARGET_FIELDS} }`).join("\n")} }`;
}

/** One planProgress with its byYear series (when the server has it). */
export function byYearQuery(region: string | null, byRegion: boolean): string {
  const regionArg = region && byRegion ? `, regionId: ${JSON.stringify(region)}` : "";
  return `{ planProgress(year: ${PLAN_YEARS[PLAN_YEARS.length - 1]}${regionArg}) {
    ${TARGET_FIELDS} byYear { year actual met } } }`;
}

export function seriesFromYears(byYear: Record<string, TargetPoint[]>): TargetSeries[] {
  const series = new Map<string, TargetSeries>();
  for (const year of PLAN_YEARS) {
    for (const p of byYear[`y${year}`] ?? []) {
      const s = series.get(p.target) ?? { target: p.target, goal: p.goal, comparison: p.comparison,
                                           unit: p.unit, points: [] };
      s.points.push({ year, actual: p.actual, met: p.met });
      series.set(p.target, s);
    }
  }
  return [...series.values()];
}

type WithYears = TargetPoint & {
  byYear: Array<{ year: number; actual: number | null; met: boolean | null }>;
};

export function seriesFromByYear(rows: WithYears[]): TargetSeries[] {
  return rows.map((r) => ({
    target: r.target, goal: r.goal, comparison: r.comparison, unit: r.unit,
    points: r.byYear.filter((p) => p.year >= PLAN_YEARS[0] && p.year <= PLAN_YEARS[PLAN_YEARS.length - 1])
      .map((p) => ({ year: p.year, actual: p.actual, met: p.met })),
  }));
}

async function fetchSeries(ctx: AppContext, region: string | null): Promise<TargetSeries[]> {
  if (ctx.caps.planByYear) {
    try {
      const data = await ctx.run<{ planProgress: WithYears[] }>(byYearQuery(region, ctx.caps.planByRegion));
      return seriesFromByYear(data.planProgress);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "BAD_USER_INPUT") throw error;
      // a byYear of another shape: fall back to one request per year
    }
  }
  return seriesFromYears(await ctx.run<Record<string, TargetPoint[]>>(perYearQuery(region, ctx.caps.planByRegion)));
}

// rank and scores are null for a park with too little evidence to rank (`status`).
interface Pilot {
  park: { id: string; name: string }; rank: number | null; score: number | null;
  foundation: number | null; demonstration: number | null; distinctiveness: number | null;
  status?: { code: string } | null;
}

const dash = (v: number | null, digits: number): string => (v === null ? "—" : formatNumber(v, digits));

function targetChart(el: HTMLElement, s: TargetSeries): void {
  chart(el, {
    grid: { left: 60, right: 16, top: 16, bottom: 24 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: s.points.map((p) => String(p.year)) },
    yAxis: { type: "value", max: (v: { max: number }) => Math.max(v.max, s.goal) * 1.05 },
    series: [{
      name: t("actual"), type: "line", data: s.points.map((p) => p.actual), symbolSize: 7,
      itemStyle: { color: "#1f77b4" },
      markLine: { symbol: "none", label: { position: "insideEndTop", formatter: `${t("goal")} ${formatNumber(s.goal)}` },
                  lineStyle: { color: "#d62728", type: "dashed" }, data: [{ yAxis: s.goal }] },
    }],
  });
}

async function provinceSelect(ctx: AppContext, region: string | null): Promise<HTMLElement> {
  if (!ctx.caps.planByRegion) return h("p", { class: "hint" }, t("provinceUnavailable"));
  const data = await ctx.run<{ regions: { edges: Array<{ node: { id: string; name: string; nameZh: string | null } }> } }>(
    `{ regions(where: {kind: PROVINCE}, first: 100, orderBy: [{field: ID, direction: ASC}]) { edges { node { id name nameZh } } } }`);
  const select = h("select", { name: "region", "aria-label": t("province") },
    h("option", { value: "" }, t("national")),
    data.regions.edges.map(({ node }) => h("option", { value: node.id, selected: node.id === region }, nameOf(node))));
  select.addEventListener("change", () => ctx.navigate({ view: "plan", region: select.value || null }));
  return h("label", { class: "inline" }, t("province"), select);
}

export async function renderPlan(main: HTMLElement, route: Extract<Route, { view: "plan" }>,
                                 ctx: AppContext): Promise<void> {
  const [series, pilots, picker] = await Promise.all([
    fetchSeries(ctx, route.region),
    ctx.run<{ pilotCandidates: Pilot[] }>(candidatesQuery(route.region, ctx.caps.candidatesByRegion,
      asOfArg(ctx.caps, "pilotCandidates", ctx.asOf))),
    provinceSelect(ctx, route.region),
  ]);
  const names = await fetchNames(ctx, pilots.pilotCandidates.map((p) => p.park.id));
  const grid = h("div", { class: "target-grid" });
  const charts: Array<[HTMLElement, TargetSeries]> = [];
  for (const s of series) {
    const last = s.points[s.points.length - 1];
    const status = verdict(last?.met);
    const box = h("div", { class: "chart small" });
    charts.push([box, s]);
    grid.append(h("figure", { class: "target", "data-target": s.target },
      h("figcaption", {}, targetLabel(s.target), h("br"),
        h("small", {}, `${t("goal")} ${s.comparison} ${formatNumber(s.goal)} · ${t("actual")} ${dash(last?.actual ?? null, 1)} · `,
          h("span", { class: status.cls }, t(status.key)))),
      box));
  }
  const pilotRows = pilots.pilotCandidates.map((p) => h("tr", {},
    h("td", {}, p.rank === null ? t("notEnoughData") : String(p.rank)),
    h("td", {}, h("a", { href: href({ view: "scope", kind: "park", id: p.park.id }) },
      nameOf(names.get(p.park.id) ?? { id: p.park.id, name: p.park.name }))),
    ...[p.score, p.foundation, p.demonstration, p.distinctiveness].map((v) => h("td", { class: "num" }, dash(v, 3)))));
  main.append(
    h("section", { class: "panel" }, h("h2", {}, t("planTitle")), picker, grid),
    h("section", { class: "panel" }, h("h3", {}, t("pilotCandidates")),
      h("table", { class: "pilots" },
        h("thead", {}, h("tr", {}, [t("rank"), t("pilotCandidates"), t("score"), t("foundation"),
          t("demonstration"), t("distinctiveness")].map((c) => h("th", {}, c)))),
        h("tbody", {}, pilotRows))));
  requestAnimationFrame(() => { for (const [el, s] of charts) targetChart(el, s); });
}
