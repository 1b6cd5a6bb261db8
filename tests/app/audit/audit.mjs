// Run the graphql-http server audits (GraphQL-over-HTTP spec) against a running server.
//   node audit.mjs http://127.0.0.1:8000/graphql
// Prints one JSON line: {"total", "ok", "notice", "warn", "error", "failures": [...]}.
// Exits 1 when any audit is an error (failed MUST) or a warning (failed SHOULD).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { total: results.length, ok: 0, notice: 0, warn: 0, error: 0 };
const failures = [];
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    let body = '';
    try {
      body = await result.response.text();
    } catch {
      body = '<body already read>';
    }
    failures.push({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.reason,
      httpStatus: result.response.status,
      contentType: result.response.headers.get('content-type'),
      body: body.slice(0, 500),
    });
  }
}
console.log(JSON.stringify({ ...counts, failures }));
process.exit(counts.error || counts.warn ? 1 : 0);
