import { describe, expect, it } from "vitest";
import { candidatesQuery, verdict } from "./plan-model";

describe("verdict", () => {
  it("says met or not met for the nation, and neither for a province", () => {
    expect(verdict(true)).toEqual({ cls: "met", key: "met" });
    expect(verdict(false)).toEqual({ cls: "not-met", key: "notMet" });
    expect(verdict(null)).toEqual({ cls: "no-goal", key: "noGoal" });
    expect(verdict(undefined)).toEqual({ cls: "no-goal", key: "noGoal" });
  });
});

describe("candidatesQuery", () => {
  it("asks for a province's own candidates, with their status, when the server can", () => {
    const query = candidatesQuery("region-jiangsu", true, ", asOf: 2013");
    expect(query).toContain('pilotCandidates(first: 10, regionId: "region-jiangsu", asOf: 2013)');
    expect(query).toContain("status { code }");
  });

  it("asks for the national list on a server without the filter", () => {
    const query = candidatesQuery("region-jiangsu", false, "");
    expect(query).toContain("pilotCandidates(first: 10)");
    expect(query).not.toContain("regionId");
    expect(query).not.toContain("status");
  });

  it("quotes the region id as a GraphQL string", () => {
    expect(candidatesQuery('r"x', true, "")).toContain('regionId: "r\\"x"');
  });
});
