// What every view gets: the API, what the server supports, the as-of year, navigation.
import type { Capabilities } from "./api/capabilities";
import type { GraphQLClient, RequestTiming } from "./api/client";
import type { Route } from "./router";

export interface AppContext {
  api: GraphQLClient;
  caps: Capabilities;
  /** The as-of year of the time slider, null for the present. */
  asOf: number | null;
  /** A GraphQL request, retried with the banner while the API is down. */
  run<T>(query: string, variables?: Record<string, unknown>, timing?: RequestTiming): Promise<T>;
  navigate(route: Route): void;
}

export interface EntityName {
  id: string;
  name: string;
  nameZh: string | null;
}

export const NAMES_QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { id name nameZh } } }`;

/** Chinese and English names of entities the analyses name only in English. */
export async function fetchNames(ctx: AppContext, ids: Iterable<string>):
    Promise<Map<string, EntityName>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, EntityName>();
  if (unique.length === 0) return names;
  const data = await ctx.run<{ nodes: Array<EntityName | null> }>(NAMES_QUERY, { ids: unique });
  for (const node of data.nodes) if (node) names.set(node.id, node);
  return names;
}
