import { describe, expect, it } from "vitest";
import { keyFromFragment } from "./auth";
import { href, parseRoute, scopeKindOf, type Route } from "./router";

describe("routes", () => {
  it.each<[string, Route]>([
    ["", { view: "search", query: "", kinds: [] }],
    ["#/", { view: "search", query: "", kinds: [] }],
    ["#/search?q=%E4%B8%AD%E5%85%B3%E6%9D%91&kinds=Park,Cluster",
      { view: "search", query: "中关村", kinds: ["Park", "Cluster"] }],
    ["#/entity/park-benxi", { view: "entity", id: "park-benxi", depth: 1, limit: 500 }],
    ["#/entity/a%2Fb", { view: "entity", id: "a/b", depth: 1, limit: 500 }],
    ["#/entity/p?depth=2&limit=5000", { view: "entity", id: "p", depth: 2, limit: 5000 }],
    ["#/entity/p?depth=9&limit=-1", { view: "entity", id: "p", depth: 1, limit: 500 }],
    ["#/scope/park/park-benxi", { view: "scope", kind: "park", id: "park-benxi" }],
    ["#/whatif/cluster/c1", { view: "whatif", kind: "cluster", id: "c1" }],
    ["#/plan", { view: "plan", region: null }],
    ["#/plan/region-liaoning", { view: "plan", region: "region-liaoning" }],
    ["#/scope/planet/x", { view: "notfound", path: "/scope/planet/x" }],
    ["#/nothing/here", { view: "notfound", path: "/nothing/here" }],
  ])("parses %s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips every view through href", () => {
    const routes: Route[] = [
      { view: "search", query: "本溪 高新区", kinds: ["Park"] },
      { view: "entity", id: "agency/α 1", depth: 1, limit: 500 },
      { view: "entity", id: "park-x", depth: 2, limit: 5000 },
      { view: "scope", kind: "region", id: "region-liaoning" },
      { view: "whatif", kind: "park", id: "park-benxi" },
      { view: "plan", region: "region-jiangsu" },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it("knows which kinds have a scope view", () => {
    expect(scopeKindOf("Park")).toBe("park");
    expect(scopeKindOf("Region")).toBe("region");
    expect(scopeKindOf("Agency")).toBeNull();
  });
});

describe("keyFromFragment", () => {
  it("takes the key and leaves the route", () => {
    expect(keyFromFragment("#key=abc-_1")).toEqual({ key: "abc-_1", rest: "#/" });
    expect(keyFromFragment("#key=k&/entity/park-benxi"))
      .toEqual({ key: "k", rest: "#/entity/park-benxi" });
    expect(keyFromFragment("#/plan")).toEqual({ key: null, rest: "#/plan" });
  });
});
