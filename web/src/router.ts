// Hash routes: the page works from `/` alone, and every view has a URL to share.

export type ScopeKind = "park" | "cluster" | "region";

export type Route =
  | { view: "search"; query: string; kinds: string[] }
  | { view: "entity"; id: string; depth: number; limit: number }
  | { view: "scope"; kind: ScopeKind; id: string }
  | { view: "whatif"; kind: ScopeKind; id: string }
  | { view: "plan"; region: string | null }
  | { view: "notfound"; path: string };

const SCOPES: readonly string[] = ["park", "cluster", "region"];

function bounded(text: string | null, min: number, max: number, fallback: number): number {
  const value = Number(text);
  return text && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [path, queryString = ""] = raw.split("?", 2);
  const query = new URLSearchParams(queryString);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "search")) {
    const kinds = (query.get("kinds") ?? "").split(",").filter(Boolean);
    return { view: "search", query: query.get("q") ?? "", kinds };
  }
  if (parts[0] === "entity" && parts.length === 2) {
    return { view: "entity", id: parts[1], depth: bounded(query.get("depth"), 1, 3, 1),
             limit: bounded(query.get("limit"), 1, 5000, 500) };
  }
  if ((parts[0] === "scope" || parts[0] === "whatif") && parts.length === 3 &&
      SCOPES.includes(parts[1])) {
    return { view: parts[0], kind: parts[1] as ScopeKind, id: parts[2] };
  }
  if (parts[0] === "plan" && parts.length <= 2) {
    return { view: "plan", region: parts[1] ?? null };
  }
  return { view: "notfound", path: `/${parts.join("/")}` };
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.view) {
    case "search": {
      const params = new URLSearchParams();
      if (route.query) params.set("q", route.query);
      if (route.kinds.length) params.set("kinds", route.kinds.join(","));
      const text = params.toString();
      return text ? `#/search?${text}` : "#/";
    }
    case "entity": {
      const extra = route.depth !== 1 || route.limit !== 500
        ? `?depth=${route.depth}&limit=${route.limit}` : "";
      return `#/entity/${e(route.id)}${extra}`;
    }
    case "scope": return `#/scope/${route.kind}/${e(route.id)}`;
    case "whatif": return `#/whatif/${route.kind}/${e(route.id)}`;
    case "plan": return route.region ? `#/plan/${e(route.region)}` : "#/plan";
    case "notfound": return `#${route.path}`;
  }
}

/** The scope kind of an entity kind, for parks, clusters and regions. */
export function scopeKindOf(kind: string): ScopeKind | null {
  const lower = kind.toLowerCase();
  return SCOPES.includes(lower) ? (lower as ScopeKind) : null;
}
