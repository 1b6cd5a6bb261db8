import { describe, expect, it } from "vitest";
import { asOfArg, detectCapabilities, hasTimeSlider, type IntrospectionResult } from "./capabilities";

const scalar = { kind: "NON_NULL", ofType: { kind: "SCALAR", name: "Float" } };
const list = {
  kind: "NON_NULL",
  ofType: { kind: "LIST", ofType: { kind: "NON_NULL", ofType: { name: "YearProgress" } } },
};

function schema(fields: Record<string, string[]>, progress: Record<string, object> = {}):
    IntrospectionResult {
  return {
    __schema: { queryType: { fields: Object.entries(fields).map(([name, args]) => ({
      name, args: args.map((a) => ({ name: a })) })) } },
    progress: { fields: Object.entries(progress).map(([name, type]) => ({ name, type })) },
  };
}

describe("detectCapabilities", () => {
  it("finds no slider and no breakdowns on today's schema", () => {
    const caps = detectCapabilities(schema({
      search: ["text", "kinds", "first"], planProgress: ["year"],
      neighborhood: ["id", "depth", "relationshipTypes", "limit"],
    }, { actual: scalar }));
    expect(hasTimeSlider(caps)).toBe(false);
    expect(caps.planByRegion).toBe(false);
    expect(caps.planByYear).toBe(false);
    expect(asOfArg(caps, "search", 2013)).toBe("");
  });

  it("shows the slider when fields take asOf, and passes it only to those", () => {
    const caps = detectCapabilities(schema({
      search: ["text", "asOf"], neighborhood: ["id", "asOf"], serviceStages: [],
      planProgress: ["year", "regionId"],
    }, { actual: scalar, byYear: list }));
    expect(hasTimeSlider(caps)).toBe(true);
    expect([...caps.asOfFields].sort()).toEqual(["neighborhood", "search"]);
    expect(asOfArg(caps, "search", 2013)).toBe(", asOf: 2013");
    expect(asOfArg(caps, "serviceStages", 2013)).toBe("");
    expect(asOfArg(caps, "search", null)).toBe("");
    expect(caps.planByRegion).toBe(true);
    expect(caps.planByYear).toBe(true);
    expect(caps.candidatesByRegion).toBe(false);
  });

  it("sees pilot candidates filtered by province", () => {
    const caps = detectCapabilities(schema({ pilotCandidates: ["first", "regionId", "year"] }));
    expect(caps.candidatesByRegion).toBe(true);
  });

  it("does not take a byYear that is not a list", () => {
    const caps = detectCapabilities(schema({ planProgress: ["year"] }, { byYear: scalar }));
    expect(caps.planByYear).toBe(false);
  });

  it("refuses years outside 1949-2100 and non-integers", () => {
    const caps = detectCapabilities(schema({ search: ["asOf"] }));
    expect(() => asOfArg(caps, "search", 1948)).toThrow(RangeError);
    expect(() => asOfArg(caps, "search", 2101)).toThrow(RangeError);
    expect(() => asOfArg(caps, "search", 2012.5)).toThrow(RangeError);
    expect(asOfArg(caps, "search", 1949)).toBe(", asOf: 1949");
  });
});
