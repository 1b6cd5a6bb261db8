// The Neo4j GraphQL Library serving stsgraph's graph (typeDefs.graphql) with Apollo Server,
// the peer of benchmarks/api.py.
//
//   node server.mjs [--port 4089] [--uri bolt://127.0.0.1:7689]
//
// Environment: PORT, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (flags win). The local Neo4j of
// the benchmarks runs without auth; the credentials are sent and ignored there.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { GraphQLScalarType, Kind } from "graphql";
import neo4j from "neo4j-driver";

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
    options: {
        port: { type: "string", default: process.env.PORT ?? "4089" },
        uri: { type: "string", default: process.env.NEO4J_URI ?? "bolt://127.0.0.1:7689" },
        host: { type: "string", default: "127.0.0.1" },
    },
});

// Plain JSON from driver values: Integers become numbers, temporal values ISO strings.
function plain(value) {
    if (value === null || value === undefined) return null;
    if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === "object") {
        if (typeof value.toString === "function" && value.constructor !== Object) {
            return value.toString(); // DateTime, Date, Duration, Point...
        }
        const out = {};
        for (const [k, v] of Object.entries(value)) out[k] = plain(v);
        return out;
    }
    return value;
}

const JSONScalar = new GraphQLScalarType({
    name: "JSON",
    description: "Any JSON value (relationship and node property maps).",
    serialize: plain,
    parseValue: (value) => value,
    parseLiteral(ast) {
        if (ast.kind === Kind.STRING) return ast.value;
        throw new TypeError("JSON literals are not supported; use variables");
    },
});

const typeDefs = readFileSync(join(here, "typeDefs.graphql"), "utf8");
const driver = neo4j.driver(
    args.uri,
    neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? "bench"),
);
const neoSchema = new Neo4jGraphQL({ typeDefs, driver, resolvers: { JSON: JSONScalar } });
const schema = await neoSchema.getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
    listen: { port: Number(args.port), host: args.host },
});
console.log(`@neo4j/graphql ready at ${url}`);

async function shutdown() {
    await server.stop();
    await driver.close();
    process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
