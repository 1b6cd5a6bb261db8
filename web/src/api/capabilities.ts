// What the server's schema offers, read once by introspection at start: the explorer adapts
// to servers with and without the as-of work (DESIGN.md section 8) and plan breakdowns.

export const INTROSPECTION = `{
  __schema { queryType { fields { name args { name } } } }
  progress: __type(name: "TargetProgress") {
    fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } }
  }
}`;

interface TypeRef {
  kind?: string;
  name?: string | null;
  ofType?: TypeRef | null;
}

export interface IntrospectionResult {
  __schema: { queryType: { fields: Array<{ name: string; args: Array<{ name: string }> }> } };
  progress: { fields: Array<{ name: string; type: TypeRef }> } | null;
}

export interface Capabilities {
  /** Root fields taking `asOf: Int` (the time slider is shown when there is any). */
  asOfFields: ReadonlySet<string>;
  /** planProgress takes `regionId` (province dashboards). */
  planByRegion: boolean;
  /** TargetProgress has a `byYear` list (one request for the whole series). */
  planByYear: boolean;
  /** pilotCandidates takes `regionId` (a province's own candidates, with a status). */
  candidatesByRegion: boolean;
}

export const NO_CAPABILITIES: Capabilities = {
  asOfFields: new Set(), planByRegion: false, planByYear: false, candidatesByRegion: false,
};

function isList(type: TypeRef | null | undefined): boolean {
  for (let t = type; t; t = t.ofType) if (t.kind === "LIST") return true;
  return false;
}

export function detectCapabilities(result: IntrospectionResult): Capabilities {
  const fields = result.__schema.queryType.fields;
  const asOfFields = new Set(
    fields.filter((f) => f.args.some((a) => a.name === "asOf")).map((f) => f.name));
  const plan = fields.find((f) => f.name === "planProgress");
  const candidates = fields.find((f) => f.name === "pilotCandidates");
  const byYear = result.progress?.fields.find((f) => f.name === "byYear");
  return {
    asOfFields,
    planByRegion: Boolean(plan?.args.some((a) => a.name === "regionId")),
    planByYear: Boolean(byYear && isList(byYear.type)),
    candidatesByRegion: Boolean(candidates?.args.some((a) => a.name === "regionId")),
  };
}

export const hasTimeSlider = (caps: Capabilities): boolean => caps.asOfFields.size > 0;

export const MIN_AS_OF = 1949;
export const MAX_AS_OF = 2100;

/** `, asOf: 2013` for a root field that takes it when a year is set, else nothing. */
export function asOfArg(caps: Capabilities, field: string, year: number | null): string {
  if (year === null || !caps.asOfFields.has(field)) return "";
  if (!Number.isInteger(year) || year < MIN_AS_OF || year > MAX_AS_OF) {
    throw new RangeError(`asOf must be a year between ${MIN_AS_OF} and ${MAX_AS_OF}`);
  }
  return `, asOf: ${year}`;
}
