// The plan dashboard's pure parts (no DOM): what a target's verdict shows and the
// candidates query, unit-tested in plan-model.test.ts.

/** "met", "not met", or for a province (no goal of its own) neither. */
export function verdict(met: boolean | null | undefined): { cls: string; key: "met" | "notMet" | "noGoal" } {
  if (met === null || met === undefined) return { cls: "no-goal", key: "noGoal" };
  return met ? { cls: "met", key: "met" } : { cls: "not-met", key: "notMet" };
}

/** The candidates query: a province's own when the server can filter by it. */
export function candidatesQuery(region: string | null, byRegion: boolean, asOf: string): string {
  const regionArg = region && byRegion ? `, regionId: ${JSON.stringify(region)}` : "";
  const status = byRegion ? " status { code }" : "";
  return `{ pilotCandidates(first: 10${regionArg}${asOf}) {
      park { id name } rank score foundation demonstration distinctiveness${status} } }`;
}
