// A small HTTP load generator for GraphQL endpoints (no dependencies beyond Node itself).
//
//   node loadgen.mjs --url http://127.0.0.1:8089/graphql --body body.json \
//        [--concurrency 8] [--requests 500 | --duration 10] [--warmup 20]
//
// `--body` is a file holding the JSON request body (or `-` for stdin, or `--body-json` for
// the text itself). C clients, each with its own keep-alive connection, POST it back to
// back: until N requests have completed in all, or for D seconds. Prints one JSON object:
// {"latencies_ms": [...], "errors": n, "requests": n, "elapsed_s": s, "rps": r,
//  "first_error": "..."} where an error is a non-200 status, a transport error or a body
// with a top-level `errors` member.
import { readFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
    options: {
        url: { type: "string" },
        body: { type: "string" },
        "body-json": { type: "string" },
        concurrency: { type: "string", default: "1" },
        requests: { type: "string" },
        duration: { type: "string" },
        warmup: { type: "string", default: "0" },
    },
});
if (!args.url || (!args.body && !args["body-json"]) || (!args.requests && !args.duration)) {
    console.error("usage: loadgen.mjs --url URL --body FILE|- [--concurrency C] " +
                  "(--requests N | --duration S) [--warmup W]");
    process.exit(2);
}

const url = new URL(args.url);
const body = Buffer.from(args["body-json"] ??
    readFileSync(args.body === "-" ? 0 : args.body, "utf8"));
const concurrency = Number(args.concurrency);
const maxRequests = args.requests ? Number(args.requests) : Infinity;
const durationMs = args.duration ? Number(args.duration) * 1000 : Infinity;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency,
                               maxFreeSockets: concurrency });
const options = {
    method: "POST",
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    agent,
    headers: {
        "content-type": "application/json",
        accept: "application/json",
        "content-length": body.length,
    },
};

// One request: resolves to null when it succeeded, else a short reason.
function post() {
    return new Promise((resolve) => {
        const req = http.request(options, (res) => {
            const chunks = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () => {
                if (res.statusCode !== 200) {
                    resolve(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`);
                    return;
                }
                let parsed;
                try {
                    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
                } catch {
                    resolve("response body is not JSON");
                    return;
                }
                resolve(parsed.errors ? JSON.stringify(parsed.errors).slice(0, 300) : null);
            });
            res.on("error", (e) => resolve(String(e)));
        });
        req.on("error", (e) => resolve(String(e)));
        req.end(body);
    });
}

for (let i = 0; i < Number(args.warmup); i++) await post();

const latencies = [];
let errors = 0;
let firstError = null;
let started = 0;
const begin = performance.now();
const deadline = begin + durationMs;

async function client() {
    while (started < maxRequests && performance.now() < deadline) {
        started++;
        const t0 = performance.now();
        const error = await post();
        latencies.push(performance.now() - t0);
        if (error !== null) {
            errors++;
            firstError ??= error;
        }
    }
}

await Promise.all(Array.from({ length: concurrency }, client));
const elapsed = (performance.now() - begin) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({
    latencies_ms: latencies,
    errors,
    requests: latencies.length,
    elapsed_s: elapsed,
    rps: latencies.length / elapsed,
    first_error: firstError,
}) + "\n");
